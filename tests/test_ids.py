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


def test_forked_processes_take_none_of_their_parents_drawn_ids():
    import os

    ids.chat_completion_id()  # the parent's pool of 29 alphanumerics now holds runs a child could take
    kept = list(ids._pools[29])
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, "\n".join(ids.chat_completion_id() for _ in range(len(kept) + 1)).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 100_000).decode().split("\n")
    assert len(child) == len(kept) + 1 and not {c[len("chatcmpl-"):] for c in child} & set(kept)


def test_runs_of_every_length_have_it_and_the_alphabet_alone():
    for length in range(0, ids.POOLED_LENGTH + 9):
        drawn = [ids.alnum(length) for _ in range(2 * ids.POOL_SIZE + 1)]  # through two fills of a pool
        assert all(len(run) == length and re.fullmatch(r"[A-Za-z0-9]*", run) for run in drawn)
        if length >= 8:
            assert len(set(drawn)) == len(drawn)


def test_threads_taking_ids_at_once_get_each_its_own():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        drawn = [i for batch in pool.map(lambda _: [ids.tool_call_id() for _ in range(500)], range(8))
                 for i in batch]
    assert len(set(drawn)) == len(drawn) == 4000
