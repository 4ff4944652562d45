"""Responses API answers as the real API shapes them (recordings of 2026, up to October): the response object
and its event stream.

Ids are `resp_`, `msg_`, `fc_` and `rs_` and 48 hex digits: the time made in hex first, and the response's last
16 digits shared by its items, as the API's are.
"""
import base64
import binascii
import functools
import hashlib
import hmac
import re
import struct
from dataclasses import dataclass, field, replace

from . import completion, ids
from .tokens import byte_tokens, split_tokens, without_dialect

# The response object's keys, in the recorded order (2026). `billing` is in JSON answers only, not in a
# stream's events; `conversation` only when the response is in one; `prompt_cache_options` only when the request
# sends it (recorded on gpt-5.6, October 2026); `access_programs` since late September 2026 (null for an account in
# none, recorded on gpt-5-nano and gpt-6-sol, September and October).
RESPONSE_KEYS = ("id", "object", "created_at", "status", "access_programs", "background", "billing", "completed_at",
                 "conversation", "error", "frequency_penalty", "incomplete_details", "instructions",
                 "max_output_tokens", "max_tool_calls", "model", "moderation", "output", "parallel_tool_calls",
                 "presence_penalty", "previous_response_id", "prompt_cache_key", "prompt_cache_options",
                 "prompt_cache_retention", "reasoning", "safety_identifier", "service_tier", "store", "temperature",
                 "text", "tool_choice", "tool_usage", "tools", "top_logprobs", "top_p", "truncation", "usage", "user",
                 "metadata")
BILLING = {"payer": "developer"}
# What built-in tools used, on every response since mid-2026 (recorded for gpt-4o, gpt-5 and gpt-5.x alike):
# fauxpen draws no image, and counts its web searches once the response is done (0 before, recorded).
TOOL_USAGE = {"image_gen": {"input_tokens": 0, "input_tokens_details": {"image_tokens": 0, "text_tokens": 0},
                            "output_tokens": 0, "output_tokens_details": {"image_tokens": 0, "text_tokens": 0},
                            "total_tokens": 0},
              "web_search": {"num_requests": 0}}


def echoed_tool_choice(choice):
    """Return tool_choice as a response echoes it: `auto` when not sent, a tool's with its type first, whatever
    order it was sent in (req_llm's fixtures of o4-mini and gpt-5, October 2025: `{"name": ..., "type":
    "function"}` sent, `{"type": "function", "name": ...}` echoed)."""
    if isinstance(choice, dict) and "type" in choice:
        return {"type": choice["type"], **{key: value for key, value in choice.items() if key != "type"}}
    return choice or "auto"


def function_tool(tool):
    """Return a function tool as a response echoes it: its type, then its keys in alphabetical order, its
    output_schema null when it has none, allowed_callers, async and defer_loading when the request set them
    (recorded, March to August 2026)."""
    strict = tool.get("strict") is not False
    parameters = tool.get("parameters")
    if parameters is None and strict:  # echoed as an object of no properties, in this order (req_llm's fixtures
        # of o4-mini and gpt-5, October 2025: streams' response.created and response.completed)
        parameters = {"additionalProperties": False, "type": "object", "properties": {}, "required": []}
    return {"type": "function", **{key: tool[key] for key in _SENT_FUNCTION_KEYS if key in tool},
            "description": tool.get("description") or None, "name": tool["name"],
            "output_schema": tool.get("output_schema"), "parameters": parameters, "strict": strict}


_SENT_FUNCTION_KEYS = ("allowed_callers", "async", "defer_loading")


def built_in_tool(tool):
    """A built-in tool as a response echoes it: its type, then its keys in alphabetical order (recorded for code
    interpreter, shell, mcp and image generation tools, 2026)."""
    return {"type": tool["type"], **dict(sorted((k, v) for k, v in tool.items() if k != "type"))}


def mcp_tool(tool):
    """An MCP tool as a response echoes it: as the other built-in tools, its allowed_tools, headers and
    server_description null when not sent (recorded, June and September 2026), its require_approval "always"
    (recorded, November 2025); a require_approval of filters has both, `always` then `never`, each a filter with
    its read_only and tool_names, or null (openai-dotnet session records, September 2025, four answers); an
    allowed_tools filter so too (one answer of the same records; a list of names is echoed as sent)."""
    echoed = {"allowed_tools": None, "headers": None, "require_approval": "always", "server_description": None, **tool}
    if isinstance(echoed["allowed_tools"], dict):
        echoed["allowed_tools"] = mcp_filter(echoed["allowed_tools"])
    approval = echoed["require_approval"]
    if isinstance(approval, dict):
        echoed["require_approval"] = {key: mcp_filter(approval.get(key)) for key in ("always", "never")}
    return built_in_tool(echoed)


def mcp_filter(sent):
    """An MCP tool filter as echoed: read_only and tool_names, null when not sent (see mcp_tool)."""
    if not isinstance(sent, dict):
        return sent
    return {"read_only": sent.get("read_only"), "tool_names": sent.get("tool_names")}


def image_generation_tool(tool):
    """An image generation tool as a response echoes it: as the other built-in tools, without its action and
    partial_images, with n 1 and an output_compression of 100 when not sent, and its model, gpt-image-2 when not
    sent (recorded, March and September 2026)."""
    echoed = {"model": "gpt-image-2", "output_compression": 100, **tool, "n": 1}
    return built_in_tool({k: v for k, v in echoed.items() if k not in ("action", "partial_images")})


def namespace_tool(tool):
    """A namespace tool as a response echoes it: its functions as function tools are echoed (recorded order,
    March and July 2026), its custom tools as custom tools are."""
    return {"type": "namespace", "description": tool.get("description"), "name": tool.get("name"),
            "tools": [function_tool(t) if t.get("type") == "function" else custom_tool(t) if t.get("type") == "custom"
                      else t for t in inner_tools(tool)]}


def tool_search_tool(tool):
    """A tool_search tool as a response echoes it: its description and parameters, null for the hosted search
    (recorded, March 2026), and its execution where the request names one."""
    return {"type": "tool_search", "description": tool.get("description"),
            **({"execution": tool["execution"]} if "execution" in tool else {}), "parameters": tool.get("parameters")}


def inner_tools(tool):
    """Return the tools a namespace tool declares that are objects (the others are not called or echoed)."""
    return [t for t in tool.get("tools") or () if isinstance(t, dict)] if isinstance(tool.get("tools"), list) else []


def hosted_search(tools):
    """Tell whether a request's tools have the API run their tool search (a tool_search the client does not run)."""
    return any(t.get("type") == "tool_search" and t.get("execution") != "client" for t in tools)


def loaded_tools(items):
    """Return the function tools the client's tool_search_output items among items (a request's conversation and
    input) loaded, by name: its search's results, which the model may call from then on."""
    return _tools_in(items, "tool_search_output", ("function",), lambda item: item.get("execution") == "client")


def added_tools(items):
    """Return the function and custom tools the additional_tools items among items (a request's conversation and
    input) made available from there on, by name (the SDK's AdditionalTools: a developer's)."""
    return _tools_in(items, "additional_tools", ("function", "custom"))


def updated_format(items):
    """Return the text format the last configuration_update among items (a request's conversation and input) set,
    or None when none sets one: "the text output configuration for subsequent responses", each setting in effect
    until a later update replaces it (the SDK's ResponseConfigurationUpdateItem, openai 3.63)."""
    for item in reversed(items):
        text = item.get("text") if item.get("type") == "configuration_update" else None
        fmt = text.get("format") if isinstance(text, dict) else None
        if isinstance(fmt, dict) and (fmt.get("type") in ("text", "json_object") or fmt.get("type") == "json_schema"
                                      and isinstance(fmt.get("name"), str) and isinstance(fmt.get("schema"), dict)):
            return fmt
    return None


def updated_effort(items):
    """Return the reasoning effort the last configuration_update among items set, or None when none sets one ("the
    reasoning effort to use for subsequent responses until another configuration update replaces it": the SDK's)."""
    for item in reversed(items):
        reasoning = item.get("reasoning") if item.get("type") == "configuration_update" else None
        if isinstance(reasoning, dict) and isinstance(reasoning.get("effort"), str):
            return reasoning["effort"]
    return None


def _tools_in(items, kind, types, wanted=lambda item: True):
    """Return {name: tool} of the tools of the given types that the items of kind (and wanted) hold, the first of
    each name: those a call can be made of (named, their parameters an object or none)."""
    found = {}
    for item in items:
        if isinstance(item, dict) and item.get("type") == kind and isinstance(item.get("tools"), list) \
                and wanted(item):
            for tool in item["tools"]:
                if isinstance(tool, dict) and tool.get("type") in types and isinstance(tool.get("name"), str) \
                        and isinstance(tool.get("parameters"), (dict, type(None))):
                    found.setdefault(tool["name"], tool)
    return found


def namespaces(tools, loaded=()):
    """Return {function name: its namespace} for a request's tools: a namespace tool's functions are in it, and a
    deferred function a tool search loads (or loaded) is in a namespace of its own name (recorded, March to
    September 2026). The other functions are in the default namespace and not listed."""
    found = dict.fromkeys(loaded)
    for name in found:
        found[name] = name
    searched = any(t.get("type") == "tool_search" for t in tools)
    for tool in tools:
        if tool.get("type") == "namespace" and isinstance(tool.get("name"), str):
            for inner in inner_tools(tool):
                if isinstance(inner.get("name"), str):
                    found.setdefault(inner["name"], tool["name"])
        elif searched and tool.get("type") == "function" and tool.get("defer_loading") is True:
            found.setdefault(tool["name"], tool["name"])
    for tool in tools:  # a function of the default namespace is called there
        if tool.get("type") in ("function", "custom") and tool.get("defer_loading") is not True:
            found.pop(tool.get("name"), None)
    return found


def item_ids(created, stored=True, conversation=None):
    """Return a function making ids of a prefix for one response (resp_, msg_, rs_, fc_, ...): 50 hex digits.

    As the API has written them since mid-2026 (recorded on gpt-5.5, gpt-5.6 and gpt-6, July to October): 16
    digits the ids of one response share, 00 if it is stored or 01 if not, the time as 8 digits, 4 digits of the
    item's own, 4 the response's items share (8196, 87d0, 87d2 recorded: one of them), and 16 more of the item's.
    The 16 shared digits of a response made in a conversation are the last 16 of the conversation's id (recorded
    on gpt-4.1 in September 2026, vllm-project/agentic-api's cassettes: the response's, its answer's and its input
    items' ids); those of one continuing a previous response (or compacting it), that response's (recorded in
    September 2026 on gpt-4.1 and gpt-5, agentic-api's cassettes and req_llm's fixtures, and on a compaction of
    gpt-5.4's). conversation: the conversation's id, or the previous response's.
    """
    if conversation and conversation.startswith("resp_"):
        conversation = conversation[5:21] if re.fullmatch(r"resp_[0-9a-f]{50}", conversation) else None
    shared = (conversation[-16:] if conversation else ids.random_hex(8)) + ("00" if stored else "01")
    marker = ids.choice(ID_MARKERS)

    def make(prefix):
        return f"{prefix}_{shared}{created & 0xFFFFFFFF:08x}{ids.random_hex(2)}{marker}{ids.random_hex(8)}"
    return make


ID_MARKERS = ("8196", "87d0", "87d2")


@dataclass
class Answer:
    """One Responses answer: its text (or function calls), its token counts, and what the request echoes back."""

    id: str
    created_at: int
    model: str
    req: dict                      # the validated request
    text: str = ""
    calls: tuple = ()              # ((call item id, call_id, name, arguments or a custom input), ...): fc_, ctc_
    message_id: str = ""
    reasoning_id: str | None = None
    effort: str | None = None      # what a reasoning model reasoned at (the request's or its default)
    completed_at: int | None = None  # when it was done (its JSON answer's and stream's last response)
    cut: bool = False              # max_output_tokens ended the text
    input_tokens: int = 0
    cached_tokens: int = 0         # the input's tokens read from the prompt cache (prompt_cache)
    cache_written: int = 0         # and written to it
    output_tokens: int = 0
    reasoning_tokens: int = 0
    pieces: tuple = field(default=())  # the text's token pieces, for a stream's deltas
    conversation_id: str | None = None  # the conversation the response continues and adds to
    search: tuple | None = None    # a file search it ran: (item id, queries, results or None when not included)
    search_read: int = 0           # the input tokens of what that search read back (its instructions, chunks)
    citations: tuple = ()          # the file_citation annotations of its text
    capabilities: dict = field(default_factory=dict)  # the model's (registry.Model.capabilities)
    encrypted_reasoning: str = ""  # the reasoning item's encrypted_content
    moderation: dict | None = None  # the moderation of its input and output, when the request asks for one
    web_search: tuple | None = None  # a web search it ran: (item id, query, sources or None when not included)
    compaction: tuple | None = None  # the context compacted after it: (item id, encrypted content)
    tool_call: dict | None = None  # the call of a built-in tool tool_choice forces, as done (FORCED_CALLS)
    tool_output: dict | None = None  # what the API gave back from running that call (a hosted shell's output)
    image_usage: dict | None = None  # what its image generation call used (tool_usage.image_gen)
    partial_images: int = 0        # the partial pictures its image generation call streams
    namespaces: dict = field(default_factory=dict)  # {function name: namespace} of the functions not in the default
    tool_search: tuple = ()        # the tool search's items before its calls (the API's), or ending it (the client's)
    loaded: tuple = ()             # the deferred functions a client's tool search loaded, as sent back
    program: dict | None = None    # the program the model wrote this turn (programmatic tool calling)
    caller: str | None = None      # the call_id of the program the answer's calls are made by
    program_output: dict | None = None  # what the program the answer ends gave
    mcp_lists: tuple = ()          # the mcp_list_tools items of the MCP servers not listed before, first
    shell_container: str | None = None  # the container the API made for a shell tool's auto environment
    prewarm: bool = False          # it only wrote its prompt to the cache (prompt_cache_options.prewarm)
    triggered: bool = False        # it only compacted the context, as a compaction_trigger last in the input asks
    # What `include` would have added that the request did not ask for, {include value: {item id: value}}: kept
    # with a stored response for a retrieve whose own include asks for it (views.responses.withheld).
    withheld: dict = field(default_factory=dict)

    def echoed(self):
        """Return the request's settings as the response echoes them, defaults filled in."""
        req = self.req
        fmt = (req.get("text") or {}).get("format") or {"type": "text"}
        if fmt.get("type") == "json_schema":  # strict unless the request says otherwise (recorded)
            fmt = {"type": "json_schema", "description": fmt.get("description"), "name": fmt["name"],
                   "schema": without_dialect(fmt["schema"]), "strict": fmt.get("strict") is not False}
        sent = req.get("tools") or ()
        # The tool search is echoed after the other tools, and the deferred functions a client's search loaded
        # after it, each as a namespace of its name (recorded, March and July 2026).
        loaded = {tool["name"] for tool in self.loaded}
        if self.shell_container:  # the shell's auto environment, echoed as the container the API made (recorded)
            made = {"type": "container_reference", "container_id": self.shell_container}
            sent = [{**t, "environment": made} if t.get("type") == "shell" and isinstance(t.get("environment"), dict)
                    and t["environment"].get("type") == "container_auto" else t for t in sent]
        tools = [TOOL_ECHOES.get(t.get("type"), built_in_tool)(t) for t in sent
                 if t.get("type") != "tool_search"
                 and not (t.get("type") == "function" and t.get("name") in loaded)] + \
            [tool_search_tool(t) for t in sent if t.get("type") == "tool_search"] + \
            [{"type": "namespace", "description": "", "name": tool["name"],
              "tools": [{k: v for k, v in function_tool(tool).items() if k != "defer_loading"}]}
             for tool in self.loaded]
        caps = self.capabilities
        return {
            "background": req.get("background") is True,
            "instructions": req.get("instructions"),
            "max_output_tokens": req.get("max_output_tokens"),
            "max_tool_calls": req.get("max_tool_calls"),
            "parallel_tool_calls": req.get("parallel_tool_calls", True) is not False,
            "previous_response_id": req.get("previous_response_id"),
            "prompt_cache_key": req.get("prompt_cache_key"),
            "prompt_cache_options": applied_cache_options(req.get("prompt_cache_options")),
            # The request's retention, else the model's default: in_memory, 24h from gpt-5.2 on (recorded).
            "prompt_cache_retention": (req.get("prompt_cache_retention") or caps.get("prompt_cache_retention")
                                       or "in_memory"),
            "safety_identifier": req.get("safety_identifier"),
            "reasoning": self.reasoning(),
            "store": req.get("store") is not False,
            "temperature": float(req.get("temperature", 1.0) if req.get("temperature") is not None else 1.0),
            "text": {"format": fmt, "verbosity": (req.get("text") or {}).get("verbosity") or "medium"},
            "tool_choice": echoed_tool_choice(req.get("tool_choice")),
            "tool_usage": TOOL_USAGE,
            "tools": tools,
            "top_logprobs": req.get("top_logprobs") or 0,
            "top_p": float(req.get("top_p") if req.get("top_p") is not None else caps.get("default_top_p", 1.0)),
            "truncation": req.get("truncation") or "disabled",
            "user": req.get("user"),
            "metadata": req.get("metadata") or {},
        }

    def reasoning(self):
        """The reasoning settings echoed: what it ran at, null asked or not. A reasoning model's have its context
        (the request's, else current_turn; all_turns on gpt-5.6) and mode too; another model's a null context
        (recorded, 2026). A reasoning model names the summary `auto` chose, `detailed` (gpt-5-mini in a capture of
        November 2025, the GPT-6 models in a client's probe of September 2026). Computer use's are its effort,
        generate_summary and summary, without context or mode (openai-dotnet session records, February 2026, three
        answers)."""
        asked = self.req.get("reasoning") or {}
        summary = asked.get("summary") or asked.get("generate_summary")
        if not self.capabilities.get("reasoning"):
            return {"context": asked.get("context"), "effort": asked.get("effort"), "summary": summary}
        if self.capabilities.get("computer_use"):
            return {"effort": asked.get("effort") or self.effort, "generate_summary": asked.get("generate_summary"),
                    "summary": asked.get("summary")}
        return {"context": asked.get("context") or self.capabilities.get("reasoning_context", "current_turn"),
                "effort": asked.get("effort") or self.effort,
                "mode": asked.get("mode") or self.capabilities.get("reasoning_modes", ["standard"])[0],
                "summary": "detailed" if summary == "auto" else summary}  # the summarizer auto picks (recorded)

    def output(self, done=True):
        """Return the output items: the reasoning, then the message or the function calls (none for a prewarm)."""
        if self.prewarm:
            return []
        if self.triggered:
            return [self.compaction_item()]
        items = list(self.mcp_lists)
        if self.reasoning_id:
            items.append(self.reasoning_item())
        if self.search:
            items.append(self.search_item(done))
        if self.web_search:
            items.append(self.web_search_item(done))
        if self.tool_call:
            items.append(self.tool_call if done else self.tool_call_started())
        if self.tool_output:
            items.append(self.tool_output)
        items += self.tool_search
        items += [item for item in (self.program, self.program_output) if item]
        if self.calls:
            items += [self.call_item(call, done, self.cut) for call in self.calls]
        elif self.tool_search:
            pass  # the client runs its search: the response ends with it
        elif self.tool_call and not self.api_ran_call():
            pass  # the client runs the call: the response ends with it
        elif not ((self.reasoning_id or self.tool_call) and self.cut and not self.text):
            items.append(self.message_item(self.text if done else None))  # not when the limit was used up before it
        if self.compaction:
            items.append(self.compaction_item())
        return items

    def api_ran_call(self):
        """Tell whether the API ran the forced tool's call itself (a code interpreter, a picture, a shell in a
        container), and so the model writes its message after it; the client runs the others."""
        return self.tool_call is not None and (self.tool_call["type"] in RUN_BY_THE_API or self.tool_output is not None)

    def compaction_item(self, blob=None):
        item_id, final = self.compaction
        return {"id": item_id, "type": "compaction", "encrypted_content": blob or final}

    def message_item(self, text):
        status = "in_progress" if text is None else ("incomplete" if self.cut else "completed")
        content = [] if text is None else [self.text_part(text, self.citations, self.text_logprobs())]
        if self.capabilities.get("message_phase"):  # gpt-5.5 and 5.6 say which phase a message is (recorded)
            return {"id": self.message_id, "type": "message", "status": status, "content": content,
                    "phase": "final_answer", "role": "assistant"}
        return {"id": self.message_id, "type": "message", "status": status, "content": content, "role": "assistant"}

    @staticmethod
    def text_part(text, annotations=(), logprobs=()):
        return {"type": "output_text", "annotations": list(annotations), "logprobs": list(logprobs), "text": text}

    @functools.cached_property
    def shown_tokens(self):
        """The (token, bytes) the text's pieces show in logprobs (tokens.byte_tokens), worked out once."""
        return byte_tokens(self.pieces)

    def output_logprobs(self):
        """The logprobs the text part of the output message has when the request includes them, asked or not."""
        included = [*(self.req.get("include") or ()), "message.output_text.logprobs"]
        return replace(self, req={**self.req, "include": included}).text_logprobs()

    def text_logprobs(self, start=0, stop=None, in_event=False):
        """Return the logprobs of the text's tokens start to stop, when the request includes them
        (`message.output_text.logprobs`), each with the request's top_logprobs alternatives; else none.

        As recorded on gpt-4o-mini in April 2026 (openai-dotnet's session records): every entry, in a stream's
        events as in the text part, has bytes, logprob, token and top_logprobs, in that order (an alternative the
        same without top_logprobs); the deltas and output_text.done carry the numbers whole, a text part (the
        output item's and the response's) rounds them to 6 decimals. content_part.done's part has none (`[]`), as
        that recording and a gpt-4.1-nano stream of August 2025 (a client's fixture) show.
        """
        if "message.output_text.logprobs" not in (self.req.get("include") or ()):
            return []
        shown = self.shown_tokens
        top = self.req.get("top_logprobs") or 0
        entries = (completion.token_logprob(shown[position], position, top)
                   for position in range(start, len(shown) if stop is None else stop))
        number = (lambda value: value) if in_event else (lambda value: round(value, 6))
        return [{"bytes": e["bytes"], "logprob": number(e["logprob"]), "token": e["token"],
                 "top_logprobs": [{"bytes": t["bytes"], "logprob": number(t["logprob"]), "token": t["token"]}
                                  for t in e["top_logprobs"]]}
                for e in entries]

    def service_tier(self):
        """The tier that answered (completion.served_tier); the GPT-6 models call priority fast (recorded). An answer
        that searched the web, of a model that does not reason, names the tier asked for, auto when none was
        (see searched_unmetered)."""
        if self.searched_unmetered():
            return self.req.get("service_tier") or "auto"
        served = completion.served_tier(self.req.get("service_tier"))
        return "fast" if served == "priority" and self.capabilities.get("priority_named_fast") else served

    def searched_unmetered(self):
        """Tell whether the answer ran a web search on a model that does not reason: its tier is left as asked and
        its answer carries no x-ratelimit-* headers (openai-dotnet session records, September 2026, gpt-4o-mini:
        three answers, streamed and not, with either tool; gpt-4.1-mini's, April and October 2026,
        braintrust-sdk-python's cassettes; gpt-5.1's, March 2026, named default and had them, and so did gpt-4.1's,
        August 2026, asked for auto: ellmer's cassettes)."""
        return bool(self.web_search) and not self.capabilities.get("reasoning") \
            and not self.capabilities.get("metered_search")

    def summary(self):
        """The reasoning summary parts: one when the request asks for a summary (reasoning.summary), else none; none
        at effort minimal either, where the model does not reason (gpt-5 and gpt-5-mini asked for a detailed one:
        0 reasoning tokens, an empty summary, no summary events; recorded in September and October 2025)."""
        reasoning = self.req.get("reasoning") or {}
        if not (reasoning.get("summary") or reasoning.get("generate_summary")) or self.effort == "minimal":
            return []
        return [{"type": "summary_text", "text": REASONING_SUMMARY}]

    def reasoning_item(self, done=True):
        """The reasoning item: no content, its encrypted content whether or not `include` asks for it (recorded,
        2026), and its summary once done."""
        return {"id": self.reasoning_id, "type": "reasoning", "content": [],
                "encrypted_content": self.encrypted_reasoning, "summary": self.summary() if done else []}

    def search_item(self, done=True):
        """The file_search_call item: its queries and (when the request included them) results once done."""
        item_id, queries, results = self.search
        return {"id": item_id, "type": "file_search_call", "status": "completed" if done else "in_progress",
                "queries": list(queries) if done else [], "results": results if done else None}

    def web_search_item(self, done=True):
        """The web_search_call item: its search (2026: the queries, the first again as query, the sources when the
        request included them) once done; before, a search with no query (recorded for gpt-4o), or on a reasoning
        model no action at all (gpt-5-mini, August 2026, req_llm's fixtures; gpt-5.2, October 2026, ruby_llm's)."""
        item_id, query, sources = self.web_search
        if not done:
            started = {"id": item_id, "type": "web_search_call", "status": "in_progress"}
            return started if self.capabilities.get("reasoning") else {**started, "action": {"type": "search"}}
        action = {"type": "search", "queries": [query], "query": query}
        if sources is not None:
            action["sources"] = sources
        return {"id": item_id, "type": "web_search_call", "status": "completed", "action": action}

    def tool_call_started(self):
        """A forced built-in tool's call as its stream adds it (guessed): in progress, what the model writes into it
        streamed after (a shell call's commands, a code interpreter's code, an apply_patch call's diff: recorded)
        empty. An image generation call is its id, type and
        status alone (openai-dotnet session records, October and December 2025, gpt-4o-mini)."""
        item = self.tool_call
        started = {**item, "status": "in_progress"}
        if item["type"] == "code_interpreter_call":
            # Its outputs an empty list when `include` asks for them (recorded on gpt-5-nano, September 2025), else
            # null as when done (a guess).
            started.update(code="", outputs=None if item["outputs"] is None else [])
        elif item["type"] == "image_generation_call":
            started = {"id": item["id"], "type": item["type"], "status": "in_progress"}
        elif item["type"] == "shell_call":
            started["action"] = {**item["action"], "commands": []}
        elif item["type"] == "apply_patch_call" and "diff" in item["operation"]:
            started["operation"] = {**item["operation"], "diff": ""}
        return started

    def call_item(self, call, done=True, cut=False):
        """A function_call item, or a custom tool's custom_tool_call (its id `ctc_`; recorded order, 2026); a
        function outside the default namespace names its namespace last (recorded, March to September 2026)."""
        item_id, call_id, name, arguments = call
        status = ("incomplete" if cut else "completed") if done else "in_progress"
        if item_id.startswith("ctc_"):
            item = {"id": item_id, "type": "custom_tool_call", "status": status, "call_id": call_id,
                    "input": arguments if done else "", "name": name}
            if name in self.namespaces:  # as a function's (the SDK's; no recording)
                item["namespace"] = self.namespaces[name]
            return item
        item = {"id": item_id, "type": "function_call", "status": status, "arguments": arguments if done else ""}
        if name in self.async_functions():  # a call of an async function says so (recorded on gpt-6-astra, Oct 2026)
            item["async"] = True
        item["call_id"] = call_id
        if self.caller:  # a program's call: in progress until the client answers it (recorded)
            item.update(status="in_progress", caller={"type": "program", "caller_id": self.caller})
        item["name"] = name
        if name in self.namespaces:
            item["namespace"] = self.namespaces[name]
        return item

    def async_functions(self):
        """The names of the request's function tools sent with `async: true`."""
        return {tool.get("name") for tool in self.req.get("tools") or () if isinstance(tool, dict)
                and tool.get("type") == "function" and tool.get("async") is True}

    @staticmethod
    def tool_search_started(item):
        """A tool search item as a stream adds it: in progress, a call's arguments not yet written (recorded, March
        2026)."""
        return {**item, "status": "in_progress", **({"arguments": {}} if item["type"] == "tool_search_call" else {})}

    def usage(self):
        """The response's usage. One that max_output_tokens cut while the model still reasoned reports no output
        tokens at all (recorded twice on gpt-5-mini, December 2025: 0 output and reasoning tokens at a limit of 50,
        the output a reasoning item alone)."""
        output, reasoning = self.output_tokens, self.reasoning_tokens
        if self.cut and self.reasoning_id and not (self.text or self.calls or self.tool_call):
            output = reasoning = 0
        return {"input_tokens": self.input_tokens,
                "input_tokens_details": {"cache_write_tokens": self.cache_written, "cached_tokens": self.cached_tokens},
                "output_tokens": output,
                "output_tokens_details": {"reasoning_tokens": reasoning},
                "total_tokens": self.input_tokens + output}

    def to_dict(self, status=None, billing=True):
        """Return the response object; a status ("in_progress", "queued", "cancelled") gives it before (or without)
        its output: the one a stream or a background request starts with. billing: JSON answers carry the key, a
        stream's events do not (recorded)."""
        done = status is None
        status = status or ("incomplete" if self.cut else "completed")
        values = {
            "id": self.id, "object": "response", "created_at": self.created_at, "status": status,
            # The programs the account is in: fauxpen's is in none, unless the request names some (a guess).
            "access_programs": self.req.get("access_programs"), "billing": BILLING,
            "completed_at": self.completed_at if done and not self.cut else None,  # incomplete: null (recorded)
            "conversation": {"id": self.conversation_id}, "error": None,
            "frequency_penalty": float(self.req.get("frequency_penalty") or 0),
            "presence_penalty": float(self.req.get("presence_penalty") or 0),
            "moderation": self.moderation if done else None,
            "incomplete_details": {"reason": "max_output_tokens"} if done and self.cut else None,
            "model": self.model, "output": self.output() if done else [],
            "service_tier": self.service_tier() if done else self.req.get("service_tier") or "auto",
            "usage": self.usage() if done else None, **self.echoed(),
        }
        if done and (self.web_search or self.image_usage):  # counted once the response is done (0 before)
            values["tool_usage"] = {"image_gen": self.image_usage or TOOL_USAGE["image_gen"],
                                    "web_search": {"num_requests": 1 if self.web_search else 0}}
        left_out = (("billing",) * (not billing) + ("conversation",) * (self.conversation_id is None)
                    + ("prompt_cache_options",) * ("prompt_cache_options" not in self.req))
        return {key: values[key] for key in RESPONSE_KEYS if key not in left_out}

    def padding(self, delta):
        """A delta event's obfuscation key, unless the request's stream_options turn it off or the response runs in
        the background, whose stream is written past its start without it (live and streamed again: two
        recordings of gpt-4.1-mini, August 2025 and February 2026, openai-dotnet's)."""
        if (self.req.get("stream_options") or {}).get("include_obfuscation") is False or self.req.get("background"):
            return {}
        return {"obfuscation": obfuscation(delta)}

    def events(self, queued=False):
        """Yield the stream's events, each numbered: created, in progress, each item's, completed. queued: a
        background response's stream, created queued, then queued, then in progress (recorded)."""
        number = 0

        def event(kind, **fields):  # its type first, then its other keys in alphabetical order (2026)
            nonlocal number
            number += 1
            fields["sequence_number"] = number - 1
            return {"type": kind, **dict(sorted(fields.items()))}

        first = "queued" if queued else "in_progress"
        yield event("response.created", response=self.to_dict(first, billing=False))
        if queued:
            yield event("response.queued", response=self.to_dict("queued", billing=False))
        yield event("response.in_progress", response=self.to_dict("in_progress", billing=False))
        for index, item in enumerate(self.output()):
            if item["type"] == "reasoning":
                # Each event carries the item's content encrypted anew, as the completed response does (three
                # blobs for one item, recorded in September 2026).
                sealed = {"encrypted_content": encrypted_content(self.created_at,
                                                                  reasoning_tokens=self.reasoning_tokens)}
                yield event("response.output_item.added", output_index=index, item={**self.reasoning_item(False),
                                                                                      **sealed})
                for summary_index, part in enumerate(item["summary"]):
                    where = {"item_id": item["id"], "output_index": index, "summary_index": summary_index}
                    yield event("response.reasoning_summary_part.added", **where,
                                part={"type": "summary_text", "text": ""})
                    for piece in split_tokens(part["text"]):
                        yield event("response.reasoning_summary_text.delta", **where, delta=piece,
                                    **self.padding(piece))
                    yield event("response.reasoning_summary_text.done", **where, text=part["text"])
                    yield event("response.reasoning_summary_part.done", **where, part=part)
                yield event("response.output_item.done", output_index=index,
                            item={**item, "encrypted_content": encrypted_content(
                                self.created_at, reasoning_tokens=self.reasoning_tokens)})
            elif item["type"] == "compaction":  # added with a first blob, done with the final one (recorded)
                yield event("response.output_item.added", output_index=index,
                            item=self.compaction_item(encrypted_content(self.created_at)))
                if self.triggered:
                    # A compaction_trigger's is sampled in between, shown by `response.compaction.compacting`
                    # ("emitted when new summary content is sampled for a compaction trigger", the SDK's, openai
                    # 3.63; seen in a Codex desktop capture of a manual /compact, September 2026, and between a
                    # compaction's added and done in a gateway's timing test); one of them a guess.
                    yield event("response.compaction.compacting", item_id=item["id"], output_index=index)
                yield event("response.output_item.done", output_index=index, item=item)
            elif item["type"] in ("file_search_call", "web_search_call"):
                searching = self.search_item(False) if item["type"] == "file_search_call" else \
                    self.web_search_item(False)
                yield event("response.output_item.added", output_index=index, item=searching)
                for stage in ("in_progress", "searching", "completed"):
                    yield event(f"response.{item['type']}.{stage}", output_index=index, item_id=item["id"])
                yield event("response.output_item.done", output_index=index, item=item)
            elif item["type"] in FORCED_ITEMS:
                yield from self.tool_call_events(event, index, item)
            elif item["type"] == "shell_call_output":
                yield from self.shell_output_events(event, index, item)
            elif item["type"] == "mcp_list_tools":  # listed in progress, then completed (recorded, June 2026)
                yield event("response.output_item.added", output_index=index, item={**item, "tools": []})
                yield event("response.mcp_list_tools.in_progress", item_id=item["id"], output_index=index)
                yield event("response.mcp_list_tools.completed", item_id=item["id"], output_index=index)
                yield event("response.output_item.done", output_index=index, item=item)
            elif item["type"] in ("program", "program_output"):  # a program added with no code yet (recorded)
                started = {**item, "code": "", "fingerprint": encrypted_content(self.created_at)} \
                    if item["type"] == "program" else item
                yield event("response.output_item.added", output_index=index, item=started)
                yield event("response.output_item.done", output_index=index, item=item)
            elif item["type"] in ("tool_search_call", "tool_search_output"):  # added, then done (recorded)
                yield event("response.output_item.added", output_index=index, item=self.tool_search_started(item))
                yield event("response.output_item.done", output_index=index, item=item)
            elif item["type"] in ("function_call", "custom_tool_call"):
                call = next(c for c in self.calls if c[0] == item["id"])
                # A custom tool's input streams as a function's arguments do, under its own names (recorded).
                stage, key = ("response.function_call_arguments", "arguments") if item["type"] == "function_call" \
                    else ("response.custom_tool_call_input", "input")
                yield event("response.output_item.added", output_index=index, item=self.call_item(call, False))
                # A token at a time, as recorded; a program's call in one delta (recorded, July 2026), each of
                # calls made together (two gpt-4.1 streams of May 2026, chatlas's cassettes: {"user":"Joe"} whole),
                # and the `{}` of a function of no parameters, one token in o200k (gpt-5.4's five such calls of May
                # and July 2026, chatlas's cassettes), where the estimate's pieces are two.
                together = item["type"] == "function_call" and sum(not c[0].startswith("ctc_") for c in self.calls) > 1
                whole = self.caller or together or item[key] == "{}"
                for piece in [item[key]] if whole else split_tokens(item[key]):
                    yield event(f"{stage}.delta", item_id=item["id"], output_index=index, delta=piece,
                                **self.padding(piece))
                yield event(f"{stage}.done", item_id=item["id"], output_index=index, **{key: item[key]})
                yield event("response.output_item.done", output_index=index, item=item)
            else:
                where = {"item_id": self.message_id, "output_index": index, "content_index": 0}
                added = self.message_item(None)
                # Pro mode streams its answer whole: the message added as completed, the text in one delta (recorded
                # on gpt-5.6-sol, September 2026).
                pro = (self.req.get("reasoning") or {}).get("mode") == "pro"
                if pro:
                    added["status"] = "completed"
                yield event("response.output_item.added", output_index=index, item=added)
                yield event("response.content_part.added", **where, part=self.text_part(""))
                written, pending = 0, list(enumerate(self.citations))
                for position, piece in enumerate([self.text] if pro and self.text else self.pieces):
                    yield event("response.output_text.delta", **where, delta=piece,
                                logprobs=self.text_logprobs(position, position + 1, in_event=True),
                                **self.padding(piece))
                    written += len(piece)
                    while pending and written >= reached(pending[0][1]):  # once the text reaches the citation
                        number_in_part, annotation = pending.pop(0)
                        yield event("response.output_text.annotation.added", **where,
                                    annotation_index=number_in_part, annotation=annotation)
                for number_in_part, annotation in pending:  # a text with no pieces: none reached them
                    yield event("response.output_text.annotation.added", **where,
                                annotation_index=number_in_part, annotation=annotation)
                yield event("response.output_text.done", **where, text=self.text,
                            logprobs=self.text_logprobs(in_event=True))
                yield event("response.content_part.done", **where, part=self.text_part(self.text, self.citations))
                yield event("response.output_item.done", output_index=index, item=item)
        yield event("response.incomplete" if self.cut else "response.completed",
                    response=self.to_dict(billing=False))

    def tool_call_events(self, event, index, item):
        """Yield the events of a forced built-in tool's call (event: events()' maker), each stage the SDK types
        (late 2026) for its kind, in the order its types' docstrings give: a code interpreter's in_progress, its code
        a token at a time, interpreting, completed; an image generation's in_progress, generating, the partial
        pictures the tool asks for, completed; a shell call's commands, each added, a token at a time, done; an
        apply_patch call's diff a token at a time, then done (recorded on gpt-5.1, November 2025: events the SDK
        does not type). A computer call is added, then done."""
        where = {"item_id": item["id"], "output_index": index}
        yield event("response.output_item.added", output_index=index, item=self.tool_call_started())
        if item["type"] == "code_interpreter_call":
            yield event("response.code_interpreter_call.in_progress", **where)
            for piece in split_tokens(item["code"]):
                yield event("response.code_interpreter_call_code.delta", **where, delta=piece, **self.padding(piece))
            yield event("response.code_interpreter_call_code.done", **where, code=item["code"])
            yield event("response.code_interpreter_call.interpreting", **where)
            yield event("response.code_interpreter_call.completed", **where)
        elif item["type"] == "image_generation_call":
            yield event("response.image_generation_call.in_progress", **where)
            yield event("response.image_generation_call.generating", **where)
            drawn = {key: item[key] for key in ("background", "output_format", "quality", "size")}
            for number in range(self.partial_images):
                yield event("response.image_generation_call.partial_image", **where, **drawn,
                            partial_image_b64=item["result"], partial_image_index=number)
            yield event("response.image_generation_call.completed", **where)
        elif item["type"] == "shell_call":
            for number, command in enumerate(item["action"]["commands"]):
                at = {"command_index": number, "output_index": index}
                yield event("response.shell_call_command.added", **at, command="")
                for piece in split_tokens(command):
                    yield event("response.shell_call_command.delta", **at, delta=piece, **self.padding(piece))
                yield event("response.shell_call_command.done", **at, command=command)
        elif item["type"] == "apply_patch_call" and "diff" in item["operation"]:  # a delete_file has none
            diff = item["operation"]["diff"]
            for piece in split_tokens(diff):
                yield event("response.apply_patch_call_operation_diff.delta", **where, delta=piece,
                            **self.padding(piece))
            yield event("response.apply_patch_call_operation_diff.done", **where, diff=diff)
        yield event("response.output_item.done", output_index=index, item=item)

    @staticmethod
    def shell_output_events(event, index, item):
        """Yield the events of a hosted shell's output (recorded on gpt-5.2, February 2026): the item added as
        completed with no output yet, then for each command what it printed in one delta (its empty stderr left
        out) and the command's output done, then the item done."""
        where = {"item_id": item["id"], "output_index": index}
        yield event("response.output_item.added", output_index=index, item={**item, "output": []})
        for number, printed in enumerate(item["output"]):
            delta = {key: printed[key] for key in ("stderr", "stdout") if printed[key]}
            yield event("response.shell_call_output_content.delta", **where, command_index=number, delta=delta)
            yield event("response.shell_call_output_content.done", **where, command_index=number, output=[printed])
        yield event("response.output_item.done", output_index=index, item=item)


# The built-in tools a tool_choice of their type forces (the SDK's ToolChoiceTypes, ToolChoiceShell and
# ToolChoiceApplyPatch; it has no local_shell choice), by the type of the tool in `tools`: the item their call is,
# and its id's prefix (cu_, ci_ and ig_ as OpenAI's guides show them; sh_ and apc_ guessed).
FORCED_CALLS = {"computer_use_preview": ("computer_call", "cu"), "computer": ("computer_call", "cu"),
                "shell": ("shell_call", "sh"), "apply_patch": ("apply_patch_call", "apc"),
                "code_interpreter": ("code_interpreter_call", "ci"),
                "image_generation": ("image_generation_call", "ig")}
FORCED_ITEMS = {kind for kind, _ in FORCED_CALLS.values()}
# The calls the API runs itself, after which the model writes its message; the client runs the others, and the
# response ends with the call.
RUN_BY_THE_API = ("code_interpreter_call", "image_generation_call")


# The output tokens a compaction's summary costs: recordings of /v1/responses/compact show 297 and 438 (a guess
# between them).
COMPACTION_OUTPUT_TOKENS = 300


# What a reasoning item's summary says, when one is asked for: canned, as the answer is.
REASONING_SUMMARY = "**Working out a reply**\n\nI am reading the request and putting together a helpful answer."


def reached(annotation):
    """Where the text must have got to for an annotation to be sent: a file citation's index, a URL citation's end."""
    return annotation["index"] if "index" in annotation else annotation["end_index"]


# The web search tools: the current one (and its snapshot) and the preview (2025).
WEB_SEARCH_TOOLS = ("web_search", "web_search_2025_08_26", "web_search_preview", "web_search_preview_2025_03_11")
# Where a user is when a request does not say: the US, approximately (recorded).
USER_LOCATION = {"type": "approximate", "city": None, "country": "US", "region": None, "timezone": None}


def web_search_tool(tool):
    """A web search tool as a response echoes it (recorded September 2026): its type, then its settings in
    alphabetical order with their defaults filled in (the current tool's token budget, text content, a medium
    context, the user's location with what it leaves out null, the US when it says nothing); `external_web_access`
    is taken but not echoed (gpt-4.1, August 2026, ellmer's cassettes)."""
    echoed = {key: value for key, value in tool.items() if key not in ("type", "external_web_access")}
    if not tool["type"].startswith("web_search_preview"):
        echoed.setdefault("return_token_budget", "default")
    echoed.setdefault("search_content_types", ["text"])
    echoed["search_context_size"] = tool.get("search_context_size") or "medium"
    location = tool.get("user_location")
    echoed["user_location"] = USER_LOCATION if location is None else \
        {"type": location.get("type") or "approximate", **{key: location.get(key) for key in list(USER_LOCATION)[1:]}}
    return {"type": tool["type"], **dict(sorted(echoed.items()))}


def custom_tool(tool):
    """A custom tool as a response echoes it: its type, then its keys in alphabetical order (recorded, 2026), a
    description it leaves out null and a format it leaves out text (guesses: the recordings send both)."""
    echoed = {"description": None, **tool, "format": tool.get("format") or {"type": "text"}}
    fmt = echoed["format"]
    echoed["format"] = {"type": fmt.get("type"), **dict(sorted((k, v) for k, v in fmt.items() if k != "type"))}
    return {"type": "custom", **dict(sorted((k, v) for k, v in echoed.items() if k != "type"))}


def file_search_tool(tool):
    """A file_search tool as a response echoes it: its defaults filled in (recorded order)."""
    ranking = tool.get("ranking_options") or {}
    return {"type": "file_search", "filters": tool.get("filters"), "max_num_results": tool.get("max_num_results", 20),
            "ranking_options": {"ranker": ranking.get("ranker", "auto"),
                                "score_threshold": float(ranking.get("score_threshold", 0.0)),
                                **({"hybrid_search": ranking["hybrid_search"]} if "hybrid_search" in ranking else {})},
            "vector_store_ids": tool["vector_store_ids"]}


# The key fauxpen signs its reasoning blobs with: fixed, so that any fauxpen server (or worker) verifies what
# another made, and no secret (a blob only has to be told from one fauxpen did not make).
BLOB_KEY = hashlib.sha256(b"fauxpen encrypted reasoning").digest()
# A Fernet token's parts: version byte, time (8 bytes), IV (16), whole cipher blocks (16 each), HMAC-SHA256 (32).
_BLOB_HEAD, _BLOB_MAC, _BLOCK = 1 + 8 + 16, 32, 16
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def encrypted_content(created, size=768, reasoning_tokens=0):
    """Return a blob shaped as the API's encrypted reasoning is: a Fernet token (version byte 0x80, the time, an
    IV, whole cipher blocks, and an HMAC-SHA256 of all that under BLOB_KEY), base64url, so it starts "gAAAAA" and a
    later request that sends it back can be told it is fauxpen's (blob_verifies). The cipher's first four bytes
    carry the reasoning's tokens, which the model reads again when the item is sent back (blob_reasoning_tokens);
    the rest are random."""
    cipher = struct.pack(">I", reasoning_tokens) + ids.random_bytes(size - size % _BLOCK - 4)
    signed = b"\x80" + struct.pack(">Q", created) + ids.random_bytes(16) + cipher
    return base64.urlsafe_b64encode(signed + hmac.digest(BLOB_KEY, signed, "sha256")).decode()


def blob_verifies(blob):
    """Tell whether an encrypted_content is a Fernet token fauxpen signed: base64url, version 0x80, whole cipher
    blocks, and its HMAC (compared in constant time, as Fernet does)."""
    return _signed(blob) is not None


def blob_reasoning_tokens(blob):
    """The reasoning tokens a blob fauxpen signed carries (encrypted_content); 0 for any other."""
    body = _signed(blob)
    return 0 if body is None else struct.unpack_from(">I", body, _BLOB_HEAD)[0]


def _signed(blob):
    """Return the signed part of a blob fauxpen made (its HMAC verified), else None."""
    if not isinstance(blob, str) or not _BASE64URL.fullmatch(blob) or (blob.endswith("=") and len(blob) % 4):
        return None
    try:
        token = base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4))
    except (binascii.Error, ValueError):
        return None
    body, mac = token[:-_BLOB_MAC], token[-_BLOB_MAC:]
    if len(body) < _BLOB_HEAD + _BLOCK or (len(body) - _BLOB_HEAD) % _BLOCK or body[0] != 0x80:
        return None
    return body if hmac.compare_digest(mac, hmac.digest(BLOB_KEY, body, "sha256")) else None


def applied_cache_options(asked):
    """The prompt-caching options a response says it applied: the mode and ttl asked for, else their defaults
    (implicit, 30m: the SDK's docstrings; its response type requires both), and the comparison asked for."""
    if asked is None:
        return None
    applied = {"mode": asked.get("mode") or "implicit", "ttl": asked.get("ttl") or "30m"}
    if asked.get("comparison_response_id") is not None:
        applied["comparison_response_id"] = asked["comparison_response_id"]
    return applied


def obfuscation(delta):
    """Return the random characters a delta event carries so that every event has about the same size: the delta
    and they come to 16 characters (recorded), or a multiple of 16 for a longer delta."""
    return ids.alnum(-len(delta) % 16 or 16)


# How a response echoes a tool, by its type; another type is echoed as a built-in tool is (built_in_tool).
TOOL_ECHOES = {"function": function_tool, "file_search": file_search_tool, "custom": custom_tool,
               "namespace": namespace_tool, "tool_search": tool_search_tool, "mcp": mcp_tool,
               "image_generation": image_generation_tool, **dict.fromkeys(WEB_SEARCH_TOOLS, web_search_tool)}
