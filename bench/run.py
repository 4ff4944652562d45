"""Benchmark fauxpen against a bare Flask baseline in one run: `.venv/bin/python bench/run.py [--quick]`.

Both apps run under the same gunicorn settings, one at a time, in alternating rounds under the same load; the
table gives medians over the rounds and the ratio fauxpen / baseline of each row. See bench/README.md.
"""
import argparse
import json
import random
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, servers  # noqa: E402
from bench.loadgen import Request  # noqa: E402
from bench.report import Row, markdown, save, table  # noqa: E402

CHAT = "/v1/chat/completions"
EMBEDDINGS = "/v1/embeddings"
RESULTS = Path(__file__).resolve().parent / "results"
KB = 1024

_WORDS = ("the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing matches in "
          "northern cities; meanwhile, an engineer writes careful notes about latency, memory and throughput, "
          "asking whether 42 requests per second are enough for Tuesday's release.").split()


def prose(size, seed=7):
    """Return about size bytes of English-like text (ASCII, so bytes and characters agree)."""
    rng = random.Random(seed)
    words, length = [], 0
    while length < size:
        word = rng.choice(_WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


_NAMES = ("userId", "items", "getElementById", "response", "config", "setState", "index", "value", "handleClick",
          "options", "result", "fetchData", "callback", "error", "count", "node", "parseInt", "length", "data", "props")
_STATEMENTS = ("const {0} = {1}.{2}({3}, '{4}');", "if ({0} === null || {1}.{2} > {5}) {{", "  return {0}.map(({1}) => "
               "{1}.{2} * {5});", "}} else {{", "  {0}[{5}] += `${{{1}}}/{2}`; // {4}", "}}",
               "export function {0}({1}, {2} = {{}}) {{", "  await {0}.{1}?.{2}({{ {3}: {5}, {4}: true }});",
               "/* {0}: {1} <= {5} && {2} !== undefined */", "for (let i = 0; i < {0}.length; i++) {{")


def code(size, seed=7):
    """Return about size bytes of JavaScript-like source (ASCII: statements of camelCase names, operators and
    indentation), the kind of text a pasted file is, which the estimator counts slower than prose."""
    rng = random.Random(seed)
    lines, length = [], 0
    while length < size:
        names = [rng.choice(_NAMES) for _ in range(5)]
        line = "    " * rng.randrange(3) + rng.choice(_STATEMENTS).format(*names, rng.randrange(1000))
        lines.append(line)
        length += len(line) + 1
    return "\n".join(lines)[:size]


def chat(case, model="gpt-4o", content="Hello", **extra):
    body = {"model": model, "messages": [{"role": "system", "content": "You are a helpful assistant."},
                                         {"role": "user", "content": content}], **extra}
    return Request(CHAT, json.dumps(body).encode(), case)


def embed(case, inputs, encoding_format):
    body = {"model": "text-embedding-3-small", "input": inputs, "encoding_format": encoding_format}
    return Request(EMBEDDINGS, json.dumps(body).encode(), case)


def cases(quick):
    """The requests of the run: throughput rows, then how cost grows."""
    forced = {"logit_bias": {"1734": 100}}  # one token repeated up to max_tokens: a stream of max_tokens chunks
    load = {
        "plain chat": chat("plain"),
        "rejected (temperature 5)": chat("rejected", temperature=5),
        "embeddings (1 x 1,536 floats)": embed("embed", "The food was delicious and the waiter...", "float"),
        "streamed chat": chat("stream", stream=True),
    }
    prompts = {size: chat(f"prompt-{size}", content=prose(size)) for size in (KB, 32 * KB, 1024 * KB)}
    stream_lengths = {n: chat(f"stream-{n}", stream=True, max_tokens=n, **forced) for n in (10, 256, 4096)}
    choices = {n: chat(f"n-{n}", n=n) for n in (1, 16, 128)}
    batches = {n: embed(f"embed-{n}", [prose(40, seed=i) for i in range(n)], "base64") for n in (1, 64, 2048)}
    return load, prompts, stream_lengths, choices, batches


# Headers the server writes itself, whatever the app says: not part of an answer to replay.
_SERVER_HEADERS = {"content-type", "content-length", "date", "server", "connection", "transfer-encoding"}


def capture(port, request):
    """Return fauxpen's answer to request as the baseline replays it: [status, content type, pieces, headers].

    headers are the app's own: [name, value] pairs, the real API's headers among them.
    """
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(request.method, request.path, request.body, request.headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    kind = response.getheader("Content-Type", "application/json")
    if kind.startswith("text/event-stream"):
        pieces = as_writes([event + b"\n\n" for event in body.split(b"\n\n") if event])
    else:
        pieces = [body]
    headers = [[name, value] for name, value in response.getheaders() if name.lower() not in _SERVER_HEADERS]
    return [response.status, kind, [p.decode() for p in pieces], headers]


def as_writes(events):
    """Group a stream's events as fauxpen writes them: the first alone, then batches (completion.py).

    Versions of fauxpen before the batches wrote one event at a time.
    """
    from fauxpen import completion

    size = getattr(completion, "EVENTS_PER_WRITE", 1)
    return events[:1] + [b"".join(events[i:i + size]) for i in range(1, len(events), size)]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ms(seconds):
    return None if seconds is None else seconds * 1000


def estimator_speed(size, repeat, text=prose):
    """Return the token estimator's MB/s on texts of size bytes (made by text): the median of repeat timings.

    Each timing counts a different text, so that the counts fauxpen keeps for short texts are not what is timed.
    """
    from fauxpen import tokens

    texts = [text(size, seed=seed) for seed in range(repeat)]
    timings = []
    for text in texts:
        started = time.perf_counter()
        tokens.count_tokens(text)
        timings.append(time.perf_counter() - started)
    return size / statistics.median(timings) / 1e6


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short round per row (a smoke run, ~30 s)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent keep-alive connections (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (2)")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker (8)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for both servers (repeatable), e.g. FAUXPEN_LOG_LEVEL=WARNING")
    parser.add_argument("--no-wrk", action="store_true", help="use the Python load generator even if wrk is there")
    args = parser.parse_args(argv)

    # Many short alternating rounds: a burst of other work on the machine spoils one round, not the median.
    rounds, duration, warmup = (1, 1.0, 0.5) if args.quick else (7, 1.2, 0.3)
    count = 20 if args.quick else 60            # sequential requests of a latency row
    use_wrk = shutil.which("wrk") is not None and not args.no_wrk
    if use_wrk:  # report the round lengths wrk really runs
        duration, warmup = loadgen.wrk_seconds(duration), loadgen.wrk_seconds(warmup)
    settings = servers.Settings(workers=args.workers, threads=args.threads)
    # As deployed (Procfile): one access line per request (to /dev/null here), glibc's arenas capped.
    env = {"FAUXPEN_LOG_LEVEL": "INFO", "MALLOC_ARENA_MAX": "2"}
    env.update(item.split("=", 1) for item in args.env)
    RESULTS.mkdir(exist_ok=True)
    began = time.monotonic()
    load, prompts, stream_lengths, choices, batches = cases(args.quick)
    notes = []

    fauxpen = servers.start("fauxpen", "wsgi:app", settings, env, ready_path="/v1/models")
    baseline = floor = headed = None
    try:
        all_requests = [*load.values(), *prompts.values(), *stream_lengths.values(), *choices.values(),
                        *batches.values()]
        canned = {r.case: capture(fauxpen.port, r) for r in all_requests}
        if canned["embed"][0] == 404:
            notes.append("embeddings rows skipped: fauxpen answers 404 for POST /v1/embeddings")
            load = {k: r for k, r in load.items() if r.path != EMBEDDINGS}
            batches = {}
        canned_path = RESULTS / "canned.json"
        canned_path.write_text(json.dumps(canned), encoding="utf-8")
        baseline = servers.start("baseline", "bench.baseline_app:app", settings,
                                 {**env, "BENCH_CANNED": str(canned_path)})
        both = (fauxpen, baseline)
        # fauxpen with its chat view cut down to the baseline's work: what the wire alone costs (plain chat only).
        floor = servers.start("wire only", "bench.floor_app:app", settings, {**env, "BENCH_CANNED": str(canned_path)},
                              ready_path="/v1/models")
        # The baseline sending the real API's headers too: what the headers alone cost (plain chat only).
        headed = servers.start("baseline + API headers", "bench.baseline_app:app", settings,
                               {**env, "BENCH_CANNED": str(canned_path), "BENCH_API_HEADERS": "1"})
        rows = []

        # Throughput under concurrent load: alternating rounds, medians.
        for name, request in load.items():
            contenders = (*both, floor, headed) if name == "plain chat" else both
            runs = {s.name: [] for s in contenders}
            for _ in range(rounds):
                for server in contenders:
                    cpu = server.cpu_seconds()
                    result = loadgen.closed_loop(server.port, request, args.connections, warmup, duration, use_wrk)
                    result.cpu_per_request = (server.cpu_seconds() - cpu) / max(result.sent, 1)
                    runs[server.name].append(result)
            expected = canned[request.case][0]
            for server in contenders:
                statuses = sum((r.statuses for r in runs[server.name]), start=Counter())
                bad = {s: n for s, n in statuses.items() if s not in (expected, "2xx", "non-2xx")}
                if bad:
                    notes.append(f"{name} on {server.name}: unexpected statuses {bad}")
            target = "≥ 0.85x" if name in ("plain chat", "rejected (temperature 5)") else ""
            rps = [median([r.rps for r in runs[s.name]]) for s in both]
            rows.append(Row(f"{name}", "req/s", *rps, target, rps[0] / rps[1] >= 0.85 if target else None))
            for pct in ("p50", "p99"):
                values = [ms(median([getattr(r, pct) for r in runs[s.name]])) for s in both]
                rows.append(Row(f"{name} {pct}", "ms", *values))
            # CPU the workers spend per request: less sensitive than req/s to whatever else the machine runs.
            cpu = [median([r.cpu_per_request * 1e6 for r in runs[s.name]]) for s in both]
            rows.append(Row(f"{name} worker CPU", "us/req", *cpu))
            if floor.name in runs:
                floor_runs = runs[floor.name]
                rows.append(Row(f"{name}, wire only (floor_app)", "req/s", median([r.rps for r in floor_runs]), rps[1]))
                rows.append(Row(f"{name}, wire only, worker CPU", "us/req",
                                median([r.cpu_per_request * 1e6 for r in floor_runs]), cpu[1]))
            if headed.name in runs:  # fauxpen against a baseline that sends the same headers
                headed_runs = runs[headed.name]
                rows.append(Row(f"{name} vs baseline + API headers", "req/s", rps[0],
                                median([r.rps for r in headed_runs])))
                rows.append(Row(f"{name} vs baseline + API headers, worker CPU", "us/req", cpu[0],
                                median([r.cpu_per_request * 1e6 for r in headed_runs])))
        for server in (floor, headed):  # idle from here on: they would only hold memory
            server.stop()
        memory_after_load = {s.name: s.memory() for s in both}

        # A streamed answer's first byte against a JSON answer's latency, one connection.
        json_latency, ttfb = {}, {}
        for server in both:
            latencies, found = loadgen.json_and_stream(server.port, load["plain chat"], load["streamed chat"],
                                                       2 * count)
            json_latency[server.name], ttfb[server.name] = median(latencies), median([x.ttfb for x in found])
        rows.append(Row("JSON answer latency", "ms", ms(json_latency["fauxpen"]), ms(json_latency["baseline"])))
        rows.append(Row("stream time to first byte", "ms", ms(ttfb["fauxpen"]), ms(ttfb["baseline"])))
        ratio = ttfb["fauxpen"] / json_latency["fauxpen"]
        rows.append(Row("stream TTFB / JSON latency (fauxpen)", "x", ratio, None, "≤ 1.2", ratio <= 1.2))

        # How cost grows.
        few = max(3, count // 10)
        for size, request in prompts.items():
            lat = [ms(median(loadgen.sequential(s.port, request, few if size > 64 * KB else count)[0]))
                   for s in both]
            status = canned[request.case][0]
            label = f"prompt {size // KB} KB" + (f" -> {status}" if status != 200 else "")
            big = size == 1024 * KB
            rows.append(Row(label, "ms", *lat, "< 150 ms" if big else "", lat[0] < 150 if big else None))
        speeds = {}
        for size in (KB, 32 * KB, 1024 * KB):
            speeds[size] = estimator_speed(size, 200 if size < 64 * KB else 10)
            rows.append(Row(f"token estimator on {size // KB} KB", "MB/s", speeds[size], None, "≥ 20",
                            speeds[size] >= 20))
        on_code = estimator_speed(1024 * KB, 10, code)
        rows.append(Row("token estimator on 1 MB of code", "MB/s", on_code, None, "≥ 20", on_code >= 20))
        linear = speeds[1024 * KB] / speeds[32 * KB]
        # Linear cost keeps MB/s flat as the text grows 32-fold (a quadratic one would divide it by 32); cache
        # effects on a 1 MB text cost some of it.
        rows.append(Row("estimator linearity (MB/s at 1 MB / at 32 KB)", "x", linear, None, "≥ 0.5",
                        linear >= 0.5))
        for n, request in stream_lengths.items():
            found = {s.name: loadgen.streams(s.port, request, few if n > 1000 else count // 2) for s in both}
            rows.append(Row(f"stream of {n} chunks, total", "ms",
                            *[ms(median([x.total for x in found[s.name]])) for s in both]))
            rows.append(Row(f"stream of {n} chunks", "chunks/s",
                            *[median([x.chunks_per_second for x in found[s.name]]) for s in both]))
        for n, request in choices.items():
            rows.append(Row(f"n = {n}", "ms", *[ms(median(loadgen.sequential(s.port, request, few if n > 16
                                                                             else count // 2)[0])) for s in both]))
        for n, request in batches.items():
            lat = [ms(median(loadgen.sequential(s.port, request, few if n > 64 else count // 2)[0])) for s in both]
            big = n == 2048
            rows.append(Row(f"embeddings batch of {n} (base64)", "ms", *lat, "< 250 ms" if big else "",
                            lat[0] < 250 if big else None))

        # Memory per worker (the largest worker): after the throughput rows, and the peaks.
        memory_end = {s.name: s.memory() for s in both}
        steady = [max(rss for rss, _ in memory_after_load[s.name]) / 1024 for s in both]
        peak = [max(hwm for _, hwm in memory_end[s.name]) / 1024 for s in both]
        rows.append(Row("RSS per worker after the load rows", "MB", *steady, "< 60 MB",
                        steady[0] < 60))
        load_peak = [max(hwm for _, hwm in memory_after_load[s.name]) / 1024 for s in both]
        rows.append(Row("peak RSS per worker during the load rows", "MB", *load_peak))
        rows.append(Row("peak RSS per worker over the run, 1 MB prompts included", "MB", *peak))
    finally:
        for server in (fauxpen, baseline, floor, headed):
            if server is not None:
                server.stop()

    elapsed = time.monotonic() - began
    meta = {"load generator": "wrk" if use_wrk else "python (http.client, one process per connection)",
            "connections": args.connections, "gunicorn": " ".join(settings.args()), "rounds": rounds,
            "seconds per round": duration, "warm-up seconds": warmup, "quick": args.quick,
            "server environment": env, "elapsed seconds": round(elapsed, 1), "python": sys.version.split()[0],
            "notes": notes}
    print(table(rows))
    print()
    for key, value in meta.items():
        print(f"{key}: {value}")
    save(RESULTS / "latest.json", rows, meta)
    (RESULTS / "latest.md").write_text(markdown(rows) + "\n", encoding="utf-8")
    missed = [r.name for r in rows if r.ok is False]
    if missed:
        print("targets missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
