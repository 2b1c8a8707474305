"""Stopping a run on SIGINT or SIGTERM: within seconds, the previous output untouched, no process left.

``StopOnSignal`` wraps the ``docmill run`` command. The first signal raises
``Interrupted`` in the main thread, so the run unwinds through its own ``finally``
blocks and context managers: the worker pool is killed, the staging folder removed
(``output_in_use`` tells when that is done), the lock released. Prefect's handling of
the crashed flow run then talks to its server, which may be gone already (a terminal's
Ctrl-C reaches the whole process group) and may retry for a minute; nothing waits for
that. Once the output is released, the command ends its remaining child processes
(those in its process group: the temporary Prefect server, the fork server) and exits
with 128 + the signal number, after one line on stderr, without running the exit
handlers that would wait for Prefect's threads. A watchdog thread does the same if the
main thread is still inside Prefect by then. Before it exits, once its children are
dead, the command removes any staging folder of its own still on disk
(``flows.store.sink.remove_live_staging``): a run's removal cut short leaves nothing.

The output swap itself is never cut in half: ``signals_deferred`` holds signals
until it is done (the swap is atomic anyway; this keeps its clean-up whole).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from flows.store.location import Location

SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: How long the watchdog waits for a run to release its output before exiting anyway
#: (the staging folder and lock of a run that did not release them are a dead run's:
#: the next run removes them).
RELEASE_WAIT = 20.0
#: How long child processes get to end after SIGTERM before they are killed.
CHILD_GRACE = 1.0


class Interrupted(BaseException):
    """A SIGINT or SIGTERM stopped the run (a BaseException: no ``except Exception`` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _OutputUse:
    """How many runs of this process have a staging folder (or workers writing into one) right now."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        with self.changed:
            self.count += 1
        try:
            yield
        finally:
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_released(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout)


_OUTPUT = _OutputUse()


def output_in_use() -> contextlib.AbstractContextManager[None]:
    """Around the part of a run that writes beside the output (staging folder, workers):
    an interrupted command exits only once every such block has been left."""
    return _OUTPUT.held()


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done, then reach their handlers as usual.

    Only the main thread can change handlers; elsewhere the block runs as is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = {signum: signal.signal(signum, lambda received, frame: pending.append(received)) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if pending:
            signal.raise_signal(pending[0])


_ACTIVE: StopOnSignal | None = None


def reclaim_signals() -> None:
    """Inside a flow run, put the command's SIGTERM handler back in place of Prefect's.

    Prefect's flow engine installs its own (it turns SIGTERM into an exception after
    reporting the crash to its server, which can take long when that server is gone).
    Only under ``docmill run``'s ``StopOnSignal``, and only from the main thread: a
    served flow run keeps Prefect's handler, which its runner uses to cancel it.
    """
    if _ACTIVE is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _ACTIVE.handle)


class StopOnSignal:
    """The ``docmill run`` command's signal handling (see the module docstring).

    ``out`` is the output folder, for the closing message: whether the previous output
    is still in place (the usual case) or the new one was swapped in just before the
    signal. ``on_stop`` callbacks run before the exit (the command's lock release).
    """

    def __init__(self, out: str | Path | None) -> None:
        self.out = Location(str(out)).path if out is not None else None  # a remote output has no folder here
        self.signum: int | None = None
        self._before = self._identity()
        self._previous: dict[int, Any] = {}
        self._callbacks: list[Callable[[], object]] = []
        self._finishing = threading.Lock()

    def on_stop(self, callback: Callable[[], object]) -> None:
        self._callbacks.append(callback)

    def __enter__(self) -> StopOnSignal:
        global _ACTIVE
        self._previous = {signum: signal.signal(signum, self.handle) for signum in SIGNALS}
        _ACTIVE = self
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        global _ACTIVE
        if self.signum is None and exc is not None and _is_stop(exc):
            self.signum = getattr(exc, "signum", None) or getattr(exc, "signal", None) or signal.SIGINT
        if self.signum is not None:
            self.finish()
        _ACTIVE = None
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        stop_helpers()  # the fork server and resource tracker would outlive the command for a moment

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            return  # already stopping: let the clean-up finish
        self.signum = signum
        _silence()
        threading.Thread(target=self._watch, name="docmill-stop", daemon=True).start()
        raise Interrupted(signum)

    def _watch(self) -> None:
        _OUTPUT.wait_released(RELEASE_WAIT)
        self.finish()

    def finish(self) -> NoReturn:
        """End our child processes, say what happened, exit with 128 + the signal (once, from any thread)."""
        self._finishing.acquire()  # a second caller waits here until the process is gone
        _silence()
        end_children()  # no worker writes into a staging folder after this
        with contextlib.suppress(Exception):
            from flows.store.sink import remove_live_staging  # pyarrow: not for every command's start

            remove_live_staging()  # what the run's own removal left, if anything cut it short
        for callback in self._callbacks:
            with contextlib.suppress(Exception):
                callback()
        signum = self.signum or signal.SIGINT
        replaced = self._before != self._identity()
        state = "the new output was already in place" if replaced else "the previous output is unchanged"
        with contextlib.suppress(Exception):
            if sys.stderr.isatty():
                sys.stderr.write("\x1b[?25h")  # the progress bar hid the cursor
            sys.stdout.flush()
            sys.stderr.write(f"docmill: interrupted; {state}\n")
            sys.stderr.flush()
        os._exit(128 + signum)

    def _identity(self) -> tuple[int, int] | None:
        """The output folder's device and inode: a swap replaces the folder."""
        if self.out is None:
            return None
        try:
            stat = os.stat(self.out)
        except OSError:
            return None
        return stat.st_dev, stat.st_ino


def _is_stop(exc: BaseException) -> bool:
    """Interrupted, KeyboardInterrupt, or Prefect's TerminationSignal (by name: Prefect may not be imported)."""
    return isinstance(exc, Interrupted | KeyboardInterrupt) or type(exc).__name__ == "TerminationSignal"


def _silence() -> None:
    """No more log lines or thread tracebacks: the one line the command prints is the message."""
    logging.disable(logging.CRITICAL)
    threading.excepthook = lambda args: None


def end_children(grace: float = CHILD_GRACE) -> list[int]:
    """SIGTERM, then SIGKILL, every descendant of this process that is in its process group.

    Those are the processes this command started (workers, fork server, Prefect's
    temporary server); a process started in a session of its own (docmill's background
    Prefect server) is left alone on purpose. Returns the pids that were ended.
    """
    import psutil

    group = os.getpgrp()
    children = []
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error, OSError):
            if os.getpgid(child.pid) == group:
                children.append(child)
    helpers = _helper_pids()
    for child in children:  # the fork server and resource tracker hold nothing: killed at once (the tracker ignores SIGTERM)
        with contextlib.suppress(psutil.Error):
            child.kill() if child.pid in helpers else child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=grace)
    return [child.pid for child in children]


def _helper_pids() -> set[int]:
    from multiprocessing import forkserver, resource_tracker

    return {pid for pid in (getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None),
                            getattr(getattr(resource_tracker, "_resource_tracker", None), "_pid", None))
            if pid is not None}


def stop_helpers() -> None:
    """End the fork server and the resource tracker multiprocessing started for the pool.

    Both would otherwise end on their own only after this process exits (they wait for
    its pipes to close), so a command would leave them behind for a moment. These are
    CPython's own stop methods (its test suite uses them); absent ones are skipped.
    """
    from multiprocessing import forkserver, resource_tracker

    import psutil

    server = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if server is not None:  # a worker still alive would keep the fork server waiting for it
        with contextlib.suppress(psutil.Error):
            workers = psutil.Process(server).children()
            for worker in workers:
                worker.kill()
            psutil.wait_procs(workers, timeout=5)
            # Its work is over. Killed, it need not finish preloading the pipeline first (a run with
            # nothing to clean may end while it still imports, and a graceful stop would wait for that).
            psutil.Process(server).kill()
    for helper in (getattr(forkserver, "_forkserver", None), getattr(resource_tracker, "_resource_tracker", None)):
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            with contextlib.suppress(OSError, ChildProcessError):
                stop()


__all__ = ["Interrupted", "StopOnSignal", "end_children", "output_in_use", "reclaim_signals", "signals_deferred",
           "stop_helpers"]
