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


def test_teasers_with_their_dates_under_a_saved_web_pages_article_are_no_articles(config: Any) -> None:
    """On a saved web page, titled and dated teasers of other articles under the story (a
    'More news' block) do not cut it into documents: the page's title names one article."""
    ferry = ("The ferry company will add a late boat on Saturdays from May, after islanders asked for a way home "
             "from evening concerts in town, and the summer timetable will keep the early crossing for the market "
             "traders who sell fish on the quay before the shops open.\n")
    teasers = "".join(f"## {title}\n\n{day}\n\n{body}\n" for title, day, body in [
        ("Library Opens on Sundays", "6 March 2024", OTHER), ("Ferry Timetable for the Summer", "7 March 2024", ferry)])
    text = ("Harbour Committee Backs Slip Repair | The Bay Courier\n\n* [Home](/)\n* [News](/news/)\n\n"
            "# Harbour Committee Backs Slip Repair\n\n5 March 2024\n\n" + PROSE + "\n" + PROSE
            + "\n### More news\n\n" + teasers)
    docs = documents(config, text)
    assert len(docs) == 1
    assert docs[0]["title"] == "Harbour Committee Backs Slip Repair"
    assert docs[0]["date_published"] == dt.date(2024, 3, 5)
    bundle = documents(config, text.split("\n", 1)[1])  # no page title over it: a bundle of dated articles, cut
    assert [d["date_published"] for d in bundle] == [dt.date(2024, 3, d) for d in (5, 6, 7)]  # each its own day
