"""The Conversations API, and /v1/responses reading from and adding to a conversation."""
import json
import re

import pytest

from fauxpen import create_app
from fauxpen.responses import encrypted_content

JOKE = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "tell me a joke"}]}


@pytest.fixture
def client(tmp_path):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite")}).test_client()


def new_conversation(client, **body):
    return client.post("/v1/conversations", json=body)


def test_create_answers_the_recorded_object_and_layout(client):
    response = new_conversation(client, metadata={"topic": "test"}, items=[JOKE])
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.startswith('{\n  "id": "conv_') and text.endswith("\n  }\n}")
    body = response.get_json()
    assert list(body) == ["id", "object", "created_at", "metadata"] and body["metadata"] == {"topic": "test"}
    assert re.fullmatch(r"conv_[0-9a-f]{8}[0-9a-f]{4}819[0-9a-f]{33}", body["id"])
    assert int(body["id"][5:13], 16) == body["created_at"]
    assert new_conversation(client).get_json()["metadata"] == {}
    assert not [name for name in response.headers.keys() if name.startswith("x-ratelimit")]


def test_items_are_kept_listed_newest_first_and_can_be_added_and_deleted(client):
    conversation = new_conversation(client, items=[JOKE]).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    added = client.post(path, json={"items": [{"role": "user", "content": "second"},
                                              {"type": "message", "role": "assistant", "content": "third"}]})
    body = added.get_json()
    assert list(body) == ["object", "data", "first_id", "has_more", "last_id"]
    assert [item["content"][0]["type"] for item in body["data"]] == ["input_text", "output_text"]
    item = body["data"][0]
    assert list(item) == ["id", "type", "status", "content", "role"] and item["status"] == "completed"
    assert item["id"].startswith("msg_") and item["id"].endswith(conversation["id"][-16:])
    listed = client.get(path).get_json()["data"]
    assert [entry["content"][0]["text"] for entry in listed] == ["third", "second", "tell me a joke"]
    oldest = client.get(f"{path}?order=asc&limit=1").get_json()
    assert oldest["data"][0]["content"][0]["text"] == "tell me a joke" and oldest["has_more"] is True
    assert client.get(f"{path}/{item['id']}").get_json() == item
    left = client.delete(f"{path}/{item['id']}")
    assert left.get_json() == conversation  # the conversation, not a deleted marker (recorded)
    assert client.get(f"{path}/{item['id']}").status_code == 404
    assert client.get(f"{path}?after={item['id']}").get_json()["error"]["param"] == "after"


def test_update_and_delete(client):
    conversation = new_conversation(client, metadata={"a": "1"}).get_json()
    path = f"/v1/conversations/{conversation['id']}"
    assert client.post(path, json={"metadata": {"b": "2"}}).get_json()["metadata"] == {"b": "2"}
    # metadata is required but may be null (the SDK's Required[Optional[...]]): it clears what was there.
    assert client.post(path, json={"metadata": None}).get_json()["metadata"] == {}
    assert client.post(path, json={}).get_json()["error"]["message"] == "Missing required parameter: 'metadata'."
    deleted = client.delete(path).get_json()
    assert deleted == {"id": conversation["id"], "object": "conversation.deleted", "deleted": True}
    assert list(deleted) == ["id", "object", "deleted"]
    for method in (client.get, client.delete):
        gone = method(path)
        assert gone.status_code == 404
        assert gone.get_json()["error"]["message"] == f"Conversation with id '{conversation['id']}' not found."


@pytest.mark.parametrize("items, message, param, code", [
    ([{"id": "item_x", "role": "user", "content": "hi"}],
     "Invalid 'items[0].id': 'item_x'. Expected an ID that begins with 'msg'.", "items[0].id", "invalid_value"),
    ([{"type": "message", "content": "hi"}],
     "Invalid value: ''. Supported values are: 'assistant', 'system', 'developer', and 'user'.", "items[0]",
     "invalid_value"),
    # the outputs' prefixes too (README: Where fauxpen still differs, Conversations)
    ([{"type": "function_call_output", "id": "out_1", "call_id": "call_1", "output": "x"}],
     "Invalid 'items[0].id': 'out_1'. Expected an ID that begins with 'fco'.", "items[0].id", "invalid_value"),
    ([{"type": "custom_tool_call_output", "id": "out_1", "call_id": "call_1", "output": "x"}],
     "Invalid 'items[0].id': 'out_1'. Expected an ID that begins with 'ctco'.", "items[0].id", "invalid_value"),
    ([JOKE] * 21, "Invalid 'items': array too long. Expected an array with maximum length 20, but got an array "
                  "with length 21 instead.", "items", "array_above_max_length"),
])
def test_item_refusals(client, items, message, param, code):
    response = new_conversation(client, items=items)
    assert response.status_code == 400
    assert (response.get_json()["error"]["message"], response.get_json()["error"]["param"],
            response.get_json()["error"]["code"]) == (message, param, code)


def test_a_turn_and_an_items_add_are_refused_as_the_conversation_refuses_them(client):
    conversation = new_conversation(client).get_json()["id"]
    added = client.post(f"/v1/conversations/{conversation}/items", json={"items": "hi"})
    assert (added.status_code, added.get_json()["error"]) == (400, {
        "message": "Invalid type for 'items': expected an array, but got a string instead.",
        "type": "invalid_request_error", "param": "items", "code": "invalid_type"})
    # A turn's input item of an id the conversation would refuse is refused before the answer, named as input.
    turn = client.post("/v1/responses", json={"model": "gpt-4o", "conversation": conversation, "input": [
        {"type": "function_call", "call_id": "call_9", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "id": "out_1", "call_id": "call_9", "output": "x"}]})
    assert (turn.status_code, turn.get_json()["error"]["message"], turn.get_json()["error"]["param"]) == (
        400, "Invalid 'input[1].id': 'out_1'. Expected an ID that begins with 'fco'.", "input[1].id")
    assert client.get(f"/v1/conversations/{conversation}/items").get_json()["data"] == []


def test_an_item_already_in_the_conversation(client):
    conversation = new_conversation(client, items=[JOKE]).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    kept = client.get(path).get_json()["data"][0]
    again = client.post(path, json={"items": [{**JOKE, "id": kept["id"]}]})
    assert again.get_json()["error"]["code"] == "item_already_in_conversation"


def test_a_response_in_a_conversation_shares_its_digits(client):
    # vllm-project/agentic-api's cassettes of gpt-4.1 (September 2026): conv_...0641a6d27105304e made
    # resp_0641a6d27105304e00..., its answer msg_0641a6d27105304e00... and its input msg_0641a6d27105304e00....
    conversation = new_conversation(client).get_json()["id"]
    response = client.post("/v1/responses", json={"model": "gpt-4.1", "conversation": conversation, "store": True,
                                                  "input": [{"role": "user", "content": "Reply with only OK."}]})
    body = response.get_json()
    digits = conversation[-16:] + "00"
    assert body["id"].startswith("resp_" + digits) and body["output"][0]["id"].startswith("msg_" + digits)
    items = client.get(f"/v1/conversations/{conversation}/items?order=asc").get_json()["data"]
    assert [item["id"][4:22] for item in items] == [digits, digits]

def test_a_continuation_shares_the_digits_of_the_response_it_continues(client):
    # agentic-api's cassettes (gpt-4.1) and req_llm's fixtures (gpt-5; a compaction of gpt-5.4's), September 2026:
    # resp_0a078179d9b42482006ab4e12f... continued by resp_0a078179d9b42482006ab4e131..., outside the conversation;
    # resp_09e99b199534ab19006ab678265d... compacted as resp_09e99b199534ab19016ab678284d....
    first = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "Say SAPPHIRE."}).get_json()
    digits = first["id"][5:21]
    later = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "Again.",
                                               "previous_response_id": first["id"]}).get_json()
    assert later["id"].startswith(f"resp_{digits}00") and later["output"][0]["id"].startswith(f"msg_{digits}00")
    listed = client.get(f"/v1/responses/{later['id']}/input_items").get_json()["data"]
    assert all(item["id"][4:20] == digits for item in listed if item["id"].startswith("msg_"))
    compacted = client.post("/v1/responses/compact", json={"model": "gpt-4.1", "previous_response_id": first["id"]})
    assert compacted.get_json()["id"].startswith(f"resp_{digits}01")

def test_an_id_kept_in_another_conversation_brings_its_item(client):
    # vllm-project/agentic-api's cassette of the API (conversations edge cases, September 2026): a message sent
    # with the id of one another conversation keeps is listed as that one (its text, not the sent one); sent twice
    # in one request, it is added twice; sent to the conversation that has it, refused.
    first = new_conversation(client).get_json()["id"]
    added = client.post(f"/v1/conversations/{first}/items", json={"items": [
        {"type": "message", "role": "user", "content": text} for text in ("msg1", "msg2", "msg3")]}).get_json()
    kept = added["data"][2]
    probe = {"type": "message", "role": "user", "content": "Duplicate ID probe: first copy.", "id": kept["id"]}
    other = new_conversation(client).get_json()["id"]
    once = client.post(f"/v1/conversations/{other}/items", json={"items": [probe]})
    assert once.status_code == 200 and once.get_json()["data"] == [kept]
    third = new_conversation(client).get_json()["id"]
    twice = client.post(f"/v1/conversations/{third}/items", json={"items": [
        probe, {**probe, "content": "Duplicate ID probe: second copy."}]})
    assert twice.status_code == 200 and twice.get_json()["data"] == [kept, kept]
    assert client.get(f"/v1/conversations/{third}/items?order=asc").get_json()["data"] == [kept, kept]
    refused = client.post(f"/v1/conversations/{first}/items", json={"items": [probe]}).get_json()["error"]
    assert (refused["message"], refused["param"], refused["code"]) == (
        "Item already in conversation", "items", "item_already_in_conversation")


def test_a_response_reads_and_adds_to_its_conversation(client):
    conversation = new_conversation(client, items=[JOKE]).get_json()
    response = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "another one",
                                                  "conversation": conversation["id"]}).get_json()
    keys = list(response)
    assert keys[keys.index("conversation") + 1] == "error"
    assert response["conversation"] == {"id": conversation["id"]}
    assert response["usage"]["input_tokens"] > client.post("/v1/responses", json={
        "model": "gpt-4.1", "input": "another one"}).get_json()["usage"]["input_tokens"]  # the joke is read too
    assert "conversation" not in client.post("/v1/responses", json={"model": "gpt-4.1", "input": "x"}).get_json()
    items = client.get(f"/v1/conversations/{conversation['id']}/items?order=asc").get_json()["data"]
    assert [(item["role"], item["content"][0]["type"]) for item in items] == [
        ("user", "input_text"), ("user", "input_text"), ("assistant", "output_text")]
    assert items[2]["content"][0]["text"] == response["output"][0]["content"][0]["text"]
    assert items[1]["id"].startswith(f"msg_{conversation['id'][-16:]}00")
    by_object = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "and?",
                                                   "conversation": {"id": conversation["id"]}}).get_json()
    assert by_object["conversation"] == {"id": conversation["id"]}


@pytest.mark.parametrize("extra, status, message", [
    ({"conversation": "conv_nope"}, 404, "Conversation with id 'conv_nope' not found."),
    ({"conversation": "abc"}, 400, "Invalid 'conversation': 'abc'. Expected an ID that begins with 'conv'."),
    ({"conversation": "conv_nope", "previous_response_id": "resp_nope"}, 400,
     "Mutually exclusive parameters: ''. Ensure you are only providing one of: 'pre..._id' or 'conversation'."),
    ({"conversation": {}}, 400, "Missing required parameter: 'conversation.id'."),
])
def test_responses_refusals(client, extra, status, message):
    response = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "x", **extra})
    assert response.status_code == status and response.get_json()["error"]["message"] == message


def test_sdk_conversation_flow(sdk):
    conversation = sdk.conversations.create(items=[JOKE], metadata={"topic": "jokes"})
    reply = sdk.responses.create(model="gpt-4.1", input="another", conversation=conversation.id)
    assert reply.conversation.id == conversation.id
    items = list(sdk.conversations.items.list(conversation.id, order="asc"))
    assert [item.role for item in items] == ["user", "user", "assistant"]
    assert sdk.conversations.delete(conversation.id).deleted is True
    assert json.loads(reply.model_dump_json())["conversation"]["id"] == conversation.id


@pytest.mark.parametrize("item, param", [
    ({"type": [], "role": "user", "content": "x"}, "items[0].type"),
    ({"role": "user", "content": [{"type": "input_text", "text": 5}]}, "items[0].content[0].text"),
    ({"role": "user", "content": 5}, "items[0].content"),
    ({"type": "function_call", "call_id": 5, "name": "f", "arguments": "{}"}, "items[0].call_id"),
    ({"type": "function_call_output", "output": "x"}, "items[0].call_id"),
])
def test_items_are_checked_as_responses_input_is(client, item, param):
    response = new_conversation(client, items=[item])
    assert response.status_code == 400 and response.get_json()["error"]["param"] == param


def test_a_safety_identifier_is_taken_when_made_not_kept(client):
    # The SDK's ConversationCreateParams (openai 3.63) sends it; the Conversation it answers has no such key.
    made = new_conversation(client, safety_identifier="user-1234", items=[JOKE])
    assert made.status_code == 200 and list(made.get_json()) == ["id", "object", "created_at", "metadata"]
    assert new_conversation(client, safety_identifier=None).status_code == 200
    assert new_conversation(client, safety_identifier=5).get_json()["error"] == {
        "message": "Invalid type for 'safety_identifier': expected a string, but got an integer instead.",
        "type": "invalid_request_error", "param": "safety_identifier", "code": "invalid_type"}
    path = f"/v1/conversations/{made.get_json()['id']}"  # an update takes metadata alone, as before
    assert client.post(path, json={"safety_identifier": "u"}).get_json()["error"]["param"] == "safety_identifier"


def test_unknown_parameters_on_update_and_add(client):
    conversation = new_conversation(client).get_json()
    path = f"/v1/conversations/{conversation['id']}"
    assert client.post(path, json={"metadata": {}, "items": [JOKE]}).get_json()["error"]["param"] == "items"
    assert client.post(f"{path}/items", json={"items": [JOKE], "foo": 1}).get_json()["error"]["param"] == "foo"


def test_concurrent_additions_are_all_kept(client):
    import threading
    conversation = new_conversation(client).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    app = client.application

    def add():
        own = app.test_client()
        for _ in range(10):
            assert own.post(path, json={"items": [JOKE]}).status_code == 200

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(client.get(f"{path}?limit=100").get_json()["data"]) == 40


def test_a_responses_output_sent_back_is_not_kept_twice(client):
    conversation = new_conversation(client).get_json()
    first = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "hi",
                                               "conversation": conversation["id"]}).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    output_id = first["output"][0]["id"]
    assert client.get(f"{path}/{output_id}").status_code == 200  # the response's own id
    client.post("/v1/responses", json={"model": "gpt-4.1", "conversation": conversation["id"],
                                       "input": [first["output"][0], {"role": "user", "content": "and?"}]})
    ids = [item["id"] for item in client.get(f"{path}?limit=100").get_json()["data"]]
    assert ids.count(output_id) == 1 and len(ids) == 4
    bad = client.post("/v1/responses", json={"model": "gpt-4.1", "conversation": conversation["id"],
                                             "input": [{"id": "bogus", "role": "user", "content": "x"}]})
    assert bad.status_code == 400 and bad.get_json()["error"]["param"] == "input[0].id"


def test_a_call_sent_back_by_its_id_is_listed_as_sent(client):
    """A function call a stored response made alone, sent back with its id, is read as the model wrote it (its
    tokens), but listed with the SDK's keys alone, in the response's input items and in a conversation."""
    tool = {"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}}
    call = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "hi", "tools": [tool],
                                              "tool_choice": "required"}).get_json()["output"][-1]
    conversation = new_conversation(client).get_json()
    answer = client.post("/v1/responses", json={
        "model": "gpt-4.1", "tools": [tool], "conversation": conversation["id"],
        "input": [call, {"type": "function_call_output", "call_id": call["call_id"], "output": "ok"}]}).get_json()
    expected = ["id", "type", "status", "arguments", "call_id", "name"]
    listed = client.get(f"/v1/responses/{answer['id']}/input_items").get_json()["data"]
    assert [list(item) for item in listed if item["type"] == "function_call"] == [expected]
    path = f"/v1/conversations/{conversation['id']}/items"
    kept = [item for item in client.get(path).get_json()["data"] if item["type"] == "function_call"]
    assert [list(item) for item in kept] == [expected]
    assert list(client.get(f"{path}/{call['id']}").get_json()) == expected


def test_an_assistant_message_keeps_its_phase(client):
    # gpt-5.5 and 5.6 say which phase a message is; a conversation keeps it, from its items and from a response.
    conversation = client.post("/v1/conversations", json={"items": [
        {"role": "assistant", "content": "Checking.", "phase": "commentary"}]}).get_json()
    client.post("/v1/responses", json={"model": "gpt-5.6", "input": "hi", "conversation": conversation["id"]})
    items = client.get(f"/v1/conversations/{conversation['id']}/items?order=asc").get_json()["data"]
    # (gpt-5.6 spends no reasoning on so short a prompt: no reasoning item between the two.)
    assert [item.get("phase") for item in items] == ["commentary", None, "final_answer"]
    assert list(items[0]) == ["id", "type", "status", "content", "phase", "role"]


# One item of each type a conversation keeps, as a client sends it (the SDK's input item types, openai 3.57). Ids
# are sent where the SDK requires them (and kept); the others get the conversation's.
EVERY_ITEM = [
    {"type": "message", "role": "developer", "content": "Be brief."},
    {"type": "message", "role": "assistant", "status": "incomplete",
     "content": [{"type": "output_text", "text": "Half", "annotations": []}]},
    {"type": "function_call", "call_id": "call_f", "name": "lookup", "arguments": "{}"},
    {"type": "function_call_output", "call_id": "call_f", "output": "42"},
    {"type": "custom_tool_call", "call_id": "call_c", "name": "sql", "input": "SELECT 1"},
    {"type": "custom_tool_call_output", "call_id": "call_c", "output": [{"type": "input_text", "text": "1"}]},
    {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Thinking."}],
     "encrypted_content": encrypted_content(0)},  # a conversation refuses one with neither this nor an id
    {"type": "file_search_call", "id": "fs_1", "queries": ["manual"], "status": "completed"},
    {"type": "web_search_call", "id": "ws_1", "action": {"type": "search", "query": "news"}, "status": "completed"},
    {"type": "computer_call", "id": "cu_1", "call_id": "call_u", "status": "completed", "pending_safety_checks": [],
     "action": {"type": "click", "button": "left", "x": 1, "y": 2}},
    {"type": "computer_call_output", "call_id": "call_u",
     "output": {"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBORw0KGgo="}},
    {"type": "tool_search_call", "arguments": {"query": "weather"}, "execution": "client"},
    {"type": "tool_search_output", "tools": []},
    {"type": "additional_tools", "role": "developer", "tools": [{"type": "function", "name": "later", "strict": False,
                                                                  "parameters": {"type": "object", "properties": {}}}]},
    {"type": "configuration_update"},
    {"type": "compaction", "encrypted_content": "gAAAAABsummary"},
    {"type": "image_generation_call", "id": "ig_1", "result": None, "status": "generating"},
    {"type": "code_interpreter_call", "id": "ci_1", "code": "print(1)", "container_id": "cntr_1", "status": "completed",
     "outputs": [{"type": "logs", "logs": "1"}]},
    {"type": "local_shell_call", "id": "lsh_1", "call_id": "call_l", "status": "completed",
     "action": {"type": "exec", "command": ["ls"], "env": {}}},
    {"type": "local_shell_call_output", "id": "lsh_out_1", "output": "a.txt"},
    {"type": "shell_call", "call_id": "call_s", "action": {"commands": ["ls"]}},
    {"type": "shell_call_output", "call_id": "call_s", "max_output_length": 100,
     "output": [{"stdout": "a.txt", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]},
    {"type": "apply_patch_call", "call_id": "call_p", "status": "completed",
     "operation": {"type": "delete_file", "path": "a.txt"}},
    {"type": "apply_patch_call_output", "call_id": "call_p", "status": "failed", "output": "No such file"},
    {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "docs",
     "tools": [{"name": "search", "input_schema": {"type": "object"}}]},
    {"type": "mcp_approval_request", "id": "mcpr_1", "arguments": "{}", "name": "search", "server_label": "docs"},
    {"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": True, "reason": None},
    {"type": "mcp_call", "id": "mcp_1", "arguments": "{}", "name": "search", "server_label": "docs",
     "output": "3 hits"},
    {"type": "program", "id": "prog_1", "call_id": "call_g", "code": "1 + 1", "fingerprint": "fp"},
    {"type": "program_output", "id": "prog_out_1", "call_id": "call_g", "result": "2", "status": "completed"},
]
# The prefixes of the ids the conversation gives items sent without one.
MADE_PREFIXES = {"message": "msg_", "function_call": "fc_", "function_call_output": "fco_",
                 "custom_tool_call": "ctc_", "custom_tool_call_output": "ctco_", "reasoning": "rs_",
                 "computer_call_output": "cuo_", "tool_search_call": "tsc_", "tool_search_output": "tso_",
                 "additional_tools": "at_", "configuration_update": "cfg_", "compaction": "cmp_", "shell_call": "sh_",
                 "shell_call_output": "sho_", "apply_patch_call": "apc_", "apply_patch_call_output": "apco_",
                 "mcp_approval_response": "mcpa_"}


def conversation_item(raw):
    """Validate an item as the SDK's ConversationItem union (strictly: every field it requires)."""
    from openai.types.conversations import ConversationItem
    from pydantic import TypeAdapter
    return TypeAdapter(ConversationItem).validate_python(raw)


def test_every_item_type_the_sdk_allows_is_kept_and_listed_in_its_shape(client):
    conversation = new_conversation(client, items=EVERY_ITEM[:20]).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    added = client.post(path, json={"items": EVERY_ITEM[20:]})
    assert added.status_code == 200, added.get_json()
    listed = client.get(f"{path}?order=asc&limit=100").get_json()["data"]
    assert [item["type"] for item in listed] == [item["type"] for item in EVERY_ITEM]
    assert added.get_json()["data"] == listed[20:]
    for sent, kept in zip(EVERY_ITEM, listed):
        typed = conversation_item(kept)
        assert typed.type == sent["type"]
        assert list(kept)[:2] == ["id", "type"]
        if "id" in sent:
            assert kept["id"] == sent["id"]  # a client's id keeps its value
        else:
            assert kept["id"].startswith(MADE_PREFIXES[sent["type"]]) and kept["id"].endswith(conversation["id"][-16:])
        if sent["type"] != "message":  # nothing sent is lost or changed
            assert {key: kept[key] for key in sent if key != "id"} == {k: v for k, v in sent.items() if k != "id"}
        assert client.get(f"{path}/{kept['id']}").get_json() == kept
    by_type = {item["type"]: item for item in listed}
    assert by_type["shell_call"]["status"] == "completed"  # the SDK requires one: completed unless sent
    assert by_type["image_generation_call"]["status"] == "generating"
    assert "status" not in by_type["mcp_call"] and "status" not in by_type["reasoning"]  # optional: as sent
    assert by_type["tool_search_output"]["execution"] == "server" and by_type["tool_search_call"]["execution"] == \
        "client"
    assert listed[1]["status"] == "incomplete" and listed[1]["content"][0]["logprobs"] == []
    assert list(by_type["shell_call"]) == ["id", "type", "status", "action", "call_id"]
    assert client.delete(f"{path}/mcp_1").status_code == 200
    assert client.get(f"{path}/mcp_1").status_code == 404


def test_a_response_reads_a_conversation_of_every_item_type(client):
    conversation = new_conversation(client, items=EVERY_ITEM[:20]).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    client.post(path, json={"items": EVERY_ITEM[20:]})
    # (tool_choice none: the function the additional_tools item gave the model is not called)
    reply = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "Go on", "tool_choice": "none",
                                               "conversation": conversation["id"]})
    assert reply.status_code == 200, reply.get_json()
    listed = client.get(f"{path}?order=asc&limit=100").get_json()["data"]
    assert [item["type"] for item in listed[-2:]] == ["message", "message"] and len(listed) == len(EVERY_ITEM) + 2
    # Input items of the other tools are kept too, with the turn's ids where they come without one.
    shell = [{"type": "shell_call", "call_id": "call_2", "action": {"commands": ["pwd"]}, "status": "completed"},
             {"type": "shell_call_output", "call_id": "call_2",
              "output": [{"stdout": "/", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]},
             {"type": "mcp_call", "id": "mcp_2", "arguments": "{}", "name": "search", "server_label": "docs"},
             {"type": "compaction_trigger"}]
    again = client.post("/v1/responses", json={"model": "gpt-4.1", "input": shell, "tool_choice": "none",
                                                "conversation": conversation["id"]})
    assert again.status_code == 200, again.get_json()
    listed = client.get(f"{path}?order=asc&limit=100").get_json()["data"]
    # (the trigger, last, has the answer compact the context: one compaction item, not kept itself)
    assert [item["type"] for item in listed[-4:]] == ["shell_call", "shell_call_output", "mcp_call", "compaction"]
    assert listed[-4]["id"].startswith(f"sh_{conversation['id'][-16:]}00") and listed[-2]["id"] == "mcp_2"
    for item in listed:
        conversation_item(item)


def test_an_item_reference_is_kept_as_the_item_it_names(client):
    stored = client.post("/v1/responses", json={"model": "gpt-4.1", "input": "hi"}).get_json()["output"][0]
    conversation = new_conversation(client, items=[{"type": "item_reference", "id": stored["id"]}]).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    kept = client.get(path).get_json()["data"]
    assert len(kept) == 1 and kept[0]["id"] == stored["id"] and kept[0]["content"][0]["text"] == \
        stored["content"][0]["text"]
    conversation_item(kept[0])
    again = client.post(path, json={"items": [{"id": stored["id"]}]})  # the SDK's reference leaves out its type
    assert again.get_json()["error"]["code"] == "item_already_in_conversation"
    missing = client.post(path, json={"items": [{"type": "item_reference", "id": "msg_nope"}]})
    assert missing.status_code == 404
    assert (missing.get_json()["error"]["message"], missing.get_json()["error"]["param"]) == (
        "Item with id 'msg_nope' not found.", "items")
    assert len(client.get(path).get_json()["data"]) == 1


@pytest.mark.parametrize("item, message, param", [
    ({"type": "function_call", "call_id": "c", "name": "f"}, "Missing required parameter: 'items[0].arguments'.",
     "items[0].arguments"),
    ({"type": "custom_tool_call_output", "output": "x"}, "Missing required parameter: 'items[0].call_id'.",
     "items[0].call_id"),
    ({"type": "reasoning"}, "Missing required parameter: 'items[0].summary'.", "items[0].summary"),
    ({"type": "file_search_call", "id": "fs_1", "status": "completed"},
     "Missing required parameter: 'items[0].queries'.", "items[0].queries"),
    ({"type": "web_search_call", "id": "ws_1", "status": "completed"},
     "Missing required parameter: 'items[0].action'.", "items[0].action"),
    ({"type": "computer_call", "id": "cu_1", "call_id": "c", "status": "completed"},
     "Missing required parameter: 'items[0].pending_safety_checks'.", "items[0].pending_safety_checks"),
    ({"type": "computer_call_output", "call_id": "c", "output": "shot"},
     "Invalid type for 'items[0].output': expected an object, but got a string instead.", "items[0].output"),
    ({"type": "tool_search_call"}, "Missing required parameter: 'items[0].arguments'.", "items[0].arguments"),
    ({"type": "additional_tools", "role": "user", "tools": []},
     "Invalid value: 'user'. Supported values are: 'developer'.", "items[0].role"),
    ({"type": "compaction"}, "Missing required parameter: 'items[0].encrypted_content'.", "items[0].encrypted_content"),
    ({"type": "image_generation_call", "id": "ig_1", "result": None},
     "Missing required parameter: 'items[0].status'.", "items[0].status"),
    ({"type": "code_interpreter_call", "id": "ci_1", "code": None, "outputs": None, "status": "completed"},
     "Missing required parameter: 'items[0].container_id'.", "items[0].container_id"),
    ({"type": "local_shell_call", "id": "lsh_1", "call_id": "c", "status": "completed"},
     "Missing required parameter: 'items[0].action'.", "items[0].action"),
    ({"type": "local_shell_call_output", "output": "x"}, "Missing required parameter: 'items[0].id'.", "items[0].id"),
    ({"type": "shell_call_output", "call_id": "c", "output": "x"},
     "Invalid type for 'items[0].output': expected an array, but got a string instead.", "items[0].output"),
    ({"type": "apply_patch_call", "call_id": "c", "operation": {"type": "delete_file", "path": "a"},
      "status": "failed"}, "Invalid value: 'failed'. Supported values are: 'in_progress' and 'completed'.",
     "items[0].status"),
    ({"type": "apply_patch_call_output", "call_id": "c"}, "Missing required parameter: 'items[0].status'.",
     "items[0].status"),
    ({"type": "mcp_list_tools", "id": "mcpl_1", "tools": []}, "Missing required parameter: 'items[0].server_label'.",
     "items[0].server_label"),
    ({"type": "mcp_approval_request", "id": "mcpr_1", "arguments": "{}", "server_label": "s"},
     "Missing required parameter: 'items[0].name'.", "items[0].name"),
    ({"type": "mcp_approval_response", "approve": True},
     "Missing required parameter: 'items[0].approval_request_id'.", "items[0].approval_request_id"),
    ({"type": "mcp_call", "id": "mcp_1", "arguments": "{}", "name": "n", "server_label": "s", "status": "done"},
     "Invalid value: 'done'. Supported values are: 'in_progress', 'completed', 'incomplete', 'calling', and "
     "'failed'.", "items[0].status"),
    ({"type": "program", "id": "prog_1", "call_id": "c", "code": "1"},
     "Missing required parameter: 'items[0].fingerprint'.", "items[0].fingerprint"),
    ({"type": "item_reference"}, "Missing required parameter: 'items[0].id'.", "items[0].id"),
    ({"type": "mcp_call", "id": "", "arguments": "{}", "name": "n", "server_label": "s"},
     "Invalid 'items[0].id': ''. Expected an ID that contains letters, numbers, underscores, or dashes, but this "
     "value contained additional characters.", "items[0].id"),  # an id names an item: an empty one is refused
    ({"type": "message", "role": "user", "content": "x", "status": "done"},
     "Invalid value: 'done'. Supported values are: 'in_progress', 'completed', and 'incomplete'.", "items[0].status"),
])
def test_a_malformed_item_of_each_family_is_refused_as_responses_refuses_it(client, item, message, param):
    for response in (new_conversation(client, items=[item]),
                     client.post(f"/v1/conversations/{new_conversation(client).get_json()['id']}/items",
                                 json={"items": [item]})):
        error = response.get_json()["error"]
        assert (response.status_code, error["message"], error["param"]) == (400, message, param)
    said = client.post("/v1/responses", json={"model": "gpt-4.1", "input": [item]}).get_json()["error"]
    assert said["message"] == message.replace("items[0]", "input[0]")


def test_the_refusal_of_another_type_lists_the_types_kept(client):
    from fauxpen.schemas.fields import supported_values
    from fauxpen.views.conversations import ITEM_TYPES
    for kind in ("bogus", "compaction_trigger"):  # a trigger is an instruction to a response, not an item
        error = new_conversation(client, items=[{"type": kind}]).get_json()["error"]
        assert error["message"] == f"Invalid value: '{kind}'. Supported values are: {supported_values(ITEM_TYPES)}."
        assert error["param"] == "items[0].type"
    assert error["message"].startswith("Invalid value: 'compaction_trigger'. Supported values are: 'message', "
                                       "'file_search_call', ") and error["message"].endswith(
        "'item_reference', 'program', and 'program_output'.")
    assert len(ITEM_TYPES) == 30 and "compaction_trigger" not in error["message"][40:]


def test_sdk_items_of_every_type(sdk):
    from openai.types.conversations.conversation_item import LocalShellCall, McpCall
    from openai.types.responses import ResponseApplyPatchToolCall, ResponseFunctionShellToolCall
    conversation = sdk.conversations.create(items=EVERY_ITEM[:10])
    added = sdk.conversations.items.create(conversation.id, items=EVERY_ITEM[10:])
    assert [item.type for item in added.data] == [item["type"] for item in EVERY_ITEM[10:]]
    listed = list(sdk.conversations.items.list(conversation.id, order="asc", limit=100))
    assert [item.type for item in listed] == [item["type"] for item in EVERY_ITEM]
    by_type = {item.type: item for item in listed}
    assert isinstance(by_type["mcp_call"], McpCall) and by_type["mcp_call"].output == "3 hits"
    assert isinstance(by_type["local_shell_call"], LocalShellCall) and by_type["local_shell_call"].id == "lsh_1"
    assert isinstance(by_type["shell_call"], ResponseFunctionShellToolCall)
    assert by_type["shell_call"].action.commands == ["ls"]
    patch = sdk.conversations.items.retrieve(by_type["apply_patch_call"].id, conversation_id=conversation.id)
    assert isinstance(patch, ResponseApplyPatchToolCall) and patch.operation.path == "a.txt"
    for item in listed:
        conversation_item(item.model_dump(mode="json", exclude_unset=True))
    reply = sdk.responses.create(model="gpt-4.1", input="Go on", conversation=conversation.id, tool_choice="none")
    assert reply.conversation.id == conversation.id and reply.output_text


def test_a_turn_keeps_its_reasoning(client):
    # Reasoning items and what a built-in tool did are conversation items too (the SDK's ConversationItem): a
    # turn keeps them as its response has them, and the next turn reads them without being refused.
    conversation = new_conversation(client).get_json()
    first = client.post("/v1/responses", json={"model": "o4-mini", "input": "hi",
                                               "conversation": conversation["id"]}).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    listed = client.get(f"{path}?order=asc").get_json()["data"]
    assert [item["type"] for item in listed] == ["message", "reasoning", "message"]
    assert listed[1] == first["output"][0]
    conversation_item(listed[1])
    later = client.post("/v1/responses", json={"model": "o4-mini", "input": "and?",
                                               "conversation": conversation["id"]})
    assert later.status_code == 200, later.get_json()


@pytest.mark.parametrize("reasoning", [
    {"summary": [], "type": "reasoning"},  # recorded (openai-agents-python#1709, May 2026)
    {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Thinking."}], "encrypted_content": None},
])
def test_a_reasoning_item_with_neither_an_id_nor_encrypted_content_is_refused(client, reasoning):
    answer = {"type": "message", "role": "assistant", "status": "completed", "phase": "final_answer",
              "content": [{"type": "output_text", "text": "Hi!", "annotations": [], "logprobs": []}]}
    conversation = new_conversation(client).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    for response in (client.post(path, json={"items": [reasoning, answer]}),
                     new_conversation(client, items=[JOKE, reasoning])):
        assert response.status_code == 400
        assert json.loads(response.get_data()) == {"error": {"message": "Invalid item", "type": "invalid_request_error",
                                                             "param": "item", "code": "invalid_item"}}
    assert client.get(path).get_json()["data"] == []  # nothing of the refused request is kept
    kept = client.post(path, json={"items": [{**reasoning, "encrypted_content": encrypted_content(0)}, answer]})
    assert kept.status_code == 200 and [item["type"] for item in kept.get_json()["data"]] == ["reasoning", "message"]
    # A turn of /v1/responses keeps such an item sent as its input (no recording says otherwise).
    turn = client.post("/v1/responses", json={"model": "gpt-4.1", "conversation": conversation["id"],
                                              "input": [JOKE, reasoning, answer, JOKE]})
    assert turn.status_code == 200, turn.get_json()
    assert [item["type"] for item in client.get(f"{path}?order=asc&limit=100").get_json()["data"]][2:5] == [
        "message", "reasoning", "message"]


def test_an_include_sent_as_a_bare_query_key_is_refused_as_a_string(client):
    # Recorded on the list in July 2026 (openai-dotnet#1254): one value, or several joined by commas, read as a
    # string; the list names 7 values, the Responses API's less web_search_call.results.
    conversation = new_conversation(client, items=[JOKE]).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    item_id = client.get(path).get_json()["data"][0]["id"]
    message = ("Invalid type for 'include': expected an array of one of 'fil...lts', 'web...ces', 'mes...url', "
               "'com...url', 'cod...uts', 'rea...ent', or 'mes...obs', but got a string instead.")
    for response in (client.get(f"{path}?include=reasoning.encrypted_content"),
                     client.get(f"{path}?include=reasoning.encrypted_content,message.output_text.logprobs"),
                     client.post(f"{path}?include=message.input_image.image_url", json={"items": [JOKE]}),
                     client.get(f"{path}/{item_id}?include=x")):
        assert response.status_code == 400
        assert response.get_json() == {"error": {"message": message, "type": "invalid_request_error",
                                                 "param": "include", "code": "invalid_type"}}
    assert len(client.get(path).get_json()["data"]) == 1  # the refused create added nothing
    # The SDK's form (include[]=...) is taken.
    assert client.get(f"{path}?include[]=reasoning.encrypted_content").status_code == 200
    assert client.post(f"{path}?include[]=reasoning.encrypted_content", json={"items": [JOKE]}).status_code == 200
    assert client.get(f"{path}/{item_id}?include[]=message.output_text.logprobs").status_code == 200


def test_sdk_include_is_taken(sdk):
    conversation = sdk.conversations.create(items=[JOKE])
    listed = sdk.conversations.items.list(conversation.id, include=["reasoning.encrypted_content"])
    assert [item.type for item in listed.data] == ["message"]


@pytest.mark.parametrize(("method", "path"), [("get", ""), ("delete", ""), ("get", "/items/item_67d4472a5bb8"),
                                               ("delete", "/items/item_67d4472a5bb8")])
def test_a_refused_key_is_written_as_the_responses_api_writes_it(tmp_path, method, path):
    # ruby-openai's cassettes, August 2025 (a retrieve, a delete, an item's get and delete, with an 11-character key):
    # 240 bytes, indented by two without a newline, plain application/json, the challenge, a bare UUID request id.
    keyed = create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite"),
                        "FAUXPEN_API_KEYS": ("sk-good",)}).test_client()
    response = getattr(keyed, method)(f"/v1/conversations/conv_67d4472a0be881909acc6775dded8b11{path}",
                                      headers={"Authorization": "Bearer dummy-token"})
    assert (response.status_code, len(response.get_data())) == (401, 240)
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="OpenAI API"'
    uuid_form = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"
    assert re.fullmatch(uuid_form, response.headers["x-request-id"])
    assert response.get_json()["error"] == {
        "message": "Incorrect API key provided: dummy-token. You can find your API key at "
                   "https://platform.openai.com/account/api-keys.",
        "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}
    assert not [name for name in response.headers.keys() if name.startswith("x-ratelimit")]
