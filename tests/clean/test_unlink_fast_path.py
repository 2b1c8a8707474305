"""``unlink_spans`` passes plain one-line links over in one step; the result is the same as looking at each bracket.

The fast path (``markup._SIMPLE_LINK``) skips a link the line converter reads anyway.
With it switched off (a pattern that never matches) every bracket goes through the
full checks; both must give the same text and the same link spans, on links nested,
escaped, spanning lines, with spaces, parentheses or ``data:`` in their URLs.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.clean import markup

NEVER = re.compile(r"(?!)")

PIECES = st.sampled_from([
    "[", "]", "(", ")", "![", "](", "\\[", "\\]", "\n", "\n\n", " ", "word", "https://example.org/a",
    "data:image/png;base64,AAAA", "[text](https://example.org/x)", "[a b](u v)", "![alt](img.png)",
    "[x](#top)", "[](u)", "[p](a(b)c)", "mailto:x@example.org", "](", "[[n]](u)",
])


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast_text, fast = markup.unlink_spans(text)
    with monkeypatch.context() as patch:
        patch.setattr(markup, "_SIMPLE_LINK", NEVER)
        slow_text, slow = markup.unlink_spans(text)
    assert fast_text == slow_text
    assert (fast.urls, fast.count, fast.chars, fast.cut) == (slow.urls, slow.count, slow.chars, slow.cut)


def test_a_page_of_links(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Read [the report](https://example.org/r) and [the\nnotes](https://example.org/n).\n"
            "![a chart](https://example.org/c.png) [spaced](https://example.org/a b) [x](data:text/plain,hi)\n"
            "[outer [inner](https://example.org/i) text\nmore](https://example.org/o) \\[not a link](x)")
    _both(text, monkeypatch)
    assert markup.unlink_spans(text)[0].count("\n") == text.count("\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES, max_size=30))
def test_random_bracket_soup(monkeypatch: pytest.MonkeyPatch, pieces: list[str]) -> None:
    _both("".join(pieces), monkeypatch)
