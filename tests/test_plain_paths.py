"""The short paths a plain chat request takes validate what the general ones do."""
import pytest
from hypothesis import given, settings, strategies as st
from marshmallow import ValidationError

from fauxpen import registry
from fauxpen.schemas.chat import (chat_request, load_chat_request, plain_messages, schema_for,
                                  strict_chat_request)
from fauxpen.schemas.fields import AT_PATH, Problem
from fauxpen.schemas.messages import ROLES, Messages, StrictMessages
from fauxpen.validation import MISSING, first_error, problems

ROLE = st.one_of(st.sampled_from(ROLES), st.sampled_from(["bogus", ""]), st.none(), st.integers(),
                 st.lists(st.just("user"), max_size=1))
CONTENT = st.one_of(st.text(max_size=12), st.none(), st.integers(), st.booleans(),
                    st.lists(st.fixed_dictionaries({"type": st.sampled_from(["text", "bogus"]),
                                                    "text": st.text(max_size=4)}), max_size=2))
MESSAGE = st.one_of(
    st.fixed_dictionaries({"role": ROLE, "content": CONTENT}),
    st.fixed_dictionaries({"role": ROLE}), st.fixed_dictionaries({"content": CONTENT}),
    st.fixed_dictionaries({"role": ROLE, "content": CONTENT, "name": st.one_of(st.none(), st.text(max_size=4))}),
    st.fixed_dictionaries({"role": ROLE, "tool_calls": st.just([])}),
    st.fixed_dictionaries({"role": ROLE, "content": CONTENT, "bogus": st.integers()}),
    st.text(max_size=3), st.none())


@settings(max_examples=300, deadline=None)
@given(ROLE, CONTENT)
def test_a_message_of_a_role_and_content_is_checked_as_with_a_null_name(role, content):
    """A message of role and content alone takes a short path when valid; with a null name beside them, which
    changes nothing, it takes the general one."""
    for field in (Messages(), StrictMessages()):
        plain = field.check_message({"role": role, "content": content})
        general = field.check_message({"role": role, "content": content, "name": None})
        assert bool(plain) == bool(general)
        assert repr(plain) == repr(general) or plain and general


@settings(max_examples=400, deadline=None)
@given(st.lists(MESSAGE, max_size=3), st.booleans(), st.sampled_from([None, "temperature"]))
def test_a_body_of_model_and_messages_loads_as_the_schema_loads_it(messages, strict, other):
    full = strict_chat_request if strict else chat_request
    body = {"model": "gpt-4o", "messages": messages}
    if other:
        body[other] = 1
    try:
        loaded = schema_for(frozenset(body.keys() & full.declared_fields.keys()), strict).load(body)
    except ValidationError:
        loaded = None
    found = plain_messages(full, body)
    if found is not None:
        assert loaded == {"messages": found} and found is messages
    else:  # not taken: anything but a model and messages alone, or messages the schema refuses or must check further
        assert other or loaded is None or not all(isinstance(m, dict) and len(m) == 2 for m in messages) or any(
            m.get("role") == "function" for m in messages)


@pytest.mark.parametrize("strict", [False, True])
def test_a_plain_body_takes_the_short_path(strict):
    full = strict_chat_request if strict else chat_request
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}]
    assert plain_messages(full, {"model": "gpt-4o", "messages": messages}) is messages
    assert plain_messages(full, {"messages": messages, "model": "gpt-4o", "n": 1}) is None
    assert plain_messages(full, {"model": "gpt-4o", "messages": []}) is None


def test_the_failures_of_an_error_structure_are_listed_in_order_and_the_lowest_rank_is_reported():
    ranked = Problem("Invalid '{param}': ranked first.", code="invalid_value", rank=-1)
    messages = {"messages": {1: {"content": ["Not a string."]}, 0: {"role": ["Bad role."]}},
                "temperature": ["Too hot."], "top_p": [ranked, "Too high."]}
    assert problems(messages) == [(("messages", 1, "content"), "Not a string."), (("messages", 0, "role"), "Bad role."),
                                  (("temperature",), "Too hot."), (("top_p",), ranked), (("top_p",), "Too high.")]
    assert first_error(messages).param == "top_p"  # the lowest rank, then the first in order
    error = first_error({"temperature": ["Too hot."], "top_p": ["Too high."]})
    assert (error.message, error.param) == ("Invalid 'temperature': Too hot.", "temperature")


@pytest.mark.parametrize(("messages", "text_only"), [
    ([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello", "name": "a"}], True),
    ([{"role": "user", "content": [{"type": "text", "text": "Hello"}]}], False),
    ([{"role": "user", "content": "Hi"}, {"role": "assistant", "content": None,
                                          "tool_calls": [{"id": "c", "type": "function",
                                                          "function": {"name": "f", "arguments": "{}"}}]},
      {"role": "tool", "tool_call_id": "c", "content": "1"}], False),
])
def test_a_request_of_string_contents_alone_is_marked_so_that_no_part_check_walks_it(messages, text_only):
    req = load_chat_request(registry.resolve("gpt-4o"), {"model": "gpt-4o", "messages": messages, "n": 1})
    assert req.text_only is text_only


def test_a_part_the_model_cannot_read_is_refused_beside_string_contents(client):
    """The part checks skip only requests whose every content is a string: one part among them is still seen."""
    picture = {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
    response = client.post("/v1/chat/completions", json={"model": "gpt-3.5-turbo", "messages": [
        {"role": "system", "content": "Be brief."}, {"role": "user", "content": [picture]}]})
    assert response.status_code == 400  # rules.content_kinds: a model without image input takes a data URL alone
    assert response.get_json()["error"]["param"] == "messages[1].content[0].image_url.url"


FAILURE = st.one_of(
    st.builds(Problem, st.sampled_from(["Invalid '{param}': bad.", "Unknown parameter: 'x'.", "{param} {{x}}"]),
              code=st.sampled_from([None, "invalid_value"]), param=st.sampled_from([AT_PATH, None, "model"]),
              rank=st.sampled_from([0, 1]), type=st.sampled_from([None, "invalid_request_error"])),
    st.sampled_from(["Not a string.", MISSING]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=4), st.sampled_from(["temperature", "_schema"]), st.integers(0, 2)), FAILURE)
def test_one_failure_of_a_parameter_is_reported_as_a_walk_of_the_structure_reports_it(name, failure):
    """first_error's short way for {name: [failure]} gives what its walk gives ({name: {"_schema": [failure]}} has
    the same path and goes the long way)."""
    short, walked = first_error({name: [failure]}), first_error({name: {"_schema": [failure]}})
    assert (short.message, short.param, short.code, short.type) == (walked.message, walked.param, walked.code,
                                                                     walked.type)


def test_a_problem_says_only_what_differs_from_its_defaults():
    assert (Problem("x").code, Problem("x").param, Problem("x").rank, Problem("x").type) == (None, AT_PATH, 0, None)
    problem = Problem("x", code="c", param=None, rank=1, type="t")
    assert (problem.code, problem.param, problem.rank, problem.type) == ("c", None, 1, "t")
