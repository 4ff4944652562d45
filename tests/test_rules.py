"""The ordered chat rules: which apply to a request, and a rule skipped for want of its parameters passes it."""
import pytest
from marshmallow import ValidationError

from fauxpen import registry, rules
from fauxpen.schemas.chat import ChatRequest
from fauxpen.schemas.tools import TOOL_RULES, check_tool_rules
from fauxpen.validation import KEPT_KEY_SETS, applicable, given, ordered

USER = {"role": "user", "content": "Hello"}
# Requests whose other parameters would make a rule fail, were it about them.
OTHERS = [
    {},
    {"stream": False, "logprobs": False, "store": False},
    {"stream": True, "logprobs": True, "store": True, "max_tokens": 10**9},
    {"tools": [{"type": "function", "function": {"name": "f"}}], "response_format": None},
    {"max_completion_tokens": 1, "n": 3, "temperature": 1},
    # One that fails every rule check may skip: only the params a rule is marked with may be what it checks.
    {"max_tokens": 5, "max_completion_tokens": 5, "prediction": {"type": "content", "content": "x"},
     "top_logprobs": 30, "stream_options": {"include_usage": True}, "reasoning_effort": "low",
     "response_format": {"type": "audio"}, "parallel_tool_calls": True, "tool_choice": "auto",
     "metadata": {"a": "b"}, "logit_bias": {"1": 500}},
]
MODELS = [registry.resolve(name) for name in ("gpt-4o", "gpt-4o-mini", "o1", "gpt-4o-audio-preview", "gpt-3.5-turbo")]


@pytest.mark.parametrize("rule, params", [(rule, params) for rule, params in rules.CHAT_RULES if params])
def test_a_rule_skipped_without_its_params_passes_without_them(rule, params):
    for model in filter(None, MODELS):
        for others in OTHERS:
            req = ChatRequest({"messages": [USER], **{k: v for k, v in others.items() if k not in params}})
            assert rule(model, req) is None, (rule.__name__, model.id, req)


def test_rules_run_in_their_order_and_the_first_failure_wins():
    req = ChatRequest({"messages": [USER], "top_logprobs": 30, "metadata": {"a": "b"}})
    with pytest.raises(rules.InvalidRequestError) as failed:
        rules.check(rules.CHAT_RULES, registry.resolve("gpt-4o"), req)
    assert failed.value.param == "top_logprobs"
    # The GPT-5.6 family's missing content loses to every check but the tool rules (a tool message answering no
    # call is refused for its content there), and an undeclared tool_choice beats tools at a reasoning effort.
    assert [rule for rule, _ in rules.CHAT_RULES][-4:] == [rules.context_length, rules.content_present,
                                                           rules.tools_agree, rules.tools_with_effort]


@pytest.mark.parametrize("rule, params", [(rule, params) for rule, params in TOOL_RULES if params])
def test_a_tool_rule_skipped_without_its_param_passes_without_it(rule, params):
    breaking = {"tool_choice": "auto", "parallel_tool_calls": True, "function_call": "auto",
                "response_format": {"type": "json_object"}}  # with no tools, functions or 'json' in the messages
    rule({"messages": [USER], **{k: v for k, v in breaking.items() if k not in params}})


def test_the_applicable_rules_are_kept_for_each_set_of_keys_not_shared_between_sets():
    with_top_logprobs = ChatRequest({"messages": [USER], "top_logprobs": 30})
    with_metadata = ChatRequest({"messages": [USER], "metadata": {"a": "b"}})
    for _ in range(2):  # worked out, then kept
        for req in (with_top_logprobs, with_metadata):
            assert applicable(rules.CHAT_RULES, req) == tuple(
                rule for rule, params in rules.CHAT_RULES if params is None or params & req.keys())
    assert rules.top_logprobs in applicable(rules.CHAT_RULES, with_top_logprobs)
    assert rules.top_logprobs not in applicable(rules.CHAT_RULES, with_metadata)


def test_the_key_sets_kept_are_bounded_and_past_the_bound_rules_still_apply():
    @given("p")
    def about_p(data):
        return None

    def always(data):
        return None

    ordered_rules = ordered(about_p, always)
    for i in range(KEPT_KEY_SETS + 10):  # a client sending ever new parameter names
        assert applicable(ordered_rules, {f"k{i}": 1}) == (always,)
    assert len(ordered_rules.by_keys) == KEPT_KEY_SETS
    assert applicable(ordered_rules, {"p": 1, "new": 1}) == (about_p, always)


@pytest.mark.parametrize("message, problem", [
    ({"role": "tool", "tool_call_id": "c", "content": "22"}, "must be a response to a preceeding message"),
    ({"role": "function", "content": "22"}, "messages with role 'function' must have a 'name'"),
    ({"role": "assistant", "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f",
                                                                                       "arguments": "{}"}}]},
     "The following tool_call_ids did not have response messages: c"),
])
def test_each_role_that_makes_or_answers_a_call_has_its_messages_checked(message, problem):
    with pytest.raises(ValidationError) as failed:
        check_tool_rules({"messages": [USER, message]})
    assert problem in str(failed.value.messages)


def test_a_first_turn_passes_the_tool_message_checks():
    assert check_tool_rules({"messages": [{"role": "system", "content": "Be brief."}, USER, "not a message"]}) is None
