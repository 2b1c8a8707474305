"""A table of contents: a list of the document's own section titles, before the sections.

Reports, papers and long pages open with one ("Contents / 1. Introduction / 2. Finances
…", in a PDF dump with dot leaders and page numbers). Its entries are navigation: the
text they name follows, under the same words. What marks a table of contents is not its
label but that its entries come back: a run of short lines, most of which are repeated
further down as lines of their own (the section headings), goes, with a label line right
above it ("Table of contents", ``labels`` in the rule's params). The headings stay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flows.clean.heuristics import TERMINAL, words

if TYPE_CHECKING:
    from flows.clean.boilerplate import Cleaned

RULE = "table-of-contents"

#: Dot leaders and a page number at the end of an entry ("Introduction ........ 3").
_LEADER = re.compile(r"(?:(?:(?<!\s)\s++|(?<![.·…_\s]))[.·…_]{2,}\s*|(?<!\s)\s++)\d{1,4}$")
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[.)]?\s+")  # "1.", "2.3", "4)" before an entry or a heading
_NOISE = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """An entry and its heading compare equal: case, punctuation, a section number and a page
    number aside."""
    return _NOISE.sub(" ", _NUMBER.sub("", _LEADER.sub("", text.strip())).casefold()).strip()


def table_of_contents(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """Remove a run of ``min_lines`` or more consecutive short lines (``max_words`` words at
    most, no sentence end) of which ``min_share`` or more are repeated as lines further down."""
    min_lines, max_words, share = int(params["min_lines"]), int(params["max_words"]), float(params["min_share"])
    labels = {_key(label) for label in params["labels"]}
    lines = cleaned.lines
    last_seen: dict[str, int] = {}  # key → the last line that says it
    short: list[bool] = []
    for i, line in enumerate(lines):
        fits = line.kept and 1 <= words(line.text) <= max_words and line.text.rstrip()[-1:] not in TERMINAL
        short.append(fits)
        if fits:
            last_seen[_key(line.text)] = i
    run: list[int] = []  # consecutive short lines (a blank line ends a run, as it ends a list)
    for i in [*range(len(lines)), len(lines)]:
        if i < len(lines) and short[i]:
            run.append(i)
            continue
        entries = [j for j in run if _key(lines[j].text) not in labels]
        if len(entries) >= min_lines:
            end = run[-1]
            repeated = sum(1 for j in entries if last_seen.get(_key(lines[j].text), -1) > end)
            if repeated >= share * len(entries):
                for j in run:
                    cleaned.remove(lines[j], RULE)
                _remove_label(cleaned, run[0], labels)
        run = []


def _remove_label(cleaned: Cleaned, first: int, labels: set[str]) -> None:
    """The label line right above the entries ("Contents"), when it was not in the run."""
    for i in range(first - 1, -1, -1):
        line = cleaned.lines[i]
        if line.blank:
            continue
        if line.kept and _key(line.text) in labels:
            cleaned.remove(line, RULE)
        return
