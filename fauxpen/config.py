"""Configuration read from environment variables, with defaults that need none."""
import os


def _env(name, default):
    return os.environ.get(name) or default


def _env_list(name, default=""):
    """Read a comma-separated list, blanks dropped."""
    return tuple(item.strip() for item in _env(name, default).split(",") if item.strip())


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


class Config:
    """Settings of one app; tests subclass or pass a mapping to create_app."""

    # The canned reply every chat completion carries, or a JSON file of replies (see README).
    FAUXPEN_REPLY = _env("FAUXPEN_REPLY", "Hello! How can I assist you today?")
    FAUXPEN_REPLIES_FILE = _env("FAUXPEN_REPLIES_FILE", None)

    # What the openai-organization header says (the organization's name), and the id rate-limit errors name.
    FAUXPEN_ORGANIZATION = _env("FAUXPEN_ORGANIZATION", "user-fauxpen")
    FAUXPEN_ORGANIZATION_ID = _env("FAUXPEN_ORGANIZATION_ID", "org-Fauxpen00000000000000000")

    # What the x-ratelimit-limit-* headers say.
    FAUXPEN_RATELIMIT_REQUESTS = int(_env("FAUXPEN_RATELIMIT_REQUESTS", "10000"))
    FAUXPEN_RATELIMIT_TOKENS = int(_env("FAUXPEN_RATELIMIT_TOKENS", "30000000"))
    FAUXPEN_RATELIMIT_INPUT_IMAGES = int(_env("FAUXPEN_RATELIMIT_INPUT_IMAGES", "250000"))  # a chat request's images

    # Log request and response bodies beside the access line.
    FAUXPEN_VERBOSE = _env_bool("FAUXPEN_VERBOSE")
    FAUXPEN_LOG_LEVEL = _env("FAUXPEN_LOG_LEVEL", "INFO")

    # Largest request body accepted, in bytes (the real API takes large prompts).
    MAX_CONTENT_LENGTH = int(_env("FAUXPEN_MAX_BODY_BYTES", str(32 * 1024 * 1024)))
    # A multipart form's text fields (a transcription's prompt) may fill the body: werkzeug's own cap is 500 kB,
    # refused with the body limit's message.
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH
    # How long a request's body may go without a byte before it is refused (408) and its thread freed: a client
    # that stalls mid-body without closing would hold a gunicorn thread for as long as it stays connected. Under
    # gunicorn's gthread worker also the time a body has from its head's end, a second more for each 500 bytes that
    # came (fauxpen.serving.BODY_MIN_RATE): one trickled a few bytes at a time held a thread as long.
    FAUXPEN_BODY_TIMEOUT_SECONDS = float(_env("FAUXPEN_BODY_TIMEOUT_SECONDS", "30"))
    # How long a request's line and headers may take to arrive once they begin, under gunicorn (408 after): a client
    # sending them a byte at a time held a thread for as long as it kept on (fauxpen.serving.HeadTimeout). 20 s as
    # Apache's documentation of mod_reqtimeout sets a request's headers (RequestReadTimeout header=20-40,MinRate=500).
    FAUXPEN_HEADER_TIMEOUT_SECONDS = float(_env("FAUXPEN_HEADER_TIMEOUT_SECONDS", "20"))

    # API keys accepted in `Authorization: Bearer ...`; none set: any key, or none, is accepted.
    FAUXPEN_API_KEYS = _env_list("FAUXPEN_API_KEYS")

    # Origins a browser app may call from (CORS): `*` for any, or a comma-separated list.
    FAUXPEN_CORS_ORIGINS = _env_list("FAUXPEN_CORS_ORIGINS", "*")

    # Chaos: the share of requests (0..1) that get a fault, drawn from FAUXPEN_FAULTS (all kinds when unset).
    FAUXPEN_FAULT_RATE = float(_env("FAUXPEN_FAULT_RATE", "0"))
    FAUXPEN_FAULTS = _env_list("FAUXPEN_FAULTS")
    # How long an injected 429 asks the client to wait (retry-after-ms); small, so that retries are quick.
    FAUXPEN_RETRY_AFTER_MS = int(_env("FAUXPEN_RETRY_AFTER_MS", "200"))

    # Simulated latency: before the first token (the whole answer when not streamed), and between chunks.
    FAUXPEN_LATENCY_MS = int(_env("FAUXPEN_LATENCY_MS", "0"))
    FAUXPEN_CHUNK_DELAY_MS = int(_env("FAUXPEN_CHUNK_DELAY_MS", "0"))

    # Seconds a batch takes from creation to completion (validating, then in_progress, then completed), and a
    # cancelled batch from cancelling to cancelled. The real API takes minutes; 0 completes at once.
    FAUXPEN_BATCH_SECONDS = int(_env("FAUXPEN_BATCH_SECONDS", "2"))
    # Seconds a fine-tuning job takes from creation to succeeded (validating_files, queued, running).
    FAUXPEN_FINE_TUNING_SECONDS = int(_env("FAUXPEN_FINE_TUNING_SECONDS", "3"))
    # Seconds a background response (`background: true`) takes: queued for the first half, in progress for the
    # second, then completed.
    FAUXPEN_BACKGROUND_SECONDS = int(_env("FAUXPEN_BACKGROUND_SECONDS", "2"))
    # Seconds an eval run takes: queued, in progress after a second, then completed with its output items.
    FAUXPEN_EVAL_SECONDS = int(_env("FAUXPEN_EVAL_SECONDS", "2"))
    # Seconds a file added to a vector store takes to be processed (in_progress, then completed and searchable).
    FAUXPEN_VECTOR_STORE_SECONDS = int(_env("FAUXPEN_VECTOR_STORE_SECONDS", "1"))

    # The SQLite file stored chat completions (store: true) are kept in, shared by a server's workers: set by
    # gunicorn.conf.py for each gunicorn server; unset, the app makes one of its own when it first needs it.
    FAUXPEN_STORE_PATH = _env("FAUXPEN_STORE_PATH", None)
