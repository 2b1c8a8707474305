"""Structural heuristics: boilerplate judged by shape and context, not by words.

Each heuristic is named in ``flows/rules/boilerplate.toml`` (kind ``structural``),
registered in ``flows.clean.rules.STRUCTURAL``, takes its thresholds and its word
lists (per language) from the rule's ``params`` and records what it removes under
that name. Nothing here has a default: the rule file is the one place to tune.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from flows.clean.dates import strip_times
from flows.clean.pagemeta import title_lead
from flows.clean.wordcount import count_words, estimated_words
from flows.model import Line

if TYPE_CHECKING:
    from flows.clean.boilerplate import Cleaned

#: What a sentence (or a clause before a list) ends with, in Latin and other scripts: the
#: full-width stops of Chinese and Japanese, the Arabic question mark, the Devanagari danda.
TERMINAL = ".!?…:;\"”’»)]'。！？；：」』）．؟।"
_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_MBOX_FROM = re.compile(r"^From \S+.{0,80}\d{4}$")


def vocabulary(by_language: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    """The words of a per-language table (``{en = [...], fr = [...]}``), longest first."""
    found = {word.strip().lower() for words_ in by_language.values() for word in words_ if word.strip()}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=64)
def _mail_header(names: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(n) for n in names)
    return re.compile(rf"^(?:{alternation}|x-[a-z-]{{1,40}})\s*:\s*\S.{{0,300}}$", re.IGNORECASE)


@lru_cache(maxsize=64)
def _mail_sender(publication: tuple[str, ...], mailing_list: tuple[str, ...]) -> re.Pattern[str]:
    """A sender's name that joins a person's to a publication ("Jane Roe at Example News") or
    to a mailing list ("Jane Roe via Harbour List"): two to four capitalised words, a joining
    word of either kind, the rest (group ``publication`` or ``list``)."""
    person = r"(?P<person>[A-ZÀ-ÞА-ЯΑ-Ω][\w.'’-]{0,30}(?:\s[A-ZÀ-ÞА-ЯΑ-Ω][\w.'’-]{0,30}){1,3})"
    joined = [rf"(?i:{'|'.join(map(re.escape, words_))})\s(?P<{group}>\S.{{0,80}})"
              for group, words_ in (("publication", publication), ("list", mailing_list)) if words_]
    return re.compile(rf"^{person}\s(?:{'|'.join(joined) or '(?!)'})$")


@lru_cache(maxsize=64)
def _mail_start(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"^(?:{'|'.join(re.escape(n) for n in names)})\s*:\s*\S", re.IGNORECASE)


#: Words of a line, counted as everywhere (``flows.clean.wordcount``: scripts without spaces too).
words = count_words


def is_prose(text: str, min_words: int = 20) -> bool:
    """A line that reads as running text rather than a label, menu or heading (words as a
    reader counts them: a Japanese headline of 25 characters is no paragraph)."""
    n = estimated_words(text)
    return n >= min_words or (n >= 8 and text.rstrip()[-1:] in ".!?…。！？")


def ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in TERMINAL


def blocks(lines: list[Line]) -> Iterator[list[Line]]:
    """Runs of consecutive kept, non-heading lines (paragraph candidates)."""
    block: list[Line] = []
    for line in lines:
        if line.kept and not line.heading:
            block.append(line)
            continue
        if block:
            yield block
            block = []
    if block:
        yield block


def mail_headers(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """Remove a run of e-mail header lines at the top of the file: the file's first lines,
    a header ("From: …") first, then headers and a long header's folded continuation; a
    blank line or prose ends the run. A page's field block further down ("From: Ministry …"
    under a headline) is no mail head, and the prose under it is never taken with it."""
    head = int(params["head_lines"])
    header = _mail_header(vocabulary(params["header_names"]))
    run: list[Line] = []
    for line in cleaned.lines[:head]:
        if line.blank and not run:
            continue
        if line.blank:
            break
        if header.match(line.text) or _MBOX_FROM.match(line.text) or (run and not is_prose(line.text)):
            run.append(line)
            continue
        break
    start = _mail_start(vocabulary(params["start_names"]))
    starts_like_mail = bool(run) and bool(_MBOX_FROM.match(run[0].text) or start.match(run[0].text))
    if starts_like_mail and len(run) >= int(params["min_lines"]):
        mail_offers(run, cleaned, header,
                    _mail_sender(vocabulary(params["publication_joiners"]), vocabulary(params["list_joiners"])))
        for line in run:
            cleaned.remove(line, "mail-headers")


def link_dense(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """Menus, tag clouds and teaser lists: lines that are mostly link text.

    A single line is link-dense when it holds ``min_links`` links or more and link
    text makes up ``min_link_share`` of its letters. A run of ``run_min_lines`` or
    more consecutive short lines that are each one link is a link list too.
    """
    min_links = int(params["min_links"])
    share = float(params["min_link_share"])
    run_min = int(params["run_min_lines"])
    run_max_words = int(params["run_max_words"])
    lines = cleaned.lines
    for line in lines:
        if line.links >= min_links and line.kept:  # the plain attribute first: most lines hold no link
            letters = sum(map(str.isalnum, line.text)) or 1
            if line.link_chars / letters >= share:
                cleaned.remove(line, "link-dense")
    run: list[Line] = []
    for line in [*lines, Line(-1, "")]:
        single_link = (
            line.links >= 1 and line.kept and words(line.text) <= run_max_words
            and line.link_chars >= 0.6 * max(1, sum(map(str.isalnum, line.text)))
        )
        if single_link:
            run.append(line)
            continue
        if run and line.blank:
            continue  # link lists are often one link per paragraph
        if len(run) >= run_min:
            for item in run:
                cleaned.remove(item, "link-dense")
        run = []


def running_headers(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """Short lines repeated on several pages of a PDF dump (digits ignored).

    A line repeated right under each title of a bundle (the same byline or date
    over every article) is the items' metadata, not a running header: it stays. So does
    the first line of a file with no page ends: a web page saved as text opens with its
    title, which its headline and breadcrumb repeat.
    """
    min_repeats = int(params["min_repeats"])
    max_chars = int(params["max_chars"])
    texts: dict[str, list[str]] = {}
    for line in cleaned.lines:
        if line.kept and len(line.text) <= max_chars and not line.heading and not is_prose(line.text):
            texts.setdefault(_DIGITS.sub("#", line.text), []).append(line.text)
    repeated = {key for key, shown in texts.items()
                if len(shown) >= min_repeats and _LETTER.search(key) and not _entry_times(shown)}
    lines = cleaned.lines
    ends = _page_ends(lines)
    paged: set[str] = set()
    if ends:  # the edges of a dump's pages (most files have no page ends: nothing to look beside)
        beside = _Beside(lines)
        edges = Counter(_DIGITS.sub("#", line.text) for line in _page_edges(lines, ends, beside)
                        if len(line.text) <= max_chars and not line.heading)
        paged = {key for key, n in edges.items() if n >= int(params["min_page_repeats"]) and _LETTER.search(key)}
        repeated |= paged
        for line in list(_interrupting_heads(lines, ends, beside, max_chars)):
            cleaned.remove(line, "running-header")
    if not repeated:
        return
    line_keys = [_DIGITS.sub("#", line.text) if line.kept else "" for line in lines]  # texts no longer change
    under_title: dict[str, bool] = {}
    for i, key in enumerate(line_keys):
        if key in repeated:
            under_title[key] = under_title.get(key, True) and _under_title(lines, i, repeated, line_keys)
    first = next((line for line in lines if not line.blank), None) if not ends else None
    # a web page repeats the headline its title opens with (breadcrumb, headline, infobox)
    lead = (title_lead(first.text) or "").casefold() if first is not None else ""
    for line, key in zip(lines, line_keys, strict=True):
        if line.kept and not under_title.get(key, True) and line is not first \
                and not (lead and line.text.strip().casefold() == lead):
            cleaned.remove(line, "running-header")
    _first_page_head(cleaned, {key for key in paged if not under_title.get(key, True)}, max_chars)


def _entry_times(texts: list[str]) -> bool:
    """Clock times, each a different one, with no date and at most a zone beside them ('16:48
    GMT', '17:05 GMT'): the stamps of a live blog's entries, not a header repeated page by
    page. A comment's stamp holds its day too ('22 June 2018 @ 11:13'): those go as before."""
    return len(set(texts)) == len(texts) and all(
        (rest := strip_times(text)) != text and not _DIGITS.search(rest) and len(_WORD.findall(rest)) <= 1
        for text in texts)


def _first_page_head(cleaned: Cleaned, removed: set[str], max_chars: int) -> None:
    """A PDF dump's first line that opens with the words of a running header removed further
    down ('Journal of X, Vol. 12, No. 3' over pages headed 'Journal of X 2', 'Journal of X 3')
    is the first page's header, written out in full."""
    first = next((line for line in cleaned.lines if not line.blank), None)
    if first is None or not first.kept or first.heading or len(first.text) > max_chars:
        return
    words = _WORD.findall(first.text)
    for key in removed:
        stem = _HEADER_STEM.match(key)
        opening = _WORD.findall(stem.group(0)) if stem else []
        if len(opening) >= 3 and words[:len(opening)] == opening:
            cleaned.remove(first, "running-header")
            return


_WORD = re.compile(r"[^\W\d_]+")
#: The words a running header opens with, before its first number or punctuation.
_HEADER_STEM = re.compile(r"[^\W\d_][^#\d,.:;|()\[\]–—-]*")


def _page_ends(lines: list[Line]) -> list[int]:
    """Where pages end: page breaks (form feeds) and page numbers that count pages, each one
    more than the one before ('141', '- 142 -') with a page's text between them: not a
    recipe's column of '1's, nor a table of contents numbered line by line ('1' / 'History' /
    '2' / 'Effects'), nor a list of years ('1994' / … / '1995')."""
    numbered = [(index, int(digits[0])) for index, line in enumerate(lines) if line.removed_by == "page-number"
                and (digits := _DIGITS.findall(line.text))]
    ends = {index for index, line in enumerate(lines) if line.page_break}
    for (index, value), (next_index, next_value) in pairwise(numbered):
        if next_value == value + 1 and not _YEARS[0] <= value <= _YEARS[1] \
                and _holds_a_page(lines[index + 1:next_index]):
            ends.update((index, next_index))
    return sorted(ends)


def _holds_a_page(lines: list[Line]) -> bool:
    """More text than one entry of a table of contents: two lines or more, or one long line."""
    filled = [line for line in lines if not line.blank]
    return len(filled) >= 2 or sum(len(line.text) for line in filled) > _ENTRY_CHARS


#: The longest line that, alone between two numbers, is a table of contents' entry rather than a page.
_ENTRY_CHARS = 80
#: Numbers on a line of their own that are years, not pages, when they count up.
_YEARS = (1800, 2100)


class _Beside:
    """For each line, the nearest line before and after it that is neither blank nor a page
    number (None past the file's edge). Found in one pass each way, so looking beside every
    page end of a dump with many empty pages stays linear."""

    def __init__(self, lines: list[Line]) -> None:
        filled = [not line.blank and line.removed_by != "page-number" for line in lines]
        self.before: list[int | None] = [None] * len(lines)
        self.after: list[int | None] = [None] * len(lines)
        nearest: int | None = None
        for index in range(len(lines)):
            self.before[index] = nearest
            nearest = index if filled[index] else nearest
        nearest = None
        for index in reversed(range(len(lines))):
            self.after[index] = nearest
            nearest = index if filled[index] else nearest


def _page_edges(lines: list[Line], ends: list[int], beside: _Beside) -> Iterator[Line]:
    """The kept lines on either side of a page end: the foot of one page and the head of the
    next, where a PDF dump's running headers and footers stand."""
    edges: set[int] = set()  # a line between two page ends is one page, counted once
    for end in ends:
        for other in (beside.before[end], beside.after[end]):
            if other is not None and lines[other].kept:
                edges.add(other)
    return (lines[index] for index in sorted(edges))


def _interrupting_heads(lines: list[Line], ends: list[int], beside: _Beside, max_chars: int) -> Iterator[Line]:
    """A page's first line that stands inside a sentence running on from the page before
    ('… compared' / HEADER / 'with 0.6 mg/L …'): a running header, even if it is never repeated.
    It stands apart from the text under it; a line wrapped straight into a lower-case line
    ('Westport officials said they would' / 'not wait') is the sentence going on."""
    for end in ends:
        head, before = beside.after[end], beside.before[end]
        if head is None or before is None or not lines[head].kept or not lines[before].kept:
            continue
        after = beside.after[head]
        text = lines[head].text
        if after is not None and after > head + 1 and lines[after].kept and len(text) <= max_chars \
                and not text[:1].islower() and not ends_sentence(lines[before].text) and lines[after].text[:1].islower():
            yield lines[head]


def _filled_above(lines: list[Line], index: int) -> int:
    """The index of the first non-blank line above ``index`` (one blank line between them at
    most, as markdown writes a title and the line under it); -1 when there is none."""
    above = index - 1
    if above >= 0 and lines[above].blank:
        above -= 1
    return above if above >= 0 and not lines[above].blank else -1


def _under_title(lines: list[Line], index: int, repeated: set[str], line_keys: list[str]) -> bool:
    """Does the line at ``index`` sit right under a title (a heading, or a short line opening a paragraph)?
    ``line_keys``: each line's text with digits as ``#`` (empty for lines not kept)."""
    above = _filled_above(lines, index)
    for _ in range(2):  # a byline over a date line, both repeated (never more than a few lines)
        if above < 0 or not lines[above].kept or line_keys[above] not in repeated:
            break
        above = _filled_above(lines, above)
    if above < 0 or not lines[above].kept:
        return False
    title = lines[above]
    if title.heading:
        return True
    opens = above == 0 or lines[above - 1].blank
    return opens and words(title.text) <= 20 and not ends_sentence(title.text)


def caseless(first: str) -> bool:
    """A letter of a script without capitals (Thai, Arabic, Hebrew, CJK): a menu item's first
    letter there is as a capital is in Latin."""
    return first.isalpha() and not first.isupper() and not first.islower()


def menu_runs(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """A plain-text menu: ``min_lines`` or more consecutive lines of at most ``max_words``
    capitalised words each (no digits, no sentence punctuation, no list bullets), above
    the first prose line or below the last one (never inside the article). An item a
    pattern rule already took stays in the run (and keeps that rule's name)."""
    min_lines, max_words = int(params["min_lines"]), int(params["max_words"])
    lines = cleaned.lines

    def prose(line: Line) -> bool:
        return line.kept and not line.heading and is_prose(line.text)

    # only the first and the last prose line matter: each sought from its end of the file
    first = next((i for i, line in enumerate(lines) if prose(line)), None)
    if first is None:
        return
    last = len(lines) - 1 - next(i for i, line in enumerate(reversed(lines)) if prose(line))
    run: list[int] = []
    for i, line in enumerate([*lines, Line(-1, "")]):
        text = line.text
        # a line a pattern rule took ('Search', 'Advertising') is one of the menu's items: it
        # keeps its rule's name and does not cut the run in two
        item = (
            (text[:1].isupper() or caseless(text[:1])) and not line.heading and not line.list_item  # cheap tests first
            and (line.kept or (line.removed_by is not None and line.meta is None))
            and 1 <= estimated_words(text) <= max_words
            and not any(map(str.isdigit, text)) and text.rstrip()[-1:] not in TERMINAL + ",-"
        )
        if item:
            run.append(i)
            continue
        if len(run) >= min_lines and (run[-1] < first or run[0] > last):
            for j in run:
                if lines[j].kept:
                    cleaned.remove(lines[j], "menu-run")
        run = []


@lru_cache(maxsize=64)
def _comment_byline(say_words: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in say_words)
    return re.compile(rf"^\S.{{0,60}}?\s(?:{alternation})\s*:?$", re.IGNORECASE)


def comment_threads(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """A comment thread without a heading: ``min_comments`` or more 'NAME says:' lines,
    each with a date or time within the next two lines, after some article text; removed
    from the first of them to the end (or the next separator)."""
    byline = _comment_byline(vocabulary(params["say_words"]))
    lines = cleaned.lines
    starts = []
    for i, line in enumerate(lines):  # removed lines count too: a list rule may have taken the first comment
        if not line.blank and len(line.text) <= 80 and words(line.text) <= 8 and byline.match(line.text):
            following = [other.text for other in lines[i + 1 : i + 8] if not other.blank][:2]
            if any(map(str.isdigit, "".join(following))):
                starts.append(i)
    if len(starts) < int(params["min_comments"]):
        return
    before = sum(words(line.text) for line in lines[: starts[0]] if line.kept and is_prose(line.text))
    if before == 0:
        return
    for line in lines[starts[0]:]:
        if line.separator:
            break
        if line.kept:
            cleaned.remove(line, "comment-thread")


_FM_KEY = re.compile(r"^([A-Za-z_][\w-]{0,40})\s*[:=]\s*(.*)$")  # YAML "key: value", TOML (Hugo's +++) "key = value"
_QUOTED = re.compile(r"\"([^\"]{1,200})\"|'([^']{1,200})'")


def _values(raw: str) -> list[str]:
    """A YAML scalar or flow list, read as plain strings (no YAML types, no code)."""
    raw = raw.strip()
    if raw.startswith("["):
        return [a or b for a, b in _QUOTED.findall(raw)] or [v.strip() for v in raw.strip("[]").split(",") if v.strip()]
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":  # one pair of quotes: the value's own stay
        return [raw[1:-1].replace("''", "'") if raw[0] == "'" else raw[1:-1]]
    return [raw] if raw else []


def front_matter(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """A front-matter block at the top (YAML between ``---``, TOML between ``+++``): metadata, not text.

    ``params.fields`` maps a front-matter key (lower case) to the field it fills.
    """
    fields: Mapping[str, str] = params["fields"]
    lines = [line for line in cleaned.lines[:80]]
    start = next((i for i, line in enumerate(lines) if not line.blank), None)
    if start is None:
        return
    if lines[start].text.strip() not in ("---", "+++"):
        _field_list(cleaned, lines[:40], fields)
        return
    fence = lines[start].text.strip()
    end = next((i for i in range(start + 1, len(lines)) if lines[i].text.strip() == fence), None)
    if end is None or end == start + 1:
        return
    body = [line for line in lines[start + 1 : end] if not line.blank]
    keyed = [line for line in body if _FM_KEY.match(line.text)]
    if len(keyed) < max(1, len(body) // 2):
        return
    for line in keyed:
        match = _FM_KEY.match(line.text)
        assert match is not None
        target = fields.get(match.group(1).lower())
        values = _values(match.group(2))
        if target and values:
            value = "; ".join(values) if target == "authors" else values[0]
            cleaned.offers.append((-1, target, value))
    for line in lines[start : end + 1]:
        cleaned.remove(line, "front-matter")


#: A reStructuredText field (':Author: Jane Roe', ':Date: 2024-03-05'): a document's bibliographic fields.
_FIELD = re.compile(r"^:([A-Za-z][\w -]{0,30}):(?:[ \t]+(\S.*))?$")


def _field_list(cleaned: Cleaned, lines: list[Line], fields: Mapping[str, str]) -> None:
    """The bibliographic fields near the top of a reStructuredText document (a run of
    ':Key: value' lines under its title): metadata, not text. A run counts when one of its
    keys names a field."""
    run: list[tuple[Line, str, str]] = []
    for line in [*lines, Line(-1, "")]:
        match = _FIELD.match(line.text.strip()) if line.kept else None
        if match:
            run.append((line, match.group(1).lower(), match.group(2) or ""))
            continue
        if any(key in fields for _, key, _ in run):
            for field_line, key, value in run:
                target = fields.get(key)
                if target and value.strip():
                    cleaned.offers.append((-1, target, value.strip()))
                cleaned.remove(field_line, "front-matter")
            return
        if not line.blank:
            run = []


_LIST_TAG = re.compile(r"^(?:(?:re|fwd?|aw|tr)\s*:\s*|\[[^\]]{1,60}\]\s*)+", re.IGNORECASE)
_MAIL_NAME = re.compile(r"^\s*\"?([^\"<@]{2,80}?)\"?\s*<[^>]+>\s*$")


def mail_offers(run: list[Line], cleaned: Cleaned, header: re.Pattern[str], joined: re.Pattern[str]) -> None:
    """Subject, sender and date of a mail header block, offered as file-level metadata. A
    sender's name that ``joined`` splits ("Jane Roe at Example News") gives the person as the
    author and a publication after it as the publisher (a mailing list is none)."""
    headers: dict[str, str] = {}
    current = ""
    for line in run:
        if not (header.match(line.text) or _MBOX_FROM.match(line.text)) and current:
            headers[current] += " " + line.text.strip()  # a folded continuation line
            continue
        key, _, value = line.text.partition(":")
        current = key.strip().lower()
        headers[current] = value.strip()
    if headers.get("subject"):
        cleaned.offers.append((-1, "title", _LIST_TAG.sub("", headers["subject"]).strip()))
    sender = _MAIL_NAME.match(headers.get("from", ""))
    if sender:
        name = sender.group(1).strip()
        split = joined.match(name)
        if split is not None:
            name = split["person"]
            if split["publication"]:
                cleaned.offers.append((-1, "publisher", split["publication"].strip()))
        cleaned.offers.append((-1, "authors", name))
    if headers.get("date"):
        cleaned.offers.append((-1, "date", headers["date"]))
