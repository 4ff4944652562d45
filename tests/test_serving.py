"""What the servers answer before the app, through raw sockets: gunicorn's and `python app.py`'s refusals of a request
they cannot parse, in the envelope, and gunicorn's bound on a request's head that comes slowly."""
import json
import re
import select
import socket
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from .conftest import start_app_py, start_gunicorn, stop_app_py

HEAD_SECONDS = 1
BODY_SECONDS = 1

@pytest.fixture(scope="module")
def one_thread_server():
    """gunicorn (gunicorn.conf.py read, as the Procfile's is) with one thread: a head that holds it would show."""
    proc, base = start_gunicorn(env={"FAUXPEN_HEADER_TIMEOUT_SECONDS": str(HEAD_SECONDS),
                                     "FAUXPEN_BODY_TIMEOUT_SECONDS": str(BODY_SECONDS)}, threads=1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def app_py(tmp_path_factory):
    proc, base = start_app_py({"TMPDIR": str(tmp_path_factory.mktemp("app_py"))})
    yield base
    stop_app_py(proc)


def read_to_end(sock):
    """Return all sock receives until the other end closes."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def exchange(base, data):
    """Send data; return the answer's status line, headers and body, read to the end: the server closed."""
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(data)
        return split(read_to_end(sock))


def trickled_head(base):
    """Send a request's head a byte at a time, each before a read would time out, until the server answers; return
    the answer, read to the end. The server must answer while bytes still come: a client still sending after 20 s
    fails the test (its read of a byte timing out would only show the bound on a pause)."""
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(GET + b"X-Pad: ")
        ends = time.monotonic() + 20
        while not select.select([sock], [], [], 0.1)[0]:
            assert time.monotonic() < ends, "the server let a head come a byte at a time for 20 s"
            sock.sendall(b"a")
        return read_to_end(sock)


def split(received):
    head, _, body = received.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, dict(line.split(": ", 1) for line in lines), body


def assert_refusal(headers, body, message, type="invalid_request_error",
                   content_type="application/json; charset=utf-8"):
    """The envelope as JSON, its length, a request id, and the close the server keeps to."""
    assert headers["Content-Type"] == content_type
    assert headers["Content-Length"] == str(len(body))
    assert headers["Connection"] == "close"
    assert re.fullmatch(r"req_[0-9a-f]{32}", headers["x-request-id"])
    assert b"<html" not in body.lower()
    assert json.loads(body) == {"error": {"message": message, "type": type, "param": None, "code": None}}


def models_status(base):
    with urllib.request.urlopen(base + "/v1/models", timeout=30) as response:
        return response.status


GET = b"GET /v1/models HTTP/1.1\r\nHost: x\r\n"

# gunicorn's limits: a request line of 4,094 bytes, a header line of 8,190, 100 headers (its defaults).
GUNICORN_REFUSALS = {
    "a request line too long": (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", "414 URI Too Long",
                                "Request line too long: more than 4094 bytes."),
    "a header line too long": (GET + b"X-Pad: " + b"a" * 9000 + b"\r\n\r\n", "431 Request Header Fields Too Large",
                               "Request header line too long: more than 8190 bytes."),
    "too many headers": (GET + b"".join(b"X-%d: y\r\n" % i for i in range(120)) + b"\r\n",
                         "431 Request Header Fields Too Large", "Too many request headers: more than 100."),
    "a Content-Length not a number": (b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                                      "400 Bad Request", "Invalid Content-Length header."),
    "a transfer coding gunicorn refuses": (GET + b"Transfer-Encoding: gzip\r\n\r\n", "400 Bad Request",
                                           "Invalid Transfer-Encoding header."),
    "a request line of one word": (b"GARBAGE\r\n\r\n", "400 Bad Request", "Invalid HTTP request line: 'GARBAGE'."),
    "a method not a token": (b"G@T / HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request", "Invalid HTTP method: 'G@T'."),
    "an HTTP version unknown": (b"GET / HTTP/9.1\r\nHost: x\r\n\r\n", "400 Bad Request",
                                "Invalid HTTP Version: (9, 1)."),
    "a header name with a space": (GET + b"Bad Header: x\r\n\r\n", "400 Bad Request",
                                   "Invalid HTTP header name: 'Bad Header'."),
}


@pytest.mark.parametrize(("sent", "status", "message"), GUNICORN_REFUSALS.values(), ids=GUNICORN_REFUSALS.keys())
def test_gunicorns_own_refusals_are_the_envelope(one_thread_server, sent, status, message):
    # gunicorn answers these itself, before the app, and wrote an HTML page (util.write_error).
    line, headers, body = exchange(one_thread_server, sent)
    assert line == f"HTTP/1.1 {status}"
    assert headers["Server"] == "gunicorn" and "Date" in headers
    assert_refusal(headers, body, message)
    assert models_status(one_thread_server) == 200


# http.server's limits: a request line or a header line of 65,536 bytes, 100 headers.
APP_PY_REFUSALS = {
    "a request line too long": (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", "414 Request-URI Too Long",
                                "Request line too long: more than 65536 bytes."),
    "a header line too long": (GET + b"X-Pad: " + b"a" * 70000 + b"\r\n\r\n", "431 Request Header Fields Too Large",
                               "Request header line too long: more than 65536 bytes."),
    "too many headers": (GET + b"".join(b"X-%d: y\r\n" % i for i in range(120)) + b"\r\n",
                         "431 Request Header Fields Too Large", "Too many request headers: more than 100."),
    # its version not read: http.server wrote the page alone, without a status line (as to HTTP/0.9)
    "a version not HTTP's": (b"GET / HTTP/x\r\nHost: x\r\n\r\n", "400 Bad Request",
                             "Bad request version ('HTTP/x')."),
    "four words": (b"A B C D\r\n\r\n", "400 Bad Request", "Bad request version ('D')."),
    "an HTTP version not spoken": (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", "505 HTTP Version Not Supported",
                                   "Invalid HTTP version (2.0)."),
}


@pytest.mark.parametrize(("sent", "status", "message"), APP_PY_REFUSALS.values(), ids=APP_PY_REFUSALS.keys())
def test_app_pys_own_refusals_are_the_envelope(app_py, sent, status, message):
    # werkzeug's development server answers these through http.server's send_error, which wrote an HTML page.
    line, headers, body = exchange(app_py, sent)
    assert line == f"HTTP/1.1 {status}"
    assert headers["Server"].startswith("Werkzeug/") and "Date" in headers
    assert_refusal(headers, body, message)


class _Log:
    """gunicorn's logger, as handle_error uses it: what it was told, kept."""

    def __init__(self):
        self.lines = []

    def __getattr__(self, level):
        return lambda message, *args, **kwargs: self.lines.append((level, message % args if args else message))


def test_an_error_of_gunicorns_own_is_the_apis_500_and_still_logged():
    # What gunicorn answers 500 itself (the app raised before it answered; fauxpen's app answers every error, so
    # only a failure outside it): the API's 500, its request id named in the message as in the header.
    from gunicorn.workers.base import Worker

    from fauxpen import serving

    worker = type("FakeWorker", (), {})()
    worker.log, worker.cfg = _Log(), None
    ours, theirs = socket.socketpair()
    with ours, theirs:
        serving._handle_error(worker, Worker.handle_error.__get__(worker), None, ours, ("127.0.0.1", 1),
                              RuntimeError("boom"))
        ours.close()
        received = read_to_end(theirs)
    line, headers, body = split(received)
    assert line == "HTTP/1.1 500 Internal Server Error"
    request_id = headers["x-request-id"]
    assert_refusal(headers, body, f"The server had an error while processing your request. Sorry about that! You can "
                   "retry your request, or contact us through our help center at help.openai.com if the error "
                   f"persists. (Please include the request ID {request_id} in your message.)", type="server_error",
                   content_type="application/json")  # as the app's own 500
    assert ("exception", "Error handling request (no URI read)") in worker.log.lines  # gunicorn's log line, as it was


HEAD_TIMEOUT = (f"Timed out reading the request headers: they had not all arrived after {HEAD_SECONDS} second"
                f"{'' if HEAD_SECONDS == 1 else 's'}.")


def test_a_head_that_stalls_is_refused_and_frees_the_thread(one_thread_server):
    # A client that sent part of its headers and stopped, connected, held gunicorn's thread: nothing else was answered.
    address = urlsplit(one_thread_server)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(GET + b"X-Pad: a")
        assert models_status(one_thread_server) == 200  # the only thread answers while sock stays open
        received = read_to_end(sock)
    line, headers, body = split(received)
    assert line == "HTTP/1.1 408 Request Timeout"
    assert_refusal(headers, body, HEAD_TIMEOUT)


def test_a_head_sent_a_byte_at_a_time_is_refused_once_its_time_is_up(one_thread_server):
    # Slowloris: each byte comes before a read would time out, so only a bound on the whole head ends it.
    line, headers, body = split(trickled_head(one_thread_server))
    assert line == "HTTP/1.1 408 Request Timeout"
    assert_refusal(headers, body, HEAD_TIMEOUT)
    assert models_status(one_thread_server) == 200


POST = b"POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
EMBEDDING = b'{"model": "text-embedding-3-small", "input": "' + b"a" * 2000 + b'"}'


def test_a_body_sent_a_few_bytes_at_a_time_is_refused_once_its_time_is_up(one_thread_server):
    # Each few bytes come before a read would time out (the socket's BODY_SECONDS), so only a bound on the whole
    # body ends it: BODY_SECONDS, and a second more for each 500 bytes that came (sent here at about 100 a second).
    address = urlsplit(one_thread_server)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(POST + b"Content-Length: %d\r\n\r\n" % len(EMBEDDING))
        ends = time.monotonic() + 20  # no more than this, whatever the server does: the answer is checked below
        sent = 0
        while not select.select([sock], [], [], 0.1)[0] and time.monotonic() < ends and sent < len(EMBEDDING) - 10:
            sock.sendall(EMBEDDING[sent:sent + 10])
            sent += 10
        received = read_to_end(sock)
    line, headers, body = split(received)
    assert line.startswith("HTTP/1.1 408 ")  # the app's answer: werkzeug's status line
    assert headers["Connection"] == "close"
    assert json.loads(body)["error"] == {
        "message": f"Timed out reading the request body: it came slower than 500 bytes a second after its first "
                   f"{BODY_SECONDS} second{'' if BODY_SECONDS == 1 else 's'}.",
        "type": "invalid_request_error", "param": None, "code": None}
    assert sent < len(EMBEDDING) - 10  # refused before the body's end came
    assert models_status(one_thread_server) == 200  # the only thread is free again


def test_a_body_that_comes_at_the_least_rate_is_read(one_thread_server):
    # A body whose bytes come in bursts, the first after a pause: each within the socket's time, at more than 500
    # bytes a second over all, is read and answered, as is the next request on the connection.
    address = urlsplit(one_thread_server)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(POST + b"Content-Length: %d\r\n\r\n" % len(EMBEDDING))
        for at in range(0, len(EMBEDDING), 700):
            time.sleep(0.3)
            sock.sendall(EMBEDDING[at:at + 700])
        sock.sendall(GET + b"Connection: close\r\n\r\n")  # the next request, once that one is answered
        received = read_to_end(sock)
    first, second = received.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"200 ") and b'"object":"list"' in first.replace(b" ", b"")
    assert second.startswith(b"200 ")


@pytest.fixture(scope="module")
def app_py_one_second_heads(tmp_path_factory):
    proc, base = start_app_py({"TMPDIR": str(tmp_path_factory.mktemp("app_py_heads")),
                               "FAUXPEN_HEADER_TIMEOUT_SECONDS": str(HEAD_SECONDS)})
    yield base
    stop_app_py(proc)


def test_app_py_refuses_a_head_sent_a_byte_at_a_time_once_its_time_is_up(app_py_one_second_heads):
    # werkzeug's server read a head without a limit: each byte coming in time, its thread was held as long.
    line, headers, body = split(trickled_head(app_py_one_second_heads))
    assert line == "HTTP/1.1 408 Request Timeout"
    assert_refusal(headers, body, HEAD_TIMEOUT)
    assert models_status(app_py_one_second_heads) == 200


def test_app_py_refuses_a_request_line_that_stalls(app_py_one_second_heads):
    address = urlsplit(app_py_one_second_heads)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(b"GET /v1/mod")
        received = read_to_end(sock)
    line, headers, body = split(received)
    assert line == "HTTP/1.1 408 Request Timeout"
    assert_refusal(headers, body, HEAD_TIMEOUT)


def test_app_py_reads_a_body_after_a_head_as_before(app_py_one_second_heads):
    # The head's time is the head's: a body sent after it more than a second later is still read (its own timeout).
    address = urlsplit(app_py_one_second_heads)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(POST + b"Content-Length: %d\r\n\r\n" % len(EMBEDDING))
        time.sleep(1.5)
        sock.sendall(EMBEDDING)
        received = read_to_end(sock)
    assert received.startswith(b"HTTP/1.1 200 ")
