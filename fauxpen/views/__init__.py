"""One blueprint per endpoint, and what their answers share."""
import base64
import uuid

from flask import Response, g

from .. import context, wire
from ..completion import RawEvent, server_sent_events
from ..errors import (AuthenticationError, GatewayError, InvalidRequestError, NotFoundError, OpenAIError,
                      error_response, release)
from ..ids import alnum
from ..jsontext import compact_json, json_response, rust_json, utf8
from ..schemas.responses import ID_CHARACTERS


# What the older stack's answers (embeddings, legacy completions, files) carry: any origin may read them.
ANY_ORIGIN = (("access-control-allow-origin", "*"),)


def note_model_headers(model):
    """Note the headers the older stack's answers to a model carry: any origin, and the model's snapshot
    (openai-model), added to the API's own (wire.NOTED)."""
    context.note("headers", (*ANY_ORIGIN, ("openai-model", model.answers_as or model.id)))


def answer_response(answer, req):
    """Return a completion's Response: its chunks as server-sent events when req streams, else its JSON.

    answer: a chat Completion or a TextCompletion, which both have chunks(include_usage) and to_json().
    """
    if req.get("stream"):
        options = req.get("stream_options") or {}
        chunks = answer.chunks(bool(options.get("include_usage")))
        wanted = options.get("include_obfuscation")
        if wanted is True or (wanted is None and getattr(req, "strict", False)):
            chunks = obfuscated(chunks)
        return Response(server_sent_events(chunks), content_type="text/event-stream; charset=utf-8")
    return json_response(answer.to_json())


def obfuscated(chunks):
    """Give each chunk the obfuscation key (last, as captured in 2025) that the API has sent by default since
    August 2025. fauxpen sends it when a request asks for it (stream_options.include_obfuscation: true), and by
    default to the gpt-5.6 and GPT-6 models (captured, August and September 2026): the recordings of the others
    predate the key. A chunk written ahead (a moderation's) goes without it.

    Its random characters bring the chunk's JSON text without the key to a multiple of 16 characters, so 0 to 15
    of them, whatever the chunk holds: role, content, tool calls, finish or usage (the rule every recorded chunk
    of 2025-2026 follows; characters counted as written, an escape as its characters, a non-ASCII one as one).
    """
    for chunk in chunks:
        if chunk.__class__ is not RawEvent:
            text = compact_json(chunk)
            chunk = RawEvent(utf8(f'{text[:-1]},"obfuscation":"{alnum(-len(text) % 16)}"}}'))
        yield chunk


def indented(obj, status=200, headers=None):
    """Return obj as the newer endpoints write JSON: indented by two, UTF-8 as is, no newline at the end."""
    return Response(rust_json(obj), status, headers, content_type="application/json")


def without_ratelimit_headers(bp, headers=()):
    """Make every answer of a blueprint go without x-ratelimit-* headers, as the newer endpoints' do (recorded),
    and with headers, what the endpoint sends besides the usual ones."""
    @bp.before_request
    def note_headers():
        context.note("ratelimit", False)
        if headers:
            context.note("headers", headers)


AUTH_CHALLENGE = 'Bearer realm="OpenAI API"'


def key_refusals_as_answers(bp, write=indented, bare_request_id=False):
    """Make a blueprint write a refused key as it writes its JSON (write: indented by two, no newline, plain
    application/json), with a WWW-Authenticate challenge and no rate-limit headers, where the other endpoints'
    front layer writes it as Go does (recorded on /v1/images/generations, 2026, and /v1/responses, 2025);
    bare_request_id: its x-request-id a bare UUID (the Conversations API's, recorded in August 2025)."""
    @bp.errorhandler(AuthenticationError)
    def refuse_key(error):
        return key_refusal_as_answer(error, write, bare_request_id)


def key_refusal_as_answer(error, write=indented, bare_request_id=False):
    """Answer a refused key as key_refusals_as_answers' blueprints do."""
    release(error)
    context.note("ratelimit", False)
    if bare_request_id:
        g.request_id = str(uuid.uuid4())
    return write(error.to_dict(), error.status, {**(error.headers or {}), "WWW-Authenticate": AUTH_CHALLENGE})


def front_layer_refusal(error):
    """Answer a refused key as the front layer does (the app's handler: Go's layout)."""
    release(error)
    return error_response(error)


def exposing_cf_ray_once(bp):
    """Make every answer of a blueprint name CF-Ray once in access-control-expose-headers, as the audio endpoints'
    do (speech, transcriptions and translations, September 2026), where chat's name it twice."""
    @bp.before_request
    def note_exposed():
        context.note("exposed", wire.EXPOSED_ONCE)


def key_refusals_as_text(bp, refused=AuthenticationError, error_headers=False, other_keys=None):
    """Make a blueprint refuse a key as the audio endpoints do: the envelope and a top-level `"status": 401`,
    indented by two with no newline, as text/plain, without rate-limit headers (recorded on /v1/audio/transcriptions
    and a speech stream in September 2026: 287 bytes for an sk-proj key; the other audio answers by analogy) and the
    Responses API (text/plain in a browser's live capture of August 2026). The error names its code before its
    param, as a chat 401 in this layout does (Arize-ai/phoenix's cassettes, 2026).

    refused: the refusals written so; error_headers: with the body again in base64 (x-error-json), the status and
    code in headers of their own and `x-openai-internal-caller: unknown_through_ide`, and exposing CF-Ray alone, as
    chat's 401 for a wrong key was captured with curl (August 2026), and an embeddings call's in January 2026 (a
    client's log, byte for byte); other_keys: how to answer a key not of the sk- form, or none (every 401 captured
    in this layout refused an sk- key; chat's of DEADBEEF and `invalid-key`, 2026, are the front layer's, and the
    Responses API's of `<not-a-real-key>`, 2025, JSON): a function of the error, None for the app's handler (the
    front layer's)."""
    @bp.errorhandler(refused)
    def refuse_key(error):
        if other_keys is not None and not str(getattr(error, "key", "")).startswith("sk-"):
            return other_keys(error)
        release(error)
        context.note("ratelimit", False)
        body = {"message": error.message, "type": error.type, "code": error.code, "param": error.param}
        text = rust_json({"error": body, "status": error.status})
        headers = dict(error.headers or {})
        if error_headers:
            # In the order a client's raw log of January 2026 has them (an embeddings call), with the caller the
            # auth layer names (there, and in braintrust-sdk-python's cassette of chat, July 2026).
            context.note("exposed", wire.EXPOSED_EDGE)
            headers.update({"x-openai-ide-error-code": str(error.code),
                            "x-openai-authorization-error": str(error.status),
                            "x-error-json": base64.b64encode(text).decode(),
                            "x-openai-internal-caller": "unknown_through_ide"})
        return Response(text, error.status, headers, content_type="text/plain")


def indented_refusals(bp, write=indented):
    """Make a blueprint write its refusals as it writes its answers: with write (indented, or the files
    endpoint's indented_newline); but the front layer's (a key refused, a rate limit), as that layer writes them."""
    @bp.errorhandler(OpenAIError)
    def refusal(error):
        release(error)
        if isinstance(error, GatewayError) and not isinstance(error, NotFoundError):
            return error_response(error)  # the front layer's (a key, a rate limit): written as it writes them
        return write(error.to_dict(), error.status, error.headers)


def checked_id(value, param, prefix, prefix_code="invalid_value"):
    """Refuse an id of the wrong form: characters outside letters, digits, _ and - (recorded), or another
    kind's prefix (recorded for batches; prefix_code: the refusal's code, invalid_id_prefix where recorded)."""
    if not ID_CHARACTERS.fullmatch(value):
        raise InvalidRequestError(f"Invalid '{param}': '{value}'. Expected an ID that contains letters, numbers, "
                                  "underscores, or dashes, but this value contained additional characters.",
                                  param=param, code="invalid_value")
    if not value.startswith(prefix):
        raise InvalidRequestError(f"Invalid '{param}': '{value}'. Expected an ID that begins with '{prefix}'.",
                                  param=param, code=prefix_code)
    return value
