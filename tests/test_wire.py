"""What every answer carries: OpenAI headers, the error envelope, the access log; and /v1/models."""
import gzip
import io
import json
import logging
import re
import zlib

import pytest
from flask import Response

from fauxpen import create_app
from fauxpen.wire import WireResponse, go_duration, ratelimit_headers

from .conftest import STD_MESSAGES, wav_bytes
from .test_images import rgba_png
from .test_skills import MANUAL


def test_every_answer_has_the_openai_headers(client):
    # What each exposes: chat's answers name them as since mid-2026 (captures of June to September 2026;
    # "X-Request-ID" alone until April 2026, as the conformance recordings have it); the front layer's 404 for an
    # unknown model names CF-Ray twice alone (braintrust-sdk-python's cassette, 2026-10-05; none in April 2026).
    for response, exposed in ((client.post("/v1/chat/completions", json={"model": "gpt-4", "messages": STD_MESSAGES}),
                               "X-Request-ID, CF-Ray, CF-Ray"),
                              (client.post("/v1/chat/completions", json={"model": "foo"}), "CF-Ray, CF-Ray"),
                              (client.get("/v1/models"), "X-Request-ID, CF-Ray, CF-Ray")):
        h = response.headers
        assert re.fullmatch(r"req_[0-9a-f]{32}", h["x-request-id"])
        assert h["openai-version"] == "2020-10-01"
        assert h["openai-processing-ms"].isdigit()
        assert h["openai-organization"]
        assert h["access-control-expose-headers"] == exposed
        for name in ("limit-requests", "limit-tokens", "remaining-requests", "remaining-tokens",
                     "reset-requests", "reset-tokens"):
            assert h["x-ratelimit-" + name]


REFUSAL = {"role": "assistant", "content": [{"type": "text", "text": "Hello, how can I help you?"},
                                          {"type": "refusal", "text": "I refuse to answer this question."}]}


PDF_PART = {"type": "file", "file": {"filename": "sample.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjMK"}}


@pytest.mark.parametrize(("fields", "taken"), [
    # What the recordings took off: a quarter of the text's characters rounded up (33 here: 9), a token a message
    # and one an answer, the same when the request is refused (temperature 5) or sets a limit it would not reach.
    ({}, 12), ({"temperature": 5}, 12), ({"max_tokens": 1_000_000_000}, 12), ({"n": 2}, 13), ({"n": 0}, 11),
    ({"n": -1}, 10), ({"messages": [*STD_MESSAGES, REFUSAL]}, 19),  # a refusal part's text not counted
    ({"messages": [{"role": "user", "content": [{"type": "unknown", "text": "Hello"}]}]}, 2),
    ({"messages": [{"role": "user", "content": [{"type": "text", "text": "What is in the image?"}, {
        "type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}}]}]}, 6 + 1 + 1 + 765),
    # A file part as a picture: a one-page PDF took 783 by id and inline with this text (openai-dotnet session
    # records, September 2025 and February 2026, gpt-4o-mini, whose recordings there run a token or two over).
    ({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "Based on the following, what food should I order for whom?"},
        {"type": "file", "file": {"file_id": "file-25vQScw8CxyWQSPgLhBqCF"}}]}]}, 15 + 765 + 1 + 1),
    # Exactly, whatever the PDF holds: two files 765 each (ruby_llm's cassettes, gpt-4.1-nano, August 2025: 773 for
    # one beside "Summarize this document", 1,538 for two), and beside a system message (ellmer's, August 2026: 779).
    ({"model": "gpt-4.1-nano", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "Compare these documents"}, PDF_PART, PDF_PART]}], "temperature": 0.7}, 1538),
    ({"model": "gpt-4.1-nano", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "Summarize this document"}, PDF_PART]}]}, 773),
    ({"model": "gpt-4.1-nano", "messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": [
        {"type": "text", "text": "What's the title of this document?"}, PDF_PART]}], "seed": 1014}, 779),
    ({"model": "gpt-5", "messages": [{"role": "user", "content": "Say hello"}]}, 5),  # usage would take 82
    ({"model": "gpt-4.1", "messages": [{"role": "system", "content": "You are a helpful assistant."},
                                       {"role": "user", "content": "What is four plus five?"}]}, 16),
])
def test_remaining_tokens_are_the_limiters_estimate_of_the_request(client, fields, taken):
    h = client.post("/v1/chat/completions", json={"model": "gpt-4", "messages": STD_MESSAGES, **fields}).headers
    assert int(h["x-ratelimit-limit-tokens"]) - int(h["x-ratelimit-remaining-tokens"]) == taken


@pytest.mark.parametrize(("seconds", "text"), [
    (0.072, "72ms"), (0, "0s"), (0.0004, "0s"), (8.64, "8.64s"), (360, "6m0s"), (17016.314, "4h43m36.314s"),
    # Cut, not rounded, to the millisecond (recorded: 126 tokens of 1,000,000 a minute reset in 7ms, not 8ms).
    (60 * 126 / 1_000_000, "7ms"), (60 * 32 / 1_000_000, "1ms"), (0.006, "6ms"), (1.2346, "1.234s"),
])
def test_go_durations(seconds, text):
    assert go_duration(seconds) == text


def test_ratelimit_headers_never_go_negative():
    assert dict(ratelimit_headers(10, 100, 500))["x-ratelimit-remaining-tokens"] == "0"


def test_unknown_route_is_an_invalid_url(client):
    response = client.post("/v1/foo")
    assert response.status_code == 404
    assert response.get_json() == {"error": {"message": "Invalid URL (POST /v1/foo)",
                                             "type": "invalid_request_error", "param": None, "code": None}}


def test_wrong_method_is_an_invalid_url(client):
    response = client.put("/v1/chat/completions")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "Invalid URL (PUT /v1/chat/completions)"


@pytest.mark.parametrize(("encoding", "compress"), [("gzip", gzip.compress), ("deflate", zlib.compress)])
def test_a_compressed_body_is_not_decoded_and_gets_the_unparseable_400(client, encoding, compress):
    # whether the API decodes a Content-Encoding is unrecorded (README): the envelope, never a 500
    response = client.post("/v1/chat/completions", data=compress(VALID_CHAT.encode()),
                           headers={"Content-Type": "application/json", "Content-Encoding": encoding})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("We could not parse the JSON body of your request.")


def test_invalid_json_gets_the_real_message(client):
    response = client.post("/v1/chat/completions", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith(
        "We could not parse the JSON body of your request. (HINT: This likely means")


def test_unexpected_exceptions_are_a_server_error_without_traceback():
    app = create_app({"TESTING": False})

    @app.get("/v1/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/v1/boom")
    assert response.status_code == 500
    error = response.get_json()["error"]
    assert error["type"] == "server_error"
    assert error["message"].startswith("The server had an error while processing your request.")
    assert response.headers["x-request-id"] in error["message"]
    assert "secret" not in response.get_data(as_text=True)


def test_models_list_shape(client):
    body = client.get("/v1/models").get_json()
    assert body["object"] == "list"
    # Since 2026 each model says when it shuts down (a third party's probe, 2026-09-24), the dates the SDK's
    # deprecation notes announce, or null.
    assert {"id": "gpt-4", "object": "model", "created": 1687882411, "owned_by": "openai",
            "shutdown_date": "2026-10-23"} in body["data"]
    # An alias has its own time, and gpt-3.5-turbo its own owner (raw listings of April and July 2025).
    assert {"id": "gpt-4-0613", "object": "model", "created": 1686588896, "owned_by": "openai",
            "shutdown_date": "2026-10-23"} in body["data"]
    assert {"id": "gpt-3.5-turbo", "object": "model", "created": 1677610602, "owned_by": "openai",
            "shutdown_date": "2026-10-23"} in body["data"]
    # ChatModel's notes (openai 3.63) date the audio previews' shutdown 2026-05-07, every snapshot and alias, and the
    # search previews' 2026-07-23.
    dates = {m["id"]: m["shutdown_date"] for m in body["data"]}
    assert {dates[name] for name in ("gpt-4o-audio-preview", "gpt-4o-audio-preview-2025-06-03",
                                     "gpt-4o-audio-preview-2024-12-17", "gpt-4o-mini-audio-preview",
                                     "gpt-4o-mini-audio-preview-2024-12-17")} == {"2026-05-07"}
    assert {dates[name] for name in ("gpt-4o-search-preview", "gpt-4o-search-preview-2025-03-11",
                                     "gpt-4o-mini-search-preview", "gpt-4o-mini-search-preview-2025-03-11")} == {
        "2026-07-23"}
    # ResponsesModel's notes: gpt-5-codex's 2026-07-23 (the others of that day's), gpt-5-pro's 2026-12-11 (gpt-5's).
    assert (dates["gpt-5-codex"], dates["gpt-5-pro"], dates["gpt-5-pro-2025-10-06"]) == (
        "2026-07-23", "2026-12-11", "2026-12-11")
    assert [m["created"] for m in body["data"] if m["id"] in ("gpt-4o", "gpt-4o-mini")] == [1715367049, 1721172741]
    assert {"id": "gpt-6-luna", "object": "model", "created": 1789406102, "owned_by": "system",
            "shutdown_date": None} in body["data"]
    # The speech models' notes (SpeechModel) announce theirs too.
    assert {"id": "tts-1", "object": "model", "created": 1681940951, "owned_by": "openai-internal",
            "shutdown_date": "2027-01-06"} in body["data"]
    # gpt-image-1 "was shut down on October 23, 2026" (ImageModel's note): no longer listed, as dall-e is not.
    assert {"id": "gpt-image-1-mini", "object": "model", "created": 1758845821, "owned_by": "system",
            "shutdown_date": "2026-12-01"} in body["data"]
    assert "gpt-image-1" not in {m["id"] for m in body["data"]}
    # The older GPT Image models were marked on 2026-06-02 for removal on 2026-12-01 (OpenAI's deprecations page; a
    # third party found GET /v1/models giving each page date as its shutdown_date on 2026-10-27).
    assert {dates[name] for name in ("gpt-image-1-mini", "gpt-image-1.5", "chatgpt-image-latest")} == {"2026-12-01"}
    assert all(list(m) == ["id", "object", "created", "owned_by", "shutdown_date"] for m in body["data"])
    # Oldest first, as a listing of September 2026 has them, with its times: gpt-5 (the alias) was made on 5 August
    # 2025, after its snapshot (1 August).
    assert [m["created"] for m in body["data"]] == sorted(m["created"] for m in body["data"])
    assert [m["created"] for m in body["data"] if m["id"] in ("gpt-5-2025-08-07", "gpt-5")] == [1754075360,
                                                                                                   1754425777]
    # A listing of 9 September 2026 (logfire's livekit cassettes) gives gpt-5.1's, gpt-5.2's and gpt-5.2-pro's aliases
    # their own times, after their snapshots'.
    created = {m["id"]: m["created"] for m in body["data"]}
    assert [created[name] for name in ("gpt-5.1-2025-11-13", "gpt-5.1", "gpt-5.2-2025-12-11", "gpt-5.2",
                                       "gpt-5.2-pro-2025-12-11", "gpt-5.2-pro")] == [
        1762800353, 1762800673, 1765313028, 1765313051, 1765343959, 1765343983]
    # Two listings of April 2025 (ruby_llm's cassettes) give gpt-4o-mini-audio-preview its own time, after its
    # snapshot's, as gpt-4o-audio-preview has its own.
    assert [created[name] for name in ("gpt-4o-mini-audio-preview-2024-12-17", "gpt-4o-mini-audio-preview")] == [
        1734115920, 1734387424]


def test_models_list_as_the_listings_of_late_september_2026(client):
    # gh640/openai-models-ja's listings of 2026-09-24 and 2026-09-30 (times in JST): gpt-6-sol was made at 02:12:17 on
    # 15 September, 165 s before gpt-6-luna; gpt-5.6, an alias that answers, is not listed (nor, SillyTavern#5932 says
    # of August 2026, by the models endpoint), and is still retrieved (a guess).
    body = client.get("/v1/models").get_json()
    created = {m["id"]: m["created"] for m in body["data"]}
    assert (created["gpt-6-sol"], created["gpt-6-luna"]) == (1789405937, 1789406102)
    assert "gpt-5.6" not in created and "gpt-5.6-sol" in created
    # o1-mini and its snapshot (shut down on 2025-10-27, the SDK's notes) are in neither; chat still answers them.
    assert not {"o1-mini", "o1-mini-2024-09-12"} & set(created) and {"o1", "o1-2024-12-17"} <= set(created)
    retrieved = client.get("/v1/models/gpt-5.6")
    assert retrieved.status_code == 200 and retrieved.get_json()["id"] == "gpt-5.6"
    answer = client.post("/v1/chat/completions", json={"model": "gpt-5.6",
                                                       "messages": [{"role": "user", "content": "hi"}]})
    assert answer.status_code == 200 and answer.get_json()["model"].startswith("gpt-5.6-sol")


def test_models_are_written_indented_without_a_newline(client):
    # As the raw listings of 2025 have it (and a model, 2023).
    text = client.get("/v1/models").get_data(as_text=True)
    assert text.startswith('{\n  "object": "list",\n  "data": [\n    {\n      "id": ') and text.endswith("\n}")
    one = client.get("/v1/models/gpt-4o").get_data(as_text=True)
    assert one == ('{\n  "id": "gpt-4o",\n  "object": "model",\n  "created": 1715367049,\n  "owned_by": "system",\n'
                   '  "shutdown_date": "2027-01-14"\n}')


def test_model_not_found(client):
    # As openai-dotnet recorded it for fake_id (September 2025): indented by two, plain application/json, 162 bytes
    # for a retrieve (no newline) and 163 for a delete (a newline).
    body = ('{\n  "error": {\n    "message": "The model \'fake_id\' does not exist",\n    "type": '
            '"invalid_request_error",\n    "param": "model",\n    "code": "model_not_found"\n  }\n}')
    for method, text in ((client.get, body), (client.delete, body + "\n")):
        response = method("/v1/models/fake_id")
        assert (response.status_code, response.content_type) == (404, "application/json")
        assert response.get_data(as_text=True) == text
    assert len(client.get("/v1/models/fake_id").get_data()) == 162


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.mark.parametrize("verbose", [False, True])
def test_access_line_and_verbose_bodies(verbose):
    records = Records()
    logging.getLogger("fauxpen").addHandler(records)
    try:
        client = create_app({"TESTING": True, "FAUXPEN_VERBOSE": verbose}).test_client()
        response = client.post("/v1/chat/completions", json={"model": "gpt-4", "messages": STD_MESSAGES})
    finally:
        logging.getLogger("fauxpen").removeHandler(records)
    request_id = response.headers["x-request-id"]
    assert any(re.fullmatch(rf"POST /v1/chat/completions 200 \d+ms {request_id}", line) for line in records.lines)
    assert any("Hello! How can I assist" in line for line in records.lines) is verbose


def test_verbose_logs_a_json_answer_written_in_chunks_and_the_client_still_gets_it_whole():
    records = Records()
    logging.getLogger("fauxpen").addHandler(records)
    try:
        client = create_app({"TESTING": True, "FAUXPEN_VERBOSE": True}).test_client()
        response = client.post("/v1/embeddings", json={"model": "text-embedding-3-small", "input": "hi"})
    finally:
        logging.getLogger("fauxpen").removeHandler(records)
    assert any(line.startswith('response body: {"object":"list","data":[{"object":"embedding"')
               for line in records.lines)
    assert response.get_json()["data"][0]["index"] == 0


def test_verbose_logs_an_upload_as_its_form_fields_and_files():
    # The form parser has read the body from the WSGI input: the log names what it parsed, not a second read.
    records = Records()
    logging.getLogger("fauxpen").addHandler(records)
    try:
        client = create_app({"TESTING": True, "FAUXPEN_VERBOSE": True}).test_client()
        response = client.post("/v1/audio/transcriptions", content_type="multipart/form-data",
                               data={"model": "whisper-1", "language": "en",
                                     "file": (io.BytesIO(wav_bytes(1)), "a.wav")})
        json_sent = client.post("/v1/audio/transcriptions", json={"model": "whisper-1"})  # the form parser skips it
    finally:
        logging.getLogger("fauxpen").removeHandler(records)
    assert (response.status_code, json_sent.status_code) == (200, 400)
    assert "request body: model=whisper-1&language=en&file=<a.wav, 32044 bytes>" in records.lines
    assert 'request body: {"model": "whisper-1"}' in records.lines


def test_python_app_py_verbose_answers_an_upload_at_once(tmp_path):
    """Under `python app.py` a second read of an upload's body waited for bytes the client had already sent,
    until it gave up: the Semantic Kernel's and the SDK's transcriptions timed out with FAUXPEN_VERBOSE on."""
    import urllib.request

    from .conftest import start_app_py, stop_app_py

    proc, base = start_app_py({"TMPDIR": str(tmp_path), "FAUXPEN_VERBOSE": "1"})
    boundary = "fauxpenboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
            f"Content-Type: audio/wav\r\n\r\n").encode() + wav_bytes(1) + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    try:
        request = urllib.request.Request(f"{base}/v1/audio/transcriptions", body, headers)
        answer = json.loads(urllib.request.urlopen(request, timeout=5).read())
    finally:
        stop_app_py(proc)
    assert answer["text"] == "Hello, world! This is a test."


def test_python_app_py_is_not_taken_for_another_server_on_its_port(tmp_path, monkeypatch):
    """The port found free for `python app.py` may be taken before it binds: the tests then talk to another
    process. One listening there first (a stand-in answering a 404, as fauxpen does) is told apart."""
    import http.server
    import threading

    from . import conftest

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    ports, free = iter([other.server_address[1]]), conftest._free_port
    monkeypatch.setattr(conftest, "_free_port", lambda: next(ports, None) or free())
    try:
        proc, base = conftest.start_app_py({"TMPDIR": str(tmp_path)})
        conftest.stop_app_py(proc)
    finally:
        other.shutdown()
        other.server_close()
    assert base != f"http://127.0.0.1:{other.server_address[1]}"


def test_python_app_py_refuses_a_body_that_stalls_and_says_close(tmp_path):
    """Under `python app.py` too, a body that stops coming is refused with its 408, the connection's last answer."""
    import socket
    from urllib.parse import urlsplit

    from .conftest import start_app_py, stop_app_py

    proc, base = start_app_py({"TMPDIR": str(tmp_path), "FAUXPEN_BODY_TIMEOUT_SECONDS": "1"})
    address = urlsplit(base)
    try:
        with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
            sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100\r\n\r\n" + VALID_CHAT.encode()[:20])
            received = b""
            while chunk := sock.recv(65536):  # to the server's close
                received += chunk
    finally:
        stop_app_py(proc)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408") and b"\r\nConnection: close\r\n" in head + b"\r\n"
    assert json.loads(body)["error"]["message"] == "Timed out reading the request body: nothing arrived for 1 second."


# --- Bodies: what the real API answers to bodies it cannot read --------------------------------------------

MISSING_MODEL = {"error": {"message": "you must provide a model parameter", "type": "invalid_request_error",
                           "param": None, "code": None}}
INVALID_JSON = {"error": {
    "message": "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
               "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid "
               "JSON. If you have trouble figuring out how to fix this, please contact us through our help center "
               "at help.openai.com.)",
    "type": "invalid_request_error", "param": None, "code": None}}
VALID_CHAT = '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hello"}]}'


@pytest.mark.parametrize(("data", "content_type"), [
    ("{not json", "application/json"),
    ('{"model": "gpt-4",}', "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    ("{not json", None),
    ('{"model": "gpt-4"', "application/vnd.api+json"),
])
def test_unparseable_json_is_the_real_400(client, data, content_type):
    response = client.post("/v1/chat/completions", data=data, content_type=content_type)
    assert response.status_code == 400
    assert response.get_json() == INVALID_JSON


@pytest.mark.parametrize(("data", "content_type"), [
    ("", None),
    ("", "application/json"),
    ("   \n", "application/json"),
    ("model=gpt-4&messages=hi", "application/x-www-form-urlencoded"),
    (VALID_CHAT, "application/x-www-form-urlencoded"),
    (VALID_CHAT, "text/plain"),
    ("[]", "application/json"),
    ('["model", "gpt-4"]', "application/json"),
    ('"{\\"model\\": \\"gpt-4\\"}"', "application/json"),
    ("3", "application/json"),
    ("null", "application/json"),
])
def test_bodies_without_parameters_miss_the_model(client, data, content_type):
    response = client.post("/v1/chat/completions", data=data, content_type=content_type)
    assert response.status_code == 400
    assert response.content_type == "application/json; charset=utf-8"
    assert response.get_json() == MISSING_MODEL


@pytest.mark.parametrize("content_type", [None, "application/json", "application/json; charset=utf-8",
                                          "application/json; charset=iso-8859-1", "application/json;charset=latin-1",
                                          "Application/JSON; Charset=windows-1252"])
def test_json_bodies_are_read_with_a_json_content_type_or_none(client, content_type):
    response = client.post("/v1/chat/completions", data=VALID_CHAT, content_type=content_type)
    assert response.status_code == 200
    assert response.get_json()["model"] == "gpt-4-0613"


@pytest.mark.parametrize("charset", ["iso-8859-1", "latin-1", "utf-8"])
def test_a_body_is_read_as_utf8_whatever_charset_it_names(client, charset):
    """The API reads a JSON body's bytes as UTF-8 whatever its label: Latin-1 bytes were refused as not UTF-8
    (`Your request contained invalid JSON: 'utf-8' codec can't decode byte 0xf1 ...`, PowerShellAI#119 and
    terror/chatgpt.nvim#23, 2023; now its unparseable-body 400), and UTF-8 labelled Latin-1 is read as what it is."""
    body = '{"model": "gpt-3.5-turbo-instruct", "prompt": "caf\u00e9", "echo": true, "max_tokens": 1}'
    content_type = f"application/json; charset={charset}"
    answer = client.post("/v1/completions", data=body.encode("utf-8"), content_type=content_type)
    assert answer.status_code == 200
    assert answer.get_json()["choices"][0]["text"].startswith("caf\u00e9")  # not "cafÃ©"
    refused = client.post("/v1/completions", data=body.encode("latin-1"), content_type=content_type)
    assert (refused.status_code, refused.get_json()) == (400, INVALID_JSON)


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=x"])
def test_a_body_over_the_limit_is_an_envelope_413(content_type):
    client = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": 100}).test_client()
    response = client.post("/v1/chat/completions", data="x" * 101, content_type=content_type)
    assert response.status_code == 413
    assert response.get_json() == {"error": {
        "message": "Request body too large: the maximum request size is 100 bytes.",
        "type": "invalid_request_error", "param": None, "code": "request_too_large"}}


def multipart(fields, part, filename, content, kind):
    """A raw multipart body: text fields, then one file part whose filename is the bytes given, as sent."""
    body = b"".join(b'--b0\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (k.encode(), v.encode())
                    for k, v in fields.items())
    body += (b'--b0\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\nContent-Type: %s\r\n\r\n'
             % (part.encode(), filename, kind.encode()) + content + b"\r\n--b0--\r\n")
    return {"data": body, "content_type": "multipart/form-data; boundary=b0"}


UPLOAD_ROUTES = [  # (path, made first by a JSON POST to it, fields, the file part, its name's ending, bytes, type)
    ("/v1/files", None, {"purpose": "assistants"}, "file", "txt", b"hello", "text/plain"),
    ("/v1/uploads/{}/parts", ("/v1/uploads", {"filename": "a.txt", "purpose": "assistants", "bytes": 5,
                                             "mime_type": "text/plain"}), {}, "data", "txt", b"hello", "text/plain"),
    ("/v1/audio/transcriptions", None, {"model": "gpt-4o-transcribe"}, "file", "wav", wav_bytes(1), "audio/wav"),
    ("/v1/audio/translations", None, {"model": "whisper-1"}, "file", "wav", wav_bytes(1), "audio/wav"),
    ("/v1/audio/voice_consents", None, {"name": "n", "language": "en-US"}, "recording", "wav", wav_bytes(1),
     "audio/wav"),
    ("/v1/images/edits", None, {"model": "gpt-image-1-mini", "prompt": "x"}, "image", "png", rgba_png(64, 64),
     "image/png"),
    ("/v1/containers/{}/files", ("/v1/containers", {"name": "c"}), {}, "file", "txt", b"hello", "text/plain"),
    ("/v1/skills", None, {}, "files[]", "md", MANUAL, "text/markdown"),
]


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
@pytest.mark.parametrize(("path", "made", "fields", "part", "ending", "content", "kind"), UPLOAD_ROUTES,
                         ids=[route[0] for route in UPLOAD_ROUTES])
def test_a_part_header_not_in_utf8_is_read_as_latin1_and_the_form_kept(client, encoding, path, made, fields, part,
                                                                         ending, content, kind):
    # werkzeug dropped the whole form on a Latin-1 filename (its "Missing required parameter: 'file'." or "you must
    # provide a model parameter" named what was sent); header bytes that are not UTF-8 are Latin-1 (RFC 9110 5.5).
    filename = ("café/SKILL.md" if part == "files[]" else f"café.{ending}").encode(encoding)
    if made:
        path = path.format(client.post(made[0], json=made[1]).get_json()["id"])
    response = client.post(path, **multipart(fields, part, filename, content, kind))
    assert response.status_code == 200, response.get_data(as_text=True)
    if part != "files[]" and ending == "txt" and "parts" not in path:
        assert response.get_json()["filename" if path == "/v1/files" else "path"].endswith("café.txt")


NAMELESS_PARTS = {  # a part whose Content-Disposition names no field (RFC 7578 requires a name), and the same named ""
    "text": (b'--b0\r\nContent-Disposition: form-data\r\n\r\nabc\r\n',
             b'--b0\r\nContent-Disposition: form-data; name=""\r\n\r\nabc\r\n'),
    "file": (b'--b0\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nabc\r\n',
             b'--b0\r\nContent-Disposition: form-data; name=""; filename="a.txt"\r\n\r\nabc\r\n'),
    "two": (b'--b0\r\nContent-Disposition: form-data\r\n\r\nabc\r\n' * 2,
            b'--b0\r\nContent-Disposition: form-data; name=""\r\n\r\nabc\r\n' * 2),
}


@pytest.mark.parametrize("nameless", sorted(NAMELESS_PARTS))
@pytest.mark.parametrize(("path", "made", "fields", "part", "ending", "content", "kind"), UPLOAD_ROUTES,
                         ids=[route[0] for route in UPLOAD_ROUTES])
def test_a_part_without_a_name_is_the_field_named_empty(client, nameless, path, made, fields, part, ending,
                                                         content, kind):
    # werkzeug named it None: a 500 on edits, transcriptions and a file upload, "Unknown parameter: 'None'." elsewhere.
    if made:
        path = path.format(client.post(made[0], json=made[1]).get_json()["id"])
    form = multipart({**fields, "extra": "1"}, part, f"a.{ending}".encode(), content, kind)
    without, named = NAMELESS_PARTS[nameless]
    answers = [client.post(path, data=form["data"].replace(b'--b0\r\nContent-Disposition: form-data; name="extra"'
                                                           b'\r\n\r\n1\r\n', extra), content_type=form["content_type"])
               for extra in (without, named)]
    assert answers[0].status_code < 500, answers[0].get_data(as_text=True)
    assert "None" not in answers[0].get_data(as_text=True)
    assert answers[0].status_code == answers[1].status_code
    if answers[0].status_code != 200:
        assert answers[0].get_json() == answers[1].get_json()


def test_a_truncated_form_with_a_latin1_filename_is_still_no_form(client):
    body = multipart({"purpose": "assistants"}, "file", "café.txt".encode("latin-1"), b"hello", "text/plain")
    response = client.post("/v1/files", data=body["data"][:-8], content_type=body["content_type"])
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "file"


# --- Routes ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/v1/foo"),
    ("POST", "/v1/chat/completions/"),
    ("POST", "/chat/completions"),
    ("GET", "/models"),
    ("GET", "/v1/models/"),
    ("GET", "/v1"),
    ("GET", "/"),
    ("PUT", "/v1/chat/completions"),
    ("PATCH", "/v1/chat/completions/chatcmpl-1"),
    ("DELETE", "/v1/models"),
    ("POST", "/v1/models"),
    ("POST", "/v1//chat/completions"),
    ("POST", "/v1/chat//completions"),
    ("GET", "/v1//models"),
    ("GET", "/v1/models//gpt-4o"),
])
def test_unknown_paths_and_methods_are_invalid_urls(client, method, path):
    response = client.open(path, method=method, data=VALID_CHAT, content_type="application/json")
    assert response.status_code == 404
    assert response.content_type == "application/json; charset=utf-8"
    assert response.get_json() == {"error": {"message": f"Invalid URL ({method} {path})",
                                             "type": "invalid_request_error", "param": None, "code": None}}


def test_cors_preflight_allows_what_the_browser_asks():
    client = create_app({"TESTING": True, "FAUXPEN_API_KEYS": ("sk-good",)}).test_client()
    response = client.options("/v1/chat/completions", headers={
        "Origin": "https://app.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,x-fauxpen-fault"})
    assert response.status_code == 200  # no API key needed: a preflight carries none
    h = response.headers
    assert h["access-control-allow-origin"] == "*"
    # The route's methods (POST creates, GET lists the stored completions), CF-Ray alone exposed, for a day, as
    # curl was answered in August 2026; /v1/responses every method and what its answers expose (a browser's live
    # capture, August 2026).
    assert h["access-control-allow-methods"] == "GET, OPTIONS, POST"
    assert (h["access-control-expose-headers"], h["access-control-max-age"]) == ("CF-Ray", "86400")
    responses = client.options("/v1/responses", headers={
        "Origin": "http://127.0.0.1:5173", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"}).headers
    assert responses["access-control-allow-methods"] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    assert responses["access-control-expose-headers"] == "X-Request-ID, CF-Ray, CF-Ray"
    assert responses["access-control-allow-headers"] == "authorization,content-type"
    assert h["access-control-allow-headers"] == "authorization,content-type,x-fauxpen-fault"


@pytest.mark.parametrize("path", ["/v1/foo", "/", "/v1/chat/completions/", "/chat/completions"])
def test_a_preflight_of_a_path_not_served_is_its_invalid_url_without_methods(client, path):
    # It allowed no methods in an empty header: the path's 404, as its other requests get, and nothing to allow.
    response = client.options(path, headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "authorization"})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == f"Invalid URL (OPTIONS {path})"
    assert response.headers["access-control-allow-origin"] == "*"
    for name in ("access-control-allow-methods", "access-control-allow-headers", "access-control-max-age"):
        assert name not in response.headers
    assert response.headers["access-control-expose-headers"] == client.options(path).headers[
        "access-control-expose-headers"]


def test_cors_answers_name_the_origin_when_origins_are_listed():
    client = create_app({"TESTING": True, "FAUXPEN_CORS_ORIGINS": ("https://app.example",)}).test_client()
    allowed = client.get("/v1/models", headers={"Origin": "https://app.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "Origin" in allowed.headers["Vary"]
    other = client.get("/v1/models", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    assert other.status_code == 200


def test_no_cors_headers_without_an_origin(client):
    response = client.post("/v1/chat/completions", data=VALID_CHAT, content_type="application/json")
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_javascript_constants_are_not_json(client, constant):
    body = '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hello"}], "temperature": %s}' % constant
    response = client.post("/v1/chat/completions", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == INVALID_JSON


def test_a_lone_surrogate_a_request_sent_is_quoted_back_as_its_escape(client):
    body = '{"model": "gpt-4o", "messages": [{"role": "\\ud800", "content": "Hello"}]}'
    response = client.post("/v1/chat/completions", data=body, content_type="application/json")
    assert response.status_code == 400
    assert b"Invalid value: '\\ud800'." in response.get_data()
    assert response.get_json()["error"]["message"].startswith("Invalid value: '\ud800'.")


def test_a_lone_surrogate_in_streamed_tool_arguments_is_escaped(client):
    tool = {"type": "function", "function": {"name": "pick", "parameters": {
        "type": "object", "properties": {"v": {"type": "string", "enum": ["\ud800"]}}, "required": ["v"]}}}
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}], "tools": [tool],
                       "tool_choice": "required", "stream": True})
    response = client.post("/v1/chat/completions", data=body, content_type="application/json")
    events = [e.removeprefix(b"data: ") for e in response.get_data().split(b"\n\n") if e]
    assert events[-1] == b"[DONE]"
    arguments = "".join(d["tool_calls"][0]["function"]["arguments"] for d in
                        (json.loads(e)["choices"][0]["delta"] for e in events[:-1] if json.loads(e)["choices"])
                        if d.get("tool_calls"))
    assert json.loads(arguments) == {"v": "\ud800"}


def _tool(properties):
    return {"type": "function", "function": {"name": "pick", "parameters": {
        "type": "object", "properties": properties, "required": list(properties)}}}


LONE = "\ud800"
SCHEMA_FORMAT = {"type": "json_schema", "json_schema": {"name": "x", "schema": {
    "type": "object", "properties": {"v": {"type": "string", "pattern": f"^a{LONE}$"}}, "required": ["v"]}}}


@pytest.mark.parametrize("extra", [
    pytest.param({"tools": [_tool({"v": {"type": "string"}})], "tool_choice": "required"},
                 id="tool args from the user"),
    pytest.param({"tools": [_tool({"v": {"type": "string", "pattern": f"^{LONE}+$"}})], "tool_choice": "required"},
                 id="tool pattern"),
    pytest.param({"response_format": SCHEMA_FORMAT}, id="schema pattern"),
    pytest.param({"response_format": SCHEMA_FORMAT, "logprobs": True, "top_logprobs": 2}, id="logprobs of the content"),
    pytest.param({"response_format": SCHEMA_FORMAT, "logprobs": True, "stream": True}, id="streamed logprobs"),
])
def test_a_lone_surrogate_anywhere_a_request_sends_text_is_answered(client, extra):
    # Text the answer is seeded from, quotes or tokenizes: the user's words, a schema's pattern, the content's
    # logprobs. UTF-8 cannot encode a lone surrogate; each such place must not fail with a 500.
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": f"Hello {LONE}"}], **extra})
    response = client.post("/v1/chat/completions", data=body, content_type="application/json")
    assert response.status_code == 200, response.get_data()
    data = response.get_data()
    chunks = [json.loads(e.removeprefix(b"data: ")) for e in data.split(b"\n\n") if e and e != b"data: [DONE]"]
    assert chunks and all(c["object"].startswith("chat.completion") for c in chunks)


HELLO = '"messages": [{"role": "user", "content": "Hello"}]'


@pytest.mark.parametrize("body", [
    pytest.param('{"model": "gpt-4o", %s, "user": %s%s}' % (HELLO, "[" * 3000, "]" * 3000), id="nested 3,000 deep"),
    pytest.param('{"model": "gpt-4o", %s, "temperature": 1e999}' % HELLO, id="a number past a double"),
    pytest.param('{"model": "gpt-4o", %s, "seed": -%s}' % (HELLO, "9" * 4301), id="an integer of 4,301 digits"),
])
def test_json_python_cannot_hold_is_refused_as_unparseable(client, body):
    # json.loads would recurse out, read 1e999 as inf (a value the client did not send), and refuses more than
    # 4,300 digits: each is the real API's unparseable-body 400, not a 500 or a changed value.
    for headers in ({}, {"X-Fauxpen-Fault": "rate_limit"}):  # the fault reads the body's model first
        response = client.post("/v1/chat/completions", data=body, content_type="application/json", headers=headers)
        assert (response.status_code, response.get_json()) == (400, INVALID_JSON)


def test_the_longest_integer_read_still_prints_in_the_context_message(client):
    limit = "9" * 4300  # the most Python reads; prompt + limit, one digit longer, is printed too
    body = '{"model": "gpt-4o", %s, "max_tokens": %s}' % (HELLO, limit)
    response = client.post("/v1/chat/completions", data=body, content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "context_length_exceeded" and f"{limit} in the completion" in error["message"]
    prompt = int(error["message"].split(" tokens (")[1].split(" ")[0])
    assert f"you requested 1{str(prompt - 1).rjust(4300, '0')} tokens" in error["message"]  # 10**4300 + prompt - 1


def test_requests_share_one_null_session_that_refuses_changes(app):
    # fauxpen keeps no sessions and has no secret key: each request gets the same null session (Flask made a new one
    # on every request, after asking for a serializer it cannot have), and a change to it is refused as before.
    import flask
    seen = []
    with app.test_request_context("/v1/models"):
        seen.append(app.session_interface.open_session(app, flask.request))
    with app.test_request_context("/v1/models"):
        seen.append(app.session_interface.open_session(app, flask.request))
    assert seen[0] is seen[1] and app.session_interface.is_null_session(seen[0])
    with pytest.raises(RuntimeError, match="secret key"):
        seen[0]["user"] = "x"


class ReadKeys(dict):
    """A WSGI environ noting the keys read from it."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


def test_werkzeug_binds_a_request_by_no_environ_key_the_kept_adapters_are_not_keyed_by():
    from werkzeug.test import EnvironBuilder

    from fauxpen import BOUND_BY

    app = create_app({"TESTING": True})
    environ = ReadKeys(EnvironBuilder(path="/v1/models", headers={"Connection": "upgrade", "Upgrade": "websocket",
                                                                  "Host": "example.test:8080"}).get_environ())
    app.url_map.bind_to_environ(environ, server_name=None, subdomain="")
    assert environ.read <= set(BOUND_BY)


def test_kept_url_matches_answer_each_host_method_and_path_as_its_own():
    client = create_app({"TESTING": True}).test_client()
    for _ in range(2):  # the second time through the kept adapters and matches
        assert client.get("/v1/models/gpt-4o").get_json()["id"] == "gpt-4o"
        assert client.get("/v1/models/gpt-4").get_json()["id"] == "gpt-4"
        assert client.get("/v1/models/gpt-4", base_url="http://other.test:81").get_json()["id"] == "gpt-4"
        assert client.put("/v1/chat/completions").get_json()["error"]["message"] == (
            "Invalid URL (PUT /v1/chat/completions)")
        chat = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": STD_MESSAGES})
        assert chat.get_json()["object"] == "chat.completion"
        assert client.post("/v1/nowhere", json={}).get_json()["error"]["message"] == "Invalid URL (POST /v1/nowhere)"


@pytest.mark.parametrize("status", [200, 400, 404, 429, 500, 599, 999, "200 OK", "418", "299 Fine", "x", True])
def test_status_lines_as_werkzeugs(status):
    """WireResponse keeps a code's status line once made: the same line and code as werkzeug's, the first time and
    after (an HTTPStatus, a line given whole or a code HTTP does not name are werkzeug's own)."""
    from http import HTTPStatus

    for value in (status, status, HTTPStatus.OK):
        ours, theirs = WireResponse(b"", value), Response(b"", value)
        assert (ours.status, ours.status_code) == (theirs.status, theirs.status_code)
    ours.status_code = 201
    assert ours.status == "201 CREATED"


def test_flasks_signals_are_sent_to_receivers_connected_to_them(app):
    """Fauxpen sends Flask's signals only when something is connected: one connected is sent to, once a request,
    as Flask sends (a plain answer, a refusal and a 404), and one disconnected is not."""
    from flask import signals

    client, sent = app.test_client(), []
    names = ("request_started", "request_finished", "request_tearing_down", "appcontext_pushed",
             "appcontext_tearing_down", "appcontext_popped")
    receivers = {name: (lambda sender, name=name, **extra: sent.append((name, sender, sorted(extra))))
                 for name in names}
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver, app)
    try:
        for body, status in (({"model": "gpt-4o", "messages": STD_MESSAGES}, 200),
                             ({"model": "gpt-4o", "messages": STD_MESSAGES, "temperature": 5}, 400)):
            sent.clear()
            assert client.post("/v1/chat/completions", json=body).status_code == status
            assert sent == [("appcontext_pushed", app, []), ("request_started", app, []),
                            ("request_finished", app, ["response"]), ("request_tearing_down", app, ["exc"]),
                            ("appcontext_tearing_down", app, ["exc"]), ("appcontext_popped", app, [])]
        signals.request_finished.disconnect(receivers["request_finished"], app)
        sent.clear()
        assert client.get("/v1/nowhere").status_code == 404
        assert [name for name, _, _ in sent] == ["appcontext_pushed", "request_started", "request_tearing_down",
                                                 "appcontext_tearing_down", "appcontext_popped"]
    finally:
        for name, receiver in receivers.items():
            getattr(signals, name).disconnect(receiver, app)
    sent.clear()
    assert client.get("/v1/models").status_code == 200 and sent == []


def test_hooks_of_the_matched_blueprint_and_the_app_run_in_flasks_order(app):
    """Fauxpen's request cycle runs the hooks Flask runs, in its order: the app's and the matched blueprint's URL
    value preprocessors, before- and after-request hooks and teardowns (no other blueprint's), and on a URL nothing
    serves the app's alone."""
    import flask

    ran = []

    def hook(name):
        def run(*args):
            ran.append((name, flask.request.blueprints))
            return args[0] if name.startswith("after") else None
        return run

    for blueprint in (None, "chat", "models"):
        app.url_value_preprocessors.setdefault(blueprint, []).append(hook(f"values {blueprint}"))
        app.before_request_funcs.setdefault(blueprint, []).append(hook(f"before {blueprint}"))
        app.after_request_funcs.setdefault(blueprint, []).insert(0, hook(f"after {blueprint}"))  # run last: reversed
        app.teardown_request_funcs.setdefault(blueprint, []).insert(0, hook(f"teardown {blueprint}"))
    client = app.test_client()
    for body, status in (({"model": "gpt-4o", "messages": STD_MESSAGES}, 200),
                         ({"model": "gpt-4o", "messages": STD_MESSAGES, "temperature": 5}, 400)):
        ran.clear()
        assert client.post("/v1/chat/completions", json=body).status_code == status
        assert ran == [(f"{kind} {name}", ["chat"]) for kind in ("values", "before", "after", "teardown")
                       for name in ((None, "chat") if kind in ("values", "before") else ("chat", None))]
    ran.clear()
    assert client.get("/v1/nowhere").status_code == 404
    assert ran == [(f"{kind} None", []) for kind in ("values", "before", "after", "teardown")]


@pytest.mark.parametrize("headers", [None, {}, {"vary": "Origin"}])
def test_a_json_answers_headers_are_werkzeugs_with_or_without_headers_of_its_callers(app, headers):
    """json_response sets the body and length itself where the caller adds no header (None or an empty mapping, a
    refusal's): the same header list, in the same order, as werkzeug's Response makes."""
    from fauxpen.jsontext import json_response

    with app.app_context():
        ours = json_response(b'{"a": 1}', 400, "application/json; charset=utf-8", headers, b"")
    theirs = Response(b'{"a": 1}', 400, headers, content_type="application/json; charset=utf-8")
    assert ours.headers.to_wsgi_list() == theirs.headers.to_wsgi_list() and ours.get_data() == b'{"a": 1}'
    assert ours.status == theirs.status


def test_the_context_readers_give_what_flasks_proxies_give_and_raise_as_they_do_outside(app):
    import flask

    from fauxpen import context

    for read in (context.app, context.config, context.request, context.state):
        with pytest.raises(RuntimeError, match="Working outside of"):
            read()
    with app.test_request_context("/v1/models"):
        assert context.app() is flask.current_app._get_current_object() is app
        assert context.config() is app.config
        assert context.request() is flask.request._get_current_object()
        assert context.state() is flask.g._get_current_object()
        context.note("x", 1)
        assert flask.g.x == 1
    with app.app_context():  # an app context alone: its app and g, but no request
        assert context.app() is app and context.state() is flask.g._get_current_object()
        with pytest.raises(RuntimeError, match="Working outside of request context"):
            context.request()


@pytest.mark.parametrize("server_name", [None, "api.test:8080"])
def test_an_app_contexts_url_adapter_is_flasks(server_name):
    """An app context's adapter (no request) is Flask's: none without SERVER_NAME, bound to it with one."""
    from flask import Flask

    app = create_app({"TESTING": True, "SERVER_NAME": server_name})
    ours, theirs = app.app_context().url_adapter, Flask.create_url_adapter(app, None)
    assert (ours is None) == (theirs is None) == (server_name is None)
    if server_name:
        assert (ours.server_name, ours.script_name, ours.url_scheme) == (
            theirs.server_name, theirs.script_name, theirs.url_scheme)
        assert ours.build("chat.create_chat_completion") == theirs.build("chat.create_chat_completion")


@pytest.mark.parametrize("value", [None, "0", "12", "0012", " 12 ", "-1", "+1", "1_0", "abc", "", "\u0661\u0662",
                                   "\u00b2", "99999999999999999999"])
@pytest.mark.parametrize("chunked", [None, "chunked", "gzip"])
def test_a_requests_content_length_is_werkzeugs(value, chunked):
    from werkzeug.wsgi import get_content_length

    from fauxpen.wire import content_length

    environ = {key: item for key, item in (("CONTENT_LENGTH", value), ("HTTP_TRANSFER_ENCODING", chunked))
               if item is not None}
    assert content_length(environ) == get_content_length(environ)


def test_a_parsed_forms_files_are_closed_with_the_request(app):
    import flask

    with app.test_request_context("/v1/files", method="POST",
                                  data={"purpose": "batch", "file": (io.BytesIO(b"{}"), "a.jsonl")}):
        upload = flask.request.files["file"]
        assert not upload.stream.closed
    assert upload.stream.closed
    with app.test_request_context("/v1/files", method="POST", data={"purpose": "batch"}):
        assert "files" not in flask.request.__dict__  # no form parsed: nothing to close, and none is parsed to close
    with app.test_request_context("/v1/files", method="POST", data={"purpose": "batch"}) as ctx:
        pass
    assert "files" not in ctx.request.__dict__
