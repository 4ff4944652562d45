"""The benchmark's helpers: statistics, wrk output, the baseline app, the load generator, /proc readings."""
import json
import os

import pytest

from bench import loadgen, servers
from bench.baseline_app import create_app, load_canned
from bench.floor_app import create_floor_app
from bench.instructions import budget
from bench.loadgen import Request
from bench.report import Row, table
from bench.run import as_writes, chat, prose
from fauxpen.completion import server_sent_events

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8000/v1/chat/completions
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.10ms  320.00us   9.00ms   90.00%
    Req/Sec     1.80k   100.00     2.00k    70.00%
  Latency Distribution
     50%  1.02ms
     75%  1.20ms
     90%  1.50ms
     99%    2.50ms
  10800 requests in 3.00s, 12.00MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   3600.50
Transfer/sec:      4.00MB
"""


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert loadgen.percentile(values, 50) == 50
    assert loadgen.percentile(values, 99) == 99
    assert loadgen.percentile([7], 99) == 7
    assert loadgen.percentile([1, 2, 3], 50) == 2


def test_load_summarises_latencies():
    load = loadgen.Load([0.001] * 98 + [0.010, 0.020], seconds=2.0)
    assert load.rps == 50 and load.p50 == 0.001 and load.p99 == 0.010


def test_parse_wrk_reads_rate_percentiles_and_errors():
    load = loadgen.parse_wrk(WRK_OUTPUT, 3.0, sent=100)
    assert load.rps == 3600.5
    assert load.p50 == pytest.approx(1.02e-3) and load.p99 == pytest.approx(2.5e-3)
    assert load.statuses == {"2xx": 10788, "non-2xx": 12}
    assert load.sent == 10900


def test_wrk_script_sends_the_request():
    script = loadgen.wrk_script(Request("/v1/chat/completions", b'{"a": 1}', "plain"))
    assert 'wrk.method = "POST"' in script and 'wrk.body = [==[{"a": 1}]==]' in script
    assert 'wrk.headers["X-Bench-Case"] = "plain"' in script


def test_row_ratio_and_table():
    rows = [Row("plain chat", "req/s", 900.0, 1000.0, "≥ 0.85x", True), Row("estimator", "MB/s", 50.0)]
    assert rows[0].ratio == pytest.approx(0.9) and rows[1].ratio is None
    text = table(rows)
    assert "0.90x" in text and "yes" in text
    assert len({len(line) for line in text.splitlines()[:2]}) == 1  # header and rule align


def test_prose_has_the_asked_size():
    assert len(prose(1024).encode()) == 1024
    assert prose(100, seed=1) != prose(100, seed=2)


def test_baseline_writes_a_stream_as_fauxpen_does():
    objects = [{"i": i} for i in range(70)]
    writes = list(server_sent_events(objects))
    events = [e + b"\n\n" for e in b"".join(writes).split(b"\n\n") if e]
    assert as_writes(events) == writes


def test_baseline_app_replays_captured_answers(tmp_path):
    canned = {"plain": [200, "application/json", ['{"ok":true}\n']],
              "rejected": [400, "application/json", ['{"error":{}}\n']],
              "stream": [200, "text/event-stream; charset=utf-8", ["data: 1\n\n", "data: [DONE]\n\n"]]}
    path = tmp_path / "canned.json"
    path.write_text(json.dumps(canned))
    client = create_app(load_canned(path)).test_client()
    body = b'{"model": "gpt-4o"}'
    answer = client.post("/v1/chat/completions", data=body, headers={"X-Bench-Case": "plain"})
    assert (answer.status_code, answer.data) == (200, b'{"ok":true}\n')
    assert client.post("/v1/x", data=body, headers={"X-Bench-Case": "rejected"}).status_code == 400
    stream = client.post("/v1/chat/completions", data=body, headers={"X-Bench-Case": "stream"})
    assert stream.data == b"data: 1\n\ndata: [DONE]\n\n"
    # It does parse the body: bad JSON is refused.
    assert client.post("/v1/chat/completions", data=b"{", headers={"X-Bench-Case": "plain"}).status_code == 400


def test_baseline_sends_the_captured_api_headers_only_when_asked(tmp_path):
    canned = {"plain": [200, "application/json", ['{"ok":true}\n'],
                        [["x-request-id", "req_1"], ["openai-version", "2020-10-01"]]]}
    path = tmp_path / "canned.json"
    path.write_text(json.dumps(canned))
    body, case = b'{"model": "gpt-4o"}', {"X-Bench-Case": "plain"}
    bare = create_app(load_canned(path)).test_client().post("/v1/chat/completions", data=body, headers=case)
    headed = create_app(load_canned(path), api_headers=True).test_client().post("/v1/chat/completions", data=body,
                                                                                headers=case)
    assert "x-request-id" not in bare.headers and bare.data == headed.data == b'{"ok":true}\n'
    assert headed.headers["x-request-id"] == "req_1" and headed.headers["openai-version"] == "2020-10-01"
    assert headed.headers["Content-Type"] == "application/json"


def test_floor_app_answers_the_baseline_bytes_over_fauxpens_wire(tmp_path):
    path = tmp_path / "canned.json"
    path.write_text(json.dumps({"plain": [200, "application/json", ['{"ok":true}\n']]}))
    client = create_floor_app(load_canned(path)).test_client()
    # No validation: a request the real endpoint refuses gets the canned bytes...
    answer = client.post("/v1/chat/completions", json={"model": "gpt-4o"}, headers={"X-Bench-Case": "plain"})
    assert (answer.status_code, answer.data) == (200, b'{"ok":true}\n')
    # ... with fauxpen's wire: the real API's headers, and its envelope for a body that is not JSON.
    assert answer.headers["x-request-id"].startswith("req_") and "x-ratelimit-limit-tokens" in answer.headers
    refused = client.post("/v1/chat/completions", data=b"{", headers={"X-Bench-Case": "plain",
                                                                     "Content-Type": "application/json"})
    assert refused.status_code == 400 and refused.get_json()["error"]["type"] == "invalid_request_error"


def test_budget_is_what_the_target_leaves_after_the_wire():
    text = budget((1_500_000, 1_020_000), floor=1_100_000, headed=1_120_000)
    assert "about 1,200,000 instructions" in text  # 1,020,000 / 0.85
    assert "leaves 100,000 for validating" in text and "which take 400,000" in text
    assert "costs the bare baseline 100,000 of the 180,000 the target allows" in text


def test_proc_readings_of_this_process():
    assert os.getpid() in servers.children(os.getppid())
    rss, peak = servers.rss_kb(os.getpid())
    assert 0 < rss <= peak
    assert servers.cpu_seconds(os.getpid()) > 0


LIVE_CANNED = {"plain": [200, "application/json", ['{"ok":true}\n']],
               "stream": [200, "text/event-stream", ["data: {}\n\n", "data: {}\n\ndata: [DONE]\n\n"]]}


@pytest.fixture
def live_baseline(tmp_path):
    """The baseline app under gunicorn (1 worker, 2 threads), answering LIVE_CANNED."""
    path = tmp_path / "canned.json"
    path.write_text(json.dumps(LIVE_CANNED))
    server = servers.start("baseline", "bench.baseline_app:app", servers.Settings(workers=1, threads=2),
                           {"BENCH_CANNED": str(path)})
    yield server
    server.stop()


def test_load_generator_against_a_live_baseline(live_baseline):
    server, request, stream_request = live_baseline, chat("plain"), chat("stream", stream=True)
    load = loadgen.python_closed_loop(server.port, request, connections=2, warmup=0.1, duration=0.3)
    assert load.statuses == {200: len(load.latencies)} and load.sent >= len(load.latencies) > 0
    assert load.p50 <= load.p99
    latencies, statuses = loadgen.sequential(server.port, request, 5)
    assert len(latencies) == 5 and statuses == {200: 5}
    streams = loadgen.streams(server.port, stream_request, 3)
    assert [s.events for s in streams] == [3, 3, 3]
    assert all(0 < s.ttfb <= s.total for s in streams)
    assert len(server.memory()) == 1 and server.cpu_seconds() > 0


def test_json_and_stream_alternate_on_one_connection(live_baseline):
    latencies, streams = loadgen.json_and_stream(live_baseline.port, chat("plain"), chat("stream", stream=True), 4)
    assert len(latencies) == 4 and [s.events for s in streams] == [3, 3, 3, 3]
    assert all(s.status == 200 for s in streams)
