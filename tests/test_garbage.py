"""Refused requests leave no more reference cycles behind than a plain one.

An exception held by a frame its own traceback holds is a cycle that only the garbage collector frees, with
every frame up the stack and their locals: under load, a refused request cost the worker a twentieth more for
it (bench/instructions.py). Requests go straight to the WSGI app: werkzeug's test client makes cycles of its own.
werkzeug's URL matcher leaves one small cycle each time it matches a path (a recursive closure): fauxpen keeps
the matches of the paths it answers (Fauxpen.matched), so a plain request leaves none, and a path or method that
matches no route, matched anew each time, werkzeug's cycle.
"""
import gc
import json

import pytest
from werkzeug.test import EnvironBuilder

from fauxpen import create_app

from .conftest import STD_MESSAGES

CHAT = {"model": "gpt-4o", "messages": STD_MESSAGES}
CASES = {
    "plain chat": ("POST", "/v1/chat/completions", CHAT, 200),
    "a field out of range": ("POST", "/v1/chat/completions", {**CHAT, "temperature": 5}, 400),
    "a rule across fields": ("POST", "/v1/chat/completions", {**CHAT, "top_logprobs": 3}, 400),
    "an unknown parameter": ("POST", "/v1/chat/completions", {**CHAT, "foo": 1}, 400),
    "an unknown model": ("POST", "/v1/chat/completions", {**CHAT, "model": "nope"}, 404),
    "an unknown URL": ("POST", "/v1/nothing", CHAT, 404),
    "a wrong method": ("PUT", "/v1/chat/completions", None, 404),
    "a body over the limit": ("POST", "/v1/chat/completions", {**CHAT, "pad": "x" * 2048}, 413),
    "a tool rule": ("POST", "/v1/chat/completions", {**CHAT, "tool_choice": "required"}, 400),
    "an embeddings refusal": ("POST", "/v1/embeddings", {"model": "text-embedding-3-small", "input": [""]}, 400),
    "a body cut short": ("POST", "/v1/chat/completions", CHAT, 400, 1),  # its Content-Length a byte over
}


def answer(app, method, path, body, cut=0):
    """Run one request through the WSGI app, its Content-Length cut bytes more than its body; return its status
    code."""
    data = None if body is None else json.dumps(body)
    environ = EnvironBuilder(path=path, method=method, data=data, content_type="application/json").get_environ()
    if cut:
        environ["CONTENT_LENGTH"] = str(len(data) + cut)
    statuses = []
    b"".join(app(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    return int(statuses[0].split()[0])


def cycles(app, method, path, body, status, cut=0):
    """Return the objects in reference cycles that three answers to one request leave for the collector."""
    assert answer(app, method, path, body, cut) == status  # warm: first-use caches and imports
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            answer(app, method, path, body, cut)
        return gc.collect()
    finally:
        gc.enable()


def matcher_cycles(app):
    """Return the objects in reference cycles that werkzeug's matcher leaves for three plain requests matched anew."""
    method, path, body, status = CASES["plain chat"]
    assert answer(app, method, path, body) == status
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            app.matched.cache_clear()
            answer(app, method, path, body)
        return gc.collect()
    finally:
        gc.enable()


UNMATCHED = ("an unknown URL", "a wrong method")  # no route's: matched anew on every request


@pytest.mark.parametrize("case", [case for case in CASES if case != "plain chat"])
def test_a_refusal_leaves_no_more_cycles_than_an_answer(case):
    app = create_app({"TESTING": True, "FAUXPEN_LOG_LEVEL": "WARNING", "MAX_CONTENT_LENGTH": 1024})
    matcher = matcher_cycles(app) if case in UNMATCHED else 0
    assert cycles(app, *CASES[case]) == cycles(app, *CASES["plain chat"]) + matcher < 30
