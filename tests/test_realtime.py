"""POST /v1/realtime/client_secrets, as captured in 2025-2026: the key, its expiry, and the session it opens with
every default filled in; the refusals of a malformed session; the retired beta endpoints."""
import re
import time

import pytest

SESSION = {"type": "realtime", "model": "gpt-realtime-2025-08-28", "instructions": "You are a friendly assistant."}


def mint(client, **body):
    response = client.post("/v1/realtime/client_secrets", json=body)
    return response.status_code, response.get_json()


def test_a_key_opens_a_realtime_session_with_its_defaults(client):
    before = int(time.time())
    status, body = mint(client, expires_after={"anchor": "created_at", "seconds": 600}, session=SESSION)
    assert status == 200 and list(body) == ["value", "expires_at", "session"]
    assert re.fullmatch(r"ek_[0-9a-f]{32}", body["value"])
    made = int(body["value"][3:11], 16)  # the key begins with the time it was made (recorded)
    assert before <= made <= int(time.time()) and body["expires_at"] == made + 600
    session = body["session"]
    assert list(session) == ["type", "object", "id", "model", "output_modalities", "instructions", "tools",
                             "tool_choice", "max_output_tokens", "tracing", "truncation", "prompt", "expires_at",
                             "audio", "include"]
    assert re.fullmatch(r"sess_[A-Za-z0-9]{21}", session["id"])
    assert (session["object"], session["model"], session["output_modalities"], session["max_output_tokens"]) == (
        "realtime.session", "gpt-realtime-2025-08-28", ["audio"], "inf")
    assert session["audio"] == {
        "input": {"format": {"type": "audio/pcm", "rate": 24000}, "transcription": None, "noise_reduction": None,
                  "turn_detection": {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300,
                                     "silence_duration_ms": 200, "idle_timeout_ms": None, "create_response": True,
                                     "interrupt_response": True}},
        "output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "alloy", "speed": 1.0}}
    assert (session["expires_at"], session["include"], session["tracing"]) == (0, None, None)


def test_what_a_session_sets_is_echoed(client):
    tool = {"type": "function", "name": "lookup", "description": "Look it up", "parameters": {"type": "object"}}
    _, body = mint(client, expires_after={"seconds": 60}, session={
        "type": "realtime", "tools": [tool], "output_modalities": ["text"], "audio": {
            "input": {"transcription": {"model": "whisper-1"}, "turn_detection": {"type": "semantic_vad"}},
            "output": {"voice": "cedar", "speed": 1.2}}})
    session = body["session"]
    assert body["expires_at"] - int(body["value"][3:11], 16) == 60
    assert session["tools"] == [tool] and session["output_modalities"] == ["text"]
    assert session["audio"]["input"]["transcription"] == {"model": "whisper-1", "language": None, "prompt": None}
    assert session["audio"]["input"]["turn_detection"] == {"type": "semantic_vad", "eagerness": "auto",
                                                           "create_response": True, "interrupt_response": True}
    assert session["audio"]["output"]["voice"] == "cedar" and session["audio"]["output"]["speed"] == 1.2


def test_a_transcription_session_has_input_audio_only(client):
    status, body = mint(client, session={"type": "transcription", "audio": {"input": {
        "transcription": {"model": "gpt-4o-transcribe", "language": "en"}, "noise_reduction": {"type": "near_field"},
        "turn_detection": {"type": "server_vad", "threshold": 0.6, "silence_duration_ms": 500}}}})
    session = body["session"]
    assert status == 200 and list(session) == ["type", "object", "id", "expires_at", "audio", "include"]
    assert session["object"] == "realtime.transcription_session"
    assert session["audio"]["input"]["turn_detection"] == {"type": "server_vad", "threshold": 0.6,
                                                           "prefix_padding_ms": 300, "silence_duration_ms": 500}
    assert session["audio"]["input"]["noise_reduction"] == {"type": "near_field"}


def test_a_transcription_sessions_vad_has_no_idle_timeout_unless_asked(client):
    """A live probe's transcription session.created (September 2026, a relay's capture notes) shows
    `{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":200}` where a realtime
    session's carries `idle_timeout_ms` null; the SDK's RealtimeTranscriptionSessionTurnDetection has no such key."""
    _, body = mint(client, session={"type": "transcription"})
    assert body["session"]["audio"]["input"]["turn_detection"] == {
        "type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300, "silence_duration_ms": 200}
    _, body = mint(client, session={"type": "transcription", "audio": {"input": {"turn_detection": {
        "type": "server_vad", "idle_timeout_ms": 6000}}}})
    assert body["session"]["audio"]["input"]["turn_detection"]["idle_timeout_ms"] == 6000


@pytest.mark.parametrize("body, message, param", [
    ({"session": {"type": "realtime", "voice": "alloy"}}, "Unknown parameter: 'session.voice'.", "session.voice"),
    ({"session": {"type": "realtime", "audio": {"input": {"format": "pcm16"}}}},
     "Invalid type for 'session.audio.input.format': expected an object, but got a string instead.",
     "session.audio.input.format"),
    ({"session": {"type": "realtime", "audio": {"output": {"voice": "onyx"}}}},
     "Invalid value: 'onyx'. Supported values are: 'alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', "
     "'verse', 'marin', and 'cedar'.", "session.audio.output.voice"),
    ({"session": {"type": "realtime", "output_modalities": ["audio", "text"]}},
     "Invalid modalities: ['audio', 'text']. Supported combinations are: ['text'] and ['audio'].",
     "session.output_modalities"),
    ({"session": {"model": "gpt-realtime"}}, "Missing required parameter: 'session.type'.", "session.type"),
    ({"session": {"type": "session"}}, "Invalid value: 'session'. Supported values are: 'realtime' and "
                                       "'transcription'.", "session.type"),
    ({"expires_after": {"seconds": 9000}}, "Invalid 'expires_after.seconds': integer above maximum value. Expected "
                                           "a value <= 7200, but got 9000 instead.", "expires_after.seconds"),
    ({"session": {"type": "transcription", "model": "gpt-realtime"}}, "Unknown parameter: 'session.model'.",
     "session.model"),
])
def test_a_malformed_request_is_refused(client, body, message, param):
    status, answer = mint(client, **body)
    assert status == 400 and (answer["error"]["message"], answer["error"]["param"]) == (message, param)


def test_the_beta_endpoints_are_gone(client):
    for path in ("/v1/realtime/sessions", "/v1/realtime/transcription_sessions"):
        response = client.post(path, json={"model": "gpt-4o-realtime-preview"})
        assert response.status_code == 404
        assert response.get_json()["error"]["message"] == f"Invalid URL (POST {path})"


def test_the_sdk_mints_a_key(sdk):
    secret = sdk.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
    assert secret.value.startswith("ek_") and secret.session.type == "realtime"
    assert secret.session.audio.output.voice == "alloy"


def test_the_recorded_format_and_the_newer_settings_are_taken(client):
    status, body = mint(client, session={"type": "realtime", "reasoning": {"effort": "low"}, "audio": {
        "input": {"format": {"type": "audio/pcm", "rate": 24000}, "turn_detection": {
            "type": "server_vad", "threshold": None}},
        "output": {"format": {"type": "audio/pcmu"}, "voice": {"id": "voice_123"}}}})
    assert status == 200, body
    session = body["session"]
    assert session["reasoning"] == {"effort": "low"} and list(session).index("reasoning") == 9
    assert session["audio"]["input"]["turn_detection"]["threshold"] == 0.5  # a null is the default
    assert session["audio"]["output"]["format"] == {"type": "audio/pcmu"}
    assert session["audio"]["output"]["voice"] == {"id": "voice_123"}


@pytest.mark.parametrize("session, message, param", [
    ({"audio": {"input": {"format": {"type": "audio/pcm", "rate": 16000}}}},
     "Invalid value: 16000. Supported values are: 24000.", "session.audio.input.format.rate"),
    ({"audio": {"input": {"turn_detection": {"type": "semantic_vad", "threshold": 0.5}}}},
     "Unknown parameter: 'session.audio.input.turn_detection.threshold'.",
     "session.audio.input.turn_detection.threshold"),
    ({"audio": {"output": {"voice": {"id": "voice_1", "name": "x"}}}},
     "Unknown parameter: 'session.audio.output.voice.name'.", "session.audio.output.voice.name"),
    ({"max_output_tokens": 0}, "Invalid 'session.max_output_tokens': expected an integer between 1 and 4096, or "
                               "'inf'.", "session.max_output_tokens"),
    # The prompt, reasoning, tools, tool choice, tracing and truncation as the SDK types them (openai 3.63).
    ({"prompt": {"variables": {"a": "b"}}}, "Missing required parameter: 'session.prompt.id'.", "session.prompt.id"),
    ({"reasoning": {"effort": "huge"}},
     "Invalid value: 'huge'. Supported values are: 'minimal', 'low', 'medium', 'high', and 'xhigh'.",
     "session.reasoning.effort"),
    ({"tools": [{"type": "function", "name": 5}]},
     "Invalid type for 'session.tools[0].name': expected a string, but got an integer instead.",
     "session.tools[0].name"),
    ({"tools": [{"type": "mcp"}]}, "Missing required parameter: 'session.tools[0].server_label'.",
     "session.tools[0].server_label"),
    ({"tool_choice": "sometimes"}, "Invalid value: 'sometimes'. Supported values are: 'none', 'auto', and 'required'.",
     "session.tool_choice"),
    ({"tool_choice": {"type": "function"}}, "Missing required parameter: 'session.tool_choice.name'.",
     "session.tool_choice.name"),
    ({"tracing": {"group_id": 5}}, "Invalid type for 'session.tracing.group_id': expected a string, but got an "
                                   "integer instead.", "session.tracing.group_id"),
    ({"truncation": {"type": "retention_ratio"}}, "Missing required parameter: 'session.truncation.retention_ratio'.",
     "session.truncation.retention_ratio"),
])
def test_each_setting_is_checked_where_it_is(client, session, message, param):
    status, body = mint(client, session={"type": "realtime", **session})
    assert status == 400 and (body["error"]["message"], body["error"]["param"]) == (message, param)


def test_a_sessions_tools_and_settings_are_echoed_as_the_sdks_types(client):
    """Every setting the SDK types, sent in full, comes back in a session its ClientSecretCreateResponse takes
    strictly (before, any object was taken for them and echoed as sent)."""
    from openai.types.realtime import ClientSecretCreateResponse
    session = {"type": "realtime", "prompt": {"id": "pmpt_1", "version": "2", "variables": {"city": "Paris"}},
               "tools": [{"type": "function", "name": "f", "description": "d", "parameters": {"type": "object"}},
                         {"type": "mcp", "server_label": "s", "server_url": "https://example.com/mcp",
                          "require_approval": "never"}],
               "tool_choice": {"type": "mcp", "server_label": "s"}, "reasoning": {"effort": "low"},
               "tracing": {"workflow_name": "w", "group_id": "g"},
               "truncation": {"type": "retention_ratio", "retention_ratio": 0.5,
                              "token_limits": {"post_instructions": 9}}}
    status, body = mint(client, session=session)
    assert status == 200, body
    ClientSecretCreateResponse.model_validate(body, strict=True)
    assert {key: body["session"][key] for key in session if key != "type"} == {
        key: value for key, value in session.items() if key != "type"}


def translation_key(client, **body):
    response = client.post("/v1/realtime/translations/client_secrets", json=body)
    return response.status_code, response.get_json()


def test_a_translation_key_opens_a_translation_session_as_the_reference_shows_it(client):
    before = int(time.time())
    status, body = translation_key(client, session={"model": "gpt-realtime-translate", "audio": {
        "input": {"transcription": {"model": "gpt-realtime-whisper"}}, "output": {"language": "es"}}})
    assert status == 200, body
    assert list(body) == ["value", "expires_at", "session"] and re.fullmatch(r"ek_[0-9a-f]{32}", body["value"])
    assert before + 600 <= body["expires_at"] <= int(time.time()) + 600
    session = body["session"]
    assert list(session) == ["id", "type", "expires_at", "model", "audio"]
    assert re.fullmatch(r"sess_[A-Za-z0-9]{21}", session["id"])
    assert (session["type"], session["expires_at"], session["model"]) == (
        "translation", body["expires_at"], "gpt-realtime-translate")
    assert session["audio"] == {"input": {"transcription": {"model": "gpt-realtime-whisper"}, "noise_reduction": None},
                                "output": {"language": "es"}}


@pytest.mark.parametrize("body, message, param", [
    ({}, "Missing required parameter: 'session'.", "session"),
    ({"session": {"audio": {}}}, "Missing required parameter: 'session.model'.", "session.model"),
    ({"session": {"model": "gpt-realtime-translate", "type": "translation"}},  # reported refused
     "Unknown parameter: 'session.type'.", "session.type"),
    ({"session": {"model": "gpt-realtime-translate", "audio": {"input": {"format": {"type": "audio/pcm"}}}}},
     "Unknown parameter: 'session.audio.input.format'.", "session.audio.input.format"),
    ({"session": {"model": "gpt-realtime-translate", "audio": {"output": {"language": "pt_BR"}}}},
     "Invalid value: 'pt_BR'. Supported values are: 'en', 'es', 'pt', 'fr', 'ja', 'ru', 'zh', 'de', 'ko', 'hi', "
     "'id', 'vi', and 'it'.", "session.audio.output.language"),
    ({"session": {"model": "gpt-realtime-translate", "audio": {"input": {"transcription": {}}}}},
     "Missing required parameter: 'session.audio.input.transcription.model'.",
     "session.audio.input.transcription.model"),
    ({"session": {"model": "gpt-realtime-translate", "audio": {"input": {"noise_reduction": {"strength": 1}}}}},
     "Missing required parameter: 'session.audio.input.noise_reduction.type'.",
     "session.audio.input.noise_reduction.type"),
    ({"session": {"model": "gpt-realtime-translate"}, "expires_after": {"seconds": 7201}},
     "Invalid 'expires_after.seconds': integer above maximum value. Expected a value <= 7200, but got 7201 instead.",
     "expires_after.seconds"),
])
def test_a_malformed_translation_key_request_is_refused(client, body, message, param):
    status, answer = translation_key(client, **body)
    assert status == 400 and (answer["error"]["message"], answer["error"]["param"]) == (message, param)


def test_the_sdk_mints_a_translation_key(sdk):
    secret = sdk.realtime.translations.client_secrets.create(
        session={"model": "gpt-realtime-translate", "audio": {"input": {"noise_reduction": {"type": "far_field"}},
                                                              "output": {"language": "ja"}}},
        expires_after={"anchor": "created_at", "seconds": 120})
    assert secret.value.startswith("ek_") and secret.session.type == "translation"
    assert secret.session.expires_at == secret.expires_at
    assert secret.session.audio.input.noise_reduction.type == "far_field"
    assert secret.session.audio.output.language == "ja"


def test_a_key_is_answered_with_the_realtime_keys_headers(client):
    # symfony/ai's fixture of a realtime key (September 2026): the version before the organization and the project,
    # the proxy's own header, CF-Ray alone exposed, no x-ratelimit-* headers.
    response = client.post("/v1/realtime/client_secrets", headers={"OpenAI-Project": "proj_abc"},
                           json={"session": {"type": "realtime", "model": "gpt-realtime"}})
    names = [name.lower() for name, _ in response.headers]
    assert names.index("openai-version") < names.index("openai-organization") < names.index("openai-project")
    assert names.index("openai-project") < names.index("x-openai-proxy-wasm")
    assert response.headers["x-openai-proxy-wasm"] == "v0.1"
    assert response.headers["access-control-expose-headers"] == "CF-Ray"
    assert not [name for name in names if name.startswith("x-ratelimit")]
