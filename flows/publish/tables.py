"""What the publication builders know about each published table.

A :class:`TableSpec` bundles a table's name, its Arrow schema (as written to
Parquet), its files (path, bytes, sha256, relative to the output folder) and a
description per column. Column descriptions for ``documents`` come from the JSON
Schema (``schemas/document.schema.json``) when the io layer has it; the contract's
wording below is the fallback and covers ``paragraphs`` and ``rejects``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

#: Published tables, in publication order.
TABLES: tuple[str, ...] = ("documents", "paragraphs", "rejects")

TABLE_DESCRIPTIONS: Mapping[str, str] = {
    "documents": "One row per document: cleaned body, structure, metadata and what cleaning removed.",
    "paragraphs": "One row per paragraph of every document, in reading order.",
    "rejects": "Every input or document that was quarantined, with the stage and reason.",
}

#: Primary key columns per table.
TABLE_KEYS: Mapping[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "paragraphs": ("doc_id", "index"),
}

#: Deprecated columns, still written for older readers: (table, column) → (replacement, since).
DEPRECATED: Mapping[tuple[str, str], tuple[str, str]] = {
    ("paragraphs", "section"): ("section_index", "1.1.0"),
}

#: Columns added after 1.0.0: (table, column) → the contract version that added them.
ADDED: Mapping[tuple[str, str], str] = {
    ("paragraphs", "section_index"): "1.1.0",
}

#: Column descriptions from the data contract (fallback when the JSON Schema lacks one).
COLUMN_DESCRIPTIONS: Mapping[str, Mapping[str, str]] = {
    "documents": {
        "doc_id": (
            "Stable id: 32 lowercase hex characters (the first 128 bits of the sha256 of the source file "
            "path and part); the same input gives the same id on every run and machine."
        ),
        "source_file": "Path of the raw file relative to the raw folder, '/'-separated.",
        "part": "0-based position of this document inside its raw file.",
        "title": "Headline; null when the text has none.",
        "subtitle": "Standfirst / lede / deck when marked as such.",
        "authors": "Bylines or signatures, person or organisation names; empty when none.",
        "publisher": "The outlet or organisation that published it.",
        "date_published": "Publication date; null when the text gives none.",
        "url": "Canonical URL when the text gives one.",
        "language": "ISO 639-1 code, e.g. 'en'.",
        "section": "Rubric / category / section label when present.",
        "body": (
            "The cleaned text: paragraphs joined by one blank line, headings as their own paragraphs, no boilerplate."
        ),
        "sections": "The body as structure; heading null for text before the first heading.",
        "word_count": "Words in body.",
        "content_sha256": "sha256 of body (UTF-8).",
        "removed": "Every span that cleaning removed, with the rule that removed it.",
        "source": "Name of the source (catalogue entry) the raw file belongs to.",
        "licence": "Licence of the text as given by the source catalogue, when known.",
        "encoding": "Character encoding the raw file was decoded from.",
        "links": "URLs of the links the text held.",
        "author_bio": "Closing author biography, when the text has one.",
        "duplicate_of": "doc_id of the canonical document when this one is a near-duplicate; null otherwise.",
    },
    "paragraphs": {
        "doc_id": "The document this paragraph belongs to (documents.doc_id).",
        "section": (
            "Deprecated since 1.1 (kept for 1.0 readers): the same number as section_index. Not the "
            "documents.section rubric; drop or rename it before joining the two tables."
        ),
        "index": "0-based position of the paragraph in its document, counted across sections.",
        "heading": "Heading of the section; null for text before the first heading.",
        "text": "The paragraph text.",
        "section_index": "0-based index of the paragraph's section inside the document (documents.sections).",
    },
    "rejects": {
        "source_file": "Path of the raw file relative to the raw folder.",
        "part": "0-based position of the document inside its raw file; null when the whole file was rejected.",
        "stage": "Pipeline stage that quarantined it.",
        "reason": "Why it was quarantined (short code).",
        "detail": "More detail, e.g. the validation error.",
    },
}


@dataclass(frozen=True)
class FileEntry:
    """One published file: path relative to the output folder, size and sha256."""

    path: str
    bytes: int
    sha256: str
    rows: int | None = None  # Parquet rows, when the io layer read them

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> FileEntry:
        """Build from a manifest ``files`` entry (``path``, ``bytes``, ``sha256``)."""
        return cls(path=str(data["path"]), bytes=int(data["bytes"]), sha256=str(data["sha256"]))


@dataclass(frozen=True)
class TableSpec:
    """A published Parquet table: name, Arrow schema, files and column descriptions."""

    name: str
    schema: pa.Schema
    files: Sequence[FileEntry]
    rows: int = 0
    descriptions: Mapping[str, str] = field(default_factory=dict)

    @property
    def description(self) -> str:
        """One sentence about the table."""
        return TABLE_DESCRIPTIONS.get(self.name, f"The {self.name} table.")

    @property
    def key(self) -> tuple[str, ...]:
        """Primary key columns present in the schema (empty when the table has none)."""
        key = TABLE_KEYS.get(self.name, ())
        return key if all(name in self.schema.names for name in key) else ()

    @property
    def glob(self) -> str:
        """Glob pattern of the table's Parquet files, relative to the output folder."""
        return f"{self.name}/*.parquet"

    def column_description(self, column: str) -> str:
        """Description of *column*: JSON Schema first, then the contract, else empty."""
        return self.descriptions.get(column) or COLUMN_DESCRIPTIONS.get(self.name, {}).get(column, "")


def schema_descriptions(json_schema: Mapping[str, Any] | None) -> dict[str, str]:
    """Column descriptions from a JSON Schema's top-level ``properties``."""
    if not json_schema:
        return {}
    properties = json_schema.get("properties") or {}
    return {
        name: str(spec.get("description", "")).strip()
        for name, spec in properties.items()
        if isinstance(spec, Mapping) and spec.get("description")
    }


def arrow_type_name(data_type: pa.DataType) -> str:
    """Readable Arrow type, e.g. ``list<struct<heading: string, paragraphs: list<string>>>``."""
    if pa.types.is_list(data_type) or pa.types.is_large_list(data_type):
        return f"list<{arrow_type_name(data_type.value_type)}>"
    if pa.types.is_struct(data_type):
        inner = ", ".join(
            f"{data_type.field(i).name}: {arrow_type_name(data_type.field(i).type)}"
            for i in range(data_type.num_fields)
        )
        return f"struct<{inner}>"
    if pa.types.is_large_string(data_type):
        return "string"
    if pa.types.is_date32(data_type):
        return "date32"
    return str(data_type)
