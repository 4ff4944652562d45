"""Files: POST /v1/files (multipart), GET /v1/files, GET and DELETE /v1/files/{id}, GET /v1/files/{id}/content.

Files are kept in the server's store (store.py) with their bytes. The endpoint writes JSON indented by two
spaces with a newline at the end, refusals included, and sends no x-ratelimit-* headers (recordings of
2025-2026). Its schema layer words a missing or unknown value as `jsonschema` does, and repeats the message in
a `detail` object beside `error`.
"""
import json
import time
import urllib.parse

from flask import Blueprint, Response, request

from .. import ids, store
from ..errors import InvalidRequestError, NotFoundError, missing_parameter
from ..jsontext import rust_json
from . import ANY_ORIGIN, indented_refusals, without_ratelimit_headers
from .stored import after, query_int, query_order, store_path

bp = Blueprint("files", __name__)

PURPOSES = ["fine-tune", "assistants", "batch", "user_data", "vision", "evals"]
NOT_DOWNLOADABLE = ("assistants", "user_data")
BATCH_FILE_SECONDS = 30 * 24 * 3600  # how long a batch input file is kept unless told otherwise
# The parts an upload may have; its schema layer names any other as `jsonschema` does (a flat `expires_after`
# recorded refused so in 2026, vercel/ai's fixture of issue 18223; several sorted, with `were`, as jsonschema
# words them, and the check after the purpose's, guesses).
UPLOAD_PARTS = ("file", "purpose", "expires_after[anchor]", "expires_after[seconds]")
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class SchemaError(InvalidRequestError):
    """A refusal of the files schema layer, or of a download: its message again in `detail`, beside the error
    (captured)."""

    def to_dict(self):
        return {**super().to_dict(), "detail": {"message": self.message, "code": self.code}}


def file_id():
    """Return a file id: `file-` and 22 base58 characters (no 0, O, I or l), as the API gives since 2025."""
    return "file-" + "".join(_BASE58[byte % 58] for byte in ids.random_bytes(22))


def indented_newline(obj, status=200, headers=None):
    """Return obj as the files endpoint writes JSON: indented by two, UTF-8 as is, a newline at the end."""
    return Response(rust_json(obj) + b"\n", status, headers, content_type="application/json")


def file_object(stored_id, purpose, filename, size, created, expires_at):
    return {"object": "file", "id": stored_id, "purpose": purpose, "filename": filename, "bytes": size,
            "created_at": created, "expires_at": expires_at, "status": "processed", "status_details": None}


def make_file(purpose, filename, content, created=None, expires_at=None):
    """Keep a file in the store and return its object."""
    created = int(time.time()) if created is None else created
    stored = file_object(file_id(), purpose, filename, len(content), created, expires_at)
    store.save_file(store_path(), stored, content)
    return stored


def is_jsonl(chunks):
    """Tell whether bytes (given a chunk at a time) are JSON Lines: UTF-8, at least one line, each a JSON object."""
    lines = 0
    try:
        for _, raw in store.split_lines(chunks):
            line = raw.decode("utf-8")
            if line.strip():
                lines += 1
                if not isinstance(json.loads(line), dict):
                    return False
        return lines > 0
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


# The APIs that refuse a file of their purpose that is not JSON Lines, as they word it: the Batch API (recorded) and
# the Fine-Tuning API (a live CLI test of a plain text file, dsw7/GPTifier, 2024-2025; its envelope, the `detail`
# twin, and its check of the content rather than the name are taken from the batch refusal, a guess).
JSONL_APIS = {"batch": "Batch API", "fine-tune": "Fine-Tuning API"}


def check_format(purpose, chunks):
    """Refuse a file (its bytes a chunk at a time) of a purpose that must be JSON Lines when it is not."""
    if purpose in JSONL_APIS and not is_jsonl(chunks):
        raise SchemaError(f"Invalid file format for {JSONL_APIS[purpose]}. Must be .jsonl")


def file_expires_at(created, purpose, seconds=None):
    """When a file expires: seconds after its creation (expires_after), else batch files after 30 days and
    others never (the SDK's docstring of expires_after, for files.create and uploads.create alike)."""
    if seconds is not None:
        return created + seconds
    return created + BATCH_FILE_SECONDS if purpose == "batch" else None


def _expires_at(form, created, purpose):
    """When an upload expires: expires_after (anchor created_at, 1 hour to 30 days) or the purpose's default."""
    anchor = form.get("expires_after[anchor]")
    if anchor is None and "expires_after[seconds]" not in form:
        return file_expires_at(created, purpose)
    if anchor != "created_at":
        raise InvalidRequestError(f"Invalid value: '{anchor or ''}'. Supported values are: 'created_at'.",
                                  param="expires_after.anchor", code="invalid_value")
    if "expires_after[seconds]" not in form:
        raise missing_parameter("expires_after.seconds")
    return file_expires_at(created, purpose, query_int(form, "expires_after[seconds]", None, 3600, BATCH_FILE_SECONDS))


indented_refusals(bp, indented_newline)  # refusals are written as the answers are (recorded)
without_ratelimit_headers(bp, ANY_ORIGIN)


@bp.post("/files")
def upload_file():
    """Keep an uploaded file and answer with its object."""
    upload, form = request.files.get("file"), request.form
    purpose = form.get("purpose")
    if upload is None:
        raise SchemaError("'file' is a required property", param="file")
    if purpose is None:
        raise SchemaError("'purpose' is a required property", param="purpose")
    if purpose not in PURPOSES:
        raise SchemaError(f"{purpose!r} is not one of {PURPOSES} - 'purpose'", param="purpose")
    extras = sorted({*form, *request.files} - set(UPLOAD_PARTS))
    if extras:
        names = ", ".join(repr(name) for name in extras)
        raise SchemaError(f"Additional properties are not allowed ({names} {'was' if len(extras) == 1 else 'were'} "
                          "unexpected)")
    content = upload.read()
    check_format(purpose, [content])
    created = int(time.time())
    expires_at = _expires_at(form, created, purpose)
    return indented_newline(make_file(purpose, upload.filename or "upload", content, created, expires_at))


@bp.get("/files")
def list_files():
    """List the files, newest first by default: purpose, limit (10,000), order and after."""
    args = request.args
    limit, reverse = query_int(args, "limit", 10_000, 1, 10_000), query_order(args, "desc") == "desc"
    now = int(time.time())
    found = [item for item in store.file_listing(store_path()) if item["created_at"] <= now]  # no batch output yet
    if args.get("purpose"):
        found = [item for item in found if item["purpose"] == args["purpose"]]
    if reverse:
        found.reverse()
    found = after(found, args.get("after"))
    page = found[:limit]
    return indented_newline({"object": "list", "data": page, "has_more": len(found) > len(page),
                             "first_id": page[0]["id"] if page else None,
                             "last_id": page[-1]["id"] if page else None})


def _kept(stored_id, content=False):
    found = store.get_file(store_path(), stored_id, content)
    if found is None:
        raise NotFoundError(f"No such File object: {stored_id}", param="id")
    return found


@bp.get("/files/<stored_id>")
def retrieve_file(stored_id):
    return indented_newline(_kept(stored_id))


@bp.delete("/files/<stored_id>")
def delete_file(stored_id):
    _kept(stored_id)
    store.delete_file(store_path(), stored_id)
    return indented_newline({"object": "file", "deleted": True, "id": stored_id})


@bp.get("/files/<stored_id>/content")
def file_content(stored_id):
    """Send a file's bytes as they were uploaded (or made), as an attachment."""
    stored = _kept(stored_id)
    if stored["purpose"] in NOT_DOWNLOADABLE:
        # with its `detail` twin, 270 bytes (ellmer's cassettes, user_data, August 2026)
        raise SchemaError(f"Not allowed to download files of purpose: {stored['purpose']}")
    headers = {"Content-Disposition": attachment(stored["filename"])}
    if stored["bytes"] <= store.CHUNK:
        content = _kept(stored_id, content=True)[1]
    else:  # sent as it is read, a chunk at a time, its length told all the same: a large file is not read whole
        content, headers["Content-Length"] = store.blob_chunks(store_path(), "files", stored_id), stored["bytes"]
    return Response(content, content_type="application/octet-stream", headers=headers)


def attachment(filename):
    """Return the Content-Disposition of a download: the name quoted, and as RFC 5987 UTF-8 when not Latin-1."""
    name = "".join(char for char in filename if char >= " " and char != "\x7f")  # no control characters
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    try:
        quoted.encode("latin-1")
    except UnicodeEncodeError:
        fallback = quoted.encode("ascii", "replace").decode().replace("?", "_")
        encoded = urllib.parse.quote(name.encode("utf-8", "replace"), safe="")
        return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    return f'attachment; filename="{quoted}"'
