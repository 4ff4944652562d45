"""Fine-tuning jobs: the recorded job object and its quirks, the clock, events, checkpoints, and the model made."""
import io
import json
import re
import sys
import time

import pytest

from fauxpen import create_app

EXAMPLES = "".join(json.dumps({"messages": [{"role": "user", "content": f"Question {i}?"},
                                            {"role": "assistant", "content": "Answer."}]}) + "\n"
                   for i in range(10))


def make_client(tmp_path, seconds=0):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite"),
                       "FAUXPEN_FINE_TUNING_SECONDS": seconds}).test_client()


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path)


def training_file(client, purpose="fine-tune"):
    return client.post("/v1/files", data={"purpose": purpose, "file": (io.BytesIO(EXAMPLES.encode()), "train.jsonl")},
                       content_type="multipart/form-data").get_json()["id"]


def create_job(client, **body):
    body.setdefault("model", "gpt-4o-mini")
    body.setdefault("training_file", training_file(client))
    return client.post("/v1/fine_tuning/jobs", json=body)


def test_create_answers_validating_files_with_the_recorded_keys_and_layout(client):
    response = create_job(client)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.startswith('{\n  "object": "fine_tuning.job",') and not text.endswith("\n")
    job = response.get_json()
    assert list(job) == ["object", "id", "model", "created_at", "finished_at", "fine_tuned_model", "organization_id",
                         "result_files", "status", "validation_file", "training_file", "hyperparameters",
                         "trained_tokens", "error", "user_provided_suffix", "seed", "estimated_finish",
                         "integrations", "metadata", "usage_metrics", "shared_with_openai", "eval_id", "method"]
    assert re.fullmatch(r"ftjob-[A-Za-z0-9]{24}", job["id"])
    assert job["model"] == "gpt-4o-mini-2024-07-18" and job["status"] == "validating_files"
    assert job["error"] == {} and job["result_files"] == [] and 0 <= job["seed"] < 2 ** 31
    assert job["hyperparameters"] == {"n_epochs": "auto", "batch_size": "auto", "learning_rate_multiplier": "auto"}
    # In method, alphabetical in the create answer only (recorded).
    assert list(job["method"]["supervised"]["hyperparameters"]) == ["batch_size", "learning_rate_multiplier",
                                                                    "n_epochs"]
    assert not [name for name in response.headers.keys() if name.startswith("x-ratelimit")]


def test_a_succeeded_job_resolves_auto_and_makes_a_model_chat_answers_to(client):
    job = create_job(client, suffix="pricer", seed=7).get_json()
    done = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    assert done["status"] == "succeeded" and done["finished_at"] >= done["created_at"] and done["seed"] == 7
    assert re.fullmatch(r"ft:gpt-4o-mini-2024-07-18:personal:pricer:[A-Za-z0-9]{8}", done["fine_tuned_model"])
    # An auto learning rate multiplier comes to 2 at the top level and 2.0 in method (recorded).
    assert done["hyperparameters"] == {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 2}
    assert '"learning_rate_multiplier": 2\n' in client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_data(as_text=True)
    assert list(done["method"]["supervised"]["hyperparameters"]) == ["n_epochs", "batch_size",
                                                                     "learning_rate_multiplier"]
    assert done["trained_tokens"] > 0
    [result] = done["result_files"]
    assert client.get(f"/v1/files/{result}/content").get_data(as_text=True).startswith("step,train_loss,")
    answer = client.post("/v1/chat/completions", json={"model": done["fine_tuned_model"],
                                                       "messages": [{"role": "user", "content": "Hi"}]})
    assert answer.status_code == 200 and answer.get_json()["model"] == done["fine_tuned_model"]
    listed = [m["id"] for m in client.get("/v1/models").get_json()["data"]]
    assert done["fine_tuned_model"] in listed
    unknown = client.post("/v1/chat/completions", json={"model": "ft:gpt-4o-mini-2024-07-18:personal::nothing1",
                                                        "messages": [{"role": "user", "content": "Hi"}]})
    assert unknown.status_code == 404


def test_an_integration_is_echoed_as_sent(client):
    from openai.types.fine_tuning import FineTuningJob
    wandb = {"type": "wandb", "wandb": {"project": "p", "entity": None, "name": "run", "tags": ["a"]}}
    job = create_job(client, integrations=[wandb]).get_json()
    assert job["integrations"] == [wandb]
    FineTuningJob.model_validate({**job, "error": None}, strict=True)  # error: {} is a recorded quirk


def test_asked_hyperparameters_are_echoed_as_recorded(client):
    job = create_job(client, method={"type": "supervised", "supervised": {"hyperparameters": {
        "n_epochs": 2, "batch_size": 2, "learning_rate_multiplier": 3}}}).get_json()
    assert job["hyperparameters"] == {"n_epochs": 2, "batch_size": 2, "learning_rate_multiplier": 3.0}
    text = json.dumps(job)
    assert '"learning_rate_multiplier": 3.0' in text


def test_events_and_checkpoints(client):
    job = create_job(client).get_json()
    events = client.get(f"/v1/fine_tuning/jobs/{job['id']}/events?limit=100").get_json()
    assert list(events) == ["object", "data", "has_more"]
    messages = [e["message"] for e in reversed(events["data"])]
    assert messages[:4] == [f"Created fine-tuning job: {job['id']}",
                            f"Validating training file: {job['training_file']}",
                            "Files validated, moving job to queued state", "Fine-tuning job started"]
    assert messages[-2:] == ["New fine-tuned model created", "The job has successfully completed"]
    steps = [e for e in events["data"] if e["type"] == "metrics"]
    assert len(steps) == 30 and steps[-1]["message"].startswith("Step 1/30: training loss=")
    assert list(events["data"][0]) == ["object", "id", "created_at", "level", "message", "data", "type"]
    again = client.get(f"/v1/fine_tuning/jobs/{job['id']}/events?limit=100").get_json()
    assert [e["id"] for e in again["data"]] == [e["id"] for e in events["data"]]  # stable ids
    assert len(client.get(f"/v1/fine_tuning/jobs/{job['id']}/events").get_json()["data"]) == 20
    checkpoints = client.get(f"/v1/fine_tuning/jobs/{job['id']}/checkpoints").get_json()
    assert list(checkpoints) == ["object", "data", "has_more", "first_id", "last_id"]
    assert [c["step_number"] for c in checkpoints["data"]] == [30, 20, 10]
    assert checkpoints["data"][1]["fine_tuned_model_checkpoint"].endswith(":ckpt-step-20")


def test_the_clock_and_cancel(tmp_path):
    client = make_client(tmp_path, seconds=60)
    job = create_job(client).get_json()
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] in ("validating_files", "queued")
    cancelled = client.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel").get_json()
    assert cancelled["status"] == "cancelled" and cancelled["finished_at"] is None
    assert cancelled["fine_tuned_model"] is None
    last = client.get(f"/v1/fine_tuning/jobs/{job['id']}/events").get_json()["data"][0]
    assert last["level"] == "warn"
    finished = create_job(make_client(tmp_path)).get_json()
    assert make_client(tmp_path).post(f"/v1/fine_tuning/jobs/{finished['id']}/cancel").status_code == 400


@pytest.mark.parametrize("body, message, param, code", [
    ({"model": "gpt-4"}, "Model gpt-4 is not available for fine-tuning or does not exist.", None,
     "model_not_available"),
    ({"training_file": "file-nope"}, "invalid training_file: file-nope", "training_file", None),
    ({"validation_file": "7"}, "invalid validation_file: 7", "validation_file", None),
    ({"hyperparameters": {"n_epochs": 0}}, "Invalid 'hyperparameters.n_epochs': integer below minimum value. "
     "Expected a value >= 1, but got 0 instead.", "hyperparameters.n_epochs", "integer_below_min_value"),
    ({"hyperparameters": {"learning_rate_multiplier": 10 ** 400}},  # more than a double holds, as 1e400 would be
     f"Invalid 'hyperparameters.learning_rate_multiplier': decimal above maximum value. Expected a value <= "
     f"{int(sys.float_info.max)}, but got {10 ** 400} instead.", "hyperparameters.learning_rate_multiplier",
     "decimal_above_max_value"),
    # An integration as the SDK types it (openai 3.63): wandb, with its settings and their project required.
    ({"integrations": [{"type": "wandb"}]}, "Missing required parameter: 'integrations[0].wandb'.",
     "integrations[0].wandb", "missing_required_parameter"),
    ({"integrations": [{"type": "wandb", "wandb": {"name": "run"}}]},
     "Missing required parameter: 'integrations[0].wandb.project'.", "integrations[0].wandb.project",
     "missing_required_parameter"),
    ({"integrations": [{"type": "slack", "wandb": {"project": "p"}}]},
     "Invalid value: 'slack'. Supported values are: 'wandb'.", "integrations[0].type", "invalid_value"),
])
def test_refusals_written_as_the_answers_are(client, body, message, param, code):
    response = create_job(client, **body)
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith('{\n  "error": {\n    "message": ')
    assert response.get_json()["error"] == {"message": message, "type": "invalid_request_error", "param": param,
                                            "code": code}


def test_the_training_file_is_checked_before_the_model(client):
    # As a live CLI test sends it (dsw7/GPTifier): both unknown, the file is named.
    response = client.post("/v1/fine_tuning/jobs", json={"model": "foobar", "training_file": "foobar"})
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": "invalid training_file: foobar",
                                            "type": "invalid_request_error", "param": "training_file", "code": None}


def test_a_file_of_another_purpose_is_not_a_training_file(client):
    response = create_job(client, training_file=training_file(client, purpose="assistants"))
    assert response.get_json()["error"]["param"] == "training_file"


def test_list_and_unknown_job(client):
    ids = [create_job(client).get_json()["id"] for _ in range(3)]
    listed = client.get("/v1/fine_tuning/jobs?limit=2").get_json()
    assert [j["id"] for j in listed["data"]] == ids[::-1][:2] and listed["has_more"] is True
    missing = client.get("/v1/fine_tuning/jobs/ftjob-nope")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "fine_tune_not_found"


def test_jobs_are_listed_by_their_metadata(client):
    # The SDK's JobListParams (openai 3.63): metadata[k]=v filters, an empty value is the empty string, the literal
    # metadata=null selects the jobs with null metadata; neither lists them all.
    team_a, blank, none = (create_job(client, **body).get_json()["id"] for body in (
        {"metadata": {"team": "a", "run": "1"}}, {"metadata": {"team": ""}}, {}))

    def listed(query=""):
        return [job["id"] for job in client.get(f"/v1/fine_tuning/jobs{query}").get_json()["data"]]

    assert listed() == [none, blank, team_a]
    assert listed("?metadata[team]=a") == [team_a] and listed("?metadata[team]=a&metadata[run]=1") == [team_a]
    assert listed("?metadata[team]=") == [blank] and listed("?metadata[team]=b") == []
    assert listed("?metadata=null") == [none]


def test_sdk_fine_tunes_then_chats_with_the_model(sdk, tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text(EXAMPLES)
    with path.open("rb") as handle:
        uploaded = sdk.files.create(file=handle, purpose="fine-tune")
    job = sdk.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=uploaded.id, suffix="smoke")
    deadline = time.monotonic() + 15
    while job.status not in ("succeeded", "failed", "cancelled") and time.monotonic() < deadline:
        time.sleep(0.5)
        job = sdk.fine_tuning.jobs.retrieve(job.id)
    assert job.status == "succeeded" and job.fine_tuned_model.startswith("ft:gpt-4o-mini-2024-07-18:")
    assert [e.message for e in sdk.fine_tuning.jobs.list_events(job.id, limit=1)][0].startswith("The job")
    reply = sdk.chat.completions.create(model=job.fine_tuned_model, messages=[{"role": "user", "content": "Hi"}])
    assert reply.model == job.fine_tuned_model


def test_method_settings_override_top_level_ones_and_stay_with_their_method(client):
    job = create_job(client, hyperparameters={"n_epochs": 5, "batch_size": 2},
                     method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2}}}).get_json()
    assert job["hyperparameters"]["n_epochs"] == 2 and job["hyperparameters"]["batch_size"] == 2
    wrong = create_job(client, method={"type": "dpo", "supervised": {"hyperparameters": {"n_epochs": 2}}})
    assert wrong.status_code == 400 and wrong.get_json()["error"]["param"] == "method.supervised"
    beta = create_job(client, method={"type": "supervised", "supervised": {"hyperparameters": {"beta": 0.1}}})
    assert beta.status_code == 400 and beta.get_json()["error"]["code"] == "unknown_parameter"
    dpo = create_job(client, method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1}}}).get_json()
    assert dpo["method"] == {"type": "dpo", "dpo": {"hyperparameters": {
        "batch_size": "auto", "beta": 0.1, "learning_rate_multiplier": "auto", "n_epochs": "auto"}}}


def test_tuning_a_tuned_model_names_the_new_one_after_the_base(client):
    first = client.get(f"/v1/fine_tuning/jobs/{create_job(client).get_json()['id']}").get_json()
    second = create_job(client, model=first["fine_tuned_model"]).get_json()
    done = client.get(f"/v1/fine_tuning/jobs/{second['id']}").get_json()
    assert done["fine_tuned_model"].startswith("ft:gpt-4o-mini-2024-07-18:personal::")
    assert done["fine_tuned_model"].count(":") == 4


def test_a_fine_tuned_model_can_be_deleted_but_not_the_apis(client):
    job = create_job(client).get_json()
    name = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["fine_tuned_model"]
    deleted = client.delete(f"/v1/models/{name}")
    assert deleted.get_json() == {"id": name, "object": "model", "deleted": True}
    assert client.get(f"/v1/models/{name}").status_code == 404
    assert client.post("/v1/chat/completions", json={"model": name, "messages": [
        {"role": "user", "content": "Hi"}]}).status_code == 404
    assert client.delete(f"/v1/models/{name}").status_code == 404
    assert client.delete("/v1/models/gpt-4o").status_code == 403


def test_deleting_the_tuned_model_a_model_was_tuned_from_leaves_the_list_and_chat_working(client):
    first = client.get(f"/v1/fine_tuning/jobs/{create_job(client).get_json()['id']}").get_json()
    second = create_job(client, model=first["fine_tuned_model"]).get_json()
    second = client.get(f"/v1/fine_tuning/jobs/{second['id']}").get_json()
    assert client.delete(f"/v1/models/{first['fine_tuned_model']}").status_code == 200
    assert client.get("/v1/models").status_code == 200
    assert client.post("/v1/chat/completions", json={"model": second["fine_tuned_model"], "messages": [
        {"role": "user", "content": "Hi"}]}).status_code == 200


def test_a_paused_job_stops_its_clock_until_resumed(tmp_path, monkeypatch):
    """Pause answers paused and resume queued (the API reference's examples); between them the job does not move,
    and after them it finishes as much later as it was paused (and one second queued again)."""
    clock = [1_800_000_000]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    client = make_client(tmp_path, seconds=100)
    job = create_job(client).get_json()["id"]

    def state():
        return client.get(f"/v1/fine_tuning/jobs/{job}").get_json()

    clock[0] += 10
    assert state()["status"] == "running"
    steps_before = len(client.get(f"/v1/fine_tuning/jobs/{job}/events?limit=100").get_json()["data"])
    paused = client.post(f"/v1/fine_tuning/jobs/{job}/pause").get_json()
    assert paused["status"] == "paused" and list(paused) == list(state())
    clock[0] += 500  # long past when it would have finished
    assert state()["status"] == "paused" and state()["fine_tuned_model"] is None
    assert len(client.get(f"/v1/fine_tuning/jobs/{job}/events?limit=100").get_json()["data"]) == steps_before
    again = client.post(f"/v1/fine_tuning/jobs/{job}/pause")
    assert again.status_code == 400 and again.get_json()["error"]["message"] == (
        f"Cannot pause job {job} with status paused.")
    assert client.post(f"/v1/fine_tuning/jobs/{job}/resume").get_json()["status"] == "queued"
    clock[0] += 2
    assert state()["status"] == "running"
    clock[0] += 100
    done = state()
    assert done["status"] == "succeeded" and done["finished_at"] == 1_800_000_000 + 100 + 500 + 1
    assert client.post(f"/v1/fine_tuning/jobs/{job}/resume").status_code == 400
    assert client.post("/v1/fine_tuning/jobs/ftjob-nope/pause").get_json()["error"]["code"] == "fine_tune_not_found"


def test_the_sdk_pauses_and_resumes(sdk):
    job = sdk.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=sdk.files.create(
        file=("train.jsonl", EXAMPLES.encode()), purpose="fine-tune").id)
    # The live server's jobs take 3 seconds (FAUXPEN_FINE_TUNING_SECONDS): this one is not done yet.
    assert sdk.fine_tuning.jobs.pause(job.id).status == "paused"
    assert sdk.fine_tuning.jobs.resume(job.id).status == "queued"


def test_a_checkpoint_is_shared_with_projects(client):
    job = create_job(client).get_json()["id"]
    model = client.get(f"/v1/fine_tuning/jobs/{job}").get_json()["fine_tuned_model"]
    path = f"/v1/fine_tuning/checkpoints/{model}/permissions"
    made = client.post(path, json={"project_ids": ["proj_a", "proj_b"]}).get_json()
    assert list(made) == ["object", "data", "first_id", "last_id", "has_more"]
    assert [p["project_id"] for p in made["data"]] == ["proj_a", "proj_b"]
    first = made["data"][0]
    assert list(first) == ["object", "id", "created_at", "project_id"] and re.fullmatch(r"cp_[A-Za-z0-9]{24}",
                                                                                         first["id"])
    listed = client.get(path).get_json()
    assert [p["project_id"] for p in listed["data"]] == ["proj_b", "proj_a"]  # newest first
    assert [p["project_id"] for p in client.get(path + "?project_id=proj_a").get_json()["data"]] == ["proj_a"]
    page = client.get(path + "?limit=1&order=ascending").get_json()
    assert [p["project_id"] for p in page["data"]] == ["proj_a"] and page["has_more"] is True
    deleted = client.delete(f"{path}/{first['id']}").get_json()
    assert deleted == {"object": "checkpoint.permission", "id": first["id"], "deleted": True}
    assert client.delete(f"{path}/{first['id']}").status_code == 404
    assert client.get("/v1/fine_tuning/checkpoints/ft:nope/permissions").status_code == 404
    refused = client.post(path, json={"project_ids": "proj_a"}).get_json()["error"]
    assert refused["param"] == "project_ids"


def test_the_sdk_shares_a_checkpoint(sdk):
    import time as clock
    job = sdk.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=sdk.files.create(
        file=("train.jsonl", EXAMPLES.encode()), purpose="fine-tune").id)
    while (found := sdk.fine_tuning.jobs.retrieve(job.id)).status != "succeeded":
        clock.sleep(0.5)
    made = sdk.fine_tuning.checkpoints.permissions.create(found.fine_tuned_model, project_ids=["proj_x"])
    assert [p.project_id for p in made] == ["proj_x"]
    listed = sdk.fine_tuning.checkpoints.permissions.list(found.fine_tuned_model)
    assert [p.id for p in listed] == [made.data[0].id]


RFT_EXAMPLES = "".join(json.dumps({"messages": [{"role": "developer", "content": "Answer with a number."},
                                                {"role": "user", "content": f"What is {i} + {i}?"}],
                                   "reference_answer": str(2 * i)}) + "\n" for i in range(10))
STRING_CHECK = {"type": "string_check", "input": "{{sample.output_text}}", "reference": "{{item.reference_answer}}",
                "operation": "eq"}


def rft_file(client):
    """An RFT training file: messages ending with the user's, and the fields the grader reads."""
    return client.post("/v1/files", data={"purpose": "fine-tune",
                                          "file": (io.BytesIO(RFT_EXAMPLES.encode()), "rft.jsonl")},
                       content_type="multipart/form-data").get_json()["id"]


def rft_job(client, grader=STRING_CHECK, hyperparameters=None, model="o4-mini-2025-04-16", **body):
    settings = {"grader": grader, **({"hyperparameters": hyperparameters} if hyperparameters is not None else {})}
    return create_job(client, model=model, training_file=rft_file(client),
                      method={"type": "reinforcement", "reinforcement": settings}, **body)


def test_a_reinforcement_job_echoes_its_grader_and_resolves_auto_when_done(client):
    from openai.types.fine_tuning import FineTuningJob
    response = rft_job(client, hyperparameters={"reasoning_effort": "low", "eval_samples": 4})
    assert response.status_code == 200, response.get_json()
    job = response.get_json()
    FineTuningJob.model_validate({**job, "error": None})  # error: {} is a recorded quirk the SDK's parse lets by
    assert job["model"] == "o4-mini-2025-04-16" and job["status"] == "validating_files"
    assert list(job["method"]) == ["type", "reinforcement"] and job["method"]["type"] == "reinforcement"
    grader = job["method"]["reinforcement"]["grader"]
    assert {key: grader[key] for key in STRING_CHECK} == STRING_CHECK and re.fullmatch(r"grader-\w{12}", grader["name"])
    assert job["method"]["reinforcement"]["hyperparameters"] == {
        "batch_size": "auto", "compute_multiplier": "auto", "eval_interval": "auto", "eval_samples": 4,
        "learning_rate_multiplier": "auto", "n_epochs": "auto", "reasoning_effort": "low"}
    done = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    parsed = FineTuningJob.model_validate({**done, "error": None})
    assert parsed.method.type == "reinforcement" and parsed.method.reinforcement.grader.name == grader["name"]
    assert done["status"] == "succeeded" and done["fine_tuned_model"].startswith("ft:o4-mini-2025-04-16:")
    assert done["method"]["reinforcement"]["hyperparameters"] == {
        "n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 2.0, "compute_multiplier": 1.0,
        "eval_interval": 1, "eval_samples": 4, "reasoning_effort": "low"}
    named = rft_job(client, grader={**STRING_CHECK, "name": "exact"}).get_json()
    assert named["method"]["reinforcement"]["grader"]["name"] == "exact"
    assert named["method"]["reinforcement"]["hyperparameters"]["reasoning_effort"] == "default"


@pytest.mark.parametrize("method, message, param, code", [
    ({"type": "reinforcement"}, "Missing required parameter: 'method.reinforcement'.", "method.reinforcement", "missing_required_parameter"),
    ({"type": "reinforcement", "reinforcement": {}}, "Missing required parameter: 'method.reinforcement.grader'.",
     "method.reinforcement.grader", "missing_required_parameter"),
    ({"type": "reinforcement", "reinforcement": {"grader": {**STRING_CHECK, "operation": "same"}}},
     "Invalid value: 'same'. Supported values are: 'eq', 'ne', 'like', and 'ilike'.",
     "method.reinforcement.grader.operation", "invalid_value"),
    ({"type": "reinforcement", "reinforcement": {"grader": STRING_CHECK,
                                                 "hyperparameters": {"reasoning_effort": "max"}}},
     "Invalid value: 'max'. Supported values are: 'default', 'low', 'medium', and 'high'.",
     "method.reinforcement.hyperparameters.reasoning_effort", "invalid_value"),
    ({"type": "reinforcement", "reinforcement": {"grader": STRING_CHECK, "hyperparameters": {"eval_interval": 0}}},
     "Invalid 'method.reinforcement.hyperparameters.eval_interval': integer below minimum value. Expected a value "
     ">= 1, but got 0 instead.", "method.reinforcement.hyperparameters.eval_interval", "integer_below_min_value"),
    ({"type": "supervised", "supervised": {"hyperparameters": {"compute_multiplier": 2}}},
     "Unknown parameter: 'method.supervised.hyperparameters.compute_multiplier'.",
     "method.supervised.hyperparameters.compute_multiplier", "unknown_parameter"),
    ({"type": "supervised", "reinforcement": {"grader": STRING_CHECK}}, "Unknown parameter: 'method.reinforcement'.",
     "method.reinforcement", "unknown_parameter"),
])
def test_reinforcement_refusals(client, method, message, param, code):
    response = create_job(client, model="o4-mini" if method["type"] == "reinforcement" else "gpt-4o-mini",
                          method=method)
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": message, "type": "invalid_request_error", "param": param,
                                            "code": code}


def test_reinforcement_is_for_the_reasoning_models_that_take_it(client):
    for model, method in (("gpt-4o-mini", "reinforcement"), ("o4-mini", "supervised")):
        body = {"type": method, method: {"grader": STRING_CHECK}} if method == "reinforcement" else {"type": method}
        response = create_job(client, model=model, method=body)
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "model_not_available"
    assert rft_job(client, model="o4-mini").status_code == 200


def test_the_sdk_creates_a_reinforcement_job(sdk, tmp_path):
    path = tmp_path / "rft.jsonl"
    path.write_text(RFT_EXAMPLES)
    with path.open("rb") as handle:
        uploaded = sdk.files.create(file=handle, purpose="fine-tune")
    job = sdk.fine_tuning.jobs.create(model="o4-mini-2025-04-16", training_file=uploaded.id, method={
        "type": "reinforcement", "reinforcement": {"grader": {**STRING_CHECK, "name": "answer"},
                                                   "hyperparameters": {"reasoning_effort": "low"}}})
    assert job.method.type == "reinforcement" and job.method.reinforcement.grader.name == "answer"
    assert job.method.reinforcement.hyperparameters.reasoning_effort == "low"



def stepped(monkeypatch, lines_a_step):
    """Validation steps of lines_a_step examples, the thread not started (its jobs noted); and the lines whose tokens
    were counted."""
    from fauxpen import fine_tuning
    from fauxpen.views import fine_tuning as view
    monkeypatch.setattr(view, "STEP_LINES", lines_a_step)
    later, counted, count = [], [], fine_tuning.count_tokens
    monkeypatch.setattr(view, "run_later", lambda app, path, job_id: later.append(job_id))
    monkeypatch.setattr(fine_tuning, "count_tokens", lambda line: counted.append(line) or count(line))
    return view, later, counted


def upload(client, content):
    return client.post("/v1/files", data={"purpose": "fine-tune", "file": (io.BytesIO(content), "train.jsonl")},
                       content_type="multipart/form-data").get_json()["id"]


def shown(client, job_id):
    """What a client reads of a job: the job, its events' messages (oldest first, losses left out), its
    checkpoints' steps and its result file's steps."""
    job = client.get(f"/v1/fine_tuning/jobs/{job_id}").get_json()
    events = client.get(f"/v1/fine_tuning/jobs/{job_id}/events?limit=100").get_json()["data"][::-1]
    checkpoints = client.get(f"/v1/fine_tuning/jobs/{job_id}/checkpoints").get_json()["data"]
    results = [client.get(f"/v1/files/{made}/content").get_data().decode() for made in job["result_files"]]
    return ({key: job[key] for key in ("status", "trained_tokens", "hyperparameters", "error")},
            [event["message"].split(": training loss=")[0] for event in events],
            [checkpoint["step_number"] for checkpoint in checkpoints],
            [[row.split(",")[0] for row in result.splitlines()] for result in results])


# A training file with blank lines (no examples), a line of U+2028 and U+0085 alone one of them.
BLANKS = EXAMPLES.replace("\n", "\n\n", 2) + "\u2028 \x85\n"


def test_a_jobs_training_file_is_validated_a_bounded_step_at_a_time(tmp_path, monkeypatch):
    # The create call counted the tokens of every line of the training file, read whole: a 30 MB file took it
    # 6.7 s and 94 MB (23.6 s on a busier machine).
    client = make_client(tmp_path)
    whole = create_job(client, training_file=upload(client, BLANKS.encode())).get_json()["id"]
    expected = shown(client, whole)
    assert expected[0]["status"] == "succeeded" and len(expected[1]) == 36
    view, later, counted = stepped(monkeypatch, 2)
    training = upload(client, BLANKS.encode())
    job = create_job(client, training_file=training).get_json()
    assert job["status"] == "validating_files" and later == [job["id"]]
    assert len(counted) == 2  # the create call's step: 2 of the 10 examples
    client.delete(f"/v1/files/{training}")  # as before: the job validates the file as it was
    state, events, checkpoints, results = shown(client, job["id"])
    assert state["status"] == "validating_files" and state["trained_tokens"] is None  # the clock (0 s) has passed
    assert events == [f"Created fine-tuning job: {job['id']}", f"Validating training file: {training}"]
    assert checkpoints == [] and results == []
    app = client.application
    path = app.config["FAUXPEN_STORE_PATH"]
    # Then 2 more four times, and the blank line at the end; then no more.
    assert [view.step(app, path, job["id"]) for _ in range(6)] == [True, True, True, True, False, False]
    assert len(counted) == 10
    state, events, checkpoints, results = shown(client, job["id"])
    assert (state, events[2:], checkpoints, results) == (expected[0], expected[1][2:], *expected[2:])
    from fauxpen import store
    assert store.parts(path, job["id"] + ":training") == {}


def test_the_fine_tuning_thread_validates_the_rest(tmp_path, monkeypatch):
    from fauxpen.views import fine_tuning as view
    client = make_client(tmp_path)
    whole = shown(client, create_job(client, training_file=upload(client, BLANKS.encode())).get_json()["id"])
    monkeypatch.setattr(view, "STEP_LINES", 2)
    job = create_job(client, training_file=upload(client, BLANKS.encode())).get_json()
    deadline = time.time() + 10
    while (state := shown(client, job["id"]))[0]["status"] != "succeeded":
        assert time.time() < deadline
        time.sleep(0.05)
    assert (state[0], state[1][2:], *state[2:]) == (whole[0], whole[1][2:], *whole[2:])


def test_a_create_call_reads_a_bounded_part_of_a_large_training_file(tmp_path, monkeypatch):
    import tracemalloc
    from fauxpen import store
    from fauxpen.views import fine_tuning as view
    _, later, counted = stepped(monkeypatch, view.STEP_LINES)
    monkeypatch.setattr(store, "CHUNK", 1 << 16)
    monkeypatch.setattr(view, "STEP_BYTES", 1 << 16)
    client = make_client(tmp_path)
    training = upload(client, EXAMPLES.encode() * 5_000)  # 50,000 examples of 104 bytes, 5.2 MB
    tracemalloc.start()
    try:
        job = create_job(client, training_file=training).get_json()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert job["status"] == "validating_files" and later == [job["id"]]
    assert len(counted) == -(-(1 << 16) // (len(EXAMPLES) // 10)) and peak < 1_500_000  # 64 KB of lines, no more
    monkeypatch.setattr(view, "STEP_BYTES", 1 << 20)
    counted.clear()
    assert create_job(client, training_file=training).get_json()["status"] == "validating_files"
    assert len(counted) == view.STEP_LINES == 1000


def test_a_job_cancelled_while_validating_takes_no_more_steps(tmp_path, monkeypatch):
    view, later, counted = stepped(monkeypatch, 2)
    client = make_client(tmp_path)
    job = create_job(client).get_json()
    cancelled = client.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel").get_json()
    assert cancelled["status"] == "cancelled" and cancelled["trained_tokens"] is None
    app = client.application
    path = app.config["FAUXPEN_STORE_PATH"]
    assert view.step(app, path, job["id"]) is False and len(counted) == 2
    from fauxpen import store
    assert store.parts(path, job["id"] + ":training") == {}
    state, events, checkpoints, results = shown(client, job["id"])
    assert state["status"] == "cancelled" and checkpoints == [] and results == []
    assert events[2:] == ["Fine tuning process stopping due to job cancellation"]
    assert [made["purpose"] for made in client.get("/v1/files").get_json()["data"]] == ["fine-tune"]


def test_a_job_no_worker_validates_is_taken_over(tmp_path, monkeypatch):
    view, later, counted = stepped(monkeypatch, 2)
    client = make_client(tmp_path)
    job = create_job(client).get_json()
    client.get(f"/v1/fine_tuning/jobs/{job['id']}")
    assert later == [job["id"]]  # its worker's thread has it
    from fauxpen import store

    def stopped(record):
        record["pending"]["beat"] -= view.stepping.LEASE + 1
    store.update_record(client.application.config["FAUXPEN_STORE_PATH"], view.TABLE, job["id"], stopped)
    client.get("/v1/fine_tuning/jobs")
    assert later == [job["id"]] * 2
    client.get(f"/v1/fine_tuning/jobs/{job['id']}")
    assert later == [job["id"]] * 3
    client.get(f"/v1/fine_tuning/jobs/{job['id']}/events")
    assert later == [job["id"]] * 4


def test_a_validation_longer_than_planned_holds_the_rest_of_the_plan_back(tmp_path, monkeypatch):
    clock = [1_800_000_000]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    view, later, counted = stepped(monkeypatch, 2)
    client = make_client(tmp_path, seconds=100)
    job = create_job(client).get_json()
    clock[0] += 50
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] == "validating_files"
    app = client.application
    while view.step(app, app.config["FAUXPEN_STORE_PATH"], job["id"]):
        pass
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] == "queued"
    events = client.get(f"/v1/fine_tuning/jobs/{job['id']}/events").get_json()["data"]
    assert [(event["message"], event["created_at"] - job["created_at"]) for event in events] == [
        ("Files validated, moving job to queued state", 50), (f"Validating training file: {job['training_file']}", 0),
        (f"Created fine-tuning job: {job['id']}", 0)]
    clock[0] += 1
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] == "running"
    clock[0] += 97
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] == "running"
    clock[0] += 1
    done = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    assert done["status"] == "succeeded" and done["finished_at"] == job["created_at"] + 49 + 100  # queued 49 s late
    [result] = done["result_files"]
    assert client.get(f"/v1/files/{result}").get_json()["created_at"] == done["finished_at"]


def test_a_step_run_again_by_another_worker_leaves_the_job_to_it(tmp_path, monkeypatch):
    from fauxpen import fine_tuning, store
    client = make_client(tmp_path)
    whole = shown(client, create_job(client, training_file=upload(client, EXAMPLES.encode())).get_json()["id"])
    view, later, counted = stepped(monkeypatch, 2)
    job = create_job(client, training_file=upload(client, EXAMPLES.encode())).get_json()
    app = client.application
    path = app.config["FAUXPEN_STORE_PATH"]
    count_step = fine_tuning.count_step

    def overtaken(*args):  # its lease runs out while it counts: another worker runs the same step again
        def lapsed(record):
            record["pending"]["claimed_until"] = 0
        store.update_record(path, view.TABLE, job["id"], lapsed)
        monkeypatch.setattr(fine_tuning, "count_step", count_step)
        assert view.step(app, path, job["id"]) is True  # the other worker's
        return count_step(*args)
    monkeypatch.setattr(fine_tuning, "count_step", overtaken)
    assert view.step(app, path, job["id"]) is False  # its count not noted
    while view.step(app, path, job["id"]):
        pass
    state = shown(client, job["id"])
    assert (state[0], state[1][2:], *state[2:]) == (whole[0], whole[1][2:], *whole[2:])
    results = [made for made in client.get("/v1/files").get_json()["data"] if made["purpose"] == "fine-tune-results"]
    assert len(results) == 2  # the two jobs', the step not noted keeping none


def chat_line(i, **extra):
    return json.dumps({"messages": [{"role": "user", "content": f"Question {i}?"},
                                    {"role": "assistant", "content": "Answer."}], **extra}) + "\n"


def lines_with(number, line, count=10):
    """A training file of count examples, the number-th (from 1) replaced by line."""
    return "".join(line if i == number else chat_line(i) for i in range(1, count + 1))


FORMAT = "The job failed due to a file format error in the training file. Invalid file format. "


@pytest.mark.parametrize("content, code, message", [
    # Recorded (openai-python's repr, December 2024): fewer than 10 examples.
    (EXAMPLES.replace("Question 7", "x").split("\n", 3)[3], "invalid_n_examples",
     "Training file has 7 example(s), but must have at least 10 examples"),
    ("\n" + lines_with(0, "", 9).replace("\n", "\n\n", 3) + " \n", "invalid_n_examples",
     "Training file has 9 example(s), but must have at least 10 examples"),  # blank lines are no examples
    # Recorded (October 2025): a key besides the chat format's.
    (lines_with(1, chat_line(1, weight=1)), "invalid_file_format", FORMAT + 'Example 1 contains an extra "weight".'),
    (lines_with(4, json.dumps({"prompt": "Question?", "completion": "Answer."}) + "\n"), "invalid_file_format",
     FORMAT + "Example 4 is missing key 'messages'."),
    (lines_with(3, json.dumps({"messages": [{"role": "user", "content": "Hi"}, {"content": "Hello"}]}) + "\n"),
     "invalid_file_format", FORMAT + "Example 3, message 2 Discriminator 'role' is missing in value"),
    # Recorded (johny-b/llmcomp#59, February 2026): a special token in a message.
    (lines_with(6, json.dumps({"messages": [{"role": "user", "content": "a <|fim_suffix|> b <|endoftext|>"},
                                            {"role": "assistant", "content": "Answer."}]}) + "\n"),
     "invalid_file_format", FORMAT + "Example 6 message contains an invalid token: <|fim_suffix|>."),
    (lines_with(10, json.dumps({"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": [
        {"type": "text", "text": "Done.<|endoftext|>"}]}]}) + "\n"),
     "invalid_file_format", FORMAT + "Example 10 message contains an invalid token: <|endoftext|>."),
    # The first example refused is the one told.
    (lines_with(2, chat_line(2, source="x")).replace("Question 5?\"}", "Question 5?\", \"x\": 1}").replace(
        chat_line(8), chat_line(8, weight=1)), "invalid_file_format", FORMAT + 'Example 2 contains an extra "source".'),
])
def test_a_malformed_training_file_fails_the_job(client, content, code, message):
    training = upload(client, content.encode())
    job = create_job(client, training_file=training).get_json()
    assert job["status"] == "validating_files" and job["error"] == {}  # the create answer, always (recorded)
    failed = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    assert failed["status"] == "failed"
    assert list(failed["error"]) == ["code", "message", "param"]
    assert failed["error"] == {"code": code, "message": message, "param": "training_file"}
    # As recorded: no finish time, no model, no tokens, no result file, hyperparameters as asked.
    assert (failed["finished_at"], failed["fine_tuned_model"], failed["trained_tokens"], failed["result_files"]) == (
        None, None, None, [])
    assert failed["hyperparameters"] == {"n_epochs": "auto", "batch_size": "auto", "learning_rate_multiplier": "auto"}
    events = client.get(f"/v1/fine_tuning/jobs/{job['id']}/events").get_json()["data"]
    assert [(event["level"], event["message"]) for event in events] == [
        ("error", message), ("info", f"Validating training file: {training}"),
        ("info", f"Created fine-tuning job: {job['id']}")]
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}/checkpoints").get_json()["data"] == []
    assert {made["purpose"] for made in client.get("/v1/files").get_json()["data"]} == {"fine-tune"}  # no results
    listed = client.get("/v1/fine_tuning/jobs").get_json()["data"]
    assert [(made["id"], made["status"], made["error"]) for made in listed] == [(job["id"], "failed", failed["error"])]
    refused = client.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["message"] == f"Job has already failed: {job['id']}"
    from openai.types.fine_tuning import FineTuningJob
    assert FineTuningJob.model_validate(failed).error.code == code


@pytest.mark.parametrize("content", [
    # A message's weight, the chat format's tools and parallel_tool_calls, and text that only looks special.
    lines_with(1, json.dumps({"messages": [{"role": "user", "content": "Hi"},
                                           {"role": "assistant", "content": "Hello", "weight": 0}]}) + "\n"),
    lines_with(2, chat_line(2, tools=[], parallel_tool_calls=False)),
    lines_with(3, chat_line(3).replace("Question 3?", "<|fim suffix|> <|im_start|>")),
])
def test_a_well_formed_training_file_is_not_failed(client, content):
    job = create_job(client, training_file=upload(client, content.encode())).get_json()
    done = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    assert done["status"] == "succeeded" and done["error"] == {}


def test_a_dpo_job_given_a_chat_file_fails_as_recorded(client):
    training = training_file(client)
    job = create_job(client, training_file=training, method={"type": "dpo"}).get_json()
    failed = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    assert failed["status"] == "failed" and failed["error"] == {
        "code": "invalid_training_file",
        "message": "The job failed due to an invalid training file. Invalid file format. Input file "
                   f"{training} is in the fine-tune-chat format, but the specified fine-tuning job is not using "
                   "'supervised' as the training method (provided method=dpo). ",
        "param": "training_file"}
    preference = "".join(json.dumps({"input": {"messages": [{"role": "user", "content": f"Q{i}"}]},
                                     "preferred_output": [{"role": "assistant", "content": "Yes"}],
                                     "non_preferred_output": [{"role": "assistant", "content": "No"}]}) + "\n"
                         for i in range(10))
    done = create_job(client, training_file=upload(client, preference.encode()), method={"type": "dpo"}).get_json()
    assert client.get(f"/v1/fine_tuning/jobs/{done['id']}").get_json()["status"] == "succeeded"


def test_a_job_fails_at_the_step_that_finds_the_example_and_reads_no_further(tmp_path, monkeypatch):
    view, later, counted = stepped(monkeypatch, 2)
    client = make_client(tmp_path)
    job = create_job(client, training_file=upload(client, lines_with(5, chat_line(5, weight=1)).encode())).get_json()
    assert len(counted) == 2 and later == [job["id"]]
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] == "validating_files"
    app = client.application
    path = app.config["FAUXPEN_STORE_PATH"]
    assert [view.step(app, path, job["id"]) for _ in range(3)] == [True, False, False]
    assert len(counted) == 4  # examples 3 and 4; 5 refused, uncounted, and the rest not read
    failed = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    assert failed["status"] == "failed"
    assert failed["error"]["message"] == FORMAT + 'Example 5 contains an extra "weight".'
    from fauxpen import store
    assert store.parts(path, job["id"] + ":training") == {}


def test_too_few_examples_are_told_after_the_last_step(tmp_path, monkeypatch):
    view, later, counted = stepped(monkeypatch, 2)
    client = make_client(tmp_path)
    job = create_job(client, training_file=upload(client, lines_with(0, "", 5).encode())).get_json()
    app = client.application
    path = app.config["FAUXPEN_STORE_PATH"]
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] == "validating_files"
    assert [view.step(app, path, job["id"]) for _ in range(3)] == [True, False, False]
    failed = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    assert failed["status"] == "failed" and failed["error"]["code"] == "invalid_n_examples"
    assert failed["error"]["message"] == "Training file has 5 example(s), but must have at least 10 examples"


def test_a_job_fails_when_it_would_have_been_queued(tmp_path, monkeypatch):
    clock = [1_800_000_000]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    client = make_client(tmp_path, seconds=100)
    job = create_job(client, training_file=upload(client, lines_with(0, "", 3).encode())).get_json()
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] == "validating_files"
    assert len(client.get(f"/v1/fine_tuning/jobs/{job['id']}/events").get_json()["data"]) == 2
    clock[0] += 1
    failed = client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()
    assert failed["status"] == "failed" and failed["finished_at"] is None
    [last, *_] = client.get(f"/v1/fine_tuning/jobs/{job['id']}/events").get_json()["data"]
    assert (last["level"], last["created_at"]) == ("error", job["created_at"] + 1)
    clock[0] += 200
    assert client.get(f"/v1/fine_tuning/jobs/{job['id']}").get_json()["status"] == "failed"
