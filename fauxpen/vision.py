"""What an image in a prompt costs, by the rules of OpenAI's vision guide, from the size its data URL gives.

A model's rule (its capability `image_tokens`) is [base, tile]: an image costs base at low detail, and at high
or auto detail base plus tile a 512-pixel square of it, once scaled to fit 2048 x 2048 and to a shortest side of
768 (85 and 170 on gpt-4o and gpt-4.1, 70 and 140 on GPT-5; a 1 x 1 PNG at auto detail cost 267 input tokens on
gpt-4.1 and 221 prompt tokens on gpt-5 in October 2025 recordings: the text and one square). Or it is a number:
the image costs that many tokens a 32-pixel patch, at most 1,536 patches (gpt-4.1-mini, o4-mini, gpt-5-nano...),
whole; or {"patch": that number, "framing": tokens more an image}, the share rounded up and the framing added, as the
recordings of those models' images come to (gpt-4.1-nano, -mini, o4-mini and gpt-5-nano a token more; gpt-5-mini, the
share alone, 1.2 a patch, and gpt-5-nano 1.5, where the guide says 1.62 and 2.46).
"""
import base64
import binascii
import math
import struct

DEFAULT_RULE = (85, 170)
# The size taken for a picture fauxpen does not see (a web address, a file id): the guide's 1024 x 1024 example.
UNSEEN = (1024, 1024)
MAX_PATCHES = 1536


def image_tokens(url, detail, rule=DEFAULT_RULE):
    """Return what an image (its URL, its detail) costs a prompt under a model's rule."""
    width, height = (image_size(url) if isinstance(url, str) and url.startswith("data:") else None) or UNSEEN
    if isinstance(rule, dict):
        return math.ceil(round(patch_count(width, height) * rule["patch"], 6)) + rule.get("framing", 0)
    if isinstance(rule, (int, float)):
        return int(patch_count(width, height) * rule)
    base, tile = rule
    if detail == "low":
        return base
    return base + tile * _tiles(width, height)


def _tiles(width, height):
    """Count the 512-pixel squares of a picture at high detail."""
    if max(width, height) > 2048:
        scale = 2048 / max(width, height)
        width, height = width * scale, height * scale
    if min(width, height) > 768:
        scale = 768 / min(width, height)
        width, height = width * scale, height * scale
    return _cover(width, 512) * _cover(height, 512)


def patch_count(width, height):
    """Count the 32-pixel patches of a picture, scaled down to at most MAX_PATCHES as the guide scales it; a side
    of 0 pixels (a GIF's or WebP's header can say so) is taken for 1, which one patch covers either way."""
    width, height = max(width, 1), max(height, 1)
    patches = _cover(width, 32) * _cover(height, 32)
    if patches <= MAX_PATCHES:
        return patches
    shrink = math.sqrt(MAX_PATCHES * 32 * 32 / (width * height))
    across, down = width * shrink / 32, height * shrink / 32
    shrink *= min(math.floor(across) / across, math.floor(down) / down)
    return min(_cover(width * shrink, 32) * _cover(height * shrink, 32), MAX_PATCHES)


def _cover(length, side):
    """Count the squares of side pixels that cover length pixels (a scaled length's rounding error aside)."""
    return max(math.ceil(length / side - 1e-9), 1)


def image_size(url):
    """Return (width, height) of the PNG, GIF, WebP or JPEG picture a base64 data URL holds, or None."""
    header, _, payload = url[5:].partition(",")
    if not header.endswith(";base64"):
        return None
    try:
        # A PNG's, GIF's or WebP's size is in its first 48 bytes: a picture of megabytes, counted in every count of
        # its prompt, is not decoded whole. A JPEG's comes after the segments before its frame.
        head = base64.b64decode(payload[:64])
        return _size(head) if head[:2] != b"\xff\xd8" else _jpeg_size(base64.b64decode(payload))
    except (binascii.Error, ValueError, struct.error, IndexError):
        return None


def _size(data):
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def _webp_size(data):
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def _jpeg_size(data):
    """Read a JPEG's size from its start-of-frame segment, stepping over the segments before it."""
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return None
