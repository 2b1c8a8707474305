"""One run's settings, built once and passed down instead of a long list of parameters.

The ``docmill`` command builds a ``RunSpec`` from its arguments; the Prefect flow builds
one from its keyword parameters (a served deployment or a test calls it with those).
``Found`` carries what the command already found in the raw folder (the catalogue's
config and the file inventory), so a run loads and walks the raw folder once.

Nothing here imports Prefect or pyarrow: the command builds the spec before Prefect starts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from flows.store.location import Location
from flows.store.rawstore import DEFAULT_MAX_BYTES, Inventory

if TYPE_CHECKING:
    from flows.config import PipelineConfig

DEFAULT_BATCH_FILES = 500
#: Seconds a raw file may take in a worker before it is quarantined as ``Timeout``.
DEFAULT_FILE_TIMEOUT = 60.0
#: What ``new_run_id`` makes (a flow run named otherwise has no docmill run id).
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}")


def new_run_id() -> str:
    """A docmill run id: UTC start time and 8 random hex digits (also the Prefect flow run's name)."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


class Found:
    """The config and the inventory of the raw folder, as the command found them before Prefect started.

    Handed to the flow as a parameter. Not a dataclass on purpose: Prefect encodes a
    flow's parameters to JSON for its server and would copy a dataclass field by field
    (every path of the inventory, every rule of the config); this plain object is stored
    there as ``"<Found>"`` at once. Pickled (Prefect ships a flow run's parameters to
    every Dask worker) it becomes None: only the flow's own process reads it.
    """

    __slots__ = ("config", "inventory")

    def __init__(self, config: PipelineConfig, inventory: Inventory) -> None:
        self.config = config
        self.inventory = inventory

    def __reduce__(self) -> tuple[Callable[[], None], tuple[()]]:
        return (_nothing, ())


def _nothing() -> None:
    """What a pickled ``Found`` becomes."""
    return None


@dataclass(frozen=True, slots=True)
class RunSpec:
    """Where a run reads and writes, and how: every setting of one ``docmill run``.

    The field names are the flow's keyword parameters. ``raw_dir`` and ``out_dir`` are
    local folders or fsspec URLs. ``workers`` 0 means one per core of the machine the
    run executes on. ``lock_token`` adopts the output lock the command took before
    Prefect started; ``allow_foreign_out`` lets the run write into a folder that is not
    a docmill output (keeping its files); ``inner_pool=False`` keeps batches out of the
    worker pool (a Dask task runner does the parallel work); ``run_id`` names the run
    (None: each run of a served deployment names itself); ``found`` is what the command
    found in the raw folder, None when the flow must look itself (a served run, a flow
    called directly).
    """

    raw_dir: str
    out_dir: str
    workers: int = 0
    batch_files: int = DEFAULT_BATCH_FILES
    max_bytes: int = DEFAULT_MAX_BYTES
    lock_wait: float = 0.0
    full: bool = False
    file_timeout: float = DEFAULT_FILE_TIMEOUT
    lock_token: str | None = None
    allow_foreign_out: bool = False
    inner_pool: bool = True
    run_id: str | None = None
    found: Found | None = None

    @property
    def raw(self) -> Location:
        return Location(self.raw_dir)

    @property
    def out(self) -> Location:
        return Location(self.out_dir)

    def parameters(self) -> dict[str, Any]:
        """The flow's keyword parameters for this spec."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def served_parameters(self) -> dict[str, Any]:
        """The parameters every run of a served deployment gets: none that belongs to one run alone."""
        return {name: value for name, value in self.parameters().items() if name not in RUN_SCOPED}


#: Fields that belong to one run: a served deployment's runs each make their own.
RUN_SCOPED = ("run_id", "lock_token", "found")


def plan_batches(files: Sequence[str], batch_files: int) -> list[list[str]]:
    """Contiguous chunks of the sorted file list: the same input gives the same batches."""
    return [list(files[i : i + batch_files]) for i in range(0, len(files), batch_files)]


def default_workers() -> int:
    """One worker process per core this process may run on."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
