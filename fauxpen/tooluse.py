"""What the emulated model answers when tools or a response format are in play: pure, no Flask.

Tools (`tools`, or the legacy `functions`), by tool_choice (function_call for the legacy pair):
- "none": the text answer.
- "required", or a named function: a call, always; under "required", once a tool result follows the last user
  message, of the tools not called since it (all of them when every one was).
- "auto", the default: a call, unless a tool result (a `tool` or `function` message) follows the last user
  message, or that message forbids tools ("Do not call any tools.", "Without calling any tool, ..."); then the
  text answer, so that agent loops end after one round trip.
Which tools: the named one; else every tool the last user message mentions by name (as written, or with `_`/`-`
read as spaces, in any case), in the order of `tools`; else the first tool. Several mentioned tools are called in
parallel unless parallel_tool_calls is false, which keeps the first; the legacy API calls one function, and so do
reasoning models (ChatRequest.one_call_a_turn).
Arguments are JSON generated from the function's parameters schema (jsongen), seeded with the function name and
the last user message: the same request gets the same arguments, and a place the message names ("weather in
Boston") fills location-like properties. A custom tool's input is text: what its grammar derives (grammar.py for
Lark; a regex is sampled), else the last user message. allowed_tools narrows the tools to those it lists, with its mode as the choice.

Content: response_format json_schema -> JSON generated from its schema (seeded with the schema name and the last
user message); json_object -> the canned reply if it is itself a JSON object, else `{"response": <reply>}`;
text or none -> the canned reply.
"""
import functools
import json
import random
import re
from typing import NamedTuple

from .canned import last_user_text
from .grammar import MAX_GRAMMAR, sample as lark_sample
from .jsongen import Allotment, generate_json, regex_sample

_TOOL_RESULT_ROLES = ("tool", "function")
# A user turn that forbids tools is answered in text under "auto", even with tools offered: "Do not call any tools.
# Reply with exactly ..." (gpt-4o-mini, chat, rig's prompt_caching cassettes, 2026) and "Without calling any tool,
# reply exactly ..." after the tools' results (gpt-4.1-mini in chat, gpt-5-mini in the Responses API, rig's
# adversarial cassettes, September 2026) all got text. Only the negated verb before "tool(s)"/"function(s)":
# "Do not answer in prose" or "Call ping with no arguments" still get their call. A typographic apostrophe
# (don’t, as word processors and phones write it) reads as a straight one.
_TOOLS_FORBIDDEN = re.compile(r"\b(?:without|do not|don['\u2019]t|never)\s+"
                              r"(?:call(?:ing)?|us(?:e|ing)|invok(?:e|ing))\s+"
                              r"(?:any\s+|the\s+)?(?:tools?|functions?)\b", re.IGNORECASE)


class Answer(NamedTuple):
    """What one choice says: content, or tool calls ((name, arguments JSON or a custom input, custom), ...).

    A NamedTuple: as immutable as a frozen dataclass, built in half the instructions (one per request).
    """

    content: str = ""
    tool_calls: tuple = ()
    legacy: bool = False          # one call answered as message.function_call (the legacy functions API)
    finish_reason: str = "stop"   # why a complete answer ended
    forced: bool = False          # the calls' function named by tool_choice (or function_call)


def decide(req, reply):
    """Return the Answer to a validated chat request whose canned text reply is reply."""
    if not (req.get("tools") or req.get("functions")):  # nothing to call (planned_calls' first answer): most requests
        return text_answer(content(req, reply))
    calls, legacy, finish_reason, forced = planned_calls(req)
    if calls:
        return Answer(tool_calls=calls, legacy=legacy, finish_reason=finish_reason, forced=forced)
    return text_answer(content(req, reply))


def text_answer(text):
    """Return the Answer that says text. Answers are immutable: those of short texts (the canned reply, most JSON
    answers) are kept, where calling a NamedTuple class (its __new__ through type's call) cost 2,000 instructions."""
    return _kept_text_answer(text) if len(text) <= KEPT_TEXT_LENGTH else Answer(text)


KEPT_TEXT_LENGTH = 4096
_kept_text_answer = functools.lru_cache(maxsize=64)(Answer)


def definitions(req):
    """Return the definitions of the tools a request offers (a custom tool's marked with its type), else of its
    legacy functions."""
    if req.get("tools"):
        return [tool["function"] if tool["type"] == "function" else {**tool["custom"], "type": "custom"}
                for tool in req["tools"]]
    return list(req.get("functions") or ())


def function_choice(req):
    """Return (functions, choice, legacy): the tools a request lets the model use, and what tool_choice says of
    them: a mode, or `{"name": ..., "type": ...}`.

    Tools come first (allowed_tools keeps those it lists, and gives its mode); else the legacy functions, with
    function_call as their choice. ((), None, False) when it offers none.
    """
    if req.get("tools"):
        functions, choice = definitions(req), req.get("tool_choice") or "auto"
        if isinstance(choice, dict) and choice["type"] == "allowed_tools":
            allowed = {(tool["type"], tool[tool["type"]]["name"]) for tool in choice["allowed_tools"]["tools"]}
            functions = [fn for fn in functions if (fn.get("type", "function"), fn["name"]) in allowed]
            choice = choice["allowed_tools"]["mode"]
        elif isinstance(choice, dict):
            choice = {"name": choice[choice["type"]]["name"], "type": choice["type"]}
        return functions, choice, False
    if req.get("functions"):
        return list(req["functions"]), req.get("function_call") or "auto", True
    return (), None, False



def planned_calls(req):
    """Return (((name, arguments), ...), legacy, finish_reason, forced) for the calls the model makes, or ((), ...);
    forced: tool_choice (or function_call) names the function called."""
    functions, choice, legacy = function_choice(req)
    if not functions:
        return (), False, "stop", False
    messages = req.get("messages") or []
    if choice == "none" or (choice == "auto" and (tool_result_follows(messages)
                                                  or _TOOLS_FORBIDDEN.search(last_user_text(messages)))):
        return (), legacy, "stop", False
    if isinstance(choice, dict):
        # A forced function ends with "stop", not "tool_calls": the real API does the same.
        kind = choice.get("type", "function")
        chosen = [fn for fn in functions if fn["name"] == choice["name"] and fn.get("type", "function") == kind][:1]
        finish_reason = "stop"
    else:
        if choice == "required" and tool_result_follows(messages):
            # The tools not yet called since the user spoke, so that a loop whose own tool ends it (pydantic-ai's
            # and marvin's output tools, after the functions) ends; all of them once every one was called.
            called = called_since_user(messages)
            functions = [fn for fn in functions if fn["name"] not in called] or functions
        chosen = mentioned(functions, last_user_text(messages)) or functions[:1]
        finish_reason = "function_call" if legacy else "tool_calls"
    # Reasoning models call one function a turn: they have no parallel calls (and refuse parallel_tool_calls).
    if legacy or req.get("parallel_tool_calls") is False or getattr(req, "one_call_a_turn", False):
        chosen = chosen[:1]
    request_text = last_user_text(messages)
    allotment = Allotment()  # the calls' arguments share one bound
    # Calls made together come out of a wrapper that writes their arguments spaced, {"value": "red"} (recorded on
    # gpt-4o in 2025-2026, gpt-4o-mini and gpt-4.1-mini in 2026); a call alone writes them compact, and so does the
    # Responses API each call of several (two gpt-4.1 answers of May 2026, chatlas's cassettes: {"user":"Joe"}).
    spaced = len(chosen) > 1 and not getattr(req, "compact_together", False)
    indented = getattr(req, "indented_arguments", False)
    return tuple((fn["name"], custom_input(fn, request_text, allotment), True) if fn.get("type") == "custom" else
                 (fn["name"], arguments(fn, request_text, allotment, spaced, indented), False) for fn in chosen), \
        legacy, finish_reason, isinstance(choice, dict)


def _since_last_user(messages):
    """Return the messages (dicts) after the last user message, all of them when there is none."""
    sent = [m for m in messages if isinstance(m, dict)]
    last_user = max((i for i, m in enumerate(sent) if m.get("role") == "user"), default=-1)
    return sent[last_user + 1:]


def tool_result_follows(messages):
    """Tell whether a tool result (a `tool` or `function` message) comes after the last user message."""
    return any(m.get("role") in _TOOL_RESULT_ROLES for m in _since_last_user(messages))


def called_since_user(messages):
    """Return the names of the functions and custom tools called after the last user message."""
    names = set()
    for message in _since_last_user(messages):
        if message.get("role") != "assistant":
            continue
        for call in message.get("tool_calls") or ():
            if isinstance(call, dict):
                names.add((call.get("function") or call.get("custom") or {}).get("name"))
        if isinstance(message.get("function_call"), dict):
            names.add(message["function_call"].get("name"))
    return names


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


def arguments(function, request_text="", allotment=None, spaced=False, indented=False):
    """Return the arguments JSON of a call to function, valid against its parameters schema (allotment: what the
    answer's calls may still visit together, jsongen.Allotment; spaced: written with a space after each comma and
    colon, as calls made together are; indented: a key a line, see ChatRequest.indented_arguments)."""
    return generate_json(as_object_schema(function.get("parameters")), seed=function["name"], context=request_text,
                         allotment=allotment, spaced=spaced, indented=indented)


def custom_input(tool, request_text="", allotment=None):
    """Return the text a call to a custom tool writes: what its grammar derives (the shortest derivation of a
    Lark grammar, a string a regex matches), else the request's words (allotment: what the answer's calls may
    still write and check together, jsongen.Allotment)."""
    grammar = (tool.get("format") or {}).get("grammar") or {}
    if grammar.get("syntax") == "lark":
        sample = lark_sample(grammar["definition"], seed=tool["name"], allotment=allotment)
        return sample or request_text or tool["name"]
    if grammar.get("syntax") == "regex" and len(grammar["definition"]) <= MAX_GRAMMAR:
        # the whole input matches (None: a pattern the sampler cannot meet, or that fauxpen cannot check)
        sample = regex_sample(rf"\A(?:{grammar['definition']})\Z", random.Random(tool["name"]),
                              allowance=allotment and allotment.regex, allotment=allotment)
        if sample is not None:
            return sample
    return request_text or tool["name"]


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
