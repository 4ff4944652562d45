"""Reasoning items sent back to POST /v1/responses, and the items tied to them: their shape, duplicate ids, ids
looked up in the store, the pairing of a reasoning item with the item that followed it, and its encrypted content
(wordings from live captures, see README: Where fauxpen still differs)."""
import base64

import pytest

from fauxpen.responses import BLOB_KEY, blob_verifies, encrypted_content

USER = {"role": "user", "content": "What is the capital of France?"}
LATER = {"role": "user", "content": "And of Spain?"}


def refusal(client, items, **fields):
    response = client.post("/v1/responses", json={"model": "o3-mini", "input": items, **fields})
    error = response.get_json()["error"]
    assert list(error) == ["message", "type", "param", "code"] and error["type"] == "invalid_request_error"
    return response.status_code, error["message"], error["param"], error["code"]


def answer(client, **fields):
    response = client.post("/v1/responses", json={"model": "o3-mini", "input": [USER], **fields})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_fauxpens_blobs_are_fernet_tokens_it_can_verify():
    blob = encrypted_content(1767225600)
    token = base64.urlsafe_b64decode(blob)
    # Version 0x80, the time, a 16-byte IV, whole 16-byte cipher blocks, a 32-byte HMAC-SHA256.
    assert token[0] == 0x80 and int.from_bytes(token[1:9], "big") == 1767225600
    assert (len(token) - 1 - 8 - 16 - 32) % 16 == 0 and len(BLOB_KEY) == 32
    assert blob_verifies(blob)
    flipped = blob[:40] + ("A" if blob[40] != "A" else "B") + blob[41:]
    for bad in (flipped, blob[:-4], blob + "=", "Working it out.", "", "gAAAAA", None):
        assert not blob_verifies(bad)


# Shapes: a missing summary and the ids' wordings are recorded; the others are guessed in the usual wordings.
@pytest.mark.parametrize("item, message, param, code", [
    ({"type": "reasoning"}, "Missing required parameter: 'input[1].summary'.", "input[1].summary",
     "missing_required_parameter"),
    ({"type": "reasoning", "encrypted_content": encrypted_content(0)}, "Missing required parameter: "
     "'input[1].summary'.", "input[1].summary", "missing_required_parameter"),
    ({"type": "reasoning", "summary": "thought"}, "Invalid type for 'input[1].summary': expected an array, but got a "
     "string instead.", "input[1].summary", "invalid_type"),
    ({"type": "reasoning", "summary": [{"type": "text", "text": "x"}]}, "Invalid value: 'text'. Supported values "
     "are: 'summary_text'.", "input[1].summary[0].type", "invalid_value"),
    ({"type": "reasoning", "summary": [{"type": "summary_text"}]}, "Missing required parameter: "
     "'input[1].summary[0].text'.", "input[1].summary[0].text", "missing_required_parameter"),
    ({"type": "reasoning", "summary": ["x"]}, "Invalid type for 'input[1].summary[0]': expected an object, but got a "
     "string instead.", "input[1].summary[0]", "invalid_type"),
    ({"type": "reasoning", "summary": [], "id": ""}, "Invalid 'input[1].id': ''. Expected an ID that contains "
     "letters, numbers, underscores, or dashes, but this value contained additional characters.", "input[1].id",
     "invalid_value"),
    ({"type": "reasoning", "summary": [], "id": "item_df7e40c3f04fc8ade5c3800e"}, "Invalid 'input[1].id': "
     "'item_df7e40c3f04fc8ade5c3800e'. Expected an ID that begins with 'rs'.", "input[1].id", "invalid_value"),
    ({"type": "reasoning", "summary": [], "id": "__fake_id__"}, "Invalid 'input[1].id': '__fake_id__'. Expected an "
     "ID that begins with 'rs'.", "input[1].id", "invalid_value"),
    ({"type": "reasoning", "summary": [], "encrypted_content": 7}, "Invalid type for 'input[1].encrypted_content': "
     "expected a string, but got an integer instead.", "input[1].encrypted_content", "invalid_type"),
    ({"role": "assistant", "content": "Paris.", "id": "item_1"}, "Invalid 'input[1].id': 'item_1'. Expected an ID "
     "that begins with 'msg'.", "input[1].id", "invalid_value"),
    ({"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}", "id": "call_1"},
     "Invalid 'input[1].id': 'call_1'. Expected an ID that begins with 'fc'.", "input[1].id", "invalid_value"),
])
def test_a_reasoning_item_is_checked_as_the_api_checks_it(client, item, message, param, code):
    assert refusal(client, [USER, item]) == (400, message, param, code)


def test_a_reasoning_item_takes_an_empty_summary_content_status_and_a_null_blob_without_an_id(client):
    full = {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Looked it up."}],
            "content": [{"type": "reasoning_text", "text": "Paris."}], "status": "completed",
            "encrypted_content": encrypted_content(0)}
    for item in ({"type": "reasoning", "summary": []}, {"type": "reasoning", "summary": [], "encrypted_content": None},
                 full):
        answer(client, input=[USER, item, {"role": "assistant", "content": "Paris."}, LATER])

