"""The models the Responses API alone serves, beyond the GPT-5 pro and codex models (tests/test_gpt5.py): o1-pro,
o3-pro, gpt-5.1-codex-max, the deep research models and computer-use-preview. Each is listed by GET /v1/models,
refused by chat in the words reported for it, and answered by the Responses API with what it requires checked.
The README's differences section says which of these facts are guessed."""
import openai
import pytest
from openai.types import Model
from openai.types.responses import Response

from fauxpen import registry

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
COMPUTER = {"type": "computer_use_preview", "display_width": 1024, "display_height": 768, "environment": "browser"}
NEW_MODELS = {  # the name -> (the snapshot it answers as, its created time in GET /v1/models (a listing of
    # September 2026), its shutdown date)
    "o1-pro": ("o1-pro-2025-03-19", 1742251791, "2026-10-23"),
    "o1-pro-2025-03-19": ("o1-pro-2025-03-19", 1742251504, "2026-10-23"),
    "o3-pro": ("o3-pro-2025-06-10", 1748475349, "2026-12-11"),
    "o3-pro-2025-06-10": ("o3-pro-2025-06-10", 1749166761, "2026-12-11"),
    "gpt-5.1-codex-max": ("gpt-5.1-codex-max", 1763671532, "2026-07-23"),
    "o3-deep-research": ("o3-deep-research-2025-06-26", 1749840121, "2026-07-23"),
    "o3-deep-research-2025-06-26": ("o3-deep-research-2025-06-26", 1750865219, "2026-07-23"),
    "o4-mini-deep-research": ("o4-mini-deep-research-2025-06-26", 1749685485, "2026-07-23"),
    "o4-mini-deep-research-2025-06-26": ("o4-mini-deep-research-2025-06-26", 1750866121, "2026-07-23"),
    "computer-use-preview": ("computer-use-preview-2025-03-11", 1734655677, "2026-07-23"),
    "computer-use-preview-2025-03-11": ("computer-use-preview-2025-03-11", 1741377021, "2026-07-23"),
}
# What each needs sent beside its input to be answered.
NEEDS = {"o3-deep-research": {"tools": [{"type": "web_search_preview"}]},
         "o4-mini-deep-research": {"tools": [{"type": "mcp", "server_label": "docs",
                                              "server_url": "https://example.com/mcp", "require_approval": "never"}]},
         "computer-use-preview": {"tools": [COMPUTER], "truncation": "auto"}}


def needs(name):
    return next((fields for prefix, fields in NEEDS.items() if name.startswith(prefix)), {})


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


# Past their shutdown (2026-07-23), the Responses API answers these as models it no longer finds (recorded, August
# 2026), though GET /v1/models still lists them.
RETIRED = {"gpt-5.1-codex-max", "o4-mini-deep-research", "o4-mini-deep-research-2025-06-26"}


@pytest.mark.parametrize("name", sorted(RETIRED))
def test_the_retired_ones_are_not_found(client, name):
    status, body = respond(client, name, **needs(name))
    assert (status, body["error"]) == (404, {"message": f"Model not found {name}", "type": "invalid_request_error",
                                             "param": "model", "code": None})


@pytest.mark.parametrize("name", sorted(set(NEW_MODELS) - RETIRED))
def test_each_answers_in_the_responses_api_as_its_snapshot(client, name):
    status, body = respond(client, name, **needs(name))
    assert status == 200, body
    response = Response.model_validate(body)
    assert response.model == NEW_MODELS[name][0] and response.status == "completed"
    if name.startswith("computer-use"):  # it acts at once (see test_computer_use_takes_a_screenshot_at_once)
        assert [item.type for item in response.output] == ["computer_call"]
        return
    # each reasons (after the listing of an MCP server's tools, which deep research may take)
    assert [item.type for item in response.output if item.type != "mcp_list_tools"][0] == "reasoning"
    assert response.output_text


@pytest.mark.parametrize("name", ["o3-pro", "gpt-5.1-codex-max", "o3-deep-research", "o4-mini-deep-research",
                                  "computer-use-preview-2025-03-11"])
def test_chat_refuses_them_in_the_responses_only_words(client, name):
    response = client.post("/v1/chat/completions", json={"model": name, "messages": QUESTION})
    assert response.status_code == 404
    if name in RETIRED:  # past their shutdown, the front layer's retired model first
        assert response.get_json()["error"] == {
            "message": f"The model `{name}` has been deprecated, learn more here: "
                       "https://platform.openai.com/docs/deprecations",
            "type": "invalid_request_error", "param": None, "code": "model_not_found"}
        return
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
])
def test_the_efforts_each_takes(client, name, effort, supported):
    assert refusal(client, name, reasoning={"effort": effort}) == (
        f"Unsupported value: '{effort}' is not supported with the '{name}' model. Supported values are: "
        f"{supported}.", "reasoning.effort", "unsupported_value")


def test_the_o_series_pros_reason_at_high(client):
    for name, effort in (("o3-pro", "high"), ("o1-pro", "low")):
        status, body = respond(client, name, reasoning={"effort": effort})
        assert (status, body["reasoning"]["effort"]) == (200, effort)
    assert refusal(client, "o3-pro", temperature=0.5)[1] == "temperature"  # an o-series model's sampling


@pytest.mark.parametrize("name", ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-nano", "gpt-3.5-turbo"])
def test_a_model_that_does_not_reason_samples_at_the_temperature_asked(client, name):
    # Recorded 2025-2026 (tracing libraries' cassettes): taken and echoed, as chat takes it.
    status, body = respond(client, name, temperature=0.2, top_p=0.5)
    assert (status, body["temperature"], body["top_p"]) == (200, 0.2, 0.5)


def test_o3_pro_searches_the_web_and_o1_pro_does_not(client):
    status, body = respond(client, "o3-pro", tools=[{"type": "web_search_preview"}])
    assert status == 200 and [item["type"] for item in body["output"]][1] == "web_search_call"
    assert refusal(client, "o1-pro", tools=[{"type": "web_search_preview"}]) == (
        "Hosted tool 'web_search_preview' is not supported with o1-pro.", "tools", None)


DEEP_RESEARCH = ("Deep research models require at least one of 'web_search_preview', 'mcp', or 'file_search' tools.",
                 "tools", None)


@pytest.mark.parametrize("tools", [None, [], [{"type": "function", "name": "lookup", "parameters": {}}],
                                   [{"type": "code_interpreter", "container": {"type": "auto"}}]])
def test_deep_research_needs_a_source_to_search(client, tools):
    fields = {} if tools is None else {"tools": tools}
    assert refusal(client, "o3-deep-research-2025-06-26", **fields) == DEEP_RESEARCH


@pytest.mark.parametrize("tool", [{"type": "web_search_preview"}, {"type": "web_search"},
                                  {"type": "mcp", "server_label": "docs", "server_url": "https://example.com/mcp",
                                   "require_approval": "never"},
                                  {"type": "file_search"}])
def test_deep_research_takes_any_source(client, tool):
    if tool["type"] == "file_search":
        store = client.post("/v1/vector_stores", json={"name": "papers"}).get_json()
        tool = {**tool, "vector_store_ids": [store["id"]]}
    status, body = respond(client, "o3-deep-research", tools=[tool], background=True)
    assert (status, body["status"]) == (200, "queued"), body


def test_the_sdk_reads_the_deep_research_refusal(sdk):
    with pytest.raises(openai.BadRequestError) as info:
        sdk.responses.create(model="o3-deep-research", input="Survey the literature on tides.")
    assert (info.value.body["message"], info.value.param, info.value.code) == DEEP_RESEARCH
    answer = sdk.responses.create(model="o3-deep-research", input="Survey the literature on tides.",
                                  tools=[{"type": "web_search_preview"}])
    assert [item.type for item in answer.output] == ["reasoning", "web_search_call", "message"]


def test_computer_use_needs_truncation_auto_not_its_tool(client):
    for name in ("computer-use-preview", "computer-use-preview-2025-03-11"):
        assert refusal(client, name, tools=[COMPUTER]) == (
            "The computer-use-preview model requires 'truncation' to be set to 'auto'.", "truncation", None)
        assert refusal(client, name, tools=[COMPUTER], truncation="disabled")[1] == "truncation"
    # openai-dotnet session records (HelloWorldStreaming and ResponsesHelloWorldWithTool, August and September 2025):
    # without its tool it answers a message, or a function's call, and thinks in no item.
    status, body = respond(client, "computer-use-preview-2025-03-11", truncation="auto")
    assert status == 200 and [item["type"] for item in body["output"]] == ["message"]
    assert body["usage"]["output_tokens_details"]["reasoning_tokens"] == 0
    status, body = respond(client, "computer-use-preview", tools=[COMPUTER], truncation="auto",
                           reasoning={"summary": "concise"})
    assert status == 200 and body["truncation"] == "auto" and body["tools"][0]["type"] == "computer_use_preview"
    assert refusal(client, "computer-use-preview", tools=[COMPUTER, {"type": "web_search_preview"}],
                   truncation="auto")[0] == "Hosted tool 'web_search_preview' is not supported with computer-use-preview."


def test_computer_use_has_a_small_window(client):
    assert refusal(client, "computer-use-preview", tools=[COMPUTER], truncation="auto", max_output_tokens=2048) == (
        "Invalid 'max_output_tokens': integer above maximum value. Expected a value <= 1024, but got 2048 instead.",
        "max_output_tokens", "integer_above_max_value")


def test_the_sdk_drives_computer_use(sdk):
    with pytest.raises(openai.BadRequestError) as info:
        sdk.responses.create(model="computer-use-preview", input="Open the weather page.", tools=[COMPUTER])
    assert info.value.param == "truncation"
    answer = sdk.responses.create(model="computer-use-preview", input="Open the weather page.", tools=[COMPUTER],
                                  truncation="auto")
    assert answer.model == "computer-use-preview-2025-03-11" and answer.truncation == "auto"


def test_the_computer_use_guides_loop_ends(sdk):
    """OpenAI's computer use guide sends each call's screenshot back (previous_response_id) until a response has no
    computer_call: the model acts at once, then answers the screenshot with its message, as a function left to
    choose is answered after one round trip. A new user message acts again."""
    screenshot = {"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBORw0KGgo="}
    response = sdk.responses.create(model="computer-use-preview", tools=[COMPUTER], truncation="auto",
                                    input=[{"role": "user", "content": "Check the latest OpenAI news on bing.com."}])
    turns = []
    while calls := [item for item in response.output if item.type == "computer_call"]:
        turns.append(calls[0].action.type)
        assert len(turns) < 5
        response = sdk.responses.create(model="computer-use-preview", tools=[COMPUTER], truncation="auto",
                                        previous_response_id=response.id, input=[{
                                            "type": "computer_call_output", "call_id": calls[0].call_id,
                                            "acknowledged_safety_checks": calls[0].pending_safety_checks,
                                            "output": screenshot}])
    assert turns == ["screenshot"] and [item.type for item in response.output] == ["message"]
    assert response.output_text
    again = sdk.responses.create(model="computer-use-preview", tools=[COMPUTER], truncation="auto",
                                 previous_response_id=response.id, input="Now open the weather page.")
    assert [item.type for item in again.output] == ["computer_call"]


def test_counting_and_compacting_need_no_tools(client):
    # Only an answer needs the tools (a guess): the count and the compaction take none.
    for name in ("o3-deep-research", "computer-use-preview"):
        counted = client.post("/v1/responses/input_tokens", json={"model": name, "input": "hi"})
        assert counted.status_code == 200
        assert client.post("/v1/responses/compact", json={"model": name, "input": "hi"}).status_code == 200


def test_their_snapshots_resolve_as_data_says():
    assert registry.resolve("o1-pro").alias_created == {"o1-pro": 1742251791}
    assert registry.resolve("computer-use-preview").context_length == 8192


def test_gpt5_summarizes_concisely_when_asked(client):
    # Recorded on gpt-5-2025-08-07 in January 2026 (logfire's langchain cassette): summary concise taken and echoed,
    # the reasoning item summarized, where Codex users reported it refused in August 2025.
    status, answer = respond(client, "gpt-5", reasoning={"effort": "medium", "summary": "concise"})
    assert status == 200
    assert answer["reasoning"]["summary"] == "concise"
    assert answer["output"][0]["type"] == "reasoning" and answer["output"][0]["summary"]
    for summary in ("detailed", "auto"):
        assert respond(client, "gpt-5", reasoning={"summary": summary})[0] == 200


@pytest.mark.parametrize("name, phase, mode", [("gpt-5.4", "final_answer", "standard"),
                                               ("gpt-5.4-nano", "final_answer", "standard"),
                                               ("gpt-5.2", None, "standard"), ("gpt-5.2-pro", None, "pro")])
def test_the_message_phase_and_reasoning_mode_each_model_answers_with(client, name, phase, mode):
    # Recorded (September 2026): gpt-5.4's and -nano's messages say their phase, gpt-5.2's and -pro's do not;
    # gpt-5.2-pro echoes its reasoning mode as pro when the request names none.
    status, body = respond(client, name)
    message = next(item for item in body["output"] if item["type"] == "message")
    assert status == 200 and message.get("phase") == phase and body["reasoning"]["mode"] == mode


def test_computer_use_takes_a_screenshot_at_once(client):
    # openai-dotnet session records (ComputerToolWithScreenshotRoundTrip and its Async twin, February 2026): left
    # to choose, the model's answer to "Click on the Save button." is its call alone, in progress, not thought over.
    windows = {**COMPUTER, "environment": "windows"}
    status, body = respond(client, "computer-use-preview-2025-03-11", tools=[windows], truncation="auto",
                           input=[{"role": "developer", "content": "Call tools when the user asks to perform "
                                                                   "computer-related tasks."},
                                  {"role": "user", "content": "Click on the Save button."}])
    assert status == 200
    assert [(item["type"], item["status"]) for item in body["output"]] == [("computer_call", "in_progress")]
    assert body["output"][0]["action"] == {"type": "screenshot"}
    assert body["usage"]["output_tokens_details"]["reasoning_tokens"] == 0


def test_computer_use_tools_instructions_cost_484_input_tokens(client):
    # A tracing library's cassette (computer-use-preview, September 2025): 498 input tokens for this question (14).
    tool = {"type": "computer_use_preview", "display_width": 1024, "display_height": 768, "environment": "linux"}
    status, body = respond(client, "computer-use-preview", tools=[tool], truncation="auto",
                           input="Take a screenshot of the desktop.")
    assert status == 200 and body["usage"]["input_tokens"] == 498


def test_computer_use_echoes_its_reasoning_without_context_or_mode(client):
    # openai-dotnet session records (ComputerToolWithScreenshotRoundTrip, February 2026: three answers).
    status, body = respond(client, "computer-use-preview", tools=[COMPUTER], truncation="auto")
    assert status == 200
    assert body["reasoning"] == {"effort": "medium", "generate_summary": None, "summary": None}
    assert list(body["reasoning"]) == ["effort", "generate_summary", "summary"]


def test_computer_use_answers_carry_only_the_requests_ratelimit_headers(client):
    # lmnr-ai/lmnr-python's cassette (a screenshot, September 2025) and openai-dotnet's session records
    # (ComputerToolWithScreenshotRoundTrip, February 2026): the limit, remaining and reset of requests alone.
    tool = {"type": "computer_use_preview", "display_width": 1024, "display_height": 768, "environment": "linux"}
    response = client.post("/v1/responses", json={"model": "computer-use-preview", "tools": [tool],
                                                  "truncation": "auto", "input": "Take a screenshot of the desktop."})
    assert response.status_code == 200
    assert [name.lower() for name in response.headers.keys() if name.lower().startswith("x-ratelimit")] == [
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"]
