"""fauxpen's log handler writes every line, a moment later and several at a time."""
import io
import logging
import os
import sys
import threading

from fauxpen import LINE_FORMAT, DeferredFlushHandler, Formatter, wire


class Stream(io.StringIO):
    """A stream that counts its flushes and signals the first."""

    flushes = 0

    def __init__(self):
        super().__init__()
        self.flushed = threading.Event()

    def flush(self):
        self.flushes += 1
        self.flushed.set()
        super().flush()


def record(message):
    return logging.LogRecord("fauxpen", logging.INFO, __file__, 1, message, (), None)


def test_lines_wait_for_one_write_and_close_writes_them():
    stream = Stream()
    handler = DeferredFlushHandler(stream, delay=3600)
    for n in range(3):
        handler.handle(record(f"line {n}"))
    assert stream.getvalue() == "" and stream.flushes == 0
    handler.close()
    assert stream.flushes == 1
    assert stream.getvalue() == "line 0\nline 1\nline 2\n"


def test_the_writer_thread_writes_every_queued_line_once():
    stream = Stream()
    handler = DeferredFlushHandler(stream, delay=0)
    handler.handle(record("one"))
    assert stream.flushed.wait(timeout=30)  # the writer thread wrote it, nobody else did
    assert stream.getvalue() == "one\n"
    handler.handle(record("two"))
    writer = handler._writer
    handler.close()  # the writer stops; everything is written exactly once, whoever wrote it
    writer.join()
    assert stream.getvalue() == "one\ntwo\n"


def test_flush_writes_at_once():
    stream = Stream()
    handler = DeferredFlushHandler(stream, delay=3600)
    handler.handle(record("now"))
    handler.flush()
    assert stream.getvalue() == "now\n" and stream.flushes == 1
    handler.close()


def test_filtered_records_are_not_written():
    stream = Stream()
    handler = DeferredFlushHandler(stream, delay=3600)
    handler.addFilter(lambda r: "secret" not in r.getMessage())
    handler.handle(record("secret"))
    handler.handle(record("public"))
    handler.close()
    assert stream.getvalue() == "public\n"


def test_a_forked_child_flushes_its_own_lines(tmp_path):
    path = tmp_path / "log.txt"
    with open(path, "w", encoding="utf-8") as f:
        handler = DeferredFlushHandler(f, delay=3600)
        handler.handle(record("parent"))
        pid = os.fork()  # the before-fork hook flushes "parent", so the child does not write it again
        if pid == 0:
            handler.handle(record("child"))
            handler.close()
            os._exit(0)
        os.waitpid(pid, 0)
        handler.close()
    assert path.read_text(encoding="utf-8") == "parent\nchild\n"


def test_formatter_writes_the_time_as_logging_does_across_seconds():
    ours, theirs = Formatter("%(asctime)s %(message)s"), logging.Formatter("%(asctime)s %(message)s")
    # Back and forth across second boundaries, and a record from an earlier second after a later one.
    for created in (1700000000.25, 1700000000.999, 1700000001.0, 1700000000.5, 1700086400.125):
        line = record("hi")
        line.created, line.msecs = created, int((created - int(created)) * 1000)
        assert ours.format(line) == theirs.format(line)
    dated = record("hi")
    assert Formatter("%(asctime)s", datefmt="%H:%M").format(dated) == logging.Formatter(
        "%(asctime)s", datefmt="%H:%M").format(dated)


ACCESS = ("POST", "/v1/chat/completions", 200, 3, "req_0123456789abcdef0123456789abcdef")


def made(args=ACCESS):
    return wire.log.makeRecord(wire.log.name, logging.INFO, wire.__file__, 0, wire.ACCESS_LINE, args, None)


def test_an_access_record_is_the_one_make_record_makes():
    def compare(found):
        ours, theirs = vars(wire.access_record(ACCESS)), vars(made())
        found.append(list(ours) == list(theirs) and abs(ours["created"] - theirs["created"]) < 1 and all(
            ours[key] == theirs[key] for key in ours if key not in ("created", "msecs", "relativeCreated")))

    found = []
    compare(found)
    thread = threading.Thread(target=compare, args=(found,), name="a request's thread")
    thread.start()
    thread.join()
    assert found == [True, True]


def test_an_access_record_follows_logging_s_switches_and_its_record_factory(monkeypatch):
    for switch in ("logThreads", "logProcesses", "logMultiprocessing"):
        monkeypatch.setattr(logging, switch, False)
    untimed = [{key: value for key, value in vars(line).items() if key not in ("created", "msecs", "relativeCreated")}
               for line in (wire.access_record(ACCESS), made())]
    assert untimed[0] == untimed[1]
    assert wire.access_record(ACCESS).thread is None and wire.access_record(ACCESS).process is None

    class Record(logging.LogRecord):
        pass

    monkeypatch.setattr(logging, "_logRecordFactory", Record)
    assert type(wire.access_record(ACCESS)) is Record


def test_the_access_line_is_formatted_as_logging_formats_it():
    ours, theirs = Formatter(LINE_FORMAT), logging.Formatter(LINE_FORMAT)
    assert ours._line
    for args in (ACCESS, ("GET", "/v1/caf\u00e9 %s", 404, 0, "")):
        for created in (1700000000.25, 1700000000.999, 1700000001.0):
            line = wire.access_record(args)
            line.created, line.msecs = created, int((created - int(created)) * 1000) + 0.0
            assert ours.format(line) == theirs.format(line)
    try:
        raise ValueError("boom")
    except ValueError:
        failed = logging.LogRecord("fauxpen", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info())
    assert ours.format(failed) == theirs.format(failed) and "ValueError: boom" in ours.format(failed)
    assert not Formatter(LINE_FORMAT, datefmt="%H:%M")._line and not Formatter("%(message)s")._line
