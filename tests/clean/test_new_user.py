"""Inputs a new user tries first: navigation left in plain text, comment threads, link syntax,
digests of several articles. Synthetic texts only."""

from __future__ import annotations

import json

import pytest

from flows.clean.pipeline import process_file
from flows.model import RawFile
from flows.store.config import load_config

CONFIG = load_config()

S1 = ("The council met on Tuesday evening to discuss the repairs to the harbour wall, which has been closed "
      "to walkers since the winter storms damaged its northern end. ")
S2 = ("Engineers told the meeting that the stone facing could be saved, but that the core of the wall would "
      "have to be rebuilt before the autumn tides. ")
S3 = ("The ferry company said the new boat would carry twice as many bicycles as the old one and would run "
      "every hour through the summer months. ")
ARTICLE = S1 * 2 + "\n\n" + S2 * 2 + "\n\n" + S1


def documents(text: str, name: str = "a.txt") -> list[dict]:  # type: ignore[type-arg]
    result = process_file(RawFile(name, text.encode("utf-8")), CONFIG)
    assert not result.rejections, result.rejections
    return result.documents


def body(text: str, name: str = "a.txt") -> str:
    return "\n".join(doc["body"] for doc in documents(text, name))


def test_search_labels_go() -> None:
    for label in ("Search for:", "Search …", "Suche nach:", "Rechercher :"):
        assert label not in body(f"{label}\n\n# Harbour wall\n\n{ARTICLE}", "a.md")


def test_a_menu_of_one_word_lines_goes() -> None:
    text = f"Home\nAbout us\nCampaigns\nContact\n\nHarbour wall repairs approved\n\n{ARTICLE}"
    got = body(text)
    for item in ("Home", "About us", "Campaigns", "Contact"):
        assert item not in got.split("\n")
    assert S2.strip() in got


def test_short_lines_inside_the_article_stay() -> None:
    text = f"{S1}\n\nWe need:\nBricks\nSand\nLime\nWater\n\n{S2}"
    assert "Bricks\nSand" in body(text) or "Bricks Sand" in body(text) or "Bricks" in body(text)


def test_post_navigation_goes() -> None:
    text = (f"# Harbour wall\n\n{ARTICLE}\n\nPost navigation\n\n← Previous post: The old lighthouse\n\n"
            "Next post → A new ferry for the island")
    got = body(text, "a.md")
    assert "Post navigation" not in got and "Previous post" not in got and "Next post" not in got


def test_a_comment_thread_goes() -> None:
    text = (f"# Harbour wall\n\n{ARTICLE}\n\nJane Roe says:\nMarch 3, 2024 at 10:12 am\n\n"
            "What a fine piece, thank you for writing it so clearly.\n\nReply\n\nJohn Doe says:\n"
            "March 4, 2024 at 9:00 am\n\nI do not agree with the second point at all.\n\nReply\n")
    got = body(text, "a.md")
    assert "fine piece" not in got and "says:" not in got
    assert S1.strip() in got


def test_a_comment_link_at_the_top_does_not_cut_the_article() -> None:
    text = f"# Harbour wall\n\n[71 Comments](#comments)\n\n{ARTICLE}\n\n## 71 Comments\n\nA reader wrote this."
    got = body(text, "a.md")
    assert S2.strip() in got and "A reader wrote" not in got


def test_a_comment_heading_before_most_of_the_text_does_not_cut_it() -> None:
    text = f"# Harbour wall\n\n{S1}\n\n## Comments\n\n{S2 * 3}\n\n{S3 * 3}"
    assert S3.strip() in body(text, "a.md")


@pytest.mark.parametrize("link", [
    "[\nThe harbour wall\n](https://example.org/wall)",
    "[![A boat](https://example.org/b.jpg)\n\nThe new ferry](https://example.org/ferry)",
    "[![\n\nA video of the boat\n\n](https://example.org/v.jpg)](https://example.org/v.m3u8)",
    "[Share](whatsapp://send?text=Look at this, a ferry)",
    "[Report a problem](javascript:void(0);)",
    "[Skip [Alt+1]](#content)",
    "[![Logo](data:image/svg+xml,%3Csvg%20(Build%200)%20x%3E)](/home)",
    "![](data:image/png;base64," + "QUFB" * 2000 + ")",
])
def test_no_markdown_link_syntax_is_left(link: str) -> None:
    got = body(f"# Harbour wall\n\n{link}\n\n{ARTICLE}\n\n{link} and more words here.", "a.md")
    assert "](" not in got and "![" not in got and "QUFB" not in got and "%20" not in got


def test_link_urls_of_multi_line_links_are_kept() -> None:
    doc = documents(f"# Harbour wall\n\n{ARTICLE}\n\n[\nMore about the wall\n](https://example.org/wall)", "a.md")[0]
    assert "https://example.org/wall" in doc["links"]


DIGEST = "\n\n".join(
    f"{title}\nBy {author}\n\n{text * 2}\n\n{text}"
    for title, author, text in (
        ("Harbour wall repairs approved", "Jane Roe", S1),
        ("Engineers doubt the old stone", "John Doe", S2),
        ("A bigger ferry for the island", "Ann Smith", S3),
    )
)


def test_a_plain_text_digest_with_bylines_is_three_documents() -> None:
    docs = documents("WEEKLY HARBOUR BULLETIN\n\n" + DIGEST)
    assert len(docs) == 3
    assert [d["authors"] for d in docs] == [["Jane Roe"], ["John Doe"], ["Ann Smith"]]
    assert S3.strip() in docs[2]["body"] and S1.strip() not in docs[2]["body"]


def test_a_digest_under_a_short_greeting_gives_each_item_its_title_and_the_issue_date() -> None:
    """The greeting over the first item is too short to be an article: the first item still
    starts a document of its own (with its title), and the issue's date dates every item."""
    greeting = "THE HARBOUR LETTER\nIssue 7 | 14 March 2025\n\nHello all, three short stories from the quay this week.\n\n"
    docs = documents(greeting + DIGEST)
    assert [d["title"] for d in docs] == ["Harbour wall repairs approved", "Engineers doubt the old stone",
                                          "A bigger ferry for the island"]
    assert all(str(d["date_published"]) == "2025-03-14" for d in docs)
    assert any(r["rule"] == "non-article-part" and "Hello all" in r["text"] for r in docs[0]["removed"])


def test_the_items_of_one_issue_share_the_publisher_its_footer_names() -> None:
    """A newsletter's footer ("Copyright … The Harbour Letter") sits under its last item; the
    issue's other items come from the same publisher."""
    greeting = "THE HARBOUR LETTER\nIssue 7 | 14 March 2025\n\nHello all, three short stories from the quay this week.\n\n"
    footer = "\n\nCopyright © 2025 The Harbour Letter, All rights reserved.\n"
    docs = documents(greeting + DIGEST + footer)
    assert len(docs) == 3 and [d["publisher"] for d in docs] == ["The Harbour Letter"] * 3


def test_a_byline_repeated_in_every_item_is_metadata_not_a_running_header() -> None:
    digest = DIGEST.replace("John Doe", "Jane Roe").replace("Ann Smith", "Jane Roe")
    docs = documents(digest)
    assert len(docs) == 3
    assert all(d["authors"] == ["Jane Roe"] for d in docs)
    assert not any(r["rule"] == "running-header" for d in docs for r in d["removed"])


def test_a_web_pages_title_repeated_in_its_text_dump_is_its_title() -> None:
    """A page saved as plain text opens with its <title>; the headline and the breadcrumb
    repeat it. Three copies with no page breaks are no running header of a PDF: the first
    line stays and is the title."""
    title = "Harbour wall repairs approved by the council"
    page = (f"{title}\n\nLog in\nor\nregister for free\n\nNews\nSport\n\nHome > News > {title}\n\n"
            f"{title}\n\n{S1}\n\n{S2}\n\nMore news\n\n{title}\n")
    docs = documents(page)
    assert [d["title"] for d in docs] == [title]


def test_the_headline_a_page_title_opens_with_is_no_running_header() -> None:
    """'Headline | Site' over a page that repeats its headline (breadcrumb, headline, the foot's
    share box): the copies are the page's, not a PDF's running header, and stay; a line
    repeated as often that the page title does not open with still goes."""
    title = "Harbour wall repairs approved by the council"
    page = (f"{title} | The Bay Courier\n\nHome\n\nLocal News\n\n{title}\n\nCustomer service\n\n{title}\n\n"
            f"{S1}\n\n{S2}\n\nShare this article\n\n{title}\n\nCustomer service\n\nCustomer service\n")
    docs = documents(page)
    removed = [r["text"] for d in docs for r in d["removed"] if r["rule"] == "running-header"]
    assert [d["title"] for d in docs] == [title]
    assert removed == ["Customer service"] * 3


@pytest.mark.parametrize("numbered", [
    "Contents\n\n1\n\nHistory\n\n2\n\nEffects\n\n3\n\nKnown uses\n\n4\n\nSee also",  # a table of contents
    "Appearances\n\n2001\n\nThe first film, where the charm is cast twice.\n\nAnd again in a scene at the lake.\n\n"
    "Once more in the final battle.\n\n2002\n\nThe second film, in one scene.",  # years
])
def test_numbers_counting_up_line_by_line_are_no_page_numbers(numbered: str) -> None:
    """Page numbers count pages with a page's text between them; a table of contents numbered
    line by line, or a list of years, gives a web page no pages: its headline's copies stay."""
    title = "Harbour wall repairs approved by the council"
    page = (f"{title} - The Bay Wiki\n\nHome\n\n{title}\n\n{title}\n\n{S1}\n\n{numbered}\n\n{S2}\n\n{title}\n")
    docs = documents(page)
    assert [d["title"] for d in docs] == [title]
    assert not any(r["rule"] == "running-header" for d in docs for r in d["removed"])


def test_two_articles_of_a_blog_page_with_dates_are_two_documents() -> None:
    page = "\n\n".join(
        f"## {title}\n\nDetails\n\nWritten by {author}\n\nPublished: 12 March 2024\n\n{text * 2}\n\n{text}\n\nRead more"
        for title, author, text in (("Harbour wall repairs approved", "Jane Roe", S1),
                                    ("A bigger ferry for the island", "Ann Smith", S3)))
    docs = documents(page, "a.md")
    assert [d["title"] for d in docs] == ["Harbour wall repairs approved", "A bigger ferry for the island"]


def test_a_file_with_prose_is_never_quarantined_as_empty() -> None:
    text = "Contents\n\nOne\nTwo\nThree\n\n---\n\n" + S1 + "\n\n---\n\nThe end\n"
    assert documents(text)


def test_empty_and_delimiter_cells_of_a_flattened_table_go() -> None:
    row = "| | --- | --- | | Harbour timetable | | --- | Ferry times | |"
    got = body(f"# Harbour wall\n\n{row}\n\n{ARTICLE}", "a.md")
    assert "| Harbour timetable | Ferry times |" in got and "---" not in got


def test_a_copied_wiki_page_loses_its_edit_links_and_tagline() -> None:
    page = (f"# Harbour wall\n\nFrom Wikipedia, the free encyclopedia\n\n{S1 * 2}\n\n## History[edit]\n\n{S2 * 2}\n\n"
            f"## Repairs [edit | edit source]\n\n{S1}\n\nRetrieved from \"https://en.wikipedia.example/w/index.php?title=H\"")
    got = body(page, "a.md")
    assert "[edit" not in got and "free encyclopedia" not in got and "Retrieved from" not in got
    assert "History" in got and "Repairs" in got and S2.strip() in got


def test_a_forum_thread_is_one_document_by_its_first_poster() -> None:
    """phpBB-style posts: 'Posted by NAME » DATE' under each title; a 'Re:' title answers the
    post above it and starts no document of its own."""
    thread = (f"Harbour wall repairs approved\n\nPosted by jroe71 » Mon Mar 04, 2024 8:12 am\n\n{S1 * 3}\n\n"
              f"Re: Harbour wall repairs approved\n\nPosted by Ann Smith » Mon Mar 04, 2024 9:40 am\n\n{S2 * 3}")
    docs = documents(thread)
    assert len(docs) == 1
    assert (docs[0]["title"], docs[0]["authors"], str(docs[0]["date_published"])) == (
        "Harbour wall repairs approved", ["jroe71"], "2024-03-04")
    assert S2.strip() in docs[0]["body"]


def test_a_press_releases_closing_boilerplate_goes_but_a_long_section_stays() -> None:
    release = (f"Harbour wall repairs approved\n\n{S1 * 2}\n\n{S2 * 2}\n\n{S3 * 2}\n\n{S1}\n\n"
               "About the Westport Harbour Trust\n\nThe Westport Harbour Trust looks after the harbour, its walls and "
               "its moorings on behalf of the town.\n\nMedia contact:\nJane Roe, press officer\n\n###")
    got = body(release)
    assert "Westport Harbour Trust" not in got and "Media contact" not in got and S3.strip() in got
    section = f"Harbour wall repairs approved\n\n{S1 * 2}\n\nAbout the Westport Harbour Trust\n\n{S2 * 3}\n\n{S3 * 3}"
    assert "About the Westport Harbour Trust" in body(section)


def test_a_mailed_digests_sender_is_each_items_publisher() -> None:
    mail = ("From: The Harbour Letter <news@harbour.example>\nTo: reader@example.net\nSubject: This week\n"
            "Date: Fri, 7 Jun 2024 07:30:12 +0100\n\n" + DIGEST + "\n\n© Harbour Letter 2024")
    docs = documents(mail)
    assert len(docs) == 3
    assert [d["publisher"] for d in docs] == ["The Harbour Letter"] * 3
    assert [d["authors"] for d in docs] == [["Jane Roe"], ["John Doe"], ["Ann Smith"]]


@pytest.mark.parametrize(("sender", "authors", "publisher"), [
    ("Jane Roe at The Harbour Letter", ["Jane Roe"], "The Harbour Letter"),  # a person at a publication
    ("Jane Roe via Harbour Friends", ["Jane Roe"], None),  # a mailing list's "via" names no publisher
    ("Jane Roe", ["Jane Roe"], None),
])
def test_a_mail_senders_person_is_the_author(sender: str, authors: list[str], publisher: str | None) -> None:
    mail = (f"From: {sender} <news@harbour.example>\nTo: reader@example.net\nSubject: Harbour wall repairs approved\n"
            f"Date: Fri, 7 Jun 2024 07:30:12 +0100\n\n{S1 * 2}\n\n{S2 * 2}\n")
    [doc] = documents(mail, "letter.txt")
    assert (doc["authors"], doc["publisher"]) == (authors, publisher)


def test_a_copyright_lines_year_is_no_part_of_the_publisher() -> None:
    assert documents(f"Harbour wall repairs approved\n\n{ARTICLE}\n\n© Bay Courier 2024")[0]["publisher"] == "Bay Courier"


@pytest.mark.parametrize(("trail", "section"), [
    ("Home » News » Environment", "Environment"),
    ("Home > News > Harbour wall repairs approved", None),  # the trail ends in the article itself
    ("Parent Category: News\nCategory: Harbour News", "Harbour News"),
])
def test_a_breadcrumb_or_category_line_names_the_section(trail: str, section: str | None) -> None:
    assert documents(f"{trail}\n\nHarbour wall repairs approved\n\n{ARTICLE}")[0]["section"] == section


def test_chinese_paragraphs_stay_apart_and_share_rows_go() -> None:
    """A paragraph that ends with a full-width stop ends a sentence: the next one is no
    continuation of it."""
    first = "周六，北码头的室内鱼市正式开业。十二个摊位从早上七点到中午出售当天的渔获，一家小咖啡馆用没有卖完的鱼做汤。" * 2
    second = "市场管理方表示，今后每个周末都会有本地渔民现场讲解捕鱼知识，欢迎市民带孩子前来参观。" * 2
    docs = documents(f"港口新鱼市开业\n\n{first}\n\n{second}\n\n相关阅读：渡轮将按新时刻表运行\n\n分享到：微信 微博", "zh.txt")
    paragraphs = [p for s in docs[0]["sections"] for p in s["paragraphs"]]
    assert paragraphs == [first, second]


def test_an_arabic_article_with_arabic_indic_digits_gets_its_date_and_loses_its_share_row() -> None:
    text = ("افتتاح مكتبة عامة جديدة في وسط المدينة\n\nبقلم: سارة الخطيب\n\n١٢ مارس ٢٠٢٤\n\n"
            "افتتحت البلدية يوم الثلاثاء مكتبة عامة جديدة في وسط المدينة، تضم أكثر من عشرين ألف كتاب وقاعة "
            "للقراءة مخصصة للأطفال والطلاب.\n\n"
            "وقال رئيس البلدية إن المكتبة ستبقى مفتوحة حتى التاسعة مساء طوال أيام الأسبوع، استجابة لطلبات "
            "السكان الذين يعملون خلال النهار.\n\n"
            "شارك هذا المقال: فيسبوك | تويتر | واتساب\n")
    [doc] = documents(text)
    assert str(doc["date_published"]) == "2024-03-12"
    assert doc["authors"] == ["سارة الخطيب"]
    assert "شارك" not in doc["body"] and "٢٠٢٤" not in doc["body"]
    assert doc["body"].startswith("افتتحت البلدية")


@pytest.mark.parametrize("prompt", [
    "Thanks for reading! Subscribe for free to receive new posts and support my work.",
    "この記事をシェアする",
    "Subscribe to Harbour Talk wherever you get your podcasts.",
    "Thanks for reading! Forward this to a friend who likes harbours.",
    "Share Follow us",
])
def test_closing_prompts_go(prompt: str) -> None:
    assert prompt not in body(ARTICLE + "\n\n" + prompt + "\n")


def test_a_posts_action_row_goes_and_names_no_section() -> None:
    [doc] = documents("Harbour news\n\n" + ARTICLE + "\n\nReply · Quote · Report\n")
    assert doc["section"] is None
    assert "Quote" not in doc["body"]


def test_a_note_export_keeps_link_texts_and_tasks_but_not_their_syntax() -> None:
    text = ("# Meeting with the harbour master\n\n"
            "Met [[Tom Baker]] at the office on Tuesday. We talked about the [[Dredging plan 2024|dredging plan]] "
            "and the cost of the new lights. #harbour #todo\n\n" + S2 + S3 + "\n\n"
            "- [ ] Send the cost table to the trust\n- [x] Book the meeting room\n")
    text_body = body(text, "note.md")
    assert "Met Tom Baker at the office" in text_body and "about the dredging plan and" in text_body
    assert "[[" not in text_body and "#todo" not in text_body and "[ ]" not in text_body and "[x]" not in text_body
    assert "Send the cost table to the trust" in text_body and "Book the meeting room" in text_body


def test_a_notion_export_names_its_author_and_date() -> None:
    [doc] = documents("# Harbour survey results\n\nCreated: March 4, 2024 2:15 PM\nCreated by: Lena Ortiz\n"
                      "Tags: harbour, survey\n\n" + ARTICLE, "survey.md")
    assert doc["authors"] == ["Lena Ortiz"]
    assert str(doc["date_published"]) == "2024-03-04"
    assert "Created" not in doc["body"] and "Tags" not in doc["body"]


def test_a_hugo_page_with_toml_front_matter_gives_its_fields() -> None:
    text = ('+++\ntitle = "Night buses return to the valley"\ndate = 2024-02-11T08:30:00+01:00\n'
            'author = "Maria Lind"\ntags = ["transport", "valley"]\ndraft = false\n+++\n\n' + ARTICLE)
    [doc] = documents(text, "night-buses.md")
    assert doc["title"] == "Night buses return to the valley"
    assert doc["authors"] == ["Maria Lind"]
    assert str(doc["date_published"]) == "2024-02-11"
    assert "draft" not in doc["body"] and "+++" not in doc["body"]


@pytest.mark.parametrize("bullet", ["·", "▪", "●", "◦"])
def test_a_word_processors_bullets_make_list_items(bullet: str) -> None:
    items = "\n".join(f"{bullet}    {item}" for item in ("the stone pier", "the new slipway", "the fish market"))
    text = body(f"{ARTICLE}\n\nThe works cover three parts of the harbour:\n\n{items}\n\n{ARTICLE}")
    assert "- the stone pier\n\n- the new slipway\n\n- the fish market" in text and bullet not in text


def test_a_forum_posts_byline_names_its_handle_and_date() -> None:
    """phpBB's 'Post by NAME » DATE': the handle, lower case or not, is the author; the line is
    no headline however long it is."""
    [doc] = documents(f"Board index » Harbour » Walls\n\nHarbour wall repairs approved\n\n"
                      f"Post by jroe71 » Sun Mar 03, 2024 9:12 am\n\n{ARTICLE}")
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == (
        "Harbour wall repairs approved", ["jroe71"], "2024-03-03")


def test_numbered_steps_stay_apart_and_a_wrapped_step_stays_whole() -> None:
    steps = ("1. Mix the starter with the water until it dissolves.\n"
             "2. Add both flours and the salt, and stir to a thick paste.\n"
             "3. Cover and leave at room temperature for four hours.\n"
             "4. Scrape into a greased tin and proof it in the fridge overnight.\n"
             "5. Bake at 240 °C for 15 minutes, then at 200 °C for 45 minutes.")
    ingredients = "\n".join(f"* {item}" for item in (
        "400 g whole rye flour", "100 g wheat flour", "150 g rye starter", "420 ml water", "12 g salt"))
    recipe = (f"# Rye bread\n\nA dense, tangy loaf that keeps for a week, and the long cold proof does most of the work.\n\n"
              f"## Ingredients\n\n{ingredients}\n\n## Method\n\n{steps}\n\nLet the loaf rest a full day before slicing it.")
    [doc] = documents(recipe, "a.md")
    paragraphs = [p for s in doc["sections"] for p in s["paragraphs"]]
    assert all(step in paragraphs for step in steps.split("\n"))
    wrapped = ("The harbour trust will do the work in three steps, in this\norder:\n"
               "1. The wall is drained and the old stone facing is\ntaken down and stored.\n"
               "2. The core is rebuilt in concrete over the whole\nlength of the northern end.\n"
               "3. Mai and June are kept free for the facing, which\ngoes back stone by stone.\n")
    prose = "\n".join(["The council met on Tuesday evening to discuss repairs",
                       "to the harbour wall, which has been closed to walkers",
                       "since the winter storms damaged its northern end.", ""] * 3)
    [doc] = documents(f"Harbour wall repairs\n\n{prose}\n{wrapped}")
    paragraphs = [p for s in doc["sections"] for p in s["paragraphs"]]
    assert "1. The wall is drained and the old stone facing is taken down and stored." in paragraphs
    assert "2. The core is rebuilt in concrete over the whole length of the northern end." in paragraphs


@pytest.mark.parametrize("trail", [
    "Home | Recipes | Baking | About",  # a menu's last item: an interface word
    "Stack Exchange | Log in | Sign up",
    "Member-only story",  # a paywall's badge
    "By Jane Roe · Published 3 May 2024 · 4 min read",  # a byline split like a trail
])
def test_a_menu_or_a_byline_names_no_section(trail: str) -> None:
    [doc] = documents(f"{trail}\n\nHarbour wall repairs approved\n\n{ARTICLE}")
    assert (doc["section"], doc["publisher"]) == (None, None)


def test_a_press_releases_distribution_marks_are_no_publisher_and_go() -> None:
    release = f"FOR IMMEDIATE RELEASE\n\nHarbour wall repairs approved\n\nWestport, 18 April 2024 — {ARTICLE}\n\n-30-\n"
    [doc] = documents(release)
    assert (doc["title"], doc["publisher"], str(doc["date_published"])) == (
        "Harbour wall repairs approved", None, "2024-04-18")
    assert "RELEASE" not in doc["body"] and "-30-" not in doc["body"]


def test_a_chinese_headline_of_twenty_characters_is_no_prose() -> None:
    """Each Chinese character counts as a word: a headline of twenty of them, ending in "！",
    is still the headline, and the date line under it is read."""
    title = "港口新鱼市开业：渔民和市民都来了，周末人山人海！"
    story = "周六，北码头的室内鱼市正式开业。十二个摊位从早上七点到中午出售当天的渔获，一家小咖啡馆用没有卖完的鱼做汤。" * 3
    [doc] = documents(f"{title}-港口日报\n\n[港口日报](https://harbour.example/) 正文\n\n{title}\n\n"
                      f"2024-03-09 10:20:00\n\n{story}\n\n{story}", "zh.md")
    assert (doc["title"], str(doc["date_published"])) == (title, "2024-03-09")


def test_links_side_by_side_stay_separate_words() -> None:
    """"[Jane Roe](/a)[Harbour news](/b)" are two link texts, not "Jane RoeHarbour news"."""
    got = body(f"# Harbour wall\n\n{ARTICLE}\n\nMore from [the trust](/trust)[Harbour news](/news) and "
               "[the council](/council), which met on Tuesday to approve the repairs to the wall.", "a.md")
    assert "the trust Harbour news and the council, which" in got


def test_a_jupyter_notebook_gives_its_markdown_cells_without_code() -> None:
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"authors": [{"name": "Jane Roe"}], "date": "2024-03-05"},
                "cells": [{"cell_type": "markdown", "source": ["# Harbour wall repairs approved\n", "\n", S1 + S2]},
                          {"cell_type": "code", "source": ["import pandas as pd\n", "df = pd.read_csv('x.csv')"],
                           "outputs": [{"output_type": "stream", "text": ["12345\n"]}]},
                          {"cell_type": "markdown", "source": S3 + S1}]}
    [doc] = documents(json.dumps(notebook), "harbour.ipynb")
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == ("Harbour wall repairs approved", ["Jane Roe"], "2024-03-05")
    assert S3.strip() in doc["body"] and "pandas" not in doc["body"] and "12345" not in doc["body"]


def test_an_mdx_pages_module_lines_and_admonition_fences_go() -> None:
    page = ("---\ntitle: Harbour wall repairs approved\n---\n\nimport Tabs from '@theme/Tabs';\n"
            "import { Chart, Legend } from '../components/Chart';\n\n" + ARTICLE +
            "\n\n:::tip Planting season\n" + S3 + "\n:::\n\nexport const meta = { featured: true };\n")
    got = body(page, "page.mdx")
    assert "import" not in got and "export const" not in got and ":::" not in got
    assert "Planting season" in got and S3.strip() in got


def test_a_callouts_type_marker_goes_and_its_title_and_text_stay() -> None:
    """GitHub's and Obsidian's '> [!NOTE]' callouts, as a Notion or Obsidian export writes them."""
    got = body(f"# Harbour wall repairs approved\n\n{ARTICLE}\n\n> [!tip]- Planting season\n> {S3}\n\n"
               f"> [!WARNING]\n> {S1}\n", "note.md")
    assert "[!" not in got and "Planting season" in got and S3.strip() in got and S1.strip() in got


def test_fenced_code_stays_line_by_line_and_is_never_metadata() -> None:
    """A tech blog's code block: its lines stay in the body, each a paragraph of its own (never
    joined to the prose or to each other), and its "2024-03-05" or "# comment" is no date and
    no headline."""
    code = '```python\n# Parse one day\nday = date.fromisoformat("2024-03-05")\nprint(day)\n```'
    [doc] = documents(f"# Harbour wall repairs approved\n\n{code}\n\n{ARTICLE}", "post.md")
    assert (doc["title"], doc["date_published"]) == ("Harbour wall repairs approved", None)
    paragraphs = doc["body"].split("\n\n")
    assert paragraphs[:3] == ["# Parse one day", 'day = date.fromisoformat("2024-03-05")', "print(day)"]
    assert S1.strip() in doc["body"]


def test_a_byline_word_on_its_own_line_names_the_next_line() -> None:
    """'Posted by' over the name, in a plain-text header (no headline marked)."""
    [doc] = documents(f"Harbour wall repairs approved\n\nPosted by\nJane Roe\n|\nHarbour news\n\n{ARTICLE}")
    assert (doc["title"], doc["authors"]) == ("Harbour wall repairs approved", ["Jane Roe"])


@pytest.mark.parametrize(("section", "expected"), [
    ("- Politics", "Politics"),  # a list's mark
    ("› Sport", "Sport"),
    ("Jul 29", None),  # a day, not a section
    ("press@harbour.example", None),
    ("Seite auswählen", None),  # a menu's prompt
    ("Back to top", None),
])
def test_a_section_is_a_name_not_a_mark_a_date_or_an_interface_word(section: str, expected: str | None) -> None:
    [doc] = documents(f"---\ntitle: Harbour wall repairs approved\nsection: \"{section}\"\n---\n\n{ARTICLE}", "a.md")
    assert doc["section"] == expected


@pytest.mark.parametrize("line", ["www.harbour.example", "Lesezeit: 3 min", "Reading time: 4 minutes", "T"])
def test_a_domain_a_reading_time_or_a_drop_cap_is_no_title(line: str) -> None:
    """A text without a headline of its own gets none rather than one of these lines."""
    [doc] = documents(f"{line}\n\n{ARTICLE}")
    assert doc["title"] is None


def test_bold_ending_between_two_numbers_keeps_them_apart() -> None:
    """'**Wednesday, 4 May 2022**00:00' (a bold date glued to its time) is a date, not the year 202200."""
    [doc] = documents(f"# Harbour wall repairs approved\n\n**Wednesday, 4 May 2022**00:00 hs\n\n{ARTICLE}", "a.md")
    assert str(doc["date_published"]) == "2022-05-04"


@pytest.mark.parametrize(("line", "title"), [
    ('title: "\\"Big\\" ferry arrives"', '"Big" ferry arrives'),  # JSON/YAML escapes: the title's own quotes stay
    ("title: 'The harbour''s new ferry'", "The harbour's new ferry"),  # YAML's doubled quote
    ('title: "Big ferry arrives"', "Big ferry arrives"),
    ("title: Big ferry \"arrives\"", 'Big ferry "arrives"'),  # unquoted: as written
])
def test_front_matter_values_lose_one_pair_of_quotes_only(line: str, title: str) -> None:
    [doc] = documents(f"---\n{line}\n---\n\n{ARTICLE}", "a.md")
    assert doc["title"] == title


@pytest.mark.parametrize(("byline", "authors"), [
    ("Posted on March 5, 2024 by Jane Roe in News", ["Jane Roe"]),  # WordPress's default: the category follows
    ("Posted on March 5, 2024 by [Jane Roe](/author/jroe/)in [News](/category/news/)", ["Jane Roe"]),  # space lost
    ("am 5. März 2024 von [Jane Roe](/author/jroe/) in [Allgemeines](/category/a/)", ["Jane Roe"]),
    ("Publié le 5 mars 2024 par Jeanne Roe dans Actualités", ["Jeanne Roe"]),
    ("Autorin: Jane Roe, Projektleiterin der Stiftung in Berlin.", ["Jane Roe"]),  # a description, no category
])
def test_a_bylines_category_is_no_part_of_the_name(byline: str, authors: list[str]) -> None:
    [doc] = documents(f"# Harbour wall repairs approved\n\n{byline}\n\n{ARTICLE}", "a.md")
    assert doc["authors"] == authors


def test_a_wiki_pages_footer_goes() -> None:
    """MediaWiki's 'This page was last edited on …' line (in the wiki's language) is no text of the page."""
    for footer in ("This page was last edited on 5 March 2024, at 13:22.",
                   "* Diese Seite wurde zuletzt am 5. März 2024 um 13:22 Uhr bearbeitet."):
        got = body(f"# Harbour wall\n\n{ARTICLE}\n\n{footer}\n", "wiki.md")
        assert "last edited" not in got and "zuletzt" not in got and S1.strip() in got


def rules_of(text: str, name: str = "a.txt") -> dict[str, str]:
    """Each removed text of the file's documents, with the rule that removed it."""
    return {r["text"]: r["rule"] for doc in documents(text, name) for r in doc["removed"]}


def test_a_menu_item_a_pattern_rule_took_does_not_cut_the_menu_in_two() -> None:
    # 'Search' is the skip-link rule's; the items on either side of it are still one menu
    text = f"Home\nAbout us\nSearch\nCampaigns\nContact\n\nHarbour wall repairs approved\n\n{ARTICLE}"
    removed = rules_of(text)
    assert removed["Search"] == "skip-link"
    assert [removed.get(item) for item in ("Home", "About us", "Campaigns", "Contact")] == ["menu-run"] * 4


def test_advertisement_labels_go_and_a_sentence_about_advertising_stays() -> None:
    advertising = "Advertisement revenue at the harbour office fell by a third last year, the report says."
    text = f"Harbour wall repairs approved\n\n{S1}\n\nAdvertisement\n\n{S2}\n\n- Anzeige -\n\n{advertising}\n\n{S1}"
    removed = rules_of(text)
    assert removed["Advertisement"] == removed["- Anzeige -"] == "ad-label"
    assert advertising in body(text)


def test_a_consent_banner_and_a_metering_notice_are_neither_title_nor_text() -> None:
    text = ("We value your privacy\n"
            "We and our 212 partners store and/or access information on a device, such as cookies, and process "
            "personal data for measurement and personalised content.\n"
            "Accept all  Reject all  Manage preferences\n\n"
            "You've reached your limit of 5 free articles this month. Subscribe for unlimited access.\n\n"
            f"Harbour wall repairs approved\n\nBy Jane Roe\n\n{ARTICLE}")
    doc = documents(text)[0]
    assert doc["title"] == "Harbour wall repairs approved"
    assert doc["authors"] == ["Jane Roe"]
    assert "partners" not in doc["body"] and "free articles" not in doc["body"] and "privacy" not in doc["body"]
    removed = {r["text"][:20]: r["rule"] for r in doc["removed"]}
    assert removed["We value your privac"] == removed["We and our 212 partn"] == removed["Accept all Reject al"] \
        == "cookie-prompt"
    assert removed["You've reached your "] == "paywall-prompt"


def test_a_newsletters_view_in_browser_line_is_no_title() -> None:
    text = f"View this email in browser\n\nHarbour wall repairs approved\n\n{ARTICLE}"
    doc = documents(text)[0]
    assert doc["title"] == "Harbour wall repairs approved"
    assert rules_of(text)["View this email in browser"] == "mail-footer"


@pytest.mark.parametrize("opening", ["PORTSMOUTH, May 21, 2024 /PRNewswire/ -- ",
                                     "PORTSMOUTH, May 21, 2024 (GLOBE NEWSWIRE) -- "])
def test_a_wire_services_press_release_is_dated_by_its_opening(opening: str) -> None:
    text = f"FOR IMMEDIATE RELEASE\n\nHarbour Trust Wins Grant for the Wall\n\n{opening}{S1}\n\n{S2}\n\n###"
    doc = documents(text)[0]
    assert doc["date_published"].isoformat() == "2024-05-21"
    assert doc["title"] == "Harbour Trust Wins Grant for the Wall"


def test_a_german_headers_reading_time_and_share_row_go() -> None:
    text = ("Neue Brücke über den Hafen genehmigt\n\nVon Jana Roth | 04.06.2024, 17:32 Uhr\nLesezeit: 4 Minuten\n\n"
            f"Teilen  Twittern  WhatsApp  E-Mail\n\n{ARTICLE}")
    doc = documents(text)[0]
    assert doc["authors"] == ["Jana Roth"]
    removed = rules_of(text)
    assert removed["Lesezeit: 4 Minuten"] == "social-counter"
    assert removed["Teilen Twittern WhatsApp E-Mail"] == "share-row"


def test_a_wiki_pages_text_export_loses_its_category_links_and_licence() -> None:
    text = (f"Harbour wall\n\nFrom Wikipedia, the free encyclopedia\n\n{ARTICLE}\n\n"
            "Categories: Harbours built in 1867Harbours of the northern isles\n\n"
            "This page was last edited on 3 February 2024, at 17:21 (UTC).\n"
            "Text is available under the Creative Commons Attribution-ShareAlike License 4.0; additional terms may apply.")
    got = body(text)
    assert "Categories" not in got and "Creative Commons" not in got and S2.strip() in got


def test_a_blogs_post_under_its_day_header_is_the_title_not_the_blogs_description() -> None:
    text = ("Notes from the Harbour Workshop\nBoats, old engines and the odd complaint\n\n"
            "Thursday, March 7, 2024\nRebuilding a 1952 Harbour Launch Engine\n\n"
            f"{ARTICLE}\n\nPosted by Walter Brennan at 10:42 AM")
    doc = documents(text)[0]
    assert doc["title"] == "Rebuilding a 1952 Harbour Launch Engine"
    assert doc["date_published"].isoformat() == "2024-03-07"
    assert doc["authors"] == ["Walter Brennan"]
    assert "Boats, old engines" not in doc["body"]


@pytest.mark.parametrize("between", ["Jana Roth\n", "\n"])
def test_a_headline_over_a_date_and_a_deck_stays_the_title(between: str) -> None:
    # the headline, (a name or a blank line,) the date, the deck under it and no blank line
    # after the deck: no day header of a blog
    text = (f"Harbour wall repairs approved by the council\n{between}5 March 2024\n"
            f"The works start in spring and will take eleven months\n{ARTICLE}")
    assert documents(text)[0]["title"] == "Harbour wall repairs approved by the council"


def test_a_forum_threads_user_card_is_no_date_and_no_author() -> None:
    text = ("Harbour Rowing Forums\nHome > Forums > Boats > Repairs\n\n"
            "Patching a clinker hull over the winter: my first attempt\n"
            "Thread starter oarsman  Start date Sep 14, 2023  Tags clinker\n\n"
            "oarsman\nWell-Known Member\nJoined: Mar 2, 2019  Messages: 1,284\n\n"
            f"Sep 14, 2023  #1\n{ARTICLE}\n\nReactions: Jane Roe, Tom Lee and 23 others")
    doc = documents(text)[0]
    assert doc["title"] == "Patching a clinker hull over the winter: my first attempt"
    assert doc["date_published"].isoformat() == "2023-09-14"
    assert doc["authors"] == []
    removed = rules_of(text)
    assert removed["Well-Known Member"] == removed["Joined: Mar 2, 2019 Messages: 1,284"] == "forum-user-card"
    assert removed["Reactions: Jane Roe, Tom Lee and 23 others"] == "forum-user-card"


def test_a_forum_posts_started_by_byline_names_its_author() -> None:
    text = f"Patching a clinker hull over the winter\n\nStarted by Jane Roe, March 5, 2024\n\n{ARTICLE}"
    doc = documents(text)[0]
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"].isoformat() == "2024-03-05"


@pytest.mark.parametrize(("above", "apart", "byline"), [
    # a kicker or a masthead over the headline, the deck under it, then the byline, as paragraphs
    ("Harbour\n\n", "\n\n", "By Jane Roe\n5 March 2024"),
    ("THE KESTON COURIER\nNews  Sport  Business\n\n", "\n\n", "By Jane Roe\n5 March 2024"),
    # copied from a page: headline, deck and byline on lines right under each other
    ("", "\n", "By Jane Roe | March 4, 2024"),
    ("Live\n", "\n", "By Jane Roe | March 4, 2024"),
    ("The Keston Courier\n\nLive\n", "\n", "By Jane Roe | March 4, 2024"),
])
def test_a_headline_over_its_deck_is_the_title_and_the_deck_the_subtitle(above: str, apart: str, byline: str) -> None:
    deck = "Work on the northern end of the wall will start in the spring"
    text = f"{above}Harbour wall repairs approved after two years of talks{apart}{deck}{apart}{byline}\n\n{ARTICLE}"
    doc = documents(text)[0]
    assert doc["title"] == "Harbour wall repairs approved after two years of talks"
    assert not any(r["text"].startswith("Harbour wall repairs") for r in doc["removed"])
    assert doc["subtitle"] == deck
    assert doc["authors"] == ["Jane Roe"]
    assert deck in doc["body"]  # the body keeps its deck


def test_a_pages_title_line_over_its_headline_is_no_headline() -> None:
    # the first line is the page's title (a text export of the page), the headline repeats
    # part of it, a bare name and a date follow: the headline stays the title
    text = ("Harbour works: the council approves the repairs | Keston Courier\n\n"
            "Repairs to the harbour wall approved by the council\nJane Roe\n5 March 2024\n\n"
            f"{ARTICLE}")
    assert documents(text)[0]["title"] == "Repairs to the harbour wall approved by the council"


@pytest.mark.parametrize("label", ["Read also:", "Lee también:", "Читайте также:"])
def test_the_teasers_under_a_read_also_label_go_with_it(label: str) -> None:
    text = (f"Harbour wall repairs approved\n\n{S1}\n\n{label}\nLibrary opening hours extended for the summer\n"
            f"- Ferry timetable changes in June\n\n{S2}")
    got = body(text)
    assert "Library opening hours" not in got and "Ferry timetable" not in got
    assert S1.strip() in got and S2.strip() in got
    assert rules_of(text)[label] == "related-list"


def test_tag_lines_in_other_languages_go() -> None:
    for line in ("Теги: гавань, ремонт", "الكلمات المفتاحية: الميناء، الإصلاح", "タグ：港, 修理"):
        assert rules_of(f"Harbour wall repairs approved\n\n{ARTICLE}\n\n{line}")[line] == "tag-line"


@pytest.mark.parametrize(("above", "under"), [
    # a site's tagline and the headline both hold five words or more, but the menu stands between
    ("The Keston Courier\nCommunity news for Keston and the harbour villages\n\nHome\nNews\nSport\nContact\n\n",
     "\n\nBy Jane Roe\n5 March 2024"),
    # a menu of lines, a blank line, the headline: the menu's last item (five words) is no headline over a deck
    ("Home\nCategories\nProfile\nContact the editors of this site\n\n", "\n\nBy Jane Roe\n5 March 2024"),
    # the page's title line ("Headline | Site") stacked right over the headline
    ("Harbour wall repairs approved | The Keston Courier\n", "\nBy Jane Roe | March 4, 2024"),
    # a menu's items stacked right over the headline
    ("Home\nNews from the harbour villages\nContact the editors of this site\n", "\nBy Jane Roe | March 4, 2024"),
])
def test_a_line_over_the_headline_is_no_headline_over_a_deck(above: str, under: str) -> None:
    text = f"{above}Harbour wall repairs approved after two years of talks{under}\n\n{ARTICLE}"
    assert documents(text)[0]["title"] == "Harbour wall repairs approved after two years of talks"


def test_an_affiliate_note_and_a_shop_button_go_and_the_review_stays() -> None:
    text = ("# Harbour kettle review\n\nBy Jane Roe | March 14, 2024\n\n"
            "*Disclosure: This post contains affiliate links. If you buy through them, we may earn a commission.*\n\n"
            f"[**Check price on Amazon**](https://shop.example/k1)\n\n{ARTICLE}")
    removed = {r["text"][:12]: r["rule"] for doc in documents(text, "a.md") for r in doc["removed"]}
    assert removed["Disclosure: "] == removed["Check price "] == "affiliate-note"
    assert S2.strip() in body(text, "a.md")


def test_previous_and_next_links_with_arrows_go() -> None:
    text = f"Harbour wall\n\n{ARTICLE}\n\n← Previous: The old lighthouse\nNext: A new ferry for the island →"
    removed = rules_of(text)
    assert removed["← Previous: The old lighthouse"] == removed["Next: A new ferry for the island →"] == "post-navigation"


def test_a_site_name_heading_linked_to_the_front_page_is_the_publisher_not_the_title() -> None:
    text = ("# [The Harbour Letter](https://harbour.example/)\n\nSubscribe\n\n"
            "# What a year of ferry rides taught me about the island\n\n"
            f"[Jane Roe](https://harbour.example/@jane)\n\nNov 12, 2023\n\n{ARTICLE}")
    doc = documents(text, "a.md")[0]
    assert doc["title"] == "What a year of ferry rides taught me about the island"
    assert doc["publisher"] == "The Harbour Letter"
    assert "The Harbour Letter" not in doc["body"]


def test_an_articles_own_headline_linked_to_its_page_stays_the_title() -> None:
    # one H1 only, linked to the article's own address (no front page): still the headline
    text = (f"# [Harbour wall repairs approved](https://harbour.example/2024/03/wall)\n\nBy Jane Roe\n\n{ARTICLE}")
    assert documents(text, "a.md")[0]["title"] == "Harbour wall repairs approved"


@pytest.mark.parametrize("row", ["Home · Product · Pricing · Docs · Blog · Start free trial",
                                 "News | Local | Sport | Business | Weather"])
def test_a_menu_rows_last_item_is_no_section(row: str) -> None:
    text = f"Harbour Blog\n{row}\n\n# Harbour wall repairs approved\n\nBy Jane Roe | March 4, 2024\n\n{ARTICLE}"
    doc = documents(text, "a.md")[0]
    assert doc["section"] is None
    assert row not in doc["body"]


def test_a_breadcrumb_trails_last_item_is_the_section() -> None:
    text = f"Home » News » Environment\n\n# Harbour wall repairs approved\n\nBy Jane Roe | March 4, 2024\n\n{ARTICLE}"
    assert documents(text, "a.md")[0]["section"] == "Environment"


def test_a_threads_age_and_a_platform_handle() -> None:
    text = (f"r/harbourlife\nPosted by u/keston_rower\n3 yr. ago\n\nHarbour wall repairs approved at last\n\n{ARTICLE}"
            "\n\n412 points\n5 hours ago")
    doc = documents(text)[0]
    assert doc["title"] == "Harbour wall repairs approved at last"
    assert doc["authors"] == ["keston_rower"]
    assert rules_of(text)["3 yr. ago"] == rules_of(text)["5 hours ago"] == "relative-time"


def test_a_wikis_tabs_and_jump_links_go() -> None:
    text = ("Jump to navigation\nJump to search\nKeston Harbour Wall\n\nFrom Wikipedia, the free encyclopedia\n\n"
            f"Article Talk\nRead Edit View history\n\n{ARTICLE}")
    doc = documents(text)[0]
    assert doc["title"] == "Keston Harbour Wall"
    removed = rules_of(text)
    assert removed["Jump to navigation"] == removed["Jump to search"] == "skip-link"
    assert removed["Article Talk"] == removed["Read Edit View history"] == "wiki-chrome"


@pytest.mark.parametrize(("header", "title", "day"), [
    # a desk and a name over the date line, under an all-caps headline
    ("Home / News / Local\n\nHARBOUR WALL REPAIRS APPROVED AFTER TWO YEARS\n\nNewsdesk | Jane Roe\n"
     "Published: 18.09.2023 - 14:27", "HARBOUR WALL REPAIRS APPROVED AFTER TWO YEARS", "2023-09-18"),
    # an interview's byline under a kicker and the headline
    ("INTERVIEWS\n\"I paint what the harbour leaves behind\": a conversation with a painter\n"
     "Interview by Jane Roe\n27 February 2024",
     "\"I paint what the harbour leaves behind\": a conversation with a painter", "2024-02-27"),
])
def test_a_byline_of_another_form_names_the_author_and_is_no_title(header: str, title: str, day: str) -> None:
    doc = documents(f"{header}\n\n{ARTICLE}")[0]
    assert (doc["title"], doc["authors"], doc["date_published"].isoformat()) == (title, ["Jane Roe"], day)


@pytest.mark.parametrize("line", [
    "Newsdesk | Jane Roe\n",  # no date beside it
    "picture alliance | Jane Roe\n05.03.2024\n",  # a photo credit: the agency names no desk
    "Harbour, Ferries | View Comments\n05.03.2024\n",  # a post's categories and a link
])
def test_a_barred_line_names_nobody_without_a_desk_and_a_date(line: str) -> None:
    text = f"Harbour wall repairs approved after two years\n\n{line}\n{ARTICLE}"
    assert documents(text)[0]["authors"] == []


ZH_STORY = ("周六，北码头的室内鱼市正式开业。十二个摊位从早上七点到中午出售当天的渔获，一家小咖啡馆用没有卖完的鱼做汤。" * 2
            + "\n\n" + "市场管理方表示，今后每个周末都会有本地渔民现场讲解捕鱼知识，欢迎市民带孩子前来参观。" * 2)


def test_a_chinese_menu_row_is_no_title_and_a_reporter_and_a_correspondent_are_two_authors() -> None:
    text = (f"港口网 | 首页 新闻 财经 体育 娱乐\n\n港口新鱼市开业 渔民和市民都来了\n2024年3月9日 10:20\n"
            f"记者 王海明 通讯员 李晓\n字号：大 中 小 分享到：微信 微博\n\n{ZH_STORY}")
    [doc] = documents(text, "zh.txt")
    assert doc["title"] == "港口新鱼市开业 渔民和市民都来了"
    assert doc["authors"] == ["王海明", "李晓"]
    assert str(doc["date_published"]) == "2024-03-09"
    removed = rules_of(text, "zh.txt")
    assert removed["港口网 | 首页 新闻 财经 体育 娱乐"] == "menu-row-cjk"
    assert removed["字号：大 中 小 分享到：微信 微博"] == "share-row"


def test_a_korean_reporters_title_is_no_part_of_the_name_and_home_is_no_title() -> None:
    story = ("항구 북쪽 부두에 새 수산시장이 문을 열었다. 열두 개의 점포가 아침 일곱 시부터 정오까지 그날 잡은 생선을 판다. "
             "시장 관리소는 주말마다 어민들이 직접 어업에 대해 설명하는 행사를 열 계획이라고 밝혔다.\n\n") * 2
    text = (f"항구일보\n홈 > 사회\n\n항구 북쪽 부두에 새 수산시장 문 열어\n\n입력 2024.03.09 10:20\n정다은 기자\n"
            f"가 가 공유하기 카카오톡 페이스북 링크복사\n\n{story}")
    [doc] = documents(text, "ko.txt")
    assert doc["title"] == "항구 북쪽 부두에 새 수산시장 문 열어"
    assert doc["authors"] == ["정다은"]
    assert str(doc["date_published"]) == "2024-03-09"
    assert "공유하기" not in doc["body"]


def test_a_social_posts_author_line_names_the_author() -> None:
    post = "Harbour wall: a short thread on why the northern end closed, since many of you asked."
    text = (f"Jane Roe 🌊 @jroe@harbour.example\n{post}\nJul 9, 2024, 08:14\n48 boosts 112 favourites\n\n"
            f"Jane Roe 🌊 @jroe@harbour.example\n{S1}\nJul 9, 2024, 08:16\n\n"
            f"Tom Lee @tlee@town.example\n@jroe thanks, is the path open?\nJul 9, 2024, 09:02\n")
    doc = documents(text)[0]
    assert doc["authors"] == ["Jane Roe"]
    assert rules_of(text)["48 boosts 112 favourites"] == "social-counter"
    assert post in doc["body"]


def test_a_podcasts_sponsor_read_rating_plea_and_platform_row_go() -> None:
    lines = ["*This episode is sponsored by Harbour Kettles. Use code HARBOUR for 20% off your first order.*",
             "Enjoyed the show? Leave us a rating on Apple Podcasts, it really helps!",
             "Listen on Spotify | Apple Podcasts | RSS"]
    text = "# Episode 12: The harbour wall\n\n" + ARTICLE + "\n\n" + "\n\n".join(lines)
    removed = rules_of(text, "a.md")
    assert [removed[line.strip("*")] for line in lines] == ["sponsor-read", "rating-appeal", "listen-on"]
    assert S2.strip() in body(text, "a.md")


@pytest.mark.parametrize(("header", "footer"), [
    ("HARBOUR REVIEW Spring 2024 | 23", "24 | Spring 2024 HARBOUR REVIEW"),
    ("KESTON PARISH COUNCIL Page 1 of 2", "KESTON PARISH COUNCIL Page 2 of 2"),
])
def test_a_running_header_with_its_page_number_is_no_title(header: str, footer: str) -> None:
    text = f"{header}\n\nHarbour wall repairs approved\n\n{S1}\n\n{footer}\n\n{S2}\n"
    doc = documents(text)[0]
    assert doc["title"] == "Harbour wall repairs approved"
    assert header not in doc["body"] and footer not in doc["body"]


def test_a_live_blogs_key_events_list_goes_and_its_entries_stay() -> None:
    text = (f"Harbour wall live: second day of repairs\nBy Jane Roe\n\nKey events\n10:42 Crane arrives at the wall\n"
            f"09:55 Path closed to walkers\n\nShow key events only\n\n10:42\nCrane arrives at the wall\n{S1}\n\n"
            f"09:55\nPath closed to walkers\n{S2}\n")
    removed = rules_of(text)
    assert removed["Key events"] == removed["10:42 Crane arrives at the wall"] == "related-list"
    assert removed["Show key events only"] == "related-list"
    assert S2.strip() in body(text)


def test_a_shop_line_with_its_price_and_a_download_line_go() -> None:
    lines = ["Shop now: Felt wall planter, £18 at Greenway", "Download the full response (PDF, 2.3 MB)"]
    text = "Harbour wall repairs approved\n\n" + S1 + "\n\n" + "\n\n".join(lines) + "\n\n" + S2
    removed = rules_of(text)
    assert [removed[line] for line in lines] == ["affiliate-note", "file-download"]
    assert S2.strip() in body(text)


def test_a_consent_dialog_and_a_signup_box_around_a_short_brief_go() -> None:
    brief = ("Harbour Road reopened at six after a lorry fire near the roundabout late on Monday. No one was hurt, "
             "police said, but drivers should expect delays while the surface is repaired.")
    chrome = ["Cookies on HARBOUR.EXAMPLE",
              "We use some essential cookies to make this website work. Accept additional cookies Reject additional cookies",
              "We value your privacy", "We and our 148 partners store and access information on your device.",
              "ACCEPT ALL", "MORE OPTIONS"]
    signup = ["Sign up to our daily newsletter", "Get the top stories delivered to your inbox every morning",
              "Enter your email address", "Sign up", "By signing up you agree to our privacy notice"]
    text = ("\n".join(chrome) + "\n\nHarbour Road reopens after overnight lorry fire\nBy Jane Roe\n"
            f"Tuesday 18 June 2024 6:52 am\n{brief}\n" + "\n".join(signup)
            + "\nComments\nJoin the conversation. Please log in to comment.\n")
    doc = documents(text)[0]
    assert doc["title"] == "Harbour Road reopens after overnight lorry fire"
    assert doc["body"] == brief


def test_a_field_block_under_a_headline_is_no_mail_head_and_the_prose_under_it_stays() -> None:
    text = ("Harbour wall repairs approved after two years\nThe minister set out the plans at the harbour forum.\n"
            "From: Ministry of Harbours\nPublished 7 May 2024\nLocation: Keston Civic Hall\n"
            f"{S1}\n\n{S2}")
    got = body(text)
    assert S1.strip() in got and "From: Ministry of Harbours" in got
    assert "mail-headers" not in rules_of(text).values()


@pytest.mark.parametrize(("byline", "name"), [
    ("経済部 佐藤 健一 記者", "佐藤 健一"),  # the desk and the title around a Japanese reporter's name
    ("経済部 佐藤健一 記者", "佐藤健一"),
    ("경제부 김하늘 기자", "김하늘"),  # a Korean desk before the name
])
def test_a_desk_before_a_cjk_reporters_name_is_no_part_of_it(byline: str, name: str) -> None:
    story = ("港の北側の岸壁に新しい魚市場が開いた。十二の店が朝七時から正午まで、その日に取れた魚を売る。"
             "市場の管理事務所によると、週末には漁師が漁について話す催しも予定されている。\n\n") * 2
    text = f"港の北側に新しい魚市場が開く\n\n{byline}\n2024年3月9日\n\n{story}"
    [doc] = documents(text, "cjk.txt")
    assert doc["authors"] == [name]
    assert str(doc["date_published"]) == "2024-03-09"


HI_STORY = ("शहर के उत्तरी घाट पर शनिवार को नई मछली मंडी खुल गई। बारह दुकानों पर सुबह सात बजे से दोपहर तक उसी दिन "
            "पकड़ी गई मछली बिकती है और बची हुई मछली से एक छोटा कैफे सूप बनाता है।\n\n") * 2


TR_STORY = ("Liman kentinin kuzey iskelesinde yeni balık pazarı cumartesi günü kapılarını açtı. On iki tezgahta "
            "sabah yediden öğlene kadar günün avı satılıyor ve küçük bir kafe satılmayan balıklardan çorba yapıyor.\n\n") * 2


@pytest.mark.parametrize(("text", "name", "title", "author", "day", "chrome"), [
    # a Turkish home trail is no title, and the desk line names the reporter
    (f"Anasayfa / Gündem / Yerel\n\nLİMANDA YENİ BALIK PAZARI AÇILDI\n\nHaber Merkezi | Derya Aksoy\n"
     f"Yayınlanma: 18.09.2023 - 14:27\nPaylaş: Facebook Twitter WhatsApp E-posta\n\n{TR_STORY}"
     "Sitemizde çerezler kullanılmaktadır. Detaylı bilgi için Çerez Politikamızı inceleyebilirsiniz. Kabul Et",
     "tr.txt", "LİMANDA YENİ BALIK PAZARI AÇILDI", "Derya Aksoy", "2023-09-18", ("Paylaş", "çerezler")),
    # a Hindi byline label names the reporter; the share row and a "read also" teaser go
    (f"होम › शहर › स्थानीय\n\nघाट पर नई मछली मंडी खुली\n\nरिपोर्ट: सुनीता वर्मा\nप्रकाशित: 09 मार्च 2024\n\n"
     f"शेयर करें: फेसबुक | ट्विटर | व्हाट्सएप\n\n{HI_STORY}यह भी पढ़ें: नदी के पुल की मरम्मत अगले महीने\n\n",
     "hi.txt", "घाट पर नई मछली मंडी खुली", "सुनीता वर्मा", "2024-03-09", ("शेयर", "यह भी पढ़ें")),
])
def test_a_news_page_in_another_language_gives_its_headline_reporter_and_day(
        text: str, name: str, title: str, author: str, day: str, chrome: tuple[str, ...]) -> None:
    [doc] = documents(text, name)
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == (title, [author], day)
    assert not any(word in doc["body"] for word in chrome)


def test_a_one_word_line_in_a_script_of_india_beside_the_date_is_no_author() -> None:
    text = f"घाट पर नई मछली मंडी खुली\n\nशनिवार\n09 मार्च 2024\n\n{HI_STORY}"
    [doc] = documents(text, "hi.txt")
    assert doc["authors"] == []
    assert str(doc["date_published"]) == "2024-03-09"


def test_forum_and_widget_chrome_goes() -> None:
    story = ("The harbour committee met on Tuesday evening to settle the future of the old ferry slip, which has been "
             "closed to boats since the winter storms damaged its lower steps.\n\n") * 3
    text = (f"Board index ‹ Boats ‹ Repairs\n\nHow do I fix a loose stone on a slip?\n\n{story}"
            "★★★★☆ 4.2 from 87 votes\n\n12.4k · 8 · 31 · 60\n\nArchivado en: Puerto, Obras\n\n"
            "Thanks for reading The Harbour Letter!\n\nForwarded this email? Sign up here.\n")
    removed = rules_of(text)
    assert removed["Board index ‹ Boats ‹ Repairs"] == "breadcrumb"
    assert removed["★★★★☆ 4.2 from 87 votes"] == "rating-widget"
    assert removed["12.4k · 8 · 31 · 60"] == "social-counter"
    assert removed["Archivado en: Puerto, Obras"] == "category-line"
    assert removed["Thanks for reading The Harbour Letter!"] == "subscribe-prompt"
    assert removed["Forwarded this email? Sign up here."] == "mail-footer"


WIRE_STORY = ("KIEL, May 6, 2025 /Example Wire/ -- Baltic Cold Storage AG, a company that stores frozen food, today "
              "opened a new warehouse at the port. The building holds 30,000 pallets and will employ about 90 people.\n\n"
              "The warehouse runs on power from a solar roof and a wind farm nearby. Waste heat from its cooling plant "
              "warms the offices in winter, the company said.\n\n"
              "About Baltic Cold Storage AG\n\nBaltic Cold Storage AG stores and ships frozen food for shops.\n")


def test_a_wire_releases_credit_names_the_issuer_and_the_headline_stays_the_title() -> None:
    text = ("Example Wire\nNews  Products  Contact\n\nBaltic Cold Storage Opens New Warehouse in Kiel\n"
            "The building will hold 30,000 pallets and create 90 jobs\n\nNews provided by\nBaltic Cold Storage AG\n"
            f"06 May, 2025, 09:00 ET\n\nShare this article\n\n{WIRE_STORY}")
    [doc] = documents(text, "wire.txt")
    assert doc["title"] == "Baltic Cold Storage Opens New Warehouse in Kiel"
    assert doc["subtitle"] == "The building will hold 30,000 pallets and create 90 jobs"
    assert doc["authors"] == []
    assert doc["section"] is None
    assert str(doc["date_published"]) == "2025-05-06"


@pytest.mark.parametrize(("lines", "authors"), [
    ("Mira Holm\nMira Holm\nFollow\n", ["Mira Holm"]),  # an avatar's text over the name, then the button
    ("Mira Holm\nFolgen\n", ["Mira Holm"]),
    ("Follow us\n", []),  # a site's button, no one's name over it
])
def test_a_follow_button_under_a_name_names_the_author(lines: str, authors: list[str]) -> None:
    story = ("Most teams pick cache sizes by habit. We set a number once, years ago, and nobody has looked at it "
             "since, so memory sits idle on some hosts while others evict all day.\n\n") * 3
    text = f"Stop Guessing Your Cache Sizes\n\n{lines}\n7 min read\n\n{story}"
    [doc] = documents(text, "post.txt")
    assert doc["title"] == "Stop Guessing Your Cache Sizes"
    assert doc["authors"] == authors


def test_a_read_also_box_without_a_colon_goes_with_its_teasers() -> None:
    story = ("Der Gemeinderat hat am Dienstagabend beschlossen, die alte Fähranlege am Hafen vor dem Sommer zu "
             "reparieren, nachdem die Winterstürme ihre unteren Stufen beschädigt hatten.\n\n")
    text = (f"Fähranleger wird vor dem Sommer repariert\n\nVon Anna Maier\n\n{story}Lesen Sie auch\n\n"
            "Neue Buslinie zum Bahnhof ab April\n\nBibliothek verlängert ihre Öffnungszeiten\n\n"
            + story.replace("Dienstagabend", "Mittwoch") + story.replace("Dienstagabend", "Donnerstag"))
    [doc] = documents(text, "de.txt")
    assert "Lesen Sie auch" not in doc["body"] and "Buslinie" not in doc["body"] and "Bibliothek" not in doc["body"]
    assert doc["body"].count("Fähranlege am Hafen") == 3


def test_a_row_of_interface_words_opening_the_text_is_no_publisher() -> None:
    story = ("Der Gemeinderat hat am Dienstagabend beschlossen, die alte Fähranlege am Hafen vor dem Sommer zu "
             "reparieren, nachdem die Winterstürme ihre unteren Stufen beschädigt hatten.\n\n") * 3
    text = f"Anmelden   Abo\n\nFähranleger wird vor dem Sommer repariert\n\nVon Anna Maier | 05.03.2024\n\n{story}"
    [doc] = documents(text, "de.txt")
    assert doc["title"] == "Fähranleger wird vor dem Sommer repariert"
    assert doc["publisher"] is None


@pytest.mark.parametrize("mark", ["* ", "- ", "+ ", "• "])
def test_a_line_rule_reads_a_list_item_without_its_mark(mark: str) -> None:
    """A wiki's footer in a list ('* Text is available under the Creative Commons …') goes as
    the same line without its bullet does; the article's own list items stay."""
    footer = f"{mark}Text is available under the Creative Commons Attribution-ShareAlike License."
    items = f"{mark}Tender in January\n{mark}Works from April"
    text = body(f"Harbour wall repairs approved\n\n{ARTICLE}\n\n{items}\n\n{ARTICLE}\n\n{footer}\n", "a.md")
    assert "Creative Commons" not in text
    assert "Tender in January" in text and "Works from April" in text


@pytest.mark.parametrize("label", ["Media contact:", "For more information:", "Para más información:", "Pressekontakt"])
def test_a_contact_block_at_the_end_of_a_release_goes(label: str) -> None:
    """The contact block that closes a press release or a statement goes with its lines; the
    same label with a long text under it is the article's own, and stays."""
    contact = f"{label}\nJane Roe, Harbour Trust\nTel. 01632 960 000\npress@harbour.example"
    text = body(f"Harbour wall repairs approved\n\n{ARTICLE}\n\n{ARTICLE}\n\n{contact}\n")
    assert "Jane Roe" not in text and "01632" not in text and ARTICLE.split(".")[0] in text
    long_tail = body(f"Harbour wall repairs approved\n\n{ARTICLE}\n\n{label}\n\n{ARTICLE}\n\n{ARTICLE}\n")
    assert long_tail.count(S1.strip()) == 9  # three articles of three S1 each: nothing cut


def test_an_author_box_link_under_the_bio_leaves_the_bio_its_own() -> None:
    """'Jane Roe is a journalist …' closing an article is its author's bio, also when the
    author box's link ('More posts by Jane') stands under it."""
    bio = "Jane Roe is a journalist living in Westport who writes about harbours and ferries."
    [doc] = documents(f"Harbour wall repairs approved\n\n{ARTICLE}\n\n{ARTICLE}\n\n{bio}\n\nMore posts by Jane\n")
    assert doc["author_bio"] == bio and bio not in doc["body"]
