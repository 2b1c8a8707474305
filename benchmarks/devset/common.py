"""The prepared real-page development set: pages, folds, gold, docmill over a variant, scoring.

The set itself (third-party pages) is prepared outside the repository; these helpers
only read it. Nothing derived from it may be written inside the work tree.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.clean.pipeline import process_file
from flows.config import PipelineConfig
from flows.model import RawFile

VARIANTS = {"markdown": ".md", "text": ".txt", "html": ".html"}
FOLDS = 5
VALIDATION_FOLD = 0


def fold_of(name: str) -> int:
    """The page's fold (0..4) from a hash of its name: fixed, independent of the set's order.

    The peer set's own dev/held split uses sha1; this uses sha256 so that the folds cut
    across it.
    """
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % FOLDS


def page_names(dev: Path, split: str = "all") -> list[str]:
    """Page names of the prepared set; ``split`` is all, validation (fold 0) or train (folds 1-4)."""
    names = sorted(load_gold(dev))
    if split == "validation":
        return [n for n in names if fold_of(n) == VALIDATION_FOLD]
    if split == "train":
        return [n for n in names if fold_of(n) != VALIDATION_FOLD]
    return names


def load_gold(dev: Path) -> dict[str, dict[str, Any]]:
    with (dev / "gold.json").open(encoding="utf-8") as handle:
        gold = json.load(handle)
    return {n: g for n, g in gold.items() if g.get("source", "trafilatura") == "trafilatura"}


def require_outside_repo(path: Path) -> None:
    """Refuse to write derived data inside a git work tree (the pages are third-party)."""
    for parent in [path.resolve(), *path.resolve().parents]:
        if (parent / ".git").exists():
            raise SystemExit(f"{path}: inside a git work tree; keep data derived from the pages outside (e.g. /tmp)")


def run_variant(dev: Path, variant: str, names: Iterable[str], config: PipelineConfig
                ) -> Iterator[tuple[str, list[dict[str, Any]], int]]:
    """(name, documents, rejections) of docmill over each page's file of ``variant``."""
    suffix = VARIANTS[variant]
    for name in names:
        path = dev / variant / f"{name}{suffix}"
        if not path.is_file():
            continue
        result = process_file(RawFile(path.name, path.read_bytes()), config)
        yield name, sorted(result.documents, key=lambda d: d["part"]), len(result.rejections)


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Score:
    """trafilatura's snippet evaluation, summed over pages (as the peer scorer)."""

    pages: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    empty: int = 0
    quarantined: int = 0
    link_syntax: int = 0  # documents whose body holds markdown link syntax "]("
    per_page: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, name: str, gold: dict[str, Any], documents: list[dict[str, Any]], rejections: int) -> None:
        body = "\n\n".join(d["body"] for d in documents)
        flat = _ws(body)
        missed = [w for w in gold["with"] if _ws(w) not in flat]
        leaked = [w for w in gold["without"] if _ws(w) in flat]
        self.pages += 1
        self.tp += len(gold["with"]) - len(missed)
        self.fn += len(missed)
        self.fp += len(leaked)
        self.tn += len(gold["without"]) - len(leaked)
        self.empty += not flat
        self.quarantined += bool(rejections) and not documents
        self.link_syntax += sum("](" in d["body"] for d in documents)
        self.per_page[name] = {"missed": missed, "leaked": leaked}

    @property
    def f1(self) -> float:
        return 2 * self.tp / max(1, 2 * self.tp + self.fp + self.fn)

    def line(self, label: str) -> str:
        kept = self.tp / max(1, self.tp + self.fn)
        removed = self.tn / max(1, self.tn + self.fp)
        precision = self.tp / max(1, self.tp + self.fp)
        return (f"{label}: pages={self.pages} F1={self.f1:.3f} with={kept:.3f} without={removed:.3f} "
                f"precision={precision:.3f} empty={self.empty} quarantined={self.quarantined} "
                f"link_syntax={self.link_syntax}")
