"""The official openai SDK against fauxpen served by gunicorn."""
import asyncio
import itertools

import pytest

from .conftest import STD_MESSAGES

openai = pytest.importorskip("openai")


def test_create(sdk):
    completion = sdk.chat.completions.create(model="gpt-4o", messages=STD_MESSAGES)
    assert completion.model == "gpt-4o-2024-08-06"
    assert completion.choices[0].message.content == "Hello! How can I assist you today?"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens == 18
    assert completion.usage.completion_tokens_details.reasoning_tokens == 0


def test_async_create(async_sdk):
    async def run():
        async with async_sdk as client:
            return await client.chat.completions.create(model="gpt-4", messages=STD_MESSAGES, n=2)
    completion = asyncio.run(run())
    assert [c.index for c in completion.choices] == [0, 1]
    assert completion.usage.completion_tokens == 20


def test_stream_with_usage(sdk):
    stream = sdk.chat.completions.create(model="gpt-4o", messages=STD_MESSAGES, stream=True,
                                         stream_options={"include_usage": True})
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Hello! How can I assist you today?"
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == 27
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"


def test_stream_helper_accumulates(sdk):
    with sdk.chat.completions.stream(model="gpt-4o", messages=STD_MESSAGES) as stream:
        final = stream.get_final_completion()
    assert final.choices[0].message.content == "Hello! How can I assist you today?"


def test_max_tokens_gives_length(sdk):
    completion = sdk.chat.completions.create(model="gpt-4", messages=STD_MESSAGES, max_tokens=2)
    assert completion.choices[0].finish_reason == "length"
    assert completion.choices[0].message.content == "Hello!"
    assert completion.usage.completion_tokens == 2


def test_stop(sdk):
    completion = sdk.chat.completions.create(model="gpt-4", messages=STD_MESSAGES, stop=["!"])
    assert completion.choices[0].message.content == "Hello"


def test_logprobs(sdk):
    completion = sdk.chat.completions.create(model="gpt-4o", messages=STD_MESSAGES, logprobs=True, top_logprobs=2)
    content = completion.choices[0].logprobs.content
    assert "".join(t.token for t in content) == completion.choices[0].message.content
    assert all(len(t.top_logprobs) == 2 for t in content)


def test_models_list_and_retrieve(sdk):
    ids = {m.id for m in sdk.models.list()}
    assert {"gpt-4", "gpt-4o", "gpt-4-0613"} <= ids
    assert sdk.models.retrieve("gpt-4o").owned_by == "system"
    with pytest.raises(openai.NotFoundError):
        sdk.models.retrieve("no-such-model")


def test_unknown_model_raises_not_found(sdk):
    with pytest.raises(openai.NotFoundError) as info:
        sdk.chat.completions.create(model="foo", messages=STD_MESSAGES)
    assert info.value.code == "model_not_found"


def test_invalid_argument_raises_bad_request(sdk):
    with pytest.raises(openai.BadRequestError) as info:
        sdk.chat.completions.create(model="gpt-4o", messages=STD_MESSAGES, temperature=5)
    assert info.value.code == "decimal_above_max_value"
    assert info.value.param == "temperature"
    assert info.value.request_id.startswith("req_")


def test_a_moderated_chat_completion_parses(sdk):
    completion = sdk.chat.completions.create(model="gpt-5", messages=STD_MESSAGES,
                                             moderation={"model": "omni-moderation-latest"})
    result = completion.moderation.output.results[0]
    assert (result.flagged, result.model, completion.moderation.input.type) == (
        False, "omni-moderation-latest", "moderation_results")
    chunks = list(sdk.chat.completions.create(model="gpt-5", messages=STD_MESSAGES, stream=True,
                                              moderation={"model": "omni-moderation-latest"}))
    assert chunks[-1].choices == [] and chunks[-1].moderation.input.results[0].flagged is False


def test_a_web_search_parses(sdk):
    response = sdk.responses.create(model="gpt-4o", input="What happened today?", tools=[{"type": "web_search"}],
                                    include=["web_search_call.action.sources"])
    search, message = response.output
    assert (search.type, search.action.type, search.action.query) == ("web_search_call", "search",
                                                                     "What happened today?")
    assert search.action.sources[0].url.startswith("https://")
    citation = message.content[0].annotations[0]
    assert citation.type == "url_citation" and message.content[0].text[citation.start_index] == "("
    assert response.tool_usage.web_search.num_requests == 1
    with sdk.responses.stream(model="gpt-4o", input="What happened today?", tools=[{"type": "web_search"}]) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_response()
    assert "response.web_search_call.searching" in kinds and final.output_text.endswith("utm_source=openai))")


def test_auto_pagination_walks_every_list_a_page_at_a_time_in_either_order(sdk):
    """limit=1 pages, followed by the SDK (an `after` of the last id, or a conversation's `last_id`), give each item
    once, in the order of one page holding them all, and end; `before` gives those listed before an item."""
    store = sdk.vector_stores.create(name="pages")
    files = [sdk.files.create(file=(f"{i}.txt", b"sky"), purpose="assistants") for i in range(3)]
    for file in files:
        sdk.vector_stores.files.create(store.id, file_id=file.id)
    container = sdk.containers.create(name="pages")
    for i in range(3):
        sdk.containers.files.create(container.id, file=(f"{i}.txt", b"abc"))
    conversation = sdk.conversations.create(items=[{"type": "message", "role": "user", "content": str(i)}
                                                   for i in range(3)])
    response = sdk.responses.create(model="gpt-4o", input=[{"role": "user", "content": str(i)} for i in range(3)])
    stored = sdk.chat.completions.create(model="gpt-4o", store=True, messages=[
        {"role": "user", "content": str(i)} for i in range(3)])
    listings = {"vector store files": lambda **kw: sdk.vector_stores.files.list(store.id, **kw),
                "container files": lambda **kw: sdk.containers.files.list(container.id, **kw),
                "conversation items": lambda **kw: sdk.conversations.items.list(conversation.id, **kw),
                "input items": lambda **kw: sdk.responses.input_items.list(response.id, **kw),
                "stored messages": lambda **kw: sdk.chat.completions.messages.list(stored.id, **kw)}
    for name, listing in listings.items():
        newest_first = [item.id for item in listing(order="desc", limit=100).data]
        assert len(newest_first) == len(set(newest_first)) == 3, name
        for order, expected in (("desc", newest_first), ("asc", newest_first[::-1])):
            walked = itertools.islice(listing(order=order, limit=1), 10)  # a walk that does not end stops at 10
            assert [item.id for item in walked] == expected, (name, order)
        last = listing(order="desc", limit=1, after=newest_first[1])
        assert ([item.id for item in last.data], last.has_more) == (newest_first[2:], False), name
    newest_first = [item.id for item in sdk.vector_stores.files.list(store.id, order="desc").data]
    before = sdk.vector_stores.files.list(store.id, order="desc", before=newest_first[2])
    assert [item.id for item in before.data] == newest_first[:2]
