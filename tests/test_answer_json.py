"""The JSON bytes of an answer: the template for plain text answers writes what the general encoder writes, in the
layout the API writes chat answers in (indented by two; refusals too, but the front layer's, indented by four as
Go indents them)."""
import json

from hypothesis import given, settings, strategies as st

from fauxpen import completion
from fauxpen.errors import GatewayError, OpenAIError
from fauxpen.jsontext import escape_lone_surrogates, indented_json_bytes, json_bytes, scalar

# Any text a request or a replies file can bring: quotes, backslashes, control characters, non-ASCII, and the
# lone surrogates a request may send as \ud800.
TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=60)


@st.composite
def completions(draw):
    n = draw(st.integers(1, 3))
    choices = []
    for index in range(n):
        pieces = tuple(draw(st.lists(TEXT, max_size=4)))
        if draw(st.booleans()) and index == 0 and n == 1:
            call = completion.ToolCall("call_x", draw(TEXT), pieces)
            choices.append(completion.Choice(index, (), "tool_calls", 7, tool_calls=[call]))
        else:
            choices.append(completion.Choice(index, pieces, draw(st.sampled_from(["stop", "length"])),
                                             draw(st.integers(0, 10**6))))
    return completion.Completion(
        id=draw(TEXT), created=draw(st.integers(0, 2**40)), model=draw(TEXT),
        system_fingerprint=draw(st.none() | TEXT), choices=choices, prompt_tokens=draw(st.integers(0, 10**7)),
        logprobs=draw(st.booleans()) and n == 1, service_tier=draw(st.sampled_from(["default", "auto"])))


@settings(max_examples=400, deadline=None)
@given(completions())
def test_to_json_writes_what_the_encoder_writes_for_to_dict(answer):
    data = answer.to_json()
    assert data == indented_json_bytes(answer.to_dict())
    assert json.loads(data) == json.loads(json_bytes(answer.to_dict()))


def test_a_plain_answer_keeps_the_api_key_order():
    answer = completion.Completion(id="chatcmpl-1", created=1, model="gpt-4o-2024-08-06", system_fingerprint=None,
                                   choices=[completion.plan_choice(0, "Hi there")], prompt_tokens=9)
    assert list(json.loads(answer.to_json())) == ["id", "object", "created", "model", "choices", "usage",
                                                  "service_tier", "system_fingerprint"]


@given(st.none() | st.booleans() | st.integers() | TEXT | st.floats(allow_nan=False))
def test_scalar_is_what_the_encoder_writes(value):
    assert scalar(value).encode("utf-8", "surrogatepass") == json.dumps(
        value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


@given(TEXT, st.sampled_from(["invalid_request_error", "server_error", "tokens"]), st.none() | TEXT, st.none() | TEXT)
def test_error_to_json_writes_what_the_encoder_writes(message, kind, param, code):
    error = OpenAIError(message, param=param, code=code, type=kind)
    assert error.to_json() == json_bytes(error.to_dict())
    assert error.body() == indented_json_bytes(error.to_dict())


# What Go's encoding/json escapes beyond JSON's own.
GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@given(TEXT, st.none() | TEXT, st.none() | TEXT)
def test_a_front_layer_refusal_is_indented_by_four_as_go_writes_it(message, param, code):
    error = GatewayError(message, param=param, code=code)
    go = json.dumps(error.to_dict(), indent=4, ensure_ascii=False).translate(str.maketrans(GO_ESCAPES))
    assert error.body() == escape_lone_surrogates(go).encode()


def test_the_layouts_are_the_recorded_ones():
    # The recorded lengths: a 401 of 2026 (dd-trace-py, 276 bytes with the newline; its key masked as the API
    # masks one, its <...> escaped as Go escapes them), an embeddings 400 of 2025 (160, ai-gateway).
    unauthorized = GatewayError("Incorrect API key provided: <not-a-r****key>. You can find your API key at "
                                "https://platform.openai.com/account/api-keys.", code="invalid_api_key")
    assert len(unauthorized.body()) + 1 == 276
    assert b"\\u003cnot-a-r****key\\u003e" in unauthorized.body()


def test_chat_writes_answers_and_refusals_in_the_apis_layouts(client):
    # 2025-2026 captures (langchaingo, dd-trace-py, crewAI cassettes): chat answers indented by two with a newline
    # at the end; the backend's refusals indented by two with none (the lengths of 1,243 conformance recordings
    # and of a gpt-5 refusal of 2025); the front layer's (an unknown model) by four, as Go writes them, and a
    # newline.
    messages = [{"role": "user", "content": "Hello <there> & welcome"}]
    for body in ({"model": "gpt-4o", "messages": messages}, {"model": "gpt-4o", "messages": messages, "n": 2},
                 {"model": "gpt-4o", "messages": messages, "temperature": 5}):
        response = client.post("/v1/chat/completions", json=body)
        assert response.mimetype == "application/json"
        end = b"" if response.status_code == 400 else b"\n"
        assert response.data == json.dumps(response.get_json(), indent=2, ensure_ascii=False).encode() + end
    refused = client.post("/v1/embeddings", json={"model": "text-embedding-3-small", "input": "hi", "dimensions": 0})
    assert refused.status_code == 400 and refused.data.endswith(b"}\n")  # embeddings' keep the newline
    response = client.post("/v1/chat/completions", json={"model": "gpt-<4o>", "messages": messages})
    assert response.status_code == 404 and response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.data.startswith(b'{\n    "error": {\n        "message": "The model `gpt-\\u003c4o\\u003e` does')
    assert response.data.endswith(b'\n    }\n}\n')
    text = client.post("/v1/completions", json={"model": "gpt-3.5-turbo-instruct", "prompt": "Ren\u00e9"})
    assert text.data == json.dumps(text.get_json(), indent=2, ensure_ascii=False).encode() + b"\n"
