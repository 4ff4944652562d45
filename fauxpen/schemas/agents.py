"""The Agents API's session requests (POST /v1/agents/sessions, and its input events: POST .../{id}/events), as
marshmallow schemas, from the SDK's types (openai 3.63) and the one capture of a session created streamed
(views/agents.py)."""
from marshmallow import ValidationError, post_load, validates_schema

from ..validation import MISSING
from . import fields as f
from .chat import Metadata

EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
TIERS = ("auto", "default", "flex", "priority", "fast", "ultrafast")


class Reasoning(f.Body):
    effort = f.Enum(EFFORTS, allow_none=True)
    summary = f.Enum(("concise", "detailed", "auto"), allow_none=True)


class TextFormat(f.Body):
    type = f.Enum(("text", "json_schema"), required=True)
    schema = f.Object()


class Text(f.Body):
    format = f.NestedObject(TextFormat, allow_none=True)
    verbosity = f.Enum(("low", "medium", "high"), allow_none=True)


class MultiAgent(f.Body):
    enabled = f.Boolean(required=True)
    max_concurrent_subagents = f.Integer(minimum=1, allow_none=True)


class Location(f.Body):
    """A web search tool's location (the SDK's, openai 3.63: each part a string or null; another key refused), where
    any object was taken and echoed as sent, a city of 5 in a session the SDK's types do not take."""

    city = f.String(allow_none=True)
    country = f.String(allow_none=True)
    region = f.String(allow_none=True)
    timezone = f.String(allow_none=True)


class Tool(f.Body):
    """A tool of the agent: each type's fields (the SDK's), not checked against its type beyond their kinds."""

    type = f.Enum(("function", "tool_search", "programmatic_tool_calling", "mcp", "web_search", "computer_use",
                   "automations"), required=True)
    name = f.String(allow_empty=False)
    description = f.String()
    parameters = f.Object()
    defer_loading = f.Boolean()
    enabled = f.Boolean()
    allowed_domains = f.Array(f.String(), allow_empty=True, allow_none=True)
    context_size = f.Enum(("low", "medium", "high"), allow_none=True)
    location = f.NestedObject(Location, allow_none=True)
    mode = f.Enum(("disabled", "cached", "live"), allow_none=True)
    include_screenshots = f.Boolean()
    server_label = f.String()
    transport = f.Object()
    allowed_tools = f.Array(f.String(), allow_empty=True, allow_none=True)
    connection_origin = f.Enum(("service", "environment"), allow_none=True)
    credential_id = f.String(allow_none=True)
    request_metadata = f.Object(allow_none=True)
    required = f.Boolean()
    locals()["async"] = f.Boolean()  # a function's (a keyword in Python)

    @validates_schema
    def function_fields(self, data, **kwargs):
        """A function's name, description and parameters are required (the SDK's `Required[str]`, openai 3.63, of a
        session's and a saved agent's tools, whose answer types require them back, description a string): one left
        out is refused, where a function without a description was shown with a null one the SDK's types do not
        take. Their order, and the wording (the API's usual), are guesses."""
        if data.get("type") == "function":
            for name in ("name", "description", "parameters"):
                if name not in data:
                    raise ValidationError({name: [MISSING]})


class Agent(f.Body):
    model = f.String(allow_empty=False)
    instructions = f.String(allow_none=True)
    reasoning = f.NestedObject(Reasoning, allow_none=True)
    text = f.NestedObject(Text, allow_none=True)
    service_tier = f.Enum(TIERS, allow_none=True)
    multi_agent = f.NestedObject(MultiAgent, allow_none=True)
    tools = f.Array(f.NestedObject(Tool), allow_empty=True, allow_none=True)
    compaction = f.Object(allow_none=True)
    experimental = f.Object()


class Network(f.Body):
    access = f.Enum(("enabled", "disabled", "restricted"), required=True)
    allowed_domains = f.Array(f.String(), allow_empty=True, allow_none=True)
    blocked_domains = f.Array(f.String(), allow_empty=True, allow_none=True)


class Packages(f.Body):
    npm = f.Array(f.String(), allow_empty=True, allow_none=True)
    python = f.Array(f.String(), allow_empty=True, allow_none=True)
    system = f.Array(f.String(), allow_empty=True, allow_none=True)


class Desktop(f.Body):
    enabled = f.Boolean(required=True)


class Environment(f.Body):
    type = f.Enum(("none", "openai_hosted", "self_hosted"), required=True)
    capability_directories = f.Array(f.String(), allow_empty=True, allow_none=True)
    container_size = f.Enum(("small", "medium", "large"))
    desktop = f.NestedObject(Desktop, allow_none=True)
    env = f.Object(allow_none=True)
    environment_id = f.String()
    environment_template_id = f.String()
    files = f.Array(f.Object(), allow_empty=True, allow_none=True)
    network = f.NestedObject(Network, allow_none=True)
    packages = f.NestedObject(Packages, allow_none=True)
    plugins = f.Array(f.Object(), allow_empty=True, allow_none=True)
    setup_commands = f.Array(f.Object(), allow_empty=True, allow_none=True)
    skills = f.Array(f.Object(), allow_empty=True, allow_none=True)
    workspace_directory = f.String()


class Content(f.Body):
    """A part of a user's message: text or an image (the SDK's InputContentParam)."""

    type = f.Enum(("input_text", "input_image"), required=True)
    text = f.String()
    image_url = f.String()

    @post_load
    def require_its_value(self, data, **kwargs):
        name = "text" if data["type"] == "input_text" else "image_url"
        if name not in data:
            raise ValidationError({name: [f.Problem("Missing required parameter: '{param}'.",
                                                    code="missing_required_parameter")]})
        return data


class Message(f.Body):
    type = f.Enum(("message",))
    role = f.Enum(("user",), required=True)
    content = f.Array(f.NestedObject(Content), required=True)


class Input(f.Strict):
    """A string (one user message) or an array of user messages."""

    expected = "a string or an array"
    types = (str, list)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, list):
            f.Array(f.NestedObject(Message)).deserialize(value, attr, data)
        return value


class SpendControl(f.Body):
    limit = f.Integer(minimum=1, required=True, allow_none=True)


class PromptCache(f.Body):
    ttl = f.Enum(("30m", "12h"))


class StreamOptions(f.Body):
    include_obfuscation = f.Boolean()


class SavedAgent(Agent):
    """POST /v1/agents (its model required, by the view), and POST /v1/agents/{id} (each field left out kept)."""

    name = f.String(allow_none=True)
    metadata = Metadata(allow_none=True)


class SessionRequest(f.Body):
    """POST /v1/agents/sessions."""

    environment = f.NestedObject(Environment, required=True)
    agent = f.NestedObject(Agent)
    agent_id = f.String(allow_empty=False)
    input = Input(allow_none=True)
    metadata = Metadata(allow_none=True)
    prompt_cache_options = f.NestedObject(PromptCache, allow_none=True)
    review = f.Enum(("none", "auto_review"))
    spend_control = f.NestedObject(SpendControl, allow_none=True)
    stream = f.Boolean()
    stream_options = f.NestedObject(StreamOptions)
    vault_ids = f.Array(f.String(), allow_empty=True, allow_none=True)


session_request = SessionRequest()
saved_agent_request = SavedAgent()


class Effort(f.Body):
    effort = f.Enum(EFFORTS, allow_none=True)


class AgentChange(f.Body):
    model = f.String(allow_empty=False)
    reasoning = f.NestedObject(Effort)
    service_tier = f.Enum(TIERS, allow_none=True)
    tools = f.Array(f.NestedObject(Tool), allow_empty=True, allow_none=True)


class SessionUpdate(f.Body):
    """POST /v1/agents/sessions/{id}: each field left out kept."""

    agent = f.NestedObject(AgentChange)
    metadata = Metadata(allow_none=True)
    prompt_cache_options = f.NestedObject(PromptCache, allow_none=True)
    review = f.Enum(("none", "auto_review"))
    spend_control = f.NestedObject(SpendControl, allow_none=True)
    vault_ids = f.Array(f.String(), allow_empty=True, allow_none=True)


session_update = SessionUpdate()


INPUT_EVENTS = ("agent.session.input.mcp_approval_request_result",
                "agent.session.input.computer_use_approval_request_result", "agent.session.input.message",
                "agent.session.input.cancel", "agent.session.input.tool_result")


class FunctionOutput(f.Strict):
    """A function's result: a string or an array of input content."""

    expected = "a string or an array"
    types = (str, list)


class InputEvent(f.Body):
    """An input event: each type's fields (the SDK's), the ones a type requires checked by the view."""

    type = f.Enum(INPUT_EVENTS, required=True)
    input = f.Array(f.NestedObject(Message))
    call_id = f.String(allow_empty=False)
    success = f.Boolean()
    turn_id = f.String(allow_empty=False)
    error = f.String(allow_none=True)
    output = FunctionOutput(allow_none=True)
    request_id = f.String(allow_empty=False)
    response = f.Object()


class EventsRequest(f.Body):
    """POST /v1/agents/sessions/{id}/events."""

    events = f.Array(f.NestedObject(InputEvent), required=True)


events_request = EventsRequest()
