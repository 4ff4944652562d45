"""The Decisions request (POST /v1/decisions), as marshmallow schemas, from the SDK's types (openai 3.60).

No recording of the endpoint was found: the fields, their types and limits are the SDK's (`input` text or items of
the Responses API's kinds; 1 to 400 questions, each a predicate, a choice of 2 to 255 unique, typed values, or a
score over 2 to 10 ordered levels; `safety_identifier` and `prompt_cache_key` of at most 64 characters, as the
Responses API's), worded as the newer endpoints word their refusals. Two refusals were quoted by a client tested
against the live API in October 2026: `Question names must be unique within the request.` (param the later
question's name) and `Decision input exceeds the token limit.` (param input).
"""
from marshmallow import ValidationError, validates_schema

from ..validation import load
from . import fields as f
from .fields import Problem

MAX_QUESTIONS = 400
CHOICES = (2, 255)
LEVELS = (2, 10)
MAX_INPUT_ITEMS = 131_072
MAX_INPUT_CHARACTERS = 10_485_760
MAX_IDENTIFIER = 64  # safety_identifier's and prompt_cache_key's, as the Responses API's
# The kinds of item an input array holds, and the roles of its messages (the SDK's union).
ITEM_TYPES = ("message", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output")
ROLES = ("user", "developer", "system", "assistant")


class ChoiceOption(f.Body):
    value = f.Strict(required=True, types=(str, bool), expected="one of a string or boolean")
    description = f.String()


class Level(f.Body):
    label = f.String(required=True)
    description = f.String()


def _count_problem(named, low, high, count):
    """The refusal of an array of count items outside low..high, in the API's array words: an empty one as empty,
    whatever the minimum (recorded of `choices`, October 2026)."""
    if count == 0:
        return Problem(f"Invalid '{{param}}': empty array. Expected an array with minimum length {low}, but got an "
                       "empty array instead.", code="empty_array")
    if count < low:
        return Problem(f"Invalid '{{param}}': array too short. Expected an array with minimum length {low}, but got "
                       f"an array with length {count} instead.", code="array_below_min_length")
    return Problem(f"Invalid '{{param}}': array too long. Expected an array with maximum length {high}, but got an "
                   f"array with length {count} instead.", code="array_above_max_length")


class Question(f.Body):
    """One question: its type's own field (choices, levels) required, in its limits, its values unique."""

    type = f.Enum(("predicate", "choice", "score"), required=True)
    instructions = f.Strict(required=True, types=(str, list), expected="one of a string or array of objects")
    name = f.String()
    choices = f.Array(f.NestedObject(ChoiceOption), allow_empty=True)
    levels = f.Array(f.NestedObject(Level), allow_empty=True)

    @validates_schema
    def check_kind(self, data, **kwargs):
        kind = data.get("type")
        for field, owner in (("choices", "choice"), ("levels", "score")):
            if kind == owner and field not in data:
                raise ValidationError({field: ["Missing data for required field."]})
            if kind != owner and field in data:
                raise ValidationError({field: [f.unknown_parameter()]})
        if kind == "choice":
            values = [(type(option["value"]), option["value"]) for option in data["choices"]]
            if not CHOICES[0] <= len(values) <= CHOICES[1]:
                raise ValidationError({"choices": [_count_problem("choices", *CHOICES, len(values))]})
            if len(set(values)) < len(values):  # "true" and true are two values (the SDK's docstring)
                raise ValidationError({"choices": [Problem("Each choice must be unique.", param=f.AT_PATH)]})
        if kind == "score" and not LEVELS[0] <= len(data["levels"]) <= LEVELS[1]:
            raise ValidationError({"levels": [_count_problem("levels", *LEVELS, len(data["levels"]))]})


def _quoted(value):
    """A type or role as the refusal quotes it: a string as sent, any other value as an empty one (not Python's
    'None' or 'True'), as the Responses API's refusals of an item's type or role quote it (captured)."""
    return f.literal(value) if isinstance(value, str) else ""


class InputItem(f.Object):
    """An item of an input array: a message of a known role, or a call or its output (their own fields are not
    checked: the API's wording of each is not known)."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        kind = value.get("type", "message")
        if kind not in ITEM_TYPES:
            raise ValidationError({"type": [Problem(f"Invalid value: '{_quoted(kind)}'. Supported values are: "
                                                    f"{f.supported_values(ITEM_TYPES)}.", code="invalid_value")]})
        if kind == "message":
            if "role" not in value:
                raise ValidationError({"role": ["Missing data for required field."]})
            if value["role"] not in ROLES:
                raise ValidationError({"role": [Problem(f"Invalid value: '{_quoted(value['role'])}'. Supported "
                                                        f"values are: {f.supported_values(ROLES)}.",
                                                        code="invalid_value")]})
            if "content" not in value:
                raise ValidationError({"content": ["Missing data for required field."]})
            if not isinstance(value["content"], (str, list)):
                raise ValidationError({"content": [f.invalid_type("one of a string or array of objects",
                                                                  value["content"])]})
        return value


class DecisionInput(f.Strict):
    """Text, or an array of items (at most 131,072; text at most 10,485,760 characters: the SDK's reference)."""

    types = (str, list)
    expected = "one of a string or array of objects"

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, str):
            f.check_length(value, "a string", False, MAX_INPUT_CHARACTERS)
            return value
        return f.Array(InputItem(), max_length=MAX_INPUT_ITEMS).deserialize(value, attr, data)


class PromptCacheOptions(f.Body):
    mode = f.OneOf(("implicit", "explicit"), allow_none=True)
    ttl = f.OneOf(("30m",))


class DecisionRequest(f.Body):
    """POST /v1/decisions."""

    model = f.String(required=True)
    input = DecisionInput(required=True)
    questions = f.Array(f.NestedObject(Question), max_length=MAX_QUESTIONS, required=True)
    safety_identifier = f.String(max_length=MAX_IDENTIFIER, allow_none=True)
    prompt_cache_key = f.String(max_length=MAX_IDENTIFIER, allow_none=True)
    prompt_cache_options = f.NestedObject(PromptCacheOptions, allow_none=True)

    @validates_schema
    def unique_names(self, data, **kwargs):
        """Refuse a question named as an earlier one, at the later one (quoted, October 2026)."""
        seen = set()
        for index, question in enumerate(data.get("questions") or ()):
            name = question.get("name")
            if name is not None and name in seen:
                raise ValidationError({"questions": {index: {"name": [Problem(
                    "Question names must be unique within the request.", param=f.AT_PATH)]}}})
            seen.add(name)


decision_request = DecisionRequest()


def load_decision_request(body):
    """Load a decisions request body, raising the one OpenAI error of an invalid request."""
    return load(decision_request, body)
