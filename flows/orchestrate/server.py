"""A local Prefect server that docmill starts once in the background and then reuses.

Without ``PREFECT_API_URL`` every Prefect flow run starts a temporary server of its
own, which costs several seconds per command. ``docmill run`` instead starts
``prefect server start`` once, detached in a session of its own, records where it
listens in ``PREFECT_HOME/docmill-server.json`` and points later runs at it.
``docmill server status`` and ``docmill server stop`` show and end it.

Nothing here imports Prefect: the server is a separate process and its health is
asked over HTTP with the standard library, so choosing the server costs nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from flows.errors import OutputError
from flows.store.guard import pid_alive

STATE_NAME = "docmill-server.json"
LOG_NAME = "docmill-server.log"
LOCK_NAME = "docmill-server.lock"
HOST = "127.0.0.1"
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class ServerInfo:
    """Where docmill's background server listens, and its process."""

    pid: int
    port: int
    home: str

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://{HOST}:{self.port}"


def prefect_home() -> Path:
    """Prefect's home folder, as Prefect itself resolves it by default."""
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def _state_path(home: Path) -> Path:
    return home / STATE_NAME


def read_state(home: Path | None = None) -> ServerInfo | None:
    """The recorded server, or None when none was recorded or the record is unreadable."""
    path = _state_path(home or prefect_home())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerInfo(pid=int(data["pid"]), port=int(data["port"]), home=str(data["home"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def healthy(info: ServerInfo, timeout: float = 2.0) -> bool:
    """True when the recorded process lives and its API answers ``/health``."""
    if not pid_alive(info.pid):
        return False
    try:
        with urllib.request.urlopen(f"{info.api_url}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def running_server(home: Path | None = None) -> ServerInfo | None:
    """The recorded server when it is up and answering, else None."""
    info = read_state(home)
    return info if info is not None and healthy(info) else None


def ensure_server(home: Path | None = None, timeout: float = START_TIMEOUT) -> tuple[ServerInfo, bool]:
    """The running background server, started first when there is none.

    Returns the server and whether this call started it. Raises ``OutputError`` when
    the server does not answer within ``timeout`` seconds (its log is named).
    """
    home = home or prefect_home()
    info = running_server(home)
    if info is not None:
        return info, False
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_NAME, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two commands starting at once: one starts it, the other waits and reuses it
        info = running_server(home)
        if info is not None:
            return info, False
        return start_server(home, timeout), True


def start_server(home: Path, timeout: float = START_TIMEOUT, python: str = sys.executable,
                 env: Mapping[str, str] | None = None) -> ServerInfo:
    """Start ``prefect server start`` under ``home`` (detached, on a free port), record it and
    wait until it answers. ``python`` runs it, with ``env`` (default: this process's).

    Callers hold the start lock (``ensure_server``), or own ``home`` alone (the benchmark).
    """
    stale = read_state(home)
    if stale is not None and pid_alive(stale.pid) and _is_prefect(stale.pid):
        _terminate(stale.pid)  # recorded but not answering: ours, so we may end it
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = home / LOG_NAME
    child_env = dict(os.environ if env is None else env, PREFECT_HOME=str(home))
    child_env.pop("PREFECT_API_URL", None)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [python, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port),
             "--no-services", "--log-level", "WARNING", "--analytics-off"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=child_env,
            start_new_session=True,  # not in the command's process group: it outlives the command on purpose
        )
    info = ServerInfo(pid=process.pid, port=port, home=str(home))
    _write_state(home, info)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _state_path(home).unlink(missing_ok=True)
            raise OutputError(f"the Prefect server stopped while starting (exit {process.returncode}); see {log_path}")
        if healthy(info, timeout=1.0):
            return info
        time.sleep(0.2)
    stop_server(home)
    raise OutputError(f"the Prefect server did not answer within {timeout:.0f} s; see {log_path}")


def stop_server(home: Path | None = None, grace: float = 10.0) -> ServerInfo | None:
    """End the recorded server (SIGTERM to its session, SIGKILL after ``grace``); None when none was recorded."""
    home = home or prefect_home()
    info = read_state(home)
    if info is None:
        return None
    if pid_alive(info.pid) and _is_prefect(info.pid):
        _terminate(info.pid, grace)
    _state_path(home).unlink(missing_ok=True)
    return info


def _write_state(home: Path, info: ServerInfo) -> None:
    path = _state_path(home)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(asdict(info)), encoding="utf-8")
    os.replace(partial, path)


def _terminate(pid: int, grace: float = 10.0) -> None:
    """SIGTERM the server's session (it started one of its own), then SIGKILL what is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if not pid_alive(pid):
                return
            time.sleep(0.1)


def _is_prefect(pid: int) -> bool:
    """False when the recorded pid now belongs to another program (its number was reused)."""
    try:
        return b"prefect" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc to ask: trust the record


def free_port() -> int:
    """A TCP port on ``HOST`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


SERVER_MODES = ("background", "temporary")


def choose_api(mode: str, announce: Callable[[str], None]) -> str | None:
    """Point this process at the Prefect API a run should use, before Prefect is imported.

    An explicit ``PREFECT_API_URL`` always wins. ``background`` reuses docmill's
    background server (starting it on first use, which ``announce`` reports);
    ``temporary`` leaves the API unset, so Prefect starts a temporary server for this
    run alone. Returns the API URL in use, or None for a temporary server.
    """
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if mode == "temporary":
        return None
    info, started = ensure_server()
    if started:
        announce(f"docmill: started a Prefect server in the background (UI {info.ui_url}); "
                 "`docmill server stop` ends it")
    os.environ["PREFECT_API_URL"] = info.api_url
    return info.api_url
