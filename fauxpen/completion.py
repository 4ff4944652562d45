"""Chat completions as the real API shapes them: ChatCompletion objects and ChatCompletionChunk streams."""
import json
import math
import zlib
from dataclasses import dataclass

from . import tokens

# Alternatives offered in top_logprobs after the chosen token, most likely first.
_ALTERNATIVES = ("Hi", " there", " the", " a", " to", ",", ".", " and", " of", " is", " in", " you", " I",
                 " it", " that", "!", "?", " for", " on", " with")


@dataclass
class Choice:
    """One generated answer: its token pieces and why it ended."""

    index: int
    pieces: list
    finish_reason: str
    completion_tokens: int

    @property
    def content(self):
        return "".join(self.pieces)


def cut_at_stop(text, stop):
    """Return text up to the first occurrence of any stop sequence, and whether one was found."""
    if not stop:
        return text, False
    sequences = [stop] if isinstance(stop, str) else list(stop)
    cut = min((i for i in (text.find(s) for s in sequences if s) if i >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)


def plan_choice(index, reply, max_tokens=None, stop=None):
    """Return the Choice a model would produce for reply under max_tokens and stop.

    A finished answer costs one token more than its text: the end-of-message token the model emits.
    """
    text, _ = cut_at_stop(reply, stop)
    pieces = tokens.split_tokens(text)
    if max_tokens is not None and max_tokens < len(pieces) + 1:
        return Choice(index, pieces[:max_tokens], "length", max_tokens)
    return Choice(index, pieces, "stop", len(pieces) + 1)


# What a token forced by logit_bias reads as: fauxpen has no vocabulary to look its id up in.
FORCED_TOKEN_TEXT = " lorem"


def forced_token(logit_bias):
    """Return the text of a token that logit_bias selects exclusively (a bias of +100), or None."""
    for value in (logit_bias or {}).values():
        if value >= 100:
            return FORCED_TOKEN_TEXT
    return None


def plan_forced_choice(index, piece, room, limit=None, frequency_penalty=0, filter_after=None):
    """Return the Choice of a model that can only repeat one token.

    A positive frequency_penalty lowers the token's logit by the penalty per repetition, so
    the +100 bias is used up after 100/penalty repetitions and the model ends its answer. Without
    it the repetition runs until the output room, unless the model's content filter stops it first.
    """
    if frequency_penalty and frequency_penalty > 0:
        count, finish, cost = math.ceil(100 / frequency_penalty), "stop", 1
    elif filter_after:
        count, finish, cost = filter_after, "content_filter", 0
    else:
        count, finish, cost = room, "length", 0
    if limit is not None and limit < count + cost:
        return Choice(index, [piece] * limit, "length", limit)
    return Choice(index, [piece] * count, finish, count + cost)


def usage(prompt_tokens, completion_tokens):
    """Return the usage object, details included."""
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0,
                                      "rejected_prediction_tokens": 0},
    }


def _logprob(piece, position, rank=0):
    """Return a deterministic log probability for piece at position; higher ranks are less likely."""
    seed = zlib.crc32(f"{position}:{rank}:{piece}".encode())
    if rank == 0:
        return -round((seed % 100000) / 1e6 * (1 + seed % 3), 9)
    return -round(rank * 2.5 + (seed % 1000) / 250, 7)


def token_logprob(piece, position, top_logprobs=0):
    """Return the logprobs entry of one token, with top_logprobs alternatives."""
    chosen = {"token": piece, "logprob": _logprob(piece, position), "bytes": list(piece.encode("utf-8"))}
    top = [dict(chosen)] if top_logprobs else []
    alternatives = (a for a in _ALTERNATIVES if a != piece)
    for rank in range(1, top_logprobs):
        alt = next(alternatives)
        top.append({"token": alt, "logprob": _logprob(alt, position, rank), "bytes": list(alt.encode("utf-8"))})
    return {**chosen, "top_logprobs": top}


@dataclass
class Completion:
    """Everything needed to render one chat completion, JSON or streamed."""

    id: str
    created: int
    model: str
    system_fingerprint: str | None
    choices: list
    prompt_tokens: int
    logprobs: bool = False
    top_logprobs: int = 0
    service_tier: str = "default"

    @property
    def completion_tokens(self):
        return sum(c.completion_tokens for c in self.choices)

    def _choice_logprobs(self, choice):
        if not self.logprobs:
            return None
        content = [token_logprob(p, i, self.top_logprobs) for i, p in enumerate(choice.pieces)]
        return {"content": content, "refusal": None}

    def to_dict(self):
        """Return the chat.completion object."""
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [
                {
                    "index": c.index,
                    "message": {"role": "assistant", "content": c.content, "refusal": None, "annotations": []},
                    "logprobs": self._choice_logprobs(c),
                    "finish_reason": c.finish_reason,
                }
                for c in self.choices
            ],
            "usage": usage(self.prompt_tokens, self.completion_tokens),
            "service_tier": self.service_tier,
            "system_fingerprint": self.system_fingerprint,
        }

    def _chunk(self, choices, include_usage):
        chunk = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "service_tier": self.service_tier,
            "system_fingerprint": self.system_fingerprint,
            "choices": choices,
        }
        if include_usage:
            chunk["usage"] = None
        return chunk

    def _choice_events(self, choice):
        """Yield the choice entries of one choice's chunks: role, one per token, finish."""
        empty_logprobs = {"content": [], "refusal": None} if self.logprobs else None
        yield {"index": choice.index, "delta": {"role": "assistant", "content": "", "refusal": None},
               "logprobs": empty_logprobs, "finish_reason": None}
        for position, piece in enumerate(choice.pieces):
            logprobs = None
            if self.logprobs:
                logprobs = {"content": [token_logprob(piece, position, self.top_logprobs)], "refusal": None}
            yield {"index": choice.index, "delta": {"content": piece}, "logprobs": logprobs, "finish_reason": None}

    def chunks(self, include_usage=False):
        """Yield ChatCompletionChunk objects: choices interleaved token by token, finishes last."""
        streams = [self._choice_events(c) for c in self.choices]
        while streams:
            alive = []
            for stream in streams:
                event = next(stream, None)
                if event is not None:
                    alive.append(stream)
                    yield self._chunk([event], include_usage)
            streams = alive
        for c in self.choices:
            yield self._chunk([{"index": c.index, "delta": {}, "logprobs": None, "finish_reason": c.finish_reason}],
                              include_usage)
        if include_usage:
            final = self._chunk([], include_usage)
            final["usage"] = usage(self.prompt_tokens, self.completion_tokens)
            yield final


def server_sent_events(objects):
    """Yield each object as one SSE `data:` event of compact JSON, then `data: [DONE]`."""
    for obj in objects:
        yield b"data: " + json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n\n"
    yield b"data: [DONE]\n\n"
