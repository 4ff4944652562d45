"""Programmatic tool calling: the `programmatic_tool_calling` tool, as recorded on gpt-5.6-sol (July 2026).

The model writes a program (a `program` item: JavaScript, a `call_` id, an opaque `fingerprint`) that calls the
functions allowed to be called from one (`allowed_callers` with `programmatic`). The API runs it: each call it makes
is a `function_call` that names the program as its `caller` and stays `in_progress`, one a response; the client
answers it and sends everything back, and the program goes on, in a response that used no tokens. When it is done,
the response gives a `program_output` (`cmo_`, its result as text) and the model's message.

fauxpen's program calls the functions the model would have called, one after the other, with the arguments it
would have given them, and writes their results as a JSON array. It reads its calls back from the code the client
sends, so that nothing but the items themselves carries a program from one request to the next.
"""
import json
import re

# One call a line of the code fauxpen writes: `const r0 = await tools.name({...});`.
CALL_LINE = re.compile(r"^const r(\d+) = await tools\.([A-Za-z0-9_$-]+)\((.*)\);$", re.M)


def offered(tools):
    """Tell whether a request's tools have the programmatic_tool_calling tool, which writes programs."""
    return any(tool.get("type") == "programmatic_tool_calling" for tool in tools)


def callable_from_program(tool):
    """Tell whether a function tool lets a program call it (its allowed_callers name `programmatic`)."""
    callers = tool.get("allowed_callers")
    return isinstance(callers, list) and "programmatic" in callers


def callable_directly(tool):
    """Tell whether the model may call a function tool itself (no allowed_callers, or ones naming `direct`)."""
    callers = tool.get("allowed_callers")
    return not isinstance(callers, list) or "direct" in callers


def code_of(calls):
    """Return the program that makes calls ((name, arguments JSON), ...) in turn and writes their results."""
    lines = [f"const r{number} = await tools.{name}({arguments});\n" for number, (name, arguments) in enumerate(calls)]
    results = ", ".join(f"r{number}" for number in range(len(calls)))
    return "".join(lines) + f"text(JSON.stringify([{results}]));\n"


def calls_of(code):
    """Return the calls ((name, arguments JSON), ...) a program fauxpen wrote makes, in turn (none in another)."""
    return [(found[2], found[3]) for found in CALL_LINE.finditer(code if isinstance(code, str) else "")]


def running(items):
    """Return the program among items (a request's conversation and input) that has no output yet, with the
    outputs of the calls it made so far, in turn: (program item, [output, ...]); None when there is none."""
    finished = {item.get("call_id") for item in items if item.get("type") == "program_output"}
    program = next((item for item in reversed(items) if item.get("type") == "program"
                    and item.get("call_id") not in finished), None)
    if program is None:
        return None
    outputs = {item.get("call_id"): item.get("output") for item in items if item.get("type") == "function_call_output"}
    made = [item.get("call_id") for item in items if item.get("type") == "function_call"
            and (item.get("caller") or {}).get("caller_id") == program.get("call_id")]
    return program, [outputs.get(call_id) for call_id in made]


def result_of(outputs):
    """Return what a program's output says: the results of its calls as a JSON array (each output read as JSON
    where it is JSON, else as its text)."""
    results = []
    for output in outputs:
        text = output if isinstance(output, str) else \
            "".join(part.get("text") or "" for part in output or () if isinstance(part, dict))
        try:
            results.append(json.loads(text))
        except ValueError:
            results.append(text)
    return json.dumps(results, separators=(",", ":"), ensure_ascii=False)
