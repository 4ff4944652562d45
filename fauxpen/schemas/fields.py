"""Marshmallow fields that check JSON types strictly and word failures as OpenAI does."""
import base64
import re
import sys

from marshmallow import EXCLUDE, Schema, ValidationError, fields, missing, pre_load

from ..jsongen import json_type


# A Problem's param is, unless it says otherwise, the path of the field that failed.
AT_PATH = "<path>"


class Problem(str):
    """A validation failure in OpenAI's words.

    The message is a template: `{param}` is replaced by the failing field's path (e.g.
    `messages[1].content`) when the one error of a request is chosen (see validation.py); type, when given, is
    the error's type in place of invalid_request_error.

    The defaults are the class's: a Problem sets only what it says otherwise (most say a code alone), each
    attribute set on a string's instance costing what a Python call does.
    """

    code = None
    param = AT_PATH
    rank = 0
    type = None

    def __new__(cls, message, code=None, param=AT_PATH, rank=0, type=None):
        self = str.__new__(cls, message)
        if code is not None:
            self.code = code
        if param != AT_PATH:
            self.param = param
        if rank:
            self.rank = rank
        if type is not None:
            self.type = type
        return self


def literal(text):
    """Escape text a request sent for a Problem template, whose `{param}` is filled in with str.format."""
    return str(text).replace("{", "{{").replace("}", "}}")


# How type refusals name a JSON type; a schema may name them its own way with a `type_names` attribute (the
# image endpoints say `a decimal number`).
TYPE_NAMES = {"null": "null", "boolean": "a boolean", "integer": "an integer", "number": "a decimal",
              "string": "a string", "array": "an array", "object": "an object"}


def json_type_name(value, names=TYPE_NAMES):
    """Name a JSON value's type the way OpenAI's messages do ('a string', 'an integer', ...)."""
    return names[json_type(value)]


def invalid_type(expected, value, names=TYPE_NAMES):
    """Return the problem of a value of the wrong JSON type."""
    return Problem(f"Invalid type for '{{param}}': expected {expected}, but got {json_type_name(value, names)} "
                   "instead.", code="invalid_type")


def shown_value(value):
    """Print a value a request sent as the API's messages print it: true and false in JSON's words (`Unsupported
    value: 'stream' does not support true with this model.`, o1, reported by several clients in 2025), null so too
    (a guess by analogy), where Python prints True, False and None; anything else as Python prints it, as the API
    does (`does not support {'k': "a'b"}`, gpt-5.6-terra, captured in 2026; the float of `Logit bias value
    10000.0`, recorded)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def _number_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# What a Strict field may make of a null besides taking it (allow_none) or refusing it as a value of the wrong
# type (see Strict.make_error): as if the parameter were not sent.
LEFT_OUT = "left out"


class Strict(fields.Field):
    """A field that accepts JSON values of given Python types, None where allowed, and nothing else.

    A null is refused as a value of the wrong type (`expected a string, but got null instead`) unless allow_none
    takes it or error_messages word its refusal. null=LEFT_OUT: a null is as if the parameter were not sent (its
    load_default, if any).
    """

    expected = "a value"
    types = (object,)

    def __init__(self, *, expected=None, types=None, null=None, **kwargs):
        super().__init__(**kwargs)
        if expected:
            self.expected = expected
        if types:
            self.types = types
        self.null = null
        # A null where none is allowed is a value of the wrong type, as the API words it, not marshmallow's "Field
        # may not be null." (unless the field words it its own way).
        self.null_problem = None if "null" in kwargs.get("error_messages", ()) else invalid_type(self.expected, None)

    def make_error(self, key, **kwargs):
        if key == "null" and self.null_problem is not None:  # raised by marshmallow: most fields pay nothing for it
            return ValidationError(self.null_problem)
        return super().make_error(key, **kwargs)

    def _bind_to_schema(self, field_name, parent):
        super()._bind_to_schema(field_name, parent)
        # Only a field that leaves a null out pays for the null check: most fields load on every request.
        if self.null == LEFT_OUT:
            self.deserialize = self._deserialize_null

    def _deserialize_null(self, value, attr=None, data=None, **kwargs):
        return super().deserialize(missing if value is None else value, attr, data, **kwargs)

    def type_error(self, value):
        """The error of a value of the wrong type, its type named as the field's schema names it."""
        return ValidationError(invalid_type(self.expected, value, getattr(self.root, "type_names", TYPE_NAMES)))

    def _accepts(self, value):
        return isinstance(value, self.types) and not (isinstance(value, bool) and bool not in self.types)

    def _deserialize(self, value, attr, data, **kwargs):
        if not self._accepts(value):
            raise self.type_error(value)
        return value


def check_length(value, named, allow_empty, max_length):
    """Refuse an empty value where not allowed, or one longer than max_length (None: no limit), in OpenAI's
    words; named: what it is ("a string", "an array")."""
    kind = named.split()[-1]
    if not value and not allow_empty:
        raise ValidationError(Problem(
            f"Invalid '{{param}}': empty {kind}. Expected {named} with minimum length 1, but got an empty {kind} "
            "instead.", code=f"empty_{kind}"))
    if max_length is not None and len(value) > max_length:
        raise ValidationError(Problem(
            f"Invalid '{{param}}': {kind} too long. Expected {named} with maximum length {max_length}, but got "
            f"{named} with length {len(value)} instead.", code=f"{kind}_above_max_length"))


class String(Strict):
    """A string; allow_empty=False refuses "", and max_length a longer one."""

    expected = "a string"
    types = (str,)

    def __init__(self, *, allow_empty=True, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.allow_empty, self.max_length = allow_empty, max_length

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not self.allow_empty or self.max_length is not None:  # most strings have no limit: no call
            check_length(value, "a string", self.allow_empty, self.max_length)
        return value


class Boolean(Strict):
    expected = "a boolean"
    types = (bool,)


class Object(Strict):
    expected = "an object"
    types = (dict,)


class Bounded(Strict):
    """A number within optional bounds, worded as `Invalid 'x': integer below minimum value. ...`."""

    kind = "decimal"

    def __init__(self, *, minimum=None, maximum=None, **kwargs):
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if self.minimum is not None and value < self.minimum:
            self._out_of_range("below minimum", ">=", self.minimum, value, "below_min")
        if self.maximum is not None and value > self.maximum:
            self._out_of_range("above maximum", "<=", self.maximum, value, "above_max")
        return value

    def _out_of_range(self, words, sign, bound, value, code):
        # A decimal is echoed as it was sent: 99.0 as "99.0" (recorded, September 2026), 99 as "99".
        given = value if self.kind == "decimal" else _number_text(value)
        raise ValidationError(Problem(
            f"Invalid '{{param}}': {self.kind} {words} value. Expected a value {sign} {_number_text(bound)}, "
            f"but got {given} instead.", code=f"{self.kind}_{code}_value"))


class Integer(Bounded):
    """An integer (1.0 counts as 1)."""

    expected = "an integer"
    kind = "integer"
    types = (int,)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super()._deserialize(value, attr, data, **kwargs)


class FormInteger(Integer):
    """An integer sent as multipart form text: `2` reads as 2, and text that is not one is refused."""

    DIGITS = re.compile(r"-?[0-9]{1,18}")

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and self.DIGITS.fullmatch(value.strip()):
            value = int(value)
        elif isinstance(value, str):  # no "instead" (measured on the image edits)
            raise ValidationError(Problem(f"Invalid type for '{{param}}': expected {self.expected}, but got a string "
                                          "value that could not be converted into an integer.", code="invalid_type"))
        return super()._deserialize(value, attr, data, **kwargs)


class FormBoolean(Boolean):
    """A boolean sent as multipart form text: `true` or `false`, in any case; other text is a string."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        return super()._deserialize(value, attr, data, **kwargs)


class Decimal(Bounded):
    """A number, integer or decimal. A bound not given is a double's largest: an integer too large for a double
    (10**400) is out of range (a number written 1e400 does not reach a field: the body is not JSON the API reads)."""

    expected = "a decimal"
    types = (int, float)

    def __init__(self, *, minimum=-sys.float_info.max, maximum=sys.float_info.max, **kwargs):
        super().__init__(minimum=minimum, maximum=maximum, **kwargs)


def supported_values(values, conjunction="and"):
    """Word a list of allowed values as OpenAI does: 'a' and 'b' / 'a', 'b', and 'c' (or: 'a', 'b', or 'c')."""
    quoted = [f"'{v}'" for v in values]
    if len(quoted) <= 2:
        return f" {conjunction} ".join(quoted)
    return ", ".join(quoted[:-1]) + f", {conjunction} " + quoted[-1]


# A seed, in chat and legacy completions: a signed 64-bit integer (the reference's bounds).
SEED_BOUNDS = {"minimum": -2**63, "maximum": 2**63 - 1}


class Enum(String):
    """A string from a fixed set, with OpenAI's `Invalid value: 'x'. Supported values are: ...` wording."""

    def __init__(self, choices, listed=None, **kwargs):
        """listed: the values the refusal names, where the API takes more than it lists (default: choices)."""
        super().__init__(**kwargs)
        self.choices = tuple(choices)
        self.listed = supported_values(listed or self.choices)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value not in self.choices:
            raise ValidationError(Problem(
                f"Invalid value: '{literal(value)}'. Supported values are: {self.listed}.", code="invalid_value"))
        return value


class OneOf(Enum):
    """An Enum whose type refusal names its values: `expected one of 'low', 'medium', 'high', or 'auto'`."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, expected="one of " + supported_values(choices, "or"), **kwargs)


class NestedObject(Object):
    """An object loaded with a nested schema; its errors keep their paths (audio.format)."""

    def __init__(self, schema, **kwargs):
        super().__init__(**kwargs)
        self.schema = schema()

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        return self.schema.load(value)


class Array(Strict):
    """An array (non-empty unless allow_empty) whose items one field checks (each with its index as attr); returns
    the items as sent."""

    expected = "an array"
    types = (list,)

    def __init__(self, item, max_length=None, allow_empty=False, **kwargs):
        super().__init__(**kwargs)
        self.item = item
        self.max_length = max_length
        self.allow_empty = allow_empty

    def _bind_to_schema(self, field_name, parent):
        super()._bind_to_schema(field_name, parent)
        self.item._bind_to_schema(field_name, self)  # the items' type refusals are worded as this field's

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        check_length(value, "an array", self.allow_empty, self.max_length)
        errors = {}
        for index, item in enumerate(value):
            try:
                self.item.deserialize(item, index, value)
            except ValidationError as exc:
                errors[index] = exc.messages
        if errors:
            raise ValidationError(errors)
        return value


def arguments_supplied(names, kind="Unrecognized"):
    """The older stack's refusal of the request arguments names (more than none) it does not take, all of them at
    once in alphabetical order: `Unrecognized request argument supplied: messages`, several `Unrecognized request
    arguments supplied: chat_template_kwargs, reasoning_effort` (measured on gpt-4o-mini in September 2026;
    `tool_choice, tools` from Azure's older deployments, which share that stack); kind: `Model incompatible` for the
    search models' (rules.unrecognized_arguments)."""
    plural = "s" if len(names) > 1 else ""
    return f"{kind} request argument{plural} supplied: {', '.join(sorted(names))}"


def reject_unknown_arguments(schema, data):
    """Refuse a body's arguments schema does not declare, all of them together as the older stack words them
    (arguments_supplied), param and code null; return data.

    That the legacy endpoints (/v1/completions, a stored completion's update) list them all as chat does is a
    guess: their captures name one (`Unrecognized request argument supplied: messages`, the legacy endpoint's,
    recorded and reported since 2023), and the wording is chat's older stack's, whose several are listed together.
    """
    unknown = [key for key in data if key not in schema.declared_fields]
    if unknown:
        raise ValidationError({min(unknown): [Problem(literal(arguments_supplied(unknown)), param=None)]})
    return data


def reject_unknown_parameters(schema, data, allowed=(), hints=None, suggest=False, known=None):
    """Refuse a body's parameters schema does not declare (but allowed), as the newer endpoints word it:
    `Unknown parameter: 'x'.`, or as hints (a parameter -> its Problem) word one; suggest: with the nearest
    parameters the body does not have (`Did you mean 'store' or 'stream'?`); known: the parameter names, where
    they are not schema's fields (a schema loading a subset of them); return data."""
    known = schema.fields if known is None else known
    for key in data if isinstance(data, dict) else ():
        if hints and key in hints:
            raise ValidationError({key: [hints[key]]})
        if key not in known and key not in allowed:
            near = nearest_names(key, [name for name in known if name not in data]) if suggest else ()
            # Named by its path: a nested one is `text.format.x` (the param, and in the message).
            raise ValidationError({key: [unknown_parameter(near)]})
    return data


def unknown_parameter(near=()):
    """The problem of an unknown parameter, naming near, the known ones it may have meant (`Unknown parameter:
    'stre'. Did you mean 'store' or 'stream'?`, as captured on both endpoints, September 2026)."""
    hint = f" Did you mean {supported_values([literal(name) for name in near], 'or')}?" if near else ""
    return Problem("Unknown parameter: '{param}'." + hint, code="unknown_parameter")


def nearest_names(key, known):
    """Return the known names within two edits of key, the nearest first (ties in alphabetical order): `strem`
    gives stream, then store, as the API lists them.

    A name whose length differs by more than two is more than two edits away: it is not compared, so a long key
    costs nothing.
    """
    near = [(distance, name) for name in known if abs(len(name) - len(key)) <= 2
            and (distance := edits(key, name)) <= 2]
    return [name for _, name in sorted(near)]


def edits(a, b):
    """Return the Levenshtein distance between a and b."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


class Body(Schema):
    """A request body (or an object in one) whose unknown parameters are refused: `Unknown parameter: 'x'.`, or
    in the words of hints (a parameter -> its Problem: one the API knows elsewhere, with a hint)."""

    hints = None

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def reject_unknown(self, data, **kwargs):
        return reject_unknown_parameters(self, data, hints=self.hints)


def image_data_url_problem(url, example, takes):
    """Return the Problem of an image URL that is not a web address, in the words of the API's image URL checks
    (reported 2026, in the Responses API and on /v1/images/edits): no data URL at all, a MIME type takes(mime)
    refuses, no `;base64` before the comma, base64 that does not decode or decodes to nothing; example: the data
    URL the message shows; None for a base64 data URL of a picture."""
    if not url.startswith("data:"):
        return Problem("Invalid '{param}'. Expected a valid URL, but got a value with an invalid format.",
                       code="invalid_value")
    header, _, payload = url[5:].partition(",")
    mime = header.split(";", 1)[0]
    expected = ("Invalid '{param}'. Expected a base64-encoded data URL with an image MIME type (e.g. "
                f"'{example}'), but got ")
    if not takes(mime):
        return Problem(f"{expected}unsupported MIME type '{literal(mime)}'.", code="invalid_value")
    if not header.endswith(";base64"):  # logged of the Codex backend's Responses API, May 2026
        return Problem(f"{expected}a value without the ';base64' separator.", code="invalid_value")
    try:
        picture = base64.b64decode(payload, validate=True)
    except ValueError:
        picture = None
    if picture is None:
        return Problem(f"{expected}an invalid base64-encoded value.", code="invalid_value")
    if not picture:
        return Problem(f"{expected}empty base64-encoded bytes.", code="invalid_value")
    return None
