"""The ordered chat rules: a rule check skips for want of its parameters would pass the request anyway."""
import pytest

from fauxpen import registry, rules
from fauxpen.schemas.chat import ChatRequest
from fauxpen.schemas.tools import TOOL_RULES

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
    assert [rule for rule, _ in rules.CHAT_RULES][-2:] == [rules.context_length, rules.tools_agree]


@pytest.mark.parametrize("rule, params", [(rule, params) for rule, params in TOOL_RULES if params])
def test_a_tool_rule_skipped_without_its_param_passes_without_it(rule, params):
    breaking = {"tool_choice": "auto", "parallel_tool_calls": True, "function_call": "auto",
                "response_format": {"type": "json_object"}}  # with no tools, functions or 'json' in the messages
    rule({"messages": [USER], **{k: v for k, v in breaking.items() if k not in params}})
