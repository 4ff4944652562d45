"""Image requests (POST /v1/images/generations and /v1/images/edits): marshmallow schemas, in the API's order.

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
import base64
import re
from functools import cache, partial

from marshmallow import EXCLUDE, Schema, ValidationError, validates_schema
from werkzeug.datastructures import FileStorage

from .. import images, registry
from ..errors import InvalidRequestError
from ..rules import check
from ..validation import MISSING, given, load, ordered
from . import fields as f
from .fields import LEFT_OUT, Problem, literal

# family -> what it takes: sizes (in the order its refusal lists them; None: free sizes) and qualities. Every GPT
# image model draws a transparent background: gpt-image-2 in preview since August 2026 (the SDK's reference and
# OpenAI's changelog of 2026-08-20; it refused one before).
MODELS = {
    "gpt-image-1": {"sizes": ("1024x1024", "1024x1536", "1536x1024", "auto"),  # shut down; its family lives on
                    "qualities": ("low", "medium", "high", "auto")},
    "gpt-image-2": {"sizes": None, "qualities": ("low", "medium", "high", "auto")},
    "gpt-image-2.5": {"sizes": None, "qualities": ("low", "medium", "high", "xhigh", "max", "auto")},
}
MAX_PROMPT = 32000  # every GPT image model's
COMPLEXITIES = ("low", "medium", "high")  # the SDK's Literal, in its order
CHOICES = {"output_format": ("png", "webp", "jpeg"), "moderation": ("auto", "low"),
           "background": ("transparent", "opaque", "auto"), "input_fidelity": ("high", "low")}
# The free sizes' limits (SDK reference; the pixel bounds from OpenAI's sizing guide, as quoted by Azure's docs).
EDGE_MULTIPLE, MAX_RATIO, MIN_PIXELS, MAX_PIXELS, MAX_EDGE = 16, 3, 655_360, 8_294_400, 3840
FREE_SIZE = re.compile(r"([0-9]{1,9})x([0-9]{1,9})")
MAX_EDIT_IMAGES = 16
IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"RIFF": "image/webp"}
# An edit's pictures sent under the other form's name.
JSON_PICTURES = Problem("Unknown parameter: '{param}'. For application/json on /v1/images/edits, use 'images' (array).",
                        code="invalid_value")
FORM_PICTURES = Problem("Unknown parameter: '{param}'. For multipart/form-data use 'image' or 'image[]'.",
                        code="invalid_value")


def family(model):
    """The model an image model draws as (gpt-image-1-mini, gpt-image-1.5: gpt-image-1's sizes, qualities, answer)."""
    return model.capabilities.get("image_family", model.id)


class ImageBody(f.Body):
    """An image request's body, or an object in one: a float is `a decimal number` in its type refusals."""

    type_names = {**f.TYPE_NAMES, "number": "a decimal number"}


class ImageModel(f.String):
    """The image Model a request names; another name is refused by the image model, dall-e's included."""

    def _deserialize(self, value, attr, data, **kwargs):
        name = super()._deserialize(value, attr, data, **kwargs)
        model = registry.resolve(name)
        if model is None or model.kind != "image":
            raise ValidationError(Problem(f"The model '{literal(name)}' does not exist.", code="invalid_value",
                                          type="image_generation_user_error"))
        return model


class ModelOf(Schema):
    """What an image request is checked for first: its model (the rest is its model's schema's, request_schema)."""

    type_names = ImageBody.type_names

    class Meta:
        unknown = EXCLUDE

    model = ImageModel(required=True)


class ImageUrl(f.String):
    """A JSON edit's picture by URL: an http(s) URL (not fetched), or a base64 data URL of a PNG, JPEG or WebP,
    refused in the words of the API's image URL checks (reported 2026, on this endpoint for the MIME type; the
    other wordings are those checks' in chat and Responses)."""

    def _deserialize(self, value, attr, data, **kwargs):
        url = super()._deserialize(value, attr, data, **kwargs)
        if url.startswith(("https://", "http://")) and len(url) > url.index("//") + 2:
            return url
        problem = f.image_data_url_problem(url, "data:image/png;base64,...", lambda mime: mime in IMAGE_TYPES.values())
        if problem:
            raise ValidationError(problem)
        return url


class JsonPictureOf(f.NestedObject):
    """A JSON edit's picture (attr: its index): one whose data URL holds no PNG, JPEG or WebP is refused as a
    multipart picture that is none (Upload)."""

    def _deserialize(self, value, attr, data, **kwargs):
        picture = super()._deserialize(value, attr, data, **kwargs)
        head = _picture_bytes(picture)
        if head is not None and picture_type(head[:12]) is None:
            raise ValidationError(Problem(f"Invalid image file or mode for image {attr}, please check the your image "
                                          "file.", code="invalid_image_file", param=None))
        return picture


class JsonPicture(ImageBody):
    """One picture of a JSON edit: an object with an image_url (a URL or a data URL) or a file_id."""

    image_url = ImageUrl()
    file_id = f.String()

    @validates_schema
    def names_a_picture(self, data, **kwargs):
        if not data:
            raise ValidationError(MISSING, "image_url")


def picture_type(data):
    """The type of a picture by its first bytes (None: not a PNG, JPEG or WebP)."""
    if data.startswith(b"RIFF") and data[8:12] != b"WEBP":  # a WAV, an AVI: RIFF, but not a picture
        return None
    return next((kind for magic, kind in IMAGE_TYPES.items() if data.startswith(magic)), None)


class Upload(f.Strict):
    """A picture a multipart edit uploads (attr: its index), in the wordings recorded for gpt-image-1."""

    expected = "a file"
    types = (FileStorage,)

    def _deserialize(self, value, attr, data, **kwargs):
        upload = super()._deserialize(value, attr, data, **kwargs)
        kind = upload.mimetype or "application/octet-stream"
        if kind not in IMAGE_TYPES.values():
            raise ValidationError(Problem(
                f"Invalid file '{{param}}': unsupported mimetype ('{literal(kind)}'). Supported file formats are "
                "'image/jpeg', 'image/png', and 'image/webp'.", code="unsupported_file_mimetype"))
        if picture_type(upload.stream.read(12)) is None:
            raise ValidationError(Problem(f"Invalid image file or mode for image {attr}, please check the your image "
                                          "file.", code="invalid_image_file", param=None))
        return upload


def free_size_problem(size, output_format=None):
    """Why gpt-image-2 cannot draw a size (None: it can) in an output format: the image model's reasons, in the
    wordings measured or reported (the form, a multiple of 16, too few pixels, the longest edge), then the others'
    (guessed). A GIF's frames are smaller (2.6's: 384x384 and 512x288 are among a client's choices, Nov 2026): its
    size has no pixel minimum (the GIF limits the SDK names are not known)."""
    match = FREE_SIZE.fullmatch(size)
    if not match or "0" in (match[1][0], match[2][0]):  # no size, or an edge of 0 or with a leading 0
        return "Expected WIDTHxHEIGHT, for example '1824x1024'."
    width, height = int(match[1]), int(match[2])
    if width % EDGE_MULTIPLE or height % EDGE_MULTIPLE:
        return "Width and height must both be divisible by 16."
    if max(width, height) > MAX_RATIO * min(width, height):
        return "The aspect ratio must be between 1:3 and 3:1."
    if width * height < (0 if output_format == "gif" else MIN_PIXELS):
        return "Requested resolution is below the current minimum pixel budget."
    if max(width, height) > MAX_EDGE:  # before the pixel budget: 4096x4096 is refused for its edge (reported)
        return f"The longest edge must be less than or equal to {MAX_EDGE}."
    if width * height > MAX_PIXELS:
        return "Requested resolution is above the current maximum pixel budget."
    return None


class FreeSize(f.String):
    """A size of gpt-image-2's: auto, or any WIDTHxHEIGHT within its limits for the output format (free_size_problem);
    another is refused by the image model."""

    def _deserialize(self, value, attr, data, **kwargs):
        size = super()._deserialize(value, attr, data, **kwargs)
        output_format = data.get("output_format") if isinstance(data, dict) else None
        reason = size != "auto" and free_size_problem(size, output_format)
        if reason:
            raise ValidationError(Problem(f"Invalid size '{literal(size)}'. {reason}", code="invalid_value",
                                          type="image_generation_user_error"))
        return size


class JsonEdit(ImageBody):
    """An edit sent as JSON: its pictures are `images`, never `image`."""

    hints = {"image": JSON_PICTURES, "image[]": JSON_PICTURES}


class FormEdit(ImageBody):
    """An edit sent as a multipart form: its pictures are `image` or `image[]`, never `images`."""

    hints = {"images": FORM_PICTURES}


# An edit's pictures and mask, sent as JSON or as a multipart form (fields are copied for each schema that has them).
PICTURES = {"json": {"images": f.Array(JsonPictureOf(JsonPicture), max_length=MAX_EDIT_IMAGES,
                                       required=True)},
            "form": {"image": f.Array(Upload(), max_length=MAX_EDIT_IMAGES, required=True)}}
MASKS = {"json": {"mask": f.NestedObject(JsonPicture, null=LEFT_OUT)}, "form": {"mask": f.Strict(null=LEFT_OUT)}}
# An edit's markup (the SDK's, Nov 2026: a transparent PNG drawn over the first picture), a file as the mask is; as
# JSON an object as the mask is (a guess: the SDK sends edits as forms). Every model's edit knows it (see markup_fits).
MARKUPS = {"json": {"markup": f.NestedObject(JsonPicture, null=LEFT_OUT)}, "form": {"markup": f.Strict(null=LEFT_OUT)}}


# What a model that draws animations and vectors (2.6: released 2026-11-04) takes besides: `gif` and `svg`, in the
# SDK's order (openai 3.63), a GIF's frames (2 to 16) and their time, an SVG's author model and its reasoning.
ANIMATED_FORMATS = ("gif", "svg")
MIN_FRAMES, MAX_FRAMES = 2, 16
SVG_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")


class SvgReasoning(ImageBody):
    effort = f.OneOf(SVG_EFFORTS, allow_none=True)


class Svg(ImageBody):
    """The SVG's author: its model (not looked up: it names a text model) and its reasoning."""

    model = f.String()
    reasoning = f.NestedObject(SvgReasoning, allow_none=True)


@cache
def request_schema(drawn_as, kind="generation", input_fidelity=False, animated=False):
    """The schema of an image request to a model of family drawn_as (checked first: see ModelOf); kind: a
    "generation", or an edit sent as "json" or as a multipart "form"; input_fidelity: whether the model takes it;
    animated: whether it draws GIFs and SVGs (their settings, as the SDK types them, are unknown parameters elsewhere).

    Its fields are checked in the order the API checks them: the prompt, an edit's pictures, n, then the rest.
    Every parameter but the model, the prompt and the pictures is left out when null (measured for n,
    output_compression, partial_images, quality, size and stream; the others' null is taken the same way);
    `user` is not checked (measured).
    """
    spec, form = MODELS[drawn_as], kind == "form"
    integer, boolean = (f.FormInteger, f.FormBoolean) if form else (f.Integer, f.Boolean)
    size = partial(f.Enum, spec["sizes"]) if spec["sizes"] else FreeSize
    fields = {
        "model": f.Strict(),
        "prompt": f.String(required=True, allow_empty=False, max_length=MAX_PROMPT),
        **PICTURES.get(kind, {}),
        "n": integer(minimum=1, maximum=10, null=LEFT_OUT, load_default=1),
        "quality": f.OneOf(spec["qualities"], null=LEFT_OUT, load_default="auto"),  # its type wording: measured
        # The SDK's (Nov 2026): planning apart from quality, taken on every model (its docstring refuses none; only
        # 2.6 is said to use it), not echoed (ImagesResponse has no such key); its place in the order is a guess.
        "complexity": f.OneOf(COMPLEXITIES, null=LEFT_OUT),
        "output_compression": integer(minimum=0, maximum=100, null=LEFT_OUT),
        "partial_images": integer(minimum=0, maximum=3, null=LEFT_OUT),
        "size": size(null=LEFT_OUT, load_default="auto"),
        "output_format": f.OneOf(CHOICES["output_format"] + (ANIMATED_FORMATS if animated else ()), null=LEFT_OUT),
        **{name: f.OneOf(CHOICES[name], null=LEFT_OUT) for name in ("moderation", "background")},
        **({"frame_count": integer(minimum=MIN_FRAMES, maximum=MAX_FRAMES, null=LEFT_OUT),
            "frame_duration_ms": integer(minimum=0, null=LEFT_OUT),
            "svg": f.NestedObject(Svg, null=LEFT_OUT)} if animated else {}),
        **({"input_fidelity": f.OneOf(CHOICES["input_fidelity"], null=LEFT_OUT)} if input_fidelity else {}),
        "stream": boolean(null=LEFT_OUT),
        "user": f.Strict(null=LEFT_OUT),
        "safety_identifier": f.String(null=LEFT_OUT),  # the SDK's (late 2026): named in the answer (views.images)
        **MASKS.get(kind, {}),
        **MARKUPS.get(kind, {}),
    }
    return {"json": JsonEdit, "form": FormEdit}.get(kind, ImageBody).from_dict(fields)()


@given("background")
def transparency(model, req):
    """Refuse a transparent JPEG (the code is reported; the wording is a guess)."""
    if req["background"] == "transparent" and req.get("output_format") == "jpeg":
        return InvalidRequestError("Transparent background requires output_format to be png or webp.",
                                   param="background", code="invalid_value")


@given("output_compression")
def png_compression(model, req):
    """Refuse a compressed PNG (the code is reported; the wording is a guess)."""
    if req["output_compression"] != 100 and req.get("output_format", "png") == "png":
        return InvalidRequestError("output_compression less than 100 is not supported for png output_format.",
                                   param="output_compression", code="invalid_png_output_compression")


def _picture_bytes(picture):
    """The first bytes of an edit's picture or mask (an upload, or a JSON object's data URL); None for a URL or a
    file_id, which fauxpen does not read."""
    if isinstance(picture, list) and picture:  # a form's field, as its files' list
        picture = picture[0]
    if isinstance(picture, FileStorage):
        picture.stream.seek(0)
        head = picture.stream.read(MASK_READ)
        picture.stream.seek(0)
        return head
    url = picture.get("image_url") or "" if isinstance(picture, dict) else ""
    # Only as much of the base64 as holds those bytes is decoded (a data URL, checked by ImageUrl, may be large).
    return base64.b64decode(url.partition(",")[2][:MASK_READ // 3 * 4]) if url.startswith("data:") else None


MASK_READ = 65536  # as far as a picture is read for its size: a JPEG's frame header may follow its metadata


def picture_size(picture):
    """The (width, height) of an edit's picture (an upload, or a JSON object's data URL), None where fauxpen does
    not read it (a URL, a file_id, a header that does not say)."""
    head = _picture_bytes(picture)
    header = head and images.picture_header(head)
    return header[:2] if header else None


def _mask_problem(text):
    return InvalidRequestError(f"Invalid mask image format - {text}", type="image_generation_user_error",
                               code="invalid_mask_image_format")  # reported, with no param


@given("mask")
def mask_fits(model, req):
    """Refuse a mask without an alpha channel (a JPEG's included), then one of another size than the first
    picture, in the reported words (a mask or picture fauxpen does not read passes)."""
    return _overlay_problem(req, "mask", _mask_problem)


def _overlay_problem(req, name, problem):
    """The problem of a picture laid over the first (a mask, a markup): no alpha channel, or another size."""
    overlay = _picture_bytes(req[name])
    overlay = overlay and images.picture_header(overlay)
    if not overlay:
        return None
    if not overlay[2]:
        return problem(f"{name} image missing alpha channel")
    pictures = req.get("image") or req.get("images") or ()
    first = pictures and _picture_bytes(pictures[0])
    first = first and images.picture_header(first)
    if first and first[:2] != overlay[:2]:
        return problem(f"{name} size does not match image size")
    return None


def _markup_problem(text):
    return InvalidRequestError(f"Invalid markup image format - {text}", type="image_generation_user_error",
                               code="invalid_markup_image_format")  # a guess, worded as the mask's reported one


@given("markup")
def markup_fits(model, req):
    """Refuse a markup the SDK's docstring rules out: on a model it does not name (it "Supports GPT Image 2.5"; 2.6
    by OpenAI's release), with a mask ("Cannot be combined with mask"), without an alpha channel ("a transparent
    PNG"), or of another size than the first picture ("Must match that image's dimensions"); every wording is a
    guess. A markup fauxpen does not read passes, as a mask does; EXIF orientation is not read."""
    if not model.supports("markup"):
        return InvalidRequestError("Markup is not supported for this model.", param="markup", code="invalid_value",
                                   type="image_generation_user_error")
    if req.get("mask") is not None:
        return InvalidRequestError("'markup' cannot be combined with 'mask'.", param="markup", code="invalid_value",
                                   type="image_generation_user_error")
    return _overlay_problem(req, "markup", _markup_problem)


@given("stream")
def one_picture_streamed(model, req):
    """Refuse a stream of more than one picture (reported, July 2026; the param is a guess)."""
    if req.get("stream") and req["n"] > 1:
        return InvalidRequestError("Streaming is only supported with n=1.", param="n")


@given("output_format")
def animated_limits(model, req):
    """Refuse what a GIF or an SVG is not drawn with, as the SDK's docstrings say (openai 3.63): "GIF output does
    not support streaming, partial images, masks, or custom output compression" and "SVG generation requires n=1
    and does not support streaming, partial images, prompt_rewriter, or output_compression" (a partial picture
    is one of partial_images greater than 0, a custom compression one other than the default 100, as the
    Responses tool's docstring words them). Without the refusal a stream of one carried an output_format the SDK's
    ImageGen and ImageEdit events do not type. The wordings, params, codes and order are guesses, worded as the
    reported `Streaming is only supported with n=1.` and the png refusal of a compression below 100."""
    kind = req["output_format"]
    if kind not in ANIMATED_FORMATS:
        return None
    if req.get("stream"):
        return InvalidRequestError(f"Streaming is not supported with output_format '{kind}'.", param="stream")
    if kind == "svg" and req["n"] > 1:
        return InvalidRequestError("SVG output is only supported with n=1.", param="n")
    if req.get("partial_images", 0) > 0:
        return InvalidRequestError(f"Partial images are not supported with output_format '{kind}'.",
                                   param="partial_images")
    if req.get("output_compression", 100) != 100:
        return InvalidRequestError(f"output_compression less than 100 is not supported for {kind} output_format.",
                                   param="output_compression", code="invalid_value")
    if kind == "gif" and req.get("mask") is not None:
        return InvalidRequestError("Masks are not supported with output_format 'gif'.", param="mask")
    return None


IMAGE_RULES = ordered(transparency, png_compression, mask_fits, markup_fits, animated_limits, one_picture_streamed)
model_of = ModelOf()


def load_image_request(body, kind="generation"):
    """Return the image Model a body names and its request, or raise the one OpenAI error of an invalid one: the
    model's first, then its schema's (see request_schema), then what it cannot draw as asked (IMAGE_RULES)."""
    model = load(model_of, body)["model"]
    req = load(request_schema(family(model), kind, kind != "generation" and model.supports("input_fidelity"),
                              model.supports("animated")), body)
    check(IMAGE_RULES, model, req)
    return model, req
