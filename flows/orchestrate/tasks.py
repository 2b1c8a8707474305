"""Thin Prefect tasks: one per stage, each over a batch (never one per document).

CPU-bound batches run in a pool of ``--workers`` processes (``flows.orchestrate.pool``):
the task's thread hands the batch to a worker process and waits, holding each file to
its time budget, so Prefect sees one task run per batch while the work runs on every
core, and the flow's own process is left to write finished batches. Only I/O is retried.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.collection.refresh import FileScan
from flows.config import PipelineConfig
from flows.orchestrate.pool import WorkerPool
from flows.store.batch import BatchOutput, process_paths
from flows.store.location import Location
from flows.store.parts import process_and_write, write_cleaned_part
from flows.store.rawstore import DEFAULT_MAX_BYTES, Inventory


def _retry_on_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only transient I/O failures; deterministic errors are quarantined instead."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(name="discover", retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_on_io, cache_policy=NO_CACHE)
def discover_task(raw_dir: str) -> Inventory:
    """List the raw files (sorted, relative paths) and what was skipped (a local folder or an fsspec URL)."""
    return Location(raw_dir).discover()


@task(name="scan", retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_on_io, cache_policy=NO_CACHE)
def scan_task(raw_dir: str, files: Sequence[str], config: PipelineConfig, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, FileScan]:
    """Source, size, sha256 and refresh key of every raw file (for the incremental refresh)."""
    return Location(raw_dir).scan(files, config, max_bytes)


@task(name="process-batch", retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_on_io, cache_policy=NO_CACHE)
def process_batch_task(
    raw_dir: str, paths: Sequence[str], config: PipelineConfig, max_bytes: int = DEFAULT_MAX_BYTES,
    part_root: str | None = None, number: int = 0, pool: WorkerPool | None = None,
) -> BatchOutput:
    """Read, decode, repair, clean, split, describe, validate and tabulate one batch.

    ``pool``: the run's worker pool, which cleans the batch in one of its processes
    (holding each file to its time budget); None runs it in this process (a Dask
    worker). With ``part_root`` (a part whose files are all cleaned now) the worker
    also writes the part's Parquet and JSON-LD files there and returns only what the
    parent needs.
    """
    if pool is not None:
        if part_root is not None:
            return pool.run(process_and_write, (raw_dir, list(paths), config, max_bytes, part_root, number), paths)
        return pool.run(process_paths, (raw_dir, list(paths), config, max_bytes), paths)
    output = process_paths(raw_dir, paths, config, max_bytes)
    return write_cleaned_part(Path(part_root), number, output, config) if part_root is not None else output
