"""POST /v1/completions: the legacy text completion endpoint (gpt-3.5-turbo-instruct, davinci-002, babbage-002)."""
import time

from flask import Blueprint

from .. import canned, completion, context, ids, registry, rules, wire
from ..schemas.completions import COMPLETION_RULES, load_completion_request, max_tokens
from ..text_completion import TextChoice, TextCompletion
from . import answer_response, note_model_headers

bp = Blueprint("completions", __name__)


def build_text_completion(model, req):
    """Return the TextCompletion answering a validated request: n choices a prompt, indexed prompt by prompt.

    best_of completions are generated a prompt and the best n returned: usage counts every one of them.
    """
    config = context.config()
    limit, stop, echo = max_tokens(req), req.get("stop"), bool(req.get("echo"))
    n = req.get("n") or 1
    best_of = max(req.get("best_of") or 1, n)
    choices, generated = [], 0
    for at, prompt in enumerate(req["prompt"]):
        text = prompt if isinstance(prompt, str) else ""  # token ids: fauxpen has no vocabulary to read them
        reply = canned.reply_for(text, config["FAUXPEN_REPLY"], config["FAUXPEN_REPLIES_FILE"])
        # The legacy endpoint does not count the end-of-text token chat counts.
        planned = [completion.plan_choice(at * n + j, reply, limit, stop, end_token=0) for j in range(n)]
        choices += [TextChoice(c.index, text, echo, c) for c in planned]
        generated += best_of * planned[0].completion_tokens
    logprobs = req.get("logprobs")
    return TextCompletion(id=ids.text_completion_id(), created=int(time.time()), model=model.answers_as or model.id,
                          choices=choices, prompt_tokens=sum(req.prompt_tokens), completion_tokens=generated,
                          logprobs=logprobs)


@bp.post("/completions")
def create_completion():
    """Answer a completion request with the canned reply, as a text_completion or streamed."""
    body = wire.json_body()
    context.note("tokens_used", wire.completion_limiter_tokens(body))  # the limiter's estimate, refusals' too
    model = registry.requested_model(body, "completion")
    req = load_completion_request(body)
    rules.check(COMPLETION_RULES, model, req)
    answer = build_text_completion(model, req)
    # The legacy endpoint's answers, JSON and streamed, as recorded in March 2025 and February 2026 (langsmith's
    # cassettes of gpt-3.5-turbo-instruct): the older stack's headers, and not to be cached.
    note_model_headers(model)
    response = answer_response(answer, req)
    response.headers["Cache-Control"] = "no-cache, must-revalidate"
    if req.get("stream"):
        response.content_type = "text/event-stream"  # no charset here, where chat's streams name one
    return response
