"""Structural heuristics: boilerplate judged by shape and context, not by words.

Each heuristic is named in ``flows/rules/boilerplate.toml`` (kind ``structural``),
takes its thresholds from there and records what it removes under that name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from flows.model import Line

if TYPE_CHECKING:
    from flows.clean.boilerplate import Cleaned

TERMINAL = ".!?…:;\"”’»)]'"
MAIL_HEADER = re.compile(
    r"^(?:from|to|cc|bcc|reply-to|subject|date|sent|received|message-id|x-[a-z-]{1,40}|mime-version|"
    r"content-type|list-unsubscribe|return-path|de|à|objet|von|an|betreff|asunto|para)\s*:\s*\S.{0,300}$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_MAIL_START = re.compile(r"^(?:from|to|subject|de|von|objet|betreff|asunto)\s*:\s*\S", re.IGNORECASE)
_MBOX_FROM = re.compile(r"^From \S+.{0,80}\d{4}$")


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
        if not line.blank and (MAIL_HEADER.match(line.text) or _MBOX_FROM.match(line.text) or run):
            run.append(line)
            continue
        if line.blank:
            break
        if run:
            break
    starts_like_mail = bool(run) and bool(_MBOX_FROM.match(run[0].text) or _MAIL_START.match(run[0].text))
    if starts_like_mail and len(run) >= int(params.get("min_lines", 2)):
        mail_offers(run, cleaned)
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


_FM_KEY = re.compile(r"^([A-Za-z_][\w-]{0,40})\s*:\s*(.*)$")
_QUOTED = re.compile(r"\"([^\"]{1,200})\"|'([^']{1,200})'")
FRONT_MATTER_FIELDS = {
    "title": "title", "subtitle": "subtitle", "description": "subtitle", "summary": "subtitle",
    "date": "date", "published": "date", "pubdate": "date", "publishdate": "date", "date_published": "date",
    "author": "authors", "authors": "authors", "canonical_url": "url", "canonical": "url", "url": "url",
    "permalink": "url", "categories": "section", "category": "section", "section": "section",
    "publisher": "publisher", "site": "publisher", "site_name": "publisher",
}


def _values(raw: str) -> list[str]:
    """A YAML scalar or flow list, read as plain strings (no YAML types, no code)."""
    raw = raw.strip()
    if raw.startswith("["):
        return [a or b for a, b in _QUOTED.findall(raw)] or [v.strip() for v in raw.strip("[]").split(",") if v.strip()]
    return [raw.strip("\"'")] if raw else []


def front_matter(cleaned: Cleaned) -> None:
    """A YAML front-matter block (``---`` … ``---``) at the top: metadata, not text."""
    lines = [line for line in cleaned.lines[:80]]
    start = next((i for i, line in enumerate(lines) if not line.blank), None)
    if start is None or lines[start].text.strip() not in ("---", "+++"):
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
        target = FRONT_MATTER_FIELDS.get(match.group(1).lower())
        values = _values(match.group(2))
        if target and values:
            value = "; ".join(values) if target == "authors" else values[0]
            cleaned.offers.append((-1, target, value))
    for line in lines[start : end + 1]:
        cleaned.remove(line, "front-matter")


_LIST_TAG = re.compile(r"^(?:(?:re|fwd?|aw|tr)\s*:\s*|\[[^\]]{1,60}\]\s*)+", re.IGNORECASE)
_MAIL_NAME = re.compile(r"^\s*\"?([^\"<@]{2,80}?)\"?\s*<[^>]+>\s*$")


def mail_offers(run: list[Line], cleaned: Cleaned) -> None:
    """Subject, sender and date of a mail header block, offered as file-level metadata."""
    headers: dict[str, str] = {}
    current = ""
    for line in run:
        if not (MAIL_HEADER.match(line.text) or _MBOX_FROM.match(line.text)) and current:
            headers[current] += " " + line.text.strip()  # a folded continuation line
            continue
        key, _, value = line.text.partition(":")
        current = key.strip().lower()
        headers[current] = value.strip()
    if headers.get("subject"):
        cleaned.offers.append((-1, "title", _LIST_TAG.sub("", headers["subject"]).strip()))
    sender = _MAIL_NAME.match(headers.get("from", ""))
    if sender:
        cleaned.offers.append((-1, "authors", sender.group(1).strip()))
    if headers.get("date"):
        cleaned.offers.append((-1, "date", headers["date"]))
