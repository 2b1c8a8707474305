"""The output folder: a staging folder, Parquet/JSON-LD writers, an atomic swap.

A run writes everything into a staging folder beside ``OUT`` and, when complete,
exchanges it with ``OUT`` in one ``renameat2(RENAME_EXCHANGE)`` call (two renames where
the kernel lacks it): a reader sees the old output or the new one, never a mix, and a
crash leaves the old output untouched. Stale staging folders of dead runs are removed
by the next run. docmill only deletes what it wrote: a staging folder is removed only
when it bears docmill's mark (or manifest), and every entry of ``OUT`` that is not one
of docmill's names (``flows.store.guard.OWN_NAMES``) is carried into the new output
(hard links, else copies) before the swap. The lock lives in ``flows.store.guard``.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows.errors import OutputError
from flows.store.guard import STAGING_MARK, OutputLock, is_docmill_output, is_own_name

__all__ = ["DATASETS", "DatasetWriter", "OutputLock", "Staging", "file_entries", "read_parquet", "remove_live_staging",
           "sha256_file", "write_bytes", "write_json", "writing"]

PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "write_statistics": True,
    "use_dictionary": ["source_file", "language", "source", "encoding", "rule", "section", "publisher"],
}
ROW_GROUP_ROWS = 1000
DATASETS = ("documents", "paragraphs", "rejects", "jsonld")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: Staging folders of this process's runs that are neither removed nor swapped in yet. An
#: interrupted command removes them once its workers are dead, just before it exits
#: (``remove_live_staging``): whatever cut the run's own removal short (an exception raised
#: into the main thread mid-removal, the exit of another thread), nothing of it is left.
_LIVE: set[Path] = set()


def remove_live_staging() -> list[Path]:
    """Remove every staging folder of this process still on disk; returns those removed."""
    return [path for path in sorted(_LIVE) if _remove_staging(path)]


def _remove_staging(path: Path) -> bool:
    """Remove a staging folder (never through a symlink) and forget it once it is gone;
    True when there was a folder to remove."""
    found = path.is_dir() and not path.is_symlink()
    if found:
        shutil.rmtree(path, ignore_errors=True)
    if not path.exists():
        _LIVE.discard(path)
    return found


class Staging:
    """A staging folder beside the output folder, swapped in by ``commit``."""

    def __init__(self, out_dir: Path, run_id: str) -> None:
        self.out_dir = out_dir
        self.path = out_dir.parent / f".{out_dir.name}.staging-{run_id}"

    def __enter__(self) -> Staging:
        if self.out_dir.is_symlink():
            raise OutputError(f"output folder {self.out_dir} is a symbolic link; give the folder it points to")
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(self.out_dir)  # we hold the lock: marked folders are dead runs'
        try:
            self.path.mkdir()
            _LIVE.add(self.path)
            (self.path / STAGING_MARK).write_text("a docmill run's staging folder, removed when the run ends\n")
            for name in DATASETS:
                (self.path / name).mkdir()
        except OSError as exc:
            raise OutputError(f"cannot write beside the output folder {self.out_dir}: {exc.strerror}") from None
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        _remove_staging(self.path)

    def commit(self) -> None:
        """Swap the staging folder in as the output folder (atomic where the kernel allows)."""
        with writing(self.out_dir):
            self._swap()

    def _swap(self) -> None:
        if not self.out_dir.exists():
            (self.path / STAGING_MARK).unlink()
            os.rename(self.path, self.out_dir)
            return
        carry_foreign(self.out_dir, self.path)
        (self.path / STAGING_MARK).unlink()  # the manifest now marks it as ours
        if _exchange(self.path, self.out_dir):
            shutil.rmtree(self.path, ignore_errors=True)  # now holds the previous output, its user files linked over
            return
        old = self.out_dir.parent / f".{self.out_dir.name}.old-{uuid.uuid4().hex[:8]}"
        os.rename(self.out_dir, old)
        os.rename(self.path, self.out_dir)
        shutil.rmtree(old, ignore_errors=True)


def remove_stale(out_dir: Path) -> None:
    """Remove the staging and swapped-out folders dead runs left beside ``out_dir``.

    Only folders docmill made are removed: a staging folder bearing ``STAGING_MARK``, or
    one holding a docmill manifest (a finished staging folder, a previous output);
    empty ones are removed too. Anything else with a matching name is left alone.
    """
    for pattern in (f".{out_dir.name}.staging-*", f".{out_dir.name}.old-*"):
        for stale in out_dir.parent.glob(pattern):
            if stale.is_symlink() or not stale.is_dir():
                continue
            if (stale / STAGING_MARK).is_file() or is_docmill_output(stale):
                shutil.rmtree(stale, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    stale.rmdir()  # only when empty


def carry_foreign(out_dir: Path, staging: Path) -> None:
    """Link (else copy) every entry of ``out_dir`` that docmill does not write into ``staging``.

    After the swap the user's files are where they were, byte-identical; the previous
    output removed after the swap then only loses its links to them.
    """
    for entry in sorted(out_dir.iterdir()):
        target = staging / entry.name
        if is_own_name(entry.name) or target.exists() or target.is_symlink():
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), target)
        elif entry.is_dir():
            shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, target)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


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
            if table.num_rows:  # an empty table: a schema-only file (a zero-row row group breaks `datasets`)
                writer.write_table(table.cast(self.schema), row_group_size=ROW_GROUP_ROWS)
        return path


def read_parquet(path: Path, schema: pa.Schema | None = None, columns: list[str] | None = None) -> pa.Table:
    """One Parquet file as a table (cast to ``schema`` when given).

    ``pq.ParquetFile`` rather than ``pq.read_table``: the latter goes through
    ``pyarrow.dataset`` and imports pandas on first use, a cost every run that reads its state would pay.
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
