"""The Uploads API: a file sent in parts, completed into a file of the Files API, or cancelled."""
import hashlib
import io
import json
import tempfile

import pytest

from fauxpen import create_app
from .conftest import store_is_free


@pytest.fixture
def client(tmp_path):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite")}).test_client()


def new_upload(client, size, **fields):
    body = {"bytes": size, "filename": "big.txt", "mime_type": "text/plain", "purpose": "vision", **fields}
    response = client.post("/v1/uploads", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def add_part(client, upload_id, data):
    return client.post(f"/v1/uploads/{upload_id}/parts", data={"data": (io.BytesIO(data), "blob")})


def test_parts_are_joined_into_a_file_in_the_order_named(client):
    upload = new_upload(client, 6)
    assert list(upload) == ["id", "object", "bytes", "created_at", "filename", "purpose", "status", "expires_at",
                            "file"]
    assert (upload["object"], upload["status"], upload["file"]) == ("upload", "pending", None)
    assert upload["expires_at"] == upload["created_at"] + 3600 and upload["id"].startswith("upload_")
    first = add_part(client, upload["id"], b"abc")
    text = first.get_data(as_text=True)
    assert text.startswith('{\n  "id": "part_') and text.endswith("}\n")  # written as the Files endpoint writes
    part = first.get_json()
    assert list(part) == ["id", "object", "created_at", "upload_id"] and part["upload_id"] == upload["id"]
    second = add_part(client, upload["id"], b"def").get_json()
    done = client.post(f"/v1/uploads/{upload['id']}/complete",
                       json={"part_ids": [second["id"], part["id"]],
                             "md5": hashlib.md5(b"defabc").hexdigest()}).get_json()
    assert done["status"] == "completed" and done["file"]["bytes"] == 6 and done["file"]["filename"] == "big.txt"
    assert client.get(f"/v1/files/{done['file']['id']}/content").get_data() == b"defabc"
    assert "x-ratelimit-limit-requests" not in first.headers


def test_refusals(client):
    upload = new_upload(client, 4)
    add_part(client, upload["id"], b"ab")
    path = f"/v1/uploads/{upload['id']}"
    part = add_part(client, upload["id"], b"c").get_json()
    short = client.post(path + "/complete", json={"part_ids": [part["id"]]})
    assert short.status_code == 400 and short.get_json()["error"]["param"] == "part_ids"
    unknown_part = client.post(path + "/complete", json={"part_ids": ["part_nope"]}).get_json()["error"]
    assert "part_nope" in unknown_part["message"]
    missing = client.post("/v1/uploads", json={"filename": "a", "mime_type": "text/plain", "purpose": "vision"})
    assert missing.get_json()["error"]["message"] == "Missing required parameter: 'bytes'."
    too_big = client.post("/v1/uploads", json={"bytes": 9 * 1024 ** 3, "filename": "a", "mime_type": "x",
                                               "purpose": "vision"}).get_json()["error"]
    assert too_big["code"] == "integer_above_max_value"
    assert client.post("/v1/uploads/upload_nope/cancel").status_code == 404
    cancelled = client.post(path + "/cancel").get_json()
    assert cancelled["status"] == "cancelled"
    refused = add_part(client, upload["id"], b"d")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["message"] == f"Upload {upload['id']} is already cancelled."
    assert client.post(path + "/parts").get_json()["error"]["message"] == f"Upload {upload['id']} is already " \
                                                                           "cancelled."
    fresh = new_upload(client, 1)
    assert client.post(f"/v1/uploads/{fresh['id']}/parts").get_json()["error"]["param"] == "data"
    batch = new_upload(client, 3, purpose="batch")
    part = add_part(client, batch["id"], b"abc").get_json()
    refused = client.post(f"/v1/uploads/{batch['id']}/complete", json={"part_ids": [part["id"]]}).get_json()
    assert refused["error"]["message"] == "Invalid file format for Batch API. Must be .jsonl"
    tuning = new_upload(client, 3, purpose="fine-tune")
    part = add_part(client, tuning["id"], b"abc").get_json()
    refused = client.post(f"/v1/uploads/{tuning['id']}/complete", json={"part_ids": [part["id"]]}).get_json()
    assert refused["error"]["message"] == "Invalid file format for Fine-Tuning API. Must be .jsonl"


def test_an_upload_expires_after_its_time(client, monkeypatch):
    upload = new_upload(client, 1)
    later = upload["expires_at"] + 1
    monkeypatch.setattr("fauxpen.views.uploads.time.time", lambda: later)
    assert add_part(client, upload["id"], b"a").get_json()["error"]["message"] == (
        f"Upload {upload['id']} is already expired.")


def test_the_sdk_uploads_a_file_in_chunks(sdk):
    data = json.dumps({"text": "x" * 3000}).encode()
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        f.write(data)
        f.flush()
        upload = sdk.uploads.upload_file_chunked(file=f.name, mime_type="application/json", purpose="vision",
                                                 part_size=1024)
    assert upload.status == "completed" and upload.file.bytes == len(data)
    assert sdk.files.content(upload.file.id).read() == data


def test_a_wrong_md5_and_a_second_complete_are_refused(client):
    upload = new_upload(client, 3)
    part = add_part(client, upload["id"], b"abc").get_json()
    path = f"/v1/uploads/{upload['id']}/complete"
    wrong = client.post(path, json={"part_ids": [part["id"]], "md5": "0" * 32}).get_json()["error"]
    assert wrong["param"] == "md5"
    assert client.post(path, json={"part_ids": [part["id"]]}).get_json()["status"] == "completed"
    again = client.post(path, json={"part_ids": [part["id"]]}).get_json()["error"]
    assert again["message"] == f"Upload {upload['id']} is already completed."
    files = client.get("/v1/files").get_json()["data"]
    assert len(files) == 1  # one file, from the one completion


def complete(client, upload, data):
    part = add_part(client, upload["id"], data).get_json()
    return client.post(f"/v1/uploads/{upload['id']}/complete", json={"part_ids": [part["id"]]}).get_json()


def test_expires_after_dates_the_completed_file_not_the_upload(client):
    """expires_after is "the expiration policy for a file" (the SDK's docstring): the upload still expires in an
    hour, the file it makes seconds after the file's creation."""
    upload = new_upload(client, 1, expires_after={"anchor": "created_at", "seconds": 7200})
    assert upload["expires_at"] == upload["created_at"] + 3600
    made = complete(client, upload, b"a")["file"]
    assert made["expires_at"] == made["created_at"] + 7200
    assert client.get(f"/v1/files/{made['id']}").get_json()["expires_at"] == made["created_at"] + 7200
    refused = client.post("/v1/uploads", json={"bytes": 1, "filename": "a", "mime_type": "x", "purpose": "vision",
                                               "expires_after": {"anchor": "created_at", "seconds": 60}})
    assert refused.get_json()["error"]["param"] == "expires_after.seconds"


@pytest.mark.parametrize("purpose, content, days", [("vision", b"a", None), ("batch", b'{"a": 1}\n', 30)])
def test_a_completed_file_expires_as_files_create_would_date_it(client, purpose, content, days):
    """Without expires_after, batch files expire after 30 days and others never, as with POST /v1/files."""
    made = complete(client, new_upload(client, len(content), purpose=purpose), content)["file"]
    assert made["expires_at"] == (None if days is None else made["created_at"] + days * 24 * 3600)


def test_the_sdk_sends_expires_after_for_the_file(sdk):
    upload = sdk.uploads.create(bytes=2, filename="a.txt", mime_type="text/plain", purpose="user_data",
                                expires_after={"anchor": "created_at", "seconds": 3600 * 5})
    assert upload.expires_at == upload.created_at + 3600
    part = sdk.uploads.parts.create(upload.id, data=b"hi")
    done = sdk.uploads.complete(upload.id, part_ids=[part.id])
    assert done.file.expires_at == done.file.created_at + 3600 * 5


def test_parts_are_joined_a_chunk_at_a_time(client, monkeypatch):
    # Completing read every part at once and joined them: a 200 MB batch file took 400 MB, an 8 GB upload 16 GB.
    from fauxpen import store
    monkeypatch.setattr(store, "CHUNK", 5)
    monkeypatch.setattr(store, "parts", None)  # no part is read whole
    reads, chunks = [], store.blob_chunks

    def counted(*args, **kwargs):
        for chunk in chunks(*args, **kwargs):
            reads.append(len(chunk))
            yield chunk
    monkeypatch.setattr(store, "blob_chunks", counted)
    lines = b'{"a": "\xc3\xa9t\xc3\xa9"}\n{"b": [1, 2, 3]}\n\n{"c": null}\n'
    pieces = [lines[:9], lines[9:30], lines[30:]]  # lines and a character cut across parts
    upload = new_upload(client, len(lines), purpose="batch", filename="b.jsonl")
    ids = [add_part(client, upload["id"], piece).get_json()["id"] for piece in pieces]
    done = client.post(f"/v1/uploads/{upload['id']}/complete",
                       json={"part_ids": ids, "md5": hashlib.md5(lines).hexdigest()}).get_json()
    assert done["status"] == "completed" and done["file"]["bytes"] == len(lines)
    assert reads and max(reads) <= 5 and sum(reads) == 2 * len(lines)  # the md5's read and the check's
    reads.clear()
    assert client.get(f"/v1/files/{done['file']['id']}/content").get_data() == lines
    bad = new_upload(client, 13, purpose="batch", filename="b.jsonl")
    ids = [add_part(client, bad["id"], piece).get_json()["id"] for piece in (b'{"a": 1}\n[', b"1]\n")]
    refused = client.post(f"/v1/uploads/{bad['id']}/complete", json={"part_ids": ids})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["message"] == "Invalid file format for Batch API. Must be .jsonl"


def test_a_refused_completion_holds_no_read_of_its_parts_while_it_is_answered(client, monkeypatch):
    # The format check stops at the first line that is not JSON; its reader of the parts (a connection with a
    # part's blob open) was kept by the refusal's traceback, through check_format's frame, until it was let go:
    # while it was answered, a writer could not have the store.
    app = client.application
    data = b"[1]\n" + b"{}\n" * 100
    upload = new_upload(client, len(data), purpose="batch", filename="b.jsonl", mime_type="application/jsonl")["id"]
    part = add_part(client, upload, data).get_json()["id"]
    free, handle = [], app.handle_user_exception

    def handling(error):
        free.append(store_is_free(app.config["FAUXPEN_STORE_PATH"]))
        return handle(error)
    monkeypatch.setattr(app, "handle_user_exception", handling)
    refused = client.post(f"/v1/uploads/{upload}/complete", json={"part_ids": [part]})
    assert refused.status_code == 400 and "Must be .jsonl" in refused.get_json()["error"]["message"]
    assert free == [True]
