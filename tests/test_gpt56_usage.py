"""What gpt-5.6 counts for an answer: the channel its format writes an answer in, and its adaptive reasoning.

Facts from a third party's captures of the live API on gpt-5.6-terra (August and September 2026), replayed
with the canned reply set to what the model said ("pong", one token):
- chat: "pong" counted 4 completion tokens (its one logprob token and 3 of framing), 8 for n=2;
- Responses: "pong" counted 5 output tokens;
- reasoning: none spent on "ping" (7 prompt tokens) at the default effort (medium) or low, nor with the
  instructions "Answer briefly." (14), so no reasoning item and max_output_tokens 16 completes; 9 on it with one
  function tool (107 input tokens), with the item.
Models without these capabilities (gpt-5) keep their counts. gpt-5.5 and the GPT-6 models were recorded doing the
same in the Responses API (July and October 2026, kept as clients' fixtures).
"""
import json

import pytest

from fauxpen import create_app

TOOL = {"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}}


@pytest.fixture
def pong():
    return create_app({"TESTING": True, "FAUXPEN_REPLY": "pong"}).test_client()


def chat(client, model="gpt-5.6-terra", **fields):
    body = {"model": model, "messages": [{"role": "user", "content": "ping"}], **fields}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def respond(client, model="gpt-5.6-terra", **fields):
    response = client.post("/v1/responses", json={"model": model, "input": "ping", **fields})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("fields", [{"max_completion_tokens": 16}, {"max_completion_tokens": 32,
                                                                    "reasoning_effort": "none"}])
def test_a_chat_answer_counts_its_framing_and_no_reasoning_on_a_trivial_prompt(pong, fields):
    body = chat(pong, **fields)
    choice = body["choices"][0]
    assert (choice["message"]["content"], choice["finish_reason"]) == ("pong", "stop")
    usage = body["usage"]
    assert (usage["prompt_tokens"], usage["completion_tokens"], usage["total_tokens"]) == (7, 4, 11)
    assert usage["completion_tokens_details"]["reasoning_tokens"] == 0


def test_each_chat_choice_counts_its_framing(pong):
    usage = chat(pong, max_completion_tokens=32, reasoning_effort="none", n=2)["usage"]
    assert (usage["completion_tokens"], usage["total_tokens"]) == (8, 15)


def test_a_limit_counts_the_framing_written_before_the_text(pong):
    body = chat(pong, max_completion_tokens=3, reasoning_effort="none")
    # Two framing tokens come before the text, the end token after it: 3 leave the answer without its end.
    assert (body["choices"][0]["message"]["content"], body["choices"][0]["finish_reason"]) == ("pong", "length")
    assert body["usage"]["completion_tokens"] == 3


@pytest.mark.parametrize("model, fields", [
    ("gpt-5.6-terra", {"reasoning_effort": "none"}), ("gpt-5.6-sol", {}), ("gpt-5-mini", {}), ("gpt-5.4-mini", {}),
    ("gpt-6-astra", {}), ("o3-mini", {})])
@pytest.mark.parametrize("limit", [1, 2])
def test_a_limit_a_reasoning_model_cannot_end_a_message_in_is_refused(pong, model, fields, limit):
    # Measured on 2026-08-15 (a prompt of ".": 1 and 2 refused on gpt-5-mini, gpt-5.4-mini and gpt-5.6-sol, 4
    # answered) and reported of o3-mini and gpt-6-astra (a probe of 2026-09-05) at 1.
    body = {"model": model, "messages": [{"role": "user", "content": "."}], "max_completion_tokens": limit, **fields}
    response = pong.post("/v1/chat/completions", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "message": "Could not finish the message because max_tokens or model output limit was reached. Please try "
                   "again with higher max_tokens.", "type": "invalid_request_error", "param": None, "code": None}


@pytest.mark.parametrize("model, limit, fields", [("gpt-4o-mini", 1, {}), ("gpt-5-mini", 4, {}),
                                                   ("gpt-5.6-sol", 4, {}), ("gpt-5.6-sol", 1, {"stream": True})])
def test_a_limit_it_can_end_a_message_in_is_answered(pong, model, limit, fields):
    body = {"model": model, "messages": [{"role": "user", "content": "."}], "max_completion_tokens": limit, **fields}
    assert pong.post("/v1/chat/completions", json=body).status_code == 200


@pytest.mark.parametrize("fields, input_tokens", [
    ({}, 7), ({"reasoning": {"effort": "low"}}, 7), ({"reasoning": {"effort": "none"}}, 7),
    ({"reasoning": {"effort": "low", "summary": "auto"}}, 7), ({"instructions": "Answer briefly."}, 14)])
def test_a_response_to_a_trivial_prompt_has_no_reasoning_and_completes(pong, fields, input_tokens):
    body = respond(pong, max_output_tokens=16, **fields)
    assert (body["status"], body["incomplete_details"]) == ("completed", None)
    assert [item["type"] for item in body["output"]] == ["message"]
    assert body["output"][0]["content"][0]["text"] == "pong"
    usage = body["usage"]
    assert (usage["input_tokens"], usage["output_tokens"], usage["total_tokens"]) == (
        input_tokens, 5, input_tokens + 5)
    assert usage["output_tokens_details"] == {"reasoning_tokens": 0}


def test_reasoning_grows_with_the_input(pong):
    body = respond(pong, max_output_tokens=64, tools=[TOOL], tool_choice="none")
    assert [item["type"] for item in body["output"]] == ["reasoning", "message"]
    usage = body["usage"]
    assert usage["input_tokens"] == 107
    assert usage["output_tokens_details"]["reasoning_tokens"] == 9
    assert usage["output_tokens"] == 9 + 7  # an answer after reasoning: 6 of framing (below)
    long = respond(pong, input="word " * 2000)["usage"]["output_tokens_details"]["reasoning_tokens"]
    assert long == 64  # the effort's whole budget (medium)


QUESTION = "What is the capital of France? Answer in one word, please."  # 20 tokens in the Responses API


@pytest.mark.parametrize("model", ["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.5", "gpt-6-luna"])
@pytest.mark.parametrize("effort, floor", [("high", 32), ("xhigh", 36)])
def test_a_high_effort_thinks_even_on_a_short_question(pong, model, effort, floor):
    # gpt-5.6-sol spent 29 and 34 at high, 35, 37 and 37 at xhigh on an 18-token question (August 2026), with a
    # reasoning item; none at low or medium on another of 18 (July and October 2026).
    body = respond(pong, model=model, input=QUESTION, reasoning={"effort": effort})
    assert [item["type"] for item in body["output"]] == ["reasoning", "message"]
    usage = body["usage"]
    assert (usage["input_tokens"], usage["output_tokens_details"]["reasoning_tokens"]) == (20, floor)
    assert usage["output_tokens"] == floor + 7
    spent = chat(pong, model=model, messages=[{"role": "user", "content": QUESTION}],
                 reasoning_effort=effort)["usage"]["completion_tokens_details"]
    assert spent["reasoning_tokens"] == floor  # chat thinks as the Responses API does


@pytest.mark.parametrize("model", ["gpt-5.5", "gpt-5.6-sol", "gpt-6-sol", "gpt-6-luna", "gpt-6-astra", "gpt-6.1-sol"])
def test_an_answer_after_reasoning_is_framed_in_6_tokens_in_responses_and_9_in_chat(pong, model):
    # Recorded: gpt-5.6-sol's 62 = 37 + 19 + 6 and 63 = 35 + 22 + 6 (openai-dotnet, August 2026), the GPT-6 models'
    # 151 = 41 + 104 + 6, 103 = 36 + 61 + 6, 151 = 84 + 61 + 6, 222 = 129 + 87 + 6 and in chat 151 = 23 + 119 + 9,
    # 118 = 34 + 75 + 9, 128 = 25 + 94 + 9, 155 = 40 + 106 + 9, gpt-5.5's 291 = 32 + 250 + 9 (Cloudflare's pages).
    usage = respond(pong, model=model, input=QUESTION, reasoning={"effort": "high"})["usage"]
    assert usage["output_tokens"] - usage["output_tokens_details"]["reasoning_tokens"] == 1 + 6
    usage = chat(pong, model=model, messages=[{"role": "user", "content": QUESTION}], reasoning_effort="high")["usage"]
    assert usage["completion_tokens"] - usage["completion_tokens_details"]["reasoning_tokens"] == 1 + 9
    assert usage["completion_tokens_details"]["reasoning_tokens"] > 0


@pytest.mark.parametrize("effort", ["high", "xhigh", "max"])
def test_a_short_instruction_is_answered_without_thought_at_any_effort(pong, effort):
    # gpt-5.6-sol answered "Reply with exactly: OK" (11 tokens) at max with no reasoning item and no reasoning
    # tokens (rig's cassettes, September 2026), as it did at high in pro mode.
    body = respond(pong, model="gpt-5.6-sol", input="Reply with exactly: OK", reasoning={"effort": effort})
    assert [item["type"] for item in body["output"]] == ["message"]
    assert (body["usage"]["input_tokens"], body["usage"]["output_tokens_details"]["reasoning_tokens"]) == (11, 0)


def test_a_longer_prompt_adds_to_the_floor_as_it_does_at_medium(pong):
    # 61 tokens past the first 32 add 7 at xhigh as at medium (gpt-5.6-sol's second turns of 91 and 93 tokens
    # spent 28 to 56 at xhigh, August 2026; gpt-5.6-terra's 107 spent 9 at medium, September 2026).
    prompt = "ping " + "word " * 85
    spent = {effort: respond(pong, input=prompt, reasoning={"effort": effort})["usage"]
             for effort in ("low", "medium", "high", "xhigh", "max")}
    assert {effort: usage["input_tokens"] for effort, usage in spent.items()} == dict.fromkeys(spent, 93)
    assert {effort: usage["output_tokens_details"]["reasoning_tokens"] for effort, usage in spent.items()} == {
        "low": 7, "medium": 7, "high": 39, "xhigh": 43, "max": 47}


def test_a_model_without_adaptive_reasoning_keeps_its_counts(pong):
    body = respond(pong, model="gpt-5", max_output_tokens=100)
    assert body["status"] == "completed"
    assert body["usage"]["output_tokens_details"]["reasoning_tokens"] == 64  # medium's whole budget, even on "ping"
    usage = chat(pong, model="gpt-5", reasoning_effort="minimal")["usage"]
    # "pong" and the 9 tokens gpt-5 writes around an answer (traceloop's captures: 82 = 64 + 9 + 9 in November
    # 2025, 11 = 0 + 2 + 9 twice in March 2026); at minimal it does not think (low spends 64, as recorded).
    assert usage["completion_tokens"] == 1 + 9
    assert chat(pong, model="gpt-5", reasoning_effort="low")["usage"]["completion_tokens"] == 64 + 1 + 9
    assert [item["type"] for item in respond(pong, model="gpt-5", reasoning={"effort": "low"})["output"]] == [
        "reasoning", "message"]


def reply(text):
    return create_app({"TESTING": True, "FAUXPEN_REPLY": text}).test_client()


def test_gpt55_counts_the_channel_and_spends_no_reasoning_on_a_short_question():
    # Recorded on gpt-5.5-2026-04-23, July 2026: "Paris" counted 5 output tokens, no reasoning item, none spent.
    body = respond(reply("Paris"), model="gpt-5.5", include=["reasoning.encrypted_content"],
                   input=[{"role": "user", "content": "What is the capital of France? Answer in one word."}])
    assert [item["type"] for item in body["output"]] == ["message"]
    usage = body["usage"]
    assert (usage["input_tokens"], usage["output_tokens"], usage["output_tokens_details"]["reasoning_tokens"]) == (
        18, 5, 0)


@pytest.mark.parametrize("model", ["gpt-6-sol", "gpt-6-luna"])
def test_gpt6_counts_the_channel(model):
    # Recorded on gpt-6-sol and gpt-6-luna, October 2026: "ok" counted 5 output tokens.
    body = respond(reply("ok"), model=model, temperature=0, top_p=0.9, max_output_tokens=32,
                   reasoning={"effort": "none"}, store=False,
                   input=[{"role": "user", "content": [{"type": "input_text",
                                                        "text": "Reply with the single word: ok"}]}])
    assert [item["type"] for item in body["output"]] == ["message"]
    usage = body["usage"]
    assert (usage["input_tokens"], usage["output_tokens"], usage["total_tokens"]) == (13, 5, 18)


def test_pro_mode_adds_its_instructions_to_the_input(client):
    """Recorded on gpt-5.6-sol in September 2026 (rig's cassettes): 'Reply with exactly: OK' counted 1,522 input
    tokens in pro mode and 11 in standard mode, nothing cached or written, no reasoning item."""
    def usage(mode):
        body = {"model": "gpt-5.6-sol", "reasoning": {"effort": "high", "mode": mode},
                "input": [{"role": "user", "content": [{"type": "input_text", "text": "Reply with exactly: OK"}]}]}
        return client.post("/v1/responses", json=body).get_json()

    pro, standard = usage("pro"), usage("standard")
    assert standard["usage"]["input_tokens"] == 11 and abs(pro["usage"]["input_tokens"] - 1522) <= 4
    assert pro["usage"]["input_tokens_details"] == {"cache_write_tokens": 0, "cached_tokens": 0}
    assert [item["type"] for item in pro["output"]] == ["message"]


def test_pro_mode_reads_a_longer_prompt_more_than_once(client):
    # Recorded on gpt-5.6-sol (September 2026): a conversation grown a turn at a time counted 1,568, 1,690, 1,808
    # and 1,934 input tokens in pro mode (19, 45, 71 and 97 in standard mode): about 4.7 tokens a prompt token. The
    # fit is within 4 of each; fauxpen counts the fourth prompt 2 over (99), and so that one 9 over.
    users = ["Remember the codeword ALPHA-17. Reply exactly: ACK-1",
             "Remember that the shape is octagon. Reply exactly: ACK-2",
             "Remember that the city is Kyoto. Reply exactly: ACK-3",
             "Remember that the number is 8642. Reply exactly: ACK-4"]
    conversation = []
    for turn, (text, recorded) in enumerate(zip(users, (1568, 1690, 1808, 1934)), 1):
        conversation.append({"role": "user", "content": [{"type": "input_text", "text": text}]})
        body = {"model": "gpt-5.6-sol", "input": conversation,
                "reasoning": {"context": "all_turns", "effort": "low", "mode": "pro"}}
        assert abs(client.post("/v1/responses", json=body).get_json()["usage"]["input_tokens"] - recorded) <= 9
        conversation.append({"role": "assistant", "content": [{"type": "output_text", "text": f"ACK-{turn}"}]})


def test_gpt_5_6_sol_frames_tools_in_the_responses_api_in_a_few_tokens(pong):
    # Recorded on gpt-5.6 (answered as gpt-5.6-sol, September 2026, effort low): the `add` tool with two described
    # numbers, required, beside its prompt: 83 input tokens, 4 more than the cookbook's count of the tool (three
    # recordings agree), where gpt-5.6-terra's capture above frames a tool in 79 more.
    add = {"type": "function", "name": "add", "description": "Add x and y together", "strict": False, "parameters": {
        "type": "object", "properties": {"x": {"type": "number", "description": "The first number to add"},
                                         "y": {"type": "number", "description": "The second number to add"}},
        "required": ["x", "y"]}}
    body = pong.post("/v1/responses", json={
        "model": "gpt-5.6", "reasoning": {"effort": "low"}, "include": ["reasoning.encrypted_content"],
        "input": "Add 48151.62342 and 27182.81828 using the add tool. You must call the tool.", "tools": [add],
        "tool_choice": "required", "max_output_tokens": 16}).get_json()
    assert body["usage"]["input_tokens"] == 83


def test_gpt_6_sol_frames_tools_in_chat_as_gpt_5_6_does():
    # Recorded on gpt-6-sol (September 2026): the same prompt with one tool cost 1,431 prompt tokens in chat and
    # 1,350 in the Responses API (effort none both): chat frames tools in 81 tokens more, as gpt-5.6 does (83).
    app = create_app({"TESTING": True}).test_client()
    empty = {"type": "object", "properties": {}}
    in_chat = chat(app, model="gpt-6-sol", reasoning_effort="none",
                   tools=[{"type": "function", "function": {"name": "f", "parameters": empty}}])
    in_responses = respond(app, model="gpt-6-sol", reasoning={"effort": "none"},
                           tools=[{"type": "function", "name": "f", "parameters": empty}])
    assert in_chat["usage"]["prompt_tokens"] - in_responses["usage"]["input_tokens"] == 81


def test_pro_mode_streams_its_answer_whole(client):
    # Recorded on gpt-5.6-sol (September 2026): the message is added already completed (its content empty, its phase
    # final_answer) and its text comes in one delta; standard mode streams it a token at a time.
    def events(mode):
        text = client.post("/v1/responses", json={"model": "gpt-5.6-sol", "input": "Reply with exactly: OK",
                                                  "stream": True, "reasoning": {"effort": "low", "mode": mode}})
        return [json.loads(block.split("\ndata: ", 1)[1]) for block in text.get_data(as_text=True).split("\n\n")
                if block]

    pro = events("pro")
    added = next(e["item"] for e in pro if e["type"] == "response.output_item.added" and e["item"]["type"] == "message")
    assert (added["status"], added["content"], added["phase"]) == ("completed", [], "final_answer")
    deltas = [e["delta"] for e in pro if e["type"] == "response.output_text.delta"]
    done = next(e["text"] for e in pro if e["type"] == "response.output_text.done")
    assert deltas == [done]
    assert len([e for e in events("standard") if e["type"] == "response.output_text.delta"]) > 1


# rig's cassettes of the GPT-6 models (0xPlaygrounds/rig, fixtures/cassettes/openai/models/*/session.yaml, recorded
# 2026-09-30 to 10-03): the same requests cost the same on gpt-6-sol, -luna, -astra and gpt-6.1-sol.
RIG_ADD = {"type": "function", "name": "add", "description": "Add x and y together", "strict": False, "parameters": {
    "type": "object", "properties": {"x": {"type": "number", "description": "The first operand"},
                                     "y": {"type": "number", "description": "The second operand"}},
    "required": ["x", "y"]}}
RIG_PING = {"type": "function", "name": "ping", "description": "Return the current ping marker. Takes no arguments.",
            "strict": False, "parameters": {"type": "object", "properties": {}, "required": []}}


def rig_input(text, *history):
    return [{"role": "user", "type": "message", "content": [{"type": "input_text", "text": text}]}, *history]


@pytest.mark.parametrize("model", ["gpt-6-sol", "gpt-6-luna", "gpt-6-astra", "gpt-6.1-sol"])
@pytest.mark.parametrize("instructions, text, tool, choice, recorded", [
    ("You must use the provided tools. Report tool outputs exactly as returned.",
     "Call the ping tool, then report the exact marker it returns.", RIG_PING, "auto", 70),
    ("Use add for arithmetic and report only the tool result.",
     "Use add once for x=1 and y=1, then report what the tool returns.", RIG_ADD, "required", 88),
    ("Use add for arithmetic; never calculate by hand.", "Use add once to compute x=20 plus y=22.", RIG_ADD, "auto",
     81),
    ("Use add for arithmetic; never calculate by hand.",
     "Use add once to compute x=20 plus y=22, then report the result.", RIG_ADD, "auto", 86),
])
def test_the_gpt_6_models_frame_tools_in_the_responses_api_in_a_few_tokens(model, instructions, text, tool, choice,
                                                                             recorded):
    # Recorded on gpt-6-sol (the add tool's also on gpt-6.1-sol): 4 more than the cookbook's count of the tools, as
    # gpt-5.6-sol frames them (fauxpen counted them with no framing: 4 under).
    app = create_app({"TESTING": True}).test_client()
    body = respond(app, model=model, instructions=instructions, input=rig_input(text), tools=[tool], store=False,
                   tool_choice=choice)
    assert body["usage"]["input_tokens"] == recorded


@pytest.mark.parametrize("model", ["gpt-6-luna", "gpt-6-sol"])
@pytest.mark.parametrize("system, text, choice, recorded", [
    ("Use add for arithmetic and report only the tool result.",
     "Use add once for x=1 and y=1, then report what the tool returns.", "required", 169),
    ("Use add for arithmetic; never calculate by hand.", "Use add once to compute x=20 plus y=22.", "auto", 162),
    ("Use add for arithmetic; never calculate by hand.",
     "Use add once to compute x=20 plus y=22, then report the result.", "auto", 167),
])
def test_the_gpt_6_models_frame_tools_in_chat_81_tokens_over_the_responses_api(model, system, text, choice, recorded):
    # Recorded on gpt-6-luna at effort none (rig's cassettes, October 2026): each 81 over the same request's
    # Responses count above (85 beside the cookbook's count), as gpt-6-sol's recorded pair of September 2026 is.
    app = create_app({"TESTING": True}).test_client()
    function = {key: RIG_ADD[key] for key in ("name", "description", "parameters")}
    body = chat(app, model=model, reasoning_effort="none", tool_choice=choice,
                tools=[{"type": "function", "function": function}],
                messages=[{"role": "system", "content": [{"type": "text", "text": system}]},
                          {"role": "user", "content": text}])
    assert body["usage"]["prompt_tokens"] == recorded


# What o200k makes of the calls' arguments and outputs below (tiktoken's o200k_base), where the estimate reads
# "[portable-redacted]" and store_profile's JSON a token or so apart; the rest of each prompt cancels out.
RIG_O200K = {'{"x":1,"y":1}': 9, "[portable-redacted]": 5, '{"text":"banana","times":3}': 9,
             "banana banana banana": 3}


@pytest.fixture
def rig_o200k(monkeypatch):
    from fauxpen import tokens
    estimate = tokens.count_tokens_o200k
    monkeypatch.setattr(tokens, "count_tokens_o200k", lambda text: RIG_O200K.get(text) or estimate(text))


def rig_call(name, arguments, output):
    return ({"type": "function_call", "call_id": "call_1", "name": name, "arguments": arguments,
             "status": "completed"},
            {"type": "function_call_output", "call_id": "call_1", "output": output, "status": "completed"})


@pytest.mark.parametrize("model", ["gpt-6-sol", "gpt-6.1-sol"])
@pytest.mark.parametrize("instructions, text, tool, call, recorded", [
    ("Use add for arithmetic and report only the tool result.",
     "Use add once for x=1 and y=1, then report what the tool returns.", RIG_ADD,
     rig_call("add", '{"x":1,"y":1}', "[portable-redacted]"), 124 - 88),
    ("Use the repeat_text tool whenever asked to repeat text.",
     'Use the repeat_text tool to repeat the word "banana" 3 times, then show me the exact result.',
     {"type": "function", "name": "repeat_text", "description": "Repeat `text`.", "strict": False,
      "parameters": {"type": "object", "properties": {"text": {"type": "string"}}}},
     rig_call("repeat_text", '{"text":"banana","times":3}', "banana banana banana"), 161 - 125),
])
def test_a_gpt_6_call_and_its_output_cost_what_they_do_on_gpt_5_4(rig_o200k, model, instructions, text, tool, call,
                                                                   recorded):
    # Recorded on gpt-6-sol (the add's also on gpt-6.1-sol): a call and its output added 36 tokens, each 20 and the
    # function's name twice beside its arguments and output, as gpt-5.4 writes them (an output naming its function
    # again); fauxpen added 8 fewer.
    app = create_app({"TESTING": True}).test_client()

    def count(*history):
        return respond(app, model=model, instructions=instructions, input=rig_input(text, *history), tools=[tool],
                       store=False)["usage"]["input_tokens"]

    assert count(*call) - count() == recorded


def test_a_gpt_6_call_writes_its_functions_name_after_the_dot(rig_o200k, monkeypatch):
    # Recorded on gpt-6-sol (rig's cassettes, October 2026): the ping call (`{}`) and its output of 6 tokens added 31,
    # 20 and the name twice beside them as written after `functions.`: o200k's `.p|ing`, 2 tokens where `ping` alone
    # is 1 (29 with the real tokenizer's counts of the name alone). The output stands in for the recorded marker
    # with its o200k count (pong-crimson-7423, the marker of rig's conformance suite).
    from fauxpen import tokens
    for text, count in (("{}", 1), (".ping", 2), ("pong-crimson-7423", 6)):
        monkeypatch.setitem(RIG_O200K, text, count)
    name = tokens.count_name_tokens
    monkeypatch.setattr(tokens, "count_name_tokens", lambda text: RIG_O200K.get(text) or name(text))
    app = create_app({"TESTING": True}).test_client()
    instructions = "You must use the provided tools. Report tool outputs exactly as returned."
    text = "Call the ping tool, then report the exact marker it returns."

    def count(*history):
        return respond(app, model="gpt-6-sol", instructions=instructions, input=rig_input(text, *history),
                       tools=[RIG_PING], store=False)["usage"]["input_tokens"]

    assert count(*rig_call("ping", "{}", "pong-crimson-7423")) - count() == 31


# rig's GPT-6 sessions (models/gpt_6_sol/session.yaml and gpt_6_1_sol's, October 2026): their main conversation's
# turns, sent back as items, and what o200k makes of each text in them (a call's name as written after `functions.`).
RIG_SESSION_O200K = {
    "MAIN SESSION. Hello! In one sentence, what can you help me with?": 16,
    "Look up order A-1. After you have its status, look up order A-2.": 20, ".lookup_order": 2, ".warehouse_time": 3,
    ".list_orders": 2, "{}": 1, '{"order_id":"A-1"}': 8, '{"order_id":"A-2"}': 8, '{"order_id":"B-1"}': 8,
    '{"order_id":"B-2"}': 8, '{"order_id":"A-1","status":"cancelled","date":"2026-05-17"}': 22,
    '{"order_id":"A-2","status":"returned","date":"2026-05-18"}': 21,
    '{"order_id":"B-1","status":"returned","date":"2026-05-06"}': 21,
    '{"order_id":"B-2","status":"processing","date":"2026-05-07"}': 21,
    "Check orders B-1 and B-2 at the same time.": 14, "What time is it at the warehouse right now?": 10,
    '{"time":"14:05","timezone":"UTC"}': 11, "List all my orders, whatever their status.": 9,
    '[{"order_id":"A-1","status":"shipped"},{"order_id":"A-2","status":"delivered"},{"order_id":"B-1","status":'
    '"shipped"}]': 39}
RIG_SESSION_ANSWERS = {
    "gpt-6-sol": {
        "I can help check your orders, answer questions, and arrange a courier pickup.": 16,
        "Order A-1 was cancelled before it shipped on May 17, 2026; no charge was taken, or any charge will be "
        "reversed. Order A-2 was returned on May 18, 2026; a refund usually follows within five business days after "
        "the return is inspected.": 59,
        "Order B-1 was returned on May 6, 2026; a refund usually follows within five business days after inspection. "
        "Order B-2 was being prepared as of May 7, 2026; it had not shipped yet, and you\u2019ll receive a shipping "
        "email.": 57,
        "It\u2019s 14:05 UTC at the warehouse.": 11},
    "gpt-6.1-sol": {
        "Hello! I can help with order questions, list your orders, check the warehouse time, book courier pickups, "
        "and answer questions about images, documents, or other topics.": 34,
        "Order A-1 was cancelled on May 17, 2026, before it shipped; any charge will be reversed. Order A-2 was "
        "returned on May 18, 2026; a refund follows once the return is inspected, usually within five business "
        "days.": 55,
        "Order B-1 was returned on May 6, 2026; a refund follows once the return is inspected, usually within five "
        "business days. Order B-2 was received on May 7, 2026, and is being prepared; it has not shipped yet, and "
        "you\u2019ll get a shipping email.": 64,
        "It\u2019s currently 14:05 UTC at the warehouse.": 12}}


def rig_session_items(*turns):
    """Items as rig sends them back: ("user", text), ("assistant", text), ("call", id, name, arguments) and
    ("output", id, output)."""
    items = []
    for kind, *fields in turns:
        if kind == "user":
            items += rig_input(fields[0])
        elif kind == "assistant":
            items.append({"type": "message", "role": "assistant", "status": "completed", "phase": "final_answer",
                          "id": f"msg_{len(items):048x}", "content": [{"type": "output_text", "text": fields[0]}]})
        elif kind == "call":
            items.append({"type": "function_call", "call_id": fields[0], "name": fields[1], "arguments": fields[2],
                          "status": "completed"})
        else:
            items.append({"type": "function_call_output", "call_id": fields[0], "output": fields[1],
                          "status": "completed"})
    return items


@pytest.mark.parametrize("model, recorded", [("gpt-6-sol", 2090 - 1529), ("gpt-6.1-sol", 2112 - 1529)])
def test_a_gpt_6_conversation_of_calls_costs_what_o200k_makes_of_its_names_after_the_dot(monkeypatch, model,
                                                                                          recorded):
    # Recorded: the conversation's first question cost 1,529 input tokens on both models, and with its turns of two
    # lookups in turn, two made together, a call of warehouse_time (`.w|arehouse|_time`, 3 tokens, named by the call
    # and its output) and one of list_orders 2,090 on gpt-6-sol and 2,112 on gpt-6.1-sol (their answers' words
    # differ): 561 and 583 added, as counted here with o200k's counts of the texts (559 and 581 with the names'
    # counts alone).
    from fauxpen import tokens
    counts = {**RIG_SESSION_O200K, **RIG_SESSION_ANSWERS[model]}
    text, name = tokens.count_tokens_o200k, tokens.count_name_tokens
    monkeypatch.setattr(tokens, "count_tokens_o200k", lambda value: counts.get(value) or text(value))
    monkeypatch.setattr(tokens, "count_name_tokens", lambda value: counts.get(value) or name(value))
    (first, look_up, _, _, _, empty, a1, a2, b1, b2, a1_out, a2_out, b1_out, b2_out, at_once, time_asked, time_out,
     list_asked, listed) = RIG_SESSION_O200K
    hello, a_answer, b_answer, time_answer = RIG_SESSION_ANSWERS[model]
    turns = rig_session_items(
        ("assistant", hello), ("user", look_up), ("call", "c1", "lookup_order", a1), ("output", "c1", a1_out),
        ("call", "c2", "lookup_order", a2), ("output", "c2", a2_out), ("assistant", a_answer), ("user", at_once),
        ("call", "c3", "lookup_order", b1), ("call", "c4", "lookup_order", b2), ("output", "c3", b1_out),
        ("output", "c4", b2_out), ("assistant", b_answer), ("user", time_asked),
        ("call", "c5", "warehouse_time", empty), ("output", "c5", time_out), ("assistant", time_answer),
        ("user", list_asked), ("call", "c6", "list_orders", empty), ("output", "c6", listed))
    app = create_app({"TESTING": True}).test_client()

    def count(*items):
        return respond(app, model=model, instructions="Answer about orders.", reasoning={"effort": "low"},
                       store=False, input=[*rig_input(first), *items],
                       tools=[{"type": "function", "name": "lookup_order", "description": "Status of an order by id.",
                               "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}}}]
                       )["usage"]["input_tokens"]

    assert count(*turns) - count() == recorded


def test_a_gpt_6_chat_call_and_its_answer_cost_6_tokens_more(rig_o200k):
    # Recorded on gpt-6-luna at effort none (rig's cassettes, October 2026): the add call and its answer added 35
    # tokens to the 169 above, as a call and its answer cost on GPT-5 to 5.5 (6 more than on gpt-4o).
    app = create_app({"TESTING": True}).test_client()
    function = {key: RIG_ADD[key] for key in ("name", "description", "parameters")}
    messages = [{"role": "system", "content": [{"type": "text", "text": "Use add for arithmetic and report only the "
                                                                          "tool result."}]},
                {"role": "user", "content": "Use add once for x=1 and y=1, then report what the tool returns."}]
    answered = messages + [
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                              "function": {"name": "add", "arguments": '{"x":1,"y":1}'}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "[portable-redacted]"}]

    def count(messages):
        return chat(app, model="gpt-6-luna", reasoning_effort="none", messages=messages,
                    tools=[{"type": "function", "function": function}])["usage"]["prompt_tokens"]

    assert count(answered) - count(messages) == 204 - 169


def test_the_gpt_6_models_frame_an_assistant_message_in_2_tokens_more():
    # Recorded (rig's cassettes, October 2026): gpt-6.1-sol's second turn, its answer and the next question sent
    # back, added 64 input tokens in the Responses API, and gpt-6-sol's answer "red" and the next question 21 prompt
    # tokens in chat: each 2 more than the messages' count, as the gpt-5.6 models write an assistant's channel.
    app = create_app({"TESTING": True}).test_client()
    answer = {"type": "message", "role": "assistant", "status": "completed", "phase": "final_answer",
              "id": "msg_0054959b5560cbee016ac147c84c2887d091c26b16a446b74a",
              "content": [{"type": "output_text", "annotations": [], "logprobs": [], "text": (
                  "Hello! I can help with order questions, list your orders, check the warehouse time, book courier "
                  "pickups, and answer questions about images, documents, or other topics.")}]}
    first = rig_input("MAIN SESSION. Hello! In one sentence, what can you help me with?")
    turns = [respond(app, model="gpt-6.1-sol", reasoning={"effort": "low"}, store=False, input=items)
             ["usage"]["input_tokens"] for items in (first, first + [answer, *rig_input(
                 "Look up order A-1. After you have its status, look up order A-2.")])]
    assert turns[1] - turns[0] == 1593 - 1529
    messages = [{"role": "system", "content": [{"type": "text", "text": "You are a concise assistant."}]},
                {"role": "user", "content": "Say hello in one short sentence."},
                {"role": "assistant", "content": [{"type": "text", "text": "Hello!"}]},
                {"role": "user", "content": "What single colour fills this image? Answer with one lowercase word."}]
    more = [{"role": "assistant", "content": [{"type": "text", "text": "red"}]},
            {"role": "user", "content": "What colour did you just name? One word."}]
    prompts = [chat(app, model="gpt-6-sol", messages=asked)["usage"]["prompt_tokens"]
               for asked in (messages, messages + more)]
    assert prompts[1] - prompts[0] == 73 - 52


@pytest.mark.parametrize("model", ["gpt-6-sol", "gpt-6-luna", "gpt-6-astra", "gpt-6.1-sol"])
def test_the_gpt_6_models_spend_no_reasoning_on_the_prompts_length(model):
    # Recorded (rig's cassettes, October 2026): gpt-6-sol answered the ping tool's request of 70 input tokens at
    # medium with the call alone, 14 output tokens and none of reasoning, as 44 of 51 answers of the GPT-6 models at
    # low and medium spent none (prompts of 9 to 15,626 tokens); gpt-5.6's growth made it 4 and a reasoning item.
    app = create_app({"TESTING": True}).test_client()
    body = respond(app, model=model, store=False, instructions=(
        "You must use the provided tools. Report tool outputs exactly as returned."),
        input=rig_input("Call the ping tool, then report the exact marker it returns."), tools=[RIG_PING])
    assert [item["type"] for item in body["output"]] == ["function_call"]
    assert (body["usage"]["input_tokens"], body["usage"]["output_tokens"]) == (70, 14)
    assert body["usage"]["output_tokens_details"] == {"reasoning_tokens": 0}
    long = respond(app, model=model, reasoning={"effort": "low"}, input="word " * 2000)
    assert long["usage"]["output_tokens_details"] == {"reasoning_tokens": 0}


RIG_VALUE = [{"type": "function", "name": name, "description": f"Return the supplied integer using {name}.",
              "strict": False, "parameters": {"type": "object", "properties": {"value": {"type": "integer"}},
                                              "required": ["value"]}} for name in ("alpha", "beta")]
RIG_BINOP = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "BinOpArgs", "type": "object",
             "properties": {"a": {"format": "int64", "type": "integer"}, "b": {"format": "int64", "type": "integer"}},
             "required": ["a", "b"]}


@pytest.mark.parametrize("model", ["gpt-6-sol", "gpt-6-luna"])
def test_a_gpt_6_parameter_without_a_description_costs_2_less_than_the_cookbook_counts(model):
    # Recorded (rig's cassettes, October 2026): gpt-6-sol's requests of two functions of one undescribed integer,
    # 69 input tokens (forced or required) and 76; gpt-6-luna's add of two, 84; gpt-6-sol's chat add and multiply
    # of two each, 216 prompt tokens: 6, 6, 5 and 10 over before, 2 a parameter and 1 a function with them.
    app = create_app({"TESTING": True}).test_client()
    assert respond(app, model=model, store=False, max_output_tokens=96, tool_choice="required", tools=RIG_VALUE,
                   input=rig_input("Call alpha with value 7."))["usage"]["input_tokens"] == 69
    assert respond(app, model=model, store=False, max_output_tokens=64, tool_choice="none", tools=RIG_VALUE,
                   input=rig_input("Answer with only the number 4. Do not call a function."))["usage"][
        "input_tokens"] == 76
    add = {"type": "function", "name": "add", "description": "Add two integers a and b.", "strict": False,
           "parameters": RIG_BINOP}
    assert respond(app, model=model, store=False, tools=[add],
                   instructions="Use the add tool for arithmetic; do not calculate by hand.",
                   input=rig_input("Use add to calculate 17 + 25, then state the final number."))["usage"][
        "input_tokens"] == 84
    functions = [{"type": "function", "function": {"name": name, "description": f"{verb} two integers a and b.",
                                                   "parameters": RIG_BINOP}}
                 for name, verb in (("add", "Add"), ("multiply", "Multiply"))]
    assert chat(app, model=model, reasoning_effort="none", tools=functions, messages=[
        {"role": "system", "content": [{"type": "text", "text": (
            "You are a calculator. Use the add and multiply tools for arithmetic; never compute by hand.")}]},
        {"role": "user", "content": ("Compute (4 + 6) * 2. First call the add tool, then call the multiply tool on "
                                     "the result. Tell me the final number.")}])["usage"]["prompt_tokens"] == 216


RIG_PROFILE = {"type": "function", "name": "store_profile", "strict": False, "description": (
    "Store one profile with its nested tags, mode, optional note, and exact quoted text."), "parameters": {
    "$defs": {"ComplexMode": {"enum": ["careful", "fast"], "type": "string"},
              "ComplexProfile": {"properties": {"name": {"type": "string"},
                                                "tags": {"items": {"type": "string"}, "type": "array"}},
                                 "required": ["name", "tags"], "type": "object"}},
    "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "ComplexArgs", "type": "object",
    "properties": {"mode": {"$ref": "#/$defs/ComplexMode"}, "note": {"type": ["string", "null"]},
                   "profile": {"$ref": "#/$defs/ComplexProfile"}, "quote": {"type": "string"}},
    "required": ["profile", "mode", "quote"]}}
RIG_PROFILE_ASK = (
    "Call store_profile once. Each value below is raw text between <<< and >>>, with no escaping: profile.name "
    "<<<Zoë \"Z\">>>, profile.tags <<<rust>>> and <<<東京>>>, mode <<<careful>>>, note the two lines <<<line one>>> "
    "and <<<line two>>> joined by one newline, and quote <<<path C:\\tmp and \"quoted\">>>. Then confirm it was "
    "stored.")


def test_a_gpt_6_function_counts_a_referenced_definition_written_where_it_is_used(monkeypatch):
    # Recorded on gpt-6-sol (rig's cassettes, October 2026): store_profile, whose mode and profile are `$ref`s to
    # its `$defs` (schemars'), cost 185 input tokens beside its question (82 tokens by o200k, 77 by the estimate);
    # its definitions left out, fauxpen counted 12 under with the real tokenizer, written where they are used 1 over.
    from fauxpen import tokens
    estimate = tokens.count_tokens_o200k
    monkeypatch.setattr(tokens, "count_tokens_o200k", lambda text: 82 if text == RIG_PROFILE_ASK else estimate(text))
    app = create_app({"TESTING": True}).test_client()

    def count(tool):
        return respond(app, model="gpt-6-sol", store=False, tools=[tool], input=rig_input(RIG_PROFILE_ASK),
                       instructions="Use store_profile exactly once with every value supplied by the user.")[
            "usage"]["input_tokens"]

    inline = json.loads(json.dumps(RIG_PROFILE))
    definitions = inline["parameters"].pop("$defs")
    inline["parameters"]["properties"].update(mode=definitions["ComplexMode"], profile=definitions["ComplexProfile"])
    assert count(RIG_PROFILE) == count(inline)
    assert abs(count(RIG_PROFILE) - 185) <= 1


@pytest.mark.parametrize("model", ["gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano"])
def test_gpt_5_4_frames_chat_tools_as_the_gpt_6_models_do(model):
    # Recorded on gpt-5.4 in chat (rig's cassettes, gpt_5_4/session.yaml, 2026; the first two and the ping's on -mini
    # and -nano too, alike): each request's prompt_tokens 81 over the same request's on the GPT-6 models in the
    # Responses API, as GPT-6's chat is (85 beside the cookbook's count, a parameter without a description 2 less and a
    # function with any such 1 less); 84 and the cookbook's count made them 4 and 9 over (undescribed integers) and 1
    # under (a function taking none).
    app = create_app({"TESTING": True}).test_client()

    def prompt(system, text, tools, *history, **extra):
        messages = [{"role": "system", "content": [{"type": "text", "text": system}]},
                    {"role": "user", "content": text}, *history]
        return chat(app, model=model, messages=messages, tools=[
            {"type": "function", "function": tool} for tool in tools], **extra)["usage"]["prompt_tokens"]

    def called(name, arguments, output):
        return ({"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {
            "name": name, "arguments": arguments}}]}, {"role": "tool", "tool_call_id": "call_1", "content": output})

    add = {"name": "add", "description": "Add two integers a and b.", "parameters": RIG_BINOP}
    multiply = dict(add, name="multiply", description="Multiply two integers a and b.")
    ask = "Use add to calculate 17 + 25, then state the final number."
    system = "Use the add tool for arithmetic; do not calculate by hand."
    assert prompt(system, ask, [add]) == 165
    assert prompt(system, ask, [add], *called("add", '{"a":17,"b":25}', "42")) == 196
    system = "You are a calculator. Use the add and multiply tools for arithmetic; never compute by hand."
    ask = ("Compute (4 + 6) * 2. First call the add tool, then call the multiply tool on the result. Tell me the final "
           "number.")
    assert prompt(system, ask, [add, multiply]) == 216
    assert prompt(system, ask, [add, multiply], *called("add", '{"a":4,"b":6}', "10")) == 247
    ping = {key: RIG_PING[key] for key in ("name", "description", "parameters")}
    assert prompt("You must use the provided tools. Report tool outputs exactly as returned.",
                  "Call the ping tool, then report the exact marker it returns.", [ping]) == 151
    described = {key: RIG_ADD[key] for key in ("name", "description", "parameters")}
    assert prompt("Use add for arithmetic and report only the tool result.",
                  "Use add once for x=1 and y=1, then report what the tool returns.", [described],
                  tool_choice="required") == 169
