"""The ``docmill`` command: run the pipeline, serve it on a schedule, validate an output folder, explain a file."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from flows.orchestrate.server import SERVER_MODES
from flows.orchestrate.settings import apply_prefect_defaults
from flows.orchestrate.spec import DEFAULT_BATCH_FILES, DEFAULT_FILE_TIMEOUT
from flows.store.rawstore import DEFAULT_MAX_BYTES

apply_prefect_defaults()  # before anything imports Prefect

if TYPE_CHECKING:
    from flows.store.location import Location
    from flows.store.summary import RunSummary

DESCRIPTION = """docmill turns raw scraped article texts into clean, validated datasets
(Parquet + JSON-LD). See docs/contract.md for the output contract."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``docmill: error: …`` (the usage is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"docmill: error: {message} (see {self.prog} --help)\n")


def _number(kind: Callable[[str], Any], minimum: float, inclusive: bool = True) -> Callable[[str], Any]:
    """An argparse type: a finite ``kind`` (int or float) of at least (or above) ``minimum``."""
    bound = f"at least {minimum:g}" if inclusive else f"above {minimum:g}"
    noun = "a whole number" if kind is int else "a number"

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {noun}") from None
        if not math.isfinite(value) or value < minimum or (not inclusive and value == minimum):
            raise argparse.ArgumentTypeError(f"must be {noun} {bound}, got {text!r}")
        return value

    parse.__name__ = kind.__name__
    return parse


POSITIVE_INT = _number(int, 1)
SECONDS = _number(float, 0)
POSITIVE_SECONDS = _number(float, 0, inclusive=False)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="docmill", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the pipeline on a folder of raw files",
                              description="Clean, split, validate and export every file under --raw (recursively) "
                                          "into --out. Exits 0 when the run completed, even if inputs were "
                                          "quarantined (see OUT/rejects); non-zero when it could not run, or "
                                          "with --strict when anything was quarantined.")
    run.add_argument("--raw", default="raw",
                     help="folder of raw files (text, markdown, HTML, saved e-mails and pages, feeds, JSON or CSV "
                          "records, captions, LaTeX, JATS, NITF and TEI XML, notebooks, DOCX, ODT, EPUB, RTF and PDF "
                          "files, also gzip-, bzip2- or xz-compressed; see "
                          "docs/cleaning.md), or an fsspec URL such as s3://bucket/raw (default: raw)")
    run.add_argument("--out", default="output",
                     help="output folder, replaced atomically, or an fsspec URL such as s3://bucket/out: built "
                          "locally, then uploaded with manifest.json last (default: output). It must be new, "
                          "empty or a docmill output, and may not contain or be inside --raw")
    run.add_argument("--allow-foreign-out", action="store_true",
                     help="let --out be an existing folder that is not a docmill output: docmill writes its own "
                          "names there (documents/, paragraphs/, rejects/, jsonld/, state/, manifest.json, "
                          "croissant.json, datapackage.json, README.md, report.html; refused if one exists) and "
                          "keeps every other file as it is")
    run.add_argument("--strict", action="store_true", help="exit 3 when any input or document was quarantined")
    run.add_argument("--workers", type=POSITIVE_INT, default=None,
                     help="worker processes, 1 or more (default: number of cores)")
    run.add_argument("--batch-files", type=POSITIVE_INT, default=DEFAULT_BATCH_FILES,
                     help=f"raw files per batch / task run, 1 or more (default: {DEFAULT_BATCH_FILES})")
    run.add_argument("--max-bytes", type=POSITIVE_INT, default=DEFAULT_MAX_BYTES,
                     help=f"refuse raw files larger than this many bytes (default: {DEFAULT_MAX_BYTES} = "
                          f"{DEFAULT_MAX_BYTES / 2**20:g} MiB)")
    run.add_argument("--lock-wait", type=SECONDS, default=0.0,
                     help="seconds to wait for another run holding the output folder (default: 0, fail at once)")
    run.add_argument("--full", action="store_true",
                     help="clean every file again (default: only new and changed files; see docs/refresh.md)")
    run.add_argument("--file-timeout", type=POSITIVE_SECONDS, default=DEFAULT_FILE_TIMEOUT, metavar="SECONDS",
                     help="quarantine a raw file whose cleaning takes longer than this (reason Timeout); its "
                          f"worker process is killed and replaced, the run goes on (default: {DEFAULT_FILE_TIMEOUT:g})")
    run.add_argument("--quiet", action="store_true", help="no progress bar, no progress lines")
    run.add_argument("--prefect-server", choices=SERVER_MODES, default=None,
                     help="background: run against a local Prefect server docmill starts once and keeps "
                          "(`docmill server stop` ends it); temporary: a Prefect server for this run alone, "
                          "seconds slower (default: $DOCMILL_PREFECT_SERVER, else background; PREFECT_API_URL, "
                          "when set, wins)")
    run.add_argument("--runner", choices=("local", "dask"), default="local",
                     help="local: a process pool on this machine (default); dask: batch tasks on a Dask cluster "
                          "(see docs/cluster.md)")
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
                                            "set PREFECT_API_URL (see docs/prefect.md). The schedule is "
                                            "--cron or --interval, else [schedule] in RAW/sources.toml, else daily "
                                            "at 03:00 UTC.")
    serve.add_argument("--raw", default="raw", type=Path, help="folder of raw files (default: raw)")
    serve.add_argument("--out", default="output", type=Path,
                       help="output folder: new, empty or a docmill output, outside --raw (default: output)")
    serve.add_argument("--allow-foreign-out", action="store_true",
                       help="let --out be a folder that is not a docmill output (see docmill run --help)")
    when = serve.add_mutually_exclusive_group()
    when.add_argument("--cron", help='a five-field cron expression, e.g. "0 3 * * *" (daily at 03:00)')
    when.add_argument("--interval", type=POSITIVE_SECONDS, help="seconds between refreshes, instead of cron")
    serve.add_argument("--timezone", help="time zone of --cron, e.g. Europe/Paris (default: the catalogue's, else UTC)")
    serve.add_argument("--name", default="docmill-refresh", help="deployment name (default: docmill-refresh)")
    serve.add_argument("--workers", type=POSITIVE_INT, default=None,
                       help="worker processes per run, 1 or more (default: number of cores)")
    serve.add_argument("--batch-files", type=POSITIVE_INT, default=DEFAULT_BATCH_FILES,
                       help=f"raw files per batch / task run, 1 or more (default: {DEFAULT_BATCH_FILES})")
    serve.add_argument("--file-timeout", type=POSITIVE_SECONDS, default=DEFAULT_FILE_TIMEOUT, metavar="SECONDS",
                       help=f"quarantine a raw file whose cleaning takes longer than this (default: {DEFAULT_FILE_TIMEOUT:g})")

    server = commands.add_parser("server", help="the local Prefect server docmill runs in the background",
                                 description="`docmill run` starts a local Prefect server in the background on "
                                             "first use (listening on 127.0.0.1, data under PREFECT_HOME) and "
                                             "reuses it. status: its UI address and process id; stop: end it; "
                                             "start: start it now.")
    server.add_argument("action", choices=("status", "stop", "start"))

    explain = commands.add_parser("explain", help="show what cleaning removed from a raw file, and why",
                                  description="Print the raw file's text with every removed line marked with the "
                                              "name of the rule that removed it, and every metadata line with "
                                              "the field it became.")
    explain.add_argument("file", type=Path, help="a raw file")
    explain.add_argument("--raw", type=Path, default=None,
                         help="the raw folder the file belongs to (for its source's rules; default: its folder)")
    return parser


def console() -> None:
    """The ``docmill`` command: ``main``, then an exit that skips the interpreter's teardown.

    Once every exit handler has run (Prefect's log and event flushes, the worker pool's
    and multiprocessing's clean-ups: all registered after this one, so all run before
    it), nothing is left to do but free memory module by module, which takes a large
    share of a short run. The handler flushes the standard streams and ends the process
    with the command's exit code. Only the command does this; ``main`` stays safe to call
    in-process (tests, notebooks).
    """
    import atexit
    import contextlib
    import os

    code: list[int] = [1]

    def leave() -> None:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream
                stream.flush()
        os._exit(code[0])

    atexit.register(leave)  # first registered, last to run
    try:
        code[0] = main()
    except SystemExit as stop:  # argparse's --help and usage errors
        code[0] = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        raise
    except BrokenPipeError:  # the reader went away ('docmill explain FILE | head'): no traceback
        code[0] = 141  # as a shell reports a process ended by SIGPIPE
        return
    except BaseException:
        code[0] = 1
        raise
    sys.exit(code[0])


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, check every argument, folder and the lock (no Prefect yet), then run the command.

    A user mistake is one line, ``docmill: error: …``, and exit 2.
    """
    args = build_parser().parse_args(argv)
    from flows.errors import DocmillError

    try:
        if args.command == "run":
            from flows.orchestrate.interrupt import StopOnSignal

            with StopOnSignal(args.out) as stop:  # SIGINT/SIGTERM: exit 130/143 within seconds, output as it was
                return _run(args, stop)
        if args.command == "serve":
            return _serve(args)
        if args.command == "server":
            return _server(args.action)
        if args.command == "validate":
            from flows.store.guard import check_output_to_validate

            check_output_to_validate(args.out)
            from flows.store.check import validate_output

            problems = validate_output(args.out)
            for problem in problems:
                print(f"FAIL {problem}")
            print("valid" if not problems else f"invalid: {len(problems)} problem(s)")
            return 0 if not problems else 1
        if args.command == "explain":
            from flows.store.guard import check_file_to_explain

            check_file_to_explain(args.file, args.raw)
            from flows.store.explain import explain_file

            print(explain_file(args.file, args.raw))
            return 0
    except DocmillError as exc:
        print(f"docmill: error: {exc}", file=sys.stderr)
        return 2
    return 2


def _run(args: argparse.Namespace, stop: Any = None) -> int:
    from flows.errors import OutputError, UsageError

    if args.address and args.runner != "dask":
        raise UsageError("--address needs --runner dask")
    server_mode = _server_mode(args.prefect_server)
    args.allow_foreign_out = args.allow_foreign_out or _placeholders_only(args.out)
    raw, out = _check_folders(args.raw, args.out, args.allow_foreign_out)
    # The lock is taken here, before Prefect starts (a held lock is refused at once), and handed to the flow.
    lock = out.lock(args.lock_wait, allow_foreign=args.allow_foreign_out)
    if stop is not None:
        stop.on_stop(lock.__exit__)  # an interrupted command exits without unwinding to here
    with lock:
        from flows.orchestrate.progress import RunProgress
        from flows.orchestrate.spec import Found, RunSpec, default_workers, new_run_id

        if args.runner == "local":
            from flows.orchestrate.prestart import start_fork_server

            start_fork_server()  # the workers load the pipeline while this process loads the catalogue and Prefect

        inventory = raw.discover()
        if not inventory.files and not inventory.skipped:
            raise OutputError(f"raw folder {args.raw} holds no files")
        config = raw.load_config()  # a bad catalogue stops here, before Prefect starts
        spec = RunSpec(raw_dir=raw.url, out_dir=out.url, workers=args.workers or default_workers(),
                       batch_files=args.batch_files, max_bytes=args.max_bytes, lock_wait=args.lock_wait,
                       full=args.full, file_timeout=args.file_timeout, lock_token=lock.token,
                       allow_foreign_out=args.allow_foreign_out, run_id=new_run_id(),  # also the flow run's name
                       found=Found(config, inventory))  # the flow neither loads the config nor walks raw again
        with RunProgress(len(inventory.files), inventory.size, quiet=args.quiet) as progress:
            progress.stage("starting Prefect")
            own_server = _choose_server(server_mode, progress.note)  # still before anything imports Prefect
            from flows.orchestrate.etl import run_spec

            returned = run_spec(spec, runner=args.runner, address=args.address, progress=progress.update,
                                heartbeats=not own_server)
    from flows.store.summary import RunSummary

    summary = RunSummary.from_dict(returned)
    _print_summary(summary, args.out)
    return 3 if args.strict and summary.quarantined else 0


def _server_mode(option: str | None) -> str:
    """``--prefect-server``, else ``DOCMILL_PREFECT_SERVER``, else background."""
    import os

    from flows.errors import UsageError

    mode = option or os.environ.get("DOCMILL_PREFECT_SERVER") or "background"
    if mode not in SERVER_MODES:
        raise UsageError(f"DOCMILL_PREFECT_SERVER={mode!r}: use {' or '.join(SERVER_MODES)}")
    return mode


def _choose_server(mode: str, note: Callable[[str], None]) -> bool:
    """Point the run at docmill's background Prefect server (started on first use), or leave
    Prefect to start a temporary one; a background server that cannot start means a temporary one.

    Returns True when the run goes to a server docmill runs (background or temporary), False
    for the user's own (``PREFECT_API_URL`` set before the command).
    """
    import os

    from flows.errors import OutputError
    from flows.orchestrate.server import choose_api

    if os.environ.get("PREFECT_API_URL"):
        return False
    try:
        choose_api(mode, note)
    except (OutputError, OSError) as exc:  # OSError: PREFECT_HOME not writable, no free port
        os.environ.pop("PREFECT_API_URL", None)
        note(f"docmill: note: no background Prefect server ({exc}); using a temporary one")
    return True


def _server(action: str) -> int:
    from flows.orchestrate.server import ensure_server, running_server, stop_server

    if action == "status":
        info = running_server()
        print(f"running: UI {info.ui_url} (API {info.api_url}), pid {info.pid}" if info else "not running")
    elif action == "stop":
        stopped = stop_server()
        print(f"stopped (pid {stopped.pid})" if stopped else "not running")
    else:
        info, started = ensure_server()
        print(f"{'started' if started else 'running'}: UI {info.ui_url} (API {info.api_url}), pid {info.pid}")
    return 0


def _check_folders(raw: str | Path, out: str | Path, allow_foreign_out: bool) -> tuple[Location, Location]:
    """Check ``--raw`` and ``--out`` before anything runs; return them as locations, the output
    as the folder to write (a symlinked ``--out`` becomes the folder it points to)."""
    from flows.store.location import Location

    raw_location = Location(str(raw))
    raw_location.check_raw()
    return raw_location, Location(str(out)).check_output(raw_location, allow_foreign_out)


def _placeholders_only(out: str | Path) -> bool:
    """An output folder that holds only a checkout's placeholder (``output/.gitkeep``): docmill
    writes beside it and keeps it, as with ``--allow-foreign-out``."""
    from flows.store.guard import holds_only_placeholders

    return holds_only_placeholders(out)


def _serve(args: argparse.Namespace) -> int:
    args.allow_foreign_out = args.allow_foreign_out or _placeholders_only(args.out)
    raw, out = _check_folders(args.raw, args.out, args.allow_foreign_out)
    raw.load_config()  # a bad catalogue stops here
    from flows.errors import OutputError
    from flows.store.config import load_catalogue

    schedule = load_catalogue(args.raw).schedule
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        raise OutputError("docmill serve needs a Prefect server: start one with `prefect server start` and set "
                          "PREFECT_API_URL=http://127.0.0.1:4200/api (see docs/prefect.md)")
    import httpx

    try:
        httpx.get(f"{str(PREFECT_API_URL.value()).rstrip('/')}/health", timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        raise OutputError(f"the Prefect server at PREFECT_API_URL={PREFECT_API_URL.value()} does not answer ({exc}); "
                          "is `prefect server start` running?") from None
    from flows.orchestrate.etl import DEFAULT_CRON, serve_refresh
    from flows.orchestrate.spec import RunSpec

    cron, interval = args.cron, args.interval
    if cron is None and interval is None:
        cron, interval = schedule.cron, schedule.interval
    if cron is None and interval is None:
        cron = DEFAULT_CRON
    spec = RunSpec(raw_dir=raw.absolute().url, out_dir=out.absolute().url, workers=args.workers or 0,
                   batch_files=args.batch_files, allow_foreign_out=args.allow_foreign_out,
                   file_timeout=args.file_timeout)  # workers 0: the cores of the machine each run executes on
    serve_refresh(spec, name=args.name, cron=cron, interval=interval, timezone=args.timezone or schedule.timezone)
    return 0


def _print_summary(summary: RunSummary, out: Path | str) -> None:
    from flows.store.summary import summary_lines

    print("\n".join(summary_lines(summary, out)))


if __name__ == "__main__":
    console()
