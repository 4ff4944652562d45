"""jsongen: generated JSON validates against real-world tool schemas and against arbitrary generated schemas."""
import json
import re

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fauxpen import jsongen

DRAFT7 = "http://json-schema.org/draft-07/schema#"

ADDRESS = {
    "type": "object",
    "properties": {
        "street": {"type": "string"},
        "city": {"type": "string"},
        "postal_code": {"type": "string", "pattern": "^[0-9]{5}(-[0-9]{4})?$"},
        "country": {"type": "string", "enum": ["US", "CA", "MX"]},
    },
    "required": ["street", "city", "postal_code", "country"],
    "additionalProperties": False,
}

# Tool parameter and structured-output schemas the way applications write them.
CORPUS = {
    "get_current_weather": {
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["location"],
    },
    "web_search": {
        "type": "object",
        "properties": {
            "query": {"type": "string", "minLength": 1, "maxLength": 200},
            "num_results": {"type": "integer", "minimum": 1, "maximum": 10},
            "safe_search": {"type": "boolean"},
            "site": {"type": ["string", "null"], "format": "uri"},
        },
        "required": ["query"],
    },
    "create_calendar_event": {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "attendees": {"type": "array", "items": {"type": "string", "format": "email"}, "uniqueItems": True},
            "location": {"type": "string"},
            "reminders": {
                "type": "array",
                "maxItems": 3,
                "items": {
                    "type": "object",
                    "properties": {
                        "method": {"type": "string", "enum": ["email", "popup"]},
                        "minutes": {"type": "integer", "minimum": 0, "maximum": 40320},
                    },
                    "required": ["method", "minutes"],
                },
            },
        },
        "required": ["title", "start", "end"],
    },
    "run_sql_query": {
        "type": "object",
        "properties": {
            "sql": {"type": "string", "description": "A read-only SELECT statement"},
            "database": {"type": "string", "enum": ["analytics", "billing", "crm"]},
            "params": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "number"},
                                                            {"type": "boolean"}, {"type": "null"}]}},
            "timeout_ms": {"type": "integer", "exclusiveMinimum": 0, "maximum": 60000},
        },
        "required": ["sql", "database"],
        "additionalProperties": False,
    },
    "create_order": {
        "type": "object",
        "$defs": {"Address": ADDRESS},
        "properties": {
            "customer": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "email": {"type": "string", "format": "email"},
                    "phone": {"type": "string", "pattern": r"^\+?[0-9\- ]{7,15}$"},
                },
                "required": ["name", "email"],
            },
            "items": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "sku": {"type": "string", "pattern": r"^SKU-\d{5}$"},
                        "quantity": {"type": "integer", "minimum": 1, "maximum": 100},
                        "unit_price": {"type": "number", "minimum": 0, "multipleOf": 0.25},
                    },
                    "required": ["sku", "quantity"],
                    "additionalProperties": False,
                },
            },
            "shipping_address": {"$ref": "#/$defs/Address"},
            "billing_address": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]},
            "currency": {"type": "string", "enum": ["USD", "EUR", "GBP"]},
            "coupon": {"type": ["string", "null"], "maxLength": 12},
        },
        "required": ["customer", "items", "shipping_address"],
    },
    "update_contact_draft7": {
        "$schema": DRAFT7,
        "definitions": {
            "phone": {"type": "object", "properties": {"kind": {"enum": ["home", "work", "mobile"]},
                                                       "number": {"type": "string"}}, "required": ["kind"]},
        },
        "type": "object",
        "properties": {
            "contact_id": {"type": "integer", "minimum": 1},
            "phones": {"type": "array", "items": {"$ref": "#/definitions/phone"}, "maxItems": 4},
            "tags": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": False},
        },
        "required": ["contact_id"],
    },
    "send_email": {
        "type": "object",
        "properties": {
            "to": {"type": "array", "items": {"type": "string", "format": "email"}, "minItems": 1, "maxItems": 5,
                   "uniqueItems": True},
            "cc": {"type": "array", "items": {"type": "string", "format": "email"}},
            "subject": {"type": "string", "maxLength": 78},
            "body": {"type": "string"},
            "priority": {"type": "string", "enum": ["low", "normal", "high"]},
        },
        "required": ["to", "subject", "body"],
    },
    "book_flight": {
        "type": "object",
        "properties": {
            "origin": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "destination": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "departure_date": {"type": "string", "format": "date"},
            "return_date": {"type": ["string", "null"], "format": "date"},
            "passengers": {"type": "integer", "minimum": 1, "maximum": 9},
            "cabin": {"type": "string", "enum": ["economy", "premium_economy", "business", "first"]},
        },
        "required": ["origin", "destination", "departure_date", "passengers"],
    },
    "get_stock_price": {
        "type": "object",
        "properties": {"symbol": {"type": "string", "pattern": "^[A-Z]{1,5}$"},
                       "exchange": {"type": "string", "enum": ["NASDAQ", "NYSE"]}},
        "required": ["symbol"],
    },
    "translate_text": {
        "type": "object",
        "properties": {"text": {"type": "string", "minLength": 1},
                       "source_language": {"type": "string", "minLength": 2, "maxLength": 2},
                       "target_language": {"type": "string", "enum": ["en", "fr", "de", "ja"]}},
        "required": ["text", "target_language"],
    },
    "book_hotel": {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "check_in": {"type": "string", "format": "date"},
            "check_out": {"type": "string", "format": "date"},
            "guests": {"type": "integer", "minimum": 1},
            "rooms": {"type": "integer", "minimum": 1, "maximum": 5},
            "amenities": {"type": "array", "uniqueItems": True, "minItems": 3,
                          "items": {"type": "string", "enum": ["wifi", "pool", "gym", "parking", "spa"]}},
            "max_price_per_night": {"type": "number", "exclusiveMinimum": 0},
        },
        "required": ["city", "check_in", "check_out", "guests"],
    },
    "create_github_issue": {
        "type": "object",
        "properties": {
            "repo": {"type": "string", "pattern": r"^[\w.-]+/[\w.-]+$"},
            "title": {"type": "string", "minLength": 1, "maxLength": 256},
            "body": {"type": "string"},
            "labels": {"type": "array", "items": {"type": "string"}},
            "assignees": {"type": "array", "items": {"type": "string", "pattern": "^[a-zA-Z0-9-]+$"},
                          "maxItems": 10},
        },
        "required": ["repo", "title"],
    },
    "set_thermostat": {
        "type": "object",
        "properties": {
            "temperature": {"type": "number", "minimum": 10, "maximum": 30, "multipleOf": 0.5},
            "mode": {"type": "string", "enum": ["heat", "cool", "auto", "off"]},
            "schedule": {"type": "array", "items": {"type": "object", "properties": {
                "day": {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
                "time": {"type": "string", "format": "time"},
            }, "required": ["day", "time"]}},
        },
        "required": ["temperature", "mode"],
    },
    "math_reasoning_strict": {
        "type": "object",
        "properties": {
            "steps": {"type": "array", "items": {
                "type": "object",
                "properties": {"explanation": {"type": "string"}, "output": {"type": "string"}},
                "required": ["explanation", "output"], "additionalProperties": False}},
            "final_answer": {"type": "string"},
        },
        "required": ["steps", "final_answer"],
        "additionalProperties": False,
    },
    "ui_component_recursive": {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["div", "button", "header", "section", "field", "form"]},
            "label": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#"}},
            "attributes": {"type": "array", "items": {
                "type": "object", "properties": {"name": {"type": "string"}, "value": {"type": "string"}},
                "required": ["name", "value"], "additionalProperties": False}},
        },
        "required": ["type", "label", "children", "attributes"],
        "additionalProperties": False,
    },
    "pydantic_optional_fields": {
        "title": "UserProfile",
        "type": "object",
        "properties": {
            "name": {"title": "Name", "type": "string"},
            "age": {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 150}, {"type": "null"}],
                    "title": "Age"},
            "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Nickname"},
            "scores": {"title": "Scores", "type": "array", "items": {"type": "number"}},
        },
        "required": ["name", "age", "nickname", "scores"],
        "additionalProperties": False,
    },
    "pet_discriminated_one_of": {
        "type": "object",
        "properties": {"pet": {"oneOf": [
            {"type": "object", "properties": {"kind": {"const": "cat"}, "indoor": {"type": "boolean"}},
             "required": ["kind", "indoor"]},
            {"type": "object", "properties": {"kind": {"const": "dog"}, "breed": {"type": "string"}},
             "required": ["kind", "breed"]},
        ]}},
        "required": ["pet"],
    },
    "employee_all_of": {
        "allOf": [
            {"type": "object", "properties": {"name": {"type": "string"}, "email": {"type": "string",
                                                                                  "format": "email"}},
             "required": ["name"]},
            {"properties": {"employee_id": {"type": "integer", "minimum": 1000}, "department": {"type": "string"}},
             "required": ["employee_id"]},
        ],
    },
    "inventory_counts_map": {
        "type": "object",
        "properties": {"counts": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
                                  "minProperties": 2}},
        "required": ["counts"],
    },
    "http_request_headers": {
        "type": "object",
        "properties": {
            "method": {"enum": ["GET", "POST", "PUT", "DELETE"]},
            "url": {"type": "string", "format": "uri"},
            "headers": {"type": "object", "patternProperties": {"^X-[A-Za-z-]+$": {"type": "string"}},
                        "additionalProperties": False, "minProperties": 1},
        },
        "required": ["method", "url", "headers"],
    },
    "configure_network": {
        "type": "object",
        "properties": {
            "hostname": {"type": "string", "format": "hostname"},
            "ipv4": {"type": "string", "format": "ipv4"},
            "ipv6": {"type": "string", "format": "ipv6"},
            "dns_servers": {"type": "array", "items": {"type": "string", "format": "ipv4"}, "minItems": 2,
                            "uniqueItems": True},
            "mtu": {"type": "integer", "minimum": 576, "maximum": 9000},
        },
        "required": ["hostname", "ipv4"],
    },
    "cancel_subscription": {
        "type": "object",
        "properties": {"subscription_id": {"type": "string", "format": "uuid"},
                       "reason": {"type": "string", "enum": ["too_expensive", "missing_features", "other"]},
                       "at_period_end": {"type": "boolean"}},
        "required": ["subscription_id"],
    },
    "find_nearby_places": {
        "type": "object",
        "properties": {
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            "radius_km": {"type": "number", "exclusiveMinimum": 0, "maximum": 50},
            "categories": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
            "open_now": {"type": "boolean"},
        },
        "required": ["latitude", "longitude"],
    },
    "plot_point_tuple": {
        "type": "object",
        "properties": {"point": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}],
                                 "items": False, "minItems": 2},
                       "label": {"type": "string", "maxLength": 3}},
        "required": ["point"],
    },
    "update_spreadsheet": {
        "type": "object",
        "properties": {
            "range": {"type": "string", "pattern": "^[A-Z]+[0-9]+:[A-Z]+[0-9]+$"},
            "values": {"type": "array", "items": {"type": "array",
                                                  "items": {"anyOf": [{"type": "string"}, {"type": "number"}]}}},
        },
        "required": ["range", "values"],
    },
    "todo_list": {
        "type": "object",
        "properties": {"tasks": {"type": "array", "items": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "done": {"type": "boolean"},
                           "due": {"type": ["string", "null"], "format": "date-time"},
                           "tags": {"type": "array", "items": {"type": "string"}}},
            "required": ["id", "title", "done"]}}},
        "required": ["tasks"],
    },
    "resume_extraction": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "contact": {"type": "object", "properties": {"email": {"type": "string", "format": "email"},
                                                         "phone": {"type": "string"}}},
            "experience": {"type": "array", "items": {
                "type": "object",
                "properties": {"company": {"type": "string"}, "role": {"type": "string"},
                               "start": {"type": "string", "format": "date"},
                               "end": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}},
                "required": ["company", "role", "start", "end"]}},
            "skills": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "minItems": 3},
        },
        "required": ["name", "experience", "skills"],
    },
    "no_parameters": {"type": "object", "properties": {}},
    "mixed_enum_and_const": {
        "type": "object",
        "properties": {"level": {"enum": [1, "two", None, 3.5]}, "version": {"const": "v2"},
                       "flag": {"type": "boolean", "const": False}},
        "required": ["level", "version", "flag"],
    },
    "payment_if_then_else": {
        "type": "object",
        "properties": {"method": {"enum": ["card", "bank"]}, "card_number": {"type": "string"},
                       "iban": {"type": "string"}},
        "required": ["method"],
        "if": {"properties": {"method": {"const": "card"}}},
        "then": {"required": ["card_number"]},
        "else": {"required": ["iban"]},
    },
    "username_not_reserved": {
        "type": "object",
        "properties": {"username": {"type": "string", "not": {"enum": ["admin", "root"]}, "minLength": 3}},
        "required": ["username"],
    },
    "shipping_dependent_required": {
        "type": "object",
        "properties": {"express": {"type": "boolean"}, "phone": {"type": "string"}},
        "dependentRequired": {"express": ["phone"]},
    },
    "numeric_bounds": {
        "type": "object",
        "properties": {
            "percent": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100},
            "count": {"type": "integer", "exclusiveMinimum": 5, "exclusiveMaximum": 9},
            "step": {"type": "integer", "multipleOf": 7, "minimum": 50, "maximum": 70},
            "ratio": {"type": "number", "minimum": 0.1, "maximum": 0.2},
        },
        "required": ["percent", "count", "step", "ratio"],
    },
    "five_levels_deep": {
        "type": "object",
        "properties": {"a": {"type": "object", "properties": {"b": {"type": "object", "properties": {
            "c": {"type": "object", "properties": {"d": {"type": "object", "properties": {
                "e": {"type": "string"}}, "required": ["e"]}}, "required": ["d"]}}, "required": ["c"]}},
            "required": ["b"]}},
        "required": ["a"],
    },
    "array_contains": {
        "type": "object",
        "properties": {"readings": {"type": "array", "items": {"type": "integer"},
                                    "contains": {"type": "integer", "minimum": 100}, "minItems": 2}},
        "required": ["readings"],
    },
    "unique_objects": {
        "type": "object",
        "properties": {"seats": {"type": "array", "uniqueItems": True, "minItems": 4, "items": {
            "type": "object", "properties": {"row": {"type": "integer", "minimum": 1},
                                             "seat": {"type": "string", "pattern": "^[A-F]$"}},
            "required": ["row", "seat"]}}},
        "required": ["seats"],
    },
    "nullable_object": {
        "type": "object",
        "properties": {"manager": {"type": ["object", "null"], "properties": {"name": {"type": "string"}},
                                   "required": ["name"]}},
        "required": ["manager"],
    },
}


def validator(schema):
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid(schema, value):
    errors = list(validator(schema).iter_errors(value))
    assert not errors, f"{json.dumps(value)} is invalid: {errors[0].message}"


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("name", sorted(CORPUS))
@pytest.mark.parametrize("seed", ["", "What's the weather like in Boston today?"])
def test_corpus_value_validates(name, seed):
    schema = CORPUS[name]
    value = jsongen.generate(schema, seed)
    assert_valid(schema, value)
    assert jsongen.is_valid(value, schema)
    json.dumps(value, allow_nan=False)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_same_seed_same_value(name):
    assert jsongen.generate_json(CORPUS[name], "s") == jsongen.generate_json(CORPUS[name], "s")


@pytest.mark.parametrize(("schema", "expected"), (
    ({"type": "object", "properties": {"location": {"type": "string"}}}, {"location": "San Francisco, CA"}),
    ({"type": "object", "properties": {"unit": {"enum": ["celsius", "fahrenheit"]}}}, {"unit": "celsius"}),
    ({"type": "object", "properties": {"email": {"type": "string", "format": "email"}}},
     {"email": "alice@example.com"}),
    ({"type": "object", "properties": {"when": {"type": "string", "format": "date"}}}, {"when": "2024-06-15"}),
    ({"type": "object", "properties": {"attendees": {"type": "array", "items": {"type": "string"}}}},
     {"attendees": ["Alice Smith", "Bob Johnson"]}),
    ({"type": "object", "properties": {"n": {"type": "integer", "minimum": 10, "maximum": 20}}}, {"n": 10}),
    ({"type": "object", "properties": {"maybe": {"type": ["integer", "null"]}}}, {"maybe": 1}),
    ({"type": "object", "properties": {}}, {}),
))
def test_values_are_plausible(schema, expected):
    assert jsongen.generate(schema) == expected


@pytest.mark.parametrize(("context", "location"), (
    ("What's the weather like in Boston today?", "Boston"),
    ("Flights from New York, NY please", "New York, NY"),
    ("What is the weather like in the Peak District?", "Peak District"),  # a client's test asks for it (2025)
    ("Anything to do in the morning?", "San Francisco, CA"),
    ("Answer in JSON", "San Francisco, CA"),
    ("", "San Francisco, CA"),
))
def test_location_comes_from_the_request(context, location):
    schema = {"type": "object", "properties": {"location": {"type": "string"}, "note": {"type": "string"}}}
    assert jsongen.generate(schema, "get_weather", context) == {"location": location,
                                                               "note": "A short example description."}


def test_named_place_yields_to_constraints():
    schema = {"type": "object", "properties": {"city": {"type": "string", "pattern": "^[A-Z]{3}$"}}}
    assert re.fullmatch("[A-Z]{3}", jsongen.generate(schema, "", "weather in Boston")["city"])


def test_compact_json_like_a_model():
    schema = {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}
    assert jsongen.generate_json(schema) == '{"location":"San Francisco, CA"}'


@pytest.mark.parametrize("pattern", (
    r"^\d{3}-\d{4}$", r"^[A-Z]{2}[0-9]{2,4}$", r"^(foo|bar)+baz$", r"^[^0-9\s]{3}$", r"^\w+@\w+\.(com|org)$",
    r"^#[0-9a-fA-F]{6}$", r"(ab)\1", r"^v\d+\.\d+\.\d+(-beta)?$", "colou?r",
))
def test_regex_sample_matches(pattern):
    import random
    sample = jsongen.regex_sample(pattern, random.Random(3))
    assert sample is not None and re.search(pattern, sample)


def test_impossible_schema_still_answers():
    assert jsongen.generate({"type": "string", "minLength": 5, "maxLength": 2}) is not None
    assert jsongen.generate({"$ref": "#"}) is None


# --- generated schemas --------------------------------------------------------------------------------------

NAMES = ["location", "name", "email", "query", "count", "price", "id", "date", "tags", "enabled", "items", "x",
         "userName", "max_results", "description", "latitude"]
PATTERNS = [r"^[a-z]{3,8}$", r"^\d{5}$", r"^[A-Z][a-z]+$", r"^(red|green|blue)$", r"^[A-Z]{2}-\d{3}$",
            r"^\+?\d{10,12}$", r"[aeiou]"]
FORMATS = ["date", "date-time", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname"]
UNIQUE_FRIENDLY = [{"type": "string"}, {"type": "integer"}, {"type": "string", "format": "uuid"},
                   {"type": "string", "format": "date"}, {"type": "number"}]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=8),
                    st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3)))


def maybe_nullable(draw, schema):
    if draw(st.booleans()) and draw(st.booleans()):
        schema["type"] = [schema["type"], "null"]
    return schema


@st.composite
def string_schemas(draw):
    schema = {"type": "string"}
    kind = draw(st.sampled_from(["plain", "length", "pattern", "format", "enum"]))
    if kind == "length":
        low = draw(st.integers(0, 12))
        schema["minLength"] = low
        if draw(st.booleans()):
            schema["maxLength"] = draw(st.integers(max(low, 1), low + 30))
    elif kind == "pattern":
        schema["pattern"] = draw(st.sampled_from(PATTERNS))
    elif kind == "format":
        schema["format"] = draw(st.sampled_from(FORMATS))
    elif kind == "enum":
        schema["enum"] = draw(st.lists(st.text(max_size=10), min_size=1, max_size=4, unique=True))
    return maybe_nullable(draw, schema)


@st.composite
def integer_schemas(draw):
    schema = {"type": "integer"}
    step = draw(st.sampled_from([None, None, 1, 2, 5, 10]))
    width = max(2 * (step or 1), draw(st.integers(0, 500)))
    low = draw(st.integers(-1000, 1000))
    bounds = draw(st.sampled_from(["none", "min", "max", "both", "exclusive"]))
    if bounds in ("min", "both"):
        schema["minimum"] = low
    if bounds in ("max", "both"):
        schema["maximum"] = low + width
    if bounds == "exclusive":
        schema["exclusiveMinimum"] = low
        schema["exclusiveMaximum"] = low + width + 2
    if step:
        schema["multipleOf"] = step
    return maybe_nullable(draw, schema)


@st.composite
def number_schemas(draw):
    schema = {"type": "number"}
    step = draw(st.sampled_from([None, None, 0.5, 0.25, 2, 3]))
    low = draw(st.floats(-1e4, 1e4, allow_nan=False).map(lambda v: round(v, 2)))
    width = max(2 * (step or 1), draw(st.floats(0.5, 1e3).map(lambda v: round(v, 2))))
    bounds = draw(st.sampled_from(["none", "min", "max", "both", "exclusive"]))
    if bounds in ("min", "both"):
        schema["minimum"] = low
    if bounds in ("max", "both"):
        schema["maximum"] = round(low + width, 2)
    if bounds == "exclusive":
        schema["exclusiveMinimum"] = low
        schema["exclusiveMaximum"] = round(low + width, 2)
    if step:
        schema["multipleOf"] = step
    return maybe_nullable(draw, schema)


def leaf_schemas():
    return st.one_of(
        string_schemas(), integer_schemas(), number_schemas(),
        st.just({"type": "boolean"}), st.just({"type": "null"}), st.just({}),
        st.lists(scalars, min_size=1, max_size=4, unique_by=json.dumps).map(lambda values: {"enum": values}),
        scalars.map(lambda value: {"const": value}),
    )


@st.composite
def object_schemas(draw, children):
    names = draw(st.lists(st.sampled_from(NAMES) | st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True),
                          max_size=5, unique=True))
    properties = {name: draw(children) for name in names}
    schema = {"type": "object", "properties": properties}
    required = [name for name in names if draw(st.booleans())]
    if required:
        schema["required"] = required
    additional = draw(st.sampled_from(["absent", "true", "false", "schema"]))
    if additional == "true":
        schema["additionalProperties"] = True
    elif additional == "false":
        schema["additionalProperties"] = False
    elif additional == "schema":
        schema["additionalProperties"] = draw(leaf_schemas())
    room = len(names) if additional == "false" else len(names) + 2
    if draw(st.booleans()):
        schema["minProperties"] = draw(st.integers(0, room))
    if draw(st.booleans()):
        schema["maxProperties"] = draw(st.integers(max(len(required), schema.get("minProperties", 0)), room + 2))
    if draw(st.booleans()) and draw(st.booleans()):
        schema["type"] = ["object", "null"]
    return schema


@st.composite
def array_schemas(draw, children):
    unique = draw(st.booleans()) and draw(st.booleans())
    items = draw(st.sampled_from(UNIQUE_FRIENDLY)) if unique else draw(children)
    schema = {"type": "array", "items": items}
    low = draw(st.integers(0, 4))
    if draw(st.booleans()):
        schema["minItems"] = low
    if draw(st.booleans()):
        schema["maxItems"] = draw(st.integers(low, low + 4))
    if unique:
        schema["uniqueItems"] = True
    if draw(st.booleans()) and draw(st.booleans()):
        schema["prefixItems"] = [draw(leaf_schemas())]
        schema["minItems"] = max(schema.get("minItems", 0), 1)
        schema["maxItems"] = max(schema.get("maxItems", 1), schema["minItems"])
        schema.pop("uniqueItems", None)
    return schema


@st.composite
def one_of_schemas(draw, children):
    """oneOf branches of pairwise different JSON types, so that exactly one matches."""
    kinds = draw(st.lists(st.sampled_from(["string", "integer", "boolean", "null", "array", "object"]),
                          min_size=1, max_size=3, unique=True))
    by_kind = {"string": string_schemas().map(lambda s: {**s, "type": "string"}),
               "integer": integer_schemas().map(lambda s: {**s, "type": "integer"}),
               "boolean": st.just({"type": "boolean"}), "null": st.just({"type": "null"}),
               "array": array_schemas(children), "object": object_schemas(children)}
    branches = []
    for kind in kinds:
        branch = draw(by_kind[kind])
        branch["type"] = kind
        if kind == "string":
            branch.pop("enum", None)
        branches.append(branch)
    return {"oneOf": branches}


@st.composite
def all_of_schemas(draw, children):
    """allOf of object parts with disjoint properties, or of string length constraints."""
    if draw(st.booleans()):
        low = draw(st.integers(0, 6))
        return {"allOf": [{"type": "string", "maxLength": low + draw(st.integers(1, 10))}, {"minLength": low}]}
    first = draw(object_schemas(children))
    second = draw(object_schemas(children))
    for part in (first, second):
        part.pop("additionalProperties", None)
        part.pop("maxProperties", None)
        part.pop("minProperties", None)
        part["type"] = "object"
    second["properties"] = {f"{k}_2": v for k, v in second["properties"].items()}
    if "required" in second:
        second["required"] = [f"{k}_2" for k in second["required"]]
    return {"allOf": [first, second]}


def schemas():
    return st.recursive(
        leaf_schemas(),
        lambda children: st.one_of(
            object_schemas(children), array_schemas(children), one_of_schemas(children),
            all_of_schemas(children),
            st.lists(children, min_size=1, max_size=3).map(lambda branches: {"anyOf": branches}),
        ),
        max_leaves=12,
    )


@st.composite
def schemas_with_defs(draw):
    """A root object whose properties refer to shared definitions (`$defs` and `$ref`)."""
    root = draw(object_schemas(schemas()))
    root["type"] = "object"
    definitions = {"Thing": draw(schemas()), "Other": draw(object_schemas(leaf_schemas()))}
    root["$defs"] = definitions
    root["properties"]["thing"] = {"$ref": "#/$defs/Thing"}
    root["properties"]["others"] = {"type": "array", "items": {"$ref": "#/$defs/Other"}, "maxItems": 3}
    root["properties"]["maybe_other"] = {"anyOf": [{"$ref": "#/$defs/Other"}, {"type": "null"}]}
    if root.get("additionalProperties") is False:
        root["minProperties"] = min(root.get("minProperties", 0), len(root["properties"]))
    if "maxProperties" in root:
        root["maxProperties"] += 3
    return root


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(schema=st.one_of(schemas(), schemas_with_defs()), seed=st.text(max_size=20))
def test_generated_schemas_validate(schema, seed):
    value = jsongen.generate(schema, seed)
    assert_valid(schema, value)
    assert jsongen.generate(schema, seed) == value
    json.dumps(value, allow_nan=False)


# --- Schemas a request may send that the generator must survive --------------------------------------------

def _fan_out(levels):
    """$defs where each level is anyOf two $refs to the next: 2**levels paths to the last."""
    defs = {f"d{i}": {"anyOf": [{"$ref": f"#/$defs/d{i + 1}"}, {"$ref": f"#/$defs/d{i + 1}"}]} for i in range(levels)}
    defs[f"d{levels}"] = {"type": "string", "enum": ["end"]}
    return {"type": "object", "properties": {"a": {"$ref": "#/$defs/d0"}}, "required": ["a"], "$defs": defs}


@pytest.mark.parametrize("schema, expected", [
    # JSON Schema counts are integers JSON may write as 3.0.
    ({"type": "string", "minLength": 3.0, "maxLength": 5.0}, lambda v: 3 <= len(v) <= 5),
    ({"type": "array", "items": {"type": "integer"}, "minItems": 3.0, "maxItems": 3.0}, lambda v: len(v) == 3),
    ({"type": "object", "minProperties": 2.0}, lambda v: len(v) >= 2),
    # Strings are cheap to make: lengths a model could write are met, not capped like item counts.
    ({"type": "string", "minLength": 5000}, lambda v: len(v) >= 5000),
    ({"type": "string", "pattern": "^a{10000}$"}, lambda v: v == "a" * 10000),
    # ["null", "null"] is null.
    ({"type": ["null", "null"]}, lambda v: v is None),
])
def test_counts_written_as_floats_and_repeated_types_are_understood(schema, expected):
    assert expected(jsongen.generate(schema))


@pytest.mark.parametrize("schema", [
    {"type": "string", "minLength": "3"},
    {"type": "array", "minItems": "3"},
    {"type": "object", "minProperties": "3"},
    {"type": "array", "contains": {"type": "string"}, "minContains": "1"},
    {"type": "string", "format": []},
    {"type": "string", "format": {}},
    {"type": "object", "properties": {"a": {"$ref": "#/x"}}, "required": ["a"], "x": {"type": 7}},
    {"type": "object", "properties": {"a": {"$ref": "#/x"}}, "required": ["a"], "x": {"type": "object", "required": 5}},
    {"type": "object", "properties": {"b": {"anyOf": [{"type": "string"}]}, "a": {"$ref": "#/properties/b/anyOf/²"}}},
    {"allOf": [{"type": "array", "items": [{"type": "string"}]}, {"items": {"type": "string"}}]},
    {"type": "integer", "minimum": 10 ** 400},
    {"type": "number", "multipleOf": 1e-9, "minimum": 1e300},
    {"type": "number", "multipleOf": 5e-324},
    {"type": "number", "multipleOf": 10 ** 400},
    {"type": "object", "properties": {"a": {"anyOf": [{"anyOf": [{}]}]}}},
])
def test_keyword_values_no_value_can_use_get_a_best_effort_not_an_exception(schema):
    json.dumps(jsongen.generate(schema))  # JSON, whatever the schema


@pytest.mark.parametrize("schema", [
    {"type": "string", "pattern": "a{100000000}"},
    {"type": "string", "pattern": "((a{1000}){1000}){10}"},
    {"type": "string", "minLength": 1_000_000},
    {"type": "array", "minItems": 1_000_000},
    {"type": "array", "minItems": 1000, "items": {"type": "array", "minItems": 1000}},
    {"type": "array", "minItems": 10 ** 30},
    _fan_out(24),
    # allOf of itself twice: merging doubles the parts at every $ref hop.
    {"type": "object", "properties": {"x": {"$ref": "#/$defs/a"}}, "required": ["x"],
     "$defs": {"a": {"allOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/a"}]}}},
])
def test_a_schema_asking_for_too_much_is_answered_in_bounded_size(schema):
    # Without the bounds these run for minutes (2**24 paths, 2**16 allOf parts) or answer megabytes.
    text = json.dumps(jsongen.generate(schema))
    assert len(text) < 1_000_000


def test_a_schema_nested_hundreds_deep_is_no_recursion_error():
    schema = {"type": "object", "properties": {"a": {"anyOf": [{}]}}}
    for _ in range(400):
        schema = {"anyOf": [schema]}
    json.dumps(jsongen.generate(schema))


def test_each_attempt_has_one_budget_for_generating_and_checking():
    visits = jsongen._Visits()
    with pytest.raises(jsongen._Budget):
        for _ in range(jsongen.MAX_NODES + 1):
            visits.visit()
    assert jsongen.is_valid({"a": "end"}, _fan_out(3))  # a small fan-out is checked within budget
    assert jsongen.generate(_fan_out(3)) == {"a": "end"}
