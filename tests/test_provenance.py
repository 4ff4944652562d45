"""POST /v1/content_provenance_checks, typed by the SDK (openai 3.63): fauxpen finds no provenance signal."""
import base64
import io

import openai
import pytest
from openai.types import ContentProvenanceCheck
from pydantic import TypeAdapter

from .conftest import wav_bytes

AUTH = {"Authorization": "Bearer sk-x"}
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
C2PA = {"type": "c2pa", "generated_at": None, "issuer": None, "model": None, "outcome": "not_detected",
        "validation_state": "not_present"}
SYNTHID = {"type": "synthid", "generated_at": None, "model": None, "outcome": "not_detected"}


def check(client, data, name="a.bin"):
    return client.post("/v1/content_provenance_checks", headers=AUTH, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name)})


@pytest.mark.parametrize(("data", "results"), [
    (PNG, [C2PA, SYNTHID]),
    (b"\xff\xd8\xff\xe0" + bytes(12), [C2PA, SYNTHID]),
    (b"GIF89a" + bytes(10), [C2PA, SYNTHID]),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", [C2PA, SYNTHID]),
    (wav_bytes(0.1), [SYNTHID]),
    (b"OggS" + bytes(12), [SYNTHID]),  # Opus, as the guide sends it
])
def test_an_image_is_checked_for_both_signals_and_audio_for_synthid_alone(client, data, results):
    response = check(client, data)
    body = response.get_json()
    assert response.status_code == 200 and "x-ratelimit-limit-requests" not in response.headers
    assert list(body) == ["object", "created_at", "results"] and body["object"] == "content_provenance_check"
    assert body["results"] == results
    TypeAdapter(ContentProvenanceCheck).validate_python(body, strict=True)
    assert response.get_data(as_text=True).startswith('{\n  "object"') and not response.get_data().endswith(b"\n")


@pytest.mark.parametrize(("data", "message", "param", "code"), [
    (None, "Missing required parameter: 'file'.", "file", "missing_required_parameter"),
    (b"%PDF-1.7\n", "Invalid 'file': unsupported file format. Supported formats: PNG, JPEG, WebP and GIF images, "
     "and audio (MP3, WAV, FLAC, Ogg, WebM, MP4, AAC).", "file", "invalid_value"),
    (b"", "Invalid 'file': unsupported file format. Supported formats: PNG, JPEG, WebP and GIF images, "
     "and audio (MP3, WAV, FLAC, Ogg, WebM, MP4, AAC).", "file", "invalid_value"),
    (b"RIFF\x00\x00\x00\x00AVI LIST", "Invalid 'file': unsupported file format. Supported formats: PNG, JPEG, WebP and "
     "GIF images, and audio (MP3, WAV, FLAC, Ogg, WebM, MP4, AAC).", "file", "invalid_value"),  # video, not a WAV
])
def test_a_check_is_refused(client, data, message, param, code):
    if data is None:
        response = client.post("/v1/content_provenance_checks", headers=AUTH, content_type="multipart/form-data",
                               data={"other": "x"})
    else:
        response = check(client, data)
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": message, "type": "invalid_request_error", "param": param,
                                            "code": code}


def test_the_sdk_checks_a_picture_it_drew(sdk):
    picture = sdk.images.generate(model="gpt-image-1-mini", prompt="a cat", size="1024x1024", quality="low")
    result = sdk.content_provenance_checks.create(file=("cat.png", base64.b64decode(picture.data[0].b64_json),
                                                        "image/png"))
    assert [(r.type, r.outcome) for r in result.results] == [("c2pa", "not_detected"), ("synthid", "not_detected")]
    with pytest.raises(openai.BadRequestError, match="unsupported file format"):
        sdk.content_provenance_checks.create(file=("a.txt", b"hello", "text/plain"))
