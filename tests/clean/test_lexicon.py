"""The content model's words: tokens, the per-block lexical term, its effect on the score."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from flows.clean.blocks import FEATURES, block_features
from flows.clean.content import ContentModel
from flows.clean.lexicon import NUMBER, lexical_terms, tokens
from flows.model import Line

WEIGHTS = Path(__file__).resolve().parents[2] / "flows" / "rules" / "content_model.json"


def test_tokens_are_distinct_lower_case_words_with_numbers_folded() -> None:
    assert tokens("Sign up, SIGN up: 3 issues a week, since 2024") == {"sign", "up", NUMBER, "issues", "a", "week",
                                                                      "since"}
    assert tokens("Größe 12cm — Straße") == {"größe", NUMBER, "straße"}
    assert tokens("··· | »") == set()


def test_the_lexical_term_is_the_known_weights_over_the_root_of_their_number() -> None:
    weights = {"subscribe": -2.0, "newsletter": -1.0, "river": 0.5}
    terms = lexical_terms(["Subscribe to the newsletter", "The river rose", "nothing known here", ""], weights)
    assert np.allclose(terms, [-3.0 / math.sqrt(2), 0.5, 0.0, 0.0])


@given(st.lists(st.text(max_size=40), max_size=8))
def test_repeating_a_word_does_not_change_the_term(texts: list[str]) -> None:
    weights = {"a": 1.0, "b": -0.5, NUMBER: 0.25}
    assert np.allclose(lexical_terms(texts, weights), lexical_terms([t + " " + t for t in texts], weights))


def test_a_word_weight_moves_the_block_score_and_only_that_block() -> None:
    lines = [Line(i, text) for i, text in enumerate(
        ["A long paragraph about the river and the bridge that the council approved last week.",
         "Sign up for the newsletter", "Another paragraph about the works on the bridge and the river banks."])]
    index, features = block_features(lines)
    texts = [lines[i].text for i in index]
    plain = ContentModel(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES)), 0.0, {})
    worded = ContentModel(plain.mean, plain.scale, plain.weight, 0.0, {"newsletter": -4.0})
    before, after = plain.probabilities(features, texts), worded.probabilities(features, texts)
    assert np.allclose(before, 0.5)
    assert after[1] < 0.05 and np.allclose(after[[0, 2]], 0.5)
    assert np.allclose(worded.probabilities(features), before)  # without texts, words play no part


def test_the_shipped_word_weights_are_plain_numbers_on_plain_words() -> None:
    model = json.loads(WEIGHTS.read_text(encoding="utf-8"))["model"]
    words = model.get("tokens", {})
    assert all(isinstance(w, str) and tokens(w) == {w} for w in words)
    assert all(isinstance(v, float | int) and abs(v) < 10 for v in words.values())
