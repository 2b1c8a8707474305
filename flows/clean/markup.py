"""Markup inside text lines: markdown and half-converted HTML become plain text.

Each function takes one line and returns the plain text plus what it found, so the
caller can record every removed span. Built-in patterns here are simple and linear
(no nested quantifiers); maintainers' patterns live in the rule files and run on RE2.
"""

from __future__ import annotations

import bisect
import html
import re
import warnings
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.exceptions import ParserRejectedMarkup

AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]{1,2000})>")
BARE_URL = re.compile(r"^(?:https?://|www\.)[^\s<>\"]{3,2000}$")
# [text](url "title") with escapes and one level of nested brackets allowed in the text.
MD_LINK = re.compile(
    r"\[((?:[^\[\]\\\n]|\\.|\[[^\[\]\n]{0,300}\]){0,1000})\]\(\s*+<?([^()\s<>]{0,2000})>?(?:\s+\"[^\"]{0,300}\")?\s*\)"
)
#: What is left of a link the patterns could not read: ``](url)`` to the end of its
#: parenthesis (or of the line), and the brackets around its text.
LINK_RESIDUE = re.compile(r"\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)?")
MD_REFLINK = re.compile(r"\[((?:[^\[\]\\\n]|\\.){1,300})\]\[[^\[\]\n]{0,50}\]")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'])")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:(?<!\s)\s++#+)?(?:(?<!\s)\s++)?$")
QUOTE = re.compile(r"^(?:>\s?)+")
BULLET = re.compile(r"^\s*([-*+•·▪◦‣●○■])\s+(?=\S)")  # markdown bullets, and those of word processors and PDF dumps
EMPH_LINE = re.compile(r"^\s*(\*{1,3}|_{1,3})(?=\S)(.*\S)\1\s*$")
STARS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}")
#: Bold's marks between two digits ("**4 May 2022**00:00"): one number must not become two.
DIGIT_STARS = re.compile(r"(?<=\d)\*{2,3}(?=\d)")
UNDERSCORE = re.compile(r"(?<![\w\\])_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]{0,30}(?:\s[^<>]{0,1000})?/?>|<!--(?:(?!<!--).){0,2000}?-->|<!\w[^<>]{0,200}>")
ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
URLISH = re.compile(r"^\W{0,3}(?:https?://|www\.)\S+$|^\S+\.(?:html?|php|aspx?)\S*$")
_PROTECT = 0xF0000  # Supplementary Private Use Area: stands in for escaped ASCII
#: An inline code span ('`x_y`', '``a*b``'): its marks are literal.
CODE_SPAN = re.compile(r"(`+)([^`\n]+?)\1(?!`)")
_CODE_PROTECT = {ord(mark): _PROTECT + ord(mark) for mark in "*_"}
CODE_FENCE = re.compile(r"^\s*(?:```|~~~)")
#: A character some markup needs (links, emphasis, escapes, headings, quotes, tags, entities,
#: code fences): a line with none of them, and no bullet, is plain text already.
MARKUP_CHAR = re.compile(r"[\[\]*_\\#>`~<&]")
SPACE_RUN = re.compile("  +")  # two spaces or more (see decode._SPACE_RUN)
#: Empty and delimiter cells inside a markdown table row (``| | --- | a | | b |``): layout, not text.
EMPTY_CELLS = re.compile(r"\|(?:[ \t]*(?::?-+:?[ \t]*)?\|)+")


@dataclass(slots=True)
class Converted:
    """A line after markup conversion."""

    text: str
    heading: int = 0
    emphasis: bool = False
    list_item: bool = False
    links: list[str] = field(default_factory=list)
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (link text, url) of the line's links
    link_count: int = 0
    link_chars: int = 0
    cut: list[tuple[str, str]] = field(default_factory=list)  # (rule, text)


def strip_html_tags(text: str) -> tuple[str, list[str]]:
    """Drop HTML tags from a text line with BeautifulSoup; return text and the tags."""
    tags = TAG.findall(text)
    if not tags:
        return text, []
    with warnings.catch_warnings():  # a line that looks like a URL, or like XML, is still parsed as markup
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            soup = BeautifulSoup(text, "html.parser")
        except ParserRejectedMarkup:  # html.parser gives up on some broken markup ("<![CDA…"): cut the tags
            return TAG.sub("", text), tags
    for element in soup(["script", "style", "noscript", "template"]):
        element.decompose()
    return soup.get_text(), tags


def convert_links(text: str, out: Converted, url_text: bool = True) -> str:
    """Markdown links become their text; URLs go to ``out.links``.

    With ``url_text`` (the structural rule ``link-url-text``), a link whose text is only
    a URL is cut (the URL goes to ``links``); without it the URL text stays.
    """

    def link(match: re.Match[str]) -> str:
        label = match.group(1)
        label = (MD_ESCAPE.sub(r"\1", label) if "\\" in label else label).strip()  # escapes need a backslash
        url = match.group(2).strip()
        out.link_count += 1
        if url and not url.startswith(("#", "javascript:", "mailto:")):
            out.links.append(url)
            out.anchors.append((_anchor_text(label), url))
        if url_text and URLISH.match(label):
            if label.lstrip("[(").startswith(("http", "www")):
                out.links.append(label.strip("[]() "))
            out.cut.append(("link-url-text", match.group(1)))
            return ""
        out.link_chars += len(label)
        # a link's number run into the number before or after it ("06/11/2023[0 comments](#c)")
        # would make one number of two, a link right after another one word of two: a space
        # keeps them apart
        if label[:1].isalnum() and match.start() and (
                match.string[match.start() - 1] == ")" or (label[0].isdigit() and match.string[match.start() - 1].isdigit())):
            label = " " + label  # two links side by side ("[Jane Roe](/a)[RSS](/b)") are two words
        after = match.string[match.end(): match.end() + 1]
        if (label[-1:].isdigit() and after.isdigit()) or (label[-1:].isalpha() and after.isalpha() and after.islower()):
            label += " "  # "[Jane Roe](/a)in News": the converter lost the space after the link
        return label

    text = MD_LINK.sub(link, text)
    if "][" in text:  # what every reference link holds
        text = MD_REFLINK.sub(lambda m: m.group(1), text)
    if "](" in text:  # what the patterns could not read: cut the link syntax, keep the words
        def residue(match: re.Match[str]) -> str:
            out.link_count += 1
            url = match.group(0)[2:].rstrip(")").strip()
            if url and not url.startswith(("#", "javascript:", "mailto:", "data:")):
                out.links.append(url.split()[0])
            return ""

        text = LINK_RESIDUE.sub(residue, text)
        text = text.replace("![", "").replace("[", "") if "[" in text else text
    return text


def _anchor_text(label: str) -> str:
    """A link's text as a reader sees it: without the emphasis around it ('**Jane Roe**')."""
    return label.strip("*_ ") if label.startswith(("*", "_")) else label


class LinkSpans:
    """Links :func:`unlink_spans` took out of a whole text, by line number."""

    __slots__ = ("anchors", "chars", "count", "cut", "urls")

    def __init__(self) -> None:
        self.urls: dict[int, list[str]] = {}
        self.anchors: dict[int, list[tuple[str, str]]] = {}  # (link text, url)
        self.count: dict[int, int] = {}
        self.chars: dict[int, int] = {}
        self.cut: dict[int, list[tuple[str, str]]] = {}


def unlink_spans(text: str) -> tuple[str, LinkSpans]:
    """Markdown links and images the line converter cannot read, over the whole text.

    Converters write links whose text spans lines (``[`` ... ``](url)`` with blank lines
    and images inside), URLs with spaces or parentheses, and long or ``data:`` URLs.
    Here each such link becomes its text (an image goes, alt text and all); every
    newline stays where it was, so line numbers do not move. Simple one-line links are
    left to :func:`convert_links`. Linear: one bracket scan, one forward search for
    ``)``, and URLs longer than 4,000 characters (``data:`` aside) are no links.
    """
    spans = LinkSpans()
    if "](" not in text:
        return text, spans
    newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(newlines, pos - 1) if newlines else 0

    edits: list[tuple[int, int, str]] = []
    stack: list[int] = []
    skip_until = -1
    close = -1  # the next ")" at or after the current position: searched once, scanning forward
    after = 0  # where the search for the next bracket goes on
    while (match := _BRACKET.search(text, after)) is not None:
        pos, after = match.start(), match.end()
        if pos < skip_until or len(match.group(0)) > 1:
            continue
        if match.group(0) == "[":
            simple = _SIMPLE_LINK.match(text, pos)
            if simple:  # a plain one-line link (what the checks below let through): no need to look closer
                after = simple.end()
                continue
            stack.append(pos)
            continue
        if not stack:
            continue
        open_ = stack.pop()
        if not text.startswith("(", pos + 1) or pos - open_ > 5000:
            continue
        if close < pos + 2:
            close = text.find(")", pos + 2)
            if close < 0:
                break  # no ")" left anywhere: no link can end
        line_end = newlines[bisect.bisect_left(newlines, pos + 2)] if newlines and newlines[-1] >= pos + 2 else len(text)
        end = _url_end(text, pos + 2, line_end, close)
        if end < 0:
            continue
        image = open_ > 0 and text[open_ - 1] == "!"
        start = open_ - 1 if image else open_
        inner = text[open_ + 1 : pos]
        url = text[pos + 2 : end - 1].strip()
        nested = "[" in inner and "[" in inner.replace("\\[", "")
        plain_url = len(url) <= 1000 and not url.startswith("data:") and not _URL_BREAK.search(url)
        if "\n" not in inner and not nested and plain_url:
            continue  # a plain one-line link: the line converter reads it
        skip_until = end
        at = line_of(pos)
        if image:
            edits.append((start, end, "\n" * text.count("\n", start, end)))
            alt = " ".join(inner.split())
            if alt:
                spans.cut.setdefault(line_of(start), []).append(("markdown-image", alt[:300]))
            continue
        edits.append((pos, end, ""))
        edits.append((open_, open_ + 1, ""))
        first = line_of(open_)
        visible = _MARKUP_IN_LINK.sub(lambda m: "\n" * m.group(0).count("\n"), inner) if "](" in inner else inner
        if url and not url.startswith(("#", "javascript:", "mailto:", "data:")):
            target = url.split()[0].strip("<>")  # without the link's title ('/a "Title"') and brackets
            spans.urls.setdefault(at, []).append(target)
            spans.anchors.setdefault(at, []).append((_anchor_text(" ".join(visible.split())[:300]), target))
        for number, part in enumerate(visible.split("\n")):
            letters = sum(map(str.isalnum, part))
            if letters:
                spans.count[first + number] = spans.count.get(first + number, 0) + 1
                spans.chars[first + number] = spans.chars.get(first + number, 0) + letters
    if not edits:
        return text, spans
    out: list[str] = []
    cursor = 0
    for start, end, replacement in sorted(edits):
        if start < cursor:  # inside a span already cut (an image inside a link)
            continue
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = end
    out.append(text[cursor:])
    return "".join(out), spans


_BRACKET = re.compile(r"\\.|\[|\]")  # each branch opens with a literal: `re` then skips to the next candidate fast
#: A link the line converter reads (see ``unlink_spans``): its text on one line, no brackets
#: or escapes in it, and a URL of at most 1,000 characters without spaces, parentheses,
#: escapes or a ``data:`` scheme.
_SIMPLE_LINK = re.compile(r"\[[^\[\]\n\\]*\]\((?!data:)[^()\s\\]{0,1000}\)")
_URL_BREAK = re.compile(r"[\s()]")  # what no plain URL holds (``\s`` is ``str.isspace``)
_NEWLINE = re.compile("\n")
#: Images and link targets inside a link's text: not text a reader sees (for link density).
_MARKUP_IN_LINK = re.compile(r"!\[[^\[\]]*\]\([^()]*\)|\]\([^()]*\)")


def _url_end(text: str, start: int, limit: int, first: int) -> int:
    """The index after the ``)`` that closes a link's URL starting at ``start`` (before ``limit``,
    the end of its line; ``first`` is the first ``)`` at or after ``start``), or -1."""
    end = first if first < limit else -1
    if end - start > 4000 and not text.startswith("data:", start):
        return -1  # no URL is that long: a stray bracket, not a link
    if text.startswith("data:", start):  # unbalanced parentheses inside: it ends where a link would go on
        while end >= 0 and end + 1 < limit and text[end + 1] not in " \t])[":
            end = text.find(")", end + 1, limit)
        return end + 1 if end >= 0 else -1
    while 0 <= end < start + 4000 and text.count("(", start, end) > text.count(")", start, end):
        end = text.find(")", end + 1, limit)
    return end + 1 if end >= 0 else -1


def convert_line(text: str, strip_tags: bool = True) -> Converted:
    """Turn one line of markdown / HTML-debris text into plain text and structure.

    ``strip_tags`` is the structural rule ``html-tag``: raw HTML tags are parsed away.
    """
    out = Converted(text)
    if ("```" in text or "~~~" in text) and CODE_FENCE.match(text):
        out.text = ""
        return out
    if strip_tags and "<" in text:
        text = AUTOLINK.sub(lambda m: m.group(1), text)
        stripped, tags = strip_html_tags(text)
        if tags:
            out.cut.append(("html-tag", " ".join(tags)))
            text = stripped
    if "&" in text and ENTITY.search(text):
        text = html.unescape(text)
    out.text = text
    return out


def finish_line(out: Converted, url_text: bool = True) -> Converted:
    """After inline rules ran: links, escapes, headings, emphasis, quotes, bullets.

    ``url_text`` is the structural rule ``link-url-text`` (see :func:`convert_links`).
    """
    text = out.text
    if not MARKUP_CHAR.search(text) and not BULLET.match(text) and not text.startswith("|"):  # most lines: plain text
        out.text = _squeeze(text)
        return out
    if "](" in text or "][" in text:
        text = convert_links(text, out, url_text)
    if text.startswith("|") and ("| |" in text or "-- |" in text) and any(map(str.isalnum, text)):
        text = EMPTY_CELLS.sub("|", text)
    heading = HEADING.match(text) if text.startswith("#") else None  # the patterns' first characters first
    if heading:
        out.heading = len(heading.group(1))
        text = heading.group(2)
    if text.startswith(">"):
        text = QUOTE.sub("", text)
    bullet = BULLET.match(text)
    if bullet and not out.heading:
        out.list_item = True
        text = "- " + text[bullet.end():]
    escaped = "\\" in text
    if escaped:  # escaped characters are literal: hide them from emphasis stripping
        text = MD_ESCAPE.sub(lambda m: chr(_PROTECT + ord(m.group(1))), text)
    if "`" in text:  # so is a code span's text ('`_is_valid()`' keeps its underscore)
        coded = CODE_SPAN.sub(lambda m: m.group(1) + m.group(2).translate(_CODE_PROTECT) + m.group(1), text)
        escaped, text = escaped or coded != text, coded
    if ("*" in text or "_" in text) and EMPH_LINE.match(text):
        out.emphasis = True
    if "*" in text:
        text = STARS.sub("", DIGIT_STARS.sub(" ", text))
    if "_" in text:
        text = UNDERSCORE.sub("", text)
    if escaped:
        text = "".join(chr(ord(ch) - _PROTECT) if _PROTECT <= ord(ch) < _PROTECT + 128 else ch for ch in text)
    out.text = _squeeze(text)
    return out


def _squeeze(text: str) -> str:
    """Runs of spaces as one, no space at either end (the regex only where there is a run)."""
    return (SPACE_RUN.sub(" ", text) if "  " in text else text).strip()
