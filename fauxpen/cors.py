"""CORS, so that a browser app on another origin can call fauxpen (FAUXPEN_CORS_ORIGINS)."""
from flask import current_app, request


def allow_origin(response):
    """Let the request's origin read the answer, if allowed; answer a preflight with what it asked for."""
    origin = request.headers.get("Origin")
    allowed = current_app.config["FAUXPEN_CORS_ORIGINS"]
    if origin is None:
        return response
    if "*" in allowed:
        response.headers["access-control-allow-origin"] = "*"
    elif origin in allowed:
        response.headers["access-control-allow-origin"] = origin
        response.vary.add("Origin")
    else:
        return response
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        # Flask answers OPTIONS itself, with the route's methods in Allow.
        response.headers["access-control-allow-methods"] = response.headers.get("Allow", "")
        response.headers["access-control-allow-headers"] = request.headers.get("Access-Control-Request-Headers", "")
        response.headers["access-control-max-age"] = "600"
    return response


def register(app):
    """Add the CORS headers to every answer."""
    app.after_request(allow_origin)
