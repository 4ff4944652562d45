"""Start fauxpen and the baseline under identical gunicorn settings; read their workers' memory from /proc."""
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Settings:
    """The gunicorn command line both servers share."""

    workers: int = 2
    threads: int = 8
    worker_class: str = "gthread"

    def args(self):
        return ["--worker-class", self.worker_class, "--workers", str(self.workers), "--threads", str(self.threads)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    port: int

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self):
        """Return the pids of the gunicorn workers (the master's children)."""
        return children(self.proc.pid)

    def memory(self):
        """Return [(rss_kb, peak_rss_kb), ...] of each worker."""
        return [rss_kb(pid) for pid in self.worker_pids()]

    def cpu_seconds(self):
        """Return the CPU time (user and system) the workers have used so far."""
        return sum(cpu_seconds(pid) for pid in self.worker_pids())

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start(name, target, settings, env=None, ready_path="/", timeout=30):
    """Start `gunicorn target` from the repository root on a free port; return the Server once it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", target, "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         *settings.args()],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server(name, proc, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited: " + proc.stderr.read().decode(errors="replace"))
        try:
            urllib.request.urlopen(server.base + ready_path, timeout=1).read()
        except urllib.error.HTTPError:
            pass  # it answers: any status will do
        except OSError:
            time.sleep(0.1)
            continue
        if len(server.worker_pids()) >= settings.workers:
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{name} did not answer within {timeout} s")


def children(pid):
    """Return the pids whose parent is pid, read from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name (2nd field) is in parentheses and may hold spaces: the parent pid is 2nd after it.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # the 4th field
            found.append(int(entry))
    return sorted(found)


def cpu_seconds(pid):
    """Return the user and system CPU seconds pid has used, from /proc/pid/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are the 14th and 15th fields; fields here start at the 3rd.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid):
    """Return (VmRSS, VmHWM) of pid in kB: its resident memory now and at its peak."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]
