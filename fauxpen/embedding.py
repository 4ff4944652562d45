"""Deterministic embedding vectors, written as the real API sends them: JSON floats or base64 float32.

A vector is a magnitude profile with per-input signs. The signs come from SHAKE-256 of the model and
the input, so the same input gives the same vector in every process; the profile is one of PROFILES
fixed per model, also picked by the hash. A component's magnitude does not depend on its sign, so
every vector is unit length, and a shortened one (`dimensions`) is the native vector's first
components re-normalised, by construction.

Speed: a request may carry 2,048 inputs of 3,072 components. Each (profile, size) is written once,
as JSON text with a sign slot before every number (a space or `-`) and as base64 of float32 bytes;
an input then costs one hash and a few bulk byte operations that set its signs, with no Python loop
over components.
"""
import base64
import hashlib
import json
import sys
from array import array
from functools import lru_cache

PROFILES = 16
DECIMALS = 8
# One JSON component: sign slot, "0.12345678", comma.
STRIDE = 1 + 2 + DECIMALS + 1

# A hash byte's high bit is a component's sign: as JSON text, float32 sign bit, or a byte mask.
_SIGN_TEXT = bytes(b" -"[byte >> 7] for byte in range(256))
_SIGN_BIT = bytes(byte & 0x80 for byte in range(256))
_SIGN_MASK = bytes(0xFF * (byte >> 7) for byte in range(256))

# Base64 turns 3 float32 (12 bytes) into 16 characters. The sign bits of the three floats are the
# top bits of bytes 3, 7 and 11, which land in characters 4, 9 and 14 as the bits worth 32, 8 and 2.
_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_SIGN_SLOTS = ((4, 32), (9, 8), (14, 2))


def _flip(bit):
    """Return the translation of base64 characters that toggles one bit of their 6-bit value."""
    table = bytearray(range(256))
    for index, char in enumerate(_B64_ALPHABET):
        table[char] = _B64_ALPHABET[index ^ bit]
    return bytes(table)


_B64_FLIPS = {bit: _flip(bit) for _, bit in _B64_SIGN_SLOTS}


def _int(data):
    return int.from_bytes(data, "little")


# The profiles and magnitudes are worked out again for each template made, not kept: as lists of Python floats, a
# model's 16 of 1,536 took 1.5 MB (32 bytes a float), its templates 0.4 MB.
def _profile(model_id, size, k):
    """Return profile k of a model: size positive magnitudes, spread over [0.25, 1.75)."""
    raw = array("H", hashlib.shake_256(f"fauxpen profile {model_id} {k}".encode()).digest(2 * size))
    return [0.25 + 1.5 * value / 65536 for value in raw]


def _magnitudes(model_id, size, k, dimensions):
    """Return profile k cut to `dimensions` and re-normalised, rounded to DECIMALS."""
    magnitudes = _profile(model_id, size, k)[:dimensions]
    norm = sum(m * m for m in magnitudes) ** 0.5
    return [round(m / norm, DECIMALS) for m in magnitudes]


@lru_cache(maxsize=128)
def _float_template(model_id, size, k, dimensions):
    """Return the positive vector as a JSON array whose every number has a sign slot before it."""
    values = _magnitudes(model_id, size, k, dimensions)
    return ("[" + ",".join(f" {v:.{DECIMALS}f}" for v in values) + "]").encode()


@lru_cache(maxsize=128)
def _float32_template(model_id, size, k, dimensions):
    """Return the positive vector as little-endian float32 bytes."""
    packed = array("f", _magnitudes(model_id, size, k, dimensions))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


@lru_cache(maxsize=128)
def _base64_template(model_id, size, k, dimensions):
    """Return the positive vector in base64, and per sign slot its characters and their flips (as ints)."""
    text = base64.b64encode(_float32_template(model_id, size, k, dimensions))
    slots = []
    for start, bit in _B64_SIGN_SLOTS:
        chars = text[start::16]
        slots.append((start, len(chars), _int(chars), _int(chars) ^ _int(chars.translate(_B64_FLIPS[bit]))))
    return text, slots


def input_key(item):
    """Return the bytes an input's vector is derived from: its text, or its token ids."""
    if isinstance(item, str):
        return b"s" + item.encode("utf-8", "surrogatepass")
    return b"t" + ",".join(map(str, item)).encode()


def _signs(model_id, size, item, dimensions):
    """Return the profile and the sign bytes (high bit set: negative) of one input's vector."""
    digest = hashlib.shake_256(model_id.encode() + b"\0" + input_key(item)).digest(size + 1)
    return digest[0] % PROFILES, digest[1:dimensions + 1]


def float_json(model_id, size, item, dimensions=None):
    """Return the vector of one input as a JSON array of numbers (bytes)."""
    dimensions = dimensions or size
    k, signs = _signs(model_id, size, item, dimensions)
    text = bytearray(_float_template(model_id, size, k, dimensions))
    text[1::STRIDE] = signs.translate(_SIGN_TEXT)
    return text


def float32_bytes(model_id, size, item, dimensions=None):
    """Return the vector of one input as little-endian float32 bytes."""
    dimensions = dimensions or size
    k, signs = _signs(model_id, size, item, dimensions)
    packed = bytearray(_float32_template(model_id, size, k, dimensions))
    high = _int(packed[3::4]) ^ _int(signs.translate(_SIGN_BIT))
    packed[3::4] = high.to_bytes(dimensions, "little")
    return bytes(packed)


def base64_json(model_id, size, item, dimensions=None):
    """Return the vector of one input as a JSON string of base64 float32 bytes."""
    dimensions = dimensions or size
    if dimensions % 3:  # the vector's base64 does not split into whole 3-float blocks
        return b'"%s"' % base64.b64encode(float32_bytes(model_id, size, item, dimensions))
    k, signs = _signs(model_id, size, item, dimensions)
    positive, slots = _base64_template(model_id, size, k, dimensions)
    text = bytearray(b'"%s"' % positive)
    for phase, (start, count, chars, flips) in enumerate(slots):
        negative = _int(signs[phase::3].translate(_SIGN_MASK))
        text[1 + start::16] = (chars ^ (flips & negative)).to_bytes(count, "little")
    return text


ENCODERS = {"float": float_json, "base64": base64_json}


# An answer is written in chunks of about this many bytes: few writes for a large one, and never the whole of it
# in memory (2,048 inputs of 3,072 floats come to some 80 MB of JSON).
CHUNK_BYTES = 256 * 1024


def embedding_list(model, items, dimensions, encoding_format, prompt_tokens):
    """Yield the body of an embeddings answer, a list object with one embedding per input, in chunks.

    Each chunk is written as it is made, so that a worker holds one chunk of a body that can reach tens of
    megabytes, not all of it. The real API sends these answers chunked too.
    """
    encode = ENCODERS[encoding_format]
    pieces, size = [b'{"object":"list","data":['], 0
    for index, item in enumerate(items):
        vector = encode(model.id, model.dimensions, item, dimensions)
        pieces.append(b'%s{"object":"embedding","index":%d,"embedding":%s}' % (b"," * bool(index), index, vector))
        size += len(vector)
        if size >= CHUNK_BYTES:
            yield b"".join(pieces)
            pieces, size = [], 0
    usage = json.dumps({"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens}, separators=(",", ":"))
    pieces.append(b'],"model":%s,"usage":%s}' % (json.dumps(model.id).encode(), usage.encode()))
    yield b"".join(pieces)
