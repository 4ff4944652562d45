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


def paced(chunks, first_ms, between_ms):
    """Yield a stream's events first_ms after the start, then each between_ms after the one before."""
    for n, event in enumerate(split_events(chunks)):
        time.sleep((between_ms if n else first_ms) / 1000)
        yield event


def delay_answer(response, state):
    """Hold back a successful answer: a stream chunk by chunk, any other answer as a whole."""
    first, between = state.get("latency_ms", 0), state.get("chunk_delay_ms", 0)
    if response.status_code != 200 or not (first or between):
        return response
    if response.mimetype == "text/event-stream":
        response.response = paced(response.response, first, between)
    else:
        time.sleep(first / 1000)
    return response
