"""Shared fixtures: a temporary Prefect home, one Prefect test harness, the seed output."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.orchestrate.settings import apply_prefect_defaults

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"

_PREFECT_HOME = tempfile.mkdtemp(prefix="docmill-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
# `docmill run` subprocesses use a temporary Prefect server, as before: none is left behind
# (tests/test_server.py tries the background server, with a Prefect home of its own).
os.environ["DOCMILL_PREFECT_SERVER"] = "temporary"
apply_prefect_defaults()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One Prefect test server for the whole session, with flow heartbeats off."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90), temporary_settings(
        {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    ):
        yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The temporary Prefect home goes when the session ends, whether or not a test used it."""
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def config():  # type: ignore[no-untyped-def]
    from flows.store.config import load_config

    return load_config(RAW)


@pytest.fixture(scope="session")
def seed_output(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run of the Prefect flow on raw/ (the five seeds)."""
    from flows.orchestrate.etl import run

    out = tmp_path_factory.mktemp("seed-run") / "output"
    run(str(RAW), str(out), workers=1)
    return out
