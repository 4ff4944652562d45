"""gunicorn settings fauxpen needs however gunicorn is started here (the Procfile, or `gunicorn wsgi:app`).

gunicorn reads this file from the directory it starts in; GUNICORN_CMD_ARGS and the command line override it.
"""
import os
import tempfile
# Keep an idle connection open longer than clients keep it. The openai SDK (httpx) reuses a connection idle for
# up to 5 s; with gunicorn's default of 2 s, a request sent as the server closes it fails with "Server
# disconnected without sending a response" (retried, or an APIConnectionError with max_retries=0). The real
# API's front end keeps connections for minutes.
keepalive = 75


def on_starting(server):
    """Give the server one file for stored chat completions, which its workers inherit (FAUXPEN_STORE_PATH)."""
    if not os.environ.get("FAUXPEN_STORE_PATH"):
        fd, path = tempfile.mkstemp(prefix="fauxpen-store-", suffix=".sqlite")
        os.close(fd)
        os.environ["FAUXPEN_STORE_PATH"] = _made["store"] = path


def post_worker_init(worker):
    """Have the worker answer a request it cannot parse (a line or header too long, too many headers, a malformed
    one) in the OpenAI envelope, not gunicorn's HTML page, and bound the time a request's head may take to arrive.

    A server hook rather than a worker class of fauxpen's: the Procfile's --worker-class on the command line
    overrides gunicorn.conf.py's worker_class, and the hook runs whatever the class (fauxpen.serving.install).
    """
    from fauxpen import serving  # the worker has loaded wsgi:app, and fauxpen with it

    serving.install(worker)


def on_exit(server):
    """Remove the store file on_starting made."""
    path = _made.get("store")
    for name in (path, f"{path}-journal") if path else ():
        if os.path.exists(name):
            os.remove(name)


_made = {}
