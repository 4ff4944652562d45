"""POST /v1/audio/speech: audio as the real API sends it, the sse stream, and each model family's refusals."""
import base64
import json

import pytest

TTS1_VOICES = "'nova', 'shimmer', 'echo', 'onyx', 'fable', 'alloy', 'ash', 'sage' or 'coral'"


def speak(client, **body):
    body.setdefault("model", "tts-1")
    return client.post("/v1/audio/speech", json=body)


def error(response):
    return response.get_json()["error"]


@pytest.mark.parametrize("response_format, content_type, magic", [
    (None, "audio/mpeg", b"\xff\xf3"),  # MP3 frames, no ID3 tag (captured)
    ("mp3", "audio/mpeg", b"\xff\xf3"),
    ("opus", "audio/opus", b"OggS"),
    ("aac", "audio/aac", b"\xff\xf1"),
    ("flac", "audio/flac", b"fLaC"),
    ("wav", "audio/wav", b"RIFF\xff\xff\xff\xffWAVE"),  # a streaming header: sizes unknown (captured)
    ("pcm", "audio/pcm", b"\x00\x00"),
])
def test_audio_in_each_format_sent_in_chunks(client, response_format, content_type, magic):
    body = {"input": "Hello there", "voice": "alloy"}
    if response_format:
        body["response_format"] = response_format
    response = speak(client, **body)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.is_streamed and "Content-Length" not in response.headers
    assert response.get_data().startswith(magic)


def test_wav_data_size_is_unknown_too(client):
    audio = speak(client, input="hi", voice="echo", response_format="wav").get_data()
    assert audio[36:44] == b"data\xff\xff\xff\xff"


# The frame header the API's MP3 frames carry: MPEG-2 layer III, 128 kbit/s, 24 kHz, mono, the original bit set
# (rig's cassettes of tts-1 and gpt-4o-mini-tts, September 2026, begin //PExA..., fff3c4c4), and the silent frame LAME
# 3.100 writes there (its side information, then its name).
MP3_FRAME_HEADER = bytes.fromhex("fff3c4c4")
MP3_SILENT_FRAME_START = bytes.fromhex("fff3c4c4000000034800000000") + b"LAME3.100"


@pytest.mark.parametrize("model", ["tts-1", "gpt-4o-mini-tts"])
def test_mp3_is_128_kbit_frames_with_no_info_frame(client, model):
    audio = speak(client, model=model, input="hello", voice="alloy").get_data()
    frames = [audio[start:start + 384] for start in range(0, len(audio), 384)]  # 72 * 128000 / 24000 bytes each
    assert len(audio) % 384 == 0 and len(frames) >= 20  # half a second: 24 ms a frame
    assert all(frame.startswith(MP3_FRAME_HEADER) for frame in frames)
    assert frames[0].startswith(MP3_SILENT_FRAME_START)  # audio from the first frame: no Xing/Info header
    assert all(frame == MP3_SILENT_FRAME_START + bytes(384 - 22) for frame in frames)  # zeros after it, as recorded
    assert b"Info" not in audio and b"Xing" not in audio


def test_tts1_sends_request_limits_only_and_mini_tts_token_limits_too(client):
    tts1 = speak(client, input="hi", voice="alloy").headers
    assert [n for n in tts1.keys() if n.startswith("x-ratelimit")] == [
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"]
    mini = speak(client, model="gpt-4o-mini-tts", input="hi", voice="marin").headers
    assert "x-ratelimit-limit-tokens" in mini and "x-ratelimit-remaining-tokens" in mini
    # The limiter draws a token a 4 characters of input (7 for these 29, recorded July 2025).
    rocket = speak(client, model="gpt-4o-mini-tts", input="A dog on a rocket to the moon", voice="alloy").headers
    assert int(rocket["x-ratelimit-limit-tokens"]) - int(rocket["x-ratelimit-remaining-tokens"]) == 7


def test_sse_stream_of_mini_tts(client):
    response = speak(client, model="gpt-4o-mini-tts", input="Hello there", voice="coral", stream_format="sse",
                     instructions="Speak softly.")
    assert response.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    # Every event ends in CRLFs (a third party's capture, September 2026), as the transcription streams' do.
    assert text.endswith("data: [DONE]\r\n\r\n") and "\n" not in text.replace("\r\n", "")
    events = [json.loads(block[6:]) for block in text.split("\r\n\r\n")[:-2]]
    deltas, done = events[:-1], events[-1]
    assert deltas and all(list(event) == ["type", "audio"] and event["type"] == "speech.audio.delta"
                          for event in deltas)
    audio = b"".join(base64.b64decode(event["audio"]) for event in deltas)
    assert audio == speak(client, model="gpt-4o-mini-tts", input="Hello there", voice="coral").get_data()
    assert done["type"] == "speech.audio.done" and list(done["usage"]) == ["input_tokens", "output_tokens",
                                                                           "total_tokens"]
    usage = done["usage"]
    assert usage["input_tokens"] > 0 and usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


def test_tts1_ignores_sse(client):
    response = speak(client, input="hi", voice="alloy", stream_format="sse")
    assert response.headers["Content-Type"] == "audio/mpeg"


def test_tts1_refuses_as_pydantic_does_every_field_at_once(client):
    response = speak(client)  # no input, no voice: both read as ''
    assert response.status_code == 400
    body = error(response)
    assert body["param"] is None and body["code"] is None and body["type"] == "invalid_request_error"
    assert body["message"] == (
        "[{'type': 'string_too_short', 'loc': ('body', 'input'), 'msg': 'String should have at least 1 character', "
        "'ctx': {'min_length': 1}}, {'type': 'enum', 'loc': ('body', 'voice'), 'msg': \"Input should be "
        f"{TTS1_VOICES}\", 'ctx': {{'expected': \"{TTS1_VOICES}\"}}}}]")


def test_tts1_input_too_long_as_captured(client):
    response = speak(client, input="x" * 4097, voice="alloy")
    assert error(response)["message"] == ("[{'type': 'string_too_long', 'loc': ('body', 'input'), 'msg': 'String "
                                          "should have at most 4096 characters', 'ctx': {'max_length': 4096}}]")
    assert speak(client, input="x" * 4096, voice="alloy").status_code == 200


@pytest.mark.parametrize("voice", ["ballad", "marin", "Alloy", 5])
def test_tts1_voices(client, voice):
    message = error(speak(client, input="hi", voice=voice))["message"]
    assert message.startswith("[{'type': 'enum', 'loc': ('body', 'voice'), 'msg': \"Input should be 'nova'")


def test_tts1_speed_bounds_and_types(client):
    assert speak(client, input="hi", voice="sage", speed=4).status_code == 200
    assert error(speak(client, input="hi", voice="sage", speed=4.5))["message"] == (
        "[{'type': 'less_than_equal', 'loc': ('body', 'speed'), 'msg': 'Input should be less than or equal to 4', "
        "'ctx': {'le': 4.0}}]")
    assert "greater_than_equal" in error(speak(client, input="hi", voice="sage", speed=0.1))["message"]
    assert error(speak(client, input=5, voice="sage"))["message"] == (
        "[{'type': 'string_type', 'loc': ('body', 'input'), 'msg': 'Input should be a valid string'}]")


def test_mini_tts_words_refusals_as_the_api_does(client):
    voice = error(speak(client, model="gpt-4o-mini-tts", input="hi", voice="bob"))
    assert voice == {"message": "Invalid value: 'bob'. Supported values are: 'alloy', 'echo', 'fable', 'onyx', "
                                "'nova', 'shimmer', 'coral', 'verse', 'ballad', 'ash', 'sage', 'marin', and 'cedar'.",
                     "type": "invalid_request_error", "param": "voice", "code": "invalid_value"}
    missing = error(speak(client, model="gpt-4o-mini-tts", voice="ash"))
    assert missing["param"] == "input" and missing["code"] == "missing_required_parameter"
    long = error(speak(client, model="gpt-4o-mini-tts", input="x" * 5000, voice="ash"))
    assert long["code"] == "string_above_max_length" and "length 5000" in long["message"]


def test_bad_response_format(client):
    for model in ("tts-1", "gpt-4o-mini-tts"):
        assert error(speak(client, model=model, input="hi", voice="alloy", response_format="ogg")) == {
            "message": "Invalid response_format.", "type": "invalid_request_error", "param": "response_format",
            "code": "unsupported_value"}


def test_models_of_another_kind_do_not_route_and_unknown_ones_are_404(client):
    other = speak(client, model="gpt-4o", input="hi", voice="alloy")
    assert other.status_code == 404 and error(other)["message"] == "Invalid URL (POST /v1/audio/speech)"
    unknown = speak(client, model="tts-9", input="hi", voice="alloy")
    assert unknown.status_code == 404 and error(unknown)["code"] == "model_not_found"
    # A retired model's name is refused in the words of its retirement, here as in chat (by analogy).
    retired = speak(client, model="gpt-4-32k", input="hi", voice="alloy")
    assert (retired.status_code, error(retired)["message"]) == (
        404, "The model `gpt-4-32k` has been deprecated, learn more here: "
             "https://platform.openai.com/docs/deprecations")
    assert error(client.post("/v1/audio/speech", json={"input": "hi"}))["message"] == (
        "you must provide a model parameter")
    assert error(speak(client, model=["tts-1"], input="hi", voice="alloy"))["message"].startswith(
        "We could not parse the JSON body of your request.")


def test_sdk_writes_speech_to_a_file(sdk, tmp_path):
    path = tmp_path / "hello.wav"
    with sdk.audio.speech.with_streaming_response.create(model="tts-1", voice="alloy", input="Hello",
                                                         response_format="wav") as response:
        response.stream_to_file(path)
    assert path.read_bytes().startswith(b"RIFF")
    audio = sdk.audio.speech.create(model="gpt-4o-mini-tts", voice="cedar", input="Hello")
    assert audio.content.startswith(b"\xff\xf3")


def test_sdk_raises_bad_request(sdk):
    openai = pytest.importorskip("openai")
    with pytest.raises(openai.BadRequestError) as info:
        sdk.audio.speech.create(model="tts-1", voice="marin", input="Hello")
    assert "'type': 'enum'" in info.value.message


@pytest.mark.parametrize("model", ["tts-1", "gpt-4o-mini-tts"])
@pytest.mark.parametrize("response_format", [["mp3"], {}, 5])
def test_a_response_format_not_a_string_is_refused(client, model, response_format):
    response = speak(client, model=model, input="hi", voice="alloy", response_format=response_format)
    assert response.status_code == 400 and error(response)["code"] == "unsupported_value"


def test_mini_tts_takes_a_custom_voice_and_refuses_empty_input(client):
    assert speak(client, model="gpt-4o-mini-tts", input="hi", voice={"id": "voice_1234"}).status_code == 200
    empty = error(speak(client, model="gpt-4o-mini-tts", input="", voice="ash"))
    assert empty["code"] == "empty_string" and empty["param"] == "input"


def test_the_mini_tts_snapshot_the_sdk_lists_speaks_as_mini_tts(client):
    """gpt-4o-mini-tts-2025-12-15 (the SDK's SpeechModel) answers as gpt-4o-mini-tts: its voices, its sse stream,
    its refusals; listed with the shutdown date the SDK's deprecation note announces."""
    from typing import get_args

    from openai.types.audio.speech_model import SpeechModel
    assert "gpt-4o-mini-tts-2025-12-15" in get_args(SpeechModel)
    body = {"input": "Hello there", "voice": "marin", "instructions": "Softly."}
    plain = speak(client, model="gpt-4o-mini-tts-2025-12-15", **body)
    assert plain.status_code == 200 and plain.get_data() == speak(client, model="gpt-4o-mini-tts", **body).get_data()
    assert "x-ratelimit-limit-tokens" in plain.headers
    streamed = speak(client, model="gpt-4o-mini-tts-2025-12-15", stream_format="sse", **body).get_data(as_text=True)
    assert streamed.endswith("data: [DONE]\r\n\r\n")
    assert json.loads(streamed.split("\r\n\r\n")[-3][6:])["type"] == "speech.audio.done"
    assert error(speak(client, model="gpt-4o-mini-tts-2025-12-15", input="hi", voice="bob")) == error(
        speak(client, model="gpt-4o-mini-tts", input="hi", voice="bob"))
    assert client.get("/v1/models/gpt-4o-mini-tts-2025-12-15").get_json() == {
        "id": "gpt-4o-mini-tts-2025-12-15", "object": "model", "created": 1765610837, "owned_by": "system",
        "shutdown_date": "2027-01-06"}
