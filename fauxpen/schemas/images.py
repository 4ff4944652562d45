"""The image generation request (POST /v1/images/generations): a marshmallow schema, then each model's rules.

What each model takes differs: dall-e-2 no longer knows `quality` and `style`, gpt-image-1 does not know
`response_format` or `style` (captured: `Unknown parameter: 'quality'.`), dall-e-3 draws one image a request
(captured: `You must provide n=1 for this model.`), and each has its sizes, qualities and prompt limit. dall-e's
prompt limit is worded as its old jsonschema layer words it, with the whole prompt in it (captured).
gpt-image-2 and its 2.5 variants draw any size within limits (their SDK's reference), and refuse one outside them
as the image model does (`Invalid size '1792x936'. Width and height must both be divisible by 16.`, reported).
"""
import re


from ..errors import InvalidRequestError
from ..validation import MISSING, load, ordered
from . import fields as f
from .fields import supported_values


class ImageRequest(f.Body):
    """POST /v1/images/generations: the types every model checks."""

    prompt = f.String(required=True, error_messages={"null": MISSING})
    model = f.String(allow_none=True)
    n = f.Integer(minimum=1, maximum=10, allow_none=True)
    quality = f.String(allow_none=True)
    response_format = f.String(allow_none=True)
    size = f.String(allow_none=True)
    style = f.String(allow_none=True)
    user = f.String(allow_none=True)
    background = f.String(allow_none=True)
    moderation = f.String(allow_none=True)
    output_format = f.String(allow_none=True)
    output_compression = f.Integer(minimum=0, maximum=100, allow_none=True)
    partial_images = f.Integer(minimum=0, maximum=3, allow_none=True)
    stream = f.Boolean(allow_none=True)


image_request = ImageRequest()

# model id -> what it takes: sizes (in the order its refusal lists them), qualities, prompt length, and the
# parameters it does not know.
DALLE_ONLY = ("response_format",)
GPT_IMAGE_ONLY = ("background", "moderation", "output_format", "output_compression", "partial_images", "stream")
MODELS = {
    "dall-e-2": {"sizes": ("256x256", "512x512", "1024x1024"), "qualities": None, "prompt": 1000,
                 "unknown": ("quality", "style", *GPT_IMAGE_ONLY)},
    "dall-e-3": {"sizes": ("1024x1024", "1024x1792", "1792x1024"), "qualities": ("standard", "hd"), "prompt": 4000,
                 "unknown": GPT_IMAGE_ONLY},
    "gpt-image-1": {"sizes": ("1024x1024", "1024x1536", "1536x1024", "auto"),
                    "qualities": ("low", "medium", "high", "auto"), "prompt": 32000, "unknown": ("style", *DALLE_ONLY)},
    # sizes None: any WIDTHxHEIGHT within FREE_SIZE_LIMITS, or auto; transparent: whether it draws a transparent
    # background (gpt-image-2 does not: its SDK's reference).
    "gpt-image-2": {"sizes": None, "qualities": ("low", "medium", "high", "auto"), "prompt": 32000,
                    "unknown": ("style", *DALLE_ONLY), "transparent": False},
    "gpt-image-2.5": {"sizes": None, "qualities": ("low", "medium", "high", "xhigh", "max", "auto"), "prompt": 32000,
                      "unknown": ("style", *DALLE_ONLY)},
}
DEFAULTS = {"dall-e-2": {"size": "1024x1024"}, "dall-e-3": {"size": "1024x1024", "quality": "standard"},
            "gpt-image-1": {"size": "auto", "quality": "auto"}, "gpt-image-2": {"size": "auto", "quality": "auto"},
            "gpt-image-2.5": {"size": "auto", "quality": "auto"}}
# The free sizes' limits (SDK reference; the pixel bounds from OpenAI's sizing guide, as quoted by Azure's docs).
EDGE_MULTIPLE, MAX_RATIO, MIN_PIXELS, MAX_PIXELS, MAX_EDGE = 16, 3, 655_360, 8_294_400, 3840
FREE_SIZE = re.compile(r"([0-9]{1,9})x([0-9]{1,9})")


def family(model):
    """The model an image model draws as (gpt-image-1-mini, gpt-image-1.5: gpt-image-1's sizes, qualities, answer)."""
    return model.capabilities.get("image_family", model.id)


def gpt_image(model):
    """Tell whether an image model answers as the GPT image models do (base64, what it drew, usage)."""
    return family(model).startswith("gpt-image")


def _invalid_value(param, value, choices):
    return InvalidRequestError(f"Invalid value: '{value}'. Supported values are: {supported_values(choices)}.",
                               param=param, code="invalid_value")


def not_known(model, req):
    """Refuse what the model does not take: `Unknown parameter: 'quality'.` (captured for dall-e-2)."""
    for name in MODELS[family(model)]["unknown"]:
        if req.get(name) is not None:
            return InvalidRequestError(f"Unknown parameter: '{name}'.", param=name, code="unknown_parameter")


def prompt_length(model, req):
    limit, prompt = MODELS[family(model)]["prompt"], req["prompt"]
    if not prompt:
        return InvalidRequestError("Invalid 'prompt': empty string. Expected a string with minimum length 1, but "
                                   "got an empty string instead.", param="prompt", code="empty_string")
    if len(prompt) > limit and family(model).startswith("dall-e"):
        return InvalidRequestError(f"{prompt!r} is too long - 'prompt'")  # jsonschema prints the value's repr
    if len(prompt) > limit:
        return InvalidRequestError(f"Invalid 'prompt': string too long. Expected a string with maximum length "
                                   f"{limit}, but got a string with length {len(prompt)} instead.", param="prompt",
                                   code="string_above_max_length")


def one_image(model, req):
    if family(model) == "dall-e-3" and req.get("n") not in (None, 1):
        return InvalidRequestError("You must provide n=1 for this model.")


def choices(model, req):
    """Refuse a size or quality the model does not draw, then a style or a format of the answer it has not."""
    spec = MODELS[family(model)]
    if req.get("size") is not None and spec["sizes"] is None:
        if req["size"] != "auto" and (refusal := free_size(req["size"])):
            return refusal
    elif req.get("size") is not None and req["size"] not in spec["sizes"]:
        return _invalid_value("size", req["size"], spec["sizes"])
    if req.get("quality") is not None and req["quality"] not in spec["qualities"]:
        return _invalid_value("quality", req["quality"], spec["qualities"])
    for name, allowed in (("style", ("vivid", "natural")), ("response_format", ("url", "b64_json")),
                          ("output_format", ("png", "webp", "jpeg")), ("moderation", ("auto", "low")),
                          ("background", ("transparent", "opaque", "auto"))):
        if req.get(name) is not None and req[name] not in allowed:
            return _invalid_value(name, req[name], allowed)


def _size_error(size, reason):
    return InvalidRequestError(f"Invalid size '{size}'. {reason}", param="size", code="invalid_value",
                               type="image_generation_user_error")


def free_size(size):
    """Refuse a size gpt-image-2 cannot draw: the image model's refusal, first what it was reported to say (the
    form, a multiple of 16, too few pixels), then the same way for the other limits (guessed)."""
    match = FREE_SIZE.fullmatch(size)
    if not match or "0" in (match[1][0], match[2][0]):  # no size, or an edge of 0 or with a leading 0
        return _size_error(size, "Expected WIDTHxHEIGHT, for example '1824x1024'.")
    width, height = int(match[1]), int(match[2])
    if width % EDGE_MULTIPLE or height % EDGE_MULTIPLE:
        return _size_error(size, "Width and height must both be divisible by 16.")
    if max(width, height) > MAX_RATIO * min(width, height):
        return _size_error(size, "The aspect ratio must be between 1:3 and 3:1.")
    if width * height < MIN_PIXELS:
        return _size_error(size, "Requested resolution is below the current minimum pixel budget.")
    if width * height > MAX_PIXELS:
        return _size_error(size, "Requested resolution is above the current maximum pixel budget.")
    if max(width, height) > MAX_EDGE:
        return _size_error(size, f"Width and height must be at most {MAX_EDGE} pixels.")


def combinations(model, req):
    """Refuse what a GPT image model cannot draw as asked: a transparent JPEG, a compressed PNG (the codes are
    reported; the wordings are guesses), and gpt-image-2 a transparent picture at all (its SDK's reference says
    it refuses one; the wording is a guess, the type and code those a proxy reports)."""
    output_format = req.get("output_format") or "png"
    if req.get("background") == "transparent" and not MODELS[family(model)].get("transparent", True):
        return InvalidRequestError("Transparent background is not supported for this model.", param="background",
                                   code="invalid_value", type="image_generation_user_error")
    if req.get("background") == "transparent" and output_format == "jpeg":
        return InvalidRequestError("Transparent background requires output_format to be png or webp.",
                                   param="background", code="invalid_value")
    if req.get("output_compression") not in (None, 100) and output_format == "png":
        return InvalidRequestError("output_compression less than 100 is not supported for png output_format.",
                                   param="output_compression", code="invalid_png_output_compression")


IMAGE_RULES = ordered(not_known, prompt_length, one_image, choices, combinations)


def load_image_request(body):
    """Load an image generation request body, raising the one OpenAI error of an invalid request."""
    return load(image_request, body)
