"""Namespace tools and the API's tool search: calls that name their namespace, deferred functions loaded by a
hosted tool search before they are called, and calls sent back without their namespace refused. Facts from
recordings kept as clients' fixtures (vercel/ai, March 2026; pydantic-ai, July 2026) and errors reported from March
to October 2026 (the README's differences section says what is guessed)."""
import json

import pytest
from openai.types.responses import Response

WEATHER = {"type": "function", "name": "get_weather", "description": "Get the current weather at a specific location",
           "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                          "required": ["location"], "additionalProperties": False}, "strict": True}
AGENTS = {"type": "namespace", "name": "collaboration", "description": "Work with other agents.",
          "tools": [{"type": "function", "name": "list_agents", "description": "List the agents.",
                     "parameters": {"type": "object", "properties": {}}}]}
MISSING = ("Missing namespace for function_call '{}'. It does not exist in the default namespace. Round-trip the "
           "model's function_call item with its namespace field included.")


def respond(client, **fields):
    response = client.post("/v1/responses", json={"model": "gpt-5.4", **fields})
    return response.status_code, response.get_json()


def replay(name, namespace=None):
    call = {"type": "function_call", "call_id": "call_1", "name": name, "arguments": "{}",
            **({"namespace": namespace} if namespace else {})}
    return [{"role": "user", "content": "Go on."}, call, {"type": "function_call_output", "call_id": "call_1",
                                                          "output": "[]"}]


def test_a_namespace_tools_function_is_called_in_its_namespace(client):
    status, body = respond(client, input="List the agents.", tools=[AGENTS])
    assert status == 200
    call = Response.model_validate(body).output[-1]
    assert (call.type, call.name, call.namespace) == ("function_call", "list_agents", "collaboration")
    assert list(body["output"][-1])[-1] == "namespace"  # after the name (recorded)
    echoed = body["tools"][0]
    assert list(echoed) == ["type", "description", "name", "tools"]
    assert echoed["tools"][0]["output_schema"] is None and echoed["tools"][0]["strict"] is True


def test_a_call_sent_back_without_its_namespace_is_refused(client):
    status, body = respond(client, input=replay("list_agents"), tools=[AGENTS])
    assert (status, body["error"]) == (400, {"message": MISSING.format("list_agents"),
                                             "type": "invalid_request_error", "param": "input[1].namespace",
                                             "code": None})
    assert respond(client, input=replay("list_agents", "collaboration"), tools=[AGENTS])[0] == 200
    # A function of the default namespace needs none, and neither does a call of a function no tool declares.
    assert respond(client, input=replay("list_agents"), tools=[AGENTS, {**WEATHER, "name": "list_agents"}])[0] == 200
    assert respond(client, input=replay("get_weather"), tools=[AGENTS])[0] == 200


def test_the_hosted_tool_search_loads_a_deferred_function_before_calling_it(client):
    deferred = {**WEATHER, "defer_loading": True}
    tools = [{"type": "tool_search"}, deferred, {**deferred, "name": "send_email", "description": "Send an email."}]
    status, body = respond(client, input="What is the weather in Paris?", tools=tools)
    assert status == 200
    search, found, call = body["output"]
    assert search == {"id": search["id"], "type": "tool_search_call", "status": "completed",
                      "arguments": {"paths": ["get_weather"]}, "call_id": None, "execution": "server"}
    assert list(found) == ["id", "type", "status", "call_id", "execution", "tools"]
    assert (found["execution"], [tool["name"] for tool in found["tools"]]) == ("server", ["get_weather"])
    assert found["tools"][0] == body["tools"][0]  # as the request's tools echo it
    assert search["id"].startswith("tsc_") and found["id"].startswith("tso_")
    assert (call["name"], call["namespace"]) == ("get_weather", "get_weather")
    # The search is echoed last, its description and parameters null.
    assert [tool["type"] for tool in body["tools"]] == ["function", "function", "tool_search"]
    assert body["tools"][-1] == {"type": "tool_search", "description": None, "parameters": None}
    Response.model_validate(body)
    status, body = respond(client, input=replay("get_weather"), tools=tools)
    assert (status, body["error"]["message"]) == (400, MISSING.format("get_weather"))


def test_a_stream_adds_the_search_items_then_marks_them_done(client):
    tools = [{"type": "tool_search"}, {**WEATHER, "defer_loading": True}]
    response = client.post("/v1/responses", json={"model": "gpt-5.4", "input": "Weather in Paris?", "tools": tools,
                                                  "stream": True})
    items = [(event["type"], event["item"]["type"], event["item"]["status"])
             for event in (json.loads(line[6:]) for line in response.get_data(as_text=True).splitlines()
                           if line.startswith("data: {"))
             if event["type"].startswith("response.output_item.")]
    assert items[:4] == [("response.output_item.added", "tool_search_call", "in_progress"),
                         ("response.output_item.done", "tool_search_call", "completed"),
                         ("response.output_item.added", "tool_search_output", "in_progress"),
                         ("response.output_item.done", "tool_search_output", "completed")]
    assert items[4][1] == "function_call"


def test_the_sdk_reads_a_namespaced_call_and_sends_it_back(sdk):
    first = sdk.responses.create(model="gpt-5.4", input="List the agents.", tools=[AGENTS])
    call = first.output[-1]
    assert call.namespace == "collaboration"
    second = sdk.responses.create(model="gpt-5.4", tools=[AGENTS], input=[
        call.model_dump(exclude_none=True), {"type": "function_call_output", "call_id": call.call_id, "output": "[]"}])
    assert second.output_text


SEARCH = {"type": "tool_search", "execution": "client", "description": "Search for tools by what they do.",
          "parameters": {"type": "object", "properties": {"queries": {"type": "array", "items": {"type": "string"}}},
                         "required": ["queries"], "additionalProperties": False}}
REFUNDS = {"type": "function", "defer_loading": True, "description": None, "name": "lookup_refund_policy",
           "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"],
                          "additionalProperties": False}, "strict": True}
ASK = "Call lookup_refund_policy for order-123."


def test_a_client_tool_search_is_called_and_ends_the_response(client):
    status, body = respond(client, input=ASK, tools=[SEARCH, REFUNDS])
    assert status == 200
    [search] = body["output"]
    assert list(search) == ["id", "type", "status", "arguments", "call_id", "execution"]
    assert (search["type"], search["status"], search["execution"]) == ("tool_search_call", "completed", "client")
    assert search["id"].startswith("tsc_") and search["call_id"].startswith("call_")
    assert isinstance(search["arguments"]["queries"], list)  # what the search tool's parameters take
    assert [tool["type"] for tool in body["tools"]] == ["function", "tool_search"]
    assert body["tools"][1] == SEARCH  # as sent, its execution between its description and parameters
    Response.model_validate(body)


def test_the_functions_a_client_search_loaded_are_called_in_their_namespace(client):
    # As recorded in July 2026: the call names the function as its namespace, and the tools echo the loaded
    # function after the search, as a namespace of its name with an empty description.
    _, first = respond(client, input=ASK, tools=[SEARCH, {"type": "function", "name": "load_capability",
                                                          "parameters": {"type": "object", "properties": {}}},
                                                 REFUNDS], tool_choice={"type": "function",
                                                                        "name": "lookup_refund_policy"})
    search = first["output"][-1]
    assert search["type"] == "tool_search_call"
    loaded = {"type": "tool_search_output", "call_id": search["call_id"], "execution": "client",
              "status": "completed", "tools": [REFUNDS]}
    status, body = respond(client, previous_response_id=first["id"], input=[loaded], tools=first["tools"][:1] + [
        SEARCH, REFUNDS])
    assert status == 200, body
    call = body["output"][-1]
    assert (call["type"], call["name"], call["namespace"]) == ("function_call", "lookup_refund_policy",
                                                               "lookup_refund_policy")
    assert [(tool["type"], tool.get("name")) for tool in body["tools"]] == [
        ("function", "load_capability"), ("tool_search", None), ("namespace", "lookup_refund_policy")]
    namespace = body["tools"][-1]
    assert namespace["description"] == "" and "defer_loading" not in namespace["tools"][0]
    assert namespace["tools"][0]["output_schema"] is None
    Response.model_validate(body)


def test_a_conversation_keeps_the_client_search(client):
    conversation = client.post("/v1/conversations", json={}).get_json()["id"]
    status, body = respond(client, input=ASK, tools=[SEARCH, REFUNDS], conversation=conversation)
    assert status == 200
    items = client.get(f"/v1/conversations/{conversation}/items?order=asc").get_json()["data"]
    assert [item["type"] for item in items] == ["message", "tool_search_call"]
    assert items[1]["call_id"] == body["output"][0]["call_id"]


def test_compaction_takes_no_namespace(client):
    # Reported by a client that strips the namespace from what it compacts (2026): the endpoint's items have none.
    response = client.post("/v1/responses/compact", json={"model": "gpt-5.4", "input": replay("js", "mcp__node")})
    assert (response.status_code, response.get_json()["error"]) == (400, {
        "message": "Unknown parameter: 'input[1].namespace'.", "type": "invalid_request_error",
        "param": "input[1].namespace", "code": "unknown_parameter"})
    assert client.post("/v1/responses/compact", json={"model": "gpt-5.4", "input": replay("js")}).status_code == 200


def test_malformed_namespace_and_search_tools_are_refused_in_the_schemas_words(client):
    # The SDK requires a namespace's name, description and tools, each a named function or custom tool, and types
    # a search's execution as server or client (the wordings are the API's usual ones: guesses).
    def refused(tools):
        status, body = respond(client, input="hi", tools=tools)
        assert status == 400, body
        return body["error"]["message"], body["error"]["param"]

    bare = {"type": "namespace", "name": "crm", "description": "CRM.", "tools": [{"type": "function"}]}
    assert refused([bare]) == ("Missing required parameter: 'tools[0].tools[0].name'.", "tools[0].tools[0].name")
    assert refused([{**bare, "tools": [{"type": "mcp"}]}])[1] == "tools[0].tools[0].type"
    assert refused([{key: value for key, value in bare.items() if key != "description"}]) == (
        "Missing required parameter: 'tools[0].description'.", "tools[0].description")
    assert refused([{"type": "tool_search", "execution": "local"}]) == (
        "Invalid value: 'local'. Supported values are: 'server' and 'client'.", "tools[0].execution")


def test_a_namespaced_custom_tool_names_its_namespace_too(client):
    tools = [{"type": "namespace", "name": "shell", "description": "Shell.",
              "tools": [{"type": "custom", "name": "run"}]}]
    status, body = respond(client, input="run it", tools=tools)
    assert status == 200 and body["output"][-1]["type"] == "custom_tool_call"
    assert body["output"][-1]["namespace"] == "shell"


def test_a_developers_additional_tools_item_gives_the_model_tools_to_call(client):
    # The SDK's AdditionalTools input item: tools made available from that item on.
    added = {"type": "additional_tools", "role": "developer", "tools": [
        {"type": "function", "name": "lookup_order", "parameters": {"type": "object",
                                                                    "properties": {"order": {"type": "string"}}}}]}
    status, body = respond(client, input=[added, {"role": "user", "content": "Look up order 7."}],
                           tool_choice="required")
    assert status == 200 and body["output"][-1]["name"] == "lookup_order"
    assert body["tools"] == []  # not the request's: not echoed
    status, body = respond(client, input=[{"role": "user", "content": "Look up order 7."}], tool_choice="required")
    assert status == 400  # without them there is no tool to require


@pytest.mark.parametrize("arguments, got", [("{}", "a string"), (5, "an integer"), ([], "an array")])
def test_a_tool_search_calls_arguments_sent_back_must_be_an_object(client, arguments, got):
    # Quoted of the API by Codex relays (July and August 2026): a string is refused, the object the API writes taken.
    item = {"type": "tool_search_call", "call_id": "call_1", "execution": "client", "status": "completed",
            "arguments": arguments}
    response = client.post("/v1/responses", json={"model": "gpt-5.5", "input": [
        {"role": "user", "content": "hi"}, item]})
    assert response.status_code == 400 and response.get_json()["error"] == {
        "message": f"Invalid type for 'input[1].arguments': expected an object, but got {got} instead.",
        "type": "invalid_request_error", "param": "input[1].arguments", "code": "invalid_type"}


# The Agents SDK's built-in client search (openai-agents-js 0.20, 2026) sends the hosted search's own parameters.
SDK_SEARCH = {"type": "tool_search", "execution": "client", "description": "Load tools by namespace or tool name "
              "before calling them.", "parameters": {"type": "object", "properties": {"paths": {
                  "type": "array", "items": {"type": "string"}}}, "required": ["paths"], "additionalProperties": False}}


def test_a_client_search_that_takes_paths_names_the_functions_it_loads(client):
    # As the hosted search writes its paths (recorded, March 2026): the names of the deferred functions, so the
    # client's search loads them and its agent loop ends (canned file paths loaded nothing, and it searched again).
    deferred = {**WEATHER, "defer_loading": True}
    status, first = respond(client, input="Find a weather tool and call get_weather.", tools=[SDK_SEARCH, deferred])
    assert status == 200
    [search] = first["output"]
    assert search["arguments"] == {"paths": ["get_weather"]}
    loaded = {"type": "tool_search_output", "call_id": search["call_id"], "execution": "client",
              "status": "completed", "tools": [deferred]}
    status, second = respond(client, previous_response_id=first["id"], input=[loaded], tools=[SDK_SEARCH, deferred])
    assert status == 200, second
    call = second["output"][-1]
    assert (call["type"], call["name"]) == ("function_call", "get_weather")
    answered = {"type": "function_call_output", "call_id": call["call_id"], "output": "Sunny"}
    status, third = respond(client, previous_response_id=second["id"], input=[answered], tools=[SDK_SEARCH, deferred])
    assert status == 200 and third["output"][-1]["type"] == "message"


def test_a_client_search_of_other_paths_keeps_its_generated_arguments(client):
    # Paths of another shape (an enum) are not the hosted search's: generated from the schema as before.
    search = {**SDK_SEARCH, "parameters": {"type": "object", "properties": {"paths": {
        "type": "array", "items": {"type": "string", "enum": ["tools/weather"]}}}, "required": ["paths"],
        "additionalProperties": False}}
    _, body = respond(client, input="Find a weather tool.", tools=[search, {**WEATHER, "defer_loading": True}])
    assert set(body["output"][0]["arguments"]["paths"]) <= {"tools/weather"}


@pytest.mark.parametrize("parameters", [
    {"type": "array", "properties": {"paths": {"type": "array", "items": {"type": "string"}}}},
    {"anyOf": [{"type": "string"}], "properties": {"paths": {"type": "array", "items": {"type": "string"}}}}])
def test_a_client_search_whose_arguments_are_no_object_keeps_them(client, parameters):
    # paths beside a schema whose arguments are a list or a string: those arguments, not a 500 (setting paths in them).
    search = {**SDK_SEARCH, "parameters": parameters}
    status, body = respond(client, input="Find a weather tool.", tools=[search, {**WEATHER, "defer_loading": True}])
    assert status == 200
    assert not isinstance(body["output"][0]["arguments"], dict)
