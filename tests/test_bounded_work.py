"""Requests whose work could grow faster than what they send: each is answered after bounded work, as before."""
import pytest

from fauxpen import completion, jsongen, regex, tokens
from .conftest import store_is_free

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


def uploaded_text(client, data, name="notes.txt"):
    """Upload bytes as a text file; return its id."""
    import io
    return client.post("/v1/files", data={"purpose": "user_data", "file": (io.BytesIO(data), name)}).get_json()["id"]


def counted_reading(monkeypatch):
    """Count the bytes read of the store's files and the characters counted by the token estimates."""
    from fauxpen import store
    seen = {"bytes": 0, "characters": 0}
    chunks, get_file = store.content_chunks, store.get_file

    def reading(*args, **kwargs):
        for chunk in chunks(*args, **kwargs):
            seen["bytes"] += len(chunk)
            yield chunk

    def getting(path, file_id, content=False):
        found = get_file(path, file_id, content)
        seen["bytes"] += len(found[1]) if content and found else 0
        return found

    def counting(count):
        def counted(text):
            seen["characters"] += len(text)
            return count(text)
        return counted
    monkeypatch.setattr(store, "content_chunks", reading)
    monkeypatch.setattr(store, "get_file", getting)
    monkeypatch.setattr(tokens, "count_tokens", counting(tokens.count_tokens))
    monkeypatch.setattr(tokens, "count_tokens_o200k", counting(tokens.count_tokens_o200k))
    return seen


def file_message(file_id, text="Summarize"):
    return [{"role": "user", "content": [{"type": "input_text", "text": text},
                                         {"type": "input_file", "file_id": file_id}]}]


PAST_WINDOW = {"type": "invalid_request_error", "code": "context_length_exceeded", "param": "input", "message":
               "Your input exceeds the context window of this model. Please adjust your input and try again."}


def test_a_text_file_past_the_window_is_read_only_until_it_is_past_it(client, monkeypatch):
    # An uploaded text file named by its id was read, decoded and counted whole to answer that the input is past the
    # window (a 30 MB file: 9-26 s, a worker's peak 223 MB); the answers say no more than that, in the same words.
    line = "Line {}: the quick brown fox jumps over the lazy dog, caf\u00e9 \u65e5\u672c \U0001f600.\n"
    data = "".join(line.format(n) for n in range(150_000)).encode()  # 10 MB, a million tokens
    file_id = uploaded_text(client, data)
    said_json = uploaded_text(client, data + b"Answer in JSON.\n")
    seen = counted_reading(monkeypatch)
    for model in ("gpt-4o-mini", "gpt-5.4-nano"):
        for path in ("/v1/responses", "/v1/responses/input_tokens", "/v1/responses/compact"):
            seen.update(bytes=0, characters=0)
            answer = client.post(path, json={"model": model, "input": file_message(file_id)})
            assert (answer.status_code, answer.get_json()["error"]) == (400, PAST_WINDOW)
            assert seen["bytes"] <= 2 << 20 and seen["characters"] <= 2 << 20, (model, path, seen)
        seen.update(bytes=0, characters=0)
        streamed = client.post("/v1/responses", json={"model": model, "input": file_message(file_id), "stream": True})
        events = [block.split("\n")[0] for block in streamed.get_data(as_text=True).split("\n\n") if block]
        assert events == ["event: response.created", "event: response.in_progress", "event: error",
                          "event: response.failed"]
        assert seen["bytes"] <= 2 << 20 and seen["characters"] <= 2 << 20, (model, seen)
    # A stream of a JSON format is refused for want of the word only if the file, read on for it alone, lacks it.
    for sent, refused in ((file_id, True), (said_json, False)):
        body = {"model": "gpt-4o-mini", "input": file_message(sent, "Say"), "stream": True,
                "text": {"format": {"type": "json_object"}}}
        answer = client.post("/v1/responses", json=body)
        assert (answer.status_code == 400) == refused and answer.status_code in (200, 400)
    # A file past the window in an item truncation auto drops is not read past the window either.
    seen.update(bytes=0, characters=0)
    items = file_message(file_id) + [{"role": "assistant", "content": "ok"}, {"role": "user", "content": "And?"}]
    counted = [client.post("/v1/responses/input_tokens", json={"model": "gpt-4o-mini", "input": sent, **fields})
               for sent, fields in ((items, {"truncation": "auto"}), (items[1:], {}))]
    assert counted[0].get_json() == counted[1].get_json() and seen["bytes"] <= 8 << 20


def test_a_text_file_under_the_window_read_in_pieces_counts_what_it_does_sent_inline(client, monkeypatch):
    # Read a chunk of bytes at a time (made small here: 4 KB), cut after its last line feed: the text is the bytes
    # decoded at once (a character cut between chunks, bytes that are no UTF-8), and costs what it costs inline.
    import base64
    import random
    from fauxpen import store
    monkeypatch.setattr(store, "CHUNK", 4096)
    rng = random.Random(7)
    words = ["the", "fox", "caf\u00e9", "\u65e5\u672c\u8a9e", "\U0001f600", "json", "<div>", "don't", "--", "\n",
             "    ", "\n\n"]
    data = " ".join(rng.choice(words) for _ in range(30_000)).encode()
    data = data[:50_001] + b"\xff\xe6\x97" + data[50_001:] + b"\xf0\x9f"  # no UTF-8, and a character cut at its end
    file_id = uploaded_text(client, data)
    inline = {"filename": "notes.txt", "file_data": "data:text/plain;base64," + base64.b64encode(data).decode()}
    for model in ("gpt-4o-mini", "gpt-5.4-nano"):
        def counted(file):
            content = [{"type": "input_text", "text": "Summarize"}, {"type": "input_file", **file}]
            body = {"model": model, "input": [{"role": "user", "content": content}]}
            answer = client.post("/v1/responses", json=body)
            return answer.get_json()["usage"]["input_tokens"]
        assert counted({"file_id": file_id}) == counted(inline) > 30_000
    from fauxpen import uploaded
    with client.application.test_request_context():
        pieces = list(uploaded.text_pieces(file_id))
        assert "".join(pieces) == data.decode("utf-8", "replace") and len(pieces) > 20
        assert all(piece.endswith("\n") for piece in pieces[:-1])
        assert uploaded.mentions(file_id, "json") and not uploaded.mentions(file_id, "jsonx")


def blob_reads(monkeypatch):
    """Record each read of a kept blob's bytes: its table, the offset in the blob it starts at, and its length."""
    import sqlite3
    reads, connect = [], sqlite3.connect

    class Blob:
        def __init__(self, table, blob):
            self.table, self.blob = table, blob

        def __enter__(self):
            self.blob.__enter__()
            return self

        def __exit__(self, *exc):
            return self.blob.__exit__(*exc)

        def seek(self, *args):
            return self.blob.seek(*args)

        def __len__(self):
            return len(self.blob)

        def read(self, *args):
            at = self.blob.tell()
            data = self.blob.read(*args)
            reads.append((self.table, at, len(data)))
            return data

        def write(self, data):
            return self.blob.write(data)

    class Connection(sqlite3.Connection):
        def blobopen(self, table, *args, **kwargs):
            return Blob(table, super().blobopen(table, *args, **kwargs))
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: connect(*args, factory=Connection, **kwargs))
    return reads


SMALL_CHUNK, SMALL_STEP = 4096, 16384  # a kept part's bytes, and a step's, made small: the files below are 100 parts


def stepped_reads(monkeypatch, view, step, key, reads):
    """Run the rest of a job's steps; return the bytes each read of its parts, and the deepest offset in a blob any
    of their reads started at."""
    per_step, deepest = [], 0
    more = True
    while more:
        reads.clear()
        more = view.step(step.app, step.path, key)
        per_step.append(sum(length for table, _, length in reads if table == "upload_parts"))
        deepest = max([deepest] + [at for table, at, _ in reads if table == "upload_parts"])
    return per_step, deepest


class Step:
    def __init__(self, client):
        self.app, self.path = client.application, client.application.config["FAUXPEN_STORE_PATH"]


def assert_bounded(per_step, deepest, size, longest):
    """Each step reads its bytes, the rest of a line and at most a part more, and no read walks past a part: the
    whole job reads the file about once, at a cost that does not grow with how deep into it a step starts."""
    assert len(per_step) > 20
    assert max(per_step) <= SMALL_STEP + longest + SMALL_CHUNK, per_step
    assert deepest < SMALL_CHUNK
    assert sum(per_step) <= size + len(per_step) * SMALL_CHUNK


def test_a_batchs_steps_read_bounded_parts_of_its_input(client, monkeypatch):
    # A step read its lines from one blob of the whole file, which SQLite walks from its start to the step's offset
    # (a 30 MB file's 61 check steps took 3.5 s where one check of it all took 0.7 s), and each answer step read
    # 8 MB where it needed 50 KB (4.2 GB read for a 30 MB file). The input is now kept in parts of a chunk each.
    import io
    import json
    from fauxpen import batch as batches, store
    from fauxpen.views import batches as view
    monkeypatch.setattr(store, "CHUNK", SMALL_CHUNK)
    monkeypatch.setattr(view, "CHECK_BYTES", SMALL_STEP)
    monkeypatch.setattr(view, "STEP_BYTES", SMALL_STEP)
    monkeypatch.setattr(view, "STEP_LINES", 10_000)
    monkeypatch.setattr(view, "run_later", lambda *args: None)
    answered = []

    def run(client, requests, headers, created):  # what is measured is the reading: no answer is made
        answered.extend(item["custom_id"] for item in requests)
        return [], [], {}, "gpt-4o-mini"
    monkeypatch.setattr(batches, "run", run)
    monkeypatch.setattr(batches, "add_usage", lambda kept, usage: None)
    lines = [json.dumps({"custom_id": f"r{n}", "method": "POST", "url": "/v1/chat/completions", "body": {
        "model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello " * (n % 30)}]}}) for n in range(1900)]
    content = ("\n".join(lines) + "\n").encode()
    file_id = client.post("/v1/files", data={"purpose": "batch", "file": (io.BytesIO(content), "b.jsonl")}).get_json()[
        "id"]
    reads = blob_reads(monkeypatch)
    batch = client.post("/v1/batches", json={"input_file_id": file_id, "endpoint": "/v1/chat/completions",
                                             "completion_window": "24h"}).get_json()
    assert 100 <= len(content) // SMALL_CHUNK < 200
    step = Step(client)
    checked = store.get_record(step.path, "batches", batch["id"])["pending"]["checking"]
    assert 0 < checked["line"] < 200
    per_step, deepest = stepped_reads(monkeypatch, view, step, batch["id"], reads)
    assert_bounded(per_step, deepest, 2 * len(content), max(map(len, lines)) + 1)  # checked, then answered
    assert answered == [f"r{n}" for n in range(1900)]
    assert "pending" not in store.get_record(step.path, "batches", batch["id"])


def test_a_fine_tuning_jobs_steps_read_bounded_parts_of_its_training_file(client, monkeypatch):
    import io
    import json
    from fauxpen import store
    from fauxpen.views import fine_tuning as view
    monkeypatch.setattr(store, "CHUNK", SMALL_CHUNK)
    monkeypatch.setattr(view, "STEP_BYTES", SMALL_STEP)
    monkeypatch.setattr(view, "run_later", lambda *args: None)
    lines = [json.dumps({"messages": [{"role": "user", "content": "Question " * (n % 20)},
                                      {"role": "assistant", "content": f"Answer {n}."}]}) for n in range(3000)]
    content = ("\n".join(lines) + "\n").encode()
    file_id = client.post("/v1/files", data={"purpose": "fine-tune", "file": (io.BytesIO(content), "t.jsonl")}
                          ).get_json()["id"]
    reads = blob_reads(monkeypatch)
    job = client.post("/v1/fine_tuning/jobs", json={"model": "gpt-4o-mini-2024-07-18", "training_file": file_id})
    assert job.status_code == 200 and 100 <= len(content) // SMALL_CHUNK < 200
    per_step, deepest = stepped_reads(monkeypatch, view, Step(client), job.get_json()["id"], reads)
    assert_bounded(per_step, deepest, len(content), max(map(len, lines)) + 1)
    assert store.get_record(Step(client).path, "fine_tuning_jobs", job.get_json()["id"])["examples"] == 3000


def test_an_eval_runs_steps_read_bounded_parts_of_its_items(client, monkeypatch):
    import io
    import json
    from fauxpen import store
    from fauxpen.views import evals as view
    monkeypatch.setattr(store, "CHUNK", SMALL_CHUNK)
    monkeypatch.setattr(view, "STEP_BYTES", SMALL_STEP)
    monkeypatch.setattr(view, "run_later", lambda *args: None)
    made = client.post("/v1/evals", json={"data_source_config": {"type": "custom", "item_schema": {"type": "object"}},
                                          "testing_criteria": [{"type": "string_check", "name": "m", "operation": "eq",
                                                                "input": "{{ sample.output_text }}",
                                                                "reference": "{{ item.label }}"}]}).get_json()
    lines = [json.dumps({"item": {"text": "Hello " * (n % 20), "label": "yes"}, "sample": {"output_text": "yes"}})
             for n in range(3200)]
    content = ("\n".join(lines) + "\n").encode()
    file_id = client.post("/v1/files", data={"purpose": "evals", "file": (io.BytesIO(content), "e.jsonl")}).get_json()[
        "id"]
    reads = blob_reads(monkeypatch)
    run = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "jsonl", "source": {"type": "file_id", "id": file_id}}}).get_json()
    assert 100 <= len(content) // SMALL_CHUNK < 200
    per_step, deepest = stepped_reads(monkeypatch, view, Step(client), run["id"], reads)
    assert_bounded(per_step, deepest, len(content), max(map(len, lines)) + 1)
    kept = store.get_record(Step(client).path, "eval_runs", run["id"])
    assert "pending" not in kept and kept["counts"]["passed"] == 3200


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 10_000])
def test_parts_are_read_from_any_offset(tmp_path, monkeypatch, size):
    from fauxpen import store
    monkeypatch.setattr(store, "CHUNK", SMALL_CHUNK)
    path = str(tmp_path / "store.sqlite")
    content = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    store.save_parts(path, "u:input", content)
    store.save_parts(path, "u:inputs", b"not these")  # an upload whose id begins with the other's
    assert len(store.parts(path, "u:input")) == -(-size // SMALL_CHUNK)
    for start in sorted({0, 1, 4095, 4096, 4097, 8192, size - 1, size, size + 1, size + 5000} - {-1}):
        chunks = list(store.part_chunks(path, "u:input", start))
        assert b"".join(chunks) == content[start:] and all(chunks)
        assert max(map(len, chunks), default=0) <= SMALL_CHUNK
    lines = list(store.part_lines(path, "u:input", 3))
    assert b"".join(line + b"\n" for _, line in lines).rstrip(b"\n") == content[3:].rstrip(b"\n")
    assert bool(lines) == (size > 3)  # lines read past the third byte whenever there are bytes there
    store.drop_parts(path, "u:input")
    assert list(store.part_chunks(path, "u:input")) == []


def opened_blobs(monkeypatch):
    """Count the kept blobs opened for reading, by table."""
    from fauxpen import store
    opened, blob = {}, store._blob

    def opening(conn, table, key):
        opened[table] = opened.get(table, 0) + 1
        return blob(conn, table, key)
    monkeypatch.setattr(store, "_blob", opening)
    return opened


def batch_lines(count):
    import json
    return b"".join(json.dumps({"custom_id": f"r{n}", "method": "POST", "url": "/v1/chat/completions",
                                "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"{n}"}]}
                                }).encode() + b"\n" for n in range(count))


def test_a_large_download_is_read_forward_once_and_sent_with_no_lock_held(client, monkeypatch):
    # Each connection of 8 chunks walked SQLite's pages from the blob's first to where it started: a 300 MB file read
    # 5.9 GB from the store in 1.7 s, as the square of its length. Now the bytes are read once, forward, by one.
    import io
    from fauxpen import store
    monkeypatch.setattr(store, "CHUNK", SMALL_CHUNK)
    monkeypatch.setattr(store, "READ_AHEAD", 2)
    data = batch_lines(4000)
    assert len(data) > 100 * SMALL_CHUNK
    file_id = client.post("/v1/files", data={"purpose": "batch",
                                             "file": (io.BytesIO(data), "in.jsonl")}).get_json()["id"]
    reads, opened = blob_reads(monkeypatch), opened_blobs(monkeypatch)
    response = client.get(f"/v1/files/{file_id}/content", buffered=False)
    assert response.headers["Content-Length"] == str(len(data))
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"] == 'attachment; filename="in.jsonl"'
    body = iter(response.response)
    sent = [next(body)]
    # Read whole before the first chunk is sent, and no lock held while the rest is: a writer gets the store alone.
    assert store_is_free(client.application.config["FAUXPEN_STORE_PATH"])
    sent.extend(body)
    assert b"".join(sent) == data and max(map(len, sent)) <= SMALL_CHUNK
    assert opened == {"files": 1}
    at = 0
    for table, start, length in reads:  # each read where the last ended
        assert (table, start) == ("files", at) and length <= SMALL_CHUNK
        at += length
    assert at == len(data)


def test_a_short_download_and_a_large_container_file_read_their_bytes_once(client, monkeypatch):
    import io
    from fauxpen import store
    monkeypatch.setattr(store, "CHUNK", SMALL_CHUNK)
    monkeypatch.setattr(store, "READ_AHEAD", 2)
    short = batch_lines(40)
    assert store.CHUNK < len(short) <= 2 * store.CHUNK  # read into memory: no file spooled
    file_id = client.post("/v1/files", data={"purpose": "batch",
                                             "file": (io.BytesIO(short), "s.jsonl")}).get_json()["id"]
    reads, opened = blob_reads(monkeypatch), opened_blobs(monkeypatch)
    response = client.get(f"/v1/files/{file_id}/content")
    assert response.get_data() == short and response.headers["Content-Length"] == str(len(short))
    assert opened == {"files": 1} and sum(length for _, _, length in reads) == len(short)
    container = client.post("/v1/containers", json={"name": "c"}).get_json()["id"]
    data = batch_lines(2000)
    made = client.post(f"/v1/containers/{container}/files",
                       data={"file": (io.BytesIO(data), "big.jsonl")}).get_json()
    reads.clear()
    opened.clear()
    response = client.get(f"/v1/containers/{container}/files/{made['id']}/content")
    assert response.get_data() == data and response.headers["Content-Length"] == str(len(data))
    assert opened == {"container_files": 1}
    assert [start for _, start, length in reads if length] == list(range(0, len(data), SMALL_CHUNK))


def test_an_upload_completion_reads_each_part_forward_once_a_pass(client, monkeypatch):
    # The md5's pass and the format check's each read a part by connections of 8 chunks, each walking to where it
    # started (parts of up to 64 MB); now by one, forward. The copy into the file reads each part once more.
    import hashlib
    import io
    from fauxpen import store
    monkeypatch.setattr(store, "CHUNK", SMALL_CHUNK)
    monkeypatch.setattr(store, "READ_AHEAD", 2)
    data = batch_lines(3000)
    cut = len(data) // 2 + 7
    upload = client.post("/v1/uploads", json={"bytes": len(data), "filename": "b.jsonl", "purpose": "batch",
                                              "mime_type": "application/jsonl"}).get_json()["id"]
    ids = [client.post(f"/v1/uploads/{upload}/parts", data={"data": (io.BytesIO(piece), "blob")}).get_json()["id"]
           for piece in (data[:cut], data[cut:])]
    reads, opened = blob_reads(monkeypatch), opened_blobs(monkeypatch)
    done = client.post(f"/v1/uploads/{upload}/complete", json={"part_ids": ids, "md5": hashlib.md5(data).hexdigest()})
    assert done.get_json()["status"] == "completed", done.get_json()
    assert opened == {"upload_parts": 6}  # each part by the md5, the check and the copy
    part_reads = [(start, length) for table, start, length in reads if table == "upload_parts" and length]
    assert sum(length for _, length in part_reads) == 3 * len(data)
    assert sorted(start for start, _ in part_reads) == sorted(
        3 * (list(range(0, cut, SMALL_CHUNK)) + list(range(0, len(data) - cut, SMALL_CHUNK))))
    file_id = done.get_json()["file"]["id"]
    assert client.get(f"/v1/files/{file_id}/content").get_data() == data


def test_a_file_is_copied_into_parts_with_no_lock_held_between_them(tmp_path, monkeypatch):
    # A batch's or a fine-tuning job's create copied its input file into parts in one transaction: another worker's
    # writer waited for all of it (186 ms a 100 MB file). Each part is now written in a transaction of its own, read
    # by a connection closed before it is: a writer can have the store between any two.
    from fauxpen import store
    monkeypatch.setattr(store, "CHUNK", SMALL_CHUNK)
    path = str(tmp_path / "store.sqlite")
    content = batch_lines(2000)
    store.save_file(path, {"id": "file-a"}, content)
    free, part_id = [], store._part_id

    def naming(upload_id, offset):
        free.append(store_is_free(path))
        return part_id(upload_id, offset)
    monkeypatch.setattr(store, "_part_id", naming)
    assert store.copy_to_parts(path, "file-a", "batch_x:input")
    assert len(free) == -(-len(content) // SMALL_CHUNK) > 50 and all(free)
    monkeypatch.setattr(store, "_part_id", part_id)
    assert b"".join(store.part_chunks(path, "batch_x:input")) == content
    assert not store.copy_to_parts(path, "file-b", "batch_y:input") and store.parts(path, "batch_y:input") == {}
