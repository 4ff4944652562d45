"""Turn marshmallow's error dict into the one OpenAI error a request gets."""
from marshmallow import ValidationError

from .errors import InvalidRequestError, missing_parameter
from .schemas.fields import AT_PATH, Problem

# marshmallow's own message for a required field that is absent.
MISSING = "Missing data for required field."


def param_path(keys):
    """Join error-dict keys into OpenAI's param path: messages[1].content[0].type; None for the body itself.

    A key may be the empty string (`{"": 1}`): its path is '' at the top, as `Unknown parameter: ''.` quotes it,
    not the body's None."""
    path = None
    for key in keys:
        if isinstance(key, int):
            path = f"{path or ''}[{key}]"
        elif key != "_schema":
            path = str(key) if path is None else f"{path}.{key}"
    return path


def problems(messages, keys=(), found=None):
    """Return [(path keys, message), ...] for every failure in a marshmallow error structure, in order.

    A list filled in place, not nested generators: a refused request has one failure, which went through a
    generator for each level of the structure (three for a top-level parameter's)."""
    if found is None:
        found = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            problems(value, keys + (key,), found)
    elif isinstance(messages, list):
        for value in messages:
            problems(value, keys, found)
    else:
        found.append((keys, messages))
    return found


def _rank(item):
    return getattr(item[1], "rank", 0)


def first_error(messages):
    """Return the InvalidRequestError for the failure the real API would report first.

    A refused request has most often one failure, of a top-level parameter ({"temperature": [problem]}): its path
    is the parameter's name, without a walk of the structure.
    """
    name, found = next(iter(messages.items())) if messages.__class__ is dict and len(messages) == 1 else (0, 0)
    if (found.__class__ is list and len(found) == 1 and isinstance(found[0], str) and name.__class__ is str
            and name != "_schema"):
        path, message = name, found[0]
    else:
        found = problems(messages)
        keys, message = found[0] if len(found) == 1 else min(found, key=_rank)
        path = param_path(keys)
    if isinstance(message, Problem):
        param = path if message.param == AT_PATH else message.param
        return InvalidRequestError(message.format(param=path), param=param, code=message.code, type=message.type)
    if message == MISSING:
        return missing_parameter(path)
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


class Ordered(tuple):
    """Rules in the order check runs them, as (rule, params) pairs (params None: the rule always runs).

    It keeps which of them apply to each set of parameter names it was asked about (see applicable).
    """

    def __new__(cls, rules):
        self = super().__new__(cls, ((rule, getattr(rule, "params", None)) for rule in rules))
        self.by_keys = {}
        return self


def ordered(*rules):
    """Return rules in the order check runs them, each with the params it needs (None: it always runs)."""
    return Ordered(rules)


# How many sets of parameter names an Ordered keeps the applicable rules of. Clients send few distinct sets;
# past the bound, a set is worked out on every request, and memory stays bounded whatever clients send.
KEPT_KEY_SETS = 256


def applicable(rules, data):
    """Return the rules of ordered(...) that can fail for data: those that always run, or about a param it names.

    Working it out visits every rule; the answer depends only on data's keys, so it is kept for each set of keys.
    """
    keys = frozenset(data)
    found = rules.by_keys.get(keys)
    if found is None:
        found = tuple(rule for rule, params in rules if params is None or not keys.isdisjoint(params))
        if len(rules.by_keys) < KEPT_KEY_SETS:
            rules.by_keys[keys] = found
    return found
