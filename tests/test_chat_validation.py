"""Chat request validation: the one error the real API answers, with its exact wording and order."""
import json
from typing import Annotated

import pytest

from fauxpen import registry

from .conftest import STD_MESSAGES

IMAGE = "data:image/png;base64,iVBORw0KGgo="


def user_parts(*parts):
    return [STD_MESSAGES[0], {"role": "user", "content": list(parts)}]


def error_of(client, body):
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["type"] == "invalid_request_error"
    return error["message"], error["param"], error["code"]


CASES = [
    # Types, each with its own wording of the expected type.
    ({"temperature": "foo"}, "Invalid type for 'temperature': expected a decimal, but got a string instead.",
     "temperature", "invalid_type"),
    ({"n": "foo"}, "Invalid type for 'n': expected an integer, but got a string instead.", "n", "invalid_type"),
    ({"logprobs": "foo"}, "Invalid type for 'logprobs': expected a boolean, but got a string instead.", "logprobs",
     "invalid_type"),
    ({"stop": 123}, "Invalid type for 'stop': expected one of a string or array of strings, but got an integer "
     "instead.", "stop", "invalid_type"),
    # At most four sequences (quoted of the API by servers that mirror it and by clients' error tables, 2024-2026).
    ({"stop": ["a", "b", "c", "d", "e"]}, "Invalid 'stop': array too long. Expected an array with maximum length 4, "
     "but got an array with length 5 instead.", "stop", "array_above_max_length"),
    ({"user": 123}, "Invalid type for 'user': expected a string, but got an integer instead.", "user",
     "invalid_type"),
    ({"metadata": "foo", "store": True}, "Invalid type for 'metadata': expected a metadata object, but got a string "
     "instead.", "metadata", "invalid_type"),
    ({"response_format": "foo"}, "Invalid type for 'response_format': expected an object, but got a string "
     "instead.", "response_format", "invalid_type"),
    ({"stream": True, "stream_options": {"include_usage": "foo"}}, "Invalid type for "
     "'stream_options.include_usage': expected a boolean, but got a string instead.",
     "stream_options.include_usage", "invalid_type"),
    # Ranges.
    ({"temperature": 3}, "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 "
     "instead.", "temperature", "decimal_above_max_value"),
    # A decimal sent with a fraction is echoed with it (recorded, September 2026: 99.0).
    ({"temperature": 99.0}, "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got "
     "99.0 instead.", "temperature", "decimal_above_max_value"),
    ({"top_p": -1}, "Invalid 'top_p': decimal below minimum value. Expected a value >= 0, but got -1 instead.",
     "top_p", "decimal_below_min_value"),
    ({"presence_penalty": -3}, "Invalid 'presence_penalty': decimal below minimum value. Expected a value >= -2, "
     "but got -3 instead.", "presence_penalty", "decimal_below_min_value"),
    ({"n": 0}, "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.", "n",
     "integer_below_min_value"),
    ({"max_tokens": 0}, "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 "
     "instead.", "max_tokens", "integer_below_min_value"),
    # Enums.
    ({"service_tier": "foo"}, "Invalid value: 'foo'. Supported values are: 'auto' and 'default'.", "service_tier",
     "invalid_value"),
    ({"modalities": [""]}, "Invalid value: ''. Supported values are: 'text' and 'audio'.", "modalities[0]",
     "invalid_value"),
    ({"audio": {"format": "foo", "voice": "alloy"}}, "Invalid value: 'foo'. Supported values are: 'mp3', 'opus', "
     "'aac', 'flac', 'wav', and 'pcm16'.", "audio.format", "invalid_value"),
    # Metadata limits.
    ({"store": True, "metadata": {f"k{i}": "v" for i in range(17)}}, "Invalid 'metadata': too many properties. "
     "Expected an object with at most 16 properties, but got an object with 17 properties instead.", "metadata",
     "object_above_max_properties"),
    ({"store": True, "metadata": {"foo": "a" * 513}}, "Invalid 'metadata.foo': string too long. Expected a string "
     "with maximum length 512, but got a string with length 513 instead.", "metadata.foo",
     "string_above_max_length"),
    ({"store": True, "metadata": {"k" * 65: "v"}}, "Invalid property name in 'metadata': 'kkk...kkk' is too long. "
     "Expected a string with maximum length 64, but got a string with length 65 instead.", "metadata." + "k" * 65,
     "property_name_above_max_length"),
    # Cross-field rules.
    ({"stream_options": {}}, "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
     "stream_options", None),
    ({"top_logprobs": 0}, "The 'top_logprobs' parameter is only allowed when 'logprobs' is enabled.", "top_logprobs",
     None),
    ({"metadata": {"foo": "bar"}}, "The 'metadata' parameter is only allowed when 'store' is enabled.", "metadata",
     None),
    ({"parallel_tool_calls": True}, "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed "
     "when 'tools' are specified.", "parallel_tool_calls", None),
    ({"max_tokens": 1, "max_completion_tokens": 1}, "Setting 'max_tokens' and 'max_completion_tokens' at the same "
     "time is not supported.", "max_tokens", "invalid_parameter_combination"),
    ({"logit_bias": {"12345": 10000}}, "Logit bias value 10000.0 is invalid or outside of range [-100, 100]",
     "logit_bias", None),
    ({"stream": True, "stream_options": {"bogus": 1}}, "Unknown parameter: 'stream_options.bogus'.",
     "stream_options.bogus", "unknown_parameter"),
    ({"bogus": 1}, "Unrecognized request argument supplied: bogus", None, None),
    # Model capabilities (gpt-4).
    ({"model": "gpt-4", "reasoning_effort": "low"}, "Unrecognized request argument supplied: reasoning_effort",
     None, None),
    ({"model": "gpt-4", "prediction": {"type": "content", "content": "Hello"}}, "Unsupported parameter: "
     "'prediction' is not supported with this model.", "prediction", "unsupported_parameter"),
    ({"model": "gpt-4", "response_format": {"type": "json_object"}}, "Invalid parameter: 'response_format' of type "
     "'json_object' is not supported with this model.", "response_format", None),
    ({"model": "gpt-4", "modalities": ["text", "audio"]}, "The selected model does not support audio modality.",
     "modalities", "invalid_value"),
    ({"model": "gpt-4", "modalities": ["audio"]}, "Invalid value for 'modalities'. Only ['text'] and ['text', "
     "'audio'] are supported.", "modalities", "invalid_value"),
    ({"model": "gpt-4o-audio-preview"}, "This model requires that either input content or output modality contain "
     "audio.", "model", "invalid_value"),
    ({"model": "gpt-4o-audio-preview", "modalities": ["text", "audio"]}, "Missing required parameter: 'audio'.",
     "audio", "missing_required_parameter"),
    ({"model": "gpt-4o-audio-preview", "modalities": ["text", "audio"], "audio": {"voice": "alloy"}},
     "Missing required parameter: 'audio.format'.", "audio.format", "missing_required_parameter"),
    ({"model": "gpt-4o-audio-preview", "modalities": ["text", "audio"], "audio": {"voice": "ash", "format": "mp3"},
      "stream": True}, "Unsupported value: 'audio.format' does not support 'mp3' when stream=true. Supported values "
     "are: 'pcm16'.", "audio.format", "unsupported_value"),
    # Keys a message or a content part does not define, once its own are valid.
    ({"model": "gpt-4o", "messages": user_parts({"type": "file", "file": {"data": "abc", "file_id": "file-1"}})},
     "Unknown parameter: 'messages[1].content[0].file.data'.", "messages[1].content[0].file.data",
     "unknown_parameter"),
    ({"messages": [{"role": "user", "content": "Hi", "tool_calls": []}]}, "Unknown parameter: "
     "'messages[0].tool_calls'.", "messages[0].tool_calls", "unknown_parameter"),
    ({"messages": STD_MESSAGES + [{"role": "assistant", "content": "Hi", "reasoning": "..."}]}, "Unknown parameter: "
     "'messages[2].reasoning'.", "messages[2].reasoning", "unknown_parameter"),
    ({"messages": [{"role": "developer", "content": [{"type": "text", "text": "Hi", "cache_control": {}}]}]},
     "Unknown parameter: 'messages[0].content[0].cache_control'.", "messages[0].content[0].cache_control",
     "unknown_parameter"),
    ({"model": "gpt-4o", "messages": user_parts({"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/a.png",
                                                                                    "size": 1}})},
     "Unknown parameter: 'messages[1].content[0].image_url.size'.", "messages[1].content[0].image_url.size",
     "unknown_parameter"),
    # The seed is a signed 64-bit integer (the reference's bounds), refused past them as any bounded integer is.
    ({"seed": 2**63}, "Invalid 'seed': integer above maximum value. Expected a value <= 9223372036854775807, but got "
     "9223372036854775808 instead.", "seed", "integer_above_max_value"),
    ({"seed": -2**63 - 1}, "Invalid 'seed': integer below minimum value. Expected a value >= -9223372036854775808, but "
     "got -9223372036854775809 instead.", "seed", "integer_below_min_value"),
    # A custom voice is an object with its id alone (the SDK's types), checked as nested objects are.
    ({"model": "gpt-audio-mini", "modalities": ["text", "audio"], "audio": {"format": "wav", "voice": {}}},
     "Missing required parameter: 'audio.voice.id'.", "audio.voice.id", "missing_required_parameter"),
    ({"model": "gpt-audio-mini", "modalities": ["text", "audio"], "audio": {"format": "wav",
                                                                            "voice": {"id": "v", "name": "x"}}},
     "Unknown parameter: 'audio.voice.name'.", "audio.voice.name", "unknown_parameter"),
    # The SDK's four details (original since 2026); the wording of the refusal is the API's for any value list.
    ({"model": "gpt-4o", "messages": user_parts({"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/a.png",
                                                                                    "detail": "ultra"}})},
     "Invalid value: 'ultra'. Supported values are: 'auto', 'low', 'high', and 'original'.",
     "messages[1].content[0].image_url.detail", "invalid_value"),
    ({"messages": user_parts({"type": "text", "text": 5, "cache_control": {}})}, "Invalid type for "
     "'messages[1].content[0].text': expected a string, but got an integer instead.", "messages[1].content[0].text",
     "invalid_type"),
    ({"model": "gpt-4o", "messages": user_parts({"type": "file", "file": "file-1"})}, "Invalid type for "
     "'messages[1].content[0].file': expected an object, but got a string instead.", "messages[1].content[0].file",
     "invalid_type"),
    ({"model": "gpt-4o", "messages": user_parts({"type": "file", "file": {"file_id": 5}})}, "Invalid type for "
     "'messages[1].content[0].file.file_id': expected a string, but got an integer instead.",
     "messages[1].content[0].file.file_id", "invalid_type"),
    ({"messages": STD_MESSAGES + [{"role": "assistant", "audio": {}}]}, "Missing required parameter: "
     "'messages[2].audio.id'.", "messages[2].audio.id", "missing_required_parameter"),
    ({"messages": STD_MESSAGES + [{"role": "assistant", "audio": 5}]}, "Invalid type for 'messages[2].audio': "
     "expected an object, but got an integer instead.", "messages[2].audio", "invalid_type"),
    ({"messages": STD_MESSAGES + [{"role": "assistant", "content": "x", "refusal": 5}]}, "Invalid type for "
     "'messages[2].refusal': expected a string, but got an integer instead.", "messages[2].refusal", "invalid_type"),
    ({"model": "gpt-4o-audio-preview", "modalities": ["text", "audio"], "audio": {"voice": "ash", "format": "wav",
                                                                                "speed": 2}},
     "Unknown parameter: 'audio.speed'.", "audio.speed", "unknown_parameter"),
    # Structured outputs are refused by a check of their own, which names no param and points to its guide.
    ({"model": "gpt-4", "response_format": {"type": "json_schema", "json_schema": {"name": "x"}}},
     "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. Learn more about "
     "supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs",
     None, None),
    ({"model": "gpt-4o-audio-preview", "modalities": ["text", "audio"], "audio": {"voice": "ash", "format": "mp3"},
      "response_format": {"type": "json_schema", "json_schema": {"name": "x"}}}, "Invalid parameter: "
     "'response_format' of type 'json_schema' is not supported with this model. Learn more about supported models at "
     "the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs", None, None),
    ({"model": "gpt-4", "max_tokens": 1000000000}, "This model's maximum context length is 8192 tokens. However, "
     "you requested 1000000018 tokens (18 in the messages, 1000000000 in the completion). Please reduce the length "
     "of the messages or completion.", "messages", "context_length_exceeded"),
    ({"model": "gpt-4o", "max_tokens": 100000}, "max_tokens is too large: 100000. This model supports at most 16384 "
     "completion tokens, whereas you provided 100000.", "max_tokens", "invalid_value"),
    # Messages and content parts.
    ({"messages": []}, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty "
     "array instead.", "messages", "empty_array"),
    ({"messages": [{"role": "wizard", "content": "hi"}]}, "Invalid value: 'wizard'. Supported values are: 'system', "
     "'assistant', 'user', 'function', 'tool', and 'developer'.", "messages[0].role", "invalid_value"),
    ({"messages": [{"role": "user"}]}, "Missing required parameter: 'messages[0].content'.", "messages[0].content",
     "missing_required_parameter"),
    ({"messages": [{"role": "tool", "content": "42"}]}, "Missing parameter 'tool_call_id': messages with role 'tool' "
     "must have a 'tool_call_id'.", "messages.[0].tool_call_id", None),
    ({"messages": [{"role": "developer", "content": [{"type": "unknown", "text": "x"}]}]},
     "Invalid value: 'unknown'. Value must be 'text'.", "messages[0].content[0].type", "invalid_value"),
    ({"messages": [{"role": "user", "content": [{"type": "", "text": "x"}]}]}, "Invalid value: ''. Supported values "
     "are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.", "messages[0].content[0].type",
     "invalid_value"),
    ({"messages": STD_MESSAGES + [{"role": "assistant", "content": [{"type": "refusal", "text": ""}]}]},
     "Missing required parameter: 'messages[2].content[0].refusal'.", "messages[2].content[0].refusal",
     "missing_required_parameter"),
    ({"model": "gpt-4", "messages": user_parts({"type": "text", "text": "What?"},
                                                 {"type": "image_url", "image_url": {"url": IMAGE}})},
     "Invalid content type. image_url is only supported by certain models.", "messages.[1].content.[1].type", None),
    # gpt-4-turbo too, in 2026 (two checks against the API of February 2026).
    ({"model": "gpt-4-turbo", "messages": user_parts({"type": "text", "text": "What?"},
                                                       {"type": "image_url", "image_url": {"url": IMAGE}})},
     "Invalid content type. image_url is only supported by certain models.", "messages.[1].content.[1].type", None),
    ({"model": "gpt-4", "messages": user_parts({"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/a.png"}})},
     "Invalid image URL: 'messages[1].content[0].image_url.url'. Expected a base64-encoded data URL with an image "
     "MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value without the 'data:' prefix.",
     "messages[1].content[0].image_url.url", "invalid_value"),
    # A data URL of another type, or without ;base64, in the words the Responses API was logged refusing them in
    # (2026; a relay of chat quotes `unsupported MIME type 'application/pdf'` after chat's own prefix, 2026).
    *[({"model": model, "messages": user_parts({"type": "image_url", "image_url": {"url": url}})},
       "Invalid image URL: 'messages[1].content[0].image_url.url'. Expected a base64-encoded data URL with an image "
       f"MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got {got}.",
       "messages[1].content[0].image_url.url", "invalid_value")
      for model in ("gpt-4", "gpt-4o") for url, got in (
          ("data:application/pdf;base64,JVBERi0=", "unsupported MIME type 'application/pdf'"),
          ("data:image/png,iVBORw0KGgo=", "a value without the ';base64' separator"))],
    ({"model": "gpt-4", "messages": user_parts({"type": "input_audio", "input_audio": {"data": "AAAA",
                                                                                        "format": "mp3"}})},
     "Invalid 'messages[1]'. Content blocks are expected to be either text or image_url type.", "messages[1]",
     "invalid_value"),
    ({"messages": None}, "Missing required parameter: 'messages'.", "messages", "missing_required_parameter"),
    # A data URL's picture the models do not read (a client's fixtures of October 2026 recordings: a BMP), or bytes
    # that are no picture (braintrust-sdk-python's cassettes, gpt-4o-mini, April 2026; HTML pages, PDFs and
    # encrypted media reported so, 2025-2026); image_parse_error is a picture cut short (October 2026 fixtures).
    ({"messages": user_parts({"type": "image_url", "image_url": {"url": "data:image/png;base64,Qk0AAAAAAAAAAAAA"}})},
     "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', "
     "'jpeg', 'gif', 'webp'].", None, "invalid_image_format"),
    ({"messages": user_parts({"type": "image_url",
                              "image_url": {"url": "data:image/png;base64,aW1nIGJ5dGVzIGhlcmU="}})},
     "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', "
     "'jpeg', 'gif', 'webp'].", None, "invalid_image_format"),
    ({"messages": user_parts({"type": "image_url", "image_url": {
        "url": "data:image/png;base64,SU5WQUxJRF9QTkdfREFUQV9OT1RfQV9SRUFMX0lNQUdF"}})},
     "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', "
     "'jpeg', 'gif', 'webp'].", None, "invalid_image_format"),
    # A picture cut short or of no size (clients' fixtures of October 2026 recordings: a PNG without its end, a JPEG
    # cut in half; JetBrains/koog's live tests: its corrupted.png, cut inside its data, and its empty.png, 0 x 0).
    *(({"messages": user_parts({"type": "image_url", "image_url": {"url": url}})},
       "You uploaded an unsupported image. Please make sure your image is valid.", None, "image_parse_error")
      for url in ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8"
                  "jx0g==",
                  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACklEQVR4nGMAAQAABQAB",
                  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAAAAAAACAYAAAAAAAAAAAAAAABJRU5ErkJggg==",
                  "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/wAALCAABAAEBAREA",
                  # a payload that is not base64 (a guess, as the README says), here for a character not ASCII
                  "data:image/png;base64,iVBORw0KGgo\u00e9", "data:image/png;base64,\ud800AAAA")),
    # An image in a message not the user's (quoted by clients, 2025-2026: system and tool messages).
    ({"messages": [{"role": "system", "content": [{"type": "image_url", "image_url": {"url": IMAGE}}]},
                   STD_MESSAGES[-1]]},
     "Invalid 'messages[0]'. Image URLs are only allowed for messages with role 'user', but this message with role "
     "'system' contains an image URL.", "messages[0]", "invalid_value"),
    ({"messages": [STD_MESSAGES[-1], {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "look", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": [{"type": "text", "text": "Here."},
                                                               {"type": "image_url", "image_url": {"url": IMAGE}}]}]},
     "Invalid 'messages[2]'. Image URLs are only allowed for messages with role 'user', but this message with role "
     "'tool' contains an image URL.", "messages[2]", "invalid_value"),
    # An assistant message with nothing in it: its null content refused on every model (an empty answer sent back,
    # reported 2025-2026), where a call, refusal or audio stands in for it.
    ({"messages": [STD_MESSAGES[-1], {"role": "assistant", "content": None}, {"role": "user", "content": "x"}]},
     "Invalid value for 'content': expected a string, got null.", "messages.[1].content", None),
    # A file part's data URL of anything but a PDF (quoted of the API, 2026; param and code by analogy).
    ({"messages": user_parts({"type": "text", "text": "x"}, {"type": "file", "file": {
        "filename": "a.txt", "file_data": "data:text/plain;base64,SGVsbG8="}})},
     "Invalid file data: 'messages[1].content[1].file.file_data'. Expected a base64-encoded data URL with an "
     "application/pdf MIME type (e.g. 'data:application/pdf;base64,SGVsbG8sIFdvcmxkIQ=='), but got unsupported MIME "
     "type 'text/plain'.", "messages[1].content[1].file.file_data", "invalid_value"),
    # A file's data without its filename or a file id: the id is asked for (recorded October 2025 for bare base64;
    # quoted 2025-2026 for a data URL), before the data is looked at.
    ({"model": "gpt-5", "messages": user_parts({"type": "text", "text": "x"}, {"type": "file", "file": {
        "file_data": "JVBERi0xLjQK"}})}, "Missing required parameter: 'messages[1].content[1].file.file_id'.",
     "messages[1].content[1].file.file_id", "missing_required_parameter"),
    ({"messages": user_parts({"type": "file", "file": {"file_data": "data:image/jpg;base64,SGVsbG8="}})},
     "Missing required parameter: 'messages[1].content[0].file.file_id'.", "messages[1].content[0].file.file_id",
     "missing_required_parameter"),
    # A message's name: no whitespace, no < | \\ / > (quoted of the API, January 2026: an agent's name with a space).
    ({"messages": [{"role": "user", "name": "John Doe", "content": "hi"}]},
     "Invalid 'messages[0].name': string does not match pattern. Expected a string that matches the pattern "
     "'^[^\\s<|\\\\/>]+$'.", "messages[0].name", "invalid_value"),
    # A tool call sent back: its id of at most 40 characters (`call_` and a UUID refused, quoted 2025-2026), in the
    # assistant's call and in the tool's answer, and its function named as a function is (recorded 2025).
    ({"messages": [STD_MESSAGES[-1], {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_" + "0" * 36, "type": "function", "function": {"name": "look", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_" + "0" * 36, "content": "x"}]},
     "Invalid 'messages[1].tool_calls[0].id': string too long. Expected a string with maximum length 40, but got a "
     "string with length 41 instead.", "messages[1].tool_calls[0].id", "string_above_max_length"),
    ({"messages": [STD_MESSAGES[-1], {"role": "tool", "tool_call_id": "call_" + "0" * 40, "content": "x"}]},
     "Invalid 'messages[1].tool_call_id': string too long. Expected a string with maximum length 40, but got a "
     "string with length 45 instead.", "messages[1].tool_call_id", "string_above_max_length"),
    ({"messages": [STD_MESSAGES[-1], {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "my tool", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "x"}]},
     "Invalid 'messages[1].tool_calls[0].function.name': string does not match pattern. Expected a string that "
     "matches the pattern '^[a-zA-Z0-9_-]+$'.", "messages[1].tool_calls[0].function.name", "invalid_value"),
]


@pytest.mark.parametrize(("fields", "message", "param", "code"), CASES)
def test_one_problem(client, fields, message, param, code):
    body = {"model": "gpt-4o", "messages": STD_MESSAGES, **fields}
    if body["messages"] is None:
        del body["messages"]
    assert error_of(client, body) == (message, param, code)


ORDER = [
    # Several problems at once: the real API reports the first it checks.
    ({"stop": 123, "logprobs": "foo"}, "stop"),
    ({"stop": 123, "modalities": ["audio"]}, "stop"),
    ({"modalities": ["audio"], "logprobs": "foo"}, "modalities"),
    ({"logprobs": "foo", "stream": True, "stream_options": {"include_usage": "foo"}}, "logprobs"),
    ({"store": "foo", "stream": True, "stream_options": {"include_usage": "foo"}}, "stream_options.include_usage"),
    ({"top_logprobs": -1}, "top_logprobs"),
    ({"metadata": "foo"}, "metadata"),
    ({"prediction": {"type": "content", "content": "x"}, "top_logprobs": 1}, "prediction"),
    ({"top_logprobs": 1, "stream_options": {}}, "top_logprobs"),
    ({"stream_options": {}, "reasoning_effort": "low"}, "stream_options"),
    ({"reasoning_effort": "low", "response_format": {"type": "json_object"}}, None),
    ({"response_format": {"type": "json_object"}, "parallel_tool_calls": True}, "response_format"),
    ({"parallel_tool_calls": True, "metadata": {}}, "parallel_tool_calls"),
    ({"metadata": {}, "logit_bias": {"1": 1000}}, "metadata"),
]


@pytest.mark.parametrize(("fields", "param"), ORDER)
def test_first_problem_wins(client, fields, param):
    body = {"model": "gpt-4", "messages": STD_MESSAGES, **fields}
    assert error_of(client, body)[1] == param


@pytest.mark.parametrize(("fields", "message"), [
    ({"temperature": "foo"}, "[{'type': 'float_parsing', 'loc': ('body', 'temperature'), 'msg': 'Input should be a "
     "valid number, unable to parse string as a number', 'input': 'foo'}]"),
    ({"n": 0}, "[{'type': 'greater_than_equal', 'loc': ('body', 'n'), 'msg': 'Input should be greater than or equal "
     "to 1', 'input': 0, 'ctx': {'ge': 1}}]"),
    ({"top_p": 2}, "[{'type': 'less_than_equal', 'loc': ('body', 'top_p'), 'msg': 'Input should be less than or "
     "equal to 1', 'input': 2, 'ctx': {'le': 1.0}}]"),
    ({"user": 123}, "[{'type': 'string_type', 'loc': ('body', 'user'), 'msg': 'Input should be a valid string', "
     "'input': 123}]"),
    ({"stop": []}, "[{'type': 'string_type', 'loc': ('body', 'stop', 'str'), 'msg': 'Input should be a valid "
     "string', 'input': []}, {'type': 'too_short', 'loc': ('body', 'stop', 'list[str]'), 'msg': 'List should have "
     "at least 1 item after validation, not 0', 'input': [], 'ctx': {'field_type': 'List', 'min_length': 1, "
     "'actual_length': 0}}, {'type': 'too_short', 'loc': ('body', 'stop', 'list[list[int]]'), 'msg': 'List should "
     "have at least 1 item after validation, not 0', 'input': [], 'ctx': {'field_type': 'List', 'min_length': 1, "
     "'actual_length': 0}}]"),
])
def test_pydantic_layer_models_word_errors_as_pydantic(client, fields, message):
    body = {"model": "gpt-4o-audio-preview", "messages": STD_MESSAGES, **fields}
    assert error_of(client, body) == (message, None, None)


@pytest.mark.parametrize("body", [
    {"model": ""}, {},
])
def test_missing_model(client, body):
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.get_json()["error"]["message"] == "you must provide a model parameter"


def test_unknown_model_is_a_404_before_anything_else(client):
    response = client.post("/v1/chat/completions", json={"model": "foo", "temperature": "x"})
    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "message": "The model `foo` does not exist or you do not have access to it.",
        "type": "invalid_request_error", "param": None, "code": "model_not_found"}


# A model the API has shut down gets the same 404 in the words of its retirement: quoted of gpt-3.5-turbo-1106 by a
# probe of September 2026, of gpt-4-vision-preview (February 2025) and gpt-3.5-turbo-0301, streamed or not, and of
# gpt-5.1-codex-mini (a client's "failures seen in real use", 2026), the Responses-only refusal not reached.
@pytest.mark.parametrize("model", ["gpt-3.5-turbo-1106", "gpt-4-vision-preview", "gpt-3.5-turbo-0301", "gpt-4-32k",
                                   "gpt-5.1-codex-mini"])
@pytest.mark.parametrize("stream", [False, True])
def test_a_retired_model_is_a_404_in_the_words_of_its_retirement(client, model, stream):
    response = client.post("/v1/chat/completions", json={"model": model, "messages": STD_MESSAGES, "stream": stream,
                                                         "temperature": "x"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.get_json()["error"] == {
        "message": f"The model `{model}` has been deprecated, learn more here: "
                   "https://platform.openai.com/docs/deprecations",
        "type": "invalid_request_error", "param": None, "code": "model_not_found"}
    assert response.data.startswith(b'{\n    "error": {\n        "message": "The model `')


@pytest.mark.parametrize("fields", [
    {"model": "gpt-4", "audio": {"format": "wav", "voice": "alloy"}},
    {"model": "gpt-4", "logit_bias": {"12345": -100}, "stop": []},
    {"model": "gpt-4o", "prediction": {"type": "content", "content": [{"type": "text", "text": "Hi"}]}},
    {"model": "gpt-4o", "messages": user_parts({"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/a.png"}})},
    {"model": "gpt-5.4", "messages": user_parts({"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/a.png",
                                                                                     "detail": "original"}})},
    {"model": "gpt-4o-audio-preview", "modalities": ["text", "audio"], "audio": {"format": "wav", "voice": "alloy"}},
    {"model": "gpt-audio-mini", "modalities": ["text", "audio"], "audio": {"format": "wav",
                                                                             "voice": {"id": "voice_1234"}}},
    {"model": "gpt-4", "messages": STD_MESSAGES + [{"role": "assistant", "content": [{"type": "text", "text": ""}]}]},
    {"model": "gpt-4", "stream": None, "seed": -1, "service_tier": "auto", "store": False, "user": ""},
    # A system message's parts pass keys they do not define; a tool message may name its function.
    {"model": "gpt-4o", "messages": [{"role": "system", "content": [{"type": "text", "text": "Be brief.",
                                                                     "cache_control": {"type": "ephemeral"}}]},
                                     {"role": "user", "content": "Hi"}]},
    {"model": "gpt-4o", "messages": STD_MESSAGES + [
        {"role": "assistant", "content": None, "refusal": None, "annotations": [], "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "name": "f", "content": "42"}],
     "tools": [{"type": "function", "function": {"name": "f"}}]},
])
def test_valid_requests_are_answered(client, fields):
    body = {"messages": STD_MESSAGES, **fields}
    assert client.post("/v1/chat/completions", json=body).status_code == 200


@pytest.mark.parametrize("model, bias, message", [
    # As reported: gpt-3.5-turbo (openai-python #572, 2023) and a word for a key (OpenAI-API-dotnet #163, 2023).
    ("gpt-3.5-turbo", {"100265": -100}, "Invalid key in 'logit_bias': 100265. Maximum value is 100257."),
    ("gpt-4", {"AI": 10}, "Invalid key in 'logit_bias': AI. You should only be submitting non-negative integers."),
    ("gpt-4o", {"-1": 1}, "Invalid key in 'logit_bias': -1. You should only be submitting non-negative integers."),
    # o200k's vocabulary ends past cl100k's: its <|endoftext|> (199999) is the last id taken (a guess by cl100k).
    ("gpt-4o", {"200000": 1}, "Invalid key in 'logit_bias': 200000. Maximum value is 199999."),
    ("gpt-4o", {"1" * 5000: 1}, f"Invalid key in 'logit_bias': {'1' * 5000}. Maximum value is 199999."),
    ("gpt-4o", {"0" * 5000 + "1": 1000}, "Logit bias value 1000.0 is invalid or outside of range [-100, 100]"),
    # The keys are checked in order, each before its value.
    ("gpt-4", {"12345": 5, "x": 1000}, "Invalid key in 'logit_bias': x. You should only be submitting non-negative "
                                       "integers."),
    ("gpt-4", {"12345": 1000, "x": 5}, "Logit bias value 1000.0 is invalid or outside of range [-100, 100]"),
    # A null or a boolean in JSON's words, as the API prints them in its other messages (not None or True); an
    # object as Python prints it, as gpt-5.6 was captured printing one.
    ("gpt-4o", {"50256": None}, "Logit bias value null is invalid or outside of range [-100, 100]"),
    ("gpt-4o", {"50256": True}, "Logit bias value true is invalid or outside of range [-100, 100]"),
    ("gpt-4", {"50256": False}, "Logit bias value false is invalid or outside of range [-100, 100]"),
    ("gpt-4o", {"50256": {"k": "a'b"}}, "Logit bias value {'k': \"a'b\"} is invalid or outside of range [-100, 100]"),
])
def test_a_logit_bias_names_token_ids_of_the_models_vocabulary(client, model, bias, message):
    response = client.post("/v1/chat/completions", json={"model": model, "messages": STD_MESSAGES, "logit_bias": bias})
    assert (response.status_code, response.get_json()["error"]) == (400, {
        "message": message, "type": "invalid_request_error", "param": "logit_bias", "code": None})
    assert client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": STD_MESSAGES,
                                                     "logit_bias": {"100265": -100}}).status_code == 200


def test_a_logit_bias_past_a_double_is_out_of_range_not_a_crash(client):
    body = '{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "logit_bias": {"1": 1%s}}' % (
        "0" * 400)
    response = client.post("/v1/chat/completions", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == (
        f"Logit bias value 1{'0' * 400} is invalid or outside of range [-100, 100]")


AUDIO = {"model": "gpt-4o-audio-preview", "messages": [{"role": "user", "content": "Hi"}],
         "modalities": ["text", "audio"], "audio": {"voice": "alloy", "format": "wav"}}


def test_pydantic_layer_refuses_an_integer_no_double_holds(client):
    body = json.dumps(AUDIO)[:-1] + ', "temperature": 1%s}' % ("0" * 400)
    response = client.post("/v1/chat/completions", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith(
        "[{'type': 'finite_number', 'loc': ('body', 'temperature'), 'msg': 'Input should be a finite number'")


# Strings pydantic reads as numbers, or not, in its own ways: ASCII digits only, underscores, zero fractions on
# integers, inf and nan, whitespace, a size limit. The answers are checked against pydantic itself.
NUMBER_STRINGS = ["٣", "１２", "1_000", "1__0", "_1", "3.00", "1_000.0", "3.0_0", "0__1", "0_", " 3 ", "\t-7\n",
                  "\u00a03", "inf", "-Infinity", "nan", "1_e3", "\t0_13", "+_1", "3.", ".5", "1e", "1" * 4301,
                  " " + "1" * 4299 + " ", "-" + "1" * 5000]


@pytest.mark.parametrize("name", ["n", "temperature"])
@pytest.mark.parametrize("text", NUMBER_STRINGS)
def test_pydantic_layer_reads_number_strings_as_pydantic_does(client, name, text):
    pydantic = pytest.importorskip("pydantic")
    spec = registry.resolve("gpt-4o-audio-preview").pydantic_params[name]
    bounds = {key: spec[key] for key in ("ge", "le") if key in spec}
    adapter = pydantic.TypeAdapter(Annotated[int if spec["type"] == "int" else float, pydantic.Field(**bounds)])
    try:
        adapter.validate_python(text)
        expected = None
    except pydantic.ValidationError as exc:
        expected = exc.errors(include_url=False)[0]
    response = client.post("/v1/chat/completions", json={**AUDIO, name: text})
    message = response.get_json()["error"]["message"] if response.status_code != 200 else ""
    if expected is None:  # read as a number: what follows is the common checks' business, not pydantic's
        assert not message.startswith("[{")
    else:
        assert message.startswith(f"[{{'type': '{expected['type']}', 'loc': ('body', '{name}'), "
                                  f"'msg': '{expected['msg']}'")


# What the fuzz found: a prediction's content array was taken whatever it held ([5], an image), though the SDK types
# it as text parts; they are checked as a developer message's parts are.
@pytest.mark.parametrize(("content", "message", "param", "code"), [
    ([5], "Invalid type for 'prediction.content[0]': expected an object, but got an integer instead.",
     "prediction.content[0]", "invalid_type"),
    ([{"type": "text", "text": "Hi"}, {"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/a.png"}}],
     "Invalid value: 'image_url'. Value must be 'text'.", "prediction.content[1].type", "invalid_value"),
    ([{"type": "text", "text": 5}], "Invalid type for 'prediction.content[0].text': expected a string, but got an "
     "integer instead.", "prediction.content[0].text", "invalid_type"),
])
def test_a_predictions_parts_are_text_parts(client, content, message, param, code):
    body = {"model": "gpt-4o", "messages": STD_MESSAGES, "prediction": {"type": "content", "content": content}}
    assert error_of(client, body) == (message, param, code)


# A prediction's own keys are type and content: another is refused as every other object of the request refuses
# one (`Unknown parameter: 'stream_options.bogus'.`, and audio's, response_format's, tool_choice's, the prediction's
# own parts'), where it was taken; once type and content are valid, as a tool's object is checked (a guess here).
@pytest.mark.parametrize(("model", "prediction", "message", "param", "code"), [
    ("gpt-4o", {"type": "content", "content": "Hi", "cache": True}, "Unknown parameter: 'prediction.cache'.",
     "prediction.cache", "unknown_parameter"),
    ("gpt-4", {"type": "content", "content": [{"type": "text", "text": "Hi"}], "x": None},
     "Unknown parameter: 'prediction.x'.", "prediction.x", "unknown_parameter"),
    ("gpt-4o", {"type": "content", "content": 5, "x": 1}, "Invalid type for 'prediction.content': expected one of a "
     "string or array of objects, but got an integer instead.", "prediction.content", "invalid_type"),
])
def test_a_predictions_unknown_key_is_refused(client, model, prediction, message, param, code):
    body = {"model": model, "messages": STD_MESSAGES, "prediction": prediction}
    assert error_of(client, body) == (message, param, code)


# Siblings of the recordings' faults (a generalization audit, December 2026): the recorder sends each fault to
# gpt-4, gpt-4o and gpt-4o-audio-preview, and the recordings show how the two layers split the audio model's
# parameters. Its pydantic layer words the faults of temperature, top_p, n, the penalties, max_tokens' type, seed,
# stop and user; every other fault, and max_tokens' floor and n's ceiling (which pydantic lacks), are the common
# checks' words, the same on all three models; a fault-free request to it without audio is refused for the audio
# it lacks.
def pydantic_error(kind, param, msg, value, ctx=None):
    error = {"type": kind, "loc": ("body", param), "msg": msg, "input": value}
    return repr([dict(error, ctx=ctx) if ctx else error]), None, None


COMMON_SIBLINGS = [
    ({"top_logprobs": -1, "logprobs": True}, "Invalid 'top_logprobs': integer below minimum value. Expected a value "
     ">= 0, but got -1 instead.", "top_logprobs", "integer_below_min_value"),
    ({"logprobs": "foo"}, "Invalid type for 'logprobs': expected a boolean, but got a string instead.", "logprobs",
     "invalid_type"),
    ({"stream": "foo"}, "Invalid type for 'stream': expected a boolean, but got a string instead.", "stream",
     "invalid_type"),
    ({"max_completion_tokens": 0}, "Invalid 'max_completion_tokens': integer below minimum value. Expected a value "
     ">= 1, but got 0 instead.", "max_completion_tokens", "integer_below_min_value"),
    ({"max_tokens": -1}, "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got -1 "
     "instead.", "max_tokens", "integer_below_min_value"),
    ({"n": 129}, "Invalid 'n': integer above maximum value. Expected a value <= 128, but got 129 instead.", "n",
     "integer_above_max_value"),
    ({"modalities": ["UNKNOWN"]}, "Invalid value: 'UNKNOWN'. Supported values are: 'text' and 'audio'.",
     "modalities[0]", "invalid_value"),
    ({"stream": True, "stream_options": {"include_usage": "foo"}}, "Invalid type for 'stream_options.include_usage':"
     " expected a boolean, but got a string instead.", "stream_options.include_usage", "invalid_type"),
    ({"service_tier": "foo"}, "Invalid value: 'foo'. Supported values are: 'auto' and 'default'.", "service_tier",
     "invalid_value"),
]


@pytest.mark.parametrize("model", ["gpt-4", "gpt-4o", "gpt-4o-audio-preview"])
@pytest.mark.parametrize(("fields", "message", "param", "code"), COMMON_SIBLINGS)
def test_a_fault_outside_the_pydantic_layer_is_worded_alike_on_every_model(client, model, fields, message, param,
                                                                          code):
    body = {"model": model, "messages": STD_MESSAGES, **fields}
    assert error_of(client, body) == (message, param, code)


@pytest.mark.parametrize(("fields", "expected"), [
    ({"frequency_penalty": "foo"}, pydantic_error("float_parsing", "frequency_penalty", "Input should be a valid "
                                                  "number, unable to parse string as a number", "foo")),
    ({"frequency_penalty": 3}, pydantic_error("less_than_equal", "frequency_penalty", "Input should be less than or "
                                              "equal to 2", 3, {"le": 2.0})),
    ({"frequency_penalty": 1000000000}, pydantic_error("less_than_equal", "frequency_penalty", "Input should be less "
                                                       "than or equal to 2", 1000000000, {"le": 2.0})),
    ({"temperature": -1}, pydantic_error("greater_than_equal", "temperature", "Input should be greater than or "
                                         "equal to 0", -1, {"ge": 0.0})),
    ({"top_p": "foo"}, pydantic_error("float_parsing", "top_p", "Input should be a valid number, unable to parse "
                                      "string as a number", "foo")),
])
def test_the_audio_models_pydantic_layer_words_the_siblings_of_its_recorded_faults(client, fields, expected):
    body = {"model": "gpt-4o-audio-preview", "messages": STD_MESSAGES, **fields}
    assert error_of(client, body) == expected


@pytest.mark.parametrize("fields", [
    {"frequency_penalty": 2}, {"logprobs": True, "top_logprobs": 2}, {"n": 2}, {"stop": ["foo", "bar"]},
    {"audio": {"format": "mp3", "voice": "ash"}}, {"store": True, "metadata": {"foo": "bar"}}, {"stream": True},
])
def test_the_audio_model_refuses_a_valid_request_without_audio(client, fields):
    body = {"model": "gpt-4o-audio-preview", "messages": STD_MESSAGES, **fields}
    assert error_of(client, body) == ("This model requires that either input content or output modality contain "
                                      "audio.", "model", "invalid_value")


# The conformance recorder's chat grid (its public factor and suite files) holds some 2,800 requests; its recorded
# sample lacks about 700 of them, and its suite never sends three values at all, as their names collide with a
# sibling's in its scenario keys (an unknown voice, a blank `stop`, `response_format` text in pairs). These are the
# message suite's missing values and those never sent, on gpt-4 as it sends them, each answered by the rule the
# sample shows for its siblings: a blank or plain message taken, an assistant's refusal part without `refusal`, a
# system part's type against the full list, a web address without the `data:` prefix, and audio on gpt-4.
REFUSAL = "I refuse to answer this question."
WEB_IMAGE = "https://upload.wikimedia.org/wikipedia/commons/8/8f/Erciyes_Volcano%2C_Cappadocia.jpg"
MP3 = {"type": "input_audio", "input_audio": {"data": "SUQzBAAAAAAAI1RTU0UAAAAP", "format": "mp3"}}
SYSTEM, USER = STD_MESSAGES
ASSISTANT = {"role": "assistant", "content": "Hello, how can I help you?"}
NO_PREFIX = ("Invalid image URL: 'messages[1].content[1].image_url.url'. Expected a base64-encoded data URL with an "
             "image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value without the "
             "'data:' prefix.", "messages[1].content[1].image_url.url", "invalid_value")
NOT_TEXT_OR_IMAGE = ("Invalid 'messages[1]'. Content blocks are expected to be either text or image_url type.",
                     "messages[1]", "invalid_value")


def refusals(*texts):
    return [SYSTEM, USER, {"role": "assistant", "content": [{"type": "refusal", "text": text} for text in texts]}]


GRID_MESSAGES = [
    ([SYSTEM], None), ([USER], None), ([USER, ASSISTANT], None), ([{"role": "assistant", "content": ""}], None),
    ([{"role": "developer", "content": ""}], None),
    ([SYSTEM, USER, {"role": "assistant", "content": [{"type": "text", "text": ASSISTANT["content"]},
                                                       {"type": "text", "text": "Do ask me anything!"}]}], None),
    (refusals(REFUSAL), ("Missing required parameter: 'messages[2].content[0].refusal'.",
                         "messages[2].content[0].refusal", "missing_required_parameter")),
    (refusals(REFUSAL, "For real!"), ("Missing required parameter: 'messages[2].content[0].refusal'.",
                                      "messages[2].content[0].refusal", "missing_required_parameter")),
    ([{"role": "system", "content": [{"type": "", "text": "Hello"}]}, USER],
     ("Invalid value: ''. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.",
      "messages[0].content[0].type", "invalid_value")),
    (user_parts({"type": "text", "text": "What is in the image?"}, {"type": "image_url", "image_url": {
        "url": WEB_IMAGE}}), NO_PREFIX),
    (user_parts({"type": "text", "text": "What is in the image?"}, {"type": "image_url", "image_url": {
        "url": WEB_IMAGE, "detail": "high"}}), NO_PREFIX),
    (user_parts({"type": "text", "text": "What is in the image?"}, {"type": "image_url", "image_url": {
        "url": WEB_IMAGE, "detail": "auto"}}), NO_PREFIX),
    (user_parts({"type": "text", "text": "What is in the recording?"}, MP3), NOT_TEXT_OR_IMAGE),
    (user_parts(MP3), NOT_TEXT_OR_IMAGE),
    (user_parts({"type": "input_audio", "input_audio": {"data": "AAAAI1RTU0UAAAAP", "format": "mp3"}}),
     NOT_TEXT_OR_IMAGE),
    (user_parts(MP3, {"type": "image_url", "image_url": {"url": IMAGE}}), NOT_TEXT_OR_IMAGE),
]


@pytest.mark.parametrize(("messages", "refusal"), GRID_MESSAGES)
def test_the_recorders_unrecorded_messages_follow_their_siblings(client, messages, refusal):
    body = {"model": "gpt-4", "messages": messages}
    if refusal:
        assert error_of(client, body) == refusal
        return
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["choices"][0]["finish_reason"] == "stop"


@pytest.mark.parametrize("fields", [{"stop": ""}, {"response_format": {"type": "text"}}])
@pytest.mark.parametrize("model", ["gpt-4", "gpt-4o", "gpt-4o-audio-preview"])
def test_the_values_the_recorder_never_sends_are_taken(client, model, fields):
    # A blank stop and the text format change nothing: taken where their siblings are, the audio model asking for
    # audio first, as it does of every valid request without it.
    body = {"model": model, "messages": STD_MESSAGES, **fields}
    if model == "gpt-4o-audio-preview":
        assert error_of(client, body)[1:] == ("model", "invalid_value")
        return
    for paired in ({}, {"n": 2}, {"seed": 1}, {"max_tokens": 1}):
        response = client.post("/v1/chat/completions", json={**body, **paired})
        assert response.status_code == 200, response.get_data(as_text=True)
        assert len(response.get_json()["choices"]) == paired.get("n", 1)


def test_a_forced_token_runs_gpt_4o_to_its_most_output(client):
    # The recorder's sanity value logit_bias {"12345": 100} on gpt-4o is recorded streamed only (16,384 tokens, then
    # `length`); the unstreamed answer runs as far.
    body = {"model": "gpt-4o", "messages": STD_MESSAGES, "logit_bias": {"12345": 100}}
    answer = client.post("/v1/chat/completions", json=body).get_json()
    assert answer["choices"][0]["finish_reason"] == "length"
    assert answer["usage"]["completion_tokens"] == 16384


def test_the_view_answers_its_own_refusals_as_the_blueprint_handler_does(app, client, monkeypatch):
    """A refusal the chat view raises is answered by its blueprint's handler without Flask's exception path, in the
    same bytes; one raised before the view (a fault) still reaches that handler through Flask."""
    body = {"model": "gpt-4o", "messages": STD_MESSAGES, "temperature": 5}
    expected = client.post("/v1/chat/completions", json=body)
    faulted = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": STD_MESSAGES},
                          headers={"X-Fauxpen-Fault": "rate_limit"})
    assert expected.status_code == 400 and faulted.status_code == 429
    assert expected.get_data() == (b'{\n  "error": {\n    "message": "Invalid \'temperature\': decimal above maximum '
                                   b'value. Expected a value <= 2, but got 5 instead.",\n    "type": '
                                   b'"invalid_request_error",\n    "param": "temperature",\n    "code": '
                                   b'"decimal_above_max_value"\n  }\n}')
    handled = []
    original = app.handle_user_exception
    monkeypatch.setattr(app, "handle_user_exception", lambda e: handled.append(type(e).__name__) or original(e))
    refused = client.post("/v1/chat/completions", json=body)
    assert refused.status_code == 400 and refused.get_data() == expected.get_data()
    assert handled == []
    again = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": STD_MESSAGES},
                        headers={"X-Fauxpen-Fault": "rate_limit"})
    assert again.status_code == 429 and again.get_data() == faulted.get_data() and handled == ["RateLimitError"]


@pytest.mark.parametrize(("model", "fields", "message"), [
    # One check refuses every argument the model does not take, listed together: measured on gpt-4o-mini
    # (api.openai.com, September 2026, a client's test notes): `Unrecognized request arguments supplied:
    # chat_template_kwargs, reasoning_effort`; Azure's of older deployments, `tool_choice, tools`. Alphabetical, as
    # the search models' `Model incompatible request arguments supplied` are recorded.
    ("gpt-4o", {"vendor_kwargs": {}, "reasoning_effort": "low"},
     "Unrecognized request arguments supplied: reasoning_effort, vendor_kwargs"),
    ("gpt-4", {"zeta": 1, "alpha": 2, "mid": "x"}, "Unrecognized request arguments supplied: alpha, mid, zeta"),
    ("gpt-4", {"reasoning_effort": "high", "extra": 1}, "Unrecognized request arguments supplied: extra, "
     "reasoning_effort"),
    ("gpt-4", {"extra": 1}, "Unrecognized request argument supplied: extra"),
])
def test_the_arguments_a_model_does_not_take_are_refused_together(client, model, fields, message):
    body = {"model": model, "messages": STD_MESSAGES, **fields}
    assert error_of(client, body) == (message, None, None)


@pytest.mark.parametrize(("fields", "param"), [
    # That check is where reasoning_effort's refusal is on gpt-4 and gpt-4o (the recordings: after a type's, after
    # prediction's, top_logprobs' and stream_options' refusals; before metadata's, logit_bias's and a response
    # format's): an argument the API does not know at all is refused there too.
    ({"extra": 1, "stop": 123}, "stop"),
    ({"extra": 1, "logprobs": "yes"}, "logprobs"),
    ({"extra": 1, "modalities": ["audio"]}, "modalities"),
    ({"extra": 1, "top_logprobs": 1}, "top_logprobs"),
    ({"extra": 1, "stream_options": {}}, "stream_options"),
    ({"extra": 1, "prediction": {"type": "content", "content": "x"}}, "prediction"),
    ({"extra": 1, "metadata": {}}, None),
    ({"extra": 1, "logit_bias": {"1": 1000}}, None),
    ({"extra": 1, "response_format": {"type": "json_object"}}, None),
])
def test_an_unknown_argument_is_refused_where_reasoning_effort_is(client, fields, param):
    body = {"model": "gpt-4", "messages": STD_MESSAGES, **fields}
    assert error_of(client, body)[1] == param
