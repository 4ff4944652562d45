"""Fine-tuning jobs as the real API shows them, by the clock: validating_files, queued, running, succeeded.

A job is kept as what was asked (its record) and shown as it stands at a moment (job_object): nothing runs but
the validation of its training file (its examples and their tokens counted a bounded step at a time: count_step,
views/fine_tuning.py), and the clock decides. It is `validating_files` until its lines are counted; if that takes
longer than its plan allows, the rest of its plan comes that much later. FAUXPEN_FINE_TUNING_SECONDS after
creation it has succeeded, with a fine-tuned model
(`ft:base:personal:suffix:xxxxxxxx`) the chat and completions endpoints then answer as, its events and
checkpoints, and a result file. Shapes, key orders and wordings follow recordings of 2023-2025 (openai-dotnet,
real job logs); the losses are made up, decreasing, the same for the same job.
"""
import hashlib
import math
import string

from .tokens import count_tokens

STEP_EVENTS = 1000  # at most this many step events a job
AUTO = {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 2}  # what "auto" came to for a small file
# What "auto" comes to for the reinforcement-only hyperparameters (guessed: no RFT job was recorded).
RFT_AUTO = {"compute_multiplier": 1.0, "eval_interval": 1, "eval_samples": 1}
_ALNUM = string.ascii_letters + string.digits


def stable_alnum(seed, length):
    """Return length alphanumerics drawn from seed: the same ids for the same job at every read."""
    digest = hashlib.sha256(seed.encode("utf-8", "surrogatepass")).digest()
    return "".join(_ALNUM[byte % 62] for byte in digest[:length])


def organization_slug(organization):
    """The organization part of a fine-tuned model's name: `personal` for a personal account (user-...)."""
    return "personal" if organization.startswith("user-") else organization.lower().replace(" ", "-")


def plan(record):
    """Return (epochs, batch size, learning rate multiplier, steps per epoch) a job trains with."""
    asked = record["hyperparameters"]
    epochs = AUTO["n_epochs"] if asked.get("n_epochs", "auto") == "auto" else asked["n_epochs"]
    batch = AUTO["batch_size"] if asked.get("batch_size", "auto") == "auto" else asked["batch_size"]
    rate = asked.get("learning_rate_multiplier", "auto")
    rate = AUTO["learning_rate_multiplier"] if rate == "auto" else float(rate)
    return epochs, batch, rate, max(1, math.ceil(record["examples"] / batch))


def _hyperparameters(record, done, create=False):
    """The job's hyperparameters, top level and in method (recorded quirks: until it is done they are what was
    asked, "auto" included, then what they came to; an "auto" learning rate multiplier comes to 2 at the top and
    2.0 in method; in method the keys are in alphabetical order in the create answer only)."""
    asked = record["hyperparameters"]
    if done:
        epochs, batch, rate, _ = plan(record)
        top = {"n_epochs": epochs, "batch_size": batch, "learning_rate_multiplier": rate}
    else:
        top = {key: asked.get(key, "auto") for key in ("n_epochs", "batch_size", "learning_rate_multiplier")}
        if top["learning_rate_multiplier"] != "auto":
            top["learning_rate_multiplier"] = float(top["learning_rate_multiplier"])
    inner = dict(top, **({"beta": asked["beta"]} if "beta" in asked else {}))
    if inner["learning_rate_multiplier"] != "auto":
        inner["learning_rate_multiplier"] = float(inner["learning_rate_multiplier"])
    method = record["method"]
    if method == "reinforcement":
        for key, auto in RFT_AUTO.items():
            value = asked.get(key, "auto")
            value = auto if done and value == "auto" else value
            inner[key] = float(value) if isinstance(auto, float) and value != "auto" else value
        inner["reasoning_effort"] = asked.get("reasoning_effort", "default")  # unasked: "default" (a guess)
    if create:
        inner = dict(sorted(inner.items()))
    settings = {"hyperparameters": inner}
    if method == "reinforcement":  # the grader as asked, named (the SDK's order: grader, then hyperparameters)
        settings = {"grader": record["grader"], **({"response_format": record["response_format"]}
                                                    if record.get("response_format") is not None else {}),
                    "hyperparameters": inner}
    return top, {"type": method, method: settings}


def count_step(lines, most_lines, most_bytes):
    """Count the examples (lines not blank) of the next lines of a training file (from store.content_lines) and their
    tokens, at most most_lines examples and no more lines once most_bytes are read; return (examples, tokens, the
    offset after the last line read, None when none was left)."""
    examples = tokens = read = 0
    offset = None
    for offset, raw in lines:
        read += len(raw) + 1
        line = raw.decode("utf-8", "replace")  # cut at line feeds only: a JSON string may hold U+2028 as it is
        if line.strip():
            examples += 1
            tokens += count_tokens(line)
        if examples >= most_lines or read >= most_bytes:
            break
    return examples, tokens, offset


def _planned(record):
    """When the job is planned to be queued, started and done, its pauses not counted: never while its file is
    being validated; once it is, as much later as its validation ended after it was planned to be queued."""
    if "pending" in record:
        return math.inf, math.inf, math.inf
    created, seconds = record["created_at"], record["seconds"]
    late = max(0, record.get("validated_at", created) - created - min(1, seconds))
    return created + min(1, seconds) + late, created + min(2, seconds) + late, created + seconds + late


def shifted(record, moment):
    """Return when a moment of the job's plan comes, its pauses counted: a pause holds back what comes after it by
    its length and the second the job is queued again once resumed; an open pause, for ever."""
    for paused_at, resumed_at in record.get("pauses", ()):
        if moment >= paused_at:
            if resumed_at is None:
                return math.inf
            moment += resumed_at - paused_at + 1
    return moment


def timeline(record, paused=True):
    """Return when the job is queued, started and done (seconds since the epoch), its pauses counted (unless
    paused is False)."""
    return tuple(shifted(record, moment) if paused else moment for moment in _planned(record))


def status(record, now):
    if record.get("cancelled_at") is not None:
        return "cancelled"
    pauses = record.get("pauses", ())
    if pauses and pauses[-1][1] is None:
        return "paused"
    if pauses and now < pauses[-1][1] + 1:
        return "queued"  # a resumed job is queued again (the reference's example), for a second
    queued, started, done = timeline(record)
    if now >= done:
        return "succeeded"
    if now >= started:
        return "running"
    return "queued" if now >= queued else "validating_files"


def job_object(record, now, create=False):
    """Return the fine_tuning.job object of a kept job as it stands at now, keys in the recorded order."""
    state = "validating_files" if create else status(record, now)  # the create answer, always (recorded)
    done = state == "succeeded"
    top, method = _hyperparameters(record, done, create)
    _, _, finished = timeline(record)
    return {"object": "fine_tuning.job", "id": record["id"], "model": record["model"],
            "created_at": record["created_at"], "finished_at": finished if done else None,
            "fine_tuned_model": record["fine_tuned_model"] if done else None,
            "organization_id": record["organization_id"], "result_files": [record["result_file"]] if done else [],
            "status": state, "validation_file": record["validation_file"], "training_file": record["training_file"],
            "hyperparameters": top, "trained_tokens": record["trained_tokens"] if done else None, "error": {},
            "user_provided_suffix": record["suffix"], "seed": record["seed"], "estimated_finish": None,
            "integrations": record["integrations"], "metadata": record["metadata"], "usage_metrics": None,
            "shared_with_openai": False, "eval_id": None, "method": method}


def _loss(record, step, steps):
    """A training loss that falls from about 2.5 towards 0.1, with a little of the job's own noise."""
    noise = int(stable_alnum(f"{record['id']}:{step}", 4).encode().hex(), 16) % 1000 / 1000
    return 2.4 * math.exp(-4 * step / steps) + 0.1 + 0.2 * noise * (1 - step / steps)


def _event(record, index, created, message, data=None, kind="message", level="info"):
    return {"object": "fine_tuning.job.event", "id": "ftevent-" + stable_alnum(f"{record['id']}:event:{index}", 24),
            "created_at": created, "level": level, "message": message, "data": {} if data is None else data,
            "type": kind}


def events(record, now):
    """Return the job's events so far, oldest first, in the recorded wordings."""
    queued, started, done = timeline(record)
    _, planned_start, planned_done = _planned(record)
    files = f"training file: {record['training_file']}"
    if record["validation_file"]:
        files += f" and validation file: {record['validation_file']}"
    found = [(record["created_at"], f"Created fine-tuning job: {record['id']}", {}, "message", "info"),
             (record["created_at"], f"Validating {files}", {}, "message", "info"),
             (queued, "Files validated, moving job to queued state", {}, "message", "info")]
    cancelled = record.get("cancelled_at")
    if "pending" not in record and (cancelled is None or cancelled >= started):
        found.append((started, "Fine-tuning job started", None, "message", "info"))
        epochs, _, _, per_epoch = plan(record)
        steps = epochs * per_epoch
        shown = range(1, steps + 1) if steps <= STEP_EVENTS else range(steps // STEP_EVENTS, steps + 1,
                                                                         steps // STEP_EVENTS)
        for step in shown:
            loss = _loss(record, step, steps)
            data = {"step": step, "train_loss": loss, "total_steps": steps,
                    "train_mean_token_accuracy": min(1.0, 0.5 + round(4 * step / steps) / 8)}
            at = shifted(record, planned_start + (planned_done - planned_start) * step // steps)
            found.append((at, f"Step {step}/{steps}: training loss={loss:.2f}", data, "metrics", "info"))
        found += [(done, "New fine-tuned model created", {}, "message", "info"),
                  (done, "The job has successfully completed", {}, "message", "info")]
    if cancelled is not None:
        found = [item for item in found if item[0] <= cancelled]
        found.append((cancelled, "Fine tuning process stopping due to job cancellation", {}, "message", "warn"))
    return [_event(record, index, *item) for index, item in enumerate(found) if item[0] <= now]


def checkpoints(record, now):
    """Return the job's checkpoints once it has succeeded, newest first: the last three epochs' ends."""
    if status(record, now) != "succeeded":
        return []
    epochs, _, _, per_epoch = plan(record)
    steps, (_, _, done) = epochs * per_epoch, timeline(record)
    found = []
    for epoch in range(epochs, max(0, epochs - 3), -1):
        step = epoch * per_epoch
        name = record["fine_tuned_model"]
        if epoch != epochs:
            name = f"{name.rsplit(':', 1)[0]}:{stable_alnum(record['id'] + str(step), 8)}:ckpt-step-{step}"
        found.append({"object": "fine_tuning.job.checkpoint",
                      "id": "ftckpt_" + stable_alnum(f"{record['id']}:checkpoint:{step}", 24),
                      "created_at": done - (epochs - epoch), "fine_tuned_model_checkpoint": name,
                      "fine_tuning_job_id": record["id"],
                      "metrics": {"step": step, "train_loss": _loss(record, step, steps),
                                  "train_mean_token_accuracy": min(1.0, 0.5 + round(4 * step / steps) / 8),
                                  "type": record["method"]},
                      "step_number": step})
    return found


def result_csv(record):
    """The result file: step metrics as CSV, as the API writes step_metrics.csv."""
    epochs, _, _, per_epoch = plan(record)
    steps = epochs * per_epoch
    rows = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"]
    every = max(1, steps // STEP_EVENTS)  # at most about as many rows as step events
    rows += [f"{step},{_loss(record, step, steps):.5f},{min(1.0, 0.5 + round(4 * step / steps) / 8)},,"
             for step in range(every, steps + 1, every)]
    return ("\n".join(rows) + "\n").encode()
