"""Croissant 1.1 (MLCommons) metadata for the published Parquet tables.

The description has:

* one ``cr:FileObject`` per Parquet file (relative ``contentUrl``, ``sha256``,
  ``contentSize``) so every file's integrity can be checked;
* one ``cr:FileSet`` per table (``includes: "<table>/*.parquet"``) that the record
  sets read from, so a table split into many files is still one record set;
* one ``cr:RecordSet`` per table with a ``cr:Field`` per column: list columns are
  ``isArray: true`` (and ``repeated: true`` for Croissant 1.0 readers), struct
  columns and lists of structs carry ``subField``\\ s read with a ``jsonPath``;
* dataset-level licence, version, ``citeAs``, creator, ``datePublished`` and
  PROV-O provenance (``prov:wasGeneratedBy`` the docmill run,
  ``prov:wasDerivedFrom`` the raw sources).

The ``@context`` is inline, so the file expands offline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from flows.publish.meta import DatasetMeta
from flows.publish.tables import TableSpec, arrow_type_name

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
PARQUET = "application/x-parquet"

#: The Croissant 1.1 JSON-LD context (as written by mlcroissant) plus PROV-O.
CONTEXT: Mapping[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "annotation": "cr:annotation",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "excludes": "cr:excludes",
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "prov": "http://www.w3.org/ns/prov#",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "sdVersion": "cr:sdVersion",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

KEYWORDS: tuple[str, ...] = ("text", "articles", "news", "web scraping", "boilerplate removal", "docmill")


def _is_list(data_type: pa.DataType) -> bool:
    return pa.types.is_list(data_type) or pa.types.is_large_list(data_type)


def croissant_data_type(data_type: pa.DataType) -> str:
    """The Croissant ``dataType`` of a scalar Arrow type.

    Raises ValueError for types without a Croissant equivalent (lists and structs are
    handled by :func:`croissant_field`).
    """
    checks: Sequence[tuple[Any, str]] = (
        (pa.types.is_string, "sc:Text"),
        (pa.types.is_large_string, "sc:Text"),
        (pa.types.is_boolean, "sc:Boolean"),
        (pa.types.is_date, "sc:Date"),
        (pa.types.is_timestamp, "sc:DateTime"),
    )
    for check, name in checks:
        if check(data_type):
            return name
    if pa.types.is_integer(data_type):
        bits = data_type.bit_width
        return f"cr:{'UInt' if pa.types.is_unsigned_integer(data_type) else 'Int'}{bits}"
    if pa.types.is_floating(data_type):
        return f"cr:Float{data_type.bit_width}"
    raise ValueError(f"no Croissant dataType for Arrow type {data_type}")


def _source(file_set: str, column: str, json_path: str | None = None) -> dict[str, Any]:
    """A field ``source``: a column of the table's FileSet, optionally a jsonPath into it."""
    source: dict[str, Any] = {"fileSet": {"@id": file_set}, "extract": {"column": column}}
    if json_path is not None:
        source["transform"] = {"jsonPath": json_path}
    return source


def croissant_field(
    field_id: str,
    arrow_field: pa.Field,
    file_set: str,
    column: str,
    description: str,
    json_path: str | None = None,
) -> dict[str, Any]:
    """A ``cr:Field`` for an Arrow field, recursing into structs as ``subField``.

    *json_path* is set for sub-fields: the value is read from the top-level *column*
    and the sub-field picked by name (for a list of structs, from every element).
    """
    data_type = arrow_field.type
    node: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": arrow_field.name}
    if description:
        node["description"] = description
    is_array = _is_list(data_type)
    inner = data_type.value_type if is_array else data_type
    if is_array:
        node["isArray"] = True
        node["repeated"] = True
    if pa.types.is_struct(inner):
        node["description"] = (description + " " if description else "") + (f"Arrow type {arrow_type_name(data_type)}.")
        node["subField"] = [
            croissant_field(
                f"{field_id}/{inner.field(i).name}",
                inner.field(i),
                file_set,
                column,
                "",
                json_path=(f"{json_path}.{inner.field(i).name}" if json_path else inner.field(i).name),
            )
            for i in range(inner.num_fields)
        ]
        return node
    if _is_list(inner):
        raise ValueError(f"nested lists are not supported in Croissant fields: {arrow_field}")
    node["dataType"] = croissant_data_type(inner)
    node["source"] = _source(file_set, column, json_path)
    return node


def file_set_id(table: TableSpec) -> str:
    """The ``@id`` of a table's FileSet."""
    return f"{table.name}-parquet"


def distribution(tables: Sequence[TableSpec]) -> list[dict[str, Any]]:
    """FileObjects (one per Parquet file, with sha256) and FileSets (one per table)."""
    nodes: list[dict[str, Any]] = []
    for table in tables:
        for entry in sorted(table.files, key=lambda f: f.path):
            nodes.append(
                {
                    "@type": "cr:FileObject",
                    "@id": entry.path,
                    "name": entry.path,
                    "description": f"Part of the {table.name} table.",
                    "contentUrl": entry.path,
                    "contentSize": f"{entry.bytes} B",
                    "encodingFormat": PARQUET,
                    "sha256": entry.sha256,
                }
            )
        nodes.append(
            {
                "@type": "cr:FileSet",
                "@id": file_set_id(table),
                "name": file_set_id(table),
                "description": f"All Parquet files of the {table.name} table ({len(table.files)} files).",
                "encodingFormat": PARQUET,
                "includes": table.glob,
            }
        )
    return nodes


def record_set(table: TableSpec) -> dict[str, Any]:
    """The ``cr:RecordSet`` of one table: a field per column."""
    fields = [
        croissant_field(
            f"{table.name}/{arrow_field.name}",
            arrow_field,
            file_set_id(table),
            arrow_field.name,
            table.column_description(arrow_field.name),
        )
        for arrow_field in table.schema
    ]
    node: dict[str, Any] = {
        "@type": "cr:RecordSet",
        "@id": table.name,
        "name": table.name,
        "description": f"{table.description} {table.rows} records.",
    }
    if table.key:
        keys = [{"@id": f"{table.name}/{name}"} for name in table.key]
        node["key"] = keys[0] if len(keys) == 1 else keys
    node["field"] = fields
    return node


def _licence(meta: DatasetMeta) -> Any:
    """``license``: a licence URL when one is known, else a CreativeWork explaining."""
    if meta.licence_url:
        return meta.licence_url
    return {"@type": "sc:CreativeWork", "name": f"Licence: {meta.licence_id}", "description": meta.licence_note}


def provenance(meta: DatasetMeta, sources: Sequence[str]) -> dict[str, Any]:
    """PROV-O properties: generated by the docmill run, derived from the raw sources."""
    activity: dict[str, Any] = {
        "@type": "prov:Activity",
        "prov:label": f"docmill run {meta.run_id}".strip(),
        "prov:wasAssociatedWith": {
            "@type": "prov:SoftwareAgent",
            "prov:label": f"docmill {meta.docmill_version}".strip(),
        },
    }
    if meta.timestamp:
        activity["prov:endedAtTime"] = {
            "@value": meta.timestamp,
            "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
        }
    derived = [{"@type": "prov:Entity", "prov:label": f"raw scraped texts from source '{name}'"} for name in sources]
    result: dict[str, Any] = {"prov:wasGeneratedBy": activity}
    if derived:
        result["prov:wasDerivedFrom"] = derived
    return result


def build_croissant(
    meta: DatasetMeta,
    tables: Sequence[TableSpec],
    sources: Sequence[str] = (),
) -> dict[str, Any]:
    """The Croissant JSON-LD document (a dict) for *tables*.

    *sources* are the names of the raw sources the documents came from (for
    provenance). The result is deterministic: same arguments, same dict.
    """
    doc: dict[str, Any] = {
        "@context": dict(CONTEXT),
        "@type": "sc:Dataset",
        "name": meta.name,
        "alternateName": meta.pretty_name,
        "description": meta.description,
        "conformsTo": CONFORMS_TO,
        "citeAs": meta.citation,
        "creator": {"@type": "sc:Organization", "name": meta.creator},
        "license": _licence(meta),
        "version": meta.version,
        "keywords": list(KEYWORDS),
    }
    if meta.url:
        doc["url"] = meta.url
    if meta.date_published:
        doc["datePublished"] = meta.date_published
    if meta.languages:
        doc["inLanguage"] = list(meta.languages)
    if meta.run_id:
        doc["identifier"] = meta.run_id
    doc.update(provenance(meta, sources))
    doc["distribution"] = distribution(tables)
    doc["recordSet"] = [record_set(table) for table in tables]
    return doc
