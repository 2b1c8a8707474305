"""The source catalogue raw/sources.toml: schema, clear errors, which source owns a file, metadata precedence."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
import pytest

from flows.clean.pipeline import process_file
from flows.cli import main
from flows.config import PipelineConfig
from flows.errors import RuleError
from flows.model import RawFile
from flows.store.config import load_catalogue, load_config, load_schema, locate
from flows.store.rawstore import source_of

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Plain words in a sentence about the harbour wall repairs that goes on. " * 12

GOOD = """\
version = 1

[source.harbour-news]
paths = ["harbour/"]
publisher = "Harbour News"
homepage = "https://harbour.example"
language = "en"
licence = "CC-BY-4.0"
section = "Local"
date_order = "DMY"
date_languages = ["fr"]
overrides."harbour/fixed.txt" = { title = "Corrected title", date_published = 2024-03-05 }

[source.harbour-news.rules]
disable = ["page-number"]

[[source.harbour-news.rules.extra]]
name = "harbour-promo"
kind = "line"
class = "prompt"
description = "app promo"
pattern = '(?i)^get the harbour app$'
examples = ["Get the Harbour app"]

[source.archive]
paths = ["old/**/*.html", "misc/2019-*.txt"]

[schedule]
cron = "0 3 * * *"
"""


def write_catalogue(raw: Path, text: str) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    path = raw / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema("sources.schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_a_full_catalogue_loads(tmp_path: Path) -> None:
    write_catalogue(tmp_path, GOOD)
    catalogue = load_catalogue(tmp_path)
    news = catalogue.sources["harbour-news"]
    assert news.paths == ("harbour/",)
    assert (news.publisher, news.homepage, news.language, news.licence, news.section) == (
        "Harbour News", "https://harbour.example", "en", "CC-BY-4.0", "Local")
    assert news.date_order == "DMY" and news.date_languages == ("fr",)
    assert news.rules_disable == ("page-number",) and news.rules_extra[0]["name"] == "harbour-promo"
    assert news.overrides["harbour/fixed.txt"] == {"title": "Corrected title", "date_published": dt.date(2024, 3, 5)}
    assert catalogue.schedule.cron == "0 3 * * *"
    assert load_catalogue(tmp_path / "nowhere").sources == {}


@pytest.mark.parametrize(("rel", "source"), [
    ("harbour/a.txt", "harbour-news"),
    ("harbour/deep/b.md", "harbour-news"),
    ("harbourside/a.txt", "harbourside"),  # a folder name is not a prefix of another folder's
    ("old/2019/05/page.html", "archive"),
    ("old/page.html", "archive"),
    ("old/page.txt", "old"),
    ("misc/2019-01.txt", "archive"),
    ("misc/2020-01.txt", "misc"),
    ("top.txt", "default"),
])
def test_which_source_owns_a_file(tmp_path: Path, rel: str, source: str) -> None:
    write_catalogue(tmp_path, GOOD)
    catalogue = {name: s.paths for name, s in load_catalogue(tmp_path).sources.items()}
    assert source_of(rel, catalogue) == source


BAD = [
    ('[source.x]\npaths = ["x/"]\nlanguage = "english"\n', 3, "source.x.language", "ISO 639-1"),
    ('[source.x]\npaths = ["x/"]\npublsher = "typo"\n', 3, "source.x.publsher", "'publsher' was unexpected"),
    ('[source.x]\npublisher = "P"\n', 1, "source.x", "'paths' is a required property"),
    ('[source.x]\npaths = "x/"\n', 2, "source.x.paths", "is not of type 'array'"),
    ('[source.x]\npaths = ["x/"]\n[source.x.rules]\ndisable = ["no-such-rule"]\n', 4, "", "unknown rule(s) 'no-such-rule'"),
    ('[source.x]\npaths = ["x/"]\n\n[source.x.rules]\nextra = [{ name = "r", kind = "lines", description = "d" }]\n',
     5, "source.x.rules.extra[0].kind", "is not one of"),
    ('[source.x]\npaths = ["x/"]\noverrides."x/a.txt" = { titel = "T" }\n', 3, "", "'titel' was unexpected"),
    ('[source.x]\npaths = ["x/"]\noverrides."x/a.txt" = { date_published = "2024-02-30" }\n', 3, "", "not a calendar date"),
    ('[source.x]\npaths = ["../x"]\n', 2, "", "outside the raw folder"),
    ('[source.x]\npaths = ["/etc/"]\n', 2, "", "outside the raw folder"),
    ('[source."bad name"]\npaths = ["x/"]\n', 1, "", "does not match"),
    ('[schedule]\ncron = "daily"\n', 2, "schedule.cron", "five-field cron"),
    ('[source.x]\npaths = ["x/"]\nlanguage = en\n', 3, "", "Invalid value"),
]


@pytest.mark.parametrize(("text", "line", "where", "what"), BAD, ids=[b[3][:30] for b in BAD])
def test_errors_name_file_line_and_problem(tmp_path: Path, text: str, line: int, where: str, what: str) -> None:
    path = write_catalogue(tmp_path, text)
    with pytest.raises(RuleError) as caught:
        load_catalogue(tmp_path)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {line}" in message
    assert where in message
    assert what in message


def test_locate_finds_keys_in_tables_inline_tables_and_dotted_keys() -> None:
    text = GOOD
    lines = text.splitlines()
    assert lines[locate(text, ["source", "harbour-news", "language"]) - 1].startswith("language")  # type: ignore[operator]
    assert lines[locate(text, ["source", "harbour-news", "rules", "extra", 0, "pattern"]) - 1].strip().startswith("pattern")  # type: ignore[operator]
    assert lines[locate(text, ["source", "harbour-news", "overrides", "harbour/fixed.txt", "date_published"]) - 1].startswith("overrides")  # type: ignore[operator]
    assert lines[locate(text, ["schedule", "cron"]) - 1].startswith("cron")  # type: ignore[operator]


def test_a_path_through_a_symlink_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (tmp_path / "elsewhere").mkdir()
    raw.mkdir()
    os.symlink(tmp_path / "elsewhere", raw / "linked")
    write_catalogue(raw, '[source.x]\npaths = ["linked/news/*.txt"]\n')
    with pytest.raises(RuleError, match=r"line 2: source 'x': path 'linked/news/\*.txt' goes through the symbolic link 'linked'"):
        load_catalogue(raw)


def test_a_symlinked_catalogue_is_refused(tmp_path: Path) -> None:
    real = write_catalogue(tmp_path / "real", GOOD)
    (tmp_path / "raw").mkdir()
    os.symlink(real, tmp_path / "raw" / "sources.toml")
    with pytest.raises(RuleError, match="symbolic link"):
        load_catalogue(tmp_path / "raw")


def test_cli_reports_a_bad_catalogue_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    (raw / "x").mkdir(parents=True)
    (raw / "x" / "a.txt").write_text(ARTICLE)
    write_catalogue(raw, '[source.x]\npaths = ["x/"]\nlanguage = "EN"\n')
    assert main(["run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "sources.toml" in err and "line 3" in err and "language" in err and "Traceback" not in err


# ---------------------------------------------------------------- metadata precedence
def _config(tmp_path: Path, catalogue: str) -> PipelineConfig:
    write_catalogue(tmp_path, catalogue)
    return load_config(tmp_path)


def test_catalogue_fills_empty_fields_but_never_overrides_the_text(tmp_path: Path) -> None:
    config = _config(tmp_path, GOOD)
    stated = ("Harbour wall repaired\n\nPublisher: The Coast Gazette\nSection: Weather\n\n" + ARTICLE).encode()
    silent = ("Harbour wall repaired\n\n" + ARTICLE).encode()
    doc_stated = process_file(RawFile("harbour/a.txt", stated, "harbour-news"), config).documents[0]
    doc_silent = process_file(RawFile("harbour/b.txt", silent, "harbour-news"), config).documents[0]
    assert (doc_stated["publisher"], doc_stated["section"]) == ("The Coast Gazette", "Weather")
    assert (doc_silent["publisher"], doc_silent["section"]) == ("Harbour News", "Local")
    for doc in (doc_stated, doc_silent):
        assert (doc["source"], doc["licence"], doc["language"]) == ("harbour-news", "CC-BY-4.0", "en")


def test_the_page_language_beats_the_catalogue(tmp_path: Path) -> None:
    config = _config(tmp_path, GOOD)
    page = ('<html lang="fr"><head><title>Le quai</title></head><body><article><h1>Le quai</h1>'
            + "<p>Le conseil municipal a voté la rénovation complète du quai nord cette semaine.</p>" * 6
            + "</article></body></html>")
    doc = process_file(RawFile("harbour/page.html", page.encode(), "harbour-news"), config).documents[0]
    assert doc["language"] == "fr"


def test_an_override_beats_the_text(tmp_path: Path) -> None:
    config = _config(tmp_path, GOOD)
    text = ("Original headline\n\nPublished: 1 January 2020\n\n" + ARTICLE).encode()
    doc = process_file(RawFile("harbour/fixed.txt", text, "harbour-news"), config).documents[0]
    assert doc["title"] == "Corrected title"
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_source_rules_apply_to_their_source_only(tmp_path: Path) -> None:
    config = _config(tmp_path, GOOD)
    text = ("Harbour wall repaired\n\n" + ARTICLE + "\n\nGet the Harbour app\n").encode()
    own = process_file(RawFile("harbour/a.txt", text, "harbour-news"), config).documents[0]
    other = process_file(RawFile("misc/a.txt", text, "misc"), config).documents[0]
    assert {"rule": "harbour-promo", "text": "Get the Harbour app"} in own["removed"]
    assert "Get the Harbour app" in other["body"]
    assert other["source"] == "misc" and other["licence"] is None


def test_the_repository_raw_folder_has_no_catalogue() -> None:
    assert sorted(p.name for p in (ROOT / "raw").iterdir() if not p.name.startswith(".")) == [
        "000_d4099e1749897e4a.txt", "001_af9b6ddbe6278279.txt", "002_e0b5a366e7daef11.txt",
        "003_20c14986f6c28657.txt", "004_41700bfd0b11befa.txt"]
    assert json.loads((ROOT / "schemas" / "sources.schema.json").read_text())["title"] == "docmill source catalogue"


def test_the_documented_catalogue_examples_load(tmp_path: Path) -> None:
    import re

    docs = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", ROOT / "docs" / "sources.md",
                                                               ROOT / "docs" / "cleaning.md"])
    blocks = re.findall(r"```toml\n(.*?)```", docs, flags=re.S)
    catalogue = "\n".join(b for b in blocks if "[source." in b)
    write_catalogue(tmp_path, catalogue)
    sources = load_catalogue(tmp_path).sources
    assert [r["name"] for r in sources["example-news"].rules_extra] == ["content-model", "example-promo"]
    config = load_config(tmp_path)
    from flows.store.config import check_rules

    check_rules(config)
