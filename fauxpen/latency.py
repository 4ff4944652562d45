"""Simulated latency of successful answers: time to first token, and time between stream chunks.

FAUXPEN_LATENCY_MS and FAUXPEN_CHUNK_DELAY_MS set them for every request (zero by default); the
X-Fauxpen-Latency-Ms and X-Fauxpen-Chunk-Delay-Ms headers set them for one.
"""
import time

from . import wire
from .completion import split_events

LATENCY_HEADER = "X-Fauxpen-Latency-Ms"
CHUNK_DELAY_HEADER = "X-Fauxpen-Chunk-Delay-Ms"
LATENCY_KEY, CHUNK_DELAY_KEY = wire.environ_key(LATENCY_HEADER), wire.environ_key(CHUNK_DELAY_HEADER)


def read_latency(config, environ, state):
    """Note the request's latency and chunk delay in state, refusing header values that are not milliseconds."""
    if not (LATENCY_KEY in environ or CHUNK_DELAY_KEY in environ or config["FAUXPEN_LATENCY_MS"]
            or config["FAUXPEN_CHUNK_DELAY_MS"]):
        return  # no latency: what most requests ask for
    state.latency_ms = wire.header_count(environ, LATENCY_HEADER, config["FAUXPEN_LATENCY_MS"])
    state.chunk_delay_ms = wire.header_count(environ, CHUNK_DELAY_HEADER, config["FAUXPEN_CHUNK_DELAY_MS"])


# How often a wait looks whether its client has left.
WATCH_SECONDS = 0.1


def wait(ms, client):
    """Sleep ms milliseconds, or less: until client (the request's socket; None, not known) is seen closed, looked
    at every WATCH_SECONDS. Tell whether the whole wait was slept.

    A client that gave up on a slow answer (its timeout, then the SDK's retries, each a request of its own) held
    the thread for the rest of the latency it had asked for. One that only closed its sending side is taken for
    gone too: it gets its answer, unpaced.
    """
    if client is None or not ms:
        time.sleep(ms / 1000)
        return True
    deadline = time.monotonic() + ms / 1000
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, WATCH_SECONDS))
        if wire.gone(client):
            return False
    return True


def paced(chunks, first_ms, between_ms, client=None):
    """Yield a stream's events first_ms after the start, then each between_ms after the one before; once client
    (see wait) is seen gone, the rest at once: their writes fail, and the server ends the stream."""
    watching = True
    for n, event in enumerate(split_events(chunks)):
        if watching:
            watching = wait(between_ms if n else first_ms, client)
        yield event


def delay_answer(response, state, environ):
    """Hold back a successful answer: a stream chunk by chunk, any other answer as a whole (not longer than its
    client, environ's socket, stays: see wait)."""
    first, between = state.get("latency_ms", 0), state.get("chunk_delay_ms", 0)
    if response.status_code != 200 or not (first or between):
        return response
    if response.mimetype == "text/event-stream":
        response.response = paced(response.response, first, between, wire.client_socket(environ))
    else:
        wait(first, wire.client_socket(environ))
    return response
