"""POST /v1/audio/transcriptions: multipart uploads, every response format, the stream, and the refusals."""
import io
import json
import struct

import openai
import pytest
from openai.types.audio import TranscriptionStreamEvent
from pydantic import TypeAdapter

from .conftest import wav_bytes

SUPPORTED = "['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']"


def refused(response):
    assert response.status_code == 400, response.get_data(as_text=True)
    assert not response.get_data(as_text=True).endswith("\n")
    error = response.get_json()["error"]
    return error["message"], error["param"], error["code"]


def sse_chunks(response):
    """Return the JSON events of a transcription stream, checking its framing: each event and the closing
    `data: [DONE]` end in CRLFs (two streams of September 2026, gpt-4o-transcribe's and the diarization model's,
    ruby_llm's cassettes), not chat's LFs."""
    text = response.get_data(as_text=True) if hasattr(response, "get_data") else response
    assert text.endswith("data: [DONE]\r\n\r\n")
    events = text[:-4].split("\r\n\r\n")
    assert all(e.startswith("data: ") and "\n" not in e and "\r" not in e for e in events)
    return [json.loads(e[6:]) for e in events[:-1]]


def transcribe(client, file=("speech.wav", None), **form):
    form.setdefault("model", "whisper-1")
    if file is not None:
        name, data = file
        form["file"] = (io.BytesIO(wav_bytes(1.7) if data is None else data), name)
    return client.post("/v1/audio/transcriptions", data=form, content_type="multipart/form-data")


def test_json_is_compact_with_the_duration_usage(client):
    response = transcribe(client)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    text = response.get_data(as_text=True)
    assert not text.endswith("\n") and ": " not in text
    assert int(response.headers["Content-Length"]) == len(text)
    body = json.loads(text)
    assert list(body) == ["text", "usage"] and body["text"]
    assert body["usage"] == {"type": "duration", "seconds": 2}  # 1.7 s, rounded up as captured


def test_audio_answers_expose_cf_ray_once(client):
    # braintrust-sdk's cassettes (September 2026): transcriptions, translations and speech, streamed or not, expose
    # X-Request-ID, CF-Ray, where chat's answers name CF-Ray twice.
    speech = client.post("/v1/audio/speech", json={"model": "tts-1", "input": "Hello.", "voice": "coral"})
    translation = client.post("/v1/audio/translations", data={"model": "whisper-1",
                                                              "file": (io.BytesIO(wav_bytes(1.0)), "a.wav")},
                              content_type="multipart/form-data")
    for response in (transcribe(client), translation, speech):
        assert response.status_code == 200
        assert response.headers["access-control-expose-headers"] == "X-Request-ID, CF-Ray"


def test_rate_limit_headers_are_the_request_limits(client):
    names = [name for name in transcribe(client).headers.keys() if name.startswith("x-ratelimit")]
    assert names == ["x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"]


def test_text_srt_and_vtt(client):
    text = transcribe(client, response_format="text")
    assert text.headers["Content-Type"] == "text/plain; charset=utf-8"
    line = text.get_data(as_text=True)
    assert line.endswith("\n") and line.count("\n") == 1
    srt = transcribe(client, response_format="srt").get_data(as_text=True)
    assert srt == f"1\n00:00:00,000 --> 00:00:01,700\n{line[:-1]}\n\n\n"
    vtt = transcribe(client, response_format="vtt")
    assert vtt.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert vtt.get_data(as_text=True) == f"WEBVTT\n\n00:00:00.000 --> 00:00:01.700\n{line[:-1]}\n\n"


def test_verbose_json_keys_and_float32_duration(client):
    body = transcribe(client, response_format="verbose_json", language="de").get_json()
    assert list(body) == ["task", "language", "duration", "text", "segments", "usage"]
    assert body["task"] == "transcribe" and body["language"] == "german"
    assert body["duration"] == struct.unpack("f", struct.pack("f", 1.7))[0] == 1.7000000476837158
    [segment] = body["segments"]
    assert list(segment) == ["id", "seek", "start", "end", "text", "tokens", "temperature", "avg_logprob",
                             "compression_ratio", "no_speech_prob"]
    assert segment["text"] == " " + body["text"] and segment["tokens"][0] == 50364


def test_word_timestamps_alone_leave_out_segments(client):
    words = transcribe(client, response_format="verbose_json", **{"timestamp_granularities[]": "word"}).get_json()
    assert list(words) == ["task", "language", "duration", "text", "words", "usage"]
    assert [w["word"] for w in words["words"]] == ["Hello", "world", "This", "is", "a", "test"]
    assert words["words"][-1]["end"] == words["duration"]
    both = client.post("/v1/audio/transcriptions", content_type="multipart/form-data", data={
        "model": "whisper-1", "response_format": "verbose_json", "timestamp_granularities[]": ["word", "segment"],
        "file": (io.BytesIO(wav_bytes(1)), "a.wav")}).get_json()
    assert list(both) == ["task", "language", "duration", "text", "segments", "words", "usage"]


def test_gpt4o_models_count_tokens_and_stream(client):
    body = transcribe(client, model="gpt-4o-mini-transcribe", prompt="Names: Ada").get_json()
    usage = body["usage"]
    assert list(usage) == ["type", "total_tokens", "input_tokens", "input_token_details", "output_tokens"]
    assert usage["input_token_details"]["audio_tokens"] == 17  # 10 a second, as captured
    assert usage["input_token_details"]["text_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    stream = transcribe(client, model="gpt-4o-transcribe", stream="true")
    assert stream.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    events = sse_chunks(stream)
    assert all(e["type"] == "transcript.text.delta" for e in events[:-1])
    # A token a delta, a full stop apart (ruby_llm's gpt-4o-transcribe stream of September 2026: "Ruby", " is",
    # ..., " happiness", ".").
    assert [e["delta"] for e in events[:-1]] == ["Hello", ",", " world", "!", " This", " is", " a", " test", "."]
    assert "".join(e["delta"] for e in events[:-1]) == events[-1]["text"]
    assert events[-1]["type"] == "transcript.text.done" and events[-1]["usage"]["type"] == "tokens"


def test_mini_transcribe_counts_two_output_tokens_past_its_text(client):
    """gpt-4o-mini-transcribe's output_tokens are its text's tokens and 2 (recorded four times in 2025-2026: 8 -> 10,
    9 -> 11, 10 -> 12), and gpt-4o-transcribe's (ruby_llm's cassette, September 2026: "Ruby is a programming
    language designed for developer happiness.", 10 tokens, counted 12 in its stream's done event)."""
    from fauxpen.tokens import count_tokens
    for model, extra in (("gpt-4o-mini-transcribe", 2), ("gpt-4o-mini-transcribe-2025-12-15", 2),
                         ("gpt-4o-transcribe", 2)):
        body = transcribe(client, model=model).get_json()
        usage = body["usage"]
        assert count_tokens(body["text"]) == 9 and usage["output_tokens"] == 9 + extra, model
        assert usage["total_tokens"] == usage["input_tokens"] + 9 + extra
        stream = transcribe(client, model=model, stream="true").get_data(as_text=True)
        assert sse_chunks(stream)[-1]["usage"] == usage


def test_whisper_ignores_stream(client):
    assert transcribe(client, stream="true").headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("response_format", ["verbose_json", "srt", "vtt"])
def test_gpt4o_models_write_json_or_text_only(client, response_format):
    response = transcribe(client, model="gpt-4o-transcribe", response_format=response_format)
    assert response.status_code == 400
    # The model's internal name, indented by two without a newline (measured, September 2026; reported in 2026).
    assert response.get_json()["error"] == {
        "message": f"response_format '{response_format}' is not compatible with model 'gpt-4o-transcribe-api-ev3'. "
                   "Use 'json' or 'text' instead.", "type": "invalid_request_error", "param": "response_format",
        "code": "unsupported_value"}
    assert response.data.startswith(b'{\n  "error": {\n    "message": ') and response.data.endswith(b"\n}")


@pytest.mark.parametrize("name, data", [("notes.txt", None), ("speech.mp3", b"this is not audio"),
                                        ("speech.wav", b""), ("speech", None)])
def test_files_that_are_not_audio(client, name, data):
    response = transcribe(client, file=(name, b"" if data == b"" else data))
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == f"Invalid file format. Supported formats: {SUPPORTED}"


OGG = b"OggS\x00\x02" + bytes(16_000)  # an Ogg page's start: 1 s at the size fauxpen estimates by
M4A = b"\x00\x00\x00\x18ftypM4A " + bytes(16_000)  # an MP4 box naming its brand
MP3 = b"ID3\x03" + bytes(16_000)


def mp3_frames(header, size, count, tag=b""):
    """An MP3 of count frames of size bytes, each starting with header (4 bytes), after an ID3v2 tag of tag."""
    id3 = b"ID3\x04\x00\x00" + bytes([0, 0, 0, len(tag)]) + tag if tag else b""
    return id3 + (bytes.fromhex(header) + bytes(size - 4)) * count


@pytest.mark.parametrize("audio, seconds, usage", [
    # rig's cassettes (2026): a 32,976-byte MP3 heard as 5.49 s, usage 6 s; 229 frames of MPEG-2 layer III at
    # 48 kbit/s and 24 kHz (144 bytes each) are those bytes and play 5.496 s. At 128 kbit/s they would be 2.06 s.
    (mp3_frames("fff364c4", 144, 229), 5.496, 6),
    (mp3_frames("fff364c4", 144, 229, tag=b"TIT2" + bytes(96)), 5.496, 6),  # the tag is not audio
    (mp3_frames("fffb9064", 417, 72), 1.8765, 2),  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 30,024 bytes
    (mp3_frames("fff344c4", 96, 10), 0.24, 1),  # 32 kbit/s at 24 kHz: ten frames of 576 samples
])
def test_an_mp3_is_timed_by_its_frames_bitrate(client, audio, seconds, usage):
    body = transcribe(client, file=("audio.mp3", audio), response_format="verbose_json").get_json()
    assert body["duration"] == pytest.approx(seconds, abs=0.001)
    assert body["usage"] == {"type": "duration", "seconds": usage}


def test_an_mp3_with_an_info_frame_is_timed_by_its_frame_count(client):
    """A Xing or Info frame (LAME's first frame) counts the frames: 250 of 576 samples at 24 kHz play 6 s, what
    the bitrate of its few bytes would not say."""
    info = bytearray(bytes.fromhex("fff344c4") + bytes(92))
    info[13:25] = b"Info" + (1).to_bytes(4, "big") + (250).to_bytes(4, "big")  # flags: the frame count follows
    body = transcribe(client, file=("audio.mp3", bytes(info) * 3), response_format="verbose_json").get_json()
    assert body["duration"] == pytest.approx(6.0, abs=0.001)


GPT4O = ("gpt-4o-transcribe", "gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe-2025-12-15",
         "gpt-4o-transcribe-diarize")


def test_the_gpt4o_models_refuse_oga_naming_it_and_whisper_takes_it(client):
    """.oga: refused by the gpt-4o transcribe models (reported twice in 2026, the same bytes taken as .ogg), taken by
    whisper-1."""
    for model in GPT4O:
        assert refused(transcribe(client, model=model, file=("clip.oga", OGG))) == (
            "Unsupported file format oga", "file", "unsupported_value"), model
        assert transcribe(client, model=model, file=("clip.ogg", OGG)).status_code == 200, model
    assert transcribe(client, file=("clip.oga", OGG)).status_code == 200


@pytest.mark.parametrize("model", GPT4O + ("gpt-transcribe",))
@pytest.mark.parametrize("name, data", [("audio.bin", MP3), ("PTT.opus", OGG), ("voice.MP3a", MP3)])
def test_an_extension_out_of_the_list_is_named_by_the_gpt_models(client, model, name, data):
    """Recorded on gpt-transcribe (valid MP3 bytes named audio.bin, September 2026) and reported for .opus: the API
    goes by the extension, whatever the bytes are."""
    assert refused(transcribe(client, model=model, file=(name, data))) == (
        f"Unsupported file format {name.rpartition('.')[2].lower()}", "file", "unsupported_value")


def test_whisper_keeps_its_own_words_for_an_extension_out_of_the_list(client):
    response = transcribe(client, file=("audio.bin", MP3))
    assert response.get_json()["error"] == {"message": f"Invalid file format. Supported formats: {SUPPORTED}",
                                            "type": "invalid_request_error", "param": None, "code": None}


@pytest.mark.parametrize("model", GPT4O)
def test_the_gpt4o_models_refuse_content_that_is_not_of_its_extensions_container(client, model):
    """M4A bytes sent as audio.wav: refused, as recorded on gpt-4o-transcribe in July 2026 (vercel/ai) and reported
    from 2025; the same bytes as audio.m4a are taken."""
    for name, data in (("audio.wav", M4A), ("audio.mp3", OGG), ("audio.webm", wav_bytes(1)),
                       ("junk.mp3", b"not audio at all " * 64)):
        assert refused(transcribe(client, model=model, file=(name, data), chunking_strategy="auto")) == (
            "This model does not support the format you provided.", "messages", "unsupported_format"), name
    webm = b"\x1aE\xdf\xa3" + bytes(16_000)  # an EBML header's ID
    for name, data in (("audio.m4a", M4A), ("audio.mp4", M4A), ("audio.mpga", MP3), ("audio.webm", webm)):
        assert transcribe(client, model=model, file=(name, data)).status_code == 200, name


def test_gpt_transcribe_refuses_bytes_that_are_no_audio_as_maybe_corrupted(client):
    """Recorded in September 2026: "not audio at all " * 64 sent as junk.mp3 (audio/mpeg)."""
    junk = ("junk.mp3", b"not audio at all " * 64)
    assert refused(transcribe(client, model="gpt-transcribe", file=junk)) == (
        "Audio file might be corrupted or unsupported", "file", "invalid_value")
    assert transcribe(client, model="gpt-transcribe", file=("audio.mp3", MP3)).status_code == 200
    whisper = transcribe(client, file=junk).get_json()["error"]
    assert whisper["message"] == f"Invalid file format. Supported formats: {SUPPORTED}"


def test_missing_file_is_pydantic_list(client):
    response = transcribe(client, file=None)
    assert response.get_json()["error"] == {
        "message": "[{'type': 'missing', 'loc': ('body', 'file'), 'msg': 'Field required', 'input': None}]",
        "type": "invalid_request_error", "param": None, "code": None}


def test_invalid_language_carries_a_usage_and_no_newline_as_captured(client):
    response = transcribe(client, language="english")
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        '{"error":{"message":"Invalid language \'english\'. Language parameter must be specified in ISO-639-1 '
        'format.","type":"invalid_request_error","param":"language","code":"invalid_language_format"},'
        '"usage":{"type":"duration","seconds":0}}')


def test_models_of_another_kind_and_no_model(client):
    other = transcribe(client, model="tts-1")
    assert other.status_code == 404
    assert other.get_json()["error"]["message"] == "Invalid URL (POST /v1/audio/transcriptions)"
    assert transcribe(client, model="whisper-9").get_json()["error"]["code"] == "model_not_found"
    none = client.post("/v1/audio/transcriptions", json={"model": "whisper-1"})
    assert none.get_json()["error"]["message"] == "you must provide a model parameter"  # not a form: no model


def test_sdk_transcribes_a_file(sdk, tmp_path):
    path = tmp_path / "hello.wav"
    path.write_bytes(wav_bytes(2.5))
    with path.open("rb") as audio:
        result = sdk.audio.transcriptions.create(model="whisper-1", file=audio)
    assert result.text and result.usage.seconds == 3
    with path.open("rb") as audio:
        verbose = sdk.audio.transcriptions.create(model="whisper-1", file=audio, response_format="verbose_json",
                                                  timestamp_granularities=["word"])
    assert verbose.duration == pytest.approx(2.5) and verbose.words[0].word == "Hello"
    with path.open("rb") as audio:
        text = sdk.audio.transcriptions.create(model="gpt-4o-mini-transcribe", file=audio, response_format="text")
    assert isinstance(text, str) and text.strip() == result.text


def test_temperature_is_read_as_pydantic_reads_it(client):
    body = transcribe(client, response_format="verbose_json", temperature="0_.5").get_json()
    assert body["segments"][0]["temperature"] == 0.5
    refused = transcribe(client, temperature="warm")
    assert refused.status_code == 400 and "float_parsing" in refused.get_json()["error"]["message"]


def test_a_wav_header_claiming_more_than_its_bytes(client):
    audio = bytearray(wav_bytes(1))
    audio[16:20] = struct.pack("<I", 0x10000000)  # a fmt chunk larger than the file
    assert transcribe(client, file=("bad.wav", bytes(audio))).status_code == 200
    short = bytearray(wav_bytes(1))
    short[40:44] = struct.pack("<I", 0xFFFFFFF0)  # data size far beyond the bytes sent
    assert transcribe(client, file=("short.wav", bytes(short))).get_json()["usage"]["seconds"] == 1


def test_stream_and_granularities_are_read_as_pydantic_reads_form_fields(client):
    assert transcribe(client, model="gpt-4o-transcribe", stream="True").headers["Content-Type"].startswith(
        "text/event-stream")
    assert transcribe(client, model="gpt-4o-transcribe", stream="0").headers["Content-Type"] == "application/json"
    for form in ({"stream": "banana"}, {"response_format": "verbose_json", "timestamp_granularities[]": "char"}):
        refused = transcribe(client, **form)
        assert refused.status_code == 400 and refused.get_json()["error"]["message"].startswith("[{'type': ")


def test_a_long_prompt_field_is_taken(client):
    assert transcribe(client, prompt="word " * 150_000).status_code == 200  # 750 kB: over werkzeug's 500 kB


def translate(client, **form):
    form.setdefault("model", "whisper-1")
    form["file"] = (io.BytesIO(wav_bytes(1.7)), "speech.wav")
    return client.post("/v1/audio/translations", data=form, content_type="multipart/form-data")


def test_translations_have_no_usage_and_no_words(client):
    response = translate(client)
    assert response.get_data(as_text=True) == '{"text":"Hello, world! This is a test."}'
    verbose = translate(client, response_format="verbose_json", **{"timestamp_granularities[]": "word"}).get_json()
    assert list(verbose) == ["task", "language", "duration", "text", "segments"]
    assert verbose["task"] == "translate" and verbose["language"] == "english"
    assert translate(client, response_format="srt").get_data(as_text=True).startswith("1\n00:00:00,000 --> ")
    assert translate(client, language="xx").status_code == 200  # translations take no language


def test_translations_are_whisper_only(client):
    refused = translate(client, model="gpt-4o-transcribe")
    assert refused.status_code == 400 and refused.get_json()["error"]["param"] == "model"
    other = translate(client, model="tts-1")
    assert other.status_code == 404
    assert other.get_json()["error"]["message"] == "Invalid URL (POST /v1/audio/translations)"


def test_sdk_translates(sdk, tmp_path):
    path = tmp_path / "hola.wav"
    path.write_bytes(wav_bytes(1))
    with path.open("rb") as audio:
        assert sdk.audio.translations.create(model="whisper-1", file=audio).text == "Hello, world! This is a test."


def test_the_mini_transcribe_snapshot_the_sdk_lists_transcribes_as_mini_transcribe(client):
    """gpt-4o-mini-transcribe-2025-12-15 (the SDK's AudioModel) answers as gpt-4o-mini-transcribe: tokens in its
    usage, its stream, no translations; listed with the shutdown date the SDK's deprecation note announces."""
    from typing import get_args

    from openai.types.audio_model import AudioModel
    assert "gpt-4o-mini-transcribe-2025-12-15" in get_args(AudioModel)
    snapshot = transcribe(client, model="gpt-4o-mini-transcribe-2025-12-15", prompt="Names: Ada")
    assert snapshot.status_code == 200
    assert snapshot.get_json() == transcribe(client, model="gpt-4o-mini-transcribe", prompt="Names: Ada").get_json()
    stream = transcribe(client, model="gpt-4o-mini-transcribe-2025-12-15", stream="true").get_data(as_text=True)
    assert sse_chunks(stream)[-1]["type"] == "transcript.text.done"
    translated = client.post("/v1/audio/translations", content_type="multipart/form-data", data={
        "model": "gpt-4o-mini-transcribe-2025-12-15", "file": (io.BytesIO(wav_bytes(1)), "a.wav")})
    assert translated.status_code == 400
    assert client.get("/v1/models/gpt-4o-mini-transcribe-2025-12-15").get_json() == {
        "id": "gpt-4o-mini-transcribe-2025-12-15", "object": "model", "created": 1765610407, "owned_by": "system",
        "shutdown_date": "2027-02-26"}


def test_include_logprobs_lists_each_token_of_the_json_answer(client):
    """include[]=logprobs (as the SDK sends `include`) on the gpt-4o transcribe models: the tokens usage counts,
    each with its logprob and UTF-8 bytes, between the text and the usage (the API reference's example)."""
    for model in ("gpt-4o-transcribe", "gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe-2025-12-15"):
        body = transcribe(client, model=model, **{"include[]": "logprobs"}).get_json()
        assert list(body) == ["text", "logprobs", "usage"]
        logprobs = body["logprobs"]
        assert all(list(entry) == ["token", "logprob", "bytes"] for entry in logprobs)
        assert "".join(entry["token"] for entry in logprobs) == body["text"]
        assert [entry["token"] for entry in logprobs][:4] == ["Hello", ",", " world", "!"]
        assert all(entry["bytes"] == list(entry["token"].encode()) for entry in logprobs)
        assert all(-1 < entry["logprob"] <= 0 for entry in logprobs)
        assert len(logprobs) + 2 == body["usage"]["output_tokens"]
    plain = transcribe(client, model="gpt-4o-transcribe").get_json()
    assert list(plain) == ["text", "usage"]


def test_include_logprobs_is_left_out_where_no_logprobs_are_written(client):
    """whisper-1 and the text format take the field and write no logprobs; an unknown include is refused."""
    whisper = transcribe(client, **{"include[]": "logprobs"})
    assert whisper.status_code == 200 and list(whisper.get_json()) == ["text", "usage"]
    text = transcribe(client, model="gpt-4o-transcribe", response_format="text", **{"include[]": "logprobs"})
    assert text.status_code == 200 and text.get_data(as_text=True) == "Hello, world! This is a test.\n"
    refused = transcribe(client, model="gpt-4o-transcribe", **{"include[]": "words"})
    assert refused.status_code == 400
    assert "'include[]', 0" in refused.get_json()["error"]["message"]


def test_include_logprobs_streams_each_deltas_tokens_and_all_of_them_when_done(client):
    stream = transcribe(client, model="gpt-4o-mini-transcribe", stream="true", **{"include[]": "logprobs"})
    events = sse_chunks(stream)
    deltas, done = events[:-1], events[-1]
    assert all(list(e) == ["type", "delta", "logprobs"] for e in deltas)
    assert all("".join(entry["token"] for entry in e["logprobs"]) == e["delta"] for e in deltas)
    assert list(done) == ["type", "text", "logprobs", "usage"]
    assert done["logprobs"] == [entry for e in deltas for entry in e["logprobs"]]
    plain = transcribe(client, model="gpt-4o-mini-transcribe", stream="true").get_data(as_text=True)
    assert '"logprobs"' not in plain


def test_sdk_transcribes_with_logprobs(sdk, tmp_path):
    path = tmp_path / "speech.wav"
    path.write_bytes(wav_bytes(1))
    with path.open("rb") as audio:
        answer = sdk.audio.transcriptions.create(model="gpt-4o-transcribe", file=audio, include=["logprobs"])
    assert "".join(entry.token for entry in answer.logprobs) == answer.text
    with path.open("rb") as audio:
        stream = sdk.audio.transcriptions.create(model="gpt-4o-transcribe", file=audio, include=["logprobs"],
                                                 stream=True)
        events = list(stream)
    assert events[-1].type == "transcript.text.done" and events[-1].logprobs[0].token == "Hello"
    assert events[0].logprobs[0].bytes == [72, 101, 108, 108, 111]


DIARIZE = "gpt-4o-transcribe-diarize"
REFERENCE = "data:audio/wav;base64,UklGRgAAAABXQVZF"


def test_the_models_the_sdk_lists_are_all_served(client):
    """Every AudioModel of the SDK transcribes, and GET /v1/models lists it as /v1/models did in October 2026 (a
    third party's copy: gpt-4o-transcribe-diarize 1750798887, gpt-transcribe 1785168027, the mini snapshot
    1765610407)."""
    from typing import get_args

    from openai.types import Model
    from openai.types.audio_model import AudioModel
    listed = {entry["id"]: entry for entry in client.get("/v1/models").get_json()["data"]}
    for name in get_args(AudioModel):
        assert transcribe(client, model=name).status_code == 200, name
        Model.model_validate(listed[name], strict=True)
    assert (listed[DIARIZE]["created"], listed[DIARIZE]["shutdown_date"]) == (1750798887, "2027-02-26")
    assert (listed["gpt-transcribe"]["created"], listed["gpt-transcribe"]["shutdown_date"]) == (1785168027, None)


def test_diarized_json_cuts_the_transcript_into_speakers_segments(client):
    """As openai-dotnet recorded it late in 2026 (a 6.4625 s WAV): compact, text, task, the duration as read, the
    segments (type, text with its leading space, speaker, start, end, id seg_0, seg_1, ...; times on a 0.05 s grid),
    then the usage."""
    from openai.types.audio import TranscriptionDiarized
    response = transcribe(client, model=DIARIZE, response_format="diarized_json",
                          file=("meeting.wav", wav_bytes(6.4625, rate=24000)))
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    assert response.get_data(as_text=True).startswith(
        '{"text":"Hello, world! This is a test.","task":"transcribe","duration":6.4625,"segments":['
        '{"type":"transcript.text.segment","text":" Hello, world!","speaker":"A","start":0.0,"end":2.15,"id":"seg_0"},'
        '{"type":"transcript.text.segment","text":" This is a test.","speaker":"B","start":2.15,"end":6.45,'
        '"id":"seg_1"}],"usage":{"type":"tokens",')
    answer = TranscriptionDiarized.model_validate(response.get_json(), strict=True)
    assert "".join(s.text for s in answer.segments) == " " + answer.text
    short = transcribe(client, model=DIARIZE, response_format="diarized_json").get_json()  # 1.7 s
    assert short["duration"] == 1.7 and [(s["start"], s["end"]) for s in short["segments"]] == [(0, 0.55), (0.55, 1.7)]


def test_known_speakers_name_the_segments(client):
    body = transcribe(client, model=DIARIZE, response_format="diarized_json", chunking_strategy="auto", **{
        "known_speaker_names[]": ["agent"], "known_speaker_references[]": [REFERENCE]}).get_json()
    assert [segment["speaker"] for segment in body["segments"]] == ["agent", "A"]


def test_the_diarization_model_writes_json_and_text_too(client):
    diarized = transcribe(client, model=DIARIZE).get_json()
    plain = transcribe(client, model="gpt-4o-transcribe").get_json()
    assert list(diarized) == list(plain) == ["text", "usage"] and diarized["text"] == plain["text"]
    assert diarized["usage"]["output_tokens"] == plain["usage"]["output_tokens"] - 2  # its text alone
    assert transcribe(client, model=DIARIZE, response_format="text").get_data(as_text=True) == (
        "Hello, world! This is a test.\n")
    # Word timestamps are taken and left out, as a third party measured.
    assert "segments" in transcribe(client, model=DIARIZE, response_format="diarized_json",
                                    **{"timestamp_granularities[]": "word"}).get_json()


@pytest.mark.parametrize("response_format", ["verbose_json", "srt", "vtt"])
def test_the_diarization_model_names_itself_internally_when_refusing_a_format(client, response_format):
    assert refused(transcribe(client, model=DIARIZE, response_format=response_format)) == (
        f"response_format '{response_format}' is not compatible with model 'gpt-4o-transcribe-diarize-api-ev3'. "
        "Use 'json' or 'text' instead.", "response_format", "unsupported_value")


def test_diarized_json_is_the_diarization_models_alone(client):
    assert refused(transcribe(client, model="gpt-4o-transcribe", response_format="diarized_json")) == (
        "response_format 'diarized_json' is not compatible with model 'gpt-4o-transcribe-api-ev3'. Use 'json' or "
        "'text' instead.", "response_format", "unsupported_value")
    enum = transcribe(client, model="gpt-4o-transcribe", response_format="markdown").get_json()["error"]["message"]
    assert "'vtt' or 'diarized_json'" in enum  # the SDK's AudioResponseFormat, in its order


@pytest.mark.parametrize("response_format", ["rig-invalid", "diarized_json"])
def test_whisper_refuses_a_format_it_does_not_know_in_its_own_list_without_a_usage(client, response_format):
    # Recorded on whisper-1 (September 2026): its request layer's refusal, its five formats in its order, no usage.
    expected = "'json', 'text', 'vtt', 'srt' or 'verbose_json'"
    response = transcribe(client, response_format=response_format)
    assert response.status_code == 400 and response.get_json() == {"error": {
        "message": repr([{"type": "enum", "loc": ("body", "response_format"), "msg": f"Input should be {expected}",
                          "ctx": {"expected": expected}}]), "type": "invalid_request_error", "param": None,
        "code": None}}
    assert "usage" not in transcribe(client, file=None).get_json()


def test_the_diarization_model_refuses_a_prompt_and_logprobs(client):
    assert refused(transcribe(client, model=DIARIZE, prompt="Names: Ada")) == (
        "Prompt is not supported for diarization models", "prompt", "invalid_value")
    assert refused(transcribe(client, model=DIARIZE, **{"include[]": "logprobs"})) == (
        "Logprobs are not supported for diarization models", "include", "invalid_value")


def test_audio_over_thirty_seconds_needs_a_chunking_strategy(client):
    long = ("meeting.wav", wav_bytes(31, rate=8000))
    assert refused(transcribe(client, model=DIARIZE, file=long, response_format="diarized_json")) == (
        "chunking_strategy is required for diarization models", "chunking_strategy", "invalid_value")
    assert transcribe(client, model=DIARIZE, file=("short.wav", wav_bytes(30, rate=8000))).status_code == 200
    for strategy in ({"chunking_strategy": "auto"},
                     {"chunking_strategy[type]": "server_vad", "chunking_strategy[threshold]": "0.5"},
                     {"chunking_strategy": '{"type": "server_vad", "silence_duration_ms": 500}'}):
        assert transcribe(client, model=DIARIZE, file=long, **strategy).status_code == 200, strategy
    assert transcribe(client, model="gpt-4o-transcribe", file=long).status_code == 200  # the others need none
    bad = transcribe(client, model=DIARIZE, chunking_strategy="sometimes")
    assert bad.status_code == 400 and "chunking_strategy" in bad.get_json()["error"]["message"]


def test_known_speakers_pair_with_their_references(client):
    assert refused(transcribe(client, model=DIARIZE, **{"known_speaker_names[]": ["agent", "caller"],
                                                        "known_speaker_references[]": [REFERENCE]}))[1] == (
        "known_speaker_names")
    assert refused(transcribe(client, model=DIARIZE, **{"known_speaker_names[]": list("abcde"),
                                                        "known_speaker_references[]": [REFERENCE] * 5}))[0] == (
        "At most 4 known speakers are supported.")
    assert refused(transcribe(client, model=DIARIZE, **{"known_speaker_names[]": ["agent"],
                                                        "known_speaker_references[]": ["https://example.com/a.wav"]}
                              ))[1] == "known_speaker_references[0]"


def test_the_diarization_stream_sends_the_segments_and_no_deltas(client):
    """diarized_json streamed, as openai-dotnet recorded it in 2026: a transcript.text.segment event a segment (the
    answer's segments), then the done event with the text and usage alone, and no delta."""
    events = sse_chunks(transcribe(client, model=DIARIZE, response_format="diarized_json", stream="true"))
    answer = transcribe(client, model=DIARIZE, response_format="diarized_json").get_json()
    assert events == answer["segments"] + [{"type": "transcript.text.done", "text": answer["text"],
                                            "usage": answer["usage"]}]
    plain = sse_chunks(transcribe(client, model=DIARIZE, stream="true"))  # json streamed: deltas naming segments
    assert [e["segment_id"] for e in plain[:-1]] == ["seg_0"] * 4 + ["seg_1"] * 5  # a token a delta
    assert "".join(e["delta"] for e in plain[:-1]) == plain[-1]["text"]


def test_the_gpt4o_models_take_at_most_1400_seconds(client):
    """Reported from 2025 to 2026 for gpt-4o-transcribe and -diarize (code invalid_value, no param), the duration
    as a float (1500.0, measured in September 2026); gpt-4o-mini-transcribe refuses the same file as too many
    tokens (measured); whisper-1 has no such ceiling."""
    big = ("lecture.mp3", b"ID3\x03" + bytes(16_000 * 1500 + 7_996))  # 1500.5 s at 128 kbit/s
    for model in ("gpt-4o-transcribe", DIARIZE):
        assert refused(transcribe(client, model=model, file=big, chunking_strategy="auto")) == (
            "audio duration 1500.5 seconds is longer than 1400 seconds which is the maximum for this model", None,
            "invalid_value")
    whole = ("lecture.mp3", b"ID3\x03" + bytes(16_000 * 1500 - 4))  # 1500 s
    assert refused(transcribe(client, model="gpt-4o-transcribe", file=whole))[0].startswith(
        "audio duration 1500.0 seconds is longer")
    assert refused(transcribe(client, model="gpt-4o-mini-transcribe", file=big)) == (
        "Total number of tokens in instructions + audio is too large for this model", None, "input_too_large")
    assert transcribe(client, file=big).status_code == 200


def test_whisper_refusals_carry_its_usage_and_a_body_past_25_mib_is_refused(client):
    # Measured on whisper-1 in September 2026: a usage of 0 seconds after every refusal past the model, and a 413.
    response = transcribe(client, file=("notes.txt", b"hello"))
    assert response.data.endswith(b'"code":null},"usage":{"type":"duration","seconds":0}}')
    huge = transcribe(client, file=("big.mp3", b"ID3\x03" + bytes(26_214_400)))
    assert huge.status_code == 413
    error = huge.get_json()["error"]
    assert error["type"] == "server_error" and error["message"].startswith(
        "413: Maximum content size limit (26214400) exceeded (") and error["message"].endswith(" bytes read)")
    assert huge.get_json()["usage"] == {"type": "duration", "seconds": 0}


def spoken_wav(seconds, rate=16000):
    """A WAV of a square wave: a sound fauxpen does not take for silence."""
    silence = wav_bytes(seconds, rate)
    return silence[:44] + b"\x00\x10\x00\xf0" * ((len(silence) - 44) // 4)


def test_gpt_transcribe_lists_its_languages_and_counts_seconds(client):
    """Recorded in September 2026 (a third party's recorder, its keys sorted): text, the languages heard and a usage in
    seconds, rounded up; logprobs with include[]=logprobs, the usage still in seconds; keys in the SDK's order."""
    from openai.types.audio import Transcription
    response = transcribe(client, model="gpt-transcribe", file=("fox.wav", spoken_wav(3.4)),
                          **{"keywords[]": ["Ada", "Lovelace"], "languages[]": ["en", "fr"]})
    assert response.get_data(as_text=True) == (
        '{"text":"Hello, world! This is a test.","languages":[{"code":"en"}],"usage":{"type":"duration","seconds":4}}')
    Transcription.model_validate(response.get_json(), strict=True)
    body = transcribe(client, model="gpt-transcribe", file=("fox.mp3", MP3), **{"include[]": "logprobs"}).get_json()
    assert list(body) == ["text", "languages", "logprobs", "usage"]
    assert "".join(entry["token"] for entry in body["logprobs"]) == body["text"]
    assert body["usage"] == {"type": "duration", "seconds": 2}  # 16,004 bytes at 128 kbit/s
    text = transcribe(client, model="gpt-transcribe", file=("fox.wav", spoken_wav(1)), response_format="text")
    assert text.get_data(as_text=True) == "Hello, world! This is a test.\n"


def test_gpt_transcribe_hears_silence_as_no_text_in_no_language_without_logprobs(client):
    """A silent WAV, recorded in September 2026 with include[]=logprobs: no text, no language, no logprobs key. The
    other models say their canned text whatever they are sent."""
    silence = transcribe(client, model="gpt-transcribe", file=("silence.wav", wav_bytes(2)),
                         **{"include[]": "logprobs"})
    assert silence.get_data(as_text=True) == '{"text":"","languages":[],"usage":{"type":"duration","seconds":2}}'
    eight_bit = wav_bytes(1)[:44] + b"\x80" * 100
    eight_bit = eight_bit[:34] + b"\x08\x00" + eight_bit[36:]  # 8-bit samples: silence is 128
    assert transcribe(client, model="gpt-transcribe", file=("silence.wav", eight_bit)).get_json()["text"] == ""
    assert transcribe(client, model="gpt-4o-transcribe", file=("silence.wav", wav_bytes(2))).get_json()["text"]


def test_gpt_transcribe_streams_its_languages_and_no_usage_when_done(client):
    """The SDK's TranscriptionTextDoneEvent types its usage as tokens alone: gpt-transcribe, billed by the second,
    sends none there (a usage of type duration failed the SDK's type)."""
    events = sse_chunks(transcribe(client, model="gpt-transcribe", file=("fox.wav", spoken_wav(1)), stream="true"))
    assert "".join(e["delta"] for e in events[:-1]) == "Hello, world! This is a test."
    assert events[-1] == {"type": "transcript.text.done", "text": "Hello, world! This is a test.",
                          "languages": [{"code": "en"}]}
    quiet = sse_chunks(transcribe(client, model="gpt-transcribe", stream="true", **{"include[]": "logprobs"}))
    assert quiet == [{"type": "transcript.text.done", "text": "", "languages": []}]
    TypeAdapter(TranscriptionStreamEvent).validate_python(events[-1])
    tokens = sse_chunks(transcribe(client, model="gpt-4o-mini-transcribe", stream="true"))
    assert TypeAdapter(TranscriptionStreamEvent).validate_python(tokens[-1]).usage.type == "tokens"


def test_sdk_reads_gpt_transcribes_languages(sdk, tmp_path):
    path = tmp_path / "fox.wav"
    path.write_bytes(spoken_wav(2.5))
    with path.open("rb") as audio:
        answer = sdk.audio.transcriptions.create(model="gpt-transcribe", file=audio)
    assert [language.code for language in answer.languages] == ["en"] and answer.usage.seconds == 3
    with path.open("rb") as audio:
        events = list(sdk.audio.transcriptions.create(model="gpt-transcribe", file=audio, stream=True))
    assert events[-1].type == "transcript.text.done" and events[-1].languages[0].code == "en"


def test_gpt_transcribe_takes_keywords_and_languages_and_writes_json_or_text(client):
    assert transcribe(client, model="gpt-transcribe", **{"keywords[]": ["Ada"], "languages[]": ["en", "fr"]}
                      ).status_code == 200
    assert refused(transcribe(client, model="gpt-transcribe", response_format="srt"))[0].startswith(
        "response_format 'srt' is not compatible with model 'gpt-transcribe'.")


def test_sdk_diarizes_a_file(sdk, tmp_path):
    from openai.types.audio import TranscriptionDiarized, TranscriptionTextSegmentEvent
    path = tmp_path / "meeting.wav"
    path.write_bytes(wav_bytes(40, rate=8000))
    with path.open("rb") as audio:
        with pytest.raises(openai.BadRequestError) as info:
            sdk.audio.transcriptions.create(model=DIARIZE, file=audio, response_format="diarized_json")
    assert info.value.param == "chunking_strategy"
    with path.open("rb") as audio:
        answer = sdk.audio.transcriptions.create(model=DIARIZE, file=audio, response_format="diarized_json",
                                                 chunking_strategy={"type": "server_vad", "threshold": 0.5},
                                                 known_speaker_names=["agent"], known_speaker_references=[REFERENCE])
    assert isinstance(answer, TranscriptionDiarized)
    assert [s.speaker for s in answer.segments] == ["agent", "A"] and answer.duration == 40
    with path.open("rb") as audio:
        events = list(sdk.audio.transcriptions.create(model=DIARIZE, file=audio, response_format="diarized_json",
                                                      chunking_strategy="auto", stream=True))
    segments = [e for e in events if isinstance(e, TranscriptionTextSegmentEvent)]
    assert [s.id for s in segments] == ["seg_0", "seg_1"] and events[:-1] == segments
    with path.open("rb") as audio:
        with pytest.raises(openai.BadRequestError) as info:
            sdk.audio.transcriptions.create(model=DIARIZE, file=audio, chunking_strategy="auto", prompt="Names")
    assert info.value.message.endswith("Prompt is not supported for diarization models")
