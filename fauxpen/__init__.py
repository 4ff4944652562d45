"""fauxpen: an emulator of the OpenAI HTTP API."""
import logging
import sys

from flask import Flask

from . import auth, cors, errors, faults, jsontext, latency, wire
from .config import Config


def configure_logging(level):
    """Send fauxpen's log lines to stdout, under gunicorn and `python app.py` alike."""
    logger = logging.getLogger("fauxpen")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level)


def create_app(test_config=None):
    """Create the fauxpen WSGI app: config, error envelope, wire headers, one blueprint per endpoint."""
    app = Flask(__name__)
    app.json = jsontext.JSONProvider(app)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.json.compact = True
    configure_logging(app.config["FAUXPEN_LOG_LEVEL"])

    errors.register(app)
    wire.register(app)
    cors.register(app)
    auth.register(app)
    latency.register(app)  # before faults: see latency.register
    faults.register(app)

    from .views import chat, embeddings, models

    app.register_blueprint(chat.bp, url_prefix="/v1")
    app.register_blueprint(models.bp, url_prefix="/v1")
    app.register_blueprint(embeddings.bp, url_prefix="/v1")
    return app
