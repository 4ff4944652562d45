"""POST /v1/images/generations and POST /v1/images/edits (multipart, or JSON with `images`).

/v1/images/variations is gone from the API (404 for every model, measured 2026-08-29), and with dall-e the
blob URLs of its answers: fauxpen answers it as any URL it does not serve.
"""
import base64
import json
import re
import time
import uuid

from flask import Blueprint, Response, request

from .. import context, images, wire
from ..errors import InvalidRequestError
from ..jsontext import rust_json
from ..schemas.images import family, load_image_request, picture_size
from ..tokens import count_tokens
from . import key_refusals_as_answers

bp = Blueprint("images", __name__)


# A key refused here is written as these endpoints write their JSON, with a challenge (recorded on
# /v1/images/generations, openai-dotnet's records of 2026).
key_refusals_as_answers(bp)


@bp.before_request
def images_headers():
    """Answer with the images endpoints' own headers (wire.finish_response)."""
    context.note("images", True)


@bp.post("/v1/images/generations")
def create_image():
    """Answer with n grey pictures of the size asked for, in base64, or a stream."""
    return respond(wire.json_body())


@bp.post("/v1/images/edits")
def create_edit():
    """Edit up to 16 pictures: multipart `image`/`image[]` files and a `mask`, or JSON `images` and `mask` objects
    (`{"image_url": ...}`); the generation's checks and answer, the pictures checked after the prompt."""
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        try:
            body = form_body()
        except InvalidRequestError as error:
            context.note("ratelimit", False)
            return refusal(error)
        return respond(body, "form")
    return respond(wire.json_body(), "json")


def form_body():
    """An edit's form as the body it stands for: its fields' text, and its files, the pictures (`image` and
    `image[]`) in one list, and the mask (`mask` or `mask[]`).

    An `image[]` field sent as text is a picture all the same, refused as a string where it stands (`Invalid type
    for 'image[0]': expected a file, but got a string instead.`, recorded in September 2026, litellm#39512, for a
    text field sent before the files); a form's parts are not kept in their order, so the text comes first, as
    httpx (which litellm sent it with) writes fields before files. `mask[]` is read as `mask`: a second value of
    it is refused (`Invalid parameter: 'mask'. This parameter already has a different value in your
    parameters.`, recorded for a `mask` file and a `mask[]` text, litellm#39512; its param and code, and the
    refusal of two files, are guesses). An indexed `image[N]` (as openai-node 4 wrote an array) is the list's
    item N, text or file: fifteen text fields `image[0]` to `image[14]` were refused as `Invalid type for
    'image[0]': expected a file, but got a string instead.` (gpt-image-1, August 2025, openllmetry-js's
    recordings), not as unknown parameters."""
    files = {key: request.files.getlist(key) for key in request.files}
    form = request.form
    indexed = sorted((int(match.group(1)), key) for key in {*form, *files}
                     if (match := _INDEXED_IMAGE.fullmatch(key)))
    pictures = form.getlist("image[]") + [picture for _, key in indexed
                                          for picture in form.getlist(key) + files.pop(key, [])] + \
        files.pop("image", []) + files.pop("image[]", [])
    mask_files = files.pop("mask", []) + files.pop("mask[]", [])
    mask_texts = form.getlist("mask") + form.getlist("mask[]")
    if len(mask_files) + len(mask_texts) > 1:
        raise InvalidRequestError("Invalid parameter: 'mask'. This parameter already has a different value in your "
                                  "parameters.", param="mask")
    fields = {key: value for key, value in form.to_dict().items()
              if key not in ("image[]", "mask", "mask[]") and not _INDEXED_IMAGE.fullmatch(key)}
    for key in [key for key in fields if _SVG_FIELD.fullmatch(key)]:  # svg[model], svg[reasoning][effort]: the SDK's
        *path, last = ["svg", *re.findall(r"\[(\w+)\]", key)]
        nested = fields
        for name in path:
            nested = nested.setdefault(name, {})
            if not isinstance(nested, dict):
                break
        else:
            nested[last] = fields.pop(key)
    mask = mask_files or mask_texts[:1]  # a file as its list, as the form's other files are; a text as it is
    return {**fields, **files, **({"image": pictures} if pictures else {}),
            **({"mask": mask if mask_files else mask[0]} if mask else {})}


_INDEXED_IMAGE = re.compile(r"image\[(\d+)\]")
_SVG_FIELD = re.compile(r"svg(\[\w+\])+")


def refusal(error):
    """An image request's refusal past its body's JSON, written as the answers are: indented, no newline at the
    end (recorded)."""
    return Response(rust_json(error.to_dict()), error.status, error.headers, content_type=error.content_type)


def respond(body, kind="generation"):
    """Answer an image request of a kind (see schemas.images.request_schema), or refuse it (refusal)."""
    context.note("ratelimit", False)  # images answers carry no x-ratelimit-* headers (recorded)
    try:
        model, req = load_image_request(body, kind)
    except InvalidRequestError as error:
        return refusal(error)
    pictures = req.get("images") or req.get("image") or ()  # an edit's, as JSON or as a form
    drawn_as = family(model)
    image_tokens = sum(images.input_picture_tokens(picture_size(picture), drawn_as) for picture in pictures)
    return gpt_image_answer(drawn_as, req, int(time.time()), req["n"], image_tokens, kind, model.capabilities)


def gpt_image_answer(drawn_as, req, created, count, image_tokens=0, kind="generation", capabilities=None):
    """A GPT image model's answer: base64 pictures and what it drew them with (auto resolved: the size asked,
    or 1024x1024; medium), and its usage, counted as the family it draws as (drawn_as) counts; kind: a
    generation, or an edit ("form" or "json"); capabilities: the model's, where they differ from its family's
    (each picture's `generation_id`, a UUID, on gpt-image-1-mini and gpt-image-1, recorded in September 2026, and
    on the gpt-image-2.5 and 2.6 models: gpt-image-2.5-sunburst's, recorded that month; 2.6's a guess)."""
    capabilities = capabilities or {}
    size = "1024x1024" if req["size"] == "auto" else req["size"]
    quality = "medium" if req["quality"] == "auto" else req["quality"]
    background = "transparent" if req.get("background") == "transparent" else "opaque"
    output_format = req.get("output_format", "png")
    picture = base64.b64encode(images.drawn(size, output_format, req.get("frame_count"),
                                            req.get("frame_duration_ms"))).decode()
    usage = images.gpt_image_usage(count_tokens(req["prompt"]), size, quality, count, image_tokens, drawn_as,
                                   capabilities)
    partial = partial_image_tokens(drawn_as)
    streamed = partial * req.get("partial_images", 0) if req.get("stream") else 0
    context.note("tokens_used", usage["total_tokens"] + streamed)
    drawn = {"background": background, "output_format": output_format, "quality": quality, "size": size}
    identifier = safety_identifier(req)
    said = {} if identifier is None else {"safety_identifier": identifier}
    if req.get("stream"):
        return Response(image_events(picture, drawn, created, req.get("partial_images", 0), usage, kind, said,
                                     partial),
                        content_type="text/event-stream; charset=utf-8")
    pictures = [{"b64_json": picture, "generation_id": str(uuid.uuid4())} if capabilities.get("generation_id")
                else {"b64_json": picture} for _ in range(count)]
    answer = {"created": created, "background": background, "data": pictures,
              "output_format": output_format, "quality": quality, **said, "size": size, "usage": usage}
    return Response(iter([rust_json(answer)]), content_type="application/json")


def safety_identifier(req):
    """The effective safety identifier the answer names (the SDK's docstring, late 2026): a non-empty
    safety_identifier, else a non-empty user; None (the key left out, as recorded answers have it) for neither."""
    for name in ("safety_identifier", "user"):
        if isinstance(req.get(name), str) and req[name]:
            return req[name]
    return None


# The output tokens a partial picture costs, by the family a model draws as: recorded streams count 100 for each on
# gpt-image-1 (March 2026: 1,056 + 2 x 100 at medium, 4,160 + 2 x 100 at high) and 77 on gpt-image-2 (braintrust-sdk's
# cassettes, September 2026: 273 for a generation's and an edit's streams of a low 1024x1024 picture with one partial
# picture, where an unstreamed one counts 196); the 2.5 family's as gpt-image-1's (unrecorded).
PARTIAL_IMAGE_TOKENS = {"gpt-image-1": 100, "gpt-image-2": 77}


def partial_image_tokens(drawn_as):
    """The output tokens a partial picture costs a model drawing as the family drawn_as."""
    return PARTIAL_IMAGE_TOKENS.get(drawn_as, PARTIAL_IMAGE_TOKENS["gpt-image-1"])


def image_events(picture, drawn, created, partials, usage, kind="generation", said=None,
                 partial=PARTIAL_IMAGE_TOKENS["gpt-image-1"]):
    """The stream of a GPT image model (recorded 2026): its partial pictures, then the picture, each event named
    image_edit.* for an edit and image_generation.* else, numbered from 0 across the stream; each partial picture
    adds partial to the output tokens (the model's PARTIAL_IMAGE_TOKENS, as the recorded usage counts them); said:
    the completed event's safety_identifier, if any (the SDK types it there alone)."""
    prefix = "image_edit" if kind in ("form", "json") else "image_generation"
    for index in range(partials):
        yield _event(f"{prefix}.partial_image", {"b64_json": picture, **drawn, "created_at": created,
                                                   "partial_image_index": index, "sequence_number": index})
    extra = partial * partials
    usage = {**usage, "output_tokens": usage["output_tokens"] + extra, "total_tokens": usage["total_tokens"] + extra}
    if "output_tokens_details" in usage:
        details = usage["output_tokens_details"]
        usage["output_tokens_details"] = {**details, "image_tokens": details["image_tokens"] + extra}
    yield _event(f"{prefix}.completed", {"b64_json": picture, **drawn, "created_at": created,
                                         "sequence_number": partials, "usage": usage, **(said or {})})


def _event(kind, fields):
    """An image stream's event: created_at and the type first, the rest in alphabetical order (recorded)."""
    ordered = {"created_at": fields.pop("created_at"), "type": kind, **dict(sorted(fields.items()))}
    return f"event: {kind}\ndata: {json.dumps(ordered, separators=(',', ':'))}\n\n".encode()
