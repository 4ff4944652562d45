"""The Responses API: POST /v1/responses, POST /v1/responses/input_tokens, POST /v1/responses/compact,
GET/DELETE /v1/responses/{id}, its input_items, and POST /v1/responses/{id}/cancel.

A request is answered as the chat request it amounts to (schemas.responses.chat_request): the same canned reply,
tool calls, structured output and token counts, shaped as a response. Responses are stored unless `store` is
false, so that they can be fetched, deleted and continued with previous_response_id. A background response is
`queued` in the answer to its request and completed FAUXPEN_BACKGROUND_SECONDS later, unless cancelled first.

The endpoint writes JSON indented by two spaces with no newline at the end, refusals included; only the answer
to a request that is neither streamed nor in the background carries x-ratelimit-* headers (recordings of 2025), and
the streamed answers of the models recorded with them (2026: see create_response).
"""
import bisect
import itertools
import json
import re
import time

from flask import Blueprint, Response, request

from .. import (canned, completion, context, faults, ids, moderation, programs, prompt_cache, registry, rules, skills,
               store, tooluse, uploaded, wire)
from ..errors import InvalidRequestError, ModelNotFoundError, NotFoundError, missing_parameter
from ..responses import (COMPACTION_OUTPUT_TOKENS, WEB_SEARCH_TOOLS, Answer, added_tools,
                         blob_reasoning_tokens, blob_verifies, encrypted_content, function_tool, hosted_search,
                         item_ids, loaded_tools, namespaces, updated_effort, updated_format)
from ..tokens import count_tokens, model_count, split_tokens
from ..schemas.chat import ChatRequest, load_chat_request
from ..schemas.fields import json_type_name, supported_values
from ..schemas.messages import image_data_problem, unreachable
from ..schemas.responses import (CHAT_TOOL_TYPES, INCLUDABLE, REASONING_EFFORTS, chat_messages, chat_request,
                                 content_text, expected_includes, input_token_count_extras, input_tokens,
                                 load_responses_request, templated)
from ..validation import load
from . import forced_tools
from .chat import reasoning_tokens
from . import (checked_id, containers, conversations, indented, indented_refusals, key_refusal_as_answer,
               key_refusals_as_text, vector_stores, webhooks, without_ratelimit_headers)
from .stored import after, query_int, query_order, store_path

bp = Blueprint("responses", __name__)
# Only a create answer that is neither streamed nor in the background carries rate-limit headers (recorded).
without_ratelimit_headers(bp)
indented_refusals(bp)
# A wrong sk- key's 401 is text/plain (a browser's capture, August 2026); another key's, or none, JSON as its
# answers (`<not-a-real-key>`, 245 bytes, a tracing library's cassette, May 2025).
key_refusals_as_text(bp, other_keys=key_refusal_as_answer)


class ResponseNotFoundError(NotFoundError):
    def __init__(self, response_id):
        super().__init__(f"Response with id '{response_id}' not found.")


def response_model(body):
    """Return the chat model a Responses request names. No model, null and "" are refused as the Responses API words
    them (measured, August 2026), and so is a name no model has; a model of another kind, or an audio chat model, as
    one the Responses API does not serve."""
    if "model" not in body:
        raise missing_parameter("model")
    if body["model"] is None:  # null is read as a string that failed
        raise InvalidRequestError("Invalid type for 'model': expected a string, but got an object instead.",
                                  param="model", code="invalid_type")
    if body["model"] == "":
        raise InvalidRequestError("The requested model '' does not exist.", param="model", code="model_not_found")
    name = body["model"]
    known = registry.resolve(name) if isinstance(name, str) else None
    # A live test suite's words (late 2025) for completion and embedding models; gpt-image-1.5 is answered so too
    # (responses_not_found: quoted in April 2026), where gpt-image-1-mini is not supported (below).
    if known is not None and (known.kind in ("completion", "embedding") or known.supports("responses_not_found")):
        raise InvalidRequestError(f"The requested model, '{name}' was not found.", param="model",
                                  code="model_not_found")
    if known is not None and (known.kind != "chat" or known.supports("requires_audio")
                              or known.supports("chat_web_search")):
        # speech, transcription, image and realtime models, the audio chat models (reported 2025-2026), and chat's
        # search models (gpt-4o-search-preview, relayed in June 2025; OpenAI's model pages, of all three)
        raise InvalidRequestError(f"The requested model '{name}' is not supported with the Responses API.",
                                  param="model", code="model_not_found")
    try:
        model = registry.requested_model(body, "chat", responses=True)
    except (registry.WrongEndpointError, ModelNotFoundError):
        model = None
    # A name no model has, as "" is: 400, param model (recorded 2025-2026, streamed or not: rig's two cassettes of
    # gpt-nonexistent-model-for-error-edge, gpt-bogus beside chat's 404 in June 2026); o1-mini too.
    if model is None or model.supports("no_responses"):
        raise InvalidRequestError(f"The requested model '{name}' does not exist.", param="model",
                                  code="model_not_found")
    if model.supports("retired_in_responses"):  # past its shutdown (recorded, August 2026)
        raise NotFoundError(f"Model not found {name}", param="model")
    return model


def previous_response(req):
    """Return the stored (response, input items, conversation) previous_response_id continues, or None when there
    is none (400 when it is not stored, or not done)."""
    previous = req.get("previous_response_id")
    if previous is None:
        return None
    # Its form first (relayed from the API in 2025-2026: '@results.ress' in the characters' words, 'gen-123' for
    # its prefix, code invalid_id_prefix).
    checked_id(previous, "previous_response_id", "resp", "invalid_id_prefix")
    found = store.get_response(store_path(), previous)
    if found is None:
        raise InvalidRequestError(f"Previous response with id '{previous}' not found.", param="previous_response_id",
                                  code="previous_response_not_found")
    status = shown(found[0])["status"]
    if status not in ("completed", "incomplete"):  # a background response not done, or cancelled: no output yet
        raise InvalidRequestError(f"Previous response with id '{previous}' is {status.replace('_', ' ')} and cannot "
                                  "be continued.", param="previous_response_id")  # guessed wording
    return found


def check_unlocked(kept):
    """Refuse a turn on a conversation a background response still works on (queued or in progress): the API's
    refusal of concurrent turns on one conversation (reported in March 2026: 400, param conversation, code
    conversation_locked); that a background response holds the conversation until done is a guess."""
    working = kept and kept.get("working")
    found = working and store.get_response(store_path(), working)
    if found and shown(found[0])["status"] in ("queued", "in_progress"):
        raise InvalidRequestError("Another process is currently operating on this conversation. Please retry in a "
                                  "few seconds.", param="conversation", code="conversation_locked")


def input_items(value):
    """Return a request's input as items (a string is one user message)."""
    if isinstance(value, str):
        return [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": value}]}]
    return list(value)


def build_answer(model, req, chat, tokens_in):
    """Return the Answer to a validated request, read as chat (chat_request) with tokens_in input tokens."""
    created = int(time.time())
    named = req.get("conversation") or req.get("previous_response_id")
    named = named.get("id") if isinstance(named, dict) else named
    make_id = item_ids(created, req.get("store") is not False, named if isinstance(named, str) else None)
    answer = Answer(id=make_id("resp"), created_at=created, model=model.id, req=req, message_id=make_id("msg"),
                    input_tokens=tokens_in, completed_at=created, capabilities=model.capabilities,
                    loaded=tuple(chat.loaded.values()))
    own = tokens_in - chat.preamble  # the prompt without pro mode's instructions, which are neither cached nor
    # thought over (recorded: 0 cached and written, no reasoning item)
    if own >= prompt_cache.MIN_TOKENS:
        cached_as = {**chat, "prompt_cache_options": req.get("prompt_cache_options"),
                     "prompt_cache_retention": req.get("prompt_cache_retention")}
        answer.cached_tokens, answer.cache_written = prompt_cache.use(store_path(), model, cached_as, own)
    # A prewarm "prepares the prompt cache without generating output" (the SDK's docstring, openai 3.63; OpenAI's
    # prompt caching guide): no output, none counted (the empty, completed response a guess).
    if (req.get("prompt_cache_options") or {}).get("prewarm"):
        answer.prewarm = True
        return answer
    # A compaction_trigger "compacts the current context. Must be the final input item." (the SDK's): the output is
    # one compaction item, as Codex's remote compaction v2 requires (its client, 2026); its tokens a guess.
    sent = req.get("input")
    if isinstance(sent, list) and sent and sent[-1].get("type") == "compaction_trigger":
        answer.triggered = True
        answer.compaction = (make_id("cmp"), encrypted_content(created))
        answer.output_tokens = COMPACTION_OUTPUT_TOKENS
        return answer
    config = context.config()
    reply = canned.choose_reply(chat["messages"], config["FAUXPEN_REPLY"], config["FAUXPEN_REPLIES_FILE"])
    room = min(model.max_output_tokens, model.context_length - answer.input_tokens)
    limit = req.get("max_output_tokens")
    if model.supports("reasoning"):
        answer.effort = rules.effort(model, req)
    answer.shell_container = forced_tools.auto_container(req, answer.id)
    # The API lists an MCP server's tools in the first turn that has it (recorded, June and September 2026).
    answer.mcp_lists = tuple({"id": make_id("mcpl"), "type": "mcp_list_tools", "server_label": tool["server_label"],
                              "tools": []}
                             for tool in req.get("tools") or () if tool.get("type") == "mcp"
                             and isinstance(tool.get("server_label"), str) and tool["server_label"] not in chat.listed)
    if chat.program is not None:  # a program the API runs goes on: the model is not asked
        run_program(answer, chat, reply, room if limit is None else limit, make_id)
        return answer
    # A configuration update's effort, one the model takes, is what it reasons at; the request's is echoed (a guess).
    efforts = model.capabilities.get("responses_efforts") or model.capabilities.get("efforts") or REASONING_EFFORTS
    runs_at = chat.effort_update if answer.effort is not None and chat.effort_update in efforts else answer.effort
    reasons = runs_at not in (None, "none") and not forced_tools.acts_at_once(model.capabilities)
    thought = reasoning_tokens(model, runs_at, own) if reasons else 0
    # A model that does not reason (effort none), or reasons adaptively and found nothing to think over, has no
    # reasoning item.
    if thought or (reasons and not model.supports("adaptive_reasoning")):
        answer.reasoning_tokens = min(thought, room if limit is None else limit)
        answer.reasoning_id = make_id("rs")
        answer.encrypted_reasoning = encrypted_content(created, reasoning_tokens=answer.reasoning_tokens)
        room -= answer.reasoning_tokens
        limit = None if limit is None else limit - answer.reasoning_tokens
    forced, written = forced_tools.forced_tool(req, model, chat.get("messages") or ()), 0
    if forced is not None and limit != 0:  # (no room left after the reasoning: no call, as for a function)
        # The model writes the call first, its tool's name and what it says, within the limit (as a function's).
        said = forced_tools.call(answer, forced, req, last_user_text(chat), make_id)
        written = count_tokens(forced["type"]) + count_tokens(said) + 1
        written = written if limit is None else min(written, limit)
        room -= written
        limit = None if limit is None else limit - written
    if answer.tool_call is not None and not answer.api_ran_call():
        answer.output_tokens = written + answer.reasoning_tokens  # the client runs it: the response ends there
    else:
        if answer.tool_call is not None:  # run by the API, which gives the model the call and its result to read
            answer.input_tokens += forced_tools.read_back(answer, answer.input_tokens)
        decided = tooluse.decide(chat, reply)
        framing = model.capabilities.get("responses_answer_framing", 1)
        # A text after a reasoning item is framed in more (6 where 4: recorded, see chat.build_completion); a call's
        # framing stays as it was (not measured after reasoning).
        text_framing = model.capabilities.get("responses_reasoned_answer_framing", framing) if answer.reasoning_tokens \
            else framing
        choice = completion.plan_answer(0, decided, room if limit is None else limit, None, text_framing, framing)
        if choice.tool_calls:
            answer.calls = tuple((make_id("ctc" if call.custom else "fc"), call.id, call.name, call.arguments)
                                 for call in choice.tool_calls)
        else:
            answer.text, answer.pieces = choice.content, choice.pieces
        answer.cut = choice.finish_reason == "length"
        answer.output_tokens = choice.completion_tokens + answer.reasoning_tokens + written
        if answer.calls:
            answer.namespaces = namespaces(req.get("tools") or (), chat.loaded)
            search_tools(answer, req, chat, make_id)
            write_program(answer, req, make_id, answer.reasoning_tokens + written)
        if not choice.tool_calls and forced is None:  # a forced tool is the one the model uses
            search_files(answer, req, chat, make_id)
            search_web(answer, req, chat, make_id)
    compact(answer, req, make_id)
    if req.get("moderation") is not None:
        answer.moderation = moderate(req, answer)
    return answer


def moderate(req, answer):
    """Return the moderation object: the input's result and the output's (neither flagged), in the recorded layout."""
    def result(texts):  # its type first, the rest in alphabetical order (recorded)
        made = moderation.result_object(name, texts)
        return {"type": made.pop("type"), **dict(sorted(made.items()))}

    name = req["moderation"]["model"]  # checked with the request (prepare)
    texts = [content_text(item["content"]) for item in input_items(req["input"])
             if item.get("type", "message") == "message"]
    output = [answer.text] if answer.text else [call[3] for call in answer.calls] or \
        [forced_tools.written(answer.tool_call)] * (answer.tool_call is not None)
    return {"input": result(texts), "output": result(output)}


# What a file search adds to a response's tokens: the tool's instructions and the chunks read back in, and the
# query the model writes (guessed from recordings: 840 to 1,300 input tokens more for a small file, 20 to 45 output).
FILE_SEARCH_INPUT_TOKENS, FILE_SEARCH_OUTPUT_TOKENS = 800, 10


def write_program(answer, req, make_id, written):
    """Have the model write a program making the calls it would make of functions a program may call, when the
    request has the programmatic_tool_calling tool: the program, then its first call (recorded, July 2026). Its
    code counts as output, beside what was written before it (written)."""
    tools = req.get("tools") or ()
    if not programs.offered(tools):
        return
    functions = {t["name"]: t for t in tools if t.get("type") == "function"}
    made = [(name, arguments) for item_id, _, name, arguments in answer.calls
            if item_id.startswith("fc_") and programs.callable_from_program(functions.get(name, {}))]
    if not made:
        return
    code = programs.code_of(made)
    answer.program = {"id": make_id("cm"), "type": "program", "call_id": ids.tool_call_id(), "code": code,
                      "fingerprint": encrypted_content(answer.created_at)}
    answer.caller = answer.program["call_id"]
    answer.calls = ((make_id("fc"), ids.tool_call_id(), *made[0]),)
    answer.output_tokens = written + count_tokens(code)


def run_program(answer, chat, reply, room, make_id):
    """Go on with the program the request's items leave running: its next call, in a response that used no
    tokens, or, once every call it makes is answered, its output and the model's message (recorded, July 2026)."""
    program, outputs = chat.program
    calls = programs.calls_of(program.get("code"))
    answer.caller = program.get("call_id")
    if len(outputs) < len(calls):
        answer.calls = ((make_id("fc"), ids.tool_call_id(), *calls[len(outputs)]),)
        answer.input_tokens = 0
        return
    answer.program_output = {"id": make_id("cmo"), "type": "program_output", "status": "completed",
                             "call_id": answer.caller, "result": programs.result_of(outputs)}
    choice = completion.plan_answer(0, tooluse.Answer(content=tooluse.content(chat, reply)), room, None,
                                    answer.capabilities.get("responses_answer_framing", 1))
    answer.text, answer.pieces = choice.content, choice.pieces
    answer.cut = choice.finish_reason == "length"
    answer.output_tokens = choice.completion_tokens


def search_tools(answer, req, chat, make_id):
    """Have a tool search load the deferred functions the answer would call first.

    The API's search comes before the calls: a tool_search_call naming them and a tool_search_output with their
    definitions (recorded, March 2026). A search the client runs is called instead, with arguments its parameters
    take (the names of the functions it loads where they take the hosted search's paths), and ends the response;
    the functions its output loads are called from then on (recorded, March and July
    2026). The search's arguments count as output (a guess at what the model writes for it).
    """
    tools = req.get("tools") or ()
    deferred = {t["name"]: t for t in tools if t.get("type") == "function" and t.get("defer_loading") is True}
    called = list(dict.fromkeys(call[2] for call in answer.calls if call[2] in deferred and call[2] not in chat.loaded))
    search = next((t for t in tools if t.get("type") == "tool_search"), None)
    if not called or search is None:
        return
    if hosted_search(tools):
        arguments = {"paths": called}
        answer.tool_search = (
            {"id": make_id("tsc"), "type": "tool_search_call", "status": "completed", "arguments": arguments,
             "call_id": None, "execution": "server"},
            {"id": make_id("tso"), "type": "tool_search_output", "status": "completed", "call_id": None,
             "execution": "server", "tools": [function_tool(deferred[name]) for name in called]})
    else:
        function = {"name": "tool_search", "parameters": search.get("parameters")}
        arguments = json.loads(tooluse.arguments(function, last_user_text(chat))) \
            if isinstance(search.get("parameters"), dict) else {}
        # The hosted search's own parameter, written as it writes it (arguments of a schema not an object's aside)
        if takes_paths(search.get("parameters")) and isinstance(arguments, dict):
            arguments["paths"] = called
        answer.tool_search = ({"id": make_id("tsc"), "type": "tool_search_call", "status": "completed",
                               "arguments": arguments, "call_id": ids.tool_call_id(), "execution": "client"},)
        answer.output_tokens -= sum(count_tokens(call[3]) for call in answer.calls)
        answer.calls = ()
    answer.output_tokens += count_tokens(json.dumps(arguments))


def takes_paths(parameters):
    """Tell whether a client tool search's parameters have the hosted search's `paths`, a plain list of strings (the
    Agents SDK's built-in client search sends that schema): the model then names the functions it loads there, as
    the hosted search's recorded calls do (`{"paths": ["get_weather"]}`, March 2026), not canned file paths."""
    properties = parameters.get("properties") if isinstance(parameters, dict) else None
    paths = properties.get("paths") if isinstance(properties, dict) else None
    return (isinstance(paths, dict) and paths.get("type") == "array" and paths.get("items") == {"type": "string"}
            and set(paths) <= {"type", "items", "description"})


def tool_to_run(req, kinds):
    """Return the request's first tool of one of kinds, unless tool_choice is none (None then, or without one)."""
    if req.get("tool_choice") == "none":
        return None
    return next((t for t in req.get("tools") or () if t.get("type") in kinds), None)


def last_user_text(chat):
    """Return the text of the last user message of a chat request ("" without one): what a search looks for."""
    said = [m["content"] if isinstance(m["content"], str) else
            " ".join(p.get("text") or "" for p in m["content"] if p.get("type") == "text")
            for m in chat["messages"] if m["role"] == "user"]
    return said[-1] if said else ""


def search_files(answer, req, chat, make_id):
    """Run the request's file_search tool, unless tool_choice is none: search its vector stores with the last
    user message, cite the files found (before the text's closing punctuation, as recorded), count the tokens."""
    tool = tool_to_run(req, ("file_search",))
    if tool is None:
        return
    said = last_user_text(chat)
    queries = (said,) if said else ()
    ranking = tool.get("ranking_options") or {}
    found = vector_stores.file_search(list(dict.fromkeys(tool["vector_store_ids"])), queries, tool.get("filters"),
                                      ranking.get("score_threshold", 0), tool.get("max_num_results", 20))
    included = "file_search_call.results" in (req.get("include") or ())
    results = [{"attributes": c["attributes"], "file_id": c["file_id"], "filename": c["filename"],
                "score": c["score"], "text": c["text"], "vector_store_id": c["vector_store_id"]} for c in found]
    answer.search = (make_id("fs"), queries, results if included else None)
    if not included:
        answer.withheld["file_search_call.results"] = {answer.search[0]: results}
    text = answer.text
    at = len(text) - 1 if text[-1:] in ".?!" else len(text)
    cited = {c["file_id"]: c["filename"] for c in found if c["score"] > 0}
    answer.citations = tuple({"type": "file_citation", "file_id": file_id, "filename": filename, "index": at}
                             for file_id, filename in cited.items())
    answer.search_read = FILE_SEARCH_INPUT_TOKENS + sum(count_tokens(c["text"]) for c in found)
    answer.input_tokens += answer.search_read
    written = FILE_SEARCH_OUTPUT_TOKENS + sum(count_tokens(q) for q in queries)
    limit = req.get("max_output_tokens")  # the query is written within the limit too
    answer.output_tokens += written if limit is None else max(0, min(written, limit - answer.output_tokens))


# The input tokens a search costs with either tool: 319 for a 15-token question (preview, gpt-4o-mini, September
# 2026) and 312 for an 18-token one (preview, gpt-4o-mini, January 2026, a crewAI cassette).
WEB_SEARCH_TOOL_TOKENS = 300
# What a search takes off gpt-4.1's x-ratelimit-remaining-tokens beside the prompt and the limiter's 19 (see
# create_response).
WEB_SEARCH_LIMITER_TOKENS = 294
# And what a search of the current tool reads back into the model besides (8,511 against the preview's 319 for the
# same request, September 2026).
WEB_SEARCH_INPUT_TOKENS = 8192


def search_web(answer, req, chat, make_id):
    """Run the request's web search tool, unless tool_choice is none: search the last user message, and cite the
    first page found after the text as the model writes it, `([host](url))` (recorded), unless the text was cut."""
    tool = tool_to_run(req, WEB_SEARCH_TOOLS)
    if tool is None:
        return
    query = last_user_text(chat)
    sources = [{"type": "url", "url": canned.cited_url(url)} for _, url in canned.WEB_PAGES]
    included = "web_search_call.action.sources" in (req.get("include") or ())
    answer.web_search = (make_id("ws"), query, sources if included else None)
    if not included:
        answer.withheld["web_search_call.action.sources"] = {answer.web_search[0]: sources}
    answer.input_tokens += WEB_SEARCH_TOOL_TOKENS
    if not tool["type"].startswith("web_search_preview"):
        answer.input_tokens += WEB_SEARCH_INPUT_TOKENS
    title, url = canned.WEB_PAGES[0]
    cited = canned.citation(url)
    added = tuple(split_tokens(" " + cited))
    limit = req.get("max_output_tokens")
    if answer.cut or not answer.text or chat.get("response_format") or (
            limit is not None and answer.output_tokens + len(added) > limit):
        return  # a text cut short, JSON, or one the citation would take past the limit: no citation
    start = len(answer.text) + 1
    answer.text += " " + cited
    answer.pieces = tuple(answer.pieces) + added
    answer.output_tokens += len(added)
    answer.citations += ({"type": "url_citation", "end_index": start + len(cited), "start_index": start,
                          "title": title, "url": canned.cited_url(url)},)


def compact(answer, req, make_id):
    """Compact the context when it reaches a context_management entry's compact_threshold: a compaction item after
    the output, and the summary's tokens (recorded in 2026: the item last, streamed as added then done, with
    different blobs; counting the answer's tokens into the context is a guess)."""
    thresholds = [entry.get("compact_threshold") for entry in req.get("context_management") or ()
                  if entry.get("compact_threshold") is not None]
    limit = req.get("max_output_tokens")
    if limit is not None and answer.output_tokens + COMPACTION_OUTPUT_TOKENS > limit:
        return  # no room left for the summary within max_output_tokens (a guess: the API's rule is not known)
    if thresholds and answer.input_tokens + answer.output_tokens >= min(thresholds):
        answer.compaction = (make_id("cmp"), encrypted_content(answer.created_at))
        answer.output_tokens += COMPACTION_OUTPUT_TOKENS


def check_tool_choice(req):
    """Refuse a tool_choice naming a tool the request does not have, itself or among the tools allowed_tools
    lists (recorded wording for a function). The web search tools are one tool to it: `{"type":
    "web_search_preview"}` forces a `web_search` tool (openai-dotnet session records, March and September 2026:
    gpt-5.1 and gpt-4o-mini, streamed and not, the choice echoed as sent); its dated name the same (a guess)."""
    choice = req.get("tool_choice")
    if not isinstance(choice, dict):
        return
    tools = req.get("tools") or ()
    for reference in choice["tools"] if choice["type"] == "allowed_tools" else [choice]:
        named = reference["type"] in ("function", "custom")
        name = reference["name"] if named else reference["type"]
        kinds = WEB_SEARCH_TOOLS if reference["type"] in WEB_SEARCH_TOOLS else (reference["type"],)
        if not any(t.get("type") in kinds and (not named or t.get("name") == name) for t in tools):
            raise InvalidRequestError(f"Tool choice '{name}' not found in 'tools' parameter.", param="tool_choice")


# The namespaces the API keeps for its own tools (a client's probe of 2026 found these four among 18 names): a
# function a namespace tool declares there is refused, but for web.run, the model's own search tool, which must
# match the schema the API has for it (a schema fauxpen does not know: any is refused). Wordings measured on
# gpt-5.6-luna and gpt-6-astra (September 2026); param tools as a client's mock of the same refusal has it.
RESERVED_NAMESPACES = ("web", "browser", "python", "computer")
OWN_FUNCTIONS = {"web.run"}
# A hosted tool's own function, which a namespace tool may not declare beside it (quoted of /v1/responses, 2026).
HOSTED_FUNCTIONS = {"image_generation": "image_gen.imagegen"}


def check_namespaces(req):
    """Refuse a namespace tool declaring a function in a namespace the API keeps, or the function of a hosted tool
    the request also has (reported wordings)."""
    tools = req.get("tools") or ()
    hosted = None
    for tool in tools:
        if tool.get("type") != "namespace" or not isinstance(tool.get("tools"), list):
            continue
        if hosted is None:
            hosted = {HOSTED_FUNCTIONS[t.get("type")] for t in tools if t.get("type") in HOSTED_FUNCTIONS}
        for function in tool["tools"]:
            if not isinstance(function, dict) or not isinstance(function.get("name"), str):
                continue
            name = f"{tool.get('name')}.{function['name']}"
            if name in hosted:
                problem = "conflicts with a hosted tool in the same request."
            elif name in OWN_FUNCTIONS:
                problem = "is reserved for use by this model and must match the configured schema."
            elif tool.get("name") in RESERVED_NAMESPACES:
                problem = f"is not allowed in reserved namespace '{tool['name']}'."
            else:
                continue
            raise InvalidRequestError(f"Invalid Value: 'tools'. Function '{name}' {problem}", param="tools")


def check_call_namespaces(req, items):
    """Refuse a function call sent back without the namespace of a function outside the default namespace (the
    model's call named it): reported of the API from March to October 2026, for namespace tools and for deferred
    functions a tool search loaded."""
    outside = namespaces(req.get("tools") or ())
    if not outside:
        return
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("type") == "function_call" and item.get("namespace") is None \
                and item.get("name") in outside:
            raise InvalidRequestError(
                f"Missing namespace for function_call '{item['name']}'. It does not exist in the default namespace. "
                "Round-trip the model's function_call item with its namespace field included.",
                param=f"input[{index}].namespace")


def conversation_after(conversation, req, answer):
    """Return the conversation a response ends: the earlier turns, its input, and its output as input items (a lone
    function call marked `_written`: read again as the model wrote it, see tokens.STORED_CALL_TOKENS)."""
    said = [{"type": "reasoning", "summary": [], "encrypted_content": answer.encrypted_reasoning}] \
        if answer.reasoning_id else []  # read again while its turn goes on (reasoning_read)
    said += [{k: v for k, v in item.items() if k != "id"}
             for item in (*answer.mcp_lists, answer.program, answer.program_output) if item]
    said += [{"type": "custom_tool_call", "call_id": call_id, "name": name, "input": arguments,
              **({"namespace": answer.namespaces[name]} if name in answer.namespaces else {})}
             if item_id.startswith("ctc_") else
             {"type": "function_call", "call_id": call_id, "name": name, "arguments": arguments,
              **({"namespace": answer.namespaces[name]} if name in answer.namespaces else {}),
              **({"caller": {"type": "program", "caller_id": answer.caller}} if answer.caller else {}),
              **({"_written": True} if len(answer.calls) == 1 and not answer.caller else {})}
             for item_id, call_id, name, arguments in answer.calls]
    if answer.tool_call is not None:  # a forced built-in tool's call, and what running it gave, as the response has
        said += [item for item in (answer.tool_call, answer.tool_output) if item]
    if answer.tool_search and not answer.calls:  # the client's search, as the response has it
        said.append({k: v for k, v in answer.tool_search[0].items() if k != "id"})
    elif not answer.calls and (answer.tool_call is None or answer.api_ran_call()):
        said.append({"type": "message", "role": "assistant",
                     "content": [{"type": "output_text", "text": answer.text}]})
    return conversation + input_items(req["input"]) + said


def listed_input_items(req, make_id):
    """Return the input items as input_items lists them, each with an id and its status (recorded key order): the
    status sent, else `completed` where the item's type has one, as a conversation lists its items
    (conversations.listed_item). An MCP list, approval request or response, a compaction item or a reasoning item
    sent without one is listed without it, as the SDK's types have none or an optional one (openai 3.63), where
    each was given a `completed` its type does not have, and a sent status was listed `completed` whatever it was."""
    shown = []
    for item in input_items(req["input"]):
        kind = item.get("type", "message")
        rest = {k: v for k, v in conversations.public(item).items() if k not in ("type", "id", "status")}
        status = item.get("status")
        if status is None and kind in conversations.WITH_STATUS:
            status = "completed"
        if kind == "message":
            content = conversations.listed_content(rest.get("content"), rest.get("role"))
            rest = {"content": content, "role": rest.get("role"),
                    **{k: v for k, v in rest.items() if k not in ("content", "role")}}
        # An item sent without an id gets one of its kind, as a conversation gives it (a function call's output an
        # fco_, recorded), so that what is listed can be sent back, to a conversation too.
        prefix = conversations.ITEM_PREFIXES.get(kind, "item")
        shown.append({"id": item.get("id") or make_id(prefix), "type": kind,
                      **({} if status is None else {"status": status}), **rest})
    return shown


# The output items of an earlier response that input_items lists: its messages, the calls the client answers (a
# function's, a custom tool's, a computer's, a shell's, apply_patch's) and its reasoning (reported, 2025).
LISTED_OUTPUT = ("message", "function_call", "custom_tool_call", "computer_call", "shell_call", "apply_patch_call",
                 "reasoning")


def chain_items(req, answer):
    """Return what input_items lists for a response, oldest first: the items of the responses it continues (their
    inputs and outputs), then its own input (recorded: the whole previous_response_id chain)."""
    earlier = []
    previous = req.get("previous_response_id")
    if previous is not None:
        found = store.get_response(store_path(), previous)
        if found is not None:
            earlier = found[1] + [item for item in found[0]["output"]  # its reasoning too (reported, 2025)
                                  if item["type"] in LISTED_OUTPUT]
    # its input items share its digits, as a conversation's turn was recorded doing (September 2026)
    return earlier + listed_input_items(req, item_ids(answer.created_at, conversation=answer.id))


def prepare(body, counting=False):
    """Check a Responses request and read it as chat: return (model, req, kept conversation, the items before its
    input, chat request, input tokens). counting: for /input_tokens, which counts a request with no input too."""
    model = None if templated(body) and "model" not in body else response_model(body)
    req = load_responses_request(body)
    req.setdefault("input", [])  # a template's (see check_prompt)
    items = input_items(req["input"])
    check_duplicates(items)
    check_tool_choice(req)
    check_namespaces(req)
    check_call_namespaces(req, items)
    # Past the schema, the stored state is looked up (a conversation, then a previous response), and then what
    # the model takes is checked (recorded order).
    kept = conversations.responses_conversation(req)
    check_unlocked(kept)
    if kept:
        conversations.check_input_ids(items)
    check_prompt(req)
    previous = None if kept else previous_response(req)
    if previous is not None:
        check_duplicates(items, previous[1] + shown(previous[0])["output"])
    conversation = [conversations.as_input(item) for item in kept["items"]] if kept else \
        previous[2] if previous else []
    said = sent_items(req, items, kept, previous, model)
    if req["input"] in ("", []) and not (counting or kept or req.get("previous_response_id")):  # measured (2026)
        raise InvalidRequestError("""One of "input" or "previous_response_id" or 'prompt' or 'conversation' must be """
                                  "provided.", code="missing_required_parameter")
    rules.check(RESPONSES_RULES, model, req)
    rules.check(MODERATION_RULES, model, req)
    chat, tokens_in = read_as_chat(model, req, conversation + said)
    check_as_chat(model, req, chat)
    check_conversation(model, req, chat, conversation + said, tokens_in)
    if req.get("truncation") == "auto" and tokens_in > window(model):
        chat, tokens_in = truncated(model, req, conversation + said, tokens_in)
    if isinstance(req["input"], list):
        req["input"] = said  # each reference as the item it names: for the moderation, input_items and later turns
    return model, req, kept, conversation, chat, tokens_in


def read_as_chat(model, req, items):
    """Return the chat request a Responses request amounts to when the model reads items (its conversation and
    input, in order), and the input tokens it takes: exactly up to the window, and past it some number past it, an
    uploaded text file being read only until it alone is past the window (uploaded.read_text): no answer tells
    more of an input past the window (/input_tokens' neither: it is refused, or what fits is counted)."""
    loaded = loaded_tools(items)
    fmt = updated_format(items)  # a configuration update's format over the request's (which is echoed as sent)
    asked = req if fmt is None else {**req, "text": {**(req.get("text") or {}), "format": fmt}}
    past = (model_count(model), window(model))
    chat = ChatRequest(chat_request(asked, chat_messages(req.get("instructions"), items, past),
                                    {**added_tools(items), **loaded}))
    chat.loaded = loaded
    chat.effort_update = updated_effort(items)  # what a configuration update has the model reason at from there on
    chat.listed = {item.get("server_label") for item in items if item.get("type") == "mcp_list_tools"}
    if programs.offered(req.get("tools") or ()):
        chat.program = programs.running(items)
    chat.one_call_a_turn = model.supports("reasoning") and not model.supports("parallel_tool_calls")
    chat.compact_together = True
    chat.own_tokens = input_tokens(chat, model)
    own = model.capabilities.get("built_in_tool_tokens") or {}
    built_in = sum(own.get(tool.get("type"), BUILT_IN_TOOL_TOKENS.get(tool.get("type"), 0))
                   for tool in req.get("tools") or ())
    tokens_in = chat.own_tokens + built_in + reasoning_read(model, req, items)
    chat.preamble = PRO_MODE_TOKENS + round(PRO_MODE_READS * tokens_in) \
        if (req.get("reasoning") or {}).get("mode") == "pro" else 0
    return chat, tokens_in + chat.preamble


def window(model):
    """The input tokens a model reads at most: its context window, less its largest output on the models the API
    caps so (GPT-5 on: the SDK's docs say trimming begins there, whatever max_output_tokens asks)."""
    return model.input_limit or model.context_length


def truncated(model, req, items, tokens_in):
    """Read a request of truncation auto whose items do not fit the window (tokens_in: what they all take) as the
    API documents it: items dropped from the beginning (the conversation's or previous response's first) until the
    rest fits; the instructions and tools, no items, stay. Return (chat request, input tokens) of what is read. The
    last item is kept: if it alone does not fit, the request is refused as under disabled (a guess; a stream in its
    stream, the last item returned as read, past the window). What is stored, listed by input_items and carried to
    the next turn is still every item (a guess: truncation shapes what the model reads).

    The fewest items to drop are searched for as the tokens fall with the items' size (their JSON's), each guess
    counted, a bisection where guessing fails to halve the range twice: a few counts, where a bisection alone counted
    10,000 items 15 times."""
    limit = window(model)
    sizes = list(itertools.accumulate((len(json.dumps(item, default=str)) + 1 for item in items), initial=0))
    over, over_tokens = 0, tokens_in  # items[over:] do not fit
    fits, kept = len(items), None  # items[fits:] fit (kept: as read); dropping every item is no option
    misses = 0
    while fits - over > 1:
        width = fits - over
        rate = ((over_tokens - kept[1]) if kept else over_tokens) / (sizes[fits if kept else -1] - sizes[over])
        if misses < 2 and rate > 0:  # where the tokens left would come to the limit, were they the size's share
            guess = min(max(bisect.bisect_left(sizes, sizes[over] + (over_tokens - limit) / rate), over + 1), fits - 1)
        else:
            guess, misses = (over + fits) // 2, 0
        chat, tokens = read_as_chat(model, req, items[guess:])
        if tokens > limit:
            over, over_tokens = guess, tokens
        else:
            fits, kept = guess, (chat, tokens)
        misses = misses + 1 if fits - over > width // 2 else 0
    if kept is None:
        if streamed(req):  # refused in its stream, as under disabled (create_response): its last item read
            return read_as_chat(model, req, items[-1:])
        raise context_length_exceeded()
    return kept


def over_window(model, req, tokens_in):
    """Whether a request's input is past the window it may take (truncation auto drops items instead)."""
    return tokens_in > window(model) and req.get("truncation") != "auto"


def streamed(req):
    """Whether a request is streamed as it is made (not in the background, whose stream is read later)."""
    return req.get("stream") is True and req.get("background") is not True


def context_length_exceeded():
    """The Responses API's refusal of an input past the window (reported 2025-2026, in these words)."""
    return InvalidRequestError("Your input exceeds the context window of this model. Please adjust your input and try "
                               "again.", param="input", code="context_length_exceeded")


def reasoning_read(model, req, items):
    """The tokens of the reasoning items a reasoning model reads again: those of the current turn (after the last
    user message), each as many as it reasoned, unless reasoning.context (asked, else the model's) keeps every
    turn's (all_turns; auto read so too, a guess). Recorded on gpt-5 (pydantic-ai's captures, January 2026): a
    function's output sent back with the reasoning and call before it counts the first response's input and
    output tokens and the output's; with a new user message, the earlier reasoning counts nothing, sent back or
    continued by previous_response_id; gpt-5.5 in a client's report of August 2026 alike. A reasoning item sent by
    id alone is read as the stored response has it; a blob fauxpen did not make counts nothing."""
    if not model or not model.supports("reasoning"):
        return 0
    context = (req.get("reasoning") or {}).get("context") or model.capabilities.get("reasoning_context")
    start = 0
    if context in (None, "current_turn"):
        start = next((index + 1 for index in range(len(items) - 1, -1, -1) if items[index].get("type", "message")
                      == "message" and items[index].get("role") == "user"), 0)
    read = [item for item in items[start:] if item.get("type") == "reasoning"]
    by_id = issued_items([item["id"] for item in read if item.get("encrypted_content") is None
                          and isinstance(item.get("id"), str)])
    total = 0
    for item in read:
        blob = item.get("encrypted_content")
        if blob is None and item.get("id") in by_id:
            blob = (issued_item(by_id, item["id"]) or {}).get("encrypted_content")
        total += blob_reasoning_tokens(blob)
    return total


# What a built-in tool's own instructions add to the prompt: apply_patch's, 624 tokens (recorded on gpt-5.1, April
# 2026: 711 input tokens where its question alone counts 87); the code interpreter's 162, fitted to three gpt-4o-mini
# recordings where it ran once (openai-dotnet's session records, September 2025: 387, 673 and 828 input tokens, the
# prompt read twice, before and after the run, with the code and what it printed between, within 8; measured on no
# other model); the shell tool's 131 (a client's fixture of gpt-5.1, December 2025: 145 input tokens for "List the files
# in my ~/Desktop directory", 14 alone, the question 8 tokens as o200k writes it, ~/ one; the tool with no
# environment; a container's, taken to be the same, is not known); computer use's 484 (a tracing library's cassette
# of computer-use-preview, September 2025: 498 input tokens for "Take a screenshot of the desktop.", 14 alone, a
# 1024x768 linux display). The other tools' are not known. A model
# may write a tool's otherwise (its capability built_in_tool_tokens): the 5.6 models' code interpreter costs 588, as
# gpt-5.6-sol's input of 1,315 for a question of 54 (o200k's count) forced to it came to (agentic-api's cassettes,
# September 2026, streamed and not), read twice with 23 tokens of code and 8 of logs; terra's and luna's by analogy.
BUILT_IN_TOOL_TOKENS = {"apply_patch": 624, "code_interpreter": 162, "shell": 131, "computer_use_preview": 484}
# What reasoning.mode pro adds to the input: its own instructions and a few more readings of the prompt, fitted to
# within 4 tokens of six recordings on gpt-5.6-sol (September 2026): "Reply with exactly: OK", 11 input tokens in
# standard mode, counted 1,522 in pro mode; a conversation of 19, 45, 71 and 97 tokens, 1,568, 1,690, 1,808, 1,934.
PRO_MODE_TOKENS = 1474
PRO_MODE_READS = 3.74


def check_prompt(req):
    """Refuse a prompt template: fauxpen keeps none (they are made in the dashboard), so every id is one the API
    would not find (recorded: 404, after the conversation is looked up and before the previous response)."""
    if req.get("prompt") is not None:
        raise InvalidRequestError(f"Prompt with id '{req['prompt']['id']}' not found.", status=404)


def check_duplicates(items, before=()):
    """Refuse two input items of one id, whatever their types (an item_reference too), or one of the id of an item
    the previous response brings in (before: its input and output items), as the API refuses an approval's request
    sent back by reference with previous_response_id (recorded wording, the id unquoted; 2025-2026). What a
    conversation brings in is not compared."""
    seen = {item.get("id") for item in before}
    for item in items:
        item_id = item.get("id")
        if isinstance(item_id, str):
            if item_id in seen:
                raise InvalidRequestError(f"Duplicate item found with id {item_id}. Remove duplicate items from "
                                          "your input and try again.", param="input")
            seen.add(item_id)


def sent_items(req, said, kept, previous, model=None):
    """Return the request's input items (said) with each item_reference replaced by the stored item it names, once the
    items sent by id alone are found, the reasoning items are paired and their encrypted content verified (in the
    order the API refuses them, README: Where fauxpen still differs).

    An item_reference, or a reasoning item with an id and no encrypted_content, is looked up among the output items
    of stored responses (404 when it is not there). Any item of an id fauxpen issued in a stored response is paired
    as it was in that response's output; other items have nothing to pair with."""
    issued = issued_items([item["id"] for item in said if isinstance(item.get("id"), str)])
    resolved = []
    for item in said:
        kind = item.get("type", "message")
        if kind == "item_reference" or (kind == "reasoning" and item.get("id") is not None and
                                        item.get("encrypted_content") is None):
            found = issued_item(issued, item["id"])
            if found is None and kind == "reasoning" and taken_unstored(model, req, item["id"]):
                resolved.append(item)
                continue
            if found is None:
                raise ItemNotFoundError(item["id"], req.get("store") is False)
            resolved.append(found if kind == "item_reference" else item)
        elif kind == "function_call" and called_alone(issued, item.get("id")):
            resolved.append({**item, "_written": True})  # read again as the model wrote it (STORED_CALL_TOKENS)
        else:
            resolved.append(item)
    before = []
    if previous is not None:  # the previous response's output comes first, as the API reads it
        before = shown(previous[0])["output"]
        issued.update((made["id"], (previous[0]["id"], before)) for made in before)
    check_pairing(before + resolved, issued, req.get("previous_response_id"), kept)
    for item in said:
        if item.get("type") in ("reasoning", "compaction") and item.get("encrypted_content") is not None:
            check_blob(item)
    return resolved


def taken_unstored(model, req, item_id):
    """Tell whether a reasoning item sent by its id alone under store false is one the model issued in an unstored
    response, which the gpt-5.6 and GPT-6 models take back (a live probe of gpt-6-astra and gpt-5.6-sol, 2026-09-20,
    turnstonelabs/turnstone#1203: their ids just returned, without the blob, in a tool's continuation; the older
    models' 404 is reported into 2026). It is taken as sent: not paired, its reasoning not read again (guesses)."""
    return (model is not None and model.supports("unstored_reasoning_by_id") and req.get("store") is False
            and store.get_record(store_path(), UNSTORED_REASONING, item_id) is not None)


UNSTORED_REASONING = "unstored_reasoning"  # the ids of the reasoning items of unstored responses (taken_unstored)


def issued_items(ids):
    """Return {item id: (the id of the stored response whose output has it, that output as it stands)} for those of
    ids that are output items of stored responses."""
    if not ids:
        return {}
    return {item_id: (found["id"], shown(found)["output"]) for item_id, found in
            store.responses_of_items(store_path(), ids).items()}


def called_alone(issued, item_id):
    """Tell whether item_id is a function call a stored response made alone: sent back by its id, it is read again as
    the model wrote it, as brought back by previous_response_id (gpt-4o, activeagent's cassettes of July 2026: the
    Ruby SDK's items with their ids, each turn 3 tokens over the same items without, with the real tokenizer)."""
    made = issued_item(issued, item_id) if isinstance(item_id, str) else None
    if made is None or made.get("type") != "function_call" or made.get("caller"):
        return False
    return sum(other.get("type") == "function_call" for other in issued[item_id][1]) == 1


def issued_item(issued, item_id):
    """The output item of an id issued_items found ({item id: (response id, output)}), or None: a background
    response's item is not in its output before it is done."""
    _, output = issued.get(item_id, (None, ()))
    return next((made for made in output if made.get("id") == item_id), None)


class ItemNotFoundError(InvalidRequestError):
    """An item sent by its id alone that is not stored (recorded: 404, param input, no code; with `store: false`
    the request is told why). The Conversations API names its items (a guess)."""

    status = 404

    def __init__(self, item_id, unstored=False, param="input"):
        message = f"Item with id '{item_id}' not found."
        if unstored:
            message += (" Items are not persisted when `store` is set to false. Try again with `store` set to true, "
                        "or remove this item from your input.")
        super().__init__(message, param=param)


def check_pairing(items, issued, previous_id, kept):
    """Refuse a reasoning item fauxpen issued that is not followed by the item that followed it in its response's
    output (see follows), and an item that a reasoning item preceded in that output sent without it (recorded
    wordings).
    issued: {item id: (the id of the stored response whose output has it, that output)}.

    The reasoning item counts as sent when it is earlier in the input, or when its response's output is read before
    the input: a response of the previous_response_id chain, or one whose items the request's conversation keeps.
    """
    sent = set()
    for index, item in enumerate(items):
        item_id = item.get("id")
        if not isinstance(item_id, str):  # an item of another type may carry anything as its id
            continue
        sent.add(item_id)
        if item_id not in issued:
            continue
        response_id, output = issued[item_id]
        at = next((number for number, made in enumerate(output) if made["id"] == item_id), None)
        if at is None:  # a background response's item, before it is done
            continue
        if output[at]["type"] == "reasoning":
            following = output[at + 1] if at + 1 < len(output) else None
            after = items[index + 1] if index + 1 < len(items) else None
            if following is None or after is None or not follows(after, following):
                raise InvalidRequestError(f"Item '{item_id}' of type 'reasoning' was provided without its required "
                                          "following item.", param="input")
        elif at > 0 and output[at - 1]["type"] == "reasoning":
            reasoning = output[at - 1]["id"]
            if reasoning not in sent and not read_before(response_id, output, previous_id, kept):
                raise InvalidRequestError(f"Item '{item_id}' of type '{item.get('type', 'message')}' was provided "
                                          f"without its required 'reasoning' item: '{reasoning}'.", param="input")


def follows(item, made):
    """Tell whether an input item is made, the output item that followed a reasoning item: by its id, or, a function
    call sent without its id, by its call_id (the AI SDK 7's calls under store: true, unrefused since June 2026; a
    message without its id is still not the one that followed, README: Where fauxpen still differs)."""
    if item.get("id") is not None:
        return item["id"] == made["id"]
    return item.get("type") == made["type"] == "function_call" and item.get("call_id") == made["call_id"]


def read_before(response_id, output, previous_id, kept):
    """Tell whether a stored response's output is read before the input: the response is in the
    previous_response_id chain (walked back, one stored response at a time), or the conversation keeps its turn
    (a conversation keeps a turn's items, its reasoning too)."""
    if kept:
        made = {item["id"] for item in output}
        return any(item["id"] in made for item in kept["items"])
    while previous_id is not None:
        if previous_id == response_id:
            return True
        found = store.get_response(store_path(), previous_id)
        previous_id = found[0].get("previous_response_id") if found else None
    return False


def check_blob(item):
    """Refuse encrypted reasoning fauxpen did not make (recorded: 400, no param, invalid_encrypted_content). Both
    recorded forms are used: the item's id when it has one, else the blob's first and last four characters (which
    form the API picks is a guess)."""
    blob = item["encrypted_content"]
    if blob_verifies(blob):
        return
    named = f"for item {item['id']}" if item.get("id") is not None else f"{blob[:4]}...{blob[-4:]}"
    raise InvalidRequestError(f"The encrypted content {named} could not be verified. Reason: Encrypted content could "
                              "not be decrypted or parsed.", code="invalid_encrypted_content")


@bp.post("/responses")
def create_response():
    """Answer a Responses request with the canned reply (or its tool calls), as a response or its events."""
    model, req, kept, conversation, chat, tokens_in = prepare(wire.json_body())
    check_model_tools(model, req)
    check_containers(req)
    background = req.get("background") is True
    if background and req.get("store") is False:
        raise InvalidRequestError("Background mode requires store=true.", param="background")  # guessed wording
    answer = build_answer(model, req, chat, tokens_in)
    answer.conversation_id = kept["id"] if kept else None
    if streamed(req) and tokens_in > window(model):  # past the window, or its last item alone under truncation auto
        # Refused in its stream, not before it (a client's stream of gpt-6-luna, 2026-10-02): response.created and
        # response.in_progress, then the refusal's error event and response.failed; whether it is stored is a guess.
        return Response(faults.failed_responses_stream(completion.server_sent_events(answer.events(), named=True),
                                                       context_length_exceeded(), kept=2),
                        content_type="text/event-stream; charset=utf-8")
    seconds = 0 if req.get("stream") else context.config()["FAUXPEN_BACKGROUND_SECONDS"]
    if background:  # done when its time is up (a streamed one when its stream is)
        answer.completed_at = answer.created_at + seconds
    # A reasoning model's answer leaves x-ratelimit-remaining-tokens at the limit (five answers of gpt-5-mini, 5.1,
    # 5.5 and 5.6, December 2025 to August 2026), gpt-4o-mini's takes off the limiter's count of its prompt
    # (wire.responses_limiter_tokens), and what a file search read back: two gpt-4o-mini file searches took 1,190
    # and 1,358 (openai-dotnet's session records, September 2025 and August 2026), some thousand over the prompt's
    # count, where fauxpen's search reads 800 and its chunks (a fit); a reasoning model's stream takes off its
    # prompt's count and the model's constant (wire.responses_limiter_tokens: three gpt-5.5 streams of May
    # 2026, two of gpt-5.6 of August 2026, two of gpt-5.4 of September 2026); the other models' streams carry no
    # x-ratelimit-* headers.
    # gpt-4.1's web search takes off 294 in place of the tools' share: four streams of May and July 2026 (chatlas's
    # cassettes) took 352 and 353 for a question of 39 tokens that searched, 586 and 594 for turns of 567 and 574
    # input tokens (the instructions among them) that did not; an answer of August 2025 that searched took 329 for
    # a question of 16 (llmrb/llm's cassette): 313 and 314 over the prompt, where the search's 300 and 19 made 319.
    if not model.supports("reasoning"):
        searched = answer.web_search and model.supports("metered_search")
        context.note("tokens_used", wire.responses_limiter_tokens(
            chat.own_tokens + answer.search_read + (WEB_SEARCH_LIMITER_TOKENS if searched else 0), req.get("tools"),
            tool_tokens=0 if searched else wire.RESPONSES_LIMITER_TOOL_TOKENS))
    elif req.get("stream") and model.supports("streamed_ratelimit"):
        context.note("tokens_used", wire.responses_limiter_tokens(
            chat.own_tokens + answer.search_read, req.get("tools"), model.capabilities["streamed_ratelimit"],
            model.capabilities.get("streamed_ratelimit_tools", wire.REASONING_STREAM_LIMITER_TOOL_TOKENS)))
    elif not req.get("stream") and model.supports("answered_ratelimit"):
        # o4-mini's answers take off their prompt's tokens and 205 to 207 (four of June 2026, braintrust-sdk-python's
        # cassettes: 248 for an input of 41, twice, 365 for 159, 453 for 248), where GPT-5's take off nothing.
        context.note("tokens_used", wire.responses_limiter_tokens(
            chat.own_tokens + answer.search_read, req.get("tools"), model.capabilities["answered_ratelimit"]))
    response = answer.to_dict()
    if kept:
        conversations.record_turn(kept["id"], input_items(req["input"]), response["output"],
                                  response["id"] if background else None)
    if req.get("store") is False and model.supports("unstored_reasoning_by_id"):  # see taken_unstored
        for made in response["output"]:
            if made["type"] == "reasoning":
                store.save_record(store_path(), UNSTORED_REASONING, made["id"], {"response": response["id"]})
    if req.get("store") is not False:
        if background:
            response["_background"] = {"queued": answer.to_dict("queued"), "seconds": seconds,
                                       "cancelled": None, "conversation": kept["id"] if kept else None,
                                       "events": list(answer.events(queued=True))}  # for GET with stream=true
        store.save_response(store_path(), {**response, "_withheld": withheld(answer)}, chain_items(req, answer),
                            conversation_after(conversation, req, answer))
        if background:
            webhooks.watch(store_path(), response["id"], response_event)
    if req.get("stream"):
        # gpt-5.1's, gpt-5.2's, gpt-5.4's, gpt-5.5's and gpt-5.6's streams carry the x-ratelimit-* headers (two
        # recordings each of July and September 2026, three of May 2026, two of August 2026; gpt-5.2's two of
        # September 2026), gpt-4.1-mini's do not (two of September 2026, braintrust-sdk-python's cassettes); gpt-4.1's
        # do, taking off what its answer does (five streams of May and July 2026, chatlas's cassettes: four with a web
        # search tool, one with the code interpreter, which took 221 for a question of 46 tokens, 43 under the 198 of
        # gpt-4o-mini's tools), and so do gpt-4o-mini's since October 2026 (five of 2026-10-05 and -08,
        # braintrust-sdk-python's cassettes, one with an MCP tool; none in April 2026), but for one that searched the
        # web (searched_unmetered: openai-dotnet's of September 2026).
        if (model.supports("streamed_ratelimit") or model.supports("streamed_metered")) and not background \
                and not answer.searched_unmetered():
            context.note("ratelimit", True)
        return Response(completion.server_sent_events(answer.events(queued=background), named=True),
                        content_type="text/event-stream; charset=utf-8")
    if background:
        return indented(answer.to_dict("queued"))
    if not answer.searched_unmetered():
        # The computer use model's answers carry the three x-ratelimit-* headers of requests alone, as one that read
        # an uploaded file does (lmnr's cassette, September 2025; openai-dotnet's session records, February 2026).
        requests_alone = forced_tools.acts_at_once(model.capabilities) or reads_file_by_id(input_items(req["input"]))
        context.note("ratelimit", "requests" if requests_alone else True)
    return indented(response)


def reads_file_by_id(items):
    """Tell whether an input names an uploaded file (an input_file's file_id): the limiter does not reckon its tokens,
    and the answer carries only the three x-ratelimit-* headers of requests (two gpt-4.1 answers that read a PDF,
    July 2025, llmrb/llm's cassettes; a file's inline data leaves all six, crewAI's cassettes, January 2026)."""
    return any(isinstance(part, dict) and part.get("type") == "input_file" and part.get("file_id")
               for item in items if isinstance(item, dict)
               for part in (item.get("content") if isinstance(item.get("content"), list) else ()))


# The tools a model cannot answer without (models.json's required_tools): the tool types of which one must be
# sent, and the refusal of a request with none of them.
REQUIRED_TOOLS = {
    # Reported, param tools, no code (2025-2026); the June 2025 wording listed 'web_search_preview' or 'mcp'. The
    # current web_search tool is taken too, which the wording does not name (a guess).
    "deep_research": (("web_search_preview", "web_search_preview_2025_03_11", "web_search", "web_search_2025_08_26",
                       "mcp", "file_search"),
                      "Deep research models require at least one of 'web_search_preview', 'mcp', or 'file_search' "
                      "tools."),
    # Not computer use, which the guide says needs its tool, but which answered without it, with a message or a
    # function's call (openai-dotnet session records, August and September 2025).
}


def check_model_tools(model, req):
    """Refuse a request to a model that answers only with some tool (the deep research models) without one, a
    computer use request whose truncation is not auto (documented; the wording is a guess), a local shell tool
    on any model (recorded on gpt-5.5 in August 2026, its param and code not shown: param tools is a guess), and the
    computer use preview's tool on the models that refuse it, named as sent (recorded of gpt-5.4, gpt-5.5 and
    gpt-6-astra in 2026; the param, as for a web search, a guess).
    Only the answer is refused: /input_tokens and /compact count and compact as for any model (a guess)."""
    kinds = [tool.get("type") for tool in req.get("tools") or ()]
    if "local_shell" in kinds:
        raise InvalidRequestError("The local_shell tool is no longer supported.", param="tools")
    if "computer_use_preview" in kinds and model.supports("computer_preview_refused"):
        raise InvalidRequestError(f"Tool 'computer_use_preview' is not supported with {req['model']}.", param="tools")
    required = REQUIRED_TOOLS.get(model.capabilities.get("required_tools"))
    if required is not None and not any(kind in required[0] for kind in kinds):
        raise InvalidRequestError(required[1], param="tools")
    if model.supports("truncation_auto") and req.get("truncation") != "auto":
        raise InvalidRequestError("The computer-use-preview model requires 'truncation' to be set to 'auto'.",
                                  param="truncation")
    choice = req.get("tool_choice")
    forced = choice == "required" or (isinstance(choice, dict) and choice.get("type") in HOSTED_CHOICES)
    if forced and model.supports("hosted_tools_auto_only"):
        hosted = [t.get("type") for t in req.get("tools") or () if t.get("type") in HOSTED_CHOICES]
        if hosted:
            named = ", ".join(f"'{kind}'" for kind in dict.fromkeys(hosted))
            raise InvalidRequestError(f"Tool choices other than 'auto' are not supported with model "
                                      f"'{req['model']}' and the following tool types: {named}.", param="tool_choice")


# The hosted tools the GPT-5 models of 2025 may only be left to choose (tool_choice auto), as their refusal names
# them (reported August and September 2025; of gpt-5.2 by OpenAI in December). A web search, then named as the
# preview, is no longer among them: gpt-5-nano answered `required` with one in September 2026 (vercel/ai's fixture).
HOSTED_CHOICES = ("code_interpreter", "file_search", "image_generation")


def check_containers(req):
    """Refuse a code interpreter given a container fauxpen does not keep (404) or one that has expired (recorded
    wordings), and a shell's container given an inline skill its SKILL.md does not name; a container a code
    interpreter runs in is used now, as a call would use it."""
    for index, tool in enumerate(req.get("tools") or ()):
        environment = tool.get("environment") if tool.get("type") == "shell" else None
        listed = environment.get("skills") if isinstance(environment, dict) else None
        for skill in listed if isinstance(listed, list) else ():
            skills.check_inline(skill)
        if tool.get("type") != "code_interpreter":
            continue
        container, param = tool.get("container"), f"tools[{index}].container"
        if container is None:
            raise missing_parameter(param)
        if isinstance(container, str):
            containers.running(container)
        elif not isinstance(container, dict):
            raise InvalidRequestError(f"Invalid type for '{param}': expected one of a string or object, but got "
                                      f"{json_type_name(container)} instead.", param=param, code="invalid_type")


@bp.post("/responses/input_tokens")
def count_input_tokens():
    """Count the input tokens a Responses request would take, without answering it."""
    body = dict(body_of(COUNTED_PARAMETERS + ("personality",)))
    if "personality" in body:  # the count's own (the SDK's types): a style preset, which the count leaves as is
        load(input_token_count_extras, {"personality": body.pop("personality")})
    *_, tokens_in = prepare({"model": COUNT_MODEL, "input": [], **body}, counting=True)
    return indented({"object": "response.input_tokens", "input_tokens": tokens_in})


def body_of(allowed):
    """The request body of an endpoint that takes some of /v1/responses' parameters: another is unknown."""
    body = wire.json_body()
    for key in body:
        if key not in allowed:
            raise InvalidRequestError(f"Unknown parameter: '{key}'.", param=key, code="unknown_parameter")
    return body


@bp.post("/responses/compact")
def compact_response():
    """Compact a conversation: its messages kept as they were sent, the rest in one compaction item whose
    encrypted content fauxpen signs (recorded, 2026: the five keys, the items and their order; not stored)."""
    body = body_of(COMPACTED_PARAMETERS)
    if "input" not in body and body.get("previous_response_id") is not None:
        # The previous response's context alone is compacted: no input needed (req_llm's fixture of gpt-5.4,
        # September 2026: model and previous_response_id only, answered 200).
        body = {**body, "input": []}
    # Its items have no namespace: a function call sent with one is refused (a client's notes, 2026).
    for index, item in enumerate(body.get("input") if isinstance(body.get("input"), list) else ()):
        if isinstance(item, dict) and item.get("type") == "function_call" and "namespace" in item:
            raise InvalidRequestError(f"Unknown parameter: 'input[{index}].namespace'.",
                                      param=f"input[{index}].namespace", code="unknown_parameter")
    model, req, _, _, _, tokens_in = prepare(body)
    created = int(time.time())
    previous = req.get("previous_response_id")
    make_id = item_ids(created, stored=False,  # a compaction is not stored
                       conversation=previous if isinstance(previous, str) else None)
    found = store.get_response(store_path(), req["previous_response_id"]) if req.get("previous_response_id") else None
    # (prepare found it; deleted since by another request: nothing earlier) its input and its own output
    earlier = found[1] + found[0]["output"] if found else []
    # The user's and the assistant's messages are kept, with their stored ids and an answer's phase (req_llm's
    # fixtures of gpt-5.4, September 2026, input and previous_response_id alike; openai-agents-js described only
    # the user's kept in December 2025).
    kept = [item for item in earlier + listed_input_items(req, make_id)
            if item["type"] == "message" and item.get("role") in ("user", "assistant")]
    reasoning = reasoning_tokens(model, rules.effort(model, req), tokens_in) if model.supports("reasoning") else 0
    tokens_out = COMPACTION_OUTPUT_TOKENS + reasoning
    context.note("tokens_used", tokens_in + tokens_out)
    context.note("ratelimit", True)
    return indented({
        "id": make_id("resp"), "object": "response.compaction", "created_at": created,
        "output": kept + [{"id": make_id("cmp"), "type": "compaction",
                           "encrypted_content": encrypted_content(created)}],
        "usage": {"input_tokens": tokens_in, "input_tokens_details": {"cache_write_tokens": 0, "cached_tokens": 0},
                  "output_tokens": tokens_out,
                  "output_tokens_details": {"reasoning_tokens": reasoning}, "total_tokens": tokens_in + tokens_out}})


# What /v1/responses/compact takes (the SDK's; safety_identifier since late 2026: openai 3.63, not 3.22).
COMPACTED_PARAMETERS = ("model", "input", "instructions", "previous_response_id", "prompt_cache_key",
                        "prompt_cache_options", "prompt_cache_retention", "service_tier", "image", "safety_identifier")


# What /v1/responses/input_tokens takes (the API reference's), and the model it counts for when none is named.
COUNTED_PARAMETERS = ("conversation", "input", "instructions", "model", "parallel_tool_calls", "previous_response_id",
                      "reasoning", "text", "tool_choice", "tools", "truncation")
COUNT_MODEL = "gpt-4o"


RESPONSES_RULES = rules.ordered(rules.responses_sampling, rules.service_tier)
MODERATION_RULES = rules.ordered(rules.moderation_model)  # after the stored state is looked up (recorded order)
@rules.given("prompt_cache_retention")
def cache_retention(model, req):
    """Refuse in_memory on the models that cache a prompt for 24 hours alone: the gpt-5.6 models (captured on
    gpt-5.6-terra, September 2026, with this code; chat's refusal has none)."""
    if req.get("prompt_cache_retention") == "in_memory" and model.supports("strict_chat"):
        return InvalidRequestError("This model is compatible only with 24h extended prompt caching",
                                   param="prompt_cache_retention", code="invalid_parameter")


CACHE_RULES = rules.ordered(rules.prompt_cache_options, cache_retention)

# Chat's parameter paths, as the Responses API names the same things.
_PATHS = ((re.compile(r"^tools\[(\d+)\]\.(?:function|custom)\b"), r"tools[\1]"),
          (re.compile(r"\.format\.grammar\b"), ".format"),
          (re.compile(r"^response_format\.json_schema\b"), "text.format"),
          (re.compile(r"^response_format\b"), "text.format"),
          (re.compile(r"^tool_choice\.(?:function|custom)\b"), "tool_choice"))


def _responses_path(text):
    for pattern, replacement in _PATHS:
        text = pattern.sub(replacement, text)
    return text


def check_as_chat(model, req, chat):
    """Check tools, tool_choice and a JSON schema format as the chat endpoint does, named as Responses names them.

    The chat request is checked with one placeholder message: the input was checked item by item already.
    """
    body = {key: value for key, value in chat.items() if key != "messages"}
    body.update(model=model.id, messages=[{"role": "user", "content": "json"}])
    if not req.get("tools") and not chat.get("tools") and req.get("tool_choice") in ("auto", "none", "required"):
        # A mode without tools: `auto` and `none` are what every response echoes with none; `required` is refused
        # in the Responses API's own words (quoted by clients and relays, 2025-2026).
        if req["tool_choice"] == "required":
            raise InvalidRequestError("Tool choice 'required' must be specified with 'tools' parameter.",
                                      param="tool_choice")
        body.pop("tool_choice", None)
    if (body.get("response_format") or {}).get("type") == "json_object":
        del body["response_format"]
    try:
        chat_req = load_chat_request(model, body)
        rules.check(CHAT_CHECKS, model, chat_req)
    except InvalidRequestError as exc:
        # Chat's tools are the functions and custom tools alone: its tools[i] is the i-th of those in the request.
        places = [index for index, tool in enumerate(req.get("tools") or ()) if tool.get("type") in CHAT_TOOL_TYPES]

        def renumbered(text):
            return _CHAT_TOOL.sub(lambda found: f"tools[{places[int(found[1])]}]"
                                  if int(found[1]) < len(places) else found[0], text)
        exc.param = exc.param and _responses_path(renumbered(exc.param))
        exc.message = renumbered(exc.message)
        for old, new in ((".function.", "."), (".custom.", "."), (".format.grammar.", ".format."),
                         ("'response_format.json_schema.", "'text.format."),
                         ("'response_format'", "'text.format'")):
            exc.message = exc.message.replace(old, new)
        if exc.message.startswith("Invalid schema for response_format "):  # the schema's path and a code (2026)
            exc.param, exc.code = "text.format.schema", "invalid_json_schema"
        raise


_CHAT_TOOL = re.compile(r"\btools\[(\d+)\]")


CHAT_CHECKS = rules.ordered(rules.response_format, rules.tools_agree)


def check_web_search(model, req):
    """Refuse a web search tool a model cannot use, in the words reported for several (the preview's name even
    when the current tool is sent, as reported), and a file search, web search or image generation tool at
    reasoning effort minimal, named by the API's own names for them (reported, `image_gen, web_search` for both,
    and `file_search` alone with param tools, December 2025, gpt-5; file_search first when with the others is a
    guess)."""
    kinds = {tool.get("type") for tool in req.get("tools") or ()}
    searches = not kinds.isdisjoint(WEB_SEARCH_TOOLS)
    if searches and not model.supports("web_search"):
        raise InvalidRequestError(f"Hosted tool 'web_search_preview' is not supported with {req.get('model')}.",
                                  param="tools")
    named = (["file_search"] * ("file_search" in kinds) + ["image_gen"] * ("image_generation" in kinds)
             + ["web_search"] * searches)
    if named and model.supports("reasoning") and rules.effort(model, req) == "minimal":
        raise InvalidRequestError(f"The following tools cannot be used with reasoning.effort 'minimal': "
                                  f"{', '.join(named)}.", param="tools")


def check_conversation(model, req, chat, items, tokens_in):
    """Refuse what the chat request cannot stand for: a reasoning setting, input past the window, a JSON format
    the input never asks for, and calls and outputs that do not pair up (items: the conversation and input)."""
    effort = (req.get("reasoning") or {}).get("effort")
    if effort is not None and not model.supports("reasoning"):
        raise InvalidRequestError("Unsupported parameter: 'reasoning.effort' is not supported with this model.",
                                  param="reasoning.effort", code="unsupported_parameter")
    efforts = model.capabilities.get("responses_efforts") or model.capabilities.get("efforts") or REASONING_EFFORTS
    if effort is not None and effort not in efforts:
        raise unsupported_with(req, effort, efforts, "reasoning.effort")
    mode = (req.get("reasoning") or {}).get("mode")
    if mode is not None and not model.supports("reasoning"):  # worded as effort's refusal: a guess
        raise InvalidRequestError("Unsupported parameter: 'reasoning.mode' is not supported with this model.",
                                  param="reasoning.mode", code="unsupported_parameter")
    modes = model.capabilities.get("reasoning_modes", ["standard"])
    if mode is not None and mode not in modes:  # recorded, August 2026
        raise InvalidRequestError("`reasoning.mode` is not supported with this model.", param="reasoning.mode",
                                  code="unsupported_value")
    rules.check(CACHE_RULES, model, req)
    check_web_search(model, req)
    # Reasoning's encrypted content asked of a model that does not reason (quoted of gpt-4o and gpt-4.1, 2026; the
    # code is not shown: none).
    if "reasoning.encrypted_content" in (req.get("include") or ()) and not model.supports("reasoning"):
        raise InvalidRequestError("Encrypted content is not supported with this model.", param="include")
    # Logprobs asked of a reasoning model while it reasons, by include and then by top_logprobs (measured on gpt-5.6
    # in August 2026, the second and their order captured in September).
    if model.supports("reasoning") and rules.effort(model, req) != "none":
        for param, asked in (("include", "message.output_text.logprobs" in (req.get("include") or ())),
                             ("top_logprobs", bool(req.get("top_logprobs")))):
            if asked:
                raise InvalidRequestError("logprobs are not supported with reasoning models.", param=param,
                                          code="unsupported_parameter")
    verbosity = (req.get("text") or {}).get("verbosity")
    if verbosity is not None and verbosity not in model.capabilities.get("verbosity", ["medium"]):
        raise unsupported_with(req, verbosity, model.capabilities.get("verbosity", ["medium"]), "text.verbosity")
    limit = req.get("max_output_tokens")
    if limit is not None and limit > model.max_output_tokens:
        raise InvalidRequestError(f"Invalid 'max_output_tokens': integer above maximum value. Expected a value <= "
                                  f"{model.max_output_tokens}, but got {limit} instead.", param="max_output_tokens",
                                  code="integer_above_max_value")
    # A GPT-5 or GPT-6 model's input is capped below its window, as chat caps it (reported 2025-2026, in these words);
    # under truncation auto, items are dropped instead, once the request is checked (truncated); a stream is failed
    # in its stream (over_window).
    if over_window(model, req, tokens_in) and not streamed(req):
        raise context_length_exceeded()
    check_images(items)
    fmt = (req.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_object" and not any(mentions_json(m.get("content")) for m in chat["messages"]):
        raise InvalidRequestError("Response input messages must contain the word 'json' in some form to use "
                                  "'text.format' of type 'json_object'.", param="input")
    # Outputs without their call, and (functions' and custom tools': a custom tool's wordings reported, 2026)
    # calls without their output; a shell call's output without its call recorded in 2026.
    for kind, name, needs_output in (("function_call", "function call", True),
                                     ("custom_tool_call", "custom tool call", True),
                                     ("shell_call", "shell call", False)):
        calls = [item.get("call_id") for item in items if item.get("type") == kind]
        outputs = [item.get("call_id") for item in items if item.get("type") == f"{kind}_output"]
        # A local shell call may be answered by a function call output, as Codex answers it; it needs no output.
        answerable = calls + [item.get("call_id") for item in items if item.get("type") == "local_shell_call"] \
            if kind == "function_call" else calls
        for call_id in outputs:
            if call_id not in answerable:
                raise InvalidRequestError(f"No tool call found for {name} output with call_id {call_id}.",
                                          param="input")
        for call_id in calls if needs_output else ():
            if call_id not in outputs:
                raise InvalidRequestError(f"No tool output found for {name} {call_id}.", param="input")
    check_output_schemas(req, items)


def mentions_json(content):
    """Tell whether a chat message's content says json, as its text (a file's text with it) reads in any case; an
    uploaded file read only until it was past the window (file_tokens) read again for it."""
    unread = [part for part in content if isinstance(part, dict) and part.get("type") == "file_tokens"] \
        if isinstance(content, list) else []
    if unread:  # the text it would have been, but for the text
        content = [{"type": "file_text", "file_text": "", "filename": part["filename"]} if any(
            part is file for file in unread) else part for part in content]
    return "json" in str(content or "").lower() or any(uploaded.mentions(part["file_id"], "json") for part in unread)


def check_output_schemas(req, items):
    """Refuse a function's output that is not JSON text when the function declares an output_schema (recorded,
    August 2026, for a prose output; an output of parts is taken to be no JSON text either, a guess)."""
    declared = {tool.get("name") for tool in req.get("tools") or () if tool.get("type") == "function"
                and tool.get("output_schema") is not None}
    if not declared:
        return
    names = {item.get("call_id"): item.get("name") for item in items if item.get("type") == "function_call"}
    for item in items:
        if item.get("type") == "function_call_output" and names.get(item.get("call_id")) in declared \
                and not wire.is_json_text(item.get("output")):
            raise InvalidRequestError("Invalid function_call_output.output: expected a JSON string because the "
                                      "function declares output_schema.", param="input", code="invalid_value")


# A data URL's picture the models do not read or no picture at all (a BMP in clients' fixtures of October 2026
# recordings; bytes that are no picture by analogy with chat's of April 2026), or one cut short (those fixtures'
# shorter words, which the schema's base64 check leaves to bytes fauxpen does not read); param input whichever item
# holds it. Its place among the checks is a guess.
UNREADABLE_IMAGES = {
    "unsupported": "The image data you provided does not represent a valid image. Please check your input and try "
                   "again with one of the supported image formats: ['image/jpeg', 'image/png', 'image/gif', "
                   "'image/webp'].",
    "corrupt": "The image data you provided does not represent a valid image. Please check your input and try again."}


def check_images(items):
    """Refuse an input_image whose data URL holds a picture the models do not read, or none."""
    for item in items:
        for parts in (item.get("content"), item.get("output")):
            for part in parts if isinstance(parts, list) else ():
                if isinstance(part, dict) and part.get("type") == "input_image" and \
                        isinstance(part.get("image_url"), str):
                    problem = image_data_problem(part["image_url"])
                    if problem:
                        raise InvalidRequestError(UNREADABLE_IMAGES[problem], param="input", code="invalid_value")
                    if unreachable(part["image_url"]):  # param url, as a file_url's failed download (quoted, 2026)
                        raise InvalidRequestError(f"Error while downloading {part['image_url']}.", param="url",
                                                  code="invalid_value")


def unsupported_with(req, value, supported, param):
    """The Responses API's refusal of a value the model does not take (reported wording)."""
    return InvalidRequestError(f"Unsupported value: '{value}' is not supported with the '{req['model']}' model. "
                               f"Supported values are: {supported_values(supported)}.", param=param,
                               code="unsupported_value")


def stored_response(response_id):
    """Return a stored response's (object, input items, conversation), or raise the API's error for the id."""
    if not response_id.startswith("resp"):
        raise InvalidRequestError(f"Invalid 'response_id': '{response_id}'. Expected an ID that begins with 'resp'.",
                                  param="response_id", code="invalid_value")
    found = store.get_response(store_path(), response_id)
    if found is None:
        raise ResponseNotFoundError(response_id)
    return found


def shown(stored, now=None):
    """Return a stored response as it stands: a background one is queued, then in progress, until it is done
    (FAUXPEN_BACKGROUND_SECONDS after its creation), unless it was cancelled first."""
    background = stored.get("_background")
    if background is None:
        return {key: value for key, value in stored.items() if key != "_withheld"}
    if background["cancelled"] is not None:
        return {**background["queued"], "status": "cancelled"}
    elapsed = (time.time() if now is None else now) - stored["created_at"]
    if elapsed >= background["seconds"]:
        return {key: value for key, value in stored.items() if key not in ("_background", "_withheld")}
    return {**background["queued"], "status": "queued" if elapsed < background["seconds"] / 2 else "in_progress"}


def response_event(path, response_id, now):
    """The event a background response sends when it ends (a `webhooks.watch` event_of)."""
    found = store.get_response(path, response_id)
    if found is None:
        return webhooks.GONE
    status = shown(found[0], now)["status"]
    return "response." + status if status in ("completed", "incomplete", "failed", "cancelled") else None


def withheld(answer):
    """What a stored response keeps for a retrieve's `include` (Answer.withheld), the text's logprobs among it
    unless the model reasoned, which has none to give (check_conversation refuses them at create; a retrieve that
    asks gets none, a guess)."""
    kept = dict(answer.withheld)
    reasoned = answer.capabilities.get("reasoning") and answer.effort != "none"
    if answer.message_id and not reasoned and "message.output_text.logprobs" not in (answer.req.get("include") or ()):
        kept["message.output_text.logprobs"] = {answer.message_id: answer.output_logprobs()}
    return kept


def retrieved_includes(args):
    """The output details a retrieve asks for: `include[]` as the SDK sends it (openai 3.63 writes arrays in a query
    as `include[]=a&include[]=b`), or `include` repeated; each checked as create checks them (its wording, a guess
    for the query). One bare `include` is refused as the conversation items list refuses it (recorded there,
    conversations.check_include; here by analogy)."""
    asked = args.getlist("include[]") + args.getlist("include")
    if len(args.getlist("include")) == 1:
        raise InvalidRequestError(f"Invalid type for 'include': expected {expected_includes()}, but got a string "
                                  "instead.", param="include", code="invalid_type")
    for index, value in enumerate(asked):
        if value not in INCLUDABLE:
            raise InvalidRequestError(f"Invalid value: '{value}'. Supported values are: "
                                      f"{supported_values(INCLUDABLE)}.", param=f"include[{index}]",
                                      code="invalid_value")
    return asked


def with_included(response, stored, asked):
    """The response with what a retrieve's include asks for and its create did not: a file search's results, a web
    search's sources, a code interpreter's outputs, the text's logprobs (the SDK's retrieve: "Additional fields to
    include in the response. See the `include` parameter for Response creation"). What the create included is
    shown whether or not the retrieve asks again (a guess: no recording retrieves with include)."""
    kept = stored.get("_withheld") or {}
    found = {value: kept[value] for value in asked if value in kept}
    if not found:
        return response
    output = []
    for item in response["output"]:
        item_id = item.get("id")
        if item_id in found.get("file_search_call.results", {}):
            item = {**item, "results": found["file_search_call.results"][item_id]}
        elif item_id in found.get("web_search_call.action.sources", {}):
            item = {**item, "action": {**item["action"], "sources": found["web_search_call.action.sources"][item_id]}}
        elif item_id in found.get("code_interpreter_call.outputs", {}):
            item = {**item, "outputs": found["code_interpreter_call.outputs"][item_id]}
        elif item_id in found.get("message.output_text.logprobs", {}):
            logprobs = found["message.output_text.logprobs"][item_id]
            item = {**item, "content": [{**part, "logprobs": logprobs} if part["type"] == "output_text" else part
                                        for part in item["content"]]}
        output.append(item)
    return {**response, "output": output}


@bp.get("/responses/<response_id>")
def retrieve_response(response_id):
    """A stored response as it stands, with what its include asks for; with stream=true, a background response's
    events after starting_after."""
    stored = stored_response(response_id)[0]
    if request.args.get("stream") != "true":
        return indented(with_included(shown(stored), stored, retrieved_includes(request.args)))
    background = stored.get("_background")
    if background is None:
        raise InvalidRequestError("Only background responses can be streamed.", param="stream")  # guessed wording
    after_number = query_int(request.args, "starting_after", -1, -1, 10 ** 9)
    return Response(background_events(store_path(), response_id, stored, after_number),
                    content_type="text/event-stream; charset=utf-8")


# How often a background stream waiting for its next stage looks for a cancel (or a delete) of its response.
CANCEL_SEEN_SECONDS = 0.5


def background_events(path, response_id, stored, after_number):
    """Yield a background response's stream after after_number: the events it has got to, then the others as it
    gets to them (in progress at half its time, the rest when done), the stream kept open until then, as the
    API keeps it. A response cancelled before, or while it is streamed, ends its stream where it got to, with no
    event of its own: openai 3.63's ResponseStreamEvent has none for a cancellation (response.cancelled is a webhook
    alone), and a client that cancelled a background stream saw no event for it (openai-python#2643, January
    2026, where the stream went on to response.completed: left, the response kept cancelled here). A cancel is
    seen within CANCEL_SEEN_SECONDS while the stream waits for its next stage."""
    background, events = stored["_background"], stored["_background"]["events"]
    reached = {event["type"]: index + 1 for index, event in enumerate(events)}
    # A stream that failed before it was in progress (over the quota: created, queued, its error and response.failed;
    # faults.keep_failure) has its events to the end at the second stage.
    stages = ((None, reached["response.queued"]),
              (stored["created_at"] + background["seconds"] / 2, reached.get("response.in_progress", len(events))),
              (stored["created_at"] + background["seconds"], len(events)))
    sent, current = 0, stored
    for due, end in stages:
        if due is not None:
            if current["_background"]["cancelled"] is not None:
                return
            while True:
                time.sleep(min(max(due - time.time(), 0), CANCEL_SEEN_SECONDS))
                found = store.get_response(path, response_id)
                if found is None or found[0]["_background"]["cancelled"] is not None:
                    return
                if time.time() >= due:
                    break
            current = found[0]
        due_events = [event for event in events[sent:end] if event["sequence_number"] > after_number]
        sent = end
        if due_events:  # each stage in one write, so that a client sees it before the wait for the next
            yield b"".join(completion.named_sse_event(event) for event in due_events)


@bp.delete("/responses/<response_id>")
def delete_response(response_id):
    stored_response(response_id)
    store.delete_response(store_path(), response_id)
    return indented({"id": response_id, "object": "response.deleted", "deleted": True})


@bp.post("/responses/<response_id>/cancel")
def cancel_response(response_id):
    """Cancel a background response that is not done yet; cancelling it again answers the same (reported)."""
    stored_response(response_id)
    now = time.time()

    def cancel(stored):
        background = stored.get("_background")
        if background is None:
            raise InvalidRequestError("Cannot cancel a synchronous response.")  # reported wording
        status = shown(stored, now)["status"]
        if status in ("completed", "incomplete"):
            raise InvalidRequestError(f"Cannot cancel a {status} response.")  # reported wording
        if background["cancelled"] is None:
            background["cancelled"] = int(now)
            return stored, background.get("conversation")
        return stored, None

    # One transaction: a delete at the same time is not undone by the cancel's write.
    found, answer = store.update_record(store_path(), "responses", response_id, cancel)
    if not found:
        raise ResponseNotFoundError(response_id)
    stored, conversation_ref = answer
    if conversation_ref:  # its turn is taken back out of the conversation
        conversations.take_back(conversation_ref, [item["id"] for item in stored["output"]])
    return indented(shown(stored, now))


@bp.get("/responses/<response_id>/input_items")
def list_input_items(response_id):
    """List the items a response was made from, newest first: limit (20, at most 100), order and after."""
    items = stored_response(response_id)[1]
    args = request.args
    limit, order = query_int(args, "limit", 20, 1, 100), query_order(args, "desc")
    items = after(items[::-1] if order == "desc" else items, args.get("after"))
    page = items[:limit]
    return indented({"object": "list", "data": page, "first_id": page[0]["id"] if page else None,
                     "has_more": len(items) > len(page), "last_id": page[-1]["id"] if page else None})
