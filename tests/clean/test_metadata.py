"""Metadata from text and HTML: headlines, bylines in many CMS forms and languages, dates.

Every page here is invented. Precision comes first: no author is named on a page without
a byline, no comment or teaser date becomes the publication date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from flows.clean.dates import find_date, parse_date, url_date
from flows.clean.metadata import compile_metadata, extract_metadata, looks_like_name, shared_url, split_names
from flows.clean.pagemeta import clean_url
from flows.clean.pipeline import process_file
from flows.model import Line, RawFile

STORY = (
    "The harbour committee met on Tuesday evening to settle the future of the old ferry slip, which has been "
    "closed to boats since the winter storms damaged its lower steps and loosened the stones along its edge.\n\n"
    "Members agreed to repair the slip before the summer season and to ask the county for help with the cost, "
    "after a long discussion about whether the work should wait for a full survey of the harbour wall.\n\n"
    "Fishermen who use the slip every morning said the delay had already cost them several weeks of work, and "
    "they asked the committee to publish a timetable so that everyone would know when the repairs would start.\n"
)
MENU = "* [Home](/)\n* [News](/news/)\n* [Sport](/sport/)\n* [Events](/events/)\n* [Contact](/contact/)\n"


def first_document(config: Any, text: str, name: str = "page.md") -> dict[str, Any]:
    result = process_file(RawFile(name, text.encode("utf-8")), config)
    assert result.documents, result.rejections
    return min(result.documents, key=lambda d: d["part"])


def page(header: str, title_line: str = "Harbour Committee Backs Slip Repair | The Bay Courier") -> str:
    return f"{title_line}\n\n{MENU}\n# Harbour Committee Backs Slip Repair\n\n{header}\n\n{STORY}"


# --------------------------------------------------------------------------- bylines


@pytest.mark.parametrize(("header", "authors", "date"), [
    ("Posted on March 5, 2024 by Jane Roe · 2 Comments", ["Jane Roe"], dt.date(2024, 3, 5)),
    ("By Jane Roe | March 5, 2024", ["Jane Roe"], dt.date(2024, 3, 5)),
    ("By Jane Roe and John Doe on 5 March 2024", ["Jane Roe", "John Doe"], dt.date(2024, 3, 5)),
    ("Jane Roe · 5 min read\n\nMar 5, 2024", ["Jane Roe"], dt.date(2024, 3, 5)),
    ("Jane Roe\n\n5 March 2024", ["Jane Roe"], dt.date(2024, 3, 5)),
    ("Written by Jane Roe, Staff Writer", ["Jane Roe"], None),
    ("Von Anna Maier | 05.03.2024", ["Anna Maier"], dt.date(2024, 3, 5)),
    ("Veröffentlicht am 5. März 2024 von Anna Maier", ["Anna Maier"], dt.date(2024, 3, 5)),
    ("Par Marie Dupont, le 5 mars 2024", ["Marie Dupont"], dt.date(2024, 3, 5)),
    ("Pubblicato il 5 marzo 2024 da Anna Rossi", ["Anna Rossi"], dt.date(2024, 3, 5)),
    ("Por Juan Pérez | 5 de marzo de 2024", ["Juan Pérez"], dt.date(2024, 3, 5)),
    ("Autor: Jan Nowak\n\nData: 05.03.2024", ["Jan Nowak"], dt.date(2024, 3, 5)),
    ("Author:\n\nJane Roe", ["Jane Roe"], None),
    ("Von\n\nAnna Maier\n\n5. März 2024", ["Anna Maier"], dt.date(2024, 3, 5)),
    ("Jane Roe 05.03.2024, 10:42", ["Jane Roe"], dt.date(2024, 3, 5)),
    ("Author: Jane Roe, project lead of the Harbour Trust.", ["Jane Roe"], None),
    ("— by Jane Roe", ["Jane Roe"], None),  # an attribution dash
    ("Posted by Jane Roe at 6:52 PM", ["Jane Roe"], None),  # Blogger's default
    ("Eingestellt von Anna Maier um 18:52", ["Anna Maier"], None),
    ("Artikel von: Anna Maier", ["Anna Maier"], None),
    ("***---- by Jane Roe***", ["Jane Roe"], None),
])
def test_bylines_in_common_cms_forms(config: Any, header: str, authors: list[str], date: dt.date | None) -> None:
    doc = first_document(config, page(header))
    assert doc["authors"] == authors
    assert doc["date_published"] == date
    assert doc["title"] == "Harbour Committee Backs Slip Repair"


@pytest.mark.parametrize(("header", "authors"), [
    ("ByJane Roe", ["Jane Roe"]),  # a byline word glued to the name it introduces
    ("BYLAW CHANGES AHEAD", []),  # capitals that only begin with a byline word ('by', 'af', 'von')
    ("VONDEL PARK NOTES", []),
])
def test_a_byline_word_glued_to_a_capital(config: Any, header: str, authors: list[str]) -> None:
    assert first_document(config, page(header))["authors"] == authors


@pytest.mark.parametrize(("headline", "title", "date"), [
    ("Harbour Committee Backs Slip Repair 05.03.2024 • Bay Courier, News", "Harbour Committee Backs Slip Repair",
     dt.date(2024, 3, 5)),  # a byline glued to the headline
    ("Harbour Committee Backs Slip Repair – 05.03.2024", "Harbour Committee Backs Slip Repair", dt.date(2024, 3, 5)),
    ("Harbour report of 05.03.2024 – what comes next?", "Harbour report of 05.03.2024 – what comes next?", None),
    ("Harbour regatta results, Bayside, 5.3.2024", "Harbour regatta results, Bayside, 5.3.2024", None),
])
def test_a_date_set_off_at_the_end_of_a_headline_is_its_date(config: Any, headline: str, title: str,
                                                              date: dt.date | None) -> None:
    doc = first_document(config, f"{MENU}\n# {headline}\n\n{STORY}")
    assert doc["title"] == title
    if date is not None:
        assert doc["date_published"] == date


WRAPPED_PAPER = """Tidal Flushing and Sediment in Small Fishing Harbours of the Western
Coast, 2015-2023

Jane Roe and John Doe

(1) Department of Marine Science, University of Bayport

Received: 3 March 2024 | Accepted: 18 July 2024

Abstract

Small fishing harbours silt up within a few years of being dredged, and the cost
of dredging is one of the largest items in the budget of the towns that keep them
open. We measured how much sediment reached the basins of six harbours over eight
winters, and how much of it the tide carried out again. Deposition was greatest
near the entrances and fell off quickly behind the breakwaters in every harbour.

Where the tide could flush the basin through a second opening, deposition was
about half of what it was in harbours with a single entrance, and the basins
stayed navigable for twice as long between dredging campaigns. We argue that a
second opening is cheaper over twenty years than dredging on the present cycle.
"""


def test_hard_wrapped_text_of_sentences_only_has_no_headline(config: Any) -> None:
    """No header at all (every line a sentence): nothing to offer as a headline, no error."""
    text = "\n\n".join(["The harbour wall was closed after the storm and stays closed."] * 4 +
                         ["The council will meet again in the spring to decide what to do."] * 4)
    assert first_document(config, text, "notes.txt")["title"] is None


def test_the_headline_of_hard_wrapped_text_is_a_paragraph_of_its_own(config: Any) -> None:
    """A title wrapped over two lines is the title; no line from within a paragraph ever is."""
    doc = first_document(config, WRAPPED_PAPER, "paper.txt")
    assert doc["title"] == "Tidal Flushing and Sediment in Small Fishing Harbours of the Western Coast, 2015-2023"
    assert "the cost of dredging is one of the largest items in the budget" in doc["body"]
    assert "of dredging is one of the largest items" not in (doc["title"] or "")


@pytest.mark.parametrize("names", ["Jane Roe(1), John Doe(2) and Ann Poe(1)", "Jane Roe¹, John Doe² and Ann Poe¹",
                                   "Jane Roe1,2, John Doe2 and Ann Poe*"])
def test_a_line_of_names_with_note_markers_under_a_papers_title(config: Any, names: str) -> None:
    paper = WRAPPED_PAPER.replace("Jane Roe and John Doe", names).replace(
        "Received: 3 March 2024 | Accepted: 18 July 2024", "Published online: 2 August 2024")
    doc = first_document(config, paper, "paper.txt")
    assert doc["authors"] == ["Jane Roe", "John Doe", "Ann Poe"]
    assert doc["date_published"] == dt.date(2024, 8, 2)


@pytest.mark.parametrize("over", [
    "Posted on\n\nMarch 5, 2024\n\nby\n\nJane Roe",  # a byline word alone, the name on the next line
    "- March 5, 2024\n\n- by Jane Roe",
])
def test_a_byline_right_over_the_headline_is_no_rubric(config: Any, over: str) -> None:
    text = f"Harbour Committee Backs Slip Repair | The Bay Courier\n\n{MENU}\n{over}\n\n" \
           f"# Harbour Committee Backs Slip Repair\n\n{STORY}"
    doc = first_document(config, text)
    assert (doc["authors"], doc["section"]) == (["Jane Roe"], None)


@pytest.mark.parametrize(("byline", "name"), [
    ("Автор: Иван Петров", "Иван Петров"),
    ("Του Γιώργου Παπαδόπουλου", "Γιώργος Παπαδόπουλου"),  # the given name in its own form (name_case in el.toml)
    ("بقلم محمد علي", "محمد علي"),
    ("作者：张伟", "张伟"),
    ("责任编辑：张伟", "张伟"),
    ("記者 山田太郎", "山田太郎"),
    ("Автор: Мария Иванова", "Мария Иванова"),  # "и" joins two names, never splits one
    ("Автор: Дарья Климова и Иван Петров", "Дарья Климова; Иван Петров"),
])
def test_bylines_in_other_scripts(config: Any, byline: str, name: str) -> None:
    assert first_document(config, page(byline))["authors"] == name.split("; ")


@pytest.mark.parametrize(("byline", "authors"), [
    ("Von Anna Maier Illustration von Jane Roe", ["Anna Maier"]),  # the illustrator is no author
    ("By Jane Roe. Photos by John Doe", ["Jane Roe"]),
    ("Von Anna Maier/SP-X", ["Anna Maier"]),  # the wire's code
    ("Von Anna Maier / APA", ["Anna Maier"]),
    ("By Jane RoeStaff Writer", ["Jane Roe"]),  # a job title run into the name
    ("By Jane Roe, Correspondent", ["Jane Roe"]),
    ("Von Rechtsanwältin Anna Maier", ["Anna Maier"]),
    ("By Jane RoeJane Roe", ["Jane Roe"]),  # two elements' texts run together
])
def test_contributors_agencies_and_job_titles_around_a_name_are_cut(config: Any, byline: str,
                                                                     authors: list[str]) -> None:
    assert first_document(config, page(byline))["authors"] == authors


def test_a_link_to_an_author_page_names_the_author(config: Any) -> None:
    doc = first_document(config, page("[Jane Roe](https://news.example/author/jane-roe/) 5 March 2024"))
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("header", "authors"), [
    ("[Jane Roe](/?author=5)", ["Jane Roe"]),  # WordPress's author archive by number
    ("[Jane Roe](/blog/?p=12&author=jroe#top)", ["Jane Roe"]),
    ("[Jane Roe](/autor/roe_j) /", ["Jane Roe"]),  # a separator left over from the next link
    ("[Jane Roe](/news/?sort=author)", []),  # a sort order is no author page
    ("[All posts by Jane Roe](/author/jane/)", ["Jane Roe"]),  # an author archive's link label
    ("[Alles von Anna Maier](/author/anna/)", ["Anna Maier"]),
    ("Eingestellt von Anna Maier", ["Anna Maier"]),  # Blogger's "Posted by" in German
    ("* [Anna Maier](/team/anna-maier)", ["Anna Maier"]),  # a staff page, as a list item
    ("[Home](/) [Unser Team](/team/) [Kontakt](/kontakt/)", []),  # a menu: the list of the staff, no one's page
    ("[Staff](/staff/) [Writers](/writers/)", []),
    ("[Über uns](/ueber-uns/) [Mitarbeiter](/mitarbeiter/) [Profil](/profil/)", []),
    ("Text & Fotos: Anna Maier", ["Anna Maier"]),
    ("Words and pictures: Jane Roe", ["Jane Roe"]),
])
def test_author_links_and_joint_credit_labels(config: Any, header: str, authors: list[str]) -> None:
    assert first_document(config, page(header))["authors"] == authors


@pytest.mark.parametrize(("header", "authors", "date"), [
    ("Posted in Harbour News by jroe on March 5, 2024", ["jroe"], dt.date(2024, 3, 5)),
    ("Gespeichert von jroe am 5. März 2024 - 18:55", ["jroe"], dt.date(2024, 3, 5)),
    ("Veröffentlicht am 5. März 2024 von jroe", ["jroe"], dt.date(2024, 3, 5)),
    ("von jroe Veröffentlicht am 5. März 2024", ["jroe"], dt.date(2024, 3, 5)),  # the posted words end the handle
    ("03/05/2024 by Jane 4 Comments", ["Jane"], dt.date(2024, 3, 5)),
    ("5. März 2024 @ 18:13 // Autor: j0roe // Lesezeit: 1 Minute", ["j0roe"], dt.date(2024, 3, 5)),
    ("05.03.2024 13:15 Uhr Autor/in: Anna Maier", ["Anna Maier"], dt.date(2024, 3, 5)),
    ("Erscheinungsdatum: 05.03.2024", [], dt.date(2024, 3, 5)),
    ("Written: 2024-03-05 15:03:30 / Updated: 2024-03-09 10:00:00", [], dt.date(2024, 3, 5)),
    ("By Perry Roe Jr. | 5 March 2024", ["Perry Roe Jr."], dt.date(2024, 3, 5)),
    ("Eine Kolumne von Anna Maier", ["Anna Maier"], None),
    ("Text: Anna Maier / courier.example", ["Anna Maier"], None),
    ("[5 March 2024](/2024/03/) [Jane Roe](/author/jane-roe/) [Culture](/culture/)", ["Jane Roe"], dt.date(2024, 3, 5)),
    ("[Jane Roe](/staff/jane-roe/), [John Doe](/staff/john-doe/)", ["Jane Roe", "John Doe"], None),
    ("Eingetragen am 5. März 2024, aktualisiert am 9. März 2024 vom Support Team", [], dt.date(2024, 3, 5)),
    ("Photos by unsplash", [], None),  # a lower-case word after "by", no date: no handle
    ("Von Einheimischen, Gästen und ganz viel Kühen", [], None),  # a teaser's headline that opens with "Von"
    ("5 March 2024 | Harbour, Ferries", [], dt.date(2024, 3, 5)),  # the post's categories
    ("5 March 2024 by the harbour", [], dt.date(2024, 3, 5)),
])
def test_a_handle_in_a_dated_byline_is_the_author(config: Any, header: str, authors: list[str],
                                                   date: dt.date | None) -> None:
    doc = first_document(config, page(header))
    assert doc["authors"] == authors
    assert doc["date_published"] == date


_TAGS = "[Harbour](/tag/harbour/), [Ferries](/tag/ferries/), [Tides](/tag/tides/), [Weather](/tag/weather/)"


@pytest.mark.parametrize(("header", "authors"), [
    (f"[5 March 2024](/2024/03/05/) [Jane Roe](/author/jane-roe/) {_TAGS} [2 Comments](/p/#comments)", ["Jane Roe"]),
    (f"[5 March 2024](/2024/03/05/) [jroe](/author/jroe/) {_TAGS}", ["jroe"]),  # the handle the site shows
    (f"[Jane Roe](/author/jane-roe/), [John Doe](/author/john-doe/) · {_TAGS} · 5 March 2024", ["Jane Roe", "John Doe"]),
    ("Posted on [5 March 2024](/p/)Author [Jane Roe](/author/jroe/)[4 Comments](/p/#comments)", ["Jane Roe"]),
    (f"[5 March 2024](/2024/03/05/) [View all posts](/author/jroe/) {_TAGS}", []),  # a label, not a name
    (f"[5 March 2024](/2024/03/05/) [courier.example](/author/desk/) {_TAGS}", []),  # a site, not a person
])
def test_a_link_to_an_author_page_in_a_line_of_links_names_the_author(config: Any, header: str,
                                                                        authors: list[str]) -> None:
    """A theme's meta line (date, author, tags, comments; each a link) is too long for a byline,
    but the link to the author's page says which of its words are the name."""
    doc = first_document(config, page(header))
    assert doc["authors"] == authors
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_a_line_linking_many_peoples_pages_is_no_byline(config: Any) -> None:
    """Eleven people linked in one line: the site's staff, not the article's authors (and a
    hostile line of thousands of such links costs no more than its reading)."""
    first = ["Jane", "John", "Anna", "Marie", "Paul", "Ruth", "Carl", "Emma", "Hugo", "Ines", "Olga"]
    staff = " ".join(f"[{name} Roe](/author/{name.lower()}-roe/)" for name in first)
    assert first_document(config, page(f"5 March 2024 {staff}"))["authors"] == []


def test_a_link_to_a_team_page_in_a_menu_or_in_prose_names_nobody(config: Any) -> None:
    text = page("5 March 2024").replace(STORY, STORY + "\n\nNew here? Sign up under [Registration](/profile/signup) "
                                        "to test the products and tell the [Team](/team/) what you think.\n")
    assert first_document(config, text)["authors"] == []


def test_the_one_bare_name_of_a_dated_header_is_the_author(config: Any) -> None:
    doc = first_document(config, page("Jane Roe\n\njane.roe@courier.example\n\n5 March 2024, 05:45"))
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize("header", [
    "5 March 2024\n\nRead in 3 minutes\n\nHarbour Office\n\nJane Roe\n\nSea Views",  # which one? none
    "5 March 2024\n\n[Harbour Office](/category/harbour-office/)",  # what the post is filed under
    "5 March 2024\n\nLocal News",  # a menu item of the page
])
def test_bare_names_that_may_be_chrome_name_nobody(config: Any, header: str) -> None:
    text = page(header).replace("* [Events](/events/)", "* [Local News](/local/)")
    assert first_document(config, text)["authors"] == []


@pytest.mark.parametrize(("opening", "date"), [
    ("Bern, 05.03.2024 – ", dt.date(2024, 3, 5)),
    ("Springfield, March 5, 2024 — ", dt.date(2024, 3, 5)),
    ("Jane, who is 12 - ", None),
])
def test_a_press_release_opening_with_place_and_day_gives_the_date_and_keeps_them(config: Any, opening: str,
                                                                                   date: dt.date | None) -> None:
    text = f"# Harbour Committee Backs Slip Repair\n\n{opening}{STORY}"
    doc = first_document(config, text)
    assert doc["date_published"] == date
    assert doc["body"].startswith(opening.strip())


@pytest.mark.parametrize(("opening", "date"), [
    ("05.03.2024 – ", dt.date(2024, 3, 5)),
    ("5 March 2024 — ", dt.date(2024, 3, 5)),
    ("2024 - ", None),  # a year alone is no day
])
def test_the_news_opening_with_its_day_under_a_lede_gives_the_date(config: Any, opening: str,
                                                                  date: dt.date | None) -> None:
    lede, news, more = STORY.strip().split("\n\n")
    doc = first_document(config, f"# Harbour Committee Backs Slip Repair\n\n{lede}\n\n{opening}{news}\n\n{more}\n")
    assert doc["date_published"] == date


def test_a_weekday_dated_line_under_the_headline_is_its_date(config: Any) -> None:
    doc = first_document(config, page("miércoles, 5 de marzo de 2024 - 3:40 a.m."))
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize("page_title", ["Harbour Committee Backs Slip Repair | The Bay Blog", "The Bay Blog"])
def test_a_blogs_day_heading_above_the_post_title_is_its_date(config: Any, page_title: str) -> None:
    text = f"{page_title}\n\n## Tuesday, March 5, 2024\n\n### Harbour Committee Backs Slip Repair\n\n" + STORY
    doc = first_document(config, text)
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["title"] == "Harbour Committee Backs Slip Repair"


def test_a_first_name_signed_over_a_date_under_the_text_is_the_author(config: Any) -> None:
    doc = first_document(config, page("") + "\nJane\n\n5 March 2024\n")
    assert doc["authors"] == ["Jane"]
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert first_document(config, page("") + "\nHome\n\n5 March 2024\n")["authors"] == []


def test_the_date_line_beside_a_byline_under_the_text_is_its_date(config: Any) -> None:
    below = "\n## Related\n\n* [Storm closes the coast road](/a)\n\nvon Ulrike\n\n05.03.2024 16:06 Uhr\n"
    doc = first_document(config, page("[Jane Roe](/people/jane-roe/)") + below)
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_a_byline_under_the_text_counts_before_the_comments(config: Any) -> None:
    text = page("", ) + "\nPosted by Jane Roe\n\n## Comments\n\nPosted by Someone Else on 9 March 2024\n"
    assert first_document(config, text)["authors"] == ["Jane Roe"]


# --------------------------------------------------------------------------- precision


def test_no_author_is_invented_on_a_page_without_a_byline(config: Any) -> None:
    footer = "\n\nPrivacy Policy\n\nMeine Cookie Auswahl\n\nBack To Top\n\nNorth Shore Media\n"
    doc = first_document(config, page("5 March 2024") + footer)
    assert doc["authors"] == []
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize("header", [
    "Local News 5 March 2024",
    "[Profil](/autor/profil/)",
    "Crime Published On 5 March 2024",
])
def test_menu_items_and_labels_beside_a_date_are_no_authors(config: Any, header: str) -> None:
    text = page(header).replace("* [Events](/events/)", "* [Local News](/local/)")
    assert first_document(config, text)["authors"] == []


def test_labels_and_captions_are_no_authors(config: Any) -> None:
    doc = first_document(config, page("Foto: Jane Roe\n\nQuelle: Bay Agency"))
    assert doc["authors"] == []


def test_comment_and_teaser_dates_are_ignored(config: Any) -> None:
    teasers = "\n## Related\n\n* [Storm closes the coast road](/a) 2 February 2024\n* [New buoys](/b) 7 January 2024\n"
    comments = "\n## 3 Comments\n\nAnna Maier says:\n\n9 March 2024 at 10:42\n\nWell done everyone.\n"
    doc = first_document(config, page("") + teasers + comments)
    assert doc["date_published"] is None
    assert doc["authors"] == []


def test_a_short_articles_teaser_list_gives_no_date(config: Any) -> None:
    """Under an article of two paragraphs the teasers still sit in the lines read for a date line."""
    short = STORY.split("\n\n")
    text = (f"# Harbour Committee Backs Slip Repair\n\n{short[0]}\n\n{short[1]}\n\n"
            "* [Storm closes the coast road](/a) 2 February 2024\n* [New buoys](/b) 7 January 2024\n")
    assert first_document(config, text)["date_published"] is None


_LATEST = {
    "under": "* [Storm closes the coast road](/a)\n  2 February 2024\n* [Harbour Committee Backs Slip Repair](/slip)\n"
             "  5 March 2024\n* [New buoys](/b)\n  7 January 2024\n",
    "over": "[2 February 2024\n\n## Storm closes the coast road\n\nThe road is shut.](/a)\n\n[5 March 2024\n\n"
            "## Harbour Committee Backs Slip Repair\n\nThe slip will be mended.](/slip)\n",
    "glued": "Harbour Committee Backs Slip Repair\n\n05.03.2024The committee agreed to mend the slip.\n",
}


@pytest.mark.parametrize("shape", sorted(_LATEST))
@pytest.mark.parametrize("name", ["page.md", "page.txt"])
def test_the_articles_own_teaser_dates_it(config: Any, shape: str, name: str) -> None:
    """A list of the site's latest articles holding the article itself gives its day, under
    or over its headline's copy, or glued to the start of its summary; the other teasers'
    days date nothing."""
    text = (f"Harbour Committee Backs Slip Repair | Courier\n\n{MENU}\n# Harbour Committee Backs Slip Repair"
            f"\n\n{STORY}\n## Latest news\n\n{_LATEST[shape]}")  # the page title echoes the headline first
    assert first_document(config, text, name)["date_published"] == dt.date(2024, 3, 5)


def test_teasers_of_other_articles_alone_date_nothing(config: Any) -> None:
    text = f"# Harbour Committee Backs Slip Repair\n\n{STORY}\n## Latest news\n\n{_LATEST['under']}"
    text = text.replace("[Harbour Committee Backs Slip Repair](/slip)", "[Lighthouse keeps its lamp](/c)")
    assert first_document(config, text)["date_published"] is None


@pytest.mark.parametrize(("echoes", "authors", "day"), [(2, ["Jane Roe"], dt.date(2024, 3, 5)), (1, [], None)])
def test_the_headline_after_a_copy_of_it_in_the_chrome_is_read_around(config: Any, echoes: int, authors: list[str],
                                                                      day: dt.date | None) -> None:
    """A text export whose first line is the title: its first copy in the body ends the
    breadcrumb trail, the next is the article's headline with its byline; ``title_echoes``
    in metadata.toml is how many copies are read around (the chrome removed as the content
    model removes it)."""
    chrome = ["Home", "»", "News", "»", "Harbour Committee Backs Slip Repair",
              *(f"Teaser number {n} of the bay" for n in range(1, 21)), "Teaser of 2 March 2024 on the bay",
              "Harbour Committee Backs Slip Repair", "By", "Jane Roe", "5 March 2024"]
    lines = [Line(0, "Harbour Committee Backs Slip Repair"), Line(1, "")]
    lines += [Line(len(lines) + i, text, removed_by="content-model") for i, text in enumerate(chrome)]
    lines += [Line(len(lines) + i, text) for i, text in enumerate(STORY.split("\n"))]
    rules = compile_metadata({**config.metadata, "title_echoes": echoes})
    meta = extract_metadata(lines, rules, ["en"])
    assert (meta.title, meta.authors, meta.date_published) == ("Harbour Committee Backs Slip Repair", authors, day)


@pytest.mark.parametrize("source", [
    "News channel ( 2024-03-05 09:20:26 ) Source: The Bay Courier",
    "Harbour desk, 5 March 2024, 09:20 - photos by the newsroom",
])
def test_a_timestamped_source_line_is_no_headline(config: Any, source: str) -> None:
    """Plain text: a short line with a date and its time of day is the story's source or
    byline line, never the headline, however many words it has; its date is the page's."""
    doc = first_document(config, f"Slip Repair Backed\n\n{source}\n\n{STORY}", "page.txt")
    assert (doc["title"], doc["date_published"]) == ("Slip Repair Backed", dt.date(2024, 3, 5))


def test_a_byline_over_its_date_is_never_the_headline(config: Any) -> None:
    """Plain text: the line right above the first date line is the headline, unless it is the
    byline itself ("By Jane Roe" / "5 March 2024" under a headline already taken)."""
    text = ("Harbour Committee Backs Slip Repair\n\nNewsletter\n\nLatest\n\nHarbour Committee Backs Slip Repair\n\n"
            + "".join(f"Teaser number {n} of the bay\n\n" for n in range(1, 25))
            + f"Harbour Committee Backs Slip Repair\n\nBy Jane Roe\n\n5 March 2024\n\n{STORY}")
    doc = first_document(config, text, "page.txt")
    assert doc["title"] != "By Jane Roe"
    assert (doc["authors"], doc["date_published"]) == (["Jane Roe"], dt.date(2024, 3, 5))


@pytest.mark.parametrize(("label", "dated", "day"), [
    ("", "Oct 13, 2020\n\n", dt.date(2020, 10, 13)),  # a bare name over the date line
    ("Ein Interview von\n\n", "Oct 13, 2020\n\n", dt.date(2020, 10, 13)),  # a byline label over the name
    ("By\n\n", "", None),  # a byline set on two lines, no date
])
def test_a_headline_over_a_bare_name_over_a_date_line_is_the_headline(config: Any, label: str, dated: str,
                                                                       day: dt.date | None) -> None:
    """Plain text whose page title is the site's own wording: the headline is the line over
    the author's name (over the date), after the menu; a byline label is no headline."""
    text = ("Slip repair to go ahead next spring\n\nSkip to content\n\n"
            + "".join(f"Section {n}\n\n" for n in range(1, 30))
            + f"Harbour Committee Backs Slip Repair\n\n{label}Jane Roe\n\n{dated}{STORY}")
    doc = first_document(config, text, "page.txt")
    assert (doc["title"], doc["authors"], doc["date_published"]) == ("Harbour Committee Backs Slip Repair", ["Jane Roe"],
                                                                     day)


@pytest.mark.parametrize(("byline", "authors"), [
    ("by\n\nDaniel\n\n", ["Daniel"]),  # a first name, as "By Daniel" on one line
    ("5 March 2024\n\nby\n\njroe\n\n", ["jroe"]),  # a handle in lower case beside a date line
    ("by\n\njroe\n\n", []),  # undated: a lower-case word could be anything
    ("Texte\n\nPhotos\n\n", []),  # a credit's label ("Texte : Jane Roe") over a menu's next item
])
def test_one_word_after_a_by_word_on_its_own_line_is_read_as_on_one_line(config: Any, byline: str,
                                                                        authors: list[str]) -> None:
    """Plain text set from HTML puts each inline element on a line of its own: "by" / "jroe"."""
    text = f"Harbour Committee Backs Slip Repair | Courier\n\nHarbour Committee Backs Slip Repair\n\n{byline}{STORY}"
    assert first_document(config, text, "page.txt")["authors"] == authors


# --------------------------------------------------------------------------- title, section


@pytest.mark.parametrize("name", ["page.txt", "page.md"])
def test_a_page_title_of_three_parts_is_no_breadcrumb(config: Any, name: str) -> None:
    """'Headline » Section | Site' has the shape of a breadcrumb trail, but as the file's first
    line it is the page's title: its first part is the headline, not a line of the site's
    service box."""
    text = "Harbour Committee Backs Slip Repair » Local News | The Bay Courier\n\nCustomer service\n\nMonday to Friday\n\n"
    assert first_document(config, text + STORY, name)["title"] == "Harbour Committee Backs Slip Repair"


def test_of_two_h1s_the_one_over_a_byline_is_the_headline(config: Any) -> None:
    text = ("« The committee backs the slip repair, and the fishermen want a timetable now » - The Bay Courier\n\n"
            "# The Bay CourierLocal news since 1901\n\n" + MENU + "\n# « The committee backs the slip repair, and the "
            "fishermen want a timetable now »\n\njeudi 5 mars 2024, par Marie Dupont\n\n" + STORY)
    doc = first_document(config, text)
    assert doc["title"].startswith("« The committee backs")
    assert doc["authors"] == ["Marie Dupont"]
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("level", "title", "day"), [
    (1, "Harbour Committee Backs Slip Repair", dt.date(2024, 3, 5)),
    (2, "Slip repair to go ahead next spring", dt.date(2024, 10, 9)),  # no H1: the copy stays the headline
])
def test_the_one_h1_beats_a_copy_of_the_page_title_below_the_article(config: Any, level: int, title: str,
                                                                      day: dt.date) -> None:
    """The page title is the site's own (SEO) wording; its only copy in the text comes after
    the article (over the most-read list). The page's one H1, over the article's prose, is
    the headline, and the date over it is the article's."""
    texts = ["Slip repair to go ahead next spring", "", "5 March 2024", "Harbour Committee Backs Slip Repair",
             *STORY.split("\n"), "Slip repair to go ahead next spring", "9 October 2024", "Most read"]
    lines = [Line(i, text, heading=level if i == 3 else 2 if text == "Most read" else 0)
             for i, text in enumerate(texts)]
    meta = extract_metadata(lines, compile_metadata(config.metadata), ["en"])
    assert (meta.title, meta.date_published) == (title, day)


def test_a_long_page_title_that_reads_like_a_sentence_still_names_the_headline(config: Any) -> None:
    headline = "The committee agreed on Tuesday to repair the old slip before summer, and the county will help"
    text = (f"{headline} - The Bay Courier\n\n# The Bay Courier\n\n" + MENU + "\nOur sponsors\n\n"
            f"## {headline}\n\n5 March 2024\n\n" + STORY)
    doc = first_document(config, text)
    assert doc["title"] == headline
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_you_are_here_and_breadcrumbs_are_never_the_title(config: Any) -> None:
    text = ("The Bay Courier\n\nYou are here: Home » News » Harbour Committee Backs Slip Repair\n\n"
            "Harbour Committee Backs Slip Repair\n\nBy Jane Roe | 5 March 2024\n\n" + STORY)
    doc = first_document(config, text, "page.txt")
    assert doc["title"] == "Harbour Committee Backs Slip Repair"
    assert doc["authors"] == ["Jane Roe"]


def test_a_search_label_is_no_section(config: Any) -> None:
    text = "Search for:\n\n# Harbour Committee Backs Slip Repair\n\nBy Jane Roe | 5 March 2024\n\n" + STORY
    doc = first_document(config, text)
    assert doc["title"] == "Harbour Committee Backs Slip Repair"
    assert doc["section"] is None


def test_a_question_heading_is_the_headline(config: Any) -> None:
    text = "Harbour | The Bay Courier\n\n" + MENU + "\n# Should the county pay for the old ferry slip?\n\n" + STORY
    assert first_document(config, text)["title"] == "Should the county pay for the old ferry slip?"


def test_a_numbered_breadcrumb_that_repeats_the_page_title_is_not_the_headline(config: Any) -> None:
    crumbs = "1. Home\n2. Harbour\n3. Slip repair backed > Bay Courier\n\n"
    text = ("Slip repair backed > Bay Courier\n\n" + crumbs + "# Harbour Committee Backs Slip Repair\n\n"
            "5 March 2024\n\n" + STORY)
    doc = first_document(config, text)
    assert doc["title"] == "Harbour Committee Backs Slip Repair"
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_a_byline_set_as_list_items_under_a_reworded_heading_is_read(config: Any) -> None:
    text = ("Harbour committee backs repair of the old ferry slip | The Bay Courier\n\n" + MENU +
            "\n## Committee backs repair of ferry slip\n\n- By\n- Jane Roe\n- 5 March 2024\n\n" + STORY)
    doc = first_document(config, text)
    assert doc["title"] == "Harbour committee backs repair of the old ferry slip"
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_the_headline_is_the_heading_the_page_title_names(config: Any) -> None:
    text = ("Slip Repair Backed - The Bay Courier\n\n# The Bay Courier\n\n" + MENU
            + "\n## Latest\n\n# Slip Repair Backed\n\n5 March 2024\n\n" + STORY)
    doc = first_document(config, text)
    assert doc["title"] == "Slip Repair Backed"
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_a_page_title_without_a_heading_loses_its_site_name(config: Any) -> None:
    doc = first_document(config, "Harbour Committee Backs Slip Repair | The Bay Courier\n\n" + MENU + "\n" + STORY)
    assert doc["title"] == "Harbour Committee Backs Slip Repair"


def test_a_short_headline_before_a_longer_site_name_is_the_title(config: Any) -> None:
    """'Headline | Site' is the web's convention (the headline comes first on nine pages in ten
    of the development set): a site name longer than the headline is still the site's."""
    doc = first_document(config, "Slip Repair Backed | The Bay Courier, News of the Harbour Towns\n\n" + MENU + "\n" + STORY)
    assert doc["title"] == "Slip Repair Backed"


def test_the_line_that_repeats_the_page_titles_first_part_is_the_headline(config: Any) -> None:
    """The site's name also stands in the page (its logo, an address block at the foot): the
    line that repeats the first part of 'Headline - Site' is the headline, though the site's
    name covers more of the page title."""
    text = ("Slip Repair Backed - The Bay Courier of the Harbour Towns\n\n" + MENU + "\n5 March 2024\n\n"
            "# Slip Repair Backed\n\n" + STORY + "\n\n**The Bay Courier of the Harbour Towns**\n\n1 Quay Street\n")
    doc = first_document(config, text)
    assert doc["title"] == "Slip Repair Backed"
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_a_prose_standfirst_is_the_subtitle_and_stays_the_first_paragraph(config: Any) -> None:
    lede = ("Repairs to the old ferry slip will start before the summer season, after a long evening of debate "
            "about the cost.")
    doc = first_document(config, page(f"**{lede}**"))
    assert doc["subtitle"] == lede
    assert doc["body"].startswith(lede)


def test_a_short_deck_is_the_subtitle_alone(config: Any) -> None:
    doc = first_document(config, page("## Work on the slip starts in May"))
    assert doc["subtitle"] == "Work on the slip starts in May"
    assert "starts in May" not in doc["body"]


def test_a_line_running_on_into_the_next_is_no_headline(config: Any) -> None:
    text = ("Soil moisture and crop yields in dry-\nland farming: a five-year field study\n\nAbstract\n\n"
            "We measured soil moisture at twelve sites across a semi-arid re-\n"
            "gion over five growing seasons and compared it with the yields of\n"
            "winter wheat. Yields fell sharply when the upper layer dried out.\n")
    doc = first_document(config, text, "paper.txt")
    assert doc["title"] == "Soil moisture and crop yields in dryland farming: a five-year field study"
    assert "semi-arid region over five growing seasons" in doc["body"]


@pytest.mark.parametrize("span", ["June 9, 1941 – January 30, 2025", "9 June 1941 - 30 January 2025", "1941 – 2025"])
def test_a_span_of_dates_under_a_name_is_no_title(config: Any, span: str) -> None:
    """An obituary or a programme sets a span of days under the name it is about: the name is the title."""
    text = f"Harriet Okonkwo-Lindqvist\n{span}\n\n{STORY}"
    doc = first_document(config, text, "notice.txt")
    assert doc["title"] == "Harriet Okonkwo-Lindqvist"
    assert span in doc["body"]  # the life's dates stay the text's


@pytest.mark.parametrize(("byline", "author"), [
    ("Posted by u/tidewater_kelp", "tidewater_kelp"),
    ("Posted by /u/Tidewater_Kelp", "Tidewater_Kelp"),
    ("By @tidewaterkelp", "tidewaterkelp"),
])
def test_a_platform_handle_after_a_byline_word_names_the_author(config: Any, byline: str, author: str) -> None:
    doc = first_document(config, page(byline), "post.txt")
    assert doc["authors"] == [author]
    assert byline not in doc["body"]


def test_a_lower_case_word_after_by_without_a_handle_mark_names_nobody(config: Any) -> None:
    doc = first_document(config, page("Posted by tidewater"), "post.txt")
    assert doc["authors"] == []


# --------------------------------------------------------------------------- dates and URLs


def test_a_layout_table_set_on_one_markdown_row_is_read_cell_by_cell(config: Any) -> None:
    """An old table-layout page converted to markdown: the whole header is one table row, its
    cells the headline and the agency's line with the day."""
    menu = " | ".join(f"[Harbour topic {n}](/topics/{n}/)" for n in range(30))
    first, rest = STORY.split("\n\n", 1)
    row = (f"| | {menu} | **Harbour Committee Backs Slip Repair** | | Bay Courier ( 2024-03-05 09:20:26 ) "
           f"Source: Bay Courier | {first} | |")
    text = f"Harbour Committee Backs Slip Repair\n\n{row}\n\n{rest}"
    assert first_document(config, text)["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("badge", "day"), [
    ("28.\nJanuar\n2024", dt.date(2024, 1, 28)),
    ("Mar\n05\n2024", dt.date(2024, 3, 5)),
    ("Edition\n2024", None),  # a year is no day
])
@pytest.mark.parametrize("name", ["page.md", "page.txt"])
def test_a_date_badge_set_over_lines_dates_the_article(config: Any, badge: str, day: dt.date | None,
                                                        name: str) -> None:
    """A theme's date badge puts day, month and year on lines of their own, one under the other."""
    assert first_document(config, page(badge), name)["date_published"] == day


_SHARED = "Share this article:\n\n* [Facebook](https://facebook.com/share)\n* [Twitter](https://twitter.com/share)\n\n"
_CLOSING = ("The committee will meet again after the summer to look at the survey of the harbour wall and to decide "
            "how the remaining money from the county should be spent on the old quay.")
_MORE = "## More from the harbour\n\nThe ferry timetable for the summer is out now and runs until the autumn.\n\n"


@pytest.mark.parametrize(("tail", "day"), [
    (f"{_SHARED}17.04.2024\n\n{_MORE}", dt.date(2024, 4, 17)),  # the one day the page shows, alone on its line
    (f"{_SHARED}17.04.2024\n\n{_MORE}The survey of the wall starts on 3 May 2024, the county said.\n",
     None),  # a second day anywhere: whose is which?
    (f"{_SHARED}[17.04.2024](/archive/2024/)\n\n{_MORE}", None),  # a link: an archive's or a teaser's
    (f"{_SHARED}## 2 Comments\n\nJane Roe\n\nsays:\n\n17.04.2024\n\nGood news for the fishermen at last.\n\n",
     None),  # a comment's day
    (f"{_SHARED}17.04.2024\n\n## More from the harbour\n\n17.04.2024\n\nThe ferry timetable is out.\n\n"
     "17.04.2024\n\nThe bus timetable is out too.\n\n", None),  # on three lines: a list's days
])
@pytest.mark.parametrize("name", ["page.md", "page.txt"])
def test_the_one_day_a_page_shows_dates_it(config: Any, tail: str, day: dt.date | None, name: str) -> None:
    """When nothing else dates a page and the whole page writes one day only, on a line of its
    own (under the share buttons, at the foot of the article), that day is the page's."""
    text = (f"Harbour Committee Backs Slip Repair | The Bay Courier\n\n# Harbour Committee Backs Slip Repair\n\n{STORY}\n"
            f"{_CLOSING}\n\n{tail}")
    assert first_document(config, text, name)["date_published"] == day


@pytest.mark.parametrize(("line", "day"), [
    ("2024-03-09 14:15:57 2024-03-05 10:20:00 05.03.2024 10:20", dt.date(2024, 3, 5)),  # change, publication
    ("09.03.2024 / 05.03.2024", dt.date(2024, 3, 5)),
    ("05.03.2024 - 09.03.2024", None),  # a range: an event's days
    ("Harbour 2024-03-09 2024-03-05", dt.date(2024, 3, 9)),  # words beside the dates: the first, as before
])
def test_a_line_of_dates_alone_gives_the_earliest(config: Any, line: str, day: dt.date | None) -> None:
    """A template that sets the last change beside the publication, the dates alone on a
    line: the earliest is the publication (a page is changed after it is published)."""
    assert first_document(config, page(line))["date_published"] == day


@pytest.mark.parametrize(("row", "day"), [
    ("|  |  |  |  |\n| --- | --- | --- | --- |\n| 26 | 03 | 2024 | News | Harbour |", dt.date(2024, 3, 26)),
    ("|  |  |  |  |\n| --- | --- | --- | --- |\n| 5 | Mar | 2024 | News | 2 min |", dt.date(2024, 3, 5)),
    ("|  |  |  |  |\n| --- | --- | --- | --- |\n| Edition | 2024 | News | Harbour |", None),  # no day
    ("26 | 03 | 2024", dt.date(2024, 3, 26)),  # the parts parted by bars, a line of their own
    ("News | 03 | 2024", None),
])
def test_a_date_badge_set_in_table_cells_dates_the_article(config: Any, row: str, day: dt.date | None) -> None:
    """A badge whose parts sat in cells of their own, converted to a markdown table row over
    the headline, or parted by bars on a line of their own, dates the article as the badge
    set over lines does."""
    first, rest = STORY.split("\n\n", 1)
    text = f"{row}\n\n# Harbour Committee Backs Slip Repair\n\n{first}\n\n{rest}"
    assert first_document(config, text)["date_published"] == day


@pytest.mark.parametrize(("header", "day"), [
    ("Termin: 21.02.2025, 19 Uhr", None),  # the event the article announces
    ("**Deadline:** 15 April 2025", None),  # the closing day of a call
    ("Termin: 21.02.2025, 19 Uhr\n\nBy Jane Roe | 5 March 2024", dt.date(2024, 3, 5)),  # the byline's day wins
    ("Date: 5 March 2024", dt.date(2024, 3, 5)),  # a date label
])
@pytest.mark.parametrize("name", ["page.md", "page.txt"])
def test_a_date_under_an_event_label_is_not_the_publication_date(config: Any, header: str, day: dt.date | None,
                                                                 name: str) -> None:
    """``event_labels`` in the language files: a day an event, a deadline or an opening is set
    for is not the day the article was published."""
    assert first_document(config, page(header), name)["date_published"] == day


@pytest.mark.parametrize(("header", "day"), [
    ("21 March 2025, 13:15 - 19:00", None),  # the hours of an event
    ("Sa., 22.03.2025, 9:00 Uhr – 17:00 Uhr", None),
    ("21 March 2025, 13:15", dt.date(2025, 3, 21)),  # one time: when the article went out
])
def test_a_day_with_a_span_of_hours_is_an_events(config: Any, header: str, day: dt.date | None) -> None:
    assert first_document(config, page(header))["date_published"] == day


def test_a_date_in_the_page_url_is_the_last_resort(config: Any) -> None:
    text = "https://news.example/2024/03/05/slip-repair/\n\n# Harbour Committee Backs Slip Repair\n\n" + STORY
    doc = first_document(config, text)
    assert doc["url"] == "https://news.example/2024/03/05/slip-repair/"
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("byline", "date"), [
    ("Updated 9 June 2025", dt.date(2024, 3, 5)),   # later than the day the address was made: an update
    ("Published 1 January 2019", dt.date(2024, 3, 5)),  # earlier: another event (an old teaser)
    ("Published 6 March 2024", dt.date(2024, 3, 6)),  # the next day: a draft published after midnight
    ("Published 5 March 2024", dt.date(2024, 3, 5)),
])
def test_the_page_url_date_bounds_the_publication_date(config: Any, byline: str, date: dt.date) -> None:
    text = f"https://news.example/2024/03/05/slip-repair/\n\n# Harbour Committee Backs Slip Repair\n\n{byline}\n\n" + STORY
    assert first_document(config, text)["date_published"] == date


def test_a_date_in_a_link_to_the_page_itself_is_its_url_date(config: Any) -> None:
    share = ("\n* [Share](https://news.example/2024/03/05/harbour-committee-backs-slip-repair/?share=mail)\n"
             "* [Storm closes the coast road](https://news.example/2024/02/02/storm-closes-the-coast-road/)\n")
    assert first_document(config, page("") + share)["date_published"] == dt.date(2024, 3, 5)
    teaser = "\n* [Storm closes the coast road](https://news.example/2024/02/02/storm-closes-the-coast-road/)\n"
    assert first_document(config, page("") + teaser)["date_published"] is None


@pytest.mark.parametrize(("link", "date"), [
    ("[Harbour Committee Backs Slip Repair](https://news.example/2024/03/05/p-17/)", dt.date(2024, 3, 5)),
    ("[Storm Closes the Coast Road](https://news.example/2024/02/02/p-12/)", None),  # a teaser's title
])
def test_the_headline_linked_to_a_dated_address_dates_the_page(config: Any, link: str, date: dt.date | None) -> None:
    """A theme links the post's headline to the post's address, whose path need not spell it."""
    assert first_document(config, page(f"| 5 March | {link} |"))["date_published"] == date


_NAVIGATION = "\n\n# Post navigation\n\n[← Storm closes the coast road](/2024/02/storm-closes-the-coast-road/)\n"


@pytest.mark.parametrize(("link", "date"), [
    ('[15/03/202416/03/2024](/2024/03/harbour-committee-backs-slip-repair/ "09:00")',
     dt.date(2024, 3, 15)),  # published and updated, run together; the link has a title
    ("[15/03/202416/03/2024](/2024/03/harbour-committee-backs-slip-repair/#comment-12)", None),  # a comment's date
    ("[15/03/202416/03/2024](/2024/03/storm-closes-the-coast-road/)", None),  # a teaser's
])
def test_a_date_linked_to_the_page_itself_dates_it(config: Any, link: str, date: dt.date | None) -> None:
    """A theme links the post's date to the post: the link's text is its date when nothing else is."""
    text = page("") + "\n[Harbour](/category/harbour/)\n\n" + link + _NAVIGATION
    assert first_document(config, text)["date_published"] == date


def test_a_link_with_a_title_to_an_author_page_names_the_author(config: Any) -> None:
    header = f'[5 March 2024](/2024/03/05/) [jroe](/author/jroe/ "View all posts by jroe") {_TAGS}'
    assert first_document(config, page(header))["authors"] == ["jroe"]


def test_an_embedded_posts_date_is_not_the_articles(config: Any) -> None:
    header = "By Jane Roe | Published: 5 March 2024\n\n— Bay Harbour Office (@bayharbour) June 1, 2023"
    assert first_document(config, page(header))["date_published"] == dt.date(2024, 3, 5)


def test_a_publication_label_below_the_text_beats_an_update_label_above_it(config: Any) -> None:
    trailer = "\n* [Home](/)\n\nLast updated: 9 March 2024\n\nPublished: 5 March 2024\n"
    assert first_document(config, page("") + trailer)["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("opening", "day"), [
    ("05.03.24 - ", dt.date(2024, 3, 5)),
    ("(5 March 2024) ", dt.date(2024, 3, 5)),  # in brackets
    ("Press release of 5 March 2024 | ", dt.date(2024, 3, 5)),  # a few words and the day, before a bar
    ("(in brief) ", None),
    ("Harbour news | ", None),
])
def test_a_paragraph_that_opens_with_its_date_dates_the_article(config: Any, opening: str, day: dt.date | None) -> None:
    text = "# Harbour Committee Backs Slip Repair\n\n" + opening + STORY
    assert first_document(config, text)["date_published"] == day


def test_a_date_that_is_one_part_of_the_page_title_dates_the_page(config: Any) -> None:
    text = page("", "Harbour Committee Backs Slip Repair - News - 5 March 2024 - The Bay Courier")
    assert first_document(config, text)["date_published"] == dt.date(2024, 3, 5)
    undated = page("", "Harbour Committee Backs Slip Repair - News - 2024 Season - The Bay Courier")
    assert first_document(config, undated)["date_published"] is None


@pytest.mark.parametrize("fields", [
    "Published: 5 March 2024 Views: 61 © The Bay Courier and its authors, licences for reprints on request",
    "Last updated: 9 March 2024 - 14:49:39Published: 5 March 2024 Views: 61",  # the label glued to the time before
])
def test_a_date_label_is_read_in_a_long_line_of_fields(config: Any, fields: str) -> None:
    """A label's value that opens with its day is read however long the line runs on, and a
    label glued to the digits of the field before it still starts a field of its own."""
    assert first_document(config, page(fields))["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize("footer", [
    "This page was last edited on 9 March 2024, at 14:22.",
    "* Diese Seite wurde zuletzt am 9. März 2024 um 14:22 Uhr geändert.",
    "La dernière modification de cette page a été faite le 9 mars 2024 à 14:22.",
    "Esta página se editó por última vez el 9 mar 2024 a las 14:22.",
])
def test_a_wiki_footer_dates_a_page_that_names_no_other_day(config: Any, footer: str) -> None:
    """A wiki's 'last edited' footer is the page's only date; a publication label still wins."""
    trailer = "\n* [Home](/)\n* [Recent changes](/recent)\n\n" + footer + "\n"
    assert first_document(config, page("") + trailer)["date_published"] == dt.date(2024, 3, 9)
    labelled = first_document(config, page("Published: 5 March 2024") + trailer)
    assert labelled["date_published"] == dt.date(2024, 3, 5)


_FACT_BOX = ("Book details:\n\nISBN: 9780000000000\n\nPages: 448\n\nFormat: Paperback\n\nPublisher: Harbour Books"
             "\n\nRelease date: 14 August 2023\n\nPrice: 12.99")


#: The same box as plain text set from HTML: each label on a line of its own, one split from its colon.
_FACT_BOX_LINES = ("Book details:\n\nISBN:\n9780000000000\n\nPages:\n448\n\nFormat:\nPaperback\n\nTranslator\n:\nJane Roe"
                   "\n\nPublisher:\nHarbour Books\n\nRelease date:\n14 August 2023\n\nPrice:\n12.99")


@pytest.mark.parametrize("header", [
    "Saturday, 9 March 2024\n\n# Harbour Committee Backs Slip Repair\n\n" + _FACT_BOX,  # a blog's day header
    "# Harbour Committee Backs Slip Repair\n\nPosted on 9 March 2024\n\n" + _FACT_BOX,
    "Saturday, 9 March 2024\n\n# Harbour Committee Backs Slip Repair\n\n" + _FACT_BOX_LINES,
])
def test_a_reviewed_items_fact_box_gives_the_page_no_fields(config: Any, header: str) -> None:
    """A run of fields the page does not read ('ISBN', 'Pages', 'Price') is the fact box of the
    book or film an article reviews: its publisher and release date are the item's."""
    doc = first_document(config, f"Reviews | The Bay Courier\n\n{MENU}\n{header}\n\n{STORY}")
    assert doc["date_published"] == dt.date(2024, 3, 9)
    assert doc["publisher"] != "Harbour Books"
    assert doc["authors"] == []  # nor its translator


@pytest.mark.parametrize(("fields", "day"), [(3, dt.date(2024, 3, 5)), (2, None)])
def test_how_many_other_fields_make_a_fact_box_is_data(config: Any, fields: int, day: dt.date | None) -> None:
    """``fact_box_fields`` in ``metadata.toml`` (3 in the shipped rules): a header with two
    fields the page does not read beside its date label is still read."""
    lines = [Line(i, text) for i, text in enumerate([
        "Harbour Committee Backs Slip Repair", "", "Reading time: 5 min", "Topic: Harbour",
        "Published: 5 March 2024", "", *STORY.split("\n")])]
    assert compile_metadata(config.metadata).fact_box_fields == 3
    meta = extract_metadata(lines, compile_metadata({**config.metadata, "fact_box_fields": fields}), ["en"])
    assert (meta.title, meta.date_published) == ("Harbour Committee Backs Slip Repair", day)


@pytest.mark.parametrize("header", [
    "Zuletzt aktualisiert: 09.03.2024 | Erstveröffentlichung: 05.03.2024",
    "Last updated: 9 March 2024 | Originally posted: 5 March 2024",
    "Mis à jour le 9 mars 2024 | Première publication : 5 mars 2024",
])
def test_a_first_publication_label_beats_an_update_label(config: Any, header: str) -> None:
    assert first_document(config, page(header))["date_published"] == dt.date(2024, 3, 5)


def test_an_update_label_on_a_line_of_its_own_is_no_publication_label(config: Any) -> None:
    doc = first_document(config, page("Last updated:\n9 March 2024\n\nPublished: 5 March 2024"))
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_a_publication_label_beats_an_update_label(config: Any) -> None:
    doc = first_document(config, page("Updated: 9 March 2024\n\nPublished: 5 March 2024"))
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("text", "expected"), [
    ("Posted on March 5, 2024 by Jane Roe", dt.date(2024, 3, 5)),
    ("5. März 202409. März 2024", dt.date(2024, 3, 5)),  # published and updated, glued together
    ("Freitag, 05.03.2024 um 10:42 Uhr", dt.date(2024, 3, 5)),
    ("2024年3月5日 10:42", dt.date(2024, 3, 5)),
    ("Page 3 of 12", None),
])
def test_find_date_in_a_line(text: str, expected: dt.date | None) -> None:
    assert find_date(text, ("de", "en")) == expected


def test_two_digit_years_do_not_depend_on_the_day_of_the_run() -> None:
    assert parse_date("05.03.24", ("de",)) == dt.date(2024, 3, 5)
    assert parse_date("05.03.98", ("de",)) == dt.date(1998, 3, 5)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example/2024/03/05/slip/", dt.date(2024, 3, 5)),
    ("https://news.example/news/2024-03-05-slip-repair", dt.date(2024, 3, 5)),
    ("https://news.example/archive/20240305/slip", dt.date(2024, 3, 5)),
    ("https://news.example/2024/13/45/slip/", None),
    ("https://news.example/story/12345", None),
])
def test_url_date(url: str, expected: dt.date | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(("url", "base", "expected"), [
    ("//news.example/a/b", None, "https://news.example/a/b"),
    ("/a/b", "https://news.example/x", "https://news.example/a/b"),
    ("/a/b", None, None),
    ("https%3A%2F%2Fnews.example%2Fa", None, "https://news.example/a"),
    ("javascript:void(0)", None, None),
])
def test_page_urls_are_resolved_or_dropped(url: str, base: str | None, expected: str | None) -> None:
    assert clean_url(url, base) == expected


# --------------------------------------------------------------------------- HTML


def html_page(head: str, body: str) -> str:
    return f"<!doctype html><html lang='en'><head>{head}</head><body>{body}</body></html>"


ARTICLE = "".join(f"<p>{p}</p>" for p in STORY.strip().split("\n\n"))


def shown(field: str) -> str:
    """A closing line of the article that shows an author field's words to the reader: a
    structured author the page nowhere shows is no author (see the test below)."""
    return f"<p>Letters on this story reached {field} from many readers.</p>"


@pytest.mark.parametrize("og_url", ["/news/slip-repair", "//news.example/news/slip-repair", "news/slip repair%zz"])
def test_relative_page_urls_never_quarantine_a_page(config: Any, og_url: str) -> None:
    text = html_page(f"<title>Slip repair</title><meta property='og:url' content='{og_url}'>",
                     f"<article><h1>Slip repair</h1>{ARTICLE}</article>")
    result = process_file(RawFile("page.html", text.encode()), config)
    assert result.documents and not result.rejections
    url = result.documents[0]["url"]
    assert url is None or url.startswith("https://")


_CHANGED = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Slip Repair Backed",'
            ' "datePublished": "2024-01-10T09:00:00+01:00", "dateModified": "2024-03-05T16:00:00+01:00"}</script>')


@pytest.mark.parametrize(("shown", "day"), [
    ("<p class='entry-date'>5 March 2024</p>", dt.date(2024, 3, 5)),  # the change is the date the page gives
    ("<p class='entry-date'>10 January 2024, updated 5 March 2024</p>", dt.date(2024, 1, 10)),  # both shown
    ("", dt.date(2024, 1, 10)),  # neither shown
    ("<p class='entry-date'>7 April 2024</p>", dt.date(2024, 4, 7)),  # another day: the one under the headline
])
def test_a_page_showing_only_its_change_is_dated_by_it(config: Any, shown: str, day: dt.date) -> None:
    text = html_page(f"<title>Slip Repair Backed | The Bay Courier</title>{_CHANGED}",
                     f"<article><h1>Slip Repair Backed</h1>{shown}{ARTICLE}</article>")
    assert first_document(config, text, "page.html")["date_published"] == day


_SAVED = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Slip Repair Backed",'
          ' "datePublished": "2024-01-10T09:00:00+01:00"}</script>')
_COMMENTS = ("<section id='comments'><ol><li class='comment'><p>Good news for the harbour.</p>"
             "<a href='#comment-7'><time datetime='2024-03-09T10:00'>9 March 2024</time></a></li></ol></section>")


@pytest.mark.parametrize(("shown", "after", "day"), [
    ("<time datetime='2024-03-05'>05.03.2024</time>", "", dt.date(2024, 3, 5)),  # the page's own time element
    ("<time datetime='2024-03-05'>05.03.2024</time>", _COMMENTS, dt.date(2024, 3, 5)),  # a comment's is none
    ("", _COMMENTS, dt.date(2024, 1, 10)),  # a comment's time alone: the structured day stays
    ("<time datetime='2024-03-05'></time>", "", dt.date(2024, 1, 10)),  # a time element showing nothing
    ("<time datetime='2024-03-05'>5 March</time><time datetime='2024-03-07'>7 March</time>", "",
     dt.date(2024, 1, 10)),  # two days: which one is the article's?
])
def test_the_pages_own_time_element_beats_a_structured_day_shown_nowhere(config: Any, shown: str, after: str,
                                                                        day: dt.date) -> None:
    """A ``<time>`` element the page shows, outside its comments and embeds, gives the day
    the reader sees; a structured day shown nowhere is then the day the entry was saved."""
    text = html_page(f"<title>Slip Repair Backed | The Bay Courier</title>{_SAVED}",
                     f"<article><h1>Slip Repair Backed</h1>{ARTICLE}<ul class='meta'><li>Tags</li><li>{shown}</li></ul>"
                     f"{after}</article>")
    assert first_document(config, text, "page.html")["date_published"] == day


@pytest.mark.parametrize(("header", "footer", "day"), [
    ("<p>Updated 5 March 2024</p>", "", dt.date(2024, 3, 5)),  # the one day the page shows: its update
    ("<p>Updated 5 March 2024</p>", "<time datetime='2024-01-10'>10.01.2024</time>",
     dt.date(2024, 1, 10)),  # the publication shown in a time element: it stays
    ("", "", dt.date(2024, 1, 10)),  # no day shown
])
def test_an_update_shown_instead_of_the_publication_dates_the_page(config: Any, header: str, footer: str,
                                                                   day: dt.date) -> None:
    """A page whose structured publication day is shown nowhere, and which shows the day of
    its last update under the headline, is dated by the day its readers see."""
    text = html_page(f"<title>Slip Repair Backed | The Bay Courier</title>{_SAVED}",
                     f"<article><h1>Slip Repair Backed</h1>{header}{ARTICLE}<ul class='meta'><li>Tags</li>"
                     f"<li>{footer}</li></ul></article>")
    assert first_document(config, text, "page.html")["date_published"] == day


@pytest.mark.parametrize(("title", "day"), [
    ("Slip Repair Backed - News - 5 March 2024 - The Bay Courier", dt.date(2024, 3, 5)),  # the change, in the title
    ("Slip Repair Backed - News - 10 January 2024 - The Bay Courier", dt.date(2024, 1, 10)),  # the publication
    ("Slip Repair Backed | The Bay Courier", dt.date(2024, 1, 10)),  # no day in the title
])
def test_the_title_bar_shows_a_day_to_the_reader(config: Any, title: str, day: dt.date) -> None:
    """A day in the page's ``<title>`` is one the page shows (the browser's title bar, the
    search result): the last change shown there and nowhere else dates the page."""
    text = html_page(f"<title>{title}</title>{_CHANGED}", f"<article><h1>Slip Repair Backed</h1>{ARTICLE}</article>")
    assert first_document(config, text, "page.html")["date_published"] == day


@pytest.mark.parametrize(("structured", "shown", "day"), [
    ("2024-03-12T09:00:00+01:00", "<p>05.03.2024 - Redaktion: Jane Roe</p>", dt.date(2024, 3, 5)),
    ("2024-03-12T09:00:00+01:00", "<p>5 March 2024</p><p>12 March 2024</p>", dt.date(2024, 3, 12)),  # shown too
    ("2024-03-12T09:00:00+01:00", "", dt.date(2024, 3, 12)),  # no day shown
    ("2024-04-12T09:00:00+01:00", "<p>12/04/2024</p>", dt.date(2024, 4, 12)),  # the same day, read the other way
])
def test_a_day_shown_under_the_headline_beats_a_structured_day_shown_nowhere(config: Any, structured: str,
                                                                             shown: str, day: dt.date) -> None:
    """The structured publication day is often the day the entry was made or last saved;
    the day a reader sees under the headline, in a byline or a date line, is the one the
    page gives, when it nowhere shows the structured one. A slashed day that is the
    structured one read the other way round agrees with it."""
    ld = f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{structured}"}}</script>'
    text = html_page(f"<title>Slip Repair Backed | The Bay Courier</title>{ld}",
                     f"<article><h1>Slip Repair Backed</h1>{shown}{ARTICLE}</article>")
    assert first_document(config, text, "page.html")["date_published"] == day


@pytest.mark.parametrize(("shown", "day"), [
    ("<p>Publication date: 5 March 2024</p><p class='date'>12.03.2024</p>", dt.date(2024, 3, 5)),
    ("<p>Published: 5 March 2024</p><p class='date'>12.03.2024</p>", dt.date(2024, 3, 5)),
    ("<p>Publication date: 5 March 2024</p><p>Last changed: 12 March 2024</p>", dt.date(2024, 3, 5)),
    ("<p>Publication date: 12 March 2024</p><p>Printed: 5 March 2024</p>", dt.date(2024, 3, 12)),  # it gives the structured day
])
def test_a_publication_label_beats_a_structured_day_it_does_not_give(config: Any, shown: str, day: dt.date) -> None:
    """A page that labels its publication day on a line ('Publication date: 5 March 2024')
    gives that day, whatever its structured data says and wherever else that day is shown
    (an element with the last change, say)."""
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-12T09:00:00+01:00"}</script>'
    text = html_page(f"<title>Slip Repair Backed | The Bay Courier</title>{ld}",
                     f"<article><h1>Slip Repair Backed</h1>{shown}{ARTICLE}</article>")
    assert first_document(config, text, "page.html")["date_published"] == day


@pytest.mark.parametrize(("shown", "day"), [
    ("<p class='entry-date'>1 November 2023</p>", dt.date(2023, 11, 1)),  # the text reads it month first
    ("<p class='entry-date'>11 January 2023</p>", dt.date(2023, 1, 11)),
    ("", dt.date(2023, 1, 11)),  # nothing shown: the language's reading (day first in German)
])
def test_a_structured_date_that_reads_either_way_is_read_as_the_page_shows_it(config: Any, shown: str,
                                                                              day: dt.date) -> None:
    text = html_page("<title>Slip Repair Backed | The Bay Courier</title>"
                     "<meta property='article:published_time' content='11/01/2023 12:43:42'>",
                     f"<article><h1>Slip Repair Backed</h1>{shown}{ARTICLE}</article>").replace("lang='en'", "lang='de'")
    assert first_document(config, text, "page.html")["date_published"] == day


@pytest.mark.parametrize(("stamp", "shown", "day"), [
    ("2024-05-04T02:41:00Z", "3 May 2024", dt.date(2024, 5, 3)),  # a morning in UTC: the evening before, west
    ("Sat, 04 May 2024 02:41:00 GMT", "3 May 2024", dt.date(2024, 5, 3)),
    ("2024-05-03T22:10:00", "4 May 2024", dt.date(2024, 5, 4)),  # no zone, late: the next day, east
    ("2024-05-04T14:41:00Z", "3 May 2024", dt.date(2024, 5, 4)),  # an afternoon in UTC is not the day before
    ("2024-05-04T02:41:00+02:00", "3 May 2024", dt.date(2024, 5, 4)),  # its own offset: already local
    ("2024-05-04T02:41:00Z", "4 May 2024, updated 3 May 2024", dt.date(2024, 5, 4)),  # its own day shown
])
def test_a_utc_timestamp_gives_the_local_day_the_page_shows_anywhere(config: Any, stamp: str, shown: str,
                                                                     day: dt.date) -> None:
    text = html_page(f"<title>Slip Repair Backed | The Bay Courier</title><meta property='article:published_time'"
                     f" content='{stamp}'>",
                     f"<article><h1>Slip Repair Backed</h1>{ARTICLE}<p>Published {shown}</p></article>")
    assert first_document(config, text, "page.html")["date_published"] == day


def test_html_byline_is_read_before_its_element_is_removed(config: Any) -> None:
    text = html_page("<title>Slip Repair Backed | The Bay Courier</title>",
                     "<nav><a href='/'>Home</a></nav><article><h1>Slip Repair Backed</h1>"
                     "<p class='byline'>By Jane Roe, March 5, 2024</p>" + ARTICLE + "</article>")
    doc = first_document(config, text, "page.html")
    assert doc["title"] == "Slip Repair Backed"
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("field", "authors"), [
    ("janeroe", ["Jane Roe"]),  # a handle names no person: the visible byline's name wins
    ("harbour desk", ["Jane Roe"]),
    ("John Doe", ["John Doe"]),  # a field naming a person keeps it
])
def test_a_visible_bylines_person_beats_an_author_field_that_names_none(config: Any, field: str,
                                                                       authors: list[str]) -> None:
    text = html_page(f"<title>Slip Repair Backed | The Bay Courier</title><meta name='author' content='{field}'>",
                     "<article><h1>Slip Repair Backed</h1><p class='byline'>By Jane Roe</p>" + ARTICLE + shown(field)
                     + "</article>")
    assert first_document(config, text, "page.html")["authors"] == authors


@pytest.mark.parametrize(("body", "authors"), [
    ("", []),  # the field alone: a name no reader sees
    ("<p class='byline'>By Jane Roe</p>", ["Jane Roe"]),  # the byline the page shows
    ("<img src='/team.jpg' alt='John Doe'><script>var author = 'John Doe';</script>", []),  # still unseen
    ("<footer><p>John Doe</p></footer>", ["John Doe"]),  # shown, wherever
])
def test_a_structured_author_the_page_never_shows_is_no_author(config: Any, body: str, authors: list[str]) -> None:
    """The site's owner or an editor's account in the head: the same page as text or markdown
    names nobody, and the html gives what the page shows."""
    head = ("<title>Slip Repair Backed</title><meta name='author' content='John Doe'><script type='application/ld+json'>"
            "{\"@type\": \"NewsArticle\", \"author\": {\"@type\": \"Person\", \"name\": \"John Doe\"}}</script>")
    text = html_page(head, f"<article><h1>Slip Repair Backed</h1>{body}{ARTICLE}</article>")
    assert first_document(config, text, "page.html")["authors"] == authors


@pytest.mark.parametrize("box", [
    "<div class='post-author'><div class='author-name'><a href='/autor/jroe'>Jane Roe</a></div>"
    "<div class='author-role'>Senior Harbour Reporter</div></div>",
    "<div class='post-author'><span class='author__info--name'>Jane Roe</span> Harbour Desk Editor</div>",
])
def test_an_author_boxs_role_is_no_part_of_the_name(config: Any, box: str) -> None:
    body = f"<article><h1>Slip Repair Backed</h1>{ARTICLE}{box}</article>"
    assert first_document(config, html_page("<title>Slip Repair Backed</title>", body), "page.html")["authors"] == ["Jane Roe"]


def test_html_structured_fields(config: Any) -> None:
    head = ("<title>Slip Repair Backed - The Bay Courier</title>"
            "<meta property='og:site_name' content='The Bay Courier'>"
            "<meta name='author' content='The Bay Courier'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Slip Repair Backed\","
            " \"datePublished\": \"2024-03-05T08:00:00Z\", \"author\": {\"@type\": \"Person\", \"name\": \"Jane Roe\"}}"
            "</script>")
    doc = first_document(config, html_page(head, f"<article><h1>Slip Repair Backed</h1>{ARTICLE}{shown('Jane Roe')}"
                                                 "</article>"), "page.html")
    assert (doc["title"], doc["authors"], doc["date_published"]) == ("Slip Repair Backed", ["Jane Roe"],
                                                                     dt.date(2024, 3, 5))


@pytest.mark.parametrize(("link", "authors"), [
    ("<a class='url fn n' href='/author/jroe/'>jroe</a>", ["jroe"]),  # the handle the site shows
    ("<a href='/author/jroe/'>View all posts</a>", []),
])
def test_an_html_link_to_an_author_page_under_the_headline_names_the_author(config: Any, link: str,
                                                                             authors: list[str]) -> None:
    """WordPress's entry meta: a date link, then the author's handle as a link to their page."""
    body = ("<article><h1>Slip Repair Backed</h1><div class='entry-meta'><a href='/2024/03/05/slip/'>5 March 2024</a>"
            f" <span class='written'>{link}</span> <a href='/tag/harbour/'>harbour</a></div>{ARTICLE}</article>")
    assert first_document(config, html_page("<title>Slip Repair Backed</title>", body), "page.html")["authors"] == authors


@pytest.mark.parametrize("byline", [
    "<footer><span class='post-author vcard'>Posted by <span class='fn'>Jane Roe</span></span></footer>",  # hCard
    "<byline>By Jane Roe, AP</byline>",  # a news agency's story (NITF) set into the page
])
def test_an_html_byline_element_names_the_author(config: Any, byline: str) -> None:
    """hCard's 'vcard' class marks a person (WordPress's 'author vcard'), not a teaser card."""
    body = "<article><h1>Slip Repair Backed</h1>" + ARTICLE + byline + "</article>"
    assert first_document(config, html_page("<title>Slip Repair Backed</title>", body), "page.html")["authors"] == ["Jane Roe"]


def test_an_html_byline_whose_name_cannot_be_read_names_nobody(config: Any) -> None:
    """Blogger's German 'Posted by' and a name that is no name: not the whole line as one author."""
    body = ("<article><h1>Slip Repair Backed</h1>" + ARTICLE +
            "<span class='post-author vcard'>Eingestellt von <span class='fn'>der Redaktion</span></span></article>")
    assert first_document(config, html_page("<title>Slip Repair Backed</title>", body), "page.html")["authors"] == []


@pytest.mark.parametrize("field", ["By Jane Roe", "Von Jane Roe"])
def test_a_byline_word_in_an_author_field_is_no_part_of_the_name(config: Any, field: str) -> None:
    head = f"<title>Slip Repair Backed</title><meta name='author' content='{field}'>"
    body = f"<article><h1>Slip Repair Backed</h1>{ARTICLE}{shown('Jane Roe')}</article>"
    assert first_document(config, html_page(head, body), "page.html")["authors"] == ["Jane Roe"]


def test_an_html_fragment_is_read_as_a_pages_body(config: Any) -> None:
    """Half-converted HTML without <html> or <body>: its <h1> is the headline all the same."""
    fragment = ("<div class='share'><a href='https://facebook.example/share'>Share</a></div>\n"
                "<h1>Slip Repair Backed</h1>\n<p class='byline'>By <a href='/author/jane-roe'>Jane Roe</a> · "
                "<time datetime='2024-03-05'>5 March 2024</time></p>\n" + ARTICLE +
                "<div class='newsletter'>Sign up for our newsletter! <input type='email'> <button>Go</button></div>"
                "<ul class='related'><li><a href='/a'>Harbour wall to close</a></li>"
                "<li><a href='/b'>New ferry timetable</a></li></ul>")
    doc = first_document(config, fragment, "page.txt")
    assert (doc["title"], doc["authors"], doc["date_published"]) == ("Slip Repair Backed", ["Jane Roe"],
                                                                     dt.date(2024, 3, 5))


def test_the_site_name_is_no_author(config: Any) -> None:
    head = "<title>Slip Repair Backed</title><meta property='og:site_name' content='Bay Courier'>" \
           "<meta name='author' content='Bay Courier'>"
    doc = first_document(config, html_page(head, f"<article><h1>Slip Repair Backed</h1>{ARTICLE}{shown('Bay Courier')}</article>"),
                         "page.html")
    assert doc["authors"] == []


def test_an_author_field_that_names_a_company_names_nobody(config: Any) -> None:
    field = "Harbour Print GmbH, Springfield, Germany"
    head = f"<title>Slip Repair Backed</title><meta name='author' content='{field}'>"
    doc = first_document(config, html_page(head, f"<article><h1>Slip Repair Backed</h1>{ARTICLE}{shown(field)}</article>"),
                         "page.html")
    assert doc["authors"] == []


def test_a_lower_case_word_that_spells_a_legal_form_is_no_company(config: Any) -> None:
    field = "Jane Roe as told to John Doe"
    head = f"<title>Slip Repair Backed</title><meta name='author' content='{field}'>"
    doc = first_document(config, html_page(head, f"<article><h1>Slip Repair Backed</h1>{ARTICLE}{shown(field)}</article>"),
                         "page.html")
    assert doc["authors"][:1] and doc["authors"][0].startswith("Jane Roe")


@pytest.mark.parametrize(("field", "expected"), [
    ("Office for Ports and Harbours", []),  # lower-case words that are no name particles: an institution
    ("Harbour Friends e.V.", []),  # the 'e' of 'e.V.' joins no names; the field names an association
    ("Ana Lima e Rui Costa", ["Ana Lima", "Rui Costa"]),  # 'e' between spaces joins two names
    ("Ludwig van der Berg", ["Ludwig van der Berg"]),  # particles are part of a name
])
def test_an_author_field_with_lower_case_words(config: Any, field: str, expected: list[str]) -> None:
    head = f"<title>Slip Repair Backed</title><meta name='author' content='{field}'>"
    doc = first_document(config, html_page(head, f"<article><h1>Slip Repair Backed</h1>{ARTICLE}{shown(field)}</article>"),
                         "page.html")
    assert doc["authors"] == expected


def test_a_byline_element_without_a_name_gives_way_to_the_next(config: Any) -> None:
    body = ("<article><h1>Slip Repair Backed</h1><span class='author-link' id='link7'>link7</span>"
            "<a class='article-author' href='/jane'>Jane Roe</a>" + ARTICLE + "</article>")
    doc = first_document(config, html_page("<title>Slip Repair Backed</title>", body), "page.html")
    assert doc["authors"] == ["Jane Roe"]


def test_a_posted_word_after_a_name_is_no_part_of_it(config: Any) -> None:
    body = ("<article><h1>Slip Repair Backed</h1><p class='byline'>Jane Roe Published on</p>"
            "<p>5 March 2024</p>" + ARTICLE + "</article>")
    doc = first_document(config, html_page("<title>Slip Repair Backed</title>", body), "page.html")
    assert doc["authors"] == ["Jane Roe"]


# --------------------------------------------------------------------------- bundles


def test_a_byline_repeated_in_every_article_of_a_bundle_stays_each_articles(config: Any) -> None:
    items = []
    for day, title in ((2, "Harbour Committee Backs Slip Repair"), (3, "Ferry Timetable Changes for Spring"),
                       (4, "Lifeboat Crew Trains New Volunteers")):
        items.append(f"# {title}\n\nBy Jane Roe | {day} April 2024\n\n{STORY}")
    result = process_file(RawFile("digest.md", "\n---\n\n".join(items).encode()), config)
    docs = sorted(result.documents, key=lambda d: d["part"])
    assert len(docs) == 3
    assert [d["authors"] for d in docs] == [["Jane Roe"]] * 3
    assert [d["date_published"] for d in docs] == [dt.date(2024, 4, day) for day in (2, 3, 4)]


def test_a_field_on_a_line_that_also_holds_prose_keeps_the_prose_in_the_body(config: Any) -> None:
    lede = ("The committee met on Monday and agreed that the slipway would be repaired before the summer, "
            "after a long debate about the cost of the works and who should pay for them.")
    doc = first_document(config, page(f"| Author: Jane Roe | {lede} |"))
    assert doc["authors"] == ["Jane Roe"]
    assert "agreed that the slipway would be repaired" in doc["body"]


def test_a_link_to_the_team_page_near_the_headline_names_nobody(config: Any) -> None:
    """An interface word linked to a staff page ("Team", "Authors") is no author."""
    for label, href in (("Team", "/team/"), ("Autoren", "/autoren/")):
        body = f"<article><h1>Slip Repair Backed</h1><p><a href='{href}'>{label}</a></p>{ARTICLE}</article>"
        assert first_document(config, html_page("<title>Slip Repair Backed</title>", body), "page.html")["authors"] == []


def test_the_bylines_date_under_the_headline_beats_a_later_date_line(config: Any) -> None:
    """The first date under the headline is the article's, whether a byline or a bare date
    line holds it: a date line further down (an update, a teaser's day) does not replace it."""
    doc = first_document(config, page("Posted on 5 March 2024 by Jane Roe\n\n![](/img/slip.jpg)\n\n12 January 2023"))
    assert (doc["authors"], doc["date_published"]) == (["Jane Roe"], dt.date(2024, 3, 5))


@pytest.mark.parametrize(("other", "day"), [
    ("Comment by Ann on 25/04/2020", dt.date(2020, 4, 12)),  # the page writes the day first
    ("Comment by Ann on 04/25/2020", dt.date(2020, 12, 4)),  # the month first (the US way)
    ("Comment by Ann on 05/04/2020", dt.date(2020, 12, 4)),  # no evidence: English reads the month first
])
def test_an_english_pages_slashed_dates_are_read_in_the_order_the_page_writes_them(config: Any, other: str,
                                                                                   day: dt.date) -> None:
    doc = first_document(config, page("12/04/2020 by Jane Roe") + f"\n\n{other}\n")
    assert doc["date_published"] == day


def test_a_date_run_into_a_links_number_is_still_read(config: Any) -> None:
    """"26/11/2023[3 comments](#comments)": the link's number is no part of the year."""
    doc = first_document(config, page("26/11/2023[3 comments](#comments)"), "page.md")
    assert doc["date_published"] == dt.date(2023, 11, 26)


@pytest.mark.parametrize(("text", "names"), [
    ("Jane Roe Jane Roe", ["Jane Roe"]),  # an avatar's alt text run into the link's text
    ("Teilen Twittern", []),  # share buttons, every word an interface word
    ("Ähnliche Beiträge", []),  # "Related posts"
    ("Humbert Humbert", ["Humbert Humbert"]),  # one word twice is a name
])
def test_names_that_are_no_names(config: Any, text: str, names: list[str]) -> None:
    rules = compile_metadata(config.metadata)
    assert (split_names(text, rules) if looks_like_name(text, rules) else []) == names


@pytest.mark.parametrize(("byline", "authors"), [
    ("By Jane Roe Bay Courier Staff", ["Jane Roe"]),  # a staff label with the site's name after the name
    ("Bay Courier Jane Roe", ["Jane Roe"]),  # a logo's text run into the name
    ("By Bay Courier Redaktion", ["Bay Courier Redaktion"]),  # a desk of the site keeps its name
    ("By Jane Roe", ["Jane Roe"]),
])
def test_the_sites_name_run_into_a_byline_is_cut(config: Any, byline: str, authors: list[str]) -> None:
    text = html_page("<title>Slip Repair Backed</title><meta property='og:url' content='https://www.baycourier.example/slip'>",
                     f"<article><h1>Slip Repair Backed</h1><p class='byline'>{byline}</p>" + ARTICLE + "</article>")
    assert first_document(config, text, "page.html")["authors"] == authors


def test_a_placeholder_names_no_author(config: Any) -> None:
    text = html_page("<title>Slip Repair Backed</title><meta name='author' content='No Author'>",
                     "<article><h1>Slip Repair Backed</h1>" + ARTICLE + shown("No Author") + "</article>")
    assert first_document(config, text, "page.html")["authors"] == []


def test_an_author_field_that_is_the_sites_address_names_nobody(config: Any) -> None:
    """'baycourier.example, Springfield, Germany': the site and its town, no person."""
    text = html_page("<title>Slip Repair Backed</title><meta property='og:url' content='https://baycourier.example/slip'>"
                     "<meta name='author' content='baycourier.example, Springfield, Germany'>",
                     "<article><h1>Slip Repair Backed</h1>" + ARTICLE + shown("baycourier.example, Springfield, Germany")
                     + "</article>")
    assert first_document(config, text, "page.html")["authors"] == []


@pytest.mark.parametrize(("byline", "names"), [
    ("Jane Roe, Bay Courier News, New Haven", ["Jane Roe"]),  # the outlet's town is no second author
    ("Jane Roe, John Doe", ["Jane Roe", "John Doe"]),
    ("Jane Roe, Staff Writer", ["Jane Roe"]),
])
def test_a_comma_byline_ends_at_its_outlet(config: Any, byline: str, names: list[str]) -> None:
    assert split_names(byline, compile_metadata(config.metadata)) == names


# --------------------------------------------------------------------------- elements glued together


#: A converter that drops the space between elements glues them together.
GLUED_DATES = {
    # the standfirst heading and the date after it
    "standfirst": (f"{MENU}\n# Harbour Committee Backs Slip Repair\n\n## The old ferry slip will reopen before the "
                   f"summer season, the committee decided on Tuesday. But who pays for it?Tuesday, 5 March 2024\n\n{STORY}"),
    # the title comes from the page title; the headline's copy, below a long menu, has its date glued on
    "headline copy": ("HBC - Harbour News - Harbour Committee Backs Slip Repair\n\n# Harbour Board of the County\n\n"
                      + "".join(f"* [Harbour topic {n}](/topics/{n}/)\n" for n in range(30))
                      + f"\n# 05.03.2024Harbour Committee Backs Slip Repair\n\n{STORY}"),
    # the rubric's link and a quote over the headline, the date glued to the quote
    "kicker": (f"{MENU}\n[Harbour](/harbour/)\"The old ferry slip will be mended before the summer season\"05.03.2024\n\n"
               f"# Harbour Committee Backs Slip Repair\n\n{STORY}"),
}


@pytest.mark.parametrize("text", GLUED_DATES.values(), ids=GLUED_DATES.keys())
def test_a_date_glued_to_the_headline_or_standfirst_is_read(config: Any, text: str) -> None:
    doc = first_document(config, text)
    assert doc["title"] == "Harbour Committee Backs Slip Repair"
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_a_byline_glued_to_the_headline_is_read(config: Any) -> None:
    text = f"{MENU}\n# »Hafenausschuss für die Reparatur«Veröffentlicht von Anna Maier am 5. März 2024\n\n{STORY}"
    doc = first_document(config, text)
    assert doc["authors"] == ["Anna Maier"]
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("header", "date"), [
    ("14 Oct 2023 – 10 Aug 2024", None),  # a range: an exhibition, a web archive's captures
    ("5 March 2024 to 9 March 2024", None),
    ("05.03.2024 - 09.03.2024", None),
    ("5. März 2024 bis 9. März 2024", None),  # a language's word for it (range_words in flows/rules/lang/)
    ("5 March 2024 – 10:30", dt.date(2024, 3, 5)),  # a day and its time
    ("5 March 2024 – Harbour news", dt.date(2024, 3, 5)),
])
def test_the_first_day_of_a_range_is_no_publication_date(config: Any, header: str, date: dt.date | None) -> None:
    assert first_document(config, page(header))["date_published"] == date


SHARED = "https%3A%2F%2Fbaycourier.example%2F2024%2F03%2F05%2Fslip-repair%2F"


def test_the_sharing_links_give_the_pages_address_and_its_date(config: Any) -> None:
    shares = (f"[Share on Facebook](https://www.facebook.com/sharer/sharer.php?u={SHARED}) "
              f"[Tweet](https://twitter.com/intent/tweet?text=Slip%20repair&url={SHARED}) "
              f"[Share the site](https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fbaycourier.example%2F)")
    doc = first_document(config, page(shares))
    assert doc["url"] == "https://baycourier.example/2024/03/05/slip-repair/"
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize("links", [
    ["https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fbaycourier.example%2Findex.php"],  # the front page
    ["https://www.facebook.com/baycourier"],  # the site's own page there, nothing shared
    ["https://baycourier.example/share?u=https%3A%2F%2Fbaycourier.example%2Fslip"],  # no sharing service
])
def test_no_address_without_a_shared_article(config: Any, links: list[str]) -> None:
    assert shared_url(links, compile_metadata(config.metadata)) is None


@pytest.mark.parametrize("first", [
    "<span class='byline'>Published on</span>",  # a label alone
    "<span class='author'>About the author</span>",
])
def test_a_byline_element_that_names_nobody_gives_way_to_the_next(config: Any, first: str) -> None:
    text = html_page("<title>Slip Repair Backed</title>",
                     f"<article><h1>Slip Repair Backed</h1><div class='meta'>{first}</div>{ARTICLE}"
                     "<p class='author'>Jane Roe</p></article>")
    assert first_document(config, text, "page.html")["authors"] == ["Jane Roe"]


def test_the_first_byline_element_that_names_somebody_wins(config: Any) -> None:
    text = html_page("<title>Slip Repair Backed</title>",
                     f"<article><h1>Slip Repair Backed</h1><p class='byline'>By Jane Roe</p>{ARTICLE}"
                     "<p class='author'>John Doe</p></article>")
    assert first_document(config, text, "page.html")["authors"] == ["Jane Roe"]


def test_an_html_page_without_an_address_in_its_head_takes_the_one_its_sharing_buttons_share(config: Any) -> None:
    share = f"<a href='https://www.facebook.com/sharer/sharer.php?u={SHARED}'>Share</a>"
    text = html_page("<title>Slip Repair Backed</title>",
                     f"<article><h1>Slip Repair Backed</h1>{ARTICLE}</article><div class='share'>{share}</div>")
    doc = first_document(config, text, "page.html")
    assert doc["url"] == "https://baycourier.example/2024/03/05/slip-repair/"
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_the_heads_address_beats_the_sharing_buttons(config: Any) -> None:
    share = f"<a href='https://www.facebook.com/sharer/sharer.php?u={SHARED}'>Share</a>"
    text = html_page("<title>Slip Repair Backed</title><link rel='canonical' href='https://baycourier.example/slip'>",
                     f"<article><h1>Slip Repair Backed</h1>{ARTICLE}</article><div class='share'>{share}</div>")
    assert first_document(config, text, "page.html")["url"] == "https://baycourier.example/slip"


@pytest.mark.parametrize(("html_tag", "head", "day"), [
    ("<html lang='en-GB'>", "", dt.date(2020, 10, 2)),  # British English writes the day first
    ("<html xml:lang='en-AU'>", "", dt.date(2020, 10, 2)),  # so does an XHTML page's Australian
    ("<html lang='en'>", "<meta property='og:locale' content='en_IE'>", dt.date(2020, 10, 2)),  # the OpenGraph locale
    ("<html lang='en-US'>", "", dt.date(2020, 2, 10)),  # US English, the month first
    ("<html lang='en'>", "", dt.date(2020, 2, 10)),  # no region: English's default
])
def test_an_english_pages_locale_sets_the_order_of_its_slashed_dates(config: Any, html_tag: str, head: str,
                                                                     day: dt.date) -> None:
    text = (f"<!doctype html>{html_tag}<head><title>Slip Repair Backed</title>{head}</head><body>"
            f"<h1>Slip Repair Backed</h1><p>The Bay Courier 02/10/2020 Jane Roe</p>{ARTICLE}</body></html>")
    assert first_document(config, text, "page.html")["date_published"] == day


def test_a_locale_that_writes_the_day_first_is_data(config: Any) -> None:
    """The regions are read from the language files: a maintainer adds one without Python."""
    rules = compile_metadata(config.metadata)
    assert {"en-gb", "en-au", "en-ie"} <= rules.day_first_locales and "en-us" not in rules.day_first_locales
    assert "en-ca" in compile_metadata({**config.metadata, "languages": {
        **config.metadata["languages"], "en": {**config.metadata["languages"]["en"], "day_first_regions": ["ca"]}}
    }).day_first_locales


@pytest.mark.parametrize("name", ["page.txt", "page.md"])
def test_a_headline_with_a_dash_of_its_own_keeps_it_when_the_page_shows_it(config: Any, name: str) -> None:
    """The page title "Headline – more | Site" is cut at the site's bar, not at the headline's own
    dash, when a line of the page repeats "Headline – more" word for word."""
    teasers = "* Slip Repair Backed – County Pays Half\n* Storm Closes the Coast Road\n\n"
    text = "Slip Repair Backed – County Pays Half | The Bay Courier\n\n" + teasers + STORY
    assert first_document(config, text, name)["title"] == "Slip Repair Backed – County Pays Half"
    alone = "Slip Repair Backed – County Pays Half | The Bay Courier\n\n" + STORY  # nothing to go by: the first part
    assert first_document(config, alone, name)["title"] == "Slip Repair Backed"


@pytest.mark.parametrize("title", ["Should the county pay for the old ferry slip at last?",
                                   "Slip repair backed after a long night at the harbour committee!"])
def test_a_plain_text_page_title_that_asks_or_exclaims_is_the_title(config: Any, title: str) -> None:
    text = f"{title}\n\nBy Jane Roe | 5 March 2024\n\n" + STORY
    doc = first_document(config, text, "page.txt")
    assert (doc["title"], doc["authors"], doc["date_published"]) == (title, ["Jane Roe"], dt.date(2024, 3, 5))


@pytest.mark.parametrize(("lines", "authors", "day"), [
    ("Jane Roe\n|\n29 December 2022\n30 December 2022\n|\nHarbour World", ["Jane Roe"], dt.date(2022, 12, 29)),
    ("Jane Roe\n·\n29 December 2022\n30 December 2022\n·\nHarbour World", ["Jane Roe"], dt.date(2022, 12, 29)),
    ("Impressum\n|\nKontakt", [], None),  # a footer's links, no byline
])
def test_a_byline_set_on_lines_around_its_bar_is_read_as_one(config: Any, lines: str, authors: list[str],
                                                             day: dt.date | None) -> None:
    """Plain text set from HTML puts each inline element on a line of its own: the name, the bar
    and the date of "Jane Roe | 29 December 2022" (then the day it was updated, the rubric)."""
    text = ("Five Harbour Trends 2023 | The Bay Courier\n\nNews\n\nSport\n\n"
            f"Five Harbour Trends 2023\n\n{lines}\n\nPhoto: Bay Archive\n\n{STORY}")
    doc = first_document(config, text, "page.txt")
    assert (doc["authors"], doc["date_published"]) == (authors, day)


@pytest.mark.parametrize("level", [2, 3, 4])
def test_the_one_heading_over_the_prose_is_the_headline_when_the_page_title_is_the_sites(config: Any,
                                                                                     level: int) -> None:
    """The page title names only the site and the page has no H1: its one heading, with the
    article's prose under it, is the headline, and the date line over it dates the page."""
    hashes = "#" * level
    text = (f"The Bay Courier Harbour Association\n\n{MENU}\nNews and notices\n\n2024-03-05 | Notice\n\n"
            f"{hashes} Slip repair backed after a long night at the harbour committee!\n\n{STORY}")
    doc = first_document(config, text)
    assert (doc["title"], doc["date_published"]) == (
        "Slip repair backed after a long night at the harbour committee!", dt.date(2024, 3, 5))


@pytest.mark.parametrize("name", ["page.txt", "page.md"])
def test_a_lone_date_line_in_the_articles_opening_dates_it_when_nothing_else_does(config: Any, name: str) -> None:
    """Plain text set from HTML loses a date's label to a line of its own, often past the
    lines read around the headline: a line holding only a date, before the article's fourth
    paragraph, dates the page; one further down, on a page that writes another day, is a
    comment's, a teaser's or an event's."""
    head = "Harbour Committee Backs Slip Repair | The Bay Courier\n\n# Harbour Committee Backs Slip Repair\n\n"
    more = ("The county has not yet answered the committee's letter, and a reply is expected before the end of the "
            "month, when the council meets again to set its budget for the coming year.\n\n")
    doc = first_document(config, head + STORY + "\n5 March 2024\n\n" + more, name)
    assert doc["date_published"] == dt.date(2024, 3, 5)
    other = "The survey of the harbour wall starts on 12 April 2024, the county said in its letter to the committee.\n\n"
    deep = first_document(config, head + STORY + "\n" + more + "\n5 March 2024\n\n" + other, name)
    assert deep["date_published"] is None


def test_a_lone_date_is_sought_among_the_first_date_shaped_lines_only(config: Any) -> None:
    """A page of date-shaped lines that are no dates ("32.1.2001") costs a parse for the first
    few, not one per line: the lone date past them is not read."""
    from flows.clean.metadata import _LONE_TRIES

    def text(junk_lines: int) -> str:
        junk = "".join(f"{32 + n}.1.2001\n\n" for n in range(junk_lines))
        notes = "".join(f"Harbour note {n}\n\n" for n in range(15))  # past the lines read around the headline
        other = "\nThe survey of the harbour wall starts on 12 April 2024, the county said in its letter.\n"
        return "# Harbour Committee Backs Slip Repair\n\n" + notes + junk + "5 March 2024\n\n" + STORY + other

    assert first_document(config, text(_LONE_TRIES - 1))["date_published"] == dt.date(2024, 3, 5)
    assert first_document(config, text(_LONE_TRIES))["date_published"] is None


@pytest.mark.parametrize(("depth", "day"), [(3, dt.date(2024, 3, 5)), (2, None)])
def test_how_deep_a_lone_date_is_read_is_data(config: Any, depth: int, day: dt.date | None) -> None:
    """``lone_date_prose`` in ``metadata.toml``: how many of the article's prose paragraphs a
    lone date line may come after (3 in the shipped rules)."""
    lines = [Line(0, "Harbour Committee Backs Slip Repair"), Line(1, "")]
    more = "The county has not yet answered the committee's letter of 12 April 2024, and a reply is expected soon."
    lines += [Line(len(lines) + i, text) for i, text in enumerate([*STORY.split("\n"), "5 March 2024", "", more])]
    assert compile_metadata(config.metadata).lone_date_prose == 3
    meta = extract_metadata(lines, compile_metadata({**config.metadata, "lone_date_prose": depth}), ["en"])
    assert (meta.title, meta.date_published) == ("Harbour Committee Backs Slip Repair", day)


@pytest.mark.parametrize(("deck", "between", "dash"), [
    ("Eight hundred tonnes a year and twenty new jobs by the end of next year", "\n", " – "),  # longer than its headline
    ("Twenty new jobs", "\n", " – "),  # shorter: the headline is the longest line as before
    # a word processor's paragraphs, a blank line apart; the Spanish dash after the day's full stop
    ("Eight hundred tonnes a year and twenty new jobs by the end of next year", "\n\n", ".– "),
])
def test_a_headline_over_its_deck_with_no_byline_is_the_title(config: Any, deck: str, between: str, dash: str) -> None:
    """A press release sets its headline and its deck one under the other, over a dateline
    paragraph and no byline: the upper line is the headline, the deck its subtitle, however
    long each is. A deck that runs on into the next line is running text, never a deck."""
    headline = "Bay Recycling opens its first panel plant at the harbour"
    text = (f"Bay Recycling\n\nPRESS RELEASE\n\n{headline}{between}{deck}\n\n"
            f"Harbour Town, 11 March 2025{dash}{STORY}\n\n{STORY}\n")
    doc = first_document(config, text, "release.txt")
    assert doc["title"] == headline
    assert doc["date_published"] == dt.date(2025, 3, 11)
    if len(deck.split()) >= 5:
        assert doc["subtitle"] == deck


def test_a_files_own_day_is_read_once_as_its_property_never_as_a_date_line(config: Any) -> None:
    """A word processor's creation day (front matter ``file_date``) fills the date only when
    the document shows none; it is never read again as a date line over the headline, where it
    would beat the dateline's day ('Harbour Town, 4 March 2024.– …', the Spanish dash)."""
    text = (f'---\nfile_date: "2024-02-01"\n---\n\n# Bay Recycling opens its first panel plant\n\n'
            f"Harbour Town, 4 March 2024.– {STORY}\n\n{STORY}\n")
    assert first_document(config, text)["date_published"] == dt.date(2024, 3, 4)
    assert first_document(config, text.replace("4 March 2024.– ", ""))["date_published"] == dt.date(2024, 2, 1)
