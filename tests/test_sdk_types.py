"""Answers validated against the openai SDK's pydantic types, strictly: the SDK builds its objects without
validation, so a missing required key or a wrong literal would pass unseen in ordinary use.

Only shapes that match the SDK are here; where a recording differs from the SDK's type (a completions stream's null
finish_reason, the file batch's `vector_store.file_batch`, a fine-tuning job's `error: {}`, ...) the recording is
followed and the case is left out (README: Where fauxpen still differs).
"""
import base64
import functools
import io
import json

import pytest
from openai.types import (CompletionUsage, CreateEmbeddingResponse, ImageGenStreamEvent, ImagesResponse,
                          ModerationCreateResponse)
from openai.types.audio import Transcription, TranscriptionStreamEvent
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.responses import Response, ResponseStreamEvent
from pydantic import TypeAdapter

from .conftest import wav_bytes

AUTH = {"Authorization": "Bearer sk-x"}
WEATHER = {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                                                 "required": ["city"], "additionalProperties": False}}
SCHEMA = {"type": "json_schema", "name": "x", "strict": True, "schema": {
    "type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"], "additionalProperties": False}}
HELLO = [{"role": "user", "content": "Hello"}]


@functools.cache
def adapter(model):
    return TypeAdapter(model)


def valid(model, obj):
    """Validate obj as the SDK's type, lax then strict (an int where a float is typed is fine, a "1" is not)."""
    adapter(model).validate_python(obj)
    adapter(model).validate_python(obj, strict=True)


def events(response):
    return [json.loads(line[6:]) for line in response.get_data(as_text=True).splitlines()
            if line.startswith("data: ") and line != "data: [DONE]"]


CHAT = [
    {"model": "gpt-4o", "messages": HELLO},
    {"model": "gpt-4o-mini", "messages": HELLO, "n": 2, "logprobs": True, "top_logprobs": 2},
    {"model": "gpt-4.1", "messages": HELLO, "tools": [{"type": "function", "function": WEATHER}],
     "tool_choice": "required"},
    {"model": "gpt-4o", "messages": HELLO, "response_format": {"type": "json_schema", "json_schema": {
        k: v for k, v in SCHEMA.items() if k != "type"}}},
    {"model": "gpt-5", "messages": HELLO, "reasoning_effort": "low"},
    {"model": "o3", "messages": HELLO},
    {"model": "gpt-4o-audio-preview", "messages": HELLO, "modalities": ["text", "audio"],
     "audio": {"voice": "alloy", "format": "pcm16"}},
    {"model": "gpt-5-search-api", "messages": HELLO, "web_search_options": {}},
]


@pytest.mark.parametrize("body", CHAT, ids=lambda body: body["model"])
def test_chat_answers_and_chunks_are_the_sdks_types(client, body):
    valid(ChatCompletion, client.post("/v1/chat/completions", headers=AUTH, json=body).get_json())
    streamed = client.post("/v1/chat/completions", headers=AUTH,
                           json={**body, "stream": True, "stream_options": {"include_usage": True}})
    chunks = events(streamed)
    for chunk in chunks:
        valid(ChatCompletionChunk, chunk)
    valid(CompletionUsage, chunks[-1]["usage"] if chunks[-1]["usage"] else chunks[-2]["usage"])


RESPONSES = [
    {"model": "gpt-4o", "input": "Hello", "instructions": "Be brief.", "metadata": {"a": "b"}},
    {"model": "gpt-4.1", "input": "weather?", "tools": [{"type": "function", **WEATHER}], "tool_choice": "required"},
    {"model": "gpt-4o", "input": "Hello", "text": {"format": SCHEMA}},
    {"model": "gpt-5", "input": "Hello", "reasoning": {"effort": "low", "summary": "auto"}},
    {"model": "gpt-4o-mini", "input": "Hello", "include": ["message.output_text.logprobs"], "top_logprobs": 2},
    {"model": "gpt-5-mini", "input": "Hello", "max_output_tokens": 16},
    {"model": "gpt-4o", "input": "news today", "tools": [{"type": "web_search"}]},
    {"model": "gpt-5", "input": "run it", "tools": [{"type": "custom", "name": "run"}],
     "tool_choice": {"type": "custom", "name": "run"}},
    {"model": "gpt-4.1", "input": "compute 2+2", "tools": [{"type": "code_interpreter", "container": {"type": "auto"}}],
     "tool_choice": "required"},
    {"model": "gpt-4.1", "input": "draw a cat", "tools": [{"type": "image_generation", "partial_images": 1}],
     "tool_choice": {"type": "image_generation"}},
    {"model": "gpt-5.1", "input": "ls", "tools": [{"type": "shell"}], "tool_choice": {"type": "shell"}},
    {"model": "gpt-5.2", "input": "ls", "tools": [{"type": "shell", "environment": {"type": "container_auto"}}],
     "tool_choice": {"type": "shell"}},
    {"model": "gpt-5.1", "input": "fix", "tools": [{"type": "apply_patch"}], "tool_choice": {"type": "apply_patch"}},
]


@pytest.mark.parametrize("body", RESPONSES, ids=lambda body: body["model"] + "-" + "-".join(
    tool["type"] for tool in body.get("tools", ())))
def test_responses_and_every_stream_event_are_the_sdks_types(client, body):
    valid(Response, client.post("/v1/responses", headers=AUTH, json=body).get_json())
    streamed = events(client.post("/v1/responses", headers=AUTH, json={**body, "stream": True}))
    assert streamed[-1]["type"] in ("response.completed", "response.incomplete")
    for event in streamed:
        if not event["type"].startswith("response.apply_patch_call_operation_diff."):  # recorded; no SDK type
            valid(ResponseStreamEvent, event)


def test_embeddings_and_moderations_are_the_sdks_types(client):
    valid(CreateEmbeddingResponse, client.post("/v1/embeddings", headers=AUTH, json={
        "model": "text-embedding-3-small", "input": ["a", "b"], "encoding_format": "float"}).get_json())
    valid(ModerationCreateResponse, client.post("/v1/moderations", headers=AUTH, json={"input": ["hi", "bye"]}
                                                ).get_json())


def test_images_and_their_stream_are_the_sdks_types(client):
    body = {"model": "gpt-image-1-mini", "prompt": "a cat", "size": "1024x1024", "quality": "low"}
    valid(ImagesResponse, client.post("/v1/images/generations", headers=AUTH, json=body).get_json())
    streamed = client.post("/v1/images/generations", headers=AUTH, json={**body, "stream": True, "partial_images": 1})
    for event in events(streamed):
        valid(ImageGenStreamEvent, event)


@pytest.mark.parametrize("model", ["whisper-1", "gpt-4o-mini-transcribe", "gpt-transcribe"])
def test_transcriptions_and_their_stream_are_the_sdks_types(client, model):
    def send(**form):
        return client.post("/v1/audio/transcriptions", headers=AUTH, content_type="multipart/form-data",
                           data={"model": model, "file": (io.BytesIO(wav_bytes(1.0)), "a.wav"), **form})
    valid(Transcription, send().get_json())
    if model != "whisper-1":
        for event in events(send(stream="true")):
            valid(TranscriptionStreamEvent, event)


def test_a_base64_embedding_is_the_sdks_after_decoding(client):
    """The SDK asks for base64 and decodes it itself: the answer's string is its list of floats."""
    body = client.post("/v1/embeddings", headers=AUTH, json={"model": "text-embedding-3-small", "input": "a",
                                                             "encoding_format": "base64"}).get_json()
    vector = body["data"][0]["embedding"]
    assert isinstance(vector, str) and len(base64.b64decode(vector)) == 4 * 1536
