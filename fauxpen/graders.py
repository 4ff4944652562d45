"""Fine-tuning graders as /v1/fine_tuning/alpha/graders runs them: a reward for a model's sample.

String checks are worked out (`eq`, `ne`, `like`, `ilike` over the `{{sample.output_text}}` and `{{item.x}}`
templates), text similarity is difflib's ratio of the two texts whatever the metric (of long texts its quick_ratio),
a multi grader's sub-graders are run and its reward is their mean; python graders' code is not run and model
graders ask no model: both reward 1.0, a model grader with token counts of its prompt. The answer's layout follows
a recording of late 2025.
"""
import difflib
import re

from .tokens import count_tokens

# The error flags a run reports, all false: recorded order (late 2025, more than the SDK lists).
ERRORS = {"formula_parse_error": False, "sample_parse_error": False, "sample_parse_error_details": None,
          "truncated_observation_error": False, "unresponsive_reward_error": False, "invalid_variable_error": False,
          "invalid_variable_error_details": None, "other_error": False, "python_grader_server_error": False,
          "python_grader_server_error_type": None, "python_grader_runtime_error": False,
          "python_grader_runtime_error_details": None, "model_grader_server_error": False,
          "model_grader_refusal_error": False, "model_grader_refusal_error_details": None,
          "model_grader_parse_error": False, "model_grader_parse_error_details": None,
          "model_grader_exceeded_max_tokens_error": False, "model_grader_server_error_details": None,
          "endpoint_grader_internal_error": False, "endpoint_grader_internal_error_details": None,
          "endpoint_grader_server_error": False, "endpoint_grader_server_error_details": None,
          "endpoint_grader_safety_check_error": False}
SIMILARITY_WORK = 4_000_000  # the product of two texts' lengths up to which their similarity is difflib's ratio
_TEMPLATE = re.compile(r"\{\{\s*(sample|item)\.([A-Za-z0-9_.]+)\s*\}\}")


def fill(template, sample, item):
    """Fill a template's `{{sample.output_text}}` and `{{item.field}}` (nested with dots); unknown names read ''."""
    def value(match):
        if match.group(1) == "sample":
            return sample if match.group(2) == "output_text" else ""
        found = item
        for key in match.group(2).split("."):
            found = found.get(key) if isinstance(found, dict) else None
        return "" if found is None else str(found)
    return _TEMPLATE.sub(value, template)


def reward(grader, sample, item):
    """Return the grader's reward for sample (and item): 0 to 1."""
    kind = grader["type"]
    if kind == "string_check":
        given, expected = fill(grader["input"], sample, item), fill(grader["reference"], sample, item)
        operation = grader["operation"]
        if operation == "eq":
            return float(given == expected)
        if operation == "ne":
            return float(given != expected)
        if operation == "like":
            return float(expected in given)
        return float(expected.lower() in given.lower())  # ilike
    if kind == "text_similarity":
        given, expected = fill(grader["input"], sample, item), fill(grader["reference"], sample, item)
        matcher = difflib.SequenceMatcher(None, given, expected)
        # ratio's time grows as the product of the lengths (4.75 s for two texts of 20,000 CJK characters; 10.7 s
        # at 50,000): past SIMILARITY_WORK, quick_ratio (the characters in common, their order not weighed; linear)
        return matcher.ratio() if len(given) * len(expected) <= SIMILARITY_WORK else matcher.quick_ratio()
    if kind == "multi":
        rewards = [reward(sub, sample, item) for sub in grader["graders"].values()]
        return sum(rewards) / len(rewards) if rewards else 0.0
    return 1.0


def token_usage(grader, sample, item):
    """A model grader's tokens: its prompt's (the messages, templates filled) and a short verdict's."""
    if grader["type"] not in ("score_model", "label_model"):
        return None
    prompt = sum(4 + count_tokens(fill(message.get("content") if isinstance(message.get("content"), str) else "",
                                       sample, item)) for message in grader["input"]) + 3
    return {"prompt_tokens": prompt, "total_tokens": prompt + 5, "completion_tokens": 5, "cached_tokens": 0}


def run(grader, sample, item, execution_time):
    """The answer to a run: the reward and what the run reports of itself (recorded layout)."""
    usage = token_usage(grader, sample, item)
    sub_rewards = {name: reward(sub, sample, item) for name, sub in grader["graders"].items()} \
        if grader["type"] == "multi" else {}
    return {"reward": reward(grader, sample, item),
            "metadata": {"name": grader["name"], "type": grader["type"], "errors": dict(ERRORS),
                         "execution_time": execution_time, "scores": {}, "token_usage": usage,
                         "sampled_model_name": grader.get("model") if usage else None},
            "sub_rewards": sub_rewards,
            "model_grader_token_usage_per_model": {grader["model"]: usage} if usage else {}}
