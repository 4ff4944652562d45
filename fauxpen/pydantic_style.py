"""The error format of models served behind a pydantic validation layer (e.g. gpt-4o-audio-preview).

Such a model checks some parameters itself before the common checks run, and answers with
pydantic's error list as the message: `[{'type': 'int_parsing', 'loc': ('body', 'n'), ...}]`.
Which parameters, and with what constraints, is model data (`pydantic_params` in models.json).
"""
import re

from .errors import InvalidRequestError

# pydantic reads numbers from strings with Rust's parsers: ASCII digits only, surrounding whitespace ignored,
# single underscores allowed (not first or last); an integer may end in a fraction of zeros ("3.00").
_INTEGER = re.compile(r"[-+]?(?:0[0_]*)?[0-9](?:_?[0-9])*(?:\.0+)?")  # leading zeros may carry underscores
_INTEGER_DIGITS = 4300  # pydantic reads no integer string longer than Python prints
_NUMBER = re.compile(r"[-+]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf|infinity|nan)", re.IGNORECASE)


def _number_string(value):
    """Return the float pydantic reads from a string, or None where it cannot parse one."""
    text = value.strip()
    if "_" in value:  # read without underscores, and then without the whitespace around it either
        if text != value or value.startswith("_") or value.endswith("_") or "__" in value:
            return None
        text = value.replace("_", "")
    return float(text) if _NUMBER.fullmatch(text) else None


def _number_text(value):
    return str(int(value)) if float(value).is_integer() else str(value)


def _error(kind, loc, msg, value, ctx=None):
    error = {"type": kind, "loc": ("body",) + tuple(loc), "msg": msg, "input": value}
    if ctx:
        error["ctx"] = ctx
    return error


def _scalar(kind, value, loc):
    """Coerce value as pydantic's lax mode does; return (value, errors)."""
    if kind == "str":
        if isinstance(value, str):
            return value, []
        return None, [_error("string_type", loc, "Input should be a valid string", value)]
    if kind == "int":
        if isinstance(value, bool) or isinstance(value, int):
            return int(value), []
        if isinstance(value, float):
            if value.is_integer():
                return int(value), []
            return None, [_error("int_from_float", loc, "Input should be a valid integer, got a number with a "
                                 "fractional part", value)]
        if isinstance(value, str):
            text = value.strip()
            if len(text) > _INTEGER_DIGITS:
                return None, [_error("int_parsing_size", loc, "Unable to parse input string as an integer, exceeded "
                                     "maximum size", value)]
            if _INTEGER.fullmatch(text):
                return int(text.partition(".")[0].replace("_", "")), []
            return None, [_error("int_parsing", loc, "Input should be a valid integer, unable to parse string as "
                                 "an integer", value)]
        return None, [_error("int_type", loc, "Input should be a valid integer", value)]
    if isinstance(value, (bool, int, float)):
        try:
            return float(value), []
        except OverflowError:  # an integer past a double's range
            return None, [_error("finite_number", loc, "Input should be a finite number", value)]
    if isinstance(value, str):
        number = _number_string(value)
        if number is not None:
            return number, []
        return None, [_error("float_parsing", loc, "Input should be a valid number, unable to parse string as a "
                             "number", value)]
    return None, [_error("float_type", loc, "Input should be a valid number", value)]


def _bounds(spec, value, original, loc):
    kind = spec["type"]
    cast = int if kind == "int" else float
    # pydantic tests the upper bound first, each as "not within": nan is within neither, and fails the first.
    if "le" in spec and not value <= spec["le"]:
        return [_error("less_than_equal", loc, f"Input should be less than or equal to {_number_text(spec['le'])}",
                       original, {"le": cast(spec["le"])})]
    if "ge" in spec and not value >= spec["ge"]:
        return [_error("greater_than_equal", loc, f"Input should be greater than or equal to "
                       f"{_number_text(spec['ge'])}", original, {"ge": cast(spec["ge"])})]
    return []


def _list_of(check_item, value, here):
    """Validate value as a non-empty list whose items pass check_item(item, loc) -> errors."""
    if not isinstance(value, list):
        return [_error("list_type", here, "Input should be a valid list", value)]
    errors = [e for index, item in enumerate(value) for e in check_item(item, here + (index,))]
    if not value:
        errors.append(_error("too_short", here, "List should have at least 1 item after validation, not 0", value,
                             {"field_type": "List", "min_length": 1, "actual_length": 0}))
    return errors


def _string(item, loc):
    return _scalar("str", item, loc)[1]


def _token_ids(item, loc):
    return _list_of(lambda x, where: _scalar("int", x, where)[1], item, loc)


def _stop(value, loc):
    """Validate stop as Union[str, List[str], List[List[int]]]: every member's errors when none fits."""
    if isinstance(value, str):
        return value, []
    as_strings = _list_of(_string, value, loc + ("list[str]",))
    as_tokens = _list_of(_token_ids, value, loc + ("list[list[int]]",))
    if not as_strings or not as_tokens:
        return value, []
    return None, [_error("string_type", loc + ("str",), "Input should be a valid string", value)] + as_strings \
        + as_tokens


def scalar_value(kind, value):
    """Return the value pydantic's lax mode reads for one scalar of kind ("int", "float", "str"), or None."""
    return _scalar(kind, value, ())[0]


def _checked(spec, value, loc):
    """Return (the value pydantic reads, its errors) for one scalar of spec ({"type", "ge", "le"})."""
    coerced, found = _scalar(spec["type"], value, loc)
    if not found and spec["type"] in ("int", "float"):
        found = _bounds(spec, coerced, value, loc)
    return coerced, found


def scalar_errors(spec, value, loc):
    """Return the errors pydantic finds in one scalar value of spec ({"type": "int"/"float"/"str", "ge", "le"})."""
    return _checked(spec, value, loc)[1]


def check(params, body):
    """Validate body's params as the pydantic layer does; return body with coerced values or raise."""
    errors, coerced = [], dict(body)
    for name, spec in params.items():
        if body.get(name) is None:
            continue
        value, loc = body[name], (name,)
        if spec["type"] == "stop":
            new, found = _stop(value, loc)
        else:
            new, found = _checked(spec, value, loc)
        if found:
            errors += found
        else:
            coerced[name] = new if isinstance(value, str) else value
    if errors:
        raise InvalidRequestError(repr(errors))
    return coerced
