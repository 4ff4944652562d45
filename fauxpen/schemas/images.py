"""Image requests (POST /v1/images/generations and /v1/images/edits): each field checked in the API's order.

The direct API was measured on 2026-08-29/30 (a third party's captures): it checks `model` first (missing, its
type, then a name it does not serve: `The model 'X' does not exist.`, dall-e-2 and dall-e-3 included), then a
parameter it does not know (`response_format`, `style`, `input_fidelity` on generations: every model's), the
prompt, an edit's pictures, `n`, then the rest (quality before output_compression before size, measured on
edits; the others' order among themselves is a guess). A null `n`, `output_compression`, `partial_images`,
`quality`, `size` or `stream` counts as left out; a null `model` or `prompt` is of the wrong type. Floats are
`a decimal number` in its type refusals, and a multipart number that is not one `a string value that could not
be converted into an integer`.
gpt-image-2 and its 2.5 variants draw any size within limits (their SDK's reference), and refuse one outside them
as the image model does (`Invalid size '9x9'. Width and height must both be divisible by 16.`, measured).
"""
import re

from ..errors import InvalidRequestError
from .fields import supported_values

# family -> what it takes: sizes (in the order its refusal lists them; None: free sizes), qualities, prompt length,
# and whether it draws a transparent background (gpt-image-2 does not: its SDK's reference).
MODELS = {
    "gpt-image-1": {"sizes": ("1024x1024", "1024x1536", "1536x1024", "auto"),
                    "qualities": ("low", "medium", "high", "auto"), "prompt": 32000},
    "gpt-image-2": {"sizes": None, "qualities": ("low", "medium", "high", "auto"), "prompt": 32000,
                    "transparent": False},
    "gpt-image-2.5": {"sizes": None, "qualities": ("low", "medium", "high", "xhigh", "max", "auto"), "prompt": 32000},
}
DEFAULTS = {"size": "auto", "quality": "auto"}
# What every model takes on generations and edits; edits add their pictures and, where the model takes it,
# input_fidelity.
PARAMETERS = frozenset(("model", "prompt", "n", "quality", "size", "user", "background", "moderation",
                        "output_format", "output_compression", "partial_images", "stream"))
CHOICES = {"output_format": ("png", "webp", "jpeg"), "moderation": ("auto", "low"),
           "background": ("transparent", "opaque", "auto"), "input_fidelity": ("high", "low")}
# The free sizes' limits (SDK reference; the pixel bounds from OpenAI's sizing guide, as quoted by Azure's docs).
EDGE_MULTIPLE, MAX_RATIO, MIN_PIXELS, MAX_PIXELS, MAX_EDGE = 16, 3, 655_360, 8_294_400, 3840
FREE_SIZE = re.compile(r"([0-9]{1,9})x([0-9]{1,9})")
MAX_EDIT_IMAGES = 16
_TYPE_NAMES = {type(None): "null", bool: "a boolean", int: "an integer", float: "a decimal number",
               str: "a string", list: "an array", dict: "an object"}


class FormText(str):
    """A multipart field the API reads as a number but could not convert (`n=abc`, `n=2.5`)."""


def family(model):
    """The model an image model draws as (gpt-image-1-mini, gpt-image-1.5: gpt-image-1's sizes, qualities, answer)."""
    return model.capabilities.get("image_family", model.id)


def _got(value):
    if isinstance(value, FormText):  # measured: no "instead"
        return "a string value that could not be converted into an integer"
    return _TYPE_NAMES.get(type(value), "a string") + " instead"


def _invalid_type(param, expected, value):
    return InvalidRequestError(f"Invalid type for '{param}': expected {expected}, but got {_got(value)}.",
                               param=param, code="invalid_type")


def _missing(param):
    return InvalidRequestError(f"Missing required parameter: '{param}'.", param=param,
                               code="missing_required_parameter")


def _invalid_value(param, value, choices):
    return InvalidRequestError(f"Invalid value: '{value}'. Supported values are: {supported_values(choices)}.",
                               param=param, code="invalid_value")


def _one_of(choices):
    """`one of 'low', 'medium', 'high', or 'auto'`: what an enum's type refusal expects (measured for quality)."""
    quoted = [f"'{choice}'" for choice in choices]
    return "one of " + (" or ".join(quoted) if len(quoted) <= 2 else ", ".join(quoted[:-1]) + ", or " + quoted[-1])


def check_model(body, resolve):
    """Return the image Model body names (resolve: name -> Model or None), or raise the API's refusal."""
    if "model" not in body:
        raise _missing("model")
    name = body["model"]
    if not isinstance(name, str):
        raise _invalid_type("model", "a string", name)
    model = resolve(name)
    if model is None or model.kind != "image":
        raise InvalidRequestError(f"The model '{name}' does not exist.", param="model", code="invalid_value",
                                  type="image_generation_user_error")
    return model


def check_unknown(body, known, misplaced=None):
    """Refuse the first key of body not in known: `Unknown parameter: 'x'.`; misplaced: a key -> its own message
    (an edit's pictures sent under the other form's name)."""
    for key in body:
        if misplaced and key in misplaced:
            raise InvalidRequestError(misplaced[key].format(key=key), param=key, code="invalid_value")
        if key not in known:
            raise InvalidRequestError(f"Unknown parameter: '{key}'.", param=key, code="unknown_parameter")


def check_prompt(model, body):
    """Refuse a missing prompt, one that is not a string, an empty one, or one over the model's limit."""
    if "prompt" not in body:
        raise _missing("prompt")
    prompt, limit = body["prompt"], MODELS[family(model)]["prompt"]
    if not isinstance(prompt, str):
        raise _invalid_type("prompt", "a string", prompt)
    if not prompt:  # a prompt of spaces is drawn (measured)
        raise InvalidRequestError("Invalid 'prompt': empty string. Expected a string with minimum length 1, but "
                                  "got an empty string instead.", param="prompt", code="empty_string")
    if len(prompt) > limit:
        raise InvalidRequestError(f"Invalid 'prompt': string too long. Expected a string with maximum length "
                                  f"{limit}, but got a string with length {len(prompt)} instead.", param="prompt",
                                  code="string_above_max_length")


def _integer(param, value, low, high):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _invalid_type(param, "an integer", value)
    for wrong, words, sign, bound, code in ((value < low, "below minimum", ">=", low, "integer_below_min_value"),
                                            (value > high, "above maximum", "<=", high, "integer_above_max_value")):
        if wrong:
            raise InvalidRequestError(f"Invalid '{param}': integer {words} value. Expected a value {sign} {bound}, "
                                      f"but got {value} instead.", param=param, code=code)
    return value


def _choice(param, value, choices):
    if not isinstance(value, str):  # the wording measured for quality; for the others a guess
        raise _invalid_type(param, _one_of(choices), value)
    if value not in choices:
        raise _invalid_value(param, value, choices)
    return value


def check_rest(model, body):
    """Check n, then the rest; return the request with what was left out (or null) left out."""
    spec, req = MODELS[family(model)], {"prompt": body["prompt"]}
    if body.get("n") is not None:
        req["n"] = _integer("n", body["n"], 1, 10)
    if body.get("quality") is not None:
        req["quality"] = _choice("quality", body["quality"], spec["qualities"])
    if body.get("output_compression") is not None:
        req["output_compression"] = _integer("output_compression", body["output_compression"], 0, 100)
    if body.get("partial_images") is not None:
        req["partial_images"] = _integer("partial_images", body["partial_images"], 0, 3)
    if body.get("size") is not None:
        req["size"] = check_size(spec, body["size"])
    for name in ("output_format", "moderation", "background", "input_fidelity"):
        if body.get(name) is not None:
            req[name] = _choice(name, body[name], CHOICES[name])
    if body.get("stream") is not None:
        if not isinstance(body["stream"], bool):
            raise _invalid_type("stream", "a boolean", body["stream"])
        req["stream"] = body["stream"]
    return req


def check_size(spec, size):
    if not isinstance(size, str):
        raise _invalid_type("size", "a string", size)
    if spec["sizes"] is not None and size not in spec["sizes"]:
        raise _invalid_value("size", size, spec["sizes"])
    if spec["sizes"] is None and size != "auto" and (refusal := free_size(size)):
        raise refusal
    return size


def _size_error(size, reason):
    return InvalidRequestError(f"Invalid size '{size}'. {reason}", param="size", code="invalid_value",
                               type="image_generation_user_error")


def free_size(size):
    """Refuse a size gpt-image-2 cannot draw: the image model's refusal, in the wordings measured or reported (the
    form, a multiple of 16, too few pixels, the longest edge), then the same way for the other limits (guessed)."""
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
    if max(width, height) > MAX_EDGE:  # before the pixel budget: 4096x4096 is refused for its edge (reported)
        return _size_error(size, f"The longest edge must be less than or equal to {MAX_EDGE}.")
    if width * height > MAX_PIXELS:
        return _size_error(size, "Requested resolution is above the current maximum pixel budget.")


def check_combinations(model, req):
    """Refuse what a GPT image model cannot draw as asked: a transparent JPEG, a compressed PNG (the codes are
    reported; the wordings are guesses), and gpt-image-2 a transparent picture at all (its SDK's reference; the
    wording is the codex backend's, measured)."""
    output_format = req.get("output_format") or "png"
    if req.get("background") == "transparent" and not MODELS[family(model)].get("transparent", True):
        raise InvalidRequestError("Transparent background is not supported for this model.", param="background",
                                  code="invalid_value", type="image_generation_user_error")
    if req.get("background") == "transparent" and output_format == "jpeg":
        raise InvalidRequestError("Transparent background requires output_format to be png or webp.",
                                  param="background", code="invalid_value")
    if req.get("output_compression") not in (None, 100) and output_format == "png":
        raise InvalidRequestError("output_compression less than 100 is not supported for png output_format.",
                                  param="output_compression", code="invalid_png_output_compression")


def check_json_images(body):
    """Check a JSON edit's pictures (`images: [{"image_url": ...}]`, `mask: {"image_url": ...}`); return how many.

    Measured: an object (invalid_type, param images), a string in it (images[0]), none (missing), [] (empty_array),
    null (invalid_type). The wordings but null's and the checks inside an item are guesses.
    """
    if "images" not in body:
        raise _missing("images")
    pictures = body["images"]
    if not isinstance(pictures, list):
        raise _invalid_type("images", "an array", pictures)
    if not pictures:
        raise InvalidRequestError("Invalid 'images': empty array. Expected an array with minimum length 1, but got "
                                  "an empty array instead.", param="images", code="empty_array")
    if len(pictures) > MAX_EDIT_IMAGES:
        raise InvalidRequestError(f"Invalid 'images': array too long. Expected an array with maximum length "
                                  f"{MAX_EDIT_IMAGES}, but got an array with length {len(pictures)} instead.",
                                  param="images", code="array_above_max_length")
    for index, picture in enumerate(pictures):
        _image_reference(f"images[{index}]", picture)
    if body.get("mask") is not None:  # a null mask is none (measured)
        _image_reference("mask", body["mask"])
    return len(pictures)


def _image_reference(param, value):
    """One picture of a JSON edit: an object with an image_url (a URL or a data URL) or a file_id."""
    if not isinstance(value, dict):
        raise _invalid_type(param, "an object", value)
    for key in value:
        if key not in ("image_url", "file_id"):
            raise InvalidRequestError(f"Unknown parameter: '{param}.{key}'.", param=f"{param}.{key}",
                                      code="unknown_parameter")
        if not isinstance(value[key], str):
            raise _invalid_type(f"{param}.{key}", "a string", value[key])
    if not value:
        raise _missing(f"{param}.image_url")
