"""Structural heuristics: boilerplate judged by shape and context, not by words.

Each heuristic is named in ``flows/rules/boilerplate.toml`` (kind ``structural``),
takes its thresholds from there and records what it removes under that name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from flows.core.model import Line

if TYPE_CHECKING:
    from flows.core.clean import Cleaned

TERMINAL = ".!?…:;\"”’»)]'"
MAIL_HEADER = re.compile(
    r"^(?:from|to|cc|bcc|reply-to|subject|date|sent|received|message-id|x-[a-z-]{1,40}|mime-version|"
    r"content-type|list-unsubscribe|return-path|de|à|objet|von|an|betreff|asunto|para)\s*:\s*\S.{0,300}$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


def words(text: str) -> int:
    return len(text.split())


def is_prose(text: str, min_words: int = 20) -> bool:
    """A line that reads as running text rather than a label, menu or heading."""
    n = words(text)
    return n >= min_words or (n >= 8 and text.rstrip()[-1:] in ".!?…")


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
    """Remove a run of e-mail header lines at the top of the file."""
    head = int(params.get("head_lines", 15))
    run: list[Line] = []
    for line in cleaned.lines[:head]:
        if line.blank and not run:
            continue
        if not line.blank and MAIL_HEADER.match(line.text):
            run.append(line)
            continue
        if line.blank:
            break
        if run:
            break
    if len(run) >= int(params.get("min_lines", 2)):
        for line in run:
            cleaned.remove(line, "mail-headers")


def link_dense(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """Menus, tag clouds and teaser lists: lines that are mostly link text.

    A single line is link-dense when it holds ``min_links`` links or more and link
    text makes up ``min_link_share`` of its letters. A run of ``run_min_lines`` or
    more consecutive short lines that are each one link is a link list too.
    """
    min_links = int(params.get("min_links", 3))
    share = float(params.get("min_link_share", 0.6))
    run_min = int(params.get("run_min_lines", 3))
    lines = cleaned.lines
    for line in lines:
        if line.kept and line.links >= min_links:
            letters = sum(ch.isalnum() for ch in line.text) or 1
            if line.link_chars / letters >= share:
                cleaned.remove(line, "link-dense")
    run: list[Line] = []
    for line in [*lines, Line(-1, "")]:
        single_link = (
            line.kept and line.links >= 1 and words(line.text) <= 15
            and line.link_chars >= 0.6 * max(1, sum(ch.isalnum() for ch in line.text))
        )
        if single_link:
            run.append(line)
            continue
        if line.blank and run:
            continue  # link lists are often one link per paragraph
        if len(run) >= run_min:
            for item in run:
                cleaned.remove(item, "link-dense")
        run = []


def running_headers(cleaned: Cleaned, params: Mapping[str, Any]) -> None:
    """Short lines repeated on several pages of a PDF dump (digits ignored)."""
    min_repeats = int(params.get("min_repeats", 3))
    max_chars = int(params.get("max_chars", 90))
    keys = Counter(
        _DIGITS.sub("#", line.text) for line in cleaned.lines
        if line.kept and len(line.text) <= max_chars and not line.heading and not is_prose(line.text)
    )
    repeated = {key for key, n in keys.items() if n >= min_repeats and re.search(r"[^\W\d_]", key)}
    if not repeated:
        return
    for line in cleaned.lines:
        if line.kept and _DIGITS.sub("#", line.text) in repeated:
            cleaned.remove(line, "running-header")
