"""Faults on demand, with the real API's wording: by the X-Fauxpen-Fault header, or at random for chaos.

`rate_limit`, `quota`, `server_error` and `overloaded` answer the request with the real error at once.
`stream_error` and `disconnect` let the answer start, then break it: a stream sends half of its chunks and
then an error event (stream_error) or drops the connection (disconnect); an answer that is not streamed gets
the 500 (stream_error) or is cut off mid-body (disconnect). A Responses stream fails as the API fails one (an
`error` event, then `response.failed`), and so does a streamed Responses request over its quota.

`X-Fauxpen-Fault-Attempts: N` injects the fault only while the SDK's `x-stainless-retry-count` is below N,
so that a client's retries can be seen to succeed.

A body over the size limit (a Content-Length past it, or a streamed Responses request's chunked body read up to
it) gets its 413 rather than any fault, as the API's front end refuses it before the API.
"""
import errno
import json
import math
import random

from flask import current_app, request

from . import store, tokens, wire
from .completion import named_sse_event, split_events, sse_event
from .errors import (CLOSING, InvalidRequestError, OverloadedError, QuotaError, RateLimitError, ServerError,
                     error_response)
from .responses import BILLING, RESPONSE_KEYS
from .schemas.fields import supported_values

FAULT_HEADER = "X-Fauxpen-Fault"
ATTEMPTS_HEADER = "X-Fauxpen-Fault-Attempts"
RETRY_COUNT_HEADER = "x-stainless-retry-count"

KINDS = ("rate_limit", "quota", "server_error", "overloaded", "stream_error", "disconnect")
# Faults that let the answer start; a streamed Responses request's quota too, which the API fails in its stream.
BREAKING = ("stream_error", "disconnect", "stream_quota")
RESPONSES = "/v1/responses"
FAULT_HEADER_KEY = wire.environ_key(FAULT_HEADER)


def rate_limit_error():
    """Return the 429 of an organization over its tokens-per-minute limit, with its retry headers."""
    config = current_app.config
    limit, wait_ms = config["FAUXPEN_RATELIMIT_TOKENS"], config["FAUXPEN_RETRY_AFTER_MS"]
    model = wire.json_body().get("model")
    requested = max(tokens.count_tokens(wire.request_text(request._get_current_object())), 1)
    # Used + Requested goes over Limit by what the limit refills in the wait, as the real numbers do.
    over = max(math.ceil(limit * wait_ms / 60000), 1)
    used = max(min(limit, limit - requested + over), 0)
    wait = wire.go_duration(wait_ms / 1000)
    headers = {
        "retry-after": str(math.ceil(wait_ms / 1000)),
        "retry-after-ms": str(wait_ms),
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-remaining-tokens": "0",
        "x-ratelimit-reset-tokens": wait,
    }
    return RateLimitError(model if isinstance(model, str) and model else "default", config["FAUXPEN_ORGANIZATION_ID"],
                          limit, used, requested, wait, headers=headers)


# The faults answered at once, each made from the request's state.
ANSWERS = {
    "rate_limit": lambda state: rate_limit_error(),
    "quota": lambda state: QuotaError(),
    "server_error": lambda state: ServerError(state.request_id),
    "overloaded": lambda state: OverloadedError(state.request_id),
}


def sdk_retries(environ):
    """Return how many times the SDK has retried this request (x-stainless-retry-count), 0 if it does not say."""
    try:
        return wire.header_count(environ, RETRY_COUNT_HEADER)
    except InvalidRequestError:  # not fauxpen's header to refuse
        return 0


def requested_fault(config, environ):
    """Return the fault this request gets, or None: the header's, else one drawn at FAUXPEN_FAULT_RATE."""
    kind = wire.request_header(environ, FAULT_HEADER)
    if kind is None:
        rate = config["FAUXPEN_FAULT_RATE"]
        if not rate or random.random() >= rate:
            return None
        kind = random.choice(config["FAUXPEN_FAULTS"] or KINDS)
    elif kind not in KINDS:
        wire.refuse_too_large(environ, config["MAX_CONTENT_LENGTH"])
        raise InvalidRequestError(f"Invalid value for '{FAULT_HEADER}' header: '{kind}'. Supported values are: "
                                  f"{supported_values(KINDS)}.", code="invalid_value")
    attempts = wire.header_count(environ, ATTEMPTS_HEADER, default=None)
    if attempts is not None and sdk_retries(environ) >= attempts:
        return None
    return kind


def inject_fault(config, environ, state):
    """Answer with the requested fault's error, or note a breaking fault in state for the answer."""
    if FAULT_HEADER_KEY not in environ and not config["FAUXPEN_FAULT_RATE"]:
        return
    kind = requested_fault(config, environ)
    if kind is None:
        return
    # A body over the size limit is refused (413, the connection closed) before any fault, as the API's front end
    # would before the API: a fault answered over it, unread, left its rest where the next request would start.
    wire.refuse_too_large(environ, config["MAX_CONTENT_LENGTH"])
    if kind == "quota" and environ.get("PATH_INFO") == RESPONSES and environ.get("REQUEST_METHOD") == "POST" \
            and streamed():
        state.fault = "stream_quota"
    elif kind in ANSWERS:
        raise ANSWERS[kind](state)
    else:
        state.fault = kind


def streamed():
    """Tell whether the request asks for a stream; a body that is not JSON does not (its refusal comes later).

    A body that could not be read to its end is refused here, its refusal the connection's last: over the size limit
    (413, a chunked body read up to it), stalled (408) or cut short. Swallowed, the fault was answered over a body
    whose unread rest was where the next request would start."""
    try:
        return wire.json_body().get("stream") is True
    except InvalidRequestError:
        if request.environ.get(CLOSING):  # not read to its end (wire.unread_body)
            raise
        return False


def break_answer(response, state):
    """Break a successful answer as the noted fault asks."""
    kind = state.get("fault")
    if kind not in BREAKING or response.status_code != 200:
        return response
    kept_in = current_app.config.get("FAUXPEN_STORE_PATH")  # where a stored response is (none: none stored)
    if kind == "stream_quota":
        if response.mimetype == "text/event-stream":  # not when the request failed before its stream began
            response.response = failed_responses_stream(response.response, QuotaError(), kept=2, store_path=kept_in)
    elif response.mimetype == "text/event-stream" and request.path == RESPONSES and kind == "stream_error":
        response.response = failed_responses_stream(response.response, STREAMED_SERVER_ERROR, store_path=kept_in)
    elif response.mimetype == "text/event-stream":
        error = sse_event(ServerError(state.request_id).to_dict()) if kind == "stream_error" else None
        response.response = broken_stream(response.response, error)
    elif kind == "stream_error":
        return error_response(ServerError(state.request_id))
    elif response.is_streamed:  # a chunked body (embeddings) is cut in its first chunk, not read whole first
        response.response = cut_off(next(iter(response.response), b""))
    else:
        response.response = cut_off(response.get_data())
    return response


def dropped_connection():
    """Return the error a WSGI server takes for a dropped connection: gunicorn and werkzeug close it quietly."""
    return ConnectionResetError(errno.ECONNRESET, "connection dropped by the X-Fauxpen-Fault: disconnect fault")


def broken_stream(chunks, error_event=None):
    """Yield the first half of a stream's events, then error_event, or drop the connection without one."""
    events = list(split_events(chunks))
    yield from events[:max(len(events) // 2, 1)]
    if error_event is None:
        raise dropped_connection()
    yield error_event


class StreamedServerError(ServerError):
    """A server error that breaks a Responses stream, in the stream's own short words (recorded)."""

    template = "An error occurred while processing the request."


STREAMED_SERVER_ERROR = StreamedServerError(None)


def failed_responses_stream(chunks, error, kept=None, store_path=None):
    """Yield a Responses stream's first events (kept, else half of them), then its failure as the API streams one:
    an `error` event, then `response.failed` with the created response failed, its error's code and message.

    Recorded (October 2025, gpt-5, a streamed request over its quota): response.created, response.in_progress,
    `{"type":"error","sequence_number":2,"error":{"type":"insufficient_quota","code":"insufficient_quota",
    "message":...,"param":null}}`, then response.failed with `"error":{"code":...,"message":...}` and a null usage.
    A server error's event has a null code and its sequence number last (`{"type":"error","error":{"type":
    "server_error","code":null,"message":"An error occurred while processing the request.","param":null},
    "sequence_number":120}`, recorded, vercel/ai's fixtures of 2026); response.failed after it (code server_error,
    a guess) as 2026's is written, its number last too. A refusal the API makes in its stream (an input past the
    window, recorded on gpt-6-luna in October 2026) is written as the server error's event, with its code and param,
    and response.failed so too.

    store_path: the store of a request that keeps its response (store not false), where the failure is written once
    response.failed is sent, so that retrieving the response answers the failed one the stream ended with, as a
    response's last event and its retrieval agree (a completed stream's; for a failed one a guess: no recording
    retrieves one).
    """
    events = list(split_events(chunks))
    kept = events[:max(len(events) // 2, 2) if kept is None else kept]
    yield from kept
    created = json.loads(events[0].split(b"\ndata: ", 1)[1])["response"]
    code = error.code or error.type
    number = len(kept)
    failed = {**created, "status": "failed", "error": {"code": code, "message": error.message}, "usage": None}
    if error is STREAMED_SERVER_ERROR or isinstance(error, InvalidRequestError):  # 2026's: the number last
        shown = None if error is STREAMED_SERVER_ERROR else code
        ended = ({"type": "error", "error": {"type": error.type, "code": shown, "message": error.message,
                                             "param": error.param}, "sequence_number": number},
                 {"type": "response.failed", "response": failed, "sequence_number": number + 1})
    else:  # over the quota (October 2025): the number second
        ended = ({"type": "error", "sequence_number": number, "error": {
            "type": error.type, "code": code, "message": error.message, "param": None}},
                 {"type": "response.failed", "sequence_number": number + 1, "response": failed})
    for event in ended:
        yield named_sse_event(event)
    if store_path is not None:
        keep_failure(store_path, failed, [json.loads(event.split(b"\ndata: ", 1)[1]) for event in kept] + list(ended))
        if created.get("conversation"):
            take_back_output(store_path, created["conversation"]["id"], events)


def take_back_output(path, conversation_id, events):
    """Take a failed stream's output items (each its output_item.added event's, sent or not) back out of its
    conversation, as a cancelled background response's are (views.responses.cancel_response); its input items stay.
    The SDK's `conversation` docs (openai 3.63): "Input items and output items from this response are automatically
    added to this conversation after this response completes", which a failed one does not; keeping its input is a
    guess, as a cancelled one's: no recording reads a conversation after a failed turn."""
    made = {json.loads(event.split(b"\ndata: ", 1)[1])["item"]["id"] for event in events
            if event.startswith(b"event: response.output_item.added\n")}

    def remove(record):
        record["items"] = [item for item in record["items"] if item["id"] not in made]
    store.update_record(path, "conversations", conversation_id, remove)


def keep_failure(path, failed, sent):
    """Write a stream's failure over the response it stored: the failed response, with its billing as a JSON
    answer carries it, in place of the one it would have completed; a background response's events cut to those
    sent, so that streaming it again ends where it failed. A response not stored (store false, or refused before
    it was kept) is let be."""
    def fail(stored):
        background = stored.get("_background")
        stored.clear()
        stored.update({key: BILLING if key == "billing" else failed[key] for key in RESPONSE_KEYS
                       if key in failed or key == "billing"})
        if background is not None:
            stored["_background"] = {**background, "events": sent}

    store.update_record(path, "responses", failed["id"], fail)


def cut_off(body):
    """Yield the first half of a body (all of a Content-Length's or a chunked body's first chunk), then drop the
    connection."""
    yield body[:len(body) // 2]
    raise dropped_connection()


def check_settings(config):
    """Refuse chaos settings that name unknown faults or a rate that is not a share."""
    unknown = [kind for kind in config["FAUXPEN_FAULTS"] if kind not in KINDS]
    if unknown:
        raise ValueError(f"FAUXPEN_FAULTS: unknown fault kinds {unknown}; known: {', '.join(KINDS)}")
    if not 0 <= config["FAUXPEN_FAULT_RATE"] <= 1:
        raise ValueError("FAUXPEN_FAULT_RATE must be between 0 and 1")
