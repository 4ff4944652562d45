"""The moderations request, as a marshmallow schema, with the wording of the real API's schema layer.

Like embeddings, moderations words its schema errors as the Python `jsonschema` package does, with a null
param and code (see schemas/embeddings.py). `input` is one of: a string; an array of strings, each moderated
on its own; or an array of text and image parts, moderated together (one result). An image is an
`image_url` part with a URL; the real API takes one image a request.
"""
from marshmallow import EXCLUDE, Schema, ValidationError

from ..errors import InvalidRequestError
from ..validation import load, ordered
from .embeddings import JsonSchemaType, ProblemField, schema_problem
from .fields import Problem, literal

MAX_IMAGES = 1
MAX_INPUTS = 2048


def _part(item):
    """Return a part as ("text", text) or ("image", url), or None for anything else."""
    if not isinstance(item, dict):
        return None
    kind = item.get("type")
    if kind == "text" and isinstance(item.get("text"), str):
        return "text", item["text"]
    image = item.get("image_url")
    if kind == "image_url" and isinstance(image, dict) and isinstance(image.get("url"), str):
        return "image", image["url"]
    return None


class ModerationInput(ProblemField):
    """Loads as a list of (texts, image URLs) pairs: one for each result the answer holds."""

    default_error_messages = {"null": schema_problem("None is not valid under any of the given schemas"),
                              "required": Problem("'input' is a required property", param=None)}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return [([value], [])]
        if isinstance(value, list) and value:
            if all(isinstance(item, str) for item in value):
                return [([item], []) for item in value]
            parts = [_part(item) for item in value]
            if None not in parts:
                return [([text for kind, text in parts if kind == "text"],
                         [url for kind, url in parts if kind == "image"])]
        raise ValidationError(schema_problem(f"{literal(repr(value))} is not valid under any of the given schemas"))


class ModerationRequest(Schema):
    """POST /v1/moderations."""

    class Meta:
        unknown = EXCLUDE

    input = ModerationInput(required=True)
    model = JsonSchemaType("string", allow_none=True)


def input_count(model, req):
    """Refuse more inputs than the embeddings endpoint takes (each is a whole result; the wording is a guess)."""
    if len(req["input"]) > MAX_INPUTS:
        return InvalidRequestError(f"Too many inputs: {len(req['input'])}. The maximum is {MAX_INPUTS}.",
                                   param="input")


def one_image(model, req):
    """Refuse more images than the model takes in one request (the real API's wording)."""
    count = sum(len(images) for _, images in req["input"])
    if count > MAX_IMAGES:
        return InvalidRequestError(f"Number of images ({count}) exceeds maximum of {MAX_IMAGES}", param="input",
                                   code="too_many_images")


MODERATION_RULES = ordered(input_count, one_image)

moderation_request = ModerationRequest()


def load_moderation_request(body):
    """Load a moderations request body, raising the one OpenAI error of an invalid request."""
    return load(moderation_request, body)
