"""POST /v1/completions: the legacy text completion endpoint, as JSON and streamed."""
import pytest

from .conftest import STD_MESSAGES, sse_chunks

REPLY = "Hello! How can I assist you today?"
INSTRUCT = "gpt-3.5-turbo-instruct"


def complete(client, **fields):
    response = client.post("/v1/completions", json={"model": INSTRUCT, "prompt": "Say this is a test", **fields})
    assert response.status_code == 200, response.get_json()
    return response


def error_of(client, body, path="/v1/completions"):
    response = client.post(path, json=body)
    error = response.get_json()["error"]
    return response.status_code, error["message"], error["param"], error["code"]


def test_a_completion_has_the_real_fields_in_the_real_order(client):
    answer = complete(client, max_tokens=20).get_json()
    assert list(answer) == ["id", "object", "created", "model", "choices", "usage"]
    assert answer["id"].startswith("cmpl-") and len(answer["id"]) == 34
    assert answer["object"] == "text_completion"
    assert answer["model"] == "gpt-3.5-turbo-instruct:20230824-v2"
    assert answer["choices"] == [{"text": REPLY, "index": 0, "logprobs": None, "finish_reason": "stop"}]
    # The prompt's own tokens, no chat framing: "Say this is a test" is 5, as in OpenAI's example. The answer's
    # 9 tokens, without the end-of-text token chat counts (captured: "\n\nThis is a test." is 6, finished).
    assert answer["usage"] == {"prompt_tokens": 5, "completion_tokens": 9, "total_tokens": 14}


def test_max_tokens_defaults_to_16():
    from fauxpen import create_app

    long_reply = " ".join(["word"] * 40)
    client = create_app({"TESTING": True, "FAUXPEN_REPLY": long_reply}).test_client()
    answer = complete(client).get_json()
    assert answer["choices"][0]["finish_reason"] == "length"
    assert answer["usage"]["completion_tokens"] == 16
    assert answer["choices"][0]["text"] == " ".join(["word"] * 16)


def test_each_prompt_gets_n_choices_indexed_prompt_by_prompt(client):
    answer = complete(client, prompt=["a", "bb"], n=2, max_tokens=2).get_json()
    assert [c["index"] for c in answer["choices"]] == [0, 1, 2, 3]
    assert answer["usage"] == {"prompt_tokens": 2, "completion_tokens": 8, "total_tokens": 10}


def test_best_of_counts_every_completion_it_generates(client):
    one = complete(client, max_tokens=3).get_json()
    best = complete(client, max_tokens=3, best_of=3).get_json()
    assert len(best["choices"]) == 1
    assert best["usage"]["completion_tokens"] == 3 * one["usage"]["completion_tokens"]


def test_token_prompts_count_their_ids(client):
    assert complete(client, prompt=[1, 2, 3]).get_json()["usage"]["prompt_tokens"] == 3
    assert complete(client, prompt=[[1, 2], [3]]).get_json()["usage"]["prompt_tokens"] == 3


def test_logprobs_are_parallel_arrays_with_offsets_from_the_prompts_start(client):
    choice = complete(client, max_tokens=3, logprobs=2).get_json()["choices"][0]
    logprobs = choice["logprobs"]
    assert list(logprobs) == ["tokens", "token_logprobs", "top_logprobs", "text_offset"]
    assert logprobs["tokens"] == ["Hello", "!", " How"]
    assert logprobs["text_offset"] == [18, 23, 24]  # "Say this is a test" is 18 characters
    for token, logprob, top in zip(logprobs["tokens"], logprobs["token_logprobs"], logprobs["top_logprobs"]):
        assert top[token] == logprob and len(top) == 2
        assert max(top.values()) == logprob


@pytest.mark.parametrize(("asked", "shown"), [(0, 1), (1, 1), (5, 5), (9, 5)])
def test_top_logprobs_hold_at_most_5_tokens_whatever_logprobs_asks(client, asked, shown):
    top = complete(client, max_tokens=2, logprobs=asked).get_json()["choices"][0]["logprobs"]["top_logprobs"]
    assert [len(t) for t in top] == [shown, shown]


def test_echo_returns_the_prompt_and_scores_it_on_davinci(client):
    choice = complete(client, model="davinci-002", prompt="Say", echo=True, logprobs=1,
                      max_tokens=1).get_json()["choices"][0]
    assert choice["text"] == "SayHello"
    logprobs = choice["logprobs"]
    assert logprobs["tokens"] == ["Say", "Hello"]
    assert logprobs["token_logprobs"][0] is None and logprobs["top_logprobs"][0] is None
    assert logprobs["text_offset"] == [0, 3]

    # Streamed, the echoed prompt comes first, in a chunk of its own: the chunks add up to the answer.
    chunks = sse_chunks(complete(client, model="davinci-002", prompt="Say", echo=True, logprobs=1, max_tokens=1,
                                 stream=True))
    assert [c["choices"][0]["text"] for c in chunks] == ["Say", "Hello"]
    assert sum((c["choices"][0]["logprobs"]["tokens"] for c in chunks), []) == logprobs["tokens"]
    assert chunks[0]["choices"][0]["logprobs"]["token_logprobs"] == [None]


def test_a_character_written_in_several_tokens_shows_its_bytes(client):
    logprobs = complete(client, model="davinci-002", prompt="💙", echo=True, logprobs=0,
                        max_tokens=0).get_json()["choices"][0]["logprobs"]
    assert logprobs["tokens"] == ["bytes:\\xf0\\x9f\\x92", "bytes:\\x99"]


def test_a_stream_names_the_model_after_the_choices_and_ends_a_stop_with_an_empty_chunk(client):
    chunks = sse_chunks(complete(client, stream=True, stream_options={"include_usage": True}))
    assert list(chunks[0]) == ["id", "object", "created", "choices", "model", "usage"]
    assert chunks[0]["usage"] is None
    assert "".join(c["choices"][0]["text"] for c in chunks[:-1]) == REPLY
    assert chunks[-2]["choices"] == [{"text": "", "index": 0, "logprobs": None, "finish_reason": "stop"}]
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-2])
    usage = chunks[-1]
    assert list(usage) == ["id", "object", "created", "model", "usage", "choices"]
    assert usage["choices"] == [] and usage["usage"]["completion_tokens"] == 9


@pytest.mark.parametrize("stream, content_type", [(False, "application/json"), (True, "text/event-stream")])
def test_answers_carry_the_legacy_stacks_headers(client, stream, content_type):
    # Recorded in March 2025 and February 2026 (gpt-3.5-turbo-instruct, JSON and streamed alike): any origin may
    # read an answer, it names the model's snapshot and is not to be cached; a stream's type has no charset.
    response = complete(client, stream=stream)
    assert response.headers["content-type"] == content_type
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["openai-model"] == "gpt-3.5-turbo-instruct:20230824-v2"
    assert response.headers["cache-control"] == "no-cache, must-revalidate"


def test_a_stream_cut_by_the_limit_says_length_on_its_last_token(client):
    chunks = sse_chunks(complete(client, stream=True, max_tokens=3))
    assert [c["choices"][0]["text"] for c in chunks] == ["Hello", "!", " How"]
    assert [c["choices"][0]["finish_reason"] for c in chunks] == [None, None, "length"]
    assert "usage" not in chunks[0]


@pytest.mark.parametrize(("body", "status", "message", "param", "code"), [
    ({"model": "gpt-4o", "prompt": "x"}, 404, "This is a chat model and not supported in the v1/completions "
     "endpoint. Did you mean to use v1/chat/completions?", "model", None),
    ({"model": INSTRUCT, "messages": STD_MESSAGES}, 400, "Unrecognized request argument supplied: messages", None,
     None),
    # Several at once, listed together in alphabetical order as chat's older stack lists them (a guess here).
    ({"model": INSTRUCT, "prompt": "x", "tools": [], "messages": STD_MESSAGES, "a{b}": None}, 400,
     "Unrecognized request arguments supplied: a{b}, messages, tools", None, None),
    ({"model": INSTRUCT, "prompt": "x", "max_tokens": 5000}, 400, "This model's maximum context length is 4096 "
     "tokens, however you requested 5001 tokens (1 in your prompt; 5000 for the completion). Please reduce your "
     "prompt; or completion length.", None, None),
    ({"model": INSTRUCT, "prompt": "x", "max_tokens": 0}, 400, "You requested a length 0 completion, but did not "
     "specify a 'logprobs' parameter to see the probability of each token. Either request a completion with length "
     "greater than 1, or set 'logprobs' to 0 (to see the probabilities of each token you submitted) or more (to "
     "also see the probabilities over alternative tokens).", None, None),
    ({"model": INSTRUCT, "prompt": "x", "echo": True, "logprobs": 1}, 400, "Setting 'echo' and 'logprobs' at the "
     "same time is not supported for this model.", None, None),
    ({"model": INSTRUCT, "prompt": 5}, 400, "Invalid type for 'prompt': expected one of a string, array of strings, "
     "array of integers, or array of arrays of integers, but got an integer instead.", "prompt", "invalid_type"),
    ({"model": INSTRUCT, "prompt": "x", "temperature": 3}, 400, "Invalid 'temperature': decimal above maximum "
     "value. Expected a value <= 2, but got 3 instead.", "temperature", "decimal_above_max_value"),
    ({"model": INSTRUCT, "prompt": "x", "logit_bias": {"50256": None}}, 400, "Logit bias value null is invalid or "
     "outside of range [-100, 100]", "logit_bias", None),
    ({"model": INSTRUCT, "prompt": "x", "stream_options": {"include_usage": True}}, 400, "The 'stream_options' "
     "parameter is only allowed when 'stream' is enabled.", "stream_options", None),
    # The models shut down on 2024-01-04, in the words of their retirement (a capture of January 2024, and clients
    # quoting davinci's).
    *(({"model": name, "prompt": "x"}, 404, f"The model `{name}` has been deprecated, learn more here: "
       "https://platform.openai.com/docs/deprecations", None, "model_not_found") for name in ("text-davinci-003",
                                                                                                "davinci")),
])
def test_refusals(client, body, status, message, param, code):
    assert error_of(client, body) == (status, message, param, code)


@pytest.mark.parametrize(("prompt", "message", "param"), [
    ([1, 2, "a"], "Invalid type for 'prompt[2]': expected an integer, but got a string instead.", "prompt[2]"),
    ([[1, True]], "Invalid type for 'prompt[0][1]': expected an integer, but got a boolean instead.",
     "prompt[0][1]"),
    (["a", 5], "Invalid type for 'prompt[1]': expected one of a string or array of integers, but got an integer "
     "instead.", "prompt[1]"),
])
def test_a_bad_item_of_a_prompt_is_named(client, prompt, message, param):
    assert error_of(client, {"model": "davinci-002", "prompt": prompt})[1:3] == (message, param)


def test_an_empty_token_prompt_is_refused(client):
    assert error_of(client, {"model": "davinci-002", "prompt": [[]]})[1:] == (
        "Invalid 'prompt[0]': empty array. Expected an array with minimum length 1, but got an empty array "
        "instead.", "prompt[0]", "empty_array")


def test_no_prompt_is_the_end_of_text_token_alone(client):
    answer = complete(client, model="davinci-002", prompt=None, echo=True, logprobs=0, max_tokens=1).get_json()
    assert answer["choices"][0]["logprobs"]["tokens"][0] == "<|endoftext|>"
    assert len(answer["choices"][0]["logprobs"]["tokens"]) == 2
    assert answer["usage"]["prompt_tokens"] == 1


def test_the_chat_endpoint_points_a_completion_model_to_this_one(client):
    body = {"model": INSTRUCT, "messages": STD_MESSAGES}
    assert error_of(client, body, "/v1/chat/completions") == (
        404, "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to "
        "use v1/completions?", "model", None)


def test_the_models_are_listed(client):
    names = {m["id"] for m in client.get("/v1/models").get_json()["data"]}
    assert {INSTRUCT, "davinci-002", "babbage-002"} <= names


def test_the_sdk_reads_a_completion_and_its_stream(live_server):
    openai = pytest.importorskip("openai")
    sdk = openai.OpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=0)
    answer = sdk.completions.create(model=INSTRUCT, prompt="Say this is a test", logprobs=2, max_tokens=3)
    assert answer.choices[0].text == "Hello! How" and answer.choices[0].finish_reason == "length"
    assert answer.choices[0].logprobs.tokens == ["Hello", "!", " How"]
    text, usage = "", None
    for chunk in sdk.completions.create(model=INSTRUCT, prompt="Say this is a test", stream=True,
                                        stream_options={"include_usage": True}):
        text += "".join(c.text for c in chunk.choices)
        usage = chunk.usage or usage
    assert text == REPLY and usage.total_tokens == 14


@pytest.mark.parametrize("name, build", [("davinci-002", "davinci:2023-07-21-v2"),
                                         ("babbage-002", "babbage:2023-07-21-v2")])
@pytest.mark.parametrize("stream", [False, True])
def test_the_base_models_answer_as_their_builds(client, name, build, stream):
    # Recorded (openllmetry's test_batch_completion.yaml, March 2025): davinci-002 answered as
    # "davinci:2023-07-21-v2", in the body and its openai-model header; babbage-002's build is named alike in
    # clients' captures of 2025. The request's name is still what GET /v1/models lists and fine-tuning takes.
    response = client.post("/v1/completions", json={"model": name, "prompt": ["a", "b"], "stream": stream})
    assert response.headers["openai-model"] == build
    answers = sse_chunks(response) if stream else [response.get_json()]
    assert {answer["model"] for answer in answers} == {build}
    assert client.get(f"/v1/models/{name}").get_json()["id"] == name


SPANISH = ("Human: what country is the city \n\nComputer: The city Spongebob Squarepants is from is called Bikini "
           "Bottom. in? respond in Spanish")


def taken(response):
    return int(response.headers["x-ratelimit-limit-tokens"]) - int(response.headers["x-ratelimit-remaining-tokens"])


@pytest.mark.parametrize(("fields", "tokens"), [
    # A tracing library's cassettes of gpt-3.5-turbo-instruct (July and August 2025), x-ratelimit-reset-tokens
    # agreeing: 14, 33 and 12 for these prompts (usage 30, 46 and 11), the limiter's estimate of a quarter of the
    # prompt's bytes and one for the answer, not the usage. A Korean prompt of 27 bytes reset in 7's time.
    ({"prompt": ["Human: what is the city Spongebob Squarepants is from?"], "max_tokens": 256}, 14),
    ({"prompt": [SPANISH], "max_tokens": 256}, 33),
    ({"prompt": ["Good morning, Alice! How are you doing today?"], "max_tokens": 256}, 12),
    ({"prompt": ["\uc548\ub155,\n \uc9c0\uae08 \uba87 \uc2dc\uc57c?"], "max_tokens": 256}, 7),
    ({"prompt": [1, 2, 3], "n": 2}, 5),
])
def test_ratelimit_headers_take_off_the_limiters_estimate(client, fields, tokens):
    assert taken(complete(client, **fields)) == tokens


def test_a_token_id_past_the_vocabulary_is_refused_and_limited(client):
    # Recorded (the same cassettes, August 2025): 400, param and code null, and 3 tokens taken for two ids.
    response = client.post("/v1/completions", json={"model": INSTRUCT, "prompt": [12345, 123456], "max_tokens": 256})
    assert response.status_code == 400 and taken(response) == 3
    assert response.get_json()["error"] == {
        "message": "Invalid token in prompt: 123456. Minimum value is 0, maximum value is 100257 (inclusive).",
        "type": "invalid_request_error", "param": None, "code": None}
    assert error_of(client, {"model": INSTRUCT, "prompt": [[1], [-1]]})[1].startswith("Invalid token in prompt: -1.")
    assert complete(client, prompt=[0, 100257]).status_code == 200


def test_an_empty_completion_leaves_completion_tokens_out_of_its_usage(client):
    # Recorded (the same cassettes, August 2025): an empty text, finished, with {"prompt_tokens": 11,
    # "total_tokens": 11}; here a stop sequence the reply begins with empties it.
    answer = complete(client, prompt=["Good morning, Alice! How are you doing today?"], stop=["Hello"]).get_json()
    assert answer["choices"][0]["text"] == "" and answer["choices"][0]["finish_reason"] == "stop"
    assert answer["usage"] == {"prompt_tokens": 11, "total_tokens": 11}
