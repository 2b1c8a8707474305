"""Properties of the cleaner: idempotent, no markup left, nothing lost without a trace.

Escaped emphasis characters (``\\_x\\_``) are left out of the generated debris on
purpose: the body keeps them as the literal ``_x_``, which a second pass would read as
emphasis; markdown itself is ambiguous there (see README, known limitations).
"""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.clean.boilerplate import clean_text
from flows.clean.pipeline import compiled, process_file
from flows.model import RawFile
from flows.store.config import load_config

config = load_config()

WORDS = st.sampled_from([
    "the", "council", "voted", "on", "a", "new", "budget", "for", "schools", "and", "roads",
    "after", "long", "debate", "residents", "asked", "questions", "about", "parking", "while",
    "the", "mayor", "promised", "answers",
])
SENTENCE = st.lists(WORDS, min_size=6, max_size=25).map(lambda w: " ".join(w).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=5).map(" ".join)
DEBRIS = st.sampled_from([
    "Share", "Share this:", "[Donate](#)", "Copyright © Example Press - All rights reserved",
    "inc_footer_dist", "{loadposition user9}", "<div class=\"x\">", "</span>", "&nbsp;",
    "This email address is being protected from spambots. You need JavaScript enabled to view it.",
    "Read more »", "Tags: a, b", "* * *", "**bold** and _it_ \\(x\\)", "[a link](https://e.org/x)",
    "![img](https://e.org/i.png)", "class=\"ext\" rel=\"nofollow\">", "Page 3 of 9", "---", "# Heading",
])
DOCUMENT = st.lists(st.one_of(PARAGRAPH, PARAGRAPH, DEBRIS), min_size=1, max_size=12).map("\n\n".join)

MARKUP = re.compile(r"\]\(|\\[_\[\]()*#]|</?[a-zA-Z][^>]*>|^#", re.MULTILINE)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(DOCUMENT)
def test_body_has_no_markup(text: str) -> None:
    for record in process_file(RawFile("x.md", text.encode()), config).documents:
        assert not MARKUP.search(record["body"]), record["body"]


def _cleaned(text: str, rules) -> str:  # type: ignore[no-untyped-def]
    """Kept lines written back as markdown (headings keep their marker)."""
    return "\n\n".join(("#" * line.heading + " " if line.heading else "") + line.text
                       for line in clean_text(text, rules).lines if line.kept)


@SETTINGS
@given(DOCUMENT)
def test_cleaning_is_idempotent(text: str) -> None:
    rules, _ = compiled(config, "default")
    once = _cleaned(text, rules)
    assert _cleaned(once, rules) == once


@SETTINGS
@given(DOCUMENT)
def test_no_line_disappears_without_a_trace(text: str) -> None:
    result = process_file(RawFile("x.md", text.encode()), config)
    kept = " ".join(
        " ".join(filter(None, [r["body"], r["title"] or "", r["subtitle"] or "", r["author_bio"] or "",
                               " ".join(r["authors"]), r["publisher"] or "", r["section"] or "",
                               r["url"] or "", str(r["date_published"] or ""), " ".join(r["links"]),
                               " ".join(x["text"] for x in r["removed"])]))
        for r in result.documents
    )
    kept_words = set(re.findall(r"[^\W\d_]+", kept.lower()))
    if not result.documents:
        assert result.rejections
        return
    for line in text.split("\n"):
        line = re.sub(r"<[^>]*>", " ", html.unescape(line))  # markup is not words
        words = set(re.findall(r"[^\W\d_]{3,}", line.lower()))
        missing = words - kept_words
        assert not missing, (line, missing)
