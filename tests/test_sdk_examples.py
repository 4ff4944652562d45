"""OpenAI's own examples (openai-python's examples/ and README, the platform guides' code), run with the SDK
against a live fauxpen as a team's smoke test runs them: each ends with the answer the example reads, no error.

Flows covered elsewhere (chat and Responses parse and stream helpers, function round trips, batches, speech,
uploads) are not repeated here; these are the examples' own sequences of calls and the SDK's polling helpers.
"""
import json
import time

import pytest
from pydantic import BaseModel

openai = pytest.importorskip("openai")


class Step(BaseModel):
    explanation: str
    output: str


class MathResponse(BaseModel):
    steps: list[Step]
    final_answer: str


def test_background_streaming_resumes_after_an_interruption_and_parses(sdk):
    """examples/responses/background_streaming.py: a background stream left at event 10, resumed by id from there,
    its final response parsed into the example's model; and background.py's raw resumption, where the SDK's helper
    does not drop events at or before starting_after for the server."""
    response_id = None
    with sdk.responses.stream(input="solve 8x + 31 = 2", model="gpt-4o-2024-08-06", text_format=MathResponse,
                              background=True) as stream:
        for event in stream:
            if event.type == "response.created":
                response_id = event.response.id
            if event.sequence_number == 10:
                break
    assert response_id is not None
    with sdk.responses.retrieve(response_id=response_id, stream=True, starting_after=10) as stream:
        assert [event.sequence_number for event in stream][:2] == [11, 12]
    with sdk.responses.stream(response_id=response_id, starting_after=10, text_format=MathResponse) as stream:
        numbers = [event.sequence_number for event in stream]
        final = stream.get_final_response()
    assert numbers[0] == 11 and numbers == list(range(11, 11 + len(numbers)))
    assert isinstance(final.output_parsed, MathResponse) and final.status == "completed"


def test_a_background_stream_resumed_after_its_last_event_is_empty(sdk):
    """Resumed after its last event, a background stream has nothing more to send: a 200 event stream with no event
    (what the API sends there is unrecorded), which the SDK reads as a stream of no events, without an error."""
    with sdk.responses.create(model="gpt-4o", input="hi", background=True, stream=True) as stream:
        sent = list(stream)
    assert sent[-1].type == "response.completed"
    response_id, last = sent[0].response.id, sent[-1].sequence_number
    raw = sdk.responses.with_raw_response.retrieve(response_id, stream=True, starting_after=last)
    assert raw.http_response.status_code == 200 and raw.headers["content-type"] == "text/event-stream; charset=utf-8"
    with raw.parse() as resumed:
        assert list(resumed) == []
    # The stream helper asks for the whole stream and drops what is not after starting_after itself (openai 3.63's
    # lib/_response_resources.py), so it has the completed response still.
    with sdk.responses.stream(response_id=response_id, starting_after=last) as resumed:
        assert list(resumed) == [] and resumed.get_final_response().status == "completed"


def test_retrieve_with_include_adds_the_logprobs(sdk):
    """responses.retrieve(include=[...]) as the SDK sends it (`include[]=`), its logprobs typed."""
    created = sdk.responses.create(model="gpt-4o", input="hi", top_logprobs=1)
    retrieved = sdk.responses.retrieve(created.id, include=["message.output_text.logprobs"])
    assert created.output[0].content[0].logprobs == [] and retrieved.output[0].content[0].logprobs
    assert retrieved.output[0].content[0].logprobs[0].top_logprobs


def test_background_polling_ends_completed(sdk):
    """The background guide's loop: retrieve until the status is no longer queued or in progress."""
    response = sdk.responses.create(model="o3", input="Write a very long novel about otters in space.",
                                    background=True)
    assert response.status in ("queued", "in_progress")
    for _ in range(100):
        if response.status not in ("queued", "in_progress"):
            break
        time.sleep(0.2)
        response = sdk.responses.retrieve(response.id)
    assert response.status == "completed" and response.output_text


def test_tool_call_loop_with_previous_response_id_ends_in_an_answer(sdk):
    """examples/responses/tool_call_loop.py: calls answered by their outputs and previous_response_id until the
    model answers in text, well within the example's MAX_TURNS of 10."""
    tools = [{"type": "function", "name": name, "description": "A tool.", "parameters": {
        "type": "object", "properties": {key: {"type": "string"}}, "required": [key]}}
        for name, key in (("get_weather", "city"), ("calculate", "expression"))]
    response = sdk.responses.create(model="gpt-4o-mini", tools=tools, input=(
        "What's the weather like in Tokyo and London? Also, how many seconds are in 7 weeks?"))
    turns = 0
    while calls := [item for item in response.output if item.type == "function_call"]:
        turns += 1
        assert turns < 10
        outputs = [{"type": "function_call_output", "call_id": call.call_id,
                    "output": json.dumps({"args": json.loads(call.arguments)})} for call in calls]
        response = sdk.responses.create(model="gpt-4o-mini", previous_response_id=response.id, input=outputs,
                                        tools=tools)
    assert turns == 1 and response.output_text


def test_manual_history_of_output_items_is_taken_back(sdk):
    """The conversation state guide: the output's messages appended to the input as role and content, or as the
    SDK's dumps of them, then another question."""
    history = [{"role": "user", "content": "tell me a joke"}]
    first = sdk.responses.create(model="gpt-4o-mini", input=history, store=False)
    for items in ([{"role": item.role, "content": item.content} for item in first.output],
                  [item.model_dump(exclude_none=True) for item in first.output],
                  [item.to_dict() for item in first.output]):
        answer = sdk.responses.create(model="gpt-4o-mini", store=False,
                                      input=history + items + [{"role": "user", "content": "tell me another"}])
        assert answer.output_text


def test_vector_store_upload_helpers_poll_to_completed_and_are_searched(sdk, tmp_path):
    """The file search guide: files_batches.upload_and_poll and files.upload_and_poll, then a search and a
    file_search call citing the files."""
    store = sdk.vector_stores.create(name="Financial Statements")
    paths = []
    for index in range(3):
        path = tmp_path / f"report{index}.md"
        path.write_text(f"# Report {index}\nRevenue grew {index + 1}0% in the quarter.\n")
        paths.append(path)
    files = [open(path, "rb") for path in paths]
    try:
        batch = sdk.vector_stores.file_batches.upload_and_poll(vector_store_id=store.id, files=files)
    finally:
        for file in files:
            file.close()
    assert batch.status == "completed" and batch.file_counts.completed == 3
    with open(paths[0], "rb") as file:
        single = sdk.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=file)
    assert single.status == "completed"
    assert sdk.vector_stores.search(vector_store_id=store.id, query="revenue").data
    response = sdk.responses.create(model="gpt-4o-mini", input="What was revenue growth?",
                                    tools=[{"type": "file_search", "vector_store_ids": [store.id]}])
    message = next(item for item in response.output if item.type == "message")
    assert {annotation.type for annotation in message.content[0].annotations} == {"file_citation"}


def test_files_wait_for_processing_and_content_helpers(sdk, tmp_path):
    """The SDK's files.wait_for_processing, content(...).write_to_file and with_streaming_response.content."""
    made = sdk.files.create(file=("train.jsonl", b'{"a": 1}\n'), purpose="fine-tune")
    assert sdk.files.wait_for_processing(made.id, poll_interval=0.1).status == "processed"
    sdk.files.content(made.id).write_to_file(tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_bytes() == b'{"a": 1}\n'
    with sdk.files.with_streaming_response.content(made.id) as response:
        assert b"".join(response.iter_bytes()) == b'{"a": 1}\n'
    assert sdk.files.delete(made.id).deleted
