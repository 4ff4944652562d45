"""Custom voices: /v1/audio/voice_consents (create, list), /v1/audio/voice_consents/{id} (get, update, delete),
and /v1/audio/voices (create) and /v1/audio/voices/{id} (delete).

Only the SDK's types (openai 3.57, late 2026) and the API reference are known of this API: no capture was found
(the API serves it to eligible organizations; fauxpen serves it to every key). A consent is a recording of the
voice's owner agreeing to its use, kept with its name and language; a voice is made from an audio sample and a
consent, or from a text prompt. fauxpen keeps neither recording nor sample, and its speech is silence in any voice.
The objects are laid out as the newer endpoints lay theirs (id, object, created_at, then the rest in alphabetical
order; indented by two, no newline, no x-ratelimit-* headers); the ids' form and every refusal are guesses, in
the API's usual words. The SDK sends both creates as multipart forms; a prompt voice may also be sent as JSON.
"""
import re
import time

from flask import Blueprint, request
from marshmallow import ValidationError

from .. import ids, store, wire
from ..errors import InvalidRequestError, missing_parameter
from ..schemas import fields as f
from ..validation import load
from . import indented, indented_refusals, without_ratelimit_headers
from .stored import changed_record, forgotten_record, kept_record, newest_page, store_path
from .transcriptions import sounds_like_audio

bp = Blueprint("voices", __name__)
indented_refusals(bp)
without_ratelimit_headers(bp)

CONSENTS, VOICES = "voice_consents", "voices"
MAX_AUDIO_BYTES = 10 * 1024 * 1024  # a consent recording or a voice's sample (the SDK's docs)
AUDIO_TYPES = ("audio/mpeg", "audio/wav", "audio/x-wav", "audio/ogg", "audio/aac", "audio/flac", "audio/webm",
               "audio/mp4")
# A BCP 47 language tag, as far as its shape goes: `en`, `en-US`, `zh-Hant-TW`.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


class Language(f.String):
    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not _LANGUAGE_TAG.fullmatch(value):
            raise ValidationError(f.Problem(f"Invalid value: '{f.literal(value[:100])}'. Expected a BCP 47 "
                                            "language tag, such as 'en-US'.", code="invalid_value"))
        return value


class NotBlank(f.String):
    """A string with something in it but whitespace (a prompt, a script hint: the SDK's words)."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not value.strip():
            raise ValidationError(f.Problem("Invalid '{param}': string must not be blank.", code="invalid_value"))
        return value


class ConsentRequest(f.Body):
    """POST /v1/audio/voice_consents: its form's fields (the recording is a file)."""

    name = f.String(required=True, allow_empty=False)
    language = Language(required=True)


class ConsentUpdate(f.Body):
    """POST /v1/audio/voice_consents/{id}: the name alone (metadata only: the recording stays)."""

    name = f.String(required=True, allow_empty=False)


class VoiceRequest(f.Body):
    """POST /v1/audio/voices: from an audio sample and a consent (the default type), or from a prompt."""

    name = f.String(required=True, allow_empty=False)
    type = f.Enum(["audio_sample", "prompt"])
    consent = f.String(allow_empty=False)
    prompt = NotBlank()
    model = f.String(allow_empty=False)  # `auto` (the default), `2026-10-08`, or another snapshot
    script_hint = NotBlank()


consent_request, consent_update, voice_request = ConsentRequest(), ConsentUpdate(), VoiceRequest()


class ConsentNotFoundError(InvalidRequestError):
    def __init__(self, consent_ref):
        super().__init__(f"Voice consent with id '{consent_ref}' not found.", status=404)  # guessed


class VoiceNotFoundError(InvalidRequestError):
    def __init__(self, voice_ref):
        super().__init__(f"Voice with id '{voice_ref}' not found.", status=404)  # guessed


def audio_upload(param):
    """Read the audio file a form sends as param: required, at most 10 MB, in one of the formats the API reads."""
    upload = request.files.get(param)
    if upload is None:
        raise missing_parameter(param)
    data = upload.read(MAX_AUDIO_BYTES + 1)
    if len(data) > MAX_AUDIO_BYTES:
        raise InvalidRequestError(f"Invalid '{param}': the file is larger than 10 MB.", param=param,
                                  code="file_too_large")
    if not sounds_like_audio(data):
        raise InvalidRequestError(f"Invalid '{param}': unsupported audio format. Supported formats: "
                                  f"{', '.join(AUDIO_TYPES)}.", param=param, code="invalid_value")
    return data


def form_fields():
    """The form's fields, without its files; a body that is not a form is read as JSON."""
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return request.form.to_dict()
    return wire.json_body()


def consent_object(record):
    return {"id": record["id"], "object": "audio.voice_consent", "created_at": record["created_at"],
            "language": record["language"], "name": record["name"]}


def voice_object(record):
    shown = {"id": record["id"], "object": "audio.voice", "created_at": record["created_at"], "name": record["name"]}
    if record["type"] == "prompt":
        shown["prompt"] = record["prompt"]  # omitted for audio-sample voices (the SDK's docs)
    shown["type"] = record["type"]
    return shown


@bp.post("/audio/voice_consents")
def create_consent():
    req = load(consent_request, form_fields())
    audio_upload("recording")
    now = int(time.time())
    record = {"id": ids.time_id("cons_", now, "8192"), "created_at": now, **req}
    store.save_record(store_path(), CONSENTS, record["id"], record)
    return indented(consent_object(record))


@bp.get("/audio/voice_consents")
def list_consents():
    return newest_page([consent_object(record) for record in store.record_listing(store_path(), CONSENTS)])


@bp.get("/audio/voice_consents/<consent_ref>")
def retrieve_consent(consent_ref):
    return indented(consent_object(kept_record(CONSENTS, consent_ref, ConsentNotFoundError)))


@bp.post("/audio/voice_consents/<consent_ref>")
def update_consent(consent_ref):
    req = load(consent_update, wire.json_body())

    def rename(record):
        record["name"] = req["name"]
        return consent_object(record)
    return indented(changed_record(CONSENTS, consent_ref, rename, ConsentNotFoundError))


@bp.delete("/audio/voice_consents/<consent_ref>")
def delete_consent(consent_ref):
    """Forget a consent; the voices made with it stay (as a deleted voice leaves its consent)."""
    forgotten_record(CONSENTS, consent_ref, ConsentNotFoundError)
    return indented({"id": consent_ref, "object": "audio.voice_consent", "deleted": True})  # the SDK's type


@bp.post("/audio/voices")
def create_voice():
    """Make a voice from an audio sample and the consent of its owner, or (type `prompt`) from a description."""
    req = load(voice_request, form_fields())
    kind = req.get("type", "audio_sample")
    if kind == "prompt":
        if "prompt" not in req:
            raise missing_parameter("prompt")
        for param in ("consent", "audio_sample"):
            if param in req or param in request.files:
                raise InvalidRequestError(f"Invalid '{param}': not supported for voices of type 'prompt'.",
                                          param=param, code="invalid_value")
    else:
        if "consent" not in req:
            raise missing_parameter("consent")
        for param in ("prompt", "script_hint", "model"):
            if param in req:
                raise InvalidRequestError(f"Invalid '{param}': only supported for voices of type 'prompt'.",
                                          param=param, code="invalid_value")
        audio_upload("audio_sample")
        kept_record(CONSENTS, req["consent"], ConsentNotFoundError)
    now = int(time.time())
    record = {"id": ids.time_id("voice_", now, "8193"), "created_at": now, "name": req["name"], "type": kind,
              "prompt": req.get("prompt"), "consent": req.get("consent")}
    store.save_record(store_path(), VOICES, record["id"], record)
    return indented(voice_object(record))


@bp.delete("/audio/voices/<voice_ref>")
def delete_voice(voice_ref):
    """Forget a voice (not its consent); a second delete is a 404 (the SDK's docs)."""
    forgotten_record(VOICES, voice_ref, VoiceNotFoundError)
    return indented({"id": voice_ref, "object": "audio.voice.deleted", "deleted": True})
