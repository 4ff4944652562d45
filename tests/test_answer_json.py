"""The JSON bytes of an answer: the template for plain text answers writes what the general encoder writes."""
import json

from hypothesis import given, settings, strategies as st

from fauxpen import completion
from fauxpen.errors import OpenAIError
from fauxpen.jsontext import json_bytes, scalar

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
    assert data == json_bytes(answer.to_dict())
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
