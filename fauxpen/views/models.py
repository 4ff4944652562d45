"""GET /v1/models and GET /v1/models/{model}."""
import uuid
from operator import itemgetter

from flask import Blueprint, g, jsonify

from .. import context, registry, wire
from ..errors import AuthenticationError, OpenAIError, json_response
from . import AUTH_CHALLENGE, indented, release

bp = Blueprint("models", __name__)


@bp.errorhandler(AuthenticationError)
def refuse_key(error):
    """A refused key, as the models endpoint refuses it: a bare UUID for the request id and plain application/json
    (three recordings of GET /v1/models with a wrong key, September 2026), with the challenge, exposing
    X-Request-ID and readable by any origin, unlike chat's (curl, August 2026)."""
    release(error)
    g.request_id = str(uuid.uuid4())
    context.note("exposed", wire.EXPOSED_REQUEST_ID)
    context.note("readable", True)
    return json_response(error.body(), error.status, "application/json",
                         {**(error.headers or {}), "WWW-Authenticate": AUTH_CHALLENGE})


@bp.get("/models")
def list_models():
    """List every model fauxpen answers for, written as the API writes the list: indented by two, no newline at the
    end (raw recordings of April and July 2025), as a model is (2023); oldest first (a listing of 138 models,
    September 2026, in the order of their `created`, where 2025's were in no order)."""
    return indented({"object": "list", "data": sorted(registry.listing(), key=itemgetter("created"))})


class UnknownModelError(OpenAIError):
    """The 404 of a model the API does not have, written as the API writes it (not as the front layer writes a
    request's unknown model): indented by two, plain application/json; a retrieve's with no newline at the end, as
    a model is, a delete's with one (the refusal's usual layout). Recorded lengths: 162 and 163 bytes for fake_id
    (openai-dotnet's GetModelCanParseServiceError and DeleteModelCanParseServiceError, September 2025)."""

    status = 404

    def __init__(self, model):
        super().__init__(f"The model '{model}' does not exist", param="model", code="model_not_found")


@bp.get("/models/<path:model>")
def retrieve_model(model):
    """Describe one model, or answer 404 as the real API does."""
    found = registry.model_object(model)
    if found is None:
        unknown = UnknownModelError(model)
        return indented(unknown.to_dict(), unknown.status)
    return indented(found)


@bp.delete("/models/<path:model>")
def delete_model(model):
    """Delete a fine-tuned model the organization made; the API's own models cannot be deleted."""
    if registry.resolve(model) is None:
        raise UnknownModelError(model)
    if not registry.made["delete"](model):
        raise PermissionDeniedError()
    return jsonify({"id": model, "object": "model", "deleted": True})


class PermissionDeniedError(OpenAIError):
    """A 403: the model is the API's (the wording is a guess)."""

    status = 403

    def __init__(self):
        super().__init__("You do not have permission to delete this model.", code="model_not_deletable")
