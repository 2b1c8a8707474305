"""Never delete a user's files; every user mistake is one line before Prefect starts (issue 11).

The argument and folder checks run ``docmill`` as a real subprocess in a temporary
folder and compare every path, byte and symlink of that folder before and after. Only
the tests marked with ``prefect_harness`` run the flow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows.cli import main
from flows.errors import OutputError, UsageError
from flows.store.guard import STAGING_MARK, OutputLock
from flows.store.sink import DatasetWriter, Staging

ARTICLE = "A headline for the test\n\n" + "Residents of the town met on Tuesday to discuss the new bus routes. " * 12
#: Runs the CLI as ``docmill`` does, then reports on stdout whether Prefect was imported.
PROBE = """
import sys
from flows.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print("prefect imported" if "prefect" in sys.modules else "prefect not imported")
sys.exit(code)
"""
FAST = 5.0  # a generous bound for a loaded machine; the real figures are printed (~0.1 s)


def _docmill(*args: str | Path, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)
    return proc, time.perf_counter() - start


def _assert_one_line_error(proc: subprocess.CompletedProcess[str], seconds: float, expected: str) -> None:
    print(f"{seconds:.2f} s: {proc.stderr.strip()}")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docmill: error: "), proc.stderr
    assert expected in lines[0]
    assert "prefect not imported" in proc.stdout
    assert seconds < FAST


def _snapshot(root: Path) -> dict[str, str | bytes]:
    """Every path under ``root`` (hidden ones and symlinks included) with its bytes or link target."""
    seen: dict[str, str | bytes] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                seen[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                seen[rel] = "dir"
            else:
                seen[rel] = path.read_bytes()
    return seen


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A raw folder with one article, and a user's folder that is not a docmill output."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(ARTICLE)
    data = tmp_path / "data"
    (data / "notes").mkdir(parents=True)
    (data / "thesis.tex").write_text("\\chapter{Results}\nMy thesis, three years of work.\n")
    (data / "measurements.csv").write_bytes(b"day,value\n1,0.5\n2,0.75\n")
    (data / ".zshrc").write_text("export EDITOR=vi\n")
    (data / "notes" / "todo.md").write_text("- finish\n")
    return tmp_path


# ---------------------------------------------------------------- arguments


@pytest.mark.parametrize(("args", "expected"), [
    (["run", "--workers", "0"], "argument --workers: must be a whole number at least 1, got '0'"),
    (["run", "--workers", "-2"], "argument --workers"),
    (["run", "--workers", "many"], "'many' is not a whole number"),
    (["run", "--batch-files", "0"], "argument --batch-files: must be a whole number at least 1"),
    (["run", "--max-bytes", "0"], "argument --max-bytes: must be a whole number at least 1"),
    (["run", "--lock-wait", "-1"], "argument --lock-wait: must be a number at least 0"),
    (["run", "--lock-wait", "nan"], "argument --lock-wait"),
    (["run", "--file-timeout", "0"], "argument --file-timeout: must be a number above 0"),
    (["run", "--runner", "spark"], "argument --runner: invalid choice"),
    (["run", "--address", "tcp://10.0.0.5:8786"], "--address needs --runner dask"),
    (["serve", "--workers", "0"], "argument --workers"),
    (["serve", "--batch-files", "0"], "argument --batch-files"),
    (["serve", "--interval", "0"], "argument --interval: must be a number above 0"),
    (["frobnicate"], "argument COMMAND: invalid choice"),
    (["run", "--raw", "missing"], "raw folder missing does not exist"),
    (["run", "--raw", "raw/a.txt"], "--raw raw/a.txt is a file, not a folder"),
    (["run", "--raw", "empty"], "raw folder empty holds no files"),
    (["serve", "--raw", "missing"], "raw folder missing does not exist"),
    (["explain", "missing.txt"], "missing.txt does not exist"),
    (["explain", "raw"], "raw is a folder"),
    (["explain", "raw/a.txt", "--raw", "missing"], "--raw missing is not a folder"),
    (["validate", "missing"], "output folder missing does not exist"),
    (["validate", "raw/a.txt"], "raw/a.txt is a file, not an output folder"),
    (["run", "--raw", "raw", "--out", "data/thesis.tex"], "--out data/thesis.tex is a file, not a folder"),
])
def test_every_bad_argument_is_one_line_before_prefect(place: Path, args: list[str], expected: str) -> None:
    (place / "empty").mkdir()
    before = _snapshot(place)
    proc, seconds = _docmill(*args, cwd=place)
    _assert_one_line_error(proc, seconds, expected)
    assert _snapshot(place) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_raw_folder_is_one_line(place: Path) -> None:
    (place / "raw").chmod(0)
    try:
        proc, seconds = _docmill("run", "--raw", "raw", "--out", "out", cwd=place)
    finally:
        (place / "raw").chmod(0o755)
    _assert_one_line_error(proc, seconds, "cannot read raw folder raw: Permission denied")


def test_the_docmill_command_answers_a_bad_argument_in_well_under_a_second(tmp_path: Path) -> None:
    docmill = Path(sys.executable).parent / "docmill"
    command = [str(docmill)] if docmill.exists() else [sys.executable, "-m", "flows.cli"]
    start = time.perf_counter()
    proc = subprocess.run([*command, "run", "--workers", "0"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    seconds = time.perf_counter() - start
    print(f"docmill run --workers 0: {seconds:.2f} s")
    assert proc.returncode == 2 and proc.stderr.startswith("docmill: error: argument --workers")
    assert seconds < FAST
    help_text = subprocess.run([*command, "run", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "--allow-foreign-out" in help_text and "keeps every other file" in " ".join(help_text.split())


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["serve", "--help"], ["explain", "--help"]])
def test_help_does_not_import_prefect(tmp_path: Path, args: list[str]) -> None:
    proc, seconds = _docmill(*args, cwd=tmp_path)
    print(f"docmill {' '.join(args)}: {seconds:.2f} s")
    assert proc.returncode == 0 and "usage: docmill" in proc.stdout
    assert "prefect not imported" in proc.stdout and seconds < FAST


def test_validate_on_a_damaged_manifest_is_a_failure_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "manifest.json").write_text("{ not json")
    proc, _ = _docmill("validate", "out", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "manifest.json is not readable JSON" in proc.stdout


# ---------------------------------------------------------------- the output folder


def test_a_folder_that_is_not_a_docmill_output_is_refused_and_left_intact(place: Path) -> None:
    before = _snapshot(place)
    proc, seconds = _docmill("run", "--raw", "raw", "--out", "data", cwd=place)
    _assert_one_line_error(proc, seconds, "--out data is not a docmill output and not empty")
    assert "--allow-foreign-out" in proc.stderr
    assert _snapshot(place) == before  # no lock, no staging folder, nothing removed


def test_a_foreign_folder_holding_a_name_docmill_writes_is_refused_even_with_the_flag(place: Path) -> None:
    (place / "data" / "README.md").write_text("# My data\n")
    before = _snapshot(place)
    proc, seconds = _docmill("run", "--raw", "raw", "--out", "data", "--allow-foreign-out", cwd=place)
    _assert_one_line_error(proc, seconds, "holds README.md, which docmill would replace")
    assert _snapshot(place) == before


def _overlap(place: Path, case: str) -> tuple[str, str, str]:
    """(--raw, --out, expected message) for ``--out`` equal to, inside or above ``--raw``,
    given plainly or through a symlink."""
    data = place / "data"
    (data / "raw").mkdir()
    (data / "raw" / "b.txt").write_text(ARTICLE)
    (place / "link-to-raw").symlink_to(place / "raw")
    (place / "link-to-data").symlink_to(data)
    (place / "link-to-data-raw").symlink_to(data / "raw")
    return {
        "equal": ("raw", "raw", "is the raw folder"),
        "equal, --out a symlink": ("raw", "link-to-raw", "is the raw folder"),
        "equal, --raw a symlink": ("link-to-raw", "raw", "is the raw folder"),
        "inside": ("raw", "raw/out", "is inside the raw folder"),
        "inside, through a symlink": ("raw", "link-to-raw/out", "is inside the raw folder"),
        "above": ("data/raw", "data", "holds the raw folder"),
        "above, --out a symlink": ("data/raw", "link-to-data", "holds the raw folder"),
        "above, --raw a symlink": ("link-to-data-raw", "data", "holds the raw folder"),
        "above, the current folder": ("raw", ".", "holds the raw folder"),
    }[case]


@pytest.mark.parametrize("case", ["equal", "equal, --out a symlink", "equal, --raw a symlink", "inside",
                                  "inside, through a symlink", "above", "above, --out a symlink",
                                  "above, --raw a symlink", "above, the current folder"])
@pytest.mark.parametrize("command", ["run", "serve"])
def test_out_equal_to_inside_or_above_raw_is_refused_before_anything_runs(place: Path, case: str,
                                                                          command: str) -> None:
    raw, out, expected = _overlap(place, case)
    before = _snapshot(place)
    proc, seconds = _docmill(command, "--raw", raw, "--out", out, "--allow-foreign-out", cwd=place)
    _assert_one_line_error(proc, seconds, expected)
    assert _snapshot(place) == before


def test_locked_output_is_refused_at_once_before_prefect(place: Path) -> None:
    out = place / "out"
    with OutputLock(out):
        proc, seconds = _docmill("run", "--raw", "raw", "--out", "out", cwd=place)
        assert (place / ".out.lock").exists()  # the holder's lock is left alone
    _assert_one_line_error(proc, seconds, f"output folder is locked by another docmill run (pid {os.getpid()}")


def test_the_flow_refuses_a_foreign_folder_itself(place: Path) -> None:
    """A flow run that did not come through the command (``docmill serve``, the API) checks too."""
    before = _snapshot(place / "data")
    with pytest.raises(UsageError, match="not a docmill output"), OutputLock(place / "data"):
        pass
    assert not (place / ".data.lock").exists()
    assert _snapshot(place / "data") == before


def test_a_lock_is_handed_down_only_with_its_token(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputLock(out) as held:
        with OutputLock(out, token=held.token):  # the flow adopts the command's lock
            pass
        assert held.path.exists()  # and leaves its removal to the command
        with pytest.raises(OutputError, match="locked by another docmill run"), OutputLock(out):
            pass
    assert not held.path.exists()


def test_stale_cleanup_removes_only_what_docmill_made(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = tmp_path / ".out.staging-20260101T000000Z-dead0000"
    (dead / "documents").mkdir(parents=True)
    (dead / STAGING_MARK).write_text("")
    (dead / "documents" / "part-00000.parquet").write_bytes(b"half written")
    finished = tmp_path / ".out.old-1234abcd"
    finished.mkdir()
    (finished / "manifest.json").write_text(json.dumps({"run_id": "r", "versions": {"docmill": "0"}, "files": []}))
    empty = tmp_path / ".out.staging-empty"
    empty.mkdir()
    users = tmp_path / ".out.staging-mine"
    users.mkdir()
    (users / "keep.txt").write_text("not docmill's")
    with Staging(out, "run1") as staging:
        assert (staging.path / STAGING_MARK).is_file()
    assert not dead.exists() and not finished.exists() and not empty.exists()
    assert (users / "keep.txt").read_text() == "not docmill's"
    assert not staging.path.exists()


def test_the_swap_keeps_every_entry_docmill_does_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "documents").mkdir(parents=True)
    (out / "documents" / "part-00007.parquet").write_bytes(b"previous part")
    (out / "manifest.json").write_text(json.dumps({"run_id": "old", "versions": {"docmill": "0"}, "files": []}))
    (out / "NOTES.md").write_text("my notes\n")
    (out / ".gitignore").write_text("*.parquet\n")
    (out / "analysis").mkdir()
    (out / "analysis" / "plot.py").write_text("print(1)\n")
    (out / "latest").symlink_to("analysis")
    users = {k: v for k, v in _snapshot(out).items() if not k.startswith(("documents", "manifest"))}
    with Staging(out, "run2") as staging:
        (staging.path / "documents" / "part-00000.parquet").write_bytes(b"new part")
        (staging.path / "manifest.json").write_text(json.dumps({"run_id": "run2", "versions": {"docmill": "0"},
                                                                 "files": []}))
        staging.commit()
    after = _snapshot(out)
    assert {k: v for k, v in after.items() if k in users} == users
    assert after["documents/part-00000.parquet"] == b"new part"
    assert "documents/part-00007.parquet" not in after  # the previous output's own files are replaced
    assert STAGING_MARK not in after
    assert not list(tmp_path.glob(".out.*"))


def test_an_empty_table_is_written_without_a_zero_row_row_group(tmp_path: Path) -> None:
    from flows.clean.export import DOCUMENT_SCHEMA

    path = DatasetWriter(tmp_path, DOCUMENT_SCHEMA).write("part-00000", DOCUMENT_SCHEMA.empty_table())
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == 0 and parquet.metadata.num_rows == 0
    assert parquet.schema_arrow.equals(DOCUMENT_SCHEMA, check_metadata=False)


# ---------------------------------------------------------------- full runs (Prefect)


def test_allow_foreign_out_keeps_the_users_files_byte_identical(prefect_harness: None, place: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from flows.store.guard import OWN_NAMES

    data = place / "data"
    users = _snapshot(data)
    args = ["run", "--raw", str(place / "raw"), "--out", str(data), "--quiet", "--workers", "1"]
    assert main([*args, "--allow-foreign-out"]) == 0
    after = _snapshot(data)
    assert {k: v for k, v in after.items() if k in users} == users
    assert {name for name in os.listdir(data)} - {Path(k).parts[0] for k in users} <= OWN_NAMES
    assert main(["validate", str(data)]) == 0
    # now a docmill output: later runs need no flag, and a file the user adds beside it survives them
    (data / "NOTES.md").write_text("the run of Tuesday\n")
    users = {k: v for k, v in _snapshot(data).items() if Path(k).parts[0] not in OWN_NAMES}
    assert main([*args, "--full"]) == 0
    assert {k: v for k, v in _snapshot(data).items() if k in users} == users
    assert not list(place.glob(".data.*"))  # no lock, no staging folder left
    capsys.readouterr()


def test_an_output_folder_holding_only_a_placeholder_is_written_and_keeps_it(prefect_harness: None, place: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A checkout's ``output/.gitkeep`` (this repository's ``make run`` writes there): the run
    goes ahead without a flag, and the placeholder stays, through later runs too."""
    out = place / "output"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")
    args = ["run", "--raw", str(place / "raw"), "--out", str(out), "--quiet", "--workers", "1"]
    assert main(args) == 0
    assert (out / ".gitkeep").read_bytes() == b"" and (out / "manifest.json").is_file()
    assert main([*args, "--full"]) == 0
    assert (out / ".gitkeep").is_file()
    assert main(["validate", str(out)]) == 0
    capsys.readouterr()


def test_an_empty_result_is_a_loadable_dataset(prefect_harness: None, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb
    import pandas as pd

    from flows.clean.export import DOCUMENT_SCHEMA, PARAGRAPH_SCHEMA

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")  # rejected: the run has no document at all
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert main(["validate", str(out)]) == 0
    for path in out.rglob("*.parquet"):
        row_groups = pq.ParquetFile(path).metadata
        assert all(row_groups.row_group(i).num_rows for i in range(row_groups.num_row_groups)), path
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf" / "datasets"))
    import datasets

    for name, schema in (("documents", DOCUMENT_SCHEMA), ("paragraphs", PARAGRAPH_SCHEMA)):
        files = sorted(str(p) for p in (out / name).glob("*.parquet"))
        frame = pd.read_parquet(out / name)
        assert len(frame) == 0 and list(frame.columns) == schema.names
        cursor = duckdb.connect().execute(f"SELECT * FROM read_parquet('{out / name}/*.parquet')")
        assert cursor.fetchall() == [] and [column[0] for column in cursor.description or []] == schema.names
        streamed = datasets.load_dataset("parquet", data_files=files, split="train", streaming=True,
                                         cache_dir=str(tmp_path / "hf" / "datasets"))
        assert list(streamed) == [] and list(streamed.features) == schema.names
        try:
            loaded = datasets.load_dataset("parquet", data_files=files, split="train",
                                           cache_dir=str(tmp_path / "hf" / "datasets"))
        except ValueError as exc:  # datasets <= 5.2 builds no 0-row split at all (see README)
            assert "corresponds to no data" in str(exc)
        else:
            assert loaded.num_rows == 0 and loaded.column_names == schema.names
