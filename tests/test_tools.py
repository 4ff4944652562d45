"""Tools, legacy functions and structured outputs: answer shapes, streaming, errors, and the openai SDK."""
import contextlib
import json
import re
import time
import types
from enum import Enum
from typing import Literal, Optional

import jsonschema
import pydantic
import pytest

from fauxpen import completion, create_app, tokens
from fauxpen.schemas import tools as tool_schemas
from .conftest import sse_chunks

USER = [{"role": "user", "content": "What's the weather like in Boston today?"}]
WEATHER = {"type": "function", "function": {
    "name": "get_weather",
    "description": "Get the current weather in a given location",
    "parameters": {
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["location"],
    },
}}
SEARCH = {"type": "function", "function": {
    "name": "web_search",
    "parameters": {"type": "object", "properties": {"query": {"type": "string"},
                                                    "max_results": {"type": "integer", "minimum": 1, "maximum": 10}},
                   "required": ["query", "max_results"], "additionalProperties": False},
    "strict": True,
}}
CALL_ID = re.compile(r"^call_[A-Za-z0-9]{24}$")
STRICT_ROOT = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"],
               "additionalProperties": False}


def chat(client, **body):
    body.setdefault("model", "gpt-4o")
    body.setdefault("messages", USER)
    return client.post("/v1/chat/completions", json=body)


def arguments_of(body, choice=0, call=0):
    return body["choices"][choice]["message"]["tool_calls"][call]["function"]["arguments"]


def assert_matches(schema, arguments_json):
    value = json.loads(arguments_json)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(value)
    return value


# --- answers -----------------------------------------------------------------------------------------------

def test_tool_call_answer_shape(client):
    response = chat(client, tools=[WEATHER])
    assert response.status_code == 200
    choice = response.get_json()["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    message = choice["message"]
    assert list(message) == ["role", "content", "tool_calls", "refusal", "annotations"]
    assert message["role"] == "assistant" and message["content"] is None and message["refusal"] is None
    assert message["annotations"] == []
    [call] = message["tool_calls"]
    assert CALL_ID.match(call["id"])
    assert call["type"] == "function"
    assert call["function"]["name"] == "get_weather"
    assert isinstance(call["function"]["arguments"], str)
    arguments = assert_matches(WEATHER["function"]["parameters"], call["function"]["arguments"])
    assert arguments["location"] == "Boston"  # the place the user named


def test_a_function_tool_keys_beside_its_function_are_ignored(client):
    # llmrb/llm's cassettes (gpt-4.1, July 2025): tools written with a Responses-style name beside the function
    # ({"type": "function", "name": "system", "function": {...}}) were answered, a call streamed and then its result.
    system = {"name": "system", "description": "Runs system commands", "parameters": {
        "type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}}
    named = chat(client, model="gpt-4.1", tools=[{"type": "function", "name": "system", "function": system}],
                 tool_choice="required")
    assert named.status_code == 200
    assert named.get_json()["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "system"
    plain = chat(client, model="gpt-4.1", tools=[{"type": "function", "function": system}], tool_choice="required")
    assert named.get_json()["usage"] == plain.get_json()["usage"]


def test_same_request_same_arguments_new_ids(client):
    first, second = chat(client, tools=[WEATHER, SEARCH]).get_json(), chat(client, tools=[WEATHER, SEARCH]).get_json()
    assert arguments_of(first) == arguments_of(second)
    assert first["choices"][0]["message"]["tool_calls"][0]["id"] != second["choices"][0]["message"]["tool_calls"][0]["id"]


@pytest.mark.parametrize(("tool_choice", "name", "finish_reason"), (
    (None, "get_weather", "tool_calls"),
    ("auto", "get_weather", "tool_calls"),
    ("required", "get_weather", "tool_calls"),
    ({"type": "function", "function": {"name": "web_search"}}, "web_search", "stop"),
))
def test_tool_choice_decides_the_call(client, tool_choice, name, finish_reason):
    body = {"tools": [WEATHER, SEARCH]}
    if tool_choice is not None:
        body["tool_choice"] = tool_choice
    choice = chat(client, **body).get_json()["choices"][0]
    assert choice["finish_reason"] == finish_reason
    [call] = choice["message"]["tool_calls"]
    assert call["function"]["name"] == name
    parameters = {"get_weather": WEATHER, "web_search": SEARCH}[name]["function"]["parameters"]
    assert_matches(parameters, call["function"]["arguments"])


def test_tool_choice_none_answers_text(client):
    message = chat(client, tools=[WEATHER], tool_choice="none").get_json()["choices"][0]["message"]
    assert message == {"role": "assistant", "content": "Hello! How can I assist you today?", "refusal": None,
                       "annotations": []}


def conversation_with_result(call_id="call_abc123"):
    return USER + [
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": call_id, "type": "function", "function": {"name": "get_weather",
                                                             "arguments": '{"location":"Boston, MA"}'}}]},
        {"role": "tool", "tool_call_id": call_id, "content": '{"temperature": 22}'},
    ]


def test_auto_answers_text_once_a_tool_result_follows_the_user(client):
    body = chat(client, tools=[WEATHER], messages=conversation_with_result()).get_json()
    assert body["choices"][0]["finish_reason"] == "stop"
    assert body["choices"][0]["message"]["content"] == "Hello! How can I assist you today?"
    assert "tool_calls" not in body["choices"][0]["message"]


def test_auto_calls_again_for_a_new_user_turn(client):
    messages = conversation_with_result() + [{"role": "assistant", "content": "It is 22 degrees."},
                                             {"role": "user", "content": "And tomorrow?"}]
    assert chat(client, tools=[WEATHER], messages=messages).get_json()["choices"][0]["finish_reason"] == "tool_calls"


@pytest.mark.parametrize("text", [
    "Do not call any tools. Reply with exactly these three words: probe still ready",
    "Without calling any tool, reply exactly `alpha=<code> beta=<code>`.",
    "Don't use tools: what is 2 + 2?",
    "never invoke the functions, just say hi",
    "Please don\u2019t call any tools here.",
])
def test_auto_answers_text_when_the_user_forbids_tools(client, text):
    # rig's recordings of 2026 (gpt-4o-mini, gpt-4.1-mini in chat; gpt-5-mini in the Responses API): text, even
    # after the tools' results, with tools offered.
    messages = conversation_with_result() + [{"role": "user", "content": text}]
    for body in (chat(client, tools=[WEATHER], messages=[{"role": "user", "content": text}]).get_json(),
                 chat(client, tools=[WEATHER], messages=messages).get_json()):
        assert body["choices"][0]["finish_reason"] == "stop"
        assert "tool_calls" not in body["choices"][0]["message"]


@pytest.mark.parametrize("text", ["Call ping exactly once with no arguments. Do not answer in prose.",
                                  "Do not call the get_weather tool twice: once for Boston.",
                                  "Call the add tool exactly once with x=17 and y=25."])
def test_a_call_is_still_made_when_only_other_things_are_forbidden(client, text):
    body = chat(client, tools=[WEATHER], messages=[{"role": "user", "content": text}]).get_json()
    assert body["choices"][0]["finish_reason"] == "tool_calls"


def test_required_still_calls_when_the_user_forbids_tools(client):
    body = chat(client, tools=[WEATHER], tool_choice="required",
                messages=[{"role": "user", "content": "Do not call any tools."}]).get_json()
    assert body["choices"][0]["finish_reason"] == "tool_calls"


def test_required_calls_even_after_a_tool_result(client):
    body = chat(client, tools=[WEATHER], tool_choice="required", messages=conversation_with_result()).get_json()
    assert body["choices"][0]["finish_reason"] == "tool_calls"


def test_required_after_a_tool_result_calls_a_tool_not_called_since_the_user(client):
    # An agent whose loop ends on a tool of its own (pydantic-ai's and marvin's output tools, sent after the
    # functions, under "required") gets that tool once the user's tool has answered, not the user's tool again.
    final = {"type": "function", "function": {"name": "final_result", "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
    messages = [{"role": "user", "content": "Use get_weather for Boston."}] + conversation_with_result()[1:]
    for choice in ("required", {"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [
            {"type": "function", "function": {"name": "get_weather"}},
            {"type": "function", "function": {"name": "final_result"}}]}}):
        calls = chat(client, tools=[WEATHER, final], tool_choice=choice,
                     messages=messages).get_json()["choices"][0]["message"]["tool_calls"]
        assert [c["function"]["name"] for c in calls] == ["final_result"]
    # Before the result, the tool the user names; once every tool was called, the first one's rule again.
    calls = chat(client, tools=[WEATHER, final], tool_choice="required",
                 messages=messages[:1]).get_json()["choices"][0]["message"]["tool_calls"]
    assert [c["function"]["name"] for c in calls] == ["get_weather"]
    both = messages + [{"role": "assistant", "content": None, "tool_calls": [{"id": "call_2", "type": "function",
                        "function": {"name": "final_result", "arguments": '{"city":"Boston"}'}}]},
                       {"role": "tool", "tool_call_id": "call_2", "content": "ok"}]
    calls = chat(client, tools=[WEATHER, final], tool_choice="required",
                 messages=both).get_json()["choices"][0]["message"]["tool_calls"]
    assert [c["function"]["name"] for c in calls] == ["get_weather"]
    # The Responses API reads its function calls and outputs as chat does.
    tools = [{"type": "function", "name": "get_weather", "parameters": WEATHER["function"]["parameters"]},
             {"type": "function", "name": "final_result", "parameters": final["function"]["parameters"]}]
    said = [{"role": "user", "content": "Use get_weather for Boston."},
            {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "call_1", "output": "22"}]
    output = client.post("/v1/responses", json={"model": "gpt-4.1", "input": said, "tools": tools,
                                                "tool_choice": "required"}).get_json()["output"]
    assert [item.get("name") for item in output] == ["final_result"]


def test_mentioned_tools_are_called_in_parallel(client):
    messages = [{"role": "user", "content": "Use web_search and then get weather for Paris."}]
    calls = chat(client, tools=[WEATHER, SEARCH], messages=messages).get_json()["choices"][0]["message"]["tool_calls"]
    assert [c["function"]["name"] for c in calls] == ["get_weather", "web_search"]
    assert len({c["id"] for c in calls}) == 2
    # Calls made together write their arguments spaced, a call alone compact (recorded 2025-2026).
    assert all('": ' in c["function"]["arguments"] for c in calls)
    assert calls[0]["function"]["arguments"].replace(": ", ":").replace(", ", ",") == \
        json.dumps(json.loads(calls[0]["function"]["arguments"]), separators=(",", ":"))
    calls = chat(client, tools=[WEATHER, SEARCH], messages=messages,
                 parallel_tool_calls=False).get_json()["choices"][0]["message"]["tool_calls"]
    assert [c["function"]["name"] for c in calls] == ["get_weather"]
    assert '": ' not in calls[0]["function"]["arguments"]


def test_gpt_4_0613_writes_a_calls_arguments_a_key_a_line_in_chat(client):
    # prism-php's gpt-4-0613 stream (chat, June 2025): {\n, " ", ' "', model, Id, '":', " ", 0, \n, } -- the
    # arguments indented by two, as the 0613 models wrote them in OpenAI's own examples; in the Responses API the
    # same model wrote {"modelId": 0} (prism-php's, June 2025), which stays compact here.
    tool = {"type": "function", "function": {"name": "get_models", "description": "Returns info about of available "
            "models", "parameters": {"type": "object", "properties": {"modelId": {"description": "Id of the model "
                                     "to load. Returns all models if null", "type": "number"}}, "required": []}}}
    said = [{"role": "user", "content": "Can you tell me more about the model with id 0 ?"}]
    written = arguments_of(chat(client, model="gpt-4", messages=said, tools=[tool]).get_json())
    assert re.fullmatch(r'\{\n  "modelId": -?\d+(\.\d+)?\n\}', written)
    legacy = chat(client, model="gpt-4", messages=said, functions=[tool["function"]]).get_json()
    assert legacy["choices"][0]["message"]["function_call"]["arguments"] == written
    deltas = [chunk["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"] for chunk in sse_chunks(
        chat(client, model="gpt-4", messages=said, tools=[tool], stream=True))
        if chunk["choices"] and chunk["choices"][0]["delta"].get("tool_calls")]
    assert "".join(deltas) == written and deltas[:3] == ["", "{\n", " "]
    assert '\n' not in arguments_of(chat(client, model="gpt-4o", messages=said, tools=[tool]).get_json())
    responded = client.post("/v1/responses", json={"model": "gpt-4", "input": said, "tools": [
        {"type": "function", **tool["function"]}]}).get_json()
    assert "\n" not in responded["output"][0]["arguments"]


def test_mention_picks_that_tool(client):
    messages = [{"role": "user", "content": "Please run a Web Search for pizza"}]
    calls = chat(client, tools=[WEATHER, SEARCH], messages=messages).get_json()["choices"][0]["message"]["tool_calls"]
    assert [c["function"]["name"] for c in calls] == ["web_search"]


def test_tool_without_parameters_gets_empty_object(client):
    tool = {"type": "function", "function": {"name": "get_time"}}
    assert arguments_of(chat(client, tools=[tool]).get_json()) == "{}"


def test_each_choice_calls_with_its_own_id(client):
    body = chat(client, tools=[WEATHER], n=2).get_json()
    ids = [c["message"]["tool_calls"][0]["id"] for c in body["choices"]]
    assert len(set(ids)) == 2
    assert arguments_of(body, 0) == arguments_of(body, 1)


def test_usage_counts_name_framing_and_arguments(client):
    """A call alone costs its name, 6 tokens of framing, its arguments and the end token (gpt-3.5-turbo's call of
    2 + 5 tokens counted 14 in August 2025, gpt-4.1's of 3 + 7 counted 17 in January 2026; gpt-4o's get_weather
    calls of 5 and 8 tokens of arguments 14 and 17 in late 2025: the name is 2 tokens, `_weather` one)."""
    body = chat(client, tools=[WEATHER]).get_json()
    expected = 2 + 6 + len(completion.token_pieces(arguments_of(body))) + 1
    assert body["usage"]["completion_tokens"] == expected
    assert body["usage"]["total_tokens"] == body["usage"]["prompt_tokens"] + expected


def test_calls_made_together_cost_their_wrapper(client):
    """Calls made together cost 15 for their wrapper, 7 a call beside its name and its arguments written compact
    (the answer shows them spaced), and the end token."""
    messages = [{"role": "user", "content": "Use web_search and then get weather for Paris."}]
    body = chat(client, tools=[WEATHER, SEARCH], messages=messages).get_json()
    calls = body["choices"][0]["message"]["tool_calls"]
    assert len(calls) == 2 and all('": ' in call["function"]["arguments"] for call in calls)
    expected = 15 + sum(tokens.count_name_tokens(call["function"]["name"]) + 7 + len(completion.token_pieces(
        json.dumps(json.loads(call["function"]["arguments"]), separators=(",", ":")))) for call in calls) + 1
    assert body["usage"]["completion_tokens"] == expected


@pytest.mark.parametrize("calls, recorded", [
    # gpt-4.1, langchaingo's TestFunctionParallelCall-synchronous-openai.httprr, January 2026
    ((("getCurrentWeather", '{"location": "Boston, MA"}'), ("getCurrentTime", '{"location": "Boston, MA"}')), 50),
    # gpt-4.1-mini, rig's adversarial/out_of_order_results_chat and history_survival_matrix/chat_unary, Sept 2026
    ((("lookup_code", '{"record": "alpha"}'), ("lookup_code", '{"record": "beta"}')), 44),
    ((("lookup_record", '{"record": "alpha"}'), ("lookup_record", '{"record": "beta"}')), 44),
    ((("verify_code", '{"code": "alpha-code-7431"}'), ("verify_code", '{"code": "beta-code-2286"}')), 52),
])
def test_calls_made_together_cost_what_was_recorded(calls, recorded):
    """Two calls made together counted 28 tokens beside their names and their spaced arguments, on gpt-4.1 and
    gpt-4.1-mini alike: the model writes them compact in its wrapper, so the spaces cost nothing."""
    choice = completion.plan_tool_choice(0, [(name, arguments, False) for name, arguments in calls], "tool_calls")
    assert choice.completion_tokens == recorded
    assert [call.arguments for call in choice.tool_calls] == [arguments for _, arguments in calls]


def test_max_tokens_cuts_arguments(client):
    full = arguments_of(chat(client, tools=[WEATHER]).get_json())
    body = chat(client, tools=[WEATHER], max_tokens=5).get_json()
    choice = body["choices"][0]
    assert choice["finish_reason"] == "length"
    cut = arguments_of(body)
    assert full.startswith(cut) and len(cut) < len(full)
    assert body["usage"]["completion_tokens"] == 5


def test_legacy_functions_answer_with_function_call(client):
    body = chat(client, functions=[WEATHER["function"]]).get_json()
    choice = body["choices"][0]
    assert choice["finish_reason"] == "function_call"
    message = choice["message"]
    assert list(message) == ["role", "content", "function_call", "refusal", "annotations"]
    assert message["content"] is None and "tool_calls" not in message
    assert message["function_call"]["name"] == "get_weather"
    assert_matches(WEATHER["function"]["parameters"], message["function_call"]["arguments"])
    forced = chat(client, functions=[WEATHER["function"]], function_call={"name": "get_weather"}).get_json()
    assert forced["choices"][0]["finish_reason"] == "stop"
    none = chat(client, functions=[WEATHER["function"]], function_call="none").get_json()
    assert none["choices"][0]["message"]["content"] == "Hello! How can I assist you today?"


def test_legacy_function_result_ends_the_loop(client):
    messages = USER + [{"role": "assistant", "content": None,
                        "function_call": {"name": "get_weather", "arguments": "{}"}},
                       {"role": "function", "name": "get_weather", "content": "22"}]
    body = chat(client, functions=[WEATHER["function"]], messages=messages).get_json()
    assert body["choices"][0]["finish_reason"] == "stop"


# --- streaming ---------------------------------------------------------------------------------------------

def test_streamed_tool_call(client):
    chunks = sse_chunks(chat(client, tools=[WEATHER], stream=True))
    deltas = [c["choices"][0]["delta"] for c in chunks]
    first = deltas[0]
    assert list(first) == ["role", "content", "tool_calls", "refusal"]
    assert first["role"] == "assistant" and first["content"] is None and first["refusal"] is None
    [head] = first["tool_calls"]
    assert head["index"] == 0 and CALL_ID.match(head["id"]) and head["type"] == "function"
    assert head["function"] == {"name": "get_weather", "arguments": ""}
    fragments = deltas[1:-1]
    assert fragments and all(list(d) == ["tool_calls"] for d in fragments)
    for delta in fragments:
        [entry] = delta["tool_calls"]
        assert list(entry) == ["index", "function"] and entry["index"] == 0
        assert list(entry["function"]) == ["arguments"] and isinstance(entry["function"]["arguments"], str)
    arguments = "".join(d["tool_calls"][0]["function"]["arguments"] for d in fragments)
    assert_matches(WEATHER["function"]["parameters"], arguments)
    assert arguments == arguments_of(chat(client, tools=[WEATHER]).get_json())
    assert deltas[-1] == {} and chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])
    assert all(c["object"] == "chat.completion.chunk" and c["choices"][0]["logprobs"] is None for c in chunks)


def test_streamed_parallel_calls_carry_their_index(client):
    messages = [{"role": "user", "content": "get_weather and web_search please"}]
    chunks = sse_chunks(chat(client, tools=[WEATHER, SEARCH], messages=messages, stream=True,
                         stream_options={"include_usage": True}))
    calls = {}
    for chunk in chunks[:-1]:
        for entry in chunk["choices"][0]["delta"].get("tool_calls", []):
            call = calls.setdefault(entry["index"], {"id": None, "name": None, "arguments": ""})
            call["id"] = call["id"] or entry.get("id")
            call["name"] = call["name"] or entry.get("function", {}).get("name")
            call["arguments"] += entry["function"]["arguments"]
    assert [calls[i]["name"] for i in sorted(calls)] == ["get_weather", "web_search"]
    assert_matches(SEARCH["function"]["parameters"], calls[1]["arguments"])
    second_head = next(c["choices"][0]["delta"] for c in chunks
                       if c["choices"] and c["choices"][0]["delta"].get("tool_calls", [{}])[0].get("index") == 1)
    assert list(second_head) == ["tool_calls"] and CALL_ID.match(second_head["tool_calls"][0]["id"])
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] > 0


def test_streamed_parallel_calls_open_with_the_role_alone_and_usage_first(client):
    # Two or more calls in a stream (gpt-4o, 2025; gpt-4.1-nano, December 2025): the role comes alone, without
    # refusal, and each chunk up to the finish writes usage before choices; the finish and usage chunks do not.
    messages = [{"role": "user", "content": "get_weather and web_search please"}]
    chunks = sse_chunks(chat(client, tools=[WEATHER, SEARCH], messages=messages, stream=True,
                             stream_options={"include_usage": True}))
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": None}
    assert list(chunks[1]["choices"][0]["delta"]) == ["tool_calls"]
    *calls, finish, usage = chunks
    assert all(list(c)[-2:] == ["usage", "choices"] for c in calls)
    assert list(finish)[-2:] == ["choices", "usage"] and finish["choices"][0]["finish_reason"] == "tool_calls"
    assert list(usage)[-2:] == ["choices", "usage"] and usage["usage"]["total_tokens"] > 0
    # Without include_usage, no usage key at all; one call still opens with role and call together.
    plain = sse_chunks(chat(client, tools=[WEATHER, SEARCH], messages=messages, stream=True))
    assert plain[0]["choices"][0]["delta"] == {"role": "assistant", "content": None}
    assert not any("usage" in c for c in plain)
    single = sse_chunks(chat(client, tools=[WEATHER], stream=True, stream_options={"include_usage": True}))
    assert list(single[0]["choices"][0]["delta"]) == ["role", "content", "tool_calls", "refusal"]
    assert list(single[0])[-2:] == ["choices", "usage"]


def test_streamed_parallel_calls_send_their_arguments_4_5_and_6_characters_at_a_time(client):
    # Calls made together are relayed out of the model's wrapper 4, 5, 6, 4, ... characters a chunk, each call's
    # count starting again, the last chunk what is left: gpt-4o-2024-05-13 (handyllm's fixture, August 2024) sent
    # {"location": "New York, NY", "unit": "fahrenheit"} as these; gpt-4.1-nano (December 2025) sent `"北京"}` whole.
    assert completion.relayed_pieces('{"location": "New York, NY", "unit": "fahrenheit"}') == [
        '{"lo', "catio", 'n": "N', "ew Y", "ork, ", 'NY", "', "unit", '": "f', "ahrenh", 'eit"', "}"]
    assert completion.relayed_pieces('{"format": "celsius", "location": "北京"}')[-2:] == ['n": ', '"北京"}']
    messages = [{"role": "user", "content": "get_weather and web_search please"}]
    chunks = sse_chunks(chat(client, tools=[WEATHER, SEARCH], messages=messages, stream=True))
    sent = {}
    for chunk in chunks[2:-1]:
        [entry] = chunk["choices"][0]["delta"]["tool_calls"]
        if "id" not in entry:
            sent.setdefault(entry["index"], []).append(entry["function"]["arguments"])
    answer = chat(client, tools=[WEATHER, SEARCH], messages=messages).get_json()["choices"][0]["message"]
    for n, call in enumerate(answer["tool_calls"]):
        arguments = call["function"]["arguments"]
        assert sent[n] == completion.relayed_pieces(arguments) and "".join(sent[n]) == arguments
        assert [len(piece) for piece in sent[n][:-1]] == [(4, 5, 6)[k % 3] for k in range(len(sent[n]) - 1)]
    # A call alone still streams a token at a time.
    single = sse_chunks(chat(client, tools=[WEATHER], stream=True))
    assert single[1]["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"] == '{"'


def test_gpt41_nano_opens_even_one_streamed_call_with_the_role_alone(client):
    # ruby_llm's cassettes: gpt-4.1-nano (September 2025) opened its one call with the role alone and wrote usage
    # before choices up to the finish; gpt-5-nano (January 2026) opened it with role and call together, usage after.
    weather = {"type": "function", "function": {"name": "weather", "description": "Gets current weather for a location",
               "parameters": {"type": "object", "properties": {"latitude": {"type": "string"}},
                              "required": ["latitude"]}}}
    messages = [{"role": "user", "content": "What's the weather in Berlin? (52.5200, 13.4050)"}]
    for model, opening, order in (("gpt-4.1-nano", ["role", "content"], ["usage", "choices"]),
                                  ("gpt-5-nano", ["role", "content", "tool_calls", "refusal"], ["choices", "usage"])):
        chunks = sse_chunks(client.post("/v1/chat/completions", json={
            "model": model, "messages": messages, "tools": [weather], "stream": True,
            "stream_options": {"include_usage": True}}))
        assert list(chunks[0]["choices"][0]["delta"]) == opening
        assert all(list(c)[-2:] == order for c in chunks[:-2])
        assert list(chunks[-2])[-2:] == ["choices", "usage"] and chunks[-2]["choices"][0]["finish_reason"]


def test_streamed_legacy_function_call(client):
    chunks = sse_chunks(chat(client, functions=[WEATHER["function"]], stream=True))
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0] == {"role": "assistant", "content": None,
                         "function_call": {"name": "get_weather", "arguments": ""}, "refusal": None}
    assert all(list(d) == ["function_call"] and list(d["function_call"]) == ["arguments"] for d in deltas[1:-1])
    arguments = "".join(d["function_call"]["arguments"] for d in deltas[1:-1])
    assert_matches(WEATHER["function"]["parameters"], arguments)
    assert chunks[-1]["choices"][0]["finish_reason"] == "function_call"


# --- structured outputs ------------------------------------------------------------------------------------

EVENT_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "date": {"type": "string", "format": "date"},
        "participants": {"type": "array", "items": {"type": "string"}},
        "location": {"anyOf": [{"$ref": "#/$defs/Place"}, {"type": "null"}]},
    },
    "required": ["name", "date", "participants", "location"],
    "additionalProperties": False,
    "$defs": {"Place": {"type": "object", "properties": {"city": {"type": "string"}, "zip": {
        "type": "string", "pattern": "^[0-9]{5}$"}}, "required": ["city", "zip"], "additionalProperties": False}},
}


@pytest.mark.parametrize("strict", (True, False))
def test_json_schema_content_validates(client, strict):
    response_format = {"type": "json_schema", "json_schema": {"name": "event", "schema": EVENT_SCHEMA,
                                                              "strict": strict}}
    body = chat(client, response_format=response_format).get_json()
    message = body["choices"][0]["message"]
    assert message["refusal"] is None and body["choices"][0]["finish_reason"] == "stop"
    assert_matches(EVENT_SCHEMA, message["content"])
    streamed = sse_chunks(chat(client, response_format=response_format, stream=True))
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in streamed) == message["content"]


def test_json_object_content_is_an_object(client):
    messages = [{"role": "user", "content": "Answer in JSON please."}]
    content = chat(client, messages=messages, response_format={"type": "json_object"}).get_json()
    assert json.loads(content["choices"][0]["message"]["content"]) == {
        "response": "Hello! How can I assist you today?"}


def test_a_json_object_reply_is_answered_as_is_for_clients_that_parse_the_text():
    # What langchain's json_mode, instructor's JSON/MD_JSON modes and pydantic-ai's PromptedOutput need (README):
    # a reply that is a JSON object is the answer, under json_object (chat and Responses) and as plain text.
    reply = '{"name": "Jason", "age": 25}'
    client = create_app({"TESTING": True, "FAUXPEN_REPLY": reply}).test_client()
    messages = [{"role": "user", "content": "Extract the user as JSON: Jason is 25."}]
    for extra in ({"response_format": {"type": "json_object"}}, {}):
        assert chat(client, messages=messages, **extra).get_json()["choices"][0]["message"]["content"] == reply
    answer = client.post("/v1/responses", json={"model": "gpt-4o", "input": messages,
                                                "text": {"format": {"type": "json_object"}}}).get_json()
    assert answer["output"][0]["content"][0]["text"] == reply


def test_text_format_is_plain(client):
    content = chat(client, response_format={"type": "text"}).get_json()["choices"][0]["message"]["content"]
    assert content == "Hello! How can I assist you today?"


REPORT = {"type": "function", "function": {"name": "file_report", "description": "File an incident report",
                                          "parameters": {"type": "object", "required": ["summary"], "properties": {
                                              "summary": {"type": "string", "minLength": 400}}}}}


@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4.1-mini"])
@pytest.mark.parametrize("max_tokens", [16, 32])
def test_a_lone_call_cut_by_max_tokens_keeps_its_end_token_aside(client, model, max_tokens):
    # Recorded (rig's chat_tool_truncation_matrix, 2026; tool_choice required): file_report (2 name tokens) cut at
    # 16 kept 7 argument tokens ('{"summary":"The cache warmer raced'), at 32 kept 23, blocking and streamed.
    messages = [{"role": "user", "content": "File a report of the outage."}]
    body = chat(client, model=model, tools=[REPORT], tool_choice="required", max_tokens=max_tokens,
                messages=messages).get_json()
    choice = body["choices"][0]
    assert choice["finish_reason"] == "length" and body["usage"]["completion_tokens"] == max_tokens
    arguments = arguments_of(body)
    assert len(completion.token_pieces(arguments)) == max_tokens - tokens.count_name_tokens("file_report") - 7
    chunks = sse_chunks(chat(client, model=model, tools=[REPORT], tool_choice="required", max_tokens=max_tokens,
                             messages=messages, stream=True))
    streamed = "".join(call["function"]["arguments"] for c in chunks if c["choices"]
                       for call in c["choices"][0]["delta"].get("tool_calls") or ())
    assert streamed == arguments


def test_json_content_cut_by_max_tokens(client):
    response_format = {"type": "json_schema", "json_schema": {"name": "event", "schema": EVENT_SCHEMA}}
    body = chat(client, response_format=response_format, max_tokens=3).get_json()
    assert body["choices"][0]["finish_reason"] == "length"
    assert body["usage"]["completion_tokens"] == 3


# --- errors ------------------------------------------------------------------------------------------------

def tool(name="f", **function):
    return {"type": "function", "function": {"name": name, **function}}


def strict_format(schema, name="X"):
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}


NESTED_6 = {"type": "object", "properties": {}, "required": [], "additionalProperties": False}
_node = NESTED_6
for _ in range(5):
    _child = {"type": "object", "properties": {}, "required": [], "additionalProperties": False}
    _node["properties"]["child"], _node["required"] = _child, ["child"]
    _node = _child

ERRORS = (
    ({"tools": "foo"}, "Invalid type for 'tools': expected an array, but got a string instead.", "tools",
     "invalid_type"),
    ({"tools": []}, "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array "
                    "instead.", "tools", "empty_array"),
    ({"tools": ["x"]}, "Invalid type for 'tools[0]': expected an object, but got a string instead.", "tools[0]",
     "invalid_type"),
    ({"tools": [{"type": "function"}]}, "Missing required parameter: 'tools[0].function'.", "tools[0].function",
     "missing_required_parameter"),
    ({"tools": [{"function": {"name": "f"}}]}, "Missing required parameter: 'tools[0].type'.", "tools[0].type",
     "missing_required_parameter"),
    ({"tools": [{"type": "function", "function": {}}]}, "Missing required parameter: 'tools[0].function.name'.",
     "tools[0].function.name", "missing_required_parameter"),
    ({"tools": [tool(""), ]}, "Invalid 'tools[0].function.name': empty string. Expected a string with minimum "
                              "length 1, but got an empty string instead.", "tools[0].function.name", "empty_string"),
    ({"tools": [WEATHER, tool("get weather")]}, "Invalid 'tools[1].function.name': string does not match pattern. "
                                                "Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
     "tools[1].function.name", "invalid_value"),
    ({"tools": [tool("f" * 65)]}, "Invalid 'tools[0].function.name': string too long. Expected a string with "
                                  "maximum length 64, but got a string with length 65 instead.",
     "tools[0].function.name", "string_above_max_length"),
    ({"tools": [{"type": "bogus", "function": {"name": "f"}}]}, "Invalid value: 'bogus'. Supported values are: "
                                                               "'function' and 'custom'.", "tools[0].type",
     "invalid_value"),
    ({"tools": [tool(parameters="x")]}, "Invalid type for 'tools[0].function.parameters': expected an object, but "
                                        "got a string instead.", "tools[0].function.parameters", "invalid_type"),
    ({"tools": [tool(strict="yes")]}, "Invalid type for 'tools[0].function.strict': expected a boolean, but got a "
                                      "string instead.", "tools[0].function.strict", "invalid_type"),
    ({"tools": [tool(parameters={"type": "string"})]}, "Invalid schema for function 'f': schema must be a JSON "
                                                       "Schema of 'type: \"object\"', got 'type: \"string\"'.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "properties": {"a": []}})]},
     "Invalid schema for function 'f': [] is not of type 'object', 'boolean'.", "tools[0].function.parameters",
     "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "properties": {"a": {"type": "strin"}}})]},
     "Invalid schema for function 'f': 'strin' is not valid under any of the given schemas.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    # Keyword values the meta-schema types, as python-jsonschema words them.
    ({"tools": [tool(parameters={"type": "object", "properties": {"a": {"type": "string", "minLength": "3"}}})]},
     "Invalid schema for function 'f': '3' is not of type 'integer'.", "tools[0].function.parameters",
     "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "properties": {"a": {"type": "array", "maxItems": -1}}})]},
     "Invalid schema for function 'f': -1 is less than the minimum of 0.", "tools[0].function.parameters",
     "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "properties": {"a": {"type": "string", "format": []}}})]},
     "Invalid schema for function 'f': [] is not of type 'string'.", "tools[0].function.parameters",
     "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "properties": {"a": {"type": "number", "multipleOf": 0}}})]},
     "Invalid schema for function 'f': 0 is less than or equal to the minimum of 0.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "properties": {"a": {"type": "number", "minimum": "1"}}})]},
     "Invalid schema for function 'f': '1' is not of type 'number'.", "tools[0].function.parameters",
     "invalid_function_parameters"),
    # A pattern Python's re does not compile, strict or not (quoted by clients, 2026: JavaScript's \p{...}).
    ({"tools": [tool(parameters={"type": "object", "properties": {
        "a": {"type": "string", "pattern": "^(?!__.*__$)[^\\p{Cc}\\p{Cf}\"\\\\./[\\]]{1,200}$"}}})]},
     "Invalid schema for function 'f': '^(?!__.*__$)[^\\p{Cc}\\p{Cf}\"\\\\./[\\]]{1,200}$' is not a 'regex'.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    ({"tools": [tool(strict=True, parameters={"type": "object", "properties": {
        "a": {"type": "string", "pattern": "(?<name>x)"}}, "required": ["a"], "additionalProperties": False})]},
     "Invalid schema for function 'f': '(?<name>x)' is not a 'regex'.", "tools[0].function.parameters",
     "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "patternProperties": {"\\u{41}": {"type": "string"}}})]},
     "Invalid schema for function 'f': '\\u{41}' is not a 'regex'.", "tools[0].function.parameters",
     "invalid_function_parameters"),
    ({"tools": [tool(strict=True, parameters={"type": "object", "properties": {"a": {"type": "string"}}})]},
     "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be "
     "false.", "tools[0].function.parameters", "invalid_function_parameters"),
    # A strict function without parameters is read as an object schema without additionalProperties: false
    # (openai-dotnet session records, September 2025, gpt-4o-2024-08-06).
    ({"tools": [tool(strict=True)]},
     "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be "
     "false.", "tools[0].function.parameters", "invalid_function_parameters"),
    ({"tools": [tool(strict=True, parameters={"type": "object", "properties": {"a": {"type": "string"}},
                                              "additionalProperties": False})]},
     "Invalid schema for function 'f': In context=(), 'required' is required to be supplied and to be an array "
     "including every key in properties. Missing 'a'.", "tools[0].function.parameters",
     "invalid_function_parameters"),
    # An object schema without properties at the root, strict or not (MCP tools without arguments, 2025-2026).
    ({"tools": [tool(parameters={"type": "object"})]},
     "Invalid schema for function 'f': In context=(), object schema missing properties.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    ({"tools": [tool(strict=True, parameters={"type": "object", "additionalProperties": False, "required": []})]},
     "Invalid schema for function 'f': In context=(), object schema missing properties.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    # Strict mode refuses one anywhere (measured by a client, September 2026).
    ({"tools": [tool(strict=True, parameters={"type": "object", "properties": {"a": {
        "anyOf": [{"type": "object", "additionalProperties": False}, {"type": "null"}]}},
        "required": ["a"], "additionalProperties": False})]},
     "Invalid schema for function 'f': In context=('properties', 'a', 'anyOf', '0'), object schema missing "
     "properties.", "tools[0].function.parameters", "invalid_function_parameters"),
    # An array schema without items, anywhere, strict or not (recorded 2025-2026), and in a list of types.
    ({"tools": [tool(parameters={"type": "object", "properties": {"objects": {"type": "array"}}})]},
     "Invalid schema for function 'f': In context=('properties', 'objects'), array schema missing items.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "properties": {"values": {"type": "array", "items": {
        "type": "array"}}}})]},
     "Invalid schema for function 'f': In context=('properties', 'values', 'items'), array schema missing items.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    ({"tools": [tool(parameters={"type": "object", "properties": {"arguments": {"type": "array", "items": {
        "type": ["array", "null"]}}}})]},
     "Invalid schema for function 'f': In context=('properties', 'arguments', 'items', 'type', '0'), array schema "
     "missing items.", "tools[0].function.parameters", "invalid_function_parameters"),
    # A string format strict mode does not take (zod's url(), quoted 2025-2026).
    ({"tools": [tool(strict=True, parameters={"type": "object", "properties": {"website": {"anyOf": [
        {"type": "string", "format": "uri"}, {"type": "null"}]}}, "required": ["website"],
        "additionalProperties": False})]},
     "Invalid schema for function 'f': In context=('properties', 'website', 'anyOf', '0'), 'uri' is not a valid "
     "format.", "tools[0].function.parameters", "invalid_function_parameters"),
    # A root with keywords but no type (reported of chat, 2026).
    ({"tools": [tool(parameters={"properties": {"a": {"type": "string"}}})]},
     "Invalid schema for function 'f': schema must be a JSON Schema of 'type: \"object\"', got 'type: \"None\"'.",
     "tools[0].function.parameters", "invalid_function_parameters"),
    # A Responses-shaped function sent to chat: its missing function before its unknown name (recorded 2025-2026).
    ({"tools": [{"type": "function", "name": "read_guidance", "description": "Read it.",
                 "parameters": {"type": "object", "properties": {}}}]},
     "Missing required parameter: 'tools[0].function'.", "tools[0].function", "missing_required_parameter"),
    ({"tools": [WEATHER], "tool_choice": {"type": "function", "name": "get_weather"}},
     "Missing required parameter: 'tool_choice.function'.", "tool_choice.function", "missing_required_parameter"),
    ({"tools": [WEATHER], "tool_choice": "bogus"}, "Invalid value: 'bogus'. Supported values are: 'none', 'auto', "
                                                   "and 'required'.", "tool_choice", "invalid_value"),
    ({"tools": [WEATHER], "tool_choice": 3}, "Invalid type for 'tool_choice': expected one of a string or object, "
                                             "but got an integer instead.", "tool_choice", "invalid_type"),
    ({"tools": [WEATHER], "tool_choice": {"type": "function"}}, "Missing required parameter: 'tool_choice.function'.",
     "tool_choice.function", "missing_required_parameter"),
    ({"tools": [WEATHER], "tool_choice": {"type": "function", "function": {}}},
     "Missing required parameter: 'tool_choice.function.name'.", "tool_choice.function.name",
     "missing_required_parameter"),
    ({"tool_choice": "auto"}, "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are "
                              "specified.", "tool_choice", None),
    ({"tools": [WEATHER], "tool_choice": {"type": "function", "function": {"name": "nope"}}},
     "Tool choice 'nope' not found in 'tools' parameter.", "tool_choice", None),
    ({"parallel_tool_calls": False}, "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only "
                                     "allowed when 'tools' are specified.", "parallel_tool_calls", None),
    ({"tools": [WEATHER], "parallel_tool_calls": "foo"}, "Invalid type for 'parallel_tool_calls': expected a "
                                                         "boolean, but got a string instead.",
     "parallel_tool_calls", "invalid_type"),
    ({"functions": []}, "Invalid 'functions': empty array. Expected an array with minimum length 1, but got an "
                        "empty array instead.", "functions", "empty_array"),
    ({"function_call": "auto"}, "Invalid value for 'function_call': 'function_call' is only allowed when "
                                "'functions' are specified.", "function_call", None),
    ({"functions": [WEATHER["function"]], "function_call": "required"}, "Invalid value: 'required'. Supported "
                                                                        "values are: 'none' and 'auto'.",
     "function_call", "invalid_value"),
    ({"response_format": "foo"}, "Invalid type for 'response_format': expected an object, but got a string "
                                 "instead.", "response_format", "invalid_type"),
    ({"response_format": {}}, "Missing required parameter: 'response_format.type'.", "response_format.type",
     "missing_required_parameter"),
    ({"response_format": {"type": "bogus"}}, "Invalid value: 'bogus'. Supported values are: 'text', 'json_object', "
                                             "and 'json_schema'.", "response_format.type", "invalid_value"),
    ({"response_format": {"type": "json_schema"}}, "Missing required parameter: 'response_format.json_schema'.",
     "response_format.json_schema", "missing_required_parameter"),
    ({"response_format": {"type": "json_schema", "json_schema": {"schema": STRICT_ROOT}}},
     "Missing required parameter: 'response_format.json_schema.name'.", "response_format.json_schema.name",
     "missing_required_parameter"),
    ({"response_format": {"type": "text", "json_schema": {}}}, "Unknown parameter: 'response_format.json_schema'.",
     "response_format.json_schema", "unknown_parameter"),
    ({"response_format": {"type": "json_object"}}, "'messages' must contain the word 'json' in some form, to use "
                                                   "'response_format' of type 'json_object'.", "messages", None),
    ({"response_format": strict_format({"type": "object", "properties": {"a": {"type": "string"}},
                                        "required": ["a"]})},
     "Invalid schema for response_format 'X': In context=(), 'additionalProperties' is required to be supplied and "
     "to be false.", "response_format", None),
    ({"response_format": strict_format({"type": "object", "properties": {"a": {"type": "string"},
                                                                         "params": {"type": "string"}},
                                        "required": ["a"], "additionalProperties": False})},
     "Invalid schema for response_format 'X': In context=(), 'required' is required to be supplied and to be an "
     "array including every key in properties. Missing 'params'.", "response_format", None),
    ({"response_format": strict_format({"type": "object", "properties": {"placeholder": {
        "type": "string", "default": "x"}}, "required": ["placeholder"], "additionalProperties": False})},
     "Invalid schema for response_format 'X': In context=('properties', 'placeholder'), 'default' is not "
     "permitted.", "response_format", None),
    ({"response_format": strict_format(NESTED_6)},
     "Invalid schema for response_format 'X': 6 levels of nesting exceeds limit of 5.", "response_format",
     None),
    ({"response_format": strict_format({"type": "array", "items": {"type": "string"}})},
     "Invalid schema for response_format 'X': schema must be a JSON Schema of 'type: \"object\"', got 'type: "
     "\"array\"'.", "response_format", None),
    ({"messages": USER + [{"role": "tool", "content": "22"}]},
     "Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.",
     "messages.[1].tool_call_id", None),
    ({"messages": USER + [{"role": "tool", "tool_call_id": "call_1", "content": "22"}]},
     "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
     "messages.[1].role", None),
    ({"messages": conversation_with_result()[:2] + [{"role": "user", "content": "hi"}]},
     "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
     "The following tool_call_ids did not have response messages: call_abc123", "messages.[2].role", None),
    # Nothing follows the calls: the messages are named, not a message (captured 2024-2025).
    ({"messages": conversation_with_result()[:2]},
     "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
     "The following tool_call_ids did not have response messages: call_abc123", "messages", None),
    # A call answered twice: the second answer follows no call (captured 2024).
    ({"messages": conversation_with_result()[:3] + [conversation_with_result()[2]]},
     "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
     "messages.[3].role", None),
    ({"messages": conversation_with_result()[:2] + [{"role": "tool", "tool_call_id": "call_zzz", "content": "1"}]},
     "Invalid parameter: 'tool_call_id' of 'call_zzz' not found in 'tool_calls' of previous message.",
     "messages.[2].tool_call_id", None),
    ({"messages": USER + [{"role": "assistant", "content": None, "tool_calls": []}]},
     "Invalid 'messages[1].tool_calls': empty array. Expected an array with minimum length 1, but got an empty "
     "array instead.", "messages[1].tool_calls", "empty_array"),
    ({"messages": USER + [{"role": "assistant", "tool_calls": [{"type": "function", "function": {
        "name": "f", "arguments": "{}"}}]}]},
     "Missing required parameter: 'messages[1].tool_calls[0].id'.", "messages[1].tool_calls[0].id",
     "missing_required_parameter"),
    ({"messages": USER + [{"role": "assistant", "tool_calls": [{"id": "c", "type": "function", "function": {
        "name": "f"}}]}]},
     "Missing required parameter: 'messages[1].tool_calls[0].function.arguments'.",
     "messages[1].tool_calls[0].function.arguments", "missing_required_parameter"),
)


@pytest.mark.parametrize(("body", "message", "param", "code"), ERRORS)
def test_errors(client, body, message, param, code):
    response = chat(client, **body)
    assert response.status_code == 400
    assert response.get_json() == {"error": {"message": message, "type": "invalid_request_error", "param": param,
                                             "code": code}}


def test_type_errors_come_before_schema_checks(client):
    response = chat(client, logprobs="yes", tools=[tool(parameters={"type": "string"})])
    assert response.get_json()["error"]["param"] == "logprobs"


def test_valid_strict_tool_is_accepted(client):
    assert chat(client, tools=[SEARCH], tool_choice="required").status_code == 200


def test_strict_mode_takes_a_numbers_format_as_schemars_writes_it(client):
    # Recorded (September 2026, a schemars schema on the Responses API): `uint8` on an integer and `double` on a
    # number were taken, and echoed as sent; a string's format is checked (above).
    schema = {"type": "object", "properties": {"humidity": {"type": "integer", "format": "uint8", "minimum": 0,
                                                            "maximum": 255},
                                               "temperature": {"type": ["number", "null"], "format": "double"}},
              "required": ["humidity", "temperature"], "additionalProperties": False}
    assert chat(client, tools=[tool(strict=True, parameters=schema)]).status_code == 200
    fmt = {"type": "json_schema", "name": "Weather", "schema": schema, "strict": True}
    answer = client.post("/v1/responses", json={"model": "gpt-4o", "input": "Weather?", "text": {"format": fmt}})
    assert answer.status_code == 200 and answer.get_json()["text"]["format"]["schema"] == schema
    # The root's $schema is not echoed (recorded twice, September 2026); $defs and title are.
    marked = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Weather", **schema}
    echoed = client.post("/v1/responses", json={"model": "gpt-4o", "input": "Weather?", "text": {
        "format": {**fmt, "schema": marked}}}).get_json()["text"]["format"]["schema"]
    assert echoed == {"title": "Weather", **schema} and list(echoed)[0] == "title"
    worded = {**schema, "properties": {**schema["properties"], "site": {"type": "string", "format": "uint8"}},
              "required": [*schema["required"], "site"]}
    refused = chat(client, tools=[tool(strict=True, parameters=worded)]).get_json()["error"]["message"]
    assert refused.endswith("In context=('properties', 'site'), 'uint8' is not a valid format.")


# --- openai SDK against the live server ----------------------------------------------------------------------

class Place(pydantic.BaseModel):
    city: str
    postal_code: str = pydantic.Field(pattern=r"^\d{5}$")


class Priority(str, Enum):
    low = "low"
    high = "high"


class Attendee(pydantic.BaseModel):
    name: str
    email: Optional[str]
    role: Literal["host", "guest"]


class CalendarEvent(pydantic.BaseModel):
    name: str
    day: str
    attendees: list[Attendee]
    place: Optional[Place]
    priority: Priority
    duration_minutes: int = pydantic.Field(ge=15, le=240)


class GetWeather(pydantic.BaseModel):
    """Get the weather for a city."""

    city: str
    unit: Literal["celsius", "fahrenheit"]


def test_sdk_tool_choice_required(sdk):
    completion = sdk.chat.completions.create(model="gpt-4o", messages=USER, tools=[WEATHER], tool_choice="required")
    call = completion.choices[0].message.tool_calls[0]
    assert completion.choices[0].finish_reason == "tool_calls"
    assert call.type == "function" and call.function.name == "get_weather"
    assert_matches(WEATHER["function"]["parameters"], call.function.arguments)


def test_sdk_named_function(sdk):
    completion = sdk.chat.completions.create(
        model="gpt-4o", messages=USER, tools=[WEATHER, SEARCH],
        tool_choice={"type": "function", "function": {"name": "web_search"}})
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "web_search"
    assert 1 <= json.loads(call.function.arguments)["max_results"] <= 10


def test_sdk_stream_accumulates_tool_calls(sdk):
    seen = []
    with sdk.chat.completions.stream(model="gpt-4o", messages=USER, tools=[WEATHER, SEARCH],
                                     tool_choice="required") as stream:
        for event in stream:
            seen.append(event.type)
        final = stream.get_final_completion()
    assert "tool_calls.function.arguments.delta" in seen and "tool_calls.function.arguments.done" in seen
    call = final.choices[0].message.tool_calls[0]
    assert CALL_ID.match(call.id) and call.function.name == "get_weather"
    assert_matches(WEATHER["function"]["parameters"], call.function.arguments)
    assert final.choices[0].finish_reason == "tool_calls"


def test_sdk_stream_parses_strict_tool_arguments(sdk):
    with sdk.chat.completions.stream(model="gpt-4o", messages=USER, tools=[openai_tool(GetWeather)],
                                     tool_choice="required") as stream:
        final = stream.get_final_completion()
    parsed = final.choices[0].message.tool_calls[0].function.parsed_arguments
    assert isinstance(parsed, GetWeather) and parsed.unit in ("celsius", "fahrenheit")


def openai_tool(model):
    import openai
    return openai.pydantic_function_tool(model)


def test_sdk_parse_fills_nested_pydantic_model(sdk):
    completion = sdk.chat.completions.parse(model="gpt-4o", messages=USER, response_format=CalendarEvent)
    event = completion.choices[0].message.parsed
    assert isinstance(event, CalendarEvent)
    assert event.attendees and isinstance(event.attendees[0], Attendee)
    assert event.place is None or isinstance(event.place, Place)
    assert isinstance(event.priority, Priority) and 15 <= event.duration_minutes <= 240
    assert completion.choices[0].message.refusal is None


def test_sdk_parse_pydantic_function_tool(sdk):
    completion = sdk.chat.completions.parse(model="gpt-4o", messages=USER, tools=[openai_tool(GetWeather)])
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "GetWeather"
    assert isinstance(call.function.parsed_arguments, GetWeather)


def test_sdk_parse_length_raises(sdk):
    import openai
    with pytest.raises(openai.LengthFinishReasonError):
        sdk.chat.completions.parse(model="gpt-4o", messages=USER, response_format=CalendarEvent, max_tokens=4)


def test_sdk_strict_schema_error(sdk):
    import openai

    class WithDefault(pydantic.BaseModel):
        placeholder: str = "x"

    with pytest.raises(openai.BadRequestError) as caught:
        sdk.chat.completions.parse(model="gpt-4o", messages=USER, response_format=WithDefault)
    assert caught.value.body["message"] == ("Invalid schema for response_format 'WithDefault': In context=("
                                            "'properties', 'placeholder'), 'default' is not permitted.")
    assert caught.value.param == "response_format" and caught.value.code is None


def get_weather(location, unit="celsius"):
    return {"location": location, "temperature": 22, "unit": unit}


def web_search(query, max_results):
    return [f"result {i} for {query}" for i in range(max_results)]


BOUND = {"get_weather": get_weather, "web_search": web_search}


def test_sdk_agent_loop_ends_with_text(sdk):
    """An agent with tools bound calls them, sends results back as `tool` messages, and gets a text answer."""
    messages = [{"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "Use get_weather for Boston, then web_search for local news."}]
    for turn in range(4):
        completion = sdk.chat.completions.create(model="gpt-4o", messages=messages, tools=[WEATHER, SEARCH])
        message = completion.choices[0].message
        if not message.tool_calls:
            break
        messages.append(message.model_dump(exclude_none=True))
        for call in message.tool_calls:
            result = BOUND[call.function.name](**json.loads(call.function.arguments))
            messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})
    assert turn == 1
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "tool", "tool"]
    assert message.content == "Hello! How can I assist you today?"
    assert completion.choices[0].finish_reason == "stop"


def test_sdk_streaming_agent_loop(sdk):
    """The same loop streamed, merging tool call chunks by index as LangChain's AIMessageChunk does."""
    messages = list(USER)
    for turn in range(3):
        calls, text = {}, ""
        for chunk in sdk.chat.completions.create(model="gpt-4o", messages=messages, tools=[WEATHER], stream=True):
            delta = chunk.choices[0].delta
            text += delta.content or ""
            for part in delta.tool_calls or []:
                call = calls.setdefault(part.index, {"id": "", "name": "", "arguments": ""})
                call["id"] += part.id or ""
                call["name"] += (part.function.name or "") if part.function else ""
                call["arguments"] += (part.function.arguments or "") if part.function else ""
        if not calls:
            break
        messages.append({"role": "assistant", "content": None, "tool_calls": [
            {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"]}}
            for c in calls.values()]})
        for c in calls.values():
            messages.append({"role": "tool", "tool_call_id": c["id"],
                             "content": json.dumps(get_weather(**json.loads(c["arguments"])))})
    assert turn == 1 and text == "Hello! How can I assist you today?"


async def _async_tool_call(async_sdk):
    return await async_sdk.chat.completions.create(model="gpt-4o", messages=USER, tools=[WEATHER])


def test_async_sdk_tool_call(async_sdk):
    import asyncio
    completion = asyncio.run(_async_tool_call(async_sdk))
    assert completion.choices[0].message.tool_calls[0].function.name == "get_weather"



@pytest.mark.parametrize("param, item", [("tools", lambda i: {"type": "function", "function": {"name": f"f{i}"}}),
                                         ("functions", lambda i: {"name": f"f{i}"})])
def test_at_most_128_tools_or_functions(client, param, item):
    items = [item(i) for i in range(129)]
    assert chat(client, **{param: items[:128]}).status_code == 200
    assert chat(client, **{param: items}).get_json()["error"] == {
        "message": f"Invalid '{param}': array too long. Expected an array with maximum length 128, but got an array "
                   "with length 129 instead.", "type": "invalid_request_error", "param": param,
        "code": "array_above_max_length"}


def test_parameters_nested_too_deep_to_walk_are_an_unparseable_body(client):
    parameters = '{"not": ' * 960 + "{}" + "}" * 960  # JSON reads it; checking it would recurse out
    body = ('{"model": "gpt-4o", "messages": %s, "tools": [{"type": "function", "function": {"name": "f", '
            '"parameters": %s}}]}' % (json.dumps(USER), parameters))
    response = client.post("/v1/chat/completions", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("We could not parse the JSON body of your request.")


def test_strict_nesting_follows_each_ref_once_per_path_of_refs(client):
    # Each level is anyOf two $refs to the next: 2**24 paths, which a walk of every path never finishes.
    defs = {f"d{i}": {"anyOf": [{"$ref": f"#/$defs/d{i + 1}"}, {"$ref": f"#/$defs/d{i + 1}"}]} for i in range(24)}
    defs["d24"] = {"type": "string", "enum": ["end"]}
    parameters = {"type": "object", "properties": {"a": {"$ref": "#/$defs/d0"}}, "required": ["a"],
                  "additionalProperties": False, "$defs": defs}
    tool = {"type": "function", "function": {"name": "f", "strict": True, "parameters": parameters}}
    body = chat(client, tools=[tool], tool_choice="required").get_json()
    assert json.loads(arguments_of(body)) == {"a": "end"}


@contextlib.contextmanager
def counted_refs(monkeypatch):
    """Count the `$ref`s the token counts look up while the block runs (the work of their walks, where a time bound
    would fail on a loaded machine: the answer's own arguments, generated within jsongen's node budget, take 1 s)."""
    refs = types.SimpleNamespace(count=0)
    looked_up = tokens.resolve_ref

    def counting(root, ref):
        refs.count += 1
        return looked_up(root, ref)

    with monkeypatch.context() as patch:
        patch.setattr(tokens, "resolve_ref", counting)
        yield refs


def test_a_tree_of_refs_is_counted_at_once_on_the_cookbooks_models(client, monkeypatch):
    # A recursive schema (a node of two children of its own type) was written out to depth 32 by the cookbook's count,
    # 2 ** 33 times: the request never came back. Each level of refs to the next doubles what a walk writes.
    defs = {f"d{i}": {"type": "object", "properties": {"left": {"$ref": f"#/$defs/d{i + 1}"},
                                                       "right": {"$ref": f"#/$defs/d{i + 1}"}}} for i in range(20)}
    defs["d20"] = {"type": "string"}
    chained = {"type": "object", "properties": {"root": {"$ref": "#/$defs/d0"}}, "$defs": defs}
    tree = {"type": "object", "properties": {"root": {"$ref": "#/$defs/Node"}}, "$defs": {"Node": {
        "type": "object", "properties": {"left": {"$ref": "#/$defs/Node"}, "right": {"$ref": "#/$defs/Node"}}}}}
    for parameters in (chained, tree):
        with counted_refs(monkeypatch) as refs:
            assert tokens.count_function_tokens([{"name": "f", "parameters": parameters}], 7) < 10000
            response = client.post("/v1/responses", json={"model": "o3", "input": "hi", "tools": [
                {"type": "function", "name": "f", "parameters": parameters}]})
        assert response.status_code == 200 and refs.count < 1000


def test_a_node_of_many_children_of_its_own_type_is_counted_at_once(client, monkeypatch):
    # Five references to itself a node: written out to the depth limits as a tree, 5 ** 8 nodes, which took a worker
    # 16 s on gpt-4o (the namespace's count) and 10 s on gpt-5 (the cookbook's, o3's now) to find it over the context
    # window. Each is one count a depth now, the same count: three children came to 118,132 on gpt-5 before, in 0.4 s
    # (118,128 on o3, whose framing is 4 less).
    def tools(children):
        node = {"type": "object", "properties": {f"c{i}": {"$ref": "#/$defs/Node"} for i in range(children)}}
        return [{"type": "function", "name": "f", "parameters": {
            "type": "object", "properties": {"root": {"$ref": "#/$defs/Node"}}, "$defs": {"Node": node}}}]

    for model in ("gpt-4o", "o3"):
        with counted_refs(monkeypatch) as refs:
            response = client.post("/v1/responses", json={"model": model, "input": "hi", "tools": tools(5)})
        assert refs.count < 1000
        assert response.get_json()["error"]["code"] == "context_length_exceeded"
    response = client.post("/v1/responses", json={"model": "o3", "input": "hi", "tools": tools(3)})
    assert response.get_json()["usage"]["input_tokens"] == 118128


def test_counts_written_as_floats_are_integers_to_the_schema_check(client):
    parameters = {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"},
                                                            "minItems": 2.0, "maxItems": 2.0}},
                  "required": ["tags"], "additionalProperties": False}
    tool = {"type": "function", "function": {"name": "f", "strict": True, "parameters": parameters}}
    body = chat(client, tools=[tool], tool_choice="required").get_json()
    assert len(json.loads(arguments_of(body))["tags"]) == 2


# --- What tool definitions add to the prompt ------------------------------------------------------------------

COOKBOOK_TOOL = {"type": "function", "function": {
    "name": "get_current_weather", "description": "Get the current weather in a given location",
    "parameters": {"type": "object", "properties": {
        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
        "unit": {"type": "string", "description": "The unit of temperature to return",
                 "enum": ["celsius", "fahrenheit"]}},
        "required": ["location"]}}}
COOKBOOK_MESSAGES = [
    {"role": "system", "content": "You are a helpful assistant that can answer to questions about the weather."},
    {"role": "user", "content": "What's the weather like in San Francisco?"}]


@pytest.mark.parametrize("model", ["gpt-4", "gpt-3.5-turbo"])
def test_tool_definitions_count_on_cl100k_models_as_the_api_writes_them(client, model):
    # The functions' TypeScript namespace (tokens.count_namespace_tokens), its text by cl100k's estimate and 2 more
    # for cl100k's writing of its structure, whatever tool_choice's mode or the legacy form. The cookbook's API runs
    # counted 105 (gpt-4, gpt-3.5-turbo) in 2024: 3 over the namespace with the real tokenizer, where the cookbook's
    # formula came 4 over.
    expected = tokens.count_namespace_tokens([COOKBOOK_TOOL["function"]], tokens.count_tokens, system=True) + 2
    plain = chat(client, model=model, messages=COOKBOOK_MESSAGES).get_json()["usage"]["prompt_tokens"]
    for request in ({"tools": [COOKBOOK_TOOL]}, {"tools": [COOKBOOK_TOOL], "tool_choice": "required"},
                    {"functions": [COOKBOOK_TOOL["function"]]}):
        usage = chat(client, model=model, messages=COOKBOOK_MESSAGES, **request).get_json()["usage"]
        assert usage["prompt_tokens"] == plain + expected
    assert abs(plain + expected - 105) <= 1


WEATHER_FUNCTION = {"name": "get_current_weather", "description": "Get the current weather in a given location",
                    "parameters": {"type": "object", "properties": {
                        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}}
CALCULATOR_TOOL = {"type": "function", "function": {
    "name": "calculator", "description": "Useful for getting the result of a math expression. The input to this tool "
    "should be a valid mathematical expression that could be executed by a simple calculator.",
    "parameters": {"type": "object", "properties": {"input": {"type": "string"}}, "additionalProperties": False,
                   "$schema": "http://json-schema.org/draft-07/schema#"}}}


@pytest.mark.parametrize("model, request_body, recorded", [
    # openllmetry-js's recordings: gpt-4-0613, August 2025 (82 for tools and for legacy functions alike: the
    # namespace with the real cl100k tokenizer, and 2); gpt-3.5-turbo-0125, August 2024, streamed with usage (84).
    ("gpt-4", {"messages": [{"role": "user", "content": "What's the weather like in Boston?"}],
               "tools": [{"type": "function", "function": WEATHER_FUNCTION}]}, 82),
    ("gpt-4", {"messages": [{"role": "user", "content": "What's the weather like in Boston?"}],
               "functions": [WEATHER_FUNCTION], "function_call": "auto"}, 82),
    ("gpt-3.5-turbo", {"messages": [{"role": "system", "content": "You are a helpful assistant"},
                                    {"role": "user", "content": "Solve `5 * (10 + 2)`"}],
                       "tools": [CALCULATOR_TOOL]}, 84)])
def test_recorded_cl100k_prompts_with_tools(client, model, request_body, recorded):
    usage = chat(client, model=model, **request_body).get_json()["usage"]
    assert abs(usage["prompt_tokens"] - recorded) <= 1  # the estimate of the text: the namespace's count is exact


def test_a_weather_tool_with_an_enum_on_gpt_3_5_turbo(client):
    # langchaingo's TestFunctionCall (gpt-3.5-turbo-0125, June 2025): 81 prompt tokens; the namespace's count with the
    # real tokenizer is 82 (the cookbook's formula with ENUM_TOKENS 83), the estimate's 80 or 81.
    tool = {"type": "function", "function": {
        "name": "getCurrentWeather", "description": "Get the current weather in a given location",
        "parameters": {"type": "object", "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}}}
    body = chat(client, model="gpt-3.5-turbo", tools=[tool], temperature=0,
                messages=[{"role": "user", "content": "What is the weather like in Boston?"}]).get_json()
    assert 81 - 1 <= body["usage"]["prompt_tokens"] <= 81


@pytest.mark.parametrize("model", ["gpt-4o", "gpt-4o-mini"])
def test_tool_definitions_count_on_gpt_4o_models_as_the_api_writes_them(client, model):
    # The cookbook's API runs counted 101 on gpt-4o and gpt-4o-mini in 2024 (How_to_count_tokens_with_tiktoken): the
    # functions' TypeScript namespace (tokens.count_namespace_tokens), whatever tool_choice's mode or the legacy form,
    # exactly so with the real o200k tokenizer; the estimate of the text is 1 over (the question 2 over, the enum's
    # values 2 under).
    for request in ({"tools": [COOKBOOK_TOOL]}, {"tools": [COOKBOOK_TOOL], "tool_choice": "required"},
                    {"functions": [COOKBOOK_TOOL["function"]]}):
        usage = chat(client, model=model, messages=COOKBOOK_MESSAGES, **request).get_json()["usage"]
        assert abs(usage["prompt_tokens"] - 101) <= 1


def test_a_description_loses_its_full_stop_and_a_function_without_properties_costs_its_line():
    bare = {"name": "ping", "description": "Check the service.", "parameters": {"type": "object", "properties": {}}}
    assert tokens.count_function_tokens([bare], 7) == 7 + tokens._line_tokens("ping", "Check the service") + 12
    assert tokens.count_function_tokens([bare, bare], 10) == \
        2 * (10 + tokens._line_tokens("ping", "Check the service")) + 12
    assert tokens.count_function_tokens([], 7) == 0


def test_the_context_error_names_the_functions_beside_the_messages(client):
    long = [{"role": "user", "content": "word " * 8200}]
    messages = tokens.count_chat_prompt_tokens(long)
    functions = tokens.count_namespace_tokens([COOKBOOK_TOOL["function"]], tokens.count_tokens) + 2
    response = client.post("/v1/chat/completions", json={"model": "gpt-4", "messages": long, "tools": [COOKBOOK_TOOL]})
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "message": f"This model's maximum context length is 8192 tokens. However, your messages resulted in "
                   f"{messages + functions} tokens ({messages} in the messages, {functions} in the functions). "
                   "Please reduce the length of the messages or functions.",
        "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}
    short = [{"role": "user", "content": "Hi"}]
    messages = tokens.count_chat_prompt_tokens(short)
    response = client.post("/v1/chat/completions", json={"model": "gpt-4", "messages": short, "max_tokens": 8190,
                                                          "tools": [COOKBOOK_TOOL]})
    assert response.get_json()["error"]["message"] == (
        f"This model's maximum context length is 8192 tokens. However, you requested {messages + functions + 8190} "
        f"tokens ({messages} in the messages, {functions} in the functions, and 8190 in the completion). Please "
        "reduce the length of the messages, functions, or completion.")


# --- patterns built to backtrack ---------------------------------------------------------------------------------
# Each comes with a text re would take minutes or years to refuse, which fauxpen checks against it while it writes
# the arguments: an enum value, a value padded to its minLength, a property's name. They used to hang the worker.

BACKTRACKING = [
    (r"^(a|aa){40}(?!b)b$", "a" * 60 + "b"),  # the README's
    (r"(a+)+b$", "a" * 40),
    (r"(a|a)*c", "a" * 40),
    (r"(x+x+)+y", "x" * 40),
    (r"^(?:a+){40}$x", "a" * 60),
]


def backtracking_schema(pattern, text, where, strict):
    """A schema with the pattern where a tool's parameters or a response format may put one."""
    if where == "pattern":
        properties = {"code": {"type": "string", "pattern": pattern, "enum": [text, "b"]},
                      "name": {"type": "string", "pattern": pattern}}
        if not strict:
            properties["note"] = {"type": "string", "pattern": pattern, "minLength": len(text)}
        return {"type": "object", "properties": properties, "required": list(properties),
                "additionalProperties": False}
    if where == "patternProperties":
        return {"type": "object", "properties": {text: {"type": "string"}}, "required": [text],
                "patternProperties": {pattern: {"type": "integer"}}, "additionalProperties": False}
    return {"type": "object", "properties": {text: {"type": "string"}}, "required": [text],
            "propertyNames": {"pattern": pattern}, "additionalProperties": False}


def backtracking_requests(pattern, text, where):
    for strict in (False, True):
        schema = backtracking_schema(pattern, text, where, strict)
        function = {"name": "check", "parameters": schema, "strict": strict}
        yield "/v1/chat/completions", {"model": "gpt-4o", "messages": USER, "tool_choice": "required",
                                       "tools": [{"type": "function", "function": function}]}
        yield "/v1/chat/completions", {"model": "gpt-4o", "messages": USER, "response_format": {
            "type": "json_schema", "json_schema": {"name": "check", "schema": schema, "strict": strict}}}
        yield "/v1/responses", {"model": "gpt-4o", "input": "check", "tool_choice": "required",
                                "tools": [{"type": "function", **function}]}
        yield "/v1/responses", {"model": "gpt-4o", "input": "check", "text": {"format": {
            "type": "json_schema", "name": "check", "schema": schema, "strict": strict}}}


@pytest.mark.parametrize("where", ["pattern", "patternProperties", "propertyNames"])
@pytest.mark.parametrize("pattern, text", BACKTRACKING)
def test_a_pattern_built_to_backtrack_is_answered_at_once(client, pattern, text, where):
    for path, body in backtracking_requests(pattern, text, where):
        started = time.monotonic()
        response = client.post(path, json=body)
        assert time.monotonic() - started < 2, (path, body)
        answer = response.get_json()
        if response.status_code == 400:  # strict mode refuses minLength, patternProperties, propertyNames
            assert set(answer) == {"error"} and answer["error"]["message"]
            continue
        assert response.status_code == 200
        if path == "/v1/responses":
            written = answer["output"][-1].get("arguments") or answer["output"][-1]["content"][0]["text"]
        elif answer["choices"][0]["message"].get("tool_calls"):
            written = arguments_of(answer)
        else:
            written = answer["choices"][0]["message"]["content"]
        value = json.loads(written)
        if where != "pattern":
            assert text in value  # the required property, its name checked against the pattern


# What the fuzz found: each generation is bounded, but the bound was a call's, so a request naming many functions
# whose schemas no value meets (an array of 10**30 items) took over half a second for each call it made, seconds
# in all. An answer's calls now share one bound, and the calls past it get their best effort.
def test_many_calls_of_schemas_no_value_meets_are_answered_at_once(client):
    schema = {"type": "object", "properties": {"x": {"type": "array", "minItems": 10 ** 30, "items": {
        "anyOf": [{"enum": ["", 0]}, {"enum": ["", 0]}]}}}, "required": ["x"], "additionalProperties": False}
    names = [f"check_{index}" for index in range(16)]
    tools = [{"type": "function", "function": {"name": name, "parameters": schema}} for name in names]
    started = time.monotonic()
    response = client.post("/v1/chat/completions", json={"model": "gpt-4o", "tools": tools, "messages": [
        {"role": "user", "content": "Call " + " and ".join(names)}]})
    assert time.monotonic() - started < 3
    assert [call["function"]["name"] for call in response.get_json()["choices"][0]["message"]["tool_calls"]] == names


def test_an_empty_description_is_counted_without_its_colon(client):
    # Recorded on gpt-4o-mini (a pydantic-ai cassette, July 2026): 53 prompt tokens, what the namespace without a
    # comment line comes to with the real tokenizer; the estimate reads get_capital as 2 tokens, o200k 3.
    tool = {"type": "function", "function": {
        "name": "get_capital", "description": "", "strict": True,
        "parameters": {"additionalProperties": False, "properties": {"country": {"type": "string"}},
                       "required": ["country"], "type": "object"}}}
    body = client.post("/v1/chat/completions", json={
        "model": "gpt-4o-mini", "tools": [tool], "tool_choice": "auto",
        "messages": [{"role": "user", "content": "What is the capital of the UK? Use the tool, then answer."}],
    }).get_json()
    assert body["usage"]["prompt_tokens"] == 53 - 1


LOCATION = {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}
CURRENT_WEATHER = {"type": "function", "function": {
    "name": "getCurrentWeather", "description": "Get the current weather in a given location",
    "parameters": {"type": "object", "properties": {"location": LOCATION,
                                                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
                   "required": ["location"]}}}
CURRENT_TIME = {"type": "function", "function": {
    "name": "getCurrentTime", "description": "Get the current time in a given location",
    "parameters": {"type": "object", "properties": {"location": LOCATION}, "required": ["location"]}}}


@pytest.mark.parametrize("text, tools, recorded", [
    ("What is the weather like in Boston, MA?", [CURRENT_WEATHER], 82),
    ("What are the weather and time in Boston, MA?", [CURRENT_WEATHER, CURRENT_TIME], 121),
])
def test_an_enum_costs_two_tokens_more_than_the_cookbook_says_and_camel_case_names_are_their_words(client, text,
                                                                                                   tools, recorded):
    # Recorded on gpt-4.1 in January 2026 (langchaingo's recordings): the cookbook's count with the real tokenizer
    # is 80 and 119, 2 short in both, where the first tool has an enum (ENUM_TOKENS); getCurrentWeather is
    # get|Current|Weather. The estimate takes celsius and fahrenheit for one token each, where each is two: the
    # first is 1 short.
    body = client.post("/v1/chat/completions", json={
        "model": "gpt-4.1", "tools": tools, "messages": [{"role": "user", "content": text}]}).get_json()
    assert recorded - 1 <= body["usage"]["prompt_tokens"] <= recorded
    if len(tools) == 2:
        assert body["usage"]["prompt_tokens"] == recorded


GET_WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Get the current weather for a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city to look up."}},
                   "required": ["city"]}}}
LOOKUP_WEATHER = {"type": "function", "function": {
    "name": "lookup_weather", "description": "Look up the current weather in a city.",
    "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "description": "The city to look up, such as 'Paris'."}}, "required": ["city"]}}}


@pytest.mark.parametrize("text, tool, recorded", [
    ("Say OK.", GET_WEATHER, 152), ("What's the weather in Paris?", LOOKUP_WEATHER, 161)])
def test_gpt_5_4_frames_tools_in_chat_as_the_other_gpt_5_models_do(client, text, tool, recorded):
    # Recorded on gpt-5.4-nano in September 2026 (logfire's cassettes): 85 and 83 more than fauxpen counted without
    # the reasoning models' tools framing (36 for the same system and user messages without tools, within 1).
    system = [{"type": "text", "text": "You are a weather assistant. Always use your tools to answer."}]
    body = client.post("/v1/chat/completions", json={
        "model": "gpt-5.4-nano", "tools": [tool], "parallel_tool_calls": False, "max_completion_tokens": 256,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": text}]}).get_json()
    assert abs(body["usage"]["prompt_tokens"] - recorded) <= 1



@pytest.mark.parametrize("instructions, text, tool, recorded", [
    ("Answer in one word.", "What is the capital of France?", GET_WEATHER, 74),
    ("Use your tools to answer. Answer in one short sentence.", "What is the weather in Paris?", LOOKUP_WEATHER, 88)])
def test_gpt_5_4_frames_tools_in_the_responses_api_in_a_few_tokens(client, instructions, text, tool, recorded):
    # Recorded on gpt-5.4-nano in September 2026 (logfire's openai-agents cassettes, effort none, strict tools with
    # pydantic's titles): 3 and 2 over the cookbook's count of the tool with its titles (11 and 10 without them),
    # the namespace's count exact with the real tokenizer (the second's `'Paris'.` and its line break one token);
    # 22 for the first prompt without tools.
    function = tool["function"]
    city = {**function["parameters"]["properties"]["city"], "title": "City"}
    if function["name"] == "get_weather":
        city["description"] = "City to look up."
    else:
        city["description"] = "The city to look up, for example 'Paris'."
    tool = {"type": "function", "name": function["name"], "description": function["description"], "strict": True,
            "parameters": {**function["parameters"], "title": "get_weather_args", "additionalProperties": False,
                           "properties": {"city": city}}}
    body = {"model": "gpt-5.4-nano", "instructions": instructions, "reasoning": {"effort": "none"},
            "input": [{"role": "user", "content": text}], "tools": [tool]}
    assert client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] == recorded
    body.pop("tools")
    if recorded == 74:
        assert client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] == 22


# symfony/ai's example fixture agent-stream-sources (gpt-5.2, September 2026): a clock and two search functions,
# and the question the agent was asked.
SYMFONY_TOOLS = [{"type": "function", "name": "clock", "description": "Provides the current date and time."}] + [
    {"type": "function", "name": name, "description": description, "parameters": {
        "type": "object", "properties": {key: spec}, "required": [key], "additionalProperties": False}}
    for name, description, key, spec in (
        ("tavily_search", "search for information on the internet", "query",
         {"type": "string", "description": "The search query to use"}),
        ("tavily_extract", "fetch content from websites", "urls",
         {"type": "array", "items": {"type": "string"}, "description": "URLs to fetch information from"}))]
SYMFONY_QUESTION = ("Summarize the latest game of the Dallas Cowboys. When and where was it? Who was the opponent, "
                    "what was the result,\nand how was the game and the weather in the city. Use tools for the "
                    "research and only answer based on information\ngiven in the context - don't make up "
                    "information.")


def test_gpt_5_2_writes_responses_functions_as_the_namespace(client, monkeypatch):
    # Two gpt-5.2 Responses requests, each exact with the namespace's count and no framing of its own, as gpt-5's and
    # gpt-5.4's, with o200k's counts of the words the estimate misreads (`Arguments` 1, ` tav|ily|_search` 3; the
    # question 61): SwiftAgent's stream of January 2026 (a function whose parameters pydantic-style title
    # `Arguments`, its words and 2 as chat's, not strict: 92 input tokens), and symfony/ai's of September 2026
    # (three strict functions, one of no parameters: 153). A framing of 2 and the title's text alone made them 0 and
    # 4 over; the cookbook's count with a framing of 2 came 2 over the first and 5 under the second. With the
    # estimate alone they come 1 over and 3 under.
    from fauxpen import tokens
    o200k = {"Arguments": 1, "tavily_search": 3, "tavily_extract": 3, SYMFONY_QUESTION: 61}
    name, text = tokens.count_name_tokens, tokens.count_tokens_o200k
    weather = {"type": "function", "name": "get_weather", "description": "Get current temperature for a given "
               "location.", "strict": False, "parameters": {
                   "additionalProperties": False, "properties": {"location": {"type": "string"}},
                   "required": ["location"], "title": "Arguments", "type": "object", "x-order": ["location"]}}
    swift = {"model": "gpt-5.2", "store": False, "reasoning": {"effort": "low", "summary": "detailed"},
             "instructions": "Always call `get_weather` exactly once before answering.\nAfter tool output, reply "
                             "with exactly: Current weather in New York City, USA: Sunny.",
             "input": [{"role": "user", "content": "What is the weather in New York City, USA?"}], "tools": [weather]}
    symfony = {"model": "gpt-5.2", "input": [{"role": "user", "content": SYMFONY_QUESTION}], "tools": SYMFONY_TOOLS}
    for body, recorded, estimated in ((swift, 92, 1), (symfony, 153, -3)):
        assert client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] == recorded + estimated
    monkeypatch.setattr(tokens, "count_name_tokens", lambda value: o200k.get(value) or name(value))
    monkeypatch.setattr(tokens, "count_tokens_o200k", lambda value: o200k.get(value) or text(value))
    for body, recorded in ((swift, 92), (symfony, 153)):
        assert client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] == recorded


def test_gpt_5_models_write_responses_functions_as_the_namespace(client):
    # symfony/ai's example fixtures of gpt-5-mini (September 2026): a function of no parameters counted 53 input tokens,
    # the namespace's count (the cookbook's and 4 too); a strict function holding an object of an object and a list of
    # objects 189, an anyOf of two objects 145: the namespace 2 over and exact, their `format: "date-time"` written
    # as comments (a nested object's writing is not known), where the cookbook's count and 4 came 10 and 53 under.
    # Each question's estimate is a token off the real tokenizer's (56 for 55, 13 for 14). With the real tokenizer
    # both are 2 over, each with one `format: "date-time"` written, the search's `departureDate` (`["string",
    # "null"]`) as a union a branch a line (tokens._typed_union, from rig's repeat_text; 1 under on its line).
    clock = {"type": "function", "name": "clock", "description": "Provides the current date and time."}
    order = {"type": "object", "properties": {
        "recipientName": {"type": "string"},
        "priority": {"type": "string", "enum": ["standard", "express", "overnight"]},
        "deliverBy": {"type": "string", "format": "date-time"},
        "address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"},
                                                     "zip": {"type": "string"}},
                    "required": ["street", "city", "zip"], "additionalProperties": False},
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "quantity": {"type": "integer"}, "price": {"type": "number"}},
            "required": ["name", "quantity", "price"], "additionalProperties": False}}},
        "required": ["recipientName", "priority", "deliverBy", "address", "items"], "additionalProperties": False,
        "description": "The shipping order to create"}
    shipping = {"type": "function", "name": "create_shipping_order", "description": "Create a shipping order with "
                "items to ship to an address", "parameters": {"type": "object", "properties": {"order": order},
                                                              "required": ["order"], "additionalProperties": False}}

    def branch(kind, *keys):
        return {"type": "object", "properties": {"type": {"type": "string", "enum": [kind]}, **{
            key: {"type": ["string", "null"], **({"format": "date-time"} if key == "departureDate" else {})}
            for key in keys}}, "additionalProperties": False, "required": ["type"]}
    search = {"type": "function", "name": "search", "description": "Search various resources based on filter criteria",
              "parameters": {"type": "object", "properties": {"filter": {"anyOf": [
                  branch("order", "number", "userResponsible", "departureDate"),
                  branch("purchase_contract", "contractNumber", "subsidiary")],
                  "description": "The filter to use for search (order or purchase_contract)"}},
                  "required": ["filter"], "additionalProperties": False}}
    asked = [
        ("You are a helpful assistant.", "What time is it right now?", clock, 53, 0),
        ("You are a shipping assistant. Help users create shipping orders.", "Create an express shipping order for "
         "John Doe at 123 Main St, Springfield, 62701 to be delivered by 2026-03-15 with 2 items: 3x Widget ($9.99 "
         "each) and 1x Gadget ($24.99)", shipping, 189, -2),
        ("You are a helpful search assistant. Help users search for different resources.", "Search for purchase "
         "contract number PC-67890 with subsidiary Acme Corp", search, 145, 0)]
    for instructions, question, tool, recorded, under in asked:
        body = {"model": "gpt-5-mini", "instructions": instructions, "tools": [tool],
                "input": [{"role": "user", "content": question}]}
        assert client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] == recorded - under


def _chatlas_function(name, description, key=None):
    """A strict function as chatlas sends one to the Responses API (of one string parameter, or none)."""
    properties = {key: {"type": "string"}} if key else {}
    return {"type": "function", "name": name, "description": description, "strict": True, "parameters": {
        "properties": properties, "required": [key] if key else [], "type": "object", "additionalProperties": False}}


def _responses_message(role, text):
    return {"type": "message", "role": role, "content": [{"type": "input_text", "text": text}]}


def test_gpt_5_4_writes_responses_functions_as_a_namespace_of_their_own(client):
    # chatlas's cassettes, gpt-5.4, July 2026: /v1/responses/input_tokens counted "What is the weather?" 11 alone and
    # 47 beside get_weather(city) (the cookbook's count and a framing of 3 gave 50); two functions beside a system
    # message 123 (128), one 82 (86): the namespace with its own message's framing, exact with the real tokenizer.
    question = [_responses_message("user", "What is the weather?")]
    weather = _chatlas_function("get_weather", "Get weather for a city.", "city")
    assert client.post("/v1/responses/input_tokens", json={"model": "gpt-5.4", "input": question}).get_json()[
        "input_tokens"] == 11
    assert client.post("/v1/responses/input_tokens", json={"model": "gpt-5.4", "input": question, "tools": [
        weather]}).get_json()["input_tokens"] == 47
    packing = [_responses_message("system", "\n        Be very terse, not even punctuation. If asked for equipment to "
                                            "pack,\n        first use the weather_forecast tool provided to you. Then, "
                                            "use the\n        equipment tool provided to you.\n        "),
               _responses_message("user", "What should I pack for New York this weekend?")]
    tools = [_chatlas_function("weather_forecast", "Gets the weather forecast for a city", "city"),
             _chatlas_function("equipment", "Gets the equipment needed for a weather condition", "weather")]
    body = client.post("/v1/responses", json={"model": "gpt-5.4", "input": packing, "tools": tools}).get_json()
    assert body["usage"]["input_tokens"] == 123
    colours = [_responses_message("system", "Be very terse, not even punctuation."), _responses_message(
        "user", "\n        What are Joe and Hadley's favourite colours?\n        Answer like name1: colour1, name2: "
                "colour2\n    ")]
    body = client.post("/v1/responses", json={"model": "gpt-5.4", "input": colours, "tools": [_chatlas_function(
        "favorite_color", "Returns a person's favourite colour", "_person")]}).get_json()
    assert abs(body["usage"]["input_tokens"] - 82) <= 1


def test_gpt_5_4_names_a_function_again_in_its_output_and_wraps_calls_made_together(client):
    # chatlas's cassettes, gpt-5.4, July 2026 (chatlas sends back each call with its item's id as call_id): a call
    # of get_date and its output cost 31 input tokens in each of three turns, the name twice; two calls of
    # favorite_color made together and their outputs 74, with chat's wrapper of calls made together.
    system = _responses_message("system", "Always use a tool to help you answer. Reply with 'It is ____.'.")
    asked = _responses_message("user", "What's the current date in YYYY-MM-DD format?")
    tools = [_chatlas_function("get_date", "Gets the current date")]

    def pair(item_id):
        return [{"type": "function_call", "call_id": item_id, "name": "get_date", "arguments": "{}"},
                {"type": "function_call_output", "call_id": item_id, "output": "2024-01-01"}]
    answered = {"role": "assistant", "status": "completed", "type": "message", "content": [
        {"type": "output_text", "text": "It is 2024-01-01.", "annotations": []}]}
    turns = [system, asked, *pair("fc_1"), answered, _responses_message("user", "What month is it? Provide the full "
                                                                                "name."), *pair("fc_2")]
    body = client.post("/v1/responses", json={"model": "gpt-5.4", "input": turns, "tools": tools}).get_json()
    assert body["usage"]["input_tokens"] == 158
    colours = [_responses_message("system", "Be very terse, not even punctuation."), _responses_message(
        "user", "\n        What are Joe and Hadley's favourite colours?\n        Answer like name1: colour1, name2: "
                "colour2\n    ")]
    calls = [{"type": "function_call", "call_id": "fc_a", "name": "favorite_color", "arguments": '{"_person":"Joe"}'},
             {"type": "function_call", "call_id": "fc_b", "name": "favorite_color",
              "arguments": '{"_person":"Hadley"}'},
             {"type": "function_call_output", "call_id": "fc_a", "output": "sage green"},
             {"type": "function_call_output", "call_id": "fc_b", "output": "red"}]
    body = client.post("/v1/responses", json={"model": "gpt-5.4", "input": colours + calls, "tools": [
        _chatlas_function("favorite_color", "Returns a person's favourite colour", "_person")]}).get_json()
    # 155 with the real tokenizer; the estimate reads the arguments {"_person":"Hadley"} and {"_person":"Joe"} 3
    # short, the description a token over.
    assert body["usage"]["input_tokens"] == 156 - 3
    # May 2026, the same cassettes: get_current_date2 (`.get|_current|_date|2`) and its output 94, 59 alone.
    terse = [_responses_message("system", "Be very terse, not even punctuation."), asked]
    tools = [_chatlas_function("get_current_date2", "Gets the current date")]
    called = [{"type": "function_call", "call_id": "fc_3", "name": "get_current_date2", "arguments": "{}"},
              {"type": "function_call_output", "call_id": "fc_3", "output": "2024-01-01"}]
    body = client.post("/v1/responses", json={"model": "gpt-5.4", "input": terse, "tools": tools}).get_json()
    assert body["usage"]["input_tokens"] == 59
    body = client.post("/v1/responses", json={"model": "gpt-5.4", "input": terse + called, "tools": tools}).get_json()
    assert abs(body["usage"]["input_tokens"] - 94) <= 2


@pytest.mark.parametrize(("question", "people", "outputs", "first", "second"), [
    ("What are Joe and Hadley's favorite colors?", ["Joe", "Hadley"], ["blue", "red"], 72, 151),
    ("What are Joe, Hadley, Simon, and Tom's favorite colors?", ["Joe", "Hadley", "Simon", "Tom"],
     ["Tool calling failed with error User denied tool request"] * 4, 78, 245)])
def test_gpt_5_4_frames_calls_made_together_in_21_tokens_and_13_a_call(client, question, people, outputs, first,
                                                                       second):
    # tidyverse/ellmer's cassettes (gpt-5.4-nano, August 2026: chat-tools-callbacks.yml, chat-tools-failure.yml):
    # calls made together and their outputs added 79 and 167 input tokens, exact with the real tokenizer at 21 and
    # 13 a call beside the names (user_favorite_color, 4 tokens, twice a call), arguments and outputs, where chat's
    # wrapper over lone calls' framing made the four 13 over (180). The estimate reads each a token short, and each
    # call's name (o200k's user|_f|avorite|_color) a token short where an output names it again (count_name_tokens).
    asked = [_responses_message("system", "Be terse. Respond with only the answer."),
             _responses_message("user", question)]
    tool = {"type": "function", "name": "user_favorite_color", "description": "Find out a user's favorite color",
            "strict": True, "parameters": {"type": "object", "description": "", "properties": {"user": {
                "type": "string", "description": "User's name"}}, "required": ["user"], "additionalProperties": False}}
    calls = [{"type": "function_call", "call_id": f"fc_{index}", "name": "user_favorite_color",
              "arguments": json.dumps({"user": person}, separators=(",", ":"))} for index, person in enumerate(people)]
    answers = [{"type": "function_call_output", "call_id": f"fc_{index}", "output": output}
               for index, output in enumerate(outputs)]

    def input_tokens(items):
        body = {"model": "gpt-5.4-nano", "input": items, "tools": [tool], "temperature": 0}
        return client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"]
    alone = input_tokens(asked)
    assert abs(alone - first) <= 1
    assert input_tokens(asked + calls + answers) - alone == second - first - 1 - len(people)


def test_a_schemas_titles_are_written_into_the_prompt(client):
    # Recorded on gpt-4.1-nano in September 2026 (logfire's livekit cassette): a tool titled as pydantic titles it
    # counted 91 prompt tokens, 8 more than its namespace without the titles with the real tokenizer: each title a
    # comment line and an empty one (`// GetWeatherArgs`, `//`; `// City`, `//`), 2 tokens and its words.
    described = "Fetch the forecast for a city. Always use this for weather questions."
    tool = {"type": "function", "function": {
        "name": "fetch_forecast", "description": described,
        "parameters": {"type": "object", "title": "GetWeatherArgs", "required": ["city"], "properties": {"city": {
            "type": "string", "title": "City", "description": "The city to fetch the forecast for, e.g. London."}}}}}
    messages = [{"role": "system", "content": "You are a weather assistant. Use your tools."},
                {"role": "user", "content": "What is the weather in Paris?"}]

    def prompt_tokens(sent):
        return client.post("/v1/chat/completions", json={"model": "gpt-4.1-nano", "messages": messages,
                                                          "tools": [sent]}).get_json()["usage"]["prompt_tokens"]
    titled = prompt_tokens(tool)
    assert abs(titled - 91) <= 1
    parameters = tool["function"]["parameters"]
    untitled = {"type": "function", "function": {**tool["function"], "parameters": {
        **{key: value for key, value in parameters.items() if key != "title"},
        "properties": {"city": {key: value for key, value in parameters["properties"]["city"].items()
                                if key != "title"}}}}}
    assert titled - prompt_tokens(untitled) == 8

def test_white_space_after_a_descriptions_full_stop_costs_nothing(client):
    # Recorded on gpt-4.1-nano in September 2026 (logfire's cassettes): a description ending ".\n" counted what the
    # cookbook counts for it without the full stop, exactly, with the real tokenizer.
    def prompt_tokens(description):
        tool = {"type": "function", "function": {"name": "get_weather", "description": description, "parameters": {
            "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
        body = client.post("/v1/chat/completions", json={
            "model": "gpt-4.1-nano", "tools": [tool],
            "messages": [{"role": "user", "content": "What is the weather in Paris?"}]}).get_json()
        return body["usage"]["prompt_tokens"]
    assert prompt_tokens("Get the current weather for a city.\n") == prompt_tokens("Get the current weather for a city")


def test_a_union_property_counts_its_branches_types_and_description():
    # Recorded on gpt-4o-mini in August 2026 (mastra's recordings): a tool of six nullable properties written as
    # anyOf counted 208 prompt tokens; the cookbook's count with the real tokenizer is 206 with their types and
    # descriptions as below, 162 without (a union has no `type` of its own).
    def counted(spec):
        return tokens.count_function_tokens([{"name": "f", "parameters": {"type": "object", "properties": {
            "threadId": spec}}}], 7)
    nullable = counted({"description": "Thread ID", "anyOf": [{"type": "string"}, {"type": "null"}]})
    assert nullable == counted({"type": "string | null", "description": "Thread ID"})
    assert nullable == counted({"type": ["string", "null"], "description": "Thread ID"})
    inner = counted({"anyOf": [{"type": "string", "description": "Thread ID"}, {"type": "null"}]})
    assert inner == nullable
    nested = counted({"anyOf": [{"anyOf": [{"type": "number"}, {"type": "string"}]}, {"description": "x"}]})
    assert nested == counted({"type": "number | string | any", "description": "x"})


FLORENCE = {"type": "function", "function": {
    "name": "weather", "strict": False, "description": "Get weather information for a location",
    "parameters": {"properties": {"location": {"description": "the city", "type": "string"}}, "required": ["location"],
                   "type": "object"}}}
FLORENCE_ASKED = [{"role": "system", "content": "You are a helpful assistant"},
                  {"role": "user", "content": "What's the weather in Florence,Italy?"}]
FLORENCE_ANSWERED = [
    {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {
        "name": "weather", "arguments": '{"location":"Florence, Italy"}'}}]},
    {"role": "tool", "tool_call_id": "call_1", "content": "40 C"}]


def test_reasoning_models_frame_tools_and_a_calls_answer_in_more_tokens(client):
    # The same requests recorded on gpt-4o, gpt-5 and o4-mini (fantasy's cassettes, chat in October 2025, the
    # Responses API in June 2026): a call and its answer cost 6 more on the two reasoning models than on gpt-4o in
    # both; o4-mini's tools 3 more than gpt-4o's in chat; the Responses API counted 63 on gpt-5 and 60 on o4-mini.
    def chat_tokens(model, messages):
        return client.post("/v1/chat/completions", json={"model": model, "messages": messages,
                                                          "tools": [FLORENCE]}).get_json()["usage"]["prompt_tokens"]
    asked = {model: chat_tokens(model, FLORENCE_ASKED) for model in ("gpt-4o", "gpt-5", "o4-mini")}
    trip = {model: chat_tokens(model, FLORENCE_ASKED + FLORENCE_ANSWERED) - asked[model] for model in asked}
    assert trip["gpt-5"] == trip["o4-mini"] == trip["gpt-4o"] + 6
    assert asked["o4-mini"] == asked["gpt-4o"] + 3
    tool = {"type": "function", **FLORENCE["function"]}
    items = [{"role": "developer", "content": "You are a helpful assistant"},
             {"role": "user", "content": "What's the weather in Florence,Italy?"}]
    call = [{"type": "function_call", "call_id": "call_1", "name": "weather",
             "arguments": '{"location":"Florence, Italy"}'},
            {"type": "function_call_output", "call_id": "call_1", "output": "40 C"}]

    def input_tokens(model, sent):
        return client.post("/v1/responses", json={"model": model, "input": sent, "tools": [tool],
                                                  "store": False}).get_json()["usage"]["input_tokens"]
    # o200k writes the question in 8 tokens (What's one, ",Italy" two), where the estimate reads ",Italy" as one.
    assert (input_tokens("gpt-5", items), input_tokens("o4-mini", items)) == (63 - 1, 60 - 1)
    # gpt-4o's pair cost 23 (58, then 81: fantasy's TestOpenAIResponsesCommon/openai-gpt-4o/tool.yaml, June 2026),
    # which the real tokenizer makes of the call's message and the answer from functions.weather; the estimate reads
    # the arguments a token short (7 where o200k writes 8); gpt-5 (its own rule, 6 more) comes a token over.
    pair = input_tokens("gpt-4o", items + call) - input_tokens("gpt-4o", items)
    assert pair == 23 - 1 and input_tokens("gpt-5", items + call) - 62 == 23 + 6 + 1


PRISM_TOOLS = [{"type": "function", "name": name, "description": description, "parameters": {
    "type": "object", "properties": {key: {"description": about, "type": "string"}}, "required": [key]}}
    for name, description, key, about in (("weather", "Get weather information", "city", "City name"),
                                          ("search", "Search for information", "query", "The search query"))]


def test_o3_mini_frames_tools_and_a_calls_answer_as_recorded(client):
    # prism-php's o3-mini conversation (Responses API, June 2025, one session): the question with two tools counted
    # 78, as o4-mini's same request did (their fixture), then 110 with the weather call and its answer, 147 with the
    # search call's: 32 and 37 a pair, 4 to 5 under the 6 more the later reasoning models write around an answer.
    question = [{"role": "user", "content": [{"type": "input_text", "text":
                 "What time is the Tigers game today and should I wear a coat in Detroit?"}]}]
    turns = [("weather", '{"city":"Detroit"}', "The weather in Detroit is 75° and sunny."),
             ("search", '{"query":"Detroit Tigers game today time"}', "Tigers game is at 3pm in Detroit today.")]

    def input_tokens(model, items):
        return client.post("/v1/responses", json={"model": model, "input": items, "tools": PRISM_TOOLS,
                                                  "max_output_tokens": 2048}).get_json()["usage"]["input_tokens"]
    counted, items = [input_tokens("o3-mini", question)], list(question)
    for index, (name, arguments, output) in enumerate(turns):
        items += [{"type": "function_call", "call_id": f"call_{index}", "name": name, "arguments": arguments},
                  {"type": "function_call_output", "call_id": f"call_{index}", "output": output}]
        counted.append(input_tokens("o3-mini", items))
    assert input_tokens("o4-mini", question) == 78
    assert counted == [78, 110, 147 - 1]  # the pair framed in 1 more, as the first: the second a token under


def test_a_streamed_calls_index_may_come_back_in_the_history(client):
    # A gpt-4o stream recorded after August 2025 (llama-stack's recordings) answered a history whose call kept the
    # `index` of the deltas it was gathered from; an unknown key beside it is still refused.
    call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
    messages = USER + [{"role": "assistant", "content": "", "tool_calls": [call]},
                       {"role": "tool", "tool_call_id": "call_1", "content": "Sunny"}]
    assert chat(client, messages=messages).status_code == 200
    messages[1]["tool_calls"][0] = {**call, "bogus": 1}
    error = chat(client, messages=messages).get_json()["error"]
    assert (error["param"], error["code"]) == ("messages[1].tool_calls[0].bogus", "unknown_parameter")


def test_a_function_definition_may_carry_keys_of_the_clients_own(client):
    # agno sends requires_confirmation and external_execution in every function: answered on gpt-4o-mini in August
    # 2026 (braintrust's cassettes), and counted as without them.
    plain = chat(client, tools=[WEATHER]).get_json()
    extra = {**WEATHER, "function": {**WEATHER["function"], "requires_confirmation": False,
                                     "external_execution": False}}
    body = chat(client, tools=[extra]).get_json()
    assert body["usage"]["prompt_tokens"] == plain["usage"]["prompt_tokens"]


def test_a_past_calls_arguments_count_as_compact_json_whatever_their_spacing(client):
    # The same call and its answer cost 30 tokens on gpt-4o-mini sent compact (November 2025) and with json.dumps's
    # spaces, as LangChain sends it back (July 2026; braintrust's cassettes).
    def prompt_tokens(arguments):
        call = {"type": "function", "id": "call_1", "function": {"name": "get_weather", "arguments": arguments}}
        messages = USER + [{"role": "assistant", "content": None, "tool_calls": [call]},
                           {"role": "tool", "tool_call_id": "call_1", "content": "6223"}]
        return chat(client, model="gpt-4o-mini", messages=messages, tools=[WEATHER]).get_json()["usage"][
            "prompt_tokens"]
    assert prompt_tokens('{"location": "Boston, MA", "unit": "celsius"}') == prompt_tokens(
        '{"location":"Boston, MA","unit":"celsius"}')
    assert prompt_tokens("not json, really: no") > prompt_tokens("not json")  # other text counted as sent


def test_a_nested_propertys_enum_and_union_count_as_a_top_level_ones_do():
    # A gpt-4o-mini tool recorded in July 2026 (LangChain's, braintrust's cassettes) whose object parameter holds an
    # enum of four operations counted 97 prompt tokens; 76 were counted without its enum, 91 with it.
    def nested(spec):
        return tokens.count_function_tokens([{"name": "calculator", "parameters": {"type": "object", "properties": {
            "input": {"type": "object", "properties": {"operation": spec}}}}}], 7)
    plain = nested({"type": "string"})
    enum = ["add", "subtract", "multiply", "divide"]
    assert nested({"type": "string", "enum": enum}) == plain - 3 + sum(
        3 + tokens.count_tokens(item) for item in enum) + tokens.ENUM_TOKENS
    assert nested({"anyOf": [{"type": "string"}, {"type": "null"}]}) == nested({"type": "string | null"})


# What tool_choice adds to a chat prompt on a model that does not reason: measured against the API by
# openai-messages-token-helper (gpt-3.5 and gpt-4, 2024: none 1, a forced function 7 and its name's tokens) and
# openai-chat-tokens (a legacy function_call, 2023: 4 and its name's), recorded on gpt-4o-mini (openai-dotnet's session
# records, September 2025: auto 58, none 59, a forced get_number_for_word 69); a reasoning model's nothing (none and
# required on gpt-5-mini, pydantic-ai's captures, January 2026). The name counts as the tokenizer writes it
# (get|_current|_weather: 3).
@pytest.mark.parametrize("model, restated", [("gpt-4", True), ("gpt-3.5-turbo", True), ("gpt-4o", True),
                                             ("gpt-4o-mini", True), ("gpt-5-mini", False)])
def test_tool_choice_costs_a_forced_functions_name_and_none_in_chat(client, model, restated):
    name_tokens = tokens.count_name_tokens("get_current_weather")
    forced = {"type": "function", "function": {"name": "get_current_weather"}}

    def prompt(**request):
        return chat(client, model=model, messages=COOKBOOK_MESSAGES, **request).get_json()["usage"]["prompt_tokens"]

    auto = prompt(tools=[COOKBOOK_TOOL])
    assert prompt(tools=[COOKBOOK_TOOL], tool_choice="auto") == prompt(tools=[COOKBOOK_TOOL], tool_choice="required") \
        == auto
    assert prompt(tools=[COOKBOOK_TOOL], tool_choice="none") == auto + restated
    assert prompt(tools=[COOKBOOK_TOOL], tool_choice=forced) == auto + (7 + name_tokens if restated else 0)
    allowed = {"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [forced]}}
    assert prompt(tools=[COOKBOOK_TOOL], tool_choice=allowed) == auto


def test_a_forced_function_costs_7_and_its_names_tokens_in_chat(client):
    # gpt-4o-mini, openai-dotnet's chat session records of September 2025: 58 on auto, 69 with get_number_for_word
    # forced, 7 and get|_number|_for|_word (the estimate of the whole name, 5, made it 70).
    tool = {"type": "function", "function": {
        "name": "get_number_for_word", "description": "gets an arbitrary number assigned to a given word",
        "parameters": {"type": "object", "properties": {"word": {"type": "string"}}}}}
    forced = {"type": "function", "function": {"name": "get_number_for_word"}}
    counted = [chat(client, model="gpt-4o-mini", messages=[{"role": "user", "content": "What's the number for the "
                                                            "word 'banana'?"}], tools=[tool], **choice).get_json()
               ["usage"]["prompt_tokens"] for choice in ({}, {"tool_choice": forced})]
    assert counted[1] - counted[0] == 11


# The weather tool of openai-dotnet's Responses session records (gpt-4o-mini): the same request counted 74 on auto
# and 85 with the function forced, in August 2025 and again in August-September 2026 (non-strict with `unit`
# optional, and strict).
DOTNET_WEATHER = {"type": "function", "name": "get_weather_at_location",
                  "description": "Gets the weather at a specified location, optionally specifying units for "
                                 "temperature",
                  "parameters": {"type": "object", "properties": {
                      "location": {"type": "string"}, "unit": {"type": "string", "enum": ["C", "F", "K"]}},
                      "required": ["location"]}, "strict": False}
DOTNET_WEATHER_STRICT = {**DOTNET_WEATHER, "strict": True, "parameters": {
    **DOTNET_WEATHER["parameters"], "required": ["location", "unit"], "additionalProperties": False}}


@pytest.mark.parametrize("function", [DOTNET_WEATHER, DOTNET_WEATHER_STRICT])
def test_the_responses_api_counts_a_forced_function_as_chat_does(client, function):
    question = [{"type": "message", "role": "user", "content": [
        {"type": "input_text", "text": "What should I wear for the weather in San Francisco, CA?"}]}]
    forced = {"type": "function", "name": "get_weather_at_location"}

    def counted(model="gpt-4o-mini", tools=(function,), **choice):
        body = {"model": model, "input": question, "tools": list(tools), **choice}
        return client.post("/v1/responses/input_tokens", json=body).get_json()["input_tokens"]

    def used(**choice):
        return client.post("/v1/responses", json={"model": "gpt-4o-mini", "input": question, "tools": [function],
                                                  **choice}).get_json()["usage"]["input_tokens"]

    auto = counted()
    assert auto == 74  # recorded
    assert counted(tool_choice=forced) == used(tool_choice=forced) == auto + 11  # 7, and get|_weather|_at|_location
    assert used() == auto
    # A call required, and with it no system message, counts the functions as chat does (see
    # test_functions_cost_less_in_the_responses_api_without_a_system_message); none is not recorded in the Responses
    # API, and allowed_tools is counted by its mode.
    allowed = {"type": "allowed_tools", "mode": "required", "tools": [forced]}
    assert counted(tool_choice="auto") == counted(tool_choice="none") == auto
    assert counted(tool_choice="required") == counted(tool_choice=allowed) == auto + 6
    # A built-in tool forced beside the function names no function; a reasoning model restates none of it.
    search = [function, {"type": "web_search_preview"}]
    assert counted(tools=search, tool_choice={"type": "web_search_preview"}) == counted(tools=search)
    assert counted("gpt-5-mini", tool_choice=forced) == counted("gpt-5-mini")


# opentelemetry-python-contrib's cassettes of gpt-4o-mini in the Responses API: (request, input_tokens recorded).
OTEL_TIME = {"type": "function", "name": "get_current_time", "description": "Get the current time",
             "parameters": {"type": "object", "properties": {}}}
OTEL_LONDON = {"type": "function", "name": "get_weather", "description": "Get weather for a location", "parameters": {
    "type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}
OTEL_SEATTLE = {"type": "function", "name": "get_current_weather",
                "description": "Get the current weather in a given location", "strict": True, "parameters": {
                    "type": "object", "properties": {"location": {
                        "type": "string", "description": "The city and state, e.g. Boston, MA"}},
                    "required": ["location"], "additionalProperties": False}}


@pytest.mark.parametrize(("body", "recorded"), [
    ({"input": "What time is it?", "tools": [OTEL_TIME]}, 36),  # December 2025
    ({"input": "What's the weather in London?", "tools": [OTEL_LONDON]}, 43),  # December 2025
    ({"input": "What's the weather in Seattle right now?", "tools": [OTEL_SEATTLE],
      "tool_choice": {"type": "function", "name": "get_current_weather"}}, 72),  # April 2026
])
def test_functions_cost_less_in_the_responses_api_without_a_system_message(client, body, recorded):
    body = {"model": "gpt-4o-mini", **body}
    assert client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] == recorded
    # 6 under chat's count of the same prompt, which a system message or a call required restores.
    functions = [{"type": "function", "function": {k: v for k, v in tool.items() if k != "type"}}
                 for tool in body["tools"]]
    choice = body.get("tool_choice")
    chat_body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": body["input"]}], "tools": functions,
                 **({"tool_choice": {"type": "function", "function": {"name": choice["name"]}}} if choice else {})}
    in_chat = chat(client, **chat_body).get_json()["usage"]["prompt_tokens"]
    assert in_chat == recorded + 6
    required = client.post("/v1/responses", json={**body, "tool_choice": "required"}).get_json()["usage"]
    if not choice:
        assert required["input_tokens"] == recorded + 6
    instructed = {**body, "instructions": "Be brief."}
    chat_body["messages"].insert(0, {"role": "system", "content": "Be brief."})
    # ... but for the 2 a system message saves in the Responses API (RESPONSES_SYSTEM_SAVING).
    assert client.post("/v1/responses", json=instructed).get_json()["usage"]["input_tokens"] == chat(
        client, **chat_body).get_json()["usage"]["prompt_tokens"] - tokens.RESPONSES_SYSTEM_SAVING


def test_a_forced_call_costs_its_arguments_and_a_finished_answers_framing(client):
    # gpt-4o-mini's forced call counted its arguments alone in chat (5 for {"word":"banana"}, where the unforced
    # call counted 16: openai-dotnet's session records, September 2025), and its arguments and one more in the
    # Responses API (13 for 12, August-September 2026): what a finished text costs in each (0 and 1 on gpt-4o-mini).
    tool = {"type": "function", "function": {"name": "get_weather_at_location", "parameters": {
        "type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}}
    forced = {"type": "function", "function": {"name": "get_weather_at_location"}}

    def answer(**request):
        body = chat(client, model="gpt-4o-mini", messages=[{"role": "user", "content": "Weather in Paris?"}],
                    tools=[tool], **request).get_json()
        return body["choices"][0]["message"]["tool_calls"][0]["function"], body["usage"]["completion_tokens"]

    (called, unforced), (forced_call, forced_cost) = answer(tool_choice="required"), answer(tool_choice=forced)
    assert called["arguments"] == forced_call["arguments"]
    assert forced_cost == tokens.count_tokens(forced_call["arguments"])
    assert unforced == forced_cost + tokens.count_name_tokens("get_weather_at_location") + completion.CALL_FRAMING + 1
    function = {"type": "function", **tool["function"]}
    responded = client.post("/v1/responses", json={
        "model": "gpt-4o-mini", "input": "Weather in Paris?", "tools": [function],
        "tool_choice": {"type": "function", "name": "get_weather_at_location"}}).get_json()
    assert responded["usage"]["output_tokens"] == tokens.count_tokens(responded["output"][0]["arguments"]) + 1


@pytest.mark.parametrize("model", ["gpt-3.5-turbo", "gpt-4"])
def test_a_legacy_function_call_costs_its_name(client, model):
    function = COOKBOOK_TOOL["function"]
    counted = [chat(client, model=model, messages=COOKBOOK_MESSAGES, functions=[function], **choice).get_json()
               ["usage"]["prompt_tokens"] for choice in ({}, {"function_call": {"name": "get_current_weather"}},
                                                          {"function_call": "none"})]
    assert counted[1:] == [counted[0] + 4 + tokens.count_name_tokens("get_current_weather"), counted[0] + 1]


@pytest.mark.parametrize("name, counted", [("get_weather", 2), ("get_current_weather", 3), ("getCurrentWeather", 3),
                                           ("search_documents", 2), ("list_files_in_directory", 4), ("calculate", 1)])
def test_a_calls_name_is_counted_as_the_tokenizer_writes_it(name, counted):
    # The counts of o200k and cl100k alike (each `_word` one token), where the estimate of text splits a long word
    # off the underscore before it.
    assert tokens.count_name_tokens(name) == counted


def test_a_description_of_several_lines_costs_a_token_a_line_more():
    # The prompt comments each line of a description (`// `): MCP tools' docstrings, a line each, counted 27 more
    # than their text on gpt-4o over 26 line breaks (two recordings of late 2025).
    docstring = "\n    Look up a user.\n\n    :param user_id: the user's id\n    :returns: the user\n"
    one_line = {"name": "get_user", "description": "Look up a user."}
    several = {"name": "get_user", "description": docstring,
               "parameters": {"type": "object", "properties": {"user_id": {"type": "string", "description": "a\nb"}}}}
    assert tokens.count_function_tokens([one_line], 7) == 7 + tokens._line_tokens("get_user", "Look up a user") + 12
    assert tokens.count_function_tokens([several], 7) == (
        7 + tokens._line_tokens("get_user", docstring.rstrip()) + 4
        + 3 + 3 + tokens._line_tokens("user_id", "string", "a\nb") + 1 + 12)



# An MCP tool's docstring as FastMCP sends it: indented lines and a blank one. gpt-4o counted two llama-stack
# recordings of late 2025 (490 prompt tokens for five such tools, 195 for two) as if each line were stripped and
# the blank one dropped, where the lines as sent came 9 and 31 over with the real tokenizer (exact now, names
# tokenized as o200k does, with the `//` after a full stop joining it).
EXPERIMENT_DOC = ("\n        Get the experiment ID for a given experiment name. This ID is needed to get results.\n\n"
                  "        :param experiment_name: The name of the experiment\n"
                  "        :return: The experiment ID\n        ")


def test_a_docstrings_indentation_and_blank_lines_cost_nothing():
    def function(description):
        return {"name": "get_experiment_id", "description": description, "parameters": {
            "type": "object", "properties": {"experiment_name": {"type": "string"}}, "required": ["experiment_name"]}}
    stripped = "\n".join(line.strip() for line in EXPERIMENT_DOC.strip().split("\n") if line.strip())
    assert tokens.count_namespace_tokens([function(EXPERIMENT_DOC)]) == tokens.count_namespace_tokens(
        [function(stripped)])


def _mcp_tool(name, doc, *properties):
    indented = "".join("\n" + (" " * 8 + line if line else "") for line in doc.split("\n")) + "\n" + " " * 8
    return {"type": "function", "function": {"name": name, "description": indented, "parameters": {
            "properties": {key: {"title": title, "type": "string"} for key, title in properties},
            "required": [key for key, _ in properties], "title": name + "Arguments", "type": "object"}}}


MCP_TOOLS = [
    _mcp_tool("get_user_id", "Get the user ID for a given username. This ID is needed for other operations.\n\n"
              ":param username: The username to look up\n:return: The user ID for the username",
              ("username", "Username")),
    _mcp_tool("get_user_permissions", "Get the permissions for a user ID. Requires a valid user ID from "
              "get_user_id.\n\n:param user_id: The user ID to check permissions for\n"
              ":return: The permissions for the user", ("user_id", "User Id")),
    _mcp_tool("check_file_access", "Check if a user can access a specific file. Requires a valid user ID.\n\n"
              ":param user_id: The user ID to check access for\n:param filename: The filename to check access to\n"
              ":return: Whether the user can access the file (yes/no)", ("user_id", "User Id"),
              ("filename", "Filename")),
    _mcp_tool("get_experiment_id", "Get the experiment ID for a given experiment name. This ID is needed to get "
              "results.\n\n:param experiment_name: The name of the experiment\n:return: The experiment ID",
              ("experiment_name", "Experiment Name")),
    _mcp_tool("get_experiment_results", "Get the results for an experiment ID. Requires a valid experiment ID from "
              "get_experiment_id.\n\n:param experiment_id: The experiment ID to get results for\n"
              ":return: The experiment results", ("experiment_id", "Experiment Id"))]


def _mcp_turn(call_id, name, arguments, answer):
    call = {"index": 0, "id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
    return [{"role": "assistant", "content": "", "tool_calls": [call]},
            {"role": "tool", "tool_call_id": call_id, "content": [{"type": "text", "text": answer}]}]


def test_mcp_tools_docstrings_count_as_recorded(client):
    # llama-stack's recording (gpt-4o, late 2025): five MCP tools, a question and two calls answered; 490.
    assert MCP_TOOLS[3]["function"]["description"] == EXPERIMENT_DOC
    messages = [{"role": "user", "content": "I need to get the results for the 'boiling_point' experiment. First, "
                 "get the experiment ID for 'boiling_point', then use that ID to get the experiment results. Tell "
                 "me the boiling point in Celsius."}]
    messages += _mcp_turn("call_pfjx7rzqy4092oIAvypciFCI", "get_experiment_id", '{"experiment_name":"boiling_point"}',
                          "exp_004")
    messages += _mcp_turn("call_NlgAihPBbnOY1ze8l8QV3sIw", "get_experiment_results", '{"experiment_id":"exp_004"}',
                          "Boiling Point: 100\u00b0C, Status: Verified")
    usage = chat(client, messages=messages, tools=MCP_TOOLS, temperature=1.0).get_json()["usage"]
    # The estimate comes 5 under (485): it reads boiling, o200k's bo|iling, a token short each of the three times
    # (boiling_point), which a token too many on _point hid before.
    assert -5 <= usage["prompt_tokens"] - 490 <= 3


def test_a_comment_line_after_a_full_stop_shares_its_slashes():
    # o200k writes a line break and the next comment's `//` after one `.`, `!`, `)`, `:`, `,`, `;`, `"` or `*` in one
    # token (`.\n//`), not after `?` (`?\n` then `//`), two marks (`"` then `.\n//`; `).\n` then `//`) or a word
    # (`\n` then `//`); cl100k writes `.\n` and `//` apart (all as the real tokenizers write them).
    def namespace(description, count=tokens.count_tokens_o200k):
        return tokens.count_namespace_tokens([{"name": "get_boiling_point", "description": description,
                                               "parameters": {"type": "object", "properties": {}}}], count)
    plain = namespace("Returns the boiling point\n:param liquid_name: The name of the liquid")
    for end in '.!):,;"*':
        assert namespace(f"Returns the boiling point{end}\n:param liquid_name: The name of the liquid") == plain - 1
    for end in ("?", '".', ")."):
        assert namespace(f"Returns the boiling point{end}\n:param liquid_name: The name of the liquid") == plain
    assert namespace("Returns the boiling point.") == namespace("Returns the boiling point")
    assert namespace("Returns the boiling point.\n:param x: y", tokens.count_tokens) == namespace(
        "Returns the boiling point\n:param x: y", tokens.count_tokens)


def test_mcp_tools_of_another_turn_count_as_recorded(client):
    # llama-stack's recording (gpt-4o, late 2025): the same five MCP tools, another question and two calls answered;
    # 507, exact with the real tokenizer where each docstring's `//` after its first sentence counted one more.
    messages = [{"role": "user", "content": "Help me with this security check: First, get the user ID for 'charlie', "
                 "then get the permissions for that user ID, and finally check if that user can access "
                 "'secret_file.txt'. Stream your progress as you work through each step. Return only one tool call "
                 "per step. Summarize the final result with a single 'yes' or 'no' response."}]
    messages += _mcp_turn("call_ZHhL68jr8ezY2RXrrCUCbgQG", "get_user_id", '{"username":"charlie"}', "user_11111")
    messages += _mcp_turn("call_C6DyL5VHixv1JJujmUDXQnXh", "get_user_permissions", '{"user_id":"user_11111"}', "admin")
    usage = chat(client, messages=messages, tools=MCP_TOOLS, temperature=1.0).get_json()["usage"]
    assert abs(usage["prompt_tokens"] - 507) <= 1


# A strict schema's patterns are RE2's: a lookaround or a backreference is refused (reported of the API, May to
# September 2026, gpt-5.5 and gpt-5.6; zod's email pattern the usual one). A non-strict chat tool is not compiled.
ZOD_EMAIL = ("^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+"
             "[A-Za-z]{2,}$")


def strict_object(**properties):
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


@pytest.mark.parametrize("pattern, problem", [(ZOD_EMAIL, "lookaround"), ("(?<=@)\\w+", "lookaround"),
                                              ("(a)\\1", "backreferences"), ("(?P<x>a)(?P=x)", "backreferences")])
def test_a_strict_schemas_pattern_that_re2_refuses_is_refused(client, pattern, problem):
    parameters = strict_object(email={"type": "string", "pattern": pattern})
    strict = {"type": "function", "function": {"name": "send", "strict": True, "parameters": parameters}}
    response = chat(client, tools=[strict])
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "message": f"Invalid JSON schema: regex {problem} is not supported. Found at $.properties.email.pattern.",
        "type": "invalid_request_error", "param": "tools", "code": "invalid_json_schema"}
    loose = {"type": "function", "function": {"name": "send", "parameters": parameters}}
    assert chat(client, tools=[loose]).status_code == 200


def test_re2s_refusal_names_where_the_pattern_is_in_json_path(client):
    # As reported for a pydantic model's Decimal in a format: `$defs` quoted, a union's branch by its index.
    reading = strict_object(value={"anyOf": [{"type": "null"}, {"type": "string", "pattern": "^(?!-)\\d+$"}]})
    schema = {**strict_object(reading={"$ref": "#/$defs/Reading"}), "$defs": {"Reading": reading}}
    response = client.post("/v1/responses", json={"model": "gpt-5.5", "input": "hi", "text": {"format": {
        "type": "json_schema", "name": "r", "strict": True, "schema": schema}}})
    assert response.status_code == 400
    assert (response.get_json()["error"]["message"], response.get_json()["error"]["param"]) == (
        "Invalid JSON schema: regex lookaround is not supported. Found at "
        "$['$defs'].Reading.properties.value.anyOf[1].pattern.", "text.format.schema")
    # The Responses API makes a function that leaves strict out strict when it can: its patterns are compiled too.
    tool = {"type": "function", "name": "send", "parameters": strict_object(to={"type": "string",
                                                                                "pattern": ZOD_EMAIL})}
    made_strict = client.post("/v1/responses", json={"model": "gpt-5.5", "input": "hi", "tools": [tool]})
    assert (made_strict.status_code, made_strict.get_json()["error"]["param"]) == (400, "tools")
    taken = client.post("/v1/responses", json={"model": "gpt-5.5", "input": "hi", "tools": [{**tool, "strict": False}]})
    assert taken.status_code == 200
    for fine in ("[(?=]x", "\\(?=x", "^[^]]*$", "(?<name>a)", "^\\d{3}$"):
        assert tool_schemas.unsupported_regex(strict_object(x={"type": "string", "pattern": fine})) is None, fine


def test_a_strict_schemas_ref_must_resolve_from_the_root(client):
    # Recorded on gpt-4o-mini (August 2026): `$defs` inside a subschema are not found; at the root they are.
    shared = {"$defs": {"Shared": {"type": "string"}}}
    item = strict_object(shared={"$ref": "#/$defs/Shared"})
    nested = strict_object(elements={"type": "array", "items": {**item, **shared}})
    at_root = {**strict_object(elements={"type": "array", "items": item}), **shared}

    def answer(schema):
        return client.post("/v1/responses", json={"model": "gpt-4o-mini", "input": "hi", "text": {"format": {
            "type": "json_schema", "name": "response", "strict": True, "schema": schema}}})
    refused = answer(nested)
    assert refused.status_code == 400 and refused.get_json()["error"] == {
        "message": "Invalid schema for response_format 'response': In context=('properties', 'elements', 'items', "
                   "'properties', 'shared'), reference to component '#/$defs/Shared' which was not found in the "
                   "schema.", "type": "invalid_request_error", "param": "text.format.schema",
        "code": "invalid_json_schema"}
    assert answer(at_root).status_code == 200
    assert answer({**strict_object(a={"$ref": "#/$defs/Missing"}), "$defs": {}}).status_code == 400


def test_a_functions_description_has_at_most_a_mebibyte(client):
    # The validator's wording, quoted of chat in 2026 (a description of 2,778,531 characters).
    tool = {"type": "function", "function": {"name": "f", "description": "a" * 1048577}}
    error = chat(client, model="gpt-4.1", tools=[tool]).get_json()["error"]
    assert (error["message"], error["param"], error["code"]) == (
        "Invalid 'tools[0].function.description': string too long. Expected a string with maximum length 1048576, "
        "but got a string with length 1048577 instead.", "tools[0].function.description", "string_above_max_length")
    tool["function"]["description"] = "a" * 1048576
    assert chat(client, model="gpt-4.1", tools=[tool]).status_code == 200


@pytest.mark.parametrize("extra", [{}, {"tools": []}, {"functions": None}, {"response_format": {"type": "json_object"}},
                                   {"response_format": {"type": "json_schema", "json_schema": {"name": "n", "schema": {
                                       "type": "object", "properties": {"a": {"type": "string"}}}}}}])
def test_a_request_offering_nothing_to_call_is_answered_as_the_calls_planned_would_answer_it(extra):
    from fauxpen import tooluse

    req = {"messages": [{"role": "user", "content": "Hi"}], **extra}
    assert tooluse.planned_calls(req) == ((), False, "stop", False)  # what decide no longer asks
    expected = tooluse.Answer(content=tooluse.content(req, "Hello!"))
    assert tooluse.decide(req, "Hello!") == expected and tooluse.decide(req, "Hello!") is tooluse.decide(req, "Hello!")
    long = "x" * (tooluse.KEPT_TEXT_LENGTH + 1)  # an answer of a long text is made anew, not kept
    assert tooluse.decide(req, long) == tooluse.Answer(content=tooluse.content(req, long))
