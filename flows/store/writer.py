"""Write one run's datasets into its staging folder, then its state and manifest.

Each output part (``part-NNNNN``) holds the documents of one batch of the sorted raw
file list: the rows this run cleaned, merged with the rows of unchanged files copied
from the previous output, sorted by ``source_file`` and ``part``. An incremental run
therefore writes exactly what a full run would (the same bytes).

Three steps, each with a typed result: ``PartWriter`` writes the parts in order and
tallies them (``WrittenParts``); ``deduplicate`` marks duplicates over the whole output
and rewrites the parts whose verdicts changed (their count); ``finish_run`` writes the
rejects, the state, the manifest and the publications (``RunReport``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows.clean.export import DOCUMENT_SCHEMA, PARAGRAPH_SCHEMA, REJECT_SCHEMA, rejects_table
from flows.collection.dedup import Signature, assign_duplicates
from flows.collection.refresh import FileScan, FileState, RefreshPlan, document_changes
from flows.config import PipelineConfig
from flows.errors import OutputError
from flows.model import Rejection
from flows.store.batch import BatchOutput
from flows.store.parts import arrange, concat, part_jsonld, part_name, write_part_files
from flows.store.publish import collect_stats, list_publications, write_publications
from flows.store.sink import DatasetWriter, file_entries, read_parquet, write_bytes, write_json, writing
from flows.store.state import IndexEntry, PreviousRows, PreviousRun, write_index, write_state
from flows.store.summary import RunReport, RunSummary

SCHEMA_VERSION = "1.1.0"  # the data contract's version: minor for additions, major for breaks
RUN_HISTORY = 100  # runs kept in manifest.json


@dataclass(slots=True)
class PartCounts:
    """What the parts written so far hold, summed."""

    documents: int = 0
    paragraphs: int = 0
    words: int = 0
    bytes: int = 0  # raw bytes cleaned by this run
    processed_files: int = 0  # raw files cleaned by this run


@dataclass(frozen=True, slots=True)
class WrittenParts:
    """Every part of a run, written: what the dedup and finish steps need of them."""

    counts: PartCounts
    timings: dict[str, float]  # seconds per pipeline stage
    per_file: dict[str, tuple[int, int, int]]  # raw file -> documents, words, reject rows
    rejects: list[pa.Table]  # each part's reject rows
    states: list[FileState] | None  # the refresh state of every raw file; None: none is kept
    doc_ids: dict[str, list[str]]  # raw file -> its documents
    index: IndexBuilder


class PartWriter:
    """Writes output parts (in order) into Parquet and JSON-LD files, and tallies them.

    ``previous``, ``plan`` and ``scans`` come from the refresh planning; without them
    (the benchmark's plain loop) every part is taken as cleaned in full and no state is
    kept, so the next run is a full one.
    """

    def __init__(self, root: Path, config: PipelineConfig, previous: PreviousRun | None = None,
                 plan: RefreshPlan | None = None, scans: Mapping[str, FileScan] | None = None) -> None:
        self.root = root
        self.config = config
        self.previous = previous
        self.plan = plan
        self.scans = scans
        self.carry = PreviousRows(previous) if previous is not None and plan is not None and plan.carry else None
        self.counts = PartCounts()
        self.rejects: list[pa.Table] = []
        self.states: list[FileState] = []
        self.doc_ids: dict[str, list[str]] = {}
        self.timings: dict[str, float] = {}
        self.per_file: dict[str, tuple[int, int, int]] = {}
        self._previous_parts: dict[int, list[str]] | None = None
        self.index = IndexBuilder(previous.index if previous is not None else {})

    def written(self) -> WrittenParts:
        """The tally of every part written."""
        return WrittenParts(self.counts, self.timings, self.per_file, self.rejects,
                            self.states if self.scans is not None else None, self.doc_ids, self.index)

    def write_cleaned(self, number: int, output: BatchOutput) -> None:
        """Write a part cleaned in full (no rows carried over)."""
        self.write(number, sorted(output.per_file), output)

    def write(self, number: int, files: Sequence[str], output: BatchOutput | None) -> None:
        """Write part ``number``: the rows ``output`` holds for cleaned files, plus the
        previous rows of the unchanged ones among ``files``."""
        if output is None and self._reuse_part(number, files):
            return
        carried_files = [f for f in files if self.plan is not None and f in self.plan.carry]
        if output is not None and output.written:  # the worker wrote the part's files (flows.store.parts)
            if carried_files:
                raise RuntimeError(f"part {number} was written by a worker but carries rows of unchanged files")
            documents, paragraph_rows, rejects = output.documents, output.paragraph_rows, output.rejects
            per_file = dict(output.per_file)
        else:
            documents, paragraph_rows, rejects, per_file = self._merge_part(number, files, carried_files, output)
        if rejects.num_rows:
            self.rejects.append(rejects.sort_by([("source_file", "ascending")]))
        if output is not None:
            for stage, seconds in output.timings.items():
                self.timings[stage] = self.timings.get(stage, 0.0) + seconds
            self.counts.bytes += output.bytes
            self.counts.processed_files += output.files
        self.per_file.update(per_file)
        self.counts.documents += documents.num_rows
        self.counts.paragraphs += paragraph_rows
        self.counts.words += sum(per_file.get(f, (0, 0, 0))[1] for f in files)
        self._record_states(number, files, documents, per_file)
        self.index.add(number, documents["doc_id"].to_pylist(), documents["duplicate_of"].to_pylist(),
                       output.signatures if output is not None else None)

    def _merge_part(self, number: int, files: Sequence[str], carried_files: Sequence[str],
                    output: BatchOutput | None) -> tuple[pa.Table, int, pa.Table, dict[str, tuple[int, int, int]]]:
        """Merge cleaned and carried rows of a part and write its files; return its documents,
        paragraph count, rejects and per-file counts."""
        tables = [output.documents] if output is not None else []
        paragraph_tables = [output.paragraphs] if output is not None else []
        reject_tables = [output.rejects] if output is not None else []
        per_file = dict(output.per_file) if output is not None else {}
        if carried_files and self.carry is not None and self.previous is not None:
            carried = self.carry.take(carried_files)
            tables.append(carried.documents)
            paragraph_tables.append(carried.paragraphs)
            reject_tables.append(carried.rejects)
            for rel in carried_files:
                per_file[rel] = self.previous.files[rel].counts
        documents, paragraphs = arrange(concat(tables, DOCUMENT_SCHEMA), concat(paragraph_tables, PARAGRAPH_SCHEMA))
        write_part_files(self.root, number, documents, paragraphs, self.config)
        return documents, paragraphs.num_rows, concat(reject_tables, REJECT_SCHEMA), per_file

    def _reuse_part(self, number: int, files: Sequence[str]) -> bool:
        """Copy a previous part whose files are exactly these, all unchanged: nothing is decoded or encoded."""
        if self.previous is None or self.plan is None or self.carry is None:
            return False
        if self._previous_parts is None:
            self._previous_parts = {}
            for rel, state in sorted(self.previous.files.items()):
                self._previous_parts.setdefault(state.part, []).append(rel)
        if self._previous_parts.get(number) != list(files) or not all(f in self.plan.carry for f in files):
            return False
        name = part_name(number)
        for folder, suffix in (("documents", ".parquet"), ("paragraphs", ".parquet"), ("jsonld", ".jsonld")):
            source = self.previous.out_dir / folder / f"{name}{suffix}"
            if source.is_file():
                with writing(self.root / folder / f"{name}{suffix}"):
                    shutil.copyfile(source, self.root / folder / f"{name}{suffix}")
        per_file = {rel: self.previous.files[rel].counts for rel in files}
        rejects = self.carry.take_rejects(files)
        if rejects.num_rows:
            self.rejects.append(rejects.sort_by([("source_file", "ascending")]))
        paragraphs = self.root / "paragraphs" / f"{name}.parquet"
        self.per_file.update(per_file)
        self.counts.documents += sum(v[0] for v in per_file.values())
        self.counts.paragraphs += pq.ParquetFile(paragraphs).metadata.num_rows if paragraphs.is_file() else 0
        self.counts.words += sum(v[1] for v in per_file.values())
        ids: list[str] = []
        for rel in files:
            state = self.previous.files[rel]
            self.doc_ids[rel] = list(state.doc_ids)
            ids.extend(state.doc_ids)
            if self.scans is not None and rel in self.scans:
                scan = self.scans[rel]
                self.states.append(FileState(rel, scan.source, scan.size, scan.sha256, scan.key, number,
                                             state.doc_ids, state.words, state.rejects))
        self.index.add(number, ids, [self.previous.index[i].duplicate_of if i in self.previous.index else None
                                     for i in ids], None)
        return True

    def _record_states(self, number: int, files: Sequence[str], documents: pa.Table, per_file: Mapping[str, Any]) -> None:
        ids: dict[str, list[str]] = {}
        for rel, doc_id in zip(documents["source_file"].to_pylist(), documents["doc_id"].to_pylist(), strict=True):
            ids.setdefault(rel, []).append(doc_id)
        for rel in files:
            self.doc_ids[rel] = ids.get(rel, [])
            if self.scans is None or rel not in self.scans:
                continue
            scan = self.scans[rel]
            _, words, rejects = per_file.get(rel, (0, 0, 0))
            self.states.append(FileState(rel, scan.source, scan.size, scan.sha256, scan.key, number,
                                         tuple(ids.get(rel, ())), words, rejects))


def deduplicate(root: Path, config: PipelineConfig, index: IndexBuilder) -> int:
    """Mark duplicates over every document of the output, earliest seen first.

    Parts whose ``duplicate_of`` values change (new duplicates, or a canonical document
    that was removed or edited) are rewritten with their JSON-LD. Returns the number of
    duplicates.
    """
    duplicates = index.assign(config)
    documents = DatasetWriter(root / "documents", DOCUMENT_SCHEMA)
    for part in index.parts_to_rewrite():
        name = part_name(part)
        table = read_parquet(root / "documents" / f"{name}.parquet", DOCUMENT_SCHEMA)
        column = pa.array([duplicates.get(doc_id) for doc_id in table["doc_id"].to_pylist()], pa.string())
        table = table.set_column(table.schema.get_field_index("duplicate_of"), "duplicate_of", column)
        documents.write(name, table)
        write_bytes(root / "jsonld" / f"{name}.jsonld", part_jsonld(table, config))
    return len(duplicates)


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What the finish step records of the run itself, beside what its parts hold."""

    run_id: str
    raw_dir: str  # its name goes into the summary
    files: int  # raw files found, skipped ones included
    workers: int
    seconds: float
    versions: dict[str, str]
    layout: Mapping[str, str] = dataclasses.field(default_factory=dict)  # how files were split into parts


def finish_run(root: Path, config: PipelineConfig, parts: WrittenParts, duplicates: int,
               skipped: Iterable[Rejection], facts: RunFacts, previous: PreviousRun | None = None,
               plan: RefreshPlan | None = None) -> RunReport:
    """Write the rejects, the state and the manifest with the publications; return the run's report."""
    reject_tables = [rejects_table([r.as_record() for r in skipped]), *parts.rejects]
    rejects = pa.concat_tables(reject_tables) if reject_tables[0].num_rows or parts.rejects \
        else REJECT_SCHEMA.empty_table()
    DatasetWriter(root / "rejects", REJECT_SCHEMA).write("part-00000", rejects)
    if parts.states is not None:
        write_state(root, parts.states, facts.layout)
        write_index(root, parts.index.entries)
    reject_rows = rejects.select(["stage", "reason"]).to_pylist()
    reasons = Counter(f"{row['stage']}: {row['reason']}" for row in reject_rows)
    skipped_files = sum(1 for r in reject_rows if r["stage"] == "discover")
    finished = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    refresh = refresh_counts(parts, previous, plan)
    summary = RunSummary(
        run_id=facts.run_id,
        finished=finished,
        raw_dir=Path(facts.raw_dir).name,
        files=facts.files,
        processed=sum(1 for v in parts.per_file.values() if v[0] > 0),
        rejected=sum(1 for docs, _, rejected in parts.per_file.values() if docs == 0 and rejected),
        skipped=skipped_files,
        documents=parts.counts.documents,
        duplicates=duplicates,
        paragraphs=parts.counts.paragraphs,
        words=parts.counts.words,
        bytes=parts.counts.bytes,
        quarantined=len(reject_rows) - skipped_files,
        reasons=dict(sorted(reasons.items())),
        workers=facts.workers,
        seconds=facts.seconds,
        stage_seconds={k: round(v, 4) for k, v in sorted(parts.timings.items())},
        refresh=refresh,
    )
    history = list(previous.manifest.get("runs", [])) if previous is not None else []
    manifest: dict[str, Any] = {
        "run_id": facts.run_id,
        "finished": finished,
        "versions": {**facts.versions, "schema": SCHEMA_VERSION, "rules": config.fingerprint},
        "counts": {name: getattr(summary, name) for name in MANIFEST_COUNTS},
        "rejects_by_reason": summary.reasons,
        "refresh": refresh,
        "runs": _history(history, run_entry(facts.run_id, finished, refresh, facts.seconds)),
        "files": file_entries(root),
    }
    stats = collect_stats(root)
    written = write_publications(root, manifest, stats=stats)  # croissant, datapackage, card, report
    manifest["files"] = list_publications(root, manifest["files"], written)  # built from the dict: no cycle
    write_json(root / "manifest.json", manifest)
    return RunReport(summary, parts.per_file, stats)


#: The summary's counts the manifest records.
MANIFEST_COUNTS = ("files", "processed", "rejected", "skipped", "documents", "duplicates", "paragraphs", "words",
                   "quarantined")


def refresh_counts(parts: WrittenParts, previous: PreviousRun | None, plan: RefreshPlan | None) -> dict[str, Any]:
    """What this run did: mode, files added/changed/removed/unchanged/processed, documents added/removed."""
    if plan is None:
        counts = {"files_added": len(parts.doc_ids), "files_changed": 0, "files_removed": 0, "files_unchanged": 0,
                  "files_processed": parts.counts.processed_files}
        return {"mode": "full", **counts, "documents_added": parts.counts.documents, "documents_removed": 0}
    added, removed = document_changes(previous.files if previous is not None else {}, parts.doc_ids)
    return {"mode": plan.mode, **plan.counts(), "documents_added": added, "documents_removed": removed}


class IndexBuilder:
    """The dedup index of the output being written, in output order (part, then row).

    A document keeps the first-seen position (``seq``) it had in the previous index;
    a new one gets the next position, so earlier runs come first, then batch order,
    then row order. Signatures come from the batch workers for cleaned documents and
    from the previous index for carried ones: nothing is hashed twice.
    """

    def __init__(self, previous: Mapping[str, IndexEntry]) -> None:
        self.previous = previous
        self.next_seq = max((e.seq for e in previous.values()), default=-1) + 1
        self.entries: list[IndexEntry] = []
        self.written: list[str | None] = []  # duplicate_of as first written

    def add(self, part: int, doc_ids: Sequence[str], written: Sequence[str | None], signatures: pa.Table | None) -> None:
        fresh: dict[str, tuple[str, bytes, int]] = {}
        if signatures is not None and signatures.num_rows:
            columns = [signatures[name].to_pylist() for name in ("doc_id", "exact", "minhash", "words")]
            fresh = {doc_id: (exact, minhash, words) for doc_id, exact, minhash, words in zip(*columns, strict=True)}
        for doc_id, dup in zip(doc_ids, written, strict=True):
            old = self.previous.get(doc_id)
            if doc_id in fresh:
                exact, minhash, words = fresh[doc_id]
            elif old is not None:
                exact, minhash, words = old.exact, old.minhash, old.words
            else:
                raise OutputError(f"document {doc_id} has no dedup signature in the previous state; run again with --full")
            if old is not None:
                seq = old.seq
            else:
                seq, self.next_seq = self.next_seq, self.next_seq + 1
            self.entries.append(IndexEntry(seq, doc_id, part, exact, minhash, words, dup))
            self.written.append(dup)

    def assign(self, config: PipelineConfig) -> dict[str, str]:
        """Run :func:`assign_duplicates` in first-seen order and record each verdict."""
        # Once, after the last part, when the worker processes have exited: the LSH index holds a
        # few KB per document, and built while parts arrive it would add to the workers' memory.
        ordered = sorted(self.entries, key=lambda e: e.seq)
        duplicates = assign_duplicates((Signature(e.doc_id, e.exact, e.minhash, e.words) for e in ordered),
                                       config.dedup)
        self.entries = [dataclasses.replace(e, duplicate_of=duplicates.get(e.doc_id)) for e in self.entries]
        return duplicates

    def parts_to_rewrite(self) -> list[int]:
        """Parts holding a document whose verdict differs from what was written."""
        return sorted({e.part for e, dup in zip(self.entries, self.written, strict=True) if e.duplicate_of != dup})


def run_entry(run_id: str, finished: str, refresh: Mapping[str, Any], seconds: float) -> dict[str, Any]:
    """One line of the manifest's run history."""
    return {"run_id": run_id, "finished": finished, "seconds": round(seconds, 2), **refresh}


def _history(history: list[dict[str, Any]], entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [*history, entry][-RUN_HISTORY:]


def record_unchanged_run(previous: PreviousRun, run_id: str, raw_dir: str, refresh: Mapping[str, Any],
                         workers: int, seconds: float) -> RunReport:
    """A run that found nothing to do: add it to the manifest's history, touch nothing else.

    The datasets, state and publications stay byte-identical (no staging folder, no
    swap); the manifest is replaced atomically (a temporary file renamed over it).
    Returns the run's report, with the output's counts.
    """
    out_dir = previous.out_dir
    finished = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    manifest = dict(previous.manifest)
    manifest["runs"] = _history(list(manifest.get("runs", [])), run_entry(run_id, finished, refresh, seconds))
    temporary = out_dir / f".manifest.json.{run_id}.tmp"
    try:
        write_json(temporary, manifest)
        with writing(out_dir / "manifest.json"):
            os.replace(temporary, out_dir / "manifest.json")
    finally:
        temporary.unlink(missing_ok=True)
    counts = manifest.get("counts", {})
    summary = RunSummary(
        run_id=run_id, finished=finished, raw_dir=Path(raw_dir).name,
        **{name: int(counts.get(name, 0)) for name in MANIFEST_COUNTS},
        bytes=0, reasons=dict(manifest.get("rejects_by_reason", {})), workers=workers, seconds=seconds,
        stage_seconds={}, refresh=dict(refresh),
    )
    return RunReport(summary, {rel: state.counts for rel, state in sorted(previous.files.items())}, None)
