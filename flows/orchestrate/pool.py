"""The worker pool: every batch is cleaned in a worker process the parent can kill.

Each worker is forked from a fork server that has imported and warmed the pipeline
(``flows.store.prefork``), so a new worker starts in milliseconds. A worker takes one
batch at a time over a pipe and reports, in a few doubles of shared memory
(``FileProgress``), which file of the batch it is on, in which stage and since when.
The thread that handed it the batch reads that while it waits: a file that runs
longer than the time budget (``--file-timeout``) has its worker killed, wherever the
time goes (Python, or C code that never returns to the interpreter). The file is
quarantined with reason ``Timeout`` and the stage it was in, a new worker takes the
dead one's place, and the batch runs again without that file. A worker that dies on
its own (a crash in C code) costs its file the same way, with reason ``WorkerCrashed``.

``close`` kills every worker at once: a run that stops (an interrupt, an error) has
no use for their work, and its staging folder is removed after them.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from flows.model import Rejection
from flows.orchestrate.prestart import PRELOAD
from flows.orchestrate.spec import DEFAULT_FILE_TIMEOUT
from flows.store.batch import FileProgress

#: Files one batch may lose to dying workers before the batch fails instead (a machine out of memory, not a file).
MAX_CRASHES = 3
_CHECK_SECONDS = 0.2  # how often a waiting thread looks at its worker's progress
_PR_SET_PDEATHSIG = 1
T = TypeVar("T")


class PoolClosed(RuntimeError):
    """The pool was closed (the run is stopping) while a batch waited for or ran in it."""


class _Raised(Exception):
    """Carries the exception a batch function raised in its worker."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(error)
        self.error = error


@dataclass(slots=True, eq=False)  # compared and hashed by identity
class _Worker:
    process: Any  # a multiprocessing Process
    conn: Connection
    progress: FileProgress

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()


class WorkerPool:
    """``workers`` processes that clean batches, each file held to ``file_timeout`` seconds."""

    def __init__(self, workers: int, file_timeout: float = DEFAULT_FILE_TIMEOUT) -> None:
        if not file_timeout > 0:
            raise ValueError("file_timeout must be above 0")
        self.file_timeout = file_timeout
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([PRELOAD])  # imported and warmed once, before workers fork
        self._lock = threading.Lock()
        self._closed = False
        self._live: set[_Worker] = set()
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        for _ in range(max(1, workers)):
            self._idle.put(self._spawn())

    def run(self, function: Callable[..., T], args: Sequence[Any], paths: Sequence[str]) -> T:
        """``function(*args, progress=..., settled=...)`` in a worker; ``paths`` are the batch's files in order.

        Files that run out of time (or kill their worker) are handed to the next attempt
        in ``settled``, as rejections, and are not run again.
        """
        settled: dict[str, Rejection] = {}
        crashes = 0
        while True:
            worker = self._take()
            try:
                result, lost = self._attempt(worker, function, args, paths, settled)
            except _Raised as raised:  # the function raised in the worker, which is fine and serves on
                self._idle.put(worker)
                raise raised.error from None
            except BaseException as exc:
                self._replace(worker)
                if self._closed and not isinstance(exc, PoolClosed):
                    raise PoolClosed("the worker pool was closed") from exc  # never an I/O error to retry
                raise
            if lost is None:
                self._idle.put(worker)
                return result
            self._replace(worker)
            if lost.reason == "WorkerCrashed":
                crashes += 1
                if crashes > MAX_CRASHES:
                    raise RuntimeError(f"worker processes died on {crashes} files of one batch; the last: {lost.detail}")
            settled[lost.source_file] = lost

    def files_in_progress(self) -> int:
        """Files the busy workers have finished in the batches they are on (for progress reports)."""
        with self._lock:
            workers = list(self._live)
        return sum(max(0, worker.progress.current()[0]) for worker in workers)

    def close(self) -> None:
        """Kill every worker (idle or busy); waiting and later ``run`` calls raise ``PoolClosed``."""
        with self._lock:
            self._closed = True
            workers = list(self._live)
            self._live.clear()
        for worker in workers:
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()
        for worker in workers:
            worker.kill()  # joins

    # ------------------------------------------------------------------ internals

    def _spawn(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise PoolClosed("the worker pool was closed")
            parent_end, child_end = self._context.Pipe()
            slots = self._context.RawArray("d", [-1.0, 0.0, math.inf])
            process = self._context.Process(target=_serve, args=(child_end, slots), name="docmill-worker", daemon=True)
            process.start()
            child_end.close()
            worker = _Worker(process, parent_end, FileProgress(slots))
            self._live.add(worker)
            return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a new one in the idle queue (none once the pool is closed).
        The worker leaves the live set once it is dead: ``close`` never misses a live one."""
        worker.kill()
        with self._lock:
            self._live.discard(worker)
        with contextlib.suppress(PoolClosed):
            self._idle.put(self._spawn())

    def _take(self) -> _Worker:
        while True:
            if self._closed:
                raise PoolClosed("the worker pool was closed")
            with contextlib.suppress(queue.Empty):
                return self._idle.get(timeout=_CHECK_SECONDS)

    def _attempt(self, worker: _Worker, function: Callable[..., Any], args: Sequence[Any],
                 paths: Sequence[str], settled: dict[str, Rejection]) -> tuple[Any, Rejection | None]:
        """One try at the batch: (its output, None), or (None, the file whose worker was lost)."""
        # the fork server was started with the environment of its time: hand over today's
        # (storage credentials, settings), so a worker sees what this run sees
        worker.conn.send((function, tuple(args), settled, dict(os.environ)))
        while True:
            _, _, seconds = worker.progress.current()
            if worker.conn.poll(min(_CHECK_SECONDS, max(0.01, self.file_timeout - seconds))):
                try:
                    status, value = worker.conn.recv()
                except (EOFError, OSError):
                    return None, self._lost(worker, paths)
                if status == "ok":
                    return value, None
                raise _Raised(value)
            if self._closed:
                raise PoolClosed("the worker pool was closed")
            index, stage, seconds = worker.progress.current()
            if index >= 0 and seconds > self.file_timeout:  # over budget, even if it ends the file as we kill
                worker.kill()
                return None, Rejection(paths[index], stage, "Timeout", f"took more than {self.file_timeout:g} s "
                                                                      "(--file-timeout)")
            if not worker.process.is_alive():
                return None, self._lost(worker, paths)

    def _lost(self, worker: _Worker, paths: Sequence[str]) -> Rejection:
        """The worker died by itself: the file it was on takes the blame, unless the run is stopping."""
        worker.kill()
        if self._closed:
            raise PoolClosed("the worker pool was closed")
        code = worker.process.exitcode
        if code in (-signal.SIGTERM, -signal.SIGINT):
            raise PoolClosed(f"a worker process was stopped by signal {-code}")
        index, stage, _ = worker.progress.current()
        if index < 0:
            raise RuntimeError(f"a worker process died between files (exit code {code})")
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
        return Rejection(paths[index], stage, "WorkerCrashed", f"the worker process died on this file ({how})")


def _serve(conn: Connection, slots: Any) -> None:
    """A worker's life: batches in, outputs (or the exception) out, until the pipe closes."""
    for signum in (signal.SIGINT, signal.SIGTERM):  # a terminal's Ctrl-C reaches the whole group: the parent decides
        signal.signal(signum, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):  # end with the fork server, which ends with the run
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    progress = FileProgress(slots)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        function, args, settled, environment = job
        if environment != os.environ:
            os.environ.clear()
            os.environ.update(environment)
        try:
            reply: tuple[str, Any] = ("ok", function(*args, progress=progress, settled=settled))
        except Exception as exc:
            reply = ("error", exc)
        progress.idle()
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # an exception the pipe cannot send: send its text
            conn.send(("error", RuntimeError(f"{type(reply[1]).__name__}: {reply[1]} ({exc})")))
