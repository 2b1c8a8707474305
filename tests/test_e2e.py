"""The real Prefect flow on raw/: read back with pyarrow and DuckDB, JSON-LD expanded offline."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import jsonschema
import pyarrow.dataset as ds
import pytest
from pyld import jsonld

from flows.cli import main
from flows.store.config import load_schema

pytestmark = pytest.mark.slow
RAW = Path(__file__).resolve().parent.parent / "raw"


def test_six_documents_with_pyarrow(seed_output: Path) -> None:
    table = ds.dataset(seed_output / "documents", format="parquet").to_table()
    assert table.num_rows == 6
    assert sorted(zip(table["source_file"].to_pylist(), table["part"].to_pylist(), strict=True)) == [
        ("000_d4099e1749897e4a.txt", 0), ("001_af9b6ddbe6278279.txt", 0), ("002_e0b5a366e7daef11.txt", 0),
        ("003_20c14986f6c28657.txt", 0), ("003_20c14986f6c28657.txt", 1), ("004_41700bfd0b11befa.txt", 0)]
    assert str(table.schema.field("date_published").type) == "date32[day]"


def test_duckdb_sql_over_parquet(seed_output: Path) -> None:
    con = duckdb.connect()
    glob = str(seed_output / "documents" / "*.parquet")
    rows = con.execute(
        f"SELECT source_file, title, len(authors), date_published, word_count FROM read_parquet('{glob}') "
        "ORDER BY source_file, part").fetchall()
    assert len(rows) == 6
    assert rows[4][1] == "Vietnam: A Victory Against Imperialism – Lessons for Ukraine Solidarity"
    assert str(rows[5][3]) == "2023-12-11"
    paragraphs = con.execute(
        f"SELECT count(*) FROM read_parquet('{seed_output / 'paragraphs' / '*.parquet'}')").fetchone()
    assert paragraphs is not None and paragraphs[0] > 50


def test_every_row_validates_against_the_json_schema(seed_output: Path) -> None:
    schema = load_schema()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for row in ds.dataset(seed_output / "documents", format="parquet").to_table().to_pylist():
        row["date_published"] = row["date_published"].isoformat() if row["date_published"] else None
        validator.validate(row)


def _no_remote_loader(url: str, options: dict) -> dict:  # type: ignore[type-arg]
    raise AssertionError(f"JSON-LD tried to fetch {url}")


def test_jsonld_expands_offline(seed_output: Path) -> None:
    nodes = []
    for path in sorted((seed_output / "jsonld").glob("*.jsonld")):
        expanded = jsonld.expand(json.loads(path.read_text()), {"documentLoader": _no_remote_loader})
        nodes.extend(expanded)
    assert len(nodes) == 6
    for node in nodes:
        assert node["@type"] == ["https://schema.org/Article"]
        assert node["https://schema.org/articleBody"][0]["@value"]
        assert "https://schema.org/isBasedOn" in node
    headlines = {n["https://schema.org/headline"][0]["@value"] for n in nodes if "https://schema.org/headline" in n}
    assert "Strengthen solidarity with Palestine!" in headlines


def test_manifest_lists_every_file_with_sha256(seed_output: Path) -> None:
    manifest = json.loads((seed_output / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 6
    for entry in manifest["files"]:
        data = (seed_output / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_docmill_validate_passes_and_catches_damage(seed_output: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["validate", str(seed_output)]) == 0
    damaged = tmp_path / "damaged"
    import shutil

    shutil.copytree(seed_output, damaged)
    victim = next((damaged / "documents").glob("*.parquet"))
    victim.write_bytes(victim.read_bytes()[:-100])
    assert main(["validate", str(damaged)]) == 1


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for name in ("documents", "paragraphs", "jsonld") for p in sorted((folder / name).rglob("*")) if p.is_file()}


def test_two_runs_are_byte_identical(seed_output: Path, tmp_path: Path) -> None:
    from flows.orchestrate.etl import run

    again = tmp_path / "again"
    run(str(RAW), str(again), workers=2)
    assert _digest(again) == _digest(seed_output)


def test_any_folder_recursively_without_config(prefect_harness: None, tmp_path: Path) -> None:
    raw = tmp_path / "in"
    (raw / "deep" / "er").mkdir(parents=True)
    (raw / "a.txt").write_text("A headline\n\n" + "Plain words in a sentence that goes on. " * 12)
    (raw / "deep" / "b.md").write_text("# Markdown title\n\n" + "Some *markdown* text with [a link](https://x.org). " * 8)
    (raw / "deep" / "er" / "c.html").write_text(
        "<html><head><title>Page</title></head><body><nav>Home | News</nav><article><h1>HTML title</h1>"
        + "<p>Paragraph text of an html page that is long enough to count as prose here.</p>" * 5
        + "</article></body></html>")
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    table = ds.dataset(out / "documents", format="parquet").to_table()
    assert sorted(table["source_file"].to_pylist()) == ["a.txt", "deep/b.md", "deep/er/c.html"]
    assert sorted(t for t in table["title"].to_pylist()) == ["A headline", "HTML title", "Markdown title"]


def test_missing_raw_folder_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "does not exist" in capsys.readouterr().err
