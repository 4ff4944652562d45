"""The chat completion request, as marshmallow schemas.

Fields are declared in the order the real API checks them: when a request has several type or
range problems, the first field here that fails is the one reported. Checks that need other
fields or the model's capabilities come after, in fauxpen/rules.py.
"""
import functools
from contextvars import ContextVar

from marshmallow import EXCLUDE, Schema, ValidationError, missing as absent, pre_load, validates_schema

from .. import uploaded
from ..errors import InvalidRequestError
from ..tokens import (count_choice_tokens, count_format_tokens, count_model_function_tokens, count_model_prompt_tokens,
                      count_text_prompt_tokens)
from ..tooluse import definitions, function_choice
from ..validation import first_error
from . import fields as f
from .fields import Problem, literal
from .messages import Messages, StrictMessages, check_part, missing
from .realtime import AnyVoice
from .tools import (FunctionCall, Functions, Nested, ResponseFormat, ResponseFormatObject, ToolChoice, Tools,
                    check_regexes)
from .tools import Enum as TypedEnum

# The processing tiers chat takes (the SDK's types); the answer names the one that served (completion.served_tier).
SERVICE_TIERS = ("auto", "default", "flex", "scale", "priority", "fast")


def reject_unknown_keys(schema, data, prefix):
    """Refuse keys a nested object does not define, as `Unknown parameter: 'prefix.key'.`."""
    if isinstance(data, dict):
        for key in data:
            if key not in schema.fields:
                raise ValidationError({key: [Problem(f"Unknown parameter: '{prefix}.{literal(key)}'.",
                                                     code="unknown_parameter")]})
    return data


class StreamOptions(Schema):
    class Meta:
        unknown = EXCLUDE

    include_usage = f.Boolean(allow_none=True)
    include_obfuscation = f.Boolean(allow_none=True)

    @pre_load
    def known_keys(self, data, **kwargs):
        return reject_unknown_keys(self, data, "stream_options")


class ApproximateLocation(f.Body):
    """Where a search's user is, approximately (the SDK's types for web_search_options)."""

    city = f.String(allow_none=True)
    country = f.String(allow_none=True)
    region = f.String(allow_none=True)
    timezone = f.String(allow_none=True)


class SearchUserLocation(f.Body):
    """web_search_options.user_location: both keys required, as the SDK types them (a request of pydantic-ai's
    cassettes, May 2025, sent both; what the API says to one missing is not recorded)."""

    approximate = f.NestedObject(ApproximateLocation, required=True)
    type = f.Enum(["approximate"], required=True)


class WebSearchOptions(f.Body):
    """What chat's search models take of a search (the SDK's types): how much of the pages to read, and where the
    user is. Recorded taken on gpt-4o-search-preview: `{}` (openai-dotnet, 2025-2026), a low context and a medium
    one with a location (pydantic-ai, 2025); the refusals of bad values are not recorded, worded as fauxpen words
    its other enums and objects."""

    search_context_size = f.Enum(["low", "medium", "high"], allow_none=True)
    user_location = f.NestedObject(SearchUserLocation, allow_none=True)


class SidePolicy(f.Body):
    """What a moderation does on one side: score it, or block what is flagged (the SDK's types)."""

    mode = f.Enum(["score", "block"], required=True)


class ModerationPolicy(f.Body):
    input = f.NestedObject(SidePolicy, allow_none=True)
    output = f.NestedObject(SidePolicy, allow_none=True)


class Moderation(f.Body):
    """Moderating a request's input and its answer (chat and Responses, 2026): the moderation model, and a policy per
    side."""

    model = f.String(required=True)
    policy = f.NestedObject(ModerationPolicy, allow_none=True)


class PromptCacheOptions(f.Body):
    """How a chat prompt is cached (gpt-5.6 and later, the SDK's chat types: no prewarm, one lifetime)."""

    mode = f.Enum(["implicit", "explicit"], allow_none=True)
    ttl = f.Enum(["30m"], allow_none=True)


class Audio(Schema):
    class Meta:
        unknown = EXCLUDE

    voice = AnyVoice(required=True)  # a name, or a custom voice (the SDK's types)
    format = f.Enum(["mp3", "opus", "aac", "flac", "wav", "pcm16"], required=True)

    @pre_load
    def known_keys(self, data, **kwargs):
        return reject_unknown_keys(self, data, "audio")


class PredictedContent(f.Strict):
    """A prediction's content: text, or text parts (the SDK's types), each checked as a developer message's are."""

    expected = "one of a string or array of objects"
    types = (str, list)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        for index, part in enumerate(value if isinstance(value, list) else ()):
            errors = check_part(part, "developer")
            if errors:
                raise ValidationError({index: errors})
        return value


class Prediction(Schema):
    class Meta:
        unknown = EXCLUDE

    type = f.Enum(["content"], required=True)
    content = PredictedContent(required=True)

    @validates_schema(pass_original=True)
    def known_keys(self, data, original_data, **kwargs):
        """Refuse a key a prediction does not define, as the API refuses one in its other objects (`Unknown
        parameter: 'stream_options.bogus'.`): once type and content are valid, as a tool's object is checked (the
        order a guess here)."""
        reject_unknown_keys(self, original_data, "prediction")


class Metadata(f.Object):
    """Up to 16 string values under keys of up to 64 characters, values of up to 512."""

    expected = "a metadata object"

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if len(value) > 16:
            raise ValidationError(Problem(
                "Invalid '{param}': too many properties. Expected an object with at most 16 properties, but got "
                f"an object with {len(value)} properties instead.", code="object_above_max_properties"))
        for key, item in value.items():
            if len(key) > 64:
                raise ValidationError({key: [Problem(
                    f"Invalid property name in 'metadata': '{literal(key[:3])}...{literal(key[-3:])}' is too long. "
                    f"Expected a string with maximum length 64, but got a string with length {len(key)} instead.",
                    code="property_name_above_max_length")]})
            if not isinstance(item, str):
                raise ValidationError({key: [f.invalid_type("a string", item)]})
            if len(item) > 512:
                raise ValidationError({key: [Problem(
                    "Invalid '{param}': string too long. Expected a string with maximum length 512, but got a "
                    f"string with length {len(item)} instead.", code="string_above_max_length")]})
        return value


class Stop(f.Strict):
    """A stop sequence, or an array of up to 4."""

    expected = "one of a string or array of strings"
    types = (str, list)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    raise ValidationError({index: [f.invalid_type("a string", item)]})
            if len(value) > 4:
                raise ValidationError(Problem(
                    "Invalid '{param}': array too long. Expected an array with maximum length 4, but got an array "
                    f"with length {len(value)} instead.", code="array_above_max_length"))
        return value


# The model a request is being loaded for: some fields' checks depend on what it supports.
current_model = ContextVar("current_model", default=None)


class Modalities(f.Strict):
    """Output modalities: text, or text and audio when the model can speak."""

    expected = "an array of strings"
    types = (list,)
    choice = f.Enum(["text", "audio"])

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        for index, item in enumerate(value):
            try:
                self.choice.deserialize(item)
            except ValidationError as exc:
                raise ValidationError({index: exc.messages}) from None
        if value and "text" not in value:
            raise ValidationError(Problem("Invalid value for 'modalities'. Only ['text'] and ['text', 'audio'] are "
                                          "supported.", code="invalid_value"))
        model = current_model.get()
        if "audio" in value and model is not None and not model.supports("audio_output"):
            raise ValidationError(Problem("The selected model does not support audio modality.",
                                          code="invalid_value"))
        return value


class ChatCompletionRequest(Schema):
    """POST /v1/chat/completions."""

    class Meta:
        unknown = EXCLUDE

    messages = Messages(required=True)
    model = f.String(required=True)
    stop = Stop(allow_none=True)
    modalities = Modalities(allow_none=True)
    reasoning_effort = f.Strict(allow_none=True, expected="a string")
    max_completion_tokens = f.Integer(minimum=1, allow_none=True)
    frequency_penalty = f.Decimal(minimum=-2, maximum=2, allow_none=True)
    presence_penalty = f.Decimal(minimum=-2, maximum=2, allow_none=True)
    top_logprobs = f.Integer(minimum=0, allow_none=True)
    response_format = ResponseFormat(allow_none=True)
    audio = f.NestedObject(Audio, allow_none=True)
    stream = f.Boolean(allow_none=True)
    logit_bias = f.Object(allow_none=True)
    logprobs = f.Boolean(allow_none=True)
    max_tokens = f.Integer(minimum=1, allow_none=True)
    n = f.Integer(minimum=1, maximum=128, allow_none=True)
    prediction = f.NestedObject(Prediction, allow_none=True)
    seed = f.Integer(**f.SEED_BOUNDS, allow_none=True)
    stream_options = f.NestedObject(StreamOptions, allow_none=True)
    store = f.Boolean(allow_none=True)
    tools = Tools(allow_none=True)
    tool_choice = ToolChoice(allow_none=True)
    parallel_tool_calls = f.Boolean(allow_none=True)
    function_call = FunctionCall(allow_none=True)
    functions = Functions(allow_none=True)
    metadata = Metadata(allow_none=True)
    temperature = f.Decimal(minimum=0, maximum=2, allow_none=True)
    top_p = f.Decimal(minimum=0, maximum=1, allow_none=True)
    user = f.String(max_length=64, allow_none=True)  # reported (2026)
    # The tiers the SDK types are taken (flex, scale, priority and its alias fast came after the recordings); a
    # refusal lists the two recorded.
    service_tier = f.Enum(SERVICE_TIERS, listed=["auto", "default"], allow_none=True)
    # Newer than the recordings (documented since August 2025): taken, and verbosity checked against the model.
    verbosity = f.Enum(["low", "medium", "high"], allow_none=True)
    safety_identifier = f.String(allow_none=True)
    prompt_cache_key = f.String(max_length=64, allow_none=True)  # quoted (2026)
    # Written in_memory: 'in-memory' (the SDK's type until 2026) is refused, listing in_memory (reported).
    prompt_cache_retention = f.Enum(["in_memory", "24h"], allow_none=True)
    # Newer still (recorded July 2026; the SDK's types): a moderation of the request and its answer, and how the
    # prompt is cached (gpt-5.6 on).
    moderation = f.NestedObject(Moderation, allow_none=True)
    prompt_cache_options = f.NestedObject(PromptCacheOptions, allow_none=True)
    # The search models' (gpt-4o-search-preview and the like); the others refuse it (rules.web_search_options).
    web_search_options = f.NestedObject(WebSearchOptions, allow_none=True)

    @pre_load
    def reject_unknown(self, data, **kwargs):
        """Refuse arguments the API does not know on the reasoning models (o-series, GPT-5 to 5.5), in the newer
        words, web_search_options among them (`Unknown parameter: 'reasoning'.` on o4-mini, gpt-5-mini and gpt-5.1,
        2025; `'web_search_options'` on o3-mini and gpt-5.4, 2025-2026; param and code unknown_parameter). The
        others refuse them later, together, in the older words (rules.unrecognized_arguments)."""
        model = current_model.get()
        if model is not None and model.supports("reasoning") and isinstance(data, dict):
            return f.reject_unknown_parameters(self, data, known=REASONING_FIELDS)
        return data


chat_request = ChatCompletionRequest()
REASONING_FIELDS = frozenset(chat_request.declared_fields) - {"web_search_options"}


# --- The GPT-5.6 family's chat request ---------------------------------------------------------------------------
# A third party's captures of the live API on gpt-5.6-terra (August and September 2026; its content rule also on
# gpt-5.5 and gpt-5.6-sol) show a schema of its own: unknown parameters in the newer words, with the nearest names
# (`Unknown parameter: 'stor'. Did you mean 'stop' or 'store'?`); audio, modalities and web_search_options
# unknown; stop, max_tokens, logit_bias and prediction refused whatever their value, each where the schema reaches
# it; other type names (`an array of objects`, `a decimal number`); and the fields checked in the order below,
# read off requests with two faults at once. Models with the capability `strict_chat` load it.

class Unsupported(f.Strict):
    """A parameter the model refuses whatever its value (a null is as if it were not sent)."""

    def __init__(self, hint="", **kwargs):
        super().__init__(allow_none=True, **kwargs)
        self.hint = hint

    def _deserialize(self, value, attr, data, **kwargs):
        raise ValidationError(Problem("Unsupported parameter: '{param}' is not supported with this model." + self.hint,
                                      code="unsupported_parameter"))


class CacheRetention(f.OneOf):
    """prompt_cache_retention, on models that cache a prompt only for 24 hours: in_memory is refused, and a value
    out of the two in chat's own terse words."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and value not in self.choices:
            raise ValidationError(Problem("Invalid prompt_cache_retention argument", code=None))
        value = super()._deserialize(value, attr, data, **kwargs)
        if value != "24h":
            raise ValidationError(Problem("This model is compatible only with 24h extended prompt caching",
                                          code=None))
        return value


class StrictToolChoice(ToolChoice):
    """tool_choice, whose object needs its function whatever its type says (a type of none of the kinds is
    refused for the function it lacks, measured on gpt-5.6-terra, August 2026)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict) and "function" not in value and value.get("type") not in self.schema.kinds:
            raise ValidationError({"function": [missing()]})
        return super()._deserialize(value, attr, data, **kwargs)


class StrictResponseFormatObject(ResponseFormatObject):
    type = TypedEnum(list(ResponseFormatObject.kinds), listed=sorted(ResponseFormatObject.kinds), required=True)


STRICT_FIELDS = {
    "messages": StrictMessages(required=True),
    "functions": Functions(allow_none=True, expected="an array of function definitions"),
    "function_call": FunctionCall(allow_none=True),
    "tools": Tools(allow_none=True, expected="an array of objects"),
    "tool_choice": StrictToolChoice(allow_none=True,
                                    expected="one of one of 'none', 'auto', or 'required' or object"),
    "parallel_tool_calls": f.Boolean(allow_none=True),
    "max_completion_tokens": f.Integer(minimum=1, allow_none=True),
    "max_tokens": Unsupported(" Use 'max_completion_tokens' instead."),
    "n": f.Integer(minimum=1, maximum=128, allow_none=True),
    "temperature": f.Decimal(minimum=0, maximum=2, allow_none=True),
    "top_p": f.Decimal(minimum=0, maximum=1, allow_none=True),
    "presence_penalty": f.Decimal(minimum=-2, maximum=2, allow_none=True),
    "frequency_penalty": f.Decimal(minimum=-2, maximum=2, allow_none=True),
    "logit_bias": Unsupported(),
    "logprobs": f.Boolean(allow_none=True),
    "stop": Unsupported(),
    "top_logprobs": f.Integer(minimum=0, allow_none=True),
    "response_format": Nested(StrictResponseFormatObject(), allow_none=True),
    "user": f.String(max_length=64, allow_none=True),
    "seed": f.Integer(**f.SEED_BOUNDS, allow_none=True),
    "safety_identifier": f.String(allow_none=True),
    "prompt_cache_options": f.NestedObject(PromptCacheOptions, allow_none=True),
    "prompt_cache_key": f.String(max_length=64, allow_none=True),
    "prompt_cache_retention": CacheRetention(["in_memory", "24h"], allow_none=True),
    "service_tier": f.OneOf(["auto", "default", "fast", "flex", "priority"], allow_none=True),
    "stream": f.Boolean(allow_none=True),
    "stream_options": f.NestedObject(StreamOptions, allow_none=True),
    "store": f.Boolean(allow_none=True),
    "metadata": Metadata(allow_none=True),
    "prediction": Unsupported(),
    "moderation": f.NestedObject(Moderation, allow_none=True),
    "reasoning_effort": f.Strict(allow_none=True),  # any value: the rule refuses one out of the model's efforts
    "verbosity": f.Enum(["low", "medium", "high"], allow_none=True),
}

# How the family's refusals name a JSON number that is not an integer.
STRICT_TYPE_NAMES = {**f.TYPE_NAMES, "number": "a decimal number"}


class StrictChatBody(Schema):
    class Meta:
        unknown = EXCLUDE

    type_names = STRICT_TYPE_NAMES

    @pre_load
    def reject_unknown(self, data, **kwargs):
        """Refuse a body without messages, then parameters the family does not know, naming the nearest known ones
        the body does not send."""
        if isinstance(data, dict) and "messages" not in data:
            raise ValidationError({"messages": [missing()]})
        return f.reject_unknown_parameters(self, data, allowed=("model",), suggest=True, known=STRICT_FIELDS)


StrictChatRequest = StrictChatBody.from_dict(STRICT_FIELDS, name="StrictChatRequest")
strict_chat_request = StrictChatRequest()


@functools.lru_cache(maxsize=32)
def schema_for(keys, strict=False):
    """Return a ChatCompletionRequest that loads only the fields named in keys and the required ones, but model.

    marshmallow visits every declared field on every load, present or not; a request names a handful of the
    thirty. Fields keep their declared order, so the first failing field is the same as with the full schema.
    `model` is left to the view, which checked it before the schema (with the gateway's wording) to know
    the model. Clients send few distinct sets of keys: the schemas are kept.
    """
    full = strict_chat_request if strict else chat_request
    return type(full)(only=tuple(name for name, field in full.declared_fields.items()
                                 if name != "model" and (name in keys or field.required)))


class ChatRequest(dict):
    """A valid chat request's parameters, and its prompt's tokens: counted once, for the rules and the answer.

    prompt_tokens counts the messages and the function definitions (function_tokens of them) together.
    """

    prompt_tokens = 0
    function_tokens = 0
    one_call_a_turn = False  # the model makes one function call a turn (reasoning models), whatever the request
    # The model writes a call's arguments a key a line, indented by two (`{\n  "modelId": 0\n}`): gpt-4-0613 in chat,
    # as prism-php's stream of June 2025 records it (the same model wrote `{"modelId": 0}` in the Responses API).
    indented_arguments = False
    compact_together = False  # calls made together keep their arguments compact (the Responses API's, recorded)
    strict = False  # the request of a model of the GPT-5.6 family (strict_chat), checked in the words measured there
    unrecognized = ()  # the arguments the schema does not know, where the rules refuse them (unrecognized_arguments)
    # Every message's content a string (text_contents): no part to look at, for a picture, a file or sound.
    text_only = False
    loaded = {}  # a Responses request's: the functions a client's tool search loaded ({name: function tool})
    program = None  # a Responses request's: the program its items leave running (programs.running)
    listed = frozenset()  # a Responses request's: the MCP servers its items have listed the tools of
    preamble = 0  # a Responses request's: the tokens of instructions the API adds to its prompt (pro mode's)
    own_tokens = 0  # a Responses request's: its prompt's tokens before any built-in tool's instructions


def plain_messages(full, body):
    """Return the messages of a body of a model and messages alone that each pass their checks, as loading it with
    full (the model's schema) returns them; None for any other body, which the schema loads.

    Such a body passes the schema's own checks of its keys (both known, neither a search model's incompatible
    one), and loading it comes to the messages field's checks: marshmallow's fixed cost of a load was a third of
    what validating a plain request cost.
    """
    messages = body.get("messages")
    if len(body) != 2 or "model" not in body or messages.__class__ is not list or not messages:
        return None
    check = full.fields["messages"].check_message
    for message in messages:
        if check(message):
            return None
    return messages


def load_fields(schema, body):
    """Load body with a chat request schema as schema.load does, raising the one OpenAI error of an invalid request.

    A chat schema's load is its pre_load (reject_unknown), then each field's deserialize in declared order, every
    field's errors gathered under its name: what this does. marshmallow's load also paid for what these schemas
    never use (an error store copying and merging each field's errors, a closure a field, the partial and unknown
    options, looking up field and schema validators and post_load hooks): 60,000 instructions of the 90,000 a
    body of messages and temperature took to load, as much again for one refused. tests/test_schema_subset.py
    holds both schemas to having that one hook, and this to answering as schema.load does.
    """
    try:
        data = schema.reject_unknown(body)
    except ValidationError as exc:
        raise first_error(exc.normalized_messages()) from None
    loaded, errors = {}, None
    for name, field in schema.load_fields.items():
        try:
            value = field.deserialize(data.get(name, absent), name, data)
        except ValidationError as exc:
            if errors is None:
                errors = {}
            errors[name] = exc.messages
            continue
        if value is not absent:
            loaded[name] = value
    if errors:
        raise first_error(errors)
    return loaded


def load_chat_request(model, body):
    """Load a chat request body for model into a ChatRequest, raising the one OpenAI error of an invalid request.

    model is the registry Model the view resolved from body["model"].
    """
    strict = model.supports("strict_chat")
    full = strict_chat_request if strict else chat_request
    subset = isinstance(body, dict)
    messages = plain_messages(full, body) if subset else None
    if messages is not None:
        req = ChatRequest(messages=messages)
    else:
        schema = schema_for(frozenset(body.keys() & full.declared_fields.keys()), strict) if subset else full
        token = current_model.set(model)
        try:
            req = ChatRequest(load_fields(schema, body))
        finally:
            current_model.reset(token)
    if subset:
        req["model"] = body["model"]  # the name the view resolved model from
        if messages is None and not strict and not model.supports("reasoning"):  # (those: in the schema)
            req.unrecognized = tuple(body.keys() - full.declared_fields.keys())  # (a plain body has none)
    req.text_only = text_contents(req["messages"])
    if not req.text_only:  # (a file part alone names an upload)
        check_uploaded_files(req["messages"])
    req.one_call_a_turn = model.supports("reasoning") and not model.supports("parallel_tool_calls")
    req.indented_arguments = model.supports("indented_arguments")
    req.strict = strict
    strict_schemas = [("tools", tool["function"].get("parameters")) for tool in req.get("tools") or ()
                      if tool.get("type") == "function" and tool["function"].get("strict") is True]
    fmt = req.get("response_format") or {}
    if fmt.get("type") == "json_schema" and (fmt.get("json_schema") or {}).get("strict") is True:
        strict_schemas.append(("response_format", fmt["json_schema"].get("schema")))
    check_regexes(strict_schemas)
    if "tools" in req or "functions" in req:
        req.function_tokens = count_model_function_tokens(definitions(req), model, req["messages"],
                                                          "chat_tools_framing") \
            + (0 if model.supports("reasoning") else count_choice_tokens(*function_choice(req)[1:]))
    counted = count_text_prompt_tokens if model.supports("bare_prompt") else count_model_prompt_tokens
    req.prompt_tokens = counted(req["messages"], model) + model.prompt_token_offset + req.function_tokens
    if "response_format" in req:
        flat = model.capabilities.get("chat_format_framing", FLAT_FORMAT_FRAMING)
        if ((req["response_format"] or {}).get("json_schema") or {}).get("strict") is not True:
            flat += NON_STRICT_FLAT_FORMAT_TOKENS
        req.prompt_tokens += count_format_tokens(req["response_format"], CHAT_FORMAT_FRAMING, flat)
    return req


def text_contents(messages):
    """Tell whether every message of a loaded request has a string for its content, so that no check of parts (a
    picture, a file, sound) need walk the messages again: most requests, where four such walks came to 17,000
    instructions of a plain request's 600,000 in process."""
    for message in messages:
        if message.get("content").__class__ is not str:
            return False
    return True


def check_uploaded_files(messages):
    """Refuse a file part naming by id a file uploaded to /v1/files that is not a PDF by its name, as recorded
    (openai-python issue 2472, July 2025, and google/adk-python's issue 4125, gpt-4o-mini, January 2026: a PDF
    uploaded under a name without an extension, `... but got unsupported MIME type 'None'.`, param `file_id`)."""
    for message in messages:
        for part in message.get("content") if isinstance(message.get("content"), list) else ():
            file = part.get("file") if isinstance(part, dict) and part.get("type") == "file" else None
            if not isinstance(file, dict) or file.get("file_data") is not None:
                continue
            found = uploaded.stored_file(file.get("file_id"))
            mime = uploaded.mime_type(found[0].get("filename")) if found else uploaded.PDF
            if mime != uploaded.PDF:
                raise InvalidRequestError("Invalid file data: 'file_id'. Expected a file with an application/pdf "
                                          f"MIME type, but got unsupported MIME type '{mime}'.", param="file_id",
                                          code="invalid_value")


CHAT_FORMAT_FRAMING = 8  # a json_schema format's cost beyond its schema (tokens.count_format_tokens)
FLAT_FORMAT_FRAMING = 4  # a flat one's (gpt-4o and -mini; gpt-5, -mini and -nano: 12, their chat_format_framing)
# And what a flat one costs more when it is not strict: three gpt-4.1 formats without `strict` (llmrb/llm's
# cassettes, July 2025) cost 8, 9 and 9 beyond their name and compact JSON with the real tokenizer, where the strict
# ones of the recordings cost 4.
NON_STRICT_FLAT_FORMAT_TOKENS = 4
