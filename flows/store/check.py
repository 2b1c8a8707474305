"""``docmill validate``: check an output folder against the data contract."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.clean.export import DOCUMENT_SCHEMA, PARAGRAPH_SCHEMA, REJECT_SCHEMA
from flows.clean.validate import schema_errors
from flows.publish.tables import ADDED
from flows.store.config import load_schema
from flows.store.sink import sha256_file


def validate_output(out: Path) -> list[str]:
    """Every way ``out`` breaks the contract (empty when it is valid)."""
    if not out.is_dir():
        return [f"{out} is not a folder"]
    problems: list[str] = []
    manifest_path = out / "manifest.json"
    if not manifest_path.is_file():
        return [f"{manifest_path} is missing"]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{manifest_path} is not readable JSON: {exc}"]
    if not isinstance(manifest, dict):
        return [f"{manifest_path} is not a JSON object"]
    for entry in manifest.get("files", []):
        path = out / entry["path"]
        if not path.is_file():
            problems.append(f"manifest lists {entry['path']} but it is missing")
        elif path.stat().st_size != entry["bytes"] or sha256_file(path) != entry["sha256"]:
            problems.append(f"{entry['path']} does not match its size/sha256 in the manifest")
    version = _version((manifest.get("versions") or {}).get("schema"))
    schema = load_schema()
    expected = {"documents": DOCUMENT_SCHEMA, "paragraphs": PARAGRAPH_SCHEMA, "rejects": REJECT_SCHEMA}
    rows = 0
    for name, arrow_schema in expected.items():
        files = sorted((out / name).glob("*.parquet"))
        if not files:
            problems.append(f"{name}/ holds no Parquet file")
            continue
        for path in files:
            try:
                parquet = pq.ParquetFile(path)
            except (OSError, pa.ArrowException) as exc:
                problems.append(f"{name}/{path.name}: not readable as Parquet: {exc}")
                continue
            actual = parquet.schema_arrow
            for field in arrow_schema:
                added = ADDED.get((name, field.name))
                if added is not None and version < _version(added):
                    continue  # an output of an older contract version need not have it
                if field.name not in actual.names or not actual.field(field.name).type.equals(field.type):
                    problems.append(f"{name}/{path.name}: column {field.name} missing or not {field.type}")
            if name == "documents":
                for batch in parquet.iter_batches(batch_size=500):
                    for record in batch.to_pylist():
                        rows += 1
                        for error in schema_errors(record, schema):
                            problems.append(f"documents row {record.get('doc_id')}: {error}")
    counted = manifest.get("counts", {}).get("documents")
    if counted is not None and counted != rows:
        problems.append(f"manifest counts {counted} documents, the dataset holds {rows}")
    if not list((out / "jsonld").glob("*.jsonld")):
        problems.append("jsonld/ holds no JSON-LD file")
    return problems


def _version(text: object) -> tuple[int, ...]:
    """``"1.1.0"`` → ``(1, 1, 0)``; anything unreadable counts as the newest version."""
    try:
        return tuple(int(part) for part in str(text).split("."))
    except ValueError:
        return (10**9,)
