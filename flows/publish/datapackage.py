"""Frictionless Data Package (v2) descriptor for the published Parquet files.

One tabular resource per Parquet file (Parquet files cannot be concatenated, so a
multi-file table cannot be one multipart resource), each with its Table Schema and
``hash`` (``sha256:<hex>``). Table Schema has no list or struct type, so list and
struct columns are declared ``any`` and their description gives the Arrow type.

``bytes`` is left out on purpose: frictionless reads Parquet through pyarrow, never
sees the byte stream, and would report every declared size as wrong. File sizes are
in ``croissant.json`` and ``manifest.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from flows.publish.meta import DatasetMeta
from flows.publish.tables import TableSpec, arrow_type_name

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"

ANY_NOTE = (
    "Table Schema has no list or struct type: list and struct columns are declared "
    "`any` and keep their Parquet (Arrow) type, given in each field's description."
)


def table_schema_type(data_type: pa.DataType) -> str:
    """The Table Schema field type for an Arrow type (``any`` for lists and structs)."""
    if pa.types.is_string(data_type) or pa.types.is_large_string(data_type):
        return "string"
    if pa.types.is_integer(data_type):
        return "integer"
    if pa.types.is_floating(data_type) or pa.types.is_decimal(data_type):
        return "number"
    if pa.types.is_boolean(data_type):
        return "boolean"
    if pa.types.is_date(data_type):
        return "date"
    if pa.types.is_timestamp(data_type):
        return "datetime"
    if pa.types.is_time(data_type):
        return "time"
    return "any"


def schema_field(arrow_field: pa.Field, description: str) -> dict[str, Any]:
    """A Table Schema field descriptor for one Parquet column."""
    kind = table_schema_type(arrow_field.type)
    text = description
    if kind == "any":
        note = (
            f"Parquet type {arrow_type_name(arrow_field.type)}, declared `any` (no list/struct type in Table Schema)."
        )
        text = f"{description} {note}".strip()
    field: dict[str, Any] = {"name": arrow_field.name, "type": kind}
    if text:
        field["description"] = text
    if not arrow_field.nullable:
        field["constraints"] = {"required": True}
    return field


def table_schema(table: TableSpec) -> dict[str, Any]:
    """The Table Schema of one table (shared by all its files)."""
    schema: dict[str, Any] = {
        "fields": [schema_field(f, table.column_description(f.name)) for f in table.schema],
        "missingValues": [],
    }
    if table.key:
        schema["primaryKey"] = list(table.key)
    return schema


def resource_name(table: str, path: str, taken: set[str]) -> str:
    """A unique Data Package resource name (``[a-z0-9._-]``) for a file of *table*."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".parquet")
    base = re.sub(r"[^a-z0-9._-]+", "-", f"{table}-{stem}".lower()).strip("-")
    name, counter = base, 1
    while name in taken:
        counter += 1
        name = f"{base}-{counter}"
    taken.add(name)
    return name


def _licences(meta: DatasetMeta) -> list[dict[str, str]]:
    """The package ``licenses``: the known licence, or a title-only entry explaining."""
    if meta.licence_url:
        return [{"name": meta.licence_id, "path": meta.licence_url, "title": meta.licence_id}]
    return [{"name": meta.licence_id, "title": meta.licence_note}]


def build_datapackage(
    meta: DatasetMeta,
    tables: Sequence[TableSpec],
    sources: Sequence[str] = (),
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor (a dict) for *tables*."""
    taken: set[str] = set()
    resources: list[dict[str, Any]] = []
    for table in tables:
        schema = table_schema(table)
        for entry in sorted(table.files, key=lambda f: f.path):
            resources.append(
                {
                    "name": resource_name(table.name, entry.path, taken),
                    "type": "table",
                    "path": entry.path,
                    "format": "parquet",
                    "mediatype": PARQUET_MEDIATYPE,
                    "title": f"{table.name}: {entry.path}",
                    "description": f"{table.description} {ANY_NOTE}",
                    "hash": f"sha256:{entry.sha256}",
                    "schema": schema,
                }
            )
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": meta.name,
        "title": meta.pretty_name,
        "description": f"{meta.description}\n\n{ANY_NOTE}",
        "version": meta.version,
        "licenses": _licences(meta),
        "contributors": [{"title": meta.creator, "roles": ["creator"]}],
        "keywords": ["text", "articles", "docmill"],
    }
    if meta.url:
        package["homepage"] = meta.url
    if meta.timestamp:
        package["created"] = meta.timestamp
    if sources:
        package["sources"] = [{"title": name} for name in sources]
    package["resources"] = resources
    return package
