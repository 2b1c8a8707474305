"""What a run did, as the writer reports it and the command prints it.

``RunSummary`` is small and flat: the flow returns it as a plain dict (``as_dict``),
the command turns that back into a summary (``from_dict``) to print it. ``RunReport``
adds what only the flow's artifacts need: the per-file table and the dataset stats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class RunSummary:
    """The counts of one run. ``files`` = ``processed`` + ``rejected`` + ``skipped``;
    ``quarantined`` counts reject rows (files and documents) other than skipped files."""

    run_id: str
    finished: str  # ISO 8601, UTC, seconds
    raw_dir: str  # the raw folder's name
    files: int
    processed: int
    rejected: int
    skipped: int
    documents: int
    duplicates: int
    paragraphs: int
    words: int
    bytes: int  # raw bytes cleaned by this run (0 when nothing changed)
    quarantined: int
    reasons: dict[str, int]  # "stage: reason" -> reject rows
    workers: int
    seconds: float
    stage_seconds: dict[str, float]  # seconds per pipeline stage, summed over workers
    refresh: dict[str, Any]  # mode, files added/changed/removed/unchanged/processed, documents added/removed

    def as_dict(self) -> dict[str, Any]:
        """A plain dict of JSON values (the flow's return value)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunSummary:
        return cls(**{field.name: data[field.name] for field in fields(cls)})


@dataclass(frozen=True, slots=True)
class RunReport:
    """A run's summary with the tables behind its artifacts."""

    summary: RunSummary
    per_file: dict[str, tuple[int, int, int]]  # raw file -> documents, words, reject rows
    publication_stats: dict[str, Any] | None  # the dataset stats; None when nothing changed


def describe_refresh(refresh: Mapping[str, Any]) -> str:
    """One line: what the run cleaned, carried over and removed."""
    if refresh["mode"] == "unchanged":
        return f"nothing changed: 0 files processed, {refresh['files_unchanged']} unchanged; datasets untouched"
    return (f"{refresh['mode']}: {refresh['files_processed']} file(s) processed ({refresh['files_added']} added, "
            f"{refresh['files_changed']} changed), {refresh['files_unchanged']} unchanged, "
            f"{refresh['files_removed']} removed; documents +{refresh['documents_added']} -{refresh['documents_removed']}")


def summary_lines(summary: RunSummary, out: object) -> list[str]:
    """The run summary, as ``docmill run`` prints it and the flow run logs it."""
    lines = [
        f"docmill run {summary.run_id} → {out}",
        f"  files      {summary.files} = processed {summary.processed} + rejected {summary.rejected}"
        f" + skipped {summary.skipped}",
        f"  documents  {summary.documents}  paragraphs {summary.paragraphs}  words {summary.words}"
        f"  duplicates {summary.duplicates}",
        f"  quarantined {summary.quarantined}",
    ]
    lines += [f"    {count:>5}  {reason}" for reason, count in summary.reasons.items()]
    lines += [f"  refresh    {describe_refresh(summary.refresh)}",
              f"  time       {summary.seconds:.1f} s ({summary.bytes / 1e6:.1f} MB, {summary.workers} worker(s))"]
    return lines
