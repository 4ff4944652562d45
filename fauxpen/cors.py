"""CORS, so that a browser app on another origin can call fauxpen (FAUXPEN_CORS_ORIGINS)."""


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
        # Flask answers OPTIONS itself, with the route's methods in Allow.
        response.headers["access-control-allow-methods"] = response.headers.get("Allow", "")
        response.headers["access-control-allow-headers"] = request.headers.get("Access-Control-Request-Headers", "")
        response.headers["access-control-max-age"] = "600"
    return response
