"""The openai SDK's whole surface against fauxpen's routes: every resource method's HTTP method and path (read from
the SDK's own source, openai 3.63) is either served by a route whose variables stand where the SDK's placeholders
do, or one of the APIs fauxpen does not serve (README: Where fauxpen still differs), which answer Invalid URL."""
import ast
import functools
import inspect
import re
import textwrap

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

openai = pytest.importorskip("openai")
from openai._resource import SyncAPIResource  # noqa: E402

VERBS = {"_get": "GET", "_post": "POST", "_delete": "DELETE", "_patch": "PATCH", "_put": "PUT",
         "_get_api_list": "GET"}
# The APIs fauxpen does not serve, by the start of their paths (README's list: the Assistants API and its threads,
# ChatKit, the admin and organization APIs (a project's group roles under /projects), live,
# safety, the Agents API's automations, environments, vaults and sessions' traces, Realtime calls, the beta's Realtime
# sessions retired in May 2026 (views/realtime.py), the Videos API shut down in September 2026, and image variations,
# gone with dall-e-2).
NOT_SERVED = re.compile(r"/(assistants|threads|chatkit|organization|projects|live|safety"
                        r"|vaults|videos|agents/(automations|environments)|agents/sessions/\{\w+\}/traces"
                        r"|realtime/(calls|sessions|transcription_sessions)|images/variations)(/|$)")


def resources(obj, dotted):
    """Yield (dotted name, resource) for obj's resources and theirs, depth first."""
    for name in dir(type(obj)):
        if name.startswith("_") or name.startswith("with_"):
            continue
        if isinstance(getattr(type(obj), name, None), (property, functools.cached_property)):
            value = getattr(obj, name)
            if isinstance(value, SyncAPIResource):
                yield dotted + name, value
                yield from resources(value, dotted + name + ".")


def calls_of(method):
    """The (verb, path) pairs a resource method sends, read from its source; none for a helper built on others."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in VERBS:
            path = node.args[0]
            if isinstance(path, ast.Call):  # path_template("/models/{model}", model=model)
                path = path.args[0]
            verb = next((kw.value.value.upper() for kw in node.keywords
                         if kw.arg == "method" and isinstance(kw.value, ast.Constant)), VERBS[node.func.attr])
            yield verb, path.value.split("?")[0]


@pytest.fixture(scope="module")
def surface():
    """Every (verb, path) the SDK sends, with the methods that send it."""
    client = openai.OpenAI(api_key="sk-x", admin_api_key="sk-admin-x", base_url="http://127.0.0.1:1/v1")
    found = {}
    for dotted, resource in resources(client, ""):
        for name, method in inspect.getmembers(type(resource), inspect.isfunction):
            if not name.startswith("_"):
                for call in calls_of(method):
                    found.setdefault(call, []).append(dotted + "." + name)
    return found


def test_the_surface_is_read_whole(surface):
    """Enough to be the SDK's whole surface, not a parse that found little."""
    assert len(surface) > 380  # 393 routes of 448 methods (beta.chat's are chat's)
    assert surface[("GET", "/responses/{response_id}/input_items")] == ["beta.responses.input_items.list",
                                                                         "responses.input_items.list"]
    assert surface[("POST", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions")] == [
        "fine_tuning.checkpoints.permissions.create"]


def test_every_route_the_sdk_sends_is_served_where_its_placeholders_are_or_not_served_at_all(app, surface):
    urls = app.url_map.bind("localhost")
    taken_for_an_id, not_served, unexpected, served = [], [], [], []
    for (verb, path), names in sorted(surface.items()):
        name = names[-1]
        concrete = re.sub(r"\{(\w+)\}", r"X\1", path)
        try:
            endpoint, values = urls.match("/v1" + concrete, method=verb)
            if endpoint == "agents.not_served_collection":  # answers Invalid URL itself
                raise NotFound
        except (NotFound, MethodNotAllowed):
            (not_served if NOT_SERVED.search(path) else unexpected).append((name, verb, path))
            continue
        if any(not str(value).startswith("X") for value in values.values()):
            taken_for_an_id.append((name, verb, path))  # a literal segment of the SDK's caught by a variable
        elif NOT_SERVED.search(path):
            unexpected.append((name, verb, path))  # served now: the list above (and the README's) is out of date
        else:
            served.append(name)
    assert taken_for_an_id == []
    assert unexpected == []
    assert len(served) == len(surface) - len(not_served) > 140


def test_every_route_served_answers_an_unknown_id_or_an_empty_body_in_the_envelope(client, surface):
    """Each served route, its ids 'bogus' and a POST's body {}: a refusal in the API's envelope (a 400 or 404), or
    an answer, never a 500, an HTML page or a traceback."""
    answered = 0
    for verb, path in sorted(surface):
        if NOT_SERVED.search(path):
            continue
        response = client.open("/v1" + re.sub(r"\{\w+\}", "bogus", path), method=verb,
                               headers={"Authorization": "Bearer sk-x"}, json={} if verb == "POST" else None)
        body = response.get_json()
        assert response.status_code < 500 and body is not None, (verb, path, response.status_code)
        if response.status_code >= 400:
            assert response.status_code in (400, 404) and list(body)[0] == "error", (verb, path)  # files': detail
            assert list(body["error"]) == ["message", "type", "param", "code"], (verb, path)
        else:
            answered += 1  # a list, or a create all of whose parameters are optional
    assert answered > 10
