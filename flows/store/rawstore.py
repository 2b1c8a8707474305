"""The raw folder: find files (recursively, safely) and read them."""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.errors import InputError, OutputError, TooLarge
from flows.model import RawFile, Rejection

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SKIP_NAMES = {"sources.toml", ".gitkeep", ".DS_Store", "Thumbs.db"}


@dataclass(frozen=True, slots=True)
class Inventory:
    """What is in a raw folder: files to process, and what was set aside and why."""

    files: tuple[str, ...]
    skipped: tuple[Rejection, ...]
    size: int | None = None  # bytes of all ``files`` together, as listed; None when the listing did not say


def discover(raw_dir: Path) -> Inventory:
    """Every regular file under ``raw_dir``, relative, '/'-separated, sorted, with their total size.

    Symlinks are never followed; hidden files and the catalogue are skipped with a
    reason. A missing or empty folder is an error the CLI reports without a traceback.
    One ``lstat`` per file tells a symlink, a regular file and its size apart.
    """
    if not raw_dir.is_dir():
        raise OutputError(f"raw folder {raw_dir} does not exist or is not a folder")
    files: list[str] = []
    skipped: list[Rejection] = []
    size = 0
    for root, dirs, names in os.walk(raw_dir, followlinks=False):
        base = Path(root)
        for name in list(dirs):
            if (base / name).is_symlink():
                skipped.append(Rejection(_rel(raw_dir, base / name), "discover", "Symlink",
                                         "symbolic link to a folder: not followed"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (base / d).is_symlink())
        for name in sorted(names):
            path = base / name
            rel = _rel(raw_dir, path)
            if name in SKIP_NAMES or name.startswith("."):
                continue
            try:
                info: os.stat_result | None = path.lstat()
            except OSError:  # gone since it was listed, or not ours to look at
                info = None
            if info is not None and stat.S_ISLNK(info.st_mode):
                skipped.append(Rejection(rel, "discover", "Symlink", "symbolic link: not followed"))
                continue
            if info is None or not stat.S_ISREG(info.st_mode):
                skipped.append(Rejection(rel, "discover", "NotAFile", "not a regular file"))
                continue
            files.append(rel)
            size += info.st_size
    return Inventory(tuple(sorted(files)), tuple(skipped), size)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def read_raw(raw_dir: Path, rel: str, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawFile:
    """Read one raw file (refusing files over ``max_bytes``)."""
    path = raw_dir / rel
    return read_limited(lambda: path.stat().st_size, lambda: path.open("rb"), rel, source, max_bytes)


def read_limited(
    size: Callable[[], int], opener: Callable[[], Any], rel: str, source: str, max_bytes: int
) -> RawFile:
    """Read a file through ``opener`` (local or fsspec), refusing more than ``max_bytes``."""
    try:
        length = size()
        if length > max_bytes:
            raise TooLarge(f"file is {length:,} bytes, above the limit of {max_bytes:,} bytes (--max-bytes)")
        with opener() as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError("permission denied: the file cannot be read") from None
    except FileNotFoundError:
        raise InputError("the file disappeared before it was read") from None
    except IsADirectoryError:
        raise InputError("not a regular file") from None
    if len(data) > max_bytes:
        raise TooLarge(f"file grew above the limit of {max_bytes:,} bytes while being read")
    return RawFile(rel, bytes(data), source)


def source_of(rel: str, catalogue: dict[str, tuple[str, ...]]) -> str:
    """The catalogue source that claims ``rel``, else its top folder, else 'default'.

    A catalogue path claims a file when it names the file, a folder above it, or is a
    glob matching either (``*`` stays inside one folder, ``**`` crosses folders).
    The first source in catalogue order that claims a file wins.
    """
    for name, patterns in catalogue.items():
        for pattern in patterns:
            if _claims(pattern).fullmatch(rel):
                return name
    return rel.split("/", 1)[0] if "/" in rel else "default"


@functools.lru_cache(maxsize=1024)
def _claims(pattern: str) -> re.Pattern[str]:
    """A catalogue path or glob as a regex over '/'-separated relative paths."""
    out, i, glob = [], 0, pattern.strip("/")
    while i < len(glob):
        char = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in glob[i + 2 :]:
            end = glob.index("]", i + 2)
            body = glob[i + 1 : end]
            negate, body = body.startswith("!"), body.removeprefix("!").replace("\\", "\\\\").replace("^", "\\^")
            out.append("[" + ("^" if negate else "") + body + "]")
            i = end + 1
            continue
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + "(?:/.*)?", re.DOTALL)
