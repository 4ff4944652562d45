"""The embeddings request, as a marshmallow schema, with the real API's wording for embeddings.

The embeddings endpoint words its errors unlike chat: its schema layer speaks like the Python
`jsonschema` package (`'123' is not of type 'integer' - 'dimensions'`), `input` is checked on its own
(`'$.input' is invalid. ...`), and every one of these errors has a null param and code. Fields are
declared in the order the real API checks them; the checks of the model's own layer come after, in
EMBEDDING_RULES, encoding_format first: its answers name the model (openai-model), the schema's do not.
"""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load

from ..errors import InvalidRequestError
from ..tokens import count_tokens
from ..validation import load, ordered
from .fields import Problem, arguments_supplied, literal

# What the real API allows per request (its API reference states both limits).
MAX_INPUTS = 2048
MAX_REQUEST_TOKENS = 300_000
# Token ids are ids of cl100k_base, the tokenizer of every embedding model.
MAX_TOKEN_ID = 100257
ENCODING_FORMATS = ("float", "base64")

INVALID_INPUT = Problem("'$.input' is invalid. Please check the API reference: "
                        "https://platform.openai.com/docs/api-reference.", param=None)


def schema_problem(message):
    """Return a problem worded as `jsonschema` words it: the message, then the field's path."""
    return Problem(f"{message} - '{{param}}'", param=None)


class ProblemField(fields.Field):
    """A field whose own error messages (required, null) are Problems, kept as they are."""

    def make_error(self, key, **kwargs):
        message = self.error_messages.get(key)
        if isinstance(message, Problem):
            return ValidationError(message)
        return super().make_error(key, **kwargs)


class JsonSchemaType(ProblemField):
    """A value of one JSON schema type (`integer` or `string`), with an optional minimum."""

    def __init__(self, json_type, minimum=None, **kwargs):
        super().__init__(**kwargs)
        self.json_type, self.minimum = json_type, minimum
        self.error_messages["null"] = schema_problem(f"None is not of type '{json_type}'")

    def _deserialize(self, value, attr, data, **kwargs):
        sent = value
        if self.json_type == "integer" and isinstance(value, float) and value.is_integer():
            value = int(value)
        wanted = int if self.json_type == "integer" else str
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise ValidationError(schema_problem(f"{literal(repr(value))} is not of type '{self.json_type}'"))
        # jsonschema takes 0.0 for an integer but prints it as sent: `0.0 is less than the minimum of 1`.
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(schema_problem(f"{sent!r} is less than the minimum of {self.minimum}"))
        return value


def _is_token_ids(value):
    return bool(value) and all(type(item) is int for item in value)


class EmbeddingInput(ProblemField):
    """Text or token ids: a string, or an array of 1 to 2,048 strings, token ids or token-id arrays.

    Loads as (inputs, lone): the list of inputs, each a string or a list of token ids, and whether
    the request held one input on its own (a string or one array of token ids).
    """

    default_error_messages = {"null": INVALID_INPUT,
                              "required": Problem("'input' is a required property", param=None)}

    def _deserialize(self, value, attr, data, **kwargs):
        # A lone empty string is embedded (1 token, ada-002, a tracing library's cassette of August 2025, as
        # clients reported in 2023 and 2024); in an array it is refused (recorded).
        if isinstance(value, str):
            return [value], True
        if not isinstance(value, list) or not 0 < len(value) <= MAX_INPUTS:
            raise ValidationError(INVALID_INPUT)
        if _is_token_ids(value):
            return [value], True
        if all(isinstance(item, str) and item for item in value):
            return value, False
        if all(isinstance(item, list) and _is_token_ids(item) for item in value):
            return value, False
        raise ValidationError(INVALID_INPUT)


class EmbeddingRequest(Schema):
    """POST /v1/embeddings."""

    class Meta:
        unknown = EXCLUDE

    input = EmbeddingInput(required=True)
    model = JsonSchemaType("string")
    dimensions = JsonSchemaType("integer", minimum=1)
    user = JsonSchemaType("string")
    # Checked by the model's layer, after this schema (encoding_format_supported).
    encoding_format = fields.Raw(load_default="float", allow_none=True)

    @post_load
    def add_token_counts(self, req, **kwargs):
        """Add each input's prompt tokens, as `tokens`."""
        req["tokens"] = [input_tokens(item) for item in req["input"][0]]
        return req


def input_tokens(item):
    """Return the prompt tokens of one input: its token ids, or the estimate of its text (an empty one 1)."""
    return (count_tokens(item) or 1) if isinstance(item, str) else len(item)


def arguments_known(model, req):
    """Refuse the arguments the endpoint does not know, all of them at once, in the older stack's words (`Unrecognized
    request argument supplied: x`, several `... arguments supplied: a, b`, param and code null).

    No recording sends one. The endpoint's checks are the older stack's, `jsonschema` types worded `'1' is not of
    type 'integer' - 'dimensions'` with param and code null, as chat's and legacy completions' were until 2023 (a
    client's mocks of chat quote `'x' is not of type 'number' - 'temperature'`); that stack refused an unknown
    top-level argument in these words (legacy completions' `messages`, recorded; Azure's chat `functions`), which
    AlphaBitCore/nexus-gateway's notes of 2026-05 quote from the embeddings endpoint of api.openai.com (`400
    Unrecognized request argument supplied: dimensions`, of ada-002, which the recordings show refusing dimensions
    in other words: perhaps another deployment's answer). So refused, a reasoned guess; the listing of several and
    the place of the check (after the schema's type checks, before the model's, as chat places its own) are
    guesses too.
    """
    if req["unrecognized"]:
        return InvalidRequestError(arguments_supplied(req["unrecognized"]))


def encoding_format_supported(model, req):
    """Refuse an encoding_format but `float` and `base64` (a null was taken as `float`), with the value as Python
    prints it (recorded: `= 123`, `= unknown`)."""
    value = req["encoding_format"]
    if not isinstance(value, str) or value not in ENCODING_FORMATS:
        return InvalidRequestError(f"Invalid value for 'encoding_format' = {value}. Supported values: "
                                   f"{list(ENCODING_FORMATS)}.")


def dimensions_supported(model, req):
    """Refuse `dimensions` for a model that cannot shorten its vectors, or beyond its native size."""
    dimensions = req.get("dimensions")
    if dimensions is not None and (not model.supports("shortening") or dimensions > model.dimensions):
        return InvalidRequestError("This model does not support specifying dimensions.")


def token_ids_in_range(model, req):
    """Refuse a token id the tokenizer does not have."""
    inputs, _ = req["input"]
    for item in inputs:
        if not isinstance(item, str) and not 0 <= min(item) <= max(item) <= MAX_TOKEN_ID:
            bad = next(token for token in item if not 0 <= token <= MAX_TOKEN_ID)
            return InvalidRequestError(f"Invalid token in prompt: {bad}. Minimum value is 0, maximum value is "
                                       f"{MAX_TOKEN_ID} (inclusive).")


def input_lengths(model, req):
    """Refuse an input longer than the model's context, then a request over the per-request total."""
    _, lone = req["input"]
    counts = req["tokens"]
    limit = model.context_length
    for index, count in enumerate(counts):
        if count > limit and lone:
            return InvalidRequestError(f"Invalid 'input': maximum context length is {limit} tokens.")
        if count > limit:
            return InvalidRequestError(f"Invalid 'input[{index}]': maximum input length is {limit} tokens.",
                                       param=f"input[{index}]", code="invalid_value")
    if sum(counts) > MAX_REQUEST_TOKENS:
        return InvalidRequestError(f"Requested {sum(counts)} tokens, max {MAX_REQUEST_TOKENS} tokens per request",
                                   type="max_tokens_per_request", code="max_tokens_per_request")


EMBEDDING_RULES = ordered(arguments_known, encoding_format_supported, dimensions_supported, token_ids_in_range,
                          input_lengths)

embedding_request = EmbeddingRequest()


def load_embedding_request(body):
    """Load an embeddings request body, raising the one OpenAI error of an invalid request; the names of the body's
    arguments the schema does not know are kept as `unrecognized` (EMBEDDING_RULES refuses them)."""
    req = load(embedding_request, body)
    req["unrecognized"] = tuple(body.keys() - embedding_request.declared_fields.keys())
    if req["encoding_format"] is None:
        # A null is as if it were not sent: LiteLLM (1.80.11 on, late 2025 into 2026) sends `encoding_format: null`
        # to api.openai.com on purpose, to keep the SDK from asking for base64 (its test
        # test_encoding_format_none_not_omitted_from_openai_sdk), and only stricter servers were reported refusing
        # it (BerriAI/litellm#19174, agent0ai/agent-zero#1429: "The official OpenAI API silently ignores null").
        req["encoding_format"] = "float"
    return req
