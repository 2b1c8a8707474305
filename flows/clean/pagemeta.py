"""Metadata of an HTML page from its tree: head, OpenGraph, JSON-LD and the visible byline.

Read before any extraction removes an element, so a byline in ``<p class="byline">`` or a
``<time>`` in the article header still gives the author and the date even when the
main-content extractor drops it as boilerplate. Nothing is fetched; values are plain
strings that ``flows.clean.metadata`` parses with the same rules as text.

Where each field comes from, best first:

- **title**: the ``<h1>`` (or ``<h2>``) that the page title (``og:title``, ``<title>``,
  JSON-LD ``headline``) contains; else JSON-LD ``headline``; else ``og:title`` or
  ``<title>`` without the site name; else the page's only ``<h1>``.
- **authors**: JSON-LD ``author``; ``<meta name="author">`` and its kin; the visible byline
  (``itemprop="author"``, ``rel="author"``, an element whose class or id names the
  author or byline), handed over as ``Hints.bylines`` texts (read in order until one names
  somebody); the text blocks and links around the headline (``Hints.before_title``,
  ``after_title``, ``title_links``), read like the header lines of a text.
- **date**: JSON-LD ``datePublished``; ``article:published_time`` and its kin
  (``DATE_META``, ``DATE_META_SUFFIXES``; meta names compared case-insensitively);
  ``itemprop="datePublished"`` (not of an item readers wrote: a product's review, a
  comment); the first ``<time datetime>`` of the article outside its comments; a
  publication key in the page's inline script data (``SCRIPT_DATE_KEYS``: "publishedAt",
  "published_at" … with an ISO date); then, as ``Hints.date_text``, the text of the element
  right above the headline or the first after it whose class names a date; as
  ``Hints.time_day``, the one day the page's own ``<time>`` elements show (not a comment's);
  and ``Hints.page_title``, the ``<title>``, whose date part the page shows too. The day of
  the last change (JSON-LD ``dateModified``, ``MODIFIED_META``) as ``Hints.date_modified``: a page that
  shows that day and not its publication is dated by the change (``flows.clean.metadata``).
- **url**: ``og:url``, the canonical link, JSON-LD ``url``; resolved against each other
  when relative, ``//host/path`` completed with ``https:``, percent-encoded schemes
  decoded, anything else dropped (never a reason to reject the page). With none of these,
  the links whose query holds an address (``Hints.share_links``): the metadata reader
  takes the address the page's sharing buttons share.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from flows.clean.dates import find_date_span
from flows.clean.decode import drop_controls
from flows.model import Hints

_METAS = etree.XPath("//meta[@content]")
_JSONLD = etree.XPath("//script[@type='application/ld+json']")
_SCRIPTS = etree.XPath("//script[not(@src)][not(@type='application/ld+json')]")
_CANONICAL = etree.XPath("(//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')])[1]")
_HEADINGS = etree.XPath("//body//h1 | //body//h2 | //body//h3")
_H1 = etree.XPath("//body//h1")
_NO_TEXT = frozenset({"script", "style", "noscript", "template"})
_BLOCKS = frozenset({"p", "div", "li", "address", "h1", "h2", "h3", "h4", "h5", "h6", "section", "header", "article",
                     "ul", "ol", "dl", "dd", "dt", "table", "tr", "td", "th", "figure", "figcaption", "aside", "main",
                     "blockquote", "time", "footer", "nav", "form"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "nav", "footer", "form", "button", "select",
                   "iframe", "figure", "aside"})
_ITEM_AUTHOR = etree.XPath("//body//*[@itemprop='author']")
#: A news agency's ``<byline>`` element (NITF), kept when its story is set into a page.
_BYLINE_ELEMENT = etree.XPath("//body//byline")
_REL_AUTHOR = etree.XPath("//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")
#: Class and id attributes (strings that know their element): scanned without making an
#: element object for every element of the page.
_CLASS_OR_ID = etree.XPath("descendant::*/@*[name()='class' or name()='id']")
_CLASSES = etree.XPath("descendant::*/@class")
_CLASSES_IN = etree.XPath("descendant-or-self::*/@class")
_SUBTREE_SIZE = etree.XPath("count(descendant-or-self::*)")
_ITEM_DATE = etree.XPath("//*[@itemprop='datePublished' or @property='schema:datePublished' or @property='datePublished'"
                         " or @property='dc:date' or @property='dcterms:date' or @property='dcterms:issued']")
_ITEM_CREATED = etree.XPath("//*[@itemprop='dateCreated' or @property='schema:dateCreated' or @property='dcterms:created']")
_TIMES = etree.XPath("//body//article//time[@datetime] | //body//main//time[@datetime] | //time[@pubdate][@datetime]")
_DATE_CLASS = re.compile(r"(?:^|[\s_-])(?:date|datum|time|published|posted|pubdate|dateline|meta-date|entry-date|"
                         r"post-date|article-date|news-date|timestamp|fecha|data)(?:$|[\s_-])", re.IGNORECASE)
_NOT_DATE_CLASS = re.compile(r"update|modified|comment|teaser|related|event|weather|calendar|today|current",
                             re.IGNORECASE)
_ALL_TIMES = etree.XPath("//body//time[@datetime]")
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|by-line|author|authors|autor|autoren|auteur|article-author|post-author|"
                           r"entry-author|meta-author|writer|creator)(?:$|[\s_-])", re.IGNORECASE)
#: Class or id words of the part of a byline element that holds the name.
_NAME_CLASS = re.compile(r"(?:^|[\s_-])(?:name|fn)(?:$|[\s_-])", re.IGNORECASE)
_NOT_BYLINE_CLASS = re.compile(r"bio|avatar|image|img|photo|box|about|description|comment|follow|social|list|"
                               r"more|related|(?<!v)card", re.IGNORECASE)  # a teaser card; 'vcard' is hCard's person

#: Names of ``<meta>`` elements holding the author, the publication date, in order of trust.
AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author", "parsely-author",
               "byl", "twitter:creator")
DATE_META = ("article:published_time", "og:article:published_time", "datePublished", "date", "dc.date",
             "dc.date.issued", "dcterms.date", "dcterms.issued", "publish-date", "pubdate", "publication_date",
             "sailthru.date", "parsely-pub-date", "article.published", "published_time", "citation_publication_date",
             "bepress_citation_date", "citation_date", "dc.date.created", "date.created", "og:published_time",
             "article:published", "pub_date", "publishdate", "datecreated", "dc.created", "dcterms.created",
             "dcterms:created", "uploaddate")
#: Names of ``<meta>`` elements holding the day of the last change, in order of trust.
MODIFIED_META = ("article:modified_time", "og:updated_time", "dateModified", "og:article:modified_time",
                 "shareaholic:article_modified_time", "last-modified", "lastmod")
#: Endings of other ``<meta>`` names that hold the publication date ('shareaholic:article_published_time').
DATE_META_SUFFIXES = ("published_time", "publication_date", "publish_date", "date_published", "datepublished",
                      "publishtime", "publicationdate", "publishdate")
#: Class words of an article's lead paragraph, and of the cards and boxes that reuse them.
_LEAD_CLASS = re.compile(r"(?:^|[\s_-])(?:lead|intro|introduction|standfirst|summary|teaser|abstract|excerpt|dek|deck|hook|"
                         r"subline|subheadline|subtitle|description|chapo|chapeau|bajada|entradilla|vorspann)(?:$|[\s_-])",
                         re.IGNORECASE)
#: A lead reads as prose: it ends a sentence, or is long enough to be more than a teaser's headline.
_SENTENCE_END = re.compile(r"[.!?…:;\"”»)]$")
_LEAD_UNENDED_CHARS = 150
_NOT_LEAD_CLASS = re.compile(r"sidebar|related|list|card|more|widget|nav|menu|footer|comment|newsletter|promo|"
                             r"slider|carousel|grid|author|bio|profile|avatar|caption|credit", re.IGNORECASE)
#: How many text blocks under the headline may hold the lead, and its length in characters.
_LEAD_BLOCKS = 6
_LEAD_CHARS = (40, 1500)
#: Languages tried for a visible date when the page names none.
_DATE_LANGUAGES = ("en", "de", "fr", "es", "it", "pt")
#: How many days after the structured date a visible date under the headline may be and still be
#: the article's publication (drafted one day, published a few days later).
DRAFT_DAYS = 7
_WEEKDAY_PREFIX = re.compile(r"(?:[^\W\d_]+,)?")
_ISO_STAMP = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:$|[T ](?P<hour>\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?"
                        r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{3,4})?$)")
_EMAIL = re.compile(r"@|\[at\]|\(at\)", re.IGNORECASE)
#: Class or id words of a page footer; an article's own footer ('entry-footer') is not one.
_FOOTER_MARK = re.compile(r"(?:^|\s)(?:(?:site|page|global|main)-footer|footer(?:-[\w-]+)?|site-info|colophon|copyright)(?:$|\s)")
_NOT_A_NAME = re.compile(r"[:→»«|/<>]|https?://|\d{4}")
#: "Headline | Site", "Headline - Site", "Site :: Headline": the parts of a page title.
TITLE_PARTS = re.compile(r"(?<!\s)\s++(?:[|·•»«/–—-]|::|//)\s+|(?:(?<!\s)\s++)?\|\s*")
_NOT_WORD = re.compile(r"[\W_]+")
#: Letters of scripts without capitals (Arabic, Hebrew, the scripts of India, kana, CJK
#: ideographs, Hangul, Thai): a name written in them has no capitals to go by.
CASELESS = "\u0600-\u06ff\u0590-\u05ff\u0900-\u0dff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f"


def head_hints(tree: HtmlElement) -> Hints:
    """Metadata from the page's tree (see the module docstring)."""
    hints = Hints()
    for script in _JSONLD(tree):
        _jsonld_hints(script.text or "", hints)
    headline = hints.title  # JSON-LD headline
    title = next(tree.iter("title"), None)
    page_title = _clean(" ".join(title.itertext())) if title is not None else None
    metas = _metas(tree)
    og_title = _meta(metas, "og:title", "twitter:title")
    element, dom_title = _dom_headline(tree, [t for t in (og_title, page_title, headline) if t])
    hints.page_title = page_title
    hints.title = dom_title or headline or strip_site(og_title or page_title, _meta(metas, "og:site_name"))
    if element is None:
        h1s = _H1(tree)
        # the page title alone, no heading repeats it and no one <h1> stands for the headline
        dated = _dated_heading(tree, _lang_tag(tree)) if not headline and not og_title and len(h1s) != 1 else None
        if dated is not None:
            element, hints.title = dated, _clean(dated.text_content())
        else:
            element = h1s[0] if h1s else None
        only_h1 = _clean(" ".join(h1s[0].itertext())) if len(h1s) == 1 else None
        if only_h1 and len(only_h1.split()) >= 2 and (not hints.title or len(hints.title.split()) == 1):
            hints.title = only_h1  # a one-word page title names the site, not the article
    if element is not None:
        hints.before_title, hints.after_title = _around(tree, element)
        hints.title_links = _links_near(tree, element)
    hints.subtitle = hints.subtitle or _meta(metas, "og:description", "description")
    hints.url = clean_url(hints.url, None) or _page_url(tree, metas)
    hints.publisher = hints.publisher or _meta(metas, "og:site_name", "application-name")
    tag = _lang_tag(tree)
    if tag:
        hints.language = tag.split("-")[0].lower()[:2]
    hints.locale = _locale(tag) or _locale(_meta(metas, "og:locale"))
    hints.date = (hints.date or _meta(metas, *DATE_META) or _meta_suffixed(metas, DATE_META_SUFFIXES)
                  or _item_date(tree) or _time_date(tree) or _script_date(tree))
    hints.date_modified = hints.date_modified or _meta(metas, *MODIFIED_META)
    hints.date_text, under_headline = _visible_date(tree, element)
    hints.time_day = _own_time_day(tree)
    if under_headline:
        hints.date = local_day(hints.date, hints.date_text, hints.language)
    hints.section = hints.section or _meta(metas, "article:section")
    if not hints.authors:
        author = _meta(metas, *AUTHOR_META)
        if author and not author.startswith(("http", "@")) and "/" not in author and not _EMAIL.search(author):
            hints.authors = [author]
    if not hints.authors:
        hints.authors = _rel_author(tree)
    hints.bylines = _visible_bylines(tree)
    if hints.authors:  # what the page shows, to tell a structured author readers see from one they never do
        hints.shown_words = f" {norm_words(' '.join(_SHOWN_TEXT(_body(tree))))} "
    hints.share_links = _share_links(tree) if hints.url is None else []  # no address in the head
    return hints


def _lang_tag(tree: HtmlElement) -> str:
    """The page's language tag (``<html lang="de-CH">``), or ''."""
    root = tree.getroottree().getroot()
    return str(root.get("lang") or root.get("xml:lang") or "") if root.tag == "html" else ""


#: The ``<h1>``/``<h2>`` headings of a page without a headline found otherwise that are looked
#: at for one over its date line, and the text pieces under each that are read for the date.
_DATED_HEADINGS = 10
_DATE_PIECES = 4
#: Text pieces after such a heading read at most, blank ones (the indentation between tags) included.
_PIECES_READ = 40


def _dated_heading(tree: HtmlElement, tag: str) -> HtmlElement | None:
    """An old CMS's headline: on a page with no heading its title repeats, no OpenGraph or
    JSON-LD title (the page title names only the site) and not one ``<h1>`` (none, or a
    sidebar's box titles), the first of its first ``_DATED_HEADINGS`` ``<h1>``/``<h2>``
    headings of three words or more with a date among the first ``_DATE_PIECES`` short text
    pieces right under it ("<h2>Headline</h2> <span>12.10.2006</span>")."""
    languages = tuple(dict.fromkeys((tag.split("-")[0].lower()[:2] or "en", "en")))
    for heading in itertools.islice(_HEADINGS(tree), _DATED_HEADINGS):
        text = _clean(heading.text_content())
        if not text or len(text.split()) < 3 or len(text) > 200:
            continue
        pieces = (piece for piece in itertools.islice(_texts_after(heading), _PIECES_READ) if piece.strip())
        if any(len(piece) <= 80 and find_date_span(piece, languages) is not None
               for piece in itertools.islice(pieces, _DATE_PIECES)):
            return heading
    return None


def _texts_after(element: HtmlElement) -> Iterator[str]:
    """The text pieces after ``element`` in document order, scripts and styles left out."""
    for sibling in _following_siblings(element):
        for node in sibling.iter():
            if isinstance(node.tag, str) and node.tag not in _NO_TEXT and node.text:
                yield node.text
            if node is not sibling and node.tail:
                yield node.tail
        if sibling.tail:
            yield sibling.tail


def leads(tree: HtmlElement, hints: Hints) -> tuple[str | None, str | None]:
    """The article's standfirst and its subtitle, in one pass over the classes.

    The standfirst is its lead paragraph: an element under the headline whose class names a
    lead ('intro', 'lead', 'standfirst', 'summary', 'teaser', 'abstract'), among the first
    text blocks after it (``hints.after_title``), prose rather than links. Main-content
    extractors often drop it for its class ('teaser', 'summary' also mark cards of other
    articles); close under the headline it is the article's own first paragraph.

    The subtitle is the standfirst, else the first such element right under the headline
    (among the first two blocks after it) that ends no sentence, a deck ("Islanders relied on
    generators after the cable failed")."""
    near = hints.after_title[:_LEAD_BLOCKS]
    if not near:
        return None, None
    blocks, deck = set(near), None
    for classes in _CLASSES(_body(tree)):
        if not _LEAD_CLASS.search(classes) or _NOT_LEAD_CLASS.search(classes):
            continue
        element = classes.getparent()
        text = _clean(element.text_content())
        if not text or not _LEAD_CHARS[0] <= len(text) <= _LEAD_CHARS[1] \
                or "\n".join(_broken_lines(element)) not in blocks:
            continue
        linked = sum(len(a.text_content()) for a in element.iter("a"))
        if linked * 2 > len(text):
            continue
        if _SENTENCE_END.search(text) or len(text) >= _LEAD_UNENDED_CHARS:
            return text, text
        if deck is None and text in near[:2]:
            deck = text
    return None, deck


def local_day(structured: str | None, visible: str | None, language: str | None) -> str | None:
    """The structured date, or the visible date under the headline when that is the local day
    of a structured timestamp written in UTC.

    A timestamp in UTC (``Z``, ``+00:00``, ``GMT``, or no zone at all) falls on the day
    before the page's own day east of Greenwich in the evening, on the day after it west
    of Greenwich in the morning: "2024-05-03T23:30:00Z" under "4 May 2024". So the visible
    date wins when it is the next day and the UTC time is past noon, or the day before and
    the time is before noon (either, for a bare date). A timestamp with its own offset is
    already local.

    A visible date a few days (up to ``DRAFT_DAYS``) after the structured one, whatever its
    zone, is the day the article went out: the structured date is the day its entry was
    made in the system. Dates further apart, or a visible date before the structured one,
    are other events (updated, printed, an older teaser).
    """
    if not visible or not structured:
        return structured
    languages = tuple(dict.fromkeys([language, "en"] if language else _DATE_LANGUAGES))
    span = find_date_span(visible, languages)
    if span is None:
        return structured
    shown = span[2]
    made = _ISO_STAMP.match(structured.strip())
    if made is not None and _WEEKDAY_PREFIX.fullmatch(visible[: span[0]].strip()):  # a bare date, no label
        try:
            if 1 < (shown - dt.date(int(made["y"]), int(made["m"]), int(made["d"]))).days <= DRAFT_DAYS:
                return shown.isoformat()
        except ValueError:
            return structured
    return shown.isoformat() if shown in local_days(structured) else structured


def local_days(structured: str | None) -> tuple[dt.date, ...]:
    """The days other than its own on which a structured timestamp in UTC (or without a zone)
    may fall where the page is: the next day for a time past noon, the day before for a time
    before noon, either for a bare date; none for a timestamp with its own offset."""
    stamp = _utc_stamp(structured)
    if stamp is None:
        return ()
    day, hour = stamp
    return tuple(day + dt.timedelta(days=shift) for shift in (1, -1) if hour is None or (hour >= 12) == (shift == 1))


def _utc_stamp(value: str | None) -> tuple[dt.date, int | None] | None:
    """(day, hour) of an ISO 8601 or RFC 2822 date in UTC or without a zone; the hour is None
    for a bare date. None for anything else, a timestamp with a non-zero offset included."""
    value = (value or "").strip()
    match = _ISO_STAMP.match(value)
    if match is not None:
        zone = (match["zone"] or "").upper()
        if zone not in ("", "Z", "+00:00", "+0000", "-00:00", "+00", "UTC", "GMT"):
            return None
        try:
            day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
        return day, int(match["hour"]) if match["hour"] else None
    if value[-3:].upper() in ("GMT", "UTC") or value.endswith(("+0000", "Z")):
        try:
            stamp = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return stamp.date(), stamp.hour
    return None


def _rel_author(tree: HtmlElement) -> list[str]:
    """The first ``<a rel="author">`` whose text is a name or a handle (a structured field:
    the link relation says so), not a link label such as 'View all posts by …'."""
    for element in _REL_AUTHOR(tree):
        text = _clean(element.text_content())
        if not text or len(text) > 60 or _NOT_A_NAME.search(text) or _in_footer(element):
            continue
        words = text.split()
        if len(words) > 4 or (len(words) > 1 and words[0].islower()) or len(text) < 3:
            continue  # a label ('by Jane Roe', 'View all posts by …'), initials: the byline reader's
        return [text]
    return []


#: Links whose query holds a web address, plain or percent-encoded: a sharing button's.
_ADDRESS_QUERY = etree.XPath("//body//a/@href[contains(substring-after(., '?'), 'http')]")
MAX_SHARE_LINKS = 100


def _share_links(tree: HtmlElement) -> list[str]:
    """The page's links that may be sharing buttons (``facebook.com/sharer.php?u=…``): the
    metadata reader knows the sharing services and takes the page's address from them."""
    return [str(href) for href in _ADDRESS_QUERY(tree)[:MAX_SHARE_LINKS]]


def _in_footer(element: HtmlElement) -> bool:
    """Is the element inside the page footer (a theme's 'by Author' credit, say)?"""
    for ancestor in element.iterancestors():
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        if ancestor.tag == "footer" and ancestor.getparent() is not None and ancestor.getparent().tag == "body":
            return True
        if _FOOTER_MARK.search(marks):
            return True
    return False


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", drop_controls(html.unescape(value))).strip()
    return value or None


def norm_words(text: str) -> str:
    """Lower-case words only, NFKC: for comparing a heading with the page title."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


#: A language tag with a region: "en-GB", "en_gb" (OpenGraph), "de-AT"; a script between them is skipped.
_LOCALE = re.compile(r"\s*([a-z]{2})(?:[-_][a-z]{4})?[-_]([a-z]{2})\s*", re.IGNORECASE)


def _locale(tag: str | None) -> str | None:
    """The language and region a tag names ("en-GB" is "en-gb"), None without a region."""
    found = _LOCALE.fullmatch(tag) if tag else None
    return f"{found[1]}-{found[2]}".lower() if found else None


def _metas(tree: HtmlElement) -> dict[str, str]:
    """Every non-empty ``<meta property|name|itemprop=…>`` content by its lower-cased name
    (``DC.Date`` is ``dc.date``), the first of each name winning. A microdata date of an item
    a reader wrote (``_in_reader_item``) names nothing; like the page's other microdata dates,
    only the first ``_TIME_ELEMENTS`` of them that could name something are looked at (each
    costs a walk up its ancestors)."""
    metas: dict[str, str] = {}
    dates = _TIME_ELEMENTS
    for element in _METAS(tree):
        content = _clean(element.get("content"))
        keys = [key for attribute in ("property", "name", "itemprop")
                if (key := str(element.get(attribute) or "").strip().lower()) and key not in metas]
        if not content or not keys:
            continue
        if str(element.get("itemprop") or "").lower().startswith("date"):
            dates -= 1
            if dates < 0 or _in_reader_item(element):
                continue
        metas.update(dict.fromkeys(keys, content))
    return metas


def _meta(metas: dict[str, str], *names: str) -> str | None:
    """The first of ``names`` the page's ``<meta>`` tags give (see ``_metas``)."""
    return next((metas[name.lower()] for name in names if name.lower() in metas), None)


def _meta_suffixed(metas: dict[str, str], suffixes: tuple[str, ...]) -> str | None:
    """The first ``<meta>`` (in page order) whose name ends with one of ``suffixes``."""
    return next((value for name, value in metas.items() if name.endswith(suffixes)), None)


def _dom_headline(tree: HtmlElement, page_titles: list[str]) -> tuple[HtmlElement | None, str | None]:
    """The ``<h1>``/``<h2>`` (or an ``<h3>`` saying most of it) that a page title names
    ("Headline | Site" → the heading "Headline"): a theme may set its logo in the ``<h1>``."""
    keys = [norm_words(t) for t in page_titles if norm_words(t)]
    ranked = []
    for order, heading in enumerate(_HEADINGS(tree)):
        text = _clean(heading.text_content())
        if not text or len(text) > 300:
            continue
        own = norm_words(text)
        if len(own) < 4:
            continue
        share = 6 if heading.tag == "h3" else 4  # an h3 only as most of the page title (a theme's headline level)
        for key in keys:
            if (own in key and (heading.tag == "h1" or len(own) * 10 >= len(key) * share)) \
                    or (key in own and len(key) * 10 >= len(own) * 6 and heading.tag != "h3"):  # 'One thought on "…"'
                # the heading that covers most of the page title: not the site name in a blog's <h1>
                ranked.append((-min(len(own), len(key)) * 4 // max(len(key), 1), 0 if heading.tag == "h1" else 1,
                               order, text, heading))
                break
    if ranked:
        best = min(ranked, key=lambda r: r[:3])
        return best[4], best[3]
    return None, None


def _title_parts(title: str) -> list[str]:
    return [p.strip() for p in TITLE_PARTS.split(title) if p and p.strip()]


def _lead_of(parts: Sequence[str]) -> str | None:
    """The first of a page title's parts when it has two words or more: the headline of
    "Headline | Site", on nine pages in ten."""
    return parts[0] if len(parts[0].split()) >= 2 else None


def title_lead(title: str) -> str | None:
    """The headline a page title of several parts opens with ('Headline | Site'), or None."""
    parts = _title_parts(title)
    return _lead_of(parts) if len(parts) > 1 else None


def strip_site(title: str | None, site: str | None = None) -> str | None:
    """'Headline | Site' → 'Headline': the part that is not the site's name; with no name to
    go by, the first part when it has two words or more, else the longest."""
    if not title:
        return None
    parts = _title_parts(title)
    if len(parts) < 2:
        return title.strip()
    if site:  # the site's words once, each part's index as it comes: a title of many parts is read in one pass
        site_words = norm_words(site)
        kept = [p for p in parts if (words := norm_words(p)) != site_words and words not in site_words]
        if len(kept) == 1:
            return kept[0]
        parts = kept or parts
    return _lead_of(parts) or max(enumerate(parts), key=lambda item: (len(item[1].split()), -item[0]))[1]


def _around(tree: HtmlElement, headline: HtmlElement, before: int = 6, after: int = 40) -> tuple[list[str], list[str]]:
    """The text blocks (innermost block elements) just before and after the headline, each as
    its lines joined by a line break (``_broken_lines``)."""
    body = tree.find("body")
    root = body if body is not None else tree
    seen: list[str] = []
    following: list[str] = []
    state = {"passed": False}
    holds_block = _holding_blocks(root)
    holds_headline = set(headline.iterancestors())

    def walk(element: HtmlElement) -> bool:
        for child in element:
            if not isinstance(child.tag, str) or child.tag in _SKIP:
                continue
            if child is headline:
                state["passed"] = True
                continue
            if child not in holds_headline and _COMMENT_MARK.search(f"{child.get('class') or ''} {child.get('id') or ''}"):
                continue  # a comment thread or its form: what readers wrote, never the page's byline or date
            if child.tag in _BLOCKS and child not in holds_block:
                lines = _broken_lines(child)
                if lines and lines[-1].endswith(":") and child.tail and not child.tail.isspace():
                    lines[-1] = _clean(f"{lines[-1]} {child.tail}") or ""  # '<h5>Date:</h5> 3 May 2024': its value
                text = "\n".join(lines)
                if text and (len(text) <= 400 or state["passed"]):  # a long block after it: the article's prose
                    (following if state["passed"] else seen).append(text)
                    if len(following) >= after:
                        return True
                continue
            if walk(child):
                return True
        return False

    walk(root)
    return seen[-before:], following


def _broken_lines(block: HtmlElement) -> list[str]:
    """A text block's lines: its text, broken where a ``<br>`` breaks it ('<b>Pages:</b> 448<br>
    <b>Publisher:</b> Heyne' is two lines, as a reader sees it), each cleaned; blank ones left out."""
    if next(block.iter("br"), None) is None:
        text = _clean(block.text_content())
        return [text] if text else []
    lines: list[list[str]] = [[]]
    for event, element in etree.iterwalk(block, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):  # only its tail is text
            lines[-1].append(element.tail or "")
        elif event == "start":
            if element.tag == "br":
                lines.append([])
            elif element.text:
                lines[-1].append(element.text)
        elif element is not block and element.tail:
            lines[-1].append(element.tail)
    return [text for pieces in lines if (text := _clean("".join(pieces)))]


def _holding_blocks(root: HtmlElement) -> set[HtmlElement]:
    """The elements with a block element somewhere inside them: one pass over the tree,
    each ancestor chain climbed only up to the first element already marked."""
    holding: set[HtmlElement] = set()
    for element in root.iterdescendants(*_BLOCKS):
        parent = element.getparent()
        while parent is not None and parent not in holding:
            holding.add(parent)
            if parent is root:
                break
            parent = parent.getparent()
    return holding


def _links_near(tree: HtmlElement, headline: HtmlElement, before: int = 15, after: int = 40,
                window: tuple[int, int] = (600, 1500)) -> list[tuple[str, str]]:
    """(text, href) of the links just after the headline (its own included), then of those just
    before it, among the ``window`` elements before and after it."""
    own = list(headline.iter("a"))
    following = itertools.chain(own, _window_links(_following_siblings(headline), window[1] - 1 - _size(headline)))
    preceding = _window_links(_preceding_siblings(headline), window[0], nearest_last=True)
    links = [(a, href) for a in itertools.islice(following, 4 * after) if (href := a.get("href"))][:after]
    links += reversed([(a, href) for a in itertools.islice(preceding, 4 * before) if (href := a.get("href"))][:before])
    texts = [(_clean(a.text_content()) or "", str(href)) for a, href in links]
    return [(text, href) for text, href in texts if text and len(text) <= 80]


def _size(element: HtmlElement) -> int:
    return int(_SUBTREE_SIZE(element))


def _window_links(siblings: Iterator[HtmlElement], budget: int, nearest_last: bool = False) -> Iterator[HtmlElement]:
    """The links in these sibling subtrees, nearest to the headline first, until ``budget``
    elements have been passed; subtrees are measured in C, not walked."""
    for sibling in siblings:
        if budget <= 0:
            return
        size = _size(sibling)
        if size <= budget:
            links = list(sibling.iter("a"))
            yield from reversed(links) if nearest_last else links
        else:
            elements = list(sibling.iter())
            part = elements[-budget:] if nearest_last else elements[:budget]
            links = [e for e in part if e.tag == "a"]
            yield from reversed(links) if nearest_last else links
        budget -= size


def _following_siblings(element: HtmlElement) -> Iterator[HtmlElement]:
    """The siblings after ``element`` and after each of its ancestors below ``<body>``, in document order:
    with their descendants, every element that follows it."""
    node: HtmlElement | None = element
    while node is not None and node.tag not in ("body", "html"):
        yield from node.itersiblings(etree.Element)  # elements only: no comment or processing instruction
        node = node.getparent()


def _preceding_siblings(element: HtmlElement) -> Iterator[HtmlElement]:
    """The siblings before ``element`` and before each of its ancestors below ``<body>``, nearest first."""
    node: HtmlElement | None = element
    while node is not None and node.tag not in ("body", "html"):
        yield from node.itersiblings(etree.Element, preceding=True)
        node = node.getparent()


#: How many byline elements a page hands over (the first that names somebody is taken).
MAX_BYLINES = 4


def _visible_bylines(tree: HtmlElement) -> list[str]:
    """The texts of the page's byline elements, in order of trust: itemprop author, rel=author,
    a byline class. The metadata reader takes the first that names somebody: an element
    that holds none (a bare 'Published on' label) gives way to the next."""
    found: dict[str, None] = {}  # the texts in order, each once
    for element in _ITEM_AUTHOR(tree):
        if _in_reader_item(element):
            continue  # the author of an answer, a review or a comment: a reader, not the page's author
        name = element.find(".//*[@itemprop='name']")
        text = _clean((name.get("content") or name.text_content()) if name is not None
                      else (element.get("content") or element.text_content()))
        if text and len(text) <= 120:
            found[text] = None
    for element in [*_REL_AUTHOR(tree), *_BYLINE_ELEMENT(tree)]:
        text = _clean(element.text_content())
        if text and len(text) <= 120:
            found[text] = None
    for attribute in _CLASS_OR_ID(_body(tree)):
        if len(found) >= MAX_BYLINES:
            break
        if not _BYLINE_CLASS.search(attribute):
            continue
        element = attribute.getparent()
        if _NOT_BYLINE_CLASS.search(f"{element.get('class') or ''} {element.get('id') or ''}") \
                or _among_readers(element):
            continue
        text = _byline_text(element)
        if text and 3 <= len(text) <= 160 and _WORDS_OR_CASELESS.search(text):
            found[text] = None
    return list(found)[:MAX_BYLINES]


#: Class or id words of a section readers wrote: a product's customer reviews, testimonials.
_READERS_SECTION = re.compile(r"(?:^|[\s_-])(?:reviews|testimonials)(?:$|[\s_-])", re.IGNORECASE)


def _among_readers(element: HtmlElement) -> bool:
    """Is the element inside a comment thread or a section of readers' reviews ('product-reviews',
    'customer-reviews')? A critic's own review is one 'review', no section of them."""
    return _in_comment(element) or any(
        a.tag not in ("body", "html") and _READERS_SECTION.search(f"{a.get('class') or ''} {a.get('id') or ''}")
        for a in element.iterancestors())


def _byline_text(element: HtmlElement) -> str | None:
    """A byline element's text up to the end of its part that the class or id says holds the
    name ('author-name', 'author__info--name', hCard's 'fn'): an author box also holds a
    role ('Member of the news desk') or a bio after the name, which are no part of the
    byline. A label before the name ('Posted by') stays: it says the line is a byline."""
    text = _spaced_text(element)
    if not text:
        return text
    for attribute in _CLASS_OR_ID(element):
        if _NAME_CLASS.search(attribute):
            name = _spaced_text(attribute.getparent()) or ""
            end = text.find(name) if name else -1
            return text[: end + len(name)] if end >= 0 else text
    return text


#: Two words, or one word of a script without capitals: what any byline holds ('link78',
#: 'Site-Redaktion' on an element classed 'author' name nobody; the next such element may).
_WORDS_OR_CASELESS = re.compile(rf"[^\W\d_]{{2,}}\.?\s+\W?[^\W\d_]|[{CASELESS}]")


#: The body's text a reader sees: none of its scripts, styles and templates.
_SHOWN_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]")


def _body(tree: HtmlElement) -> HtmlElement:
    """The page's ``<body>``, or the whole tree when the parser found none."""
    body = tree.find("body")
    return body if body is not None else tree


def _spaced_text(element: HtmlElement) -> str | None:
    """The element's text with its pieces apart: a date or byline set in several elements
    ('Apr 04<span>2013</span>', 'Jane Roe<span>3 hours ago</span>') does not run together."""
    return _clean(" ".join(element.itertext()))


def _visible_date(tree: HtmlElement, headline: HtmlElement | None) -> tuple[str | None, bool]:
    """The text of the first element whose class names a date ('date', 'entry-date', 'time'):
    the element right above the headline, beside it in one container ('<div class="date">' /
    '<h1>'), else the first after the headline when there is one, else the page's first; and
    whether it sits beside or under the headline. The element above is only the headline's
    own sibling: a date further up is the masthead's (today's date) or a teaser's."""
    first = [(e, False) for e in itertools.islice(_date_classed(_CLASSES(_body(tree))), 3)]
    if headline is not None:
        after = (e for sibling in _following_siblings(headline) for e in _date_classed(_CLASSES_IN(sibling)))
        first = [(e, True) for e in itertools.islice(after, 3)] + first
        above = next(headline.itersiblings(etree.Element, preceding=True), None)  # a kicker's date over the headline
        if above is not None:
            first = [(e, True) for e in itertools.islice(_date_classed(_CLASSES_IN(above)), 1)] + first
    for element, follows in first:
        text = _spaced_text(element)
        if text and len(text) <= 80 and re.search(r"\d", text):
            return text, follows
    return None, False


#: Class or id words of a comment thread ('comments-area', 'comment-meta', 'c-comment-card'):
#: a date there is not the article's. A class word that opens with them only: a theme's
#: 'wp-embed-responsive', a post's 'no-comments' or 'has-comment-count' name no thread.
_COMMENT_MARK = re.compile(r"(?:^|\s)(?!no[-_]|has[-_])(?:[a-z]{1,5}[-_]){0,2}(?:comments?|commentlist|respond|replies|"
                           r"disqus_thread)(?:$|[\s_-])", re.IGNORECASE)


def _own_time_day(tree: HtmlElement) -> str | None:
    """The day (ISO) the page's own ``<time datetime>`` elements show, when they show one day
    only: not a comment's (an ancestor's class or id names a comment thread, or a link to a
    '#comment' anchor holds it), not an embedded post's (in a ``<blockquote>``), and with a
    visible text."""
    days: set[str] = set()
    for element in itertools.islice(_ALL_TIMES(tree), _TIME_ELEMENTS):
        found = re.match(r"\s*(\d{4}-\d{2}-\d{2})", element.get("datetime") or "")
        if found is None or found.group(1) in days or not re.search(r"\d", element.text_content() or ""):
            continue
        if not _in_comment(element):
            days.add(found.group(1))
            if len(days) > 1:
                return None
    return days.pop() if days else None


#: How many ``<time>`` elements of a page are read for its own day and its first date (a
#: page of thousands, an archive or a hostile page, costs no more).
_TIME_ELEMENTS = 50


def _in_comment(element: HtmlElement) -> bool:
    """Is the element inside a comment thread (an ancestor's class or id names one, or a link
    to a '#comment' anchor holds it), an embedded post (a ``<blockquote>``) or an item a
    reader wrote (``_in_reader_item``)?"""
    return _in_reader_item(element) or any(
        a.tag == "blockquote" or "#comment" in (a.get("href") or "")
        or (a.tag not in ("body", "html") and _COMMENT_MARK.search(f"{a.get('class') or ''} {a.get('id') or ''}"))
        for a in element.iterancestors())


def _date_classed(classes: list[Any]) -> Iterator[HtmlElement]:
    """The elements of these class attributes (XPath string results) whose class names a date."""
    for classes_of in classes:
        if _DATE_CLASS.search(classes_of) and not _NOT_DATE_CLASS.search(classes_of):
            yield classes_of.getparent()


#: The ``itemprop`` or ``itemtype`` words of a microdata item that readers wrote: a product's
#: review, a comment, an answer. Its dates are when they wrote it, not when the page came out.
_READER_ITEM = re.compile(r"(?:^|[\s/])(?:review|reviews|comment|comments|answer|acceptedanswer|suggestedanswer|"
                          r"usercomments)$", re.IGNORECASE)


def _in_reader_item(element: HtmlElement) -> bool:
    """Is a microdata property inside an item a reader wrote (``itemprop="review"``,
    ``itemtype=".../Comment"``)? Only the nearest item counts: a page whose own item is a
    critic's ``Review`` names no ``itemprop`` for it."""
    scope = next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)
    if scope is None:
        return False
    kind = (scope.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1]
    return bool(_READER_ITEM.search(str(scope.get("itemprop") or "")) or
                kind.lower() in ("comment", "answer", "usercomments"))


def _item_date(tree: HtmlElement) -> str | None:
    """A microdata or RDFa publication date (``itemprop``/``property``), else its creation date;
    not the date of an item a reader wrote (a review of the product, a comment)."""
    for element in itertools.islice(itertools.chain(_ITEM_DATE(tree), _ITEM_CREATED(tree)), _TIME_ELEMENTS):
        if _in_reader_item(element):
            continue
        value = _clean(element.get("content") or element.get("datetime") or element.get("title")
                       or element.text_content())
        if value:
            return value
    return None


#: The keys a page's own script data (a framework's page state, a shop's article object) gives
#: its publication date under, with an ISO date as the value. Creation keys ("createdAt") are
#: left out: every object in such data has one (the author's, an image's, a comment's).
SCRIPT_DATE_KEYS = ("datePublished", "published_at", "publishedAt", "publishDate", "publishedDate", "publish_date",
                    "date_published", "publication_date", "firstPublishedAt", "first_published_at")
_SCRIPT_DATE = re.compile(r'\\?"(?:' + "|".join(SCRIPT_DATE_KEYS) + r')\\?"\s*:\s*\\?"(\d{4}-\d{2}-\d{2}[^"\\]{0,30})')


def _script_date(tree: HtmlElement) -> str | None:
    """The first publication date in the page's inline scripts (not JSON-LD: read above), when the
    head and the markup give none: a page rendered by script keeps its data there."""
    for script in _SCRIPTS(tree):
        match = _SCRIPT_DATE.search(script.text or "")
        if match:
            return match.group(1)
    return None


def _time_date(tree: HtmlElement) -> str | None:
    """The first ``<time datetime>`` of the article (or the page's only one)."""
    times = _TIMES(tree) or (lambda found: found if len(found) == 1 else [])(_ALL_TIMES(tree))
    for element in itertools.islice(times, _TIME_ELEMENTS):
        if _in_comment(element):
            continue
        value = _clean(element.get("datetime"))
        if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
            return value
    return None


def _page_url(tree: HtmlElement, metas: dict[str, str]) -> str | None:
    """og:url or the canonical link, each resolved against the other when relative."""
    og = _meta(metas, "og:url")
    canonical = _CANONICAL(tree)
    link = _clean(str(canonical[0].get("href"))) if canonical and canonical[0].get("href") else None
    for candidate, base in ((og, link), (link, og)):
        url = clean_url(candidate, base)
        if url:
            return url
    return None


def clean_url(url: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL, or None: '//host/p' gets 'https:', '/p' is resolved against an
    absolute ``base``, a percent-encoded 'https%3A%2F%2F…' is decoded, spaces are encoded."""
    if not url:
        return None
    url = url.strip()
    if re.match(r"(?i)https?%3A", url):
        url = unquote(url)
    if url.startswith("//"):
        url = "https:" + url
    if not re.match(r"(?i)https?://", url):
        absolute = clean_url(base, None) if base and base != url else None
        if not absolute:
            return None
        url = urljoin(absolute, url)
    url = url.replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"\s", url):
        return None
    return url


_ARTICLE_TYPES = ("Article", "Posting", "Report", "Review")


def _jsonld_hints(raw: str, hints: Hints) -> None:
    """Fill hints from an embedded schema.org Article node (data only; nothing fetched)."""
    data = _lenient_json(raw)
    if data is None:
        return
    nodes = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    for node in nodes:
        if isinstance(node, dict) and "@graph" in node and isinstance(node["@graph"], list):
            nodes.extend(n for n in node["@graph"] if isinstance(n, dict))
            continue
        if not isinstance(node, dict) or not any(t in str(node.get("@type", "")) for t in _ARTICLE_TYPES):
            continue
        hints.title = hints.title or _clean(_text(node.get("headline")))
        hints.subtitle = hints.subtitle or _clean(_text(node.get("description")))
        hints.date = hints.date or _text(node.get("datePublished"))
        hints.date_modified = hints.date_modified or _text(node.get("dateModified"))
        hints.url = hints.url or _text(node.get("url")) or _text(node.get("mainEntityOfPage"))
        hints.section = hints.section or _clean(_text(node.get("articleSection")))
        publisher = node.get("publisher")
        hints.publisher = hints.publisher or _clean(_text(publisher.get("name") if isinstance(publisher, dict) else publisher))
        authors = node.get("author")
        if authors and not hints.authors:
            items = authors if isinstance(authors, list) else [authors]
            names = (_clean(_text(a.get("name") if isinstance(a, dict) else a)) for a in items)
            hints.authors = [n for n in names if n and not n.startswith("http")]


#: A comma before a closing bracket or brace: JavaScript allows it, JSON does not.
_TRAILING_COMMA = re.compile(r",\s*([\]}])")


def _lenient_json(raw: str) -> Any:
    """Embedded JSON-LD as pages write it: raw line breaks inside strings, a trailing ';' or
    trailing commas (what a template or a JavaScript habit leaves). None when it still is
    not JSON, or nests too deep for the decoder (a hostile page costs its JSON-LD only)."""
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    except RecursionError:
        return None
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", raw.strip().rstrip(";")), strict=False)
    except (ValueError, RecursionError):
        return None


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if isinstance(value, str | int | float) and str(value).strip() else None
