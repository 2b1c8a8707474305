"""The shell's own types: one location type for local and remote places, the run spec, the
run summary, the pool handed to the batch task, one pid check.

Real folders in tmp_path, fsspec's in-memory file system for the remote side, real processes.
"""

from __future__ import annotations

import inspect
import pickle
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from flows.errors import UsageError
from flows.orchestrate.spec import RUN_SCOPED, Found, RunSpec
from flows.store.guard import OutputLock, pid_alive
from flows.store.location import Location, NoLock
from flows.store.rawstore import Inventory
from flows.store.summary import RunSummary, describe_refresh, summary_lines
from tests.conftest import RAW

ARTICLE = "Harbour wall repaired\n\nThe old harbour wall was repaired this spring by volunteers from the village.\n"


def _memory_url() -> str:
    return f"memory://docmill-shell-{uuid.uuid4().hex[:8]}"


def _raw_folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "harbour").mkdir(parents=True)
    (raw / "harbour" / "wall.txt").write_text(ARTICLE, encoding="utf-8")
    (raw / "note.md").write_text("# Note\n\nA short note about the harbour.\n", encoding="utf-8")
    (raw / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (raw / "sources.toml").write_text('[source.harbour]\npaths = ["harbour/"]\nlicence = "CC0-1.0"\n', encoding="utf-8")
    return raw


def _upload(raw: Path, url: str) -> None:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        fs.pipe_file(f"{root}/{path.relative_to(raw).as_posix()}", path.read_bytes())


@pytest.mark.parametrize("remote", [False, True], ids=["local", "memory"])
def test_a_location_lists_hashes_and_reads_local_and_remote_raw_files_alike(tmp_path: Path, remote: bool) -> None:
    raw = _raw_folder(tmp_path)
    if remote:
        url = _memory_url()
        _upload(raw, url)
        location = Location(url)
    else:
        location = Location(str(raw))
    assert location.remote is remote and (location.path is None) is remote
    inventory = location.discover()
    assert inventory.files == ("harbour/wall.txt", "note.md")  # hidden files and the catalogue are not raw files
    config = location.load_config()  # the catalogue, copied from a remote location
    assert config.sources["harbour"].licence == "CC0-1.0"
    scans = location.scan(inventory.files, config, max_bytes=1 << 20)
    assert scans["harbour/wall.txt"].size == len(ARTICLE.encode())
    assert scans["harbour/wall.txt"].source == "harbour"
    assert location.read_raw("harbour/wall.txt", "harbour", 1 << 20).data == ARTICLE.encode()
    assert inventory.size == sum((raw / name).stat().st_size for name in inventory.files)  # as listed


def test_a_file_url_is_the_local_folder_it_names(tmp_path: Path) -> None:
    raw = _raw_folder(tmp_path)
    location = Location(raw.as_uri())
    assert not location.remote and location.path == raw
    assert location.discover().files == ("harbour/wall.txt", "note.md")
    assert location.absolute() == Location(str(raw))


def test_a_remote_output_is_built_locally_and_uploaded_only_when_the_block_succeeds(tmp_path: Path) -> None:
    import fsspec

    url = _memory_url()
    out = Location(url)
    with pytest.raises(RuntimeError), out.build() as local:
        local.mkdir(parents=True)
        (local / "manifest.json").write_text('{"files": []}', encoding="utf-8")
        raise RuntimeError("the run failed")
    fs, root = fsspec.core.url_to_fs(url)
    assert not fs.exists(f"{root}/manifest.json")
    with out.build() as local:
        local.mkdir(parents=True)
        (local / "manifest.json").write_text('{"files": []}', encoding="utf-8")
    assert fs.cat_file(f"{root}/manifest.json") == b'{"files": []}'
    assert not local.exists()  # the temporary folder is gone


def test_a_local_output_is_its_own_folder_with_the_lock_and_the_checks(tmp_path: Path) -> None:
    raw, target = Location(str(_raw_folder(tmp_path))), tmp_path / "target"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    out = Location(str(tmp_path / "link")).check_output(raw, allow_foreign=False)
    assert out.path == target  # a symlinked --out becomes the folder it points to
    with out.build() as folder:
        assert folder == target
    with pytest.raises(UsageError, match="inside the raw folder"):
        Location(str(tmp_path / "raw" / "out")).check_output(raw, allow_foreign=False)
    lock = out.lock()
    assert isinstance(lock, OutputLock)
    with lock:
        assert lock.path.exists()
    assert not lock.path.exists()
    remote = Location(_memory_url())
    assert isinstance(remote.lock(), NoLock) and remote.lock().token is None
    assert remote.check_output(raw, allow_foreign=False) == remote


def test_absolute_names_a_local_folder_for_another_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert Location("raw").absolute() == Location(str(tmp_path / "raw"))
    assert Location("s3://bucket/raw").absolute() == Location("s3://bucket/raw")


def test_the_spec_is_the_flows_parameters_and_a_served_deployment_gets_none_of_one_runs_own() -> None:
    from flows.orchestrate.etl import etl

    spec = RunSpec(raw_dir="raw", out_dir="out", workers=2, run_id="20260101T000000Z-0123abcd", lock_token="t")
    assert set(spec.parameters()) <= set(inspect.signature(etl.fn).parameters)
    served = spec.served_parameters()
    assert not set(served) & set(RUN_SCOPED) and served["raw_dir"] == "raw" and served["workers"] == 2
    assert spec.raw == Location("raw") and spec.out == Location("out")


def test_what_the_command_found_reaches_only_the_flows_own_process(config) -> None:  # type: ignore[no-untyped-def]
    from flows.orchestrate.etl import etl

    found = Found(config, Inventory(("a.txt",), ()))
    assert pickle.loads(pickle.dumps({"found": found})) == {"found": None}  # what a Dask worker would receive
    assert etl.serialize_parameters({"found": found}) == {"found": "<Found>"}  # what Prefect's server stores


def test_a_summary_goes_through_the_flows_plain_return_value_unchanged() -> None:
    summary = RunSummary(
        run_id="20260101T000000Z-0123abcd", finished="2026-01-01T00:00:05+00:00", raw_dir="raw", files=3,
        processed=1, rejected=1, skipped=1, documents=2, duplicates=0, paragraphs=5, words=120, bytes=2_000_000,
        quarantined=1, reasons={"read: TooLarge": 1}, workers=2, seconds=4.25, stage_seconds={"clean": 0.5},
        refresh={"mode": "full", "files_processed": 2, "files_added": 2, "files_changed": 0, "files_unchanged": 0,
                 "files_removed": 0, "documents_added": 2, "documents_removed": 0},
    )
    assert RunSummary.from_dict(summary.as_dict()) == summary
    lines = summary_lines(summary, "out")
    assert lines[0] == "docmill run 20260101T000000Z-0123abcd → out"
    assert "  files      3 = processed 1 + rejected 1 + skipped 1" in lines
    assert "        1  read: TooLarge" in lines
    assert lines[-1] == "  time       4.2 s (2.0 MB, 2 worker(s))"
    assert describe_refresh(summary.refresh).startswith("full: 2 file(s) processed (2 added, 0 changed)")


def test_the_batch_task_uses_the_pool_it_is_handed(tmp_path: Path, config) -> None:  # type: ignore[no-untyped-def]
    from flows.orchestrate.pool import PoolClosed, WorkerPool
    from flows.orchestrate.tasks import process_batch_task

    files = sorted(p.name for p in RAW.iterdir() if p.suffix in (".txt", ".md"))[:1]
    here = process_batch_task.fn(str(RAW), files, config)  # no pool: cleaned in this process
    assert here.files == 1 and here.documents.num_rows >= 1
    pool = WorkerPool(1, file_timeout=60)
    try:
        there = process_batch_task.fn(str(RAW), files, config, pool=pool)
        assert there.documents.equals(here.documents)
    finally:
        pool.close()
    with pytest.raises(PoolClosed):  # a run that stopped: its closed pool refuses, nothing runs here instead
        process_batch_task.fn(str(RAW), files, config, pool=pool)


def test_pid_alive_tells_a_live_process_from_an_ended_child() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert pid_alive(child.pid)
    finally:
        child.kill()
        child.wait()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    while not _exited(ended.pid):
        time.sleep(0.01)
    assert not pid_alive(ended.pid)  # a zombie child of ours is reaped, and is not alive


def _exited(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def test_a_run_loads_the_config_and_walks_the_raw_folder_once(prefect_harness: None, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import flows.store.config
    import flows.store.rawstore
    from flows.cli import main

    calls: list[str] = []
    for module, name in ((flows.store.rawstore, "discover"), (flows.store.config, "load_config")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, _real=real, _name=name, **kwargs: (
            calls.append(_name), _real(*args, **kwargs))[1])
    raw, out = _raw_folder(tmp_path), tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert sorted(calls) == ["discover", "load_config"]  # by the command, before Prefect; the flow reuses them
    assert "files      2 = processed 2 + rejected 0 + skipped 0" in capsys.readouterr().out


def test_the_command_keeps_its_exit_code_and_output_when_it_skips_the_teardown(tmp_path: Path) -> None:
    """``docmill`` ends with ``os._exit`` after every exit handler ran: the summary is still
    printed in full, the exit code is the command's (3 with ``--strict`` and a quarantined
    file) and no process of the run is left."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_bytes((RAW / "001_af9b6ddbe6278279.txt").read_bytes())
    (raw / "junk.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--raw", str(raw), "--out", str(tmp_path / "out"),
                             "--quiet", "--strict"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own process group: the run's processes are findable
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 3, stderr[-2000:]
    assert "files      2 = processed 1 + rejected 1 + skipped 0" in stdout
    assert stdout.rstrip().splitlines()[-1].lstrip().startswith("time ")
    ps = subprocess.run(["ps", "-o", "pid=", "-g", str(proc.pid)], capture_output=True, text=True)
    assert ps.stdout.split() == []
