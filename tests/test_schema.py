"""The JSON Schema is valid draft 2020-12 and agrees with the Arrow schema."""

from __future__ import annotations

import jsonschema
import pyarrow as pa

from flows.clean.export import DOCUMENT_SCHEMA
from flows.store.config import load_schema

ARROW_TO_JSON = {"string": "string", "int32": "integer", "date32[day]": "string"}


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_property_is_described() -> None:
    for name, prop in load_schema()["properties"].items():
        assert prop.get("description"), name


def test_arrow_and_json_schema_agree() -> None:
    schema = load_schema()
    assert set(schema["properties"]) == set(DOCUMENT_SCHEMA.names)
    assert set(schema["required"]) == set(DOCUMENT_SCHEMA.names)
    for field in DOCUMENT_SCHEMA:
        prop = schema["properties"][field.name]
        types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
        assert ("null" in types) == field.nullable, field.name
        if pa.types.is_list(field.type):
            assert "array" in types, field.name
            if pa.types.is_struct(field.type.value_type):
                assert set(prop["items"]["properties"]) == {f.name for f in field.type.value_type}, field.name
        else:
            assert ARROW_TO_JSON[str(field.type)] in types, field.name
