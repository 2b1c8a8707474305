"""`docmill serve` against a real Prefect server: a scheduled run completes and writes the output.

A `prefect server start` with a temporary PREFECT_HOME, then `docmill serve --interval 5`
with a unique deployment name, both in subprocesses; the test polls the server's API
until a flow run of that deployment is COMPLETED and the output exists, and stops
everything in `finally` (SIGINT, then SIGTERM, then SIGKILL), bounded in time.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from flows.cli import main

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STARTUP_S, RUN_S, GRACE_S = 90, 90, 10


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGINT to the process group, then SIGTERM, then SIGKILL, each after a grace period."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=GRACE_S)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else "(no log)"


def _flow_runs(api: str, deployment: str, states: list[str]) -> list[dict[str, Any]]:
    """The deployment's flow runs in the given state types (scheduled future runs are many)."""
    response = httpx.post(f"{api}/flow_runs/filter", timeout=10,
                          json={"deployments": {"name": {"any_": [deployment]}},
                                "flow_runs": {"state": {"type": {"any_": states}}}, "limit": 20})
    response.raise_for_status()
    return list(response.json())


def test_serve_runs_the_refresh_on_its_schedule(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for seed in sorted((ROOT / "raw").glob("*.txt"))[:2]:
        shutil.copy(seed, raw / seed.name)
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_API_URL": api,
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
           "PREFECT_RUNNER_POLL_FREQUENCY": "2", "DO_NOT_TRACK": "1"}
    deployment = f"test-{uuid.uuid4().hex[:8]}"
    procs: list[subprocess.Popen[bytes]] = []
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    try:
        with server_log.open("wb") as log:
            procs.append(subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port",
                                           str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True))
        deadline = time.monotonic() + STARTUP_S
        while True:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert procs[0].poll() is None, f"the Prefect server exited:\n{_tail(server_log)}"
            assert time.monotonic() < deadline, f"no /api/health after {STARTUP_S} s:\n{_tail(server_log)}"
            time.sleep(0.5)
        with serve_log.open("wb") as log:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "flows.cli", "serve", "--raw", str(raw), "--out", str(out), "--interval", "5",
                 "--name", deployment, "--workers", "1"],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        deadline = time.monotonic() + RUN_S
        states: list[str] = []
        while time.monotonic() < deadline:
            assert procs[1].poll() is None, f"docmill serve exited:\n{_tail(serve_log)}"
            done = _flow_runs(api, deployment, ["COMPLETED"])
            if done and (out / "manifest.json").is_file():
                break
            states = [r["state_type"] for r in _flow_runs(api, deployment, ["RUNNING", "FAILED", "CRASHED", "PENDING"])]
            time.sleep(1)
        else:
            pytest.fail(f"no COMPLETED run of {deployment} in {RUN_S} s (other runs: {states}):\n"
                        f"serve:\n{_tail(serve_log)}\nserver:\n{_tail(server_log)}")
        assert main(["validate", str(out)]) == 0
    finally:
        for proc in reversed(procs):
            _stop(proc)


def test_serve_without_a_server_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("A title\n\n" + "Words of a short article. " * 20)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        assert main(["serve", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    assert "needs a Prefect server" in capsys.readouterr().err


def test_serve_with_an_unreachable_server_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("A title\n\n" + "Words of a short article. " * 20)
    with temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{_free_port()}/api"}):
        assert main(["serve", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    assert "does not answer" in capsys.readouterr().err
