"""Prefect's settings as docmill applies them: the logging configuration it points Prefect at."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import yaml

from flows.orchestrate.settings import LOGGING_CONFIG, PREFECT_DEFAULTS

ROOT = Path(__file__).resolve().parent.parent


def test_the_logging_configuration_is_prefects_default_plus_a_quiet_sqlalchemy() -> None:
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.submodule_search_locations
    default = yaml.safe_load((Path(spec.submodule_search_locations[0]) / "logging" / "logging.yml").read_text())
    ours = yaml.safe_load(LOGGING_CONFIG.read_text())
    assert ours["loggers"].pop("sqlalchemy") == {"level": "CRITICAL"}
    assert ours == default  # a Prefect upgrade that changes its default shows here: bring the file up to date
    assert PREFECT_DEFAULTS["PREFECT_LOGGING_SETTINGS_PATH"] == str(LOGGING_CONFIG)


def test_sqlalchemy_errors_stay_off_the_terminal_and_prefect_warnings_do_not() -> None:
    # as in Prefect's temporary server (its app sets up Prefect's logging) when a signal to the
    # process group ends it mid-query
    script = ("from flows.orchestrate.settings import apply_prefect_defaults; apply_prefect_defaults(); "
              "import logging, sqlalchemy.pool; "
              "from prefect.logging.configuration import setup_logging; setup_logging(); "
              "logging.getLogger('sqlalchemy.pool.impl.AsyncAdaptedQueuePool').error('Exception during reset'); "
              "logging.getLogger('prefect.engine').warning('a Prefect warning')")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_LOGGING")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    assert "Exception during reset" not in done.stderr
    assert "a Prefect warning" in done.stderr
