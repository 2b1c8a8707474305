"""Where a run reads and writes: a local folder or an fsspec URL, behind one type.

``Location`` answers the questions the command, the flow and the workers used to ask
with ``if remote`` branches: list the raw files, hash them, read one, load the
catalogue, take the output lock, give a local folder to build the output in. A local
location works on plain paths, so the guarantees of ``flows.store.sink`` hold there
(the lock, hard links for a foreign folder's files, the atomic swap); a remote one
goes through fsspec (``flows.store.remote``: listed, hashed and read in place; the
output built locally, then uploaded with the manifest last).

Cheap to import (no pyarrow, no fsspec until a remote location is used): the command
builds locations before anything heavy is imported.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flows.collection.refresh import FileScan
    from flows.config import PipelineConfig
    from flows.model import RawFile
    from flows.store.guard import OutputLock
    from flows.store.rawstore import Inventory


@dataclass(frozen=True, slots=True)
class Location:
    """A local folder (a plain path or ``file://``) or a remote one (``s3://bucket/prefix``, ``memory://…``)."""

    url: str

    @property
    def remote(self) -> bool:
        """True for a URL with a protocol other than ``file``."""
        return "://" in self.url and not self.url.startswith("file://")

    @property
    def path(self) -> Path | None:
        """The local folder (a ``file://`` URL's path); None for a remote location."""
        return None if self.remote else Path(self.url.removeprefix("file://"))

    def __str__(self) -> str:
        return self.url

    def absolute(self) -> Location:
        """The same place named so that another process with another current folder finds it."""
        return self if self.path is None else Location(str(self.path.resolve()))

    # ------------------------------------------------------------------ raw files

    def check_raw(self) -> None:
        """Refuse a local raw folder that is missing, a file, or unreadable (a remote one is checked when listed)."""
        from flows.store.guard import check_raw_folder

        if self.path is not None:
            check_raw_folder(self.path)

    def discover(self) -> Inventory:
        """The raw files under this location (sorted, relative, '/'-separated) and what was skipped."""
        if self.path is not None:
            from flows.store.rawstore import discover

            return discover(self.path)
        from flows.store.remote import discover_remote

        return discover_remote(self.url)

    def load_config(self) -> PipelineConfig:
        """The pipeline config with this raw location's catalogue (``sources.toml``), checked."""
        from flows.store.config import check_rules, load_config

        with self._catalogue_folder() as folder:
            config = load_config(folder)
        check_rules(config)
        return config

    @contextlib.contextmanager
    def _catalogue_folder(self) -> Iterator[Path]:
        if self.path is not None:
            yield self.path
            return
        from flows.store.remote import catalogue_folder

        with catalogue_folder(self.url) as folder:  # only sources.toml is copied
            yield folder

    def scan(self, files: Sequence[str], config: PipelineConfig, max_bytes: int) -> dict[str, FileScan]:
        """Source, size, sha256 and refresh key of every raw file (for the incremental refresh)."""
        if self.path is not None:
            from flows.store.state import scan_files

            return scan_files(self.path, files, config, max_bytes)
        from flows.store.remote import scan_remote

        return scan_remote(self.url, files, config, max_bytes)

    def read_raw(self, rel: str, source: str, max_bytes: int) -> RawFile:
        """Read one raw file (refusing files over ``max_bytes``)."""
        if self.path is not None:
            from flows.store.rawstore import read_raw

            return read_raw(self.path, rel, source, max_bytes)
        from flows.store.remote import read_remote_raw

        return read_remote_raw(self.url, rel, source, max_bytes)

    # ------------------------------------------------------------------ output

    def check_output(self, raw: Location, allow_foreign: bool) -> Location:
        """Check this ``--out`` against ``raw`` before anything runs; return the location to write
        (a symlinked local folder becomes the folder it points to). A remote output is checked by its upload."""
        from flows.store.guard import check_output_folder

        if self.path is None:
            return self
        raw.check_apart(self.path)
        out = self.path.resolve() if self.path.is_symlink() else self.path
        check_output_folder(out, allow_foreign)
        return Location(str(out))

    def check_apart(self, out: Path) -> None:
        """Refuse a local output folder equal to, inside or above this raw folder (a remote one cannot be)."""
        from flows.store.guard import check_apart

        if self.path is not None:
            check_apart(self.path, out)

    def lock(self, wait_seconds: float = 0.0, allow_foreign: bool = False) -> OutputLock | NoLock:
        """The output lock of a local folder (``flows.store.guard.OutputLock``); nothing to hold for a remote one,
        whose run holds the lock of the local folder it builds in."""
        from flows.store.guard import OutputLock

        if self.path is None:
            return NoLock()
        return OutputLock(self.path, wait_seconds, allow_foreign=allow_foreign)

    @contextlib.contextmanager
    def build(self) -> Iterator[Path]:
        """The local folder a run writes this output in: the folder itself, or, for a remote output,
        a temporary one that is uploaded (data files first, the manifest last) once the block succeeds."""
        if self.path is not None:
            yield self.path
            return
        from flows.store.remote import upload_output

        with tempfile.TemporaryDirectory(prefix="docmill-out-") as folder:
            local = Path(folder) / "output"
            yield local
            upload_output(local, self.url)


class NoLock:
    """The lock of a remote output: nothing to hold, no token to hand on."""

    token: str | None = None

    def __enter__(self) -> NoLock:
        return self

    def __exit__(self, *exc: object) -> None:
        return None
