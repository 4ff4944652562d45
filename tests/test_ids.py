"""Ids look like the real API's and draw from the whole alphabet."""
import re
import string

from fauxpen import ids


def test_shapes():
    assert re.fullmatch(r"chatcmpl-[A-Za-z0-9]{29}", ids.chat_completion_id())
    assert re.fullmatch(r"call_[A-Za-z0-9]{24}", ids.tool_call_id())
    assert re.fullmatch(r"req_[0-9a-f]{32}", ids.request_id())


def test_every_alphanumeric_appears_in_every_position_range():
    drawn = [ids.chat_completion_id()[len("chatcmpl-"):] for _ in range(3000)]
    assert set("".join(drawn)) == set(string.ascii_letters + string.digits)
    # The last digits of a base-62 reading are as random as the first.
    assert len({d[-1] for d in drawn}) == 62 and len({d[0] for d in drawn}) == 62
    assert len(set(drawn)) == len(drawn)


def test_forked_processes_draw_different_ids():
    import os

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, ids.request_id().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 100).decode()
    assert child != ids.request_id() and child.startswith("req_")
