"""The Containers API (code interpreter's sandboxes): /v1/containers (create, list), /v1/containers/{id} (get,
delete), and a container's files: add (an upload, or a file of the Files API by id), list, get, delete, content.

Containers are kept in the server's store; nothing runs in them. Shapes, key orders, ids and layout follow
recordings of 2025-2026 (openai-dotnet): JSON indented by two with no newline at the end, no x-ratelimit-*
headers, 200 on create, the key order id, object, created_at, status, then the rest in alphabetical order,
`memory_limit` and `network_policy` shown only when the request set them. A container expires after
`expires_after.minutes` (20 by default, at most 20) without use; any operation on it is a use, and a retrieve or a
list shows the time of the request as `last_active_at`, an expired container's too (recorded). An expired container
keeps its metadata and loses its files. Recorded refusals: an unknown container (`Container with id '...' not
found.`), a file not in the container (`File ... not found on container ....`) and, in /v1/responses, an expired
container (`Container is expired.`, given here to a file operation on one too: a guess). Others are guessed.
"""
import hashlib
import mimetypes
import time
import urllib.parse

from flask import Blueprint, Response, request

from .. import ids, store, wire
from ..errors import InvalidRequestError, NotFoundError, missing_parameter
from ..schemas import containers as schemas
from ..validation import load
from . import indented, indented_refusals, without_ratelimit_headers
from .stored import forgotten_record, newest_page, store_path

bp = Blueprint("containers", __name__)

TABLE = "containers"
DEFAULT_EXPIRY = {"anchor": "last_active_at", "minutes": schemas.MAX_MINUTES}
FILES_DIRECTORY = "/mnt/data/"

indented_refusals(bp)
without_ratelimit_headers(bp)


def clock():
    """The time, in whole seconds (the tests move it on)."""
    return int(time.time())


def container_id(created):
    """`cntr_` and 48 hex digits: the time, 4 more, `8198` (2026's; 2025's were `8190`), 32 more (recorded)."""
    return f"cntr_{created & 0xFFFFFFFF:08x}{ids.random_hex(2)}8198{ids.random_hex(16)}"


def container_file_id(created):
    """`cfile_` and 32 hex digits: the time, 4 more, `8191`, 16 more (recorded)."""
    return ids.time_id("cfile_", created, "8191")


class ContainerNotFoundError(NotFoundError):
    def __init__(self, container_ref):
        super().__init__(f"Container with id '{container_ref}' not found.")


class ContainerExpiredError(InvalidRequestError):
    def __init__(self):
        super().__init__("Container is expired.")


def expired(record, now):
    """Tell whether a kept container has expired by now: marked so, or idle for its expiry's minutes since."""
    return record["expired"] or now >= record["last_active_at"] + record["expires_after"]["minutes"] * 60


def container_object(record, now, last_active_at=None):
    """The container as the API shows it at now (recorded key order); its last_active_at, unless given."""
    shown = {"id": record["id"], "object": "container", "created_at": record["created_at"],
             "status": "expired" if expired(record, now) else "running", "expires_after": record["expires_after"],
             "last_active_at": record["last_active_at"] if last_active_at is None else last_active_at}
    if "memory_limit" in record:
        shown["memory_limit"] = record["memory_limit"]
    shown["name"] = record["name"]
    if "network_policy" in record:
        shown["network_policy"] = record["network_policy"]
    return shown


def use(record, now):
    """Mark a kept container used at now: active again, unless it has been idle past its expiry, which it does not
    come back from (its files are then dropped, by whoever calls). Return the record."""
    if expired(record, now):
        record["expired"] = True
    else:
        record["last_active_at"] = now
    return record


def used(container_ref, now=None):
    """Return a kept container's record, used at now (see use); 404 when it is not kept."""
    now = clock() if now is None else now
    found, record = store.update_record(store_path(), TABLE, container_ref, lambda record: use(record, now))
    if not found:
        raise ContainerNotFoundError(container_ref)
    if record["expired"]:
        store.drop_container_files(store_path(), record["id"])
    return record


def running(container_ref):
    """Return a kept container's record, used now; refused when it has expired (a file operation, or a response's
    code interpreter)."""
    record = used(container_ref)
    if record["expired"]:
        raise ContainerExpiredError()
    return record


def file_path(filename, chunks):
    """Where an added file lies: /mnt/data/, 32 hex digits the same for the same name and bytes (given a chunk at a
    time), `-` and its name."""
    digest = hashlib.sha256(b"fauxpen container file\0" + filename.encode("utf-8", "surrogatepass") + b"\0")
    for chunk in chunks:
        digest.update(chunk)
    return f"{FILES_DIRECTORY}{digest.hexdigest()[:32]}-{filename}"


def file_object(record, filename, size, chunks, now):
    """A container's file's object (its source `user`, recorded key order) and its name as kept."""
    filename = filename.replace("\\", "/").rsplit("/", 1)[-1] or "upload"
    return {"id": container_file_id(now), "object": "container.file", "created_at": now, "bytes": size,
            "container_id": record["id"], "path": file_path(filename, chunks), "source": "user"}


def add_file(record, filename, content, now):
    """Keep an uploaded file in a container and return its object."""
    stored = file_object(record, filename, len(content), [content], now)
    store.save_container_file(store_path(), stored, content)
    return stored


def files_api_file(file_id):
    """Return the object of a file of the Files API; 404 in the Files API's words when it is not there."""
    found = store.get_file(store_path(), file_id)
    if found is None:
        raise NotFoundError(f"No such File object: {file_id}", param="file_id")  # the Files API's wording
    return found


def copied_file(record, found, now):
    """Return the object of a container's file that is a copy of a file of the Files API (found, its object), made
    ready to keep: its bytes are read a chunk at a time for its path, then copied so (copy_file), never held whole
    (each file was read whole, and all were held until the container was made)."""
    return file_object(record, found["filename"], found["bytes"],
                       store.content_chunks(store_path(), "files", found["id"]), now)


def copy_file(stored, found):
    """Keep a container's file made by copied_file; 404 if the file has just been deleted."""
    if not store.container_file_of(store_path(), stored, found["id"]):
        raise NotFoundError(f"No such File object: {found['id']}", param="file_id")
    return stored


def make_container(name, memory_limit=None):
    """Keep a new container (the default expiry; a memory limit of the Containers API's, else none shown) and
    return its record: a code interpreter's `auto` container, when the tool is called."""
    now = clock()
    record = {"id": container_id(now), "created_at": now, "name": name, "expires_after": DEFAULT_EXPIRY,
              "last_active_at": now, "expired": False}
    if memory_limit in schemas.MEMORY_LIMITS:
        record["memory_limit"] = memory_limit
    store.save_record(store_path(), TABLE, record["id"], record)
    return record


@bp.post("/containers")
def create_container():
    req = load(schemas.container_request, wire.json_body())
    files = [files_api_file(file_id) for file_id in dict.fromkeys(req.get("file_ids") or [])]
    now = clock()
    record = {"id": container_id(now), "created_at": now, "name": req["name"],
              "expires_after": req.get("expires_after") or DEFAULT_EXPIRY, "last_active_at": now, "expired": False}
    if "memory_limit" in req:
        record["memory_limit"] = req["memory_limit"]
    if "network_policy" in req:  # echoed without its domain secrets
        policy = req["network_policy"]
        record["network_policy"] = {"type": policy["type"], **(
            {"allowed_domains": policy["allowed_domains"]} if "allowed_domains" in policy else {})}
    made = [(copied_file(record, found, now), found) for found in files]  # before the container is kept
    store.save_record(store_path(), TABLE, record["id"], record)
    for stored, found in made:
        copy_file(stored, found)
    return indented(container_object(record, now))


@bp.get("/containers")
def list_containers():
    """List containers (of one name, with `name`), each showing the time of the request as its last_active_at
    (recorded, an expired one's too); listing is not a use."""
    now = clock()
    wanted = request.args.get("name")
    records = [record for record in store.record_listing(store_path(), TABLE)
               if wanted is None or record["name"] == wanted]
    return newest_page([container_object(record, now, now) for record in records])


@bp.get("/containers/<container_ref>")
def retrieve_container(container_ref):
    now = clock()
    return indented(container_object(used(container_ref, now), now, now))


@bp.delete("/containers/<container_ref>")
def delete_container(container_ref):
    """Forget a container and its files; one another request deleted first is not there to delete."""
    forgotten_record(TABLE, container_ref, ContainerNotFoundError)
    store.drop_container_files(store_path(), container_ref)
    return indented({"id": container_ref, "object": "container.deleted", "deleted": True})


@bp.post("/containers/<container_ref>/files")
def create_container_file(container_ref):
    """Add a file: uploaded (multipart `file`), or copied from the Files API (`file_id`, in JSON or a form)."""
    record = running(container_ref)
    form = request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded")
    upload = request.files.get("file") if form else None
    if upload is not None:
        filename, content = upload.filename or "upload", upload.read()
    else:
        file_id = request.form.get("file_id") if form else load(schemas.file_request, wire.json_body())["file_id"]
        if file_id is None:
            raise missing_parameter("file")
        found = files_api_file(file_id)
        return indented(copy_file(copied_file(record, found, clock()), found))
    return indented(add_file(record, filename, content, clock()))


@bp.get("/containers/<container_ref>/files")
def list_container_files(container_ref):
    record = running(container_ref)
    return newest_page(store.container_files(store_path(), record["id"]))


def kept_file(container_ref, file_ref, content=False):
    """Return a file of a running container (and its bytes, with content=True); 404 when it is not there."""
    record = running(container_ref)
    found = store.container_file(store_path(), record["id"], file_ref, content)
    if found is None:
        raise NotFoundError(f"File {file_ref} not found on container {record['id']}.")
    return found


@bp.get("/containers/<container_ref>/files/<file_ref>")
def retrieve_container_file(container_ref, file_ref):
    return indented(kept_file(container_ref, file_ref))


@bp.delete("/containers/<container_ref>/files/<file_ref>")
def delete_container_file(container_ref, file_ref):
    kept_file(container_ref, file_ref)
    if not store.delete_container_file(store_path(), container_ref, file_ref):
        raise NotFoundError(f"File {file_ref} not found on container {container_ref}.")
    return indented({"id": file_ref, "object": "container.file.deleted", "deleted": True})


@bp.get("/containers/<container_ref>/files/<file_ref>/content")
def container_file_content(container_ref, file_ref):
    """Send a file's bytes, typed by its name (text as UTF-8), as an attachment named `file` and its extension
    (recorded), with its stored name as the RFC 5987 one."""
    stored = kept_file(container_ref, file_ref)
    # A large file is sent as it is read, a chunk at a time, as /v1/files sends one, its length told all the same.
    content = kept_file(container_ref, file_ref, content=True)[1] if stored["bytes"] <= store.CHUNK else \
        store.blob_chunks(store_path(), "container_files", stored["id"])
    name = stored["path"].rsplit("/", 1)[-1]
    kind, encoding = mimetypes.guess_type(name)
    kind = "application/octet-stream" if kind is None or encoding else kind  # a .tar.gz is not a tar
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    extension = name.rsplit(".", 1)[-1] if "." in name.split("-", 1)[-1] else ""
    plain = "file" + (f".{extension}" if extension.isascii() and extension.isalnum() else "")
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{urllib.parse.quote(name.encode('utf-8', 'replace'), safe='')}"
    sent = Response(content, content_type=kind, headers={"Content-Disposition": disposition})
    sent.headers["Content-Length"] = stored["bytes"]  # (where werkzeug puts the length of bytes)
    return sent
