"""POST /v1/realtime/client_secrets, as marshmallow schemas: the GA session shapes of the SDK (late 2026), their
unknown keys refused at every level (`Unknown parameter: 'session.voice'.`, recorded for the beta's flat keys)."""
from marshmallow import ValidationError, validates_schema

from . import fields as f
from .fields import Problem

VOICES = ("alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar")
LOGPROBS = "item.input_audio_transcription.logprobs"


class AudioFormat(f.Body):
    """`{"type": "audio/pcm", "rate": 24000}`, or G.711 (`audio/pcmu`, `audio/pcma`)."""

    type = f.Enum(["audio/pcm", "audio/pcmu", "audio/pcma"], allow_none=True)
    rate = f.Integer(allow_none=True)

    @validates_schema
    def one_rate(self, data, **kwargs):
        """PCM at 24 kHz alone (the SDK's type; the wording is the API's for a value out of a list)."""
        if data.get("rate") not in (None, 24000):
            raise ValidationError({"rate": [Problem(f"Invalid value: {data['rate']}. Supported values are: 24000.",
                                                    code="invalid_value")]})


class Transcription(f.Body):
    """How the input audio is transcribed beside the session (the SDK's AudioTranscription)."""

    model = f.String(allow_none=True)
    language = f.String(allow_none=True)
    languages = f.Array(f.String(), allow_empty=True, allow_none=True)
    prompt = f.String(allow_none=True)
    delay = f.Enum(["minimal", "low", "medium", "high", "xhigh"], allow_none=True)
    keywords = f.Array(f.String(), allow_empty=True, allow_none=True)


class NoiseReduction(f.Body):
    type = f.Enum(["near_field", "far_field"], allow_none=True)
    strength = f.Decimal(allow_none=True)


SERVER_VAD_ONLY = ("threshold", "prefix_padding_ms", "silence_duration_ms", "idle_timeout_ms")


class TurnDetection(f.Body):
    """Server VAD (threshold, padding, silence, idle timeout) or semantic VAD (eagerness): each type's keys
    alone (the SDK's types)."""

    type = f.Enum(["server_vad", "semantic_vad"], required=True)
    threshold = f.Decimal(minimum=0, maximum=1, allow_none=True)
    prefix_padding_ms = f.Integer(allow_none=True)
    silence_duration_ms = f.Integer(allow_none=True)
    idle_timeout_ms = f.Integer(allow_none=True)
    eagerness = f.Enum(["low", "medium", "high", "auto"], allow_none=True)
    create_response = f.Boolean(allow_none=True)
    interrupt_response = f.Boolean(allow_none=True)

    @validates_schema(pass_original=True)
    def keys_of_its_type(self, data, original, **kwargs):
        other = ("eagerness",) if data["type"] == "server_vad" else SERVER_VAD_ONLY
        for key in other:
            if key in original:
                raise ValidationError({key: [Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]})


class AudioInput(f.Body):
    format = f.NestedObject(AudioFormat, allow_none=True)
    transcription = f.NestedObject(Transcription, allow_none=True)
    noise_reduction = f.NestedObject(NoiseReduction, allow_none=True)
    turn_detection = f.NestedObject(TurnDetection, allow_none=True)


class VoiceId(f.Body):
    id = f.String(required=True)


class AnyVoice(f.Strict):
    """A voice's name, or a custom voice as the SDK types it (`{"id": "voice_..."}`): chat's audio.voice."""

    expected = "one of a string or object"
    types = (str, dict)
    custom = VoiceId()

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, dict):
            self.custom.load(value)
        return value


class Voice(AnyVoice):
    """A built-in voice by name, or a custom one (`{"id": "voice_..."}`, or its id as a string)."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, str) and value not in VOICES and not value.startswith("voice_"):
            raise ValidationError(Problem(f"Invalid value: '{f.literal(value)}'. Supported values are: "
                                          f"{f.supported_values(VOICES)}.", code="invalid_value"))
        return value


class AudioOutput(f.Body):
    format = f.NestedObject(AudioFormat, allow_none=True)
    voice = Voice(allow_none=True)
    speed = f.Decimal(minimum=0.25, maximum=1.5, allow_none=True)


class Audio(f.Body):
    input = f.NestedObject(AudioInput, allow_none=True)
    output = f.NestedObject(AudioOutput, allow_none=True)


class TranscriptionAudio(f.Body):
    input = f.NestedObject(AudioInput, allow_none=True)


# A realtime session's prompt, reasoning, tools, tool choice, tracing and truncation, as the SDK types them (openai
# 3.63: RealtimeSessionCreateRequestParam's), each checked where it was taken as any object (or string) and echoed as
# sent, so that a prompt without its id, an effort of `huge` or a tool named 5 came back in a session the SDK's
# ClientSecretCreateResponse does not take. Unknown keys are refused, as at every level; the wordings are the API's
# usual (guessed: none was recorded).
class Prompt(f.Body):
    id = f.String(required=True)
    variables = f.Object(allow_none=True)
    version = f.String(allow_none=True)


class Reasoning(f.Body):
    effort = f.Enum(["minimal", "low", "medium", "high", "xhigh"], allow_none=True)


class FunctionTool(f.Body):
    type = f.Enum(["function", "mcp"], allow_none=True)
    name = f.String()
    description = f.String()
    parameters = f.Object()


class McpTool(f.Body):
    """An MCP server's tools: its label required, the rest as the SDK's Mcp param has them (not checked further)."""

    type = f.Enum(["mcp"], required=True)
    server_label = f.String(required=True)
    server_url = f.String()
    server_description = f.String()
    connector_id = f.String()
    authorization = f.String()
    headers = f.Object(allow_none=True)
    allowed_tools = f.Strict(types=(list, dict), expected="one of an array or object", allow_none=True)
    allowed_callers = f.Array(f.Enum(["direct", "programmatic"]), allow_empty=True, allow_none=True)
    require_approval = f.Strict(types=(str, dict), expected="one of a string or object", allow_none=True)
    defer_loading = f.Boolean()
    tunnel_id = f.String()


class RealtimeTool(f.Object):
    """A function tool (its type may be left out), or an MCP server's."""

    schemas = {"mcp": McpTool()}
    function = FunctionTool()

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        self.schemas.get(value.get("type"), self.function).load(value)
        return value


class ToolChoiceFunction(f.Body):
    type = f.Enum(["function"], required=True)
    name = f.String(required=True)


class ToolChoiceMcp(f.Body):
    type = f.Enum(["mcp"], required=True)
    server_label = f.String(required=True)
    name = f.String(allow_none=True)


class Choice(f.Strict):
    """A string of choices, or an object one of schemas (by its type; else the first) loads."""

    types = (str, dict)

    def __init__(self, choices, schemas, **kwargs):
        super().__init__(expected="one of a string or object", **kwargs)
        self.choices, self.schemas = choices, schemas

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(value, str):
            if value not in self.choices:
                raise ValidationError(Problem(f"Invalid value: '{f.literal(value)}'. Supported values are: "
                                              f"{f.supported_values(self.choices)}.", code="invalid_value"))
        else:
            self.schemas.get(value.get("type"), next(iter(self.schemas.values()))).load(value)
        return value


class Tracing(f.Body):
    group_id = f.String()
    metadata = f.Object()
    workflow_name = f.String()


class TokenLimits(f.Body):
    post_instructions = f.Integer(minimum=0)


class RetentionRatio(f.Body):
    type = f.Enum(["retention_ratio"], required=True)
    retention_ratio = f.Decimal(minimum=0, maximum=1, required=True)
    token_limits = f.NestedObject(TokenLimits)


class Session(f.Body):
    """A realtime (speech to speech) session's settings; transcription sessions take only audio input and
    include (TranscriptionSession)."""

    type = f.Enum(["realtime", "transcription"], required=True)
    audio = f.NestedObject(Audio, allow_none=True)
    include = f.Array(f.Enum([LOGPROBS]), allow_empty=True, allow_none=True)
    instructions = f.String(allow_none=True)
    max_output_tokens = f.Strict(types=(int, str), expected="one of an integer or string", allow_none=True)
    model = f.String(allow_none=True)
    output_modalities = f.Array(f.Enum(["text", "audio"]), allow_none=True)
    parallel_tool_calls = f.Boolean(allow_none=True)
    prompt = f.NestedObject(Prompt, allow_none=True)
    reasoning = f.NestedObject(Reasoning, allow_none=True)
    tool_choice = Choice(["none", "auto", "required"], {"function": ToolChoiceFunction(), "mcp": ToolChoiceMcp()},
                         allow_none=True)
    tools = f.Array(RealtimeTool(), allow_empty=True, allow_none=True)
    tracing = Choice(["auto"], {None: Tracing()}, allow_none=True)
    truncation = Choice(["auto", "disabled"], {"retention_ratio": RetentionRatio()}, allow_none=True)

    @validates_schema
    def modalities(self, data, **kwargs):
        """One output modality at a time (recorded wording)."""
        chosen = data.get("output_modalities")
        if chosen is not None and len(chosen) != 1:
            raise ValidationError({"output_modalities": [Problem(
                f"Invalid modalities: {f.literal(repr(chosen))}. Supported combinations are: ['text'] and "
                "['audio'].", code="invalid_value")]})
        tokens = data.get("max_output_tokens")
        if isinstance(tokens, str) and tokens != "inf" or isinstance(tokens, int) and not 1 <= tokens <= 4096:
            raise ValidationError({"max_output_tokens": [Problem(
                "Invalid '{param}': expected an integer between 1 and 4096, or 'inf'.",
                code="invalid_value")]})


class TranscriptionSession(f.Body):
    type = f.Enum(["transcription"], required=True)
    audio = f.NestedObject(TranscriptionAudio, allow_none=True)
    include = f.Array(f.Enum([LOGPROBS]), allow_empty=True, allow_none=True)


class SessionField(f.Object):
    """The session: checked as a realtime session, or as a transcription session when its type says so."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        schema = TRANSCRIPTION_SESSION if value.get("type") == "transcription" else REALTIME_SESSION
        return schema.load(value)


REALTIME_SESSION, TRANSCRIPTION_SESSION = Session(), TranscriptionSession()


class ExpiresAfter(f.Body):
    anchor = f.Enum(["created_at"], allow_none=True)
    seconds = f.Integer(minimum=10, maximum=7200, allow_none=True)


class ClientSecretRequest(f.Body):
    """POST /v1/realtime/client_secrets."""

    expires_after = f.NestedObject(ExpiresAfter, allow_none=True)
    session = SessionField(allow_none=True)


# POST /v1/realtime/translations/client_secrets: a key for a speech translation session (the SDK's types, late
# 2026). Its session has no type or format: those, and any other key, are unknown parameters (reported).
TRANSLATION_LANGUAGES = ("en", "es", "pt", "fr", "ja", "ru", "zh", "de", "ko", "hi", "id", "vi", "it")


class TranslationTranscription(f.Body):
    model = f.String(required=True)


class TranslationNoiseReduction(NoiseReduction):
    type = f.Enum(["near_field", "far_field"], required=True)


class TranslationAudioInput(f.Body):
    noise_reduction = f.NestedObject(TranslationNoiseReduction, allow_none=True)
    transcription = f.NestedObject(TranslationTranscription, allow_none=True)


class TranslationAudioOutput(f.Body):
    """The language spoken back: one of thirteen, without a region (`pt`, not `pt_BR`: reported)."""

    language = f.Enum(TRANSLATION_LANGUAGES, allow_none=True)


class TranslationAudio(f.Body):
    input = f.NestedObject(TranslationAudioInput, allow_none=True)
    output = f.NestedObject(TranslationAudioOutput, allow_none=True)


class TranslationSession(f.Body):
    model = f.String(required=True)
    audio = f.NestedObject(TranslationAudio, allow_none=True)


class TranslationClientSecretRequest(f.Body):
    """POST /v1/realtime/translations/client_secrets."""

    expires_after = f.NestedObject(ExpiresAfter, allow_none=True)
    session = f.NestedObject(TranslationSession, required=True)
