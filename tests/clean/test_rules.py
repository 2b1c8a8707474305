"""Every rule in the rule files: examples match, counter-examples don't, names are unique."""

from __future__ import annotations

import time

import pytest
import re2

from flows.clean.rules import compile_rules
from flows.errors import RuleError
from flows.store.config import load_content_model, load_rules

RULES = load_rules()


def test_names_are_unique_and_described() -> None:
    names = [r["name"] for r in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert rule.get("description"), rule["name"]


@pytest.mark.parametrize("rule", [r for r in RULES if r.get("pattern")], ids=lambda r: r["name"])
def test_examples(rule: dict) -> None:  # type: ignore[type-arg]
    pattern = re2.compile(rule["pattern"])
    assert rule.get("examples"), "every pattern rule needs examples"
    for example in rule["examples"]:
        assert pattern.search(example), example
        if rule.get("max_chars"):
            assert len(example) <= rule["max_chars"]
    for counter in rule.get("counter_examples", []):
        assert not pattern.search(counter) or (rule.get("max_chars") and len(counter) > rule["max_chars"]), counter


def test_a_pattern_re2_cannot_run_in_linear_time_is_refused() -> None:
    with pytest.raises(RuleError, match="not valid RE2"):
        compile_rules([{"name": "backref", "kind": "line", "pattern": r"(a+)\1"}])


def test_unknown_disabled_rule_is_an_error() -> None:
    with pytest.raises(RuleError, match="unknown"):
        compile_rules(RULES, disable=["no-such-rule"])


@pytest.mark.parametrize("rule", [r for r in RULES if r.get("pattern")], ids=lambda r: r["name"])
def test_adversarial_input_runs_in_linear_time(rule: dict) -> None:  # type: ignore[type-arg]
    pattern = re2.compile(rule["pattern"])
    for hostile in ("a" * 200_000, " " * 200_000, "(" * 100_000 + "x", "-" * 100_000 + "\\" * 1000):
        start = time.perf_counter()
        pattern.search(hostile)
        assert time.perf_counter() - start < 2.0


#: The largest RE2 program a rule's pattern may compile to. Past about 19,000 instructions
#: (a subscribe-prompt of 1,800 characters) RE2's DFA runs out of its memory budget on real
#: pages: it logs "DFA out of memory" and falls back to a slower matcher. Split such a rule.
MAX_PROGRAM_SIZE = 16_000


@pytest.mark.parametrize("rule", [r for r in RULES if r.get("pattern")], ids=lambda r: r["name"])
def test_a_pattern_stays_small_enough_for_re2s_dfa(rule: dict) -> None:  # type: ignore[type-arg]
    assert re2.compile(rule["pattern"]).programsize <= MAX_PROGRAM_SIZE, "split this rule in two"


def test_every_rule_name_in_the_golden_outputs_is_declared() -> None:
    import json
    from pathlib import Path

    declared = {r["name"] for r in RULES} | {load_content_model()[0]["name"]}  # the model's rule: content_model.json
    tests = Path(__file__).resolve().parent.parent
    used = set()
    for path in [*tests.glob("golden/*.json"), *tests.glob("cases/*/expected.json")]:
        for doc in json.loads(path.read_text())["documents"]:
            used |= {r["rule"] for r in doc["removed"]}
    assert used, "no golden outputs found"
    assert used <= declared, sorted(used - declared)


def _alternatives(pattern: str, close: int) -> list[str]:
    """The top-level alternatives of the group that ends at ``pattern[close]`` (a ')')."""
    depth, start = 0, close
    while start >= 0:
        escaped = start > 0 and pattern[start - 1] == "\\"
        depth += (pattern[start] == ")" and not escaped) - (pattern[start] == "(" and not escaped)
        if depth == 0:
            break
        start -= 1
    inner = pattern[start + 1:close].removeprefix("?:")
    parts, depth, current = [], 0, ""
    for at, char in enumerate(inner):
        escaped = at > 0 and inner[at - 1] == "\\"
        depth += (char == "(" and not escaped) - (char == ")" and not escaped)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


@pytest.mark.parametrize("rule", [r for r in RULES if r.get("pattern")], ids=lambda r: r["name"])
def test_no_word_boundary_follows_a_letter_outside_ascii(rule: dict) -> None:  # type: ignore[type-arg]
    """RE2's ``\\b`` knows ASCII words only: after 'butlletí' or 'università' it never matches
    before a space, and the rule silently reads nothing in that language."""
    pattern = rule["pattern"]
    for at in range(1, len(pattern) - 1):
        if pattern[at:at + 2] != "\\b" or pattern[at - 1] == "\\":
            continue
        before = pattern[at - 1]
        ends = _alternatives(pattern, at - 1) if before == ")" else [before]
        assert not any(end and end[-1].isalpha() and not end[-1].isascii() for end in ends), pattern[max(0, at - 40):at + 2]
