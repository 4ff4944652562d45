"""What every answer carries on the wire: request id, OpenAI headers, an access-log line."""
import json
import logging
import time

from flask import current_app, g, request

from . import ids
from .errors import InvalidRequestError

log = logging.getLogger("fauxpen")


def go_duration(seconds):
    """Format seconds the way Go prints a time.Duration, as the x-ratelimit-reset-* headers do."""
    if seconds < 1:
        return f"{max(int(round(seconds * 1000)), 0)}ms"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{secs:.3f}".rstrip("0").rstrip(".") + "s"
    if hours >= 1:
        return f"{int(hours)}h{int(minutes)}m{text}"
    if minutes >= 1:
        return f"{int(minutes)}m{text}"
    return text


def ratelimit_headers(requests_limit, tokens_limit, tokens_used):
    """Return the six x-ratelimit-* headers for one request that used tokens_used tokens."""
    tokens_used = min(max(tokens_used, 0), tokens_limit)
    return {
        "x-ratelimit-limit-requests": str(requests_limit),
        "x-ratelimit-limit-tokens": str(tokens_limit),
        "x-ratelimit-remaining-requests": str(requests_limit - 1),
        "x-ratelimit-remaining-tokens": str(tokens_limit - tokens_used),
        "x-ratelimit-reset-requests": go_duration(60.0 / requests_limit),
        "x-ratelimit-reset-tokens": go_duration(60.0 * tokens_used / tokens_limit),
    }


def start_request():
    """Stamp the request with its id and start time."""
    state = g._get_current_object()  # one proxy lookup (each costs about a microsecond), not three
    state.request_id = ids.request_id()
    state.started = time.perf_counter()
    state.tokens_used = 0


# The headers that replace any of the same name an answer set; the x-ratelimit-* ones only fill in.
_REPLACED = ("x-request-id", "openai-organization", "openai-processing-ms", "openai-version",
             "access-control-expose-headers")
_WIRE_HEADERS = "fauxpen.wire_headers"  # where finish_response leaves them in the WSGI environ


def finish_response(response):
    """Prepare the headers the real API sends on every answer, then write the access line.

    The headers go to the WSGI layer (see WireHeaders), not to response.headers: werkzeug checks and then
    copies every header of response.headers, which cost more than the rest of the hook.
    """
    # One lookup per proxy: each costs about a microsecond, and this runs on every request.
    config, state, req = current_app.config, g._get_current_object(), request._get_current_object()
    elapsed_ms = int((time.perf_counter() - state.get("started", time.perf_counter())) * 1000)
    request_id = state.get("request_id", "")
    req.environ[_WIRE_HEADERS] = [
        ("x-request-id", request_id),
        ("openai-organization", config["FAUXPEN_ORGANIZATION"]),
        ("openai-processing-ms", str(elapsed_ms)),
        ("openai-version", "2020-10-01"),
        ("access-control-expose-headers", "X-Request-ID"),
        *ratelimit_headers(config["FAUXPEN_RATELIMIT_REQUESTS"], config["FAUXPEN_RATELIMIT_TOKENS"],
                           state.get("tokens_used", 0)).items(),
    ]
    log.info('%s %s %s %dms %s', req.method, req.path, response.status_code, elapsed_ms, request_id)
    if config["FAUXPEN_VERBOSE"]:
        log.info("request body: %s", req.get_data(as_text=True)[:65536])
        body = "<stream>" if response.is_streamed else response.get_data(as_text=True)[:65536]
        log.info("response body: %s", body)
    return response


class WireHeaders:
    """WSGI middleware: add the headers finish_response prepared to the answer's header list.

    Ours replace headers of the same name the answer carries, except the x-ratelimit-* ones, which an answer
    may set itself (a 429, say).
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start_with_wire_headers(status, headers, exc_info=None):
            ours = environ.pop(_WIRE_HEADERS, None)
            if ours:
                present = {name.lower() for name, _ in headers}
                if not present.isdisjoint(_REPLACED):
                    headers = [(name, value) for name, value in headers if name.lower() not in _REPLACED]
                headers += [(name, value) for name, value in ours if name in _REPLACED or name not in present]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_wire_headers)


INVALID_JSON_MESSAGE = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP "
    "library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have "
    "trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)"
)


def json_body():
    """Return the request body parsed as JSON, whatever the content type; {} when empty."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise InvalidRequestError(INVALID_JSON_MESSAGE) from None


def register(app):
    """Install the request hooks on app."""
    app.before_request(start_request)
    app.after_request(finish_response)
    app.wsgi_app = WireHeaders(app.wsgi_app)
