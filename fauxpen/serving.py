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
import io
import re
import socket
import time
from http import HTTPStatus

from werkzeug.serving import WSGIRequestHandler

from . import ids
from .config import Config
from .errors import GatewayError, ServerError, SlowBody
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
    """Have a gunicorn worker answer what it cannot parse in the envelope and, for gthread's, bound the time a
    request's line and headers may take to arrive (FAUXPEN_HEADER_TIMEOUT_SECONDS).

    gunicorn has no setting for either: its worker's handle_error writes the page (util.write_error), and a gthread
    worker reads a request's head with no time limit once its first byte is in. The worker's own methods are replaced
    on the instance, whatever its class (the Procfile names one on the command line, which overrides
    gunicorn.conf.py's worker_class): gunicorn calls them through the instance (self.handle_error; the thread pool is
    given self.handle). Neither is a documented extension point: checked against gunicorn 27.0.1's source.
    """
    worker.handle_error = functools.partial(_handle_error, worker, worker.handle_error)
    if hasattr(worker, "tpool"):  # gthread: the sync worker's arbiter already kills a worker stuck past `timeout`
        worker.handle = functools.partial(_handle, worker.handle, Config.FAUXPEN_HEADER_TIMEOUT_SECONDS,
                                          Config.FAUXPEN_BODY_TIMEOUT_SECONDS)


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

    if isinstance(exc, HeadTimeout):
        worker.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)  # as gunicorn logs a 4xx
        code, reason = HTTPStatus.REQUEST_TIMEOUT, HTTPStatus.REQUEST_TIMEOUT.phrase
    else:
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


class HeadTimeout(Exception):
    """A request whose line and headers had not all arrived FAUXPEN_HEADER_TIMEOUT_SECONDS after they began: a 408.

    A client that sends its headers a byte at a time (slowloris) held a gthread thread for as long as it kept
    sending: 16 such clients held every thread of the Procfile's 2 workers of 8. What the API's front end answers
    one is not recorded: 408 is HTTP's status for a request the server stopped waiting for (RFC 9110 15.5.9), as the
    app's for a body that stalls (BodyTimeoutError), the words a guess.
    """

    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self):
        return (f"Timed out reading the request headers: they had not all arrived after {self.seconds:g} "
                f"second{'' if self.seconds == 1 else 's'}.")


def read_by(sock, deadline, seconds, read, into):
    """Return read(into) (sock's recv or recv_into) waiting only until deadline (time.monotonic()); one past it, or
    that finds nothing by then, raises HeadTimeout(seconds). sock's own timeout is given back after."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise HeadTimeout(seconds)
    prior = sock.gettimeout()
    sock.settimeout(left)
    try:
        return read(into)
    except TimeoutError:
        raise HeadTimeout(seconds) from None
    finally:
        sock.settimeout(prior)


def _handle(handle, seconds, body_seconds, conn):
    """Handle a gthread connection as the worker does, its parser (made by conn.init) reading each request's head
    within seconds, and its body within body_seconds and a second more for each BODY_MIN_RATE bytes that came."""
    if conn.parser is None and "init" not in vars(conn):
        conn.init = functools.partial(_bounded_init, conn, conn.init, seconds, body_seconds)
    return handle(conn)


def _bounded_init(conn, init, seconds, body_seconds=None):
    """Initialise a gthread connection as its init does, then have its HTTP/1 parser read each head within seconds,
    and each body at the least rate (HeadDeadline)."""
    init()
    parser = conn.parser
    unreader = getattr(parser, "unreader", None)
    if conn.is_http2 or isinstance(parser, HeadBoundParser) or not isinstance(getattr(unreader, "sock", None),
                                                                                socket.socket):
        return
    unreader.sock = HeadDeadline(unreader.sock, seconds, body_seconds)
    conn.parser = HeadBoundParser(parser, unreader.sock)


# The least rate a body must come at once its first FAUXPEN_BODY_TIMEOUT_SECONDS are over, in bytes a second:
# Apache's, whose mod_reqtimeout documentation sets `RequestReadTimeout body=20,MinRate=500` (its default: 20 s for
# the body, a second more for every 500 bytes received).
BODY_MIN_RATE = 500


class HeadDeadline:
    """A connection's socket as gunicorn's parser reads it: while a request's head is read (deadline set), each read
    waits only for the time left, and one past it raises HeadTimeout; otherwise (a body) the socket reads as it is
    set (the app's own timeout for a body's each next byte: wire._await_body, as nginx's client_body_timeout, 'only
    for a period between two successive read operations'), and once body_deadline is set (body_seconds after the
    head came, a second more for each BODY_MIN_RATE bytes read since, as Apache's MinRate) no longer than it: a read
    past it raises SlowBody, answered 408 by the app. A body sent a byte at a time, each within the socket's timeout,
    held a thread for as long as the client kept on. Everything else is the socket's."""

    def __init__(self, sock, seconds, body_seconds=None):
        self._sock, self.seconds, self.deadline = sock, seconds, None
        self.body_seconds, self.body_deadline, self.body_last = body_seconds, None, None
        self.gettimeout, self.settimeout = sock.gettimeout, sock.settimeout  # the parser's, at each request's end
        # A plain socket is first read without waiting: a head usually comes whole, and is read by one recv as it was,
        # without the two changes of the socket's timeout (a TLS socket's recv takes no flags).
        self._plain = type(sock) is socket.socket and hasattr(socket, "MSG_DONTWAIT")

    def recv(self, size):
        if self.deadline is None:
            if self.body_deadline is None:
                return self._sock.recv(size)
            return self._recv_body(size)
        if self._plain:
            try:
                return self._sock.recv(size, socket.MSG_DONTWAIT)
            except BlockingIOError:
                pass
        return read_by(self._sock, self.deadline, self.seconds, self._sock.recv, size)

    def _recv_body(self, size):
        """Read a body's next bytes by its deadline, which each byte read puts off by 1 / BODY_MIN_RATE seconds."""
        sock = self._sock
        prior = sock.gettimeout()
        left = self.body_deadline - time.monotonic()
        if left <= 0:
            raise self._timed_out(prior)
        if prior is not None and prior <= left:  # the wait for a next byte ends first (or the socket does not wait)
            data = sock.recv(size)
        else:
            sock.settimeout(left)
            try:
                data = sock.recv(size)
            except TimeoutError:
                raise self._timed_out(prior) from None
            finally:
                sock.settimeout(prior)
        if data:
            self.body_last = time.monotonic()
            self.body_deadline += len(data) / BODY_MIN_RATE
        return data

    def _timed_out(self, prior):
        """Return the error of a body read past its deadline: SlowBody, or the socket's own timeout where nothing has
        come for as long as it waits (prior) too, as a body that stopped altogether is refused (the two bounds meet
        at the body's start: nothing came in its first seconds). The millisecond is the clock's rounding."""
        if prior and time.monotonic() - self.body_last >= prior - 0.001:
            return TimeoutError("timed out")
        return SlowBody(BODY_MIN_RATE)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class HeadBoundParser:
    """gunicorn's request parser, each next request's line and headers read against a deadline; the rest is its."""

    def __init__(self, parser, sock):
        self._parser, self._sock = parser, sock

    def __iter__(self):
        return self

    def __next__(self):
        sock = self._sock
        sock.deadline = time.monotonic() + sock.seconds
        try:
            request = next(self._parser)
        finally:
            sock.deadline = None
        if sock.body_seconds is not None:  # the body's time starts when its head has come
            sock.body_last = now = time.monotonic()
            sock.body_deadline = now + sock.body_seconds
        return request

    def __getattr__(self, name):
        return getattr(self._parser, name)


# `python app.py`: werkzeug's development server.


class HeadReader(io.RawIOBase):
    """A connection's socket as http.server's buffered rfile reads it: while a request's head is read (deadline set),
    each read waits only for the time left, and one past it raises HeadTimeout; otherwise it reads as the socket is
    set (a body: wire._await_body), as socket.makefile's reader does."""

    def __init__(self, sock, seconds):
        super().__init__()
        self._sock, self.seconds, self.deadline = sock, seconds, None

    def readable(self):
        return True

    def readinto(self, b):
        if self.deadline is None:
            return self._sock.recv_into(b)
        return read_by(self._sock, self.deadline, self.seconds, self._sock.recv_into, b)


class RequestHandler(WSGIRequestHandler):
    """werkzeug's request handler, whose refusals of what it cannot parse are the envelope: http.server's send_error
    (a request line over 65,536 bytes, a header line as long, over 100 headers, a malformed line or version) wrote an
    HTML page. Given to run() (Flask's app.run passes it to werkzeug's run_simple as request_handler).

    Its request's line and headers must all arrive within FAUXPEN_HEADER_TIMEOUT_SECONDS of the first read, or are
    answered the 408 gunicorn's are (HeadTimeout): http.server read them without a limit (its handler's `timeout`
    attribute, socketserver's, would bound only each read, and close without an answer), and a client sending them a
    byte at a time held its thread for as long as it kept on. werkzeug's server reads one request a connection."""

    def setup(self):
        super().setup()
        if type(self.connection) is socket.socket:  # not TLS (app.py serves none): its reads are left as they are
            self._head = HeadReader(self.connection, Config.FAUXPEN_HEADER_TIMEOUT_SECONDS)
            self.rfile = io.BufferedReader(self._head, self.rbufsize if self.rbufsize > 0 else io.DEFAULT_BUFFER_SIZE)

    def handle_one_request(self):
        head = getattr(self, "_head", None)
        if head is not None:
            head.deadline = time.monotonic() + head.seconds
        try:
            super().handle_one_request()
        except HeadTimeout as error:  # answered as http.server answers what it cannot parse (logged by send_error)
            for name in ("requestline", "command"):
                if not hasattr(self, name):
                    setattr(self, name, "")
            if not hasattr(self, "request_version"):
                self.request_version = self.protocol_version
            self.close_connection = True
            self.send_error(HTTPStatus.REQUEST_TIMEOUT, str(error))

    def parse_request(self):
        parsed = super().parse_request()
        head = getattr(self, "_head", None)
        if head is not None:
            head.deadline = None  # the head is read: the body is the app's (wire._await_body)
        return parsed

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
