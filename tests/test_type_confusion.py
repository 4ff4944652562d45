"""Type confusion, one field at a time: a full, valid request with one value swapped for another type, or dropped.

tests/test_fuzz.py draws whole bodies at random, and few of them get past the first checks. Here the rest of the
body stays valid, so every swapped value reaches the code that reads it, at any depth: the answer is a
success or the OpenAI error envelope, never a 500 (a Responses text format whose type was an array was one, and so
was a lone surrogate in a decision's input, which seeded its draw).
"""
import copy
import json

import pytest

from fauxpen import create_app

APP = create_app({"TESTING": True, "FAUXPEN_LOG_LEVEL": "WARNING"})
SWAPS = [None, True, 1.5, "x", [], {}, [{}], "\ud800", 2 ** 64]
DEPTH = 3

PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
SCHEMA = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": False}
GRADER = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}", "reference": "{{item.a}}",
          "operation": "eq"}
BODIES = {  # a path, or a path and a variant's name after '#'
    "/v1/chat/completions": {
        "model": "gpt-4o-mini",
        "messages": [{"role": "system", "content": "Be brief."},
                     {"role": "user", "content": [{"type": "text", "text": "hi"},
                                                  {"type": "image_url", "image_url": {"url": PIXEL}}]},
                     {"role": "assistant", "content": None,
                      "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                     {"role": "tool", "tool_call_id": "c1", "content": "ok"}],
        "tools": [{"type": "function", "function": {"name": "f", "description": "d", "parameters": SCHEMA}}],
        "tool_choice": {"type": "function", "function": {"name": "f"}},
        "response_format": {"type": "json_schema", "json_schema": {"name": "n", "schema": SCHEMA, "strict": True}},
        "stream": True, "stream_options": {"include_usage": True}, "logit_bias": {"50256": -100}, "stop": ["x"],
        "n": 2, "logprobs": True, "top_logprobs": 2, "store": True, "metadata": {"a": "b"}, "max_completion_tokens": 20},
    "/v1/responses": {
        "model": "gpt-5",
        "input": [{"role": "developer", "content": "d"},
                  {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "x"}]},
                  {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
                  {"type": "function_call_output", "call_id": "c1", "output": "r"}],
        "instructions": "i",
        "tools": [{"type": "function", "name": "f", "parameters": SCHEMA, "strict": True}, {"type": "web_search"}],
        "tool_choice": {"type": "function", "name": "f"},
        "text": {"format": {"type": "json_schema", "name": "n", "schema": SCHEMA, "strict": True}},
        "reasoning": {"effort": "low", "summary": "auto"}, "include": ["reasoning.encrypted_content"],
        "store": False, "stream": True, "max_output_tokens": 100, "metadata": {"a": "b"}, "truncation": "auto",
        "safety_identifier": "u"},
    # GPT-6 alone takes the ultrafast tier and reasoning.mode, and compaction a safety_identifier.
    "/v1/responses/compact": {"model": "gpt-6-astra", "input": [{"role": "user", "content": "hi"}], "instructions": "i",
                              "service_tier": "ultrafast", "safety_identifier": "u", "prompt_cache_key": "k"},
    "/v1/responses#gpt-6": {"model": "gpt-6-astra", "input": "hi", "service_tier": "ultrafast", "truncation": "auto",
                            "reasoning": {"mode": "pro", "effort": "low"}},
    "/v1/completions": {"model": "gpt-3.5-turbo-instruct", "prompt": ["a", "b"], "max_tokens": 5, "suffix": "s",
                        "best_of": 2, "logit_bias": {"1": 1}, "stop": "x"},
    "/v1/embeddings": {"model": "text-embedding-3-small", "input": [[1, 2], [3]], "dimensions": 8,
                       "encoding_format": "float"},
    "/v1/images/generations": {"model": "gpt-image-1-mini", "prompt": "cat", "n": 1, "size": "1024x1024",
                               "quality": "low", "output_format": "png"},
    "/v1/images/generations#gif": {"model": "gpt-image-2.6-flare", "prompt": "cat", "output_format": "gif",
                                   "frame_count": 3, "frame_duration_ms": 100, "size": "512x288",
                                   "svg": {"model": "gpt-5", "reasoning": {"effort": "low"}}},
    "/v1/moderations": {"model": "omni-moderation-latest",
                        "input": [{"type": "text", "text": "x"},
                                  {"type": "image_url", "image_url": {"url": PIXEL}}]},
    "/v1/decisions": {"model": "gpt-6-luna", "input": "I was charged twice.", "questions": [
        {"type": "predicate", "name": "damaged", "instructions": "Is it damaged?"},
        {"type": "choice", "name": "team", "instructions": "Which team?",
         "choices": [{"value": "billing", "description": "Payments"}, {"value": True}]},
        {"type": "score", "instructions": "How bad?", "levels": [{"label": "Low"}, {"label": "High"}]}]},
    "/v1/audio/speech": {"model": "gpt-4o-mini-tts", "input": "hi", "voice": "alloy", "instructions": "calm",
                         "response_format": "mp3", "speed": 1.0, "stream_format": "sse"},
    "/v1/conversations": {"metadata": {"a": "b"}, "safety_identifier": "u", "items": [
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}]},
    "/v1/evals": {"name": "E", "metadata": {"a": "b"},
                  "data_source_config": {"type": "custom", "item_schema": SCHEMA, "include_sample_schema": True},
                  "testing_criteria": [GRADER, {"type": "text_similarity", "name": "sim", "input": "{{item.a}}",
                                                "reference": "abcd", "evaluation_metric": "fuzzy_match",
                                                "pass_threshold": 0.5}]},
    "/v1/fine_tuning/alpha/graders/run": {"grader": GRADER, "model_sample": "cat", "item": {"a": "cat"}},
    "/v1/realtime/client_secrets": {"session": {"type": "realtime", "model": "gpt-realtime", "instructions": "x",
                                                "audio": {"output": {"voice": "alloy"}}, "max_output_tokens": 100},
                                    "expires_after": {"anchor": "created_at", "seconds": 600}},
    "/v1/responses/input_tokens": {"model": "gpt-4o", "input": [{"role": "user", "content": [
        {"type": "input_text", "text": "hi json"}]}], "instructions": "x", "text": {"format": {"type": "json_object"}},
        "tools": [{"type": "function", "name": "f", "parameters": SCHEMA}]},
    "/v1/uploads": {"bytes": 5, "filename": "b.txt", "mime_type": "text/plain", "purpose": "assistants",
                    "expires_after": {"anchor": "created_at", "seconds": 3600}},
    "/v1/vector_stores": {"name": "v", "expires_after": {"anchor": "last_active_at", "days": 2}, "metadata": {"a": "b"},
                          "chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 800,
                                                                             "chunk_overlap_tokens": 400}}},
}


def variants(value, depth=0):
    """Yield value with one of its fields (at any depth up to DEPTH) swapped for each of SWAPS, or dropped."""
    if isinstance(value, dict):
        for key in value:
            for swap in SWAPS:
                yield {**value, key: swap}
            yield {name: item for name, item in value.items() if name != key}
            if isinstance(value[key], (dict, list)) and depth < DEPTH:
                for inner in variants(value[key], depth + 1):
                    yield {**value, key: inner}
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for swap in SWAPS:
                yield value[:index] + [swap] + value[index + 1:]
            if isinstance(item, (dict, list)) and depth < DEPTH:
                for inner in variants(item, depth + 1):
                    yield value[:index] + [inner] + value[index + 1:]


def test_the_bodies_are_valid_as_they_stand():
    client = APP.test_client()
    for path, body in BODIES.items():
        response = client.post(path.split("#")[0], json=body, headers={"Authorization": "Bearer sk-test"})
        assert response.status_code == 200, (path, response.get_data()[:300])


@pytest.mark.parametrize("path", sorted(BODIES))
def test_one_swapped_field_gets_an_answer_or_the_envelope(path):
    client = APP.test_client()
    failures = []
    for body in variants(copy.deepcopy(BODIES[path])):
        response = client.post(path.split("#")[0], json=body, headers={"Authorization": "Bearer sk-test"})
        data = response.get_data()  # a stream is read to its end: a fault inside it counts too
        if response.status_code >= 500:
            failures.append((json.dumps(body)[:300], response.status_code))
        elif response.status_code >= 400:
            error = json.loads(data)["error"]
            assert set(error) == {"message", "type", "param", "code"} and error["message"], body
    assert not failures, failures[:5]
