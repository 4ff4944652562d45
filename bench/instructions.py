"""Count a gunicorn worker's instructions per request, fauxpen against the baseline: `bench/instructions.py`.

Requests per second move by tens of percent on a shared machine; instructions counted by valgrind's callgrind
do not: the same code, request and environment give the same count whatever else the machine does. Each
server runs under callgrind (gunicorn -k gthread, one worker) twice, answering 0 and then N requests on one
keep-alive connection, each time after the same 20 warm-up requests; the difference over N is what a request
costs the worker, gunicorn included, and not what the first requests set up once. The
ratio fauxpen / baseline is the centre the worker-CPU ratio of the load rows (bench/run.py) moves around,
without their noise. A third row counts fauxpen with its chat view cut down to the baseline's work
(bench/floor_app.py): what the wire costs before any validation, and so what a target leaves for the rest.
A fourth counts the baseline sending the real API's headers too (BENCH_API_HEADERS): what they cost alone.
Needs valgrind (`apt-get install valgrind`); about two minutes on two quiet cores.

    .venv/bin/python bench/instructions.py [--requests 400] [--env NAME=VALUE ...]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
import urllib.error
import urllib.request
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import servers  # noqa: E402
from bench.run import capture, chat  # noqa: E402

CASES = {"plain chat": chat("plain"), "rejected (temperature 5)": chat("rejected", temperature=5)}
# fauxpen with the chat view cut down to the baseline's work: its hooks, headers and access line only.
FLOOR = "plain chat, wire only (floor_app)"
# fauxpen's plain chat against the baseline sending the real API's headers too (bench/baseline_app.py).
HEADED = "plain chat vs baseline + API headers"
TARGET = 0.85  # the requests/s ratio #7 asks for
# Requests each counted run sends before its own (the run of none too): what the first requests set up once (lazy
# imports, compiled patterns, caches) would otherwise be spread over the counted ones.
WARMUP = 20
# Both servers as bench/run.py deploys them, with hash randomization fixed so that counts repeat.
ENV = {"FAUXPEN_LOG_LEVEL": "INFO", "MALLOC_ARENA_MAX": "2", "PYTHONHASHSEED": "0"}


def worker_instructions(target, env, request, count, workdir):
    """Return the instructions of the gunicorn worker of target after it answered count requests."""
    port = servers.free_port()
    out = Path(workdir) / f"cg-{port}"
    proc = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p", sys.executable, "-m", "gunicorn",
         target, "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread", "--workers", "1", "--threads", "8",
         "--log-level", "warning"],
        cwd=servers.ROOT, env={**os.environ, **ENV, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300  # valgrind starts a worker slowly on busy cores
        while True:  # the first answer, whatever its status, says the worker is up
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{target} did not start under valgrind")
                time.sleep(0.5)
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(WARMUP + count):  # the same warm-up in both runs: what a first request sets up is not counted
            conn.request(request.method, request.path, request.body, request.headers)
            conn.getresponse().read()
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=120)
    counts = []
    for path in Path(workdir).glob(f"cg-{port}.*"):
        match = re.search(r"^summary: (\d+)", path.read_text(errors="replace"), re.M)
        if match:
            counts.append(int(match.group(1)))
    return max(counts)  # the worker: it does more than the master, which only forks and waits


def per_request(target, env, request, count, workdir):
    """Return the worker's instructions per request: (count requests - none) / count, both after the warm-up."""
    return (worker_instructions(target, env, request, count, workdir)
            - worker_instructions(target, env, request, 0, workdir)) / count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per counted run (400)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for both servers (repeatable)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        sys.exit("bench/instructions.py needs valgrind: apt-get install valgrind")
    env = dict(item.split("=", 1) for item in args.env)
    with tempfile.TemporaryDirectory() as workdir:
        live = servers.start("fauxpen", "wsgi:app", servers.Settings(workers=1), {**ENV, **env},
                             ready_path="/v1/models")
        try:
            canned = {request.case: capture(live.port, request) for request in CASES.values()}
        finally:
            live.stop()
        canned_path = Path(workdir) / "canned.json"
        canned_path.write_text(json.dumps(canned))
        print(f"{'row':36s} {'fauxpen':>12s} {'baseline':>12s} {'ratio':>7s}   (instructions per request)")
        baseline_env = {**env, "BENCH_CANNED": str(canned_path)}
        plain = CASES["plain chat"]
        # (row, fauxpen's (target, env, request), the baseline's (env, request)); None counts nothing new: the
        # row takes plain chat's count.
        rows = [(name, ("wsgi:app", env, request), (baseline_env, request)) for name, request in CASES.items()]
        rows.append((FLOOR, ("bench.floor_app:app", baseline_env, plain), None))
        rows.append((HEADED, None, ({**baseline_env, "BENCH_API_HEADERS": "1"}, plain)))
        counts = {}
        with ThreadPoolExecutor(2) as pool:  # two servers at once: one core each
            jobs = [(name, ours and pool.submit(per_request, *ours, args.requests, workdir),
                     theirs and pool.submit(per_request, "bench.baseline_app:app", *theirs, args.requests, workdir))
                    for name, ours, theirs in rows]
            for name, ours, theirs in jobs:
                ours = ours.result() if ours else counts["plain chat"][0]
                theirs = theirs.result() if theirs else counts["plain chat"][1]
                counts[name] = ours, theirs
                print(f"{name:36s} {ours:12,.0f} {theirs:12,.0f} {ours / theirs:6.2f}x", flush=True)
        print(budget(counts["plain chat"], counts[FLOOR][0], counts[HEADED][1]))


def budget(plain, floor, headed):
    """Say what is left of the 0.85x target once the wire is paid for, what the endpoint takes, and the headers."""
    ours, theirs = plain
    allowed = theirs / TARGET
    return (f"\nAt {TARGET}x, a plain chat request may cost the worker about {allowed:,.0f} instructions "
            f"(baseline / {TARGET}; the load generator's share of the CPU loosens this by a few percent). The wire "
            f"alone (hooks, the real API's headers, the access line, the JSON body) costs {floor:,.0f}: that leaves "
            f"{allowed - floor:,.0f} for validating the request and building its answer, which take "
            f"{ours - floor:,.0f}. Sending the real API's headers costs the bare baseline {headed - theirs:,.0f} "
            f"of the {allowed - theirs:,.0f} the target allows above it.")


if __name__ == "__main__":
    main()
