"""Fuzz every POST endpoint: whatever the body, the answer is the OpenAI error envelope or a well-formed success.

The endpoints are read from the app's URL map, so an endpoint added later is fuzzed without a change here.
Three tests share the work: request-like bodies (a model and the endpoint's main parameter the validators
mostly accept, other parameters random), any JSON value, and raw bytes; together they run 2,100 examples.
"""
import io
import json
import re

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from fauxpen import create_app, errors, registry
from fauxpen.schemas.chat import chat_request
from fauxpen.schemas.messages import PART_TYPES, ROLES

APP = create_app({"TESTING": True, "FAUXPEN_LOG_LEVEL": "WARNING"})
POST_PATHS = sorted(rule.rule for rule in APP.url_map.iter_rules() if "POST" in rule.methods and not rule.arguments)

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Parameters of every endpoint: the chat schema's, and those other endpoints take (embeddings, completions, the
# Responses API's truncation, speech's voice and stream, GPT Image 2.6's GIFs and SVGs).
PARAMETERS = sorted(set(chat_request.fields) | {"input", "prompt", "encoding_format", "dimensions", "suffix",
                                                "echo", "best_of", "bogus", "truncation", "voice", "stream_format",
                                                "output_format", "frame_count", "frame_duration_ms", "svg"})
OTHER_PARAMETERS = [name for name in PARAMETERS if name not in ("model", "messages", "input", "prompt")]
MODELS = sorted({entry["id"] for entry in registry.listing()}) + ["", "foo", "gpt-4o-2099-01-01"]

# Strings that trip formatting and encoding: braces, quotes, NUL, lone surrogates, names the API knows.
strings = (st.text(max_size=30) | st.text("{}'%\\x", max_size=5)
           | st.sampled_from(["", "{", "}", "{param}", "{0}", "%s", "text", "auto", "none", "required", "user",
                              "function", "json_object", "json_schema", "content", "gpt-4o", "\x00", "\ud800",
                              "alloy", "sse", "gif", "svg", "ultrafast"]))
scalars = (st.none() | st.booleans() | st.integers(-3, 200) | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | strings)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10) | st.sampled_from(PARAMETERS), inner, max_size=4),
                           max_leaves=12)


def mostly(usual, rarely):
    """Draw from usual nine times in ten, else from rarely: bodies must get past the first checks to go deep."""
    return st.integers(0, 9).flatmap(lambda n: rarely if n == 0 else usual)


parts = st.fixed_dictionaries({"type": mostly(st.sampled_from(PART_TYPES), json_values)},
                              optional={"text": mostly(st.text(max_size=40), json_values),
                                        "image_url": st.fixed_dictionaries({"url": st.text(max_size=20)}),
                                        "refusal": st.text(max_size=10)})
messages = st.fixed_dictionaries(
    {"role": mostly(st.sampled_from(ROLES), json_values),
     "content": mostly(mostly(st.text(max_size=60), st.lists(parts, max_size=3)), json_values)},
    optional={"name": mostly(st.text(max_size=10), json_values), "tool_call_id": st.text(max_size=10),
              "tool_calls": json_values, "function_call": json_values})


def models_for(path):
    """Return the models of the kind an endpoint serves (chat, embedding), named in its path; else all."""
    return [name for name in MODELS if registry.resolve(name) and registry.resolve(name).kind in path] or MODELS


# What an endpoint other than chat takes: text, texts or token arrays (embeddings' input, completions' prompt).
inputs = (st.text(max_size=60) | st.lists(st.text(max_size=20), min_size=1, max_size=3)
          | st.lists(st.integers(0, 100_000), min_size=1, max_size=5)
          | st.lists(st.lists(st.integers(0, 100_000), min_size=1, max_size=4), min_size=1, max_size=2))


@st.composite
def request_like(draw, path):
    """A body for path with a model and its main parameter, mostly valid, and up to three others (or unknown keys).

    The main parameter is messages for chat and input (or, rarely, prompt) for any other endpoint.
    """
    body = {"model": draw(mostly(st.sampled_from(models_for(path)), st.sampled_from(MODELS) | json_values))}
    if path.endswith("/chat/completions"):
        body["messages"] = draw(mostly(st.lists(messages, min_size=1, max_size=3), json_values))
    else:
        body[draw(mostly(st.just("input"), st.just("prompt")))] = draw(mostly(inputs, json_values))
    for name in draw(st.lists(mostly(st.sampled_from(OTHER_PARAMETERS), strings), max_size=3, unique=True)):
        body[name] = draw(json_values)
    return body


content_types = st.sampled_from([None, "application/json", "application/json; charset=utf-8", "text/plain",
                                 "application/x-www-form-urlencoded"])


def post_json(path, body):
    """POST body as JSON text, escaping what is not ASCII (lone surrogates included)."""
    return APP.test_client().post(path, data=json.dumps(body), content_type="application/json")


def assert_well_formed(response):
    """Assert that an answer is the error envelope or a success of the right shape, never a 5xx."""
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code == 200 and response.mimetype == "text/event-stream":
        # Events end in LFs, or CRLFs (speech's and transcriptions' streams): read alike.
        blocks = [e for e in response.get_data(as_text=True).replace("\r\n", "\n").split("\n\n") if e]
        if blocks[0].startswith("event: "):  # named events: the Responses API's, or gpt-image-1's pictures
            events = [json.loads(block.split("\n", 1)[1].removeprefix("data: ")) for block in blocks]
            if events[-1]["type"].startswith("image_"):  # ends with the picture, no [DONE]
                assert events[-1]["type"] in ("image_generation.completed", "image_edit.completed")
                assert events[-1]["b64_json"]
                return
            assert events[-1]["type"] in ("response.completed", "response.incomplete")
            assert events[-1]["response"]["error"] is None
            return
        events = [e.removeprefix("data: ") for e in blocks]
        assert events[-1] == "[DONE]"
        assert all(isinstance(json.loads(e), dict) and "error" not in json.loads(e) for e in events[:-1])
        return
    if response.status_code == 204:  # the traces taken: no content, only ever a success
        assert response.get_data() == b"" and response.mimetype is None
        return
    if response.mimetype.startswith("audio/"):  # speech: audio bytes, only ever a success
        assert response.status_code == 200 and response.get_data()
        return
    assert response.mimetype == "application/json"
    body = json.loads(response.get_data())
    if response.status_code == 200:
        # A response object carries "error": null; every other success has no error key. Moderations, images and
        # realtime keys are the answers without an "object": their results, their pictures' data, or the key.
        assert isinstance(body, dict) and body.get("error") is None
        assert (isinstance(body.get("object"), str) or list(body) == ["id", "model", "results"]
                or (list(body)[0] == "created" and isinstance(body.get("data"), list))
                or list(body) == ["value", "expires_at", "session"])
        return
    # The files schema repeats its refusal in "detail", a refused language carries a "usage" (both recorded).
    assert list(body)[0] == "error" and set(list(body)[1:]) <= {"detail", "usage"}
    assert list(body["error"]) == ["message", "type", "param", "code"]
    error = body["error"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["type"], str)
    assert error["param"] is None or isinstance(error["param"], str)
    assert error["code"] is None or isinstance(error["code"], str)


def test_the_fuzz_reaches_every_post_endpoint():
    assert "/v1/chat/completions" in POST_PATHS


def test_a_stream_of_crlfs_is_judged_by_its_events():
    # Speech's sse stream ends its events in CRLFs: read as one block, its [DONE] was not found.
    streamed = post_json("/v1/audio/speech", {"model": "gpt-4o-mini-tts", "input": "hi", "voice": "alloy",
                                              "stream_format": "sse"})
    assert streamed.get_data().endswith(b"data: [DONE]\r\n\r\n")
    assert_well_formed(streamed)


@settings(FUZZ, max_examples=1200)
@given(data=st.data(), path=st.sampled_from(POST_PATHS), stream=st.sampled_from([None, True, False]))
def test_request_like_bodies(data, path, stream):
    body = data.draw(request_like(path))
    if stream is not None:
        body["stream"] = stream
    assert_well_formed(post_json(path, body))


@settings(FUZZ, max_examples=400)
@given(path=st.sampled_from(POST_PATHS), body=json_values)
def test_any_json_value(path, body):
    assert_well_formed(post_json(path, body))


@settings(FUZZ, max_examples=500)
@given(path=st.sampled_from(POST_PATHS), data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode),
       content_type=content_types)
def test_raw_bytes(path, data, content_type):
    assert_well_formed(APP.test_client().post(path, data=data, content_type=content_type))


# What the fuzz found: text a request sent, with braces in it, was read as part of a message template (a 500).
@pytest.mark.parametrize(("extra", "message"), [
    ({"service_tier": "{x}"}, "Invalid value: '{x}'. Supported values are: 'auto' and 'default'."),
    ({"{a}": 1}, "Unrecognized request argument supplied: {a}"),
    ({"stream": True, "stream_options": {"{": 1}}, "Unknown parameter: 'stream_options.{'."),
    ({"messages": [{"role": "{param}", "content": "hi"}]},
     "Invalid value: '{param}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and "
     "'developer'."),
    ({"messages": [{"role": "developer", "content": [{"type": "{}"}]}]}, "Invalid value: '{}'. Value must be 'text'."),
    ({"store": True, "metadata": {"{" * 65: "x"}},
     "Invalid property name in 'metadata': '{{{...{{{' is too long. Expected a string with maximum length 64, but "
     "got a string with length 65 instead."),
])
def test_braces_in_request_text_are_quoted_as_sent(extra, message):
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}], **extra}
    response = post_json("/v1/chat/completions", body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == message


# An empty name is a name: quoted as sent, param '' (it was "Unknown parameter: 'None'." with param null, where
# /v1/responses/input_tokens and /compact already quoted it; a nested one was always 'text.').
@pytest.mark.parametrize(("path", "body"), [
    ("/v1/responses", {"model": "gpt-4o", "input": "hi"}),
    ("/v1/images/generations", {"model": "gpt-image-1-mini", "prompt": "cat"}),
    ("/v1/uploads", {"bytes": 5, "filename": "b.txt", "mime_type": "text/plain", "purpose": "assistants"}),
    ("/v1/vector_stores", {"name": "v"}),
    ("/v1/conversations", {}),
    ("/v1/responses/input_tokens", {"model": "gpt-4o", "input": "hi"}),
])
def test_an_empty_parameter_name_is_quoted_as_sent(path, body):
    response = post_json(path, {**body, "": 1})
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": "Unknown parameter: ''.", "type": "invalid_request_error",
                                            "param": "", "code": "unknown_parameter"}


# A tool message's tool_call_id that is not a string, on a model that names a call's function again in its answer
# (gpt-5 and the o-series): the prompt's count looked it up as a call's id, a 500 before the type's refusal.
@pytest.mark.parametrize("model", ["gpt-5", "o3", "gpt-4o-mini", "gpt-4"])
@pytest.mark.parametrize(("value", "kind"), [([], "an array"), ({}, "an object")])
def test_a_tool_call_id_not_a_string_is_refused_on_every_model(model, value, kind):
    call = {"id": "call_abc", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    response = post_json("/v1/chat/completions", {"model": model, "messages": [
        {"role": "user", "content": "hi"}, {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": value, "content": "1"}]})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == (
        f"Invalid type for 'messages[2].tool_call_id': expected a string, but got {kind} instead.")


# --- Deep, mostly valid requests: tools and response formats with odd JSON Schemas ----------------------------
# Request-like bodies rarely carry a schema deep enough to reach the generator. These do: structurally valid
# schemas whose keyword values are what clients, code generators and fuzzers send (3.0 for 3, "3", -1, huge
# and tiny numbers, lone surrogates, patterns that do not compile, $refs fanning out).

ODD_COUNTS = st.sampled_from([0, 1, 2, 3.0, 2.5, -1, "3", True, 10 ** 6, 10 ** 30])
ODD_NUMBERS = st.sampled_from([0, -0.0, 0.1, 1e-9, 5e-324, 1.5, 10, 1e300, 10 ** 30, 10 ** 400, "1", None])
PATTERNS = st.sampled_from(["^[a-z]+$", "\\d{3}-\\d{4}", "a{5}", "a{100000}", "((a{100}){100})", "(", "\ud800+",
                            "^(?=.*\\d).{8,}$", "(?<=a)b", "\\p{L}"])
SCHEMA_KEYWORDS = {
    "minLength": ODD_COUNTS, "maxLength": ODD_COUNTS, "minItems": ODD_COUNTS, "maxItems": ODD_COUNTS,
    "minProperties": ODD_COUNTS, "minContains": ODD_COUNTS, "minimum": ODD_NUMBERS, "maximum": ODD_NUMBERS,
    "exclusiveMinimum": ODD_NUMBERS, "multipleOf": ODD_NUMBERS, "pattern": PATTERNS,
    "format": st.sampled_from(["date", "email", "uuid", "uri", "regex", "bogus", []]),
    "enum": st.lists(scalars, min_size=1, max_size=3), "const": scalars,
    "type": st.sampled_from(["string", "integer", "number", "boolean", "null", "object", "array", ["null", "null"],
                             ["string", "null"]]),
}
schema_leaves = st.fixed_dictionaries({}, optional=SCHEMA_KEYWORDS)


def _schema_children(inner):
    refs = st.sampled_from([{"$ref": "#"}, {"$ref": "#/$defs/a"}, {"$ref": "#/properties/x"}, {"$ref": "#/nope"}])
    return (st.fixed_dictionaries({"type": st.just("object"), "properties": st.dictionaries(
                st.sampled_from(["x", "y", "\ud800", "$ref"]), inner, max_size=3)},
                optional={"required": st.lists(st.sampled_from(["x", "y"]), max_size=2),
                          "additionalProperties": st.booleans() | inner})
            | st.fixed_dictionaries({"type": st.just("array"), "items": inner},
                                    optional={k: v for k, v in SCHEMA_KEYWORDS.items() if k != "type"})
            | st.fixed_dictionaries({"anyOf": st.lists(inner | refs, min_size=1, max_size=3)})
            | st.fixed_dictionaries({"oneOf": st.lists(inner | refs, min_size=1, max_size=3)})
            | st.fixed_dictionaries({"allOf": st.lists(inner, min_size=1, max_size=2)})
            | st.fixed_dictionaries({"not": inner})
            | refs)


odd_schemas = st.recursive(schema_leaves, _schema_children, max_leaves=8)


@settings(FUZZ, max_examples=300)
@given(schema=odd_schemas, defs=odd_schemas, strict=st.booleans(), where=st.sampled_from(["tool", "format"]),
       extra=st.fixed_dictionaries({}, optional={"stream": st.booleans(), "n": st.integers(1, 3),
                                                 "logprobs": st.just(True), "max_tokens": st.integers(1, 50)}))
def test_odd_schemas_get_an_answer_or_the_envelope(schema, defs, strict, where, extra):
    root = {"type": "object", "properties": {"x": schema}, "required": ["x"], "additionalProperties": False,
            "$defs": {"a": defs}}
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello \ud800 Boston"}], **extra}
    if where == "tool":
        body["tools"] = [{"type": "function", "function": {"name": "f", "strict": strict, "parameters": root}}]
        body["tool_choice"] = "required"
    else:
        body["response_format"] = {"type": "json_schema", "json_schema": {"name": "s", "strict": strict,
                                                                          "schema": root}}
    response = post_json("/v1/chat/completions", body)
    assert_well_formed(response)
    if response.status_code == 200 and response.mimetype == "application/json":
        for choice in response.get_json()["choices"]:
            if choice["finish_reason"] != "length":  # a cut answer is cut JSON
                message = choice["message"]
                json.loads(message["tool_calls"][0]["function"]["arguments"] if where == "tool"
                           else message["content"])


# A batch line's method or model that is not a string was quoted as Python writes it (`Invalid value: 'True'.`,
# `'{'a': 1}'`): a refusal quotes what a request sent as JSON, as the API's services write it.
@pytest.mark.parametrize(("item", "message"), [
    ({"method": True}, "Invalid value: 'true'. Supported values are: 'POST'."),
    ({"method": {"a": 1}}, """Invalid value: '{"a": 1}'. Supported values are: 'POST'."""),
    ({"method": ["POST", None]}, """Invalid value: '["POST", null]'. Supported values are: 'POST'."""),
    ({"method": 1.5}, "Invalid value: '1.5'. Supported values are: 'POST'."),
    ({"body": {"model": False}}, "The provided model 'false' is not supported by the Batch API."),
    ({"body": {"model": {"id": "gpt-4o"}}}, """The provided model '{"id": "gpt-4o"}' is not supported by the Batch """
                                            "API."),
    ({"body": {"model": ["é"]}}, """The provided model '["é"]' is not supported by the Batch API."""),
])
def test_a_batch_line_quotes_what_it_sent_as_json(tmp_path, item, message):
    app = create_app({"TESTING": True, "FAUXPEN_LOG_LEVEL": "WARNING", "FAUXPEN_BATCH_SECONDS": 0,
                      "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite")})
    client = app.test_client()
    line = {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}, **item}
    uploaded = client.post("/v1/files", content_type="multipart/form-data", data={
        "purpose": "batch", "file": (io.BytesIO(json.dumps(line).encode() + b"\n"), "lines.jsonl")}).get_json()
    batch = client.post("/v1/batches", json={"input_file_id": uploaded["id"], "endpoint": "/v1/chat/completions",
                                             "completion_window": "24h"}).get_json()
    [error] = client.get(f"/v1/batches/{batch['id']}").get_json()["errors"]["data"]
    assert error["message"] == message


# A body that ends before its Content-Length (the client closed its side early): a JSON one was read as if whole
# (a 200 when it happened to parse), a form answered werkzeug's words (`The browser (or proxy) sent a request that
# this server could not understand.`). Both are refused as a body the API cannot parse, as a chunk cut short is.
FORM = b'--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n'
CUT_SHORT = [
    ("/v1/chat/completions", "application/json", json.dumps({"model": "gpt-4o", "messages": [
        {"role": "user", "content": "hi"}]}).encode()),
    ("/v1/embeddings", "application/json", b'{"model": "text-embedding-3-small", "input": "hi"}'),
    ("/v1/responses", "text/plain", b'{"model": "gpt-4o", "input": "hi"}'),
    ("/v1/files", "multipart/form-data; boundary=b", FORM),
    ("/v1/files", "multipart/form-data; boundary=b", FORM + b'--b\r\nContent-Disposition: form-data; name="file"; '
                                                          b'filename="a.jsonl"\r\n\r\n{}\n\r\n--b--\r\n'),
    ("/v1/audio/transcriptions", "multipart/form-data; boundary=b", FORM.replace(b"purpose", b"model")),
    ("/v1/images/edits", "application/x-www-form-urlencoded", b"model=gpt-image-1&prompt=cat"),
    ("/v1/skills", "multipart/form-data; boundary=b", FORM),
]


@pytest.mark.parametrize(("path", "content_type", "data"), CUT_SHORT)
@pytest.mark.parametrize("terminated", [False, True])  # gunicorn says it ends the input itself
def test_a_body_cut_short_of_its_content_length_is_a_body_the_api_cannot_parse(path, content_type, data, terminated):
    environ = EnvironBuilder(path=path, method="POST", data=data, content_type=content_type).get_environ()
    environ["CONTENT_LENGTH"] = str(len(data) + 10)
    if terminated:
        environ["wsgi.input_terminated"] = True
    response = Response.from_app(APP, environ)
    assert response.status_code == 400
    assert json.loads(response.get_data())["error"] == {"message": errors.INVALID_JSON_MESSAGE,
                                                        "type": "invalid_request_error", "param": None,
                                                        "code": None}


@pytest.mark.parametrize(("path", "content_type", "data"), CUT_SHORT[:1] + CUT_SHORT[4:5])
def test_a_body_of_its_content_length_is_read_as_before(path, content_type, data):
    environ = EnvironBuilder(path=path, method="POST", data=data, content_type=content_type).get_environ()
    environ["wsgi.input_terminated"] = True
    assert Response.from_app(APP, environ).status_code == 200


# An eval run's source type or file id that is not a string was quoted as Python writes it (`Invalid value:
# '{'a': 1}'.`, `No such File object: None`): refused as the run's other strings are.
@pytest.mark.parametrize(("source", "message"), [
    ({"type": {"a": 1}}, "Invalid type for 'data_source.source.type': expected a string, but got an object instead."),
    ({"type": True}, "Invalid type for 'data_source.source.type': expected a string, but got a boolean instead."),
    ({"content": []}, "Missing required parameter: 'data_source.source.type'."),
    ({"type": "file_id", "id": ["file-abc"]},
     "Invalid type for 'data_source.source.id': expected a string, but got an array instead."),
    ({"type": "file_id"}, "Missing required parameter: 'data_source.source.id'."),
    ({"type": "file_id", "id": "file-abc"}, "No such File object: file-abc"),
])
def test_an_eval_runs_source_not_a_string_is_refused_by_its_type(tmp_path, source, message):
    client = create_app({"TESTING": True, "FAUXPEN_LOG_LEVEL": "WARNING",
                         "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite")}).test_client()
    criterion = {"type": "string_check", "name": "n", "input": "{{sample.output_text}}", "reference": "x",
                 "operation": "eq"}
    made = client.post("/v1/evals", json={"testing_criteria": [criterion], "data_source_config": {
        "type": "custom", "item_schema": {"type": "object", "properties": {}}}}).get_json()
    response = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "completions", "model": "gpt-4o", "source": source}})
    assert response.get_json()["error"]["message"] == message


# A Responses message's role, or a content part's type, that is not a string was quoted as Python writes it
# (`Invalid value: 'True'.`, `'None'` for a part without one): refused as an empty one, as an item's type is.
@pytest.mark.parametrize(("item", "param"), [
    ({"role": True, "content": "hi"}, "input[0]"),
    ({"role": {"a": 1}, "content": "hi"}, "input[0]"),
    ({"role": "user", "content": [{"text": "hi"}]}, "input[0].content[0].type"),
    ({"role": "user", "content": [{"type": ["input_text"], "text": "hi"}]}, "input[0].content[0].type"),
    ({"type": "reasoning", "id": "rs_1", "summary": [{"type": True, "text": "x"}]}, "input[0].summary[0].type"),
])
def test_a_responses_role_or_part_type_not_a_string_is_quoted_as_empty(item, param):
    error = post_json("/v1/responses", {"model": "gpt-4o", "input": [item]}).get_json()["error"]
    assert error["message"].startswith("Invalid value: ''. Supported values are: ") and error["param"] == param


# --- Every member of a Responses request swapped for a value of another type ----------------------------------
# The Responses API quotes what it was sent as JSON, or a value not a string as '' (captured): a message never holds
# Python's writing of a value (True, None, {'a': 1}, ['x', None]). What the fuzz's deep mutation found (a role, a
# part's type, a summary's) came from members three levels down, which the bodies above rarely reach.
RESPONSES_BODY = {"model": "gpt-4o", "input": [
    {"role": "user", "content": [{"type": "input_text", "text": "hi"},
                                 {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "low"}]},
    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "x"}]},
    {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
    {"type": "function_call_output", "call_id": "c1", "output": [{"type": "input_text", "text": "1"}]}],
    "tools": [{"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}}],
    "tool_choice": {"type": "function", "name": "f"}, "text": {"format": {"type": "json_object"}, "verbosity": "low"},
    "reasoning": {"effort": "low"}, "metadata": {"a": "b"}, "truncation": "auto",
    "include": ["message.input_image.image_url"]}
PYTHON_WRITING = re.compile(r"\{'|\['|'\]|\bNone\b|\bTrue\b|\bFalse\b")


def members(value, path=()):
    """Yield the path of every member of a JSON value, depth first."""
    for key, inner in (value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list)
                       else ()):
        yield path + (key,)
        yield from members(inner, path + (key,))


def swapped(body, path, value):
    body = json.loads(json.dumps(body))
    inner = body
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = value
    return body


@pytest.mark.parametrize("value", [True, None, {"a": 1}, ["x", None], 1.5])
def test_a_responses_refusal_never_writes_a_value_as_python_does(value):
    for path in members(RESPONSES_BODY):
        response = post_json("/v1/responses", swapped(RESPONSES_BODY, path, value))
        assert response.status_code < 500
        if response.status_code >= 400:
            message = response.get_json()["error"]["message"]
            assert not PYTHON_WRITING.search(message), (path, message)
