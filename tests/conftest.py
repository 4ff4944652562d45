"""Fixtures: the Flask app and test client, and a live gunicorn server for the openai SDK."""
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import wave
from pathlib import Path

import pytest

from fauxpen import create_app

ROOT = Path(__file__).resolve().parent.parent
STD_MESSAGES = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Hello"},
]


def wav_bytes(seconds, rate=16000):
    """Return a WAV of silence, 16-bit mono."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\x00\x00" * int(seconds * rate))
    return out.getvalue()


def sse_chunks(response):
    """Return the JSON chunks of an SSE answer, checking the framing and the closing `data: [DONE]`."""
    text = response.get_data(as_text=True)
    assert text.endswith("data: [DONE]\n\n")
    events = text[:-2].split("\n\n")
    assert all(e.startswith("data: ") and "\n" not in e for e in events)
    return [json.loads(e[6:]) for e in events[:-1]]


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def store_is_free(path):
    """Tell whether a writer could have the store file at path at once: no connection holds a lock on it."""
    import sqlite3

    held = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        held.execute("BEGIN EXCLUSIVE")
        held.rollback()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        held.close()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env=None, workers=1, threads=8, stdout=subprocess.DEVNULL):
    """Start gunicorn on wsgi:app on a free port; return (process, base URL) once it answers (stdout: where its
    log lines go, fauxpen's own among them)."""
    # The socket bound here and handed to gunicorn (fd://), not a port found free and bound by gunicorn later:
    # in between, another process (a suite run at the same time) could take the port, and the GET below would
    # take that process's answer for gunicorn's and send the tests' requests to it.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wsgi:app", "--bind", f"fd://{listener.fileno()}", "--worker-class",
             "gthread", "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, "FAUXPEN_LOG_LEVEL": "WARNING", **(env or {})},
            stdout=stdout, stderr=subprocess.PIPE, pass_fds=(listener.fileno(),))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited: " + proc.stderr.read().decode(errors="replace"))
        try:
            urllib.request.urlopen(base + "/v1/models", timeout=1).read()
            return proc, base
        except urllib.error.HTTPError:  # an answer all the same (a 401 when API keys are set)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not answer within 20 s")


def start_app_py(env=None, attempts=5):
    """Start `python app.py` on a free port (env: over os.environ's, None to leave a name out); return (process,
    base URL) once it answers.

    app.py binds the port itself, after _free_port has let it go, and another process (a suite run at the same time)
    may take it in between: app.py then cannot bind and exits, and what answers on the port is the other process.
    Each answer is told apart by its openai-organization header, a name given to this process alone (on an unknown
    URL's 404, which carries it whatever the API keys), and on another's the start is tried again on another port.
    """
    for _ in range(attempts):
        port, organization = _free_port(), f"org-start-{os.getpid()}-{time.monotonic_ns()}"
        given = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "FAUXPEN_LOG_LEVEL": "WARNING", **(env or {}),
                 "FAUXPEN_ORGANIZATION": organization}
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={k: v for k, v in given.items() if v is not None})
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                urllib.request.urlopen(base + "/v1/fauxpen-started", timeout=2).read()
            except urllib.error.HTTPError as error:  # the 404 expected
                if error.headers.get("openai-organization") == organization:
                    return proc, base
                break  # another process's answer
            except OSError:
                time.sleep(0.1)
                continue
            break  # an answer without an error: not fauxpen's
        stop_app_py(proc)
    raise RuntimeError(f"python app.py did not answer as itself in {attempts} tries")


def stop_app_py(proc):
    """Stop `python app.py` as a process manager does (SIGTERM: what it registered to run at exit runs)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server():
    """Base URL (http://127.0.0.1:PORT) of fauxpen served by gunicorn for the whole session."""
    proc, base = start_gunicorn()
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def sdk(live_server):
    """An openai.OpenAI client pointed at the live server."""
    openai = pytest.importorskip("openai")
    return openai.OpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=0)


@pytest.fixture
def async_sdk(live_server):
    """An openai.AsyncOpenAI client pointed at the live server."""
    openai = pytest.importorskip("openai")
    return openai.AsyncOpenAI(base_url=live_server + "/v1", api_key="sk-test", max_retries=0)
