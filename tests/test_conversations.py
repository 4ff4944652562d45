"""The Conversations API, and /v1/responses reading from and adding to a conversation."""
import json
import re

import pytest

from fauxpen import create_app

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
    ([JOKE] * 21, "Invalid 'items': array too long. Expected an array with maximum length 20, but got an array "
                  "with length 21 instead.", "items", "array_above_max_length"),
])
def test_item_refusals(client, items, message, param, code):
    response = new_conversation(client, items=items)
    assert response.status_code == 400
    assert (response.get_json()["error"]["message"], response.get_json()["error"]["param"],
            response.get_json()["error"]["code"]) == (message, param, code)


def test_an_item_already_in_the_conversation(client):
    conversation = new_conversation(client, items=[JOKE]).get_json()
    path = f"/v1/conversations/{conversation['id']}/items"
    kept = client.get(path).get_json()["data"][0]
    again = client.post(path, json={"items": [{**JOKE, "id": kept["id"]}]})
    assert again.get_json()["error"]["code"] == "item_already_in_conversation"


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


def test_an_assistant_message_keeps_its_phase(client):
    # gpt-5.5 and 5.6 say which phase a message is; a conversation keeps it, from its items and from a response.
    conversation = client.post("/v1/conversations", json={"items": [
        {"role": "assistant", "content": "Checking.", "phase": "commentary"}]}).get_json()
    client.post("/v1/responses", json={"model": "gpt-5.6", "input": "hi", "conversation": conversation["id"]})
    items = client.get(f"/v1/conversations/{conversation['id']}/items?order=asc").get_json()["data"]
    assert [item.get("phase") for item in items] == ["commentary", None, "final_answer"]
    assert list(items[0]) == ["id", "type", "status", "content", "phase", "role"]
