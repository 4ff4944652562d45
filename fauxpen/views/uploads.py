"""The Uploads API: POST /v1/uploads, POST /v1/uploads/{id}/parts (multipart `data`), POST .../{id}/complete and
POST .../{id}/cancel: a large file sent in parts, then made into a file of the Files API.

Upload and part objects follow the API reference's examples (no recording of this API was found), written as
the Files endpoint writes JSON (indented, a newline at the end), refusals included. The refusals are the API's
usual wordings, guessed.
"""
import contextlib
import hashlib
import time

from flask import Blueprint, request

from .. import ids, store, wire
from ..errors import InvalidRequestError, NotFoundError, OpenAIError, missing_parameter
from ..schemas import fields as f
from ..schemas.vector_stores import Strings
from ..validation import load
from . import ANY_ORIGIN, indented_refusals, without_ratelimit_headers
from .files import PURPOSES, check_format, file_expires_at, file_id, file_object, indented_newline
from .stored import store_path

bp = Blueprint("uploads", __name__)

TABLE = "uploads"
MAX_BYTES = 8 * 1024 ** 3  # an upload: 8 GB
MAX_PART_BYTES = 64 * 1024 ** 2  # a part: 64 MB
HOUR, MAX_SECONDS = 3600, 30 * 24 * 3600


indented_refusals(bp, indented_newline)


without_ratelimit_headers(bp, ANY_ORIGIN)  # the headers the Files endpoint sends


class ExpiresAfter(f.Body):
    anchor = f.Enum(["created_at"], required=True)
    seconds = f.Integer(minimum=HOUR, maximum=MAX_SECONDS, required=True)


class UploadRequest(f.Body):
    bytes = f.Integer(minimum=0, maximum=MAX_BYTES, required=True)
    filename = f.String(required=True)
    mime_type = f.String(required=True)
    purpose = f.Enum(PURPOSES, required=True)
    expires_after = f.NestedObject(ExpiresAfter, allow_none=True)


class CompleteRequest(f.Body):
    part_ids = Strings(maximum=10_000, required=True)
    md5 = f.String(allow_none=True)


upload_request, complete_request = UploadRequest(), CompleteRequest()


def upload_object(record, now):
    """An upload as the API shows it: pending until completed, cancelled or past its expiry."""
    status = record["status"]
    if status == "pending" and now >= record["expires_at"]:
        status = "expired"
    return {"id": record["id"], "object": "upload", "bytes": record["bytes"], "created_at": record["created_at"],
            "filename": record["filename"], "purpose": record["purpose"], "status": status,
            "expires_at": record["expires_at"], "file": record["file"]}


def pending(upload_ref, now):
    """Return a kept upload that can still take parts, or refuse it: unknown (404), or done with."""
    record = store.get_record(store_path(), TABLE, upload_ref)
    if record is None:
        raise NotFoundError(f"No such Upload object: {upload_ref}", param="id")
    return still_pending(record, now)


def still_pending(record, now):
    """Return an upload's record if it is pending; refuse one completed, cancelled or expired."""
    status = upload_object(record, now)["status"]
    if status != "pending":
        raise InvalidRequestError(f"Upload {record['id']} is already {status}.")
    return record


@bp.post("/uploads")
def create_upload():
    req = load(upload_request, wire.json_body())
    now = int(time.time())
    after = req.get("expires_after")  # the completed file's expiry (the SDK's docstring); the upload's own is an hour
    record = {"id": "upload_" + ids.random_hex(16), "bytes": req["bytes"], "created_at": now,
              "filename": req["filename"], "purpose": req["purpose"], "mime_type": req["mime_type"],
              "status": "pending", "expires_at": now + HOUR, "file": None,
              "file_expires_after": after["seconds"] if after else None}
    store.save_record(store_path(), TABLE, record["id"], record)
    return indented_newline(upload_object(record, now))


@bp.post("/uploads/<upload_ref>/parts")
def add_part(upload_ref):
    """Keep one part of an upload's bytes."""
    now = int(time.time())
    pending(upload_ref, now)
    data = request.files.get("data")
    if data is None:
        raise missing_parameter("data")
    content = data.read(MAX_PART_BYTES + 1)  # no more than it takes to tell a part is too large
    if len(content) > MAX_PART_BYTES:
        raise InvalidRequestError(f"Part is too large. The maximum size of a part is {MAX_PART_BYTES} bytes.",
                                  param="data")
    part = {"id": "part_" + ids.random_hex(16), "object": "upload.part", "created_at": now, "upload_id": upload_ref}
    store.save_part(store_path(), part["id"], upload_ref, content)
    try:
        pending(upload_ref, now)  # cancelled or completed meanwhile: the part is not kept
    except OpenAIError:
        store.drop_parts(store_path(), upload_ref)
        raise
    return indented_newline(part)


@bp.post("/uploads/<upload_ref>/complete")
def complete_upload(upload_ref):
    """Join the parts named, in that order, into a file; the bytes must come to what the upload said."""
    req = load(complete_request, wire.json_body())
    now = int(time.time())
    record = pending(upload_ref, now)
    path = store_path()
    sizes = store.part_sizes(path, upload_ref)  # the parts' bytes are read a chunk at a time, never all at once
    for part_id in req["part_ids"]:
        if part_id not in sizes:
            raise InvalidRequestError(f"Part {part_id} was not found for upload {upload_ref}.", param="part_ids")
    size = sum(sizes[part_id] for part_id in req["part_ids"])
    if size != record["bytes"]:
        raise InvalidRequestError(f"The number of bytes uploaded ({size}) does not match the number of "
                                  f"bytes specified when the upload was created ({record['bytes']}).",
                                  param="part_ids")

    def content():
        for part_id in req["part_ids"]:
            yield from store.blob_chunks(path, "upload_parts", part_id, spool=False)  # a part read forward once
    if req.get("md5"):
        digest = hashlib.md5()
        for chunk in content():
            digest.update(chunk)
        if digest.hexdigest() != req["md5"].lower():
            raise InvalidRequestError("The md5 checksum of the uploaded bytes does not match the one given.",
                                      param="md5")
    # The check stops at a line that is not JSON: its reader, a connection with a part's blob open, closed then, not
    # whenever the refusal's traceback (which holds it) is let go
    with contextlib.closing(content()) as chunks:
        check_format(record["purpose"], chunks)
    made = file_object(file_id(), record["purpose"], record["filename"], size, now,
                       file_expires_at(now, record["purpose"], record.get("file_expires_after")))

    def complete(kept_record):
        still_pending(kept_record, now)  # not cancelled or completed by another request meanwhile
        kept_record.update(status="completed", file=made)
        return upload_object(kept_record, now)
    _, answer = store.update_record(store_path(), TABLE, upload_ref, complete)
    store.save_file_of(path, made, [("upload_parts", part_id) for part_id in req["part_ids"]])  # once the upload
    store.drop_parts(path, upload_ref)  # is its, not before
    return indented_newline(answer)


@bp.post("/uploads/<upload_ref>/cancel")
def cancel_upload(upload_ref):
    now = int(time.time())
    pending(upload_ref, now)

    def cancel(record):
        still_pending(record, now)
        record["status"] = "cancelled"
        return upload_object(record, now)
    _, answer = store.update_record(store_path(), TABLE, upload_ref, cancel)
    store.drop_parts(store_path(), upload_ref)
    return indented_newline(answer)
