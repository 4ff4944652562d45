"""Predicted outputs: what a prediction came to, in the usage's accepted and rejected prediction tokens."""
from fauxpen import create_app
from fauxpen.tokens import count_tokens

from .conftest import sse_chunks

# raix's cassette (MeaningOfLife/with_predicted_outputs, gpt-4o, November 2024): the request, and the answer it got.
PREDICTED = ("THE MEANING OF LIFE CAN VARY GREATLY FROM PERSON TO PERSON, OFTEN INVOLVING THE PURSUIT OF HAPPINESS, "
             "CARE OF OTHERS, AND PERSONAL GROWTH!.")
ANSWERED = ("THE MEANING OF LIFE IS A SUBJECTIVE QUESTION THAT VARIES GREATLY DEPENDING ON PERSONAL BELIEFS, "
            "PHILOSOPHICAL VIEWS, AND CULTURAL BACKGROUNDS. SOME PEOPLE FIND MEANING THROUGH RELIGION, OTHERS "
            "THROUGH CONNECTIONS WITH FAMILY AND FRIENDS, PURSUIT OF KNOWLEDGE, OR CONTRIBUTING TO SOCIETY. "
            "ULTIMATELY, IT'S ABOUT WHAT GIVES YOU PURPOSE AND FULFILLMENT.")
RAIX_BODY = {"prediction": {"type": "content", "content": PREDICTED}, "max_tokens": 1000, "seed": 9999,
             "temperature": 0.0, "model": "gpt-4o",
             "messages": [{"role": "system", "content": "Answer the user question in ALL CAPS."},
                          {"role": "user", "content": "WHAT IS THE MEANING OF LIFE?"}]}


def ask(reply, body):
    client = create_app({"TESTING": True, "FAUXPEN_REPLY": reply}).test_client()
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.get_json()
    return response


def test_a_prediction_is_accepted_up_to_the_first_difference():
    # As recorded: the answer followed the prediction for its first words (6 accepted, 37 rejected of its 43
    # tokens, though the answer shares later runs: " OTHERS", " PURSUIT OF"), and the rejected ones and 1 more
    # were counted in completion_tokens (139 for an answer of 101).
    usage = ask(ANSWERED, RAIX_BODY).get_json()["usage"]
    details = usage["completion_tokens_details"]
    assert details["accepted_prediction_tokens"] == count_tokens("THE MEANING OF LIFE")
    assert details["accepted_prediction_tokens"] + details["rejected_prediction_tokens"] == count_tokens(PREDICTED)
    assert usage["completion_tokens"] == count_tokens(ANSWERED) + details["rejected_prediction_tokens"] + 1
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert list(details) == ["reasoning_tokens", "audio_tokens", "accepted_prediction_tokens",
                             "rejected_prediction_tokens"]


# The API guide's refactoring example (Predicted Outputs, gpt-4o): 18 of the file's 28 tokens accepted (those
# before the property renamed, with the real tokenizer), the other 10 rejected though the answer has them too,
# and 39 completion tokens for an answer of 28.
CODE = ('class User {\n  firstName: string = "";\n  lastName: string = "";\n  username: string = "";\n}\n\n'
        'export default User;')
REFACTORED = CODE.replace("username", "email")


def test_the_rest_of_a_prediction_is_rejected_past_a_difference():
    body = {"model": "gpt-4o", "prediction": {"type": "content", "content": CODE},
            "messages": [{"role": "user", "content": 'Replace the "username" property with an "email" property.'},
                         {"role": "user", "content": CODE}]}
    usage = ask(REFACTORED, body).get_json()["usage"]
    details = usage["completion_tokens_details"]
    assert details["rejected_prediction_tokens"] == 10
    assert details["accepted_prediction_tokens"] == count_tokens(CODE) - 10  # 18 with the real tokenizer
    assert usage["completion_tokens"] == count_tokens(REFACTORED) + 10 + 1


def test_a_prediction_the_answer_is_is_all_accepted():
    reply = "class User {\n  email: string = \"\";\n}"
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Rename it."}],
            "prediction": {"type": "content", "content": reply}}
    usage = ask(reply, body).get_json()["usage"]
    assert usage["completion_tokens_details"]["accepted_prediction_tokens"] == count_tokens(reply)
    assert usage["completion_tokens_details"]["rejected_prediction_tokens"] == 0
    assert usage["completion_tokens"] == count_tokens(reply) + 1


def test_a_prediction_the_answer_does_not_follow_is_all_rejected():
    body = {**RAIX_BODY, "prediction": {"type": "content", "content": "Nothing alike at all here"}}
    usage = ask("Hello! How can I assist you today?", body).get_json()["usage"]
    assert usage["completion_tokens_details"]["accepted_prediction_tokens"] == 0
    assert usage["completion_tokens_details"]["rejected_prediction_tokens"] == 5
    assert usage["completion_tokens"] == 9 + 5 + 1


def test_a_streams_usage_and_text_parts_count_the_prediction_too():
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "stream": True,
            "stream_options": {"include_usage": True},
            "prediction": {"type": "content", "content": [{"type": "text", "text": "Hello! How can I"},
                                                          {"type": "text", "text": " help you today?"}]}}
    usage = sse_chunks(ask("Hello! How can I assist you today?", body))[-1]["usage"]
    assert usage["completion_tokens_details"]["accepted_prediction_tokens"] == 5  # "Hello! How can I"
    assert usage["completion_tokens_details"]["rejected_prediction_tokens"] == 4  # " help you today?"
    assert usage["completion_tokens"] == 9 + 4 + 1


def test_without_a_prediction_nothing_changes(client):
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
    usage = client.post("/v1/chat/completions", json=body).get_json()["usage"]
    assert usage["completion_tokens_details"]["rejected_prediction_tokens"] == 0
    assert usage["completion_tokens"] == 9
