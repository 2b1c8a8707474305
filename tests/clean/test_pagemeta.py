"""Page metadata from the HTML tree (``flows.clean.pagemeta``) and the HTML path's helpers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.clean.htmlpage import _KeptText, _key, extract_html, parse_page, reaches_depth, with_lead
from flows.clean.pagemeta import head_hints, leads, local_day
from flows.clean.pipeline import process_file
from flows.model import Hints, RawFile
from flows.store.config import load_config

STORY = "<p>" + "The council met on Tuesday to discuss the new cycle lanes along the river. " * 4 + "</p>"


def _hints(head: str, body: str, lang: str = "en") -> Hints:
    tree = parse_page(f"<!doctype html><html lang='{lang}'><head><title>Cycle lanes approved | The Town Paper</title>"
                      f"{head}</head><body>{body}</body></html>")
    assert tree is not None
    return head_hints(tree)


def _article(header: str = "", footer: str = "") -> str:
    return (f"<header class='site'><span class='date'>Friday, 10 May 2024</span></header>"
            f"<article><h1>Cycle lanes approved</h1>{header}{STORY}</article>{footer}")


# ---------------------------------------------------------------------------------------- dates


def test_a_utc_timestamp_yields_to_the_local_day_shown_under_the_headline() -> None:
    head = "<meta property='article:published_time' content='2024-05-03T22:30:00Z'>"
    hints = _hints(head, _article("<p class='entry-date'>4 May 2024</p>"))
    assert hints.date == "2024-05-04"


@pytest.mark.parametrize("script", [
    "<script id='__NEXT_DATA__' type='application/json'>{\"props\":{\"article\":{\"id\":7,"
    "\"publishedAt\":\"2024-05-03T09:00:00+02:00\"}}}</script>",
    "<script>window.state = JSON.parse(\"{\\\"published_at\\\":\\\"2024-05-03T09:00:00+02:00\\\"}\");</script>",
])
def test_a_page_rendered_by_script_gives_the_date_its_script_data_holds(script: str) -> None:
    body = "<article><h1>Cycle lanes approved</h1>" + STORY + "</article>"
    assert _hints("", body + script).date == "2024-05-03T09:00:00+02:00"
    head = "<meta property='article:published_time' content='2024-05-02'>"
    assert _hints(head, body + script).date == "2024-05-02"  # the head's own date first
    created = script.replace("publishedAt", "createdAt").replace("published_at", "created_at")
    assert _hints("", body + created).date is None  # every object in such data was created some day


def test_a_timestamp_with_its_own_offset_is_already_local() -> None:
    head = "<meta property='article:published_time' content='2024-05-03T22:30:00+02:00'>"
    hints = _hints(head, _article("<p class='entry-date'>4 May 2024</p>"))
    assert hints.date == "2024-05-03T22:30:00+02:00"


def test_the_day_before_only_counts_for_a_morning_utc_timestamp() -> None:
    assert local_day("2024-05-04T02:10:00+00:00", "3 May 2024", "en") == "2024-05-03"
    assert local_day("2024-05-04T14:10:00+00:00", "3 May 2024", "en") == "2024-05-04T14:10:00+00:00"
    assert local_day("Sat, 04 May 2024 02:10:00 GMT", "3 May 2024", "en") == "2024-05-03"
    assert local_day("2024-05-04", "5. Mai 2024", "de") == "2024-05-05"


@pytest.mark.parametrize(("structured", "visible", "day"), [
    ("2024-05-03T10:00:00+02:00", "7 May 2024", "2024-05-07"),  # drafted on the 3rd, out on the 7th
    ("2024-05-03", "10 May 2024", "2024-05-10"),
    ("2024-05-03T10:00:00+02:00", "12 May 2024", "2024-05-03T10:00:00+02:00"),  # too far: updated
    ("2024-05-07T10:00:00+02:00", "3 May 2024", "2024-05-07T10:00:00+02:00"),  # shown before it was made
    ("2024-05-03T10:00:00+02:00", "Monday, 6 May 2024, 15:25", "2024-05-06"),
    ("2024-05-03T10:00:00+02:00", "Updated 6 May 2024", "2024-05-03T10:00:00+02:00"),  # another event
])
def test_a_visible_date_a_few_days_after_the_structured_one_is_the_publication(structured: str, visible: str,
                                                                              day: str) -> None:
    assert local_day(structured, visible, "en") == day


def test_other_dates_leave_the_structured_one_alone() -> None:
    assert local_day("2024-05-03T22:30:00Z", "Updated 9 May 2024", "en") == "2024-05-03T22:30:00Z"
    assert local_day("2024-05-03T22:30:00Z", "no date here", "en") == "2024-05-03T22:30:00Z"
    assert local_day(None, "4 May 2024", "en") is None


def test_a_date_in_the_site_header_is_not_the_articles_local_day() -> None:
    head = "<meta property='article:published_time' content='2024-05-09T21:00:00Z'>"
    hints = _hints(head, _article())  # only the masthead's "today" is date-classed: 10 May
    assert hints.date == "2024-05-09T21:00:00Z"


@pytest.mark.parametrize("head", [
    '<script type="application/ld+json">{"@type": "Article", "dateModified": "2024-05-06T08:00:00Z"}</script>',
    "<meta property='article:modified_time' content='2024-05-06T08:00:00Z'>",
    "<meta property='og:updated_time' content='2024-05-06T08:00:00Z'>",
])
def test_the_structured_day_of_the_last_change_is_read(head: str) -> None:
    assert _hints(head, _article()).date_modified == "2024-05-06T08:00:00Z"


def test_rdfa_and_suffixed_meta_dates() -> None:
    rdfa = _hints("", _article("<span property='schema:dateCreated' content='2024-04-02T08:00:00+00:00'>2 Apr</span>"))
    assert rdfa.date == "2024-04-02T08:00:00+00:00"
    suffixed = _hints("<meta property='sharer:article_published_time' content='2024-04-01T08:00:00+01:00'>", _article())
    assert suffixed.date == "2024-04-01T08:00:00+01:00"


@pytest.mark.parametrize("meta", [
    "<meta name='prism.publicationDate' content='2024-04-01'>",  # PRISM
    "<meta name='DCTERMS.created' content='2024-04-01'>",  # Dublin Core, a government CMS's
    "<meta name='cXenseParse:recs:publishtime' content='2024-04-01T08:00:00+02:00'>",
    "<meta itemprop='uploadDate' content='2024-04-01'>",  # a video page
])
def test_publication_dates_under_other_meta_names(meta: str) -> None:
    assert (_hints(meta, _article()).date or "")[:10] == "2024-04-01"


def test_other_modified_meta_names() -> None:
    assert _hints("<meta property='og:article:modified_time' content='2024-04-09'>", _article()).date_modified == "2024-04-09"


# ---------------------------------------------------------------------------------------- authors


@pytest.mark.parametrize("ld", [
    '{"@type": "BlogPosting", "headline": "Bus routes",\n "author": {"@type": "Person", "name": "Jane Roe"},'
    ' "description": "New routes\nand times"}',  # a raw line break inside a string
    '{"@type": "NewsArticle", "author": [{"name": "Jane Roe"},], "headline": "Bus routes",};',  # JavaScript habits
])
def test_json_ld_as_pages_write_it_is_read(ld: str) -> None:
    tree = parse_page(f"<html><head><script type='application/ld+json'>{ld}</script></head><body><p>x</p></body></html>")
    assert tree is not None
    hints = head_hints(tree)
    assert (hints.authors, hints.title) == (["Jane Roe"], "Bus routes")


def test_a_rel_author_link_is_a_structured_author_field_even_for_a_handle() -> None:
    hints = _hints("", _article("<p class='meta'>Posted by <a rel='author' href='/u/kbird'>kbird</a></p>"))
    assert hints.authors == ["kbird"]


@pytest.mark.parametrize("link", [
    "<a rel='author' href='/u/jroe'>View all posts by Jane Roe</a>",  # a label, not a name
    "<a rel='author' href='/u/jroe'>by Jane Roe</a>",  # a byline: the byline reader's
    "<a rel='author' href='/u/jroe'>Next post →</a>",
])
def test_rel_author_labels_are_not_names(link: str) -> None:
    assert _hints("", _article(f"<p>{link}</p>")).authors == []


def test_a_themes_footer_credit_is_no_author() -> None:
    footer = "<footer><p class='site-info'>Theme by <a rel='author' href='https://themes.example'>Themeworks</a></p></footer>"
    assert _hints("", _article(footer=footer)).authors == []


def test_an_email_in_the_author_meta_is_no_name() -> None:
    hints = _hints("<meta name='author' content='editor[at]example.org'>", _article())
    assert hints.authors == []


@pytest.mark.parametrize(("name", "read"), [
    ("kbird7", False),  # one word of a cased script: a handle or a widget id, not a byline
    ("\u0e2a\u0e21\u0e0a\u0e32\u0e22", True),  # Thai, one word and no capitals: a name
    ("\u738b\u5c0f\u660e", True),  # Chinese
])
def test_a_one_word_byline_element_needs_a_script_without_capitals(name: str, read: bool) -> None:
    hints = _hints("", _article(f"<span class='author'>{name}</span>"))
    assert hints.bylines == ([name] if read else [])


# ---------------------------------------------------------------------------------------- HTML path helpers


def test_tree_depth_probe() -> None:
    shallow = parse_page("<html><body>" + "<div>" * 20 + STORY + "</div>" * 20 + "</body></html>")
    deep = parse_page("<html><body>" + "<div>" * 240 + STORY + "</div>" * 240 + "</body></html>")
    assert shallow is not None and deep is not None
    assert not reaches_depth(shallow, 200)
    assert reaches_depth(deep, 200)
    assert reaches_depth(shallow, 10)


_WORDS = st.lists(st.sampled_from(["lane", "river", "council", "the", "met", "bike", "x"]), max_size=12)


@given(_WORDS, _WORDS)
def test_kept_text_answers_as_a_substring_search_or_by_most_triples(text: list[str], block: list[str]) -> None:
    """A block's word run in the text is always found (the triple prefilter never says no to
    it); a run of three words or more that is not is found when half its word triples or
    more are the text's (an extractor dropped an inline mark from it); a shorter one never."""
    key, words = _key(" ".join(text)), _key(" ".join(block))
    found = _KeptText(key).has(words)
    tokens, text_tokens = words.split(), key.split()
    if words in key:
        assert found
    elif len(tokens) < 3:
        assert not found
    else:
        ours = {" ".join(text_tokens[i:i + 3]) for i in range(len(text_tokens) - 2)}
        triples = [" ".join(tokens[i:i + 3]) for i in range(len(tokens) - 2)]
        assert found == (2 * sum(t in ours for t in triples) >= len(triples))


def test_a_date_set_in_several_elements_does_not_run_together() -> None:
    hints = _hints("", _article("<p class='entry-date'>May 04<span class='year'>2024</span></p>"))
    assert hints.date_text == "May 04 2024"


_REVIEWED = ("<div itemscope itemtype='https://schema.org/Product'><h1>Cycle lanes approved</h1>{story}"
             "<div itemprop='review' itemscope itemtype='https://schema.org/Review'>"
             "<meta itemprop='datePublished' content='2024-03-05'><p>Great lanes.</p></div></div>")


@pytest.mark.parametrize(("body", "date"), [
    (_REVIEWED.format(story=STORY), None),  # a reader's review of the item: its day is the review's
    ("<div itemscope itemtype='https://schema.org/Article'><h1>Cycle lanes approved</h1>"
     f"<meta itemprop='datePublished' content='2024-03-05'>{STORY}</div>", "2024-03-05"),  # the page's own item
    ("<div itemscope itemtype='https://schema.org/Review'><h1>Cycle lanes approved</h1>"
     f"<span itemprop='datePublished'>2024-03-05</span>{STORY}</div>", "2024-03-05"),  # a critic's review page
    (f"<article><h1>Cycle lanes approved</h1>{STORY}<div itemprop='comment' itemscope>"
     "<time itemprop='datePublished' datetime='2024-03-09'>9 March</time></div></article>", None),
])
def test_a_date_readers_wrote_is_not_the_pages(body: str, date: str | None) -> None:
    """Microdata dates of an item readers wrote (a product's review, a comment) date what
    they wrote, not the page; the page's own item, a critic's review included, dates it."""
    hints = _hints("", body)
    assert (hints.date or "")[:10] == (date or "")


@pytest.mark.parametrize(("classes", "day"), [
    ("post no-comments wp-embed-responsive has-comment-count", "2024-03-05"),  # words that name no thread
    ("comments-area", None), ("wp-block-comments", None), ("c-comment-card", None),  # a thread's
])
def test_a_time_element_in_a_comment_thread_is_not_the_pages(classes: str, day: str | None) -> None:
    """The page's own ``<time>`` shows its day; one inside a comment thread, named by a class
    word that opens with 'comment', does not (a class that merely mentions comments does)."""
    body = f"<div class='{classes}'><h1>Cycle lanes approved</h1><time datetime='2024-03-05'>5 March</time>{STORY}</div>"
    assert _hints("", body).time_day == day


def test_only_the_first_time_elements_are_read_for_the_pages_own_day() -> None:
    """A page of thousands of ``<time>`` elements (an archive, a hostile page) is read for its
    first ``_TIME_ELEMENTS`` only: each costs a walk up its ancestors to tell a comment's."""
    from flows.clean.pagemeta import _TIME_ELEMENTS

    def body(comments: int) -> str:
        thread = "".join(f"<li class='comment'><time datetime='2024-03-09'>{n}</time></li>" for n in range(comments))
        return f"<article><h1>Cycle lanes approved</h1>{STORY}<ol>{thread}</ol><time datetime='2024-03-05'>5</time></article>"

    assert _hints("", body(_TIME_ELEMENTS - 1)).time_day == "2024-03-05"
    assert _hints("", body(_TIME_ELEMENTS)).time_day is None


def test_only_the_first_microdata_dates_are_read_for_the_pages_date() -> None:
    """Microdata date ``<meta>`` tags are looked at up to ``_TIME_ELEMENTS`` of them, as the
    page's other microdata dates are: each costs a walk up its ancestors to tell a reader's."""
    from flows.clean.pagemeta import _TIME_ELEMENTS

    def body(reviews: int) -> str:
        written = "".join("<div itemprop='review' itemscope><meta itemprop='datePublished' content='2024-03-09'></div>"
                          for _ in range(reviews))
        return (f"{written}<div itemscope itemtype='https://schema.org/Article'><h1>Cycle lanes approved</h1>"
                f"<meta itemprop='datePublished' content='2024-03-05'>{STORY}</div>")

    assert (_hints("", body(_TIME_ELEMENTS - 1)).date or "")[:10] == "2024-03-05"
    assert _hints("", body(_TIME_ELEMENTS)).date is None


_TEASERS = ("<aside><div class='teaser'><h3>Bridge works start</h3><div class='date'>Sport, 20.05.2024</div>"
            "</div></aside>")


def test_a_date_right_above_the_headline_beats_a_teasers_date_below() -> None:
    """A kicker's date set over the headline in one container is the article's; the first
    date element after the headline is then a teaser's."""
    body = (f"<article><div class='date'>Politics, 3.5.24</div><h1>Cycle lanes approved</h1>{STORY}</article>"
            f"{_TEASERS}")
    assert _hints("", body).date_text == "Politics, 3.5.24"


def test_a_masthead_date_above_the_article_is_not_the_headlines() -> None:
    """Only the headline's own sibling counts as above it: the masthead's date (today's) is
    not, and the date under the headline stays the one read."""
    hints = _hints("", _article("<p class='entry-date'>3 May 2024</p>"))
    assert hints.date_text == "3 May 2024"


def test_a_label_block_keeps_the_value_that_follows_it() -> None:
    hints = _hints("", _article("<div class='info'><h5>Date:</h5> 03.05.2024</div>"))
    assert "Date: 03.05.2024" in hints.after_title


# ---------------------------------------------------------------------------------------- lead paragraph

LEAD = "The town council approved three new cycle lanes on Tuesday, after a year of debate about the river path."


def _lead_page(lead_html: str) -> str:
    return (f"<!doctype html><html lang='en'><head><title>Cycle lanes approved | The Town Paper</title></head><body>"
            f"<article><h1>Cycle lanes approved</h1>{lead_html}{STORY * 3}</article>"
            "<aside><div class='teaser-list'><p class='teaser'>Another story about the harbour that is not this one.</p>"
            "</div></aside></body></html>")


@pytest.mark.parametrize("lead_html", [f"<p class='article__intro'>{LEAD}</p>", f"<div class='lead'><p>{LEAD}</p></div>",
                                       f"<p class='entry-summary'>{LEAD}</p>"])
def test_the_lead_under_the_headline_is_found(lead_html: str) -> None:
    tree = parse_page(_lead_page(lead_html))
    assert tree is not None
    assert leads(tree, head_hints(tree))[0] == LEAD


@pytest.mark.parametrize("lead_html", [
    "<p class='teaser'>Short teaser of another story</p>",  # no sentence, too short: a teaser headline
    f"<p class='author-description'>{LEAD}</p>",  # an author's bio
    f"<p class='intro'><a href='/a'>{LEAD}</a></p>",  # a link, not prose
    f"<p>{LEAD}</p>",  # no lead class: the extractor's business
])
def test_other_blocks_are_no_lead(lead_html: str) -> None:
    tree = parse_page(_lead_page(lead_html))
    assert tree is not None
    assert leads(tree, head_hints(tree))[0] is None


def test_the_lead_goes_first_unless_the_text_holds_it() -> None:
    body = "The council met on Tuesday.\n\nIt voted."
    assert with_lead(body, LEAD) == f"{LEAD}\n\n{body}"
    linked = LEAD.replace("town council", "[town council](/council)")
    assert with_lead(f"{linked}\n\n{body}", LEAD) == f"{linked}\n\n{body}"
    assert with_lead(body, None) == body


def test_extract_html_keeps_a_lead_the_extractor_dropped() -> None:
    text, _, _ = extract_html(_lead_page(f"<p class='teaser'>{LEAD}</p>"))
    assert LEAD in text
    assert text.count("three new cycle lanes") == 1


# ------------------------------------------------------------------------ an old CMS's headline

OLD_CMS = ("<table><tr><td class='box'><h1>Quick links</h1><h1>Our partners</h1></td><td>"
           "<h2>Town board approves the cycle lanes by the river</h2>"
           "<div class='head'><b>Transport</b><br><span class='blue'>{day}</span> Category: Town</div>"
           f"{STORY}</td></tr></table>")


def _old_cms(day: str, head: str = "", title: str = "The Town Paper") -> Hints:
    tree = parse_page(f"<html lang='en'><head><title>{title}</title>{head}</head>"
                      f"<body>{OLD_CMS.format(day=day)}</body></html>")
    assert tree is not None
    return head_hints(tree)


def test_an_h2_over_its_date_is_the_headline_when_the_page_title_names_only_the_site() -> None:
    hints = _old_cms("12.10.2006")
    assert hints.title == "Town board approves the cycle lanes by the river"
    assert "12.10.2006" in " ".join(hints.after_title[:3])  # read around it for the date


@pytest.mark.parametrize(("day", "head"), [
    ("", ""),  # no date under the heading: a sidebar's, a teaser's
    ("12.10.2006", "<meta property='og:title' content='Cycle lanes approved'>"),  # the page names its title
])
def test_an_h2_without_a_date_or_beside_a_named_title_is_no_headline(day: str, head: str) -> None:
    assert _old_cms(day, head).title != "Town board approves the cycle lanes by the river"


def test_a_dated_h2_under_the_pages_one_h1_is_no_headline() -> None:
    tree = parse_page("<html><head><title>The Town Paper</title></head><body>"
                      f"<h1>Cycle lanes approved by the town board</h1>{STORY * 4}"
                      "<h2>Ferry timetable changes in June</h2><p>12.10.2006</p></body></html>")
    assert tree is not None
    assert head_hints(tree).title != "Ferry timetable changes in June"


@pytest.mark.parametrize(("lead", "subtitle"), [
    ("Riders will share the new lanes with buses from June.", True),  # a standfirst
    ("Riders will share the new lanes with buses from June", True),  # a deck: no sentence end
    ("", False),
])
def test_a_lead_or_deck_under_the_headline_named_by_its_class_is_the_subtitle(lead: str, subtitle: bool) -> None:
    page = ("<html><head><title>Cycle lanes approved | The Town Paper</title></head><body><article>"
            f"<h1>Cycle lanes approved</h1><p class='standfirst'>{lead}</p><div class='byline'>By Jane Roe</div>"
            f"{STORY}</article></body></html>")
    doc = process_file(RawFile("page.html", page.encode()), load_config()).documents[0]
    assert doc["subtitle"] == (lead if subtitle else None)
    assert doc["body"].startswith(lead)  # the body keeps it


def test_entities_in_json_ld_names_are_read_as_characters() -> None:
    script = ('<script type="application/ld+json">{"@type": "NewsArticle", "articleSection": "Parks &amp; Gardens",'
              ' "publisher": {"@type": "Organization", "name": "Tide &amp; Town"}}</script>')
    hints = _hints(script, "<p>Text</p>")
    assert (hints.publisher, hints.section) == ("Tide & Town", "Parks & Gardens")


def test_a_headline_in_an_h3_under_a_logo_h1_is_the_title() -> None:
    """A theme may set its logo in the <h1> and the headline one level down: an <h3> that
    says most of the page title is the headline; a comment thread's <h3> that quotes the
    title ('One thought on “…”') is not."""
    headline = "Night trams reach the harbour after a year of trials"
    page = (f"<html><head><title>{headline} - Bay Courier</title></head><body><h1 class='logo'>Bay Courier</h1>"
            f"<article><h3>{headline}</h3><p>{'The council voted to extend the service. ' * 8}</p></article>"
            f"<h3>One thought on “{headline}”</h3></body></html>")
    tree = parse_page(page)
    assert tree is not None and head_hints(tree).title == headline


@pytest.mark.parametrize(("block", "after_title"), [
    ("<p>Pages: 448<br><b>Format:</b> Paperback<br><br>Price: $12.99</p>",
     ["Pages: 448\nFormat: Paperback\nPrice: $12.99"]),
    ("<p>Pages: <!-- count --> 448 <?render x?>copies</p>", ["Pages: 448 copies"]),  # a comment keeps its tail
    ("<p><br><br></p>", []),
])
def test_the_blocks_under_the_headline_keep_the_lines_their_breaks_make(block: str, after_title: list[str]) -> None:
    assert _hints("", f"<article><h1>Cycle lanes approved</h1>{block}</article>").after_title == after_title


def test_the_author_of_an_answer_or_a_review_is_no_byline_of_the_page() -> None:
    """Microdata authors inside an item readers wrote (an ``Answer``, a product's ``review``)
    are theirs; the page's own author is the one outside them."""
    answer = ("<div itemscope itemtype='https://schema.org/Answer'><p>Try the other index.</p>"
              "<span itemprop='author' itemscope itemtype='https://schema.org/Person'>"
              "<span itemprop='name'>Sam Poe</span></span></div>")
    review = ("<div itemprop='review' itemscope itemtype='https://schema.org/Review'><p>Sturdy.</p>"
              "<span itemprop='author'>Ann Lee</span></div>")
    own = "<span itemprop='author'>Jane Roe</span>"
    assert _hints("", _article(own, answer + review)).bylines == ["Jane Roe"]


def test_a_byline_class_among_readers_reviews_or_comments_is_no_byline_of_the_page() -> None:
    """'review__author' in a product's customer reviews, 'comment-author' in a thread: readers.
    A critic's own review (one 'review', no section of them) keeps its byline."""
    shop = ("<section class='product-reviews'><div class='review'><p>Sears well.</p>"
            "<p class='review__author'>Sam P. · Verified buyer</p></div></section>"
            "<ol class='comment-list'><li><span class='comment-author'>Ann Lee</span></li></ol>")
    assert _hints("", _article("", shop)).bylines == []
    critic = "<div class='review'><p class='review__author'>Jane Roe</p></div>"
    assert _hints("", _article(critic)).bylines == ["Jane Roe"]
