"""The Batch API: POST /v1/batches, GET /v1/batches, GET /v1/batches/{id}, POST /v1/batches/{id}/cancel.

A batch's lines are answered a bounded step at a time (batch.py): the first step when it is created, the rest by
a thread of the worker that made it, which pauses between steps as long as each took (a worker that did not make
it takes it over when it reads a batch no worker has stepped for a minute). Its output and error lines are kept
a step at a time and joined into the files at the end, a chunk at a time: neither the time nor the memory of one
request grows with the batch. What its object shows follows the clock, as the real API's does: `validating` at
first (the create answer), `in_progress` after a second, `completed` (or `failed`, for an input the Batch API
refuses) FAUXPEN_BATCH_SECONDS after creation, with its output and error files, or once its last line is
answered if that is later; a cancelled batch is `cancelling`, then `cancelled` as long after. The endpoint
writes JSON indented by two spaces without a newline at the end, but the cancel answer, which is compact
(recorded), and sends no x-ratelimit-* headers.
"""
import contextlib
import json
import time

from flask import Blueprint, Response, current_app, request
from marshmallow import EXCLUDE, Schema, pre_load

from .. import batch as batches, context, stepping, store, wire
from ..errors import InvalidRequestError, NotFoundError
from ..jsontext import utf8
from ..schemas import fields as f
from ..schemas.chat import Metadata
from ..validation import load
from . import indented, webhooks
from .files import file_id, file_object
from .stored import after, query_int, store_path
from .uploads import ExpiresAfter

bp = Blueprint("batches", __name__)

DAY = 24 * 3600
OUTPUT_SECONDS = 30 * DAY  # how long an output or error file is kept unless output_expires_after says otherwise
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
# A step of a batch: at most this many lines, and no more once this many bytes of them are read; a worker that
# made none for LEASE seconds is taken to have stopped (its step, if any, is run again by another).
STEP_LINES, STEP_BYTES, LEASE = 100, 1 << 20, stepping.LEASE


class BatchRequest(Schema):
    class Meta:
        unknown = EXCLUDE

    input_file_id = f.String(required=True)
    endpoint = f.Enum(batches.ENDPOINTS, required=True)
    completion_window = f.Enum(["24h"], required=True)
    metadata = Metadata(allow_none=True)
    output_expires_after = f.NestedObject(ExpiresAfter, allow_none=True)  # anchor created_at, 1 hour to 30 days

    @pre_load
    def reject_unknown(self, data, **kwargs):
        return f.reject_unknown_parameters(self, data)


batch_request = BatchRequest()


def _blank(batch_id, req, created):
    """The batch object as the create answer shows it (status validating, nothing run yet)."""
    return {"id": batch_id, "object": "batch", "endpoint": req["endpoint"], "model": None, "errors": None,
            "input_file_id": req["input_file_id"], "completion_window": req["completion_window"],
            "status": "validating", "output_file_id": None, "error_file_id": None, "created_at": created,
            "in_progress_at": None, "expires_at": created + DAY, "finalizing_at": None, "completed_at": None,
            "failed_at": None, "expired_at": None, "cancelling_at": None, "cancelled_at": None,
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
            "usage": {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0,
                      "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}},
            "metadata": req.get("metadata")}


@bp.post("/batches")
def create_batch():
    """Check the request and the input file's lines, run the first step of them, answer `validating`."""
    body = wire.json_body()
    context.note("ratelimit", False)
    req = load(batch_request, body)
    created, seconds = int(time.time()), context.config()["FAUXPEN_BATCH_SECONDS"]
    batch_id = batches.time_id("batch_", created)
    blank = _blank(batch_id, req, created)
    kept = {"object": blank, "seconds": seconds, "cancelled_at": None}
    path = store_path()
    found = store.get_file(path, req["input_file_id"])
    if found is not None and found["purpose"] != "batch":
        kept["errors"] = [batches._error("invalid_request", f"File {req['input_file_id']} has purpose "
                                         f"'{found['purpose']}'; the Batch API reads files of purpose 'batch'.",
                                         "input_file_id")]  # guessed wording
    elif found is None:
        kept["errors"] = [batches._error("invalid_request", f"Cannot find file {req['input_file_id']}, or "
                                         f"organization {context.config()['FAUXPEN_ORGANIZATION_ID']} does not have "
                                         "access to it.", "file_id")]
    else:
        with contextlib.closing(store.content_lines(path, "files", req["input_file_id"])) as lines:
            count, first_model, errors = batches.check_lines(req["endpoint"], lines)
        if errors:
            kept["errors"] = errors
        elif store.copy_to_part(path, req["input_file_id"], batch_id + ":input", batch_id + ":input"):
            after = req.get("output_expires_after")
            usage = {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0,
                     "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}}
            kept.update(files={}, usage=usage, model=None, counts={"total": count, "completed": 0, "failed": 0},
                        pending={"offset": 0, "done": 0, "first_model": first_model, "done_at": created + seconds,
                                 "keep": after["seconds"] if after else OUTPUT_SECONDS, "claimed_until": 0,
                                 "beat": time.time(), "authorization": request.headers.get("Authorization", "")})
        else:  # deleted since it was read
            kept["errors"] = [batches._error("invalid_request", f"Cannot find file {req['input_file_id']}, or "
                                             f"organization {context.config()['FAUXPEN_ORGANIZATION_ID']} does not "
                                             "have access to it.", "file_id")]
    store.save_record(path, "batches", batch_id, kept)
    if "pending" in kept:
        app = current_app._get_current_object()
        if step(app, path, batch_id):
            run_later(app, path, batch_id)
    webhooks.watch(path, batch_id, BATCH_EVENT)
    return indented(blank)


def step(app, path, batch_id):
    """Answer a batch's next lines (STEP_LINES, STEP_BYTES), keep their output and error lines, and, after its
    last line, make its files; return whether lines are left to answer (another worker's step running: True)."""
    now = time.time()

    def claim(kept):
        pending = kept.get("pending")
        if pending is None or kept.get("cancelled_at") is not None:
            return None
        return stepping.claim(pending, now)
    _, claimed = store.update_record(path, "batches", batch_id, claim)
    if not claimed:
        return claimed is False
    with contextlib.closing(store.content_lines(path, "upload_parts", batch_id + ":input", claimed["offset"])) as lines:
        requests, offset = batches.read_step(lines, STEP_LINES, STEP_BYTES)
    headers = {"Authorization": claimed["authorization"]}
    output, failed, usage, model = batches.run(app.test_client(), requests, headers, claimed["done_at"])
    for kind, lines in (("output", output), ("error", failed)):
        if lines:
            store.save_part(path, f"{batch_id}:{kind}:{claimed['offset']:012d}", f"{batch_id}:{kind}",
                            utf8("".join(lines)))

    def record(kept):
        pending = kept.get("pending")
        if pending is None or pending["offset"] != claimed["offset"] or kept.get("cancelled_at") is not None:
            return None  # cancelled, or a step another worker ran again after this one's lease ran out
        pending.update(offset=offset, done=pending["done"] + len(requests), claimed_until=0, beat=time.time())
        counts = kept["counts"]
        counts.update(completed=counts["completed"] + len(output), failed=counts["failed"] + len(failed))
        batches.add_usage(kept["usage"], usage)
        kept["model"] = kept["model"] or model
        return pending["done"] >= counts["total"]
    found, more = store.update_record(path, "batches", batch_id, record)
    if more is None:  # its parts are another worker's step's now, unless the batch is cancelled or gone
        kept = store.get_record(path, "batches", batch_id) if found else None
        if kept is None or kept.get("cancelled_at") is not None:
            _drop_parts(path, batch_id)
        return False
    if more is False:
        return True
    _finish(path, batch_id, claimed)
    return False


def _finish(path, batch_id, pending):
    """Join a batch's output and error lines into its files, dated when the batch is done (its done_at, or now if
    later) and expiring pending["keep"] seconds after that (output_expires_after's anchor is the file's creation,
    not the batch's)."""
    done_at = max(pending["done_at"], int(time.time()))
    files = {}
    for kind in ("output", "error"):
        made = file_object(file_id(), "batch_output", f"{batch_id}_{kind}.jsonl", 0, done_at,
                           done_at + pending["keep"])
        if store.save_file_of_parts(path, made, f"{batch_id}:{kind}"):
            files[f"{kind}_file_id"] = made["id"]

    def finish(kept):
        if kept.get("pending") is None or kept.get("cancelled_at") is not None:
            return False
        kept.pop("pending")
        kept.update(files=files, finished_at=done_at, model=kept["model"] or batches.snapshot(pending["first_model"]))
        return True
    _, finished = store.update_record(path, "batches", batch_id, finish)
    if not finished:
        for made_id in files.values():
            store.delete_file(path, made_id)
    _drop_parts(path, batch_id)


def _drop_parts(path, batch_id):
    for kind in ("input", "output", "error"):
        store.drop_parts(path, f"{batch_id}:{kind}")


# This process's batch thread, started by the first batch it steps.
_runner = stepping.Runner("fauxpen-batches", step)


def run_later(app, path, batch_id):
    """Have this process's batch thread answer a batch's lines, a step at a time."""
    _runner.later(app, path, batch_id)


def _take_over(kept, now):
    """Run a batch no worker has stepped for LEASE seconds (its worker stopped) in this one."""
    pending = kept.get("pending")
    if pending is not None and kept.get("cancelled_at") is None and stepping.stalled(pending, now):
        run_later(current_app._get_current_object(), store_path(), kept["object"]["id"])


def visible(kept, now):
    """Return the batch object as it stands at now."""
    shown = dict(kept["object"])
    created, seconds = shown["created_at"], kept["seconds"]
    started, done = created + min(1, seconds), created + seconds
    cancelled = kept.get("cancelled_at")
    if kept.get("errors") is not None and (cancelled is None or cancelled >= started):
        if now >= started:
            shown.update(status="failed", failed_at=started,
                         errors={"object": "list", "data": kept["errors"]})
        return shown
    if cancelled is not None:
        shown.update(status="cancelling" if now < cancelled + seconds else "cancelled", cancelling_at=cancelled)
        if now >= cancelled + seconds:
            shown["cancelled_at"] = cancelled + seconds
        return shown
    if now < started:
        return shown
    shown.update(status="in_progress", in_progress_at=started, model=kept["model"],
                 request_counts={**shown["request_counts"], "total": kept["counts"]["total"]})
    if "pending" in kept:
        shown["model"] = kept["model"] or batches.snapshot(kept["pending"]["first_model"])
        return shown
    done = kept.get("finished_at", done)
    if now >= done:
        shown.update(status="completed", finalizing_at=done, completed_at=done, request_counts=kept["counts"],
                     usage=kept["usage"], **kept["files"])
    return shown


BATCH_EVENT = webhooks.record_events("batches", lambda kept, now: visible(kept, now)["status"],
                                     {status: "batch." + status for status in ("completed", "failed", "cancelled",
                                                                               "expired")})


def _kept(batch_id):
    """Return a kept batch, or refuse its id as the API does (Dec 2025: an id of another form at batch_id, an
    unknown one with no param)."""
    if not batch_id.startswith("batch"):
        raise InvalidRequestError(f"Invalid 'batch_id': '{batch_id}'. Expected an ID that begins with 'batch'.",
                                  param="batch_id", code="invalid_value")
    kept = store.get_record(store_path(), "batches", batch_id)
    if kept is None:
        raise NotFoundError(f"No batch found with id '{batch_id}'.", param=None)
    return kept


@bp.get("/batches/<batch_id>")
def retrieve_batch(batch_id):
    context.note("ratelimit", False)
    kept, now = _kept(batch_id), int(time.time())
    _take_over(kept, now)
    return indented(visible(kept, now))


@bp.post("/batches/<batch_id>/cancel")
def cancel_batch(batch_id):
    """Cancel a batch not yet done: `cancelling` now, `cancelled` later; its answers are dropped."""
    context.note("ratelimit", False)
    now = int(time.time())

    def cancel(kept):  # in one transaction with the read: two cancels keep the first one's time
        status = visible(kept, now)["status"]
        if status in ("completed", "failed", "expired"):
            raise InvalidRequestError(f"Cannot cancel a batch with status '{status}'.", status=409)
        if kept.get("cancelled_at") is None:
            kept["cancelled_at"] = now
        return kept

    found, kept = store.update_record(store_path(), "batches", batch_id, cancel)
    if not found:
        _kept(batch_id)  # the 404
    for made_id in kept.get("files", {}).values():
        store.delete_file(store_path(), made_id)
    if "pending" in kept:
        _drop_parts(store_path(), batch_id)  # what its steps kept; a step running now drops its own
    shown = visible(kept, now)
    return Response(utf8(json.dumps(shown, separators=(",", ":"), ensure_ascii=False)),
                    content_type="application/json")


@bp.get("/batches")
def list_batches():
    """List batches, newest first: limit (20, at most 100) and after."""
    context.note("ratelimit", False)
    args = request.args
    now = int(time.time())
    kept = store.record_listing(store_path(), "batches")
    for one in kept:
        _take_over(one, now)
    found = [visible(one, now) for one in reversed(kept)]
    found = after(found, args.get("after"))
    limit = query_int(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    page = found[:limit]
    return indented({"object": "list", "data": page, "first_id": page[0]["id"] if page else None,
                     "last_id": page[-1]["id"] if page else None, "has_more": len(found) > len(page)})
