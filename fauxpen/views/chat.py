"""POST /v1/chat/completions."""
import time

from flask import Blueprint

from .. import (canned, completion, context, ids, moderation, prompt_cache, pydantic_style, registry, rules, tokens,
               tooluse, wire)
from ..errors import IncorrectAPIKeyError, InvalidRequestError, OpenAIError, handle_openai_error
from ..schemas.chat import load_chat_request
from . import answer_response, front_layer_refusal, key_refusals_as_text, stored

bp = Blueprint("chat", __name__)
# A wrong sk- key's 401 as the audio endpoints write theirs, with the body again in a header (curl, August 2026,
# and Arize-ai/phoenix's cassettes, 2026); another key's, and a missing key's, the front layer's (DEADBEEF in
# newrelic-python-agent's cassettes, July 2026).
key_refusals_as_text(bp, IncorrectAPIKeyError, error_headers=True, other_keys=front_layer_refusal)


@bp.errorhandler(OpenAIError)
def refusal(error):
    """Answer a refusal as the app's handler does (errors.handle_openai_error), as the chat endpoint's: Flask finds
    this one first, and error_response need not ask the request whose it is (a context lookup and three of
    werkzeug's properties)."""
    return handle_openai_error(error, chat=True)


def writes_free_text(req):
    """Tell whether the model writes unconstrained text, where a token logit_bias forces can take over.

    A call that tool_choice (or function_call) requires, and the JSON a response_format asks for, are decoded
    under a grammar that a logit bias cannot break out of.
    """
    choice = tooluse.function_choice(req)[1]
    if choice == "required" or isinstance(choice, dict):
        return False
    return (req.get("response_format") or {}).get("type") in (None, "text")


def build_completion(model, req, config, pictures):
    """Return the Completion that answers a validated request; config: the app's, pictures: its prompt's count of
    them (the view worked both out already)."""
    reply = canned.choose_reply(req["messages"], config["FAUXPEN_REPLY"], config["FAUXPEN_REPLIES_FILE"])
    limit = req.get("max_completion_tokens") or req.get("max_tokens")
    prompt_tokens = req.prompt_tokens
    n = req.get("n") or 1
    # Without a limit, an answer still ends where the model's output or its context window does.
    room = min(model.max_output_tokens, model.context_length - prompt_tokens)
    # A reasoning model thinks first, in tokens the limit counts: what is left of it is the answer's.
    reasoning = reasoning_tokens(model, rules.effort(model, req), prompt_tokens) if model.supports("reasoning") else 0
    if reasoning:
        reasoning = min(reasoning, room if limit is None else limit)
        room -= reasoning
        limit = None if limit is None else limit - reasoning
    forced = completion.forced_token(req.get("logit_bias"))
    if forced and writes_free_text(req):
        choices = [completion.plan_forced_choice(i, forced, room, limit, req.get("frequency_penalty") or 0,
                                                 model.repetition_filter_tokens, req.get("stop")) for i in range(n)]
    else:
        answer = tooluse.decide(req, reply)
        framing = model.capabilities.get("chat_answer_framing", 1)
        # An answer after reasoning is framed in more where the model writes it in a channel: 9 where 3 in chat and 6
        # where 4 in the Responses API, as every such answer recorded came to (GPT-6's 151 = 23 + 119 + 9 in chat and
        # 151 = 41 + 104 + 6; gpt-5.6-sol's 62 = 37 + 19 + 6, August and September 2026). A call's stays as it was.
        if reasoning:
            framing = model.capabilities.get("chat_reasoned_answer_framing", framing)
        # (a model whose text has not been measured writes its calls as gpt-4o does)
        call_framing = model.capabilities.get("chat_answer_framing", 0)
        choices = [completion.plan_answer(i, answer, room if limit is None else limit, req.get("stop"), framing,
                                          call_framing) for i in range(n)]
    for choice in choices:
        choice.reasoning_tokens = reasoning
    searched = model.supports("chat_web_search")
    # A search model cites the page it found (web_search_options or not: it always searches), but not in JSON,
    # which the Responses API's search leaves uncited too.
    if searched and (req.get("response_format") or {}).get("type") in (None, "text"):
        for choice in choices:
            completion.cite_search(choice, room if limit is None else limit, req.get("stop"))
    predicted = req.get("prediction") is not None
    if predicted:
        for choice in choices:
            completion.predict(choice, completion.prediction_text(req["prediction"]))
    spoken = req.get("audio") if "audio" in (req.get("modalities") or ()) else None
    if spoken is not None:
        for choice in choices:
            speak(choice, room if limit is None else limit)
    cached, written = cache_use(model, req, prompt_tokens)
    # Its six required fields by position and the others set after, not as keywords: calling a class with keywords
    # makes Python gather them in a dict for __init__ and spread them out again (13,900 instructions for the
    # nineteen, against 4,500 by position, 2026-12-06).
    answer = completion.Completion(ids.search_completion_id() if searched else ids.chat_completion_id(),
                                   int(time.time()), model.id, model.system_fingerprint, choices, prompt_tokens)
    answer.logprobs = bool(req.get("logprobs"))
    answer.top_logprobs = req.get("top_logprobs") or 0
    answer.service_tier = completion.served_tier(req.get("service_tier"))
    answer.audio = spoken
    answer.usage_by_modality = model.supports("usage_by_modality")
    # A GPT-5 model at effort none; gpt-4o-audio-preview-2025-06-03 has none either (recorded, February 2026).
    answer.logprobs_key = not (model.supports("reasoning") or model.supports("no_logprobs_key")) \
        or answer.logprobs
    # A prompt holding a picture counts none: gpt-6-sol's chat answers of an image question, streamed and
    # not, had no cache_write_tokens where its others had them (rig's cassettes, October 2026).
    answer.cache_writes = model.supports("cache_write_tokens") and not pictures
    answer.role_apart = model.supports("stream_role_apart")
    answer.heard_tokens = tokens.count_heard_tokens(req["messages"]) if model.supports("audio_input") else 0
    answer.searched = searched
    answer.predicted = predicted
    answer.cached_tokens = cached
    answer.cache_written = written
    return answer


def picture_count(req):
    """Count the pictures (image_url parts) of a chat request's prompt."""
    if req.text_only:
        return 0
    messages = req["messages"]
    return sum(isinstance(part, dict) and part.get("type") == "image_url" for message in messages
               if isinstance(message.get("content"), list) for part in message["content"])


# The fewest tokens a reasoning model can end a message in: the API refuses a smaller max_completion_tokens once
# the model has run into it, as measured on 2026-08-15 (1 and 2 refused, 4 and 16 answered, on gpt-5-mini,
# gpt-5.4-mini and gpt-5.6-sol, a prompt of "."; gpt-4o-mini answered all four) and reported of o3-mini, gpt-5.5
# and gpt-6-astra (a probe of 2026-09-05) at 1. 3 is a guess between them.
FEWEST_FINISHING_TOKENS = 3


def unfinishable(model, req):
    """Refuse a reasoning model's max_completion_tokens too small for it to end a message in, as the API does
    after sampling (param and code null). A stream's answer to it is not recorded: it is left to be cut."""
    limit = req.get("max_completion_tokens")
    if model.supports("reasoning") and not req.get("stream") and limit is not None \
            and limit < FEWEST_FINISHING_TOKENS:
        raise InvalidRequestError("Could not finish the message because max_tokens or model output limit was "
                                  "reached. Please try again with higher max_tokens.")


def cache_use(model, req, prompt_tokens):
    """Return the prompt's use of the prompt cache (prompt_cache), its tokens read and written: none below its
    minimum, without a look."""
    if prompt_tokens < prompt_cache.MIN_TOKENS:
        return 0, 0
    return prompt_cache.use(stored.store_path(), model, req, prompt_tokens)


# The hidden tokens a reasoning model spends before a short answer, by reasoning_effort: the API counts them in
# multiples of 64 on the o-series and GPT-5 to 5.4. Medium's is the multiple nearest the mean (52) of 11 short
# answers recorded in 2025-2026 (six 0, three 64, two 192: o3-mini's "hello" 64, June 2026; gpt-5's and o4-mini's
# 0 in 2026; gpt-5-mini's 0 and 64 to one request, December 2025), and gpt-5-mini's outran a limit of 50.
# Low is no less than 64 in any of its 7 records (gpt-5-nano's "Count r's in strawberry" 192 twice, traceloop's
# cassettes of August 2025; o3-mini 64 to 256 in openai-dotnet's session records, September 2025 to February
# 2026), yet a higher effort does not think less: the 64 of medium. High is a guess between gpt-5-pro's 64 on
# "What is the capital of Mexico?" (November 2025) and the 1,600 of o3-mini asked how to cross the street.
REASONING_TOKENS = {"none": 0, "minimal": 0, "low": 64, "medium": 64, "high": 192, "xhigh": 384, "max": 768}
# What a model that reasons adaptively spends on any prompt at an effort, before the prompt's length adds to it:
# gpt-5.6-sol spent 29 and 34 at high, 35, 37 and 37 at xhigh, on an 18-token question (openai-dotnet's session
# records, August 2026), and none at low, medium or none on another of 18 (pydantic-ai's cassettes, July and
# October 2026). Max's is a guess, a step above xhigh as xhigh is above high.
ADAPTIVE_FLOOR = {"high": 32, "xhigh": 36, "max": 40}
# The prompt's tokens from which the floor holds: an instruction shorter than that is answered without thought at
# any effort. gpt-5.6-sol answered "Reply with exactly: OK" (11 tokens) with no reasoning at max and at high in pro
# mode (rig's cassettes, September 2026), and spent the floor on the 18-token question: between the two.
ADAPTIVE_FLOOR_FROM = 15
# And what the prompt's length adds, at most: one token in 8 past the trivial, whatever the effort (gpt-5.6-terra's
# 9 at medium for 107 tokens, September 2026; gpt-5.6-sol's 28 to 56 at xhigh for 91 and 93, August 2026). The GPT-6
# models' is none (adaptive_reasoning's third number): at low and medium they spent nothing on 44 of 51 answers of
# prompts of 9 to 15,626 tokens (rig's cassettes of gpt-6-sol, -luna, -astra and gpt-6.1-sol, October 2026), 5 to
# 64 on the others (a profile of nested values to store, 41 and 38; a picture's colour, 36; a web search, 64),
# whatever their length; above medium their growth is a guess.
ADAPTIVE_GROWTH = 64


def reasoning_tokens(model, effort, prompt_tokens):
    """Return the hidden tokens a reasoning model spends at effort on a prompt of prompt_tokens.

    A model that reasons adaptively (capability adaptive_reasoning: [trivial, span], or [trivial, span,
    growth]) spends its effort's floor on a prompt of ADAPTIVE_FLOOR_FROM tokens or more (none at low or
    medium), and growth (ADAPTIVE_GROWTH) more in proportion to the prompt's tokens past `trivial`, up to
    `span` of them: gpt-5.6-terra spent none on "ping" (7 tokens) at medium and low, nor with the instructions
    "Answer briefly." (14), and 9 on it with one function tool (107), September 2026 ([32, 512] fits them).
    """
    budget = REASONING_TOKENS.get(effort, 64)
    adaptive = model.capabilities.get("adaptive_reasoning")
    if not adaptive or not budget:
        return budget
    trivial, span, growth = (*adaptive, ADAPTIVE_GROWTH)[:3]
    floor = ADAPTIVE_FLOOR.get(effort, 0) if prompt_tokens >= ADAPTIVE_FLOOR_FROM else 0
    return floor + growth * min(max(prompt_tokens - trivial, 0), span) // span


def speak(choice, limit):
    """Give a text choice the audio tokens of speaking it; a limit (or the model's room) they do not fit in cuts
    it ("length")."""
    if choice.tool_calls:
        return
    choice.audio_tokens = completion.audio_tokens_for(len(choice.pieces))
    if choice.completion_tokens + choice.audio_tokens > limit:
        choice.audio_tokens = max(limit - choice.completion_tokens, 0)
        choice.finish_reason = "length"


def moderate(req, answer):
    """Return the moderation a request asks for: one result for its messages' text, one for each choice's (never
    flagged; one result a choice is a guess, the recordings have one)."""
    def text(content):
        if isinstance(content, list):
            return "\n".join(part.get("text") or "" for part in content if part.get("type") == "text")
        return content or ""

    said = [text(message.get("content")) for message in req["messages"]]
    answered = [[choice.content] if not choice.tool_calls else [call.arguments for call in choice.tool_calls]
                for choice in answer.choices]
    name = req["moderation"]["model"]
    return {"input": moderation.results(name, [said]), "output": moderation.results(name, answered)}


@bp.post("/chat/completions")
def create_chat_completion():
    """Answer a chat completion request with the canned reply, as JSON or as a stream, or refuse it (refusal).

    The view hands refusal the refusals it raises itself, the one handler Flask would find for them (the key's,
    the one other, is raised before the view): Flask's way there (handle_user_exception, the handler looked up
    through the error's classes for each blueprint, ensure_sync's check for a coroutine) cost more than the
    handler. A refusal raised before the view (a key, a fault) still reaches refusal through Flask.
    """
    try:
        return complete_chat()
    except OpenAIError as error:
        return refusal(error)


def complete_chat():
    """Answer a chat completion request with the canned reply, as JSON or as a stream."""
    body = wire.json_body()
    limited = wire.chat_limiter_tokens(body)
    context.note("tokens_used", limited)
    model = registry.requested_model(body, "chat")
    config = context.config()
    wire.check_request_size(model, body["model"], limited, config)
    if model.pydantic_params:
        body = pydantic_style.check(model.pydantic_params, body)
    req = load_chat_request(model, body)
    pictures = picture_count(req)
    if pictures:  # their own rate limit's headers, among the six others, a refusal's too (two refusals of a
        # picture's bytes on gpt-4o-mini, April 2026, braintrust-sdk-python's cassettes)
        context.note("input_images", pictures)
    rules.check(rules.CHAT_RULES, model, req)
    unfinishable(model, req)
    answer = build_completion(model, req, config, pictures)
    if req.get("moderation") is not None:
        answer.moderation = moderate(req, answer)
    if req.get("store"):
        stored.keep(answer, req)
    return answer_response(answer, req)
