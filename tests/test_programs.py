"""Programmatic tool calling: the model writes a program that calls the functions allowed to be called from one,
the API runs it a call a response, and gives its output and the model's message once every call is answered.
Facts from vercel/ai's recorded fixtures of gpt-5.6-sol (July 2026); what fauxpen's program does is canned."""
import json

from openai.types.responses import Response

from fauxpen import programs


def function(name):
    return {"type": "function", "allowed_callers": ["programmatic"], "name": name, "description": f"Get {name}.",
            "parameters": {"type": "object", "properties": {"sku": {"type": "string"}}, "required": ["sku"],
                           "additionalProperties": False}, "strict": True}


TOOLS = [{"type": "programmatic_tool_calling"}, function("getInventory"), function("getDemand")]
ASK = "Call getInventory and getDemand for sku_123: is there enough stock?"


def respond(client, **fields):
    response = client.post("/v1/responses", json={"model": "gpt-5.6-sol", "tools": TOOLS, **fields})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def answered(items, output="{}"):
    return items + [{"type": "function_call_output", "call_id": items[-1]["call_id"], "output": output}]


def test_the_model_writes_a_program_and_the_api_makes_its_first_call(client):
    body = respond(client, input=ASK)
    reasoning, program, call = body["output"]
    assert reasoning["type"] == "reasoning"
    assert list(program) == ["id", "type", "call_id", "code", "fingerprint"]
    assert program["id"].startswith("cm_") and program["call_id"].startswith("call_")
    assert program["fingerprint"].startswith("gAAAAA")
    assert [name for name, _ in programs.calls_of(program["code"])] == ["getInventory", "getDemand"]
    assert list(call) == ["id", "type", "status", "arguments", "call_id", "caller", "name"]
    assert (call["status"], call["name"], call["caller"]) == ("in_progress", "getInventory",
                                                              {"type": "program", "caller_id": program["call_id"]})
    assert body["usage"]["output_tokens"] > body["usage"]["output_tokens_details"]["reasoning_tokens"]
    # Functions echo their keys in alphabetical order after the type, allowed_callers first (recorded).
    assert list(body["tools"][1])[:3] == ["type", "allowed_callers", "description"]
    Response.model_validate(body)


def test_the_program_goes_on_a_call_a_response_and_ends_with_its_output(client):
    first = respond(client, input=ASK, store=False)
    items = [{"role": "user", "content": ASK}] + first["output"]
    second = respond(client, input=answered(items, '{"availableUnits":42}'), store=False)
    [call] = second["output"]
    assert (call["name"], call["status"]) == ("getDemand", "in_progress")
    assert call["caller"]["caller_id"] == first["output"][1]["call_id"]
    assert second["usage"]["total_tokens"] == 0  # the program ran; the model did not (recorded)
    third = respond(client, input=answered(answered(items, '{"availableUnits":42}') + second["output"], "31"),
                    store=False)
    result, message = third["output"]
    assert list(result) == ["id", "type", "status", "call_id", "result"]
    assert result["id"].startswith("cmo_") and result["call_id"] == call["caller"]["caller_id"]
    assert json.loads(result["result"]) == [{"availableUnits": 42}, 31]
    assert message["type"] == "message" and third["usage"]["output_tokens"] > 0


def test_a_stored_program_goes_on_from_the_previous_response(client):
    first = respond(client, input=ASK)
    call = first["output"][-1]
    second = respond(client, previous_response_id=first["id"],
                     input=[{"type": "function_call_output", "call_id": call["call_id"], "output": "{}"}])
    assert second["output"][0]["name"] == "getDemand"


def test_a_stream_adds_the_program_without_its_code(client):
    response = client.post("/v1/responses", json={"model": "gpt-5.6-sol", "tools": TOOLS, "input": ASK,
                                                  "stream": True})
    events = [json.loads(line[6:]) for line in response.get_data(as_text=True).splitlines()
              if line.startswith("data: {")]
    added = next(e["item"] for e in events if e["type"] == "response.output_item.added"
                 and e["item"]["type"] == "program")
    done = next(e["item"] for e in events if e["type"] == "response.output_item.done"
                and e["item"]["type"] == "program")
    assert added["code"] == "" and done["code"] and added["fingerprint"] != done["fingerprint"]
    deltas = [e for e in events if e["type"] == "response.function_call_arguments.delta"]
    assert len(deltas) == 1  # a program's call in one delta (recorded)


def test_without_the_tool_a_function_only_programs_may_call_is_not_called(client):
    body = respond(client, input=ASK, tools=TOOLS[1:])
    assert [item["type"] for item in body["output"] if item["type"] != "reasoning"] == ["message"]
    direct = {**function("getInventory"), "allowed_callers": ["direct", "programmatic"]}
    body = respond(client, input=ASK, tools=[direct])
    assert body["output"][-1]["type"] == "function_call" and "caller" not in body["output"][-1]
    # With the tool, a function a program may not call is still called directly, no program written.
    plain = {key: value for key, value in function("getInventory").items() if key != "allowed_callers"}
    body = respond(client, input=ASK, tools=[TOOLS[0], plain])
    assert [item["type"] for item in body["output"] if item["type"] != "reasoning"] == ["function_call"]
    assert "caller" not in body["output"][-1]


def test_a_call_whose_caller_is_not_an_object_is_refused_as_its_type(client):
    # Its program was looked for in it: a boolean or a number was a 500 (found by varying the bodies above).
    first = respond(client, input=ASK, store=False)
    items = [{"role": "user", "content": ASK}] + first["output"]
    for caller, kind in ((True, "a boolean"), (1.5, "a decimal"), ("program", "a string"), ([], "an array")):
        sent = answered(items[:-1] + [{**items[-1], "caller": caller}])
        response = client.post("/v1/responses", json={"model": "gpt-5.6-sol", "tools": TOOLS, "input": sent,
                                                      "store": False})
        assert response.status_code == 400, response.get_data(as_text=True)
        assert response.get_json()["error"] == {
            "message": f"Invalid type for 'input[3].caller': expected an object, but got {kind} instead.",
            "type": "invalid_request_error", "param": "input[3].caller", "code": "invalid_type"}
