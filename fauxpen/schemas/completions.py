"""The legacy completion request (POST /v1/completions), as a marshmallow schema, and the checks after it.

Fields are worded as chat's are and declared in the order of the API's reference; the checks that tie fields
together or need the model come after, in COMPLETION_RULES.
"""
from marshmallow import EXCLUDE, Schema, ValidationError, pre_load

from ..errors import InvalidRequestError
from ..rules import digits, logit_bias, stream_options
from ..text_completion import END_OF_TEXT
from ..tokens import count_tokens
from ..validation import given, load, ordered
from . import fields as f
from .chat import Stop, StreamOptions
from .messages import empty_array

# The completion's length when max_tokens is left out or null.
DEFAULT_MAX_TOKENS = 16

PROMPT_TYPES = "one of a string, array of strings, array of integers, or array of arrays of integers"


class Prompt(f.Strict):
    """Text or token ids: a string, an array of strings, an array of token ids, or an array of such arrays.

    Loads as the list of prompts, each a string or a list of token ids.
    """

    expected = PROMPT_TYPES
    types = (str, list)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, str):
            return [value]
        if not value:
            raise ValidationError(empty_array())
        if _is_token_id(value[0]):  # one prompt of token ids: every item an integer
            _check_token_ids(value)
            return [value]
        for index, item in enumerate(value):  # several prompts: each a string or an array of token ids
            if isinstance(item, list):
                if not item:
                    raise ValidationError({index: [empty_array()]})
                try:
                    _check_token_ids(item)
                except ValidationError as exc:
                    raise ValidationError({index: exc.messages}) from None
            elif not isinstance(item, str):
                raise ValidationError({index: [f.invalid_type("one of a string or array of integers", item)]})
        return value


def _is_token_id(item):
    return type(item) is int


def _check_token_ids(items):
    """Refuse the first item of a token-id array that is not an integer."""
    for index, item in enumerate(items):
        if not _is_token_id(item):
            raise ValidationError({index: [f.invalid_type("an integer", item)]})


class CompletionRequest(Schema):
    """POST /v1/completions."""

    class Meta:
        unknown = EXCLUDE

    model = f.String(required=True)
    prompt = Prompt(allow_none=True, load_default=None)
    best_of = f.Integer(minimum=0, maximum=20, allow_none=True)
    echo = f.Boolean(allow_none=True)
    frequency_penalty = f.Decimal(minimum=-2, maximum=2, allow_none=True)
    logit_bias = f.Object(allow_none=True)
    logprobs = f.Integer(minimum=0, allow_none=True)
    max_tokens = f.Integer(minimum=0, allow_none=True)
    n = f.Integer(minimum=1, maximum=128, allow_none=True)
    presence_penalty = f.Decimal(minimum=-2, maximum=2, allow_none=True)
    seed = f.Integer(**f.SEED_BOUNDS, allow_none=True)
    stop = Stop(allow_none=True)
    stream = f.Boolean(allow_none=True)
    stream_options = f.NestedObject(StreamOptions, allow_none=True)
    suffix = f.String(allow_none=True)
    temperature = f.Decimal(minimum=0, maximum=2, allow_none=True)
    top_p = f.Decimal(minimum=0, maximum=1, allow_none=True)
    user = f.String(allow_none=True)

    @pre_load
    def reject_unknown(self, data, **kwargs):
        """Refuse arguments the endpoint does not know (messages, say), as the real API words it."""
        return f.reject_unknown_arguments(self, data)


completion_request = CompletionRequest()


class LegacyRequest(dict):
    """A valid completion request's parameters, with each prompt's tokens (prompt_tokens, a list)."""

    prompt_tokens = ()


def prompt_tokens(prompt):
    """Return the tokens of one prompt: its token ids, or the estimate of its text (no chat framing)."""
    return count_tokens(prompt) if isinstance(prompt, str) else len(prompt)


def load_completion_request(body):
    """Load a completion request body into a LegacyRequest, raising the one OpenAI error of an invalid request."""
    req = LegacyRequest(load(completion_request, body))
    if req.get("prompt") is None:
        req["prompt"] = [END_OF_TEXT]
    req.prompt_tokens = [1 if p == END_OF_TEXT else prompt_tokens(p) for p in req["prompt"]]
    return req


def max_tokens(req):
    """Return the completion's length limit: max_tokens, or 16 when the request leaves it out."""
    value = req.get("max_tokens")
    return DEFAULT_MAX_TOKENS if value is None else value


@given("best_of", "n")
def best_of(model, req):
    """Generate at least as many completions as are returned."""
    n, best = req.get("n") or 1, req.get("best_of")
    if best is not None and best < n:
        return InvalidRequestError(f"best_of must be greater than or equal to n, but got best_of={best} and n={n}.",
                                   param="best_of")


@given("best_of")
def best_of_stream(model, req):
    """Pick the best of several completions only when the answer is not streamed."""
    if (req.get("best_of") or 1) > 1 and req.get("stream"):
        return InvalidRequestError("Cannot stream results with best_of > 1.", param="best_of")


@given("echo")
def echo_logprobs(model, req):
    """Refuse echo with logprobs on the models that cannot score a prompt (gpt-3.5-turbo-instruct)."""
    if req.get("echo") and req.get("logprobs") is not None and not model.supports("echo_logprobs"):
        return InvalidRequestError("Setting 'echo' and 'logprobs' at the same time is not supported for this model.")


@given("max_tokens")
def zero_length(model, req):
    """A completion of length 0 is only of use for the logprobs of the prompt."""
    if req.get("max_tokens") == 0 and req.get("logprobs") is None:
        return InvalidRequestError(
            "You requested a length 0 completion, but did not specify a 'logprobs' parameter to see the probability "
            "of each token. Either request a completion with length greater than 1, or set 'logprobs' to 0 (to see "
            "the probabilities of each token you submitted) or more (to also see the probabilities over alternative "
            "tokens).")


def token_ids_in_range(model, req):
    """Refuse a token id the tokenizer does not have, in the embeddings endpoint's words (recorded on
    gpt-3.5-turbo-instruct in August 2025: `Invalid token in prompt: 123456. ...`, param and code null); where the
    check sits among the others is a guess."""
    last = model.max_token_id
    for prompt in req["prompt"]:
        if isinstance(prompt, list):
            bad = next((token for token in prompt if not 0 <= token <= last), None)
            if bad is not None:
                return InvalidRequestError(f"Invalid token in prompt: {bad}. Minimum value is 0, maximum value is "
                                           f"{last} (inclusive).")


def context_length(model, req):
    """Keep each prompt and the completion within the model's context, in the legacy endpoint's words."""
    window, limit = model.context_length, max_tokens(req)
    prompt = max(req.prompt_tokens)
    if prompt + limit > window:
        return InvalidRequestError(
            f"This model's maximum context length is {window} tokens, however you requested "
            f"{digits(prompt + limit)} tokens ({prompt} in your prompt; {limit} for the completion). Please reduce "
            "your prompt; or completion length.")


COMPLETION_RULES = ordered(best_of, best_of_stream, stream_options, echo_logprobs, logit_bias, zero_length,
                           token_ids_in_range, context_length)
