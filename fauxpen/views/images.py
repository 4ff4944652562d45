"""POST /v1/images/generations, and the blobs its URLs point at (GET /private/...: not under /v1, as they stand
for another host's)."""
import base64
import json
import re
import struct
import time

from flask import Blueprint, Response, request

from .. import context, images, registry, rules, wire
from ..errors import InvalidRequestError, NotFoundError
from ..jsontext import rust_json
from ..schemas.fields import supported_values
from ..schemas.images import DEFAULTS, IMAGE_RULES, family, gpt_image, load_image_request
from ..tokens import count_tokens

bp = Blueprint("images", __name__)

DEFAULT_MODEL = "dall-e-2"  # what the API draws with when a request names no model (its reference)
# The models generations and edits name when they refuse another: recorded up to chatgpt-image-latest (Dec 2025);
# the gpt-image-2 names after it are a guess, in the order they came. Snapshots are taken but not named.
NAMED_MODELS = ("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "chatgpt-image-latest", "gpt-image-2",
                "gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "dall-e-2", "dall-e-3")


def image_model(req, kind="generations"):
    """Return the image Model a request names; any other name gets the real API's 400: generations and edits
    list the models (recorded since mid-2025), variations keep their older wording (captured)."""
    name = DEFAULT_MODEL if req.get("model") is None else req["model"]  # "" is a name, refused (recorded)
    model = registry.resolve(name)
    if model is not None and model.kind == "image":
        return model
    if kind == "variations":
        raise InvalidRequestError(f"Invalid model {name}. The model argument should be left blank.")
    raise InvalidRequestError(f"Invalid value: '{name}'. Supported values are: {supported_values(NAMED_MODELS)}.",
                              param="model", code="invalid_value")


@bp.post("/v1/images/generations")
def create_image():
    """Answer with n grey pictures of the size asked for, as URLs or base64 (gpt-image-1: base64, or a stream).

    Refusals past the body's JSON are written as the answers are: indented, no newline at the end (recorded).
    """
    body = wire.json_body()
    context.note("ratelimit", False)  # images answers carry no x-ratelimit-* headers (recorded)
    try:
        return generate(body)
    except InvalidRequestError as error:
        return Response(rust_json(error.to_dict()), error.status, error.headers,
                        content_type=error.content_type)


def generate(body):
    """Check a request and answer it."""
    req = load_image_request(body)
    model = image_model(req)
    rules.check(IMAGE_RULES, model, req)
    return answer(model, req)


def answer(model, req, image_tokens=0, newline=False):
    """Answer with the pictures a checked request asks for; newline: the legacy dall-e-2 edits' final newline."""
    req = {**DEFAULTS[family(model)], **{key: value for key, value in req.items() if value is not None}}
    created, count = int(time.time()), req.get("n", 1)
    if gpt_image(model):
        return gpt_image_answer(family(model), req, created, count, image_tokens)
    size = req["size"]
    if req.get("response_format") == "b64_json":
        item = {"b64_json": base64.b64encode(images.picture(size)).decode()}
    else:
        item = None
    data = []
    for _ in range(count):
        entry = dict(item) if item else {}
        if family(model) == "dall-e-3":
            entry["revised_prompt"] = req["prompt"]
        if not item:
            entry["url"] = images.blob_url(request.host_url, created, size)
        data.append(entry)
    text = rust_json({"created": created, "data": data}) + (b"\n" if newline else b"")
    return Response(iter([text]), content_type="application/json")


def gpt_image_answer(drawn_as, req, created, count, image_tokens=0):
    """A GPT image model's answer: base64 pictures and what it drew them with (auto resolved: the size asked,
    or 1024x1024; medium), and its usage, counted as the family it draws as (drawn_as) counts."""
    size = "1024x1024" if req["size"] == "auto" else req["size"]
    quality = "medium" if req["quality"] == "auto" else req["quality"]
    background = "transparent" if req.get("background") == "transparent" else "opaque"
    output_format = req.get("output_format", "png")
    picture = base64.b64encode(images.picture(size, output_format)).decode()
    usage = images.gpt_image_usage(count_tokens(req["prompt"]), size, quality, count, image_tokens, drawn_as)
    context.note("tokens_used", usage["total_tokens"])
    drawn = {"background": background, "output_format": output_format, "quality": quality, "size": size}
    if req.get("stream"):
        return Response(image_events(picture, drawn, created, count, req.get("partial_images", 0), usage),
                        content_type="text/event-stream; charset=utf-8")
    answer = {"created": created, "background": background, "data": [{"b64_json": picture}] * count,
              "output_format": output_format, "quality": quality, "size": size, "usage": usage}
    return Response(iter([rust_json(answer)]), content_type="application/json")


def image_events(picture, drawn, created, count, partials, usage):
    """The stream of gpt-image-1 (its SDK's types; no capture found): partial pictures, then each picture."""
    for _ in range(count):
        for index in range(partials):
            event = {"type": "image_generation.partial_image", "b64_json": picture, **drawn, "created_at": created,
                     "partial_image_index": index}
            yield _event(event)
        yield _event({"type": "image_generation.completed", "b64_json": picture, **drawn, "created_at": created,
                      "usage": usage})


def _event(event):
    ordered = {"type": event.pop("type"), **dict(sorted(event.items()))}
    return f"event: {ordered['type']}\ndata: {json.dumps(ordered, separators=(',', ':'))}\n\n".encode()


@bp.get("/private/<org>/<user>/<name>.png")
def blob(org, user, name):
    """Serve the picture a dall-e URL names, as Azure serves the blob (inline PNG)."""
    size = images.size_of_blob(name)
    if size is None:
        raise NotFoundError("The specified blob does not exist.")
    return Response(images.picture(size), content_type="image/png", headers={"Content-Disposition": "inline"})


# What an edit reads of its form as numbers and booleans; everything else is text.
FORM_INTEGERS, FORM_BOOLEANS = ("n", "output_compression", "partial_images"), ("stream",)
FORM_INTEGER = re.compile(r"-?[0-9]{1,18}")  # longer, or anything else: left as text, for the schema to refuse
MAX_EDIT_IMAGES = 16
EDIT_MODELS = {"edits": ("dall-e-2", "gpt-image-1", "gpt-image-2", "gpt-image-2.5"), "variations": ("dall-e-2",)}
IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"RIFF": "image/webp"}
PNG_MODES = {0: "L", 2: "RGB", 3: "P", 4: "LA", 6: "RGBA"}
DALLE_MAX_BYTES = 4 * 1024 * 1024


def form_body(form):
    """Read an edit's form fields as the JSON body a generation sends: numbers and booleans where they are."""
    body = {}
    for key, value in form.items(multi=False):
        if key in FORM_INTEGERS and FORM_INTEGER.fullmatch(value.strip()):
            body[key] = int(value)
        elif key in FORM_BOOLEANS and value.lower() in ("true", "false"):
            body[key] = value.lower() == "true"
        else:
            body[key] = value
    return body


def _picture_type(data):
    if data.startswith(b"RIFF") and data[8:12] != b"WEBP":  # a WAV, an AVI: RIFF, but not a picture
        return None
    return next((kind for magic, kind in IMAGE_TYPES.items() if data.startswith(magic)), None)


def check_uploads(model, uploads, mask):
    """Refuse pictures the model cannot edit, in the wordings recorded for each (dall-e-2's are its old ones)."""
    if not uploads:
        raise InvalidRequestError("'image' is a required property")
    if family(model) == "dall-e-2":
        if len(uploads) > 1 or request.files.getlist("image[]"):
            raise InvalidRequestError("Invalid type for 'image': expected a file, but got an array instead.",
                                      param="image", code="invalid_type")
        data = uploads[0].read()
        if _picture_type(data) != "image/png" or len(data) >= DALLE_MAX_BYTES or data[12:16] != b"IHDR":
            raise InvalidRequestError("Uploaded image must be a PNG and less than 4 MB.", code="invalid_image_format")
        width, height, mode = struct.unpack(">II", data[16:24]) + (PNG_MODES.get(data[25], "P"),)
        if width != height:
            raise InvalidRequestError(f"Invalid input image - expected an image with equal width and height, got "
                                      f"{width}x{height} instead.")
        if mask is None and mode not in ("RGBA", "LA", "L") and request.path.endswith("/edits"):
            raise InvalidRequestError(f"Invalid input image - format must be in ['RGBA', 'LA', 'L'], got {mode}.")
        return 0
    if len(uploads) > MAX_EDIT_IMAGES:
        raise InvalidRequestError(f"Invalid 'image': array too long. Expected an array with maximum length "
                                  f"{MAX_EDIT_IMAGES}, but got an array with length {len(uploads)} instead.",
                                  param="image", code="array_above_max_length")  # guessed wording
    for index, upload in enumerate(uploads):
        data = upload.read()
        kind = upload.mimetype or "application/octet-stream"
        if kind not in IMAGE_TYPES.values():
            raise InvalidRequestError(f"Invalid file 'image[{index}]': unsupported mimetype ('{kind}'). Supported file "
                                      "formats are 'image/jpeg', 'image/png', and 'image/webp'.",
                                      param=f"image[{index}]", code="unsupported_file_mimetype")
        if _picture_type(data) is None:
            raise InvalidRequestError(f"Invalid image file or mode for image {index}, please check the your image "
                                      "file.", code="invalid_image_file")
    return images.INPUT_IMAGE_TOKENS * len(uploads)


def edit(kind):
    """Answer an edit or a variation: the generation's checks and answer, after the pictures' own."""
    context.note("ratelimit", False)
    body = form_body(request.form)
    fidelity = body.pop("input_fidelity", None)  # how closely gpt-image-1 keeps to the pictures: nothing to do here
    if kind == "variations":
        body.setdefault("prompt", "variation")  # a variation has no prompt; the generation's checks want one
    try:
        req = load_image_request(body)
        model = image_model(req, kind)
        if family(model) not in EDIT_MODELS[kind]:
            raise InvalidRequestError(f"Invalid model {model.id}. The model argument should be left blank.")
        takes = model.supports("input_fidelity")
        if fidelity is not None and (not takes or fidelity not in ("high", "low")):
            raise InvalidRequestError(f"Invalid value: '{fidelity}'. Supported values are: 'high' and 'low'."
                                      if takes else "Unknown parameter: 'input_fidelity'.", param="input_fidelity",
                                      code="invalid_value" if takes else "unknown_parameter")
        uploads = request.files.getlist("image") + request.files.getlist("image[]")
        image_tokens = check_uploads(model, uploads, request.files.get("mask"))
        rules.check(IMAGE_RULES, model, req)
        return answer(model, req, image_tokens, newline=family(model) == "dall-e-2")
    except InvalidRequestError as error:
        return Response(rust_json(error.to_dict()), error.status, error.headers,
                        content_type=error.content_type)


@bp.post("/v1/images/edits")
def create_edit():
    """Edit pictures (dall-e-2: one square PNG with transparency or a mask; gpt-image-1: up to 16)."""
    return edit("edits")


@bp.post("/v1/images/variations")
def create_variation():
    """Draw variations of one square PNG (dall-e-2)."""
    return edit("variations")
