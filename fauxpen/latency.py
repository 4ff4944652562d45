"""Simulated latency of successful answers: time to first token, and time between stream chunks.

FAUXPEN_LATENCY_MS and FAUXPEN_CHUNK_DELAY_MS set them for every request (zero by default); the
X-Fauxpen-Latency-Ms and X-Fauxpen-Chunk-Delay-Ms headers set them for one.
"""
import time

from flask import current_app, g

from . import wire
from .completion import split_events

LATENCY_HEADER = "X-Fauxpen-Latency-Ms"
CHUNK_DELAY_HEADER = "X-Fauxpen-Chunk-Delay-Ms"


def read_latency():
    """Note the request's latency and chunk delay, refusing header values that are not milliseconds."""
    if not wire.reaches_endpoint():
        return
    config, state = current_app.config, g._get_current_object()
    state.latency_ms = wire.header_count(LATENCY_HEADER, config["FAUXPEN_LATENCY_MS"])
    state.chunk_delay_ms = wire.header_count(CHUNK_DELAY_HEADER, config["FAUXPEN_CHUNK_DELAY_MS"])


def paced(chunks, first_ms, between_ms):
    """Yield a stream's events first_ms after the start, then each between_ms after the one before."""
    for n, event in enumerate(split_events(chunks)):
        time.sleep((between_ms if n else first_ms) / 1000)
        yield event


def delay_answer(response):
    """Hold back a successful answer: a stream chunk by chunk, any other answer as a whole."""
    state = g._get_current_object()
    first, between = state.get("latency_ms", 0), state.get("chunk_delay_ms", 0)
    if response.status_code != 200 or not (first or between):
        return response
    if response.mimetype == "text/event-stream":
        response.response = paced(response.response, first, between)
    else:
        time.sleep(first / 1000)
    return response


def register(app):
    """Read the latency before endpoints run and pace their answers after.

    Register before faults: after_request hooks run last-registered first, so that a stream is cut by a
    fault before it is paced, and the cut stream is not waited through.
    """
    app.before_request(read_latency)
    app.after_request(delay_answer)
