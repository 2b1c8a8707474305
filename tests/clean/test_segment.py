"""Article split: a saved web page stays one article; a bundle of articles is cut at its separators.

Every text here is invented.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flows.clean.pipeline import process_file
from flows.model import RawFile

PROSE = (
    "The harbour committee met on Tuesday evening to settle the future of the old ferry slip, which has been "
    "closed to boats since the winter storms damaged its lower steps and loosened the stones along its edge. "
    "Members agreed to repair the slip before the summer season and to ask the county for help with the cost.\n"
)
OTHER = (
    "The county library will open on Sundays from next month, after volunteers offered to staff the reading "
    "room and the children's corner, and the council agreed to pay for the heating and the extra cleaning. "
    "Readers have asked for longer hours for years, and the first Sunday will bring a storytelling morning.\n"
)


def documents(config: Any, text: str, name: str = "page.md") -> list[dict[str, Any]]:
    result = process_file(RawFile(name, text.encode("utf-8")), config)
    return sorted(result.documents, key=lambda d: d["part"])


def test_a_saved_web_page_is_one_article_whatever_separators_its_chrome_holds(config: Any) -> None:
    text = ("Harbour Committee Backs Slip Repair | The Bay Courier\n\n* [Home](/)\n* [News](/news/)\n\n---\n\n"
            "Share this story\n\n# Harbour Committee Backs Slip Repair\n\n---\n\n"
            "Posted on 5 March 2024 by Jane Roe\n\n" + PROSE + "\n" + PROSE + "\n---\n\n"
            "## Ferry Timetable for the Summer\n\n" + OTHER)
    docs = documents(config, text)
    assert len(docs) == 1
    assert docs[0]["title"] == "Harbour Committee Backs Slip Repair"
    assert docs[0]["authors"] == ["Jane Roe"]
    assert docs[0]["date_published"] == dt.date(2024, 3, 5)


def test_articles_bundled_in_one_file_are_cut_at_their_separators(config: Any) -> None:
    text = ("# Harbour Committee Backs Slip Repair\n\nBy Jane Roe | 5 March 2024\n\n" + PROSE + "\n" + PROSE
            + "\n---\n\n# Library Opens on Sundays\n\nBy John Doe | 6 March 2024\n\n" + OTHER + "\n" + OTHER)
    docs = documents(config, text)
    assert [d["title"] for d in docs] == ["Harbour Committee Backs Slip Repair", "Library Opens on Sundays"]
    assert [d["authors"] for d in docs] == [["Jane Roe"], ["John Doe"]]


def test_a_mail_digest_whose_sender_names_a_later_line_is_still_cut(config: Any) -> None:
    text = ("From: Bay Courier Weekly <news@courier.example>\n\nBay Courier Weekly issue\n\n---\n\n"
            "# Harbour Committee Backs Slip Repair\n\n" + PROSE + "\n" + PROSE
            + "\n---\n\n# Library Opens on Sundays\n\n" + OTHER + "\n" + OTHER)
    titles = [d["title"] for d in documents(config, text, "digest.txt")]
    assert "Harbour Committee Backs Slip Repair" in titles and "Library Opens on Sundays" in titles
