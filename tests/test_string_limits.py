"""The lengths the API refuses a string past, quoted by clients of api.openai.com in 2025-2026: a prompt_cache_key or
user of more than 64 characters, and a text of more than 10,485,760 (10 MiB) characters whatever the window."""
import pytest

LONG = 10485760 + 7


def refusal(response):
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    return error["message"], error["param"], error["code"]


@pytest.mark.parametrize("key", ["prompt_cache_key", "user"])
@pytest.mark.parametrize("model", ["gpt-4o", "gpt-5.6-sol"])
def test_a_key_of_more_than_64_characters_is_refused_in_chat(client, key, model):
    body = {"model": model, "messages": [{"role": "user", "content": "hi"}]}
    assert refusal(client.post("/v1/chat/completions", json={**body, key: "k" * 70})) == (
        f"Invalid '{key}': string too long. Expected a string with maximum length 64, but got a string with length "
        "70 instead.", key, "string_above_max_length")
    assert client.post("/v1/chat/completions", json={**body, key: "k" * 64}).status_code == 200


@pytest.mark.parametrize("key", ["prompt_cache_key", "user"])
def test_and_in_the_responses_api(client, key):
    response = client.post("/v1/responses", json={"model": "gpt-5.4", "input": "hi", key: "k" * 65})
    assert refusal(response)[1:] == (key, "string_above_max_length")


def test_a_text_over_10_mib_is_refused_by_its_path(client):
    text = "x" * LONG
    chat = client.post("/v1/chat/completions", json={"model": "gpt-5.5", "messages": [
        {"role": "system", "content": "s"}, {"role": "user", "content": text}]})
    assert refusal(chat) == (
        f"Invalid 'messages[1].content': string too long. Expected a string with maximum length 10485760, but got a "
        f"string with length {LONG} instead.", "messages[1].content", "string_above_max_length")
    for item, param in (({"role": "user", "content": text}, "input[0].content"),
                        ({"role": "user", "content": [{"type": "input_text", "text": text}]},
                         "input[0].content[0].text")):
        response = client.post("/v1/responses", json={"model": "gpt-5.4", "input": [item]})
        assert refusal(response)[1] == param
