"""Loading a chat request with only the fields it names gives the full schema's answer and errors."""
import pytest

from fauxpen import registry
from fauxpen.errors import InvalidRequestError
from fauxpen.schemas.chat import chat_request, load_chat_request, schema_for
from fauxpen.validation import load

MESSAGES = [{"role": "user", "content": "Hi"}]
BODIES = [
    {"model": "gpt-4o", "messages": MESSAGES, "temperature": 0.5, "n": 2, "stream": False},
    {"model": "gpt-4o", "messages": MESSAGES, "temperature": 5, "n": 0, "stop": 3},          # several bad fields
    {"model": "gpt-4o", "messages": MESSAGES, "top_p": "x", "max_tokens": -1},
    {"model": "gpt-4o", "temperature": 9},                                                      # required missing
    {"model": "gpt-4o", "messages": MESSAGES, "bogus": 1, "temperature": 9},                    # unknown argument
    {"model": "gpt-4o", "messages": MESSAGES, "stream_options": {"include_usage": 1}},
]


def outcome(schema, body, model):
    from fauxpen.schemas.chat import current_model
    token = current_model.set(model)
    try:
        return "ok", load(schema, body)
    except InvalidRequestError as exc:
        return "error", exc.to_dict()
    finally:
        current_model.reset(token)


@pytest.mark.parametrize("body", BODIES)
def test_subset_schema_answers_as_the_full_schema(body):
    model = registry.resolve("gpt-4o")
    full = outcome(chat_request, body, model)
    try:
        subset = ("ok", load_chat_request(model, body))
    except InvalidRequestError as exc:
        subset = ("error", exc.to_dict())
    assert subset == full


def test_subset_keeps_declared_order_and_required_fields():
    schema = schema_for(frozenset({"temperature", "stream", "n"}))
    assert list(schema.fields) == ["messages", "stream", "n", "temperature"]  # model: checked by the view
    assert schema_for(frozenset({"n", "stream", "temperature"})) is schema
