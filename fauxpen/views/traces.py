"""POST /v1/traces/ingest: where the OpenAI Agents SDK exports its traces and spans (by default, whenever it has a key).

Recorded in April 2026 (braintrust's cassettes of Agents/Python 0.14.1, header OpenAI-Beta: traces=v1): a batch of
trace and trace.span objects under `data` is answered 204 with no body and no x-ratelimit-* headers. fauxpen keeps
none of it. A body that is not JSON is refused as every endpoint refuses it; what a batch may hold is not checked
(no refusal of one was found).
"""
from flask import Blueprint, Response

from .. import context, wire

bp = Blueprint("traces", __name__)


@bp.post("/traces/ingest")
def ingest_traces():
    """Take a batch of traces and spans, and answer with nothing."""
    wire.json_body()
    context.note("ratelimit", False)
    answer = Response(status=204)
    del answer.headers["Content-Type"]  # none recorded
    return answer
