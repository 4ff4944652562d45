"""The Agents API (beta, `OpenAI-Beta: agents=v1`): sessions, /v1/agents/sessions (create, list) and
/v1/agents/sessions/{id} (get, update, delete), and under a session its input events (POST .../events), its live
stream (GET .../events), its turns (list, get, a turn's items), its items, and its subagents and artifacts (none);
saved agents, /v1/agents and /v1/agents/{id} (create, list, get, update, delete).

One capture is known: a session created streamed on gpt-6-astra in an OpenAI-hosted environment, October 2026
(braintrust-sdk-python's cassette): its 201, its events (`event:` named, compact JSON, no `[DONE]`), the session's
key order (metadata first) and defaults, the turn's and items' shapes, the ids (50 hex digits; a session's turn
shares its first 18), its headers. Everything else follows the SDK's types (openai 3.63): the session not streamed
is the one the stream's first event shows (idle, its turn queued), the list's and a deletion's layouts are the
newer endpoints', and every refusal is a guess in the API's usual words. The agent is not run: a turn answers
the canned reply as one message (a JSON Schema format, a value of its schema) and calls no tool; its usage is
null, as recorded. A turn is run at once, whether its input came with the session or later as an input event; its
events (those of the capture but the session's creation, and the environment's but on its first turn) go to the
session's live streams, and the turn and its items are kept with the session. Saved agents follow the SDK's
types alone; a session on one (agent_id) takes its settings, the request's over them. Environments and
templates, vaults, MCP tools, hosted files, skills and plugins, and self-hosted environments are not served: a
session naming them is refused. A session's traces, and the automations and environments beside the saved
agents, are not served either (Invalid URL).
"""
import base64
import time

from flask import Blueprint, Response, request
from werkzeug.exceptions import NotFound

from .. import canned, context, ids, jsongen, store, wire
from ..completion import named_sse_event, server_sent_events
from ..errors import InvalidRequestError, missing_parameter
from ..schemas.agents import events_request, saved_agent_request, session_request, session_update
from ..validation import load
from . import indented, indented_refusals, without_ratelimit_headers
from .stored import changed_record, forgotten_record, kept_record, metadata_pairs, page, store_path

bp = Blueprint("agents", __name__)
indented_refusals(bp)
# The headers recorded on a session's 201 (October 2026) besides the usual ones: any origin, the proxy's, and the
# headers it exposes (CF-Ray the edge's, as a second line).
without_ratelimit_headers(bp, (("access-control-allow-origin", "*"), ("x-openai-proxy-wasm", "v0.1")))

SESSIONS = "agent_sessions"
AGENTS = "agents"
EXPOSED = "x-request-id,openai-processing-ms,openai-version,openai-organization,openai-project, CF-Ray"
NOT_SERVED = ("environment_id", "environment_template_id", "files", "skills", "plugins")
EVENTS_KEPT = 1000  # a session's newest events, for its live streams
LIVE_SECONDS = 600  # how long a live stream stays open after its last event (a guess: the API's bound is not known)
POLL_SECONDS = 0.1
KEYS_KEPT = 100  # the newest idempotency keys of a session's input


@bp.before_request
def note_exposed():
    context.note("exposed", EXPOSED)


class NotFoundError(InvalidRequestError):
    def __init__(self, kind, ref, param=None):
        super().__init__(f"{kind} with id '{ref}' not found.", param=param, status=404)  # guessed


class SessionNotFoundError(NotFoundError):
    def __init__(self, ref):
        super().__init__("Session", ref)


class TurnNotFoundError(NotFoundError):
    def __init__(self, ref, param=None):
        super().__init__("Turn", ref, param)


def not_served(param):
    return InvalidRequestError(f"Invalid '{param}': not supported.", param=param, code="invalid_value")  # fauxpen's


def checked(req):
    """Refuse what fauxpen cannot serve or the SDK's docs rule out; return the session's agent settings."""
    env = req["environment"]
    kind = env["type"]
    if kind == "self_hosted":
        raise not_served("environment.type")
    for param in NOT_SERVED:
        if env.get(param):
            raise not_served(f"environment.{param}")
    agent = req.get("agent") or {}
    if req.get("agent_id"):  # a saved agent, the request's fields over it
        saved = store.get_record(store_path(), AGENTS, req["agent_id"])
        if saved is None:
            raise NotFoundError("Agent", req["agent_id"], "agent_id")
        agent = {**saved["config"], **agent}
    for tool in agent.get("tools") or ():
        if tool["type"] == "mcp":
            raise not_served("agent.tools")  # its server, and a vault's credential for it
    for vault in req.get("vault_ids") or ():
        raise NotFoundError("Vault", vault, "vault_ids")
    if not agent.get("model"):
        raise missing_parameter("agent.model")
    fmt = (agent.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_schema" and "schema" not in fmt:
        raise missing_parameter("agent.text.format.schema")
    if req.get("input") is None and (kind == "none" or req.get("stream")):
        raise missing_parameter("input")
    if "stream_options" in req and not req.get("stream"):
        raise InvalidRequestError("Invalid 'stream_options': only allowed when 'stream' is true.",
                                  param="stream_options", code="invalid_value")
    return agent


def tool_object(tool):
    """A tool as the session shows it: its defaults filled in (the SDK's docs), after its type (a guess of order)."""
    kind = tool["type"]
    if kind == "function":
        shown = {"type": kind, "name": tool.get("name"), "description": tool.get("description"),
                 "parameters": tool.get("parameters"), "defer_loading": tool.get("defer_loading", False)}
        if "async" in tool:
            shown["async"] = tool["async"]
        return shown
    if kind == "programmatic_tool_calling":
        return {"type": kind, "enabled": tool.get("enabled", True)}
    if kind == "web_search":
        return {"type": kind, "allowed_domains": tool.get("allowed_domains"),
                "context_size": tool.get("context_size") or "medium", "location": tool.get("location"),
                "mode": tool.get("mode") or "live"}
    if kind == "computer_use":
        return {"type": kind, "include_screenshots": tool.get("include_screenshots", False)}
    return {"type": kind}  # automations


def agent_object(agent, agent_id, saved=False):
    """An agent's settings with their defaults, as a session shows them (recorded); saved: as a saved agent keeps
    them (its name, and tool_search, which its tools' types have)."""
    reasoning = agent.get("reasoning") or {}
    text = agent.get("text") or {}
    multi = agent.get("multi_agent") or {"enabled": False}
    concurrent = (multi.get("max_concurrent_subagents") or 6) if multi["enabled"] else None  # the SDK's default
    return {"id": agent_id, "name": agent.get("name"), "model": agent["model"],
            "reasoning": {"effort": reasoning.get("effort", "medium"), "summary": reasoning.get("summary")},
            "text": {"format": text.get("format") or {"type": "text"}, "verbosity": text.get("verbosity") or "medium"},
            "service_tier": agent.get("service_tier") or "auto", "instructions": agent.get("instructions"),
            # tool_search is not shown: the SDK's types of a session's tools have none.
            "tools": [tool_object(tool) for tool in agent.get("tools") or () if saved or tool["type"] != "tool_search"],
            "multi_agent": {"enabled": multi["enabled"], "max_concurrent_subagents": concurrent}}


def environment_object(env, created):
    if env["type"] == "none":
        return {"type": "none"}
    packages = env.get("packages") or {}
    network = env.get("network") or {"access": "enabled"}
    # As recorded: ccarenv_b64_ and, in base64url without padding, a ccarenv_ id of the time's form (marker 8191).
    inner = ids.time_id("ccarenv_", created, "8191").encode()
    return {"type": "openai_hosted", "id": "ccarenv_b64_" + base64.urlsafe_b64encode(inner).decode().rstrip("="),
            "container_size": env.get("container_size", "medium"),
            "packages": {name: packages.get(name) or [] for name in ("python", "system", "npm")},
            "network": {"access": network["access"], "allowed_domains": network.get("allowed_domains") or []},
            "desktop": {"enabled": bool((env.get("desktop") or {}).get("enabled"))},
            "capability_directories": env.get("capability_directories") or [], "skills": [], "plugins": [],
            "files": []}


def session_object(record, status=None):
    """The session as recorded (metadata first); spend control after its usage (the SDK's, a guess of place)."""
    shown = {"metadata": record["metadata"], "id": record["id"], "object": "agent.session",
             "created_at": record["created_at"], "last_active_at": record["last_active_at"],
             "status": status or record["status"], "required_actions": [], "error": None, "agent": record["agent"],
             "environment": record["environment"], "vault_ids": [], "usage": None,
             "spend_control": {"consumed": 0, "limit": record["spend_limit"]}}
    if record.get("prompt_cache_options"):
        shown["prompt_cache_options"] = record["prompt_cache_options"]
    if record.get("review") == "auto_review":
        shown["review"] = "auto_review"  # omitted when none (the SDK's docs)
    return shown


def input_messages(value):
    if isinstance(value, str):
        return [[{"type": "input_text", "text": value}]]
    return [message["content"] for message in value]


def reply(record, messages):
    """The canned reply to the last user text (a value of the agent's JSON Schema, when it has one)."""
    config = context.config()
    fmt = record["agent"]["text"]["format"]
    if fmt.get("type") == "json_schema":
        return jsongen.generate_json(fmt.get("schema") or {})
    said = " ".join(part.get("text", "") for part in messages[-1] if part.get("type") == "input_text")
    return canned.reply_for(said, config["FAUXPEN_REPLY"], config["FAUXPEN_REPLIES_FILE"])


def new_event(kind, **fields):
    return {"type": kind, "event_id": "evt_" + ids.random_hex(25), **fields}


def turn_object(record, turn_id, status, created, started=None, completed=None):
    """A turn as recorded (October 2026); the session's prompt cache lifetime after it when it has one (the SDK's
    `prompt_cache_options`, a guess of place)."""
    turn = {"id": turn_id, "object": "agent.session.turn", "session_id": record["id"],
            "agent_id": record["agent"]["id"], "subagent_id": None, "status": status, "created_at": created,
            "started_at": started, "completed_at": completed, "error": None, "usage": None}
    ttl = (record.get("prompt_cache_options") or {}).get("ttl")
    if ttl:
        turn["prompt_cache_options"] = {"ttl": ttl}
    return turn


def run_turn(record, messages, now):
    """Run a turn of the session on messages (the user's contents): keep the turn and its items in record, and
    return its events as recorded (October 2026): the turn and its user messages, in progress, the environment
    ready and connected (a hosted one's first turn), the answer, the turn done, idle."""
    session_id = record["id"]
    # A session's turn shares its first 18 hex digits (recorded).
    turn_id = f"turn_{session_id[5:23]}{now & 0xFFFFFFFF:08x}{ids.random_hex(2)}8194{ids.random_hex(8)}"
    where = {"session_id": session_id, "turn_id": turn_id}
    text = reply(record, messages)
    items = record.setdefault("items", [])
    events = [new_event("agent.session.turn.created", **where, turn=turn_object(record, turn_id, "queued", now))]
    for content in messages:
        user = {"type": "message", "id": "msg_" + ids.random_hex(25), "turn_id": turn_id, "role": "user",
                "content": content, "status": "completed", "phase": None}
        items.append(user)
        events.append(new_event("agent.session.turn.item.added", **where, output_index=None, item=user))
    record["last_active_at"] = now
    events.append(new_event("agent.session.in_progress", session=session_object(record, "in_progress")))
    events.append(new_event("agent.session.turn.in_progress", **where,
                            turn=turn_object(record, turn_id, "in_progress", now, now)))
    env = record["environment"]
    if env["type"] == "openai_hosted" and not record.get("connected"):
        record["connected"] = True
        for status in ("ready", "connected"):
            events.append(new_event(f"agent.session.environment.{status}", session_id=session_id, turn_id=None,
                                    environment={"id": env["id"], "type": env["type"], "status": status,
                                                 "error": None}))
    # The answer's id is a Responses item's, not stored (01; marker 87d1, recorded).
    item_id = f"msg_{ids.random_hex(8)}01{now & 0xFFFFFFFF:08x}{ids.random_hex(2)}87d1{ids.random_hex(8)}"
    message = {"type": "message", "id": item_id, "turn_id": turn_id, "role": "assistant", "content": [],
               "status": "in_progress", "phase": "final_answer"}
    events.append(new_event("agent.session.turn.item.added", **where, output_index=0, item=message))
    at = {**where, "item_id": item_id, "output_index": 0, "content_index": 0}
    events.append(new_event("agent.session.turn.content_part.added", **at, part={"type": "output_text", "text": ""}))
    events.append(new_event("agent.session.turn.output_text.delta", **at, delta=text))
    events.append(new_event("agent.session.turn.output_text.done", **at, text=text))
    events.append(new_event("agent.session.turn.content_part.done", **at, part={"type": "output_text", "text": text}))
    answer = {"type": "message", "id": item_id, "turn_id": turn_id, "role": "assistant", "status": "completed",
              "content": [{"type": "output_text", "text": text}], "phase": "final_answer"}
    items.append(answer)
    events.append(new_event("agent.session.turn.item.done", **where, output_index=0, item=answer))
    turn = turn_object(record, turn_id, "completed", now, now, int(time.time()))
    record.setdefault("turns", []).append(turn)
    events.append(new_event("agent.session.turn.completed", **where, turn=turn, usage=None))
    events.append(new_event("agent.session.idle", session=session_object(record, "idle")))
    return events


def logged(record, events):
    """Keep events (the newest EVENTS_KEPT) for the session's live streams; return them."""
    record["events"] = (record.get("events", []) + events)[-EVENTS_KEPT:]
    record["event_total"] = record.get("event_total", 0) + len(events)
    return events


@bp.post("/agents/sessions")
def create_session():
    req = load(session_request, wire.json_body())
    agent = checked(req)
    now = int(time.time())
    session_id = f"sess_{ids.random_hex(8)}00{now & 0xFFFFFFFF:08x}{ids.random_hex(2)}8194{ids.random_hex(8)}"
    agent_id = req.get("agent_id") or "agent_" + ids.random_hex(25)
    record = {"id": session_id, "created_at": now, "last_active_at": now, "status": "idle",
              "metadata": req.get("metadata") or {}, "agent": agent_object(agent, agent_id),
              "environment": environment_object(req["environment"], now),
              "spend_limit": (req.get("spend_control") or {}).get("limit"),
              "prompt_cache_options": req.get("prompt_cache_options"), "review": req.get("review")}
    created = session_object(record)  # as the stream's first event shows it (idle, before its turn)
    events = [new_event("agent.session.created", session=created)]
    if req.get("input") is not None:
        events += run_turn(record, input_messages(req["input"]), now)
    logged(record, events)
    store.save_record(store_path(), SESSIONS, session_id, record)
    if req.get("stream"):
        return Response(server_sent_events(events, named=True), 201, content_type="text/event-stream")
    return indented(created, 201)


@bp.get("/agents/sessions")
def list_sessions():
    wanted, agent_id = metadata_pairs(), request.args.get("agent_id")
    found = [session_object(record) for record in store.record_listing(store_path(), SESSIONS)
             if (agent_id is None or record["agent"]["id"] == agent_id)
             and all(record["metadata"].get(key) == value for key, value in wanted.items())]
    return page(found, "desc", has_more_before_last=True)


@bp.get("/agents/sessions/<session_ref>")
def retrieve_session(session_ref):
    return indented(session_object(kept_record(SESSIONS, session_ref, SessionNotFoundError)))


@bp.post("/agents/sessions/<session_ref>")
def update_session(session_ref):
    """Change the fields sent (the SDK's docs: null clears metadata, the prompt cache default, the spend limit and
    the vaults; the agent's model, reasoning effort, service tier and tools replaced)."""
    req = load(session_update, wire.json_body())
    change = req.get("agent") or {}
    if any(tool["type"] == "mcp" for tool in change.get("tools") or ()):
        raise not_served("agent.tools")
    for vault in req.get("vault_ids") or ():
        raise NotFoundError("Vault", vault, "vault_ids")

    def changed(record):
        agent = record["agent"]
        if "model" in change:
            agent["model"] = change["model"]
        if "effort" in change.get("reasoning", {}):
            agent["reasoning"]["effort"] = change["reasoning"]["effort"]
        if "service_tier" in change:
            agent["service_tier"] = change["service_tier"] or "auto"
        if "tools" in change:
            agent["tools"] = [tool_object(tool) for tool in change["tools"] or () if tool["type"] != "tool_search"]
        if "metadata" in req:
            record["metadata"] = req["metadata"] or {}
        if "prompt_cache_options" in req:
            record["prompt_cache_options"] = req["prompt_cache_options"]
        if "review" in req:
            record["review"] = req["review"]
        if "spend_control" in req:
            record["spend_limit"] = (req["spend_control"] or {}).get("limit")
        return session_object(record)

    return indented(changed_record(SESSIONS, session_ref, changed, SessionNotFoundError))


@bp.delete("/agents/sessions/<session_ref>")
def delete_session(session_ref):
    forgotten_record(SESSIONS, session_ref, SessionNotFoundError)
    return indented({"id": session_ref, "object": "agent.session.deleted", "deleted": True})



# What an input event of each type requires (the SDK's types); a message's `input` must not be empty (its helper).
REQUIRED = {"agent.session.input.message": ("input",), "agent.session.input.cancel": (),
            "agent.session.input.tool_result": ("call_id", "success", "turn_id"),
            "agent.session.input.mcp_approval_request_result": ("request_id", "response"),
            "agent.session.input.computer_use_approval_request_result": ("request_id", "response")}


def take_input(record, inputs, key, now):
    """Apply a request's input events to the kept session record; return the events they make.

    A message starts a turn, run at once (so a cancel finds no active turn, and does nothing); fauxpen's agent
    calls no function and asks no approval, so a tool result or an approval answers none: refused."""
    if key is not None:
        keys = record.setdefault("idempotency_keys", [])
        if key in keys:
            return []  # a retry of input already taken
        record["idempotency_keys"] = (keys + [key])[-KEYS_KEPT:]
    events = []
    for index, event in enumerate(inputs):
        kind, where = event["type"], f"events[{index}]"
        if kind == "agent.session.input.message":
            events += run_turn(record, [message["content"] for message in event["input"]], now)
        elif kind == "agent.session.input.tool_result":
            if not any(turn["id"] == event["turn_id"] for turn in record.get("turns", ())):
                raise TurnNotFoundError(event["turn_id"], f"{where}.turn_id")
            raise InvalidRequestError(f"No function call with call_id '{event['call_id']}' is waiting for a result.",
                                      param=f"{where}.call_id")  # guessed
        elif kind != "agent.session.input.cancel":
            raise NotFoundError("Approval request", event["request_id"], f"{where}.request_id")  # guessed
    return logged(record, events)


@bp.post("/agents/sessions/<session_ref>/events")
def create_events(session_ref):
    """Take input events (202, no body: the SDK's); the turns they start are run at once and their events sent to
    the session's live streams."""
    req = load(events_request, wire.json_body())
    for index, event in enumerate(req["events"]):
        for name in REQUIRED[event["type"]]:
            if event.get(name) is None:
                raise missing_parameter(f"events[{index}].{name}")
    key, now = request.headers.get("Idempotency-Key"), int(time.time())
    changed_record(SESSIONS, session_ref, lambda record: take_input(record, req["events"], key, now),
                   SessionNotFoundError)
    answer = Response(status=202)
    del answer.headers["Content-Type"]
    return answer


def live_events(path, record, client):
    """A session's live stream: its state first (`agent.session.idle`: the SDK's helper passes over the idle events
    a stream starts with), then the events made after it opened, as they come; it ends when the session is deleted,
    when the client closes it (client: its socket, watched, as nothing is written to it while the session is
    quiet), or LIVE_SECONDS after its last event (the API's stream stays open)."""
    yield named_sse_event(new_event("agent.session.idle", session=session_object(record)))
    seen, quiet_since = record.get("event_total", 0), time.monotonic()
    while time.monotonic() - quiet_since < LIVE_SECONDS:
        time.sleep(POLL_SECONDS)
        if wire.gone(client):
            return
        current = store.get_record(path, SESSIONS, record["id"])
        if current is None:
            return
        total = current.get("event_total", 0)
        if total > seen:
            kept = current.get("events", [])
            fresh = kept[max(len(kept) - (total - seen), 0):]
            seen, quiet_since = total, time.monotonic()
            yield b"".join(named_sse_event(event) for event in fresh)


@bp.get("/agents/sessions/<session_ref>/events")
def stream_events(session_ref):
    record = kept_record(SESSIONS, session_ref, SessionNotFoundError)
    client = wire.client_socket(request.environ)
    return Response(live_events(store_path(), record, client), content_type="text/event-stream")


def kept_turn(record, turn_ref):
    turn = next((turn for turn in record.get("turns", ()) if turn["id"] == turn_ref), None)
    if turn is None:
        raise TurnNotFoundError(turn_ref)  # one of another session too (the SDK's docs)
    return turn


@bp.get("/agents/sessions/<session_ref>/turns")
def list_turns(session_ref):
    record = kept_record(SESSIONS, session_ref, SessionNotFoundError)
    return page(record.get("turns", []), "desc", has_more_before_last=True)


@bp.get("/agents/sessions/<session_ref>/turns/<turn_ref>")
def retrieve_turn(session_ref, turn_ref):
    return indented(kept_turn(kept_record(SESSIONS, session_ref, SessionNotFoundError), turn_ref))


@bp.get("/agents/sessions/<session_ref>/turns/<turn_ref>/items")
def list_turn_items(session_ref, turn_ref):
    record = kept_record(SESSIONS, session_ref, SessionNotFoundError)
    kept_turn(record, turn_ref)
    return page([item for item in record.get("items", ()) if item["turn_id"] == turn_ref], "desc",
                has_more_before_last=True)


@bp.get("/agents/sessions/<session_ref>/subagents")
@bp.get("/agents/sessions/<session_ref>/artifacts")
def list_nothing(session_ref):
    """A session's subagents and artifacts: fauxpen's agent opens no subagent and writes no file to publish."""
    kept_record(SESSIONS, session_ref, SessionNotFoundError)
    return page([], "desc", has_more_before_last=True)


@bp.get("/agents/sessions/<session_ref>/subagents/<subagent_ref>")
@bp.get("/agents/sessions/<session_ref>/subagents/<subagent_ref>/items")
@bp.get("/agents/sessions/<session_ref>/subagents/<subagent_ref>/turns")
@bp.get("/agents/sessions/<session_ref>/subagents/<subagent_ref>/turns/<turn_ref>")
@bp.get("/agents/sessions/<session_ref>/subagents/<subagent_ref>/turns/<turn_ref>/items")
def no_subagent(session_ref, subagent_ref, turn_ref=None):
    kept_record(SESSIONS, session_ref, SessionNotFoundError)
    raise NotFoundError("Subagent", subagent_ref)  # guessed


@bp.get("/agents/sessions/<session_ref>/artifacts/<artifact_ref>")
@bp.get("/agents/sessions/<session_ref>/artifacts/<artifact_ref>/content")
@bp.delete("/agents/sessions/<session_ref>/artifacts/<artifact_ref>")
def no_artifact(session_ref, artifact_ref):
    kept_record(SESSIONS, session_ref, SessionNotFoundError)
    raise NotFoundError("Artifact", artifact_ref)  # guessed


@bp.get("/agents/sessions/<session_ref>/items")
def list_items(session_ref):
    record = kept_record(SESSIONS, session_ref, SessionNotFoundError)
    return page(record.get("items", []), "desc", has_more_before_last=True)


class AgentNotFoundError(NotFoundError):
    def __init__(self, ref):
        super().__init__("Agent", ref)


def saved_agent_object(record):
    """A saved agent: its id, object and times first, then the settings in a session's order (recorded), its
    metadata after its name, and the compaction and experimental settings in effect (the SDK's; the order a
    guess)."""
    settings = agent_object(record["config"], record["id"], saved=True)
    return {"id": record["id"], "object": "agent", "created_at": record["created_at"],
            "updated_at": record["updated_at"], "name": settings.pop("name"), "metadata": record["metadata"],
            **{key: value for key, value in settings.items() if key != "id"},
            "compaction": {"async": False},  # always blocking (the SDK's docs)
            "experimental": {"time_awareness": bool((record["config"].get("experimental") or {}).get(
                "time_awareness"))}}


def checked_agent(config):
    """Refuse a saved agent's settings fauxpen cannot serve or the SDK rules out."""
    if any(tool["type"] == "mcp" for tool in config.get("tools") or ()):
        raise not_served("tools")
    fmt = (config.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_schema" and "schema" not in fmt:
        raise missing_parameter("text.format.schema")


@bp.post("/agents")
def create_agent():
    req = load(saved_agent_request, wire.json_body())
    if not req.get("model"):
        raise missing_parameter("model")
    config = {key: value for key, value in req.items() if key != "metadata"}
    checked_agent(config)
    now = int(time.time())
    record = {"id": "agent_" + ids.random_hex(25), "created_at": now, "updated_at": now,
              "metadata": req.get("metadata") or {}, "config": config}
    store.save_record(store_path(), AGENTS, record["id"], record)
    return indented(saved_agent_object(record), 201)  # as a session's create (recorded)


@bp.get("/agents")
def list_agents():
    return page([saved_agent_object(record) for record in store.record_listing(store_path(), AGENTS)], "desc",
                has_more_before_last=True)


@bp.route("/agents/automations", methods=("GET", "POST", "DELETE"))
@bp.route("/agents/environments", methods=("GET", "POST", "DELETE"))
def not_served_collection():
    """The SDK's automations and environments (openai 3.63: `/agents/automations`, `/agents/environments`), not
    served: answered as any path fauxpen does not serve (Invalid URL), not as a saved agent of that id, which
    retrieve and update took them for ("Agent with id 'environments' not found.")."""
    raise NotFound()


@bp.get("/agents/<agent_ref>")
def retrieve_agent(agent_ref):
    return indented(saved_agent_object(kept_record(AGENTS, agent_ref, AgentNotFoundError)))


@bp.post("/agents/<agent_ref>")
def update_agent(agent_ref):
    """Change the fields sent (null clears one; experimental merged by key: the SDK's docs)."""
    req = load(saved_agent_request, wire.json_body())
    now = int(time.time())

    def change(record):
        config = {**record["config"], **{key: value for key, value in req.items() if key != "metadata"}}
        if "experimental" in req:
            config["experimental"] = {**(record["config"].get("experimental") or {}), **req["experimental"]}
        checked_agent(config)
        record["config"], record["updated_at"] = config, now
        if "metadata" in req:
            record["metadata"] = req["metadata"] or {}
        return saved_agent_object(record)

    return indented(changed_record(AGENTS, agent_ref, change, AgentNotFoundError))


@bp.delete("/agents/<agent_ref>")
def delete_agent(agent_ref):
    forgotten_record(AGENTS, agent_ref, AgentNotFoundError)
    return indented({"id": agent_ref, "object": "agent.deleted", "deleted": True})
