"""The content model's words: a learned weight per common word, summed over a block.

Layout and shape tell a menu from an article; words tell a newsletter prompt, a cookie
notice, a photo credit or a comment form from the prose around them, in whatever
layout a site gives them. Each word of the model's ``tokens`` table carries a weight
learned with the other features (``make train``); a block's lexical term is the sum of
the weights of its distinct known words over the square root of their number, so a
long paragraph does not outweigh a short prompt just by its length.

Words are lower-cased runs of letters and digits (``\\w+``); a word holding a digit
counts as the token ``0``, so dates, prices and counts share one weight. Only words
seen on many different training pages get a weight, so one site's vocabulary does not.
A maintainer can read, change or delete any word's weight in
``flows/rules/content_model.json``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain

import numpy as np

WORD = re.compile(r"\w+")
DIGIT = re.compile(r"\d")
NUMBER = "0"


def _key(word: str) -> str:
    """The table's key of a lower-case word: ``NUMBER`` for a word holding a digit."""
    return NUMBER if not word.isalpha() and DIGIT.search(word) else word


def tokens(text: str) -> set[str]:
    """The distinct tokens of a block, as the model's table keys them."""
    return set(map(_key, WORD.findall(text.lower())))


def lexical_terms(texts: Iterable[str], weights: Mapping[str, float]) -> np.ndarray:
    """Per block: the sum of its known tokens' weights over the square root of their number."""
    return block_terms([WORD.findall(text.lower()) for text in texts], weights)


def block_terms(blocks: Sequence[Sequence[str]], weights: Mapping[str, float]) -> np.ndarray:
    """``lexical_terms`` of blocks given as their lower-case words (``WORD`` runs, repeats allowed),
    as ``blocks.page_features`` reads them for the whole page at once.

    Each distinct word of the page is keyed once. The weights are summed with ``math.fsum``:
    exactly rounded whatever the order, so a block's term does not depend on the order a
    set happens to hold its words in (string hashes differ from process to process).
    """
    key = {word: _key(word) for word in set(chain.from_iterable(blocks))}
    get, lookup = weights.get, key.__getitem__
    out = []
    for words in blocks:
        known = [w for w in map(get, set(map(lookup, words))) if w is not None]
        out.append(math.fsum(known) / math.sqrt(len(known)) if known else 0.0)
    return np.array(out, dtype=float)
