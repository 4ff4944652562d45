"""gunicorn settings fauxpen needs however gunicorn is started here (the Procfile, or `gunicorn wsgi:app`).

gunicorn reads this file from the directory it starts in; GUNICORN_CMD_ARGS and the command line override it.
"""
# Keep an idle connection open longer than clients keep it. The openai SDK (httpx) reuses a connection idle for
# up to 5 s; with gunicorn's default of 2 s, a request sent as the server closes it fails with "Server
# disconnected without sending a response" (retried, or an APIConnectionError with max_retries=0). The real
# API's front end keeps connections for minutes.
keepalive = 75
