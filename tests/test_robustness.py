"""Bad input, faults and hostile content: nothing lost, nobody let in (issue: robustness).

Every test builds its own raw folder of real files in a temporary directory.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.clean.decode import decode_bytes
from flows.clean.pipeline import process_file
from flows.clean.validate import schema_errors
from flows.cli import main
from flows.errors import InputError, OutputError, RuleError
from flows.model import RawFile
from flows.store.rawstore import read_raw
from flows.store.sink import OutputLock

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "A headline for the test\n\n" + "Residents of the town met on Tuesday to discuss the new bus routes. " * 12


def _rejects(out: Path) -> list[dict]:  # type: ignore[type-arg]
    return ds.dataset(out / "rejects", format="parquet").to_table().to_pylist()


def _documents(out: Path) -> list[dict]:  # type: ignore[type-arg]
    return ds.dataset(out / "documents", format="parquet").to_table().to_pylist()


@pytest.fixture(scope="module")
def bad_run(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One run over a folder of every kind of bad input, next to good files."""
    raw = tmp_path_factory.mktemp("bad") / "raw"
    deep = raw.joinpath(*[f"level{i}" for i in range(12)])
    deep.mkdir(parents=True)
    (raw / "good.txt").write_text(ARTICLE)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / "archive.md").write_bytes(b"PK\x03\x04" + os.urandom(512))
    (raw / "report.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (raw / "nul.txt").write_bytes(b"Some text\x00with NUL\x00bytes in it " * 20)
    (raw / "mixed.txt").write_bytes(ARTICLE.encode() + b"\n\nBroken \xff\xfe bytes here. " + "Grüße.".encode())
    (raw / "notes.ps.txt").write_bytes(b"%!PS-Adobe-3.0\n/Times-Roman findfont 12 scalefont setfont")
    (raw / "name with spaces ünïcödé.txt").write_text(ARTICLE)
    (raw / "line\nbreak.txt").write_text(ARTICLE)
    (deep / "deep.txt").write_text(ARTICLE)
    (raw / "huge.txt").write_bytes(b"")
    os.truncate(raw / "huge.txt", 200 * 1024 * 1024)  # sparse: 200 MB without using the disk
    (raw / "link-out.txt").symlink_to("/etc/hostname")
    (raw / "link-dir").symlink_to(ROOT / "raw")
    out = raw.parent / "out"
    code = main(["run", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "1"])
    assert code == 0
    return out, str(raw)


def test_every_file_is_accounted_for(bad_run: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = bad_run
    manifest = json.loads((out / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["files"] == counts["processed"] + counts["rejected"] + counts["skipped"]
    assert counts["files"] == 14
    assert counts["processed"] == 5  # good, mixed, spaces, newline, deep
    assert counts["skipped"] == 2  # the two symlinks


@pytest.mark.parametrize(("name", "reason", "detail"), [
    ("empty.txt", "EmptyInput", "empty file"),
    ("image.txt", "BinaryInput", "PNG image"),
    ("archive.md", "BinaryInput", "ZIP archive"),
    ("report.html", "BinaryInput", "damaged PDF"),  # a PDF is read through its text layer; this one has none
    ("nul.txt", "BinaryInput", "NUL bytes"),
    ("notes.ps.txt", "UnsupportedFormat", "PostScript"),
    ("huge.txt", "TooLarge", "limit of 52,428,800 bytes"),
    ("link-out.txt", "Symlink", "not followed"),
    ("link-dir", "Symlink", "not followed"),
])
def test_bad_inputs_get_a_specific_reason(bad_run: tuple[Path, str], name: str, reason: str, detail: str) -> None:
    rows = [r for r in _rejects(bad_run[0]) if r["source_file"] == name]
    assert len(rows) == 1, name
    assert rows[0]["reason"] == reason
    assert detail in rows[0]["detail"]


def test_good_text_survives_next_to_damaged_bytes(bad_run: tuple[Path, str]) -> None:
    doc = next(d for d in _documents(bad_run[0]) if d["source_file"] == "mixed.txt")
    assert "Grüße." in doc["body"] and "Broken" in doc["body"]
    assert doc["replaced_chars"] == 2


def test_odd_file_names_are_kept_exactly(bad_run: tuple[Path, str]) -> None:
    names = {d["source_file"] for d in _documents(bad_run[0])}
    assert "name with spaces ünïcödé.txt" in names
    assert "line\nbreak.txt" in names
    assert "/".join(f"level{i}" for i in range(12)) + "/deep.txt" in names


def test_summary_prints_the_accounting_identity(prefect_harness: None, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(ARTICLE)
    (raw / "b.txt").write_bytes(b"")
    assert main(["run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet", "--workers", "1"]) == 0
    assert "files      2 = processed 1 + rejected 1 + skipped 0" in capsys.readouterr().out
    assert main(["run", "--raw", str(raw), "--out", str(tmp_path / "out2"), "--quiet", "--strict"]) == 3


def test_empty_raw_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "raw").mkdir()
    assert main(["run", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 2
    assert "holds no files" in capsys.readouterr().err


def test_permission_denied_is_a_reject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked.txt").write_text(ARTICLE)
    if os.geteuid() != 0:
        (tmp_path / "locked.txt").chmod(0)
    else:  # root reads anything: make the open fail as it would for a user
        def deny(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(InputError, match="permission denied"):
        read_raw(tmp_path, "locked.txt", "default")


def test_a_20_mb_single_line_finishes(config) -> None:  # type: ignore[no-untyped-def]
    line = ("word " * 9 + "[link](https://e.org) *em* <b>x</b> ") * (20 * 1024 * 1024 // 70)
    start = time.perf_counter()
    result = process_file(RawFile("long.txt", line.encode()), config)
    assert time.perf_counter() - start < 120
    assert result.documents or result.rejections


WORDS = st.sampled_from(["budget", "council", "river", "school", "the", "a", "voted", "Tuesday", "2024"])
PIECES = st.one_of(
    st.lists(WORDS, min_size=3, max_size=40).map(" ".join),
    st.sampled_from(["Share", "<div class='x'>", "</p>", "[Donate](#)", "# Title", "---", "* * *", "\\_", "&amp;",
                     "By Jane Roe", "Publication date: 5 March 2024", "© 2024 Example", "PS:", "<script>x()</script>",
                     "\x00", "\ufffd", "\u202e", "\r\n", "\f", "    ", "<https://example.org/a>"]),
    st.text(max_size=40),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=3000), st.lists(PIECES, max_size=30).map(lambda p: "\n".join(p).encode())))
def test_fuzz_every_output_validates_or_is_a_reject(config, data: bytes) -> None:  # type: ignore[no-untyped-def]
    result = process_file(RawFile("fuzz.txt", data), config)
    assert result.documents or result.rejections
    for record in result.documents:
        assert schema_errors(record, config.schema) == []


def test_html_is_parsed_without_fetching(config, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    page = ('<!DOCTYPE html SYSTEM "http://example.org/evil.dtd"><html><head>'
            '<link rel="stylesheet" href="http://example.org/a.css"><script src="http://example.org/x.js"></script>'
            '</head><body><article><h1>Title</h1><img src="http://example.org/i.png">'
            + "<p>Body text of the page that is long enough to be a paragraph of prose.</p>" * 4
            + '<iframe src="http://example.org/frame"></iframe></article></body></html>')
    result = process_file(RawFile("page.html", page.encode()), config)
    assert result.documents and result.documents[0]["title"] == "Title"


def test_no_code_execution_primitives_in_the_package() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "flows").rglob("*.py"))
    for primitive in (r"\beval\(", r"\bexec\(", r"\bpickle\b", r"yaml\.load\(", r"subprocess\..*shell=True", r"os\.system"):
        assert not re.search(primitive, source), primitive


def test_malicious_rule_is_refused(tmp_path: Path) -> None:
    from flows.store.config import load_sources

    (tmp_path / "sources.toml").write_text(
        '[source.x]\npaths = ["x/"]\n[source.x.rules]\n'
        "extra = [{ name = 'evil', kind = 'line', description = 'd', pattern = '(a*)*\\1$', examples = ['a'] }]\n")
    sources = load_sources(tmp_path)
    from flows.clean.pipeline import compiled
    from flows.config import PipelineConfig
    from flows.store.config import load_config

    config = load_config(tmp_path)
    assert "x" in sources
    with pytest.raises(RuleError, match="not valid RE2"):
        compiled(PipelineConfig(config.rules, config.metadata, config.schema, sources), "x")


def test_catalogue_paths_cannot_escape(tmp_path: Path) -> None:
    from flows.store.config import load_sources

    for bad in ("../outside", "/etc", "a/../../b"):
        (tmp_path / "sources.toml").write_text(f'[source.x]\npaths = ["{bad}"]\n')
        with pytest.raises(RuleError, match="outside the raw folder"):
            load_sources(tmp_path)


# ---------------------------------------------------------------- faults


def test_second_run_is_refused_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputLock(out), pytest.raises(OutputError, match=rf"pid {os.getpid()}"):
        OutputLock(out).__enter__()


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / ".out.lock").write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname(), "started": "x"}))
    with OutputLock(out) as lock:
        assert json.loads(lock.path.read_text())["pid"] == os.getpid()


def test_concurrent_cli_run_exits_with_a_clear_message(prefect_harness: None, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(ARTICLE)
    with OutputLock(tmp_path / "out"):
        assert main(["run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "locked by another docmill run" in capsys.readouterr().err


@pytest.mark.parametrize(("code", "message"), [("ENOSPC", "the disk is full"), ("EROFS", "read-only")])
def test_full_disk_leaves_the_old_output_intact(prefect_harness: None, seed_output: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                code: str, message: str) -> None:
    import errno
    import shutil

    import flows.store.sink as sink

    out = tmp_path / "out"
    shutil.copytree(seed_output, out)
    before = {p.name: p.read_bytes() for p in (out / "documents").iterdir()}

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)))

    monkeypatch.setattr(sink.pq, "ParquetWriter", full)
    assert main(["run", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--workers", "1", "--full"]) == 2
    assert message in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (out / "documents").iterdir()} == before
    assert main(["validate", str(out)]) == 0
    assert not list(tmp_path.glob(".out.staging-*"))


def test_transient_io_error_is_retried(prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.orchestrate.pool as pool
    import flows.orchestrate.tasks as tasks

    calls = {"n": 0}
    real = pool.WorkerPool.run

    def flaky(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("network file system hiccup")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pool.WorkerPool, "run", flaky)
    monkeypatch.setattr(tasks.process_batch_task, "retry_delay_seconds", 0)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(ARTICLE)
    from flows.orchestrate.etl import run

    summary = run(str(raw), str(tmp_path / "out"), workers=1)
    assert calls["n"] == 2 and summary["documents"] == 1


def test_deterministic_failure_is_quarantined_not_retried(config, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    result = process_file(RawFile("bin.txt", b"\x7fELF\x02\x01"), config)
    assert [r.reason for r in result.rejections] == ["BinaryInput"]


@pytest.mark.slow
def test_sigkill_mid_run_leaves_the_previous_output(seed_output: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seed_output, out)
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    raw = tmp_path / "raw"
    subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--out", str(raw), "--files", "1500",
                    "--seeds-dir", str(ROOT / "raw")], check=True, capture_output=True)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--raw", str(raw), "--out", str(out),
                             "--quiet", "--workers", "1", "--batch-files", "100"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(tmp_path.glob(".out.staging-*/documents/part-00001.parquet")):
            time.sleep(0.2)
        assert list(tmp_path.glob(".out.staging-*")), "the run never started writing"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert main(["validate", str(out)]) == 0
    assert len(_documents(out)) == 6
    # the next run cleans up the dead run's staging folder and lock, and completes
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text(ARTICLE)
    code = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--raw", str(small), "--out", str(out), "--quiet"],
                          env=env, capture_output=True, timeout=300).returncode
    assert code == 0
    assert not list(tmp_path.glob(".out.staging-*")) and not (tmp_path / ".out.lock").exists()
    assert len(_documents(out)) == 1


def test_decode_never_raises_anything_but_input_errors() -> None:
    for data in (b"\xff" * 10, b"\xfe\xff\x00", b"\xef\xbb\xbf", b"\x00" * 100, os.urandom(4096)):
        with contextlib.suppress(InputError):
            decode_bytes(data)


def test_output_folder_whose_parent_does_not_exist_yet(tmp_path: Path) -> None:
    out = tmp_path / "not" / "made" / "yet" / "out"
    with OutputLock(out) as lock:
        assert lock.path.parent.is_dir()
