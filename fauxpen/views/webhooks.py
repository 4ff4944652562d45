"""Webhook endpoints: /v1/webhook_endpoints (create, list), /v1/webhook_endpoints/{id} (get, update, delete),
/{id}/rotate_secret and /{id}/test.

Only the SDK's types (openai 3.57 to 3.63, late 2026) are known of this API: no capture was found. Its objects are
laid out as the newer endpoints lay theirs (id, object, created_at, then the rest in alphabetical order; indented by
two, no newline, no x-ratelimit-* headers), its ids (`we_`) and the secret's hint are guesses, and so is every
refusal. A test sends a sample event to the endpoint's URL, signed as the SDK's `webhooks.unwrap` verifies
(Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature `v1,<HMAC-SHA256>`; both secrets for a day
after a rotation that keeps the old one), and reports the status it got.

Real events are delivered the same way when what they are about ends: a batch, a background response, a
fine-tuning job or an eval run made while an endpoint is kept is watched (see `watch`) until its status is final,
and then its event is sent once, with no retries, to each endpoint that subscribes to that event's type.
"""
import base64
import hashlib
import hmac
import http.client
import json
import logging
import threading
import time
import urllib.parse

from flask import Blueprint
from marshmallow import ValidationError

from .. import ids, store, wire
from ..errors import InvalidRequestError
from ..schemas import fields as f
from ..validation import load
from . import indented, indented_refusals, without_ratelimit_headers
from .stored import changed_record, forgotten_record, kept_record, newest_page, store_path

bp = Blueprint("webhooks", __name__)

TABLE = "webhook_endpoints"
DAY = 24 * 3600
TEST_TIMEOUT = 5  # seconds a test delivery may take
USER_AGENT = "OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)"
EVENT_TYPES = ("health.alert.triggered", "health.alert.resolved", "batch.completed", "batch.failed", "batch.expired",
               "batch.cancelled", "response.completed", "response.failed", "response.cancelled", "response.incomplete",
               "eval.run.succeeded", "eval.run.failed", "eval.run.canceled", "fine_tuning.job.succeeded",
               "fine_tuning.job.failed", "fine_tuning.job.cancelled", "realtime.call.incoming", "video.completed",
               "video.failed", "agent.environment.ready", "agent.environment.failed", "agent.environment.suspended",
               "agent.environment.expired", "agent.session.created", "agent.session.action_required",
               "agent.session.in_progress", "agent.session.idle", "agent.session.failed", "safety.alert.created")
# The id a sample event's data names, by the kind of object its type is about.
SAMPLE_PREFIXES = {"batch": "batch_", "response": "resp_", "eval": "evalrun_", "fine_tuning": "ftjob-",
                   "video": "video_", "agent": "agent_", "safety": "alert_", "health": "alert_"}
# What a sample event's data holds besides the id, where the SDK's event type (types/webhooks) requires more: a
# session's environment type (one of `none`, `openai_hosted`, `self_hosted`: `none` needs no environment id), and
# the kind of action a session waits for (one of the four the SDK lists).
SAMPLE_DATA = {**{f"agent.session.{state}": {"environment_type": "none"}
                  for state in ("created", "in_progress", "idle", "failed")},
               "agent.session.action_required": {"required_action": {"type": "function_call"}}}

indented_refusals(bp)
without_ratelimit_headers(bp)


class Url(f.String):
    """An http(s) URL (the API asks for HTTPS; fauxpen takes http too, for a handler on this machine)."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not (value.startswith(("https://", "http://")) and len(value) <= 2048 and value.isascii()
                and value.isprintable() and " " not in value and _has_host(value)):
            raise ValidationError(f.Problem(f"Invalid URL: '{f.literal(value[:100])}'. Expected an HTTPS URL.",
                                              code="invalid_url"))
        return value


def _has_host(url):
    """Tell whether a URL names a host (and a port, if any, that is a number), and no credentials, which a delivery
    would not send: `http://[::1` and `http://user:secret@host/` do not."""
    try:
        parts = urllib.parse.urlsplit(url)
        return bool(parts.hostname) and (parts.port is None or parts.port > 0) and parts.username is None
    except ValueError:
        return False


class EndpointRequest(f.Body):
    """POST /v1/webhook_endpoints."""

    name = f.String(required=True, allow_empty=False)
    url = Url(required=True)
    event_types = f.Array(f.Enum(EVENT_TYPES), required=True)


class EndpointUpdate(f.Body):
    """POST /v1/webhook_endpoints/{id}."""

    name = f.String(allow_empty=False)
    url = Url()
    event_types = f.Array(f.Enum(EVENT_TYPES))


class RotateRequest(f.Body):
    keep_old_secret_active_for_24_hours = f.Boolean()


class TestRequest(f.Body):
    event_type = f.Enum(EVENT_TYPES, required=True)


endpoint_request, endpoint_update = EndpointRequest(), EndpointUpdate()
rotate_request, test_request = RotateRequest(), TestRequest()


class EndpointNotFoundError(InvalidRequestError):
    def __init__(self, endpoint_ref):
        super().__init__(f"Webhook endpoint with id '{endpoint_ref}' not found.", status=404)  # guessed


def new_secret():
    """A signing secret as Standard Webhooks writes one: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(ids.random_bytes(32)).decode()


def endpoint_object(record, with_secret=False):
    """The endpoint (the newer endpoints' key order): its secret only when it was just made or rotated."""
    shown = {"id": record["id"], "object": "webhook_endpoint", "created_at": record["created_at"],
             "event_types": record["event_types"], "name": record["name"]}
    if with_secret:
        shown["signing_secret"] = record["secret"]
    shown.update(signing_secret_hint=f"whsec_...{record['secret'][-4:]}", updated_at=record["updated_at"],
                 url=record["url"])
    return shown


def kept(endpoint_ref):
    return kept_record(TABLE, endpoint_ref, EndpointNotFoundError)


def change(endpoint_ref, how):
    return changed_record(TABLE, endpoint_ref, how, EndpointNotFoundError)


@bp.post("/webhook_endpoints")
def create_endpoint():
    req = load(endpoint_request, wire.json_body())
    now = int(time.time())
    record = {"id": ids.time_id("we_", now, "8190"), "created_at": now, "updated_at": now, "name": req["name"],
              "url": req["url"], "event_types": req["event_types"], "secret": new_secret(), "old_secrets": []}
    store.save_record(store_path(), TABLE, record["id"], record)
    return indented(endpoint_object(record, with_secret=True))


@bp.get("/webhook_event_types")
def list_event_types():
    """The event types an endpoint may subscribe to (the SDK's; the list's layout, the usual one, is a guess)."""
    return indented({"object": "list", "data": list(EVENT_TYPES)})


@bp.get("/webhook_endpoints")
def list_endpoints():
    return newest_page([endpoint_object(record) for record in store.record_listing(store_path(), TABLE)])


@bp.get("/webhook_endpoints/<endpoint_ref>")
def retrieve_endpoint(endpoint_ref):
    return indented(endpoint_object(kept(endpoint_ref)))


@bp.post("/webhook_endpoints/<endpoint_ref>")
def update_endpoint(endpoint_ref):
    """Change the name, URL or event types; updated_at moves only when something changes (the SDK's words)."""
    req = load(endpoint_update, wire.json_body())

    def update(record):
        if any(record[key] != value for key, value in req.items()):
            record.update(req, updated_at=int(time.time()))
        return endpoint_object(record)
    return indented(change(endpoint_ref, update))


@bp.delete("/webhook_endpoints/<endpoint_ref>")
def delete_endpoint(endpoint_ref):
    forgotten_record(TABLE, endpoint_ref, EndpointNotFoundError)
    return indented({"id": endpoint_ref, "object": "webhook_endpoint.deleted", "deleted": True})


@bp.post("/webhook_endpoints/<endpoint_ref>/rotate_secret")
def rotate_secret(endpoint_ref):
    """A new secret; the old one signs deliveries too for a day when asked to stay active."""
    keep = load(rotate_request, wire.json_body()).get("keep_old_secret_active_for_24_hours", False)

    def rotate(record):
        now = int(time.time())
        record["old_secrets"] = [old for old in record["old_secrets"] if old[1] > now]
        if keep:
            record["old_secrets"].append((record["secret"], now + DAY))
        record.update(secret=new_secret(), updated_at=now)
        return endpoint_object(record, with_secret=True)
    return indented(change(endpoint_ref, rotate))


def signature(secret, webhook_id, timestamp, body):
    """Standard Webhooks' v1 signature of a delivery."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def sample_event(event_type, now):
    """A sample event of a type: its object named by a made-up id of the right kind."""
    if event_type == "realtime.call.incoming":
        data = {"call_id": "rtc_" + ids.random_hex(16), "sip_headers": []}
    else:
        data = {"id": SAMPLE_PREFIXES[event_type.split(".", 1)[0]] + ids.random_hex(16),
                **SAMPLE_DATA.get(event_type, {})}
    return {"id": "evt_" + ids.random_hex(16), "object": "event", "created_at": now, "type": event_type,
            "data": data}


@bp.post("/webhook_endpoints/<endpoint_ref>/test")
def test_endpoint(endpoint_ref):
    """Send a sample event to the endpoint now and report the status it answered with."""
    event_type = load(test_request, wire.json_body())["event_type"]
    record = kept(endpoint_ref)
    now = int(time.time())
    try:
        status = send(record, sample_event(event_type, now), now)
    except UNDELIVERED as failure:
        raise InvalidRequestError(f"Could not deliver the test event to {record['url']}: "
                                  f"{getattr(failure, 'reason', failure)}.", param="url") from None
    return indented({"object": "webhook_endpoint.test", "webhook_endpoint_id": record["id"],
                     "event_type": event_type, "status_code": status, "success": True})


# No connection, a timeout (TEST_TIMEOUT a read), a URL urllib cannot open, an answer that is not HTTP.
UNDELIVERED = (OSError, ValueError, http.client.HTTPException)


def send(record, event, now):
    """POST an event to an endpoint, signed with its secrets; return the status it answered with, or raise one of
    UNDELIVERED."""
    body = json.dumps(event).encode()
    secrets = [record["secret"], *(old for old, until in record["old_secrets"] if until > now)]
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, "webhook-id": event["id"],
               "webhook-timestamp": str(now),
               "webhook-signature": " ".join(signature(secret, event["id"], now, body) for secret in secrets)}
    import urllib.error  # on first use: urllib.request is 0.2 MB of a worker that may never deliver an event
    import urllib.request
    try:
        delivery = urllib.request.Request(record["url"], data=body, method="POST", headers=headers)
        with urllib.request.urlopen(delivery, timeout=TEST_TIMEOUT) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


# --- real events ---------------------------------------------------------------------------------------------

WATCH_INTERVAL = 0.25  # seconds between looks at what is watched
GONE = ""  # what an event_of says of an object deleted before it ended: nothing is delivered
log = logging.getLogger("fauxpen")
_watched, _watched_lock = {}, threading.Lock()
_watcher = None  # the thread that watches, while anything is watched


def watch(path, object_id, event_of):
    """Deliver the event object_id ends with to the endpoints that subscribe to its type, once, when it ends.

    event_of(path, object_id, now) names that event (`batch.completed`), None while the object is not done, GONE
    once it is deleted. Nothing is watched when no endpoint is kept, so that a server without webhooks runs no
    thread for them (an endpoint made later does not get the event of an object made before it).
    """
    if not store.record_listing(path, TABLE):
        return
    global _watcher
    with _watched_lock:
        _watched[path, object_id] = event_of
        if _watcher is None:
            _watcher = threading.Thread(target=_watch, name="fauxpen-webhooks", daemon=True)
            _watcher.start()


def _watch():
    global _watcher
    while True:
        time.sleep(WATCH_INTERVAL)
        with _watched_lock:
            if not _watched:
                _watcher = None
                return
            watched = list(_watched.items())
        for (path, object_id), event_of in watched:
            try:
                event_type = event_of(path, object_id, time.time())
                if event_type is None:
                    continue
                if event_type != GONE:
                    deliver(path, event_type, object_id)
            except Exception:  # a store removed under a server that exits, say: the watch ends, the thread does not
                log.warning("webhook event for %s not delivered", object_id, exc_info=True)
            with _watched_lock:
                _watched.pop((path, object_id), None)


def record_events(table, status_of, events):
    """An event_of for `watch` of a record of table: the event events names for its status_of(record, now)."""
    def event_of(path, record_id, now):
        record = store.get_record(path, table, record_id)
        return GONE if record is None else events.get(status_of(record, now))
    return event_of


def deliver(path, event_type, object_id):
    """Send an event about object_id to every endpoint kept that subscribes to its type; a failed delivery is
    logged, not tried again."""
    now = int(time.time())
    event = {"id": "evt_" + ids.random_hex(16), "object": "event", "created_at": now, "type": event_type,
             "data": {"id": object_id}}
    for record in store.record_listing(path, TABLE):
        if event_type in record["event_types"]:
            try:
                status = send(record, event, now)
            except UNDELIVERED as failure:
                status = getattr(failure, "reason", failure)
            log.info("webhook %s %s to %s: %s", event_type, event["id"], record["url"], status)
