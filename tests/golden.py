"""Regenerate golden expectations: ``make golden`` (review the diff before committing).

For the seeds (raw/) and every case in tests/cases/, the documents the pipeline
produces now are written as JSON beside the inputs. Tests compare against these files
exactly, so any change in cleaning shows up as a reviewed diff, never silently.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from flows.clean.pipeline import process_file
from flows.config import PipelineConfig
from flows.model import RawFile
from flows.store.config import load_config

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
SEED_GOLDEN = ROOT / "tests" / "golden"
FIELDS = ("part", "title", "subtitle", "authors", "publisher", "date_published", "url", "language", "section",
          "encoding", "author_bio", "sections", "links", "removed")


def case_input(case: Path) -> Path:
    return next(p for p in sorted(case.iterdir()) if p.name.startswith("input."))


def documents_for(path: Path, name: str, config: PipelineConfig) -> dict[str, Any]:
    """The golden view of one raw file: its documents (selected fields) and rejections."""
    result = process_file(RawFile(name, path.read_bytes()), config)
    docs = []
    for record in result.documents:
        doc = {key: record[key] for key in FIELDS}
        doc["date_published"] = record["date_published"].isoformat() if record["date_published"] else None
        docs.append(doc)
    return {"documents": docs, "rejections": [r.as_record() for r in result.rejections]}


def dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    config = load_config(ROOT / "raw")
    SEED_GOLDEN.mkdir(exist_ok=True)
    written = 0
    for path in sorted((ROOT / "raw").glob("*.txt")):
        (SEED_GOLDEN / f"{path.stem}.json").write_text(dump(documents_for(path, path.name, config)), encoding="utf-8")
        written += 1
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        source = case_input(case)
        (case / "expected.json").write_text(dump(documents_for(source, source.name, config)), encoding="utf-8")
        written += 1
    print(f"wrote {written} golden files; review with: git diff --stat tests/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
