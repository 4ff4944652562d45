"""POST /v1/embeddings: shapes, limits and the real API's wording for embeddings errors."""
import base64
import json
import math
from array import array

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

SCHEMA_LINK = "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference."
NO_DIMENSIONS = "This model does not support specifying dimensions."


def embed(client, **body):
    body.setdefault("model", "text-embedding-3-small")
    return client.post("/v1/embeddings", json=body)


def vectors(response):
    """Return the answer's vectors as lists of floats, decoding base64 as the openai SDK does."""
    out = []
    for item in response.get_json()["data"]:
        vector = item["embedding"]
        out.append(array("f", base64.b64decode(vector)).tolist() if isinstance(vector, str) else vector)
    return out


def norm(vector):
    return math.sqrt(math.fsum(x * x for x in vector))


@pytest.mark.parametrize(("model", "answered", "size"), (
    ("text-embedding-ada-002", "text-embedding-ada-002-v2", 1536),
    ("text-embedding-3-small", "text-embedding-3-small", 1536),
    ("text-embedding-3-large", "text-embedding-3-large", 3072),
))
def test_answer_names_snapshot_and_has_native_size(client, model, answered, size):
    response = embed(client, model=model, input="hello")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.get_json()
    assert list(body) == ["object", "data", "model", "usage"]
    assert body["object"] == "list" and body["model"] == answered
    assert body["data"][0]["object"] == "embedding" and body["data"][0]["index"] == 0
    assert len(body["data"][0]["embedding"]) == size
    assert body["usage"] == {"prompt_tokens": 1, "total_tokens": 1}


@pytest.mark.parametrize(("value", "count", "tokens"), (
    ("hello", 1, 1),
    (["foo", "bar"], 2, 2),
    ([123, 456, 789], 1, 3),
    ([[123, 456], [789, 12], [7]], 3, 5),
    (["x"] * 2048, 2048, 2048),
))
def test_one_embedding_per_input_in_order(client, value, count, tokens):
    body = embed(client, input=value).get_json()
    assert [item["index"] for item in body["data"]] == list(range(count))
    assert body["usage"] == {"prompt_tokens": tokens, "total_tokens": tokens}


def test_vectors_are_unit_length_and_distinct(client):
    found = vectors(embed(client, model="text-embedding-3-large", input=["alpha", "beta", "gamma", "1"]))
    found += vectors(embed(client, model="text-embedding-3-large", input=[[1], [1, 2]]))
    for vector in found:
        assert norm(vector) == pytest.approx(1, abs=1e-6)
    assert len({tuple(v) for v in found}) == 6


def test_same_input_same_vector_whatever_its_batch(client):
    alone = vectors(embed(client, input="beta", encoding_format="float"))[0]
    batched = vectors(embed(client, input=["alpha", "beta"], encoding_format="float"))[1]
    assert alone == batched


def test_a_large_answer_is_written_in_chunks_not_held_whole(client):
    """2,048 inputs of 3,072 floats make some 80 MB of JSON: a worker writes it a chunk at a time, chunked as the
    real API sends embeddings, and the chunks join to the whole answer."""
    from fauxpen.embedding import CHUNK_BYTES

    response = client.post("/v1/embeddings", json={"model": "text-embedding-3-large", "encoding_format": "float",
                                                   "input": [f"text {i}" for i in range(300)]}, buffered=False)
    assert response.is_streamed and "Content-Length" not in response.headers
    chunks = list(response.response)
    assert len(chunks) > 10
    assert max(map(len, chunks)) < CHUNK_BYTES + 3072 * 13 + 100  # a chunk is at most one vector past the size
    answer = json.loads(b"".join(chunks))
    assert [item["index"] for item in answer["data"]] == list(range(300))
    assert answer["usage"] == {"prompt_tokens": 900, "total_tokens": 900}  # "text", " ", "12"


def test_models_give_different_vectors(client):
    small = vectors(embed(client, model="text-embedding-3-small", input="hello"))[0]
    ada = vectors(embed(client, model="text-embedding-ada-002", input="hello"))[0]
    assert small != ada


def test_alias_and_snapshot_give_the_same_vector(client):
    alias = vectors(embed(client, model="text-embedding-ada-002", input="hello"))[0]
    snapshot = vectors(embed(client, model="text-embedding-ada-002-v2", input="hello"))[0]
    assert alias == snapshot


def test_base64_is_little_endian_float32_of_the_float_answer(client):
    floats = vectors(embed(client, input=["hello", "world"], encoding_format="float"))
    response = embed(client, input=["hello", "world"], encoding_format="base64")
    encoded = [item["embedding"] for item in response.get_json()["data"]]
    for text, vector in zip(encoded, floats):
        raw = base64.b64decode(text, validate=True)
        assert len(raw) == 4 * 1536
        assert array("f", raw) == array("f", vector)


@pytest.mark.parametrize("dimensions", (1, 2, 3, 256, 768, 1000, 3072))
@pytest.mark.parametrize("encoding_format", ("float", "base64"))
def test_dimensions_shorten_and_renormalise(client, dimensions, encoding_format):
    full = vectors(embed(client, model="text-embedding-3-large", input="hi", encoding_format="float"))[0]
    short = vectors(embed(client, model="text-embedding-3-large", input="hi", dimensions=dimensions,
                          encoding_format=encoding_format))[0]
    assert len(short) == dimensions
    assert norm(short) == pytest.approx(1, abs=1e-6)
    head = norm(full[:dimensions])
    assert short == pytest.approx([x / head for x in full[:dimensions]], abs=1e-6)


def test_embedding_models_are_listed(client):
    listed = {entry["id"] for entry in client.get("/v1/models").get_json()["data"]}
    assert {"text-embedding-ada-002", "text-embedding-3-small", "text-embedding-3-large"} <= listed


def error_of(response):
    error = response.get_json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    return response.status_code, error["message"], error["type"], error["param"], error["code"]


INVALID = [
    # input: checked on its own, against the four shapes it may have.
    ({"input": [""]}, SCHEMA_LINK),  # an empty string in an array (recorded); alone it is embedded (below)
    ({"input": []}, SCHEMA_LINK),
    ({"input": [[]]}, SCHEMA_LINK),
    ({"input": True}, SCHEMA_LINK),
    ({"input": None}, SCHEMA_LINK),
    ({"input": 123}, SCHEMA_LINK),
    ({"input": {"text": "hello"}}, SCHEMA_LINK),
    ({"input": [123, "foo"]}, SCHEMA_LINK),
    ({"input": [1.5]}, SCHEMA_LINK),
    ({"input": [True]}, SCHEMA_LINK),
    ({"input": [[1], "foo"]}, SCHEMA_LINK),
    ({"input": ["x"] * 2049}, SCHEMA_LINK),
    ({"input": [1] * 2049}, SCHEMA_LINK),
    # The other fields, worded as the jsonschema package words them.
    ({"dimensions": "123"}, "'123' is not of type 'integer' - 'dimensions'"),
    ({"dimensions": 1.5}, "1.5 is not of type 'integer' - 'dimensions'"),
    ({"dimensions": True}, "True is not of type 'integer' - 'dimensions'"),
    ({"dimensions": None}, "None is not of type 'integer' - 'dimensions'"),
    ({"dimensions": {"a": 1}}, "{'a': 1} is not of type 'integer' - 'dimensions'"),
    ({"dimensions": 0}, "0 is less than the minimum of 1 - 'dimensions'"),
    ({"dimensions": -1}, "-1 is less than the minimum of 1 - 'dimensions'"),
    # A whole float is an integer to jsonschema, and is printed as sent.
    ({"dimensions": 0.0}, "0.0 is less than the minimum of 1 - 'dimensions'"),
    ({"dimensions": -1.0}, "-1.0 is less than the minimum of 1 - 'dimensions'"),
    ({"user": 123}, "123 is not of type 'string' - 'user'"),
    ({"user": ["a"]}, "['a'] is not of type 'string' - 'user'"),
    ({"model": 123}, "123 is not of type 'string' - 'model'"),
    # encoding_format: the value as Python prints it.
    ({"encoding_format": "unknown"}, "Invalid value for 'encoding_format' = unknown. Supported values: "
     "['float', 'base64']."),
    ({"encoding_format": ""}, "Invalid value for 'encoding_format' = . Supported values: ['float', 'base64']."),
    ({"encoding_format": 123}, "Invalid value for 'encoding_format' = 123. Supported values: ['float', 'base64']."),
    ({"encoding_format": "{x}"}, "Invalid value for 'encoding_format' = {x}. Supported values: ['float', 'base64']."),
    ({"encoding_format": "FLOAT"}, "Invalid value for 'encoding_format' = FLOAT. Supported values: "
     "['float', 'base64']."),
    # Checks that need the model.
    ({"model": "text-embedding-ada-002", "dimensions": 1536}, NO_DIMENSIONS),
    ({"model": "text-embedding-ada-002", "dimensions": 4096, "encoding_format": "base64"}, NO_DIMENSIONS),
    ({"dimensions": 1537}, NO_DIMENSIONS),
    ({"input": [-123]}, "Invalid token in prompt: -123. Minimum value is 0, maximum value is 100257 (inclusive)."),
    ({"input": [[1, 2], [3, 100258]]}, "Invalid token in prompt: 100258. Minimum value is 0, maximum value is "
     "100257 (inclusive)."),
    ({"input": "hello " * 8193}, "Invalid 'input': maximum context length is 8192 tokens."),
]


@pytest.mark.parametrize(("fields", "message"), INVALID)
def test_invalid_requests_get_the_real_message(client, fields, message):
    body = {"input": "hello", **fields}
    response = embed(client, **body)
    assert response.headers["content-type"] == "application/json"
    assert error_of(response) == (400, message, "invalid_request_error", None, None)


@pytest.mark.parametrize(("fields", "message"), (
    # The first failing check wins: input, then the schema's fields in order, then the model's checks.
    ({"input": [""], "dimensions": "1", "encoding_format": "x"}, SCHEMA_LINK),
    ({"dimensions": "1", "user": 1, "encoding_format": "x"}, "'1' is not of type 'integer' - 'dimensions'"),
    ({"user": 1, "encoding_format": "x"}, "1 is not of type 'string' - 'user'"),
    ({"model": "text-embedding-ada-002", "dimensions": 5, "encoding_format": "x"},
     "Invalid value for 'encoding_format' = x. Supported values: ['float', 'base64']."),
    ({"model": "text-embedding-ada-002", "dimensions": 5, "input": [-1]}, NO_DIMENSIONS),
    # An unknown argument after the schema's checks, before the model's (a guess, as chat places its own).
    ({"bogus": 1, "dimensions": "1"}, "'1' is not of type 'integer' - 'dimensions'"),
    ({"bogus": 1, "encoding_format": "x", "model": "text-embedding-ada-002", "dimensions": 5},
     "Unrecognized request argument supplied: bogus"),
))
def test_first_failing_check_is_reported(client, fields, message):
    body = {"input": "hello", **fields}
    assert error_of(embed(client, **body))[1] == message


def test_a_null_encoding_format_is_the_default_float(client):
    # LiteLLM sends it so to api.openai.com (1.80.11 on), which takes it (BerriAI/litellm#19174).
    response = embed(client, input="hello", encoding_format=None)
    assert response.status_code == 200
    assert response.get_json()["data"][0]["embedding"] == embed(client, input="hello").get_json()["data"][0][
        "embedding"]


@pytest.mark.parametrize(("fields", "message"), (
    ({"bogus": 1}, "Unrecognized request argument supplied: bogus"),
    ({"bogus": None}, "Unrecognized request argument supplied: bogus"),
    # Several at once, in alphabetical order, as chat's older stack lists them.
    ({"input_type": "query", "truncate": "END", "a{b}": {}}, "Unrecognized request arguments supplied: a{b}, "
     "input_type, truncate"),
))
def test_unknown_arguments_are_refused_together(client, fields, message):
    response = embed(client, input="hello", **fields)
    assert error_of(response) == (400, message, "invalid_request_error", None, None)
    assert response.headers["openai-model"] == "text-embedding-3-small"  # refused by the model's layer


def test_missing_input_is_a_required_property(client):
    response = client.post("/v1/embeddings", json={"model": "text-embedding-3-small", "dimensions": "1"})
    assert error_of(response) == (400, "'input' is a required property", "invalid_request_error", None, None)


def test_input_over_the_context_names_the_element(client):
    response = embed(client, input=["fine", "hello " * 8193])
    assert error_of(response) == (400, "Invalid 'input[1]': maximum input length is 8192 tokens.",
                                  "invalid_request_error", "input[1]", "invalid_value")


def test_token_ids_count_toward_the_context(client):
    assert embed(client, input=[[7] * 8192]).status_code == 200
    assert error_of(embed(client, input=[[7] * 8193]))[3] == "input[0]"


def test_request_over_the_total_token_limit(client):
    response = embed(client, input=[[7] * 8000] * 38)
    assert error_of(response) == (400, "Requested 304000 tokens, max 300000 tokens per request",
                                  "max_tokens_per_request", None, "max_tokens_per_request")


@pytest.mark.parametrize(("body", "status", "message", "code"), (
    ({"input": "hello"}, 400, "you must provide a model parameter", None),
    ({"model": "", "input": "hello"}, 400, "you must provide a model parameter", None),
    ({"model": "foo"}, 404, "The model `foo` does not exist or you do not have access to it.", "model_not_found"),
    ({"model": "gpt-4o", "input": "hello"}, 403, "You are not allowed to generate embeddings from this model",
     None),
))
def test_model_errors_come_first(client, body, status, message, code):
    response = client.post("/v1/embeddings", json=body)
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert error_of(response) == (status, message, "invalid_request_error", None, code)


def test_invalid_json_gets_the_envelope(client):
    response = client.post("/v1/embeddings", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("We could not parse the JSON body")


@pytest.mark.parametrize(("fields", "taken"), [
    # The limiter's estimate, as recorded: a quarter of the texts' characters rounded up, an id a token, refused
    # requests too ("hello" uses 1 token and takes 2).
    ({"input": "hello"}, 2), ({"input": ["foo", "bar"]}, 2), ({"input": [[123, 456], [789, 12]]}, 4),
    ({"input": "hello", "dimensions": 0}, 2), ({"input": ["foo", "bar", "baz"]}, 3),
])
def test_ratelimit_headers_take_off_the_limiters_estimate(client, fields, taken):
    response = embed(client, **fields)
    assert response.headers["x-ratelimit-remaining-tokens"] == str(30000000 - taken)


JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False)
                    | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=8)
TOKEN_IDS = st.lists(st.integers(-5, 100300), max_size=4)
BODIES = st.fixed_dictionaries({}, optional={
    "model": st.sampled_from(["text-embedding-3-small", "text-embedding-ada-002", "gpt-4o", "", "x"]) | JSON,
    "input": JSON | st.lists(st.text(max_size=4), max_size=4) | TOKEN_IDS | st.lists(TOKEN_IDS, max_size=3),
    "dimensions": st.integers(-3, 4000) | JSON,
    "encoding_format": st.sampled_from(["float", "base64"]) | JSON,
    "user": JSON,
})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES)
def test_any_body_gets_an_answer_or_the_envelope(client, body):
    response = client.post("/v1/embeddings", json=body)
    assert response.status_code in (200, 400, 403, 404)
    if response.status_code != 200:
        assert set(response.get_json()["error"]) == {"message", "type", "param", "code"}


def test_sampling_from_an_embedding_model_is_forbidden(client):
    # Chat with text-embedding-3-small (recorded, October 2025): the front layer's 403, no param.
    response = client.post("/v1/chat/completions", json={"model": "text-embedding-3-small", "max_tokens": 50,
                                                         "messages": [{"role": "user", "content": "Hello world!"}]})
    assert (response.status_code, response.content_type) == (403, "application/json; charset=utf-8")
    assert response.get_json()["error"] == {"message": "You are not allowed to sample from this model",
                                            "type": "invalid_request_error", "param": None, "code": None}
    assert response.headers["vary"] == "Origin"  # the front layer's (req_llm's fixtures, October 2025)


# The conformance recorder's embeddings grid, read from its public factor and suite files: every negative value on
# each model with input "hello", the sanity values on each model, the ten inputs and the pairs of valid values on
# ada-002, and the two bad models. Each case's answer follows the rule the recorded sample shows for its kind.
ADA, SMALL, LARGE = "text-embedding-ada-002", "text-embedding-3-small", "text-embedding-3-large"
GRID_NEGATIVES = (
    ({"dimensions": 0}, "0 is less than the minimum of 1 - 'dimensions'"),
    ({"dimensions": -1}, "-1 is less than the minimum of 1 - 'dimensions'"),
    ({"dimensions": "123"}, "'123' is not of type 'integer' - 'dimensions'"),
    ({"encoding_format": ""}, "Invalid value for 'encoding_format' = . Supported values: ['float', 'base64']."),
    ({"encoding_format": 123}, "Invalid value for 'encoding_format' = 123. Supported values: ['float', 'base64']."),
    ({"encoding_format": "unknown"}, "Invalid value for 'encoding_format' = unknown. Supported values: "
     "['float', 'base64']."),
    ({"user": 123}, "123 is not of type 'string' - 'user'"),
)
GRID_INPUTS = (  # input on ada-002: the answer's count and prompt tokens, or the refusal ("" as recorded alone, 2025)
    (True, SCHEMA_LINK), ("", (1, 1)), ([], SCHEMA_LINK), ([""], SCHEMA_LINK), ([123, "foo"], SCHEMA_LINK),
    ([-123], "Invalid token in prompt: -123. Minimum value is 0, maximum value is 100257 (inclusive)."),
    ("hello", (1, 1)), (["foo", "bar"], (2, 2)), ([123, 456], (1, 2)), ([[123, 456], [789, 12]], (2, 4)),
)
PAIRS = {"dimensions": (1536, 4096), "encoding_format": ("float", "base64"), "user": ("somebody", "")}


def grid():
    for model in (ADA, SMALL, LARGE):
        for fields, message in GRID_NEGATIVES:
            yield {"model": model, "input": "hello", **fields}, message
        for fields in ({"dimensions": 1536}, {"encoding_format": "float"}, {"user": "somebody"}):
            refused = model == ADA and "dimensions" in fields
            yield {"model": model, "input": "hello", **fields}, NO_DIMENSIONS if refused else (1, 1)
    for value, answer in GRID_INPUTS:
        yield {"model": ADA, "input": value}, answer
    for first, second in (("dimensions", "encoding_format"), ("dimensions", "user"), ("encoding_format", "user")):
        for a in PAIRS[first]:
            for b in PAIRS[second]:
                body = {"model": ADA, "input": "hello", first: a, second: b}
                yield body, NO_DIMENSIONS if "dimensions" in body else (1, 1)


def test_the_recorders_grid_is_answered_as_its_sample_shows(client):
    cases = list(grid())
    assert len(cases) == 52  # and the two bad models, in test_model_errors_come_first
    for body, answer in cases:
        response = client.post("/v1/embeddings", json=body)
        if isinstance(answer, str):
            assert error_of(response) == (400, answer, "invalid_request_error", None, None), body
            continue
        assert response.status_code == 200, body
        got = response.get_json()
        count, tokens = answer
        size = body.get("dimensions") or (3072 if body["model"] == LARGE else 1536)
        assert got["model"] == ("text-embedding-ada-002-v2" if body["model"] == ADA else body["model"])
        assert len(got["data"]) == count and got["usage"] == {"prompt_tokens": tokens, "total_tokens": tokens}
        assert [len(vector) for vector in vectors(response)] == [size] * count, body
        assert isinstance(got["data"][0]["embedding"], str) == (body.get("encoding_format") == "base64")


def test_a_lone_empty_string_is_embedded_as_one_token(client):
    # A tracing library's cassette (text-embedding-ada-002, August 2025): input "" answered 200, one vector,
    # prompt_tokens 1, and only the requests' rate-limit headers (the limiter has no characters to count); clients
    # reported the same of "" alone and the refusal of [""] in 2023 and 2024.
    response = embed(client, model="text-embedding-ada-002", input="", encoding_format="base64")
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["data"]) == 1 and len(vectors(response)[0]) == 1536
    assert body["model"] == "text-embedding-ada-002-v2"
    assert body["usage"] == {"prompt_tokens": 1, "total_tokens": 1}
    assert response.headers["x-ratelimit-remaining-requests"] == "9999"
    assert "x-ratelimit-limit-tokens" not in response.headers
    assert "x-ratelimit-remaining-tokens" not in response.headers
    assert embed(client, input=["", "a"]).status_code == 400
