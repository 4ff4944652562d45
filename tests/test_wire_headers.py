"""The wire headers reach every answer once, after the answer's own, with the real API's precedence."""
import re

import pytest
from flask import Response

from fauxpen import create_app


def make_app():
    app = create_app({"TESTING": True})

    @app.get("/own-headers")
    def own_headers():
        return Response("{}", headers={"x-ratelimit-remaining-requests": "0", "X-Request-ID": "mine",
                                       "Retry-After": "1"})

    return app


def test_answer_keeps_its_ratelimit_headers_and_gets_ours_for_the_rest():
    response = make_app().test_client().get("/own-headers")
    headers = response.headers
    assert headers.getlist("x-ratelimit-remaining-requests") == ["0"]
    assert headers.getlist("x-request-id") != ["mine"] and len(headers.getlist("x-request-id")) == 1
    assert headers["x-request-id"].startswith("req_")
    assert headers["retry-after"] == "1"
    assert headers["x-ratelimit-limit-requests"] == "10000"


def test_every_wire_header_appears_once_on_success_and_error():
    client = make_app().test_client()
    answers = [client.get("/v1/models"), client.post("/v1/chat/completions", json={"model": "gpt-4o"}),
               client.get("/v1/nowhere")]
    for response in answers:
        names = [name.lower() for name, _ in response.headers]
        for name in ("x-request-id", "openai-organization", "openai-processing-ms", "openai-version",
                     "x-ratelimit-limit-requests", "x-ratelimit-reset-tokens"):
            assert names.count(name) == 1, (response.status_code, name)


def header_names(response):
    return {name.lower() for name, _ in response.headers}


def test_embeddings_answers_let_any_origin_read_them_and_name_the_model_past_the_schema():
    client = make_app().test_client()
    ok = client.post("/v1/embeddings", json={"model": "text-embedding-ada-002", "input": "Hi"})
    assert ok.headers["access-control-allow-origin"] == "*"
    assert ok.headers["openai-model"] == "text-embedding-ada-002-v2"
    # The schema's refusals (worded as jsonschema words them) come before the model is named.
    schema = client.post("/v1/embeddings", json={"model": "text-embedding-3-small", "input": "Hi", "dimensions": 0})
    assert schema.status_code == 400 and schema.headers["access-control-allow-origin"] == "*"
    assert "openai-model" not in header_names(schema)
    # The model's own refusals name it.
    for extra in ({"encoding_format": "unknown"}, {"dimensions": 256}):
        refused = client.post("/v1/embeddings", json={"model": "text-embedding-ada-002", "input": "Hi", **extra})
        assert refused.status_code == 400
        assert refused.headers["openai-model"] == "text-embedding-ada-002-v2"
    # The gateway's refusal has neither.
    gateway = client.post("/v1/embeddings", json={"input": "Hi"})
    assert {"openai-model", "access-control-allow-origin"}.isdisjoint(header_names(gateway))


def test_an_origin_fauxpen_is_told_to_allow_keeps_its_own_value_on_embeddings():
    app = create_app({"TESTING": True, "FAUXPEN_CORS_ORIGINS": ["https://app.test"]})
    answer = app.test_client().post("/v1/embeddings", json={"model": "text-embedding-3-small", "input": "Hi"},
                                    headers={"Origin": "https://app.test"})
    assert answer.headers.getlist("access-control-allow-origin") == ["https://app.test"]


def test_chat_answers_carry_no_cors_or_cache_headers_of_their_own():
    client = make_app().test_client()
    for extra in ({}, {"stream": True}):
        answer = client.post("/v1/chat/completions", json={"model": "gpt-4o", "stream": False,
                                                           "messages": [{"role": "user", "content": "Hi"}], **extra})
        assert {"access-control-allow-origin", "cache-control", "openai-model"}.isdisjoint(header_names(answer))


def test_a_project_key_or_header_gets_its_project_named():
    # Recorded (2025-2026): answers to a project key carry openai-project between openai-processing-ms and
    # openai-version; answers to an organization's key do not.
    client = make_app().test_client()
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}

    def openai_headers(**headers):
        response = client.post("/v1/chat/completions", json=body, headers=headers)
        return [(name.lower(), value) for name, value in response.headers if name.lower().startswith("openai-")]

    keyed = openai_headers(Authorization="Bearer sk-proj-0123456789abcdef")
    assert [name for name, _ in keyed] == ["openai-organization", "openai-processing-ms", "openai-project",
                                           "openai-version"]
    project = dict(keyed)["openai-project"]
    assert project.startswith("proj_") and len(project) == 29 and project[5:].isalnum()
    assert dict(openai_headers(Authorization="Bearer sk-proj-0123456789abcdef"))["openai-project"] == project
    assert "openai-project" not in dict(openai_headers(Authorization="Bearer sk-0123456789abcdef"))
    assert dict(openai_headers(**{"Authorization": "Bearer sk-x", "OpenAI-Project": "proj_Abc"}))[
        "openai-project"] == "proj_Abc"


def test_the_front_layers_refusals_of_a_model_or_a_key_say_vary_origin():
    # The conformance recordings' 404s (an unknown model) and 400s (no model) of chat and embeddings, and
    # newrelic-python-agent's cassettes' 401s (DEADBEEF) and 404s of chat and embeddings (November 2024, July 2026),
    # carry `vary: Origin`; their answers and the API's own refusals do not.
    client = make_app().test_client()
    keyed = create_app({"TESTING": True, "FAUXPEN_API_KEYS": ("sk-good",)}).test_client()
    bad_key = {"Authorization": "Bearer DEADBEEF"}
    refused = [
        client.post("/v1/chat/completions", json={"model": "does-not-exist", "messages": [{"role": "user",
                                                                                            "content": "Hi"}]}),
        client.post("/v1/embeddings", json={"model": "does-not-exist", "input": "Model does not exist."}),
        client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "Hi"}]}),
        client.post("/v1/embeddings", json={"input": "hi"}),
        keyed.post("/v1/chat/completions", json={"model": "gpt-5.1", "messages": [{"role": "user", "content": "Hi"}]},
                   headers=bad_key),
        keyed.post("/v1/embeddings", json={"model": "text-embedding-ada-002", "input": "hi"}, headers=bad_key),
    ]
    assert [response.status_code for response in refused] == [404, 404, 400, 400, 401, 401]
    for response in refused:
        assert response.headers.getlist("vary") == ["Origin"], response.status_code
    answered = [client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [{"role": "user",
                                                                                           "content": "Hi"}]}),
                client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": []})]
    assert [response.status_code for response in answered] == [200, 400]
    assert all("vary" not in header_names(response) for response in answered)


def test_the_front_layers_refusal_of_a_model_exposes_cf_ray_twice():
    # braintrust-sdk-python's cassette (chat, October 2026): the 404 for `non-existent-model` exposes
    # `CF-Ray, CF-Ray`, without the X-Request-ID the answers of that session name first.
    client = make_app().test_client()
    question = [{"role": "user", "content": "What's 12 + 12?"}]
    refused = client.post("/v1/chat/completions", json={"model": "non-existent-model", "messages": question})
    assert refused.status_code == 404
    assert refused.headers["access-control-expose-headers"] == "CF-Ray, CF-Ray"
    answered = client.post("/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": question})
    assert answered.headers["access-control-expose-headers"] == "X-Request-ID, CF-Ray, CF-Ray"


def wsgi_answer(app, body):
    """POST body to chat through the WSGI app; return the status, the header list it hands the server, the body."""
    import json
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(method="POST", path="/v1/chat/completions", data=json.dumps(body),
                             headers={"Content-Type": "application/json", "Authorization": "Bearer sk-x"}).get_environ()
    started = []
    sent = b"".join(app(environ, lambda status, headers, exc_info=None: started.append((status, headers))))
    return (*started[0], sent)


# What a plain chat answer hands the server, name by name in order (the request id and time aside): the header
# list a change to how it is built must leave as it is, every byte.
WIRE = [("x-request-id", None), ("openai-organization", "user-fauxpen"), ("openai-processing-ms", None),
        ("openai-version", "2020-10-01"), ("access-control-expose-headers", "X-Request-ID, CF-Ray, CF-Ray"),
        ("x-ratelimit-limit-requests", "10000"), ("x-ratelimit-limit-tokens", "30000000"),
        ("x-ratelimit-remaining-requests", "9999"), ("x-ratelimit-remaining-tokens", "29999988"),
        ("x-ratelimit-reset-requests", "6ms"), ("x-ratelimit-reset-tokens", "0s")]


@pytest.mark.parametrize(("extra", "status", "own"), [
    ({}, "200 OK", [("Content-Type", "application/json"), ("Content-Length", None)]),
    ({"temperature": 5}, "400 BAD REQUEST", [("Content-Type", "application/json"), ("Content-Length", None)]),
    ({"stream": True}, "200 OK", [("Content-Type", "text/event-stream; charset=utf-8")]),
])
def test_a_chat_answers_header_list_is_pinned_name_by_name(extra, status, own):
    from .conftest import STD_MESSAGES

    got_status, headers, sent = wsgi_answer(make_app(), {"model": "gpt-4o", "messages": STD_MESSAGES, **extra})
    assert got_status == status
    assert [name for name, _ in headers] == [name for name, _ in own + WIRE]
    varying = ("x-request-id", "openai-processing-ms", "Content-Length")
    assert [(name, value) for name, value in headers if name not in varying] == [
        (name, value) for name, value in own + WIRE if value is not None]
    values = dict(headers)
    assert re.fullmatch(r"req_[0-9a-f]{32}", values["x-request-id"])
    assert re.fullmatch(r"[0-9]+", values["openai-processing-ms"])
    assert values.get("Content-Length", str(len(sent))) == str(len(sent))
    assert all(type(name) is str and type(value) is str for name, value in headers)
