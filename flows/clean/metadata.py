"""Metadata from an article's headline, header, byline and trailer lines.

Where the metadata sits
-----------------------
1. **The headline.** A scraped page often starts with its ``<title>`` line ("Headline |
   Site") and buries the headline (the H1) under menus. The headline is the heading (or,
   in plain text, the line) that the page title contains; else the first H1; else the
   page title without its site name; else the most title-like header line. Breadcrumbs,
   "You are here", search labels and other interface words are never titles.
2. **Around the headline** (``lines_before_headline`` / ``lines_after_headline`` in
   ``flows/rules/metadata.toml``): labelled fields ("Published: …"), bylines ("By NAME",
   "Posted on DATE by NAME", "NAME | DATE", "NAME · 5 min read", "Von NAME", "Автор: …",
   "作者：…"), a short link to an author's page, and date lines. Lines a boilerplate rule
   removed are read too (a byline repeated in every article of a bundle is removed as a
   running header but still names each article's author).
3. **The trailer**: a signature or dateline right under the last paragraph.
4. **The page URL**: a date in its path (``/2024/03/05/``) when nothing else gave one. A
   text without a page head, or a page whose head names none, finds it in its sharing links ("facebook.com/sharer.php?u=…";
   ``share_hosts`` and ``share_params`` in ``metadata.toml``).

Precision before recall: an author comes only from a byline-shaped line, a labelled
field, a link to an author page or a signature directly under the text; a date only from
a label, a byline, a short date line near the headline, a dateline or the URL, never from
comments or teasers further down. Lines that become metadata are marked with
``Line.meta`` and leave the body. The words of every language live in
``flows/rules/lang/*.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby, islice, pairwise
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flows.clean.blocks import page_language, stop_sets
from flows.clean.dates import could_be_date, find_date_span, may_hold_date_by, parse_date, strip_times, url_date
from flows.clean.heuristics import caseless, ends_sentence, words
from flows.clean.heuristics import is_prose as _is_prose
from flows.clean.lexicon import DIGIT
from flows.clean.markup import BARE_URL
from flows.clean.pagemeta import CASELESS, TITLE_PARTS, clean_url, local_days, norm_words, strip_site, title_lead
from flows.clean.segment import continues, join_lines
from flows.clean.wordcount import NO_SPACE, estimated_words
from flows.model import Hints, Line, Removal


def _alternation(items: Iterable[str]) -> str:
    unique = {item.strip().lower() for item in items if item.strip()}
    return "|".join(re.escape(w) for w in sorted(unique, key=len, reverse=True))


def _merged(config: Mapping[str, Any], key: str) -> list[str]:
    """One vocabulary list from every language file (and the top level, for older rule files)."""
    out = list(config.get(key, ()))
    for words_of in config.get("languages", {}).values():
        out.extend(words_of.get(key, ()))
    return out


def _merged_labels(config: Mapping[str, Any]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {k: list(v) for k, v in config.get("labels", {}).items()}
    for words_of in config.get("languages", {}).values():
        for name, values in words_of.get("labels", {}).items():
            labels.setdefault(name, []).extend(values)
    return labels


_COLON = r"\s*[:：]\s*"
# In the patterns below a run of white space is entered at its start only ("(?<!\s)\s++") and read
# all or not at all ("(?:\s++)?"): the same on text whose runs are one character long (repaired
# text), linear on a run of U+2028 or of HTML entities, where "\s*…\s*" tried every split (cubic).


def _joiner_words(words_of: Iterable[str]) -> str:
    """'and', 'und', '、' → an alternation; words of letters join only between spaces, so the
    'e' of 'Verein e.V.' or of 'e-mail' and the 'и' of 'Дарья' join nothing; a word of a
    script written without spaces ('和') joins where it stands."""
    parts = [rf"(?<!\S){re.escape(w)}(?!\S)" if w.isalpha() and not NO_SPACE.search(w) else re.escape(w)
             for w in sorted({w.strip() for w in words_of if w.strip()}, key=len, reverse=True)]
    return "|".join(parts) or "(?!)"


@dataclass(frozen=True, slots=True)
class MetadataRules:
    """Compiled metadata label patterns and vocabularies."""

    label: re.Pattern[str]
    date_label: re.Pattern[str]
    label_fields: Mapping[str, str]
    byline: re.Pattern[str]
    byline_label: re.Pattern[str]  # a byline word alone on its line ('By', 'Von:'): the name follows below
    by_label: re.Pattern[str]  # a 'by' word alone on its line ('By', 'Posted by'), no field label ('Text')
    posted_by: re.Pattern[str]
    by_on: re.Pattern[str]
    posted_date: re.Pattern[str]
    bio: re.Pattern[str]
    organisation_words: frozenset[str]
    particles: frozenset[str]
    interface: frozenset[str]
    reading_time: re.Pattern[str]
    connector: re.Pattern[str]
    author_url: re.Pattern[str]
    taxonomy_url: re.Pattern[str] = re.compile(r"(?!)")  # "/category/news/": a post's category, no person's page
    joiner: re.Pattern[str] = re.compile(r"\s+on\s+")
    lead_connector: re.Pattern[str] = re.compile(r"^[\s,;|·•–—/@-]+")  # what joins a date to what follows it
    posted_word: re.Pattern[str] = re.compile(r"(?!)")  # "published", "posted on" anywhere: no part of a name
    legal_forms: frozenset[str] = frozenset()
    account_names: frozenset[str] = frozenset()  # "Windows User": a programme's account, nobody's name
    reply: re.Pattern[str] = re.compile(r"(?!)")  # "Re: …": a title that answers another
    date_languages: tuple[str, ...] = ("en",)
    name_split: re.Pattern[str] = re.compile(r"\s*(?:,|;|&)\s*")
    transliterations: tuple[Mapping[str, str], ...] = ()
    comment_rules: frozenset[str] = frozenset()
    furniture_rules: frozenset[str] = frozenset()  # their lines are a menu row, a running header: no page title line
    button_rules: frozenset[str] = frozenset()  # their lines are buttons and menus: they name nobody
    file_field_rules: frozenset[str] = frozenset()  # their lines are the file's own fields, read once as ``prefill``
    credit_cut: re.Pattern[str] = re.compile(r"(?!)")  # "… Illustration von NAME": another contributor follows
    filed_in: re.Pattern[str] = re.compile(r"(?!)")  # "by Jane Roe in News": the category the post is filed in
    job_title: re.Pattern[str] = re.compile(r"(?!)")  # "Rechtsanwalt NAME", "NAME, Staff Writer"
    desk_credit: re.Pattern[str] = re.compile(r"(?!)")  # "Staff Reporter, Bayport": a reporter's title, no name
    #: A desk's name before a reporter's name and title ("사회부 정다은 기자", "社会部 高橋 美咲 記者").
    desk: re.Pattern[str] = re.compile(r"(?!)")
    #: A credit's label alone on its line, the issuer's name under it ("News provided by" / "Example AG").
    credit_label: re.Pattern[str] = re.compile(r"(?!)")
    #: A follow button alone on its line, under the author's name ("Jane Roe" / "Follow").
    follow: re.Pattern[str] = re.compile(r"(?!)")
    before_headline: int = 4
    after_headline: int = 14
    title_echoes: int = 2  # how many lines repeating the title are read around, in order
    lone_date_prose: int = 3  # a lone date line is read before this many prose paragraphs more
    only_day_lines: int = 2  # the one day a page writes dates it on at most this many lines
    fact_box_fields: int = 3  # this many fields the page does not read make a run of fields another item's
    #: what joins the two days of a range: a dash, or a language's word for it (``range_words``)
    range_join: re.Pattern[str] = re.compile(r"\s*[-–—]\s*")
    share_hosts: frozenset[str] = frozenset()  # sharing services: their links carry the page's address
    share_params: tuple[str, ...] = ()  # ... in these query parameters
    #: where a date label starts glued to the digits of the field before it ("…14:49:39Erschienen am: …")
    glued_label: re.Pattern[str] = re.compile(r"(?!)")
    #: 'Termin: 21.02.2020', 'Deadline: 15 March 2020': an event's or a closing day, not the article's
    event_label: re.Pattern[str] = re.compile(r"(?!)")
    #: locales ("en-gb") whose numeric dates put the day first where their language's default does not
    day_first_locales: frozenset[str] = frozenset()
    #: a platform's mark before a user name ("u/jroe", "@jroe"): a handle whatever its case
    handle_mark: re.Pattern[str] = re.compile(r"(?!)")
    #: the first words of the date labels, lower case: a line that opens with none has no date label
    date_label_starts: frozenset[str] = frozenset()
    #: where a field with a full-width colon starts after a space ("2025年04月18日 09:31 来源：… 作者：…")
    wide_label: re.Pattern[str] = re.compile(r"(?!)")
    #: 'Title: Headline' ('title_labels'): a line that says it is the title
    title_label: re.Pattern[str] = re.compile(r"(?!)")
    #: 'About the author', 'عن الكاتبة': a heading over the author's bio (``bio_headings``)
    bio_headings: frozenset[str] = frozenset()
    #: 'The', 'Der': a name that opens with one names a show, a team or a site, no person
    #: (read beside a date without a byline word: "The Harbour Show · 3 May 2024 · 48 min")
    name_articles: frozenset[str] = frozenset()
    #: a byline word that puts the name in another case ("Του Γιώργου Αλεξανδράκη", ``name_case``),
    #: with the endings (longest first) that give a given name's and a surname's own form
    name_cases: tuple[tuple[re.Pattern[str], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], ...] = ()


def _endings(table: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((str(k), str(v)) for k, v in table.items()), key=lambda kv: -len(kv[0])))


def compile_metadata(config: Mapping[str, Any]) -> MetadataRules:
    """Build the label patterns from ``metadata.toml`` and the language files under ``languages``."""
    labels = _merged_labels(config)
    fields: dict[str, str] = {}
    for field_name, values in labels.items():
        for label in values:
            fields.setdefault(label.lower(), field_name)
    alternation = _alternation(fields)
    date_labels = _alternation([*labels.get("date", ()), *labels.get("updated", ())])
    by_words = _alternation(w.rstrip(":：").strip() for w in [*_merged(config, "byline"), *_merged(config, "byline_words")])
    # the words that say "by" ('By', 'Posted by', 'Von'); 'Texte :' labels a credit as a field would
    by_only = _alternation(w.strip() for w in [*_merged(config, "byline"), *_merged(config, "byline_words")]
                           if not w.rstrip().endswith((":", "："))) or "(?!)"
    spaced_labels = _alternation(w for w in labels.get("author", ()) if len(w) >= 5
                                 and w.lower() not in _merged(config, "organisation"))
    posted = _alternation([*_merged(config, "posted"), *_merged(config, "posted_words")])
    # 'by' words only after a posted date ("Pubblicato il 5 marzo 2024 da NAME"): alone, a common word
    dated_by = _alternation(w.rstrip(":：").strip() for w in [*_merged(config, "byline"), *_merged(config, "byline_words"),
                                                            *_merged(config, "dated_byline")])
    joiners = _alternation(_merged(config, "joiners") or ["on"])
    cues = _alternation(_merged(config, "bio_cues"))
    verbs = _alternation(_merged(config, "bio_verbs") or ["is"])
    articles = _alternation(_merged(config, "bio_articles") or ["a"])
    reading = _alternation(_merged(config, "reading_time") or ["min read"])
    connectors = _alternation(_merged(config, "connectors"))
    url_words = _alternation(config.get("author_url_words", ()))
    taxonomy_words = _alternation(config.get("taxonomy_url_words", ()))
    return MetadataRules(
        label=re.compile(rf"^(?P<label>{alternation}){_COLON}(?P<value>\S.{{0,300}})$", re.IGNORECASE),
        date_label=re.compile(rf"^(?P<label>{date_labels})\s+(?P<value>\S.{{0,80}})$", re.IGNORECASE),
        label_fields=fields,
        byline=re.compile(rf"^(?:[–—-]{{1,4}}\s*+)?"  # an attribution dash ('— by Jane Roe')
                          rf"(?:(?i:{by_words})(?:{_COLON}|\s+|(?<![A-ZÀ-ÞА-ЯΑ-Ω])(?=[A-ZÀ-ÞА-ЯΑ-Ω]))|(?i:{spaced_labels or '(?!)'})\s+)"
                          rf"(?P<names>[^\d\s].{{0,150}})$"),
        byline_label=re.compile(rf"^(?i:{by_words}|{spaced_labels or '(?!)'})\s*+[:：]?\s*$"),
        by_label=re.compile(rf"^(?i:{by_only})\s*+$"),
        posted_by=re.compile(
            rf"^(?:{posted})(?:\s++)?[:：]?(?:(?<!\s)\s++)?(?P<date>.{{4,60}}?)(?<!\s)\s++(?:{dated_by})(?:\s++)?[:：]?"
            rf"(?<!\s)\s++(?P<names>.{{2,120}}?)"
            rf"(?:(?:(?<!\s)\s++)?[|·•](?:\s++)?.{{0,80}}|(?<!\s)\s++[–—-]\s++.{{0,80}}|(?<!\s)\s++\d+\s+\w+)?$",
            re.IGNORECASE,
        ),
        by_on=re.compile(
            rf"^(?:(?:{posted})\s++)?(?:{by_words})(?:\s++)?[:：]?(?<!\s)\s++(?P<names>.{{2,80}}?)"
            rf"(?:\s(?:{joiners})\s|(?:(?<!\s)\s++)?[|·•,»]|\s[–—-])(?:\s++)?(?P<date>.{{4,60}})$",
            re.IGNORECASE,
        ),
        posted_date=re.compile(rf"^(?:{posted})\s*[:：]?\s+(?P<date>.{{4,80}})$", re.IGNORECASE),
        bio=re.compile(
            rf"^(?P<name>(?:[A-Z][\w'’.-]+\s+){{1,3}}[A-Z][\w'’-]+)\s+(?:{verbs})\s+(?:{articles})\b.{{0,400}}?\b(?:{cues})\b",
            re.DOTALL,
        ),
        organisation_words=frozenset(w.lower() for w in [*_merged(config, "organisation"),
                                                           *_merged(config, "organisation_words")]),
        particles=frozenset(w.lower() for w in [*_merged(config, "particles"), *_merged(config, "name_particles")]),
        name_articles=frozenset(w.lower() for w in _merged(config, "name_articles")),
        bio_headings=frozenset(norm_words(w) for w in _merged(config, "bio_headings")),
        interface=frozenset(norm_words(w) for w in _merged(config, "interface")),
        reading_time=re.compile(rf"^\d{{1,3}}\s*+(?:{reading})\b.{{0,20}}$|^(?:{reading})\s*+[:：]?\s*+\d{{1,3}}\b.{{0,20}}$",
                                re.IGNORECASE),
        connector=re.compile(rf"(?:(?<!\s)\s++(?:{connectors}|-|–|,)){{1,20}}\s*$" if connectors
                             else r"(?<![\s\-–,])(?:\s*+[-–,])+\s*$",
                             re.IGNORECASE),
        author_url=re.compile(rf"/(?:{url_words})(?:/|=|-\d|s?/|$)|[?&](?:{url_words})=\w" if url_words else r"(?!)",
                              re.IGNORECASE),
        taxonomy_url=re.compile(rf"/(?:{taxonomy_words})/" if taxonomy_words else r"(?!)", re.IGNORECASE),
        joiner=re.compile(rf"(?<!\s)\s++(?:{joiners})\s+", re.IGNORECASE),
        posted_word=re.compile(rf"(?<!\w)(?:{posted})(?!\w)", re.IGNORECASE) if posted else re.compile(r"(?!)"),
        lead_connector=re.compile(rf"^(?:\s*(?:(?:{connectors})\b|[,;|·•–—/@-]))+\s*" if connectors
                                  else r"^[\s,;|·•–—/@-]+", re.IGNORECASE),
        legal_forms=frozenset(norm_words(w) for w in config.get("legal_forms", ())),
        account_names=frozenset(norm_words(w) for w in config.get("account_names", ())),
        reply=re.compile(rf"^(?:{_alternation(config.get('reply_prefixes', ()))})\s?[:：]", re.IGNORECASE)
        if config.get("reply_prefixes") else re.compile(r"(?!)"),
        date_languages=tuple(dict.fromkeys(str(c) for c in config.get("date_languages", ("en",)))),
        name_split=re.compile(rf"(?:(?<!\s)\s++)?(?:,|;|&|{_joiner_words(_merged(config, 'name_joiners'))})\s*",
                              re.IGNORECASE),
        transliterations=tuple(dict(w["transliterate"]) for w in config.get("languages", {}).values()
                               if w.get("transliterate")),
        comment_rules=frozenset(config.get("comment_rules", ())),
        furniture_rules=frozenset(config.get("furniture_rules", ())),
        button_rules=frozenset(config.get("button_rules", ())),
        file_field_rules=frozenset(config.get("file_field_rules", ())),
        credit_cut=re.compile(rf"(?<!\s)\s++(?:{roles})\b.*$", re.IGNORECASE) if (roles := _alternation(_merged(config, "credit_roles")))
        else re.compile(r"(?!)"),
        filed_in=re.compile(rf"(?<!\s)\s++(?:{filed})\s++(?=[A-ZÀ-ÞА-ЯΑ-Ω\d])") if (filed := _alternation(_merged(config, "filed_in")))
        else re.compile(r"(?!)"),
        job_title=re.compile(rf"^(?:{titles})\s++(?=\S)|(?:(?:(?<!\s)\s++)?,\s*+|(?<!\s)\s++|(?<=[a-zà-ÿ]))(?:{titles})$",
                             re.IGNORECASE)
        if (titles := _alternation(_merged(config, "job_titles"))) else re.compile(r"(?!)"),
        desk_credit=re.compile(rf"^\W{{0,3}}(?:{titles})(?:\s*+,\s*+[^,\d]{{1,40}})?\W{{0,3}}$", re.IGNORECASE)
        if titles else re.compile(r"(?!)"),
        follow=re.compile(rf"^\W{{0,3}}(?i:{follows})\W{{0,3}}$") if (follows := _alternation(_merged(config, "follow_buttons")))
        else re.compile(r"(?!)"),
        credit_label=re.compile(rf"^(?i:{credits})\s*+[:：]?\s*$") if (credits := _alternation(_merged(config, "credit_lines")))
        else re.compile(r"(?!)"),
        desk=re.compile(rf"^\S{{1,8}}?(?:{desks})\s++(?=\S)") if (desks := _alternation(_merged(config, "desk_suffixes")))
        else re.compile(r"(?!)"),
        before_headline=int(config.get("lines_before_headline", 4)),
        after_headline=int(config.get("lines_after_headline", 14)),
        title_echoes=int(config.get("title_echoes", 2)),
        lone_date_prose=int(config.get("lone_date_prose", 3)),
        only_day_lines=int(config.get("only_day_lines", 2)),
        fact_box_fields=int(config.get("fact_box_fields", 3)),
        range_join=re.compile(rf"\s*[-–—]\s*|\s+(?i:{_alternation(_merged(config, 'range_words'))})\s+"
                              if _merged(config, "range_words") else r"\s*[-–—]\s*"),
        share_hosts=frozenset(str(h).lower() for h in config.get("share_hosts", ())),
        share_params=tuple(str(p).lower() for p in config.get("share_params", ())),
        glued_label=re.compile(rf"(?<=\d)(?=(?i:{date_labels}){_COLON})") if date_labels else re.compile(r"(?!)"),
        event_label=re.compile(rf"^[*_]*+(?:{events})[*_]*+{_COLON}", re.IGNORECASE)
        if (events := _alternation(_merged(config, "event_labels"))) else re.compile(r"(?!)"),
        day_first_locales=frozenset(f"{code}-{region}".lower() for code, words_of in config.get("languages", {}).items()
                                    for region in words_of.get("day_first_regions", ())),
        handle_mark=re.compile(rf"^(?:{marks})(?=[^\W_])") if (marks := _alternation(config.get("handle_marks", ())))
        else re.compile(r"(?!)"),
        date_label_starts=frozenset(label.split()[0].lower() for label in [*labels.get("date", ()), *labels.get("updated", ())]
                                    if label.strip()),
        wide_label=re.compile(rf"(?<=\S)\s++(?=(?i:{alternation})：)") if alternation else re.compile(r"(?!)"),
        name_cases=tuple((re.compile(rf"^{re.escape(word)}\s", re.IGNORECASE), _endings(table.get("given", {})),
                          _endings(table.get("surname", {})))
                         for words_of in config.get("languages", {}).values()
                         for word, table in words_of.get("name_case", {}).items()),
        title_label=re.compile(rf"^[*_]*+(?i:{titled})\s*+[:：][*_]*+\s*+(?P<value>[^\s*_].{{0,300}}?)[*_]*+$")
        if (titled := _alternation(_merged(config, "title_labels"))) else re.compile(r"(?!)"),
    )


#: The rank a date shown only in a page's date element keeps among the shown dates: never one
#: read beside the headline (see ``_shown_instead``).
_ELEMENT_RANK = 9


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
    #: the dates the text showed, each with its best rank read from a line (a date element's alone: ``_ELEMENT_RANK``)
    _shown: dict[dt.date, int] = field(default_factory=dict)
    #: the days a line labels as the publication ('Published: 5 March 2024', 'Erschienen am: …')
    _labelled: set[dt.date] = field(default_factory=set)
    #: the days a line labels as the last update ('Updated May 6, 2019', 'Aktualisiert: …')
    _updated: set[dt.date] = field(default_factory=set)

    def offer_date(self, value: dt.date | None, rank: int, shown: bool = True, line: bool = True) -> bool:
        """Keep the date with the best (lowest) rank: label 0, header 1, byline 2, trailer 3.
        ``shown``: the date is written in the text (not a structured field or an address);
        ``line``: it was read from a line of it (not from a page's date element)."""
        if value is None:
            return False
        if shown and rank <= 3:
            best = rank if line else _ELEMENT_RANK
            self._shown[value] = min(best, self._shown.get(value, best))
        if rank < self._date_rank:
            self.date_published, self._date_rank = value, rank
        return True


@dataclass(frozen=True, slots=True)
class _Ctx:
    rules: MetadataRules
    languages: Sequence[str]
    date_order: str | None
    links: Mapping[int, Sequence[str]]
    anchors: Mapping[int, Sequence[tuple[str, str]]] = field(default_factory=dict)  # line → (link text, url)
    menu: frozenset[str] = frozenset()  # the words of the page's menu items: no bare name is one of them
    wrap: int | None = None  # the column a hard-wrapped text was wrapped at (``segment.wrap_width``)
    blank: frozenset[int] = frozenset()  # the numbers of the blank lines

    def date(self, text: str) -> dt.date | None:
        found = parse_date(text, self.languages, self.date_order, self.rules.connector)
        if found is None and _MONTH_WORD.search(text):  # a byline in another language than the text
            found = parse_date(text, self.rules.date_languages, self.date_order, self.rules.connector)
        return found

    def date_in(self, text: str) -> dt.date | None:
        found = self.date_span(text, other_languages=True)
        return found[2] if found is not None else None

    def date_span(self, text: str, other_languages: bool = False,
                  max_start: int | None = None) -> tuple[int, int, dt.date] | None:
        """``find_date_span`` in the text's languages; with ``other_languages``, then in the
        rules' ``date_languages`` (a byline in another language than the text). The first day
        of a range ('14 Oct 2014 - 10 Aug 2017': an event, a web archive's captures) is none."""
        found = find_date_span(text, self.languages, self.date_order, self.rules.connector, max_start)
        languages = self.languages
        if found is None and other_languages and _MONTH_WORD.search(text):
            languages = self.rules.date_languages
            found = find_date_span(text, languages, self.date_order, self.rules.connector, max_start)
        if found is not None:
            join = self.rules.range_join.match(text, found[1])
            if join is not None and find_date_span(text[join.end():], languages, self.date_order, self.rules.connector,
                                                   max_start=0) is not None:
                return None
        return found


_DOMAIN = re.compile(r"(?i)\.(?:com|org|net|de|at|ch|fr|it|es|uk|eu|info|io|nl|be|pl|ru|br|ar|cl|jp|cn|in|us|co)$")
# (a run of letters is tried once, from its start and to its end: from every letter it was quadratic)
_MONTH_WORD = re.compile(r"\d.{0,12}?[^\W\d_]{3,}|(?<![^\W\d_])[^\W\d_]{3,}+.{0,12}?\d")
_ACRONYM_ORG = re.compile(r"^[A-Z][A-Z0-9&.]{1,5}(?:\s*\([^()]{3,100}\))?$")
_SIGNATURE_DASH = re.compile(r"^(?:--|—|–|-)\s*(?P<name>.+)$")
_TRAILING_DANGLER = re.compile(r"(?:(?<=[.!?])|^)\s*[^.!?]{0,200}:\s*$")
_CASELESS = re.compile(f"[{CASELESS}]")
_INDIC = re.compile("[\u0900-\u0dff]")


def is_prose(text: str, min_words: int = 20) -> bool:
    """``heuristics.is_prose`` for header lines: in a script written without spaces (Chinese,
    Japanese, Thai) a headline may end in "！" and is no running text; there only a line
    ending like a sentence ("。") or as long as ``min_words`` words (as a reader counts them:
    ``estimated_words``) is."""
    if len(NO_SPACE.findall(text)) * 2 > len(text):
        n = estimated_words(text)
        return n >= min_words or (n >= 8 and text.rstrip()[-1:] in "。.")
    return _is_prose(text, min_words)


def looks_like_name(text: str, rules: MetadataRules) -> bool:
    """A person or organisation name: a few capitalised words, no sentence."""
    text = text.strip()
    if not text or len(text) > 100 or any(ch.isdigit() for ch in text):
        return False
    if (text[-1] in ".!?:;,\"”'’" and not _ABBREVIATED.search(text)) \
            or "http" in text or "@" in text or ":" in text or "©" in text or text[0] in "([":
        return False
    if norm_words(text) in rules.interface or _DOMAIN.search(text) or _interface_words(text, rules):  # "Teilen Twittern"
        return False
    if _ACRONYM_ORG.match(text):
        return True
    if _CASELESS.search(text):  # Arabic, Hebrew, the scripts of India, CJK, Thai: no capitals to go by
        tokens = text.split()
        fewest = 2 if _INDIC.search(text) else 1  # a name in the scripts of India has its given and family name
        return fewest <= len(tokens) <= 4 and len(text) <= 30 and all(ch not in "。．！？：:()（）" for ch in text)
    tokens = text.split()
    if not 2 <= len(tokens) <= 6 or (text.isupper() and len(tokens) > 3):  # capitals over many words: a label
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


_ABBREVIATED = re.compile(r"(?:^|\s)[^\W\d_]{1,2}\.$")


#: A news agency's code after a slash ("Jane Roe/SP-X", "Jane Roe / APA"): the wire, not a name.
_AGENCY_SUFFIX = re.compile(r"(?:(?<!\s)\s++)?/\s*+[A-Z][A-Z0-9-]{1,9}$")


def _interface_words(text: str, rules: MetadataRules) -> bool:
    """Is every word of ``text`` an interface word ("Teilen Twittern", "Anmelden   Abo", "Log in |
    Register"; the separators between them aside)?"""
    keys = [key for token in text.split() if (key := norm_words(token))]
    return bool(keys) and all(key in rules.interface for key in keys)


def _without_title(text: str, rules: MetadataRules) -> str | None:
    """A byline's name without the job title cut from it, and without the desk's name before
    it ("경제부 김하늘 기자" → "김하늘"); None when the text holds no job title."""
    titled = rules.job_title.sub("", text)
    if titled == text:
        return None
    return rules.desk.sub("", titled) if len(titled.split()) >= 2 else titled


def split_names(text: str, rules: MetadataRules) -> list[str]:
    """'Jane Roe and John Doe' → two names; an organisation stays whole."""
    text = rules.credit_cut.sub("", text.strip())
    untitled = _without_title(text, rules)
    text = text if untitled is None else untitled
    tokens = text.split()
    half = len(tokens) // 2
    if len(tokens) >= 4 and len(tokens) % 2 == 0 and tokens[:half] == tokens[half:]:
        text = " ".join(tokens[:half])  # "Jane Roe Jane Roe": an avatar's alt text run into the link's
    elif len(tokens) >= 3 and len(text) % 2 == 0 and text[:len(text) // 2] == text[len(text) // 2:]:
        text = text[:len(text) // 2]  # "Jane RoeJane Roe": two elements' texts run together
    text = _AGENCY_SUFFIX.sub("", text).strip().strip(" ,;|–-")
    if text.endswith(".") and not _ABBREVIATED.search(text):  # "Perry Roe Jr.", "Joe S." keep their dot
        text = text.rstrip(" .")
    if _ACRONYM_ORG.match(text) or "(" in text:
        return [text] if text else []
    parts = [p.strip() for p in rules.name_split.split(text) if p and p.strip()]
    if len(parts) > 1 and all(looks_like_name(p, rules) or len(p.split()) == 1 for p in parts):
        # 'Jane Roe, de São Paulo': a name opens with a capital, a place after a comma with its particle
        people = [p for p in parts if len(p.split()) > 1 and not is_organisation(p, rules) and not p[:1].islower()]
        if "," in text and people and parts[0] in people:  # 'Jane Roe, dpa', 'Jane Roe, Staff Writer': a role
            desk = next((i for i, part in enumerate(parts) if is_organisation(part, rules)), len(parts))
            return [part for part in parts[:desk] if part in people]  # 'Jane Roe, Example News, New York': its town
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
    links: Mapping[int, Sequence[str]] | None = None,
    anchors: Mapping[int, Sequence[tuple[str, str]]] | None = None,
    dateline: bool = True,
    bio_max_words: int | None = 180,
    page: Hints | None = None,
    wrap: int | None = None,
) -> Metadata:
    """Read metadata from the headline, header and trailer of one article's lines (marks them).

    ``prefill`` holds file-level metadata (front matter, mail headers) that beats what
    the header lines would suggest for the same field; ``links`` maps a line number to
    the link targets the line held (author pages, the page's own URL), ``anchors`` to the
    (text, target) of each of its links. ``masthead``,
    ``dateline`` and ``bio_max_words`` (None: off) are the structural rules of those
    names (``masthead``, ``dateline``, ``author-bio``) as the source's rule set has them.
    ``wrap``: the column a hard-wrapped text was wrapped at; its headline is a paragraph of
    its own (wrapped over lines or not), never a line from within a paragraph.
    """
    lines = [line for line in lines if not line.code]  # program text: its "2024-03-05" is no date
    menu = frozenset(norm_words(_plain(line)) for line in lines if line.list_item and line.links and len(line.text) <= 80)
    ctx = _Ctx(rules, languages, date_order, links or {}, anchors or {}, menu, wrap,
               frozenset(line.no for line in lines if line.blank))
    meta = Metadata()
    if page is not None:
        _read_page(page, meta, ctx)
    for field_name, value in (prefill or {}).items():
        if field_name == "date":
            meta.offer_date(_iso_or_parsed(value, ctx), 0, shown=False)
        elif field_name == "authors":
            meta.authors = _named(value, rules)
        elif field_name == "byline":
            _read_byline_text(value, meta, ctx)
        elif field_name in ("title", "subtitle", "url", "section", "publisher"):
            setattr(meta, field_name, value)
    if meta.url is None:  # the address the sharing links carry: the text's, the page's
        shared = [url for urls in (links or {}).values() for url in urls]
        meta.url = shared_url([*shared, *(page.share_links if page is not None else ())], rules)
    kept = _kept(lines)
    if not kept:
        return meta
    for line in [line for line in lines if not line.blank][:5]:
        if meta.url is None and line.kept and BARE_URL.match(line.text):
            meta.url = line.text if line.text.startswith("http") else "https://" + line.text
            _take(line, "url")
    _read_glued_bylines(kept[: _first_prose(kept) + 1], meta, ctx)
    headline = _find_headline(lines, meta, ctx) if meta.title is None else None
    if headline is not None:
        start = next((i for i, line in enumerate(kept) if line.no > headline.no), len(kept))
        first_prose = _first_prose(kept, start)
        _read_around(lines, headline, meta, ctx)
        header = kept[max(0, start - 2): min(first_prose, start + max_header_lines)]
    else:
        first_prose = _first_prose(kept)
        header = kept[: min(first_prose, max_header_lines)]
    _read_header([line for line in header if line.kept], kept, meta, ctx, masthead)
    if headline is None and meta.title_line >= 0:
        title = next((line for line in lines if line.no == meta.title_line), None)
        if title is not None:
            _read_around(lines, title, meta, ctx)
    elif headline is None and lines and (not meta.authors or meta.date_published is None):
        _read_below(lines, lines[0], meta, ctx)  # no headline at all: explicit bylines anywhere before comments
    if meta.date_published is None or not meta.authors:
        key = norm_words(meta.title or "")
        for index, echo in islice(_title_echoes(lines, meta), rules.title_echoes):  # found while a field is missing
            if meta.date_published is not None and meta.authors:
                break  # each echo fills what is still missing; a date already read stays
            known = (meta.date_published, meta._date_rank)
            if _copies_title(echo, key):  # a card's day, not the next card's
                meta.offer_date(_day_beside(lines, index, ctx), 1)
            _title_without_date(_plain(echo), meta, ctx)  # "1.2.2024Headline": its date glued on
            _read_around(lines, echo, meta, ctx)
            if known[0] is not None:
                meta.date_published, meta._date_rank = known
    _read_after_lede(kept[first_prose + 1 : first_prose + 4], meta, ctx)
    if dateline and first_prose < len(kept):
        _read_dateline(kept[first_prose], meta, ctx)
        if meta.date_published is None:  # "05.03.2024 – …" opening the news under a lede or two
            for line in kept[first_prose + 1 : first_prose + 3]:
                if meta.offer_date(_opening_day(line.text, ctx, dashed=True), 2):
                    break
    if bio_max_words is not None:
        _read_bio(kept, first_prose, meta, rules, bio_max_words)
    _read_trailer(lines, meta, ctx)
    if meta.title and meta.title_line >= 0:  # a headline line from the text, however it was found
        meta.title = _title_without_date(meta.title, meta, ctx)
    _check_url_date(meta)
    if meta.date_published is None:
        meta.offer_date(_permalink_date(meta.title, ctx), 4)
    if meta.date_published is None:
        meta.offer_date(_page_title_date(lines, ctx), 4)
    if meta.date_published is None:
        meta.offer_date(_own_teaser_date(lines, meta, ctx), 4)
    if meta.date_published is None and meta.title:
        _read_table_cells(lines, meta, ctx)
    if meta.date_published is None and meta.title_line >= 0:
        meta.offer_date(_lone_date(lines, meta, ctx), 4)
    if meta.date_published is None:
        meta.offer_date(_only_day(lines, ctx), 4)
    if page is not None and not meta.authors:
        for byline in page.bylines[1:]:  # the page's other byline elements: the first that names somebody
            if _read_byline_text(byline, meta, ctx):
                break
    if page is not None:
        _shown_instead(page, meta, ctx)
    _fall_back(prefill or {}, meta, ctx)
    _release_stray_titles(lines, meta)
    _keep_lede(kept, meta)
    _deck_subtitle(lines, meta)
    keys = _site_keys(meta) if meta.authors else set()
    meta.authors = [_without_site(name, keys, rules) for name in meta.authors]
    return meta


_WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>]+")
_FRONT_PAGE = re.compile(r"(?i)/*(?:(?:index|default|home)\.\w{2,5})?")


def shared_url(urls: Iterable[str], rules: MetadataRules) -> str | None:
    """The page's own address as its sharing links carry it ('facebook.com/sharer.php?u=…'):
    the one most of them share. A site's front page is no article's address (a share button
    for the whole site)."""
    counts: Counter[str] = Counter()
    for url in urls:
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").removeprefix("www.")
        except ValueError:
            continue
        if not parts.query or not any(host == h or host.endswith("." + h) for h in rules.share_hosts):
            continue
        query = {key.lower(): value for key, value in parse_qsl(parts.query)}
        found = next((m for key in rules.share_params if (m := _WEB_ADDRESS.search(query.get(key, "")))), None)
        if found is not None:
            counts[found.group(0)] += 1
    for address, _ in counts.most_common():
        page = clean_url(address, None)
        if page is not None and not _FRONT_PAGE.fullmatch(urlsplit(page).path):
            return page
    return None


def _site_keys(meta: Metadata) -> set[str]:
    """The site's name as letters only, lower case: the page URL's domain label
    ('www.example-news.com' → 'examplenews') and the publisher's name."""
    keys = set()
    labels = [label for label in (_host(meta.url) or "").lower().split(".") if label not in ("m", "amp")]
    if len(labels) >= 2:
        keys.add(_letters(labels[-2]))
    if meta.publisher and len(meta.publisher.split()) <= 4:
        keys.add(_letters(meta.publisher))
    return {key for key in keys if len(key) >= 4}


def _letters(text: str) -> str:
    return re.sub(r"[\W\d_]", "", text.lower())


def _without_site(name: str, keys: set[str], rules: MetadataRules) -> str:
    """A person's name without the site's name run into it: a logo's text before it ('The
    Daily Example Jane Roe') or a staff label after it ('Jane Roe Example News Staff'). A
    desk's name keeps it ('Example Blog Redaktion')."""
    tokens = name.split()
    if len(tokens) < 3 or not keys:
        return name
    flat = [_letters(token) for token in tokens]
    for start in range(len(tokens)):
        for end in range(start + 1, min(len(tokens), start + 4) + 1):
            if "".join(flat[start:end]) not in keys:
                continue
            if start == 0:
                rest = tokens[end:]
            elif start >= 2 and not tokens[start - 1][:1].islower():  # 'Jane Roe Example Staff', not '… zu Example'
                rest = tokens[:start]
            else:
                continue
            candidate = " ".join(rest)
            if len(rest) >= 2 and looks_like_name(candidate, rules) and not is_organisation(candidate, rules):
                return candidate
    return name


def _keep_lede(kept: list[Line], meta: Metadata) -> None:
    """A standfirst that is prose is the article's first paragraph as well as its
    ``subtitle``: the body keeps it, so the article's text is whole. A deck (a short
    heading-like line under the headline) stays the subtitle alone."""
    for line in kept:
        if line.meta == "subtitle" and is_prose(line.text):
            line.meta = None


#: The most words a deck or standfirst between the headline and its byline holds.
_DECK_WORDS = 60


def _deck_subtitle(lines: list[Line], meta: Metadata) -> None:
    """A deck or standfirst set between the headline line and its byline ("Headline" / "Its
    deck" / "By Jane Roe | 5 March 2024"): five to ``_DECK_WORDS`` words, no list item, right
    under the headline and right over the line the byline, the date or a credit was read from, is the
    ``subtitle``. The body keeps it, as it keeps a prose standfirst."""
    if meta.subtitle is not None or meta.title_line < 0:
        return
    index = next((i for i, line in enumerate(lines) if line.no == meta.title_line), None)
    deck = _next_filled(lines, index) if index is not None else None
    below = _next_filled(lines, lines.index(deck)) if deck is not None else None
    if deck is not None and below is not None and deck.kept and deck.meta is None and not deck.list_item \
            and not deck.links and 5 <= words(deck.text) <= _DECK_WORDS and below.meta in ("authors", "date_published", "publisher"):
        meta.subtitle = _plain(deck)


def _first_prose(kept: list[Line], start: int = 0) -> int:
    """Index of the first prose paragraph of ``kept`` from ``start`` on; ``len(kept)`` when none."""
    return next((i for i in range(start, len(kept)) if not kept[i].heading and is_prose(kept[i].text)), len(kept))


def _own_teaser_date(lines: list[Line], meta: Metadata, ctx: _Ctx) -> dt.date | None:
    """The date of the article's own teaser: a list of the site's latest articles beside it
    often holds the article itself, its headline word for word on a line of its own (not
    the headline's line) with its day on the line under it or over it, or opening the
    line under it (a teaser's summary, its date glued on: "05.03.2024The committee …").
    Only when nothing else dates the page; a teaser of another article has another title."""
    key = norm_words(meta.title or "")
    if len(key.split()) < 2:
        return None
    for i, line in enumerate(lines):
        if line.no != meta.title_line and not line.blank and _copies_title(line, key):
            day = _day_beside(lines, i, ctx)
            if day is not None:
                return day
    return None


def _copies_title(line: Line, key: str) -> bool:
    """Is the line the title (``key``: its ``norm_words``) word for word? A line much longer
    than the title is none, and is not normalised to find out."""
    return len(line.text) <= 2 * len(key) + 20 and norm_words(_unbracketed(line)) == key


def _day_beside(lines: list[Line], index: int, ctx: _Ctx) -> dt.date | None:
    """The day on the non-blank line under ``lines[index]`` (a title's copy) or over it, or
    opening the line under it."""
    under = _next_filled(lines, index)
    over = next((lines[i] for i in range(index - 1, -1, -1) if not lines[i].blank), None)
    for near in (under, over):
        text = _unbracketed(near) if near is not None else ""
        day = ctx.date(text) if could_be_date(text) else _opening_day(text, ctx) if near is under else None
        if day is not None:
            return day
    return None


def _unbracketed(line: Line) -> str:
    """A line's text without its list mark and the brackets of a link that spans lines
    ("[05.03.2024" / "## Headline" / "Summary](/headline)")."""
    return _plain(line).strip("[] ")


_LONE_TRIES = 10


def _lone_date(lines: list[Line], meta: Metadata, ctx: _Ctx) -> dt.date | None:
    """A line holding only a date, under the headline and before more than ``lone_date_prose``
    (3) of the article's prose paragraphs: a date whose label went to a line of its own
    ("Published" / "5 March 2024", plain text set from HTML), past the lines read around
    the headline. Only when nothing else dates the page; further down, or once the comments
    start, a lone date is a comment's, a teaser's or an event's. The first ``_LONE_TRIES``
    date-shaped lines are parsed, no more: a page of date-shaped lines that are none costs
    no parse per line."""
    prose, tries = 0, _LONE_TRIES
    for line in lines:
        if line.removed_by in ctx.rules.comment_rules:
            return None
        if line.no <= meta.title_line or line.blank or not line.kept:
            continue
        text = _plain(line)
        if not line.heading and is_prose(text):
            prose += 1
            if prose > ctx.rules.lone_date_prose:
                return None
            continue
        if len(text) <= 60 and not (line.list_item and line.links) and could_be_date(text, 3) \
                and not _event_day(text, ctx.rules):
            day = ctx.date(text)
            tries -= 1
            if day is not None or not tries:
                return day
    return None


def _only_day(lines: list[Line], ctx: _Ctx) -> dt.date | None:
    """The one day a page shows, on a line of its own ("17.04.2020" under the article's
    share buttons): when nothing else dates the page and no other day is written anywhere
    in it, in its prose, its teasers or its comments, a date alone on a line that is no
    link, list item, table row, comment or event is the page's (dev, all pages: markdown date
    0.868 → 0.870, text 0.821 → 0.836, none wrong more). A second day anywhere, or the day on
    more than ``only_day_lines`` (2) lines, a list's, and the page stays undated."""
    days: set[dt.date] = set()
    lone: dt.date | None = None
    dated, tries = 0, _ONLY_DAY_TRIES
    for line in lines:
        if line.blank or len(line.text) > 300 or not DIGIT.search(line.text):
            continue
        tries -= 1
        if not tries:
            return None  # a page of numbers (a table, a price list) is read no further
        found = ctx.date_span(line.text)
        if found is None:
            continue
        dated += 1
        days.add(found[2])
        if dated > ctx.rules.only_day_lines or len(days) > 1:
            return None
        text = _plain(line)
        if lone is None and not line.links and not line.list_item and "|" not in text \
                and line.removed_by not in ctx.rules.comment_rules and could_be_date(text) \
                and not _event_day(text, ctx.rules) and ctx.date(text) == found[2]:
            lone = found[2]
    return lone


#: How many lines with digits ``_only_day`` parses at most.
_ONLY_DAY_TRIES = 400


def _page_title_date(lines: list[Line], ctx: _Ctx) -> dt.date | None:
    """A date that is one part of the page's title line ("Headline - News - 05.03.2024 - Site")."""
    first = next((line for line in lines if not line.blank), None)
    if first is None or first.heading:
        return None
    return _title_part_date(first.text, ctx)


def _title_part_date(title: str, ctx: _Ctx) -> dt.date | None:
    """The date that is one part of a page title ("Headline - News - 05.03.2024 - Site")."""
    if len(title) > 300:
        return None
    parts = [p.strip() for p in TITLE_PARTS.split(title)]
    return next((day for p in parts[1:] if could_be_date(p) and (day := ctx.date(p)) is not None), None)


_SLUG_END = re.compile(r"\.\w{2,5}$")


def _permalink_date(title: str | None, ctx: _Ctx) -> dt.date | None:
    """The date of a link to the page itself: in its path, a share, comment or permalink link
    whose last path segment spells the title ("/2024/03/05/harbour-committee-backs-slip/");
    else as its text, the permalink a theme sets on the post's date ("[5 March 2024](/2024/03/
    harbour-committee-backs-slip/)"; a comment's date links to its '#comment-…' anchor).
    A teaser links to another article, whose slug does not spell this title."""
    tokens = norm_words(title or "").split()
    if len(tokens) < 2:
        return None
    title_words = {_fold(w, table) for w in tokens for table in (None, *ctx.rules.transliterations)}  # 'ä' as 'a', 'ae'
    for urls in ctx.links.values():
        for url in urls:
            day = url_date(url)
            if day is not None and _spells(url, title_words):
                return day
    key, longest = " ".join(tokens), 2 * len(title or "") + 10  # a cheap length gate before the words
    for anchors in ctx.anchors.values():
        for label, url in anchors:
            if len(label) <= longest and norm_words(label) == key and (day := url_date(url)) is not None:
                return day  # the headline linked to the post's own address ("[Title](/2024/03/05/p-1/)")
            if "#" not in url and could_be_date(label) and _spells(url, title_words):
                day = ctx.date_in(label)
                if day is not None:
                    return day
    return None


def _spells(url: str, title_words: set[str]) -> bool:
    """Does the last segment of the URL's path spell (most of) the title's words?"""
    path = url.split("?", 1)[0].split("#", 1)[0]
    slug = [_fold(w) for w in re.split(r"[-_+]+", _SLUG_END.sub("", path.rstrip("/").rsplit("/", 1)[-1]))]
    slug = [w for w in slug if w and not w.isdigit()]
    common = sum(1 for w in slug if w in title_words)
    return common >= 2 and common * 10 >= len(slug) * 7


def _named(value: str, rules: MetadataRules) -> list[str]:
    """The names of an author field ('Jane Roe; John Doe'), without a programme's account
    names ('Windows User', ``account_names`` in ``metadata.toml``): such a name is nobody's."""
    return [name for part in value.split(";") for name in split_names(part, rules)
            if norm_words(name) not in rules.account_names]


def _fall_back(prefill: Mapping[str, str], meta: Metadata, ctx: _Ctx) -> None:
    """A file's own properties (``fallback_title``, ``fallback_authors``, ``fallback_date``:
    a word processor's or a PDF's, which the programme fills in) fill only what the
    document's own headline, byline and date line left empty."""
    if meta.title is None and prefill.get("fallback_title"):
        meta.title = prefill["fallback_title"]
    if not meta.authors and prefill.get("fallback_authors"):
        meta.authors = _named(prefill["fallback_authors"], ctx.rules)
    if meta.date_published is None and prefill.get("fallback_date"):
        meta.offer_date(_iso_or_parsed(prefill["fallback_date"], ctx), 5, shown=False)


def _release_stray_titles(lines: list[Line], meta: Metadata) -> None:
    """A line taken as a title that neither is the title nor echoes it goes back to the text.

    Several readers may take a headline; the last one wins the field, and a line the
    winner does not name would otherwise vanish without a trace.
    """
    title = norm_words(meta.title or "")
    for line in lines:
        if line.meta == "title" and line.no != meta.title_line:
            own = norm_words(line.text)
            if not title or (own not in title and title not in own):
                line.meta = None


def _read_page(page: Hints, meta: Metadata, ctx: _Ctx) -> None:
    """What a page's tree said (``flows.clean.pagemeta``): structured fields first, then the
    visible byline and the text blocks around the headline, read like header lines."""
    meta.title, meta.url = page.title, page.url
    meta.subtitle = page.lead  # the lead paragraph its class names: the body keeps it too
    site = [norm_words(s) for s in (page.publisher, _host(page.url)) if s]
    fields = [ctx.rules.byline.sub(r"\g<names>", name).strip() for name in page.authors]  # 'By Jane Roe' in the field
    authors = [n for name in fields if not _names_company(name, ctx.rules) and not _names_site(name, site, ctx.rules)
               for n in split_names(name, ctx.rules) if _person_or_desk(n, site, ctx.rules) and _shown_on(page, n)]
    if authors:
        meta.authors = authors
    if page.date:
        meta.offer_date(_iso_or_parsed(page.date, ctx), 0, shown=False)
    if page.bylines:  # the page's first byline element (the others: when nothing else names anybody)
        _read_byline_text(page.bylines[0], meta, ctx)
    if page.date_text:
        meta.offer_date(ctx.date_in(page.date_text), 2, line=False)
    titled = _title_part_date(page.page_title, ctx) if page.page_title else None  # in the browser's title bar
    timed = _iso_or_parsed(page.time_day, ctx) if page.time_day else None
    for day in (titled, timed):
        if day is not None:
            meta._shown.setdefault(day, _ELEMENT_RANK)  # a day the page shows, outside its lines
    if page.before_title or page.after_title:
        # each block's lines, as a <br> breaks them ('Pages: 448' / 'Publisher: Heyne': a fact box)
        before = [text for block in page.before_title for text in block.split("\n")]
        after = [text for block in page.after_title for text in block.split("\n")]
        lines = [Line(-2 - i, text) for i, text in enumerate(before)]
        headline = Line(-1, page.title or "", heading=1, meta="title")
        lines += [headline, *(Line(-100 - len(before) - i, text) for i, text in enumerate(after))]
        _read_around(lines, headline, meta, ctx)
    if not meta.authors:
        for text, href in page.title_links:
            if not _author_page(href, ctx.rules):
                continue
            name = _anchor_name(text, href, ctx) or [n for n in [_name_by_slug(text, href, ctx.rules)] if n]
            if name:
                meta.authors = name
                break
    if meta.date_published is None and meta.url:
        meta.offer_date(url_date(meta.url), 4)


def _shown_on(page: Hints, name: str) -> bool:
    """Does the page show ``name`` to its readers (or is its text unknown)? A structured author
    the page nowhere shows is a field a reader never sees: the site's owner, an editor's
    account, a name the system filled in. The same page as text or markdown has no such name,
    and docmill gives what the page shows whatever its form (dev pages outside the held-out
    fold: 12 authors right more, 1 wrong more)."""
    return page.shown_words is None or f" {norm_words(name)} " in page.shown_words


#: A date written with slashes, day and month either way round ("11/01/2023": 11 January or
#: November 1 when both are 12 or less).
_EITHER_WAY = re.compile(r"\s*(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")


def _shown_instead(page: Hints, meta: Metadata, ctx: _Ctx) -> None:
    """The day a page shows instead of its structured publication day, when it shows that
    day nowhere: the day its structured data says it was last changed (the date a reader
    sees under the headline or at the end of the article is the one the page chose to
    give), the other reading of a structured date written with slashes that reads either
    way ("11/01/2023"), or the local day of a timestamp in UTC (``pagemeta.local_days``:
    "2024-05-04T02:41:00Z" on a page that shows 3 May, wherever it shows it); else the day
    read from the page's own lines beside the headline, in a byline, under a date label or
    an update label ("Updated May 6, 2019": the page shows when it was updated, not when
    it was published; 1 right more). The structured day is then often the day the entry
    was made or last saved (dev pages outside the held-out fold, 3 right more, none wrong
    more). Else the one day the page's own ``<time>`` elements show, outside its comments
    and embeds (``Hints.time_day``; 2 right more, none wrong more). A date element's text
    alone, found by its class, does not count (it would make 3 right and 7 wrong more:
    teaser cards and sidebars). A page that shows its publication day (in its lines, its
    ``<title>`` or its own ``<time>`` elements) keeps it, unless it labels another day as
    its publication on a line ('Erschienen am: 13.10.2021'): the structured day is then
    shown as something else (the last change). One labelled day only: two leave the choice
    to the rules above."""
    if not page.date:
        return
    published = _iso_or_parsed(page.date, ctx)
    if published is None or published != meta.date_published:
        return
    if len(meta._labelled) == 1 and published not in meta._labelled:  # 'Published: 5 May 2024' on a line
        meta.date_published = next(iter(meta._labelled))
        return
    if published in meta._shown:
        return
    either = _EITHER_WAY.match(page.date)
    other = None
    if either is not None and 1 <= int(either[1]) <= 12 and 1 <= int(either[2]) <= 12:
        first, second, year = int(either[1]), int(either[2]), int(either[3])
        other = next((d for d in (dt.date(year, first, second), dt.date(year, second, first)) if d != published), None)
    changed = _iso_or_parsed(page.date_modified, ctx) if page.date_modified else None
    for day in (changed, other, *local_days(page.date)):
        if day is not None and day != published and day in meta._shown:
            meta.date_published = day
            return
    # a day read from the lines beside the headline, a byline or a label (an update's too); not the structured
    # day read the other way
    read = [(rank, day) for day, rank in meta._shown.items()
            if (rank <= 2 or day in meta._updated)
            and not (day.day <= 12 and day.replace(month=day.day, day=day.month) == published)]
    if read:
        meta.date_published = min(read, key=lambda item: item[0])[1]
        return
    timed = _iso_or_parsed(page.time_day, ctx) if page.time_day else None
    if timed is not None:
        meta.date_published = timed


def _check_url_date(meta: Metadata) -> None:
    """A full date in the page URL's path is the day the address was made: the article came out
    that day or the next (a draft published after midnight). A date found elsewhere that is
    earlier, or later than that, belongs to something else (a modified date, an old teaser),
    so the URL's day replaces it; with no date found, the URL's day is the date."""
    minted = url_date(meta.url) if meta.url else None
    if minted is None:
        return
    found = meta.date_published
    if found is None or not 0 <= (found - minted).days <= 1:
        meta.date_published, meta._date_rank = minted, 4


def _host(url: str | None) -> str | None:
    match = re.match(r"(?i)https?://(?:www\.)?([^/:?#]+)", url or "")
    return match.group(1) if match else None


def _names_company(field_value: str, rules: MetadataRules) -> bool:
    """An author field that names a company anywhere ('Acme GmbH, Springfield, Germany'): the
    whole field is its address, none of its parts a person. A legal form is written with a
    capital ('GmbH', 'AS', 'Inc'), so the words 'as' or 'spa' in 'Jane Roe as told to' are none."""
    return any(token[0].isupper() and token.lower() in rules.legal_forms
               for token in _LEGAL_TOKEN.findall(field_value))


_LEGAL_TOKEN = re.compile(r"[^\W\d_]+")


def _names_site(field_value: str, site: list[str], rules: MetadataRules) -> bool:
    """An author field that opens with the site's own name or domain ('example.org, Springfield,
    Germany'): the whole field is the site's address, none of its parts a person."""
    parts = [part.strip() for part in field_value.split(",") if part.strip()]
    return len(parts) > 1 and not _person_or_desk(parts[0], site, rules) and all(len(p.split()) <= 2 for p in parts[1:])


def _person_or_desk(name: str, site: list[str], rules: MetadataRules) -> bool:
    """A page's ``author`` field names a person (or a desk), not the site, its domain or its company."""
    key = norm_words(name)
    if not key or key in rules.interface or re.search(r"\.[a-z]{2,4}$|^www\.", name.lower()):
        return False
    if any(s and (key in s or s in key or key.replace(" ", "") in s.replace(" ", "")) for s in site):
        return False
    return not _names_company(name, rules) and not _lowercase_word(name, rules)


def _lowercase_word(name: str, rules: MetadataRules) -> bool:
    """A name of several words with lower-case words that are no name particles: a phrase or an
    institution ('Ministry for Health and Care'), no person. One run of them between two names
    of two words or more ('Jane Roe as told to John Doe') still names people."""
    tokens = name.split()
    if len(tokens) < 2:  # a handle ('jdoe') is a name of its own
        return False
    # runs of capitalised (True) or lower-case (False) words, particles left out: (kind, length)
    runs = [(capital, len(list(run))) for capital, run in
            groupby(not token[0].islower() for token in tokens if token.lower() not in rules.particles)]
    if all(capital for capital, _ in runs):
        return False
    return not (len(runs) == 3 and runs[0][0] and runs[0][1] >= 2 and runs[2][1] >= 2)


def _read_byline_text(text: str, meta: Metadata, ctx: _Ctx) -> bool:
    """A byline element's text: a byline ('By Jane Roe · 3 May 2024') or a bare name.
    True when it names somebody."""
    found = Metadata()
    line = Line(-1, text)
    if not _read_byline(line, found, ctx) and not ctx.rules.byline.match(text):  # 'Posted by' and no name read: nobody
        names = _names_in(text, ctx)
        if names:
            found.authors = names
    if found.authors and (not meta.authors or (
            all(_person_name(name, ctx) for name in found.authors)
            and not any(_person_name(name, ctx) for name in meta.authors))):
        meta.authors = found.authors  # the visible byline's people beat a field that names none
    if found.date_published is not None:
        meta.offer_date(found.date_published, 2)
    return bool(found.authors)


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s]|$)")


def _iso_or_parsed(value: str, ctx: _Ctx) -> dt.date | None:
    iso = _ISO_DATE.match(value)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    return ctx.date(value)


def _take(line: Line, field_name: str) -> None:
    line.meta = field_name


# --------------------------------------------------------------------------- the headline

#: Breadcrumb trails: three or more items joined by », ›, >, ＞, / or |.
_BREADCRUMB = re.compile(r"(?:[^»›>＞/|]{1,60}\s(?:»|›|>|＞|/|\|)\s){2,}")


def _interface(text: str, rules: MetadataRules, breadcrumb: bool = True) -> bool:
    """Site interface rather than a headline: search labels, "You are here", breadcrumbs
    (``breadcrumb``: a trail of three items or more is one)."""
    key, stripped = norm_words(text), text.strip()
    if not key or key in rules.interface or rules.reading_time.match(stripped) or BARE_URL.match(stripped) \
            or (_DOMAIN.search(stripped) and " " not in stripped):  # "Lesezeit: 1 min", "www.example.de"
        return True
    if sum(ch.isalpha() for ch in text) < 3 and not _CASELESS.search(text):
        return True  # a drop cap or a stray letter ("T"), no headline
    head = key.split(" ")
    return ((" ".join(head[:3]) in rules.interface or " ".join(head[:4]) in rules.interface) and (
        ":" in text or "»" in text or "›" in text or ">" in text)) or (breadcrumb and bool(_BREADCRUMB.match(text)))


def _page_title(lines: list[Line], rules: MetadataRules) -> Line | None:
    """The page's ``<title>`` line: the first line, short, not a heading, link or sentence."""
    for line in lines:
        if line.blank or (line.no <= 3 and BARE_URL.match(line.text)):
            continue
        if line.removed_by in rules.furniture_rules:
            return None  # the text opens with the site's menu or a running header
        # "Long headline, said X - Site" is a title; so is, in a text without headings, a headline
        # that asks or exclaims ("What now?"), where a marked-up page has its H1 to go by
        prose = is_prose(line.text) and not TITLE_PARTS.search(line.text) \
            and not (line.text.rstrip()[-1:] in "?!" and words(line.text) < 20 and not any(x.heading for x in lines))
        if line.heading or line.list_item or line.links or prose or not 1 <= estimated_words(line.text) <= 40 \
                or _interface(line.text, rules, breadcrumb=False) or line.text.rstrip()[-1:] in ":;," \
                or _HANDLE_LINE.match(line.text):  # a social post's author line ("Jane Roe @jroe")
            return None
        return line
    return None


_NUMBERED = re.compile(r"(\d{1,2})\.\s")


def _numbered_run(lines: list[Line], index: int) -> bool:
    """'3. Headline' after '2. Section': an item of a numbered list (a breadcrumb trail
    flattened to text), not a headline that starts with a number ('1. FC Köln siegt').
    ``index`` is the line's place in ``lines`` (no search: this runs for every candidate)."""
    number = _NUMBERED.match(lines[index].text)
    if number is None or number[1] == "1":
        return False
    previous = next((other for other in reversed(lines[max(0, index - 3):index]) if not other.blank), None)
    before = _NUMBERED.match(previous.text) if previous is not None else None
    return before is not None and int(before[1]) == int(number[1]) - 1


def _title_without_date(text: str, meta: Metadata, ctx: _Ctx) -> str:
    """'1. Februar 2024 Minister opens bridge' → the headline; its date is offered (rank 2).
    So is a headline with its byline glued on ('Minister opens bridge 1.2.2024 • Jane Roe'):
    a full date set off by a separator on either side ends the headline."""
    if not _starts_with_date(text):
        span = ctx.date_span(text)
        if span is None or span[0] == 0:
            return text
        head, tail = text[: span[0]].rstrip(), strip_times(text[span[1]:]).strip()
        # "Headline – 1.2.2024" or "Headline 1.2.2024 • Jane Roe"; a dash after the date goes on
        # with the headline ("Report of 1.2.2024 – what next?")
        set_off = (not tail and bool(head) and (head[-1] in _SEPARATORS or _glued(text, span[0]))) \
            or (bool(tail) and tail[0] in "|·•")
        head = head.rstrip(" " + _SEPARATORS)
        if not set_off or words(head) < 3:
            return text
        meta.offer_date(span[2], 2)
        return head
    span = ctx.date_span(text)
    if span is None or span[0] > 3:
        return text
    rest = strip_times(text[span[1]:]).strip(" -–—|·•,:")
    if words(rest) < 2:
        return text
    meta.offer_date(span[2], 2)
    return rest


_SEPARATORS = "|·•–—-/"
#: Where a converter that drops the space between elements glued one to a headline: the
#: headline's last letter and the mark that ends it (a sentence's or a quotation's end).
_GLUE = r"[^\W\d_][?!.»«\"“”„’']{1,2}"
#: ... a date glued on, after an optional weekday ('Headline?Monday, 6 January 2020').
_GLUED = re.compile(_GLUE + r"(?:[^\W\d_]{2,12}\.?,?\s+)?$")


def _glued(text: str, start: int) -> bool:
    """The date at ``start`` is another element glued to the end of the text."""
    return _GLUED.search(text[:start]) is not None


#: ... a byline glued on, from its first letter ('Headline!«Posted by Jane Roe on 5 May 2024').
_GLUE_POINT = re.compile(_GLUE + r"(?=[^\W\d_])")


def _read_glued_bylines(header: list[Line], meta: Metadata, ctx: _Ctx) -> None:
    """A byline glued to the end of a heading (its element inside the headline's) is read;
    the heading keeps its text."""
    for line in header:
        if line.heading and line.meta is None:
            for glue in _GLUE_POINT.finditer(line.text):
                if _read_byline(Line(line.no, line.text[glue.end():]), meta, ctx, explicit=True):
                    return


def _find_headline(lines: list[Line], meta: Metadata, ctx: _Ctx) -> Line | None:
    """Choose the headline of a page (see the module docstring) and take it as the title."""
    rules = ctx.rules
    page = _page_title(lines, rules)
    candidates = [line for i, line in enumerate(lines) if not line.blank and line.meta is None and line is not page
                  and not line.list_item and 1 <= estimated_words(line.text) <= 40
                  and (line.heading or not is_prose(line.text, 40))  # a marked heading may ask a question
                  and not _interface(line.text, rules) and not _numbered_run(lines, i)
                  and not rules.reply.match(line.text)]  # "Re: Headline" answers the headline
    best: Line | None = None
    worded: str | None = None  # the title's wording when it is not the headline line's own
    echoed = False  # the headline repeats or rewords the page title, which then goes with it
    ranked: list[tuple[int, int, int, Line]] = []
    labelled = _labelled_title(candidates, rules)
    if labelled is not None:
        best, worded = labelled
        page = None if page is None or norm_words(worded) not in norm_words(page.text) else page
        echoed = page is not None
    elif page is not None:
        key = norm_words(page.text)
        lead = norm_words(title_lead(page.text) or "") or None  # "Headline | Site"
        for line in candidates:
            own = norm_words(line.text)
            if len(own) < 4 or not (line.heading or (line.kept and len(own) * 10 >= len(key) * 4)):
                continue
            if (own in key and (line.heading == 1 or len(own) * 10 >= len(key) * 3)) \
                    or (key in own and len(key) * 10 >= len(own) * 6):
                cover = -min(len(own), len(key)) * 4 // max(len(key), 1)  # most of the page title: not the site name
                if lead is not None and own == lead:
                    cover = min(cover, -4)  # the page title's first part: the headline, on nine pages in ten
                ranked.append((cover, (line.heading or 9) if line.heading <= 3 else 8, line.no, line))
        if ranked:
            best = min(ranked, key=lambda r: r[:3])[3]
            if not best.heading:
                best = _headline_over_echo(lines, candidates, best) or best
        elif not any(line.heading for line in candidates):  # plain text: the headline reworded in the page title
            best = _reworded(candidates, key, headed=False)
        echoed = best is not None
    if best is None:
        h1 = [line for line in candidates if line.heading == 1 and words(line.text) >= 2]
        site = [line for line in h1 if _front_page_link(line, ctx)] if len(h1) > 1 else []
        if site and len(site) < len(h1):  # "# [Site](https://example.org/)": the site's name over the headline
            h1 = [line for line in h1 if line not in site]
            if meta.publisher is None and site[0].no < h1[0].no:
                meta.publisher = _plain(site[0])
                _take(site[0], "publisher")
        # a site-name H1 has no byline under it (asked only when there are several)
        dated = [line for line in h1 if _dated_under(lines, lines.index(line), ctx)] if len(h1) > 1 else []
        best = dated[0] if len(h1) > 1 and len(dated) == 1 else h1[0] if len(h1) == 1 or (h1 and page is None) else None
    if best is None:  # the page's one heading, over the article's prose: its headline
        headed = [line for line in candidates if line.heading]
        if len(headed) == 1 and len(norm_words(headed[0].text)) >= 8 and words(headed[0].text) >= 3:
            below = _next_filled(lines, lines.index(headed[0]))
            if below is not None and below.kept and is_prose(below.text):
                best = headed[0]
    if best is None and page is not None:
        # a heading that rewords the page title marks where the article starts; which of the two
        # wordings is the headline cannot be told, so the page title's stays
        best = _reworded(candidates, norm_words(page.text), headed=True)
        if best is not None:
            worded, echoed = strip_site(page.text), True
    if best is not None:
        meta.title, meta.title_line = _title_without_date(worded or best.text, meta, ctx), best.no
        _take(best, "title")
        if page is not None and echoed:
            _take(page, "title")
        index = lines.index(best)
        filled = (line for line in reversed(lines[:index]) if not line.blank)
        previous, above = next(filled, None), next(filled, None)
        if previous is not None and previous.kept and meta.section is None and _section_like(previous.text, rules) \
                and not could_be_date(previous.text) \
                and not (above is not None and rules.byline_label.match(_plain(above))):  # "By" / "Jane Roe"
            meta.section = previous.text
            _take(previous, "section")
        return best
    anchored = _above_byline(lines, rules, ctx)
    if anchored is not None:
        kept = _kept(lines)
        first_prose = _first_prose(kept)
        if anchored in kept[: min(first_prose, 15)]:
            return None  # the header's own title: _plain_title takes it with its masthead and rubric
        meta.title, meta.title_line = anchored.text, anchored.no
        _take(anchored, "title")
        return anchored
    if page is not None and TITLE_PARTS.search(page.text) and not _interface(strip_site(page.text) or "", rules):
        title = _shown_lead(page, lines) or strip_site(page.text) or ""
        meta.title, meta.title_line = _title_without_date(title, meta, ctx), page.no
        _take(page, "title")
        return page
    if page is not None and is_prose(page.text):  # a page title that asks or exclaims: the header's
        meta.title, meta.title_line = page.text, page.no  # plain-title reader takes no sentence
        _take(page, "title")
        return page
    return None


def _labelled_title(candidates: list[Line], rules: MetadataRules) -> tuple[Line, str] | None:
    """A line that says it is the title ('Title: Headline', ``title_labels``), with its
    value: a heading, or any line when the page marks no heading. Only one such line: a
    review's fact box names its book's title beside the review's own."""
    headed = any(line.heading for line in candidates)
    found = [(line, match["value"].strip()) for line in candidates
             if (line.heading or not headed) and (match := rules.title_label.match(_plain(line)))]
    return found[0] if len(found) == 1 else None


def _shown_lead(page: Line, lines: list[Line]) -> str | None:
    """The longest opening of a page title of several parts that a line of the text repeats
    word for word ("Headline – its second half" of "Headline – its second half | Site"): the
    headline holds a separator of its own, which the site's name is no reason to cut at."""
    cuts = [match.start() for match in TITLE_PARTS.finditer(page.text)][1:]  # the first part is strip_site's
    if not cuts:
        return None
    openings = {norm_words(page.text[:cut]): page.text[:cut].strip() for cut in cuts}
    longest = max(len(text) for text in openings.values()) + 10  # a cheap length gate before the words
    shown = [openings[key] for line in lines if line is not page and len(line.text) <= longest
             and (key := norm_words(line.text)) in openings]
    return max(shown, key=len) if shown else None


def _front_page_link(line: Line, ctx: _Ctx) -> bool:
    """Is the line one link, its whole text, to a site's front page ('/', 'index.html')?"""
    anchors = ctx.anchors.get(line.no, ())
    if line.links != 1 or len(anchors) != 1:
        return False
    label, url = anchors[0]
    return norm_words(label) == norm_words(_plain(line)) and bool(_FRONT_PAGE.fullmatch(urlsplit(url).path))


def _headline_over_echo(lines: list[Line], candidates: list[Line], echo: Line) -> Line | None:
    """The page's one H1 when the plain line that copies the page title comes after the
    article's prose under that H1: a teaser or footer copy of an SEO title, not the headline."""
    h1 = [line for line in candidates if line.heading == 1 and words(line.text) >= 2]
    if len(h1) != 1 or h1[0].no > echo.no:
        return None
    top = h1[0]
    prose = any(top.no < line.no < echo.no and line.kept and not line.heading and is_prose(line.text) for line in lines)
    return top if prose else None


def _above_byline(lines: list[Line], rules: MetadataRules, ctx: _Ctx) -> Line | None:
    """Plain text: the title-like line right above the header's first byline or date line, a
    byline set on two lines ("By" / "Jane Roe") included, or right above a bare name over a
    date line ("Headline" / "Jane Roe" / "Oct 13, 2020")."""
    previous: Line | None = None
    earlier: Line | None = None  # the title-like line right before ``previous``, when there is one
    named: Line | None = None  # the title-like line over a bare name
    for index, line in enumerate(lines):
        if line.blank:
            continue
        if line.kept and not line.heading and is_prose(line.text):
            return None
        label = rules.byline_label.match(_plain(line)) is not None
        if previous is not None and label:
            below = _next_filled(lines, index)
            if below is not None and _person_name(_plain(below), ctx):
                return previous if words(previous.text) >= 3 else None  # "Headline" / "By" / "Jane Roe"
            continue  # the label leads to a name that is no person's ("By" / "jroe"): read on
        waiting = (previous is not None or named is not None) and len(line.text) <= 200
        shaped = _headline_shaped(line, rules) and not could_be_date(line.text)
        bylined = (waiting or shaped) and _byline_or_date(line, ctx)
        if waiting and bylined:
            if previous is None:
                if _date_line(line.text, ctx):
                    return _over_deck(lines, earlier, named, ctx) if named is not None else None
                return None
            day_header = _under_day_header(lines, index, previous, rules, ctx)
            if day_header is not None:
                return day_header
            return _over_deck(lines, earlier, previous, ctx) if words(previous.text) >= 3 else None
        named = previous if previous is not None and _person_name(line.text, ctx) else None
        shaped_here = shaped and not bylined and not label  # "By Jane Roe", "Written by": no headline
        if named is None:  # over a bare name, ``earlier`` stays the line over the named line
            earlier = previous if shaped_here else None
        previous = line if shaped_here else None
    return None


def _date_line(text: str, ctx: _Ctx) -> bool:
    """A line that is a date, or a dateline: a place of a few words, a bar and a date
    ("Bayport | Tuesday, 14 May 2024, 07:45")."""
    if could_be_date(text) and ctx.date(text) is not None:
        return True
    parts = _FIELD_SEPARATOR.split(text) if len(text) <= 80 else []
    return len(parts) == 2 and words(parts[0]) <= 3 and could_be_date(parts[1]) and ctx.date(parts[1]) is not None


def _over_deck(lines: list[Line], earlier: Line | None, found: Line, ctx: _Ctx) -> Line:
    """The headline of two title-like lines over a byline ("Headline" / "Its deck" / "By Jane
    Roe"): the first, when both hold five words or more and either

    - nothing but blank lines stands between them (a site's tagline sits over its menu, not
      over the headline), the first is a paragraph of its own (not a menu's last item) and
      not the text's first line (a page's title line or masthead); or
    - the two are stacked, one right under the other, and the first opens its block of lines
      or has only a kicker of three words at most over it ("Live" / "Headline" / "Deck" / "By
      …"): a menu's items over it are longer or many. As the text's first line it has no
      site name after a bar or dash ("Headline | Site": the page's title line).

    Otherwise ``found``; a shorter line over the headline is its kicker."""
    if earlier is None or words(earlier.text) < 5 or words(found.text) < 5:
        return found
    if found.no == earlier.no + 1:
        if _opens_text(earlier.no, ctx):
            return found if TITLE_PARTS.search(earlier.text) else earlier
        if earlier.no - 1 in ctx.blank:
            return earlier
        above = next((line for line in lines if line.no == earlier.no - 1), None)
        kicker = above is not None and estimated_words(above.text) <= 3 \
            and (above.no - 1 in ctx.blank or _opens_text(above.no, ctx)
                 or all(no > found.no for no in ctx.blank))  # a text set without blank lines: none to stand apart by
        # the line over it removed (a breadcrumb, a menu; the header holds kept lines only): the block opens here
        cleared = above is None or above.removed_by is not None
        return earlier if kicker or cleared else found
    if all(no in ctx.blank for no in range(earlier.no + 1, found.no)) and earlier.no - 1 in ctx.blank \
            and not _opens_text(earlier.no, ctx):
        return earlier
    return found


def _opens_text(no: int, ctx: _Ctx) -> bool:
    """Is line ``no`` the text's first line that is not blank?"""
    return all(other in ctx.blank for other in range(no))


def _under_day_header(lines: list[Line], index: int, previous: Line, rules: MetadataRules,
                      ctx: _Ctx) -> Line | None:
    """A blog's post under its day header: the date line at ``lines[index]`` alone, apart from
    the line above it (``previous``, the blog's description) by a blank line, and a
    headline-shaped line right under it with no blank line between, over a blank line
    ("Lathe work and the odd rant" / "" / "Thursday, March 7, 2024" / "Bringing a Lathe
    Back to Life" / "")."""
    line = lines[index]
    apart = range(previous.no + 1, line.no)
    if not apart or any(no not in ctx.blank for no in apart) or not could_be_date(line.text) \
            or ctx.date(_plain(line)) is None:
        return None
    below = _next_filled(lines, index)
    if below is None or below.no != line.no + 1 or below.no + 1 not in ctx.blank or below.heading \
            or not _headline_shaped(below, rules) or (could_be_date(below.text) and ctx.date(_plain(below)) is not None) \
            or _byline_or_date(below, ctx):
        return None
    return below


def _headline_shaped(line: Line, rules: MetadataRules) -> bool:
    """Could the line be a headline over a byline? Kept, no list item, three to thirty words,
    no clause punctuation at its end, no interface words."""
    return line.kept and not line.list_item and 3 <= estimated_words(line.text) <= 30 \
        and line.text.rstrip()[-1:] not in ".,;:" and not _interface(line.text, rules) \
        and not _interface_words(line.text, rules)


def _next_filled(lines: list[Line], index: int) -> Line | None:
    """The first non-blank line after ``lines[index]``."""
    return next((lines[i] for i in range(index + 1, len(lines)) if not lines[i].blank), None)


def _dated_under(lines: list[Line], index: int, ctx: _Ctx) -> bool:
    """Is the next non-blank line under the heading at ``lines[index]`` a byline or a date line?"""
    below = _next_filled(lines, index)
    return below is not None and len(below.text) <= 200 and _byline_or_date(below, ctx)


def _byline_or_date(line: Line, ctx: _Ctx) -> bool:
    """Does a line read as a byline or a date line (checked without taking it)?"""
    rules, text = ctx.rules, line.text
    if rules.posted_by.match(text) or rules.by_on.match(text) or rules.posted_date.match(text) \
            or _date_first_byline(text, ctx) is not None:
        return True
    match = rules.byline.match(text)
    if match and _names_in(match.group("names"), ctx):
        return True
    if _label_field(text, rules) in ("author", "date") \
            or rules.desk_credit.match(text):  # "Staff Reporter, Bayport": a byline naming nobody
        return True
    return _date_line(text, ctx) or _barred_name(text, ctx) is not None \
        or _handle_name(text, ctx) is not None or _titled_name(text, ctx) or bool(rules.credit_label.match(text))


def _titled_name(text: str, ctx: _Ctx) -> bool:
    """A reporter's name with a job title after it, in a script without capitals, a desk's
    name before it allowed ("経済部 佐藤 健一 記者", "김하늘 기자"): a byline, never a headline."""
    if len(text) > 30 or not _CASELESS.search(text):
        return False
    name = _without_title(text, ctx.rules)
    return name is not None and bool(name.strip()) and looks_like_name(name, ctx.rules)


#: The bar or dot a theme sets between a byline's parts ("Jane Roe | 5 March 2024"), alone on
#: its line too ("Jane Roe" / "|" / "5 March 2024").
_BAR = re.compile(r"\s*[|·•]\s*")

#: A post's author line on a social platform: the name, then the handle ("Jane Roe @jroe",
#: "Jane Roe @jroe@example.social").
_HANDLE_LINE = re.compile(r"^(?P<name>[^@|·•]{2,60}?)\s+@[\w.]{1,30}(?:@[\w-]{1,60}(?:\.[\w-]{1,60}){1,5})?$")


def _handle_name(text: str, ctx: _Ctx) -> str | None:
    """The person's name of a social post's author line ("Jane Roe @jroe@example.social")."""
    match = _HANDLE_LINE.match(text) if len(text) <= 160 and "@" in text else None
    if match is None:
        return None
    name = " ".join(_NAME_SYMBOLS.sub(" ", match["name"]).split())  # "Jane Roe 🌊": the emoji is no part of it
    return name if _person_name(name, ctx) else None


_NAME_SYMBOLS = re.compile(r"[^\w\s.'’-]+")


def _barred_name(text: str, ctx: _Ctx) -> str | None:
    """A desk's or agency's name and a person's, set apart by a bar or a dot ("Newsdesk |
    Jane Roe", "Jane Roe · AFP"): a byline without its date. The person's name when exactly
    one of two or three parts is one and each other part names an organisation of two words
    at most (``organisation`` words, an acronym): not a photo credit's agency ("picture
    alliance | Jane Roe") nor a post's categories ("Python, Mercurial | View Comments")."""
    if len(text) > 80 or not _BAR.search(text):
        return None
    parts = [part for part in _BAR.split(text) if part]
    names = [part for part in parts if _person_name(part, ctx)]
    if not 2 <= len(parts) <= 3 or len(names) != 1 \
            or any(words(part) > 2 or not is_organisation(part, ctx.rules) for part in parts if part not in names):
        return None
    return names[0]


#: A clock time right after a date ("2012-06-04 09:20", "3 May 2024, 10:42", "3. Mai 2024 um
#: 10:42"): at most one short word between them.
_CLOCK_AFTER = re.compile(r"[\s,|·/–—-]*+(?:[^\W\d_]{1,3}\.?\s+)?\d{1,2}[:h]\d{2}(?::\d{2})?(?![\d:]\d)")
#: The longest line that is read as a timestamped line (a source or byline line, no headline).
_STAMPED_CHARS = 120


def _stamped(text: str, ctx: _Ctx) -> bool:
    """Does a short line hold a date with its time of day ("News channel ( 2012-06-04 09:20 )
    Source: Daily")? A headline names a day now and then, its time never: such a line is the
    story's source or byline line. A span of clock times is an event's, not a timestamp."""
    if len(text) > _STAMPED_CHARS or _TIME_SPAN.search(text):
        return False
    found = ctx.date_span(text)
    return found is not None and _CLOCK_AFTER.match(text, found[1]) is not None


def _dates_only(text: str, ctx: _Ctx) -> bool:
    """Is the line a date or a span of two dates and nothing else ('March 3, 1938 – February
    22, 2024': a life's dates under an obituary's name, an event's days)? No headline."""
    if not could_be_date(text, 8):
        return False
    parts = [part for part in ctx.rules.range_join.split(text) if part.strip()]
    return ctx.date(text) is not None or (len(parts) == 2 and all(ctx.date(part) is not None for part in parts))


# --------------------------------------------------------------------------- header lines


def _title_echoes(lines: list[Line], meta: Metadata) -> Iterator[tuple[int, Line]]:
    """The lines that repeat the title, in order, with their index (the article's own headline
    when the title came from the page title or the page's head; before it, a copy in the
    site's chrome: the page title line, a menu item, a picture's caption)."""
    key = norm_words(meta.title or "")
    if len(key) < 8:
        return
    for index, line in enumerate(lines):
        if line.no == meta.title_line or line.blank or len(line.text) > 3 * len(key) + 20:
            continue
        own = norm_words(_plain(line))
        if own == key or (len(own) >= 8 and (key in own or own in key) and min(len(own), len(key)) * 10 >= max(len(own), len(key)) * 7):
            yield index, line


def _read_around(lines: list[Line], headline: Line, meta: Metadata, ctx: _Ctx) -> None:
    """Bylines, labelled fields and date lines just before and after the headline."""
    rules = ctx.rules
    index = lines.index(headline)
    before = [line for line in lines[:index] if _WORDY.search(line.text)
              and line.removed_by not in rules.file_field_rules][-rules.before_headline:]
    after: list[Line] = []
    prose, first_prose = 0, sys.maxsize
    for line in lines[index + 1:]:
        if line.blank:
            continue
        if len(after) >= rules.after_headline:
            break
        if line.kept and not line.heading and is_prose(line.text):
            prose += 1
            first_prose = min(first_prose, line.no)
            if prose > 2:
                break
        after.append(line)
    box = _fact_box(after, rules)
    for run in (after, before):
        for at, (line, below) in enumerate(pairwise(run)):
            if line.no not in box:
                _read_two_line_byline(line, below, _beside_pair(run, at), meta, ctx)
        _read_barred_byline(run, meta, ctx)
    for line in [*after, *reversed(before)]:
        if line.no in box:
            continue  # the fields of the item an article reviews: its publisher's, its release date
        if line.meta is not None or (line.heading and line.no < headline.no and not (
                could_be_date(line.text) and ctx.date(line.text) is not None)):  # a blog's day header is read
            continue
        text, rank = line.text, 1 if line.no > headline.no else 2
        if _byline_or_fields(line, meta, ctx, rank=rank):
            if not meta.authors:  # "Posted on DATE Author [Jane Roe](/author/jroe/)": the dated line's author link
                _read_author_link(line, meta, ctx, header=True, rank=rank)
            continue
        if _read_author_link(line, meta, ctx, header=True, rank=rank):
            continue
        if line.list_item and line.links and line.no > first_prose:
            continue  # a linked list item below the article's prose is a teaser: its date is the teaser's
        # the standfirst with the date glued on ('… recovery?6 May 2020'), a kicker over the headline ('… um"01.05.2017')
        if (line.heading and line.no > headline.no) or line.no < headline.no:
            span = ctx.date_span(text)
            if span is not None and not strip_times(text[span[1]:]).strip() and _glued(text, span[0]):
                meta.offer_date(span[2], 1 if line.no > headline.no else 2)
                continue
        if len(text) <= 90 and not _EMBED_CREDIT.search(text) and (not is_prose(text) or _starts_with_date(text)) \
                and not _event_day(text, rules):
            day = _earliest_of(text, ctx) or (ctx.date_in(text) if could_be_date(text, 8) or _starts_with_date(text)
                                              else None)
            if day is not None and meta.offer_date(day, 1 if line.no > headline.no else 2) \
                    and line.kept and could_be_date(text):
                _take(line, "date_published")
    for run, rank in ((after, 1), (before, 2)):
        meta.offer_date(_badge_day(run, ctx) or _badge_day_in_cells(run, ctx), rank)
    if not meta.authors:
        _name_beside_date(after[:8], meta, ctx)
    if not meta.authors and meta.date_published is not None and headline.no == meta.title_line:
        _name_in_header(before[-2:], after, meta, ctx)
    if not meta.authors or meta.date_published is None:
        _read_below(lines, after[-1] if after else headline, meta, ctx)


#: A short 'Label: value' line ('ISBN: 978…', 'Pages: 448', 'Release date: 5 May 2024'), or a
#: label alone whose value is the next line (plain text set from HTML: 'ISBN:' / '978…').
_FIELD_LINE = re.compile(r"^\W{0,3}(?P<label>[^\W\d_][^\W\d]*(?:[ '/-][^\W\d]+){0,3})" + _COLON + r"(?P<value>\S?)")

#: How many short lines in a row that are no field a fact box may hold ('Translator' / ':' /
#: 'Jane Roe': a label split from its colon); a line of punctuation alone counts as none.
_FACT_BOX_GAP = 2


def _fact_box(run: list[Line], rules: MetadataRules) -> set[int]:
    """The line numbers of the fact boxes in a run of lines: consecutive 'Label: value' lines
    (or a label line and its value line), at least ``fact_box_fields`` of them
    (``metadata.toml``), and more than half, under labels that are none of the page's fields
    ('ISBN', 'Pages', 'Runtime', 'Price'). A review's box describes the book, the film or the
    product: its 'Publisher' and 'Release date' are the item's, not the page's."""
    box: set[int] = set()
    block: list[Line] = []
    fields = foreign = gap = 0
    value_next = False
    for line in [*run, None]:
        field = _FIELD_LINE.match(line.text) if line is not None and len(line.text) <= 120 else None
        if line is not None and (field is not None or value_next):
            block.append(line)
            if field is not None:
                fields += 1
                foreign += field.group("label").lower() not in rules.label_fields
            value_next, gap = field is not None and not field.group("value"), 0
            continue
        wordy = line is not None and _WORDY.search(line.text) is not None
        if line is not None and block and (gap < _FACT_BOX_GAP or not wordy) and len(line.text) <= 40 \
                and not is_prose(line.text):
            block.append(line)
            gap += wordy
            continue
        if foreign >= rules.fact_box_fields and foreign * 2 > fields:
            box.update(field_line.no for field_line in block)
        block, fields, foreign, gap, value_next = [], 0, 0, 0, False
    return box


_CELL_BORDER = re.compile(r"\s*\|\s*")


def _read_table_cells(lines: list[Line], meta: Metadata, ctx: _Ctx) -> None:
    """A layout table converted to one markdown row ('| | Headline | Agency ( 2012-06-04 ) | |'):
    its cells read as lines, around the cell that repeats the title."""
    key = norm_words(meta.title or "")
    if len(key) < 8:
        return
    for line in lines:
        if not line.text.lstrip().startswith("|") or line.text.count("|") < 3:
            continue
        cells = [Line(-1000 - i, cell) for i, cell in enumerate(c for c in _CELL_BORDER.split(_plain(line)) if c)]
        echo = next((cell for cell in cells if norm_words(cell.text) == key), None)
        if echo is not None:
            _read_around(cells, echo, meta, ctx)
            return


#: How many dates a line of dates alone is read for.
_DATES_IN_A_ROW = 4


def _earliest_of(text: str, ctx: _Ctx) -> dt.date | None:
    """The earliest day of a line of dates alone, two days or more with their times and
    nothing else ("2018-08-29 14:15:57 2018-06-22 10:20"): a template that sets the last
    change beside the publication. A page is changed after it is published, never before."""
    if len(text) > 90 or not _YEAR_DIGITS.search(text):
        return None
    rest, days = text, set()
    for _ in range(_DATES_IN_A_ROW):
        found = ctx.date_span(rest)
        if found is None:
            break
        days.add(found[2])
        rest = f"{rest[: found[0]]} {rest[found[1]:]}"
    if len(days) < 2 or _LETTER.search(strip_times(rest)):
        return None
    return min(days)


_YEAR_DIGITS = re.compile(r"\d{4}")
_LETTER = re.compile(r"[^\W\d_]")


def _badge_day(run: list[Line], ctx: _Ctx) -> dt.date | None:
    """The day of a date badge set over lines that follow one another with no blank line
    between ("28." / "Januar" / "2022", "Mar" / "05" / "2024"): each part on a line of its own."""
    for start in range(len(run) - 1):
        parts: list[str] = []
        for line in run[start: start + 3]:
            if line.no != run[start].no + len(parts) or len(line.text) > 15 or words(line.text) > 2:
                break
            parts.append(line.text.strip())
            joined = " ".join(parts)
            if len(parts) >= 2 and could_be_date(joined):
                day = ctx.date(joined)
                if day is not None:
                    return day
    return None


def _badge_day_in_cells(run: list[Line], ctx: _Ctx) -> dt.date | None:
    """The day of a date badge set in the cells of a table row ("| 26 | 01 | 2022 | News |"):
    a page's badge whose parts sat in cells of their own, converted to markdown; or its parts
    parted by bars on a line of their own ("26 | 01 | 2022", as text or in one HTML cell)."""
    for line in run:
        bars = line.text.count("|")
        if (bars >= 4 and line.text.lstrip().startswith("|")) or (2 <= bars <= 3 and len(line.text) <= 20):
            cells = [Line(i, cell) for i, cell in enumerate(c for c in _CELL_BORDER.split(_plain(line)) if c)]
            day = _badge_day(cells, ctx)
            if day is not None:
                return day
    return None


def _reworded(candidates: list[Line], key: str, headed: bool) -> Line | None:
    """The line that says most of the page title's words in its own order and wording: on a
    page with headings the first such H1 or H2, in plain text the kept line sharing most words."""
    title_words = set(key.split())
    near: list[tuple[int, int, Line]] = []
    for line in candidates:
        own_words = norm_words(line.text).split()
        if len(own_words) < 4 or not (1 <= line.heading <= 2 if headed else line.kept):
            continue
        common = sum(1 for w in own_words if w in title_words)
        if common >= 4 and common * 10 >= len(own_words) * 7:
            near.append((0 if headed else -common, line.no, line))
    return min(near, key=lambda r: r[:2])[2] if near else None


def _name_beside_date(window: list[Line], meta: Metadata, ctx: _Ctx) -> None:
    """A bare name line next to the date line under the headline is its byline; so is one
    right under the headline that links to the person's own page."""
    for i, line in enumerate(window):
        if _filed_under(line, ctx):
            continue
        if i < 3 and line.meta is None and not line.list_item and line.links == 1 \
                and 2 <= words(line.text) <= 3 and looks_like_name(line.text.rstrip(","), ctx.rules) \
                and norm_words(line.text) not in ctx.menu and not line.text.isupper() \
                and any(_author_linked(line, ctx) or _name_by_slug(line.text, url, ctx.rules)
                        for url in ctx.links.get(line.no, ())):
            meta.authors = split_names(line.text.rstrip(","), ctx.rules)
            _mark(line, "authors")
            return
        if line.meta is not None or (line.heading > 0 and line.heading < 4) or line.list_item \
                or line.removed_by in ctx.rules.button_rules:
            continue
        barred = _barred_name(line.text, ctx)  # "Newsdesk | Jane Roe" over its date line
        bare = barred is None and looks_like_name(line.text, ctx.rules) and not line.text.isupper() \
            and (len(line.text.split()) if _CASELESS.search(line.text) else words(line.text)) <= 4 \
            and norm_words(line.text) not in ctx.menu and "," not in line.text \
            and (line.links <= 1 or _author_linked(line, ctx))
        if (barred is not None or bare) and (_dated_beside(window, i, ctx) or _followed(window, i, ctx)):
            meta.authors = split_names(barred or line.text, ctx.rules)
            _mark(line, "authors")
            return


def _followed(window: list[Line], i: int, ctx: _Ctx) -> bool:
    """Is the line under ``window[i]`` a follow button, the name's own line repeated (an
    avatar's text) allowed between ("Jane Roe" / "Jane Roe" / "Follow")?"""
    under = window[i + 1:i + 3]
    if under and under[0].text == window[i].text:
        under = under[1:]
    return bool(under) and bool(ctx.rules.follow.match(under[0].text))


def _dated_beside(window: list[Line], i: int, ctx: _Ctx) -> bool:
    """Is the line right above or right below ``window[i]`` the date line (read as the date,
    or short and holding one)?"""
    return any(n.meta == "date_published" or (len(n.text) <= 40 and ctx.date_in(n.text))
               for n in window[max(0, i - 1):i + 2] if n is not window[i])


_PERSON_TOKEN = re.compile(r"(?:[A-ZÀ-ÞŁŚŻ][a-zà-ÿłśżćńąę'’-]+|[A-ZÀ-Þ]\.|[A-ZÀ-Þ][a-zà-ÿ]{0,4}\.)")


def _person_name(text: str, ctx: _Ctx) -> bool:
    """A bare line that reads as a person's name: two to four capitalised words ("Jane
    Roe", "Dr. Jane M. Roe"), not in capitals, not a menu item of the page."""
    tokens = [t for t in text.split() if t.lower() not in ctx.rules.particles]
    return 2 <= len(tokens) <= 4 and all(_PERSON_TOKEN.fullmatch(t) for t in tokens) \
        and looks_like_name(text, ctx.rules) and not is_organisation(text, ctx.rules) \
        and norm_words(text) not in ctx.menu


def _name_in_header(before: list[Line], after: list[Line], meta: Metadata, ctx: _Ctx) -> None:
    """The one bare name line of a dated header: under the headline, before the first
    paragraph, within four lines of the date line (which may sit just above the headline).
    A header with two such lines (a rubric, a menu label) names nobody; nor does a line
    above the headline, where kickers and rubrics sit."""
    window = [*before]
    for line in after:
        if line.kept and not line.heading and is_prose(line.text):
            break
        window.append(line)
    dated = [i for i, line in enumerate(window) if line.meta == "date_published"]
    names = [i for i, line in enumerate(window) if i >= len(before) and line.kept and line.heading in (0, 3, 4, 5, 6)
             and not line.list_item and line.links <= 1 and not _filed_under(line, ctx) and _people(_unmarked(line), ctx)]
    if len({norm_words(window[i].text) for i in names}) == 1 and any(abs(names[0] - i) <= 4 for i in dated):
        line = window[names[0]]
        meta.authors = split_names(_unmarked(line), ctx.rules)
        _mark(line, "authors")


def _filed_under(line: Line, ctx: _Ctx) -> bool:
    """Does the line link to a category or tag page ('[Harbour News](/category/harbour-news/)'):
    what the post is filed under, however name-like?"""
    return any(ctx.rules.taxonomy_url.search(url.split("?")[0]) for url in ctx.links.get(line.no, ()))


#: A note marker on a name: an affiliation ('Jane Roe(1)', 'Jane Roe¹', 'Jane Roe1,2'), a
#: corresponding author ('Jane Roe*', 'Jane Roe†').
_NAME_MARK = re.compile(r"(?<=[^\W\d_])(?:\(\d{1,2}\)|\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:,[¹²³⁴⁵⁶⁷⁸⁹⁰]+)*"
                        r"|\d{1,2}(?:,\d{1,2})*(?=[\s,;]|$)|[*†‡]+)")


def _unmarked(line: Line) -> str:
    return _NAME_MARK.sub("", _plain(line)).strip("*_ ")


def _people(text: str, ctx: _Ctx) -> bool:
    """A bare line of one person's name, or of several joined ('Jane Roe, John Doe and Ann Poe')."""
    if _person_name(text, ctx):
        return True
    parts = split_names(text, ctx.rules)
    return len(parts) > 1 and all(_person_name(part, ctx) for part in parts)


def _read_below(lines: list[Line], last: Line, meta: Metadata, ctx: _Ctx) -> None:
    """An explicit byline further down the article ('Posted by …' under the text), before any comments."""
    for index in range(lines.index(last) + 1, len(lines)):
        line = lines[index]
        if line.removed_by in ctx.rules.comment_rules:
            return
        if line.blank or line.meta is not None or len(line.text) > 200:
            continue
        authors, day = bool(meta.authors), meta.date_published
        probe = Metadata()
        text = _plain(line)
        if text.rstrip().endswith((":", "：")) and len(text) <= 30:
            value = _next_filled(lines, index)
            line = Line(line.no, text.rstrip() + " " + value.text) if value is not None and len(value.text) <= 120 else line
        if _read_byline(line, probe, ctx, explicit=True) or _read_labelled(line, probe, ctx) or (
                not authors and _read_author_link(line, probe, ctx)):
            if probe.authors and day is None and probe.date_published is None:  # the byline's date line
                probe.date_published = _date_beside(lines, index, ctx)
            if not authors and probe.authors:
                meta.authors = probe.authors
            if probe.date_published is not None:  # below the header: a "last updated" only when nothing better
                meta.offer_date(probe.date_published, 3 if probe._date_rank < 3 else 4)
            if meta.authors and meta.date_published is not None and meta._date_rank <= 3:
                return


def _date_beside(lines: list[Line], index: int, ctx: _Ctx) -> dt.date | None:
    """A short date line within three lines of the byline at ``lines[index]``."""
    no = lines[index].no
    near = [n for n in lines[max(0, index - 6): index + 7] if not n.blank and n.no != no]
    near.sort(key=lambda n: abs(n.no - no))
    for other in near[:6]:
        text = _plain(other)
        if len(text) <= 60 and (could_be_date(text, 8) or _starts_with_date(text)):
            day = ctx.date_in(text)
            if day is not None:
                return day
    return None


_WORDY = re.compile(r"[^\W_]")
#: The credit line of an embedded post ("— Jane Roe (@jroe) May 2, 2024"): its date is the post's.
_EMBED_CREDIT = re.compile(r"\(@\w{1,30}\)")
#: A span of clock times ("13:15 Uhr - 19:00 Uhr", "9:00–17:00"): the day beside it is an
#: event's (opening hours, a meeting), never when an article was published.
_TIME_SPAN = re.compile(r"(?<![\d:])\d{1,2}[:h]\d{2}\s*+(?:uhr|h|[ap]\.?m\.?)?\s*+[-–—]\s*+\d{1,2}[:h]\d{2}(?!\d)",
                        re.IGNORECASE)


def _event_day(text: str, rules: MetadataRules) -> bool:
    """Is the day of a line an event's: under an event label ("Termin: 21.02.2025") or beside a
    span of clock times ("30 March 2025, 13:15 – 19:00")? Never the article's publication."""
    return rules.event_label.match(text) is not None or _TIME_SPAN.search(text) is not None


def _plain(line: Line) -> str:
    """A line's text without the '- ' that marks a list item."""
    return line.text[2:] if line.list_item and line.text.startswith("- ") else line.text


_DATE_START = re.compile(r"^\W{0,3}(?:[^\W\d_]{2,12},\s+)?"  # an optional weekday
                         r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?\s+(?:de\s+)?\w+\.?\s+(?:de\s+)?\d{4}"
                         r"|\w+\.?\s+\d{1,2},?\s+\d{4})")


def _starts_with_date(text: str) -> bool:
    return bool(_DATE_START.match(text))


def _author_page(url: str, rules: MetadataRules, own: bool = False) -> bool:
    """Does the link go to an author's page ('/author/jane-roe/', '/?author=5'; other query
    parameters and the fragment aside)? With ``own``, to one author's own page: a path word
    with a name after it ('/author/jroe/', '/team/jane-roe'), not the list of them ('/team/')."""
    path, _, query = url.split("#")[0].partition("?")
    found = rules.author_url.search(path)
    if found is not None and (not own or path[found.end():].strip("/")):
        return True
    return rules.author_url.search("?" + query) is not None


def _author_linked(line: Line, ctx: _Ctx) -> bool:
    return any(_author_page(url, ctx.rules) for url in ctx.links.get(line.no, ()))


def _read_author_link(line: Line, meta: Metadata, ctx: _Ctx, header: bool = False, rank: int = 2) -> bool:
    """A short line that is a link to an author's page ('/author/jane-roe/') names the author;
    in the header, so do the links to such pages whose own texts are names, in a line of links
    ('DATE · Jane Roe · News')."""
    if meta.authors or not line.links:
        return False
    anchored = _anchor_named(line, ctx) if header and not line.list_item else []
    if anchored:
        meta.authors = anchored
        day = ctx.date_in(line.text)
        if day is not None:
            meta.offer_date(day, rank)
        _mark(line, "authors")
        return True
    if words(line.text) > 12 or len(ctx.anchors.get(line.no, ())) > 1:  # several links' texts run together
        return False
    if not _author_linked(line, ctx):
        return False
    text = line.text
    parts = [ctx.rules.byline.sub(r"\g<names>", part).strip() for part in re.split(r"\s*[|·•]\s*|\s+[–—/-](?:\s+|$)", text)]
    by_slug = _slug_named(text, line, ctx)
    linked = {norm_words(label) for label, url in ctx.anchors.get(line.no, ()) if _author_page(url, ctx.rules)}
    named = [p for p in parts if looks_like_name(p, ctx.rules)
             or (_single_name(p) and norm_words(p) not in ctx.rules.interface
                 and (not linked or norm_words(p) in linked))]  # "All posts · E-mail": no name
    if by_slug and (not named or any(by_slug[0] in p and by_slug[0] not in split_names(p, ctx.rules) for p in named)):
        named = by_slug  # "Jane Roe Culture" (two links' texts run together): the slug says where the name ends
    if not named:
        return False
    meta.authors = split_names(named[0], ctx.rules)
    day = ctx.date_in(text)
    if day is not None:
        meta.offer_date(day, rank)
    _mark(line, "authors")
    return True


def _anchor_named(line: Line, ctx: _Ctx) -> list[str]:
    """The names that the line's links to authors' pages give as their texts; none when there
    are more than ``_MOST_LINKED``, or the line holds more than ``_MOST_LINKS`` links (a list of
    the site's people or pages, not a byline)."""
    anchors = ctx.anchors.get(line.no, ())
    if len(anchors) > _MOST_LINKS:
        return []
    names: dict[str, None] = {}
    for label, url in anchors:
        names.update(dict.fromkeys(_anchor_name(label, url, ctx)))
        if len(names) > _MOST_LINKED:
            return []
    return list(names)


#: The most people one byline links to, and the most links of a line a byline is read from.
_MOST_LINKED, _MOST_LINKS = 10, 40


def _anchor_name(label: str, url: str, ctx: _Ctx) -> list[str]:
    """The name(s) a link to an author's page gives as its text: 'Jane Roe', 'By Jane Roe', a
    handle ('jroe'); not a label ('All posts', 'More by this author') or a site's host name."""
    if not _author_page(url, ctx.rules, own=True):
        return []
    name = ctx.rules.byline.sub(r"\g<names>", label).strip(" .,:;")
    names = _names_in(name, ctx)
    if names:
        return names
    if norm_words(name) in ctx.rules.interface or _HOST.fullmatch(name) or not _HANDLE.fullmatch(name):
        return []
    return [name]


#: A host name ('courier.example', 'www.courier.example'): a site, not a person.
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")


def _slug_named(text: str, line: Line, ctx: _Ctx) -> list[str]:
    """The name in ``text`` that the slug of the line's author-page link spells, if any."""
    for url in ctx.links.get(line.no, ()):
        if _author_page(url, ctx.rules):
            name = _name_by_slug(text, url, ctx.rules)
            if name:
                return [name]
    return []


def _fold(text: str, table: Mapping[str, str] | None = None) -> str:
    """Lower-case ASCII letters only: 'Pönisch' → 'ponisch' (→ 'poenisch' with a language's
    transliteration table, ``transliterate`` in ``flows/rules/lang/*.toml``)."""
    text = text.casefold()
    for letter, spelled in (table or {}).items():
        text = text.replace(letter, spelled)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if ch.isascii() and ch.isalnum())


def _name_by_slug(text: str, url: str, rules: MetadataRules) -> str | None:
    """The words of a line that spell the author page's slug ('/author/carola-poenisch/')."""
    segments = [seg for seg in url.split("?")[0].split("#")[0].split("/") if seg]
    if len(segments) < 2:
        return None
    slug = _fold(re.sub(r"\.\w{2,5}$|[-_]?\d+$", "", segments[-1]))
    if len(slug) < 4:
        return None
    tokens = [t.strip(",;()[]") for t in text.split()]
    for size in (3, 2):
        for i in range(len(tokens) - size + 1):
            window = tokens[i:i + size]
            if not all(t[:1].isupper() for t in window):
                continue
            for table in (None, *rules.transliterations):
                joined = "".join(_fold(t, table) for t in window)
                initial = _fold(window[0], table)[:1] + "".join(_fold(t, table) for t in window[1:])
                if joined and (joined == slug or initial == slug or (len(joined) >= 8 and joined in slug)):
                    return " ".join(window)
    return None


def _single_name(text: str) -> bool:
    """One capitalised word or handle (a blog author's first name): only behind an author link."""
    return bool(re.fullmatch(r"[^\W\d_][\w.'’-]{1,30}", text)) and text[0].isupper() and not _DOMAIN.search(text)


def _read_doubled_name(filled: list[Line], meta: Metadata, ctx: _Ctx) -> None:
    """A name written on two lines in a row ("Jane Roe" / "Jane Roe": a profile card's picture
    label and link, as a copied social platform page has them) over the post's date, at most
    a line between, is the author's; that line is the author's tagline ("Head of Operations
    at …"), no headline. (A menu item or a heading repeated has no date under it.)"""
    rules = ctx.rules
    for index, (first, second) in enumerate(pairwise(filled)):
        if first.text != second.text or first.heading or second.heading or first.meta or second.meta \
                or first.list_item or not looks_like_name(first.text, rules) or words(first.text) > 5:
            continue
        if not any(ctx.date_in(line.text) is not None and len(line.text) <= 80 for line in filled[index + 2: index + 4]):
            continue
        meta.authors = meta.authors or split_names(first.text, rules)
        _take(first, "authors")
        _take(second, "authors")
        tagline = filled[index + 2] if index + 2 < len(filled) else None
        if tagline is not None and tagline.meta is None and not tagline.heading and not is_prose(tagline.text) \
                and words(tagline.text) <= 25 and ctx.date_in(tagline.text) is None:
            _take(tagline, "authors")
        return


def _read_header(header: list[Line], kept: list[Line], meta: Metadata, ctx: _Ctx, masthead: bool = True) -> None:
    rules = ctx.rules
    previous: Line | None = None
    dated: list[tuple[Line, dt.date]] = []  # the header's date lines, offered once the headline is known
    box = _fact_box([line for line in header if line.kept and not line.blank], rules)
    _read_doubled_name([line for line in header if line.kept and not line.blank and line.no not in box], meta, ctx)
    for line in header:
        if not line.kept or line.no in box:
            continue
        text = line.text
        if meta.url is None and BARE_URL.match(text):
            meta.url = text if text.startswith("http") else "https://" + text
            _take(line, "url")
            continue
        if line.heading and meta.title is None and not _interface(text, rules) \
                and not (could_be_date(text) and ctx.date(text) is not None):  # a day heading is no title
            meta.title, meta.title_line = text, line.no
            _take(line, "title")
            if previous is not None and previous.kept and _section_like(previous.text, rules):
                meta.section = previous.text
                _take(previous, "section")
            previous = line
            continue
        if _byline_or_fields(line, meta, ctx) or _read_split_byline(line, header, meta, ctx):
            continue
        if rules.desk_credit.match(text):  # "Staff Reporter, Bayport": the byline of a desk, naming nobody
            _take(line, "authors")
            continue
        if could_be_date(text) and not _event_day(text, rules) and (day := ctx.date(text)) is not None:
            dated.append((line, day))
            _take(line, "date_published")
            continue
        if meta.title is not None and meta.subtitle is None and _is_subtitle(line, kept):
            meta.subtitle = text
            _take(line, "subtitle")
            continue
        previous = line
    if meta.title is None:
        _plain_title(header, kept, meta, ctx, masthead)
    # a date line over the headline is read as the lines around it are: below one under it (a masthead's day,
    # today's date in the site's header, is no dateline)
    for line, day in dated:
        meta.offer_date(day, 2 if meta.title_line >= 0 and line.no < meta.title_line else 1)
    if meta.title is not None and meta.subtitle is None and meta.title_line >= 0:
        nxt = _next_kept_after(kept, meta.title_line)
        if nxt is not None and nxt.emphasis and words(nxt.text) <= 120:
            meta.subtitle = nxt.text
            _take(nxt, "subtitle")




def _read_barred_byline(run: list[Line], meta: Metadata, ctx: _Ctx) -> None:
    """A name and a date with the bar between them, each on a line of its own ("Jane Roe" / "|"
    / "5 March 2024": plain text set from HTML puts each inline element on a line), read as the
    one line "Jane Roe | 5 March 2024" is."""
    if meta.authors:
        return
    for at in range(1, len(run) - 1):
        bar, name, day = run[at], run[at - 1], run[at + 1]
        if not _BAR.fullmatch(bar.text) or name.meta is not None or day.meta is not None \
                or len(name.text) > 80 or len(day.text) > 80:
            continue
        probe = Line(name.no, f"{name.text} {bar.text.strip()} {day.text}")
        if _read_byline(probe, meta, ctx) and meta.authors:
            for line in (name, bar):  # the date line stays to be read as the date lines around are
                _mark(line, "authors")
            return


def _read_two_line_byline(line: Line, below: Line, beside: tuple[Line | None, Line | None], meta: Metadata,
                          ctx: _Ctx) -> None:
    """A label and its value on two lines ("Autor:" / "Jane Roe"), or a byline word and the name
    ("By" / "Jane Roe", "- By" / "- Jane Roe"), or a credit's label and the issuer ("News provided
    by" / "Example AG": the publisher, no author); ``beside``: the lines over and under the two."""
    if line.meta is None and below.meta is None and ctx.rules.credit_label.match(_plain(line)) \
            and looks_like_name(_plain(below), ctx.rules):
        meta.publisher = meta.publisher or _plain(below)
        _mark(line, "publisher")
        _mark(below, "publisher")
        return
    if line.meta is None and len(line.text) <= 30 and line.text.rstrip().endswith((":", "：")) \
            and below.meta is None and len(below.text) <= 120:
        probe = Line(line.no, line.text.rstrip() + " " + below.text)
        found = Metadata()
        if _read_labelled(probe, found, ctx):
            if found.authors and not meta.authors:
                meta.authors = found.authors
                _mark(line, "authors")
                _mark(below, "authors")
            if found.date_published is not None and meta.offer_date(found.date_published, found._date_rank):
                meta._labelled |= found._labelled
                meta._updated |= found._updated
                _mark(line, "date_published")
                _mark(below, "date_published")
            return
    _split_byline(line, below, meta, ctx, beside)


def _read_split_byline(line: Line, header: list[Line], meta: Metadata, ctx: _Ctx) -> bool:
    """``_split_byline`` with the next kept line of the header."""
    filled = [other for other in header if other.kept and not other.blank]
    index = next((i for i, other in enumerate(filled) if other is line), len(filled))
    return index + 1 < len(filled) and _split_byline(line, filled[index + 1], meta, ctx, _beside_pair(filled, index))


def _beside_pair(run: Sequence[Line], at: int) -> tuple[Line | None, Line | None]:
    """The lines over and under the pair ``run[at]``, ``run[at + 1]``."""
    return run[at - 1] if at else None, run[at + 2] if at + 2 < len(run) else None


def _split_byline(line: Line, below: Line, meta: Metadata, ctx: _Ctx, beside: Iterable[Line | None] = ()) -> bool:
    """A byline word on a line of its own and the name on the next ("Posted by" / "Jane Roe"):
    both lines are the byline (the name is never a title), the name the author unless one is known.

    After a 'by' word ("By" / "Daniel"), one word names the author as it would on one line
    ("By Daniel"): a first name, or a handle in lower case when a date line is ``beside``
    the two ("5 March 2024" / "by" / "jroe"); after a field's label ("Text" / "Photos"), it
    is a menu's next item.
    """
    label = _plain(line)
    if line.meta is not None or below.meta is not None or words(line.text) > 2 or not ctx.rules.byline_label.match(label):
        return False
    name = _plain(below)
    if looks_like_name(name, ctx.rules):
        names = split_names(name, ctx.rules)
    elif ctx.rules.by_label.match(label) and norm_words(name) not in ctx.menu:
        dated = any(other is not None and len(other.text) <= 120 and ctx.date_in(other.text) is not None
                    for other in beside)
        names = _single_after_byline(name, ctx, dated)
    else:
        names = []
    if not names:
        return False
    meta.authors = meta.authors or names
    _mark(line, "authors")
    _mark(below, "authors")
    return True


def _section_like(text: str, rules: MetadataRules) -> bool:
    """A rubric: one to four words, no sentence, no interface word ("SubscribeSign in")."""
    if words(text) > 4 or ends_sentence(text) or _interface(text, rules) or rules.byline.match(text.lstrip("-*•· ")):
        return False  # "- By Jane Roe" over the headline is its byline, no rubric
    key = f" {norm_words(text)} "
    compact = key.replace(" ", "")
    return not any(label.replace(" ", "") in compact for label in rules.interface if " " in label) \
        and not any(f" {label} " in key for label in rules.interface)


def _is_subtitle(line: Line, kept: list[Line]) -> bool:
    """A heading right after the title (Medium-style deck) of four or more words."""
    index = kept.index(line)
    prev = kept[index - 1] if index > 0 else None
    return bool(line.heading and prev is not None and prev.meta == "title" and words(line.text) >= 4)


def _next_kept_after(kept: list[Line], line_no: int) -> Line | None:
    for line in kept:
        if line.no > line_no and line.kept:
            return line
    return None


def _title_like(line: Line, last: Line, rules: MetadataRules) -> bool:
    text = line.text
    return (
        line.kept and line is not last and not line.list_item and 1 <= estimated_words(text) <= 30
        and text.rstrip()[-1:] not in ".,;:" and text.count("|") < 2 and "·" not in text
        and text[:1] not in "([*"  # a note, a marker or a footnote ('(1) Department of …'), no headline
        and not _interface(text, rules) and not rules.byline_label.match(text)  # "Posted by" over its name
        and not _interface_words(text, rules)  # "Log in | Register"
        and not _NUMBERED_FIELD.match(text)  # "News ID: 482913"
        and not _field_line(text, rules)  # "Published: DATE" in a calendar no date reader knows
    )


def _field_line(text: str, rules: MetadataRules) -> bool:
    """'Published: …', 'Author: …': a labelled date or byline, whether or not its value is read."""
    return _label_field(text, rules) in ("date", "updated", "created", "author")


#: A field whose value is a number: an article's id, a page's count ("News ID: 482913").
_NUMBERED_FIELD = re.compile(r"^[^:：\d]{1,40}[:：][\s\d./#-]*\d[\s\d./#-]*$")


def _plain_title(header: list[Line], kept: list[Line], meta: Metadata, ctx: _Ctx, masthead: bool = True) -> None:
    """Plain text: the most title-like line of the header.

    Headers often start with a masthead (site name) and navigation before the real
    headline; the headline is the longest unpunctuated line there, and a masthead in
    capitals loses to any line in normal case. A short line right before the headline
    is its rubric; a short first line before it is the masthead (the publisher). A
    title-like line right above the first byline or date line beats them all.
    """
    rules = ctx.rules
    # Each paragraph that could be a headline, as one line: a line that runs on into the next
    # ("… a semi-arid re-" / "gion over five …") is running text, not a headline.
    offered = _title_paragraphs(header, kept, ctx.wrap, rules)
    if ctx.wrap:  # hard-wrapped: neither fields nor the authors' names over their address
        offered = [(line, lines) for line, lines in offered
                   if not any(_label_match(part.text, rules) for part in lines)]
        unnamed = [(line, lines) for line, lines in offered if not _people(_unmarked(lines[0]), ctx)]
        offered = unnamed or offered[:1]  # a short headline in title case ("Slipway Repair Approved") reads as a name
    paragraphs = {id(line): lines for line, lines in offered}
    candidates = [line for line, _ in offered if _title_like(line, kept[-1], rules) and not _stamped(line.text, ctx)
                  and not _dates_only(line.text, ctx) and _barred_name(line.text, ctx) is None
                  and not _titled_name(line.text, ctx) and not _word_menu(line.text, kept)]
    if not candidates:
        return
    mixed = [line for line in candidates if not line.text.isupper()] or candidates
    anchored = _above_byline(header, rules, ctx)
    best = anchored if anchored in candidates else max(mixed, key=lambda line: (min(estimated_words(line.text), 16), -line.no))
    upper = next((line for line in candidates if line.no in (best.no - 1, best.no - 2)
                  and all(no in ctx.blank for no in range(line.no + 1, best.no))), None) if anchored is None else None
    if upper is not None and _stacked_deck(upper, best, kept, ctx):
        meta.subtitle = meta.subtitle or _plain(best)  # the body keeps it, as it keeps a standfirst
        best = upper
    meta.title, meta.title_line = best.text, best.no
    for line in paragraphs.get(id(best), [best]):
        _take(line, "title")
    before = [line for line in header if line.no < best.no and line.kept]
    if before and meta.section is None and words(before[-1].text) <= 3 and before[-1] is not header[0] \
            and _section_like(before[-1].text, rules):
        meta.section = before[-1].text
        _take(before[-1], "section")
    first = header[0]
    if first.kept and first is not best and meta.publisher is None and 1 <= words(first.text) <= 6 \
            and first.text.rstrip()[-1:] not in ".!?:;," \
            and not _interface_words(first.text, rules):  # "Anmelden   Abo": no site's name
        meta.publisher = _normal_case(TITLE_PARTS.split(first.text)[0].strip(), rules)
        _take(first, "publisher")
        if masthead:  # what sits between the site name and the headline is site chrome
            for line in header:
                if line.no < best.no and line.kept:
                    meta.removals.append(Removal("masthead", line.text, line.no))
                    line.removed_by = "masthead"


#: The fewest items of a menu set on one line with spaces only ("Home News Sport Culture
#: Opinion Archive Contact"): a headline that long holds a function word.
_MENU_ITEMS = 7
_PHRASE_MARK = re.compile(r"[,;:!?\"“”«»„।、，：？！]")
#: A word's letters with its combining marks: the vowel signs of the scripts of India are
#: marks, not ``\w``, and ``\w+`` would cut "চাষিরা" into pieces no stop list holds.
_WORD_TOKEN = re.compile(r"[^\W\d_](?:[^\W_]|[\u0300-\u036f\u0900-\u0dff\u0e00-\u0e7f\u1000-\u109f\u0591-\u05c7\u064b-\u065f])*")


def _word_menu(text: str, kept: list[Line]) -> bool:
    """A site's menu copied as one line of words (its links' texts with spaces between): seven
    words or more, each capitalised (or of a script without capitals), none a stop word of the
    page's language (jusText's lists; a language without one is never asked), and no
    sentence punctuation between them (a comma or a question mark makes a phrase)."""
    tokens = text.split()
    if len(tokens) < _MENU_ITEMS or _PHRASE_MARK.search(text):
        return False
    if not all(t[:1].isupper() or caseless(t[:1]) for t in tokens):
        return False
    page = _WORD_TOKEN.findall(" ".join(line.text for line in kept[:200]).lower())
    language = page_language(page)
    if language is None:
        return False
    stops = stop_sets()[language]
    return not any(word in stops for word in _WORD_TOKEN.findall(text.lower()))


def _stacked_deck(upper: Line, lower: Line, kept: list[Line], ctx: _Ctx) -> bool:
    """Is ``lower`` the deck under the headline ``upper``, with no byline under them (a press
    release's "Headline" / "Its deck" over its dateline paragraph)? The two make a block of
    their own, blank lines around it, not the text's first lines (a page's title line over its
    site's tagline), and hold five words or more each; set apart by a blank line (a word
    processor's paragraphs), the deck stands right over the article's first prose."""
    if not (upper.no - 1 in ctx.blank and lower.no + 1 in ctx.blank and not _opens_text(upper.no, ctx)
            and words(upper.text) >= 5 and words(lower.text) >= 5):
        return False
    if lower.no == upper.no + 1:
        return True
    below = _next_kept_after(kept, lower.no)
    return below is not None and not below.heading and is_prose(below.text)


def _title_paragraphs(header: list[Line], kept: list[Line], width: int | None,
                      rules: MetadataRules) -> list[tuple[Line, list[Line]]]:
    """Hard-wrapped text: the paragraphs opening in the header that could be a headline, each
    as one line (the paragraph's own line when it has one) with the lines it stands for. A
    paragraph of running text (read whole, also where it goes on below the header) offers
    none of its lines; a title wrapped over several lines is one."""
    if not header:
        return []
    opening = {line.no for line in header}
    paragraphs: list[list[Line]] = []
    for line in kept:
        if line.no > header[-1].no and (not paragraphs or paragraphs[-1][0].no not in opening):
            break
        last = paragraphs[-1][-1] if paragraphs else None
        if last is not None and line.no == last.no + 1 and not (line.heading or last.heading or line.list_item) \
                and continues(last.text, line.text, width) and not rules.byline.match(line.text):  # "by Jane Roe"
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    out: list[tuple[Line, list[Line]]] = []
    for lines in paragraphs:
        if lines[0].no not in opening:
            continue
        if len(lines) == 1:
            out.append((lines[0], lines))
            continue
        text = join_lines([line.text for line in lines])
        if not is_prose(text):
            out.append((Line(lines[0].no, text), lines))
    return out


def _normal_case(text: str, rules: MetadataRules) -> str:
    """'THE KESTON VALE COURIER' → 'The Keston Vale Courier' (other text unchanged)."""
    if not text.isupper():
        return text
    tokens = text.lower().split()
    return " ".join(t if i and t in rules.particles else t[:1].upper() + t[1:] for i, t in enumerate(tokens))


_FIELD_SEPARATOR = re.compile(r"(?<!\s)\s++[|·•–—-]\s+|(?:(?<!\s)\s++)?\|\s*|(?<!\s)\s++//\s+")


def _label_match(text: str, rules: MetadataRules) -> re.Match[str] | None:
    """``rules.label`` or ``rules.date_label`` matched on ``text``, each asked only when the text
    could hold it (a colon near its start; a first word that opens a date label): both are
    long alternations over every language's labels, and most lines are neither."""
    head = text[:_LABEL_REACH]
    if (":" in head or "：" in head) and (match := rules.label.match(text)):
        return match
    first = text.split(None, 1)[0].lower() if text and not text[0].isspace() else ""
    return rules.date_label.match(text) if first in rules.date_label_starts else None


def _label_field(text: str, rules: MetadataRules) -> str | None:
    """The field a 'Label: value' line names ('date', 'author' …), or None."""
    match = _label_match(text, rules)
    return rules.label_fields.get(match.group("label").lower()) if match else None


#: How far into a line a label's colon can stand (the longest label and the space before its colon).
_LABEL_REACH = 80


def _read_labelled(line: Line, meta: Metadata, ctx: _Ctx) -> bool:
    """'Label: value' lines, and lines of several such fields joined by '|'."""
    segments = [seg.strip() for part in _FIELD_SEPARATOR.split(_plain(line)) for glued in ctx.rules.glued_label.split(part)
                for seg in (ctx.rules.wide_label.split(glued) if "：" in glued else (glued,)) if seg.strip()]
    found = [_read_field(seg, line, meta, ctx) for seg in segments]
    if any(found):
        if any(is_prose(seg) for seg, field_read in zip(segments, found, strict=True) if not field_read):
            line.meta = None  # the fields are read, but a line that also holds prose stays in the body
        elif line.removed_by is None:
            _take(line, line.meta or "metadata")
        return True
    return False


def _read_field(text: str, line: Line, meta: Metadata, ctx: _Ctx) -> bool:
    rules = ctx.rules
    match = _label_match(text, rules)
    if not match:
        return False
    field_name = rules.label_fields[match.group("label").lower()]
    value = match.group("value").strip()
    if field_name in ("date", "updated", "created"):  # a date last updated only when nothing says when it was published
        day = ctx.date(value) or (ctx.date_in(value) if len(value) <= 60 else _opening_day(value, ctx))
        if day is None or not meta.offer_date(day, 0 if field_name == "date" else 3):
            return False
        (meta._labelled if field_name == "date" else meta._updated).add(day)
        _mark(line, "date_published")
    elif field_name == "author":  # a one-word handle only on a line that also holds its date
        day = ctx.date_in(_plain(line))
        names = _names_in(value, ctx) or (_single_after_byline(value, ctx, dated=True) if day is not None else [])
        if not names:
            return False
        meta.authors = meta.authors or names
        meta.offer_date(day, 2)  # "Autor: Jane Roe | 3 May 2024": the byline's date
        _mark(line, "authors")
    elif field_name == "properties":  # a note's own fields ('Created:', 'Slug:'): the page's, naming nothing
        _mark(line, "metadata")
    elif field_name == "url":
        if not BARE_URL.match(value):
            return False
        meta.url = meta.url or value
        _mark(line, "url")
    else:
        if line.removed_by is not None:
            return False
        current = getattr(meta, field_name, None)
        if current is None:
            setattr(meta, field_name, value)
        _mark(line, field_name)
    return True


def _mark(line: Line, field_name: str) -> None:
    """Take a line for a field unless a boilerplate rule removed it (then it stays removed)."""
    if line.removed_by is None:
        line.meta = line.meta or field_name


def _nominative(byline: str, names: list[str], rules: MetadataRules) -> list[str]:
    """The names of a byline whose word puts them in another case ("Του Γιώργου Αλεξανδράκη",
    "Της Μαρίας Κωστοπούλου") in their own form: each word's ending replaced by the language's
    table, the last word of a name by the surname's (``name_case`` in the language files)."""
    for opener, given, surname in rules.name_cases:
        if opener.match(byline):
            return [" ".join(_ending(word, surname if i == len(parts) - 1 and len(parts) > 1 else given)
                             for i, word in enumerate(parts)) for parts in (name.split(" ") for name in names)]
    return names


def _ending(word: str, table: tuple[tuple[str, str], ...]) -> str:
    for old, new in table:
        if word.endswith(old) and len(word) > len(old) + 1:
            return word[: -len(old)] + new
    return word


#: A clock time ('18:52', '6:52 PM'): where a byline's name ends ("Posted by Jane Roe at 6:52 PM").
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:]\d)")


#: A bracketed aside after a name ("(University of Bergen)"), and one followed by the next name.
_ASIDE = re.compile(r"\s*[(（][^()（）]{1,100}[)）]")
_LISTED_ASIDE = re.compile(r"[(（][^()（）]{1,100}[)）]\s*[,;，、]\s*[^\W\d_]")


def _names_in(value: str, ctx: _Ctx) -> list[str]:
    """The names of a byline value, cut before a date or a trailing field ('Jane Roe, 3 May 2024')."""
    span = ctx.date_span(value)
    if span is not None and span[0] > 0:
        value = value[: span[0]].rstrip(" /,;|·•–—-")
    clock = _CLOCK.search(value)
    if clock is not None and clock.start() > 0:  # Blogger's "Posted by Jane Roe at 6:52 PM"
        value = ctx.rules.connector.sub("", value[: clock.start()].rstrip(" /,;|·•–—-"))
    if _LISTED_ASIDE.search(value):  # "Jane Roe (Univ. A), Tim Moe (Univ. B)": each name's affiliation
        value = _ASIDE.sub("", value)
    value = re.split(r"\s*[|·•]\s*|\s+[–—/-]\s+|\s*[(（]|\s+\S+[:：]|\s{3,}", value)[0].strip().rstrip(":：")
    filed = ctx.rules.filed_in.search(value)
    if filed is not None and "," not in value[: filed.start()]:  # 'Jane Roe in News' (WordPress): the category
        value = value[: filed.start()]
    posted = ctx.rules.posted_word.search(value)
    if posted is not None and posted.start() > 0:  # 'Jane Roe Published on': no part of the name
        value = value[: posted.start()].rstrip(" ,;|·•–—-")
    # as written; cut before a number; cut before a comma that opens a description of the
    # person ('Jane Roe, project lead of the harbour trust')
    for part in (value, re.split(r",?\s+(?=\d)", value)[0], value.split(",")[0]):
        names = split_names(part, ctx.rules)
        if names and all(looks_like_name(n, ctx.rules) for n in names):
            return names
    return []


_HANDLE = re.compile(r"[^\W_][\w.'’-]{1,30}")


def _single_after_byline(value: str, ctx: _Ctx, dated: bool = False) -> list[str]:
    """One word after a byline word ("By Daniel", "von redaktion"): a first name or a handle.

    ``dated``: the line also holds its date ("Posted on 3 May 2024 by jroe", "Gespeichert
    von jroe am …", "3 May 2024 by Jane 4 Comments"). A byline word, a date and one word
    between them make a byline whatever its case, so a lower-case handle counts there; the
    word ends before the date, a count or a trailing joiner ("jroe on 3 May 2024"). A handle
    under a platform's mark ("u/jroe", "@jroe", ``handle_marks``) counts whatever its case.
    """
    marked = ctx.rules.handle_mark.match(value)
    if marked is not None:
        value, dated = value[marked.end():], True
    if not dated and words(value) > 4:  # "Von Einheimischen, Gästen und Kühen": a headline that opens with "Von"
        return []
    if dated:
        span = ctx.date_span(value)
        value = value[: span[0]] if span is not None and span[0] > 0 else value
        value = re.split(r"\s+(?=\d)|\s*/", value)[0]
        value = ctx.rules.posted_word.split(value)[0]  # "von jroe Veröffentlicht am 11. Juni 2019"
        value = ctx.rules.joiner.split(value.strip() + " ")[0]
    value = ctx.rules.joiner.split(re.split(r"\s*[|·•»,(（]\s*|\s+[–—-]\s+", value)[0])[0].strip()
    if _HANDLE.fullmatch(value) and not value[:1].isdigit() and norm_words(value) not in ctx.rules.interface \
            and not _DOMAIN.search(value) and not (value.isupper() and len(value) > 3) \
            and (dated or value[0].isupper() or any(ch.isdigit() for ch in value)) and not value.endswith("."):
        return [value]
    return []


def _byline_or_fields(line: Line, meta: Metadata, ctx: _Ctx, rank: int = 2) -> bool:
    """A byline (``_read_byline``), else 'Label: value' fields (``_read_labelled``); a byline
    that gave only its date is read on for the fields after it ('Published: 10.03.2025 |
    Author: Jane Roe')."""
    if _read_byline(line, meta, ctx, rank=rank):
        if not meta.authors and _FIELD_SEPARATOR.search(_plain(line)):
            _read_labelled(line, meta, ctx)
        return True
    return _read_labelled(line, meta, ctx)


def _read_byline(line: Line, meta: Metadata, ctx: _Ctx, explicit: bool = False, rank: int = 2) -> bool:
    """Bylines with a byline word ("By", "Posted on … by", "Von", "作者"); unless ``explicit``,
    also a name beside a date or a reading time ("Jane Roe | 3 May 2024", "Jane Roe · 5 min read")."""
    rules = ctx.rules
    text = _plain(line)
    if len(text) > 200:
        return False
    handle = _handle_name(text, ctx)
    if handle is not None:  # "Jane Roe @jroe@example.social" over a post
        meta.authors = meta.authors or split_names(handle, rules)
        _mark(line, "authors")
        return True
    for pattern in (rules.posted_by, rules.by_on):
        match = pattern.match(text)
        if match and pattern is rules.by_on and ctx.date_in(match.group("date")) is None:
            continue  # "By Jane Roe March 2, 2024": the comma parted the date, not the name from it
        if match:
            day = ctx.date_in(text)  # the first date of the line: published, not updated
            names = _names_in(match.group("names"), ctx) or \
                (_single_after_byline(match.group("names"), ctx, dated=True) if day is not None else [])
            if names and day is not None:
                meta.offer_date(day, rank)
                meta.authors = meta.authors or names
                _mark(line, "authors")
                return True
    match = rules.byline.match(text)
    if match:
        day = ctx.date_in(match.group("names"))  # "Post by jroe » Sun Jun 16, 2024 9:12 am" (a forum post)
        names = _names_in(match.group("names"), ctx) or \
            _single_after_byline(match.group("names"), ctx, dated=day is not None or _author_linked(line, ctx))  # "By jroe" to /author/jroe
        if names:
            meta.authors = meta.authors or _nominative(text, names, rules)
            if day is not None:
                meta.offer_date(day, rank)
            _mark(line, "authors")
            return True
    date_first = _date_first_byline(text, ctx)
    if date_first is not None:
        meta.offer_date(date_first[1], rank)
        meta.authors = meta.authors or date_first[0]
        _mark(line, "authors")
        return True
    match = rules.posted_date.match(text)
    if match:
        day = ctx.date(match.group("date")) or ctx.date_in(match.group("date"))
        if day is not None and meta.offer_date(day, 1):
            meta._labelled.add(day)
            _mark(line, "date_published")
            return True
    if not explicit and len(text) <= 80:  # "Jane Roe 19.10.2019, 05:00" (no separator)
        span = ctx.date_span(text)
        if span is not None:
            rest = strip_times(text[: span[0]] + " " + text[span[1]:]).strip(" ,;|·•–—-")
            rest = re.sub(r"\s+", " ", rules.connector.sub("", rest)).strip(" ,;|·•–—-")
            if looks_like_name(rest, rules) and not rest.isupper() and words(rest) <= 4 and "," not in rest \
                    and norm_words(rest) not in ctx.menu and not rules.posted_word.search(rest):
                meta.offer_date(span[2], rank)
                meta.authors = meta.authors or _slug_named(rest, line, ctx) or split_names(rest, rules)
                _mark(line, "authors")
                return True
    # "Jane Roe | 3 March 2024", "Jane Roe · 5 min read", "3 March 2024 | Jane Roe"
    if not explicit and ("|" in text or "·" in text or "•" in text):
        parts = [p.strip() for p in _BAR.split(text) if p.strip()]
        if 2 <= len(parts) <= 5:
            bylined = [m.group("names") for m in map(rules.byline.match, parts) if m]
            filed = {norm_words(label) for label, url in ctx.anchors.get(line.no, ()) if rules.taxonomy_url.search(url)}
            named = [p for p in parts if looks_like_name(p, rules) and not p.isupper()
                     and p.split(" ", 1)[0].lower() not in rules.name_articles and norm_words(p) not in filed] or \
                [n for value in bylined for n in (_names_in(value, ctx) or _single_after_byline(value, ctx))][:1]
            dated = [d for d in (ctx.date_in(p) for p in parts if p not in named) if d is not None]
            timed = any(rules.reading_time.match(p) for p in parts)
            first_named = next((i for i, p in enumerate(parts) if named and named[0] in p), 9)
            names = split_names(named[0], rules) if len(named) == 1 else []
            if len(names) > 1 and all(len(name.split()) == 1 for name in names):
                names = []  # "3 March 2024 | Nature, Wildlife": the post's categories, no people
            # "Category · 8 Dec 2024 · jroe": the name after the post's category and its date
            after_filing = first_named < 9 and all(norm_words(p) in filed or ctx.date_in(p) is not None
                                                   for p in parts[:first_named])
            if names and (dated or timed) and (first_named <= 1 or after_filing):
                if dated:
                    meta.offer_date(dated[0], rank)
                meta.authors = meta.authors or names
                _mark(line, "authors")
                return True
    return False


def _date_first_byline(text: str, ctx: _Ctx) -> tuple[list[str], dt.date] | None:
    """A line that opens with its date and then names the author: "3 May 2024 by Jane Roe",
    "05.03.2024, 10:42 Uhr – von jroe", "3 May 2024 by Jane 4 Comments"."""
    if len(text) > 160 or not may_hold_date_by(text, 14):
        return None
    span = ctx.date_span(text, other_languages=True, max_start=14)
    if span is None or (span[0] > 3 and not text[: span[0]].strip(" ,").isalpha()):
        return None  # the date opens the line, or follows its weekday ("jeudi 13 juin 2024, par …")
    rest = ctx.rules.lead_connector.sub("", strip_times(text[span[1]:])).strip()
    match = ctx.rules.byline.match(rest)
    value = match.group("names") if match else None
    label = ctx.rules.label.match(rest) if value is None else None  # "3 May 2024, 13:15 Author: Jane Roe"
    if label is not None and ctx.rules.label_fields.get(label.group("label").lower()) == "author":
        value = label.group("value")
    if value is None:
        return None
    names = _names_in(value, ctx) or _single_after_byline(value, ctx, dated=True)
    return (names, span[2]) if names else None


_DATELINE = re.compile(
    r"^(?P<prefix>[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,40}(?:,\s*[A-ZÀ-Þ][\w .'’-]{1,30})?(?:\s*\([A-Z]{1,10}\))?"
    r"\s*[—–-]{1,2}\s*(?P<date>[^—–]{4,40}?)\s*[—–-]{1,2})\s+(?=\S)"
)

#: What follows a paragraph's opening day when it is set off by a dash ("05.03.2024 – The …").
_DASH_AFTER = re.compile(r"\s*[—–-]{1,2}\s+\S")
#: A press release's opening: its place, a comma, its day and a dash ("Bern, 5. März 2024 – …"),
#: a wire service's tag between day and dash ("CITY, May 21, 2024 /PRNewswire/ --", "(GLOBE NEWSWIRE) --").
_PLACE_DATE = re.compile(r"^[A-ZÀ-Þ][\w.'’/ -]{1,40}?,\s+(?P<date>[^—–]{6,30}?\d)"
                         r"(?:\s+(?:/[^\W\d_][\w .-]{1,40}/|\([^\W\d_][\w .-]{1,40}\)))?(?:\.\s*|\s+)[—–-]{1,2}\s*(?=\S)")


#: A paragraph's opening day set off from its text by a bar, with a few words of its own ("Press release of DAY | …").
_BARRED_DAY = re.compile(r"^(?P<date>[^|]{6,50}?)(?<!\s)\s++\|\s++(?=\S)")


def _opening_day(text: str, ctx: _Ctx, dashed: bool = False) -> dt.date | None:
    """The day a paragraph opens with ("05.03.24 - The committee met …"); with ``dashed``,
    only one set off by a dash (a paragraph further down opens so only as the news's date)."""
    if not _starts_with_date(text):
        return None
    span = ctx.date_span(text[:60])
    if span is None or span[0] > 3 or (dashed and not _DASH_AFTER.match(text, span[1])):
        return None
    return span[2]


def _read_dateline(line: Line, meta: Metadata, ctx: _Ctx) -> None:
    """A wire-style dateline opening the first paragraph: 'SPRINGFIELD, Ohio — May 8, 2024 — …'."""
    match = _DATELINE.match(line.text)
    if not match:
        place = _PLACE_DATE.match(line.text)  # "Bern, 5. März 2024 – …": a press release's place and day
        if place is not None:
            meta.offer_date(ctx.date(place.group("date")), 2)
        elif (barred := _BARRED_DAY.match(line.text)) is not None:  # "Pressemitteilung vom 5. März 2024 | Berlin – …"
            meta.offer_date(ctx.date_in(barred["date"]), 2)
        else:  # "05.03.24 - The committee met …": the paragraph opens with its date
            meta.offer_date(_opening_day(line.text, ctx), 2)
        return
    day = ctx.date(match.group("date"))
    if day is None:
        return
    meta.offer_date(day, 1)
    meta.removals.append(Removal("dateline", match.group("prefix"), line.no))
    line.text = line.text[match.end():]


def _read_after_lede(lines: list[Line], meta: Metadata, ctx: _Ctx) -> None:
    """Byline and date lines that follow a standfirst paragraph instead of the title."""
    for line in lines:
        if not line.kept or line.heading or is_prose(line.text):
            return
        if _byline_or_fields(line, meta, ctx):
            continue
        if could_be_date(line.text) and meta.offer_date(ctx.date(line.text), 2):
            _take(line, "date_published")
            continue
        return


#: The most words of an author box's link under its bio ('View all posts by Jane Roe').
_BOX_LINK_WORDS = 8


def _read_bio(kept: list[Line], first_prose: int, meta: Metadata, rules: MetadataRules, max_words: int) -> None:
    """A closing 'X is a … living in …' paragraph becomes ``author_bio``."""
    if len(kept) < 2:
        return
    end = len(kept) - 1  # under the bio, the author box's own link ('More posts by Jane') is no text after it
    if words(kept[end].text) <= _BOX_LINK_WORDS and rules.byline.match(_plain(kept[end])):
        end -= 1
    last = kept[end]
    if end <= first_prose or last.heading or words(last.text) > max_words:
        return
    for heading, below in pairwise(kept[first_prose + 1:]):  # "About the author" / its paragraph
        if norm_words(heading.text.rstrip(":：")) in rules.bio_headings and not below.heading \
                and is_prose(below.text, 12) and words(below.text) <= max_words:
            meta.author_bio = below.text
            _take(heading, "author_bio")
            _take(below, "author_bio")
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


def _dated_below(lines: list[Line], line: Line, ctx: _Ctx) -> bool:
    """Is the next non-blank line a date line and nothing else?"""
    below = _next_filled(lines, lines.index(line))
    return below is not None and could_be_date(below.text) and ctx.date(below.text) is not None


def _read_trailer(lines: list[Line], meta: Metadata, ctx: _Ctx) -> None:
    """Signature and dateline: the short lines right under the last prose paragraph.

    Only lines directly under the text count: once a line was removed as boilerplate
    (a footer, a menu), what follows is page furniture, not a signature.
    """
    last_prose = next((i for i in range(len(lines) - 1, -1, -1)
                       if lines[i].kept and not lines[i].heading and is_prose(lines[i].text)), None)
    if last_prose is None:
        return
    text_lines = [line for line in lines if not line.blank]
    removed = sum(1 for line in text_lines if line.removed_by is not None)
    bare_names = removed * 10 < len(text_lines) * 3  # a page dump's trailer is its footer: no bare names
    seen = 0
    for line in lines[last_prose + 1:]:
        if line.blank or line.meta:
            continue
        if not line.kept or seen >= 3 or line.heading:
            return
        seen += 1
        text = line.text
        if could_be_date(text):
            day = ctx.date(text)
            if day is not None:
                meta.offer_date(day, 3)
                _take(line, "date_published")
                continue
        if _byline_or_fields(line, meta, ctx):
            continue
        dash = _SIGNATURE_DASH.match(text)
        candidate = dash.group("name") if dash else text
        if _single_name(candidate) and norm_words(candidate) not in ctx.rules.interface and _dated_below(lines, line, ctx):
            if not meta.authors and not line.links:  # "Jane" over "5 March 2024": a blog's signature
                meta.authors = [candidate]
                _take(line, "authors")
            continue
        if not looks_like_name(candidate, ctx.rules) or text == meta.title:
            return  # a label or a sentence: what follows is no signature
        bare = bare_names and not line.links and not line.list_item and norm_words(candidate) not in ctx.menu
        if not meta.authors and (dash or bare) and (not candidate.isupper() or "(" in candidate):
            meta.authors = split_names(candidate, ctx.rules)
            _take(line, "authors")
