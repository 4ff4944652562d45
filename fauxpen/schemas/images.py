"""The image generation request (POST /v1/images/generations): a marshmallow schema, then each model's rules.

What each model takes differs: dall-e-2 no longer knows `quality` and `style`, gpt-image-1 does not know
`response_format` or `style` (captured: `Unknown parameter: 'quality'.`), dall-e-3 draws one image a request
(captured: `You must provide n=1 for this model.`), and each has its sizes, qualities and prompt limit. dall-e's
prompt limit is worded as its old jsonschema layer words it, with the whole prompt in it (captured).
"""

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
}
DEFAULTS = {"dall-e-2": {"size": "1024x1024"}, "dall-e-3": {"size": "1024x1024", "quality": "standard"},
            "gpt-image-1": {"size": "auto", "quality": "auto"}}


def family(model):
    """The model an image model draws as (gpt-image-1-mini, gpt-image-1.5: gpt-image-1's sizes, qualities, answer)."""
    return model.capabilities.get("image_family", model.id)


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
    if req.get("size") is not None and req["size"] not in spec["sizes"]:
        return _invalid_value("size", req["size"], spec["sizes"])
    if req.get("quality") is not None and req["quality"] not in spec["qualities"]:
        return _invalid_value("quality", req["quality"], spec["qualities"])
    for name, allowed in (("style", ("vivid", "natural")), ("response_format", ("url", "b64_json")),
                          ("output_format", ("png", "webp", "jpeg")), ("moderation", ("auto", "low")),
                          ("background", ("transparent", "opaque", "auto"))):
        if req.get(name) is not None and req[name] not in allowed:
            return _invalid_value(name, req[name], allowed)


def combinations(model, req):
    """Refuse what gpt-image-1 cannot draw as asked: a transparent JPEG, a compressed PNG (the codes are
    reported; the wordings are guesses)."""
    output_format = req.get("output_format") or "png"
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
