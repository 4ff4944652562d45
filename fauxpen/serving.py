"""The servers' own refusals in the OpenAI envelope: what gunicorn and `python app.py` answer before the app does.

A request a server cannot parse never reaches fauxpen: a request line or a header line too long, too many headers,
a malformed request line, method, version or header, a bad Content-Length. gunicorn (Worker.handle_error, through
util.write_error) and werkzeug's development server (http.server's send_error) answered it with an HTML page. Here
each answers it as the app answers a bad request: the envelope as JSON, with the server's own status, an x-request-id
and `Connection: close` (neither server reads another request from the connection).

What the API's front end answers such a request is not recorded (it answers them itself, before the API): the
statuses are the servers', the words guesses that name what was wrong, in the servers' own terms where those are
clear.
"""
import email.utils
import functools
import re
from http import HTTPStatus

from werkzeug.serving import WSGIRequestHandler

from . import ids
from .errors import GatewayError, ServerError
from .wire import EXPOSED


def refusal(status, message, request_id):
    """Return the error a server answers a request it could not parse with: a 500 (the server's own failure) is the
    API's (its words, the request id named), any other status the request's fault (a 501 for a transfer coding the
    server does not know, a 505 for an HTTP version it does not speak among them)."""
    if status == HTTPStatus.INTERNAL_SERVER_ERROR:
        return ServerError(request_id)
    return GatewayError(message, status=status)


def refusal_headers(error, body, request_id):
    """Return the headers of a server's refusal after its status line, Date and Server: the length and type of the
    JSON, and the request id the app's refusals carry (as its 401s do, no openai-* headers: no organization is
    known). No CORS headers: the request's Origin is not known, its headers not parsed."""
    return [("Connection", "close"), ("Content-Type", error.content_type), ("Content-Length", str(len(body))),
            ("x-request-id", request_id), ("access-control-expose-headers", EXPOSED)]


def _sentence(text):
    """Return text as a sentence: capitalised, and ending with a full stop."""
    text = str(text)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# gunicorn (gthread, sync, any worker class): installed by gunicorn.conf.py's post_worker_init.


def install(worker):
    """Have a gunicorn worker answer what it cannot parse in the envelope.

    gunicorn has no setting for it: its worker's handle_error writes the page (util.write_error). The worker's method
    is replaced on the instance, whatever its class (the Procfile names one on the command line, which overrides
    gunicorn.conf.py's worker_class): gunicorn calls it through the instance (self.handle_error). Not a documented
    extension point: checked against gunicorn 27.0.1's source.
    """
    worker.handle_error = functools.partial(_handle_error, worker, worker.handle_error)


class _Page:
    """A stand-in for the client's socket, given to gunicorn's handle_error: it logs and writes its access line as
    it does, and its HTML page, written here, says which status it chose (the first line's code and reason)."""

    def __init__(self):
        self.written = b""

    def gettimeout(self):  # util.write_nonblock asks, and with 0.0 writes at once
        return 0.0

    def sendall(self, data):
        self.written += data

    def status(self):
        """Return (code, reason) of the page's status line, (500, its reason) if none was written."""
        line = self.written.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
        if len(line) == 3 and line[1].isdigit():
            return int(line[1]), line[2]
        return 500, HTTPStatus.INTERNAL_SERVER_ERROR.phrase


def _handle_error(worker, handle_error, req, client, addr, exc):
    """Answer what gunicorn's handle_error answers, with its status, logs and access line, as the envelope."""
    from gunicorn import SERVER, util  # here, not above: fauxpen runs under other servers too

    page = _Page()
    handle_error(req, page, addr, exc)
    code, reason = page.status()
    request_id = ids.request_id()
    error = refusal(code, gunicorn_message(exc, worker.cfg), request_id)
    body = error.body() + b"\n"
    head = [("Server", SERVER), ("Date", email.utils.formatdate(usegmt=True)),
            *refusal_headers(error, body, request_id)]
    data = (f"HTTP/1.1 {code} {reason}\r\n" + "".join(f"{name}: {value}\r\n" for name, value in head) + "\r\n")
    try:
        util.write_nonblock(client, data.encode("latin-1") + body)
    except Exception:  # as gunicorn's: a client gone, or one not reading
        worker.log.debug("Failed to send error message.")


def gunicorn_message(exc, cfg):
    """Return the words of the refusal of what gunicorn could not parse: its own where they are clear (`Invalid HTTP
    request line: 'x'`), the limit named where they are not (`limit request headers fields size`). A guess."""
    from gunicorn.http import errors

    if isinstance(exc, errors.LimitRequestLine):
        limit = exc.max_size or cfg.limit_request_line
        return f"Request line too long: more than {limit} bytes."
    if isinstance(exc, errors.LimitRequestHeaders):
        if exc.msg == "limit request headers fields":
            return f"Too many request headers: more than {cfg.limit_request_fields}."
        if exc.msg == "limit request headers fields size":
            return f"Request header line too long: more than {cfg.limit_request_field_size} bytes."
        return "Request headers too large."
    if isinstance(exc, errors.InvalidHeader) and str(exc.hdr).upper() in ("CONTENT-LENGTH", "TRANSFER-ENCODING"):
        return f"Invalid {str(exc.hdr).title()} header."
    return _sentence(exc)


# `python app.py`: werkzeug's development server.


class RequestHandler(WSGIRequestHandler):
    """werkzeug's request handler, whose refusals of what it cannot parse are the envelope: http.server's send_error
    (a request line over 65,536 bytes, a header line as long, over 100 headers, a malformed line or version) wrote an
    HTML page. Given to run() (Flask's app.run passes it to werkzeug's run_simple as request_handler)."""

    def send_error(self, code, message=None, explain=None):
        """Send the envelope where http.server sends its page: the same status, log line and `Connection: close`."""
        status = HTTPStatus(code)
        self.log_error("code %d, message %s", code, message or status.phrase)
        request_id = ids.request_id()
        error = refusal(code, werkzeug_message(status, message, explain), request_id)
        body = error.body() + b"\n"
        if self.request_version == "HTTP/0.9":
            # Its version not read (malformed, or a line of two words): http.server then wrote the page alone, with
            # no status line nor headers, as HTTP/0.9 answers. Clients speak HTTP/1.x: they are written.
            self.request_version = self.protocol_version
        self.send_response(code)  # with Server and Date, as the app's answers
        for name, value in refusal_headers(error, body, request_id):
            self.send_header(name, value)  # Connection: close also tells the handler to close
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def werkzeug_message(status, message, explain):
    """Return the words of the refusal of what http.server could not parse: its own (`Bad request version
    ('HTTP/x')`), in gunicorn's refusals' terms where they name a limit. A guess."""
    limit = re.search(r"\d+", explain or "")
    if status == HTTPStatus.REQUEST_URI_TOO_LONG:
        return "Request line too long: more than 65536 bytes."  # http.server's handle_one_request reads 65,537
    if status == HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE and limit and message == "Line too long":
        return f"Request header line too long: more than {limit[0]} bytes."
    if status == HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE and limit and message == "Too many headers":
        return f"Too many request headers: more than {limit[0]}."
    return _sentence(message or status.phrase)
