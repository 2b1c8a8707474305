"""Frictionless Data Package (v2) descriptor for the published Parquet files.

One tabular resource per table (``documents``, ``paragraphs``, ``rejects``) whose
``path`` lists every Parquet file of the table (a multipart resource), with the
table's Table Schema. Table Schema has no list or struct type, so list and struct
columns are declared ``any`` and their description gives the Arrow type.

A part file's integrity is in the resource's ``docmill:files`` list (path, bytes,
``sha256:<hex>``), not in ``hash``/``bytes``: the standard properties describe the
resource as one byte stream (the parts concatenated), which Parquet files are not.
frictionless reads a Parquet resource through pyarrow from its first path, so
``frictionless validate`` checks the schema against the first part of each table;
every part shares that schema (one Arrow schema per table, checked by
``docmill validate``), and the per-part row counts are in ``docmill:files`` too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from flows.publish.meta import DatasetMeta
from flows.publish.tables import FileEntry, TableSpec, arrow_type_name

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


def resource_name(table: str) -> str:
    """The Data Package resource name (``[a-z0-9._-]``) of *table*."""
    return re.sub(r"[^a-z0-9._-]+", "-", table.lower()).strip("-") or "table"


def _part(entry: FileEntry) -> dict[str, Any]:
    """One part file of a resource: path, bytes, hash and rows (when known)."""
    part: dict[str, Any] = {"path": entry.path, "bytes": entry.bytes, "hash": f"sha256:{entry.sha256}"}
    if entry.rows is not None:
        part["rows"] = entry.rows
    return part


def resource(table: TableSpec) -> dict[str, Any]:
    """One tabular resource for all the Parquet files of *table*."""
    files = sorted(table.files, key=lambda f: f.path)
    return {
        "name": resource_name(table.name),
        "type": "table",
        "path": [entry.path for entry in files],
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "title": table.name,
        "description": f"{table.description} {len(files):,} Parquet file(s), {table.rows:,} rows. {ANY_NOTE}",
        "docmill:files": [_part(entry) for entry in files],
        "schema": table_schema(table),
    }


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
    resources = [resource(table) for table in tables if table.files]
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
