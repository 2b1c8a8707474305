"""Speed on the prepared real-page set (``make eval-dev`` explains how to prepare it).

For each variant (``markdown/``, ``text/``, ``html/``) of the set, the same pages go through:

``1 worker``
    a plain ``process_batch`` loop over the pages in this process (chunks of
    ``CHUNK`` pages, each file read just before its chunk);
``N workers``
    the same chunks over a ``multiprocessing`` pool of N processes, each of which
    loads the configuration and warms up (``warm_up``) before the clock starts.

Before the clock, every process also cleans the variant's first page once (lazy
imports and compiled rules per kind of input would otherwise land in the first chunk).

Both are net of start-up (imports, configuration, language model): the clock runs
from the first chunk to the last result. Stage columns are the pipeline's own timings
(``BatchResult.timings``, plus ``read``) summed over workers, so their rates are per
worker-second. Then ``docmill run --full --prefect-server temporary`` on each variant
folder, wall time with start-up, beside a run over a one-page folder (start-up, mostly
the temporary Prefect server). Last, ``trafilatura.extract`` over the same HTML pages,
one core, beside docmill's HTML rate.

The pages are third-party: every scratch file lives in a temporary folder outside the
repository and is removed at the end.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

VARIANTS = ("markdown", "text", "html")
STAGES = ("read", "decode", "repair", "clean", "split", "validate")
CHUNK = 20
HOW_TO_PREPARE = "see `make eval-dev` for how to prepare it; point elsewhere with DEV=... or --dev"

_CONFIG: Any = None


def is_prepared(dev: Path) -> bool:
    """True when every variant folder of the set exists and holds files."""
    return all((dev / v).is_dir() and any((dev / v).iterdir()) for v in VARIANTS)


def pages_of(dev: Path, variant: str, limit: int | None) -> list[Path]:
    """The variant's files, sorted by name, the first ``limit`` of them."""
    files = sorted(p for p in (dev / variant).iterdir() if p.is_file())
    return files[:limit] if limit else files


def _init_worker(warm: str | None = None) -> None:
    """Load the configuration and warm the pipeline up on the page ``warm`` (start-up, outside the clock)."""
    global _CONFIG
    from flows.clean.pipeline import process_file, warm_up
    from flows.model import RawFile
    from flows.store.config import load_config

    _CONFIG = load_config()
    warm_up()
    if warm:
        process_file(RawFile(Path(warm).name, Path(warm).read_bytes()), _CONFIG)


def _ready(_: int) -> int:
    time.sleep(0.2)
    return os.getpid()


def _chunk(paths: Sequence[str]) -> tuple[int, int, dict[str, float]]:
    """(pages, documents, stage seconds) of ``process_batch`` over the files ``paths``."""
    from flows.clean.pipeline import process_batch
    from flows.model import RawFile

    started = time.perf_counter()
    raws = [RawFile(Path(p).name, Path(p).read_bytes()) for p in paths]
    read_s = time.perf_counter() - started
    result = process_batch(raws, _CONFIG)
    return result.files, len(result.documents), {"read": read_s, **result.timings}


def _chunks(pages: Sequence[Path]) -> list[list[str]]:
    from flows.orchestrate.spec import plan_batches

    return plan_batches([str(p) for p in pages], CHUNK)


def _add(total: dict[str, Any], pages: int, documents: int, stages: Mapping[str, float]) -> None:
    total["pages"] += pages
    total["documents"] += documents
    for key, value in stages.items():
        total["stage_s"][key] = total["stage_s"].get(key, 0.0) + value


def measure_loop(pages: Sequence[Path]) -> dict[str, Any]:
    """One worker: the plain loop in this process, net of start-up."""
    started = time.perf_counter()
    _init_worker(str(pages[0]))
    startup = time.perf_counter() - started
    total: dict[str, Any] = {"workers": 1, "pages": 0, "documents": 0, "stage_s": {}, "startup_s": startup}
    start = time.perf_counter()
    for chunk in _chunks(pages):
        _add(total, *_chunk(chunk))
    total["wall_s"] = time.perf_counter() - start
    return total


def measure_pool(pages: Sequence[Path], workers: int) -> dict[str, Any]:
    """N workers: a pool whose workers have all started up before the clock."""
    context = multiprocessing.get_context("forkserver")
    started = time.perf_counter()
    with context.Pool(workers, initializer=_init_worker, initargs=(str(pages[0]),)) as pool:
        seen: set[int] = set()
        while len(seen) < workers:  # every worker has run its initializer
            seen.update(pool.map(_ready, range(workers), chunksize=1))
        startup = time.perf_counter() - started
        total: dict[str, Any] = {"workers": workers, "pages": 0, "documents": 0, "stage_s": {}, "startup_s": startup}
        start = time.perf_counter()
        for one in pool.imap_unordered(_chunk, _chunks(pages)):
            _add(total, *one)
        total["wall_s"] = time.perf_counter() - start
    return total


def measure_trafilatura(pages: Sequence[Path]) -> dict[str, Any]:
    """``trafilatura.extract`` over the pages, one core, after one warm-up call."""
    import trafilatura

    data = [p.read_bytes() for p in pages]
    trafilatura.extract(data[0])
    start = time.perf_counter()
    extracted = sum(1 for page in data if trafilatura.extract(page))
    return {"pages": len(data), "extracted": extracted, "wall_s": time.perf_counter() - start}


def _docmill(python: str, raw: Path, out: Path, workers: int, env: Mapping[str, str]) -> float | None:
    """Wall seconds of ``docmill run --full --prefect-server temporary`` (None if it failed)."""
    cmd = [
        python, "-m", "flows.cli", "run", "--raw", str(raw), "--out", str(out), "--quiet", "--full",
        "--workers", str(workers), "--prefect-server", "temporary",
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=dict(env), check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        print(f"    docmill run failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-400:]}", flush=True)
        return None
    return wall


def run_real(
    dev: Path,
    *,
    limit: int | None,
    workers: Sequence[int],
    python: str,
    env: Mapping[str, str],
    cli: bool = True,
    variants: Sequence[str] = VARIANTS,
) -> dict[str, Any]:
    """Every measurement of the real part; progress lines as it goes."""
    figures: dict[str, Any] = {"dev": str(dev), "limit": limit, "variants": {}, "cli": {}, "trafilatura": None}
    scratch = Path(tempfile.mkdtemp(prefix="docmill-bench-real-"))
    cli_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    cli_env["PREFECT_HOME"] = str(scratch / "prefect-home")
    try:
        for variant in variants:
            pages = pages_of(dev, variant, limit)
            size = sum(p.stat().st_size for p in pages)
            rows = []
            for n in workers:
                row = measure_loop(pages) if n == 1 else measure_pool(pages, n)
                row["bytes"] = size
                rows.append(row)
                print(
                    f"  real {variant:<8} {n} worker(s): {row['pages']} pages, {size / 1e6:.1f} MB in {row['wall_s']:.2f} s "
                    f"(start-up {row['startup_s']:.1f} s apart)",
                    flush=True,
                )
            figures["variants"][variant] = rows
        if cli:
            one = scratch / "one-page"
            one.mkdir()
            first = pages_of(dev, "markdown", 1)[0]
            shutil.copy2(first, one / first.name)
            _docmill(python, one, scratch / "out-warm", 1, cli_env)  # creates the Prefect database once
            for n in workers:
                noop = _docmill(python, one, scratch / f"out-noop-{n}", n, cli_env)
                figures["cli"][f"noop-{n}"] = noop
                for variant in variants:
                    raw = dev / variant
                    if limit:
                        raw = scratch / f"raw-{variant}"
                        if not raw.exists():
                            raw.mkdir()
                            for page in pages_of(dev, variant, limit):
                                shutil.copy2(page, raw / page.name)
                    wall = _docmill(python, raw, scratch / f"out-{variant}-{n}", n, cli_env)
                    figures["cli"][f"{variant}-{n}"] = wall
                    print(f"  docmill run {variant:<8} --workers {n}: {_f(wall, '.1f')} s with start-up", flush=True)
        if "html" in variants:
            figures["trafilatura"] = measure_trafilatura(pages_of(dev, "html", limit))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return figures


def _f(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _rate(amount: float, seconds: float | None) -> float | None:
    return amount / seconds if seconds else None


def report(figures: Mapping[str, Any]) -> str:
    """The compact tables of the real part."""
    limit = figures.get("limit")
    out = [
        "",
        f"real-page set {figures['dev']}" + (f" (first {limit} pages of each variant)" if limit else ""),
        "net of start-up: pages/s and MB/s over the wall clock; per stage: pages/s | MB/s per worker-second "
        "(the pipeline's stage timings, summed over workers)",
        "",
    ]
    head = f"{'variant':<9}{'w':>2}{'pages':>6}{'MB':>7}{'wall s':>8}{'pages/s':>9}{'MB/s':>7}"
    head += "".join(f"  {s:>15}" for s in STAGES)
    out.append(head)
    for variant, rows in figures["variants"].items():
        for row in rows:
            pages, mb = row["pages"], row["bytes"] / 1e6
            line = f"{variant:<9}{row['workers']:>2}{pages:>6}{mb:>7.1f}{row['wall_s']:>8.2f}"
            line += f"{_f(_rate(pages, row['wall_s']), '.0f'):>9}{_f(_rate(mb, row['wall_s']), '.2f'):>7}"
            for stage in STAGES:
                seconds = row["stage_s"].get(stage)
                cell = f"{_f(_rate(pages, seconds), '.0f')} | {_f(_rate(mb, seconds), '.1f')}"
                line += f"  {cell:>15}"
            out.append(line)
    cli = figures.get("cli") or {}
    if cli:
        out.append("")
        for key in sorted(k for k in cli if k.startswith("noop-")):
            n = key.split("-", 1)[1]
            noop = cli[key]
            parts = []
            for variant, rows in figures["variants"].items():
                wall = cli.get(f"{variant}-{n}")
                net = wall - noop if wall is not None and noop is not None else None
                pages = rows[0]["pages"]
                parts.append(f"{variant} {_f(wall, '.1f')} s ({_f(_rate(pages, net) if net and net > 0 else None, '.0f')} pages/s net)")
            out.append(
                f"docmill run --full --workers {n} --prefect-server temporary, wall with start-up: "
                + ", ".join(parts)
                + f"; one-page run (start-up) {_f(noop, '.1f')} s; net = wall - one-page run"
            )
    traf = figures.get("trafilatura")
    html_rows = figures["variants"].get("html")
    if traf and html_rows:
        one = html_rows[0]
        mb = one["bytes"] / 1e6
        out.append("")
        out.append(
            f"HTML, one core, {traf['pages']} pages: trafilatura.extract {_f(_rate(traf['pages'], traf['wall_s']), '.1f')} pages/s "
            f"({_f(_rate(mb, traf['wall_s']), '.2f')} MB/s, {traf['extracted']} with text); docmill whole pipeline "
            f"{_f(_rate(one['pages'], one['wall_s']), '.1f')} pages/s ({_f(_rate(mb, one['wall_s']), '.2f')} MB/s)"
        )
    return "\n".join(out)
