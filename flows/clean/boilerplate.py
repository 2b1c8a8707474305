"""Cleaning: markup to structure, then boilerplate rules, every removal recorded.

``clean_text`` turns repaired text into ``Line`` objects. Lines the rules remove stay
in the list with ``removed_by`` set, so later stages (splitting, metadata, explain)
still see where they were; ``kept`` lines are what the document is built from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.clean import contents, heuristics
from flows.clean.decode import PAGE_BREAK
from flows.clean.markup import Converted, LinkSpans, convert_line, finish_line, unlink_spans
from flows.clean.rules import Rule, RuleSet, first_fitting
from flows.clean.wordcount import count_words
from flows.model import Line, Removal


@dataclass(slots=True)
class Cleaned:
    """The lines of one file after cleaning, with what was removed and offered."""

    lines: list[Line]
    removals: list[Removal] = field(default_factory=list)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line no, url)
    anchors: list[tuple[int, str, str]] = field(default_factory=list)  # (line no, link text, url)
    offers: list[tuple[int, str, str]] = field(default_factory=list)  # (line no, field, value)

    def remove(self, line: Line, rule: str) -> None:
        """Mark a whole line removed by ``rule`` and record it."""
        if line.removed_by is None and line.meta is None and not line.blank:
            self.removals.append(Removal(rule, line.text, line.no))
        line.removed_by = rule


Heuristic = Callable[[Cleaned, Mapping[str, Any]], None]

#: The structural rules of the ``lines`` stage (``flows.clean.rules.STRUCTURAL``), in the
#: order they run: before the pattern rules, and after them.
BEFORE_PATTERNS: Mapping[str, Heuristic] = {
    "front-matter": heuristics.front_matter,
    "mail-headers": heuristics.mail_headers,
}
AFTER_PATTERNS: Mapping[str, Heuristic] = {
    "link-dense": heuristics.link_dense,
    "comment-thread": heuristics.comment_threads,
    "menu-run": heuristics.menu_runs,
    "table-of-contents": contents.table_of_contents,
    "running-header": heuristics.running_headers,
}


def clean_text(text: str, rules: RuleSet) -> Cleaned:
    """Convert markup and apply every enabled rule to ``text``."""
    cleaned = Cleaned(lines=[])
    text, spans = unlink_spans(text)
    raw_lines = text.split("\n")
    strip_tags = rules.enabled("html-tag")
    converted = [convert_line(raw, strip_tags=strip_tags) for raw in raw_lines]
    inline = rules.candidates_by_line("inline", [conv.text for conv in converted])
    url_text = rules.enabled("link-url-text")
    for no, conv in enumerate(converted):
        cleaned.lines.append(_finish(no, conv, inline.get(no, ()), rules, cleaned, spans, url_text))
        if raw_lines[no] == PAGE_BREAK:
            cleaned.lines[-1].page_break = True
    _setext_headings(cleaned.lines, raw_lines)
    if rules.enabled("code-block"):
        code_blocks(cleaned, raw_lines)
    for name, heuristic in BEFORE_PATTERNS.items():
        if rules.enabled(name):
            heuristic(cleaned, rules.params(name))
    _apply_line_rules(cleaned, rules)
    _apply_block_rules(cleaned, rules)
    _apply_paragraph_rules(cleaned, rules)
    for name, heuristic in AFTER_PATTERNS.items():
        if rules.enabled(name):
            heuristic(cleaned, rules.params(name))
    return cleaned


def _finish(no: int, conv: Converted, inline: tuple[Rule, ...], rules: RuleSet, cleaned: Cleaned,
            spans: LinkSpans, url_text: bool) -> Line:
    """The line ``no`` after inline rules (``inline``: those that occur in it) and markup."""
    if inline and conv.text:
        occurs = {rule.name for rule in inline}
        changed = False
        for rule in rules.inline_rules:  # in file order; after a cut, all the rest: a cut can make another match
            if conv.text and (changed or rule.name in occurs):
                text = _apply_inline(rule, conv, no, cleaned)
                changed = changed or text != conv.text
                conv.text = text
    if conv.text:  # an empty line has no markup left to finish
        finish_line(conv, url_text=url_text)
    if conv.cut or no in spans.cut:
        for rule_name, cut in [*spans.cut.get(no, ()), *conv.cut]:
            cleaned.removals.append(Removal(rule_name, cut, no))
    if conv.links or no in spans.urls:
        for url in [*spans.urls.get(no, ()), *conv.links]:
            cleaned.links.append((no, url))
        cleaned.anchors += [(no, label, url) for label, url in [*spans.anchors.get(no, ()), *conv.anchors]]
    return Line(
        no=no,
        text=conv.text,
        heading=conv.heading,
        emphasis=conv.emphasis,
        list_item=conv.list_item,
        links=conv.link_count + spans.count.get(no, 0),
        link_chars=conv.link_chars + spans.chars.get(no, 0),
    )


def _apply_inline(rule: Rule, conv: Converted, no: int, cleaned: Cleaned) -> str:
    text = conv.text
    found = [match.group(0).strip() for match in rule.pattern.finditer(text)]
    if not found:
        return text
    conv.cut.extend((rule.name, cut) for cut in found if cut)
    return str(rule.pattern.sub(rule.replace, text))


#: A backtick fence that opens a code block, with its info string ('```python').
_FENCE = re.compile(r"^ {0,3}(`{3,})[ \t]*[\w+#.-]{0,30}[ \t]*$")


def code_blocks(cleaned: Cleaned, raw_lines: list[str]) -> None:
    """Fenced code ('```python' … '```') is program text, not prose: its lines are marked
    ``code`` (rule ``code-block``), so none is read as a headline, a byline or a date. They
    stay in the body (an article's code is its text). A fence never closed is left alone,
    and so is what follows it (each line is looked at once or twice: linear)."""
    i = 0
    code: set[int] = set()
    while i < len(raw_lines):
        opening = _FENCE.match(raw_lines[i])
        if opening is None:
            i += 1
            continue
        fence = opening.group(1)
        close = next((j for j in range(i + 1, len(raw_lines)) if _closes(raw_lines[j], fence)), None)
        if close is None:
            break
        code.update(range(i, close + 1))
        for no in range(i + 1, close):  # as written: a '# comment' is no heading, '*p' no emphasis
            line = cleaned.lines[no]
            line.code, line.text, line.heading, line.list_item, line.emphasis = True, raw_lines[no].strip(), 0, False, False
        cleaned.lines[i].text = cleaned.lines[close].text = ""  # the fences
        i = close + 1
    if code:  # what markup and inline rules took out of a line of code is back in it
        cleaned.removals[:] = [removal for removal in cleaned.removals if removal.line not in code]


def _closes(raw: str, fence: str) -> bool:
    stripped = raw.strip()
    return len(stripped) >= len(fence) and stripped == "`" * len(stripped)


def _setext_headings(lines: list[Line], raw_lines: list[str]) -> None:
    """``Title`` over ``=====`` / ``-----`` (no blank line between) is a heading; so is a title
    between two equal ``=====`` lines at least as long as it (reStructuredText's overlined title).

    A document that underlines a title with another character ('####', '~~~~', '^^^^', at
    least as long as the title) is reStructuredText: there a heading's level is the order in
    which its adornment (its character, with an overline or not) first appears, whatever the
    character, so a title adorned with '#' is over its sections underlined with '='."""
    found: list[tuple[int, str, bool]] = []  # (index of the underline, its character, overlined)
    for i in range(1, len(lines)):
        if _ADORNMENT.match(raw_lines[i]) is None or lines[i - 1].blank or lines[i - 1].heading:
            continue
        rule = raw_lines[i].strip()
        char = rule[0]
        long_enough = len(rule) >= len(lines[i - 1].text)
        if char not in "=-" and not long_enough:
            continue
        # an overline: as long as the title ('---' pairs frame lines in markdown: '=' only there)
        over = i >= 2 and raw_lines[i - 2].strip() == rule and long_enough and char != "-"
        if i >= 2 and not lines[i - 2].blank and not over:
            continue  # under a paragraph of several lines: a separator, not a heading
        if char in "*_" and not over:
            continue  # a markdown thematic break under a line ('***'), unless it frames the title as an overline does
        found.append((i, char, over))
    restructured = any(char not in "=-" for _, char, _ in found)
    styles: list[tuple[str, bool]] = []
    for i, char, over in found:
        if restructured:
            if (char, over) not in styles:
                styles.append((char, over))
            level = min(styles.index((char, over)) + 1, 6)
        else:
            level = 1 if char == "=" else 2
        lines[i - 1].heading = level
        lines[i].text = ""
        if over:
            lines[i - 2].text = ""


#: A reStructuredText adornment line: one punctuation character repeated (three at least).
_ADORNMENT = re.compile(r"^\s*([=\-`:'\"~^_*+#<>])\1{2,}\s*$")


def _apply_line_rules(cleaned: Cleaned, rules: RuleSet) -> None:
    """Each line rule on each line; a list item no rule takes as it is written is read again
    without its mark ('- Text is available under …' as 'Text is available under …'), as a
    rule anchored at the line's start expects. ('- 142 -', a page number set between dashes,
    reads as a list item too: as written, a rule takes it first.)"""
    lines = cleaned.lines
    texts = [line.text for line in lines]
    _apply_line_rules_to(cleaned, rules, texts)
    unmarked = [line.text[2:] if line.list_item and line.kept and line.text.startswith("- ")
                and count_words(line.text) >= _SENTENCE_ITEM_WORDS else "" for line in lines]
    if any(unmarked):  # most files hold no such item: no second scan
        _apply_line_rules_to(cleaned, rules, unmarked, offers=False)  # a menu's item names no section


#: The fewest words of a list item read again without its mark: a sentence set as an item (a
#: licence, a disclosure, a prompt). A menu's or a share row's items are left to the rules
#: that read them as a run (``menu-run``): one of them taken alone would leave the others
#: stranded, the last a "section" over the headline.
_SENTENCE_ITEM_WORDS = 4


def _apply_line_rules_to(cleaned: Cleaned, rules: RuleSet, texts: list[str], offers: bool = True) -> None:
    lines = cleaned.lines
    for no, candidates in sorted(rules.candidates_by_line("line", texts).items()):
        line = lines[no]
        if line.blank or line.removed_by or not texts[no]:
            continue
        # the first rule in file order whose pattern occurs in the line and that fits its length
        rule = first_fitting(candidates, texts[no])
        if rule is None:
            continue
        if rule.name == "separator":
            line.separator = True
        if offers:
            _offer(cleaned, rule, line, texts[no])
        cleaned.remove(line, rule.name)


def _offer(cleaned: Cleaned, rule: Rule, line: Line, text: str) -> None:
    if not rule.captures:
        return
    match = rule.pattern.search(text)
    if not match:
        return
    for name in rule.captures:
        value = match.group(name)
        if value and value.strip():
            cleaned.offers.append((line.no, name, value.strip()))


def _apply_block_rules(cleaned: Cleaned, rules: RuleSet) -> None:
    lines = cleaned.lines
    starts = rules.candidates_by_line("block", [line.text for line in lines])  # texts no longer change here
    if not starts:
        return
    guard: _EndGuard | None = None  # built on the first block to the end (most files have none)
    i = 0
    while i < len(lines):
        line = lines[i]
        rule = None
        if i in starts and not line.blank and (line.removed_by is None or line.heading):  # "## 3 Comments" too
            rule = first_fitting(starts[i], line.text)
        if rule is not None and rule.until == "end":
            guard = guard or _EndGuard(lines)
            if not guard.ends_article(i, rule):
                rule = None
        if rule is None:
            i += 1
            continue
        cleaned.remove(line, rule.name)
        i = _remove_block(cleaned, i + 1, rule)


class _EndGuard:
    """May a block that runs to the end start at line ``index``?

    Only when the prose it would cut is at most ``max_cut_ratio`` times the prose above
    it (a quarter of that from a link line: a "71 comments" link at the top is no
    comment section): it never removes the article's own text. Linear over a file:
    prose words above are summed as the scan moves on, those below (to the next
    separator) once, from the end.
    """

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.prose = [heuristics.words(line.text) if line.kept and not line.heading and heuristics.is_prose(line.text)
                      else 0 for line in lines]
        self.below = [0] * (len(lines) + 1)  # prose from a line to the next separator
        for j in range(len(lines) - 1, -1, -1):
            self.below[j] = 0 if lines[j].separator else self.prose[j] + self.below[j + 1]
        self.position, self.above = 0, 0

    def ends_article(self, index: int, rule: Rule) -> bool:
        if rule.max_cut_ratio is None:
            return True
        for j in range(self.position, index):  # lines a block removed meanwhile no longer count
            if self.lines[j].kept:
                self.above += self.prose[j]
        self.position = max(self.position, index)
        line = self.lines[index]
        ratio = rule.max_cut_ratio
        if line.links and line.link_chars * 2 >= sum(map(str.isalnum, line.text)):
            ratio /= 4
        return self.below[index + 1] <= ratio * self.above


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
    blocks = list(heuristics.blocks(cleaned.lines))  # removing a block's lines changes no other block
    texts = [" ".join(line.text for line in block) for block in blocks]
    for number, candidates in sorted(rules.candidates_by_line("paragraph", texts).items()):
        block = blocks[number]
        words = heuristics.words(texts[number])  # counted only when a rule could apply
        for rule in candidates:
            if rule.max_words is None or words <= rule.max_words:
                for line in block:
                    cleaned.remove(line, rule.name)
                break
