"""Opt-in API keys: with FAUXPEN_API_KEYS set, a request without one of them gets the real API's 401."""
from werkzeug.datastructures import Authorization

from .errors import IncorrectAPIKeyError, MissingAPIKeyError


def api_key(authorization):
    """Return the key of an Authorization header: a Bearer token, or a Basic password with blank username."""
    if authorization is None:
        return None
    if authorization.type == "bearer":
        return authorization.token or None
    if authorization.type == "basic" and not authorization.username:
        return authorization.password or None
    return None


def check_api_key(keys, environ, state):
    """Refuse a request without one of keys (FAUXPEN_API_KEYS), when there are any.

    A refused request is noted in state (g) as `unauthenticated`: its 401 goes without the headers that only
    an authenticated request gets (see wire.finish_response).
    """
    if not keys:
        return
    key = api_key(Authorization.from_header(environ.get("HTTP_AUTHORIZATION")))  # as request.authorization
    if key is None or key not in keys:
        state.unauthenticated = True
        raise MissingAPIKeyError() if key is None else IncorrectAPIKeyError(key)
