"""One blueprint per endpoint, and what their answers share."""
from flask import Response

from ..completion import server_sent_events
from ..jsontext import json_response


def answer_response(answer, req):
    """Return a completion's Response: its chunks as server-sent events when req streams, else its JSON.

    answer: a chat Completion or a TextCompletion, which both have chunks(include_usage) and to_json().
    """
    if req.get("stream"):
        include_usage = bool((req.get("stream_options") or {}).get("include_usage"))
        return Response(server_sent_events(answer.chunks(include_usage)),
                        content_type="text/event-stream; charset=utf-8")
    return json_response(answer.to_json())
