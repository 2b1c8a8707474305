"""The output folder: a lock, a staging folder, Parquet/JSON-LD writers, an atomic swap.

A run writes everything into a staging folder beside ``OUT`` and, when complete,
exchanges it with ``OUT`` in one ``renameat2(RENAME_EXCHANGE)`` call (two renames where
the kernel lacks it): a reader sees the old output or the new one, never a mix, and a
crash leaves the old output untouched. Stale staging folders of dead runs are removed
by the next run.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows.errors import OutputError

PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "write_statistics": True,
    "use_dictionary": ["source_file", "language", "source", "encoding", "rule", "section", "publisher"],
}
ROW_GROUP_ROWS = 1000
DATASETS = ("documents", "paragraphs", "rejects", "jsonld")


class OutputLock:
    """An exclusive lock on an output folder, naming its holder; stale locks are taken over."""

    def __init__(self, out_dir: Path, wait_seconds: float = 0.0) -> None:
        self.path = out_dir.parent / f".{out_dir.name}.lock"
        self.wait_seconds = wait_seconds

    def __enter__(self) -> OutputLock:
        deadline = time.monotonic() + self.wait_seconds
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)  # --out may name a folder not made yet
        except OSError as exc:
            raise OutputError(f"cannot create the folder of {self.path.parent}: {exc.strerror}") from None
        holder_info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                  "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder is None or not _alive(holder):
                    self.path.unlink(missing_ok=True)  # stale: its process is gone
                    continue
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"output folder is locked by another docmill run (pid {holder.get('pid')} on "
                        f"{holder.get('host')}, started {holder.get('started')}); lock file {self.path}"
                    ) from None
                time.sleep(0.5)
                continue
            except OSError as exc:
                raise OutputError(f"cannot create lock {self.path}: {exc.strerror}") from None
            with os.fdopen(fd, "w") as handle:
                handle.write(holder_info)
            return self

    def _holder(self) -> dict[str, Any] | None:
        try:
            return dict(json.loads(self.path.read_text()))
        except (OSError, ValueError):
            return None

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)


def _alive(holder: Mapping[str, Any]) -> bool:
    if holder.get("host") != socket.gethostname():
        return True  # cannot tell for another host: assume alive
    try:
        os.kill(int(holder.get("pid", 0)), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Staging:
    """A staging folder beside the output folder, swapped in by ``commit``."""

    def __init__(self, out_dir: Path, run_id: str) -> None:
        self.out_dir = out_dir
        self.path = out_dir.parent / f".{out_dir.name}.staging-{run_id}"

    def __enter__(self) -> Staging:
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.out_dir.parent.glob(f".{self.out_dir.name}.staging-*"):
            shutil.rmtree(stale, ignore_errors=True)  # we hold the lock: these are dead runs'
        for stale in self.out_dir.parent.glob(f".{self.out_dir.name}.old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        try:
            self.path.mkdir()
            for name in DATASETS:
                (self.path / name).mkdir()
        except OSError as exc:
            raise OutputError(f"cannot write beside the output folder {self.out_dir}: {exc.strerror}") from None
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)

    def commit(self) -> None:
        """Swap the staging folder in as the output folder (atomic where the kernel allows)."""
        with writing(self.out_dir):
            self._swap()

    def _swap(self) -> None:
        if self.out_dir.exists():
            for keep in self.out_dir.glob(".git*"):
                if keep.is_file():
                    shutil.copy2(keep, self.path / keep.name)
            if not _exchange(self.path, self.out_dir):
                old = self.out_dir.parent / f".{self.out_dir.name}.old-{uuid.uuid4().hex[:8]}"
                os.rename(self.out_dir, old)
                os.rename(self.path, self.out_dir)
            shutil.rmtree(self.path, ignore_errors=True)  # now holds the previous output
        else:
            os.rename(self.path, self.out_dir)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths atomically (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


class DatasetWriter:
    """One Parquet file per batch under a dataset folder, in row groups of bounded size."""

    def __init__(self, folder: Path, schema: pa.Schema) -> None:
        self.folder = folder
        self.schema = schema

    def write(self, name: str, table: pa.Table) -> Path:
        path = self.folder / f"{name}.parquet"
        with writing(path), pq.ParquetWriter(path, self.schema, **PARQUET_OPTIONS) as writer:
            writer.write_table(table.cast(self.schema), row_group_size=ROW_GROUP_ROWS)
        return path


def read_parquet(path: Path, schema: pa.Schema | None = None, columns: list[str] | None = None) -> pa.Table:
    """One Parquet file as a table (cast to ``schema`` when given).

    ``pq.ParquetFile`` rather than ``pq.read_table``: the latter goes through
    ``pyarrow.dataset`` and imports pandas on first use, 0.2 s a run that reads its state.
    """
    with pq.ParquetFile(path) as handle:
        table = handle.read(columns=columns)
    return table.cast(schema) if schema is not None else table


def file_entries(root: Path) -> list[dict[str, Any]]:
    """Every data file under ``root`` with its size and sha256, for the manifest."""
    entries = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != "manifest.json" and not path.name.startswith("."):
            entries.append({"path": path.relative_to(root).as_posix(), "bytes": path.stat().st_size,
                            "sha256": sha256_file(path)})
    return entries


def write_json(path: Path, data: Any) -> None:
    with writing(path):
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    with writing(path):
        path.write_bytes(data)


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn a failed write (disk full, read-only, quota) into an ``OutputError`` that says so."""
    try:
        yield
    except OSError as exc:
        reason = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
                  errno.EACCES: "permission denied", errno.EDQUOT: "the disk quota is exceeded"}.get(
            exc.errno or 0, exc.strerror or str(exc))
        raise OutputError(f"cannot write {path.name}: {reason}; the previous output is untouched") from None
