"""fauxpen: an emulator of the OpenAI HTTP API."""
import collections
import functools
import logging
import os
import sys
import threading
import time
import weakref

from flask import Flask
from flask.ctx import AppContext, RequestContext, _sentinel
from flask.globals import _cv_app, _cv_request
from flask.signals import (appcontext_popped, appcontext_pushed, appcontext_tearing_down, request_finished,
                           request_started, request_tearing_down)
from flask.sessions import NullSession, SecureCookieSessionInterface
from werkzeug.exceptions import HTTPException

from . import errors, hooks, jsontext, wire
from .config import Config


class DeferredFlushHandler(logging.StreamHandler):
    """A StreamHandler that writes its lines a moment later, several at a time, from a thread of its own.

    StreamHandler writes and flushes each record under the handler's lock: a write system call per request
    (PYTHONUNBUFFERED, which PaaS images set, makes every write one anyway). A system call, or a wait for the
    lock, releases the GIL, and under gunicorn's threads the request may then wait for another request's
    Python code to hand it back. Here a record is formatted and queued without the lock, and a writer thread
    writes what is queued `delay` seconds after the first line: every line is written, in order, at most
    `delay` late. flush() and close() (at exit, logging.shutdown) write at once, and so does a fork.
    """

    flushOnClose = False  # logging.shutdown: close() writes the queue

    def __init__(self, stream, delay=0.05):
        super().__init__(stream)
        self.delay = delay
        self._queue = collections.deque()  # append and popleft are thread-safe
        self._wake = threading.Event()
        self._writer = None
        self._closed = False
        _open_handlers.add(self)

    def handle(self, record):
        """Filter and emit record, without the handler's lock: emit only queues a line."""
        kept = self.filter(record)
        if kept:
            self.emit(record)
        return kept

    def emit(self, record):
        try:
            self._queue.append(self.format(record) + self.terminator)
            if self._writer is None:
                self._start_writer()
            if not self._wake.is_set():  # set: the writer has yet to clear it, then write what is queued
                self._wake.set()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def _start_writer(self):
        with self.lock:
            if self._writer is not None:
                return
            writer = threading.Thread(target=self._write_loop, name="fauxpen-log-writer", daemon=True)
            try:
                writer.start()
            except RuntimeError:  # no new threads at interpreter shutdown: write now
                self.flush()
                return
            self._writer = writer

    def _write_loop(self):
        while not self._closed:
            self._wake.wait()
            time.sleep(self.delay)
            self._wake.clear()  # before the queue is read: a line queued after it sets the event again
            try:
                self.flush()
            except (OSError, ValueError):  # the stream is closed or broken: as logging.shutdown, give up quietly
                pass

    def flush(self):
        """Write the queued lines and flush the stream, now."""
        with self.lock:
            lines = []
            while self._queue:
                lines.append(self._queue.popleft())
            if lines:
                self.stream.write("".join(lines))
            super().flush()

    def close(self):
        _open_handlers.discard(self)
        self._closed = True
        self._wake.set()
        self.flush()
        super().close()

    def _after_fork_in_child(self):
        # The writer thread is not in the child; a new one starts with the next line.
        self._writer = None
        self._wake = threading.Event()


# Around a fork: write queued lines first, so that the child does not write them again.
_open_handlers = weakref.WeakSet()


def _flush_before_fork():
    for handler in list(_open_handlers):
        handler.flush()


def _after_fork_in_child():
    for handler in list(_open_handlers):
        handler._after_fork_in_child()


os.register_at_fork(before=_flush_before_fork, after_in_child=_after_fork_in_child)


LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class Formatter(logging.Formatter):
    """logging.Formatter, formatting the date and time of a second once for all the lines written in it.

    time.strftime was a third of the cost of formatting an access line.
    """

    _second = (None, "")  # (second, its formatted date and time)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The line configure_logging writes (no date format, no defaults) is put together by one f-string, not by
        # usesTime, formatMessage and the style's % of the record's attributes: the same text.
        self._line = (self._fmt == LINE_FORMAT and self.datefmt is None and not self._style._defaults
                      and type(self._style) is logging.PercentStyle)

    def format(self, record):
        if not self._line or record.exc_info or record.exc_text or record.stack_info:
            return super().format(record)
        record.message = message = record.getMessage()
        record.asctime = asctime = self.formatTime(record)
        return f"{asctime} {record.levelname} {record.name}: {message}"

    def formatTime(self, record, datefmt=None):
        if datefmt:
            return super().formatTime(record, datefmt)
        second, text = self._second
        if second != int(record.created):
            second = int(record.created)
            text = time.strftime(self.default_time_format, self.converter(second))
            self._second = (second, text)  # one assignment: threads see the old pair or the new one
        return self.default_msec_format % (text, record.msecs)


def configure_logging(level):
    """Send fauxpen's log lines to stdout, under gunicorn and `python app.py` alike."""
    logger = logging.getLogger("fauxpen")
    if not logger.handlers:
        handler = DeferredFlushHandler(sys.stdout)
        handler.setFormatter(Formatter(LINE_FORMAT))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level)


class SessionlessInterface(SecureCookieSessionInterface):
    """Flask's session interface, giving every request of an app without a secret key (fauxpen has none: the API
    keeps no sessions) the same null session, which refuses any change as each new one does. Flask makes a new one
    on every request, after asking for a serializer it cannot have: about 10,000 instructions a request."""

    null = NullSession()

    def open_session(self, app, request):
        if app.secret_key:
            return super().open_session(app, request)
        return self.null


# The WSGI environ's keys werkzeug binds a URL map to a request by (Map.bind_to_environ: the host, scheme, a
# websocket upgrade, the method, path and query); tests/test_wire.py holds werkzeug to reading no others.
BOUND_BY = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme", "HTTP_CONNECTION", "HTTP_UPGRADE",
            "REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING")


class MatchOnceContext(RequestContext):
    """Flask's request context, matching the URL through the app's kept matches (Fauxpen.matched), and keeping the
    request's blueprints (request.blueprints: none until a rule is matched) for Fauxpen's request cycle."""

    blueprints = []

    def match_request(self):
        try:
            rule, view_args = self.app.matched(self.url_adapter)
        except HTTPException as error:  # a 404 or 405: not kept, raised anew as werkzeug raises it
            self.request.routing_exception = error
            return
        self.request.url_rule, self.request.view_args = rule, dict(view_args)  # a view may change its own
        # The rule is not matched again: they stay the request's. Flask's property gives them from the endpoint alone,
        # kept for each endpoint once asked.
        try:
            self.blueprints = self.app.endpoint_blueprints[rule.endpoint]
        except KeyError:
            self.blueprints = self.app.endpoint_blueprints[rule.endpoint] = self.request.blueprints


class QuietAppContext(AppContext):
    """Flask's app context, sending appcontext_pushed and appcontext_popped only when something is connected to them
    (see Fauxpen's signals)."""

    def push(self):
        if appcontext_pushed.receivers:
            return super().push()
        self._cv_tokens.append(_cv_app.set(self))

    def pop(self, exc=_sentinel):
        if appcontext_popped.receivers:
            return super().pop(exc)
        try:  # as Flask's pop, its send aside
            if len(self._cv_tokens) == 1:
                self.app.do_teardown_appcontext(sys.exc_info()[1] if exc is _sentinel else exc)
        finally:
            ctx = _cv_app.get()
            _cv_app.reset(self._cv_tokens.pop())
        if ctx is not self:
            raise AssertionError(f"Popped wrong app context. ({ctx!r} instead of {self!r})")


class Fauxpen(Flask):
    """Flask, asking once per function whether it is a coroutine function, and binding its URL map to a request's
    host, method and path once for each such request.

    Flask asks again (inspect.iscoroutinefunction) on every call of every hook and view: nine times per
    request here, a tenth of the time fauxpen spends on a request. It also binds its URL map to every request
    (werkzeug's bind_to_environ: the host read and checked, lowered and IDNA-encoded, the path decoded) and
    matches the path against the rules: 71,000 of a plain chat request's 1,168,000 instructions (callgrind, in
    process, gunicorn's parser and Response around the app), for the same adapter and rule each time the same
    host, method and path (POST /v1/chat/completions) come. Both are kept, as werkzeug made them, for the last 256
    hosts, methods and paths. Flask's signals are sent only to receivers (below).
    """

    session_interface = SessionlessInterface()
    request_class = wire.FauxpenRequest  # a form cut short refused as a JSON body is
    response_class = wire.WireResponse  # headers sent uncopied when werkzeug has nothing to fix in them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync = {}
        self._bound = functools.lru_cache(maxsize=256)(self._bind)
        self.matched = functools.lru_cache(maxsize=256)(lambda adapter: adapter.match(return_rule=True))
        self.endpoint_blueprints = {}  # {endpoint: its blueprints, as request.blueprints gives them} (MatchOnceContext)

    def request_context(self, environ):
        return MatchOnceContext(self, environ)

    def create_url_adapter(self, request):
        config = self.config
        if request is None:  # an app context's: Flask binds one only to a SERVER_NAME
            return None if config["SERVER_NAME"] is None else super().create_url_adapter(None)
        if (config["TRUSTED_HOSTS"] is not None or config["SERVER_NAME"] is not None
                or self.url_map.host_matching or self.subdomain_matching):
            return super().create_url_adapter(request)
        return self._bound(tuple(map(request.environ.get, BOUND_BY)))

    def _bind(self, values):
        """Bind the URL map to an environ of values (BOUND_BY's), as Flask does without SERVER_NAME or subdomains."""
        environ = {key: value for key, value in zip(BOUND_BY, values) if value is not None}
        return self.url_map.bind_to_environ(environ, server_name=None, subdomain=self.url_map.default_subdomain or "")

    # The request's hooks, view and teardown found through its context, looked up once by each method (Flask's own
    # go through the request and request_ctx proxies, about 8,000 instructions a use: context.py), and its blueprints
    # as the context keeps them (request.blueprints, a proxy and three properties, was read three times a request).
    # Flask 3.1's preprocess_request, dispatch_request, process_response and do_teardown_request otherwise.

    def preprocess_request(self):
        ctx = _cv_request.get()
        req, names = ctx.request, (None, *reversed(ctx.blueprints))
        for name in names:
            if name in self.url_value_preprocessors:
                for url_func in self.url_value_preprocessors[name]:
                    url_func(req.endpoint, req.view_args)
        for name in names:
            if name in self.before_request_funcs:
                for before_func in self.before_request_funcs[name]:
                    rv = self.ensure_sync(before_func)()
                    if rv is not None:
                        return rv
        return None

    def dispatch_request(self):
        req = _cv_request.get().request
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if getattr(rule, "provide_automatic_options", False) and req.method == "OPTIONS":
            return self.make_default_options_response()
        return self.ensure_sync(self.view_functions[rule.endpoint])(**req.view_args)

    def process_response(self, response):
        ctx = _cv_request.get()
        for func in ctx._after_request_functions:
            response = self.ensure_sync(func)(response)
        for name in (*ctx.blueprints, None):
            if name in self.after_request_funcs:
                for func in reversed(self.after_request_funcs[name]):
                    response = self.ensure_sync(func)(response)
        if not self.session_interface.is_null_session(ctx._session):
            self.session_interface.save_session(self, ctx._session, response)
        return response

    # Flask's signals (blinker's) are sent only when something is connected to them: Flask sends six a request
    # (request_started, request_finished, request_tearing_down and the app context's pushed, tearing_down and popped),
    # and blinker's send builds its call and a generator over the receivers even when there are none. These methods
    # and do_teardown_request are Flask 3.1's (app_context's, QuietAppContext) with each send asked first whether the
    # signal has receivers (blinker's Signal.receivers, empty until one connects); one connected later is sent to.
    # 20,000 instructions a request, plain or refused (callgrind, in process).

    def app_context(self):
        return QuietAppContext(self)

    def full_dispatch_request(self):
        self._got_first_request = True
        try:
            if request_started.receivers:
                request_started.send(self, _async_wrapper=self.ensure_sync)
            rv = self.preprocess_request()
            if rv is None:
                rv = self.dispatch_request()
        except Exception as e:
            rv = self.handle_user_exception(e)
        return self.finalize_request(rv)

    def finalize_request(self, rv, from_error_handler=False):
        response = self.make_response(rv)
        try:
            response = self.process_response(response)
            if request_finished.receivers:
                request_finished.send(self, _async_wrapper=self.ensure_sync, response=response)
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def do_teardown_request(self, exc=_sentinel):
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        for name in (*_cv_request.get().blueprints, None):
            if name in self.teardown_request_funcs:
                for func in reversed(self.teardown_request_funcs[name]):
                    self.ensure_sync(func)(exc)
        if request_tearing_down.receivers:
            request_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=exc)

    def do_teardown_appcontext(self, exc=_sentinel):
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        for func in reversed(self.teardown_appcontext_funcs):
            self.ensure_sync(func)(exc)
        if appcontext_tearing_down.receivers:
            appcontext_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=exc)

    def ensure_sync(self, func):
        try:
            return self._sync[func]
        except KeyError:
            return self._sync.setdefault(func, super().ensure_sync(func))


def create_app(test_config=None):
    """Create the fauxpen WSGI app: config, error envelope, wire headers, one blueprint per endpoint."""
    app = Fauxpen(__name__, static_folder=None)  # no /static route: the API serves no files
    # werkzeug would answer /v1//models with a 308 redirect and an HTML page: the API knows no such path.
    app.url_map.merge_slashes = False
    app.json = jsontext.JSONProvider(app)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    configure_logging(app.config["FAUXPEN_LOG_LEVEL"])

    errors.register(app)
    hooks.register(app)

    from .views import (agents, batches, chat, completions, containers, conversations, decisions, embeddings,
                        evals, files, fine_tuning, images, models, moderations, provenance, realtime, responses,
                        skills, speech, stored, traces, transcriptions, uploads, vector_stores, voices, webhooks)

    for view in (chat, completions, stored, responses, conversations, models, embeddings, moderations, speech,
                 transcriptions, files, uploads, batches, fine_tuning, vector_stores, realtime, containers, skills,
                 evals, webhooks, voices, decisions, traces, agents, provenance):
        app.register_blueprint(view.bp, url_prefix="/v1")
    app.register_blueprint(images.bp)
    return app
