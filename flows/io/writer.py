"""Write one run's datasets into its staging folder, then its manifest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa

from flows.core.export import DOCUMENT_SCHEMA, PARAGRAPH_SCHEMA, REJECT_SCHEMA, rejects_table
from flows.core.model import Rejection
from flows.core.pipeline import PipelineConfig
from flows.io.batch import BatchOutput
from flows.io.publish import collect_stats, write_publications
from flows.io.sink import DatasetWriter, file_entries, write_bytes, write_json

SCHEMA_VERSION = "1.0.0"


class RunWriter:
    """Collects batch outputs (in batch order) into Parquet and JSON-LD files."""

    def __init__(self, root: Path, run_id: str, config: PipelineConfig) -> None:
        self.root = root
        self.run_id = run_id
        self.config = config
        self.documents = DatasetWriter(root / "documents", DOCUMENT_SCHEMA)
        self.paragraphs = DatasetWriter(root / "paragraphs", PARAGRAPH_SCHEMA)
        self.rejects: list[pa.Table] = []
        self.timings: dict[str, float] = {}
        self.per_file: dict[str, tuple[int, int, int]] = {}
        self.counts = {"documents": 0, "paragraphs": 0, "words": 0, "bytes": 0, "processed_files": 0}
        self.reasons: dict[str, int] = {}

    def add_skipped(self, skipped: Iterable[Rejection]) -> None:
        self.skipped = [r.as_record() for r in skipped]

    def write_batch(self, number: int, output: BatchOutput) -> None:
        name = f"part-{number:05d}"
        if output.documents.num_rows or number == 0:
            self.documents.write(name, output.documents)
            self.paragraphs.write(name, output.paragraphs)
            write_bytes(self.root / "jsonld" / f"{name}.jsonld", output.jsonld)
        if output.rejects.num_rows:
            self.rejects.append(output.rejects)
        for stage, seconds in output.timings.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds
        self.per_file.update(output.per_file)
        self.counts["documents"] += output.documents.num_rows
        self.counts["paragraphs"] += output.paragraphs.num_rows
        self.counts["words"] += sum(v[1] for v in output.per_file.values())
        self.counts["bytes"] += output.bytes
        self.counts["processed_files"] += output.files

    def finish(self, raw_dir: str, files: int, workers: int, seconds: float, versions: dict[str, str]) -> dict[str, Any]:
        """Write rejects and the manifest; return the run summary."""
        rejects = pa.concat_tables([rejects_table(self.skipped), *self.rejects]) if self.rejects or self.skipped \
            else REJECT_SCHEMA.empty_table()
        DatasetWriter(self.root / "rejects", REJECT_SCHEMA).write("part-00000", rejects)
        reject_rows = rejects.to_pylist()
        for row in reject_rows:
            self.reasons[f"{row['stage']}: {row['reason']}"] = self.reasons.get(f"{row['stage']}: {row['reason']}", 0) + 1
        rejected_files = {name for name, (docs, _, rejected) in self.per_file.items() if docs == 0 and rejected}
        skipped = sum(1 for r in reject_rows if r["stage"] == "discover")
        processed = sum(1 for v in self.per_file.values() if v[0] > 0)
        summary: dict[str, Any] = {
            "run_id": self.run_id,
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "raw_dir": Path(raw_dir).name,
            "files": files,
            "processed": processed,
            "rejected": len(rejected_files),
            "skipped": skipped,
            "documents": self.counts["documents"],
            "paragraphs": self.counts["paragraphs"],
            "words": self.counts["words"],
            "bytes": self.counts["bytes"],
            "quarantined": len(reject_rows) - skipped,
            "reasons": dict(sorted(self.reasons.items())),
            "workers": workers,
            "seconds": seconds,
            "stage_seconds": {k: round(v, 4) for k, v in sorted(self.timings.items())},
            "per_file": self.per_file,
        }
        manifest = {
            "run_id": self.run_id,
            "finished": summary["finished"],
            "versions": {**versions, "schema": SCHEMA_VERSION, "rules": self.config.fingerprint},
            "counts": {k: summary[k] for k in ("files", "processed", "rejected", "skipped", "documents",
                                               "paragraphs", "words", "quarantined")},
            "rejects_by_reason": summary["reasons"],
            "files": file_entries(self.root),
        }
        write_json(self.root / "manifest.json", manifest)
        stats = collect_stats(self.root)
        write_publications(self.root, manifest, stats=stats)  # croissant, datapackage, card, report
        summary["publication_stats"] = stats
        return summary
