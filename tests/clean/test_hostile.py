"""Hostile pages and junk documents: the pure core neither crashes, stalls nor publishes them (issue 11).

Every input here is invented in the test; nothing touches the disk.
"""

from __future__ import annotations

import itertools
import re
import sys
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from flows.clean import htmlpage
from flows.clean.gates import chars_per_word, check_document, debris_share, fit_title
from flows.clean.htmlpage import MAX_DEPTH, TEXT_TAG_ALLOWANCE, extract_bs4, limit_depth
from flows.clean.pipeline import process_file
from flows.clean.segment import build_paragraphs, split_articles
from flows.clean.wordcount import count_words, word_tokens
from flows.config import GateSettings
from flows.errors import AbsurdWords, EmptyInput, InputError, MarkupDebris, Quarantined, ValidationFailed
from flows.model import Line, RawFile
from flows.store.config import load_config

config = load_config()
SENTENCE = "Residents of the town met on Tuesday to discuss the new bus routes and the timetable."
PARAGRAPHS = "".join(f"<p>{SENTENCE} Paragraph {n} of the story.</p>" for n in range(8))
FAST = 10.0  # seconds; measured well under one (README, Guarantees), generous for a loaded shared machine
PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _deep_page(depth: int, tag: str = "div") -> str:
    return ("<html><head><title>Deep page</title></head><body>" + f"<{tag}>" * depth + PARAGRAPHS
            + f"</{tag}>" * depth + "</body></html>")


def _survives(name: str, data: bytes) -> None:
    """A hostile file is read or quarantined within the time budget."""
    documents, rejections, seconds = _run(name, data)
    assert seconds < FAST
    assert documents or rejections


def _run(name: str, data: bytes) -> tuple[list[dict], list, float]:  # type: ignore[type-arg]
    start = time.perf_counter()
    result = process_file(RawFile(name, data), config)
    return result.documents, result.rejections, time.perf_counter() - start


def _depth(page: str) -> int:
    """Nesting depth of the page as lxml builds it (no recursion)."""
    tree = lxml_html.fromstring(page, parser=lxml_html.HTMLParser(huge_tree=True))
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


# --------------------------------------------------------------------------- deep markup


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_pages_are_flattened_fast_and_keep_their_text(depth: int) -> None:
    documents, rejections, seconds = _run(f"deep-{depth}.html", _deep_page(depth).encode())
    assert seconds < FAST
    assert rejections == []
    [document] = documents
    assert document["title"] == "Deep page"
    assert all(f"Paragraph {n} of the story." in document["body"] for n in range(8))
    assert len(document["sections"][0]["paragraphs"]) == 8  # the innermost paragraphs keep their breaks
    assert any("nested deeper than" in removal["text"] for removal in document["removed"])


def test_deep_text_at_every_level_finishes() -> None:
    """No wrapper to drop: every level holds text, so tags past the allowance all go."""
    depth = 50_000
    page = "<html><body>" + "<div>level " * depth + "</div>" * depth + "</body></html>"
    flat, removal = limit_depth(page)
    assert removal is not None
    assert _depth(flat) <= MAX_DEPTH + TEXT_TAG_ALLOWANCE + 1
    documents, rejections, seconds = _run("deep-text.html", page.encode())
    assert seconds < FAST
    assert len(documents) + len(rejections) >= 1


def test_no_tree_walk_recurses() -> None:
    """The removals audit and the BeautifulSoup renderer walk trees deeper than Python's recursion limit."""
    depth = sys.getrecursionlimit() * 3
    root = etree.Element("body")
    node = root
    for _ in range(depth):
        node = etree.SubElement(node, "div")
    node.text = SENTENCE
    etree.SubElement(root, "nav").text = "Home About Contact"
    tree = lxml_html.fromstring(etree.tostring(etree.Element("html")))
    tree.append(root)
    removals = htmlpage.removed_blocks(tree, SENTENCE)
    assert [r.text for r in removals] == ["<nav> Home About Contact"]
    assert htmlpage._visible_text(root)[-2:] == ["Home About Contact", ""]
    text, _, _ = extract_bs4(_deep_page(depth))
    assert "Paragraph 7 of the story." in text


def test_json_ld_nested_past_the_decoder_costs_only_the_json_ld() -> None:
    nested = "[" * 100_000 + "]" * 100_000
    page = (f"<html><head><title>Bus routes</title><script type='application/ld+json'>{nested}</script></head>"
            f"<body><article><h1>Bus routes</h1>{PARAGRAPHS}</article></body></html>")
    result = process_file(RawFile("deep-json.html", page.encode()), config)
    assert not result.rejections
    assert [d["title"] for d in result.documents] == ["Bus routes"]


def test_a_page_within_the_limit_is_left_alone() -> None:
    page = _deep_page(MAX_DEPTH - 10)
    assert limit_depth(page) == (page, None)
    # unclosed list items, paragraphs and cells are siblings, not levels
    siblings = ("<html><body><ul>" + "<li>an item" * 1_000 + "</ul>" + "<p>a paragraph" * 1_000
                + "<table>" + "<tr><td>a<td>b" * 1_000 + "</table></body></html>")
    assert limit_depth(siblings) == (siblings, None)


def test_comments_and_scripts_do_not_count_as_nesting() -> None:
    page = ("<html><body><script>var s = '" + "<div>" * 1_000 + "';</script><!-- " + "<div>" * 1_000
            + " --><p>" + SENTENCE + "</p></body></html>")
    assert limit_depth(page) == (page, None)


_TAGS = st.sampled_from(["div", "span", "p", "li", "ul", "b", "section", "a", "td", "tr", "table"])
_TEXT = st.sampled_from(["", "", " ", "word", "two words", "\n"])


@st.composite
def _nested(draw: st.DrawFn) -> str:
    """Random, often deep and unbalanced markup."""
    pieces, stack = [], []
    for _ in range(draw(st.integers(0, 600))):
        choice = draw(st.integers(0, 9))
        if choice < 6:
            tag = draw(_TAGS)
            stack.append(tag)
            pieces.append(f"<{tag}>")
        elif choice < 8 and stack:
            pieces.append(f"</{stack.pop()}>")
        else:
            pieces.append(draw(_TEXT))
    return "<html><body>" + "".join(pieces) + "</body></html>"


@PROPERTY
@given(_nested(), st.integers(16, 60))
def test_flattening_bounds_depth_and_keeps_every_character_of_text(page: str, max_depth: int) -> None:
    flat, removal = limit_depth(page, max_depth)
    assert (flat is page) == (removal is None)
    assert _depth(flat) <= max_depth + TEXT_TAG_ALLOWANCE + 4  # the count follows lxml to within a level or two

    def letters(markup: str) -> str:
        return "".join(re.sub(r"<[^>]*>", "", markup).split())

    assert letters(flat) == letters(page)


# --------------------------------------------------------------------------- many lines

LINES = 100_000  # each of these took minutes (quadratic) before; linear, well under a second each


def test_many_cut_paragraphs_join_in_linear_time() -> None:
    lines = [Line(n, "" if n % 2 else "and the sentence goes on") for n in range(2 * LINES)]
    start = time.perf_counter()
    [(text, heading)] = build_paragraphs(lines, None)
    assert time.perf_counter() - start < FAST
    assert not heading and count_words(text) == 5 * LINES


def test_one_long_paragraph_of_many_lines_joins_in_linear_time() -> None:
    lines = [Line(n, "the sentence goes on and on") for n in range(LINES)]
    start = time.perf_counter()
    [(text, _)] = build_paragraphs(lines, None)
    assert time.perf_counter() - start < FAST
    assert len(text) == LINES * 28 - 1


def test_many_separators_split_in_linear_time() -> None:
    lines = [Line(n, "---", separator=True) if n % 2 == 0 else Line(n, "") for n in range(2 * LINES)]
    start = time.perf_counter()
    parts = split_articles(lines, {"min_words": 40, "min_items": 3, "min_headed_words": 15})
    assert time.perf_counter() - start < FAST
    assert sum(len(part) for part in parts) == len(lines)


PAGES = 20_000


@pytest.mark.parametrize("name,text", [
    ("form-feeds.txt", "\f" * PAGES),
    ("page-numbers.txt", "".join(f"{n}\n" for n in range(1, PAGES))),
    ("numbered-pages.txt", "".join(f"{n}\n\f" for n in range(1, PAGES))),
    ("blank-pages.txt", f"{SENTENCE}\n" + "\n\f\n" * PAGES + f"{SENTENCE}\n"),
])
def test_many_page_ends_are_read_in_linear_time(name: str, text: str) -> None:
    """Running headers look beside each page end past blank lines and page numbers: a dump of
    many empty pages is read in one pass, not one pass per page."""
    documents, rejections, seconds = _run(name, text.encode())
    assert seconds < FAST
    assert len(documents) + len(rejections) == 1


def test_many_bylines_under_one_article_are_read_in_linear_time() -> None:
    """A forum thread is one document ('Re: …' starts none): each reply's byline further down
    looks for its date among the lines beside it, not from the top of the file."""
    replies = "".join(f"Re: Bus routes\nBy John Doe\n\n{SENTENCE} Reply {n}.\n\n" for n in range(PAGES // 2))
    text = f"Bus routes\nBy Jane Roe\n\n{SENTENCE}\n\n{replies}"
    documents, rejections, seconds = _run("thread.txt", text.encode())
    assert seconds < FAST
    assert rejections == []
    assert [document["authors"] for document in documents] == [["Jane Roe"]]


def test_many_top_headings_are_weighed_in_linear_time() -> None:
    """With several H1s the headline is the one with a byline or date under it: each H1 is
    found by its position, not looked up again in the file's lines."""
    text = "".join(f"# Bus route {n} changes\n\n{SENTENCE}\n\n" for n in range(PAGES // 2))
    documents, rejections, seconds = _run("headings.md", text.encode())
    assert seconds < FAST
    assert rejections == [] and len(documents) == 1


# --------------------------------------------------------------------------- junk documents


def test_a_megabyte_of_link_syntax_is_no_document() -> None:
    documents, rejections, _ = _run("brackets.md", b"[a](" * 250_000)
    assert documents == []
    assert [r.reason for r in rejections] in (["MarkupDebris"], ["AbsurdWords"], ["EmptyInput"])


def test_markup_debris_is_quarantined_with_its_reason() -> None:
    debris = " ".join(["[](#) | {{ }} <> => ||| ((( ))) ;;; //"] * 200)
    documents, rejections, _ = _run("debris.txt", (debris + "\n").encode())
    assert documents == []
    [reject] = rejections
    assert (reject.stage, reject.reason, reject.part) == ("gate", "MarkupDebris", 0)
    assert "markup debris" in (reject.detail or "")


def test_a_body_of_very_long_words_is_quarantined() -> None:
    blob = " ".join(["QmFzZTY0IGJsb2Igb2YgYnl0ZXMgdGhhdCBpcyBub3QgdGV4dCBhdCBhbGw" * 3] * 300)
    documents, rejections, _ = _run("blob.txt", blob.encode())
    assert documents == []
    [reject] = rejections
    assert (reject.stage, reject.reason) == ("gate", "AbsurdWords")


@pytest.mark.parametrize("name,data", [
    ("line.txt", b"x" * 200_001 + b"\n\n" + (SENTENCE.encode() + b" ") * 20),
    ("heading.md", b"# " + b"x" * 200_001 + b"\n\n" + (SENTENCE.encode() + b" ") * 20),
    ("words.md", b"# " + b"word " * 40_000 + b"\n\n" + (SENTENCE.encode() + b" ") * 20),
    ("head.html", b"<html><head><title>" + b"x" * 200_001 + b"</title></head><body><article>"
     + (b"<p>" + SENTENCE.encode() * 5 + b"</p>") * 3 + b"</article></body></html>"),
])
def test_a_200001_character_line_is_never_a_title(name: str, data: bytes) -> None:
    documents, rejections, _ = _run(name, data)
    assert documents or rejections
    for document in documents:
        assert document["title"] is None or len(document["title"]) <= 300


def test_prose_passes_the_gates() -> None:
    documents, rejections, _ = _run("prose.txt", ("A headline\n\n" + (SENTENCE + " ") * 30).encode())
    assert rejections == []
    assert len(documents) == 1
    body = documents[0]["body"]
    assert debris_share(body) < 0.05
    assert 4 < chars_per_word(body) < 8


@PROPERTY
@given(st.text(min_size=0, max_size=2_000), st.integers(20, 300))
def test_fit_title_gives_a_prefix_within_the_limit_or_nothing(title: str, limit: int) -> None:
    fitted = fit_title(title, limit)
    if len(title) <= limit:
        assert fitted == title
    else:
        assert fitted is None or (len(fitted) <= limit and title.startswith(fitted.rstrip()) and fitted.strip())


def test_fit_title_prefers_a_sentence_end_then_a_word_end() -> None:
    assert fit_title("A first sentence is here. " + "and more words " * 40, 100) == "A first sentence is here."
    cut = fit_title("word " * 100, 100)
    assert cut is not None and cut.endswith("word") and len(cut) <= 100
    assert fit_title("x" * 1_000, 300) is None
    assert fit_title(None, 300) is None


def test_check_document_raises_with_the_part_and_cuts_titles() -> None:
    record = {"title": "t " * 400, "subtitle": None, "body": "[](" * 100, "part": 3}
    with pytest.raises(MarkupDebris) as caught:
        check_document(record, GateSettings())
    assert (caught.value.stage, caught.value.part, caught.value.reason) == ("gate", 3, "MarkupDebris")
    assert len(record["title"]) <= 300
    with pytest.raises(AbsurdWords):
        check_document({"title": None, "body": "y" * 500, "part": 0}, GateSettings())


# --------------------------------------------------------------------------- word counts

JAPANESE = ("市の交通局は火曜日、来年の春から新しいバス路線を三本開通させると発表した。"
            "住民説明会には二百人以上が集まり、運行本数や停留所の位置について質問が相次いだ。")
CHINESE = "市交通局周二宣布，明年春天将开通三条新的公交线路。居民说明会吸引了两百多人参加，大家对班次和站点位置提出了许多问题。"
THAI = "สำนักงานขนส่งของเมืองประกาศเมื่อวันอังคารว่าจะเปิดเส้นทางรถเมล์สายใหม่สามสายในฤดูใบไม้ผลิปีหน้า "
KOREAN = "시 교통국은 화요일 내년 봄부터 새로운 버스 노선 세 개를 개통한다고 발표했다. "


@pytest.mark.parametrize("name,paragraph,low,high", [
    ("ja.txt", JAPANESE, 0.7, 1.0),
    ("zh.txt", CHINESE, 0.7, 1.0),
    ("th.txt", THAI, 0.5, 1.0),
])
def test_scripts_without_spaces_get_sensible_word_counts(name: str, paragraph: str, low: float, high: float) -> None:
    text = "\n\n".join([paragraph * 2] * 4)
    documents, rejections, _ = _run(name, text.encode())
    assert rejections == []
    [document] = documents
    chars = sum(len(p) for p in text.split())
    assert chars >= 400
    assert low * chars <= document["word_count"] <= high * chars  # hundreds, not five


def test_korean_is_counted_by_its_spaces() -> None:
    assert count_words(KOREAN) == len(KOREAN.split())


def test_word_count_examples() -> None:
    assert count_words("東京都は") == 4
    assert count_words("Tokyo 東京、2024年") == 1 + 2 + 1 + 1
    assert count_words("「東京」。") == 2
    assert count_words("ที่") == 1  # one letter and two combining marks
    assert count_words("") == 0


@PROPERTY
@given(st.text())
def test_text_with_spaces_between_words_counts_as_split(text: str) -> None:
    if not re.search(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
                     r"\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]", text):
        assert count_words(text) == len(text.split())


@PROPERTY
@given(st.text(), st.text())
@example("က", "0、0")  # CJK punctuation in a token without CJK letters, beside a text that has them
def test_word_counts_add_up_across_white_space(left: str, right: str) -> None:
    assert count_words(left + " " + right) == count_words(left) + count_words(right)
    assert count_words(left) == len(word_tokens(left))


# --------------------------------------------------------------------------- reject stages


def test_a_file_emptied_by_cleaning_is_rejected_in_the_clean_stage() -> None:
    examples = [example for rule in config.rules if rule["kind"] == "line" and rule["name"] in
                ("share-row", "cookie-prompt", "rights-reserved", "cms-credit") for example in rule["examples"]]
    assert examples
    documents, rejections, _ = _run("chrome.txt", "\n".join(examples).encode())
    assert documents == []
    [reject] = rejections
    assert (reject.stage, reject.reason) == ("clean", "EmptyInput")


def test_a_white_space_file_is_rejected_where_it_was_found_empty() -> None:
    _, rejections, _ = _run("blank.txt", b" \n\n \t\n")
    assert [(r.stage, r.reason) for r in rejections] == [("decode", "EmptyInput")]
    _, rejections, _ = _run("empty.txt", b"")
    assert [(r.stage, r.reason) for r in rejections] == [("decode", "EmptyInput")]


@pytest.mark.parametrize("name,text", [
    ("form-feed.txt", "\f"),
    ("form-feeds.md", "\f\n \f\t\f"),
    ("number-first.txt", f"1\n\n{SENTENCE}\n\f\n2"),
    ("number-last.txt", f"{SENTENCE}\n\f\n\f\n7"),
    ("marks-only.txt", f"Bus Routes Change Next Month\n\n1 March 2024\n\n¹, *, (1)\n\n{SENTENCE}"),
    ("date-only-title.md", f"# – 1.2.2024\n\n{SENTENCE}"),
    ("reply-only.md", f"# Re:\n\nBy\n\n{SENTENCE}"),
    ("by-over-nothing.txt", f"By\n\nJane Roe\n\f\n{SENTENCE}"),
    ("empty-byline.txt", f"Bus routes change\n\nAuthor: ,\n\n{SENTENCE}"),
])
def test_odd_page_breaks_names_and_titles_are_read_or_rejected(name: str, text: str) -> None:
    """Page breaks and numbers at a file's edges, note markers with no name, a headline that
    is only a date or a reply prefix: each file becomes documents or a rejection, never an error."""
    documents, rejections, _ = _run(name, text.encode())
    assert len(documents) + len(rejections) >= 1
    assert all(document["body"] for document in documents)


def test_errors_carry_their_stage_and_part_on_the_instance() -> None:
    assert EmptyInput("x").stage == "decode"
    error = EmptyInput("x", stage="clean", part=2)
    assert (error.stage, error.part, error.reason) == ("clean", 2, "EmptyInput")
    assert EmptyInput.stage == "decode"  # the class default is untouched
    assert ValidationFailed("x").stage == "validate"
    assert isinstance(error, InputError) and isinstance(ValidationFailed("x"), Quarantined)


@pytest.mark.parametrize("line", [
    "<channel><title>Harbour Weekly<title> <![CDA[<p>The council met on Tuesday.</p>]]>",  # html.parser gives up
    '<?xml version="1.0"?><rss><item><b>The council met on Tuesday.</b></item>',  # XML parsed as HTML
])
def test_markup_the_html_parser_rejects_or_warns_about_is_cut_without_an_error(line: str) -> None:
    from flows.clean.markup import strip_html_tags

    text, tags = strip_html_tags(line)  # pytest turns warnings into errors: none may escape
    assert "The council met on Tuesday." in text and "<p>" not in text and "<b>" not in text
    assert tags


@pytest.mark.parametrize("root", ["rss", "urlset", "TEI", "html"])
def test_a_run_of_empty_comments_before_the_root_is_read_in_linear_time(root: str) -> None:
    """The root element is read past the prolog item by item: one pattern over the prolog
    backtracked exponentially on '<!---->' repeated (40 of them took hours)."""
    text = "<!---->" * 40 + f"<{root}><p>{'The harbour wall is repaired. ' * 20}</p></{root}>"
    _survives("page.xml", text.encode("ascii"))


# --------------------------------------------------------------------------- patterns that backtracked

LS = "\u2028"  # LINE SEPARATOR: white space to `\s`, not split into lines, not collapsed by repair
MHTML = ("From: <Saved by Blink>\nSnapshot-Content-Location: https://example.org/a\nSubject: Bus routes\n"
         "MIME-Version: 1.0\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"B\"\n\n"
         "--B\nContent-Type: text/html\nContent-Transfer-Encoding: 8bit\nContent-Location: https://example.org/a\n\n"
         "<html>{}<body><p>" + SENTENCE * 3 + "</p></body></html>\n--B--\n")


@pytest.mark.parametrize("name,text", [
    # metadata: 'Posted … by …' and 'By … on …' (21 s and 0.8 s on one 200-character line, cubic)
    ("posted.txt", f"Bus routes change\nPosted {LS * 400}x\n\n{SENTENCE * 3}\n"),
    ("by-on.md", "# Bus routes change\n\n" + f"By {LS * 190}x\n\n" * 20 + f"{SENTENCE * 3}\n"),
    # metadata: an author's job title, credit and joiners; a date's connectors (quadratic)
    ("author.md", f"---\ntitle: Bus routes\nauthor: Jane{' ' + LS * 20_000}x\n---\n\n{SENTENCE * 3}\n"),
    ("date.md", f"---\ntitle: Bus routes\ndate: 5 May 2024{(LS + '-') * 30_000}x\n---\n\n{SENTENCE * 3}\n"),
    # metadata: fields joined by '|' in a line, a title's site name after ' | ' (quadratic)
    ("fields.txt", f"Bus routes change\n\n{SENTENCE}{(' ' + LS) * 50_000}x\n\n{SENTENCE * 3}\n"),
    ("title.txt", f"Posted {(' ' + LS) * 50_000}x\n\n{SENTENCE * 3}\n"),
    # markup: a heading's closing marks, a link's address (quadratic)
    ("heading.md", f"# Bus{(' ' + LS) * 50_000}x\n\n{SENTENCE * 3}\n"),
    ("link.md", f"# Bus routes\n\n[a]({LS * 100_000}x\n\n{SENTENCE * 3}\n"),
    # contents: a table of contents' leader dots (quadratic)
    ("leader.txt", f"Bus routes\n{'.' * 100_000}x\n\n{SENTENCE * 3}\n"),
    # htmlpage: a run of '[' with no ']' in the page's text (quadratic)
    ("brackets.html", f"<html><head></head><body><p>{SENTENCE * 3}</p>{'[' * 200_000}</body></html>"),
    # mail: a saved page's '<meta' and '<title' with no '>' (quadratic)
    ("meta.mhtml", MHTML.format("<meta" * 80_000)),
    ("title.mhtml", MHTML.format("<title" * 70_000)),
    # latex: '\title' and white space, '\title[' with no ']' (quadratic)
    ("spaces.tex", f"\\documentclass{{article}}\n\\title{' ' * 400_000}x\n\\begin{{document}}\n{SENTENCE * 3}\n\\end{{document}}\n"),
    ("options.tex", "\\documentclass{article}\n" + "\\title[" * 60_000 + f"\n\\begin{{document}}\n{SENTENCE * 3}\n"
     "\\end{document}\n"),
    # docformats: an Org heading's tags, an AsciiDoc directive, a MediaWiki heading
    ("note.org", f"#+TITLE: Bus routes\n* Bus{chr(9) * 100_000}x\n\n{SENTENCE * 3}\n"),
    ("doc.adoc", f"= Bus routes\nJane Roe\n\nimage::{'[' * 400_000}x\n\n{SENTENCE * 3}\n"),
    ("wiki.txt", f"=={' ' * 8_000}x\n\n{SENTENCE * 3}\n"),
])
def test_white_space_and_bracket_runs_are_read_in_linear_time(name: str, text: str) -> None:
    """Each of these lines made one pattern backtrack: every start in a run of white space (or
    dots, brackets, unclosed tags) scanned to the run's end, or quantifiers that match the same
    white space tried every way to split it. Each took minutes or hours before; now a run is
    entered at its start only, or read once (``str.find``)."""
    _survives(name, text.encode())


def test_unclosed_comments_are_cut_in_linear_time() -> None:
    """A comment is looked for up to 2,000 characters on; every '<!--' of a run read that far
    (3 MB took 15 s)."""
    from flows.clean.markup import strip_html_tags

    start = time.perf_counter()
    strip_html_tags("<!--" * 750_000)
    assert time.perf_counter() - start < FAST


def test_unclosed_wiki_references_are_cut_in_linear_time() -> None:
    """A footnote is looked for up to 5,000 characters on; every '<ref>' of a run read that far
    (2 MB took 17 s)."""
    text = "== Bus ==\n'''Bus''' routes change.\n\n" + "<ref>" * 400_000 + "\n\n" + SENTENCE * 3 + "\n"
    _survives("refs.txt", text.encode())


@pytest.mark.parametrize("name,postmark", [
    ("box.mbox", "From jane@example.org Tue Mar  5 10:00:00 2024\n"),
    ("mail.eml", ""),
])
def test_a_very_long_mail_header_is_read_in_linear_time(name: str, postmark: str) -> None:
    """The email package parses a header value in time quadratic in its words: a 1 MB Subject
    took 46 s in a mailbox and longer in one mail. Past ``_MAX_HEADER`` it is read as it stands."""
    text = (f"{postmark}From: Jane <jane@example.org>\nSubject: {'a1 ' * 330_000}\n"
            f"Content-Transfer-Encoding: quoted-printable\n\n{SENTENCE * 3}\n")
    documents, _, seconds = _run(name, text.encode())
    assert seconds < FAST
    assert len(documents) == 1 and SENTENCE.strip() in documents[0]["body"]


@pytest.mark.parametrize("name,page", [
    ("meta.html", "<meta name='date' content='{}'>"),
    ("json-ld.html", '<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{}"}}</script>'),
])
def test_a_long_word_as_the_page_date_is_read_in_linear_time(name: str, page: str) -> None:
    """A date that names no month in the text's languages is looked for in the others when a
    word stands next to a digit; every letter of a long word was a start read to the word's end
    (1,000 letters took 0.3 s, 300,000 ran past 30 s)."""
    head = page.format("A" * 300_000)
    text = f"<html><head>{head}<title>Bus routes</title></head><body><p>{SENTENCE * 3}</p></body></html>"
    _survives(name, text.encode())


@pytest.mark.parametrize("name,head", [
    ("site.html", "<meta property='og:site_name' content='{0}'><title>{0}</title>"),
    ("parts.html", "<title>{1}</title>"),
])
def test_a_title_of_many_parts_is_read_in_linear_time(name: str, head: str) -> None:
    """The site's name was normalised again for each part of the title, and each part's place
    looked up in the list again: a title of 90,000 ' -' parts ran past 60 s."""
    page = head.format(" -" * 90_000, " | a" * 120_000)
    text = f"<html><head>{page}</head><body><p>{SENTENCE * 3}</p></body></html>"
    _survives(name, text.encode())


def test_a_line_of_many_author_links_is_read_in_linear_time() -> None:
    """Each link to an author's page in a header line names an author; each name was looked up
    in the list of those found so far, so the time grew with the square of the links, and the
    line made 20,000 authors. A line of that many people is the site's staff: nobody."""
    first = ("".join(letters) for letters in itertools.product("BCDFGHKLMN", "aeiou", "bdfgklmnpr", "aeiou", "nrst"))
    names = (f"[{name} Roe](/author/{name.lower()}/)" for name in itertools.islice(first, 20_000))
    text = f"# Harbour Committee Backs Slip Repair\n\n{' '.join(names)}\n\n{SENTENCE * 3}\n"
    documents, _, seconds = _run("page.md", text.encode())
    assert seconds < FAST
    assert documents and documents[0]["authors"] == []
