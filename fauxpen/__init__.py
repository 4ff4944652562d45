"""fauxpen: an emulator of the OpenAI HTTP API."""
import logging
import os
import sys
import threading
import weakref

from flask import Flask

from . import errors, wire
from .config import Config


class DeferredFlushHandler(logging.StreamHandler):
    """A StreamHandler that writes its lines a moment later, several at a time, instead of one by one.

    StreamHandler writes and flushes each record: a write system call per request (PYTHONUNBUFFERED, which
    PaaS images set, makes every write one anyway). A system call releases the GIL, and under gunicorn's
    threads the request may then wait for another request's Python code to hand it back. Here lines are kept
    and a timer thread writes them `delay` seconds after the first: every line is written, in order, at most
    `delay` late. flush() and close() (at exit, logging.shutdown) write at once, and so does a fork.
    """

    def __init__(self, stream, delay=0.05):
        super().__init__(stream)
        self.delay = delay
        self._pending = []
        self._timer = None
        _open_handlers.add(self)

    def emit(self, record):
        try:
            self._pending.append(self.format(record) + self.terminator)
            if self._timer is None:
                self._arm_timer()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def _arm_timer(self):
        timer = threading.Timer(self.delay, self._timed_flush)
        timer.daemon = True
        try:
            timer.start()
        except RuntimeError:  # no new threads at interpreter shutdown: write now
            self._write_pending()
            return
        self._timer = timer

    def _timed_flush(self):
        try:
            self.flush()
        except (OSError, ValueError):  # the stream is closed or broken: as logging.shutdown, give up quietly
            pass

    def _write_pending(self):
        if self._pending:
            text = "".join(self._pending)
            self._pending.clear()
            self.stream.write(text)

    def flush(self):
        """Write the pending lines and flush the stream, now."""
        with self.lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._write_pending()
            super().flush()

    def close(self):
        _open_handlers.discard(self)
        self.flush()
        super().close()


# Around a fork: flush pending lines first, so that the child does not write them again; in the child, a timer
# armed before has no thread.
_open_handlers = weakref.WeakSet()


def _flush_before_fork():
    for handler in list(_open_handlers):
        handler.flush()


def _forget_timers_after_fork():
    for handler in list(_open_handlers):
        handler._timer = None


os.register_at_fork(before=_flush_before_fork, after_in_child=_forget_timers_after_fork)


def configure_logging(level):
    """Send fauxpen's log lines to stdout, under gunicorn and `python app.py` alike."""
    logger = logging.getLogger("fauxpen")
    if not logger.handlers:
        handler = DeferredFlushHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level)


def create_app(test_config=None):
    """Create the fauxpen WSGI app: config, error envelope, wire headers, one blueprint per endpoint."""
    app = Flask(__name__)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.json.compact = True
    configure_logging(app.config["FAUXPEN_LOG_LEVEL"])

    errors.register(app)
    wire.register(app)

    from .views import chat, models

    app.register_blueprint(chat.bp, url_prefix="/v1")
    app.register_blueprint(models.bp, url_prefix="/v1")
    return app
