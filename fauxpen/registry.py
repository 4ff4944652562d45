"""The models fauxpen knows: their snapshots, aliases and capabilities (data/models.json)."""
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .errors import (GatewayError, InvalidRequestError, MissingModelError, ModelNotFoundError, OpenAIError,
                     RetiredModelError)
from .schemas.fields import invalid_type


@dataclass(frozen=True)
class Model:
    """One model snapshot and what it supports."""

    id: str
    created: int
    owned_by: str
    kind: str
    aliases: tuple = ()
    listed: bool = True
    # Aliases that answer but GET /v1/models does not list: gpt-5.6 (absent from the listings of 2026-09-24 and
    # 2026-09-30, gh640/openai-models-ja, and "not listed by the models endpoint", SillyTavern#5932, August 2026) and
    # o1-mini (shut down on 2025-10-27, in neither listing, its snapshot neither).
    unlisted_aliases: tuple = ()
    context_length: int = 8192
    max_output_tokens: int = 4096
    # The most input tokens a request may send, where it is less than the window: the window less the largest
    # output on the GPT-5 family (272,000 and 922,000, refused in words of their own: reported 2025-2026).
    input_limit: int | None = None
    system_fingerprint: str | None = None
    # The name a legacy completion and its openai-model header give where it is not the id: davinci-002's and
    # babbage-002's builds (`davinci:2023-07-21-v2`, recorded in a completion of March 2025, openllmetry's cassettes,
    # both named so in clients' captures of their headers).
    answers_as: str | None = None
    shutdown_date: str | None = None  # announced (the SDK's deprecation notes), as GET /v1/models has said since 2026
    dimensions: int | None = None
    # After this many repetitions of one forced token the model's content filter ends the answer.
    repetition_filter_tokens: int | None = None
    # Tokens each function definition of a request's tools starts with in the prompt (tokens.count_function_tokens).
    function_tokens: int = 7
    # What the model's prompt framing adds to a chat prompt's count (count_chat_prompt_tokens): reasoning models
    # frame a prompt in one token less than gpt-4o (13 for "What is the capital of France?", where gpt-4o has 14).
    prompt_token_offset: int = 0
    # The largest token id a logit_bias may name: the vocabulary's <|endoftext|> (100257 in cl100k, reported for
    # gpt-3.5-turbo; o200k's 199999, a guess by it).
    max_token_id: int = 199999
    capabilities: dict = field(default_factory=dict)
    # The times GET /v1/models gives an alias, its own (o1-pro: 1742251791 beside its snapshot's 1742251504, a
    # listing of June 2025; gpt-4o, gpt-4, gpt-3.5-turbo and the others of raw listings of April and July 2025);
    # an alias no listing shows is listed with its snapshot's time.
    alias_created: dict = field(default_factory=dict)
    alias_owned_by: dict = field(default_factory=dict)  # gpt-3.5-turbo is the openai's, its snapshot the system's
    # Parameters a pydantic layer in front of the model checks first, with pydantic's wording.
    pydantic_params: dict = field(default_factory=dict)

    def __post_init__(self):
        # The capabilities the model has (a true value), for supports: asked some twenty times a chat request.
        object.__setattr__(self, "_supported", frozenset(name for name, value in self.capabilities.items() if value))

    def supports(self, capability):
        """Tell whether the model supports a capability named in its data."""
        return capability in self._supported


@cache
def _data():
    return json.loads(resources.files("fauxpen").joinpath("data/models.json").read_text(encoding="utf-8"))


@cache
def _models():
    models = []
    for entry in _data()["models"]:
        entry = dict(entry)
        entry["aliases"] = tuple(entry.get("aliases", ()))
        entry["unlisted_aliases"] = tuple(entry.get("unlisted_aliases", ()))
        models.append(Model(**entry))
    return tuple(models)


@cache
def _by_name():
    names = {}
    for model in _models():
        names[model.id] = model
        for alias in model.aliases:
            names[alias] = model
    return names


# Models made while the server runs (fine-tuned ones): functions that return the Model of a name (or None), all of
# them, and delete one (telling whether it was one of them); set by the endpoint that makes them
# (views/fine_tuning.py).
made = {"resolve": lambda name: None, "all": lambda: (), "delete": lambda name: False}


def resolve(name):
    """Return the Model a request's model name (snapshot, alias or fine-tuned model) stands for, or None."""
    if not isinstance(name, str):
        return None
    found = _by_name().get(name)
    if found is None and name.startswith("ft:"):
        return made["resolve"](name)
    return found


@cache
def _retired():
    return frozenset(_data()["retired"])


def unknown_model(name):
    """Return the 404 of a name no model answers to: a model the API has shut down refused in the words of its
    retirement (data/models.json's "retired": those shut down before 2026, on OpenAI's deprecations page,
    gpt-3.5-turbo-1106, probed in September 2026, and gpt-5.1-codex-mini, quoted in 2026), any other as one that
    does not exist."""
    return (RetiredModelError if name in _retired() else ModelNotFoundError)(name)


def listing():
    """Return every public model name with its metadata, as GET /v1/models lists them."""
    entries = []
    for model in (*_models(), *made["all"]()):
        names = [model.id] if model.listed else []
        names += [alias for alias in model.aliases if alias not in model.unlisted_aliases]
        entries += [_entry(model, name) for name in names]
    return entries


def _entry(model, name):
    return {"id": name, "object": "model", "created": model.alias_created.get(name, model.created),
            "owned_by": model.alias_owned_by.get(name, model.owned_by), "shutdown_date": model.shutdown_date}


def model_object(name):
    """Return the model object for one public name, or None (an unlisted alias is still retrieved, a guess)."""
    for entry in listing():
        if entry["id"] == name:
            return entry
    model = _by_name().get(name)
    if model is not None and name in model.unlisted_aliases:
        return _entry(model, name)
    return None


def requested_model(body, kind, responses=False):
    """Return the Model of kind a request body names, or raise the real API's error for the name it sent.

    No name is the gateway's error; a name that is not a string, a type error; an unknown one, a 404; a model
    of another kind, the error of the endpoint the request should have gone to (KIND_ERRORS); a model the
    Responses API alone serves, its 404 unless responses (the request came to it): the Responses API's own words,
    or those for a model that is not a chat model where that was reported (responses_only "not_a_chat_model").
    """
    name = body.get("model") if isinstance(body, dict) else None
    if name is None or name == "":
        raise MissingModelError()
    if not isinstance(name, str):
        raise InvalidRequestError(invalid_type("a string", name).format(param="model"), param="model",
                                  code="invalid_type")
    model = resolve(name)
    if model is None:
        raise unknown_model(name)
    # Past its shutdown, the front layer refuses it before any endpoint's own check (recorded in chat, August to
    # October 2026): the versioned chat-latest models and search previews, and those the Responses API no longer
    # finds (a retired codex model was so refused in chat, gpt-5.1-codex-mini: a client's "seen in real use", 2026).
    if not responses and (model.supports("retired_in_chat") or model.supports("retired_in_responses")):
        raise RetiredModelError(name)
    if model.kind != kind:
        raise KIND_ERRORS.get((kind, model.kind), ModelNotFoundError)(name)
    refusal = model.capabilities.get("responses_only")
    if refusal and not responses:
        raise (NotAChatModelError if refusal == "not_a_chat_model" else ResponsesOnlyError)(name)
    return model


class WrongEndpointError(GatewayError):
    """A 404 for a model the endpoint does not serve, pointing to the one that does."""

    status = 404
    message = ""

    def __init__(self, name):
        super().__init__(self.message, param="model")


class NotAChatModelError(WrongEndpointError):
    message = ("This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean "
               "to use v1/completions?")


class ChatModelError(WrongEndpointError):
    message = ("This is a chat model and not supported in the v1/completions endpoint. Did you mean to use "
               "v1/chat/completions?")


class ResponsesOnlyError(WrongEndpointError):
    """Chat's own refusal, past the front layer: written as chat writes its refusals (indented by two, no newline,
    `application/json`: req_llm's fixture of gpt-5-codex, October 2025, 191 bytes)."""

    message = "This model is only supported in v1/responses and not in v1/chat/completions."
    content_type = "application/json"
    body = OpenAIError.body
    own = True


# (the endpoint's kind, the model's kind) -> the error; other pairs are answered as an unknown model.
class SamplingNotAllowedError(GatewayError):
    """A 403 of the front layer: the model is one nothing samples from (an embedding model, recorded on
    text-embedding-3-small in chat, October 2025), with the front layer's `vary: Origin` (req_llm's fixtures of that
    month, streamed and not)."""

    status = 403
    varies = True

    def __init__(self, name):
        super().__init__("You are not allowed to sample from this model")


KIND_ERRORS = {("chat", "completion"): NotAChatModelError, ("chat", "embedding"): SamplingNotAllowedError,
               ("completion", "embedding"): SamplingNotAllowedError,  # as in chat (a guess)
               ("chat", "realtime"): NotAChatModelError,  # as another model that is not a chat one (a guess)
               ("completion", "chat"): ChatModelError}
