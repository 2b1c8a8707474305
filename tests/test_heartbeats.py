"""Flow-run heartbeats: off on the Prefect servers docmill runs itself, kept for a user's own server.

Nothing on docmill's background server (started without Prefect's services) or on a
temporary one reads heartbeats, and Prefect ends every flow run by waiting for its
heartbeat thread to wake.
"""

from __future__ import annotations

import pytest

from flows.cli import _choose_server
from flows.orchestrate.etl import _without_heartbeats


def test_heartbeats_are_off_inside_the_block_unless_the_environment_sets_a_frequency(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    monkeypatch.delenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", raising=False)
    monkeypatch.delenv("PREFECT_RUNNER_HEARTBEAT_FREQUENCY", raising=False)
    before = PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value()
    with _without_heartbeats(True):
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None
    assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == before
    with _without_heartbeats(False):
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == before
    monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "60")  # the user's choice wins
    with _without_heartbeats(True):
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == before


def test_only_a_server_the_user_names_counts_as_the_users_own(monkeypatch: pytest.MonkeyPatch) -> None:
    notes: list[str] = []
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert _choose_server("background", notes.append) is False  # neither started nor replaced
    assert notes == []
    monkeypatch.delenv("PREFECT_API_URL")
    assert _choose_server("temporary", notes.append) is True  # Prefect's temporary server: docmill's
