"""The call of a built-in tool that a Responses request's tool_choice forces ({"type": "computer_use_preview"},
{"type": "shell"}, ...; responses.FORCED_CALLS): its item, and the tokens the model writes it in.

A computer, shell or apply_patch call is the client's to run: the response ends with it. A code interpreter or
image generation call, or a shell call in a container, the API runs itself, and the model then writes its message.
What each call says is canned, as the text is: a screenshot, `ls -la` (in a container, an empty directory listed),
a file created with a line of Python, that line run, a grey picture.
Shapes are the SDK's types (openai 3.57); key orders follow the API's other items (id, type, status, then the rest
in alphabetical order), and what the SDK leaves optional is guessed (README: Where fauxpen still differs).
"""
import base64
import json

from .. import ids, images, registry, tooluse
from ..responses import FORCED_CALLS
from ..tokens import count_tokens
from ..schemas import images as image_schemas
from . import containers
from .images import partial_image_tokens

# What the canned calls do.
SCREENSHOT = {"type": "screenshot"}
COMMANDS = ("ls -la",)
LISTING = "total 8\ndrwxr-xr-x 2 root root 4096 Jan  1 00:00 .\ndrwxr-xr-x 1 root root 4096 Jan  1 00:00 ..\n"
CODE = 'print("Hello, world!")'
LOGS = "Hello, world!\n"
PATCHED_FILE = "hello.py"
# What an image generation call draws with when its tool leaves it to the API (the SDK's default model; auto
# resolved as /v1/images resolves it).
IMAGE_MODEL = "gpt-image-2.6-sunburst"


def forced_tool(req, model=None, messages=()):
    """Return the tool of `tools` that tool_choice forces, when it is a built-in tool fauxpen calls, else None
    (check_tool_choice has made sure `tools` holds one of the type named); `required` forces the first such tool
    when there is no function to call. The computer use model calls its computer at once, left to choose
    (openai-dotnet session records, February 2026: "Click on the Save button." answered with a screenshot, twice),
    unless a call's output (a screenshot) follows the last user message of messages (the request's, as chat's).
    Then it writes its message, as a function left to choose is answered after one round trip, so that the loop of
    OpenAI's computer use guide (send the screenshot back until a response has no computer_call) ends; it never
    did. The real model may act a few more times first (the records' next action was a click): how many is its
    own, a guess left out."""
    choice, tools = req.get("tool_choice"), req.get("tools") or ()
    if model is not None and acts_at_once(model.capabilities) and choice in (None, "auto"):
        if tooluse.tool_result_follows(messages):  # looked for only here: most requests have no such model
            return None
        return next((tool for tool in tools if tool.get("type") == "computer_use_preview"), None)
    if choice == "required" and not any(tool.get("type") in ("function", "custom", "namespace") for tool in tools):
        # A tool must be called, and the model has no function: its first built-in tool fauxpen calls (recorded
        # for apply_patch on gpt-5.1, April 2026).
        return next((tool for tool in tools if tool.get("type") in FORCED_CALLS), None)
    if not isinstance(choice, dict) or choice.get("type") not in FORCED_CALLS:
        return None
    return next((tool for tool in tools if tool.get("type") == choice["type"]), None)


def acts_at_once(capabilities):
    """Tell whether a model's capabilities are the computer use model's, which does not wait to be told to act: its
    first call comes alone, a screenshot `in_progress`, with no reasoning item or tokens (openai-dotnet session
    records, February 2026, twice; the click it made next was `completed`, after a reasoning item)."""
    return bool(capabilities.get("computer_use"))


def call(answer, tool, req, said, make_id):
    """Make the call of a forced tool the answer's (answer.tool_call, and for a picture its usage) and return the
    text the model writes into it, whose tokens it costs. said: the last user message."""
    kind, prefix = FORCED_CALLS[tool["type"]]
    item_id = make_id(prefix)
    if kind == "computer_call":  # the GA tool batches its actions (`actions`), the preview has one (`action`)
        actions = {"actions": [SCREENSHOT]} if tool["type"] == "computer" else {"action": SCREENSHOT}
        status = "in_progress" if acts_at_once(answer.capabilities) else "completed"
        answer.tool_call = {"id": item_id, "type": kind, "status": status, **actions,
                            "call_id": ids.tool_call_id(), "pending_safety_checks": []}
    elif kind == "shell_call":
        answer.tool_call = {"id": item_id, "type": kind, "status": "completed",
                            "action": {"commands": list(COMMANDS), "max_output_length": None, "timeout_ms": None},
                            "call_id": ids.tool_call_id(),
                            "environment": shell_environment(tool, answer.shell_container)}
        if (answer.tool_call["environment"] or {}).get("type") == "container_reference":
            answer.tool_output = shell_output(make_id("sho"), answer.tool_call["call_id"])
    elif kind == "apply_patch_call":
        operation = {"type": "create_file", "diff": f"+{CODE}\n", "path": PATCHED_FILE}
        answer.tool_call = {"id": item_id, "type": kind, "status": "completed", "call_id": ids.tool_call_id(),
                            "operation": operation}
    elif kind == "code_interpreter_call":
        included = "code_interpreter_call.outputs" in (req.get("include") or ())
        outputs = [{"type": "logs", "logs": LOGS}]
        answer.tool_call = {"id": item_id, "type": kind, "status": "completed", "code": CODE,
                            "container_id": container_of(tool, answer.id), "outputs": outputs if included else None}
        if not included:  # for a retrieve that asks for them (views.responses.withheld)
            answer.withheld["code_interpreter_call.outputs"] = {item_id: outputs}
    else:
        picture(answer, item_id, tool, req, said or "An image.")
    return written(answer.tool_call)


def shell_output(item_id, call_id):
    """The shell_call_output of a shell call the API ran in its container (recorded on gpt-5.2, February 2026: its
    id `sho_`, completed, what each command printed and how it ended, in that key order); what `ls -la` prints is
    canned."""
    return {"id": item_id, "type": "shell_call_output", "status": "completed", "call_id": call_id,
            "max_output_length": None,
            "output": [{"outcome": {"type": "exit", "exit_code": 0}, "stderr": "", "stdout": LISTING}
                       for _ in COMMANDS]}


def written(item):
    """The text a model writes into a call: a computer's actions (as JSON), a shell's commands, a patch's path and
    diff, the code, an image's prompt."""
    if item["type"] == "computer_call":
        return json.dumps({key: item[key] for key in ("action", "actions") if key in item})
    if item["type"] == "shell_call":
        return "\n".join(item["action"]["commands"])
    if item["type"] == "apply_patch_call":
        return item["operation"]["path"] + "\n" + item["operation"].get("diff", "")
    if item["type"] == "code_interpreter_call":
        return item["code"]
    return item["revised_prompt"]


def picture(answer, item_id, tool, req, prompt):
    """Make the answer's image generation call, its usage, and the partial pictures its stream shows: none of a GIF
    or an SVG ("GIF output does not support partial image streaming (`partial_images` greater than `0`) ...
    Responses lifecycle events can still be streamed for GIF output", the SDK's tool docstring, openai 3.63; an SVG
    as /v1/images' docstring says of it), where its stream showed partial pictures of a format drawn whole (taken
    and not shown, as the tool's other settings its picture is not drawn with are: whether the API refuses it is
    not known)."""
    answer.tool_call, answer.image_usage = picture_call(item_id, tool, prompt)
    whole = answer.tool_call["output_format"] in image_schemas.ANIMATED_FORMATS
    answer.partial_images = partial_images(tool) if req.get("stream") and not whole else 0
    # Each partial picture counts, as /v1/images counts it for the model's family.
    added = partial_image_tokens(image_family(tool)) * answer.partial_images
    if added:
        usage, details = answer.image_usage, answer.image_usage["output_tokens_details"]
        answer.image_usage = {**usage, "output_tokens": usage["output_tokens"] + added,
                              "output_tokens_details": {**details, "image_tokens": details["image_tokens"] + added},
                              "total_tokens": usage["total_tokens"] + added}


def read_back(answer, prompt):
    """The tokens of what a call the API ran gives the model to read before its message: for a code interpreter's,
    its prompt again (prompt: its tokens), the code and its logs (three gpt-4o-mini recordings of September 2025,
    openai-dotnet's session records, came to twice the prompt with the tool's instructions, and the code and what
    it printed, within 8); a hosted shell's alike, its commands and what they printed (by analogy); for a picture's,
    its revised prompt (a guess)."""
    item = answer.tool_call
    if item["type"] == "code_interpreter_call":
        return prompt + count_tokens(item["code"]) + count_tokens(LOGS)
    if item["type"] == "shell_call":
        return prompt + count_tokens(written(item)) + sum(count_tokens(printed["stdout"] + printed["stderr"])
                                                          for printed in answer.tool_output["output"])
    return count_tokens(item.get("revised_prompt") or "")


def shell_environment(tool, made=None):
    """Where a shell call runs, as the SDK types it: a local environment, a container the tool names or the one the
    API made for an `auto` container (made: its id; recorded, March 2026); null when the tool says neither
    (guessed). In a container the API runs the commands (shell_output)."""
    environment = tool.get("environment")
    kind = environment.get("type") if isinstance(environment, dict) else None
    if kind == "local":
        return {"type": "local"}
    if kind == "container_reference" and isinstance(environment.get("container_id"), str):
        return {"type": "container_reference", "container_id": environment["container_id"]}
    if kind == "container_auto" and made is not None:
        return {"type": "container_reference", "container_id": made}
    return None


def auto_container(req, response_id):
    """Make the container a shell tool's `auto` environment asks for, as the API makes it when the response starts
    (its echo names it: recorded, March 2026), kept as the Containers API keeps one; None without such a tool."""
    for tool in req.get("tools") or ():
        environment = tool.get("environment") if tool.get("type") == "shell" else None
        if isinstance(environment, dict) and environment.get("type") == "container_auto":
            return containers.make_container(f"Container for {response_id}", environment.get("memory_limit"))["id"]
    return None


def container_of(tool, response_id):
    """The container a code interpreter runs in: the one the tool names (check_containers found it running), or
    one the API makes for an `auto` container, kept as the Containers API keeps one (its name is a guess)."""
    container = tool.get("container")
    if isinstance(container, str):
        return container
    settings = container if isinstance(container, dict) else {}
    return containers.make_container(f"Container for {response_id}", settings.get("memory_limit"))["id"]


def image_model(tool):
    """Return the image model a tool names (IMAGE_MODEL for none, or a model not an image one)."""
    model = registry.resolve(tool.get("model"))
    return model if model is not None and model.kind == "image" else registry.resolve(IMAGE_MODEL)


def image_family(tool):
    """Return the family the image model a tool names draws as (see image_model)."""
    return image_schemas.family(image_model(tool))


def picture_call(item_id, tool, prompt):
    """Return the image_generation_call item drawing prompt as the tool asks (auto resolved as /v1/images resolves
    it; a setting its model does not draw, gif or svg but on 2.6, or a size the model does not take, as its default)
    and tool_usage's image_gen for it."""
    model = image_model(tool)
    family = image_schemas.family(model)
    # What /v1/images takes of the model's family (auto left to the defaults).
    takes = image_schemas.MODELS[family]
    quality = tool.get("quality") if tool.get("quality") in takes["qualities"][:-1] else "medium"
    formats = image_schemas.CHOICES["output_format"] + (
        image_schemas.ANIMATED_FORMATS if model.supports("animated") else ())
    output_format = tool.get("output_format") if tool.get("output_format") in formats else "png"
    size = tool.get("size")
    if takes["sizes"] is not None:
        size = size if size in takes["sizes"][:-1] else "1024x1024"
    elif not isinstance(size, str) or image_schemas.free_size_problem(size, output_format) is not None:
        size = "1024x1024"
    background = "transparent" if tool.get("background") == "transparent" and output_format != "jpeg" else "opaque"
    count, duration = tool.get("frame_count"), tool.get("frame_duration_ms")  # a GIF's, as /v1/images takes them
    counted = isinstance(count, int) and image_schemas.MIN_FRAMES <= count <= image_schemas.MAX_FRAMES
    drawing = images.drawn(size, output_format, count if counted else None,
                           duration if isinstance(duration, int) and duration >= 0 else None)
    item = {"id": item_id, "type": "image_generation_call", "status": "completed",
            "action": "generate", "background": background,
            "output_format": output_format, "quality": quality,
            "result": base64.b64encode(drawing).decode(), "revised_prompt": prompt, "size": size}
    usage = images.gpt_image_usage(count_tokens(prompt), size, quality, 1, family=family)
    output = usage["output_tokens"]
    usage = {key: usage[key] for key in ("input_tokens", "input_tokens_details", "output_tokens")}
    usage["output_tokens_details"] = {"image_tokens": output, "text_tokens": 0}  # TOOL_USAGE's shape
    usage["total_tokens"] = usage["input_tokens"] + output
    return item, usage


def partial_images(tool):
    """How many partial pictures a stream shows: the tool's partial_images, 0 to 3 (the SDK's docstring)."""
    number = tool.get("partial_images")
    return number if isinstance(number, int) and not isinstance(number, bool) and 0 <= number <= 3 else 0
