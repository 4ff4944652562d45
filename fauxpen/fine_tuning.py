"""Fine-tuning jobs as the real API shows them, by the clock: validating_files, queued, running, succeeded (or
failed).

A job is kept as what was asked (its record) and shown as it stands at a moment (job_object): nothing runs but
the validation of its training file (its examples checked and their tokens counted a bounded step at a time:
count_step, views/fine_tuning.py), and the clock decides. It is `validating_files` until its lines are counted; if
that takes longer than its plan allows, the rest of its plan comes that much later. A file with an example the API
refuses, or with too few examples, fails the job (status `failed`, its `error`) when it would have been queued.
FAUXPEN_FINE_TUNING_SECONDS after creation it has succeeded, with a fine-tuned model
(`ft:base:personal:suffix:xxxxxxxx`) the chat and completions endpoints then answer as, its events and
checkpoints, and a result file. Shapes, key orders and wordings follow recordings of 2023-2025 (openai-dotnet,
real job logs); the losses are made up, decreasing, the same for the same job.
"""
import hashlib
import json
import math
import re
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


def count_step(lines, most_lines, most_bytes, method="supervised", first=0, training_file=None):
    """Count the examples (lines not blank) of the next lines of a training file (from store.content_lines) and their
    tokens, checking each (example_error; first is how many examples came before), at most most_lines examples and no
    more lines once most_bytes are read; return (examples, tokens, the offset after the last line read, None when none
    was left, and the first example's error or None: the lines after it are not read)."""
    examples = tokens = read = 0
    offset = None
    for offset, raw in lines:
        read += len(raw) + 1
        line = raw.decode("utf-8", "replace")  # cut at line feeds only: a JSON string may hold U+2028 as it is
        if line.strip():
            examples += 1
            error = example_error(line, first + examples, method, training_file)
            if error is not None:
                return examples, tokens, offset, error
            tokens += count_tokens(line)
        if examples >= most_lines or read >= most_bytes:
            break
    return examples, tokens, offset, None


# The least examples a training file may have, and the failed job's error for fewer (recorded: a supervised job's
# retrieve, openai-python's repr, December 2024 and November 2025; openai-php's fixture of a failed job). That a DPO or
# reinforcement job is held to it too is a guess.
MIN_EXAMPLES = 10


def too_few(examples):
    """The error of a job whose training file has fewer than MIN_EXAMPLES examples, or None."""
    if examples < MIN_EXAMPLES:
        return {"code": "invalid_n_examples",
                "message": f"Training file has {examples} example(s), but must have at least {MIN_EXAMPLES} examples",
                "param": "training_file"}
    return None


# An example's format error, as the failed job words it (recorded with code invalid_file_format, October 2025 and
# February 2026: `The job failed due to a file format error in the training file. Invalid file format. Example 1
# contains an extra "weight".`, `... Example 6174 message contains an invalid token: <|fim_suffix|>.`). Its param is a
# guess (training_file, as every other recorded failure's). The other details' wordings were recorded under the older
# words (`The job failed due to an invalid training file. Invalid file format. Example 100, message 2 Discriminator
# 'role' is missing in value`, code invalid_training_file, a session log of February 2024) or quoted without them
# (`Invalid file format. Example X is missing key 'messages'`, a project's README, 2025): that they now come with the
# newer words, and the order of the checks, are guesses.
FORMAT_ERROR = "The job failed due to a file format error in the training file. Invalid file format. "
# A chat example's keys besides its messages (the fine-tuning guide's chat format: tools, parallel_tool_calls, and
# the legacy functions).
CHAT_KEYS = ("messages", "tools", "parallel_tool_calls", "functions")
# The special tokens a message may not hold: cl100k's (tiktoken), <|fim_suffix|> among them as recorded; the rest
# a guess.
SPECIAL_TOKENS = ("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>")
_SPECIAL = re.compile("|".join(re.escape(token) for token in SPECIAL_TOKENS))


def _format_error(detail):
    return {"code": "invalid_file_format", "message": FORMAT_ERROR + detail, "param": "training_file"}


def _texts(content):
    """The text a message's content holds: the string, or the text of its parts."""
    if isinstance(content, str):
        return [content]
    if isinstance(content, list):
        return [part["text"] for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)]
    return []


def example_error(line, number, method, training_file):
    """The error that fails a job at the example (a line of its training file, the number-th), or None: what no
    recording words (a message's content missing, a role unknown, no assistant message, an example past the model's
    window) passes, as before."""
    try:
        example = json.loads(line)
    except (ValueError, RecursionError):  # the upload refuses a line that is not a JSON object; kept for safety
        example = None
    if not isinstance(example, dict):
        return None
    if method == "dpo":
        # A DPO job given a chat file (recorded three times, December 2024: the file's format told by its first
        # example is a guess; the space at the end is recorded).
        if number == 1 and "messages" in example and "input" not in example:
            return {"code": "invalid_training_file",
                    "message": "The job failed due to an invalid training file. Invalid file format. Input file "
                               f"{training_file} is in the fine-tune-chat format, but the specified fine-tuning job "
                               "is not using 'supervised' as the training method (provided method=dpo). ",
                    "param": "training_file"}
        return None
    if "messages" not in example:
        return _format_error(f"Example {number} is missing key 'messages'.")
    if method == "supervised":  # a reinforcement example carries the fields its grader reads besides
        extra = next((key for key in example if key not in CHAT_KEYS), None)
        if extra is not None:
            return _format_error(f'Example {number} contains an extra "{extra}".')
    messages = example["messages"]
    for index, message in enumerate(messages if isinstance(messages, list) else (), 1):
        if isinstance(message, dict) and "role" not in message:
            return _format_error(f"Example {number}, message {index} Discriminator 'role' is missing in value")
        for text in _texts(message.get("content") if isinstance(message, dict) else None):
            found = _SPECIAL.search(text)
            if found:
                return _format_error(f"Example {number} message contains an invalid token: {found.group()}.")
    return None


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
    if "error" in record:  # its file failed validation: failed when it would have been queued
        return "failed" if now >= queued else "validating_files"
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
            "hyperparameters": top, "trained_tokens": record["trained_tokens"] if done else None,
            "error": record["error"] if state == "failed" else {},
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
             (record["created_at"], f"Validating {files}", {}, "message", "info")]
    cancelled = record.get("cancelled_at")
    if "error" in record:  # one event of level error saying why, when it fails (a guess: none was recorded)
        found.append((queued, record["error"]["message"], {}, "message", "error"))
    else:
        found.append((queued, "Files validated, moving job to queued state", {}, "message", "info"))
    if "pending" not in record and "error" not in record and (cancelled is None or cancelled >= started):
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
