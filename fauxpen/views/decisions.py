"""POST /v1/decisions: typed answers (a probability, a choice, a score) to questions about an input, from gpt-6-luna.

The endpoint was opened in October 2026 (public beta, then generally available). Its shapes are the SDK's (openai
3.60) and its specification's key order; it answers and refuses in compact JSON, as recorded (a tracing library's
cassettes of October 2026: a 200 and a 400, no space anywhere). Another model than gpt-6-luna is refused as a value
the endpoint does not take ("Only gpt-6-luna is supported.", the SDK's docstring: the wording is a guess); an unknown
one as every endpoint refuses it (404).
"""
from flask import Blueprint

from .. import context, decision, registry, wire
from ..errors import InvalidRequestError, ModelNotFoundError
from ..schemas.decisions import load_decision_request
from . import indented_refusals
from .stored import compact

bp = Blueprint("decisions", __name__)


@bp.before_request
def proxied():
    """Answer with the headers of the stack the endpoint is served by (see wire.finish_response)."""
    context.note("proxied", True)


def refusal(obj, status=200, headers=None):
    """A refusal, compact, without rate-limit headers: the request is not counted (recorded, October 2026: a 400
    without them, and the answers around it taking nothing for it)."""
    context.note("ratelimit", False)
    return compact(obj, status, headers)


indented_refusals(bp, refusal)
MODEL = "gpt-6-luna"


@bp.post("/decisions")
def create_decision():
    """Answer each question in its order, after checking the body, the model and the input's size."""
    req = load_decision_request(wire.json_body())
    model = registry.resolve(req["model"])
    if model is None:
        raise ModelNotFoundError(req["model"])
    if not model.id.startswith(MODEL):
        raise InvalidRequestError(f"Invalid value: '{req['model']}'. Supported values are: '{MODEL}'.",
                                  param="model", code="invalid_value")
    counted = decision.input_tokens(model, req)
    if counted > model.context_length:  # quoted of a 1.2M-token input (October 2026)
        raise InvalidRequestError("Decision input exceeds the token limit.", param="input")
    context.note("tokens_used", counted)  # the limiter takes about the usage (372 and 378 for 373 and 377: recorded)
    return compact(decision.decision(model, req, counted))
