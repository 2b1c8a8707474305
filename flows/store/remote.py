"""Raw input and output on any fsspec URL (``s3://bucket/prefix``, ``gs://…``, ``memory://…``).

Raw files are listed, hashed and read through fsspec, so Dask workers need no shared
disk: each worker reads its batch's files from the URL itself. The output is built in
a local staging folder exactly as for a local run (same lock, same atomic swap, same
bytes) and then uploaded with :func:`upload_output`: every data file first,
``manifest.json`` last, and only then are the objects of the previous run that the new
manifest no longer lists deleted. Object stores have no atomic rename: a reader must
read ``manifest.json`` first and take only the files it lists.

fsspec settings come from the environment (``AWS_ENDPOINT_URL``,
``FSSPEC_S3_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``…), the same on the parent and on the
workers.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows.collection.refresh import FileScan
from flows.config import PipelineConfig
from flows.errors import OutputError
from flows.model import RawFile
from flows.store.config import CATALOGUE_NAME
from flows.store.rawstore import SKIP_NAMES, Inventory, read_limited, source_of

MANIFEST = "manifest.json"


def folder(url: str) -> Any:
    """The place ``url`` names as a file system of its own (fsspec's ``DirFileSystem``):
    every path below is relative to it, as raw files and output files are named."""
    from fsspec.core import url_to_fs
    from fsspec.implementations.dirfs import DirFileSystem

    fs, path = url_to_fs(url)
    return DirFileSystem(path=str(path).rstrip("/"), fs=fs)


def discover_remote(url: str) -> Inventory:
    """Every object under ``url``, relative, '/'-separated, sorted (hidden files and the catalogue skipped),
    with their total size when the listing gives every object's."""
    fs = folder(url)
    try:
        if not fs.isdir(""):
            raise OutputError(f"raw location {url} does not exist or holds no files")
        found = _objects(fs)
    except OSError as exc:
        raise OutputError(f"cannot list the raw location {url}: {exc}") from None
    files = []
    size: int | None = 0
    for rel, info in found.items():
        parts = rel.split("/")
        if not rel or info.get("type") == "directory" or any(p.startswith(".") for p in parts):
            continue
        if parts[-1] in SKIP_NAMES:
            continue
        files.append(rel)
        size = size + int(info["size"]) if size is not None and info.get("size") is not None else None
    return Inventory(tuple(sorted(files)), (), size)


def read_remote_raw(url: str, rel: str, source: str, max_bytes: int) -> RawFile:
    """Read one raw file under ``url`` (refusing files over ``max_bytes``)."""
    fs = folder(url)
    return read_limited(lambda: int(fs.size(rel)), lambda: fs.open(rel, "rb"), rel, source, max_bytes)


def scan_remote(url: str, files: Sequence[str], config: PipelineConfig, max_bytes: int) -> dict[str, FileScan]:
    """Source, size, sha256 and refresh key of every raw file under ``url`` (as ``state.scan_files``)."""
    fs = folder(url)
    catalogue = config.source_paths
    scans = {}
    for rel in files:
        source = source_of(rel, catalogue)
        digest: str | None
        try:
            info = fs.info(rel)
            size = int(info["size"])
            if size > max_bytes:
                digest = f"large:{size}:{info.get('ETag') or info.get('etag') or info.get('mtime', '')}"
            else:
                sha = hashlib.sha256()
                with fs.open(rel, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        sha.update(chunk)
                digest = sha.hexdigest()
        except OSError:
            size, digest = -1, None
        scans[rel] = FileScan(rel, source, size, digest, config.file_fingerprint(source, rel))
    return scans


@contextmanager
def catalogue_folder(url: str) -> Iterator[Path]:
    """A local temporary folder holding a copy of ``URL/sources.toml`` (if there is one)."""
    fs = folder(url)
    with tempfile.TemporaryDirectory(prefix="docmill-catalogue-") as local:
        if fs.isfile(CATALOGUE_NAME):
            fs.get_file(CATALOGUE_NAME, str(Path(local) / CATALOGUE_NAME))
        yield Path(local)


def upload_output(local: Path, url: str) -> list[str]:
    """Upload the finished output folder ``local`` to ``url``: data files, then the manifest.

    A file the previous remote manifest lists with the same size and sha256 is left as
    it is. Objects under ``url`` that the new manifest does not list (the previous run's
    files) are deleted only after the manifest is written. Returns the published paths.
    """
    fs = folder(url)
    manifest = json.loads((local / MANIFEST).read_text(encoding="utf-8"))
    listed = {str(entry["path"]) for entry in manifest.get("files", [])}
    same = _unchanged(fs, manifest)
    uploaded = []
    try:
        for path in sorted(p for p in local.rglob("*") if p.is_file()):
            rel = path.relative_to(local).as_posix()
            if rel == MANIFEST or rel.startswith("."):
                continue
            uploaded.append(rel)
            if rel not in same:  # an identical object (same size and sha256 in both manifests) stays
                fs.put_file(str(path), rel)
        fs.put_file(str(local / MANIFEST), MANIFEST)  # last: it makes the new run visible
        uploaded.append(MANIFEST)
        keep = listed | set(uploaded)
        stale = [p for p in _objects(fs) if p not in keep]
        if stale:
            fs.rm(stale)
    except OSError as exc:
        raise OutputError(f"cannot upload the output to {url}: {exc}") from None
    return uploaded


def _objects(fs: Any) -> dict[str, dict[str, Any]]:
    """The objects below the root of ``fs``: relative name -> its info (size, type…)."""
    return {str(path).lstrip("/"): info for path, info in fs.find("", detail=True).items()}


def _unchanged(fs: Any, manifest: dict[str, Any]) -> set[str]:
    """Files the remote manifest and the new one list with the same size and sha256 (not uploaded again)."""
    try:
        previous = json.loads(fs.cat_file(MANIFEST))
    except (OSError, ValueError):
        return set()
    old = {str(e.get("path")): (e.get("bytes"), e.get("sha256")) for e in previous.get("files", []) if isinstance(e, dict)}
    try:
        present = {rel: int(info.get("size", -1)) for rel, info in _objects(fs).items()}
    except OSError:
        return set()
    return {str(e["path"]) for e in manifest.get("files", [])
            if old.get(str(e["path"])) == (e["bytes"], e["sha256"]) and present.get(str(e["path"])) == e["bytes"]}
