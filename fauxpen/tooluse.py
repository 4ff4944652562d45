"""What the emulated model answers when tools or a response format are in play: pure, no Flask.

Tools (`tools`, or the legacy `functions`), by tool_choice (function_call for the legacy pair):
- "none": the text answer.
- "required", or a named function: a call, always.
- "auto", the default: a call, unless a tool result (a `tool` or `function` message) follows the last user
  message; then the text answer, so that agent loops end after one round trip.
Which tools: the named one; else every tool the last user message mentions by name (as written, or with `_`/`-`
read as spaces, in any case), in the order of `tools`; else the first tool. Several mentioned tools are called in
parallel unless parallel_tool_calls is false, which keeps the first; the legacy API calls one function, and so do
reasoning models (ChatRequest.one_call_a_turn).
Arguments are JSON generated from the function's parameters schema (jsongen), seeded with the function name and
the last user message: the same request gets the same arguments, and a place the message names ("weather in
Boston") fills location-like properties.

Content: response_format json_schema -> JSON generated from its schema (seeded with the schema name and the last
user message); json_object -> the canned reply if it is itself a JSON object, else `{"response": <reply>}`;
text or none -> the canned reply.
"""
import json
import re
from typing import NamedTuple

from .canned import last_user_text
from .jsongen import generate_json

_TOOL_RESULT_ROLES = ("tool", "function")


class Answer(NamedTuple):
    """What one choice says: content, or tool calls ((name, arguments JSON), ...).

    A NamedTuple: as immutable as a frozen dataclass, built in half the instructions (one per request).
    """

    content: str = ""
    tool_calls: tuple = ()
    legacy: bool = False          # one call answered as message.function_call (the legacy functions API)
    finish_reason: str = "stop"   # why a complete answer ended


def decide(req, reply):
    """Return the Answer to a validated chat request whose canned text reply is reply."""
    calls, legacy, finish_reason = planned_calls(req)
    if calls:
        return Answer(tool_calls=calls, legacy=legacy, finish_reason=finish_reason)
    return Answer(content=content(req, reply))


def function_choice(req):
    """Return (functions, choice, legacy): the functions a request offers, and what tool_choice says of them.

    Tools come first; else the legacy functions, with function_call as their choice. ((), None, False) when it
    offers none.
    """
    if req.get("tools"):
        return [tool["function"] for tool in req["tools"]], req.get("tool_choice") or "auto", False
    if req.get("functions"):
        return list(req["functions"]), req.get("function_call") or "auto", True
    return (), None, False


def planned_calls(req):
    """Return (((name, arguments), ...), legacy, finish_reason) for the calls the model makes, or ((), ...)."""
    functions, choice, legacy = function_choice(req)
    if not functions:
        return (), False, "stop"
    messages = req.get("messages") or []
    if choice == "none" or (choice == "auto" and tool_result_follows(messages)):
        return (), legacy, "stop"
    if isinstance(choice, dict):
        # A forced function ends with "stop", not "tool_calls": the real API does the same.
        name = choice["name"] if legacy else choice["function"]["name"]
        chosen, finish_reason = [fn for fn in functions if fn["name"] == name][:1], "stop"
    else:
        chosen = mentioned(functions, last_user_text(messages)) or functions[:1]
        finish_reason = "function_call" if legacy else "tool_calls"
    # Reasoning models call one function a turn: they have no parallel calls (and refuse parallel_tool_calls).
    if legacy or req.get("parallel_tool_calls") is False or getattr(req, "one_call_a_turn", False):
        chosen = chosen[:1]
    request_text = last_user_text(messages)
    return tuple((fn["name"], arguments(fn, request_text)) for fn in chosen), legacy, finish_reason


def tool_result_follows(messages):
    """Tell whether a tool result (a `tool` or `function` message) comes after the last user message."""
    roles = [m.get("role") for m in messages if isinstance(m, dict)]
    last_user = max((i for i, role in enumerate(roles) if role == "user"), default=-1)
    return any(role in _TOOL_RESULT_ROLES for role in roles[last_user + 1:])


def mentioned(functions, text):
    """Return the functions whose name text mentions (as written, or with _ and - as spaces), in order."""
    text = text.lower()
    found = []
    for fn in functions:
        name = fn["name"].lower()
        for form in {name, re.sub(r"[_-]+", " ", name).strip()}:
            if form and re.search(r"(?<![a-z0-9])" + re.escape(form) + r"(?![a-z0-9])", text):
                found.append(fn)
                break
    return found


def as_object_schema(schema):
    """Return schema, read as an object schema when it says nothing about its type (`{}`, bare properties)."""
    if not isinstance(schema, dict):
        return {"type": "object"}
    if "type" in schema or any(k in schema for k in ("anyOf", "oneOf", "allOf", "$ref", "enum", "const")):
        return schema
    return {**schema, "type": "object"}


def arguments(function, request_text=""):
    """Return the arguments JSON of a call to function, valid against its parameters schema."""
    return generate_json(as_object_schema(function.get("parameters")), seed=function["name"], context=request_text)


def content(req, reply):
    """Return the message content: the reply, or JSON when response_format asks for it."""
    response_format = req.get("response_format") or {}
    kind = response_format.get("type")
    if kind == "json_schema":
        spec = response_format.get("json_schema") or {}
        return generate_json(as_object_schema(spec.get("schema")), seed=str(spec.get("name")),
                             context=last_user_text(req.get("messages") or []))
    if kind == "json_object":
        try:
            if isinstance(json.loads(reply), dict):
                return reply
        except ValueError:
            pass
        return json.dumps({"response": reply}, ensure_ascii=False)
    return reply
