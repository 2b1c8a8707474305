"""The seed table of the cleaning issue, pinned exactly, through the pure core."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from flows.clean.pipeline import process_file
from flows.model import RawFile

RAW = Path(__file__).resolve().parent.parent / "raw"

SEEDS: list[tuple[str, int, dict[str, Any]]] = [
    ("000_d4099e1749897e4a.txt", 0, {"title": None, "subtitle": None, "authors": ["Shiraz Durrani"],
                                     "date_published": None}),
    ("001_af9b6ddbe6278279.txt", 0, {"title": "Strengthen solidarity with Palestine!", "subtitle": None,
                                     "authors": [], "date_published": dt.date(2025, 1, 20)}),
    ("002_e0b5a366e7daef11.txt", 0, {
        "title": "US imperialism is spearheading the genocide of the Palestinians, using the Zionist regime as "
                 "their battering ram",
        "subtitle": None, "authors": ["WIVL (Workers International Vanguard League)"],
        "date_published": dt.date(2023, 11, 1)}),
    ("003_20c14986f6c28657.txt", 0, {"title": "Building a global movement against genocide in Palestine",
                                     "authors": [], "date_published": dt.date(2025, 7, 13)}),
    ("003_20c14986f6c28657.txt", 1, {"title": "Vietnam: A Victory Against Imperialism – Lessons for Ukraine Solidarity",
                                     "subtitle": None, "authors": ["Duncan Chapel"], "date_published": None}),
    ("004_41700bfd0b11befa.txt", 0, {"title": "Building international solidarity with the Palestinians",
                                     "authors": [], "date_published": dt.date(2023, 12, 11),
                                     "url": "https://internationalviewpoint.org/spip.php?article8345",
                                     "publisher": "International Viewpoint", "section": "Palestine"}),
]

FORBIDDEN = ["Share", "spambots", "Copyright ©", "All rights reserved", "If you like this article", "[Donate]",
             "inc_notes_dist", "inc\\_notes\\_dist", "PS:", "available at", "](#)", "\\_", "class=", "rel=",
             "IV Online magazine", "Publication date:"]


@pytest.fixture(scope="module")
def documents(config) -> dict[tuple[str, int], dict[str, Any]]:  # type: ignore[no-untyped-def]
    docs = {}
    for path in sorted(RAW.glob("*.txt")):
        result = process_file(RawFile(path.name, path.read_bytes()), config)
        assert not result.rejections, result.rejections
        for record in result.documents:
            docs[(path.name, record["part"])] = record
    return docs


def test_six_documents(documents: dict[tuple[str, int], dict[str, Any]]) -> None:
    assert sorted(documents) == sorted((name, part) for name, part, _ in SEEDS)


@pytest.mark.parametrize(("name", "part", "expected"), SEEDS, ids=[f"{n[:3]}-{p}" for n, p, _ in SEEDS])
def test_seed_metadata(documents: dict[tuple[str, int], dict[str, Any]], name: str, part: int,
                       expected: dict[str, Any]) -> None:
    record = documents[(name, part)]
    for key, value in expected.items():
        assert record[key] == value, key
    for key in ("url", "publisher", "section"):
        if key not in expected:
            assert record[key] is None, key


def test_standfirsts(documents: dict[tuple[str, int], dict[str, Any]]) -> None:
    assert documents[("003_20c14986f6c28657.txt", 0)]["subtitle"].startswith("A global movement of solidarity has emerged")
    assert documents[("004_41700bfd0b11befa.txt", 0)]["subtitle"].startswith("Israel's offensive against Gaza has sparked")


@pytest.mark.parametrize(("name", "part", "headings"), [
    ("002_e0b5a366e7daef11.txt", 0, ["Parallels with the crushing of the Paris Commune in 1871", "The way forward"]),
    ("003_20c14986f6c28657.txt", 0, ["Resistance in the face of repression",
                                     "Palestinian resistance is a key to the global situation"]),
    ("004_41700bfd0b11befa.txt", 0, ["Mobilization at the heart of imperialism", "Worldwide mobilization"]),
])
def test_section_headings(documents: dict[tuple[str, int], dict[str, Any]], name: str, part: int,
                          headings: list[str]) -> None:
    found = [s["heading"] for s in documents[(name, part)]["sections"]]
    for heading in headings:
        assert heading in found


@pytest.mark.parametrize("joined", ["shut down media outlets", "at their disposal", "the United States",
                                    "direct links with workers'", "growth and radicalisation"])
def test_broken_paragraphs_are_whole(documents: dict[tuple[str, int], dict[str, Any]], joined: str) -> None:
    bodies = documents[("003_20c14986f6c28657.txt", 0)]["body"] + documents[("003_20c14986f6c28657.txt", 1)]["body"]
    assert joined in bodies


def test_link_texts_survive_and_urls_move(documents: dict[tuple[str, int], dict[str, Any]]) -> None:
    record = documents[("004_41700bfd0b11befa.txt", 0)]
    for text in ["Jewish Voices for Peace", "4,000 people marched in Shibuya (Tokyo district)", "and Egypt, in"]:
        assert text in record["body"]
    assert any("lemonde.fr" in link for link in record["links"])


@pytest.mark.parametrize("forbidden", FORBIDDEN)
def test_no_boilerplate_survives(documents: dict[tuple[str, int], dict[str, Any]], forbidden: str) -> None:
    for record in documents.values():
        assert forbidden not in record["body"], record["source_file"]


def test_no_markdown_syntax_and_single_title(documents: dict[tuple[str, int], dict[str, Any]]) -> None:
    for record in documents.values():
        assert not re.search(r"^#|\*", record["body"], re.MULTILINE), record["source_file"]
        if record["title"]:
            assert record["title"] not in record["body"]


def test_metadata_lines_leave_the_body(documents: dict[tuple[str, int], dict[str, Any]]) -> None:
    assert "Duncan Chapel" not in documents[("003_20c14986f6c28657.txt", 1)]["body"]
    assert "1 November 2023" not in documents[("002_e0b5a366e7daef11.txt", 0)]["body"]
    assert "WIVL" not in documents[("002_e0b5a366e7daef11.txt", 0)]["body"]
    assert "13 July 2025" not in documents[("003_20c14986f6c28657.txt", 0)]["body"]
    assert "January 20, 2025" not in documents[("001_af9b6ddbe6278279.txt", 0)]["body"]
    assert "Shiraz Durrani is a Kenyan" not in documents[("000_d4099e1749897e4a.txt", 0)]["body"]
    assert documents[("000_d4099e1749897e4a.txt", 0)]["author_bio"].startswith("Shiraz Durrani is a Kenyan")


def test_every_removal_is_named(documents: dict[tuple[str, int], dict[str, Any]]) -> None:
    rules = {r["rule"] for record in documents.values() for r in record["removed"]}
    assert {"share-row", "spam-protection-notice", "copyright-line", "donation-appeal", "template-identifier",
            "duplicate-title", "dangling-fragment"} <= rules
