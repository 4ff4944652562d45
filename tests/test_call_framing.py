"""What an answer that calls a function costs beside the call's name and arguments: 7 tokens and the framing the
model's text answers cost in the API called (its channel, on the GPT-5 models), as recorded; a custom tool's call
2 fewer."""
import pytest

from fauxpen import completion, create_app, tokens

WEATHER = {"name": "get_weather", "description": "Get current weather for a city.", "strict": True,
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                          "additionalProperties": False}}
LOOKUP = {"name": "lookup_weather", "description": "Look up the current weather in a city.",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}


def chat_call(client, model, tool, text, **fields):
    body = client.post("/v1/chat/completions", json={
        "model": model, "messages": [{"role": "user", "content": text}],
        "tools": [{"type": "function", "function": tool}], **fields}).get_json()
    function = body["choices"][0]["message"]["tool_calls"][0]["function"]
    return function, body["usage"]["completion_tokens"]


def responses_call(client, model, tool, text, **fields):
    body = client.post("/v1/responses", json={"model": model, "input": text, "tools": [tool], **fields}).get_json()
    call = next(item for item in body["output"] if item["type"] in ("function_call", "custom_tool_call"))
    assert body["usage"]["output_tokens_details"]["reasoning_tokens"] == 0
    return call, body["usage"]["output_tokens"]


def cost(name, arguments):
    return tokens.count_name_tokens(name) + tokens.count_tokens(arguments)


def test_gpt_4o_writes_a_call_in_one_token_more_in_the_responses_api_than_in_chat(client):
    # pydantic-ai's cassette (gpt-4o, Responses API, February 2026): get_weather({"city":"Paris"}), 2 + 5 tokens,
    # counted 15; in chat gpt-4o's calls of 2 + 5 counted 14 (late 2025), its text alone.
    text = "What is the weather in Paris? Use the get_weather tool."
    call, counted = responses_call(client, "gpt-4o", {"type": "function", **WEATHER}, text)
    assert call["arguments"] == '{"city":"Paris"}' and counted == 15
    function, chat_counted = chat_call(client, "gpt-4o", WEATHER, text)
    assert function["arguments"] == call["arguments"] and chat_counted == 14


@pytest.mark.parametrize("api, recorded", [("chat", 17), ("responses", 18)])
def test_gpt_5_4_writes_a_call_in_its_answers_framing(client, api, recorded):
    # logfire's cassettes (gpt-5.4-nano, effort none, September 2026): lookup_weather({"city":"Paris"}), 2 + 5
    # tokens, counted 17 in chat and 18 in the Responses API, where `OK.` (2 tokens) counted 5 in chat and `The
    # weather in Paris is sunny.` (7) 11 in the Responses API.
    text = "What's the weather in Paris?"
    if api == "chat":
        function, counted = chat_call(client, "gpt-5.4-nano", LOOKUP, text)
    else:
        function, counted = responses_call(client, "gpt-5.4-nano", {"type": "function", **LOOKUP}, text,
                                           reasoning={"effort": "none"})
    assert function["arguments"] == '{"city":"Paris"}' and counted == recorded


@pytest.mark.parametrize("model, api, reply, written, recorded", [
    ("gpt-5.4-nano", "chat", "OK.", 2, 5),           # logfire's cassettes, September 2026 (`BANANA`, 2, 5 too)
    ("gpt-5.4-nano", "responses", "The weather in Paris is sunny.", 7, 11),
    ("gpt-4.1-mini", "chat", "cobalt", 2, 2),         # rig's chat_terminal_metadata_matrix, 2026: the text alone
    ("gpt-5.1", "chat", "Hello! How can I help you today?", 9, 18),  # effort none, 2025-2026
])
def test_a_text_answer_costs_its_framing(model, api, reply, written, recorded):
    # written: the reply's tokens with o200k; fauxpen's estimate of them may differ, its framing may not.
    client = create_app({"TESTING": True, "FAUXPEN_REPLY": reply}).test_client()
    if api == "chat":
        body = client.post("/v1/chat/completions", json={
            "model": model, "messages": [{"role": "user", "content": "Say it."}]}).get_json()
        assert body["choices"][0]["message"]["content"] == reply
        counted = body["usage"]["completion_tokens"]
    else:
        body = client.post("/v1/responses", json={"model": model, "input": "Say it.",
                                                  "reasoning": {"effort": "none"}}).get_json()
        assert body["output"][-1]["content"][0]["text"] == reply
        counted = body["usage"]["output_tokens"]
    assert counted - tokens.count_tokens(reply) == recorded - written


def test_gpt_5_1_writes_a_call_in_ten_tokens_of_framing_in_the_responses_api(client):
    # vercel/ai's fixture (gpt-5.1, effort none, tool_choice required, 2026): get_weather({"city":"Beijing"}), 2 + 6
    # tokens with o200k, counted 25.
    call, counted = responses_call(client, "gpt-5.1", {"type": "function", **WEATHER}, "What is the weather in "
                                   "Beijing?", tool_choice="required", reasoning={"effort": "none"})
    assert call["arguments"] == '{"city":"Beijing"}'
    assert counted == cost("get_weather", call["arguments"]) + 7 + 10


def test_a_custom_tools_call_costs_two_fewer_than_a_functions():
    # openai-dotnet's session records (gpt-5.6, Responses API, 2026): code_exec's input of 5 tokens counted 16,
    # math_exp's of 4 counted 15: 9 beside the name and the input, where a function's call takes 11.
    for name, text, recorded in (("code_exec", 'print("hello world")\n', 16), ("math_exp", "4 + 4", 15)):
        choice = completion.plan_tool_choice(0, [(name, text, True)], "tool_calls", framing=4, call_framing=4)
        assert choice.completion_tokens == cost(name, text) + 9
        assert tokens.count_tokens(text) + 11 == recorded
        function = completion.plan_tool_choice(0, [(name, text, False)], "tool_calls", framing=4, call_framing=4)
        assert function.completion_tokens == choice.completion_tokens + 2


def test_gpt_5_4_mini_writes_a_call_as_gpt_5_4_nano_does(client):
    # pydantic-ai's cassette (gpt-5.4-mini, Responses API, effort none, 2026): load_capability({"id":"refunds"}),
    # 3 + 6 tokens with o200k, counted 20.
    tool = {"type": "function", "name": "load_capability", "strict": True,
            "description": "Load a capability to access its full instructions and tools.",
            "parameters": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"],
                           "additionalProperties": False}}
    call, counted = responses_call(client, "gpt-5.4-mini", tool, "First load the refunds capability.",
                                   reasoning={"effort": "none"})
    assert counted == cost("load_capability", call["arguments"]) + 11
