"""Legacy completions as the real API shapes them: text_completion objects and their streams.

They differ from chat's: a choice is `text`, not a message; logprobs are parallel arrays (tokens,
token_logprobs, top_logprobs as {token: logprob}, text_offset); usage has no details; and a stream's chunks
name the model after their choices, the usage chunk before them.
"""
from dataclasses import dataclass

from . import completion, tokens
from .jsontext import indented_json_bytes

# What a prompt the request leaves out (or sends as null) stands for: the end-of-text token alone.
END_OF_TEXT = "<|endoftext|>"


def prompt_pieces(prompt):
    """Return the token pieces of a prompt's text, the end-of-text token as the one token it is."""
    return (END_OF_TEXT,) if prompt == END_OF_TEXT else completion.token_pieces(prompt)


# How many tokens a top_logprobs entry holds at most, whatever logprobs asks for: the API gives no more than 5
# (the chosen token among them), and refuses nothing above.
MAX_LOGPROBS = 5


@dataclass
class TextChoice:
    """One completion of one prompt: the echoed prompt (when asked), its pieces, and why it ended."""

    index: int
    prompt: str          # the prompt as text: its offsets start the completion's text_offset
    echo: bool
    choice: completion.Choice

    @property
    def text(self):
        return (self.prompt if self.echo else "") + self.choice.content


def _legacy_token(token):
    """Return a token as the legacy endpoint writes it: a token that is part of a character as `bytes:\\xNN`."""
    text, raw = token
    return "bytes:" + text if text.startswith("\\x") and raw and raw[0] >= 0x80 else text


@dataclass
class TextCompletion:
    """Everything needed to render one text_completion, JSON or streamed."""

    id: str
    created: int
    model: str
    choices: list
    prompt_tokens: int
    completion_tokens: int
    logprobs: int | None = None   # the request's logprobs: how many alternatives each token shows

    def usage(self):
        """The usage, without completion_tokens when none were written (an empty completion of
        gpt-3.5-turbo-instruct, recorded in August 2025: prompt_tokens and total_tokens alone)."""
        usage = {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                 "total_tokens": self.prompt_tokens + self.completion_tokens}
        if not self.completion_tokens:
            del usage["completion_tokens"]
        return usage

    def _entries(self, choice):
        """Yield (token, logprob, top_logprobs, text_offset) for the tokens a choice's text shows.

        An echoed prompt's tokens come first, its first token without a logprob (nothing precedes it).
        """
        offset = 0 if choice.echo else len(choice.prompt)
        position = 0
        if choice.echo:
            pieces = prompt_pieces(choice.prompt)
            for token, piece in zip(tokens.byte_tokens(pieces), pieces):
                yield self._entry(token, position, offset, first=(position == 0))
                offset += len(piece)
                position += 1
        for token, piece in zip(choice.choice.shown_tokens(), choice.choice.pieces):
            yield self._entry(token, position, offset)
            offset += len(piece)
            position += 1

    def _entry(self, token, position, offset, first=False):
        name = _legacy_token(token)
        if first:
            return name, None, None, offset
        logprob = completion.chosen_logprob(token[0], position)
        top = {name: logprob}
        for rank, alt in enumerate((a for a in completion.ALTERNATIVES if a != token[0]), start=1):
            if len(top) >= max(min(self.logprobs, MAX_LOGPROBS), 1):
                break
            top[alt] = completion.alternative_logprob(alt, position, rank, logprob)
        return name, logprob, top, offset

    def _logprobs(self, entries):
        if self.logprobs is None:
            return None
        entries = list(entries)
        return {"tokens": [e[0] for e in entries], "token_logprobs": [e[1] for e in entries],
                "top_logprobs": [e[2] for e in entries], "text_offset": [e[3] for e in entries]}

    def to_dict(self):
        """Return the text_completion object."""
        return {
            "id": self.id,
            "object": "text_completion",
            "created": self.created,
            "model": self.model,
            "choices": [{"text": c.text, "index": c.index, "logprobs": self._logprobs(self._entries(c)),
                         "finish_reason": c.choice.finish_reason} for c in self.choices],
            "usage": self.usage(),
        }

    def to_json(self):
        """The text_completion object as the API writes it: indented by two (recorded length, 2025)."""
        return indented_json_bytes(self.to_dict())

    def _chunk(self, choice, text, entries, finish_reason, include_usage):
        chunk = {"id": self.id, "object": "text_completion", "created": self.created,
                 "choices": [{"text": text, "index": choice.index, "logprobs": self._logprobs(entries),
                              "finish_reason": finish_reason}],
                 "model": self.model}
        if include_usage:
            chunk["usage"] = None
        return chunk

    def _choice_chunks(self, choice, include_usage):
        """Yield one choice's chunks: the echoed prompt, then a chunk a token; a limit ends on the last token,
        a stop (or the end) on a chunk of its own with no text."""
        entries = list(self._entries(choice)) if self.logprobs is not None else []
        shown = 0
        if choice.echo:
            shown = len(prompt_pieces(choice.prompt))
            yield self._chunk(choice, choice.prompt, entries[:shown], None, include_usage)
        pieces = choice.choice.pieces
        cut = choice.choice.finish_reason == "length"
        for n, piece in enumerate(pieces):
            last = cut and n == len(pieces) - 1
            yield self._chunk(choice, piece, entries[shown + n:shown + n + 1], "length" if last else None,
                              include_usage)
        if not (cut and pieces):
            yield self._chunk(choice, "", [], choice.choice.finish_reason, include_usage)

    def chunks(self, include_usage=False):
        """Yield the stream's chunks: choices interleaved chunk by chunk, then the usage chunk when asked."""
        yield from completion.interleave(self._choice_chunks(c, include_usage) for c in self.choices)
        if include_usage:
            yield {"id": self.id, "object": "text_completion", "created": self.created, "model": self.model,
                   "usage": self.usage(), "choices": []}
