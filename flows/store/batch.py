"""One batch of raw files: read them, run the pure pipeline, build Arrow tables.

This is the unit of work a worker process (or a Dask worker) runs; its result is a
few Arrow tables and small counters, cheap to hand back to the parent that writes.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from flows.clean.export import documents_table, paragraphs_table, rejects_table
from flows.clean.pipeline import BatchResult, process_batch
from flows.collection.dedup import signatures_table
from flows.config import PipelineConfig
from flows.errors import InputError
from flows.model import RawFile, Rejection
from flows.store.rawstore import DEFAULT_MAX_BYTES, read_raw, source_of


@dataclass(slots=True)
class BatchOutput:
    """What the parent needs from one batch."""

    documents: pa.Table
    paragraphs: pa.Table
    rejects: pa.Table
    signatures: pa.Table  # doc_id, exact key, MinHash (flows.collection.dedup)
    files: int
    bytes: int
    timings: dict[str, float] = field(default_factory=dict)
    per_file: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # docs, words, rejects
    #: True when the worker wrote the part's files itself (flows.store.parts): ``documents`` then
    #: holds only the key columns and ``paragraphs`` is empty, ``paragraph_rows`` counts them.
    written: bool = False
    paragraph_rows: int = 0


def process_paths(
    raw_dir: str, paths: Sequence[str], config: PipelineConfig, max_bytes: int = DEFAULT_MAX_BYTES
) -> BatchOutput:
    """Read ``paths`` under ``raw_dir`` and process them; unreadable files become rejects.

    ``raw_dir`` may be an fsspec URL (``s3://bucket/raw``): the files are then read
    through fsspec, so a Dask worker needs no shared disk.
    """
    from flows.store.remote import is_remote, read_remote_raw

    remote = is_remote(raw_dir)
    root = Path(raw_dir)
    catalogue = {name: s.paths for name, s in config.sources.items() if s.paths}
    raws: list[RawFile] = []
    read_rejects: list[Rejection] = []
    start = time.perf_counter()
    for rel in paths:
        try:
            source = source_of(rel, catalogue)
            raws.append(read_remote_raw(raw_dir, rel, source, max_bytes) if remote
                        else read_raw(root, rel, source, max_bytes))
        except InputError as exc:
            read_rejects.append(Rejection(rel, "read", type(exc).__name__, str(exc)))
    read_seconds = time.perf_counter() - start
    result = process_batch(raws, config)
    result.rejections[:0] = read_rejects
    return to_output(result, config, read_seconds)


def to_output(result: BatchResult, config: PipelineConfig, read_seconds: float = 0.0) -> BatchOutput:
    """Arrow tables and dedup signatures for a batch result (timed as the 'export' stage;
    the parent writes JSON-LD once duplicates are known)."""
    start = time.perf_counter()
    docs = result.documents
    output = BatchOutput(
        documents=documents_table(docs),
        paragraphs=paragraphs_table(docs),
        rejects=rejects_table([r.as_record() for r in result.rejections]),
        signatures=signatures_table(docs, config.dedup),
        files=result.files + sum(1 for r in result.rejections if r.stage == "read"),
        bytes=result.bytes,
        timings={**result.timings, "read": read_seconds},
        per_file=_per_file(docs, result.rejections),
    )
    output.timings["export"] = time.perf_counter() - start
    return output


def _per_file(docs: Sequence[Mapping[str, Any]], rejections: Sequence[Rejection]) -> dict[str, tuple[int, int, int]]:
    counts: dict[str, list[int]] = {}
    for record in docs:
        entry = counts.setdefault(record["source_file"], [0, 0, 0])
        entry[0] += 1
        entry[1] += record["word_count"]
    for rejection in rejections:
        counts.setdefault(rejection.source_file, [0, 0, 0])[2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}
