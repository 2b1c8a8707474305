"""Records to Arrow tables and JSON-LD nodes (pure; the io layer writes them).

The Arrow schemas are explicit and are the Parquet contract; ``tests`` check that they
agree with ``schemas/document.schema.json`` field by field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
import pyarrow as pa

SECTION_TYPE = pa.struct([("heading", pa.string()), ("paragraphs", pa.list_(pa.string()))])
REMOVED_TYPE = pa.struct([("rule", pa.string()), ("text", pa.string())])

DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string(), False),
        ("source_file", pa.string(), False),
        ("part", pa.int32(), False),
        ("title", pa.string()),
        ("subtitle", pa.string()),
        ("authors", pa.list_(pa.string()), False),
        ("publisher", pa.string()),
        ("date_published", pa.date32()),
        ("url", pa.string()),
        ("language", pa.string(), False),
        ("section", pa.string()),
        ("body", pa.string(), False),
        ("sections", pa.list_(SECTION_TYPE), False),
        ("word_count", pa.int32(), False),
        ("content_sha256", pa.string(), False),
        ("removed", pa.list_(REMOVED_TYPE), False),
        ("source", pa.string(), False),
        ("licence", pa.string()),
        ("encoding", pa.string(), False),
        ("links", pa.list_(pa.string()), False),
        ("author_bio", pa.string()),
        ("duplicate_of", pa.string()),
        ("replaced_chars", pa.int32(), False),
    ],
    metadata={"docmill.schema": "document", "docmill.schema_version": "1.1.0"},
)

PARAGRAPH_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string(), False),
        ("section", pa.int32(), False),
        ("index", pa.int32(), False),
        ("heading", pa.string()),
        ("text", pa.string(), False),
        ("section_index", pa.int32(), False),  # since 1.1.0; ``section`` is its deprecated name
    ],
    metadata={"docmill.schema": "paragraph", "docmill.schema_version": "1.1.0"},
)

REJECT_SCHEMA = pa.schema(
    [
        ("source_file", pa.string(), False),
        ("part", pa.int32()),
        ("stage", pa.string(), False),
        ("reason", pa.string(), False),
        ("detail", pa.string()),
    ],
    metadata={"docmill.schema": "reject", "docmill.schema_version": "1.1.0"},
)


def documents_table(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Document records → an Arrow table with ``DOCUMENT_SCHEMA``."""
    return pa.Table.from_pylist([dict(r) for r in records], schema=DOCUMENT_SCHEMA)


def paragraphs_table(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    """One row per paragraph of every document (headings are not paragraphs here).

    ``section_index`` is the 0-based section of the document; ``section`` holds the same
    number under its 1.0 name (deprecated: ``documents.section`` is the rubric string).
    ``index`` counts paragraphs across the whole document.
    """
    rows = []
    for record in records:
        index = 0
        for number, section in enumerate(record["sections"]):
            for text in section["paragraphs"]:
                rows.append({"doc_id": record["doc_id"], "section": number, "index": index,
                             "heading": section["heading"], "text": text, "section_index": number})
                index += 1
    return pa.Table.from_pylist(rows, schema=PARAGRAPH_SCHEMA)


def rejects_table(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist([dict(r) for r in records], schema=REJECT_SCHEMA)


JSONLD_CONTEXT: dict[str, Any] = {
    "@vocab": "https://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "datePublished": {"@type": "xsd:date"},
}


def jsonld_node(record: Mapping[str, Any], organisation: Any = None) -> dict[str, Any]:
    """One schema.org ``Article`` node for a document record.

    ``organisation`` is a predicate telling organisation names from person names.
    """
    node: dict[str, Any] = {
        "@type": "Article",
        "@id": f"urn:docmill:{record['doc_id']}",
        "identifier": record["doc_id"],
        "headline": record["title"],
        "alternativeHeadline": record["subtitle"],
        "author": [
            {"@type": "Organization" if organisation and organisation(name) else "Person", "name": name}
            for name in record["authors"]
        ],
        "publisher": {"@type": "Organization", "name": record["publisher"]} if record["publisher"] else None,
        "datePublished": _iso(record["date_published"]),
        "url": record["url"],
        "inLanguage": record["language"],
        "articleSection": record["section"],
        "articleBody": record["body"],
        "wordCount": record["word_count"],
        "license": record.get("licence"),
        "isBasedOn": {"@type": "CreativeWork", "name": record["source_file"],
                      "identifier": f"{record['source']}:{record['source_file']}#{record['part']}"},
        "sameAs": f"urn:docmill:{record['duplicate_of']}" if record.get("duplicate_of") else None,
    }
    return {k: v for k, v in node.items() if v is not None and v != []}


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def jsonld_document(nodes: Iterable[Mapping[str, Any]]) -> bytes:
    """A JSON-LD file: an inline ``@context`` (expands offline) and a ``@graph`` of nodes."""
    return orjson.dumps(
        {"@context": JSONLD_CONTEXT, "@graph": list(nodes)},
        option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS,
    ) + b"\n"
