"""Marshmallow fields that check JSON types strictly and word failures as OpenAI does."""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load

from ..jsongen import json_type


# A Problem's param is, unless it says otherwise, the path of the field that failed.
AT_PATH = "<path>"


class Problem(str):
    """A validation failure in OpenAI's words.

    The message is a template: `{param}` is replaced by the failing field's path (e.g.
    `messages[1].content`) when the one error of a request is chosen (see validation.py).
    """

    def __new__(cls, message, code=None, param=AT_PATH, rank=0):
        self = super().__new__(cls, message)
        self.code = code
        self.param = param
        self.rank = rank
        return self


def literal(text):
    """Escape text a request sent for a Problem template, whose `{param}` is filled in with str.format."""
    return str(text).replace("{", "{{").replace("}", "}}")


_TYPE_NAMES = {"null": "null", "boolean": "a boolean", "integer": "an integer", "number": "a decimal",
               "string": "a string", "array": "an array", "object": "an object"}


def json_type_name(value):
    """Name a JSON value's type the way OpenAI's messages do ('a string', 'an integer', ...)."""
    return _TYPE_NAMES[json_type(value)]


def invalid_type(expected, value):
    """Return the problem of a value of the wrong JSON type."""
    return Problem(f"Invalid type for '{{param}}': expected {expected}, but got {json_type_name(value)} instead.",
                   code="invalid_type")


def _number_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Strict(fields.Field):
    """A field that accepts JSON values of given Python types, None where allowed, and nothing else."""

    expected = "a value"
    types = (object,)

    def __init__(self, *, expected=None, types=None, **kwargs):
        super().__init__(**kwargs)
        if expected:
            self.expected = expected
        if types:
            self.types = types

    def _accepts(self, value):
        return isinstance(value, self.types) and not (isinstance(value, bool) and bool not in self.types)

    def _deserialize(self, value, attr, data, **kwargs):
        if not self._accepts(value):
            raise ValidationError(invalid_type(self.expected, value))
        return value


class String(Strict):
    expected = "a string"
    types = (str,)


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
        raise ValidationError(Problem(
            f"Invalid '{{param}}': {self.kind} {words} value. Expected a value {sign} {_number_text(bound)}, "
            f"but got {_number_text(value)} instead.", code=f"{self.kind}_{code}_value"))


class Integer(Bounded):
    """An integer (1.0 counts as 1)."""

    expected = "an integer"
    kind = "integer"
    types = (int,)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super()._deserialize(value, attr, data, **kwargs)


class Decimal(Bounded):
    """A number, integer or decimal."""

    expected = "a decimal"
    types = (int, float)


def supported_values(values):
    """Word a list of allowed values as OpenAI does: 'a' and 'b' / 'a', 'b', and 'c'."""
    quoted = [f"'{v}'" for v in values]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


class Enum(String):
    """A string from a fixed set, with OpenAI's `Invalid value: 'x'. Supported values are: ...` wording."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = tuple(choices)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value not in self.choices:
            raise ValidationError(Problem(
                f"Invalid value: '{literal(value)}'. Supported values are: {supported_values(self.choices)}.",
                code="invalid_value"))
        return value


class NestedObject(Object):
    """An object loaded with a nested schema; its errors keep their paths (audio.format)."""

    def __init__(self, schema, **kwargs):
        super().__init__(**kwargs)
        self.schema = schema()

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        return self.schema.load(value)


def reject_unknown_arguments(schema, data):
    """Refuse a body's arguments schema does not declare, as the real API words it; return data."""
    for key in data:
        if key not in schema.declared_fields:
            raise ValidationError({key: [Problem(f"Unrecognized request argument supplied: {literal(key)}",
                                                 param=None)]})
    return data


def reject_unknown_parameters(schema, data, allowed=()):
    """Refuse a body's parameters schema does not declare (but allowed), as the newer endpoints word it:
    `Unknown parameter: 'x'.`; return data."""
    for key in data if isinstance(data, dict) else ():
        if key not in schema.fields and key not in allowed:
            # Named by its path: a nested one is `text.format.x` (the param, and in the message).
            raise ValidationError({key: [Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]})
    return data


class Body(Schema):
    """A request body (or an object in one) whose unknown parameters are refused: `Unknown parameter: 'x'.`"""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def reject_unknown(self, data, **kwargs):
        return reject_unknown_parameters(self, data)
