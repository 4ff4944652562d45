"""The models the Responses API alone serves, beyond the GPT-5 pro and codex models (tests/test_gpt5.py): o1-pro,
o3-pro and gpt-5.1-codex-max. Each is listed by GET /v1/models, refused by chat in the words reported for it, and
answered by the Responses API.
The README's differences section says which of these facts are guessed."""
import openai
import pytest
from openai.types import Model
from openai.types.responses import Response

from fauxpen import registry

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
NEW_MODELS = {  # the name -> (the snapshot it answers as, its created time in GET /v1/models, its shutdown date)
    "o1-pro": ("o1-pro-2025-03-19", 1742251791, "2026-10-23"),
    "o1-pro-2025-03-19": ("o1-pro-2025-03-19", 1742251504, "2026-10-23"),
    "o3-pro": ("o3-pro-2025-06-10", 1749513600, "2026-12-11"),
    "o3-pro-2025-06-10": ("o3-pro-2025-06-10", 1749513600, "2026-12-11"),
    "gpt-5.1-codex-max": ("gpt-5.1-codex-max", 1763510400, "2026-07-23"),
}
def respond(client, model, **fields):
    response = client.post("/v1/responses", json={"model": model, "input": "What is the capital of France?",
                                                  **fields})
    return response.status_code, response.get_json()


def refusal(client, model, **fields):
    status, body = respond(client, model, **fields)
    assert status == 400, body
    error = body["error"]
    return error["message"], error["param"], error["code"]


def test_every_new_model_is_listed_as_the_sdk_types_a_model(client):
    listed = {entry["id"]: entry for entry in client.get("/v1/models").get_json()["data"]}
    for name, (_, created, shutdown) in NEW_MODELS.items():
        entry = Model.model_validate(listed[name], strict=True)
        assert (entry.object, entry.created, entry.owned_by) == ("model", created, "system")
        assert listed[name]["shutdown_date"] == shutdown
        assert client.get(f"/v1/models/{name}").get_json() == listed[name]


def test_the_sdk_lists_each_of_them(sdk):
    from openai.types.shared.responses_model import ResponsesModel
    from typing import get_args
    named = {value for arg in get_args(ResponsesModel) for value in get_args(arg)}
    assert set(NEW_MODELS) <= named  # the SDK's names, none made up here
    ids = {model.id for model in sdk.models.list()}
    assert set(NEW_MODELS) <= ids
    assert sdk.models.retrieve("o1-pro").created == 1742251791


@pytest.mark.parametrize("name", sorted(NEW_MODELS))
def test_each_answers_in_the_responses_api_as_its_snapshot(client, name):
    status, body = respond(client, name)
    assert status == 200, body
    response = Response.model_validate(body)
    assert response.model == NEW_MODELS[name][0] and response.status == "completed"
    assert [item.type for item in response.output][0] == "reasoning"  # each reasons
    assert response.output_text


@pytest.mark.parametrize("name", ["o3-pro", "gpt-5.1-codex-max"])
def test_chat_refuses_them_in_the_responses_only_words(client, name):
    response = client.post("/v1/chat/completions", json={"model": name, "messages": QUESTION})
    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "message": "This model is only supported in v1/responses and not in v1/chat/completions.",
        "type": "invalid_request_error", "param": "model", "code": None}


def test_chat_refuses_o1_pro_as_not_a_chat_model(client):
    # Reported in April 2025 for o1-pro (kardolus/chatgpt-cli#121); o3-pro, two months later, got the Responses
    # API's words (HeyPuter/puter#1303).
    for name in ("o1-pro", "o1-pro-2025-03-19"):
        response = client.post("/v1/chat/completions", json={"model": name, "messages": QUESTION})
        assert response.status_code == 404
        assert response.get_json()["error"] == {
            "message": "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did "
                       "you mean to use v1/completions?", "type": "invalid_request_error", "param": "model",
            "code": None}


def test_the_sdk_gets_the_chat_refusal_as_not_found(sdk):
    with pytest.raises(openai.NotFoundError) as info:
        sdk.chat.completions.create(model="o3-pro", messages=QUESTION)
    assert info.value.body["message"] == "This model is only supported in v1/responses and not in v1/chat/completions."
    answer = sdk.responses.create(model="o3-pro", input="What is the capital of France?", background=True)
    assert answer.status == "queued" and answer.model == "o3-pro-2025-06-10"  # background, as recommended for it


@pytest.mark.parametrize("name, effort, supported", [
    ("o1-pro", "xhigh", "'low', 'medium', and 'high'"),
    ("o3-pro", "none", "'low', 'medium', and 'high'"),
    ("gpt-5.1-codex-max", "none", "'low', 'medium', 'high', and 'xhigh'"),
    ("gpt-5.1-codex-max", "minimal", "'low', 'medium', 'high', and 'xhigh'"),
])
def test_the_efforts_each_takes(client, name, effort, supported):
    assert refusal(client, name, reasoning={"effort": effort}) == (
        f"Unsupported value: '{effort}' is not supported with the '{name}' model. Supported values are: "
        f"{supported}.", "reasoning.effort", "unsupported_value")


def test_codex_max_reasons_at_xhigh_and_the_o_series_pros_at_high(client):
    for name, effort in (("gpt-5.1-codex-max", "xhigh"), ("o3-pro", "high"), ("o1-pro", "low")):
        status, body = respond(client, name, reasoning={"effort": effort})
        assert (status, body["reasoning"]["effort"]) == (200, effort)
    _, plain = respond(client, "gpt-5.1-codex-max")
    assert plain["reasoning"]["effort"] == "medium"
    assert refusal(client, "gpt-5.1-codex-max", text={"verbosity": "low"})[0] == (
        "Unsupported value: 'low' is not supported with the 'gpt-5.1-codex-max' model. Supported values are: "
        "'medium'.")  # as gpt-5.1-codex
    assert refusal(client, "o3-pro", temperature=0.5)[1] == "temperature"  # an o-series model's sampling


def test_o3_pro_searches_the_web_and_o1_pro_does_not(client):
    status, body = respond(client, "o3-pro", tools=[{"type": "web_search_preview"}])
    assert status == 200 and [item["type"] for item in body["output"]][1] == "web_search_call"
    assert refusal(client, "o1-pro", tools=[{"type": "web_search_preview"}]) == (
        "Hosted tool 'web_search_preview' is not supported with o1-pro.", "tools", None)


def test_their_snapshots_resolve_as_data_says():
    assert registry.resolve("o1-pro").alias_created == {"o1-pro": 1742251791}
