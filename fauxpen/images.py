"""Generated images: one plain grey picture of the size asked for, in base64, in the API's layout.

The real endpoint writes its JSON indented by two spaces, with no newline at the end; gpt-image-1's answer puts
`created` first and the rest in alphabetical order, usage included (recordings of 2025-2026).
"""
import binascii
import functools
import struct
import zlib
from importlib import resources

from . import vision

GREY = b"\x80\x80\x80"
# gpt-image-1's output tokens for one image, by size and quality (OpenAI's table, where landscape counts a little
# less than portrait; recorded at medium).
IMAGE_TOKENS = {"1024x1024": {"low": 272, "medium": 1056, "high": 4160},
                "1024x1536": {"low": 408, "medium": 1584, "high": 6240},
                "1536x1024": {"low": 400, "medium": 1568, "high": 6208}}
# gpt-image-2's (and 2.5's) output tokens for one image: a community calculator's formula, by q for the quality
# (196 for a 1024x1024 low picture, as a 2.5 answer counts); q for 2.5's xhigh and max extends the series (a guess).
TOKEN_QUALITY = {"low": 16, "medium": 48, "high": 96, "xhigh": 192, "max": 384}
# Tokens the gpt-image-1 family counts for a prompt beyond its text (a 2025 recording of gpt-image-1: 22 for "An
# isolated stop sign."; gpt-image-1 itself and -mini count 6 since, see their capabilities in models.json), and what
# gpt-image-2 counts (about 6, a community report).
PROMPT_OVERHEAD_TOKENS = {"gpt-image-1": 17, "gpt-image-2": 6, "gpt-image-2.5": 6}
# What a picture an edit sends counts: a base, and a tile a 512-pixel square of it (gpt-image-1's edits: 194 for one
# square, 323 for two; see input_picture_tokens).
PICTURE_BASE_TOKENS, PICTURE_TILE_TOKENS = 65, 129
PICTURE_SIDE = 512
# gpt-image-2's edits count a picture in 32-pixel patches instead, magnified first up to MAGNIFIED_MAX times toward a
# longest side of MAGNIFIED_SIDE (see input_picture_tokens).
MAGNIFIED_SIDE, MAGNIFIED_MAX = 1024, 2


def picture_header(data):
    """Return (width, height, has_alpha) of a PNG, JPEG or WebP from its first bytes, or None when they do not say.

    A PNG's colour type says its alpha (4 grey and alpha, 6 RGBA); a JPEG has none; a WebP's VP8X or VP8L
    header says it."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 26:
        width, height = struct.unpack(">II", data[16:24])
        return width, height, data[25] in (4, 6)
    if data.startswith(b"\xff\xd8"):
        at = 2
        while at + 9 <= len(data) and data[at] == 0xFF:
            marker = data[at + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a frame header: the size
                height, width = struct.unpack(">HH", data[at + 5:at + 9])
                return width, height, False
            at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
        return None
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP" and len(data) >= 30:
        kind = data[12:16]
        if kind == b"VP8X":
            return (int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1,
                    bool(data[20] & 0x10))
        if kind == b"VP8L" and data[20] == 0x2F:
            bits = int.from_bytes(data[21:25], "little")
            return (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1, bool(bits >> 28 & 1)
        if kind == b"VP8 ":
            width, height = struct.unpack("<HH", data[26:30])
            return width & 0x3FFF, height & 0x3FFF, False
    return None


def input_picture_tokens(size, family="gpt-image-1"):
    """Return what a picture an edit sends (its (width, height); None where fauxpen does not read it: counted as
    1024 x 1024) counts among the input's image tokens: on the gpt-image-1 family, 65, and 129 a 512-pixel square of
    it, once scaled to fit 2048 x 2048 and down to a shortest side of 512, the other side rounded down, as on the
    other families (a guess); on gpt-image-2, its 32-pixel patches (patch_picture_tokens).

    As recorded on gpt-image-1's edits: a 128 x 128 PNG counted 194 and a 1960 x 1000 one 323 (1003 x 512, two
    squares; ruby_llm's cassettes, 2025); as measured by a third party (OpenAI's forum, 2025): 1024 x 1025 and
    1023 x 1024 one square, 512 x 513 two. The fit to 2048, as the vision guide's, is a guess."""
    if family == "gpt-image-2":
        return patch_picture_tokens(size)
    width, height = size or (1024, 1024)
    if max(width, height) > 2048:
        width, height = (2048, height * 2048 // width) if width >= height else (width * 2048 // height, 2048)
    short = min(width, height)
    if short > PICTURE_SIDE:
        width, height = width * PICTURE_SIDE // short, height * PICTURE_SIDE // short
    squares = -(-max(width, 1) // PICTURE_SIDE) * -(-max(height, 1) // PICTURE_SIDE)
    return PICTURE_BASE_TOKENS + PICTURE_TILE_TOKENS * squares


def patch_picture_tokens(size):
    """Return what a picture counts on gpt-image-2's edits: a token a 32-pixel patch of it, once magnified up to
    twice toward a longest side of 1024 and its shorter side widened to a third of its longer (the canvas held
    within 1:3 and 3:1), at most 1,536 patches as the vision guide scales them (vision's patch count).

    As a third party measured it over 100 edits (OpenAI's forum, June 2026: the old 512-pixel tiles are not used; how
    it rounds is not given); recorded: a 1 x 1 PNG counted 1 (braintrust-sdk's cassettes, September 2026, twice)."""
    width, height = size or (1024, 1024)
    grow = min(MAGNIFIED_MAX, MAGNIFIED_SIDE / max(width, height, 1))
    if grow > 1:
        width, height = width * grow, height * grow
    width, height = max(width, height / 3), max(height, width / 3)
    return vision.patch_count(width, height)


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", binascii.crc32(kind + data))


@functools.lru_cache(maxsize=8)
def png(size):
    """Return a grey PNG of size ("WIDTHxHEIGHT"), 8-bit RGB."""
    width, height = map(int, size.split("x"))
    rows = (b"\x00" + GREY * width) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9))
            + _chunk(b"IEND", b""))


def _image_file(name):
    return resources.files("fauxpen").joinpath(f"data/images/{name}")


@functools.cache
def _jpeg_header():
    """The grey JPEG's bytes up to its scan, and where its frame header (SOF0) starts.

    Its picture is mid-grey in every component, which a baseline JPEG codes as DC 0 and no AC; its four Huffman
    tables each hold one 1-bit code, so each 8x8 block is 2 zero bits and each 16x16 unit (4:2:0: four Y blocks,
    one Cb, one Cr) 12: the scan of any size is zeros, and only the frame header says the size.
    """
    data, at, sof = _image_file("grey-1024x1024.jpeg").read_bytes(), 2, None
    while data[at + 1] != 0xDA:  # the segments up to the scan's header
        sof = at if data[at + 1] == 0xC0 else sof
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return data[:at + 2 + int.from_bytes(data[at + 2:at + 4], "big")], sof


def jpeg(size):
    """Return a grey baseline JPEG of any size, from data/images' grey JPEG (the same bytes at its sizes)."""
    width, height = map(int, size.split("x"))
    header, sof = _jpeg_header()
    bits = -(-width // 16) * -(-height // 16) * 12
    scan = bytes(bits // 8) + (bytes([0xFF >> bits % 8]) if bits % 8 else b"")  # padded with 1 bits
    return header[:sof + 5] + struct.pack(">HH", height, width) + header[sof + 9:] + scan + b"\xff\xd9"


def webp(size):
    """Return a grey lossless WebP (VP8L) of any size: each of its codes has one symbol, so a pixel takes no bits.

    Fields, least significant bit first: the size less one (14 bits each), no alpha, version 0; no transform,
    colour cache or meta codes; then the green, red, blue and alpha codes, each one 8-bit symbol, and the distance
    code's one 1-bit symbol.
    """
    width, height = map(int, size.split("x"))
    fields = [(width - 1, 14), (height - 1, 14), (0, 1), (0, 3), (0, 1), (0, 1), (0, 1)]
    for symbol in (0x80, 0x80, 0x80, 0xFF):
        fields += [(1, 1), (0, 1), (1, 1), (symbol, 8)]
    fields += [(1, 1), (0, 1), (0, 1), (0, 1)]
    value, length = 0, 0
    for field, width_in_bits in fields:
        value, length = value | field << length, length + width_in_bits
    data = b"\x2f" + value.to_bytes(-(-length // 8), "little")
    chunk = b"VP8L" + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) % 2)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


GIF_FRAMES, GIF_FRAME_MS = 9, 200  # a GIF's frames and their time unless asked otherwise (the SDK's defaults)


def _uniform_lzw(count):
    """The GIF LZW codes (2-bit minimum code size) of count pixels all of colour 0, packed least significant bit
    first: each code after a clear stands for one pixel more than the one before, as a run of one colour builds its
    table; widths grow as a decoder reads them (a code wider once the table's next code passes the width's last)."""
    value, length, width = 0, 0, 3

    def emit(code):
        nonlocal value, length
        value, length = value | code << length, length + width

    emit(4)  # clear
    run, next_code, left = 1, 6, count
    while left:
        step = min(run, left)
        emit(0 if step == 1 else 6 + step - 2)
        left -= step
        if next_code > (1 << width) - 1 and width < 12:
            width += 1
        if not left:
            break
        if next_code < 4096:
            next_code, run = next_code + 1, run + 1
        else:  # the table is full: a clear starts it again
            emit(4)
            run, next_code, width = 1, 6, 3
    emit(5)  # end of information
    return value.to_bytes(-(-length // 8), "little")


@functools.lru_cache(maxsize=8)
def gif(size, frames=GIF_FRAMES, delay_ms=GIF_FRAME_MS):
    """Return a looping grey GIF of size ("WIDTHxHEIGHT") of frames frames, each shown delay_ms (in hundredths of
    a second, rounded, at most 65,535 of them): a two-colour table, the NETSCAPE2.0 loop, and each frame the same
    LZW-coded grey."""
    width, height = map(int, size.split("x"))
    data = _uniform_lzw(width * height)
    blocks = b"".join(bytes([len(data[at:at + 255])]) + data[at:at + 255] for at in range(0, len(data), 255))
    delay = min(65535, (delay_ms + 5) // 10)
    frame = (b"\x21\xf9\x04\x04" + struct.pack("<H", delay) + b"\x00\x00"  # graphic control: delay
             + b"\x2c" + struct.pack("<HHHH", 0, 0, width, height) + b"\x00" + b"\x02" + blocks + b"\x00")
    return (b"GIF89a" + struct.pack("<HH", width, height) + b"\x80\x00\x00" + GREY + b"\x00\x00\x00"
            + b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00" + frame * frames + b"\x3b")


def drawn(size, output_format="png", frame_count=None, frame_duration_ms=None):
    """Return the grey drawing of size in an output format: a GIF's of frame_count frames of frame_duration_ms each
    (None: the defaults), an SVG, or a picture."""
    if output_format == "gif":
        return gif(size, GIF_FRAMES if frame_count is None else frame_count,
                   GIF_FRAME_MS if frame_duration_ms is None else frame_duration_ms)
    return svg(size) if output_format == "svg" else picture(size, output_format)


def svg(size):
    """Return a grey SVG of size ("WIDTHxHEIGHT"): one rectangle filling its view box."""
    width, height = map(int, size.split("x"))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} '
            f'{height}"><rect width="{width}" height="{height}" fill="#808080"/></svg>').encode()


@functools.lru_cache(maxsize=8)
def picture(size, output_format="png"):
    """Return the grey picture in an output format: PNG drawn here, JPEG from data/images' grey JPEG, WebP from
    data/images at gpt-image-1's sizes (lossy, as drawn) and a lossless one at any other size."""
    if output_format == "png":
        return png(size)
    if output_format == "jpeg":
        return jpeg(size)
    stored = _image_file(f"grey-{size}.webp")
    return stored.read_bytes() if stored.is_file() else webp(size)


def output_tokens(family, size, quality):
    """Return the output tokens of one image a GPT image model (of family) draws at a size and quality."""
    if family == "gpt-image-1":
        return IMAGE_TOKENS[size][quality]
    width, height = map(int, size.split("x"))
    short, long, q = min(width, height), max(width, height), TOKEN_QUALITY[quality]
    short_factor = (2 * q * short + long) // (2 * long)
    return (q * short_factor * (2_000_000 + width * height) + 3_999_999) // 4_000_000


def gpt_image_usage(prompt_tokens, size, quality, count, image_tokens=0, family="gpt-image-1", capabilities=None):
    """Return a GPT image model's usage: keys in alphabetical order, as recorded; image_tokens: an edit's pictures.

    gpt-image-2's usage also details its output tokens (all image tokens), as a 2.5 answer of 2026 does; the
    gpt-image-1 family's recordings of 2025 have no such details. A model's capabilities may say otherwise:
    gpt-image-1-mini and gpt-image-1 detail them and count 6 tokens beside the prompt (`prompt_overhead`), as four
    recordings of mini and one of gpt-image-1 do (rig's cassettes, September 2026). gpt-image-2 counts the input
    once for each of count pictures.
    """
    capabilities = capabilities or {}
    output = output_tokens(family, size, quality) * count
    text = prompt_tokens + capabilities.get("prompt_overhead", PROMPT_OVERHEAD_TOKENS[family])
    if family == "gpt-image-2":
        # Each picture of n is a call of its own, its input counted for each: 26 text tokens for n 2 of a 13-token
        # prompt (braintrust-sdk's cassettes, September 2026; n > 1 "billed as individual calls", a third party's
        # measurement, OpenAI's forum, June 2026, whose occasional token less of output is not followed).
        text, image_tokens = text * count, image_tokens * count
    usage = {"input_tokens": text + image_tokens,
             "input_tokens_details": {"image_tokens": image_tokens, "text_tokens": text}, "output_tokens": output}
    if family != "gpt-image-1" or capabilities.get("output_details"):
        usage["output_tokens_details"] = {"image_tokens": output, "text_tokens": 0}
    return {**usage, "total_tokens": text + image_tokens + output}
