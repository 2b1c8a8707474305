"""Where the per-file pipeline spends its time on a folder of pages.

    python -m benchmarks.profile_clean FOLDER [--limit N] [--top 30] [--repeat 1] [--no-profile]

Reads every file of ``FOLDER`` (sorted by name, the first ``--limit``) into memory,
warms the pipeline up on the first one, then runs ``process_file`` over all of them
in this process, one core, and prints:

* MB/s and pages/s of the plain loop (net of start-up and file reading), the best of
  ``--repeat`` passes, without a profiler attached; and MB/s per CPU-second of this
  process, which other processes on a shared machine disturb less;
* the pipeline's own per-stage timings (``process_batch``'s ``decode``, ``repair``,
  ``clean``, ``split``, ``validate``) and the content model's share of the time;
* with the profiler (unless ``--no-profile``): the top functions by own time and by
  cumulative time, from ``cProfile`` over one more pass.

The profiler slows per-call-heavy code more than the rest: read its columns as shares,
and the first line's MB/s as the speed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from pathlib import Path

from flows.clean import content
from flows.clean.pipeline import process_batch, process_file, warm_up
from flows.model import RawFile
from flows.store.config import load_config


def _load(folder: Path, limit: int | None) -> list[RawFile]:
    paths = sorted(p for p in folder.iterdir() if p.is_file())
    if limit:
        paths = paths[:limit]
    return [RawFile(p.name, p.read_bytes()) for p in paths]


class _ModelClock:
    """Time spent in ``content.remove_boilerplate`` (the content model), by wrapping it."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._inner = content.remove_boilerplate

    def __enter__(self) -> _ModelClock:
        def timed(*args: object, **kwargs: object) -> None:
            start = time.perf_counter()
            try:
                self._inner(*args, **kwargs)  # type: ignore[arg-type]
            finally:
                self.seconds += time.perf_counter() - start

        content.remove_boilerplate = timed  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        content.remove_boilerplate = self._inner  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N files only")
    parser.add_argument("--top", type=int, default=30, help="functions listed per profile table")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes (best one counts)")
    parser.add_argument("--no-profile", action="store_true", help="speed and stages only")
    args = parser.parse_args(argv)

    config = load_config()
    raws = _load(args.folder, args.limit)
    size = sum(len(raw.data) for raw in raws)
    warm_up()
    process_file(raws[0], config)

    best, cpu, result, model_s = float("inf"), 0.0, None, 0.0
    for _ in range(max(1, args.repeat)):
        with _ModelClock() as clock:
            start, start_cpu = time.perf_counter(), time.process_time()
            result = process_batch(raws, config)
            elapsed = time.perf_counter() - start
        if elapsed < best:
            best, cpu, model_s = elapsed, time.process_time() - start_cpu, clock.seconds
    assert result is not None
    print(f"{args.folder}: {len(raws)} files, {size / 1e6:.2f} MB, {len(result.documents)} documents, "
          f"{len(result.rejections)} rejections")
    print(f"process_file loop: {best:.2f} s, {size / 1e6 / best:.2f} MB/s, {len(raws) / best:.1f} files/s; "
          f"CPU {cpu:.2f} s, {size / 1e6 / cpu:.2f} MB/s per CPU-second (steadier on a busy machine)")
    total = sum(result.timings.values()) or 1.0
    for stage, seconds in result.timings.items():
        print(f"  {stage:<9} {seconds:7.2f} s  {seconds / total:6.1%}  {size / 1e6 / max(seconds, 1e-9):9.2f} MB/s")
    print(f"  content model {model_s:.2f} s, {model_s / best:.1%} of the per-document time")

    if not args.no_profile:
        profiler = cProfile.Profile()
        profiler.enable()
        process_batch(raws, config)
        profiler.disable()
        for sort in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(sort).print_stats(args.top)
            print(f"\n--- top {args.top} by {sort} ---")
            lines = out.getvalue().splitlines()
            header = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
            print("\n".join(line for line in lines[header:] if line.strip()))  # the table, not pstats' preamble
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
