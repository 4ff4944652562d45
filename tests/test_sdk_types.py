"""Answers validated against the openai SDK's pydantic types, strictly: the SDK builds its objects without
validation, so a missing required key or a wrong literal would pass unseen in ordinary use.

The answers of the endpoints other than chat and responses are also held to have no key their type does not
declare, but those recorded (RECORDED_EXTRAS). Only shapes that match the SDK are here; where a recording differs
from the SDK's type (a completions stream's null finish_reason, the file batch's `vector_store.file_batch`, a
fine-tuning job's `error: {}`, ...) the recording is followed and the case is left out (README: Where fauxpen still
differs).
"""
import base64
import functools
import io
import json

import pytest
from openai.types import (Batch, CompletionUsage, ContainerCreateResponse, ContainerListResponse,
                          ContainerRetrieveResponse, CreateEmbeddingResponse, FileDeleted, FileObject,
                          ImageGenStreamEvent, ImagesResponse, Model, ModerationCreateResponse, Skill, Upload,
                          VectorStore, VectorStoreDeleted, VectorStoreSearchResponse)
from openai.types.audio import Transcription, TranscriptionStreamEvent
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.containers import FileCreateResponse as ContainerFileCreateResponse
from openai.types.containers import FileListResponse as ContainerFileListResponse
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai.types.fine_tuning.jobs import FineTuningJobCheckpoint
from openai.types.responses import Response, ResponseStreamEvent
from openai.types.skills import SkillVersion
from openai.types.uploads import UploadPart
from openai.types.vector_stores import FileContentResponse, VectorStoreFile, VectorStoreFileDeleted
from pydantic import BaseModel, TypeAdapter

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
    {"model": "gpt-5.4", "input": [{"role": "user", "content": "Hello"}, {"type": "compaction_trigger"}]},
    {"model": "gpt-4o", "input": "Hello", "context_management": [{"type": "compaction", "compact_threshold": 1}]},
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


# Keys the SDK's types do not declare, kept as the API sends them (README: Where the SDK's types and the recordings
# part): a path of keys, `[]` for any item of a list.
RECORDED_EXTRAS = {
    # The API reference's example of a vector store (2025) names its description.
    VectorStore: {("description",)},
    # The recorded job object (README: Fine-tuning).
    FineTuningJob: {("user_provided_suffix",), ("usage_metrics",), ("shared_with_openai",), ("eval_id",)},
    # fauxpen's checkpoints name the method their metrics are of: no capture or reference shows the key either way.
    FineTuningJobCheckpoint: {("metrics", "type")},
}


def extras(value, path=()):
    """Yield the paths of the keys a parsed SDK object holds that its type (or a nested one's) does not declare."""
    if isinstance(value, BaseModel):
        for key in value.model_extra or {}:
            yield path + (key,)
        for name in type(value).model_fields:
            yield from extras(getattr(value, name), path + (type(value).model_fields[name].alias or name,))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from extras(item, path + ("[]",))
    elif isinstance(value, dict):
        for item in value.values():
            yield from extras(item, path + ("[]",))


def known(model, obj):
    """Validate obj as the SDK's type strictly, and find in it no key the type does not declare but those recorded."""
    valid(model, obj)
    unknown = set(extras(adapter(model).validate_python(obj))) - RECORDED_EXTRAS.get(model, set())
    assert not unknown, (model.__name__, unknown)


def listed(model, page):
    """A list's envelope (a cursor page's keys) and each of its items as the SDK's type."""
    assert set(page) == {"object", "data", "has_more", "first_id", "last_id"} and page["object"] == "list"
    assert page["data"] and (page["first_id"], page["last_id"]) == (page["data"][0]["id"], page["data"][-1]["id"])
    for item in page["data"]:
        known(model, item)


@pytest.fixture
def stored(tmp_path):
    """A client whose jobs and stores are done as soon as their steps are (no waiting on the clock), and whose
    batches run a minute (one can be cancelled whenever the test gets to it)."""
    from fauxpen import create_app
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite"),
                       "FAUXPEN_FINE_TUNING_SECONDS": 0, "FAUXPEN_VECTOR_STORE_SECONDS": 0,
                       "FAUXPEN_BATCH_SECONDS": 60}).test_client()


def upload(client, name, data, purpose):
    return client.post("/v1/files", headers=AUTH, content_type="multipart/form-data",
                       data={"purpose": purpose, "file": (io.BytesIO(data), name)}).get_json()


def test_files_uploads_and_batches_are_the_sdks_types(stored):
    """Every answer of the Files, Uploads and Batch APIs as its SDK type, with no key the type does not know."""
    lines = "".join(json.dumps({"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions",
                                "body": {"model": "gpt-4o-mini", "messages": HELLO}}) + "\n" for i in range(2))
    made = upload(stored, "batch.jsonl", lines.encode(), "batch")
    known(FileObject, made)
    known(FileObject, stored.get(f"/v1/files/{made['id']}", headers=AUTH).get_json())
    listed(FileObject, stored.get("/v1/files", headers=AUTH).get_json())
    started = stored.post("/v1/uploads", headers=AUTH, json={"bytes": 5, "filename": "a.txt", "mime_type": "text/plain",
                                                             "purpose": "assistants"}).get_json()
    known(Upload, started)
    part = stored.post(f"/v1/uploads/{started['id']}/parts", headers=AUTH, content_type="multipart/form-data",
                       data={"data": (io.BytesIO(b"hello"), "blob")}).get_json()
    known(UploadPart, part)
    done = stored.post(f"/v1/uploads/{started['id']}/complete", headers=AUTH, json={"part_ids": [part["id"]]})
    known(Upload, done.get_json())
    known(FileDeleted, stored.delete(f"/v1/files/{done.get_json()['file']['id']}", headers=AUTH).get_json())
    other = stored.post("/v1/uploads", headers=AUTH, json={"bytes": 5, "filename": "b.txt", "mime_type": "text/plain",
                                                           "purpose": "assistants"}).get_json()
    known(Upload, stored.post(f"/v1/uploads/{other['id']}/cancel", headers=AUTH).get_json())
    asked = {"input_file_id": made["id"], "endpoint": "/v1/chat/completions", "completion_window": "24h"}
    batch = stored.post("/v1/batches", headers=AUTH, json=asked).get_json()
    known(Batch, batch)
    known(Batch, stored.get(f"/v1/batches/{batch['id']}", headers=AUTH).get_json())
    listed(Batch, stored.get("/v1/batches", headers=AUTH).get_json())
    cancelled = stored.post("/v1/batches", headers=AUTH, json=asked).get_json()
    known(Batch, stored.post(f"/v1/batches/{cancelled['id']}/cancel", headers=AUTH).get_json())


def test_vector_stores_and_their_files_are_the_sdks_types(stored):
    """Stores, their files, a file's content and a search as the SDK types them (a file batch's recorded
    `vector_store.file_batch` aside), with no key the types do not know but a store's recorded description."""
    first = upload(stored, "notes.txt", b"Returns are accepted within 30 days.", "assistants")
    second = upload(stored, "pets.txt", b"Cats sleep most of the day.", "assistants")
    store = stored.post("/v1/vector_stores", headers=AUTH, json={"name": "kb", "file_ids": [first["id"]]}).get_json()
    known(VectorStore, store)
    path = f"/v1/vector_stores/{store['id']}"
    known(VectorStore, stored.post(path, headers=AUTH, json={"metadata": {"a": "b"}}).get_json())
    listed(VectorStore, stored.get("/v1/vector_stores", headers=AUTH).get_json())
    known(VectorStoreFile, stored.post(f"{path}/files", headers=AUTH, json={"file_id": second["id"],
                                                                           "attributes": {"kind": "pets"}}).get_json())
    listed(VectorStoreFile, stored.get(f"{path}/files", headers=AUTH).get_json())
    known(VectorStoreFile, stored.get(f"{path}/files/{second['id']}", headers=AUTH).get_json())
    content = stored.get(f"{path}/files/{first['id']}/content", headers=AUTH).get_json()
    for part in content["data"]:
        known(FileContentResponse, part)
    found = stored.post(f"{path}/search", headers=AUTH, json={"query": "returns"}).get_json()
    for result in found["data"]:
        known(VectorStoreSearchResponse, result)
    known(VectorStoreFileDeleted, stored.delete(f"{path}/files/{second['id']}", headers=AUTH).get_json())
    known(VectorStoreDeleted, stored.delete(path, headers=AUTH).get_json())


def test_fine_tuning_containers_skills_and_models_are_the_sdks_types(stored):
    """A job (its recorded `error: {}` read as the SDK's None), its events, checkpoints and model; a container and
    its files; a skill and its versions; the model list: each the SDK's type, with no key it does not know but
    those recorded."""
    examples = "".join(json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                                {"role": "assistant", "content": "a"}]}) + "\n" for i in range(10))
    training = upload(stored, "train.jsonl", examples.encode(), "fine-tune")
    job = stored.post("/v1/fine_tuning/jobs", headers=AUTH, json={"model": "gpt-4o-mini-2024-07-18",
                                                                  "training_file": training["id"]}).get_json()
    known(FineTuningJob, {**job, "error": None})
    done = stored.get(f"/v1/fine_tuning/jobs/{job['id']}", headers=AUTH).get_json()
    assert done["status"] == "succeeded"
    known(FineTuningJob, {**done, "error": None})
    for event in stored.get(f"/v1/fine_tuning/jobs/{job['id']}/events", headers=AUTH).get_json()["data"]:
        known(FineTuningJobEvent, event)
    checkpoints = stored.get(f"/v1/fine_tuning/jobs/{job['id']}/checkpoints", headers=AUTH)
    listed(FineTuningJobCheckpoint, checkpoints.get_json())
    known(Model, stored.get(f"/v1/models/{done['fine_tuned_model']}", headers=AUTH).get_json())
    for model in stored.get("/v1/models", headers=AUTH).get_json()["data"]:
        known(Model, model)
    container = stored.post("/v1/containers", headers=AUTH, json={"name": "box"}).get_json()
    known(ContainerCreateResponse, container)
    known(ContainerRetrieveResponse, stored.get(f"/v1/containers/{container['id']}", headers=AUTH).get_json())
    listed(ContainerListResponse, stored.get("/v1/containers", headers=AUTH).get_json())
    kept = stored.post(f"/v1/containers/{container['id']}/files", headers=AUTH, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(b"print(1)"), "a.py")}).get_json()
    known(ContainerFileCreateResponse, kept)
    listed(ContainerFileListResponse, stored.get(f"/v1/containers/{container['id']}/files", headers=AUTH).get_json())
    skill_md = b"---\nname: tidy\ndescription: Tidies things.\n---\nBody.\n"
    skill = stored.post("/v1/skills", headers=AUTH, content_type="multipart/form-data",
                        data={"files[]": (io.BytesIO(skill_md), "tidy/SKILL.md")}).get_json()
    known(Skill, skill)
    version = stored.post(f"/v1/skills/{skill['id']}/versions", headers=AUTH, content_type="multipart/form-data",
                          data={"files[]": (io.BytesIO(skill_md), "tidy/SKILL.md")}).get_json()
    known(SkillVersion, version)
    listed(SkillVersion, stored.get(f"/v1/skills/{skill['id']}/versions", headers=AUTH).get_json())
    listed(Skill, stored.get("/v1/skills", headers=AUTH).get_json())
