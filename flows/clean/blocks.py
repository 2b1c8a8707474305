"""Shallow features of text blocks, for the content model (``content.py``).

A block is one non-blank line as ``clean_text`` left it (markdown already turned into
text and structure). Its features are language-general and cheap, after Kohlschütter
et al. (WSDM 2010) and jusText: how many words, how long they are, the share of
stop words (the page's language is the stop list with the most hits; the lists for
about 100 languages ship in the ``justext`` package), link density, punctuation and
capitalisation, heading / list / table shape, where the block sits in the page, and
the same features of its neighbours.

The feature names are listed in ``FEATURES`` (own) and ``CONTEXT`` (of neighbours);
the learned weights in ``flows/rules/content_model.json`` refer to them by name, so a
reviewer can read which feature pushes a block which way.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain
from operator import attrgetter

import numpy as np

from flows.clean.wordcount import NO_SPACE as _NO_SPACE
from flows.clean.wordcount import estimated_words
from flows.model import Line

# Own features of a block, in column order.
BASE = (
    "log_words",        # log(1 + words)
    "log_chars",        # log(1 + characters)
    "word_length",      # mean word length / 10
    "stop_density",     # share of words in the page language's stop list
    "link_density",     # characters of link text / characters (markdown)
    "log_links",        # log(1 + links)
    "ends_sentence",    # ends with . ! ? … or a closing quote
    "punct_per_word",   # sentence punctuation (, . ; : ! ?) per word
    "capitalised",      # share of words starting with a capital letter
    "upper_letters",    # share of letters that are capitals
    "digits",           # share of characters that are digits
    "separators",       # menu separators (| · » / • –) per word
    "heading",          # a markdown heading
    "list_item",        # a list item
    "table_row",        # two or more cell bars
    "emphasis",         # the whole line bold or italic
    "ruled",            # already removed by a rule or taken as metadata
    "short",            # three words or fewer
    "prose",            # 8+ words ending a sentence, or 20+ words
    "lower_start",      # starts with a lower-case letter (a continuation)
)
# Features of the page and of the block's place in it.
PAGE = (
    "position",         # index / number of blocks
    "char_position",    # characters before the block / all characters
    "after_peak",       # 1 after the longest prose block, 0 before it
    "peak_distance",    # |blocks between this one and the longest prose block| / blocks
    "page_blocks",      # log(1 + blocks of the page)
    "prose_share_5",    # share of prose blocks within ±5 blocks
    "prose_share_15",   # share of prose blocks within ±15 blocks
    "words_share_5",    # words within ±5 blocks / the page's words, scaled by blocks / 11
    "link_share_5",     # link density of the ±5 window (characters)
    "stop_share_5",     # stop density of the ±5 window (words)
    "prose_before",     # share of the page's prose words in blocks before this one
    "prose_after",      # share of the page's prose words in blocks after this one
    "between_prose",    # min(prose_before, prose_after): inside the run of prose
    "relative_stops",   # stop density / the stop density of the page's prose
    "relative_words",   # log(1 + words) - mean log(1 + words) of the page's prose blocks
    "repeated",         # the same text appears elsewhere on the page (menus, teasers)
    "first_heading",    # at or after the page's first top-level heading (markdown H1)
    "main_run",         # inside the run of prose blocks with the most words (gaps of up to 3 other blocks)
    "run_share",        # the prose words of the block's run / those of the main run (0 outside runs)
    "before_main",      # log(1 + blocks to the main run's start), before it
    "after_main",       # log(1 + blocks from the main run's end), after it
)
# Own features repeated for the neighbours at these offsets.
CONTEXT = ("log_words", "stop_density", "link_density", "ends_sentence", "heading", "list_item", "ruled", "prose",
           "short")
OFFSETS = (-2, -1, 1, 2)

FEATURES = BASE + PAGE + tuple(f"{name}@{offset:+d}" for offset in OFFSETS for name in CONTEXT)

_WORD = re.compile(r"\w+")
_SENTENCE_END = ".!?…\"”’»)。！？」』）"
_PUNCT = ",.;:!?、，。；：！？"  # sentence punctuation counted per word (full-width too)
_SEPARATORS = "|·»/•–›>"  # menu separators counted per word
_SAMPLE = 400
_LANGUAGE_TOKENS = 3000  # the page language is read from its first words


@functools.cache
def stop_lists() -> tuple[tuple[str, ...], Mapping[str, tuple[int, ...]]]:
    """Language names and word → indices of the languages whose stop list has it (loaded once)."""
    import justext  # reads its stop lists when first asked, not at import

    names = tuple(sorted(justext.get_stoplists()))
    index: dict[str, list[int]] = {}
    for number, name in enumerate(names):
        for word in justext.get_stoplist(name):
            index.setdefault(word.lower(), []).append(number)
    return names, {word: tuple(langs) for word, langs in index.items()}


@functools.cache
def stop_sets() -> tuple[frozenset[str], ...]:
    """Every language's stop list as a set, in the order of ``stop_lists``' names (built once)."""
    names, index = stop_lists()
    sets: list[set[str]] = [set() for _ in names]
    for word, langs in index.items():
        for lang in langs:
            sets[lang].add(word)
    return tuple(frozenset(words) for words in sets)


def page_language(tokens: Sequence[str]) -> int | None:
    """The language (its index into ``stop_sets``) whose stop list holds most of the page's
    first tokens.

    Hits are summed per language with numpy; of languages with as many hits, the one
    whose first stop word comes first wins (tokens in page order, a token's languages
    in name order).
    """
    _, index = stop_lists()
    counts: Counter[str] = Counter(tokens[:_LANGUAGE_TOKENS])
    found = [(index[token], count) for token, count in counts.items() if token in index]
    if not found:
        return None
    langs = np.fromiter(chain.from_iterable(langs for langs, _ in found), dtype=np.int64)
    weights = np.repeat([count for _, count in found], [len(langs) for langs, _ in found])
    hits = np.bincount(langs, weights=weights)
    tied = np.flatnonzero(hits == hits.max())
    if len(tied) == 1:
        return int(tied[0])
    first = [int(np.argmax(langs == lang)) for lang in tied]
    return int(tied[int(np.argmin(first))])


# Character classes, one bit each, looked up per code point (see ``_char_flags``).
_SPACE, _WORD_CHAR, _UPPER, _LOWER, _ALPHA, _DIGIT, _PUNCT_CHAR, _SEPARATOR = (1 << k for k in range(8))
_PROSE_END = ".!?…。！？）」』"


def _flags_of(ch: str) -> int:
    return (
        _SPACE * ch.isspace() | _WORD_CHAR * bool(_WORD.match(ch)) | _UPPER * ch.isupper()
        | _LOWER * ch.islower() | _ALPHA * ch.isalpha() | _DIGIT * ch.isdigit()
        | _PUNCT_CHAR * (ch in _PUNCT) | _SEPARATOR * (ch in _SEPARATORS)
    )


@functools.cache
def char_classes() -> np.ndarray:
    """The class flags of every code point below U+10000 (built once per process)."""
    return np.array([_flags_of(chr(code)) for code in range(0x10000)], dtype=np.uint8)


@functools.cache
def _astral_flags(code: int) -> int:
    return _flags_of(chr(code))


def _char_flags(text: str) -> np.ndarray:
    """The class bits of every character of ``text`` (the very tests ``str`` and ``re`` make)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    flags = char_classes()[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    if len(astral):
        flags[astral] = [_astral_flags(int(code)) for code in codes[astral]]
    return flags


def _per_line(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums of ``values`` over the lines that begin at ``starts`` (each holds at least one character)."""
    return np.add.reduceat(values.astype(np.int64), starts) if len(values) else np.zeros(len(starts), np.int64)


def _line_stats(texts: list[str]) -> tuple[dict[str, np.ndarray], str]:
    """Counts per text, over all texts at once: the texts joined by newlines, one flag per character;
    and the joined text in lower case (for its word tokens).

    ``texts`` are stripped, non-empty lines. Counts over the ``sample`` (the first
    ``_SAMPLE`` characters) are those the character shares use.
    """
    joined = "\n".join(texts)
    if joined.count("\n") >= len(texts):  # a newline inside a line: "\r" counts the same (space, no word)
        joined = "\n".join(text.replace("\n", "\r") for text in texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    flags = _char_flags(joined)
    space = (flags & _SPACE) != 0
    token_start = ~space & np.concatenate(([True], space[:-1]))  # a whitespace token begins (``str.split``)
    offset = np.arange(len(joined)) - np.repeat(starts, lengths + 1)[: len(joined)]
    sample = offset < _SAMPLE
    lowered = joined.lower()  # may change lengths: its own line starts
    low_lengths = np.fromiter(map(len, lowered.split("\n")), dtype=np.int64, count=len(texts))
    low_starts = np.concatenate(([0], np.cumsum(low_lengths + 1)[:-1]))
    word = (_char_flags(lowered) & _WORD_CHAR) != 0
    word_start = word & ~np.concatenate(([False], word[:-1]))
    return {
        "chars": lengths,
        "words": _per_line(token_start, starts),
        "capitalised": _per_line(token_start & ((flags & _UPPER) != 0), starts),
        "sampled": np.minimum(lengths, _SAMPLE),
        "punct": _per_line(sample & ((flags & _PUNCT_CHAR) != 0), starts),
        "separators": _per_line(sample & ((flags & _SEPARATOR) != 0), starts),
        "upper": _per_line(sample & ((flags & _UPPER) != 0), starts),
        "alpha": _per_line(sample & ((flags & _ALPHA) != 0), starts),
        "digits": _per_line(sample & ((flags & _DIGIT) != 0), starts),
        "tokens": _per_line(word_start, low_starts),
        "token_chars": _per_line(word, low_starts),
        "lower_start": (flags[starts] & _LOWER) != 0,
    }, lowered


def block_features(lines: Sequence[Line]) -> tuple[list[int], np.ndarray]:
    """Indices (into ``lines``) of the blocks, and their feature matrix (blocks × FEATURES)."""
    index, features, _ = page_features(lines)
    return index, features


def page_features(lines: Sequence[Line]) -> tuple[list[int], np.ndarray, list[list[str]]]:
    """``block_features``, and each block's words in lower case (``\\w+`` runs, in order) for the
    lexicon (``lexicon.block_terms``), which need not read the texts again.

    The per-block features are counted for all blocks at once (``_line_stats``); the
    page's tokens are read in one pass and each block's stop words summed from them.
    """
    index = [i for i, line in enumerate(lines) if not line.blank]
    n = len(index)
    if not n:
        return index, np.zeros((0, len(FEATURES))), []
    blocks = [lines[i] for i in index]
    texts = [line.text.strip() for line in blocks]
    stats, lowered = _line_stats(texts)
    tokens = _WORD.findall(lowered)  # every block's tokens, in order (a newline is no word)
    lang = page_language(tokens)
    stops = stop_sets()[lang] if lang is not None else frozenset()
    n_tokens = stats["tokens"]
    stop_hits = np.fromiter(map(stops.__contains__, tokens), dtype=np.int64, count=len(tokens))
    hits_before = np.concatenate(([0], np.cumsum(stop_hits)))  # stop words among the page's first k tokens
    token_end = np.cumsum(n_tokens)
    stop_count = hits_before[token_end] - hits_before[token_end - n_tokens]
    words = _cjk_words(texts, stats["words"]) if _NO_SPACE.search(lowered) else stats["words"]
    chars = stats["chars"]
    per_word = 1.0 / np.maximum(words, 1)
    sampled = np.maximum(stats["sampled"], 1)
    scale = chars / sampled * per_word
    toks = np.maximum(n_tokens, 1)
    last = [text[-1] for text in texts]
    ends = np.fromiter(map(_SENTENCE_END.__contains__, last), dtype=bool, count=n)
    prose_end = np.fromiter(map(_PROSE_END.__contains__, last), dtype=bool, count=n)
    link_chars = np.fromiter(map(attrgetter("link_chars"), blocks), dtype=float, count=n)
    heading = np.fromiter(map(attrgetter("heading"), blocks), dtype=np.int64, count=n)
    log1p = math.log1p  # numpy's log1p may differ from it in the last bit; the weights were fitted with this one
    base = np.column_stack((
        [log1p(count) for count in words.tolist()],
        [log1p(count) for count in chars.tolist()],
        np.minimum(stats["token_chars"] / toks, 15.0) / 10,
        stop_count / toks,
        np.minimum(1.0, link_chars / np.maximum(chars, 1)),
        list(map(log1p, map(attrgetter("links"), blocks))),
        ends & (words >= 3),
        stats["punct"] * scale,
        stats["capitalised"] * per_word,
        stats["upper"] / np.maximum(stats["alpha"], 1),
        stats["digits"] / sampled,
        np.minimum(1.0, stats["separators"] * scale),
        heading > 0,
        np.fromiter(map(attrgetter("list_item"), blocks), dtype=bool, count=n),
        np.fromiter((text.count("|") >= 2 for text in texts), dtype=bool, count=n),
        np.fromiter(map(attrgetter("emphasis"), blocks), dtype=bool, count=n),
        np.fromiter((line.removed_by is not None or line.meta is not None for line in blocks), dtype=bool, count=n),
        words <= 3,
        (words >= 20) | ((words >= 8) & prose_end),
        stats["lower_start"],
    )).astype(float)
    col = {name: k for k, name in enumerate(BASE)}
    words_arr = np.expm1(base[:, col["log_words"]])
    chars_arr = np.expm1(base[:, col["log_chars"]])
    prose = base[:, col["prose"]]
    link_chars = base[:, col["link_density"]] * chars_arr
    stop_words = base[:, col["stop_density"]] * words_arr
    page = np.zeros((n, len(PAGE)))
    page[:, 0] = np.arange(n) / max(1, n - 1)
    cum = np.cumsum(chars_arr) - chars_arr
    page[:, 1] = cum / max(1.0, float(chars_arr.sum()))
    peak = int(np.argmax(words_arr * (0.5 + prose)))
    page[:, 2] = (np.arange(n) > peak).astype(float)
    page[:, 3] = np.abs(np.arange(n) - peak) / max(1, n)
    page[:, 4] = math.log1p(n)
    page[:, 5] = _window_mean(prose, 5)
    page[:, 6] = _window_mean(prose, 15)
    total_words = max(1.0, float(words_arr.sum()))
    page[:, 7] = np.minimum(1.0, _window_sum(words_arr, 5) / total_words * n / 11)
    page[:, 8] = _window_sum(link_chars, 5) / np.maximum(1.0, _window_sum(chars_arr, 5))
    page[:, 9] = _window_sum(stop_words, 5) / np.maximum(1.0, _window_sum(words_arr, 5))
    prose_words = words_arr * prose
    total_prose = max(1.0, float(prose_words.sum()))
    before = (np.cumsum(prose_words) - prose_words) / total_prose
    after = 1.0 - before - prose_words / total_prose
    page[:, 10] = before
    page[:, 11] = after
    page[:, 12] = np.minimum(before, after)
    prose_stops = float((stop_words * prose).sum()) / max(1.0, float(prose_words.sum()))
    page[:, 13] = np.minimum(3.0, base[:, col["stop_density"]] / max(0.05, prose_stops))
    log_words = base[:, col["log_words"]]
    page[:, 14] = log_words - (float(log_words[prose > 0].mean()) if prose.any() else 0.0)
    seen = Counter(texts)
    page[:, 15] = [float(seen[text] > 1) for text in texts]
    top = np.flatnonzero(heading == 1)
    if len(top):
        page[top[0]:, 16] = 1.0
    page[:, 17:21] = _prose_runs(prose, prose_words)
    context = base[:, [col[name] for name in CONTEXT]]  # the neighbours' columns, shifted together per offset
    features = np.hstack([base, page, *(_shift(context, offset) for offset in OFFSETS)])
    if _unstoppable(lowered):
        features[:, _STOP_COLUMNS] = np.nan  # no stop list reads the page: unknown, not "no stop words"
    block_words = [tokens[start:end] for start, end in zip((token_end - n_tokens).tolist(), token_end.tolist(), strict=True)]
    return index, features, block_words


#: The features that count stop words: unknown on a page written mostly without spaces
#: (Chinese, Japanese, Thai: no stop list of jusText's reads them), where the model takes
#: their mean instead (``ContentModel.probabilities``).
_STOP_COLUMNS = [k for k, name in enumerate(FEATURES) if name.split("@")[0] in ("stop_density", "stop_share_5",
                                                                                 "relative_stops")]
#: Above this share of its letters in scripts without spaces, a page has no stop words to count.
_UNSTOPPABLE_SHARE = 0.3


def _unstoppable(lowered: str) -> bool:
    if not _NO_SPACE.search(lowered):
        return False
    letters = sum(1 for ch in lowered if ch.isalpha())
    return len(_NO_SPACE.findall(lowered)) > _UNSTOPPABLE_SHARE * max(1, letters)


def _cjk_words(texts: list[str], spaced: np.ndarray) -> np.ndarray:
    """Words per block where a script writes none between them (``estimated_words``: a word of
    Chinese or Japanese runs about two characters, of Thai about four), never fewer than the
    text's space-separated tokens."""
    counted = np.fromiter((estimated_words(text) if _NO_SPACE.search(text) else 0 for text in texts),
                          dtype=np.int64, count=len(texts))
    return np.maximum(spaced, counted)


def _prose_runs(prose: np.ndarray, prose_words: np.ndarray, gap: int = 3) -> np.ndarray:
    """main_run, run_share, before_main, after_main (see ``PAGE``) of every block."""
    n = len(prose)
    out = np.zeros((n, 4))
    rows = np.nonzero(prose)[0]
    if not len(rows):
        return out
    runs: list[tuple[int, int, float]] = []  # first, last block, prose words
    first = last = int(rows[0])
    for row in rows[1:]:
        if row - last > gap + 1:
            runs.append((first, last, float(prose_words[first:last + 1].sum())))
            first = int(row)
        last = int(row)
    runs.append((first, last, float(prose_words[first:last + 1].sum())))
    start, end, most = max(runs, key=lambda run: run[2])
    for low, high, words in runs:
        out[low:high + 1, 1] = words / max(1.0, most)
    out[start:end + 1, 0] = 1.0
    positions = np.arange(n)
    out[:, 2] = np.log1p(np.maximum(0, start - positions))
    out[:, 3] = np.log1p(np.maximum(0, positions - end))
    return out


def _window_sum(values: np.ndarray, radius: int) -> np.ndarray:
    cum = np.concatenate(([0.0], np.cumsum(values)))
    n = len(values)
    low = np.maximum(np.arange(n) - radius, 0)
    high = np.minimum(np.arange(n) + radius + 1, n)
    return np.asarray(cum[high] - cum[low])


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    counts = _window_sum(np.ones_like(values), radius)
    return _window_sum(values, radius) / counts


def _shift(values: np.ndarray, offset: int) -> np.ndarray:
    """values[i + offset] (rows of a matrix), zero beyond the page's edges."""
    out = np.zeros_like(values)
    if offset > 0:
        out[:-offset] = values[offset:]
    elif offset < 0:
        out[-offset:] = values[:offset]
    return out
