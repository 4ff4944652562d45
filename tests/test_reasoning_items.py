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

