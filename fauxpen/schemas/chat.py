"""The chat completion request, as marshmallow schemas."""
from marshmallow import EXCLUDE, Schema, ValidationError, pre_load, validates_schema

from . import fields as f
from .fields import Problem
from .tools import FunctionCall, Functions, ResponseFormat, ToolChoice, Tools, check_tool_rules


class StreamOptions(Schema):
    class Meta:
        unknown = EXCLUDE

    include_usage = f.Boolean(allow_none=True)
    include_obfuscation = f.Boolean(allow_none=True)


class ChatCompletionRequest(Schema):
    """POST /v1/chat/completions."""

    class Meta:
        unknown = EXCLUDE

    model = f.String(required=True)
    messages = f.Strict(types=(list,), expected="an array", required=True)
    frequency_penalty = f.Decimal(minimum=-2, maximum=2, allow_none=True)
    presence_penalty = f.Decimal(minimum=-2, maximum=2, allow_none=True)
    temperature = f.Decimal(minimum=0, maximum=2, allow_none=True)
    top_p = f.Decimal(minimum=0, maximum=1, allow_none=True)
    n = f.Integer(minimum=1, maximum=128, allow_none=True)
    max_tokens = f.Integer(minimum=1, allow_none=True)
    max_completion_tokens = f.Integer(minimum=1, allow_none=True)
    seed = f.Integer(allow_none=True)
    logprobs = f.Boolean(allow_none=True)
    top_logprobs = f.Integer(minimum=0, maximum=20, allow_none=True)
    stream = f.Boolean(allow_none=True)
    stream_options = f.Object(allow_none=True)
    stop = f.Strict(types=(str, list), expected="one of a string or array of strings", allow_none=True)
    store = f.Boolean(allow_none=True)
    metadata = f.Object(expected="a metadata object", allow_none=True)
    user = f.String(allow_none=True)
    logit_bias = f.Object(allow_none=True)
    service_tier = f.Enum(["auto", "default"], allow_none=True)
    modalities = f.Strict(types=(list,), expected="an array", allow_none=True)
    audio = f.Object(allow_none=True)
    response_format = ResponseFormat(allow_none=True)
    prediction = f.Object(allow_none=True)
    tools = Tools(allow_none=True)
    tool_choice = ToolChoice(allow_none=True)
    parallel_tool_calls = f.Boolean(allow_none=True)
    functions = Functions(allow_none=True)
    function_call = FunctionCall(allow_none=True)
    reasoning_effort = f.String(allow_none=True)

    @pre_load
    def reject_unknown(self, data, **kwargs):
        """Refuse arguments the API does not know, as the real API words it."""
        if not isinstance(data, dict):
            return data
        for key in data:
            if key not in self.fields:
                raise ValidationError({key: [Problem(f"Unrecognized request argument supplied: {key}",
                                                     param=None)]})
        return data

    @validates_schema
    def tools_agree(self, data, **kwargs):
        """Check the rules that tie tools, tool_choice, messages and response_format together."""
        check_tool_rules(data)


chat_request = ChatCompletionRequest()
