"""The ``docmill`` command: run the pipeline, serve it on a schedule, validate an output folder, explain a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from flows.orchestrate.settings import apply_prefect_defaults

apply_prefect_defaults()  # before anything imports Prefect

DESCRIPTION = """docmill turns raw scraped article texts into clean, validated datasets
(Parquet + JSON-LD). See README.md for the output contract."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docmill", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the pipeline on a folder of raw files",
                              description="Clean, split, validate and export every file under --raw (recursively) "
                                          "into --out. Exits 0 when the run completed, even if inputs were "
                                          "quarantined (see OUT/rejects); non-zero when it could not run, or "
                                          "with --strict when anything was quarantined.")
    run.add_argument("--raw", default="raw",
                     help="folder of raw .txt/.md/.html files, or an fsspec URL such as s3://bucket/raw (default: raw)")
    run.add_argument("--out", default="output",
                     help="output folder, replaced atomically, or an fsspec URL such as s3://bucket/out: built "
                          "locally, then uploaded with manifest.json last (default: output)")
    run.add_argument("--strict", action="store_true", help="exit 3 when any input or document was quarantined")
    run.add_argument("--workers", type=int, default=0, help="worker processes (default: number of cores)")
    run.add_argument("--batch-files", type=int, default=500, help="raw files per batch / task run (default: 500)")
    run.add_argument("--max-bytes", type=int, default=50 * 1024 * 1024,
                     help="refuse raw files larger than this many bytes (default: 52428800 = 50 MiB)")
    run.add_argument("--lock-wait", type=float, default=0.0,
                     help="seconds to wait for another run holding the output folder (default: 0, fail at once)")
    run.add_argument("--full", action="store_true",
                     help="clean every file again (default: only new and changed files; see README, Incremental refresh)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--runner", choices=("local", "dask"), default="local",
                     help="local: a process pool on this machine (default); dask: batch tasks on a Dask cluster "
                          "(see README, Running on a cluster)")
    run.add_argument("--address", default=None,
                     help="with --runner dask: the scheduler of an existing cluster, e.g. tcp://10.0.0.5:8786 "
                          "(default: start a local cluster of --workers processes)")

    validate = commands.add_parser("validate", help="check an output folder against the contract",
                                   description="Check OUT against the data contract: every dataset present and "
                                               "readable, every document row valid against the JSON Schema, "
                                               "manifest sizes and sha256 matching. Exits 1 on any failure.")
    validate.add_argument("out", type=Path, help="the output folder to check")

    serve = commands.add_parser("serve", help="refresh --out from --raw on a schedule (a Prefect deployment)",
                                description="Serve the refresh flow as a Prefect deployment and run it on a schedule "
                                            "until interrupted (Ctrl-C pauses the schedule). Needs a Prefect server: "
                                            "set PREFECT_API_URL (see README, Scheduled refreshes). The schedule is "
                                            "--cron or --interval, else [schedule] in RAW/sources.toml, else daily "
                                            "at 03:00 UTC.")
    serve.add_argument("--raw", default="raw", type=Path, help="folder of raw files (default: raw)")
    serve.add_argument("--out", default="output", type=Path, help="output folder (default: output)")
    when = serve.add_mutually_exclusive_group()
    when.add_argument("--cron", help='a five-field cron expression, e.g. "0 3 * * *" (daily at 03:00)')
    when.add_argument("--interval", type=float, help="seconds between refreshes, instead of cron")
    serve.add_argument("--timezone", help="time zone of --cron, e.g. Europe/Paris (default: the catalogue's, else UTC)")
    serve.add_argument("--name", default="docmill-refresh", help="deployment name (default: docmill-refresh)")
    serve.add_argument("--workers", type=int, default=0, help="worker processes per run (default: number of cores)")
    serve.add_argument("--batch-files", type=int, default=500, help="raw files per batch / task run (default: 500)")

    explain = commands.add_parser("explain", help="show what cleaning removed from a raw file, and why",
                                  description="Print the raw file's text with every removed line marked with the "
                                              "name of the rule that removed it, and every metadata line with "
                                              "the field it became.")
    explain.add_argument("file", type=Path, help="a raw file")
    explain.add_argument("--raw", type=Path, default=None,
                         help="the raw folder the file belongs to (for its source's rules; default: its folder)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from flows.errors import DocmillError

    try:
        if args.command == "run":
            return _run(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "validate":
            from flows.store.check import validate_output

            problems = validate_output(args.out)
            for problem in problems:
                print(f"FAIL {problem}")
            print("valid" if not problems else f"invalid: {len(problems)} problem(s)")
            return 0 if not problems else 1
        if args.command == "explain":
            from flows.store.explain import explain_file

            print(explain_file(args.file, args.raw))
            return 0
    except DocmillError as exc:
        print(f"docmill: error: {exc}", file=sys.stderr)
        return 2
    return 2


def _run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from flows.errors import OutputError
    from flows.orchestrate.etl import run
    from flows.store.config import check_rules, load_config
    from flows.store.rawstore import discover
    from flows.store.remote import is_remote

    console = Console(stderr=True)
    if args.address and args.runner != "dask":
        raise OutputError("--address needs --runner dask")
    if not is_remote(args.raw):  # a remote location is listed and checked by the flow
        inventory = discover(Path(args.raw))
        if not inventory.files and not inventory.skipped:
            raise OutputError(f"raw folder {args.raw} holds no files")
        check_rules(load_config(Path(args.raw)))  # a bad catalogue stops here, before Prefect starts
    with Progress(console=console, disable=args.quiet, transient=True) as bar:
        job = bar.add_task("processing batches", total=None)
        summary = run(
            str(args.raw), str(args.out), workers=args.workers, batch_files=args.batch_files,
            max_bytes=args.max_bytes, lock_wait=args.lock_wait, full=args.full,
            runner=args.runner, address=args.address,
            progress=lambda done, total: bar.update(job, completed=done, total=total),
        )
    _print_summary(summary, args.out)
    return 3 if args.strict and summary["quarantined"] else 0


def _serve(args: argparse.Namespace) -> int:
    from flows.errors import OutputError
    from flows.store.config import check_rules, load_catalogue, load_config

    if not args.raw.is_dir():
        raise OutputError(f"raw folder {args.raw} does not exist or is not a folder")
    check_rules(load_config(args.raw))  # a bad catalogue stops here
    schedule = load_catalogue(args.raw).schedule
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        raise OutputError("docmill serve needs a Prefect server: start one with `prefect server start` and set "
                          "PREFECT_API_URL=http://127.0.0.1:4200/api (see README, Scheduled refreshes)")
    import httpx

    try:
        httpx.get(f"{str(PREFECT_API_URL.value()).rstrip('/')}/health", timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        raise OutputError(f"the Prefect server at PREFECT_API_URL={PREFECT_API_URL.value()} does not answer ({exc}); "
                          "is `prefect server start` running?") from None
    from flows.orchestrate.etl import DEFAULT_CRON, serve_refresh

    cron, interval = args.cron, args.interval
    if cron is None and interval is None:
        cron, interval = schedule.cron, schedule.interval
    if cron is None and interval is None:
        cron = DEFAULT_CRON
    serve_refresh(str(args.raw.resolve()), str(args.out.resolve()), name=args.name, cron=cron, interval=interval,
                  timezone=args.timezone or schedule.timezone, workers=args.workers, batch_files=args.batch_files)
    return 0


def _print_summary(summary: dict, out: Path | str) -> None:  # type: ignore[type-arg]
    seconds = summary["seconds"]
    mb = summary["bytes"] / 1e6
    print(f"docmill run {summary['run_id']} → {out}")
    print(f"  files      {summary['files']} = processed {summary['processed']} + rejected {summary['rejected']}"
          f" + skipped {summary['skipped']}")
    print(f"  documents  {summary['documents']}  paragraphs {summary['paragraphs']}  words {summary['words']}"
          f"  duplicates {summary['duplicates']}")
    print(f"  quarantined {summary['quarantined']}")
    for reason, count in summary["reasons"].items():
        print(f"    {count:>5}  {reason}")
    from flows.orchestrate.etl import describe_refresh

    print(f"  refresh    {describe_refresh(summary['refresh'])}")
    print(f"  time       {seconds:.1f} s ({mb:.1f} MB, {summary['workers']} worker(s))")


if __name__ == "__main__":
    raise SystemExit(main())
