"""One batch of raw files: read them, run the pure pipeline, build Arrow tables.

This is the unit of work a worker process (or a Dask worker) runs; its result is a
few Arrow tables and small counters, cheap to hand back to the parent that writes.
The cleaning code is imported where a batch runs, not where it is handed out: the
command's process needs only ``BatchOutput`` and ``FileProgress`` from here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from flows.clean.export import documents_table, paragraphs_table, rejects_table
from flows.clean.stages import STAGES, StageTimer
from flows.collection.dedup import signatures_table
from flows.config import PipelineConfig
from flows.errors import InputError
from flows.model import Rejection
from flows.store.location import Location
from flows.store.rawstore import DEFAULT_MAX_BYTES, source_of

if TYPE_CHECKING:
    from flows.clean.pipeline import BatchResult


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


#: Where a worker can be within one file, in order; ``FileProgress`` reports them by position.
FILE_STAGES = ("read", *STAGES)


class FileProgress:
    """Which file of its batch a worker is on, in which stage, since when: a few doubles
    in shared memory that the parent reads to hold each file to its time budget.

    Slots: the file's index in the batch (-1 between files), its stage's position in
    ``FILE_STAGES``, and when the file started (``time.monotonic``, the same clock in
    every process). The start is set to +inf while the other slots change, so a reader
    never pairs a new file with an old start time.
    """

    __slots__ = ("slots",)

    def __init__(self, slots: Any) -> None:  # a multiprocessing RawArray("d", 3)
        self.slots = slots

    def begin(self, index: int) -> None:
        self.slots[2] = math.inf
        self.slots[0], self.slots[1] = index, 0
        self.slots[2] = time.monotonic()

    def stage(self, name: str) -> None:
        self.slots[1] = FILE_STAGES.index(name)

    def idle(self) -> None:
        self.slots[2] = math.inf
        self.slots[0], self.slots[1] = -1, 0

    def current(self) -> tuple[int, str, float]:
        """(file index or -1, stage, seconds on this file so far; 0 when idle)."""
        while True:
            started = self.slots[2]
            index, stage = int(self.slots[0]), FILE_STAGES[int(self.slots[1])]
            if self.slots[2] == started:  # unchanged while we read the other slots
                return (index, stage, time.monotonic() - started) if index >= 0 and started != math.inf \
                    else (-1, stage, 0.0)


class _ReportingTimer(StageTimer):
    """The pipeline's stage timer, also telling ``FileProgress`` which stage runs."""

    def __init__(self, timings: dict[str, float], progress: FileProgress) -> None:
        super().__init__(timings)
        self.progress = progress

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.progress.stage(name)
        with super().stage(name):
            yield


def process_paths(
    raw_dir: str, paths: Sequence[str], config: PipelineConfig, max_bytes: int = DEFAULT_MAX_BYTES,
    progress: FileProgress | None = None, settled: Mapping[str, Rejection] | None = None,
) -> BatchOutput:
    """Read ``paths`` under ``raw_dir`` and process them one by one; unreadable files become rejects.

    ``raw_dir`` may be an fsspec URL (``s3://bucket/raw``): the files are then read
    through fsspec, so a Dask worker needs no shared disk. ``progress`` is told which
    file and stage the work is in (a worker pool holds each file to a time budget with
    it); files in ``settled`` already have their rejection (a file that ran out of
    time on an earlier attempt) and are not read again.
    """
    from flows.clean.pipeline import BatchResult, process_file

    raw = Location(raw_dir)
    catalogue = config.source_paths
    settled = settled or {}
    result = BatchResult()
    timer = _ReportingTimer(result.timings, progress) if progress is not None else StageTimer(result.timings)
    read_seconds, read_failures = 0.0, 0
    for index, rel in enumerate(paths):
        if rel in settled:
            result.rejections.append(settled[rel])
            read_failures += 1
            continue
        if progress is not None:
            progress.begin(index)
        start = time.perf_counter()
        try:
            source = source_of(rel, catalogue)
            file = raw.read_raw(rel, source, max_bytes)
        except InputError as exc:
            result.rejections.append(Rejection(rel, "read", type(exc).__name__, str(exc)))
            read_failures += 1
            continue
        finally:
            read_seconds += time.perf_counter() - start
        one = process_file(file, config, timer)
        result.documents.extend(one.documents)
        result.rejections.extend(one.rejections)
        result.files += 1
        result.bytes += len(file.data)
    if progress is not None:
        progress.idle()
    return to_output(result, config, read_seconds, read_failures)


def to_output(result: BatchResult, config: PipelineConfig, read_seconds: float = 0.0, read_failures: int = 0) -> BatchOutput:
    """Arrow tables and dedup signatures for a batch result (timed as the 'export' stage;
    the parent writes JSON-LD once duplicates are known)."""
    start = time.perf_counter()
    docs = result.documents
    output = BatchOutput(
        documents=documents_table(docs),
        paragraphs=paragraphs_table(docs),
        rejects=rejects_table([r.as_record() for r in result.rejections]),
        signatures=signatures_table(docs, config.dedup),
        files=result.files + read_failures,
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
