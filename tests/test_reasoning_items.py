"""Reasoning items sent back to POST /v1/responses, and the items tied to them: their shape, duplicate ids, ids
looked up in the store, the pairing of a reasoning item with the item that followed it, and its encrypted content
(wordings from live captures, see README: Where fauxpen still differs)."""
import base64
import json

import pytest

from fauxpen.responses import BLOB_KEY, blob_reasoning_tokens, blob_verifies, encrypted_content

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
    # Reported of the API in 2026: reasoning text is not taken back, with or without a blob.
    ({"type": "reasoning", "summary": [], "content": [{"type": "reasoning_text", "text": "Paris."}]},
     "Invalid 'input[1].content': array too long. Expected an array with maximum length 0, but got an array with "
     "length 1 instead.", "input[1].content", "array_above_max_length"),
    ({"type": "reasoning", "summary": [], "encrypted_content": None, "content": [{"type": "x"}, {}]},
     "Invalid 'input[1].content': array too long. Expected an array with maximum length 0, but got an array with "
     "length 2 instead.", "input[1].content", "array_above_max_length"),
    ({"type": "reasoning", "content": [{"type": "reasoning_text", "text": "Paris."}]}, "Missing required parameter: "
     "'input[1].summary'.", "input[1].summary", "missing_required_parameter"),
    ({"role": "assistant", "content": "Paris.", "id": "item_1"}, "Invalid 'input[1].id': 'item_1'. Expected an ID "
     "that begins with 'msg'.", "input[1].id", "invalid_value"),
    ({"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}", "id": "call_1"},
     "Invalid 'input[1].id': 'call_1'. Expected an ID that begins with 'fc'.", "input[1].id", "invalid_value"),
])
def test_a_reasoning_item_is_checked_as_the_api_checks_it(client, item, message, param, code):
    assert refusal(client, [USER, item]) == (400, message, param, code)


def test_a_reasoning_item_takes_an_empty_summary_content_and_a_null_blob_without_an_id(client):
    full = {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Looked it up."}],
            "content": [], "encrypted_content": encrypted_content(0)}
    for item in ({"type": "reasoning", "summary": []}, {"type": "reasoning", "summary": [], "encrypted_content": None},
                 full):
        answer(client, input=[USER, item, {"role": "assistant", "content": "Paris."}, LATER])


@pytest.mark.parametrize("status", ["completed", None, "in_progress", [1]])
def test_a_reasoning_item_sent_back_with_a_status_is_refused(client, status):
    # Reported from August 2025 to August 2026 (gpt-5 to gpt-5.6-sol): the SDK types a status the API takes from no
    # client, null included, refused before the blob is verified.
    item = {"type": "reasoning", "summary": [], "encrypted_content": "not a blob", "status": status}
    assert refusal(client, [USER, item, LATER]) == (400, "Unknown parameter: 'input[1].status'.", "input[1].status",
                                                    "unknown_parameter")


def reasoning_of(body, blob=True):
    """A response's reasoning item as a client sends it back: with its blob, or by its id alone."""
    item = dict(body["output"][0])
    assert item["type"] == "reasoning"
    if not blob:
        del item["encrypted_content"]
    return item


def test_an_id_two_items_share_is_refused_before_any_lookup(client):
    # Recorded: 400, param input, no code, the id unquoted; before the store is asked about an unknown id.
    unknown = {"type": "reasoning", "id": "rs_0c7d", "summary": []}
    assert refusal(client, [USER, unknown, unknown]) == (
        400, "Duplicate item found with id rs_0c7d. Remove duplicate items from your input and try again.", "input",
        None)
    said = {"role": "assistant", "content": "Paris.", "id": "msg_3"}
    assert refusal(client, [USER, said, LATER, said])[1].startswith("Duplicate item found with id msg_3.")
    # The item's shape is checked first (the schema).
    assert refusal(client, [USER, unknown, unknown, {"type": "reasoning"}])[2] == "input[3].summary"


@pytest.mark.parametrize("stored", [True, False])
def test_an_item_sent_by_its_id_alone_must_be_stored(client, stored):
    # Recorded: 404, param input, no code; with store false, the request is told why.
    suffix = (" Items are not persisted when `store` is set to false. Try again with `store` set to true, or remove "
              "this item from your input.")
    for item in ({"type": "reasoning", "id": "rs_689595e2dab0", "summary": []},
                 {"type": "reasoning", "id": "rs_689595e2dab0", "summary": [], "encrypted_content": None},
                 {"type": "item_reference", "id": "rs_689595e2dab0"}):
        for stream in (False, True):  # refused as JSON before any stream starts
            response = client.post("/v1/responses", json={"model": "o3-mini", "input": [USER, item],
                                                          "store": stored, "stream": stream})
            assert response.status_code == 404 and response.mimetype == "application/json"
            assert response.get_json() == {"error": {
                "message": "Item with id 'rs_689595e2dab0' not found." + ("" if stored else suffix),
                "type": "invalid_request_error", "param": "input", "code": None}}
    # With its blob, an unknown id is not looked up (the stateless way).
    answer(client, store=stored, input=[USER, {"type": "reasoning", "id": "rs_689595e2dab0", "summary": [],
                                               "encrypted_content": encrypted_content(0)}, LATER])


def test_stored_items_are_found_by_their_ids(client):
    first = answer(client)
    reasoning, message = first["output"]
    answer(client, input=[USER, reasoning_of(first, blob=False), message, LATER], store=False)
    answer(client, input=[USER, {"type": "item_reference", "id": reasoning["id"]},
                          {"type": "item_reference", "id": message["id"]}, LATER])
    # A referenced call is the call it names: its output pairs with it.
    called = answer(client, tools=TOOLS, tool_choice="required")
    call = called["output"][1]
    answer(client, input=[USER, {"type": "item_reference", "id": called["output"][0]["id"]},
                          {"type": "item_reference", "id": call["id"]},
                          {"type": "function_call_output", "call_id": call["call_id"], "output": "Sunny."}])
    # A deleted response's items are gone with it.
    client.delete(f"/v1/responses/{first['id']}")
    assert refusal(client, [USER, {"type": "item_reference", "id": message["id"]}])[:2] == (
        404, f"Item with id '{message['id']}' not found.")


TOOLS = [{"type": "function", "name": "get_weather", "strict": False, "parameters": {"type": "object", "properties": {}}}]


def test_a_reasoning_item_comes_with_the_item_that_followed_it(client):
    first = answer(client)
    reasoning, message = first["output"]
    expected = (400, f"Item '{reasoning['id']}' of type 'reasoning' was provided without its required following "
                     "item.", "input", None)
    unmarked = {"role": "assistant", "content": "Paris."}  # reproduced on the live API: the message without its id
    assert refusal(client, [USER, reasoning_of(first), unmarked, LATER]) == expected
    assert refusal(client, [USER, reasoning_of(first, blob=False), LATER]) == expected
    assert refusal(client, [USER, reasoning_of(first)]) == expected  # last in the input
    answer(client, input=[USER, reasoning_of(first), message, LATER])
    # An item a reasoning item preceded comes with it.
    assert refusal(client, [USER, message, LATER]) == (
        400, f"Item '{message['id']}' of type 'message' was provided without its required 'reasoning' item: "
             f"'{reasoning['id']}'.", "input", None)
    assert refusal(client, [USER, {"type": "item_reference", "id": message["id"]}])[1].startswith(
        f"Item '{message['id']}' of type 'message' was provided without")
    called = answer(client, tools=TOOLS, tool_choice="required")
    call = called["output"][1]
    assert refusal(client, [USER, call, {"type": "function_call_output", "call_id": call["call_id"],
                                         "output": "Sunny."}], tools=TOOLS)[1] == (
        f"Item '{call['id']}' of type 'function_call' was provided without its required 'reasoning' item: "
        f"'{called['output'][0]['id']}'.")
    # Items without ids are never paired; items fauxpen did not store have nothing to pair with.
    answer(client, input=[USER, {k: v for k, v in reasoning_of(first).items() if k != "id"}, unmarked, LATER])
    unstored = answer(client, store=False)
    answer(client, input=[USER, unstored["output"][1], LATER])


def test_a_call_sent_without_its_id_after_its_reasoning_pairs_with_it_by_call_id(client):
    # The AI SDK 7's Responses provider sends the reasoning by reference and its calls bare under store: true (vercel/ai
    # 4.0, since June 2026), unrefused; refused in 2025 (vercel/ai#7099 on o3, langchainjs#9082), README.
    called = answer(client, tools=TOOLS, tool_choice="required")
    reasoning, call = called["output"]
    bare = {key: call[key] for key in ("type", "call_id", "name", "arguments")}
    output = {"type": "function_call_output", "call_id": call["call_id"], "output": "Sunny."}
    for sent in (bare, {**bare, "id": call["id"]}, {"type": "item_reference", "id": call["id"]}):
        answer(client, input=[USER, {"type": "item_reference", "id": reasoning["id"]}, sent, output], tools=TOOLS)
    answer(client, input=[USER, reasoning_of(called, blob=False), bare, output], tools=TOOLS)
    # Another call, bare or not, is not the one that followed; nor is a message without its id (recorded).
    other = {**bare, "call_id": "call_elsewhere"}
    expected = (400, f"Item '{reasoning['id']}' of type 'reasoning' was provided without its required following "
                     "item.", "input", None)
    assert refusal(client, [USER, {"type": "item_reference", "id": reasoning["id"]}, other,
                            {**output, "call_id": "call_elsewhere"}], tools=TOOLS) == expected
    assert refusal(client, [USER, {"type": "item_reference", "id": reasoning["id"]},
                            {"role": "assistant", "content": "Sunny."}], tools=TOOLS) == expected
    # Without store, a reasoning blob carries its own pairing: the bare call goes through (the AI SDK's store: false).
    unstored = answer(client, tools=TOOLS, tool_choice="required", store=False,
                      include=["reasoning.encrypted_content"])
    reasoning, call = unstored["output"]
    answer(client, input=[USER, {k: v for k, v in reasoning.items() if k != "status"},
                          {key: call[key] for key in ("type", "call_id", "name", "arguments")},
                          {**output, "call_id": call["call_id"]}], tools=TOOLS, store=False)


def test_what_previous_response_id_brings_in_is_paired_too(client):
    # A response whose reasoning used the whole limit has no item after it: it cannot be continued (reported).
    cut = answer(client, max_output_tokens=32)
    assert [item["type"] for item in cut["output"]] == ["reasoning"]
    assert refusal(client, [LATER], previous_response_id=cut["id"]) == (
        400, f"Item '{cut['output'][0]['id']}' of type 'reasoning' was provided without its required following "
             "item.", "input", None)
    # An item the chain of responses continued already brings in is a duplicate, as an approval request sent back
    # by reference with previous_response_id is (recorded, 2026).
    first = answer(client)
    second = answer(client, input=[LATER], previous_response_id=first["id"])
    message = first["output"][1]
    assert refusal(client, [message, LATER], previous_response_id=second["id"]) == (
        400, f"Duplicate item found with id {message['id']}. Remove duplicate items from your input and try again.",
        "input", None)
    assert refusal(client, [{"type": "item_reference", "id": message["id"]}, LATER],
                   previous_response_id=second["id"])[1].startswith("Duplicate item found")
    assert refusal(client, [message, LATER], previous_response_id=answer(client)["id"])[1].startswith(
        f"Item '{message['id']}' of type 'message' was provided without its required 'reasoning' item")



def test_an_item_of_a_response_further_back_in_the_chain_counts_its_reasoning_as_sent(client):
    # A web search call is not among the items a response's chain lists (LISTED_OUTPUT), so sent back two
    # responses on it is no duplicate; its reasoning counts as sent, the chain walked back to its response
    # (README: an item counting as sent with its reasoning when its response is in the chain; a guess).
    searched = {"model": "gpt-5", "tools": [{"type": "web_search"}]}
    first = answer(client, input="What is the weather in Paris today? Search the web.", **searched)
    assert [item["type"] for item in first["output"]] == ["reasoning", "web_search_call", "message"]
    search = first["output"][1]
    second = answer(client, input=[LATER], previous_response_id=first["id"], **searched)
    for sent in (search, {"type": "item_reference", "id": search["id"]}):
        answer(client, input=[sent, LATER], previous_response_id=second["id"], **searched)
        assert refusal(client, [sent, LATER], previous_response_id=answer(client, **searched)["id"], **searched) == (
            400, f"Item '{search['id']}' of type 'web_search_call' was provided without its required 'reasoning' "
                 f"item: '{first['output'][0]['id']}'.", "input", None)

def test_encrypted_content_fauxpen_did_not_make_is_refused(client):
    # Recorded (2026): 400, no param, invalid_encrypted_content; the blob's first and last four characters.
    garbage = {"type": "reasoning", "summary": [], "encrypted_content": "Working it out."}
    assert refusal(client, [USER, garbage, LATER]) == (
        400, "The encrypted content Work...out. could not be verified. Reason: Encrypted content could not be "
             "decrypted or parsed.", None, "invalid_encrypted_content")
    first = answer(client, store=False)
    forged = {**reasoning_of(first), "encrypted_content": encrypted_content(0)[:-8] + "AAAAAAAA"}
    assert refusal(client, [USER, forged, first["output"][1], LATER])[1] == (
        f"The encrypted content for item {forged['id']} could not be verified. Reason: Encrypted content could not "
        "be decrypted or parsed.")
    # Lookups and pairing come first.
    unknown = {"type": "reasoning", "id": "rs_1", "summary": []}
    assert refusal(client, [USER, garbage, unknown])[0] == 404
    stored = answer(client)
    assert refusal(client, [USER, {**reasoning_of(stored), "encrypted_content": "Working it out."}, LATER])[1] \
        .endswith("without its required following item.")


def test_ids_of_any_json_type_on_other_items_are_not_a_server_error(client):
    output = {"type": "function_call_output", "call_id": "call_1", "output": "Sunny."}
    call = {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"}
    answer(client, input=[USER, call, output, {"role": "user", "content": "x", "id": None}], tools=TOOLS)
    response = client.post("/v1/responses", json={"model": "gpt-5", "tools": TOOLS, "input": [
        USER, call, {**output, "id": [1]}]})  # an id is a string, whatever the item
    assert response.status_code == 400 and response.get_json()["error"]["message"] == (
        "Invalid type for 'input[2].id': expected a string, but got an array instead.")


def test_what_the_fuzzing_found_is_refused_as_the_api_words_a_wrong_type(client):
    def refused(**body):
        response = client.post("/v1/responses", json=body)
        assert response.status_code == 400, response.get_json()
        error = response.get_json()["error"]
        return error["message"], error["param"]

    # A type that is not a string is refused as the item's, as an empty type (captured for 7, September 2026).
    message, param = refused(model="gpt-5", input=[{"type": None, "role": "user", "content": "x"}])
    assert param == "input[0]" and message.startswith("Invalid value: ''. Supported values are: 'additional_tools', ")
    assert refused(prompt={"id": None}) == (
        "Invalid type for 'prompt.id': expected a string, but got null instead.", "prompt.id")
    assert refused(model="gpt-5", input="x", moderation={"model": None})[0] == (
        "Invalid type for 'moderation.model': expected a string, but got null instead.")


def test_an_id_alone_is_a_reference(client):
    # The SDK's ItemReference leaves its type out: an object with an id and no role is one.
    first = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi"}).get_json()
    message = first["output"][0]["id"]
    taken = client.post("/v1/responses", json={"model": "gpt-4o", "input": [
        {"id": message}, {"role": "user", "content": "And then?"}]})
    assert taken.status_code == 200, taken.get_json()
    unknown = client.post("/v1/responses", json={"model": "gpt-4o", "input": [{"id": "msg_nope"}]})
    assert (unknown.status_code, unknown.get_json()["error"]["message"]) == (404, "Item with id 'msg_nope' not found.")


def test_a_referenced_item_stands_for_itself_in_later_turns(client):
    # The item a reference names is what the response's input was: its input_items, and the turns after it.
    weather = {"type": "function", "name": "get_weather", "strict": False,
               "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}
    first = client.post("/v1/responses", json={"model": "gpt-4o", "input": "Weather?", "tools": [weather],
                                               "tool_choice": "required"}).get_json()
    call = first["output"][0]
    second = client.post("/v1/responses", json={"model": "gpt-4o", "tools": [weather], "input": [
        {"type": "item_reference", "id": call["id"]},
        {"type": "function_call_output", "call_id": call["call_id"], "output": "sunny"}]}).get_json()
    listed = client.get(f"/v1/responses/{second['id']}/input_items?order=asc").get_json()["data"]
    assert [item["type"] for item in listed] == ["function_call", "function_call_output"]
    third = client.post("/v1/responses", json={"model": "gpt-4o", "tools": [weather], "input": "Thanks",
                                               "previous_response_id": second["id"]})
    assert third.status_code == 200, third.get_json()
    # An id with content is a message without its role, not a reference.
    refused = client.post("/v1/responses", json={"model": "gpt-4o", "input": [{"id": "msg_1", "content": "hi"}]})
    assert refused.get_json()["error"]["message"] == (  # as an empty role (captured, September 2026)
        "Invalid value: ''. Supported values are: 'assistant', 'system', 'developer', and 'user'.")


def test_a_stream_encrypts_the_reasoning_anew_in_each_event_and_each_blob_is_taken_back(client):
    # Recorded (September 2026): the item added, the item done and the completed response carry three different
    # blobs for one reasoning item.
    text = client.post("/v1/responses", json={"model": "gpt-5", "input": "hi", "stream": True}).get_data(as_text=True)
    events = [json.loads(block.split("\ndata: ", 1)[1]) for block in text.split("\n\n") if block]
    added, done = (e["item"]["encrypted_content"] for e in events
                   if e["type"] in ("response.output_item.added", "response.output_item.done")
                   and e["item"]["type"] == "reasoning")
    final = next(item["encrypted_content"] for item in events[-1]["response"]["output"]
                 if item["type"] == "reasoning")
    assert len({added, done, final}) == 3 and all(map(blob_verifies, (added, done, final)))


# Reasoning sent back is read again while its turn goes on: recorded on gpt-5 (pydantic-ai's captures, January
# 2026), a function's output sent back after the reasoning and call of the response before counts that response's
# input and output tokens (its reasoning among them) and the output's; once a new user message comes, the earlier
# reasoning counts nothing (sent back, or continued by previous_response_id).
PLAN = {"type": "function", "name": "update_plan",
        "parameters": {"type": "object", "properties": {"plan": {"type": "string"}}}}
ASK = {"role": "user", "content": "Plan my day with update_plan."}


def called(client, model="gpt-5", **fields):
    """A response that reasoned, then called update_plan: (response, its reasoning item, its call, the output)."""
    first = client.post("/v1/responses", json={"model": model, "input": [ASK], "tools": [PLAN],
                                                "tool_choice": "required", **fields}).get_json()
    reasoning, call = first["output"]
    assert (reasoning["type"], call["type"]) == ("reasoning", "function_call")
    assert first["usage"]["output_tokens_details"]["reasoning_tokens"] > 0
    return first, reasoning, call, {"type": "function_call_output", "call_id": call["call_id"], "output": "done"}


def input_tokens(client, model="gpt-5", **fields):
    response = client.post("/v1/responses", json={"model": model, "tools": [PLAN], **fields})
    assert response.status_code == 200, response.get_json()
    if "store" not in fields:  # (not a parameter /input_tokens takes)
        counted = client.post("/v1/responses/input_tokens", json={"model": model, "tools": [PLAN], **fields})
        assert counted.get_json()["input_tokens"] == response.get_json()["usage"]["input_tokens"]
    return response.get_json()["usage"]["input_tokens"]


def unread(items):
    """The items without their reasoning, and without ids (a stored call sent by id must come with its reasoning)."""
    return [{k: v for k, v in item.items() if k != "id"} for item in items if item.get("type") != "reasoning"]


def test_a_blob_carries_the_reasoning_tokens_it_stands_for():
    blob = encrypted_content(1767225600, reasoning_tokens=2112)
    assert blob_verifies(blob) and blob_reasoning_tokens(blob) == 2112
    assert blob_reasoning_tokens(encrypted_content(0)) == 0
    forged = base64.urlsafe_b64decode(blob)
    forged = base64.urlsafe_b64encode(forged[:25] + (9999).to_bytes(4, "big") + forged[29:]).decode()
    for other in (forged, "gAAAAA", None, ""):
        assert blob_reasoning_tokens(other) == 0


@pytest.mark.parametrize("store", [False, True])
def test_the_current_turns_reasoning_counts_its_tokens_again(client, store):
    first, reasoning, call, output = called(client, store=store, include=["reasoning.encrypted_content"])
    thought = first["usage"]["output_tokens_details"]["reasoning_tokens"]
    sent = reasoning if not store else {"type": "reasoning", "id": reasoning["id"], "summary": []}
    with_it = input_tokens(client, input=[ASK, sent, call, output], store=store)
    without = input_tokens(client, input=unread([ASK, call, output]), store=store)
    assert with_it == without + thought
    # The first response's input and output are all read again, with the output sent back and its framing.
    assert first["usage"]["total_tokens"] < with_it <= first["usage"]["total_tokens"] + 20


def test_previous_response_id_reads_the_current_turns_reasoning_too(client):
    first, reasoning, call, output = called(client)
    thought = first["usage"]["output_tokens_details"]["reasoning_tokens"]
    chained = input_tokens(client, previous_response_id=first["id"], input=[output])
    assert chained == input_tokens(client, input=[ASK, reasoning, call, output], store=False)
    assert chained == input_tokens(client, input=unread([ASK, call, output])) + thought


def test_a_new_user_message_leaves_the_earlier_reasoning_unread(client):
    first, reasoning, call, output = called(client)
    second = client.post("/v1/responses", json={"model": "gpt-5", "previous_response_id": first["id"],
                                                 "input": [output], "tools": [PLAN]}).get_json()
    assert second["output"][-1]["type"] == "message"
    then = [ASK, reasoning, call, output, *second["output"], LATER]
    assert input_tokens(client, input=then) == input_tokens(client, input=unread(then))
    assert input_tokens(client, previous_response_id=second["id"], input=[LATER]) == \
        input_tokens(client, input=unread(then))


def test_a_model_that_keeps_every_turns_reasoning_reads_it_all(client):
    # gpt-5.6 reasons with context all_turns unless asked otherwise (its responses echo it).
    first, reasoning, call, output = called(client, model="gpt-5.6-sol", reasoning={"effort": "high"})
    then = [ASK, reasoning, call, output, LATER]
    thought = first["usage"]["output_tokens_details"]["reasoning_tokens"]
    assert input_tokens(client, "gpt-5.6-sol", input=then) == \
        input_tokens(client, "gpt-5.6-sol", input=unread(then)) + thought
    asked = {"reasoning": {"context": "current_turn"}}
    assert input_tokens(client, "gpt-5.6-sol", input=then, **asked) == \
        input_tokens(client, "gpt-5.6-sol", input=unread(then), **asked)


def test_a_streamed_reasonings_blobs_carry_its_tokens(client):
    text = client.post("/v1/responses", json={"model": "gpt-5", "input": [ASK], "tools": [PLAN], "stream": True,
                                               "tool_choice": "required"}).get_data(as_text=True)
    events = [json.loads(block.split("\ndata: ", 1)[1]) for block in text.split("\n\n") if block]
    thought = events[-1]["response"]["usage"]["output_tokens_details"]["reasoning_tokens"]
    blobs = [e["item"]["encrypted_content"] for e in events if e["type"] == "response.output_item.done"
             and e["item"]["type"] == "reasoning"] + [events[-1]["response"]["output"][0]["encrypted_content"]]
    assert thought > 0 and [blob_reasoning_tokens(blob) for blob in blobs] == [thought, thought]


@pytest.mark.parametrize("model", ["gpt-5.6-sol", "gpt-5.6", "gpt-6-astra", "gpt-5.6-luna", "gpt-6-sol", "gpt-6.2-sol"])
def test_the_newer_models_take_back_an_unstored_reasoning_item_by_its_id(client, model):
    # A live probe of api.openai.com (turnstonelabs/turnstone#1203, 2026-09-20): gpt-6-astra and gpt-5.6-sol took
    # back a reasoning id they had just returned under store false, without its blob, in a tool's continuation.
    # The other models of both families by family.
    first = answer(client, model=model, store=False, tools=TOOLS, tool_choice="required", reasoning={"effort": "high"})
    reasoning, call = first["output"]
    assert reasoning["id"][19:21] == "01"  # an unstored response's id
    follow = [USER, reasoning_of(first, blob=False), call,
              {"type": "function_call_output", "call_id": call["call_id"], "output": "Sunny."}]
    answer(client, model=model, store=False, input=follow)
    # An id it did not issue is still not found, nor is one taken back with store true (not probed).
    said = {"type": "reasoning", "id": "rs_" + reasoning["id"][3:-4] + "0000", "summary": []}
    response = client.post("/v1/responses", json={"model": model, "input": [USER, said], "store": False})
    assert response.status_code == 404
    response = client.post("/v1/responses", json={"model": model, "input": follow})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == f"Item with id '{reasoning['id']}' not found."


@pytest.mark.parametrize("model", ["o3-mini", "gpt-5-mini", "gpt-5.4"])
def test_the_older_models_do_not_find_an_unstored_reasoning_item_by_its_id(client, model):
    # Reported of the next turn under store false: o3 in 2025, gpt-5.4 in March and gpt-5-mini in May 2026.
    first = answer(client, model=model, store=False, reasoning={"effort": "low"})
    response = client.post("/v1/responses", json={"model": model, "store": False, "input": [
        USER, reasoning_of(first, blob=False), first["output"][1], LATER]})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"].startswith(f"Item with id '{first['output'][0]['id']}' not found. "
                                                              "Items are not persisted")
