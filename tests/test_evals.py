"""The Evals API: evals, runs answered with the canned reply and graded, and their output items.

Key orders, ids and echoes follow 2025 captures (curl output of an eval, a run and its items) and the API
reference's examples.
"""
import io
import json
import re
import time

import openai
import pytest

from fauxpen import create_app

ITEM_SCHEMA = {"type": "object", "properties": {"text": {"type": "string"}, "label": {"type": "string"}},
               "required": ["text", "label"]}
MATCH = {"type": "string_check", "name": "Match output to human label", "input": "{{ sample.output_text }}",
         "operation": "eq", "reference": "{{ item.label }}"}
REPLY = "Hello! How can I assist you today?"
ITEMS = [{"item": {"text": "hi", "label": REPLY}}, {"item": {"text": "bye", "label": "negative"}}]


def make_client(tmp_path, seconds):
    return create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite"),
                       "FAUXPEN_EVAL_SECONDS": seconds}).test_client()


@pytest.fixture
def client(tmp_path):
    """Runs complete at once."""
    return make_client(tmp_path, 0)


def new_eval(client, **body):
    response = client.post("/v1/evals", json={"name": "Sentiment", "data_source_config": {
        "type": "custom", "item_schema": ITEM_SCHEMA, "include_sample_schema": True}, "testing_criteria": [MATCH],
        **body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def completions_run(client, eval_id, items=ITEMS):
    response = client.post(f"/v1/evals/{eval_id}/runs", json={"name": "run", "data_source": {
        "type": "completions", "model": "gpt-4o-mini", "source": {"type": "file_content", "content": items},
        "input_messages": {"type": "template", "template": [{"role": "user", "content": "Say {{ item.text }}"}]}}})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def error(response, status=400):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


def test_an_eval_echoes_its_config_and_criteria_as_recorded(client):
    response = client.post("/v1/evals", json={"name": "Sentiment", "data_source_config": {
        "type": "custom", "item_schema": ITEM_SCHEMA, "include_sample_schema": True}, "testing_criteria": [MATCH]})
    body = response.get_json()
    assert response.get_data(as_text=True) == json.dumps(body, indent=2)
    assert list(body) == ["object", "id", "data_source_config", "testing_criteria", "name", "created_at", "metadata"]
    assert re.fullmatch(r"eval_[0-9a-f]{12}8190[0-9a-f]{16}", body["id"])
    assert int(body["id"][5:13], 16) == body["created_at"]
    schema = body["data_source_config"]["schema"]
    assert schema["properties"]["item"] == ITEM_SCHEMA and schema["required"] == ["item", "sample"]
    assert schema["properties"]["sample"]["properties"]["choices"]["items"]["properties"]["message"]["properties"][
        "refusal"] == {"type": ["boolean", "null"]}  # the recorded quirk
    criterion = body["testing_criteria"][0]
    assert list(criterion) == ["name", "id", "type", "input", "reference", "operation"]  # reordered, as recorded
    assert re.fullmatch(r"Match output to human label-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}",
                        criterion["id"])
    plain = new_eval(client, data_source_config={"type": "custom", "item_schema": ITEM_SCHEMA})
    assert plain["data_source_config"] == {"type": "custom", "schema": {
        "type": "object", "properties": {"item": ITEM_SCHEMA}, "required": ["item"]}}
    logs = new_eval(client, data_source_config={"type": "logs", "metadata": {"use": "chat"}})
    assert list(logs["data_source_config"]) == ["type", "metadata", "schema"]


def test_label_model_messages_are_echoed_as_input_text(client):
    judge = {"type": "label_model", "name": "Judge", "model": "gpt-4o-mini", "labels": ["good", "bad"],
             "passing_labels": ["good"], "input": [{"role": "system", "content": "Judge {{ item.text }}"}]}
    shown = new_eval(client, testing_criteria=[judge])["testing_criteria"][0]
    assert list(shown) == ["name", "id", "type", "model", "input", "passing_labels", "labels"]
    assert shown["input"] == [{"type": "message", "role": "system",
                               "content": {"type": "input_text", "text": "Judge {{ item.text }}"}}]


@pytest.mark.parametrize("body, message, param", [
    ({"testing_criteria": [MATCH]}, "Missing required parameter: 'data_source_config'.", "data_source_config"),
    ({"data_source_config": {"type": "custom", "item_schema": ITEM_SCHEMA}},
     "Missing required parameter: 'testing_criteria'.", "testing_criteria"),
    ({"data_source_config": {"type": "custom"}, "testing_criteria": [MATCH]},
     "Missing required parameter: 'data_source_config.item_schema'.", "data_source_config.item_schema"),
    ({"data_source_config": {"type": "files"}, "testing_criteria": [MATCH]},
     "Invalid value: 'files'. Supported values are: 'custom', 'logs', and 'stored_completions'.",
     "data_source_config.type"),
    ({"data_source_config": {"type": "logs"}, "testing_criteria": [{"type": "multi"}]},
     "Invalid value: 'multi'. Supported values are: 'label_model', 'string_check', 'text_similarity', 'python', and "
     "'score_model'.", "testing_criteria[0].type"),
    ({"data_source_config": {"type": "logs"}, "testing_criteria": [{"type": "string_check", "input": "x"}]},
     "Missing required parameter: 'testing_criteria[0].reference'.", "testing_criteria[0].reference"),
    ({"data_source_config": {"type": "logs"}, "testing_criteria": [
        {"type": "text_similarity", "input": "a", "reference": "b", "evaluation_metric": "fuzzy_match"}]},
     "Missing required parameter: 'testing_criteria[0].pass_threshold'.", "testing_criteria[0].pass_threshold"),
    # A label model's labels and passing labels, which the SDK's LabelModelGrader requires (openai 3.63).
    ({"data_source_config": {"type": "logs"}, "testing_criteria": [
        {"type": "label_model", "name": "j", "model": "gpt-4o-mini", "input": [{"role": "user", "content": "x"}],
         "passing_labels": ["good"]}]},
     "Missing required parameter: 'testing_criteria[0].labels'.", "testing_criteria[0].labels"),
    ({"data_source_config": {"type": "logs"}, "testing_criteria": [
        {"type": "label_model", "name": "j", "model": "gpt-4o-mini", "input": [{"role": "user", "content": "x"}],
         "labels": ["good"]}]},
     "Missing required parameter: 'testing_criteria[0].passing_labels'.", "testing_criteria[0].passing_labels"),
    ({"data_source_config": {"type": "logs"}, "testing_criteria": [
        {"type": "label_model", "name": "j", "model": "gpt-4o-mini", "input": [{"role": "user", "content": "x"}],
         "labels": "good", "passing_labels": ["good"]}]},
     "Invalid type for 'testing_criteria[0].labels': expected an array, but got a string instead.",
     "testing_criteria[0].labels"),
])
def test_a_bad_eval_is_refused(client, body, message, param):
    found = error(client.post("/v1/evals", json=body))
    assert (found["message"], found["param"]) == (message, param)


def test_a_run_is_queued_then_completed_with_its_counts_and_items(tmp_path):
    client = make_client(tmp_path, 3600)
    made = new_eval(client)
    run = completions_run(client, made["id"])
    assert list(run) == ["object", "id", "eval_id", "report_url", "status", "model", "name", "created_at",
                         "result_counts", "per_model_usage", "per_testing_criteria_results", "data_source", "error",
                         "metadata", "shared_with_openai"]
    assert re.fullmatch(r"evalrun_[0-9a-f]{32}", run["id"]) and run["status"] == "queued"
    assert run["result_counts"] == {"total": 0, "errored": 0, "failed": 0, "passed": 0}
    assert run["per_model_usage"] is None and run["per_testing_criteria_results"] is None
    assert run["report_url"] == f"https://platform.openai.com/evaluations/{made['id']}?run_id={run['id']}"
    assert run["data_source"]["input_messages"]["template"] == [
        {"type": "message", "role": "user", "content": {"type": "input_text", "text": "Say {{ item.text }}"}}]
    assert run["data_source"]["sampling_params"] is None
    items = client.get(f"/v1/evals/{made['id']}/runs/{run['id']}/output_items").get_json()
    assert items["data"] == []  # nothing until it completes
    canceled = client.post(f"/v1/evals/{made['id']}/runs/{run['id']}/cancel")
    assert canceled.get_json()["status"] == "canceled"


def test_a_completed_run_grades_the_canned_reply(client):
    made = new_eval(client)
    run = completions_run(client, made["id"])
    done = client.get(f"/v1/evals/{made['id']}/runs/{run['id']}").get_json()
    assert done["status"] == "completed"
    assert done["result_counts"] == {"total": 2, "errored": 0, "failed": 1, "passed": 1}
    criterion = made["testing_criteria"][0]["id"]
    assert done["per_testing_criteria_results"] == [{"testing_criteria": criterion, "passed": 1, "failed": 1}]
    usage = done["per_model_usage"][0]
    assert list(usage) == ["model_name", "invocation_count", "prompt_tokens", "completion_tokens", "total_tokens",
                           "cached_tokens"]
    assert usage["model_name"] == "gpt-4o-mini-2024-07-18" and usage["invocation_count"] == 2
    listed = client.get(f"/v1/evals/{made['id']}/runs/{run['id']}/output_items").get_json()
    assert list(listed) == ["object", "data", "first_id", "last_id", "has_more"]
    first = listed["data"][0]
    assert list(first)[:10] == ["object", "id", "created_at", "run_id", "eval_id", "status", "datasource_item_id",
                                "datasource_item", "results", "sample"]
    assert first["status"] == "pass" and first["datasource_item"] == ITEMS[0]["item"]
    assert first["results"] == [{"name": criterion, "sample": None, "passed": True, "score": 1.0}]
    assert first["sample"]["input"][0]["content"] == "Say hi" and first["sample"]["output"][0]["content"] == REPLY
    assert [item["status"] for item in client.get(
        f"/v1/evals/{made['id']}/runs/{run['id']}/output_items?status=fail").get_json()["data"]] == ["fail"]
    assert client.get(f"/v1/evals/{made['id']}/runs/{run['id']}/output_items/{first['id']}").get_json() == first
    assert error(client.post(f"/v1/evals/{made['id']}/runs/{run['id']}"), 409)["message"] == (
        "Cannot cancel a run with status 'completed'.")


def test_a_jsonl_run_grades_the_samples_it_brings_from_a_file(client):
    made = new_eval(client)
    lines = b"\n".join(json.dumps({"item": {"text": "x", "label": "yes"}, "sample": {"output_text": text}}).encode()
                       for text in ("yes", "no"))
    file_id = client.post("/v1/files", data={"purpose": "evals", "file": (io.BytesIO(lines), "d.jsonl")}).get_json()[
        "id"]
    run = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "jsonl", "source": {"type": "file_id", "id": file_id}}}).get_json()
    done = client.get(f"/v1/evals/{made['id']}/runs/{run['id']}").get_json()
    assert done["result_counts"]["passed"] == 1 and done["per_model_usage"] == [] and done["model"] is None
    assert error(client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "jsonl", "source": {"type": "file_id", "id": "file-nope"}}}), 404)["message"] == (
        "No such File object: file-nope")


def test_lists_updates_and_deletes(client):
    first, second = new_eval(client), new_eval(client, name="Second")
    listed = client.get("/v1/evals").get_json()
    assert [item["id"] for item in listed["data"]] == [first["id"], second["id"]]  # oldest first (reference)
    assert [item["id"] for item in client.get("/v1/evals?order=desc&limit=1").get_json()["data"]] == [second["id"]]
    updated = client.post(f"/v1/evals/{first['id']}", json={"name": "Renamed", "metadata": {"k": "v"}}).get_json()
    assert (updated["name"], updated["metadata"]) == ("Renamed", {"k": "v"})
    run = completions_run(client, first["id"])
    assert client.delete(f"/v1/evals/{first['id']}/runs/{run['id']}").get_json() == {
        "object": "eval.run.deleted", "deleted": True, "run_id": run["id"]}
    assert error(client.get(f"/v1/evals/{first['id']}/runs/{run['id']}"), 404)["message"] == (
        f"Eval run with id '{run['id']}' not found.")
    assert client.delete(f"/v1/evals/{first['id']}").get_json() == {"object": "eval.deleted", "deleted": True,
                                                                    "eval_id": first["id"]}
    assert error(client.get(f"/v1/evals/{first['id']}"), 404)["message"] == f"Eval with id '{first['id']}' not found."


def test_the_sdk_creates_an_eval_and_reads_a_run(sdk):
    made = sdk.evals.create(name="sdk", data_source_config={"type": "custom", "item_schema": ITEM_SCHEMA},
                            testing_criteria=[MATCH])
    run = sdk.evals.runs.create(made.id, data_source={
        "type": "completions", "model": "gpt-4o-mini", "source": {"type": "file_content", "content": ITEMS},
        "input_messages": {"type": "template", "template": [{"role": "user", "content": "{{ item.text }}"}]}})
    assert run.status == "queued" and run.eval_id == made.id
    assert sdk.evals.retrieve(made.id).testing_criteria[0].name == MATCH["name"]
    assert run.id in [item.id for item in sdk.evals.runs.list(made.id)]
    assert sdk.evals.runs.delete(run.id, eval_id=made.id).run_id == run.id
    assert sdk.evals.delete(made.id).deleted
    with pytest.raises(openai.NotFoundError):
        sdk.evals.retrieve(made.id)


def test_odd_samples_criteria_and_files_are_refused_or_read_not_crashed(client):
    made = new_eval(client)
    content = [{"item": {"text": "x", "label": "5"}, "sample": {"output_text": 5}}]
    run = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "jsonl", "source": {"type": "file_content", "content": content}}}).get_json()
    assert client.get(f"/v1/evals/{made['id']}/runs/{run['id']}").get_json()["result_counts"]["passed"] == 1
    found = error(client.post("/v1/evals", json={"data_source_config": {"type": "logs"}, "testing_criteria": [
        {"type": "python", "source": "def grade(s, i): return 1", "pass_threshold": "0.5"}]}))
    assert (found["param"], found["code"]) == ("testing_criteria[0].pass_threshold", "invalid_type")
    nan = client.post("/v1/files", data={"purpose": "evals", "file": (io.BytesIO(b'{"item": {"a": NaN}}'), "n.jsonl")})
    found = error(client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "jsonl", "source": {"type": "file_id", "id": nan.get_json()["id"]}}}))
    assert found["param"] == "data_source.source.id"
    parts = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "completions", "model": "gpt-4o", "source": {"type": "file_content", "content": ITEMS},
        "input_messages": {"type": "template", "template": [{"role": "user", "content": {"type": "input_text",
                                                                                          "text": 5}}]}}})
    assert parts.status_code == 200
    for template, named in ((5, "an integer"), ("Say hi", "a string")):
        found = error(client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
            "type": "completions", "model": "gpt-4o", "source": {"type": "file_content", "content": ITEMS},
            "input_messages": {"type": "template", "template": template}}}))
        assert (found["message"], found["param"]) == (
            f"Invalid type for 'data_source.input_messages.template': expected an array, but got {named} instead.",
            "data_source.input_messages.template")


def test_a_run_samples_the_configured_reply_with_its_sampling_params(tmp_path):
    client = create_app({"TESTING": True, "FAUXPEN_STORE_PATH": str(tmp_path / "store.sqlite"),
                         "FAUXPEN_EVAL_SECONDS": 0, "FAUXPEN_REPLY": "negative"}).test_client()
    made = new_eval(client)
    run = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "completions", "model": "gpt-4o-mini", "source": {"type": "file_content", "content": ITEMS},
        "sampling_params": {"temperature": 0.2, "seed": 7}}}).get_json()
    items = client.get(f"/v1/evals/{made['id']}/runs/{run['id']}/output_items").get_json()["data"]
    assert [item["status"] for item in items] == ["fail", "pass"]  # the second item's label is the reply
    assert (items[0]["sample"]["temperature"], items[0]["sample"]["seed"]) == (0.2, 7)


def test_deleting_an_eval_deletes_its_runs(client):
    made = new_eval(client)
    run = completions_run(client, made["id"])
    client.delete(f"/v1/evals/{made['id']}")
    assert client.get("/v1/evals").get_json()["data"] == []
    assert error(client.get(f"/v1/evals/{made['id']}/runs/{run['id']}"), 404)


def test_list_status_filters_take_only_their_values(client):
    made = new_eval(client)
    run = completions_run(client, made["id"])
    assert [item["id"] for item in client.get(
        f"/v1/evals/{made['id']}/runs?status=completed").get_json()["data"]] == [run["id"]]
    found = error(client.get(f"/v1/evals/{made['id']}/runs?status=done"))
    assert (found["message"], found["param"]) == ("Invalid value: 'done'. Supported values are: 'queued', "
                                                  "'in_progress', 'completed', 'canceled', and 'failed'.", "status")
    found = error(client.get(f"/v1/evals/{made['id']}/runs/{run['id']}/output_items?status=ok"))
    assert found["message"] == "Invalid value: 'ok'. Supported values are: 'fail' and 'pass'."


def test_input_messages_are_a_template_or_a_reference_into_the_item(client):
    made = new_eval(client)

    def run(input_messages):
        return client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
            "type": "completions", "model": "gpt-4o-mini", "input_messages": input_messages, "source": {
                "type": "file_content", "content": [{"item": {"text": "hi", "label": "x", "turns": [
                    {"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say {{ item.text }}"}]}}]}}})

    for input_messages, message in (
            ({"type": "template"}, "Missing required parameter: 'data_source.input_messages.template'."),
            ({"type": "item_reference"}, "Missing required parameter: 'data_source.input_messages.item_reference'."),
            ({"type": "template", "template": [], "item_reference": "item.turns"},
             "Unknown parameter: 'data_source.input_messages.item_reference'.")):
        assert error(run(input_messages))["message"] == message
    answered = run({"type": "item_reference", "item_reference": "item.turns"})
    assert answered.status_code == 200
    items = client.get(f"/v1/evals/{made['id']}/runs/{answered.get_json()['id']}/output_items").get_json()["data"]
    assert [(part["role"], part["content"]) for part in items[0]["sample"]["input"]] == [
        ("system", "Be brief."), ("user", "Say hi")]


@pytest.mark.parametrize("data_source", [
    {"type": "completions", "source": {"type": "stored_completions", "limit": 5}},
    {"type": "responses", "source": {"type": "responses", "limit": 5}},
])
def test_a_run_over_logged_answers_needs_no_model(client, data_source):
    """The SDK types the model of a completions or responses run as optional, "used when sampling": stored
    completions and responses already hold their answers, so such a run proceeds without one."""
    made = new_eval(client)
    response = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": data_source})
    assert response.status_code == 200, response.get_data(as_text=True)
    run = response.get_json()
    assert run["model"] is None and run["data_source"]["source"] == data_source["source"]
    done = client.get(f"/v1/evals/{made['id']}/runs/{run['id']}").get_json()
    assert done["status"] == "completed" and done["per_model_usage"] == []


def test_a_run_that_samples_needs_a_model_and_never_names_none(client):
    made = new_eval(client)
    found = error(client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "completions", "source": {"type": "file_content", "content": ITEMS}}}))
    assert (found["message"], found["param"], found["code"]) == (
        "Missing required parameter: 'data_source.model'.", "data_source.model", "missing_required_parameter")
    found = error(client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "completions", "model": "gpt-nope", "source": {"type": "stored_completions"}}}))
    assert found["message"] == "Invalid value for 'data_source.model': the model 'gpt-nope' does not exist."


def test_the_sdk_runs_stored_completions_without_a_model(sdk):
    made = sdk.evals.create(name="logs", data_source_config={"type": "stored_completions"}, testing_criteria=[MATCH])
    run = sdk.evals.runs.create(made.id, data_source={"type": "completions",
                                                      "source": {"type": "stored_completions", "limit": 5}})
    assert run.status == "queued" and run.data_source.source.type == "stored_completions"


def test_a_page_of_output_items_reads_those_items_alone(client, monkeypatch):
    # The run's items were kept in its record: a page of one of 100,000 items read them all (16 s), and so did
    # the run's retrieve (20 s, 2.4 s now: the data source it shows).
    from fauxpen import store
    made = new_eval(client)
    items = [{"item": {"text": f"t{n}", "label": REPLY if n % 3 else "no"}} for n in range(30)]
    run = completions_run(client, made["id"], items)
    base = f"/v1/evals/{made['id']}/runs/{run['id']}/output_items"
    whole = client.get(base + "?limit=100").get_json()["data"]
    assert [item["datasource_item_id"] for item in whole] == list(range(30))
    read, loads = [], json.loads

    class Counting:
        dumps = staticmethod(json.dumps)

        @staticmethod
        def loads(text):
            read.append(len(text))
            return loads(text)
    monkeypatch.setattr(store, "json", Counting)
    listed = client.get(base + f"?limit=4&after={whole[9]['id']}").get_json()
    assert [item["id"] for item in listed["data"]] == [item["id"] for item in whole[10:14]]
    assert listed["has_more"] is True and listed["last_id"] == whole[13]["id"]
    assert sum(read) < 6 * len(json.dumps(whole[0])) + 2_000  # four items, one more, the eval and the run
    newest = client.get(base + f"?order=desc&limit=3&after={whole[2]['id']}").get_json()
    assert [item["id"] for item in newest["data"]] == [whole[1]["id"], whole[0]["id"]] and not newest["has_more"]
    failed = client.get(base + "?status=fail&limit=100").get_json()["data"]
    assert [item["datasource_item_id"] for item in failed] == list(range(0, 30, 3))
    assert client.get(base + f"?status=fail&after={whole[1]['id']}").get_json()["data"] == failed[:20]
    assert client.get(f"{base}/{whole[7]['id']}").get_json() == whole[7]
    assert client.get(f"/v1/evals/{made['id']}/runs/{run['id']}").get_json()["data_source"]["source"]["content"] \
        == items
    assert client.delete(f"/v1/evals/{made['id']}/runs/{run['id']}").status_code == 200
    assert not store.output_page(client.application.config["FAUXPEN_STORE_PATH"], run["id"], None, None, False, 5)[0]


def stepped(monkeypatch, items_a_step):
    """Steps of items_a_step items, the thread not started (its runs noted); and the items each step graded."""
    from fauxpen import evals
    from fauxpen.views import evals as view
    monkeypatch.setattr(view, "STEP_ITEMS", items_a_step)
    later, graded, grade = [], [], evals.grade_items
    monkeypatch.setattr(view, "run_later", lambda app, path, run_id: later.append(run_id))

    def counting(record, run_id, data_source, items, *args):
        graded.append([entry["item"]["text"] for entry in items])
        return grade(record, run_id, data_source, items, *args)
    monkeypatch.setattr(evals, "grade_items", counting)
    return view, later, graded


def test_a_run_is_graded_a_bounded_step_at_a_time(client, monkeypatch):
    # The create call graded every item at once: 100,000 items took it 38 s.
    made = new_eval(client)
    items = [{"item": {"text": f"t{n}", "label": REPLY if n % 3 else "no"}} for n in range(8)]
    whole = completions_run(client, made["id"], items)  # in one step
    view, later, graded = stepped(monkeypatch, 3)
    run = completions_run(client, made["id"], items)
    assert run["status"] == "queued" and later == [run["id"]] and graded == [["t0", "t1", "t2"]]
    base = f"/v1/evals/{made['id']}/runs/{run['id']}"
    running = client.get(base).get_json()  # FAUXPEN_EVAL_SECONDS is 0, but its items are not all graded
    assert running["status"] == "in_progress" and running["per_testing_criteria_results"] is None
    assert running["result_counts"] == {"total": 0, "errored": 0, "failed": 0, "passed": 0}
    assert client.get(base + "/output_items").get_json()["data"] == []
    assert client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {"type": "jsonl", "source": {
        "type": "file_content", "content": items}}}).get_json()["status"] == "queued"  # another run, unstepped
    path = client.application.config["FAUXPEN_STORE_PATH"]
    assert [view.step(client.application, path, run["id"]) for _ in range(3)] == [True, False, False]
    assert graded[1:] == [["t0", "t1", "t2"], ["t3", "t4", "t5"], ["t6", "t7"]]
    done, once = client.get(base).get_json(), client.get(f"/v1/evals/{made['id']}/runs/{whole['id']}").get_json()
    assert done["status"] == "completed" and done["result_counts"] == once["result_counts"] == {
        "total": 8, "errored": 0, "failed": 3, "passed": 5}
    assert done["per_model_usage"] == once["per_model_usage"]
    assert done["per_testing_criteria_results"][0] | {"testing_criteria": 0} == {
        "testing_criteria": 0, "passed": 5, "failed": 3}
    shown = client.get(base + "/output_items?limit=100").get_json()["data"]
    assert [item["datasource_item_id"] for item in shown] == list(range(8))
    assert [item["status"] for item in shown] == ["fail", "pass", "pass"] * 2 + ["fail", "pass"]
    assert [item["datasource_item"]["text"] for item in shown] == [f"t{n}" for n in range(8)]
    from fauxpen import store
    assert not store.parts(path, f"{run['id']}:input")


def test_a_run_of_a_file_is_graded_in_steps_and_blank_lines_are_no_items(client, monkeypatch):
    made = new_eval(client)
    view, later, graded = stepped(monkeypatch, 2)
    lines = [json.dumps({"item": {"text": f"t{n}", "label": "yes"}, "sample": {"output_text": "yes" if n % 2 else
                                                                                "no"}}) for n in range(5)]
    content = "\n".join(lines[:2] + ["", "  "] + lines[2:]).encode()
    file_id = client.post("/v1/files", data={"purpose": "evals", "file": (io.BytesIO(content), "d.jsonl")}).get_json()[
        "id"]
    run = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "jsonl", "source": {"type": "file_id", "id": file_id}}}).get_json()
    path = client.application.config["FAUXPEN_STORE_PATH"]
    while view.step(client.application, path, run["id"]):
        pass
    assert graded == [["t0", "t1"], ["t2", "t3"], ["t4"]]
    done = client.get(f"/v1/evals/{made['id']}/runs/{run['id']}").get_json()
    assert done["result_counts"] == {"total": 5, "errored": 0, "failed": 3, "passed": 2}


def test_the_eval_run_thread_grades_the_rest(client, monkeypatch):
    from fauxpen.views import evals as view
    monkeypatch.setattr(view, "STEP_ITEMS", 2)
    made = new_eval(client)
    run = completions_run(client, made["id"], [{"item": {"text": f"t{n}", "label": REPLY}} for n in range(7)])
    deadline = time.time() + 10
    while (shown := client.get(f"/v1/evals/{made['id']}/runs/{run['id']}").get_json())["status"] != "completed":
        assert time.time() < deadline
        time.sleep(0.05)
    assert shown["result_counts"] == {"total": 7, "errored": 0, "failed": 0, "passed": 7}
    items = client.get(f"/v1/evals/{made['id']}/runs/{run['id']}/output_items?limit=100").get_json()["data"]
    assert [item["datasource_item_id"] for item in items] == list(range(7))


def test_a_canceled_or_deleted_run_takes_no_more_steps(client, monkeypatch):
    from fauxpen import store
    view, later, graded = stepped(monkeypatch, 2)
    made = new_eval(client)
    path, items = client.application.config["FAUXPEN_STORE_PATH"], [{"item": {"text": f"t{n}"}} for n in range(5)]
    for end in ("/cancel", ""):
        run = completions_run(client, made["id"], items)
        call = client.post if end else client.delete
        assert call(f"/v1/evals/{made['id']}/runs/{run['id']}{end}").status_code == 200
        assert view.step(client.application, path, run["id"]) is False
        assert not store.parts(path, f"{run['id']}:input")
        assert not store.output_page(path, run["id"], None, None, False, 5)[0]
    assert graded == [["t0", "t1"]] * 2


def test_a_run_no_worker_steps_is_taken_over_and_a_late_step_adds_nothing(client, monkeypatch):
    from fauxpen import store
    view, later, graded = stepped(monkeypatch, 1)
    made = new_eval(client)
    run = completions_run(client, made["id"], [{"item": {"text": f"t{n}", "label": REPLY}} for n in range(3)])
    base, path = f"/v1/evals/{made['id']}/runs/{run['id']}", client.application.config["FAUXPEN_STORE_PATH"]
    client.get(base)
    assert later == [run["id"]]  # its worker's thread has it

    def stopped(kept):
        kept["pending"]["beat"] -= view.stepping.LEASE + 1
    store.update_record(path, "eval_runs", run["id"], stopped)
    client.get(f"/v1/evals/{made['id']}/runs")
    assert later == [run["id"]] * 2
    grade = view.evals.grade_items

    def overtaken(*args):  # another worker runs this step again while this one grades it
        def lapsed(kept):
            kept["pending"]["claimed_until"] = 0
        store.update_record(path, "eval_runs", run["id"], lapsed)
        monkeypatch.setattr(view.evals, "grade_items", grade)
        assert view.step(client.application, path, run["id"]) is True
        return grade(*args)
    monkeypatch.setattr(view.evals, "grade_items", overtaken)
    assert view.step(client.application, path, run["id"]) is False  # its step was run again: not noted
    assert view.step(client.application, path, run["id"]) is False
    done = client.get(base).get_json()
    assert done["status"] == "completed" and done["result_counts"]["total"] == 3
    items = client.get(base + "/output_items?limit=100").get_json()["data"]
    assert [item["datasource_item_id"] for item in items] == [0, 1, 2]


def jsonl_file(client, lines):
    content = "\n".join(lines).encode()
    return client.post("/v1/files", data={"purpose": "evals", "file": (io.BytesIO(content), "d.jsonl")}).get_json()[
        "id"]


def decoded_lines(monkeypatch):
    """Count the lines of items decoded (each checked to be JSON)."""
    from fauxpen.views import evals as view
    seen, decoder = [0], view.wire._DECODER

    class Counting:
        def decode(self, text):
            seen[0] += 1
            return decoder.decode(text)
    monkeypatch.setattr(view.wire, "_DECODER", Counting())
    return seen


def test_a_run_create_checks_a_bounded_part_of_a_large_file(client, monkeypatch):
    # The create call decoded every line of a file_id source to refuse one that is not JSON: 84,000 items took it
    # 10 s. It checks the lines of its first step (as it did every line of a file that takes one step); its steps
    # check the rest as they grade them.
    view, later, graded = stepped(monkeypatch, 10)
    made = new_eval(client)
    lines = [json.dumps({"item": {"text": f"t{n}", "label": "yes"}, "sample": {"output_text": "yes"}})
             for n in range(500)]
    seen = decoded_lines(monkeypatch)
    run = client.post(f"/v1/evals/{made['id']}/runs", json={"data_source": {
        "type": "jsonl", "source": {"type": "file_id", "id": jsonl_file(client, lines)}}}).get_json()
    assert run["status"] == "queued" and later == [run["id"]] and graded == [[f"t{n}" for n in range(10)]]
    assert seen[0] == 1 + 20  # its body; its check of a step of lines, then its step's grading of them
    path = client.application.config["FAUXPEN_STORE_PATH"]
    while view.step(client.application, path, run["id"]):
        pass
    assert seen[0] == 1 + 510 and len(graded) == 50
    kept = view.store.get_record(path, "eval_runs", run["id"])
    assert "pending" not in kept and kept["counts"]["passed"] == 500


def test_a_line_not_json_is_refused_in_the_first_step_and_fails_the_run_past_it(client, monkeypatch):
    from fauxpen import store
    view, later, graded = stepped(monkeypatch, 3)
    made = new_eval(client)
    lines = [json.dumps({"item": {"text": f"t{n}", "label": "yes"}, "sample": {"output_text": "yes"}})
             for n in range(8)]
    path, runs = client.application.config["FAUXPEN_STORE_PATH"], f"/v1/evals/{made['id']}/runs"
    for at in (0, 2):  # among the first step's lines: refused as a file of one step's bad line is, nothing kept
        file_id = jsonl_file(client, lines[:at] + ['{"item": {"a": NaN}}'] + lines[at:])
        found = error(client.post(runs, json={"data_source": {"type": "jsonl", "source": {"type": "file_id",
                                                                                          "id": file_id}}}))
        assert found == {"message": f"File {file_id} is not valid JSON Lines.", "type": "invalid_request_error",
                         "param": "data_source.source.id", "code": None}
    assert client.get(runs).get_json()["data"] == [] and later == [] and graded == []
    file_id = jsonl_file(client, lines[:5] + ["[1,"] + lines[5:])  # in the second step: the run fails there
    run = client.post(runs, json={"data_source": {"type": "jsonl", "source": {"type": "file_id", "id": file_id}}})
    run = run.get_json()
    assert run["status"] == "queued" and run["error"] is None
    assert view.step(client.application, path, run["id"]) is False and graded == [["t0", "t1", "t2"]]
    shown = client.get(f"{runs}/{run['id']}").get_json()
    assert shown["status"] == "failed" and shown["error"] == {
        "code": "invalid_file", "message": f"File {file_id} is not valid JSON Lines."}
    assert shown["result_counts"] == {"total": 0, "errored": 0, "failed": 0, "passed": 0}
    assert shown["per_testing_criteria_results"] is None and shown["per_model_usage"] is None
    assert client.get(f"{runs}/{run['id']}/output_items").get_json()["data"] == []
    assert not store.parts(path, f"{run['id']}:input") and not store.output_page(path, run["id"], None, None,
                                                                                 False, 5)[0]
    assert [one["id"] for one in client.get(f"{runs}?status=failed").get_json()["data"]] == [run["id"]]
    assert error(client.post(f"{runs}/{run['id']}/cancel"), 409)["message"] == (
        "Cannot cancel a run with status 'failed'.")
