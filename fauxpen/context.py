"""The request's app, config, request and notes, read from Flask's context at the cost of one lookup.

An attribute read or written through a proxy (`current_app.config`, `g.x = ...`) goes through three Python
calls in werkzeug; `_get_current_object()` is one, and the object's own attribute costs nothing more. On
the hot path that was about 8,000 instructions a use against 1,400 (callgrind), several uses a request. These
read the context variables Flask's proxies read (flask.globals' _cv_app and _cv_request: the app context, whose
app and g they are, and the request context) without the proxy's call: a dozen uses a request. Outside a context
each falls back to its proxy, which raises Flask's own RuntimeError.
"""
from flask import current_app, g, request as _request
from flask.globals import _cv_app, _cv_request


def app():
    """Return the app handling the request."""
    try:
        return _cv_app.get().app
    except LookupError:
        return current_app._get_current_object()


def config():
    """Return the config of the app handling the request."""
    try:
        return _cv_app.get().app.config
    except LookupError:
        return current_app._get_current_object().config


def request():
    """Return the request being handled, as `request._get_current_object()` does."""
    try:
        return _cv_request.get().request
    except LookupError:
        return _request._get_current_object()


def state():
    """Return the request's g (its app context's), as `g._get_current_object()` does."""
    try:
        return _cv_app.get().g
    except LookupError:
        return g._get_current_object()


def note(name, value):
    """Note a value for the request in g, as `g.name = value` does (a call with keywords costs twice as much)."""
    vars(state())[name] = value
