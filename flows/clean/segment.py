"""Splitting a file into articles, and an article into sections and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from flows.clean.heuristics import TERMINAL, ends_sentence, is_prose, words
from flows.model import Line, Section

_HYPHENATED = re.compile(r"[^\W\d_]-$")
_ENDS_WITH_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\.?,?\s+(?:\w+\.?\s+)?(?:1[89]|20)\d\d\W*$")


def split_articles(
    lines: list[Line], params: Mapping[str, Any], starts_item: Callable[[str], bool] | None = None,
    reply: Callable[[str], bool] | None = None,
) -> list[list[Line]]:
    """Cut a file into articles (the structural rule ``article-split``).

    Two kinds of cut, each only when the text since the last cut holds ``min_words``
    words of kept text (or, at a separator, ``min_headed_words`` under a headline, mostly
    prose: a news brief, one short record of an export):
    - at a separator line followed by a heading or a short title-like line (a separator
      inside one article's header block never splits);
    - before each titled item of a digest or bundle: a title (a heading, or a short line
      opening a paragraph) with a byline or date line (``starts_item``) right under it,
      when the file holds ``min_items`` such items or more; a title that is a ``reply``
      ('Re: …' in a forum thread or a mail digest) answers the item above it and starts none.
    A saved web page is cut neither way: its separators and its titled, dated teasers of
    other articles belong to the site's chrome; its title names one article.
    """
    min_words, min_headed = int(params["min_words"]), int(params["min_headed_words"])
    one_page = _one_page(lines)
    items = {i for i in _item_titles(lines, starts_item) if not (reply and reply(lines[i].text))} \
        if starts_item and not one_page else set()
    if len(items) < int(params["min_items"]) or not _items_hold_prose(lines, items, min_words):
        items = set()
    separators = not one_page
    first_item = min(items, default=-1)
    following = _next_kept(lines)
    parts: list[list[Line]] = []
    current: list[Line] = []
    current_words = 0  # kept words of ``current``, kept up as lines are added (linear in the file)
    for i, line in enumerate(lines):
        cut = (separators and line.separator and _title_follows(lines, following[i + 1])) or i in items
        # the first titled item of a digest (not a saved web page) starts an article however
        # short the greeting above it (which ``non-article-part`` then weighs alone)
        if cut and (current_words >= min_words or (separators and i == first_item and not parts)
                    or (separators and line.separator and current_words >= min_headed
                        and _headed_brief(current, _prose_words(current)))):
            parts.append(current)
            current = []
            current_words = 0
        current.append(line)
        if line.kept and not line.heading:
            current_words += words(line.text)
    parts.append(current)
    return parts


_NOT_WORD = re.compile(r"[\W_]+")
_MAIL_HEADER = re.compile(r"(?i:from|to|cc|subject|date|sender|reply-to|message-id|newsgroups|organi[sz]ation):\s")


def _key(text: str) -> str:
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def _one_page(lines: list[Line]) -> bool:
    """Is the file one saved web page? Its first line is the page's title ("Headline | Site")
    and a later line, most of that title, is the headline it names. Articles bundled in one
    file open with their own headline instead, and their separators part them."""
    first = next((line for line in lines if not line.blank), None)
    if first is None or first.heading or not 2 <= words(first.text) <= 40 or _MAIL_HEADER.match(first.text):
        return False  # a mail's "From:" or "Subject:" opens a digest, not a page
    key = _key(first.text)
    for line in lines:
        if line is first or line.blank or len(line.text) > len(first.text) + 10:
            continue
        own = _key(line.text)
        headline_like = line.heading or (words(line.text) >= 3 and not line.text.isupper())
        if headline_like and len(own) >= 8 and own in key and len(own) * 4 >= len(key):
            return True
    return False


def _next_kept(lines: list[Line]) -> list[int]:
    """For each index (and one past the end), the index of the first kept line there or
    after it; ``len(lines)`` when there is none. One backward pass."""
    following = [len(lines)] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        following[i] = i if lines[i].kept else following[i + 1]
    return following


def _item_titles(lines: list[Line], starts_item: Callable[[str], bool]) -> set[int]:
    """Indexes of item titles: a title line with a byline or date as the next kept line."""
    found: set[int] = set()
    kept = [i for i, line in enumerate(lines) if line.kept]
    for k, i in enumerate(kept):
        line = lines[i]
        opens = i == 0 or not lines[i - 1].kept
        if not (line.heading or (opens and _title_like(line.text))):
            continue
        for j in kept[k + 1 : k + 2]:  # the next kept line: a byline or date right under the title
            below = lines[j]
            # the line below first: most titles have prose under them, so the title itself is
            # seldom read as a byline or date (a title that reads as one starts no item)
            if not below.heading and words(below.text) <= 12 and starts_item(below.text) \
                    and not starts_item(line.text):
                found.add(i)
    return found


def _items_hold_prose(lines: list[Line], items: set[int], min_words: int) -> bool:
    """Does every item hold ``min_words`` words of prose? (A teaser list does not: no split.)"""
    starts = sorted(items)
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        if sum(words(line.text) for line in lines[start:end]
               if line.kept and not line.heading and is_prose(line.text)) < min_words:
            return False
    return True


def _title_like(text: str) -> bool:
    return 1 <= words(text) <= 20 and not ends_sentence(text) and text[:1].isupper()


def drop_non_articles(parts: list[list[Line]], params: Mapping[str, Any]) -> tuple[list[list[Line]], list[list[Line]]]:
    """(articles, non-articles) of a multi-article file (the structural rule ``non-article-part``).

    A part with fewer than ``min_prose_words`` words of prose (a table of contents, a
    footer: many short lines, not text) is no article, unless it opens with a headline over
    mostly prose and holds ``min_headed_prose_words`` (a news brief, one short record of an
    export: a table of contents, a footer or a related-links block is no prose). It never empties a file
    that has prose: when no part reaches the minimum, the one with the most prose stays.
    """
    min_words, min_headed = int(params["min_prose_words"]), int(params["min_headed_prose_words"])
    prose = [_prose_words(lines) for lines in parts]
    kept = [lines for lines, n in zip(parts, prose, strict=True)
            if n >= min_words or (n >= min_headed and _headed_brief(lines, n))]
    if not kept:
        best = max(range(len(parts)), key=lambda i: (prose[i], -i))
        kept = [parts[best]]
    return kept, [lines for lines in parts if not any(lines is k for k in kept)]


def _prose_words(lines: list[Line]) -> int:
    return sum(words(line.text) for line in lines if line.kept and not line.heading and is_prose(line.text))


def _headed_brief(lines: list[Line], prose: int) -> bool:
    """Does the part open with a headline (its first kept line a heading of level 1 to 3) over
    text that is mostly prose (``prose`` words of it)? A list of links under a heading ('Related
    news', a teaser block) is mostly short lines."""
    kept = [line for line in lines if line.kept and not line.blank]
    if not kept or not 1 <= kept[0].heading <= 3:
        return False
    return prose * 3 >= sum(words(line.text) for line in kept if not line.heading) * 2


def _title_follows(lines: list[Line], index: int) -> bool:
    """Is the kept line at ``index`` (``_next_kept``; none past the end) a heading or title-like?"""
    if index >= len(lines):
        return False
    line = lines[index]
    return bool(line.heading) or (words(line.text) <= 20 and not ends_sentence(line.text.rstrip("!?")))


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


def _glue(pieces: list[str], right: str) -> bool:
    """Append ``right`` to a paragraph kept as its pieces: after a space, or glued to a
    word that ends in a hyphen when ``right`` goes on in lower case (the hyphen goes).
    Only the last piece's end is looked at, so building a paragraph stays linear.
    True when the halves were glued into one word."""
    left = pieces[-1]
    glued = _HYPHENATED.search(left, max(0, len(left) - 2)) is not None and right[:1].islower()
    if glued:
        pieces[-1] = left[:-1]
    else:
        pieces.append(" ")
    pieces.append(right)
    return glued


def build_paragraphs(lines: list[Line], width: int | None) -> list[tuple[str, bool]]:
    """Kept lines → (text, is_heading) paragraphs, re-joining broken ones."""
    paragraphs: list[tuple[str, bool, bool]] = []  # text, heading, list item
    block: list[Line] = []

    def flush() -> None:
        for text, is_list in _block_paragraphs(block, width):
            paragraphs.append((text, False, is_list))
        block.clear()

    for line in lines:
        if not line.kept:
            flush()
        elif line.heading:
            flush()
            paragraphs.append((line.text, True, False))
        else:
            block.append(line)
    flush()
    return _rejoin(paragraphs)


def _block_paragraphs(block: list[Line], width: int | None) -> list[tuple[str, bool]]:
    out: list[tuple[list[str], bool]] = []  # each paragraph's lines, joined once at the end (linear)
    last_line = ""
    item: int | None = None  # the number of the numbered step the paragraph being built opens with
    for line in block:
        text = line.text
        number = _step_number(text)
        step = number is not None and (number == item + 1 if item else number == 1 and (
            not out or ends_sentence(last_line) or last_line.rstrip().endswith(":")))
        if out and not line.list_item and not line.code and not step and (not out[-1][1] or item) \
                and continues(last_line, text, width):
            out[-1][0].append(text)  # a step's own wrapped lines go on it
        else:  # a line of code stands alone, as a list item does: never joined to prose or to the next line
            out.append(([text], line.list_item or step or line.code))
            item = number if step else None
        last_line = text
    return [(join_lines(parts), is_list) for parts, is_list in out]


#: A numbered step ("1. Mix the flour", "2) Add water"): its number.
_STEP = re.compile(r"(\d{1,2})[.)]\s+\S")


def _step_number(text: str) -> int | None:
    """The number of a line that opens a numbered list item, else None. A line opens the next
    step of a list only after the step before it (``1.`` after a sentence, ``n+1`` after ``n``),
    so a wrapped line that happens to start with a number ("3. Mai …") goes on its paragraph."""
    match = _STEP.match(text)
    return int(match[1]) if match else None


def join_lines(parts: list[str]) -> str:
    """A paragraph's lines as one text (``_glue``), without copying the growing text each time."""
    pieces = [parts[0]]
    for right in parts[1:]:
        _glue(pieces, right)
    return "".join(pieces)


def continues(previous: str, text: str, width: int | None) -> bool:
    """Within one block: is ``text`` the next physical line of the same paragraph?"""
    if width is not None:
        # Hard-wrapped text: only a short line that ends a sentence ends a paragraph.
        return not (len(previous) < 0.6 * width and ends_sentence(previous))
    return not ends_sentence(previous) and text[:1].islower()


def _rejoin(paragraphs: list[tuple[str, bool, bool]]) -> list[tuple[str, bool]]:
    """Join a paragraph that a blank line or page break cut mid-sentence.

    Linear: a joined paragraph is kept as its pieces and its word count, and judged by
    its last piece's end, so a file of many cut paragraphs is not copied and recounted
    at every join.
    """
    out: list[tuple[list[str], bool, bool, int]] = []  # pieces, heading, list item, words
    for text, heading, is_list in paragraphs:
        if out and not heading and not is_list:
            pieces, prev_heading, prev_list, prev_words = out[-1]
            cut = not prev_heading and not prev_list and not ends_sentence(pieces[-1]) and text[:1].isalnum()
            if cut and ((text[:1].islower() and prev_words >= 3)
                        or prev_words >= 40 or (prev_words >= 25 and _long_paragraph("".join(pieces)))):
                glued = _glue(pieces, text)  # glued halves make one word, not two
                out[-1] = (pieces, False, False, prev_words + words(text) - glued)
                continue
        out.append(([text], heading, is_list, words(text)))
    return [("".join(pieces), heading) for pieces, heading, _, _ in out]


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


__all__ = ["TERMINAL", "build_paragraphs", "build_sections", "continues", "drop_non_articles", "infer_headings",
           "join_lines", "split_articles", "wrap_width"]
