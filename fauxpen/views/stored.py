"""Stored chat completions: GET /v1/chat/completions and /v1/chat/completions/{id} (GET, POST, DELETE, messages).

A chat completion created with `store: true` is kept as the API shows it here: its answer with the sampling
parameters it was made with (defaults filled in), the request's id, tools and metadata; and its request's
messages, each with an id of the completion's and its place. Only metadata can be changed. Answers and refusals
are written indented by two with no newline at the end, as the recorded 404 (`Completion ... not found`, 2026),
but for a completion retrieved, updated or deleted and the lists, written compact (openai-dotnet session records,
September and October 2025: 664, 713 and 97 bytes; lists of 817 and 317).
"""
import random
import re
import threading

from flask import Blueprint, Response, g, request
from marshmallow import EXCLUDE, Schema, pre_load

from .. import context, store, wire
from ..errors import InvalidRequestError
from ..schemas import fields as f
from ..schemas.chat import Metadata
from ..validation import load
from ..jsontext import rust_json
from . import indented, indented_refusals

bp = Blueprint("stored", __name__)
indented_refusals(bp)

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
_METADATA_QUERY = re.compile(r"metadata\[(.+)\]")
_INTEGER = re.compile(r"-?[0-9]{1,4300}")
_path_lock = threading.Lock()


def store_path():
    """Return the app's store file, making one for this process the first time if it was given none."""
    config = context.config()
    if not config.get("FAUXPEN_STORE_PATH"):
        with _path_lock:
            if not config.get("FAUXPEN_STORE_PATH"):
                config["FAUXPEN_STORE_PATH"] = store.own_path()
    return config["FAUXPEN_STORE_PATH"]


def _float(value, default):
    return float(default if value is None else value)


def stored_object(answer, req):
    """Return the object the API keeps for a completion it answered to req, as retrieve and list show it."""
    data = answer.to_dict()
    usage = data["usage"]
    seed = req.get("seed")
    return {
        "object": "chat.completion",
        "id": data["id"],
        "model": data["model"],
        "created": data["created"],
        "request_id": vars(g._get_current_object()).get("request_id"),
        "tool_choice": req.get("tool_choice"),
        "usage": {"total_tokens": usage["total_tokens"], "completion_tokens": usage["completion_tokens"],
                  "prompt_tokens": usage["prompt_tokens"]},
        "seed": random.getrandbits(63) if seed is None else seed,  # the API picks one when the request did not
        "top_p": _float(req.get("top_p"), 1),
        "temperature": _float(req.get("temperature"), 1),
        "presence_penalty": _float(req.get("presence_penalty"), 0),
        "frequency_penalty": _float(req.get("frequency_penalty"), 0),
        "system_fingerprint": data["system_fingerprint"],
        "input_user": req.get("user"),
        "service_tier": answer.service_tier,  # a search model's answer names none; its stored object, a guess
        "tools": req.get("tools"),
        "metadata": req.get("metadata") or {},
        "choices": [{"index": c["index"],
                     "message": {"content": c["message"].get("content"), "role": "assistant",
                                 "tool_calls": c["message"].get("tool_calls"),
                                 "function_call": c["message"].get("function_call")},
                     "finish_reason": c["finish_reason"], "logprobs": c.get("logprobs")}
                    for c in data["choices"]],
        "response_format": req.get("response_format"),
    }


def stored_messages(completion_id, messages):
    """Return a request's messages as the messages list shows them: text as content, parts kept beside it, before
    the name (openai-dotnet session records, October 2025)."""
    shown = []
    for i, message in enumerate(messages):
        content = message.get("content")
        parts = content if isinstance(content, list) else None
        if parts is not None:
            texts = [p["text"] for p in parts if p.get("type") == "text"]
            content = "\n".join(texts) if texts else None
        shown.append({"id": f"{completion_id}-{i}", "role": message["role"], "content": content,
                      "content_parts": parts, "name": message.get("name")})
    return shown


def keep(answer, req):
    """Store the completion answering req (a request with store: true)."""
    stored = stored_object(answer, req)
    store.save(store_path(), stored, stored_messages(stored["id"], req["messages"]))


class CompletionNotFoundError(InvalidRequestError):
    """The recorded 404 of a completion that is not stored (openai-dotnet, 2026: its messages)."""

    def __init__(self, completion_id):
        super().__init__(f"Completion {completion_id} not found", param="completion_id", code="not_found",
                         status=404)


def _found(value, completion_id):
    if value is None:
        raise CompletionNotFoundError(completion_id)
    return value


def query_int(args, name, default, minimum, maximum):
    """Read an integer query parameter within bounds, refused in the API's words."""
    text = args.get(name)
    if text is None:
        return default
    # ASCII digits only (int() would also take "１", "1_0" and " 5"), and no more than int() reads (4,300).
    if not _INTEGER.fullmatch(text):
        raise InvalidRequestError(f"Invalid type for '{name}': expected an integer, but got a string instead.",
                                  param=name, code="invalid_type")
    value = int(text)
    if value < minimum:
        raise InvalidRequestError(f"Invalid '{name}': integer below minimum value. Expected a value >= {minimum}, "
                                  f"but got {value} instead.", param=name, code="integer_below_min_value")
    if value > maximum:
        raise InvalidRequestError(f"Invalid '{name}': integer above maximum value. Expected a value <= {maximum}, "
                                  f"but got {value} instead.", param=name, code="integer_above_max_value")
    return value


def query_order(args, default):
    """Read the order of a list: asc or desc."""
    order = args.get("order", default)
    if order not in ("asc", "desc"):
        raise InvalidRequestError(f"Invalid value: '{order}'. Supported values are: 'asc' and 'desc'.",
                                  param="order", code="invalid_value")
    return order


def after(found, after_id):
    """Return the objects of a list that come after the one of after_id (all of them when it is not there)."""
    position = next((i for i, item in enumerate(found) if item["id"] == after_id), None) if after_id else None
    return found[position + 1:] if position is not None else found


def compact(obj, status=200, headers=None):
    """Return obj as JSON written compact, as the API writes stored chat completions, deletions and lists."""
    return Response(rust_json(obj, indent=None), status, headers, content_type="application/json")


def page(items, default_order="asc", has_more_before_last=False, write=indented):
    """Return one page of items (each with an id) as a list object, by the request's after, limit (20, at most
    100) and order; has_more_before_last: the key order of the newest lists (containers, skills: recorded);
    write: how the list is written (indented, or compact as stored chat completions' lists are)."""
    args = request.args
    limit, order = query_int(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), query_order(args, default_order)
    if order == "desc":
        items = items[::-1]
    items = after(items, args.get("after"))
    shown = items[:limit]
    listed = {"object": "list", "data": shown, "first_id": shown[0]["id"] if shown else None}
    if has_more_before_last:
        listed["has_more"] = len(items) > limit
    listed["last_id"] = shown[-1]["id"] if shown else None
    listed.setdefault("has_more", len(items) > limit)
    return write(listed)


def newest_page(items):
    """One page of a list, newest first by default, its keys in the order of the newest lists (containers, skills,
    webhook endpoints: recorded)."""
    return page(items, "desc", has_more_before_last=True)


def kept_record(table, ref, missing):
    """Return a kept record of table, or raise missing(ref): the endpoint's 404."""
    record = store.get_record(store_path(), table, ref)
    if record is None:
        raise missing(ref)
    return record


def forgotten_record(table, ref, missing):
    """Forget a kept record of table, or raise missing(ref) when it is not kept."""
    if not store.delete_record(store_path(), table, ref):
        raise missing(ref)


def changed_record(table, ref, how, missing, delete_when=None):
    """Change a kept record of table in one transaction (how: a function of it, returning the answer; see
    store.update_record) and return the answer, or raise missing(ref) when it is not kept."""
    found, answer = store.update_record(store_path(), table, ref, how, delete_when)
    if not found:
        raise missing(ref)
    return answer


@bp.get("/chat/completions")
def list_completions():
    """List the stored completions, oldest first unless order=desc; of one model, or with metadata[key]=value."""
    return page(store.listing(store_path(), request.args.get("model"), metadata_pairs()), write=compact)


def metadata_pairs():
    """Return the metadata[key]=value pairs a list's query filters by."""
    return {m.group(1): value for key, value in request.args.items() if (m := _METADATA_QUERY.fullmatch(key))}


@bp.get("/chat/completions/<completion_id>")
def retrieve_completion(completion_id):
    return compact(_found(store.get(store_path(), completion_id), completion_id))


class MetadataUpdate(Schema):
    """POST /v1/chat/completions/{id}: the new metadata, null to clear it."""

    class Meta:
        unknown = EXCLUDE

    metadata = Metadata(required=True, allow_none=True)

    @pre_load
    def reject_unknown(self, data, **kwargs):
        return f.reject_unknown_arguments(self, data)


metadata_update = MetadataUpdate()


@bp.post("/chat/completions/<completion_id>")
def update_completion(completion_id):
    body = wire.json_body()
    metadata = load(metadata_update, body)["metadata"] or {}
    return compact(_found(store.update_metadata(store_path(), completion_id, metadata), completion_id))


@bp.delete("/chat/completions/<completion_id>")
def delete_completion(completion_id):
    _found(store.delete(store_path(), completion_id) or None, completion_id)
    return compact({"object": "chat.completion.deleted", "id": completion_id, "deleted": True})


@bp.get("/chat/completions/<completion_id>/messages")
def list_messages(completion_id):
    return page(_found(store.messages(store_path(), completion_id), completion_id), write=compact)
