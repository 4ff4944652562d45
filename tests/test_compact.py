"""POST /v1/responses/compact: the recorded shape (2026: five keys, the messages kept, one compaction item
last, not stored), its parameters (the SDK's), and the compaction item sent back."""
import json
import re

import pytest

CHAT = [{"role": "user", "content": "Hello!"}, {"role": "assistant", "content": "Hi! How can I help?"},
        {"role": "user", "content": "How are you?"}]


def compact(client, **fields):
    response = client.post("/v1/responses/compact", json={"model": "gpt-4o-mini", **fields})
    return response.status_code, response.get_json()


def test_the_messages_are_kept_and_the_rest_compacted(client):
    status, body = compact(client, input=CHAT, instructions="You are a helpful assistant.")
    assert status == 200 and list(body) == ["id", "object", "created_at", "output", "usage"]
    assert re.fullmatch(r"resp_[0-9a-f]{50}", body["id"]) and body["object"] == "response.compaction"
    *kept, compaction = body["output"]
    assert [item["content"] for item in kept] == [
        [{"type": "input_text", "text": "Hello!"}],
        [{"type": "output_text", "annotations": [], "logprobs": [], "text": "Hi! How can I help?"}],
        [{"type": "input_text", "text": "How are you?"}]]
    assert [item["role"] for item in kept] == ["user", "assistant", "user"]
    assert all(list(item)[:4] == ["id", "type", "status", "content"] and item["id"].startswith("msg_")
               and item["status"] == "completed" for item in kept)
    assert list(compaction) == ["id", "type", "encrypted_content"] and compaction["id"].startswith("cmp_")
    assert compaction["encrypted_content"].startswith("gAAAAA")
    usage = body["usage"]
    assert list(usage) == ["input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details",
                           "total_tokens"]
    assert usage["input_tokens"] == client.post("/v1/responses/input_tokens", json={
        "model": "gpt-4o-mini", "input": CHAT, "instructions": "You are a helpful assistant."}).get_json()[
        "input_tokens"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert client.get(f"/v1/responses/{body['id']}").status_code == 404  # not stored


def test_a_stored_conversation_is_compacted_by_its_id(client):
    first = client.post("/v1/responses", json={"model": "gpt-4o", "input": "What is 2 + 2?"}).get_json()
    status, body = compact(client, model="gpt-4o", input=[], previous_response_id=first["id"])
    assert status == 200
    listed = client.get(f"/v1/responses/{first['id']}/input_items").get_json()["data"]
    # the stored items, as they were: its input and its answer
    assert [item["id"] for item in body["output"][:-1]] == [listed[0]["id"], first["output"][0]["id"]]
    later = client.post("/v1/responses", json={"model": "gpt-4o", "input": [
        body["output"][-1], {"role": "user", "content": "and 5 + 5?"}]})
    assert later.status_code == 200, later.get_json()


def test_a_previous_response_is_compacted_without_input(client):
    # req_llm's fixture of gpt-5.4 (September 2026): {"model", "previous_response_id"} alone answered 200 with the
    # stored user message kept and the compaction item last.
    first = client.post("/v1/responses", json={"model": "gpt-4o", "input": "What is 2 + 2?"}).get_json()
    status, body = compact(client, model="gpt-4o", previous_response_id=first["id"])
    assert status == 200 and body["object"] == "response.compaction" and body["output"][-1]["type"] == "compaction"
    assert body["output"][0]["content"] == [{"type": "input_text", "text": "What is 2 + 2?"}]

def test_a_compaction_item_fauxpen_did_not_sign_is_refused(client):
    forged = {"type": "compaction", "id": "cmp_123", "encrypted_content": "gAAAAABnotours"}
    response = client.post("/v1/responses", json={"model": "gpt-4o", "input": [forged, {"role": "user",
                                                                                         "content": "hi"}]})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_encrypted_content"


@pytest.mark.parametrize("fields, message, param", [
    ({"input": "x", "stream": True}, "Unknown parameter: 'stream'.", "stream"),
    ({"input": "x", "tools": []}, "Unknown parameter: 'tools'.", "tools"),
    ({"input": "x", "image": "low"}, "Invalid type for 'image': expected an object, but got a string instead.",
     "image"),
    ({"input": []}, """One of "input" or "previous_response_id" or 'prompt' or 'conversation' must be provided.""",
     None),
])
def test_what_compaction_refuses(client, fields, message, param):
    status, body = compact(client, **fields)
    assert status == 400 and (body["error"]["message"], body["error"]["param"]) == (message, param)


def test_compaction_needs_a_model(client):
    missing = client.post("/v1/responses/compact", json={"input": "x"}).get_json()["error"]
    assert missing["message"] == "Missing required parameter: 'model'."


@pytest.mark.parametrize("item, message", [
    ({"type": "compaction"}, "Missing required parameter: 'input[0].encrypted_content'."),
    ({"type": "compaction", "encrypted_content": 5},
     "Invalid type for 'input[0].encrypted_content': expected a string, but got an integer instead."),
])
def test_a_malformed_compaction_item_is_refused(client, item, message):
    response = client.post("/v1/responses", json={"model": "gpt-4o", "input": [item]})
    assert response.status_code == 400 and response.get_json()["error"]["message"] == message


def test_compaction_stays_within_max_output_tokens_and_needs_a_threshold_above_zero(client):
    capped = respond(client, max_output_tokens=50,
                     context_management=[{"type": "compaction", "compact_threshold": 1}]).get_json()
    assert [item["type"] for item in capped["output"]] == ["message"] and capped["usage"]["output_tokens"] <= 50
    refused = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi", "context_management": [
        {"type": "compaction", "compact_threshold": 0}]}).get_json()["error"]
    assert refused["param"] == "context_management[0].compact_threshold"


def test_the_sdk_compacts(sdk):
    compacted = sdk.responses.compact(model="gpt-4o-mini", input=CHAT)
    assert compacted.object == "response.compaction" and compacted.output[-1].type == "compaction"
    assert compacted.usage.total_tokens > 0


def respond(client, **fields):
    response = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi", **fields})
    assert response.status_code == 200, response.get_json()
    return response


def test_a_context_past_its_threshold_is_compacted_after_the_answer(client):
    plain = respond(client).get_json()
    below = respond(client, context_management=[{"type": "compaction", "compact_threshold": 100000}]).get_json()
    assert [item["type"] for item in below["output"]] == ["message"] and "context_management" not in below
    past = respond(client, context_management=[{"type": "compaction", "compact_threshold": 10}]).get_json()
    message, compaction = past["output"]
    assert message["type"] == "message" and list(compaction) == ["id", "type", "encrypted_content"]
    assert compaction["id"].startswith("cmp_") and compaction["type"] == "compaction"
    assert past["usage"]["output_tokens"] > plain["usage"]["output_tokens"]
    later = client.post("/v1/responses", json={"model": "gpt-4o", "input": [compaction, {"role": "user",
                                                                                      "content": "more"}]})
    assert later.status_code == 200, later.get_json()


def test_a_streamed_compaction_is_added_then_done_with_its_final_blob(client):
    text = respond(client, stream=True, context_management=[{"type": "compaction", "compact_threshold": 1}]
                   ).get_data(as_text=True)
    events = [json.loads(block.split("\n")[1][len("data: "):]) for block in text.strip().split("\n\n")]
    added, done = [e for e in events if e.get("item", {}).get("type") == "compaction"]
    assert (added["type"], done["type"]) == ("response.output_item.added", "response.output_item.done")
    assert added["item"]["encrypted_content"] != done["item"]["encrypted_content"]
    assert events[-1]["response"]["output"][-1] == done["item"]


def test_the_image_options_of_late_2026_are_taken(client):
    assert respond(client, image={"context_compression": "auto"}).status_code == 200
    refused = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi",
                                                 "image": {"context_compression": "x"}}).get_json()["error"]
    assert refused["param"] == "image.context_compression"


def test_a_safety_identifier_is_taken_and_the_answer_keeps_its_five_keys(client):
    # The SDK's ResponseCompactParams since late 2026 (openai 3.63); CompactedResponse may name it, unrecorded.
    status, body = compact(client, input=CHAT, safety_identifier="user-1234")
    assert status == 200 and list(body) == ["id", "object", "created_at", "output", "usage"]
    status, body = compact(client, input=CHAT, safety_identifier=7)
    assert status == 400 and body["error"]["param"] == "safety_identifier"


def test_the_assistants_answer_is_kept_with_its_phase(client):
    # req_llm's fixtures of gpt-5.4 (September 2026, compaction_manual_2 and compaction_previous_response_2): the
    # assistant's message kept beside the user's, its phase too, whether sent as input or by previous_response_id
    # (openai-agents-js described only the user's messages kept, December 2025).
    sent = [{"content": [{"text": "Create a simple landing page for a dog cafe.", "type": "input_text"}],
             "role": "user"},
            {"content": [{"text": "<html></html>", "type": "output_text"}], "phase": "final_answer",
             "role": "assistant"}]
    status, body = compact(client, model="gpt-5.4", input=sent)
    assert status == 200 and [item["type"] for item in body["output"]] == ["message", "message", "compaction"]
    answer = body["output"][1]
    assert answer["role"] == "assistant" and answer["phase"] == "final_answer" and answer["id"].startswith("msg_")
    assert answer["content"] == [{"type": "output_text", "annotations": [], "logprobs": [], "text": "<html></html>"}]
    first = client.post("/v1/responses", json={"model": "gpt-5.4", "input": "What is the land area of France?"})
    first = first.get_json()
    status, body = compact(client, model="gpt-5.4", previous_response_id=first["id"])
    assert status == 200 and [item.get("role") for item in body["output"]] == ["user", "assistant", None]
    assert body["output"][1] == first["output"][-1] and body["output"][1]["phase"] == "final_answer"


def test_a_compaction_trigger_last_in_the_input_answers_one_compaction_item(client):
    # "Compacts the current context. Must be the final input item." (the SDK's CompactionTrigger, openai 3.63);
    # Codex's remote compaction v2 sends a normal request with {"type": "compaction_trigger"} last and requires
    # exactly one compaction item in the output (its client and relays quote "remote compaction v2 expected
    # exactly one compaction output item", 2026). fauxpen answered the canned message and no compaction.
    body = {"model": "gpt-5.4", "input": [*CHAT, {"type": "compaction_trigger"}]}
    answer = client.post("/v1/responses", json=body).get_json()
    assert answer["status"] == "completed"
    [compaction] = answer["output"]
    assert list(compaction) == ["id", "type", "encrypted_content"] and compaction["id"].startswith("cmp_")
    assert compaction["encrypted_content"].startswith("gAAAAA")
    assert answer["usage"]["output_tokens"] > 0
    later = client.post("/v1/responses", json={"model": "gpt-5.4", "input": [compaction, {"role": "user",
                                                                                           "content": "more"}]})
    assert later.status_code == 200 and later.get_json()["output"][-1]["type"] == "message"
    text = client.post("/v1/responses", json={**body, "stream": True}).get_data(as_text=True)
    events = [json.loads(line[len("data: "):]) for line in text.splitlines() if line.startswith("data: ")]
    done = [e["item"] for e in events if e["type"] == "response.output_item.done"]
    assert [item["type"] for item in done] == ["compaction"] and events[-1]["type"] == "response.completed"
    # Its summary sampled between the item's added and done: response.compaction.compacting, which the SDK types
    # (ResponseCompactionCompactingEvent, openai 3.63: item_id, output_index, sequence_number, type).
    assert [e["type"] for e in events][2:5] == ["response.output_item.added", "response.compaction.compacting",
                                                "response.output_item.done"]
    assert events[3] == {"type": "response.compaction.compacting", "item_id": done[0]["id"], "output_index": 0,
                         "sequence_number": 3}
    # A trigger anywhere but last is not one (what the API answers then is not known).
    early = client.post("/v1/responses", json={**body, "input": [{"type": "compaction_trigger"}, *CHAT]}).get_json()
    assert early["output"][-1]["type"] == "message"
