"""POST /v1/content_provenance_checks: whether an image or audio file carries OpenAI's provenance signals.

Only the SDK's types (openai 3.63) and OpenAI's guide (Content provenance, late 2026) are known of it: no capture
was found. The guide: C2PA Content Credentials (signed metadata) are checked in images, the SynthID watermark in
images and audio; the SDK's types: a check is its `object`, `created_at` and `results`, a C2PA result its
`outcome`, `validation_state`, and the `issuer`, `model` and `generated_at` recorded "when available", a SynthID
result its `outcome`, `model` and `generated_at`. fauxpen verifies no signature and reads no watermark, and its own
pictures and speech carry neither signal: every file is `not_detected`, with no C2PA manifest present (a file
another tool signed, or one of OpenAI's own, gets the same). The layout is the newer endpoints' (indented by two,
no newline, no x-ratelimit-* headers; `object` first and `type` first in a result, then the rest in alphabetical
order, nulls written); which formats are read (the SDK's PNG, JPEG, WebP and GIF, and the audio the transcription
endpoints read, Opus in Ogg as the guide sends it) and the refusals' words are guesses in the API's usual words.
A later version of the guide names PDFs among the files checked, with no result shape the SDK types: fauxpen
refuses a PDF as a file of another format, which the API may no longer do.
"""
import time

from flask import Blueprint, request

from ..errors import InvalidRequestError, missing_parameter
from . import indented, indented_refusals, without_ratelimit_headers
from .transcriptions import sounds_like_audio

bp = Blueprint("provenance", __name__)
indented_refusals(bp)
without_ratelimit_headers(bp)

SUPPORTED = "PNG, JPEG, WebP and GIF images, and audio (MP3, WAV, FLAC, Ogg, WebM, MP4, AAC)"


def is_picture(head):
    """Tell whether bytes start as a PNG, JPEG, GIF or WebP picture (the formats the SDK's docs name)."""
    return (head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff" or head[:6] in (b"GIF87a", b"GIF89a")
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"))


def not_detected(signal):
    """A result that found no signal: C2PA's with no manifest present, SynthID's."""
    if signal == "c2pa":
        return {"type": "c2pa", "generated_at": None, "issuer": None, "model": None, "outcome": "not_detected",
                "validation_state": "not_present"}
    return {"type": "synthid", "generated_at": None, "model": None, "outcome": "not_detected"}


@bp.post("/content_provenance_checks")
def create_check():
    """Check an uploaded file (multipart `file`): an image for both signals, audio for SynthID's alone."""
    upload = request.files.get("file")
    if upload is None:
        raise missing_parameter("file")
    head = upload.read(16)  # a format is told by its first bytes; the rest is not read
    if is_picture(head):
        signals = ("c2pa", "synthid")
    elif sounds_like_audio(head) and (head[:4] != b"RIFF" or head[8:12] == b"WAVE"):
        # transcriptions' check takes any RIFF for a WAV: one of video (AVI) is no audio, refused as another format
        signals = ("synthid",)
    else:
        raise InvalidRequestError(f"Invalid 'file': unsupported file format. Supported formats: {SUPPORTED}.",
                                  param="file", code="invalid_value")
    return indented({"object": "content_provenance_check", "created_at": int(time.time()),
                     "results": [not_detected(signal) for signal in signals]})
