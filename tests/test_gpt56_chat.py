"""The GPT-5.6 family's chat request schema: its refusals and the order it reports two faults in.

Facts from a third party's captures of the live API on gpt-5.6-terra (August and September 2026; the content rule
also on gpt-5.5 and gpt-5.6-sol). Each request is the base request with the given fields changed (DROP removes
one); a model without the family's schema (gpt-4o) is checked beside it where its answer differs.
"""
import pytest

DROP = object()
ODD = {"x": "odd"}  # an object where another type is expected
CALL = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
TOOL = {"type": "function", "function": {"name": "f", "parameters": {}}}
NULL_CONTENT = "Invalid value for 'content': expected a string, got null."


def send(client, fields, model="gpt-5.6-terra"):
    body = {"model": model, "messages": [{"role": "user", "content": "ping"}], **fields}
    response = client.post("/v1/chat/completions", json={k: v for k, v in body.items() if v is not DROP})
    return response.status_code, response.get_json()


def refusal(client, fields, model="gpt-5.6-terra"):
    status, body = send(client, fields, model)
    assert status == 400, body
    error = body["error"]
    assert error["type"] == "invalid_request_error"
    return error["param"], error["code"], error["message"]


def user_then(*messages):
    return {"messages": [{"role": "user", "content": "a"}, *messages]}


@pytest.mark.parametrize("fields, expected", [
    # Unknown parameters, with the nearest names the body does not send.
    ({"zzz": 1}, ("zzz", "unknown_parameter", "Unknown parameter: 'zzz'.")),
    ({"stor": 1}, ("stor", "unknown_parameter", "Unknown parameter: 'stor'. Did you mean 'stop' or 'store'?")),
    ({"temperatur": 1}, ("temperatur", "unknown_parameter",
                         "Unknown parameter: 'temperatur'. Did you mean 'temperature'?")),
    ({"messagess": 1}, ("messagess", "unknown_parameter", "Unknown parameter: 'messagess'.")),
    ({"modalities": ["text"]}, ("modalities", "unknown_parameter", "Unknown parameter: 'modalities'.")),
    ({"audio": {"voice": "alloy", "format": "wav"}}, ("audio", "unknown_parameter", "Unknown parameter: 'audio'.")),
    ({"web_search_options": {}}, ("web_search_options", "unknown_parameter",
                                  "Unknown parameter: 'web_search_options'.")),
    ({"reasoning": {"effort": "low"}}, ("reasoning", "unknown_parameter", "Unknown parameter: 'reasoning'.")),
    # Refused whatever the value.
    ({"max_tokens": 32}, ("max_tokens", "unsupported_parameter", "Unsupported parameter: 'max_tokens' is not "
                          "supported with this model. Use 'max_completion_tokens' instead.")),
    ({"logit_bias": {"1": 1}, "reasoning_effort": "none"}, (
        "logit_bias", "unsupported_parameter", "Unsupported parameter: 'logit_bias' is not supported with this model.")),
    ({"prediction": {"type": "content", "content": "p"}}, (
        "prediction", "unsupported_parameter", "Unsupported parameter: 'prediction' is not supported with this model.")),
    # Type names.
    ({"messages": "ping"}, ("messages", "invalid_type",
                            "Invalid type for 'messages': expected an array of objects, but got a string instead.")),
    ({"tools": "none"}, ("tools", "invalid_type",
                         "Invalid type for 'tools': expected an array of objects, but got a string instead.")),
    ({"functions": "x"}, ("functions", "invalid_type", "Invalid type for 'functions': expected an array of function "
                          "definitions, but got a string instead.")),
    ({"seed": 1.5}, ("seed", "invalid_type",
                     "Invalid type for 'seed': expected an integer, but got a decimal number instead.")),
    ({"tool_choice": 7}, ("tool_choice", "invalid_type", "Invalid type for 'tool_choice': expected one of one of "
                          "'none', 'auto', or 'required' or object, but got an integer instead.")),
    ({"service_tier": ODD}, ("service_tier", "invalid_type", "Invalid type for 'service_tier': expected one of "
                             "'auto', 'default', 'fast', 'flex', or 'priority', but got an object instead.")),
    ({"prompt_cache_retention": ODD}, ("prompt_cache_retention", "invalid_type", "Invalid type for "
                                       "'prompt_cache_retention': expected one of 'in_memory' or '24h', but got an "
                                       "object instead.")),
    ({"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "x", "tool_calls": "x"}]}, (
        "messages[1].tool_calls", "invalid_type",
        "Invalid type for 'messages[1].tool_calls': expected an array of objects, but got a string instead.")),
    # Values.
    ({"service_tier": "bogus"}, ("service_tier", "invalid_value", "Invalid value: 'bogus'. Supported values are: "
                                 "'auto', 'default', 'fast', 'flex', and 'priority'.")),
    ({"response_format": {"type": "bogus"}}, ("response_format.type", "invalid_value", "Invalid value: 'bogus'. "
                                              "Supported values are: 'json_object', 'json_schema', and 'text'.")),
    ({"prompt_cache_retention": "x"}, ("prompt_cache_retention", None, "Invalid prompt_cache_retention argument")),
    ({"prompt_cache_retention": "in_memory"}, ("prompt_cache_retention", None,
                                               "This model is compatible only with 24h extended prompt caching")),
    ({"logprobs": True, "reasoning_effort": "none", "top_logprobs": 21}, (
        "top_logprobs", None, "Invalid value for 'top_logprobs': must be less than or equal to 5.")),
    ({"reasoning_effort": {"k": "a'b"}}, ("reasoning_effort", "unsupported_value", "Unsupported value: "
                                          "'reasoning_effort' does not support {'k': \"a'b\"} with this model. "
                                          "Supported values are: 'none', 'low', 'medium', 'high', and 'xhigh'.")),
    ({"tools": [TOOL], "tool_choice": {"type": "bogus"}}, ("tool_choice.function", "missing_required_parameter",
                                                           "Missing required parameter: 'tool_choice.function'.")),
    ({"tools": [TOOL], "tool_choice": {"type": "function", "function": {"name": "nope"}}}, (
        "function_call", None, "Invalid value for 'function_call': no function named 'nope' was specified in the "
        "'functions' parameter.")),
    # Content, absent or null, refused after every other check; the developer's in its schema's words.
    (user_then({"role": "developer"}), ("messages[1].content", "missing_required_parameter",
                                        "Missing required parameter: 'messages[1].content'.")),
    (user_then({"role": "developer", "content": None}), (
        "messages[1].content", "invalid_type", "Invalid type for 'messages[1].content': expected one of a string or "
        "array of objects, but got null instead.")),
    ({"messages": [{"role": "user"}, {"role": "user", "content": "a"}]}, ("messages.[0].content", None, NULL_CONTENT)),
    (user_then({"role": "assistant", "content": None}), ("messages.[1].content", None, NULL_CONTENT)),
    (user_then({"role": "assistant", "tool_calls": None}), ("messages.[1].content", None, NULL_CONTENT)),
    (user_then({"role": "tool", "tool_call_id": "c", "refusal": "no"}), ("messages.[1].content", None, NULL_CONTENT)),
    ({"messages": [{"role": "user", "tool_calls": [CALL]}]}, ("messages.[0].content", None, NULL_CONTENT)),
    # A function message is refused whatever its content (measured on gpt-5.6-terra, August 2026).
    (user_then({"role": "function", "name": "f", "content": None}), (
        "messages[1].role", "unsupported_value",
        "Unsupported value: 'messages[1].role' does not support 'function' with this model.")),
    ({"messages": [{"role": "user"}, {"role": "user", "content": 7}]}, (
        "messages[1].content", "invalid_type", "Invalid type for 'messages[1].content': expected one of a string or "
        "array of objects, but got an integer instead.")),
    ({"messages": [{"role": "user"}], "temperature": 0.5}, (
        "temperature", "unsupported_value", "Unsupported value: 'temperature' does not support 0.5 with this model. "
        "Only the default (1) value is supported.")),
    # An empty tool_calls is refused with the messages: before a parameter the model refuses, after a content's type.
    ({**user_then({"role": "assistant", "content": "x", "tool_calls": []}), "temperature": 0.5}, (
        "messages[1].tool_calls", "empty_array", "Invalid 'messages[1].tool_calls': empty array. Expected an array "
        "with minimum length 1, but got an empty array instead.")),
    (user_then({"role": "assistant", "content": 7, "tool_calls": []}), (
        "messages[1].content", "invalid_type", "Invalid type for 'messages[1].content': expected one of a string or "
        "array of objects, but got an integer instead.")),
])
def test_the_family_refuses_in_its_own_words(client, fields, expected):
    assert refusal(client, fields) == expected


@pytest.mark.parametrize("fields, param", [
    ({"model": DROP, "zzz": 1}, None),
    ({"messages": DROP, "zzz": 1}, "messages"),
    ({"zzz": 1, "n": "abc"}, "zzz"),
    ({"zzz": 1, "messages": []}, "zzz"),
    ({"zzz": 1, "stop": ["ZZ"]}, "zzz"),
    ({"n": 0, "stop": ["ZZ"]}, "n"),
    ({"stop": "x", "temperature": "x"}, "temperature"),  # a type fault beats the refused parameter
    ({"stop": "x", "top_p": "x"}, "top_p"),
    ({"stop": "x", "logprobs": "x"}, "logprobs"),
    ({"stop": ["ZZ"], "temperature": 0.5}, "stop"),
    ({"tools": "x", "top_logprobs": -1}, "tools"),
    ({"function_call": {}, "functions": "x"}, "functions"),
    ({"prompt_cache_key": 7, "prompt_cache_options": "x"}, "prompt_cache_options"),
    ({"max_tokens": 32, "store": "x"}, "max_tokens"),
    ({"stop": ["ZZ"], "stream_options": "x"}, "stop"),
    ({"logit_bias": {"1": 1}, "verbosity": "bogus"}, "logit_bias"),
    ({"prediction": {"type": "content", "content": "p"}, "metadata": "x"}, "metadata"),
    ({"logprobs": True, "verbosity": "bogus"}, "verbosity"),
    ({"max_completion_tokens": ODD, "parallel_tool_calls": ODD}, "parallel_tool_calls"),
    ({"top_p": ODD, "presence_penalty": ODD}, "top_p"),
    ({"presence_penalty": ODD, "frequency_penalty": ODD}, "presence_penalty"),
    ({"logprobs": ODD, "top_logprobs": ODD}, "logprobs"),
    ({"user": ODD, "seed": ODD}, "user"),
    ({"prompt_cache_retention": ODD, "service_tier": ODD}, "prompt_cache_retention"),
    ({"service_tier": ODD, "stream": ODD}, "service_tier"),
    ({"messages": [{"role": "user"}, {"role": "bogus", "content": "a"}]}, "messages[1].role"),
])
def test_of_two_faults_the_family_reports_the_one_it_checks_first(client, fields, param):
    assert refusal(client, fields)[0] == param


@pytest.mark.parametrize("fields", [
    {"metadata": {"k": "v"}},
    {"parallel_tool_calls": False},
    {"store": False, "metadata": {"a": "b"}, "prompt_cache_retention": "24h", "service_tier": "fast"},
    {"messages": [{"role": "user", "content": ""}]},
    {"messages": [{"role": "user", "content": []}]},
    user_then({"role": "assistant", "tool_calls": [CALL]}),
    user_then({"role": "assistant", "refusal": "no"}),
    user_then({"role": "assistant", "audio": {"id": "a1"}}),
    user_then({"role": "assistant", "function_call": {"name": "f", "arguments": "{}"}}),
    {"stop": None, "max_tokens": None},
    {"top_p": 1},  # its default (measured, August 2026); 0.5 is refused
])
def test_the_family_takes_what_other_models_refuse(client, fields):
    status, body = send(client, fields)
    assert status == 200, body


@pytest.mark.parametrize("fields, param", [
    ({"zzz": 1}, None),  # Unrecognized request argument supplied: zzz
    ({"metadata": {"k": "v"}}, "metadata"),
    ({"parallel_tool_calls": False}, "parallel_tool_calls"),
    ({"messages": [{"role": "user"}]}, "messages[0].content"),
    ({"tools": "x"}, "tools"),
])
def test_other_models_keep_their_schema(client, fields, param):
    assert refusal(client, fields, model="gpt-4o")[0] == param
    assert send(client, fields, model="gpt-4o") != send(client, fields)


def test_a_message_may_carry_any_key_in_the_family(client):
    # Captured on gpt-5.6-terra (September 2026): answered; other models refuse the key.
    fields = {"messages": [{"role": "user", "content": "ping", "bogus": 1}]}
    assert send(client, fields)[0] == 200
    assert refusal(client, fields, model="gpt-4o") == (
        "messages[0].bogus", "unknown_parameter", "Unknown parameter: 'messages[0].bogus'.")


def test_a_stream_of_the_family_carries_obfuscation_by_default(client):
    # Captured on gpt-5.6-terra (August 2026): every chunk ends with it; other models' recordings predate it.
    import json

    def chunks(model, **options):
        body = {"model": model, "messages": [{"role": "user", "content": "ping"}], "stream": True,
                "max_completion_tokens": 4, **({"stream_options": options} if options else {})}
        text = client.post("/v1/chat/completions", json=body).get_data(as_text=True)
        return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: {")]

    sent = chunks("gpt-5.6-terra")
    assert sent and all(list(chunk)[-1] == "obfuscation" for chunk in sent)
    assert not any("obfuscation" in chunk for chunk in chunks("gpt-5.6-terra", include_obfuscation=False))
    assert not any("obfuscation" in chunk for chunk in chunks("gpt-4o"))


def test_tools_add_the_family_s_framing_to_the_prompt(client):
    # Captured on gpt-5.6-terra (September 2026): "ping" counts 7; with one function f of no parameters, 111 in chat
    # (as tools or as functions) and 107 in the Responses API.
    empty = {"type": "object", "properties": {}}
    for fields in ({"tools": [{"type": "function", "function": {"name": "f", "parameters": empty}}]},
                   {"functions": [{"name": "f", "parameters": empty}], "function_call": "auto"}, {}):
        status, body = send(client, {"reasoning_effort": "none", **fields})
        assert status == 200 and body["usage"]["prompt_tokens"] == (111 if fields else 7)
    body = client.post("/v1/responses", json={"model": "gpt-5.6-terra", "input": "ping", "tools": [
        {"type": "function", "name": "f", "parameters": empty}]}).get_json()
    assert body["usage"]["input_tokens"] == 107
    assert refusal(client, {"top_p": 0.5})[0] == "top_p"


def test_an_assistant_message_costs_the_family_two_tokens_more(client):
    # Captured on gpt-5.6-terra (September 2026): "ping", an assistant's refusal "no", "ping" count 19.
    messages = [{"role": "user", "content": "ping"}, {"role": "assistant", "refusal": "no"},
                {"role": "user", "content": "ping"}]
    status, body = send(client, {"messages": messages, "reasoning_effort": "none"})
    assert status == 200 and body["usage"]["prompt_tokens"] == 19
    assert send(client, {"messages": messages}, model="gpt-4o")[1]["usage"]["prompt_tokens"] == 18
