"""The Skills API: skills and their versions, from uploads of files under one directory or of a zip.

Shapes, key orders, ids, layout and the versions' numbering are those of recordings of 2026 (openai-dotnet's
session records); so is the refusal of files outside one top-level directory (openai-node #1807).
"""
import io
import json
import re
import zipfile

import openai
import pytest

from fauxpen import create_app

MANUAL = b"---\nname: basic-math\ndescription: Add or multiply numbers.\n---\n\n# Basic math\n\nUse calc.py.\n"
SKILL_KEYS = ["id", "object", "created_at", "default_version", "description", "latest_version", "name"]


@pytest.fixture
def client(tmp_path):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite")}).test_client()


def files(manual=MANUAL, folder="basic_math"):
    return {"files[]": [(io.BytesIO(manual), f"{folder}/SKILL.md"), (io.BytesIO(b"print(1 + 1)\n"),
                                                                      f"{folder}/calc.py")]}


def new_skill(client, data=None):
    response = client.post("/v1/skills", data=data or files())
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def error(response, status=400):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


def test_a_new_skill_is_the_recorded_object_in_the_recorded_layout(client):
    response = client.post("/v1/skills", data=files())
    text = response.get_data(as_text=True)
    body = json.loads(text)
    assert response.status_code == 200 and text == json.dumps(body, indent=2)  # recorded lengths: no newline
    assert list(body) == SKILL_KEYS
    assert re.fullmatch(r"skill_[0-9a-f]{12}8190[0-9a-f]{32}", body["id"])
    assert int(body["id"][6:14], 16) == body["created_at"]
    assert (body["object"], body["name"], body["description"]) == ("skill", "basic-math", "Add or multiply numbers.")
    assert body["default_version"] == body["latest_version"] == "1"
    assert not any(name.startswith("x-ratelimit") for name in response.headers.keys())


def test_a_zip_is_read_and_its_bundle_sent_back(client):
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("csv_insights/Skill.md", MANUAL.replace(b"basic-math", b"csv-insights"))
        archive.writestr("csv_insights/scripts/run.py", b"pass\n")
    body = new_skill(client, {"files": (io.BytesIO(bundle.getvalue()), "csv_insights.zip")})
    assert body["name"] == "csv-insights"  # SKILL.md is found whatever its case; the folder's name is not the name
    content = client.get(f"/v1/skills/{body['id']}/content")
    assert content.mimetype == "application/zip" and content.data == bundle.getvalue()
    uploaded = new_skill(client)
    names = zipfile.ZipFile(io.BytesIO(client.get(f"/v1/skills/{uploaded['id']}/content").data)).namelist()
    assert names == ["basic_math/SKILL.md", "basic_math/calc.py"]


@pytest.mark.parametrize("data, message", [
    ({}, "Missing required parameter: 'files'."),
    ({"files[]": [(io.BytesIO(MANUAL), "SKILL.md")]}, "All files must be under a single top-level directory"),
    ({"files[]": [(io.BytesIO(MANUAL), "a/SKILL.md"), (io.BytesIO(b"x"), "b/x.py")]},
     "All files must be under a single top-level directory"),
    ({"files[]": [(io.BytesIO(b"x"), "a/x.py")]}, "A skill must have a SKILL.md file."),
    ({"files[]": [(io.BytesIO(MANUAL), "a/SKILL.md"), (io.BytesIO(MANUAL), "a/b/skill.md")]},
     "A skill must have exactly one SKILL.md file, but got 2."),
    ({"files[]": [(io.BytesIO(b"# no front matter\n"), "a/SKILL.md")]}, "SKILL.md front matter must have a 'name'."),
    ({"files[]": [(io.BytesIO(b"---\nname: a\n---\n"), "a/SKILL.md")]},
     "SKILL.md front matter must have a 'description'."),
    ({"files": (io.BytesIO(b"PK\x03\x04 not a zip"), "x.zip")}, "The uploaded file is not a valid zip file."),
])
def test_a_bad_upload_is_refused(client, data, message):
    assert error(client.post("/v1/skills", data=data))["message"] == message


def test_a_name_must_follow_the_agent_skills_rules(client):
    for name in (b"Basic-Math", b"-math", b"basic--math", b"x" * 65):
        found = error(client.post("/v1/skills", data=files(MANUAL.replace(b"basic-math", name))))
        assert found["message"].startswith(f"Invalid skill name '{name.decode()}'")
    assert new_skill(client, files(MANUAL.replace(b"basic-math", b'"quoted-name"')))["name"] == "quoted-name"


def test_versions_count_up_and_the_default_names_the_skill(client):
    skill = new_skill(client)
    response = client.post(f"/v1/skills/{skill['id']}/versions",
                           data={"default": "false", **files(MANUAL.replace(b"Add or", b"Sum or"))})
    version = response.get_json()
    assert response.get_data(as_text=True) == json.dumps(version, indent=2)
    assert list(version) == ["id", "object", "created_at", "description", "name", "skill_id", "version"]
    assert version["object"] == "skill.version" and version["version"] == "2" and version["skill_id"] == skill["id"]
    assert re.fullmatch(r"skillver_[0-9a-f]{48}", version["id"]) and version["id"][-16:] == skill["id"][-16:]
    shown = client.get(f"/v1/skills/{skill['id']}").get_json()
    assert (shown["default_version"], shown["latest_version"], shown["description"]) == (
        "1", "2", "Add or multiply numbers.")  # recorded: a new version is the latest, not the default
    promoted = client.post(f"/v1/skills/{skill['id']}", json={"default_version": "2"}).get_json()
    assert (promoted["default_version"], promoted["description"]) == ("2", "Sum or multiply numbers.")
    third = client.post(f"/v1/skills/{skill['id']}/versions", data={"default": "true", **files()}).get_json()
    assert client.get(f"/v1/skills/{skill['id']}").get_json()["default_version"] == third["version"] == "3"
    listed = client.get(f"/v1/skills/{skill['id']}/versions").get_json()
    assert list(listed) == ["object", "data", "first_id", "has_more", "last_id"]
    assert [item["version"] for item in listed["data"]] == ["3", "2", "1"]
    assert [item["version"] for item in client.get(
        f"/v1/skills/{skill['id']}/versions?order=asc&limit=2").get_json()["data"]] == ["1", "2"]
    assert client.get(f"/v1/skills/{skill['id']}/versions/2").get_json() == version
    assert error(client.post(f"/v1/skills/{skill['id']}", json={"default_version": "9"}), 404)["message"] == (
        f"Version '9' of skill '{skill['id']}' not found.")
    assert error(client.post(f"/v1/skills/{skill['id']}", json={}))["message"] == (
        "Missing required parameter: 'default_version'.")
    assert error(client.post(f"/v1/skills/{skill['id']}/versions", data={"default": "maybe", **files()}))[
        "param"] == "default"


def test_deleting_versions_and_skills(client):
    skill = new_skill(client)
    second = client.post(f"/v1/skills/{skill['id']}/versions", data=files()).get_json()
    found = error(client.delete(f"/v1/skills/{skill['id']}/versions/1"))
    assert "default version" in found["message"]
    client.post(f"/v1/skills/{skill['id']}", json={"default_version": "2"})
    first = client.get(f"/v1/skills/{skill['id']}/versions/1").get_json()
    deleted = client.delete(f"/v1/skills/{skill['id']}/versions/1")
    assert deleted.get_json() == {"id": first["id"], "object": "skill.version.deleted", "deleted": True,
                                  "version": "1"}
    assert list(deleted.get_json()) == ["id", "object", "deleted", "version"]
    assert error(client.get(f"/v1/skills/{skill['id']}/versions/1"), 404)
    assert client.get(f"/v1/skills/{skill['id']}").get_json()["latest_version"] == "2"
    client.delete(f"/v1/skills/{skill['id']}/versions/2")  # the last one: the skill goes with it
    assert error(client.get(f"/v1/skills/{skill['id']}"), 404)["message"] == f"Skill with id '{skill['id']}' not found."
    other = new_skill(client)
    deleted = client.delete(f"/v1/skills/{other['id']}")
    assert deleted.get_data(as_text=True) == json.dumps({"id": other["id"], "object": "skill.deleted",
                                                         "deleted": True}, indent=2)
    assert client.get("/v1/skills").get_json()["data"] == []
    assert second["version"] == "2"


def test_list_is_newest_first_and_pages(client):
    made = [new_skill(client)["id"] for _ in range(3)]  # names may repeat (recorded)
    listed = client.get("/v1/skills").get_json()
    assert list(listed) == ["object", "data", "first_id", "has_more", "last_id"]
    assert [item["id"] for item in listed["data"]] == made[::-1]
    page = client.get("/v1/skills?limit=2&order=asc").get_json()
    assert [item["id"] for item in page["data"]] == made[:2] and page["has_more"] is True
    assert [item["id"] for item in client.get(f"/v1/skills?after={page['last_id']}&order=asc").get_json()[
        "data"]] == made[2:]


def test_the_sdk_manages_skills_and_their_versions(sdk):
    skill = sdk.skills.create(files=[("sdk_math/SKILL.md", io.BytesIO(MANUAL)), ("sdk_math/calc.py", b"1 + 1")])
    assert (skill.name, skill.default_version) == ("basic-math", "1")
    assert sdk.skills.retrieve(skill.id).id == skill.id
    assert skill.id in [item.id for item in sdk.skills.list()]
    version = sdk.skills.versions.create(skill.id, files=[("sdk_math/SKILL.md", io.BytesIO(MANUAL))], default=True)
    assert version.version == "2" and sdk.skills.retrieve(skill.id).default_version == "2"
    assert [item.version for item in sdk.skills.versions.list(skill.id)] == ["2", "1"]
    assert sdk.skills.versions.retrieve("1", skill_id=skill.id).name == "basic-math"
    bundle = sdk.skills.content.retrieve(skill.id).read()
    assert zipfile.ZipFile(io.BytesIO(bundle)).namelist() == ["sdk_math/SKILL.md"]
    assert sdk.skills.versions.delete("1", skill_id=skill.id).deleted
    assert sdk.skills.update(skill.id, default_version="2").default_version == "2"
    assert sdk.skills.delete(skill.id).deleted
    with pytest.raises(openai.NotFoundError):
        sdk.skills.retrieve(skill.id)


def test_a_corrupt_or_huge_zip_is_refused(client):
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/SKILL.md", MANUAL * 50)
    data = bytearray(bundle.getvalue())
    data[60:70] = b"\xff" * 10  # inside the deflated data
    found = error(client.post("/v1/skills", data={"files": (io.BytesIO(bytes(data)), "a.zip")}))
    assert found["message"] == "The uploaded file is not a valid zip file."
