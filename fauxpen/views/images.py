"""POST /v1/images/generations and POST /v1/images/edits (multipart, or JSON with `images`).

/v1/images/variations is gone from the API (404 for every model, measured 2026-08-29), and with dall-e the
blob URLs of its answers: fauxpen answers it as any URL it does not serve.
"""
import base64
import json
import re
import time

from flask import Blueprint, Response, request

from .. import context, images, registry, wire
from ..errors import InvalidRequestError
from ..jsontext import rust_json
from ..schemas.images import (DEFAULTS, MAX_EDIT_IMAGES, PARAMETERS, FormText, check_combinations,
                              check_json_images, check_model, check_prompt, check_rest, check_unknown, family)
from ..tokens import count_tokens

bp = Blueprint("images", __name__)


def _refusal(error):
    """A refusal past the body's JSON, written as the answers are: indented, no newline at the end (recorded)."""
    return Response(rust_json(error.to_dict()), error.status, error.headers, content_type=error.content_type)


@bp.post("/v1/images/generations")
def create_image():
    """Answer with n grey pictures of the size asked for, in base64, or a stream."""
    body = wire.json_body()
    context.note("ratelimit", False)  # images answers carry no x-ratelimit-* headers (recorded)
    try:
        return generate(body)
    except InvalidRequestError as error:
        return _refusal(error)


def generate(body):
    """Check a request, in the API's order, and answer it."""
    model = check_model(body, registry.resolve)
    check_unknown(body, PARAMETERS)
    check_prompt(model, body)
    req = check_rest(model, body)
    check_combinations(model, req)
    return answer(model, req)


def answer(model, req, image_tokens=0):
    """Answer with the pictures a checked request asks for; image_tokens: an edit's pictures'."""
    req = {**DEFAULTS, **req}
    return gpt_image_answer(family(model), req, int(time.time()), req.get("n", 1), image_tokens)


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


# What an edit reads of its form as numbers and booleans; everything else is text.
FORM_INTEGERS, FORM_BOOLEANS = ("n", "output_compression", "partial_images"), ("stream",)
FORM_INTEGER = re.compile(r"-?[0-9]{1,18}")  # anything else: a string that could not be converted (measured)
IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"RIFF": "image/webp"}
JSON_PICTURES = "Unknown parameter: '{key}'. For application/json on /v1/images/edits, use 'images' (array)."
FORM_PICTURES = "Unknown parameter: '{key}'. For multipart/form-data use 'image' or 'image[]'."


def form_body(form):
    """Read an edit's form fields as the JSON body a generation sends: numbers and booleans where they are."""
    body = {}
    for key, value in form.items(multi=False):
        if key in FORM_INTEGERS:
            body[key] = int(value) if FORM_INTEGER.fullmatch(value.strip()) else FormText(value)
        elif key in FORM_BOOLEANS and value.lower() in ("true", "false"):
            body[key] = value.lower() == "true"
        else:
            body[key] = value
    return body


def _picture_type(data):
    if data.startswith(b"RIFF") and data[8:12] != b"WEBP":  # a WAV, an AVI: RIFF, but not a picture
        return None
    return next((kind for magic, kind in IMAGE_TYPES.items() if data.startswith(magic)), None)


def check_uploads(uploads):
    """Refuse pictures the model cannot edit, in the wordings recorded for gpt-image-1; return how many."""
    if not uploads:
        raise InvalidRequestError("Missing required parameter: 'image'.", param="image",
                                  code="missing_required_parameter")  # guessed: as the JSON form's (measured)
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
    return len(uploads)


@bp.post("/v1/images/edits")
def create_edit():
    """Edit up to 16 pictures: multipart `image`/`image[]` files and a `mask`, or JSON `images` and `mask` objects
    (`{"image_url": ...}`); the generation's checks and answer, the pictures checked after the prompt."""
    form = request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded")
    body = form_body(request.form) if form else wire.json_body()
    context.note("ratelimit", False)
    try:
        model = check_model(body, registry.resolve)
        known = PARAMETERS | ({"input_fidelity"} if model.supports("input_fidelity") else set())
        if form:
            check_unknown({**body, **dict.fromkeys(request.files)}, known | {"image", "image[]", "mask"},
                          {"images": FORM_PICTURES})
        else:
            check_unknown(body, known | {"images", "mask"}, {"image": JSON_PICTURES, "image[]": JSON_PICTURES})
        check_prompt(model, body)
        if form:
            count = check_uploads(request.files.getlist("image") + request.files.getlist("image[]"))
        else:
            count = check_json_images(body)
        req = check_rest(model, body)
        check_combinations(model, req)
        return answer(model, req, images.INPUT_IMAGE_TOKENS * count)
    except InvalidRequestError as error:
        return _refusal(error)
