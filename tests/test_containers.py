"""The Containers API: containers and their files, shown by the clock.

Shapes, key orders, ids, layout and the 404s of an unknown container or file are those of recordings of
2025-2026 (openai-dotnet's session records); `Container is expired.` was recorded from /v1/responses.
"""
import base64
import io
import json
import re
import time
import zipfile

import openai
import pytest

from fauxpen import create_app
from fauxpen.views import containers

CONTAINER_KEYS = ["id", "object", "created_at", "status", "expires_after", "last_active_at", "name"]


@pytest.fixture
def client(tmp_path):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite")}).test_client()


def new_container(client, **body):
    response = client.post("/v1/containers", json={"name": "sandbox", **body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def add_file(client, container_id, name="notes.txt", content=b"hello, container"):
    response = client.post(f"/v1/containers/{container_id}/files", data={"file": (io.BytesIO(content), name)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def error(response, status=400):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


def later(monkeypatch, seconds):
    """Move the containers' clock on by seconds (from the real time); return the time it then says."""
    now = int(time.time()) + seconds
    monkeypatch.setattr(containers, "clock", lambda: now)
    return now


def test_a_new_container_is_the_recorded_object_in_the_recorded_layout(client):
    response = client.post("/v1/containers", json={"name": "test-container"})
    text = response.get_data(as_text=True)
    body = json.loads(text)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert text == json.dumps(body, indent=2)  # indented by two, no newline at the end (recorded lengths)
    assert list(body) == CONTAINER_KEYS  # no memory_limit or network_policy when not asked for (2025)
    assert re.fullmatch(r"cntr_[0-9a-f]{12}8198[0-9a-f]{32}", body["id"])
    assert int(body["id"][5:13], 16) == body["created_at"] == body["last_active_at"]
    assert body["object"] == "container" and body["status"] == "running" and body["name"] == "test-container"
    assert body["expires_after"] == {"anchor": "last_active_at", "minutes": 20}
    assert not any(name.startswith("x-ratelimit") for name in response.headers.keys())


def test_memory_limit_and_network_policy_are_shown_in_the_recorded_places(client):
    body = new_container(client, memory_limit="4g", network_policy={"type": "disabled"},
                         expires_after={"anchor": "last_active_at", "minutes": 5})
    assert list(body) == ["id", "object", "created_at", "status", "expires_after", "last_active_at",
                          "memory_limit", "name", "network_policy"]
    assert body["memory_limit"] == "4g" and body["network_policy"] == {"type": "disabled"}
    assert body["expires_after"] == {"anchor": "last_active_at", "minutes": 5}
    secret = {"domain": "api.example.com", "name": "TOKEN", "value": "s3cret"}
    body = new_container(client, network_policy={"type": "allowlist", "allowed_domains": ["api.example.com"],
                                                 "domain_secrets": [secret]})
    assert body["network_policy"] == {"type": "allowlist", "allowed_domains": ["api.example.com"]}  # no secrets


@pytest.mark.parametrize("body, message, param, code", [
    ({}, "Missing required parameter: 'name'.", "name", "missing_required_parameter"),
    ({"name": 5}, "Invalid type for 'name': expected a string, but got an integer instead.", "name", "invalid_type"),
    ({"name": "x", "memory_limit": "2g"}, "Invalid value: '2g'. Supported values are: '1g', '4g', '16g', and '64g'.",
     "memory_limit", "invalid_value"),
    ({"name": "x", "expires_after": {"anchor": "last_active_at", "minutes": 60}},
     "Invalid 'expires_after.minutes': integer above maximum value. Expected a value <= 20, but got 60 instead.",
     "expires_after.minutes", "integer_above_max_value"),
    ({"name": "x", "expires_after": {"anchor": "created_at", "minutes": 5}},
     "Invalid value: 'created_at'. Supported values are: 'last_active_at'.", "expires_after.anchor", "invalid_value"),
    ({"name": "x", "expires_after": {"anchor": "last_active_at"}},
     "Missing required parameter: 'expires_after.minutes'.", "expires_after.minutes", "missing_required_parameter"),
    ({"name": "x", "network_policy": {"type": "allowlist"}},
     "Missing required parameter: 'network_policy.allowed_domains'.", "network_policy.allowed_domains",
     "missing_required_parameter"),
    ({"name": "x", "skills": [{"type": "skill_reference"}]}, "Missing required parameter: 'skills[0].skill_id'.",
     "skills[0].skill_id", "missing_required_parameter"),
    ({"name": "x", "file_ids": "file-abc"}, "Invalid type for 'file_ids': expected an array, but got a string "
     "instead.", "file_ids", "invalid_type"),
    ({"name": "x", "image": "y"}, "Unknown parameter: 'image'.", "image", "unknown_parameter"),
])
def test_a_bad_body_is_refused_in_the_apis_words(client, body, message, param, code):
    found = error(client.post("/v1/containers", json=body))
    assert (found["message"], found["param"], found["code"]) == (message, param, code)


def test_skills_are_taken_and_not_echoed(client):
    inline = {"type": "inline", "name": "csv", "description": "Reads CSV files.",
              "source": {"type": "base64", "media_type": "application/zip", "data": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}}
    body = new_container(client, skills=[{"type": "skill_reference", "skill_id": "skill_123"}, inline])
    assert "skills" not in body


def test_an_unknown_container_is_the_recorded_404(client):
    for response in (client.get("/v1/containers/cntr_nope"), client.delete("/v1/containers/cntr_nope"),
                     client.get("/v1/containers/cntr_nope/files"),
                     client.post("/v1/containers/cntr_nope/files", data={"file": (io.BytesIO(b"x"), "a.txt")})):
        found = error(response, 404)
        assert found == {"message": "Container with id 'cntr_nope' not found.", "type": "invalid_request_error",
                         "param": None, "code": None}


def test_list_is_newest_first_with_the_recorded_keys_and_pages(client):
    made = [new_container(client, name=name)["id"] for name in ("a", "b", "c")]
    response = client.get("/v1/containers")
    body = response.get_json()
    assert list(body) == ["object", "data", "first_id", "has_more", "last_id"]
    assert [item["id"] for item in body["data"]] == made[::-1] and body["has_more"] is False
    page = client.get("/v1/containers?limit=2&order=asc").get_json()
    assert [item["id"] for item in page["data"]] == made[:2] and page["has_more"] is True
    rest = client.get(f"/v1/containers?limit=2&order=asc&after={page['last_id']}").get_json()
    assert [item["id"] for item in rest["data"]] == made[2:]
    assert [item["name"] for item in client.get("/v1/containers?name=b").get_json()["data"]] == ["b"]
    assert error(client.get("/v1/containers?limit=101"))["code"] == "integer_above_max_value"


def test_an_empty_list_has_null_ids(client):
    text = client.get("/v1/containers").get_data(as_text=True)
    assert len(text) == 96  # the recorded Content-Length of an empty page
    assert json.loads(text) == {"object": "list", "data": [], "first_id": None, "has_more": False, "last_id": None}


def test_a_container_expires_after_its_minutes_without_use_and_keeps_its_metadata(client, monkeypatch):
    made = new_container(client, expires_after={"anchor": "last_active_at", "minutes": 1})
    add_file(client, made["id"])
    later(monkeypatch, 50)
    assert client.get(f"/v1/containers/{made['id']}").get_json()["status"] == "running"  # a use: 60 s more
    later(monkeypatch, 100)
    assert client.get(f"/v1/containers/{made['id']}").get_json()["status"] == "running"
    moment = later(monkeypatch, 170)
    shown = client.get(f"/v1/containers/{made['id']}").get_json()
    assert shown["status"] == "expired" and shown["name"] == "sandbox"
    assert shown["last_active_at"] == moment  # the time of the request (recorded, expired too)
    listed = client.get("/v1/containers").get_json()["data"][0]
    assert listed["status"] == "expired"
    for response in (client.get(f"/v1/containers/{made['id']}/files"),
                     client.post(f"/v1/containers/{made['id']}/files", data={"file": (io.BytesIO(b"x"), "a.txt")})):
        assert error(response) == {"message": "Container is expired.", "type": "invalid_request_error",
                                   "param": None, "code": None}
    later(monkeypatch, 0)
    assert client.get(f"/v1/containers/{made['id']}").get_json()["status"] == "expired"  # no way back


def test_listing_is_not_a_use(client, monkeypatch):
    made = new_container(client, expires_after={"anchor": "last_active_at", "minutes": 1})
    later(monkeypatch, 40)
    assert client.get("/v1/containers").get_json()["data"][0]["status"] == "running"
    later(monkeypatch, 70)
    assert client.get("/v1/containers").get_json()["data"][0]["status"] == "expired"
    assert client.get(f"/v1/containers/{made['id']}").get_json()["status"] == "expired"


def test_an_uploaded_file_is_the_recorded_object(client):
    container = new_container(client)
    response = client.post(f"/v1/containers/{container['id']}/files",
                           data={"file": (io.BytesIO(b"hello, container"), "test-get-file.txt")})
    text = response.get_data(as_text=True)
    body = json.loads(text)
    assert text == json.dumps(body, indent=2)
    assert list(body) == ["id", "object", "created_at", "bytes", "container_id", "path", "source"]
    assert re.fullmatch(r"cfile_[0-9a-f]{12}8191[0-9a-f]{16}", body["id"])
    assert int(body["id"][6:14], 16) == body["created_at"]
    assert body["object"] == "container.file" and body["bytes"] == 16 and body["source"] == "user"
    assert body["container_id"] == container["id"]
    assert re.fullmatch(r"/mnt/data/[0-9a-f]{32}-test-get-file\.txt", body["path"])
    again = add_file(client, new_container(client)["id"], "test-get-file.txt", b"hello, container")
    assert again["path"] == body["path"]  # the same name and bytes lie at the same path (recorded)
    assert add_file(client, container["id"], "test-get-file.txt", b"other")["path"] != body["path"]


def test_a_file_of_the_files_api_is_copied_in_by_id(client):
    uploaded = client.post("/v1/files", data={"purpose": "user_data", "file": (io.BytesIO(b"a,b\n1,2\n"), "t.csv")})
    file_id = uploaded.get_json()["id"]
    container = new_container(client)
    body = client.post(f"/v1/containers/{container['id']}/files", json={"file_id": file_id}).get_json()
    assert body["bytes"] == 8 and body["path"].endswith("-t.csv")
    content = client.get(f"/v1/containers/{container['id']}/files/{body['id']}/content")
    assert content.data == b"a,b\n1,2\n" and content.mimetype == "text/csv"
    by_form = client.post(f"/v1/containers/{container['id']}/files", data={"file_id": file_id})
    assert by_form.status_code == 200 and by_form.get_json()["bytes"] == 8
    with_files = new_container(client, file_ids=[file_id])
    listed = client.get(f"/v1/containers/{with_files['id']}/files").get_json()["data"]
    assert [item["path"][-6:] for item in listed] == ["-t.csv"]
    assert error(client.post(f"/v1/containers/{container['id']}/files", json={"file_id": "file-nope"}), 404)[
        "message"] == "No such File object: file-nope"
    assert error(client.post("/v1/containers", json={"name": "x", "file_ids": ["file-nope"]}), 404)[
        "message"] == "No such File object: file-nope"
    found = error(client.post(f"/v1/containers/{container['id']}/files", json={}))
    assert found["message"] == "Missing required parameter: 'file_id'."
    found = error(client.post(f"/v1/containers/{container['id']}/files", data={"purpose": "x"}))
    assert found["message"] == "Missing required parameter: 'file'."


def test_a_file_of_the_files_api_is_copied_in_a_chunk_at_a_time(client):
    # A container made with file_ids read each file whole and held them all (60 MB for one 30 MB file), and its
    # retrieve and download read a file's bytes whole; now the bytes are hashed and copied a 1 MB chunk at a time,
    # the path and bytes those of the same file uploaded to the container.
    import tracemalloc
    data = bytes(range(256)) * (64 << 10) + b"end"  # 16 MB
    file_id = client.post("/v1/files", data={"purpose": "user_data", "file": (io.BytesIO(data), "big.bin")}
                          ).get_json()["id"]
    tracemalloc.start()
    try:
        made = new_container(client, file_ids=[file_id])
        copied = client.get(f"/v1/containers/{made['id']}/files").get_json()["data"][0]
        retrieved = client.get(f"/v1/containers/{made['id']}/files/{copied['id']}").get_json()
        by_id = client.post(f"/v1/containers/{made['id']}/files", json={"file_id": file_id}).get_json()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 << 20, peak  # the store's read-ahead of 8 chunks, not the file, and not twice
    assert copied == retrieved and copied["bytes"] == by_id["bytes"] == len(data)
    uploaded = add_file(client, made["id"], "big.bin", data)
    assert copied["path"] == by_id["path"] == uploaded["path"]
    sent = client.get(f"/v1/containers/{made['id']}/files/{by_id['id']}/content")
    assert sent.data == data and sent.headers["Content-Length"] == str(len(data))
    assert sent.headers["Content-Disposition"].startswith('attachment; filename="file.bin"')


def test_files_are_listed_read_and_deleted(client):
    container = new_container(client)
    first = add_file(client, container["id"], "a.txt", b"first")
    second = add_file(client, container["id"], "b.txt", b"second")
    base = f"/v1/containers/{container['id']}/files"
    listed = client.get(base).get_json()
    assert list(listed) == ["object", "data", "first_id", "has_more", "last_id"]
    assert [item["id"] for item in listed["data"]] == [second["id"], first["id"]]
    assert client.get(f"{base}/{first['id']}").get_json() == first
    content = client.get(f"{base}/{first['id']}/content")
    assert content.data == b"first" and content.headers["Content-Type"] == "text/plain; charset=utf-8"
    stored_name = first["path"].rsplit("/", 1)[-1]
    assert content.headers["Content-Disposition"] == (
        f"attachment; filename=\"file.txt\"; filename*=UTF-8''{stored_name}")  # as recorded
    deleted = client.delete(f"{base}/{first['id']}")
    assert deleted.get_data(as_text=True) == json.dumps(
        {"id": first["id"], "object": "container.file.deleted", "deleted": True}, indent=2)
    for response in (client.get(f"{base}/{first['id']}"), client.delete(f"{base}/{first['id']}"),
                     client.get(f"{base}/{first['id']}/content")):
        assert error(response, 404)["message"] == f"File {first['id']} not found on container {container['id']}."
    other = new_container(client)
    assert error(client.get(f"/v1/containers/{other['id']}/files/{second['id']}"), 404)["message"] == (
        f"File {second['id']} not found on container {other['id']}.")  # a file of another container


def test_a_deleted_container_is_gone_with_its_files(client):
    container = new_container(client)
    kept = add_file(client, container["id"])
    deleted = client.delete(f"/v1/containers/{container['id']}")
    assert deleted.status_code == 200
    assert deleted.get_data(as_text=True) == json.dumps(
        {"id": container["id"], "object": "container.deleted", "deleted": True}, indent=2)
    assert error(client.get(f"/v1/containers/{container['id']}"), 404)["message"] == (
        f"Container with id '{container['id']}' not found.")
    assert error(client.get(f"/v1/containers/{container['id']}/files/{kept['id']}"), 404)
    assert client.get("/v1/containers").get_json()["data"] == []


def test_a_response_refuses_a_container_it_does_not_have_or_that_expired(client, monkeypatch):
    def respond(container):
        return client.post("/v1/responses", json={"model": "gpt-4.1", "input": "Plot it.", "tools": [
            {"type": "code_interpreter", "container": container}]})

    assert error(respond("cntr_nope"), 404)["message"] == "Container with id 'cntr_nope' not found."
    made = new_container(client, expires_after={"anchor": "last_active_at", "minutes": 1})
    response = respond(made["id"])
    assert response.status_code == 200 and response.get_json()["tools"][0]["container"] == made["id"]
    assert respond({"type": "auto"}).status_code == 200
    found = error(respond(5))
    assert (found["message"], found["param"]) == ("Invalid type for 'tools[0].container': expected one of a string or "
                                                  "object, but got an integer instead.", "tools[0].container")
    found = error(client.post("/v1/responses", json={"model": "gpt-4.1", "input": "x",
                                                     "tools": [{"type": "code_interpreter"}]}))
    assert found["message"] == "Missing required parameter: 'tools[0].container'."
    later(monkeypatch, 61)
    assert error(respond(made["id"]))["message"] == "Container is expired."


def test_the_sdk_manages_containers_and_their_files(sdk):
    container = sdk.containers.create(name="sdk-container", memory_limit="4g")
    assert container.status == "running" and container.memory_limit == "4g"
    assert sdk.containers.retrieve(container.id).name == "sdk-container"
    assert container.id in [item.id for item in sdk.containers.list()]
    uploaded = sdk.containers.files.create(container.id, file=("data.txt", io.BytesIO(b"1 2 3")))
    assert uploaded.bytes == 5 and uploaded.path.endswith("-data.txt")
    assert [item.id for item in sdk.containers.files.list(container.id)] == [uploaded.id]
    assert sdk.containers.files.retrieve(uploaded.id, container_id=container.id).source == "user"
    assert sdk.containers.files.content.retrieve(uploaded.id, container_id=container.id).read() == b"1 2 3"
    sdk.containers.files.delete(uploaded.id, container_id=container.id)
    sdk.containers.delete(container.id)
    with pytest.raises(openai.NotFoundError) as caught:
        sdk.containers.retrieve(container.id)
    assert caught.value.body["message"] == f"Container with id '{container.id}' not found."


def inline_skill(name, description, manual="---\nname: csv-reader\ndescription: Reads CSV files.\n---\nRead it.\n"):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as bundle:
        bundle.writestr("csv-reader/SKILL.md", manual)
    return {"type": "inline", "name": name, "description": description,
            "source": {"type": "base64", "media_type": "application/zip",
                       "data": base64.b64encode(packed.getvalue()).decode()}}


@pytest.mark.parametrize("name, description", [("csv", "Reads CSV files."), ("csv-reader", "Reads CSVs.")])
def test_an_inline_skill_must_be_named_as_its_skill_md_names_it(client, name, description):
    # Recorded of the API (its dashboard's hosted shell, and a container request, 2026).
    wording = {"message": "Inline skill name/description must match the values in SKILL.md/Skills.md front matter.",
               "type": "invalid_request_error", "param": None, "code": None}
    assert error(client.post("/v1/containers", json={"name": "c", "skills": [inline_skill(name, description)]})) \
        == wording
    shell = {"type": "shell", "environment": {"type": "container_auto", "skills": [inline_skill(name, description)]}}
    assert error(client.post("/v1/responses", json={"model": "gpt-5", "input": "hi", "tools": [shell]})) == wording
    new_container(client, skills=[inline_skill("csv-reader", "Reads CSV files.")])
