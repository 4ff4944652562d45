"""What every answer carries on the wire: request id, OpenAI headers, an access-log line."""
import dataclasses
import functools
import hashlib
import io
import json
import logging
import math
import os
import re
import socket
import sys
import threading
import time

from flask import Request, Response
from werkzeug import formparser
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.sansio.multipart import Field, File, MultipartDecoder
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream, get_content_length, get_input_stream

from . import context, ids
from .errors import (CLOSING, INVALID_JSON_MESSAGE, BodyTimeoutError, InvalidRequestError, RequestTooLargeError,
                     SlowBody)

log = logging.getLogger("fauxpen")


def go_duration(seconds):
    """Format seconds the way Go prints a time.Duration cut to whole milliseconds, as the x-ratelimit-reset-*
    headers do: 7.56 ms is 7ms, 1.92 ms 1ms (four recordings of 2025-2026 of gpt-4 and gpt-4o, langchaingo's)."""
    milliseconds = max(int(seconds * 1000 + 1e-6), 0)  # the nudge: 0.006 s is 6 ms, whatever the float's last bit
    if milliseconds < 1000:
        return f"{milliseconds}ms" if milliseconds else "0s"  # Go prints a zero duration as 0s (recorded)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    text = f"{rest / 1000:.3f}".rstrip("0").rstrip(".") + "s"
    if hours:
        return f"{hours}h{minutes}m{text}"
    if minutes:
        return f"{minutes}m{text}"
    return text


def ratelimit_headers(requests_limit, tokens_limit, tokens_used):
    """Return the six x-ratelimit-* headers for one request that used tokens_used tokens, as (name, value) pairs."""
    tokens_used = min(max(tokens_used, 0), tokens_limit)
    limit_requests, limit_tokens, remaining_requests, reset_requests = _fixed_ratelimit_headers(requests_limit,
                                                                                                tokens_limit)
    return [
        limit_requests,
        limit_tokens,
        remaining_requests,
        ("x-ratelimit-remaining-tokens", str(tokens_limit - tokens_used)),
        reset_requests,
        ("x-ratelimit-reset-tokens", go_duration(60.0 * tokens_used / tokens_limit)),
    ]


def check_request_size(model, name, tokens, config):
    """Refuse a request the limiter reckons at more tokens than the limit of a minute (FAUXPEN_RATELIMIT_TOKENS) as
    the API does, before the model's own checks: `Request too large for gpt-5-nano in organization ... (TPM): Limit
    200000, Requested 2500013. ...` (ruby_llm's cassettes, 2025-2026: ten messages of 1,000,000 characters and "Hi",
    the limiter's estimate exactly). A gpt-4.1 model's request over 128,000 is named for its long-context limit
    (`gpt-4.1-nano-long-context`, recorded; the threshold is OpenAI's rate-limit page's)."""
    limit = config["FAUXPEN_RATELIMIT_TOKENS"]
    if tokens <= limit:
        return
    context.note("tokens_used", 0)  # nothing taken off (remaining 200000 of 200000, recorded)
    if model.id.startswith("gpt-4.1") and tokens > LONG_CONTEXT_TOKENS:
        name += "-long-context"
    raise RequestTooLargeError(name, config["FAUXPEN_ORGANIZATION_ID"], limit, tokens)


LONG_CONTEXT_TOKENS = 128000


# What the limiter reckons a picture costs, whatever its size or detail: a high-detail 1024 x 1024 picture's tokens
# (85 + 4 x 170), in seven recordings.
LIMITER_PICTURE_TOKENS = 765


def chat_limiter_tokens(body):
    """Return the tokens a chat completion request takes off x-ratelimit-remaining-tokens: not what it uses but the
    limiter's estimate before the model runs, a quarter of the characters of the messages' text (string contents
    and parts of type text), rounded up, 765 tokens a picture or a file, a token a message, and one for each answer
    asked for (n). Taken off a refused request too. It gives the deduction of 1,879 of the 2,053 chat recordings
    that carry the header (the others overlapped other requests of the limit's minute), and those of 2025-2026
    captures of gpt-4o-mini, gpt-4.1, gpt-5 and gpt-4o-audio-preview, where usage would give many times more;
    max_tokens, tools, response formats, refusal parts and sound add nothing (a 0.2 s clip on gpt-4o-audio-preview
    in February 2026; one refused recording on gpt-4 took 765 for a clip, as for a picture). A file part (a
    one-page PDF, by id and inline) took 783 with 58 characters of text on gpt-4o-mini, where this gives 782
    (openai-dotnet session records, September 2025 and February 2026; that account's gpt-4o-mini recordings run a
    token or two over)."""
    messages = body.get("messages")
    messages = messages if isinstance(messages, list) else ()
    characters = pictures = 0
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            characters += len(content)
        elif isinstance(content, list):
            for part in content:
                kind = part.get("type") if isinstance(part, dict) else None
                if kind == "text" and isinstance(part.get("text"), str):
                    characters += len(part["text"])
                elif kind in ("image_url", "file"):
                    pictures += LIMITER_PICTURE_TOKENS
    n = body.get("n")
    return -(-characters // 4) + pictures + len(messages) + (n if type(n) is int else 1)


def completion_limiter_tokens(body):
    """Return the tokens a legacy completion request takes off x-ratelimit-remaining-tokens: not its usage but the
    limiter's estimate, a quarter of its prompts' UTF-8 bytes, rounded down, a token an id of token-id prompts, and
    one for each answer asked for (n); a refused request's too. gpt-3.5-turbo-instruct took 14, 33 and 12 for
    prompts of 54, 130 and 45 characters, whose usage was 30, 46 and 11, and 3 for a refused prompt of two token ids
    (a tracing library's cassettes, July and August 2025, n 1, x-ratelimit-reset-tokens agreeing); its Korean
    prompt of 27 bytes (13 characters) reset in 7's time, its remaining tokens saying 8."""
    prompt = body.get("prompt")
    prompts = prompt if isinstance(prompt, list) and not all(type(item) is int for item in prompt) else [prompt]
    size = sum(len(item.encode("utf-8", "surrogatepass")) for item in prompts if isinstance(item, str))
    token_ids = sum(len(item) if isinstance(item, list) else 1 for item in prompts
                    if isinstance(item, (list, int)) and not isinstance(item, bool))
    n = body.get("n")
    return size // 4 + token_ids + (n if type(n) is int else 1)


# What the Responses API's limiter takes off beside a request's prompt, and beside it when the request has tools;
# and beside a reasoning model's streamed one with tools (its own constant is the model's: streamed_ratelimit).
RESPONSES_LIMITER_TOKENS, RESPONSES_LIMITER_TOOL_TOKENS = 19, 198
REASONING_STREAM_LIMITER_TOOL_TOKENS = 286


def responses_limiter_tokens(prompt_tokens, tools, constant=RESPONSES_LIMITER_TOKENS,
                             tool_tokens=RESPONSES_LIMITER_TOOL_TOKENS):
    """Return the tokens a Responses request takes off x-ratelimit-remaining-tokens: not a quarter of its
    characters, as chat's limiter reckons, nor its usage, but its prompt's tokens (the input before any built-in
    tool's instructions or what a tool read back), a constant, and more when it has tools of any kind;
    max_output_tokens adds nothing.

    A model that does not reason: 19, and 198 with tools. Seventeen gpt-4o-mini answers of openai-dotnet's session
    records (August 2025 to August 2026) took 19 to 22 over their input tokens without tools (eight: 30 for "Hello,
    model!", input 11, usage 21; 33 for 33 characters, input 14) and 215 to 219 with one function (seven, a
    previous_response_id chain's whole input counted), a code interpreter's 216 and 218 over its question (233 and
    235 where the interpreter's two runs used 387). Two that ran 17 and 44 s (a chart drawn, a picture made) took
    hundreds more, as other requests of the same minute would; two file searches some thousand more, which the view
    counts as what the search read back.

    A reasoning model's stream (its unstreamed answer takes off nothing): the model's constant (models.json's
    streamed_ratelimit), and 286 with tools. Three streams of gpt-5.5 at effort low (simonw/llm's cassettes, May
    2026) took 174 for an input of 11 ("Reply with exactly: pong", no tools: 163), and 507 and 543 for inputs of 58
    and 94 with one function (a call, then its output), whatever they wrote (5, 23 and 18 tokens); two of gpt-5.6
    at effort high (openai-dotnet's session records, August 2026) took 162 and 161 for an input of 18 (143), whose
    usage was 75; two of gpt-5.4 at effort low (req_llm's fixtures, September 2026) took 206 and 860 for
    inputs of 43 and 697 (163, as gpt-5.5), and eleven of gpt-5.4 with one or two functions at effort none 455 or
    456 over their input of 57 to 189 (chatlas's cassettes, July 2026): its tools' share is 292 (models.json's
    streamed_ratelimit_tools), where three of its streams of May 2026 took 449 over theirs, gpt-5.5's 286 of that
    month (the same cassettes): the share grew between. What tools add on gpt-5.6 is not recorded (gpt-5.5's here).
    gpt-5.2's two streams with three functions of September 2026 (symfony/ai's fixtures) took 573 over their inputs
    of 153 and 16,599: its tools' share is that less gpt-5.5's constant, its constant without tools a guess.
    gpt-5.1's streams carry the headers (newrelic-python-agent's cassette, July 2026), their values scrubbed: its
    constant is gpt-5.5's, a guess."""
    return prompt_tokens + constant + (tool_tokens if tools else 0)


def embedding_limiter_tokens(body):
    """Return the tokens an embeddings request takes off x-ratelimit-remaining-tokens: as for chat, the limiter's
    estimate, a quarter of its texts' characters rounded up and a token an id of its token-id inputs, refused
    requests included (the recordings: 2 for "hello", which uses 1; 2 for ["foo", "bar"]; 4 for two pairs of ids)."""
    value = body.get("input")
    if isinstance(value, str):
        return -(-len(value) // 4)
    if not isinstance(value, list):
        return 0
    characters = sum(len(item) for item in value if isinstance(item, str))
    ids = sum(len(item) if isinstance(item, list) else 1 for item in value if not isinstance(item, str))
    return -(-characters // 4) + ids


def image_ratelimit_headers(limit, images):
    """Return the x-ratelimit-*-input-images headers of a request that sent images pictures (recorded on gpt-4o
    in June and July 2025: 250000, 249999 and 0s for one picture)."""
    images = min(images, limit)
    return [("x-ratelimit-limit-input-images", str(limit)),
            ("x-ratelimit-remaining-input-images", str(limit - images)),
            ("x-ratelimit-reset-input-images", go_duration(60.0 * images / limit))]


@functools.lru_cache(maxsize=8)
def _fixed_ratelimit_headers(requests_limit, tokens_limit):
    """Return the x-ratelimit-* headers that only the limits set: the same on every answer."""
    return (
        ("x-ratelimit-limit-requests", str(requests_limit)),
        ("x-ratelimit-limit-tokens", str(tokens_limit)),
        ("x-ratelimit-remaining-requests", str(requests_limit - 1)),
        ("x-ratelimit-reset-requests", go_duration(60.0 / requests_limit)),
    )


def _limits(config, noted):
    """Return the x-ratelimit-* headers of an answer: all six, or, as an endpoint noted (`ratelimit`), only the
    three of requests ("requests") or none (False)."""
    limits = noted.get("ratelimit", True)
    if limits is True:
        six = ratelimit_headers(config["FAUXPEN_RATELIMIT_REQUESTS"], config["FAUXPEN_RATELIMIT_TOKENS"],
                                noted.get("tokens_used", 0))
        pictures = noted.get("input_images")
        if not pictures:
            return six
        # Those of pictures in their alphabetical places among the six (limit, remaining and reset of input images
        # before those of requests), as the API writes them all (ruby_llm's cassettes, gpt-4.1-nano and gpt-5-nano,
        # 2025-2026).
        limit, remaining, reset = image_ratelimit_headers(config["FAUXPEN_RATELIMIT_INPUT_IMAGES"], pictures)
        return [limit, *six[:2], remaining, *six[2:4], reset, *six[4:]]
    if limits == "requests":
        limit, _, remaining, reset = _fixed_ratelimit_headers(config["FAUXPEN_RATELIMIT_REQUESTS"],
                                                              config["FAUXPEN_RATELIMIT_TOKENS"])
        return limit, remaining, reset
    return ()


def start_request(noted):
    """Stamp the request with its id and start time, in what it notes in g (its attributes)."""
    noted["request_id"] = ids.request_id()
    noted["started"] = time.perf_counter()
    noted["tokens_used"] = 0


# The headers a browser may read, as answers name them since mid-2026: chat's and the Responses API's (recorded
# June to September 2026 in several captures; `X-Request-ID` alone until April 2026) and the other endpoints' by
# analogy; the images and audio endpoints' name CF-Ray once (September 2026). CF-Ray is the edge's header, which
# fauxpen does not send (README, Headers).
EXPOSED = "X-Request-ID, CF-Ray, CF-Ray"
EXPOSED_ONCE = "X-Request-ID, CF-Ray"
# CF-Ray alone: chat's preflights and its 401 for a wrong sk- key (curl, August 2026); X-Request-ID alone: the models
# endpoint's 401 (the same).
EXPOSED_EDGE = "CF-Ray"
EXPOSED_REQUEST_ID = "X-Request-ID"
# The headers that replace any of the same name an answer set; the x-ratelimit-* ones only fill in.
_REPLACED = ("x-request-id", "openai-organization", "openai-processing-ms", "openai-project", "openai-version",
             "access-control-expose-headers")


def project_header(environ):
    """Return the openai-project header of a request made for a project, as (name, value) pairs: the project its
    OpenAI-Project header names, else one a project key (sk-proj-...) stands for, the same for the same key; none
    for another key. Recorded on answers to project keys (2025-2026, between openai-processing-ms and
    openai-version) and absent from those to an organization's key."""
    named = environ.get("HTTP_OPENAI_PROJECT")
    if named:
        return (("openai-project", named),)
    authorization = environ.get("HTTP_AUTHORIZATION")
    if authorization and authorization.startswith("Bearer sk-proj-"):
        return (("openai-project", _project_of(authorization[len("Bearer "):])),)
    return ()


@functools.lru_cache(maxsize=64)
def _project_of(key):
    """A project id for a key: proj_ and 24 letters and digits, drawn from the key's hash."""
    digest = hashlib.sha256(key.encode()).digest()
    return "proj_" + "".join(_ALNUM[byte % len(_ALNUM)] for byte in digest[:24])


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_WIRE_HEADERS = "fauxpen.wire_headers"  # where finish_response leaves them in the WSGI environ
# Headers an endpoint notes for its answers (in g, as `headers`): they only fill in, as CORS's own may be there.
NOTED = ("access-control-allow-origin", "openai-model")
# Every header finish_response prepares.
_NAMES = frozenset((*_REPLACED, *(name for name, _ in ratelimit_headers(1, 1, 0)),
                    *(name for name, _ in image_ratelimit_headers(1, 0)), *NOTED))


def finish_response(response, config, noted, req):
    """Prepare the headers the real API sends on every answer, then write the access line.

    noted: what the request noted in g (its attributes). The headers go to the WSGI layer (see WireHeaders),
    not to response.headers: werkzeug checks and then copies every header of response.headers, which cost more
    than the rest of the hook.
    """
    now = time.perf_counter()
    elapsed_ms = int((now - noted.get("started", now)) * 1000)
    request_id = noted.get("request_id", "")
    if "unauthenticated" in noted:
        # A 401 for a missing or wrong key: no organization is known, so no openai-* or x-ratelimit-* headers
        # (observed live in September 2026: they "appear only on authenticated requests"), nor
        # access-control-expose-headers before mid-2026 (ruby_llm's cassettes: chat's 401s of 2025 and January
        # 2026, and the Responses API's, have x-request-id alone of fauxpen's headers).
        # The Responses API's 401 of August 2026 exposes the headers its answers do (a browser's live capture).
        req.environ[_WIRE_HEADERS] = [("x-request-id", request_id),
                                      ("access-control-expose-headers", noted.get("exposed", EXPOSED)),
                                      *noted.get("headers", ())]
    elif "proxied" in noted:
        # The Decisions API's stack (a tracing library's cassettes, October 2026): no openai-organization nor
        # openai-version, any origin, its own exposed headers, and the time taken to the microsecond.
        elapsed = (now - noted.get("started", now)) * 1000
        req.environ[_WIRE_HEADERS] = [
            ("x-request-id", request_id),
            ("openai-processing-ms", str(elapsed_ms)),
            ("server-timing-total", f"{elapsed:.3f}"),
            ("access-control-allow-origin", "*"),
            ("access-control-expose-headers", "x-request-id,retry-after,server-timing-total"),
            *_limits(config, noted),
            *noted.get("headers", ()),
        ]
    elif "images" in noted:
        # The images endpoints' answers and refusals name the version first (openllmetry-js's recordings, a
        # generation's 200 and an edit's 400 of August 2025), and expose what the audio endpoints' do (September
        # 2026; none in 2025: openai-dotnet's session records, gpt-image-1 and dall-e-3, where chat's had it).
        req.environ[_WIRE_HEADERS] = [
            ("openai-version", "2020-10-01"),
            ("openai-organization", config["FAUXPEN_ORGANIZATION"]),
            *project_header(req.environ),
            ("x-request-id", request_id),
            ("openai-processing-ms", str(elapsed_ms)),
            ("access-control-expose-headers", EXPOSED_ONCE),
            *_limits(config, noted),
            *noted.get("headers", ()),
        ]
    elif "client_secret" in noted:
        # Realtime keys' answers name the version first, as the images endpoints' do, with the proxy's own header,
        # and expose CF-Ray alone (symfony/ai's fixture of a realtime key, September 2026; its recorder keeps no
        # x-request-id nor openai-processing-ms, which are written as the images endpoints' are, a guess).
        req.environ[_WIRE_HEADERS] = [
            ("openai-version", "2020-10-01"),
            ("openai-organization", config["FAUXPEN_ORGANIZATION"]),
            *project_header(req.environ),
            ("x-request-id", request_id),
            ("openai-processing-ms", str(elapsed_ms)),
            ("x-openai-proxy-wasm", "v0.1"),
            ("access-control-expose-headers", EXPOSED_EDGE),
            *_limits(config, noted),
            *noted.get("headers", ()),
        ]
    else:
        req.environ[_WIRE_HEADERS] = [
            ("x-request-id", request_id),
            ("openai-organization", config["FAUXPEN_ORGANIZATION"]),
            ("openai-processing-ms", str(elapsed_ms)),
            *project_header(req.environ),
            ("openai-version", "2020-10-01"),
            ("access-control-expose-headers", noted.get("exposed", EXPOSED)),
            *_limits(config, noted),
            *noted.get("headers", ()),
        ]
    if log.isEnabledFor(logging.INFO):
        # What log.info does, but for findCaller's walk up the stack for a file and line the line does not print.
        log.handle(access_record((req.method, req.path, response.status_code, elapsed_ms, request_id)))
    if config["FAUXPEN_VERBOSE"]:
        log.info("request body: %s", logged_request(req)[:65536])
        # A JSON answer written in chunks (embeddings) is read whole here; a stream of events or audio is not.
        body = ("<stream>" if response.is_streamed and response.mimetype != "application/json"
                else response.get_data(as_text=True)[:65536])
        log.info("response body: %s", body)
    return response


ACCESS_LINE = "%s %s %s %dms %s"  # method, path, status, milliseconds, request id
# An access line's record as logging makes it, for the attributes that are the same on every line (name, level,
# file and module, no exception): made once, where LogRecord works out each of them again per request.
_ACCESS_RECORD = vars(logging.LogRecord(log.name, logging.INFO, __file__, 0, ACCESS_LINE, (), None))


def access_record(args):
    """Return the LogRecord of an access line of args, as log.makeRecord makes it (the factory's LogRecord, with the
    same attributes and values), for a third of the work; another record factory, if one is set, makes it."""
    if logging.getLogRecordFactory() is not logging.LogRecord:
        return log.makeRecord(log.name, logging.INFO, __file__, 0, ACCESS_LINE, args, None)
    record = _new_record(logging.LogRecord)
    fields = record.__dict__
    fields.update(_ACCESS_RECORD)
    now = time.time()
    fields["args"] = args
    fields["created"] = now
    fields["msecs"] = int((now - int(now)) * 1000) + 0.0
    fields["relativeCreated"] = (now - logging._startTime) * 1000
    fields["thread"], fields["threadName"] = ((threading.get_ident(), threading.current_thread().name)
                                              if logging.logThreads else (None, None))
    fields["processName"] = _process_name() if logging.logMultiprocessing else None
    fields["process"] = os.getpid() if logging.logProcesses else None
    return record


def _process_name():
    """The process's name as LogRecord gives it."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None:
        try:
            return multiprocessing.current_process().name
        except Exception:  # as LogRecord: multiprocessing may not have finished loading
            pass
    return "MainProcess"


_new_record = object.__new__


class WireHeaders:
    """WSGI middleware: add the headers finish_response prepared to the answer's header list.

    Ours replace headers of the same name the answer carries, except the x-ratelimit-* ones, which an answer
    may set itself (a 429, say).
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start_with_wire_headers(status, headers, exc_info=None):
            if CLOSING in environ:
                close_after(start_response)
            ours = environ.pop(_WIRE_HEADERS, None)
            if ours and not any(name.lower() in _NAMES for name, _ in headers):
                headers = headers + ours  # most answers: none of ours there yet
            elif ours:
                present = {name.lower() for name, _ in headers}
                if not present.isdisjoint(_REPLACED):
                    headers = [(name, value) for name, value in headers if name.lower() not in _REPLACED]
                headers += [(name, value) for name, value in ours if name in _REPLACED or name not in present]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_wire_headers)


def close_after(start_response):
    """Have the server say `Connection: close` on this answer, and close the connection after it.

    An application may not send the header itself (hop-by-hop, PEP 3333; gunicorn drops it), but gunicorn's
    start_response is its Response's method, whose force_close does both (what gunicorn does for a worker's last
    request). werkzeug's server (`python app.py`) says close on every answer already; another server is left as is.
    """
    force_close = getattr(getattr(start_response, "__self__", None), "force_close", None)
    if force_close is not None:
        force_close()


_STATUS_LINES = {}  # WireResponse._clean_status's: {code: (status line, code)}


class WireResponse(Response):
    """Flask's Response, whose headers go to the server as they are when werkzeug has nothing to fix in them.

    Before an answer is sent, werkzeug's get_wsgi_headers copies its headers (each name and value added to a new
    Headers, each value checked again for a line break, as it was when it was set) and fixes the copy: a Location or
    Content-Location made a URL, the length dropped from a 1xx, 204 or 304 answer or worked out for a body held in
    a list without one. An answer that needs none of these, every JSON answer (its length is set with its body),
    is sent with its own headers: the same names, values and order, without the copy (werkzeug's to_wsgi_list
    then makes the list the server gets, as it does of the copy).
    """

    def _clean_status(self, value):
        """Return (status line, code) as werkzeug's does, a code's line ("200 OK") kept once made: werkzeug looked
        its reason up and upper-cased it for every answer. Only the codes HTTP names are kept (a few, all fauxpen's
        own); a line given whole, or another code, goes to werkzeug."""
        if value.__class__ is int and value in HTTP_STATUS_CODES:
            try:
                return _STATUS_LINES[value]
            except KeyError:
                return _STATUS_LINES.setdefault(value, super()._clean_status(value))
        return super()._clean_status(value)

    def get_wsgi_headers(self, environ):
        status = self.status_code
        names = {name.lower() for name, _ in self.headers}
        if (not 100 <= status < 200 and status not in (204, 304) and names.isdisjoint(("location", "content-location"))
                and ("content-length" in names or not (self.automatically_set_content_length and self.is_sequence))):
            return self.headers
        return super().get_wsgi_headers(environ)


def _not_json(constant):
    """Refuse NaN and Infinity, which Python's json module reads but JSON does not have."""
    raise ValueError(f"{constant} is not JSON")


def _finite(text):
    """Read a JSON number with a fraction or exponent; refuse one too large for a double (1e999), not make it inf."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


# json.loads with arguments would build a decoder per call. Integers are read by int, in C: it refuses more
# than 4,300 digits (sys.int_info), which is then a body the API cannot parse too.
_DECODER = json.JSONDecoder(parse_constant=_not_json, parse_float=_finite)
_BODY = "fauxpen.body"  # where request_body keeps the body it read, in the WSGI environ


def is_json_text(value):
    """Tell whether value is a string holding one JSON value, read as a request body is (no NaN or Infinity)."""
    if not isinstance(value, str):
        return False
    try:
        _DECODER.decode(value)
    except (ValueError, RecursionError):
        return False
    return True


def request_body(req):
    """Return the request's body, read once and kept; 413 when it is over MAX_CONTENT_LENGTH.

    A body of known length is read from the WSGI input at once. werkzeug's get_data reads it through a
    LimitedStream, a Python call per read, after asking Flask for the limit through the app proxy: that came
    to a seventh of what fauxpen spends on a plain chat request. A chunked body goes through werkzeug's
    stream, which enforces the limit as it reads.
    """
    environ = req.environ
    raw = environ.get(_BODY)
    if raw is not None:
        return raw
    config = context.config()
    limit = config["MAX_CONTENT_LENGTH"]
    length = content_length(environ)  # None for a chunked body
    if length is None:
        raw = _read_chunked(environ, limit, config["FAUXPEN_BODY_TIMEOUT_SECONDS"])
        if limit is not None and len(raw) >= limit:
            # werkzeug reads a chunked body up to the limit and silently cuts it there: refuse it instead.
            raise RequestEntityTooLarge()
    elif limit is not None and length > limit:
        raise RequestEntityTooLarge()
    else:
        seconds = config["FAUXPEN_BODY_TIMEOUT_SECONDS"]
        sock, prior = _await_body(environ, seconds)
        try:
            raw = environ["wsgi.input"].read(length)
        except TimeoutError as error:
            raise unread_body(environ, body_timeout(error, seconds)) from None
        finally:
            if sock is not None:
                sock.settimeout(prior)
        if len(raw) < length:
            raise unread_body(environ, cut_short())
    environ[_BODY] = raw
    return raw


def content_length(environ):
    """Return the request's Content-Length as werkzeug's get_content_length does (None for a chunked body or none, 0
    for one that is not a number), a value of ASCII digits read at once: werkzeug's strips it, matches it against a
    pattern and bounds it below by 0 in three Python calls."""
    value = environ.get("CONTENT_LENGTH")
    if value is not None and value.isdigit() and value.isascii() and "HTTP_TRANSFER_ENCODING" not in environ:
        return int(value)
    return get_content_length(environ)


def refuse_too_large(environ, limit):
    """Refuse (413) a body whose Content-Length is over limit (MAX_CONTENT_LENGTH), without reading it."""
    length = content_length(environ)
    if limit is not None and length is not None and length > limit:
        raise RequestEntityTooLarge()


def client_socket(environ):
    """Return the request's socket, as the server tells it (gunicorn; werkzeug under `python app.py`), else None."""
    return environ.get("gunicorn.socket") or environ.get("werkzeug.socket")


def gone(client):
    """Whether the client's socket (None: not known) was closed by the client: what it would read is its end."""
    if client is None:
        return False
    try:
        return client.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, ValueError):  # nothing to read yet; or TLS, which cannot peek
        return False
    except OSError:
        return True


def _await_body(environ, seconds):
    """Give the request's socket, if the server tells it (gunicorn, and werkzeug under `python app.py`), seconds to
    bring each next byte of the body; return it and the timeout to give back once the body is read (the answer is
    written through it, and a download may take its time). A body that stalls then raises TimeoutError, refused as
    BodyTimeoutError: read without a timeout, a client that stopped sending without closing held its thread for as
    long as it stayed connected (a gthread worker's 8 such clients, and no other request of that worker was
    answered)."""
    sock = client_socket(environ)
    if sock is None:
        return None, None
    prior = sock.gettimeout()
    sock.settimeout(seconds)
    return sock, prior


def body_timeout(error, seconds):
    """Return the 408 of a body whose read timed out (error, or the error it was raised in): nothing came for seconds,
    or it came too slowly (SlowBody, its rate named)."""
    slow = error if isinstance(error, SlowBody) else error.__context__
    return BodyTimeoutError(seconds, slow.rate if isinstance(slow, SlowBody) else None)


def unread_body(environ, error):
    """Return error, the refusal of a body that could not be read to its end (it stalled, was cut short, or its
    chunks were broken), marking the answer as the connection's last (CLOSING; WireHeaders says so).

    Where such a body's next request would start is unknown, so the server does not read one: gunicorn closes the
    connection (its Body marks a read that raised as failed, and such a connection is not kept; after a body that
    ended early there is nothing more to read), werkzeug's server closes every one. gunicorn still wrote
    `Connection: keep-alive` on the answer, so a client could send its next request down a connection about to
    close (RFC 9112 9.6: `close` is the signal that the sender will close the connection after this answer)."""
    if environ is not None:
        environ[CLOSING] = True
    return error


def cut_short():
    """The refusal of a body that ends before its Content-Length says it does (the client closed its side early).

    What the API's front answers one is not recorded (a proxy waits for the rest, then drops the connection or
    times out): refused as a chunked body cut short is (_read_chunked), a body the API cannot parse, rather than
    read as if it were whole or answered in werkzeug's words (`The browser (or proxy) sent a request that this
    server could not understand.`, its ClientDisconnected). A guess at the closest documented shape."""
    return InvalidRequestError(INVALID_JSON_MESSAGE)


class BodyStream(LimitedStream):
    """werkzeug's LimitedStream, refusing a body cut short with cut_short rather than ClientDisconnected, and one that
    stalls (environ's socket given seconds for each read: _await_body) with BodyTimeoutError."""

    def __init__(self, stream, limit, is_max=False, environ=None, seconds=None):
        super().__init__(stream, limit, is_max=is_max)
        self._environ, self._seconds = environ, seconds

    def readinto(self, b):
        if self._environ is None:
            return super().readinto(b)
        sock, prior = _await_body(self._environ, self._seconds)
        try:
            return super().readinto(b)
        finally:
            if sock is not None:
                sock.settimeout(prior)

    def on_disconnect(self, error=None):
        if isinstance(error, TimeoutError):
            raise unread_body(self._environ, body_timeout(error, self._seconds)) from None
        if not self._limit_is_max or error is not None:
            raise unread_body(self._environ, cut_short()) from None


class FauxpenRequest(Request):
    """Flask's request, whose stream (what the form parser reads) ends at the body's Content-Length and refuses a
    body that ends before it (cut_short), as request_body does a JSON body's.

    werkzeug bounds it so only where the server does not say it ends the input itself (`wsgi.input_terminated`:
    gunicorn says so): under gunicorn a form cut short was read as far as it went, in process werkzeug answered its
    ClientDisconnected. A body without a length (chunked) is read as werkzeug reads it, up to MAX_CONTENT_LENGTH.
    """

    def close(self):
        """Close the files of a form the request parsed, as werkzeug's close does (its walk of none, without one)."""
        if "files" in self.__dict__:
            super().close()

    @cached_property
    def stream(self):
        environ, limit = self.environ, self.max_content_length
        seconds = context.config()["FAUXPEN_BODY_TIMEOUT_SECONDS"]
        length = get_content_length(environ)
        if length is None:  # as werkzeug's get_input_stream, a chunk that cannot be read refused by cut_short
            if "wsgi.input_terminated" not in environ:
                return io.BytesIO()
            return BodyStream(environ["wsgi.input"], sys.maxsize if limit is None else limit, True, environ, seconds)
        if limit is not None and length > limit:
            raise RequestEntityTooLarge()
        return BodyStream(environ["wsgi.input"], length, False, environ, seconds)


def _read_chunked(environ, limit, seconds):
    """Read a chunked body; one whose chunks cannot be read is a body the API cannot parse, one that stalls
    (seconds without a byte: _await_body) BodyTimeoutError.

    A chunk size that is not hex, or a chunk cut short, makes the server raise its own error (gunicorn's
    InvalidChunkSize, werkzeug's OSError), neither of them an HTTP answer.
    """
    sock, prior = _await_body(environ, seconds)
    try:
        return get_input_stream(environ, max_content_length=limit).read()
    except RequestEntityTooLarge:
        raise
    except Exception as error:
        # werkzeug's LimitedStream answers the read's TimeoutError with its ClientDisconnected
        if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
            raise unread_body(environ, body_timeout(error, seconds)) from None
        raise unread_body(environ, InvalidRequestError(INVALID_JSON_MESSAGE)) from None
    finally:
        if sock is not None:
            sock.settimeout(prior)


def request_text(req):
    """Return the request's body as text, as werkzeug's get_data(as_text=True) does."""
    return request_body(req).decode(errors="replace")


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")  # the ones werkzeug parses


def logged_request(req):
    """Return the request's body as the verbose log writes it. An upload's form, which werkzeug's parser has read
    from the WSGI input, is written as its fields and each file's name and size (`model=whisper-1&file=<a.wav,
    32044 bytes>`): read a second time, the input of `python app.py`'s server waited for bytes the client had
    already sent, and the answer went out only when the client gave up."""
    if _BODY in req.environ or "form" not in req.__dict__ or req.mimetype not in FORM_TYPES:
        return request_text(req)  # another type's body the parser leaves unread
    parts = [f"{key}={value}" for key, value in req.form.items(multi=True)]
    for key, upload in req.files.items(multi=True):
        try:
            at = upload.stream.tell()
            size = f"{upload.stream.seek(0, io.SEEK_END)} bytes"
            upload.stream.seek(at)
        except (OSError, ValueError):  # a view closed it
            size = "read"
        parts.append(f"{key}=<{upload.filename}, {size}>")
    return "&".join(parts)


def json_body():
    """Return the request's parameters: its body's JSON object.

    A body sent with a non-JSON content type (form data, text) is not parsed, as the real API ignores it; a
    body with no content type is parsed as JSON. An empty body, and a JSON value that is not an object, carry
    no parameters: the endpoint then answers what it answers a request without its required ones.

    The bytes are read as UTF-8 (or the UTF-16/32 JSON allows) whatever charset the content type names, as the API
    reads them: a body labelled Latin-1 is taken when it is ASCII, as most are, and its Latin-1 accents are not
    UTF-8 and refused (`Your request contained invalid JSON: 'utf-8' codec can't decode byte 0xf1 ...`, quoted by
    PowerShellAI#119 and terror/chatgpt.nvim#23 in 2023, since worded as the unparseable-body 400).
    """
    req = context.request()  # one lookup, not a proxy's several
    raw = request_body(req)  # over the size limit: 413, whatever the content type
    # werkzeug parses the content type; the SDKs' exact "application/json" needs no parsing.
    if req.environ.get("CONTENT_TYPE", "application/json") != "application/json" and req.mimetype and not req.is_json:
        return {}
    if not raw.strip():
        return {}
    try:
        body = _DECODER.decode(raw.decode(json.detect_encoding(raw), "surrogatepass"))  # as json.loads does
    except (ValueError, RecursionError):  # RecursionError: arrays or objects nested thousands deep
        raise InvalidRequestError(INVALID_JSON_MESSAGE) from None
    return body if isinstance(body, dict) else {}


def environ_key(name):
    """Return the WSGI environ key of a request header (not Content-Type or Content-Length)."""
    return "HTTP_" + name.upper().replace("-", "_")


def request_header(environ, name):
    """Return a request header (not Content-Type or Content-Length), None when absent.

    Read from the WSGI environ, as werkzeug's headers do, without building their view on every request.
    """
    return environ.get(_environ_key(name))


_environ_key = functools.lru_cache(maxsize=64)(environ_key)  # the same few names, on every request


# A count or a number of milliseconds in a header: ASCII digits, few enough for time.sleep to take.
_COUNT = re.compile(r"\s*[0-9]{1,9}\s*")


def header_count(environ, name, default=0):
    """Return a request header's non-negative integer value (a count or milliseconds), default when absent."""
    value = request_header(environ, name)
    if value is None:
        return default
    if not _COUNT.fullmatch(value):
        raise InvalidRequestError(f"Invalid value for '{name}' header: '{value}'. Expected a non-negative "
                                  "integer of at most 9 digits.", code="invalid_value")
    return int(value)


class LenientMultipartDecoder(MultipartDecoder):
    """werkzeug's multipart decoder, reading a part's headers that are not UTF-8 as Latin-1, and a part without a
    name as one named with the empty string.

    werkzeug decodes a part's header lines as UTF-8 only: a Latin-1 filename (`filename="caf\\xe9.wav"`) raises
    UnicodeDecodeError, a ValueError the form parser swallows, and the whole form (model, file, every field) is
    silently dropped. HTTP header bytes that are not UTF-8 are ISO-8859-1 (RFC 7230 3.2.4, RFC 9110 5.5), so such a
    part's headers are read as Latin-1: the file kept, its name `café.wav`. UTF-8 headers pass as before.

    A part whose Content-Disposition has no `name` (RFC 7578 4.2 requires one) was a field named None: the views
    that match, sort or quote the form's names failed on it (a 500 on edits, transcriptions and a file upload) or
    named it 'None'. It is the field `name=""` sends, which each endpoint answers as it answers any name it does not
    know.
    """

    def next_event(self):
        event = super().next_event()
        if event.__class__ in (Field, File) and event.name is None:
            event = dataclasses.replace(event, name="")
        return event

    def _parse_headers(self, data):
        try:
            return super()._parse_headers(data)
        except UnicodeDecodeError:
            return super()._parse_headers(bytes(data).decode("latin-1").encode())


# werkzeug offers no hook for the decoder (Request.form_data_parser_class reaches MultiPartParser, whose parse()
# names the decoder class itself): the form parser's name is pointed at the lenient one. Forms are parsed only
# when a view reads request.form or request.files, never on the JSON routes.
formparser.MultipartDecoder = LenientMultipartDecoder
