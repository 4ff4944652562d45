"""Chat's search models (gpt-4o-search-preview, gpt-4o-mini-search-preview, gpt-5-search-api): their answers,
streams, usage and refusals as recorded in 2025-2026 (openai-dotnet session records, pydantic-ai cassettes, errors
quoted in client issues); what no recording shows follows gpt-4o (the README's differences section). The previews,
retired in chat since 2026-07-23, are recorded; gpt-5-search-api, written as they were, carries their answers here."""
import json
import re

import pytest

from fauxpen import registry

QUESTION = [{"role": "user", "content": "What was a positive news story from today?"}]
UUID_ID = re.compile(r"chatcmpl-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
CITED = "([example.com](https://example.com/?utm_source=openai))"


def chat(client, model="gpt-5-search-api", messages=QUESTION, **fields):
    return client.post("/v1/chat/completions", json={"model": model, "messages": messages, **fields})


def refusal(client, **fields):
    response = chat(client, **fields)
    assert response.status_code == 400, response.get_data(as_text=True)
    return response.get_json()["error"]


@pytest.mark.parametrize("alias, snapshot, created", [
    ("gpt-4o-search-preview", "gpt-4o-search-preview-2025-03-11", 1741388720),
    ("gpt-4o-mini-search-preview", "gpt-4o-mini-search-preview-2025-03-11", 1741391161),
    # posit-dev/chatlas's GET /v1/models cassette (December 2025): the alias 1759514629, its snapshot 1760043960.
    ("gpt-5-search-api", "gpt-5-search-api-2025-10-14", 1759514629),
])
def test_a_search_model_answers_as_its_snapshot_and_is_listed(client, alias, snapshot, created):
    response = chat(client, model=alias, web_search_options={})
    if alias == "gpt-5-search-api":
        assert response.status_code == 200 and response.get_json()["model"] == snapshot
    listed = {entry["id"]: entry for entry in registry.listing()}
    assert (listed[alias]["created"], listed[alias]["owned_by"]) == (created, "system")
    assert snapshot in listed


@pytest.mark.parametrize("model", ["gpt-4o-search-preview", "gpt-4o-mini-search-preview",
                                   "gpt-4o-mini-search-preview-2025-03-11"])
@pytest.mark.parametrize("stream", [False, True])
def test_the_previews_are_retired(client, model, stream):
    # Shut down on 2026-07-23 (the SDK's ChatModel notes), since refused in the words of their retirement: a
    # gateway's test body of gpt-4o-search-preview's 404, and clients' lists of real errors quoting both (2026).
    response = chat(client, model=model, stream=stream, temperature=0.2, web_search_options={})
    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "message": f"The model `{model}` has been deprecated, learn more here: "
                   "https://platform.openai.com/docs/deprecations",
        "type": "invalid_request_error", "param": None, "code": "model_not_found"}


def test_the_answer_has_the_recorded_shape(client):
    # openai-dotnet's WebSearchWorks records (September 2025 to February 2026), same request.
    response = chat(client, web_search_options={})
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["id", "object", "created", "model", "choices", "usage", "system_fingerprint"]
    assert UUID_ID.fullmatch(body["id"]) and body["system_fingerprint"] == ""
    choice, = body["choices"]
    assert list(choice) == ["index", "message", "finish_reason"]  # no logprobs key
    message = choice["message"]
    assert list(message) == ["role", "content", "refusal", "annotations"]
    citation, = message["annotations"]
    assert citation["type"] == "url_citation"
    assert list(citation["url_citation"]) == ["end_index", "start_index", "title", "url"]
    cited = citation["url_citation"]
    assert message["content"][cited["start_index"]:cited["end_index"]] == CITED
    assert cited["url"] == "https://example.com/?utm_source=openai" and message["content"].endswith(") ")
    # The question's 9 tokens alone (gpt-4o frames them in 15), and the limiter's estimate of 13.
    assert body["usage"]["prompt_tokens"] == 9
    assert list(body["usage"]["completion_tokens_details"]) == [
        "reasoning_tokens", "audio_tokens", "accepted_prediction_tokens", "rejected_prediction_tokens"]
    limit = int(response.headers["x-ratelimit-limit-tokens"])
    assert int(response.headers["x-ratelimit-remaining-tokens"]) == limit - 13
    # Written indented by two with a newline, as gpt-4o's answers (a recorded Content-Length, May 2025).
    assert response.get_data() == json.dumps(body, indent=2, ensure_ascii=False).encode() + b"\n"


@pytest.mark.parametrize("messages, prompt_tokens", [
    ([{"role": "system", "content": "You are a helpful assistant."},
      {"role": "user", "content": "What are the latest news in Iceland?"}], 14),
    ([{"role": "system", "content": "You are a helpful assistant."},
      {"role": "user", "content": "What is the current temperature?"}], 12),
])
def test_the_prompt_is_counted_without_framing(client, messages, prompt_tokens):
    # pydantic-ai's cassettes of gpt-4o-search-preview (2025), gpt-5-search-api written as it was.
    assert chat(client, messages=messages).get_json()["usage"]["prompt_tokens"] == prompt_tokens


@pytest.mark.parametrize("options", [
    {}, {"search_context_size": "low"}, None,
    {"search_context_size": "medium",
     "user_location": {"approximate": {"city": "Utrecht", "country": "NL"}, "type": "approximate"}},
    {"search_context_size": "high", "user_location": {"type": "approximate", "approximate": {
        "city": "London", "country": "GB", "region": "London", "timezone": "Europe/London"}}},
])
def test_web_search_options_are_taken(client, options):
    assert chat(client, web_search_options=options).status_code == 200


@pytest.mark.parametrize("fields, message", [
    ({"temperature": 0.7}, "Model incompatible request argument supplied: temperature"),
    ({"temperature": 0}, "Model incompatible request argument supplied: temperature"),
    ({"presence_penalty": 0}, "Model incompatible request argument supplied: presence_penalty"),
    ({"top_p": 0.9}, "Model incompatible request argument supplied: top_p"),
    ({"temperature": 1, "presence_penalty": 0, "frequency_penalty": 0, "top_p": 1},
     "Model incompatible request arguments supplied: frequency_penalty, presence_penalty, temperature, top_p"),
])
@pytest.mark.parametrize("model", ["gpt-5-search-api", "gpt-5-search-api-2025-10-14"])
def test_sampling_is_refused_whatever_its_value(client, model, fields, message):
    # Quoted of both models in 2025 (raycast, ruby_llm, a fuzz report, NextChat), param and code null.
    assert refusal(client, model=model, **fields) == {
        "message": message, "type": "invalid_request_error", "param": None, "code": None}


def test_sampling_sent_null_is_as_if_not_sent_and_unknown_arguments_come_first(client):
    assert chat(client, temperature=None, top_p=None).status_code == 200
    assert refusal(client, bogus=1, temperature=0.5)["message"] == "Unrecognized request argument supplied: bogus"
    assert chat(client, model="gpt-4o", temperature=0.5).status_code == 200


@pytest.mark.parametrize("options, param, message", [
    ("low", "web_search_options", "Invalid type for 'web_search_options': expected an object, but got a string "
                                  "instead."),
    ({"search_context_size": "huge"}, "web_search_options.search_context_size",
     "Invalid value: 'huge'. Supported values are: 'low', 'medium', and 'high'."),
    ({"bogus": 1}, "web_search_options.bogus", "Unknown parameter: 'web_search_options.bogus'."),
    ({"user_location": {"type": "approximate"}}, "web_search_options.user_location.approximate",
     "Missing required parameter: 'web_search_options.user_location.approximate'."),
    ({"user_location": {"approximate": {}}}, "web_search_options.user_location.type",
     "Missing required parameter: 'web_search_options.user_location.type'."),
    ({"user_location": {"type": "exact", "approximate": {}}}, "web_search_options.user_location.type",
     "Invalid value: 'exact'. Supported values are: 'approximate'."),
])
def test_bad_web_search_options_are_refused(client, options, param, message):
    error = refusal(client, web_search_options=options)
    assert (error["param"], error["message"]) == (param, message)


def test_other_models_still_refuse_web_search_options(client):
    # pydantic-ai's cassette of gpt-4o (March 2026); the reasoning models do not know the parameter.
    assert refusal(client, model="gpt-4o", web_search_options={"search_context_size": "low"})["message"] == (
        "Web search options not supported with this model.")
    assert refusal(client, model="gpt-5", web_search_options={})["code"] == "unknown_parameter"


@pytest.mark.parametrize("fields", [
    {"max_completion_tokens": 5}, {"max_tokens": 12}, {"stop": "]("},
    {"response_format": {"type": "json_object"}, "messages": [{"role": "user", "content": "Answer in json."}]},
])
def test_an_answer_cut_short_or_in_json_cites_nothing(client, fields):
    message = chat(client, **fields).get_json()["choices"][0]["message"]
    assert message["annotations"] == [] and CITED not in message["content"]


def events(response):
    text = response.get_data(as_text=True)
    assert text.endswith("data: [DONE]\n\n")
    return [json.loads(line[6:]) for line in text.split("\n\n") if line.startswith("data: {")]


def test_a_stream_sends_the_citations_with_the_finish(client):
    # gpt-4o-mini-search-preview's last chunk, quoted in lobehub's source (May 2025).
    chunks = events(chat(client, stream=True))
    assert all(list(chunk) == ["id", "object", "created", "model", "choices", "service_tier"] for chunk in chunks)
    assert UUID_ID.fullmatch(chunks[0]["id"]) and len({chunk["id"] for chunk in chunks}) == 1
    assert all("logprobs" not in chunk["choices"][0] for chunk in chunks)
    last = chunks[-1]
    assert last["service_tier"] == "default" and last["choices"][0]["finish_reason"] == "stop"
    citation, = last["choices"][0]["delta"]["annotations"]
    assert list(citation["url_citation"]) == ["url", "title", "start_index", "end_index"]
    text = "".join(chunk["choices"][0]["delta"].get("content") or "" for chunk in chunks)
    assert text[citation["url_citation"]["start_index"]:citation["url_citation"]["end_index"]] == CITED
    with_usage = events(chat(client, stream=True, stream_options={"include_usage": True}))
    assert list(with_usage[0]) == ["id", "object", "created", "model", "choices", "usage", "service_tier"]
    assert with_usage[-1]["choices"] == [] and with_usage[-1]["usage"]["prompt_tokens"] == 9


@pytest.mark.parametrize("model", ["gpt-4o-search-preview", "gpt-4o-mini-search-preview-2025-03-11",
                                   "gpt-5-search-api"])
def test_the_responses_api_does_not_serve_them(client, model):
    # Relayed of gpt-4o-search-preview (June 2025); OpenAI's model pages say so of all three.
    response = client.post("/v1/responses", json={"model": model, "input": "hi"})
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "message": f"The requested model '{model}' is not supported with the Responses API.",
        "type": "invalid_request_error", "param": "model", "code": "model_not_found"}


def test_sdk_reads_a_search_models_answer_and_stream(sdk):
    """The openai SDK, the judge of compatibility: the citation typed as url_citation, in the answer and in the
    stream helper's final message, and the refused temperature as a BadRequestError with the API's words."""
    openai = pytest.importorskip("openai")
    messages = [{"role": "user", "content": "What was a positive news story from today?"}]
    completion = sdk.chat.completions.create(model="gpt-5-search-api", messages=messages,
                                             web_search_options={"search_context_size": "low"})
    message = completion.choices[0].message
    (annotation,) = message.annotations
    assert annotation.type == "url_citation"
    cited = annotation.url_citation
    assert message.content[cited.start_index:cited.end_index] == f"([example.com]({cited.url}))"
    assert completion.service_tier is None and completion.system_fingerprint == ""
    with sdk.chat.completions.stream(model="gpt-5-search-api", messages=messages) as stream:
        final = stream.get_final_completion()
    assert final.choices[0].message.content == message.content
    with pytest.raises(openai.BadRequestError) as raised:
        sdk.chat.completions.create(model="gpt-5-search-api", messages=messages, temperature=0.2)
    assert raised.value.body["message"] == "Model incompatible request argument supplied: temperature"
