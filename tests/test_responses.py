"""The Responses API: POST /v1/responses (JSON and events), and stored responses by id."""
import base64
import json
import re
import time

import pytest

from fauxpen import completion, tokens

from .test_tools import SYMFONY_QUESTION, SYMFONY_TOOLS

REPLY = "Hello! How can I assist you today?"
TOOLS = [{"type": "function", "name": "get_weather", "strict": True,
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                         "additionalProperties": False}}]


def respond(client, **fields):
    response = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hello", **fields})
    assert response.status_code == 200, response.get_json()
    return response


def respond_json(client, **fields):
    """Return a Responses answer's status and JSON, whatever the status."""
    response = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hello", **fields})
    return response.status_code, response.get_json()


def refusal(client, body, path="/v1/responses"):
    response = client.post(path, json=body)
    error = response.get_json()["error"]
    return response.status_code, error["message"], error["param"], error["code"]


def test_a_response_has_the_real_fields_in_the_real_order(client):
    response = client.post("/v1/responses", json={"model": "gpt-4o-mini", "input": "This is a test."})
    text = response.get_data(as_text=True)
    body = json.loads(text)
    assert text == json.dumps(body, indent=2)  # indented, no newline at the end (recorded lengths)
    # The recorded order of 2026 (billing is in JSON answers, not in a stream's events; tool_usage since mid-2026;
    # access_programs since late September, null for an account in none).
    assert list(body) == ["id", "object", "created_at", "status", "access_programs", "background", "billing",
                          "completed_at", "error",
                          "frequency_penalty", "incomplete_details", "instructions", "max_output_tokens",
                          "max_tool_calls", "model", "moderation", "output", "parallel_tool_calls",
                          "presence_penalty", "previous_response_id", "prompt_cache_key", "prompt_cache_retention",
                          "reasoning", "safety_identifier", "service_tier", "store", "temperature", "text",
                          "tool_choice", "tool_usage", "tools", "top_logprobs", "top_p", "truncation", "usage", "user",
                          "metadata"]
    # A model that does not reason echoes a null context and no mode (recorded for gpt-4o-mini, September 2026).
    assert body["reasoning"] == {"context": None, "effort": None, "summary": None}
    assert body["access_programs"] is None
    assert body["tool_usage"] == {
        "image_gen": {"input_tokens": 0, "input_tokens_details": {"image_tokens": 0, "text_tokens": 0},
                      "output_tokens": 0, "output_tokens_details": {"image_tokens": 0, "text_tokens": 0},
                      "total_tokens": 0},
        "web_search": {"num_requests": 0}}
    assert (body["completed_at"], body["frequency_penalty"], body["moderation"], body["prompt_cache_retention"]) == (
        body["created_at"], 0.0, None, "in_memory")
    assert body["model"] == "gpt-4o-mini-2024-07-18" and body["status"] == "completed"
    assert (body["background"], body["billing"], body["max_tool_calls"], body["top_logprobs"]) == (
        False, {"payer": "developer"}, None, 0)
    assert body["text"] == {"format": {"type": "text"}, "verbosity": "medium"}
    # resp_ and 50 hex: 16 the response's ids share, 00 (stored), the time, 4 more, 4 its items share, 16 more
    # (captured on gpt-5.6-terra, August 2026: resp_02442014059fe2e0006a91e2b4171c87d09bd3cd11db720b15 and its
    # msg_02442014059fe2e0006a91e2b4e55887d0b9c1aa675883cc01; 8196 on gpt-5.5 in July, 87d2 on gpt-6-sol in October).
    assert re.fullmatch(rf"resp_[0-9a-f]{{16}}00{body['created_at']:08x}[0-9a-f]{{4}}(8196|87d0|87d2)[0-9a-f]{{16}}",
                        body["id"])
    message = body["output"][0]
    assert list(message) == ["id", "type", "status", "content", "role"]
    assert message["id"].startswith("msg_") and message["id"][4:30] == body["id"][5:31]
    assert message["id"][-16:] != body["id"][-16:]
    assert message["content"] == [{"type": "output_text", "annotations": [], "logprobs": [], "text": REPLY}]
    # "This is a test." is 12 input tokens, as a chat prompt of it is (recorded since August 2025).
    assert body["usage"] == {"input_tokens": 12, "input_tokens_details": {"cache_write_tokens": 0, "cached_tokens": 0},
                             "output_tokens": 10, "output_tokens_details": {"reasoning_tokens": 0},
                             "total_tokens": 22}
    assert (body["temperature"], body["top_p"], body["truncation"], body["tool_choice"]) == (1.0, 1.0, "disabled",
                                                                                          "auto")
    assert response.headers["x-ratelimit-limit-requests"]  # the create answer has them; GET does not (recorded)
    assert "x-ratelimit-limit-requests" not in client.get(f"/v1/responses/{body['id']}").headers


def test_newer_parameters_are_taken_and_echoed(client):
    body = respond(client, model="gpt-5.1", max_tool_calls=3, prompt_cache_key="k", prompt_cache_retention="24h",
                   safety_identifier="user-1", top_logprobs=2, include=["message.output_text.logprobs"],
                   text={"verbosity": "low"}, service_tier="priority").get_json()
    assert (body["max_tool_calls"], body["prompt_cache_key"], body["prompt_cache_retention"],
            body["safety_identifier"], body["top_logprobs"]) == (3, "k", "24h", "user-1", 2)
    assert body["text"]["verbosity"] == "low"
    status, message, param, code = refusal(client, {"model": "gpt-4o", "input": "hi", "include": ["everything"]})
    assert (status, param, code) == (400, "include[0]", "invalid_value")


def taken(response):
    """The tokens an answer took off x-ratelimit-remaining-tokens."""
    return int(response.headers["x-ratelimit-limit-tokens"]) - int(response.headers["x-ratelimit-remaining-tokens"])


def test_ratelimit_headers_follow_the_model_as_recorded(client):
    # openai-dotnet's session records (2025-2026): a reasoning model's answer leaves the remaining tokens at the
    # limit, gpt-4o-mini's takes off its prompt's count; gpt-5.6's streams carry the headers.
    plain = respond(client, model="gpt-4o-mini")
    assert taken(plain) > 0
    assert taken(respond(client, model="gpt-5.1")) == taken(respond(client, model="gpt-5.6")) == 0
    assert taken(respond(client, model="gpt-5.6", stream=True)) > 0


def test_a_gpt_4o_mini_stream_carries_the_ratelimit_headers_its_answer_does(client):
    # braintrust-sdk-python's cassettes (gpt-4o-mini, 2026-10-05 and 2026-10-08, four streams): this request, 22 input
    # tokens, took 40, 40 and 50 off x-ratelimit-remaining-tokens (a fourth shared its minute), as an answer takes
    # its prompt and 19; the same cassettes of April 2026 and openai-dotnet's to April 2026 had no x-ratelimit-*.
    body = {"model": "gpt-4o-mini", "stream": True, "input": "What's 12 + 12?",
            "instructions": "Just the number please"}
    streamed = client.post("/v1/responses", json=body)
    assert streamed.headers["x-ratelimit-limit-requests"] == "10000"
    assert taken(streamed) == taken(client.post("/v1/responses", json={**body, "stream": False}))
    assert abs(taken(streamed) - 40) <= 3


def test_an_o4_mini_answer_takes_off_its_prompt_and_206(client):
    # braintrust-sdk-python's cassettes (o4-mini, June 2026, twice): this question, 41 input tokens, took 248 off
    # x-ratelimit-remaining-tokens (its next turns 365 for 159 and 453 for 248), where GPT-5 models' answers take none.
    question = ("Look at this sequence: 2, 6, 12, 20, 30. What is the pattern and what would be the formula for the "
                "nth term?\n")
    answer = respond(client, model="o4-mini", input=[{"role": "user", "content": question}],
                     reasoning={"effort": "high", "summary": "detailed"})
    assert answer.get_json()["usage"]["input_tokens"] == 41
    assert abs(taken(answer) - 248) <= 1


def test_an_answer_that_reads_an_uploaded_file_carries_only_the_requests_ratelimit_headers(client):
    # llmrb/llm's cassettes (gpt-4.1, July 2025): two answers that read a PDF by its file id had the limit, remaining
    # and reset of requests alone; the same model's other answers of that session had all six, and an inline PDF's
    # answer has them (crewAI's cassettes, gpt-4o-mini, January 2026).
    question = {"type": "input_text", "text": "Is this PDF document about FreeBSD?"}
    by_id = respond(client, model="gpt-4.1", input=[{"role": "user", "content": [
        question, {"type": "input_file", "file_id": "file-GA9vx5eSwYZxYKdRLwrFJz"}]}])
    assert by_id.status_code == 200
    assert [name.lower() for name in by_id.headers.keys() if name.lower().startswith("x-ratelimit")] == [
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"]
    inline = respond(client, model="gpt-4.1", input=[{"role": "user", "content": [question, {
        "type": "input_file", "filename": "document.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjQK"}]}])
    assert taken(inline) > 0


def test_a_gpt51_stream_carries_the_ratelimit_headers(client):
    # newrelic-python-agent's cassette (July 2026): gpt-5.1's streams at its default effort carry the x-ratelimit-*
    # headers, as gpt-5.5's and gpt-5.6's do (their values scrubbed there: what it takes off is gpt-5.5's, a guess).
    instructions = "You are a text parser."
    question = {"role": "user", "content": "How many letters are in the word Python? Answer in one word with no "
                                           "formatting."}
    response = respond(client, model="gpt-5.1", instructions=instructions, input=[question], max_output_tokens=500,
                       temperature=0.7, stream=True)
    assert response.headers["x-ratelimit-limit-requests"] == "10000"
    assert response.headers["x-ratelimit-reset-tokens"] == "0s"
    assert taken(response) == 33 + 163  # its input tokens (33 recorded) and the constant
    assert taken(respond(client, model="gpt-5.1", instructions=instructions, input=[question])) == 0


# simonw/llm's cassettes of gpt-5.5 at effort low, store false, encrypted reasoning asked for (May 2026): each stream
# carries the x-ratelimit-* headers and takes off its input's tokens and 163 (the model's constant), 286 more with a
# function, not its usage.
MULTIPLY = {"type": "function", "name": "multiply", "description": "Multiply two numbers.", "parameters": {
    "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a", "b"], "type": "object"}}
QUESTION = {"role": "user", "content": "What is 1231 * 2331? Use the multiply tool."}
CALL_ID = "call_sVidsfFJ6zlzRpelrPkTPlpd"


@pytest.mark.parametrize(("fields", "recorded"), [
    ({"input": [{"role": "user", "content": "Reply with exactly: pong"}]}, 174),  # input 11
    ({"input": [QUESTION], "tools": [MULTIPLY]}, 507),  # input 58
    ({"input": [QUESTION, {"type": "function_call", "call_id": CALL_ID, "name": "multiply",
                           "arguments": "{\"a\": 1231, \"b\": 2331}"},
                {"type": "function_call_output", "call_id": CALL_ID, "output": "2869461"}],
      "tools": [MULTIPLY]}, 543),  # input 94
])
def test_a_reasoning_models_stream_takes_off_its_prompt_and_more(client, fields, recorded):
    response = respond(client, model="gpt-5.5", reasoning={"effort": "low"}, store=False, stream=True,
                       include=["reasoning.encrypted_content"], **fields)
    assert response.headers["x-ratelimit-limit-tokens"] == "30000000"
    assert abs(taken(response) - recorded) <= 1
    assert taken(respond(client, model="gpt-5.5", reasoning={"effort": "low"}, **fields)) == 0


def test_a_gpt56_stream_takes_off_its_prompt_and_143(client):
    # openai-dotnet's session records (ReasoningStreamingWorks, August 2026): 162 and 161 taken off for an input of
    # 18, whose usage was 75.
    response = respond(client, model="gpt-5.6", reasoning={"effort": "high", "summary": "auto"}, stream=True, input=[
        {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "What is the best ice cream flavor: Chocolate or vanilla?"}]}])
    assert taken(response) in (161, 162)



# agentjido/req_llm's fixtures of gpt-5.4 at effort low, store false, encrypted reasoning asked for (September 2026):
# its streams carry the x-ratelimit-* headers too and take off their input's tokens and 163, as gpt-5.5's do.
SPLIT_BILL = ("Three friends split a 47 euro bill so that Ana pays twice what Ben pays and Cleo pays 5 euros more than "
              "Ben. How much does each pay? Show the amounts.")
NOTES = "Summarize the following notes in three sentences. " + (
    "The kitchen team reviewed the weekly menu, adjusted supplier orders, and planned staff shifts. " * 40)


@pytest.mark.parametrize(("fields", "recorded"), [
    ({"input": [{"role": "user", "content": [{"type": "input_text", "text": SPLIT_BILL}]}],
      "reasoning": {"effort": "low", "summary": "auto"}}, 206),  # input 43
    ({"input": [{"role": "user", "content": [{"type": "input_text", "text": NOTES}]}], "reasoning": {"effort": "low"},
      "context_management": [{"compact_threshold": 1000, "type": "compaction"}]}, 860),  # input 697
])
def test_a_gpt54_stream_takes_off_its_prompt_and_163(client, fields, recorded):
    response = respond(client, model="gpt-5.4", store=False, stream=True, max_output_tokens=1024,
                       include=["reasoning.encrypted_content"], **fields)
    assert abs(taken(response) - recorded) <= 1


def test_a_gpt54_stream_with_functions_takes_off_its_prompt_and_455(client):
    # posit-dev/chatlas's cassettes of gpt-5.4 (July 2026, effort none): eleven streams with one or two strict
    # functions took 455 or 456 over their input of 57 to 189 (163 and 292 for the tools, where gpt-5.5's is 286):
    # 578 for this one, whose input was 123.
    system = {"type": "message", "role": "system", "content": [{"type": "input_text", "text": (
        "\n        Be very terse, not even punctuation. If asked for equipment to pack,\n        first use the "
        "weather_forecast tool provided to you. Then, use the\n        equipment tool provided to you.\n        ")}]}
    asked = {"type": "message", "role": "user", "content": [
        {"type": "input_text", "text": "What should I pack for New York this weekend?"}]}
    tools = [{"type": "function", "name": name, "description": description, "strict": True, "parameters": {
        "properties": {key: {"type": "string"}}, "required": [key], "type": "object", "additionalProperties": False}}
        for name, description, key in (("weather_forecast", "Gets the weather forecast for a city", "city"),
                                       ("equipment", "Gets the equipment needed for a weather condition", "weather"))]
    response = respond(client, model="gpt-5.4", store=False, stream=True, include=["reasoning.encrypted_content"],
                       input=[system, asked], tools=tools)
    assert taken(response) == 578


def test_a_gpt52_stream_with_functions_takes_off_its_prompt_and_573(client):
    # symfony/ai's example fixture agent-stream-sources (gpt-5.2 at its default effort none, September 2026): its
    # streams carry the x-ratelimit-* headers, and its first two with three strict functions took 726 and 17,172 off
    # 4,000,000 for inputs of 153 and 16,599, 573 over each (the share without tools is not recorded).
    response = respond(client, model="gpt-5.2", stream=True, tools=SYMFONY_TOOLS,
                       input=[{"role": "user", "content": SYMFONY_QUESTION}])
    assert response.headers["x-ratelimit-limit-requests"] == "10000"
    completed = json.loads(response.get_data(as_text=True).split("event: response.completed\ndata: ")[1])
    assert taken(response) == completed["response"]["usage"]["input_tokens"] + 573
    assert taken(respond(client, model="gpt-5.2", tools=SYMFONY_TOOLS,
                        input=[{"role": "user", "content": SYMFONY_QUESTION}])) == 0


@pytest.mark.parametrize(("fields", "recorded"), [
    # openai-dotnet's session records of gpt-4o-mini (August 2025 to August 2026): the input's tokens and 19 more,
    # whatever was written (usage 21 and 17) or allowed (max_output_tokens 20).
    ({"input": "Hello, model!"}, 30),
    ({"input": "Respond with only the word hello."}, 33),
    ({"input": "Respond with only the word hello.", "max_output_tokens": 20}, 33),
    # With a tool 198 more again: a function (recorded 260, input 43: its `parameters: {}` one argument), a code
    # interpreter, whose instructions and runs the limiter does not count (recorded 233, input 387 after two runs).
    ({"input": "How's the weather?", "tool_choice": "required",
      "tools": [{"type": "function", "name": "get_weather", "description": "gets the weather", "parameters": {}}]},
     260),
    ({"input": "Calculate the factorial of 5 using Python code.",
      "tools": [{"type": "code_interpreter", "container": {"type": "auto"}}]}, 235),
])
def test_a_model_that_does_not_reason_takes_off_its_prompt_and_19(client, fields, recorded):
    response = respond(client, model="gpt-4o-mini", **fields)
    usage = response.get_json()["usage"]
    assert taken(response) == recorded
    if fields.get("tool_choice") == "required":
        assert usage["input_tokens"] == 43  # recorded
    if "tools" not in fields:
        assert taken(response) == usage["input_tokens"] + 19 != usage["total_tokens"]


def test_input_tokens_are_counted_without_an_answer(client):
    response = client.post("/v1/responses/input_tokens", json={"model": "gpt-4o-mini", "input": "Tell me a joke."})
    assert response.get_data(as_text=True) == '{\n  "object": "response.input_tokens",\n  "input_tokens": 12\n}'
    assert "x-ratelimit-limit-requests" not in response.headers
    with_tools = client.post("/v1/responses/input_tokens", json={"model": "gpt-4o", "input": "hello", "tools": TOOLS})
    assert with_tools.get_json()["input_tokens"] == respond(client, tools=TOOLS).get_json()["usage"]["input_tokens"]
    assert refusal(client, {"model": "gpt-4o", "input": "hi", "stream": True}, "/v1/responses/input_tokens") == (
        400, "Unknown parameter: 'stream'.", "stream", "unknown_parameter")


def test_a_background_response_is_queued_then_done_and_can_be_cancelled(tmp_path):
    from fauxpen import create_app

    def client_taking(seconds):
        return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / f"s{seconds}.sqlite"),
                           "FAUXPEN_BACKGROUND_SECONDS": seconds}).test_client()

    quick = client_taking(0)
    queued = quick.post("/v1/responses", json={"model": "gpt-4o", "input": "hello", "background": True})
    body = queued.get_json()
    assert (body["status"], body["background"], body["output"], body["usage"]) == ("queued", True, [], None)
    assert body["service_tier"] == "auto" and "x-ratelimit-limit-requests" not in queued.headers
    done = quick.get(f"/v1/responses/{body['id']}").get_json()
    assert done["status"] == "completed" and done["output"][0]["content"][0]["text"] == REPLY
    assert quick.post(f"/v1/responses/{body['id']}/cancel").get_json()["error"]["message"] == (
        "Cannot cancel a completed response.")
    slow = client_taking(3600)
    body = slow.post("/v1/responses", json={"model": "gpt-4o", "input": "hello", "background": True}).get_json()
    assert slow.get(f"/v1/responses/{body['id']}").get_json()["status"] == "queued"
    cancelled = slow.post(f"/v1/responses/{body['id']}/cancel")
    assert cancelled.get_json() == {**body, "status": "cancelled"}  # the same object, cancelled (recorded)
    assert slow.post(f"/v1/responses/{body['id']}/cancel").get_json()["status"] == "cancelled"
    assert slow.get(f"/v1/responses/{body['id']}").get_json()["status"] == "cancelled"
    synchronous = slow.post("/v1/responses", json={"model": "gpt-4o", "input": "hello"}).get_json()
    assert slow.post(f"/v1/responses/{synchronous['id']}/cancel").get_json()["error"]["message"] == (
        "Cannot cancel a synchronous response.")
    streamed = slow.post("/v1/responses", json={"model": "gpt-4o", "input": "hello", "background": True,
                                                "stream": True}).get_data(as_text=True)
    kinds = [block.split("\n")[0][len("event: "):] for block in streamed.strip().split("\n\n")]
    assert kinds[:3] == ["response.created", "response.queued", "response.in_progress"]


def test_a_stream_is_named_numbered_events_without_done(client):
    text = respond(client, stream=True).get_data(as_text=True)
    assert "[DONE]" not in text
    events = []
    for block in text.strip().split("\n\n"):
        name, data = block.split("\n")
        event = json.loads(data[len("data: "):])
        assert name == f"event: {event['type']}"
        events.append(event)
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    kinds = [e["type"] for e in events]
    assert kinds[:4] == ["response.created", "response.in_progress", "response.output_item.added",
                         "response.content_part.added"]
    assert kinds[-4:] == ["response.output_text.done", "response.content_part.done", "response.output_item.done",
                          "response.completed"]
    deltas = [e["delta"] for e in events if e["type"] == "response.output_text.delta"]
    assert "".join(deltas) == REPLY
    assert events[0]["response"]["status"] == "in_progress" and events[0]["response"]["usage"] is None
    assert events[-1]["response"]["output"][0]["content"][0]["text"] == REPLY


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("where", ["tools", "text"])
def test_a_schema_nested_hundreds_deep_is_echoed_streamed_or_not(client, stream, where):
    # JSON reads 300 nested objects, and the response echoes them. The writer recursed out at half Python's
    # reading depth: a 400 unstreamed, and a stream cut off after its 200 (a RecursionError in its first event).
    schema = {"type": "string"}
    for _ in range(300):
        schema = {"type": "object", "properties": {"a": schema}}
    body = {"model": "gpt-4o", "input": "hello", "stream": stream}
    if where == "tools":
        body["tools"] = [{"type": "function", "name": "f", "strict": False, "parameters": schema}]
    else:
        body["text"] = {"format": {"type": "json_schema", "name": "n", "strict": False, "schema": schema}}
    response = client.post("/v1/responses", json=body)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    answer = json.loads(text.rsplit("\ndata: ", 1)[1])["response"] if stream else json.loads(text)
    assert answer["status"] == "completed"
    if where == "tools":
        assert answer["tools"][0]["parameters"] == schema
    else:
        assert answer["text"]["format"]["schema"] == schema


@pytest.mark.parametrize("shape", ["object", "array", "anyOf"])
@pytest.mark.parametrize("model", ["gpt-4o", "gpt-5-mini"])
def test_a_schema_nested_hundreds_deep_is_counted_alike_by_every_endpoint(client, shape, model):
    # Token counting's walks over parameters and formats stop at a depth (a deeper remainder a token or so), so a
    # schema nested as deep as JSON reads is counted, not refused: input_tokens answers what the create's usage says,
    # and chat counts its tools and json_schema response_format alike.
    schema = {"type": "string"}
    for _ in range(300):
        schema = {"object": {"type": "object", "properties": {"a": schema}},
                  "array": {"type": "array", "items": schema}, "anyOf": {"anyOf": [schema, {"type": "null"}]}}[shape]
    schema = {"type": "object", "properties": {"x": schema}}
    tools = [{"type": "function", "name": "f", "strict": False, "parameters": schema}]
    text = {"format": {"type": "json_schema", "name": "n", "strict": False, "schema": schema}}
    for extra in ({"tools": tools}, {"text": text}):
        body = {"model": model, "input": "hello", **extra}
        created = client.post("/v1/responses", json=body)
        counted = client.post("/v1/responses/input_tokens", json=body)
        assert (created.status_code, counted.status_code) == (200, 200)
        assert counted.get_json()["input_tokens"] == created.get_json()["usage"]["input_tokens"]
    messages = [{"role": "user", "content": "hello"}]
    chat_tools = [{"type": "function", "function": {"name": "f", "parameters": schema}}]
    response_format = {"type": "json_schema", "json_schema": {"name": "n", "strict": False, "schema": schema}}
    for extra in ({"tools": chat_tools}, {"response_format": response_format}):
        response = client.post("/v1/chat/completions", json={"model": model, "messages": messages, **extra})
        assert response.status_code == 200
        assert response.get_json()["usage"]["prompt_tokens"] > 0


def test_a_function_leaving_strict_out_nested_hundreds_deep_is_called_without_strict_mode(client):
    # Making it strict walked it recursively and recursed out at 250 objects (the unparseable-body 400, from the
    # create and from input_tokens alike); a schema that deep is past strict mode's nesting limit, so not strict.
    schema = {"type": "string"}
    for _ in range(250):
        schema = {"type": "object", "properties": {"a": schema}}
    body = {"model": "gpt-4o", "input": "hello", "tools": [{"type": "function", "name": "f", "parameters": schema}]}
    created = client.post("/v1/responses", json=body)
    counted = client.post("/v1/responses/input_tokens", json=body)
    assert (created.status_code, counted.status_code) == (200, 200)
    answer = created.get_json()
    assert answer["tools"][0]["strict"] is False and answer["tools"][0]["parameters"] == schema
    assert counted.get_json()["input_tokens"] == answer["usage"]["input_tokens"]


def test_a_stream_whose_first_event_cannot_be_written_is_refused_before_it_starts():
    # A failure in the first event is raised while the request can still be refused with the envelope.
    def events():
        raise RecursionError
        yield

    with pytest.raises(RecursionError):
        completion.server_sent_events(events(), named=True)


def test_a_function_call_and_its_output_continue_by_previous_response_id(client):
    first = respond(client, input="weather in Paris?", tools=TOOLS).get_json()
    call = first["output"][0]
    assert list(call) == ["id", "type", "status", "arguments", "call_id", "name"]
    assert call["name"] == "get_weather" and json.loads(call["arguments"]) == {"city": "Paris"}
    assert first["tools"] == [{"type": "function", "description": None, "name": "get_weather", "output_schema": None,
                               "parameters": TOOLS[0]["parameters"], "strict": True}]
    second = respond(client, previous_response_id=first["id"], tools=TOOLS, input=[
        {"type": "function_call_output", "call_id": call["call_id"], "output": "sunny"}]).get_json()
    assert second["output"][0]["content"][0]["text"] == REPLY
    assert second["previous_response_id"] == first["id"]
    assert second["usage"]["input_tokens"] > first["usage"]["input_tokens"]


def test_a_user_turn_that_forbids_tools_is_answered_in_text(client):
    # gpt-5-mini, September 2026 (rig's adversarial cassette): after two calls and their outputs, "Without calling
    # any tool, reply exactly ..." got a message, not a third call.
    first = respond(client, input="weather in Paris?", tools=TOOLS).get_json()
    call = first["output"][0]
    second = respond(client, previous_response_id=first["id"], tools=TOOLS, input=[
        {"type": "function_call_output", "call_id": call["call_id"], "output": "sunny"},
        {"role": "user", "content": "Without calling any tool, reply exactly `paris=<weather>`."}]).get_json()
    assert [item["type"] for item in second["output"]] == ["message"]


def test_a_limit_leaves_the_response_incomplete(client):
    from fauxpen import create_app

    long_client = create_app({"TESTING": True, "FAUXPEN_REPLY": "word " * 100}).test_client()
    body = respond(long_client, max_output_tokens=16).get_json()
    assert body["status"] == "incomplete" and body["incomplete_details"] == {"reason": "max_output_tokens"}
    assert body["output"][0]["status"] == "incomplete" and body["usage"]["output_tokens"] == 16
    assert body["completed_at"] is None  # an incomplete response is not completed (recorded, December 2025)


def test_a_call_the_limit_cuts_leaves_it_and_the_response_incomplete(client):
    fields = {f"field_number_{i}": {"type": "string"} for i in range(12)}
    tools = [{"type": "function", "name": "f", "parameters": {"type": "object", "properties": fields,
                                                              "required": list(fields), "additionalProperties": False}}]
    body = respond(client, tools=tools, tool_choice="required", max_output_tokens=16).get_json()
    assert body["status"] == "incomplete" and body["output"][0]["status"] == "incomplete"


def test_a_call_left_without_its_output_is_refused(client):
    first = respond(client, input="weather in Paris?", tools=TOOLS).get_json()
    status, message, param, _ = refusal(client, {"model": "gpt-4o", "previous_response_id": first["id"],
                                                 "input": "and now?", "tools": TOOLS})
    assert (status, param) == (400, "input")
    assert message == f"No tool output found for function call {first['output'][0]['call_id']}."


def test_reasoning_that_uses_up_the_limit_leaves_no_message_and_counts_no_output(client):
    # Recorded twice on gpt-5-mini at a limit of 50, December 2025: the JSON answer and the stream's last event.
    body = respond(client, model="gpt-5-mini", max_output_tokens=50).get_json()
    assert body["status"] == "incomplete" and [item["type"] for item in body["output"]] == ["reasoning"]
    assert body["completed_at"] is None
    assert body["usage"]["output_tokens"] == 0 and body["usage"]["output_tokens_details"] == {"reasoning_tokens": 0}
    assert body["usage"]["total_tokens"] == body["usage"]["input_tokens"]
    text = respond(client, model="gpt-5-mini", max_output_tokens=50, stream=True).get_data(as_text=True)
    last = json.loads(text.strip().split("\n\n")[-1].split("\n")[1][len("data: "):])
    assert last["type"] == "response.incomplete" and last["response"]["completed_at"] is None
    assert last["response"]["usage"] == body["usage"]


def test_a_reasoning_model_thinks_in_an_item_of_its_own(client):
    body = respond(client, model="o3-mini").get_json()
    assert [item["type"] for item in body["output"]] == ["reasoning", "message"]
    assert body["reasoning"] == {"context": "current_turn", "effort": "medium", "mode": "standard", "summary": None}
    # Its encrypted reasoning comes back whether or not include asks for it (2026): a Fernet token.
    reasoning = body["output"][0]
    assert reasoning["content"] == [] and reasoning["encrypted_content"].startswith("gAAAAA")
    assert base64.urlsafe_b64decode(reasoning["encrypted_content"])[0] == 0x80
    assert body["usage"]["output_tokens_details"]["reasoning_tokens"] == 64


def test_stored_responses_are_fetched_listed_and_deleted(client):
    body = respond(client, metadata={"k": "v"}).get_json()
    assert client.get(f"/v1/responses/{body['id']}").get_json() == body
    items = client.get(f"/v1/responses/{body['id']}/input_items").get_json()
    assert list(items) == ["object", "data", "first_id", "has_more", "last_id"]
    assert list(items["data"][0]) == ["id", "type", "status", "content", "role"]
    assert items["data"][0]["content"] == [{"type": "input_text", "text": "hello"}]
    deleted = client.delete(f"/v1/responses/{body['id']}")
    assert deleted.get_data(as_text=True) == json.dumps({"id": body["id"], "object": "response.deleted",
                                                         "deleted": True}, indent=2)
    gone = client.get(f"/v1/responses/{body['id']}")
    assert gone.status_code == 404 and gone.get_data(as_text=True).startswith('{\n  "error": {')
    assert gone.get_json()["error"]["message"] == f"Response with id '{body['id']}' not found."
    unstored = respond(client, store=False).get_json()
    assert client.get(f"/v1/responses/{unstored['id']}").status_code == 404


@pytest.mark.parametrize("method, path", [("get", ""), ("delete", ""), ("post", "/cancel"), ("get", "/input_items")])
def test_a_stored_response_is_named_by_a_resp_id(client, method, path):
    """An id that is not a response's is refused before it is looked up, in the words of previous_response_id's
    check (as vLLM's server mirrors the API's for these endpoints, 2025-2026)."""
    refused = getattr(client, method)(f"/v1/responses/msg_123{path}")
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert (error["message"], error["type"], error["param"]) == (
        "Invalid 'response_id': 'msg_123'. Expected an ID that begins with 'resp'.", "invalid_request_error",
        "response_id")


@pytest.mark.parametrize("choice", ["auto", "none"])
def test_a_tool_choice_mode_is_taken_without_tools(client, choice):
    """`auto` and `none` are what every response echoes without tools (README: Endpoints)."""
    body = respond(client, tool_choice=choice).get_json()
    assert (body["tool_choice"], body["tools"], body["output"][0]["type"]) == (choice, [], "message")


@pytest.mark.parametrize(("body", "expected"), [
    ({"model": "gpt-4o"}, (400, "Missing required parameter: 'input'.", "input", "missing_required_parameter")),
    ({"model": "gpt-4o", "input": "hi", "foo": 1}, (400, "Unknown parameter: 'foo'.", "foo", "unknown_parameter")),
    ({"model": "gpt-4o", "input": {}}, (400, "Invalid type for 'input': expected one of a string or array of input "
                                        "items, but got an object instead.", "input", "invalid_type")),
    ({"model": "gpt-4o", "input": "hi", "max_output_tokens": 8}, (
        400, "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 8 instead.",
        "max_output_tokens", "integer_below_min_value")),
    ({"model": "gpt-4o", "input": "hi", "previous_response_id": "resp_x"}, (
        400, "Previous response with id 'resp_x' not found.", "previous_response_id", "previous_response_not_found")),
    # Its form is checked first (relayed of the API, 2025-2026).
    ({"model": "gpt-4o", "input": "hi", "previous_response_id": "@results.filesearch"}, (
        400, "Invalid 'previous_response_id': '@results.filesearch'. Expected an ID that contains letters, numbers, "
        "underscores, or dashes, but this value contained additional characters.", "previous_response_id",
        "invalid_value")),
    ({"model": "gpt-4o", "input": "hi", "previous_response_id": "gen-123"}, (
        400, "Invalid 'previous_response_id': 'gen-123'. Expected an ID that begins with 'resp'.",
        "previous_response_id", "invalid_id_prefix")),
    ({"model": "gpt-4o", "input": "hi", "text": {"format": {"type": "json_schema", "schema": {}}}}, (
        400, "Missing required parameter: 'text.format.name'.", "text.format.name", "missing_required_parameter")),
    # An input_file's inline data without its filename, or no file at all: the part is asked for (laravel/ai#321,
    # a PDF's file_data, March 2026).
    *[({"model": "gpt-4o", "input": [{"role": "user", "content": [{"type": "input_text", "text": "x"}, {
        "type": "input_file", **file}]}]}, (400, "Missing required parameter: 'input[0].content[1]'.",
                                             "input[0].content[1]", "missing_required_parameter"))
      for file in ({"file_data": "data:application/pdf;base64,JVBERi0xLjQK"}, {})],
    # An input_image's source, as logged of the API in 2026 (Codex and other clients).
    *[({"model": "gpt-4o", "input": [{"role": "user", "content": [{"type": "input_text", "text": "x"}, {
        "type": "input_image", **image}]}]}, (400, message, param, code)) for image, message, param, code in (
        ({"image_url": "data:image/png;base64,###"}, "Invalid 'input[0].content[1].image_url'. Expected a "
         "base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got "
         "an invalid base64-encoded value.", "input[0].content[1].image_url", "invalid_value"),
        # a data URL without ;base64 (logged of the Codex backend's Responses API, May 2026: a function output's)
        ({"image_url": "data:image/png,iVBORw0KGgo="}, "Invalid 'input[0].content[1].image_url'. Expected a "
         "base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got "
         "a value without the ';base64' separator.", "input[0].content[1].image_url", "invalid_value"),
        ({"image_url": "data:image/png;base64,"}, "Invalid 'input[0].content[1].image_url'. Expected a base64-encoded "
         "data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got empty "
         "base64-encoded bytes.", "input[0].content[1].image_url", "invalid_value"),
        ({"image_url": "data:text/markdown;base64,AAAA"}, "Invalid 'input[0].content[1].image_url'. Expected a "
         "base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got "
         "unsupported MIME type 'text/markdown'.", "input[0].content[1].image_url", "invalid_value"),
        ({"image_url": "AAAA"}, "Invalid 'input[0].content[1].image_url'. Expected a valid URL, but got a value with "
         "an invalid format.", "input[0].content[1].image_url", "invalid_value"),
        ({}, "Missing mutually exclusive parameters: 'input[0].content[1]'. Ensure you are providing exactly one of: "
         "'file_id' or 'image_url'.", "input[0].content[1]", "missing_mutually_exclusive_parameters"),
        ({"image_url": "https://example.com/a.png", "file_id": "file-x"}, "Mutually exclusive parameters: "
         "'input[0].content[1]'. Ensure you are only providing one of: 'file_id' or 'image_url'.",
         "input[0].content[1]", "mutually_exclusive_parameters"))],
    # A schema strict mode refuses: the schema's path and a code, unlike chat's (Codex and SDK logs, 2026).
    ({"model": "gpt-4o", "input": "hi", "text": {"format": {"type": "json_schema", "name": "X", "strict": True,
                                                            "schema": {"type": "object", "properties": {
                                                                "a": {"type": "string"}}, "required": ["a"]}}}}, (
        400, "Invalid schema for response_format 'X': In context=(), 'additionalProperties' is required to be "
        "supplied and to be false.", "text.format.schema", "invalid_json_schema")),
    # A pydantic tuple (prefixItems without items) in a strict format (a 2026 log).
    ({"model": "gpt-4o", "input": "hi", "text": {"format": {"type": "json_schema", "name": "g", "strict": True,
                                                            "schema": {"type": "object", "properties": {"points": {
                                                                "type": "array", "items": {
                                                                    "type": "array", "prefixItems": [
                                                                        {"type": "number"}, {"type": "number"}]}}},
                                                                "required": ["points"],
                                                                "additionalProperties": False}}}}, (
        400, "Invalid schema for response_format 'g': In context=('properties', 'points', 'items'), array schema "
        "missing items.", "text.format.schema", "invalid_json_schema")),
    # A function without properties (an MCP tool without arguments), strict left out (recorded 2025-2026).
    ({"model": "gpt-4o", "input": "hi", "tools": [{"type": "function", "name": "list_regions",
                                                   "parameters": {"type": "object"}}]}, (
        400, "Invalid schema for function 'list_regions': In context=(), object schema missing properties.",
        "tools[0].parameters", "invalid_function_parameters")),
    # A root without a type, strict left out (a client's default schema, 2026).
    ({"model": "gpt-4o", "input": "hi", "tools": [{"type": "function", "name": "helloWorld", "parameters": {
        "properties": {}, "additionalProperties": False}}]}, (
        400, "Invalid schema for function 'helloWorld': schema must be a JSON Schema of 'type: \"object\"', got "
        "'type: \"None\"'.", "tools[0].parameters", "invalid_function_parameters")),
    ({"model": "gpt-4o", "input": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]}, (
        400, "Invalid value: 'text'. Supported values are: 'input_text', 'input_image', 'input_audio', 'output_text', "
        "'refusal', 'input_file', 'computer_screenshot', 'summary_text', and 'encrypted_content'.",  # captured, 2026
        "input[0].content[0].type", "invalid_value")),
    ({"model": "gpt-4o", "input": [{"role": "user", "content": [{"type": "input_text", "text": 5}]}]}, (
        400, "Invalid type for 'input[0].content[0].text': expected a string, but got an integer instead.",
        "input[0].content[0].text", "invalid_type")),
    ({"model": "o3-mini", "input": "hi", "reasoning": {"effort": ["x"]}}, (
        400, "Invalid type for 'reasoning.effort': expected one of one of 'none', 'minimal', 'low', 'medium', 'high', "
             "'xhigh', or 'max' or integer, but got an array instead.", "reasoning.effort",
        "invalid_type")),
    ({"model": "gpt-4o", "input": "hi", "reasoning": {"effort": "low"}}, (
        400, "Unsupported parameter: 'reasoning.effort' is not supported with this model.", "reasoning.effort",
        "unsupported_parameter")),
    ({"model": "gpt-4o", "input": "hello " * 200000}, (
        400, "Your input exceeds the context window of this model. Please adjust your input and try again.", "input",
        "context_length_exceeded")),
    ({"model": "gpt-5", "input": "hello " * 280000}, (  # a GPT-5 model's input cap, as chat's (reported 2025-2026)
        400, "Your input exceeds the context window of this model. Please adjust your input and try again.", "input",
        "context_length_exceeded")),
    ({"model": "gpt-4o", "input": "hi", "tool_choice": "required"}, (  # quoted by clients and relays, 2025-2026
        400, "Tool choice 'required' must be specified with 'tools' parameter.", "tool_choice", None)),
    ({"model": "gpt-4o", "input": "hi", "tools": [{"type": "function", "name": "bad name!"}]}, (
        400, "Invalid 'tools[0].name': string does not match pattern. Expected a string that matches the pattern "
        "'^[a-zA-Z0-9_-]+$'.", "tools[0].name", "invalid_value")),
    ({"model": "gpt-4o", "input": "hi", "tools": TOOLS, "tool_choice": {"type": "function", "name": "nope"}}, (
        400, "Tool choice 'nope' not found in 'tools' parameter.", "tool_choice", None)),
    ({"model": "gpt-4o", "input": "hi", "tools": [{"type": "bogus"}]}, (
        400, "Invalid value: 'bogus'. Supported values are: 'function', 'file_search', 'computer', "
        "'computer_use_preview', 'web_search', 'web_search_2025_08_26', 'mcp', 'code_interpreter', "
        "'programmatic_tool_calling', 'image_generation', 'local_shell', 'shell', 'custom', 'namespace', "
        "'tool_search', 'web_search_preview', 'web_search_preview_2025_03_11', and 'apply_patch'.", "tools[0].type",
        "invalid_value")),
    ({"model": "gpt-4o", "input": "hi", "text": {"format": {"type": "json_object"}}}, (
        400, "Response input messages must contain the word 'json' in some form to use 'text.format' of type "
        "'json_object'.", "input", None)),
    ({"model": "gpt-4o", "input": [{"type": "function_call_output", "call_id": "call_1", "output": "x"}]}, (
        400, "No tool call found for function call output with call_id call_1.", "input", None)),
    # A data URL's picture the models do not read (a BMP, a client's fixtures of October 2026), and bytes that are no
    # picture as chat refuses them (April 2026; here by analogy); the shorter words are a picture cut short's.
    ({"model": "gpt-4o", "input": [{"role": "user", "content": [
        {"type": "input_image", "image_url": "data:image/png;base64,Qk0AAAAAAAAAAAAA"}]}]}, (
        400, "The image data you provided does not represent a valid image. Please check your input and try again "
        "with one of the supported image formats: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'].", "input",
        "invalid_value")),
    ({"model": "gpt-4o", "input": [{"role": "user", "content": [
        {"type": "input_image", "image_url": "data:image/png;base64,aW1nIGJ5dGVzIGhlcmU="}]}]}, (
        400, "The image data you provided does not represent a valid image. Please check your input and try again "
        "with one of the supported image formats: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'].", "input",
        "invalid_value")),
    ({"model": "gpt-4o", "input": [{"role": "user", "content": [{"type": "input_image", "image_url": (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8"
        "jx0g==")}]}]}, (
        400, "The image data you provided does not represent a valid image. Please check your input and try again.",
        "input", "invalid_value")),
])
def test_refusals(client, body, expected):
    assert refusal(client, body) == expected


@pytest.mark.parametrize("model", ["gpt-5.5", "gpt-4o", "gpt-5.1"])
def test_a_local_shell_tool_is_no_longer_supported(client, model):
    # api.openai.com on gpt-5.5, August 2026 (a client's capture of hosted tools): the tool is refused outright,
    # naming no model (taken, and echoed as `tools: []`, on gpt-5-codex in September 2025: vercel/ai's fixtures).
    tools = [{"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}},
             {"type": "local_shell"}]
    assert refusal(client, {"model": model, "input": "ls", "tools": tools}) == (
        400, "The local_shell tool is no longer supported.", "tools", None)
    streamed = client.post("/v1/responses", json={"model": model, "input": "ls", "tools": tools, "stream": True})
    assert streamed.status_code == 400


@pytest.mark.parametrize("model", ["gpt-5.4", "gpt-5.5", "gpt-6-astra", "gpt-5.5-2026-04-23"])
def test_the_computer_use_preview_tool_is_refused_by_the_newer_models(client, model):
    # Recorded in 2026 of gpt-5.5 (api.openai.com, August: a client's capture of hosted tools; and a client's probe
    # of its account's models), gpt-5.4 (a client's notes) and gpt-6-astra (September): the model named as sent.
    tool = {"type": "computer_use_preview", "display_width": 1024, "display_height": 768, "environment": "browser"}
    assert refusal(client, {"model": model, "input": "hi", "tools": [tool]}) == (
        400, f"Tool 'computer_use_preview' is not supported with {model}.", "tools", None)
    # The preview's own model still takes it.
    body = {"model": "computer-use-preview", "input": "hi", "tools": [tool], "truncation": "auto"}
    assert client.post("/v1/responses", json=body).status_code == 200


def test_a_function_call_output_answers_a_local_shell_call(client):
    """Codex sends a local shell call's output back as a function call output: the API pairs the two."""
    shell_call = {"type": "local_shell_call", "id": "lsh_1", "call_id": "call_1", "status": "completed",
                  "action": {"type": "exec", "command": ["ls"], "env": {}}}
    output = {"type": "function_call_output", "call_id": "call_1", "output": "README.md"}
    answer = client.post("/v1/responses", json={"model": "gpt-4o",
                                                "input": [{"role": "user", "content": "ls"}, shell_call, output]})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["output"][-1]["type"] == "message"
    # An output naming another call is still refused.
    assert refusal(client, {"model": "gpt-4o", "input": [shell_call, {**output, "call_id": "call_2"}]}) == (
        400, "No tool call found for function call output with call_id call_2.", "input", None)


# Quoted by clients of api.openai.com in 2026: an item id past 64 characters (whatever its type or characters),
# a call_id empty or past 64, a function call's empty name.
LONG_ID = "rs_" + "Zm9v+YmFy/" * 10
CALL = {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"}


@pytest.mark.parametrize("items, message, param, code", [
    ([{"type": "reasoning", "id": LONG_ID, "summary": []}, {**CALL, "id": "fc_1"}],
     f"Invalid 'input[0].id': string too long. Expected a string with maximum length 64, but got a string with length "
     f"{len(LONG_ID)} instead.", "input[0].id", "string_above_max_length"),
    ([{"type": "web_search_call", "id": "ws_" + "a" * 62, "action": {"type": "search"}, "status": "completed"}],
     "Invalid 'input[0].id': string too long. Expected a string with maximum length 64, but got a string with length "
     "65 instead.", "input[0].id", "string_above_max_length"),
    # An id may not end with an underscore (a client's probes of the API, 2026); a custom tool call's begins with
    # ctc, a tool search call's with tsc (quoted by many clients, 2026).
    ([{"role": "user", "content": "hi"}, {**CALL, "id": "fc_abcDEF_"}, {"type": "function_call_output",
                                                                         "call_id": "call_1", "output": "x"}],
     "Invalid 'input[1].id': 'fc_abcDEF_'. Expected an ID that contains letters, numbers, underscores, or dashes, "
     "but this value contained additional characters.", "input[1].id", "invalid_value"),
    ([{"role": "user", "content": "hi"}, {"type": "custom_tool_call", "id": "fc_abc", "call_id": "c1", "name": "exec",
                                          "input": "pwd"}, {"type": "custom_tool_call_output", "call_id": "c1",
                                                            "output": "ok"}],
     "Invalid 'input[1].id': 'fc_abc'. Expected an ID that begins with 'ctc'.", "input[1].id", "invalid_value"),
    # A web search call sent back names one of the three actions (Codex users, November 2025).
    ([{"role": "user", "content": "hi"}, {"type": "web_search_call", "id": "ws_1", "action": {"type": "other"},
                                          "status": "completed"}],
     "Invalid value: 'other'. Supported values are: 'search', 'open_page', and 'find_in_page'.",
     "input[1].action.type", "invalid_value"),
    ([{"type": "web_search_call", "id": "ws_1", "action": {}, "status": "completed"}],
     "Missing required parameter: 'input[0].action.type'.", "input[0].action.type", "missing_required_parameter"),
    ([{**CALL, "call_id": ""}], "Invalid 'input[0].call_id': empty string. Expected a string with minimum length 1, "
     "but got an empty string instead.", "input[0].call_id", "empty_string"),
    ([CALL, {"type": "function_call_output", "call_id": "c" * 68, "output": "x"}], "Invalid 'input[1].call_id': "
     "string too long. Expected a string with maximum length 64, but got a string with length 68 instead.",
     "input[1].call_id", "string_above_max_length"),
    ([{**CALL, "name": ""}], "Invalid 'input[0].name': empty string. Expected a string with minimum length 1, but "
     "got an empty string instead.", "input[0].name", "empty_string"),
    # A function call's content: an empty array alone (reported of the API, 2026).
    ([{**CALL, "content": [{"type": "output_text", "text": "x"}]}], "Invalid 'input[0].content': array too long. "
     "Expected an array with maximum length 0, but got an array with length 1 instead.", "input[0].content",
     "array_above_max_length"),
])
def test_item_ids_call_ids_and_names_are_bounded(client, items, message, param, code):
    assert refusal(client, {"model": "gpt-4o", "input": items}) == (400, message, param, code)
    # 64 characters are taken.
    ok = [{"role": "user", "content": "hi"}, {**CALL, "call_id": "c" * 64, "id": "fc_" + "a" * 61},
          {"type": "function_call_output", "call_id": "c" * 64, "output": "x"}]
    assert client.post("/v1/responses", json={"model": "gpt-4o", "input": ok}).status_code == 200


def namespace(name, function):
    return {"type": "namespace", "name": name, "description": "Tools.",
            "tools": [{"type": "function", "name": function, "parameters": {"type": "object", "properties": {}}}]}


# Measured by a client on gpt-5.6-luna and gpt-6-astra (September 2026) and quoted of /v1/responses (2026).
@pytest.mark.parametrize("tools, message", [
    ([namespace("web", "tool")], "Function 'web.tool' is not allowed in reserved namespace 'web'."),
    ([namespace("python", "exec")], "Function 'python.exec' is not allowed in reserved namespace 'python'."),
    ([namespace("web", "run")], "Function 'web.run' is reserved for use by this model and must match the configured "
     "schema."),
    ([{"type": "image_generation"}, namespace("image_gen", "imagegen")], "Function 'image_gen.imagegen' conflicts "
     "with a hosted tool in the same request."),
])
def test_a_namespace_may_not_take_the_apis_own_names(client, tools, message):
    assert refusal(client, {"model": "gpt-5", "input": "hi", "tools": tools}) == (
        400, f"Invalid Value: 'tools'. {message}", "tools", None)


def test_other_namespaces_are_taken(client):
    for tools in ([namespace("files", "read")], [namespace("image_gen", "imagegen")]):
        answer = client.post("/v1/responses", json={"model": "gpt-5", "input": "hi", "tools": tools})
        assert answer.status_code == 200, answer.get_json()


def test_the_sdk_creates_streams_parses_and_continues(live_server):
    openai = pytest.importorskip("openai")
    from pydantic import BaseModel

    sdk = openai.OpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=0)
    assert sdk.responses.create(model="gpt-4o", input="hello").output_text == REPLY
    with sdk.responses.stream(model="gpt-4o", input="hello") as stream:
        for _ in stream:
            pass
        assert stream.get_final_response().output_text == REPLY

    class Person(BaseModel):
        name: str
        age: int

    parsed = sdk.responses.parse(model="gpt-4o", input="Who?", text_format=Person).output_parsed
    assert isinstance(parsed, Person)
    call = sdk.responses.create(model="gpt-4o", input="weather in Paris?", tools=TOOLS)
    answer = sdk.responses.create(model="gpt-4o", previous_response_id=call.id, tools=TOOLS, input=[
        {"type": "function_call_output", "call_id": call.output[0].call_id, "output": "sunny"}])
    assert answer.output_text == REPLY


def test_input_items_list_the_whole_chain_newest_first(client):
    first = respond(client).get_json()
    second = respond(client, input="again", previous_response_id=first["id"]).get_json()
    items = client.get(f"/v1/responses/{second['id']}/input_items").get_json()["data"]
    assert [(item["type"], item.get("role")) for item in items] == [("message", "user"), ("message", "assistant"),
                                                                    ("message", "user")]
    assert items[1] == first["output"][0]  # the earlier answer, as it was (recorded)
    assert items[0]["content"][0]["text"] == "again" and items[2]["content"][0]["text"] == "hello"
    assert all(item["status"] == "completed" for item in items)


def test_included_logprobs_score_every_token_of_the_text(client):
    # include message.output_text.logprobs, as recorded on gpt-4o-mini (April 2026): every entry has bytes,
    # logprob, token and top_logprobs in that order (the chosen token first here, then alternatives), in the text
    # part and in a stream's events alike, each delta its own token's; the events carry the numbers whole, the
    # text part rounds them to 6 decimals. Without the include the lists stay empty.
    asked = {"include": ["message.output_text.logprobs"], "top_logprobs": 2}
    part = respond(client, **asked).get_json()["output"][0]["content"][0]
    entries = part["logprobs"]
    assert "".join(e["token"] for e in entries) == part["text"] and len(entries) > 1
    assert all(list(e) == ["bytes", "logprob", "token", "top_logprobs"] and bytes(e["bytes"]) == e["token"].encode()
               and e["logprob"] <= 0 and len(e["top_logprobs"]) == 2 and e["top_logprobs"][0]["token"] == e["token"]
               and list(e["top_logprobs"][1]) == ["bytes", "logprob", "token"] for e in entries)
    assert all(round(t["logprob"], 6) == t["logprob"] for e in entries for t in [e, *e["top_logprobs"]])
    assert respond(client).get_json()["output"][0]["content"][0]["logprobs"] == []
    text = respond(client, stream=True, **asked).get_data(as_text=True)
    events = [json.loads(block.split("\n")[1][len("data: "):]) for block in text.strip().split("\n\n")]
    deltas = [e for e in events if e["type"] == "response.output_text.delta"]
    whole = [d["logprobs"][0] for d in deltas]
    assert [len(d["logprobs"]) for d in deltas] == [1] * len(entries)
    assert all(list(e) == ["bytes", "logprob", "token", "top_logprobs"] for e in whole)
    assert [(e["bytes"], round(e["logprob"], 6), e["token"]) for e in whole] == [
        (e["bytes"], e["logprob"], e["token"]) for e in entries]
    assert any(round(t["logprob"], 6) != t["logprob"]  # the events' numbers are not rounded
               for e in whole for t in e["top_logprobs"])
    done = next(e for e in events if e["type"] == "response.output_text.done")
    assert done["logprobs"] == whole
    # content_part.done's part carries none, where the output item and the response carry them rounded (gpt-4o-mini,
    # openai-dotnet's session records, April 2026; gpt-4.1-nano, a client's fixture, August 2025).
    part_done = next(e for e in events if e["type"] == "response.content_part.done")
    assert part_done["part"]["logprobs"] == [] and part_done["part"]["text"] == part["text"]
    item_done = next(e for e in events if e["type"] == "response.output_item.done")
    assert item_done["item"]["content"][0]["logprobs"] == entries
    completed = events[-1]["response"]["output"][0]["content"][0]
    assert completed["logprobs"] == entries


def test_stream_deltas_carry_logprobs_and_obfuscation(client):
    def events(**fields):
        text = respond(client, stream=True, **fields).get_data(as_text=True)
        return [json.loads(block.split("\n")[1][len("data: "):]) for block in text.strip().split("\n\n")]

    deltas = [e for e in events() if e["type"] == "response.output_text.delta"]
    # Type first, then the other keys in alphabetical order (2026).
    assert all(list(e) == ["type", "content_index", "delta", "item_id", "logprobs", "obfuscation", "output_index",
                           "sequence_number"] for e in deltas)
    assert all(len(e["delta"]) + len(e["obfuscation"]) == 16 for e in deltas if len(e["delta"]) < 16)
    done = events()
    assert all("billing" not in e.get("response", {}) for e in done)  # streams have no billing (recorded)
    called = events(tools=TOOLS, tool_choice="required")
    arguments = [e for e in called if e["type"] == "response.function_call_arguments.delta"]
    assert len(arguments) > 1 and all(list(e) == ["type", "delta", "item_id", "obfuscation", "output_index",
                                                  "sequence_number"] for e in arguments)
    completed = done[-1]["response"]
    assert completed["completed_at"] is not None and done[0]["response"]["completed_at"] is None
    whole = next(e for e in called if e["type"] == "response.function_call_arguments.done")["arguments"]
    assert "".join(e["delta"] for e in arguments) == whole


def test_the_arguments_of_a_function_of_no_parameters_stream_in_one_delta(client):
    # chatlas's cassettes (gpt-5.4, May and July 2026): a call of get_date, whose parameters are an object of no
    # properties, streamed its `{}` (one o200k token) in one response.function_call_arguments.delta.
    tool = {"type": "function", "name": "get_date", "description": "Gets the current date", "strict": True,
            "parameters": {"properties": {}, "type": "object", "additionalProperties": False, "required": []}}
    text = respond(client, model="gpt-5.4", stream=True, tools=[tool], tool_choice="required").get_data(as_text=True)
    events = [json.loads(block.split("\n")[1][len("data: "):]) for block in text.strip().split("\n\n")]
    deltas = [e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta"]
    assert deltas == ["{}"]


def test_a_reasoning_summary_is_given_when_asked_for(client):
    body = respond(client, model="o3-mini", reasoning={"effort": "low", "summary": "auto"}).get_json()
    reasoning = body["output"][0]
    assert list(reasoning) == ["id", "type", "content", "encrypted_content", "summary"]
    assert reasoning["summary"][0]["type"] == "summary_text"
    assert reasoning["summary"][0]["text"]
    assert respond(client, model="o3-mini").get_json()["output"][0]["summary"] == []
    text = respond(client, model="o3-mini", reasoning={"summary": "detailed"}, stream=True).get_data(as_text=True)
    events = [json.loads(block.split("\n")[1][len("data: "):]) for block in text.strip().split("\n\n")]
    kinds = [event["type"] for event in events]
    start = kinds.index("response.reasoning_summary_part.added")
    assert events[start - 1]["item"]["summary"] == []  # added empty, done with the summary
    assert kinds[kinds.index("response.reasoning_summary_part.done") + 1] == "response.output_item.done"
    deltas = [e["delta"] for e in events if e["type"] == "response.reasoning_summary_text.delta"]
    done = next(e for e in events if e["type"] == "response.reasoning_summary_text.done")
    assert "".join(deltas) == done["text"] == reasoning["summary"][0]["text"]
    assert [event["sequence_number"] for event in events] == list(range(len(events)))
    assert list(done) == ["type", "item_id", "output_index", "sequence_number", "summary_index", "text"]


def background_client(tmp_path, seconds=3600):
    from fauxpen import create_app

    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite"),
                       "FAUXPEN_BACKGROUND_SECONDS": seconds}).test_client()


def test_a_background_response_not_done_cannot_be_continued(tmp_path):
    client = background_client(tmp_path)
    queued = respond(client, background=True).get_json()
    status, message, param, _ = refusal(client, {"model": "gpt-4o", "input": "hi",
                                                 "previous_response_id": queued["id"]})
    assert (status, param) == (400, "previous_response_id") and "queued" in message
    client.post(f"/v1/responses/{queued['id']}/cancel")
    assert refusal(client, {"model": "gpt-4o", "input": "hi", "previous_response_id": queued["id"]})[0] == 400


def test_a_streamed_background_response_is_done_with_its_stream(tmp_path):
    client = background_client(tmp_path)
    text = respond(client, background=True, stream=True).get_data(as_text=True)
    last = json.loads(text.strip().split("\n\n")[-1].split("\n")[1][len("data: "):])
    stored = client.get(f"/v1/responses/{last['response']['id']}").get_json()
    assert stored["status"] == "completed" and stored["output"] == last["response"]["output"]
    replay = client.get(f"/v1/responses/{stored['id']}?stream=true&starting_after=2").get_data(as_text=True)
    numbers = [json.loads(block.split("\n")[1][len("data: "):])["sequence_number"]
               for block in replay.strip().split("\n\n")]
    assert numbers[0] == 3 and numbers[-1] == last["sequence_number"]
    # Past its start, a background stream's deltas carry no obfuscation, live or streamed again (recorded).
    for stream in (text, replay):
        deltas = [json.loads(block.split("\n")[1][len("data: "):]) for block in stream.strip().split("\n\n")
                  if block.startswith("event: response.output_text.delta")]
        assert deltas and all("obfuscation" not in delta for delta in deltas)
    assert all("obfuscation" in delta for delta in (
        json.loads(block.split("\n")[1][len("data: "):]) for block in respond(
            client, stream=True).get_data(as_text=True).strip().split("\n\n")
        if block.startswith("event: response.output_text.delta")))
    plain = respond(client).get_json()
    assert client.get(f"/v1/responses/{plain['id']}?stream=true").status_code == 400


def test_cancelling_a_background_turn_takes_its_answer_out_of_the_conversation(tmp_path):
    client = background_client(tmp_path)
    conversation = client.post("/v1/conversations", json={}).get_json()["id"]
    queued = respond(client, background=True, conversation=conversation).get_json()
    client.post(f"/v1/responses/{queued['id']}/cancel")
    items = client.get(f"/v1/conversations/{conversation}/items").get_json()["data"]
    assert [item["role"] for item in items] == ["user"]


def test_a_deleted_response_is_not_brought_back_by_a_cancel(tmp_path):
    client = background_client(tmp_path)
    queued = respond(client, background=True).get_json()
    assert client.delete(f"/v1/responses/{queued['id']}").get_json()["deleted"] is True
    assert client.post(f"/v1/responses/{queued['id']}/cancel").status_code == 404
    assert client.get(f"/v1/responses/{queued['id']}").status_code == 404


@pytest.mark.parametrize("asked, served", [("priority", "priority"), ("fast", "priority"), ("flex", "flex"),
                                           ("ultrafast", "ultrafast"), ("auto", "default")])
def test_service_tier_is_the_one_that_served(client, asked, served):
    # flex serves o3, o4-mini and GPT-5 alone, ultrafast gpt-6-astra, gpt-6.1-sol and the 6.2 models
    model = {"flex": "gpt-5", "ultrafast": "gpt-6-astra"}.get(asked, "gpt-4o")
    assert respond(client, model=model, service_tier=asked).get_json()["service_tier"] == served


@pytest.mark.parametrize("model, served", [("gpt-6-astra", True), ("gpt-6.1-sol", True), ("gpt-6.2-sol", True),
                                           ("gpt-6.2-astra", True), ("gpt-6-sol", False), ("gpt-6-luna", False),
                                           ("gpt-5.6-sol", False), ("gpt-4o", False)])
def test_ultrafast_serves_the_models_the_guide_names_alone(client, model, served):
    # OpenAI's Ultrafast guide, late 2026 (gpt-5.6-sol by preview access alone); refused elsewhere as flex is.
    status, body = respond_json(client, model=model, service_tier="ultrafast")
    if served:
        assert (status, body["service_tier"]) == (200, "ultrafast")
    else:
        assert (status, body["error"]) == (400, {"message": "Invalid service_tier argument",
                                                 "type": "invalid_request_error", "param": "service_tier",
                                                 "code": None})


def test_an_unknown_service_tier_is_refused_listing_the_captured_five(client):
    # Captured on gpt-5.6-terra in September 2026 (an earlier capture listed the four but fast).
    status, body = respond_json(client, service_tier="turbo")
    assert (status, body["error"]["message"], body["error"]["param"]) == (
        400, "Invalid value: 'turbo'. Supported values are: 'auto', 'default', 'fast', 'flex', and 'priority'.",
        "service_tier")
    status, body = respond_json(client, service_tier={"a": 1})
    assert body["error"]["message"] == ("Invalid type for 'service_tier': expected one of 'auto', 'default', 'fast', "
                                        "'flex', or 'priority', but got an object instead.")


@pytest.mark.parametrize("tools, choice, message, param", [
    (None, "bogus", "Invalid value: 'bogus'. Supported values are: 'none', 'auto', and 'required'.", "tool_choice"),
    (None, {}, "Missing required parameter: 'tool_choice.type'.", "tool_choice.type"),
    (None, {"type": "function", "name": "f"}, "Tool choice 'f' not found in 'tools' parameter.", "tool_choice"),
    (None, {"type": "file_search"}, "Tool choice 'file_search' not found in 'tools' parameter.", "tool_choice"),
    ([{"type": "web_search_preview"}], {"type": "bogus"}, None, "tool_choice.type"),
])
def test_tool_choice_is_checked_as_the_responses_api_names_it(client, tools, choice, message, param):
    body = {"model": "gpt-4o", "input": "hi", "tool_choice": choice, **({"tools": tools} if tools else {})}
    status, said, named, _ = refusal(client, body)
    assert (status, named) == (400, param) and (message is None or said == message)


def test_a_built_in_tool_choice_is_used_over_functions(client, tmp_path):
    from fauxpen import create_app

    app_client = create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "s.sqlite"),
                             "FAUXPEN_VECTOR_STORE_SECONDS": 0}).test_client()
    store = app_client.post("/v1/vector_stores", json={}).get_json()["id"]
    tools = [{"type": "file_search", "vector_store_ids": [store]}, *TOOLS]
    body = app_client.post("/v1/responses", json={"model": "gpt-4o", "input": "weather in Paris", "tools": tools,
                                                  "tool_choice": {"type": "file_search"}}).get_json()
    assert [item["type"] for item in body["output"]] == ["file_search_call", "message"]


def test_a_replay_stays_open_until_the_response_is_done(tmp_path):
    # As the API's: a stream of a background response that is not done yet gives what it has got to, then each
    # event as it gets there, and ends when it is done (the SDK's responses.stream(response_id=...) needs it).
    client = background_client(tmp_path, seconds=2)  # done 1 to 2 s after it is made (created_at is in seconds)

    def replayed(response_id):
        text = client.get(f"/v1/responses/{response_id}?stream=true").get_data(as_text=True)
        return [block.split("\n")[0][len("event: "):] for block in text.strip().split("\n\n")]

    queued = respond(client, background=True).get_json()
    started = time.monotonic()
    kinds = replayed(queued["id"])
    assert kinds[:3] == ["response.created", "response.queued", "response.in_progress"]
    assert kinds[-1] == "response.completed" and time.monotonic() - started >= 0.9
    cancelled = respond(client, background=True).get_json()
    client.post(f"/v1/responses/{cancelled['id']}/cancel")
    started = time.monotonic()
    assert replayed(cancelled["id"]) == ["response.created", "response.queued"]  # ends where it got to
    assert time.monotonic() - started < 0.5


def test_the_echoed_reasoning_is_what_the_model_ran_at(client):
    body = respond(client, model="gpt-5.5", reasoning={"effort": None, "summary": "auto"}).get_json()
    # auto is echoed as the summarizer it picks (gpt-5-mini captured in November 2025, GPT-6 probed in 2026).
    assert body["reasoning"] == {"context": "current_turn", "effort": "medium", "mode": "standard",
                                 "summary": "detailed"}
    for model in ("gpt-5-mini", "gpt-6-luna", "o3-mini"):
        echoed = respond(client, model=model, reasoning={"summary": "auto"}).get_json()["reasoning"]
        assert echoed["summary"] == "detailed"
    concise = respond(client, model="o3-mini", reasoning={"summary": "concise"}).get_json()["reasoning"]
    assert concise["summary"] == "concise"
    # (gpt-5.5 reasons adaptively: nothing on so short a prompt, as recorded in July 2026. gpt-5-mini at medium does.)
    assert body["usage"]["output_tokens_details"]["reasoning_tokens"] == 0
    ran = respond(client, model="gpt-5-mini", reasoning={"effort": None}).get_json()
    assert ran["reasoning"]["effort"] == "medium" and ran["usage"]["output_tokens_details"]["reasoning_tokens"] > 0


def test_a_moderated_response_carries_both_results(client):
    # Recorded for gpt-5 in July 2026: a result for the input and one for the output, neither flagged here.
    text = respond(client, model="gpt-5", moderation={"model": "omni-moderation-latest",
                                                       "policy": {"input": {"mode": "block"}}}).get_data(as_text=True)
    moderation = json.loads(text)["moderation"]
    assert list(moderation) == ["input", "output"]
    for result in moderation.values():
        assert list(result) == ["type", "categories", "category_applied_input_types", "category_scores", "flagged",
                                "model"]
        assert (result["type"], result["flagged"], result["model"]) == ("moderation_result", False,
                                                                        "omni-moderation-latest")
        assert list(result["categories"])[:3] == ["harassment", "harassment/threatening", "sexual"]
        assert result["category_applied_input_types"]["violence"] == ["text"]
    assert '-05,' not in text and re.search(r'": \d\.\d+e-\d,', text)  # small scores as Rust writes them
    assert respond(client).get_json()["moderation"] is None
    streamed = respond(client, moderation={"model": "omni-moderation-latest"}, stream=True).get_data(as_text=True)
    events = [json.loads(line[len("data: "):]) for line in streamed.splitlines() if line.startswith("data: ")]
    assert events[0]["response"]["moderation"] is None  # created: not yet moderated (recorded)
    assert events[-1]["response"]["moderation"]["output"]["model"] == "omni-moderation-latest"
    refused = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi", "moderation": {"model": "gpt-4o"}})
    assert refused.status_code == 400 and refused.get_json()["error"]["param"] == "moderation.model"


@pytest.mark.parametrize(("body", "expected"), [  # measured on the live API, August 2026
    ({"input": "hi"}, ("Missing required parameter: 'model'.", "model", "missing_required_parameter")),
    ({"model": None, "input": "hi"}, ("Invalid type for 'model': expected a string, but got an object instead.",
                                      "model", "invalid_type")),
    ({"model": "", "input": "hi"}, ("The requested model '' does not exist.", "model", "model_not_found")),
    ({"model": "gpt-4o", "input": None}, ("Invalid type for 'input': expected a string, but got an object instead.",
                                          "input", "invalid_type")),
    ({"model": "gpt-4o", "input": []}, (
        """One of "input" or "previous_response_id" or 'prompt' or 'conversation' must be provided.""", None,
        "missing_required_parameter")),
    ({"model": "gpt-4o", "input": ""}, (
        """One of "input" or "previous_response_id" or 'prompt' or 'conversation' must be provided.""", None,
        "missing_required_parameter")),
    ({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, (  # its words captured in September
        "Unsupported parameter: 'messages'. In the Responses API, this parameter has moved to 'input'. Try again with "
        "the new parameter. See the API documentation for more information: "
        "https://platform.openai.com/docs/api-reference/responses/create.", None, "unsupported_parameter")),
    # The same sentence, no param: raw bodies quoted for reasoning_effort (October 2025; a relay of July 2026) and
    # response_format (November 2025); max_completion_tokens's by analogy.
    ({"model": "gpt-4o", "input": "hi", "response_format": {"type": "text"}}, (
        "Unsupported parameter: 'response_format'. In the Responses API, this parameter has moved to 'text.format'. "
        "Try again with the new parameter. See the API documentation for more information: "
        "https://platform.openai.com/docs/api-reference/responses/create.", None, "unsupported_parameter")),
    ({"model": "gpt-5", "input": "hi", "reasoning_effort": "low"}, (
        "Unsupported parameter: 'reasoning_effort'. In the Responses API, this parameter has moved to "
        "'reasoning.effort'. Try again with the new parameter. See the API documentation for more information: "
        "https://platform.openai.com/docs/api-reference/responses/create.", None, "unsupported_parameter")),
    ({"model": "gpt-4o", "input": "hi", "max_completion_tokens": 100}, (
        "Unsupported parameter: 'max_completion_tokens'. In the Responses API, this parameter has moved to "
        "'max_output_tokens'. Try again with the new parameter. See the API documentation for more information: "
        "https://platform.openai.com/docs/api-reference/responses/create.", None, "unsupported_parameter")),
    ({"model": "gpt-4o", "input": "hi", "max_tokens": 100}, ("Unknown parameter: 'max_tokens'.", "max_tokens",
                                                            "unknown_parameter")),
    ({"model": "gpt-4o", "input": "hi", "stor": True}, ("Unknown parameter: 'stor'. Did you mean 'store'?", "stor",
                                                        "unknown_parameter")),
    ({"model": "gpt-4o", "input": "hi", "modell": 1}, ("Unknown parameter: 'modell'.", "modell", "unknown_parameter")),
    # Every parameter within two edits, the nearest first (captured on gpt-5.6-terra, September 2026).
    ({"model": "gpt-4o", "input": "hi", "stre": 1}, ("Unknown parameter: 'stre'. Did you mean 'store' or 'stream'?",
                                                     "stre", "unknown_parameter")),
    ({"model": "gpt-4o", "input": "hi", "strem": 1}, ("Unknown parameter: 'strem'. Did you mean 'stream' or "
                                                      "'store'?", "strem", "unknown_parameter")),
    ({"model": "gpt-4o", "input": [1]}, ("Invalid type for 'input[0]': expected an input item, but got an integer "
                                         "instead.", "input[0]", "invalid_type")),
    ({"model": "gpt-4o", "input": [{"role": "user", "content": "hi", "bogus": 1}]}, (
        "Unknown parameter: 'input[0].bogus'.", "input[0].bogus", "unknown_parameter")),
    ({"model": "gpt-4o", "input": "hi", "text": {"zzz": 1}}, ("Unknown parameter: 'text.zzz'.", "text.zzz",
                                                              "unknown_parameter")),
    ({"model": "gpt-4o", "input": "hi", "text": {"format": {"type": "bogus"}}}, (
        "Invalid value: 'bogus'. Supported values are: 'json_object', 'text', and 'json_schema'.", "text.format.type",
        "invalid_value")),
    ({"model": "gpt-4o", "input": [{"role": "user", "content": "hi", "phase": "final_answer"}]}, (
        "Unknown parameter: 'input[0].phase'.", "input[0].phase", "unknown_parameter")),
    ({"model": "gpt-5.6-terra", "input": "hi", "include": ["message.output_text.logprobs"]}, (
        "logprobs are not supported with reasoning models.", "include", "unsupported_parameter")),
    ({"model": "gpt-5.6-terra", "input": "hi", "presence_penalty": 0.5}, (
        "Unsupported parameter: 'presence_penalty' is not supported with this model.", "presence_penalty", None)),
])
def test_refusals_measured_in_2026(client, body, expected):
    response = client.post("/v1/responses", json=body)
    error = response.get_json()["error"]
    assert (response.status_code, error["message"], error["param"], error["code"]) == (400, *expected)


def test_an_assistant_phase_and_penalties_are_taken(client):
    status_body = respond(client, input=[{"role": "user", "content": "hi"}, {
        "role": "assistant", "content": "Hello", "phase": "final_answer"}, {"role": "user", "content": "again"}])
    assert status_body.status_code == 200
    body = respond(client, presence_penalty=0.5, frequency_penalty=-0.5).get_json()
    assert (body["presence_penalty"], body["frequency_penalty"]) == (0.5, -0.5)
    assert respond(client, model="gpt-5.6", presence_penalty=1, reasoning={"effort": "none"}).status_code == 200


def test_input_items_list_messages_as_the_sdk_types_them(client):
    # An assistant's string is an output message's text (with annotations and logprobs), not an input_text; an
    # image part has its detail, auto where none was sent (the SDK's types require both).
    body = respond(client, input=[
        {"role": "assistant", "content": "found"},
        {"role": "assistant", "content": [{"type": "output_text", "text": "so"}]},
        {"role": "user", "content": [{"type": "input_image", "image_url": "https://upload.wikimedia.org/a.png"},
                                     {"type": "input_image", "image_url": "https://upload.wikimedia.org/b.png",
                                      "detail": "low"}]},
    ]).get_json()
    listed = client.get(f"/v1/responses/{body['id']}/input_items?order=asc").get_json()["data"]
    assert listed[0]["content"] == [{"type": "output_text", "annotations": [], "logprobs": [], "text": "found"}]
    assert listed[1]["content"] == [{"type": "output_text", "annotations": [], "logprobs": [], "text": "so"}]
    assert [part["detail"] for part in listed[2]["content"]] == ["auto", "low"]


def test_input_items_get_the_id_prefixes_of_their_kind(client):
    # An item sent without an id is listed with one of its kind, as a conversation gives it: a function call's
    # output an fco_ (recorded), never a call's fc_ or a made-up item_, so that the listed items can be sent
    # back, to a conversation too, which refuses an output whose id is not an fco_.
    from openai.types.responses import ResponseItem
    from pydantic import TypeAdapter
    said = [{"role": "user", "content": "hi"},
            {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "call_1", "output": "ok"},
            {"type": "custom_tool_call", "call_id": "call_2", "name": "g", "input": "x"},
            {"type": "custom_tool_call_output", "call_id": "call_2", "output": "y"},
            {"type": "shell_call", "call_id": "call_3", "action": {"commands": ["ls"]}},
            {"type": "shell_call_output", "call_id": "call_3",
             "output": [{"stdout": "a", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]},
            {"type": "reasoning", "summary": []}, {"role": "user", "content": "and?"}]
    body = respond(client, input=said).get_json()
    listed = client.get(f"/v1/responses/{body['id']}/input_items?order=asc").get_json()["data"]
    assert [item["id"].split("_")[0] for item in listed] == ["msg", "fc", "fco", "ctc", "ctco", "sh", "sho", "rs",
                                                            "msg"]
    for item in listed:
        assert TypeAdapter(ResponseItem).validate_python(item, strict=True).type == item["type"]
    kept = client.post("/v1/conversations", json={"items": [{k: v for k, v in item.items() if k != "status"}
                                                             for item in listed[:5]]})
    assert kept.status_code == 200, kept.get_json()


@pytest.mark.parametrize("setting, message, param", [
    ({"defer_loading": "x"}, "Invalid type for 'tools[0].defer_loading': expected a boolean, but got a string instead.",
     "tools[0].defer_loading"),
    ({"strict": "yes"}, "Invalid type for 'tools[0].strict': expected a boolean, but got a string instead.",
     "tools[0].strict"),
    ({"async": 1}, "Invalid type for 'tools[0].async': expected a boolean, but got an integer instead.",
     "tools[0].async"),
    ({"allowed_callers": ["robot"]}, "Invalid value: 'robot'. Supported values are: 'direct' and 'programmatic'.",
     "tools[0].allowed_callers[0]"),
])
def test_a_function_tools_settings_are_the_sdks_types(client, setting, message, param):
    """A function's strict, defer_loading, async and allowed_callers as the SDK types them (openai 3.63), where a
    defer_loading of "x" was echoed and a strict of "yes" read as true (wordings the API's usual, guessed)."""
    status, body = respond_json(client, tools=[{"type": "function", "name": "f", **setting}])
    assert (status, body["error"]["message"], body["error"]["param"]) == (400, message, param)
    taken = respond(client, tools=[{"type": "function", "name": "f", "strict": None, "defer_loading": False}])
    assert taken.get_json()["tools"][0]["defer_loading"] is False


def test_input_items_have_the_status_their_types_have(client):
    """An input item is listed with the status it was sent with, else `completed` where its type has one (as a
    conversation lists it): MCP items, a compaction and a reasoning item sent without one are listed without it
    (the SDK's types have none, or an optional one: openai 3.63), every item with no key its type does not know."""
    from openai.types.responses import ResponseItem
    from pydantic import TypeAdapter
    compacted = client.post("/v1/responses/compact", json={"model": "gpt-5", "input": "hello there"}).get_json()
    said = [{"role": "user", "content": "hi"},
            next(item for item in compacted["output"] if item["type"] == "compaction"),
            {"type": "reasoning", "summary": []},
            {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "s", "tools": []},
            {"type": "mcp_approval_request", "id": "mcpr_1", "server_label": "s", "name": "t", "arguments": "{}"},
            {"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": True},
            {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}", "status": "incomplete"},
            {"type": "function_call_output", "call_id": "call_1", "output": "ok"}, {"role": "user", "content": "and?"}]
    body = respond(client, model="gpt-5", input=said).get_json()
    listed = client.get(f"/v1/responses/{body['id']}/input_items?order=asc").get_json()["data"]
    assert [item.get("status") for item in listed] == ["completed", None, None, None, None, None, "incomplete",
                                                       "completed", "completed"]
    for item in listed:
        parsed = TypeAdapter(ResponseItem).validate_python(item, strict=True)
        assert (parsed.type, parsed.model_extra) == (item["type"], {})


def test_input_items_of_a_continued_response_have_the_earlier_reasoning(client):
    # A reasoning model's item is listed with the rest of the earlier output (openai-openapi #491, 2025).
    first = respond(client, model="gpt-5").get_json()
    reasoning = [item for item in first["output"] if item["type"] == "reasoning"]
    second = respond(client, model="gpt-5", previous_response_id=first["id"]).get_json()
    listed = client.get(f"/v1/responses/{second['id']}/input_items?order=asc").get_json()["data"]
    assert [item["type"] for item in listed] == ["message", "reasoning", "message", "message"]
    assert listed[1] == reasoning[0]


def test_access_programs_and_background_options_are_taken(client):
    # The SDK's types (2026): checked as any nested object is, and run as any request is.
    assert respond(client, access_programs={"cyber": "standard"}).status_code == 200
    assert respond(client, background=True, background_options={"completion_window": "2h",
                                                                 "continuation_id": "batch-7"}).status_code == 200
    for fields, param, message in [
        ({"access_programs": {"cyber": "red"}}, "access_programs.cyber",
         "Invalid value: 'red'. Supported values are: 'standard', 'daybreak_blue', and 'daybreak_red'."),
        ({"background_options": {"window": "2h"}}, "background_options.window",
         "Unknown parameter: 'background_options.window'."),
        ({"background_options": None}, "background_options",
         "Invalid type for 'background_options': expected an object, but got null instead.")]:
        status, body = respond_json(client, **fields)
        assert (status, body["error"]["param"], body["error"]["message"]) == (400, param, message)


def test_the_input_token_count_takes_a_personality(client):
    def count(**fields):
        response = client.post("/v1/responses/input_tokens", json={"model": "gpt-5.6", "input": "hi", **fields})
        return response.status_code, response.get_json()
    assert count(personality="friendly") == count() == (200, {"object": "response.input_tokens", "input_tokens": 7})
    status, body = count(personality="x" * 65)
    assert (status, body["error"]["code"], body["error"]["param"]) == (400, "string_above_max_length", "personality")


def test_stream_options_and_context_management_are_taken(client):
    # The Responses API knows both keys (measured, August 2026): include_obfuscation turns the padding off, and
    # include_usage is chat's alone.
    plain = respond(client, stream=True).get_data(as_text=True)
    quiet = respond(client, stream=True, stream_options={"include_obfuscation": False}).get_data(as_text=True)
    assert '"obfuscation"' in plain and '"obfuscation"' not in quiet and '"response.output_text.delta"' in quiet
    refused = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi", "stream": True,
                                                 "stream_options": {"include_usage": True}}).get_json()["error"]
    assert (refused["message"], refused["code"]) == ("Unknown parameter: 'stream_options.include_usage'.",
                                                     "unknown_parameter")
    body = respond(client, context_management=[{"type": "compaction", "compact_threshold": 1000}]).get_json()
    assert "context_management" not in body  # not echoed (measured)
    refused = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi",
                                                 "context_management": [{"type": "x"}]}).get_json()["error"]
    assert refused["param"] == "context_management[0].type"


def test_what_the_schema_refused_before_is_still_refused(client):
    # o-series models keep chat's refusal of parallel_tool_calls on the Responses API, and a null in include or
    # context_management is a value of the wrong type.
    for body, expected in (
            ({"model": "o3-mini", "parallel_tool_calls": True},
             ("Unsupported parameter: 'parallel_tool_calls' is not supported with this model.", "parallel_tool_calls")),
            ({"include": [None]}, ("Invalid type for 'include[0]': expected a string, but got null instead.",
                                   "include[0]")),
            ({"context_management": [None]}, (
                "Invalid type for 'context_management[0]': expected an object, but got null instead.",
                "context_management[0]"))):
        error = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi", **body}).get_json()["error"]
        assert (error["message"], error["param"]) == expected


def test_nested_settings_are_checked_as_the_sdk_types_them(client):
    # Fuzzing found misspelt keys dropped and bad values taken: they are refused, and what the SDK allows is taken.
    def refused(**body):
        error = client.post("/v1/responses", json={"model": "gpt-5.6", "input": "hi", **body}).get_json()["error"]
        return error["message"], error["param"]

    assert refused(moderation={}) == ("Missing required parameter: 'moderation.model'.", "moderation.model")
    assert refused(moderation={"modle": "x"})[1] == "moderation.modle"
    assert refused(moderation={"model": "omni-moderation-latest", "policy": {"input": {"mode": "bogus"}}}) == (
        "Invalid value: 'bogus'. Supported values are: 'score' and 'block'.", "moderation.policy.input.mode")
    assert refused(reasoning={"contxt": "all_turns"}) == ("Unknown parameter: 'reasoning.contxt'.",
                                                          "reasoning.contxt")
    assert refused(prompt_cache_options={"mode": "explicit", "foo": 1})[1] == "prompt_cache_options.foo"
    assert refused(input=[{"role": "assistant", "content": "x", "phase": "bogus"}])[1] == "input[0].phase"
    options = {"ttl": "12h", "prewarm": True, "comparison_response_id": "resp_x"}
    assert respond(client, model="gpt-5.6", prompt_cache_options=options).get_json()["prompt_cache_options"] == {
        "mode": "implicit", "ttl": "12h", "comparison_response_id": "resp_x"}  # what was applied


def test_a_prompt_template_is_one_fauxpen_does_not_have(client):
    # Templates are made in the dashboard; fauxpen has none, so each is answered as the API answers an unknown
    # one (recorded 2026: 404, no param or code), after the body's checks and the conversation's lookup, before
    # the previous response's; a request naming one may leave its model and input to it.
    def post(**body):
        response = client.post("/v1/responses", json=body)
        return response.status_code, response.get_json()["error"]

    template = {"id": "pmpt_68b0", "version": "2", "variables": {"city": "Paris"}}
    assert post(prompt=template) == (404, {"message": "Prompt with id 'pmpt_68b0' not found.",
                                           "type": "invalid_request_error", "param": None, "code": None})
    assert post(model="gpt-4o", input="hi", prompt=template, previous_response_id="resp_nope")[0] == 404
    assert post(prompt=template, conversation="conv_nope")[1]["message"] == (
        "Conversation with id 'conv_nope' not found.")
    assert post(prompt=template, truncation="none")[1]["param"] == "truncation"
    assert post(prompt="pmpt_68b0")[1]["message"] == "Missing required parameter: 'model'."
    assert post(model="gpt-4o", input="hi", prompt="pmpt_68b0")[1]["message"] == (
        "Invalid type for 'prompt': expected an object, but got a string instead.")
    assert post(prompt={"version": "2"})[1]["message"] == "Missing required parameter: 'prompt.id'."


@pytest.mark.parametrize("tool", [
    {"type": "image_generation", "quality": "low"}, {"type": "code_interpreter",
    "container": {"type": "auto"}}, {"type": "mcp", "server_label": "docs", "server_url": "https://example.com/mcp"},
    {"type": "shell"}, {"type": "apply_patch"},
])
def test_the_sdks_tools_are_taken_and_echoed(client, tool):
    # Refused as unknown types before: every tool type of the SDK (late 2026) is one the API knows (web_search:
    # tests/test_web_search.py).
    status, body = respond_json(client, tools=[tool])
    assert status == 200, body
    assert body["tools"] == [ECHOED.get(tool["type"], tool)]


# How the API echoes the tools above (recorded: an image generation tool without its action and partial images,
# with n, output_compression and the model filled in; an MCP tool with its optional keys null, 2026, and its
# require_approval "always", November 2025; each in alphabetical order after its type).
ECHOED = {"image_generation": {"type": "image_generation", "model": "gpt-image-2", "n": 1, "output_compression": 100,
                               "quality": "low"},
          "mcp": {"type": "mcp", "allowed_tools": None, "headers": None, "require_approval": "always",
                  "server_description": None,
                  "server_label": "docs", "server_url": "https://example.com/mcp"}}


def test_built_in_tools_echo_their_type_first_then_their_keys_in_order(client):
    status, body = respond_json(client, tools=[{"container": {"type": "auto"}, "type": "code_interpreter"},
                                               {"size": "1024x1024", "action": "auto", "partial_images": 2,
                                                "type": "image_generation", "model": "gpt-image-1"}])
    assert status == 200, body
    assert [list(tool) for tool in body["tools"]] == [
        ["type", "container"], ["type", "model", "n", "output_compression", "size"]]
    assert body["tools"][1]["model"] == "gpt-image-1"


def test_tool_choice_takes_the_sdks_kinds(client):
    weather = {"type": "function", "name": "get_weather", "strict": False,
               "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}
    status, body = respond_json(client, tools=[weather], tool_choice={
        "type": "allowed_tools", "mode": "required", "tools": [{"type": "function", "name": "get_weather"}]})
    assert status == 200 and body["output"][-1]["type"] == "function_call", body
    assert respond_json(client, tools=[{"type": "custom", "name": "grep"}],
                        tool_choice={"type": "custom", "name": "grep"})[0] == 200
    status, body = respond_json(client, tools=[{"type": "custom", "name": "grep"}],
                                tool_choice={"type": "custom", "name": "find"})
    assert (status, body["error"]["message"]) == (400, "Tool choice 'find' not found in 'tools' parameter.")
    status, body = respond_json(client, tools=[{"type": "custom", "name": "grep"}], tool_choice={"type": "custom"})
    assert (status, body["error"]["param"]) == (400, "tool_choice.name")


def test_allowed_tools_needs_its_mode_and_tools(client):
    custom = [{"type": "custom", "name": "grep"}]
    for choice, message in (
            ({"type": "allowed_tools", "tools": []}, "Missing required parameter: 'tool_choice.mode'."),
            ({"type": "allowed_tools", "mode": "sometimes", "tools": []},
             "Invalid value: 'sometimes'. Supported values are: 'auto' and 'required'."),
            ({"type": "allowed_tools", "mode": 5, "tools": []},
             "Invalid type for 'tool_choice.mode': expected a string, but got an integer instead."),
            ({"type": "allowed_tools", "mode": "auto"}, "Missing required parameter: 'tool_choice.tools'.")):
        status, body = respond_json(client, tools=custom, tool_choice=choice)
        assert (status, body["error"]["message"]) == (400, message)


def test_items_of_the_sdks_other_tools_are_taken_back(client):
    # A coding agent sends its custom tool calls (apply_patch) and their outputs back, with compaction items:
    # every input item type of the SDK (late 2026) is one the API knows; the required fields of a custom call are
    # checked as a function call's are; a compaction's blob is verified as fauxpen's.
    compacted = client.post("/v1/responses/compact", json={"model": "gpt-5", "input": "Patch it"}).get_json()
    turn = [{"role": "user", "content": "Patch it"},
            {"type": "custom_tool_call", "call_id": "call_1", "name": "apply_patch", "input": "*** Begin Patch"},
            {"type": "custom_tool_call_output", "call_id": "call_1", "output": "Done"},
            compacted["output"][-1], {"role": "user", "content": "Thanks"}]
    status, body = respond_json(client, model="gpt-5", input=turn, tools=[{"type": "custom", "name": "apply_patch"}])
    assert status == 200, body
    status, body = respond_json(client, input=[{"type": "custom_tool_call", "call_id": "call_1", "name": "x"}])
    assert (status, body["error"]["param"]) == (400, "input[0].input")


def test_a_function_after_a_built_in_tool_is_named_by_its_own_place(client):
    """Chat's checks see the functions alone; their refusals name the function's place among all the tools."""
    bad = {"type": "function", "name": "f", "parameters": {"type": "object", "properties": {"a": {"type": "bogus"}}}}
    body = {"model": "gpt-4o", "input": "hello", "tools": [{"type": "web_search"}, {"type": "image_generation"}, bad]}
    assert refusal(client, body) == (
        400, "Invalid schema for function 'f': 'bogus' is not valid under any of the given schemas.",
        "tools[2].parameters", "invalid_function_parameters")
    assert refusal(client, {**body, "tools": [bad]})[2] == "tools[0].parameters"


@pytest.mark.parametrize("item, message, param", [
    ({"type": "mcp_call", "id": "mcp_1", "arguments": "{}", "name": "search"},
     "Missing required parameter: 'input[0].server_label'.", "input[0].server_label"),
    ({"type": "shell_call", "call_id": "call_1", "action": {"commands": ["ls"]}, "status": "done"},
     "Invalid value: 'done'. Supported values are: 'in_progress', 'completed', and 'incomplete'.", "input[0].status"),
    ({"type": "image_generation_call", "id": "ig_1", "status": "completed"},
     "Missing required parameter: 'input[0].result'.", "input[0].result"),  # required, though it may be null
    ({"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": "yes"},
     "Invalid type for 'input[0].approve': expected a boolean, but got a string instead.", "input[0].approve"),
])
def test_the_sdks_other_items_need_their_required_fields(client, item, message, param):
    # Items of the other tools are read as context only, but checked as the SDK types them: what the Conversations
    # API keeps of them must be listed in the SDK's shapes.
    status, body = respond_json(client, input=[item, {"role": "user", "content": "hi"}])
    assert (status, body["error"]["message"], body["error"]["param"]) == (400, message, param)
    fixed = {**item, "server_label": "docs", "status": "completed", "result": None, "approve": True}
    assert respond_json(client, input=[fixed, {"role": "user", "content": "hi"}])[0] == 200


# What the fuzz found: a function's output sent as content parts was taken whatever its parts were (a number, an
# output_text part, text that was not a string), though the SDK types them as a message's input parts are.
@pytest.mark.parametrize("output, message, param", [
    ([5], "Invalid type for 'input[1].output[0]': expected an object, but got an integer instead.",
     "input[1].output[0]"),
    ([{"type": "output_text", "text": "sunny"}], "Invalid value: 'output_text'. Supported values are: 'input_text', "
     "'input_image', and 'input_file'.", "input[1].output[0].type"),
    ([{"type": "input_text", "text": "sunny"}, {"type": "input_text", "text": 5}],
     "Invalid type for 'input[1].output[1].text': expected a string, but got an integer instead.",
     "input[1].output[1].text"),
])
def test_a_function_output_of_content_parts_has_parts_the_sdk_types(client, output, message, param):
    call = {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"}
    sent = {"type": "function_call_output", "call_id": "call_1", "output": output}
    status, body = respond_json(client, input=[call, sent], tools=TOOLS)
    assert (status, body["error"]["message"], body["error"]["param"]) == (400, message, param)
    parts = [{"type": "input_text", "text": "sunny"},
             {"type": "input_image", "image_url": "https://upload.wikimedia.org/a.png"},
             {"type": "input_file", "file_id": "file-abc"}]
    assert respond_json(client, input=[call, {**sent, "output": parts}], tools=TOOLS)[0] == 200


def test_ids_of_a_response_share_their_first_digits_and_say_whether_it_is_stored(client):
    # Captured on gpt-5.6-terra, September 2026 (store false): resp_0f21d6183f437aec016a93f11a58e487d0b8b11adfcf5703f1
    # and msg_0f21d6183f437aec016a93f11ac8c487d0b7437411708a46a1.
    for store, flag in ((True, "00"), (False, "01")):
        body = client.post("/v1/responses", json={"model": "gpt-5", "input": "Hello", "store": store}).get_json()
        shared = body["id"][5:23]
        assert shared.endswith(flag)
        assert [item["type"] for item in body["output"]] == ["reasoning", "message"]
        marker = body["id"][35:39]
        assert marker in ("8196", "87d0", "87d2")
        for item, prefix in zip(body["output"], ("rs_", "msg_")):
            assert re.fullmatch(rf"{prefix}{shared}{body['created_at']:08x}[0-9a-f]{{4}}{marker}[0-9a-f]{{16}}",
                                item["id"])


WEATHER = {"type": "function", "name": "get_weather", "description": "Get the current weather for a city.",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                          "additionalProperties": False},
           "output_schema": {"type": "object", "properties": {"temperatureC": {"type": "number"}},
                             "required": ["temperatureC"], "additionalProperties": False}, "strict": True}


def weather_turn(output, tool=WEATHER):
    return {"model": "gpt-4.1", "tools": [tool], "input": [
        {"role": "user", "content": "Weather in Paris?"},
        {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": '{"city":"Paris"}'},
        {"type": "function_call_output", "call_id": "call_1", "output": output}]}


@pytest.mark.parametrize("output", ["Service unavailable", [{"type": "input_text", "text": "21 degrees"}]])
def test_a_function_that_declares_an_output_schema_takes_json_text_only(client, output):
    # Recorded in August 2026 (a client's fixture) for a prose output; an output of parts is a guess.
    response = client.post("/v1/responses", json=weather_turn(output))
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "message": "Invalid function_call_output.output: expected a JSON string because the function declares "
                   "output_schema.", "type": "invalid_request_error", "param": "input", "code": "invalid_value"}
    plain = {key: value for key, value in WEATHER.items() if key != "output_schema"}
    assert client.post("/v1/responses", json=weather_turn(output, plain)).status_code == 200


def test_a_function_tool_is_echoed_with_its_output_schema_and_defer_loading(client):
    # Recorded on gpt-4.1 in August 2026 (the schema as sent) and gpt-5.4 in March and July (defer_loading after
    # the type, as sent).
    body = client.post("/v1/responses", json=weather_turn('{"temperatureC": 21}')).get_json()
    assert body["tools"][0]["output_schema"] == WEATHER["output_schema"]
    assert list(body["tools"][0]) == ["type", "description", "name", "output_schema", "parameters", "strict"]
    deferred = client.post("/v1/responses", json={"model": "gpt-5.4", "input": "hi", "tool_choice": "none",
                                                  "tools": [{**WEATHER, "defer_loading": True}]}).get_json()
    assert list(deferred["tools"][0]) == ["type", "defer_loading", "description", "name", "output_schema",
                                          "parameters", "strict"]
    assert deferred["tools"][0]["defer_loading"] is True


def test_a_shell_call_output_needs_its_call(client):
    # Recorded in 2026 (a client's fixture: a shell tool's output sent back without its call, store false).
    response = client.post("/v1/responses", json={
        "model": "gpt-5.4", "tools": [{"type": "shell"}], "store": False, "input": [
            {"type": "shell_call_output", "call_id": "call_Mh54tZUuj5gccgizm3BBx288",
             "output": [{"stdout": "", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]}]})
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "message": "No tool call found for shell call output with call_id call_Mh54tZUuj5gccgizm3BBx288.",
        "type": "invalid_request_error", "param": "input", "code": None}


_APPROVAL = {"type": "mcp_approval_request", "id": "mcpr_022444f7f0878ab8006a766d20b08881a290edfa9c9943f2ae",
             "arguments": "{}", "name": "create_short_url", "server_label": "zip1"}
_SEARCHED = {"type": "tool_search_call", "id": "tsc_077457e674332594006a606a565ac081a090a3f60cd0d63c21",
             "call_id": None, "execution": "server", "arguments": {"paths": ["crm"]}, "status": "completed"}
_SEARCH_TOOL = {"type": "function", "name": "tool_search", "parameters": {"type": "object", "properties": {}}}


@pytest.mark.parametrize("before, body, expected", [
    (None, {"tools": TOOLS,
            "tool_choice": {"type": "allowed_tools", "mode": "auto", "tools": [{"type": "web_search"}]}},
     ("Tool choice 'web_search' not found in 'tools' parameter.", "tool_choice", None)),
    (None, {"model": "gpt-5.4-mini", "tools": [_SEARCH_TOOL], "input": [  # issue 17402: no arguments
        {"type": "tool_search_call", "call_id": "call_123", "execution": "client", "status": "completed"},
        {"type": "tool_search_output", "call_id": "call_123", "execution": "client", "status": "completed",
         "tools": []}]},
     ("Missing required parameter: 'input[0].arguments'.", "input[0].arguments", "missing_required_parameter")),
    (None, {"model": "gpt-5.4", "tools": [{"type": "tool_search"}],
            "input": [{"role": "user", "content": "hi"}, _SEARCHED, {"type": "item_reference", "id": _SEARCHED["id"]}]},
     (f"Duplicate item found with id {_SEARCHED['id']}. Remove duplicate items from your input and try again.",
      "input", None)),
    ([_APPROVAL], {"model": "gpt-5-mini", "input": [{"type": "item_reference", "id": _APPROVAL["id"]}, {
        "type": "mcp_approval_response", "approval_request_id": _APPROVAL["id"], "approve": True}]},
     (f"Duplicate item found with id {_APPROVAL['id']}. Remove duplicate items from your input and try again.",
      "input", None)),
])
def test_refusals_recorded_in_vercel_fixtures(client, before, body, expected):
    """Refusals vercel/ai kept as fixtures of the live API (2026), the requests rebuilt from its tests (the
    allowed_tools one's `tools` a guess; the approval request was the previous response's output there)."""
    body = {"model": "gpt-5", "input": "hi", **body}
    if before:  # what the previous response brings in, sent again by reference
        first = client.post("/v1/responses", json={"model": body["model"], "input": [
            {"role": "user", "content": "Shorten https://ai-sdk.dev/"}, *before]}).get_json()
        body["previous_response_id"] = first["id"]
    status, message, param, code = refusal(client, body)
    assert (status, message, param, code) == (400, *expected)


def test_a_file_url_is_downloaded_so_a_data_url_there_fails(client):
    """Recorded twice on gpt-4.1, October 2025: the whole URL in the message, param `url`."""
    pdf = "data:application/pdf;base64,JVBERi0xLjQK"
    content = [{"type": "input_text", "text": "What's in this document?"}, {"type": "input_file", "file_url": pdf}]
    status, body = respond_json(client, model="gpt-4.1", input=[{"role": "user", "content": content}])
    assert status == 400
    assert body["error"] == {"message": f"Failed to download file from {pdf}.", "type": "invalid_request_error",
                             "param": "url", "code": "invalid_value"}
    content[1] = {"type": "input_file", "file_url": "https://www.w3.org/dummy.pdf"}
    assert respond_json(client, model="gpt-4.1", input=[{"role": "user", "content": content}])[0] == 200
    content[1] = {"type": "input_file", "file_url": 5}
    status, body = respond_json(client, model="gpt-4.1", input=[{"role": "user", "content": content}])
    assert (status, body["error"]["param"]) == (400, "input[0].content[1].file_url")


def test_no_summary_at_effort_minimal(client):
    """gpt-5 and gpt-5-mini asked for a detailed summary at effort minimal (SwiftAgent's recordings, September and
    October 2025): 0 reasoning tokens, an empty summary and no summary events."""
    fields = {"model": "gpt-5-mini", "reasoning": {"effort": "minimal", "summary": "detailed"}}
    body = respond(client, **fields).get_json()
    assert [item["summary"] for item in body["output"] if item["type"] == "reasoning"] == [[]]
    assert body["usage"]["output_tokens_details"] == {"reasoning_tokens": 0}
    assert "reasoning_summary" not in respond(client, stream=True, **fields).get_data(as_text=True)


@pytest.mark.parametrize("model, status, message, param", [
    # A name no model has, in the Responses API's words (0xPlaygrounds/rig's cassettes, 2026; a live capture of
    # June 2026 whose chat twin got the gateway's 404).
    ("gpt-nonexistent-model-for-error-edge", 400, "The requested model 'gpt-nonexistent-model-for-error-edge' does "
     "not exist.", "model"),
    ("gpt-bogus", 400, "The requested model 'gpt-bogus' does not exist.", "model"),
    # Models the Responses API does not serve (a live test suite of late 2025, a 2026 library's tests).
    ("gpt-audio", 400, "The requested model 'gpt-audio' is not supported with the Responses API.", "model"),
    ("gpt-4o-audio-preview", 400, "The requested model 'gpt-4o-audio-preview' is not supported with the Responses "
     "API.", "model"),
    ("whisper-1", 400, "The requested model 'whisper-1' is not supported with the Responses API.", "model"),
    ("gpt-image-1-mini", 400, "The requested model 'gpt-image-1-mini' is not supported with the Responses API.",
     "model"),
    ("text-embedding-3-small", 400, "The requested model, 'text-embedding-3-small' was not found.", "model"),
    ("davinci-002", 400, "The requested model, 'davinci-002' was not found.", "model"),
    ("gpt-image-1.5", 400, "The requested model, 'gpt-image-1.5' was not found.", "model"),  # quoted, April 2026
])
def test_models_the_responses_api_does_not_serve_are_refused_in_its_words(client, model, status, message, param):
    response = client.post("/v1/responses", json={"model": model, "input": "What is 1 + 1?"})
    assert response.status_code == status
    assert response.get_json()["error"] == {"message": message, "type": "invalid_request_error", "param": param,
                                            "code": "model_not_found"}


def test_a_streamed_request_for_an_unknown_model_is_refused_before_its_stream(client):
    """rig's cassette of 2026: stream true, 400 as JSON, param model."""
    response = client.post("/v1/responses", json={"model": "gpt-nonexistent-model-for-error-edge", "stream": True,
                                                  "input": [{"role": "user", "type": "message", "content": [
                                                      {"type": "input_text", "text": "Never streamed"}]}]})
    assert (response.status_code, response.mimetype) == (400, "application/json")
    assert response.get_json()["error"] == {
        "message": "The requested model 'gpt-nonexistent-model-for-error-edge' does not exist.",
        "type": "invalid_request_error", "param": "model", "code": "model_not_found"}


SCHEMA = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": False}


def test_a_flat_text_format_costs_its_name_and_whole_schema_less_than_in_chat(client):
    # Recorded on gpt-4o-mini in October 2025 (braintrust's cassettes): 59 input tokens. The estimate reads the schema's
    # JSON 3 tokens short of o200k's 49, and the question in its 7 (What's one): 58. With o200k's counts the rule
    # comes to 61.
    schema = {"properties": {"value": {"title": "Value", "type": "integer"},
                             "reasoning": {"title": "Reasoning", "type": "string"}},
              "required": ["value", "reasoning"], "title": "NumberAnswer", "type": "object",
              "additionalProperties": False}
    fmt = {"type": "json_schema", "strict": True, "name": "NumberAnswer", "schema": schema}
    body = client.post("/v1/responses", json={"model": "gpt-4o-mini", "input": "What's 12 + 12?",
                                              "text": {"format": fmt}}).get_json()
    assert body["usage"]["input_tokens"] == 59 - 1


@pytest.mark.parametrize(("schema", "recorded"), [
    ({"description": "Summary of the article", "properties": {"title": {"type": "string"}, "author": {
        "type": "string"}}, "required": ["title", "author"], "type": "object", "additionalProperties": False}, 36),
    ({"properties": {"name": {"type": "string"}, "age": {"type": "integer"}}, "required": ["name", "age"],
      "type": "object", "additionalProperties": False}, 29)])
def test_gpt_5_4_frames_a_flat_text_format_in_2_fewer_than_gpt_4o(client, schema, recorded):
    # chatlas's cassettes (test_data_extraction, gpt-5.4, July 2026): beside messages that came to their recorded
    # count exactly without a format (171), the two schemas cost 36 (in 80 and 143 input tokens) and 29 (in 171):
    # their name and compact JSON (o200k: 2 and 40, 2 and 33) less 6, where gpt-4o's rule (less 4) made them 2 over.
    # The estimate reads each JSON a token short of o200k.
    article = ("\n# Apples are tasty\n\nBy Hadley Wickham\nApples are delicious and tasty and I like to eat them.\n"
               "Except for red delicious, that is. They are NOT delicious.\n")
    body = {"model": "gpt-5.4", "input": [{"role": "user", "content": article}]}
    fmt = {"format": {"type": "json_schema", "name": "structured_data", "schema": schema, "strict": True}}
    alone = client.post("/v1/responses/input_tokens", json=body).get_json()["input_tokens"]
    formatted = client.post("/v1/responses/input_tokens", json={**body, "text": fmt}).get_json()["input_tokens"]
    assert formatted - alone == recorded - 1


@pytest.mark.parametrize("fields, expected", [
    # A key the format's type does not have (quoted in 2025 of a text format's name).
    ({"text": {"format": {"type": "text", "name": "x"}}},
     ("Unknown parameter: 'text.format.name'.", "text.format.name", "unknown_parameter")),
    ({"text": {"format": {"type": "json_object", "strict": True}}},
     ("Unknown parameter: 'text.format.strict'.", "text.format.strict", "unknown_parameter")),
    ({"text": {"format": {"type": "json_schema", "name": "n", "schema": SCHEMA, "foo": 1}}},
     ("Unknown parameter: 'text.format.foo'.", "text.format.foo", "unknown_parameter")),
    # A description past 1,024 characters, and a text input past 10,485,760 (quoted in 2026).
    ({"text": {"format": {"type": "json_schema", "name": "n", "schema": SCHEMA, "description": "d" * 1057}}},
     ("Invalid 'text.format.description': string too long. Expected a string with maximum length 1024, but got a "
      "string with length 1057 instead.", "text.format.description", "string_above_max_length")),
    # A format's type that is not a string is refused as such, not looked up among the types (it was a 500).
    ({"text": {"format": {"type": [], "name": "n"}}},
     ("Invalid type for 'text.format.type': expected a string, but got an array instead.", "text.format.type",
      "invalid_type")),
    ({"input": "a" * 10_485_761}, ("Invalid 'input': string too long. Expected a string with maximum length "
                                   "10485760, but got a string with length 10485761 instead.", "input",
                                   "string_above_max_length")),
])
def test_text_formats_and_text_input_are_bounded_as_quoted(client, fields, expected):
    assert refusal(client, {"model": "gpt-4o", "input": "hi", **fields}) == (400, *expected)
    if "text" in fields and "description" in fields["text"]["format"]:
        fmt = {**fields["text"]["format"], "description": "d" * 1024}
        assert respond_json(client, text={"format": fmt})[0] == 200


def test_a_conversation_a_background_response_works_on_is_locked_until_it_is_done(tmp_path):
    # The API's refusal of concurrent turns on one conversation (reported, March 2026).
    client = background_client(tmp_path)
    conversation = client.post("/v1/conversations", json={}).get_json()["id"]
    queued = respond(client, background=True, conversation=conversation).get_json()
    turn = {"model": "gpt-4o", "input": "hi", "conversation": conversation}
    assert refusal(client, turn) == (400, "Another process is currently operating on this conversation. Please "
                                          "retry in a few seconds.", "conversation", "conversation_locked")
    assert respond(client, conversation=client.post("/v1/conversations", json={}).get_json()["id"]).status_code == 200
    client.post(f"/v1/responses/{queued['id']}/cancel")
    assert respond(client, conversation=conversation).status_code == 200
    done = background_client(tmp_path, seconds=0)
    respond(done, background=True, conversation=conversation)
    assert respond(done, conversation=conversation).status_code == 200


def test_a_content_part_takes_only_its_own_members(client):
    # Reported of the API in 2026: Anthropic's cache_control on an input_text part is an unknown parameter; the
    # SDK's prompt_cache_breakpoint is taken.
    part = {"type": "input_text", "text": "hi", "cache_control": {"type": "ephemeral"}}
    assert refusal(client, {"model": "gpt-5.5", "input": [{"role": "user", "content": [part]}]}) == (
        400, "Unknown parameter: 'input[0].content[0].cache_control'.", "input[0].content[0].cache_control",
        "unknown_parameter")
    taken = {"type": "input_text", "text": "hi", "prompt_cache_breakpoint": {"mode": "explicit"}}
    respond(client, model="gpt-5.5", input=[{"role": "user", "content": [taken]}])


def test_a_tool_outputs_wrong_type_is_worded_as_the_api_words_it(client):
    # Recorded (2025-2026): an output is a string or content parts.
    items = [{"role": "user", "content": "hi"}, {"type": "function_call", "call_id": "c1", "name": "f",
                                                 "arguments": "{}"},
             {"type": "function_call_output", "call_id": "c1", "output": {"a": 1}}]
    assert refusal(client, {"model": "gpt-4o", "input": items}) == (
        400, "Invalid type for 'input[2].output': expected one of a string or array of objects, but got an object "
             "instead.", "input[2].output", "invalid_type")


_PENGUINS = ("data:text/csv;base64,cGVuZ3VpbixyYWNlX3RpbWVfc2Vjb25kcwpXYWRkbGVzd29ydGgsNDMuMgpGbGlwcGVyIE1jR2VlLDM4Ljc"
             "KVHVyYm8gVHV4ZWRvLDMxLjkKQ2FwdGFpbiBCbHViYmVyLDQ1LjEKU2lyIFNsaWRlc2Fsb3QsMzYuNAo=")


def test_a_text_files_input_counts_its_text_and_name(client):
    # ellmer's cassettes (openai-v2-document.yml, gpt-5.4-nano, August 2026): a CSV sent as file_data came to 127
    # input tokens, 94 for its message, exactly with the real tokenizer (it reads the CSV as 50 tokens, the estimate
    # as 43); a file fauxpen cannot read (a PDF without text, a file id) costs INPUT_FILE_TOKENS alone.
    asked = [{"type": "message", "role": "system", "content": [
        {"type": "input_text", "text": "Be terse. Respond with only the answer."}]},
        {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "Which penguin won the race? Answer with just the penguin's name."}]}]
    sent = {"type": "message", "role": "user", "content": [
        {"type": "input_file", "filename": "penguin_race.csv", "file_data": _PENGUINS}]}

    def counted(items):
        body = {"model": "gpt-5.4-nano", "input": items}
        return client.post("/v1/responses/input_tokens", json=body).get_json()["input_tokens"]
    text = base64.b64decode(_PENGUINS.split(",")[1]).decode()
    pdf = {**sent["content"][0], "filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjQK"}
    unread = counted(asked + [{**sent, "content": [pdf]}])
    with_file = counted(asked + [sent])
    assert with_file - unread == tokens.count_tokens_o200k(text) + tokens.count_tokens_o200k(
        "penguin_race.csv") + tokens.FILE_TEXT_TOKENS - tokens.INPUT_FILE_TOKENS
    assert unread == counted(asked + [{**sent, "content": [{"type": "input_file", "file_id": "file-x"}]}])
    assert 127 - with_file <= 13  # the estimate misreads the CSV (42), its name (3) and the question, 90 under before


def test_a_call_of_an_async_function_says_so(client):
    # vllm-project/agentic-api's cassette of gpt-6-astra (October 2026): a function sent with `async: true` is
    # echoed with it, and its call carries `async: true` between its arguments and its call_id.
    tool = {"type": "function", "name": "get_weather", "description": "Read a demo weather snapshot for a city.",
            "strict": True, "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                                           "required": ["city"], "additionalProperties": False}}
    body = respond(client, model="gpt-6-astra", tools=[{**tool, "async": True}], tool_choice="required",
                   input="Check the demo weather snapshot for Paris.").get_json()
    call = next(item for item in body["output"] if item["type"] == "function_call")
    assert list(call) == ["id", "type", "status", "arguments", "async", "call_id", "name"] and call["async"] is True
    assert body["tools"][0]["async"] is True
    plain = respond(client, model="gpt-6-astra", tools=[tool], tool_choice="required", input="Paris?").get_json()
    assert "async" not in next(item for item in plain["output"] if item["type"] == "function_call")


def test_a_strict_function_sent_without_parameters_is_echoed_with_an_object_of_none(client):
    # req_llm's fixtures of o4-mini and gpt-5 (October 2025): a function tool with no top-level parameters (its
    # chat-style `function` member ignored), forced, echoed with this schema, in this order; strict: false is left
    # null (a guess).
    tool = {"name": "structured_output", "type": "function",
            "function": {"name": "structured_output", "parameters": {"type": "object", "properties": {}}}}
    body = client.post("/v1/responses", json={
        "model": "o4-mini", "input": "Generate a software engineer profile", "tools": [tool],
        "tool_choice": {"name": "structured_output", "type": "function"}}).get_json()
    assert body["tools"] == [{"type": "function", "description": None, "name": "structured_output",
                              "output_schema": None, "parameters": {
                                  "additionalProperties": False, "type": "object", "properties": {}, "required": []},
                              "strict": True}]
    assert list(body["tools"][0]["parameters"]) == ["additionalProperties", "type", "properties", "required"]
    assert list(body["tool_choice"]) == ["type", "name"]  # its type first, as echoed
    loose = client.post("/v1/responses", json={"model": "o4-mini", "input": "Hi", "tools": [
        {"name": "ping", "type": "function", "strict": False}]}).get_json()
    assert loose["tools"][0]["parameters"] is None


@pytest.mark.parametrize("model", ["gpt-4.1", "gpt-5.4"])
def test_calls_made_together_come_compact_and_whole(client, model):
    # chatlas's cassettes (gpt-4.1, May 2026; gpt-5.4 at effort none, July 2026: {"_person":"Joe"} and
    # {"_person":"Hadley"}): two calls made together, each function_call's arguments compact ({"user":"Joe"},
    # {"user":"Hadley"}) and streamed in one delta, where chat writes them spaced; a call alone streams a token at a
    # time.
    tools = [{"type": "function", "name": name, "strict": True, "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
        "additionalProperties": False}} for name in ("get_weather", "get_time")]
    asked = [{"role": "user", "content": "Call get_weather and get_time for Paris."}]
    text = respond(client, model=model, input=asked, tools=tools, stream=True).get_data(as_text=True)
    events = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data:")]
    deltas = [e for e in events if e["type"] == "response.function_call_arguments.delta"]
    calls = events[-1]["response"]["output"]
    assert [c["type"] for c in calls] == ["function_call"] * 2 and [d["delta"] for d in deltas] == [
        c["arguments"] for c in calls]
    assert all(json.dumps(json.loads(c["arguments"]), separators=(",", ":")) == c["arguments"] for c in calls)
    answer = respond(client, model=model, input=asked, tools=tools).get_json()["output"]
    assert [c["arguments"] for c in answer] == [c["arguments"] for c in calls]
    alone = respond(client, model=model, input=asked, tools=tools[:1], stream=True).get_data(as_text=True)
    assert alone.count("response.function_call_arguments.delta") > 2


# truncation auto, as the API reference documents it (openai 3.63's docstrings): items dropped from the beginning of
# the conversation until the input fits; where the API's answer is unrecorded, the docs read literally (README).
LONG = "hello " * 130000  # past gpt-4o's window of 128,000 alone
CONTEXT_REFUSAL = (400, "Your input exceeds the context window of this model. Please adjust your input and try again.",
                   "input", "context_length_exceeded")


def test_a_streamed_input_past_the_window_is_refused_in_its_stream(client):
    # A client's stream of gpt-6-luna (2026-10-02): a 200 stream of response.created and response.in_progress, then
    # the refusal as an error event (its code and param, the number last) and response.failed; not streamed, a 400.
    body = {"model": "gpt-4o", "input": LONG, "stream": True}
    response = client.post("/v1/responses", json=body)
    assert (response.status_code, response.mimetype) == (200, "text/event-stream")
    sent = [(block.split("\n")[0].removeprefix("event: "), json.loads(block.split("\ndata: ", 1)[1]))
            for block in response.get_data(as_text=True).split("\n\n") if block]
    assert [name for name, _ in sent] == ["response.created", "response.in_progress", "error", "response.failed"]
    assert sent[2][1] == {"type": "error", "error": {
        "type": "invalid_request_error", "code": "context_length_exceeded", "message": CONTEXT_REFUSAL[1],
        "param": "input"}, "sequence_number": 2}
    failed = sent[3][1]
    assert list(failed) == ["type", "response", "sequence_number"] and failed["sequence_number"] == 3
    assert failed["response"]["id"] == sent[0][1]["response"]["id"]
    assert (failed["response"]["status"], failed["response"]["output"], failed["response"]["usage"]) == (
        "failed", [], None)
    assert failed["response"]["error"] == {"code": "context_length_exceeded", "message": CONTEXT_REFUSAL[1]}
    assert refusal(client, {**body, "stream": False}) == CONTEXT_REFUSAL
    assert refusal(client, {**body, "background": True}) == CONTEXT_REFUSAL  # its stream is read later


def test_truncation_auto_drops_the_first_items_until_the_rest_fits(client):
    items = [{"role": "user", "content": LONG}, {"role": "assistant", "content": "ok"},
             {"role": "user", "content": "What is 2+2?"}]
    body = {"model": "gpt-4o", "input": items, "instructions": "Be brief."}
    assert refusal(client, body) == CONTEXT_REFUSAL  # disabled, the default: refused as ever
    assert refusal(client, {**body, "truncation": "disabled"}) == CONTEXT_REFUSAL
    answer = respond(client, **{**body, "truncation": "auto"}).get_json()
    assert answer["status"] == "completed" and answer["truncation"] == "auto"
    # What the model read is counted: the instructions (no item) and the items left.
    kept = respond(client, input=items[1:], instructions="Be brief.").get_json()["usage"]["input_tokens"]
    assert answer["usage"]["input_tokens"] == kept
    streamed = respond(client, **{**body, "truncation": "auto", "stream": True}).get_data(as_text=True)
    assert f'"input_tokens":{kept},' in streamed
    # input_items lists what was sent, the dropped item too (a guess)
    listed = client.get(f"/v1/responses/{answer['id']}/input_items?order=asc").get_json()["data"]
    assert [item["content"][0]["text"][:5] for item in listed] == ["hello", "ok", "What "]


def test_truncation_auto_drops_what_the_previous_response_brings_first(client):
    first = respond(client, input="hello " * 100000).get_json()
    body = {"input": "hello " * 30000, "previous_response_id": first["id"]}
    assert refusal(client, {"model": "gpt-4o", **body}) == CONTEXT_REFUSAL
    answer = respond(client, truncation="auto", **body).get_json()
    alike = respond(client, input=[{"role": "assistant", "content": REPLY}, {"role": "user", "content": body["input"]}])
    assert answer["usage"]["input_tokens"] == alike.get_json()["usage"]["input_tokens"]
    listed = client.get(f"/v1/responses/{answer['id']}/input_items").get_json()["data"]
    assert len(listed) == 3  # the whole chain still listed
    counted = client.post("/v1/responses/input_tokens", json={"model": "gpt-4o", "truncation": "auto", **body})
    assert counted.get_json()["input_tokens"] == answer["usage"]["input_tokens"]  # the count is of what is kept
    assert refusal(client, {"model": "gpt-4o", **body}, "/v1/responses/input_tokens") == CONTEXT_REFUSAL


def test_truncation_auto_drops_a_conversations_first_items_and_keeps_them_stored(client):
    conversation = client.post("/v1/conversations", json={"items": [{"type": "message", "role": "user",
                                                                      "content": LONG}]}).get_json()
    assert refusal(client, {"model": "gpt-4o", "input": "hi", "conversation": conversation["id"]}) == CONTEXT_REFUSAL
    answer = respond(client, input="hi", conversation=conversation["id"], truncation="auto").get_json()
    assert answer["usage"]["input_tokens"] == respond(client, input="hi").get_json()["usage"]["input_tokens"]
    items = client.get(f"/v1/conversations/{conversation['id']}/items?order=asc").get_json()["data"]
    assert len(items) == 3 and items[0]["content"][0]["text"] == LONG


def test_truncation_auto_trims_at_a_models_input_cap_and_refuses_an_item_that_cannot_fit(client):
    # GPT-5 reads 272,000 of its 400,000 (the SDK: trimming can begin where the largest output is taken off).
    items = [{"role": "user", "content": "hello " * 200000}, {"role": "user", "content": "hello " * 100000}]
    body = {"model": "gpt-5", "input": items, "reasoning": {"effort": "minimal"}}
    assert refusal(client, body) == CONTEXT_REFUSAL
    answer = respond(client, **body, truncation="auto").get_json()
    assert 100000 < answer["usage"]["input_tokens"] < 100100
    # One item past the window alone leaves nothing to drop: refused as under disabled (a guess).
    assert refusal(client, {"model": "gpt-4o", "input": LONG, "truncation": "auto"}) == CONTEXT_REFUSAL
    assert refusal(client, {"model": "gpt-4o", "input": [{"role": "user", "content": "hi"},
                                                         {"role": "user", "content": LONG}],
                            "truncation": "auto"}) == CONTEXT_REFUSAL
    assert refusal(client, {"model": "gpt-4o", "input": "hi", "instructions": LONG,
                            "truncation": "auto"}) == CONTEXT_REFUSAL  # the instructions are no item


def test_a_streamed_item_that_cannot_fit_under_truncation_auto_is_refused_in_its_stream(client):
    # Refused as under disabled: a stream, as gpt-6-luna's of 2026-10-02 was, in its stream, not with a 400 before.
    for body in ({"input": LONG}, {"input": [{"role": "user", "content": "hi"}, {"role": "user", "content": LONG}]},
                 {"input": "hi", "instructions": LONG}):
        response = client.post("/v1/responses", json={"model": "gpt-4o", "truncation": "auto", "stream": True, **body})
        assert (response.status_code, response.mimetype) == (200, "text/event-stream")
        sent = [json.loads(block.split("\ndata: ", 1)[1])
                for block in response.get_data(as_text=True).split("\n\n") if block]
        assert [event["type"] for event in sent] == ["response.created", "response.in_progress", "error",
                                                     "response.failed"]
        assert (sent[2]["error"]["code"], sent[2]["error"]["param"]) == ("context_length_exceeded", "input")
    # An item that fits once the first are dropped is answered.
    items = [{"role": "user", "content": LONG}, {"role": "user", "content": "hi"}]
    response = client.post("/v1/responses", json={"model": "gpt-4o", "truncation": "auto", "stream": True,
                                                  "input": items})
    assert '"type":"response.completed"' in response.get_data(as_text=True)


def test_truncation_auto_may_leave_a_functions_output_without_its_call(client):
    # The request is checked as sent, then truncated: an output whose call was dropped is read alone (a guess).
    tools = [{"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}}]
    items = [{"type": "function_call", "call_id": "call_1", "name": "f", "arguments": '{"a": "' + LONG + '"}'},
             {"type": "function_call_output", "call_id": "call_1", "output": "42"},
             {"role": "user", "content": "thanks"}]
    assert respond(client, input=items, tools=tools, truncation="auto").get_json()["usage"]["input_tokens"] < 100
    assert refusal(client, {"model": "gpt-4o", "input": items[1:], "tools": tools, "truncation": "auto"}) == (
        400, "No tool call found for function call output with call_id call_1.", "input", None)


def test_truncation_auto_drops_the_fewest_items_in_a_few_counts(client, monkeypatch):
    # Items of uneven sizes and kinds, past gpt-4o's window: what is kept is the longest tail that fits, as disabled
    # counts it; and finding it counts the tokens a few times, not once for each halving of 2,000 items.
    from fauxpen.views import responses as view
    items = []
    for i in range(2000):
        words = " ".join(f"w{i * 7919 % (j + 13)}" for j in range(i * 37 % 211 + 1))
        items.append({"role": "user", "content": words} if i % 5 else
                     {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": words}]})
    counts = []
    real = view.read_as_chat
    monkeypatch.setattr(view, "read_as_chat", lambda *args: counts.append(1) or real(*args))
    answer = respond(client, input=items, truncation="auto").get_json()
    assert len(counts) <= 6
    monkeypatch.setattr(view, "read_as_chat", real)

    def counted(kept):
        response = client.post("/v1/responses/input_tokens", json={"model": "gpt-4o", "input": kept})
        return response.get_json().get("input_tokens")
    low, high = 1, len(items) - 1  # the fewest items whose dropping leaves a countable input, bisected here
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if counted(items[middle:]) else (middle + 1, high)
    assert counted(items[low - 1:]) is None
    assert answer["usage"]["input_tokens"] == counted(items[low:])


def test_a_configuration_updates_text_format_shapes_the_answers_after_it(client):
    # "The text output configuration for subsequent responses. Each setting stays in effect until a later update
    # replaces it" (the SDK's ResponseConfigurationUpdateItem, openai 3.63); the AI SDK sends its textFormatUpdate
    # so (@ai-sdk/openai 4.0.115 on), keeping the request's own format unchanged. fauxpen took the item unread.
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
              "additionalProperties": False}
    update = {"type": "configuration_update",
              "text": {"format": {"type": "json_schema", "name": "place", "strict": True, "schema": schema}}}
    turns = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]
    body = {"model": "gpt-6-luna", "input": [*turns, update, {"role": "user", "content": "Pick a city"}]}
    answer = client.post("/v1/responses", json=body).get_json()
    assert list(json.loads(answer["output"][-1]["content"][0]["text"])) == ["city"]
    assert answer["text"]["format"] == {"type": "text"}  # the request's, echoed as sent
    # It holds for the turns after it (the previous response's items are read before the input) ...
    later = client.post("/v1/responses", json={"model": "gpt-6-luna", "previous_response_id": answer["id"],
                                                "input": "Another"}).get_json()
    assert list(json.loads(later["output"][-1]["content"][0]["text"])) == ["city"]
    # ... until a later update replaces it.
    back = {"type": "configuration_update", "text": {"format": {"type": "text"}}}
    plain = client.post("/v1/responses", json={"model": "gpt-6-luna", "previous_response_id": later["id"],
                                                "input": [back, {"role": "user", "content": "Hi"}]}).get_json()
    assert plain["output"][-1]["content"][0]["text"] == "Hello! How can I assist you today?"
    # An update of reasoning alone leaves the format as it was.
    effort = {"type": "configuration_update", "reasoning": {"effort": "low"}}
    still = client.post("/v1/responses", json={**body, "input": [*body["input"], effort]}).get_json()
    assert list(json.loads(still["output"][-1]["content"][0]["text"])) == ["city"]


def test_a_configuration_updates_effort_is_what_the_model_reasons_at_after_it(client):
    # "The reasoning effort to use for subsequent responses until another configuration update replaces it" (the
    # SDK's ResponseConfigurationUpdateItemParam, openai 3.63); OpenAI's prompt caching guide (2026) has GPT-6
    # clients append one to change effort mid-conversation and keep the top-level reasoning.effort as it was. The
    # request's effort is still echoed (a guess).
    question = ("What is the capital of France? Say how the city came to be the capital, century by century, from "
                "the Romans to the kings, the revolution and the republics, and what each of them built there.")
    body = {"model": "gpt-6-sol", "reasoning": {"effort": "high"}, "input": question}
    thinking = client.post("/v1/responses", json=body).get_json()
    assert thinking["usage"]["output_tokens_details"]["reasoning_tokens"] > 0
    update = {"type": "configuration_update", "reasoning": {"effort": "none"}}
    plain = client.post("/v1/responses", json={**body, "input": [update, {"role": "user", "content": question}]}
                        ).get_json()
    assert [item["type"] for item in plain["output"]] == ["message"]
    assert plain["usage"]["output_tokens_details"]["reasoning_tokens"] == 0
    assert plain["reasoning"]["effort"] == "high"
    # The latest update holds: back to high after it.
    again = {"type": "configuration_update", "reasoning": {"effort": "high"}}
    items = [update, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}, again,
             {"role": "user", "content": question}]
    assert client.post("/v1/responses", json={**body, "input": items}).get_json()["usage"][
        "output_tokens_details"]["reasoning_tokens"] > 0


def test_retrieve_adds_what_its_include_asks_for_as_create_would_have(client):
    # The SDK's responses.retrieve sends include as `include[]=...` (openai 3.63): "Additional fields to include in
    # the response. See the `include` parameter for Response creation".
    logprobs = "message.output_text.logprobs"
    plain = respond(client, top_logprobs=2).get_json()
    asked = respond(client, top_logprobs=2, include=[logprobs]).get_json()
    assert plain["output"][0]["content"][0]["logprobs"] == []
    assert client.get(f"/v1/responses/{plain['id']}").get_json() == plain  # without include: as created
    retrieved = client.get(f"/v1/responses/{plain['id']}?include[]={logprobs}").get_json()
    entries = retrieved["output"][0]["content"][0]["logprobs"]
    assert entries and entries == asked["output"][0]["content"][0]["logprobs"]
    assert len(entries[0]["top_logprobs"]) == 2 and list(retrieved) == list(plain)
    searched = respond(client, input="weather?", tools=[{"type": "web_search"}]).get_json()
    assert "sources" not in searched["output"][0]["action"]
    both = client.get(f"/v1/responses/{searched['id']}?include[]=web_search_call.action.sources"
                      f"&include[]={logprobs}").get_json()
    assert [source["type"] for source in both["output"][0]["action"]["sources"]] == ["url"] * 3
    assert both["output"][1]["content"][0]["logprobs"]
    tool = {"type": "code_interpreter", "container": {"type": "auto"}}
    ran = respond(client, model="gpt-4o-mini", tools=[tool], tool_choice={"type": "code_interpreter"}).get_json()
    assert ran["output"][0]["outputs"] is None
    outputs = client.get(f"/v1/responses/{ran['id']}?include[]=code_interpreter_call.outputs").get_json()
    assert outputs["output"][0]["outputs"] == [{"type": "logs", "logs": outputs["output"][0]["outputs"][0]["logs"]}]
    assert "_withheld" not in client.get(f"/v1/responses/{ran['id']}").get_json()


def test_a_reasoning_models_response_retrieved_with_logprobs_has_none(client):
    answer = respond(client, model="gpt-5-mini").get_json()
    retrieved = client.get(f"/v1/responses/{answer['id']}?include[]=message.output_text.logprobs").get_json()
    assert retrieved == answer


@pytest.mark.parametrize(("query", "message", "param", "code"), (
    ("include[]=bogus", "Invalid value: 'bogus'. Supported values are: 'file_search_call.results', "
                        "'web_search_call.results', 'web_search_call.action.sources', 'message.input_image.image_url', "
                        "'computer_call_output.output.image_url', 'code_interpreter_call.outputs', "
                        "'reasoning.encrypted_content', and 'message.output_text.logprobs'.", "include[0]",
     "invalid_value"),
    ("include=message.output_text.logprobs", "Invalid type for 'include': expected an array of one of 'fil...lts', "
                                             "'web...lts', 'web...ces', 'mes...url', 'com...url', 'cod...uts', "
                                             "'rea...ent', or 'mes...obs', but got a string instead.", "include",
     "invalid_type"),
))
def test_retrieve_refuses_an_include_as_create_does(client, query, message, param, code):
    answer = respond(client).get_json()
    response = client.get(f"/v1/responses/{answer['id']}?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": message, "type": "invalid_request_error", "param": param,
                                            "code": code}


def test_a_background_stream_cancelled_while_streamed_ends_with_no_event_of_its_own(tmp_path):
    # openai 3.63's stream events have none for a cancellation; the stream ends where it got to, once the cancel is
    # seen, not when its next stage would have been due (half an hour here).
    import threading

    client = background_client(tmp_path)
    queued = respond(client, background=True).get_json()
    stream = client.get(f"/v1/responses/{queued['id']}?stream=true")
    chunks = iter(stream.response)
    first = next(chunks).decode()
    assert [block.split("\n")[0] for block in first.strip().split("\n\n")] == [
        "event: response.created", "event: response.queued"]
    assert client.post(f"/v1/responses/{queued['id']}/cancel").get_json()["status"] == "cancelled"
    rest = []
    reader = threading.Thread(target=lambda: rest.extend(chunks), daemon=True)
    reader.start()
    reader.join(60)  # a guard, not a timing: the stream would otherwise wait 1,800 seconds
    assert not reader.is_alive() and rest == []
    stream.close()
