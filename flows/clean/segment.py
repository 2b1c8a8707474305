"""Splitting a file into articles, and an article into sections and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flows.clean.heuristics import TERMINAL, ends_sentence, is_prose, words
from flows.model import Line, Section

_HYPHENATED = re.compile(r"[^\W\d_]-$")
_ENDS_WITH_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\.?,?\s+(?:\w+\.?\s+)?(?:1[89]|20)\d\d\W*$")


def split_articles(lines: list[Line], min_words: int = 40) -> list[list[Line]]:
    """Cut at separator lines that end an article and start another.

    A separator ends an article only when the text before it (since the last cut)
    holds ``min_words`` words of kept text, and the next kept line is a heading or a
    short title-like line: a separator inside one article's header block never splits.
    """
    parts: list[list[Line]] = []
    current: list[Line] = []
    for i, line in enumerate(lines):
        if line.separator and _kept_words(current) >= min_words and _title_follows(lines, i + 1):
            parts.append(current)
            current = []
        current.append(line)
    parts.append(current)
    return parts


def _kept_words(lines: Iterable[Line]) -> int:
    return sum(words(line.text) for line in lines if line.kept and not line.heading)


def _title_follows(lines: list[Line], start: int) -> bool:
    for line in lines[start:]:
        if line.kept:
            return bool(line.heading) or (words(line.text) <= 20 and not ends_sentence(line.text.rstrip("!?")))
    return False


def wrap_width(lines: list[Line]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None when it is not wrapped."""
    lengths = sorted(len(line.text) for line in lines if line.kept and not line.heading)
    if len(lengths) < 8:
        return None
    p90 = lengths[int(len(lengths) * 0.9) - 1]
    if p90 > 100 or p90 < 30:
        return None
    near = sum(1 for n in lengths if n >= 0.6 * p90)
    return p90 if near >= 0.5 * len(lengths) else None


def _join(left: str, right: str) -> str:
    if _HYPHENATED.search(left) and right[:1].islower():
        return left[:-1] + right
    return left + " " + right


def build_paragraphs(lines: list[Line], width: int | None) -> list[tuple[str, bool]]:
    """Kept lines → (text, is_heading) paragraphs, re-joining broken ones."""
    paragraphs: list[tuple[str, bool, bool]] = []  # text, heading, list item
    block: list[Line] = []

    def flush() -> None:
        for text, is_list in _block_paragraphs(block, width):
            paragraphs.append((text, False, is_list))
        block.clear()

    for line in lines:
        if line.kept and line.heading:
            flush()
            paragraphs.append((line.text, True, False))
        elif line.kept:
            block.append(line)
        else:
            flush()
    flush()
    return _rejoin(paragraphs)


def _block_paragraphs(block: list[Line], width: int | None) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    last_line = ""
    for line in block:
        text = line.text
        if out and not line.list_item and not out[-1][1] and _continues(last_line, text, width):
            out[-1] = (_join(out[-1][0], text), False)
        else:
            out.append((text, line.list_item))
        last_line = text
    return out


def _continues(previous: str, text: str, width: int | None) -> bool:
    """Within one block: is ``text`` the next physical line of the same paragraph?"""
    if width is not None:
        # Hard-wrapped text: only a short line that ends a sentence ends a paragraph.
        return not (len(previous) < 0.6 * width and ends_sentence(previous))
    return not ends_sentence(previous) and text[:1].islower()


def _rejoin(paragraphs: list[tuple[str, bool, bool]]) -> list[tuple[str, bool]]:
    """Join a paragraph that a blank line or page break cut mid-sentence."""
    out: list[tuple[str, bool, bool]] = []
    for text, heading, is_list in paragraphs:
        if out and not heading and not is_list:
            prev, prev_heading, prev_list = out[-1]
            cut = not prev_heading and not prev_list and not ends_sentence(prev) and text[:1].isalnum()
            if cut and ((text[:1].islower() and words(prev) >= 3) or _long_paragraph(prev)):
                out[-1] = (_join(prev, text), False, False)
                continue
        out.append((text, heading, is_list))
    return [(text, heading) for text, heading, _ in out]


_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[^\W\d_]")
_SENTENCE_BOUNDARY = re.compile(r"[.!?…][\"”’)]?\s+[A-Z]")


def _long_paragraph(text: str) -> bool:
    """Clearly a paragraph, not a heading: several sentences, or very long."""
    n = words(text)
    return n >= 40 or (n >= 25 and bool(_SENTENCE_BOUNDARY.search(text)))


def infer_headings(paragraphs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Plain text: a short unpunctuated line followed by prose is a heading."""
    out = list(paragraphs)
    for i, (text, heading) in enumerate(out):
        if heading or i + 1 >= len(out) or (i == 0 and len(out) == 1):
            continue
        nxt, nxt_heading = out[i + 1]
        last = text.rstrip()[-1:]
        if (
            words(text) <= 24 and last not in ".,;:!\"”»)" and (text[:1].isupper() or _NUMBERED.match(text))
            and not nxt_heading and is_prose(nxt) and not _ENDS_WITH_DATE.search(text)
            and not text.startswith("- ")
        ):
            out[i] = (text, True)
    return out


def build_sections(paragraphs: list[tuple[str, bool]]) -> list[Section]:
    """Group paragraphs under their headings."""
    sections: list[Section] = []
    heading: str | None = None
    body: list[str] = []
    for text, is_heading in paragraphs:
        if is_heading:
            if heading is not None or body:
                sections.append(Section(heading, tuple(body)))
            heading, body = text, []
        else:
            body.append(text)
    if heading is not None or body:
        sections.append(Section(heading, tuple(body)))
    return sections


__all__ = ["TERMINAL", "build_paragraphs", "build_sections", "infer_headings", "split_articles", "wrap_width"]
