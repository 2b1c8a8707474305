"""The HTML path's extractors on small invented pages (``flows.clean.htmlpage``)."""

from __future__ import annotations

from flows.clean.htmlpage import extract_bs4, extract_whole_page

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
