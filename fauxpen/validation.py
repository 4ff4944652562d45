"""Turn marshmallow's error dict into the one OpenAI error a request gets."""
from marshmallow import ValidationError

from .errors import InvalidRequestError
from .schemas.fields import AT_PATH, Problem

# marshmallow's own message for a required field that is absent.
MISSING = "Missing data for required field."


def param_path(keys):
    """Join error-dict keys into OpenAI's param path: messages[1].content[0].type."""
    path = ""
    for key in keys:
        if isinstance(key, int):
            path += f"[{key}]"
        elif key != "_schema":
            path += f".{key}" if path else str(key)
    return path or None


def problems(messages, keys=()):
    """Yield (path keys, message) for every failure in a marshmallow error structure, in order."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from problems(value, keys + (key,))
    elif isinstance(messages, list):
        for value in messages:
            yield from problems(value, keys)
    else:
        yield keys, messages


def first_error(messages):
    """Return the InvalidRequestError for the failure the real API would report first."""
    found = list(problems(messages))
    keys, message = min(found, key=lambda item: getattr(item[1], "rank", 0))
    path = param_path(keys)
    if isinstance(message, Problem):
        param = path if message.param == AT_PATH else message.param
        return InvalidRequestError(message.format(param=path), param=param, code=message.code)
    if message == MISSING:
        return InvalidRequestError(f"Missing required parameter: '{path}'.", param=path,
                                   code="missing_required_parameter")
    return InvalidRequestError(f"Invalid '{path}': {message}", param=path, code="invalid_value")


def load(schema, data):
    """Load data with schema, raising the one OpenAI error of an invalid request."""
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise first_error(exc.messages) from None


def given(*params):
    """Mark a rule that passes every request that has none of params: applicable skips it for those requests.

    Most rules are about one parameter or two, and most requests name few of them.
    """
    def mark(rule):
        rule.params = frozenset(params)
        return rule
    return mark


def ordered(*rules):
    """Return rules in the order check runs them, each with the params it needs (None: it always runs)."""
    return tuple((rule, getattr(rule, "params", None)) for rule in rules)


def applicable(rules, data):
    """Yield the rules of ordered(...) that can fail for data: those that always run, or about a param it names."""
    keys = data.keys()
    for rule, params in rules:
        if params is None or not keys.isdisjoint(params):
            yield rule
