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
    """A StreamHandler that flushes a moment after a line, not at every line.

    StreamHandler flushes after each record: a write system call per request, which releases the GIL, and
    under gunicorn's threads every release can hand the GIL to another request and wait to get it back
    (bench/run.py: 13-20% fewer requests/s with the access line than without). Here a timer thread flushes
    `delay` seconds after the first unflushed line: one write per burst, and a line is never later than that.
    Closing (at exit, logging.shutdown) flushes at once.
    """

    flushOnClose = False  # logging.shutdown: close() flushes at once, without arming a timer

    def __init__(self, stream, delay=0.05):
        super().__init__(stream)
        self.delay = delay
        self._timer = None
        _open_handlers.add(self)

    def flush(self):
        """Arrange a flush within `delay` seconds (emit calls this, holding the handler's lock)."""
        if self._timer is None:
            timer = threading.Timer(self.delay, self.flush_now)
            timer.daemon = True
            try:
                timer.start()
            except RuntimeError:  # no new threads at interpreter shutdown: flush now
                super().flush()
                return
            self._timer = timer

    def flush_now(self):
        with self.lock:
            self._timer = None
            super().flush()

    def close(self):
        _open_handlers.discard(self)
        with self.lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            super().flush()
        super().close()


# Around a fork: flush pending lines first, so that the child does not write them again; in the child, a timer
# armed before has no thread.
_open_handlers = weakref.WeakSet()


def _flush_before_fork():
    for handler in list(_open_handlers):
        handler.flush_now()


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
