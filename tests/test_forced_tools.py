"""A tool_choice forcing a built-in tool: the response answers with that tool's call, as the SDK types it, streamed
with the events the SDK types for it; the calls the API runs (code interpreter, image generation) are followed by
the message, the client's (computer, shell, apply_patch) end the response, and their outputs sent back are
answered as a function's are."""
import base64
import json

import pytest
from openai.types.responses import (Response, ResponseApplyPatchToolCall, ResponseCodeInterpreterToolCall,
                                    ResponseComputerToolCall, ResponseFunctionShellToolCall, ResponseOutputMessage,
                                    ResponseStreamEvent)
from openai.types.responses.response_output_item import ImageGenerationCall
from openai.types.responses import response_stream_event as events_module
from pydantic import TypeAdapter

from fauxpen import images

PREVIEW = {"type": "computer_use_preview", "display_width": 1024, "display_height": 768, "environment": "browser"}
INTERPRETER = {"type": "code_interpreter", "container": {"type": "auto"}}
# Each tool forced: its tool, the SDK's class of its call, and whether the API runs it (a message follows).
FORCED = {
    "computer_use_preview": (PREVIEW, ResponseComputerToolCall, False),
    "computer": ({"type": "computer"}, ResponseComputerToolCall, False),
    "shell": ({"type": "shell"}, ResponseFunctionShellToolCall, False),
    "apply_patch": ({"type": "apply_patch"}, ResponseApplyPatchToolCall, False),
    "code_interpreter": (INTERPRETER, ResponseCodeInterpreterToolCall, True),
    "image_generation": ({"type": "image_generation"}, ImageGenerationCall, True),
}
PREFIXES = {"computer_call": "cu_", "shell_call": "sh_", "apply_patch_call": "apc_", "code_interpreter_call": "ci_",
            "image_generation_call": "ig_"}
EVENTS = TypeAdapter(ResponseStreamEvent)
# Every event type the SDK types, by its `type`: a stream's event must parse as that class.
EVENT_CLASSES = {cls.model_fields["type"].annotation.__args__[0]: cls
                 for cls in vars(events_module).values() if isinstance(cls, type) and hasattr(cls, "model_fields")
                 and "type" in cls.model_fields and "sequence_number" in cls.model_fields}
# Events the real API streams that the SDK (3.63) types no class for: an apply_patch call's diff (recorded).
UNTYPED = {"response.apply_patch_call_operation_diff.delta", "response.apply_patch_call_operation_diff.done"}


def respond(client, kind, tool=None, **fields):
    tool = tool or FORCED[kind][0]
    body = {"model": "gpt-4o", "input": "Show me a grey square", "tools": [tool], "tool_choice": {"type": kind},
            **fields}
    response = client.post("/v1/responses", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def streamed(response):
    """The stream's events, each checked to parse as the SDK's class of its type."""
    text = response.get_data(as_text=True)
    found = [json.loads(line[len("data: "):]) for line in text.splitlines() if line.startswith("data: ")]
    for event in found:
        if event["type"] not in UNTYPED:
            assert type(EVENTS.validate_python(event)) is EVENT_CLASSES[event["type"]], event["type"]
    return found


@pytest.mark.parametrize("kind", FORCED)
def test_a_forced_tool_answers_with_its_call(client, kind):
    _, cls, run_by_the_api = FORCED[kind]
    body = respond(client, kind).get_json()
    response = Response.model_validate(body)
    call = response.output[0]
    assert type(call) is cls and call.status == "completed"
    assert call.id.startswith(PREFIXES[call.type]) and call.id.split("_", 1)[1][:18] == body["id"][5:23]
    assert list(body["output"][0])[:3] == ["id", "type", "status"]
    if run_by_the_api:  # the API runs it, then the model writes its message
        assert [type(item) for item in response.output] == [cls, ResponseOutputMessage]
        assert response.output_text
    else:  # the client runs it: the response ends with the call
        assert len(response.output) == 1 and response.output_text == ""
        assert call.call_id.startswith("call_") and len(call.call_id) == 29
    assert response.status == "completed" and response.tool_choice.type == kind
    assert body["usage"]["output_tokens"] > 0 and body["usage"]["total_tokens"] == (
        body["usage"]["input_tokens"] + body["usage"]["output_tokens"])


def test_what_each_call_says(client):
    computer = respond(client, "computer_use_preview").get_json()["output"][0]
    assert (computer["action"], computer["pending_safety_checks"]) == ({"type": "screenshot"}, [])
    assert "actions" not in computer
    batched = respond(client, "computer").get_json()["output"][0]  # the GA tool's batched actions
    assert batched["actions"] == [{"type": "screenshot"}] and "action" not in batched
    shell = respond(client, "shell").get_json()["output"][0]
    assert shell["action"]["commands"] and shell["environment"] is None
    local = {"type": "shell", "environment": {"type": "local"}}
    assert respond(client, "shell", local).get_json()["output"][0]["environment"] == {"type": "local"}
    patch = respond(client, "apply_patch").get_json()["output"][0]
    assert patch["operation"]["type"] == "create_file" and patch["operation"]["diff"].startswith("+")


def test_a_code_interpreter_runs_in_its_container(client, sdk):
    # An auto container is made when the tool is called, kept as the Containers API keeps one.
    body = respond(client, "code_interpreter").get_json()
    call = body["output"][0]
    assert call["code"] and call["outputs"] is None  # outputs only with include
    container = client.get(f"/v1/containers/{call['container_id']}")
    assert container.status_code == 200 and container.get_json()["status"] == "running"
    # A container named by the tool is the one used; include shows the logs.
    made = sdk.containers.create(name="mine").id
    response = sdk.responses.create(model="gpt-4o", input="Run it", include=["code_interpreter_call.outputs"],
                                    tools=[{"type": "code_interpreter", "container": made}],
                                    tool_choice={"type": "code_interpreter"})
    call = response.output[0]
    assert type(call) is ResponseCodeInterpreterToolCall and call.container_id == made
    assert [(output.type, output.logs) for output in call.outputs] == [("logs", "Hello, world!\n")]


def test_an_image_generation_draws_a_picture_and_counts_it(client):
    body = respond(client, "image_generation").get_json()
    call = body["output"][0]
    picture = base64.b64decode(call["result"])
    assert picture == images.picture("1024x1024", "png")
    assert images.picture_header(picture)[:2] == (1024, 1024)
    assert (call["action"], call["background"], call["output_format"], call["quality"], call["size"]) == (
        "generate", "opaque", "png", "medium", "1024x1024")
    assert call["revised_prompt"] == "Show me a grey square"
    usage = body["tool_usage"]["image_gen"]
    assert usage["output_tokens"] > 0 and usage["output_tokens_details"]["image_tokens"] == usage["output_tokens"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert body["tool_usage"]["web_search"] == {"num_requests": 0}
    # The tool's settings are drawn as asked.
    tool = {"type": "image_generation", "size": "1536x1024", "quality": "low", "output_format": "jpeg"}
    call = respond(client, "image_generation", tool).get_json()["output"][0]
    assert (call["size"], call["quality"], call["output_format"]) == ("1536x1024", "low", "jpeg")
    assert images.picture_header(base64.b64decode(call["result"]))[:2] == (1536, 1024)


def test_an_image_generation_draws_a_gif_or_an_svg_on_gpt_image_2_6(client):
    # The tool's gif and svg formats (the SDK's, openai 3.63) on the models that draw them (2.6, the default one).
    tool = {"type": "image_generation", "output_format": "gif", "frame_count": 3, "size": "1024x1536"}
    call = respond(client, "image_generation", tool).get_json()["output"][0]
    assert call["output_format"] == "gif" and base64.b64decode(call["result"]) == images.gif("1024x1536", 3, 200)
    call = respond(client, "image_generation", {**tool, "output_format": "svg"}).get_json()["output"][0]
    assert call["output_format"] == "svg" and base64.b64decode(call["result"]) == images.svg("1024x1536")
    on_2_5 = respond(client, "image_generation", {**tool, "model": "gpt-image-2.5-flare"}).get_json()["output"][0]
    assert on_2_5["output_format"] == "png"  # drawn as its default, as before


@pytest.mark.parametrize("kind", FORCED)
def test_a_forced_call_streams_the_events_the_sdk_types(client, kind):
    body = respond(client, kind, stream=True)
    found = streamed(body)
    kinds = [event["type"] for event in found]
    added = found[kinds.index("response.output_item.added")]
    done = found[kinds.index("response.output_item.done")]
    assert added["item"]["status"] == "in_progress" and done["item"]["status"] == "completed"
    assert added["item"]["id"] == done["item"]["id"]
    stages = kinds[kinds.index("response.output_item.added") + 1:kinds.index("response.output_item.done")]
    if kind == "code_interpreter":
        assert stages[0] == "response.code_interpreter_call.in_progress"
        assert stages[-3:] == ["response.code_interpreter_call_code.done",
                               "response.code_interpreter_call.interpreting", "response.code_interpreter_call.completed"]
        deltas = [event["delta"] for event in found if event["type"] == "response.code_interpreter_call_code.delta"]
        assert "".join(deltas) == done["item"]["code"] and added["item"]["code"] == ""
    elif kind == "image_generation":
        assert stages == ["response.image_generation_call.in_progress", "response.image_generation_call.generating",
                          "response.image_generation_call.completed"]  # no partial pictures unless asked for
        # openai-dotnet session records (ImageGenToolStreaming, October and December 2025): no result key yet.
        assert list(added["item"]) == ["id", "type", "status"]
    elif kind == "shell":
        assert stages[0] == "response.shell_call_command.added" and stages[-1] == "response.shell_call_command.done"
        deltas = [event["delta"] for event in found if event["type"] == "response.shell_call_command.delta"]
        assert "".join(deltas) == done["item"]["action"]["commands"][0]
        assert added["item"]["action"]["commands"] == []
    elif kind == "apply_patch":
        # The diff a token at a time, then whole (vercel/ai fixture of gpt-5.1, November 2025): keys as recorded.
        assert stages[-1] == "response.apply_patch_call_operation_diff.done"
        assert set(stages[:-1]) == {"response.apply_patch_call_operation_diff.delta"} and len(stages) > 2
        deltas = [event for event in found if event["type"] == "response.apply_patch_call_operation_diff.delta"]
        assert list(deltas[0]) == ["type", "delta", "item_id", "obfuscation", "output_index", "sequence_number"]
        assert all(len(event["delta"]) + len(event["obfuscation"]) == 16 for event in deltas)
        assert "".join(event["delta"] for event in deltas) == done["item"]["operation"]["diff"]
        assert found[kinds.index(stages[-1])] == {
            "type": stages[-1], "diff": done["item"]["operation"]["diff"], "item_id": done["item"]["id"],
            "output_index": 0, "sequence_number": found[kinds.index(stages[-1])]["sequence_number"]}
        assert added["item"]["operation"]["diff"] == ""
    else:
        assert stages == []
    completed = found[-1]
    assert completed["type"] == "response.completed"
    assert [item["type"] for item in completed["response"]["output"]][0] == done["item"]["type"]
    assert found[0]["response"]["tool_usage"]["image_gen"]["output_tokens"] == 0  # counted once done


def test_a_code_interpreter_call_is_added_with_an_empty_list_of_outputs_when_they_are_included(client):
    # vercel/ai fixture (gpt-5-nano, September 2025, include code_interpreter_call.outputs): added with
    # "outputs": [], done with the logs.
    found = streamed(respond(client, "code_interpreter", stream=True, include=["code_interpreter_call.outputs"]))
    added = next(event["item"] for event in found if event["type"] == "response.output_item.added"
                 and event["item"]["type"] == "code_interpreter_call")
    assert (added["code"], added["outputs"], added["status"]) == ("", [], "in_progress")
    done = next(event["item"] for event in found if event["type"] == "response.output_item.done"
                and event["item"]["type"] == "code_interpreter_call")
    assert done["outputs"] == [{"type": "logs", "logs": "Hello, world!\n"}]
    found = streamed(respond(client, "code_interpreter", stream=True))
    added = next(event["item"] for event in found if event["type"] == "response.output_item.added"
                 and event["item"]["type"] == "code_interpreter_call")
    assert added["outputs"] is None


def test_partial_pictures_stream_when_the_tool_asks(client):
    tool = {"type": "image_generation", "partial_images": 2}
    found = streamed(respond(client, "image_generation", tool, stream=True))
    quiet = respond(client, "image_generation", tool).get_json()
    partials = [event for event in found if event["type"] == "response.image_generation_call.partial_image"]
    assert [event["partial_image_index"] for event in partials] == [0, 1]
    assert partials[0]["size"] == "1024x1024" and base64.b64decode(partials[0]["partial_image_b64"])
    # Each partial picture counts 100 tokens more (as /v1/images counts them); none without a stream.
    streamed_usage = found[-1]["response"]["tool_usage"]["image_gen"]["output_tokens"]
    assert streamed_usage == quiet["tool_usage"]["image_gen"]["output_tokens"] + 200


@pytest.mark.parametrize("setting, message, param", [
    ({"quality": "superb"}, "Invalid value: 'superb'. Supported values are: 'low', 'medium', 'high', 'xhigh', 'max', "
                            "and 'auto'.", "tools[0].quality"),
    ({"size": 1024}, "Invalid type for 'tools[0].size': expected a string, but got an integer instead.",
     "tools[0].size"),
    ({"output_format": "bmp"}, "Invalid value: 'bmp'. Supported values are: 'png', 'webp', 'jpeg', 'gif', and 'svg'.",
     "tools[0].output_format"),
    ({"partial_images": 4}, "Invalid 'tools[0].partial_images': integer above maximum value. Expected a value <= 3, "
                            "but got 4 instead.", "tools[0].partial_images"),
    ({"input_image_mask": {"image_url": 5}}, "Invalid type for 'tools[0].input_image_mask.image_url': expected a "
     "string, but got an integer instead.", "tools[0].input_image_mask.image_url"),
    ({"svg": {"author": "x"}}, "Unknown parameter: 'tools[0].svg.author'.", "tools[0].svg.author"),
])
def test_an_image_generation_tools_settings_are_the_sdks(client, setting, message, param):
    """The tool's settings are checked as the SDK types them (openai 3.63), where they were kept as sent and echoed
    in a response the SDK's Response does not take (wordings the API's usual, guessed)."""
    body = {"model": "gpt-4o", "input": "draw", "tools": [{"type": "image_generation", **setting}]}
    refused = client.post("/v1/responses", json=body)
    assert (refused.status_code, refused.get_json()["error"]["message"], refused.get_json()["error"]["param"]) == (
        400, message, param)


MCP_TOOL = {"type": "mcp", "server_label": "docs", "server_url": "https://example.com/mcp"}


@pytest.mark.parametrize("tool, message, param", [
    ({"type": "mcp", "server_url": "https://example.com/mcp"}, "Missing required parameter: 'tools[0].server_label'.",
     "tools[0].server_label"),
    ({**MCP_TOOL, "require_approval": "sometimes"}, "Invalid value: 'sometimes'. Supported values are: 'always' and "
     "'never'.", "tools[0].require_approval"),
    ({**MCP_TOOL, "allowed_tools": {"tool_names": [1]}}, "Invalid type for 'tools[0].allowed_tools.tool_names[0]': "
     "expected a string, but got an integer instead.", "tools[0].allowed_tools.tool_names[0]"),
    ({"type": "code_interpreter", "container": {"type": "bogus"}},
     "Invalid value: 'bogus'. Supported values are: 'auto'.", "tools[0].container.type"),
    ({"type": "code_interpreter", "container": {"type": "auto", "memory_limit": "2g"}},
     "Invalid value: '2g'. Supported values are: '1g', '4g', '16g', and '64g'.", "tools[0].container.memory_limit"),
    ({"type": "shell", "environment": {"type": "container_reference"}},
     "Missing required parameter: 'tools[0].environment.container_id'.", "tools[0].environment.container_id"),
    ({"type": "computer_use_preview", "display_width": "wide", "display_height": 768, "environment": "browser"},
     "Invalid type for 'tools[0].display_width': expected an integer, but got a string instead.",
     "tools[0].display_width"),
])
def test_a_built_in_tools_settings_are_the_sdks(client, tool, message, param):
    """An MCP, code interpreter, shell or computer tool's settings are checked for what the SDK requires and the
    types and values it gives them (openai 3.63), where they were kept as sent and echoed in a response the SDK's
    Response does not take (wordings the API's usual, guessed; another key is still kept as sent)."""
    model = "computer-use-preview" if tool["type"] == "computer_use_preview" else "gpt-5.2"
    refused = client.post("/v1/responses", json={"model": model, "input": "hi", "tools": [tool], "truncation": "auto"})
    assert (refused.status_code, refused.get_json()["error"]["message"], refused.get_json()["error"]["param"]) == (
        400, message, param)


def test_an_image_generation_tool_sent_in_full_is_echoed_as_the_sdk_types_it(client):
    tool = {"type": "image_generation", "action": "auto", "background": "opaque", "complexity": "low",
            "input_fidelity": None, "input_image_mask": {"file_id": "file-x"}, "model": "gpt-image-1-mini",
            "moderation": "low", "output_compression": 90, "output_format": "webp", "partial_images": 1,
            "quality": "high", "size": "1024x1536"}
    body = respond(client, "image_generation", tool).get_json()
    Response.model_validate(body, strict=True)


@pytest.mark.parametrize("fmt", ["gif", "svg"])
def test_a_gif_or_an_svg_streams_no_partial_pictures(client, fmt):
    """GIF output "does not support partial image streaming (`partial_images` greater than `0`) ... Responses
    lifecycle events can still be streamed" (the SDK's tool docstring, openai 3.63; SVG by /v1/images' docstring):
    the call streams its lifecycle alone, its usage without partial pictures; a PNG on the same model shows them."""
    tool = {"type": "image_generation", "output_format": fmt, "partial_images": 2}
    found = streamed(respond(client, "image_generation", tool, stream=True))
    kinds = [event["type"] for event in found if event["type"].startswith("response.image_generation_call.")]
    assert kinds == ["response.image_generation_call.in_progress", "response.image_generation_call.generating",
                     "response.image_generation_call.completed"]
    quiet = respond(client, "image_generation", tool).get_json()
    assert found[-1]["response"]["tool_usage"] == quiet["tool_usage"]
    png = streamed(respond(client, "image_generation", {**tool, "output_format": "png"}, stream=True))
    assert sum(event["type"] == "response.image_generation_call.partial_image" for event in png) == 2


@pytest.mark.parametrize("kind", FORCED)
def test_the_sdk_parses_a_forced_call_and_its_stream(sdk, kind):
    tool, cls, _ = FORCED[kind]
    asked = {"model": "gpt-4o", "input": "Show me a grey square", "tools": [tool], "tool_choice": {"type": kind}}
    assert type(sdk.responses.create(**asked).output[0]) is cls
    seen = []
    for event in sdk.responses.create(**asked, stream=True):
        if event.type not in UNTYPED:  # read all the same, as the SDK reads the API's
            assert type(event) is EVENT_CLASSES[event.type], event.type
        seen.append(event)
    assert type(seen[-1].response.output[0]) is cls
    with sdk.responses.stream(**asked) as stream:
        final = stream.get_final_response()
    assert type(final.output[0]) is cls


@pytest.mark.parametrize("kind, output", [
    ("computer_use_preview", {"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBORw0KGgo="}),
    ("shell", [{"stdout": "README.md\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]),
    ("apply_patch", None),
])
def test_the_output_sent_back_is_answered(sdk, kind, output):
    # A client runs the call and sends its output back: answered with the message, as a function's output is
    # (tool_choice auto), with previous_response_id or with the items sent back.
    tool = FORCED[kind][0]
    first = sdk.responses.create(model="gpt-4o", input="Look at the screen", tools=[tool],
                                 tool_choice={"type": kind})
    call = first.output[0]
    sent = {"type": f"{call.type}_output", "call_id": call.call_id,
            **({"output": output} if output is not None else {"status": "completed", "output": "Done"})}
    answer = sdk.responses.create(model="gpt-4o", previous_response_id=first.id, input=[sent], tools=[tool])
    assert [item.type for item in answer.output] == ["message"] and answer.output_text
    said = [{"role": "user", "content": "Look at the screen"}, call.model_dump(exclude_none=True), sent]
    again = sdk.responses.create(model="gpt-4o", input=said, tools=[tool], store=False)
    assert [item.type for item in again.output] == ["message"]
    assert again.usage.input_tokens == answer.usage.input_tokens  # the same context, read the same way
    listed = sdk.responses.input_items.list(answer.id, order="asc").data
    assert [item.type for item in listed] == ["message", call.type, sent["type"]]
    # Forced again, it calls again, as a forced function does.
    forced = sdk.responses.create(model="gpt-4o", previous_response_id=first.id, input=[sent], tools=[tool],
                                  tool_choice={"type": kind})
    assert [item.type for item in forced.output] == [call.type]


def test_a_screenshot_sent_back_counts_as_a_picture(client):
    call = respond(client, "computer_use_preview").get_json()["output"][0]
    turn = [{"role": "user", "content": "Look"}, call]

    def counted(output):
        sent = {"type": "computer_call_output", "call_id": call["call_id"], "output": output}
        response = client.post("/v1/responses/input_tokens", json={"model": "gpt-4o", "input": turn + [sent]})
        return response.get_json()["input_tokens"]

    assert counted({"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBORw0KGgo="}) > \
        counted({"type": "computer_screenshot"}) + 50
    # Fields of other types are refused where the SDK types them, read as nothing where it does not: never a 500.
    # (A shell call's output comes after its call: one without it is refused, recorded in 2026.)
    shell_call = {"type": "shell_call", "call_id": "c1", "status": "completed", "action": {"commands": ["ls"]}}
    weird = [([{"type": "computer_call_output", "call_id": "c1", "output": 5}], 400),
             ([shell_call, {"type": "shell_call_output", "call_id": "c1", "output": [1, {"stdout": 3}]}], 200),
             ([{"type": "apply_patch_call", "call_id": "c1", "status": "completed", "operation": 7}], 400),
             ([{"type": "local_shell_call_output", "id": "x", "output": None}], 400)]
    for items, status in weird:
        response = client.post("/v1/responses", json={"model": "gpt-4o", "input": items, "tools": [PREVIEW]})
        assert response.status_code == status, response.get_json()
        assert status == 200 or response.get_json()["error"]["param"].startswith("input[0].")


@pytest.mark.parametrize("choice", ["auto", "none", "required", {"type": "function", "name": "look"}])
def test_unforced_built_in_tools_are_still_not_called(client, choice):
    look = {"type": "function", "name": "look", "strict": False, "parameters": {"type": "object", "properties": {}}}
    tools = [look, PREVIEW, {"type": "shell"}, {"type": "apply_patch"}, INTERPRETER, {"type": "image_generation"}]
    response = client.post("/v1/responses", json={"model": "gpt-4o", "input": "hi", "tools": tools,
                                                  "tool_choice": choice})
    body = response.get_json()
    assert response.status_code == 200, body
    assert [item["type"] for item in body["output"]] in (["message"], ["function_call"])
    assert body["tool_usage"]["image_gen"]["output_tokens"] == 0


def test_a_reasoning_model_reasons_first_and_the_limit_holds(client):
    body = respond(client, "shell", model="gpt-5").get_json()
    assert [item["type"] for item in body["output"]] == ["reasoning", "shell_call"]
    assert body["usage"]["output_tokens"] > body["usage"]["output_tokens_details"]["reasoning_tokens"]
    # Reasoning that uses up max_output_tokens leaves no room for the call, as for a function.
    body = respond(client, "shell", model="gpt-5", max_output_tokens=16).get_json()
    assert [item["type"] for item in body["output"]] == ["reasoning"] and body["status"] == "incomplete"
    body = respond(client, "code_interpreter", max_output_tokens=16).get_json()
    assert body["usage"]["output_tokens"] <= 16
    assert [item["type"] for item in body["output"]] == ["code_interpreter_call", "message"]


def test_a_forced_call_is_moderated_kept_and_backgrounded(client):
    body = respond(client, "apply_patch", moderation={"model": "omni-moderation-latest"}).get_json()
    assert body["moderation"]["output"]["flagged"] is False
    conversation = client.post("/v1/conversations", json={}).get_json()["id"]
    assert respond(client, "apply_patch", conversation=conversation).status_code == 200
    queued = respond(client, "image_generation", background=True).get_json()
    assert queued["status"] == "queued" and queued["output"] == []


def test_an_image_generations_gif_takes_the_small_sizes_v1_images_takes(client):
    # A GIF's size has no pixel minimum in /v1/images (test_images): the tool draws it as asked too, where a PNG
    # of 384x384, below the minimum, is drawn as the default.
    tool = {"type": "image_generation", "output_format": "gif", "frame_count": 2, "size": "384x384"}
    call = respond(client, "image_generation", tool).get_json()["output"][0]
    assert call["size"] == "384x384" and base64.b64decode(call["result"]) == images.gif("384x384", 2, 200)
    call = respond(client, "image_generation", {**tool, "output_format": "png"}).get_json()["output"][0]
    assert call["size"] == "1024x1024"
