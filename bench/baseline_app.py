"""The bare Flask baseline: the ceiling of Flask + gunicorn for answers of fauxpen's sizes.

One route parses the JSON body and answers with bytes captured from fauxpen for the same request (status,
content type, body; a stream's events one by one), named by the X-Bench-Case header. BENCH_CANNED is the
JSON file of captured answers that bench/run.py writes: {case: [status, content_type, [piece, ...], headers]}.

With BENCH_API_HEADERS=1 it also sends the headers fauxpen sent (x-request-id, openai-*, x-ratelimit-*, ...):
the real API's headers, which werkzeug and gunicorn check one by one. That contender prices the headers alone; the bare
baseline stays the one #7's targets are set against.
"""
import json
import os

from flask import Flask, Response, request


def create_app(canned, api_headers=False):
    """Return the baseline app answering each case of canned with its captured pieces (and headers, if asked)."""
    app = Flask(__name__)

    @app.post("/<path:path>")
    def answer(path):
        request.get_json(force=True)
        status, content_type, pieces, headers = canned[request.headers["X-Bench-Case"]]
        body = iter(pieces) if content_type.startswith("text/event-stream") else pieces[0]
        return Response(body, status, headers if api_headers else None, content_type=content_type)

    return app


def load_canned(path):
    """Read the captured answers: pieces as bytes, headers as (name, value) pairs (none in older captures)."""
    with open(path, encoding="utf-8") as f:
        return {case: (status, kind, [p.encode() for p in pieces], [tuple(h) for h in headers[0]] if headers else [])
                for case, (status, kind, pieces, *headers) in json.load(f).items()}


if "BENCH_CANNED" in os.environ:
    app = create_app(load_canned(os.environ["BENCH_CANNED"]), os.environ.get("BENCH_API_HEADERS") == "1")
