"""The HTML path's extractors on small invented pages (``flows.clean.htmlpage``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from flows.clean.htmlpage import extract_bs4, extract_whole_page, whole_page_text
from flows.clean.pipeline import process_file
from flows.model import RawFile

XHTML = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><body>'
         "<nav>Home About</nav><article><p>The ferry timetable changes on Monday for the winter season.</p></article>"
         "</body></html>")


def test_an_xhtml_page_is_read_as_html_without_a_warning() -> None:
    """pytest turns warnings into errors: BeautifulSoup's XML-declaration warning must not escape."""
    text, _, removals = extract_bs4(XHTML)
    assert text == "The ferry timetable changes on Monday for the winter season."
    assert any("Home About" in r.text for r in removals)
    whole, _, _ = extract_whole_page(XHTML)
    assert "Home About" in whole and "ferry timetable" in whole


def test_html5_sectioning_elements_are_blocks_of_the_rendered_page() -> None:
    """A theme's <header> holds the headline and the date line: each its own line, not one run of text."""
    page = ("<html><body><header><h1>Night trams reach the harbour</h1><span>28 January 2022</span></header>"
            "<main><p>The council voted to extend the service.</p></main><footer>Contact us</footer></body></html>")
    text, _, _ = extract_whole_page(page)
    assert text.splitlines() == ["# Night trams reach the harbour", "", "28 January 2022", "",
                                 "The council voted to extend the service.", "", "Contact us"]


def test_a_fragment_too_small_for_the_loader_still_renders() -> None:
    assert extract_whole_page("<p>One <b>short</b> line.</p>")[0] == "One short line."
    assert extract_whole_page('<?xml version="1.0" encoding="utf-8"?><p>One line.</p>')[0] == "One line."


PROSE = ("The council voted on Tuesday to extend the night tram service to the harbour district, after a year "
         "of trials that drew more riders than expected. ") * 3


def _article_page(before: str = "", after: str = "") -> bytes:
    return (f"<html><head><title>Night trams reach the harbour</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>{before}"
            f"<article><h1>Night trams reach the harbour</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article>"
            f"{after}</body></html>").encode()


def test_a_date_the_article_text_leaves_behind_dates_the_page(config: Any) -> None:
    """trafilatura keeps the article and drops the fact box beside it; the whole page is read for
    the date when neither the article text nor the page head names one. Only the date: the
    names read there are a menu's or a teaser's as often as the author's."""
    box = "<aside><ul><li>Date: 28 January 2022</li><li>Author: Jane Roe</li><li>Topic: Transport</li></ul></aside>"
    doc = process_file(RawFile("page.html", _article_page(after=box)), config).documents[0]
    assert doc["date_published"] == dt.date(2022, 1, 28)
    assert doc["authors"] == []


def test_the_whole_page_is_read_from_the_headline_the_page_title_names(config: Any) -> None:
    """The whole page, read for the date, starts where its ``<title>`` names the headline, as a
    text export of the page starts with it: a strip of dated teaser cards and a partners' box
    over a headline set as H2 are not the article's header."""
    cards = "".join(f"<div><a href='/{n}'>{title}</a><div>{day}</div></div>" for n, (title, day) in enumerate(
        [("Buses run late on the coast road", "02.02.2022 16:28"), ("Ferry fares rise in spring", "27.01.2022 14:47")]))
    tabs = "".join(f"<p>{word}</p>" for word in ("Results", "Articles", "Standings", "Calendar", "Galleries",
                                                  "Statistics", "Teams"))
    results = "<ol>" + "".join(f"<li>Rider {n} {100 - n} points</li>" for n in range(45)) + "</ol>"
    page = (f"<html><head><title>Night trams reach the harbour</title></head><body><h4>Our partners</h4>{cards}"
            f"<div>{tabs}</div><article><h2>Night trams reach the harbour</h2><p>{PROSE}</p><p>{PROSE}</p></article>"
            f"{results}<div>Published: 28.01.2022 18:36</div></body></html>").encode()
    doc = process_file(RawFile("page.html", page), config).documents[0]
    assert doc["date_published"] == dt.date(2022, 1, 28)


def test_a_fact_box_set_in_lines_by_breaks_is_read_line_by_line(config: Any) -> None:
    """A box of facts written as one block with ``<br>`` between them reads as its lines,
    as a reader sees it: the date on a line of its own, not run into a line of every fact
    (too long to be read for a date)."""
    box = ("<aside><p>Published: <a href='/music/'>28 January 2022</a><br>Label: Harbour Records<br>"
           "Genre: <a href='/folk/'>Folk</a><br>Tracks: " + ", ".join(f"{n}. Song of the tide" for n in range(1, 12))
           + "</p></aside>")
    doc = process_file(RawFile("page.html", _article_page(after=box)), config).documents[0]
    assert doc["date_published"] == dt.date(2022, 1, 28)


def test_breaks_end_lines_only_when_asked() -> None:
    page = "<html><body><p>Label: Harbour Records<br>Genre:  Folk</p><p>Next</p></body></html>"
    assert whole_page_text(page) == "Label: Harbour Records Genre: Folk\n\nNext"
    assert whole_page_text(page, breaks=True) == "Label: Harbour Records\nGenre: Folk\n\nNext"


def test_a_card_reads_as_its_blocks_when_breaks_are_asked_for() -> None:
    """A link around a date, a heading and a summary (a teaser card), inside a span or not."""
    page = "<html><body><span><a href='/x'><div>10.11.2021</div><h2>Title</h2><p>Summary</p></a></span></body></html>"
    assert whole_page_text(page) == "[10.11.2021 Title Summary](/x)"
    assert whole_page_text(page, breaks=True) == "10.11.2021\n\n## Title\n\nSummary"


def test_the_articles_own_card_among_the_latest_dates_the_page(config: Any) -> None:
    cards = "".join(f"<span><a href='/{n}'><div>{day}</div><h2>{title}</h2><p>{PROSE[:80]}</p></a></span>"
                    for n, (day, title) in enumerate([("2 February 2022", "Buses run late"),
                                                      ("28 January 2022", "Night trams reach the harbour"),
                                                      ("4 January 2022", "Ferry fares rise")]))
    doc = process_file(RawFile("page.html", _article_page(after=f"<aside><h3>Latest</h3>{cards}</aside>")),
                       config).documents[0]
    assert doc["date_published"] == dt.date(2022, 1, 28)


@pytest.mark.parametrize("after", [
    "<aside><h3>More news</h3><ul><li><a href='/a'>Buses run late</a> 3 March 2021</li>"
    "<li><a href='/b'>Ferry fares</a> 4 March 2021</li></ul></aside>",  # teasers
    "<section class='comments'><h2>3 comments</h2><div><p><b>Jane</b> on 3 March 2021 at 10:04</p>"
    "<p>Great news for the harbour!</p></div></section>",  # a comment under long paragraphs
    "<footer><p>© 2021 Harbour Times</p></footer>",
])
def test_teaser_comment_and_footer_dates_do_not_date_the_page(config: Any, after: str) -> None:
    doc = process_file(RawFile("page.html", _article_page(after=after)), config).documents[0]
    assert doc["date_published"] is None


def test_a_comment_beside_the_headline_of_a_small_fragment_is_skipped() -> None:
    """lxml's own parse (a fragment too small for trafilatura's loader) keeps comments; the
    links read beside the headline are elements only."""
    text, hints, _ = extract_whole_page(
        "<div><div><h1>Night trams</h1><!-- byline --><p><a href='/author/jroe/'>Jane Roe</a></p></div></div>")
    assert text.splitlines() == ["# Night trams", "", "[Jane Roe](/author/jroe/)"]
    assert hints.title_links == [("Jane Roe", "/author/jroe/")]


def _review_page(after_headline: str, after_article: str = "") -> bytes:
    return ("<html><head><title>Tide Songs, reviewed</title>"
            "<meta property='article:published_time' content='2022-03-09T10:00:00+01:00'></head><body>"
            f"<article><h1>Tide Songs, reviewed</h1>{after_headline}<p>{PROSE}</p><p>{PROSE}</p></article>"
            f"{after_article}</body></html>").encode()


def test_a_fact_box_set_in_one_block_by_breaks_under_the_headline_is_the_items(config: Any) -> None:
    """Under a review's headline, the facts of the item it reviews set as one block with
    ``<br>`` between them are read as their lines: a fact box, whose release date is the
    album's, not the page's (the page's structured day stands)."""
    box = ("<p><b>Label:</b> Harbour Records<br><b>Format:</b> Vinyl<br><b>Tracks:</b> 11<br>"
           "<b>Release date:</b> 14.01.2022</p>")
    doc = process_file(RawFile("page.html", _review_page(box)), config).documents[0]
    assert doc["date_published"] == dt.date(2022, 3, 9)


def test_a_comment_thread_below_the_article_names_no_author(config: Any) -> None:
    """The lines under the headline are read for a byline up to the comment thread: a
    reader's signed comment is not the article's byline."""
    thread = ("<div id='comments'><h3>2 Comments</h3><div class='comment'><p>By Sam Poe</p>"
              "<p>Great review, I bought the record.</p></div></div>")
    doc = process_file(RawFile("page.html", _review_page("", thread)), config).documents[0]
    assert doc["authors"] == []
    assert doc["date_published"] == dt.date(2022, 3, 9)


def test_a_lead_set_in_lines_by_breaks_is_still_the_standfirst(config: Any) -> None:
    lead = "<p class='standfirst'>Eleven songs about the sea.<br>The band's third record is its calmest.</p>"
    doc = process_file(RawFile("page.html", _review_page(lead)), config).documents[0]
    assert doc["subtitle"] is not None and doc["subtitle"].startswith("Eleven songs about the sea.")


def test_a_headline_inside_an_element_whose_class_names_comments_is_still_read_around() -> None:
    """A theme's article wrapper may name its comments ('post comments-open'): only a comment
    thread beside the headline is passed over, not the container that holds the headline."""
    from flows.clean.htmlpage import parse_page
    from flows.clean.pagemeta import head_hints
    tree = parse_page("<html><body><div class='post comments-open'><h1>Tide Songs, reviewed</h1>"
                      "<p>By Jane Roe</p><p>Eleven songs about the sea.</p></div></body></html>")
    assert tree is not None
    assert head_hints(tree).after_title[:1] == ["By Jane Roe"]
