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


def on_exit(server):
    """Remove the store file on_starting made."""
    path = _made.get("store")
    for name in (path, f"{path}-journal") if path else ():
        if os.path.exists(name):
            os.remove(name)


_made = {}
