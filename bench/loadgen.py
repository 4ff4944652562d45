"""Drive a server with the same load as another: wrk when installed, else keep-alive http.client processes.

A closed loop: each connection sends its next request when the previous answer has been read, through a
warm-up whose answers are discarded, then for the measured duration. Latencies are per request; requests/s is
the measured answers over the measured time.
"""
import http.client
import multiprocessing
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    path: str
    body: bytes
    case: str
    method: str = "POST"

    @property
    def headers(self):
        # X-Bench-Case tells the baseline which captured answer to send; fauxpen ignores it.
        return {"Content-Type": "application/json", "Authorization": "Bearer sk-bench", "X-Bench-Case": self.case}


@dataclass
class Load:
    """What one closed-loop run measured."""

    latencies: list            # seconds, one per measured request (wrk: only p50 and p99 are known)
    seconds: float
    statuses: Counter = field(default_factory=Counter)
    sent: int = 0              # requests sent, warm-up included
    p50: float | None = None
    p99: float | None = None
    rps: float | None = None
    cpu_per_request: float | None = None   # server CPU seconds per request sent, when the caller measured it

    def __post_init__(self):
        if self.latencies:
            ordered = sorted(self.latencies)
            self.p50 = percentile(ordered, 50)
            self.p99 = percentile(ordered, 99)
            self.rps = len(ordered) / self.seconds


def percentile(ordered, pct):
    """Nearest-rank percentile of a sorted list."""
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def send(conn, request):
    """Send request on a keep-alive connection; return (status, body)."""
    conn.request(request.method, request.path, request.body, request.headers)
    response = conn.getresponse()
    return response.status, response.read()


def _loop(port, request, warm_until, end, out):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, statuses, sent = [], Counter(), 0
    while True:
        started = time.monotonic()
        if started >= end:
            break
        status, _ = send(conn, request)
        sent += 1
        if started >= warm_until:
            latencies.append(time.monotonic() - started)
            statuses[status] += 1
    conn.close()
    out.put((latencies, statuses, sent))


def python_closed_loop(port, request, connections=4, warmup=1.0, duration=3.0):
    """Run connections processes, one keep-alive connection each; return the Load of the measured part."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    warm_until = time.monotonic() + 0.2 + warmup
    end = warm_until + duration
    procs = [context.Process(target=_loop, args=(port, request, warm_until, end, out)) for _ in range(connections)]
    for proc in procs:
        proc.start()
    results = [out.get(timeout=duration + warmup + 120) for _ in procs]
    for proc in procs:
        proc.join()
    latencies, statuses = [], Counter()
    for lat, stat, _ in results:
        latencies += lat
        statuses += stat
    return Load(latencies, duration, statuses, sent=sum(sent for _, _, sent in results))


def wrk_script(request):
    """Return the Lua script that makes wrk send request."""
    lines = [f'wrk.method = "{request.method}"', f"wrk.body = [==[{request.body.decode()}]==]"]
    lines += [f'wrk.headers["{name}"] = "{value}"' for name, value in request.headers.items()]
    return "\n".join(lines) + "\n"


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def parse_wrk(output, duration, sent=0):
    """Read requests/s, p50, p99 and the non-2xx count off `wrk --latency` output."""
    def latency(pct):
        value, unit = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M).groups()
        return float(value) * _UNITS[unit]
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    statuses = Counter({"2xx": total - int(bad.group(1)) if bad else total})
    if bad:
        statuses["non-2xx"] = int(bad.group(1))
    return Load([], duration, statuses, sent=sent + total, p50=latency(50), p99=latency(99),
                rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)))


def wrk_seconds(seconds):
    """Return the round length wrk runs for seconds: whole seconds only ("-d1.2s" is refused), at least one."""
    return max(round(seconds), 1)


def wrk_closed_loop(port, request, connections=4, warmup=1.0, duration=3.0):
    """Run wrk (warm-up, then the measured run); return the Load of the measured run."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(wrk_script(request))
        script.flush()
        url = f"http://127.0.0.1:{port}{request.path}"
        threads = min(2, connections)
        outputs = [subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{wrk_seconds(seconds)}s", "--latency", "-s",
             script.name, url], check=True, capture_output=True, text=True).stdout for seconds in (warmup, duration)]
    warm_sent = int(re.search(r"(\d+) requests in", outputs[0]).group(1))
    return parse_wrk(outputs[1], duration, sent=warm_sent)


def closed_loop(port, request, connections=4, warmup=1.0, duration=3.0, use_wrk=None):
    """Closed-loop load with wrk when it is installed (or use_wrk says so), else with Python processes."""
    if use_wrk is None:
        use_wrk = shutil.which("wrk") is not None
    run = wrk_closed_loop if use_wrk else python_closed_loop
    return run(port, request, connections, warmup, duration)


def sequential(port, request, count, warmup=2):
    """Send request count times on one connection; return the latencies, after warmup unmeasured ones."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, statuses = [], Counter()
    for i in range(warmup + count):
        started = time.monotonic()
        status, _ = send(conn, request)
        if i >= warmup:
            latencies.append(time.monotonic() - started)
            statuses[status] += 1
    conn.close()
    return latencies, statuses


@dataclass
class Stream:
    """One streamed answer: time to its first body byte, its total time and its SSE events."""

    ttfb: float
    total: float
    events: int
    status: int

    @property
    def chunks_per_second(self):
        return self.events / self.total


def stream(conn, request):
    """Send a streamed request on conn; time its first body byte and count its `data:` events."""
    started = time.monotonic()
    conn.request(request.method, request.path, request.body, request.headers)
    response = conn.getresponse()
    first = response.read1(65536)
    ttfb = time.monotonic() - started
    body = first + response.read()
    total = time.monotonic() - started
    return Stream(ttfb, total, body.count(b"data: "), response.status)


def streams(port, request, count, warmup=2):
    """Stream request count times on one connection; return the Streams after warmup unmeasured ones."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    found = [stream(conn, request) for _ in range(warmup + count)][warmup:]
    conn.close()
    return found


def json_and_stream(port, json_request, stream_request, count, warmup=2):
    """Alternate a JSON request and a streamed one on one connection, count times each.

    Return the JSON answers' latencies and the Streams: interleaved, both meet the same moments of the
    machine, so their ratio holds when the machine is busy.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, found = [], []
    for i in range(warmup + count):
        started = time.monotonic()
        send(conn, json_request)
        latency = time.monotonic() - started
        answer = stream(conn, stream_request)
        if i >= warmup:
            latencies.append(latency)
            found.append(answer)
    conn.close()
    return latencies, found
