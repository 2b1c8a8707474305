"""What ``docmill run`` shows while it works: a progress bar on a terminal, plain lines elsewhere.

On a terminal: a ``rich`` bar with files done / total, MB/s, elapsed time and ETA, shown
from the first second (the total comes from discovery, before Prefect starts). When
stderr is not a terminal (cron, a log file): one plain line every ``LINE_SECONDS``
seconds or every 10 % of the files, whichever comes first. ``quiet`` shows neither.

Nothing here imports Prefect: the bar is up while Prefect starts.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import Any, TextIO

#: Seconds between two plain progress lines (also printed at every 10 % of the files).
LINE_SECONDS = 5.0


def _rate(files: float, seconds: float, bytes_per_file: float | None) -> str:
    if bytes_per_file is None or seconds <= 0:
        return "– MB/s"
    rate = files * bytes_per_file / seconds / 1e6
    return f"{rate:.1f} MB/s" if rate >= 1 else f"{rate:.2f} MB/s"


def _eta(done: int, total: int, seconds: float) -> str:
    if done <= 0 or seconds <= 0:
        return "ETA –"
    left = (total - done) * seconds / done
    return f"ETA {left:.0f} s" if left < 120 else f"ETA {left / 60:.0f} min"


class RunProgress:
    """The progress of one run: ``update(files_done, files_total)`` from any thread.

    ``files`` and ``size`` (bytes) are what discovery found, None when unknown (``size``
    when a remote listing gave no sizes); MB/s is files per second times the average file size.
    """

    def __init__(self, files: int | None, size: int | None, quiet: bool = False,
                 stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.bytes_per_file = size / files if files and size is not None else None
        self.total = files
        self.started: float | None = None  # when the first file count came in
        self.lock = threading.Lock()
        self.bar: Any = None
        self.job: Any = None
        self.last_line = 0.0
        self.last_tenth = -1
        self.interactive = (not quiet) and self.stream.isatty()

    def __enter__(self) -> RunProgress:
        if self.interactive:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("{task.fields[eta]}"),
                console=Console(file=self.stream), transient=True,
            )
            self.bar.start()
            self.job = self.bar.add_task("starting", total=self.total, rate="", eta="")
        elif not self.quiet:
            counted = f"{self.total} file(s)" if self.total is not None else "files"
            self.line(f"docmill: starting a run on {counted}")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()

    def stage(self, description: str) -> None:
        """What the run does before files are cleaned (shown in the bar's label)."""
        if self.bar is not None:
            self.bar.update(self.job, description=description)

    def note(self, text: str) -> None:
        """A line above the bar (or on its own), shown even with ``quiet``."""
        if self.bar is not None:
            self.bar.console.print(text, markup=False, highlight=False)
        else:
            self.line(text)

    def line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def update(self, done: int, total: int) -> None:
        """``done`` of the ``total`` files this run cleans are done."""
        if self.quiet:
            return
        with self.lock:
            now = time.monotonic()
            if self.started is None:
                self.started = now
            seconds = now - self.started
            rate, eta = _rate(done, seconds, self.bytes_per_file), _eta(done, total, seconds)
            if self.bar is not None:
                self.bar.update(self.job, description="cleaning" if done < total else "writing", completed=done, total=total, rate=rate,
                                eta=eta if done < total else "")
                return
            tenth = done * 10 // total if total else 10
            if tenth > self.last_tenth or now - self.last_line >= LINE_SECONDS:
                if tenth == self.last_tenth and done == total:
                    return  # the last line said so already
                self.last_tenth, self.last_line = tenth, now
                percent = 100 * done // total if total else 100
                self.line(f"docmill: {done}/{total} files ({percent} %), {rate}, {eta}")
