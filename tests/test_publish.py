"""Publication layer: croissant.json, datapackage.json, README.md card, report.html, SHACL.

Every validator runs offline: in-process validators run with sockets blocked
(``no_network``), the Hugging Face ``datasets`` check runs in a subprocess with
``HF_DATASETS_OFFLINE=1``/``HF_HUB_OFFLINE=1`` and a temporary cache, Chromium with
background networking disabled.

Outputs tested: the real seed output (``seed_output`` fixture from conftest, when
the pipeline provides it) and a small synthetic output built here with the
pipeline's own exporters, whose numbers are known exactly. Negative cases use
synthetic data only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from flows.clean.export import (
    documents_table,
    jsonld_document,
    jsonld_node,
    paragraphs_table,
    rejects_table,
)
from flows.publish.card import build_card, card_header, size_category
from flows.publish.meta import dataset_meta
from flows.publish.report import build_report_html
from flows.publish.shapes import ARTICLE_SHAPES_TTL, TYPING_CONTEXT
from flows.publish.stats import MAX_REJECT_EXAMPLES, MAX_RULE_SAMPLES, StatsAccumulator, histogram, quantile
from flows.publish.tables import FileEntry, TableSpec
from flows.store.check import validate_output
from flows.store.publish import (
    PUBLICATIONS,
    collect_stats,
    list_publications,
    load_document_schema,
    report_artifacts,
    table_specs,
    write_publications,
)

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


# ====================================================================== offline guard
@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to resolve a host name or open an IP connection."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(f"network access attempted in an offline test: {args[1:] or kwargs}")

    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse(self, address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# ====================================================================== synthetic output
SOURCES = {
    "calder-post": ("CC-BY-4.0", "The Calderbridge Post"),
    "village-news": (None, "Village News"),
    "riverside-blog": ("CC-BY-SA-4.0", None),
}


def _record(n: int, source: str, **fields: Any) -> dict[str, Any]:
    """One document record satisfying the pipeline's DOCUMENT_SCHEMA."""
    licence, publisher = SOURCES[source]
    sections = fields.pop(
        "sections",
        [
            {"heading": None, "paragraphs": [f"Opening paragraph of article {n} about the town."]},
            {"heading": f"Part {n}", "paragraphs": [f"Second paragraph {n}.", f"Third paragraph {n}."]},
        ],
    )
    body = "\n\n".join(
        text for s in sections for text in ([s["heading"]] if s["heading"] else []) + list(s["paragraphs"])
    )
    record: dict[str, Any] = {
        "doc_id": f"doc{n:03d}",
        "source_file": f"{source}/{n:03d}.txt",
        "part": 0,
        "title": f"Article {n}",
        "subtitle": None,
        "authors": ["Jane Roe"],
        "publisher": publisher,
        "date_published": None,
        "url": f"https://news.example/{n}",
        "language": "en",
        "section": None,
        "body": body,
        "sections": sections,
        "word_count": len(body.split()),
        "content_sha256": hashlib.sha256(body.encode()).hexdigest(),
        "removed": [],
        "source": source,
        "licence": licence,
        "encoding": "utf-8",
        "links": [],
        "author_bio": None,
        "duplicate_of": None,
        "replaced_chars": 0,
    }
    record.update(fields)
    return record


def synthetic_records() -> list[list[dict[str, Any]]]:
    """Two batches of documents with known sources, dates, removals and duplicates."""
    share = {"rule": "share-row", "text": "Share on Facebook"}  # 17 chars
    cookie = {"rule": "cookie-banner", "text": "We use cookies. Accept all"}  # 26 chars
    promo = {"rule": "newsletter-promo", "text": "Sign up to our newsletter"}  # 25 chars
    long_sections = [{"heading": None, "paragraphs": [" ".join(["word"] * 300)]}]
    first = [
        _record(
            1,
            "calder-post",
            date_published=dt.date(2023, 12, 11),
            removed=[share, cookie],
            section="Business",
            authors=["Kwame Mensah", "Calder Press Agency"],
        ),
        _record(2, "calder-post", date_published=dt.date(2024, 1, 2), removed=[share, share]),
        _record(
            3, "village-news", date_published=dt.date(2024, 1, 30), language="fr", title=None, url=None, authors=[]
        ),
        _record(4, "riverside-blog", removed=[promo], sections=long_sections),
    ]
    second = [
        _record(
            5,
            "village-news",
            date_published=dt.date(2024, 3, 5),
            language="fr",
            removed=[cookie],
            encoding="cp1252",
            replaced_chars=2,
        ),
        _record(6, "calder-post", url=None),
        _record(7, "calder-post", date_published=dt.date(2023, 12, 11), duplicate_of="doc001"),
    ]
    return [first, second]


ORGANISATIONS = frozenset({"Calder Press Agency"})

SYNTHETIC_REJECTS = [
    {
        "source_file": "village-news/broken.bin",
        "part": None,
        "stage": "decode",
        "reason": "binary",
        "detail": "looks like a binary file",
    },
    {"source_file": "calder-post/empty.txt", "part": None, "stage": "decode", "reason": "empty", "detail": None},
    {
        "source_file": "riverside-blog/008.txt",
        "part": 1,
        "stage": "validate",
        "reason": "schema",
        "detail": "'body' is too short",
    },
]


#: The manifest's run history of the synthetic output (oldest first).
SYNTHETIC_RUNS = [
    {
        "run_id": "20240401T090000Z-first",
        "finished": "2024-04-01T09:00:00+00:00",
        "seconds": 3.25,
        "mode": "full",
        "files_added": 9,
        "files_changed": 0,
        "files_removed": 0,
        "files_unchanged": 0,
        "files_processed": 9,
        "documents_added": 8,
        "documents_removed": 0,
    },
    {
        "run_id": "20240501T100000Z-synthetic",
        "finished": "2024-05-01T10:00:00+00:00",
        "seconds": 1.0,
        "mode": "incremental",
        "files_added": 1,
        "files_changed": 2,
        "files_removed": 1,
        "files_unchanged": 6,
        "files_processed": 3,
        "documents_added": 2,
        "documents_removed": 3,
    },
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_synthetic_output(out: Path, batches: list[list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """Write a small output folder the way the pipeline does; return its manifest."""
    for name in ("documents", "paragraphs", "rejects", "jsonld"):
        (out / name).mkdir(parents=True, exist_ok=True)
    batches = synthetic_records() if batches is None else batches
    for number, batch in enumerate(batches):
        part = f"part-{number:05d}"
        pq.write_table(documents_table(batch), out / "documents" / f"{part}.parquet", row_group_size=2)
        pq.write_table(paragraphs_table(batch), out / "paragraphs" / f"{part}.parquet")
        nodes = [jsonld_node(r, organisation=ORGANISATIONS.__contains__) for r in batch]
        (out / "jsonld" / f"{part}.jsonld").write_bytes(jsonld_document(nodes))
    pq.write_table(rejects_table(SYNTHETIC_REJECTS), out / "rejects" / "part-00000.parquet")
    # The refresh state names each raw file's source, also for files that gave no document.
    (out / "state").mkdir(exist_ok=True)
    raw_files = sorted({r["source_file"] for batch in batches or [] for r in batch} | {r["source_file"] for r in SYNTHETIC_REJECTS})
    state = pa.table({"source_file": raw_files, "source": [name.split("/", 1)[0] for name in raw_files]})
    pq.write_table(state, out / "state" / "files.parquet")
    files = [
        {"path": p.relative_to(out).as_posix(), "bytes": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(out.rglob("*"))
        if p.is_file()
    ]
    manifest = {
        "run_id": "20240501T100000Z-synthetic",
        "finished": "2024-05-01T10:00:00+00:00",
        "versions": {"docmill": "0.1.0", "schema": "1.1.0"},
        "counts": {"quarantined": len(SYNTHETIC_REJECTS)},
        "runs": SYNTHETIC_RUNS,
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _seed_output(request: pytest.FixtureRequest) -> Path | None:
    """The pipeline's real output of the seeds, when conftest provides it."""
    try:
        return Path(request.getfixturevalue("seed_output"))
    except pytest.FixtureLookupError:
        return None


@pytest.fixture(scope="session")
def synthetic_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic output folder with its publications written."""
    out = tmp_path_factory.mktemp("synthetic") / "out"
    manifest = build_synthetic_output(out)
    write_publications(out, manifest)
    return out


@pytest.fixture(scope="session", params=["synthetic", "seeds"])
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with publications: the synthetic one, then the seeds' one."""
    if request.param == "synthetic":
        return Path(request.getfixturevalue("synthetic_output"))
    seed = _seed_output(request)
    if seed is None:
        pytest.skip("the seed_output fixture (tests/conftest.py) is not available yet")
    out = tmp_path_factory.mktemp("seeds") / "out"
    shutil.copytree(seed, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    write_publications(out, manifest)
    return out


# ====================================================================== helpers
def parquet_paths(out: Path, table: str) -> list[Path]:
    return sorted((out / table).glob("*.parquet"))


def parquet_rows(out: Path, table: str) -> int:
    return sum(pq.ParquetFile(p).metadata.num_rows for p in parquet_paths(out, table))


def read_table(out: Path, table: str, columns: list[str] | None = None) -> pa.Table:
    return pa.concat_tables([pq.read_table(p, columns=columns) for p in parquet_paths(out, table)])


def front_matter(card: str) -> tuple[dict[str, Any], str]:
    """(YAML header, markdown body) of a dataset card."""
    import yaml

    match = re.match(r"^---\n(.*?)\n---\n(.*)$", card, flags=re.S)
    assert match, "card does not start with a YAML front matter block"
    return yaml.safe_load(match.group(1)), match.group(2)


def section_text(markdown: str, title: str) -> str:
    """The text of a '## title' section of a markdown document."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, flags=re.S | re.M)
    assert match, f"section {title!r} missing"
    return match.group(1)


# ====================================================================== write_publications
def test_write_publications_writes_the_four_files(published: Path) -> None:
    for name in PUBLICATIONS:
        path = published / name
        assert path.is_file() and path.stat().st_size > 500, name
    assert not list(published.glob(".*.tmp"))


def test_write_publications_is_deterministic(synthetic_output: Path, tmp_path: Path) -> None:
    manifest = json.loads((synthetic_output / "manifest.json").read_text(encoding="utf-8"))
    copy = tmp_path / "again"
    shutil.copytree(synthetic_output, copy)
    for name in PUBLICATIONS:
        (copy / name).unlink()
    written = write_publications(copy, manifest)
    assert written == list(PUBLICATIONS)
    for name in PUBLICATIONS:
        assert (copy / name).read_bytes() == (synthetic_output / name).read_bytes(), name


def test_pipeline_wiring_writes_the_same_files(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """When the flow writes the publications itself, they equal a rewrite from its manifest."""
    seed = _seed_output(request)
    if seed is None:
        pytest.skip("the seed_output fixture (tests/conftest.py) is not available yet")
    if not (seed / "croissant.json").is_file():
        pytest.skip("the flow does not call write_publications yet")
    copy = tmp_path / "out"
    shutil.copytree(seed, copy)
    write_publications(copy, json.loads((copy / "manifest.json").read_text(encoding="utf-8")))
    for name in PUBLICATIONS:
        assert (seed / name).read_bytes() == (copy / name).read_bytes(), name


def test_an_output_without_documents_is_published(tmp_path: Path, no_network: None) -> None:
    import frictionless
    import mlcroissant as mlc

    out = tmp_path / "out"
    manifest = build_synthetic_output(out, batches=[[]])
    assert write_publications(out, manifest) == list(PUBLICATIONS)
    dataset = mlc.Dataset(jsonld=str(out / "croissant.json"))
    assert list(dataset.records(record_set="documents")) == []
    assert frictionless.validate(str(out / "datapackage.json")).valid
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<b>0</b><span>documents</span>" in page and "<b>3</b><span>quarantined</span>" in page
    header, _ = front_matter((out / "README.md").read_text(encoding="utf-8"))
    assert header["size_categories"] == ["n<1K"] and header["license"] == "unknown"


def test_publications_have_no_machine_paths(published: Path) -> None:
    for name in PUBLICATIONS:
        text = (published / name).read_text(encoding="utf-8")
        assert str(published) not in text, name
        assert "/tmp/" not in text and "/home/" not in text, name


# ====================================================================== croissant
def test_croissant_validates_and_loads_every_record_set_offline(
    published: Path, no_network: None, caplog: pytest.LogCaptureFixture
) -> None:
    import mlcroissant as mlc

    caplog.set_level(logging.WARNING)
    dataset = mlc.Dataset(jsonld=str(published / "croissant.json"))  # = mlcroissant validate
    assert not dataset.metadata.issues.errors
    assert not dataset.metadata.issues.warnings, dataset.metadata.issues.report()
    assert "not standard" not in caplog.text  # the @context is the complete 1.1 context

    for table in ("documents", "paragraphs"):
        records = list(dataset.records(record_set=table))
        assert len(records) == parquet_rows(published, table), table

    # Values survive the trip, including list and list<struct> columns.
    expected = read_table(published, "documents", ["doc_id", "authors", "sections"]).to_pylist()
    loaded = list(dataset.records(record_set="documents"))
    by_id = {r["documents/doc_id"].decode(): r for r in loaded}
    assert sorted(by_id) == sorted(row["doc_id"] for row in expected)
    for row in expected[:20]:
        record = by_id[row["doc_id"]]
        assert [a.decode() for a in record["documents/authors"]] == row["authors"]
        sections = record["documents/sections"]
        assert [[p.decode() for p in s["documents/sections/paragraphs"]] for s in sections] == [
            s["paragraphs"] for s in row["sections"]
        ]


def test_croissant_describes_every_file_and_column(published: Path) -> None:
    doc = json.loads((published / "croissant.json").read_text(encoding="utf-8"))
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    for key in ("license", "version", "citeAs", "creator", "datePublished", "prov:wasGeneratedBy"):
        assert doc.get(key), key
    assert isinstance(doc["@context"], dict)  # inline: expands offline

    file_objects = {n["contentUrl"]: n for n in doc["distribution"] if n["@type"] == "cr:FileObject"}
    expected_files = parquet_paths(published, "documents") + parquet_paths(published, "paragraphs")
    assert sorted(file_objects) == sorted(p.relative_to(published).as_posix() for p in expected_files)
    for path in expected_files:
        node = file_objects[path.relative_to(published).as_posix()]
        assert node["sha256"] == _sha256(path)
        assert node["contentSize"] == f"{path.stat().st_size} B"
        assert node["encodingFormat"] == "application/x-parquet"
    file_sets = {n["@id"]: n for n in doc["distribution"] if n["@type"] == "cr:FileSet"}
    assert file_sets["documents-parquet"]["includes"] == "documents/*.parquet"

    record_sets = {rs["@id"]: rs for rs in doc["recordSet"]}
    assert sorted(record_sets) == ["documents", "paragraphs"]
    for table, record_set in record_sets.items():
        schema = pq.read_schema(parquet_paths(published, table)[0])
        fields = {f["name"]: f for f in record_set["field"]}
        assert list(fields) == schema.names
        for arrow_field in schema:
            node = fields[arrow_field.name]
            if pa.types.is_list(arrow_field.type):
                assert node["isArray"] is True and node["repeated"] is True, arrow_field.name
                if pa.types.is_struct(arrow_field.type.value_type):
                    names = [sub["name"] for sub in node["subField"]]
                    assert names == [f.name for f in arrow_field.type.value_type], arrow_field.name
                else:
                    assert node["dataType"] == "sc:Text"
            else:
                assert "isArray" not in node
                assert node["dataType"], arrow_field.name
    date_field = next(f for f in record_sets["documents"]["field"] if f["name"] == "date_published")
    assert date_field["dataType"] == "sc:Date"


# ====================================================================== datapackage
def test_datapackage_validates_offline_and_matches_parquet(published: Path, no_network: None) -> None:
    import frictionless

    report = frictionless.validate(str(published / "datapackage.json"))  # = frictionless validate
    assert report.valid, report.flatten(["resourcePath", "type", "note", "fieldName", "rowNumber"])[:10]
    rows = {task.name: task.stats.get("rows", 0) for task in report.tasks}  # no "rows" when empty

    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    # One resource per table, its path the list of the table's Parquet files.
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == ["documents", "paragraphs", "rejects"]
    for table, resource in resources.items():
        paths = parquet_paths(published, table)
        assert resource["path"] == [path.relative_to(published).as_posix() for path in paths]
        assert [part["path"] for part in resource["docmill:files"]] == resource["path"]
        schema = frictionless.Schema.from_descriptor(resource["schema"])
        for path, part in zip(paths, resource["docmill:files"], strict=True):
            rows_in_file = pq.ParquetFile(path).metadata.num_rows
            assert part["hash"] == f"sha256:{_sha256(path)}" and part["bytes"] == path.stat().st_size
            assert part["rows"] == rows_in_file
            # frictionless reads a multipart Parquet resource from its first path: check every part too.
            single = frictionless.Resource(
                path=part["path"], basepath=str(published), format="parquet", schema=schema
            ).validate()
            assert single.valid, single.flatten(["type", "note", "fieldName", "rowNumber"])[:10]
            assert single.tasks[0].stats.get("rows", 0) == rows_in_file
            arrow = pq.read_schema(path)
            types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
            assert list(types) == arrow.names
            for arrow_field in arrow:
                nested = pa.types.is_list(arrow_field.type) or pa.types.is_struct(arrow_field.type)
                assert (types[arrow_field.name] == "any") == nested, arrow_field.name
        assert rows[table] == pq.ParquetFile(paths[0]).metadata.num_rows
    assert "declared `any`" in package["description"]


def test_datapackage_validation_catches_a_wrong_type(published: Path, no_network: None) -> None:
    import frictionless

    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "documents")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "word_count")
    field["type"] = "date"
    report = frictionless.validate(package, basepath=str(published))
    assert not report.valid
    assert "type-error" in {error[0] for error in report.flatten(["type"])}


# ====================================================================== dataset card
def test_card_header(published: Path) -> None:
    header, _ = front_matter((published / "README.md").read_text(encoding="utf-8"))
    documents = parquet_rows(published, "documents")
    assert header["pretty_name"]
    assert header["license"]
    assert header["size_categories"] == [size_category(documents)]
    languages = read_table(published, "documents", ["language"]).column("language")
    assert set(header["language"]) == set(pc.unique(languages).to_pylist()) - {"und"}
    configs = {c["config_name"]: c for c in header["configs"]}
    assert configs["documents"]["data_files"] == [{"split": "train", "path": "documents/*.parquet"}]
    assert configs["paragraphs"]["data_files"] == [{"split": "train", "path": "paragraphs/*.parquet"}]
    assert configs["documents"].get("default") is True


def test_card_sections_and_fields_from_json_schema(published: Path) -> None:
    _, body = front_matter((published / "README.md").read_text(encoding="utf-8"))
    for title in ("Sources", "Cleaning", "Fields", "Known limitations"):
        section_text(body, title)
    schema = load_document_schema(published)
    assert schema is not None, "schemas/document.schema.json is missing"
    fields = section_text(body, "Fields")
    for name, spec in schema["properties"].items():
        line = next((ln for ln in fields.splitlines() if ln.startswith(f"| `{name}` |")), None)
        assert line is not None, f"field {name} missing from the card"
        assert spec["description"].strip().replace("|", "\\|") in line, name
    sources = section_text(body, "Sources")
    table = read_table(published, "documents", ["source"])
    for source, count in Counter(table.column("source").to_pylist()).items():
        assert re.search(rf"^\| {re.escape(source)} \| {count:,} \|", sources, flags=re.M), source


def test_card_fields_are_generated_not_hard_coded(synthetic_output: Path) -> None:
    stats = collect_stats(synthetic_output)
    meta = dataset_meta({"run_id": "x"}, stats)
    schema = {
        "title": "probe",
        "required": ["doc_id"],
        "properties": {
            "doc_id": {"type": "string", "description": "SENTINEL-ID description"},
            "when": {"type": ["string", "null"], "format": "date", "description": "SENTINEL-DATE"},
            "tags": {"type": "array", "items": {"type": "string"}, "description": "SENTINEL-TAGS"},
        },
    }
    tables = [TableSpec("documents", pa.schema([("doc_id", pa.string())]), [FileEntry("documents/a.parquet", 1, "0")])]
    fields = section_text(build_card(meta, stats, tables, schema), "Fields")
    assert "| `doc_id` | `string` | string | no | SENTINEL-ID description |" in fields
    assert "| `when` | (not written) | string (date) or null | yes | SENTINEL-DATE |" in fields
    assert "| `tags` | (not written) | array of string | no | SENTINEL-TAGS |" in fields


HF_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import datasets
    folder, cache = sys.argv[1], sys.argv[2]
    result = {}
    for config in ("documents", "paragraphs"):
        by_card = datasets.load_dataset(folder, config, split="train", cache_dir=cache)
        by_glob = datasets.load_dataset(
            "parquet", data_files=f"{folder}/{config}/*.parquet", split="train", cache_dir=cache
        )
        result[config] = [by_card.num_rows, by_glob.num_rows, sorted(by_card.column_names)]
    print(json.dumps(result))
    """
)


def test_card_loads_with_hugging_face_datasets_offline(published: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf"),
        "HF_DATASETS_CACHE": str(tmp_path / "hf" / "datasets"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-c", HF_SCRIPT, str(published), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for table in ("documents", "paragraphs"):
        rows = parquet_rows(published, table)
        by_card, by_glob, columns = result[table]
        assert by_card == by_glob == rows, table
        assert columns == sorted(pq.read_schema(parquet_paths(published, table)[0]).names)


def test_card_data_files_load_with_pandas(published: Path) -> None:
    import pandas as pd

    header, _ = front_matter((published / "README.md").read_text(encoding="utf-8"))
    for config in header["configs"]:
        pattern = config["data_files"][0]["path"]
        frames = [pd.read_parquet(path) for path in sorted(published.glob(pattern))]
        frame = pd.concat(frames, ignore_index=True)
        assert len(frame) == parquet_rows(published, config["config_name"])
    documents = pd.read_parquet(published / "documents")
    assert documents["doc_id"].is_unique


# ====================================================================== SHACL on the JSON-LD
def _shapes():  # type: ignore[no-untyped-def]
    from rdflib import Graph

    return Graph().parse(data=ARTICLE_SHAPES_TTL, format="turtle")


def _validate_jsonld(data: str | bytes) -> tuple[bool, str, Any]:
    import pyshacl
    from rdflib import Graph

    graph = Graph().parse(data=data, format="json-ld", context=dict(TYPING_CONTEXT))
    conforms, _, text = pyshacl.validate(graph, shacl_graph=_shapes())
    return bool(conforms), str(text), graph


def test_jsonld_files_conform_to_the_article_shapes(published: Path, no_network: None) -> None:
    from rdflib import RDF, URIRef

    files = sorted((published / "jsonld").glob("*.json*"))
    assert files, "no JSON-LD files"
    articles = 0
    for path in files:
        conforms, text, graph = _validate_jsonld(path.read_bytes())
        assert conforms, f"{path.name}:\n{text[:3000]}"
        articles += len(set(graph.subjects(RDF.type, URIRef("https://schema.org/Article"))))
    assert articles == parquet_rows(published, "documents")


GOOD_NODE: dict[str, Any] = {
    "@context": {"@vocab": "https://schema.org/"},
    "@type": "Article",
    "@id": "urn:docmill:doc001",
    "headline": "Old tram depot to become food hall",
    "author": [{"@type": "Person", "name": "Kwame Mensah"}],
    "datePublished": "2023-12-11",
    "isBasedOn": {"@type": "CreativeWork", "name": "calder-post/001.txt"},
}


def test_shapes_accept_a_good_node() -> None:
    conforms, text, _ = _validate_jsonld(json.dumps(GOOD_NODE))
    assert conforms, text


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in GOOD_NODE.items() if k != key}


@pytest.mark.parametrize(
    ("case", "node", "message"),
    [
        ("missing isBasedOn", _without("isBasedOn"), "isBasedOn"),
        ("no headline nor body", _without("headline"), "headline or an articleBody"),
        ("date not ISO", {**GOOD_NODE, "datePublished": "11/12/2023"}, "xsd:date"),
        ("impossible date", {**GOOD_NODE, "datePublished": "2023-02-31"}, "xsd:date"),
        ("two dates", {**GOOD_NODE, "datePublished": ["2023-12-11", "2023-12-12"]}, "xsd:date"),
        ("author is a string", {**GOOD_NODE, "author": ["Kwame Mensah"]}, "author"),
        ("author untyped", {**GOOD_NODE, "author": [{"name": "Kwame Mensah"}]}, "author"),
        ("author without name", {**GOOD_NODE, "author": [{"@type": "Organization"}]}, "author"),
        ("empty headline, no body", {**GOOD_NODE, "headline": ""}, "headline"),
    ],
)
def test_shapes_reject_a_bad_node(case: str, node: dict[str, Any], message: str) -> None:
    conforms, text, _ = _validate_jsonld(json.dumps(node))
    assert not conforms, case
    assert message in text, f"{case}: {text}"


def test_shapes_accept_body_without_headline() -> None:
    node = {**_without("headline"), "articleBody": "Text of the article."}
    conforms, text, _ = _validate_jsonld(json.dumps(node))
    assert conforms, text


# ====================================================================== report.html
def _svg_sizes(page: str) -> list[tuple[float, float]]:
    sizes = []
    for tag in re.findall(r"<svg\b[^>]*>", page):
        width = re.search(r'\bwidth="([\d.]+)(?:pt|px)?"', tag)
        height = re.search(r'\bheight="([\d.]+)(?:pt|px)?"', tag)
        assert width and height, tag
        sizes.append((float(width.group(1)), float(height.group(1))))
    return sizes


def test_report_is_self_contained(published: Path) -> None:
    page = (published / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    links = re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", page, flags=re.I)
    external = [link for link in links if not link.startswith(("#", "data:"))]
    assert not external, external
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert "@import" not in page
    assert not re.findall(r"url\(\s*['\"]?(?!#)", page), "url() pointing outside the page"


def test_report_has_charts_and_numbers(published: Path) -> None:
    page = (published / "report.html").read_text(encoding="utf-8")
    stats = collect_stats(published)
    sizes = _svg_sizes(page)
    has_docs = bool(stats["documents"])
    expected = 3 * has_docs + bool(stats["months"]) + bool(stats["rules"]) + bool(stats["reject_reasons"])
    assert len(sizes) == expected, sizes
    assert all(w > 100 and h > 50 for w, h in sizes), sizes
    for section in (
        "sources",
        "quarantine",
        "refresh",
        "encodings",
        "rules",
        "outliers",
        "words",
        "months",
        "coverage",
        "languages",
        "duplicates",
    ):
        assert f'<section id="{section}">' in page, section
    assert not re.search(r"(?<![\d,])1 (documents|inputs|runs|characters)\b", page), "a plural after 1"
    documents = read_table(published, "documents", ["source", "word_count", "duplicate_of"])
    assert f"<b>{documents.num_rows:,}</b><span>documents</span>" in page
    words = pc.sum(documents.column("word_count")).as_py()
    assert f"<b>{words:,}</b><span>words</span>" in page
    for source, count in Counter(documents.column("source").to_pylist()).items():
        assert f'<tr><td>{source}</td><td class="n">{count:,}</td>' in page, source
    duplicates = documents.num_rows - documents.column("duplicate_of").null_count
    assert f"<b>{duplicates:,}</b><span>duplicates</span>" in page


def test_report_numbers_on_synthetic_output(synthetic_output: Path) -> None:
    """Exact values known from the synthetic records."""
    page = (synthetic_output / "report.html").read_text(encoding="utf-8")
    # Rules: share-row removed 3 times (3 x 17 chars) in 2 documents, first in the table.
    rules = re.search(r'<section id="rules">.*?</section>', page, flags=re.S).group(0)
    rows = re.findall(
        r"<tr><td>([a-z-]+)</td><td>[^<]*</td><td class=\"n\">([\d,]+)</td>"
        r"<td class=\"n\">([\d,]+)</td><td class=\"n\">([\d,]+)</td>",
        rules,
    )
    assert rows == [
        ("share-row", "3", "51", "2"),
        ("cookie-banner", "2", "52", "2"),
        ("newsletter-promo", "1", "25", "1"),
    ]
    # Months: Dec 2023 (2), Jan 2024 (2), Feb 2024 (0, not in table), Mar 2024 (1); 2 undated.
    months = re.search(r'<section id="months">.*?</section>', page, flags=re.S).group(0)
    assert re.findall(r"<tr><td>(\d{4}-\d\d)</td><td class=\"n\">(\d+)</td>", months) == [
        ("2023-12", "2"),
        ("2024-01", "2"),
        ("2024-03", "1"),
    ]
    assert "2 documents have no publication date" in months
    # Coverage: title 6/7, authors 6/7, date 5/7, url 5/7, language 7/7.
    coverage = re.search(r'<section id="coverage">.*?</section>', page, flags=re.S).group(0)
    found = dict(re.findall(r"<tr><td>([a-z]+)</td><td class=\"n\">\d+</td><td class=\"n\">([\d.]+%)</td>", coverage))
    assert found["title"] == "85.7%" and found["authors"] == "85.7%" and found["date"] == "71.4%"
    assert found["url"] == "71.4%" and found["language"] == "100.0%"
    # Quarantine: decode/binary, decode/empty, validate/schema, one each.
    quarantine = re.search(r'<section id="quarantine">.*?</section>', page, flags=re.S).group(0)
    assert len(re.findall(r"<tr><td>(decode|validate)</td>", quarantine)) == 3
    # Duplicates: doc007 duplicates doc001.
    duplicates = re.search(r'<section id="duplicates">.*?</section>', page, flags=re.S).group(0)
    assert "<td>doc007</td><td>doc001</td>" in duplicates


def test_report_artifacts(synthetic_output: Path) -> None:
    stats = collect_stats(synthetic_output)
    rows, markdown = report_artifacts(stats)
    values = {row["metric"]: row["value"] for row in rows}
    assert values["documents"] == parquet_rows(synthetic_output, "documents") == 7
    assert values["quarantined"] == 3 and values["duplicates"] == 1
    assert values["coverage: date"] == "71.4%"
    assert "| share-row | 3 | 51 |" in markdown
    assert "| village-news/broken.bin | — | decode | binary | looks like a binary file |" in markdown
    json.dumps(rows)  # plain data for Prefect's table artifact


def _section(page: str, name: str) -> str:
    match = re.search(rf'<section id="{name}">.*?</section>', page, flags=re.S)
    assert match, f"section {name} missing"
    return match.group(0)


def _row(*cells: str) -> str:
    """An HTML table row: a plain first cell, then numeric cells."""
    return f"<tr><td>{cells[0]}</td>" + "".join(f'<td class="n">{cell}</td>' for cell in cells[1:])


def test_report_answers_a_maintainers_questions(synthetic_output: Path) -> None:
    """Per-source table, rejected inputs, refresh history, encodings, rule examples, outliers: exact values."""
    page = (synthetic_output / "report.html").read_text(encoding="utf-8")
    # Per source: documents, words, title/date/authors coverage, removals, characters removed, duplicates, rejects.
    sources = _section(page, "sources")
    assert _row("calder-post", "4", "64", "100%", "75%", "100%", "4", "77", "1", "1") in sources
    assert _row("village-news", "2", "32", "50%", "100%", "50%", "1", "26", "0", "1") in sources
    assert _row("riverside-blog", "1", "300", "100%", "0%", "100%", "1", "25", "0", "1") in sources
    # Every rejected input with its reason and detail (the whole file when part is null).
    quarantine = _section(page, "quarantine")
    assert "<h3>3 quarantined inputs or documents</h3>" in quarantine
    assert (
        "<tr><td>village-news/broken.bin</td><td>whole file</td><td>decode</td><td>binary</td>"
        '<td class="t">looks like a binary file</td></tr>'
    ) in quarantine
    assert "<tr><td>riverside-blog/008.txt</td><td>1</td><td>validate</td><td>schema</td>" in quarantine
    assert "&#x27;body&#x27; is too short" in quarantine  # escaped
    assert "more quarantined" not in quarantine
    # Refresh history from the manifest, newest first.
    refresh = _section(page, "refresh")
    runs = re.findall(r"<tr><td>(\d{8}T\d{6}Z-[a-z]+)</td>", refresh)
    assert runs == ["20240501T100000Z-synthetic", "20240401T090000Z-first"]
    assert (
        "<td>incremental</td>" + "".join(f'<td class="n">{v}</td>' for v in ("3", "1", "2", "1", "6", "+2 −3", "1.0"))
    ) in refresh
    assert "The last 2 runs" in refresh
    # Encodings: one cp1252 document with 2 undecodable characters.
    encodings = _section(page, "encodings")
    assert _row("utf-8", "6", "0", "0") in encodings and _row("cp1252", "1", "1", "2") in encodings
    assert "1 document holds undecodable bytes (2 characters replaced" in encodings
    # What each rule removed: examples with the file they came from.
    rules = _section(page, "rules")
    assert '<tr><td>share-row</td><td class="t">Share on Facebook</td><td>calder-post/001.txt</td></tr>' in rules
    assert '<td class="t">We use cookies. Accept all</td>' in rules
    # Outliers: the 300-word article is the longest; 6 documents have fewer than 50 words.
    outliers = _section(page, "outliers")
    longest = re.search(r"<h3>Longest bodies</h3>.*?<tbody><tr><td>(\w+)</td>", outliers, flags=re.S)
    assert longest and longest.group(1) == "doc004"
    assert "6 documents have fewer than 50 words; 0 documents have more than 12 characters per word" in outliers
    # Plurals.
    assert "1 document is a near-duplicate of another document" in _section(page, "duplicates")
    assert not re.search(r"(?<![\d,])1 (documents|inputs|runs)\b", page)


def _craft_batch(records: list[dict[str, Any]]) -> pa.RecordBatch:
    return documents_table(records).combine_chunks().to_batches()[0]


def test_report_caps_long_lists_and_escapes_what_it_quotes() -> None:
    hostile = "<img src=x onerror=alert(1)> & <script>alert(2)</script>"
    removed = [{"rule": "share-row", "text": f"{hostile} {n}"} for n in range(MAX_RULE_SAMPLES + 2)]
    accumulator = StatsAccumulator()
    rejects = [
        {"source_file": f"calder-post/bad-{n:03d}.txt", "part": None, "stage": "decode", "reason": "binary", "detail": hostile}
        for n in range(MAX_REJECT_EXAMPLES + 7)
    ]
    for batch in rejects_table(rejects).to_batches(max_chunksize=10):
        accumulator.add_rejects(batch)
    accumulator.add_documents(_craft_batch([_record(1, "calder-post", removed=removed)]))
    stats = accumulator.result()
    assert len(stats["rule_samples"]["share-row"]) == MAX_RULE_SAMPLES
    assert len(stats["rejected"]["examples"]) == MAX_REJECT_EXAMPLES
    # Rejected files without documents and without a state count as "(unknown)" source.
    assert {s["source"]: s["rejects"] for s in stats["sources"]} == {"calder-post": 0, "(unknown)": MAX_REJECT_EXAMPLES + 7}
    page = build_report_html(dataset_meta({"run_id": "x"}, stats), stats)
    assert "… and 7 more quarantined inputs or documents (the first 50 are listed)." in page
    assert "<img" not in page and "<script" not in page.lower()
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;" in page


def test_outliers_catch_a_megabyte_body_of_one_word() -> None:
    blob = "x" * 1_000_000
    records = [
        _record(1, "calder-post"),
        _record(2, "calder-post", sections=[{"heading": None, "paragraphs": [blob]}]),
        _record(3, "village-news", sections=[{"heading": None, "paragraphs": [" ".join(["word"] * 80)]}]),
    ]
    assert records[1]["word_count"] == 1
    one, many = StatsAccumulator(), StatsAccumulator()
    one.add_documents(_craft_batch(records))
    for batch in documents_table(records).to_batches(max_chunksize=1):
        many.add_documents(batch)
    assert one.result() == many.result()
    outliers = one.result()["outliers"]
    assert outliers["longest"][0]["doc_id"] == "doc002" and outliers["longest"][0]["characters"] == 1_000_000
    assert outliers["dense"][0] == {**outliers["longest"][0], "chars_per_word": 1_000_000.0}
    assert outliers["fewest_words"][0]["doc_id"] == "doc002"
    assert outliers["dense_count"] == 1 and outliers["few_words"] == 2  # doc001 (16 words) and doc002
    page = build_report_html(dataset_meta({"run_id": "x"}, one.result()), one.result())
    assert "1 document has more than 12 characters per word" in page
    assert '<td class="n">1,000,000</td><td class="n">1,000,000.0</td>' in _section(page, "outliers")


# ====================================================================== interface (contract 1.1)
def test_card_yaml_is_written_by_a_yaml_library(published: Path) -> None:
    from huggingface_hub import DatasetCard

    text = (published / "README.md").read_text(encoding="utf-8")
    header, _ = front_matter(text)
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    stats = collect_stats(published)
    tables = table_specs(published, manifest, load_document_schema(published))
    assert header == card_header(dataset_meta(manifest, stats), stats["documents"], tables)
    assert DatasetCard(text).data.to_dict() == header


def test_card_yaml_survives_awkward_names(synthetic_output: Path) -> None:
    from huggingface_hub import DatasetCard

    stats = collect_stats(synthetic_output)
    awkward = 'Harbour: "news" # 2024 — été\n- not a list'
    meta = dataset_meta({"run_id": "x", "dataset": {"pretty_name": awkward}}, stats)
    card = build_card(meta, stats, [])
    header, _ = front_matter(card)
    assert header["pretty_name"] == awkward
    assert DatasetCard(card).data.pretty_name == awkward


def test_deprecated_names_are_still_written(published: Path) -> None:
    paragraphs = read_table(published, "paragraphs")
    assert {"section", "section_index", "index"} <= set(paragraphs.column_names)
    assert paragraphs["section"].to_pylist() == paragraphs["section_index"].to_pylist()
    documents = read_table(published, "documents", ["doc_id", "section", "sections"])
    # section_index points into documents.sections
    sizes = {row["doc_id"]: len(row["sections"]) for row in documents.to_pylist()}
    assert all(i < sizes[d] for d, i in zip(paragraphs["doc_id"].to_pylist(), paragraphs["section_index"].to_pylist(), strict=True))
    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "paragraphs" for f in r["schema"]["fields"]}
    assert "Deprecated" in fields["section"]["description"] and "section_index" in fields
    croissant = json.loads((published / "croissant.json").read_text(encoding="utf-8"))
    names = [f["name"] for rs in croissant["recordSet"] if rs["@id"] == "paragraphs" for f in rs["field"]]
    assert "section" in names and "section_index" in names
    _, body = front_matter((published / "README.md").read_text(encoding="utf-8"))
    assert "`paragraphs.section` (use `paragraphs.section_index`, since 1.1.0)" in section_text(body, "Fields")


def test_contract_version_and_doc_id_are_described_truthfully() -> None:
    from flows.clean.export import DOCUMENT_SCHEMA, PARAGRAPH_SCHEMA
    from flows.clean.pipeline import doc_id
    from flows.store.writer import SCHEMA_VERSION

    schema = load_document_schema()
    assert schema is not None
    assert schema["$id"].endswith(f"/{SCHEMA_VERSION}") and SCHEMA_VERSION in schema["description"]
    for arrow in (DOCUMENT_SCHEMA, PARAGRAPH_SCHEMA):
        assert arrow.metadata[b"docmill.schema_version"].decode() == SCHEMA_VERSION
    assert SCHEMA_VERSION.startswith("1.")  # additions only: readers of 1.0 keep working
    identifier = doc_id("a/b.txt", 0)
    assert re.fullmatch(schema["properties"]["doc_id"]["pattern"], identifier)
    assert "32" in schema["properties"]["doc_id"]["description"] and len(identifier) == 32


def test_list_publications_adds_and_replaces_entries(synthetic_output: Path) -> None:
    manifest = json.loads((synthetic_output / "manifest.json").read_text(encoding="utf-8"))
    stale = [*manifest["files"], {"path": "report.html", "bytes": 1, "sha256": "0" * 64}]
    files = list_publications(synthetic_output, stale, list(PUBLICATIONS))
    listed = {entry["path"]: entry for entry in files}
    assert len(listed) == len(files) and "manifest.json" not in listed
    for name in PUBLICATIONS:
        path = synthetic_output / name
        assert listed[name] == {"path": name, "bytes": path.stat().st_size, "sha256": _sha256(path)}
    assert [e["path"] for e in files] == sorted((e["path"] for e in files), key=lambda p: p.split("/"))


def test_the_pipeline_manifest_lists_every_file_but_itself(request: pytest.FixtureRequest) -> None:
    seed = _seed_output(request)
    if seed is None:
        pytest.skip("the seed_output fixture (tests/conftest.py) is not available yet")
    manifest = json.loads((seed / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {
        p.relative_to(seed).as_posix() for p in seed.rglob("*") if p.is_file() and not p.name.startswith(".")
    } - {"manifest.json"}
    assert set(listed) == on_disk
    for name in PUBLICATIONS:
        path = seed / name
        assert listed[name]["sha256"] == _sha256(path) and listed[name]["bytes"] == path.stat().st_size, name
    assert manifest["versions"]["schema"] == "1.1.0"
    assert validate_output(seed) == []


def test_validate_accepts_an_output_of_the_older_contract(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """A 1.0 output (no paragraphs.section_index) still validates: the contract only adds."""
    seed = _seed_output(request)
    if seed is None:
        pytest.skip("the seed_output fixture (tests/conftest.py) is not available yet")
    out = tmp_path / "out"
    shutil.copytree(seed, out)
    for path in parquet_paths(out, "paragraphs"):
        pq.write_table(pq.read_table(path).drop_columns(["section_index"]), path)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        path = out / entry["path"]
        entry.update(bytes=path.stat().st_size, sha256=_sha256(path))
    manifest["versions"]["schema"] = "1.0.0"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert validate_output(out) == []
    manifest["versions"]["schema"] = "1.1.0"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert any("section_index" in problem for problem in validate_output(out))


# ====================================================================== Chromium
def _png_pixels(path: Path):  # type: ignore[no-untyped-def]
    """The pixels of an 8-bit RGB(A), non-interlaced PNG as a uint8 array (height, width, channels).

    A small decoder (zlib and numpy) so the test needs no imaging library. Each byte is
    predicted from its left, upper and upper-left neighbours, by the row's filter type;
    the pixels of one anti-diagonal depend only on earlier ones, so they are decoded
    together.
    """
    import struct
    import zlib

    import numpy as np

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), np.uint8).reshape(height, 1 + width * channels)
    filters = raw[:, 0]
    filtered = raw[:, 1:].reshape(height, width, channels).astype(np.int16)
    out = np.zeros((height + 1, width + 1, channels), np.int16)  # a zero row above, a zero column left
    every_row = np.arange(height)
    for diagonal in range(height + width - 1):
        rows = every_row[max(0, diagonal - width + 1) : min(height, diagonal + 1)]
        columns = diagonal - rows
        a, b, c = out[rows + 1, columns], out[rows, columns + 1], out[rows, columns]
        p = a + b - c
        pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
        paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        row_filter = filters[rows][:, None]
        predicted = np.select([row_filter == 1, row_filter == 2, row_filter == 3, row_filter == 4], [a, b, (a + b) // 2, paeth], 0)
        out[rows + 1, columns + 1] = (filtered[rows, columns] + predicted) & 255
    return out[1:, 1:].astype(np.uint8)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_report_renders_in_headless_chromium(published: Path, tmp_path: Path) -> None:
    import numpy as np

    png = tmp_path / "report.png"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={png}",
        "--window-size=1200,2000",
        (published / "report.html").resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0 and png.is_file(), done.stderr[-2000:]
    assert png.stat().st_size > 30_000
    pixels = _png_pixels(png)
    assert pixels.shape[:2] == (2000, 1200)
    rgb = pixels[..., :3].reshape(-1, 3)
    colours = np.unique(rgb[::7], axis=0)
    assert len(colours) > 50, "the page rendered as (nearly) a single colour"
    not_white = np.any(rgb < 235, axis=1).mean()
    assert not_white > 0.02, f"only {not_white:.1%} of the page has ink"
    # The chart bars (palette blue #3b6ea8) are on the page.
    blue = np.all(np.abs(rgb.astype(int) - [0x3B, 0x6E, 0xA8]) < 12, axis=1).sum()
    assert blue > 2_000, "no chart bars visible"


# ====================================================================== stats unit tests
def test_histogram_and_quantiles() -> None:
    counts = {0: 1, 5: 2, 120: 1, 999: 1}
    bins = histogram(counts, max_bins=10)
    assert sum(b["documents"] for b in bins) == 5
    assert all(b["hi"] - b["lo"] == 100 for b in bins)
    assert bins[0] == {"lo": 0, "hi": 100, "documents": 3}
    assert quantile(counts, 0.5) == 5 and quantile(counts, 1.0) == 999 and quantile({}, 0.5) is None


def test_stats_do_not_depend_on_batching(synthetic_output: Path) -> None:
    table = read_table(synthetic_output, "documents")
    one = StatsAccumulator()
    one.add_documents(table.combine_chunks().to_batches()[0])
    many = StatsAccumulator()
    for batch in table.to_batches(max_chunksize=1):
        many.add_documents(batch)
    assert one.result() == many.result()
    result = one.result()
    assert result["documents"] == 7
    assert [s["source"] for s in result["sources"]] == ["calder-post", "village-news", "riverside-blog"]
    assert result["sources"][0]["licences"] == ["CC-BY-4.0"]
    assert result["duplicates"]["count"] == 1


def test_stats_read_only_what_they_need(synthetic_output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.store.publish as publish

    seen: list[list[str] | None] = []
    real = pq.ParquetFile.iter_batches

    def spy(self: pq.ParquetFile, *args: Any, **kwargs: Any) -> Iterator[pa.RecordBatch]:
        seen.append(kwargs.get("columns"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    publish.collect_stats(synthetic_output)
    # body is read for its length (outliers); the nested columns never are.
    assert seen and all(columns is not None and "sections" not in columns and "links" not in columns for columns in seen)
