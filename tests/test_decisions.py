"""POST /v1/decisions: answers in question order, in the SDK's shapes, and the refusals a client quoted (2026)."""
import json

import pytest

from fauxpen import decision

QUESTIONS = [
    {"type": "predicate", "name": "damaged", "instructions": "Is the item damaged?"},
    {"type": "choice", "name": "team", "instructions": "Which team should take it?",
     "choices": [{"value": "billing", "description": "Payments"}, {"value": "support"}, {"value": True}]},
    {"type": "score", "instructions": "How severe is it?", "levels": [{"label": "Low"}, {"label": "Medium"},
                                                                      {"label": "High"}]},
]
BODY = {"model": "gpt-6-luna", "input": "I was charged twice for my order.", "questions": QUESTIONS}


def decide(client, **fields):
    return client.post("/v1/decisions", json={**BODY, **fields})


def refused(client, **fields):
    response = decide(client, **fields)
    error = json.loads(response.get_data())["error"]
    return response.status_code, error["message"], error["param"], error["code"]


def test_each_question_is_answered_in_its_order_in_the_specifications_key_order(client):
    response = decide(client)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    text = response.get_data(as_text=True)
    assert text.startswith('{"model":"gpt-6-luna","answers":[{"type":"predicate",') and not text.endswith("\n")
    body = json.loads(text)
    assert list(body) == ["model", "answers", "usage"]
    predicate, choice, score = body["answers"]
    assert list(predicate) == ["type", "name", "probability"] and 0 < predicate["probability"] < 1
    assert list(choice) == ["type", "name", "choice", "probabilities", "confidence"]
    assert [p["value"] for p in choice["probabilities"]] == ["billing", "support", True]  # typed as sent
    assert abs(sum(p["probability"] for p in choice["probabilities"]) - 1) < 1e-5
    assert choice["choice"] == max(choice["probabilities"], key=lambda p: p["probability"])["value"]
    assert list(score) == ["type", "name", "score", "probabilities", "confidence"] and score["name"] is None
    assert [(p["value"], p["label"]) for p in score["probabilities"]] == [(0, "Low"), (1, "Medium"), (2, "High")]
    assert abs(score["score"] - sum(p["value"] * p["probability"] for p in score["probabilities"])) < 1e-5
    usage = body["usage"]
    assert list(usage) == ["input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details",
                           "total_tokens"]
    assert (usage["output_tokens"], usage["total_tokens"]) == (0, usage["input_tokens"])
    assert usage["input_tokens_details"] == {"cached_tokens": 0, "cache_write_tokens": 0}
    assert decide(client).get_json() == body  # the same request, the same answers


@pytest.mark.parametrize("fields, expected", [
    # Quoted by a client tested against the live API (October 2026).
    ({"questions": [QUESTIONS[0], {**QUESTIONS[0], "instructions": "Again?"}]},
     (400, "Question names must be unique within the request.", "questions[1].name", None)),
    # The SDK's limits, in the API's array words.
    ({"questions": []}, (400, "Invalid 'questions': empty array. Expected an array with minimum length 1, but got an "
                              "empty array instead.", "questions", "empty_array")),
    ({"questions": [{"type": "choice", "instructions": "Which?", "choices": [{"value": "a"}]}]},
     (400, "Invalid 'questions[0].choices': array too short. Expected an array with minimum length 2, but got an "
           "array with length 1 instead.", "questions[0].choices", "array_below_min_length")),
    ({"questions": [{"type": "score", "instructions": "How?", "levels": [{"label": str(i)} for i in range(11)]}]},
     (400, "Invalid 'questions[0].levels': array too long. Expected an array with maximum length 10, but got an "
           "array with length 11 instead.", "questions[0].levels", "array_above_max_length")),
    ({"questions": [{"type": "choice", "instructions": "Which?", "choices": [{"value": "a"}, {"value": "a"}]}]},
     (400, "Each choice must be unique.", "questions[0].choices", None)),
    ({"questions": [{"type": "score", "instructions": "How?"}]},
     (400, "Missing required parameter: 'questions[0].levels'.", "questions[0].levels", "missing_required_parameter")),
    ({"safety_identifier": "u" * 65}, (400, "Invalid 'safety_identifier': string too long. Expected a string with "
                                            "maximum length 64, but got a string with length 65 instead.",
                                       "safety_identifier", "string_above_max_length")),
    ({"temperature": 1}, (400, "Unknown parameter: 'temperature'.", "temperature", "unknown_parameter")),
    # A type or role that is not a string quoted as an empty one, as the Responses API quotes it (not 'True').
    ({"input": [{"type": True}]}, (400, "Invalid value: ''. Supported values are: 'message', 'function_call', "
                                        "'function_call_output', 'custom_tool_call', and 'custom_tool_call_output'.",
                                   "input[0].type", "invalid_value")),
    ({"input": [{"role": None, "content": "x"}]}, (400, "Invalid value: ''. Supported values are: 'user', "
                                                        "'developer', 'system', and 'assistant'.", "input[0].role",
                                                   "invalid_value")),
    ({"input": [{"role": "{x}", "content": "x"}]}, (400, "Invalid value: '{x}'. Supported values are: 'user', "
                                                         "'developer', 'system', and 'assistant'.", "input[0].role",
                                                    "invalid_value")),
    ({"model": "gpt-4o"}, (400, "Invalid value: 'gpt-4o'. Supported values are: 'gpt-6-luna'.", "model",
                           "invalid_value")),
    ({"model": "gpt-nope"}, (404, "The model `gpt-nope` does not exist or you do not have access to it.", None,
                             "model_not_found")),
])
def test_refusals(client, fields, expected):
    assert refused(client, **fields) == expected


def test_every_number_is_given_to_two_decimals_the_probabilities_summing_to_one(client):
    # A tracing library's cassettes of October 2026: 0.75; 0.99 and 0.01, confidence 0.98; a score of 1.02 over
    # 0.04, 0.9 and 0.06 (the rounded probabilities' weighted sum), confidence 0.85.
    many = {"type": "choice", "instructions": "Which?", "choices": [{"value": str(i)} for i in range(40)]}
    answers = decide(client, questions=[*QUESTIONS, many]).get_json()["answers"]
    numbers = [answers[0]["probability"], answers[2]["score"]]
    for answer in answers[1:]:
        cents = [round(p["probability"] * 100) for p in answer["probabilities"]]
        assert sum(cents) == 100
        numbers += [answer["confidence"], *(p["probability"] for p in answer["probabilities"])]
    assert all(round(number, 2) == number for number in numbers)
    score = answers[2]
    assert score["score"] == round(sum(p["value"] * p["probability"] for p in score["probabilities"]), 2)


def test_a_confidence_is_the_likeliest_probability_above_an_even_ones_share(client):
    # Recorded, October 2026: 0.99/0.01 and 0.92/0.08 at 0.98 and 0.84, 0.93/0.07 at 0.86, 0.04/0.9/0.06 at 0.85.
    many = {"type": "choice", "instructions": "Which?", "choices": [{"value": str(i)} for i in range(7)]}
    answers = decide(client, questions=[*QUESTIONS, many]).get_json()["answers"][1:]
    for answer in answers:
        probabilities = [p["probability"] for p in answer["probabilities"]]
        share = 1 / len(probabilities)
        assert answer["confidence"] == round((max(probabilities) - share) / (1 - share), 2)
    recorded = [[0.99, 0.01], [0.08, 0.92], [0.93, 0.07], [0.04, 0.9, 0.06]]
    assert [decision._peak(p) for p in recorded] == [0.98, 0.84, 0.86, 0.85]


RECORDED = {"model": "gpt-6-luna", "input": "The movie was wonderful, though the popcorn was stale.", "questions": [
    {"type": "predicate", "name": "positive", "instructions": "Is it positive?"},
    {"type": "choice", "name": "topic", "instructions": "What is the main topic?",
     "choices": [{"value": "movies"}, {"value": "food"}]},
    {"type": "score", "name": "intensity", "instructions": "How strong is the sentiment?",
     "levels": [{"label": "weak"}, {"label": "moderate"}, {"label": "strong"}]}], "safety_identifier": "user-123"}


def test_the_recorded_request_counts_373_input_tokens_and_the_limiter_takes_them(client):
    # A tracing library's cassette of October 2026: usage 373 (input only), 372 taken off x-ratelimit-remaining-tokens.
    response = client.post("/v1/decisions", json=RECORDED)
    usage = response.get_json()["usage"]
    assert (usage["input_tokens"], usage["total_tokens"]) == (373, 373)
    limit = int(response.headers["x-ratelimit-limit-tokens"])
    assert limit - int(response.headers["x-ratelimit-remaining-tokens"]) == 373


@pytest.mark.parametrize("body, expected", [
    # A client's fixtures of what the live API answered (October 2026): two predicates, then a choice and a score.
    ({"input": "<diff>\n+\tprintln(\"here\")\n</diff>\n<path>\nmain.go\n</path>\n", "questions": [
        {"instructions": "Does `diff` add debug prints?\nYes means: A print is left in.\nNo means: No prints.",
         "name": "debug", "type": "predicate"},
        {"instructions": "Do the lines added in `diff` put emoji in output?", "name": "emoji", "type": "predicate"}]},
     350),
    ({"input": "Help! My payouts have been failing for 3 days.", "questions": [
        {"choices": [{"description": "Payments, invoicing, refunds", "value": "billing"},
                     {"description": "Pricing", "value": "sales"}, {"value": "technical"}],
         "instructions": "Which team should handle this?", "name": "department", "type": "choice"},
        {"instructions": "How frustrated is the customer?", "levels": [{"label": "Calm"}, {"label": "Frustrated"},
                                                                        {"label": "Very angry"}],
         "name": "frustration", "type": "score"}]}, 251),
    # LiteLLM's translation test, a reply captured live on 2026-10-06: two choices described, two levels; 373.
    ({"input": "Ticket (billing): The export job hangs at 99% and never finishes", "questions": [
        {"type": "predicate", "name": "defect", "instructions": "Is this a defect?"},
        {"type": "choice", "name": "severity", "instructions": "How severe is it?",
         "choices": [{"value": "low", "description": "cosmetic"}, {"value": "high", "description": "blocks users"}]},
        {"type": "score", "name": "confidence", "instructions": "How sure are you?",
         "levels": [{"label": "unsure"}, {"label": "sure"}]}]}, 373),
])
def test_each_kind_of_question_costs_its_own_framing(client, body, expected):
    usage = client.post("/v1/decisions", json={"model": "gpt-6-luna", **body}).get_json()["usage"]
    assert usage["input_tokens"] == expected


def test_a_refusal_goes_without_rate_limit_headers(client):
    # The same cassettes' 400: no x-ratelimit-* headers, where their 200s have all six.
    response = client.post("/v1/decisions", json={**RECORDED, "questions": [{"type": "choice", "instructions": "Pick",
                                                                            "choices": []}]})
    assert response.status_code == 400 and not any(name.lower().startswith("x-ratelimit")
                                                   for name in response.headers.keys())


def test_the_endpoints_stack_answers_with_its_own_headers(client):
    # The October 2026 cassettes: no openai-organization nor openai-version; any origin; these exposed headers;
    # server-timing-total beside openai-processing-ms ('133.621' and '133'); on the 200s and the 400 alike.
    for body in (RECORDED, {**RECORDED, "questions": []}):
        headers = client.post("/v1/decisions", json=body).headers
        assert "openai-organization" not in headers and "openai-version" not in headers
        assert headers["access-control-allow-origin"] == "*"
        assert headers["access-control-expose-headers"] == "x-request-id,retry-after,server-timing-total"
        total = headers["server-timing-total"]
        assert total.split(".")[0] == headers["openai-processing-ms"] and len(total.split(".")[1]) == 3
        assert headers["x-request-id"].startswith("req_")


def test_an_empty_array_is_refused_as_empty_whatever_its_minimum_in_compact_json(client):
    # A tracing library's cassette of October 2026 (gpt-6-luna): 224 bytes, no space outside the message.
    response = client.post("/v1/decisions", json={"model": "gpt-6-luna", "input": "The movie was wonderful.",
                                                  "questions": [{"type": "choice", "instructions": "Pick one.",
                                                                 "choices": []}]})
    assert response.status_code == 400 and response.get_data(as_text=True) == (
        '{"error":{"message":"Invalid \'questions[0].choices\': empty array. Expected an array with minimum length 2, '
        'but got an empty array instead.","type":"invalid_request_error","param":"questions[0].choices",'
        '"code":"empty_array"}}')


def test_typed_values_are_distinct_and_unnamed_questions_may_repeat(client):
    both = {"type": "choice", "instructions": "Which?", "choices": [{"value": "true"}, {"value": True}]}
    assert decide(client, questions=[both, both]).status_code == 200


def test_the_sdk_parses_a_decision(sdk):
    decision = sdk.decisions.create(model="gpt-6-luna", input=[{"role": "user", "content": [
        {"type": "input_text", "text": "The parcel arrived crushed."}]}], questions=QUESTIONS)
    assert [answer.type for answer in decision.answers] == ["predicate", "choice", "score"]
    assert decision.answers[1].choice in ("billing", "support", True) and decision.usage.output_tokens == 0
