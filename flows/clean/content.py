"""The content model: which blocks of a text or markdown page are its main content.

Every block (a non-blank line, see ``blocks.py``) gets a probability of being main
content from a logistic model over its shallow features, its neighbours' and its
words (``lexicon.py``: a learned weight per common word). Then a
segmentation step picks the main content region: the run of blocks with the largest
sum of ``(p - threshold) × weight`` (weight grows with the block's words), so short
headings and list items inside the article stay with it. Outside the region a block
goes unless the model is sure of it (``keep_outside``); inside it, only blocks the
model is sure are boilerplate (``drop_inside``) go, and never headings, list items or
short heading-shaped lines over prose.

The model only acts on pages with at least ``min_blocks`` blocks and a region of at
least ``min_region_words`` words: on a short, clean input it changes nothing.
Every block it removes is recorded as ``content-model`` with its score.

Weights (``flows/rules/content_model.json``) come in as plain data: the feature names,
their mean and scale, one weight per feature, and one weight per word (``tokens``);
``make train`` rebuilds them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from flows.clean.blocks import FEATURES, char_classes, page_features, stop_sets
from flows.clean.heuristics import is_prose
from flows.clean.lexicon import block_terms, lexical_terms
from flows.clean.segment import wrap_width
from flows.clean.wordcount import count_words
from flows.model import Line, Removal

if TYPE_CHECKING:
    from flows.clean.boilerplate import Cleaned

RULE = "content-model"


@dataclass(frozen=True)
class ContentModel:
    """Weights as arrays, in ``FEATURES`` order (features the data does not name weigh 0)."""

    mean: np.ndarray
    scale: np.ndarray
    weight: np.ndarray
    bias: float
    tokens: Mapping[str, float]  # per-word weights (lexicon.py); empty in a model without words

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ContentModel:
        features: Mapping[str, Mapping[str, float]] = data["features"]
        mean = np.array([float(features.get(name, {}).get("mean", 0.0)) for name in FEATURES])
        scale = np.array([float(features.get(name, {}).get("scale", 1.0)) or 1.0 for name in FEATURES])
        weight = np.array([float(features.get(name, {}).get("weight", 0.0)) for name in FEATURES])
        tokens = {str(token): float(value) for token, value in data.get("tokens", {}).items()}
        return cls(mean, scale, weight, float(data["bias"]), tokens)

    def probabilities(self, features: np.ndarray, texts: Sequence[str] = (),
                      words: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """Per block: the probability of main content, from its features and (when given) its words:
        its ``texts``, or the ``words`` ``page_features`` already read from them. A feature the
        page cannot have (NaN: stop words on a page no stop list reads) takes its mean."""
        if np.isnan(features).any():
            features = np.where(np.isnan(features), self.mean, features)
        z = (features - self.mean) / self.scale @ self.weight + self.bias
        if self.tokens and words is not None:
            z = z + block_terms(words, self.tokens)
        elif self.tokens and len(texts):
            z = z + lexical_terms(texts, self.tokens)
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


_CACHE: dict[int, tuple[Mapping[str, Any], ContentModel]] = {}


def compile_model(data: Mapping[str, Any]) -> ContentModel:
    """The model of ``data``, built once per process (the config holds the same mapping)."""
    cached = _CACHE.get(id(data))
    if cached is None or cached[0] is not data:
        cached = (data, ContentModel.from_data(data))
        _CACHE[id(data)] = cached
    return cached[1]


def block_scores(lines: Sequence[Line], data: Mapping[str, Any]) -> tuple[list[int], np.ndarray]:
    """Indices of the non-blank lines and their probability of being main content."""
    index, features, words = page_features(lines)
    if not index:
        return index, np.zeros(0)
    return index, compile_model(data).probabilities(features, words=words)


def main_region(scores: np.ndarray, weights: np.ndarray, threshold: float) -> tuple[int, int] | None:
    """[start, end) of the run with the largest sum of (score - threshold) × weight (Kadane)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, gain in enumerate(((scores - threshold) * weights).tolist()):  # Python floats: the same sums, faster
        if total <= 0:
            total, start = 0.0, i
        total += gain
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def select(lines: Sequence[Line], data: Mapping[str, Any], params: Mapping[str, Any]) -> dict[int, float]:
    """Positions (in ``lines``) of the kept blocks to remove, with their scores.

    ``params`` are the rule file's: threshold, keep_outside, drop_inside, min_blocks, min_region_words.
    """
    blocks = [i for i, line in enumerate(lines) if not line.blank]  # what block_scores scores, counted first
    if len(blocks) < params["min_blocks"] or not any(lines[i].kept for i in blocks):
        return {}
    index, scores = block_scores(lines, data)
    is_kept = [lines[i].kept for i in index]
    kept = [k for k, flag in enumerate(is_kept) if flag]
    words = np.array([count_words(lines[i].text) for i in index], dtype=float)
    ruled = ~np.array(is_kept, dtype=bool)
    if wrap_width(list(lines)) is not None:  # hard-wrapped: a paragraph's lines stand or fall together
        scores = _paragraph_scores(lines, index, scores, words)
    weights = np.where(ruled, 0.0, np.log1p(words))
    span = main_region(scores, weights, float(params["threshold"]))
    if span is None:
        return {}
    start, end = span
    inside = np.zeros(len(index), dtype=bool)
    inside[start:end] = True
    if words[inside & ~ruled].sum() < params["min_region_words"]:
        return {}
    drop = {}
    score_of, is_inside = scores.tolist(), inside.tolist()
    held = _held_in_blocks(lines, index, score_of, float(params["drop_inside"]))
    for k in kept:
        if is_inside[k]:
            if score_of[k] < params["drop_inside"] and not _structure(lines, index, k) and k not in held:
                drop[index[k]] = score_of[k]
        elif score_of[k] < params["keep_outside"]:
            drop[index[k]] = score_of[k]
    return drop


def _paragraph_scores(lines: Sequence[Line], index: Sequence[int], scores: np.ndarray,
                      words: np.ndarray) -> np.ndarray:
    """Each run of consecutive non-blank, non-heading lines gets its words-weighted mean score."""
    smoothed = scores.copy()
    start = 0
    for k in range(1, len(index) + 1):
        if k == len(index) or index[k] != index[k - 1] + 1 or lines[index[k]].heading or lines[index[k - 1]].heading:
            weight = words[start:k] + 1.0
            smoothed[start:k] = float((scores[start:k] * weight).sum() / weight.sum())
            start = k
    return smoothed


def _held_in_blocks(lines: Sequence[Line], index: Sequence[int], score_of: Sequence[float], floor: float) -> set[int]:
    """The blocks scored below ``floor`` that a block of lines (lines with no blank line
    between them) holds: a run of them with a staying line of the block (kept, scored
    ``floor`` or more, no heading) right above and right below it, when the block has more
    staying lines than the run has lines; and the block's short unpunctuated first line
    over two staying lines or more (its label). An ingredient of a recipe's list and the
    list's label, a row of a schedule: a block's lines stand together. One pass."""
    held: set[int] = set()
    start = 0
    for end in range(1, len(index) + 1):
        if end < len(index) and index[end] == index[end - 1] + 1:
            continue
        stays = [lines[index[j]].kept and not lines[index[j]].heading and score_of[j] >= floor
                 for j in range(start, end)]  # the block of lines [start, end)
        staying = sum(stays)
        run: list[int] = []
        for offset, stay in enumerate(stays):
            if not stay:
                run.append(start + offset)
                continue
            if run and run[0] > start and len(run) < staying:  # a staying line above the run and this one below
                held.update(run)
            elif run == [start] and staying >= 2 and _unpunctuated(label := lines[index[start]].text, 4) \
                    and count_words(label):
                held.add(start)  # the block's own label over its lines ("Ingredients")
            run = []
        start = end
    return held


def _unpunctuated(text: str, max_words: int) -> bool:
    """A short line: ``max_words`` words at most, no sentence or clause punctuation at its end."""
    text = text.rstrip()
    return count_words(text) <= max_words and text[-1:] not in ".!?…,;"


def _structure(lines: Sequence[Line], index: Sequence[int], k: int) -> bool:
    """A heading or list item, or a short unpunctuated line over prose: kept inside the region."""
    line = lines[index[k]]
    if line.heading or line.list_item:
        return True
    if not _unpunctuated(line.text, 10):
        return False
    following: list[str] = []  # the next kept paragraph (its lines up to a blank line)
    for i in range(index[k] + 1, len(lines)):
        if lines[i].blank and following:
            break
        if lines[i].kept:
            following.append(lines[i].text)
    return is_prose(" ".join(following))


def page_params(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """The params for an HTML page's text, which trafilatura has already segmented.

    Menus and teaser lists are gone there; what is left around the article (a newsletter
    prompt, a caption, a bio) is removed only when the model is sure of it.
    """
    return {**params, "keep_outside": params["html_keep_outside"], "drop_inside": params["html_drop_inside"]}


def remove_boilerplate(lines: Sequence[Line], cleaned: Cleaned, data: Mapping[str, Any],
                       params: Mapping[str, Any]) -> None:
    """Remove the blocks ``select`` picks, each recorded as ``content-model`` with its score."""
    if not data:
        return
    for position, score in select(lines, data, params).items():
        line = lines[position]
        cleaned.removals.append(Removal(RULE, line.text, line.no, f"score {score:.2f}"))
        line.removed_by = RULE


def warm_up() -> None:
    """Build the stop lists, their sets and the character table before the first page needs them."""
    stop_sets()  # reads the stop lists first
    char_classes()
