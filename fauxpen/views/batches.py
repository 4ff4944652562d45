"""The Batch API: POST /v1/batches, GET /v1/batches, GET /v1/batches/{id}, POST /v1/batches/{id}/cancel.

A batch's lines are checked, then answered, a bounded step at a time (batch.py): the first step when it is
created, the rest by a thread of the worker that made it, which pauses between steps as long as each took (a
worker that did not make it takes it over when it reads a batch no worker has stepped for a minute). Its output
and error lines are kept a step at a time and joined into the files at the end, a chunk at a time: neither the
time nor the memory of one request grows with the batch. What its object shows follows the clock, as the real
API's does: `validating` at first (the create answer) and until its last line is checked, `in_progress` (or
`failed`, for an input the Batch API refuses) after a second or then, whichever is later, `completed`
FAUXPEN_BATCH_SECONDS after creation, with its output and error files, or once its last line is answered if
that is later; a cancelled batch is `cancelling`, then `cancelled` as long after. The endpoint
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
# A step of a batch: at most this many lines answered, and no more once this many bytes of them are read; a worker
# that made none for LEASE seconds is taken to have stopped (its step, if any, is run again by another).
STEP_LINES, STEP_BYTES, LEASE = 100, 1 << 20, stepping.LEASE
# A step of a batch's check of its input file's lines, before any is answered: at most this many lines, and no more
# once this many bytes of them are read (about 0.06 s of a 30 MB file's).
CHECK_LINES, CHECK_BYTES = 1000, 1 << 20


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
    """Check the request, keep a copy of the input file, run the first step of its lines (a step of their checks,
    and, if that was the last, a step of their answers), answer `validating`."""
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
    elif store.copy_to_parts(path, req["input_file_id"], batch_id + ":input"):
        after = req.get("output_expires_after")
        usage = {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0,
                 "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}}
        kept.update(files={}, usage=usage, model=None, counts={"total": 0, "completed": 0, "failed": 0},
                    pending={"offset": 0, "done": 0, "first_model": None, "done_at": created + seconds,
                             "keep": after["seconds"] if after else OUTPUT_SECONDS, "claimed_until": 0,
                             "beat": time.time(), "authorization": request.headers.get("Authorization", ""),
                             "checking": {"line": 0, "count": 0, "failed": False, "size": found["bytes"]}})
    else:  # deleted since it was read
        kept["errors"] = [batches._error("invalid_request", f"Cannot find file {req['input_file_id']}, or "
                                         f"organization {context.config()['FAUXPEN_ORGANIZATION_ID']} does not "
                                         "have access to it.", "file_id")]
    store.save_record(path, "batches", batch_id, kept)
    if "pending" in kept:
        app = current_app._get_current_object()
        if step(app, path, batch_id, first=True):
            run_later(app, path, batch_id)
    webhooks.watch(path, batch_id, BATCH_EVENT)
    return indented(blank)


def step(app, path, batch_id, first=False):
    """Check a batch's next lines (CHECK_LINES, CHECK_BYTES) or, once all are checked, answer its next lines
    (STEP_LINES, STEP_BYTES), keep their output and error lines, and, after its last line, make its files; return
    whether lines are left to check or answer (another worker's step running: True). first: the create call's
    step, which also answers a step of lines if its check was the last."""
    now = time.time()

    def claim(kept):
        pending = kept.get("pending")
        if pending is None or kept.get("cancelled_at") is not None:
            return None
        claimed = stepping.claim(pending, now)
        shown = kept["object"]
        return claimed and {**claimed, "endpoint": shown["endpoint"], "created": shown["created_at"]}
    _, claimed = store.update_record(path, "batches", batch_id, claim)
    if not claimed:
        return claimed is False
    if "checking" in claimed:
        more = _check(path, batch_id, claimed, first)
        return step(app, path, batch_id) if more is ANSWER and first else bool(more)
    with contextlib.closing(store.part_lines(path, batch_id + ":input", claimed["offset"])) as lines:
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


ANSWER = "answer"  # what _check returns once it has checked a batch's last line and found none bad


def _check(path, batch_id, claimed, first):
    """Check a batch's next lines; after its last, fail it with their errors, or have its lines answered. Return
    whether lines are left to check, or ANSWER once they are to be answered."""
    checking = claimed["checking"]
    line = checking["line"]
    with contextlib.closing(store.part_lines(path, batch_id + ":input", claimed["offset"])) as lines:
        errors, good, first_model, number, offset = batches.check_step(
            claimed["endpoint"], lines, CHECK_LINES, CHECK_BYTES, line,
            lambda custom_ids: store.custom_ids_before(path, batch_id, custom_ids, line + 1))
    store.keep_custom_ids(path, batch_id, good)
    if errors:
        store.save_part(path, f"{batch_id}:errors:{line:012d}", f"{batch_id}:errors",
                        utf8("".join(json.dumps(error) + "\n" for error in errors)))
    offset = checking["size"] if offset is None else offset
    failed, count = checking["failed"] or bool(errors), checking["count"] + len(good)
    last, kept_errors = offset >= checking["size"], None
    if last and (failed or not count):
        kept_errors = [json.loads(text) for _, content in sorted(store.parts(path, f"{batch_id}:errors").items())
                       for text in content.decode().splitlines()] or [batches.empty_file()]
    # When its last line was checked: the create call's time if that checked it (what the batch shows is then as
    # it was when the create call checked every line).
    checked_at = claimed["created"] if first else int(time.time())

    def note(kept):
        pending = kept.get("pending")
        if (pending is None or "checking" not in pending or pending["offset"] != claimed["offset"]
                or kept.get("cancelled_at") is not None):
            return None  # cancelled, or a step another worker ran again after this one's lease ran out
        pending.update(offset=offset, claimed_until=0, beat=time.time())
        pending["first_model"] = pending["first_model"] or first_model
        pending["checking"].update(line=number, count=count, failed=failed)
        if not last:
            return True
        kept["checked_at"] = checked_at
        if failed or not count:
            kept.pop("pending")
            kept["errors"] = kept_errors
            return False
        del pending["checking"]
        pending["offset"] = 0
        kept["counts"]["total"] = count
        return ANSWER
    found, more = store.update_record(path, "batches", batch_id, note)
    if more is None:  # its lines are another worker's step's now, unless the batch is cancelled or gone
        kept = store.get_record(path, "batches", batch_id) if found else None
        if kept is None or kept.get("cancelled_at") is not None:
            _drop_parts(path, batch_id)
        elif "checking" not in kept.get("pending", {}):  # checked by the other: what this step kept is not needed
            store.drop_parts(path, f"{batch_id}:errors")
            store.drop_custom_ids(path, batch_id)
        return False
    if more is not True:
        store.drop_parts(path, f"{batch_id}:errors")
        store.drop_custom_ids(path, batch_id)
        if more is False:
            store.drop_parts(path, batch_id + ":input")
    return more


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
    for kind in ("input", "output", "error", "errors"):
        store.drop_parts(path, f"{batch_id}:{kind}")
    store.drop_custom_ids(path, batch_id)


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
    # in_progress (or failed) a second after creation, or once its last line is checked if that is later
    started, done = max(created + min(1, seconds), kept.get("checked_at", created)), created + seconds
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
    if now < started or "checking" in kept.get("pending", {}):
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
