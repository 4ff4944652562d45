"""JSON text for answers: UTF-8 as the API writes it, with the lone surrogates a request may send kept.

JSON lets a request send half of a surrogate pair (`"\\ud800"`); Python reads it into a str that UTF-8
cannot encode. Written back as the same escape, an answer that quotes it stays valid JSON and says what
the client sent, instead of failing to encode.
"""
import re

from flask.json.provider import DefaultJSONProvider

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_lone_surrogates(text):
    """Return JSON text with each lone surrogate written as its \\uXXXX escape."""
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with lone surrogates escaped."""

    def dumps(self, obj, **kwargs):
        return escape_lone_surrogates(super().dumps(obj, **kwargs))
