"""CORS, so that a browser app on another origin can call fauxpen (FAUXPEN_CORS_ORIGINS)."""

METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"


def allow_origin(response, allowed, request):
    """Let the request's origin read the answer, if allowed (FAUXPEN_CORS_ORIGINS); answer a preflight."""
    origin = request.headers.get("Origin")
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
        # Every method the API has, whatever the path's, as a preflight of /v1/responses was answered in August
        # 2026 (a browser's live capture), the headers asked for allowed.
        response.headers["access-control-allow-methods"] = METHODS
        response.headers["access-control-allow-headers"] = request.headers.get("Access-Control-Request-Headers", "")
        response.headers["access-control-max-age"] = "600"
    return response
