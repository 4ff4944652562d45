"""The Agents API's sessions: /v1/agents/sessions, as recorded (a streamed create, October 2026) and typed by the
SDK (openai 3.63)."""
import asyncio
import base64
import json
import re

import openai
import pytest
from pydantic import BaseModel, TypeAdapter

from openai.types.beta.agent import Agent as SavedAgent
from openai.types.beta.agent_session import AgentSession
from openai.types.beta.agent_session_event import AgentSessionEvent
from openai.types.beta.agent_session_item import AgentSessionItem
from openai.types.beta.agents.sessions.turn import Turn

SESSION_ID = re.compile(r"sess_([0-9a-f]{16}00)[0-9a-f]{8}[0-9a-f]{4}8194[0-9a-f]{16}")
HEX50 = r"[0-9a-f]{50}"
# braintrust-sdk-python's cassette test_openai_agents_session_stream[sync] (gpt-6-astra, 2026-10-05): the request.
RECORDED = {"stream": True, "environment": {"type": "openai_hosted"},
            "agent": {"model": "gpt-6-astra",
                      "instructions": "Run the requested command, then answer with only its output."},
            "input": "Run `printf 24` in the terminal."}
# Its events' types in order, but the command's two (fauxpen runs none).
RECORDED_EVENTS = ["agent.session.created", "agent.session.turn.created", "agent.session.turn.item.added",
                   "agent.session.in_progress", "agent.session.turn.in_progress", "agent.session.environment.ready",
                   "agent.session.environment.connected", "agent.session.turn.item.added",
                   "agent.session.turn.content_part.added", "agent.session.turn.output_text.delta",
                   "agent.session.turn.output_text.done", "agent.session.turn.content_part.done",
                   "agent.session.turn.item.done", "agent.session.turn.completed", "agent.session.idle"]
EVENT = TypeAdapter(AgentSessionEvent)
ITEM = TypeAdapter(AgentSessionItem)
# A turn's events after the session's first: the recorded ones but the session's creation and the environment's.
TURN_EVENTS = [kind for kind in RECORDED_EVENTS
               if kind not in ("agent.session.created", "agent.session.environment.ready",
                               "agent.session.environment.connected")]
MESSAGE = {"type": "agent.session.input.message",
           "input": [{"role": "user", "content": [{"type": "input_text", "text": "again"}]}]}


def events_of(response):
    text = response.get_data(as_text=True)
    blocks = text.split("\n\n")
    assert blocks[-1] == ""
    found = []
    for block in blocks[:-1]:
        name, data = block.split("\n")
        event = json.loads(data[len("data: "):])
        assert name == "event: " + event["type"] and data == "data: " + json.dumps(event, separators=(",", ":"))
        found.append(event)
    return found


def create(client, **body):
    return client.post("/v1/agents/sessions", json={"environment": {"type": "none"}, "agent": {"model": "gpt-6-astra"},
                                                    "input": "hi", **body})


def test_a_streamed_session_is_answered_as_recorded(client):
    response = client.post("/v1/agents/sessions", json=RECORDED, headers={"OpenAI-Beta": "agents=v1"})
    assert response.status_code == 201 and response.headers["Content-Type"] == "text/event-stream"
    assert "x-ratelimit-limit-requests" not in response.headers
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["x-openai-proxy-wasm"] == "v0.1"
    events = events_of(response)
    assert [event["type"] for event in events] == RECORDED_EVENTS
    for event in events:
        EVENT.validate_python(event)
        assert re.fullmatch("evt_" + HEX50, event["event_id"])
    session = events[0]["session"]
    assert list(session)[:12] == ["metadata", "id", "object", "created_at", "last_active_at", "status",
                                  "required_actions", "error", "agent", "environment", "vault_ids", "usage"]
    shared = SESSION_ID.fullmatch(session["id"]).group(1)
    assert session["status"] == "idle" and events[3]["session"]["status"] == "in_progress"
    assert session["agent"] == {"id": session["agent"]["id"], "name": None, "model": "gpt-6-astra",
                                "reasoning": {"effort": "medium", "summary": None},
                                "text": {"format": {"type": "text"}, "verbosity": "medium"}, "service_tier": "auto",
                                "instructions": RECORDED["agent"]["instructions"], "tools": [],
                                "multi_agent": {"enabled": False, "max_concurrent_subagents": None}}
    assert re.fullmatch("agent_" + HEX50, session["agent"]["id"])
    env = session["environment"]
    assert env == {"type": "openai_hosted", "id": env["id"], "container_size": "medium",
                   "packages": {"python": [], "system": [], "npm": []},
                   "network": {"access": "enabled", "allowed_domains": []}, "desktop": {"enabled": False},
                   "capability_directories": [], "skills": [], "plugins": [], "files": []}
    inner = base64.urlsafe_b64decode(env["id"][len("ccarenv_b64_"):] + "==").decode()
    assert re.fullmatch(r"ccarenv_[0-9a-f]{12}8191[0-9a-f]{16}", inner)
    turn = events[1]["turn"]
    assert turn["id"].startswith("turn_" + shared) and turn["status"] == "queued" and turn["started_at"] is None
    user = events[2]
    assert user["output_index"] is None and user["item"]["content"] == [{"type": "input_text",
                                                                          "text": RECORDED["input"]}]
    assert events[5]["environment"] == {"id": env["id"], "type": "openai_hosted", "status": "ready", "error": None}
    answer = events[12]["item"]
    assert list(answer) == ["type", "id", "turn_id", "role", "status", "content", "phase"]
    assert list(events[7]["item"]) == ["type", "id", "turn_id", "role", "content", "status", "phase"]
    assert answer["content"] == [{"type": "output_text", "text": "Hello! How can I assist you today?"}]
    assert re.fullmatch(r"msg_[0-9a-f]{16}01[0-9a-f]{12}87d1[0-9a-f]{16}", answer["id"])
    assert events[13]["turn"]["status"] == "completed" and events[13]["usage"] is None


def test_a_session_not_streamed_is_the_created_one_and_is_kept(client):
    response = create(client, metadata={"k": "v"})
    assert response.status_code == 201
    session = response.get_json()
    AgentSession.model_validate(session)
    assert session["status"] == "idle" and session["environment"] == {"type": "none"}
    assert session["metadata"] == {"k": "v"}
    assert client.get(f"/v1/agents/sessions/{session['id']}").get_json() == session
    other = create(client).get_json()
    listed = client.get("/v1/agents/sessions").get_json()
    assert [s["id"] for s in listed["data"][:2]] == [other["id"], session["id"]]
    assert list(listed) == ["object", "data", "first_id", "has_more", "last_id"]
    assert [s["id"] for s in client.get("/v1/agents/sessions?metadata[k]=v").get_json()["data"]] == [session["id"]]
    by_agent = client.get(f"/v1/agents/sessions?agent_id={other['agent']['id']}").get_json()["data"]
    assert [s["id"] for s in by_agent] == [other["id"]]
    deleted = client.delete(f"/v1/agents/sessions/{session['id']}")
    assert deleted.get_json() == {"id": session["id"], "object": "agent.session.deleted", "deleted": True}
    gone = client.get(f"/v1/agents/sessions/{session['id']}")
    assert gone.status_code == 404
    assert gone.get_json()["error"]["message"] == f"Session with id '{session['id']}' not found."


@pytest.mark.parametrize("left_out", ["name", "description", "parameters"])
def test_a_function_tool_needs_its_name_description_and_parameters(client, left_out):
    """The SDK requires them of a session's and a saved agent's function tools (openai 3.63), and its answer types
    require them back (a description a string): refused when left out, as any missing parameter is."""
    function = {k: v for k, v in {"type": "function", "name": "f", "description": "d",
                                  "parameters": {"type": "object"}}.items() if k != left_out}
    refused = create(client, agent={"model": "gpt-6-astra", "tools": [{"type": "web_search"}, function]})
    assert (refused.status_code, refused.get_json()["error"]) == (400, {
        "message": f"Missing required parameter: 'agent.tools[1].{left_out}'.", "type": "invalid_request_error",
        "param": f"agent.tools[1].{left_out}", "code": "missing_required_parameter"})
    saved = client.post("/v1/agents", json={"model": "gpt-6-astra", "tools": [function]})
    assert saved.get_json()["error"]["param"] == f"tools[0].{left_out}"


def test_a_web_search_location_is_the_sdks(client):
    """A web search tool's location has a city, country, region and timezone, each a string or null (the SDK's);
    it is echoed as sent, and another key or type refused in the API's usual words."""
    where = {"city": "Paris", "country": "FR", "region": None}
    session = create(client, agent={"model": "gpt-6-astra", "tools": [{"type": "web_search", "location": where}]})
    assert session.get_json()["agent"]["tools"][0]["location"] == where
    for location, message in [({"city": 5}, "Invalid type for 'agent.tools[0].location.city': expected a string, but "
                                            "got an integer instead."),
                              ({"planet": "Mars"}, "Unknown parameter: 'agent.tools[0].location.planet'.")]:
        tools = [{"type": "web_search", "location": location}]
        refused = create(client, agent={"model": "gpt-6-astra", "tools": tools})
        assert (refused.status_code, refused.get_json()["error"]["message"]) == (400, message)


def test_a_session_and_a_saved_agent_are_the_sdks_types_strictly(client):
    tools = [{"type": "function", "name": "f", "description": "d", "parameters": {"type": "object"}},
             {"type": "web_search", "location": {"city": "Paris"}}, {"type": "computer_use"}]
    session = create(client, agent={"model": "gpt-6-astra", "tools": tools}).get_json()
    AgentSession.model_validate(session, strict=True)
    saved = client.post("/v1/agents", json={"model": "gpt-6-astra", "tools": tools + [{"type": "tool_search"}]})
    SavedAgent.model_validate(saved.get_json(), strict=True)


def test_the_agent_settings_are_echoed_with_their_defaults(client):
    tools = [{"type": "function", "name": "f", "description": "d", "parameters": {"type": "object"}},
             {"type": "web_search"}, {"type": "tool_search"}, {"type": "computer_use"},
             {"type": "programmatic_tool_calling"}, {"type": "automations"}]
    session = create(client, agent={"model": "gpt-6-astra", "tools": tools, "reasoning": {"effort": "high"},
                                    "multi_agent": {"enabled": True}, "service_tier": "flex"},
                     review="auto_review", spend_control={"limit": 500}).get_json()
    AgentSession.model_validate(session)
    agent = session["agent"]
    assert [tool["type"] for tool in agent["tools"]] == ["function", "web_search", "computer_use",
                                                         "programmatic_tool_calling", "automations"]
    assert agent["tools"][0]["defer_loading"] is False and agent["tools"][1]["mode"] == "live"
    assert agent["reasoning"] == {"effort": "high", "summary": None} and agent["service_tier"] == "flex"
    assert agent["multi_agent"] == {"enabled": True, "max_concurrent_subagents": 6}
    assert session["review"] == "auto_review" and session["spend_control"] == {"consumed": 0, "limit": 500}


@pytest.mark.parametrize("body, status, message, param", [
    ({"environment": None}, 400, "Invalid type for 'environment': expected an object, but got null instead.",
     "environment"),
    ({"agent": {}}, 400, "Missing required parameter: 'agent.model'.", "agent.model"),
    ({"input": None}, 400, "Missing required parameter: 'input'.", "input"),
    ({"environment": {"type": "openai_hosted"}, "input": None, "stream": True}, 400,
     "Missing required parameter: 'input'.", "input"),
    ({"environment": {"type": "x"}}, 400,
     "Invalid value: 'x'. Supported values are: 'none', 'openai_hosted', and 'self_hosted'.", "environment.type"),
    ({"agent": {"model": "m", "text": {"format": {"type": "json_schema"}}}}, 400,
     "Missing required parameter: 'agent.text.format.schema'.", "agent.text.format.schema"),
    ({"agent_id": "agent_1"}, 404, "Agent with id 'agent_1' not found.", "agent_id"),
    ({"vault_ids": ["vault_1"]}, 404, "Vault with id 'vault_1' not found.", "vault_ids"),
    ({"stream_options": {}}, 400, "Invalid 'stream_options': only allowed when 'stream' is true.", "stream_options"),
    ({"agent": {"model": "m", "x": 1}}, 400, "Unknown parameter: 'agent.x'.", "agent.x"),
    # A message's parts as the SDK types them (a text that was not a string was a 500).
    ({"input": [{"role": "user", "content": [{"type": "input_text", "text": 5}]}]}, 400,
     "Invalid type for 'input[0].content[0].text': expected a string, but got an integer instead.",
     "input[0].content[0].text"),
    ({"input": [{"role": "user", "content": [{"type": "input_image"}]}]}, 400,
     "Missing required parameter: 'input[0].content[0].image_url'.", "input[0].content[0].image_url"),
    ({"input": [{"role": "user", "content": [{"type": "input_file"}]}]}, 400,
     "Invalid value: 'input_file'. Supported values are: 'input_text' and 'input_image'.",
     "input[0].content[0].type"),
])
def test_a_session_is_refused(client, body, status, message, param):
    response = create(client, **body)
    error = response.get_json()["error"]
    assert (response.status_code, error["message"], error["param"]) == (status, message, param)


def test_a_session_has_no_subagents_nor_artifacts_and_its_traces_are_not_served(client):
    session = create(client).get_json()
    base = f"/v1/agents/sessions/{session['id']}"
    for kind in ("subagents", "artifacts"):
        assert client.get(f"{base}/{kind}").get_json() == {"object": "list", "data": [], "first_id": None,
                                                           "has_more": False, "last_id": None}
    for path, message in (("subagents/sub_1/turns", "Subagent with id 'sub_1' not found."),
                          ("artifacts/art_1/content", "Artifact with id 'art_1' not found.")):
        response = client.get(f"{base}/{path}")
        assert (response.status_code, response.get_json()["error"]["message"]) == (404, message)
    response = client.get(f"{base}/traces")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == f"Invalid URL (GET /v1/agents/sessions/{session['id']}/traces)"


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize("path", ["/v1/agents/automations", "/v1/agents/environments"])
def test_the_automations_and_environments_are_not_served_nor_taken_for_a_saved_agent(client, path, method):
    response = client.open(path, method=method, json={"name": "x"} if method == "POST" else None)
    assert response.status_code == 404
    assert response.get_json()["error"] == {"message": f"Invalid URL ({method} {path})",
                                            "type": "invalid_request_error", "param": None, "code": None}


def test_the_sdk_finds_no_automations_nor_environments(sdk):
    for listing in (sdk.beta.agents.automations.list, sdk.beta.agents.environments.list):
        with pytest.raises(openai.NotFoundError, match="Invalid URL"):
            listing()


def test_the_sdk_creates_streams_retrieves_lists_and_deletes_sessions(sdk):
    sessions = sdk.beta.agents.sessions
    session = sessions.create(environment={"type": "openai_hosted"}, agent={"model": "gpt-6-astra"}, input="hi")
    assert session.status == "idle" and session.environment.type == "openai_hosted"
    events = list(sessions.create(environment={"type": "openai_hosted"}, agent={"model": "gpt-6-astra"},
                                  input="hi", stream=True))
    assert [event.type for event in events] == RECORDED_EVENTS
    assert sessions.retrieve(session.id).id == session.id
    assert session.id in [s.id for s in sessions.list()]
    assert sessions.delete(session.id).deleted is True
    with pytest.raises(openai.NotFoundError):
        sessions.retrieve(session.id)


def test_the_sdk_parses_a_structured_answer(sdk):
    class Answer(BaseModel):
        answer: str

    stream = sdk.beta.agents.sessions.create(environment={"type": "none"}, agent={"model": "gpt-6-astra"},
                                             input="hi", stream=True, output_type=Answer)
    assert isinstance(stream.get_final_result().output_parsed, Answer)


def parsed_events(chunk):
    found = []
    for block in chunk.decode().split("\n\n")[:-1]:
        name, data = block.split("\n")
        event = json.loads(data[len("data: "):])
        assert name == "event: " + event["type"]
        EVENT.validate_python(event)
        found.append(event)
    return found


def test_a_session_created_with_input_keeps_its_turn_and_items(client):
    session = create(client, input="hi").get_json()
    base = f"/v1/agents/sessions/{session['id']}"
    turns = client.get(base + "/turns").get_json()
    assert list(turns) == ["object", "data", "first_id", "has_more", "last_id"] and turns["has_more"] is False
    [turn] = turns["data"]
    Turn.model_validate(turn)
    assert list(turn) == ["id", "object", "session_id", "agent_id", "subagent_id", "status", "created_at",
                          "started_at", "completed_at", "error", "usage"]
    assert turn["status"] == "completed" and turn["session_id"] == session["id"]
    assert turn["agent_id"] == session["agent"]["id"] and turn["usage"] is None
    assert turn["id"].startswith("turn_" + SESSION_ID.fullmatch(session["id"]).group(1))
    assert client.get(f"{base}/turns/{turn['id']}").get_json() == turn
    items = client.get(f"{base}/turns/{turn['id']}/items").get_json()
    assert list(items) == ["object", "data", "first_id", "has_more", "last_id"]
    answer, user = items["data"]  # newest first
    for item in (answer, user):
        ITEM.validate_python(item)
    assert user == {"type": "message", "id": user["id"], "turn_id": turn["id"], "role": "user",
                    "content": [{"type": "input_text", "text": "hi"}], "status": "completed", "phase": None}
    assert list(answer) == ["type", "id", "turn_id", "role", "status", "content", "phase"]
    assert answer["content"] == [{"type": "output_text", "text": "Hello! How can I assist you today?"}]
    assert client.get(base + "/items").get_json()["data"] == items["data"]
    assert client.get(base + "/items?order=asc&limit=1").get_json()["data"] == [user]


def test_an_input_message_runs_a_turn_seen_on_the_live_stream(client):
    session = create(client, environment={"type": "openai_hosted"}, input=None).get_json()
    base = f"/v1/agents/sessions/{session['id']}"
    stream = client.get(base + "/events", buffered=False)
    assert stream.status_code == 200 and stream.headers["Content-Type"] == "text/event-stream"
    chunks = iter(stream.response)
    [idle] = parsed_events(next(chunks))
    assert idle["type"] == "agent.session.idle" and idle["session"] == session
    taken = client.post(base + "/events", json={"events": [MESSAGE]}, headers={"Idempotency-Key": "k1"})
    assert taken.status_code == 202 and taken.get_data() == b"" and "Content-Type" not in taken.headers
    events = parsed_events(next(chunks))
    # A hosted environment is made ready and connected by the session's first turn.
    assert [event["type"] for event in events] == [kind for kind in RECORDED_EVENTS
                                                   if kind != "agent.session.created"]
    assert events[1]["item"]["content"] == MESSAGE["input"][0]["content"]
    again = client.post(base + "/events", json={"events": [MESSAGE]}, headers={"Idempotency-Key": "k1"})
    assert again.status_code == 202  # a retry: no second turn
    client.post(base + "/events", json={"events": [MESSAGE, {"type": "agent.session.input.cancel"}]})
    assert [event["type"] for event in parsed_events(next(chunks))] == TURN_EVENTS
    stream.close()
    turns = client.get(base + "/turns").get_json()["data"]
    assert len(turns) == 2 and turns[1]["id"] == events[0]["turn_id"]
    assert client.get(base + f"/turns?order=asc&after={turns[1]['id']}").get_json()["data"] == [turns[0]]
    assert client.get(base + f"/turns/{turns[0]['id']}/items").get_json()["first_id"] != events[1]["item"]["id"]


def test_a_deleted_session_ends_its_live_stream(client):
    session = create(client).get_json()
    stream = client.get(f"/v1/agents/sessions/{session['id']}/events", buffered=False)
    chunks = iter(stream.response)
    next(chunks)
    client.delete(f"/v1/agents/sessions/{session['id']}")
    assert list(chunks) == []


@pytest.mark.parametrize("body, status, message, param", [
    ({}, 400, "Missing required parameter: 'events'.", "events"),
    ({"events": [{"type": "agent.session.input.message"}]}, 400,
     "Missing required parameter: 'events[0].input'.", "events[0].input"),
    ({"events": [{"type": "x"}]}, 400, "Invalid value: 'x'. Supported values are: "
     "'agent.session.input.mcp_approval_request_result', 'agent.session.input.computer_use_approval_request_result', "
     "'agent.session.input.message', 'agent.session.input.cancel', and 'agent.session.input.tool_result'.",
     "events[0].type"),
    ({"events": [MESSAGE, {"type": "agent.session.input.tool_result", "call_id": "c", "success": True,
                           "turn_id": "turn_1"}]}, 404, "Turn with id 'turn_1' not found.", "events[1].turn_id"),
    ({"events": [{"type": "agent.session.input.mcp_approval_request_result", "request_id": "r",
                  "response": {"type": "mcp_tool_call", "decision": "approve"}}]}, 404,
     "Approval request with id 'r' not found.", "events[0].request_id"),
    ({"events": [{"type": "agent.session.input.cancel", "x": 1}]}, 400, "Unknown parameter: 'events[0].x'.",
     "events[0].x"),
    ({"events": [{"type": "agent.session.input.message", "input": [{"role": "user", "content": [
        {"type": "input_text"}]}]}]}, 400, "Missing required parameter: 'events[0].input[0].content[0].text'.",
     "events[0].input[0].content[0].text"),
])
def test_input_events_are_refused(client, body, status, message, param):
    session = create(client, environment={"type": "openai_hosted"}, input=None).get_json()
    response = client.post(f"/v1/agents/sessions/{session['id']}/events", json=body)
    error = response.get_json()["error"]
    assert (response.status_code, error["message"], error["param"]) == (status, message, param)
    assert client.get(f"/v1/agents/sessions/{session['id']}/turns").get_json()["data"] == []  # nothing taken


def test_unknown_sessions_and_turns_are_not_found(client):
    session, other = create(client).get_json(), create(client).get_json()
    turn = client.get(f"/v1/agents/sessions/{other['id']}/turns").get_json()["data"][0]
    for path in (f"{session['id']}/turns/{turn['id']}", f"{session['id']}/turns/{turn['id']}/items"):
        response = client.get("/v1/agents/sessions/" + path)
        assert response.status_code == 404
        assert response.get_json()["error"]["message"] == f"Turn with id '{turn['id']}' not found."
    for method, path in (("get", "turns"), ("get", "items"), ("get", "events"), ("post", "events")):
        response = getattr(client, method)("/v1/agents/sessions/sess_1/" + path, json={"events": [MESSAGE]})
        assert response.status_code == 404
        assert response.get_json()["error"]["message"] == "Session with id 'sess_1' not found."
    ref = turn["id"]
    result = client.post(f"/v1/agents/sessions/{other['id']}/events", json={"events": [
        {"type": "agent.session.input.tool_result", "call_id": "call_1", "success": True, "turn_id": ref}]})
    assert result.status_code == 400 and result.get_json()["error"] == {
        "message": "No function call with call_id 'call_1' is waiting for a result.", "type": "invalid_request_error",
        "param": "events[0].call_id", "code": None}


def test_the_sdk_streams_turns_and_reads_them_back(sdk):
    sessions = sdk.beta.agents.sessions
    session = sessions.create(environment={"type": "openai_hosted"}, agent={"model": "gpt-6-astra"})
    with sessions.stream(session.id, input="hi") as stream:
        result = stream.get_final_result()
    assert result.output_text == "Hello! How can I assist you today?"
    [turn] = sessions.turns.list(session.id).data
    assert turn.id == result.turn_id and turn.status == "completed"
    assert sessions.turns.retrieve(turn.id, session_id=session.id) == turn
    assert [item.role for item in sessions.turns.items.list(turn.id, session_id=session.id)] == ["assistant", "user"]
    sessions.events.create(session.id, events=[MESSAGE])
    assert len(sessions.items.list(session.id, order="asc").data) == 4
    assert len(list(sessions.turns.list(session.id, limit=1))) == 2  # paged through
    with pytest.raises(openai.NotFoundError):
        sessions.turns.retrieve("turn_1", session_id=session.id)


def test_a_saved_agent_is_created_read_changed_used_and_deleted(client):
    response = client.post("/v1/agents", json={"model": "gpt-6-astra", "name": "helper", "metadata": {"k": "v"},
                                               "tools": [{"type": "tool_search"}, {"type": "computer_use"}]})
    assert response.status_code == 201
    agent = response.get_json()
    SavedAgent.model_validate(agent)
    assert list(agent) == ["id", "object", "created_at", "updated_at", "name", "metadata", "model", "reasoning",
                           "text", "service_tier", "instructions", "tools", "multi_agent", "compaction",
                           "experimental"]
    assert re.fullmatch("agent_" + HEX50, agent["id"]) and agent["object"] == "agent"
    assert agent["tools"] == [{"type": "tool_search"}, {"type": "computer_use", "include_screenshots": False}]
    assert agent["compaction"] == {"async": False} and agent["experimental"] == {"time_awareness": False}
    path = f"/v1/agents/{agent['id']}"
    assert client.get(path).get_json() == agent
    changed = client.post(path, json={"name": None, "reasoning": {"effort": "low"},
                                      "experimental": {"time_awareness": True}}).get_json()
    assert changed["name"] is None and changed["reasoning"]["effort"] == "low" and changed["metadata"] == {"k": "v"}
    assert changed["experimental"] == {"time_awareness": True} and changed["tools"] == agent["tools"]
    assert client.get("/v1/agents").get_json()["data"][0] == changed
    # A session on it takes its settings, the request's over them; tool_search is not a session's tool.
    session = create(client, agent_id=agent["id"], agent={"instructions": "be brief"}).get_json()
    assert session["agent"]["id"] == agent["id"] and session["agent"]["instructions"] == "be brief"
    assert session["agent"]["reasoning"]["effort"] == "low" and [t["type"] for t in session["agent"]["tools"]] == [
        "computer_use"]
    assert client.delete(path).get_json() == {"id": agent["id"], "object": "agent.deleted", "deleted": True}
    gone = client.get(path)
    assert gone.status_code == 404
    assert gone.get_json()["error"]["message"] == f"Agent with id '{agent['id']}' not found."


@pytest.mark.parametrize("body, message, param", [
    ({}, "Missing required parameter: 'model'.", "model"),
    ({"model": "m", "bogus": 1}, "Unknown parameter: 'bogus'.", "bogus"),
    ({"model": "m", "text": {"format": {"type": "json_schema"}}}, "Missing required parameter: 'text.format.schema'.",
     "text.format.schema"),
    ({"model": "m", "service_tier": "x"}, "Invalid value: 'x'. Supported values are: 'auto', 'default', 'flex', "
     "'priority', 'fast', and 'ultrafast'.", "service_tier"),
])
def test_a_saved_agent_is_refused(client, body, message, param):
    response = client.post("/v1/agents", json=body)
    error = response.get_json()["error"]
    assert (response.status_code, error["message"], error["param"]) == (400, message, param)


def test_the_sdk_saves_agents(sdk):
    agents = sdk.beta.agents
    agent = agents.create(model="gpt-6-astra", name="helper")
    assert agents.retrieve(agent.id) == agent
    assert agents.update(agent.id, instructions="hi").instructions == "hi"
    assert agent.id in [found.id for found in agents.list()]
    session = agents.sessions.create(environment={"type": "none"}, agent_id=agent.id, input="hi")
    assert session.agent.id == agent.id and session.agent.name == "helper"
    assert [s.id for s in agents.sessions.list(agent_id=agent.id)] == [session.id]
    assert agents.delete(agent.id).deleted is True
    with pytest.raises(openai.NotFoundError):
        agents.retrieve(agent.id)


def test_a_session_is_changed(client):
    session = create(client, metadata={"k": "v"}, spend_control={"limit": 9}).get_json()
    path = f"/v1/agents/sessions/{session['id']}"
    changed = client.post(path, json={"agent": {"model": "gpt-6-luna", "reasoning": {"effort": "low"},
                                                "tools": [{"type": "web_search"}]},
                                      "metadata": None, "spend_control": None, "review": "auto_review"}).get_json()
    AgentSession.model_validate(changed)
    assert list(changed) == list(session) + ["review"]
    agent = changed["agent"]
    assert agent["model"] == "gpt-6-luna" and agent["reasoning"] == {"effort": "low", "summary": None}
    assert [tool["type"] for tool in agent["tools"]] == ["web_search"] and agent["service_tier"] == "auto"
    assert changed["metadata"] == {} and changed["spend_control"] == {"consumed": 0, "limit": None}
    assert client.get(path).get_json() == changed
    assert client.post(path, json={}).get_json() == changed  # what is left out is kept
    for body, status, message in (
            ({"vault_ids": ["vault_1"]}, 404, "Vault with id 'vault_1' not found."),
            ({"agent": {"model": ""}}, 400,
             "Invalid 'agent.model': empty string. Expected a string with minimum length 1, but got an empty string "
             "instead."),
            ({"agent": {"instructions": "x"}}, 400, "Unknown parameter: 'agent.instructions'.")):
        response = client.post(path, json=body)
        assert (response.status_code, response.get_json()["error"]["message"]) == (status, message)
    missing = client.post("/v1/agents/sessions/sess_1", json={})
    assert missing.status_code == 404 and missing.get_json()["error"]["message"] == (
        "Session with id 'sess_1' not found.")


def test_the_sdk_changes_a_session(sdk):
    sessions = sdk.beta.agents.sessions
    session = sessions.create(environment={"type": "none"}, agent={"model": "gpt-6-astra"}, input="hi")
    changed = sessions.update(session.id, metadata={"a": "b"}, agent={"service_tier": "flex"})
    assert changed.metadata == {"a": "b"} and changed.agent.service_tier == "flex"
    assert sessions.subagents.list(session.id).data == [] and sessions.artifacts.list(session.id).data == []
    with pytest.raises(openai.NotFoundError):
        sessions.subagents.retrieve("sub_1", session_id=session.id)


def test_the_async_sdk_streams_a_turn_with_a_tool_handler_left_unused(async_sdk):
    async def run():
        async with async_sdk as client:
            sessions = client.beta.agents.sessions
            session = await sessions.create(environment={"type": "openai_hosted"}, agent={"model": "gpt-6-astra"})
            async with sessions.stream(session.id, input="hi", tool_handlers={"f": lambda arguments: "x"}) as stream:
                result = await stream.get_final_result()
            return result, [turn async for turn in sessions.turns.list(session.id)]

    result, turns = asyncio.run(run())
    assert result.output_text == "Hello! How can I assist you today?" and [t.id for t in turns] == [result.turn_id]
