"""The dataset card: ``README.md`` with a Hugging Face YAML header.

The header has ``pretty_name``, ``license``, ``language``, ``size_categories`` and
``configs`` (``documents`` and ``paragraphs``, each pointing at its Parquet files),
so ``datasets.load_dataset(<folder>, "documents")`` works on the output folder.
The body has the sections Sources, Cleaning, Fields (generated from the document
JSON Schema), Known limitations, Files and Citation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from flows.publish.meta import DatasetMeta
from flows.publish.tables import DEPRECATED, TableSpec, arrow_type_name

#: Hugging Face size categories: (upper bound exclusive, label).
SIZE_CATEGORIES: tuple[tuple[float, str], ...] = (
    (1e3, "n<1K"),
    (1e4, "1K<n<10K"),
    (1e5, "10K<n<100K"),
    (1e6, "100K<n<1M"),
    (1e7, "1M<n<10M"),
    (1e8, "10M<n<100M"),
    (1e9, "100M<n<1B"),
    (1e10, "1B<n<10B"),
    (1e11, "10B<n<100B"),
    (1e12, "100B<n<1T"),
)

#: Tables published as Hugging Face configs (the first is the default).
CONFIG_TABLES: tuple[str, ...] = ("documents", "paragraphs")


def size_category(rows: int) -> str:
    """The Hugging Face ``size_categories`` label for *rows* records."""
    for bound, label in SIZE_CATEGORIES:
        if rows < bound:
            return label
    return "n>1T"


# ---------------------------------------------------------------------- YAML header
def to_yaml(value: Mapping[str, Any]) -> str:
    """The YAML text of the card header, written by PyYAML (``safe_dump``, keys in order)."""
    text = yaml.safe_dump(dict(value), sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return str(text)


def card_header(meta: DatasetMeta, documents: int, tables: Sequence[TableSpec]) -> dict[str, Any]:
    """The Hugging Face card metadata (YAML front matter) as a dict."""
    header: dict[str, Any] = {"pretty_name": meta.pretty_name, "license": meta.licence_id}
    if meta.licence_id == "other":
        header["license_name"] = "per-document"
        header["license_link"] = "README.md#sources"
    if meta.languages:
        header["language"] = list(meta.languages)
    header["size_categories"] = [size_category(documents)]
    header["tags"] = ["docmill", "web-scraping", "news"]
    published = {table.name for table in tables if table.files}
    configs: list[dict[str, Any]] = []
    for name in CONFIG_TABLES:
        if name not in published:
            continue
        config: dict[str, Any] = {
            "config_name": name,
            "data_files": [{"split": "train", "path": f"{name}/*.parquet"}],
        }
        if not configs:
            config["default"] = True
        configs.append(config)
    header["configs"] = configs
    return header


# ---------------------------------------------------------------------- markdown helpers
def md_escape(text: Any) -> str:
    """Make *text* safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], align: str = "") -> list[str]:
    """A GitHub-flavoured Markdown table; *align* is one char per column ('l' or 'r')."""
    marks = [("---:" if (align[i : i + 1] == "r") else "---") for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in rows]
    return lines


def fmt_int(value: Any) -> str:
    """Integer with thousands separators ('—' for None)."""
    return "—" if value is None else f"{int(value):,}"


def plural(count: int, one: str, many: str) -> str:
    """``"1 document"`` / ``"3 documents"`` with thousands separators."""
    return f"{fmt_int(count)} {one if count == 1 else many}"


def fmt_share(value: float) -> str:
    """A 0..1 share as a percentage with one decimal."""
    return f"{value * 100:.1f}%"


# ---------------------------------------------------------------------- fields from JSON Schema
def json_schema_type(spec: Mapping[str, Any]) -> str:
    """Readable type of a JSON Schema property, e.g. ``array of string``, ``string (date) or null``."""
    if "anyOf" in spec or "oneOf" in spec:
        options = spec.get("anyOf") or spec.get("oneOf") or []
        return " or ".join(json_schema_type(option) for option in options if isinstance(option, Mapping))
    kinds = spec.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    parts = []
    for kind in kinds:
        if kind == "array":
            items = spec.get("items")
            parts.append("array of " + (json_schema_type(items) if isinstance(items, Mapping) else "any"))
        elif kind == "object" and isinstance(spec.get("properties"), Mapping):
            inner = ", ".join(
                f"{name}: {json_schema_type(sub)}"
                for name, sub in spec["properties"].items()
                if isinstance(sub, Mapping)
            )
            parts.append(f"object {{{inner}}}")
        elif kind == "string" and spec.get("format"):
            parts.append(f"string ({spec['format']})")
        else:
            parts.append(str(kind))
    return " or ".join(parts)


def json_schema_nullable(spec: Mapping[str, Any]) -> bool:
    """Whether a JSON Schema property allows null."""
    kinds = spec.get("type")
    if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    options = spec.get("anyOf") or spec.get("oneOf") or []
    return any(isinstance(option, Mapping) and json_schema_nullable(option) for option in options)


def schema_fields(json_schema: Mapping[str, Any], arrow: TableSpec | None) -> list[list[str]]:
    """Rows (column, Parquet type, JSON Schema type, nullable, description) for the Fields table."""
    properties: Mapping[str, Any] = json_schema.get("properties") or {}
    arrow_types = {f.name: arrow_type_name(f.type) for f in arrow.schema} if arrow else {}
    rows = []
    for name, spec in properties.items():
        if not isinstance(spec, Mapping):
            continue
        rows.append(
            [
                f"`{name}`",
                f"`{arrow_types[name]}`" if name in arrow_types else "(not written)",
                json_schema_type(spec),
                "yes" if json_schema_nullable(spec) else "no",
                str(spec.get("description", "")).strip(),
            ]
        )
    for name, type_name in arrow_types.items():
        if name not in properties:
            description = arrow.column_description(name) if arrow else ""
            rows.append([f"`{name}`", f"`{type_name}`", "(not in schema)", "", description])
    return rows


def arrow_fields(table: TableSpec) -> list[list[str]]:
    """Rows (column, Parquet type, description) for a table without a JSON Schema."""
    return [[f"`{f.name}`", f"`{arrow_type_name(f.type)}`", table.column_description(f.name)] for f in table.schema]


# ---------------------------------------------------------------------- sections
def _sources_section(stats: Mapping[str, Any], meta: DatasetMeta) -> list[str]:
    rows = [
        [s["source"], fmt_int(s["documents"]), fmt_int(s["words"]), ", ".join(s["licences"])]
        for s in stats.get("sources", [])
    ]
    lines = [
        "## Sources",
        "",
        "The documents come from raw scraped texts (HTML, Markdown or plain text) grouped "
        "into sources by the catalogue; each row keeps the raw file it came from in "
        "`source_file` and the catalogue name in `source`.",
        "",
    ]
    lines += md_table(["source", "documents", "words", "licence"], rows, "lrrl") if rows else ["No documents."]
    date_range = stats.get("date_range")
    if date_range:
        lines += [
            "",
            f"Publication dates range from {date_range['min']} to {date_range['max']}; "
            f"{plural(stats.get('undated', 0), 'document has', 'documents have')} no date.",
        ]
    lines += ["", f"**Licence.** {meta.licence_note}", ""]
    return lines


def _cleaning_section(stats: Mapping[str, Any], rule_info: Mapping[str, Mapping[str, Any]]) -> list[str]:
    lines = [
        "## Cleaning",
        "",
        "Each raw file is decoded (encoding detected, mojibake repaired), stripped of markup, "
        "split into documents, cleaned of boilerplate by the rules in `flows/rules/boilerplate.toml`, "
        "and its metadata extracted. Every span a rule removed is kept in the document's "
        "`removed` column with the rule's name, so cleaning can be audited and undone. "
        "Documents that fail validation are quarantined in `rejects`, never dropped silently; "
        "near-duplicates are kept and flagged in `duplicate_of`.",
        "",
        f"This run produced {fmt_int(stats.get('documents', 0))} documents, "
        f"{fmt_int(stats.get('paragraphs', 0))} paragraphs and {fmt_int(stats.get('words', 0))} words; "
        f"{plural(stats.get('rejects', 0), 'input or document was', 'inputs or documents were')} quarantined "
        f"and {plural(stats.get('duplicates', {}).get('count', 0), 'document', 'documents')} flagged as duplicates.",
        "",
    ]
    rules = stats.get("rules", [])
    if rules:
        rows = [
            [
                f"`{r['rule']}`",
                str(rule_info.get(r["rule"], {}).get("description", "")),
                fmt_int(r["removals"]),
                fmt_int(r["characters"]),
                fmt_int(r["documents"]),
            ]
            for r in rules
        ]
        lines += ["What each boilerplate rule removed, most frequent first:", ""]
        lines += md_table(["rule", "what it removes", "removals", "characters", "documents"], rows, "llrrr")
        lines.append("")
    reasons = stats.get("reject_reasons", [])
    if reasons:
        lines += ["Quarantine reasons:", ""]
        lines += md_table(
            ["stage", "reason", "count"], [[r["stage"], r["reason"], fmt_int(r["count"])] for r in reasons], "llr"
        )
        lines.append("")
    return lines


def _fields_section(json_schema: Mapping[str, Any] | None, tables: Sequence[TableSpec]) -> list[str]:
    by_name = {table.name: table for table in tables}
    lines = ["## Fields", ""]
    documents = by_name.get("documents")
    if json_schema:
        title = json_schema.get("title") or "document record"
        lines += [
            "### `documents` — one row per document",
            "",
            f"Generated from the JSON Schema `schemas/document.schema.json` ({md_escape(title)}); "
            "every row is validated against it before it is written.",
            "",
        ]
        lines += md_table(
            ["column", "Parquet type", "JSON Schema type", "nullable", "description"],
            schema_fields(json_schema, documents),
        )
    elif documents:
        lines += ["### `documents` — one row per document", ""]
        lines += md_table(["column", "Parquet type", "description"], arrow_fields(documents))
    for name in ("paragraphs", "rejects"):
        table = by_name.get(name)
        if table is None:
            continue
        lines += ["", f"### `{name}` — {table.description[0].lower()}{table.description[1:]}", ""]
        lines += md_table(["column", "Parquet type", "description"], arrow_fields(table))
    deprecated = [
        f"`{table}.{column}` (use `{table}.{replacement}`, since {since})"
        for (table, column), (replacement, since) in DEPRECATED.items()
        if table in by_name and column in by_name[table].schema.names
    ]
    if deprecated:
        lines += [
            "",
            "**Deprecated names**, still written so that older readers keep working (the contract only "
            "adds names; a removal would be a new major version): " + "; ".join(deprecated) + ".",
        ]
    lines.append("")
    return lines


def _limitations_section(stats: Mapping[str, Any]) -> list[str]:
    documents = stats.get("documents", 0) or 0
    coverage = {row["field"]: row for row in stats.get("coverage", [])}
    gaps = [
        f"{row['field']} {fmt_share(1 - row['share'])}" for row in coverage.values() if documents and row["share"] < 1
    ]
    lines = [
        "## Known limitations",
        "",
        "- Metadata is extracted heuristically from the text and its markup; it can be missing or wrong. "
        + (f"Share of documents without: {', '.join(gaps)}." if gaps else ""),
        "- Boilerplate removal is rule-based: some boilerplate survives and, rarely, real text is "
        "removed. Check the `removed` column before relying on a document's completeness.",
        "- Dates without a year or in unusual formats are left null rather than guessed.",
        "- Language is detected per document; short or mixed-language texts may be misidentified.",
        "- Near-duplicates are flagged (`duplicate_of`), not removed: filter them out for training.",
        "- Quarantined inputs are listed in `rejects` and are not part of `documents`.",
        "- The texts are published under their publishers' terms; this card does not grant rights to them.",
        "- In `datapackage.json`, list and struct columns are typed `any` (Table Schema has no such types).",
        "",
    ]
    return lines


def _files_section(tables: Sequence[TableSpec]) -> list[str]:
    rows = [
        [f"`{t.glob}`", fmt_int(len(t.files)), fmt_int(t.rows), fmt_int(sum(f.bytes for f in t.files))] for t in tables
    ]
    lines = ["## Files", ""]
    lines += md_table(["files", "count", "rows", "bytes"], rows, "lrrr")
    lines += [
        "",
        "Also in the folder: `jsonld/` (one schema.org `Article` node per document), "
        "`manifest.json` (run id, versions, counts, run history, bytes and sha256 of every other file), `croissant.json` "
        "(Croissant 1.1), `datapackage.json` (Frictionless Data Package) and `report.html` "
        "(charts and tables for this run).",
        "",
        "```python",
        "from datasets import load_dataset",
        'documents = load_dataset("parquet", data_files="documents/*.parquet", split="train")',
        "",
        "import pandas as pd",
        'paragraphs = pd.read_parquet("paragraphs/")',
        "```",
        "",
    ]
    return lines


def build_card(
    meta: DatasetMeta,
    stats: Mapping[str, Any],
    tables: Sequence[TableSpec],
    json_schema: Mapping[str, Any] | None = None,
    rule_info: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The dataset card (``README.md``) text.

    *json_schema* is the document JSON Schema (the Fields section is generated from
    it); *rule_info* maps a boilerplate rule name to its ``description`` and ``class``.
    """
    header = card_header(meta, int(stats.get("documents", 0) or 0), tables)
    lines = ["---", to_yaml(header).rstrip("\n"), "---", "", f"# {meta.pretty_name}", "", meta.description, ""]
    facts = [
        f"- **Run:** `{meta.run_id}`" if meta.run_id else "",
        f"- **Produced by:** docmill {meta.docmill_version}" if meta.docmill_version else "",
        f"- **Schema version:** {meta.schema_version}",
        f"- **Generated:** {meta.timestamp}" if meta.timestamp else "",
        f"- **Documents:** {fmt_int(stats.get('documents', 0))} · **paragraphs:** "
        f"{fmt_int(stats.get('paragraphs', 0))} · **words:** {fmt_int(stats.get('words', 0))}",
        f"- **Languages:** {', '.join(meta.languages)}" if meta.languages else "",
    ]
    lines += [fact for fact in facts if fact] + [""]
    lines += _sources_section(stats, meta)
    lines += _cleaning_section(stats, rule_info or {})
    lines += _fields_section(json_schema, tables)
    lines += _limitations_section(stats)
    lines += _files_section(tables)
    lines += ["## Citation", "", "```bibtex", meta.citation, "```", ""]
    return "\n".join(lines)
