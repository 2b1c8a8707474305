"""Words of a text, also in scripts written without spaces between words.

``count_words`` is the one word count docmill uses: a document's ``word_count``,
the prose and article-length tests of the cleaning rules and the dedup tokens all
agree on it.

- Text in scripts that separate words with spaces (Latin, Cyrillic, Greek, Arabic,
  Hebrew, Devanagari, Hangul…) is counted as whitespace-separated tokens, exactly
  ``len(text.split())``.
- Han ideographs, hiragana and katakana, and Thai, Lao, Khmer and Myanmar letters
  are written without spaces between words: each such character counts as one word
  (the usual convention for Chinese and Japanese, where a word is one to three
  characters; for Thai and its neighbours, whose words run longer, an overcount by
  a small factor, but in the right order of magnitude). Combining marks (vowel signs,
  tone marks) count as nothing, and CJK punctuation separates like a space.

No segmenter is installed; counting characters needs none and is stable across
versions, which a refresh key requires.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Characters of scripts written without spaces: each is a word of its own.
NO_SPACE_CHARS = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK unified ideographs extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U0003134f"  # CJK unified ideographs extensions B-G
)
#: CJK punctuation and full-width symbols: separators, like a space.
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
#: One character of a script written without spaces (its pattern, for other modules too).
NO_SPACE = _NO_SPACE = re.compile(f"[{NO_SPACE_CHARS}]")
_TOKEN = re.compile(f"[{NO_SPACE_CHARS}]|[^\\s{NO_SPACE_CHARS}{_CJK_PUNCT}]+")


def word_tokens(text: str) -> list[str]:
    """The words ``count_words`` counts: whitespace tokens, and single characters of
    scripts without spaces (combining marks dropped).

    A whitespace token without such characters is one word, wherever it stands, so the
    words of two texts joined by a space are the words of each; inside a token that has
    them, CJK punctuation separates words as a space would.
    """
    if not _NO_SPACE.search(text):
        return text.split()
    words: list[str] = []
    for chunk in text.split():
        if not _NO_SPACE.search(chunk):
            words.append(chunk)
            continue
        words += [token for token in _TOKEN.findall(chunk)
                  if len(token) > 1 or not unicodedata.category(token).startswith("M")]
    return words


#: Scripts whose words run long (Thai, Lao, Khmer, Myanmar): about four characters a word.
_LONG_WORDS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def estimated_words(text: str) -> int:
    """About as many words as a reader of the language would count: ``count_words``, with the
    characters of a script written without spaces taken as about two a word (Chinese,
    Japanese) or four (Thai, Lao, Khmer, Myanmar). For a line's shape (a headline or a
    paragraph, a short line or prose), never for a document's ``word_count``. Lines are
    remembered as ``count_words`` remembers them."""
    if text.isascii():
        return len(text.split())
    return _estimated_cached(text) if len(text) <= _CACHED_CHARS else _estimated(text)


def _estimated(text: str) -> int:
    if not _NO_SPACE.search(text):
        return len(text.split())
    tokens = word_tokens(text)
    single = [token for token in tokens if len(token) == 1 and _NO_SPACE.match(token)]
    long = sum(1 for token in single if _LONG_WORDS.match(token))
    return len(tokens) - len(single) + (len(single) - long + 1) // 2 + (long + 3) // 4


def count_words(text: str) -> int:
    """How many words ``text`` holds; ``len(text.split())`` for text with spaces between words.

    The cleaning rules ask about the same line several times (is it prose, how many
    words has it): lines up to ``_CACHED_CHARS`` characters are counted once and
    remembered (the last ``_CACHED_TEXTS`` of them), longer texts are counted each time.
    """
    if len(text) > _CACHED_CHARS:
        return _count(text)
    return _count_cached(text)


_CACHED_CHARS = 2000
_CACHED_TEXTS = 1 << 16


def _count(text: str) -> int:
    if text.isascii() or not _NO_SPACE.search(text):
        return len(text.split())
    return len(word_tokens(text))


_count_cached = functools.lru_cache(maxsize=_CACHED_TEXTS)(_count)
_estimated_cached = functools.lru_cache(maxsize=_CACHED_TEXTS)(_estimated)
