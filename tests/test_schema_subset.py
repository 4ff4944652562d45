"""Loading a chat request with only the fields it names gives the full schema's answer and errors."""
import pytest
from hypothesis import given, settings, strategies as st

from fauxpen import registry
from fauxpen.errors import InvalidRequestError
from fauxpen.schemas.chat import (chat_request, current_model, load_chat_request, load_fields, schema_for,
                                  strict_chat_request)
from fauxpen.validation import load

MESSAGES = [{"role": "user", "content": "Hi"}]
BODIES = [
    {"model": "gpt-4o", "messages": MESSAGES, "temperature": 0.5, "n": 2, "stream": False},
    {"model": "gpt-4o", "messages": MESSAGES, "temperature": 5, "n": 0, "stop": 3},          # several bad fields
    {"model": "gpt-4o", "messages": MESSAGES, "top_p": "x", "max_tokens": -1},
    {"model": "gpt-4o", "temperature": 9},                                                      # required missing
    {"model": "gpt-4o", "messages": MESSAGES, "bogus": 1, "temperature": 9},                    # unknown argument
    {"model": "gpt-4o", "messages": MESSAGES, "stream_options": {"include_usage": 1}},
    # a tool whose parameters are no schema fails at rank 1: a later field's failure (rank 0) is reported
    {"model": "gpt-4o", "messages": MESSAGES, "temperature": 5,
     "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "bogus"}}}]},
]


def outcome(schema, body, model):
    return loaded(load, schema, body, model)


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


# Values of every JSON type, and some a field takes, for any chat parameter.
VALUE = st.one_of(st.none(), st.booleans(), st.integers(-3, 300), st.floats(-3, 3), st.text(max_size=3),
                  st.sampled_from(["auto", "none", "text", "low", "24h", "in_memory", "default", "json_object"]),
                  st.just(MESSAGES), st.just([]), st.just({}), st.just({"type": "text"}), st.just({"bogus": 1}),
                  st.just({"include_usage": True}), st.just(["text"]), st.just(["a", 1]),
                  st.just([{"type": "function", "function": {"name": "f", "parameters": {"type": "bogus"}}}]))
# (a tool whose parameters are no schema: a failure of rank 1, which any later field's of rank 0 comes before)
NAMES = st.sampled_from(sorted(set(chat_request.declared_fields) | set(strict_chat_request.declared_fields)
                               | {"bogus", "reasoning", "stor"}))


def loaded(load_with, schema, body, model):
    token = current_model.set(model)
    try:
        return "ok", load_with(schema, body)
    except InvalidRequestError as exc:
        return "error", exc.to_dict()
    finally:
        current_model.reset(token)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(NAMES, VALUE, max_size=5),
       st.sampled_from(["gpt-4o", "o3-mini", "gpt-5.6-terra", "gpt-4o-search-preview"]))
def test_the_chat_loader_answers_as_marshmallow_does(body, name):
    """load_fields runs a chat schema's hook and fields as schema.load does: the same request, or the same error."""
    model = registry.resolve(name)
    strict = model.supports("strict_chat")
    full = strict_chat_request if strict else chat_request
    schema = schema_for(frozenset(body.keys() & full.declared_fields.keys()), strict)
    assert loaded(load_fields, schema, body, model) == loaded(load, schema, body, model)


def test_the_chat_schemas_have_no_hook_but_the_one_load_fields_runs():
    """A validator or post_load added to a chat schema would be skipped by load_fields: it stops here first."""
    for schema in (chat_request, strict_chat_request):
        assert {tag: hooks for tag, hooks in schema._hooks.items() if hooks} == {
            "pre_load": [("reject_unknown", False, {})]}
        assert (schema.partial, schema.unknown, schema.many) == (None, "exclude", False)
        assert not [name for name, field in schema.load_fields.items() if field.data_key or field.attribute]
