"""The Agents API's sessions: /v1/agents/sessions, as recorded (a streamed create, October 2026) and typed by the
SDK (openai 3.63)."""
import base64
import json
import re

import openai
import pytest
from pydantic import BaseModel, TypeAdapter

from openai.types.beta.agent_session import AgentSession
from openai.types.beta.agent_session_event import AgentSessionEvent

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
])
def test_a_session_is_refused(client, body, status, message, param):
    response = create(client, **body)
    error = response.get_json()["error"]
    assert (response.status_code, error["message"], error["param"]) == (status, message, param)


def test_the_routes_under_a_session_are_not_served(client):
    session = create(client).get_json()
    response = client.get(f"/v1/agents/sessions/{session['id']}/turns")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == f"Invalid URL (GET /v1/agents/sessions/{session['id']}/turns)"


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
