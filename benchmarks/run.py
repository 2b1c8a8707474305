"""Benchmark docmill: the Prefect flow against a plain loop over the same functions.

For every corpus size (generated once into ``.bench/corpus-N-seed`` and reused) and
every repeat, four cases run, each in its own subprocess so that peak memory and
warm caches do not leak from one case to the next:

``plain``
    (b) discover, then for each batch ``flows.store.batch.process_paths`` (read, decode,
    repair, clean, split + metadata, validate, Arrow/JSON-LD export) and
    ``flows.store.writer`` (Parquet), in one process, no Prefect.
``flow-1w`` / ``flow-2w``
    (a) ``docmill run --raw DIR --out DIR --workers N --quiet --prefect-server temporary`` through
    ``flows.cli.main`` in the subprocess, against a Prefect server that is already
    running (``--server running``, the default: one ``prefect server start`` for the
    whole benchmark, its start-up printed on its own line) or with the temporary
    server that ``docmill run`` starts by itself, started before the clock
    (``--server ephemeral``). Either way server start-up is not in (a).
``refresh``
    ``docmill run`` again with the same input and output folder as ``flow-2w``
    (nothing changed): the no-change refresh.

The clock of a case starts after imports (reported apart as ``import_s``) and stops
when the run returns; the subprocess' whole life is ``process_s``. Peak RSS is the
largest sum of RSS over the subprocess and its descendants (psutil, sampled every
20 ms, the Prefect server excluded), next to ``getrusage`` maxima. Ratios are
computed per repeat (cases of one repeat run back to back) and their median is
reported, which keeps them meaningful on a noisy shared machine.

Usage::

    python -m benchmarks.run                       # sizes 2000,10000,50000, 3 repeats
    python -m benchmarks.run --sizes 2000 --repeat 3 --json bench.json
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.corpus import CorpusManifest, ensure_corpus
from flows.orchestrate.settings import PREFECT_DEFAULTS, apply_prefect_defaults

CASES = ("plain", "flow-1w", "flow-2w", "refresh")
DEFAULT_SIZES = (2_000, 10_000, 50_000)
RESULT_MARKER = "BENCH-RESULT "
#: The stages of the brief, mapped to the pipeline's timing keys.
STAGE_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("read", ("read",)),
    ("decode", ("decode",)),
    ("repair", ("repair",)),
    ("clean", ("clean",)),
    ("split+meta", ("split",)),
    ("validate", ("validate",)),
    ("export", ("export",)),
    ("write", ("write",)),
)

# =========================================================================== results


@dataclass
class CaseResult:
    """One run of one case, as measured by the child and its parent."""

    case: str
    files: int
    repeat: int
    ok: bool
    run_s: float = 0.0
    import_s: float = 0.0
    process_s: float = 0.0
    flow_s: float | None = None
    server_startup_s: float | None = None
    documents: int = 0
    rejected_items: int = 0
    input_bytes: int = 0
    cpu_s: float = 0.0
    stage_s: dict[str, float] = field(default_factory=dict)
    rss_peak_tree_mb: float = 0.0
    rss_max_process_mb: float = 0.0
    loadavg_before: float = 0.0
    server_cpu_s: float | None = None
    other_cpu_s: float | None = None
    error: str | None = None

    @property
    def docs_per_s(self) -> float:
        """Documents written per second of ``run_s``."""
        return self.documents / self.run_s if self.run_s else 0.0

    @property
    def mb_per_s(self) -> float:
        """Input megabytes (10^6) per second of ``run_s``."""
        return self.input_bytes / 1e6 / self.run_s if self.run_s else 0.0


def _median(values: Sequence[float]) -> float | None:
    clean = [v for v in values if v is not None]
    return statistics.median(clean) if clean else None


def summarise(runs: Sequence[CaseResult]) -> dict[str, Any]:
    """Medians of one case's successful runs."""
    good = [r for r in runs if r.ok]
    if not good:
        return {"runs": len(runs), "ok": 0}
    stages = sorted({k for r in good for k in r.stage_s})
    return {
        "runs": len(runs),
        "ok": len(good),
        "run_s": _median([r.run_s for r in good]),
        "process_s": _median([r.process_s for r in good]),
        "import_s": _median([r.import_s for r in good]),
        "flow_s": _median([r.flow_s for r in good if r.flow_s is not None]),
        "docs_per_s": _median([r.docs_per_s for r in good]),
        "mb_per_s": _median([r.mb_per_s for r in good]),
        "cpu_s": _median([r.cpu_s for r in good]),
        "server_cpu_s": _median([r.server_cpu_s for r in good if r.server_cpu_s is not None]),
        "other_cpu_s": _median([r.other_cpu_s for r in good if r.other_cpu_s is not None]),
        "documents": _median([float(r.documents) for r in good]),
        "rejected_items": _median([float(r.rejected_items) for r in good]),
        "rss_peak_tree_mb": _median([r.rss_peak_tree_mb for r in good]),
        "rss_max_process_mb": _median([r.rss_max_process_mb for r in good]),
        "stage_s": {k: _median([r.stage_s[k] for r in good if k in r.stage_s]) for k in stages},
    }


def paired_ratio(
    runs: Sequence[CaseResult], numerator: str, denominator: str, metric: Callable[[CaseResult], float] | None = None
) -> dict[str, Any] | None:
    """Median over repeats of metric(numerator) / metric(denominator) within the same repeat (default: run_s)."""
    measure = metric or (lambda r: r.run_s)
    by_key = {(r.case, r.repeat): r for r in runs if r.ok and measure(r) > 0}
    values = [
        measure(by_key[(numerator, rep)]) / measure(by_key[(denominator, rep)])
        for (case, rep) in by_key
        if case == numerator and (denominator, rep) in by_key
    ]
    if not values:
        return None
    return {"median": statistics.median(values), "values": [round(v, 4) for v in values]}


# =========================================================================== child side


def _rusage_mb() -> tuple[float, float]:
    """(max RSS of this process, max RSS of any waited-for descendant) in MB (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _case_plain(raw: Path, out: Path, batch_files: int | None) -> dict[str, Any]:
    """(b): the flow's functions in a plain loop, one process; Prefect is never imported."""
    started = time.perf_counter()
    import flows
    from flows.orchestrate.spec import DEFAULT_BATCH_FILES, plan_batches
    from flows.store.batch import process_paths
    from flows.store.config import load_config
    from flows.store.rawstore import discover
    from flows.store.sink import OutputLock, Staging
    from flows.store.writer import PartWriter, RunFacts, deduplicate, finish_run

    import_s = time.perf_counter() - started
    start = time.perf_counter()
    config = load_config(raw)
    inventory = discover(raw)
    batches = plan_batches(inventory.files, batch_files or DEFAULT_BATCH_FILES)  # as the flow splits them
    run_id = "bench-plain-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    write_s = 0.0
    with OutputLock(out), Staging(out, run_id) as staging:
        parts = PartWriter(staging.path, config)
        for number, batch in enumerate(batches):
            output = process_paths(str(raw), batch, config)
            before = time.perf_counter()
            parts.write_cleaned(number, output)
            write_s += time.perf_counter() - before
        before = time.perf_counter()
        written = parts.written()
        duplicates = deduplicate(staging.path, config, written.index)
        facts = RunFacts(run_id, str(raw), files=len(inventory.files) + len(inventory.skipped), workers=1,
                         seconds=time.perf_counter() - start, versions={"docmill": flows.__version__})
        summary = finish_run(staging.path, config, written, duplicates, inventory.skipped, facts).summary.as_dict()
        staging.commit()
        write_s += time.perf_counter() - before
    run_s = time.perf_counter() - start
    if "prefect" in sys.modules:
        raise RuntimeError("the plain loop imported Prefect: its figures would not be Prefect-free")
    stage_s = dict(summary.get("stage_seconds", {}))
    stage_s["write"] = write_s
    return {
        "import_s": import_s,
        "run_s": run_s,
        "flow_s": None,
        "documents": summary["documents"],
        "rejected_items": summary["quarantined"],
        "input_bytes": summary["bytes"],
        "stage_s": stage_s,
    }


@contextlib.contextmanager
def _ephemeral_server() -> Iterator[float]:
    """Start Prefect's temporary server now (outside the clock); yields its start-up time."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    started = time.perf_counter()
    server = SubprocessASGIServer()
    server.start(timeout=120)
    startup = time.perf_counter() - started
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield startup
    finally:
        server.stop()


def _case_flow(raw: Path, out: Path, workers: int, batch_files: int | None, ephemeral: bool) -> dict[str, Any]:
    """(a): ``docmill run`` through the CLI entry point, server start-up excluded."""
    started = time.perf_counter()
    import flows.cli as cli
    import flows.orchestrate.etl as etl

    import_s = time.perf_counter() - started
    captured: dict[str, Any] = {}
    original: Callable[..., dict[str, Any]] = etl.run_spec

    def capturing_run(*args: Any, **kwargs: Any) -> dict[str, Any]:
        summary = original(*args, **kwargs)
        captured.update(summary)
        return summary

    etl.run_spec = capturing_run  # the CLI looks it up at call time
    # temporary: the server this case was given (PREFECT_API_URL, or the temporary one started
    # above), never docmill's background server, which would outlive the benchmark
    argv = ["run", "--raw", str(raw), "--out", str(out), "--workers", str(workers), "--quiet",
            "--prefect-server", "temporary"]
    if batch_files:
        argv += ["--batch-files", str(batch_files)]
    server_startup: float | None = None
    with contextlib.ExitStack() as stack:
        if ephemeral:
            server_startup = stack.enter_context(_ephemeral_server())
        start = time.perf_counter()
        with contextlib.redirect_stdout(sys.stderr):  # the CLI summary, not our result line
            status = cli.main(argv)
        run_s = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"docmill run exited with status {status}")
    if captured:
        counts = captured
        stage_s = dict(captured.get("stage_seconds", {}))
        flow_s = captured.get("seconds")
    else:  # the CLI no longer goes through flows.orchestrate.etl.run_spec: fall back to the manifest
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        counts = {**manifest.get("counts", {}), "bytes": 0}
        stage_s, flow_s = {}, None
    return {
        "import_s": import_s,
        "run_s": run_s,
        "flow_s": flow_s,
        "server_startup_s": server_startup,
        "documents": counts.get("documents", 0),
        "rejected_items": counts.get("quarantined", 0),
        "input_bytes": counts.get("bytes", 0),
        "stage_s": stage_s,
    }


def _run_child(args: argparse.Namespace) -> int:
    """Entry point of a case subprocess: run one case, print one result line."""
    raw, out = Path(args.raw), Path(args.out)
    if args.case == "plain":
        result = _case_plain(raw, out, args.batch_files)
    else:
        result = _case_flow(raw, out, args.workers, args.batch_files, args.server == "ephemeral")
    own, children = _rusage_mb()
    result["rss_max_process_mb"] = max(own, children)
    result["cpu_s"] = _cpu_s()
    sys.stdout.write(RESULT_MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


# =========================================================================== parent side


class TreeSampler:
    """Samples the summed RSS of a process and its descendants in a thread."""

    def __init__(self, pid: int, interval: float = 0.02, exclude: Sequence[int] = ()) -> None:
        self.pid = pid
        self.interval = interval
        self.exclude = set(exclude)
        self.peak_bytes = 0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                try:
                    if proc.pid in self.exclude or _is_prefect_server(proc):
                        continue
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    self._cpu[proc.pid] = times.user + times.system
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(self.interval)

    @property
    def cpu_seconds(self) -> float:
        """User + system CPU of every process seen in the tree (last sample of each)."""
        return sum(self._cpu.values())


_SERVER_PIDS: dict[int, bool] = {}


def _is_prefect_server(proc: Any) -> bool:
    """True for a Prefect API server process (its memory is not the pipeline's)."""
    if proc.pid not in _SERVER_PIDS:
        try:
            cmdline = " ".join(proc.cmdline())
        except Exception:  # a vanished or inaccessible process is simply not a server
            cmdline = ""
        _SERVER_PIDS[proc.pid] = "prefect.server.api.server" in cmdline or ("prefect" in cmdline and " server start" in cmdline)
    return _SERVER_PIDS[proc.pid]


@dataclass
class Settings:
    """Options shared by every case run."""

    python: str
    cache: Path
    env: dict[str, str]
    server: str
    batch_files: int | None
    workers: int
    timeout: float
    server_pid: int | None = None


def run_case(case: str, files: int, repeat: int, raw: Path, out: Path, settings: Settings, input_bytes: int) -> CaseResult:
    """Run one case in a fresh subprocess and measure it; MB/s are of the whole corpus (``input_bytes``)."""
    workers = 1 if case == "flow-1w" else settings.workers
    cmd = [
        settings.python, "-m", "benchmarks.run", "--_child", case,
        "--_raw", str(raw), "--_out", str(out), "--workers", str(workers),
        "--server", settings.server,
    ]  # fmt: skip
    if settings.batch_files:
        cmd += ["--batch-files", str(settings.batch_files)]
    result = CaseResult(case=case, files=files, repeat=repeat, ok=False)
    result.loadavg_before = os.getloadavg()[0]
    machine_before, server_before = _machine_busy_s(), _tree_cpu_s(settings.server_pid)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=settings.env)
    with TreeSampler(proc.pid) as sampler:
        try:
            stdout, stderr = proc.communicate(timeout=settings.timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            stderr += f"\n(timed out after {settings.timeout:.0f} s)"
    result.process_s = time.perf_counter() - started
    result.rss_peak_tree_mb = sampler.peak_bytes / 2**20
    tree_cpu = sampler.cpu_seconds
    server_after = _tree_cpu_s(settings.server_pid)
    if server_before is not None and server_after is not None:
        result.server_cpu_s = server_after - server_before
    result.other_cpu_s = max(0.0, _machine_busy_s() - machine_before - tree_cpu - (result.server_cpu_s or 0.0))
    line = next((ln for ln in reversed(stdout.splitlines()) if ln.startswith(RESULT_MARKER)), None)
    if proc.returncode != 0 or line is None:
        tail = "\n".join((stderr or stdout).strip().splitlines()[-25:])
        result.error = f"exit {proc.returncode}: {tail}"
        return result
    data = json.loads(line[len(RESULT_MARKER) :])
    for key, value in data.items():
        if hasattr(result, key):
            setattr(result, key, value)
    result.rss_max_process_mb = float(data.get("rss_max_process_mb", 0.0))
    result.cpu_s = max(result.cpu_s, tree_cpu)  # getrusage misses the forkserver's workers
    result.input_bytes = input_bytes  # a no-change refresh reads (hashes) every file but reports 0 bytes cleaned
    result.ok = True
    return result


def _machine_busy_s() -> float:
    """CPU-seconds the whole machine has spent busy (all cores, not idle or waiting on I/O)."""
    import psutil

    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def _tree_cpu_s(pid: int | None) -> float | None:
    """User + system CPU-seconds of a process and its live descendants; None without a pid."""
    if pid is None:
        return None
    import psutil

    try:
        root = psutil.Process(pid)
        total = 0.0
        for proc in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                times = proc.cpu_times()
                total += times.user + times.system
        return total
    except psutil.NoSuchProcess:
        return None


# --------------------------------------------------------------------------- Prefect server


@contextlib.contextmanager
def running_server(python: str, env: dict[str, str], timeout: float = 120) -> Iterator[tuple[str, float, int]]:
    """docmill's background Prefect server (``flows.orchestrate.server``), started under
    ``env["PREFECT_HOME"]``; yields (api_url, start-up seconds, pid) and stops it at the end."""
    from flows.orchestrate.server import start_server, stop_server

    home = Path(env["PREFECT_HOME"])
    started = time.perf_counter()
    info = start_server(home, timeout, python=python, env=env)
    try:
        yield info.api_url, time.perf_counter() - started, info.pid
    finally:
        stop_server(home)


def measure_ephemeral_startup(python: str, env: dict[str, str]) -> float | None:
    """Seconds Prefect's temporary server takes to become healthy (one subprocess)."""
    code = (
        "import time; t=time.perf_counter()\n"
        "from prefect.server.api.server import SubprocessASGIServer\n"
        "s=SubprocessASGIServer(); s.start(timeout=120)\n"
        "print('STARTUP', time.perf_counter()-t); s.stop()\n"
    )
    child_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=child_env, timeout=180)
    for line in done.stdout.splitlines():
        if line.startswith("STARTUP "):
            return float(line.split()[1])
    return None


# --------------------------------------------------------------------------- orchestration


def _machine() -> dict[str, Any]:
    import psutil

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    versions: dict[str, str] = {}
    for name in ("prefect", "pyarrow", "fastapi"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[name] = version(name)
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "git_commit": (commit + ("+dirty" if dirty else "")) if commit else "unknown (not a git checkout)",
        "versions": versions,
    }


def _announce(message: str) -> None:
    print(message, flush=True)


def run_benchmark(args: argparse.Namespace) -> dict[str, Any]:
    """Generate or reuse the corpora, run every case, return all figures."""
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(cases) - set(CASES)
    if unknown:
        raise SystemExit(f"unknown case(s): {', '.join(sorted(unknown))}; choose from {', '.join(CASES)}")
    if "refresh" in cases and "flow-2w" not in cases:
        raise SystemExit("the refresh case re-runs flow-2w's output: include flow-2w")
    prefect_home = cache / f"prefect-home-{os.getpid()}"
    prefect_home.mkdir(parents=True)
    env = {**os.environ, **PREFECT_DEFAULTS, "PREFECT_HOME": str(prefect_home.resolve())}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path.cwd()), os.environ.get("PYTHONPATH", "")) if p)
    env.pop("PREFECT_API_URL", None)  # each case is measured against the server chosen here
    figures: dict[str, Any] = {
        "machine": _machine(),
        "options": {
            "sizes": sizes, "repeat": args.repeat, "large_repeat": args.large_repeat,
            "seed": args.seed, "cases": cases, "workers": args.workers,
            "batch_files": args.batch_files, "server": args.server, "label": args.label,
        },
        "sizes": {},
    }  # fmt: skip
    needs_prefect = any(c != "plain" for c in cases)
    server_pid: int | None = None
    with contextlib.ExitStack() as stack:
        if needs_prefect and not args.no_ephemeral_startup:
            startup = measure_ephemeral_startup(args.python, env)
            figures["ephemeral_server_startup_s"] = startup
            shown = f"{startup:.1f} s" if startup is not None else "failed"
            _announce(
                f"Prefect temporary server start-up (what `docmill run` pays without "
                f"PREFECT_API_URL): {shown} - not included in any case below"
            )
        if needs_prefect and args.server == "running":
            api, startup, server_pid = stack.enter_context(running_server(args.python, env))
            env["PREFECT_API_URL"] = api
            figures["running_server_startup_s"] = startup
            _announce(
                f"Prefect server (`prefect server start`, started once, PREFECT_HOME under "
                f"{cache}): ready in {startup:.1f} s - (a) is measured against this running server"
            )
        settings = Settings(
            python=args.python, cache=cache, env=env, server=args.server,
            batch_files=args.batch_files, workers=args.workers, timeout=args.timeout, server_pid=server_pid,
        )  # fmt: skip
        for files in sizes:
            figures["sizes"][str(files)] = _bench_size(files, cases, args, settings)
    if not args.keep:
        shutil.rmtree(prefect_home, ignore_errors=True)
        shutil.rmtree(cache / "out", ignore_errors=True)
    figures["ratios"] = _cross_size_ratios(figures["sizes"])
    return figures


def _bench_size(files: int, cases: Sequence[str], args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    started = time.perf_counter()
    raw, manifest, reused = ensure_corpus(settings.cache, files, args.seed, Path(args.seeds_dir), workers=2)
    _announce(
        f"\ncorpus {raw}: {manifest.files} files, {manifest.bytes_total / 1e6:.1f} MB, "
        f"{manifest.documents_expected} articles " + ("(cached)" if reused else f"(generated in {time.perf_counter() - started:.1f} s)")
    )
    repeats = args.repeat if files <= args.large_threshold else args.large_repeat
    runs: list[CaseResult] = []
    out_root = settings.cache / "out" / str(files)
    for repeat in range(repeats):
        for case in cases:
            out = out_root / ("flow-2w" if case == "refresh" else case)
            if case != "refresh" and out.exists():
                shutil.rmtree(out)
            out.parent.mkdir(parents=True, exist_ok=True)  # docmill run needs OUT's parent
            result = run_case(case, files, repeat, raw.resolve(), out.resolve(), settings, manifest.bytes_total)
            runs.append(result)
            _announce(_run_line(result))
            if result.server_startup_s is not None:
                _announce(f"    temporary server start-up {result.server_startup_s:.1f} s (not in run time)")
    summary = {case: summarise([r for r in runs if r.case == case]) for case in cases}
    ratios = {
        "orchestration_overhead_flow1w_over_plain": paired_ratio(runs, "flow-1w", "plain"),
        "orchestration_overhead_flow2w_over_plain": paired_ratio(runs, "flow-2w", "plain"),
        "speedup_1w_over_2w": paired_ratio(runs, "flow-1w", "flow-2w"),
        "refresh_over_full": paired_ratio(runs, "refresh", "flow-2w"),
        # CPU-seconds are far less sensitive than wall time to other load on a shared machine;
        # the flow's cost includes the Prefect server's CPU during the run.
        "cpu_overhead_flow1w_over_plain": paired_ratio(runs, "flow-1w", "plain", _cpu_with_server),
        "cpu_overhead_flow2w_over_plain": paired_ratio(runs, "flow-2w", "plain", _cpu_with_server),
    }
    _check_counts(files, summary, manifest)
    return {
        "corpus": {k: v for k, v in asdict(manifest).items() if k != "entries"},
        "corpus_dir": str(raw),
        "repeats": repeats,
        "cases": summary,
        "ratios": ratios,
        "runs": [{**asdict(r), "docs_per_s": r.docs_per_s, "mb_per_s": r.mb_per_s} for r in runs],
    }


def _cpu_with_server(result: CaseResult) -> float:
    """CPU-seconds of the case's process tree plus the running Prefect server's during the case."""
    return result.cpu_s + (result.server_cpu_s or 0.0)


def _check_counts(files: int, summary: Mapping[str, Any], manifest: CorpusManifest) -> None:
    counts = {case: s.get("documents") for case, s in summary.items() if s.get("ok")}
    if len(set(counts.values())) > 1:
        _announce(f"  WARNING: cases disagree on the number of documents at {files}: {counts}")


def _cross_size_ratios(sizes: Mapping[str, Any]) -> dict[str, Any]:
    """Peak RSS at the largest size over the next smaller one, per case (e.g. 50k / 10k)."""
    ordered = sorted(sizes, key=int)
    ratios: dict[str, Any] = {}
    if len(ordered) < 2:
        return ratios
    big, small = ordered[-1], ordered[-2]
    for case in sizes[big]["cases"]:
        b = sizes[big]["cases"][case].get("rss_peak_tree_mb")
        s = sizes[small]["cases"].get(case, {}).get("rss_peak_tree_mb")
        if b and s:
            ratios[f"rss_peak_{big}_over_{small}_{case}"] = round(b / s, 3)
    return ratios


def _run_line(r: CaseResult) -> str:
    if not r.ok:
        return f"  {r.files:>6} {r.case:<8} #{r.repeat}  FAILED  {r.error}"
    return (
        f"  {r.files:>6} {r.case:<8} #{r.repeat}  run {r.run_s:7.2f} s  "
        f"{r.docs_per_s:7.0f} docs/s  {r.mb_per_s:6.2f} MB/s  "
        f"peak RSS {r.rss_peak_tree_mb:6.0f} MB  (process {r.process_s:.1f} s, "
        f"imports {r.import_s:.1f} s; CPU: case {r.cpu_s:.0f} s, server {_fmt(r.server_cpu_s, '.0f')} s, "
        f"other processes {_fmt(r.other_cpu_s, '.0f')} s)"
    )


# --------------------------------------------------------------------------- report


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def print_report(figures: Mapping[str, Any]) -> None:
    """Tables: per size and case, medians and the stage breakdown; then the ratios."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(170, Console().width))
    for files, data in figures["sizes"].items():
        table = Table(
            title=f"{int(files):,} files ({data['corpus']['bytes_total'] / 1e6:.0f} MB), median of {data['repeats']}",
            title_justify="left",
        )
        for column in ("case", "run s", "in-flow s", "docs/s", "MB/s", "peak RSS MB", "CPU s", "server CPU s", "others CPU s"):
            table.add_column(column, justify="left" if column == "case" else "right")
        for name, _ in STAGE_COLUMNS:
            table.add_column(name, justify="right")
        for case, s in data["cases"].items():
            if not s.get("ok"):
                table.add_row(case, "failed")
                continue
            stages = s["stage_s"]
            table.add_row(
                _case_label(case, figures["options"]["workers"]),
                _fmt(s["run_s"]), _fmt(s["flow_s"]), _fmt(s["docs_per_s"], ".0f"), _fmt(s["mb_per_s"]),
                _fmt(s["rss_peak_tree_mb"], ".0f"), _fmt(s["cpu_s"], ".1f"),
                _fmt(s.get("server_cpu_s"), ".1f"), _fmt(s.get("other_cpu_s"), ".1f"),
                *[_fmt(_stage_sum(stages, keys)) for _, keys in STAGE_COLUMNS],
            )  # fmt: skip
        console.print(table)
        console.print(
            "  run s: the run itself (after imports, without server start-up); in-flow s: the flow body's own clock; "
            "CPU s: the case's process tree; server CPU s: the running Prefect server during the case; others CPU s: "
            "every other process on the machine (noise).\n"
            "  stage columns: seconds summed over batches (perf_counter inside each batch, so with several worker "
            "processes or task threads they can exceed run s); 'write' (Parquet, manifest and publications in the "
            "parent) is timed only in the plain loop"
        )
    ratios = Table(title="Ratios (median over repeats of per-repeat ratios)", title_justify="left")
    for column in ("files", "(a)/(b) flow 1w / plain", "flow 2w / plain", "1 worker / 2 workers",
                   "refresh / full", "CPU (a)/(b) 1w", "CPU (a)/(b) 2w"):  # fmt: skip
        ratios.add_column(column, justify="right")
    for files, data in figures["sizes"].items():
        r = data["ratios"]
        ratios.add_row(
            f"{int(files):,}",
            *[
                _fmt((r.get(key) or {}).get("median"), ".2f")
                for key in (
                    "orchestration_overhead_flow1w_over_plain",
                    "orchestration_overhead_flow2w_over_plain",
                    "speedup_1w_over_2w",
                    "refresh_over_full",
                    "cpu_overhead_flow1w_over_plain",
                    "cpu_overhead_flow2w_over_plain",
                )
            ],
        )
    console.print(ratios)
    console.print(
        "  wall ratios use run s of cases run back to back in the same repeat; CPU ratios add the Prefect server's "
        "CPU to the flow's and are the steadier measure of orchestration cost when other load ('others CPU s') is high"
    )
    for key, value in figures.get("ratios", {}).items():
        console.print(f"  {key}: {value:.2f}")


def _case_label(case: str, workers: int) -> str:
    return {
        "plain": "(b) plain loop",
        "flow-1w": "(a) flow, 1 worker",
        "flow-2w": f"(a) flow, {workers} workers",
        "refresh": "no-change refresh",
    }.get(case, case)


def _stage_sum(stages: Mapping[str, float | None], keys: Sequence[str]) -> float | None:
    values = [stages[k] for k in keys if stages.get(k) is not None]
    return sum(v for v in values if v is not None) if values else None


# =========================================================================== CLI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark the docmill Prefect flow against a plain loop over the same "
        "functions: throughput, stage breakdown, peak RSS, workers, refresh.",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated corpus sizes in files (default: 2000,10000,50000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="repeats per case for medians (default: 3)")
    parser.add_argument("--large-repeat", type=int, default=1, help="repeats for sizes above --large-threshold (default: 1)")
    parser.add_argument("--large-threshold", type=int, default=10_000, help="sizes above this use --large-repeat (default: 10000)")
    parser.add_argument("--cases", default=",".join(CASES), help=f"cases to run (default: {','.join(CASES)})")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the multi-worker case (default: 2)")
    parser.add_argument("--batch-files", type=int, default=None, help="raw files per batch (default: the pipeline's own default)")
    parser.add_argument(
        "--server",
        choices=("running", "ephemeral"),
        default="running",
        help="measure (a) against one running `prefect server start` (default) or "
        "with the temporary server started per run before the clock",
    )
    parser.add_argument(
        "--no-ephemeral-startup",
        action="store_true",
        help="skip the one-off measurement of the temporary server's start-up",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default: 0)")
    parser.add_argument("--seeds-dir", default="raw", help="seed articles (default: raw)")
    parser.add_argument("--cache", default=".bench", help="corpus cache and scratch (default: .bench)")
    parser.add_argument("--json", default=None, help="also write all figures to this JSON file")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per case run (default: 3600)")
    parser.add_argument("--python", default=sys.executable, help=argparse.SUPPRESS)
    parser.add_argument("--label", default=None, help="free text stored with the figures (e.g. the commit measured)")
    parser.add_argument("--keep", action="store_true", help="keep outputs and PREFECT_HOME under --cache")
    parser.add_argument("--dev", default=None, help="prepared real-page set (markdown/, text/, html/); without it the real part is skipped")
    parser.add_argument("--real-only", action="store_true", help="run only the real-page part (needs --dev)")
    parser.add_argument("--real-limit", type=int, default=None, help="first N pages of each variant of the real set (default: all)")
    parser.add_argument("--real-workers", default="1,2", help="worker counts on the real set (default: 1,2; 1 is always run)")
    parser.add_argument("--real-no-cli", action="store_true", help="skip the `docmill run` wall times on the real set")
    # internal: one case in a subprocess
    parser.add_argument("--_child", dest="case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--_raw", dest="raw", help=argparse.SUPPRESS)
    parser.add_argument("--_out", dest="out", help=argparse.SUPPRESS)
    return parser  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.case:
        return _run_child(args)
    apply_prefect_defaults()  # what `docmill run` sets before Prefect starts
    failed: list[Any] = []
    figures: dict[str, Any] = {}
    if not args.real_only:
        figures = run_benchmark(args)
        print_report(figures)
        failed = [r for size in figures["sizes"].values() for r in size["runs"] if not r["ok"]]
    real = _real_part(args)
    if real is not None:
        figures["real"] = real
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 1 if failed else 0


def _real_part(args: argparse.Namespace) -> dict[str, Any] | None:
    """The real-page set's figures (benchmarks.realset), or one line saying why it is skipped."""
    from benchmarks import realset

    if not args.dev:
        print(f"\nreal-page set: skipped (none given: --dev DIR; {realset.HOW_TO_PREPARE})")
        return None
    dev = Path(args.dev)
    if not realset.is_prepared(dev):
        print(f"\nreal-page set: skipped, none prepared at {dev} ({realset.HOW_TO_PREPARE})")
        return None
    workers = sorted({1, *(int(w) for w in args.real_workers.split(",") if w.strip())})
    env = {**os.environ, **PREFECT_DEFAULTS}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path.cwd()), os.environ.get("PYTHONPATH", "")) if p)
    print(f"\nreal-page set {dev}: workers {', '.join(map(str, workers))}", flush=True)
    figures = realset.run_real(dev, limit=args.real_limit, workers=workers, python=args.python, env=env, cli=not args.real_no_cli)
    print(realset.report(figures))
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
