"""POST /v1/traces/ingest, as the Agents SDK's trace exporter calls it (recorded in April 2026)."""

BATCH = {"data": [
    {"object": "trace", "id": "trace_708cab2fe08948bf889af1ac63ab47e6", "workflow_name": "Agent workflow",
     "group_id": None, "metadata": None},
    {"object": "trace.span", "id": "span_445dd203aa0b4e6db9a62edf",
     "trace_id": "trace_708cab2fe08948bf889af1ac63ab47e6", "parent_id": None, "started_at": "2026-04-15T23:10:08.537691+00:00", "ended_at": "2026-04-15T23:10:09.1+00:00",
     "span_data": {"type": "response", "response_id": "resp_0ba3"}, "error": None}]}


def test_a_batch_is_taken_with_no_content(client):
    response = client.post("/v1/traces/ingest", json=BATCH, headers={"OpenAI-Beta": "traces=v1"})
    assert (response.status_code, response.get_data()) == (204, b"")
    assert "Content-Type" not in response.headers
    assert response.headers["x-request-id"].startswith("req_") and "openai-processing-ms" in response.headers
    assert not any(name.startswith("x-ratelimit-") for name in response.headers.keys())


def test_a_body_that_is_not_json_is_refused_as_everywhere(client):
    response = client.post("/v1/traces/ingest", data="{", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("We could not parse the JSON body of your request.")
