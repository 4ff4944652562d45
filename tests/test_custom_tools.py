"""Chat's custom tools (GPT-5 models): the SDK's request shapes, calls written as free text, their stream, and
allowed_tools. Shapes from the SDK's types and OpenAI's own stream fixture (openai-node, 2026); no raw capture of
a chat custom call exists, so the wordings of the refusals are guesses on the API's usual patterns."""
import json
import re
import time

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


# --- the Responses API (recorded: gpt-5 in January 2026, gpt-5.2-codex in July 2026) ----------------------------

SQL = {"type": "custom", "name": "execute_sql", "description": "Execute SQL query on the database.",
       "format": {"type": "text"}}


def respond(client, **fields):
    response = client.post("/v1/responses", json={"model": "gpt-5", "input": "list five users", **fields})
    return response.status_code, response


def test_a_responses_custom_tool_is_called_and_echoed(client):
    status, response = respond(client, tools=[SQL])
    body = response.get_json()
    assert status == 200 and body["tools"] == [{"type": "custom", "description": "Execute SQL query on the database.",
                                                "format": {"type": "text"}, "name": "execute_sql"}]
    reasoning, call = body["output"]
    assert reasoning["type"] == "reasoning"
    assert list(call) == ["id", "type", "status", "call_id", "input", "name"]
    assert re.fullmatch(r"ctc_[0-9a-f]{50}", call["id"]) and CALL_ID.match(call["call_id"])
    assert (call["type"], call["status"], call["input"], call["name"]) == (
        "custom_tool_call", "completed", "list five users", "execute_sql")
    bare = respond(client, tools=[{"type": "custom", "name": "grep"}])[1].get_json()["tools"]
    assert bare == [{"type": "custom", "description": None, "format": {"type": "text"}, "name": "grep"}]
    assert respond(client, tools=[SQL], tool_choice={"type": "custom", "name": "execute_sql"})[1].get_json()[
        "tool_choice"] == {"type": "custom", "name": "execute_sql"}


LARK_SELECT = """
    start: select_stmt
    select_stmt: "SELECT" columns "FROM" table
    columns: "*" | WORD ("," WORD)*
    table: WORD
    %import common.WORD
    %import common.WS
    %ignore WS
    """


@pytest.mark.parametrize(("model", "said", "tool", "recorded"), [
    # pydantic-ai's cassettes of gpt-5 (January 2026): a text format, a regex, a Lark grammar.
    ("gpt-5", "Show me all users from the users table",
     {"name": "execute_sql", "description": "Execute SQL query on the database.", "format": {"type": "text"}}, 61),
    ("gpt-5", "Look up the phone number 555-123-4567",
     {"name": "lookup_phone", "description": "Look up a phone number in the directory.",
      "format": {"type": "grammar", "definition": r"\d{3}-\d{3}-\d{4}", "syntax": "regex"}}, 115),
    ("gpt-5", "Get all data from the users table",
     {"name": "run_sql", "description": "Execute a constrained SQL SELECT query.",
      "format": {"type": "grammar", "definition": LARK_SELECT, "syntax": "lark"}}, 146),
    # openai-dotnet's session records of gpt-5.6 (August and September 2026).
    ("gpt-5.6", "Use the code_exec tool to print hello world to the console.",
     {"name": "code_exec", "description": "Executes arbitrary Python code.", "format": {"type": "text"}}, 64),
    ("gpt-5.6", "Use the math_exp tool to add four plus four.",
     {"name": "math_exp", "description": "Creates a mathematical addition expression.",
      "format": {"type": "grammar", "definition": r"^[0-9]+ \+ [0-9]+$", "syntax": "regex"}}, 109),
])
def test_a_responses_custom_tool_costs_its_freeform_input_and_grammar(client, model, said, tool, recorded):
    # 16 tokens more than a function without parameters, and a grammar 33 more and its definition's tokens.
    body = {"model": model, "input": said, "tools": [{"type": "custom", **tool}]}
    counted = client.post("/v1/responses/input_tokens", json=body).get_json()["input_tokens"]
    assert abs(counted - recorded) <= 1
    assert client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] == counted


def test_a_responses_custom_call_streams_its_input(client):
    status, response = respond(client, tools=[SQL], stream=True)
    events = [json.loads(block.split("\n")[1][len("data: "):])
              for block in response.get_data(as_text=True).strip().split("\n\n")]
    kinds = [e["type"] for e in events]
    start = kinds.index("response.custom_tool_call_input.delta")
    added = events[start - 1]
    assert added["type"] == "response.output_item.added"
    assert (added["item"]["status"], added["item"]["input"]) == ("in_progress", "")
    deltas = [e for e in events if e["type"] == "response.custom_tool_call_input.delta"]
    assert all(list(e) == ["type", "delta", "item_id", "obfuscation", "output_index", "sequence_number"]
               for e in deltas)
    done = events[kinds.index("response.custom_tool_call_input.done")]
    assert list(done) == ["type", "input", "item_id", "output_index", "sequence_number"]
    assert done["input"] == "".join(e["delta"] for e in deltas) == "list five users"
    assert events[kinds.index("response.custom_tool_call_input.done") + 1]["item"]["status"] == "completed"


def test_a_custom_call_and_its_output_end_the_turn(client):
    first = respond(client, tools=[SQL])[1].get_json()
    call = first["output"][-1]
    status, response = respond(client, tools=[SQL], previous_response_id=first["id"], input=[
        {"type": "custom_tool_call_output", "call_id": call["call_id"], "output": "5 users"}])
    assert status == 200, response.get_json()
    assert response.get_json()["output"][-1]["type"] == "message"
    listed = client.get(f"/v1/responses/{response.get_json()['id']}/input_items?order=asc").get_json()["data"]
    assert "custom_tool_call" in [item["type"] for item in listed]


@pytest.mark.parametrize("tool, message, param", [
    ({"type": "custom"}, "Missing required parameter: 'tools[0].name'.", "tools[0].name"),
    ({"type": "custom", "name": "x", "format": {"type": "grammar", "syntax": "ebnf", "definition": "x"}},
     "Invalid value: 'ebnf'. Supported values are: 'lark' and 'regex'.", "tools[0].format.syntax"),
    ({"type": "custom", "name": "x", "format": {"type": "grammar", "syntax": "lark"}},
     "Missing required parameter: 'tools[0].format.definition'.", "tools[0].format.definition"),
])
def test_a_malformed_responses_custom_tool_is_refused(client, tool, message, param):
    status, response = respond(client, tools=[tool])
    error = response.get_json()["error"]
    assert status == 400 and (error["message"], error["param"]) == (message, param)


def test_custom_calls_and_outputs_must_pair_up(client):
    """Reported in 2026 by clients of the API and of the Codex backend, in the function call's pattern."""
    first = respond(client, tools=[SQL])[1].get_json()
    call_id = first["output"][-1]["call_id"]
    status, response = respond(client, tools=[SQL], previous_response_id=first["id"], input="and now?")
    error = response.get_json()["error"]
    assert status == 400 and (error["message"], error["param"]) == (
        f"No tool output found for custom tool call {call_id}.", "input")
    status, response = respond(client, tools=[SQL], input=[
        {"role": "user", "content": "hi"}, {"type": "custom_tool_call_output", "call_id": "call_x", "output": "1"}])
    assert status == 400 and response.get_json()["error"]["message"] == (
        "No tool call found for custom tool call output with call_id call_x.")


def test_a_conversation_keeps_custom_calls_and_their_outputs(client):
    conversation = client.post("/v1/conversations", json={}).get_json()["id"]
    first = respond(client, tools=[SQL], conversation=conversation)[1].get_json()
    call_id = first["output"][-1]["call_id"]
    status, response = respond(client, tools=[SQL], conversation=conversation, input=[
        {"type": "custom_tool_call_output", "call_id": call_id, "output": "5 users"}])
    assert status == 200, response.get_json()
    items = client.get(f"/v1/conversations/{conversation}/items?order=asc").get_json()["data"]
    assert [item["type"] for item in items] == ["message", "reasoning", "custom_tool_call", "custom_tool_call_output",
                                                "reasoning", "message"]  # the model's reasoning is kept too
    assert items[2]["id"] == first["output"][-1]["id"]


MATH = r'''
start: expr
expr: term (SP ADD SP term)* -> add
    | "-" term -> negative
term: factor (SP MUL SP factor)*
factor: INT
SP: " "
ADD: "+"
MUL: "*"
%import common.INT
'''
SQL_GRAMMAR = r'''
// a small SELECT
start: "SELECT" SP columns SP "FROM" SP NAME (SP "LIMIT" SP NUMBER)? ";"
columns: "*" | NAME ("," SP NAME)*
NAME: /[a-z_][a-z0-9_]*/
NUMBER: /[0-9]+/
SP: " "
'''


@pytest.mark.parametrize("definition, expected", [
    (MATH, r"42"), (SQL_GRAMMAR, r"SELECT \* FROM [a-z_][a-z0-9_]*;"),
    ('start: "a".."z" ~ 3 ["b"] "c"+ WORD\n%import common.WORD', r"aaacword"),
])
def test_a_lark_grammar_derives_the_input(client, definition, expected):
    tool = {"type": "custom", "custom": {"name": "calc", "format": {
        "type": "grammar", "grammar": {"syntax": "lark", "definition": definition}}}}
    [call] = chat(client, tools=[tool])[1]["choices"][0]["message"]["tool_calls"]
    assert re.fullmatch(expected, call["custom"]["input"])


JSONISH = r'''
?start: value
?value: object | array | string | SIGNED_NUMBER -> number | "true" -> true | "null" -> null
array: "[" [value ("," value)*] "]"
object: "{" [pair ("," pair)*] "}"
pair: string ":" value
string: ESCAPED_STRING
%import common.ESCAPED_STRING
%import common.SIGNED_NUMBER
%import common.WS
%ignore WS
'''
DATES = r'''
start: date (_SEP date)*
date.2: YEAR "-" MONTH "-" DAY
YEAR: /\d{4}/
MONTH: "0" "1".."9" | "1" "0".."2"
DAY: /(0[1-9]|[12]\d|3[01])/
_SEP: ", "
'''


@pytest.mark.parametrize("definition", [MATH, SQL_GRAMMAR, JSONISH, DATES,
                                        'start: "a".."z" ~ 3 ["b"] "c"+ WORD\n%import common.WORD'])
def test_what_a_lark_grammar_derives_is_what_lark_parses(definition):
    lark = pytest.importorskip("lark")
    from fauxpen import grammar
    text = grammar.sample(definition, seed="t")
    assert text is not None
    lark.Lark(definition, start="start").parse(text)  # raises when the text is not in the grammar's language


def test_a_lark_grammar_it_cannot_read_gives_the_request():
    from fauxpen import grammar
    assert grammar.sample("start: start") is None  # derives nothing
    assert grammar.sample("start: a") is None      # an undefined rule
    assert grammar.sample("rule: 'x'") is None     # no start
    assert grammar.sample("start: x\n%import other.X") is None


def test_allowed_tools_name_tools_the_request_has(client):
    def allowed(*tools, mode="required"):
        return {"type": "allowed_tools", "allowed_tools": {"mode": mode, "tools": list(tools)}}

    status, body = chat(client, tools=[CODE, WEATHER], tool_choice=allowed(
        {"type": "function", "function": {"name": "elsewhere"}}))
    assert status == 400 and body["error"]["message"] == "Tool choice 'elsewhere' not found in 'tools' parameter."
    for entry, param in (({"type": ["function"]}, "tool_choice.allowed_tools.tools[0].type"),
                         ("get_weather", "tool_choice.allowed_tools.tools[0]"),
                         ({"type": "function"}, "tool_choice.allowed_tools.tools[0].function")):
        status, body = chat(client, tools=[WEATHER], tool_choice=allowed(entry))
        assert status == 400 and body["error"]["param"] == param, body


def test_responses_allowed_tools_narrow_the_tools(client):
    function = {"type": "function", "name": "lookup", "parameters": {"type": "object", "properties": {}},
                "strict": False}
    choice = {"type": "allowed_tools", "mode": "required", "tools": [{"type": "function", "name": "lookup"}]}
    status, response = respond(client, tools=[SQL, function], tool_choice=choice)
    assert status == 200 and response.get_json()["output"][-1]["type"] == "function_call"
    status, response = respond(client, tools=[SQL, function], tool_choice={**choice, "tools": [
        {"type": "function", "name": "absent"}]})
    assert status == 400 and response.get_json()["error"]["message"] == (
        "Tool choice 'absent' not found in 'tools' parameter.")
    status, response = respond(client, tools=[SQL], tool_choice={**choice, "tools": [5]})
    assert status == 400 and response.get_json()["error"]["param"] == "tool_choice.tools[0]"


@pytest.mark.parametrize("definition", [r"(?=a)b", r"[^\s\S]", r"a{1000000}"])
def test_a_regex_no_sample_meets_gives_the_request(client, definition):
    tool = {"type": "custom", "custom": {"name": "t", "format": {
        "type": "grammar", "grammar": {"syntax": "regex", "definition": definition}}}}
    [call] = chat(client, tools=[tool])[1]["choices"][0]["message"]["tool_calls"]
    assert call["custom"]["input"] == "print the first ten primes"


def test_a_lark_derivation_too_long_to_write_stops():
    from fauxpen import grammar
    doubling = "start: a0\n" + "".join(f"a{i}: a{i + 1} a{i + 1}\n" for i in range(60)) + 'a60: "x"'
    assert grammar.sample('start: "x"~1000000000') is None and grammar.sample(doubling) is None
    assert grammar.sample('start: ("" ~ 10000) ~ 10000') is None  # nothing written, a hundred million times
    chain = "start: r0\n" + "".join(f"r{i}: r{i + 1}\n" for i in range(200)) + 'r200: "x"'
    assert grammar.sample(chain) == "x"


def test_a_regex_of_nested_empty_repeats_gives_up_at_once():
    from fauxpen.tooluse import custom_input
    tool = {"name": "t", "format": {"type": "grammar", "grammar": {"syntax": "regex",
                                                                   "definition": "(?:(?:){10000}){10000}"}}}
    assert custom_input(tool, "the request") in ("", "the request")  # the empty match, or the give-up


def test_an_item_id_of_another_type_is_refused_in_a_conversation_too(client):
    """Found by fuzzing: a custom call's id that was not a string reached the conversation's store (a 500)."""
    conversation = client.post("/v1/conversations", json={}).get_json()["id"]
    status, response = respond(client, tools=[SQL], conversation=conversation, input=[
        {"type": "custom_tool_call", "call_id": "c1", "name": "execute_sql", "input": "x", "id": []},
        {"type": "custom_tool_call_output", "call_id": "c1", "output": "ok"}])
    assert status == 400 and response.get_json()["error"]["param"] == "input[0].id"


@pytest.mark.parametrize("definition", [
    'start: "a" ~ 1' + "0" * 5000,               # a count with more digits than int() reads (was a 500)
    "start: /(a|a){28}(?=b)c/",                 # a lookahead: a sample that fails would backtrack for ever
    "start: " + "|".join(["a"] * 40000) + '\na: "x"',  # 40,000 alternatives, read in linear time
    "start: /(?:a{0}){50}/ ~ 199000",            # an empty terminal, sampled once
])
def test_what_fuzzing_found_in_grammars_answers_at_once(client, definition):
    tool = {"type": "custom", "custom": {"name": "t", "format": {
        "type": "grammar", "grammar": {"syntax": "lark", "definition": definition}}}}
    started = time.monotonic()
    status, body = chat(client, tools=[tool])
    assert status == 200 and time.monotonic() - started < 5
    regex = {"type": "custom", "custom": {"name": "t", "format": {
        "type": "grammar", "grammar": {"syntax": "regex", "definition": "(a|a){28}(?=b)c"}}}}
    [call] = chat(client, tools=[regex])[1]["choices"][0]["message"]["tool_calls"]
    assert call["custom"]["input"] == "print the first ten primes"  # not sampled: the request's words


@pytest.mark.parametrize("definition", [
    r"^(a|aa){40}(?!b)b$",  # the README's
    r"(?:a+){40}$x",        # the sample (forty runs of a's, then x) is checked against the whole pattern
    r"(x+x+){20}$y",
    r"(a|a){40}$c",
])
def test_a_regex_grammar_built_to_backtrack_is_answered_at_once(client, definition):
    """No text matches these, and checking the sample used to take re years: the request's words stand in."""
    regex = {"type": "grammar", "grammar": {"syntax": "regex", "definition": definition}}
    lark = {"type": "grammar", "grammar": {"syntax": "lark", "definition": f"start: /{definition}/"}}
    for grammar in (regex, lark):
        started = time.monotonic()
        [call] = chat(client, tools=[{"type": "custom", "custom": {"name": "t", "format": grammar}}])[1][
            "choices"][0]["message"]["tool_calls"]
        assert call["custom"]["input"] == "print the first ten primes"
        status, response = respond(client, tools=[{"type": "custom", "name": "t", "format": {
            "type": "grammar", "syntax": grammar["grammar"]["syntax"], "definition": definition if grammar is regex
            else grammar["grammar"]["definition"]}}], tool_choice="required")
        assert status == 200 and response.get_json()["output"][-1]["input"] == "list five users"
        assert time.monotonic() - started < 2


@pytest.mark.parametrize("definition", [
    r"(ab)\1",                 # a backreference, checked by re in a few steps
    r"(?=\d)\d{3}(?!x)",       # lookarounds the sample happens to meet (the sampler skips them)
    r"(?<=^)[a-c]{2}",
])
def test_a_regex_with_lookarounds_or_backreferences_is_sampled_when_the_sample_matches(client, definition):
    tool = {"type": "custom", "custom": {"name": "t", "format": {
        "type": "grammar", "grammar": {"syntax": "regex", "definition": definition}}}}
    [call] = chat(client, tools=[tool])[1]["choices"][0]["message"]["tool_calls"]
    assert re.fullmatch(definition, call["custom"]["input"])  # not the request's words


# What the fuzz found: each regex or Lark sample is bounded, but the bound was a call's, so a request naming many
# custom tools whose pattern asks for 65,536 characters took a third of a second for each call it made, seconds in
# all (128 Lark tools: 42 s). An answer's calls now share one bound; the calls past it write the request's words.
@pytest.mark.parametrize("grammar", [{"syntax": "regex", "definition": "[a-z]{65536}"},
                                     {"syntax": "lark", "definition": "start: A\nA: /[a-z]{65536}/"}])
def test_many_calls_of_long_patterns_are_answered_at_once(client, grammar):
    names = [f"write_{index}" for index in range(16)]
    tools = [{"type": "custom", "custom": {"name": name, "format": {"type": "grammar", "grammar": grammar}}}
             for name in names]
    started = time.monotonic()
    response = client.post("/v1/chat/completions", json={"model": "gpt-5", "tools": tools, "messages": [
        {"role": "user", "content": "Call " + " and ".join(names)}]})
    assert time.monotonic() - started < 3
    calls = response.get_json()["choices"][0]["message"]["tool_calls"]
    assert [call["custom"]["name"] for call in calls] == names
    assert re.fullmatch("[a-z]{65536}", calls[0]["custom"]["input"])
