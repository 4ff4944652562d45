"""fauxpen with its chat endpoint doing only what the baseline's route does: what fauxpen's wire alone costs.

Everything but the chat view is fauxpen's: its hooks, the headers the real API sends, the access line. The view
reads the JSON body as fauxpen does and answers the captured bytes, as bench/baseline_app.py does. Set beside
the baseline (bench/instructions.py), it shows how much of a target is left for validating a request and
building its answer.
"""
import os

from flask import Response, request

from bench.baseline_app import load_canned
from fauxpen import create_app, wire


def create_floor_app(canned):
    """Return fauxpen's app with its chat view answering each case of canned without validating or building."""
    app = create_app()

    def answer():
        wire.json_body()
        status, content_type, pieces, _ = canned[request.headers["X-Bench-Case"]]
        return Response(pieces[0], status, content_type=content_type)

    app.view_functions["chat.create_chat_completion"] = answer
    return app


if "BENCH_CANNED" in os.environ:
    app = create_floor_app(load_canned(os.environ["BENCH_CANNED"]))
