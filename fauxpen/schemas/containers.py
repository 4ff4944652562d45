"""The Containers API's request bodies: a container (create) and a container's file (add by file_id).

Names and types are the SDK's (openai 3.57); `expires_after.minutes` is at most 20 (reported refusals of 60),
its minimum of 1 a guess. No refusal of a body was found recorded: they follow the API's usual wording.
"""
from marshmallow import ValidationError, validates_schema

from .. import skills
from . import fields as f
from .vector_stores import Strings

MEMORY_LIMITS = ("1g", "4g", "16g", "64g")
MAX_MINUTES = 20


class ExpiresAfter(f.Body):
    anchor = f.Enum(["last_active_at"], required=True)
    minutes = f.Integer(minimum=1, maximum=MAX_MINUTES, required=True)


class DomainSecret(f.Body):
    domain = f.String(required=True)
    name = f.String(required=True)
    value = f.String(required=True, max_length=10_485_760)


class NetworkPolicy(f.Body):
    """{"type": "disabled"}, or an allowlist of domains (and secrets for them, which are not echoed)."""

    type = f.Enum(["disabled", "allowlist"], required=True)
    allowed_domains = f.Array(f.String())
    domain_secrets = f.Array(f.NestedObject(DomainSecret))

    @validates_schema
    def domains_of_an_allowlist(self, data, **kwargs):
        if data.get("type") == "allowlist" and "allowed_domains" not in data:
            raise ValidationError({"allowed_domains": ["Missing data for required field."]})
        if data.get("type") == "disabled":
            for name in ("allowed_domains", "domain_secrets"):
                if name in data:
                    raise ValidationError({name: [f.Problem("Unknown parameter: '{param}'.",
                                                            code="unknown_parameter")]})


class SkillSource(f.Body):
    type = f.Enum(["base64"], required=True)
    media_type = f.Enum(["application/zip"], required=True)
    data = f.String(required=True, allow_empty=False)


class Skill(f.Strict):
    """A skill by reference ({"type": "skill_reference", "skill_id", "version"}) or inline (name, description and
    a base64 zip): checked, then taken as sent (a container does not echo its skills)."""

    expected = "an object"
    types = (dict,)

    class Reference(f.Body):
        type = f.Enum(["skill_reference"], required=True)
        skill_id = f.String(required=True, allow_empty=False)
        version = f.String()

    class Inline(f.Body):
        type = f.Enum(["inline"], required=True)
        name = f.String(required=True, allow_empty=False)
        description = f.String(required=True)
        source = f.NestedObject(SkillSource, required=True)

    KINDS = {"skill_reference": Reference(), "inline": Inline()}

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        kind = value.get("type")
        if kind is None:
            raise ValidationError({"type": ["Missing data for required field."]})
        if not isinstance(kind, str):
            raise ValidationError({"type": [f.invalid_type("a string", kind)]})
        if kind not in self.KINDS:
            raise ValidationError({"type": [f.Problem(
                f"Invalid value: '{f.literal(kind)}'. Supported values are: {f.supported_values(tuple(self.KINDS))}.",
                code="invalid_value")]})
        self.KINDS[kind].load(value)
        skills.check_inline(value)
        return value


class ContainerRequest(f.Body):
    """POST /v1/containers."""

    name = f.String(required=True)
    expires_after = f.NestedObject(ExpiresAfter)
    file_ids = Strings()
    memory_limit = f.Enum(MEMORY_LIMITS)
    network_policy = f.NestedObject(NetworkPolicy)
    skills = f.Array(Skill(), allow_empty=True)


class FileRequest(f.Body):
    """POST /v1/containers/{id}/files with a JSON body: a file of the Files API, by its id."""

    file_id = f.String(required=True)


container_request = ContainerRequest()
file_request = FileRequest()
