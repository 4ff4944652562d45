"""The GPT-5 family: snapshots, reasoning efforts by model, sampling at effort none, verbosity, the models the
Responses API alone serves, and a reasoning model's prompt framing. Facts from recordings and reported API errors
of 2025-2026 (see the README's differences section for what is guessed)."""
import json
import re

import pytest

from fauxpen import registry

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


def chat(client, model="gpt-5", messages=QUESTION, **fields):
    response = client.post("/v1/chat/completions", json={"model": model, "messages": messages, **fields})
    return response.status_code, response.get_json()


def error(client, **fields):
    status, body = chat(client, **fields)
    assert status >= 400, body
    return status, body["error"]


@pytest.mark.parametrize("alias, snapshot", [
    ("gpt-5", "gpt-5-2025-08-07"), ("gpt-5-mini", "gpt-5-mini-2025-08-07"), ("gpt-5.1", "gpt-5.1-2025-11-13"),
    ("gpt-5.2", "gpt-5.2-2025-12-11"), ("gpt-5.4", "gpt-5.4-2026-03-05"), ("gpt-5.5", "gpt-5.5-2026-04-23"),
    ("gpt-5.6", "gpt-5.6-sol"), ("gpt-5.6-luna", "gpt-5.6-luna"), ("chat-latest", "chat-latest"),
])
def test_an_alias_answers_as_its_snapshot(client, alias, snapshot):
    status, body = chat(client, model=alias)
    assert status == 200 and body["model"] == snapshot
    # Listed, but for gpt-5.6, which the listings of September 2026 leave out (test_wire).
    listed = any(entry["id"] == alias for entry in registry.listing())
    assert listed == (alias not in registry.resolve(alias).unlisted_aliases) == (alias != "gpt-5.6")


def test_a_gpt5_answer_has_no_fingerprint_and_a_reasoning_prompt_framing(client):
    _, body = chat(client)
    assert body["system_fingerprint"] is None and "logprobs" not in body["choices"][0]
    assert body["usage"]["prompt_tokens"] == 13  # recorded for gpt-5; gpt-4o counts 14
    assert chat(client, model="gpt-4o")[1]["usage"]["prompt_tokens"] == 14
    assert chat(client, model="o3-mini")[1]["usage"]["prompt_tokens"] == 13


@pytest.mark.parametrize("model, expected", [("gpt-5", 62), ("gpt-4o", 61)])
def test_an_earlier_answer_costs_gpt5_a_token_more(client, model, expected):
    """Recorded on gpt-5 in January 2026 (Mirascope's cassettes, the Responses API): 32 input tokens for the first
    question, 62 with the answer "3" and a second question. The texts are 26, 1 and 19 tokens in o200k (don't is
    one), as the estimate counts them: gpt-4o's framing makes 61 of them, gpt-5's assistant message two more and its
    prompt one less."""
    first = "How many primes below 400 contain 79 as a substring? Answer ONLY with the number, not sharing which " \
            "primes they are."
    again = "If you remember what the primes were, then share them, or say 'I don't remember.'"
    turns = [{"role": "user", "content": first}, {"role": "assistant", "content": "3"},
             {"role": "user", "content": again}]
    response = client.post("/v1/responses", json={"model": model, "input": turns}).get_json()
    assert response["usage"]["input_tokens"] == expected
    assert chat(client, model=model, messages=turns)[1]["usage"]["prompt_tokens"] == expected



def test_an_earlier_answer_costs_gpt54_two_tokens_more(client):
    """req_llm's fixtures of gpt-5.4 (September 2026, the Responses API): 57 input tokens for a question, its answer
    (sent back with its phase) and a second question, texts of 15, 16 and 10 tokens in o200k: the assistant message
    two more than a user's, as on gpt-5 and the gpt-5.6 models."""
    question = {"role": "user", "content": [
        {"type": "input_text", "text": "Pick a two-digit prime and explain in one sentence why it is prime."}]}
    answer = {"role": "assistant", "phase": "final_answer", "content": [
        {"type": "output_text", "text": "37 is prime because its only positive divisors are 1 and 37."}]}
    again = {"role": "user", "content": [
        {"type": "input_text", "text": "Now double it and reply with the number only."}]}
    response = client.post("/v1/responses", json={
        "model": "gpt-5.4", "input": [question, answer, again], "reasoning": {"context": "all_turns", "effort": "low"},
        "store": False, "max_output_tokens": 1024, "include": ["reasoning.encrypted_content"]}).get_json()
    assert response["usage"]["input_tokens"] == 57

def test_an_earlier_answer_costs_gpt55_two_tokens_more(client):
    # Relayed on Cloudflare's gpt-5.5 page (April 2026): 76 prompt tokens for this turn, texts 14, 36 and 10 in o200k.
    turns = [{"role": "user", "content": "I need help planning a road trip from San Francisco to Los Angeles."},
             {"role": "assistant", "content": "I'd be happy to help! The drive is about 380 miles and takes roughly 5-6 "
                                              "hours. Would you like suggestions for scenic routes or interesting stops "
                                              "along the way?"},
             {"role": "user", "content": "Yes, what are some good places to stop?"}]
    counted = chat(client, model="gpt-5.5", messages=turns)[1]["usage"]["prompt_tokens"]
    assert counted == 76 + 1  # the estimate counts the first question 15
    assert counted == chat(client, model="gpt-5.4", messages=turns)[1]["usage"]["prompt_tokens"]


@pytest.mark.parametrize("model, effort, supported", [
    ("gpt-5", "none", "'minimal', 'low', 'medium', and 'high'"),
    ("gpt-5.1", "minimal", "'none', 'low', 'medium', and 'high'"),
    ("gpt-5.1", None, "'none', 'low', 'medium', and 'high'"),
    ("gpt-5.6", "max", "'none', 'low', 'medium', 'high', and 'xhigh'"),
])
def test_efforts_are_the_models_own(client, model, effort, supported):
    status, refused = error(client, model=model, reasoning_effort=effort)
    shown = "null" if effort is None else f"'{effort}'"
    assert (status, refused["param"], refused["code"]) == (400, "reasoning_effort", "unsupported_value")
    assert refused["message"] == (f"Unsupported value: 'reasoning_effort' does not support {shown} with this model. "
                                  f"Supported values are: {supported}.")
    assert chat(client, model="gpt-5.2", reasoning_effort="xhigh")[0] == 200


def test_sampling_is_taken_only_at_effort_none(client):
    assert error(client, temperature=0.7)[1]["message"] == (
        "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is "
        "supported.")
    assert chat(client, model="gpt-5.1", temperature=0.2, top_p=0.5)[0] == 200  # none is 5.1's default
    assert error(client, model="gpt-5.5", temperature=0.2)[1]["param"] == "temperature"  # 5.5 reasons by default
    assert chat(client, model="gpt-5.5", temperature=0.2, reasoning_effort="none")[0] == 200
    assert error(client, top_p=0.5)[1]["message"] == "Unsupported parameter: 'top_p' is not supported with this model."
    assert error(client, max_tokens=10)[1]["message"] == (
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")
    # Penalties as top_p: refused while the model reasons, taken at effort none; logit_bias refused all the same
    # (measured on gpt-5.6, August 2026).
    assert error(client, model="gpt-5.5", presence_penalty=0.5)[1]["code"] == "unsupported_parameter"
    assert chat(client, model="gpt-5.1", presence_penalty=0.5, frequency_penalty=0.5)[0] == 200
    assert error(client, model="gpt-5.1", logit_bias={"1": 1})[1]["param"] == "logit_bias"


def test_gpt56_refuses_stop_and_bounds_n_and_top_logprobs(client):
    # Measured on gpt-5.6-terra in August 2026.
    assert error(client, model="gpt-5.6-terra", stop="x")[1] == {
        "message": "Unsupported parameter: 'stop' is not supported with this model.", "type": "invalid_request_error",
        "param": "stop", "code": "unsupported_parameter"}
    assert chat(client, model="gpt-5.6-terra", n=8)[0] == 200
    assert error(client, model="gpt-5.6-terra", n=9)[1]["message"] == (
        "Invalid 'n': integer above maximum value. Expected a value <= 8, but got 9 instead.")
    assert error(client, model="gpt-5.6", logprobs=True, top_logprobs=6, reasoning_effort="none")[1] == {
        "message": "Invalid value for 'top_logprobs': must be less than or equal to 5.",  # measured, Aug 2026
        "type": "invalid_request_error", "param": "top_logprobs", "code": None}
    assert chat(client, model="gpt-4o", n=9, stop="x", logprobs=True, top_logprobs=6)[0] == 200


def test_the_responses_api_refuses_sampling_itself_while_a_gpt5_model_reasons(client):
    # Measured on gpt-5.6-terra in August 2026: the parameter is refused, top_p even at 1, with no code.
    for field, value in (("temperature", 0.5), ("top_p", 1)):
        status, body = responses(client, "gpt-5.6-terra", **{field: value})
        assert (status, body["error"]) == (400, {
            "message": f"Unsupported parameter: '{field}' is not supported with this model.",
            "type": "invalid_request_error", "param": field, "code": None})
    assert responses(client, "gpt-5.6-terra", temperature=1)[0] == 200
    status, body = responses(client, "gpt-5.6-sol", temperature=0.5, reasoning={"effort": "none"})
    assert (status, body["temperature"]) == (200, 0.5)  # recorded (July 2026)


def test_reasoning_tokens_follow_the_effort(client):
    def reasoning(**fields):
        return chat(client, **fields)[1]["usage"]["completion_tokens_details"]["reasoning_tokens"]

    assert reasoning(model="gpt-5.1") == 0 and reasoning(model="gpt-5.2", reasoning_effort="xhigh") > reasoning(
        model="gpt-5.2", reasoning_effort="high") > 0


def test_gpt5_calls_functions_in_parallel(client):
    assert chat(client, parallel_tool_calls=False, tools=[{"type": "function", "function": {"name": "f"}}])[0] == 200
    tools = [{"type": "function", "function": {"name": name, "parameters": {"type": "object", "properties": {}}}}
             for name in ("get_weather", "web_search")]
    cities = [{"role": "user", "content": "Use web_search and then get weather for Paris."}]
    calls = chat(client, messages=cities, tools=tools)[1]["choices"][0]["message"]["tool_calls"]
    one_a_turn = chat(client, model="o3-mini", messages=cities, tools=tools)[1]["choices"][0]["message"]["tool_calls"]
    assert len(calls) == 2 and len(one_a_turn) == 1
    assert error(client, model="o3-mini", parallel_tool_calls=False,
                 tools=[{"type": "function", "function": {"name": "f"}}])[1]["param"] == "parallel_tool_calls"


def test_verbosity_is_the_models_own(client):
    assert chat(client, verbosity="low")[0] == 200
    assert error(client, model="gpt-4o", verbosity="low")[1]["message"] == (
        "Unsupported value: 'verbosity' does not support 'low' with this model. Supported values are: 'medium'.")
    assert chat(client, model="gpt-4o", verbosity="medium")[0] == 200
    assert chat(client, safety_identifier="user-1", prompt_cache_key="k", prompt_cache_retention="24h")[0] == 200


@pytest.mark.parametrize("endpoint", ["chat", "responses"])
def test_prompt_cache_retention_is_written_in_memory(client, endpoint):
    # The API takes in_memory and refuses the hyphen the SDK's types had until 2026 (reported verbatim by
    # pydantic-ai #4028 against gpt-5-nano).
    send = (lambda **fields: chat(client, **fields)) if endpoint == "chat" else (
        lambda **fields: responses(client, "gpt-5", **fields))
    assert send(prompt_cache_retention="in_memory")[0] == 200
    status, body = send(prompt_cache_retention="in-memory")
    assert (status, body["error"]) == (400, {
        "message": "Invalid value: 'in-memory'. Supported values are: 'in_memory' and '24h'.",
        "type": "invalid_request_error", "param": "prompt_cache_retention", "code": "invalid_value"})


def test_a_responses_only_model_is_refused_by_chat(client):
    status, refused = error(client, model="gpt-5-pro")
    assert (status, refused["message"], refused["param"], refused["code"]) == (
        404, "This model is only supported in v1/responses and not in v1/chat/completions.", "model", None)
    answer = client.post("/v1/responses", json={"model": "gpt-5-pro", "input": "What is the capital of Mexico?"})
    body = answer.get_json()
    assert body["model"] == "gpt-5-pro-2025-10-06" and body["reasoning"]["effort"] == "high"
    assert body["usage"]["input_tokens"] == 13  # recorded


@pytest.mark.parametrize("model", ["gpt-5-codex", "o3-pro"])
def test_chat_writes_its_refusal_of_a_responses_only_model_itself(client, model):
    # req_llm's fixture of gpt-5-codex (October 2025): 191 bytes, application/json, rate-limit headers (24 tokens
    # taken), as chat writes its own refusals, not as the front layer (Go, by four, charset) writes its own. Past its
    # shutdown (2026-07-23) gpt-5-codex is the front layer's retired model (a sibling so refused in 2026); o3-pro,
    # still served, keeps the recorded refusal.
    answer = client.post("/v1/chat/completions", json={
        "max_tokens": 100, "model": model, "stream": True, "stream_options": {"include_usage": True},
        "messages": [{"content": "You are a helpful, creative assistant.", "role": "system"},
                     {"content": "Say hello in one short, imaginative sentence.", "role": "user"}],
        "temperature": 0.9, "top_p": 0.8})
    if model == "gpt-5-codex":
        assert answer.status_code == 404 and answer.get_json()["error"]["message"] == (
            "The model `gpt-5-codex` has been deprecated, learn more here: "
            "https://platform.openai.com/docs/deprecations")
        return
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/json"
    assert len(answer.get_data()) == 191 and answer.get_data().startswith(b'{\n  "error": {\n    "message"')
    assert "vary" not in answer.headers and answer.headers["x-ratelimit-remaining-requests"]


def test_the_responses_api_words_its_refusals_with_the_model(client):
    refused = client.post("/v1/responses", json={"model": "gpt-5.1", "input": "hi",
                                                 "reasoning": {"effort": "minimal"}}).get_json()["error"]
    assert (refused["message"], refused["param"]) == (
        "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', "
        "'low', 'medium', and 'high'.", "reasoning.effort")
    codex = client.post("/v1/responses", json={"model": "gpt-5.3-codex", "input": "hi",
                                               "text": {"verbosity": "low"}}).get_json()["error"]
    assert codex["message"] == ("Unsupported value: 'low' is not supported with the 'gpt-5.3-codex' model. "
                                "Supported values are: 'medium'.")  # as recorded of gpt-5-codex (2025)
    plain = client.post("/v1/responses", json={"model": "gpt-5.1", "input": "hi"}).get_json()
    assert plain["reasoning"]["effort"] == "none" and [item["type"] for item in plain["output"]] == ["message"]
    assert client.post("/v1/responses", json={"model": "gpt-5.6", "input": "hi",
                                              "reasoning": {"effort": "max"}}).status_code == 200


def test_logprobs_at_effort_none_are_given(client):
    _, body = chat(client, model="gpt-5.1", logprobs=True, top_logprobs=2)
    assert body["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
    refused = client.post("/v1/responses", json={"model": "gpt-5", "input": "hi", "top_logprobs": 2}).get_json()
    assert refused["error"]["param"] == "top_logprobs"
    assert client.post("/v1/responses", json={"model": "gpt-5.1", "input": "hi", "top_logprobs": 2}).status_code == 200


def test_reasoning_that_takes_the_whole_limit_leaves_no_call(client):
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}}]
    _, body = chat(client, model="gpt-5.2", reasoning_effort="xhigh", max_completion_tokens=100, tools=tools,
                   tool_choice="required")
    choice = body["choices"][0]
    assert choice["finish_reason"] == "length" and choice["message"].get("tool_calls") is None
    assert body["usage"]["completion_tokens"] == 100


def test_a_reasoning_effort_of_another_type_is_a_type_error(client):
    assert error(client, reasoning_effort=True)[1]["message"] == (
        "Invalid type for 'reasoning_effort': expected a string, but got a boolean instead.")


def responses(client, model, **fields):
    response = client.post("/v1/responses", json={"model": model, "input": "What is the capital of France?",
                                                  **fields})
    return response.status_code, response.get_json()


def test_gpt56_counts_cache_writes_in_chat(client):
    # Recorded for gpt-5.6-luna in October 2026: the key sits between cached_tokens and audio_tokens.
    _, body = chat(client, model="gpt-5.6-luna")
    assert list(body["usage"]["prompt_tokens_details"]) == ["cached_tokens", "cache_write_tokens", "audio_tokens"]
    assert body["usage"]["prompt_tokens_details"]["cache_write_tokens"] == 0
    for model in ("gpt-5", "gpt-5.5", "gpt-4o"):  # recorded without it (July to September 2026)
        assert "cache_write_tokens" not in chat(client, model=model)[1]["usage"]["prompt_tokens_details"]
    text = client.post("/v1/chat/completions", json={"model": "gpt-5.6", "messages": QUESTION, "stream": True,
                                                     "stream_options": {"include_usage": True}}).get_data(as_text=True)
    assert '"prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":0,"audio_tokens":0}' in text


@pytest.mark.parametrize("model, phase, retention, top_p, context", [
    ("gpt-5", False, "in_memory", 1.0, "current_turn"),       # recorded July 2026
    ("gpt-5.2", False, "24h", 0.98, "current_turn"),          # recorded September 2026
    ("gpt-5.4", True, "24h", 0.98, "current_turn"),           # recorded September 2026 (req_llm), in_memory in April
    ("gpt-5.5", True, "24h", 0.98, "current_turn"),           # recorded July 2026
    ("gpt-5.6", True, "24h", 0.98, "all_turns"),              # recorded August and October 2026
])
def test_the_responses_echo_is_each_models_own(client, model, phase, retention, top_p, context):
    status, body = responses(client, model, reasoning={"effort": "low"})
    assert status == 200, body
    message = body["output"][-1]
    assert list(message) == ["id", "type", "status", "content"] + ["phase"] * phase + ["role"]
    assert message.get("phase", "final_answer") == "final_answer"
    assert (body["prompt_cache_retention"], body["top_p"]) == (retention, top_p)
    assert body["reasoning"] == {"context": context, "effort": "low", "mode": "standard", "summary": None}
    assert body["usage"]["input_tokens_details"] == {"cache_write_tokens": 0, "cached_tokens": 0}
    # What the request says comes back as sent.
    asked = "current_turn" if context == "all_turns" else "all_turns"
    retention = "24h" if model == "gpt-5.6" else "in_memory"  # gpt-5.6 refuses in_memory (captured, Sept 2026)
    _, body = responses(client, model, reasoning={"context": asked}, prompt_cache_retention=retention)
    assert (body["reasoning"]["context"], body["prompt_cache_retention"]) == (asked, retention)


def test_a_streamed_message_of_gpt55_says_its_phase(client):
    text = client.post("/v1/responses", json={"model": "gpt-5.5", "input": "hi", "stream": True}).get_data(
        as_text=True)
    items = [json.loads(line[len("data: "):])["item"] for line in text.splitlines()
             if line.startswith("data: ") and '"response.output_item.' in line]
    messages = [item for item in items if item["type"] == "message"]
    assert [list(m) for m in messages] == [["id", "type", "status", "content", "phase", "role"]] * 2


def test_prompt_cache_options_are_gpt56s(client):
    options = {"mode": "implicit", "ttl": "30m"}
    status, body = responses(client, "gpt-5.6-sol", prompt_cache_options=options, reasoning={"mode": "pro"})
    assert status == 200, body
    keys = list(body)
    assert keys[keys.index("prompt_cache_key"):keys.index("reasoning")] == [
        "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention"]  # recorded October 2026
    assert body["prompt_cache_options"] == options and body["reasoning"]["mode"] == "pro"
    assert "prompt_cache_options" not in responses(client, "gpt-5.6")[1]
    status, body = responses(client, "gpt-5.5", prompt_cache_options=options)
    assert (status, body["error"]["param"], body["error"]["code"]) == (
        400, "prompt_cache_options", "unsupported_parameter")
    status, body = responses(client, "gpt-5.6", prompt_cache_options={"ttl": "1h"})
    assert (status, body["error"]["param"]) == (400, "prompt_cache_options.ttl")
    # What was applied: the defaults for what the request left out (the response type requires mode and ttl),
    # and no prewarm, which the response does not have.
    for asked, applied in [({"ttl": "12h", "prewarm": True}, {"mode": "implicit", "ttl": "12h"}),
                           ({"comparison_response_id": "resp_1"},
                            {"mode": "implicit", "ttl": "30m", "comparison_response_id": "resp_1"})]:
        assert responses(client, "gpt-5.6", prompt_cache_options=asked)[1]["prompt_cache_options"] == applied
    status, body = responses(client, "gpt-5.5", reasoning={"mode": "pro"})  # recorded, August 2026
    assert (status, body["error"]) == (400, {"message": "`reasoning.mode` is not supported with this model.",
                                             "type": "invalid_request_error", "param": "reasoning.mode",
                                             "code": "unsupported_value"})
    status, body = responses(client, "gpt-4o", reasoning={"mode": "standard"})
    assert (status, body["error"]["param"], body["error"]["code"]) == (400, "reasoning.mode", "unsupported_parameter")


def test_a_null_reasoning_mode_is_refused_where_the_other_settings_take_null(client):
    # The API's answer to a client that sent {"effort": "none", "mode": null} to gpt-5.4 (livekit/agents-js, 2026).
    status, body = responses(client, "gpt-5.4", reasoning={"effort": "none", "mode": None})
    assert (status, body["error"]) == (400, {
        "message": "Invalid type for 'reasoning.mode': expected one of 'standard' or 'pro', but got null instead.",
        "type": "invalid_request_error", "param": "reasoning.mode", "code": "invalid_type"})
    nulls = {"effort": None, "summary": None, "context": None}
    assert responses(client, "gpt-5.6-sol", reasoning=nulls)[0] == 200


def test_a_reasoning_item_sent_back_is_taken(client):
    # A stateless turn sends the last output back: the reasoning item with its encrypted content, the phase. (A
    # question long enough for gpt-5.6 to reason over: it spends nothing on a short one.)
    question = ("What is the capital of France? Say how the city came to be the capital, century by century, from "
                "the Romans to the kings, the revolution and the republics, and what each of them built there.")
    _, first = responses(client, "gpt-5.6", store=False, include=["reasoning.encrypted_content"], input=question)
    assert [item["type"] for item in first["output"]] == ["reasoning", "message"]
    turn = [{"role": "user", "content": question}, *first["output"],
            {"role": "user", "content": "And of Spain?"}]
    status, second = responses(client, "gpt-5.6", store=False, input=turn)
    assert status == 200, second


MODERATED = {"model": "omni-moderation-latest"}
CATEGORIES = ["harassment", "harassment/threatening", "sexual", "hate", "hate/threatening", "illicit",
              "illicit/violent", "self-harm/intent", "self-harm/instructions", "self-harm", "sexual/minors",
              "violence", "violence/graphic"]


def test_chat_moderates_the_request_and_its_answer(client):
    # Recorded on gpt-5 in July 2026 (streamed): a moderation_results object for each side; in a JSON answer after
    # the service tier (captured on gpt-5.6-terra, September 2026).
    response = client.post("/v1/chat/completions", json={"model": "gpt-5", "messages": QUESTION,
                                                         "moderation": MODERATED})
    body = response.get_json()
    assert list(body) == ["id", "object", "created", "model", "choices", "usage", "service_tier", "moderation",
                          "system_fingerprint"]
    for side in ("input", "output"):
        results = body["moderation"][side]
        assert list(results) == ["type", "model", "results"]
        assert (results["type"], results["model"], len(results["results"])) == (
            "moderation_results", "omni-moderation-latest", 1)
        result = results["results"][0]
        assert list(result) == ["type", "model", "flagged", "categories", "category_scores",
                                "category_applied_input_types"]
        assert (result["type"], result["flagged"], list(result["categories"])) == (
            "moderation_result", False, CATEGORIES)
        assert result["category_applied_input_types"]["violence"] == ["text"]
    # Its scores are written as Rust writes numbers: 4.33e-6, never 4.33e-06.
    assert b"e-0" not in response.data and re.search(rb'"sexual/minors": \d\.\d+e-6', response.data)
    assert "moderation" not in chat(client)[1]
    # Each choice's answer is moderated.
    _, body = chat(client, model="gpt-4o", n=3, moderation=MODERATED)
    assert len(body["moderation"]["output"]["results"]) == 3 and len(body["moderation"]["input"]["results"]) == 1


def test_a_chat_stream_sends_its_moderation_last(client):
    # Recorded: after the usage chunk, a chunk with no choices, the moderation, and a null usage.
    text = client.post("/v1/chat/completions", json={
        "model": "gpt-5", "messages": QUESTION, "stream": True, "stream_options": {"include_usage": True},
        "moderation": {**MODERATED, "policy": {"input": {"mode": "block"}, "output": {"mode": "score"}}},
    }).get_data(as_text=True)
    chunks = [json.loads(event[len("data: "):]) for event in text.split("\n\n")[:-2]]
    assert chunks[-2]["usage"]["total_tokens"] > 0 and "moderation" not in chunks[-2]
    last = chunks[-1]
    assert list(last) == ["id", "object", "created", "model", "service_tier", "system_fingerprint", "choices",
                          "moderation", "usage"]
    assert (last["choices"], last["usage"], last["moderation"]["output"]["type"]) == ([], None, "moderation_results")
    assert text.endswith("data: [DONE]\n\n") and "e-0" not in text
    # Without include_usage no chunk has a usage key, the moderation's neither (as a stream's chunks go without it).
    text = client.post("/v1/chat/completions", json={"model": "gpt-5", "messages": QUESTION, "stream": True,
                                                     "moderation": MODERATED}).get_data(as_text=True)
    chunks = [json.loads(event[len("data: "):]) for event in text.split("\n\n")[:-2]]
    assert not any("usage" in chunk for chunk in chunks) and chunks[-1]["moderation"]["input"]["results"]


def test_chat_refuses_a_moderation_it_cannot_run(client):
    assert error(client, moderation={"model": "gpt-4o"})[1] == {
        "message": "Invalid value for 'moderation.model' = gpt-4o. Please check the OpenAI documentation and try "
                   "again.", "type": "invalid_request_error",
        "param": "moderation.model", "code": None}
    assert error(client, moderation={})[1]["message"] == "Missing required parameter: 'moderation.model'."
    assert error(client, moderation={**MODERATED, "policy": {"output": {"mode": "warn"}}})[1]["param"] == (
        "moderation.policy.output.mode")
    assert error(client, moderation={**MODERATED, "scope": "all"})[1]["message"] == (
        "Unknown parameter: 'moderation.scope'.")


def test_chat_takes_prompt_cache_options_on_gpt56(client):
    options = {"mode": "explicit", "ttl": "30m"}
    status, body = chat(client, model="gpt-5.6", prompt_cache_options=options)
    assert status == 200, body
    status, refused = error(client, model="gpt-5.5", prompt_cache_options=options)
    assert (status, refused["param"], refused["code"]) == (400, "prompt_cache_options", "unsupported_parameter")
    # Chat's lifetimes are one: 30m (the Responses API also takes 12h).
    assert error(client, model="gpt-5.6", prompt_cache_options={"ttl": "12h"})[1]["message"] == (
        "Invalid value: '12h'. Supported values are: '30m'.")


def test_a_chat_part_may_mark_a_cache_breakpoint(client):
    # The SDK's types (late 2026): a text or image part's prompt_cache_breakpoint, as clients of gpt-5.6 send it.
    def part(breakpoint):
        return [{"role": "user", "content": [{"type": "text", "text": "What is the capital of France?",
                                              "prompt_cache_breakpoint": breakpoint}]}]

    for breakpoint in ({"mode": "explicit"}, {"mode": "explicit", "ttl": "12h"}):
        assert chat(client, model="gpt-5.6", messages=part(breakpoint))[0] == 200
    image = [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/a.png"},
                                           "prompt_cache_breakpoint": {"mode": "explicit"}}]}]
    assert chat(client, model="gpt-5.6", messages=image)[0] == 200
    status, refused = error(client, model="gpt-5.6", messages=part({"mode": "implicit"}))
    assert refused["param"] == "messages[0].content[0].prompt_cache_breakpoint.mode"
    assert refused["message"] == "Invalid value: 'implicit'. Supported values are: 'explicit'."
    assert error(client, model="gpt-5.6", messages=part({}))[1]["message"] == (
        "Missing required parameter: 'messages[0].content[0].prompt_cache_breakpoint.mode'.")


def test_web_search_options_are_refused_by_a_model_that_does_not_search(client):
    # Recorded on gpt-4o (March 2026): the search models take them; fauxpen serves none of those.
    status, refused = error(client, model="gpt-4o", web_search_options={"search_context_size": "low"})
    assert (status, refused) == (400, {"message": "Web search options not supported with this model.",
                                       "type": "invalid_request_error", "param": "web_search_options", "code": None})
    assert error(client, model="gpt-4o", web_search_options="low")[1]["code"] == "invalid_type"


WEATHER_TOOL = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}}
SEARCH_TOOL = {"type": "function",
               "function": {"name": "web_search", "parameters": {"type": "object", "properties": {}}}}


@pytest.mark.parametrize("model, fields", [
    ("gpt-5.4", {"reasoning_effort": "low"}),
    ("gpt-5.4-nano", {"reasoning_effort": "low"}),  # these words recorded in September 2026
    ("gpt-5.5", {"reasoning_effort": "medium"}),
    ("gpt-5.6-terra", {"reasoning_effort": "low"}),
    ("gpt-5.6", {}),
])
def test_newer_models_refuse_tools_at_an_effort_in_chat(client, model, fields):
    """Reported March-September 2026: chat takes tools on gpt-5.4 and 5.5 only without an effort sent, and on
    gpt-5.6 only at effort none (its default effort counts); the Responses API takes both. The words of
    September 2026 (gpt-5.4-nano's and gpt-5.6's) replaced "Please use /v1/responses instead." of the spring."""
    hint = "To use function tools, use /v1/responses or set reasoning_effort to 'none'."
    status, refused = error(client, model=model, tools=[WEATHER_TOOL], **fields)
    assert (status, refused["param"], refused["code"]) == (400, "reasoning_effort", None)
    assert refused["message"] == (f"Function tools with reasoning_effort are not supported for {model} in "
                                  f"/v1/chat/completions. {hint}")
    assert chat(client, model=model, tools=[WEATHER_TOOL], reasoning_effort="none")[0] == 200
    assert chat(client, model=model, **fields)[0] == 200  # no tools
    assert responses(client, model, tools=[{"type": "function", "name": "get_weather"}])[0] == 200


def test_tools_without_an_effort_are_taken_where_none_is_the_default(client):
    for model in ("gpt-5.4", "gpt-5.4-mini", "gpt-5.5"):
        assert chat(client, model=model, tools=[WEATHER_TOOL])[0] == 200
    for model in ("gpt-5", "gpt-5.2"):  # no refusal reported
        assert chat(client, model=model, tools=[WEATHER_TOOL], reasoning_effort="high")[0] == 200
    status, refused = error(client, model="gpt-5.6-luna", functions=[WEATHER_TOOL["function"]])
    assert refused["message"].startswith("Function tools with reasoning_effort are not supported for gpt-5.6-luna")


@pytest.mark.parametrize("model", ["gpt-5-chat-latest", "gpt-5.1-chat-latest", "gpt-5.2-chat-latest",
                                   "gpt-5.3-chat-latest"])
@pytest.mark.parametrize("stream", [False, True])
def test_the_versioned_chat_latest_models_are_retired_in_chat(client, model, stream):
    """Past their shutdown (2026-07-23 and 2026-08-10) chat refuses them before anything else, tools too (which
    gpt-5-chat-latest refused in 2025), in the words of their retirement: measured on 2026-08-11 (all four) and
    2026-10-03 (gpt-5-chat-latest's whole message, a probe's chat sweep); chat-latest answers."""
    status, refused = error(client, model=model, stream=stream, tools=[WEATHER_TOOL], temperature=0.7)
    assert (status, refused) == (404, {
        "message": f"The model `{model}` has been deprecated, learn more here: "
                   "https://platform.openai.com/docs/deprecations",
        "type": "invalid_request_error", "param": None, "code": "model_not_found"})
    assert any(entry["id"] == model for entry in registry.listing())  # still listed
    assert chat(client, model="chat-latest")[0] == 200


def test_the_gpt6_models_as_probed_in_september_2026(client):
    # A third party's probe of api.openai.com on 2026-09-24 (gpt-6-astra, -sol, -luna): each answers as itself.
    for model in ("gpt-6-astra", "gpt-6-sol", "gpt-6-luna", "gpt-6.1-sol", "gpt-6.1-terra", "gpt-6.2-sol",
                  "gpt-6.2-astra"):
        status, body = chat(client, model=model)
        assert (status, body["model"], body["system_fingerprint"]) == (200, model, None), body
    assert client.get("/v1/models/gpt-6-astra").get_json() == {
        "id": "gpt-6-astra", "object": "model", "created": 1787853604, "owned_by": "system", "shutdown_date": None}
    assert error(client, model="gpt-6-luna", reasoning_effort="max")[1]["message"] == (
        "Unsupported value: 'reasoning_effort' does not support 'max' with this model. Supported values are: "
        "'none', 'low', 'medium', 'high', and 'xhigh'.")
    assert error(client, model="gpt-6-luna", temperature=0.7)[1]["message"] == (
        "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is "
        "supported.")
    assert chat(client, model="gpt-6-luna", temperature=0.7, reasoning_effort="none")[0] == 200
    assert error(client, model="gpt-6-astra", reasoning_effort="none")[1]["param"] == "reasoning_effort"
    status, body = responses(client, "gpt-6-astra", reasoning={"effort": "none"})
    assert (status, body["error"]["message"]) == (400, "Unsupported value: 'none' is not supported with the "
                                                  "'gpt-6-astra' model. Supported values are: 'low', 'medium', "
                                                  "'high', 'xhigh', and 'max'.")
    status, body = responses(client, "gpt-6-luna", reasoning={"effort": "minimal"})
    assert body["error"]["message"] == (
        "Unsupported value: 'minimal' is not supported with the 'gpt-6-luna' model. Supported values are: 'none', "
        "'low', 'medium', 'high', 'xhigh', and 'max'.")
    body = responses(client, "gpt-6-sol")[1]
    assert body["reasoning"] == {"context": "all_turns", "effort": "medium", "mode": "standard", "summary": None}
    # Both priority and fast are echoed as fast; gpt-5.6 says priority.
    assert [responses(client, model, service_tier=tier)[1]["service_tier"]
            for model, tier in (("gpt-6-luna", "priority"), ("gpt-6-luna", "fast"), ("gpt-5.6", "fast"))] == [
        "fast", "fast", "priority"]


def test_gpt_audio_mini_speaks_as_gpt_4o_audio_preview_does(client):
    assert error(client, model="gpt-audio-mini")[1]["message"] == (
        "This model requires that either input content or output modality contain audio.")
    status, body = chat(client, model="gpt-audio-mini", modalities=["text", "audio"],
                        audio={"voice": "alloy", "format": "wav"})
    assert (status, body["model"]) == (200, "gpt-audio-mini-2025-12-15")
    assert body["choices"][0]["message"]["audio"]["id"].startswith("audio_")


def test_gpt55_pro_answers_in_the_responses_api_alone(client):
    # The SDK lists it among the Responses-only models (gpt-5.5-pro-2026-04-23); chat refused it as not a chat
    # model (a gateway relaying the API's words, April 2026).
    status, refused = error(client, model="gpt-5.5-pro")
    assert (status, refused["message"]) == (404, "This is not a chat model and thus not supported in the "
                                                 "v1/chat/completions endpoint. Did you mean to use v1/completions?")
    status, body = responses(client, "gpt-5.5-pro")
    # Recorded (August 2026): it reasons at high in the pro mode by default, and takes no other mode; gpt-5.4-pro
    # the same, at medium.
    assert (status, body["model"], body["reasoning"]["effort"], body["reasoning"]["mode"]) == (
        200, "gpt-5.5-pro-2026-04-23", "high", "pro")
    assert responses(client, "gpt-5.5-pro", reasoning={"mode": "standard"})[1]["error"]["param"] == "reasoning.mode"
    status, body = responses(client, "gpt-5.4-pro", reasoning={"mode": "pro"})
    assert (status, body["model"], body["reasoning"]["effort"]) == (200, "gpt-5.4-pro-2026-03-05", "medium")
    assert responses(client, "gpt-5.4-pro", reasoning={"effort": "none"})[1]["error"]["message"] == (
        "Unsupported value: 'none' is not supported with the 'gpt-5.4-pro' model. Supported values are: 'medium', "
        "'high', and 'xhigh'.")


def test_the_o_series_refuse_temperature_in_the_responses_api_as_gpt5_does(client):
    # Recorded on o1, o1-pro, o3, o3-mini and o4-mini (August 2026): the parameter itself, with no code.
    for model in ("o3", "o3-mini"):
        assert responses(client, model, temperature=0.5)[1]["error"] == {
            "message": "Unsupported parameter: 'temperature' is not supported with this model.",
            "type": "invalid_request_error", "param": "temperature", "code": None}


def test_the_later_codex_models_answer_in_the_responses_api_alone(client):
    # Both served on /v1/responses in 2026 (clients' reports carrying the API's rs_ ids); gpt-5.3-codex refused by
    # chat in the "not a chat model" words (SillyTavern PR #5212, March 2026), gpt-5.2-codex's refusal of
    # temperature as reported (OpenHands software-agent-sdk #1837, early 2026).
    listed = {entry["id"]: entry for entry in client.get("/v1/models").get_json()["data"]}
    assert (listed["gpt-5.2-codex"]["created"], listed["gpt-5.2-codex"]["shutdown_date"]) == (1766164985, "2026-07-23")
    assert (listed["gpt-5.3-codex"]["created"], listed["gpt-5.3-codex"]["shutdown_date"]) == (1770537915, None)
    assert error(client, model="gpt-5.3-codex") == (404, {
        "message": "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean "
                   "to use v1/completions?", "type": "invalid_request_error", "param": "model", "code": None})
    assert error(client, model="gpt-5.2-codex")[1]["message"] == (  # retired (2026-07-23)
        "The model `gpt-5.2-codex` has been deprecated, learn more here: "
        "https://platform.openai.com/docs/deprecations")
    status, body = responses(client, "gpt-5.3-codex", reasoning={"effort": "xhigh"})
    assert (status, body["model"], body["reasoning"]["effort"]) == (200, "gpt-5.3-codex", "xhigh")
    assert [item["type"] for item in body["output"]] == ["reasoning", "message"]
    # Recorded (pydantic-ai's probe of api.openai.com, August 2026): effort none by default, sampling taken there;
    # the retired gpt-5.2-codex not found.
    status, body = responses(client, "gpt-5.3-codex", temperature=0.5)
    assert (status, body["reasoning"]["effort"], body["temperature"]) == (200, "none", 0.5)
    assert body["output"][-1]["phase"] == "final_answer"  # the SDK: "for models like gpt-5.3-codex and beyond"
    status, body = responses(client, "gpt-5.2-codex", temperature=0.2)
    assert (status, body["error"]["message"]) == (404, "Model not found gpt-5.2-codex")


def test_gpt53_chat_latest_is_listed_with_its_shutdown(client):
    # The SDK's ChatModel, with its announced shutdown (2026-08-10, as gpt-5.2-chat-latest's), past which chat
    # refuses it (above).
    entry = client.get("/v1/models/gpt-5.3-chat-latest").get_json()
    assert (entry["created"], entry["shutdown_date"]) == (1772236571, "2026-08-10")


@pytest.mark.parametrize("model, limit", [("gpt-5-mini", 272000), ("gpt-5.4", 922000)])
def test_input_beyond_the_window_less_the_output_is_refused_in_its_own_words(client, model, limit):
    # Reported of gpt-5 (cline#5474, August 2025) and quoted of gpt-5.4/5.5 clients (2026): the input may take the
    # window less the largest output (400,000 - 128,000; 1,050,000 - 128,000), in words of its own.
    words = limit + 10
    status, refused = error(client, model=model, messages=[{"role": "user", "content": "hello " * words}])
    assert (status, refused["param"], refused["code"]) == (400, "messages", "context_length_exceeded")
    assert refused["message"] == (f"Input tokens exceed the configured limit of {limit} tokens. Your messages "
                                  f"resulted in {words + 7} tokens. Please reduce the length of the messages.")
    assert chat(client, model=model, messages=[{"role": "user", "content": "hello " * (limit - 20)}])[0] == 200


def test_the_gpt6_models_check_chat_as_the_gpt56_models_do(client):
    # The probe of 2026-09-24: a Responses-style `reasoning` is an unknown parameter in the newer words, and a
    # stream carries obfuscation unasked and opens two calls with the role alone (content null, no refusal), usage
    # before choices. One call opens with role and call together, usage after (a client's streams of gpt-6-luna,
    # 2026-10-02: "weather" with {"city":"Paris"} in five argument chunks, 16 completion tokens).
    status, refused = error(client, model="gpt-6-luna", reasoning={"effort": "low"})
    assert (refused["message"], refused["param"], refused["code"]) == (
        "Unknown parameter: 'reasoning'.", "reasoning", "unknown_parameter")

    def streamed(tools, content):
        response = client.post("/v1/chat/completions", json={
            "model": "gpt-6-luna", "stream": True, "stream_options": {"include_usage": True},
            "reasoning_effort": "none", "messages": [{"role": "user", "content": content}], "tools": tools})
        return [json.loads(line[6:]) for line in response.get_data(as_text=True).splitlines()
                if line.startswith("data: {")]

    chunks = streamed([WEATHER_TOOL, SEARCH_TOOL], "get_weather and web_search please")
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": None}
    assert list(chunks[1]["choices"][0]["delta"]) == ["tool_calls"] and "obfuscation" in chunks[0]
    assert list(chunks[0])[-3:] == ["usage", "choices", "obfuscation"]
    city = {"type": "function", "function": {"name": "weather", "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
    chunks = streamed([city], "What is the weather in Paris?")
    assert list(chunks[0]["choices"][0]["delta"]) == ["role", "content", "tool_calls", "refusal"]
    assert list(chunks[0])[-3:] == ["choices", "usage", "obfuscation"]
    assert [c["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"] for c in chunks[1:6]] == [
        '{"', "city", '":"', "Paris", '"}']
    assert chunks[-1]["usage"]["completion_tokens"] == 16
    plain = client.post("/v1/chat/completions", json={"model": "gpt-4o", "stream": True, "messages": QUESTION,
                                                      "tools": [WEATHER_TOOL]}).get_data(as_text=True)
    first = json.loads(plain.splitlines()[0][6:])["choices"][0]["delta"]
    assert "tool_calls" in first and first["refusal"] is None  # gpt-4o's opening, recorded July 2026


def test_gpt56_luna_was_created_when_the_api_says(client):
    # GET /v1/models/gpt-5.6-luna as a client logged it in 2026.
    assert client.get("/v1/models/gpt-5.6-luna").get_json() == {
        "id": "gpt-5.6-luna", "object": "model", "created": 1782228658, "owned_by": "system", "shutdown_date": None}


def test_the_models_a_listing_of_september_2026_names_are_listed(client):
    # The probe of 2026-09-24: chat-latest answers GET /v1/models/{id}; gpt-realtime and -mini are listed with their
    # shutdown on 2027-01-20, and gpt-4o-mini-tts-2025-03-20 is still served past its own.
    listed = {entry["id"]: entry for entry in client.get("/v1/models").get_json()["data"]}
    assert listed["gpt-realtime"]["shutdown_date"] == listed["gpt-realtime-mini"]["shutdown_date"] == "2027-01-20"
    assert listed["gpt-4o-mini-tts-2025-03-20"]["shutdown_date"] == "2026-07-23"
    status, body = chat(client, model="chat-latest")
    assert (status, body["model"]) == (200, "chat-latest")
    assert error(client, model="gpt-realtime")[1]["message"].startswith("This is not a chat model")


def test_a_model_that_does_not_reason_has_no_encrypted_reasoning_to_include(client):
    # Quoted of gpt-4o, gpt-4o-mini and gpt-4.1 (2026): the message and param; no code shown.
    for model in ("gpt-4o", "gpt-4.1"):
        status, body = responses(client, model, include=["reasoning.encrypted_content"], store=False)
        assert (status, body["error"]["message"], body["error"]["param"]) == (
            400, "Encrypted content is not supported with this model.", "include")
    assert responses(client, "gpt-5.4", include=["reasoning.encrypted_content"], store=False)[0] == 200


@pytest.mark.parametrize("model", ["gpt-5.2-chat-latest", "gpt-5.3-chat-latest"])
def test_the_later_chat_latest_models_reason_at_medium_alone(client, model):
    # Recorded by a probe of the Responses API (August 2026) and reported of chat (February 2026).
    status, body = responses(client, model, reasoning={"effort": "none"})
    assert (status, body["error"]["message"], body["error"]["code"]) == (
        400, f"Unsupported value: 'none' is not supported with the '{model}' model. Supported values are: 'medium'.",
        "unsupported_value")
    assert responses(client, model, temperature=0.5)[1]["error"]["message"] == (
        "Unsupported parameter: 'temperature' is not supported with this model.")
    # Chat retired them (above); chat-latest, written as gpt-5.3-chat-latest, refuses an effort but medium as they did.
    status, refused = error(client, model="chat-latest", reasoning_effort="high")
    assert (refused["message"], refused["param"]) == (
        "Unsupported value: 'reasoning_effort' does not support 'high' with this model. Supported values are: "
        "'medium'.", "reasoning_effort")
    status, body = chat(client, model="chat-latest")
    assert status == 200 and body["usage"]["completion_tokens_details"]["reasoning_tokens"] == 0  # a short question
