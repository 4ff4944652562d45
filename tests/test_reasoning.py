"""Reasoning models (o1, o1-mini, o3-mini, o3, o4-mini) and the gpt-4.1 family, as the API answered them."""
import pytest

from .conftest import STD_MESSAGES, sse_chunks

USER = [{"role": "user", "content": "hello"}]
FUNCTION_TURN = [{"role": "user", "content": "weather?"},
                 {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}},
                 {"role": "function", "name": "f", "content": "23C"}]


def answer(client, model, **fields):
    response = client.post("/v1/chat/completions", json={"model": model, "messages": USER, **fields})
    assert response.status_code == 200, response.get_json()
    return response


def refusal(client, model, **fields):
    response = client.post("/v1/chat/completions", json={"model": model, "messages": USER, **fields})
    error = response.get_json()["error"]
    return response.status_code, error["message"], error["param"], error["code"]


@pytest.mark.parametrize(("alias", "snapshot"), [
    ("o1", "o1-2024-12-17"), ("o1-mini", "o1-mini-2024-09-12"), ("o3-mini", "o3-mini-2025-01-31"),
    ("o3", "o3-2025-04-16"), ("o4-mini", "o4-mini-2025-04-16"), ("gpt-4.1", "gpt-4.1-2025-04-14"),
    ("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"), ("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"),
])
def test_each_model_answers_as_its_snapshot_and_is_listed(client, alias, snapshot):
    assert answer(client, alias).get_json()["model"] == snapshot
    listed = {m["id"] for m in client.get("/v1/models").get_json()["data"]}
    # o1-mini, shut down on 2025-10-27, is in neither listing of September 2026 (test_wire), nor its snapshot.
    assert (alias in listed, snapshot in listed) == ((True, True) if alias != "o1-mini" else (False, False))


def test_a_reasoning_answer_counts_its_hidden_tokens_and_has_no_logprobs_key(client):
    body = answer(client, "o3-mini").get_json()
    assert list(body["choices"][0]) == ["index", "message", "finish_reason"]
    usage = body["usage"]
    # o3-mini's answer to "hello" spent 64 reasoning tokens, as captured; the text's 9 and the end token follow.
    assert usage["completion_tokens_details"]["reasoning_tokens"] == 64
    assert usage["completion_tokens"] == 74
    assert usage["prompt_tokens_details"] == {"cached_tokens": 0, "audio_tokens": 0}


# Low spent 64 to 256 in each of its 7 records (o3-mini 2025-2026, gpt-5-nano 2025), never the 0 fauxpen gave.
@pytest.mark.parametrize(("effort", "reasoning"), [("low", 64), ("medium", 64), ("high", 192)])
def test_reasoning_effort_sets_the_hidden_tokens(client, effort, reasoning):
    usage = answer(client, "o4-mini", reasoning_effort=effort).get_json()["usage"]
    assert usage["completion_tokens_details"]["reasoning_tokens"] == reasoning


@pytest.mark.parametrize(("model", "effort", "reasoning"), [
    ("o3-mini", "low", 64), ("o1", "low", 64), ("gpt-5-nano", "low", 64), ("gpt-5-mini", "low", 64),
    ("gpt-5", "minimal", 0), ("gpt-5-nano", "minimal", 0), ("gpt-5.2", "low", 64), ("gpt-5.2", "none", 0)])
def test_a_short_answer_costs_the_same_thought_in_chat_and_responses(client, model, effort, reasoning):
    # The API counts a short answer's thought in multiples of 64, whichever endpoint asks (gpt-5-nano's answer to
    # a short question at low: 192, August 2025; gpt-5-mini's at medium: 0 and 64, December 2025).
    usage = answer(client, model, reasoning_effort=effort).get_json()["usage"]
    assert usage["completion_tokens_details"]["reasoning_tokens"] == reasoning
    body = client.post("/v1/responses", json={"model": model, "input": "hello", "reasoning": {"effort": effort}})
    assert body.status_code == 200, body.get_json()
    assert body.get_json()["usage"]["output_tokens_details"]["reasoning_tokens"] == reasoning


def test_low_does_not_think_more_than_medium_nor_medium_than_high(client):
    spent = [answer(client, "gpt-5-mini", reasoning_effort=effort).get_json()["usage"]["completion_tokens_details"][
        "reasoning_tokens"] for effort in ("minimal", "low", "medium", "high")]
    assert spent == sorted(spent) and spent[1] > 0


def test_a_limit_the_reasoning_uses_up_leaves_an_empty_answer(client):
    body = answer(client, "o3-mini", max_completion_tokens=50).get_json()
    assert body["choices"][0]["message"]["content"] == ""
    assert body["choices"][0]["finish_reason"] == "length"
    assert body["usage"]["completion_tokens"] == 50
    assert body["usage"]["completion_tokens_details"]["reasoning_tokens"] == 50


def test_a_reasoning_stream_has_no_logprobs_key(client):
    chunks = sse_chunks(answer(client, "o3-mini", stream=True))
    assert all("logprobs" not in c["choices"][0] for c in chunks)
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == \
        "Hello! How can I assist you today?"


def test_gpt_4_1_takes_what_gpt_4o_takes(client):
    body = answer(client, "gpt-4.1", temperature=0.7, logprobs=True, max_tokens=3).get_json()
    assert body["choices"][0]["logprobs"]["content"]
    assert body["usage"]["completion_tokens_details"]["reasoning_tokens"] == 0


@pytest.mark.parametrize(("model", "fields", "expected"), [
    ("o3-mini", {"max_tokens": 5}, (400, "Unsupported parameter: 'max_tokens' is not supported with this model. "
                                   "Use 'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter")),
    ("o3-mini", {"temperature": 0.5}, (400, "Unsupported parameter: 'temperature' is not supported with this "
                                       "model.", "temperature", "unsupported_parameter")),
    ("o1", {"temperature": 0.2}, (400, "Unsupported value: 'temperature' does not support 0.2 with this model. "
                                  "Only the default (1) value is supported.", "temperature", "unsupported_value")),
    ("o3", {"top_p": 1}, (400, "Unsupported parameter: 'top_p' is not supported with this model.", "top_p",
                          "unsupported_parameter")),
    ("o4-mini", {"logprobs": True}, (403, "You are not allowed to request logprobs from this model", None, None)),
    ("o3-mini", {"tools": [{"type": "function", "function": {"name": "f"}}], "parallel_tool_calls": False},
     (400, "Unsupported parameter: 'parallel_tool_calls' is not supported with this model.", "parallel_tool_calls",
      "unsupported_parameter")),
    ("o3", {"reasoning_effort": "foo"}, (400, "Invalid value: 'foo'. Supported values are: 'low', 'medium', and "
                                         "'high'.", "reasoning_effort", "invalid_value")),
    ("o1-mini", {"reasoning_effort": "low"}, (400, "Unsupported parameter: 'reasoning_effort' is not supported "
                                              "with this model.", "reasoning_effort", "unsupported_parameter")),
    ("o1-mini", {"messages": STD_MESSAGES}, (400, "Unsupported value: 'messages[0].role' does not support 'system' "
                                             "with this model.", "messages[0].role", "unsupported_value")),
    ("o1-mini", {"tools": [{"type": "function", "function": {"name": "f"}}]}, (
        400, "tools is not supported in this model. For a list of supported models, refer to "
        "https://platform.openai.com/docs/guides/function-calling#models-supporting-function-calling.", None, None)),
    ("gpt-4o", {"reasoning_effort": "low"}, (400, "Unrecognized request argument supplied: reasoning_effort", None,
                                             None)),
    # A legacy function message on a model that reasons (gpt-5 and o3-mini, 2025; gpt-5.6-terra, September 2026).
    *((model, {"messages": FUNCTION_TURN}, (400, "Unsupported value: 'messages[2].role' does not support 'function' "
                                                 "with this model.", "messages[2].role", "unsupported_value"))
      for model in ("o3-mini", "gpt-5", "gpt-5.6-terra")),
])
def test_what_a_model_refuses(client, model, fields, expected):
    assert refusal(client, model, **fields) == expected


def test_a_model_that_does_not_reason_takes_a_function_message(client):
    answer(client, "gpt-4o", messages=FUNCTION_TURN)


@pytest.mark.parametrize("model", ["o1", "o3-mini", "o3", "o4-mini"])
def test_temperature_at_its_default_and_system_messages_pass(client, model):
    answer(client, model, temperature=1, messages=STD_MESSAGES)


def test_a_reasoning_model_calls_one_function_a_turn(client):
    tools = [{"type": "function", "function": {"name": name, "parameters": {"type": "object", "properties": {}}}}
             for name in ("get_weather", "get_time")]
    messages = [{"role": "user", "content": "call get_weather and get_time for Oslo"}]
    calls = {model: answer(client, model, tools=tools, messages=messages).get_json()["choices"][0]["message"][
        "tool_calls"] for model in ("gpt-4o", "o3-mini")}
    assert [c["function"]["name"] for c in calls["gpt-4o"]] == ["get_weather", "get_time"]
    assert [c["function"]["name"] for c in calls["o3-mini"]] == ["get_weather"]


@pytest.mark.parametrize("model", ["o3", "o4-mini"])
def test_o3_and_o4_mini_refuse_stop(client, model):
    # Reported in April and May 2025 (o4-mini, o3): agent frameworks send a stop by default.
    assert refusal(client, model, stop=["Observation:"]) == (
        400, "Unsupported parameter: 'stop' is not supported with this model.", "stop", "unsupported_parameter")
    assert answer(client, model, stop=None)  # a null is as if it were not sent
    assert answer(client, "o3-mini", stop=["Observation:"])  # not reported of it


@pytest.mark.parametrize("model, key", [
    ("o4-mini", "reasoning"), ("gpt-5-mini", "reasoning"), ("gpt-5.1", "reasoning"), ("gpt-5-mini", "reasoningSummary"),
    ("o3-mini", "web_search_options"), ("gpt-5.4", "web_search_options"),
])
def test_reasoning_models_name_an_unknown_parameter_in_the_newer_words(client, model, key):
    # Reported of these models and keys in 2025 and 2026; web_search_options is not a parameter of theirs.
    assert refusal(client, model, **{key: {}}) == (400, f"Unknown parameter: '{key}'.", key, "unknown_parameter")


def test_the_other_models_keep_the_older_words_for_an_unknown_argument(client):
    assert refusal(client, "gpt-4o", reasoning={}) == (
        400, "Unrecognized request argument supplied: reasoning", None, None)
    assert refusal(client, "gpt-4o", web_search_options={})[1] == "Web search options not supported with this model."
