"""Fine-tuning jobs: POST/GET /v1/fine_tuning/jobs, GET /v1/fine_tuning/jobs/{id}, POST .../{id}/cancel,
.../{id}/pause and .../{id}/resume, GET .../{id}/events and GET .../{id}/checkpoints; and a checkpoint's
permissions: POST/GET /v1/fine_tuning/checkpoints/{checkpoint}/permissions, DELETE .../permissions/{id}; and
the graders' POST /v1/fine_tuning/alpha/graders/validate and .../run.

Jobs are kept in the server's store and shown by the clock (fine_tuning.py). A job's training file is validated (its
examples checked, and counted with their tokens) a bounded step at a time, as a batch's lines are answered
(stepping.py): the first step in its create call, the rest by a thread of the worker; its result file is made after
the last (none for a job that fails). The endpoint
writes JSON as Rust's serde_json does (jsontext.rust_json: indented, no newline at the end, `4.76837158203125e-6`),
refusals included, as recorded. A job that has succeeded makes its model: the chat or completions endpoint of its base
model answers to the name (registry.made).
"""
import contextlib
import dataclasses
import random
import time

from flask import Blueprint, current_app, has_app_context, request

from .. import context, fine_tuning, graders, ids, registry, rules, stepping, store, wire
from ..errors import InvalidRequestError, NotFoundError, missing_parameter
from ..schemas.fields import invalid_type
from ..schemas.fine_tuning import FINE_TUNING_RULES, PermissionRequest, check_grader, load_fine_tuning_request
from ..validation import load
from . import indented, indented_refusals, webhooks
from .files import file_id, file_object
from .stored import after, metadata_pairs, query_int, store_path

bp = Blueprint("fine_tuning", __name__)

TABLE = "fine_tuning_jobs"
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
# A step of a job's validation: at most this many examples counted, and no more lines once this many bytes of them
# are read (about 0.2 s).
STEP_LINES, STEP_BYTES = 1000, 1 << 20


indented_refusals(bp)  # refusals are written as the answers are (recorded)


def _file(file_id):
    """Return a kept fine-tune file's object (its bytes not read), or None."""
    found = store.get_file(store_path(), file_id) if isinstance(file_id, str) else None
    return found if found and found["purpose"] == "fine-tune" else None




@bp.post("/fine_tuning/jobs")
def create_job():
    """Check the request and keep the job, run the first step of its validation; answer it as it stands,
    validating its files."""
    body = wire.json_body()
    context.note("ratelimit", False)
    req = load_fine_tuning_request(body)
    model = registry.resolve(req["model"])
    req["files"] = {name: _file(req.get(name)) for name in ("training_file", "validation_file")}
    rules.check(FINE_TUNING_RULES, model, req)
    config, now, path = context.config(), int(time.time()), store_path()
    method = (req.get("method") or {}).get("type", "supervised")
    asked = {**(req.get("hyperparameters") or {}),
             **(((req.get("method") or {}).get(method) or {}).get("hyperparameters") or {})}
    job_id = "ftjob-" + ids.alnum(24)
    if not store.copy_to_parts(path, req["training_file"], job_id + ":training"):
        raise InvalidRequestError(f"invalid training_file: {req['training_file']}",
                                  param="training_file")  # deleted since it was read: as if it never was
    record = {"id": job_id, "model": model.id, "created_at": now, "seconds": config["FAUXPEN_FINE_TUNING_SECONDS"],
              "method": method, "organization_id": config["FAUXPEN_ORGANIZATION_ID"],
              "hyperparameters": {key: value for key, value in asked.items() if value is not None},
              "training_file": req["training_file"], "validation_file": req.get("validation_file"),
              "suffix": req.get("suffix"),
              "seed": req["seed"] if req.get("seed") is not None else random.getrandbits(31),
              "integrations": req.get("integrations") or [], "metadata": req.get("metadata"),
              "fine_tuned_model": f"ft:{base_model(model.id)}:"
                                  f"{fine_tuning.organization_slug(config['FAUXPEN_ORGANIZATION'])}:"
                                  f"{req.get('suffix') or ''}:{fine_tuning.stable_alnum(job_id, 8)}",
              "pending": {"offset": 0, "examples": 0, "tokens": 0, "claimed_until": 0, "beat": time.time(),
                          "size": req["files"]["training_file"]["bytes"]}}
    if method == "reinforcement":  # the grader, named as the graders endpoints name one without a name
        settings = req["method"]["reinforcement"]
        record["grader"] = {**settings["grader"], "name": settings["grader"].get("name") or "grader-" + ids.alnum(12)}
        record["response_format"] = settings.get("response_format")
    store.save_record(path, TABLE, job_id, record)
    app = current_app._get_current_object()
    if step(app, path, job_id):
        run_later(app, path, job_id)
    webhooks.watch(path, job_id, JOB_EVENT)
    return indented(fine_tuning.job_object(record, now, create=True))


def step(app, path, job_id):
    """Check and count a job's next training examples and their tokens (STEP_LINES, STEP_BYTES), and, after its last
    line, keep its examples, trained tokens and result file; or, at an example the API refuses or after the last line
    of too few, the error it fails with. Return whether lines are left to count (another worker's step running:
    True)."""
    now = time.time()

    def claim(record):
        pending = record.get("pending")
        if pending is None or record.get("cancelled_at") is not None:
            return None
        claimed = stepping.claim(pending, now)
        return claimed and {**record, "pending": claimed}
    _, claimed = store.update_record(path, TABLE, job_id, claim)
    if not claimed:
        return claimed is False
    pending = claimed.pop("pending")
    with contextlib.closing(store.part_lines(path, job_id + ":training", pending["offset"])) as lines:
        examples, tokens, offset, error = fine_tuning.count_step(
            lines, STEP_LINES, STEP_BYTES, claimed["method"], pending["examples"], claimed["training_file"])
    offset = pending["size"] if offset is None else offset
    examples, tokens = pending["examples"] + examples, pending["tokens"] + tokens
    made = None
    if error is None and offset >= pending["size"]:
        error = fine_tuning.too_few(examples)
    if error is not None:  # the job fails: no more lines are read, and it makes no result file
        claimed.update(error=error, validated_at=int(time.time()))
    elif offset >= pending["size"]:  # the last step: the job as it is once validated, and its result file
        claimed.update(examples=examples, validated_at=int(time.time()))
        claimed["trained_tokens"] = fine_tuning.plan(claimed)[0] * tokens
        content = fine_tuning.result_csv(claimed)
        made = file_object(file_id(), "fine-tune-results", "step_metrics.csv", len(content),
                           fine_tuning.timeline(claimed, paused=False)[2], None)
        store.save_file(path, made, content)
        made = made["id"]

    def note(record):
        kept = record.get("pending")
        if kept is None or kept["offset"] != pending["offset"] or record.get("cancelled_at") is not None:
            return None  # cancelled, or a step another worker ran again after this one's lease ran out
        if error is not None:
            del record["pending"]
            record.update(error=error, validated_at=claimed["validated_at"])
            return False
        if made is None:
            kept.update(offset=offset, examples=examples, tokens=tokens, claimed_until=0, beat=time.time())
            return True
        del record["pending"]
        record.update(examples=examples, validated_at=claimed["validated_at"],
                      trained_tokens=claimed["trained_tokens"], result_file=made)
        return False
    found, more = store.update_record(path, TABLE, job_id, note)
    if more is None:  # its lines are another worker's step's now, unless the job is cancelled or gone
        if made is not None:
            store.delete_file(path, made)
        record = store.get_record(path, TABLE, job_id) if found else None
        if record is None or record.get("cancelled_at") is not None:
            store.drop_parts(path, job_id + ":training")
        return False
    if not more:
        store.drop_parts(path, job_id + ":training")
    return more


# This process's fine-tuning thread, started by the first job it steps.
_runner = stepping.Runner("fauxpen-fine-tuning", step)


def run_later(app, path, job_id):
    """Have this process's fine-tuning thread validate a job's training file, a step at a time."""
    _runner.later(app, path, job_id)


def _take_over(record, now):
    """Validate a job no worker has stepped for LEASE seconds (its worker stopped) in this one."""
    pending = record.get("pending")
    if pending is not None and record.get("cancelled_at") is None and stepping.stalled(pending, now):
        run_later(current_app._get_current_object(), store_path(), record["id"])


JOB_EVENT = webhooks.record_events(TABLE, fine_tuning.status, {status: "fine_tuning.job." + status
                                                               for status in ("succeeded", "failed", "cancelled")})


def base_model(name):
    """Return the snapshot a model is fine-tuned from: itself, or the base a fine-tuned model names."""
    return name.split(":")[1] if name.startswith("ft:") else name


def _kept(job_id):
    record = store.get_record(store_path(), TABLE, job_id)
    if record is None:
        raise NotFoundError(f"Could not find fine tune: {job_id}", param="fine_tune_id", code="fine_tune_not_found")
    return record


@bp.get("/fine_tuning/jobs/<job_id>")
def retrieve_job(job_id):
    context.note("ratelimit", False)
    record, now = _kept(job_id), int(time.time())
    _take_over(record, now)
    return indented(fine_tuning.job_object(record, now))


@bp.post("/fine_tuning/jobs/<job_id>/cancel")
def cancel_job(job_id):
    """Cancel a job not yet finished: it is cancelled at once (recorded), and makes no model."""
    def cancel(record, state, now):
        if state in ("succeeded", "failed"):
            raise InvalidRequestError(f"Job has already {state}: {job_id}")  # guessed wording
        if state != "cancelled":
            record["cancelled_at"] = now

    record, now = _change_job(job_id, cancel)
    if "result_file" in record:
        store.delete_file(store_path(), record["result_file"])
    if "pending" in record:
        store.drop_parts(store_path(), job_id + ":training")  # a step running now drops them itself
    return indented(fine_tuning.job_object(record, now))


@bp.post("/fine_tuning/jobs/<job_id>/pause")
def pause_job(job_id):
    """Pause a job not yet done: its clock stops, until it is resumed (the reference's example answers paused)."""
    def pause(record, state, now):
        if state not in ("validating_files", "queued", "running"):
            raise InvalidRequestError(f"Cannot pause job {job_id} with status {state}.")  # guessed wording
        record.setdefault("pauses", []).append([now, None])

    return indented(fine_tuning.job_object(*_change_job(job_id, pause)))


@bp.post("/fine_tuning/jobs/<job_id>/resume")
def resume_job(job_id):
    """Resume a paused job: it is queued again, then goes on where it stopped (the reference's example answers
    queued)."""
    def resume(record, state, now):
        if state != "paused":
            raise InvalidRequestError(f"Cannot resume job {job_id} with status {state}.")  # guessed wording
        record["pauses"][-1][1] = now

    return indented(fine_tuning.job_object(*_change_job(job_id, resume)))


def _change_job(job_id, change):
    """Change a kept job as it stands now, in one transaction with the read (a concurrent change or delete is not
    lost): change(record, status, now) may refuse. Return (record, now); 404 for a job not kept."""
    context.note("ratelimit", False)
    now = int(time.time())

    def update(record):
        change(record, fine_tuning.status(record, now), now)
        return record

    found, record = store.update_record(store_path(), TABLE, job_id, update)
    if not found:
        _kept(job_id)  # the 404
    return record, now


def _page(found, first_last=False):
    args = request.args
    found = after(found, args.get("after"))
    limit = query_int(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    page = found[:limit]
    listed = {"object": "list", "data": page, "has_more": len(found) > len(page)}
    if first_last:
        listed.update(first_id=page[0]["id"] if page else None, last_id=page[-1]["id"] if page else None)
    return indented(listed)


@bp.get("/fine_tuning/jobs")
def list_jobs():
    """List jobs, newest first: limit (20), after, and the metadata filter as the SDK's JobListParams describes it
    (openai 3.63): `metadata[k]=v` keeps the jobs whose metadata has each such pair (an empty v the empty string),
    the literal `metadata=null` those without metadata."""
    context.note("ratelimit", False)
    now = int(time.time())
    pairs = metadata_pairs()
    unset = request.args.get("metadata") == "null"
    kept = store.record_listing(store_path(), TABLE)
    for record in kept:
        _take_over(record, now)
    return _page([fine_tuning.job_object(record, now) for record in reversed(kept)
                  if not (unset and record.get("metadata") is not None)
                  and all((record.get("metadata") or {}).get(key) == value for key, value in pairs.items())])


@bp.get("/fine_tuning/jobs/<job_id>/events")
def list_events(job_id):
    context.note("ratelimit", False)
    record, now = _kept(job_id), int(time.time())
    _take_over(record, now)  # a client may follow a job by its events alone
    return _page(list(reversed(fine_tuning.events(record, now))))


@bp.get("/fine_tuning/jobs/<job_id>/checkpoints")
def list_checkpoints(job_id):
    context.note("ratelimit", False)
    return _page(fine_tuning.checkpoints(_kept(job_id), int(time.time())), first_last=True)


def _succeeded(now):
    """Yield the kept jobs that have made their model by now (and not had it deleted)."""
    for record in store.record_listing(store_path(), TABLE):
        if fine_tuning.status(record, now) == "succeeded" and not record.get("model_deleted"):
            yield record


def delete_fine_tuned_model(name):
    """Delete a fine-tuned model a job made; tell whether there was one."""
    for record in _succeeded(int(time.time())):
        if record["fine_tuned_model"] == name:
            store.update_record(store_path(), TABLE, record["id"], lambda kept: kept.update(model_deleted=True))
            return True
    return False


def _model(record):
    """The Model a job made: its base snapshot's, named as the job named it (a base is never a tuned model, which
    may since have been deleted)."""
    base = registry.resolve(base_model(record["model"]))
    return dataclasses.replace(base, id=record["fine_tuned_model"], aliases=(), listed=True,
                               created=fine_tuning.timeline(record)[2], owned_by=record["organization_id"],
                               shutdown_date=None)  # its own: none announced (a guess)


def fine_tuned_model(name):
    """Return the Model of a fine-tuned model's name, once its job has made it; else None."""
    if not has_app_context():
        return None
    for record in _succeeded(int(time.time())):
        if record["fine_tuned_model"] == name:
            return _model(record)
    return None


def fine_tuned_models():
    """Return the Models the jobs have made so far."""
    return tuple(_model(record) for record in _succeeded(int(time.time()))) if has_app_context() else ()


registry.made.update(resolve=fine_tuned_model, all=fine_tuned_models, delete=delete_fine_tuned_model)


PERMISSIONS = "checkpoint_permissions"


def _checkpoint(name):
    """Return a fine-tuned model or checkpoint a job made (named as a model, `ft:...`), or raise a 404 (guessed
    wording)."""
    now = int(time.time())
    for record in _succeeded(now):
        if name == record["fine_tuned_model"] or any(
                name == made["fine_tuned_model_checkpoint"] for made in fine_tuning.checkpoints(record, now)):
            return record
    raise NotFoundError(f"Fine-tuned model checkpoint {name} not found.", param="fine_tuned_model_checkpoint")


def _permissions(checkpoint):
    return [record for record in store.record_listing(store_path(), PERMISSIONS) if record["checkpoint"] == checkpoint]


def _permission(record):
    return {"object": "checkpoint.permission", "id": record["id"], "created_at": record["created_at"],
            "project_id": record["project_id"]}


def _listed(found, has_more=False):
    """A list of permissions (the reference's key order)."""
    return indented({"object": "list", "data": found, "first_id": found[0]["id"] if found else None,
                     "last_id": found[-1]["id"] if found else None, "has_more": has_more})


@bp.post("/fine_tuning/checkpoints/<checkpoint>/permissions")
def create_permissions(checkpoint):
    """Share a checkpoint with projects: one permission a project, answered as a list (the reference's
    example). The API asks for an admin key, and refuses the checkpoint's own project: fauxpen takes any key and
    has no projects."""
    context.note("ratelimit", False)
    req = load(PermissionRequest(), wire.json_body())
    _checkpoint(checkpoint)
    made, now = [], int(time.time())
    for project in req["project_ids"]:
        record = {"id": "cp_" + ids.alnum(24), "created_at": now, "project_id": project, "checkpoint": checkpoint}
        store.save_record(store_path(), PERMISSIONS, record["id"], record)
        made.append(_permission(record))
    return _listed(made)


@bp.get("/fine_tuning/checkpoints/<checkpoint>/permissions")
def list_permissions(checkpoint):
    """List a checkpoint's permissions, newest first unless order is ascending: project_id, after, limit (10)."""
    context.note("ratelimit", False)
    _checkpoint(checkpoint)
    args = request.args
    order = args.get("order", "descending")
    if order not in ("ascending", "descending"):
        raise InvalidRequestError(f"Invalid value: '{order}'. Supported values are: 'ascending' and 'descending'.",
                                  param="order", code="invalid_value")
    found = [_permission(record) for record in _permissions(checkpoint)
             if args.get("project_id") in (None, record["project_id"])]
    found = after(found[::-1] if order == "descending" else found, args.get("after"))
    limit = query_int(args, "limit", 10, 1, MAX_LIMIT)
    return _listed(found[:limit], len(found) > limit)


@bp.delete("/fine_tuning/checkpoints/<checkpoint>/permissions/<permission_id>")
def delete_permission(checkpoint, permission_id):
    context.note("ratelimit", False)
    _checkpoint(checkpoint)
    if not any(record["id"] == permission_id for record in _permissions(checkpoint)):
        raise NotFoundError(f"No checkpoint permission found with id '{permission_id}'.", param="permission_id")
    store.delete_record(store_path(), PERMISSIONS, permission_id)
    return indented({"object": "checkpoint.permission", "id": permission_id, "deleted": True})


def _grader(body, *required):
    """Return a graders request's grader, checked, named (the API makes up a name it lacks: recorded)."""
    if not isinstance(body, dict):
        body = {}
    for key in ("grader",) + required:
        if body.get(key) is None:
            raise missing_parameter(key)
    check_grader(body["grader"])
    grader = dict(body["grader"])
    grader.setdefault("name", "grader-" + ids.alnum(12))
    return grader


@bp.post("/fine_tuning/alpha/graders/validate")
def validate_grader():
    """Echo a valid grader, with the name the API gives one that has none appended (recorded)."""
    context.note("ratelimit", False)
    return indented({"grader": _grader(wire.json_body())})


@bp.post("/fine_tuning/alpha/graders/run")
def run_grader():
    """Grade a model's sample (and the item it answers): graders.run."""
    context.note("ratelimit", False)
    body = wire.json_body()
    grader = _grader(body, "model_sample")
    sample, item = body["model_sample"], body.get("item") or {}
    for key, value, expected in (("model_sample", sample, str), ("item", item, dict)):
        if not isinstance(value, expected):
            raise InvalidRequestError(invalid_type("a string" if expected is str else "an object", value).format(
                param=key), param=key, code="invalid_type")
    started = time.perf_counter()
    answer = graders.run(grader, sample, item, 0.0)
    answer["metadata"]["execution_time"] = time.perf_counter() - started
    return indented(answer)
