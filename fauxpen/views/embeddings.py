"""POST /v1/embeddings."""
from flask import Blueprint, Response

from .. import context, embedding, registry, rules, wire
from ..errors import GatewayError, IncorrectAPIKeyError, MissingModelError
from ..schemas.embeddings import EMBEDDING_RULES, load_embedding_request
from . import ANY_ORIGIN, front_layer_refusal, key_refusals_as_text, note_model_headers

bp = Blueprint("embeddings", __name__)
# A wrong sk- key is refused as chat refuses it, as text with the body again in x-error-json (a client's log of an
# embeddings call, January 2026: text/plain, 260 bytes); another key, or none, by the front layer.
key_refusals_as_text(bp, IncorrectAPIKeyError, error_headers=True, other_keys=front_layer_refusal)


class EmbeddingsNotAllowedError(GatewayError):
    """A 403: the model exists but is not an embedding model."""

    status = 403

    def __init__(self):
        super().__init__("You are not allowed to generate embeddings from this model")


def embedding_model(body):
    """Return the registry Model an embeddings request names, or raise the real API's error.

    A name that is not a string is left to the schema, which words its type error.
    """
    name = body.get("model") if isinstance(body, dict) else None
    if name is None or name == "":
        raise MissingModelError()
    if not isinstance(name, str):
        return None
    model = registry.resolve(name)
    if model is None:
        raise registry.unknown_model(name)
    if model.kind != "embedding":
        raise EmbeddingsNotAllowedError()
    return model


@bp.post("/embeddings")
def create_embeddings():
    """Answer with one deterministic vector per input, as float arrays or base64 float32."""
    body = wire.json_body()
    context.note("tokens_used", wire.embedding_limiter_tokens(body))
    model = embedding_model(body)
    # Past the gateway, embeddings answers let any origin read them; past the schema, they name the model.
    context.note("headers", ANY_ORIGIN)
    req = load_embedding_request(body)
    note_model_headers(model)
    if not wire.embedding_limiter_tokens(body):  # a lone "": no tokens to limit, no tokens' headers (recorded)
        context.note("ratelimit", "requests")
    rules.check(EMBEDDING_RULES, model, req)
    prompt_tokens = sum(req["tokens"])
    inputs, _ = req["input"]
    answer = embedding.embedding_list(model, inputs, req.get("dimensions"), req["encoding_format"], prompt_tokens)
    return Response(answer, content_type="application/json")
