"""Under gunicorn, through sockets and the openai SDK: faults, retries, keys, streams, dropped clients, big bodies."""
import http.client
import json
import re
import socket
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from .conftest import STD_MESSAGES, start_gunicorn

openai = pytest.importorskip("openai")

REPLY = "Hello! How can I assist you today?"
KEY = "sk-fauxpen-live-test-key-0001"
BODY_LIMIT = 4096


@pytest.fixture(scope="module")
def narrow_server():
    """A server of one worker with one thread, API keys and a small body limit: a stuck thread would show."""
    proc, base = start_gunicorn(env={"FAUXPEN_API_KEYS": KEY, "FAUXPEN_MAX_BODY_BYTES": str(BODY_LIMIT)},
                                threads=1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def stream_body(base, headers=None, **extra):
    """POST a streamed chat request; return the raw SSE text."""
    request = urllib.request.Request(
        base + "/v1/chat/completions", method="POST",
        data=json.dumps({"model": "gpt-4o", "messages": STD_MESSAGES, "stream": True, **extra}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


def streamed_reply(body):
    """Return the text a chat stream's raw SSE body writes, checking that it ends with [DONE]."""
    events = [e.removeprefix("data: ") for e in body.split("\n\n") if e]
    assert events[-1] == "[DONE]"
    return "".join(json.loads(e)["choices"][0]["delta"].get("content") or "" for e in events[:-1])


def models_status(base, timeout=10):
    request = urllib.request.Request(base + "/v1/models", headers={"Authorization": f"Bearer {KEY}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status


# --- Streams and connections ---------------------------------------------------------------------------------

def test_many_concurrent_streams_all_complete(live_server):
    headers = {"X-Fauxpen-Chunk-Delay-Ms": "5"}  # long enough that the streams overlap
    with ThreadPoolExecutor(max_workers=32) as pool:
        bodies = list(pool.map(lambda _: stream_body(live_server, headers), range(64)))
    for body in bodies:
        assert streamed_reply(body) == REPLY
        assert len({json.loads(e.removeprefix("data: "))["id"] for e in body.split("\n\n")[:-2]}) == 1
    assert len({json.loads(b.split("\n\n")[0].removeprefix("data: "))["id"] for b in bodies}) == 64


def test_a_client_leaving_mid_stream_frees_the_worker(narrow_server):
    # A stream of 2,000 forced tokens 20 ms apart would hold the only thread for 40 s if nobody noticed the
    # client leave; the next request is only answered once the server has dropped it.
    address = urlsplit(narrow_server)
    body = json.dumps({"model": "gpt-4o", "messages": STD_MESSAGES, "stream": True, "max_tokens": 2000,
                       "logit_bias": {"1234": 100}}).encode()
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Authorization: Bearer " + KEY.encode() + b"\r\nX-Fauxpen-Chunk-Delay-Ms: 20\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        received = b""
        while b"data: " not in received:
            received += sock.recv(4096)
    assert received.startswith(b"HTTP/1.1 200")
    assert models_status(narrow_server) == 200


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_limit_gets_the_envelope_and_the_connection_closes_after_it(narrow_server, chunked):
    # The body is not read to its end (its length is over the limit; a chunked one is read up to it), and its rest is
    # where a next request would start: the answer says close, and the server closes. Where it said keep-alive,
    # gunicorn waited for the rest (its drain of up to 64 KiB, 5 s) and then closed all the same.
    address = urlsplit(narrow_server)
    big = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "x" * (2 * BODY_LIMIT)}]}).encode()
    if chunked:  # no Content-Length: the body is only known too large once read
        framing, sent = "Transfer-Encoding: chunked", b"%x\r\n%s\r\n" % (len(big), big)
    else:
        framing, sent = f"Content-Length: {len(big)}", big[:100]  # the rest never sent
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"Authorization: Bearer {KEY}\r\n{framing}\r\n\r\n".encode() + sent)
        received = b""
        while chunk := sock.recv(65536):  # to the end: the server closed the connection
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"\r\nConnection: close\r\n" in head and b"keep-alive" not in head.lower()
    assert json.loads(body) == {"error": {
        "message": f"Request body too large: the maximum request size is {BODY_LIMIT} bytes.",
        "type": "invalid_request_error", "param": None, "code": "request_too_large"}}
    assert models_status(narrow_server) == 200  # its one thread is free


def test_disconnect_ends_the_stream_without_done_and_the_server_stays_healthy(live_server):
    with pytest.raises(http.client.IncompleteRead) as info:
        stream_body(live_server, {"X-Fauxpen-Fault": "disconnect"})
    received = info.value.partial.decode()
    assert received.startswith("data: {") and "[DONE]" not in received
    assert "Hello" in stream_body(live_server)


# --- The openai SDK ------------------------------------------------------------------------------------------

def chat(client, **kwargs):
    return client.chat.completions.create(model="gpt-4o", messages=STD_MESSAGES, **kwargs)


def test_rate_limit_with_attempts_succeeds_after_one_retry(live_server):
    client = openai.OpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=2)
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=STD_MESSAGES,
        extra_headers={"X-Fauxpen-Fault": "rate_limit", "X-Fauxpen-Fault-Attempts": "1"})
    assert raw.http_request.headers["x-stainless-retry-count"] == "1"  # the answer came to the first retry
    assert raw.parse().choices[0].message.content == REPLY


def test_rate_limit_without_attempts_raises_after_the_retries(live_server):
    client = openai.OpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=2)
    with pytest.raises(openai.RateLimitError) as info:
        chat(client, extra_headers={"X-Fauxpen-Fault": "rate_limit"})
    error = info.value
    assert error.code == "rate_limit_exceeded" and error.type == "tokens" and error.param is None
    assert error.message.startswith("Error code: 429 - ")
    assert "Rate limit reached for gpt-4o in organization" in error.body["message"]
    assert error.response.request.headers["x-stainless-retry-count"] == "2"
    assert error.response.headers["retry-after-ms"] == "200"


def test_quota_raises_rate_limit_error_with_its_code(sdk):
    with pytest.raises(openai.RateLimitError) as info:
        chat(sdk, extra_headers={"X-Fauxpen-Fault": "quota"})
    assert info.value.code == "insufficient_quota" and info.value.type == "insufficient_quota"


@pytest.mark.parametrize(("kind", "status"), [("server_error", 500), ("overloaded", 503)])
def test_server_faults_raise_internal_server_error(sdk, kind, status):
    with pytest.raises(openai.InternalServerError) as info:
        chat(sdk, extra_headers={"X-Fauxpen-Fault": kind})
    assert isinstance(info.value, openai.APIStatusError)
    assert info.value.status_code == status and info.value.type == "server_error"
    assert info.value.request_id in info.value.body["message"]


def test_server_error_with_attempts_is_retried_to_success(live_server):
    client = openai.OpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=2)
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=STD_MESSAGES,
        extra_headers={"X-Fauxpen-Fault": "overloaded", "X-Fauxpen-Fault-Attempts": "2"})
    assert raw.http_request.headers["x-stainless-retry-count"] == "2"
    assert raw.parse().choices[0].message.content == REPLY


def test_stream_error_raises_through_the_sdk_stream(sdk):
    stream = chat(sdk, stream=True, extra_headers={"X-Fauxpen-Fault": "stream_error"})
    received = []
    with pytest.raises(openai.APIError) as info:
        for chunk in stream:
            received.append(chunk.choices[0].delta.content or "")
    assert received and REPLY.startswith("".join(received)) and "".join(received) != REPLY
    assert info.value.message.startswith("The server had an error while processing your request.")


def test_disconnect_through_the_sdk_is_a_connection_error_it_retries(live_server):
    client = openai.OpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=0)
    with pytest.raises(openai.APIConnectionError):
        chat(client, extra_headers={"X-Fauxpen-Fault": "disconnect"})
    retrying = client.with_options(max_retries=1)
    raw = retrying.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=STD_MESSAGES,
        extra_headers={"X-Fauxpen-Fault": "disconnect", "X-Fauxpen-Fault-Attempts": "1"})
    assert raw.parse().choices[0].message.content == REPLY


@pytest.mark.parametrize(("headers", "code", "message"), [
    ({"Authorization": "Bearer sk-wrong-key-0123456789"}, "invalid_api_key",
     "Incorrect API key provided: sk-wrong***********6789. You can find your API key at "
     "https://platform.openai.com/account/api-keys."),
    ({"Authorization": openai.omit}, None, "You didn't provide an API key."),
])
def test_keys_raise_authentication_error(narrow_server, headers, code, message):
    client = openai.OpenAI(base_url=narrow_server + "/v1", api_key=KEY, max_retries=0)
    with pytest.raises(openai.AuthenticationError) as info:
        chat(client, extra_headers=headers)
    assert info.value.status_code == 401 and info.value.code == code
    # The message names the key the server was sent (masked), or that none was: what the SDK sent, whether or not
    # its request object keeps the header (openai 3.60 adds it at send time and does not).
    assert info.value.body["message"].startswith(message)
    assert chat(client).choices[0].message.content == REPLY


@pytest.mark.parametrize("chunks", [b"zz\r\nabc\r\n0\r\n\r\n", b"-5\r\nabc\r\n0\r\n\r\n", b"3\r\nabcXX0\r\n\r\n"])
def test_a_chunked_body_that_cannot_be_read_gets_the_unparseable_body_400(narrow_server, chunks):
    assert_unparseable(narrow_server, b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                       b"application/json\r\nAuthorization: Bearer " + KEY.encode() + b"\r\nTransfer-Encoding: "
                       b"chunked\r\nConnection: close\r\n\r\n" + chunks)


def assert_unparseable(server, sent, shut=False):
    """Send raw bytes on a connection of their own (shut: then close its writing side) and assert the answer is the
    unparseable-body 400, the server answering the next request."""
    address = urlsplit(server)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(sent)
        if shut:
            sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    error = json.loads(body)["error"]
    assert error["message"].startswith("We could not parse the JSON body of your request.")
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", None, None)
    assert models_status(server) == 200


@pytest.mark.parametrize(("path", "content_type", "body"), [
    ("/v1/chat/completions", "application/json", json.dumps({"model": "gpt-4o", "messages": STD_MESSAGES}).encode()),
    ("/v1/files", "multipart/form-data; boundary=b", b'--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n'
                                                     b'batch\r\n--b\r\nContent-Disposition: form-data; name="file"; '
                                                     b'filename="a.jsonl"\r\n\r\n{}\n\r\n--b--\r\n'),
])
def test_a_body_cut_short_of_its_content_length_gets_the_unparseable_body_400(narrow_server, path, content_type,
                                                                                  body):
    # gunicorn hands a body that ends early over as far as it goes: a whole JSON object or form read as the request
    assert_unparseable(narrow_server, f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
                       f"Authorization: Bearer {KEY}\r\nContent-Length: {len(body) + 10}\r\n\r\n".encode() + body,
                       shut=True)


def test_a_connection_idle_past_gunicorns_default_stays_open(live_server):
    """The SDK reuses a connection idle for up to 5 s; gunicorn's own default (2 s) would close it under a request."""
    conn = http.client.HTTPConnection(urlsplit(live_server).netloc, timeout=10)
    conn.request("GET", "/v1/models")
    conn.getresponse().read()
    sock = conn.sock
    time.sleep(3)
    conn.request("GET", "/v1/models")
    assert conn.getresponse().status == 200
    assert conn.sock is sock  # the same connection, not a new one
    conn.close()


# --- Clients that stall or trickle ----------------------------------------------------------------------------

STALL_SECONDS = 1


@pytest.fixture(scope="module")
def stalling_server():
    """A server of one thread that waits FAUXPEN_BODY_TIMEOUT_SECONDS for a body's next bytes: one stalled client
    would hold it."""
    proc, base = start_gunicorn(env={"FAUXPEN_BODY_TIMEOUT_SECONDS": str(STALL_SECONDS)}, threads=1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


CHAT_BODY = json.dumps({"model": "gpt-4o", "messages": STD_MESSAGES}).encode()
FORM_BODY = (b'--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n--b\r\nContent-Disposition: '
             b'form-data; name="file"; filename="a.jsonl"\r\n\r\n{}\n\r\n--b--\r\n')


@pytest.mark.parametrize(("path", "headers", "sent"), [
    ("/v1/chat/completions", f"Content-Type: application/json\r\nContent-Length: {len(CHAT_BODY)}", CHAT_BODY[:20]),
    ("/v1/chat/completions", "Content-Type: application/json\r\nTransfer-Encoding: chunked",
     b"%x\r\n%s\r\n" % (20, CHAT_BODY[:20])),
    ("/v1/files", f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {len(FORM_BODY)}",
     FORM_BODY[:60]),
])
def test_a_body_that_stalls_is_refused_and_frees_the_thread(stalling_server, path, headers, sent):
    # A client that stops sending its body without closing (a laptop asleep mid-upload) held a gthread worker's
    # thread for as long as it stayed connected: with as many stalled as threads, no other request was answered.
    address = urlsplit(stalling_server)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n\r\n".encode() + sent)
        assert models_status(stalling_server, timeout=30) == 200  # the only thread answers while sock stays open
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408")
    # The connection's last answer says so (it said keep-alive, and then gunicorn closed it): where the next request
    # would start is unknown, so none is read.
    assert b"\r\nConnection: close\r\n" in head and b"keep-alive" not in head.lower()
    assert json.loads(body) == {"error": {
        "message": "Timed out reading the request body: nothing arrived for 1 second.",
        "type": "invalid_request_error", "param": None, "code": None}}


@pytest.mark.parametrize(("headers", "sent", "shut", "closes"), [
    # cut short: the client closes its side before the Content-Length's end
    (f"Content-Type: application/json\r\nContent-Length: {len(CHAT_BODY)}", CHAT_BODY[:20], True, True),
    # a chunk size that is not hex: where the next request would start is unknown
    ("Content-Type: application/json\r\nTransfer-Encoding: chunked", b"zz\r\n{}\r\n0\r\n\r\n", False, True),
    # read whole, refused: the next request may follow
    ("Content-Type: application/json\r\nContent-Length: 9", b"{not json", False, False),
])
def test_an_answer_after_which_the_server_closes_says_close(live_server, headers, sent, shut, closes):
    address = urlsplit(live_server)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n{headers}\r\n\r\n".encode() + sent)
        if shut:
            sock.shutdown(socket.SHUT_WR)
        received = b""
        while b"\r\n\r\n" not in received and (chunk := sock.recv(65536)):
            received += chunk
        while closes and sock.recv(65536):  # and it does close (else the 30 s timeout fails the test)
            pass
    head = received.partition(b"\r\n\r\n")[0]
    assert head.startswith(b"HTTP/1.1 400")
    assert (b"\r\nConnection: close\r\n" in head) is closes
    assert (b"\r\nConnection: keep-alive\r\n" in head) is not closes


@pytest.mark.parametrize(("header", "stream"), [
    ("X-Fauxpen-Latency-Ms", False), ("X-Fauxpen-Latency-Ms", True), ("X-Fauxpen-Chunk-Delay-Ms", True)])
def test_a_client_leaving_during_simulated_latency_frees_the_thread(narrow_server, header, stream):
    # A client that gives up before a slow answer (a timeout, then the SDK's retries) held the thread for the rest
    # of the latency asked for: here 60 s, where the next request is given 30.
    address = urlsplit(narrow_server)
    body = json.dumps({"model": "gpt-4o", "messages": STD_MESSAGES, "stream": stream}).encode()
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"Authorization: Bearer {KEY}\r\n{header}: 60000\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                     + body)
        if header == "X-Fauxpen-Chunk-Delay-Ms":  # its first event comes at once, the next a minute later
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
    assert models_status(narrow_server, timeout=30) == 200
    assert streamed_reply(stream_body(narrow_server, {"X-Fauxpen-Chunk-Delay-Ms": "5"})) == REPLY  # paced, whole


def test_clients_that_leave_mid_answer_or_mid_body_leave_no_traceback_and_nothing_locked(tmp_path):
    # Each client here goes away in the middle: of a chat stream, a Responses stream, a download of 24 MB, an
    # upload part's body. The server logs at its default level, nothing of it a traceback or an error, and the
    # writes to the store that follow (the file deleted, the upload cancelled) are answered.
    log = open(tmp_path / "server.log", "wb")
    proc, base = start_gunicorn(env={"FAUXPEN_LOG_LEVEL": "INFO"}, threads=2, stdout=log)
    address = urlsplit(base)

    def send(head, body=b"", upto=b"", close_after=None):
        """Send a request (close_after: only that many bytes of its body), read until upto is seen, and close."""
        with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
            sock.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body) + body[:close_after])
            received = b""
            while upto not in received:
                received += sock.recv(65536)

    def post_json(path, body):
        return json.loads(urllib.request.urlopen(urllib.request.Request(
            base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}),
            timeout=30).read())

    try:
        for path, body in [
                ("/v1/chat/completions", {"model": "gpt-4o", "messages": STD_MESSAGES, "stream": True,
                                          "max_tokens": 500, "logit_bias": {"1234": 100}}),
                ("/v1/responses", {"model": "gpt-4o", "input": "Hello", "stream": True, "max_output_tokens": 500})]:
            send(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "X-Fauxpen-Chunk-Delay-Ms: 5\r\n".encode(), json.dumps(body).encode(), upto=b"data: ")
        form = (b'--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nvision\r\n--b\r\nContent-Disposition: '
                b'form-data; name="file"; filename="a.png"\r\n\r\n' + b"p" * (24 << 20) + b"\r\n--b--\r\n")
        request = urllib.request.Request(base + "/v1/files", data=form,
                                         headers={"Content-Type": "multipart/form-data; boundary=b"})
        file_id = json.loads(urllib.request.urlopen(request, timeout=60).read())["id"]
        send(f"GET /v1/files/{file_id}/content HTTP/1.1\r\nHost: x\r\n".encode(), upto=b"pppp")
        request = urllib.request.Request(base + f"/v1/files/{file_id}", method="DELETE")
        assert json.loads(urllib.request.urlopen(request, timeout=30).read())["deleted"] is True
        upload = post_json("/v1/uploads", {"bytes": 3, "filename": "a.txt", "mime_type": "text/plain",
                                           "purpose": "vision"})
        send(f"POST /v1/uploads/{upload['id']}/parts HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
             "boundary=b\r\nConnection: close\r\n".encode(), form, upto=b"", close_after=1 << 20)
        assert post_json(f"/v1/uploads/{upload['id']}/cancel", {})["status"] == "cancelled"
        assert models_status(base) == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
    written = (tmp_path / "server.log").read_text() + proc.stderr.read().decode()
    assert "POST /v1/responses 200" in written and "POST /v1/uploads" in written  # the log was read
    assert "Traceback" not in written and " ERROR " not in written


# What gunicorn writes before a chat answer's body, line by line (the date, request id and time aside): how the
# headers are built may change, these bytes may not.
HEAD = ["Server: gunicorn", "Date: *", "Connection: close", "Content-Type: application/json", "Content-Length: *",
        "x-request-id: *", "openai-organization: user-fauxpen", "openai-processing-ms: *",
        "openai-version: 2020-10-01", "access-control-expose-headers: X-Request-ID, CF-Ray, CF-Ray",
        "x-ratelimit-limit-requests: 10000", "x-ratelimit-limit-tokens: 30000000",
        "x-ratelimit-remaining-requests: 9999", "x-ratelimit-remaining-tokens: 29999988",
        "x-ratelimit-reset-requests: 6ms", "x-ratelimit-reset-tokens: 0s"]


@pytest.mark.parametrize(("extra", "status"), [({}, "HTTP/1.1 200 OK"),
                                               ({"temperature": 5}, "HTTP/1.1 400 BAD REQUEST")])
def test_a_chat_answers_head_on_the_wire_is_pinned_line_by_line(live_server, extra, status):
    body = json.dumps({"model": "gpt-4o", "messages": STD_MESSAGES, **extra}).encode()
    address = urlsplit(live_server)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Authorization: Bearer sk-test\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s"
                     % (len(body), body))
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, sent = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == status
    assert len(lines) == len(HEAD) + 1, lines
    for line, expected in zip(lines[1:], HEAD):
        assert line == expected or (expected.endswith(": *") and line.startswith(expected[:-1])), line
    values = dict(line.split(": ", 1) for line in lines[1:])
    assert values["Content-Length"] == str(len(sent))
    assert re.fullmatch(r"req_[0-9a-f]{32}", values["x-request-id"])
    assert re.fullmatch(r"[0-9]+", values["openai-processing-ms"])
