"""Chat completions as the real API shapes them: ChatCompletion objects and ChatCompletionChunk streams."""
import base64
import functools
import itertools
import math
import re
import zlib
from dataclasses import dataclass, field
from importlib import resources

from . import canned, ids, tokens
from .jsontext import indented_json_bytes, json_bytes, rust_json, scalar, utf8

# Alternatives offered in top_logprobs after the chosen token, most likely first.
ALTERNATIVES = ("Hi", " there", " the", " a", " to", ",", ".", " and", " of", " is", " in", " you", " I",
                 " it", " that", "!", "?", " for", " on", " with")


@dataclass
class Choice:
    """One generated answer: its token pieces and why it ended."""

    index: int
    pieces: tuple
    finish_reason: str
    completion_tokens: int
    tool_calls: list = field(default_factory=list)  # ToolCall objects, when the answer calls functions
    legacy: bool = False                            # answer the one call as message.function_call
    cut_character: tuple = ()  # the pieces of the character a limit cut after some of its tokens (its other empty
                               # pieces, then it): the bytes of those kept are shown
    audio_tokens: int = 0    # the spoken answer's tokens, when the request asked for audio: on top of the text's
    reasoning_tokens: int = 0  # a reasoning model's hidden tokens, before the text: counted, never shown
    annotations: tuple = ()  # the url_citation annotations of a search model's answer (cite_search)
    accepted_prediction_tokens: int = 0  # the prediction's tokens the answer took up (predict)
    rejected_prediction_tokens: int = 0  # and those it did not: written all the same, in completion_tokens

    def shown_tokens(self):
        """Return the (token, bytes) logprobs show for pieces, a character cut short by its first bytes."""
        if self.cut_character:
            return tokens.byte_tokens(self.pieces + self.cut_character)[:len(self.pieces)]
        return tokens.byte_tokens(self.pieces)

    @property
    def content(self):
        return "".join(self.pieces)


def stop_sequences(stop):
    """Return the non-empty stop sequences of a request's stop: a string, or a list of them."""
    return [s for s in ([stop] if isinstance(stop, str) else stop or ()) if s]


def cut_at_stop(text, stop):
    """Return text up to the first occurrence of any stop sequence, and whether one was found."""
    if not stop:
        return text, False
    cut = min((i for i in (text.find(s) for s in stop_sequences(stop)) if i >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)


def plan_choice(index, reply, max_tokens=None, stop=None, end_token=1):
    """Return the Choice a model would produce for reply under max_tokens and stop.

    A finished chat answer costs one token more than its text: the end-of-message token the model emits
    (end_token; the legacy completions endpoint does not count it). A model whose format frames an answer in
    more (end_token > 1: gpt-5.6's channel) writes all but the end token before the text, so that a limit cuts
    the text that much sooner.
    """
    text, _ = cut_at_stop(reply, stop)
    # A choice of more tokens than the limit keeps its first ones, the only pieces split (with those of the
    # character a cut falls in): an answer of a megabyte cut at 16,384 tokens took seconds a choice.
    most = None if max_tokens is None else max(max_tokens - max(end_token - 1, 0), 0)
    pieces = token_pieces(text, most)
    if max_tokens is not None and max_tokens < len(pieces) + max(end_token, 1):
        kept = pieces[:most]
        # A limit after the first tokens of a character (empty pieces) leaves the character out of the content; its
        # tokens show the bytes they would whole (a character in three: \xe9, then \xba, not \xe9\xba).
        rest = next((i for i, piece in enumerate(pieces[len(kept):]) if piece), None)
        cut = tuple(pieces[len(kept):len(kept) + rest + 1]) if kept and not kept[-1] and rest is not None else ()
        return Choice(index, kept, "length", max_tokens, cut_character=cut)
    return Choice(index, pieces, "stop", len(pieces) + end_token)


def cite_search(choice, limit=None, stop=None):
    """Give a chat search model's text answer the page it found, cited after the text as `([host](url))` and
    followed by a space, with its url_citation annotation (openai-dotnet session records of gpt-4o-search-preview,
    September 2025 to February 2026, and pydantic-ai's cassettes of 2025: every answer ends with a space, each
    citation's span is the parenthesis, keys end_index, start_index, title, url); an answer cut short, calling
    functions, or that the citation would take past limit or write a stop sequence in gets none."""
    if choice.tool_calls or choice.finish_reason != "stop" or not choice.content:
        return
    title, url = canned.WEB_PAGES[0]
    cited = canned.citation(url)
    added = token_pieces(f" {cited} ")
    if (limit is not None and choice.completion_tokens + len(added) > limit) or cut_at_stop(f" {cited} ", stop)[1]:
        return
    start = len(choice.content) + 1
    choice.annotations = ({"type": "url_citation", "url_citation": {
        "end_index": start + len(cited), "start_index": start, "title": title, "url": canned.cited_url(url)}},)
    choice.pieces = tuple(choice.pieces) + added
    choice.completion_tokens += len(added)


def streamed_annotation(annotation):
    """Return a url_citation as a search model's stream sends it: its keys url, title, start_index, end_index
    (gpt-4o-mini-search-preview, a chunk quoted in lobehub's source, May 2025), the reverse of the answer's."""
    cited = annotation["url_citation"]
    return {"type": "url_citation", "url_citation": {key: cited[key] for key in
                                                     ("url", "title", "start_index", "end_index")}}


# What a token forced by logit_bias reads as: fauxpen has no vocabulary to look its id up in.
FORCED_TOKEN_TEXT = " lorem"


def forced_token(logit_bias):
    """Return the text of a token that logit_bias selects exclusively (a bias of +100), or None."""
    for value in (logit_bias or {}).values():
        if value >= 100:
            return FORCED_TOKEN_TEXT
    return None


def plan_forced_choice(index, piece, room, limit=None, frequency_penalty=0, filter_after=None, stop=None):
    """Return the Choice of a model that can only repeat one token.

    A positive frequency_penalty lowers the token's logit by the penalty per repetition, so
    the +100 bias is used up after 100/penalty repetitions and the model ends its answer. Without
    it the repetition runs until the output room, unless the model's content filter stops it first. A penalty
    too small to use the bias up within the room (down to 5e-324, where 100/penalty is infinite) runs out the room.
    A stop sequence the repetition writes ends it there, as it ends any text, on the token that completes it.
    """
    if frequency_penalty and frequency_penalty > 0 and 100 / frequency_penalty < room:
        count, finish, cost = math.ceil(100 / frequency_penalty), "stop", 1
    elif filter_after:
        count, finish, cost = filter_after, "content_filter", 0
    else:
        count, finish, cost = room, "length", 0
    if limit is not None and limit < count + cost:
        count, finish, cost = limit, "length", 0
    stopped = _forced_stop(piece, count, stop)
    if stopped:
        return Choice(index, *stopped)
    return Choice(index, [piece] * count, finish, count + cost)


def _forced_stop(piece, count, stop):
    """Return (pieces, "stop", tokens) when count repeats of piece write a stop sequence, else None."""
    sequences = stop_sequences(stop)
    # The first match starts within the first repeat and ends within len(s) characters after it.
    text = piece * min(count, 2 + max((len(s) for s in sequences), default=0) // max(len(piece), 1))
    matches = [(at, at + len(s)) for at, s in ((text.find(s), s) for s in sequences) if at >= 0]
    if not matches:
        return None
    cut, end = min(matches)
    tokens = -(-end // len(piece))  # the token that completes the stop sequence is the last one generated
    whole, rest = divmod(cut, len(piece))
    return [piece] * whole + ([piece[:rest]] if rest else []), "stop", tokens


def token_pieces(text, most=None):
    """Split text into token pieces that join back to it (the estimator's pieces cover every character).

    Returns a tuple; the pieces of short texts (the canned reply, most tool arguments) are kept, since the same
    text is split again for every request that gets it. With most, a long text's first most pieces, and those
    after them to the first that is not empty (the rest of a character the most-th falls in), when it has more:
    what a limit keeps of it, split no further (the n choices of a request share the last text split).
    """
    if len(text) <= _CACHED_TEXT_LENGTH:
        return _cached_token_pieces(text)
    if most is None:
        return _token_pieces(text)
    return _long_token_pieces(text, most)


@functools.lru_cache(maxsize=2)
def _long_token_pieces(text, most):
    pieces = tokens.iter_tokens(text)
    head = list(itertools.islice(pieces, most))
    if len(head) == most:
        for piece in pieces:
            head.append(piece)
            if piece:
                break
    return tuple(head)


def _token_pieces(text):
    return tuple(tokens.iter_tokens(text))


_CACHED_TEXT_LENGTH = 4096
_cached_token_pieces = functools.lru_cache(maxsize=256)(_token_pieces)


# --- Tool calls (and the legacy function_call) ------------------------------------------------------------

@dataclass
class ToolCall:
    """One call of an answer: its id, the tool's name, its arguments (a custom tool's input) as streamed pieces."""

    id: str
    name: str
    pieces: tuple
    custom: bool = False  # a custom tool's call: free text for its input, not JSON arguments

    @property
    def arguments(self):
        return "".join(self.pieces)

    @property
    def type(self):
        return "custom" if self.custom else "function"

    def function(self):
        """The call's object, named by its type: a function's name and arguments, a custom tool's name and input."""
        return {"name": self.name, "input" if self.custom else "arguments": self.arguments}

    def to_dict(self):
        return {"id": self.id, "type": self.type, self.type: self.function()}


# What the model writes around a call beyond its name and arguments: 6 tokens for a call alone (gpt-3.5-turbo's
# call of 2 + 5 tokens counted 14 in August 2025, gpt-4.1's of 3 + 7 counted 17 in January 2026, the end token
# included). Calls made together are one call of a wrapper written as JSON, {"tool_uses":[{"recipient_name":
# "functions.NAME","parameters":{...}},...]}: 7 tokens a call beside its name and its arguments, written compact
# there (the API hands them back spaced), and 15 for the wrapper (its keys, its own name and framing): two calls
# counted 28 beside their names and spaced arguments, 30 beside the compact ones, on gpt-4.1 (langchaingo's
# TestFunctionParallelCall, January 2026), gpt-4.1-mini (three in rig's history_survival_matrix/chat_unary and
# adversarial/out_of_order_results_chat) and gpt-4o-mini (rig's chat_tool_lifecycle_matrix, September 2026).
# A function tool_choice forces is written from its arguments on: they and what a finished answer costs are all it
# costs (gpt-4o-mini's forced call of 5 argument tokens counted 5 in chat, where its unforced one counted 16,
# openai-dotnet's session records of September 2025; of 12 counted 13 in two Responses recordings of August and
# September 2026, where its unforced call of 8 counted 20).
# An answer's framing (what a finished text costs beyond its tokens) is written around its calls too: a call costs
# its name, its arguments, 7 and the framing the model's text answers cost (call_framing) in the API called. The
# Responses API's 1 on gpt-4o, gpt-4o-mini and gpt-4.1 (get_weather's 2 + 5 counted 15, get_conversation_code's
# 4 + 1 13 and tool's 1 + 1 10 on gpt-4o and gpt-4.1, 2025-2026, pydantic-ai's and logfire's cassettes; final_result's
# 2 + 58 68 on gpt-4o, rig's, 2026; get_weather_at_location's 4 + 8 20 on gpt-4o-mini, openai-dotnet's), where chat
# counts their text alone; gpt-5.4-nano's 3 in chat (lookup_weather's and get_weather's 2 + 5 counted 17 at effort
# none, where `OK.` and `BANANA`, 2 tokens, counted 5; logfire's cassettes, September 2026) and 4 in the Responses
# API (the same call 18, its text 4 more); gpt-5.1's 10 in the Responses API (get_weather's 2 + 6 counted 25 at
# effort none, tool_choice required; vercel/ai's fixture, 2026) beside its 9 in chat. A custom tool's call costs 2
# fewer (gpt-5.6's code_exec and math_exp calls of 2 + 5 and 2 + 4 counted 16 and 15 in the Responses API, where
# its text costs 4; openai-dotnet, 2026).
CALL_FRAMING = 6
PARALLEL_WRAPPER = 15
PARALLEL_CALL_FRAMING = 7
CUSTOM_CALL_SAVING = 2


def _spacing(arguments):
    """Return what the spaces of a call's arguments written together cost: nothing to the model, which writes them
    compact inside its wrapper, so the tokens the spaced text has beyond the compact one."""
    return len(token_pieces(arguments)) - len(token_pieces(tokens.compact_arguments(arguments)))


def plan_tool_choice(index, calls, finish_reason, max_tokens=None, legacy=False, forced=False, framing=1,
                     call_framing=0):
    """Return the Choice that makes calls, ((name, arguments JSON or a custom tool's input, custom), ...), under
    max_tokens.

    Each call costs its name's tokens, its framing and its arguments' tokens (compact ones, for calls made together),
    calls made together their wrapper, and the answer one end token; a forced call costs its arguments and what a
    finished text would (framing) alone, an unforced answer that framing (call_framing) beside its end token.
    When max_tokens runs out, the arguments stop mid-way, later calls are dropped, and the choice finishes with
    "length". A call made alone and not forced is cut with its end token paid for: its arguments keep max_tokens
    less its name and CALL_FRAMING + 1 (gpt-4o-mini and gpt-4.1-mini, tool_choice required, max_tokens 16 and 32:
    7 and 23 argument tokens of file_report's, 2 name tokens; rig's chat_tool_truncation_matrix, 2026).
    """
    together = len(calls) > 1
    if all(custom for _, _, custom in calls):
        call_framing = max(call_framing - CUSTOM_CALL_SAVING, 0)
    end = framing if forced else 1 + call_framing
    reserved = 0 if forced or together else end  # what a lone call's cut leaves aside
    planned, used, cut = [], PARALLEL_WRAPPER if together else 0, False
    for name, arguments, custom in calls:
        cost = 0 if forced else tokens.count_name_tokens(name) + (
            PARALLEL_CALL_FRAMING - (0 if custom else _spacing(arguments)) if together else CALL_FRAMING)
        if max_tokens is not None and planned and used + cost >= max_tokens:
            cut = True
            break
        used += cost
        pieces = token_pieces(arguments, None if max_tokens is None else max(max_tokens - used - reserved, 0) + 1)
        if max_tokens is not None and used + len(pieces) + reserved > max_tokens:
            pieces, cut = pieces[:max(max_tokens - used - reserved, 0)], True
        used += len(pieces)
        planned.append(ToolCall(ids.tool_call_id(), name, pieces, custom))
        if cut:
            break
    if max_tokens is not None and (cut or used + end > max_tokens):
        return Choice(index, [], "length", max_tokens, tool_calls=planned, legacy=legacy)
    return Choice(index, [], finish_reason, used + end, tool_calls=planned, legacy=legacy)


def plan_answer(index, answer, max_tokens=None, stop=None, framing=1, call_framing=0):
    """Return the Choice for a tooluse.Answer: its tool calls, or its content as plan_choice plans text (framing:
    what a finished text costs beyond its tokens, plan_choice's end_token; call_framing: what the model writes of
    it around unforced calls beside their end token, see CALL_FRAMING).

    No room left (a reasoning model's thinking took the whole limit) is an empty answer cut at length: no call.
    """
    if answer.tool_calls and max_tokens != 0:
        return plan_tool_choice(index, answer.tool_calls, answer.finish_reason, max_tokens, answer.legacy,
                                answer.forced, framing, call_framing)
    return plan_choice(index, answer.content or "", max_tokens, stop, framing)


def message(choice, audio=None):
    """Return a choice's chat.completion message: content, tool_calls, the legacy function_call, or audio.

    audio: the spoken answer's object (Completion.spoken), which takes the place of the content.
    """
    if audio is not None and not choice.tool_calls:
        return {"role": "assistant", "content": None, "refusal": None, "audio": audio, "annotations": []}
    if choice.tool_calls and choice.legacy:
        return {"role": "assistant", "content": None, "function_call": choice.tool_calls[0].function(),
                "refusal": None, "annotations": []}
    if choice.tool_calls:
        return {"role": "assistant", "content": None, "tool_calls": [t.to_dict() for t in choice.tool_calls],
                "refusal": None, "annotations": []}
    return {"role": "assistant", "content": choice.content, "refusal": None, "annotations": list(choice.annotations)}


def parallel(choice):
    """Whether a chat choice makes parallel tool calls (two or more, not a legacy function_call): its stream then
    opens with the role alone, and its chunks up to the finish carry `usage` before `choices` (gpt-4o, Feb and Apr
    2025; gpt-4.1-nano, Dec 2025; gpt-6-luna, Sep 2026; a single call opens with role and call together, on gpt-4o and
    gpt-5-nano, but on the models that open every call apart: gpt-4.1-nano's, Sep 2025, after Aug 2025's together)."""
    return len(choice.tool_calls) > 1 and not choice.legacy


def tool_call_deltas(choice, opening=True):
    """Yield the deltas streaming a choice's calls: each call's head (id, name, empty arguments), then fragments.

    The first head also opens the message (role, content null, refusal null) unless opening is false (the role
    came apart); every tool_calls entry carries its `index`, and arguments always travel as string fragments, as
    LangChain and the SDKs expect.
    """
    together = parallel(choice)
    for n, call in enumerate(choice.tool_calls):
        if choice.legacy:
            head = {"function_call": {"name": call.name, "arguments": ""}}
        else:
            head = {"tool_calls": [{"index": n, "id": call.id, "type": call.type,
                                    call.type: {"name": call.name, "input" if call.custom else "arguments": ""}}]}
        yield {"role": "assistant", "content": None, **head, "refusal": None} if n == 0 and opening else head
        for piece in relayed_pieces(call.arguments) if together and not call.custom else call.pieces:
            if choice.legacy:
                yield {"function_call": {"arguments": piece}}
            else:
                yield {"tool_calls": [{"index": n, call.type: {"input" if call.custom else "arguments": piece}}]}


def relayed_pieces(arguments):
    """Split the arguments of one of calls made together into the pieces a chat stream sends them in: 4, 5 and 6
    characters in turn, from each call's start, the last piece what is left. The model writes such calls in one
    wrapper, and the API streams each call's arguments, spaced out again, so, not a token at a time: gpt-4-1106-preview
    and gpt-3.5-turbo-1106 (2023: `{"lo`, `catio`, `n": "S`, `an F`, ...), gpt-4o (2024-2025), gpt-4o-mini (April
    2025), gpt-4.1-nano (December 2025: `"北京"}` five characters) and gpt-6-luna (September 2026: 12 argument chunks
    for two calls of 27 and 30 characters, where their tokens are 19)."""
    pieces, start, turn = [], 0, 0
    while start < len(arguments):
        size = RELAYED_PIECE_SIZES[turn % len(RELAYED_PIECE_SIZES)]
        pieces.append(arguments[start:start + size])
        start, turn = start + size, turn + 1
    return pieces


RELAYED_PIECE_SIZES = (4, 5, 6)


# How long the API keeps a spoken answer for a later turn to refer to, in seconds.
AUDIO_LIFETIME = 3600


@functools.lru_cache(maxsize=None)
def canned_audio(audio_format):
    """Return the canned spoken answer, half a second of silence, in audio_format (data/audio), as base64."""
    raw = resources.files("fauxpen").joinpath(f"data/audio/silence.{audio_format}").read_bytes()
    return base64.b64encode(raw).decode("ascii")


# Streamed audio comes in pieces of 2,400 bytes: 50 ms of 24 kHz pcm16, a multiple of 3 bytes, so that each
# piece is base64 of its own.
AUDIO_PIECE_BYTES = 2400


@functools.lru_cache(maxsize=None)
def canned_audio_pieces(audio_format):
    """Return the canned spoken answer in audio_format as the base64 pieces a stream sends."""
    raw = base64.b64decode(canned_audio(audio_format))
    return tuple(base64.b64encode(raw[i:i + AUDIO_PIECE_BYTES]).decode("ascii")
                 for i in range(0, len(raw), AUDIO_PIECE_BYTES))


def audio_tokens_for(text_tokens):
    """Return the audio tokens of speaking text of text_tokens tokens: about four a text token."""
    return 4 * text_tokens + 1 if text_tokens else 0


# --- Usage and logprobs ------------------------------------------------------------------------------------

def usage(prompt_tokens, completion_tokens, audio_tokens=0, by_modality=False, reasoning_tokens=0,
          cache_writes=False, cached=0, written=0, heard=0, predicted=(0, 0)):
    """Return the usage object, details included.

    completion_tokens includes audio_tokens, the spoken answer's, and reasoning_tokens. by_modality: the model's
    usage also counts the text (and image) tokens apart, as the audio models' does. cache_writes: the model's
    prompt details count the tokens written to the prompt cache (gpt-5.6, recorded in October 2026); cached and
    written: the prompt's tokens read from it and written to it (prompt_cache); heard: the prompt's audio tokens
    (its input_audio parts' sound, in prompt_tokens); predicted: the prediction's accepted and rejected tokens.
    """
    prompt_details = ({"cached_tokens": cached, "cache_write_tokens": written, "audio_tokens": heard} if cache_writes
                      else {"cached_tokens": cached, "audio_tokens": heard})
    completion_details = {"reasoning_tokens": reasoning_tokens, "audio_tokens": audio_tokens,
                          "accepted_prediction_tokens": predicted[0], "rejected_prediction_tokens": predicted[1]}
    if by_modality:
        prompt_details.update(text_tokens=prompt_tokens - heard, image_tokens=0)
        completion_details["text_tokens"] = completion_tokens - audio_tokens
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": prompt_details,
        "completion_tokens_details": completion_details,
    }


def prediction_text(prediction):
    """Return a prediction's text: its content, a string or text parts (the SDK's types)."""
    content = (prediction or {}).get("content")
    if isinstance(content, str):
        return content
    return "".join(part.get("text") or "" for part in content or () if isinstance(part, dict))


# What a prediction adds to completion_tokens beside its rejected tokens (see predict).
PREDICTION_TOKENS = 1


def predict(choice, predicted):
    """Count what a prediction (its text, predicted) came to in a choice: its tokens up to the first the answer
    does not share accepted, every one after it rejected (though the answer may share them), and the rejected
    ones and PREDICTION_TOKENS more written all the same, in completion_tokens.

    As the API reference says (rejected tokens are "still counted in the total completion tokens"), and as both
    counts known come to with the real o200k tokenizer: raix's cassette (gpt-4o, November 2024: an all-caps
    prediction of 43 tokens whose first 6 the answer shared, 6 accepted and 37 rejected though the answer shared
    later runs of four, 139 completion tokens for an answer of 101) and the API guide's refactoring example (18
    of 28 accepted, the tokens before the property renamed; 10 rejected though the rest of the file was the same;
    39 completion tokens for an answer of 28)."""
    mine = tokens.split_tokens(predicted)
    accepted = 0
    for ours, theirs in zip(mine, choice.pieces):
        if ours != theirs:
            break
        accepted += 1
    choice.accepted_prediction_tokens = accepted
    choice.rejected_prediction_tokens = len(mine) - accepted


def _utf8(text):
    """Return text's UTF-8 bytes; a lone surrogate a request sent (as in a schema's enum) is written as is."""
    return text.encode("utf-8", "surrogatepass")


def chosen_logprob(piece, position):
    """Return the deterministic log probability of the chosen token piece at position: at least 74% likely."""
    seed = zlib.crc32(_utf8(f"{position}:0:{piece}"))
    return -round((seed % 100000) / 1e6 * (1 + seed % 3), 9)


def alternative_logprob(alt, position, rank, chosen):
    """Return the log probability of the alternative ranked rank (1, 2, ...) after a chosen token.

    Each gets between 60% and 100% of half the mass its predecessor could have had, out of what the chosen
    token left: ranks come out strictly less likely in turn, and all of them together never exceed 1.
    """
    share = 0.6 + (zlib.crc32(_utf8(f"{position}:{rank}:{alt}")) % 1000) / 2500
    left = max(-math.expm1(chosen), 1e-9)
    return round(math.log(left * share) - rank * _LOG_2, 7)


_LOG_2 = math.log(2)


def token_logprob(token, position, top_logprobs=0):
    """Return the logprobs entry of one (text, bytes) token of tokens.byte_tokens, with top_logprobs alternatives."""
    piece, raw = token
    logprob = chosen_logprob(piece, position)
    chosen = {"token": piece, "logprob": logprob, "bytes": raw}
    top = [dict(chosen)] if top_logprobs else []
    alternatives = (a for a in ALTERNATIVES if a != piece)
    for rank in range(1, top_logprobs):
        alt = next(alternatives)
        top.append({"token": alt, "logprob": alternative_logprob(alt, position, rank, logprob),
                    "bytes": list(_utf8(alt))})
    return {**chosen, "top_logprobs": top}


# The tier an answer says served it: flex, priority (asked for as priority or fast) and ultrafast as asked; default
# for auto, default, scale (a Scale Tier project's) or none.
SERVED_TIERS = {"flex": "flex", "priority": "priority", "fast": "priority", "ultrafast": "ultrafast"}


def served_tier(asked):
    return SERVED_TIERS.get(asked, "default")


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
    audio: dict | None = None       # the request's audio parameter, when the answer is spoken
    usage_by_modality: bool = False  # the model's usage counts text tokens apart (usage's by_modality)
    logprobs_key: bool = True        # choices carry a logprobs key (reasoning models' have none)
    cache_writes: bool = False       # usage counts cache_write_tokens (the model's prompt_tokens_details do)
    cached_tokens: int = 0           # the prompt's tokens read from the prompt cache
    cache_written: int = 0           # and written to it (counted where cache_writes)
    moderation: dict | None = None   # the moderation of the request and its answer, when the request asks for one
    role_apart: bool = False         # a stream opens even one tool call with the role alone (gpt-4.1-nano)
    heard_tokens: int = 0            # the prompt's audio tokens (its input_audio parts'), in prompt_tokens
    # A chat search model's answer (gpt-4o-search-preview and the like): no service tier in the answer, and chunks
    # without a system fingerprint, their tier after the choices, the citations in the finish (recorded 2025-2026).
    searched: bool = False
    predicted: bool = False  # the request sent a prediction: usage counts what came of it (predict)

    @property
    def completion_tokens(self):
        written = sum(c.completion_tokens + c.audio_tokens + c.reasoning_tokens for c in self.choices)
        if self.predicted:  # what the prediction cost, rejected or not (predict)
            written += sum(c.rejected_prediction_tokens + PREDICTION_TOKENS for c in self.choices)
        return written

    @property
    def audio_tokens(self):
        return sum(c.audio_tokens for c in self.choices)

    def usage(self):
        return usage(self.prompt_tokens, self.completion_tokens, self.audio_tokens, self.usage_by_modality,
                     sum(c.reasoning_tokens for c in self.choices), self.cache_writes, self.cached_tokens,
                     self.cache_written, self.heard_tokens,
                     (sum(c.accepted_prediction_tokens for c in self.choices),
                      sum(c.rejected_prediction_tokens for c in self.choices)))

    def _entry(self, index, part, value, logprobs, finish_reason):
        """Return a choice entry: index, its message or delta (part), logprobs (unless the model's have none)."""
        if self.logprobs_key:
            return {"index": index, part: value, "logprobs": logprobs, "finish_reason": finish_reason}
        return {"index": index, part: value, "finish_reason": finish_reason}

    def is_spoken(self, choice):
        """Tell whether choice is answered in audio: the request asked for it, and the choice calls no function."""
        return self.audio is not None and not choice.tool_calls

    def spoken(self, choice):
        """Return the message's audio object of a spoken choice, None when the choice is not spoken."""
        if not self.is_spoken(choice):
            return None
        return {"id": ids.audio_id(self.created), "data": canned_audio(self.audio["format"]),
                "expires_at": self.created + AUDIO_LIFETIME, "transcript": choice.content}

    def _choice_logprobs(self, choice):
        if not self.logprobs or self.is_spoken(choice):  # a spoken answer has no content to score
            return None
        content = [token_logprob(t, i, self.top_logprobs) for i, t in enumerate(choice.shown_tokens())]
        return {"content": content, "refusal": None}

    def to_dict(self):
        """Return the chat.completion object (its moderation, if any, after the service tier: captured on
        gpt-5.6-terra, September 2026)."""
        answer = {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [
                self._entry(c.index, "message", message(c, self.spoken(c)), self._choice_logprobs(c), c.finish_reason)
                for c in self.choices
            ],
        }
        answer["usage"] = self.usage()
        if not self.searched:  # a search model's answer names none (openai-dotnet session records, 2025-2026)
            answer["service_tier"] = self.service_tier
        if self.moderation is not None:
            answer["moderation"] = self.moderation
        answer["system_fingerprint"] = self.system_fingerprint
        return answer

    def to_json(self):
        """Return the chat.completion object as JSON bytes, exactly as indented_json_bytes(self.to_dict()) writes
        it: indented by two, as the API writes its chat answers (recorded lengths, 2025-2026).

        A text answer with one choice and no logprobs, what most requests get, is written from a template:
        json's encoder spends most of its time per key and per container (and indents in Python), and the
        object has 27 keys in 9 containers, of which 8 values vary. Every other answer goes through to_dict; one
        with a moderation is written as the API writes that (its scores as Rust writes numbers, recorded).
        """
        if len(self.choices) != 1 or self.logprobs or self.choices[0].tool_calls or self.audio or \
                self.usage_by_modality or not self.logprobs_key or self.choices[0].reasoning_tokens or \
                self.cache_writes or self.moderation or self.cached_tokens or self.heard_tokens or self.searched or \
                self.predicted:
            return indented_json_bytes(self.to_dict()) if self.moderation is None else rust_json(self.to_dict())
        choice = self.choices[0]
        prompt_tokens, completion_tokens = self.prompt_tokens, choice.completion_tokens
        # An f-string: str.format would parse the template again on every answer. The counts and created are
        # ints, which an f-string writes as json does.
        return utf8(
            f'{{\n  "id": {scalar(self.id)},\n  "object": "chat.completion",\n  "created": {self.created},\n'
            f'  "model": {scalar(self.model)},\n  "choices": [\n    {{\n      "index": {choice.index},\n'
            f'      "message": {{\n        "role": "assistant",\n        "content": {scalar(choice.content)},\n'
            f'        "refusal": null,\n        "annotations": []\n      }},\n      "logprobs": null,\n'
            f'      "finish_reason": {scalar(choice.finish_reason)}\n    }}\n  ],\n  "usage": {{\n'
            f'    "prompt_tokens": {prompt_tokens},\n    "completion_tokens": {completion_tokens},\n'
            f'    "total_tokens": {prompt_tokens + completion_tokens},\n    "prompt_tokens_details": {{\n'
            f'      "cached_tokens": 0,\n      "audio_tokens": 0\n    }},\n    "completion_tokens_details": {{\n'
            f'      "reasoning_tokens": 0,\n      "audio_tokens": 0,\n      "accepted_prediction_tokens": 0,\n'
            f'      "rejected_prediction_tokens": 0\n    }}\n  }},\n  "service_tier": {scalar(self.service_tier)},\n'
            f'  "system_fingerprint": {scalar(self.system_fingerprint)}\n}}')

    def _chunk(self, choices, include_usage, usage_first=False):
        """Return a chunk of choices; with include_usage, its `usage` null after them, or before them (usage_first)
        as the chunks opening and streaming parallel tool calls have it (recorded 2025-2026)."""
        chunk = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "service_tier": self.service_tier,
            "system_fingerprint": self.system_fingerprint,
        }
        if self.searched:  # no fingerprint, the tier after the choices (recorded); usage between them, a guess
            del chunk["service_tier"], chunk["system_fingerprint"]
            chunk["choices"] = choices
            if include_usage:
                chunk["usage"] = None
            chunk["service_tier"] = self.service_tier
            return chunk
        if include_usage and usage_first:
            chunk["usage"] = None
        chunk["choices"] = choices
        if include_usage and not usage_first:
            chunk["usage"] = None
        return chunk

    def opens_apart(self, choice):
        """Whether a choice's streamed calls open with the role alone (content null, no refusal)."""
        return bool(choice.tool_calls) and (self.role_apart or parallel(choice)) and not choice.legacy

    def _choice_events(self, choice):
        """Yield the choice entries of one choice's chunks: role, one per token, finish."""
        empty_logprobs = {"content": [], "refusal": None} if self.logprobs else None
        if choice.tool_calls:
            role_apart = self.opens_apart(choice)
            if role_apart:  # the role, content null and no refusal, then the calls
                yield self._entry(choice.index, "delta", {"role": "assistant", "content": None}, empty_logprobs, None)
            for delta in tool_call_deltas(choice, not role_apart):
                yield self._entry(choice.index, "delta", delta, empty_logprobs, None)
            return
        if self.is_spoken(choice):
            for delta in self._spoken_deltas(choice, expiry=choice.finish_reason != "stop"):
                yield {"index": choice.index, "delta": delta, "finish_reason": None}
            return
        yield self._entry(choice.index, "delta", {"role": "assistant", "content": "", "refusal": None},
                          empty_logprobs, None)
        shown = choice.shown_tokens() if self.logprobs else ()
        for position, piece in enumerate(choice.pieces):
            logprobs = None
            if self.logprobs:
                logprobs = {"content": [token_logprob(shown[position], position, self.top_logprobs)],
                            "refusal": None}
            yield self._entry(choice.index, "delta", {"content": piece}, logprobs, None)

    def _choice_turns(self, choice):
        """Yield one choice's entries in the turns n choices take: a text choice's role goes with its first token.

        The API streams n choices token by token in turn, each one's role chunk just before its first token, not
        every role first (gpt-4 with n=2 in the conformance recordings: role 0, token 0, role 1, token 1, then
        tokens in turn; gpt-4o-mini with n=2, rig's cassettes of 2026, the same). Calls and spoken answers, of
        which no stream of several choices was recorded, take a turn an entry.
        """
        events = self._choice_events(choice)
        if choice.tool_calls or self.is_spoken(choice):
            yield from ((event,) for event in events)
            return
        yield tuple(itertools.islice(events, 2))  # a text choice's first entry is its role: never empty
        yield from ((event,) for event in events)

    def _spoken_deltas(self, choice, expiry=True):
        """Yield the deltas streaming a spoken choice: the transcript piece by piece, then the audio, then its expiry.

        As the API streams it: the role first, without content; the audio's id with the first transcript piece and
        again with the first piece of data (the role too); the data in pieces of whole samples, each its own
        base64; and a last delta with the expiry alone (unless expiry is false: a finished answer's comes after the
        usage, see chunks).
        """
        audio_id = ids.audio_id(self.created)
        yield {"role": "assistant", "refusal": None}
        for n, piece in enumerate(choice.pieces):
            yield {"content": None, "audio": {"id": audio_id, "transcript": piece}} if n == 0 else \
                {"audio": {"transcript": piece}}
        for n, data in enumerate(canned_audio_pieces(self.audio["format"])):
            yield {"role": "assistant", "content": None, "refusal": None, "audio": {"id": audio_id, "data": data}} \
                if n == 0 else {"audio": {"data": data}}
        if expiry:
            yield {"audio": {"expires_at": self.created + AUDIO_LIFETIME}}

    def chunks(self, include_usage=False):
        """Yield ChatCompletionChunk objects: choices interleaved token by token, finishes last."""
        # Calls that open with the role alone stream with usage first, up to their finish: parallel calls (recorded
        # 2025-2026) and a model's that opens even one call so (gpt-4.1-nano, ruby_llm's cassette of September 2025).
        usage_first = {c.index for c in self.choices if self.opens_apart(c)} if include_usage else ()
        if len(self.choices) == 1:
            events = self._choice_events(self.choices[0])
        else:
            events = (event for turn in interleave(self._choice_turns(c) for c in self.choices) for event in turn)
        for event in events:
            yield self._chunk([event], include_usage, event["index"] in usage_first)
        spoken = [c for c in self.choices if self.is_spoken(c) and c.finish_reason == "stop"]
        for c in self.choices:
            if c in spoken:
                continue  # a spoken answer ends with its expiry: the API sends no finish_reason for it
            finish = {"annotations": [streamed_annotation(a) for a in c.annotations]} if c.annotations else {}
            yield self._chunk([self._entry(c.index, "delta", finish, None, c.finish_reason)], include_usage)
        if include_usage:
            final = self._chunk([], include_usage)
            final["usage"] = self.usage()
            yield final
        # A finished spoken answer's expiry comes after the usage, its choice without finish_reason
        # (gpt-4o-audio-preview-2025-06-03, openai-dotnet session records, September 2025 and February 2026).
        for c in spoken:
            yield self._chunk([{"index": c.index, "delta": {"audio": {"expires_at": self.created + AUDIO_LIFETIME}}}],
                              include_usage)
        if self.moderation is not None:  # last, after the usage (recorded), its numbers as Rust writes them
            moderated = self._chunk([], False)
            moderated["moderation"] = self.moderation
            if include_usage:
                moderated["usage"] = None
            yield RawEvent(rust_json(moderated, indent=None))


def interleave(streams):
    """Yield the items of several iterators in turn, one of each, until all are done: n choices as generated."""
    streams = list(streams)
    while streams:
        alive = []
        for stream in streams:
            item = next(stream, None)
            if item is not None:
                alive.append(stream)
                yield item
        streams = alive


# Events after the first are yielded in batches: each yield is one write to the socket (and one chunk of a
# chunked body), and fauxpen has every token at once. The first goes alone, so that the answer starts at once.
EVENTS_PER_WRITE = 32


class RawEvent(bytes):
    """An event's JSON already written (as another writer than json's writes it)."""


def sse_event(obj):
    """Return obj as one SSE `data:` event of compact JSON (lone surrogates a request sent kept as escapes)."""
    return b"data: " + (obj if obj.__class__ is RawEvent else json_bytes(obj)) + b"\n\n"


def named_sse_event(obj):
    """Return obj as one SSE event named by its type (`event: <type>`), as the Responses API sends them: its
    numbers as Rust writes them (a moderation score 0.000015598027633743823, recorded)."""
    return b"event: " + obj["type"].encode() + b"\ndata: " + rust_json(obj, indent=None) + b"\n\n"


def server_sent_events(objects, named=False):
    """Return an iterator of the SSE bytes of objects: each one `data:` event of compact JSON, then `data: [DONE]`.

    named: each event named by its object's type, and no `[DONE]` (the Responses API's stream).
    The first event is written at once, while the request can still be refused: the Responses API's first event
    echoes the request's tools and format, and JSON nested deeper than writing it can recurse is then refused as
    the answer that is not streamed refuses it (errors.handle_too_deep), not cut off after a 200.
    """
    event = named_sse_event if named else sse_event
    objects = iter(objects)
    return _events([event(obj) for obj in itertools.islice(objects, 1)], objects, event, named)


def _events(first, objects, event, named):
    yield from first
    batch = []
    for obj in objects:
        batch.append(event(obj))
        if len(batch) == EVENTS_PER_WRITE:
            yield b"".join(batch)
            batch = []
    if not named:
        batch.append(b"data: [DONE]\n\n")
    if batch:
        yield b"".join(batch)


EVENT_END = re.compile(rb"(\r?\n\r?\n)")  # LFs, or the CRLFs the transcription streams end their events in


def split_events(chunks):
    """Yield the SSE events in a stream's byte chunks one by one, however the chunks batch them."""
    pending = b""
    for chunk in chunks:
        *parts, pending = EVENT_END.split(pending + chunk)
        for at in range(0, len(parts), 2):
            yield parts[at] + parts[at + 1]
    if pending:
        yield pending
