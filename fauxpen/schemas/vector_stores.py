"""The Vector Stores API's request bodies: a store (create, modify), a file, a file batch, a search.

Types and bounds are the API reference's; refusals follow the API's usual wording (no vector-store refusal of a
body was found recorded).
"""
from marshmallow import ValidationError, validates_schema

from . import fields as f
from .chat import Metadata

MAX_FILES = 500  # file_ids of a store or a batch
MAX_RESULTS = 50


class Strings(f.Strict):
    """An array of strings, of at most maximum items."""

    expected = "an array"
    types = (list,)

    def __init__(self, maximum=MAX_FILES, **kwargs):
        super().__init__(**kwargs)
        self.maximum = maximum

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if len(value) > self.maximum:
            raise ValidationError(f.Problem(
                f"Invalid '{{param}}': array too long. Expected an array with maximum length {self.maximum}, but got "
                f"an array with length {len(value)} instead.", code="array_above_max_length"))
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise ValidationError({index: [f.invalid_type("a string", item)]})
        return value


class Attributes(f.Object):
    """Up to 16 pairs: keys of up to 64 characters, values strings (up to 512), numbers or booleans."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if len(value) > 16:
            raise ValidationError(f.Problem(
                "Invalid '{param}': too many properties. Expected an object with at most 16 properties, but got "
                f"an object with {len(value)} properties instead.", code="object_above_max_properties"))
        for key, item in value.items():
            if len(key) > 64:
                raise ValidationError({key: [f.Problem(
                    f"Invalid property name in 'attributes': '{f.literal(key[:3])}...{f.literal(key[-3:])}' is too "
                    f"long. Expected a string with maximum length 64, but got a string with length {len(key)} "
                    "instead.", code="property_name_above_max_length")]})
            if not isinstance(item, (str, int, float)):
                raise ValidationError({key: [f.invalid_type("one of a string, number, or boolean", item)]})
            if isinstance(item, str) and len(item) > 512:
                raise ValidationError({key: [f.Problem(
                    "Invalid '{param}': string too long. Expected a string with maximum length 512, but got a "
                    f"string with length {len(item)} instead.", code="string_above_max_length")]})
        return value


class StaticChunking(f.Body):
    max_chunk_size_tokens = f.Integer(minimum=100, maximum=4096, required=True)
    chunk_overlap_tokens = f.Integer(minimum=0, required=True)

    @validates_schema
    def overlap_at_most_half(self, data, **kwargs):
        size, overlap = data.get("max_chunk_size_tokens"), data.get("chunk_overlap_tokens")
        if size is not None and overlap is not None and overlap > size // 2:
            raise ValidationError({"chunk_overlap_tokens": [f.Problem(
                f"Invalid '{{param}}': chunk_overlap_tokens must not exceed half of max_chunk_size_tokens. Expected "
                f"a value <= {size // 2}, but got {overlap} instead.", code="invalid_value")]})


class ChunkingStrategy(f.Body):
    type = f.Enum(["auto", "static"], required=True)
    static = f.NestedObject(StaticChunking)

    @validates_schema
    def static_when_static(self, data, **kwargs):
        if data.get("type") == "static" and "static" not in data:
            raise ValidationError({"static": ["Missing data for required field."]})
        if data.get("type") == "auto" and "static" in data:
            raise ValidationError({"static": [f.Problem("Unknown parameter: '{param}'.", code="unknown_parameter")]})


class ExpiresAfter(f.Body):
    anchor = f.Enum(["last_active_at"], required=True)
    days = f.Integer(minimum=1, maximum=365, required=True)


class StoreRequest(f.Body):
    """POST /v1/vector_stores."""

    name = f.String(allow_none=True)
    description = f.String(allow_none=True)
    file_ids = Strings(allow_none=True)
    expires_after = f.NestedObject(ExpiresAfter, allow_none=True)
    chunking_strategy = f.NestedObject(ChunkingStrategy, allow_none=True)
    metadata = Metadata(allow_none=True)


class StoreUpdate(f.Body):
    """POST /v1/vector_stores/{id}."""

    name = f.String(allow_none=True)
    expires_after = f.NestedObject(ExpiresAfter, allow_none=True)
    metadata = Metadata(allow_none=True)


class FileRequest(f.Body):
    """POST /v1/vector_stores/{id}/files, and each of a batch's `files`."""

    file_id = f.String(required=True)
    attributes = Attributes(allow_none=True)
    chunking_strategy = f.NestedObject(ChunkingStrategy, allow_none=True)


class FileUpdate(f.Body):
    """POST /v1/vector_stores/{id}/files/{file_id}."""

    attributes = Attributes(required=True, allow_none=True)


class BatchFiles(f.Strict):
    """A batch's `files`: an array of file requests."""

    expected = "an array"
    types = (list,)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if len(value) > MAX_FILES:
            raise ValidationError(f.Problem(
                f"Invalid '{{param}}': array too long. Expected an array with maximum length {MAX_FILES}, but got an "
                f"array with length {len(value)} instead.", code="array_above_max_length"))
        loaded = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise ValidationError({index: [f.invalid_type("an object", item)]})
            try:
                loaded.append(file_request.load(item))
            except ValidationError as exc:
                raise ValidationError({index: exc.messages}) from None
        return loaded


class BatchRequest(f.Body):
    """POST /v1/vector_stores/{id}/file_batches: file_ids or files, not both."""

    file_ids = Strings(allow_none=True)
    files = BatchFiles(allow_none=True)
    attributes = Attributes(allow_none=True)
    chunking_strategy = f.NestedObject(ChunkingStrategy, allow_none=True)

    @validates_schema
    def one_of_file_ids_or_files(self, data, **kwargs):
        if data.get("file_ids") is not None and data.get("files") is not None:
            raise ValidationError({"files": [f.Problem(
                "Mutually exclusive parameters: 'file_ids' and 'files'. Ensure you are only providing one of: "
                "'file_ids' or 'files'.", code="mutually_exclusive_parameters", param=None)]})
        if data.get("file_ids") is None and data.get("files") is None:
            raise ValidationError({"file_ids": ["Missing data for required field."]})


class Filter(f.Object):
    """A search filter: a comparison ({type, key, value}) or a compound ({type: and/or, filters})."""

    COMPARISONS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"]

    def _deserialize(self, value, attr, data, **kwargs):
        return self.check(super()._deserialize(value, attr, data, **kwargs))

    def check(self, value):
        kind = value.get("type")
        if kind is None:
            raise ValidationError({"type": ["Missing data for required field."]})
        if not isinstance(kind, str):
            raise ValidationError({"type": [f.invalid_type("a string", kind)]})
        if kind in ("and", "or"):
            self._keys(value, ("type", "filters"))
            filters = value.get("filters")
            if not isinstance(filters, list):
                raise ValidationError({"filters": [f.invalid_type("an array", filters)]})
            for index, inner in enumerate(filters):
                if not isinstance(inner, dict):
                    raise ValidationError({"filters": {index: [f.invalid_type("an object", inner)]}})
                try:
                    self.check(inner)
                except ValidationError as exc:
                    raise ValidationError({"filters": {index: exc.messages}}) from None
            return value
        if kind not in self.COMPARISONS:
            raise ValidationError({"type": [f.Problem(
                f"Invalid value: '{f.literal(kind)}'. Supported values are: "
                f"{f.supported_values(self.COMPARISONS + ['and', 'or'])}.", code="invalid_value")]})
        self._keys(value, ("type", "key", "value"))
        if not isinstance(value.get("key"), str):
            raise ValidationError({"key": [f.invalid_type("a string", value.get("key"))]})
        wanted, scalar = value.get("value"), "one of a string, number, or boolean"
        if kind in ("in", "nin"):
            if not isinstance(wanted, list):
                raise ValidationError({"value": [f.invalid_type("an array", wanted)]})
            for index, item in enumerate(wanted):
                if not isinstance(item, (str, int, float)):
                    raise ValidationError({"value": {index: [f.invalid_type(scalar, item)]}})
        elif not isinstance(wanted, (str, int, float)):
            raise ValidationError({"value": [f.invalid_type(scalar, wanted)]})
        return value

    @staticmethod
    def _keys(value, names):
        for name in names:
            if name not in value:
                raise ValidationError({name: ["Missing data for required field."]})
        for key in value:
            if key not in names:
                raise ValidationError({key: [f.Problem("Unknown parameter: '{param}'.",
                                                       code="unknown_parameter")]})


class RankingOptions(f.Body):
    ranker = f.Enum(["none", "auto", "default-2024-11-15"])
    score_threshold = f.Decimal(minimum=0, maximum=1)


class SearchRequest(f.Body):
    """POST /v1/vector_stores/{id}/search. A null in any of its settings is as if it were left out: litellm sends
    all four null in every search it makes of the API's stores (its wire test of 2026), and has since July 2025."""

    query = f.Strict(types=(str, list), expected="one of a string or array", required=True)
    filters = Filter(allow_none=True)
    max_num_results = f.Integer(minimum=1, maximum=MAX_RESULTS, null=f.LEFT_OUT)
    ranking_options = f.NestedObject(RankingOptions, allow_none=True)
    rewrite_query = f.Boolean(null=f.LEFT_OUT)

    @validates_schema
    def query_of_strings(self, data, **kwargs):
        query = data.get("query")
        if isinstance(query, list):
            for index, item in enumerate(query):
                if not isinstance(item, str):
                    raise ValidationError({"query": {index: [f.invalid_type("a string", item)]}})


store_request, store_update = StoreRequest(), StoreUpdate()
file_request, file_update = FileRequest(), FileUpdate()
batch_request, search_request = BatchRequest(), SearchRequest()
