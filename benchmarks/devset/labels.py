"""Labelled blocks for the content model, from the prepared set (kept under /tmp).

A block (a non-blank line as docmill's ``clean_text`` leaves it) is main content when
trafilatura, run on the HTML of the same page, keeps it; the page's gold snippets
override that: a block holding a "with" snippet is content, one holding only a
"without" snippet is not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.devset.common import require_outside_repo

_WS = re.compile(r"\s+")
_LEAD = re.compile(r"^(?:[-*+•]|#+|\d+\.)\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def trafilatura_texts(dev: Path, names: Iterable[str], work: Path) -> dict[str, str]:
    """trafilatura's main text of each page's HTML, cached in ``work``."""
    require_outside_repo(work)
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "trafilatura.json"
    texts: dict[str, str] = json.loads(cache.read_text(encoding="utf-8")) if cache.is_file() else {}
    missing = [n for n in names if n not in texts]
    if missing:
        import trafilatura  # only for building labels

        for name in missing:
            html = (dev / "html" / f"{name}.html").read_bytes()
            texts[name] = trafilatura.extract(html, include_comments=False, include_tables=True,
                                              include_formatting=False) or ""
        cache.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return texts


@dataclass
class Reference:
    """What the page's main text holds, prepared for quick look-ups."""

    flat: str
    lines: frozenset[str]
    trigrams: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, text: str) -> Reference:
        lines = frozenset(norm(_LEAD.sub("", line)).rstrip(".:").lower() for line in text.split("\n") if line.strip())
        words = norm(text).lower().split()
        return cls(norm(text), lines, frozenset(zip(words, words[1:], words[2:], strict=False)))


def block_label(text: str, ref: Reference, gold: dict[str, Any]) -> float:
    """1 when the block is main content, 0 when not (see the module docstring)."""
    flat = norm(text)
    if any(norm(w) and norm(w) in flat for w in gold["with"]):
        return 1.0
    if any(norm(w) and norm(w) in flat for w in gold["without"]):
        return 0.0
    words = flat.lower().split()
    if len(words) < 5:
        return float(flat.rstrip(".:").lower() in ref.lines)
    if flat in ref.flat:
        return 1.0
    grams = list(zip(words, words[1:], words[2:], strict=False))
    return float(sum(g in ref.trigrams for g in grams) >= 0.5 * len(grams))


