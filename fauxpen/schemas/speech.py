"""The text-to-speech request (POST /v1/audio/speech), checked as each family of speech models checks it.

tts-1 and tts-1-hd sit behind a pydantic layer: every failing field at once, as pydantic's error list printed
by Python (`[{'type': 'string_too_long', 'loc': ('body', 'input'), ...}]`), with a null param and code. Since
2026 the API leaves out each error's `input` (the value sent) but None. A missing input or voice is read as
'' (a capture of 2024: `string_too_short` and the voice enum, not `missing`).
gpt-4o-mini-tts checks with the API's common wording (`Invalid value: 'x'. Supported values are: ...`).
Either way, a response_format the API cannot write is refused after the fields: `Invalid response_format.`.
"""
from marshmallow import EXCLUDE, Schema, ValidationError, pre_load

from ..errors import InvalidRequestError
from ..pydantic_style import scalar_errors
from ..validation import MISSING, load
from .fields import Decimal, Enum, Problem, String

MAX_INPUT = 4096
SPEED = (0.25, 4.0)
# The voices each family takes, in the order its refusal lists them (captured, 2025-2026).
PYDANTIC_VOICES = ("nova", "shimmer", "echo", "onyx", "fable", "alloy", "ash", "sage", "coral")
VOICES = ("alloy", "echo", "fable", "onyx", "nova", "shimmer", "coral", "verse", "ballad", "ash", "sage", "marin",
          "cedar")
# response_format -> (content type, canned silence in data/audio), as the real API labels each (captured). MP3 is
# the endpoint's own (speech.mp3: 128 kbit/s frames, no ID3 tag or Info frame, as recorded; see tools/make_silence.py).
FORMATS = {"mp3": ("audio/mpeg", "speech.mp3"), "opus": ("audio/opus", "silence.opus"),
           "aac": ("audio/aac", "silence.aac"), "flac": ("audio/flac", "silence.flac"),
           "wav": ("audio/wav", "silence.wav"), "pcm": ("audio/pcm", "silence.pcm16")}


def _pydantic_error(kind, field, msg, ctx=None, value=""):
    error = {"type": kind, "loc": ("body", field), "msg": msg}
    if value is None:
        error["input"] = None
    if ctx:
        error["ctx"] = ctx
    return error


def _pydantic_or(values):
    quoted = [f"'{value}'" for value in values]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def pydantic_errors(body):
    """Return the errors tts-1's layer finds in body, in its fields' order (input, voice, speed)."""
    errors = []
    text = body.get("input", "")
    if not isinstance(text, str):
        errors.append(_pydantic_error("string_type", "input", "Input should be a valid string", value=text))
    elif not text:
        errors.append(_pydantic_error("string_too_short", "input", "String should have at least 1 character",
                                      {"min_length": 1}))
    elif len(text) > MAX_INPUT:
        errors.append(_pydantic_error("string_too_long", "input", f"String should have at most {MAX_INPUT} "
                                      "characters", {"max_length": MAX_INPUT}))
    voice = body.get("voice", "")
    if voice not in PYDANTIC_VOICES or not isinstance(voice, str):
        expected = _pydantic_or(PYDANTIC_VOICES)
        errors.append(_pydantic_error("enum", "voice", f"Input should be {expected}", {"expected": expected},
                                      value=voice))
    if body.get("speed") is not None:
        errors += [{key: value for key, value in error.items() if key != "input" or value is None}
                   for error in scalar_errors({"type": "float", "ge": SPEED[0], "le": SPEED[1]}, body["speed"],
                                              ("speed",))]
    return errors


class SpeechRequest(Schema):
    """POST /v1/audio/speech on gpt-4o-mini-tts."""

    class Meta:
        unknown = EXCLUDE

    input = String(required=True, error_messages={"null": MISSING})
    voice = Enum(VOICES, required=True, error_messages={"null": MISSING})
    instructions = String(allow_none=True)
    speed = Decimal(minimum=SPEED[0], maximum=SPEED[1], allow_none=True)
    stream_format = Enum(("sse", "audio"), load_default="audio", allow_none=True)

    @pre_load
    def custom_voice(self, data, **kwargs):
        """Take a custom voice (`{"id": "voice_..."}`, as the SDK allows) past the check of the named ones."""
        voice = data.get("voice") if isinstance(data, dict) else None
        if isinstance(voice, dict) and isinstance(voice.get("id"), str) and set(voice) == {"id"}:
            data = {**data, "voice": VOICES[0]}
        return data

    def load(self, data, **kwargs):
        """Load data; then refuse an empty input, or one over the limit, as the API words such strings."""
        req = super().load(data, **kwargs)
        if not req["input"]:
            raise ValidationError({"input": [Problem(
                "Invalid '{param}': empty string. Expected a string with minimum length 1, but got an empty string "
                "instead.", code="empty_string")]})
        if len(req["input"]) > MAX_INPUT:
            raise ValidationError({"input": [Problem(
                f"Invalid '{{param}}': string too long. Expected a string with maximum length {MAX_INPUT}, but got a "
                f"string with length {len(req['input'])} instead.", code="string_above_max_length")]})
        return req


speech_request = SpeechRequest()


def load_speech_request(model, body):
    """Return the request's parameters as model's family checks them, or raise the one OpenAI error."""
    if model.supports("pydantic_speech"):
        errors = pydantic_errors(body)
        if errors:
            raise InvalidRequestError(repr(errors))
        req = {"input": body["input"], "voice": body["voice"], "stream_format": "audio"}  # sse: tts-1 ignores it
    else:
        req = load(speech_request, body)
    response_format = body.get("response_format", "mp3")
    if not isinstance(response_format, str) or response_format not in FORMATS:
        raise InvalidRequestError("Invalid response_format.", param="response_format", code="unsupported_value")
    req["response_format"] = response_format
    return req
