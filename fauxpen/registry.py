"""The models fauxpen knows: their snapshots, aliases and capabilities (data/models.json)."""
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Model:
    """One model snapshot and what it supports."""

    id: str
    created: int
    owned_by: str
    kind: str
    aliases: tuple = ()
    listed: bool = True
    context_length: int = 8192
    max_output_tokens: int = 4096
    system_fingerprint: str | None = None
    dimensions: int | None = None
    # After this many repetitions of one forced token the model's content filter ends the answer.
    repetition_filter_tokens: int | None = None
    # Tokens each function definition of a request's tools starts with in the prompt (tokens.count_function_tokens).
    function_tokens: int = 7
    capabilities: dict = field(default_factory=dict)
    # Parameters a pydantic layer in front of the model checks first, with pydantic's wording.
    pydantic_params: dict = field(default_factory=dict)

    def supports(self, capability):
        """Tell whether the model supports a capability named in its data."""
        return bool(self.capabilities.get(capability))


@cache
def _models():
    text = resources.files("fauxpen").joinpath("data/models.json").read_text(encoding="utf-8")
    models = []
    for entry in json.loads(text)["models"]:
        entry = dict(entry)
        entry["aliases"] = tuple(entry.get("aliases", ()))
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


def resolve(name):
    """Return the Model a request's model name (snapshot or alias) stands for, or None."""
    if not isinstance(name, str):
        return None
    return _by_name().get(name)


def listing():
    """Return every public model name with its metadata, as GET /v1/models lists them."""
    entries = []
    for model in _models():
        names = [model.id] if model.listed else []
        names += list(model.aliases)
        for name in names:
            entries.append({"id": name, "object": "model", "created": model.created, "owned_by": model.owned_by})
    return entries


def model_object(name):
    """Return the model object for one public name, or None."""
    for entry in listing():
        if entry["id"] == name:
            return entry
    return None
