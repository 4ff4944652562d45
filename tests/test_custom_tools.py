"""Chat's custom tools (GPT-5 models): the SDK's request shapes, calls written as free text, their stream, and
allowed_tools. Shapes from the SDK's types and OpenAI's own stream fixture (openai-node, 2026); no raw capture of
a chat custom call exists, so the wordings of the refusals are guesses on the API's usual patterns."""
import re

import pytest

from .conftest import sse_chunks

CODE = {"type": "custom", "custom": {"name": "code_exec", "description": "Executes python code"}}
DATE = {"type": "custom", "custom": {"name": "pick_date", "format": {
    "type": "grammar", "grammar": {"syntax": "regex", "definition": r"^\d{4}-\d{2}-\d{2}$"}}}}
WEATHER = {"type": "function", "function": {"name": "get_weather", "parameters": {
    "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
USER = [{"role": "user", "content": "print the first ten primes"}]
CALL_ID = re.compile(r"^call_[A-Za-z0-9]{24}$")


def chat(client, **body):
    body.setdefault("model", "gpt-5")
    body.setdefault("messages", USER)
    response = client.post("/v1/chat/completions", json=body)
    return response.status_code, response.get_json()


def test_a_custom_tool_is_called_with_text(client):
    status, body = chat(client, tools=[CODE])
    assert status == 200
    choice = body["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert list(choice["message"]) == ["role", "content", "tool_calls", "refusal", "annotations"]
    [call] = choice["message"]["tool_calls"]
    assert list(call) == ["id", "type", "custom"] and CALL_ID.match(call["id"]) and call["type"] == "custom"
    assert call["custom"] == {"name": "code_exec", "input": "print the first ten primes"}
    forced = chat(client, tools=[WEATHER, CODE], tool_choice={"type": "custom", "custom": {"name": "code_exec"}})[1]
    assert forced["choices"][0]["finish_reason"] == "stop"  # as a forced function ends
    assert [c["custom"]["name"] for c in forced["choices"][0]["message"]["tool_calls"]] == ["code_exec"]


def test_a_regex_grammar_shapes_the_input(client):
    [call] = chat(client, tools=[DATE])[1]["choices"][0]["message"]["tool_calls"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", call["custom"]["input"])


def test_a_custom_call_streams_its_input_in_pieces(client):
    response = client.post("/v1/chat/completions", json={"model": "gpt-5", "messages": USER, "tools": [CODE],
                                                         "stream": True})
    deltas = [chunk["choices"][0]["delta"] for chunk in sse_chunks(response)]
    head = deltas[0]["tool_calls"][0]
    assert list(deltas[0]) == ["role", "content", "tool_calls", "refusal"]
    assert list(head) == ["index", "id", "type", "custom"] and head["custom"] == {"name": "code_exec", "input": ""}
    pieces = [d["tool_calls"][0] for d in deltas[1:-1]]
    assert pieces and all(list(p) == ["index", "custom"] and list(p["custom"]) == ["input"] for p in pieces)
    assert "".join(p["custom"]["input"] for p in pieces) == "print the first ten primes"
    assert deltas[-1] == {}


def test_a_custom_call_and_its_result_go_back(client):
    call = {"id": "call_abc", "type": "custom", "custom": {"name": "code_exec", "input": "print(1)"}}
    messages = USER + [{"role": "assistant", "content": None, "tool_calls": [call]},
                       {"role": "tool", "tool_call_id": "call_abc", "content": "1"}]
    status, body = chat(client, tools=[CODE], messages=messages)
    assert status == 200 and body["choices"][0]["message"]["content"]
    assert body["usage"]["prompt_tokens"] > chat(client, tools=[CODE])[1]["usage"]["prompt_tokens"]
    unanswered = chat(client, tools=[CODE], messages=messages[:2])[1]["error"]
    assert unanswered["message"].endswith("did not have response messages: call_abc")
    broken = chat(client, tools=[CODE], messages=USER + [
        {"role": "assistant", "tool_calls": [{**call, "custom": {"name": "code_exec"}}]}])[1]["error"]
    assert (broken["message"], broken["param"]) == ("Missing required parameter: 'messages[1].tool_calls[0].custom"
                                                    ".input'.", "messages[1].tool_calls[0].custom.input")


def test_allowed_tools_narrow_the_choice(client):
    allowed = {"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [
        {"type": "function", "function": {"name": "get_weather"}}]}}
    [call] = chat(client, tools=[CODE, WEATHER], tool_choice=allowed)[1]["choices"][0]["message"]["tool_calls"]
    assert call["type"] == "function" and call["function"]["name"] == "get_weather"
    # Every tool stays in the prompt: the allowed list changes nothing of its tokens.
    assert chat(client, tools=[CODE, WEATHER], tool_choice=allowed)[1]["usage"]["prompt_tokens"] == \
        chat(client, tools=[CODE, WEATHER])[1]["usage"]["prompt_tokens"]


@pytest.mark.parametrize("fields, message, param", [
    ({"tools": [{"type": "custom"}]}, "Missing required parameter: 'tools[0].custom'.", "tools[0].custom"),
    ({"tools": [{"type": "custom", "custom": {}}]}, "Missing required parameter: 'tools[0].custom.name'.",
     "tools[0].custom.name"),
    ({"tools": [{"type": "custom", "function": {"name": "f"}, "custom": {"name": "f"}}]},
     "Unknown parameter: 'tools[0].function'.", "tools[0].function"),
    ({"tools": [{"type": "custom", "custom": {"name": "f", "format": {"type": "json"}}}]},
     "Invalid value: 'json'. Supported values are: 'text' and 'grammar'.", "tools[0].custom.format.type"),
    ({"tools": [{"type": "custom", "custom": {"name": "f", "format": {"type": "grammar", "grammar": {
        "syntax": "ebnf", "definition": "x"}}}}]}, "Invalid value: 'ebnf'. Supported values are: 'lark' and "
     "'regex'.", "tools[0].custom.format.grammar.syntax"),
    ({"tools": [{"type": "custom", "custom": {"name": "f", "format": {"type": "grammar"}}}]},
     "Missing required parameter: 'tools[0].custom.format.grammar'.", "tools[0].custom.format.grammar"),
    ({"tools": [CODE], "tool_choice": {"type": "custom", "custom": {"name": "other"}}},
     "Tool choice 'other' not found in 'tools' parameter.", "tool_choice"),
    ({"tools": [WEATHER], "tool_choice": {"type": "custom", "custom": {"name": "get_weather"}}},
     "Tool choice 'get_weather' not found in 'tools' parameter.", "tool_choice"),
    ({"tools": [CODE], "tool_choice": {"type": "allowed_tools", "allowed_tools": {"mode": "any", "tools": []}}},
     "Invalid value: 'any'. Supported values are: 'auto' and 'required'.", "tool_choice.allowed_tools.mode"),
    ({"tools": [CODE], "model": "gpt-4o"}, "Unsupported value: 'tools[0].type' does not support 'custom' with this "
     "model. Supported values are: 'function'.", "tools[0].type"),
])
def test_a_malformed_custom_tool_is_refused(client, fields, message, param):
    status, body = chat(client, **fields)
    assert status == 400 and (body["error"]["message"], body["error"]["param"]) == (message, param)


def test_the_sdk_reads_a_custom_call(sdk):
    completion = sdk.chat.completions.create(model="gpt-5", messages=USER, tools=[CODE])
    call = completion.choices[0].message.tool_calls[0]
    assert call.type == "custom" and call.custom.name == "code_exec" and call.custom.input
