"""Identifiers shaped like the real API's.

They are names, not secrets: they come from a Mersenne Twister seeded from os.urandom at import and again in
every forked process (gunicorn workers), not from os.urandom per id. A getrandom system call releases the GIL,
and under gunicorn's threads every release can hand the GIL to another request and wait to get it back.
"""
import os
import random
import string
import uuid

_random = random.Random()

_ALNUM = string.ascii_letters + string.digits
# Random bytes below 248 (4 x 62) read modulo 62 are uniform over the alphabet; bytes from 248 up are dropped.
_USABLE = 256 - 256 % len(_ALNUM)
_TO_ALNUM = bytes(ord(_ALNUM[b % len(_ALNUM)]) for b in range(256))
_UNUSABLE = bytes(range(_USABLE, 256))


def _random_bytes(count):
    return _random.getrandbits(8 * count).to_bytes(count, "little")


def _draw_alnum(length):
    """Return length random alphanumerics, uniformly drawn, from one draw of random bytes (rarely two): a sixteenth
    more bytes than needed, and 8, where 1 in 32 is dropped."""
    spare = length // 16 + 8
    drawn = _random_bytes(length + spare).translate(_TO_ALNUM, _UNUSABLE)  # (those deleted, the others mapped)
    while len(drawn) < length:
        drawn += _random_bytes(length + spare).translate(_TO_ALNUM, _UNUSABLE)
    return drawn[:length].decode("ascii")


# Short runs of alphanumerics (ids' tails, the obfuscation padding every chunk of a gpt-5.6 stream takes) are drawn
# POOL_SIZE at a time, in one draw, and kept by length until taken: a draw a run cost the calls around its few bytes
# (drawn, filtered, mapped, decoded) every time. In process (callgrind, 2026-12-06) a chat completion id took 8,378
# instructions drawn alone, 5,541 from a pool, a padding of 7 characters 6,568 and 3,452. list.pop hands each run to
# one thread alone; two threads that find a pool empty at once both fill it. A forked worker starts with none.
POOL_SIZE = 64
POOLED_LENGTH = 32
_pools = {}


def _alnum(length):
    """Return length random alphanumerics, uniformly drawn."""
    try:
        return _pools[length].pop()
    except (KeyError, IndexError):
        if length > POOLED_LENGTH:
            return _draw_alnum(length)
    drawn = _draw_alnum(length * POOL_SIZE)
    runs = [drawn[at:at + length] for at in range(0, len(drawn), length)] if length else [""] * POOL_SIZE
    _pools.setdefault(length, []).extend(runs[1:])
    return runs[0]


def _after_fork():
    """Give a forked process (a gunicorn worker) its own draws: a new seed, and none of its parent's runs kept."""
    _random.seed()
    _pools.clear()


os.register_at_fork(after_in_child=_after_fork)


def chat_completion_id():
    """Return a chat completion id: `chatcmpl-` and 29 alphanumerics."""
    return "chatcmpl-" + _alnum(29)


def search_completion_id():
    """Return a chat search model's completion id: `chatcmpl-` and a version 4 UUID, as gpt-4o-search-preview's
    and gpt-4o-mini-search-preview's answers and chunks are named (2025-2026:
    `chatcmpl-7311b1fd-f110-46ca-8ab6-2c48f91095af`)."""
    return "chatcmpl-" + str(uuid.UUID(bytes=_random_bytes(16), version=4))


def text_completion_id():
    """Return a legacy completion id: `cmpl-` and 29 alphanumerics."""
    return "cmpl-" + _alnum(29)


def tool_call_id():
    """Return a tool call id: `call_` and 24 alphanumerics."""
    return "call_" + _alnum(24)


def request_id():
    """Return a request id: `req_` and 32 hex digits."""
    return "req_" + _random_bytes(16).hex()


def audio_id(created):
    """Return a spoken answer's id: `audio_`, the time it was made as 8 hex digits, and 24 more hex digits."""
    return f"audio_{created & 0xFFFFFFFF:08x}" + _random_bytes(12).hex()


def moderation_id():
    """Return a moderation id: `modr-` and a number of 3 or 4 digits, as the real API has sent since mid-2025."""
    return f"modr-{_random.randint(100, 9999)}"


def random_bytes(count):
    """Return count random bytes (names, not secrets)."""
    return _random_bytes(count)


def alnum(length):
    """Return length random alphanumerics."""
    return _alnum(length)


def choice(options):
    """Return one of options, drawn at random."""
    return _random.choice(options)


def random_hex(count):
    """Return 2 x count random hex digits."""
    return _random_bytes(count).hex()


def time_id(prefix, created, marker):
    """Return the prefix, the time as 8 hex digits, then 24 hex digits of which the 5th to 8th are marker (an
    object kind's: 8190 a batch's, 8191 a vector store's, as the API's have been since 2025)."""
    return f"{prefix}{created & 0xFFFFFFFF:08x}{_random_bytes(2).hex()}{marker}{_random_bytes(8).hex()}"
