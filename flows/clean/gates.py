"""Sanity gates: what cleaning produced must still look like a document.

``check_document`` runs on every record just before JSON Schema validation. Cleaning
removes what rules recognise; these gates catch what no rule recognised because the
input was never an article: a megabyte of link syntax, a base64 blob, one endless
line. A record that fails is quarantined with a named reason (``MarkupDebris``,
``AbsurdWords``), never published; an overlong title is cut or dropped instead.
Limits: ``GateSettings`` (``flows/rules/gates.toml``).

Every measure is linear in the body and runs in C (``str.count``, one regex pass).
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

from flows.clean.wordcount import count_words
from flows.config import GateSettings
from flows.errors import AbsurdWords, MarkupDebris

#: ASCII punctuation and symbols: what link syntax, tags, tables and escapes are made of.
DEBRIS_CHARS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_URL = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]{1,15}://|www\.)\S+")
_SENTENCE_END = re.compile(r"[.!?…。！？](?=\s|$)")


def _non_space(text: str) -> int:
    return sum(map(len, text.split()))


def debris_share(body: str) -> float:
    """Share of the body's non-space characters that are ASCII punctuation or symbols, or in URLs."""
    non_space = _non_space(body)
    if non_space == 0:
        return 0.0
    url_chars = sum(len(m.group()) for m in _URL.finditer(body))
    without_urls = _URL.sub(" ", body) if url_chars else body
    punctuation = sum(without_urls.count(ch) for ch in DEBRIS_CHARS)
    return (url_chars + punctuation) / non_space


def chars_per_word(body: str) -> float:
    """Non-space characters per word (``count_words``) over the body."""
    words = count_words(body)
    non_space = _non_space(body)
    return non_space / words if words else float(non_space)


def fit_title(title: str | None, limit: int) -> str | None:
    """The title if it fits ``limit`` characters; else cut at the last sentence end within
    the limit, else at the last word end past half of it; else None (no title)."""
    if title is None or len(title) <= limit:
        return title
    head = title[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head) if m.end() <= limit]
    if ends and ends[-1] >= 20:
        return head[: ends[-1]].strip()
    space = head.rfind(" ", 0, limit + 1)
    if space >= limit // 2:
        return head[:space].rstrip(" ,;:-–—")
    return None


def check_document(record: MutableMapping[str, Any], gates: GateSettings) -> None:
    """Cut an overlong title in place; raise ``MarkupDebris`` or ``AbsurdWords`` (stage
    ``gate``, the record's part) when the body is not text."""
    record["title"] = fit_title(record.get("title"), gates.max_title_chars)
    record["subtitle"] = fit_title(record.get("subtitle"), gates.max_title_chars * 4)
    body = str(record.get("body") or "")
    part = record.get("part")
    share = debris_share(body)
    if share > gates.max_debris_share:
        raise MarkupDebris(
            f"{share:.0%} of the body's {len(body):,} characters are markup debris (punctuation, brackets, URLs); "
            f"the limit is {gates.max_debris_share:.0%}", part=part)
    ratio = chars_per_word(body)
    if ratio > gates.max_chars_per_word:
        longest = max((len(token) for token in body.split()), default=0)
        raise AbsurdWords(
            f"{ratio:,.0f} characters per word over {count_words(body):,} word(s) (longest {longest:,} characters); "
            f"the limit is {gates.max_chars_per_word:g}", part=part)
