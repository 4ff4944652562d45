"""The Evals API: /v1/evals (create, list), /v1/evals/{id} (get, update, delete), its runs (create, list, get,
cancel, delete) and their output items (list, get).

Evals and runs are kept in the server's store. A run's items are graded a bounded step at a time (evals.py), as
a batch's lines are (stepping.py): the first step in its create call, the rest by a thread of the worker. It is
`queued` in the create answer, `in_progress` a second later, `completed` FAUXPEN_EVAL_SECONDS after creation (or
once its last item is graded, if that is later), with its counts and output items. A file's lines are checked as
its steps read them: the create call refuses a line that is not JSON among those of its first step (every line of
a file of one step, as it refused any line once), and a later step fails the run at one (`failed`, with an error:
how the API tells of a bad line deep in a large file is a guess). Key orders follow 2025 captures and the
reference's examples; the layout (indented by two, no newline, no x-ratelimit-* headers) is the newer endpoints'
(not recorded here), and every refusal is worded as the API words such errors (none was recorded).
"""
import contextlib
import json
import time

from flask import Blueprint, current_app, request
from marshmallow import ValidationError, validates_schema

from .. import context, evals, stepping, store, wire
from ..errors import InvalidRequestError, missing_parameter
from ..schemas import fields as f
from ..schemas.chat import Metadata
from ..schemas.fine_tuning import check_grader
from ..validation import MISSING, load
from . import indented, indented_refusals, webhooks, without_ratelimit_headers
from .stored import (DEFAULT_LIMIT, MAX_LIMIT, changed_record, forgotten_record, kept_record, page, query_int,
                     query_order, store_path)

bp = Blueprint("evals", __name__)

EVALS, RUNS = "evals", "eval_runs"
SOURCES = "eval_run_sources"  # a run's data source as shown, apart: its items are read only to be shown
CRITERIA = ("label_model", "string_check", "text_similarity", "python", "score_model")
REPORT_URL = "https://platform.openai.com/evaluations/{eval_id}?run_id={run_id}"
# Sources of logged answers (stored completions, responses): the SDK's types make the run's model optional (it is
# "used when sampling"), so a run over them grades the answers as they are, without one.
LOGGED_SOURCES = ("stored_completions", "responses")
# A step of a run: at most this many items, and no more once this many bytes of them are read (about 0.4 s).
STEP_ITEMS, STEP_BYTES = 1000, 1 << 20

indented_refusals(bp)
without_ratelimit_headers(bp)


class DataSourceConfig(f.Body):
    type = f.Enum(["custom", "logs", "stored_completions"], required=True)
    item_schema = f.Object()
    include_sample_schema = f.Boolean()
    metadata = f.Object(allow_none=True)


class EvalRequest(f.Body):
    """POST /v1/evals."""

    name = f.String()
    metadata = Metadata(allow_none=True)
    data_source_config = f.NestedObject(DataSourceConfig, required=True)
    testing_criteria = f.Array(f.Object(), required=True)


class EvalUpdate(f.Body):
    """POST /v1/evals/{id}."""

    name = f.String()
    metadata = Metadata(allow_none=True)


class InputMessages(f.Body):
    """A sampling run's messages: a template of messages (`{{ item.x }}` filled), or a reference to the item's."""

    type = f.Enum(["template", "item_reference"], required=True)
    template = f.Array(f.Object(), allow_empty=True)
    item_reference = f.String()

    @validates_schema
    def its_type_key(self, data, **kwargs):
        """A template sends its template, a reference its item_reference, and neither the other's (the SDK's
        types)."""
        wanted = data["type"]
        other = "item_reference" if wanted == "template" else "template"
        if wanted not in data:
            raise ValidationError({wanted: [MISSING]})
        if other in data:
            raise ValidationError({other: [f.Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]})


class DataSource(f.Body):
    type = f.Enum(["jsonl", "completions", "responses"], required=True)
    source = f.Object(required=True)
    input_messages = f.NestedObject(InputMessages)
    model = f.String()
    sampling_params = f.Object(allow_none=True)


class RunRequest(f.Body):
    """POST /v1/evals/{id}/runs."""

    name = f.String()
    metadata = Metadata(allow_none=True)
    data_source = f.NestedObject(DataSource, required=True)


eval_request, eval_update, run_request = EvalRequest(), EvalUpdate(), RunRequest()


class EvalNotFoundError(InvalidRequestError):
    def __init__(self, eval_ref):
        super().__init__(f"Eval with id '{eval_ref}' not found.", status=404)  # guessed wording


class RunNotFoundError(InvalidRequestError):
    def __init__(self, run_ref):
        super().__init__(f"Eval run with id '{run_ref}' not found.", status=404)  # guessed wording


def check_criteria(criteria):
    """Refuse a criterion that is not one of the five kinds evals take, or a grader that is not one."""
    for index, grader in enumerate(criteria):
        param = f"testing_criteria[{index}]"
        if isinstance(grader.get("type"), str) and grader["type"] not in CRITERIA:  # other types: check_grader's
            raise InvalidRequestError(f"Invalid value: '{grader['type']}'. Supported values are: "
                                      f"{f.supported_values(CRITERIA)}.", param=f"{param}.type", code="invalid_value")
        check_grader(grader, param, CRITERIA)
        threshold, where = grader.get("pass_threshold"), f"{param}.pass_threshold"
        if threshold is None and grader["type"] == "text_similarity":
            raise missing_parameter(where)
        if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))):
            raise InvalidRequestError(f.invalid_type("a number", threshold).format(param=where), param=where,
                                      code="invalid_type")


def kept_eval(eval_ref):
    return kept_record(EVALS, eval_ref, EvalNotFoundError)


def kept_run(eval_ref, run_ref):
    kept_eval(eval_ref)
    run = store.get_record(store_path(), RUNS, run_ref)
    if run is None or run["eval_id"] != eval_ref:
        raise RunNotFoundError(run_ref)
    return run


def status(run, now):
    """A run is completed once FAUXPEN_EVAL_SECONDS have passed and its last item is graded, whichever is later; failed
    once a step found a line of its file that is not JSON."""
    if run.get("canceled_at") is not None:
        return "canceled"
    if run.get("error") is not None:
        return "failed"
    if "pending" not in run and now >= max(run["created_at"] + run["seconds"], run.get("finished_at", 0)):
        return "completed"
    return "in_progress" if now >= run["created_at"] + min(1, run["seconds"]) else "queued"


# The run's final status, and the event it sends (the API names a completed run's `succeeded`).
RUN_EVENT = webhooks.record_events(RUNS, status, {"completed": "eval.run.succeeded", "failed": "eval.run.failed",
                                                  "canceled": "eval.run.canceled"})


def run_object(run, now, create=False, source=None):
    """The run as it stands at now (recorded key order): its counts once completed; `queued` in the create
    answer, whatever the clock says (recorded). source: its data source as shown, else read from the store."""
    source = store.get_record(store_path(), SOURCES, run["id"]) if source is None else source
    state = "queued" if create else status(run, now)
    done = state == "completed"
    return {"object": "eval.run", "id": run["id"], "eval_id": run["eval_id"],
            "report_url": REPORT_URL.format(eval_id=run["eval_id"], run_id=run["id"]), "status": state,
            "model": source.get("model"), "name": run["name"], "created_at": run["created_at"],
            "result_counts": run["counts"] if done else {"total": 0, "errored": 0, "failed": 0, "passed": 0},
            "per_model_usage": run["per_model_usage"] if done else None,
            "per_testing_criteria_results": run["per_criterion"] if done else None,
            "data_source": source, "error": run.get("error"), "metadata": run["metadata"],
            "shared_with_openai": False}


@bp.post("/evals")
def create_eval():
    req = load(eval_request, wire.json_body())
    config = req["data_source_config"]
    if config["type"] == "custom" and "item_schema" not in config:
        raise missing_parameter("data_source_config.item_schema")
    check_criteria(req["testing_criteria"])
    now = int(time.time())
    record = {"id": evals.time_id("eval_", now), "created_at": now, "name": req.get("name") or "",
              "metadata": req.get("metadata") or {}, "data_source_config": evals.data_source_config(config),
              "testing_criteria": [evals.criterion(grader) for grader in req["testing_criteria"]]}
    store.save_record(store_path(), EVALS, record["id"], record)
    return indented(evals.eval_object(record))


@bp.get("/evals")
def list_evals():
    return page([evals.eval_object(record) for record in store.record_listing(store_path(), EVALS)])


@bp.get("/evals/<eval_ref>")
def retrieve_eval(eval_ref):
    return indented(evals.eval_object(kept_eval(eval_ref)))


@bp.post("/evals/<eval_ref>")
def update_eval(eval_ref):
    req = load(eval_update, wire.json_body())

    def update(record):
        if "name" in req:
            record["name"] = req["name"]
        if "metadata" in req:
            record["metadata"] = req["metadata"] or {}
        return evals.eval_object(record)

    return indented(changed_record(EVALS, eval_ref, update, EvalNotFoundError))


@bp.delete("/evals/<eval_ref>")
def delete_eval(eval_ref):
    """Forget an eval and its runs."""
    forgotten_record(EVALS, eval_ref, EvalNotFoundError)
    for run in store.record_listing(store_path(), RUNS):
        if run["eval_id"] == eval_ref:
            store.delete_record(store_path(), RUNS, run["id"])
            store.delete_record(store_path(), SOURCES, run["id"])
            store.drop_outputs(store_path(), run["id"])
            store.drop_parts(store_path(), run["id"] + ":input")
    return indented({"object": "eval.deleted", "deleted": True, "eval_id": eval_ref})


def read_items(lines, most_items, most_bytes):
    """Read the items of a run's next lines (from store.part_lines or content_lines): at most most_items of them, and
    no more lines once most_bytes are read. Return them, the offset after the last line read (None when none was
    left), and whether the last line read is not JSON as the API's own reader has it (no NaN or Infinity)."""
    items, offset, read = [], None, 0
    for offset, raw in lines:
        read += len(raw) + 1
        line = raw.decode("utf-8", "replace")  # blank as the batch lines' check has it, U+2028 alone too
        if line.strip():
            try:
                items.append(wire._DECODER.decode(line))
            except (ValueError, RecursionError):
                return items, offset, True
        if len(items) >= most_items or read >= most_bytes:
            break
    return items, offset, False


def not_json_lines(file_id):
    return f"File {file_id} is not valid JSON Lines."  # a guess, as a refusal and as a failed run's error


def source_input(source, run_id):
    """Keep the bytes of the items a run's source brings (its content, or a file of the Files API) as JSON Lines, in
    parts for its steps to read. Return whether there are items to grade (a file past a step: as yet unknown), and
    the bytes kept. A file's first step of lines (STEP_ITEMS, STEP_BYTES) is checked in the call: a line of them
    that is not JSON is refused, as one of a file that takes one step is (a later one fails the run when its step
    reads it)."""
    kind = source.get("type")
    part = run_id + ":input"
    for name, value in (("type", kind), ("id", source.get("id") if kind == "file_id" else "")):
        # A type or file id that is not a string was quoted as Python writes it (`Invalid value: '{'a': 1}'.`, `No
        # such File object: None`): refused as the run's other strings are (data_source.type, data_source.model)
        where = f"data_source.source.{name}"
        if value is None:
            raise missing_parameter(where)
        if not isinstance(value, str):
            raise InvalidRequestError(f.invalid_type("a string", value).format(param=where), param=where,
                                      code="invalid_type")
    if kind == "file_content":
        content = source.get("content")
        if not isinstance(content, list):
            raise missing_parameter("data_source.source.content")
        kept = "\n".join(json.dumps(item) for item in content).encode()
        if content:
            store.save_parts(store_path(), part, kept)
        return bool(content), len(kept)
    if kind == "file_id":
        file_id = source.get("id")
        found = store.get_file(store_path(), file_id) if isinstance(file_id, str) else None
        if found is None:
            raise InvalidRequestError(f"No such File object: {file_id}", param="data_source.source.id", status=404)
        with contextlib.closing(store.content_lines(store_path(), "files", file_id, ahead=1)) as lines:
            items, offset, bad = read_items(lines, STEP_ITEMS, STEP_BYTES)
        if bad:
            raise InvalidRequestError(not_json_lines(file_id), param="data_source.source.id")
        more = offset is not None and offset < found["bytes"]
        if (items or more) and not store.copy_to_parts(store_path(), file_id, part):
            raise InvalidRequestError(f"No such File object: {file_id}", param="data_source.source.id", status=404)
        return bool(items) or more, found["bytes"]
    if kind in LOGGED_SOURCES:
        return False, 0  # what the account logged: fauxpen samples none
    raise InvalidRequestError(f"Invalid value: '{kind}'. Supported values are: 'file_content', "
                              "'file_id', 'stored_completions', and 'responses'.", param="data_source.source.type",
                              code="invalid_value")


@bp.post("/evals/<eval_ref>/runs")
def create_run(eval_ref):
    record = kept_eval(eval_ref)
    req = load(run_request, wire.json_body())
    data_source = req["data_source"]
    model = evals.sampling_model(data_source)
    if data_source["type"] != "jsonl" and model is None:
        if "model" in data_source:
            raise InvalidRequestError(f"Invalid value for 'data_source.model': the model '{data_source['model']}' "
                                      "does not exist.", param="data_source.model", code="invalid_value")
        if data_source["source"].get("type") not in LOGGED_SOURCES:
            raise missing_parameter("data_source.model")  # items of a file have no answer to grade without one
    now = int(time.time())
    run_id = evals.time_id("evalrun_", now)
    graded, size = source_input(data_source["source"], run_id)
    shown_source = dict(data_source)
    if isinstance(shown_source.get("input_messages"), dict) and isinstance(
            shown_source["input_messages"].get("template"), list):
        shown_source["input_messages"] = {**shown_source["input_messages"], "template": [
            evals.message(entry) if isinstance(entry, dict) else entry
            for entry in shown_source["input_messages"]["template"]]}
    if data_source["type"] != "jsonl":
        shown_source.setdefault("sampling_params", None)
    config = context.config()
    run = {"id": run_id, "eval_id": eval_ref, "created_at": now, "name": req.get("name") or "",
           "metadata": req.get("metadata") or {}, "seconds": config["FAUXPEN_EVAL_SECONDS"], "canceled_at": None,
           **evals.summary(evals.tally(record), model and model.id)}
    if graded:  # a step at a time; its source kept without its items, which its steps read from the parts
        run["pending"] = {"offset": 0, "done": 0, "size": size, "file_id": data_source["source"].get("id"),
                          "tally": evals.tally(record),
                          "data_source": {key: value for key, value in data_source.items() if key != "source"},
                          "reply": config["FAUXPEN_REPLY"], "replies_file": config["FAUXPEN_REPLIES_FILE"],
                          "claimed_until": 0, "beat": time.time()}
    store.save_record(store_path(), SOURCES, run_id, shown_source)
    store.save_record(store_path(), RUNS, run_id, run)
    if graded:
        app = current_app._get_current_object()
        if step(app, store_path(), run_id):
            run_later(app, store_path(), run_id)
    webhooks.watch(store_path(), run_id, RUN_EVENT)
    return indented(run_object(run, now, create=True, source=shown_source))


def step(app, path, run_id):
    """Grade a run's next items (STEP_ITEMS, STEP_BYTES) and keep their output items, and, after its last one, its
    counts; or fail the run at a line that is not JSON (its output items dropped). Return whether items are left to
    grade (another worker's step running: True)."""
    now = time.time()

    def claim(run):
        pending = run.get("pending")
        if pending is None or run.get("canceled_at") is not None:
            return None
        claimed = stepping.claim(pending, now)
        return claimed and dict(claimed, eval_id=run["eval_id"], created_at=run["created_at"])
    _, claimed = store.update_record(path, RUNS, run_id, claim)
    if not claimed:
        return claimed is False
    record = store.get_record(path, EVALS, claimed["eval_id"])
    if record is None:  # deleted, and its runs with it
        store.drop_parts(path, run_id + ":input")
        return False
    with contextlib.closing(store.part_lines(path, run_id + ":input", claimed["offset"])) as lines:
        items, offset, bad = read_items(lines, STEP_ITEMS, STEP_BYTES)
    offset = claimed["size"] if offset is None else offset
    outputs, counted, data_source = [], None, claimed["data_source"]
    if not bad:
        with app.app_context():
            outputs, counted = evals.grade_items(record, run_id, data_source, items,
                                                 evals.sampling_model(data_source), claimed["created_at"],
                                                 claimed["done"], claimed["reply"], claimed["replies_file"])
        store.save_outputs(path, run_id, outputs)

    def note(run):
        pending = run.get("pending")
        if pending is None or pending["offset"] != claimed["offset"] or run.get("canceled_at") is not None:
            return None  # canceled, or a step another worker ran again after this one's lease ran out
        if bad:
            del run["pending"]
            run.update(error={"code": "invalid_file", "message": not_json_lines(pending["file_id"])},
                       finished_at=int(time.time()))  # the code a guess, as the words are
            return False
        pending.update(offset=offset, done=pending["done"] + len(items), claimed_until=0, beat=time.time())
        evals.add_tally(pending["tally"], counted)
        if offset < pending["size"]:
            return True
        model = evals.sampling_model(pending["data_source"])
        run.update(evals.summary(run.pop("pending")["tally"], model and model.id), finished_at=int(time.time()))
        return False
    found, more = store.update_record(path, RUNS, run_id, note)
    if more is None:  # its items are another step's to keep (or nobody's, when the run is canceled or gone)
        store.drop_output_items(path, run_id, [output["id"] for output in outputs])
        run = store.get_record(path, RUNS, run_id) if found else None
        if run is None or run.get("canceled_at") is not None:
            store.drop_outputs(path, run_id)
            store.drop_parts(path, run_id + ":input")
        return False
    if not more:
        store.drop_parts(path, run_id + ":input")
        if bad:
            store.drop_outputs(path, run_id)
    return more


# This process's eval run thread, started by the first run it steps.
_runner = stepping.Runner("fauxpen-eval-runs", step)


def run_later(app, path, run_id):
    """Have this process's eval run thread grade a run's items, a step at a time."""
    _runner.later(app, path, run_id)


def _take_over(run, now):
    """Grade a run no worker has stepped for LEASE seconds (its worker stopped) in this one."""
    pending = run.get("pending")
    if pending is not None and run.get("canceled_at") is None and stepping.stalled(pending, now):
        run_later(current_app._get_current_object(), store_path(), run["id"])


def query_status(values):
    """Read a list's status filter: one of values, or None."""
    wanted = request.args.get("status")
    if wanted is not None and wanted not in values:
        raise InvalidRequestError(f"Invalid value: '{wanted}'. Supported values are: "
                                  f"{f.supported_values(values)}.", param="status", code="invalid_value")
    return wanted


@bp.get("/evals/<eval_ref>/runs")
def list_runs(eval_ref):
    kept_eval(eval_ref)
    now = int(time.time())
    wanted = query_status(("queued", "in_progress", "completed", "canceled", "failed"))
    runs = [run for run in store.record_listing(store_path(), RUNS) if run["eval_id"] == eval_ref]
    for run in runs:
        _take_over(run, now)
    runs = [run_object(run, now) for run in runs]
    return page([run for run in runs if wanted is None or run["status"] == wanted])


@bp.get("/evals/<eval_ref>/runs/<run_ref>")
def retrieve_run(eval_ref, run_ref):
    run, now = kept_run(eval_ref, run_ref), int(time.time())
    _take_over(run, now)
    return indented(run_object(run, now))


@bp.post("/evals/<eval_ref>/runs/<run_ref>/cancel")
@bp.post("/evals/<eval_ref>/runs/<run_ref>")
def cancel_run(eval_ref, run_ref):
    """Cancel a run not yet completed: `canceled`, its output items dropped (the SDK's path, and the older
    reference's without /cancel)."""
    kept_run(eval_ref, run_ref)
    now = int(time.time())

    def cancel(run):
        state = status(run, now)
        if state in ("completed", "failed"):
            raise InvalidRequestError(f"Cannot cancel a run with status '{state}'.", status=409)  # guessed
        if run.get("canceled_at") is None:
            run["canceled_at"] = now
        return run

    run = changed_record(RUNS, run_ref, cancel, RunNotFoundError)
    store.drop_outputs(store_path(), run_ref)  # what its steps kept; a step running now drops its own
    store.drop_parts(store_path(), run_ref + ":input")
    return indented(run_object(run, now))


@bp.delete("/evals/<eval_ref>/runs/<run_ref>")
def delete_run(eval_ref, run_ref):
    kept_run(eval_ref, run_ref)
    store.delete_record(store_path(), RUNS, run_ref)
    store.delete_record(store_path(), SOURCES, run_ref)
    store.drop_outputs(store_path(), run_ref)
    store.drop_parts(store_path(), run_ref + ":input")
    return indented({"object": "eval.run.deleted", "deleted": True, "run_id": run_ref})


def _completed(eval_ref, run_ref):
    """Tell whether a run (which must be there) is completed: it shows no output items before."""
    return status(kept_run(eval_ref, run_ref), int(time.time())) == "completed"


@bp.get("/evals/<eval_ref>/runs/<run_ref>/output_items")
def list_output_items(eval_ref, run_ref):
    """A page of a run's output items (limit 20, at most 100; after; order), read alone from the store."""
    wanted = query_status(("fail", "pass"))
    if not _completed(eval_ref, run_ref):
        return page([])
    args = request.args
    limit = query_int(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    shown, more = store.output_page(store_path(), run_ref, wanted, args.get("after"),
                                    query_order(args, "asc") == "desc", limit)
    return indented({"object": "list", "data": shown, "first_id": shown[0]["id"] if shown else None,
                     "last_id": shown[-1]["id"] if shown else None, "has_more": more})


@bp.get("/evals/<eval_ref>/runs/<run_ref>/output_items/<item_ref>")
def retrieve_output_item(eval_ref, run_ref, item_ref):
    item = store.output(store_path(), run_ref, item_ref) if _completed(eval_ref, run_ref) else None
    if item is None:
        raise InvalidRequestError(f"Output item with id '{item_ref}' not found.", status=404)  # guessed wording
    return indented(item)
