"""The docmill flow: a short list of stages over batches of raw files.

discover → plan batches → process (decode, repair, clean, split, validate) → export
→ publish, inside a lock and a staging folder that is swapped in whole at the end.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import prefect
from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

import flows
from flows.io.config import check_rules, load_config
from flows.io.publish import report_artifacts
from flows.io.rawstore import DEFAULT_MAX_BYTES
from flows.io.sink import OutputLock, Staging
from flows.io.writer import RunWriter
from flows.tasks import default_workers, discover_task, process_batch_task, start_pool, stop_pool

DEFAULT_BATCH_FILES = 500


def plan_batches(files: Sequence[str], batch_files: int) -> list[list[str]]:
    """Contiguous chunks of the sorted file list: the same input gives the same batches."""
    return [list(files[i : i + batch_files]) for i in range(0, len(files), batch_files)]


@flow(name="docmill-etl", validate_parameters=False)
def etl(
    raw_dir: str,
    out_dir: str,
    workers: int = 0,
    batch_files: int = DEFAULT_BATCH_FILES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lock_wait: float = 0.0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run the pipeline on ``raw_dir`` into ``out_dir``; returns the run summary."""
    started = time.perf_counter()
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]
    workers = workers or default_workers()
    raw, out = Path(raw_dir), Path(out_dir)
    config = load_config(raw)
    check_rules(config)
    inventory = discover_task(raw_dir)
    batches = plan_batches(inventory.files, batch_files)
    with OutputLock(out, lock_wait), Staging(out, run_id) as staging:
        writer = RunWriter(staging.path, run_id, config)
        writer.add_skipped(inventory.skipped)
        start_pool(workers)
        try:
            futures = [process_batch_task.submit(raw_dir, batch, quote(config), max_bytes)  # type: ignore[call-overload]
                       for batch in batches]
            for number, future in enumerate(futures):
                writer.write_batch(number, future.result())
                if progress:
                    progress(number + 1, len(futures))
        finally:
            stop_pool()
        summary = writer.finish(
            raw_dir=raw_dir, files=len(inventory.files) + len(inventory.skipped),
            workers=workers, seconds=time.perf_counter() - started,
            versions={"docmill": flows.__version__, "prefect": prefect.__version__},
        )
        staging.commit()
    _publish_artifacts(summary)
    return summary


def _publish_artifacts(summary: dict[str, Any]) -> None:
    dataset_rows, dataset_markdown = report_artifacts(summary["publication_stats"])
    create_table_artifact(key="docmill-dataset", table=dataset_rows, description="docmill dataset summary")
    create_markdown_artifact(key="docmill-dataset-report", markdown=dataset_markdown,
                             description="docmill dataset report")
    rows = [{"source_file": k, "documents": v[0], "words": v[1], "quarantined": v[2]}
            for k, v in sorted(summary["per_file"].items())]
    create_table_artifact(key="docmill-files", table=rows[:5000], description="Documents, words and quarantined items per raw file")
    create_markdown_artifact(
        key="docmill-summary",
        markdown=(
            f"# docmill run {summary['run_id']}\n\n"
            f"- files: {summary['files']} (processed {summary['processed']}, rejected {summary['rejected']}, "
            f"skipped {summary['skipped']})\n- documents: {summary['documents']}\n- words: {summary['words']}\n"
            f"- quarantined: {summary['quarantined']}\n- seconds: {summary['seconds']:.1f}\n"
        ),
        description="docmill run summary",
    )


def run(raw_dir: str, out_dir: str, workers: int = 0, task_workers: int | None = None, **kwargs: Any) -> dict[str, Any]:
    """Run the flow with a bounded thread pool for task runs."""
    workers = workers or default_workers()
    runner: Any = ThreadPoolTaskRunner(max_workers=task_workers or max(2, workers))
    return etl.with_options(task_runner=runner)(raw_dir, out_dir, workers=workers, **kwargs)
