"""Reproducible synthetic corpus of raw scrape files for benchmarking docmill.

The generator reads the seed articles (``raw/*.txt``) at run time, keeps their
body paragraphs, and writes N new files of about 10 KB each built from those
paragraphs reshuffled, wrapped in the same *kinds* of scrape debris the seeds
carry (share rows, spam-protection notices, copyright lines, donation "PS:"
appeals, template identifiers such as ``inc\\_notes\\_dist``, ``[text](#)`` link
debris, markdown escapes, dangling "available at:" bios, duplicated titles,
paragraphs broken by blank lines). No seed text is stored in this module:
titles, authors, outlets and dates come from small word lists of its own.

The mix, with exact counts (rounded) for every corpus size:

- 10 % of files carry mojibake (UTF-8 text decoded as cp1252, written as UTF-8),
- 10 % carry raw-HTML debris (``<p>``, ``<span class=..>``, ``&nbsp;``, anchors),
- 2 % hold several articles separated by ``---``, each with its own ``# Title``,
- 1 % are encoded as cp1252 (never overlapping the mojibake files).

Everything derives from one integer seed through :class:`random.Random`, so the
same seed and the same seed files give the same bytes on every machine. Files
are spread over one folder per outlet (two outlets keep a ``YYYY/`` archive
level).

Command line::

    python -m benchmarks.corpus --out DIR --files N --seed 0
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from random import Random

__all__ = [
    "GENERATOR_VERSION",
    "OUTLETS",
    "CorpusManifest",
    "FileSpec",
    "Outlet",
    "corpus_dir",
    "ensure_corpus",
    "extract_paragraphs",
    "generate_corpus",
    "load_seed_paragraphs",
    "main",
    "plan_corpus",
    "render_file",
    "to_mojibake",
]

#: Bump when the output for a given seed changes; cached corpora are then rebuilt.
GENERATOR_VERSION = 1

MOJIBAKE_SHARE = 0.10
HTML_SHARE = 0.10
MULTI_ARTICLE_SHARE = 0.02
CP1252_SHARE = 0.01

#: Mean and spread of the file size in characters (files are mostly ASCII).
TARGET_SIZE_MEAN = 9_400
TARGET_SIZE_SD = 2_500
TARGET_SIZE_MIN = 4_000
TARGET_SIZE_MAX = 20_000

# --------------------------------------------------------------------------- word lists


@dataclass(frozen=True)
class Outlet:
    """A fictional publisher: its folder, display name, web domain and page layout."""

    slug: str
    name: str
    domain: str
    layout: str
    weight: int
    archive_by_year: bool


OUTLETS: tuple[Outlet, ...] = (
    Outlet("red-meridian", "Red Meridian", "redmeridian.org", "flat", 3, False),
    Outlet("harbour-voice", "Harbour Voice", "harbourvoice.net", "blog", 3, True),
    Outlet("workers-ledger", "Workers' Ledger", "workersledger.org", "statement", 2, False),
    Outlet("open-horizon", "Open Horizon Review", "openhorizonreview.org", "magazine", 2, False),
    Outlet("left-current", "Left Current", "leftcurrent.info", "spip", 3, True),
    Outlet("common-ground", "Common Ground Weekly", "commongroundweekly.org", "blog", 2, False),
)

_FIRST_NAMES = (
    "Amina",
    "Bruno",
    "Carmen",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kwame",
    "Leila",
    "Marta",
    "Nikos",
    "Olga",
    "Pavel",
    "Quentin",
    "Rosa",
    "Samir",
    "Tove",
    "Ugo",
    "Vera",
    "Wanjiru",
    "Xavier",
    "Yusuf",
    "Zofia",
    "Aoife",
    "Björn",
    "Chloé",
    "Dário",
)
_LAST_NAMES = (
    "Achterberg",
    "Balogun",
    "Castellanos",
    "Dimitriou",
    "Eriksen",
    "Fofana",
    "Gallagher",
    "Hadad",
    "Ivanova",
    "Jansen",
    "Kariuki",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrović",
    "Quispe",
    "Rahman",
    "Silva",
    "Tanaka",
    "Urquhart",
    "Vasquez",
    "Wójcik",
    "Xu",
    "Yilmaz",
    "Zanetti",
    "Mwangi",
    "O'Neill",
    "Sørensen",
    "Müller",
)
_PLACES = (
    "Glasgow",
    "Nairobi",
    "Lisbon",
    "Santiago",
    "Manila",
    "Dakar",
    "Athens",
    "Leeds",
    "Montreal",
    "Osaka",
    "Bogotá",
    "Cape Town",
    "Gdańsk",
    "Marseille",
    "Detroit",
    "Karachi",
    "Turin",
    "Belfast",
    "Rosario",
    "Durban",
)
_ADJECTIVES = (
    "global",
    "international",
    "lasting",
    "popular",
    "democratic",
    "independent",
    "grassroots",
    "renewed",
    "united",
    "militant",
    "broad",
    "principled",
    "growing",
    "sustained",
    "collective",
)
_NOUNS = (
    "movement",
    "resistance",
    "solidarity",
    "struggle",
    "campaign",
    "strike",
    "boycott",
    "coalition",
    "union",
    "mobilisation",
    "alliance",
    "protest",
    "assembly",
    "front",
)
_VERBS = (
    "Building",
    "Defending",
    "Rebuilding",
    "Strengthening",
    "Organising",
    "Reclaiming",
    "Widening",
    "Sustaining",
)
_AFTERS = (
    "after the vote",
    "against austerity",
    "in the face of repression",
    "beyond the ballot box",
    "on the docks",
    "in the universities",
    "at the crossroads",
    "one year on",
)
_TOPICS = (
    "housing",
    "trade unions",
    "migration",
    "climate policy",
    "public health",
    "land reform",
    "labour history",
    "anti-colonial movements",
)
_ROLES = (
    "freelance journalist",
    "labour historian",
    "retired librarian",
    "trade union organiser",
    "political economist",
    "documentary maker",
    "community activist",
    "translator",
)
_SECTIONS = (
    "Labour",
    "Ecology",
    "Housing",
    "Internationalism",
    "Feminism",
    "Economy",
    "Culture",
    "Anti-racism",
    "Health",
)
_TEMPLATE_IDS = ("notes", "forum", "signature", "petition", "documents", "auteurs", "pied")
_SPAN_CLASSES = ("spip_out", "caps", "dropcap", "highlight", "wp-caption-text", "intertitre")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_DATE_FIRST = dt.date(2016, 1, 1).toordinal()
_DATE_LAST = dt.date(2025, 6, 30).toordinal()

# --------------------------------------------------------------------------- seeds

_BOILERPLATE_HINT = re.compile(
    r"available at|spambots|©|copyright|all rights reserved|donat|subscribe|newsletter",
    re.IGNORECASE,
)
_MARKUP_START = frozenset("#*-<[|>!_`")
_SENTENCE_END = frozenset('.!?:;")]\u201d\u2019')


def extract_paragraphs(texts: Iterable[str]) -> list[str]:
    """Return the body paragraphs of the seed texts, in order, without duplicates.

    A body paragraph is a line of at least 25 words that starts like prose (not
    markup, not a lower-case continuation of a broken paragraph), ends like a
    sentence, and does not look like boilerplate (bios, copyright, donations).
    """
    seen: set[str] = set()
    paragraphs: list[str] = []
    for text in texts:
        for line in text.splitlines():
            candidate = line.strip()
            if len(candidate.split()) < 25:
                continue
            if candidate[0] in _MARKUP_START or candidate[0].islower():
                continue
            if candidate[-1] not in _SENTENCE_END:
                continue
            if _BOILERPLATE_HINT.search(candidate) or candidate in seen:
                continue
            seen.add(candidate)
            paragraphs.append(candidate)
    return paragraphs


def load_seed_paragraphs(seeds_dir: Path) -> tuple[list[str], str]:
    """Read ``*.txt`` in *seeds_dir* (sorted by name) and return (paragraphs, digest).

    The digest is the sha256 over the seed files' names and bytes, so a cache
    built from other seeds is recognised as stale.
    """
    paths = sorted(seeds_dir.glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"no seed files (*.txt) in {seeds_dir}")
    digest = hashlib.sha256()
    texts: list[str] = []
    for path in paths:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        texts.append(data.decode("utf-8", errors="replace"))
    paragraphs = extract_paragraphs(texts)
    if len(paragraphs) < 5:
        raise ValueError(f"only {len(paragraphs)} usable paragraphs in {seeds_dir}; need 5+")
    return paragraphs, digest.hexdigest()


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class FileSpec:
    """What one generated file will contain; rendering it is a pure function of this."""

    index: int
    relpath: str
    outlet: str
    year: int
    articles: int
    mojibake: bool
    html: bool
    cp1252: bool

    @property
    def flags(self) -> str:
        """Compact flag string for the manifest: ``m`` mojibake, ``h`` HTML, ``c`` cp1252."""
        return ("m" if self.mojibake else "") + ("h" if self.html else "") + ("c" if self.cp1252 else "")


def _quota(total: int, share: float) -> int:
    """Number of files that get a feature: a rounded share, at least one from 10 files."""
    count = round(total * share)
    return max(count, 1) if total >= 10 else count


def _file_rng(seed: int, index: int) -> Random:
    """Per-file generator, so files can be rendered independently and in parallel."""
    return Random(f"docmill-bench:{seed}:{index}")


def plan_corpus(files: int, seed: int) -> list[FileSpec]:
    """Decide, for each of *files* files, its path, outlet and which damage it carries."""
    if files < 0:
        raise ValueError("files must be >= 0")
    rng = Random(seed)
    indices = range(files)
    mojibake = set(rng.sample(indices, _quota(files, MOJIBAKE_SHARE)))
    html = set(rng.sample(indices, _quota(files, HTML_SHARE)))
    multi = set(rng.sample(indices, _quota(files, MULTI_ARTICLE_SHARE)))
    clean_encoding = [i for i in indices if i not in mojibake]
    cp1252 = set(rng.sample(clean_encoding, min(_quota(files, CP1252_SHARE), len(clean_encoding))))
    weights = [outlet.weight for outlet in OUTLETS]
    specs: list[FileSpec] = []
    for index in indices:
        outlet = rng.choices(OUTLETS, weights)[0]
        year = dt.date.fromordinal(rng.randint(_DATE_FIRST, _DATE_LAST)).year
        digest = hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=8).hexdigest()
        folder = f"{outlet.slug}/{year}" if outlet.archive_by_year else outlet.slug
        articles = rng.randint(2, 4) if index in multi else 1
        specs.append(
            FileSpec(
                index=index,
                relpath=f"{folder}/{index:06d}_{digest}.txt",
                outlet=outlet.slug,
                year=year,
                articles=articles,
                mojibake=index in mojibake,
                html=index in html,
                cp1252=index in cp1252,
            )
        )
    return specs


# --------------------------------------------------------------------------- text pieces

_OUTLETS_BY_SLUG = {outlet.slug: outlet for outlet in OUTLETS}


def _person(rng: Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"


def _title(rng: Random) -> str:
    form = rng.randrange(5)
    adjective, noun, place = rng.choice(_ADJECTIVES), rng.choice(_NOUNS), rng.choice(_PLACES)
    if form == 0:
        return f"{rng.choice(_VERBS)} {adjective} {noun} in {place}"
    if form == 1:
        return f"{place}: {_a(adjective)} {adjective} {noun} {rng.choice(_AFTERS)}"
    if form == 2:
        year = rng.randint(1968, 2019)
        return f"Lessons of the {year} {noun} for the {adjective} {rng.choice(_NOUNS)}"
    if form == 3:
        return f"{rng.choice(_VERBS)} the {noun}!"
    return f"The {noun} in {place} \u2013 {rng.choice(_AFTERS)}"


def _heading(rng: Random) -> str:
    form = rng.randrange(4)
    if form == 0:
        return f"{rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_NOUNS)}"
    if form == 1:
        return f"Lessons from {rng.choice(_PLACES)}"
    if form == 2:
        return f"The {rng.choice(_NOUNS)} and the {rng.choice(_NOUNS)}"
    adjective = rng.choice(_ADJECTIVES)
    return f"Towards {_a(adjective)} {adjective} {rng.choice(_NOUNS)}"


def _date(rng: Random, year: int) -> dt.date:
    """A day in *year* (within the corpus' date range)."""
    first = max(_DATE_FIRST, dt.date(year, 1, 1).toordinal())
    last = min(_DATE_LAST, dt.date(year, 12, 31).toordinal())
    return dt.date.fromordinal(rng.randint(first, last))


def _a(word: str) -> str:
    """The indefinite article for *word*."""
    return "an" if word[0] in "aeiou" else "a"


def _date_long(day: dt.date) -> str:
    """``1 November 2023``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _date_us(day: dt.date) -> str:
    """``November 1, 2023``."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _share_rows(rng: Random) -> str:
    form = rng.randrange(3)
    if form == 0:
        return "\u00a0\n\nShare\nShare\nShare"
    if form == 1:
        return "Share this:\n\nFacebook\nX\nWhatsApp\nEmail\nPrint"
    return "Share on Facebook · Share on X · Share via Email"


def _spam_notice(rng: Random, outlet: Outlet) -> str:
    notice = "This email address is being protected from spambots. You need JavaScript enabled to view it."
    if rng.random() < 0.5:
        return f"Contact: {notice}"
    return notice


def _copyright(rng: Random, outlet: Outlet, year: int) -> str:
    form = rng.randrange(3)
    if form == 0:
        kind = rng.choice(_ADJECTIVES)
        return f"Copyright © {outlet.name} - online {kind} magazine - All rights reserved"
    if form == 1:
        return f"© {year} {outlet.name}. All rights reserved."
    return f"Copyright {outlet.name} {year}. Reproduction welcome with a link to the original."


def _donation(rng: Random, outlet: Outlet) -> str:
    return (
        "PS:\n\n"
        f"*If this article was useful to you, please consider supporting {outlet.name}. "
        "Follow this link: [Donate](#) and choose an amount. Small one-off gifts help, "
        "and a regular standing order keeps us independent. "
        "The bank details are in [this note](#). Thank you.*"
    )


def _template_id(rng: Random, escaped: bool) -> str:
    name = rng.choice(_TEMPLATE_IDS)
    return f"inc\\_{name}\\_dist" if escaped else f"inc_{name}_dist"


def _bio(rng: Random, author: str) -> str:
    first = author.split()[0]
    other = rng.choice(OUTLETS).name
    text = (
        f"{author} is a {rng.choice(_ROLES)} based in {rng.choice(_PLACES)}. "
        f"{first} has written on {rng.choice(_TOPICS)} and {rng.choice(_TOPICS)} for many years. "
        f"Some of {first}'s articles are available at"
    )
    if rng.random() < 0.5:
        return text + f" and books at: Earlier pieces on {other} are available at:"
    return text + ":"


def _caption(rng: Random, day: dt.date) -> str:
    return f"{rng.choice(_PLACES)} {rng.choice(_NOUNS)} gathers, {_MONTHS[day.month - 1][:3]}. {day.day}, {day.year}"


# --------------------------------------------------------------------------- paragraph damage


def _linkify(rng: Random, paragraph: str) -> str:
    """Turn a run of 2-5 words into ``[words](#)`` link debris."""
    words = paragraph.split(" ")
    if len(words) < 8:
        return paragraph
    length = rng.randint(2, 5)
    start = rng.randrange(1, len(words) - length)
    words[start] = "[" + words[start]
    words[start + length - 1] = words[start + length - 1] + "](#)"
    return " ".join(words)


def _footnote(rng: Random, paragraph: str, number: int) -> str:
    """Append a footnote reference, plain (``[3]``) or escaped (``[\\[3\\]](#)``)."""
    if rng.random() < 0.7:
        return f"{paragraph} [{number}]"
    return f"{paragraph} [\\[{number}\\]](#)"


def _escape_some(rng: Random, paragraph: str) -> str:
    """Add markdown escapes: an escaped parenthetical or an escaped underscore identifier."""
    if rng.random() < 0.5:
        return f"{paragraph} \\({rng.choice(_PLACES)} {rng.choice(_NOUNS)}\\)"
    return f"{paragraph} See [{rng.choice(_NOUNS)}\\_{rng.randint(100, 999)}](#)."


def _break_paragraph(rng: Random, paragraph: str) -> str:
    """Split a paragraph mid-sentence with a blank line, as badly scraped pages do."""
    cut = paragraph.find(" ", rng.randint(len(paragraph) // 4, max(len(paragraph) // 4, len(paragraph) * 3 // 4)))
    if cut <= 0:
        return paragraph
    return paragraph[:cut] + "\n\n" + paragraph[cut + 1 :]


def _htmlify(rng: Random, paragraph: str, domain: str) -> str:
    """Leave raw-HTML debris in a paragraph: tags, entities, anchor residue."""
    form = rng.randrange(7)
    if form == 0:
        return f"<p>{paragraph}</p>"
    if form == 1:
        return f"<p>{paragraph}"
    words = paragraph.split(" ")
    if len(words) < 8:
        return f"<p>{paragraph}</p>"
    at = rng.randrange(1, len(words) - 3)
    if form == 2:
        words[at] = f'<span class="{rng.choice(_SPAN_CLASSES)}">{words[at]}'
        words[at + 2] += "</span>"
        return " ".join(words)
    if form == 3:
        for position in rng.sample(range(len(words) - 1), min(3, len(words) - 1)):
            words[position] += "&nbsp;"
        return " ".join(words).replace("&nbsp; ", "&nbsp;")
    if form == 4:
        url = f"https://www.{domain}/spip.php?article{rng.randint(1000, 9999)}"
        words[at] = f'href="{url}" class="spip_out" rel="external">{words[at]}'
        return " ".join(words)
    if form == 5:
        url = f"https://www.{domain}/{rng.randint(2016, 2025)}/{_slug(rng.choice(_NOUNS))}"
        words[at] = f'<a href="{url}">{words[at]}'
        words[at + 1] += "</a>"
        return " ".join(words) + "<br />"
    return paragraph.replace(" and ", " &amp; ", 1).replace("'", "&#8217;", 1) + "\n</div>"


# --------------------------------------------------------------------------- articles


class _Body:
    """Draws seed paragraphs for one article until a size target is met."""

    def __init__(self, rng: Random, pool: Sequence[str], target: int) -> None:
        self._rng = rng
        self._order = rng.sample(range(len(pool)), len(pool))
        self._pool = pool
        self._target = target

    def paragraphs(self) -> list[str]:
        """Paragraphs in random order, just past the character target (at least two)."""
        chosen: list[str] = []
        size = 0
        for position in self._order:
            if size >= self._target and len(chosen) >= 2:
                break
            paragraph = self._pool[position]
            chosen.append(paragraph)
            size += len(paragraph) + 2
        return chosen


def _with_headings(rng: Random, paragraphs: list[str], style: str) -> list[str]:
    """Insert section headings every 3-6 paragraphs; *style* is ``plain``, ``md`` or ``mdbold``."""
    out: list[str] = []
    next_at = rng.randint(2, 5)
    for position, paragraph in enumerate(paragraphs):
        if position == next_at and position < len(paragraphs) - 1:
            heading = _heading(rng)
            if style == "md":
                heading = f"## {heading}"
            elif style == "mdbold":
                heading = f"## **{heading}**"
            out.append(heading)
            next_at += rng.randint(3, 6)
        out.append(paragraph)
    return out


def _decorate(rng: Random, paragraphs: list[str], *, links: float, notes: float, escapes: float, breaks: float) -> list[str]:
    """Apply link debris, footnotes, escapes and blank-line breaks with the given odds."""
    out: list[str] = []
    footnote = 0
    for paragraph in paragraphs:
        if rng.random() < links:
            paragraph = _linkify(rng, paragraph)
        if rng.random() < notes:
            footnote += 1
            paragraph = _footnote(rng, paragraph, footnote)
        if rng.random() < escapes:
            paragraph = _escape_some(rng, paragraph)
        if rng.random() < breaks:
            paragraph = _break_paragraph(rng, paragraph)
        out.append(paragraph)
    return out


def _render_flat(rng: Random, body: list[str], outlet: Outlet, year: int, html: bool) -> str:
    """One paragraph per line, usually no title, ending in a dangling "available at:" bio."""
    author = _person(rng)
    lines = list(body)
    if html:
        lines = [_htmlify(rng, p, outlet.domain) if rng.random() < 0.5 else p for p in lines]
    if rng.random() < 0.3:
        lines.insert(0, _title(rng))
    lines.append(_bio(rng, author))
    return "\n".join(lines)


def _render_blog(rng: Random, body: list[str], outlet: Outlet, year: int, html: bool) -> str:
    """Title, date, paragraphs with blank lines, a photo caption, then share rows."""
    title, day = _title(rng), _date(rng, year)
    blocks = [title]
    if rng.random() < 0.25:
        blocks.append(title)  # duplicated title, as many scrapes keep it
    blocks.append(_date_us(day))
    if rng.random() < 0.4:
        blocks.append(f"By {_person(rng)}")
    paragraphs = _decorate(rng, body, links=0.05, notes=0.0, escapes=0.0, breaks=0.05)
    if html:
        paragraphs = [_htmlify(rng, p, outlet.domain) if rng.random() < 0.5 else p for p in paragraphs]
    if len(paragraphs) > 2 and rng.random() < 0.6:
        paragraphs.insert(1, _caption(rng, day))
    blocks.extend(paragraphs)
    if rng.random() < 0.2:
        blocks.append(_copyright(rng, outlet, day.year))
    blocks.append(_share_rows(rng))
    return "\n\n".join(blocks)


def _render_statement(rng: Random, body: list[str], outlet: Outlet, year: int, html: bool) -> str:
    """Plain title line, plain subheadings, closing date and signature, spam notice."""
    day = _date(rng, year)
    paragraphs = _decorate(rng, body, links=0.0, notes=0.0, escapes=0.0, breaks=0.1)
    if html:
        paragraphs = [_htmlify(rng, p, outlet.domain) if rng.random() < 0.5 else p for p in paragraphs]
    blocks = [_title(rng), *_with_headings(rng, paragraphs, "plain"), _date_long(day)]
    organisation = f"{rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_NOUNS).capitalize()} League"
    acronym = "".join(word[0] for word in organisation.split())
    blocks.append(f"{acronym} ({organisation})")
    if rng.random() < 0.8:
        blocks.append(_spam_notice(rng, outlet))
    if rng.random() < 0.3:
        blocks.append(_template_id(rng, escaped=False))
    return "\n\n".join(blocks) + "\n"


def _render_magazine_article(rng: Random, body: list[str], outlet: Outlet, year: int, html: bool) -> str:
    """``# **Title**``, italic standfirst, bold ``##`` headings, links, closing date."""
    day = _date(rng, year)
    adjective = rng.choice(_ADJECTIVES)
    standfirst = (
        f"*{_a(adjective).capitalize()} {adjective} {rng.choice(_NOUNS)} has grown in "
        f"{rng.choice(_PLACES)} and {rng.choice(_PLACES)}, writes {_person(rng)}.*"
    )
    paragraphs = _decorate(rng, body, links=0.15, notes=0.0, escapes=0.05, breaks=0.15)
    if html:
        paragraphs = [_htmlify(rng, p, outlet.domain) if rng.random() < 0.5 else p for p in paragraphs]
    blocks = [f"# **{_title(rng)}**", standfirst, *_with_headings(rng, paragraphs, "mdbold")]
    if rng.random() < 0.5:
        blocks.append(f"***{rng.choice(_VERBS)} the {rng.choice(_NOUNS)}!***")
    blocks.append(_date_long(day))
    if rng.random() < 0.3:
        blocks.append(_share_rows(rng))
    return "\n\n".join(blocks)


def _render_spip_article(rng: Random, body: list[str], outlet: Outlet, year: int, html: bool) -> str:
    """SPIP export: autolink, rubric, header rules, copyright, lede, notes, PS, template id."""
    title, day = _title(rng), _date(rng, year)
    issue = f"{outlet.name.split()[0][:2].upper()}{rng.randint(100, 999)}"
    header = [
        f"<https://{outlet.domain}/spip.php?article{rng.randint(1000, 99999)}>",
        "",
        rng.choice(_SECTIONS),
        f"# {title}",
        f"- {outlet.name} - {day.year} - {issue} - {_MONTHS[day.month - 1]} {day.year} -",
        f"Publication date: {_WEEKDAYS[day.weekday()]} {_date_long(day)}",
        "---",
        _copyright(rng, outlet, day.year),
        "---",
    ]
    lede, rest = body[0], body[1:]
    paragraphs = _decorate(rng, rest, links=0.2, notes=0.3, escapes=0.15, breaks=0.05)
    if html:
        paragraphs = [_htmlify(rng, p, outlet.domain) if rng.random() < 0.5 else p for p in paragraphs]
    blocks = [*header, f"**{lede}**", *_with_headings(rng, paragraphs, "md"), _date_long(day)]
    blocks.append(f"Source: [{outlet.domain}](#).")
    if rng.random() < 0.7:
        blocks.append(f"## {title}")  # the title again, as SPIP's "related" block
    if rng.random() < 0.8:
        blocks.extend(["---", _donation(rng, outlet)])
    blocks.append(_template_id(rng, escaped=True))
    return "\n\n\n" + "\n\n".join(blocks) + "\n"


_RENDERERS = {
    "flat": _render_flat,
    "blog": _render_blog,
    "statement": _render_statement,
    "magazine": _render_magazine_article,
    "spip": _render_spip_article,
}

# --------------------------------------------------------------------------- encodings


def _sloppy_cp1252_table() -> dict[int, str]:
    """Map U+0080-U+009F to what cp1252 decodes those bytes to (C1 controls where undefined)."""
    table: dict[int, str] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            table[byte] = chr(byte)
    return table


_SLOPPY_CP1252 = _sloppy_cp1252_table()


def to_mojibake(text: str) -> str:
    """UTF-8 bytes of *text* decoded as (sloppy) cp1252: U+2019 becomes ``â€™``."""
    return text.encode("utf-8").decode("latin-1").translate(_SLOPPY_CP1252)


def _ensure_non_ascii(text: str) -> str:
    """Make sure an encoding-damaged file has something to damage."""
    if not text.isascii():
        return text
    if "'" in text:
        return text.replace("'", "\u2019", 1)
    return text + "\n\n\u00a9 \u2014\n"


def render_file(spec: FileSpec, pool: Sequence[str], seed: int) -> bytes:
    """Return the bytes of one generated file; deterministic in (*spec*, *pool*, *seed*)."""
    rng = _file_rng(seed, spec.index)
    outlet = _OUTLETS_BY_SLUG[spec.outlet]
    target = int(min(TARGET_SIZE_MAX, max(TARGET_SIZE_MIN, rng.gauss(TARGET_SIZE_MEAN, TARGET_SIZE_SD))))
    if spec.articles == 1:
        body = _Body(rng, pool, target).paragraphs()
        text = _RENDERERS[outlet.layout](rng, body, outlet, spec.year, spec.html)
    else:
        layout = outlet.layout if outlet.layout in ("magazine", "spip") else "magazine"
        parts = []
        for _ in range(spec.articles):
            body = _Body(rng, pool, max(2_000, target // spec.articles)).paragraphs()
            parts.append(_RENDERERS[layout](rng, body, outlet, spec.year, spec.html).strip("\n"))
        text = "\n\n" + "\n\n---\n\n".join(parts) + "\n"
    if spec.mojibake or spec.cp1252:
        text = _ensure_non_ascii(text)
    if spec.mojibake:
        return to_mojibake(text).encode("utf-8")
    if spec.cp1252:
        return text.encode("cp1252", errors="replace")
    return text.encode("utf-8")


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class CorpusManifest:
    """Summary of a generated corpus; saved as JSON beside the corpus folder."""

    generator_version: int
    seed: int
    files: int
    seeds_sha256: str
    seed_paragraphs: int
    bytes_total: int
    documents_expected: int
    mojibake_files: int
    html_files: int
    multi_article_files: int
    cp1252_files: int
    seconds: float
    entries: list[list[object]]

    def to_json(self) -> str:
        """Serialise with a stable key order."""
        return json.dumps(self.__dict__, indent=None, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> CorpusManifest:
        """Inverse of :meth:`to_json`."""
        return cls(**json.loads(text))


def _write_chunk(args: tuple[str, Sequence[FileSpec], Sequence[str], int]) -> int:
    """Render and write a chunk of files; returns the bytes written."""
    out, specs, pool, seed = args
    root = Path(out)
    total = 0
    made: set[Path] = set()
    for spec in specs:
        path = root / spec.relpath
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = render_file(spec, pool, seed)
        path.write_bytes(data)
        total += len(data)
    return total


def generate_corpus(out: Path, files: int, seed: int, seeds_dir: Path, workers: int = 1) -> CorpusManifest:
    """Write *files* raw files under *out* and return their manifest.

    *out* must not exist or be empty. With *workers* > 1 the files are rendered
    in a process pool; the bytes do not depend on the number of workers.
    """
    started = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    pool, seeds_digest = load_seed_paragraphs(seeds_dir)
    specs = plan_corpus(files, seed)
    chunk = max(1, min(2_000, -(-len(specs) // (4 * max(1, workers)))))
    jobs = [(str(out), specs[i : i + chunk], pool, seed) for i in range(0, len(specs), chunk)]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as executor:
            total = sum(executor.map(_write_chunk, jobs))
    else:
        total = sum(_write_chunk(job) for job in jobs)
    return CorpusManifest(
        generator_version=GENERATOR_VERSION,
        seed=seed,
        files=files,
        seeds_sha256=seeds_digest,
        seed_paragraphs=len(pool),
        bytes_total=total,
        documents_expected=sum(spec.articles for spec in specs),
        mojibake_files=sum(spec.mojibake for spec in specs),
        html_files=sum(spec.html for spec in specs),
        multi_article_files=sum(spec.articles > 1 for spec in specs),
        cp1252_files=sum(spec.cp1252 for spec in specs),
        seconds=round(time.perf_counter() - started, 3),
        entries=[[spec.relpath, spec.articles, spec.flags] for spec in specs],
    )


def corpus_dir(cache_root: Path, files: int, seed: int) -> Path:
    """The cache folder for a corpus: ``<cache_root>/corpus-<files>-<seed>``."""
    return cache_root / f"corpus-{files}-{seed}"


def _manifest_path(directory: Path) -> Path:
    return directory.with_name(directory.name + ".json")


def ensure_corpus(cache_root: Path, files: int, seed: int, seeds_dir: Path, workers: int = 1) -> tuple[Path, CorpusManifest, bool]:
    """Return (folder, manifest, reused) for a cached corpus, generating it if needed.

    The corpus lives in ``corpus-<files>-<seed>/`` and its manifest in
    ``corpus-<files>-<seed>.json`` beside it (outside the folder, so a pipeline
    reading the folder sees only raw files). The manifest is written last, so a
    half-written corpus is never reused; it is rebuilt when the generator
    version or the seed files change.
    """
    directory = corpus_dir(cache_root, files, seed)
    manifest_path = _manifest_path(directory)
    _, seeds_digest = load_seed_paragraphs(seeds_dir)
    if manifest_path.exists() and directory.is_dir():
        manifest = CorpusManifest.from_json(manifest_path.read_text(encoding="utf-8"))
        if manifest.generator_version == GENERATOR_VERSION and manifest.seeds_sha256 == seeds_digest:
            return directory, manifest, True
    manifest_path.unlink(missing_ok=True)
    if directory.exists():
        shutil.rmtree(directory)
    staging = directory.with_name(f"{directory.name}.tmp-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    manifest = generate_corpus(staging, files, seed, seeds_dir, workers=workers)
    staging.rename(directory)
    manifest_path.write_text(manifest.to_json(), encoding="utf-8")
    return directory, manifest, False


# --------------------------------------------------------------------------- CLI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus",
        description=("Write a reproducible corpus of synthetic raw scrape files (~10 KB each) built from the seed articles' paragraphs."),
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to create (must be empty or absent)")
    parser.add_argument("--files", type=int, default=2_000, help="number of files (default: 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=Path("raw"),
        help="folder with the seed *.txt files (default: raw)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes used to render files; output is identical (default: 1)",
    )
    parser.add_argument("--manifest", type=Path, default=None, help="also write the manifest JSON to this file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    args = _parser().parse_args(argv)
    if args.files < 0:
        print("--files must be >= 0", file=sys.stderr)
        return 2
    try:
        manifest = generate_corpus(args.out, args.files, args.seed, args.seeds_dir, workers=args.workers)
    except (FileExistsError, FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.manifest is not None:
        args.manifest.write_text(manifest.to_json(), encoding="utf-8")
    print(
        f"wrote {manifest.files} files ({manifest.bytes_total / 1e6:.1f} MB, "
        f"{manifest.documents_expected} documents) to {args.out} in {manifest.seconds:.1f} s: "
        f"{manifest.mojibake_files} mojibake, {manifest.html_files} HTML debris, "
        f"{manifest.multi_article_files} multi-article, {manifest.cp1252_files} cp1252"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
