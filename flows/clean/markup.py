"""Markup inside text lines: markdown and half-converted HTML become plain text.

Each function takes one line and returns the plain text plus what it found, so the
caller can record every removed span. Built-in patterns here are simple and linear
(no nested quantifiers); maintainers' patterns live in the rule files and run on RE2.
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)

AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]{1,2000})>")
BARE_URL = re.compile(r"^(?:https?://|www\.)[^\s<>\"]{3,2000}$")
# [text](url "title") with escapes allowed in the text; nested brackets are not.
MD_LINK = re.compile(r"\[((?:[^\[\]\\\n]|\\.){0,1000})\]\(\s*<?([^()\s<>]{0,2000})>?(?:\s+\"[^\"]{0,300}\")?\s*\)")
MD_REFLINK = re.compile(r"\[((?:[^\[\]\\\n]|\\.){1,300})\]\[[^\[\]\n]{0,50}\]")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'])")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
SETEXT = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
QUOTE = re.compile(r"^(?:>\s?)+")
BULLET = re.compile(r"^\s*([-*+•])\s+(?=\S)")
EMPH_LINE = re.compile(r"^\s*(\*{1,3}|_{1,3})(?=\S)(.*\S)\1\s*$")
STARS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}")
UNDERSCORE = re.compile(r"(?<![\w\\])_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]{0,30}(?:\s[^<>]{0,1000})?/?>|<!--.{0,2000}?-->|<!\w[^<>]{0,200}>")
ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
URLISH = re.compile(r"^\W{0,3}(?:https?://|www\.)\S+$|^\S+\.(?:html?|php|aspx?)\S*$")
_PROTECT = 0xF0000  # Supplementary Private Use Area: stands in for escaped ASCII
CODE_FENCE = re.compile(r"^\s*(?:```|~~~)")
#: A character some markup needs (links, emphasis, escapes, headings, quotes, tags, entities,
#: code fences): a line with none of them, and no bullet, is plain text already.
MARKUP_CHAR = re.compile(r"[\[\]*_\\#>`~<&]")
SPACE_RUN = re.compile(r" {2,}")


@dataclass(slots=True)
class Converted:
    """A line after markup conversion."""

    text: str
    heading: int = 0
    emphasis: bool = False
    list_item: bool = False
    links: list[str] = field(default_factory=list)
    link_count: int = 0
    link_chars: int = 0
    cut: list[tuple[str, str]] = field(default_factory=list)  # (rule, text)


def strip_html_tags(text: str) -> tuple[str, list[str]]:
    """Drop HTML tags from a text line with BeautifulSoup; return text and the tags."""
    tags = TAG.findall(text)
    if not tags:
        return text, []
    soup = BeautifulSoup(text, "html.parser")
    for element in soup(["script", "style", "noscript", "template"]):
        element.decompose()
    return soup.get_text(), tags


def convert_links(text: str, out: Converted) -> str:
    """Markdown links become their text; URLs go to ``out.links``."""

    def link(match: re.Match[str]) -> str:
        label = MD_ESCAPE.sub(r"\1", match.group(1)).strip()
        url = match.group(2).strip()
        out.link_count += 1
        if url and not url.startswith(("#", "javascript:", "mailto:")):
            out.links.append(url)
        if URLISH.match(label):
            if label.lstrip("[(").startswith(("http", "www")):
                out.links.append(label.strip("[]() "))
            out.cut.append(("link-url-text", match.group(1)))
            return ""
        out.link_chars += len(label)
        return label

    text = MD_LINK.sub(link, text)
    return MD_REFLINK.sub(lambda m: m.group(1), text)


def convert_line(text: str) -> Converted:
    """Turn one line of markdown / HTML-debris text into plain text and structure."""
    out = Converted(text)
    if CODE_FENCE.match(text):
        out.text = ""
        return out
    if "<" in text:
        text = AUTOLINK.sub(lambda m: m.group(1), text)
        stripped, tags = strip_html_tags(text)
        if tags:
            out.cut.append(("html-tag", " ".join(tags)))
            text = stripped
    if "&" in text and ENTITY.search(text):
        text = html.unescape(text)
    out.text = text
    return out


def finish_line(out: Converted) -> Converted:
    """After inline rules ran: links, escapes, headings, emphasis, quotes, bullets."""
    text = out.text
    if not MARKUP_CHAR.search(text) and not BULLET.match(text):  # most lines: plain text
        out.text = _squeeze(text)
        return out
    if "](" in text or "][" in text:
        text = convert_links(text, out)
    heading = HEADING.match(text)
    if heading:
        out.heading = len(heading.group(1))
        text = heading.group(2)
    text = QUOTE.sub("", text)
    bullet = BULLET.match(text)
    if bullet and not out.heading:
        out.list_item = True
        text = "- " + text[bullet.end():]
    escaped = "\\" in text
    if escaped:  # escaped characters are literal: hide them from emphasis stripping
        text = MD_ESCAPE.sub(lambda m: chr(_PROTECT + ord(m.group(1))), text)
    if EMPH_LINE.match(text):
        out.emphasis = True
    if "*" in text:
        text = STARS.sub("", text)
    if "_" in text:
        text = UNDERSCORE.sub("", text)
    if escaped:
        text = "".join(chr(ord(ch) - _PROTECT) if _PROTECT <= ord(ch) < _PROTECT + 128 else ch for ch in text)
    out.text = _squeeze(text)
    return out


def _squeeze(text: str) -> str:
    """Runs of spaces as one, no space at either end (the regex only where there is a run)."""
    return (SPACE_RUN.sub(" ", text) if "  " in text else text).strip()
