"""Tools, tool_choice, legacy functions/function_call and response_format, checked as the real API checks them.

Three layers, in the order the API reports problems:
- fields (`Tools`, `ToolChoice`, `Functions`, `FunctionCall`, `ResponseFormat`): JSON types, required keys,
  names, enum values, unknown keys, each failure worded by OpenAI and placed at its path (`tools[0].function.name`);
- JSON Schemas given as function `parameters` or as a `json_schema` response format: structure, then the extra
  rules of strict mode (`strict_schema_problem`);
- rules that tie several request fields together (`check_*`), for the chat request schema to call once all its
  fields are valid: `check_tool_rules(data)` runs them all in order.
"""
import re

from marshmallow import EXCLUDE, Schema, ValidationError, missing, validates_schema

from ..errors import InvalidRequestError
from ..jsongen import is_number, resolve_ref
from ..validation import applicable, given, ordered
from . import fields as f
from .fields import Problem, invalid_type, literal

NAME_PATTERN = "^[a-zA-Z0-9_-]+$"
NAME_MAX_LENGTH = 64
# The longest id a tool call sent back may have, in an assistant message or a tool message (quoted 2025-2026:
# `call_` and a UUID, 41 characters, refused).
TOOL_CALL_ID_MAX_LENGTH = 40
# Object nesting allowed in a strict schema (the root object is level 1).
STRICT_NESTING_LIMIT = 5
# Keywords strict mode refuses with "'<keyword>' is not permitted."
STRICT_NOT_PERMITTED = frozenset({
    "default", "minLength", "maxLength", "patternProperties", "unevaluatedProperties", "propertyNames",
    "minProperties", "maxProperties", "unevaluatedItems", "contains", "minContains", "maxContains", "uniqueItems",
    "allOf", "oneOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas",
})
# The string formats strict mode takes (the structured outputs guide); another is "not a valid format".
STRICT_FORMATS = frozenset({"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"})
_JSON_TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})

MISSING_REQUIRED = "Missing required parameter: '{param}'."


# --- fields ------------------------------------------------------------------------------------------------

class _OpenAIMissing:
    """Word a missing or null value as OpenAI does rather than as marshmallow does."""

    def _validate_missing(self, value):
        if value is missing and self.required:
            raise ValidationError(Problem(MISSING_REQUIRED, code="missing_required_parameter"))
        if value is None and not self.allow_none:
            raise ValidationError(invalid_type(self.expected, None))


class String(_OpenAIMissing, f.String):
    pass


class Boolean(_OpenAIMissing, f.Boolean):
    pass


class Object(_OpenAIMissing, f.Object):
    pass


class Enum(_OpenAIMissing, f.Enum):
    pass


class Name(String):
    """A function or schema name: 1 to 64 letters, digits, underscores and dashes."""

    def __init__(self, **kwargs):
        super().__init__(allow_empty=False, max_length=NAME_MAX_LENGTH, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not all(c.isascii() and (c.isalnum() or c in "_-") for c in value):
            raise ValidationError(Problem(
                f"Invalid '{{param}}': string does not match pattern. Expected a string that matches the pattern "
                f"'{NAME_PATTERN}'.", code="invalid_value"))
        return value


class Nested(Object):
    """An object checked by a schema; its failures keep their path (`tools[0].function.name`)."""

    def __init__(self, schema, **kwargs):
        super().__init__(**kwargs)
        self.schema = schema

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        self.schema.load(value)
        return value


class Array(_OpenAIMissing, f.Array):
    pass


class _Object(Schema):
    """A JSON object of the request: keys it does not declare are refused once the declared ones are valid."""

    class Meta:
        unknown = EXCLUDE

    takes_unknown = False  # an object whose keys beyond the declared ones the API ignores

    def allowed_keys(self, data):
        return {field.data_key or name for name, field in self.fields.items()}

    def check(self, data):
        """Apply the rules that involve several keys of this object (subclasses add theirs)."""

    def precheck(self, data):
        """Apply the rules that come before unknown keys are refused (subclasses add theirs)."""

    def ignores_unknown(self, data):
        """Whether keys beyond the declared ones are ignored rather than refused."""
        return self.takes_unknown

    @validates_schema(pass_original=True)
    def validate_object(self, data, original_data, **kwargs):
        self.precheck(data)
        allowed = self.allowed_keys(data)
        for key in () if self.ignores_unknown(data) else original_data:
            if key not in allowed:
                raise ValidationError({key: [Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]})
        self.check(data)


def _deserialize_at(key, field, value):
    """Check value with field, its failures placed under key."""
    try:
        field.deserialize(value)
    except ValidationError as exc:
        raise ValidationError({key: exc.messages}) from None


class _Typed(_Object):
    """An object whose `type` names the one other key it has (none for some types), each kind's object checked by
    its own field (a function's or a custom tool's, a JSON schema format's, a grammar)."""

    kinds = {}

    def allowed_keys(self, data):
        named = {data["type"]} if self.kinds.get(data["type"]) is not None else set()
        return {name for name in self.fields if name not in self.kinds} | named

    def precheck(self, data):
        """The object its type names is missing: that before any unknown key, as a Responses-shaped tool sent to
        chat (`{"type": "function", "name": ...}`) is refused for its `function` (recorded 2025-2026)."""
        if self.kinds.get(data.get("type")) is not None and data.get(data["type"]) is None:
            self.check(data)

    def check(self, data):
        field = self.kinds.get(data.get("type"))
        if field is not None:
            _deserialize_at(data["type"], field, data.get(data["type"], missing))


class FunctionDefinition(_Object):
    """tools[].function, and each entry of the legacy `functions`: keys of a client's own beside the declared ones
    are ignored (agno's requires_confirmation and external_execution on every function, answered on gpt-4o-mini in
    August 2026)."""

    takes_unknown = True

    name = Name(required=True)
    description = String(allow_none=True, max_length=1048576)  # chat, quoted in 2026 (see README)
    parameters = Object(allow_none=True)
    strict = Boolean(allow_none=True)

    def check(self, data):
        strict = data.get("strict") is True
        problem = parameters_problem(data.get("parameters"), strict=strict)
        if strict and "parameters" not in data:
            # Read as an object schema that leaves additionalProperties out (gpt-4o-2024-08-06, openai-dotnet's
            # session records, September 2025).
            problem = strict_schema_problem({"type": "object", "properties": {}})
        if problem:
            raise ValidationError({"parameters": [Problem(
                f"Invalid schema for function '{literal(data['name'])}': {literal(problem)}",
                code="invalid_function_parameters", rank=1)]})


class Grammar(_Object):
    """A custom tool's grammar: its definition, in Lark or as a regular expression."""

    definition = String(required=True)
    syntax = Enum(["lark", "regex"], required=True)


_GRAMMAR = Nested(Grammar(), required=True)


class CustomFormat(_Typed):
    """A custom tool's input format: free text, or text a grammar describes."""

    kinds = {"text": None, "grammar": _GRAMMAR}
    type = Enum(list(kinds), required=True)
    grammar = f.Strict(allow_none=True)


class CustomDefinition(_Object):
    """tools[].custom: a tool the model calls with free text (GPT-5 models, the SDK's shape)."""

    name = Name(required=True)
    description = String(allow_none=True)
    format = Nested(CustomFormat(), allow_none=True)


class Tool(_Typed):
    """One entry of `tools`: a function, or a custom tool. A function's keys beside its type and function are
    ignored (a Responses-style `name` too, answered on gpt-4.1 in July 2025: llmrb/llm's cassettes)."""

    kinds = {"function": Nested(FunctionDefinition(), required=True),
             "custom": Nested(CustomDefinition(), required=True)}
    type = Enum(list(kinds), required=True)
    function = f.Strict(allow_none=True)
    custom = f.Strict(allow_none=True)

    def ignores_unknown(self, data):
        return data.get("type") == "function"


class FunctionName(_Object):
    """`{"name": ...}`: the function a named tool_choice or function_call asks for."""

    name = String(required=True)


class ToolReference(_Typed):
    """A tool by its name: `{"type": "function", "function": {"name": ...}}`, or a custom tool's
    `{"type": "custom", "custom": {"name": ...}}`."""

    kinds = {"function": Nested(FunctionName(), required=True), "custom": Nested(FunctionName(), required=True)}
    type = Enum(list(kinds), required=True)
    function = f.Strict(allow_none=True)
    custom = f.Strict(allow_none=True)


class AllowedTools(_Object):
    """`allowed_tools`: a mode and the tools the model may use, each named as tool_choice names one (the SDK's)."""

    mode = Enum(["auto", "required"], required=True)
    tools = Array(Nested(ToolReference()), required=True)


class NamedToolChoice(ToolReference):
    """A tool by its name (ToolReference), or `{"type": "allowed_tools", "allowed_tools": {...}}`."""

    kinds = {**ToolReference.kinds, "allowed_tools": Nested(AllowedTools(), required=True)}
    type = Enum(list(kinds), required=True)
    allowed_tools = f.Strict(allow_none=True)


class ToolCallFunction(_Object):
    """The function of a tool call an assistant message carries: named as a function is (its pattern recorded for
    `messages[9].tool_calls[0].function.name`, 2025)."""

    name = Name(required=True)
    arguments = String(required=True)


class ToolCallCustom(_Object):
    """The custom tool of a call an assistant message carries: its name and the text the model wrote."""

    name = String(required=True)
    input = String(required=True)


class ToolCall(_Typed):
    """One entry of an assistant message's `tool_calls`; the `index` a streamed call's deltas carry is taken as they
    come back (a gpt-4o stream recorded after August 2025 answered a history with it; the API refused it for half
    an hour in April 2024, then took it again, as clients reported)."""

    kinds = {"function": Nested(ToolCallFunction(), required=True), "custom": Nested(ToolCallCustom(), required=True)}
    id = String(required=True, max_length=TOOL_CALL_ID_MAX_LENGTH)
    type = Enum(list(kinds), required=True)
    function = f.Strict(allow_none=True)
    custom = f.Strict(allow_none=True)
    index = f.Strict(allow_none=True)


class JSONSchemaFormat(_Object):
    """response_format.json_schema."""

    name = Name(required=True)
    description = String(allow_none=True)
    schema_ = Object(data_key="schema", allow_none=True)
    strict = Boolean(allow_none=True)

    def check(self, data):
        problem = json_schema_problem(data.get("schema_"), strict=data.get("strict") is True)
        if problem:
            raise ValidationError({"schema": [Problem(
                f"Invalid schema for response_format '{literal(data['name'])}': {literal(problem)}",
                code=None, param="response_format", rank=1)]})  # no code in chat (the Responses API's differs)


_JSON_SCHEMA_FORMAT = Nested(JSONSchemaFormat(), required=True)


class ResponseFormatObject(_Typed):
    """response_format: `{"type": "text" | "json_object" | "json_schema", "json_schema": {...}}`."""

    kinds = {"text": None, "json_object": None, "json_schema": _JSON_SCHEMA_FORMAT}
    type = Enum(list(kinds), required=True)
    json_schema = f.Strict(allow_none=True)


class _StringOrObject(_OpenAIMissing, f.Strict):
    """A mode name from a fixed set, or an object a schema checks."""

    expected = "one of a string or object"
    types = (str, dict)
    modes = ()
    schema = None

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, str):
            f.Enum(self.modes).deserialize(value)
        else:
            self.schema.load(value)
        return value


class ToolChoice(_StringOrObject):
    """tool_choice: 'none', 'auto', 'required', or a named function."""

    modes = ("none", "auto", "required")
    schema = NamedToolChoice()


class FunctionCall(_StringOrObject):
    """The legacy function_call: 'none', 'auto', or `{"name": ...}`."""

    modes = ("none", "auto")
    schema = FunctionName()


def Tools(**kwargs):  # noqa: N802 - reads as a field class in the request schema
    """The `tools` field: a non-empty array of at most 128 function tools (the API reference's limit)."""
    return Array(Nested(Tool()), max_length=128, **kwargs)


def Functions(**kwargs):  # noqa: N802
    """The legacy `functions` field: a non-empty array of at most 128 function definitions (the API spec's)."""
    return Array(Nested(FunctionDefinition()), max_length=128, **kwargs)


def ResponseFormat(**kwargs):  # noqa: N802
    """The `response_format` field."""
    return Nested(ResponseFormatObject(), **kwargs)


def ToolCalls(**kwargs):  # noqa: N802
    """An assistant message's `tool_calls` field: a non-empty array of tool calls."""
    return Array(Nested(ToolCall()), **kwargs)


# --- JSON Schemas given by the request ------------------------------------------------------------------------

def subschemas(node):
    """Yield (context keys, subschema) for each schema directly inside a schema node."""
    for key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"):
        if isinstance(node.get(key), dict):
            for name, sub in node[key].items():
                yield (key, name), sub
    for key in ("items", "additionalProperties", "additionalItems", "contains", "propertyNames", "not", "if",
                "then", "else", "unevaluatedItems", "unevaluatedProperties"):
        if key in node:
            if key == "items" and isinstance(node[key], list):
                for index, sub in enumerate(node[key]):
                    yield (key, str(index)), sub
            else:
                yield (key,), node[key]
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        if isinstance(node.get(key), list):
            for index, sub in enumerate(node[key]):
                yield (key, str(index)), sub  # an index as the API's contexts write it: ('anyOf', '0')


def structure_problem(node):
    """Return what makes node no JSON Schema, worded as the API's schema validator words it, or None."""
    if isinstance(node, bool):
        return None
    if not isinstance(node, dict):
        return f"{node!r} is not of type 'object', 'boolean'."
    kind = node.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not kinds or not all(isinstance(k, str) and k in _JSON_TYPES for k in kinds):
            return f"{kind!r} is not valid under any of the given schemas."
    for key, expected in (("properties", "object"), ("patternProperties", "object"), ("$defs", "object"),
                          ("definitions", "object"), ("required", "array"), ("enum", "array"), ("anyOf", "array"),
                          ("oneOf", "array"), ("allOf", "array"), ("prefixItems", "array")):
        value = node.get(key)
        if value is not None and not isinstance(value, dict if expected == "object" else list):
            return f"{value!r} is not of type '{expected}'."
    problem = _keyword_value_problem(node)
    if problem:
        return problem
    for _, sub in subschemas(node):
        problem = structure_problem(sub)
        if problem:
            return problem
    return None


# Keywords whose values the meta-schema types: counts are non-negative integers (3.0 is one), bounds numbers,
# pattern and format strings, multipleOf a number above 0.
_COUNTS = ("maxLength", "minLength", "maxItems", "minItems", "maxContains", "minContains", "maxProperties",
           "minProperties")
_NUMBERS = ("minimum", "maximum")
_STRINGS = ("pattern", "format")


def _compiles(pattern):
    """Tell whether Python's re compiles a pattern, as the API's schema validator checks format regex (clients quote
    its refusal of JavaScript's \\p{...}, (?<name>...) and \\u{...}, 2026)."""
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError):
        return False
    return True


def _keyword_value_problem(node):
    """Return the first keyword value of node the meta-schema refuses, worded as the schema validator words it."""
    for key in _COUNTS:
        if key not in node:
            continue
        value = node[key]
        if not is_number(value) or value % 1:
            return f"{value!r} is not of type 'integer'."
        if value < 0:
            return f"{value!r} is less than the minimum of 0."
    for key in _NUMBERS:
        if key in node and not is_number(node[key]):
            return f"{node[key]!r} is not of type 'number'."
    for key in _STRINGS:
        if key in node and not isinstance(node[key], str):
            return f"{node[key]!r} is not of type 'string'."
    if "pattern" in node and not _compiles(node["pattern"]):
        return f"'{node['pattern']}' is not a 'regex'."
    keys = node.get("patternProperties")
    for key in keys if isinstance(keys, dict) else ():
        if not _compiles(key):
            return f"'{key}' is not a 'regex'."
    if "multipleOf" in node:
        value = node["multipleOf"]
        if not is_number(value):
            return f"{value!r} is not of type 'number'."
        if value <= 0:
            return f"{value!r} is less than or equal to the minimum of 0."
    return None


def _root_type_problem(schema, strict):
    """The root must be an object schema; an empty schema passes where strict mode is off (a function without
    parameters), one with keywords but no type does not (recorded in the Responses API, 2025-2026; reported of
    chat)."""
    kind = schema.get("type")
    if kind == "object" or (kind is None and not strict and not schema):
        return None
    return f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{kind}\"'."


def _shape_problem(node, context, strict):
    """Return an array schema without items, anywhere, or an object schema without properties, at the root or (in
    strict mode) anywhere, worded as the API words them, strict or not (recorded 2025-2026: MCP tools without
    arguments, `{"type": "object"}`, and pydantic tuples, `prefixItems` without `items`)."""
    if not isinstance(node, dict):
        return None
    kind = node.get("type")
    if "properties" not in node and (kind == "object" if not context else
                                     strict and (kind == "object" or isinstance(kind, list) and "object" in kind)):
        return f"In context={context!r}, object schema missing properties."
    if "items" not in node:
        if kind == "array":
            return f"In context={context!r}, array schema missing items."
        if isinstance(kind, list) and "array" in kind:  # the place in the list of types (recorded, 2026)
            return f"In context={context + ('type', str(kind.index('array')))!r}, array schema missing items."
    for keys, sub in subschemas(node):
        problem = _shape_problem(sub, context + keys, strict)
        if problem:
            return problem
    return None


def parameters_problem(parameters, strict=False):
    """Return what is wrong with a function's parameters schema (the text after the function's name), or None."""
    if parameters is None:
        return None
    return structure_problem(parameters) or _root_type_problem(parameters, strict) or \
        (_shape_problem(parameters, (), strict) if parameters else None) or \
        (strict_schema_problem(parameters) if strict else None)


def json_schema_problem(schema, strict=False):
    """Return what is wrong with a json_schema response format's schema, or None."""
    if schema is None:
        return None
    problem = structure_problem(schema)
    if problem or not strict:
        return problem
    return _root_type_problem(schema, strict) or _shape_problem(schema, (), strict) or strict_schema_problem(schema)


def made_strict(schema):
    """Return schema as the Responses API makes a function's parameters strict when the function leaves strict out
    (the function-calling guide, 2026; captured on gpt-5.6-terra, September 2026): every object takes no other
    properties (additionalProperties false where not given) and requires all of its own; None when the result is
    still not strict (the function is then called without strict mode), as it is when it nests too deep to walk
    (hundreds of levels: strict mode allows STRICT_NESTING_LIMIT)."""
    def walk(node):
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: walk(value) for key, value in node.items()}
        kinds = node.get("type")
        if kinds == "object" or (isinstance(kinds, list) and "object" in kinds):
            node.setdefault("additionalProperties", False)
            if isinstance(node.get("properties", {}), dict):
                node["required"] = list(node.get("properties", {}))
        return node

    try:
        strict = walk(schema)
        return None if parameters_problem(strict, strict=True) else strict
    except RecursionError:
        return None


def strict_schema_problem(schema):
    """Return the first rule of strict mode the schema breaks, worded as the API words it, or None."""
    return _strict_node_problem(schema, ()) or _nesting_problem(schema) or _ref_problem(schema, schema, ())


def _ref_problem(node, root, context, depth=0):
    """Return the first `$ref` that does not resolve from the root (`$defs` inside a subschema are not found),
    worded as the API words it (gpt-4o-mini, recorded in August 2026; clients quote it of other models)."""
    if not isinstance(node, dict) or depth > 64:
        return None
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and not _resolves(root, ref):
        return f"In context={context!r}, reference to component '{ref}' which was not found in the schema."
    for keys, sub in subschemas(node):
        problem = _ref_problem(sub, root, context + keys, depth + 1)
        if problem:
            return problem
    return None


def _resolves(root, ref):
    """Tell whether a `#/...` reference names a place in root."""
    return resolve_ref(root, ref, _NOWHERE) is not _NOWHERE


_NOWHERE = object()  # what resolve_ref gives for a reference to no place


def _numeric(kind):
    """Tell whether a schema node's type is a number's: integer or number, alone or in a list of types (with null)."""
    kinds = kind if isinstance(kind, list) else [kind]
    return any(k in ("integer", "number") for k in kinds) and all(k in ("integer", "number", "null") for k in kinds)


def _strict_node_problem(node, context):
    if not isinstance(node, dict):
        return None
    where = f"In context={context!r}"
    for key in node:
        if key in STRICT_NOT_PERMITTED:
            return f"{where}, '{key}' is not permitted."
    # A string's format is checked (zod's url() as 'uri', quoted 2025-2026); a number's is not: schemars' `uint8`
    # on an integer and `double` on a number were taken in September 2026 (recorded, and echoed as sent).
    if "format" in node and node["format"] not in STRICT_FORMATS and not _numeric(node.get("type")):
        return f"{where}, '{node['format']}' is not a valid format."
    kind = node.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind) or \
            (kind is None and isinstance(node.get("properties"), dict)):
        if node.get("additionalProperties") is not False:
            return f"{where}, 'additionalProperties' is required to be supplied and to be false."
        properties = list(node.get("properties") or {})
        required = node.get("required") if isinstance(node.get("required"), list) else []
        absent = [p for p in properties if p not in required]
        if absent:
            return (f"{where}, 'required' is required to be supplied and to be an array including every key in "
                    f"properties. Missing '{absent[0]}'.")
        extra = [r for r in required if r not in properties]
        if extra:
            return (f"{where}, 'required' is required to be supplied and to be an array including every key in "
                    f"properties. Extra required key '{extra[0]}' supplied.")
    if kind is None and context and not any(k in node for k in ("anyOf", "$ref", "enum", "const")):
        return f"{where}, schema must have a 'type' key."
    for keys, sub in subschemas(node):
        problem = _strict_node_problem(sub, context + keys)
        if problem:
            return problem
    return None


def _nesting_problem(schema):
    depth = _object_depth(schema, schema, (), {})
    if depth > STRICT_NESTING_LIMIT:
        return f"{STRICT_NESTING_LIMIT + 1} levels of nesting exceeds limit of {STRICT_NESTING_LIMIT}."
    return None


def _object_depth(node, root, expanding, known):
    """Return how many object schemas deep node goes, following $refs (recursion counts once).

    known keeps the depth of each $ref reached with the same refs being expanded: a $ref reached by several
    paths (anyOf: [{$ref: next}, {$ref: next}] at each level) is walked once, not once per path.
    """
    if not isinstance(node, dict):
        return 0
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in expanding:
            return 0
        key = (ref, expanding)
        if key not in known:
            known[key] = _object_depth(resolve_ref(root, ref), root, expanding + (ref,), known)
        return known[key]
    own = 1 if node.get("type") == "object" or isinstance(node.get("properties"), dict) else 0
    deepest = 0
    for keys, sub in subschemas(node):
        if keys[0] not in ("$defs", "definitions"):
            deepest = max(deepest, _object_depth(sub, root, expanding, known))
    return own + deepest


# --- rules across request fields, for the chat request schema -----------------------------------------------

def _fail(key, message, param):
    raise ValidationError({key: [Problem(literal(message), param=param)]})


@given("tool_choice")
def check_tool_choice(data):
    """A function or custom tool `tool_choice` names (or allowed_tools lists) must be one of `tools` (the wording
    recorded for a named one). Without tools it was refused already (rules.tool_options; the Responses API's chat
    form carries no tool_choice without tools)."""
    choice, tools = data.get("tool_choice"), data.get("tools")
    if not tools:
        return
    if isinstance(choice, dict):  # a function or custom tool by name, or the ones allowed_tools names
        named = choice["allowed_tools"]["tools"] if choice["type"] == "allowed_tools" else [choice]
        for reference in named:
            kind = reference["type"]
            name = reference[kind]["name"]
            if name not in {t[kind]["name"] for t in tools if t["type"] == kind}:
                if kind == "function" and getattr(data, "strict", False):  # measured on gpt-5.6-terra, Sept 2026
                    _fail("function_call", f"Invalid value for 'function_call': no function named '{name}' was "
                                           "specified in the 'functions' parameter.", "function_call")
                _fail("tool_choice", f"Tool choice '{name}' not found in 'tools' parameter.", "tool_choice")


@given("function_call")
def check_function_call(data):
    """The legacy `function_call` needs `functions`, and a named function must be one of them."""
    call, functions = data.get("function_call"), data.get("functions")
    if call is None:
        return
    if not functions:
        _fail("function_call", "Invalid value for 'function_call': 'function_call' is only allowed when "
                               "'functions' are specified.", "function_call")
    if isinstance(call, dict) and call["name"] not in {fn["name"] for fn in functions}:
        _fail("function_call", f"Function call '{call['name']}' not found in 'functions' parameter.",
              "function_call")


def _load_at(index, key, field, value):
    try:
        field.deserialize(value)
    except ValidationError as exc:
        raise ValidationError({"messages": {index: {key: exc.messages}}}) from None


_TOOL_CALL_ID = String(max_length=TOOL_CALL_ID_MAX_LENGTH)
_TOOL_CALLS = ToolCalls()
_STRICT_TOOL_CALLS = ToolCalls(expected="an array of objects")  # the GPT-5.6 family's words (measured)
_CALL_ROLES = frozenset(("assistant", "tool", "function"))  # the roles of messages this checks
_FUNCTION_CALL_MESSAGE = Nested(ToolCallFunction())


def check_tool_messages(data):
    """Assistant tool calls must be well formed and answered, one `tool` message per call id, in order."""
    messages = data.get("messages")
    if not isinstance(messages, list):
        return
    if _CALL_ROLES.isdisjoint([message.get("role") for message in messages if isinstance(message, dict)]):
        return  # no message makes or answers a call (a first turn): nothing here can fail
    for index, message in enumerate(messages):
        if isinstance(message, dict) and message.get("role") == "assistant":
            if message.get("tool_calls") is not None:
                field = _STRICT_TOOL_CALLS if getattr(data, "strict", False) else _TOOL_CALLS
                _load_at(index, "tool_calls", field, message["tool_calls"])
            if message.get("function_call") is not None:
                _load_at(index, "function_call", _FUNCTION_CALL_MESSAGE, message["function_call"])
    awaiting, asked, asked_at = [], set(), None
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            continue
        role = message.get("role")
        if role == "tool":
            call_id = message.get("tool_call_id")
            if call_id is None:
                _fail("messages", "Missing parameter 'tool_call_id': messages with role 'tool' must have a "
                                  "'tool_call_id'.", f"messages.[{index}].tool_call_id")
            if not isinstance(call_id, str):
                raise ValidationError({"messages": {index: {"tool_call_id": [invalid_type("a string", call_id)]}}})
            if len(call_id) > TOOL_CALL_ID_MAX_LENGTH:
                _load_at(index, "tool_call_id", _TOOL_CALL_ID, call_id)
            if asked_at is None:
                _fail("messages", "Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                                  "message with 'tool_calls'.", f"messages.[{index}].role")
            if call_id not in asked:
                _fail("messages", f"Invalid parameter: 'tool_call_id' of '{call_id}' not found in 'tool_calls' of "
                                  "previous message.", f"messages.[{index}].tool_call_id")
            if call_id not in awaiting:  # answered already: a second answer follows no call (captured, 2024)
                _fail("messages", "Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                                  "message with 'tool_calls'.", f"messages.[{index}].role")
            awaiting.remove(call_id)
            continue
        if awaiting:
            _unanswered(awaiting, index)
        awaiting, asked, asked_at = [], set(), None
        if role == "assistant" and message.get("tool_calls"):
            awaiting = [call["id"] for call in message["tool_calls"]]
            asked, asked_at = set(awaiting), index
        if role == "function" and not message.get("name"):
            _fail("messages", "Missing parameter 'name': messages with role 'function' must have a 'name'.",
                  f"messages.[{index}].name")
    # The GPT-5.6 family takes messages that end with an assistant's tool calls (measured on gpt-5.6-terra).
    if awaiting and not (asked_at == len(messages) - 1 and getattr(data, "strict", False)):
        _unanswered(awaiting, None)  # nothing follows: the messages themselves are named (captured 2024-2025)


def _unanswered(call_ids, index):
    """Refuse calls left unanswered, naming the message that came instead of their answers (index), else none."""
    _fail("messages", "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                      "'tool_call_id'. The following tool_call_ids did not have response messages: "
                      + ", ".join(call_ids), "messages" if index is None else f"messages.[{index}].role")


def message_text(message):
    """Return the text of a message's content, parts joined."""
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


@given("response_format")
def check_json_object_messages(data):
    """`response_format: json_object` needs the word 'json' somewhere in the messages."""
    response_format = data.get("response_format")
    if not (isinstance(response_format, dict) and response_format.get("type") == "json_object"):
        return
    if not any("json" in message_text(m).lower() for m in data.get("messages") or []):
        _fail("messages", "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
                          "'json_object'.", "messages")


TOOL_RULES = ordered(check_tool_choice, check_function_call, check_tool_messages, check_json_object_messages)


def check_tool_rules(data):
    """Apply every cross-field rule of tools and response formats, first failure raised."""
    for rule in applicable(TOOL_RULES, data):
        rule(data)


# A strict schema becomes a grammar whose regular expressions are RE2's: a `pattern` with a lookaround or a
# backreference is refused when the request is read, wherever it is (reported of the API from May to September
# 2026 on gpt-5.5 and gpt-5.6, zod's email pattern the usual culprit: `Invalid JSON schema: regex lookaround is
# not supported. Found at $.properties.email.pattern.`, param tools, code invalid_json_schema; a format's the
# same, `$['$defs'].Reading.properties.value.anyOf[1].pattern`; the backreference wording as clients' checks
# word it).
_NOT_SCHEMAS = ("enum", "const", "default", "examples")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_regexes(schemas):
    """Refuse the first of schemas, ((param, schema), ...) of the request's strict tools and format, whose pattern RE2
    cannot take (see above)."""
    for param, schema in schemas:
        problem = unsupported_regex(schema)
        if problem:
            raise InvalidRequestError(problem, param=param, code="invalid_json_schema")


def unsupported_regex(schema):
    """Return the refusal of the first pattern in a strict schema RE2 cannot take, with where it is, or None."""
    for path, pattern in _patterns(schema, ()):
        problem = _re2_problem(pattern)
        if problem:
            where = "$" + "".join(f"[{step}]" if isinstance(step, int) else
                                  f".{step}" if _IDENTIFIER.fullmatch(step) else f"['{step}']" for step in path)
            return f"Invalid JSON schema: {problem} is not supported. Found at {where}.pattern."
    return None


def _patterns(node, path, depth=0):
    """Yield (path, pattern) for each string `pattern` of a schema, in document order."""
    if depth > 64:
        return
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield path, node["pattern"]
        for key, value in node.items():
            if key not in _NOT_SCHEMAS and isinstance(value, (dict, list)):
                yield from _patterns(value, path + (key,), depth + 1)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _patterns(value, path + (index,), depth + 1)


def _re2_problem(pattern):
    """What of a pattern RE2 refuses: a lookaround, `(?=`, `(?!`, `(?<=`, `(?<!`, or a backreference, `\\1`,
    `\\k<name>`, `(?P=name)`; outside character classes and escapes."""
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            following = pattern[index + 1:index + 3]
            if not in_class and (following[:1] in tuple("123456789") or following == "k<"):
                return "regex backreferences"
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":  # a "]" first in the class (after a "^") is one of its characters
            in_class = True
            index += 2 if pattern.startswith("^]", index + 1) else 1 if pattern.startswith("]", index + 1) else 0
        elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), index):
            return "regex lookaround"
        elif pattern.startswith("(?P=", index):
            return "regex backreferences"
        index += 1
    return None
