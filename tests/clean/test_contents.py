"""A table of contents goes; the section headings it lists stay. Invented documents only."""

from __future__ import annotations

from typing import Any

from flows.clean.pipeline import process_file
from flows.model import RawFile

SECTIONS = ("Where the harbour wall stands", "What the winter storms did", "What the repairs will cost")
PROSE = ("The council met on Tuesday evening to discuss the repairs to the harbour wall, which has been closed to "
         "walkers since the winter storms damaged its northern end. Engineers said the stone facing could be saved.")


def document(config: Any, text: str, name: str = "report.md") -> dict[str, Any]:
    result = process_file(RawFile(name, text.encode("utf-8")), config)
    assert len(result.documents) == 1, result.rejections
    return result.documents[0]


def sections(marker: str = "## ") -> str:
    return "".join(f"{marker}{heading}\n\n{PROSE}\n\n{PROSE}\n\n" for heading in SECTIONS)


def test_a_table_of_contents_goes_and_the_headings_stay(config: Any) -> None:
    toc = "Table of contents\n" + "\n".join(f"{i}. {h} ........ {i + 2}" for i, h in enumerate(SECTIONS, 1))
    doc = document(config, "# Harbour report\n\n" + toc + "\n\n" + PROSE + "\n\n" + sections())
    assert [s["heading"] for s in doc["sections"] if s["heading"]] == list(SECTIONS)
    assert "Table of contents" not in doc["body"] and "........" not in doc["body"]
    assert any(r["rule"] == "table-of-contents" for r in doc["removed"])


def test_a_list_whose_items_do_not_come_back_stays(config: Any) -> None:
    items = "\n".join(["- the stone facing", "- the inner core", "- the northern steps", "- the railings"])
    doc = document(config, "# Harbour report\n\n" + PROSE + "\n\n" + items + "\n\n" + sections())
    assert "the northern steps" in doc["body"]
    assert not any(r["rule"] == "table-of-contents" for r in doc["removed"])
