"""The cleaning stages by name, and the timer that adds up the seconds spent in each.

Apart from ``pipeline`` so that code which only reports on stages (the worker pool's
progress slots, which the command's process reads) names them without importing the
cleaning code and its libraries.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = ("decode", "repair", "clean", "split", "validate")


class StageTimer:
    """Adds the time spent in each ``stage(name)`` block to ``timings[name]`` (seconds)."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
