"""The Batch API: POST /v1/batches, GET /v1/batches, GET /v1/batches/{id}, POST /v1/batches/{id}/cancel.

A batch is answered whole when it is created (batch.py); what its object shows then follows the clock, as
the real API's does: `validating` at first (the create answer), `in_progress` after a second, `completed`
(or `failed`, for an input the Batch API refuses) FAUXPEN_BATCH_SECONDS after creation, with its output
and error files; a cancelled batch is `cancelling`, then `cancelled` as long after. The endpoint writes JSON
indented by two spaces without a newline at the end, but the cancel answer, which is compact (recorded), and
sends no x-ratelimit-* headers.
"""
import json
import time

from flask import Blueprint, Response, current_app, request
from marshmallow import EXCLUDE, Schema, pre_load

from .. import batch as batches, context, store, wire
from ..errors import InvalidRequestError, NotFoundError
from ..jsontext import utf8
from ..schemas import fields as f
from ..schemas.chat import Metadata
from ..validation import load
from . import indented, webhooks
from .files import make_file
from .stored import after, query_int, store_path
from .uploads import ExpiresAfter

bp = Blueprint("batches", __name__)

DAY = 24 * 3600
OUTPUT_SECONDS = 30 * DAY  # how long an output or error file is kept unless output_expires_after says otherwise
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


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
    """Check the request, run the batch's requests, keep how it will turn out, answer `validating`."""
    body = wire.json_body()
    context.note("ratelimit", False)
    req = load(batch_request, body)
    created, seconds = int(time.time()), context.config()["FAUXPEN_BATCH_SECONDS"]
    batch_id = batches.time_id("batch_", created)
    blank = _blank(batch_id, req, created)
    kept = {"object": blank, "seconds": seconds, "cancelled_at": None}
    found = store.get_file(store_path(), req["input_file_id"], content=True)
    if found is not None and found[0]["purpose"] != "batch":
        kept["errors"] = [batches._error("invalid_request", f"File {req['input_file_id']} has purpose "
                                         f"'{found[0]['purpose']}'; the Batch API reads files of purpose 'batch'.",
                                         "input_file_id")]  # guessed wording
    elif found is None:
        kept["errors"] = [batches._error("invalid_request", f"Cannot find file {req['input_file_id']}, or "
                                         f"organization {context.config()['FAUXPEN_ORGANIZATION_ID']} does not have "
                                         "access to it.", "file_id")]
    else:
        requests, errors = batches.check_lines(req["endpoint"], found[1])
        if errors:
            kept["errors"] = errors
        else:
            after = req.get("output_expires_after")
            kept.update(_run(batch_id, requests, created + seconds, after["seconds"] if after else OUTPUT_SECONDS))
    store.save_record(store_path(), "batches", batch_id, kept)
    webhooks.watch(store_path(), batch_id, BATCH_EVENT)
    return indented(blank)


def _run(batch_id, requests, done_at, keep_seconds):
    """Answer the requests now; keep the output and error files, dated when the batch will be done and expiring
    keep_seconds after that (output_expires_after's anchor is the file's creation, not the batch's)."""
    headers = {"Authorization": request.headers.get("Authorization", "")}
    output, failed, usage, model = batches.run(current_app.test_client(), requests, headers, done_at)
    files = {}
    for kind, lines in (("output", output), ("error", failed)):
        if lines:
            made = make_file("batch_output", f"{batch_id}_{kind}.jsonl", utf8("".join(lines)), done_at,
                             done_at + keep_seconds)
            files[f"{kind}_file_id"] = made["id"]
    return {"files": files, "usage": usage, "model": model,
            "counts": {"total": len(requests), "completed": len(output), "failed": len(failed)}}


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
    return indented(visible(_kept(batch_id), int(time.time())))


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
    for file_id in kept.get("files", {}).values():
        store.delete_file(store_path(), file_id)
    shown = visible(kept, now)
    return Response(utf8(json.dumps(shown, separators=(",", ":"), ensure_ascii=False)),
                    content_type="application/json")


@bp.get("/batches")
def list_batches():
    """List batches, newest first: limit (20, at most 100) and after."""
    context.note("ratelimit", False)
    args = request.args
    now = int(time.time())
    found = [visible(kept, now) for kept in reversed(store.record_listing(store_path(), "batches"))]
    found = after(found, args.get("after"))
    limit = query_int(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    page = found[:limit]
    return indented({"object": "list", "data": page, "first_id": page[0]["id"] if page else None,
                     "last_id": page[-1]["id"] if page else None, "has_more": len(found) > len(page)})
