"""The Responses API's request checks: which of two faults it reports, and the words of its type and value
refusals, as a third party captured them on gpt-5.6-terra (September 2026)."""
import pytest

ODD = {"a": 1}
INCLUDABLE = ("'file_search_call.results', 'web_search_call.results', 'web_search_call.action.sources', "
              "'message.input_image.image_url', 'computer_call_output.output.image_url', "
              "'code_interpreter_call.outputs', 'reasoning.encrypted_content', and 'message.output_text.logprobs'")


def refusal(client, **fields):
    body = {"model": "gpt-5.6-terra", "input": "ping", **fields}
    response = client.post("/v1/responses", json={k: v for k, v in body.items() if v is not None})
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    return error["param"], error["code"], error["message"]


@pytest.mark.parametrize("first, second", [
    ({"moderation": "x"}, {"include": ["bogus.thing"]}),
    ({"include": ["bogus.thing"]}, {"tools": "x"}),
    ({"tools": "x"}, {"metadata": "x"}),
    ({"metadata": "x"}, {"text": "x"}),
    ({"text": "x"}, {"temperature": "x"}),
    ({"top_p": "x"}, {"presence_penalty": "x"}),
    ({"max_output_tokens": "x"}, {"max_tool_calls": "x"}),
    ({"max_tool_calls": "x"}, {"reasoning": "x"}),
    ({"reasoning": "x"}, {"user": 7}),
    ({"user": 7}, {"safety_identifier": 7}),
    ({"safety_identifier": 7}, {"prompt_cache_options": "x"}),
    ({"prompt_cache_options": "x"}, {"prompt_cache_key": 7}),
    ({"truncation": "x"}, {"instructions": 7}),
    ({"instructions": 7}, {"store": "x"}),
    ({"store": "x"}, {"service_tier": "bogus"}),
    ({"service_tier": "bogus"}, {"top_logprobs": "x"}),
    ({"top_logprobs": "x"}, {"context_management": "x"}),
    ({"text": {"verbosity": "bogus"}}, {"context_management": "x"}),
    ({"parallel_tool_calls": "x"}, {"stream": "x"}),
    ({"stream_options": "x"}, {"background": "x"}),
])
def test_of_two_faults_the_first_checked_is_reported(client, first, second):
    alone = refusal(client, **first)
    assert refusal(client, **second, **first) == alone  # the later fault sent first in the body
    assert refusal(client, **second) != alone


def test_a_missing_input_is_reported_before_an_unknown_parameter_but_after_messages(client):
    assert refusal(client, input=None, zzz=1)[:2] == ("input", "missing_required_parameter")
    assert refusal(client, input=None, messages=[{"role": "user", "content": "hi"}])[:2] == (
        None, "unsupported_parameter")


@pytest.mark.parametrize("fields, expected", [
    ({"truncation": ODD}, "one of 'auto' or 'disabled'"),
    ({"prompt_cache_retention": ODD}, "one of 'in_memory' or '24h'"),
    ({"tools": "x"}, "an array of tools"),
    ({"context_management": "x"}, "an array of objects"),
    ({"tool_choice": 7}, "one of an object or 'none', 'auto', or 'required'"),
    ({"include": "x"}, "an array of one of 'fil...lts', 'web...lts', 'web...ces', 'mes...url', 'com...url', "
                       "'cod...uts', 'rea...ent', or 'mes...obs'"),
    ({"reasoning": {"effort": 5}}, "one of 'minimal', 'low', 'medium', or 'high'"),
])
def test_type_refusals_name_what_is_expected(client, fields, expected):
    message = refusal(client, **fields)[2]
    assert message.startswith("Invalid type for '") and f"': expected {expected}, but got " in message


@pytest.mark.parametrize("fields, expected", [
    ({"include": ["bogus.thing"]}, ("include[0]", "invalid_value",
                                    f"Invalid value: 'bogus.thing'. Supported values are: {INCLUDABLE}.")),
    ({"reasoning": {"summary": "bogus"}}, ("reasoning.summary", "invalid_value", "Invalid value: 'bogus'. Supported "
                                           "values are: 'concise', 'detailed', and 'auto'.")),
    ({"service_tier": "scale"}, ("service_tier", "invalid_value", "Invalid value: 'scale'. Supported values are: "
                                  "'auto', 'default', 'fast', 'flex', and 'priority'.")),
    ({"reasoning": {"generate_summary": "concise"}}, ("reasoning.generate_summary", "unknown_parameter",
                                                      "Unknown parameter: 'reasoning.generate_summary'.")),
])
def test_value_refusals_in_the_captured_words(client, fields, expected):
    assert refusal(client, **fields) == expected


ITEM_TYPES_LISTED = (
    "'additional_tools', 'agent_message', 'apply_patch_call', 'apply_patch_call_output', 'code_interpreter_call', "
    "'compaction', 'compaction_trigger', 'computer_call', 'computer_call_output', 'custom_tool_call', "
    "'custom_tool_call_output', 'file_search_call', 'function_call', 'function_call_output', 'image_generation_call', "
    "'item_reference', 'local_shell_call', 'local_shell_call_output', 'mcp_approval_request', 'mcp_approval_response', "
    "'mcp_call', 'mcp_list_tools', 'message', 'multi_agent_call', 'multi_agent_call_output', 'program', "
    "'program_output', 'reasoning', 'shell_call', 'shell_call_output', 'tool_search_call', 'tool_search_output', and "
    "'web_search_call'")
ROLES_LISTED = "'assistant', 'system', 'developer', and 'user'"


@pytest.mark.parametrize("item, expected", [
    ({"type": "bogus_item"}, ("input[0]", f"Invalid value: 'bogus_item'. Supported values are: {ITEM_TYPES_LISTED}.")),
    ({"type": 7, "role": "user", "content": "ping"}, ("input[0]", f"Invalid value: ''. Supported values are: "
                                                                  f"{ITEM_TYPES_LISTED}.")),
    ({"role": "bogus", "content": "ping"}, ("input[0]", f"Invalid value: 'bogus'. Supported values are: {ROLES_LISTED}.")),
    ({}, ("input[0]", f"Invalid value: ''. Supported values are: {ROLES_LISTED}.")),
    ({"role": "assistant", "content": [{"type": "input_text", "text": "x"}]}, (
        "input[0].content[0]", "Invalid value: 'input_text'. Supported values are: 'output_text' and 'refusal'.")),
    ({"role": "user", "content": [{"type": "output_text", "text": "x"}]}, (
        "input[0].content[0]", "Invalid value: 'output_text'. Supported values are: 'input_text', 'input_image', "
                               "'input_file', 'scoped_content', and 'input_audio'.")),
])
def test_input_items_are_refused_as_captured(client, item, expected):
    param, code, message = refusal(client, input=[item, {"role": "user", "content": "ping"}])
    assert (param, message) == expected and code == "invalid_value"


def test_an_item_fault_is_reported_before_the_other_parameters(client):
    for other in ({"truncation": "bogus"}, {"previous_response_id": "resp_x"}, {"temperature": 0.5}):
        assert refusal(client, input=[{}], **other)[0] == "input[0]"


def test_logprobs_of_a_reasoning_model_and_its_prompt_cache_as_captured(client):
    logprobs = "logprobs are not supported with reasoning models."
    assert refusal(client, top_logprobs=1) == ("top_logprobs", "unsupported_parameter", logprobs)
    assert refusal(client, top_logprobs=1, include=["message.output_text.logprobs"]) == (
        "include", "unsupported_parameter", logprobs)
    assert refusal(client, prompt_cache_retention="in_memory") == (
        "prompt_cache_retention", "invalid_parameter", "This model is compatible only with 24h extended prompt caching")
    ok = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "ping", "prompt_cache_retention": "in_memory"})
    assert ok.status_code == 200, ok.get_json()


def test_a_function_that_leaves_strict_out_is_made_strict_when_it_can_be(client):
    # The function-calling guide (2026), and the echo captured on gpt-5.6-terra in September 2026.
    def tools(parameters, **extra):
        tool = {"type": "function", "name": "f", "parameters": parameters, **extra}
        response = client.post("/v1/responses", json={"model": "gpt-4o", "input": "ping", "tools": [tool]})
        return response.status_code, response.get_json().get("tools") or response.get_json()["error"]

    assert tools({"type": "object", "properties": {}}) == (200, [{
        "type": "function", "description": None, "name": "f", "output_schema": None,
        "parameters": {"type": "object", "properties": {}, "additionalProperties": False, "required": []},
        "strict": True}])
    status, echoed = tools({"type": "object", "properties": {"a": {"type": "string"}}, "required": []})
    assert status == 200 and echoed[0]["parameters"]["required"] == ["a"] and echoed[0]["strict"] is True
    loose = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": True}
    assert tools(loose) == (200, [{"type": "function", "description": None, "name": "f", "output_schema": None,
                                   "parameters": loose, "strict": False}])
    status, error = tools({"type": "object", "properties": {}}, strict=True)
    assert (status, error["code"]) == (400, "invalid_function_parameters")
