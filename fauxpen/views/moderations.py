"""POST /v1/moderations."""
from flask import Blueprint, Response

from .. import context, ids, moderation, registry, rules, wire
from ..moderation import DEFAULT_MODEL
from ..schemas.moderations import MODERATION_RULES, load_moderation_request

bp = Blueprint("moderations", __name__)


def moderation_model(body):
    """Return the name of the moderation model a request names (the default when it names none).

    The text-moderation models were retired in October 2025: the real API answers them with the recorded
    400 (moderation.model_refusal). It answers other models' names with a 500; fauxpen gives them the same 400.
    A name that is not a string is left to the schema.
    """
    name = body.get("model") if isinstance(body, dict) else None
    if name is None:
        return DEFAULT_MODEL
    if not isinstance(name, str):
        return name
    model = registry.resolve(name)
    if model is None and not name.startswith("text-moderation-"):
        raise registry.unknown_model(name)
    if model is None or model.kind != "moderation":
        raise moderation.model_refusal(name)
    return name


@bp.post("/moderations")
def create_moderation():
    """Answer with one result per input (or one for a set of text and image parts): never flagged."""
    body = wire.json_body()
    # The real API sends no x-ratelimit-* headers with moderations.
    context.note("ratelimit", False)
    name = moderation_model(body)
    req = load_moderation_request(body)
    rules.check(MODERATION_RULES, registry.resolve(name), req)
    results = [moderation.result(texts, images) for texts, images in req["input"]]
    return Response(moderation.moderation_json(ids.moderation_id(), name, results), content_type="application/json")
