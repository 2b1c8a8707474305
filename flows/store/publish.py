"""Write the publication files of an output folder.

:func:`write_publications` reads the Parquet datasets of a (staging) output folder,
aggregates their statistics row group by row group, and writes

* ``croissant.json``   Croissant 1.1 description of ``documents`` and ``paragraphs``;
* ``datapackage.json`` Frictionless Data Package: one resource per table, listing its Parquet files;
* ``README.md``        the dataset card (Hugging Face YAML header);
* ``report.html``      the self-contained run report.

Everything it writes is built by the pure functions in :mod:`flows.publish`;
this module only reads files, hashes what the manifest does not list, and writes.
The publications are built from the manifest as a dict and never name the manifest's
own hash, so :func:`list_publications` can add them to its ``files`` afterwards.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.publish.card import build_card
from flows.publish.croissant import build_croissant
from flows.publish.datapackage import build_datapackage
from flows.publish.meta import dataset_meta
from flows.publish.report import build_report_html, report_artifacts
from flows.publish.stats import COVERAGE_FIELDS, StatsAccumulator
from flows.publish.tables import TABLES, FileEntry, TableSpec, schema_descriptions
from flows.store.sink import sha256_file

__all__ = [
    "collect_stats",
    "list_publications",
    "load_document_schema",
    "load_rule_info",
    "report_artifacts",
    "table_specs",
    "write_publications",
]

#: Files written by :func:`write_publications`, in writing order.
PUBLICATIONS: tuple[str, ...] = ("croissant.json", "datapackage.json", "README.md", "report.html")

#: Tables described in croissant.json (rejects are in the Data Package and the report only).
CROISSANT_TABLES: tuple[str, ...] = ("documents", "paragraphs")

SCHEMA_RELPATH = Path("schemas") / "document.schema.json"
RULES_PATH = Path(__file__).resolve().parents[1] / "rules" / "boilerplate.toml"
REPO_SCHEMA_PATH = Path(__file__).resolve().parents[2] / SCHEMA_RELPATH

#: Columns of ``documents`` the statistics need (``sections`` and ``links`` are never read).
STATS_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            "doc_id",
            "source_file",
            "source",
            "licence",
            "word_count",
            "date_published",
            "removed",
            "duplicate_of",
            "encoding",
            "replaced_chars",
            "body",  # only its length (outliers); sections is never read
            *(column for _, column in COVERAGE_FIELDS),
        ]
    )
)

#: Rows per record batch: bodies are read (for their length), so batches stay a few MB.
BATCH_SIZE = 4_096
REJECT_COLUMNS: tuple[str, ...] = ("source_file", "part", "stage", "reason", "detail")
STATE_FILES = Path("state") / "files.parquet"


# ---------------------------------------------------------------------- reading
def parquet_files(out_dir: Path, table: str) -> list[Path]:
    """The Parquet files of *table* (``out_dir/<table>/*.parquet``), sorted by name."""
    folder = out_dir / table
    return sorted(folder.glob("*.parquet")) if folder.is_dir() else []


def iter_batches(path: Path, columns: Sequence[str] | None = None) -> Iterator[pa.RecordBatch]:
    """Stream *path* row group by row group, reading only *columns* that exist."""
    parquet = pq.ParquetFile(path)
    wanted = None
    if columns is not None:
        names = set(parquet.schema_arrow.names)
        wanted = [column for column in columns if column in names]
    yield from parquet.iter_batches(batch_size=BATCH_SIZE, columns=wanted)


def collect_stats(out_dir: Path) -> dict[str, Any]:
    """Aggregate the stats dict of an output folder (streams every Parquet file once)."""
    accumulator = StatsAccumulator()
    for path in parquet_files(out_dir, "rejects"):  # first: documents then name the rejected files' sources
        for batch in iter_batches(path, REJECT_COLUMNS):
            accumulator.add_rejects(batch)
    accumulator.add_file_sources(state_sources(out_dir, accumulator.reject_files))
    for path in parquet_files(out_dir, "documents"):
        for batch in iter_batches(path, STATS_COLUMNS):
            accumulator.add_documents(batch)
    for path in parquet_files(out_dir, "paragraphs"):
        accumulator.add_paragraphs_count(pq.ParquetFile(path).metadata.num_rows)
    return accumulator.result()


def state_sources(out_dir: Path, files: Collection[str]) -> dict[str, str]:
    """Source of each of *files* per the refresh state (``state/files.parquet``), when it has one."""
    path = out_dir / STATE_FILES
    if not files or not path.is_file():
        return {}
    try:
        table = pq.ParquetFile(path).read(columns=["source_file", "source"])
    except (OSError, KeyError, pa.ArrowException):
        return {}
    table = table.filter(pc.fill_null(pc.is_in(table["source_file"], pa.array(sorted(files), pa.string())), False))
    return dict(zip(table["source_file"].to_pylist(), table["source"].to_pylist(), strict=True))


def _manifest_files(out_dir: Path, manifest: Mapping[str, Any]) -> dict[str, FileEntry]:
    """Manifest ``files`` entries keyed by '/'-separated path relative to *out_dir*."""
    entries: dict[str, FileEntry] = {}
    for item in manifest.get("files") or []:
        path = Path(str(item["path"]))
        if path.is_absolute():
            try:
                path = path.relative_to(out_dir)
            except ValueError:
                continue
        key = path.as_posix().removeprefix("./")
        entries[key] = FileEntry(path=key, bytes=int(item["bytes"]), sha256=str(item["sha256"]))
    return entries


def file_entries(out_dir: Path, paths: Sequence[Path], manifest: Mapping[str, Any]) -> list[FileEntry]:
    """FileEntry for each path: the manifest's sha256 when it lists the file with the
    same size, else hashed here."""
    listed = _manifest_files(out_dir, manifest)
    entries = []
    for path in paths:
        relative = path.relative_to(out_dir).as_posix()
        size = path.stat().st_size
        known = listed.get(relative)
        if known is not None and known.bytes == size:
            entries.append(known)
        else:
            entries.append(FileEntry(path=relative, bytes=size, sha256=sha256_file(path)))
    return entries


def table_schema(paths: Sequence[Path]) -> pa.Schema:
    """The Arrow schema shared by *paths* (unified when files differ)."""
    schemas = [pq.read_schema(path) for path in paths]
    schemas = [schema.remove_metadata() for schema in schemas]
    if all(schema.equals(schemas[0]) for schema in schemas[1:]):
        return schemas[0]
    return pa.unify_schemas(schemas)


def table_specs(
    out_dir: Path, manifest: Mapping[str, Any], json_schema: Mapping[str, Any] | None = None
) -> list[TableSpec]:
    """A TableSpec for each published table that has at least one Parquet file."""
    specs = []
    descriptions = schema_descriptions(json_schema)
    for name in TABLES:
        paths = parquet_files(out_dir, name)
        if not paths:
            continue
        rows = [pq.ParquetFile(path).metadata.num_rows for path in paths]
        files = [
            dataclasses.replace(entry, rows=number)
            for entry, number in zip(file_entries(out_dir, paths, manifest), rows, strict=True)
        ]
        specs.append(
            TableSpec(
                name=name,
                schema=table_schema(paths),
                files=files,
                rows=sum(rows),
                descriptions=descriptions if name == "documents" else {},
            )
        )
    return specs


def load_document_schema(out_dir: Path | None = None) -> dict[str, Any] | None:
    """The document JSON Schema: ``<out_dir>/schemas/...`` if published there, else the
    repository's ``schemas/document.schema.json``; None when neither exists."""
    candidates = ([out_dir / SCHEMA_RELPATH] if out_dir is not None else []) + [REPO_SCHEMA_PATH]
    for path in candidates:
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return None


def load_rule_info(path: Path = RULES_PATH) -> dict[str, dict[str, Any]]:
    """Boilerplate rule name → {class, description, kind} from the rules file."""
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        str(rule["name"]): {
            "class": str(rule.get("class", "")),
            "description": str(rule.get("description", "")),
            "kind": str(rule.get("kind", "")),
        }
        for rule in data.get("rule", [])
        if "name" in rule
    }


# ---------------------------------------------------------------------- writing
def dump_json(data: Any) -> str:
    """Deterministic, human-readable JSON text."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write *text* to *path* via a temporary file and a rename."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)


def build_publications(
    out_dir: Path,
    manifest: Mapping[str, Any],
    stats: Mapping[str, Any] | None = None,
    json_schema: Mapping[str, Any] | None = None,
    rule_info: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, str]:
    """File name → text of every publication file, without writing anything."""
    if json_schema is None:
        json_schema = load_document_schema(out_dir)
    if rule_info is None:
        rule_info = load_rule_info()
    if stats is None:
        stats = collect_stats(out_dir)
    tables = table_specs(out_dir, manifest, json_schema)
    meta = dataset_meta(manifest, stats)
    sources = [row["source"] for row in stats.get("sources", []) if row["documents"] and row["source"] != "(none)"]
    croissant_tables = [table for table in tables if table.name in CROISSANT_TABLES]
    return {
        "croissant.json": dump_json(build_croissant(meta, croissant_tables, sources)),
        "datapackage.json": dump_json(build_datapackage(meta, tables, sources)),
        "README.md": build_card(meta, stats, tables, json_schema, rule_info),
        "report.html": build_report_html(meta, stats, rule_info, runs=manifest.get("runs") or ()),
    }


def list_publications(out_dir: Path, files: Sequence[Mapping[str, Any]], written: Sequence[str]) -> list[dict[str, Any]]:
    """The manifest's ``files`` with the *written* publications (path, bytes, sha256) in them.

    Entries of the same paths (e.g. from an earlier listing) are replaced; the list
    stays sorted by path. The manifest itself is never listed.
    """
    names = set(written)
    entries = [dict(entry) for entry in files if entry["path"] not in names]
    for name in written:
        path = out_dir / name
        entries.append({"path": name, "bytes": path.stat().st_size, "sha256": sha256_file(path)})
    return sorted(entries, key=lambda entry: tuple(str(entry["path"]).split("/")))  # as Path sorts


def write_publications(
    out_dir: Path,
    manifest: dict[str, Any],
    stats: Mapping[str, Any] | None = None,
    json_schema: Mapping[str, Any] | None = None,
) -> list[str]:
    """Write croissant.json, datapackage.json, README.md and report.html into *out_dir*.

    *manifest* is the run manifest (``run_id``, ``docmill_version``,
    ``schema_version``, ``files`` with path/bytes/sha256, ``counts``). *stats* may be
    passed when the caller already has :func:`collect_stats`' result (e.g. to publish
    it as Prefect artifacts too); otherwise it is computed here. Returns the paths
    written, relative to *out_dir*.
    """
    out_dir = Path(out_dir)
    texts = build_publications(out_dir, manifest, stats, json_schema)
    for name, text in texts.items():
        write_text_atomic(out_dir / name, text)
    return list(texts)
