"""POST /v1/audio/speech: the canned silence, in the format asked for, as the real API sends audio."""
import base64
import json
from functools import cache
from importlib import resources

from flask import Blueprint, Response, request

from .. import context, registry, store, wire
from ..errors import INVALID_JSON_MESSAGE, InvalidRequestError, InvalidURLError, MissingModelError
from ..schemas.speech import FORMATS, load_speech_request
from ..tokens import count_tokens
from . import exposing_cf_ray_once, key_refusals_as_text
from .stored import store_path
from .voices import VOICES

bp = Blueprint("speech", __name__)
key_refusals_as_text(bp)
exposing_cf_ray_once(bp)

# Bytes of audio a write sends, and of raw audio a streamed (sse) delta carries.
CHUNK = 4096
# Audio tokens a second of speech costs gpt-4o-mini-tts (its usage; a capture: 83 for about 2 s of speech).
AUDIO_TOKENS_PER_SECOND = 40
SILENCE_SECONDS = 0.5


def speech_model(body):
    """Return the speech Model a request names, or raise the real API's error for the name it sent."""
    name = body.get("model")
    if name is None or name == "":
        raise MissingModelError()
    if not isinstance(name, str):
        raise InvalidRequestError(INVALID_JSON_MESSAGE)  # as the API's router words it (reported, not captured)
    model = registry.resolve(name)
    if model is None:
        raise registry.unknown_model(name)
    if model.kind != "speech":
        # A model of another kind: the API's router does not take the request at all (captured).
        raise InvalidURLError(request.method, request.path)
    return model


@cache
def silence(response_format):
    """Return the canned silence in a response_format as the API streams it: MP3 frames at 128 kbit/s without an
    ID3 tag or an Info frame (its own file), a WAV header of unknown sizes (captured)."""
    raw = resources.files("fauxpen").joinpath(f"data/audio/{FORMATS[response_format][1]}").read_bytes()
    if response_format == "wav":
        raw = raw[:4] + b"\xff\xff\xff\xff" + raw[8:40] + b"\xff\xff\xff\xff" + raw[44:]
    return raw


def audio_chunks(audio):
    for start in range(0, len(audio), CHUNK):
        yield audio[start:start + CHUNK]


def speech_events(audio, input_tokens):
    """Yield the sse stream of gpt-4o-mini-tts: base64 audio deltas, then the usage, then [DONE], each event ended
    in CRLFs as the transcription streams end theirs (a third party's capture of gpt-4o-mini-tts-2025-12-15,
    September 2026, where chat's ended in LFs)."""
    for chunk in audio_chunks(audio):
        yield b'data: {"type":"speech.audio.delta","audio":"' + base64.b64encode(chunk) + b'"}\r\n\r\n'
    output_tokens = int(AUDIO_TOKENS_PER_SECOND * SILENCE_SECONDS)
    usage = {"input_tokens": input_tokens, "output_tokens": output_tokens, "total_tokens": input_tokens + output_tokens}
    done = json.dumps({"type": "speech.audio.done", "usage": usage}, separators=(",", ":"))
    yield f"data: {done}\r\n\r\ndata: [DONE]\r\n\r\n".encode()


def prompted_voice(voice):
    """Refuse a custom voice made from a text prompt: "Custom voices must be created from audio samples. Voices
    created from text prompts are supported only in Live." (the SDK's SpeechCreateParams, openai 3.63; the wording
    of the refusal is a guess). A voice fauxpen did not make is taken, as before."""
    if not (isinstance(voice, dict) and isinstance(voice.get("id"), str)):
        return
    record = store.get_record(store_path(), VOICES, voice["id"])
    if record is not None and record.get("type") == "prompt":
        raise InvalidRequestError(f"Voice '{voice['id']}' was created from a text prompt: such voices are supported "
                                  "only in Live.", param="voice", code="invalid_value")


@bp.post("/audio/speech")
def create_speech():
    """Answer with audio, sent in chunks (no Content-Length), or, with stream_format sse, as events."""
    body = wire.json_body()
    model = speech_model(body)
    # tts-1 answers with the request limits only; gpt-4o-mini-tts with the token limits too (captured).
    context.note("ratelimit", "requests" if model.supports("pydantic_speech") else True)
    req = load_speech_request(model, body)
    prompted_voice(body.get("voice"))
    audio = silence(req["response_format"])
    if req.get("stream_format") == "sse":
        input_tokens = count_tokens(req["input"]) + count_tokens(req.get("instructions") or "")
        context.note("tokens_used", input_tokens)
        return Response(speech_events(audio, input_tokens), content_type="text/event-stream; charset=utf-8",
                        headers={"Cache-Control": "no-store"})
    # The limiter's estimate of the input, a token a 4 characters (7 of 200,000 for a 29-character input on
    # gpt-4o-mini-tts, recorded July 2025); tts-1's answers carry no token headers.
    context.note("tokens_used", len(req["input"]) // 4)
    return Response(audio_chunks(audio), content_type=FORMATS[req["response_format"]][0])
