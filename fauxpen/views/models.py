"""GET /v1/models and GET /v1/models/{model}."""
from flask import Blueprint, jsonify

from .. import registry
from ..errors import NotFoundError

bp = Blueprint("models", __name__)


@bp.get("/models")
def list_models():
    """List every model fauxpen answers for."""
    return jsonify({"object": "list", "data": registry.listing()})


@bp.get("/models/<path:model>")
def retrieve_model(model):
    """Describe one model, or answer 404 as the real API does."""
    found = registry.model_object(model)
    if found is None:
        raise NotFoundError(f"The model '{model}' does not exist", param="model", code="model_not_found")
    return jsonify(found)
