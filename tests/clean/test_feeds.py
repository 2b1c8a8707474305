"""A feed that carries its articles' full text (RSS content:encoded, Atom content, a
WordPress export) gives those articles; a feed of links and teasers is refused.

Every feed here is invented.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest

from flows.clean.feeds import unpack_feed
from flows.clean.pipeline import process_file
from flows.model import RawFile

WALL = ("<p>The council met on Tuesday evening to discuss the repairs to the harbour wall, which has been closed to "
        "walkers since the winter storms damaged its northern end.</p><p>Engineers told the meeting that the "
        "<b>stone facing</b> could be saved, but that the core of the wall would have to be rebuilt before the "
        "autumn tides, and that the work would take most of the summer.</p>")
FERRY = ("<p>The new ferry arrived in the harbour on Wednesday morning after a two-day crossing from the yard where it "
         "was built.</p><p>The ferry company said the boat would carry twice as many bicycles as the old one and "
         "would run every hour through the summer months, with a late boat on Saturdays for the island.</p>")

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Bay Courier</title><link>https://courier.example/</link>
<item><title>Harbour wall repairs</title><link>https://courier.example/2024/03/05/wall</link>
<dc:creator><![CDATA[Jane Roe]]></dc:creator><pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate>
<description>The council met on Tuesday.</description><content:encoded><![CDATA[{WALL}]]></content:encoded></item>
<item><title>New ferry arrives</title><link>https://courier.example/2024/03/06/ferry</link>
<author>news@courier.example (Sam Reed)</author><pubDate>Wed, 06 Mar 2024 09:00:00 +0000</pubDate>
<content:encoded>{html.escape(FERRY)}</content:encoded></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>The Bay Courier</title>
<entry><title>Harbour wall repairs</title><link rel="alternate" href="https://courier.example/wall"/>
<author><name>Jane Roe</name></author><published>2024-03-05T10:00:00Z</published>
<content type="html">{html.escape(WALL)}</content></entry>
</feed>
"""


def documents(config: Any, text: str) -> list[dict[str, Any]]:
    result = process_file(RawFile("courier.xml", text.encode("utf-8")), config)
    assert result.documents, result.rejections
    return sorted(result.documents, key=lambda d: d["part"])


def test_a_full_text_rss_feed_gives_its_articles(config: Any) -> None:
    docs = documents(config, RSS)
    assert [d["title"] for d in docs] == ["Harbour wall repairs", "New ferry arrives"]
    assert docs[0]["authors"] == ["Jane Roe"] and docs[1]["authors"] == []  # an RSS author is an address
    assert [d["date_published"] for d in docs] == [dt.date(2024, 3, 5), dt.date(2024, 3, 6)]
    assert [d["url"] for d in docs] == ["https://courier.example/2024/03/05/wall",
                                        "https://courier.example/2024/03/06/ferry"]
    assert docs[0]["body"] == (
        "The council met on Tuesday evening to discuss the repairs to the harbour wall, which has been closed to "
        "walkers since the winter storms damaged its northern end.\n\nEngineers told the meeting that the stone "
        "facing could be saved, but that the core of the wall would have to be rebuilt before the autumn tides, "
        "and that the work would take most of the summer.")
    assert "<" not in docs[1]["body"] and docs[1]["body"].startswith("The new ferry arrived")


def test_program_text_in_a_feed_keeps_its_lines_and_its_braces(config: Any) -> None:
    """A ``<pre>`` block is program text: its lines stay lines, and a template's '{{ … }}' in it
    is the program, not a placeholder left by a broken template."""
    code = "<pre><code>{{ page.title }}\n  {{ page.date }}\n</code></pre>"
    [doc] = documents(config, ATOM.replace(html.escape(WALL), html.escape(WALL + code + WALL)))
    assert "{{ page.title }}\n\n{{ page.date }}" in doc["body"]


def test_a_full_text_atom_entry_gives_its_article(config: Any) -> None:
    [doc] = documents(config, ATOM)
    assert (doc["title"], doc["authors"], doc["url"]) == ("Harbour wall repairs", ["Jane Roe"],
                                                          "https://courier.example/wall")
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["body"].startswith("The council met on Tuesday evening") and "stone facing" in doc["body"]


@pytest.mark.parametrize("text", [
    '<?xml version="1.0"?><rss><channel><item><title>A</title><description>Short teaser.</description></item>'
    "</channel></rss>",
    "<rss><channel><item><title>Unclosed",
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "' + "x" * 100 + '">]><rss><channel><item>&big;&big;</item>'
    "</channel></rss>",
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">'  # entities that would expand a billion times
    + "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    + "]><rss><channel><item><description>&l9;</description></item></channel></rss>",
], ids=["teaser", "broken", "entity", "entity-bomb"])
def test_a_feed_without_article_text_is_refused_with_what_to_do(config: Any, text: str) -> None:
    result = process_file(RawFile("feed.xml", text.encode("utf-8")), config)
    [rejection] = result.rejections
    assert not result.documents and "save the articles it links to" in (rejection.detail or "")


def test_texts_that_are_no_feed_come_back_unchanged() -> None:
    for text in ("", "The rss feed of the harbour.", "<html><body><p>rss</p></body></html>", "<rssfeed>"):
        assert unpack_feed(text) == text


@pytest.mark.parametrize("broken", ["<content:enc:oded>", "<pub5T10:00:00Z>", "<}}elements/1.1/}cr>"])
def test_a_feed_with_tag_names_xml_forbids_is_read_without_error(config: Any, broken: str) -> None:
    """lxml's recovery keeps tag names its QName refuses (found by fuzzing): no exception."""
    text = RSS.replace("<pubDate>", broken + "<pubDate>", 1)
    result = process_file(RawFile("courier.xml", text.encode("utf-8")), config)
    assert [d["title"] for d in sorted(result.documents, key=lambda d: d["part"])][-1] == "New ferry arrives"


ENEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export3.dtd">
<en-export export-date="20240310T101500Z" application="Evernote" version="10.0">
<note><title>Harbour wall repairs</title><created>20240305T091500Z</created><updated>20240306T120000Z</updated>
<note-attributes><author>Jane Roe</author><source-url>https://courier.example/wall</source-url></note-attributes>
<content><![CDATA[<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">
<en-note>{WALL.replace("<p>", "<div>").replace("</p>", "</div><div><br/></div>")}</en-note>]]></content></note>
<note><title>Shopping list</title><created>20240307T080000Z</created>
<content><![CDATA[<en-note><div>rope, paint</div></en-note>]]></content></note>
</en-export>
"""


def test_an_evernote_exports_notes_are_articles(config: Any) -> None:
    [doc] = documents(config, ENEX)  # the shopping list is too short to be an article
    assert (doc["title"], doc["authors"], doc["url"]) == ("Harbour wall repairs", ["Jane Roe"],
                                                          "https://courier.example/wall")
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["body"].startswith("The council met on Tuesday evening") and "\n\nEngineers told" in doc["body"]
    assert "en-note" not in doc["body"] and "DOCTYPE" not in doc["body"] and "enml2" not in doc["body"]


def test_an_evernote_export_of_short_notes_is_refused_as_such(config: Any) -> None:
    text = ENEX.split("<note>")[0] + "<note><title>Shopping list</title><content><![CDATA[<en-note>rope</en-note>]]>" \
        "</content></note></en-export>"
    [rejection] = process_file(RawFile("notes.enex", text.encode("utf-8")), config).rejections
    assert "an Evernote export with no note of 50 words or more" in (rejection.detail or "")


def test_a_clipped_notes_own_byline_beats_the_account_that_clipped_it(config: Any) -> None:
    """An Evernote note's author attribute is the account that saved it, a file property: the
    clipped page's byline names the author, the attribute only when nothing else does."""
    clipped = ENEX.replace("<en-note>", "<en-note><div>By Sam Reed</div>", 1).replace("<author>Jane Roe</author>",
                                                                                      "<author>jroe.clipper</author>")
    [doc] = documents(config, clipped)
    assert doc["authors"] == ["Sam Reed"]


def test_a_clipped_notes_title_is_the_pages_headline_without_the_site(config: Any) -> None:
    """A web clip's title is the browser's title bar ('Headline | Site'): the headline."""
    clipped = ENEX.replace("<title>Harbour wall repairs</title>", "<title>Harbour wall repairs | The Courier</title>", 1)
    [doc] = documents(config, clipped)
    assert doc["title"] == "Harbour wall repairs"
    note = clipped.replace("<source-url>https://courier.example/wall</source-url>", "")  # a note of one's own
    assert documents(config, note)[0]["title"] == "Harbour wall repairs | The Courier"
