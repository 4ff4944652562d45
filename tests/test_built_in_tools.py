"""Built-in tools as recorded in 2025-2026 (openai-dotnet session records, pydantic-ai cassettes): `required`
calling the only tool there is, apply_patch's and the code interpreter's instructions counted in the prompt, and the
tools an MCP server lists."""
import json

import pytest
from openai.types.responses import Response

from fauxpen.tokens import count_tokens

MCP = {"type": "mcp", "server_label": "docs", "server_url": "https://example.com/mcp", "require_approval": "never"}


def respond(client, **fields):
    response = client.post("/v1/responses", json={"model": "gpt-5.1", "input": "Create NOTES.md.", **fields})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_required_calls_the_built_in_tool_when_there_is_no_function(client):
    # Recorded on gpt-5.1 (April 2026): tools [apply_patch], tool_choice required -> an apply_patch_call.
    body = respond(client, tools=[{"type": "apply_patch"}], tool_choice="required")
    assert [item["type"] for item in body["output"]] == ["apply_patch_call"]
    function = {"type": "function", "name": "note", "parameters": {"type": "object", "properties": {}}}
    body = respond(client, tools=[{"type": "apply_patch"}, function], tool_choice="required")
    assert body["output"][-1]["type"] == "function_call"  # a function there is: it is called


def test_apply_patch_adds_its_instructions_to_the_prompt(client):
    # Recorded: 711 input tokens with the tool for a question that counts 87 without it.
    bare = respond(client)["usage"]["input_tokens"]
    assert respond(client, tools=[{"type": "apply_patch"}])["usage"]["input_tokens"] == bare + 624


def test_the_shell_tool_adds_its_instructions_to_the_prompt(client):
    # vercel/ai fixture (gpt-5.1, December 2025): 145 input tokens with {"type": "shell"} for this question.
    said = "List the files in my ~/Desktop directory"
    bare = respond(client, input=said)["usage"]["input_tokens"]
    assert bare == 14  # the question is 8 tokens in o200k (~/ one, counted with tiktoken), its message's framing 6
    assert respond(client, input=said, tools=[{"type": "shell"}])["usage"]["input_tokens"] == 145


def test_a_code_interpreter_adds_its_instructions_and_a_run_reads_the_prompt_again(client):
    # Three gpt-4o-mini recordings of September 2025 (openai-dotnet): the interpreter ran once, and the input came
    # to twice the prompt with its instructions, and the code and what it printed (387 for "Calculate the factorial
    # of 5 using Python code.", whose question counts 18 here, with 26 tokens of code and "120").
    said = "Calculate the factorial of 5 using Python code."
    tool = {"type": "code_interpreter", "container": {"type": "auto"}}
    bare = respond(client, model="gpt-4o-mini", input=said)["usage"]["input_tokens"]
    assert respond(client, model="gpt-4o-mini", input=said, tools=[tool])["usage"]["input_tokens"] == bare + 162
    ran = respond(client, model="gpt-4o-mini", input=said, tools=[tool], tool_choice={"type": "code_interpreter"})
    code = ran["output"][0]["code"]
    assert ran["output"][0]["type"] == "code_interpreter_call"
    assert ran["usage"]["input_tokens"] == 2 * (bare + 162) + count_tokens(code) + count_tokens("Hello, world!\n")


@pytest.mark.parametrize("model", ["gpt-5.6", "gpt-5.6-terra", "gpt-5.6-luna"])
def test_a_code_interpreters_instructions_cost_more_on_gpt_5_6(client, model):
    # agentic-api's cassettes (gpt-5.6-sol, September 2026, streamed and not): 1,315 input tokens for this question
    # forced to the interpreter, which printed CODE_INTERPRETER_OK=385 with 23 tokens of code: twice the prompt with
    # instructions of 588 (the question 54 with o200k's counts), and the code and its logs. The 5.6 models alike.
    said = ("Use the python tool to calculate the sum of the squares of the integers from 1 through 10. The code "
            "must print exactly CODE_INTERPRETER_OK=385. After it runs, answer exactly CODE_INTERPRETER_OK=385.")
    tool = {"type": "code_interpreter", "container": {"type": "auto"}}
    bare = respond(client, model=model, input=said)["usage"]["input_tokens"]
    assert respond(client, model=model, input=said, tools=[tool])["usage"]["input_tokens"] == bare + 588
    ran = respond(client, model=model, input=said, tools=[tool], tool_choice="required", store=False)
    code = next(item["code"] for item in ran["output"] if item["type"] == "code_interpreter_call")
    assert ran["usage"]["input_tokens"] == 2 * (bare + 588) + count_tokens(code) + count_tokens("Hello, world!\n")
    # gpt-4o-mini's keep theirs (above)
    assert respond(client, model="gpt-5.1", input=said, tools=[tool])["usage"]["input_tokens"] == respond(
        client, model="gpt-5.1", input=said)["usage"]["input_tokens"] + 162


def test_an_mcp_servers_tools_are_listed_in_the_first_turn_that_has_it(client):
    body = respond(client, tools=[MCP])
    listed = body["output"][0]
    assert list(listed) == ["id", "type", "server_label", "tools"]
    assert listed["id"].startswith("mcpl_") and (listed["type"], listed["server_label"]) == ("mcp_list_tools", "docs")
    Response.model_validate(body)
    later = respond(client, tools=[MCP], previous_response_id=body["id"])
    assert "mcp_list_tools" not in [item["type"] for item in later["output"]]
    other = respond(client, tools=[MCP, {**MCP, "server_label": "wiki"}], previous_response_id=body["id"])
    assert [item["server_label"] for item in other["output"] if item["type"] == "mcp_list_tools"] == ["wiki"]


def test_a_stream_lists_an_mcp_servers_tools_in_progress_then_completed(client):
    response = client.post("/v1/responses", json={"model": "gpt-5.1", "input": "hi", "tools": [MCP], "stream": True})
    events = [json.loads(line[6:]) for line in response.get_data(as_text=True).splitlines()
              if line.startswith("data: {")]
    assert [event["type"] for event in events[2:6]] == [
        "response.output_item.added", "response.mcp_list_tools.in_progress", "response.mcp_list_tools.completed",
        "response.output_item.done"]
    assert events[2]["item"]["tools"] == [] and set(events[3]) == {"type", "item_id", "output_index",
                                                                   "sequence_number"}


def test_a_shells_auto_container_is_made_and_named_where_the_tool_is_echoed(client):
    # Recorded on gpt-5.2 (March 2026): the tool comes back naming the container the API made, and so does the call.
    tools = [{"type": "shell", "environment": {"type": "container_auto", "file_ids": []}}]
    body = respond(client, tools=tools, tool_choice={"type": "shell"})
    environment = body["tools"][0]["environment"]
    assert list(environment) == ["type", "container_id"] and environment["type"] == "container_reference"
    call = next(item for item in body["output"] if item["type"] == "shell_call")
    assert call["environment"] == environment
    container = client.get(f"/v1/containers/{environment['container_id']}").get_json()
    assert container["status"] == "running" and container["name"] == f"Container for {body['id']}"


def test_a_shell_in_a_container_is_run_by_the_api_and_answered(client):
    # vercel/ai fixture openai-shell-skills.1 (recorded on gpt-5.2, February 2026): a shell tool on a container the
    # API runs the commands in: the call, its output (sho_, completed, what each command printed), then the message.
    container = client.post("/v1/containers", json={"name": "box"}).get_json()["id"]
    tools = [{"type": "shell", "environment": {"type": "container_reference", "container_id": container}}]
    body = respond(client, model="gpt-5.2", tools=tools, tool_choice="required")
    call, ran, message = body["output"]
    assert (call["type"], ran["type"], message["type"]) == ("shell_call", "shell_call_output", "message")
    assert list(ran) == ["id", "type", "status", "call_id", "max_output_length", "output"]
    assert ran["id"].startswith("sho_") and len(ran["id"]) == len(call["id"]) + 1
    assert (ran["status"], ran["call_id"], ran["max_output_length"]) == ("completed", call["call_id"], None)
    assert [list(printed) for printed in ran["output"]] == [["outcome", "stderr", "stdout"]]
    assert ran["output"][0]["outcome"] == {"type": "exit", "exit_code": 0} and ran["output"][0]["stderr"] == ""
    Response.model_validate(body)
    local = respond(client, model="gpt-5.2", tools=[{"type": "shell", "environment": {"type": "local"}}],
                    tool_choice="required")
    assert [item["type"] for item in local["output"]] == ["shell_call"]  # the client runs it


def test_a_hosted_shells_output_is_streamed_as_recorded(client):
    # vercel/ai fixture openai-shell-skills.1.chunks (gpt-5.2, February 2026): the output added as completed with
    # nothing in it, what the command printed in one delta (stdout alone), the command's output done, then the item.
    tools = [{"type": "shell", "environment": {"type": "container_auto"}}]
    response = client.post("/v1/responses", json={"model": "gpt-5.2", "input": "List the files.", "tools": tools,
                                                  "tool_choice": "required", "stream": True})
    events = [json.loads(line[6:]) for line in response.get_data(as_text=True).splitlines()
              if line.startswith("data: {")]
    first = next(number for number, event in enumerate(events) if event["type"] == "response.output_item.added"
                 and event["item"]["type"] == "shell_call_output")
    added, delta, done, finished = events[first:first + 4]
    ran = finished["item"]
    assert added["item"] == {**ran, "output": []} and ran["status"] == "completed"
    assert list(delta) == ["type", "command_index", "delta", "item_id", "output_index", "sequence_number"]
    assert (delta["type"], delta["delta"]) == ("response.shell_call_output_content.delta",
                                               {"stdout": ran["output"][0]["stdout"]})
    assert list(done) == ["type", "command_index", "item_id", "output", "output_index", "sequence_number"]
    assert (done["type"], done["output"]) == ("response.shell_call_output_content.done", ran["output"])
    assert finished["type"] == "response.output_item.done"
    assert events[-1]["response"]["output"][-1]["type"] == "message"


def test_the_gpt5_models_of_2025_leave_hosted_tools_to_auto(client):
    # Reported (openai-python#2537, August 2025; a curl transcript; of gpt-5.2 by OpenAI, December 2025): the hosted
    # tools the request has, in its order, and the request's model name.
    tools = [{"type": "image_generation"}, {"type": "web_search"}, {"type": "code_interpreter",
                                                                     "container": {"type": "auto"}}]
    response = client.post("/v1/responses", json={"model": "gpt-5", "input": "news?", "tools": tools,
                                                  "tool_choice": "required"})
    assert (response.status_code, response.get_json()["error"]) == (400, {
        "message": "Tool choices other than 'auto' are not supported with model 'gpt-5' and the following tool types: "
                   "'image_generation', 'code_interpreter'.", "type": "invalid_request_error", "param": "tool_choice",
        "code": None})
    later = client.post("/v1/responses", json={"model": "gpt-5.4", "input": "news?", "tools": tools,
                                               "tool_choice": "required"})
    assert later.status_code == 200  # no report past gpt-5.2


def test_the_gpt5_models_now_take_a_forced_web_search(client):
    # vercel/ai fixture issue-9254-live-openai (gpt-5-nano-2025-08-07, September 2026): tools [web_search],
    # tool_choice required, answered with reasoning, searches and the message, where 2025 reports named it refused.
    body = {"model": "gpt-5-nano", "input": "Find the docs on web search tools.", "tools": [{"type": "web_search"}],
            "tool_choice": "required"}
    response = client.post("/v1/responses", json=body)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["tool_choice"] == "required"
    assert "web_search_call" in [item["type"] for item in answer["output"]]


def test_a_web_search_tool_is_forced_by_the_preview_choice(client):
    # openai-dotnet session records (WebSearchCall, WebSearchCallStreaming, September 2026, gpt-4o-mini): tools
    # web_search, tool_choice {"type": "web_search_preview"}, answered with a search then the message.
    body = {"model": "gpt-4o-mini", "input": "Tell me about something good that happened today.",
            "tools": [{"type": "web_search", "search_context_size": "low"}],
            "tool_choice": {"type": "web_search_preview"}}
    response = client.post("/v1/responses", json=body)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["tool_choice"] == {"type": "web_search_preview"}
    assert [item["type"] for item in answer["output"]] == ["web_search_call", "message"]


def test_a_web_search_tool_is_forced_by_its_own_choice(client):
    # OpenAI's Agents SDK sends tool_choice "web_search" as {"type": "web_search"} (with a type: ignore: the SDK's
    # ToolChoiceTypes leave it out), and the AI SDK (@ai-sdk/openai 4, 2026) forces its webSearch tool so.
    for tool in ({"type": "web_search"}, {"type": "web_search_preview"}):
        body = {"model": "gpt-4.1-mini", "input": "What happened in tech news today?", "tools": [tool],
                "tool_choice": {"type": "web_search"}, "include": ["web_search_call.action.sources"]}
        response = client.post("/v1/responses", json=body)
        assert response.status_code == 200, response.get_json()
        answer = response.get_json()
        assert answer["tool_choice"] == {"type": "web_search"}
        assert [item["type"] for item in answer["output"]] == ["web_search_call", "message"]
    refused = client.post("/v1/responses", json={"model": "gpt-4.1-mini", "input": "hi", "tools": [
        {"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}}],
        "tool_choice": {"type": "web_search"}})
    assert refused.get_json()["error"]["message"] == "Tool choice 'web_search' not found in 'tools' parameter."


def test_gpt51_takes_a_forced_web_search(client):
    # openai-dotnet session records (WebSearchCallWithReasoning, March 2026): gpt-5.1 at effort high, a web_search
    # tool forced as the preview, answered (reasoning, searches, the message) where gpt-5 and 5.2 refuse it.
    body = {"model": "gpt-5.1", "reasoning": {"effort": "high"}, "input": "What does the web search guide say?",
            "tools": [{"type": "web_search"}], "tool_choice": {"type": "web_search_preview"}}
    response = client.post("/v1/responses", json=body)
    assert response.status_code == 200, response.get_json()
    assert "web_search_call" in [item["type"] for item in response.get_json()["output"]]


def test_an_mcp_tools_approval_filters_are_echoed_whole(client):
    # openai-dotnet session records (MCPToolAlwaysRequiresApproval, September 2025, gpt-5): a filter for always
    # comes back with its read_only, and never beside it, null.
    tool = {"type": "mcp", "server_label": "dmcp", "server_url": "https://dmcp-server.deno.dev/sse",
            "require_approval": {"always": {"tool_names": ["roll"]}}}
    body = client.post("/v1/responses", json={"model": "gpt-5", "input": "Roll 2d4+1", "tools": [tool]}).get_json()
    approval = body["tools"][0]["require_approval"]
    assert approval == {"always": {"read_only": None, "tool_names": ["roll"]}, "never": None}
    assert list(approval) == ["always", "never"] and list(approval["always"]) == ["read_only", "tool_names"]


def test_an_mcp_tools_allowed_tools_filter_is_echoed_whole(client):
    # openai-dotnet session records (MCPToolWithAllowedTools, September 2025, gpt-5).
    tool = {"type": "mcp", "server_label": "dmcp", "server_url": "https://dmcp-server.deno.dev/sse",
            "allowed_tools": {"tool_names": ["roll"]}, "require_approval": "never"}
    body = client.post("/v1/responses", json={"model": "gpt-5", "input": "Roll 2d4+1", "tools": [tool]}).get_json()
    assert body["tools"][0]["allowed_tools"] == {"read_only": None, "tool_names": ["roll"]}


def test_a_web_search_answer_keeps_the_tier_asked_and_no_ratelimit_headers(client):
    # openai-dotnet session records (WebSearchCall, WebSearchCallPreview, WebSearchCallStreaming, September 2026,
    # gpt-4o-mini): service_tier auto in the done response and no x-ratelimit-* headers.
    body = {"model": "gpt-4o-mini", "input": "Tell me about something good that happened today.",
            "tools": [{"type": "web_search_preview"}], "tool_choice": {"type": "web_search_preview"}}
    response = client.post("/v1/responses", json=body)
    assert response.get_json()["service_tier"] == "auto"
    assert not [name for name in response.headers.keys() if name.lower().startswith("x-ratelimit")]
    plain = client.post("/v1/responses", json={"model": "gpt-4o-mini", "input": "Hello"})
    assert plain.get_json()["service_tier"] == "default" and "x-ratelimit-limit-requests" in plain.headers


def test_a_gpt_4_1_stream_that_searched_carries_the_ratelimit_headers(client):
    # chatlas's cassettes (gpt-4.1, May and July 2026): the same question streamed with the web_search tool took 352
    # and 353 off x-ratelimit-remaining-tokens (its 39 tokens and 313 or 314), usage 17,248 and 17,508; gpt-4o-mini's
    # streams that searched carry no x-ratelimit-* headers (openai-dotnet, September 2026). fauxpen's estimator
    # counts the question 36.
    question = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": (
        "When was ggplot2 1.0.0 released to CRAN? Answer in YYYY-MM-DD format. The CRAN archive page has this info.")}]}
    body = {"model": "gpt-4.1", "input": [question], "store": False, "stream": True, "tools": [{"type": "web_search"}]}
    response = client.post("/v1/responses", json=body)
    assert response.headers["x-ratelimit-limit-requests"] == "10000"
    taken = int(response.headers["x-ratelimit-limit-tokens"]) - int(response.headers["x-ratelimit-remaining-tokens"])
    counted = client.post("/v1/responses/input_tokens", json={"model": "gpt-4.1", "input": [question]}).get_json()
    assert taken == counted["input_tokens"] + 313
    unstreamed = client.post("/v1/responses", json={**body, "stream": False})
    assert unstreamed.headers["x-ratelimit-remaining-tokens"] == response.headers["x-ratelimit-remaining-tokens"]
    assert "x-ratelimit-limit-tokens" not in client.post("/v1/responses", json={**body, "model": "gpt-4o-mini"}).headers


def test_a_gpt_4_1_answer_that_searched_takes_313_over_its_prompt(client):
    # llmrb/llm's cassette (gpt-4.1, August 2025): a 16-token question answered after one search took 329 off
    # x-ratelimit-remaining-tokens, as chatlas's streams of 2026 took 352 and 353 for 39 (313 and 314 over it).
    body = {"model": "gpt-4.1", "input": [{"role": "user", "content": [
        {"type": "input_text", "text": "What was a positive news story from today?"}]}],
            "tools": [{"type": "web_search"}]}
    response = client.post("/v1/responses", json=body)
    assert response.get_json()["output"][0]["type"] == "web_search_call"
    headers = response.headers
    assert int(headers["x-ratelimit-limit-tokens"]) - int(headers["x-ratelimit-remaining-tokens"]) == 329


def test_a_web_search_answer_of_gpt_4_1_is_metered_and_named_default(client):
    # ellmer's cassettes (openai-v2-web-search.yml, August 2026, gpt-4.1, service_tier auto asked): the answer that
    # searched names default and has its x-ratelimit-* headers; the tool is echoed without external_web_access.
    body = {"model": "gpt-4.1", "input": "When was ggplot2 1.0.0 released to CRAN?", "service_tier": "auto",
            "tools": [{"type": "web_search", "external_web_access": True}], "tool_choice": "required"}
    response = client.post("/v1/responses", json=body)
    answer = response.get_json()
    assert answer["output"][0]["type"] == "web_search_call"
    assert answer["service_tier"] == "default" and "x-ratelimit-limit-requests" in response.headers
    assert answer["tools"] == [{"type": "web_search", "return_token_budget": "default", "search_content_types": [
        "text"], "search_context_size": "medium", "user_location": {
            "type": "approximate", "city": None, "country": "US", "region": None, "timezone": None}}]
    assert list(answer["tools"][0]) == ["type", "return_token_budget", "search_content_types",
                                        "search_context_size", "user_location"]


def test_a_gpt_4_1_mini_stream_carries_no_ratelimit_headers(client):
    # braintrust-sdk-python's cassettes (gpt-4.1-mini, September 2026, twice): a stream with an MCP tool carried no
    # x-ratelimit-* headers, where gpt-4.1's (and since October 2026 gpt-4o-mini's) carry them.
    question = "List the top-level documentation topics for the repository openai/openai-python."
    tools = [{"type": "mcp", "server_label": "deepwiki", "server_url": "https://mcp.deepwiki.com/mcp",
              "allowed_tools": ["read_wiki_structure"], "require_approval": "never"}]
    streamed = client.post("/v1/responses", json={"input": question, "model": "gpt-4.1-mini", "stream": True,
                                                  "tools": tools})
    assert streamed.status_code == 200
    assert not [name for name in streamed.headers.keys() if name.lower().startswith("x-ratelimit")]
    assert "x-ratelimit-limit-tokens" in client.post("/v1/responses", json={"input": question,
                                                                            "model": "gpt-4.1-mini"}).headers


def test_a_web_search_answer_of_gpt_4_1_mini_is_unmetered_and_names_auto(client):
    # braintrust-sdk-python's cassettes (gpt-4.1-mini, April and October 2026): a forced web_search_preview answered
    # with the tier auto and no x-ratelimit-* headers, as gpt-4o-mini's do, where gpt-4.1's name default and carry
    # them.
    body = {"input": "Search the web for the current weather in Paris and answer in one sentence.",
            "model": "gpt-4.1-mini", "tool_choice": {"type": "web_search_preview"},
            "tools": [{"type": "web_search_preview", "search_context_size": "low"}]}
    response = client.post("/v1/responses", json=body)
    answer = response.get_json()
    assert answer["output"][0]["type"] == "web_search_call" and answer["service_tier"] == "auto"
    assert not [name for name in response.headers.keys() if name.lower().startswith("x-ratelimit")]
