"""What function definitions cost in a prompt on the o200k models that do not reason: the API's TypeScript namespace
(tokens.count_namespace_tokens), against recordings of real traffic."""
import json
import re

import pytest

from fauxpen import tokens
from fauxpen.schemas import responses

# Facts from recordings: (source, endpoint, request body, the usage's prompt_tokens / input_tokens).
# The endpoint is chat (/v1/chat/completions) or input_tokens (/v1/responses/input_tokens).
_CAPITAL = [{"type": "function", "function": {"description": "", "name": "get_user_country", "parameters": {
    "additionalProperties": False, "properties": {}, "type": "object"}}},
            {"type": "function", "function": {"description": "The final response which ends this conversation",
             "name": "final_result", "parameters": {"additionalProperties": False, "properties": {
                 "city": {"type": "string"}, "country": {"type": "string"}}, "required": ["city", "country"],
                 "type": "object"}, "strict": True}}]
_TEMPERATURE = [{"type": "function", "function": {"description": "", "name": "get_temperature", "parameters": {
    "additionalProperties": False, "properties": {"city": {"type": "string"}}, "required": ["city"],
    "type": "object"}, "strict": True}}]
_TOKYO = [{"content": "You are a helpful assistant.", "role": "system"},
          {"content": "What is the temperature in Tokyo?", "role": "user"}]
_CITY_WEATHER = {"type": "function", "function": {
    "description": "gets the current weather for a given city", "name": "get_weather_for_city",
    "parameters": {"type": "object", "properties": {"city_name": {
        "type": "string", "description": "the name of a city, e.g. Johannesburg or Ho Chi Minh City."}},
        "required": ["city_name"]}}}
_MOOD = {"type": "function", "function": {
    "description": "gets the caller's mood for a given weather", "name": "get_mood_for_weather",
    "parameters": {"type": "object", "properties": {"weather": {
        "type": "string", "description": "the current weather of where the caller is located, e.g. sunny or cloudy."}},
        "required": ["weather"]}}}


_WEATHER_DEFAULT = {"type": "function", "function": {"name": "get_current_weather", "parameters": {"properties": {
    "location": {"title": "Location"}, "unit": {"default": "fahrenheit", "title": "Unit"}}, "required": ["location"],
    "type": "object"}, "description": "Get the current weather in a given location"}}


def _user(text):
    return [{"role": "user", "content": text}]


def _agents_sdk_request(model, instructions, question, name, description, key, title):
    """A Responses request as the OpenAI Agents SDK sends one strict function of one string parameter: the
    parameters titled `<name>_args`, the parameter titled, neither described."""
    parameters = {"properties": {key: {"title": title, "type": "string"}}, "required": [key],
                  "title": f"{name}_args", "type": "object", "additionalProperties": False}
    return {"model": model, "instructions": instructions, "input": [{"content": question, "role": "user"}],
            "tools": [{"name": name, "parameters": parameters, "strict": True, "type": "function",
                       "description": description}]}


def _system(text):
    return {"role": "system", "content": [{"type": "input_text", "text": text}]}


def _asked(text):
    return {"role": "user", "content": [{"type": "input_text", "text": text}]}


def _bare_function(name, description):
    """A strict function of no parameters as ellmer sends one."""
    return {"type": "function", "name": name, "description": description, "strict": True, "parameters": {
        "type": "object", "description": "", "properties": {}, "required": [], "additionalProperties": False}}


_ALWAYS = "Always use a tool to answer. Reply with 'It is ____.'."
_YMD = "What's the current date in Y-M-D format?"

RECORDED = [
    # pydantic-ai, tests/models/cassettes/test_openai/test_openai_tool_output.yaml (January 2026), both requests
    ("pydantic-ai tool_output 1", "chat", {
        "model": "gpt-4o", "messages": _user("What is the largest city in the user country?"),
        "tool_choice": "required", "tools": _CAPITAL}, 68),
    ("pydantic-ai tool_output 2", "chat", {
        "model": "gpt-4o", "messages": _user("What is the largest city in the user country?") + [
            {"content": None, "role": "assistant", "tool_calls": [{"function": {
                "arguments": "{}", "name": "get_user_country"}, "id": "call_55Y1MexM7u2PSyLKUqMvO1o0",
                "type": "function"}]},
            {"content": "Mexico", "role": "tool", "tool_call_id": "call_55Y1MexM7u2PSyLKUqMvO1o0"}],
        "tool_choice": "required", "tools": _CAPITAL}, 89),
    # pydantic-ai, test_openai/test_responses_count_tokens_with_tools.yaml
    ("pydantic-ai responses_count_tokens_with_tools", "input_tokens", {
        "model": "gpt-4.1-mini", "input": [{"content": "What is the weather in Paris?", "role": "user"}],
        "tool_choice": "required", "tools": [{"type": "function", "name": "get_weather",
                                              "description": "Get the weather for a location", "strict": False,
                                              "parameters": {"additionalProperties": False, "properties": {
                                                  "location": {"type": "string"}}, "type": "object"}}]}, 51),
    # pydantic-ai, test_openai/test_openai_instructions_with_tool_calls_keep_instructions.yaml (January 2026): a
    # system message takes the tools (4 fewer than a message of their own)
    ("pydantic-ai instructions_with_tool_calls 1", "chat", {
        "model": "gpt-4.1-mini", "messages": _TOKYO, "tool_choice": "auto", "tools": _TEMPERATURE}, 50),
    ("pydantic-ai instructions_with_tool_calls 2", "chat", {
        "model": "gpt-4.1-mini", "messages": _TOKYO + [
            {"content": None, "role": "assistant", "tool_calls": [{"function": {
                "arguments": "{\"city\":\"Tokyo\"}", "name": "get_temperature"},
                "id": "call_IgqlTCby7lsxDXPIUPgkmAiq", "type": "function"}]},
            {"content": "20.0", "role": "tool", "tool_call_id": "call_IgqlTCby7lsxDXPIUPgkmAiq"}],
        "tool_choice": "auto", "tools": _TEMPERATURE}, 75),
    # openai-dotnet, tests/SessionRecords/ChatToolTests/*.json (September 2025), each file's first request
    ("openai-dotnet ParametersWork", "chat", {
        "model": "gpt-4o-mini", "messages": _user("What's my favorite color in February?"),
        "tools": [{"type": "function", "function": {
            "description": "gets the caller's favorite color for a given month",
            "name": "get_favorite_color_for_month", "parameters": {"type": "object", "properties": {"month_name": {
                "type": "string", "description": "the name of a calendar month, e.g. February or October."}},
                "required": ["month_name"]}}}]}, 75),
    ("openai-dotnet ConstraintsWork", "chat", {
        "model": "gpt-4o-mini", "messages": _user("What's the number for the word 'banana'?"),
        "tools": [{"type": "function", "function": {
            "description": "gets an arbitrary number assigned to a given word", "name": "get_number_for_word",
            "parameters": {"type": "object", "properties": {"word": {"type": "string"}}}}}]}, 58),
    ("openai-dotnet ConsecutiveToolCalls", "chat", {
        "model": "gpt-4o-mini", "messages": _user("Can you guess my mood given that I'm currently located in Osaka?"),
        "tools": [_CITY_WEATHER, _MOOD]}, 124),
    ("openai-dotnet ParallelToolCalls", "chat", {
        "model": "gpt-4o-mini",
        "messages": _user("Tell me what's the current weather in the following cities: Santiago and Karachi."),
        "tools": [_CITY_WEATHER]}, 81),
    # 0xPlaygrounds/rig, crates/rig-cassette/fixtures/cassettes/openai/ (September 2026)
    ("rig chat_terminal_metadata_matrix/blocking_gpt_4o_mini_roomy_tool", "chat", json.loads(
        '{"max_tokens":64,"messages":[{"content":"Call the add tool exactly once with x=17 and y=25. Do not answer in '
        'prose.","role":"user"}],"model":"gpt-4o-mini","tool_choice":"required","tools":[{"function":{"description":'
        '"Add x and y together","name":"add","parameters":{"properties":{"x":{"description":"The first number to add",'
        '"type":"number"},"y":{"description":"The second number to add","type":"number"}},"required":["x","y"],"type":'
        '"object"}},"type":"function"}]}'), 80),
    ("rig additional_params_tools/builder_tools_survive_additional_params_tools", "chat", json.loads(
        '{"messages":[{"content":"Call the lookup_alpha tool now. Do not call any other tool.","role":"user"}],"model":'
        '"gpt-4o-mini","tool_choice":"required","tools":[{"function":{"description":"A zero-argument tool named '
        'lookup_alpha.","name":"lookup_alpha","parameters":{"properties":{},"required":[],"type":"object"}},"type":'
        '"function"},{"function":{"description":"Returns the beta signal. Only call when explicitly asked for beta.",'
        '"name":"lookup_beta","parameters":{"additionalProperties":false,"properties":{},"type":"object"}},"type":'
        '"function"}]}'), 75),
    # traceloop/openllmetry, opentelemetry-instrumentation-openai-agents cassettes: the OpenAI Agents SDK's tools, a
    # title on the parameters and on each property, none described (test_agent_with_function_tool_spans.yaml,
    # gpt-4.1, August 2025; test_tool_call_and_result_attributes.yaml, gpt-4o, October 2025)
    ("openllmetry agent_with_function_tool", "input_tokens", _agents_sdk_request(
        "gpt-4.1", "You get the weather for a city using the get_weather tool.", "What is the weather in London?",
        "get_weather", "Gets the current weather for a specified city.", "city", "City"), 72),
    ("openllmetry tool_call_and_result_attributes", "input_tokens", _agents_sdk_request(
        "gpt-4o", "You help users get information about cities using the get_city_info tool.", "Tell me about London",
        "get_city_info", "Get detailed information about a city.", "city_name", "City Name"), 72),
    # tidyverse/ellmer, tests/testthat/_vcr/: gpt-4.1-nano's strict functions of no parameters, a system message
    # taking them; the Responses API counts them 2 fewer than chat (openai-count-tokens-tools.yml, June 2026, and
    # openai-v2-tool.yml's first create, October 2025; openai-tool.yml in chat, August 2026)
    ("ellmer count-tokens-tools", "input_tokens", {
        "model": "gpt-4.1-nano", "input": [_system("Be terse."), _asked("What's the current date?")],
        "tools": [_bare_function("current_date", "Return the current date")]}, 42),
    ("ellmer chat-tools-parallel", "input_tokens", {  # chat-tools-parallel.yml's first create, August 2026
        "model": "gpt-4.1-nano", "input": [_system("Be terse"), _asked("Roll two dice and compute the total.")],
        "tools": [_bare_function("dice", "Rolls a six-sided die")]}, 44),
    ("ellmer chat-tools-dangling", "input_tokens", {  # chat-tools-dangling.yml's first create, November 2025
        "model": "gpt-4.1-nano", "input": [_system("Be terse"), _asked("What year is it today?"), {
            "type": "function_call", "call_id": "1", "name": "get_date", "arguments": "[]"}, {
            "type": "function_call_output", "call_id": "1",
            "output": "Tool calling failed with error Chat ended before the tool could be invoked."}, {
            "role": "assistant", "content": [{"type": "output_text", "text": "Acknowledged"}]}, _asked("try again")],
        "tools": [_bare_function("get_date", "Get todays date")]}, 83),
    ("ellmer v2-tool", "input_tokens", {
        "model": "gpt-4.1-nano", "input": [_system(_ALWAYS), _asked(_YMD)],
        "tools": [_bare_function("current_date", "Return the current date")]}, 59),
    ("ellmer tool (chat)", "chat", {
        "model": "gpt-4.1-nano",
        "messages": [{"role": "system", "content": _ALWAYS}, {"role": "user", "content": _YMD}],
        "tools": [{"type": "function", "function": {key: value for key, value in function.items() if key != "type"}}
                  for function in (_bare_function("current_date", "Return the current date"),
                                   _bare_function("current_month", "Return the full name of the current month"))]},
     78),
    # jackmpcollins/magentic, tests/cassettes (gpt-4o, November 2024): pydantic's titled parameters, forced and
    # strict (test_openai_chat_model_complete_function_call_openai_strict.yaml), and untyped properties, one with a
    # default (test_prompt_chain/test_prompt_chain.yaml, its first request)
    ("magentic function_call_openai_strict", "chat", {
        "model": "gpt-4o", "messages": _user("Use the tool to sum 1 and 2"), "parallel_tool_calls": False,
        "tool_choice": {"type": "function", "function": {"name": "plus"}}, "tools": [
            {"type": "function", "function": {"name": "plus", "parameters": {"properties": {
                "a": {"title": "A", "type": "integer"}, "b": {"title": "B", "type": "integer"}}, "required": ["a", "b"],
                "title": "FuncModel", "type": "object", "additionalProperties": False},
                "description": "Sum two numbers.", "strict": True}}]}, 71),
    ("magentic prompt_chain", "chat", {
        "model": "gpt-4o", "messages": _user("What's the weather like in Boston?"), "parallel_tool_calls": False,
        "tools": [_WEATHER_DEFAULT]}, 70),
]


def _counted(client, endpoint, body):
    if endpoint == "input_tokens":
        return client.post("/v1/responses/input_tokens", json=body).get_json()["input_tokens"]
    return client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens"]


@pytest.mark.parametrize(("source", "endpoint", "body", "recorded"), RECORDED, ids=[case[0] for case in RECORDED])
def test_tools_cost_what_they_were_recorded_to(client, source, endpoint, body, recorded):
    # With the real o200k tokenizer in place of the estimate, the namespace and the messages come to each recording
    # exactly but two, a token apart (the described parameters' rule). The estimate of the text is a token or two off
    # at times: it reads What's as two tokens, o200k as one; get_favorite_color_for_month as 5, o200k 6.
    assert abs(_counted(client, endpoint, body) - recorded) <= 2


def test_the_recordings_fit_within_a_token_on_average(client):
    errors = [_counted(client, endpoint, body) - recorded for _, endpoint, body, recorded in RECORDED]
    assert sum(map(abs, errors)) <= len(errors) and sum(error == 0 for error in errors) >= 4


def _words(text):
    """A stand-in tokenizer: a token a word (the namespace's own tokens do not go through it)."""
    return len(text.split())


def test_the_namespace_structure_costs_what_o200k_makes_of_it():
    # Counted with the real o200k tokenizer over the rendered text: `namespace functions {` and its blank line 3,
    # `} // namespace functions` 4, with the headings 15 in all (11 with a system message to append them to); a
    # function without parameters `type f = () => any;` and a blank line 6 and its name; with parameters
    # `type f = (_: {`, `}) => any;` and a blank line 9, each property its key, `:` (or `?:`), its type and `,` with
    # the line break.
    name = tokens.count_name_tokens
    bare = tokens.DESCRIBED_TOKENS  # no function takes parameters
    assert tokens.count_namespace_tokens([{"name": "f"}], _words) == 15 + 6 + name("f") + bare
    assert tokens.count_namespace_tokens([{"name": "f"}], _words, system=True) == 11 + 6 + name("f") + bare
    one = {"name": "f", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}
    base = tokens.count_namespace_tokens([one], _words)
    assert base == 15 + 9 + name("f") + name("city") + 3
    # A comment line's `//` joins the line break before it, a final full stop the one after it.
    described = {**one, "description": "Get the weather."}
    assert tokens.count_namespace_tokens([described], _words) == base + 3 + 1
    # Each further line of a description costs its `//` as well.
    assert tokens.count_namespace_tokens([{**one, "description": "Get\nthe weather"}], _words) == base + 3 + 2 + 1
    # A described parameter costs its comment line, and DESCRIBED_TOKENS once for the request; so do functions
    # none of which takes parameters.
    city = {"type": "string", "description": "The city."}
    with_city = {"name": "f", "parameters": {"type": "object", "properties": {"city": city}}}
    assert tokens.count_namespace_tokens([with_city], _words) == base + 2 + 1 + tokens.DESCRIBED_TOKENS
    assert tokens.count_namespace_tokens([with_city, with_city], _words) == \
        2 * (base + 3) - 15 + tokens.DESCRIBED_TOKENS
    assert tokens.count_namespace_tokens([{"name": "f"}, {"name": "f"}], _words) == \
        15 + 2 * (6 + name("f")) + tokens.DESCRIBED_TOKENS


def test_the_responses_api_counts_functions_2_fewer_than_chat_beside_a_system_message(client):
    # Once for the request, where a system message takes them; not functions sent with `parameters: {}`, nor without
    # a system message.
    bare = [{"name": "f", "parameters": {"type": "object", "properties": {}}}, {"name": "g"}]
    assert tokens.count_namespace_tokens(bare, _words, True, responses=True) == tokens.count_namespace_tokens(
        bare, _words, True) - tokens.RESPONSES_SYSTEM_SAVING == 11 + 6 * 2 + 2 + tokens.DESCRIBED_TOKENS - 2
    assert tokens.count_namespace_tokens(bare, _words, responses=True) == tokens.count_namespace_tokens(bare, _words)
    empty = [{"name": "f", "parameters": {}}]
    assert tokens.count_namespace_tokens(empty, _words, True, responses=True) == tokens.count_namespace_tokens(
        empty, _words, True)
    taking = [{"name": "f", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}]
    assert tokens.count_namespace_tokens(taking + bare, _words, True, responses=True) == \
        tokens.count_namespace_tokens(taking + bare, _words, True) - tokens.RESPONSES_SYSTEM_SAVING
    # fantasy's cassettes (gpt-4o, June 2026: TestOpenAIResponsesCommon/openai-gpt-4o/tool.yaml): a developer message
    # and the weather tool of a described location, 58 input tokens, 2 under chat's count with the real tokenizer.
    weather = {"type": "function", "name": "weather", "strict": False, "description": (
        "Get weather information for a location"), "parameters": {"properties": {"location": {
            "description": "the city", "type": "string"}}, "required": ["location"], "type": "object"}}
    asked = [{"role": "developer", "content": "You are a helpful assistant"},
             {"role": "user", "content": "What's the weather in Florence,Italy?"}]
    # o200k writes the question in 8 tokens (What's one, ",Italy" two), where the estimate reads ",Italy" as one.
    assert _counted(client, "input_tokens", {"model": "gpt-4o", "input": asked, "tools": [weather]}) == 58 - 1
    # ellmer's recorded input_tokens (gpt-4.1-nano, June 2026), which the estimate reads as o200k does
    body = {"model": "gpt-4.1-nano", "input": [_system("Be terse."), _asked("What's the current date?")],
            "tools": [_bare_function("current_date", "Return the current date")]}
    assert _counted(client, "input_tokens", body) == 42
    assert client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] == 42


def _property(spec):
    return tokens.count_namespace_tokens([{"name": "f", "parameters": {"type": "object", "properties": {
        "p": spec}}}], _words) - tokens.count_namespace_tokens([{"name": "f", "parameters": {
            "type": "object", "properties": {"p": {"type": "string"}}}}], _words)


@pytest.mark.parametrize(("spec", "more"), [
    # ` "celsius" | "fahrenheit",`: each value a ` "`, its text and `"` (the last `"` joins the comma), a ` |` between
    ({"type": "string", "enum": ["celsius", "fahrenheit"]}, 2 + 3 * 2 - 2 - 1),
    ({"type": "number"}, 0), ({"type": "boolean"}, 0),
    ({"type": "array", "items": {"type": "string"}}, 0),  # `[],\n` is one token
    ({"type": "array"}, 1),  # ` Array<any>,`: ` Array`, `<any`, `>,\n`
    ({"type": ["string", "null"]}, 2),  # ` string | null`
    ({"anyOf": [{"type": "string"}, {"type": "null"}]}, 2),
    # ` {`, its lines unindented and `},` (one token, as `,` and the line break are)
    ({"type": "object", "properties": {"a": {"type": "string"}}}, 1 + (1 + 2 + 1) - 1),
    # `}[],` is two tokens after an object
    ({"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}}, 1 + (1 + 2 + 1)),
])
def test_property_types_cost_what_o200k_makes_of_them(spec, more):
    assert _property(spec) == more


# Conversations with calls, as recorded: (source, endpoint, the history before, the turns added, what they added).
# What o200k makes of each text in them (js-tiktoken's o200k_base), to count the structure alone with the real
# tokenizer's counts (test_a_calls_history_costs_what_the_api_writes_of_it).
O200K = json.loads(
    '{"get_user_country": 3, "{}": 1, "Mexico": 1, "get_temperature": 2, "{\\"city\\":\\"Tokyo\\"}": 5, "20.0": 3, '
    '"get_weather_for_city": 4, "{\\"city_name\\":\\"Osaka\\"}": 7, "rainy": 2, "get_mood_for_weather": 5, '
    '"{\\"weather\\":\\"rainy\\"}": 6, "bored": 2, "{\\"city_name\\":\\"Santiago\\"}": 7, '
    '"{\\"city_name\\":\\"Karachi\\"}": 7, "sunny": 2, "secret_retrieval_tool": 5, "{\\"password\\":\\"mellon\\"}": 7, '
    '"{\\"password\\":\\"radiance\\"}": 6, "Welcome to Moria!": 5, "Life before Death": 3, "get_capital": 3, '
    '"{\\"country\\":\\"England\\"}": 5, "London": 1, "read_file_head": 3, "read_file_tail": 3, "hello world": 2, '
    '"Tool \'read_file_head\' is currently unavailable. Please use \'read_file_tail\' instead to read the file.": 23, '
    '"user": 1, "Hello": 1, "weather": 1, "{\\"location\\":\\"Florence, Italy\\"}": 8, "40 C": 2, "tool": 1, '
    '"assistant": 1, "check_weather": 2, "{\\"location\\":\\"Zipolite, Oaxaca\\"}": 8, '
    '"The weather in Zipolite, Oaxaca is hot and sunny": 11, "call_this_function_twice": 5}')
# A call's name as the prompt writes it, after `functions.` (tokens.count_called_name_tokens): o200k joins the dot to
# its first word, `.get|_user|_country`, here as many tokens as the name alone.
O200K.update({".get_user_country": 3, ".get_temperature": 2, ".get_weather_for_city": 4, ".get_mood_for_weather": 5,
              ".secret_retrieval_tool": 5, ".get_capital": 3, ".read_file_head": 3, ".read_file_tail": 3,
              ".weather": 1, ".check_weather": 2, ".call_this_function_twice": 5})


def _call(call_id, name, arguments):
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def _turn(calls, answers):
    """An assistant's calls (id, name, arguments) and the tool messages answering them."""
    return [{"role": "assistant", "content": None, "tool_calls": [_call(*call) for call in calls]}] + [
        {"role": "tool", "tool_call_id": call[0], "content": answer} for call, answer in zip(calls, answers)]


def _items(calls, answers):
    """The same as the Responses API's function_call and function_call_output items."""
    return [{"type": "function_call", "call_id": call_id, "name": name, "arguments": arguments}
            for call_id, name, arguments in calls] + [
        {"type": "function_call_output", "call_id": call[0], "output": answer} for call, answer in zip(calls, answers)]


def _named(messages):
    """The same, each tool message named for the function it answers, as some clients send them (raix's)."""
    names = {call["id"]: call["function"]["name"] for m in messages for call in m.get("tool_calls") or ()}
    return [{**m, "name": names[m["tool_call_id"]]} if m["role"] == "tool" else m for m in messages]


_OSAKA = ("call_of5sMdoBhqEZbvnNjZ3DSi1U", "get_weather_for_city", '{"city_name":"Osaka"}')
_BORED = ("call_iXYZpXHbhm5MVvEB9HN36Ywq", "get_mood_for_weather", '{"weather":"rainy"}')
_READ = [("c1", "read_file_head", "{}"), ("c2", "read_file_tail", "{}")]
_READ_ANSWERS = ["Tool 'read_file_head' is currently unavailable. Please use 'read_file_tail' instead to read the "
                 "file.", "hello world"]
HISTORY = [
    # pydantic-ai, test_openai/test_openai_tool_output.yaml and test_openai_text_output_function.yaml (gpt-4o, January
    # 2026): 68 then 89, 42 then 63
    ("pydantic-ai tool_output", "chat", [],
     _turn([("call_55Y1MexM7u2PSyLKUqMvO1o0", "get_user_country", "{}")], ["Mexico"]), 21),
    # pydantic-ai, test_openai_instructions_with_tool_calls_keep_instructions.yaml (gpt-4.1-mini): 50 then 75
    ("pydantic-ai instructions_with_tool_calls", "chat", [],
     _turn([("call_IgqlTCby7lsxDXPIUPgkmAiq", "get_temperature", '{"city":"Tokyo"}')], ["20.0"]), 25),
    # pydantic-ai, test_multiple_agent_tool_calls.yaml (gpt-4o-mini): 104 then 129, a second turn
    ("pydantic-ai multiple_agent_tool_calls", "chat", [],
     _turn([("call_NihFwNUckQ2eDoE0a9OQaO5l", "get_capital", '{"country":"England"}')], ["London"]), 25),
    # openai-dotnet, tests/SessionRecords/ChatToolTests/ConsecutiveToolCalls.json (gpt-4o-mini, September 2025):
    # 124, 154, 185
    ("openai-dotnet ConsecutiveToolCalls 2", "chat", [], _turn([_OSAKA], ["rainy"]), 30),
    ("openai-dotnet ConsecutiveToolCalls 3", "chat", _turn([_OSAKA], ["rainy"]), _turn([_BORED], ["bored"]), 31),
    # openai-dotnet, ChatToolTests/ParallelToolCalls.json (gpt-4o-mini, September 2025): 81 then 151, the arguments
    # sent as the API gave them, with json.dumps's spaces
    ("openai-dotnet ParallelToolCalls", "chat", [], _turn([
        ("call_SKQEHo7QVlJRoCtEzcrYZM9C", "get_weather_for_city", '{"city_name": "Santiago"}'),
        ("call_CkjljlLr7IebPc4hnvetfiZ8", "get_weather_for_city", '{"city_name": "Karachi"}')],
        ["rainy", "sunny"]), 70),
    # Mirascope, python/tests/e2e/cassettes/call_with_tools/openai_completions/sync.yaml (gpt-4o, September 2025):
    # 75 then 149
    ("Mirascope call_with_tools", "chat", [], _turn([
        ("call_DGbxG9ciqznxKMdR9YmxpTWG", "secret_retrieval_tool", '{"password": "mellon"}'),
        ("call_oUSV85lD6ejxFnNo4MWXA8QX", "secret_retrieval_tool", '{"password": "radiance"}')],
        ["Welcome to Moria!", "Life before Death"]), 74),
    # pydantic-ai, test_openai_native_output (gpt-4o, the Responses API, January 2026): 73 then 92
    ("pydantic-ai responses native_output", "responses", [],
     _items([("call_Uog29U6F8U0yDj7TKqzN9Zkm", "get_user_country", "{}")], ["Mexico"]), 19),
    # charmbracelet/fantasy, providertests/testdata/TestOpenAIResponsesCommon/openai-gpt-4o/tool.yaml (June 2026):
    # 58 then 81
    ("fantasy responses tool", "responses", [],
     _items([("call_6Y7U4KSBYYYDJIEL0QdvBtzW", "weather", '{"location":"Florence, Italy"}')], ["40 C"]), 23),
    # two calls made together, then their outputs (gpt-4o-mini, September 2026; test_token_features): 103 then 164
    ("read_file head/tail", "responses", [], _items(_READ, _READ_ANSWERS), 61),
    # raix, spec/vcr/WhatIsTheWeather and Raix_FunctionDispatch (gpt-4o, November 2024 and June 2025), the tool
    # messages named: 54 then 90; and two calls one after the other, 49 then 97
    ("raix named answer", "chat", [], _named(_turn([("0cb04f91-758a-4ef3-8432", "check_weather",
                                                      '{"location":"Zipolite, Oaxaca"}')],
                                                    ["The weather in Zipolite, Oaxaca is hot and sunny"])), 36),
    ("raix named answers", "chat", [], _named(_turn([("a3a52466-cec3-493a-8e22", "call_this_function_twice", "{}")],
                                                    [""]) + _turn([("4ad9c733-dde1-45d7-b2c4",
                                                                    "call_this_function_twice", "{}")], [""])), 48),
]


def _chat_messages(endpoint, history):
    """The history as fauxpen reads it: chat's messages, or the Responses API's items turned into them."""
    if endpoint == "chat":
        return history
    return responses.chat_messages(None, history)


@pytest.mark.parametrize(("source", "endpoint", "before", "added", "recorded"), HISTORY,
                         ids=[case[0] for case in HISTORY])
def test_a_calls_history_costs_what_the_api_writes_of_it(monkeypatch, source, endpoint, before, added, recorded):
    # Counted with o200k's own counts of the texts in place of the estimate, the structure comes to each recording
    # exactly, but the calls made together in chat: the wrapper's JSON (as the model writes it) and the unnamed
    # answers come a token under the first of the two.
    def real(text):
        return O200K[text] if text else 0
    monkeypatch.setattr(tokens, "count_name_tokens", real)
    question = [{"role": "user", "content": "Hello"}]
    wrapped = endpoint == "chat"

    def count(history):
        messages = question + _chat_messages(endpoint, history)
        return tokens.count_chat_prompt_tokens(messages, count=real,
                                               wrapped=wrapped, addressed=True)
    added_tokens = count(before + added) - count(before)
    assert added_tokens == recorded - (source == "openai-dotnet ParallelToolCalls")


def test_the_estimate_counts_a_calls_history_within_its_text_errors(client):
    # The same conversations counted as fauxpen counts them: the structure's, and the estimate's errors on their
    # texts (o200k writes rainy, bored and sunny in 2 tokens, the estimate 1; get_capital 3, get_mood_for_weather 5
    # and secret_retrieval_tool 5, the estimate 2, 4 and 3; most arguments a token more; call_this_function_twice
    # 5, the estimate 4, in each call and answer). Before the calls were
    # written to their functions: [0, 0, -2, -4, -6, -6, -9, +2, +1, -2].
    errors = []
    for source, endpoint, before, added, recorded in HISTORY:
        def count(history):
            sent = [{"role": "user", "content": "Hello"}] + history
            if endpoint == "chat":
                body = {"model": "gpt-4o-mini", "messages": sent}
                return client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens"]
            body = {"model": "gpt-4o-mini", "input": sent}
            return client.post("/v1/responses/input_tokens", json=body).get_json()["input_tokens"]
        errors.append(count(before + added) - count(before) - recorded)
    assert errors == [0, 0, -2, -2, -4, -5, -8, 0, -1, 0, -2, -4]


def test_a_title_costs_what_a_description_would_and_the_parameters_title_its_text():
    # The OpenAI Agents SDK's tools title each property and the parameters (`get_weather_args`) and describe none:
    # two recordings came to the namespace with the titled property commented and the schema's title's text beside
    # it, exactly, with the real tokenizer (openllmetry's cassettes above). Above a description a title is
    # a line of its own (logfire's livekit cassette, tests/test_tools.py).
    def parameters(spec, **more):
        return {"name": "f", "parameters": {"type": "object", "properties": {"city": spec}, **more}}
    plain = tokens.count_namespace_tokens([parameters({"type": "string"})], _words)
    described = tokens.count_namespace_tokens([parameters({"type": "string", "description": "City"})], _words)
    assert tokens.count_namespace_tokens([parameters({"type": "string", "title": "City"})], _words) == described
    titled_described = tokens.count_namespace_tokens([parameters({"type": "string", "description": "City",
                                                                  "title": "A B C"})], _words)
    assert titled_described == described + 3 + tokens.NAMESPACE_TITLE_TOKENS  # a title line above the description
    # The parameters' title: its words and 2, in chat (magentic's and logfire's cassettes,
    # test_chat_titles_cost_their_words_and_2) and in a Responses message of the functions' own (rig's schemars add
    # on gpt-5.4 and SwiftAgent's `Arguments` on gpt-5.2, test_schemars_titles_cost_their_words_and_2); beside a
    # system message the Responses API's 2 fewer (RESPONSES_SYSTEM_SAVING) leave the Agents SDK's its text.
    titled = [parameters({"type": "string"}, title="get_weather_args")]
    assert tokens.count_namespace_tokens(titled, _words, responses=True) == plain + 3 + 2
    assert tokens.count_namespace_tokens(titled, _words) == plain + 3 + 2
    assert tokens.count_namespace_tokens(titled, _words, system=True, responses=True) == \
        tokens.count_namespace_tokens([parameters({"type": "string"})], _words, system=True) + 3


def test_chat_titles_cost_their_words_and_2(client):
    # magentic's cassettes (gpt-4o, November 2024): pydantic's titled strict functions, forced. FuncModel and
    # CapitalCity came 2 over their namespace with the title's text alone; their untitled kin (below) came to it.
    plus = {"type": "function", "function": {"name": "plus", "parameters": {"properties": {
        "a": {"title": "A", "type": "integer"}, "b": {"title": "B", "type": "integer"}}, "required": ["a", "b"],
        "title": "FuncModel", "type": "object", "additionalProperties": False}, "description": "Sum two numbers.",
        "strict": True}}
    capital = {"type": "function", "function": {"name": "return_capitalcity", "parameters": {"properties": {
        "capital": {"title": "Capital", "type": "string"}, "country": {"title": "Country", "type": "string"}},
        "required": ["capital", "country"], "title": "CapitalCity", "type": "object", "additionalProperties": False},
        "strict": True}}

    def prompt_tokens(question, tool):
        return client.post("/v1/chat/completions", json={
            "model": "gpt-4o", "messages": _user(question), "parallel_tool_calls": False, "tools": [tool],
            "tool_choice": {"type": "function", "function": {"name": tool["function"]["name"]}},
        }).get_json()["usage"]["prompt_tokens"]
    assert prompt_tokens("Use the tool to sum 1 and 2", plus) == 71
    # the estimate reads return_capitalcity 2 tokens under o200k's (named twice, forced), as on the untitled 73
    assert prompt_tokens("What is the capital of Ireland?", capital) == 70 - 4
    untitled = json.loads(json.dumps(capital))
    del untitled["function"]["parameters"]["title"]
    assert prompt_tokens("What is the capital of Ireland?", capital) - prompt_tokens(
        "What is the capital of Ireland?", untitled) == tokens.count_name_tokens("CapitalCity") + 2


def test_a_default_costs_what_the_namespace_writes_of_it():
    # ` // default: "fahrenheit"` after the property's `,`, as OpenAI's harmony renderer writes a default: 7 tokens
    # in o200k with the text's 2 (magentic's prompt_chain cassettes, gpt-4o, 70 and 117 prompt tokens, exact with the
    # real tokenizer); an enum's default quoted too (harmony writes it bare), any other value as compact JSON.
    def cost(spec):
        def namespace(spec):
            return tokens.count_namespace_tokens([{"name": "f", "parameters": {
                "type": "object", "properties": {"unit": spec}}}], _words)
        return namespace(spec) - namespace({key: value for key, value in spec.items() if key != "default"})
    assert cost({"type": "string", "default": "fahrenheit"}) == 5 + 1
    assert cost({"type": "string", "default": ""}) == 4
    assert cost({"enum": ["celsius", "fahrenheit"], "default": "celsius"}) == 5 + 1
    assert cost({"type": "integer", "default": 10}) == 4 + 1
    assert cost({"type": "array", "default": ["a", "b"]}) == 4 + 1


def test_an_enums_default_is_quoted(client):
    # Liara's AI SDK docs (docs.liara.ir, ai-sdk tool calling, June 2025): gpt-4o-mini through its OpenAI-compatible
    # gateway, the AI SDK's getCurrentWeather (zod: a described location, a unit of celsius or fahrenheit defaulting
    # to celsius), "What is the weather like in Qom today?": 85 prompt tokens. With o200k's counts of the texts the
    # estimate reads otherwise (the question 10, the description 9, each unit 2) the prompt comes to it with the
    # default quoted (` // default: "celsius"`, 7 tokens), 84 bare as harmony writes an enum's (6).
    o200k = {" City and country e.g. Bogot\u00e1, Colombia": 9, "celsius": 2, "fahrenheit": 2, " celsius": 2}
    text = tokens.count_tokens_o200k
    function = {"name": "getCurrentWeather", "description": "Get current temperature for a given location.",
                "parameters": {"type": "object", "properties": {
                    "location": {"type": "string", "description": "City and country e.g. Bogot\u00e1, Colombia"},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"}},
                    "required": ["location"], "additionalProperties": False,
                    "$schema": "http://json-schema.org/draft-07/schema#"}}
    # the user's message: the question's 10 and chat's framing of it and of the answer, as fauxpen counts it alone
    question = "What is the weather like in Qom today?"
    message = client.post("/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": question}]}).get_json()["usage"]["prompt_tokens"] - text(question) + 10
    assert tokens.count_namespace_tokens([function], lambda value: o200k.get(value) or text(value)) + message == 85
    bare = json.loads(json.dumps(function))
    del bare["parameters"]["properties"]["unit"]["default"]
    assert tokens.count_namespace_tokens([function], lambda value: o200k.get(value) or text(value)) - \
        tokens.count_namespace_tokens([bare], lambda value: o200k.get(value) or text(value)) == 7


# openllmetry's test_recipe_workflow_agent_handoffs_with_function_tools.yaml (the OpenAI Agents SDK, gpt-4o, the
# Responses API, July 2025), its second request: a pydantic model nested by `$ref` in one tool's parameters.
_RECIPE = {"properties": {name: {"title": title, "type": kind} for name, title, kind in (
    ("id", "Id", "string"), ("name", "Name", "string"), ("prep_time", "Prep Time", "string"),
    ("cook_time", "Cook Time", "string"), ("servings", "Servings", "integer"))}, "title": "Recipe", "type": "object",
    "additionalProperties": False}
_RECIPE["properties"].update({name: {"items": {"type": "string"}, "title": name.title(), "type": "array"}
                              for name in ("ingredients", "instructions")})
_RECIPE["required"] = list(_RECIPE["properties"])
_RECIPE_TOOLS = [
    {"name": "search_recipes", "parameters": {
        "properties": {"query": {"title": "Query", "type": "string"}}, "title": "search_recipes_args",
        "type": "object", "additionalProperties": False, "required": ["query"]}, "strict": True, "type": "function",
     "description": "Search and browse recipes in the database."},
    {"name": "plan_and_apply_recipe_modifications", "parameters": {
        "$defs": {"Recipe": _RECIPE}, "properties": {"recipe": {"$ref": "#/$defs/Recipe"}, "modification_request": {
            "title": "Modification Request", "type": "string"}}, "required": ["recipe", "modification_request"],
        "title": "plan_and_apply_recipe_modifications_args", "type": "object", "additionalProperties": False},
     "strict": True, "type": "function",
     "description": "Plan modifications to a recipe based on user request and apply them."}]


def test_a_referenced_definition_costs_what_it_would_written_in_place(client):
    call = "call_yyf88Lh8MunVvPWUwWTDnhE2"
    body = {"model": "gpt-4o", "tools": _RECIPE_TOOLS,
            "instructions": "You are a recipe editor specialist. Help users search and modify recipes using your "
                            "tools.",
            "input": [{"role": "user", "content": "Can you edit the carbonara recipe to be vegetarian?"},
                      {"arguments": "{}", "call_id": call, "name": "transfer_to_recipe_editor_agent",
                       "type": "function_call"},
                      {"call_id": call, "output": "{\"assistant\": \"Recipe Editor Agent\"}",
                       "type": "function_call_output"}]}
    counted = _counted(client, "input_tokens", body)
    inline = json.loads(json.dumps(body))
    parameters = inline["tools"][1]["parameters"]
    parameters["properties"]["recipe"] = parameters.pop("$defs")["Recipe"]
    assert counted == _counted(client, "input_tokens", inline)
    # Recorded: 221 (the query's `"default": ""` left out here, see the README). The reference read as a bare type
    # came to 158; the rest of the gap (12) is of the kind a request with the same history and no reference shows
    # (openllmetry's router workflow: 8 under), not of the definition.
    assert 221 - 12 <= counted <= 221


# vllm-project/agentic-api, crates/agentic-core/tests/cassettes/tool_calls/multi_turn/openai_responses_tool_calls_3turn
# and _parallel (gpt-4o, June 2026): each turn continued by previous_response_id, so that the calls come back from
# the store, its outputs and a question sent. What each turn added to input_tokens (355, 493, 746; 377, 676, 857),
# and what o200k makes of each text (the outputs and questions by a label here).
_STORED_O200K = {"get_job_status": 3, '{"job_id":"job-382"}': 8, "get_error_logs": 3,
                 '{"job_id":"job-382","severity":"ERROR","max_entries":10}': 17, "web_search": 2,
                 '{"query":"Spark OOM fixes"}': 8, "search_runbook": 3,
                 '{"query":"memory override procedures","max_results":3}': 12, "the job's status (JSON)": 88,
                 "its error logs (JSON)": 194, "web results (JSON)": 140, "runbooks (JSON)": 132,
                 "Now pull the error logs ...": 18, "Based on those errors ...": 18, "Based on those results ...": 19,
                 "Now restart that job ...": 13, "Hello": 1, "user": 1, "assistant": 1, "tool": 1,
                 ".get_job_status": 3, ".get_error_logs": 3, ".web_search": 2, ".search_runbook": 3}


def _stored(calls, answers, asked):
    """A stored response's calls (a lone one marked as fauxpen stores it), then the outputs and a question sent."""
    return [{"type": "function_call", "call_id": call_id, "name": name, "arguments": arguments,
             **({"_written": True} if len(calls) == 1 else {})} for call_id, name, arguments in calls] + [
        {"type": "function_call_output", "call_id": call[0], "output": answer}
        for call, answer in zip(calls, answers)] + [{"role": "user", "content": asked}]


_STATUS = _stored([("c1", "get_job_status", '{"job_id":"job-382"}')], ["the job's status (JSON)"],
                  "Now pull the error logs ...")
_PAIR = _stored([("c1", "get_job_status", '{"job_id":"job-382"}'), ("c2", "web_search", '{"query":"Spark OOM fixes"}')],
                ["the job's status (JSON)", "web results (JSON)"], "Based on those results ...")
STORED = [
    ("3turn t2", [], _STATUS, 493 - 355),
    ("3turn t3", _STATUS, _stored([("c2", "get_error_logs",
                                    '{"job_id":"job-382","severity":"ERROR","max_entries":10}')],
                                  ["its error logs (JSON)"], "Based on those errors ..."), 746 - 493),
    ("parallel t2", [], _PAIR, 676 - 377),
    ("parallel t3", _PAIR, _stored([("c3", "search_runbook", '{"query":"memory override procedures","max_results":3}')],
                                   ["runbooks (JSON)"], "Now restart that job ..."), 857 - 676),
]


@pytest.mark.parametrize(("source", "before", "added", "recorded"), STORED, ids=[case[0] for case in STORED])
def test_a_lone_call_brought_back_from_the_store_costs_what_the_model_wrote(monkeypatch, source, before, added,
                                                                            recorded):
    # With o200k's counts of the texts: a lone call read back as the model wrote it, 3 more than sent as an item
    # (each such turn of these cassettes came 3 over the item's count); a pair written again as items, exactly.
    def real(text):
        return _STORED_O200K[text] if text else 0
    monkeypatch.setattr(tokens, "count_name_tokens", real)

    def count(history):
        messages = [{"role": "user", "content": "Hello"}] + responses.chat_messages(None, history)
        return tokens.count_chat_prompt_tokens(messages, count=real, wrapped=False, addressed=True)
    assert count(before + added) - count(before) == recorded


# activeagents/activeagent, test/fixtures/vcr_cassettes/docs/actions/tools/quick_start_weather.yml and
# openai_basic_function.yml (gpt-4o, the Ruby SDK, July 2026): the call sent back as an item with the id of the
# stored response's item, then its output: 49 then 91, 72 then 125; and what o200k makes of each text.
_SENT_BY_ID_O200K = {"get_weather": 2, '{"location":"Boston, MA"}': 7, "get_current_weather": 3,
                     '{"location":"Boston, MA","temperature":"72°F","conditions":"sunny"}': 17,
                     '{"location":"Boston, MA","unit":"fahrenheit"}': 12,
                     '{"location":"Boston, MA","unit":"fahrenheit","temperature":"22","conditions":"sunny"}': 21,
                     ".get_weather": 2, ".get_current_weather": 3}
SENT_BY_ID = [
    ("quick_start_weather", "get_weather", '{"location":"Boston, MA"}',
     '{"location":"Boston, MA","temperature":"72°F","conditions":"sunny"}', 91 - 49),
    ("openai_basic_function", "get_current_weather", '{"location":"Boston, MA","unit":"fahrenheit"}',
     '{"location":"Boston, MA","unit":"fahrenheit","temperature":"22","conditions":"sunny"}', 125 - 72),
]


@pytest.mark.parametrize(("source", "name", "arguments", "answer", "recorded"), SENT_BY_ID,
                         ids=[case[0] for case in SENT_BY_ID])
def test_a_stored_lone_call_sent_back_by_its_id_costs_what_the_model_wrote(monkeypatch, source, name, arguments,
                                                                           answer, recorded):
    # With o200k's counts of the texts: each came to the call read as the model wrote it (3 over the item's count).
    def real(text):
        return {**_SENT_BY_ID_O200K, "Hello": 1, "user": 1, "assistant": 1, "tool": 1}[text] if text else 0
    monkeypatch.setattr(tokens, "count_name_tokens", real)
    sent = [{"type": "function_call", "call_id": "c1", "name": name, "arguments": arguments, "_written": True},
            {"type": "function_call_output", "call_id": "c1", "output": answer}]

    def count(history):
        messages = [{"role": "user", "content": "Hello"}] + responses.chat_messages(None, history)
        return tokens.count_chat_prompt_tokens(messages, count=real, wrapped=False, addressed=True)
    assert count(sent) - count([]) == recorded


@pytest.mark.parametrize("store", [True, False])
def test_a_call_sent_back_by_the_id_of_a_stored_lone_call_is_read_as_written(client, store):
    # A call sent with its item's id is looked up: stored, and made alone, it is read again as the model wrote it
    # (activeagent's cassettes above); not stored (fantasy's, `store: false`, June 2026: exact without), as sent.
    tools = [{"type": "function", "name": "get_weather", "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
    asked = {"role": "user", "content": "weather in Paris?"}
    first = client.post("/v1/responses", json={"model": "gpt-4o", "input": [asked], "tools": tools,
                                                "store": store}).get_json()
    call = first["output"][0]
    output = {"type": "function_call_output", "call_id": call["call_id"], "output": "sunny"}

    def counted(sent):
        return client.post("/v1/responses", json={"model": "gpt-4o", "tools": tools, "input": [asked, sent, output],
                                                  "store": store}).get_json()["usage"]["input_tokens"]
    plain = {key: call[key] for key in ("type", "call_id", "name", "arguments")}
    assert counted({**plain, "id": call["id"]}) == counted(plain) + (tokens.STORED_CALL_TOKENS if store else 0)


def test_previous_response_id_brings_a_lone_call_back_as_written(client):
    tools = [{"type": "function", "name": "get_weather", "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
    asked = {"role": "user", "content": "weather in Paris?"}
    first = client.post("/v1/responses", json={"model": "gpt-4o", "input": [asked], "tools": tools}).get_json()
    call = first["output"][0]
    output = {"type": "function_call_output", "call_id": call["call_id"], "output": "sunny"}

    def counted(**body):
        return client.post("/v1/responses", json={"model": "gpt-4o", "tools": tools, **body}).get_json()["usage"][
            "input_tokens"]
    sent_back = counted(input=[asked, {key: call[key] for key in ("type", "call_id", "name", "arguments")}, output])
    assert counted(previous_response_id=first["id"], input=[output]) == sent_back + tokens.STORED_CALL_TOKENS


def _marks(text):
    """A stand-in tokenizer: a token a word and one each mark (the namespace's own tokens do not go through it)."""
    return len(re.findall(r"\w+|[^\w\s]", text))


@pytest.mark.parametrize(("ending", "joined"), [(".", "."), ('"image".', '".'), ("'Paris'.", "'."), ("Returns:", ":"),
                                               ("(a list)", ")"), ("e.g.", ".")])
def test_a_comment_lines_final_marks_join_its_line_break(ending, joined):
    # o200k's pre-tokenizer keeps a run of marks with the line break after it: `".\n`, `'.\n`, `:\n` are one token
    # each, as a full stop's `.\n` is.
    text = "One two " + ending
    assert tokens._comment_tokens(text, _marks) == _marks(" " + text.removesuffix(joined)) + 1


def test_gpt_5_4_counts_a_description_ending_in_a_quoted_word_and_a_full_stop_as_o200k_writes_it(client):
    # brainlid/langchain, test/fixtures/openai_phase/commentary_with_tool_calls.json (gpt-5.4, September 2026; the
    # request from its live test): 175 input tokens, the messages alone 108 with the real tokenizer, so the tool 67,
    # which the namespace comes to with `"image".` and its line break one token (68 where only the `.` joined it).
    system = ("<tool_preambles>\n- Always begin by rephrasing the user's goal in a friendly, clear, and concise "
              "manner, before calling any tools.\n- Then, immediately outline a structured plan detailing each "
              "logical step you'll follow. - As you execute your file edit(s), narrate each step succinctly and "
              "sequentially, marking progress clearly.\n- Finish by summarizing completed work distinctly from your "
              "upfront plan.\n</tool_preambles>\n")
    body = {"model": "gpt-5.4", "input": [_system(system), _asked("why did this fail check a bunch of things pls")]}
    tool = {"type": "function", "name": "inspect_resource", "strict": False, "description": (
        "Inspect one named resource belonging to the failed deployment and return its current details."),
        "parameters": {"type": "object", "required": ["resource"], "properties": {"resource": {
            "type": "string", "description": (
                'The resource to inspect, such as "deployment", "pod_logs", "events", or "image".')}}}}
    alone = _counted(client, "input_tokens", body)
    assert _counted(client, "input_tokens", {**body, "tools": [tool]}) - alone == 175 - 108


def _keywords_cost(spec):
    """What a property's keywords add to its namespace line, by the stand-in tokenizer (a token a word)."""
    def namespace(spec):
        return tokens.count_namespace_tokens([{"name": "f", "parameters": {
            "type": "object", "properties": {"p": spec}}}], _words)
    bare = {key: value for key, value in spec.items() if key in ("type", "items", "enum", "description")}
    return namespace(spec) - namespace(bare)


def test_a_propertys_keywords_cost_the_comment_the_namespace_writes_of_them():
    # OpenAI's renderer writes a property's default and keywords after its line's `,` as one comment, the default
    # first, then minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern and
    # format, an array's minItems and maxItems (a public dump of ChatGPT's rendering of an app's tools, 2026:
    # `wait_ms?: integer, // default: 3000, minimum: 0, maximum: 10000`, `url: string, // format: "uri"`): ` //`,
    # each key and `:` and its value, a `,` between them and the line break after the last (a closing `"` or `/`
    # joining them), each exactly as o200k and cl100k write the rendered line.
    assert _keywords_cost({"type": "integer", "default": 3000, "minimum": 0, "maximum": 10000}) == 1 + 3 * 3 + 2 + 1
    # `"default",` and `"uri"` + line break: the closing quote joins what follows
    assert _keywords_cost({"type": "string", "default": "x", "minLength": 3, "maxLength": 64}) == 1 + 5 + 3 + 1 + 3 + 1
    assert _keywords_cost({"type": "string", "format": "uri"}) == 1 + 2 + 3
    assert _keywords_cost({"type": "string", "pattern": "^[a-z]+$"}) == 1 + 2 + 1 + 1  # ` /^[a-z]+$`, `/` and break
    bounded = {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 5}
    assert _keywords_cost(bounded) == 1 + 3 + 1 + 3 + 1
    # An array's bounds alone of the keywords; an integer's OpenAPI width (int64) is not written (below).
    assert _keywords_cost({"type": "array", "items": {"type": "string"}, "minimum": 1}) == 0
    assert _keywords_cost({"type": "integer", "format": "int64"}) == _keywords_cost({"type": "number",
                                                                                       "format": "double"}) == 0


def test_a_comment_line_after_a_bare_keyword_value_costs_its_line_break():
    # ChatGPT's public rendering of an app's tools (2026) writes `request_id: string, // minLength: 3, maxLength: 128`
    # and then the next property's `// Pass the next_cursor ...`: o200k writes `128|\n|//`, where a closing `"` or
    # `/`, or a line's `,`, joins the break and the `//` (`"\n//`, `,\n//`). With the real tokenizer its shell_poll
    # (five properties, four such lines followed by a description) comes to its rendered text exactly so, 4 under
    # before; its other tools' keywords as they were. cl100k writes every `//` apart already.
    def cost(first, second, count=_words):
        return tokens.count_namespace_tokens([{"name": "f", "parameters": {"type": "object", "properties": {
            "a": first, "b": second}}}], count)
    bare, quoted = {"type": "integer", "minimum": 0}, {"type": "string", "format": "uri"}
    described, plain = {"type": "string", "description": "Next one."}, {"type": "string"}
    assert cost(bare, described) - cost(bare, plain) == cost(quoted, described) - cost(quoted, plain) + 1
    assert cost({"type": "boolean", "default": False}, described) - cost({"type": "boolean"}, described) == \
        _keywords_cost({"type": "boolean", "default": False}) + tokens.LOOSE_BREAK_TOKENS
    assert cost(described, bare) - cost(described, {"type": "integer"}) == _keywords_cost(bare)  # the last line
    assert cost(bare, described, tokens.count_tokens) - cost(bare, plain, tokens.count_tokens) == \
        cost(quoted, described, tokens.count_tokens) - cost(quoted, plain, tokens.count_tokens)


# A public dump of ChatGPT's rendering of an app's tools (a shell app's notes, 2026): two of its tools as JSON Schema.
_TURN_IDS = {"type": "array", "description": "Turn IDs returned by subagent_run calls. Use to retrieve the exact "
             "submitted turns concurrently.", "items": {"type": "string", "maxLength": 128}, "minItems": 1,
             "maxItems": 3}
_WAIT_MS = {"type": "integer", "description": "How long to wait for agent completion. Use 0 only for immediate check. "
            "Agent turns average about 3 minute and may run up to 30 minutes.", "default": 30000, "minimum": 0,
            "maximum": 270000}
_SUBAGENT_RESULT = {"name": "subagent_result", "description": "Turn IDs returned by subagent_run. Each identifies one "
                    "specific submitted turn.", "parameters": {"type": "object", "required": ["turn_ids"],
                                                               "properties": {"turn_ids": _TURN_IDS,
                                                                              "wait_ms": _WAIT_MS}}}
_SHELL_LIST = {"name": "shell_list", "description": "List currently open persistent shells, their activity state, idle "
               "duration, and whether they may be closed."}


def test_an_array_whose_items_have_keywords_is_written_as_array_of_a_commented_line(monkeypatch):
    # The dump renders subagent_result as
    #     // Turn IDs returned by subagent_run calls. Use to retrieve the exact submitted turns concurrently.
    #     // minItems: 1, maxItems: 3
    #     turn_ids: Array<
    #     string // maxLength: 128
    #     >,
    # then wait_ms's description and line: 129 o200k tokens with the blank lines about it, shell_list's 30. With
    # o200k's counts of the two texts the estimate reads otherwise (the function's description 14, its name after
    # `type` 3), the namespace comes to the difference exactly, where `string[]` and no comment of the items came 8
    # under.
    o200k = {" Turn IDs returned by subagent_run. Each identifies one specific submitted turn": 14,
             "subagent_result": 3}
    name, text = tokens.count_name_tokens, tokens.count_tokens_o200k
    monkeypatch.setattr(tokens, "count_name_tokens", lambda value: o200k.get(value) or name(value))

    def count(functions):
        return tokens.count_namespace_tokens(functions, lambda value: o200k.get(value) or text(value))
    assert count([_SUBAGENT_RESULT]) - count([_SHELL_LIST]) == 129 - 30
    # an array of plain items, or of items without keywords, keeps `type[]` and its bounds after the line
    plain = json.loads(json.dumps(_SUBAGENT_RESULT))
    del plain["parameters"]["properties"]["turn_ids"]["items"]["maxLength"]
    assert count([_SUBAGENT_RESULT]) - count([plain]) == 8


def test_a_union_whose_branch_has_keywords_is_written_a_branch_a_line(monkeypatch):
    # A public dump of ChatGPT's web tool's prompt (2026) writes pydantic's optional bounded integer and optional list:
    #     // Recency
    #     //
    #     // whether to filter by recency (response would be within this number of recent days)
    #     // default: null
    #     recency?:
    #      | integer // minimum: 0
    #      | null
    #     ,
    #     // Domains
    #     //
    #     // whether to filter by a specific list of domains
    #     domains?: string[] | null, // default: null
    # Beside a described, titled `q: string` in a function described "Search the web.", o200k counts the function's
    # text 62 tokens over shell_list's (below); fauxpen so with o200k's counts of the three texts the estimate reads a
    # token under, where the union on one line and `[]` joining the bar came 8 under.
    o200k = {"Recency": 2, "recency": 2,
             " whether to filter by recency (response would be within this number of recent days": 16}
    name, text = tokens.count_name_tokens, tokens.count_tokens_o200k
    monkeypatch.setattr(tokens, "count_name_tokens", lambda value: o200k.get(value) or name(value))
    search = {"name": "f", "description": "Search the web.", "parameters": {
        "type": "object", "required": ["q"], "properties": {
            "q": {"type": "string", "title": "Q", "description": "search query"},
            "recency": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}], "default": None,
                        "title": "Recency", "description": "whether to filter by recency (response would be within "
                                                           "this number of recent days)"},
            "domains": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}], "default": None,
                        "title": "Domains", "description": "whether to filter by a specific list of domains"}}}}

    def count(functions):
        return tokens.count_namespace_tokens(functions, lambda value: o200k.get(value) or text(value))
    assert count([search]) - count([_SHELL_LIST]) == 62
    # a union of no keywords stays on its line, the default after it: `recency?: integer | null, // default: null`,
    # 7 o200k tokens fewer than the lines above
    plain = json.loads(json.dumps(search))
    del plain["parameters"]["properties"]["recency"]["anyOf"][0]["minimum"]
    assert count([search]) - count([plain]) == 7


# 0xPlaygrounds/rig, crates/rig-cassette/fixtures/cassettes/openai/models/gpt_5_4/session.yaml (September 2026):
# schemars' RepeatArgs and BinOpArgs (an optional `times` of format uint32 and minimum 0; `a` and `b` of format int64).
_SCHEMARS = "https://json-schema.org/draft/2020-12/schema"
_REPEAT_TEXT = {"name": "repeat_text", "description": "Repeat `text`. `times` is optional and defaults to 2.",
                "parameters": {"$schema": _SCHEMARS, "properties": {
                    "text": {"description": "The text to repeat.", "type": "string"},
                    "times": {"description": "Number of repetitions; defaults to 2 when omitted.", "format": "uint32",
                              "minimum": 0, "type": ["integer", "null"]}},
                    "required": ["text"], "title": "RepeatArgs", "type": "object"}}
_RIG_ADD = {"name": "add", "description": "Add two integers a and b.", "parameters": {
    "$schema": _SCHEMARS, "properties": {"a": {"format": "int64", "type": "integer"},
                                         "b": {"format": "int64", "type": "integer"}},
    "required": ["a", "b"], "title": "BinOpArgs", "type": "object"}}


def _rig_body(model, instructions, text, function, chat=False):
    if chat:
        return {"model": model, "reasoning_effort": "none", "tools": [{"type": "function", "function": function}],
                "messages": [{"role": "system", "content": [{"type": "text", "text": instructions}]},
                             {"role": "user", "content": text}]}
    return {"model": model, "instructions": instructions, "tools": [{"type": "function", "strict": False, **function}],
            "input": [{"role": "user", "type": "message", "content": [{"type": "input_text", "text": text}]}]}


@pytest.mark.parametrize(("model", "endpoint", "recorded"), [
    ("gpt-5.4", "input_tokens", 125),  # the namespace: 9 under without the keywords
    ("gpt-6-sol", "input_tokens", 125),  # the same request on gpt-6-sol (rig's gpt_6_sol session, October 2026)
    ("gpt-5.4", "chat", 206),  # the cookbook's count and the framing: 9 under without them
])
def test_a_minimum_on_a_list_of_types_is_written_as_a_union_a_branch_a_line(client, model, endpoint, recorded):
    # rig's repeat_text, recorded as above: `times` (`["integer", "null"]`, format uint32, minimum 0) written
    #     times?:
    #      | integer // minimum: 0
    #      | null
    #     ,
    # 9 tokens more than `times?: integer | null,` with the real tokenizer; on its line with both keywords (`//
    # format: "uint32", minimum: 0`, 12) fauxpen came 3 over each, without them 9 under.
    body = _rig_body(model, "Use the repeat_text tool whenever asked to repeat text.",
                     'Use the repeat_text tool to repeat the word "banana" 3 times, then show me the exact result.',
                     _REPEAT_TEXT, endpoint == "chat")
    assert _counted(client, endpoint, body) == recorded
    bare = json.loads(json.dumps(body).replace('"format": "uint32", "minimum": 0, ', ""))
    assert _counted(client, endpoint, bare) == recorded - 9
    # a width (uint32, as int64) is not written: the format alone leaves the line as it is
    unbounded = json.loads(json.dumps(body).replace('"minimum": 0, ', ""))
    assert _counted(client, endpoint, unbounded) == recorded - 9


def test_an_integers_openapi_width_costs_nothing(client):
    # rig's add of two int64 (schemars' i64) came to 84 input tokens on gpt-5.4 and on the GPT-6 models in the
    # Responses API, and to 165 prompt tokens on gpt-5.4 in chat, as without the format: written, each would cost 7.
    def counted(function, model, endpoint):
        return _counted(client, endpoint, _rig_body(model, "Use the add tool for arithmetic; do not calculate by hand.",
                                                    "Use add to calculate 17 + 25, then state the final number.",
                                                    function, endpoint == "chat"))
    unformatted = json.loads(json.dumps(_RIG_ADD).replace('"format": "int64", ', ""))
    for model, endpoint, recorded in (("gpt-6-sol", "input_tokens", 84), ("gpt-5.4", "chat", 165),
                                      ("gpt-5.4", "input_tokens", 84)):
        assert counted(_RIG_ADD, model, endpoint) == counted(unformatted, model, endpoint)
        assert abs(counted(_RIG_ADD, model, endpoint) - recorded) <= 2


def test_schemars_titles_cost_their_words_and_2(client):
    # rig's add (schemars' BinOpArgs, its `$schema` dropped) came to 84 input tokens on gpt-5.4 in the Responses API,
    # as on the GPT-6 models: the namespace in a message of its own with the parameters' title `BinOpArgs` its words
    # and 2, exact; its text alone made it 2 under (82). A public dump of ChatGPT's web tool's prompt (2026) writes a
    # parameters' title after `(_:`: `type run = (_: // ToolCallV5` and `{` on the next line, its words and 2.
    def counted(model):
        return _counted(client, "input_tokens", _rig_body(
            model, "Use the add tool for arithmetic; do not calculate by hand.",
            "Use add to calculate 17 + 25, then state the final number.", _RIG_ADD))
    assert counted("gpt-5.4") == counted("gpt-6-sol") == 84
    untitled = {**_RIG_ADD, "parameters": {k: v for k, v in _RIG_ADD["parameters"].items() if k != "title"}}
    assert _counted(client, "input_tokens", _rig_body(
        "gpt-5.4", "Use the add tool for arithmetic; do not calculate by hand.",
        "Use add to calculate 17 + 25, then state the final number.", untitled)) == \
        84 - tokens.count_name_tokens("BinOpArgs") - tokens.NAMESPACE_TITLE_TOKENS


def test_nullable_and_examples_cost_what_the_renderer_writes_of_them():
    # OpenAPI's `nullable: true` is written ` | null` after the type, unless it has null (` string | null`), and string
    # examples `// Examples:` and `// - "Paris"` after the description, as OpenAI's harmony renderer writes them
    # (openai/harmony, src/encoding.rs); not recorded.
    assert _keywords_cost({"type": "string", "nullable": True}) == tokens.NULLABLE_TOKENS == 2
    assert _keywords_cost({"type": ["string", "null"], "nullable": True}) == 0
    assert _keywords_cost({"type": "string", "examples": ["Paris", "New York"]}) == (1 + 1) + (2 + 1) + (3 + 1)
