"""Validation of document records against the JSON Schema (draft 2020-12).

jsonschema-rs validates (a compiled validator, much faster than jsonschema); each
error comes back with its JSON path so a quarantined document says exactly what was
wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import jsonschema_rs
import orjson


def to_json_value(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record as JSON data (dates as ISO strings)."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in record.items()}


@lru_cache(maxsize=8)
def _validator(schema_json: bytes) -> Any:
    return jsonschema_rs.validator_for(orjson.loads(schema_json), validate_formats=True)


def schema_errors(record: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """Every way ``record`` breaks ``schema``, as 'path: message' strings (empty when valid)."""
    validator = _validator(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS))
    instance = to_json_value(record)
    errors = []
    for error in validator.iter_errors(instance):
        path = "/".join(str(p) for p in error.instance_path) or "(root)"
        errors.append(f"/{path}: {error.message}" if path != "(root)" else f"{path}: {error.message}")
    return sorted(errors)
