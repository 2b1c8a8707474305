"""The refresh state kept inside the output folder, and the rows it lets a run carry over.

``OUT/state/files.parquet`` has one row per raw file: its path, source, size, sha256,
refresh key (:meth:`PipelineConfig.file_fingerprint`), the output part holding its
documents, their doc ids, words and rejects. ``OUT/state/documents.parquet`` is the
dedup index: one row per published document in first-seen order, with its exact key,
MinHash signature and ``duplicate_of``. A run writes both into its staging folder
beside the datasets, so it is swapped in with them and always describes the output
it sits in; a crash leaves the previous output and its state together.

The next run scans the raw folder (:func:`scan_files`), compares with this state
(:func:`flows.collection.refresh.plan_refresh`) and copies the rows of unchanged files from
the previous Parquet files (:class:`PreviousRows`), one previous part at a time.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.clean.export import DOCUMENT_SCHEMA, PARAGRAPH_SCHEMA, REJECT_SCHEMA
from flows.collection.refresh import FileScan, FileState
from flows.config import PipelineConfig
from flows.errors import OutputError
from flows.model import Rejection
from flows.store.parts import part_name
from flows.store.rawstore import source_of
from flows.store.sink import DatasetWriter, read_parquet, sha256_file

STATE_FOLDER = "state"
STATE_VERSION = "1"
FILES_SCHEMA = pa.schema(
    [
        ("source_file", pa.string(), False),
        ("source", pa.string(), False),
        ("size", pa.int64(), False),
        ("sha256", pa.string()),
        ("key", pa.string(), False),
        ("part", pa.int32(), False),
        ("doc_ids", pa.list_(pa.string()), False),
        ("words", pa.int64(), False),
        ("rejects", pa.int32(), False),
    ],
    metadata={"docmill.state": "files", "docmill.state_version": STATE_VERSION},
)


INDEX_SCHEMA = pa.schema(
    [
        ("seq", pa.int64(), False),
        ("doc_id", pa.string(), False),
        ("part", pa.int32(), False),
        ("exact", pa.string(), False),
        ("minhash", pa.binary(), False),
        ("words", pa.int32(), False),
        ("duplicate_of", pa.string()),
    ],
    metadata={"docmill.state": "documents", "docmill.state_version": STATE_VERSION},
)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One published document in the dedup index: first-seen order, signature, verdict."""

    seq: int
    doc_id: str
    part: int
    exact: str
    minhash: bytes
    words: int
    duplicate_of: str | None


@dataclass
class PreviousRun:
    """The output a run starts from: its manifest, file states, dedup index and layout."""

    out_dir: Path
    manifest: dict[str, Any]
    files: dict[str, FileState]
    layout: dict[str, str] = field(default_factory=dict)  # batch_files, skipped digest
    index_path: Path | None = None  # state/documents.parquet, read when first needed

    @functools.cached_property
    def index(self) -> dict[str, IndexEntry]:
        """The dedup index, doc_id → entry (a run that changes nothing never reads it)."""
        if self.index_path is None:
            return {}
        try:
            table = read_parquet(self.index_path, columns=list(INDEX_SCHEMA.names))
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise OutputError(f"cannot read the dedup index {self.index_path.name} ({exc}); "
                              "run again with --full") from None
        columns = [table[name].to_pylist() for name in INDEX_SCHEMA.names]
        return {values[1]: IndexEntry(*values) for values in zip(*columns, strict=True)}

    def missing_parts(self) -> set[str]:
        """Files whose documents sit in a part file that is gone (they are reprocessed)."""
        gone = {s.part for s in self.files.values()
                if s.doc_ids and not (self.out_dir / "documents" / f"{part_name(s.part)}.parquet").is_file()}
        return {rel for rel, s in self.files.items() if s.part in gone and s.doc_ids}


def read_previous(out_dir: Path) -> PreviousRun | None:
    """The previous output's manifest and state, or None when there is no usable state.

    Output written by a docmill without a state, a state of another version or one
    that cannot be read, and an output missing a file its manifest lists (or with
    another size), make the run a full one; nothing is guessed.
    """
    manifest_path, state_path = out_dir / "manifest.json", out_dir / STATE_FOLDER / "files.parquet"
    index_path = out_dir / STATE_FOLDER / "documents.parquet"
    if not (manifest_path.is_file() and state_path.is_file() and index_path.is_file()):
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        table = read_parquet(state_path)
        index_schema = pq.read_schema(index_path)  # its rows are read only when a run needs them
    except (OSError, ValueError, pa.ArrowException):
        return None
    if not _intact(out_dir, manifest):
        return None
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    if (meta.get("docmill.state_version") != STATE_VERSION or not set(FILES_SCHEMA.names) <= set(table.column_names)
            or not set(INDEX_SCHEMA.names) <= set(index_schema.names)):
        return None
    files = {}
    for row in table.select(FILES_SCHEMA.names).to_pylist():
        row["doc_ids"] = tuple(row["doc_ids"])
        files[row["source_file"]] = FileState(**row)
    layout = {k.removeprefix("docmill.layout."): v for k, v in meta.items() if k.startswith("docmill.layout.")}
    return PreviousRun(out_dir, manifest, files, layout, index_path)


def _intact(out_dir: Path, manifest: Mapping[str, Any]) -> bool:
    """Every file the manifest lists is there with its size (a damaged output gets a full run)."""
    for entry in manifest.get("files", []):
        try:
            if (out_dir / str(entry["path"])).stat().st_size != int(entry["bytes"]):
                return False
        except (OSError, KeyError, TypeError, ValueError):
            return False
    return True


def write_state(root: Path, states: Iterable[FileState], layout: Mapping[str, str]) -> None:
    """Write ``state/files.parquet`` (sorted by path) into a staging folder."""
    rows = sorted(({k: getattr(s, k) for k in FILES_SCHEMA.names} for s in states), key=lambda r: r["source_file"])
    schema = FILES_SCHEMA.with_metadata({**FILES_SCHEMA.metadata, **{f"docmill.layout.{k}".encode(): v.encode()
                                                                     for k, v in sorted(layout.items())}})
    (root / STATE_FOLDER).mkdir(exist_ok=True)
    DatasetWriter(root / STATE_FOLDER, schema).write("files", pa.Table.from_pylist(rows, schema=schema))


def write_index(root: Path, entries: Sequence[IndexEntry]) -> None:
    """Write ``state/documents.parquet``: the dedup index, in first-seen order."""
    rows = sorted(entries, key=lambda e: e.seq)
    table = pa.Table.from_pydict({name: [getattr(e, name) for e in rows] for name in INDEX_SCHEMA.names},
                                 schema=INDEX_SCHEMA)
    (root / STATE_FOLDER).mkdir(exist_ok=True)
    DatasetWriter(root / STATE_FOLDER, INDEX_SCHEMA).write("documents", table)


def skipped_digest(skipped: Sequence[Rejection]) -> str:
    """A digest of what discovery set aside: a new symlink is a change too."""
    return hashlib.sha256(orjson.dumps([r.as_record() for r in skipped])).hexdigest()[:16]


def scan_files(raw_dir: Path, files: Sequence[str], config: PipelineConfig, max_bytes: int) -> dict[str, FileScan]:
    """Source, size, sha256 and refresh key of every raw file (bytes are only hashed).

    A file above ``max_bytes`` is identified by its size and modification time instead
    of being read; a file that cannot be read gets no sha256 and is always processed
    (its rejection is then recorded again).
    """
    catalogue = config.source_paths
    scans = {}
    for rel in files:
        source = source_of(rel, catalogue)
        path = raw_dir / rel
        digest: str | None
        try:
            stat = path.stat()
            size = stat.st_size
            digest = f"large:{size}:{stat.st_mtime_ns}" if size > max_bytes else sha256_file(path)
        except OSError:
            size, digest = -1, None
        scans[rel] = FileScan(rel, source, size, digest, config.file_fingerprint(source, rel))
    return scans


@dataclass
class Carried:
    """The previous output's rows for some unchanged files."""

    documents: pa.Table
    paragraphs: pa.Table
    rejects: pa.Table


class PreviousRows:
    """Reads the rows of unchanged files back from the previous output, part by part.

    Output parts are contiguous ranges of the sorted file list, so the parts of a new
    run overlap one or two previous parts each: the two most recent are kept in memory.
    """

    def __init__(self, previous: PreviousRun) -> None:
        self.previous = previous
        self._parts: dict[int, tuple[pa.Table, pa.Table]] = {}
        self._rejects: pa.Table | None = None

    def take(self, files: Sequence[str]) -> Carried:
        """Documents, paragraphs and rejects of ``files`` (each in the previous state)."""
        wanted = pa.array(sorted(files), pa.string())
        by_part: dict[int, int] = {}
        for rel in files:
            state = self.previous.files[rel]
            if state.doc_ids:
                by_part[state.part] = by_part.get(state.part, 0) + len(state.doc_ids)
        documents, paragraphs = [], []
        for part in sorted(by_part):
            docs, paras = self._part(part)
            picked = docs.filter(pc.is_in(docs["source_file"], value_set=wanted))
            if picked.num_rows != by_part[part]:
                raise OutputError(f"the previous output's documents/part-{part:05d}.parquet does not hold the rows its "
                                  "state lists; run again with --full")
            documents.append(picked)
            paragraphs.append(paras.filter(pc.is_in(paras["doc_id"], value_set=picked["doc_id"])))
        return Carried(
            documents=pa.concat_tables(documents) if documents else DOCUMENT_SCHEMA.empty_table(),
            paragraphs=pa.concat_tables(paragraphs) if paragraphs else PARAGRAPH_SCHEMA.empty_table(),
            rejects=self.take_rejects(files),
        )

    def take_rejects(self, files: Sequence[str]) -> pa.Table:
        """The previous rejects of ``files`` (what discovery skipped is found again by each run)."""
        if not any(self.previous.files[rel].rejects for rel in files):
            return REJECT_SCHEMA.empty_table()
        rejects = self._all_rejects()
        wanted = pa.array(sorted(files), pa.string())
        return rejects.filter(pc.and_(pc.is_in(rejects["source_file"], value_set=wanted),
                                      pc.not_equal(rejects["stage"], "discover")))

    def _part(self, part: int) -> tuple[pa.Table, pa.Table]:
        if part not in self._parts:
            name = f"{part_name(part)}.parquet"
            try:
                docs = read_parquet(self.previous.out_dir / "documents" / name, DOCUMENT_SCHEMA)
                paras = read_parquet(self.previous.out_dir / "paragraphs" / name, PARAGRAPH_SCHEMA)
            except (OSError, pa.ArrowException) as exc:
                raise OutputError(f"cannot read the previous output's {name}: {exc}; run again with --full") from None
            while len(self._parts) >= 2:
                del self._parts[min(self._parts)]
            self._parts[part] = (docs, paras)
        return self._parts[part]

    def _all_rejects(self) -> pa.Table:
        if self._rejects is None:
            paths = sorted((self.previous.out_dir / "rejects").glob("*.parquet"))
            tables = [read_parquet(p, REJECT_SCHEMA) for p in paths]
            self._rejects = pa.concat_tables(tables) if tables else REJECT_SCHEMA.empty_table()
        return self._rejects
