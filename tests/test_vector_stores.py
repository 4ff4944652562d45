"""The Vector Stores API: stores, their files and file batches, shown by the clock, and search.

Shapes, key orders, ids and layout are those of the API's recordings (2025); so are the refusals of an
unsupported file type, of an id of the wrong form and of a file a store does not have.
"""
import contextlib
import io
import json
import re
import sqlite3
import time

import pytest

from fauxpen import create_app

NOTES = b"The return policy allows returns within 30 days. Shipping is free on orders over 50 dollars."
PETS = b"Cats sleep for most of the day. Dogs like long walks."


def make_client(tmp_path, seconds):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite"),
                       "FAUXPEN_VECTOR_STORE_SECONDS": seconds}).test_client()


@pytest.fixture
def client(tmp_path):
    """Files are processed at once."""
    return make_client(tmp_path, 0)


@pytest.fixture
def slow(tmp_path):
    """Files stay in progress for an hour."""
    return make_client(tmp_path, 3600)


def upload(client, name="notes.txt", content=NOTES, purpose="assistants"):
    response = client.post("/v1/files", data={"purpose": purpose, "file": (io.BytesIO(content), name)})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["id"]


def new_store(client, **body):
    response = client.post("/v1/vector_stores", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def processed(client, store_id):
    """Wait until a store's files are processed: a large file's chunks are cut by a thread after the call that
    adds it, a step at a time."""
    for _ in range(1200):
        if client.get(f"/v1/vector_stores/{store_id}").get_json()["status"] == "completed":
            return
        time.sleep(0.05)
    raise AssertionError(f"{store_id} still in progress")


def error(response, status=400):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


def test_an_empty_store_is_the_recorded_object_in_the_recorded_layout(client):
    response = client.post("/v1/vector_stores", json={})
    text = response.get_data(as_text=True)
    body = json.loads(text)
    assert text == json.dumps(body, indent=2)  # indented, no newline at the end (recorded lengths)
    assert list(body) == ["id", "object", "created_at", "name", "description", "usage_bytes", "file_counts",
                          "status", "expires_after", "expires_at", "last_active_at", "metadata"]
    assert re.fullmatch(r"vs_[0-9a-f]{12}8191[0-9a-f]{16}", body["id"])
    assert int(body["id"][3:11], 16) == body["created_at"] == body["last_active_at"]
    assert body["file_counts"] == {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0, "total": 0}
    assert (body["object"], body["status"], body["name"], body["metadata"]) == ("vector_store", "completed", None, {})
    assert not [name for name in response.headers.keys() if name.lower().startswith("x-ratelimit")]


def test_a_store_with_files_is_in_progress_until_they_are_processed(slow, client):
    for app_client, status in ((slow, "in_progress"), (client, "completed")):
        file_id = upload(app_client)
        body = new_store(app_client, file_ids=[file_id], name="kb", metadata={"k": "v"},
                         expires_after={"anchor": "last_active_at", "days": 3})
        assert body["status"] == "in_progress"  # the create answer: nothing processed yet (recorded)
        assert body["file_counts"]["in_progress"] == body["file_counts"]["total"] == 1
        assert body["expires_at"] == body["last_active_at"] + 3 * 86400
        shown = app_client.get(f"/v1/vector_stores/{body['id']}").get_json()
        assert shown["status"] == status
        assert shown["usage_bytes"] == (len(NOTES) if status == "completed" else 0)


def test_a_file_is_the_recorded_object(client):
    store = new_store(client)
    file_id = upload(client)
    response = client.post(f"/v1/vector_stores/{store['id']}/files", json={"file_id": file_id})
    body = response.get_json()
    assert list(body) == ["id", "object", "usage_bytes", "created_at", "vector_store_id", "status", "last_error",
                          "chunking_strategy", "attributes"]
    assert (body["id"], body["object"], body["status"], body["usage_bytes"]) == (
        file_id, "vector_store.file", "in_progress", 0)
    assert body["chunking_strategy"] == {"type": "static", "static": {"max_chunk_size_tokens": 800,
                                                                      "chunk_overlap_tokens": 400}}
    assert body["attributes"] == {} and body["vector_store_id"] == store["id"]
    shown = client.get(f"/v1/vector_stores/{store['id']}/files/{file_id}").get_json()
    # Its own bytes: openai-dotnet, October 2025 (21-byte files use 21; 1,045 in September 2025, 1,036 for 12 bytes
    # in ruby-openai's April 2024 cassettes: the older count, not followed).
    assert (shown["status"], shown["usage_bytes"]) == ("completed", len(NOTES))
    static = {"type": "static", "static": {"max_chunk_size_tokens": 1200, "chunk_overlap_tokens": 250}}
    again = client.post(f"/v1/vector_stores/{store['id']}/files",
                        json={"file_id": file_id, "chunking_strategy": static, "attributes": {"year": 2025}})
    assert again.get_json()["chunking_strategy"] == static and again.get_json()["attributes"] == {"year": 2025}
    assert len(client.get(f"/v1/vector_stores/{store['id']}/files").get_json()["data"]) == 1  # added again


def test_files_are_updated_removed_and_read(client):
    store = new_store(client)
    file_id = upload(client)
    path = f"/v1/vector_stores/{store['id']}/files/{file_id}"
    client.post(f"/v1/vector_stores/{store['id']}/files", json={"file_id": file_id})
    assert client.post(path, json={"attributes": {"a": "b"}}).get_json()["attributes"] == {"a": "b"}
    content = client.get(path + "/content").get_json()
    assert content == {"object": "vector_store.file_content.page", "data": [{"type": "text", "text": NOTES.decode()}],
                       "has_more": False, "next_page": None}
    deleted = client.delete(path)
    assert deleted.get_data(as_text=True) == json.dumps(
        {"id": file_id, "object": "vector_store.file.deleted", "deleted": True}, indent=2)
    assert error(client.get(path), 404)["message"] == (
        f"No file found with id '{file_id}' in vector store '{store['id']}'.")
    assert client.get(f"/v1/files/{file_id}").status_code == 200  # the file itself stays


def test_batches_are_the_recorded_object_and_can_be_cancelled(slow):
    store = new_store(slow)
    ids = [upload(slow), upload(slow, "b.md", PETS)]
    response = slow.post(f"/v1/vector_stores/{store['id']}/file_batches", json={"file_ids": ids})
    batch = response.get_json()
    assert list(batch) == ["id", "object", "created_at", "status", "vector_store_id", "file_counts"]
    assert re.fullmatch(r"vsfb_ibj_[0-9a-f]{32}", batch["id"])
    assert (batch["object"], batch["status"]) == ("vector_store.file_batch", "in_progress")
    assert batch["file_counts"] == {"in_progress": 2, "completed": 0, "failed": 0, "cancelled": 0, "total": 2}
    path = f"/v1/vector_stores/{store['id']}/file_batches/{batch['id']}"
    assert slow.get(path).get_json() == batch
    cancelled = slow.post(path + "/cancel").get_json()
    assert cancelled["status"] == "cancelled" and cancelled["file_counts"]["cancelled"] == 2
    files = slow.get(path + "/files?filter=cancelled").get_json()
    assert sorted(item["id"] for item in files["data"]) == sorted(ids)
    assert slow.get(path + "/files?filter=completed").get_json()["data"] == []


def test_a_batch_takes_files_with_their_own_attributes(client):
    store = new_store(client)
    first, second = upload(client), upload(client, "pets.txt", PETS)
    body = {"files": [{"file_id": first, "attributes": {"topic": "shop"}}, {"file_id": second}],
            "attributes": {"topic": "all"}}
    batch = client.post(f"/v1/vector_stores/{store['id']}/file_batches", json=body).get_json()
    listed = client.get(f"/v1/vector_stores/{store['id']}/files?order=asc").get_json()["data"]
    assert [item["attributes"] for item in listed] == [{"topic": "shop"}, {"topic": "all"}]
    shown = client.get(f"/v1/vector_stores/{store['id']}/file_batches/{batch['id']}").get_json()
    assert shown["status"] == "completed" and shown["file_counts"]["completed"] == 2


def test_lists_page_newest_first(client):
    made = [new_store(client, name=str(i))["id"] for i in range(3)]
    page = client.get("/v1/vector_stores?limit=2").get_json()
    assert list(page) == ["object", "data", "first_id", "last_id", "has_more"]
    assert [item["id"] for item in page["data"]] == made[:0:-1] and page["has_more"] is True
    rest = client.get(f"/v1/vector_stores?limit=2&after={page['last_id']}").get_json()
    assert [item["id"] for item in rest["data"]] == [made[0]] and rest["has_more"] is False
    assert [item["id"] for item in client.get("/v1/vector_stores?order=asc").get_json()["data"]] == made
    before = client.get(f"/v1/vector_stores?order=asc&before={made[2]}&limit=1").get_json()
    assert [item["id"] for item in before["data"]] == [made[1]]
    assert error(client.get("/v1/vector_stores?limit=101"))["code"] == "integer_above_max_value"
    store = new_store(client)
    assert error(client.get(f"/v1/vector_stores/{store['id']}/files?filter=done"))["param"] == "filter"


def test_modify_and_delete(client):
    store = new_store(client, name="a", metadata={"x": "1"})
    path = f"/v1/vector_stores/{store['id']}"
    changed = client.post(path, json={"name": "b", "expires_after": {"anchor": "last_active_at", "days": 1}})
    assert changed.get_json()["name"] == "b" and changed.get_json()["metadata"] == {"x": "1"}
    assert changed.get_json()["expires_at"] == changed.get_json()["last_active_at"] + 86400
    assert client.post(path, json={"metadata": None}).get_json()["metadata"] == {}
    deleted = client.delete(path)
    assert deleted.get_data(as_text=True) == json.dumps(
        {"id": store["id"], "object": "vector_store.deleted", "deleted": True}, indent=2)
    assert error(client.get(path), 404)["message"] == f"No vector store found with id '{store['id']}'."


def test_search_ranks_chunks_of_processed_files_by_the_query(client, slow):
    store = new_store(client)
    shop, pets = upload(client), upload(client, "pets.txt", PETS)
    for file_id, kind in ((shop, "shop"), (pets, "pets")):
        client.post(f"/v1/vector_stores/{store['id']}/files", json={"file_id": file_id, "attributes": {"kind": kind}})
    path = f"/v1/vector_stores/{store['id']}/search"
    page = client.post(path, json={"query": "What is the return policy?"}).get_json()
    assert list(page) == ["object", "search_query", "data", "has_more", "next_page"]
    assert page["object"] == "vector_store.search_results.page"
    assert page["search_query"] == ["What is the return policy?"]
    first = page["data"][0]
    assert list(first) == ["file_id", "filename", "score", "attributes", "content"]
    assert (first["file_id"], first["filename"], first["attributes"]) == (shop, "notes.txt", {"kind": "shop"})
    assert first["content"] == [{"type": "text", "text": NOTES.decode()}]
    assert [item["score"] for item in page["data"]] == sorted((item["score"] for item in page["data"]), reverse=True)
    assert page["data"][0]["score"] > page["data"][-1]["score"]
    only_pets = client.post(path, json={"query": ["cats", "walks"],
                                        "filters": {"type": "eq", "key": "kind", "value": "pets"}}).get_json()
    assert [item["file_id"] for item in only_pets["data"]] == [pets]
    either = {"type": "or", "filters": [{"type": "eq", "key": "kind", "value": "pets"},
                                        {"type": "in", "key": "kind", "value": ["shop"]}]}
    assert len(client.post(path, json={"query": "x", "filters": either}).get_json()["data"]) == 2
    assert len(client.post(path, json={"query": "cats", "max_num_results": 1}).get_json()["data"]) == 1
    strict = client.post(path, json={"query": "cats", "ranking_options": {"score_threshold": 0.5}}).get_json()
    assert [item["file_id"] for item in strict["data"]] == [pets]
    waiting = new_store(slow, file_ids=[upload(slow)])
    assert slow.post(f"/v1/vector_stores/{waiting['id']}/search", json={"query": "return"}).get_json()["data"] == []


def test_search_takes_litellm_s_nulls_as_left_out(client):
    # litellm's body for an OpenAI store searched with a query alone (its wire test, 2026).
    store = new_store(client, file_ids=[upload(client, content=b" ".join(b"w%d" % i for i in range(3000)))],
                      chunking_strategy={"type": "static", "static": {"max_chunk_size_tokens": 100,
                                                                        "chunk_overlap_tokens": 50}})
    path = f"/v1/vector_stores/{store['id']}/search"
    body = {"query": "w1", "filters": None, "max_num_results": None, "ranking_options": None, "rewrite_query": None}
    answered = client.post(path, json=body)
    assert answered.status_code == 200
    assert answered.get_json()["data"] == client.post(path, json={"query": "w1"}).get_json()["data"]
    assert len(answered.get_json()["data"]) == 10  # the default of max_num_results


def test_search_cuts_long_files_into_overlapping_chunks(client):
    words = " ".join(f"w{i}" for i in range(300))
    static = {"type": "static", "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 50}}
    store = new_store(client, file_ids=[upload(client, content=words.encode())], chunking_strategy=static)
    page = client.post(f"/v1/vector_stores/{store['id']}/search", json={"query": "w1", "max_num_results": 50})
    texts = [item["content"][0]["text"] for item in page.get_json()["data"]]
    assert len(texts) > 2 and "".join(texts) != words  # several chunks, overlapping
    assert any(text.startswith("w0 ") for text in texts)


def test_recorded_refusals(client):
    csv = upload(client, "table.csv", b"a,b\n1,2\n")
    refused = error(client.post("/v1/vector_stores", json={"file_ids": [csv]}))
    assert refused == {"message": "Files with extensions [.csv] are not supported for retrieval. See "
                                  "https://platform.openai.com/docs/assistants/tools/file-search/supported-files",
                       "type": "invalid_request_error", "param": "file_ids", "code": "unsupported_file"}
    assert error(client.get("/v1/vector_stores/lit:index")) == {
        "message": "Invalid 'vector_store_id': 'lit:index'. Expected an ID that contains letters, numbers, "
                   "underscores, or dashes, but this value contained additional characters.",
        "type": "invalid_request_error", "param": "vector_store_id", "code": "invalid_value"}
    store = new_store(client)
    wrong = f"/v1/vector_stores/{store['id']}/file_batches/{store['id']}"
    assert error(client.get(wrong))["message"] == (
        f"Invalid 'batch_id': '{store['id']}'. Expected an ID that begins with 'vsfb_'.")
    text = client.get("/v1/vector_stores/vs_missing").get_data(as_text=True)
    assert text.startswith('{\n  "error": {\n    "message": "No vector store found with id')  # indented too


@pytest.mark.parametrize("path, body, param, code", [
    ("/v1/vector_stores", {"bogus": 1}, "bogus", "unknown_parameter"),
    ("/v1/vector_stores", {"file_ids": "file-1"}, "file_ids", "invalid_type"),
    ("/v1/vector_stores", {"file_ids": [1]}, "file_ids[0]", "invalid_type"),
    ("/v1/vector_stores", {"expires_after": {"anchor": "created_at", "days": 1}}, "expires_after.anchor",
     "invalid_value"),
    ("/v1/vector_stores", {"expires_after": {"anchor": "last_active_at", "days": 366}}, "expires_after.days",
     "integer_above_max_value"),
    ("/v1/vector_stores", {"chunking_strategy": {"type": "static"}}, "chunking_strategy.static",
     "missing_required_parameter"),
    ("/v1/vector_stores", {"chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 200,
                                                                             "chunk_overlap_tokens": 150}}},
     "chunking_strategy.static.chunk_overlap_tokens", "invalid_value"),
    ("/v1/vector_stores", {"metadata": {"a": 1}}, "metadata.a", "invalid_type"),
    ("{store}/files", {}, "file_id", "missing_required_parameter"),
    ("{store}/files", {"file_id": "f", "attributes": {"a": [1]}}, "attributes.a", "invalid_type"),
    ("{store}/file_batches", {}, "file_ids", "missing_required_parameter"),
    ("{store}/file_batches", {"file_ids": [], "files": []}, None, "mutually_exclusive_parameters"),
    ("{store}/file_batches", {"files": [{"attributes": {}}]}, "files[0].file_id", "missing_required_parameter"),
    ("{store}/search", {}, "query", "missing_required_parameter"),
    ("{store}/search", {"query": "q", "max_num_results": 0}, "max_num_results", "integer_below_min_value"),
    ("{store}/search", {"query": [1]}, "query[0]", "invalid_type"),
    ("{store}/search", {"query": "q", "filters": {"type": "like", "key": "a", "value": 1}}, "filters.type",
     "invalid_value"),
    ("{store}/search", {"query": "q", "filters": {"type": "and", "filters": [{"type": "eq", "key": "a"}]}},
     "filters.filters[0].value", "missing_required_parameter"),
    ("{store}/search", {"query": "q", "ranking_options": {"ranker": "best"}}, "ranking_options.ranker",
     "invalid_value"),
])
def test_refusals_of_a_body(client, path, body, param, code):
    store = new_store(client)
    refused = error(client.post(path.format(store=f"/v1/vector_stores/{store['id']}"), json=body))
    assert (refused["param"], refused["code"]) == (param, code)
    assert refused["type"] == "invalid_request_error" and refused["message"]


def test_unknown_files_and_stores_are_404s(client):
    store = new_store(client)
    assert error(client.post(f"/v1/vector_stores/{store['id']}/files", json={"file_id": "file-none"}),
                 404)["param"] == "file_id"
    assert error(client.post("/v1/vector_stores/vs_none/files", json={"file_id": upload(client)}), 404)[
        "message"] == "No vector store found with id 'vs_none'."
    assert error(client.get(f"/v1/vector_stores/{store['id']}/file_batches/vsfb_none"), 404)["message"] == (
        f"No file batch found with id 'vsfb_none' in vector store '{store['id']}'.")


def test_the_sdk_creates_polls_and_searches(sdk):
    file = sdk.files.create(file=("faq.txt", io.BytesIO(NOTES)), purpose="assistants")
    store = sdk.vector_stores.create(name="faq")
    added = sdk.vector_stores.files.create_and_poll(vector_store_id=store.id, file_id=file.id,
                                                    attributes={"lang": "en"})
    assert added.status == "completed" and added.usage_bytes == len(NOTES)
    batch = sdk.vector_stores.file_batches.create_and_poll(vector_store_id=store.id, file_ids=[file.id])
    assert batch.status == "completed" and batch.file_counts.completed == 1
    results = list(sdk.vector_stores.search(vector_store_id=store.id, query="return policy"))
    assert results[0].file_id == file.id and results[0].content[0].text == NOTES.decode()
    assert [s.id for s in sdk.vector_stores.list()][0] == store.id
    assert sdk.vector_stores.delete(store.id).deleted is True


def test_a_file_named_twice_is_added_once_with_its_own_settings(client):
    file_id = upload(client)
    store = new_store(client, file_ids=[file_id, file_id])
    assert store["file_counts"]["total"] == 1
    body = {"files": [{"file_id": file_id, "attributes": {}}], "attributes": {"top": 1}}
    client.post(f"/v1/vector_stores/{store['id']}/file_batches", json=body)
    listed = client.get(f"/v1/vector_stores/{store['id']}/files").get_json()["data"]
    assert [item["attributes"] for item in listed] == [{}]  # its own, empty, not the batch's
    client.delete(f"/v1/vector_stores/{store['id']}/files/{file_id}")
    assert client.get(f"/v1/vector_stores/{store['id']}/files/{file_id}").status_code == 404


def test_a_page_before_an_id_says_whether_there_are_more(client):
    made = [new_store(client)["id"] for _ in range(5)]
    page = client.get(f"/v1/vector_stores?order=asc&limit=1&before={made[4]}").get_json()
    assert [item["id"] for item in page["data"]] == [made[3]] and page["has_more"] is True
    first = client.get(f"/v1/vector_stores?order=asc&limit=3&before={made[2]}").get_json()
    assert [item["id"] for item in first["data"]] == made[:2] and first["has_more"] is False


@pytest.mark.parametrize("filters, message, param", [
    ({"key": "a", "value": 1}, "Missing required parameter: 'filters.type'.", "filters.type"),
    ({"type": ["eq"], "key": "a", "value": 1},
     "Invalid type for 'filters.type': expected a string, but got an array instead.", "filters.type"),
    ({"type": "in", "key": "a", "value": [[1]]}, "Invalid type for 'filters.value[0]': expected one of a string, "
     "number, or boolean, but got an array instead.", "filters.value[0]"),
    ({"type": "eq", "key": "a", "value": 1, "x": 2}, "Unknown parameter: 'filters.x'.", "filters.x"),
])
def test_filter_refusals_name_the_path(client, filters, message, param):
    store = new_store(client)
    refused = error(client.post(f"/v1/vector_stores/{store['id']}/search", json={"query": "q", "filters": filters}))
    assert (refused["message"], refused["param"]) == (message, param)


def test_nested_unknown_parameters_are_named_by_their_path(client):
    refused = error(client.post("/v1/vector_stores", json={"chunking_strategy": {"type": "auto", "x": 1}}))
    assert (refused["message"], refused["param"]) == ("Unknown parameter: 'chunking_strategy.x'.",
                                                      "chunking_strategy.x")
    long_key = "k" * 65
    store = new_store(client)
    refused = error(client.post(f"/v1/vector_stores/{store['id']}/files",
                                json={"file_id": upload(client), "attributes": {long_key: "v"}}))
    assert refused["message"].startswith("Invalid property name in 'attributes': 'kkk...kkk' is too long.")


def file_search_setup(client):
    file_id = upload(client, "facts.txt", b"Paris is the capital of France. It has the Eiffel Tower.")
    store = new_store(client, file_ids=[file_id])
    return file_id, store["id"], [{"type": "file_search", "vector_store_ids": [store["id"]]}]


def test_responses_file_search_searches_the_stores_and_cites_the_files(client):
    file_id, store_id, tools = file_search_setup(client)
    body = {"model": "gpt-4o", "input": "What is the capital of France?", "tools": tools}
    plain = client.post("/v1/responses", json={"model": "gpt-4o", "input": body["input"]}).get_json()
    answer = client.post("/v1/responses", json=body).get_json()
    search, message = answer["output"]
    assert list(search) == ["id", "type", "status", "queries", "results"]
    assert (search["type"], search["status"], search["queries"], search["results"]) == (
        "file_search_call", "completed", ["What is the capital of France?"], None)  # results only when included
    assert search["id"].startswith("fs_") and search["id"][3:21] == answer["id"][5:23]
    text = message["content"][0]["text"]
    assert message["content"][0]["annotations"] == [
        {"type": "file_citation", "file_id": file_id, "filename": "facts.txt", "index": len(text) - 1}]
    assert answer["tools"] == [{"type": "file_search", "filters": None, "max_num_results": 20,
                                "ranking_options": {"ranker": "auto", "score_threshold": 0.0},
                                "vector_store_ids": [store_id]}]
    assert answer["usage"]["input_tokens"] > plain["usage"]["input_tokens"] + 800  # as recorded: ~1,000 more
    included = client.post("/v1/responses", json={**body, "include": ["file_search_call.results"]}).get_json()
    result = included["output"][0]["results"][0]
    assert list(result) == ["attributes", "file_id", "filename", "score", "text", "vector_store_id"]
    assert (result["file_id"], result["vector_store_id"], result["attributes"]) == (file_id, store_id, {})
    assert 0 < result["score"] <= 1
    unsearched = client.post("/v1/responses", json={**body, "tool_choice": "none"}).get_json()
    assert [item["type"] for item in unsearched["output"]] == ["message"]
    # Retrieved with include, the results a create without it left out (the SDK's retrieve takes include).
    retrieved = client.get(f"/v1/responses/{answer['id']}?include[]=file_search_call.results").get_json()
    assert retrieved["output"][0]["results"] == included["output"][0]["results"]
    assert client.get(f"/v1/responses/{answer['id']}").get_json()["output"][0]["results"] is None


def test_a_file_search_takes_off_what_it_read_from_the_remaining_tokens(client):
    # Two gpt-4o-mini file searches took 1,190 and 1,358 off x-ratelimit-remaining-tokens (openai-dotnet, September
    # 2025 and August 2026), some thousand more than the prompt's count and the 217 of a request with tools.
    _, _, tools = file_search_setup(client)
    body = {"model": "gpt-4o-mini", "input": "What is the capital of France?", "tools": tools}

    def taken(response):
        return int(response.headers["x-ratelimit-limit-tokens"]) - int(response.headers["x-ratelimit-remaining-tokens"])

    searched = client.post("/v1/responses", json=body)
    unsearched = client.post("/v1/responses", json={**body, "tool_choice": "none"})
    usage = unsearched.get_json()["usage"]
    assert taken(unsearched) == usage["input_tokens"] + 217
    assert taken(searched) - taken(unsearched) == searched.get_json()["usage"]["input_tokens"] - usage["input_tokens"]
    assert 1000 < taken(searched) < 1400


def test_responses_file_search_streams_its_events(client):
    _, _, tools = file_search_setup(client)
    text = client.post("/v1/responses", json={"model": "gpt-4o", "input": "capital of France", "tools": tools,
                                              "stream": True}).get_data(as_text=True)
    events = [json.loads(block.split("\n")[1][len("data: "):]) for block in text.strip().split("\n\n")]
    kinds = [event["type"] for event in events]
    assert kinds[2:7] == ["response.output_item.added", "response.file_search_call.in_progress",
                         "response.file_search_call.searching", "response.file_search_call.completed",
                         "response.output_item.done"]
    assert list(events[3]) == ["type", "item_id", "output_index", "sequence_number"]
    assert events[2]["item"]["queries"] == [] and events[6]["item"]["queries"] == ["capital of France"]
    added = next(event for event in events if event["type"] == "response.output_text.annotation.added")
    assert list(added) == ["type", "annotation", "annotation_index", "content_index", "item_id", "output_index",
                           "sequence_number"]
    # It comes once the text reaches the citation, before the closing punctuation's delta (recorded).
    written = "".join(e["delta"] for e in events[:kinds.index(added["type"])]
                      if e["type"] == "response.output_text.delta")
    assert len(written) == added["annotation"]["index"]


@pytest.mark.parametrize("tool, message, param", [
    ({"type": "file_search"}, "Missing required parameter: 'tools[0].vector_store_ids'.", "tools[0].vector_store_ids"),
    ({"type": "file_search", "vector_store_ids": ["vs_a", "vs_b", "vs_c"]},
     "Invalid input: maximum of 2 vector stores allowed.", "tools"),
    ({"type": "file_search", "vector_store_ids": ["vs_a"], "max_num_results": 51},
     "Invalid 'tools[0].max_num_results': integer above maximum value. Expected a value <= 50, but got 51 instead.",
     "tools[0].max_num_results"),
])
def test_responses_file_search_refusals(client, tool, message, param):
    refused = error(client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi", "tools": [tool]}))
    assert (refused["message"], refused["param"]) == (message, param)


def test_responses_file_search_of_an_unknown_store_is_a_404(client):
    refused = error(client.post("/v1/responses", json={
        "model": "gpt-4o", "input": "hi", "tools": [{"type": "file_search", "vector_store_ids": ["vs_none"]}]}), 404)
    assert refused["message"] == "Vector store with id 'vs_none' not found."


def test_the_sdk_reads_a_file_search_response(sdk):
    file = sdk.files.create(file=("faq.txt", io.BytesIO(NOTES)), purpose="assistants")
    store = sdk.vector_stores.create(name="faq", file_ids=[file.id])
    for _ in range(50):  # processed after FAUXPEN_VECTOR_STORE_SECONDS (1 s)
        if sdk.vector_stores.retrieve(store.id).status == "completed":
            break
        time.sleep(0.1)
    response = sdk.responses.create(model="gpt-4o", input="What is the return policy?",
                                    tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
                                    include=["file_search_call.results"])
    assert response.output[0].type == "file_search_call" and response.output[0].results[0].file_id == file.id
    assert response.output[1].content[0].annotations[0].file_id == file.id


def test_deleting_a_store_twice_finds_it_gone(client):
    store = new_store(client)
    assert client.delete(f"/v1/vector_stores/{store['id']}").status_code == 200
    assert error(client.delete(f"/v1/vector_stores/{store['id']}"), 404)["message"] == (
        f"No vector store found with id '{store['id']}'.")


def test_a_search_makes_the_store_active(client, monkeypatch):
    store = new_store(client, expires_after={"anchor": "last_active_at", "days": 1})
    later = store["created_at"] + 3600
    monkeypatch.setattr("fauxpen.views.vector_stores.time.time", lambda: later)
    client.post(f"/v1/vector_stores/{store['id']}/search", json={"query": "x"})
    shown = client.get(f"/v1/vector_stores/{store['id']}").get_json()
    assert shown["last_active_at"] == later and shown["expires_at"] == later + 86400
    monkeypatch.setattr("fauxpen.views.vector_stores.time.time", lambda: later + 2 * 86400)
    assert client.get(f"/v1/vector_stores/{store['id']}").get_json()["status"] == "expired"


def test_a_file_search_writes_its_query_within_max_output_tokens(client):
    # Found by fuzzing: the search's tokens were added past the limit of a short answer.
    store = client.post("/v1/vector_stores", json={"name": "empty"}).get_json()["id"]
    for model in ("gpt-4o-mini", "gpt-5"):
        body = client.post("/v1/responses", json={
            "model": model, "input": "hi", "max_output_tokens": 16,
            "tools": [{"type": "file_search", "vector_store_ids": [store]}]}).get_json()
        assert body["usage"]["output_tokens"] <= 16, (model, body["usage"])


@pytest.mark.parametrize("size, overlap", [(100, 0), (100, 50), (800, 400), (101, 17)])
def test_chunks_are_cut_one_by_one_as_they_were_all_at_once(size, overlap):
    from fauxpen import vector_store
    chunking = {"static": {"max_chunk_size_tokens": size, "chunk_overlap_tokens": overlap}}
    for text in ("", "a", "word " * 5, "The fox \u4f60\u597d jumps. " * 300, "\u4db5" * 700):
        assert list(vector_store.iter_chunks(text, chunking)) == vector_store.chunks(text, chunking)


@pytest.mark.parametrize("size, overlap", [(100, 50), (800, 400), (101, 17), (4096, 0)])
def test_chunks_are_the_text_between_their_tokens_offsets(size, overlap):
    # iter_chunks cuts the text where its tokens begin (tokens.token_offsets), not by joining its pieces (1.8 s a
    # megabyte): the same chunks as chunks(), whose pieces split_tokens makes, on text of any script and symbols.
    import random
    from fauxpen import vector_store
    chunking = {"static": {"max_chunk_size_tokens": size, "chunk_overlap_tokens": overlap}}
    rng = random.Random(size)
    words = ["the", " quick", " fox", "\n", "\\Users", " café", " naïve", "你好", "カナ", "한국어", "😀", "💙",
             "\u4db5", "<|im_start|>", "|>", "=True", ":value", "<div>", "----", "    ", "\t", "42", "x = y + z;",
             " ", " ", "\n\n", ". ", ", "]
    texts = ["".join(rng.choice(words) for _ in range(rng.randrange(1, 3000))) for _ in range(20)]
    for text in texts + ["x" * 9000, " " * 5000 + "a", "a " * 3000]:
        cut = list(vector_store.iter_chunks(text, chunking))
        assert cut == vector_store.chunks(text, chunking)


def test_a_search_holds_only_the_best_chunks(client):
    # A search held every piece of a file's text and every chunk: a 4 MB file took the worker from 58 to 121 MB
    # (65 MB now), a 31 MB file from 161 to 652 MB (220 MB now).
    import tracemalloc
    text = "".join(f"Line {n}: the quick brown fox{' jumps' * (n % 3)} over the lazy dog.\n" for n in range(20_000))
    made = new_store(client, file_ids=[upload(client, content=text.encode())])
    processed(client, made["id"])
    every = client.post(f"/v1/vector_stores/{made['id']}/search", json={"query": "fox jumps",
                                                                        "max_num_results": 50}).get_json()["data"]
    tracemalloc.start()
    try:
        best = client.post(f"/v1/vector_stores/{made['id']}/search", json={"query": "fox jumps",
                                                                           "max_num_results": 3}).get_json()["data"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert best == every[:3] and len(every) == 50 and {result["score"] for result in best} == {1.0}
    assert peak < len(text)  # the chunks kept, read back a page at a time (0.8 MB)


def test_a_step_of_cutting_holds_a_window_of_the_text(client, monkeypatch):
    # The search that cut a file held its bytes, its text and a page of chunks or so (4.5 MB of a 1.1 MB text);
    # a step holds a window's (64 KB here: some 0.6 MB with the rest of the call): the call that adds the file,
    # and each step after it.
    import tracemalloc
    from fauxpen.views import vector_stores as view
    monkeypatch.setattr(view, "STEP_BYTES", 1 << 16)
    monkeypatch.setattr(view, "cut_later", lambda *args: None)
    text = "".join(f"Line {n}: the quick brown fox{' jumps' * (n % 3)} over the lazy dog.\n" for n in range(40_000))
    file_id = upload(client, content=text.encode())
    # A file cut first, untraced: run alone, the test counted what a worker's first cut makes once (compiled
    # expressions, the estimator's kept counts): 719-735 KB against 614-632 KB after another cut.
    warm = upload(client, content=text[:300_000].encode())
    new_store(client, file_ids=[warm])
    path = client.application.config["FAUXPEN_STORE_PATH"]
    while view.cutting_step(client.application, path, f"{warm}/800/400"):
        pass
    peaks = []
    tracemalloc.start()
    try:
        made = new_store(client, file_ids=[file_id])
        peaks.append(tracemalloc.get_traced_memory()[1])
        more = True
        while more:
            tracemalloc.reset_peak()
            more = view.cutting_step(client.application, path, f"{file_id}/800/400")
            peaks.append(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()
    assert len(peaks) > 30 and max(peaks) < 10 * (1 << 16) < len(text) / 3, peaks
    processed(client, made["id"])


def test_a_file_is_cut_into_chunks_once_for_every_search_and_worker(client, tmp_path, monkeypatch):
    # Every search cut every file's text again (a 6.8 MB file: 6.4 s a search); the chunks are now kept.
    from fauxpen import vector_store
    cut, cutting = [], vector_store.cut_window

    def counted(state, window, chunking, last):
        if not state["tokens"]:  # a text's first window
            cut.append((window[:5], vector_store.chunking_key(chunking)))
        return cutting(state, window, chunking, last)
    monkeypatch.setattr(vector_store, "cut_window", counted)
    shop, pets = upload(client), upload(client, "pets.txt", PETS * 200)
    small = {"type": "static", "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 50}}
    one = new_store(client, file_ids=[shop, pets])["id"]
    two = new_store(client, file_ids=[pets], chunking_strategy=small)["id"]  # the same file, chunked otherwise
    other_worker = make_client(tmp_path, 0)  # another app on the same store file
    searches = [(searcher, f"/v1/vector_stores/{store}/search", {"query": ["cats", "return"], "max_num_results": 50})
                for searcher in (client, client, other_worker) for store in (one, two)]
    pages = [searcher.post(path, json=body).get_json()["data"] for searcher, path, body in searches]
    tool = {"type": "file_search", "vector_store_ids": [one, two]}
    answer = other_worker.post("/v1/responses", json={"model": "gpt-4o", "input": "Do cats sleep?", "tools": [tool],
                                                      "include": ["file_search_call.results"]}).get_json()
    assert sorted(cut) == [("Cats ", "100/50"), ("Cats ", "800/400"), ("The r", "800/400")]  # once each
    assert pages[0] == pages[2] == pages[4] and pages[1] == pages[3] == pages[5] and len(pages[1]) == 48
    assert answer["output"][0]["results"] and {result["file_id"] for result in pages[0]} == {shop, pets}
    assert client.delete(f"/v1/files/{pets}").status_code == 200  # its chunks are forgotten with it
    import sqlite3
    with sqlite3.connect(tmp_path / "store.sqlite") as conn:
        assert {row[0] for row in conn.execute("SELECT file_id FROM file_chunks")} == {shop}
        assert {row[0] for row in conn.execute("SELECT file_id FROM file_chunkings")} == {shop}


def test_kept_chunks_rank_as_chunks_cut_at_each_search_did(client):
    # The ranking of kept chunks is that of cutting every file at every search, as fauxpen did before: the same
    # results, scores and order (equal scores in the files' order, then the chunks').
    import random
    from fauxpen import vector_store
    rng = random.Random(5)
    vocab = "the quick brown fox jumps over a lazy dog cats sleep 你好 café |pipe| 😀 w1 w2 w3 w4 w5 w6".split()
    for stores in range(3):
        files, texts = [], {}
        for n in range(3):
            text = " ".join(rng.choice(vocab) + "\n" * (rng.random() < .1) for _ in range(rng.randint(0, 3000)))
            file_id = upload(client, f"f{n}.txt", text.encode())
            texts[file_id] = text
            chunking = {"type": "static", "static": {"max_chunk_size_tokens": 60 + 40 * n,
                                                     "chunk_overlap_tokens": 10 * n}}
            files.append({"file_id": file_id, "attributes": {"n": n}, **({"chunking_strategy": chunking} if n else {})})
        store = new_store(client)["id"]
        made = client.post(f"/v1/vector_stores/{store}/file_batches", json={"files": files}).get_json()
        assert made["file_counts"]["total"] == 3
        kept = client.get(f"/v1/vector_stores/{store}/files?order=asc").get_json()["data"]
        for query in ("fox", ["quick dog", "café w1"], "nothing", "the lazy 你好 pipe w2 w3"):
            for body in ({}, {"max_num_results": 50}, {"filters": {"type": "gte", "key": "n", "value": 1}},
                         {"max_num_results": 3, "ranking_options": {"score_threshold": 0.5}}):
                queries = [query] if isinstance(query, str) else query
                wanted, limit = vector_store.words(" ".join(queries)), body.get("max_num_results", 10)
                threshold = body.get("ranking_options", {}).get("score_threshold", 0)
                expected = [(item["id"], vector_store.score(wanted, chunk), chunk) for item in kept
                            if "filters" not in body or item["attributes"]["n"] >= 1
                            for chunk in vector_store.chunks(texts[item["id"]], item["chunking_strategy"])]
                expected = sorted((result for result in expected if result[1] >= threshold), key=lambda r: -r[1])
                for _ in range(2):  # cut (the first time), then read back
                    found = client.post(f"/v1/vector_stores/{store}/search", json={"query": query, **body})
                    assert [(item["file_id"], item["score"], item["content"][0]["text"])
                            for item in found.get_json()["data"]] == expected[:limit]


def counted_tokens(monkeypatch):
    """Count the characters of the texts whose tokens vector stores find."""
    from fauxpen import vector_store
    seen, finding = [0], vector_store.token_offsets

    def counting(text, wanted):
        seen[0] += len(text)
        return finding(text, wanted)
    monkeypatch.setattr(vector_store, "token_offsets", counting)
    return seen


def test_a_large_file_is_cut_a_step_at_a_time_and_in_progress_until_it_is(client, monkeypatch):
    # The first search of a store cut its files' text whole into chunks, in the request: 2.6 s a 5 MB file's. The
    # call that adds a file now cuts a step of it; a thread the rest, the file (and store) in progress until then.
    from fauxpen import store as kept, vector_store
    from fauxpen.views import vector_stores as view
    step = 1 << 14
    monkeypatch.setattr(view, "STEP_BYTES", step)
    later = []
    monkeypatch.setattr(view, "cut_later", lambda app, path, key: later.append(key))
    text = "".join(f"Line {n}: the quick brown fox{' jumps' * (n % 3)} over the lazy dog, caf\u00e9 \u65e5.\n"
                   for n in range(5_000))
    data = text.encode()
    file_id = upload(client, content=data)
    seen = counted_tokens(monkeypatch)
    made = new_store(client, file_ids=[file_id])
    assert 0 < seen[0] <= step + 100 and later == [f"{file_id}/800/400"]
    seen[0] = 0
    shown = client.get(f"/v1/vector_stores/{made['id']}").get_json()
    assert (shown["status"], shown["file_counts"]["in_progress"], shown["usage_bytes"]) == ("in_progress", 1, 0)
    assert client.get(f"/v1/vector_stores/{made['id']}/files/{file_id}").get_json()["status"] == "in_progress"
    found = client.post(f"/v1/vector_stores/{made['id']}/search", json={"query": "fox"}).get_json()
    assert found["data"] == [] and seen[0] == 0  # not searched, and not cut, until it is processed
    path, steps = client.application.config["FAUXPEN_STORE_PATH"], 0
    while True:
        seen[0] = 0
        more = view.cutting_step(client.application, path, later[0])
        assert seen[0] <= step + 100
        steps += 1
        if not more:
            break
    assert steps > len(data) // step - 2
    shown = client.get(f"/v1/vector_stores/{made['id']}").get_json()
    assert (shown["status"], shown["usage_bytes"]) == ("completed", len(data))
    assert list(kept.file_chunks(path, file_id, "800/400")) == vector_store.chunks(text, vector_store.DEFAULT_CHUNKING)
    assert kept.records_of(path, "file_cuttings", [later[0]]) == {}
    found = client.post(f"/v1/vector_stores/{made['id']}/search", json={"query": "fox jumps"}).get_json()["data"]
    assert len(found) == 10 and {item["score"] for item in found} == {1.0}


def test_a_cutting_no_worker_steps_is_taken_over(client, monkeypatch):
    from fauxpen import stepping, store as kept
    from fauxpen.views import vector_stores as view
    monkeypatch.setattr(view, "STEP_BYTES", 1 << 12)
    later = []
    monkeypatch.setattr(view, "cut_later", lambda app, path, key: later.append(key))
    file_id = upload(client, content=b"The quick brown fox. " * 2000)
    made = new_store(client, file_ids=[file_id])
    key, path = f"{file_id}/800/400", client.application.config["FAUXPEN_STORE_PATH"]
    assert later == [key]
    client.get(f"/v1/vector_stores/{made['id']}/files")
    assert later == [key]  # stepped a moment ago: its worker's
    stalled = time.time() - stepping.LEASE - 1
    kept.update_record(path, "file_cuttings", key, lambda cutting: cutting.update(beat=stalled))
    client.get(f"/v1/vector_stores/{made['id']}/files")
    assert later == [key, key]


def test_a_file_deleted_while_it_is_cut_is_cut_no_more(client, monkeypatch):
    import sqlite3
    from fauxpen.views import vector_stores as view
    monkeypatch.setattr(view, "STEP_BYTES", 1 << 12)
    monkeypatch.setattr(view, "cut_later", lambda *args: None)
    file_id, other = upload(client, content=b"The quick brown fox. " * 2000), upload(client)
    made = new_store(client, file_ids=[file_id, other])
    key, path = f"{file_id}/800/400", client.application.config["FAUXPEN_STORE_PATH"]
    assert client.get(f"/v1/vector_stores/{made['id']}").get_json()["file_counts"]["in_progress"] == 1
    assert client.delete(f"/v1/files/{file_id}").status_code == 200
    assert view.cutting_step(client.application, path, key) is False
    with sqlite3.connect(path) as conn:
        assert [conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("file_cuttings", "file_chunks")] == [0, 1]  # the other file's one chunk
    found = client.post(f"/v1/vector_stores/{made['id']}/search", json={"query": "fox return"}).get_json()["data"]
    assert [item["file_id"] for item in found] == [other]


BOUNDARY_WORDS = ["the", "fox", " a", "caf\u00e9", "\u65e5\u672c\u8a9e", "\U0001f600", "\u4db5", "<|im_start|>", "|>",
                  "=True", ":value", "<div>", "----", "    ", "\t", "42", "x = y + z;", " ", " ", "\n\n", ". ", ", ",
                  "\\frac", "\\Users", "?ab", " Hello", "don't", "=====", "\u2764\ufe0f", "\uff0c", "\u3001", "\u3400",
                  "\ud55c\uad6d", "\u3042\u308a"]


@pytest.mark.parametrize("seed", range(4))
def test_chunks_cut_window_by_window_are_those_of_the_whole_text(seed):
    # Windows end before a space that begins a word of ASCII letters, decoded one by one (bytes that are no UTF-8
    # among them): their chunks, window after window, are those of the whole text, whatever the windows' length.
    import random
    from fauxpen import vector_store
    from fauxpen.views.vector_stores import WINDOW_END
    rng = random.Random(seed)
    for _ in range(12):
        size = rng.choice([5, 10, 50, 100, 800])
        chunking = {"type": "static", "static": {"max_chunk_size_tokens": size,
                                                 "chunk_overlap_tokens": rng.choice([0, size // 4, size // 2])}}
        data = "".join(rng.choice(BOUNDARY_WORDS) + " " * (rng.random() < .5)
                       for _ in range(rng.randrange(0, 3000))).encode()
        if rng.random() < .5:
            at = rng.randrange(len(data) + 1)
            data = data[:at] + rng.choice([b"\xff", b"\xe6\x97", b"\xf0\x9f", b"\x80\x80"]) + data[at:]
        whole = vector_store.chunks(data.decode("utf-8", "replace"), chunking)
        for least in (1, 64, 700):
            state, cut, start = {"tokens": 0, "carry": "", "begins": {}}, [], 0
            while state is not None:
                found = WINDOW_END.search(data, start + least)
                end = found.start() if found else len(data)
                chunks, state = vector_store.cut_window(state, data[start:end].decode("utf-8", "replace"), chunking,
                                                        found is None)
                cut, start = cut + chunks, end
            assert cut == whole, (seed, size, least)


def test_a_call_giving_many_files_cuts_a_bounded_part_of_them(client, monkeypatch):
    from fauxpen.views import vector_stores as view
    step = 1 << 12
    monkeypatch.setattr(view, "STEP_BYTES", step)
    monkeypatch.setattr(view, "FIRST_STEPS_BYTES", 4 * step)
    later = []
    monkeypatch.setattr(view, "cut_later", lambda app, path, key: later.append(key))
    files = [upload(client, f"f{n}.txt", b"The quick brown fox. " * 1000) for n in range(10)]
    seen = counted_tokens(monkeypatch)
    made = client.post(f"/v1/vector_stores/{new_store(client)['id']}/file_batches", json={"file_ids": files})
    assert made.status_code == 200 and made.get_json()["file_counts"]["in_progress"] == 10
    assert 4 * step <= seen[0] <= 4 * (step + 100)  # a step of four files; the rest left to the thread
    assert later == [f"{file_id}/800/400" for file_id in files]


SEARCH_VOCAB = ("the quick brown fox jumps over a lazy dog The FOX Straße strasse café CAFÉ 你好 日本 İstanbul ǅ 42 "
                "x_1 w1 w2 w3 😀 |pipe| don't a.b").split()


def paged(chunks, sizes):
    """The pages save_chunks writes chunks in (sizes: their lengths, the last one's repeated): (first, page)."""
    first, sizes = 0, list(sizes)
    while first < len(chunks):
        size = sizes.pop(0) if len(sizes) > 1 else sizes[0]
        yield first, chunks[first:first + size]
        first += size


def test_scored_chunks_are_the_best_chunks_scored_one_by_one():
    # The postings kept of a file's chunks give the scores scoring each chunk's text gives (to the float), and the
    # chunks a search's best could be among: every one above 0 that meets the threshold, and the first limit at 0.
    from hypothesis import given, settings, strategies as st
    from fauxpen import vector_store as vs
    words = st.lists(st.sampled_from(SEARCH_VOCAB) | st.text(max_size=6), max_size=30)
    spaced = words.map(" ".join)

    @settings(max_examples=400, deadline=None)
    @given(chunks=st.lists(spaced, max_size=30), queries=st.lists(spaced, min_size=1, max_size=3),
           threshold=st.sampled_from([0, 0.0, -1, 0.25, 0.3333, 0.5, 1, 1.5]) | st.floats(0, 1),
           limit=st.integers(0, 12), sizes=st.lists(st.integers(1, 7), min_size=1, max_size=4))
    def check(chunks, queries, threshold, limit, sizes):
        query_words = vs.words(" ".join(queries))
        found = {}
        for first, page in paged(chunks, sizes):
            for word, ns in vs.postings(page, first).items():
                if word in query_words:
                    found.setdefault(word, []).append(ns)
        fast = list(vs.scored_chunks(query_words, len(chunks), found, threshold, limit))
        plain = [(score, n) for n, chunk in enumerate(chunks) if (score := vs.score(query_words, chunk)) >= threshold]
        assert len(fast) == len(set(n for _, n in fast))
        best = sorted(plain, key=lambda scored: (-scored[0], scored[1]))[:limit]
        assert sorted(fast, key=lambda scored: (-scored[0], scored[1]))[:limit] == best
        assert all(type(score) is float for score, _ in fast)
    check()


def test_a_chunk_sharing_too_few_of_a_long_query_s_words_scores_0_in_its_place():
    # score rounds to 4 places: one word of 30,000 is 0.0, ranked among the chunks holding none, in order.
    from fauxpen import vector_store as vs
    query_words = {f"w{n}" for n in range(30_000)}
    chunks = ["nothing", "w7 here", "none", "w8 w9 w10 w11 w12"]
    found = {}
    for word, ns in vs.postings(chunks).items():
        if word in query_words:
            found.setdefault(word, []).append(ns)
    assert list(vs.scored_chunks(query_words, 4, found, 0, 3)) == [(0.0002, 3), (0.0, 0), (0.0, 1), (0.0, 2)]
    assert [vs.score(query_words, chunk) for chunk in chunks] == [0.0, 0.0, 0.0, 0.0002]


@pytest.fixture(scope="module")
def searched_stores(tmp_path_factory):
    """An app with three stores of files of random words, each file with a chunking of its own (one file empty, one
    deleted from the Files API), and the texts of each file's chunks."""
    import random
    from fauxpen import vector_store as vs
    client = make_client(tmp_path_factory.mktemp("search"), 0)
    rng, stores = random.Random(12), []
    for _ in range(3):
        files, texts = [], {}
        for n in range(4):
            count = 0 if n == 3 and not stores else rng.randint(1, 2500)
            text = " ".join(rng.choice(SEARCH_VOCAB) + "\n" * (rng.random() < .1) for _ in range(count))
            file_id = upload(client, f"f{n}.txt", text.encode())
            chunking = {"type": "static", "static": {"max_chunk_size_tokens": rng.choice([100, 150, 400]),
                                                     "chunk_overlap_tokens": rng.choice([0, 20, 50])}}
            files.append({"file_id": file_id, "attributes": {"n": n, "kind": rng.choice("ab")},
                          **({"chunking_strategy": chunking} if n else {})})
            texts[file_id] = vs.chunks(text, vs.resolved_chunking(chunking if n else None))
        made = new_store(client)["id"]
        client.post(f"/v1/vector_stores/{made}/file_batches", json={"files": files})
        processed(client, made)
        if len(stores) == 1:
            client.delete(f"/v1/files/{files[1]['file_id']}")
        stores.append((made, texts))
    path = str(tmp_path_factory.getbasetemp() / "search0" / "store.sqlite")
    with contextlib.closing(sqlite3.connect(path)) as conn:  # postings kept, for every file not deleted nor empty
        kept = dict(conn.execute("SELECT file_id, COUNT(*) FROM chunk_words GROUP BY file_id").fetchall())
    assert len(kept) == 10 and all(kept.values())
    return client, stores


def test_a_search_ranks_as_scoring_every_chunk_does(searched_stores, monkeypatch):
    # A search scored every chunk's text of every file; it reads the postings of its query's words instead, and
    # the chunks it answers with: the same chunks, scores and order, for each query, threshold, limit and filter,
    # and the same as a store whose postings were not kept (cut before they were), which is scored chunk by chunk.
    from hypothesis import HealthCheck, given, settings, strategies as st
    from fauxpen import store, vector_store as vs
    from fauxpen.views import vector_stores as view
    client, stores = searched_stores
    app = client.application
    query = st.lists(st.sampled_from(SEARCH_VOCAB) | st.text(max_size=5), max_size=6).map(" ".join)
    condition = st.sampled_from([None, {"type": "gte", "key": "n", "value": 1}, {"type": "eq", "key": "kind",
                                                                                 "value": "a"},
                                 {"type": "or", "filters": [{"type": "eq", "key": "n", "value": 0},
                                                            {"type": "ne", "key": "kind", "value": "a"}]}])
    chunk_postings = store.chunk_postings

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(place=st.integers(0, 2), queries=st.lists(query, min_size=1, max_size=3), filters=condition,
           threshold=st.sampled_from([0, 0.2, 0.5, 1, -1]) | st.floats(0, 1), limit=st.integers(0, 60))
    def check(place, queries, filters, threshold, limit):
        made, texts = stores[place]
        with app.app_context():
            record = store.get_record(view.store_path(), view.TABLE, made)
            fast = view.ranked(record, queries, filters, threshold, limit)
            monkeypatch.setattr(store, "chunk_postings", lambda *args: None)
            try:
                plain = view.ranked(record, queries, filters, threshold, limit)
            finally:
                monkeypatch.setattr(store, "chunk_postings", chunk_postings)
            names = {item["id"]: store.get_file(view.store_path(), item["id"]) for item in record["files"]}
        wanted = vs.words(" ".join(queries))
        every = [{"file_id": item["id"], "filename": names[item["id"]]["filename"],
                  "score": vs.score(wanted, chunk), "attributes": item["attributes"], "text": chunk}
                 for item in record["files"] if names[item["id"]] and vs.matches(item["attributes"], filters)
                 for chunk in texts[item["id"]]]
        expected = sorted((result for result in every if result["score"] >= threshold), key=lambda r: -r["score"])
        assert fast == plain == expected[:max(limit, 0)]
    check()
