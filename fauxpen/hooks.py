"""The request hooks: one before and one after every request, running each wire concern in the order it needs.

One hook per phase, not one per concern: each Flask hook costs a call through Flask and its own lookups of the
request, g and the app (context-local proxies), and most concerns have nothing to do on most requests. Each
concern here is a function of what it reads (the app's config, the WSGI environ, the request's state in g),
looked up once.
"""
from . import auth, context, cors, faults, latency, wire
from .batch import INNER


def before_request():
    """Stamp the request; then, for a request an endpoint will answer, check its key, latency and fault.

    A CORS preflight and a URL nothing serves get neither: the browser's preflight carries no key, and an
    unknown URL gets its 404 whatever it carries.
    """
    state, req = context.state(), context.request()
    wire.start_request(vars(state))
    if req.method == "OPTIONS" or req.routing_exception is not None:
        return
    config, environ = context.config(), req.environ
    auth.check_api_key(config["FAUXPEN_API_KEYS"], environ, state)
    if INNER in environ:  # a batch's own request: no simulated latency or faults
        return
    latency.read_latency(config, environ, state)
    faults.inject_fault(config, environ, state)


def after_request(response):
    """Break the answer as a fault asks, then pace it, then add CORS and the wire headers and log it.

    A stream is cut by its fault before it is paced, so that the cut stream is not waited through.
    """
    state, req = context.state(), context.request()
    noted = vars(state)  # g's attributes, read without a call of g.get for each
    if noted.get("fault") in faults.BREAKING:
        response = faults.break_answer(response, state)
    if noted.get("latency_ms") or noted.get("chunk_delay_ms"):
        response = latency.delay_answer(response, state, req.environ)
    config = context.config()
    if "HTTP_ORIGIN" in req.environ and ("unauthenticated" not in noted or "readable" in noted):
        # A refused key's 401 lets no origin read it (a browser's live capture of the Responses API, August 2026;
        # curl on chat), but the models endpoint's (curl, August 2026).
        response = cors.allow_origin(response, config["FAUXPEN_CORS_ORIGINS"], req, noted)
    return wire.finish_response(response, config, noted, req)


def register(app):
    """Install the two hooks, and the WSGI middleware that writes the wire headers."""
    faults.check_settings(app.config)
    app.before_request(before_request)
    app.after_request(after_request)
    app.wsgi_app = wire.WireHeaders(app.wsgi_app)
