"""POST /v1/moderations: the real API's shape, JSON layout, numbers, headers and errors."""
import json
import re

import pytest
from hypothesis import given, strategies as st

from fauxpen.jsontext import ryu_number

# The categories in the order the real API writes them (recorded answers of omni-moderation-latest, 2026).
CATEGORIES = ["harassment", "harassment/threatening", "sexual", "hate", "hate/threatening", "illicit",
              "illicit/violent", "self-harm/intent", "self-harm/instructions", "self-harm", "sexual/minors",
              "violence", "violence/graphic"]
IMAGE_CATEGORIES = {"sexual", "self-harm/intent", "self-harm/instructions", "self-harm", "violence",
                    "violence/graphic"}
TEXT = {"type": "text", "text": "What is in this picture?"}
IMAGE = {"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/cat.png"}}


def moderate(client, **body):
    return client.post("/v1/moderations", json=body)


def error(response):
    return response.get_json()["error"]


def test_a_string_gets_one_result_in_the_real_key_order(client):
    response = moderate(client, input="hello", model="omni-moderation-latest")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.get_json()
    assert list(body) == ["id", "model", "results"]
    assert re.fullmatch(r"modr-[1-9]\d{2,3}", body["id"])
    assert body["model"] == "omni-moderation-latest"
    [result] = body["results"]
    assert list(result) == ["flagged", "categories", "category_scores", "category_applied_input_types"]
    assert result["flagged"] is False
    for key in ("categories", "category_scores", "category_applied_input_types"):
        assert list(result[key]) == CATEGORIES
    assert not any(result["categories"].values())
    assert all(1e-7 < score < 1e-2 for score in result["category_scores"].values())
    assert all(types == ["text"] for types in result["category_applied_input_types"].values())


def test_model_defaults_to_omni_and_a_snapshot_is_echoed(client):
    assert moderate(client, input="hi").get_json()["model"] == "omni-moderation-latest"
    snapshot = moderate(client, input="hi", model="omni-moderation-2024-09-26")
    assert snapshot.get_json()["model"] == "omni-moderation-2024-09-26"


def test_json_is_indented_by_two_without_a_final_newline(client):
    text = moderate(client, input="hello").get_data(as_text=True)
    assert text.startswith('{\n  "id": "modr-') and text.endswith("\n  ]\n}")
    assert '"harassment": [\n          "text"\n        ],' in text  # arrays one element a line, as recorded


def test_scores_are_written_as_the_real_api_writes_them(client):
    text = moderate(client, input="hello").get_data(as_text=True)
    scores = re.findall(r'"([a-z/-]+)": (-?[0-9][0-9.e-]*),?\n', text)
    assert [name for name, _ in scores] == CATEGORIES
    for _, number in scores:
        assert number == ryu_number(float(number))
        assert "e-0" not in number and not number.startswith("0.00000")  # below 0.00001: an exponent


@pytest.mark.parametrize("value, text", [
    # Recorded scores of the real API (omni-moderation-latest, 2026).
    (0.7922938252487683, "0.7922938252487683"),
    (0.00007916296072837432, "0.00007916296072837432"),
    (0.000010071400221737608, "0.000010071400221737608"),
    (6.605214485464791e-6, "6.605214485464791e-6"),
    (6.962256250138369e-7, "6.962256250138369e-7"),
    (2.212566909570261e-8, "2.212566909570261e-8"),
    (0.0, "0.0"), (1.0, "1.0"), (1e-7, "1e-7"), (1e-5, "0.00001"), (-0.25, "-0.25"),
])
def test_ryu_number(value, text):
    assert ryu_number(value) == text


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_ryu_number_reads_back_as_the_same_double(value):
    assert float(ryu_number(value)) == value


def test_same_input_same_scores_other_input_other_scores(client):
    first = moderate(client, input="hello").get_json()["results"][0]["category_scores"]
    again = moderate(client, input="hello").get_json()["results"][0]["category_scores"]
    other = moderate(client, input="goodbye").get_json()["results"][0]["category_scores"]
    assert first == again and first != other


def test_an_array_of_strings_gets_a_result_each(client):
    body = moderate(client, input=["one", "two", "three"]).get_json()
    assert len(body["results"]) == 3
    single = moderate(client, input="two").get_json()["results"][0]
    assert body["results"][1] == single


def test_parts_are_moderated_together(client):
    [result] = moderate(client, input=[TEXT, IMAGE]).get_json()["results"]
    for name, types in result["category_applied_input_types"].items():
        assert types == (["text", "image"] if name in IMAGE_CATEGORIES else ["text"])


def test_an_image_alone_scores_zero_where_images_are_not_scored(client):
    response = moderate(client, input=[IMAGE])
    [result] = response.get_json()["results"]
    for name in CATEGORIES:
        if name in IMAGE_CATEGORIES:
            assert result["category_applied_input_types"][name] == ["image"]
            assert result["category_scores"][name] > 0
        else:
            assert result["category_applied_input_types"][name] == []
            assert f'"{name}": 0.0' in response.get_data(as_text=True)


def test_no_ratelimit_or_model_headers_but_the_others(client):
    for response in (moderate(client, input="hi"), moderate(client)):
        assert response.headers["x-request-id"].startswith("req_")
        assert response.headers["openai-version"] == "2020-10-01"
        assert "openai-processing-ms" in response.headers
        assert not [name for name in response.headers.keys() if name.lower().startswith("x-ratelimit")]
        assert "openai-model" not in response.headers
    # The other endpoints keep theirs.
    assert "x-ratelimit-limit-requests" in client.post("/v1/embeddings", json={
        "model": "text-embedding-3-small", "input": "hi"}).headers


def test_more_than_one_image_is_refused_as_recorded(client):
    response = moderate(client, input=[IMAGE, TEXT, IMAGE])
    assert response.status_code == 400
    assert error(response) == {"message": "Number of images (2) exceeds maximum of 1",
                               "type": "invalid_request_error", "param": "input", "code": "too_many_images"}


@pytest.mark.parametrize("model", ["text-moderation-latest", "text-moderation-stable", "text-moderation-007",
                                   "gpt-4o", "text-embedding-3-small"])
def test_retired_and_other_models_are_refused_as_recorded(client, model):
    # Recorded for text-moderation-latest on 2026-08-31 (cykod/ALLM), quoted for text-moderation-007; the real API
    # answers a model that is not a moderation model with a 500, which fauxpen does not copy.
    response = moderate(client, input="hi", model=model)
    assert response.status_code == 400
    assert error(response) == {"message": f"Invalid value for 'model' = {model}. Please check the OpenAI "
                                          "documentation and try again.", "type": "invalid_request_error",
                               "param": "model", "code": None}


def test_unknown_model_is_a_404(client):
    response = moderate(client, input="hi", model="foo")
    assert response.status_code == 404
    assert error(response)["code"] == "model_not_found"


@pytest.mark.parametrize("body, message", [
    ({}, "'input' is a required property"),
    ({"input": None}, "None is not valid under any of the given schemas - 'input'"),
    ({"input": 123}, "123 is not valid under any of the given schemas - 'input'"),
    ({"input": []}, "[] is not valid under any of the given schemas - 'input'"),
    ({"input": ["a", 1]}, "['a', 1] is not valid under any of the given schemas - 'input'"),
    ({"input": [{"type": "audio"}]}, "[{'type': 'audio'}] is not valid under any of the given schemas - 'input'"),
    ({"input": "hi", "model": 5}, "5 is not of type 'string' - 'model'"),
])
def test_schema_errors_are_worded_as_jsonschema_words_them(client, body, message):
    response = moderate(client, **body)
    assert response.status_code == 400
    assert error(response) == {"message": message, "type": "invalid_request_error", "param": None, "code": None}


def test_models_list_has_the_moderation_models(client):
    ids = {entry["id"] for entry in client.get("/v1/models").get_json()["data"]}
    assert {"omni-moderation-latest", "omni-moderation-2024-09-26"} <= ids


def test_sdk_reads_the_answer(sdk):
    response = sdk.moderations.create(input="hello")
    [result] = response.results
    assert response.model == "omni-moderation-latest" and result.flagged is False
    assert result.categories.self_harm_intent is False
    assert result.category_scores.violence > 0
    assert result.category_applied_input_types.violence == ["text"]
    many = sdk.moderations.create(model="omni-moderation-latest", input=[
        {"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}])
    assert many.results[0].category_applied_input_types.violence == ["text", "image"]


def test_sdk_raises_on_two_images(sdk):
    openai = pytest.importorskip("openai")
    with pytest.raises(openai.BadRequestError) as info:
        sdk.moderations.create(input=[IMAGE, IMAGE])
    assert info.value.code == "too_many_images"
    assert json.loads(info.value.response.text)["error"]["param"] == "input"


json_like = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                         lambda children: st.lists(children, max_size=3)
                         | st.dictionaries(st.text(max_size=5), children, max_size=3), max_leaves=12)


@given(json_like)
def test_rust_json_lays_out_as_json_dumps_indented(value):
    from fauxpen.jsontext import rust_json, utf8
    assert rust_json(value) == utf8(json.dumps(value, indent=2, ensure_ascii=False))


def test_inputs_are_capped(client):
    assert moderate(client, input=["x"] * 2049).status_code == 400
    assert len(moderate(client, input=["x"] * 3).get_json()["results"]) == 3
