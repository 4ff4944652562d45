"""Skill bundles, as the Skills API reads an upload: files under one top-level directory (sent one by one with their
paths, or as one zip), exactly one SKILL.md among them, and its YAML front matter giving the skill's name and
description.

`All files must be under a single top-level directory` is the API's recorded refusal; the limits are the guide's
(500 files, a 50 MB zip, 25 MB a file) and the name's rules the Agent Skills specification's, which the guide says
the API checks; every other wording is a guess.
"""
import base64
import binascii
import io
import re
import zipfile

from .errors import InvalidRequestError, missing_parameter

MAX_FILES = 500
MAX_ZIP_BYTES = 50 * 1024 * 1024
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # what a zip may unpack to in all (a guess: the guide gives none)
MAX_NAME, MAX_DESCRIPTION = 64, 1024
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FIELD = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")


class BundleError(InvalidRequestError):
    def __init__(self, message, param="files"):
        super().__init__(message, param=param)


def bundle(parts):
    """Read and check an upload (see read_upload and check); return (its zip: the one sent, or one made of the files
    sent, the skill's name, its description)."""
    files, sent_zip = read_upload(parts)
    name, description = check(files)
    return sent_zip or zipped(files), name, description


def read_upload(parts):
    """Return the files of an upload as {path: bytes}, and the zip they came in (None for files sent one by one):
    parts are (filename, bytes) pairs, one zip or files sent with their paths. A part's path keeps its
    directories; a zip is read whole."""
    if not parts:
        raise missing_parameter("files")
    if len(parts) == 1 and (parts[0][0].lower().endswith(".zip") or parts[0][1][:4] == b"PK\x03\x04"):
        return _unzipped(parts[0][1]), parts[0][1]
    if len(parts) > MAX_FILES:
        raise BundleError(f"A skill may have at most {MAX_FILES} files, but got {len(parts)}.")
    files = {}
    for filename, content in parts:
        if len(content) > MAX_FILE_BYTES:
            raise BundleError(f"File '{filename}' is larger than the maximum of {MAX_FILE_BYTES} bytes.")
        files[_path(filename)] = content
    return files, None


def _path(name):
    """A file's path in a bundle: forward slashes, no leading ./ or /."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    return "/".join(parts)


def _unzipped(data):
    if len(data) > MAX_ZIP_BYTES:
        raise BundleError(f"The zip file is larger than the maximum of {MAX_ZIP_BYTES} bytes.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as bundle:
            entries = [entry for entry in bundle.infolist() if not entry.is_dir()]
            if len(entries) > MAX_FILES:
                raise BundleError(f"A skill may have at most {MAX_FILES} files, but got {len(entries)}.")
            for entry in entries:
                if entry.file_size > MAX_FILE_BYTES:
                    raise BundleError(f"File '{entry.filename}' is larger than the maximum of {MAX_FILE_BYTES} "
                                      "bytes.")
            if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
                raise BundleError(f"The zip file's files come to more than {MAX_UNZIPPED_BYTES} bytes.")
            return {_path(entry.filename): bundle.read(entry) for entry in entries}
    except BundleError:
        raise
    except Exception:  # not a zip, or a corrupt one: zipfile, zlib, bz2 and lzma each raise their own
        raise BundleError("The uploaded file is not a valid zip file.") from None


def check_inline(skill):
    """Refuse an inline skill ({"type": "inline", name, description, source: a base64 zip}) whose name or description
    is not its SKILL.md's (recorded of the API's dashboard and a container request, 2026: param and code null). A
    bundle fauxpen cannot read is taken as before (what the API answers then is not known)."""
    if not isinstance(skill, dict) or skill.get("type") != "inline":
        return
    source = skill.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("data"), str):
        return
    try:
        named = check(_unzipped(base64.b64decode(source["data"], validate=True)))
    except (BundleError, binascii.Error, ValueError):
        return
    if named != (skill.get("name"), skill.get("description")):
        raise InvalidRequestError("Inline skill name/description must match the values in SKILL.md/Skills.md front "
                                  "matter.")


def check(files):
    """Check a bundle's files ({path: bytes}); return (name, description) from its SKILL.md's front matter."""
    top = {path.split("/", 1)[0] for path in files}
    if not files or len(top) != 1 or any("/" not in path for path in files):
        raise BundleError("All files must be under a single top-level directory")  # recorded, without a period
    manuals = [path for path in files if path.rsplit("/", 1)[-1].lower() == "skill.md"]
    if not manuals:
        raise BundleError("A skill must have a SKILL.md file.")
    if len(manuals) > 1:
        raise BundleError(f"A skill must have exactly one SKILL.md file, but got {len(manuals)}.")
    return front_matter(files[manuals[0]])


def front_matter(manual):
    """Return (name, description) of a SKILL.md's YAML front matter (plain or quoted one-line values)."""
    found = _FRONT_MATTER.match(manual.decode("utf-8", "replace"))
    fields = {}
    for line in found.group(1).splitlines() if found else ():
        field = _FIELD.fullmatch(line.rstrip())
        if field and not line[:1].isspace():
            fields[field.group(1)] = _unquoted(field.group(2).strip())
    name, description = fields.get("name") or "", fields.get("description") or ""
    if not name:
        raise BundleError("SKILL.md front matter must have a 'name'.")
    if not description:
        raise BundleError("SKILL.md front matter must have a 'description'.")
    if len(name) > MAX_NAME or not _NAME.fullmatch(name):
        raise BundleError(f"Invalid skill name '{name}': a name has at most {MAX_NAME} lowercase letters, digits and "
                          "hyphens, and does not begin or end with a hyphen or hold two in a row.")
    if len(description) > MAX_DESCRIPTION:
        raise BundleError(f"Invalid skill description: at most {MAX_DESCRIPTION} characters, but got "
                          f"{len(description)}.")
    return name, description


def _unquoted(value):
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def zipped(files):
    """Return a bundle's files as a zip (what the content endpoints send), in the order they came."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path, content in files.items():
            bundle.writestr(path, content)
    return out.getvalue()
