"""The Conversations API: POST /v1/conversations, GET/POST/DELETE /v1/conversations/{id}, its items (list, add,
get, delete), and what /v1/responses reads from and adds to a conversation (`conversation`).

Conversations are kept in the server's store. The endpoint writes JSON indented by two spaces, with no newline
at the end and text outside ASCII escaped, and sends no x-ratelimit-* headers (recordings of 2025-2026). Shapes,
ids and wordings follow those recordings; where a wording was not recorded, the API's usual one is used.
"""
import json
import time

from flask import Blueprint, Response, request

from .. import ids, store, wire
from ..errors import InvalidRequestError, NotFoundError, OpenAIError, release, missing_parameter
from ..schemas import fields as f
from ..schemas.chat import Metadata
from ..schemas import responses as responses_schema
from ..schemas.responses import check_item, expected_includes, typed_references
from ..validation import first_error, load
from . import key_refusals_as_answers, without_ratelimit_headers
from .stored import after, query_int, query_order, store_path

bp = Blueprint("conversations", __name__)

TABLE = "conversations"
MAX_ITEMS = 20
ROLES = ["assistant", "system", "developer", "user"]
# The items a conversation keeps: every input item type of the SDK's (openai 3.57) but a compaction trigger, an
# instruction to a response which the SDK's ConversationItem has no shape for; in the SDK's order, as the refusal
# of another type lists them (a guess, as the Responses API's list is). A reference is kept as the item it names.
ITEM_TYPES = tuple(kind for kind in responses_schema.ITEM_TYPES if kind != "compaction_trigger")
# The prefixes of the ids the conversation gives items sent without one: recorded for messages and function calls
# and their outputs; the Responses API's own for what it makes (custom tool calls, searches, reasoning, compaction);
# the API's documented ones for apply_patch, MCP and local shell calls; guessed for the others (only those whose
# id the SDK leaves optional are ever made).
ITEM_PREFIXES = {"message": "msg", "function_call": "fc", "function_call_output": "fco", "custom_tool_call": "ctc",
                 "custom_tool_call_output": "ctco", "file_search_call": "fs", "web_search_call": "ws",
                 "reasoning": "rs", "compaction": "cmp", "computer_call": "cu", "computer_call_output": "cuo",
                 "tool_search_call": "tsc", "tool_search_output": "tso", "additional_tools": "at",
                 "configuration_update": "cfg", "image_generation_call": "ig", "code_interpreter_call": "ci",
                 "local_shell_call": "lsh", "local_shell_call_output": "lsho", "shell_call": "sh",
                 "shell_call_output": "sho", "apply_patch_call": "apc", "apply_patch_call_output": "apco",
                 "mcp_list_tools": "mcpl", "mcp_approval_request": "mcpr", "mcp_approval_response": "mcpa",
                 "mcp_call": "mcp", "program": "prog", "program_output": "progo"}
# The prefixes an id sent with an item must begin with (recorded refusals; a custom tool output's prefix a guess).
# Other types' ids are kept as sent. A message's, a function call's and a custom tool call's are the input item
# schema's (ID_PREFIXES), refused there first in the same words: these are the outputs'.
CHECKED_PREFIXES = {kind: ITEM_PREFIXES[kind] for kind in ("function_call_output", "custom_tool_call_output")}
# The types whose items are listed with a status (the SDK's ConversationItem requires one; a custom tool's call and
# output have one as the Responses API lists them): `completed` unless one was sent.
WITH_STATUS = {"message", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output",
               "file_search_call", "web_search_call", "image_generation_call", "computer_call",
               "computer_call_output", "tool_search_call", "tool_search_output", "program_output",
               "code_interpreter_call", "local_shell_call", "shell_call", "shell_call_output", "apply_patch_call",
               "apply_patch_call_output"}


# What a conversation's items may include: the Responses API's but web_search_call.results, in its order (the list
# of a refusal recorded in July 2026, openai-dotnet#1254).
INCLUDABLE = tuple(value for value in responses_schema.INCLUDABLE if value != "web_search_call.results")


class ConversationRequest(f.Body):
    items = f.Strict(types=(list,), expected="an array", allow_none=True)
    metadata = Metadata(allow_none=True)
    # The SDK's ConversationCreateParams since late 2026 (openai 3.63, not in 3.22): taken, not echoed (the
    # Conversation type has no such key); its length unchecked, as the Responses API's.
    safety_identifier = f.String(allow_none=True)


conversation_request = ConversationRequest()


def serde(obj, status=200, headers=None):
    """The conversations layout: indented by two, no final newline, text outside ASCII escaped (recorded)."""
    return Response(json.dumps(obj, indent=2).encode(), status, headers, content_type="application/json")


without_ratelimit_headers(bp)


@bp.errorhandler(OpenAIError)
def refusal(error):
    release(error)
    return serde(error.to_dict(), error.status)


# A refused key, in the endpoint's layout with a WWW-Authenticate challenge and a bare UUID for the request id
# (recorded on a retrieve, a delete and an item's get and delete in August 2025, ruby-openai's cassettes: 240 bytes
# for an 11-character key, as the Responses API's refusal is written).
key_refusals_as_answers(bp, serde, bare_request_id=True)


def conversation_id(created):
    """`conv_` and 48 hex digits: the time, 4 more, `819` and one, 16 more, then the 16 its items share."""
    return f"conv_{created & 0xFFFFFFFF:08x}{ids.random_hex(2)}819{ids.random_hex(1)[0]}{ids.random_hex(16)}"


def item_id(kind, conversation):
    """An item added through this API: its prefix, the time, ..., and the conversation's last 16 digits."""
    now = int(time.time())
    return f"{kind}_{now & 0xFFFFFFFF:08x}{ids.random_hex(2)}819{ids.random_hex(1)[0]}{ids.random_hex(8)}" \
           f"{conversation['id'][-16:]}"


def turn_item_id(kind, conversation):
    """An item a response adds: its prefix, the conversation's last 16 digits, 00, the time, 24 more (recorded)."""
    return f"{kind}_{conversation['id'][-16:]}00{int(time.time()) & 0xFFFFFFFF:08x}{ids.random_hex(12)}"


def conversation_object(record):
    return {"id": record["id"], "object": "conversation", "created_at": record["created_at"],
            "metadata": record["metadata"]}


def stored_item(item, index, conversation, make_id=item_id, references=None, added=True, present=None, kept=None):
    """Return an item as the conversation keeps it, or raise the API's refusal of it (items[index]). references:
    {id: the stored item it names} for the item references among the items (referenced_items). added: sent to the
    Conversations API (not a response's turn). present: the ids the conversation had before the request (else
    those it has); kept: {id: the item another conversation keeps} for the ids sent (items_kept_elsewhere)."""
    if not isinstance(item, dict):
        raise InvalidRequestError(f"Invalid type for 'items[{index}]': expected an object, but got "
                                  f"{f.json_type_name(item)} instead.", param=f"items[{index}]", code="invalid_type")
    errors = check_item(item, ITEM_TYPES)  # what /v1/responses checks of an input item, named as items[index]
    if errors:
        raise first_error({"items": {index: errors}})
    if added and item.get("type") == "reasoning" and not item.get("id") and not item.get("encrypted_content"):
        # Nothing to keep it by: refused, as recorded in May 2026 (openai-agents-python#1709, gpt-5.4-mini,
        # `{"summary": [], "type": "reasoning"}`); the rule (neither an id nor encrypted content) is the one the
        # Agents SDK's maintainers wrote from it (#3352). Not recorded for a turn of /v1/responses: kept there.
        raise InvalidRequestError("Invalid item", param="item", code="invalid_item")
    if item.get("type") == "item_reference":
        item = referenced(item["id"], conversation, references or {})
    kind = item.get("type", "message")
    prefix = CHECKED_PREFIXES.get(kind)
    given = item.get("id")
    if given is not None and prefix is not None and not given.startswith(prefix):
        raise InvalidRequestError(f"Invalid 'items[{index}].id': '{given}'. Expected an ID that begins with "
                                  f"'{prefix}'.", param=f"items[{index}].id", code="invalid_value")
    if given is not None and given in (present if present is not None else {i["id"] for i in conversation["items"]}):
        raise InvalidRequestError("Item already in conversation", param="items", code="item_already_in_conversation")
    if given is not None and kept and given in kept:
        # An item of that id is kept already: the conversation takes it as it is kept, whatever was sent with the
        # id, as many times as it is sent (recorded in September 2026: a message sent with the id of one in
        # another conversation listed with that one's text, twice when sent twice in one request).
        return dict(kept[given])
    new_id = make_id(ITEM_PREFIXES[kind], conversation) if given is None else given
    if kind != "message":
        return listed_item(kind, new_id, item)
    role = item.get("role")
    if role not in ROLES:
        raise InvalidRequestError(f"Invalid value: '{role or ''}'. Supported values are: 'assistant', 'system', "
                                  "'developer', and 'user'.", param=f"items[{index}]", code="invalid_value")
    return message_item(new_id, listed_content(item.get("content", ""), role), role, item.get("phase"),
                        item.get("status") or "completed")


def referenced_items(items):
    """Return {id: the output item of a stored response it names} for the item references among items (looked up
    before a conversation is changed, as the Responses API looks them up)."""
    from .responses import issued_item, issued_items  # here: the Responses view imports this one
    ids = [item["id"] for item in typed_references(items) if isinstance(item, dict)
           and item.get("type") == "item_reference" and isinstance(item.get("id"), str)]
    issued = issued_items(ids)
    found = {item_id: issued_item(issued, item_id) for item_id in issued}
    return {item_id: made for item_id, made in found.items() if made is not None}


def referenced(item_id, conversation, references):
    """Return the item a reference names, to be kept as it is; refuse one the conversation already has, and one
    fauxpen does not have (the Responses API's 404, named as the items: a guess)."""
    if item_id in references:
        return references[item_id]
    if any(kept["id"] == item_id for kept in conversation["items"]):
        raise InvalidRequestError("Item already in conversation", param="items", code="item_already_in_conversation")
    from .responses import ItemNotFoundError  # here: the Responses view imports this one
    raise ItemNotFoundError(item_id, param="items")


def listed_item(kind, new_id, item):
    """An item other than a message as the conversation lists it: its id, type and status (completed where its type
    has one and none was sent), then what was sent in alphabetical order (the recorded order of function calls and
    their outputs); a tool search's execution is the server's where none was sent (the SDK requires one: a guess)."""
    rest = {key: value for key, value in item.items() if key not in ("id", "type", "status")}
    head = {"id": new_id, "type": kind}
    status = item.get("status")
    if status is None and kind in WITH_STATUS:
        status = "completed"
    if status is not None:
        head["status"] = status
    if kind in ("tool_search_call", "tool_search_output") and rest.get("execution") is None:
        rest["execution"] = "server"
    return {**head, **dict(sorted(rest.items()))}


def listed_content(content, role):
    """A message's content as the API lists it: a string as one text part (the assistant's an output_text), an
    output_text with its annotations and logprobs (empty where none were sent), an image part with its detail
    (auto where none was sent): the SDK's types require them."""
    if isinstance(content, str):
        return [output_text(content) if role == "assistant" else {"type": "input_text", "text": content}]
    return [listed_part(part) for part in content]


def output_text(text):
    return {"type": "output_text", "annotations": [], "logprobs": [], "text": text}


def listed_part(part):
    kind = part.get("type")
    if kind == "output_text":
        return {**output_text(part.get("text")), **part}
    if kind == "input_image" and part.get("detail") is None:
        return {**part, "detail": "auto"}
    return part


def message_item(message_id, content, role, phase=None, status="completed"):
    """A message as the conversation keeps it; an assistant message with its phase where the API writes it."""
    if phase is not None:
        return {"id": message_id, "type": "message", "status": status, "content": content, "phase": phase,
                "role": role}
    return {"id": message_id, "type": "message", "status": status, "content": content, "role": role}


def add_items(conversation, items, references, elsewhere=None):
    """Check and add items to a conversation (not yet saved); return them as kept. references: referenced_items;
    elsewhere: items_kept_elsewhere. An id the conversation had before is refused; one sent twice in the request
    is not (recorded in September 2026)."""
    present = {kept["id"] for kept in conversation["items"]}
    added = []
    for index, item in enumerate(typed_references(items)):
        kept = stored_item(item, index, conversation, references=references, present=present, kept=elsewhere)
        conversation["items"].append(kept)
        added.append(kept)
    return added


def items_kept_elsewhere(items, conversation_ref=None):
    """Return {id: the item another conversation keeps} for the ids items are sent with (not references)."""
    wanted = {item["id"] for item in typed_references(items) if isinstance(item, dict)
              and isinstance(item.get("id"), str) and item.get("type") != "item_reference"}
    if not wanted:
        return {}
    found = {}
    for record in store.record_listing(store_path(), TABLE):
        if record.get("deleted") or record["id"] == conversation_ref:
            continue
        for item in record["items"]:
            if item["id"] in wanted:
                found.setdefault(item["id"], item)
    return found


def checked_length(items):
    """Return items, or refuse more than the API takes at a time."""
    if len(items) > MAX_ITEMS:
        raise InvalidRequestError(f"Invalid 'items': array too long. Expected an array with maximum length "
                                  f"{MAX_ITEMS}, but got an array with length {len(items)} instead.", param="items",
                                  code="array_above_max_length")
    return items


class ConversationNotFoundError(NotFoundError):
    def __init__(self, conversation_ref):
        super().__init__(f"Conversation with id '{conversation_ref}' not found.")


def kept_conversation(conversation_ref):
    """Return a kept conversation, or raise the API's 404 for its id."""
    record = store.get_record(store_path(), TABLE, conversation_ref)
    if record is None or record.get("deleted"):
        raise ConversationNotFoundError(conversation_ref)
    return record


def only_parameter(name, nullable=False):
    """Return the one parameter a request body must hold; refuse a body without it (or with it null, unless
    nullable), or with any other."""
    body = wire.json_body()
    for key in body:
        if key != name:
            raise InvalidRequestError(f"Unknown parameter: '{key}'.", param=key, code="unknown_parameter")
    if name not in body or body[name] is None and not nullable:
        raise missing_parameter(name)
    return body[name]


def save(record):
    store.save_record(store_path(), TABLE, record["id"], record)


def change(conversation_ref, how):
    """Change a kept conversation in one transaction (how: a function of its record, returning the answer), so
    that what other requests add at the same time is kept; raise the API's 404 for an id it does not have."""
    def checked(record):
        if record.get("deleted"):
            raise ConversationNotFoundError(conversation_ref)
        return how(record)

    found, answer = store.update_record(store_path(), TABLE, conversation_ref, checked)
    if not found:
        raise ConversationNotFoundError(conversation_ref)
    return answer


@bp.post("/conversations")
def create_conversation():
    req = load(conversation_request, wire.json_body())
    now = int(time.time())
    record = {"id": conversation_id(now), "created_at": now, "metadata": req.get("metadata") or {}, "items": []}
    items = checked_length(req.get("items") or [])
    add_items(record, items, referenced_items(items), items_kept_elsewhere(items))
    save(record)
    return serde(conversation_object(record))


@bp.get("/conversations/<conversation_ref>")
def retrieve_conversation(conversation_ref):
    return serde(conversation_object(kept_conversation(conversation_ref)))


@bp.post("/conversations/<conversation_ref>")
def update_conversation(conversation_ref):
    """Replace a conversation's metadata."""
    # Required, but null clears it (the SDK types it Required[Optional[Metadata]]).
    metadata = load(conversation_request, {"metadata": only_parameter("metadata", nullable=True)}).get("metadata") \
        or {}

    def update(record):
        record["metadata"] = metadata
        return conversation_object(record)
    return serde(change(conversation_ref, update))


@bp.delete("/conversations/<conversation_ref>")
def delete_conversation(conversation_ref):

    def delete(record):
        record["deleted"] = True
        return {"id": record["id"], "object": "conversation.deleted", "deleted": True}
    return serde(change(conversation_ref, delete))


def check_include(args):
    """Refuse an `include` sent as one bare query key (`include=a` or `include=a,b`, not `include[]=a`): the API reads
    it as a string, as recorded on the list in July 2026 (openai-dotnet#1254, whose fix, #1255, sends `include[]`
    to the create and retrieve too; theirs by analogy). `include[]` is taken, its values neither checked nor applied:
    items are listed as kept."""
    if len(args.getlist("include")) == 1:
        raise InvalidRequestError(f"Invalid type for 'include': expected {expected_includes(INCLUDABLE)}, but got a "
                                  "string instead.", param="include", code="invalid_type")


def public(item):
    """An item as it is shown: without fauxpen's own marks (a function call's `_written`, which counts its tokens)."""
    return {key: value for key, value in item.items() if not key.startswith("_")}


def item_list(items, newest_first=False):
    """A list object of items: object, data, first_id, has_more, last_id (recorded order)."""
    items = [public(item) for item in items]
    return {"object": "list", "data": items, "first_id": items[0]["id"] if items else None,
            "has_more": newest_first, "last_id": items[-1]["id"] if items else None}


@bp.get("/conversations/<conversation_ref>/items")
def list_items(conversation_ref):
    """List a conversation's items, newest first by default: limit (20, at most 100), order and after."""
    record = kept_conversation(conversation_ref)
    args = request.args
    check_include(args)
    limit, order = query_int(args, "limit", 20, 1, 100), query_order(args, "desc")
    items = record["items"][::-1] if order == "desc" else list(record["items"])
    if args.get("after") and not any(item["id"] == args["after"] for item in items):
        raise NotFoundError(f"No item found with id '{args['after']}'", param="after")
    found = after(items, args.get("after"))
    page = found[:limit]
    listed = item_list(page)
    listed["has_more"] = len(found) > len(page)
    return serde(listed)


@bp.post("/conversations/<conversation_ref>/items")
def create_items(conversation_ref):
    """Add items to a conversation; answer with them, in the order sent."""
    check_include(request.args)
    items = only_parameter("items")
    if not isinstance(items, list):
        raise InvalidRequestError(f"Invalid type for 'items': expected an array, but got {f.json_type_name(items)} "
                                  "instead.", param="items", code="invalid_type")
    references = referenced_items(checked_length(items))
    elsewhere = items_kept_elsewhere(items, conversation_ref)
    return serde(item_list(change(conversation_ref, lambda record: add_items(record, items, references, elsewhere))))


def _item(record, item_ref):
    found = next((item for item in record["items"] if item["id"] == item_ref), None)
    if found is None:
        raise NotFoundError(f"Item with id '{item_ref}' not found in conversation.")
    return found


@bp.get("/conversations/<conversation_ref>/items/<item_ref>")
def retrieve_item(conversation_ref, item_ref):
    check_include(request.args)
    return serde(public(_item(kept_conversation(conversation_ref), item_ref)))


@bp.delete("/conversations/<conversation_ref>/items/<item_ref>")
def delete_item(conversation_ref, item_ref):
    """Take an item out of a conversation; answer with the conversation (recorded)."""

    def delete(record):
        record["items"].remove(_item(record, item_ref))
        return conversation_object(record)
    return serde(change(conversation_ref, delete))


# What /v1/responses does with a conversation.

def responses_conversation(req):
    """Return the kept conversation a Responses request names (`conversation`), or None; refuse as the API does."""
    named = req.get("conversation")
    if named is None:
        return None
    if req.get("previous_response_id") is not None:
        # Recorded word for word: the empty '' and the shortened name are the API's.
        raise InvalidRequestError("Mutually exclusive parameters: ''. Ensure you are only providing one of: "
                                  "'pre..._id' or 'conversation'.", code="mutually_exclusive_parameters")
    if isinstance(named, dict):
        if not isinstance(named.get("id"), str):
            raise missing_parameter("conversation.id")
        named = named["id"]
    if not named.startswith("conv"):
        raise InvalidRequestError(f"Invalid 'conversation': '{named}'. Expected an ID that begins with 'conv'.",
                                  param="conversation", code="invalid_value")
    return kept_conversation(named)


def as_input(item):
    """A kept item as a Responses input item."""
    kept = {key: value for key, value in item.items() if key not in ("id", "status")}
    if kept.get("type") == "message":
        kept["content"] = [{"type": part["type"], "text": part.get("text", "")} if "text" in part else part
                           for part in kept["content"]]
    return kept


def check_input_ids(items):
    """Refuse, before answering, an input item whose id is not of its kind (input[i].id)."""
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            prefix = CHECKED_PREFIXES.get(item.get("type", "message"))
            if prefix and not item["id"].startswith(prefix):
                raise InvalidRequestError(f"Invalid 'input[{index}].id': '{item['id']}'. Expected an ID that begins "
                                          f"with '{prefix}'.", param=f"input[{index}].id", code="invalid_value")


def record_turn(conversation_ref, said, answered, working=None):
    """Add a response's input items, then its output items (with the response's own ids), to the conversation
    (recorded order). Input items the conversation already has (an earlier output sent back) are not added again,
    and a compaction trigger is not an item it keeps (said: the input with each reference read as the item it names);
    output items other than messages and calls (reasoning, searches, a compaction) are kept as the response has
    them. working: the id of a background response that works on the conversation until it is done (see
    responses.check_unlocked)."""
    def add(record):
        record["working"] = working
        known = {item["id"] for item in record["items"]}
        for index, item in enumerate(said):
            if not isinstance(item, dict) or item.get("type", "message") not in ITEM_TYPES \
                    or item.get("type") == "item_reference":
                continue
            if item.get("id") in known:
                continue
            record["items"].append(stored_item(item, index, record, turn_item_id, added=False))
        for item in answered:
            if item["type"] == "message":
                text = "".join(part.get("text", "") for part in item["content"])
                record["items"].append(message_item(item["id"], [output_text(text)], "assistant", item.get("phase")))
            elif item["type"] == "function_call":
                record["items"].append({"id": item["id"], "type": "function_call", "status": "completed",
                                        "arguments": item["arguments"], "call_id": item["call_id"],
                                        "name": item["name"]})
            elif item["type"] == "custom_tool_call":  # done, as a function call is kept
                record["items"].append({**item, "status": "completed"})
            else:  # reasoning, a search, a compaction: as the response has it
                record["items"].append(item)
    change(conversation_ref, add)


def take_back(conversation_ref, item_ids):
    """Take the items of a response out of its conversation (a cancelled background response's answer)."""
    def remove(record):
        record["items"] = [item for item in record["items"] if item["id"] not in item_ids]
    try:
        change(conversation_ref, remove)
    except ConversationNotFoundError:  # deleted since: nothing to take back
        pass
