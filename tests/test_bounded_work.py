"""Requests whose work could grow faster than what they send: each is answered after bounded work, as before."""
import pytest

from fauxpen import completion, jsongen, regex, tokens

BIG_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["s", "a"],
              "properties": {"s": {"type": "string", "minLength": 60000},
                             "a": {"type": "array", "minItems": 4000, "items": {"type": "string", "minLength": 200}}}}


def counted_split(monkeypatch):
    """Count the texts over the cached length split into tokens, and the pieces split of them."""
    seen = {"texts": 0, "pieces": 0}
    iter_tokens = tokens.iter_tokens

    def counting(text):
        seen["texts"] += len(text) > completion._CACHED_TEXT_LENGTH
        for piece in iter_tokens(text):
            seen["pieces"] += 1
            yield piece
    monkeypatch.setattr(tokens, "iter_tokens", counting)
    return seen


def planned_whole(pieces, max_tokens, end_token=1):
    """Return plan_choice's (pieces, finish_reason, tokens, cut_character) as computed from every piece of a text."""
    if max_tokens < len(pieces) + max(end_token, 1):
        kept = pieces[:max(max_tokens - max(end_token - 1, 0), 0)]
        rest = next((i for i, piece in enumerate(pieces[len(kept):]) if piece), None)
        cut = tuple(pieces[len(kept):len(kept) + rest + 1]) if kept and not kept[-1] and rest is not None else ()
        return tuple(kept), "length", max_tokens, cut
    return tuple(pieces), "stop", len(pieces) + end_token, ()


def test_a_limit_splits_only_the_tokens_it_keeps(monkeypatch):
    # A long answer cut at a few tokens split every token of it: 3 s a choice of a 900 KB answer.
    text = "The quick brown fox \u4db5 jumps. " * 3_000  # a character of three tokens, two empty pieces first
    pieces = completion._token_pieces(text)
    expected = {(limit, end): planned_whole(pieces, limit, end) for limit in (0, 1, 5, 6, 7, 100) for end in (0, 1, 3)}
    seen = counted_split(monkeypatch)
    for (limit, end), planned in expected.items():
        choice = completion.plan_choice(0, text, limit, end_token=end)
        assert (tuple(choice.pieces), choice.finish_reason, choice.completion_tokens,
                tuple(choice.cut_character)) == planned
    assert any(cut for *_, cut in expected.values())  # a limit fell inside the character's tokens
    assert seen["pieces"] < 2_000


def test_a_text_under_its_limit_keeps_every_piece():
    text = "word " * 2_000
    assert completion.plan_choice(0, text, 16_384).pieces == completion._token_pieces(text)
    assert completion.plan_choice(0, text, 2_002).finish_reason == "stop"  # 2,001 pieces and the end token
    assert completion.plan_choice(0, text, 2_001).finish_reason == "length"


def test_n_choices_of_a_long_answer_split_it_once(client, monkeypatch):
    # 8 choices of a schema's 900 KB answer took 8.7 s, 128 more than a minute (a choice split the whole text).
    seen = counted_split(monkeypatch)
    r = client.post("/v1/chat/completions", json={
        "model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}], "n": 128,
        "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": BIG_SCHEMA}}})
    assert r.status_code == 200
    choices = r.get_json()["choices"]
    assert len(choices) == 128 and {c["finish_reason"] for c in choices} == {"length"}
    assert len({c["message"]["content"] for c in choices}) == 1
    assert r.get_json()["usage"]["completion_tokens"] == 128 * 16_384
    assert seen["texts"] == 1 and seen["pieces"] < 16_400


def test_calls_cut_by_the_limit_split_only_what_they_keep(client, monkeypatch):
    seen = counted_split(monkeypatch)
    tools = [{"type": "function", "function": {"name": "f", "parameters": BIG_SCHEMA}}]
    r = client.post("/v1/chat/completions", json={
        "model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}], "n": 16, "tools": tools,
        "tool_choice": "required", "max_tokens": 50})
    choices = r.get_json()["choices"]
    assert {c["finish_reason"] for c in choices} == {"length"}
    arguments = choices[0]["message"]["tool_calls"][0]["function"]["arguments"]
    assert arguments.startswith('{"s":"')
    assert seen["pieces"] < 16 * 60


def counted_json_equal(monkeypatch):
    seen = {"calls": 0}
    json_equal = jsongen.json_equal

    def counting(a, b):
        seen["calls"] += 1
        return json_equal(a, b)
    monkeypatch.setattr(jsongen, "json_equal", counting)
    return seen


def test_unique_items_are_told_apart_by_a_set(monkeypatch):
    # 4,096 unique items were each compared with those before them, generating and validating (8 million
    # comparisons: 19 s; of objects more than 30 s), now a set of their json_keys: 0.3 s.
    seen = counted_json_equal(monkeypatch)
    schema = {"type": "array", "minItems": 4096, "uniqueItems": True, "items": {"type": "integer"}}
    value = jsongen.generate(schema, "seed", "", jsongen.Allotment())
    assert len(value) == 4096 == len(set(value)) and jsongen.is_valid(value, schema)
    objects = {"type": "array", "minItems": 4096, "uniqueItems": True,
               "items": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}}
    value = jsongen.generate(objects, "seed", "", jsongen.Allotment())
    assert len(value) == 4096 and jsongen.is_valid(value, objects)
    assert seen["calls"] < 100


@pytest.mark.parametrize("items, unique", [
    ([1, 1.0], False), ([1, True], True), ([0, False], True), ([{"a": 1}, {"a": 1.0}], False),
    ([{"a": 1}, {"a": 1, "b": 2}], True), ([[1, [2]], [1.0, [2.0]]], False), ([[1], [True]], True),
    (["1", 1], True), ([None, None], False), ([None, {}], True), ([{}, []], True), ([-0.0, 0], False)])
def test_unique_items_mean_what_json_equal_means(items, unique):
    assert jsongen.is_valid(items, {"type": "array", "uniqueItems": True}) is unique
    assert all(jsongen.json_equal(a, b) == (jsongen.json_key(a) == jsongen.json_key(b)) for a in items for b in items)


def test_required_names_are_looked_up_in_a_set():
    # A key's `not in required` read the list: 100,000 required names took more than 30 s (a few with the set).
    import time
    schema = {"type": "object", "required": [f"k{i}" for i in range(100_000)]}
    started = time.perf_counter()
    jsongen.generate(schema, "seed", "", jsongen.Allotment())
    assert time.perf_counter() - started < 20


def test_a_schemas_patterns_are_parsed_once_each(monkeypatch):
    # More patternProperties than regex._program keeps (64) were parsed and bounded again at every search:
    # 100 patterns took 5.4 s, 1,000 more than 30 s; now 0.2 and 1.2 s.
    calls = []
    program = regex._program
    monkeypatch.setattr(regex, "_program", lambda pattern: calls.append(pattern) or program(pattern))
    schema = {"type": "object", "minProperties": 100, "additionalProperties": False,
              "patternProperties": {f"^p{i}_[a-z]+$": {"type": "string"} for i in range(200)}}
    value = jsongen.generate(schema, "seed", "", jsongen.Allotment())
    assert len(calls) == len(set(calls)) <= 200
    assert len(value) == 99 and all(key.startswith("p") for key in value)  # (the keys it draws: 99 of 100)
