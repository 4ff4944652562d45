"""Stored chat completions: store: true, then list, retrieve, update, delete and the request's messages."""
import json

import pytest

from .conftest import STD_MESSAGES, start_gunicorn

REPLY = "Hello! How can I assist you today?"


def create(client, **fields):
    body = {"model": "gpt-4o", "messages": STD_MESSAGES, "store": True, **fields}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.get_json()
    return response


def test_a_stored_completion_is_retrieved_as_the_api_keeps_it(client):
    created = create(client, temperature=0.5, metadata={"run": "a"}, user="u1")
    answer = created.get_json()
    stored = client.get(f"/v1/chat/completions/{answer['id']}").get_json()
    assert list(stored) == ["object", "id", "model", "created", "request_id", "tool_choice", "usage", "seed",
                            "top_p", "temperature", "presence_penalty", "frequency_penalty", "system_fingerprint",
                            "input_user", "service_tier", "tools", "metadata", "choices", "response_format"]
    assert stored["id"] == answer["id"] and stored["model"] == "gpt-4o-2024-08-06"
    assert stored["request_id"] == created.headers["x-request-id"]
    assert stored["usage"] == {"total_tokens": 27, "completion_tokens": 9, "prompt_tokens": 18}
    assert (stored["temperature"], stored["top_p"], stored["presence_penalty"]) == (0.5, 1.0, 0.0)
    assert isinstance(stored["seed"], int)
    assert stored["input_user"] == "u1" and stored["metadata"] == {"run": "a"}
    assert stored["choices"] == [{"index": 0, "message": {"content": REPLY, "role": "assistant", "tool_calls": None,
                                                          "function_call": None},
                                  "finish_reason": "stop", "logprobs": None}]


def test_a_store_file_removed_under_the_server_is_made_again(app, client):
    """A /tmp cleaner may remove the store of a server left running: later requests are answered, from an empty
    store, not refused 500 for its missing tables."""
    from fauxpen import store

    first = create(client).get_json()["id"]
    store.remove(app.config["FAUXPEN_STORE_PATH"])
    assert client.get(f"/v1/chat/completions/{first}").status_code == 404
    again = create(client).get_json()["id"]
    assert client.get(f"/v1/chat/completions/{again}").get_json()["id"] == again
    assert client.get("/v1/models").status_code == 200


@pytest.mark.parametrize("path", ["", "/{id}"])
def test_a_completion_stored_with_tools_nested_hundreds_deep_is_listed_and_retrieved(client, path):
    # JSON reads 300 nested objects; the writer of stored completions recursed out at half that depth, and every
    # later list of them was a 400 (the unparseable-body message, to a GET).
    schema = {"type": "string"}
    for _ in range(300):
        schema = {"type": "object", "properties": {"a": schema}}
    tools = [{"type": "function", "function": {"name": "f", "parameters": schema}}]
    answer = create(client, tools=tools).get_json()
    response = client.get("/v1/chat/completions" + path.format(id=answer["id"]))
    assert response.status_code == 200
    stored = response.get_json()
    assert (stored["data"][0] if path == "" else stored)["tools"] == tools


def test_only_stored_completions_are_kept(client):
    answer = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": STD_MESSAGES}).get_json()
    response = client.get(f"/v1/chat/completions/{answer['id']}")
    assert response.status_code == 404
    assert response.get_json()["error"] == {"message": f"Completion {answer['id']} not found",
                                            "type": "invalid_request_error", "param": "completion_id",
                                            "code": "not_found"}
    # Recorded (openai-dotnet, 2026): 173 bytes for comp_nonexistent_12345's messages, indented by two, no newline.
    recorded = client.get("/v1/chat/completions/comp_nonexistent_12345/messages")
    assert recorded.status_code == 404 and recorded.mimetype == "application/json"
    assert len(recorded.data) == 173 and recorded.data == json.dumps(recorded.get_json(), indent=2).encode()
    assert client.get("/v1/chat/completions").get_json() == {"object": "list", "data": [], "first_id": None,
                                                             "last_id": None, "has_more": False}


def test_a_streamed_completion_is_stored_too(client):
    create(client, stream=True)
    assert len(client.get("/v1/chat/completions").get_json()["data"]) == 1


def test_the_list_pages_by_after_limit_and_order_and_filters(client):
    ids = [create(client, model=model, metadata={"n": str(i)}).get_json()["id"]
           for i, model in enumerate(["gpt-4o", "gpt-4o-mini", "gpt-4o"])]
    first = client.get("/v1/chat/completions?limit=2").get_json()
    assert [c["id"] for c in first["data"]] == ids[:2] and first["has_more"] is True
    assert (first["first_id"], first["last_id"]) == (ids[0], ids[1])
    rest = client.get(f"/v1/chat/completions?limit=2&after={ids[1]}").get_json()
    assert [c["id"] for c in rest["data"]] == ids[2:] and rest["has_more"] is False
    newest = client.get("/v1/chat/completions?order=desc").get_json()
    assert [c["id"] for c in newest["data"]] == ids[::-1]
    mini = client.get("/v1/chat/completions?model=gpt-4o-mini-2024-07-18").get_json()
    assert [c["id"] for c in mini["data"]] == ids[1:2]
    tagged = client.get("/v1/chat/completions?metadata%5Bn%5D=2").get_json()
    assert [c["id"] for c in tagged["data"]] == ids[2:]


@pytest.mark.parametrize(("query", "message", "param", "code"), [
    ("limit=0", "Invalid 'limit': integer below minimum value. Expected a value >= 1, but got 0 instead.", "limit",
     "integer_below_min_value"),
    ("limit=101", "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead.",
     "limit", "integer_above_max_value"),
    ("limit=x", "Invalid type for 'limit': expected an integer, but got a string instead.", "limit", "invalid_type"),
    ("order=up", "Invalid value: 'up'. Supported values are: 'asc' and 'desc'.", "order", "invalid_value"),
])
def test_a_bad_page_is_refused(client, query, message, param, code):
    response = client.get(f"/v1/chat/completions?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": message, "type": "invalid_request_error", "param": param,
                                            "code": code}


def test_metadata_is_replaced_and_cleared(client):
    completion_id = create(client, metadata={"a": "1"}).get_json()["id"]
    updated = client.post(f"/v1/chat/completions/{completion_id}", json={"metadata": {"b": "2"}}).get_json()
    assert updated["metadata"] == {"b": "2"}
    assert client.get(f"/v1/chat/completions/{completion_id}").get_json()["metadata"] == {"b": "2"}
    cleared = client.post(f"/v1/chat/completions/{completion_id}", json={"metadata": None}).get_json()
    assert cleared["metadata"] == {}
    missing = client.post(f"/v1/chat/completions/{completion_id}", json={}).get_json()["error"]
    assert missing["message"] == "Missing required parameter: 'metadata'."
    too_many = client.post(f"/v1/chat/completions/{completion_id}",
                           json={"metadata": {str(i): "v" for i in range(17)}}).get_json()["error"]
    assert too_many["code"] == "object_above_max_properties"
    unknown = client.post(f"/v1/chat/completions/{completion_id}",
                          json={"metadata": {}, "store": True, "model": "x"}).get_json()["error"]
    assert (unknown["message"], unknown["param"]) == ("Unrecognized request arguments supplied: model, store", None)


def test_a_deleted_completion_is_gone(client):
    completion_id = create(client).get_json()["id"]
    deleted = client.delete(f"/v1/chat/completions/{completion_id}")
    assert deleted.get_json() == {"object": "chat.completion.deleted", "id": completion_id, "deleted": True}
    assert client.get(f"/v1/chat/completions/{completion_id}").status_code == 404
    assert client.delete(f"/v1/chat/completions/{completion_id}").status_code == 404


def test_the_messages_of_the_request_are_listed_with_ids(client):
    parts = [{"type": "text", "text": "Hi"}, {"type": "text", "text": "there"}]
    messages = STD_MESSAGES + [{"role": "assistant", "content": "Yes?"}, {"role": "user", "content": parts,
                                                                         "name": "ann"}]
    completion_id = create(client, messages=messages).get_json()["id"]
    listed = client.get(f"/v1/chat/completions/{completion_id}/messages").get_json()
    assert listed["object"] == "list" and listed["has_more"] is False
    assert listed["data"][0] == {"id": f"{completion_id}-0", "role": "system",
                                 "content": "You are a helpful assistant.", "name": None, "content_parts": None}
    # content_parts before name (openai-dotnet session records, October 2025, in every message listed)
    assert all(list(message) == ["id", "role", "content", "content_parts", "name"] for message in listed["data"])
    assert listed["data"][3] == {"id": f"{completion_id}-3", "role": "user", "content": "Hi\nthere", "name": "ann",
                                 "content_parts": parts}
    page = client.get(f"/v1/chat/completions/{completion_id}/messages?limit=1&order=desc").get_json()
    assert [m["id"] for m in page["data"]] == [f"{completion_id}-3"] and page["has_more"] is True


@pytest.fixture(scope="module")
def two_workers():
    proc, base = start_gunicorn(workers=2, threads=2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_the_sdk_finds_what_any_worker_stored(two_workers):
    openai = pytest.importorskip("openai")
    sdk = openai.OpenAI(base_url=two_workers + "/v1", api_key="sk-test", max_retries=0)
    made = [sdk.chat.completions.create(model="gpt-4o", messages=STD_MESSAGES, store=True,
                                        metadata={"batch": "sdk"}) for _ in range(6)]
    for completion in made:  # many requests: both workers answer some
        assert sdk.chat.completions.retrieve(completion.id).choices[0].message.content == REPLY
    listed = [c.id for c in sdk.chat.completions.list(metadata={"batch": "sdk"}, limit=4)]  # pages through all
    assert listed == [c.id for c in made]
    messages = sdk.chat.completions.messages.list(made[0].id)
    assert [m.content for m in messages] == ["You are a helpful assistant.", "Hello"]
    assert sdk.chat.completions.update(made[0].id, metadata={"k": "v"}).metadata == {"k": "v"}
    assert sdk.chat.completions.delete(made[0].id).deleted is True
    with pytest.raises(openai.NotFoundError):
        sdk.chat.completions.retrieve(made[0].id)


def test_python_app_py_removes_its_store_when_stopped(tmp_path):
    """`python app.py` keeps stored completions in a file of its own, removed when it is stopped (SIGTERM too)."""
    import urllib.request

    from .conftest import start_app_py, stop_app_py

    proc, base = start_app_py({"TMPDIR": str(tmp_path), "FAUXPEN_STORE_PATH": None})
    try:
        body = json.dumps({"model": "gpt-4o", "messages": STD_MESSAGES, "store": True}).encode()
        request = urllib.request.Request(f"{base}/v1/chat/completions", body, {"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).read()
        assert list(tmp_path.glob("fauxpen-store-*"))
    finally:
        stop_app_py(proc)
    assert not list(tmp_path.glob("fauxpen-store-*"))


def test_a_stored_completion_its_update_and_its_deletion_are_written_compact(client):
    # openai-dotnet session records: a retrieved completion of 664 bytes and a deletion of 97 (September 2025),
    # an update of 713 and a deletion of 97 (October 2025), what compact JSON of their bodies takes; the 404 of a
    # missing one (189 bytes) is indented.
    completion_id = create(client).get_json()["id"]
    for response in (client.get(f"/v1/chat/completions/{completion_id}"),
                     client.post(f"/v1/chat/completions/{completion_id}", json={"metadata": {"b": "2"}}),
                     client.delete(f"/v1/chat/completions/{completion_id}")):
        assert response.status_code == 200 and response.content_type == "application/json"
        body = response.get_data(as_text=True)
        assert body == json.dumps(json.loads(body), separators=(",", ":"))
    assert len(client.delete(f"/v1/chat/completions/{completion_id}").get_data()) == 189


def test_the_lists_of_stored_completions_and_of_their_messages_are_written_compact(client):
    # openai-dotnet session records: a page of one completion of 817 bytes (September 2025) and a page of one
    # message of 317 (October 2025), what compact JSON of their bodies takes.
    completion_id = create(client).get_json()["id"]
    for response in (client.get("/v1/chat/completions?limit=1"),
                     client.get(f"/v1/chat/completions/{completion_id}/messages")):
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and body == json.dumps(json.loads(body), separators=(",", ":"))
