"""Boilerplate rules as data: compile rule records into a fast, linear-time rule set.

Rules come from TOML files (``flows/rules/*.toml``, and per-source additions); the
io layer reads and schema-checks them, this module compiles them. Every pattern is
compiled with RE2, which runs in linear time: a pattern RE2 cannot compile
(backreferences, lookaround) is refused with ``RuleError``, so no rule a maintainer
writes can hang a run.

The rules of each kind are also compiled together into one ``re2.Set``, matched on
the text's UTF-8 bytes: one pass tells which rules can apply to a single text
(``candidates``; ``first_fitting`` then picks the line rule that applies).

The lines of a file are matched all at once instead (``candidates_by_line``): each
pattern is also compiled in multi-line mode with ``never_nl`` (``^`` and ``$`` at
line ends, no character class or ``.`` crossing a newline), so one scan of the
file's lines joined by newlines finds exactly the lines whose own text the pattern
occurs in. A set over many patterns is a poor fit for that: its DFA holds the
product of every pattern's states, outgrows RE2's memory budget on real pages and is
rebuilt again and again, while one small DFA per pattern stays small and fast.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import re2

from flows.config import SourceSettings
from flows.errors import RuleError

KINDS = ("line", "block", "paragraph", "inline", "structural")
BLOCK_UNTIL = ("paragraph", "list", "end")
CAPTURE_FIELDS = ("publisher", "section", "url")


@dataclass(frozen=True, slots=True)
class Step:
    """Where a structural rule acts: its stage, the function that implements it, the params it reads.

    Every ``kind = "structural"`` rule of a rule file must have an entry in
    ``STRUCTURAL`` and give exactly the params listed there (no defaults in code): a
    disable takes effect, and the params in the file are the ones used.
    """

    stage: str  # html, markup, lines, split, metadata, document
    function: str  # dotted path of the function that applies the rule
    params: tuple[str, ...] = ()


#: The one registry of structural rules: name in the rule file → stage, function, params.
STRUCTURAL: Mapping[str, Step] = {
    "html-boilerplate": Step("html", "flows.clean.htmlpage.extract_html", ("editor_notes",)),
    "html-tag": Step("markup", "flows.clean.markup.strip_html_tags"),
    "link-url-text": Step("markup", "flows.clean.markup.convert_links"),
    "code-block": Step("markup", "flows.clean.boilerplate.code_blocks"),
    "front-matter": Step("lines", "flows.clean.heuristics.front_matter", ("fields",)),
    "mail-headers": Step("lines", "flows.clean.heuristics.mail_headers",
                         ("min_lines", "head_lines", "header_names", "start_names",
                          "publication_joiners", "list_joiners")),
    "link-dense": Step("lines", "flows.clean.heuristics.link_dense",
                       ("min_links", "min_link_share", "run_min_lines", "run_max_words")),
    "menu-run": Step("lines", "flows.clean.heuristics.menu_runs", ("min_lines", "max_words")),
    "table-of-contents": Step("lines", "flows.clean.contents.table_of_contents",
                              ("min_lines", "max_words", "min_share", "labels")),
    "comment-thread": Step("lines", "flows.clean.heuristics.comment_threads", ("min_comments", "say_words")),
    "running-header": Step("lines", "flows.clean.heuristics.running_headers", ("min_repeats", "min_page_repeats", "max_chars")),
    "article-split": Step("split", "flows.clean.segment.split_articles", ("min_words", "min_items", "min_headed_words")),
    "non-article-part": Step("split", "flows.clean.segment.drop_non_articles", ("min_prose_words", "min_headed_prose_words")),
    "masthead": Step("metadata", "flows.clean.metadata._plain_title"),
    "dateline": Step("metadata", "flows.clean.metadata._read_dateline"),
    "author-bio": Step("metadata", "flows.clean.metadata._read_bio", ("max_words",)),
    "duplicate-title": Step("document", "flows.clean.pipeline._post_metadata_rules"),
    "dangling-fragment": Step("document", "flows.clean.pipeline._post_metadata_rules"),
    "content-model": Step("document", "flows.clean.content.remove_boilerplate",
                          ("threshold", "keep_outside", "drop_inside", "min_blocks", "min_region_words",
                           "html_keep_outside", "html_drop_inside")),
}

@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule."""

    name: str
    kind: str
    cls: str
    description: str
    pattern: Any = None  # compiled re2 pattern
    multiline: Any = None  # the same over lines joined by newlines (bytes), or None: see ``candidates_by_line``
    max_chars: int | None = None
    max_words: int | None = None
    until: str = "paragraph"
    max_cut_ratio: float | None = None  # block rules to the end: cut prose at most this times the prose above
    replace: str = ""
    captures: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)


def first_fitting(candidates: Iterable[Rule], text: str) -> Rule | None:
    """The first of ``candidates`` (rules whose pattern occurs in ``text``) that ``text`` is short enough for."""
    return next((rule for rule in candidates if rule.max_chars is None or len(text) <= rule.max_chars), None)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The compiled, enabled rules of one source, grouped by kind."""

    rules: tuple[Rule, ...]
    fingerprint: str
    line_rules: tuple[Rule, ...]
    line_set: Any  # re2.Set over the patterns of line_rules, index = position
    block_rules: tuple[Rule, ...]
    block_set: Any
    paragraph_rules: tuple[Rule, ...]
    paragraph_set: Any
    inline_rules: tuple[Rule, ...]
    inline_set: Any
    structural: Mapping[str, Mapping[str, Any]]

    def enabled(self, name: str) -> bool:
        """Is the structural rule ``name`` on for this source?"""
        return name in self.structural

    def params(self, name: str) -> Mapping[str, Any]:
        """The params of an enabled structural rule, as written in its rule file."""
        return self.structural[name]

    def candidates(self, kind: str, text: str) -> tuple[Rule, ...]:
        """The rules of ``kind`` (line, block, paragraph, inline) whose pattern occurs in ``text``, in file order."""
        rules: tuple[Rule, ...] = getattr(self, f"{kind}_rules")
        return tuple(rules[i] for i in self.candidates_indices(kind, text))

    def candidates_by_line(self, kind: str, texts: Sequence[str]) -> dict[int, tuple[Rule, ...]]:
        """``candidates(kind, text)`` of every text of ``texts`` (a file's lines), only those with any.

        One scan of the joined lines per rule; a text that holds a newline itself, or
        a rule without a multi-line form, is searched on its own.
        """
        rules: tuple[Rule, ...] = getattr(self, f"{kind}_rules")
        found: dict[int, list[int]] = {}
        if not rules or not texts:
            return {}
        joined = "\n".join(texts)
        alone: dict[int, list[int]] = {}
        if joined.count("\n") >= len(texts):  # some text holds a newline of its own
            alone = {i: self.candidates_indices(kind, text) for i, text in enumerate(texts) if "\n" in text}
            texts = ["" if i in alone else text for i, text in enumerate(texts)]
            joined = "\n".join(texts)
        data = joined.encode("utf-8")
        for number, rule in enumerate(rules):
            if rule.multiline is None:
                for i, text in enumerate(texts):
                    if text and rule.pattern.search(text):
                        found.setdefault(i, []).append(number)
                continue
            i = seen = 0  # a match's line: the newlines before it, counted on from the previous match
            for match in rule.multiline.finditer(data):
                i += data.count(b"\n", seen, match.start())
                seen = match.start()
                hits = found.setdefault(i, [])
                if not hits or hits[-1] != number:
                    hits.append(number)
        found.update((i, numbers) for i, numbers in alone.items())
        return {i: tuple(rules[n] for n in sorted(numbers)) for i, numbers in found.items() if numbers}

    def candidates_indices(self, kind: str, text: str) -> list[int]:
        """Positions (in the rules of ``kind``) of the rules whose pattern occurs in ``text``."""
        if not getattr(self, f"{kind}_rules"):
            return []
        return sorted(getattr(self, f"{kind}_set").Match(text.encode("utf-8")) or ())


#: Pattern syntax whose meaning changes when lines are joined: text-start and text-end
#: anchors, turning multi-line mode off, any single byte.
_WHOLE_TEXT_ONLY = re.compile(r"\\[AzC]|\(\?[a-zA-Z]*-[a-zA-Z]*m")


def compile_multiline(pattern: str) -> Any:
    """``pattern`` for lines joined by newlines (bytes): a match never crosses a newline and
    ``^`` / ``$`` hold at every line's ends, so a line's matches are those of its own text;
    None when the pattern's syntax would mean something else there."""
    if _WHOLE_TEXT_ONLY.search(pattern):
        return None
    options = re2.Options()
    options.never_nl = True
    return re2.compile(("(?m)" + pattern).encode("utf-8"), options)


#: Memory RE2 may give one rule set's automaton (its default, 8 MiB, no longer holds every
#: line rule's alternatives at once).
SET_MAX_MEM = 64 << 20


def _search_set(rules: Sequence[Rule]) -> Any:
    """One RE2 set that searches for every pattern of ``rules`` at once (index = position)."""
    options = re2.Options()
    options.max_mem = SET_MAX_MEM
    found = re2.Set.SearchSet(options)
    for rule in rules:
        found.Add(rule.pattern.pattern)
    found.Compile()
    return found


def compile_pattern(name: str, pattern: str) -> Any:
    """Compile one RE2 pattern or raise ``RuleError`` naming the rule."""
    try:
        return re2.compile(pattern)
    except re2.error as exc:  # type: ignore[attr-defined]
        raise RuleError(f"rule {name!r}: pattern is not valid RE2 (linear-time) syntax: {exc}") from None


def compile_rules(
    records: Iterable[Mapping[str, Any]],
    disable: Sequence[str] = (),
) -> RuleSet:
    """Compile rule records (dicts as in the TOML files) into a ``RuleSet``.

    Later records with the same name replace earlier ones, so a source can override a
    global rule; names in ``disable`` are dropped. Unknown names in ``disable`` are an
    error: a typo must not silently keep a rule on.
    """
    by_name: dict[str, Mapping[str, Any]] = {}
    for record in records:
        name = record.get("name")
        if not name or not isinstance(name, str):
            raise RuleError(f"a rule has no name: {dict(record)!r}")
        kind = record.get("kind")
        if kind not in KINDS:
            raise RuleError(f"rule {name!r}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        by_name[name] = record
    unknown = sorted(set(disable) - set(by_name))
    if unknown:
        raise RuleError(f"cannot disable unknown rule(s): {', '.join(unknown)}")
    rules = [_compile_one(rec) for name, rec in by_name.items() if name not in set(disable)]
    line_rules = tuple(r for r in rules if r.kind == "line")
    block_rules = tuple(r for r in rules if r.kind == "block")
    paragraph_rules = tuple(r for r in rules if r.kind == "paragraph")
    inline_rules = tuple(r for r in rules if r.kind == "inline")
    fingerprint = hashlib.sha256(
        json.dumps([by_name[r.name] for r in rules], sort_keys=True, default=str).encode()
    ).hexdigest()[:16]
    return RuleSet(
        rules=tuple(rules),
        fingerprint=fingerprint,
        line_rules=line_rules,
        line_set=_search_set(line_rules),
        block_rules=block_rules,
        block_set=_search_set(block_rules),
        paragraph_rules=paragraph_rules,
        paragraph_set=_search_set(paragraph_rules),
        inline_rules=inline_rules,
        inline_set=_search_set(inline_rules),
        structural={r.name: dict(r.params) for r in rules if r.kind == "structural"},
    )



def compile_source_rules(rules: Sequence[Mapping[str, Any]], settings: SourceSettings) -> RuleSet:
    """The rule set one source runs with: the catalogue's rules, the source's own added, its
    disabled ones left out."""
    return compile_rules([*rules, *settings.rules_extra], disable=settings.rules_disable)

def _check_structural(name: str, record: Mapping[str, Any]) -> None:
    """A structural rule names a step in ``STRUCTURAL`` and gives exactly its params."""
    step = STRUCTURAL.get(name)
    if step is None:
        raise RuleError(f"structural rule {name!r} has no step in code (known: {', '.join(sorted(STRUCTURAL))})")
    params = record.get("params", {})
    if not isinstance(params, Mapping):
        raise RuleError(f"rule {name!r}: params must be a table")
    missing = sorted(set(step.params) - set(params))
    unknown = sorted(set(params) - set(step.params))
    if missing or unknown:
        raise RuleError(f"rule {name!r}: params must be exactly {', '.join(step.params) or '(none)'}"
                        + (f"; missing {', '.join(missing)}" if missing else "")
                        + (f"; unknown {', '.join(unknown)}" if unknown else ""))


def _compile_one(record: Mapping[str, Any]) -> Rule:
    name = str(record["name"])
    kind = str(record["kind"])
    pattern = multiline = None
    captures: tuple[str, ...] = ()
    if kind == "structural":
        _check_structural(name, record)
    else:
        source = record.get("pattern")
        if not isinstance(source, str) or not source:
            raise RuleError(f"rule {name!r}: kind {kind!r} needs a non-empty 'pattern'")
        pattern = compile_pattern(name, source)
        multiline = compile_multiline(source)
        captures = tuple(g for g in CAPTURE_FIELDS if f"(?P<{g}>" in source)
    until = str(record.get("until", "paragraph"))
    if kind == "block" and until not in BLOCK_UNTIL:
        raise RuleError(f"rule {name!r}: until must be one of {', '.join(BLOCK_UNTIL)}")
    return Rule(
        name=name,
        kind=kind,
        cls=str(record.get("class", "other")),
        description=str(record.get("description", "")),
        pattern=pattern,
        multiline=multiline,
        max_chars=record.get("max_chars"),
        max_words=record.get("max_words"),
        until=until,
        max_cut_ratio=record.get("max_cut_ratio"),
        replace=str(record.get("replace", "")),
        captures=captures,
        params=dict(record.get("params", {})),
    )
