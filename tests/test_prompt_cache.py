"""The prompt cache as usage reports it: prompts of 1,024 tokens or more are kept, and a later prompt that begins
with the same settings and messages reads them (recorded 2025-2026: gpt-5.6-sol wrote 1,217 of 1,220 tokens, then
read 1,216 of 1,219 with another question; gpt-4o read 1,390 of 1,515 on a repeat)."""
import json

SYSTEM = {"role": "system", "content": "You are an expert software engineer " * 200}


def chat(client, model, question, **fields):
    body = {"model": model, "messages": [SYSTEM, {"role": "user", "content": question}], **fields}
    return client.post("/v1/chat/completions", json=body).get_json()["usage"]


def test_a_long_prompt_writes_then_its_prefix_is_read(client):
    first = chat(client, "gpt-5.6-sol", "What are the best practices for API design?", max_completion_tokens=100)
    assert first["prompt_tokens_details"]["cached_tokens"] == 0
    assert first["prompt_tokens_details"]["cache_write_tokens"] == first["prompt_tokens"] - 3
    second = chat(client, "gpt-5.6-sol", "How should I structure my database schema?", max_completion_tokens=100)
    details = second["prompt_tokens_details"]
    # The system message is read, the new question is not: it is written (gpt-5.6-luna read 5,382 of 5,395 tokens
    # and wrote 10, recorded in August 2026).
    assert 1024 <= details["cached_tokens"] < second["prompt_tokens"] - 3
    assert details["cached_tokens"] + details["cache_write_tokens"] == second["prompt_tokens"] - 3
    again = chat(client, "gpt-5.6-sol", "How should I structure my database schema?", max_completion_tokens=100)
    assert again["prompt_tokens_details"]["cached_tokens"] == again["prompt_tokens"] - 3
    assert again["prompt_tokens_details"]["cache_write_tokens"] == 0


def test_models_without_cache_writes_only_read_and_each_model_has_its_own(client):
    first = chat(client, "gpt-4o", "Hello there")
    assert first["prompt_tokens_details"] == {"cached_tokens": 0, "audio_tokens": 0}
    # In blocks of 128 tokens (gpt-4o-mini, September 2026: 4,480 of 4,597 on a repeat).
    assert chat(client, "gpt-4o", "Hello there")["prompt_tokens_details"]["cached_tokens"] == \
        first["prompt_tokens"] // 128 * 128
    assert chat(client, "gpt-4.1", "Hello there")["prompt_tokens_details"]["cached_tokens"] == 0


def test_the_older_models_read_whole_blocks_of_128_tokens(client):
    # Recorded on gpt-4o-mini (September 2026): 4,480 (35 blocks) of a 4,597-token prompt on a repeat, and still 4,480
    # of a 4,624-token prompt that went on from it.
    system = {"role": "system", "content": "This cache fixture paragraph is stable provider test padding. " * 420}
    first = [system, {"role": "user", "content": "Reply with exactly these three words: cache probe ready"}]

    def usage(messages):
        return client.post("/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": messages}).get_json()[
            "usage"]

    assert usage(first)["prompt_tokens_details"]["cached_tokens"] == 0
    again = usage(first)
    assert again["prompt_tokens_details"]["cached_tokens"] == again["prompt_tokens"] // 128 * 128
    later = usage(first + [{"role": "assistant", "content": "cache probe ready"},
                           {"role": "user", "content": "Reply with exactly: probe still ready"}])
    assert later["prompt_tokens_details"]["cached_tokens"] == again["prompt_tokens"] // 128 * 128


def test_short_prompts_and_other_tools_are_not_cached(client):
    for _ in range(2):
        short = client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [
            {"role": "user", "content": "hi"}]}).get_json()["usage"]
        assert short["prompt_tokens_details"]["cached_tokens"] == 0
    chat(client, "gpt-4o", "Weather?")
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {}}}}
    assert chat(client, "gpt-4o", "Weather?", tools=[tool])["prompt_tokens_details"]["cached_tokens"] == 0


def test_the_responses_api_reads_and_writes_the_same_way(client):
    def respond(question):
        return client.post("/v1/responses", json={"model": "gpt-5.6-sol", "instructions": SYSTEM["content"],
                                                  "input": question}).get_json()["usage"]

    first = respond("What are the best practices for API design?")
    assert first["input_tokens"] == 1220  # as recorded, and what was written
    assert first["input_tokens_details"] == {"cache_write_tokens": 1217, "cached_tokens": 0}
    second = respond("How should I structure my database schema?")
    details = second["input_tokens_details"]
    assert 1024 <= details["cached_tokens"] < 1216
    assert details["cached_tokens"] + details["cache_write_tokens"] == second["input_tokens"] - 3


def test_explicit_mode_without_a_breakpoint_neither_writes_nor_reads(client):
    # Recorded on gpt-6-sol (September 2026): with prompt_cache_options {"mode": "explicit"} and no breakpoint, 0
    # written and 0 read on each turn, where the twin conversation cached implicitly wrote, then read.
    explicit = {"reasoning_effort": "none", "prompt_cache_options": {"mode": "explicit"}}
    for _ in range(2):
        details = chat(client, "gpt-6-sol", "Can you check the status of order A-1?", **explicit)
        assert details["prompt_tokens_details"]["cached_tokens"] == 0
        assert details["prompt_tokens_details"]["cache_write_tokens"] == 0
    implicit = chat(client, "gpt-6-sol", "Can you check the status of order A-1?", reasoning_effort="none")
    assert implicit["prompt_tokens_details"]["cache_write_tokens"] == implicit["prompt_tokens"] - 3

    def respond(**fields):
        return client.post("/v1/responses", json={"model": "gpt-5.6-sol", "instructions": SYSTEM["content"],
                                                  "input": "Hello", **fields}).get_json()["usage"]

    assert respond(prompt_cache_options={"mode": "explicit"})["input_tokens_details"] == {
        "cache_write_tokens": 0, "cached_tokens": 0}
    assert respond()["input_tokens_details"]["cache_write_tokens"] > 0


def test_the_sdk_reads_the_cached_tokens(sdk):
    for expected_cached in (False, True):
        answer = sdk.chat.completions.create(model="gpt-4o", messages=[SYSTEM, {"role": "user", "content": "SDK?"}])
        assert (answer.usage.prompt_tokens_details.cached_tokens > 0) is expected_cached


def test_the_store_finds_the_longest_prefix_past_sqlites_parameter_limit_and_forgets_expired_ones(tmp_path):
    from fauxpen import store

    path = str(tmp_path / "store.sqlite")
    hashes = [f"prefix-{index}" for index in range(1200)]  # a conversation of 1,200 messages
    assert store.cache_prompt(path, hashes, now=1.0, expires=100.0) == -1
    assert store.cache_prompt(path, hashes + ["next"], now=2.0, expires=100.0) == 1199
    assert store.cache_prompt(path, hashes, now=500.0, expires=600.0) == -1  # expired, and forgotten


def test_a_prewarm_writes_the_prompt_and_generates_nothing(client):
    # prompt_cache_options.prewarm "prepares the prompt cache without generating output" (the SDK's docstring,
    # openai 3.63; OpenAI's prompt caching guide, 2026: its prompt a developer message alone, then the same prefix
    # with the user's question). The empty, completed response is a guess: no HTTP prewarm is recorded.
    developer = {"role": "developer", "content": SYSTEM["content"]}
    body = {"model": "gpt-5.6", "input": [developer], "prompt_cache_options": {"prewarm": True}}
    warmed = client.post("/v1/responses", json=body).get_json()
    assert (warmed["status"], warmed["output"], warmed["incomplete_details"]) == ("completed", [], None)
    usage = warmed["usage"]
    assert (usage["output_tokens"], usage["output_tokens_details"]["reasoning_tokens"]) == (0, 0)
    assert usage["input_tokens_details"] == {"cache_write_tokens": usage["input_tokens"] - 3, "cached_tokens": 0}
    assert usage["total_tokens"] == usage["input_tokens"]
    asked = client.post("/v1/responses", json={"model": "gpt-5.6", "input": [
        developer, {"role": "user", "content": "The user's question"}]}).get_json()
    assert asked["usage"]["input_tokens_details"]["cached_tokens"] >= usage["input_tokens"] - 3
    assert asked["output"][-1]["type"] == "message"
    text = client.post("/v1/responses", json={**body, "stream": True}).get_data(as_text=True)
    events = [json.loads(line[len("data: "):]) for line in text.splitlines() if line.startswith("data: ")]
    assert [event["type"] for event in events] == ["response.created", "response.in_progress", "response.completed"]
    assert events[-1]["response"]["output"] == [] and events[-1]["response"]["usage"]["output_tokens"] == 0
    # Without prewarm, or false, the model answers.
    unwarmed = {"ttl": "12h", "prewarm": False}
    assert client.post("/v1/responses", json={**body, "prompt_cache_options": unwarmed}).get_json()["output"]
