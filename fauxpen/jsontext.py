"""JSON text for answers: UTF-8 as the API writes it, with the lone surrogates a request may send kept.

JSON lets a request send half of a surrogate pair (`"\\ud800"`); Python reads it into a str that UTF-8
cannot encode. Written back as the same escape, an answer that quotes it stays valid JSON and says what
the client sent, instead of failing to encode.
"""
import json
import re
from decimal import Decimal
from json.encoder import encode_basestring

from flask.json.provider import DefaultJSONProvider

from . import context

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_lone_surrogates(text):
    """Return JSON text with each lone surrogate written as its \\uXXXX escape."""
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


# Built once: json.dumps with arguments builds a new encoder on every call.
_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=DefaultJSONProvider.default)


def compact_json(obj):
    """Return obj as the API writes JSON: compact, keys in order, UTF-8 as is, lone surrogates escaped."""
    return escape_lone_surrogates(_COMPACT.encode(obj))


def utf8(text):
    """Return JSON text in UTF-8, lone surrogates escaped.

    Only a lone surrogate stops UTF-8 from encoding a str: the text is searched for them only then, not on
    every answer.
    """
    try:
        return text.encode()
    except UnicodeEncodeError:
        return escape_lone_surrogates(text).encode()


def json_bytes(obj):
    """Return compact_json(obj) encoded in UTF-8."""
    return utf8(_COMPACT.encode(obj))


# Built once, as _COMPACT: the chat and completions endpoints' layout (with a newline after it, json_response's).
_INDENTED = json.JSONEncoder(indent=2, ensure_ascii=False, default=DefaultJSONProvider.default)


def indented_json_bytes(obj):
    """Return obj as the chat and completions endpoints write an answer: indented by two, `": "` after keys,
    keys in order, UTF-8 as is, numbers as Python writes them, lone surrogates escaped (recorded lengths,
    2025-2026; json_response adds the newline at the end)."""
    return utf8(_INDENTED.encode(obj))


# What Go's encoding/json escapes in a string beyond JSON's own: HTML's <, > and &, and JavaScript's line breaks.
_GO_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                             "\u2029": "\\u2029"})


def go_scalar(value):
    """Return a JSON scalar as Go's encoding/json writes it, as the API's front layer does (`\\u003c`)."""
    return scalar(value).translate(_GO_ESCAPES) if isinstance(value, str) else scalar(value)


def scalar(value):
    """Return a JSON scalar (a str, int, bool, None or float) as the JSON text json_bytes writes for it."""
    if isinstance(value, str):
        return encode_basestring(value)  # the function the encoder writes strings with (ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__repr__(value)  # as the encoder writes ints
    return _COMPACT.encode(value)


def json_response(data, status=200, content_type="application/json", headers=None, end=b"\n"):
    """Return the Response jsonify gives (compact JSON and a newline, or what end says) for an object's JSON bytes.

    Built here from bytes: jsonify's way, through the app's JSON provider and a str body, cost a fifth
    of what fauxpen spent on a chat completion beyond Flask's own work. Its body, a list of those bytes, goes to the
    server as it is (werkzeug's direct_passthrough), not through a generator encoding each item (bytes already)
    inside a ClosingIterator that calls the Response's close, which has nothing to close.
    """
    body = data + end
    if headers:  # an empty mapping (most refusals': OpenAIError.headers) adds none, as None
        return context.app().response_class(body, status, headers, content_type=content_type,
                                            direct_passthrough=True)
    # Without headers of the caller's (none, or an empty mapping), its length is the second header: added after
    # Content-Type, as werkzeug's set_data would set it, without set's look for a Content-Length already there.
    response = context.app().response_class(None, status, content_type=content_type, direct_passthrough=True)
    response.response = [body]
    response.headers.add("Content-Length", str(len(body)))
    return response


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON as the API writes it: compact, keys in order, UTF-8 as is, lone surrogates escaped.

    jsonify asks for compact JSON on every answer: it gets `compact_json`, whose encoder is built once.
    """

    ensure_ascii = False
    sort_keys = False
    compact = True

    def dumps(self, obj, **kwargs):
        if kwargs == {"separators": (",", ":")}:  # what response() (jsonify) asks for
            return compact_json(obj)
        return escape_lone_surrogates(super().dumps(obj, **kwargs))


def ryu_number(value):
    """Return a float as the real API writes moderation scores: Rust's serde_json (the ryu crate).

    The digits are the shortest that read back as the same double (Python's repr has the same ones); they
    are written out in plain decimals down to 0.00001 and with an exponent below that (`6.962256250138369e-7`,
    where Python writes `6.962256250138369e-07` and turns to an exponent already below 0.0001); a whole
    number keeps `.0`.
    """
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    digits = "".join(map(str, digits))
    point = len(digits) + exponent  # where the decimal point falls, counted from the first digit
    if value == 0:
        text = "0.0"
    elif exponent >= 0 and point <= 16:
        text = digits + "0" * exponent + ".0"
    elif 0 < point <= 16:
        text = f"{digits[:point]}.{digits[point:]}"
    elif -5 < point <= 0:
        text = f"0.{'0' * -point}{digits}"
    else:
        text = digits[0] + (f".{digits[1:]}" if len(digits) > 1 else "") + f"e{point - 1}"
    return "-" + text if sign else text


def rust_json(obj, indent=2):
    """Return obj as JSON bytes written as Rust's serde_json writes them, the layout of every endpoint that
    indents its JSON (moderations, images, files, batches, fine-tuning): laid out as json.dumps(obj,
    indent=indent) lays it out, no newline at the end, floats by ryu_number, text as UTF-8. indent None: compact,
    as the Responses API writes its stream's events."""
    return utf8(_rust_text(obj, indent, 0))


_END = object()  # what next() gives once a list or object has no more items


def _rust_text(value, indent, depth):
    """Return value's JSON text as rust_json lays it out, from a stack of the lists and objects open around the
    value written, not by recursion: JSON a request nested as deep as Python reads it (about a thousand levels)
    is written back, where a recursive writer ran out of stack at half that (a stored chat completion with such
    a tool made the list of stored completions a 400; a Responses stream was cut off).

    Each open list or object on the stack is [its items left, is an object, separator, end, colon, written one].
    """
    parts, stack = [], []
    while True:
        if isinstance(value, (dict, list)) and value:
            if indent is None:
                opening, between, closing, colon = "", ",", "", ":"
            else:
                opening = "\n" + " " * (indent * (depth + 1))
                between, closing, colon = "," + opening, "\n" + " " * (indent * depth), ": "
            if isinstance(value, dict):
                parts.append("{" + opening)
                stack.append([iter(value.items()), True, between, closing + "}", colon, False])
            else:
                parts.append("[" + opening)
                stack.append([iter(value), False, between, closing + "]", colon, False])
            depth += 1
        elif isinstance(value, float):
            parts.append(ryu_number(value))
        else:
            parts.append(encode_basestring(value) if isinstance(value, str) else json.dumps(value))
        while stack:  # the next value to write, closing the lists and objects it ends
            frame = stack[-1]
            item = next(frame[0], _END)
            if item is not _END:
                break
            parts.append(frame[3])
            stack.pop()
            depth -= 1
        else:
            return "".join(parts)
        if frame[5]:
            parts.append(frame[2])
        frame[5] = True
        if frame[1]:
            key, value = item
            parts.append(encode_basestring(str(key)) + frame[4])
        else:
            value = item
