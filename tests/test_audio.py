"""Spoken answers: gpt-4o-audio-preview with modalities ["text", "audio"], as JSON and streamed."""
import base64
import io
import wave

import pytest

from fauxpen import completion

from .conftest import STD_MESSAGES, sse_chunks, wav_bytes

SPOKEN = {"model": "gpt-4o-audio-preview", "messages": STD_MESSAGES, "modalities": ["text", "audio"]}


def spoken(client, audio_format="wav", **fields):
    body = {**SPOKEN, "audio": {"voice": "alloy", "format": audio_format}, **fields}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.get_json()
    return response


def test_a_spoken_answer_carries_audio_in_place_of_content(client):
    answer = spoken(client).get_json()
    message = answer["choices"][0]["message"]
    assert list(message) == ["role", "content", "refusal", "audio", "annotations"]
    assert message["content"] is None
    audio = message["audio"]
    assert list(audio) == ["id", "data", "expires_at", "transcript"]
    assert audio["transcript"] == "Hello! How can I assist you today?"
    assert audio["expires_at"] == answer["created"] + 3600
    # audio_ + the creation time in hex + 24 hex digits, as audio_696496be735481908601f407fca4eb21
    assert audio["id"].startswith(f"audio_{answer['created']:08x}") and len(audio["id"]) == 38
    int(audio["id"][6:], 16)
    assert answer["choices"][0]["finish_reason"] == "stop"


@pytest.mark.parametrize(("audio_format", "magic"), [
    ("wav", b"RIFF"), ("mp3", b"ID3"), ("opus", b"OggS"), ("flac", b"fLaC"), ("aac", b"\xff\xf1"),
    ("pcm16", b"\x00\x00"),
])
def test_the_audio_is_in_the_format_asked_for(client, audio_format, magic):
    data = base64.b64decode(spoken(client, audio_format).get_json()["choices"][0]["message"]["audio"]["data"])
    assert data.startswith(magic)


def test_the_wav_is_24_khz_mono_16_bit():
    data = base64.b64decode(completion.canned_audio("wav"))
    with wave.open(io.BytesIO(data)) as clip:
        assert (clip.getframerate(), clip.getnchannels(), clip.getsampwidth()) == (24000, 1, 2)
        assert clip.getnframes() == 12000


def test_usage_counts_the_audio_tokens_and_the_text_apart(client):
    usage = spoken(client).get_json()["usage"]
    # The transcript's 9 tokens are spoken in 37 audio tokens; the text costs its 9 and the end token.
    assert usage["completion_tokens_details"] == {"reasoning_tokens": 0, "audio_tokens": 37,
                                                  "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0,
                                                  "text_tokens": 10}
    assert usage["prompt_tokens_details"] == {"cached_tokens": 0, "audio_tokens": 0,
                                              "text_tokens": usage["prompt_tokens"], "image_tokens": 0}
    assert usage["completion_tokens"] == 47
    assert usage["total_tokens"] == usage["prompt_tokens"] + 47


def test_the_audio_model_counts_text_apart_even_when_it_answers_in_text(client):
    messages = [{"role": "user", "content": [{"type": "input_audio", "input_audio": {"data": wav(0.19),
                                                                                      "format": "wav"}}]}]
    body = {"model": "gpt-4o-audio-preview", "messages": messages}
    usage = client.post("/v1/chat/completions", json=body).get_json()["usage"]
    # 0.19 s of sound: one whole tenth of a second, one audio token.
    assert usage["prompt_tokens_details"]["audio_tokens"] == 1
    assert usage["prompt_tokens_details"]["text_tokens"] == usage["prompt_tokens"] - 1
    assert usage["completion_tokens_details"]["text_tokens"] == usage["completion_tokens"]
    assert usage["completion_tokens_details"]["audio_tokens"] == 0


def wav(seconds):
    """Return a WAV of silence, 16-bit mono, as an input_audio part's base64 data."""
    return base64.b64encode(wav_bytes(seconds)).decode()


@pytest.mark.parametrize("seconds, audio_tokens", [(0.2, 2), (1.0, 10), (2.55, 25), (54656 / 48000, 11)])
def test_heard_audio_costs_ten_tokens_a_second_and_the_alias_is_the_2025_snapshot(client, seconds, audio_tokens):
    """Recorded on gpt-4o-audio-preview in February 2026 (logfire's cassettes): 0.2 s of WAV beside 'Respond with
    just the word "hello".' counted 2 audio tokens and 19 text tokens, the text and its message being 14; the
    answer came from gpt-4o-audio-preview-2025-06-03, its choice without a logprobs key. A begun tenth is not
    counted: 1.139 s of WAV (54,656 samples at 48 kHz) counted 11 on gpt-4o-mini-audio-preview (ruby_llm's
    cassette, January 2026)."""
    content = [{"type": "text", "text": 'Respond with just the word "hello".'},
               {"type": "input_audio", "input_audio": {"data": wav(seconds), "format": "wav"}}]
    body = {"model": "gpt-4o-audio-preview", "messages": [{"role": "user", "content": content}]}
    answer = client.post("/v1/chat/completions", json=body).get_json()
    assert answer["model"] == "gpt-4o-audio-preview-2025-06-03"
    assert list(answer["choices"][0]) == ["index", "message", "finish_reason"]
    details = answer["usage"]["prompt_tokens_details"]
    assert details["audio_tokens"] == audio_tokens
    text_alone = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [
        {"role": "user", "content": content[:1]}]}).get_json()["usage"]["prompt_tokens"]
    assert details["text_tokens"] == text_alone + 5
    assert answer["usage"]["prompt_tokens"] == text_alone + 5 + audio_tokens


@pytest.mark.parametrize("model, snapshot", [("gpt-audio", "gpt-audio-2025-08-28"),
                                             ("gpt-4o-mini-audio-preview", "gpt-4o-mini-audio-preview-2024-12-17"),
                                             ("gpt-4o-audio-preview-2024-12-17", "gpt-4o-audio-preview-2024-12-17")])
def test_the_other_audio_models_answer(client, model, snapshot):
    content = [{"type": "input_audio", "input_audio": {"data": wav(0.5), "format": "wav"}}]
    answer = client.post("/v1/chat/completions", json={"model": model, "messages": [
        {"role": "user", "content": content}]}).get_json()
    assert answer["model"] == snapshot
    assert answer["usage"]["prompt_tokens_details"]["audio_tokens"] == 5


def test_the_mini_audio_model_answers_as_recorded(client):
    # ruby_llm's cassette (January 2026): "What is being said?" and 1.139 s of WAV; the choice has no logprobs key.
    content = [{"type": "text", "text": "What is being said?"},
               {"type": "input_audio", "input_audio": {"data": wav(54656 / 48000), "format": "wav"}}]
    answer = client.post("/v1/chat/completions", json={"model": "gpt-4o-mini-audio-preview", "messages": [
        {"role": "user", "content": content}]}).get_json()
    assert list(answer["choices"][0]) == ["index", "message", "finish_reason"]
    assert answer["system_fingerprint"] == "fp_91aaacd78b"
    assert answer["usage"]["prompt_tokens_details"]["audio_tokens"] == 11


def test_other_models_do_not_count_text_apart(client):
    usage = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": STD_MESSAGES}).get_json()["usage"]
    assert "text_tokens" not in usage["prompt_tokens_details"]
    assert "text_tokens" not in usage["completion_tokens_details"]


def test_a_limit_the_audio_does_not_fit_in_cuts_the_answer(client):
    answer = spoken(client, max_completion_tokens=20).get_json()
    assert answer["choices"][0]["finish_reason"] == "length"
    assert answer["usage"]["completion_tokens"] == 20
    assert answer["usage"]["completion_tokens_details"]["audio_tokens"] == 10


def test_n_spoken_answers_each_have_their_own_audio(client):
    choices = spoken(client, n=2).get_json()["choices"]
    ids = {c["message"]["audio"]["id"] for c in choices}
    assert len(ids) == 2


def test_a_function_call_is_not_spoken(client):
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}}]
    answer = spoken(client, tools=tools, tool_choice="required").get_json()
    message = answer["choices"][0]["message"]
    assert "audio" not in message and message["tool_calls"]
    assert answer["usage"]["completion_tokens_details"]["audio_tokens"] == 0


def test_a_spoken_stream_sends_the_transcript_then_the_audio_then_its_expiry(client):
    chunks = sse_chunks(spoken(client, "pcm16", stream=True, stream_options={"include_usage": True}))
    deltas = [c["choices"][0]["delta"] for c in chunks if c["choices"]]
    assert all("logprobs" not in c["choices"][0] and c["choices"][0]["finish_reason"] is None
               for c in chunks[:-2] if c["choices"])
    assert deltas[0] == {"role": "assistant", "refusal": None}
    audio_id = deltas[1]["audio"]["id"]
    assert deltas[1] == {"content": None, "audio": {"id": audio_id, "transcript": "Hello"}}
    transcript = [d for d in deltas[2:] if "transcript" in d.get("audio", {})]
    assert "Hello" + "".join(d["audio"]["transcript"] for d in transcript) == "Hello! How can I assist you today?"
    assert all(d == {"audio": {"transcript": d["audio"]["transcript"]}} for d in transcript)
    first_data = deltas[2 + len(transcript)]
    assert first_data == {"role": "assistant", "content": None, "refusal": None,
                          "audio": {"id": audio_id, "data": first_data["audio"]["data"]}}
    data = [d["audio"]["data"] for d in deltas[2 + len(transcript):-1]]
    assert all(set(d) == {"audio"} and set(d["audio"]) <= {"id", "data"} for d in deltas[3 + len(transcript):-1])
    # Each piece is base64 of its own; together they are the whole clip.
    assert b"".join(base64.b64decode(d) for d in data) == base64.b64decode(completion.canned_audio("pcm16"))
    assert len(data) == 10
    # No finish_reason chunk: the usage, then the expiry, its choice without finish_reason, ends the answer
    # (openai-dotnet session records, September 2025 and February 2026).
    assert chunks[-2]["choices"] == [] and chunks[-2]["usage"]["completion_tokens_details"]["audio_tokens"] == 37
    assert chunks[-1]["choices"] == [{"index": 0, "delta": {"audio": {"expires_at": chunks[0]["created"] + 3600}}}]
    assert list(chunks[-1])[-2:] == ["choices", "usage"] and chunks[-1]["usage"] is None


def test_a_spoken_stream_cut_by_a_limit_says_length(client):
    chunks = sse_chunks(spoken(client, "pcm16", stream=True, max_tokens=20))
    assert chunks[-2]["choices"][0]["delta"] == {"audio": {"expires_at": chunks[0]["created"] + 3600}}
    assert chunks[-1]["choices"][0]["finish_reason"] == "length"


def test_a_spoken_answer_can_be_referred_to_in_the_next_turn(client):
    first = spoken(client).get_json()["choices"][0]["message"]
    messages = STD_MESSAGES + [{"role": "assistant", "audio": {"id": first["audio"]["id"]}},
                               {"role": "user", "content": "Again"}]
    assert spoken(client, messages=messages).get_json()["choices"][0]["message"]["audio"]["transcript"]


def test_the_sdk_reads_a_spoken_answer_and_stream(live_server):
    openai = pytest.importorskip("openai")
    sdk = openai.OpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=0)
    answer = sdk.chat.completions.create(model="gpt-4o-audio-preview", modalities=["text", "audio"],
                                         audio={"voice": "alloy", "format": "wav"}, messages=STD_MESSAGES)
    audio = answer.choices[0].message.audio
    assert audio.transcript == "Hello! How can I assist you today?"
    assert base64.b64decode(audio.data).startswith(b"RIFF")
    assert answer.usage.completion_tokens_details.audio_tokens == 37
    transcript, data = "", b""
    for chunk in sdk.chat.completions.create(model="gpt-4o-audio-preview", modalities=["text", "audio"],
                                             audio={"voice": "alloy", "format": "pcm16"}, messages=STD_MESSAGES,
                                             stream=True):
        for choice in chunk.choices:
            if choice.delta.audio:
                transcript += choice.delta.audio.transcript or ""
                data += base64.b64decode(choice.delta.audio.data or "")
    assert transcript == audio.transcript
    assert len(data) == 24000


def test_without_a_limit_a_spoken_answer_stays_within_the_models_output():
    from fauxpen import create_app

    client = create_app({"TESTING": True, "FAUXPEN_REPLY": "word " * 8000}).test_client()
    answer = spoken(client).get_json()
    assert answer["usage"]["completion_tokens"] == 16384  # gpt-4o-audio-preview's most
    assert answer["choices"][0]["finish_reason"] == "length"


def test_a_spoken_answer_has_no_content_to_give_logprobs_of(client):
    assert spoken(client, logprobs=True).get_json()["choices"][0]["logprobs"] is None
