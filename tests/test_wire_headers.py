"""The wire headers reach every answer once, after the answer's own, with the real API's precedence."""
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
