"""Identifiers shaped like the real API's."""
import secrets
import string

_ALNUM = string.ascii_letters + string.digits


def _alnum(length):
    """Return length random alphanumerics, uniformly drawn: one random number read as base-62 digits."""
    number = secrets.randbelow(len(_ALNUM) ** length)
    digits = []
    for _ in range(length):
        number, digit = divmod(number, len(_ALNUM))
        digits.append(_ALNUM[digit])
    return "".join(digits)


def chat_completion_id():
    """Return a chat completion id: `chatcmpl-` and 29 alphanumerics."""
    return "chatcmpl-" + _alnum(29)


def tool_call_id():
    """Return a tool call id: `call_` and 24 alphanumerics."""
    return "call_" + _alnum(24)


def request_id():
    """Return a request id: `req_` and 32 hex digits."""
    return "req_" + secrets.token_hex(16)
