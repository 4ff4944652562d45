"""CORS, so that a browser app on another origin can call fauxpen (FAUXPEN_CORS_ORIGINS)."""
from .wire import EXPOSED_EDGE

# What preflights were answered in August 2026: of /v1/responses every method the API has, whatever the path's,
# exposing what its answers do (a browser's live capture); of /v1/chat/completions its route's methods, exposing
# CF-Ray alone, to be cached for a day (curl). Both allowed the headers asked for. A preflight of a path the API
# does not serve is not recorded: it is answered as the path's other requests are, its 404 (Invalid URL (OPTIONS
# /v1/foo)) with no access-control-allow-* of methods or headers, there being no method to allow (a reasoned guess;
# a browser fails a preflight that is not a 2xx either way). Under /v1/responses every path's was answered alike.
RESPONSES_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
MAX_AGE = "86400"


def allow_origin(response, allowed, request, noted):
    """Let the request's origin read the answer, if allowed (FAUXPEN_CORS_ORIGINS); answer a preflight (noting in
    noted, the request's g, what it exposes)."""
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
    if (request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers
            and (request.routing_exception is None or request.path.startswith("/v1/responses"))):
        if request.path.startswith("/v1/responses"):
            methods = RESPONSES_METHODS
        else:  # Flask answers OPTIONS itself, with the route's methods in Allow (HEAD among them, which is left out)
            route = {method.strip() for method in response.headers.get("Allow", "").split(",")}
            methods = ", ".join(sorted(route - {"HEAD", ""}))
            noted["exposed"] = EXPOSED_EDGE
        response.headers["access-control-allow-methods"] = methods
        response.headers["access-control-allow-headers"] = request.headers.get("Access-Control-Request-Headers", "")
        response.headers["access-control-max-age"] = MAX_AGE
    return response
