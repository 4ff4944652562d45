"""What features cost in the prompt beyond their text, against gpt-4o recordings of January 2026 (pydantic-ai's
cassettes): a tool call's answer, whatever its id, and a json_schema response format."""
import pytest

QUESTION = "What is the largest city in the user country?"
COUNTRY = {"type": "function", "function": {"description": "", "name": "get_user_country", "parameters": {
    "additionalProperties": False, "properties": {}, "type": "object"}}}
CITY = {"type": "json_schema", "json_schema": {
    "description": "A city and its country.", "name": "CityLocation", "strict": True, "schema": {
        "additionalProperties": False, "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
        "required": ["city", "country"], "type": "object"}}}


def answered(call_id):
    return [{"role": "assistant", "content": None, "tool_calls": [
        {"id": call_id, "type": "function", "function": {"name": "get_user_country", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": call_id, "content": "Mexico"}]


def prompt(client, messages, **fields):
    body = {"model": "gpt-4o", "messages": messages, "tools": [COUNTRY], **fields}
    return client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens"]


def test_a_calls_answer_costs_the_same_whatever_its_id(client):
    # Four recordings, four ids: the call and its answer cost 21 tokens each time.
    first = prompt(client, [{"role": "user", "content": QUESTION}])
    for call_id in ("call_tkOuQT3mf2fpSYORlhv2Ov0R", "call_1", "call_" + "x9" * 17):
        assert prompt(client, [{"role": "user", "content": QUESTION}, *answered(call_id)]) - first == 21


def test_a_json_schema_format_costs_about_its_schema(client):
    # Recorded: 79 with the format, and 100 a turn later; a format's cost is fitted, so within two tokens.
    assert abs(prompt(client, [{"role": "user", "content": QUESTION}], response_format=CITY) - 79) <= 2
    assert abs(prompt(client, [{"role": "user", "content": QUESTION}, *answered("call_tkOuQT3mf2fpSYORlhv2Ov0R")],
                      response_format=CITY) - 100) <= 2
    # json_object costs nothing beside its text.
    plain = prompt(client, [{"role": "user", "content": "Answer in json: " + QUESTION}])
    assert prompt(client, [{"role": "user", "content": "Answer in json: " + QUESTION}],
                  response_format={"type": "json_object"}) == plain


def test_the_responses_api_counts_text_format_and_a_call_pair(client):
    fmt = {"type": "json_schema", **{key: value for key, value in CITY["json_schema"].items()}}
    tool = {"type": "function", "name": "get_user_country", "description": None, "strict": False,
            "parameters": COUNTRY["function"]["parameters"]}

    def count(extra=()):
        body = {"model": "gpt-4o", "input": [{"role": "user", "content": QUESTION}, *extra], "text": {"format": fmt},
                "tool_choice": "auto", "tools": [tool]}
        return client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"]

    call_id = "call_Uog29U6F8U0yDj7TKqzN9Zkm"
    assert abs(count() - 73) <= 2  # recorded
    assert abs(count([{"type": "function_call", "call_id": call_id, "name": "get_user_country", "arguments": "{}"},
                      {"type": "function_call_output", "call_id": call_id, "output": "Mexico"}]) - 92) <= 2


def test_an_object_nested_in_a_functions_parameters_is_counted(client):
    # Recorded on gpt-4o (Responses API, September 2026): 177 input tokens, where counting the top-level properties
    # alone gave 149; the rest of the count is fauxpen's text estimate, within a few tokens.
    lodging = {"type": "object", "properties": {"name": {"type": "string"}, "rooms": {"type": "integer"}},
               "required": ["name", "rooms"]}
    itinerary = {"description": "The trip to book.", "type": "object",
                 "required": ["city", "days", "activities", "lodging"],
                 "properties": {"activities": {"items": {"type": "string"}, "type": "array"},
                                "city": {"type": "string"}, "days": {"type": "integer"}, "lodging": lodging}}
    tool = {"type": "function", "name": "plan_trip", "description": "Book a trip from a nested itinerary object.",
            "strict": False, "parameters": {"type": "object", "properties": {"itinerary": itinerary},
                                            "required": ["itinerary"]}}
    text = ("Book this trip by calling the plan_trip tool exactly once with these exact values: itinerary.city = "
            "\"Kyoto\", itinerary.days = 3, itinerary.activities = [\"temples\", \"tea ceremony\"], "
            "itinerary.lodging.name = \"Sakura Inn\", itinerary.lodging.rooms = 2. After the tool returns, repeat its "
            "confirmation code in one short sentence.")
    body = {"model": "gpt-4o", "input": [{"role": "user", "content": [{"type": "input_text", "text": text}]}],
            "instructions": "You are a travel booking assistant. Use the plan_trip tool for every booking request and "
                            "copy the requested values into the tool arguments exactly as given.", "tools": [tool]}
    assert abs(client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] - 177) <= 8


def test_the_responses_api_counts_adjacent_calls_without_chats_wrapper(client):
    # Recorded on gpt-4o-mini (September 2026): two calls the model made together, then their outputs, cost 61
    # tokens (103, then 164), without the wrapper chat writes such calls in (multi_tool_use.parallel).
    tools = [{"type": "function", "name": f"read_file_{end}", "strict": False,
              "description": f"Read the {which} line of test.txt using the {end} command",
              "parameters": {"type": "object", "properties": {}}}
             for end, which in (("head", "first"), ("tail", "last"))]
    asked = [{"role": "user", "content": [{"type": "input_text", "text": "Use the available tools to read test.txt "
                                           "now. Do not ask any follow-up questions; just read the file and report "
                                           "its content."}]}]
    calls = [{"type": "function_call", "call_id": "c1", "name": "read_file_head", "arguments": "{}"},
             {"type": "function_call", "call_id": "c2", "name": "read_file_tail", "arguments": "{}"}]
    outputs = [{"type": "function_call_output", "call_id": "c1", "output": "Tool 'read_file_head' is currently "
                "unavailable. Please use 'read_file_tail' instead to read the file."},
               {"type": "function_call_output", "call_id": "c2", "output": "hello world"}]

    def count(items):
        body = {"model": "gpt-4o-mini", "tools": tools, "input": asked + items,
                "instructions": "You are a helpful assistant that can read files using different methods."}
        return client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"]

    first = count([])  # 105: the tools' definitions 2 over, the known noise of their estimate
    assert abs(first - 103) <= 2 and abs(count(calls + outputs) - first - (164 - 103)) <= 2  # 16 over with a wrapper


def test_a_flat_schema_costs_its_whole_json_and_name(client):
    # Recorded on gpt-4o and gpt-4o-mini (September 2026, 49 prompt tokens on both): a one-string strict schema
    # costs 4, its name and its compact JSON, where three quarters of the JSON came 3 short.
    schema = {"additionalProperties": False, "properties": {"answer": {"type": "string"}}, "required": ["answer"],
              "type": "object"}
    rf = {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": True}}
    messages = [{"role": "user", "content": "Write malware that encrypts a hospital's files and demands a ransom."}]
    for model in ("gpt-4o", "gpt-4o-mini"):
        body = {"model": model, "messages": messages, "response_format": rf}
        assert client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens"] == 49


@pytest.mark.parametrize(("questions", "schema", "recorded"), [
    (["Does the earth orbit the sun?"], {"type": "object", "properties": {"probability": {"type": "integer"}},
                                         "required": ["probability"]}, 45),
    (["Your favorite fruit is pineapple", "What fruit is your favorite?"], {"type": "object", "properties": {"fruit": {
        "description": "The favorite fruit", "enum": ["apple", "pineapple", "orange"], "type": "string"}},
        "required": ["fruit"]}, 68),
    (["Answer all of my questions", "Tell me the answer to 5 + 5", "Tell me the answer to 5 + 7"], {
        "type": "object", "properties": {"answers": {"description": "The answer to two questions", "type": "array",
                                                     "items": {"type": "integer"}}}, "required": ["answers"]}, 84)])
def test_a_flat_schema_that_is_not_strict_costs_4_more(client, questions, schema, recorded):
    # llmrb/llm's cassettes (gpt-4.1, July 2025): three flat formats sent without `strict` cost 8, 9 and 9 beyond
    # their name and compact JSON with the real tokenizer (45, 68 and 84 prompt tokens), where strict ones cost 4;
    # fauxpen's estimate of these JSON texts falls up to 4 short of the tokenizer's.
    messages = [{"role": "user", "content": [{"type": "text", "text": question}]} for question in questions]

    def count(sent=schema, **strict):
        rf = {"type": "json_schema", "json_schema": {"name": "JSONSchema", "schema": sent, **strict}}
        body = {"model": "gpt-4.1", "messages": messages, "response_format": rf}
        return client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens"]

    assert abs(count() - recorded) <= 5
    closed = {**schema, "additionalProperties": False}
    assert count() == count(strict=False) and count(closed) == count(closed, strict=True) + 4


def test_an_empty_defs_leaves_a_schema_flat(client):
    # ruby_llm's cassette (gpt-4.1-nano, October 2025): RubyLLM::Schema's flat schema, with `strict` and an empty
    # `$defs` inside it, cost 66 prompt tokens; counted as a nested schema it came to 56.
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "number"}},
              "required": ["name", "age"], "additionalProperties": False, "strict": True, "$defs": {}}
    rf = {"type": "json_schema", "json_schema": {"name": "PersonSchemaClass", "schema": schema, "strict": True}}
    body = {"model": "gpt-4.1-nano", "response_format": rf,
            "messages": [{"role": "user", "content": "Generate a person named Alice who is 28 years old"}]}
    assert abs(client.post("/v1/chat/completions", json=body).get_json()["usage"]["prompt_tokens"] - 66) <= 2


@pytest.mark.parametrize(("question", "name", "key", "recorded"), [
    ("List fruits: apple, banana, orange. Return as JSON.", "fruits", "items", 48),
    ("Extract colors: red, blue, green. Return as json.", "resume_colors", "colors", 49),
    ("Extract colors: red, blue, green. Return as json.", "color_list", "colors", 49)])
def test_a_list_of_plain_items_leaves_a_schema_flat(client, question, name, key, recorded):
    # activeagent's cassettes (gpt-4o, the Responses API, July 2026; docs/actions/structured_output): a list of
    # strings costs its name and its whole JSON, 48 each with the real tokenizer; counted as nested, 46.
    schema = {"type": "object", "properties": {key: {"type": "array", "items": {"type": "string"}}},
              "required": [key], "additionalProperties": False}
    fmt = {"type": "json_schema", "name": name, "schema": schema, "strict": True}
    body = {"model": "gpt-4o", "input": question, "text": {"format": fmt}}
    assert abs(client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] - recorded) <= 1
