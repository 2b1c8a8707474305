"""Rich Text Format read as markdown: text, escapes and breaks kept; tables, pictures,
fields' instructions and other destinations skipped. Synthetic documents only."""

from __future__ import annotations

from typing import Any

from flows.clean.pipeline import process_file
from flows.clean.rtf import unpack_rtf
from flows.model import RawFile

STORY = ("The harbour committee voted on Tuesday to repair the slipway before the summer, a plan that had "
         "waited for money since the winter storms. Boat owners said the work could not come soon enough.")

WORDPAD = (
    r"{\rtf1\ansi\ansicpg1252\deff0\nouicompat{\fonttbl{\f0\fnil\fcharset0 Calibri;}}"
    r"{\colortbl ;\red0\green0\blue255;}{\*\generator Riched20 10.0.19041}"
    r"{\info{\title Slipway Repair Approved}{\author Jane Roe}{\operator Office PC}{\company Bay Courier}"
    r"{\creatim\yr2024\mo3\dy5\hr9\min30}}"
    "\n" r"\viewkind4\uc1\pard\sa200\sl276\slmult1\b\f0\fs28 Slipway Repair Approved\b0\fs22\par" "\n"
    r"Caf\'e9 owners on the quay \u8212? and boat owners \endash  welcomed it.\par" "\n"
    + STORY + r"\par" "\n"
    r'{\field{\*\fldinst{HYPERLINK "https://harbour.example/plan"}}{\fldrslt{\ul\cf1 The plan}}} is online.\par' "\n"
    r"{\pict\pngblip\picw10\pich10 89504e470d0a1a0a0000000d49484452}"
    r"\trowd\cellx2000\cellx4000 Cost\cell 41,000 EUR\cell\row" "\n"
    + STORY.replace("slipway", "jetty") + r"\par}")


def test_a_wordpad_document_gives_its_text_and_properties() -> None:
    text = unpack_rtf(WORDPAD.encode("ascii"))
    assert text is not None
    assert 'file_title: "Slipway Repair Approved"' in text and 'file_author: "Jane Roe"' in text
    assert 'file_date: "2024-03-05"' in text
    assert "Café owners on the quay — and boat owners – welcomed it." in text
    assert "The plan is online." in text and "HYPERLINK" not in text
    assert "Cost | 41,000 EUR" in text
    for junk in ("Calibri", "Riched20", "Office PC", "Bay Courier", "89504e47", "pngblip"):
        assert junk not in text


def test_an_rtf_file_becomes_a_document(config: Any) -> None:
    result = process_file(RawFile("slipway.rtf", WORDPAD.encode("ascii")), config)
    assert not result.rejections
    [doc] = result.documents
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == ("Slipway Repair Approved", ["Jane Roe"], "2024-03-05")
    assert STORY in doc["body"]


def test_what_an_rtf_shows_beats_its_info_group(config: Any) -> None:
    """The ``{\\info}`` group is the programme's: its title a label, its author the account
    ('Windows User', nobody's name), its day the file's. The document's own headline and
    date line win; an account name is no author even when nothing else names one."""
    rtf = WORDPAD.replace(r"{\title Slipway Repair Approved}{\author Jane Roe}", r"{\title Press note}{\author Windows User}")
    rtf = rtf.replace(r"Slipway Repair Approved\b0\fs22\par", r"Slipway Repair Approved\b0\fs22\par 7 March 2024\par")
    [doc] = process_file(RawFile("slipway.rtf", rtf.encode("ascii")), config).documents
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == ("Slipway Repair Approved", [], "2024-03-07")


def test_what_is_no_rtf_is_left_alone() -> None:
    assert unpack_rtf(b"Just text about {braces} and \\rtf") is None


def test_escapes_are_read_in_the_documents_code_page() -> None:
    """Two escapes make one character in a double-byte code page; cp1251 reads Cyrillic."""
    japanese = unpack_rtf(b"{\\rtf1\\ansi\\ansicpg932 \\'93\\'8c\\'8b\\'9e\\par}")
    russian = unpack_rtf(b"{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2\\par}")
    assert japanese is not None and "東京" in japanese
    assert russian is not None and "Привет" in russian
