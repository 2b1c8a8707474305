"""Incremental refresh: only new and changed files are cleaned; the output equals a full run's.

Each test builds its own raw folder from the five seeds and runs the real Prefect flow.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from flows.cli import main
from flows.collection.refresh import FileScan, FileState, document_changes, plan_refresh

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "raw").glob("*.txt"))
DATASETS = ("documents", "paragraphs", "jsonld", "rejects", "state")
NEW_ARTICLE = ("Harbour wall repaired after the storm\n\nBy Ana Lima\n\n"
               + "The council finished repairing the harbour wall on Friday after three weeks of work. " * 10)
OTHER_ARTICLE = ("Night buses return to the valley\n\n"
                 + "Night buses will again run through the valley villages from next month, the operator said. " * 10)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    return folder


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every raw file handed to the worker pool for cleaning."""
    import flows.orchestrate.pool as pool

    seen: list[str] = []
    real = pool.WorkerPool.run

    def spy(self: Any, function: Any, args: Any, paths: list[str]) -> Any:
        seen.extend(paths)
        return real(self, function, args, paths)

    monkeypatch.setattr(pool.WorkerPool, "run", spy)
    yield seen


def refresh(raw: Path, out: Path, *extra: str) -> dict[str, Any]:
    from flows.orchestrate.etl import run

    return run(str(raw), str(out), workers=1, full="--full" in extra)


def digests(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for name in DATASETS for p in sorted((out / name).rglob("*")) if p.is_file()}


def everything(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "manifest.json"}


def rows(out: Path) -> list[dict[str, Any]]:
    return ds.dataset(out / "documents", format="parquet").to_table().to_pylist()


def manifest(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text()))


# ---------------------------------------------------------------- the scenarios of the issue
def test_a_new_source_folder_processes_only_its_files(prefect_harness: None, raw: Path, tmp_path: Path,
                                                       counted: list[str]) -> None:
    out = tmp_path / "out"
    refresh(raw, out)
    before = {r["doc_id"]: r for r in rows(out)}
    counted.clear()
    (raw / "harbour").mkdir()
    (raw / "harbour" / "wall.txt").write_text(NEW_ARTICLE)
    (raw / "harbour" / "buses.md").write_text(OTHER_ARTICLE)
    (raw / "sources.toml").write_text('[source.harbour-gazette]\npaths = ["harbour/"]\npublisher = "Harbour Gazette"\n'
                                      'licence = "CC-BY-4.0"\n')
    summary = refresh(raw, out)
    assert sorted(counted) == ["harbour/buses.md", "harbour/wall.txt"]
    expected = {"mode": "incremental", "files_added": 2, "files_changed": 0, "files_removed": 0,
                "files_unchanged": 5, "files_processed": 2, "documents_added": 2, "documents_removed": 0}
    assert summary["refresh"] == expected
    assert manifest(out)["refresh"] == expected
    assert {k: v for k, v in manifest(out)["runs"][-1].items() if k in expected} == expected
    after = {r["doc_id"]: r for r in rows(out)}
    added = {k: v for k, v in after.items() if k not in before}
    assert sorted(r["source_file"] for r in added.values()) == ["harbour/buses.md", "harbour/wall.txt"]
    assert {(r["source"], r["licence"], r["publisher"]) for r in added.values()} == {
        ("harbour-gazette", "CC-BY-4.0", "Harbour Gazette")}
    assert {k: after[k] for k in before} == before  # the carried rows are the same rows
    assert main(["validate", str(out)]) == 0


def test_editing_one_file_reprocesses_only_it(prefect_harness: None, raw: Path, tmp_path: Path,
                                              counted: list[str]) -> None:
    out = tmp_path / "out"
    refresh(raw, out)
    counted.clear()
    victim = raw / SEEDS[2].name
    victim.write_text(victim.read_text() + "\n\nA closing paragraph added by the editor on Monday morning. It says what "
                      "happened after the meeting, who spoke and what they asked the council to do next, and why the vote "
                      "was put off until the spring.\n")
    summary = refresh(raw, out)
    assert counted == [SEEDS[2].name]
    assert summary["refresh"]["files_changed"] == 1 and summary["refresh"]["files_processed"] == 1
    assert summary["refresh"]["documents_added"] == summary["refresh"]["documents_removed"] == 0
    body = next(r["body"] for r in rows(out) if r["source_file"] == SEEDS[2].name)
    assert "added by the editor on Monday morning" in body


def test_deleting_a_file_removes_its_documents(prefect_harness: None, raw: Path, tmp_path: Path,
                                               counted: list[str]) -> None:
    out = tmp_path / "out"
    refresh(raw, out)
    counted.clear()
    (raw / "003_20c14986f6c28657.txt").unlink()  # the seed with two articles
    summary = refresh(raw, out)
    assert counted == []
    assert summary["refresh"]["files_removed"] == 1 and summary["refresh"]["documents_removed"] == 2
    assert sorted(r["source_file"] for r in rows(out)) == sorted(s.name for s in SEEDS if not s.name.startswith("003"))
    assert manifest(out)["counts"]["documents"] == 4
    assert main(["validate", str(out)]) == 0


def test_nothing_changed_means_no_work_and_identical_bytes(prefect_harness: None, raw: Path, tmp_path: Path,
                                                           counted: list[str]) -> None:
    out = tmp_path / "out"
    refresh(raw, out)
    before = everything(out)
    counted.clear()
    summary = refresh(raw, out)
    assert counted == []
    assert summary["refresh"]["mode"] == "unchanged" and summary["refresh"]["files_processed"] == 0
    assert summary["documents"] == 6
    assert everything(out) == before  # every dataset, the state and the publications
    runs = manifest(out)["runs"]
    assert [r["mode"] for r in runs] == ["full", "unchanged"] and runs[-1]["files_unchanged"] == 5
    assert main(["validate", str(out)]) == 0


# ---------------------------------------------------------------- the output does not depend on history
def test_an_incremental_output_equals_a_full_run(prefect_harness: None, raw: Path, tmp_path: Path) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    refresh(raw, out)
    (raw / "a-first").mkdir()
    (raw / "a-first" / "wall.txt").write_text(NEW_ARTICLE)  # sorts before every seed
    (raw / "zz").mkdir()
    (raw / "zz" / "buses.txt").write_text(OTHER_ARTICLE)
    (raw / SEEDS[0].name).unlink()
    (raw / SEEDS[4].name).write_text(NEW_ARTICLE.replace("harbour", "canal"))
    (raw / "empty.txt").write_bytes(b"")  # a reject, carried over by the next refresh
    refresh(raw, out)
    (raw / SEEDS[1].name).unlink()
    refresh(raw, out)
    refresh(raw, fresh)
    history = "state/documents.parquet"  # the dedup index keeps first-seen order, which history decides
    assert {k: v for k, v in digests(out).items() if k != history} == {
        k: v for k, v in digests(fresh).items() if k != history}
    assert manifest(out)["counts"] == manifest(fresh)["counts"]


def test_full_flag_cleans_everything_again(prefect_harness: None, raw: Path, tmp_path: Path,
                                          counted: list[str]) -> None:
    out = tmp_path / "out"
    refresh(raw, out)
    before = digests(out)
    counted.clear()
    summary = refresh(raw, out, "--full")
    assert sorted(counted) == [s.name for s in SEEDS]
    assert summary["refresh"]["mode"] == "full" and summary["refresh"]["files_processed"] == 5
    assert digests(out) == before


def test_changing_one_sources_settings_reprocesses_only_that_source(prefect_harness: None, raw: Path,
                                                                    tmp_path: Path, counted: list[str]) -> None:
    out = tmp_path / "out"
    (raw / "harbour").mkdir()
    (raw / "harbour" / "wall.txt").write_text(NEW_ARTICLE)
    (raw / "sources.toml").write_text('[source.harbour]\npaths = ["harbour/"]\n')
    refresh(raw, out)
    counted.clear()
    (raw / "sources.toml").write_text('[source.harbour]\npaths = ["harbour/"]\nlicence = "CC0-1.0"\n')
    summary = refresh(raw, out)
    assert counted == ["harbour/wall.txt"]
    assert summary["refresh"]["files_changed"] == 1
    assert {r["licence"] for r in rows(out) if r["source"] == "harbour"} == {"CC0-1.0"}


def test_a_new_batch_size_rewrites_parts_without_cleaning(prefect_harness: None, raw: Path, tmp_path: Path,
                                                          counted: list[str]) -> None:
    from flows.orchestrate.etl import run

    out = tmp_path / "out"
    refresh(raw, out)
    counted.clear()
    run(str(raw), str(out), workers=1, batch_files=2)
    assert counted == []
    assert sorted(p.name for p in (out / "documents").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    fresh = tmp_path / "fresh"
    run(str(raw), str(fresh), workers=1, batch_files=2)
    assert digests(out) == digests(fresh)


def test_output_without_state_gets_a_full_run(prefect_harness: None, raw: Path, tmp_path: Path,
                                             counted: list[str]) -> None:
    out = tmp_path / "out"
    refresh(raw, out)
    shutil.rmtree(out / "state")
    counted.clear()
    summary = refresh(raw, out)
    assert len(counted) == 5 and summary["refresh"]["mode"] == "full"
    assert (out / "state" / "files.parquet").is_file()


def test_a_damaged_output_gets_a_full_run(prefect_harness: None, raw: Path, tmp_path: Path,
                                          counted: list[str]) -> None:
    out = tmp_path / "out"
    refresh(raw, out)
    (out / "paragraphs" / "part-00000.parquet").unlink()
    counted.clear()
    summary = refresh(raw, out)
    assert len(counted) == 5 and summary["refresh"]["mode"] == "full"
    assert main(["validate", str(out)]) == 0


def test_cli_prints_what_the_refresh_did(prefect_harness: None, raw: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert "refresh    full: 5 file(s) processed" in capsys.readouterr().out
    assert main(["run", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert "refresh    nothing changed: 0 files processed, 5 unchanged" in capsys.readouterr().out


# ---------------------------------------------------------------- the pure planner
def _scan(rel: str, sha: str | None = "s", key: str = "k", source: str = "default") -> FileScan:
    return FileScan(rel, source, 1, sha, key)


def _state(rel: str, sha: str | None = "s", key: str = "k", source: str = "default", ids: tuple[str, ...] = ()) -> FileState:
    return FileState(rel, source, 1, sha, key, 0, ids)


def test_plan_classifies_every_file() -> None:
    previous = {f: _state(f) for f in ("same", "edited", "rekeyed", "moved", "gone", "unreadable")}
    current = {"same": _scan("same"), "edited": _scan("edited", sha="t"), "rekeyed": _scan("rekeyed", key="k2"),
               "moved": _scan("moved", source="other"), "unreadable": _scan("unreadable", sha=None), "new": _scan("new")}
    plan = plan_refresh(previous, current)
    assert plan.added == ("new",) and plan.removed == ("gone",) and plan.unchanged == ("same",)
    assert plan.changed == ("edited", "moved", "rekeyed", "unreadable")
    assert plan.process == {"new", "edited", "moved", "rekeyed", "unreadable"} and plan.carry == {"same"}
    assert not plan.nothing_changed
    full = plan_refresh(previous, current, full=True)
    assert full.process == set(current) and full.carry == frozenset()
    assert "same" in plan_refresh(previous, current, suspect={"same"}).changed
    assert plan_refresh({"a": _state("a")}, {"a": _scan("a")}).nothing_changed


def test_document_changes_compare_ids_per_file() -> None:
    previous = {"a": _state("a", ids=("a0", "a1")), "b": _state("b", ids=("b0",))}
    assert document_changes(previous, {"a": ["a0"], "c": ["c0", "c1"]}) == (2, 2)
