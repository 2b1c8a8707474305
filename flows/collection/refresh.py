"""Incremental refresh: which raw files must be cleaned again (pure).

A run compares what it finds in the raw folder (:class:`FileScan`: path, source, size,
sha256 of the bytes, and the fingerprint of everything else the file's documents
depend on) with what the previous run recorded (:class:`FileState`). A file is
*unchanged* when its bytes, its source and its fingerprint are the same; its
documents are then copied from the previous output instead of being cleaned again.
Everything else is *added*, *changed* or *removed*. The io layer reads and writes
the state; this module only decides.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileScan:
    """A raw file as found by this run."""

    source_file: str
    source: str
    size: int
    sha256: str | None  # None when the file could not be read (it is then always processed)
    key: str  # PipelineConfig.file_fingerprint: rules, settings, code and overrides that shape it


@dataclass(frozen=True, slots=True)
class FileState:
    """What a run recorded about a raw file: its identity and what it became."""

    source_file: str
    source: str
    size: int
    sha256: str | None
    key: str
    part: int  # the output part file (part-NNNNN) holding its documents
    doc_ids: tuple[str, ...] = ()
    words: int = 0
    rejects: int = 0

    @property
    def counts(self) -> tuple[int, int, int]:
        """Its documents, words and reject rows: the per-file row of a run's report."""
        return len(self.doc_ids), self.words, self.rejects


@dataclass(frozen=True)
class RefreshPlan:
    """What a run does: files to clean, files to carry over, files to drop."""

    mode: str  # "full" (everything cleaned) or "incremental"
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]

    @functools.cached_property  # asked once per file: a set built per call made planning quadratic
    def process(self) -> frozenset[str]:
        """The files this run cleans (everything in a full run)."""
        if self.mode == "full":
            return frozenset((*self.added, *self.changed, *self.unchanged))
        return frozenset((*self.added, *self.changed))

    @functools.cached_property
    def carry(self) -> frozenset[str]:
        """The files whose rows are copied from the previous output."""
        return frozenset() if self.mode == "full" else frozenset(self.unchanged)

    @property
    def nothing_changed(self) -> bool:
        return self.mode != "full" and not (self.added or self.changed or self.removed)

    def counts(self) -> dict[str, int]:
        return {"files_added": len(self.added), "files_changed": len(self.changed),
                "files_removed": len(self.removed), "files_unchanged": len(self.unchanged),
                "files_processed": len(self.process)}


def plan_refresh(
    previous: Mapping[str, FileState],
    current: Mapping[str, FileScan],
    full: bool = False,
    suspect: Collection[str] = (),
) -> RefreshPlan:
    """Compare this run's scan with the previous state.

    ``full`` cleans every file (the classification is still reported); files in
    ``suspect`` (their previous rows cannot be read back) count as changed.
    """
    added, changed, unchanged = [], [], []
    for rel in sorted(current):
        scan, old = current[rel], previous.get(rel)
        if old is None:
            added.append(rel)
        elif (scan.sha256 is None or old.sha256 != scan.sha256 or old.key != scan.key
              or old.source != scan.source or rel in suspect):
            changed.append(rel)
        else:
            unchanged.append(rel)
    removed = sorted(set(previous) - set(current))
    return RefreshPlan("full" if full else "incremental", tuple(added), tuple(changed), tuple(removed),
                       tuple(unchanged))


def document_changes(previous: Mapping[str, FileState], current: Mapping[str, Collection[str]]) -> tuple[int, int]:
    """(documents added, documents removed), comparing doc ids file by file."""
    added = removed = 0
    for rel, ids in current.items():
        old = previous.get(rel)
        old_ids = set(old.doc_ids) if old else set()
        added += len(set(ids) - old_ids)
        removed += len(old_ids - set(ids))
    for rel in set(previous) - set(current):
        removed += len(previous[rel].doc_ids)
    return added, removed
