"""The OpenAI error envelope: one exception hierarchy, rendered by one set of handlers."""
import logging

from flask import g, request
from werkzeug.exceptions import HTTPException

from . import context
from .jsontext import go_scalar, json_response, scalar, utf8

log = logging.getLogger("fauxpen")

SERVER_ERROR_MESSAGE = (
    "The server had an error while processing your request. Sorry about that! You can retry your "
    "request, or contact us through our help center at help.openai.com if the error persists. "
    "(Please include the request ID {request_id} in your message.)"
)


class OpenAIError(Exception):
    """An error the API answers with `{"error": {message, type, param, code}}`."""

    status = 400
    type = "invalid_request_error"
    # Errors raised before a request reaches the model layer (routing, model lookup) say charset.
    content_type = "application/json"
    # Whether the front layer's answer says `vary: Origin` (see error_response).
    varies = False
    # Whether a GatewayError is the endpoint's own refusal, written as its others are (see error_response).
    own = False

    def __init__(self, message, param=None, code=None, status=None, type=None, headers=None):
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code
        if status is not None:
            self.status = status
        if type is not None:
            self.type = type
        self.headers = headers or {}

    def to_dict(self):
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}

    def to_json(self):
        """Return to_dict() as the JSON bytes json_bytes writes (compact), from an f-string."""
        return utf8(f'{{"error":{{"message":{scalar(self.message)},"type":{scalar(self.type)},'
                    f'"param":{scalar(self.param)},"code":{scalar(self.code)}}}}}')

    def body(self):
        """Return the envelope as the chat, completions and embeddings endpoints write a refusal: indented by two,
        as they write their answers (error_response adds the newline where they do; recorded lengths, 2025), from
        an f-string."""
        return utf8(f'{{\n  "error": {{\n    "message": {scalar(self.message)},\n    "type": {scalar(self.type)},\n'
                    f'    "param": {scalar(self.param)},\n    "code": {scalar(self.code)}\n  }}\n}}')


class InvalidRequestError(OpenAIError):
    """A 400 invalid_request_error."""


def missing_parameter(param):
    """The API's refusal of a required parameter left out: `Missing required parameter: 'x'.`"""
    return InvalidRequestError(f"Missing required parameter: '{param}'.", param=param,
                               code="missing_required_parameter")


class GatewayError(OpenAIError):
    """An error the API's front layer answers, before the model's own validation."""

    content_type = "application/json; charset=utf-8"

    def body(self):
        """Return the envelope as the front layer writes it, as Go's encoding/json indents it: by four, with <, >
        and & escaped (error_response adds the newline; recorded, 2024-2026: 401, 404 model_not_found, 429)."""
        return utf8(f'{{\n    "error": {{\n        "message": {go_scalar(self.message)},\n        "type": '
                    f'{go_scalar(self.type)},\n        "param": {go_scalar(self.param)},\n        "code": '
                    f'{go_scalar(self.code)}\n    }}\n}}')


class NotFoundError(GatewayError):
    """A 404: unknown URL, model or object."""

    status = 404


class ModelNotFoundError(NotFoundError):
    """The model named in a request is not one the registry knows."""

    varies = True

    def __init__(self, model):
        super().__init__(
            f"The model `{model}` does not exist or you do not have access to it.", code="model_not_found"
        )


class RetiredModelError(ModelNotFoundError):
    """A model the API has shut down (registry.unknown_model): the same 404, in the words of its retirement (quoted
    of text-davinci-003 and davinci in 2024, gpt-3.5-turbo-0301 and gpt-4-vision-preview in 2025, gpt-3.5-turbo-1106
    in a probe of September 2026)."""

    def __init__(self, model):
        NotFoundError.__init__(self, f"The model `{model}` has been deprecated, learn more here: "
                               "https://platform.openai.com/docs/deprecations", code="model_not_found")


class MissingModelError(GatewayError):
    """A request that names no model, refused by the front layer."""

    varies = True

    def __init__(self):
        super().__init__("you must provide a model parameter")


class BodyTimeoutError(InvalidRequestError):
    """A 408: the request's body stopped coming (FAUXPEN_BODY_TIMEOUT_SECONDS without a byte), the client still
    connected. What the API's front answers a stalled body is not recorded: the status is HTTP's for a request the
    server stopped waiting for (RFC 9110 15.5.9; openai-python retries it), the words a guess."""

    status = 408

    def __init__(self, seconds, rate=None):
        if rate is not None:  # it kept coming, too slowly (SlowBody)
            super().__init__(f"Timed out reading the request body: it came slower than {rate:g} bytes a second "
                             f"after its first {seconds:g} second{'' if seconds == 1 else 's'}.")
            return
        super().__init__("Timed out reading the request body: nothing arrived for "
                         f"{seconds:g} second{'' if seconds == 1 else 's'}.")


class SlowBody(TimeoutError):
    """What a body's read raises, under gunicorn's gthread worker, when the body has taken longer than its time
    (FAUXPEN_BODY_TIMEOUT_SECONDS, and a second more for each `rate` bytes that came: fauxpen.serving.HeadDeadline),
    each byte however having come within the time a body may go without one. Refused as BodyTimeoutError."""

    def __init__(self, rate):
        super().__init__(f"the request body came slower than {rate:g} bytes a second")
        self.rate = rate


class InvalidURLError(NotFoundError):
    """A path or method the API does not serve."""

    def __init__(self, method, path):
        super().__init__(f"Invalid URL ({method} {path})")


class ServerError(OpenAIError):
    """A 500 with the real API's wording."""

    status = 500
    type = "server_error"
    template = SERVER_ERROR_MESSAGE

    def __init__(self, request_id):
        super().__init__(self.template.format(request_id=request_id))


class OverloadedError(ServerError):
    """A 503: the model is overloaded."""

    status = 503
    template = (
        "That model is currently overloaded with other requests. You can retry your request, or contact us "
        "through our help center at help.openai.com if the error persists. (Please include the request ID "
        "{request_id} in your message.)"
    )


class AuthenticationError(GatewayError):
    """A 401: no API key, or one the server does not accept."""

    status = 401
    varies = True


class MissingAPIKeyError(AuthenticationError):
    def __init__(self):
        super().__init__(
            "You didn't provide an API key. You need to provide your API key in an Authorization header using "
            "Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) "
            "if you're accessing the API from your browser and are prompted for a username and password. You "
            "can obtain an API key from https://platform.openai.com/account/api-keys.")


def mask_api_key(key):
    """Mask a key as the real API echoes it: its first 8 and last 4 characters; a short key as it is."""
    if len(key) <= 12:
        return key
    return key[:8] + "*" * (len(key) - 12) + key[-4:]


class IncorrectAPIKeyError(AuthenticationError):
    def __init__(self, key):
        self.key = key  # the layer that refuses it depends on its form (views.key_refusals_as_text)
        super().__init__(f"Incorrect API key provided: {mask_api_key(key)}. You can find your API key at "
                         "https://platform.openai.com/account/api-keys.", code="invalid_api_key")


class RateLimitError(GatewayError):
    """A 429: the organization's tokens-per-minute limit is reached."""

    status = 429
    type = "tokens"

    def __init__(self, model, organization, limit, used, requested, wait, headers=None):
        super().__init__(
            f"Rate limit reached for {model} in organization {organization} on tokens per min (TPM): Limit "
            f"{limit}, Used {used}, Requested {requested}. Please try again in {wait}. Visit "
            "https://platform.openai.com/account/rate-limits to learn more.", code="rate_limit_exceeded",
            headers=headers)


class RequestTooLargeError(GatewayError):
    """A 429: one request the rate limiter reckons at more tokens than the limit of a minute (recorded on
    gpt-4.1-nano and gpt-5-nano, ruby_llm's cassettes, 2025-2026)."""

    status = 429
    type = "tokens"

    def __init__(self, model, organization, limit, requested):
        super().__init__(
            f"Request too large for {model} in organization {organization} on tokens per min (TPM): Limit {limit}, "
            f"Requested {requested}. The input or output tokens must be reduced in order to run successfully. "
            "Visit https://platform.openai.com/account/rate-limits to learn more.", code="rate_limit_exceeded")


class QuotaError(GatewayError):
    """A 429: the account has no quota left."""

    status = 429
    type = "insufficient_quota"

    def __init__(self):
        super().__init__(
            "You exceeded your current quota, please check your plan and billing details. For more information "
            "on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
            code="insufficient_quota")


# What the front layer's refusals but a key's expose: CF-Ray twice, without the X-Request-ID its answers name first
# (braintrust-sdk-python's cassette of an unknown model's 404 on chat, October 2026; none in April 2026). Its 400 for
# a request without a model and its 403 for an embedding model sent to chat by analogy.
FRONT_EXPOSED = "CF-Ray, CF-Ray"


def error_response(error, chat=None):
    """Render an OpenAIError as its JSON envelope and status, with a newline at the end but for the chat endpoint's
    own refusals (its front layer's keep theirs): the 1,243 refused chat requests of the conformance recordings
    that give their length, and a gpt-5 refusal of October 2025 (247 bytes), end at the closing brace, where
    embeddings' refusals (27 recordings) and completions' end with a newline.

    The front layer's refusals of a request without a model, with an unknown one or with a wrong key say
    `vary: Origin`, as the conformance recordings' 400s and 404s of chat and embeddings do and
    newrelic-python-agent's cassettes' 401s and 404s (November 2024 and July 2026); its other answers do not.

    chat: whether the chat endpoint refuses it, where the handler knows (None: read off the request)."""
    front = isinstance(error, GatewayError) and not error.own
    if chat is None:
        chat = request.blueprint == "chat"
    end = b"" if chat and not front else b"\n"
    headers = {**error.headers, "vary": "Origin"} if error.varies else error.headers
    if error.varies and not isinstance(error, AuthenticationError):
        context.note("exposed", FRONT_EXPOSED)
    return json_response(error.body(), error.status, error.content_type, headers, end)


def release(exc):
    """Let go of the tracebacks of exc and of the errors it was raised while handling.

    A traceback holds its frames, and a frame may hold the error: marshmallow raises its ValidationError from
    a local variable, and Flask raises the routing error it keeps on the request. Such a cycle, with every
    frame up the stack, waits for the garbage collector; without the tracebacks, counting references frees it.
    The handlers answer with the envelope and need none of them.
    """
    while exc is not None:
        exc.__traceback__ = None
        exc = exc.__context__


def handle_openai_error(error, chat=None):
    """Answer an OpenAIError a request raised with its envelope (chat: as error_response takes it)."""
    release(error)
    return error_response(error, chat)


CLOSING = "fauxpen.closing"  # in the WSGI environ: the server closes the connection after this answer (wire)


def handle_http_exception(exc):
    """Answer werkzeug's HTTP errors (404, 405, 413, ...) in the OpenAI envelope.

    A 413 refuses a body not read to its end (its length over the limit, a chunked body or a form's parts read up to
    it): the connection's last answer, as the answers after which the server does not read on are (CLOSING). The rest
    of the body is where the next request would start; under gunicorn, what its drain of 64 KiB did not reach closed
    the connection after an answer that said keep-alive. nginx, a front end's usual server, ends keep-alive on the
    413 it answers itself (ngx_http_special_response_handler, as on its 400, 414 and 500).
    """
    release(exc)
    if exc.code in (404, 405):
        return error_response(InvalidURLError(request.method, request.path))
    if exc.code == 413:
        request.environ[CLOSING] = True
        return error_response(InvalidRequestError(
            "Request body too large: the maximum request size is "
            f"{request.max_content_length} bytes.", code="request_too_large", status=413))
    return error_response(OpenAIError(exc.description or exc.name, status=exc.code,
                                      type="invalid_request_error"))


def handle_unexpected(exc):
    """Log an unexpected exception and answer 500 with no traceback in the body."""
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    log.exception("unhandled error on %s %s", request.method, request.path)
    release(exc)
    return error_response(ServerError(g.get("request_id", "")))


INVALID_JSON_MESSAGE = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP "
    "library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have "
    "trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)"
)


def handle_too_deep(exc):
    """Answer a body nested too deep for Python to walk as one the API cannot parse, as the JSON reader does.

    What fauxpen walks recursively is what a request sent: JSON a few hundred levels deep (a schema of nested
    `not`s) reads, but checking it recurses out.
    """
    release(exc)
    return error_response(InvalidRequestError(INVALID_JSON_MESSAGE))


def register(app):
    """Install the handlers that turn every failure into the OpenAI envelope."""
    app.register_error_handler(RecursionError, handle_too_deep)
    app.register_error_handler(OpenAIError, handle_openai_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
