"""POST /v1/images/generations, and the blobs its URLs point at (GET /private/...: not under /v1, as they stand
for another host's)."""
import base64
import json
import time

from flask import Blueprint, Response, request

from .. import context, images, registry, rules, wire
from ..errors import InvalidRequestError, NotFoundError
from ..schemas.images import DEFAULTS, IMAGE_RULES, load_image_request
from ..tokens import count_tokens

bp = Blueprint("images", __name__)

DEFAULT_MODEL = "dall-e-2"  # what the API draws with when a request names no model (its reference)


def image_model(req):
    """Return the image Model a request names; any other name gets the real API's 400 (captured)."""
    name = req.get("model") or DEFAULT_MODEL
    model = registry.resolve(name)
    if model is None or model.kind != "image":
        raise InvalidRequestError(f"Invalid model {name}. The model argument should be left blank.")
    return model


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
        return Response(images.pretty_json(error.to_dict()), error.status, error.headers,
                        content_type=error.content_type)


def generate(body):
    """Check a request and answer it."""
    req = load_image_request(body)
    model = image_model(req)
    rules.check(IMAGE_RULES, model, req)
    req = {**DEFAULTS[model.id], **{key: value for key, value in req.items() if value is not None}}
    created, count = int(time.time()), req.get("n", 1)
    if model.id == "gpt-image-1":
        return gpt_image_answer(req, created, count)
    size = req["size"]
    if req.get("response_format") == "b64_json":
        item = {"b64_json": base64.b64encode(images.picture(size)).decode()}
    else:
        item = None
    data = []
    for _ in range(count):
        entry = dict(item) if item else {}
        if model.id == "dall-e-3":
            entry["revised_prompt"] = req["prompt"]
        if not item:
            entry["url"] = images.blob_url(request.host_url, created, size)
        data.append(entry)
    return Response(iter([images.pretty_json({"created": created, "data": data})]),
                    content_type="application/json")


def gpt_image_answer(req, created, count):
    """gpt-image-1's answer: base64 pictures and what it drew them with (auto resolved), and its usage."""
    size = "1024x1024" if req["size"] == "auto" else req["size"]
    quality = "medium" if req["quality"] == "auto" else req["quality"]
    background = "transparent" if req.get("background") == "transparent" else "opaque"
    output_format = req.get("output_format", "png")
    picture = base64.b64encode(images.picture(size, output_format)).decode()
    usage = images.gpt_image_usage(count_tokens(req["prompt"]), size, quality, count)
    context.note("tokens_used", usage["total_tokens"])
    drawn = {"background": background, "output_format": output_format, "quality": quality, "size": size}
    if req.get("stream"):
        return Response(image_events(picture, drawn, created, count, req.get("partial_images", 0), usage),
                        content_type="text/event-stream; charset=utf-8")
    answer = {"created": created, "background": background, "data": [{"b64_json": picture}] * count,
              "output_format": output_format, "quality": quality, "size": size, "usage": usage}
    return Response(iter([images.pretty_json(answer)]), content_type="application/json")


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
