"""Evals as the Evals API shows them: an eval's echo of its data source and testing criteria, and a run's items
answered a step at a time (views/evals.py; their samples the canned reply, its criteria graded by graders.py),
shown by the clock.

Shapes and key orders follow captures of 2025 (curl output of an eval, a run and its output items; the cookbook's
printed items) and the API reference's examples: the custom config's schema wraps the item schema (and the
recorded sample schema), a criterion gains an id of its name and a UUID, label_model messages are rewritten as
input_text messages, every id is its prefix, the time in hex and 24 hex digits.
"""
import hashlib
import json
import uuid

from . import canned, graders, ids, registry
from .tokens import count_tokens

# The schema of a sample, as a custom config with include_sample_schema echoes it (recorded, quirks included:
# refusal typed boolean, index required but not described).
_FUNCTION = {"type": "object", "properties": {"name": {"type": "string"}, "arguments": {"type": "string"}},
             "required": ["name", "arguments"]}
SAMPLE_SCHEMA = {"type": "object", "properties": {
    "model": {"type": "string"},
    "choices": {"type": "array", "items": {"type": "object", "properties": {
        "message": {"type": "object", "properties": {
            "role": {"type": "string", "enum": ["assistant"]},
            "content": {"type": ["string", "null"]},
            "refusal": {"type": ["boolean", "null"]},
            "tool_calls": {"type": ["array", "null"], "items": {"type": "object", "properties": {
                "type": {"type": "string", "enum": ["function"]}, "function": _FUNCTION, "id": {"type": "string"}},
                "required": ["type", "function", "id"]}},
            "function_call": {"type": ["object", "null"], **{k: v for k, v in _FUNCTION.items() if k != "type"}}},
            "required": ["role"]},
        "finish_reason": {"type": "string"}},
        "required": ["index", "message", "finish_reason"]}},
    "output_text": {"type": "string"},
    "output_json": {"type": "object"},
    "output_tools": {"type": "array", "items": {"type": "object"}}},
    "required": ["model", "choices"]}
LOGS_SCHEMA = {"type": "object", "properties": {"item": {"type": "object"}, "sample": {"type": "object"}},
               "required": ["item", "sample"]}
# Each criterion's keys after its name, id and type (recorded for string_check and label_model).
CRITERION_KEYS = {"string_check": ("input", "reference", "operation"),
                  "label_model": ("model", "input", "passing_labels", "labels")}
DEFAULT_MAX_TOKENS = 2048


def time_id(prefix, created):
    """`prefix` and 32 hex digits: the time, 4 more, `8190`, 16 more (recorded)."""
    return ids.time_id(prefix, created, "8190")


def data_source_config(config):
    """The data source config as an eval shows it: its schema built from what was sent."""
    kind = config["type"]
    if kind == "custom":
        properties, required = {"item": config["item_schema"]}, ["item"]
        if config.get("include_sample_schema"):
            properties["sample"], required = SAMPLE_SCHEMA, ["item", "sample"]
        return {"type": "custom", "schema": {"type": "object", "properties": properties, "required": required}}
    return {"type": kind, "metadata": config.get("metadata"), "schema": LOGS_SCHEMA}


def message(entry):
    """A template message as the API echoes one: a typed message with input_text content (recorded)."""
    content = entry.get("content")
    if isinstance(content, str):
        content = {"type": "input_text", "text": content}
    return {"type": "message", "role": entry.get("role"), "content": content}


def criterion(sent):
    """A testing criterion as an eval shows it: name, an id of its name and a UUID, type, then its own keys."""
    kind = sent["type"]
    name = sent.get("name") or kind
    shown = {"name": name, "id": f"{name}-{uuid.uuid4()}", "type": kind}
    order = CRITERION_KEYS.get(kind, ())
    for key in (*order, *(key for key in sent if key not in order)):
        if key in sent and key not in ("name", "type"):
            shown[key] = [message(entry) for entry in sent[key]] if kind == "label_model" and key == "input" \
                else sent[key]
    return shown


def eval_object(record):
    """The eval (recorded key order)."""
    return {"object": "eval", "id": record["id"], "data_source_config": record["data_source_config"],
            "testing_criteria": record["testing_criteria"], "name": record["name"],
            "created_at": record["created_at"], "metadata": record["metadata"]}


def _text(content):
    """The text of a template message's content: a string, an input_text part, or a list of parts (joined)."""
    if isinstance(content, list):
        return "".join(_text(part) for part in content)
    if isinstance(content, dict):
        content = content.get("text")
    return content if isinstance(content, str) else ""


def _output_text(value):
    """A jsonl sample's output_text as the graders read it: a string, or the JSON of another value."""
    return value if isinstance(value, str) else "" if value is None else json.dumps(value)


def _passed(grader, score):
    if grader["type"] == "text_similarity" or (grader["type"] in ("python", "score_model")
                                               and grader.get("pass_threshold") is not None):
        return score >= grader["pass_threshold"]
    return score >= 1.0


def referenced(reference, item):
    """Return the messages an item_reference (`item.input_trajectory`) names in an item: none where it names none."""
    found = {"item": item}
    for key in reference.split("."):
        found = found.get(key) if isinstance(found, dict) else None
    return found if isinstance(found, list) else []


def tally(record):
    """What a run's items come to before any is graded: counts, usage and each criterion's passes and fails."""
    return {"total": 0, "passed": 0, "usage": {"invocation_count": 0, "prompt_tokens": 0, "completion_tokens": 0},
            "per_criterion": [{"testing_criteria": grader["id"], "passed": 0, "failed": 0}
                              for grader in record["testing_criteria"]]}


def add_tally(kept, more):
    """Add a step's tally to a run's."""
    kept["total"] += more["total"]
    kept["passed"] += more["passed"]
    for key, value in more["usage"].items():
        kept["usage"][key] += value
    for criterion_kept, criterion_more in zip(kept["per_criterion"], more["per_criterion"]):
        criterion_kept["passed"] += criterion_more["passed"]
        criterion_kept["failed"] += criterion_more["failed"]


def summary(counted, model_id):
    """A graded run's result_counts, per_model_usage and per_testing_criteria_results."""
    usage = counted["usage"]
    per_model = []
    if model_id is not None and usage["invocation_count"]:
        per_model = [{"model_name": model_id, **usage, "total_tokens": usage["prompt_tokens"]
                      + usage["completion_tokens"], "cached_tokens": 0}]
    return {"counts": {"total": counted["total"], "errored": 0, "failed": counted["total"] - counted["passed"],
                       "passed": counted["passed"]},
            "per_model_usage": per_model, "per_criterion": counted["per_criterion"]}


def grade_items(record, run_id, data_source, items, model, created, start=0, reply=canned.DEFAULT_REPLY,
                replies_file=None):
    """Answer some of a run's items (the first of them its item start): their output items, and their tally. The
    model (if any) answers as chat does: reply, or the rules of replies_file."""
    criteria = record["testing_criteria"]
    sampling = data_source.get("sampling_params") if isinstance(data_source.get("sampling_params"), dict) else {}
    asked = data_source.get("input_messages") or {}
    template = asked.get("template") or []
    outputs, counted = [], tally(record)
    usage, per_criterion = counted["usage"], {one["testing_criteria"]: one for one in counted["per_criterion"]}
    for index, entry in enumerate(items, start):
        item = entry.get("item", entry) if isinstance(entry, dict) else {}
        if model is not None:  # the model answers each item's messages with the canned reply
            messages = referenced(asked["item_reference"], item) if "item_reference" in asked else template
            said = [{"role": part.get("role"), "content": graders.fill(_text(part.get("content")), "", item)}
                    for part in messages if isinstance(part, dict)]
            text = canned.choose_reply(said, reply, replies_file)
            prompt = sum(4 + count_tokens(part["content"]) for part in said) + 3
            completion = count_tokens(text) + 1
            usage["invocation_count"] += 1
            usage["prompt_tokens"] += prompt
            usage["completion_tokens"] += completion
            sample = {"input": [dict(part, tool_call_id=None, tool_calls=None, function_call=None) for part in said],
                      "output": [{"role": "assistant", "content": text, "tool_call_id": None, "tool_calls": None,
                                  "function_call": None}],
                      "finish_reason": "stop", "model": model.id,
                      "usage": {"total_tokens": prompt + completion, "completion_tokens": completion,
                                "prompt_tokens": prompt, "cached_tokens": 0},
                      "error": None, "temperature": sampling.get("temperature", 1.0),
                      "max_completion_tokens": sampling.get("max_completion_tokens", DEFAULT_MAX_TOKENS),
                      "top_p": sampling.get("top_p", 1.0), "seed": sampling.get("seed", 42)}
        else:  # a jsonl source brings its own sample, if any
            given = entry.get("sample") if isinstance(entry, dict) and isinstance(entry.get("sample"), dict) else {}
            text = _output_text(given.get("output_text"))
            sample = {"input": [], "output": [{"role": "assistant", "content": text}] if given else [],
                      "finish_reason": "", "model": "", "usage": {"total_tokens": 0, "completion_tokens": 0,
                                                                  "prompt_tokens": 0, "cached_tokens": 0},
                      "error": None, "temperature": None, "max_completion_tokens": None, "top_p": None, "seed": None}
        results = []
        for grader in criteria:
            score = float(graders.reward(grader, text, item))
            passed = _passed(grader, score)
            per_criterion[grader["id"]]["passed" if passed else "failed"] += 1
            results.append({"name": grader["id"], "sample": None, "passed": passed, "score": score})
        status = "pass" if all(result["passed"] for result in results) else "fail"
        outputs.append({"object": "eval.run.output_item", "id": time_id("outputitem_", created),
                        "created_at": created, "run_id": run_id, "eval_id": record["id"], "status": status, "datasource_item_id": index,
                        "datasource_item": item, "results": results, "sample": sample,
                        "_datasource_item_content_hash": hashlib.sha256(
                            json.dumps(item, sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()})
    counted["total"] = len(outputs)
    counted["passed"] = sum(output["status"] == "pass" for output in outputs)
    return outputs, counted


def sampling_model(data_source):
    """The Model a completions or responses run samples (None for jsonl, or a name fauxpen does not serve)."""
    if data_source["type"] == "jsonl":
        return None
    return registry.resolve(data_source.get("model"))
