"""Opt-in API keys (FAUXPEN_API_KEYS): the real API's 401 bodies, and the key masked as it masks it."""
import base64
import json
import uuid

import pytest

from fauxpen import create_app
from fauxpen.errors import mask_api_key

from .conftest import STD_MESSAGES

GOOD_KEY = "sk-fauxpen-good-key-0001"
CHAT = {"model": "gpt-4o", "messages": STD_MESSAGES}
NO_KEY_MESSAGE = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer "
    "auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're "
    "accessing the API from your browser and are prompted for a username and password. You can obtain an API "
    "key from https://platform.openai.com/account/api-keys.")


@pytest.fixture
def keyed():
    return create_app({"TESTING": True, "FAUXPEN_API_KEYS": (GOOD_KEY, "sk-other")}).test_client()


@pytest.mark.parametrize(("key", "masked"), [
    ("sk-4sJHrAbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGhIjKlMw8ZP",
     "sk-4sJHr" + "*" * 39 + "w8ZP"),
    ("sk-proj-0123456789abcdef", "sk-proj-************cdef"),
    ("sk-1234567890", "sk-12345*7890"),
    ("sk-123456789", "sk-123456789"),
    ("short", "short"),
])
def test_mask_keeps_the_first_8_and_last_4(key, masked):
    assert mask_api_key(key) == masked


def test_without_keys_configured_any_key_or_none_is_accepted(client):
    for headers in ({}, {"Authorization": "Bearer sk-anything"}, {"Authorization": "garbage"}):
        assert client.post("/v1/chat/completions", json=CHAT, headers=headers).status_code == 200


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer ", "sk-fauxpen-good-key-0001",
                                           "Token sk-fauxpen-good-key-0001"])
def test_missing_key_is_the_real_401(keyed, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = keyed.post("/v1/chat/completions", json=CHAT, headers=headers)
    assert response.status_code == 401
    assert response.get_json() == {"error": {"message": NO_KEY_MESSAGE, "type": "invalid_request_error",
                                             "param": None, "code": None}}
    assert response.headers["x-request-id"].startswith("req_")


@pytest.mark.parametrize(("key", "shown"), [
    ("sk-4sJHrAbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGhIjKlMw8ZP", "sk-4sJHr" + "*" * 39 + "w8ZP"),
    ("sk-bad", "sk-bad"),
])
def test_wrong_key_is_the_real_401_with_the_key_masked(keyed, key, shown):
    response = keyed.get("/v1/models", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.get_json() == {"error": {
        "message": f"Incorrect API key provided: {shown}. You can find your API key at "
                   "https://platform.openai.com/account/api-keys.",
        "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}


def test_a_configured_key_is_accepted_as_bearer_or_basic_password(keyed):
    basic = base64.b64encode(f":{GOOD_KEY}".encode()).decode()
    for authorization in (f"Bearer {GOOD_KEY}", "Bearer sk-other", f"Basic {basic}"):
        response = keyed.post("/v1/chat/completions", json=CHAT, headers={"Authorization": authorization})
        assert response.status_code == 200, authorization


def test_unknown_urls_answer_404_before_the_key_is_checked(keyed):
    response = keyed.post("/v1/foo", json=CHAT)
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "Invalid URL (POST /v1/foo)"


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/containers", "/v1/skills", "/v1/evals", "/v1/files"])
def test_the_401_is_the_front_layers_on_every_endpoint(keyed, path):
    # The front layer refuses the key before any endpoint's own writer: indented by four, with a newline (the
    # recorded length of a 2026 401), whatever layout the endpoint writes its answers in.
    response = keyed.get(path, headers={"Authorization": "Bearer sk-wrong-key-0000"})
    assert response.status_code == 401 and response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.data == json.dumps(response.get_json(), indent=4).encode() + b"\n"


def test_the_responses_api_refuses_a_key_in_its_own_layout(keyed):
    # Recorded on /v1/responses (a tracing library's cassette, May 2025): 245 bytes, indented by two without a
    # newline, the `<` of the masked key as is, plain application/json and the challenge.
    response = keyed.post("/v1/responses", json={"input": "Hello world", "model": "gpt-4.1", "user": "ddtrace-test"},
                          headers={"Authorization": "Bearer <not-a-real-key>"})
    assert (response.status_code, len(response.get_data())) == (401, 245)
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="OpenAI API"'
    assert b'"message": "Incorrect API key provided: <not-a-r****key>.' in response.get_data()
    assert not any(name.lower().startswith("x-ratelimit") for name in response.headers.keys())


def test_chat_and_the_responses_api_refuse_a_wrong_sk_key_as_text(keyed):
    # A browser's live capture of /v1/responses (gpt-5.6-sol, August 2026): text/plain, exposing X-Request-ID,
    # CF-Ray, CF-Ray, no origin allowed (Chrome: MissingAllowOriginHeader). curl on /v1/chat/completions
    # (gpt-5.6-luna, August 2026): text/plain, CF-Ray exposed alone, the body again in base64 in x-error-json (as
    # decoded there, for this key), its status and code in headers of their own. Every 401 captured in this layout
    # refused an sk- key; chat's of DEADBEEF or `invalid-key` are the front layer's, in Go's layout.
    origin = {"Origin": "https://example.com", "Authorization": "Bearer sk-invalid-test-key"}
    chat = keyed.post("/v1/chat/completions", json={"model": "gpt-5.6-luna", "messages": [
        {"role": "user", "content": "hi"}]}, headers=origin)
    responses = keyed.post("/v1/responses", json={"input": "hi", "model": "gpt-5.6-sol"}, headers=origin)
    for response, exposed in ((chat, "CF-Ray"), (responses, "X-Request-ID, CF-Ray, CF-Ray")):
        assert (response.status_code, response.headers["Content-Type"]) == (401, "text/plain")
        assert response.headers["access-control-expose-headers"] == exposed
        assert "access-control-allow-origin" not in response.headers
        assert not any(name.lower().startswith("x-ratelimit") for name in response.headers.keys())
    assert chat.get_data() == (
        b'{\n  "error": {\n    "message": "Incorrect API key provided: sk-inval*******-key. You can find your API key '
        b'at https://platform.openai.com/account/api-keys.",\n    "type": "invalid_request_error",\n    "code": '
        b'"invalid_api_key",\n    "param": null\n  },\n  "status": 401\n}')
    assert base64.b64decode(chat.headers["x-error-json"]) == chat.get_data()
    assert (chat.headers["x-openai-authorization-error"], chat.headers["x-openai-ide-error-code"]) == (
        "401", "invalid_api_key")
    assert json.loads(responses.get_data())["status"] == 401
    front = keyed.post("/v1/chat/completions", json=CHAT, headers={"Authorization": "Bearer DEADBEEF"})
    assert front.headers["Content-Type"] == "application/json; charset=utf-8" and "x-error-json" not in front.headers


def test_embeddings_refuse_a_wrong_sk_key_as_chat_does(keyed):
    # A client's raw log of an embeddings call (January 2026): text/plain, 260 bytes for the key sk-placeholder, the
    # body again in base64 in x-error-json (this very string), the ide error code, the status, and
    # `x-openai-internal-caller: unknown_through_ide`, as chat's of July 2026 (braintrust-sdk-python's cassette).
    response = keyed.post("/v1/embeddings", json={"model": "text-embedding-3-small", "input": "hi"},
                          headers={"Authorization": "Bearer sk-placeholder"})
    assert (response.status_code, response.headers["Content-Type"], len(response.get_data())) == (
        401, "text/plain", 260)
    assert response.headers["x-error-json"] == (
        "ewogICJlcnJvciI6IHsKICAgICJtZXNzYWdlIjogIkluY29ycmVjdCBBUEkga2V5IHByb3ZpZGVkOiBzay1wbGFjZSoqbGRlci4gWW91IGNhbi"
        "BmaW5kIHlvdXIgQVBJIGtleSBhdCBodHRwczovL3BsYXRmb3JtLm9wZW5haS5jb20vYWNjb3VudC9hcGkta2V5cy4iLAogICAgInR5cGUiOiAi"
        "aW52YWxpZF9yZXF1ZXN0X2Vycm9yIiwKICAgICJjb2RlIjogImludmFsaWRfYXBpX2tleSIsCiAgICAicGFyYW0iOiBudWxsCiAgfSwKICAic3"
        "RhdHVzIjogNDAxCn0=")
    names = [name.lower() for name in response.headers.keys()]
    assert names.index("x-openai-ide-error-code") < names.index("x-openai-authorization-error") < names.index(
        "x-error-json")
    chat = keyed.post("/v1/chat/completions", json=CHAT, headers={"Authorization": "Bearer sk-placeholder"})
    for refused in (response, chat):
        assert refused.headers["x-openai-internal-caller"] == "unknown_through_ide"
    front = keyed.post("/v1/embeddings", json={"model": "text-embedding-3-small", "input": "hi"},
                       headers={"Authorization": "Bearer DEADBEEF"})
    assert front.headers["Content-Type"] == "application/json; charset=utf-8" and "x-error-json" not in front.headers


def test_the_images_endpoints_refuse_a_key_in_their_own_layout(keyed):
    # Recorded on /v1/images/generations (openai-dotnet, 2026): 237 bytes, indented by two without a newline,
    # plain application/json, a WWW-Authenticate challenge and no rate-limit headers; chat's front layer writes
    # its 401 as Go does.
    response = keyed.post("/v1/images/generations",
                          json={"prompt": "An isolated stop sign.", "model": "gpt-image-1-mini"},
                          headers={"Authorization": "Bearer fake_key"})
    assert (response.status_code, len(response.get_data())) == (401, 237)
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="OpenAI API"'
    assert not any(name.lower().startswith("x-ratelimit") for name in response.headers.keys())
    assert response.get_json()["error"]["code"] == "invalid_api_key"
    chat = keyed.post("/v1/chat/completions", json=CHAT, headers={"Authorization": "Bearer fake_key"})
    assert chat.headers["Content-Type"] == "application/json; charset=utf-8" and "WWW-Authenticate" not in chat.headers


@pytest.mark.parametrize("path", ["/v1/audio/transcriptions", "/v1/audio/translations", "/v1/audio/speech"])
def test_the_audio_endpoints_refuse_a_key_as_text(keyed, path):
    # Recorded in September 2026 on /v1/audio/transcriptions and a speech stream: text/plain, the envelope and a
    # top-level status, indented by two without a newline (287 bytes for this key), no rate-limit headers.
    response = keyed.post(path, headers={"Authorization": "Bearer sk-proj-NOTAREALKEY0011223344556677889900"})
    assert (response.status_code, response.headers["Content-Type"], len(response.get_data())) == (
        401, "text/plain", 287)
    body = json.loads(response.get_data())
    assert list(body) == ["error", "status"] and body["status"] == 401
    # Its code before its param, as a chat 401 in this layout has them (Arize-ai/phoenix's cassettes, 2026).
    assert list(body["error"]) == ["message", "type", "code", "param"]
    assert body["error"]["code"] == "invalid_api_key" and "sk-proj-****" in body["error"]["message"]
    assert response.get_data() == json.dumps(body, indent=2).encode()
    assert not any(name.lower().startswith("x-ratelimit") for name in response.headers.keys())


def test_the_audio_layout_of_a_refused_key_is_the_recorded_one(keyed):
    # A 401 in this layout as recorded, byte for byte, for the key sk-0123456789 (Arize-ai/phoenix's cassettes,
    # 2026; recorded on chat, served here by the audio endpoints, which refuse a key in this layout).
    response = keyed.post("/v1/audio/speech", json={"model": "tts-1", "input": "hi", "voice": "alloy"},
                          headers={"Authorization": "Bearer sk-0123456789"})
    assert response.get_data() == (
        b'{\n  "error": {\n    "message": "Incorrect API key provided: sk-01234*6789. You can find your API key at '
        b'https://platform.openai.com/account/api-keys.",\n    "type": "invalid_request_error",\n    "code": '
        b'"invalid_api_key",\n    "param": null\n  },\n  "status": 401\n}')


@pytest.mark.parametrize(("path", "authorization"), [("/v1/chat/completions", None),
                                                     ("/v1/chat/completions", "Bearer sk-wrong-key-0000"),
                                                     ("/v1/responses", None)])
def test_a_refused_key_gets_no_organization_or_rate_limit_headers(keyed, path, authorization):
    # Observed live in September 2026: a 401 carries x-request-id but none of openai-organization,
    # openai-processing-ms or openai-version, "which appear only on authenticated requests"; nor the
    # organization's rate limits.
    headers = {} if authorization is None else {"Authorization": authorization}
    response = keyed.post(path, json=CHAT, headers=headers)
    names = {name.lower() for name in response.headers.keys()}
    assert response.status_code == 401 and response.headers["x-request-id"].startswith("req_")
    assert not names & {"openai-organization", "openai-processing-ms", "openai-version"}
    # It exposes what answers do (the Responses API's, August 2026; none in ruby_llm's cassettes of chat's 401
    # for `invalid-key`, 2025 to January 2026), but chat's for a wrong sk- key CF-Ray alone (curl, August 2026).
    exposed = "CF-Ray" if authorization else "X-Request-ID, CF-Ray, CF-Ray"
    assert response.headers["access-control-expose-headers"] == exposed
    assert not any(name.startswith("x-ratelimit") for name in names)
    accepted = keyed.post(path, json=CHAT, headers={"Authorization": f"Bearer {GOOD_KEY}"})
    assert {"openai-organization", "openai-processing-ms", "openai-version"} <= {
        name.lower() for name in accepted.headers.keys()}


def test_the_models_endpoint_refuses_a_key_with_a_uuid_request_id(keyed):
    # Three recordings of GET /v1/models with a wrong key (September 2026): x-request-id a bare UUID, plain
    # application/json; other endpoints' 401s keep the req_ form.
    for path in ("/v1/models", "/v1/models/gpt-4o"):
        response = keyed.get(path, headers={"Authorization": "Bearer sk-invalid-edge-matrix-key"})
        assert (response.status_code, response.headers["Content-Type"]) == (401, "application/json")
        assert str(uuid.UUID(response.headers["x-request-id"])) == response.headers["x-request-id"]
        assert response.get_json()["error"]["message"].startswith(
            "Incorrect API key provided: sk-inval**************-key.")
    # curl, August 2026: readable by any origin, exposing X-Request-ID, with the challenge (chat's: no origin).
    readable = keyed.get("/v1/models", headers={"Authorization": "Bearer sk-invalid-test-key",
                                                "Origin": "https://example.com"}).headers
    assert (readable["access-control-allow-origin"], readable["access-control-expose-headers"]) == ("*", "X-Request-ID")
    assert readable["WWW-Authenticate"] == 'Bearer realm="OpenAI API"'
    assert keyed.get("/v1/models", headers={"Authorization": f"Bearer {GOOD_KEY}"}).headers[
        "x-request-id"].startswith("req_")
    assert keyed.post("/v1/chat/completions", json=CHAT).headers["x-request-id"].startswith("req_")
