"""JSON values made from a JSON Schema: valid against it, plausible, and the same for the same seed.

`generate(schema, seed)` is what fills tool call arguments and structured-output content. It walks the schema
(types, enum/const, bounds, lengths, patterns, formats, objects, arrays, $ref, anyOf/oneOf/allOf, not,
if/then/else), picks a value that reads like something a model would write (strings come from the property name:
"location" -> "San Francisco, CA"), then checks the whole value with `is_valid`, this module's own validator, and
tries other variants when a combination of keywords defeated the first attempt.
"""
import datetime
import hashlib
import ipaddress
import json
import math
import random
import re
import uuid
from urllib.parse import unquote

from . import regex

try:  # the regular expression parser behind `re` (public as sre_parse before Python 3.11)
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

# Past this nesting depth only what the schema requires is generated, so recursive schemas end.
MINIMAL_DEPTH = 6
# Past this depth generation stops altogether (a schema that requires infinite nesting has no finite value).
MAX_DEPTH = 40
# Whole-value attempts before giving up on validity (each attempt varies the choices).
ATTEMPTS = 6
# How many extra repetitions an unbounded regex quantifier (*, +, {n,}) draws.
_REPEAT_EXTRA = 3
# The most items or properties of an array or object generated, the longest string, and the most schema nodes
# one attempt visits: a schema that asks for more (minItems 1000000, minLength 1000000, a regex a{100000000},
# $refs fanning out two ways at every level) gets a best-effort value in bounded time, as a model's answer is
# bounded too. A string is cheap to make: an essay's minLength of 5,000 is met.
MAX_SIZE = 4096
MAX_LENGTH = 65536
MAX_NODES = 50000
MAX_CHARACTERS = 1_000_000  # written by one attempt: its strings and its regex samples, kept or not
# The most schema nodes the generations of one answer visit in all (the arguments of the several functions it
# calls), and the most characters its regex samples write (the inputs of the custom tools it calls): each
# generation and sample is bounded, but an answer calling many tools of such schemas or patterns took seconds a call.
MAX_ANSWER_NODES = 2 * MAX_NODES
MAX_ANSWER_CHARACTERS = 2 * MAX_LENGTH
MAX_ANSWER_STEPS = 400_000  # the steps of its Lark derivations (grammar.MAX_STEPS is a derivation's)


class _Budget(Exception):
    """One attempt visited more than MAX_NODES schema nodes or wrote more than MAX_CHARACTERS characters."""


class Allotment:
    """What the generations of one answer may still do together: schema nodes to visit (MAX_ANSWER_NODES),
    characters its regex samples may write (MAX_ANSWER_CHARACTERS), steps its Lark derivations may take
    (MAX_ANSWER_STEPS), and the checks of those samples' work."""

    def __init__(self, nodes=MAX_ANSWER_NODES, characters=MAX_ANSWER_CHARACTERS, steps=MAX_ANSWER_STEPS):
        self.left = nodes
        self.characters = characters
        self.steps = steps
        self.regex = regex.Allowance()


class _Visits:
    """What one attempt has done: schema nodes visited, generating and validating (at most limit), and characters
    written; and what checking strings against the schema's regular expressions may still do (shared by the
    attempts)."""

    def __init__(self, allowance=None, limit=MAX_NODES):
        self.count = 0
        self.limit = limit
        self.characters = 0
        self.regex = allowance  # a regex.Allowance, made by the first check that needs one

    def visit(self):
        self.count += 1
        if self.count > self.limit:
            raise _Budget()

    def write(self, characters):
        self.characters += characters
        if self.characters > MAX_CHARACTERS:  # 4,096 items of 65,536 characters each
            raise _Budget()


def _size(schema, key, most=MAX_SIZE):
    """Return a count keyword (minItems, maxLength, ...) as an int of at most most, None when it is no count.

    A count is a non-negative integer, which JSON may write as 3.0; any other value is ignored.
    """
    value = schema.get(key)
    if not is_number(value) or value < 0 or value % 1:
        return None
    return int(min(value, most))

_OBJECT_KEYS = ("properties", "required", "additionalProperties", "patternProperties", "minProperties",
                "maxProperties", "propertyNames", "dependentRequired")
_ARRAY_KEYS = ("items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains")
_STRING_KEYS = ("minLength", "maxLength", "pattern", "format")
_NUMBER_KEYS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_TYPE_ORDER = ("object", "array", "string", "integer", "number", "boolean", "null")

# Plausible strings by what a property is called: (words the name may contain, values to cycle through).
_NAMED_STRINGS = (
    (("email", "mail"), ("alice@example.com", "bob@example.com", "carol@example.org")),
    (("sql",), ("SELECT id, name FROM customers LIMIT 10", "SELECT COUNT(*) FROM orders")),
    (("url", "uri", "link", "website", "homepage", "href", "endpoint"),
     ("https://example.com", "https://example.org/docs", "https://example.net/page")),
    (("phone", "telephone", "mobile", "tel"), ("+1-415-555-0100", "+1-212-555-0199")),
    (("first", "firstname", "given"), ("Alice", "Bob", "Carol")),
    (("last", "lastname", "surname", "family"), ("Smith", "Johnson", "Williams")),
    (("username", "login", "handle"), ("alice", "bob", "carol")),
    (("password", "secret", "token"), ("correct-horse-battery", "s3cret-pass")),
    (("location", "city", "place", "destination", "origin", "town", "where", "venue"),
     ("San Francisco, CA", "New York, NY", "London, UK", "Tokyo, Japan")),
    (("country",), ("United States", "France", "Japan", "Brazil")),
    (("state", "province", "region"), ("California", "Texas", "Ontario", "Bavaria")),
    (("address", "street", "line1", "line"), ("123 Main St", "456 Oak Ave", "789 Pine Rd")),
    (("zip", "zipcode", "postal", "postcode"), ("94105", "10001", "60601")),
    (("timezone", "tz"), ("America/Los_Angeles", "Europe/London", "Asia/Tokyo")),
    (("currency",), ("USD", "EUR", "JPY")),
    (("language", "lang", "locale"), ("en", "fr", "ja")),
    (("unit", "units"), ("celsius", "fahrenheit")),
    (("symbol", "ticker"), ("AAPL", "MSFT", "GOOG")),
    (("company", "organization", "organisation", "org", "employer", "vendor", "brand"),
     ("Acme Corp", "Globex", "Initech")),
    (("product", "item"), ("Wireless Headphones", "Coffee Mug", "Running Shoes")),
    (("sku", "code"), ("SKU-12345", "SKU-67890")),
    (("filename", "file", "path", "filepath"), ("report.pdf", "data/sales.csv", "notes.txt")),
    (("query", "search", "keyword", "keywords", "term", "q", "prompt", "question"),
     ("latest news", "best pizza near me", "weather forecast")),
    (("topic", "subject", "theme"), ("climate change", "space exploration")),
    (("title", "headline", "heading"), ("Project kickoff", "Quarterly review", "Team offsite")),
    (("description", "summary", "content", "body", "text", "message", "note", "notes", "comment", "details",
      "reason", "bio", "instructions", "answer", "explanation", "feedback", "review"),
     ("A short example description.", "Another example description.", "Some more details.")),
    (("color", "colour"), ("blue", "green", "red")),
    (("status", "state"), ("active", "pending", "completed")),
    (("category", "type", "kind", "genre", "tag", "label", "group"), ("general", "news", "sports")),
    (("date", "day", "deadline", "birthday", "dob"), ("2024-06-15", "2024-07-01", "2024-08-20")),
    (("datetime", "timestamp", "start", "end", "at", "when"),
     ("2024-06-15T14:30:00Z", "2024-07-01T09:00:00Z", "2024-08-20T18:45:00Z")),
    (("time",), ("14:30", "09:00", "18:45")),
    (("id", "identifier", "uuid", "key", "ref", "reference", "number"), ("abc123", "def456", "ghi789")),
    (("name", "fullname", "customer", "author", "attendee", "attendees", "participant", "participants", "user",
      "person", "assignee", "owner", "recipient", "contact", "guest", "member", "employee", "student", "speaker"),
     ("Alice Smith", "Bob Johnson", "Carol Williams")),
)

# Plausible numbers by property name: (words, integer value, decimal value).
_NAMED_NUMBERS = (
    (("age",), 30, 30.5),
    (("year",), 2024, 2024),
    (("month",), 6, 6),
    (("latitude", "lat"), 37, 37.7749),
    (("longitude", "lng", "lon", "long"), -122, -122.4194),
    (("price", "amount", "cost", "total", "balance", "salary", "budget", "subtotal", "fee"), 20, 19.99),
    (("rating", "score", "stars"), 4, 4.5),
    (("temperature", "temp"), 22, 22.5),
    (("percent", "percentage", "ratio", "probability", "confidence", "weight"), 50, 0.75),
    (("quantity", "qty", "count", "guests", "people", "adults", "children", "rooms", "seats", "nights"), 2, 2),
    (("limit", "max", "results", "top", "k", "size", "num", "n", "per"), 5, 5),
    (("page", "offset", "index", "level", "priority", "version"), 1, 1),
    (("duration", "minutes", "mins", "timeout", "seconds"), 30, 30),
    (("days",), 7, 7),
    (("hours",), 2, 2.5),
    (("radius", "distance", "miles", "km"), 10, 10),
    (("id",), 42, 42),
)

_FORMATS = {
    "date": ("2024-06-15", "2024-07-01", "2024-08-20", "2024-09-10"),
    "date-time": ("2024-06-15T14:30:00Z", "2024-07-01T09:00:00Z", "2024-08-20T18:45:00Z"),
    "time": ("14:30:00Z", "09:00:00Z", "18:45:00Z"),
    "duration": ("P3D", "PT2H30M", "P1W"),
    "hostname": ("example.com", "api.example.org", "mail.example.net"),
    "idn-hostname": ("example.com", "api.example.org"),
    "ipv4": ("192.168.1.10", "10.0.0.2", "172.16.0.5"),
    "ipv6": ("2001:db8::1", "2001:db8::2", "fe80::1"),
    "uri": ("https://example.com", "https://example.org/docs", "https://example.net/page"),
    "iri": ("https://example.com", "https://example.org/docs"),
    "uri-reference": ("https://example.com/page", "/docs/index.html"),
    "iri-reference": ("https://example.com/page", "/docs/index.html"),
    "uri-template": ("https://example.com/items/{id}",),
    "json-pointer": ("/items/0", "/name"),
    "relative-json-pointer": ("0/name", "1"),
    "regex": ("^[a-z]+$", "\\d+"),
}


def generate(schema, seed="", context="", allotment=None):
    """Return a JSON value valid against schema; the same schema, seed and context always give the same value.

    context is text the values may quote, such as the user's request: a place it names ("weather in Boston")
    fills location-like properties. A schema no value can satisfy still gets a best-effort value. allotment: the
    nodes left to the answer this value is part of (an Allotment, which its attempts' visits are taken from).
    """
    base = int.from_bytes(hashlib.sha256(f"{seed}\n{context}".encode("utf-8", "surrogatepass")).digest()[:8], "big")
    place = mentioned_place(context)
    value = allowance = None
    for attempt in range(ATTEMPTS):
        limit = MAX_NODES if allotment is None else min(MAX_NODES, allotment.left)
        generator = _Generator(schema, base + attempt, place, allowance, limit)
        try:
            found = generator.value(schema, "", attempt, 0)
            if is_valid(found, schema, visits=generator.visits):
                return found
        except (_Budget, RecursionError, ArithmeticError, TypeError, ValueError):
            # Keywords the schema check lets through but no value fits (a minimum of 10**400 with a multipleOf
            # of 1e-9), nesting hundreds deep, or too much to visit: the best effort so far stands.
            break
        finally:
            if allotment is not None:
                allotment.left -= generator.visits.count
        value, allowance = found, generator.visits.regex  # the attempts' checks share one allowance
    return value


def generate_json(schema, seed="", context="", allotment=None, spaced=False, indented=False):
    """Return generate(schema, seed, context, allotment) as compact JSON text, the way models write tool
    arguments (spaced: with a space after each comma and colon, as calls made together are written; indented: a
    key a line, indented by two, as gpt-4-0613 writes them in chat)."""
    value = generate(schema, seed, context, allotment)
    if indented:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return json.dumps(value, separators=(", ", ": ") if spaced else (",", ":"), ensure_ascii=False)


_PLACE = re.compile(r"\b(?:in|at|for|to|from|near|around)\s+(?:the\s+)?((?:[A-Z][\w'.-]*)(?:(?:,\s*|\s+)[A-Z][\w'.-]*)*)")
_PLACE_WORDS = ("location", "city", "place", "destination", "origin", "town", "where", "venue")
_NOT_PLACES = {"I", "Me", "The", "A", "An", "My", "Your", "JSON", "Celsius", "Fahrenheit"}


def mentioned_place(text):
    """Return the place a request names after in/at/for/to/from/near ("weather in New York, NY", "in the Peak
    District"), or None."""
    for match in _PLACE.finditer(text or ""):
        place = match.group(1).rstrip(".,'")
        if place.split(",")[0].split()[0] not in _NOT_PLACES:
            return place
    return None


def name_words(name):
    """Split a property name into lower-case words: "maxResults" / "max_results" -> ["max", "results"]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", str(name))
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def singular(name):
    """Return the name an item of an array property goes by: "attendees" -> "attendee"."""
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss") and len(name) > 3:
        return name[:-1]
    return name


def plausible_string(name, variant=0):
    """Return a string a model might write for a property called name."""
    words = name_words(name)
    for keys, values in _NAMED_STRINGS:
        if any(w in keys for w in words):
            value = values[variant % len(values)]
            if variant < len(values):
                return value
            if "@" in value:
                local, domain = value.split("@", 1)
                return f"{local}{variant + 1}@{domain}"
            if value.startswith("https://"):
                return f"{value.rstrip('/')}/{variant + 1}"
            return f"{value} {variant + 1}"
    label = " ".join(["example"] + words)
    return label if variant == 0 else f"{label} {variant + 1}"


def _plausible_number(name, integer):
    words = name_words(name)
    for keys, as_int, as_decimal in _NAMED_NUMBERS:
        if any(w in keys for w in words):
            return as_int if integer else as_decimal
    return 1 if integer else 1.5


class _Generator:
    """One generation pass: the root schema (for $ref) and a seeded random source."""

    def __init__(self, root, seed, place=None, allowance=None, limit=MAX_NODES):
        self.root = root
        self.rng = random.Random(seed)
        self.place = place  # a place the context names, for location-like properties
        self.expanding = []  # the $refs being expanded, outermost first
        self.visits = _Visits(allowance, limit)

    def resolve(self, ref):
        return resolve_ref(self.root, ref)

    def value(self, schema, name, variant, depth, hops=0):
        """Return a value for schema; name is the property it fills, depth its nesting."""
        self.visits.visit()
        if schema is True or schema is None:
            schema = {}
        if schema is False or not isinstance(schema, dict) or depth > MAX_DEPTH:
            return None
        if "$ref" in schema and isinstance(schema["$ref"], str):
            if hops > 16:
                return None
            ref = schema["$ref"]
            target = self.resolve(ref)
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            merged = merge(target, rest, self.resolve) if rest else target
            if ref in self.expanding:  # recursion: from here on only what is required
                depth = max(depth, MINIMAL_DEPTH)
            self.expanding.append(ref)
            try:
                return self.value(merged, name, variant, depth, hops + 1)
            finally:
                self.expanding.pop()
        if isinstance(schema.get("allOf"), list):
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                # Each part is a node visited: allOf [$ref a, $ref a] inside a doubles the parts at every hop.
                self.visits.visit()
                merged = merge(merged, part, self.resolve)
            return self.value(merged, name, variant, depth, hops + 1)
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._union(schema, key, name, variant, depth, hops)
        if "not" in schema or "if" in schema:
            return self._conditional(schema, name, variant, depth, hops)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            rest = {k: v for k, v in schema.items() if k != "enum"}
            fitting = [v for v in schema["enum"] if is_valid(v, rest, self.root, self.visits)]
            fitting = fitting or schema["enum"]
            return fitting[variant % len(fitting)]
        kind = self.pick_type(schema, depth)
        if kind == "object":
            return self.object(schema, name, variant, depth)
        if kind == "array":
            return self.array(schema, name, variant, depth)
        if kind in ("integer", "number"):
            return number(schema, name, kind == "integer", variant)
        if kind == "boolean":
            return variant % 2 == 0
        if kind == "null":
            return None
        text = self.string(schema, name, variant)
        self.visits.write(len(text))
        return text

    def pick_type(self, schema, depth):
        declared = schema.get("type")
        kinds = [declared] if isinstance(declared, str) else list(declared or [])
        kinds = [k for k in kinds if k in _TYPE_ORDER]
        if not kinds:
            return infer_type(schema)
        if "null" in kinds and (depth >= MINIMAL_DEPTH or len(kinds) == 1):
            return "null"
        return next((k for k in kinds if k != "null"), "null")  # ["null", "null"] is only null

    def _union(self, schema, key, name, variant, depth, hops):
        rest = {k: v for k, v in schema.items() if k != key}
        branches = list(schema[key])
        # Real values first; when deep, null and flat branches first so that recursion ends.
        branches.sort(key=lambda b: _branch_cost(b, self.resolve, depth >= MINIMAL_DEPTH))
        first = None
        for branch in branches:
            candidate = self.value(merge(rest, branch, self.resolve), name, variant, depth, hops + 1)
            if first is None:
                first = candidate
            if is_valid(candidate, schema, self.root, self.visits):
                return candidate
        return first

    def _conditional(self, schema, name, variant, depth, hops):
        rest = {k: v for k, v in schema.items() if k not in ("not", "if", "then", "else")}
        value = None
        for attempt in range(4):
            value = self.value(rest, name, variant + attempt, depth, hops + 1)
            if "if" in schema:
                met = is_valid(value, schema["if"], self.root, self.visits)
                branch = schema.get("then") if met else schema.get("else")
                if branch is not None:
                    value = self.value(merge(rest, branch, self.resolve), name, variant + attempt, depth, hops + 1)
            if is_valid(value, schema, self.root, self.visits):
                return value
        return value

    def object(self, schema, name, variant, depth):
        properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        max_props = _size(schema, "maxProperties")
        min_props = _size(schema, "minProperties") or 0
        minimal = depth >= MINIMAL_DEPTH
        keys = list(properties) + [r for r in required if r not in properties]
        needed = set(required)  # (looked up a key at a time: the list of 100,000 names took minutes)
        optional_room = (math.inf if max_props is None else max_props) - len(needed)
        out = {}
        for key in keys:
            if key not in needed:
                if minimal or optional_room <= 0:
                    continue
                optional_room -= 1
            sub = self.property_schema(schema, key)
            if sub is False:
                continue
            out[key] = self.value(sub, key, variant, depth + 1)
        dependent = schema.get("dependentRequired") or {}
        for key in list(out):
            for extra in dependent.get(key, []) if isinstance(dependent, dict) else []:
                if extra not in out:
                    out[extra] = self.value(self.property_schema(schema, extra), extra, variant, depth + 1)
        serial = 1
        while len(out) < min_props and serial < 100:
            key = self.extra_key(schema, serial)
            serial += 1
            if key is None or key in out:
                continue
            sub = self.property_schema(schema, key)
            if sub is not False:
                out[key] = self.value(sub, key, variant, depth + 1)
        return out

    def property_schema(self, schema, key):
        """Return the schema a property's value must meet: properties, patternProperties, additionalProperties."""
        parts = []
        properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        if key in properties:
            parts.append(properties[key])
        for pattern, sub in (schema.get("patternProperties") or {}).items():
            if _search(pattern, key, self.visits):
                parts.append(sub)
        if not parts:
            parts.append(schema.get("additionalProperties", True))
        if any(p is False for p in parts):
            return False
        merged = {}
        for part in parts:
            merged = merge(merged, part, self.resolve)
        return merged

    def extra_key(self, schema, serial):
        """Return a property name beyond the declared ones, or None when none is allowed."""
        names = schema.get("propertyNames") if isinstance(schema.get("propertyNames"), dict) else {}
        additional = schema.get("additionalProperties", True)
        patterns = list((schema.get("patternProperties") or {}).items())
        if additional is False and patterns:
            key = self.string({"pattern": patterns[serial % len(patterns)][0]}, "key", serial)
        elif additional is False:
            return None
        else:
            key = self.string(names, "key", serial) if names else f"key{serial}"
        return key if isinstance(key, str) else None

    def array(self, schema, name, variant, depth):
        items = schema.get("items")
        prefix = schema.get("prefixItems") if isinstance(schema.get("prefixItems"), list) else None
        if isinstance(items, list):  # draft 4-7 tuple form
            prefix, rest = items, schema.get("additionalItems", True)
        else:
            rest = True if items is None else items
        prefix = prefix or []
        min_items = _size(schema, "minItems") or 0
        max_items = _size(schema, "maxItems")
        max_items = math.inf if max_items is None else max_items
        minimal = depth >= MINIMAL_DEPTH
        contains = schema.get("contains")
        min_contains = _size(schema, "minContains")
        need_contains = 0 if contains is None else 1 if min_contains is None else min_contains
        target = max(min_items, need_contains, 0 if minimal else max(len(prefix), 2))
        if rest is False:
            target = min(target, len(prefix))
        target = min(target, max_items)
        unique = schema.get("uniqueItems") is True
        item_name = singular(name) if name else "item"
        out, seen = [], set()  # seen: the json_keys of the items kept, when they must be unique
        index = 0
        while len(out) < target and index < target + 12:
            sub = prefix[index] if index < len(prefix) else rest
            if len(out) < need_contains:
                sub = merge(sub, contains, self.resolve)
            item = self.value(sub, item_name, variant + index, depth + 1)
            index += 1
            if unique:
                key = json_key(item)
                if key in seen and index >= len(prefix):
                    continue
                seen.add(key)
            out.append(item)
            if len(out) == 1 and not minimal and isinstance(item, (dict, list)):
                target = min(target, max(min_items, need_contains, len(prefix), 1))
        return out

    def string(self, schema, name, variant):
        min_len = _size(schema, "minLength", MAX_LENGTH) or 0
        max_len = _size(schema, "maxLength", MAX_LENGTH)
        pattern = schema.get("pattern")
        fits = lambda s: len(s) >= min_len and (max_len is None or len(s) <= max_len)  # noqa: E731
        if isinstance(pattern, str):
            for attempt in range(16):
                # Seeded from bytes, as Random does with a str, so a lone surrogate in the pattern is no error.
                seed = f"{pattern}:{variant}:{attempt}".encode("utf-8", "surrogatepass")
                sample = regex_sample(pattern, random.Random(seed), attempt, self.visits)
                if sample is None:
                    break
                if fits(sample):
                    return sample
                if len(sample) < min_len:
                    padded = sample + "a" * (min_len - len(sample))
                    if fits(padded) and _search(pattern, padded, self.visits):
                        return padded
        fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
        if fmt in ("email", "idn-email"):
            sample = plausible_string(name, variant)
            if "@" not in sample:
                local = re.sub(r"[^a-z0-9]+", ".", sample.lower()).strip(".") or "user"
                sample = f"{local}@example.com"
            if fits(sample):
                return sample
        if fmt == "uuid":
            sample = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            if fits(sample):
                return sample
        if fmt in _FORMATS:
            sample = format_sample(fmt, variant)
            if fits(sample):
                return sample
        text = plausible_string(name, variant)
        if self.place and variant == 0 and any(w in _PLACE_WORDS for w in name_words(name)):
            text = self.place
        return fit_length(text, min_len, max_len)


def format_sample(fmt, variant=0):
    """Return a string of a JSON Schema format; each variant a different one."""
    samples = _FORMATS[fmt]
    if variant < len(samples):
        return samples[variant]
    moment = datetime.datetime(2024, 6, 15, 14, 30) + datetime.timedelta(days=variant, minutes=7 * variant)
    derived = {
        "date": moment.date().isoformat(),
        "date-time": moment.strftime("%Y-%m-%dT%H:%M:00Z"),
        "time": moment.strftime("%H:%M:00Z"),
        "duration": f"P{variant}D",
        "hostname": f"host{variant}.example.com",
        "idn-hostname": f"host{variant}.example.com",
        "ipv4": f"10.0.{variant // 250 % 250}.{variant % 250 + 1}",
        "ipv6": f"2001:db8::{variant:x}",
        "uri": f"https://example.com/{variant}",
        "iri": f"https://example.com/{variant}",
        "uri-reference": f"/docs/{variant}",
        "iri-reference": f"/docs/{variant}",
        "json-pointer": f"/items/{variant}",
        "relative-json-pointer": f"{variant}/name",
    }
    return derived.get(fmt, samples[variant % len(samples)])


def infer_type(schema):
    """Return the type a schema without `type` most likely means, from its keywords."""
    for keys, kind in ((_OBJECT_KEYS, "object"), (_ARRAY_KEYS, "array"), (_STRING_KEYS, "string"),
                       (_NUMBER_KEYS, "number")):
        if any(k in schema for k in keys):
            return kind
    return "string"


def _branch_cost(branch, resolve, minimal):
    """Order union branches: real values before null; when minimal, the flattest first."""
    if isinstance(branch, dict) and "$ref" in branch and isinstance(branch["$ref"], str):
        branch = resolve(branch["$ref"])
    if not isinstance(branch, dict):
        return (1, 0)
    is_null = branch.get("type") == "null" or branch.get("const", 0) is None
    if not minimal:
        return (1 if is_null else 0, 0)
    nested = any(k in branch for k in ("properties", "items", "anyOf", "oneOf", "allOf", "$ref"))
    return (0 if is_null else 1, 1 if nested else 0)


def fit_length(text, min_len=0, max_len=None):
    """Stretch (by repeating) or cut text to lie within [min_len, max_len] characters."""
    base = text or "x"
    # Copies of base joined by spaces, as few as reach min_len: n copies are n * (len + 1) - 1 long.
    text = " ".join([base] * max(1, -(-(min_len + 1) // (len(base) + 1))))
    if max_len is not None and len(text) > max_len:
        text = text[:max_len]
        if len(text.rstrip()) >= min_len:
            text = text.rstrip()
    return text + "x" * (min_len - len(text))


def number(schema, name, integer, variant):
    """Return a number within the schema's bounds and multipleOf, near a plausible value for name."""
    low, low_open = _bound(schema, "minimum", "exclusiveMinimum", max)
    high, high_open = _bound(schema, "maximum", "exclusiveMaximum", min)
    base = _plausible_number(name, integer)
    step = schema.get("multipleOf")
    if integer:
        low = None if low is None else (math.floor(low) + 1 if low_open else math.ceil(low))
        high = None if high is None else (math.ceil(high) - 1 if high_open else math.floor(high))
        low_open = high_open = False
    if is_number(step) and step > 0:
        value = _multiple_near(base, variant, step, low, high, low_open, high_open, integer)
        if value is not None:
            return value
    if integer:
        value = int(base) + variant
        if low is not None and value < low:
            value = low + variant
        if high is not None and value > high:
            value = high - variant
        return value if low is None or value >= low else low
    value = base + variant
    inside = (low is None or value > low or (value == low and not low_open)) and \
             (high is None or value < high or (value == high and not high_open))
    if not inside:
        if low is not None and high is not None:
            value = low + (high - low) / (2 + variant)
        elif low is not None:
            value = low + variant + (1 if low_open else 0)
        else:
            value = high - variant - (1 if high_open else 0)
    return int(value) if float(value).is_integer() and abs(value) < 2 ** 53 else value


def _bound(schema, inclusive, exclusive, tighter):
    """Return (bound, is_exclusive) from draft-4 (boolean exclusive) or draft-6+ (numeric exclusive) keywords."""
    value = schema.get(inclusive) if is_number(schema.get(inclusive)) else None
    flag = schema.get(exclusive)
    if flag is True:
        return value, value is not None
    if is_number(flag):
        if value is not None and value != flag and tighter(value, flag) == value:
            return value, False
        return flag, True
    return value, False


def _multiple_near(base, variant, step, low, high, low_open, high_open, integer):
    """Return a multiple of step near base (shifted by variant) within the bounds, or None when there is none."""
    k = round(base / step) + variant
    if low is not None:
        k = max(k, math.ceil(low / step))
    if high is not None:
        k = min(k, math.floor(high / step))
    for delta in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 8, -8, 10, -10, 16, -16):
        value = (k + delta) * step
        if integer and not float(value).is_integer():
            continue
        if low is not None and (value < low or (low_open and value <= low)):
            continue
        if high is not None and (value > high or (high_open and value >= high)):
            continue
        if _is_multiple(value, step):
            return int(value) if float(value).is_integer() and abs(value) < 2 ** 53 else value
    return None


def _is_multiple(value, step):
    if isinstance(step, float):
        try:
            quotient = value / step
            return int(quotient) == quotient
        except (OverflowError, ZeroDivisionError):
            return False
    if isinstance(value, float):
        return value.is_integer() and int(value) % step == 0
    return value % step == 0


def merge(a, b, resolve=None):
    """Return one schema meaning both a and b (allOf), good enough to generate from."""
    a = _resolved(a, resolve)
    b = _resolved(b, resolve)
    a, b = (x if isinstance(x, (dict, bool)) else {} for x in (a, b))  # a schema is an object or a boolean
    if a is False or b is False:
        return False
    if a is True or not a:
        return dict(b) if isinstance(b, dict) else {}
    if b is True or not b:
        return dict(a)
    out = dict(a)
    for key, value in b.items():
        if key not in out:
            out[key] = value
            continue
        mine = out[key]
        if key == "type":
            out[key] = _merge_types(mine, value)
        elif key == "properties" and isinstance(mine, dict) and isinstance(value, dict):
            props = dict(mine)
            for name, sub in value.items():
                props[name] = merge(props[name], sub, resolve) if name in props else sub
            out[key] = props
        elif key == "required" and isinstance(mine, list) and isinstance(value, list):
            out[key] = mine + [r for r in value if r not in mine]
        elif key in ("minimum", "minLength", "minItems", "minProperties", "minContains") and \
                is_number(mine) and is_number(value):
            out[key] = max(mine, value)
        elif key in ("maximum", "maxLength", "maxItems", "maxProperties", "maxContains") and \
                is_number(mine) and is_number(value):
            out[key] = min(mine, value)
        elif key == "exclusiveMinimum" and is_number(mine) and is_number(value):
            out[key] = max(mine, value)
        elif key == "exclusiveMaximum" and is_number(mine) and is_number(value):
            out[key] = min(mine, value)
        elif key == "enum" and isinstance(mine, list) and isinstance(value, list):
            out[key] = [v for v in mine if any(json_equal(v, w) for w in value)]
        elif key == "multipleOf" and isinstance(mine, int) and isinstance(value, int) and mine > 0 and value > 0:
            out[key] = mine * value // math.gcd(mine, value)
        elif key in ("items", "additionalProperties", "contains", "propertyNames", "additionalItems"):
            out[key] = merge(mine, value, resolve)
        elif key in ("anyOf", "oneOf") and isinstance(mine, list) and isinstance(value, list):
            if len(mine) * len(value) <= 16:
                out["anyOf" if key == "anyOf" else key] = [merge(x, y, resolve) for x in mine for y in value]
        elif key == "not":
            out[key] = {"anyOf": [mine, value]}
        elif key == "allOf" and isinstance(mine, list) and isinstance(value, list):
            out[key] = mine + value
    if isinstance(out.get("enum"), list) and "const" in out:
        out.pop("enum")
    return out


def _resolved(schema, resolve, hops=8):
    """Return schema with a top-level $ref replaced by its target (sibling keywords kept over the target's)."""
    if schema is None:
        return True
    while hops and resolve is not None and isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        target = resolve(schema["$ref"])
        if target is schema:
            break
        if isinstance(target, dict):
            schema = {**target, **rest}
        else:
            schema = rest if target is True and rest else target
        hops -= 1
    return schema


def _merge_types(a, b):
    first = {a} if isinstance(a, str) else set(a)
    second = {b} if isinstance(b, str) else set(b)
    both = first & second
    if "number" in first and "integer" in second or "integer" in first and "number" in second:
        both.add("integer")
    kinds = [k for k in _TYPE_ORDER if k in both]
    if not kinds:
        return a
    return kinds[0] if len(kinds) == 1 else kinds


def resolve_ref(root, ref, missing=None):
    """Return the schema a `$ref` points at inside root (`#`, `#/$defs/X`, `#/definitions/X`, ...), or missing ({}
    when not given) where it points at nothing."""
    if ref in ("#", ""):
        return root
    if not ref.startswith("#/"):
        return {} if missing is None else missing
    node = root
    for part in ref[2:].split("/"):
        part = unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isascii() and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return {} if missing is None else missing
    return node


# --- regular expressions -------------------------------------------------------------------------------------

def regex_sample(pattern, rng, attempt=0, visits=None, allowance=None, allotment=None):
    """Return a string that `re.search(pattern, ...)` matches, or None when the pattern defeats the sampler (or
    fauxpen cannot tell in bounded time whether the sample matches: see regex.search).

    visits: a generation attempt's budget, charged with what the sample wrote, kept or not, and with the check.
    allowance: the regex.Allowance the check draws from when there are no visits.
    allotment: an answer's Allotment, charged with what the sample wrote; None, without sampling, once spent.
    """
    if allotment is not None and allotment.characters <= 0:
        return None
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, TypeError, ValueError, OverflowError):
        return None
    out = []
    try:
        _emit(parsed, out, rng, {}, attempt)
    except (_Unsupported, RecursionError, ValueError, OverflowError, IndexError):
        return None
    finally:
        if allotment is not None:
            allotment.characters -= len(out)
        if visits is not None:
            visits.write(len(out))
    text = "".join(out)
    return text if _search(pattern, text, visits, allowance) else None


class _Unsupported(Exception):
    pass


_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_NOT_DIGIT": "abcxyz",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "abcxyz0123",
    "CATEGORY_WORD": "abcxyz0123",
    "CATEGORY_NOT_WORD": "-. ",
}
_PROBE_CHARS = "aAbxz09_- .@:/"


# groups also counts the repeats a sample has made, under a key no group number is.
_STEPS, MAX_REPEAT_STEPS = "repeats", 200_000


def _emit(parsed, out, rng, groups, attempt):
    for op, av in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append("a" if av != ord("a") else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_char(av, rng))
        elif name == "BRANCH":
            branches = av[1]
            _emit(branches[rng.randrange(len(branches))], out, rng, groups, attempt)
        elif name == "SUBPATTERN":
            group, pattern = av[0], av[-1]
            start = len(out)
            _emit(pattern, out, rng, groups, attempt)
            if group is not None:
                groups[group] = "".join(out[start:])
        elif name == "ATOMIC_GROUP":
            _emit(av, out, rng, groups, attempt)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, pattern = av
            extra_cap = _REPEAT_EXTRA + 2 * attempt
            high = low + extra_cap if high == sre_parse.MAXREPEAT else min(high, low + extra_cap)
            if low > MAX_LENGTH:
                raise _Unsupported("repeat")
            for _ in range(rng.randint(low, max(low, high))):
                _emit(pattern, out, rng, groups, attempt)
                if len(out) > MAX_LENGTH:  # nested repeats: a{1000}{1000}
                    raise _Unsupported("length")
                groups[_STEPS] = groups.get(_STEPS, 0) + 1
                if groups[_STEPS] > MAX_REPEAT_STEPS:  # nested repeats of nothing: (?:(?:){5000}){5000}
                    raise _Unsupported("steps")
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        elif name == "GROUPREF":
            out.append(groups.get(av, ""))
        elif name == "GROUPREF_EXISTS":
            _emit(av[1], out, rng, groups, attempt)
        elif name == "CATEGORY":
            out.append(_CATEGORY_CHARS.get(str(av), "a")[0])
        else:
            raise _Unsupported(name)


def _class_char(items, rng):
    """Return a character a character class [..] accepts."""
    negate = bool(items) and str(items[0][0]) == "NEGATE"
    if negate:
        for c in _PROBE_CHARS:
            if not _class_accepts(items[1:], c):
                return c
        raise _Unsupported("class")
    choices = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            choices.append(chr(av))
        elif name == "RANGE":
            low, high = av
            choices.append(chr(rng.randint(low, min(high, low + 25))))
        elif name == "CATEGORY":
            pool = _CATEGORY_CHARS.get(str(av), "a")
            choices.append(pool[rng.randrange(len(pool))])
    if not choices:
        raise _Unsupported("class")
    return choices[rng.randrange(len(choices))]


def _class_accepts(items, c):
    code = ord(c)
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and av == code:
            return True
        if name == "RANGE" and av[0] <= code <= av[1]:
            return True
        if name == "CATEGORY" and c in _CATEGORY_CHARS.get(str(av), "") and not str(av).startswith("CATEGORY_NOT"):
            return True
        if name == "CATEGORY" and str(av).startswith("CATEGORY_NOT"):
            positive = str(av).replace("_NOT", "")
            if _category_match(positive, c) is False:
                return True
    return False


def _category_match(category, c):
    return {"CATEGORY_DIGIT": c.isdigit(), "CATEGORY_SPACE": c.isspace(),
            "CATEGORY_WORD": c.isalnum() or c == "_"}.get(category)


def _search(pattern, text, visits=None, allowance=None):
    """Tell whether pattern matches text somewhere, as re.search does; False when re refuses the pattern or the
    answer would take more than bounded time (a pattern built to backtrack: `(a+)+b$`)."""
    if visits is not None:
        if visits.regex is None:
            visits.regex = regex.Allowance()
        allowance = visits.regex
    return regex.search(pattern, text, allowance) is True


# --- validation ----------------------------------------------------------------------------------------------

def is_number(value):
    """Tell whether value is a JSON number (bool is not one)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def json_type(value):
    """Return the JSON Schema type name of a Python JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _has_type(value, kind):
    actual = json_type(value)
    if kind == "number":
        return actual in ("integer", "number")
    if kind == "integer":
        return actual == "integer" or (actual == "number" and float(value).is_integer())
    return actual == kind


def json_equal(a, b):
    """Compare JSON values as JSON Schema does: 1 == 1.0, but true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def json_key(value):
    """Return a hashable form of a JSON value, equal for values json_equal calls equal: a set of them finds a
    duplicate among n items at once, where comparing each with those before took n * n / 2 comparisons."""
    if isinstance(value, bool):
        return "b", value
    if is_number(value):
        return "n", value  # 1 and 1.0 are equal and hash alike
    if isinstance(value, list):
        return "l", tuple(json_key(item) for item in value)
    if isinstance(value, dict):
        return "d", frozenset((key, json_key(item)) for key, item in value.items())
    return type(value), value


def _format_ok(fmt, value):
    try:
        if fmt == "date":
            return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(datetime.date.fromisoformat(value))
        if fmt == "date-time":
            return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value))
        if fmt == "time":
            return bool(re.fullmatch(r"\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value))
        if fmt in ("email", "idn-email"):
            return "@" in value
        if fmt == "ipv4":
            return isinstance(ipaddress.ip_address(value), ipaddress.IPv4Address)
        if fmt == "ipv6":
            return isinstance(ipaddress.ip_address(value), ipaddress.IPv6Address)
        if fmt == "uuid":
            uuid.UUID(value)
            return all(value[i] == "-" for i in (8, 13, 18, 23))
        if fmt in ("uri", "iri"):
            return bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value))
    except (ValueError, IndexError):
        return False
    return True


def is_valid(value, schema, root=None, visits=None):
    """Tell whether value is valid against schema (the keywords this module generates for).

    visits: a generation attempt's budget (_Visits), which raises _Budget when it is spent.
    """
    return _Validator(schema if root is None else root, visits).valid(value, schema, 0)


class _Validator:
    def __init__(self, root, visits=None):
        self.root = root
        self.visits = visits or _Visits()  # oneOf over $refs can fan out exponentially

    def valid(self, value, schema, depth):  # noqa: C901 - one keyword per branch reads best here
        self.visits.visit()
        if schema is True or schema is None:
            return True
        if schema is False:
            return False
        if not isinstance(schema, dict) or depth > 200:
            return True
        if isinstance(schema.get("$ref"), str):
            if not self.valid(value, resolve_ref(self.root, schema["$ref"]), depth + 1):
                return False
        kind = schema.get("type")
        if kind is not None:
            kinds = [kind] if isinstance(kind, str) else list(kind)
            if not any(_has_type(value, k) for k in kinds if isinstance(k, str)):
                return False
        if "const" in schema and not json_equal(value, schema["const"]):
            return False
        if isinstance(schema.get("enum"), list) and not any(json_equal(value, v) for v in schema["enum"]):
            return False
        if is_number(value) and not self._number_ok(value, schema):
            return False
        if isinstance(value, str) and not self._string_ok(value, schema):
            return False
        if isinstance(value, list) and not self._array_ok(value, schema, depth):
            return False
        if isinstance(value, dict) and not self._object_ok(value, schema, depth):
            return False
        for part in schema.get("allOf") or []:
            if not self.valid(value, part, depth + 1):
                return False
        if isinstance(schema.get("anyOf"), list) and not any(self.valid(value, s, depth + 1) for s in schema["anyOf"]):
            return False
        if isinstance(schema.get("oneOf"), list) and \
                sum(1 for s in schema["oneOf"] if self.valid(value, s, depth + 1)) != 1:
            return False
        if "not" in schema and self.valid(value, schema["not"], depth + 1):
            return False
        if "if" in schema:
            branch = schema.get("then") if self.valid(value, schema["if"], depth + 1) else schema.get("else")
            if branch is not None and not self.valid(value, branch, depth + 1):
                return False
        return True

    @staticmethod
    def _number_ok(value, schema):
        minimum, maximum = schema.get("minimum"), schema.get("maximum")
        ex_min, ex_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if is_number(minimum) and (value < minimum or (ex_min is True and value <= minimum)):
            return False
        if is_number(maximum) and (value > maximum or (ex_max is True and value >= maximum)):
            return False
        if is_number(ex_min) and value <= ex_min:
            return False
        if is_number(ex_max) and value >= ex_max:
            return False
        step = schema.get("multipleOf")
        return not (is_number(step) and step > 0 and not _is_multiple(value, step))

    def _string_ok(self, value, schema):
        if is_number(schema.get("minLength")) and len(value) < schema["minLength"]:
            return False
        if is_number(schema.get("maxLength")) and len(value) > schema["maxLength"]:
            return False
        if isinstance(schema.get("pattern"), str) and not _search(schema["pattern"], value, self.visits):
            return False
        return not (isinstance(schema.get("format"), str) and not _format_ok(schema["format"], value))

    def _array_ok(self, value, schema, depth):
        if is_number(schema.get("minItems")) and len(value) < schema["minItems"]:
            return False
        if is_number(schema.get("maxItems")) and len(value) > schema["maxItems"]:
            return False
        if schema.get("uniqueItems") is True and len({json_key(item) for item in value}) < len(value):
            return False
        items = schema.get("items")
        prefix = schema.get("prefixItems") if isinstance(schema.get("prefixItems"), list) else []
        rest = items
        if isinstance(items, list):
            prefix, rest = items, schema.get("additionalItems", True)
        for i, item in enumerate(value):
            sub = prefix[i] if i < len(prefix) else rest
            if sub is not None and not self.valid(item, sub, depth + 1):
                return False
        if "contains" in schema:
            matches = sum(1 for item in value if self.valid(item, schema["contains"], depth + 1))
            if matches < schema.get("minContains", 1):
                return False
            if is_number(schema.get("maxContains")) and matches > schema["maxContains"]:
                return False
        return True

    def _object_ok(self, value, schema, depth):
        if is_number(schema.get("minProperties")) and len(value) < schema["minProperties"]:
            return False
        if is_number(schema.get("maxProperties")) and len(value) > schema["maxProperties"]:
            return False
        if any(r not in value for r in schema.get("required") or [] if isinstance(r, str)):
            return False
        properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        patterns = schema.get("patternProperties") if isinstance(schema.get("patternProperties"), dict) else {}
        additional = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        for key, item in value.items():
            if names is not None and not self.valid(key, names, depth + 1):
                return False
            matched = False
            if key in properties:
                matched = True
                if not self.valid(item, properties[key], depth + 1):
                    return False
            for pattern, sub in patterns.items():
                if _search(pattern, key, self.visits):
                    matched = True
                    if not self.valid(item, sub, depth + 1):
                        return False
            if not matched and not self.valid(item, additional, depth + 1):
                return False
        dependent = schema.get("dependentRequired")
        if isinstance(dependent, dict):
            for key, needed in dependent.items():
                if key in value and any(n not in value for n in needed):
                    return False
        return True
