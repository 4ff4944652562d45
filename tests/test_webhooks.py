"""Webhook endpoints: managed as the SDK types them, and a test delivery the SDK's unwrap verifies."""
import http.server
import io
import json
import re
import secrets
import socket
import threading
import time

import openai
import pytest

from fauxpen import create_app
from fauxpen.views import webhooks


@pytest.fixture
def client(tmp_path):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite")}).test_client()


@pytest.fixture
def receiver():
    """A local handler that keeps what it is sent to its own path and answers 204.

    Its path is made up for each receiver, and a POST to any other is answered 404 and not kept: the port it
    listens on is one any other local process may have meant for itself (another suite run at the same time, whose
    gunicorn is started on a port it chose free and bound a moment later, took this one's 501 to a GET for its own
    answer and sent it requests). One such POST, of no webhook headers, was once kept as a second delivery.
    """
    received, own = [], "/hooks/" + secrets.token_hex(8)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path != own:
                self.send_response(404)
                self.end_headers()
                return
            received.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{own}", received
    server.shutdown()
    server.server_close()


def new_endpoint(client, url="https://example.com/hooks", **body):
    response = client.post("/v1/webhook_endpoints", json={"name": "mine", "url": url,
                                                          "event_types": ["response.completed"], **body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def error(response, status=400):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


def test_a_new_endpoint_shows_its_secret_once(client):
    response = client.post("/v1/webhook_endpoints", json={"name": "mine", "url": "https://example.com/hooks",
                                                          "event_types": ["batch.completed", "response.completed"]})
    made = response.get_json()
    assert response.get_data(as_text=True) == json.dumps(made, indent=2)
    assert list(made) == ["id", "object", "created_at", "event_types", "name", "signing_secret",
                          "signing_secret_hint", "updated_at", "url"]
    assert made["object"] == "webhook_endpoint" and re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", made["signing_secret"])
    assert made["signing_secret_hint"] == "whsec_..." + made["signing_secret"][-4:]
    shown = client.get(f"/v1/webhook_endpoints/{made['id']}").get_json()
    assert "signing_secret" not in shown and shown["url"] == "https://example.com/hooks"
    assert [item["id"] for item in client.get("/v1/webhook_endpoints").get_json()["data"]] == [made["id"]]


@pytest.mark.parametrize("body, param", [
    ({"url": "https://example.com", "event_types": ["batch.completed"]}, "name"),
    ({"name": "x", "url": "ftp://example.com", "event_types": ["batch.completed"]}, "url"),
    ({"name": "x", "url": "https://example.com", "event_types": ["batch.done"]}, "event_types[0]"),
    ({"name": "x", "url": "https://example.com", "event_types": []}, "event_types"),
])
def test_a_bad_endpoint_is_refused(client, body, param):
    assert error(client.post("/v1/webhook_endpoints", json=body))["param"] == param


def test_updates_rotation_and_deletion(client):
    made = new_endpoint(client)
    same = client.post(f"/v1/webhook_endpoints/{made['id']}", json={"name": "mine"}).get_json()
    assert same["updated_at"] == made["updated_at"]
    changed = client.post(f"/v1/webhook_endpoints/{made['id']}", json={"event_types": ["batch.failed"]}).get_json()
    assert changed["event_types"] == ["batch.failed"]
    rotated = client.post(f"/v1/webhook_endpoints/{made['id']}/rotate_secret", json={}).get_json()
    assert rotated["signing_secret"] != made["signing_secret"]
    deleted = client.delete(f"/v1/webhook_endpoints/{made['id']}").get_json()
    assert deleted == {"id": made["id"], "object": "webhook_endpoint.deleted", "deleted": True}
    assert error(client.get(f"/v1/webhook_endpoints/{made['id']}"), 404)["message"] == (
        f"Webhook endpoint with id '{made['id']}' not found.")


def test_a_test_delivery_is_signed_as_the_sdk_verifies(client, receiver):
    url, received = receiver
    made = new_endpoint(client, url)
    answer = client.post(f"/v1/webhook_endpoints/{made['id']}/test", json={"event_type": "batch.completed"})
    assert answer.get_json() == {"object": "webhook_endpoint.test", "webhook_endpoint_id": made["id"],
                                 "event_type": "batch.completed", "status_code": 204, "success": True}
    headers, body = received[0]
    sdk = openai.OpenAI(api_key="sk-test", base_url="http://127.0.0.1:1/v1")
    event = sdk.webhooks.unwrap(body, headers, secret=made["signing_secret"])
    assert event.type == "batch.completed" and event.data.id.startswith("batch_")
    # Rotated keeping the old secret: a delivery verifies with either for a day.
    rotated = client.post(f"/v1/webhook_endpoints/{made['id']}/rotate_secret",
                          json={"keep_old_secret_active_for_24_hours": True}).get_json()
    answer = client.post(f"/v1/webhook_endpoints/{made['id']}/test", json={"event_type": "response.completed"})
    assert answer.get_json() == {"object": "webhook_endpoint.test", "webhook_endpoint_id": made["id"],
                                 "event_type": "response.completed", "status_code": 204, "success": True}
    assert len(received) == 2
    headers, body = received[1]
    for secret in (made["signing_secret"], rotated["signing_secret"]):
        assert sdk.webhooks.unwrap(body, headers, secret=secret).type == "response.completed"
    with pytest.raises(openai.InvalidWebhookSignatureError):
        sdk.webhooks.unwrap(body, headers, secret="whsec_" + "A" * 43 + "=")


def test_the_receiver_keeps_only_what_is_sent_to_its_own_path(receiver):
    """A stray POST to the receiver's port (another suite's client that took it for its server) is not kept."""
    import urllib.error
    import urllib.request
    url, received = receiver
    stray = url.rsplit("/", 2)[0] + "/v1/chat/completions"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(stray, data=b"{}", method="POST"), timeout=5)
    assert refused.value.code == 404 and received == []


def test_a_test_delivery_that_cannot_connect_is_refused(client):
    made = new_endpoint(client, "http://127.0.0.1:1/hooks")
    found = error(client.post(f"/v1/webhook_endpoints/{made['id']}/test", json={"event_type": "batch.completed"}))
    assert found["message"].startswith("Could not deliver the test event to http://127.0.0.1:1/hooks")


def test_a_test_delivery_answered_with_what_is_not_http_is_refused(client):
    """A receiver that answers garbage is a delivery that failed, not a server error."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def answer_garbage():
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(b"garbage\r\n\r\n")
        threading.Thread(target=answer_garbage, daemon=True).start()
        made = new_endpoint(client, f"http://127.0.0.1:{listener.getsockname()[1]}/hooks")
        found = error(client.post(f"/v1/webhook_endpoints/{made['id']}/test", json={"event_type": "batch.completed"}))
    assert found["message"].startswith("Could not deliver the test event to http://127.0.0.1:")
    assert "garbage" in found["message"] and found["param"] == "url"  # http.client's BadStatusLine, read


@pytest.mark.parametrize("url", ["http://a b/", "http://a\tb/", "http://[::1", "http://host:port/", "https:///path",
                                 "http://127.0.0.1/a\x00b", "http://127.0.0.1/päth", "http://user:pw@127.0.0.1/x"])
def test_a_url_no_delivery_could_be_sent_to_is_refused(client, url):
    found = error(client.post("/v1/webhook_endpoints", json={"name": "x", "url": url,
                                                            "event_types": ["batch.completed"]}))
    assert (found["message"], found["param"], found["code"]) == (
        f"Invalid URL: '{url}'. Expected an HTTPS URL.", "url", "invalid_url")


def test_the_sdk_manages_webhook_endpoints(sdk, receiver):
    url, received = receiver
    made = sdk.webhooks.create(name="sdk", url=url, event_types=["eval.run.succeeded"])
    assert made.signing_secret.startswith("whsec_")
    assert sdk.webhooks.retrieve(made.id).name == "sdk"
    assert made.id in [item.id for item in sdk.webhooks.list()]
    assert sdk.webhooks.update(made.id, name="renamed").name == "renamed"
    result = sdk.webhooks.test(made.id, event_type="eval.run.succeeded")
    assert result.status_code == 204 and result.success
    headers, body = received[0]
    assert sdk.webhooks.unwrap(body, headers, secret=made.signing_secret).data.id.startswith("evalrun_")
    assert sdk.webhooks.rotate_secret(made.id).signing_secret != made.signing_secret
    assert sdk.webhooks.delete(made.id).deleted


def sdk_event_types():
    """The SDK's webhook event classes (types/webhooks), by the event type each one's `type` names."""
    from typing import get_args

    from openai.types.webhooks.unwrap_webhook_event import UnwrapWebhookEvent
    union = get_args(UnwrapWebhookEvent)[0]
    return {get_args(kind.model_fields["type"].annotation)[0]: kind for kind in get_args(union)}


def test_every_sample_event_the_sdk_types_validates_against_its_type(client, receiver):
    """A test delivery's payload is a valid instance of the SDK's event type (all its required fields: an agent
    session's environment_type, the action it requires ...), checked by pydantic, not the SDK's lenient unwrap."""
    from fauxpen.views.webhooks import EVENT_TYPES
    url, received = receiver
    made = new_endpoint(client, url=url, event_types=list(EVENT_TYPES))
    typed = sdk_event_types()
    untyped = [kind for kind in EVENT_TYPES if kind not in typed]
    assert untyped == ["video.completed", "video.failed"]  # the SDK subscribes to them but types no event
    for kind in EVENT_TYPES:
        assert client.post(f"/v1/webhook_endpoints/{made['id']}/test", json={"event_type": kind}).status_code == 200
        event = json.loads(received[-1][1])
        if kind in typed:
            typed[kind].model_validate(event)  # raises on a missing or mistyped field
    assert len(received) == len(EVENT_TYPES)


def test_the_event_types_are_listed(client):
    from openai.types.webhooks.webhook_event_type_list import WebhookEventTypeList

    response = client.get("/v1/webhook_event_types")
    listed = WebhookEventTypeList.model_validate(response.get_json(), strict=True)
    assert response.status_code == 200 and listed.object == "list"
    assert "batch.completed" in listed.data and "agent.session.idle" in listed.data and len(listed.data) == 29
    # openai 3.63's, in its order: an organization's health alerts first
    assert listed.data[:3] == ["health.alert.triggered", "health.alert.resolved", "batch.completed"]


# --- real events: what a batch, a background response, a job or an eval run sends when it ends -----------------

def quick_client(tmp_path, **config):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite"),
                       "FAUXPEN_BACKGROUND_SECONDS": 1, "FAUXPEN_BATCH_SECONDS": 1, "FAUXPEN_EVAL_SECONDS": 1,
                       **config}).test_client()


def events_received(received, secret, count, wait=10):
    """The first count deliveries (verified with the SDK's unwrap), waiting up to wait seconds for them."""
    deadline = time.monotonic() + wait
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    sdk = openai.OpenAI(api_key="sk-test", base_url="http://127.0.0.1:1/v1")
    return [sdk.webhooks.unwrap(body, headers, secret=secret) for headers, body in received[:count]]


def background(client):
    response = client.post("/v1/responses", json={"model": "gpt-4o-mini", "input": "Hi", "background": True})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["id"]


def test_a_background_response_sends_its_event_when_done(tmp_path, receiver):
    client = quick_client(tmp_path)
    url, received = receiver
    made = new_endpoint(client, url, event_types=["response.completed", "response.cancelled"])
    new_endpoint(client, url, event_types=["batch.completed"])  # not subscribed: sent nothing
    response_id = background(client)
    assert received == []  # queued: nothing yet
    [event] = events_received(received, made["signing_secret"], 1)
    assert (event.type, event.data.id, event.object) == ("response.completed", response_id, "event")
    assert client.get(f"/v1/responses/{response_id}").get_json()["status"] == "completed"
    assert re.fullmatch(r"evt_[0-9a-f]{32}", event.id)
    time.sleep(2 * webhooks.WATCH_INTERVAL)
    assert len(received) == 1  # once, to the endpoint that subscribes


def test_a_cancelled_background_response_sends_cancelled(tmp_path, receiver):
    client = quick_client(tmp_path, FAUXPEN_BACKGROUND_SECONDS=30)
    url, received = receiver
    made = new_endpoint(client, url, event_types=["response.completed", "response.cancelled"])
    response_id = background(client)
    assert client.post(f"/v1/responses/{response_id}/cancel").get_json()["status"] == "cancelled"
    [event] = events_received(received, made["signing_secret"], 1)
    assert (event.type, event.data.id) == ("response.cancelled", response_id)


def test_a_batch_and_an_eval_run_send_their_events(tmp_path, receiver):
    client = quick_client(tmp_path)
    url, received = receiver
    made = new_endpoint(client, url, event_types=["batch.completed", "eval.run.succeeded"])
    line = json.dumps({"custom_id": "a", "method": "POST", "url": "/v1/chat/completions",
                       "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}})
    file_id = client.post("/v1/files", data={"file": (io.BytesIO(line.encode()), "in.jsonl"), "purpose": "batch"},
                          content_type="multipart/form-data").get_json()["id"]
    batch = client.post("/v1/batches", json={"input_file_id": file_id, "endpoint": "/v1/chat/completions",
                                             "completion_window": "24h"}).get_json()
    evaluation = client.post("/v1/evals", json={
        "data_source_config": {"type": "custom", "item_schema": {"type": "object", "properties": {}}},
        "testing_criteria": [{"type": "string_check", "name": "x", "input": "a", "reference": "a",
                              "operation": "eq"}]}).get_json()
    run = client.post(f"/v1/evals/{evaluation['id']}/runs", json={"data_source": {
        "type": "jsonl", "source": {"type": "file_content", "content": [{"item": {}}]}}}).get_json()
    events = events_received(received, made["signing_secret"], 2)
    assert sorted((event.type, event.data.id) for event in events) == [
        ("batch.completed", batch["id"]), ("eval.run.succeeded", run["id"])]


def test_a_cancelled_fine_tuning_job_sends_cancelled(tmp_path, receiver):
    client = quick_client(tmp_path, FAUXPEN_FINE_TUNING_SECONDS=60)
    url, received = receiver
    made = new_endpoint(client, url, event_types=["fine_tuning.job.cancelled"])
    lines = "\n".join(json.dumps({"messages": [{"role": "user", "content": "Hi"},
                                               {"role": "assistant", "content": "Hello"}]}) for _ in range(10))
    file_id = client.post("/v1/files", data={"file": (io.BytesIO(lines.encode()), "train.jsonl"),
                                             "purpose": "fine-tune"},
                          content_type="multipart/form-data").get_json()["id"]
    job = client.post("/v1/fine_tuning/jobs", json={"model": "gpt-4o-mini-2024-07-18", "training_file": file_id})
    assert job.status_code == 200, job.get_data(as_text=True)
    client.post(f"/v1/fine_tuning/jobs/{job.get_json()['id']}/cancel")
    [event] = events_received(received, made["signing_secret"], 1)
    assert (event.type, event.data.id) == ("fine_tuning.job.cancelled", job.get_json()["id"])


def test_without_an_endpoint_nothing_is_watched(tmp_path):
    client = quick_client(tmp_path)
    unwatched = background(client)
    assert unwatched not in [object_id for _, object_id in webhooks._watched]
    new_endpoint(client, "http://127.0.0.1:1/hooks")
    watched = background(client)
    assert watched in [object_id for _, object_id in webhooks._watched]


def test_a_fine_tuning_job_whose_file_is_refused_sends_failed(tmp_path, receiver):
    client = quick_client(tmp_path)
    url, received = receiver
    made = new_endpoint(client, url, event_types=["fine_tuning.job.failed", "fine_tuning.job.succeeded"])
    lines = "\n".join(json.dumps({"messages": [{"role": "user", "content": "Hi"},
                                               {"role": "assistant", "content": "Hello"}]}) for _ in range(3))
    file_id = client.post("/v1/files", data={"file": (io.BytesIO(lines.encode()), "train.jsonl"),
                                             "purpose": "fine-tune"},
                          content_type="multipart/form-data").get_json()["id"]
    job = client.post("/v1/fine_tuning/jobs", json={"model": "gpt-4o-mini-2024-07-18", "training_file": file_id})
    [event] = events_received(received, made["signing_secret"], 1)
    assert (event.type, event.data.id) == ("fine_tuning.job.failed", job.get_json()["id"])
