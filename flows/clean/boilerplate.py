"""Cleaning: markup to structure, then boilerplate rules, every removal recorded.

``clean_text`` turns repaired text into ``Line`` objects. Lines the rules remove stay
in the list with ``removed_by`` set, so later stages (splitting, metadata, explain)
still see where they were; ``kept`` lines are what the document is built from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.clean import heuristics
from flows.clean.markup import SETEXT, Converted, convert_line, finish_line
from flows.clean.rules import Rule, RuleSet
from flows.model import Line, Removal


@dataclass(slots=True)
class Cleaned:
    """The lines of one file after cleaning, with what was removed and offered."""

    lines: list[Line]
    removals: list[Removal] = field(default_factory=list)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line no, url)
    offers: list[tuple[int, str, str]] = field(default_factory=list)  # (line no, field, value)

    def remove(self, line: Line, rule: str) -> None:
        """Mark a whole line removed by ``rule`` and record it."""
        if line.removed_by is None and line.meta is None and not line.blank:
            self.removals.append(Removal(rule, line.text, line.no))
        line.removed_by = rule


def clean_text(text: str, rules: RuleSet) -> Cleaned:
    """Convert markup and apply every enabled rule to ``text``."""
    cleaned = Cleaned(lines=[])
    raw_lines = text.split("\n")
    for no, raw in enumerate(raw_lines):
        cleaned.lines.append(_convert(no, raw, rules, cleaned))
    _setext_headings(cleaned.lines, raw_lines)
    if rules.enabled("front-matter"):
        heuristics.front_matter(cleaned)
    if rules.enabled("mail-headers"):
        heuristics.mail_headers(cleaned, rules.params("mail-headers"))
    _apply_line_rules(cleaned, rules)
    _apply_block_rules(cleaned, rules)
    _apply_paragraph_rules(cleaned, rules)
    if rules.enabled("link-dense"):
        heuristics.link_dense(cleaned, rules.params("link-dense"))
    if rules.enabled("running-header"):
        heuristics.running_headers(cleaned, rules.params("running-header"))
    return cleaned


def _convert(no: int, raw: str, rules: RuleSet, cleaned: Cleaned) -> Line:
    conv: Converted = convert_line(raw)
    if conv.text and rules.candidates("inline", conv.text):
        for rule in rules.inline_rules:  # all of them: one rule's cut can make another's match
            if conv.text:
                conv.text = _apply_inline(rule, conv, no, cleaned)
    finish_line(conv)
    for rule_name, cut in conv.cut:
        cleaned.removals.append(Removal(rule_name, cut, no))
    for url in conv.links:
        cleaned.links.append((no, url))
    return Line(
        no=no,
        text=conv.text,
        heading=conv.heading,
        emphasis=conv.emphasis,
        list_item=conv.list_item,
        links=conv.link_count,
        link_chars=conv.link_chars,
    )


def _apply_inline(rule: Rule, conv: Converted, no: int, cleaned: Cleaned) -> str:
    text = conv.text
    if not rule.pattern.search(text):
        return text
    for match in rule.pattern.finditer(text):
        if match.group(0).strip():
            conv.cut.append((rule.name, match.group(0).strip()))
    return str(rule.pattern.sub(rule.replace, text))


def _setext_headings(lines: list[Line], raw_lines: list[str]) -> None:
    """``Title`` over ``=====`` / ``-----`` (no blank line between) is a heading."""
    for i in range(1, len(lines)):
        if SETEXT.match(raw_lines[i]) and not lines[i - 1].blank and not lines[i - 1].heading:
            if i >= 2 and not lines[i - 2].blank:
                continue  # under a paragraph of several lines: a separator, not a heading
            lines[i - 1].heading = 1 if "=" in raw_lines[i] else 2
            lines[i].text = ""


def _apply_line_rules(cleaned: Cleaned, rules: RuleSet) -> None:
    for line in cleaned.lines:
        if line.blank or line.removed_by:
            continue
        rule = rules.match_line(line.text)
        if rule is None:
            continue
        if rule.name == "separator":
            line.separator = True
        _offer(cleaned, rule, line)
        cleaned.remove(line, rule.name)


def _offer(cleaned: Cleaned, rule: Rule, line: Line) -> None:
    if not rule.captures:
        return
    match = rule.pattern.search(line.text)
    if not match:
        return
    for name in rule.captures:
        value = match.group(name)
        if value and value.strip():
            cleaned.offers.append((line.no, name, value.strip()))


def _apply_block_rules(cleaned: Cleaned, rules: RuleSet) -> None:
    lines = cleaned.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        rule = None
        if not line.blank and line.removed_by is None:
            rule = next(
                (r for r in rules.candidates("block", line.text)
                 if r.max_chars is None or len(line.text) <= r.max_chars),
                None,
            )
        if rule is None:
            i += 1
            continue
        cleaned.remove(line, rule.name)
        i = _remove_block(cleaned, i + 1, rule)


def _remove_block(cleaned: Cleaned, start: int, rule: Rule) -> int:
    lines = cleaned.lines
    i = start
    while i < len(lines):
        line = lines[i]
        if line.separator or (rule.until != "end" and line.heading):
            break
        if rule.until == "paragraph" and line.blank:
            break
        if rule.until == "list" and not line.blank and heuristics.is_prose(line.text):
            break
        cleaned.remove(line, rule.name)
        i += 1
    return i


def _apply_paragraph_rules(cleaned: Cleaned, rules: RuleSet) -> None:
    if not rules.paragraph_rules:
        return
    for block in heuristics.blocks(cleaned.lines):
        text = " ".join(line.text for line in block)
        candidates = rules.candidates("paragraph", text)
        words = len(text.split()) if candidates else 0  # counted only when a rule could apply
        for rule in candidates:
            if rule.max_words is None or words <= rule.max_words:
                for line in block:
                    cleaned.remove(line, rule.name)
                break
