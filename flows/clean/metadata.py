"""Metadata from an article's header and trailer lines.

The header is the run of short lines before the first prose line (URL, rubric, title,
byline, date, standfirst); the trailer is the run after the last prose paragraph
(signature, dateline, closing bio). Lines that become metadata are marked with
``Line.meta`` and leave the body. The words that mark labels live in
``flows/rules/metadata.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flows.clean.dates import could_be_date, parse_date
from flows.clean.heuristics import ends_sentence, is_prose, words
from flows.clean.markup import BARE_URL
from flows.model import Line, Removal


@dataclass(frozen=True, slots=True)
class MetadataRules:
    """Compiled metadata label patterns."""

    label: re.Pattern[str]
    date_label: re.Pattern[str]
    label_fields: Mapping[str, str]
    byline: re.Pattern[str]
    posted_by: re.Pattern[str]
    by_on: re.Pattern[str]
    bio: re.Pattern[str]
    organisation_words: frozenset[str]
    particles: frozenset[str]


def compile_metadata(config: Mapping[str, Any]) -> MetadataRules:
    """Build the label patterns from the ``metadata.toml`` record."""
    fields: dict[str, str] = {}
    for field_name, labels in config["labels"].items():
        for label in labels:
            fields[label.lower()] = field_name
    alternation = "|".join(re.escape(k) for k in sorted(fields, key=len, reverse=True))
    date_labels = "|".join(re.escape(k) for k in sorted(config["labels"]["date"], key=len, reverse=True))
    by_words = "|".join(re.escape(w.rstrip(":").strip()) for w in config["byline_words"])
    posted = "|".join(re.escape(w) for w in sorted(config["posted_words"], key=len, reverse=True))
    cues = "|".join(re.escape(c) for c in config["bio_cues"])
    return MetadataRules(
        label=re.compile(rf"^(?P<label>{alternation})\s*:\s*(?P<value>\S.{{0,300}})$", re.IGNORECASE),
        date_label=re.compile(rf"^(?P<label>{date_labels})\s+(?P<value>\S.{{0,80}})$", re.IGNORECASE),
        label_fields=fields,
        byline=re.compile(rf"^(?:{by_words})\s*:?\s+(?P<names>[^\d].{{1,150}})$", re.IGNORECASE),
        posted_by=re.compile(
            rf"^(?:{posted})\s+(?P<date>.{{4,60}}?)\s+(?:{by_words})\s+(?P<names>.{{2,120}})$", re.IGNORECASE
        ),
        by_on=re.compile(
            rf"^(?:submitted\s+|posted\s+)?(?:{by_words})\s+(?P<names>.{{2,80}}?)\s*(?:\s(?:on|le|am|el|em|op)\s|[|·•,–—-])\s*(?P<date>.{{4,60}})$",
            re.IGNORECASE,
        ),
        bio=re.compile(
            rf"^(?P<name>(?:[A-Z][\w'’.-]+\s+){{1,3}}[A-Z][\w'’-]+)\s+(?:is|was|est|ist|es|è)\s+(?:a|an|the|un|une|ein|eine|una|uno)\b.{{0,400}}?\b(?:{cues})\b",
            re.DOTALL,
        ),
        organisation_words=frozenset(w.lower() for w in config["organisation_words"]),
        particles=frozenset(w.lower() for w in config["name_particles"]),
    )


@dataclass(slots=True)
class Metadata:
    """What the header and trailer said about one article."""

    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    date_published: dt.date | None = None
    url: str | None = None
    section: str | None = None
    author_bio: str | None = None
    title_line: int = -1
    removals: list[Removal] = field(default_factory=list)
    _date_rank: int = 99

    def offer_date(self, value: dt.date | None, rank: int) -> bool:
        """Keep the date with the best (lowest) rank: label 0, header 1, byline 2, trailer 3."""
        if value is None:
            return False
        if rank < self._date_rank:
            self.date_published, self._date_rank = value, rank
        return True


_ACRONYM_ORG = re.compile(r"^[A-Z][A-Z0-9&.]{1,11}(?:\s*\([^()]{3,100}\))?$")
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*")
_SIGNATURE_DASH = re.compile(r"^(?:--|—|–|-)\s*(?P<name>.+)$")
_TRAILING_DANGLER = re.compile(r"(?:(?<=[.!?])|^)\s*[^.!?]{0,200}:\s*$")


def looks_like_name(text: str, rules: MetadataRules) -> bool:
    """A person or organisation name: a few capitalised words, no sentence."""
    text = text.strip()
    if not text or len(text) > 100 or any(ch.isdigit() for ch in text):
        return False
    if text[-1] in ".!?:;,\"”'’" or "http" in text or "@" in text:
        return False
    if _ACRONYM_ORG.match(text):
        return True
    tokens = text.split()
    if not 2 <= len(tokens) <= 6 or text.isupper():  # capitals over several words: a label
        return False
    capitals = 0
    for token in tokens:
        core = token.strip("()'’\"")
        if not core:
            return False
        if core.lower() in rules.particles:
            continue
        if not (core[0].isupper() or core[0].isdigit()):
            return False
        capitals += 1
    return capitals >= 2


def split_names(text: str, rules: MetadataRules) -> list[str]:
    """'Jane Roe and John Doe' → two names; an organisation stays whole."""
    text = text.strip().strip(" .,;|–-")
    if _ACRONYM_ORG.match(text) or "(" in text:
        return [text] if text else []
    parts = [p.strip() for p in _SPLIT_NAMES.split(text) if p and p.strip()]
    if len(parts) > 1 and all(looks_like_name(p, rules) or len(p.split()) == 1 for p in parts):
        return parts
    return [text] if text else []


def is_organisation(name: str, rules: MetadataRules) -> bool:
    """Organisation (JSON-LD ``Organization``) rather than a person."""
    if _ACRONYM_ORG.match(name.split("(")[0].strip()):
        return True
    return any(token.lower().strip("()") in rules.organisation_words for token in name.split())


def _kept(lines: Sequence[Line]) -> list[Line]:
    return [line for line in lines if line.kept]


def extract_metadata(
    lines: list[Line],
    rules: MetadataRules,
    languages: Sequence[str],
    date_order: str | None = None,
    max_header_lines: int = 15,
    masthead: bool = True,
    prefill: Mapping[str, str] | None = None,
) -> Metadata:
    """Read metadata from the header and trailer of one article's lines (marks them).

    ``prefill`` holds file-level metadata (front matter, mail headers) that beats what
    the header lines would suggest for the same field.
    """
    meta = Metadata()
    for field_name, value in (prefill or {}).items():
        if field_name == "date":
            meta.offer_date(_iso_or_parsed(value, languages, date_order), 0)
        elif field_name == "authors":
            meta.authors = [n for part in value.split(";") for n in split_names(part, rules)]
        elif field_name in ("title", "subtitle", "url", "section", "publisher"):
            setattr(meta, field_name, value)
    kept = _kept(lines)
    if not kept:
        return meta
    first_prose = next((i for i, line in enumerate(kept) if not line.heading and is_prose(line.text)), len(kept))
    header = kept[: min(first_prose, max_header_lines)]
    _read_header(header, kept, meta, rules, languages, date_order, masthead)
    _read_after_lede(kept[first_prose + 1 : first_prose + 4], meta, rules, languages, date_order)
    if first_prose < len(kept):
        _read_dateline(kept[first_prose], meta, languages, date_order)
    _read_bio(kept, first_prose, meta, rules)
    _read_trailer(_kept(lines), meta, rules, languages, date_order)
    return meta


_FIELD_SEPARATOR = re.compile(r"\s+[|·–—-]\s+|\s*\|\s*")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s]|$)")


def _iso_or_parsed(value: str, languages: Sequence[str], date_order: str | None) -> dt.date | None:
    iso = _ISO_DATE.match(value)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    return parse_date(value, languages, date_order)


def _take(line: Line, field_name: str) -> None:
    line.meta = field_name


def _read_header(
    header: list[Line], kept: list[Line], meta: Metadata, rules: MetadataRules,
    languages: Sequence[str], date_order: str | None, masthead: bool = True,
) -> None:
    previous: Line | None = None
    for line in header:
        text = line.text
        if meta.url is None and BARE_URL.match(text):
            meta.url = text if text.startswith("http") else "https://" + text
            _take(line, "url")
            continue
        if line.heading and meta.title is None:
            meta.title, meta.title_line = text, line.no
            _take(line, "title")
            if previous is not None and previous.kept and words(previous.text) <= 4 and not ends_sentence(previous.text):
                meta.section = previous.text
                _take(previous, "section")
            previous = line
            continue
        if _read_labelled(line, meta, rules, languages, date_order):
            continue
        if _read_byline(line, meta, rules, languages, date_order):
            continue
        if could_be_date(text) and meta.offer_date(parse_date(text, languages, date_order), 1):
            _take(line, "date_published")
            continue
        if meta.title is not None and meta.subtitle is None and _is_subtitle(line, meta, kept):
            meta.subtitle = text
            _take(line, "subtitle")
            continue
        previous = line
    if meta.title is None:
        _plain_title(header, kept, meta, rules, masthead)
    if meta.title is not None and meta.subtitle is None:
        nxt = _next_kept_after(kept, meta.title_line)
        if nxt is not None and nxt.emphasis and words(nxt.text) <= 120:
            meta.subtitle = nxt.text
            _take(nxt, "subtitle")


def _is_subtitle(line: Line, meta: Metadata, kept: list[Line]) -> bool:
    """A heading right after the title (Medium-style deck) of four or more words."""
    prev = _previous_kept_or_meta(kept, line)
    return bool(line.heading and prev is not None and prev.meta == "title" and words(line.text) >= 4)


def _previous_kept_or_meta(kept: list[Line], line: Line) -> Line | None:
    index = kept.index(line)
    return kept[index - 1] if index > 0 else None


def _next_kept_after(kept: list[Line], line_no: int) -> Line | None:
    for line in kept:
        if line.no > line_no and line.kept:
            return line
    return None


def _title_like(line: Line, last: Line) -> bool:
    text = line.text
    return (
        line.kept and line is not last and not line.list_item and 1 <= words(text) <= 30
        and text.rstrip()[-1:] not in ".,;:" and text.count("|") < 2 and "·" not in text
    )


def _plain_title(
    header: list[Line], kept: list[Line], meta: Metadata, rules: MetadataRules, masthead: bool = True
) -> None:
    """Plain text: the most title-like line of the header.

    Headers often start with a masthead (site name) and navigation before the real
    headline; the headline is the longest unpunctuated line there, and a masthead in
    capitals loses to any line in normal case. A short line right before the headline
    is its rubric; a short first line before it is the masthead (the publisher).
    """
    candidates = [line for line in header if _title_like(line, kept[-1])]
    if not candidates:
        return
    mixed = [line for line in candidates if not line.text.isupper()] or candidates
    best = max(mixed, key=lambda line: (min(words(line.text), 16), -line.no))
    meta.title, meta.title_line = best.text, best.no
    _take(best, "title")
    before = [line for line in header if line.no < best.no and line.kept]
    if before and meta.section is None and words(before[-1].text) <= 3 and before[-1] is not header[0]:
        meta.section = before[-1].text
        _take(before[-1], "section")
    first = header[0]
    if first.kept and first is not best and meta.publisher is None and 1 <= words(first.text) <= 6 \
            and first.text.rstrip()[-1:] not in ".!?:;,":
        meta.publisher = _normal_case(first.text, rules)
        _take(first, "publisher")
        if masthead:  # what sits between the site name and the headline is site chrome
            for line in header:
                if line.no < best.no and line.kept:
                    meta.removals.append(Removal("masthead", line.text, line.no))
                    line.removed_by = "masthead"


def _normal_case(text: str, rules: MetadataRules) -> str:
    """'THE KESTON VALE COURIER' → 'The Keston Vale Courier' (other text unchanged)."""
    if not text.isupper():
        return text
    tokens = text.lower().split()
    return " ".join(t if i and t in rules.particles else t[:1].upper() + t[1:] for i, t in enumerate(tokens))


def _read_labelled(
    line: Line, meta: Metadata, rules: MetadataRules, languages: Sequence[str], date_order: str | None
) -> bool:
    """'Label: value' lines, and lines of several such fields joined by '|'."""
    segments = [seg.strip() for seg in _FIELD_SEPARATOR.split(line.text)]
    found = [_read_field(seg, line, meta, rules, languages, date_order) for seg in segments]
    if any(found):
        _take(line, line.meta or "metadata")
        return True
    return False


def _read_field(
    text: str, line: Line, meta: Metadata, rules: MetadataRules, languages: Sequence[str], date_order: str | None
) -> bool:
    match = rules.label.match(text) or rules.date_label.match(text)
    if not match:
        return False
    field_name = rules.label_fields[match.group("label").lower()]
    value = match.group("value").strip()
    if field_name == "date":
        if not meta.offer_date(parse_date(value, languages, date_order), 0):
            return False
        _take(line, "date_published")
    elif field_name == "author":
        names = split_names(value, rules)
        if not names:
            return False
        meta.authors = meta.authors or names
        _take(line, "authors")
    elif field_name == "url":
        if not BARE_URL.match(value):
            return False
        meta.url = meta.url or value
        _take(line, "url")
    else:
        current = getattr(meta, field_name, None)
        if current is None:
            setattr(meta, field_name, value)
        _take(line, field_name)
    return True


def _read_byline(
    line: Line, meta: Metadata, rules: MetadataRules, languages: Sequence[str], date_order: str | None
) -> bool:
    text = line.text
    for pattern in (rules.posted_by, rules.by_on):
        match = pattern.match(text)
        if match and looks_like_name(match.group("names").strip(), rules):
            day = parse_date(match.group("date"), languages, date_order)
            if day is not None:
                meta.offer_date(day, 2)
                meta.authors = meta.authors or split_names(match.group("names"), rules)
                _take(line, "authors")
                return True
    match = rules.byline.match(text)
    if match:
        names = match.group("names").strip()
        if looks_like_name(names, rules) or all(looks_like_name(n, rules) for n in split_names(names, rules)):
            meta.authors = meta.authors or split_names(names, rules)
            _take(line, "authors")
            return True
    # "Jane Roe | 3 March 2024" or "Jane Roe · 5 min read"
    if "|" in text or "·" in text:
        head, tail = re.split(r"\s*[|·]\s*", text, maxsplit=1)
        if looks_like_name(head, rules):
            day = parse_date(tail, languages, date_order)
            if day is not None:
                meta.offer_date(day, 2)
                meta.authors = meta.authors or split_names(head, rules)
                _take(line, "authors")
                return True
    return False


_DATELINE = re.compile(
    r"^(?P<prefix>[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,40}(?:,\s*[A-ZÀ-Þ][\w .'’-]{1,30})?(?:\s*\([A-Z]{1,10}\))?"
    r"\s*[—–-]{1,2}\s*(?P<date>[^—–]{4,40}?)\s*[—–-]{1,2})\s+(?=\S)"
)


def _read_dateline(line: Line, meta: Metadata, languages: Sequence[str], date_order: str | None) -> None:
    """A wire-style dateline opening the first paragraph: 'SPRINGFIELD, Ohio — May 8, 2024 — …'."""
    match = _DATELINE.match(line.text)
    if not match:
        return
    day = parse_date(match.group("date"), languages, date_order)
    if day is None:
        return
    meta.offer_date(day, 1)
    meta.removals.append(Removal("dateline", match.group("prefix"), line.no))
    line.text = line.text[match.end():]


def _read_after_lede(
    lines: list[Line], meta: Metadata, rules: MetadataRules, languages: Sequence[str], date_order: str | None
) -> None:
    """Byline and date lines that follow a standfirst paragraph instead of the title."""
    for line in lines:
        if not line.kept or line.heading or is_prose(line.text):
            return
        if _read_labelled(line, meta, rules, languages, date_order) or _read_byline(
            line, meta, rules, languages, date_order
        ):
            continue
        if could_be_date(line.text) and meta.offer_date(parse_date(line.text, languages, date_order), 2):
            _take(line, "date_published")
            continue
        return


def _read_bio(kept: list[Line], first_prose: int, meta: Metadata, rules: MetadataRules) -> None:
    """A closing 'X is a … living in …' paragraph becomes ``author_bio``."""
    if len(kept) < 2:
        return
    last = kept[-1]
    if kept.index(last) <= first_prose or last.heading or words(last.text) > 180:
        return
    match = rules.bio.match(last.text)
    if not match:
        return
    bio = last.text
    dangling = _TRAILING_DANGLER.search(bio)
    while dangling and dangling.group(0).strip():
        meta.removals.append(Removal("dangling-fragment", dangling.group(0).strip(), last.no))
        bio = bio[: dangling.start()].rstrip()
        dangling = _TRAILING_DANGLER.search(bio)
    meta.author_bio = bio
    meta.authors = meta.authors or [match.group("name").strip()]
    _take(last, "author_bio")


def _read_trailer(
    kept: list[Line], meta: Metadata, rules: MetadataRules, languages: Sequence[str], date_order: str | None
) -> None:
    """Signature and dateline: the short lines after the last prose paragraph."""
    seen = 0
    for line in reversed(kept):
        if seen >= 6 or line.meta or (not line.heading and is_prose(line.text)):
            break
        seen += 1
        text = line.text
        if line.heading:
            continue
        if could_be_date(text):
            day = parse_date(text, languages, date_order)
            if day is not None:
                meta.offer_date(day, 3)
                _take(line, "date_published")
                continue
        dash = _SIGNATURE_DASH.match(text)
        candidate = dash.group("name") if dash else text
        if not meta.authors and looks_like_name(candidate, rules) and text != meta.title:
            meta.authors = split_names(candidate, rules)
            _take(line, "authors")
