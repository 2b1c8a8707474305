"""Output parts: the Parquet and JSON-LD files of one batch, built the same way wherever they are written.

A part whose files were all cleaned in this run (every part of a full run) is written
by the worker process that cleaned it, straight into the run's staging folder: the
parent then receives only the few columns it needs for the state, the dedup index and
the counts, and spends its time on neither encoding nor unpickling whole documents. A
part that mixes cleaned rows with rows carried over from the previous output is merged
and written by the parent (``flows.store.writer``) with these same functions, so the bytes
are the same either way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from flows.clean.export import DOCUMENT_SCHEMA, PARAGRAPH_SCHEMA, jsonld_document
from flows.config import PipelineConfig
from flows.model import Rejection
from flows.store.batch import BatchOutput, FileProgress, process_paths
from flows.store.rawstore import DEFAULT_MAX_BYTES
from flows.store.sink import DatasetWriter, write_bytes

#: Columns a JSON-LD node is built from (not the heavy nested ones).
JSONLD_COLUMNS = ("doc_id", "source_file", "part", "title", "subtitle", "authors", "publisher", "date_published",
                  "url", "language", "section", "body", "word_count", "source", "licence", "duplicate_of")
#: What the parent keeps of a part a worker wrote: enough for the state, the index and the counts.
KEY_COLUMNS = ("doc_id", "source_file", "part", "duplicate_of")


def part_name(number: int) -> str:
    return f"part-{number:05d}"


def concat(tables: Sequence[pa.Table], schema: pa.Schema) -> pa.Table:
    tables = [t.cast(schema) for t in tables if t.num_rows]
    return pa.concat_tables(tables) if tables else schema.empty_table()


def arrange(documents: pa.Table, paragraphs: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Documents by source file and part; paragraphs in their documents' order, then by index."""
    documents = documents.sort_by([("source_file", "ascending"), ("part", "ascending")])
    if not paragraphs.num_rows:
        return documents, paragraphs
    position = pc.index_in(paragraphs["doc_id"], value_set=documents["doc_id"])
    ordered = paragraphs.append_column("_position", position).sort_by([("_position", "ascending"), ("index", "ascending")])
    return documents, ordered.drop_columns(["_position"])


def part_jsonld(documents: pa.Table, config: PipelineConfig) -> bytes:
    """The JSON-LD file of a part, built from its final rows."""
    from flows.clean.pipeline import jsonld_for  # the cleaning code: loaded here only when a part is built

    records = documents.select(list(JSONLD_COLUMNS)).to_pylist()
    return jsonld_document(jsonld_for(record, config, record["source"]) for record in records)


def write_part_files(root: Path, number: int, documents: pa.Table, paragraphs: pa.Table, config: PipelineConfig) -> None:
    """``documents/``, ``paragraphs/`` and ``jsonld/`` files of part ``number`` (part 0 is written even when empty)."""
    if not documents.num_rows and number != 0:
        return
    name = part_name(number)
    DatasetWriter(root / "documents", DOCUMENT_SCHEMA).write(name, documents)
    DatasetWriter(root / "paragraphs", PARAGRAPH_SCHEMA).write(name, paragraphs)
    write_bytes(root / "jsonld" / f"{name}.jsonld", part_jsonld(documents, config))


def write_cleaned_part(root: Path, number: int, output: BatchOutput, config: PipelineConfig) -> BatchOutput:
    """Write the part of a batch whose files were all cleaned; return the batch without its heavy tables."""
    documents, paragraphs = arrange(concat([output.documents], DOCUMENT_SCHEMA), concat([output.paragraphs], PARAGRAPH_SCHEMA))
    write_part_files(root, number, documents, paragraphs, config)
    return dataclasses.replace(output, documents=documents.select(list(KEY_COLUMNS)),
                               paragraphs=PARAGRAPH_SCHEMA.empty_table(), paragraph_rows=paragraphs.num_rows,
                               written=True)


def process_and_write(raw_dir: str, paths: Sequence[str], config: PipelineConfig, max_bytes: int = DEFAULT_MAX_BYTES,
                      root: str = "", number: int = 0, progress: FileProgress | None = None,
                      settled: Mapping[str, Rejection] | None = None) -> BatchOutput:
    """A worker's whole job for one batch of a full part: clean it, write its files under ``root``
    (``progress`` and ``settled`` as in ``process_paths``; a second attempt overwrites the files)."""
    output = process_paths(raw_dir, paths, config, max_bytes, progress, settled)
    return write_cleaned_part(Path(root), number, output, config)
