"""Generated images: one plain grey picture of the size asked for, as a blob URL or base64, in the API's layout.

The real endpoint writes its JSON indented by two spaces, with no newline at the end; the keys of each image
come in alphabetical order (b64_json, revised_prompt, url), and gpt-image-1's answer puts `created` first and
the rest in alphabetical order too, usage included (recordings of 2025-2026).

A dall-e URL points at an Azure blob that lives an hour either side of the answer. fauxpen's URLs have the
blob's path and query but point at fauxpen, which serves the picture (see views/images.py): the 24 characters
of its name end with a letter that says the picture's size.
"""
import base64
import binascii
import datetime
import functools
import struct
import uuid
import zlib
from importlib import resources

from . import ids

GREY = b"\x80\x80\x80"
# Every size a model draws, each with the letter that ends its blob's name.
SIZES = ("256x256", "512x512", "1024x1024", "1792x1024", "1024x1792", "1536x1024", "1024x1536")
SIZE_LETTERS = dict(zip(SIZES, "ABCDEFG"))
BLOB_TENANT = "a48cca56-e6da-484e-a814-9c849652bcb3"  # the same in every recorded URL
BLOB_VERSION = "2026-02-06"
# gpt-image-1's output tokens for one image, by size and quality (OpenAI's table, where landscape counts a little
# less than portrait; recorded at medium).
IMAGE_TOKENS = {"1024x1024": {"low": 272, "medium": 1056, "high": 4160},
                "1024x1536": {"low": 408, "medium": 1584, "high": 6240},
                "1536x1024": {"low": 400, "medium": 1568, "high": 6208}}
# Tokens gpt-image-1 counts for a prompt beyond its text (a recording: 22 for "An isolated stop sign.").
PROMPT_OVERHEAD_TOKENS = 17
INPUT_IMAGE_TOKENS = 194  # what gpt-image-1 counted for a picture it edited (a recording)


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", binascii.crc32(kind + data))


@functools.lru_cache(maxsize=len(SIZES))
def png(size):
    """Return a grey PNG of size ("WIDTHxHEIGHT"), 8-bit RGB."""
    width, height = map(int, size.split("x"))
    rows = (b"\x00" + GREY * width) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9))
            + _chunk(b"IEND", b""))


@functools.lru_cache(maxsize=8)
def picture(size, output_format="png"):
    """Return the grey picture in an output format: PNG drawn here, JPEG and WebP from data/images."""
    if output_format == "png":
        return png(size)
    return resources.files("fauxpen").joinpath(f"data/images/grey-{size}.{output_format}").read_bytes()


def size_of_blob(name):
    """Return the size a blob's name ("img-...X") says, or None for a name fauxpen did not give."""
    if len(name) != 28 or not name.startswith("img-"):
        return None
    return next((size for size, letter in SIZE_LETTERS.items() if letter == name[-1]), None)


def _azure_time(moment):
    return moment.strftime("%Y-%m-%dT%H%%3A%M%%3A%SZ")


def blob_url(base, created, size):
    """Return a URL shaped as a dall-e blob's, on base (fauxpen's own address), for an image of size."""
    now = datetime.datetime.fromtimestamp(created, datetime.timezone.utc)
    hour, day = datetime.timedelta(hours=1), datetime.timedelta(days=1)
    signed = now.replace(minute=0, second=0) - 3 * hour
    signature = base64.b64encode(ids.random_bytes(32)).decode().replace("+", "%2B").replace("=", "%3D")
    name = f"img-{ids.alnum(23)}{SIZE_LETTERS[size]}"
    return (f"{base}private/org-{ids.alnum(24)}/user-{ids.alnum(24)}/{name}.png?st={_azure_time(now - hour)}"
            f"&se={_azure_time(now + hour)}&sp=r&sv={BLOB_VERSION}&sr=b&rscd=inline&rsct=image/png"
            f"&skoid={uuid.UUID(bytes=ids.random_bytes(16), version=4)}&sktid={BLOB_TENANT}"
            f"&skt={_azure_time(signed)}&ske={_azure_time(signed + day)}&sks=b&skv={BLOB_VERSION}&sig={signature}")


def gpt_image_usage(prompt_tokens, size, quality, count, image_tokens=0):
    """Return gpt-image-1's usage: keys in alphabetical order, as recorded; image_tokens: an edit's pictures."""
    output = IMAGE_TOKENS[size][quality] * count
    text = prompt_tokens + PROMPT_OVERHEAD_TOKENS
    return {"input_tokens": text + image_tokens,
            "input_tokens_details": {"image_tokens": image_tokens, "text_tokens": text},
            "output_tokens": output, "total_tokens": text + image_tokens + output}
