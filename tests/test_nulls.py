"""A null where a parameter takes none is refused in the API's words, never marshmallow's."""
import importlib
import inspect
import pkgutil

import pytest
from marshmallow import Schema, ValidationError

import fauxpen.schemas
import fauxpen.views
from fauxpen.schemas import fields as f


def strict_fields_without_null():
    """Every Strict field of fauxpen's schemas (in fauxpen.schemas and in the views) that takes no null and says
    nothing of its own about one."""
    found = []
    for package in (fauxpen.schemas, fauxpen.views):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, schema in inspect.getmembers(module, inspect.isclass):
                if issubclass(schema, Schema) and schema.__module__ == module.__name__:
                    for field_name, field in schema._declared_fields.items():
                        if isinstance(field, f.Strict) and not field.allow_none and field.null != f.LEFT_OUT \
                                and field.null_problem is not None:
                            found.append(pytest.param(field, id=f"{info.name}.{name}.{field_name}"))
    return found


FIELDS = strict_fields_without_null()


def test_the_fields_are_found():
    assert len(FIELDS) > 120  # 144 in the schemas of every endpoint: an empty list would test nothing


@pytest.mark.parametrize("field", FIELDS)
def test_a_null_is_a_value_of_the_wrong_type(field):
    with pytest.raises(ValidationError) as refused:
        field.deserialize(None)
    message = refused.value.messages[0]
    assert message == f"Invalid type for '{{param}}': expected {field.expected}, but got null instead."
    assert message.code == "invalid_type"


@pytest.mark.parametrize("path, body, param, expected", [
    ("/v1/chat/completions", {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}],
                              "audio": {"voice": None, "format": "wav"}}, "audio.voice",
     "one of a string or object"),
    ("/v1/containers", {"name": None}, "name", "a string"),
    ("/v1/vector_stores", {"expires_after": {"anchor": "last_active_at", "days": None}}, "expires_after.days",
     "an integer"),
    ("/v1/responses", {"model": "gpt-4o", "input": "x", "tools": [
        {"type": "file_search", "vector_store_ids": ["vs_1"], "max_num_results": None}]},
     "tools[0].max_num_results", "an integer"),
])
def test_requests_with_a_null_are_refused_as_the_api_words_it(client, path, body, param, expected):
    response = client.post(path, json=body)
    assert (response.status_code, response.get_json()["error"]) == (400, {
        "message": f"Invalid type for '{param}': expected {expected}, but got null instead.",
        "type": "invalid_request_error", "param": param, "code": "invalid_type"})
