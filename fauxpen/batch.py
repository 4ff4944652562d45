"""Running a batch: check its input file's lines as the Batch API does, then answer each through the app itself.

Every line is checked, then answered by the same endpoint a direct request reaches (its checks, its answer), a
bounded step of lines at a time (views/batches.py); what a client sees of the batch follows the clock. A line the
Batch API would not take fails the whole batch, with one error a line, in the wording recorded from the real API;
a request its endpoint refuses goes to the error file, as the API's own refusal.
"""
import json

from . import ids, registry
from .schemas.fields import json_type_name

INNER = "fauxpen.batch_request"  # in the WSGI environ of the requests a batch makes of the app
# The SDK's BatchCreateParams.endpoint, fauxpen's first five first. An image edit's line is the JSON edit
# (`images: [{"image_url": ...}]` or `file_id`s). /v1/videos is gone: "The Videos API shut down on September 24,
# 2026. Batch creation no longer accepts this endpoint." (the SDK's note, openai 3.63).
ENDPOINTS = ["/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/responses", "/v1/moderations",
             "/v1/images/generations", "/v1/images/edits"]
REQUIRED = ("custom_id", "method", "url", "body")
# How the Batch API names an endpoint when it refuses a streamed request (recorded for chat; images' guessed).
ENDPOINT_NAMES = {"/v1/chat/completions": "Chat Completions", "/v1/completions": "Completions",
                  "/v1/embeddings": "Embeddings", "/v1/responses": "Responses", "/v1/moderations": "Moderations",
                  "/v1/images/generations": "Images", "/v1/images/edits": "Images"}


def time_id(prefix, created):
    """Return a batch's or a batch request's id: the prefix, the time, and 24 hex digits with 8190 in them."""
    return ids.time_id(prefix, created, "8190")


def _error(code, message, param=None, line=None):
    return {"code": code, "message": message, "param": param, "line": line}


def shown(value):
    """Write a value a line sent as a refusal quotes it: a string as it is, any other JSON value as JSON (`true`,
    `{"a": 1}`), never as Python writes it (`True`, `{'a': 1}`). The API's services write JSON; how its Batch
    API writes a method or model that is not a string is not recorded: json.dumps's own layout is a guess."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def check_line(endpoint, raw, number):
    """Check one line (bytes, as store.content_lines yields them) of a batch input file, number its line number:
    return the error that fails the batch for it, or None, and the request it holds (None when it has an error or
    is blank). Whether its custom_id is used before is check_step's to tell."""
    line = raw.decode("utf-8", "replace")  # cut at line feeds only: a JSON string may hold U+2028 as it is
    if not line.strip():
        return None, None
    try:
        item = json.loads(line)
    except (ValueError, RecursionError):
        item = None
    if not isinstance(item, dict):
        return _error("invalid_json_line", "This line is not parseable as valid JSON.", line=number), None
    missing = next((name for name in REQUIRED if item.get(name) is None), None)
    body = item.get("body")
    if missing:
        return _error("missing_required_parameter", f"Missing required parameter: '{missing}'.", missing,
                      number), None
    if not isinstance(item["custom_id"], str):
        return _error("invalid_request", f"Invalid type for 'custom_id': expected a string, but got "
                      f"{json_type_name(item['custom_id'])} instead.", "custom_id", number), None
    if item["method"] != "POST":
        return _error("invalid_request", f"Invalid value: '{shown(item['method'])}'. Supported values are: 'POST'.",
                      "method", number), None
    if item["url"] != endpoint:
        return _error("invalid_url", "The URL provided for this request does not match the batch endpoint.", "url",
                      number), None
    if not isinstance(body, dict) or body.get("model") is None:
        return _error("invalid_request", "Model parameter is required.", "body.model", number), None
    if not isinstance(body["model"], str) or registry.resolve(body["model"]) is None:
        return _error("model_not_found", f"The provided model '{shown(body['model'])}' is not supported by the Batch "
                      "API.", "body.model", number), None
    if endpoint == "/v1/chat/completions" and body.get("messages") is None:  # recorded; after the model's a guess
        return _error("invalid_request", "Messages parameter is required.", "body.messages", number), None
    if body.get("stream") is True:
        return _error("streaming_unsupported", f"{ENDPOINT_NAMES[endpoint]}: Streaming is not supported in the "
                      "Batch API.", "body.stream", number), None
    return None, item


def check_step(endpoint, lines, most_lines, most_bytes, number, used_before):
    """Check the next lines of a batch input file (from store.content_lines; the first is line number + 1), at most
    most_lines of them and no more once most_bytes are read. used_before(custom_ids) returns those of them earlier
    lines hold. Return the errors that fail the batch (one a bad line, in the lines' order), the custom_ids of the
    good lines (with their line numbers), the model the first of them names, the number of the last line read, and
    the offset after it (None when none was left)."""
    checked, offset, read, first = [], None, 0, number
    for offset, raw in lines:
        number += 1
        read += len(raw) + 1
        error, item = check_line(endpoint, raw, number)
        if error is not None or item is not None:
            checked.append((number, error, item))
        if number - first >= most_lines or read >= most_bytes:
            break
    seen = set(used_before([item["custom_id"] for _, error, item in checked if error is None]))
    errors, good, first_model = [], [], None
    for line, error, item in checked:
        if error is None and item["custom_id"] in seen:
            error = _error("duplicate_custom_id", f"The custom_id '{item['custom_id']}' is used more than once in "
                           "this batch.", "custom_id", line)
        if error is not None:
            errors.append(error)
            continue
        seen.add(item["custom_id"])
        good.append((item["custom_id"], line))
        first_model = first_model or item["body"]["model"]
    return errors, good, first_model, number, offset


def empty_file():
    """The error that fails a batch whose input file holds no request and no bad line."""
    return _error("empty_file", "The batch input file is empty.")


def read_step(lines, most_lines, most_bytes):
    """Return the requests of the next lines of a checked input file (from store.content_lines), at most
    most_lines of them and no more lines once most_bytes are read, and the offset after the last line read."""
    requests, offset, read = [], None, 0
    for offset, raw in lines:
        read += len(raw) + 1
        line = raw.decode("utf-8", "replace")
        if line.strip():  # blank as check_line has it: a line of U+2028 or U+0085 alone too
            requests.append(json.loads(line))
        if len(requests) >= most_lines or read >= most_bytes:
            break
    return requests, offset


def run(client, requests, headers, created):
    """Answer each request through client (the app's test client); return the output and error lines, their
    usage, and the model the first answer names (None when none answered)."""
    output, failed, model = [], [], None
    usage = {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0, "input_tokens_details": {"cached_tokens": 0},
             "output_tokens_details": {"reasoning_tokens": 0}}
    for item in requests:
        # Marked as a batch's own request: the fault and latency settings are for clients' requests. Its own app
        # context: else Flask would reuse the batch request's, and the two would share g (its notes and headers).
        with client.application.app_context():
            response = client.open(item["url"], method="POST", json=item["body"], headers=headers,
                                   environ_base={INNER: True})
            data = response.get_data()
        try:
            body = json.loads(data)
        except ValueError:
            body = data.decode("utf-8", "replace")
        line = {"id": time_id("batch_req_", created), "custom_id": item["custom_id"],
                "response": {"status_code": response.status_code,
                             "request_id": response.headers.get("x-request-id", "").removeprefix("req_"),
                             "body": body},
                "error": None}
        (output if response.status_code == 200 else failed).append(json.dumps(line, ensure_ascii=False) + "\n")
        if response.status_code == 200 and isinstance(body, dict):
            model = model or body.get("model") or item["body"]["model"]  # an image answer names none
            _add_usage(usage, body.get("usage") or {})
    return output, failed, usage, model


def snapshot(named):
    """The model a batch whose lines all failed names: its first line's, all the same, as its snapshot (a responses
    batch of gpt-5.4-pro whose 9 lines all failed showed gpt-5.4-pro-2026-03-05, kaapi-backend#723, March 2026); a
    model fauxpen does not know (a video's) as named."""
    found = registry.resolve(named)
    return found.id if found is not None else named


def add_usage(total, usage):
    """Add a step's usage (as run returns it) to the batch's."""
    for name in ("input_tokens", "output_tokens", "total_tokens"):
        total[name] += usage[name]
    total["output_tokens_details"]["reasoning_tokens"] += usage["output_tokens_details"]["reasoning_tokens"]


def _add_usage(total, usage):
    inputs = usage.get("prompt_tokens", usage.get("input_tokens", 0))
    outputs = usage.get("completion_tokens", usage.get("output_tokens", 0))
    details = usage.get("completion_tokens_details") or usage.get("output_tokens_details") or {}
    total["input_tokens"] += inputs
    total["output_tokens"] += outputs
    total["total_tokens"] += inputs + outputs
    total["output_tokens_details"]["reasoning_tokens"] += details.get("reasoning_tokens", 0)
