"""The Responses API request (POST /v1/responses), as a marshmallow schema, and its input read as chat messages.

Input items are checked at their top level as the SDK types them (each type's required fields, its fixed values,
and the ids fauxpen knows the prefixes of); the request is then read as the chat request it amounts to, so that
the chat endpoint's token counting, canned reply and tool use answer it the same way.
"""
import base64
import binascii
import json
import re

from marshmallow import EXCLUDE, INCLUDE, Schema, ValidationError, pre_load, validates_schema

from .. import pdf, programs, uploaded
from ..tokens import (count_choice_tokens, count_format_tokens, count_model_function_tokens, count_model_prompt_tokens,
                      count_tokens, writes_to_functions)
from .chat import FLAT_FORMAT_FRAMING
from ..tooluse import definitions, function_choice
from ..validation import load
from . import fields as f
from .chat import Metadata, Moderation, reject_unknown_keys
from .fields import Problem, literal, reject_unknown_parameters, supported_values
from .messages import MAX_TEXT, missing, too_long
from .tools import check_regexes, made_strict
from .vector_stores import Filter, Strings

# The input items a request may send: the SDK's (openai 3.57, late 2026), in its order. fauxpen reads messages,
# function calls and their outputs, references and reasoning; the others (what built-in and custom tools did,
# sent back) are taken as context without being read, their required fields checked (ITEM_FIELDS). The API refuses
# another type listing its own types (LISTED_ITEM_TYPES, captured on gpt-5.6-terra in September 2026).
ITEM_TYPES = ("message", "file_search_call", "computer_call", "computer_call_output", "web_search_call",
              "function_call", "function_call_output", "tool_search_call", "tool_search_output", "additional_tools",
              "configuration_update", "reasoning", "compaction", "image_generation_call", "code_interpreter_call",
              "local_shell_call", "local_shell_call_output", "shell_call", "shell_call_output", "apply_patch_call",
              "apply_patch_call_output", "mcp_list_tools", "mcp_approval_request", "mcp_approval_response",
              "mcp_call", "custom_tool_call_output", "custom_tool_call", "compaction_trigger", "item_reference",
              "program", "program_output")
LISTED_ITEM_TYPES = (
    "additional_tools", "agent_message", "apply_patch_call", "apply_patch_call_output", "code_interpreter_call",
    "compaction", "compaction_trigger", "computer_call", "computer_call_output", "custom_tool_call",
    "custom_tool_call_output", "file_search_call", "function_call", "function_call_output", "image_generation_call",
    "item_reference", "local_shell_call", "local_shell_call_output", "mcp_approval_request", "mcp_approval_response",
    "mcp_call", "mcp_list_tools", "message", "multi_agent_call", "multi_agent_call_output", "program",
    "program_output", "reasoning", "shell_call", "shell_call_output", "tool_search_call", "tool_search_output",
    "web_search_call")
# A message's roles, listed in the API's order when one is refused (captured, September 2026).
ROLES = ("assistant", "system", "developer", "user")
PART_TYPES = ("input_text", "input_image", "output_text", "refusal", "input_file", "computer_screenshot",
              "summary_text")
# The part types the API lists when refusing another (captured, September 2026), and the ones a role takes: an
# assistant's message is output text or a refusal, the others' input parts (each list as the API words it).
LISTED_PART_TYPES = ("input_text", "input_image", "input_audio", "output_text", "refusal", "input_file",
                     "computer_screenshot", "summary_text", "encrypted_content")
ROLE_PART_TYPES = {"assistant": ("output_text", "refusal")}
INPUT_PART_TYPES = ("input_text", "input_image", "input_file", "scoped_content", "input_audio")

def _invalid_value(value, allowed):
    return Problem(f"Invalid value: '{literal(value)}'. Supported values are: {supported_values(allowed)}.",
                   code="invalid_value")


PHASES = ("commentary", "final_answer")  # what an assistant message says it is (the SDK's types)


# The fields an input item of a type must carry beyond its type (the SDK's Required ones, openai 3.57), in the
# order they are checked, each with the JSON types it takes and how a refusal names them; messages and reasoning
# items have their own checks. A field that takes null must be there all the same (the SDK's
# Required[Optional[...]]). Which field the API reports first when several are missing is not known.
_STRING, _OBJECT, _ARRAY = ((str,), "a string"), ((dict,), "an object"), ((list,), "an array")
_OUTPUT = ((str, list), "one of a string or array of objects")  # recorded wording (2025-2026)
_STRING_OR_NULL, _ARRAY_OR_NULL = ((str, type(None)), "a string"), ((list, type(None)), "an array")
ITEM_FIELDS = {
    "function_call": (("call_id", _STRING), ("name", _STRING), ("arguments", _STRING)),
    "function_call_output": (("call_id", _STRING), ("output", _OUTPUT)),
    "custom_tool_call": (("call_id", _STRING), ("name", _STRING), ("input", _STRING)),
    "custom_tool_call_output": (("call_id", _STRING), ("output", _OUTPUT)),
    "item_reference": (("id", _STRING),),
    "file_search_call": (("id", _STRING), ("queries", _ARRAY), ("status", _STRING)),
    "computer_call": (("id", _STRING), ("call_id", _STRING), ("pending_safety_checks", _ARRAY),
                      ("status", _STRING)),
    "computer_call_output": (("call_id", _STRING), ("output", _OBJECT)),
    "web_search_call": (("id", _STRING), ("action", _OBJECT), ("status", _STRING)),
    # An object, as the API writes it: a string refused (Codex relays quoting the API, July-August 2026).
    "tool_search_call": (("arguments", _OBJECT),),
    "tool_search_output": (("tools", _ARRAY),),
    "additional_tools": (("role", _STRING), ("tools", _ARRAY)),
    "compaction": (("encrypted_content", _STRING),),
    "image_generation_call": (("id", _STRING), ("result", _STRING_OR_NULL), ("status", _STRING)),
    "code_interpreter_call": (("id", _STRING), ("code", _STRING_OR_NULL), ("container_id", _STRING),
                              ("outputs", _ARRAY_OR_NULL), ("status", _STRING)),
    "local_shell_call": (("id", _STRING), ("action", _OBJECT), ("call_id", _STRING), ("status", _STRING)),
    "local_shell_call_output": (("id", _STRING), ("output", _STRING)),
    "shell_call": (("action", _OBJECT), ("call_id", _STRING)),
    "shell_call_output": (("call_id", _STRING), ("output", _ARRAY)),
    "apply_patch_call": (("call_id", _STRING), ("operation", _OBJECT), ("status", _STRING)),
    "apply_patch_call_output": (("call_id", _STRING), ("status", _STRING)),
    "mcp_list_tools": (("id", _STRING), ("server_label", _STRING), ("tools", _ARRAY)),
    "mcp_approval_request": (("id", _STRING), ("arguments", _STRING), ("name", _STRING), ("server_label", _STRING)),
    "mcp_approval_response": (("approval_request_id", _STRING), ("approve", ((bool,), "a boolean"))),
    "mcp_call": (("id", _STRING), ("arguments", _STRING), ("name", _STRING), ("server_label", _STRING)),
    "program": (("id", _STRING), ("call_id", _STRING), ("code", _STRING), ("fingerprint", _STRING)),
    "program_output": (("id", _STRING), ("call_id", _STRING), ("result", _STRING), ("status", _STRING)),
}
# The values a field of fixed values takes, by item type (the SDK's; status required or not).
_DONE = ("in_progress", "completed", "incomplete")
ITEM_VALUES = {
    "message": {"status": _DONE},
    "file_search_call": {"status": ("in_progress", "searching", "completed", "incomplete", "failed")},
    "computer_call": {"status": _DONE}, "computer_call_output": {"status": _DONE},
    "web_search_call": {"status": ("in_progress", "searching", "completed", "incomplete", "failed")},
    "function_call": {"status": _DONE}, "function_call_output": {"status": _DONE},
    "tool_search_call": {"status": _DONE, "execution": ("server", "client")},
    "tool_search_output": {"status": _DONE, "execution": ("server", "client")},
    "additional_tools": {"role": ("developer",)},
    "image_generation_call": {"status": ("in_progress", "completed", "generating", "failed")},
    "code_interpreter_call": {"status": ("in_progress", "completed", "incomplete", "interpreting", "failed")},
    "local_shell_call": {"status": _DONE}, "local_shell_call_output": {"status": _DONE},
    "shell_call": {"status": _DONE}, "shell_call_output": {"status": _DONE},
    "apply_patch_call": {"status": ("in_progress", "completed")},
    "apply_patch_call_output": {"status": ("completed", "failed")},
    "mcp_call": {"status": ("in_progress", "completed", "incomplete", "calling", "failed")},
    "program_output": {"status": ("completed", "incomplete")},
}


def check_item(item, kinds=None):
    """Return the error dict of one input item (empty when fauxpen can read it); kinds: the item types taken, None
    for the Responses API's (ITEM_TYPES, another refused as the item's); the Conversations API keeps all but one,
    and refuses another type as the item's type."""
    if not isinstance(item, dict):  # measured (August 2026)
        return {"_schema": [f.invalid_type("an input item", item)]}
    kind = item.get("type", "message")
    if kinds is None:  # refused as the item's, listing the API's types, a type not a string as '' (captured)
        kinds = ITEM_TYPES
        if not isinstance(kind, str) or kind not in kinds:
            return {"_schema": [_invalid_value(kind if isinstance(kind, str) else "", LISTED_ITEM_TYPES)]}
    elif not isinstance(kind, str):
        return {"type": [f.invalid_type("a string", kind)]}
    elif kind not in kinds:
        return {"type": [_invalid_value(kind, kinds)]}
    if kind == "message":
        errors = _message_fields(item)
        if errors:
            return errors
    if kind == "reasoning":
        return _reasoning_fields(item)
    for name, (types, expected) in ITEM_FIELDS.get(kind, ()):
        if item.get(name) is None and (type(None) not in types or name not in item):
            return {name: [missing()]}
        if not isinstance(item[name], types):
            return {name: [f.invalid_type(expected, item[name])]}
        if name == "call_id" or (name == "name" and kind == "function_call"):
            problem = _length_problem(item[name], MAX_ID if name == "call_id" else None)
            if problem:
                return {name: problem}
    if kind in OUTPUT_ITEMS and item["output"].__class__ is str and len(item["output"]) > MAX_TEXT:
        return {"output": [too_long(item["output"])]}
    if kind in OUTPUT_ITEMS and isinstance(item["output"], list):
        errors = _content_parts(item["output"], OUTPUT_PART_TYPES)
        if errors:
            return {"output": errors}
    for name, values in ITEM_VALUES.get(kind, {}).items():
        given = item.get(name)
        if given is not None and not isinstance(given, str):
            return {name: [f.invalid_type("a string", given)]}
        if given is not None and given not in values:
            return {name: [_invalid_value(given, values)]}
    if kind == "function_call" and isinstance(item.get("content"), list) and item["content"]:
        return {"content": _content_too_long(item["content"])}  # reported of the API (2026), as for reasoning
    if kind == "function_call" and item.get("caller") is not None and not isinstance(item["caller"], dict):
        return {"caller": [f.invalid_type("an object", item["caller"])]}  # the program that made it (programs.py)
    if kind == "web_search_call":
        # reported of the API (Codex users, November 2025: 'other'); the action's other fields are not checked
        action = item["action"].get("type")
        if action is None:
            return {"action": {"type": [missing()]}}
        if not isinstance(action, str):
            return {"action": {"type": [f.invalid_type("a string", action)]}}
        if action not in WEB_SEARCH_ACTIONS:
            return {"action": {"type": [_invalid_value(action, WEB_SEARCH_ACTIONS)]}}
    return _item_id(item, kind)


WEB_SEARCH_ACTIONS = ("search", "open_page", "find_in_page")


def _content_too_long(content):
    """The refusal of content an item may not carry: the API takes an empty array alone."""
    return [Problem("Invalid '{param}': array too long. Expected an array with maximum length 0, but got an array "
                    f"with length {len(content)} instead.", code="array_above_max_length")]


def _message_fields(item):
    """Return the error dict of a message's role, phase and content."""
    if not isinstance(item.get("role"), str):
        # None refused as the item's, as an empty role (captured, September 2026); any other value that is not a
        # string too, where Python's way of writing it was quoted ('True', '{'a': 1}'): a guess
        return {"_schema": [_invalid_value("", ROLES)]}
    if item["role"] not in ROLES:
        return {"_schema": [_invalid_value(item["role"], ROLES)]}
    if "phase" in item and item["role"] != "assistant":  # an assistant message's member alone (measured)
        return {"phase": [Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]}
    if item.get("phase") is not None and item["phase"] not in PHASES:
        return {"phase": [_invalid_value(item["phase"], PHASES)]}
    content = item.get("content")
    if content is None:
        return {"content": [missing()]}
    if not isinstance(content, (str, list)):
        return {"content": [f.invalid_type("one of a string or array of input items", content)]}
    if content.__class__ is str and len(content) > MAX_TEXT:  # as chat's (reported, 2025-2026)
        return {"content": [too_long(content)]}
    takes = ROLE_PART_TYPES.get(item["role"], INPUT_PART_TYPES)
    errors = _content_parts(content, PART_TYPES, LISTED_PART_TYPES, takes) if isinstance(content, list) else None
    if errors:
        return {"content": errors}
    for key in item:  # a member a message does not have (measured, August 2026), once its own are valid
        if key not in MESSAGE_KEYS:
            return {key: [Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]}
    return {}


# What a function's or custom tool's output may be instead of a string: text, picture and file parts (the SDK's
# ResponseFunctionCallOutputItem), each checked as a message's part is.
OUTPUT_ITEMS = ("function_call_output", "custom_tool_call_output")
OUTPUT_PART_TYPES = ("input_text", "input_image", "input_file")


def _content_parts(parts, kinds, listed=None, takes=None):
    """Return the errors of an array of content parts of the types kinds (by their index), or None; listed: the
    types another is refused listing (default kinds); takes: the types of kinds the parts may be, a part of another
    refused as the part's, listing takes (a message's role, captured in September 2026)."""
    for index, part in enumerate(parts):
        if not isinstance(part, dict):
            return {index: {"_schema": [f.invalid_type("an object", part)]}}
        if part.get("type") not in kinds:  # one not a string, or none, as an empty one (not 'None'), as an item's
            kind = part.get("type")  # type is (captured); a guess for a part
            return {index: {"type": [_invalid_value(kind if isinstance(kind, str) else "", listed or kinds)]}}
        if takes is not None and part["type"] not in takes:
            return {index: {"_schema": [_invalid_value(part["type"], takes)]}}
        unknown = next((key for key in part if key not in PART_KEYS.get(part["type"], part)), None)
        if unknown is not None:
            return {index: {unknown: [Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]}}
        errors = _part_fields(part)
        if errors:
            return {index: errors}
    return None


# The members of a message item: the SDK's input and output messages' (phase checked above).
MESSAGE_KEYS = frozenset(("type", "role", "content", "id", "status", "phase"))


# The lengths an input item's string fields take (the API's words: string_above_max_length, empty_string), each
# reported as chat's tool names are: a call_id of 1 to 64 characters (both refusals quoted by clients of 2026), a
# function call's name not empty (quoted in 2026), and an id of at most 64 characters, of any item type (quoted of
# api.openai.com in May and September 2026, for reasoning, message and web search ids alike), checked before its
# characters and prefix (the quoted ids too long had other characters as well).
MAX_ID = 64


def _length_problem(value, max_length):
    """Return the refusal of an empty string or one longer than max_length (None: no limit), or None."""
    try:
        f.check_length(value, "a string", False, max_length)
    except ValidationError as error:
        return error.messages
    return None


# What the id of an input item of a type must begin with (recorded wordings for each); other types' ids are not
# checked. An id is optional: fauxpen's own output items, sent back, have theirs.
# The prefixes quoted of the API (2026: ctc and tsc in many clients' reports).
ID_PREFIXES = {"reasoning": "rs", "message": "msg", "function_call": "fc", "custom_tool_call": "ctc",
               "tool_search_call": "tsc"}
ID_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")


def _item_id(item, kind):
    """Return the error dict of an item's id: letters, digits, underscores and dashes (an empty one too, recorded),
    then the prefix of its type (recorded). Which of the two is reported first for an id that fails both is a
    guess (the recorded empty id had the characters' wording). An item of another type may have any id but an empty
    one (a guess: it names no item, and a conversation could not list it)."""
    prefix = ID_PREFIXES.get(kind)
    given = item.get("id")
    if given is None:
        return {}
    if not isinstance(given, str):  # any item's id is a string
        return {"id": [f.invalid_type("a string", given)]}
    if len(given) > MAX_ID:
        return {"id": _length_problem(given, MAX_ID)}
    if prefix is None and given:
        return {}
    characters = Problem(f"Invalid '{{param}}': '{literal(given)}'. Expected an ID that contains letters, numbers, "
                         "underscores, or dashes, but this value contained additional characters.",
                         code="invalid_value")
    if not ID_CHARACTERS.fullmatch(given):
        return {"id": [characters]}
    if not given.startswith(prefix):
        return {"id": [Problem(f"Invalid '{{param}}': '{literal(given)}'. Expected an ID that begins with "
                               f"'{prefix}'.", code="invalid_value")]}
    if given.endswith("_"):
        # After the prefix: 'fc_abcDEF_' and 'fc_' are refused in the characters' words, 'fc_abcDEF-' and
        # 'fc__abcDEF' taken (a client's probes of the API, 2026; gpt-6-astra's refusal of 'ctc_..._'), while
        # '__fake_id__' was refused for its prefix (recorded).
        return {"id": [characters]}
    return {}


MAX_ENCRYPTED_CONTENT = 10485760  # recorded: string_above_max_length past it


def _reasoning_fields(item):
    """Return the error dict of a reasoning item: its id (optional), no status, its summary (required, an array of
    summary_text parts; [] taken), its content (optional, and empty: reported), encrypted_content (a string or
    null). A missing summary and the id's wordings are recorded; `status`, which the SDK types but the API takes
    from no client, is an unknown parameter, null or not (reported from August 2025 to August 2026, gpt-5 to
    gpt-5.6-sol, before the blob is verified); the wordings of a summary or content of the wrong shape and of a
    blob that is not a string are guessed, in the API's usual validator wordings (the same pattern is recorded for
    other fields)."""
    errors = _item_id(item, "reasoning")
    if errors:
        return errors
    if "status" in item:
        return {"status": [Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]}
    summary = item.get("summary")
    if summary is None:
        return {"summary": [missing()]}
    errors = _text_parts(summary, "summary_text")
    if errors:
        return {"summary": errors}
    content = item.get("content")
    if content is not None and not isinstance(content, list):
        return {"content": [f.invalid_type("an array", content)]}
    if content:  # the API takes no reasoning text back (quoted by clients of api.openai.com, 2026)
        return {"content": _content_too_long(content)}
    blob = item.get("encrypted_content")
    if blob is not None and not isinstance(blob, str):
        return {"encrypted_content": [f.invalid_type("a string", blob)]}
    if blob is not None and len(blob) > MAX_ENCRYPTED_CONTENT:  # recorded wording
        return {"encrypted_content": [Problem(
            f"Invalid '{{param}}': string too long. Expected a string with maximum length {MAX_ENCRYPTED_CONTENT}, "
            f"but got a string with length {len(blob)} instead.", code="string_above_max_length")]}
    return {}


def _text_parts(parts, kind):
    """Return the errors of an array of text parts of one type ({"type": kind, "text": "..."}), or None."""
    if not isinstance(parts, list):
        return [f.invalid_type("an array", parts)]
    for index, part in enumerate(parts):
        if not isinstance(part, dict):
            return {index: {"_schema": [f.invalid_type("an object", part)]}}
        if part.get("type") is None:
            return {index: {"type": [missing()]}}
        if part["type"] != kind:  # one not a string as an empty one, as a content part's (not 'True')
            return {index: {"type": [_invalid_value(part["type"] if isinstance(part["type"], str) else "", (kind,))]}}
        if part.get("text") is None:
            return {index: {"text": [missing()]}}
        if not isinstance(part["text"], str):
            return {index: {"text": [f.invalid_type("a string", part["text"])]}}
    return None


# The string fields of each content part type, the first required.
PART_FIELDS = {"input_text": ("text",), "output_text": ("text",), "refusal": ("refusal",),
               "summary_text": ("text",), "input_image": (None, "image_url", "file_id", "detail"),
               "input_file": (None, "file_id", "file_data", "filename", "file_url")}


# The members of a content part (the SDK's, openai 3.60): another is an unknown parameter (reported of the API in
# 2026 for Anthropic's cache_control on an input_text part, `Unknown parameter: 'input[0].content[0].cache_control'.`;
# the other types' by analogy, as the message's own members are checked). Other part types are not checked.
PART_KEYS = {"input_text": frozenset(("type", "text", "prompt_cache_breakpoint")),
             "input_image": frozenset(("type", "image_url", "file_id", "detail", "prompt_cache_breakpoint")),
             "input_file": frozenset(("type", "file_id", "file_data", "file_url", "filename", "detail",
                                      "prompt_cache_breakpoint")),
             "output_text": frozenset(("type", "text", "annotations", "logprobs")),
             "refusal": frozenset(("type", "refusal"))}


def _part_fields(part):
    """Return the error dict of a content part's own fields: a required one missing, or one not a string."""
    names = PART_FIELDS.get(part["type"], ())
    if names and names[0] is not None and part.get(names[0]) is None:
        return {names[0]: [missing()]}
    for name in names:
        if name is not None and part.get(name) is not None and not isinstance(part[name], str):
            return {name: [f.invalid_type("a string", part[name])]}
    if part["type"] in ("input_text", "output_text") and len(part.get("text") or "") > MAX_TEXT:
        return {"text": [too_long(part["text"])]}
    if part["type"] == "input_image":
        return _image_source(part)
    if part["type"] == "input_file" and part.get("file_id") is None and part.get("file_url") is None \
            and part.get("filename") is None:
        # Inline data needs its name: the API asks for the part (laravel/ai#321, a PDF's file_data, March 2026).
        return {"_schema": [missing()]}
    if part["type"] == "input_file" and (part.get("file_url") or "").startswith("data:"):
        # A file_url is downloaded: a data URL belongs in file_data (recorded, October 2025).
        return {"file_url": [Problem(f"Failed to download file from {literal(part['file_url'])}.",
                                     code="invalid_value", param="url")]}
    return None


def _image_source(part):
    """Return the error dict of an input_image that names no picture, or two, or whose URL is neither a web address
    nor a base64 data URL of an image, in the words logged of the API in 2026 (Codex and other clients)."""
    url, file_id = part.get("image_url"), part.get("file_id")
    if (url is None) == (file_id is None):
        if url is None:
            return {"_schema": [Problem("Missing mutually exclusive parameters: '{param}'. Ensure you are providing "
                                        "exactly one of: 'file_id' or 'image_url'.",
                                        code="missing_mutually_exclusive_parameters")]}
        return {"_schema": [Problem("Mutually exclusive parameters: '{param}'. Ensure you are only providing one of: "
                                    "'file_id' or 'image_url'.", code="mutually_exclusive_parameters")]}
    if url is None or url.startswith(("https://", "http://")):
        return None
    problem = f.image_data_url_problem(url, "data:image/png;base64,aW1nIGJ5dGVzIGhlcmU=",
                                       lambda mime: mime.startswith("image/"))
    return {"image_url": [problem]} if problem else None


# The tools a request may name: the SDK's (openai 3.57, late 2026), in its order; the API's own list in its refusal
# of another is not known. fauxpen calls functions, runs file_search and web_search, and echoes the others.
TOOL_TYPES = ("function", "file_search", "computer", "computer_use_preview", "web_search", "web_search_2025_08_26",
              "mcp", "code_interpreter", "programmatic_tool_calling", "image_generation", "local_shell", "shell",
              "custom", "namespace", "tool_search", "web_search_preview", "web_search_preview_2025_03_11",
              "apply_patch")
REASONING_EFFORTS = ("low", "medium", "high")  # the o-series'; GPT-5 models' are theirs (models.json)
# Every effort some model takes: the schema's; what a model takes is checked with the model.
ALL_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")


def _bare_reference(item):
    """Tell whether an input item is a reference without its type: an id and nothing else (the SDK's ItemReference,
    whose type is optional), read as an item_reference; an id with content is a message missing its role."""
    return isinstance(item, dict) and item.keys() == {"id"}


def typed_references(items):
    """Return input items with each reference sent without its type given its type (item_reference)."""
    if not any(_bare_reference(item) for item in items):
        return items
    return [{"type": "item_reference", **item} if _bare_reference(item) else item for item in items]


class Input(f.Strict):
    """A string, or an array of input items."""

    expected = "one of a string or array of input items"
    types = (str, list)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value.__class__ is str and len(value) > MAX_TEXT:  # as a message's text (quoted twice, 2026)
            raise ValidationError(too_long(value))
        if isinstance(value, list):
            value = typed_references(value)
        for index, item in enumerate(value if isinstance(value, list) else ()):
            errors = check_item(item)
            if errors:
                raise ValidationError({index: errors})
        return value


class TextFormat(Schema):
    class Meta:
        unknown = INCLUDE  # name, schema, strict, description: kept as sent

    type = f.Enum(["json_object", "text", "json_schema"], required=True)  # the refusal's order (measured, 2026)


# The keys of each type of text format (the SDK's), and a format's longest description (quoted in 2026).
FORMAT_KEYS = {"text": ("type",), "json_object": ("type",),
               "json_schema": ("type", "name", "schema", "strict", "description")}
MAX_FORMAT_DESCRIPTION = 1024


class Text(Schema):
    class Meta:
        unknown = EXCLUDE

    format = f.NestedObject(TextFormat, allow_none=True)
    verbosity = f.Enum(["low", "medium", "high"], allow_none=True)

    @pre_load
    def schema_name(self, data, **kwargs):
        """A key text does not have is unknown (measured, August 2026); a json_schema format names its schema."""
        reject_unknown_parameters(self, data)
        fmt = data.get("format") if isinstance(data, dict) else None
        if isinstance(fmt, dict) and isinstance(fmt.get("type"), str) and fmt["type"] in FORMAT_KEYS:
            # A key the format's type does not have is unknown (`Unknown parameter: 'text.format.name'.` on a text
            # format, quoted in 2025); a description is at most 1,024 characters (quoted in 2026).
            for key in fmt:
                if key not in FORMAT_KEYS[fmt["type"]]:
                    raise ValidationError({"format": {key: [f.unknown_parameter()]}})
            if isinstance(fmt.get("description"), str) and len(fmt["description"]) > MAX_FORMAT_DESCRIPTION:
                try:
                    f.check_length(fmt["description"], "a string", True, MAX_FORMAT_DESCRIPTION)
                except ValidationError as error:
                    raise ValidationError({"format": {"description": error.messages}}) from None
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            if fmt.get("name") is None:
                raise ValidationError({"format": {"name": [missing()]}})
            if not isinstance(fmt.get("schema"), dict):
                raise ValidationError({"format": {"schema": [missing()] if fmt.get("schema") is None else
                                                  [f.invalid_type("an object", fmt["schema"])]}})
        return data


class Tool(Schema):
    class Meta:
        unknown = INCLUDE  # description, strict and the settings of other tool types: kept as sent

    type = f.String(required=True)
    name = f.String(allow_none=True)
    parameters = f.Object(allow_none=True)

    @pre_load
    def function_name(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("type"), str) and data["type"] not in TOOL_TYPES:
            raise ValidationError({"type": [_invalid_value(data["type"], TOOL_TYPES)]})
        if isinstance(data, dict) and data.get("type") == "function" and data.get("name") is None:
            raise ValidationError({"name": [missing()]})
        if isinstance(data, dict) and data.get("type") == "function":
            _check_function_settings(data)
        if isinstance(data, dict) and data.get("type") == "tool_search":
            _check_tool_search(data)
        if isinstance(data, dict) and data.get("type") == "namespace":
            _check_namespace(data)
        return data


CALLERS = ("direct", "programmatic")


def _check_function_settings(tool):
    """Refuse a function's strict, defer_loading, async or allowed_callers of another type than the SDK gives them
    (openai 3.63: booleans, strict nullable, the callers of their two), where they were echoed as sent (a
    defer_loading of "x") or read as true (a strict of "yes") in a response the SDK's Response does not take; in
    the schema's words (guessed: no refusal is recorded)."""
    for key in ("strict", "defer_loading", "async"):
        if key in tool and not isinstance(tool[key], bool) and not (key == "strict" and tool[key] is None):
            raise ValidationError({key: [f.invalid_type("a boolean", tool[key])]})
    callers = tool.get("allowed_callers")
    if callers is not None and not isinstance(callers, list):
        raise ValidationError({"allowed_callers": [f.invalid_type("an array", callers)]})
    for index, caller in enumerate(callers or ()):
        if caller not in CALLERS:
            problem = (_invalid_value(caller, CALLERS) if isinstance(caller, str)
                       else f.invalid_type("one of 'direct' or 'programmatic'", caller))
            raise ValidationError({"allowed_callers": {index: [problem]}})


def _check_tool_search(tool):
    """Refuse a tool search that names neither execution (the SDK's two), in the schema's words."""
    if tool.get("execution") is not None and tool["execution"] not in SEARCH_EXECUTIONS:
        raise ValidationError({"execution": [_invalid_value(tool["execution"], SEARCH_EXECUTIONS)]})
    if tool.get("description") is not None and not isinstance(tool["description"], str):
        raise ValidationError({"description": [f.invalid_type("a string", tool["description"])]})


def _check_namespace(tool):
    """Refuse a namespace tool without what the SDK requires (its name, description and tools), or with a tool that is
    not a named function or custom tool, in the schema's words (guessed: no refusal is recorded)."""
    for key in ("name", "description"):
        if tool.get(key) is None:
            raise ValidationError({key: [missing()]})
        if not isinstance(tool[key], str):
            raise ValidationError({key: [f.invalid_type("a string", tool[key])]})
    if tool.get("tools") is None:
        raise ValidationError({"tools": [missing()]})
    if not isinstance(tool["tools"], list):
        raise ValidationError({"tools": [f.invalid_type("an array", tool["tools"])]})
    for index, inner in enumerate(tool["tools"]):
        if not isinstance(inner, dict):
            raise ValidationError({"tools": {index: [f.invalid_type("an object", inner)]}})
        if inner.get("type") not in NAMESPACE_TOOL_TYPES:
            problem = missing() if inner.get("type") is None else _invalid_value(inner["type"], NAMESPACE_TOOL_TYPES)
            raise ValidationError({"tools": {index: {"type": [problem]}}})
        if inner.get("name") is None:
            raise ValidationError({"tools": {index: {"name": [missing()]}}})
        if not isinstance(inner["name"], str):
            raise ValidationError({"tools": {index: {"name": [f.invalid_type("a string", inner["name"])]}}})
        if inner.get("parameters") is not None and not isinstance(inner["parameters"], dict):
            raise ValidationError({"tools": {index: {"parameters": [f.invalid_type("an object",
                                                                                   inner["parameters"])]}}})


SEARCH_EXECUTIONS = ("server", "client")
NAMESPACE_TOOL_TYPES = ("function", "custom")  # the SDK's NamespaceTool


class SearchRanking(f.Body):
    ranker = f.Enum(["auto", "default-2024-11-15"])
    score_threshold = f.Decimal(minimum=0, maximum=1)
    hybrid_search = f.Object()


MAX_SEARCHED_STORES = 2


class VectorStoreIds(Strings):
    """The stores a file_search tool searches: one or two (reported wording past two)."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if len(value) > MAX_SEARCHED_STORES:
            raise ValidationError(Problem(f"Invalid input: maximum of {MAX_SEARCHED_STORES} vector stores allowed.",
                                          code="integer_above_max_value", param="tools"))
        if not value:
            raise ValidationError(Problem("Invalid '{param}': empty array. Expected an array with minimum length 1, "
                                          "but got an empty array instead.", code="empty_array"))
        return value


class FileSearchTool(f.Body):
    """A file_search tool: the vector stores it searches, and how."""

    type = f.String(required=True)
    vector_store_ids = VectorStoreIds(required=True)
    filters = Filter(allow_none=True)
    max_num_results = f.Integer(minimum=1, maximum=50)
    ranking_options = f.NestedObject(SearchRanking, allow_none=True)


file_search_schema = FileSearchTool()


class UserLocation(f.Body):
    """Where the user is, approximately (the SDK's web search tool types)."""

    type = f.Enum(["approximate"], allow_none=True)
    city = f.String(allow_none=True)
    country = f.String(allow_none=True)
    region = f.String(allow_none=True)  # not checked further: a made-up region is echoed as sent (recorded)
    timezone = f.String(allow_none=True)


class PreviewUserLocation(UserLocation):
    """The preview tool's location: its type required (reported wording when it is not there)."""

    type = f.Enum(["approximate"], required=True)


class WebSearchFilters(f.Body):
    """The domains a web search keeps to (the SDK's) or leaves out (recorded); another key is refused, as a client
    reports of the `type` the guide once showed (`Unknown parameter: 'tools[0].filters.type'`)."""

    allowed_domains = f.Array(f.String(), allow_none=True)
    blocked_domains = f.Array(f.String(), allow_none=True)


class WebSearchTool(f.Body):
    """A web search tool: the SDK's settings, and those recorded beyond them (blocked domains in filters, the token
    budget and content types it echoes)."""

    type = f.String(required=True)
    external_web_access = f.Boolean(allow_none=True)
    filters = f.NestedObject(WebSearchFilters, allow_none=True)
    return_token_budget = f.String(allow_none=True)
    search_content_types = f.Array(f.Enum(["text", "image"]), allow_none=True)
    search_context_size = f.Enum(["low", "medium", "high"], allow_none=True)
    user_location = f.NestedObject(UserLocation, allow_none=True)


class WebSearchPreviewTool(WebSearchTool):
    user_location = f.NestedObject(PreviewUserLocation, allow_none=True)


class ImageMask(f.Body):
    """An image generation tool's mask: a file or an image URL (the SDK's ImageGenerationInputImageMask)."""

    file_id = f.String()
    image_url = f.String()


class ImageSvgReasoning(f.Body):
    effort = f.Enum(["none", "minimal", "low", "medium", "high", "xhigh", "max"], allow_none=True)


class ImageSvg(f.Body):
    model = f.String()
    reasoning = f.NestedObject(ImageSvgReasoning, allow_none=True)


class ImageGenerationTool(Schema):
    """An image generation tool: a setting the SDK does not have is refused (`n`, reported refused in 2026: several
    pictures take several requests); the SDK's are checked for their types and values as the SDK types them (openai
    3.63: a quality of `superb`, a size of 5 or a mask's URL of 5 were kept as sent and echoed in a response the
    SDK's Response does not take; a null is taken, as the SDK's Response types each setting Optional, and wordings
    are the API's usual, guessed), and what a model does not draw is drawn as its default (views.forced_tools)."""

    class Meta:
        unknown = EXCLUDE

    SETTINGS = ("action", "background", "complexity", "frame_count", "frame_duration_ms", "input_fidelity",
                "input_image_mask", "model", "moderation", "output_compression", "output_format", "partial_images",
                "quality", "size", "svg")  # the SDK's (openai 3.57)
    type = f.String(required=True)
    action = f.Enum(["generate", "edit", "auto"], allow_none=True)
    background = f.Enum(["transparent", "opaque", "auto"], allow_none=True)
    complexity = f.Enum(["low", "medium", "high"], allow_none=True)
    frame_count = f.Integer(allow_none=True)
    frame_duration_ms = f.Integer(allow_none=True)
    input_fidelity = f.Enum(["high", "low"], allow_none=True)
    input_image_mask = f.NestedObject(ImageMask, allow_none=True)
    model = f.String(allow_none=True)
    moderation = f.Enum(["auto", "low"], allow_none=True)
    output_compression = f.Integer(allow_none=True)
    output_format = f.Enum(["png", "webp", "jpeg", "gif", "svg"], allow_none=True)
    partial_images = f.Integer(minimum=0, maximum=3, allow_none=True)  # "from 0 (default value) to 3" (docstring)
    quality = f.Enum(["low", "medium", "high", "xhigh", "max", "auto"], allow_none=True)
    size = f.String(allow_none=True)
    svg = f.NestedObject(ImageSvg, allow_none=True)

    @pre_load
    def reject_unknown(self, data, **kwargs):
        return reject_unknown_parameters(self, data, allowed=self.SETTINGS)


class Loose(Schema):
    """A built-in tool's settings checked for the types and values the SDK gives them, another key kept as sent (as
    before: whether the API refuses one is not known for every tool)."""

    class Meta:
        unknown = EXCLUDE


class McpToolFilter(Loose):
    read_only = f.Boolean(allow_none=True)
    tool_names = f.Array(f.String(), allow_empty=True, allow_none=True)


class McpApprovalFilter(Loose):
    always = f.NestedObject(McpToolFilter, allow_none=True)
    never = f.NestedObject(McpToolFilter, allow_none=True)


class StringOrObject(f.Strict):
    """A string of choices (any string where choices is None), or an object a schema loads; as a list of
    strings where list_of_strings (an MCP tool's allowed_tools)."""

    def __init__(self, choices, schema, list_of_strings=False, **kwargs):
        expected = "one of an array or object" if list_of_strings else "one of a string or object"
        super().__init__(types=(list if list_of_strings else str, dict), expected=expected, **kwargs)
        self.choices, self.schema, self.list_of_strings = choices, schema(), list_of_strings

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, dict):
            self.schema.load(value)
        elif self.list_of_strings:
            f.Array(f.String(), allow_empty=True).deserialize(value, attr, data)
        elif self.choices is not None and value not in self.choices:
            raise ValidationError(_invalid_value(value, self.choices))
        return value


MCP_CONNECTORS = ("connector_dropbox", "connector_gmail", "connector_googlecalendar", "connector_googledrive",
                  "connector_microsoftteams", "connector_outlookcalendar", "connector_outlookemail",
                  "connector_sharepoint")  # the SDK's Literal (openai 3.63)


class McpTool(Loose):
    """An MCP tool's settings (the SDK's Mcp): where they were kept as sent and echoed in a response the SDK's
    Response does not take (a require_approval of `sometimes`, a label of 5); wordings the API's usual, guessed."""

    type = f.String(required=True)
    server_label = f.String(required=True)
    server_url = f.String()
    server_description = f.String(allow_none=True)
    connector_id = f.Enum(MCP_CONNECTORS)
    authorization = f.String()
    headers = f.Object(allow_none=True)
    allowed_tools = StringOrObject(None, McpToolFilter, list_of_strings=True, allow_none=True)
    require_approval = StringOrObject(("always", "never"), McpApprovalFilter, allow_none=True)
    defer_loading = f.Boolean()


class CodeInterpreterAuto(Loose):
    type = f.Enum(["auto"], required=True)
    file_ids = f.Array(f.String(), allow_empty=True, allow_none=True)
    memory_limit = f.Enum(["1g", "4g", "16g", "64g"], allow_none=True)
    network_policy = f.Object(allow_none=True)


class CodeInterpreterTool(Loose):
    """A code interpreter's container: a container's id, or an `auto` one's settings (the SDK's), where any object
    was kept as sent (a type of `bogus` echoed); wordings the API's usual, guessed."""

    type = f.String(required=True)
    container = StringOrObject(None, CodeInterpreterAuto, required=True)


class ShellEnvironment(Loose):
    """Where a shell runs (the SDK's three: an auto container, the client's machine, a container by id)."""

    type = f.Enum(["container_auto", "local", "container_reference"], required=True)
    container_id = f.String()
    file_ids = f.Array(f.String(), allow_empty=True, allow_none=True)
    memory_limit = f.Enum(["1g", "4g", "16g", "64g"], allow_none=True)

    @validates_schema
    def container_named(self, data, **kwargs):
        if data["type"] == "container_reference" and "container_id" not in data:
            raise ValidationError({"container_id": [missing()]})


class ShellTool(Loose):
    """A shell's environment, where any object was kept as sent (a type of `bogus` echoed); wordings guessed."""

    type = f.String(required=True)
    environment = f.NestedObject(ShellEnvironment, allow_none=True)


class ComputerUsePreviewTool(Loose):
    """The preview computer tool's display and environment, all three required as the SDK requires them, where any
    was kept as sent (a width of "x" echoed); wordings the API's usual, guessed."""

    type = f.String(required=True)
    display_width = f.Integer(required=True)
    display_height = f.Integer(required=True)
    environment = f.Enum(["windows", "mac", "linux", "ubuntu", "browser"], required=True)


# The schema each built-in tool fauxpen runs is checked with (another's settings are kept as sent).
_web_search, _web_search_preview = WebSearchTool(), WebSearchPreviewTool()
TOOL_SCHEMAS = {"file_search": file_search_schema, "web_search": _web_search, "web_search_2025_08_26": _web_search,
                "web_search_preview": _web_search_preview, "web_search_preview_2025_03_11": _web_search_preview,
                "image_generation": ImageGenerationTool(), "mcp": McpTool(), "code_interpreter": CodeInterpreterTool(),
                "computer_use_preview": ComputerUsePreviewTool(), "shell": ShellTool()}


class Tools(f.Strict):
    expected = "an array"
    types = (list,)
    tool = f.NestedObject(Tool)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        for index, item in enumerate(value):
            try:
                self.tool.deserialize(item)
                if item.get("type") in TOOL_SCHEMAS:
                    TOOL_SCHEMAS[item["type"]].load(item)
            except ValidationError as exc:
                raise ValidationError({index: exc.messages}) from None
        return value


class Effort(f.Enum):
    """reasoning.effort, its type refusals in the words captured on gpt-5.6-terra (September 2026): a number names
    the four efforts of old, any other type every effort `or integer`."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, expected=f"one of one of {supported_values(choices, 'or')} or integer", **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValidationError(f.invalid_type("one of 'minimal', 'low', 'medium', or 'high'", value))
        return super()._deserialize(value, attr, data, **kwargs)


class Reasoning(f.Body):
    """The reasoning settings (the SDK's fields; another is refused, not dropped)."""

    context = f.Enum(["auto", "current_turn", "all_turns"], allow_none=True)
    effort = Effort(list(ALL_EFFORTS), allow_none=True)
    # Unlike the others not nullable: `Invalid type for 'reasoning.mode': expected one of 'standard' or 'pro', but got
    # null instead.` (invalid_type), as the API answered a client that sent a null mode to gpt-5.4 in 2026.
    mode = f.OneOf(["standard", "pro"])
    summary = f.Enum(["auto", "concise", "detailed"], listed=["concise", "detailed", "auto"], allow_none=True)
    # generate_summary, which the SDK keeps as deprecated, is an unknown parameter (captured, September 2026).


class StreamOptions(Schema):
    """A stream's options: the Responses API has include_obfuscation alone (include_usage is unknown, measured)."""

    class Meta:
        unknown = EXCLUDE

    include_obfuscation = f.Boolean(allow_none=True)

    @pre_load
    def reject_unknown(self, data, **kwargs):
        return reject_unknown_keys(self, data, "stream_options")


class Compaction(Schema):
    """One context_management entry: compaction of a long context once it reaches compact_threshold tokens (not
    echoed, measured)."""

    class Meta:
        unknown = INCLUDE  # what else it may carry: kept as sent

    type = f.Enum(["compaction"], required=True)
    compact_threshold = f.Integer(minimum=1, allow_none=True)


class ImageOptions(f.Body):
    """How pictures in the context are kept (the SDK's request-level image options, late 2026)."""

    context_compression = f.Enum(["auto", "enabled", "disabled"], allow_none=True)


class PromptCacheOptions(f.Body):
    """How a prompt is cached (gpt-5.6 and later, the SDK's types): the response says what it applied
    (responses.applied_cache_options)."""

    comparison_response_id = f.String(allow_none=True)
    mode = f.Enum(["implicit", "explicit"], allow_none=True)
    prewarm = f.Boolean(allow_none=True)
    ttl = f.Enum(["30m", "12h"], allow_none=True)


# What `include` may ask for (the API reference's list), in the order the API lists them (captured, Sept 2026).
INCLUDABLE = ("file_search_call.results", "web_search_call.results", "web_search_call.action.sources",
              "message.input_image.image_url", "computer_call_output.output.image_url", "code_interpreter_call.outputs",
              "reasoning.encrypted_content", "message.output_text.logprobs")


def expected_includes(values=INCLUDABLE):
    """What the refusal of an `include` that is not an array expects: an array of one of the values, each named by
    its first and last three characters (`an array of one of 'fil...lts', ...`, captured)."""
    return "an array of one of " + supported_values([f"{value[:3]}...{value[-3:]}" for value in values], "or")


def Include(**kwargs):
    """An array of the output details to include; a value of another type is refused naming each of them."""
    return f.Array(f.Enum(INCLUDABLE), allow_empty=True, expected=expected_includes(), **kwargs)


# What tool_choice may name: a mode, or a tool of one of these types (a function by its name). The SDK's kinds, and
# web_search, which its types leave out but OpenAI's Agents SDK (with a type: ignore) and the AI SDK send to force
# the current web search tool (2025-2026).
TOOL_CHOICE_MODES = ("none", "auto", "required")
TOOL_CHOICE_TYPES = ("function", "file_search", "web_search_preview", "web_search", "computer", "computer_use_preview",
                     "computer_use", "web_search_preview_2025_03_11", "image_generation", "code_interpreter",
                     "allowed_tools", "mcp", "custom", "apply_patch", "shell", "programmatic_tool_calling")


class AllowedTools(Schema):
    """tool_choice's allowed_tools: a mode and the tools it allows (the SDK's; the wordings the usual ones)."""

    class Meta:
        unknown = INCLUDE  # type, and what else it carries: kept as sent

    mode = f.Enum(["auto", "required"], required=True)
    tools = f.Strict(types=(list,), expected="an array", required=True)


allowed_tools = AllowedTools()


class ToolChoice(f.Strict):
    """A mode (none, auto, required), or the tool the model must use: {"type": ...}, a function with its name."""

    expected = "one of an object or 'none', 'auto', or 'required'"  # captured, September 2026
    types = (str, dict)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, str):
            if value not in TOOL_CHOICE_MODES:
                raise ValidationError(_invalid_value(value, TOOL_CHOICE_MODES))
            return value
        kind = _tool_named(value, TOOL_CHOICE_TYPES)
        if kind == "allowed_tools":
            allowed_tools.load(value)
            for index, tool in enumerate(value["tools"]):  # each a tool of the request's, named as above
                if not isinstance(tool, dict):
                    raise ValidationError({"tools": {index: [f.invalid_type("an object", tool)]}})
                try:
                    _tool_named(tool)
                except ValidationError as exc:
                    raise ValidationError({"tools": {index: exc.messages}}) from None
        return value


def _tool_named(value, kinds=None):
    """Return the type of a tool named in tool_choice (its type, and a function's or custom tool's name), or raise
    what is missing or wrong."""
    kind = value.get("type")
    if kind is None:
        raise ValidationError({"type": [missing()]})
    if not isinstance(kind, str):
        raise ValidationError({"type": [f.invalid_type("a string", kind)]})
    if kinds is not None and kind not in kinds:
        raise ValidationError({"type": [_invalid_value(kind, kinds)]})
    if kind in ("function", "custom") and not isinstance(value.get("name"), str):
        raise ValidationError({"name": [missing() if value.get("name") is None else
                                        f.invalid_type("a string", value["name"])]})
    return kind


class PromptTemplate(f.Body):
    """A prompt template made in the dashboard, by its id, version and variables (the SDK's types)."""

    id = f.String(required=True)
    version = f.String(allow_none=True)
    variables = f.Object(allow_none=True)


class AccessPrograms(f.Body):
    """The domain-specific access programs a request asks for (the SDK's types, 2026)."""

    cyber = f.Enum(["standard", "daybreak_blue", "daybreak_red"])


class BackgroundOptions(f.Body):
    """How a background response is run (the SDK's types, 2026)."""

    completion_window = f.Enum(["soonest", "2h", "8h"])
    continuation_id = f.String()


LISTED_TIERS = ("auto", "default", "fast", "flex", "priority")


class ResponsesRequest(f.Body):
    """POST /v1/responses, its fields in the order the API checks them: the order of two faults captured on
    gpt-5.6-terra (September 2026) places moderation, include, tools, metadata, text, the sampling parameters,
    parallel_tool_calls, the stream's, background, max_output_tokens, max_tool_calls, reasoning, user,
    safety_identifier, the prompt cache, truncation, instructions, store, service_tier, top_logprobs and
    context_management in this order; the rest are placed after them, a guess."""

    model = f.String(required=True)
    input = Input(required=True)
    moderation = f.NestedObject(Moderation, allow_none=True)
    include = Include(allow_none=True)
    tools = Tools(allow_none=True, expected="an array of tools")
    tool_choice = ToolChoice(allow_none=True)
    metadata = Metadata(allow_none=True)
    text = f.NestedObject(Text, allow_none=True)
    temperature = f.Decimal(minimum=0, maximum=2, allow_none=True)
    top_p = f.Decimal(minimum=0, maximum=1, allow_none=True)
    presence_penalty = f.Decimal(minimum=-2, maximum=2, allow_none=True)
    frequency_penalty = f.Decimal(minimum=-2, maximum=2, allow_none=True)
    parallel_tool_calls = f.Boolean(allow_none=True)
    stream = f.Boolean(allow_none=True)
    stream_options = f.NestedObject(StreamOptions, allow_none=True)
    background = f.Boolean(allow_none=True)
    background_options = f.NestedObject(BackgroundOptions)
    max_output_tokens = f.Integer(minimum=16, allow_none=True)
    max_tool_calls = f.Integer(minimum=1, allow_none=True)
    reasoning = f.NestedObject(Reasoning, allow_none=True)
    user = f.String(max_length=64, allow_none=True)  # reported (2026)
    safety_identifier = f.String(allow_none=True)
    prompt_cache_options = f.NestedObject(PromptCacheOptions, allow_none=True)
    prompt_cache_key = f.String(max_length=64, allow_none=True)  # quoted (2026)
    prompt_cache_retention = f.OneOf(["in_memory", "24h"], allow_none=True)
    truncation = f.OneOf(["auto", "disabled"], allow_none=True)
    instructions = f.String(allow_none=True)
    store = f.Boolean(allow_none=True)
    # The five tiers the API lists (captured, September 2026: scale is not among them) and ultrafast (the SDK's).
    service_tier = f.Enum(LISTED_TIERS + ("ultrafast",), allow_none=True, listed=LISTED_TIERS,
                          expected="one of " + supported_values(LISTED_TIERS, "or"))
    top_logprobs = f.Integer(minimum=0, maximum=20, allow_none=True)
    context_management = f.Array(f.NestedObject(Compaction), allow_empty=True, allow_none=True,
                                 expected="an array of objects")
    previous_response_id = f.String(allow_none=True)
    prompt = f.NestedObject(PromptTemplate, allow_none=True)
    conversation = f.Strict(types=(str, dict), expected="one of a string or object", allow_none=True)
    image = f.NestedObject(ImageOptions, allow_none=True)
    access_programs = f.NestedObject(AccessPrograms)

    # Chat's messages is pointed to input (measured, August 2026; the whole sentence captured in September), and
    # chat's names of three others to theirs in the same sentence, with no param (raw bodies quoted for
    # reasoning_effort, October 2025, and response_format, November 2025; a client's probe of September 2026
    # copied only the first two sentences; max_completion_tokens's by analogy).
    hints = {chat: Problem(f"Unsupported parameter: '{chat}'. In the Responses API, this parameter has moved to "
                           f"'{moved}'. Try again with the new parameter. See the API documentation for more "
                           "information: https://platform.openai.com/docs/api-reference/responses/create.",
                           code="unsupported_parameter", param=None)
             for chat, moved in (("messages", "input"), ("response_format", "text.format"),
                                 ("reasoning_effort", "reasoning.effort"),
                                 ("max_completion_tokens", "max_output_tokens"))}

    @pre_load
    def reject_unknown(self, data, **kwargs):
        """Refuse a key the API does not know as the Responses API words it (measured, August 2026): with the
        nearest known ones it may have meant; then a null input, read as a string that failed. A body without input
        is refused for it first (captured, September 2026), unless a template may give it, but after a parameter
        of chat's that has moved (`messages` alone, measured in August 2026)."""
        for key in data if isinstance(data, dict) else ():
            if key in self.hints:
                raise ValidationError({key: [self.hints[key]]})
        if isinstance(data, dict) and "input" not in data and not (self.partial and "input" in self.partial):
            raise ValidationError({"input": [missing()]})
        reject_unknown_parameters(self, data, suggest=True)  # (its hints refused above)
        if "input" in data and data["input"] is None:
            raise ValidationError({"input": [Problem("Invalid type for 'input': expected a string, but got an "
                                                     "object instead.", code="invalid_type")]})
        return data


class InputTokenCountExtras(f.Body):
    """What /v1/responses/input_tokens takes beyond the create parameters: a model-owned style preset
    (friendly, pragmatic, or any other of at most 64 characters: the SDK's types)."""

    personality = f.String(max_length=64)


input_token_count_extras = InputTokenCountExtras()
responses_request = ResponsesRequest()
# A request naming a prompt template may leave its model and input to the template (the dashboard's snippets).
templated_request = ResponsesRequest(partial=("model", "input"))


def load_responses_request(body):
    """Load a Responses request body, raising the one OpenAI error of an invalid request; a function tool that
    leaves strict out is made strict if it can be, else taken as not strict (see made_strict)."""
    req = load(templated_request if templated(body) else responses_request, body)
    if req.get("tools"):
        req["tools"] = [_strict_or_not(tool) for tool in req["tools"]]
    strict_schemas = [("tools", tool.get("parameters")) for tool in function_tools(req.get("tools") or ())
                      if tool.get("type") == "function" and tool.get("strict") is True]
    fmt = (req.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_schema" and fmt.get("strict") is True:
        strict_schemas.append(("text.format.schema", fmt.get("schema")))
    check_regexes(strict_schemas)
    return req


def _strict_or_not(tool):
    if tool.get("type") == "namespace" and isinstance(tool.get("tools"), list):  # its functions as the others
        return {**tool, "tools": [_strict_or_not(t) if isinstance(t, dict) else t for t in tool["tools"]]}
    if tool.get("type") != "function" or "strict" in tool or tool.get("parameters") is None:
        return tool
    strict = made_strict(tool["parameters"])
    return {**tool, "parameters": strict, "strict": True} if strict is not None else {**tool, "strict": False}


def templated(body):
    """Tell whether a request body names a prompt template."""
    return isinstance(body, dict) and isinstance(body.get("prompt"), dict)


def content_text(content):
    """Return a message's text: its string, or its text parts joined by newlines."""
    if isinstance(content, str):
        return content
    return "\n".join(p.get("text") or "" for p in content if p.get("type") in ("input_text", "output_text"))


def _chat_parts(content, past=None):
    """Return a message's content as chat content: text as it is, images as image parts and text files as file text
    parts (for their tokens; past: see _stored_part)."""
    if isinstance(content, str):
        return content_text(content)
    parts = [_chat_part(p, past) for p in content]
    return parts if any(part["type"] != "text" for part in parts) else content_text(content)


def _chat_part(part, past=None):
    """One part as chat's: an image part, a text file's text (file_text), another file's PDF text (pdf_text: none
    for a file fauxpen does not see or cannot read), or its text; a file uploaded to /v1/files, named by its id, read
    as the same bytes sent inline are (past: see _stored_part)."""
    if part.get("type") == "input_image":
        url = part.get("image_url") or (uploaded.picture_url(part.get("file_id")) if part.get("file_id") else None)
        return {"type": "image_url", "image_url": {"url": url or "", "detail": part.get("detail")}}
    text = text_file(part)
    if text is not None:
        return {"type": "file_text", "file_text": text, "filename": part.get("filename") or ""}
    if part.get("type") == "input_file" and part.get("file_data") is None and part.get("file_url") is None:
        return _stored_part(part.get("file_id"), past)
    if part.get("type") == "input_file":
        return {"type": "pdf_text", "pdf_text": pdf.file_data_text(part.get("file_data")) or ""}
    return {"type": "text", "text": part.get("text") or ""}


def _stored_part(file_id, past=None):
    """An input_file's file_id as chat's part: a file uploaded to /v1/files read as the same bytes sent inline are
    (a text file's text and name, a PDF's text), nothing for another type or an id the store does not have. past:
    (the model's count, its window) where the answer needs to know only that the input is past the window: a text
    file read past it is a file_tokens part of the tokens counted so far, its text neither read on nor kept."""
    found = uploaded.stored_file(file_id, content=False)
    mime = uploaded.mime_type(found.get("filename")) if found else None
    if mime and mime.startswith("text/"):
        text, counted = uploaded.read_text(file_id, *past or ())
        if text is None:
            return {"type": "file_tokens", "file_tokens": counted, "file_id": file_id, "filename": found["filename"]}
        return {"type": "file_text", "file_text": text, "filename": found["filename"]}
    return {"type": "pdf_text", "pdf_text": (mime == uploaded.PDF and pdf.uploaded_pdf_text(
        uploaded.stored_file(file_id))) or ""}


def text_file(part):
    """Return the text of an input_file part whose file_data is a base64 data URL of a text type (a CSV, say), or
    None."""
    data = part.get("file_data") if part.get("type") == "input_file" else None
    header, _, payload = data.partition(",") if isinstance(data, str) else ("", "", "")
    if not (header.startswith("data:text/") and header.endswith(";base64")):
        return None
    try:
        return base64.b64decode(payload, validate=False).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return None


def chat_messages(instructions, items, past=None):
    """Return the chat messages a Responses input (a string or items) amounts to, instructions first (past: see
    _stored_part)."""
    messages = [{"role": "developer", "content": instructions}] if instructions else []
    if isinstance(items, str):
        return messages + [{"role": "user", "content": items}]
    for item in items:
        kind = item.get("type", "message")
        if kind == "message":
            messages.append({"role": item["role"], "content": _chat_parts(item["content"], past)})
        elif kind in ("function_call", "custom_tool_call"):
            call = {"id": item["call_id"], "type": "function",
                    "function": {"name": item["name"], "arguments": item["arguments"]},
                    **({"written": True} if item.get("_written") else {})} if kind == "function_call" \
                else {"id": item["call_id"], "type": "custom", "custom": {"name": item["name"], "input": item["input"]}}
            if messages and messages[-1]["role"] == "assistant" and messages[-1].get("tool_calls"):
                messages[-1]["tool_calls"].append(call)
            else:
                messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind in ("function_call_output", "custom_tool_call_output"):
            output = item["output"]
            messages.append({"role": "tool", "tool_call_id": item["call_id"],
                             "content": output if isinstance(output, str) else str(output)})
        elif kind in CLIENT_CALLS:  # a built-in tool's call the client runs: read as a function's, and its output
            call = {"id": item.get("call_id"), "type": "function", "function": {
                "name": CLIENT_CALLS[kind], "arguments": json.dumps(_set({key: item[key] for key in (
                    "action", "actions", "operation") if key in item}))}}
            if messages and messages[-1]["role"] == "assistant" and messages[-1].get("tool_calls"):
                messages[-1]["tool_calls"].append(call)
            else:
                messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind in CLIENT_OUTPUTS:
            messages.append({"role": "tool", "tool_call_id": item.get("call_id"), "content": _client_output(item)})
    return messages


# The built-in tools' calls a client runs (by their item type, the tool each calls) and their outputs: fauxpen
# reads them as function calls and outputs, so that an output sent back is answered as a function's is (their
# fields are not checked: what is missing or of another type is read as nothing).
CLIENT_CALLS = {"computer_call": "computer", "shell_call": "shell", "apply_patch_call": "apply_patch",
                "local_shell_call": "local_shell"}
CLIENT_OUTPUTS = ("computer_call_output", "shell_call_output", "apply_patch_call_output", "local_shell_call_output")


def _set(value):
    """A JSON value without its nulls, which a call's arguments leave out (an SDK's item sent back without them
    reads the same)."""
    if isinstance(value, dict):
        return {key: _set(member) for key, member in value.items() if member is not None}
    if isinstance(value, list):
        return [_set(member) for member in value]
    return value


def _client_output(item):
    """A built-in tool's output as a tool message's content: a computer's screenshot as a picture (counted as
    one), a shell's stdout and stderr, a patch's log (else its status), a local shell's JSON."""
    output = item.get("output")
    if item.get("type") == "computer_call_output":
        picture = (output.get("image_url") or output.get("file_id")) if isinstance(output, dict) else None
        return [{"type": "image_url", "image_url": {"url": picture}}] if isinstance(picture, str) else ""
    if isinstance(output, list):
        return "".join(chunk.get(key) for chunk in output if isinstance(chunk, dict) for key in ("stdout", "stderr")
                       if isinstance(chunk.get(key), str))
    if isinstance(output, str):
        return output
    return item["status"] if isinstance(item.get("status"), str) else ""


def function_tools(tools):
    """The function and custom tools of a request's tools, those of its namespaces after them: a namespace tool's
    functions are the model's to call too, by their names (each call names its namespace)."""
    return [t for t in tools if t.get("type") in CHAT_TOOL_TYPES] + [
        inner for t in tools if t.get("type") == "namespace" and isinstance(t.get("tools"), list)
        for inner in t["tools"] if isinstance(inner, dict) and inner.get("type") in CHAT_TOOL_TYPES
        and isinstance(inner.get("name"), str)]


def chat_request(req, messages, loaded=None):
    """Return the chat request a Responses request amounts to, for tooluse and the token count; loaded: {name:
    tool} the items gave the model beside the request's tools (a client's tool search loaded them, or a developer's
    additional_tools item added them), which it may call too."""
    chat = {"messages": messages}
    tools = req.get("tools") or ()
    functions = function_tools(tools)
    named = {t.get("name") for t in functions}
    functions += [_strict_or_not(t) for name, t in (loaded or {}).items() if name not in named]
    # A function only a program may call is the model's only with the tool that writes programs.
    if not programs.offered(tools):
        functions = [t for t in functions if programs.callable_directly(t)]
    if functions:
        chat["tools"] = [chat_tool(t) for t in functions]
        choice = req.get("tool_choice") or "auto"
        if isinstance(choice, dict) and choice.get("type") == "allowed_tools":  # its mode, over the tools it names
            named = [{"type": tool["type"], tool["type"]: {"name": tool["name"]}} for tool in choice["tools"]
                     if tool["type"] in ("function", "custom")]
            choice = {"type": "allowed_tools", "allowed_tools": {"mode": choice["mode"], "tools": named}} \
                if named else "none"  # built-in tools alone: no function is called
        elif isinstance(choice, dict):  # a function or custom tool by name; a built-in tool: no function then
            choice = {"type": choice["type"], choice["type"]: {"name": choice.get("name")}} \
                if choice.get("type") in ("function", "custom") else "none"
        chat["tool_choice"] = choice
        if req.get("parallel_tool_calls") is not None:
            chat["parallel_tool_calls"] = req["parallel_tool_calls"]
    elif not req.get("tools") and isinstance(req.get("tool_choice"), str):  # refused as chat refuses it without tools
        chat["tool_choice"] = req["tool_choice"]
    fmt = (req.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_schema":
        chat["response_format"] = {"type": "json_schema", "json_schema": {
            "name": fmt["name"], "schema": fmt["schema"], "strict": fmt.get("strict"),
            **({"description": fmt["description"]} if fmt.get("description") is not None else {})}}
    elif fmt.get("type") == "json_object":
        chat["response_format"] = {"type": "json_object"}
    return chat


CHAT_TOOL_TYPES = ("function", "custom")  # the tools chat has, which a Responses request's chat form keeps


def chat_tool(tool):
    """Return a function or custom tool of the Responses API as chat writes it (under its type; a grammar under
    its format's `grammar`)."""
    if tool["type"] == "custom":
        fmt = tool.get("format")
        if isinstance(fmt, dict) and fmt.get("type") == "grammar":
            fmt = {"type": "grammar", "grammar": {key: fmt[key] for key in ("definition", "syntax") if key in fmt}}
        return {"type": "custom", "custom": {key: value for key, value in (
            ("name", tool.get("name")), ("description", tool.get("description")), ("format", fmt))
            if value is not None}}
    return {"type": "function", "function": {
        "name": tool["name"], **({"description": tool["description"]} if tool.get("description") is not None else {}),
        "parameters": {} if tool.get("parameters") == {} else tool.get("parameters") or {"type": "object",
                                                                                          "properties": {}},
        **({"strict": tool.get("strict", True)} if tool.get("parameters") else {})}}


def input_tokens(chat, model):
    """Return the input tokens of a Responses request that amounts to chat: its chat prompt's for the model (since
    August 2025 the API counts no more for the same messages: "Hello, world!" is 11 in both), what its custom
    tools' freeform input and grammars add (custom_tool_tokens), and a function forced by tool_choice as chat
    counts it on a model that does not reason (forced_choice_tokens)."""
    functions = definitions(chat)
    return (count_model_prompt_tokens(chat["messages"], model, wrapped=False) + model.prompt_token_offset
            + (count_model_function_tokens(functions, model, chat["messages"], "responses_tools_framing")
               + custom_tool_tokens(functions) + forced_choice_tokens(chat, model)
               - unsystemed_tools_saving(chat, model) if functions else 0)
            + count_format_tokens(chat.get("response_format"), RESPONSES_FORMAT_FRAMING, model.capabilities.get(
                "responses_flat_format_framing",
                model.capabilities.get("chat_format_framing", FLAT_FORMAT_FRAMING) - RESPONSES_FLAT_SAVING)))


def forced_choice_tokens(chat, model):
    """What tool_choice adds to a Responses request's input on a model that does not reason: a function (or custom
    tool) forced by name 7 tokens and its name's, as in chat (gpt-4o-mini counted get_weather_at_location's request
    74 on auto and 85 forced, 7 and the name's 4, in openai-dotnet's session records of August 2025 and again of
    August-September 2026, strict or not; their rate-limit headers took 10 more too). The modes add nothing:
    `required` on gpt-4o counted within 1 of fauxpen's count without it (pydantic-ai's capture, January 2026), and
    `none`, not recorded, is left at nothing (chat's 1 is not carried over); a built-in tool forced (chat's form:
    none) neither."""
    if model.supports("reasoning"):
        return 0
    choice = function_choice(chat)[1]
    return count_choice_tokens(choice, False) if isinstance(choice, dict) else 0


# What a Responses request's functions cost less than chat's, as a namespace, where no system or developer message
# takes them and tool_choice requires no call: gpt-4o-mini counted 6 under chat's count in four requests of three
# tools (opentelemetry-python-contrib's cassettes: 36 and 43 on auto, December 2025, 72 forced, April 2026;
# openai-dotnet's session records: 74 on auto, 85 forced, August 2025 and 2026), where two with `required` count as
# chat does (pydantic-ai's 51 on gpt-4.1-mini, January 2026; openai-dotnet's 43) and so do requests with
# instructions or a system message (fantasy's 58 on gpt-4o, June 2026; openllmetry's 72) or a JSON schema format,
# which the system message states too (pydantic-ai's 73 on gpt-4o, January 2026). What the API leaves out is not
# known.
UNSYSTEMED_TOOLS_SAVING = 6


def unsystemed_tools_saving(chat, model):
    """What a Responses request's functions cost less than chat's (UNSYSTEMED_TOOLS_SAVING) on a model that writes
    them as a namespace: none where a system or developer message (or a JSON schema format) takes them or
    tool_choice requires a call."""
    systemed = (chat.get("response_format") or {}).get("type") == "json_schema" or any(
        isinstance(message, dict) and message.get("role") in ("system", "developer") for message in chat["messages"])
    if systemed or not writes_to_functions(model) or function_choice(chat)[1] == "required":
        return 0
    return UNSYSTEMED_TOOLS_SAVING


# What a custom tool costs beyond a function without parameters, and what a grammar format adds beside its definition.
CUSTOM_TOOL_TOKENS, GRAMMAR_TOKENS = 16, 33


def custom_tool_tokens(functions):
    """Return what a Responses request's custom tools cost beyond what count_function_tokens counts them as (a
    function without parameters): 16 tokens each for taking freeform input, and for a grammar format 33 and its
    definition's tokens. Fitted to five recordings of one custom tool, exact or within 1: gpt-5 (pydantic-ai's
    cassettes, January 2026) 61 for a text format, 115 with a regex of 14 tokens and 146 with a Lark grammar of 52,
    where fauxpen counted 45, 52 and 44; gpt-5.6-sol (openai-dotnet's session records, August and September 2026)
    64 for a text format and 109 with a regex, where it counted 48 twice. Whether the 16 are each tool's or the
    request's is not known (the recordings have one); chat's custom tools are counted as before (not recorded)."""
    total = 0
    for tool in functions:
        if tool.get("type") != "custom":
            continue
        total += CUSTOM_TOOL_TOKENS
        fmt = tool.get("format")
        grammar = fmt.get("grammar") if isinstance(fmt, dict) and fmt.get("type") == "grammar" else None
        if isinstance(grammar, dict):
            definition = grammar.get("definition")
            total += GRAMMAR_TOKENS + (count_tokens(definition) if isinstance(definition, str) else 0)
    return total


RESPONSES_FORMAT_FRAMING = 1  # a text.format's cost beyond its schema (tokens.count_format_tokens; chat's is 8)
# A flat schema costs 8 tokens fewer than in chat: 7, 8 and 9 fewer than chat's rule on three gpt-4o and
# gpt-4o-mini recordings (January 2026 beside its chat twin; October 2025 and May 2026, braintrust's and
# mastra's: 44 and 39 where three quarters of the schema made 35 and 31). gpt-5.4 and its minis frame one in 2 fewer
# still, their responses_flat_format_framing of -6: chatlas's cassettes (gpt-5.4, July 2026) read a two-string
# schema 36 tokens beside the same messages (80 and 143) and a string and an integer 29 (171, where the next turn's
# messages without a format came to 171 exactly), each its name and compact JSON less 6 with the real tokenizer.
RESPONSES_FLAT_SAVING = 8
