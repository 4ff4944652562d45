"""Chat messages: roles, string or array content, and the content parts each role may carry."""
import base64
import binascii
import ipaddress
import re
import urllib.parse

from marshmallow import EXCLUDE, Schema, ValidationError

from . import fields as f
from .fields import Problem, literal, supported_values

ROLES = ("system", "assistant", "user", "function", "tool", "developer")
PART_TYPES = ("text", "image_url", "input_audio", "refusal", "audio", "file")

# The content part types each role may send; the error for another type lists these.
ROLE_PART_TYPES = {
    "developer": ("text",),
    "system": PART_TYPES,
    "user": PART_TYPES,
    "assistant": PART_TYPES,
    "tool": PART_TYPES,
    "function": PART_TYPES,
}

# The fields a content part of each type must carry.
PART_REQUIRED = {
    "text": ("text",),
    "image_url": ("image_url",),
    "input_audio": ("input_audio",),
    "refusal": ("refusal",),
    "file": ("file",),
    "audio": ("id",),
}


# The keys a message of each role may carry. `name` is taken on every role: tool messages carry the function's
# name in OpenAI's own cookbook, and the API answers them. An assistant message may be an answer's message sent
# back as it came, annotations included, as OpenAI's guides do.
MESSAGE_KEYS = {
    "system": {"role", "content", "name"},
    "developer": {"role", "content", "name"},
    "user": {"role", "content", "name"},
    "assistant": {"role", "content", "name", "tool_calls", "function_call", "refusal", "audio", "annotations"},
    "tool": {"role", "content", "tool_call_id", "name"},
    "function": {"role", "content", "name"},
}

# The keys a content part of each type may carry, and those of the object a part holds. A text or image part
# may mark the end of a prefix to cache (gpt-5.6, the SDK's types: prompt_cache_breakpoint).
PART_KEYS = {kind: {"type", *required} for kind, required in PART_REQUIRED.items()}
PART_KEYS["text"].add("prompt_cache_breakpoint")
PART_KEYS["image_url"].add("prompt_cache_breakpoint")
PART_OBJECT_KEYS = {
    "image_url": {"url", "detail"},
    "input_audio": {"data", "format"},
    "file": {"file_data", "file_id", "filename"},
}


def _string_values(data, names):
    """Return the error dict of the first of names data holds with a value that is not a string (or null)."""
    for name in names:
        if data.get(name) is not None and not isinstance(data[name], str):
            return {name: [f.invalid_type("a string", data[name])]}
    return None


def unknown_key(data, allowed):
    """Return the error dict naming the first key of data not in allowed, or None."""
    for key in data:
        if key not in allowed:
            return {key: [Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]}
    return None


# What a message's name may be: no whitespace and none of `< | \ / >` (quoted of the API in 2026; in 2024 it
# was a function name's pattern).
_NAME = re.compile(r"[^\s<|\\/>]+")
_NAME_PROBLEM = Problem("Invalid '{param}': string does not match pattern. Expected a string that matches the pattern "
                        "'^[^\\s<|\\\\/>]+$'.", code="invalid_value")


# The longest text a message or input item may hold, whatever the model's window: 10 MiB characters, refused by
# its path before tokens are counted (reported of api.openai.com, 2025-2026, for chat and the Responses API).
MAX_TEXT = 10485760


def too_long(text):
    """The refusal of a text over MAX_TEXT characters."""
    return Problem(f"Invalid '{{param}}': string too long. Expected a string with maximum length {MAX_TEXT}, but got "
                   f"a string with length {len(text)} instead.", code="string_above_max_length")


def missing():
    """Return the problem of a required parameter that is absent."""
    return Problem("Missing required parameter: '{param}'.", code="missing_required_parameter")


def empty_array():
    return Problem("Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty "
                   "array instead.", code="empty_array")


class ImageURL(Schema):
    class Meta:
        unknown = EXCLUDE

    url = f.String(required=True)
    detail = f.Enum(["auto", "low", "high", "original"], allow_none=True)  # original: the SDK's types, 2026


class InputAudio(Schema):
    class Meta:
        unknown = EXCLUDE

    data = f.String(required=True)
    format = f.Enum(["wav", "mp3"], required=True)


class Breakpoint(f.Body):
    """Where a cached prefix ends (gpt-5.6, the SDK's types): explicit, for as long as the request's ttl, or its
    own."""

    mode = f.Enum(["explicit"], required=True)
    ttl = f.Enum(["30m", "12h"], allow_none=True)


# One instance each, for every request: building a schema copies its declared fields, which costs more than
# validating with it.
_IMAGE_URL, _INPUT_AUDIO, BREAKPOINT = ImageURL(), InputAudio(), Breakpoint()


def image_url_problem(url):
    """Return the problem of an image URL that is an empty string or a data URL not a base64 image, or None. Any
    other text is left to the model's rules: one that reads images tries to download it (see `not_downloadable`),
    one that does not asks for a data URL."""
    if url and not url.startswith("data:"):
        return None
    return data_url_problem(url)


def not_downloadable(url):
    """Whether an image URL is neither a web address nor a data URL: a vision model fails to download it (recorded
    on gpt-4.1 in July 2025: `/foobar.exe`)."""
    return bool(url) and not url.startswith(("http://", "https://", "data:"))


# What an image's first bytes say it is: a format the models read, or not (a BMP recorded in October 2026; HEIC and
# AVIF reported with the same refusal; bytes that are no picture recorded in April 2026, INVALID_PNG_DATA... on
# gpt-4o-mini, braintrust-sdk-python's cassettes, and reported of HTML pages, PDFs and encrypted media, 2025-2026).
_READ = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def image_data_problem(url):
    """Return "unsupported" for a base64 data URL holding no picture in a format the models read (another format,
    or no picture at all), "corrupt" for a PNG or JPEG cut short or of no size, or for bytes that are not base64,
    or None (JPEG, PNG, GIF or WebP, or not a data URL)."""
    if not url.startswith("data:") or ";base64," not in url:
        return None
    payload = url.split(";base64,", 1)[1]
    head = payload[:64].strip()
    try:
        data = base64.b64decode(head[:len(head) - len(head) % 4], validate=True)
    except (binascii.Error, ValueError):  # ValueError: a character not ASCII, which b64decode will not read
        return "corrupt"  # the API's answer to such bytes is unrecorded
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        return "corrupt" if cut_short(data, payload) else None
    if data.startswith(_READ) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return None
    return "unsupported"


# A PNG's last chunk, and a JPEG's end of image, which no byte of its coded data can be (they stuff an FF).
_PNG_END = b"IEND\xaeB`\x82"
_JPEG_END = b"\xff\xd9"


def cut_short(head, payload):
    """Tell whether a PNG or JPEG (head: its first bytes) ends before its end, or a PNG's header gives it no size:
    the API finds it invalid (image_parse_error: a PNG and a JPEG cut short, clients' fixtures of October 2026
    recordings; a PNG cut inside its data and one of 0 x 0 pixels, JetBrains/koog's live tests). Bytes past the end
    are let be, as decoders leave them."""
    try:
        data = base64.b64decode(payload.strip())
    except (binascii.Error, ValueError):
        return True
    if head.startswith(b"\x89PNG"):
        return _PNG_END not in data or data[16:20] == bytes(4) or data[20:24] == bytes(4)
    return _JPEG_END not in data


# Names that reach no server (RFC 2606 and 6761): the API, which downloads a web address's picture, fails on them.
_NOWHERE_DOMAINS = ("example.com", "example.net", "example.org", "example", "invalid", "test", "localhost")


def unreachable(url):
    """Tell whether a web address names a host the API cannot download from: a reserved name (example.com, the
    .test, .invalid, .example and .localhost domains) or an address not on the internet (127.0.0.1, 10.0.0.1)."""
    if not url.startswith(("https://", "http://")):
        return False
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        return False
    if not host:
        return False
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        pass
    host = host.rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in _NOWHERE_DOMAINS)


def data_url_mime(url):
    """Return the MIME type a `data:` URL names (what comes before its first `;` or `,`)."""
    return url[5:].split(";", 1)[0].split(",", 1)[0]


def data_url_problem(url):
    """Return the problem of a URL that is not a base64-encoded image data URL, or None."""
    if url.startswith("data:"):
        mime = data_url_mime(url)
        if mime.startswith("image/") and ";base64," in url:
            return None
        # the Responses API's words (logged, 2026), as a relay of chat quotes them: unsupported MIME type
        # 'application/pdf' (2026)
        got = f"unsupported MIME type '{literal(mime)}'" if not mime.startswith("image/") \
            else "a value without the ';base64' separator"
    else:
        got = "a value without the 'data:' prefix"
    return Problem("Invalid image URL: '{param}'. Expected a base64-encoded data URL with an image MIME type (e.g. "
                   f"'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got {got}.", code="invalid_value")


def check_part(part, role):
    """Return the errors of one content part as a marshmallow error dict (empty when valid)."""
    if not isinstance(part, dict):
        return {"_schema": [f.invalid_type("an object", part)]}
    kind = part.get("type")
    if kind is None:
        return {"type": [missing()]}
    if not isinstance(kind, str):
        return {"type": [f.invalid_type("a string", kind)]}
    allowed = ROLE_PART_TYPES[role]
    if kind not in allowed:
        if len(allowed) == 1:
            return {"type": [Problem(f"Invalid value: '{literal(kind)}'. Value must be '{allowed[0]}'.",
                                     code="invalid_value")]}
        return {"type": [Problem(f"Invalid value: '{literal(kind)}'. Supported values are: "
                                 f"{supported_values(allowed)}.", code="invalid_value")]}
    for name in PART_REQUIRED.get(kind, ()):
        if part.get(name) is None:
            return {name: [missing()]}
    if kind in ("text", "refusal") and not isinstance(part[kind], str):
        return {kind: [f.invalid_type("a string", part[kind])]}
    if kind == "image_url":
        if not isinstance(part["image_url"], dict):
            return {"image_url": [f.invalid_type("an object", part["image_url"])]}
        errors = _IMAGE_URL.validate(part["image_url"]) or unknown_key(part["image_url"],
                                                                        PART_OBJECT_KEYS["image_url"])
        if errors:
            return {"image_url": errors}
        url = part["image_url"]["url"]
        problem = image_url_problem(url)
        if problem:
            return {"image_url": {"url": [problem]}}
    if kind == "input_audio":
        if not isinstance(part["input_audio"], dict):
            return {"input_audio": [f.invalid_type("an object", part["input_audio"])]}
        errors = _INPUT_AUDIO.validate(part["input_audio"]) or unknown_key(part["input_audio"],
                                                                            PART_OBJECT_KEYS["input_audio"])
        if errors:
            return {"input_audio": errors}
    if kind == "file":
        if not isinstance(part["file"], dict):
            return {"file": [f.invalid_type("an object", part["file"])]}
        errors = _string_values(part["file"], PART_OBJECT_KEYS["file"]) or unknown_key(part["file"],
                                                                                        PART_OBJECT_KEYS["file"])
        if errors:
            return {"file": errors}
        if part["file"].get("file_id") is None and part["file"].get("filename") is None:
            # Without a file id, a file's data needs its filename: the API asks for the id (recorded, October 2025,
            # for bare base64; quoted in 2025-2026 for a data URL without a filename).
            return {"file": {"file_id": [missing()]}}
        data = part["file"].get("file_data")
        if data is not None and data.startswith("data:"):
            mime = data_url_mime(data)
            if mime != "application/pdf":  # the wire reads PDFs alone as documents (quoted, 2026)
                return {"file": {"file_data": [Problem(
                    "Invalid file data: '{param}'. Expected a base64-encoded data URL with an application/pdf MIME "
                    "type (e.g. 'data:application/pdf;base64,SGVsbG8sIFdvcmxkIQ=='), but got unsupported MIME type "
                    f"'{literal(mime)}'.", code="invalid_value")]}}
    breakpoint = part.get("prompt_cache_breakpoint")
    if breakpoint is not None and kind in ("text", "image_url"):
        if not isinstance(breakpoint, dict):
            return {"prompt_cache_breakpoint": [f.invalid_type("an object", breakpoint)]}
        errors = BREAKPOINT.validate(breakpoint)
        if errors:
            return {"prompt_cache_breakpoint": errors}
    # Keys a part does not define are refused once its own are valid; a system message's parts pass them
    # (cache_control, say), as the API lets them through.
    return (unknown_key(part, PART_KEYS[kind]) if role != "system" else None) or {}


class Messages(f.Strict):
    """The messages array: each an object with a known role and the content that role allows."""

    expected = "an array"
    types = (list,)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not value:
            raise ValidationError(empty_array())
        for index, message in enumerate(value):
            errors = self.check_message(message)
            if errors:
                raise ValidationError({index: errors})
        return value

    def check_message(self, message):
        """Return the error dict of one message (empty when valid)."""
        if not isinstance(message, dict):
            return {"_schema": [f.invalid_type("an object", message)]}
        role = message.get("role")
        content = message.get("content")
        if (len(message) == 2 and content.__class__ is str and role.__class__ is str and role in self.plain_roles
                and len(content) <= MAX_TEXT):
            return {}  # most messages: a role and its text, which every check below passes
        if role is None:
            return {"role": [missing()]}
        if role not in ROLES:
            if not isinstance(role, str):
                return {"role": [f.invalid_type("a string", role)]}
            return {"role": [Problem(f"Invalid value: '{literal(role)}'. Supported values are: "
                                     f"{supported_values(ROLES)}.", code="invalid_value")]}
        if content is None:
            errors = self.absent_content(message, role)
            if errors:
                return errors
        if content is not None and not isinstance(content, (str, list)):
            return {"content": [f.invalid_type("one of a string or array of objects", content)]}
        if content.__class__ is str and len(content) > MAX_TEXT:
            return {"content": [too_long(content)]}
        if isinstance(content, list):
            for index, part in enumerate(content):
                errors = check_part(part, role)
                if errors:
                    return {"content": {index: errors}}
        if role == "function" and not message.get("name"):
            return {"name": [missing()]}
        if "name" in message and message["name"] is not None and not isinstance(message["name"], str):
            return {"name": [f.invalid_type("a string", message["name"])]}
        if message.get("name").__class__ is str and not _NAME.fullmatch(message["name"]):
            return {"name": [_NAME_PROBLEM]}
        if role == "assistant":
            errors = _assistant_extras(message)
            if errors:
                return errors
        if self.message_keys is None:
            return {}
        return unknown_key(message, self.message_keys[role]) or {}  # once the message's own keys are valid

    # The keys a message of each role may carry (None: any key).
    message_keys = MESSAGE_KEYS
    # The roles whose message of a role and a string content alone is valid as it is (a function message needs its
    # name).
    plain_roles = frozenset(role for role in ROLES if role != "function" and {"role", "content"} <= MESSAGE_KEYS[role])

    def absent_content(self, message, role):
        """Return the error dict of a message whose content is absent or null (None: it may be)."""
        if "content" not in message and role != "assistant":
            return {"content": [missing()]}
        if role not in ("assistant", "function"):
            return {"content": [missing()]}
        return None


class StrictMessages(Messages):
    """The messages of the GPT-5.6 family, as measured on gpt-5.6-terra (August 2026): the array's type is named
    `an array of objects`; a message's content that is absent or null is refused only after every other check
    (rules.content_present), but a developer message's, in its own words; a message may carry any key (a user
    message with `"bogus": 1` is answered, one with tool_calls refused for its content, not for the key; captured
    September 2026)."""

    expected = "an array of objects"
    message_keys = None

    def check_message(self, message):
        """Return the error dict of one message; an assistant's empty tool_calls is refused with the messages, before
        the model's refusals of parameters, but after its content's type (measured on gpt-5.6-terra, August 2026)."""
        errors = super().check_message(message)
        if not errors and message.get("role") == "assistant" and message.get("tool_calls") == []:
            return {"tool_calls": [empty_array()]}
        return errors

    def absent_content(self, message, role):
        if role != "developer":
            return None
        if "content" not in message:
            return {"content": [missing()]}
        return {"content": [f.invalid_type("one of a string or array of objects", None)]}


def content_missing(message):
    """Whether a message lacks content, the GPT-5.6 family's way: absent or null, and for an assistant message
    nothing standing in for it (tool_calls, function_call, refusal or audio that is not null)."""
    if message.get("content") is not None:
        return False
    return message.get("role") != "assistant" or all(
        message.get(key) is None for key in ("tool_calls", "function_call", "refusal", "audio"))


def _assistant_extras(message):
    """Return the error dict of an assistant message's refusal (a string) or audio (an object with an id)."""
    errors = _string_values(message, ("refusal",))
    if errors:
        return errors
    audio = message.get("audio")
    if audio is not None:
        if not isinstance(audio, dict):
            return {"audio": [f.invalid_type("an object", audio)]}
        if audio.get("id") is None:
            return {"audio": {"id": [missing()]}}
        errors = _string_values(audio, ("id",)) or unknown_key(audio, ("id",))
        if errors:
            return {"audio": errors}
    return None


def content_parts(messages):
    """Yield (message index, part index, part) for every content part of every message."""
    for i, message in enumerate(messages):
        content = message.get("content")
        if isinstance(content, list):
            for j, part in enumerate(content):
                yield i, j, part

