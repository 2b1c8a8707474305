"""Scale-out: batch tasks on an existing Dask cluster, raw input and output on S3 (moto).

Everything listens on 127.0.0.1 only; every process or server a test starts is stopped
in ``finally``.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import RAW

pytestmark = pytest.mark.slow

PUBLICATIONS = {"README.md", "croissant.json", "datapackage.json", "report.html"}  # written from the manifest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _dask_command(*args: str) -> list[str]:
    """The venv's ``dask`` CLI (``dask scheduler``, ``dask worker``)."""
    cli = Path(sys.executable).parent / "dask"
    return [str(cli), *args] if cli.exists() else [sys.executable, "-m", "dask", *args]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def dask_cluster(workdir: Path, workers: int = 2) -> Iterator[str]:
    """A scheduler and ``workers`` single-threaded workers on 127.0.0.1, as separate processes."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes: list[subprocess.Popen[bytes]] = []
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    try:
        processes.append(subprocess.Popen(
            _dask_command("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"),
            cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for _ in range(workers):
            processes.append(subprocess.Popen(
                _dask_command("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                              "--no-dashboard"),
                cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 40
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)


def test_dask_cluster_run_is_byte_identical_to_local(seed_output: Path, tmp_path: Path) -> None:
    """docmill run --runner dask --address: the same documents, paragraphs and JSON-LD bytes as a local run."""
    from flows.cli import main

    started = time.monotonic()
    workdir = tmp_path / "workers"  # the workers' current folder: not this checkout
    workdir.mkdir()
    out = tmp_path / "output"
    with dask_cluster(workdir) as address:
        code = main(["run", "--raw", str(RAW), "--out", str(out), "--runner", "dask", "--address", address,
                     "--batch-files", "2", "--quiet"])
    assert code == 0
    local = tmp_path / "local"  # the seed run has one batch: compare with a local run of the same layout
    for name in ("documents", "paragraphs", "jsonld"):
        assert _digests(out / name), name
    from flows.orchestrate.etl import run

    run(str(RAW), str(local), workers=1, batch_files=2)
    for name in ("documents", "paragraphs", "jsonld"):
        assert _digests(out / name) == _digests(local / name), name
    assert json.loads((out / "manifest.json").read_text())["counts"]["documents"] == 6
    assert time.monotonic() - started < 90


def test_dask_cluster_run_matches_seed_output(seed_output: Path, tmp_path: Path) -> None:
    """One batch on the cluster: byte-identical to the session's local seed run."""
    from flows.orchestrate.etl import run

    started = time.monotonic()
    workdir = tmp_path / "workers"
    workdir.mkdir()
    out = tmp_path / "output"
    with dask_cluster(workdir) as address:
        run(str(RAW), str(out), workers=2, runner="dask", address=address)
    for name in ("documents", "paragraphs", "jsonld"):
        assert _digests(out / name) == _digests(seed_output / name), name
    assert time.monotonic() - started < 90


@contextmanager
def s3_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """moto's S3 on 127.0.0.1 (a free port), with dummy credentials; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        for key, value in {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
            monkeypatch.setenv(key, value)
        yield endpoint
    finally:
        server.stop()
        import s3fs

        s3fs.S3FileSystem.clear_instance_cache()


def test_s3_raw_and_output(prefect_harness: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """--raw s3://… --out s3://…: the output is uploaded, manifest last, and the previous run's extra objects go."""
    import boto3
    import fsspec
    import pyarrow.parquet as pq

    from flows.cli import main

    started = time.monotonic()
    with s3_server(monkeypatch) as endpoint:
        s3 = boto3.client("s3", endpoint_url=endpoint)
        s3.create_bucket(Bucket="docmill")
        for path in sorted(RAW.rglob("*")):
            if path.is_file():
                s3.upload_file(str(path), "docmill", f"raw/{path.relative_to(RAW).as_posix()}")
        s3.put_object(Bucket="docmill", Key="out/documents/part-00099.parquet", Body=b"left by an older run")
        code = main(["run", "--raw", "s3://docmill/raw", "--out", "s3://docmill/out", "--quiet"])
        assert code == 0
        fs = fsspec.filesystem("s3", endpoint_url=endpoint)
        manifest = json.loads(fs.cat_file("docmill/out/manifest.json"))
        listed = {entry["path"]: entry for entry in manifest["files"]}
        objects = {key[len("docmill/out/"):] for key in fs.find("docmill/out")}
        assert "documents/part-00099.parquet" not in objects  # not listed by the new manifest: deleted
        for rel in objects - {"manifest.json"} - PUBLICATIONS:
            assert rel in listed, rel
            data = fs.cat_file(f"docmill/out/{rel}")
            assert len(data) == listed[rel]["bytes"] and hashlib.sha256(data).hexdigest() == listed[rel]["sha256"]
        assert set(listed) <= objects
        documents = [pq.read_table(fs.open(f"docmill/out/{rel}", "rb")) for rel in sorted(objects)
                     if rel.startswith("documents/") and rel.endswith(".parquet")]
        assert sum(table.num_rows for table in documents) == 6
        assert manifest["counts"]["documents"] == 6
    assert time.monotonic() - started < 90


def test_upload_writes_the_manifest_last_and_deletes_stale_objects_after(seed_output: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """upload_output (memory://): data files first, manifest last, then deletions; identical files are not re-sent."""
    import fsspec
    from fsspec.implementations.dirfs import DirFileSystem

    from flows.store import remote

    fs = fsspec.filesystem("memory")
    events: list[tuple[str, str]] = []

    class Recording:
        def __getattr__(self, name: str) -> object:
            return getattr(fs, name)

        def put_file(self, source: str, target: str) -> None:
            events.append(("put", target.rsplit("/out/", 1)[1]))
            fs.put_file(source, target)

        def rm(self, paths: list[str]) -> None:
            events.extend(("rm", str(p).rsplit("/out/", 1)[1]) for p in paths)
            fs.rm(paths)

    monkeypatch.setattr(remote, "folder", lambda url: DirFileSystem(path="/docmill-test/out", fs=Recording()))
    try:
        fs.pipe_file("/docmill-test/out/documents/part-00042.parquet", b"an older run's part")
        remote.upload_output(seed_output, "memory://docmill-test/out")
        puts = [rel for kind, rel in events if kind == "put"]
        assert puts[-1] == "manifest.json" and "documents/part-00000.parquet" in puts
        assert events[-1] == ("rm", "documents/part-00042.parquet")
        assert events.index(("rm", "documents/part-00042.parquet")) > events.index(("put", "manifest.json"))
        events.clear()
        remote.upload_output(seed_output, "memory://docmill-test/out")  # the same run again
        assert not [rel for kind, rel in events if kind == "put" and rel.endswith((".parquet", ".jsonld"))]
        assert ("put", "manifest.json") in events and not [e for e in events if e[0] == "rm"]
    finally:
        fs.rm("/docmill-test", recursive=True)
