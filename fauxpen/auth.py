"""Opt-in API keys: with FAUXPEN_API_KEYS set, a request without one of them gets the real API's 401."""
from flask import current_app, request

from .errors import IncorrectAPIKeyError, MissingAPIKeyError
from .wire import reaches_endpoint


def api_key(authorization):
    """Return the key of an Authorization header: a Bearer token, or a Basic password with blank username."""
    if authorization is None:
        return None
    if authorization.type == "bearer":
        return authorization.token or None
    if authorization.type == "basic" and not authorization.username:
        return authorization.password or None
    return None


def check_api_key():
    """Refuse a request without an accepted key, when keys are configured."""
    keys = current_app.config["FAUXPEN_API_KEYS"]
    if not keys or not reaches_endpoint():
        return
    key = api_key(request.authorization)
    if key is None:
        raise MissingAPIKeyError()
    if key not in keys:
        raise IncorrectAPIKeyError(key)


def register(app):
    """Check keys before any endpoint runs."""
    app.before_request(check_api_key)
