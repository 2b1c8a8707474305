"""Process-wide defaults that must be set before Prefect is imported.

Prefect reads its settings at import time. These defaults make runs quiet and give
Prefect's temporary local server time to start on a loaded two-core machine (its own
default of 20 s is too short there; see docs/prefect.md). Values already in the environment win.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Prefect's default logging configuration plus one quiet library (see the file's comments).
LOGGING_CONFIG = Path(__file__).with_name("prefect_logging.yml")

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "DO_NOT_TRACK": "1",
    # The flow run's own logger sends INFO (per-batch progress, the summary) to the Prefect API,
    # for the UI's Logs tab, while the terminal still shows only warnings and errors.
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    # Libraries logging through the root logger (inside a temporary server that a signal to the
    # process group ends) would print tracebacks beside docmill's one line. SQLAlchemy sets its
    # own logger's level, so the root's does not reach it: the configuration below quietens it.
    "PREFECT_LOGGING_ROOT_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_SETTINGS_PATH": str(LOGGING_CONFIG),
}


def apply_prefect_defaults() -> None:
    """Set each default unless the environment already sets it."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
