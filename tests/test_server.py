"""The background Prefect server: started once by `docmill run`, reused, named flow runs with logs, stopped."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.store.guard import pid_alive

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """A Prefect home of this test's own; whatever server runs there is stopped afterwards."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    try:
        yield home
    finally:
        from flows.orchestrate.server import stop_server

        stop_server(home)


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, PREFECT_HOME=str(home), DOCMILL_PREFECT_SERVER="background")
    env.pop("PREFECT_API_URL", None)
    return env


def _docmill(home: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "flows.cli", *args], env=_env(home), cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    return done, time.monotonic() - started


def _state(home: Path) -> dict[str, Any]:
    return dict(json.loads((home / "docmill-server.json").read_text(encoding="utf-8")))


async def _flow_run_and_logs(api_url: str, name: str) -> tuple[list[str], list[str]]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName, LogFilter, LogFilterFlowRunId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}):
        async with get_client() as client:
            runs = await client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name])))
            messages: list[str] = []
            for _ in range(50):  # logs are sent in the background: the last ones may land a moment late
                logs = await client.read_logs(
                    log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id for run in runs])))
                messages = [log.message for log in logs]
                if any("  time " in message for message in messages):
                    break
                await asyncio.sleep(0.2)
    return [run.name for run in runs], messages


def test_background_server_is_started_once_reused_and_stopped(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, first_seconds = _docmill(home, "run", "--raw", str(RAW), "--out", str(out), "--workers", "1")
    assert first.returncode == 0, first.stderr
    assert "started a Prefect server in the background" in first.stderr
    server = _state(home)
    assert pid_alive(server["pid"])

    second, second_seconds = _docmill(home, "run", "--raw", str(RAW), "--out", str(out), "--workers", "1", "--full")
    assert second.returncode == 0, second.stderr
    assert "started a Prefect server" not in second.stderr
    assert _state(home)["pid"] == server["pid"]  # reused
    assert second_seconds < first_seconds, (first_seconds, second_seconds)

    run_id = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["run_id"]
    assert f"docmill run {run_id} " in second.stdout
    status = subprocess.run([sys.executable, "-m", "flows.cli", "server", "status"], env=_env(home), cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert status.returncode == 0 and f"pid {server['pid']}" in status.stdout
    api_url = re.search(r"API (\S+)\)", status.stdout).group(1)  # type: ignore[union-attr]

    names, messages = asyncio.run(_flow_run_and_logs(api_url, run_id))
    assert names == [run_id]  # the flow run is named after the docmill run
    assert any(re.match(r"batch 1/1 written: 5 file\(s\) cleaned; 5/5 files done", m) for m in messages), messages
    assert f"docmill run {run_id} → {out}" in messages
    assert any(m.startswith("  files      5 = processed 5") for m in messages), messages

    stop = subprocess.run([sys.executable, "-m", "flows.cli", "server", "stop"], env=_env(home), cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert stop.returncode == 0 and f"stopped (pid {server['pid']})" in stop.stdout
    assert not pid_alive(server["pid"])
    assert not (home / "docmill-server.json").exists()
    status = subprocess.run([sys.executable, "-m", "flows.cli", "server", "status"], env=_env(home), cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert status.returncode == 0 and status.stdout.strip() == "not running"


def test_progress_lines_when_not_a_terminal_and_none_when_quiet() -> None:
    import io

    from flows.orchestrate.progress import RunProgress

    stream = io.StringIO()
    with RunProgress(2000, 20_000_000, stream=stream) as progress:
        for done in (0, 150, 210, 990, 2000, 2000):
            progress.update(done, 2000)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "docmill: starting a run on 2000 file(s)"
    assert [line.split(" files")[0] for line in lines[1:]] == [
        "docmill: 0/2000", "docmill: 210/2000", "docmill: 990/2000", "docmill: 2000/2000"]  # every 10 %
    assert "MB/s" in lines[-1] and "ETA 0 s" in lines[-1]
    quiet = io.StringIO()
    with RunProgress(2000, 20_000_000, quiet=True, stream=quiet) as progress:
        progress.update(1000, 2000)
    assert quiet.getvalue() == ""


def test_an_unknown_server_mode_is_refused(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from flows.cli import main

    monkeypatch.setenv("DOCMILL_PREFECT_SERVER", "elsewhere")
    assert main(["run", "--raw", str(RAW), "--out", "/nonexistent-docmill-out"]) == 2
    assert "DOCMILL_PREFECT_SERVER='elsewhere'" in capsys.readouterr().err


def test_a_server_that_cannot_start_means_a_temporary_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.orchestrate.server as server
    from flows import cli
    from flows.errors import OutputError

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OutputError("it did not answer")

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(server, "ensure_server", fail)
    notes: list[str] = []
    cli._choose_server("background", notes.append)
    assert "PREFECT_API_URL" not in os.environ
    assert notes == ["docmill: note: no background Prefect server (it did not answer); using a temporary one"]


def test_an_explicit_api_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.orchestrate.server as server

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    monkeypatch.setattr(server, "ensure_server", None)  # never called
    assert server.choose_api("background", print) == "http://127.0.0.1:4200/api"
    assert server.choose_api("temporary", print) == "http://127.0.0.1:4200/api"
    monkeypatch.delenv("PREFECT_API_URL")
    assert server.choose_api("temporary", print) is None
