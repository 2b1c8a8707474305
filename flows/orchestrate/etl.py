"""The docmill flow: a short list of stages over batches of raw files.

discover → scan and plan the refresh → process new and changed files in batches
(decode, repair, clean, split, validate) → merge with the rows of unchanged files →
export → publish, inside a lock and a staging folder that is swapped in whole at the end.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import prefect
import pyarrow as pa
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.deployments.runner import EntrypointType
from prefect.schedules import Cron, Interval
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

import flows
from flows.collection.refresh import FileScan, RefreshPlan, plan_refresh
from flows.config import PipelineConfig
from flows.errors import OutputError
from flows.orchestrate.interrupt import output_in_use, reclaim_signals, signals_deferred
from flows.orchestrate.pool import WorkerPool
from flows.orchestrate.prestart import start_fork_server
from flows.orchestrate.spec import (
    DEFAULT_BATCH_FILES,
    DEFAULT_FILE_TIMEOUT,
    RUN_ID,
    Found,
    RunSpec,
    default_workers,
    new_run_id,
    plan_batches,
)
from flows.orchestrate.tasks import discover_task, process_batch_task, scan_task
from flows.store.publish import report_artifacts
from flows.store.rawstore import DEFAULT_MAX_BYTES, Inventory
from flows.store.sink import OutputLock, Staging
from flows.store.state import PreviousRun, read_previous, skipped_digest
from flows.store.summary import RunReport, describe_refresh, summary_lines
from flows.store.writer import PartWriter, RunFacts, deduplicate, finish_run, record_unchanged_run

DEFAULT_CRON = "0 3 * * *"  # scheduled refreshes: daily at 03:00


#: How often the progress callback hears how many files are done (also inside a batch).
PROGRESS_TICK = 0.5


@flow(name="docmill-etl", validate_parameters=False, flow_run_name=new_run_id,  # a served run is named too
      task_runner=ThreadPoolTaskRunner(max_workers=max(2, default_workers())))  # type: ignore[arg-type]
def etl(
    raw_dir: str,
    out_dir: str,
    workers: int = 0,
    batch_files: int = DEFAULT_BATCH_FILES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lock_wait: float = 0.0,
    full: bool = False,
    progress: Callable[[int, int], None] | None = None,
    inner_pool: bool = True,
    file_timeout: float = DEFAULT_FILE_TIMEOUT,
    lock_token: str | None = None,
    allow_foreign_out: bool = False,
    run_id: str | None = None,
    found: Found | None = None,
) -> dict[str, Any]:
    """Refresh ``out_dir`` from ``raw_dir``: clean new and changed files, carry the rest.

    ``full`` cleans every file again. When nothing changed, nothing is written but a
    line in the manifest's run history. Returns the run summary (counts, refresh,
    timings; the per-file table is in the run's artifacts).

    ``raw_dir`` and ``out_dir`` may be fsspec URLs (``s3://bucket/prefix``). A remote
    output is built in a local temporary folder by a full run and uploaded, manifest
    last (see docs/cluster.md). The other parameters are the fields of ``RunSpec``;
    ``file_timeout`` is enforced by the worker pool (``flows.orchestrate.pool``; not on
    Dask). ``run_id`` is the docmill run id (``run`` makes it and names the flow run after
    it); without it the flow run's own name is used, which ``new_run_id`` made.
    ``progress(files_done, files_total)`` is called about every ``PROGRESS_TICK`` seconds
    while files are cleaned. ``found`` is what the command found in the raw folder
    (``Found``): the flow then neither loads the catalogue nor lists the raw files again.
    """
    reclaim_signals()  # under `docmill run`, SIGTERM stops the run as SIGINT does (Prefect installed its own)
    started = time.perf_counter()
    spec = RunSpec(raw_dir=raw_dir, out_dir=out_dir, run_id=run_id or _flow_run_name() or new_run_id(),
                   workers=workers or default_workers(), batch_files=batch_files, max_bytes=max_bytes,
                   lock_wait=lock_wait, full=full, file_timeout=file_timeout, lock_token=lock_token,
                   allow_foreign_out=allow_foreign_out, inner_pool=inner_pool, found=found)
    logger = get_run_logger()
    logger.info("docmill run %s: %s → %s", spec.run_id, raw_dir, out_dir)
    config = spec.found.config if spec.found is not None else spec.raw.load_config()  # a served or called flow
    # Filled on first use (cached properties): filled now, before the scan reads them in one
    # thread while batch tasks send the config to workers from others (a dict changing while pickled).
    _ = config.fingerprint, config.base_fingerprint
    with spec.out.build() as local:  # a remote output is built locally as usual (a full run), then uploaded
        report = _refresh(_Run(spec, config, local, started, progress))
    _publish_artifacts(report)
    for line in summary_lines(report.summary, out_dir):
        logger.info("%s", line)
    # The per-file table and the dataset stats went into the artifacts above, and stay out of the
    # return value: Prefect walks a flow's return value looking for futures, element by element.
    return report.summary.as_dict()


@dataclass(frozen=True, slots=True)
class _Run:
    """One run in the flow: its spec, its config, the local folder it writes, its clock and progress callback."""

    spec: RunSpec
    config: PipelineConfig
    out: Path  # the output folder, or the local folder a remote output is built in
    started: float
    progress: Callable[[int, int], None] | None

    @property
    def run_id(self) -> str:
        assert self.spec.run_id is not None, "the flow names every run"
        return self.spec.run_id


def _refresh(run: _Run) -> RunReport:
    """Plan the refresh of the local output folder ``run.out`` and write it (or only record an unchanged run)."""
    spec = run.spec
    if spec.found is not None:
        inventory = spec.found.inventory
    else:
        spec.raw.check_apart(run.out)  # the command checked already; a served or called flow checks here
        inventory = discover_task(spec.raw_dir)
    batches = plan_batches(inventory.files, spec.batch_files) or [[]]
    layout = {"batch_files": str(spec.batch_files), "skipped": skipped_digest(inventory.skipped)}
    with OutputLock(run.out, spec.lock_wait, token=spec.lock_token, allow_foreign=spec.allow_foreign_out):
        previous = read_previous(run.out)

        def scan_and_plan() -> tuple[dict[str, FileScan], RefreshPlan]:
            # quote(): Prefect would otherwise walk every element of these parameters
            scans = scan_task(spec.raw_dir, quote(inventory.files), quote(run.config), spec.max_bytes)  # type: ignore[call-overload]
            return scans, plan_refresh(previous.files if previous else {}, scans, full=spec.full or previous is None,
                                       suspect=previous.missing_parts() if previous else ())

        if spec.full or previous is None:
            # Everything is cleaned whatever the scan says: the workers start now, and the scan
            # (the state the next refresh compares with) runs beside them.
            return _write_run(run, inventory, batches, scan_and_plan, previous, layout, eager=True)
        scans, plan = scan_and_plan()
        if plan.nothing_changed and previous.layout == layout:
            refresh = {"mode": "unchanged", **plan.counts(), "documents_added": 0, "documents_removed": 0}
            return record_unchanged_run(previous, run.run_id, spec.raw_dir, refresh, spec.workers,
                                        time.perf_counter() - run.started)
        return _write_run(run, inventory, batches, lambda: (scans, plan), previous, layout)


def _write_run(run: _Run, inventory: Inventory, batches: list[list[str]],
               planner: Callable[[], tuple[dict[str, FileScan], RefreshPlan]], previous: PreviousRun | None,
               layout: dict[str, str], eager: bool = False) -> RunReport:
    """Clean what the plan says, merge with carried rows part by part, swap the result in.

    ``eager``: every file is cleaned (a full run), so the batches are submitted before
    ``planner`` scans the raw files instead of after. Every file is cleaned in a worker
    process (also in a run of one batch): only there can a file that overruns
    ``file_timeout`` be stopped.
    """
    spec, config = run.spec, run.config
    with output_in_use(), Staging(run.out, run.run_id) as staging:
        if eager:
            work = {number: list(batch) for number, batch in enumerate(batches)}
        else:
            scans, plan = planner()
            process = plan.process
            work = {number: [f for f in batch if f in process] for number, batch in enumerate(batches)}
        # In worker processes, batches compete for the GIL neither with each other nor with the
        # Parquet writer and Prefect's client threads. Each batch task is handed the pool.
        pool = WorkerPool(min(spec.workers, max(1, sum(1 for files in work.values() if files))),
                          spec.file_timeout) if spec.inner_pool else None
        ticker: _ProgressTicker | None = None
        try:
            # quote() spares Prefect a walk over the config, the paths and the pool; Dask workers
            # would receive the bare values (and no pool)
            wrap: Callable[[Any], Any] = quote if pool is not None else (lambda value: value)
            # A part whose files are all cleaned now is written by the worker itself; parts that
            # carry unchanged rows (and every part on Dask, whose workers may not share our disk)
            # come back as tables and are merged here.
            futures = {number: process_batch_task.submit(  # type: ignore[call-overload]
                           spec.raw_dir, wrap(files), wrap(config), spec.max_bytes,
                           str(staging.path) if pool is not None and len(files) == len(batches[number]) else None,
                           number, wrap(pool))
                       for number, files in work.items() if files}
            ticker = _ProgressTicker(run.progress, {n: len(files) for n, files in work.items() if files}, futures,
                                     pool)
            if eager:
                scans, plan = planner()
            parts = PartWriter(staging.path, config, previous, plan, scans)
            # pyarrow imports pandas (when installed) on its first conversion of Python objects:
            # that happens now, while the workers clean, instead of after the last part
            pa.array([])
            gc.freeze()  # what exists now lives through the run: later collections need not scan it
            logger = get_run_logger()
            total_files = sum(len(files) for files in work.values())
            written = 0
            for number, batch in enumerate(batches):
                # pop: a written batch must not stay referenced (memory stays bounded by in-flight batches)
                parts.write(number, batch, futures.pop(number).result() if number in futures else None)
                # A Prefect future and its concurrent future reference each other (a done callback),
                # and through the task's final state they hold the batch result. Only the cycle
                # collector frees them, and its full passes are rare: without this, every written
                # batch would stay in memory until the run ends (see docs/performance.md).
                gc.collect()
                written += len(work.get(number, ()))
                logger.info("batch %d/%d written: %d file(s) cleaned; %d/%d files done, %.1f s", number + 1,
                            len(batches), len(work.get(number, ())), written, total_files,
                            time.perf_counter() - run.started)
        finally:
            if ticker is not None:
                ticker.stop()
            gc.unfreeze()
            if pool is not None:
                pool.close()  # a batch task that starts after this (the run is stopping) fails at once
        tally = parts.written()
        duplicates = deduplicate(staging.path, config, tally.index)
        facts = RunFacts(run.run_id, spec.raw_dir, files=len(inventory.files) + len(inventory.skipped),
                         workers=spec.workers, seconds=time.perf_counter() - run.started,
                         versions={"docmill": flows.__version__, "prefect": prefect.__version__}, layout=layout)
        report = finish_run(staging.path, config, tally, duplicates, inventory.skipped, facts, previous, plan)
        with signals_deferred():  # the swap and its clean-up are never cut in half
            staging.commit()
    return report


class _ProgressTicker:
    """Tells ``progress(files_done, files_total)`` how far the cleaning is, every ``PROGRESS_TICK`` s.

    Done: the files of finished batches, plus the files the ``pool``'s workers have
    finished in the batches they are on (each worker says which file of its batch it is
    on). Never goes backwards.
    """

    def __init__(self, progress: Callable[[int, int], None] | None, sizes: dict[int, int],
                 futures: dict[int, Any], pool: WorkerPool | None) -> None:
        self.progress = progress
        self.pool = pool
        self.total = sum(sizes.values())
        self.finished = 0
        self.shown = 0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        if progress is None:
            return
        for number, future in futures.items():
            future.add_done_callback(lambda _future, size=sizes[number]: self._finish(size))
        progress(0, self.total)
        self.thread = threading.Thread(target=self._tick, name="docmill-progress", daemon=True)
        self.thread.start()

    def _finish(self, size: int) -> None:
        with self.lock:
            self.finished += size

    def _done(self) -> int:
        with self.lock:
            done = self.finished + (self.pool.files_in_progress() if self.pool is not None else 0)
            self.shown = max(self.shown, min(done, self.total))
            return self.shown

    def _tick(self) -> None:
        while not self.stopped.wait(PROGRESS_TICK):
            self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self._done(), self.total)

    def stop(self) -> None:
        self.stopped.set()
        if self.progress is not None:
            self.thread.join()
            self._report()


def _flow_run_name() -> str | None:
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    name = context.flow_run.name if context is not None and context.flow_run is not None else None
    return name if name is not None and RUN_ID.fullmatch(name) else None  # a name given elsewhere is not a run id


def _publish_artifacts(report: RunReport) -> None:
    summary = report.summary
    if report.publication_stats is not None:  # None when nothing changed
        dataset_rows, dataset_markdown = report_artifacts(report.publication_stats)
        create_table_artifact(key="docmill-dataset", table=dataset_rows, description="docmill dataset summary")
        create_markdown_artifact(key="docmill-dataset-report", markdown=dataset_markdown,
                                 description="docmill dataset report")
    rows = [{"source_file": k, "documents": v[0], "words": v[1], "quarantined": v[2]}
            for k, v in sorted(report.per_file.items())]
    create_table_artifact(key="docmill-files", table=rows[:5000], description="Documents, words and quarantined items per raw file")
    create_markdown_artifact(
        key="docmill-summary",
        markdown=(
            f"# docmill run {summary.run_id}\n\n"
            f"- files: {summary.files} (processed {summary.processed}, rejected {summary.rejected}, "
            f"skipped {summary.skipped})\n- documents: {summary.documents}\n- words: {summary.words}\n"
            f"- quarantined: {summary.quarantined}\n- seconds: {summary.seconds:.1f}\n"
            f"- refresh: {describe_refresh(summary.refresh)}\n"
        ),
        description="docmill run summary",
    )


def serve_refresh(spec: RunSpec, name: str = "docmill-refresh", cron: str | None = DEFAULT_CRON,
                  interval: float | None = None, timezone: str | None = None) -> None:
    """Serve the refresh flow as a deployment and run it on its schedule until interrupted.

    ``flow.serve`` registers the deployment with the Prefect server (``PREFECT_API_URL``)
    and polls it for scheduled runs; each run executes in a subprocess. Stopping the
    process pauses the schedule.
    """
    schedule = Interval(dt.timedelta(seconds=interval)) if interval else Cron(cron or DEFAULT_CRON, timezone=timezone or "UTC")
    etl.serve(
        name=name,
        schedules=[schedule],
        parameters=spec.served_parameters(),
        description=f"Refresh {spec.out_dir} from {spec.raw_dir}: clean new and changed files, carry the rest (docmill).",
        tags=["docmill"],
        version=flows.__version__,
        limit=1,  # one refresh at a time: a run due while another works waits for it
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


class LocalCallback:
    """A progress callback that stays in this process.

    Prefect ships the flow run's context, parameters included, to every Dask worker; a
    callback closing over a progress bar (with its locks) cannot be pickled, and would
    mean nothing there. Pickled, this becomes a callback that does nothing.
    """

    def __init__(self, callback: Callable[[int, int], None] | None) -> None:
        self.callback = callback

    def __call__(self, done: int, total: int) -> None:
        if self.callback is not None:
            self.callback(done, total)

    def __reduce__(self) -> tuple[type[LocalCallback], tuple[None]]:
        return (LocalCallback, (None,))


def run(raw_dir: str, out_dir: str, workers: int = 0, task_workers: int | None = None, runner: str = "local",
        address: str | None = None, progress: Callable[[int, int], None] | None = None, **settings: Any) -> dict[str, Any]:
    """Run the flow on ``raw_dir`` into ``out_dir``; ``settings`` are further ``RunSpec`` fields.

    For callers that have no spec (tests, scripts): builds one and calls :func:`run_spec`.
    """
    spec = RunSpec(raw_dir=raw_dir, out_dir=out_dir, workers=workers or default_workers(),
                   run_id=settings.pop("run_id", None) or new_run_id(), **settings)
    return run_spec(spec, task_workers=task_workers, runner=runner, address=address, progress=progress)


def run_spec(spec: RunSpec, task_workers: int | None = None, runner: str = "local", address: str | None = None,
             progress: Callable[[int, int], None] | None = None, heartbeats: bool = True) -> dict[str, Any]:
    """Run the flow: ``runner="local"`` (a bounded thread pool for task runs, a process pool
    inside the batch task), or ``runner="dask"``: the batch tasks run on the Dask cluster at
    ``address``, or on a local cluster of ``spec.workers`` single-threaded processes when no
    address is given. Discovery, scanning and writing stay in this process either way.

    ``heartbeats=False`` turns the flow run's heartbeats off (see ``_without_heartbeats``).
    """
    if runner == "local":
        if address:
            raise OutputError("--address needs --runner dask")
        start_fork_server()  # the workers' fork server loads the pipeline while Prefect starts
        task_runner: Any = ThreadPoolTaskRunner(max_workers=task_workers or max(2, spec.workers))
        with _without_heartbeats(not heartbeats):
            return etl.with_options(task_runner=task_runner, flow_run_name=spec.run_id)(**spec.parameters(),
                                                                                        progress=progress)
    if runner != "dask":
        raise OutputError(f"unknown runner {runner!r}: use local or dask")
    from prefect_dask import DaskTaskRunner

    if address:
        task_runner = DaskTaskRunner(address=address)
    else:
        task_runner = DaskTaskRunner(cluster_kwargs={"n_workers": spec.workers, "threads_per_worker": 1,
                                                     "processes": True})
    spec = dataclasses.replace(spec, raw_dir=spec.raw.absolute().url, inner_pool=False)  # the workers' folder is not ours
    with _without_heartbeats(not heartbeats):
        return etl.with_options(task_runner=task_runner, flow_run_name=spec.run_id)(
            **spec.parameters(), progress=LocalCallback(progress) if progress is not None else None)


@contextlib.contextmanager
def _without_heartbeats(off: bool) -> Iterator[None]:
    """No flow-run heartbeats inside the block when ``off`` and the environment sets no frequency.

    Heartbeats let a server's automations mark a flow run whose process died as crashed.
    docmill's own servers (the background one runs without Prefect's services, the
    temporary one ends with the command) have nothing that reads them, and Prefect ends
    a flow run by waiting for its heartbeat thread to wake from its one-second sleep.
    """
    if not off or {"PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY"} & os.environ.keys():
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
