"""POST /v1/fine_tuning/alpha/graders/validate and /run: the recorded layout (late 2025), string checks and text
similarity worked out, a made-up name for a grader without one, refusals of a grader that is not one."""
import re

import pytest

CHECK = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}", "reference": "{{item.label}}",
         "operation": "eq"}


def post(client, path, body):
    response = client.post(f"/v1/fine_tuning/alpha/graders/{path}", json=body)
    return response.status_code, response.get_json()


def test_validate_echoes_the_grader_and_names_one_without_a_name(client):
    python = {"type": "python", "source": "def grade(sample, item):\n    return 1.0"}
    status, body = post(client, "validate", {"grader": python})
    assert status == 200 and list(body["grader"]) == ["type", "source", "name"]
    assert re.fullmatch(r"grader-[A-Za-z0-9]{12}", body["grader"]["name"])
    assert post(client, "validate", {"grader": CHECK})[1] == {"grader": CHECK}


@pytest.mark.parametrize("grader, sample, item, expected", [
    (CHECK, "cat", {"label": "cat"}, 1.0), (CHECK, "cat", {"label": "dog"}, 0.0),
    ({**CHECK, "operation": "ilike", "reference": "CAT"}, "a cat sat", {}, 1.0),
    ({**CHECK, "operation": "ne"}, "cat", {"label": "dog"}, 1.0),
    ({"type": "text_similarity", "name": "sim", "input": "{{sample.output_text}}", "reference": "abcd",
      "evaluation_metric": "fuzzy_match"}, "abcd", {}, 1.0),
])
def test_run_works_out_string_checks_and_similarity(client, grader, sample, item, expected):
    status, body = post(client, "run", {"grader": grader, "model_sample": sample, "item": item})
    assert status == 200 and body["reward"] == expected
    assert list(body) == ["reward", "metadata", "sub_rewards", "model_grader_token_usage_per_model"]
    assert list(body["metadata"]) == ["name", "type", "errors", "execution_time", "scores", "token_usage",
                                      "sampled_model_name"]
    assert len(body["metadata"]["errors"]) == 24 and not any(body["metadata"]["errors"].values())


def test_a_model_grader_reports_its_tokens_and_a_multi_grader_its_parts(client):
    model = {"type": "score_model", "name": "judge", "model": "gpt-4o-2024-08-06",
             "input": [{"role": "user", "content": "Rate {{sample.output_text}}"}]}
    _, body = post(client, "run", {"grader": model, "model_sample": "fine"})
    usage = body["metadata"]["token_usage"]
    assert list(usage) == ["prompt_tokens", "total_tokens", "completion_tokens", "cached_tokens"]
    assert body["model_grader_token_usage_per_model"] == {"gpt-4o-2024-08-06": usage}
    multi = {"type": "multi", "name": "both", "calculate_output": "(a + b) / 2",
             "graders": {"a": CHECK, "b": {**CHECK, "reference": "nope"}}}
    _, body = post(client, "run", {"grader": multi, "model_sample": "cat", "item": {"label": "cat"}})
    assert body["sub_rewards"] == {"a": 1.0, "b": 0.0} and body["reward"] == 0.5


@pytest.mark.parametrize("body, message, param", [
    ({}, "Missing required parameter: 'grader'.", "grader"),
    ({"grader": {"type": "string_check", "input": "x", "reference": "y"}},
     "Missing required parameter: 'grader.operation'.", "grader.operation"),
    ({"grader": {**CHECK, "operation": "gt"}}, "Invalid value: 'gt'. Supported values are: 'eq', 'ne', 'like', "
                                               "and 'ilike'.", "grader.operation"),
    ({"grader": {"type": "multi", "calculate_output": "a", "graders": {"a": {"type": "python"}}}},
     "Missing required parameter: 'grader.graders.a.source'.", "grader.graders.a.source"),
    ({"grader": {"type": []}}, "Invalid type for 'grader.type': expected a string, but got an array instead.",
     "grader.type"),
    ({"grader": {"type": "a{b}"}}, "Invalid value: 'a{b}'. Supported values are: 'string_check', 'text_similarity', "
                                   "'python', 'score_model', and 'multi'.", "grader.type"),
    # The SDK's graders: none of a label model here (the evals' criteria alone), no multi grader in a multi grader.
    ({"grader": {"type": "label_model", "model": "gpt-4o", "input": [], "labels": ["a"], "passing_labels": ["a"]}},
     "Invalid value: 'label_model'. Supported values are: 'string_check', 'text_similarity', 'python', "
     "'score_model', and 'multi'.", "grader.type"),
    ({"grader": {"type": "multi", "calculate_output": "a", "graders": {"a": {
        "type": "multi", "calculate_output": "b", "graders": {}}}}},
     "Invalid value: 'multi'. Supported values are: 'string_check', 'text_similarity', 'python', 'score_model', "
     "and 'label_model'.", "grader.graders.a.type"),
    ({"grader": {"type": "multi", "calculate_output": "a", "graders": {"a": {"type": {}}}}},
     "Invalid type for 'grader.graders.a.type': expected a string, but got an object instead.",
     "grader.graders.a.type"),
])
def test_a_grader_that_is_not_one_is_refused(client, body, message, param):
    status, answer = post(client, "validate", body)
    assert status == 400 and (answer["error"]["message"], answer["error"]["param"]) == (message, param)
    assert post(client, "run", {"grader": CHECK})[1]["error"]["param"] == "model_sample"


def test_the_sdk_runs_a_grader(sdk):
    result = sdk.fine_tuning.alpha.graders.run(grader=CHECK, model_sample="cat", item={"label": "cat"})
    assert result.reward == 1.0 and result.metadata.type == "string_check"


def test_the_similarity_of_long_texts_takes_time_linear_in_them(client):
    # difflib's ratio took 10.7 s for two texts of 50,000 CJK characters (its time the product of their lengths).
    import difflib
    import random
    chance = random.Random(7)
    alphabet = [chr(0x4E00 + n) for n in range(1_000)]
    sample, reference = ("".join(chance.choice(alphabet) for _ in range(50_000)) for _ in range(2))
    grader = {"type": "text_similarity", "name": "sim", "input": "{{sample.output_text}}",
              "reference": "{{item.text}}", "evaluation_metric": "fuzzy_match"}
    status, body = post(client, "run", {"grader": grader, "model_sample": sample, "item": {"text": reference}})
    assert status == 200 and body["reward"] == difflib.SequenceMatcher(None, sample, reference).quick_ratio()
    short = post(client, "run", {"grader": grader, "model_sample": "abcd", "item": {"text": "abce"}})[1]
    assert short["reward"] == 0.75  # difflib's ratio, as before
