"""Faults on demand (X-Fauxpen-Fault), chaos (FAUXPEN_FAULT_RATE) and simulated latency, via the Flask client."""
import json
import re
import threading
import time

import pytest

from fauxpen import create_app, embedding, faults, latency
from fauxpen.errors import CLOSING

from .conftest import STD_MESSAGES

CHAT = {"model": "gpt-4o", "messages": STD_MESSAGES}
STREAM = {**CHAT, "stream": True}
SERVER_ERROR = (r"The server had an error while processing your request\. Sorry about that! You can retry your "
                r"request, or contact us through our help center at help\.openai\.com if the error persists\. "
                r"\(Please include the request ID (req_[0-9a-f]{32}) in your message\.\)")
OVERLOADED = (r"That model is currently overloaded with other requests\. You can retry your request, or contact us "
              r"through our help center at help\.openai\.com if the error persists\. \(Please include the request "
              r"ID (req_[0-9a-f]{32}) in your message\.\)")


def fault(client, kind, body=CHAT, **headers):
    return client.post("/v1/chat/completions", json=body, headers={"X-Fauxpen-Fault": kind, **headers})


def events(response):
    return [e.removeprefix("data: ") for e in response.get_data(as_text=True).split("\n\n") if e]


def test_rate_limit_is_the_real_tokens_per_minute_429(client):
    response = fault(client, "rate_limit")
    assert response.status_code == 429
    error = response.get_json()["error"]
    assert (error["type"], error["param"], error["code"]) == ("tokens", None, "rate_limit_exceeded")
    found = re.fullmatch(r"Rate limit reached for gpt-4o in organization org-Fauxpen00000000000000000 on tokens per min \(TPM\): "
                         r"Limit 30000000, Used (\d+), Requested (\d+)\. Please try again in 200ms\. Visit "
                         r"https://platform\.openai\.com/account/rate-limits to learn more\.", error["message"])
    assert found
    used, requested = map(int, found.groups())
    assert used <= 30000000 < used + requested
    h = response.headers
    assert (h["retry-after"], h["retry-after-ms"]) == ("1", "200")
    assert h["x-ratelimit-remaining-requests"] == h["x-ratelimit-remaining-tokens"] == "0"
    assert h["x-ratelimit-reset-tokens"] == "200ms"


def test_rate_limit_wait_follows_the_configuration():
    client = create_app({"TESTING": True, "FAUXPEN_RETRY_AFTER_MS": 1500, "FAUXPEN_RATELIMIT_TOKENS": 30000}
                        ).test_client()
    response = fault(client, "rate_limit")
    assert "Limit 30000," in response.get_json()["error"]["message"]
    assert "Please try again in 1.5s." in response.get_json()["error"]["message"]
    assert (response.headers["retry-after"], response.headers["retry-after-ms"]) == ("2", "1500")


def test_a_request_over_the_minute_limit_is_too_large():
    # ruby_llm's cassettes (gpt-5-nano, January 2026; gpt-4.1-nano, 2025): ten messages of a million characters and
    # "Hi" on accounts of 200,000 and 400,000 TPM; 412 and 427 bytes with their organization's id, as long as ours.
    client = create_app({"TESTING": True, "FAUXPEN_RATELIMIT_TOKENS": 200000}).test_client()
    messages = [{"role": role, "content": "a" * 1000000} for _ in range(5) for role in ("user", "assistant")]
    messages.append({"role": "user", "content": "Hi"})
    for model, named in (("gpt-5-nano", "gpt-5-nano"), ("gpt-4.1-nano", "gpt-4.1-nano-long-context")):
        response = client.post("/v1/chat/completions", json={"model": model, "messages": messages, "stream": False})
        assert response.status_code == 429
        assert response.get_json() == {"error": {
            "message": f"Request too large for {named} in organization org-Fauxpen00000000000000000 on tokens per "
                       "min (TPM): Limit 200000, Requested 2500013. The input or output tokens must be reduced in "
                       "order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn "
                       "more.", "type": "tokens", "param": None, "code": "rate_limit_exceeded"}}
        assert response.get_data().startswith(b'{\n    "error": {\n        "message"')
        assert response.headers["x-ratelimit-remaining-tokens"] == "200000"
        assert response.headers["x-ratelimit-reset-tokens"] == "0s" and "x-request-id" in response.headers
    small = client.post("/v1/chat/completions", json={"model": "gpt-5-nano", "messages": messages[-1:]})
    assert small.status_code == 200


def test_quota_is_the_real_insufficient_quota_429(client):
    response = fault(client, "quota")
    assert response.status_code == 429
    assert response.get_json() == {"error": {
        "message": "You exceeded your current quota, please check your plan and billing details. For more "
                   "information on this error, read the docs: "
                   "https://platform.openai.com/docs/guides/error-codes/api-errors.",
        "type": "insufficient_quota", "param": None, "code": "insufficient_quota"}}


@pytest.mark.parametrize(("kind", "status", "wording"), [("server_error", 500, SERVER_ERROR),
                                                        ("overloaded", 503, OVERLOADED)])
def test_server_errors_name_the_request_id(client, kind, status, wording):
    response = fault(client, kind)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert (error["type"], error["param"], error["code"]) == ("server_error", None, None)
    assert re.fullmatch(wording, error["message"]).group(1) == response.headers["x-request-id"]


def test_stream_error_sends_chunks_then_an_error_event(client):
    response = fault(client, "stream_error", STREAM)
    assert response.status_code == 200
    sent = events(response)
    chunks, last = [json.loads(e) for e in sent[:-1]], json.loads(sent[-1])
    assert len(chunks) >= 2 and all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks)
    assert list(last) == ["error"] and last["error"]["type"] == "server_error"
    assert re.fullmatch(SERVER_ERROR, last["error"]["message"]).group(1) == response.headers["x-request-id"]
    assert "[DONE]" not in sent


def named_events(response):
    return [(block.split("\n")[0].removeprefix("event: "), json.loads(block.split("\ndata: ", 1)[1]))
            for block in response.get_data(as_text=True).split("\n\n") if block]


def test_a_streamed_responses_request_over_its_quota_fails_in_its_stream(client):
    # Recorded (gpt-5, October 2025): a 200 stream of response.created and response.in_progress, then an error
    # event and response.failed; not streamed, the usual 429.
    body = {"model": "gpt-5", "input": "prompt", "stream": True}
    response = client.post("/v1/responses", json=body, headers={"X-Fauxpen-Fault": "quota"})
    assert (response.status_code, response.mimetype) == (200, "text/event-stream")
    sent = named_events(response)
    assert [name for name, _ in sent] == ["response.created", "response.in_progress", "error", "response.failed"]
    assert all(name == data["type"] for name, data in sent)
    error = sent[2][1]
    assert list(error) == ["type", "sequence_number", "error"] and error["sequence_number"] == 2
    assert list(error["error"]) == ["type", "code", "message", "param"]
    assert (error["error"]["type"], error["error"]["code"]) == ("insufficient_quota", "insufficient_quota")
    failed = sent[3][1]
    assert failed["sequence_number"] == 3 and failed["response"]["id"] == sent[0][1]["response"]["id"]
    assert (failed["response"]["status"], failed["response"]["usage"]) == ("failed", None)
    assert failed["response"]["error"] == {"code": "insufficient_quota", "message": error["error"]["message"]}
    plain = client.post("/v1/responses", json={**body, "stream": False}, headers={"X-Fauxpen-Fault": "quota"})
    assert plain.status_code == 429 and plain.get_json()["error"]["code"] == "insufficient_quota"


def test_a_responses_stream_error_is_an_error_event_and_a_failed_response(client):
    body = {"model": "gpt-4o", "input": "prompt", "stream": True}
    sent = named_events(client.post("/v1/responses", json=body, headers={"X-Fauxpen-Fault": "stream_error"}))
    names = [name for name, _ in sent]
    assert names[-2:] == ["error", "response.failed"] and "response.completed" not in names and len(names) > 4
    assert [data["sequence_number"] for _, data in sent] == list(range(len(sent)))
    # The event as recorded (vercel/ai's fixtures, 2026): a null code, the stream's short words, the sequence
    # number last.
    assert list(sent[-2][1]) == ["type", "error", "sequence_number"]
    assert sent[-2][1]["error"] == {"type": "server_error", "code": None,
                                    "message": "An error occurred while processing the request.", "param": None}
    failed = sent[-1][1]["response"]
    assert failed["status"] == "failed" and failed["error"]["code"] == "server_error"
    # response.failed with its number last, as a client's stream of gpt-6-luna recorded its own (October 2026).
    assert list(sent[-1][1]) == ["type", "response", "sequence_number"]


@pytest.mark.parametrize("kind", ["stream_error", "quota"])
def test_a_failed_responses_stream_is_retrieved_failed(client, kind):
    # What the stream ended with is what retrieving the response answers (a guess for a failure: no recording
    # retrieves one), billing added as JSON answers carry it, not the completed response it stored first.
    body = {"model": "gpt-4o", "input": "prompt", "stream": True}
    sent = named_events(client.post("/v1/responses", json=body, headers={"X-Fauxpen-Fault": kind}))
    failed = sent[-1][1]["response"]
    kept = client.get(f"/v1/responses/{failed['id']}").get_json()
    assert kept["status"] == "failed" and kept.pop("billing") == {"payer": "developer"}
    assert list(kept) == list(failed) and kept == failed
    unstored = named_events(client.post("/v1/responses", json={**body, "store": False},
                                        headers={"X-Fauxpen-Fault": kind}))
    assert unstored[-1][0] == "response.failed"
    assert client.get(f"/v1/responses/{unstored[-1][1]['response']['id']}").status_code == 404


@pytest.mark.parametrize("kind", ["stream_error", "quota"])
def test_a_failed_background_stream_streams_again_to_its_failure(client, kind):
    body = {"model": "gpt-4o", "input": "prompt", "stream": True, "background": True}
    sent = named_events(client.post("/v1/responses", json=body, headers={"X-Fauxpen-Fault": kind}))
    response_id = sent[0][1]["response"]["id"]
    again = client.get(f"/v1/responses/{response_id}?stream=true")
    assert again.status_code == 200 and named_events(again) == sent
    assert named_events(client.get(f"/v1/responses/{response_id}?stream=true&starting_after=1")) == sent[2:]
    assert client.get(f"/v1/responses/{response_id}").get_json()["status"] == "failed"


@pytest.mark.parametrize("kind", ["stream_error", "quota"])
def test_a_failed_responses_stream_leaves_no_answer_in_its_conversation(client, kind):
    # Output items are added to a conversation once the response completes (the SDK's `conversation` docs); a
    # failed one's are taken back, as a cancelled one's are (a guess: no recording reads one after a failure).
    conversation = client.post("/v1/conversations", json={}).get_json()["id"]
    body = {"model": "gpt-4o", "input": "prompt", "stream": True, "conversation": conversation}
    sent = named_events(client.post("/v1/responses", json=body, headers={"X-Fauxpen-Fault": kind}))
    assert sent[-1][0] == "response.failed"
    items = client.get(f"/v1/conversations/{conversation}/items?order=asc").get_json()["data"]
    assert [item["role"] for item in items] == ["user"]
    fine = named_events(client.post("/v1/responses", json=body))
    assert fine[-1][0] == "response.completed"
    items = client.get(f"/v1/conversations/{conversation}/items?order=asc").get_json()["data"]
    assert [item["role"] for item in items] == ["user", "user", "assistant"]


def test_stream_error_on_an_answer_not_streamed_is_the_500(client):
    response = fault(client, "stream_error")
    assert response.status_code == 500
    assert re.fullmatch(SERVER_ERROR, response.get_json()["error"]["message"])


def test_disconnect_drops_a_stream_midway(client):
    response = fault(client, "disconnect", STREAM)
    assert response.status_code == 200
    received = []
    with pytest.raises(ConnectionResetError):
        for event in response.response:
            received.append(event)
    assert received and all(e.startswith(b"data: {") for e in received)


def test_disconnect_cuts_an_answer_short_of_its_content_length(client):
    response = fault(client, "disconnect")
    received = []
    with pytest.raises(ConnectionResetError):
        for part in response.response:
            received.append(part)
    assert 0 < len(b"".join(received)) < int(response.headers["Content-Length"])


def test_disconnect_cuts_a_chunked_answer_in_its_first_chunk(client):
    # A large embeddings answer is sent chunked: it is cut in its first chunk rather than made whole first.
    body = {"model": "text-embedding-3-large", "input": ["word %d" % i for i in range(300)]}
    whole = client.post("/v1/embeddings", json=body).get_data()
    response = client.post("/v1/embeddings", json=body, headers={"X-Fauxpen-Fault": "disconnect"})
    assert response.status_code == 200 and "Content-Length" not in response.headers
    received = []
    with pytest.raises(ConnectionResetError):
        for part in response.response:
            received.append(part)
    cut = b"".join(received)
    assert cut and whole.startswith(cut) and len(cut) < embedding.CHUNK_BYTES < len(whole) // 2


@pytest.mark.parametrize(("attempts", "retry_count", "faulted"), [
    ("1", None, True), ("1", "0", True), ("1", "1", False), ("2", "1", True), ("2", "2", False), ("0", "0", False),
    (None, "5", True), ("1", "two", True), ("1", "\u00b2", True),
])
def test_attempts_limit_the_fault_to_the_first_tries(client, attempts, retry_count, faulted):
    headers = {}
    if attempts is not None:
        headers["X-Fauxpen-Fault-Attempts"] = attempts
    if retry_count is not None:
        headers["x-stainless-retry-count"] = retry_count
    assert fault(client, "overloaded", **headers).status_code == (503 if faulted else 200)


@pytest.mark.parametrize(("headers", "message"), [
    ({"X-Fauxpen-Fault": "boom"}, "Invalid value for 'X-Fauxpen-Fault' header: 'boom'. Supported values are: "
     "'rate_limit', 'quota', 'server_error', 'overloaded', 'stream_error', and 'disconnect'."),
    ({"X-Fauxpen-Fault": "quota", "X-Fauxpen-Fault-Attempts": "-1"},
     "Invalid value for 'X-Fauxpen-Fault-Attempts' header: '-1'. Expected a non-negative integer of at most 9 "
     "digits."),
    ({"X-Fauxpen-Latency-Ms": "fast"},
     "Invalid value for 'X-Fauxpen-Latency-Ms' header: 'fast'. Expected a non-negative integer of at most 9 "
     "digits."),
    ({"X-Fauxpen-Chunk-Delay-Ms": "1.5"},
     "Invalid value for 'X-Fauxpen-Chunk-Delay-Ms' header: '1.5'. Expected a non-negative integer of at most 9 "
     "digits."),
    ({"X-Fauxpen-Latency-Ms": "\u00b2"},
     "Invalid value for 'X-Fauxpen-Latency-Ms' header: '\u00b2'. Expected a non-negative integer of at most 9 "
     "digits."),
    ({"X-Fauxpen-Latency-Ms": "9" * 20},
     f"Invalid value for 'X-Fauxpen-Latency-Ms' header: '{'9' * 20}'. Expected a non-negative integer of at "
     "most 9 digits."),
])
def test_bad_fauxpen_headers_are_400s(client, headers, message):
    response = client.post("/v1/chat/completions", json=CHAT, headers=headers)
    assert response.status_code == 400
    assert response.get_json() == {"error": {"message": message, "type": "invalid_request_error", "param": None,
                                             "code": "invalid_value"}}


def test_faults_spare_unknown_urls_and_preflights(client):
    assert fault(client, "server_error").status_code == 500
    response = client.post("/v1/nope", headers={"X-Fauxpen-Fault": "server_error"})
    assert response.status_code == 404
    response = client.options("/v1/chat/completions", headers={"X-Fauxpen-Fault": "server_error"})
    assert response.status_code == 200


def test_invalid_requests_are_not_broken_by_stream_faults(client):
    response = fault(client, "stream_error", {**STREAM, "temperature": 9})
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == "temperature"


def test_chaos_rate_one_faults_every_request_with_the_configured_kinds():
    client = create_app({"TESTING": True, "FAUXPEN_FAULT_RATE": 1.0, "FAUXPEN_FAULTS": ("overloaded", "quota")}
                        ).test_client()
    statuses = {client.post("/v1/chat/completions", json=CHAT).status_code for _ in range(30)}
    assert statuses == {503, 429}
    assert client.get("/v1/models", headers={"X-Fauxpen-Fault-Attempts": "0"}).status_code == 200


def test_chaos_is_off_by_default(client):
    assert {client.post("/v1/chat/completions", json=CHAT).status_code for _ in range(20)} == {200}


@pytest.mark.parametrize(("config", "error"), [({"FAUXPEN_FAULTS": ("rate_limit", "meteor")}, "meteor"),
                                               ({"FAUXPEN_FAULT_RATE": 1.5}, "between 0 and 1")])
def test_bad_chaos_settings_stop_the_app_from_starting(config, error):
    with pytest.raises(ValueError, match=error):
        create_app({"TESTING": True, **config})


# --- Latency ------------------------------------------------------------------------------------------------

@pytest.fixture
def sleeps(monkeypatch):
    """Record the simulated waits of this thread instead of sleeping them (others, the log writer's, sleep)."""
    recorded, real_sleep, this_thread = [], time.sleep, threading.current_thread()

    def sleep(seconds):
        if threading.current_thread() is this_thread:
            recorded.append(seconds)
        else:
            real_sleep(seconds)

    monkeypatch.setattr(latency.time, "sleep", sleep)
    return recorded


def test_no_latency_by_default(client, sleeps):
    assert events(client.post("/v1/chat/completions", json=STREAM))[-1] == "[DONE]"
    client.post("/v1/chat/completions", json=CHAT)
    assert sleeps == []


def test_stream_waits_for_the_first_token_then_between_chunks(sleeps):
    client = create_app({"TESTING": True, "FAUXPEN_LATENCY_MS": 300, "FAUXPEN_CHUNK_DELAY_MS": 20}).test_client()
    sent = events(client.post("/v1/chat/completions", json=STREAM))
    assert sent[-1] == "[DONE]"
    assert sleeps == [0.3] + [0.02] * (len(sent) - 1)


def test_headers_override_the_configured_latency(sleeps):
    client = create_app({"TESTING": True, "FAUXPEN_LATENCY_MS": 300, "FAUXPEN_CHUNK_DELAY_MS": 20}).test_client()
    sent = events(client.post("/v1/chat/completions", json=STREAM,
                              headers={"X-Fauxpen-Latency-Ms": "5", "X-Fauxpen-Chunk-Delay-Ms": "0"}))
    assert sleeps == [0.005] + [0] * (len(sent) - 1)


def test_an_answer_not_streamed_waits_the_latency_once(client, sleeps):
    response = client.post("/v1/chat/completions", json=CHAT, headers={"X-Fauxpen-Latency-Ms": "250",
                                                                       "X-Fauxpen-Chunk-Delay-Ms": "10"})
    assert response.status_code == 200 and sleeps == [0.25]


def test_errors_are_not_delayed(client, sleeps):
    response = client.post("/v1/chat/completions", json={"model": "foo"}, headers={"X-Fauxpen-Latency-Ms": "250"})
    assert response.status_code == 404 and sleeps == []


def test_a_broken_stream_is_paced_without_waiting_for_what_it_drops(client, sleeps):
    sent = events(fault(client, "stream_error", STREAM, **{"X-Fauxpen-Chunk-Delay-Ms": "10"}))
    assert sleeps == [0] + [0.01] * (len(sent) - 1)


@pytest.mark.parametrize(("chunks", "end"), [
    ([b"data: 1\n\n", b"data: 2\n\n", b"data: [DONE]\n\n"], b"\n\n"),
    ([b"data: 1\n\ndata: 2\n\ndata: [DONE]\n\n"], b"\n\n"),
    ([b"data: 1\n", b"\ndata: 2\n\nda", b"ta: [DONE]\n\n"], b"\n\n"),
    # The transcription streams end their events in CRLFs (recorded in 2026): paced and broken event by event too.
    ([b"data: 1\r\n\r\ndata: 2\r\n\r\ndata: [DONE]\r\n\r\n"], b"\r\n\r\n"),
    ([b"data: 1\r\n\r", b"\ndata: 2\r", b"\n\r\ndata: [DONE]\r\n\r\n"], b"\r\n\r\n"),
])
def test_stream_faults_and_pacing_see_events_however_the_stream_batches_and_ends_them(chunks, end, sleeps):
    assert list(faults.broken_stream(chunks, b"data: error" + end)) == [b"data: 1" + end, b"data: error" + end]
    assert list(latency.paced(chunks, 100, 10)) == [b"data: 1" + end, b"data: 2" + end, b"data: [DONE]" + end]
    assert sleeps == [0.1, 0.01, 0.01]


def closing_app():
    """An app with a 100-byte body limit, and the environs it was called with (their CLOSING marks)."""
    app, seen = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": 100}), []
    inner = app.wsgi_app

    def wsgi_app(environ, start_response):
        seen.append(environ)
        return inner(environ, start_response)

    app.wsgi_app = wsgi_app
    return app, seen


TOO_LARGE = {"error": {"message": "Request body too large: the maximum request size is 100 bytes.",
                       "type": "invalid_request_error", "param": None, "code": "request_too_large"}}


@pytest.mark.parametrize("kind", ["quota", "server_error", "overloaded", "stream_error", "disconnect", "nonsense"])
def test_a_fault_is_not_answered_over_a_body_over_the_size_limit(kind):
    # The body's 413 comes first, its connection closed (the rest of it unread), as the front end refuses it before
    # the API: a streamed Responses request's quota fault answered over it (its stream read as not asked for), and
    # the other faults without reading it.
    app, seen = closing_app()
    client = app.test_client()
    body = json.dumps({"model": "gpt-5", "input": "x" * 100, "stream": True})
    response = client.post("/v1/responses", data=body, content_type="application/json",
                           headers={"X-Fauxpen-Fault": kind})
    assert (response.status_code, response.get_json()) == (413, TOO_LARGE)
    assert seen[0][CLOSING]  # the connection's last answer (a server says Connection: close)


def test_a_chunked_body_over_the_size_limit_is_refused_before_a_streamed_quota_fault():
    # A body without a Content-Length is read up to the limit to learn whether it asks for a stream: past it, 413.
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Response as WerkzeugResponse

    app, seen = closing_app()
    body = json.dumps({"model": "gpt-5", "input": "x" * 100, "stream": True}).encode()
    environ = EnvironBuilder(path="/v1/responses", method="POST", data=body, content_type="application/json",
                             headers={"X-Fauxpen-Fault": "quota"}).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True  # as gunicorn says of a chunked body it reads
    response = WerkzeugResponse.from_app(app, environ)
    assert (response.status_code, json.loads(response.get_data())) == (413, TOO_LARGE)
    assert seen[0][CLOSING]


def test_a_fault_is_still_answered_over_a_body_that_is_not_json(client):
    # Read to its end but unparseable: the quota fault's 429, not the stream (the body's refusal would come later).
    response = client.post("/v1/responses", data="{not json", content_type="application/json",
                           headers={"X-Fauxpen-Fault": "quota"})
    assert response.status_code == 429 and response.get_json()["error"]["code"] == "insufficient_quota"
