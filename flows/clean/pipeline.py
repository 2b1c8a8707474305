"""One raw file in, its documents (or its rejection) out: the pure pipeline.

``process_file`` runs every stage over one ``RawFile``; ``process_batch`` runs it over
many and adds up per-stage timings. No Prefect, no files: the Prefect tasks, the
benchmark's plain loop and the tests all call these same functions.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import hashlib
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

import py3langid

from flows.clean import content, heuristics
from flows.clean.boilerplate import Cleaned, clean_text
from flows.clean.captions import unpack_captions
from flows.clean.compressed import inner_name, unpack_compressed
from flows.clean.dates import could_be_date, find_date, page_date_order, parse_date
from flows.clean.decode import Decoded, decode_bytes, drop_controls, repair_text
from flows.clean.docformats import unpack_docformat, unpack_notebook, unpack_rest_links
from flows.clean.export import jsonld_node
from flows.clean.feeds import unpack_feed
from flows.clean.gates import check_document
from flows.clean.htmlpage import MAX_DEPTH, extract_html, extract_whole_page, looks_like_html, whole_page_text
from flows.clean.latex import unpack_latex
from flows.clean.mail import unpack_mail
from flows.clean.metadata import (
    Metadata,
    MetadataRules,
    compile_metadata,
    extract_metadata,
    is_organisation,
)
from flows.clean.office import unpack_office
from flows.clean.pagemeta import norm_words
from flows.clean.pdf import unpack_pdf
from flows.clean.records import unpack_records
from flows.clean.rtf import unpack_rtf
from flows.clean.rules import RuleSet, compile_source_rules
from flows.clean.segment import (
    build_paragraphs,
    build_sections,
    drop_non_articles,
    infer_headings,
    split_articles,
    wrap_width,
)
from flows.clean.stages import STAGES, StageTimer
from flows.clean.validate import schema_errors
from flows.clean.wordcount import count_words
from flows.clean.xmldocs import unpack_xml_article
from flows.config import PipelineConfig, SourceSettings
from flows.errors import DocmillError, DocumentRejected, EmptyInput, InputError, Quarantined, ValidationFailed
from flows.model import Hints, Line, RawFile, Rejection, Removal

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(slots=True)
class FileResult:
    """What one raw file became."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


@dataclass(slots=True)
class BatchResult:
    """What a batch of raw files became, with time spent per stage (seconds)."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    files: int = 0
    bytes: int = 0


_COMPILED: dict[tuple[str, str], tuple[RuleSet, MetadataRules]] = {}


def compiled(config: PipelineConfig, source: str) -> tuple[RuleSet, MetadataRules]:
    """Rules compiled for one source, cached per process (workers compile once)."""
    key = (config.fingerprint, source)
    if key not in _COMPILED:
        settings = config.source(source)
        _COMPILED[key] = (compile_source_rules(config.rules, settings), compile_metadata(config.metadata))
    return _COMPILED[key]


def doc_id(source_file: str, part: int) -> str:
    """Stable id of a document: the same path and part give the same id everywhere."""
    return hashlib.sha256(f"docmill\x00{source_file}\x00{part}".encode()).hexdigest()[:32]


def process_batch(raws: Sequence[RawFile], config: PipelineConfig) -> BatchResult:
    """Run ``process_file`` over a batch, adding up stage timings."""
    result = BatchResult()
    timer = StageTimer(result.timings)
    for raw in raws:
        one = process_file(raw, config, timer)
        result.documents.extend(one.documents)
        result.rejections.extend(one.rejections)
        result.files += 1
        result.bytes += len(raw.data)
    return result


def process_file(raw: RawFile, config: PipelineConfig, timer: StageTimer | None = None) -> FileResult:
    """Decode, repair, clean, split, describe and validate one raw file.

    Input errors become a ``Rejection``; so does a document that fails the schema.
    Anything else is a bug and propagates.
    """
    timer = timer or StageTimer({})
    result = FileResult()
    try:
        with timer.stage("decode"):
            decoded, reader = _decoded(raw.data)
        with timer.stage("repair"):
            text, _, unpackers = _readable_text(decoded.text)
        records = _documents(raw, text, decoded.encoding, config, timer, authored=_authored(reader, unpackers))
    except InputError as exc:
        result.rejections.append(_rejection(raw, exc))
        return result
    with timer.stage("validate"):
        for record in records:
            try:
                check_document(record, config.gates)  # sanity gates first: junk never reaches the schema
                errors = schema_errors(record, config.schema)
                if errors:
                    raise ValidationFailed("; ".join(errors)[:4000], part=record["part"])
            except DocumentRejected as exc:
                result.rejections.append(_rejection(raw, exc))
            else:
                result.documents.append(record)
    return result


#: The readers of binary kinds of raw file, tried on its bytes before it is decoded, each giving
#: None for any other file: a DOCX, ODT or EPUB file and an RTF file (as markdown), a PDF (as a
#: PDF-to-text dump).
FILE_READERS: tuple[Callable[[bytes], str | None], ...] = (unpack_office, unpack_rtf, unpack_pdf)
#: The readers of kinds of raw text, in the order they run, each giving any other text back
#: unchanged: a full-text feed; a JATS, NITF or TEI article (as markdown); a saved e-mail, web
#: page (MHTML) or mailbox; a caption file; a Jupyter notebook; JSON or CSV records; a LaTeX
#: source; reStructuredText links (in any text); an Org, AsciiDoc, MediaWiki, Textile or BBCode
#: document (as markdown).
UNPACKERS: tuple[Callable[[str], str], ...] = (unpack_feed, unpack_xml_article, unpack_mail, unpack_captions,
                                              unpack_notebook, unpack_records, unpack_latex, unpack_rest_links,
                                              unpack_docformat)
#: The readers whose text is an author's own document, with no site around it: a word
#: processor file or an e-book, RTF, a LaTeX source, a notebook, a JATS, NITF or TEI article,
#: an Org, AsciiDoc, MediaWiki, Textile or BBCode document, a caption file. The content model
#: (learned on web pages) does not judge such a text; the rules still run.
AUTHORED: frozenset[Callable[..., str | None]] = frozenset(
    {unpack_office, unpack_rtf, unpack_latex, unpack_notebook, unpack_xml_article, unpack_docformat, unpack_captions})


def _readable_text(decoded: str) -> tuple[str, bool, list[Callable[[str], str]]]:
    """Decoded text as the rules read it: unpacked by ``UNPACKERS``, then repaired
    (``repair_text``; the flag says whether ftfy changed it); with the unpackers that
    rewrote it. Line ends are made LF first: a saved e-mail or MHTML page ends its lines
    with CRLF, as RFC 5322 writes them, and the unpackers find a header's end at a blank line."""
    text, unpacked_by = decoded.replace("\r\n", "\n"), []
    for unpack in UNPACKERS:
        unpacked = unpack(text)
        if unpacked is not text and unpacked != text:
            text = unpacked
            unpacked_by.append(unpack)
    repaired, changed = repair_text(text)
    return repaired, changed, unpacked_by


def _authored(reader: Callable[[bytes], str | None] | None, unpackers: Sequence[Callable[[str], str]]) -> bool:
    return reader in AUTHORED or any(unpack in AUTHORED for unpack in unpackers)


def _rejection(raw: RawFile, exc: Quarantined) -> Rejection:
    """The reject record of a quarantined input or document: its reason, stage and part."""
    return Rejection(raw.source_file, exc.stage, exc.reason, str(exc), exc.part)


@dataclass(slots=True)
class Trace:
    """What ``process_file`` did to one file's lines, for ``docmill explain``."""

    text: str  # the text the rules saw (after repair, and after HTML extraction for pages)
    encoding: str
    repaired: bool
    cleaned: Cleaned | None = None  # every line with the rule or metadata field it went to
    html_removals: list[Removal] = field(default_factory=list)


def _decoded(data: bytes) -> tuple[Decoded, Callable[[bytes], str | None] | None]:
    """The file's text; a compressed file is inflated first, a kind ``FILE_READERS`` reads is
    read (with the reader that read it)."""
    data = unpack_compressed(data) or data
    for read in FILE_READERS:
        document = read(data)
        if document is not None:  # even an empty one: it was read, it holds no text
            return decode_bytes(document.encode("utf-8")), read
    return decode_bytes(data), None


def trace_file(raw: RawFile, config: PipelineConfig) -> Trace:
    """Run the very stages ``process_file`` runs and return the traced lines (no records)."""
    decoded, reader = _decoded(raw.data)
    text, repaired, unpackers = _readable_text(decoded.text)
    trace = Trace(text, decoded.encoding, repaired)
    with contextlib.suppress(EmptyInput):  # a file with no text left still has its removals to show
        _documents(raw, text, decoded.encoding, config, StageTimer({}), trace, authored=_authored(reader, unpackers))
    return trace


def _documents(
    raw: RawFile, text: str, encoding: str, config: PipelineConfig, timer: StageTimer, trace: Trace | None = None,
    authored: bool = False,
) -> list[dict[str, Any]]:
    """The documents of one file's text; an ``authored`` text (``AUTHORED``) is not judged by the content model."""
    settings = config.source(raw.source)
    rules, meta_rules = compiled(config, raw.source)
    hints, html_removals = Hints(), list[Removal]()
    emptied_by = "clean" if text and not text.isspace() else "decode"  # where a file with no text left lost it
    with timer.stage("clean"):
        # an HTML page: trafilatura segments it, so the content model only takes what it is sure of (html_* params)
        page = inner_name(raw.source_file).lower().endswith(HTML_SUFFIXES) or looks_like_html(text)
        # the page itself, for the date beside its headline when the article text names none
        page_source = text if page and rules.enabled("html-boilerplate") else None
        if page:  # flattened before any parser
            if rules.enabled("html-boilerplate"):
                text, hints, html_removals = extract_html(text, config.gates.max_html_depth,
                                                          rules.params("html-boilerplate")["editor_notes"])
            else:
                text, hints, html_removals = extract_whole_page(text, config.gates.max_html_depth)
            text = drop_controls(text)  # the parser's entities: '&#61633;' is an icon's glyph
        cleaned = clean_text(text, rules)
    if trace is not None:
        trace.text, trace.cleaned, trace.html_removals = text, cleaned, html_removals
    with timer.stage("split"):
        parts = [cleaned.lines]
        if rules.enabled("article-split"):
            parts = split_articles(cleaned.lines, rules.params("article-split"), _item_marker(settings, meta_rules),
                                   lambda title: meta_rules.reply.match(title) is not None)
        issue_day = None  # a digest's date over its first item: each item's date unless it has its own
        issue = False  # a digest under an issue's head (masthead, greeting) dropped as no article
        if len(parts) > 1 and rules.enabled("non-article-part"):
            head, head_day = parts[0], _issue_date(parts[0], [*settings.date_languages, *meta_rules.date_languages])
            parts = _drop_non_articles(parts, cleaned, rules)
            issue = parts[0] is not head and any(line.removed_by == "non-article-part" for line in head)
            issue_day = head_day if issue else None
        width = wrap_width(cleaned.lines)
        records, spans = [], []
        file_meta = {name: value for no, name, value in cleaned.offers if no == -1}
        if len(parts) > 1:  # a digest's subject is not each item's title, its sender is their publisher
            file_meta = {("publisher" if k == "authors" else k): v for k, v in file_meta.items()
                         if k in ("date", "authors")}
        for number, lines in enumerate(parts):
            record = _document(raw, number, lines, cleaned, hints, settings, rules, meta_rules, width, encoding,
                               file_meta, None if authored else config.content_model, page,
                               page_source if number == 0 else None, config.gates.max_html_depth)
            if record is not None:
                records.append(record)
                spans.append(lines[0].no)
        if not records and _restore_prose(cleaned):  # a file that holds prose is never empty
            record = _document(raw, 0, cleaned.lines, cleaned, hints, settings, rules, meta_rules, width, encoding,
                               file_meta, None)
            if record is not None:
                records.append(record)
                spans.append(cleaned.lines[0].no)
        publishers = {record["publisher"] for record in records if record["publisher"]}
        for record in records:
            if record["date_published"] is None and issue_day is not None:
                record["date_published"] = issue_day
            if issue and record["publisher"] is None and len(publishers) == 1:  # one issue, one publisher
                record["publisher"] = next(iter(publishers))
        _attach_removals(records, spans, cleaned)
        if html_removals and records:
            records[0]["removed"] = [r.as_record() for r in html_removals] + records[0]["removed"]
    if not records:
        raise EmptyInput("no text left after cleaning" if emptied_by == "clean" else "no text (only white space)",
                         stage=emptied_by)
    for number, record in enumerate(records):
        record["part"] = number
        record["doc_id"] = doc_id(raw.source_file, number)
    return records


def _attach_removals(records: list[dict[str, Any]], starts: list[int], cleaned: Cleaned) -> None:
    """Give every removal to the document whose lines it sits in.

    A document owns the lines from its first line to the line before the next
    document's; the first document also owns everything before it, so removals in
    dropped parts (tables of contents, footers) stay recorded, never lost.
    """
    removals = sorted(cleaned.removals, key=attrgetter("line"))  # stable: a line's removals keep their order
    for index, record in enumerate(records):
        low = starts[index] if index else -1
        high = starts[index + 1] - 1 if index + 1 < len(starts) else sys.maxsize
        own = _on_lines(removals, low, high, attrgetter("line"))
        merged = sorted([*own, *record["removed"]], key=attrgetter("line"))
        record["removed"] = [r.as_record() for r in merged]
        dropped = {r.line for r in own if r.rule == "non-article-part"}
        if dropped:  # a dropped part's links stay traced
            record["links"] += [url for no, url in _on_lines(cleaned.links, low, high) if no in dropped]


def _issue_date(head: list[Line], languages: Sequence[str]) -> dt.date | None:
    """The date of a digest's issue: the first short date line of the text over its items."""
    for line in head:
        if line.kept and len(line.text) <= 80 and could_be_date(line.text):
            day = find_date(line.text, languages)
            if day is not None:
                return day
    return None


def _drop_non_articles(parts: list[list[Line]], cleaned: Cleaned, rules: RuleSet) -> list[list[Line]]:
    """Parts of a multi-article file with too little text (TOC, footers) are no documents."""
    kept, dropped = drop_non_articles(parts, rules.params("non-article-part"))
    for lines in dropped:
        for line in lines:
            cleaned.remove(line, "non-article-part")
    return kept


#: Rules that judge lines by their place in the file, not by their words: undone when
#: they would leave a file that holds prose with no document at all.
RESTORABLE = ("non-article-part", "menu-run", "running-header", "comment-section",
              "comment-count-heading", "comment-thread")


def _restore_prose(cleaned: Cleaned) -> bool:
    """Put back the lines ``RESTORABLE`` rules took, when one of them is prose; True if done."""
    lines = cleaned.lines
    by_words = {r.line for r in cleaned.removals  # whole lines pattern rules took first (not cuts inside a line)
                if r.rule not in RESTORABLE and 0 <= r.line < len(lines) and r.text == lines[r.line].text}
    taken = [line for line in cleaned.lines if line.removed_by in RESTORABLE and line.no not in by_words]
    if not any(heuristics.is_prose(line.text) for line in taken):
        return False
    for line in taken:
        line.removed_by, line.meta = None, None
    restored = {line.no for line in taken}
    cleaned.removals[:] = [r for r in cleaned.removals if not (r.rule in RESTORABLE and r.line in restored)]
    return True


def _item_marker(settings: SourceSettings, meta_rules: MetadataRules) -> Callable[[str], bool]:
    """Is a line a byline or a date line (what marks an item of a digest under its title)?"""
    languages = (settings.language or "en", *settings.date_languages, "en")
    seen: dict[str, bool] = {}  # the split asks about a line as a title and as the line under one

    def reads_as_item(text: str) -> bool:
        if meta_rules.byline.match(text) or meta_rules.by_on.match(text) or meta_rules.posted_by.match(text):
            return True
        label = meta_rules.label.match(text) or meta_rules.date_label.match(text)
        if label and meta_rules.label_fields.get(label.group("label").lower()) in ("author", "date"):
            return True
        return could_be_date(text) and parse_date(text, languages, settings.date_order) is not None

    def marks_item(text: str) -> bool:
        found = seen.get(text)
        if found is None:
            found = seen[text] = reads_as_item(text)
        return found

    return marks_item


def warm_up() -> None:
    """Load what the first document would otherwise load: the language model, the
    content model's stop lists and dateparser's English data. A worker pool's fork
    server calls this once, so every worker starts with them in memory instead of
    loading them on its first batch."""
    py3langid.classify("warm up")
    content.warm_up()  # the content model's stop lists and character table
    parse_date("1 Mar. 2024", ("en",))  # an abbreviation with a dot: dateparser, not the strptime fast path


def _detect_language(text: str) -> str:
    # langid walks its automaton one byte at a time in Python, so cost grows with the
    # sample; the first 600 characters of prose are enough to name the language.
    code, _ = py3langid.classify(text[:600])
    return str(code)


T = TypeVar("T")


def _on_lines(items: Sequence[T], first: int, last: int, line: Callable[[Any], int] = itemgetter(0)) -> Sequence[T]:
    """The items of lines ``first`` to ``last``: ``items`` are in line order (``line`` gives an
    item's; links and anchors are appended so by cleaning), so a document of a file of many is
    found by bisection, not by a scan of the whole file's (a feed of 1,000 items with 40 links
    each spent 8 s scanning)."""
    return items[bisect.bisect_left(items, first, key=line): bisect.bisect_right(items, last, key=line)]


def _document(
    raw: RawFile, number: int, lines: list[Line], cleaned: Cleaned, hints: Hints,
    settings: SourceSettings, rules: RuleSet, meta_rules: MetadataRules, width: int | None, encoding: str,
    file_meta: Mapping[str, str] | None = None, content_model: Mapping[str, Any] | None = None,
    html_page: bool = False, page_source: str | None = None, max_html_depth: int = MAX_DEPTH,
) -> dict[str, Any] | None:
    """One document's record; ``page_source``: the HTML page its text was extracted from
    (a page's first document), read for a date when neither the text nor the page head has one."""
    first, last = lines[0].no, lines[-1].no
    # What the page states beats the catalogue, which beats detection (on the prose, else all lines).
    language = hints.language or settings.language or _detect_language(
        " ".join(line.text for line in lines if line.kept and heuristics.is_prose(line.text))
        or " ".join(line.text for line in lines))
    languages = [language, *settings.date_languages, "en"]
    links = _on_lines(cleaned.links, first, last)
    line_links, line_anchors = _by_line(links, _on_lines(cleaned.anchors, first, last))
    order = _date_order(lines, languages, settings, hints.locale, meta_rules.day_first_locales)
    meta = extract_metadata(lines, meta_rules, languages, order,
                            masthead=rules.enabled("masthead"),
                            prefill=file_meta, links=line_links, anchors=line_anchors, dateline=rules.enabled("dateline"),
                            page=hints if number == 0 else None, wrap=width,
                            bio_max_words=rules.params("author-bio")["max_words"] if rules.enabled("author-bio") else None)
    _post_metadata_rules(lines, meta, cleaned, rules, meta_rules)
    if content_model and rules.enabled(content.RULE):  # after metadata: bylines and dates are read first
        params = rules.params(content.RULE)
        content.remove_boilerplate(lines, cleaned, content_model, content.page_params(params) if html_page else params)
    paragraphs = build_paragraphs(lines, width)
    if not any(heading for _, heading in paragraphs[1:] if heading) and not any(l.heading for l in lines):
        paragraphs = infer_headings(paragraphs)
    sections = build_sections(paragraphs)
    body = "\n\n".join(p for s in sections for p in ([s.heading] if s.heading else []) + list(s.paragraphs))
    if not body.strip():
        for line in lines:
            line.meta = None
            cleaned.remove(line, "non-article-part")
        return None
    _apply_hints(meta, hints, languages, settings)
    if meta.date_published is None and page_source is not None:
        meta.date_published = _page_date(page_source, languages, settings, hints.locale, rules, meta_rules,
                                         max_html_depth, hints.page_title)
    override = settings.overrides.get(raw.source_file, {})
    record: dict[str, Any] = {
        "doc_id": "",
        "source_file": raw.source_file,
        "part": number,
        "title": meta.title,
        "subtitle": meta.subtitle,
        "authors": meta.authors,
        "publisher": meta.publisher,
        "date_published": meta.date_published,
        "url": meta.url,
        "language": language if len(language) == 2 else "en",
        "section": _section_value(meta.section, meta_rules),
        "body": body,
        "sections": [{"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in sections],
        "word_count": count_words(body),
        "content_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        "removed": list(meta.removals),  # Removal objects until _attach_removals
        "source": settings.name,
        "licence": settings.licence,
        "encoding": encoding,
        "links": [url for _, url in links],
        "author_bio": meta.author_bio,
        "duplicate_of": None,
        "replaced_chars": body.count("\ufffd"),
    }
    for key, value in override.items():
        if key in record and key not in ("doc_id", "source_file", "part", "body", "sections"):
            record[key] = parse_date(value, languages) if key == "date_published" and isinstance(value, str) else value
    return record


def _by_line(
    links: Sequence[tuple[int, str]], anchors: Sequence[tuple[int, str, str]],
) -> tuple[dict[int, list[str]], dict[int, list[tuple[str, str]]]]:
    """The link targets and the (text, target) anchors of a document, by line number."""
    line_links: dict[int, list[str]] = {}
    for no, url in links:
        line_links.setdefault(no, []).append(url)
    line_anchors: dict[int, list[tuple[str, str]]] = {}
    for no, label, url in anchors:
        line_anchors.setdefault(no, []).append((label, url))
    return line_links, line_anchors


def _date_order(
    lines: Sequence[Line], languages: Sequence[str], settings: SourceSettings, locale: str | None = None,
    day_first: frozenset[str] = frozenset(),
) -> str | None:
    """The source's day/month order, else the page's locale's when it writes the day first where
    its language does not ("en-gb"), else (English only) the order the page's own dates show."""
    if settings.date_order:
        return settings.date_order
    if locale in day_first:
        return "DMY"
    return page_date_order(line.text for line in lines) if languages[0] == "en" else None


def _page_date(
    page: str, languages: Sequence[str], settings: SourceSettings, locale: str | None, rules: RuleSet,
    meta_rules: MetadataRules, max_depth: int, page_title: str | None = None,
) -> dt.date | None:
    """The date of an HTML page read from the whole page as a reader sees it.

    trafilatura keeps the article's text and leaves its header behind, and with it the
    date a theme sets beside the headline outside any date markup ("28. Jan. 2022" under
    it, "Datum: 26. Januar 2022" in a fact box); the whole page, chrome and all, is read
    for the date as a text export of it would be. Only the date is taken: the names read
    there were a menu's or a teaser's about as often as the author's (dev pages: 5 right,
    3 wrong; the dates: 7 right, none wrong). The page's ``<title>`` opens the text, as it
    opens a text export, so the headline it names is the article's start: a strip of dated
    teasers or a partners' box over the headline is not the article's header.
    """
    text = whole_page_text(page, max_depth, breaks=True)
    cleaned = clean_text(f"{page_title}\n\n{text}" if page_title else text, rules)
    line_links, line_anchors = _by_line(cleaned.links, cleaned.anchors)
    date_order = _date_order(cleaned.lines, languages, settings, locale, meta_rules.day_first_locales)
    meta = extract_metadata(cleaned.lines, meta_rules, languages, date_order,
                            masthead=False, links=line_links, anchors=line_anchors, dateline=rules.enabled("dateline"),
                            bio_max_words=None)
    return meta.date_published


#: A day without its year ("Jul 29", "29. Juli"): a date, not a section.
_MONTH_DAY = re.compile(r"[^\W\d_]{3,9}\.?\s+\d{1,2}|\d{1,2}\.?\s+[^\W\d_]{3,9}\.?")
#: What a menu or a list leaves before a section's name ("- Politik", "› Sport", "» News").
_SECTION_MARKS = " -–—•·›»>|/*:"


def _section_value(value: str | None, rules: MetadataRules) -> str | None:
    """A section as the record gives it: without a list or menu mark before it, and None when
    it names no section (an interface word, a date, an e-mail address or a link)."""
    if not value:
        return None
    value = value.strip(_SECTION_MARKS)
    if not value or "@" in value or "://" in value or not _section_word(value, rules):
        return None
    return value


def _section_word(value: str, rules: MetadataRules) -> bool:
    """Can a trail's last item name a section? Not an interface word (a menu's "About"), a
    reading time or a date (a byline "By Jane Roe · 3 May 2024 · 4 min read" split like a trail)."""
    return norm_words(value) not in rules.interface and not rules.reading_time.match(value) \
        and not (could_be_date(value) and find_date(value) is not None) and not _MONTH_DAY.fullmatch(value)


def _post_metadata_rules(lines: list[Line], meta: Metadata, cleaned: Cleaned, rules: RuleSet,
                         meta_rules: MetadataRules) -> None:
    """Rules that need the article's metadata: duplicated title, dangling fragments, offers."""
    for no, name, value in cleaned.offers:
        if lines[0].no <= no <= lines[-1].no and getattr(meta, name, None) is None:
            if name == "section" and ((meta.title and _norm(value) in _norm(meta.title))
                                      or not _section_word(value, meta_rules)):
                continue  # a breadcrumb's last item that is the article itself names no section
            setattr(meta, name, value)
    if meta.title and rules.enabled("duplicate-title"):
        key = _norm(meta.title)
        low, high = len(meta.title) // 2, len(meta.title) * 2 + 10  # cheap length gate first
        for line in lines:
            if line.kept and low <= len(line.text) <= high and _norm(line.text) == key:
                cleaned.remove(line, "duplicate-title")
    if rules.enabled("dangling-fragment"):
        for line in reversed(lines):
            if not line.kept:
                continue
            if line.text.rstrip().endswith(":") and heuristics.words(line.text) <= 15:
                cleaned.remove(line, "dangling-fragment")
                continue
            break


_NOT_WORD = re.compile(r"[\W_]+")


def _norm(text: str) -> str:
    """Lower-case words only: 'Title: *A* title!' and 'title a title' compare equal."""
    return _NOT_WORD.sub(" ", text.lower()).strip()


def _apply_hints(meta: Metadata, hints: Hints, languages: Sequence[str], settings: SourceSettings) -> None:
    """Fill what the text left empty from the page head, then from the catalogue."""
    meta.title = meta.title or hints.title
    # authors: extract_metadata already weighed the page's author fields (page=hints) against its bylines
    meta.publisher = meta.publisher or hints.publisher or settings.publisher
    meta.url = meta.url or hints.url
    meta.section = meta.section or hints.section or settings.section
    if meta.date_published is None and hints.date:
        meta.date_published = parse_date(hints.date[:10], ["en"], "YMD") if hints.date[:4].isdigit() else parse_date(hints.date, languages)


def jsonld_for(record: Mapping[str, Any], config: PipelineConfig, source: str) -> dict[str, Any]:
    """The JSON-LD node of a record, with organisation names typed as such."""
    _, meta_rules = compiled(config, source)
    return jsonld_node(record, organisation=lambda name: is_organisation(name, meta_rules))


__all__ = [
    "BatchResult",
    "DocmillError",
    "FileResult",
    "PipelineConfig",
    "Removal",
    "SourceSettings",
    "doc_id",
    "jsonld_for",
    "process_batch",
    "process_file",
]
