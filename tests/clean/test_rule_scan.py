"""Rules matched over a whole file's lines at once find exactly what one search per line finds.

``RuleSet.candidates_by_line`` scans the joined lines once per rule (multi-line mode,
no match across a newline); ``RuleSet.candidates`` searches one text. Every rule of
the rule files, its own examples and counter-examples as lines (alone, next to each
other, with blank and newline-holding lines between), and random lines must give the
same candidates both ways.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.clean.rules import KINDS, RuleSet, compile_multiline, compile_rules
from flows.store.config import load_rules

RULES = load_rules()
RULESET = compile_rules(RULES)
PATTERN_KINDS = [kind for kind in KINDS if kind != "structural"]
EXAMPLES = [text for rule in RULES for text in [*rule.get("examples", []), *rule.get("counter_examples", [])]]


def per_line(rules: RuleSet, kind: str, texts: list[str]) -> dict[int, tuple[object, ...]]:
    found = {i: rules.candidates(kind, text) for i, text in enumerate(texts)}
    return {i: hits for i, hits in found.items() if hits}


def test_the_examples_of_every_rule_as_the_lines_of_one_file() -> None:
    texts = [piece for text in EXAMPLES for piece in (text, "", f"  {text}  ", text.upper())]
    for kind in PATTERN_KINDS:
        found = RULESET.candidates_by_line(kind, texts)
        assert found == per_line(RULESET, kind, texts), kind
    assert RULESET.candidates_by_line("line", texts)  # the examples do match


def test_a_line_holding_a_newline_is_searched_on_its_own() -> None:
    # "^Share$" must not match the pieces of "Share\nnow" (one line of the file) separately
    texts = ["A sentence of text.", "Share\nTweet", "Share", "Tweet"]
    found = RULESET.candidates_by_line("line", texts)
    assert found == per_line(RULESET, "line", texts)
    assert 2 in found and 3 in found


def test_anchors_of_the_whole_text_keep_their_meaning() -> None:
    rules = compile_rules([{"name": "starts", "kind": "line", "pattern": r"\Afoo"},
                           {"name": "ends", "kind": "line", "pattern": r"bar\z"},
                           {"name": "no-multiline", "kind": "line", "pattern": r"(?-m)^baz$"}])
    assert all(rule.multiline is None for rule in rules.line_rules)
    texts = ["foo bar", "x foo", "bar x", "baz", "a baz"]
    assert rules.candidates_by_line("line", texts) == per_line(rules, "line", texts)
    assert compile_multiline(r"^x(?i)y$") is not None


LINE = st.text(st.sampled_from(list("ab Sshare©|·-_=#*:.!?0123456789éÉ»\t\n(c)")), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINE, st.sampled_from(EXAMPLES)), max_size=12))
def test_random_lines(texts: list[str]) -> None:
    for kind in PATTERN_KINDS:
        assert RULESET.candidates_by_line(kind, texts) == per_line(RULESET, kind, texts)
