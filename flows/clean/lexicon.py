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
from collections.abc import Iterable, Mapping

import numpy as np

WORD = re.compile(r"\w+")
DIGIT = re.compile(r"\d")
NUMBER = "0"


def tokens(text: str) -> set[str]:
    """The distinct tokens of a block, as the model's table keys them."""
    words = set(WORD.findall(text.lower()))
    numbers = {word for word in words if not word.isalpha() and DIGIT.search(word)}
    if numbers:
        words -= numbers
        words.add(NUMBER)
    return words


def lexical_terms(texts: Iterable[str], weights: Mapping[str, float]) -> np.ndarray:
    """Per block: the sum of its known tokens' weights over the square root of their number."""
    out = []
    get = weights.get
    for text in texts:
        known = [w for w in map(get, tokens(text)) if w is not None]
        out.append(sum(known) / math.sqrt(len(known)) if known else 0.0)
    return np.array(out, dtype=float)
