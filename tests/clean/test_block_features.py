"""The content model's per-block features, counted for all blocks at once, equal a plain per-line count.

``blocks.block_features`` counts characters and words over the page's blocks joined
by newlines, with one class flag per code point. The reference below is the plain
per-line reading of ``BASE`` (one ``str`` method or regex per line), written out so
both can be compared bit for bit, on tricky text too: characters whose lower case is
longer (``İ``), letters outside the Basic Multilingual Plane, digits that are not
decimal, a newline inside a line, lines longer than the character sample.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.clean import blocks
from flows.clean.blocks import BASE, block_features
from flows.clean.wordcount import NO_SPACE_CHARS, estimated_words
from flows.model import Line

_WORD = re.compile(r"\w+")
_NO_SPACE = re.compile(f"[{NO_SPACE_CHARS}]")


def reference_base(lines: list[Line]) -> np.ndarray:
    """BASE features of the non-blank lines, one line at a time."""
    rows = []
    kept = [line for line in lines if not line.blank]
    texts = [line.text.strip() for line in kept]
    tokens = [_WORD.findall(text.lower()) for text in texts]
    lang = blocks.page_language([t for toks in tokens for t in toks])
    stops = blocks.stop_sets()[lang] if lang is not None else frozenset()
    joined = "\n".join(texts).lower()
    no_space = sum(1 for ch in joined if _NO_SPACE.match(ch))
    unstoppable = no_space > 0.3 * max(1, sum(ch.isalpha() for ch in joined))  # Chinese, Japanese, Thai
    for line, text, toks in zip(kept, texts, tokens, strict=True):
        split = text.split()
        words = len(split)
        if _NO_SPACE.search(text):  # a word of Chinese or Japanese runs about two characters, of Thai four
            words = max(words, estimated_words(text))
        per_word = 1.0 / (words or 1)
        chars = len(text)
        sample = text[:400]
        sampled = len(sample) or 1
        scale = chars / sampled * per_word
        n_toks = len(toks) or 1
        last = text[-1:]
        rows.append((
            math.log1p(words),
            math.log1p(chars),
            min(sum(map(len, toks)) / n_toks, 15.0) / 10,
            math.nan if unstoppable else sum(tok in stops for tok in toks) / n_toks,
            min(1.0, line.link_chars / (chars or 1)),
            math.log1p(line.links),
            last in ".!?…\"”’»)。！？」』）" and words >= 3,
            sum(ch in ",.;:!?、，。；：！？" for ch in sample) * scale,
            sum(token[0].isupper() for token in split) * per_word,
            sum(ch.isupper() for ch in sample) / (sum(ch.isalpha() for ch in sample) or 1),
            sum(ch.isdigit() for ch in sample) / sampled,
            min(1.0, sum(ch in "|·»/•–›>" for ch in sample) * scale),
            line.heading > 0,
            line.list_item,
            text.count("|") >= 2,
            line.emphasis,
            line.removed_by is not None or line.meta is not None,
            words <= 3,
            words >= 20 or (words >= 8 and last in ".!?…。！？）」』"),
            text[:1].islower(),
        ))
    return np.array(rows, dtype=float).reshape(len(rows), len(BASE))


def _lines(texts: list[str]) -> list[Line]:
    return [Line(no, text, heading=no % 7 == 3, list_item=no % 5 == 1, links=no % 3, link_chars=(no * 7) % 40,
                 removed_by="x" if no % 11 == 4 else None) for no, text in enumerate(texts)]


def _check(texts: list[str]) -> None:
    lines = _lines(texts)
    index, features = block_features(lines)
    assert index == [i for i, line in enumerate(lines) if not line.blank]
    assert np.array_equal(features[:, : len(BASE)], reference_base(lines), equal_nan=True)


def test_prose_menus_and_tricky_characters() -> None:
    _check([
        "The council approved the new footbridge over the river on Tuesday, after two years of talks.",
        "",
        "Home | News | Sport | Contact » More",
        "  İSTANBUL İzmir ÇAĞ — capitals whose lower case is longer  ",
        "𝐁𝐨𝐥𝐝 mathematical letters 𝟏𝟐 and 😀 emoji, with ² superscripts and ½ fractions.",
        "a line\nwith a newline inside it, and snake_case_words too.",
        "ΟΔΟΣ ΣΟΦΙΑΣ σημείωση: Ελληνικά κείμενα.",
        "   ",
        "x" * 450 + " ...!!! ,,, " + "Y" * 30,
        "漢字とかなの文章です。",
        "- list item: der, die, das und.",
    ])


def test_a_page_written_without_spaces() -> None:
    """Chinese and Japanese: words counted per two characters, full-width sentence ends, and
    stop words unknown (no stop list reads them) rather than none."""
    _check([
        "港の古い倉庫が図書館に 住民らが改修",
        "港町の海沿いにある古い倉庫で、地域の図書館が開館した。",
        "「ここに子どもたちの声が響く日が来るとは思わなかった」と話す（記者 山本）",
        "Home | ニュース | 地域",
    ])


ALPHABET = st.sampled_from([*"aAbBzZ éÉİıßΣσς  \t_|·»/•–›>,.;:!?…\"”’)0123²½٣", "𝐀", "😀", "\n", "漢", "か", "。", "）"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(ALPHABET, max_size=60), min_size=1, max_size=15))
def test_random_lines(texts: list[str]) -> None:
    _check(texts)


def reference_language(tokens: list[str]) -> int | None:
    """The page language as a Counter of hits: the first language to reach the most hits wins a tie."""
    _, index = blocks.stop_lists()
    hits: Counter[int] = Counter()
    for token, count in Counter(tokens[:3000]).items():
        for lang in index.get(token, ()):
            hits[lang] += count
    return hits.most_common(1)[0][0] if hits else None


STOP_WORDS = [*sorted(blocks.stop_lists()[1])[::97], "the", "und", "de", "la", "a", "in", "nonword"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(STOP_WORDS), max_size=12))
def test_page_language_breaks_ties_like_the_reference(tokens: list[str]) -> None:
    assert blocks.page_language(tokens) == reference_language(tokens)
