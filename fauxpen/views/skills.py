"""The Skills API: /v1/skills (create, list), /v1/skills/{id} (get, set the default version, delete, content), and a
skill's versions: /v1/skills/{id}/versions (create, list) and /versions/{version} (get, delete, content).

A skill is kept in the server's store with its versions' bundles (skills.py reads an upload). Shapes, key orders,
ids and layout follow recordings of 2026 (openai-dotnet): JSON indented by two with no newline at the end, no
x-ratelimit-* headers, 200 on create, versions as strings counting up from "1", a version's id ending as its
skill's, a skill named and described as its default version is. Deleting the last version deletes the skill; the
default version cannot be deleted (the guide). Every 404 and the refusals past the upload's are guessed wordings.
"""
import time

from flask import Blueprint, Response, request

from .. import ids, skills, store, wire
from ..errors import InvalidRequestError
from ..schemas import fields as f
from ..validation import load
from . import indented, indented_refusals, without_ratelimit_headers
from .stored import changed_record, forgotten_record, kept_record, newest_page, store_path

bp = Blueprint("skills", __name__)

TABLE = "skills"

indented_refusals(bp)
without_ratelimit_headers(bp)


def _id(prefix, created, tail):
    """The time as 8 hex digits, 4 more, `8190`, 16 more, then tail (16 hex digits: a version's is its skill's)."""
    return f"{prefix}{created & 0xFFFFFFFF:08x}{ids.random_hex(2)}8190{ids.random_hex(8)}{tail}"


class SkillNotFoundError(InvalidRequestError):
    def __init__(self, skill_ref):
        super().__init__(f"Skill with id '{skill_ref}' not found.", status=404)


class VersionNotFoundError(InvalidRequestError):
    def __init__(self, skill_ref, version):
        super().__init__(f"Version '{version}' of skill '{skill_ref}' not found.", status=404)


class DefaultVersion(f.Body):
    """POST /v1/skills/{id}."""

    default_version = f.String(required=True)


default_version_request = DefaultVersion()


def skill_object(record):
    """The skill as the API shows it (recorded key order): named and described as its default version is."""
    default = version_of(record, record["default_version"])
    return {"id": record["id"], "object": "skill", "created_at": record["created_at"],
            "default_version": record["default_version"], "description": default["description"],
            "latest_version": record["latest_version"], "name": default["name"]}


def version_object(record, version):
    """A version as the API shows it (recorded key order)."""
    return {"id": version["id"], "object": "skill.version", "created_at": version["created_at"],
            "description": version["description"], "name": version["name"], "skill_id": record["id"],
            "version": version["version"]}


def version_of(record, number):
    return next((version for version in record["versions"] if version["version"] == number), None)


def kept(skill_ref):
    return kept_record(TABLE, skill_ref, SkillNotFoundError)


def kept_version(skill_ref, number):
    record = kept(skill_ref)
    version = version_of(record, number)
    if version is None:
        raise VersionNotFoundError(skill_ref, number)
    return record, version


def change(skill_ref, how, delete_when=None):
    """Change a kept skill in one transaction (how: a function of its record, returning the answer)."""
    return changed_record(TABLE, skill_ref, how, SkillNotFoundError, delete_when)


def uploaded():
    """Return a request's bundle, checked: (files as a zip, name, description)."""
    return skills.bundle([(upload.filename or "", upload.read())
                          for upload in (*request.files.getlist("files[]"), *request.files.getlist("files"))])


def new_version(record, number, name, description, now, version_id=None):
    version = {"id": version_id or _id("skillver_", now, record["id"][-16:]), "created_at": now, "version": number,
               "name": name, "description": description}
    record["versions"].append(version)
    return version


def _bundle_response(content):
    return Response(content, content_type="application/zip")


@bp.post("/skills")
def create_skill():
    bundle, name, description = uploaded()
    now = int(time.time())
    record = {"id": _id("skill_", now, ids.random_hex(8)), "created_at": now, "default_version": "1",
              "latest_version": "1", "next": 2, "versions": []}
    version = new_version(record, "1", name, description, now)
    store.save_bundle(store_path(), version["id"], record["id"], bundle)
    store.save_record(store_path(), TABLE, record["id"], record)
    return indented(skill_object(record))


@bp.get("/skills")
def list_skills():
    return newest_page([skill_object(record) for record in store.record_listing(store_path(), TABLE)])


@bp.get("/skills/<skill_ref>")
def retrieve_skill(skill_ref):
    return indented(skill_object(kept(skill_ref)))


@bp.post("/skills/<skill_ref>")
def update_skill(skill_ref):
    """Make another version the default."""
    number = load(default_version_request, wire.json_body())["default_version"]

    def set_default(record):
        if version_of(record, number) is None:
            raise VersionNotFoundError(skill_ref, number)
        record["default_version"] = number
        return skill_object(record)
    return indented(change(skill_ref, set_default))


@bp.delete("/skills/<skill_ref>")
def delete_skill(skill_ref):
    forgotten_record(TABLE, skill_ref, SkillNotFoundError)
    store.drop_bundles(store_path(), skill_ref)
    return indented({"id": skill_ref, "object": "skill.deleted", "deleted": True})


@bp.get("/skills/<skill_ref>/content")
def skill_content(skill_ref):
    """The default version's bundle."""
    record = kept(skill_ref)
    return _bundle_response(store.bundle(store_path(), version_of(record, record["default_version"])["id"]) or b"")


@bp.post("/skills/<skill_ref>/versions")
def create_version(skill_ref):
    """Add a version (the default one if `default` is true); it is the latest."""
    kept(skill_ref)  # an unknown skill before its upload is read
    default = request.form.get("default", "false")
    if default not in ("true", "false"):
        raise InvalidRequestError(f"Invalid value for 'default': expected a boolean, but got '{default}'.",
                                  param="default", code="invalid_type")
    bundle, name, description = uploaded()
    now = int(time.time())
    version_id = _id("skillver_", now, skill_ref[-16:])
    store.save_bundle(store_path(), version_id, skill_ref, bundle)  # first: the version is never without it

    def add(record):
        number = str(record["next"])
        record["next"] += 1
        version = new_version(record, number, name, description, now, version_id)
        record["latest_version"] = number
        if default == "true":
            record["default_version"] = number
        return version_object(record, version)

    try:
        return indented(change(skill_ref, add))
    except SkillNotFoundError:  # deleted meanwhile
        store.drop_bundles(store_path(), skill_ref, version_id)
        raise


@bp.get("/skills/<skill_ref>/versions")
def list_versions(skill_ref):
    """A skill's versions by their number, newest first by default."""
    record = kept(skill_ref)
    return newest_page([version_object(record, version)
                 for version in sorted(record["versions"], key=lambda version: int(version["version"]))])


@bp.get("/skills/<skill_ref>/versions/<number>")
def retrieve_version(skill_ref, number):
    record, version = kept_version(skill_ref, number)
    return indented(version_object(record, version))


@bp.delete("/skills/<skill_ref>/versions/<number>")
def delete_version(skill_ref, number):
    """Delete a version that is not the default; the last one takes its skill with it."""
    def remove(record):
        version = version_of(record, number)
        if version is None:
            raise VersionNotFoundError(skill_ref, number)
        if len(record["versions"]) > 1 and record["default_version"] == number:
            raise InvalidRequestError(f"Cannot delete version '{number}': it is the skill's default version. Set "
                                      "another version as the default first.", param="version")
        record["versions"].remove(version)
        if record["versions"]:
            record["latest_version"] = max((v["version"] for v in record["versions"]), key=int)
        return version

    version = change(skill_ref, remove, delete_when=lambda record: not record["versions"])
    store.drop_bundles(store_path(), skill_ref, version["id"])
    return indented({"id": version["id"], "object": "skill.version.deleted", "deleted": True,
                     "version": version["version"]})


@bp.get("/skills/<skill_ref>/versions/<number>/content")
def version_content(skill_ref, number):
    _, version = kept_version(skill_ref, number)
    return _bundle_response(store.bundle(store_path(), version["id"]) or b"")
