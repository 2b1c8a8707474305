"""What a run imports, and in which process: the seconds of a short run are mostly imports.

Each check imports a process's modules in a fresh interpreter and lists the heavy
packages that came with them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

#: Imported by neither the command nor the workers: near-duplicate detection is datasketch's
#: MinHash LSH written out in NumPy (flows/collection/dedup.py), as importing datasketch loads SciPy.
NEVER = ("datasketch", "scipy")


def _loaded(modules: str, heavy: tuple[str, ...]) -> list[str]:
    """Which of ``heavy`` are in ``sys.modules`` after importing ``modules`` (comma-separated) in a new process."""
    probe = f"import sys, {modules}; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    return proc.stdout.split()


#: The cleaning code and the libraries only it uses: loaded by the workers' fork server, not by the
#: command, which hands out batches and writes what comes back.
CLEANING = ("flows.clean.pipeline", "flows.clean.metadata", "py3langid", "trafilatura", "ftfy", "dateparser")
COMMAND = "flows.cli, flows.store.config, flows.orchestrate.etl"


def test_the_command_does_not_import_the_cleaning_code() -> None:
    assert _loaded(COMMAND, CLEANING) == []


@pytest.mark.parametrize("modules", [
    COMMAND,  # the command's process
    "flows.store.prefork",  # the workers' fork server, warm-up included
])
def test_no_process_of_a_run_imports_datasketch_or_scipy(modules: str) -> None:
    assert _loaded(modules, NEVER) == []
