"""Journal and news articles and edited texts in XML (JATS, NITF, TEI) read as markdown.

A journal article in JATS (or the NLM tag sets it grew from; a BITS book part too), a news
story in NITF and a text encoded in TEI keep their metadata in a header of their own and
mark their prose as sections, paragraphs, lists and quotes. Read as an HTML page, such a
file keeps its body text but loses its title, authors and date, and its references,
figure captions and notes run into the text. ``unpack_xml_article`` reads the header's
title, subtitle, authors, date, address (a JATS DOI), section and publisher as a
front-matter block (``docformats.as_markdown``), and the body as markdown: headings at
their section's depth, paragraphs, ``- `` list items, ``> `` quotes, a verse line a line.
Figures, tables, formulas, citation markers ("storms [1]." becomes "storms."), notes,
page furniture, deletions and the back matter (references, acknowledgements, appendices)
are left out; the text around them stays. A date is given only to the day: a year or a
month alone is no date.

The root is found by reading the prolog (declaration, comments, processing instructions,
DOCTYPE) with ``str.find``, so no input makes the sniff backtrack: ``nitf``; ``article``
with an ``article-meta`` in its first ``_META_CHARS`` characters or a JATS or NLM
DOCTYPE (``book-part`` with a ``book-part-meta``: BITS); ``TEI`` or ``TEI.2`` in TEI's
namespace or none. Names are matched without their namespace or prefix.

The XML is parsed by lxml with entities left unresolved, no network and libxml2's limits
on (``huge_tree`` off: 256 levels at most), so a hostile file can neither expand entities
nor fetch anything; an entity reference is the character HTML gives that name
(``&mdash;``) or nothing. Inline text is read with an explicit stack, and blocks nested
deeper than ``MAX_DEPTH`` are read as one paragraph, so the work is linear in the size of
the document. A file that opens as one of these formats but yields no XML is refused as
damaged. Any other text (an HTML or XHTML page, a feed, a sitemap, an SVG image) comes
back unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from html.entities import html5
from typing import Any

from lxml import etree

from flows.clean.docformats import as_markdown
from flows.clean.prolog import root_element
from flows.errors import UnsupportedFormat

#: Blocks (sections, lists, quotes) nested deeper than this are read as one paragraph.
MAX_DEPTH = 100

#: How far into the text its root element may open (after declaration, comments, DOCTYPE).
_HEAD_CHARS = 4096
#: How far into a JATS file its ``article-meta`` (BITS: ``book-part-meta``) must open.
_META_CHARS = 20480
_JATS_DOCTYPE = re.compile(r"JATS|//NLM//DTD|journalpublishing|archivearticle", re.IGNORECASE)
_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]{0,200}\?>")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_TEI_NAMESPACES = ("", "http://www.tei-c.org/ns/1.0")

#: What a dropped citation marker (a JATS ``xref`` to a reference or a footnote) leaves in
#: the text until the paragraph is written, and what any other element left out leaves.
_CITED = "\x00"
_DROPPED = "\x01"
#: A citation marker with the brackets and separators around it: '[1]', '(2, 3)', '[4–6]'.
_CITATION = re.compile(r"\s{0,20}(?:\[[\s,;–-]{0,20}(?:\x00[\s,;–-]{0,20}){1,50}\]"
                       r"|\([\s,;–-]{0,20}(?:\x00[\s,;–-]{0,20}){1,50}\)|(?:\x00[\s,;–-]{0,20}){0,49}\x00)")
#: An element left out between a word (or a sentence's end) and a word: a space, not a join.
_BETWEEN_WORDS = re.compile(r"(?<=[\w.!?;:,])\x01+(?=\w)")
_BY = re.compile(r"^by\b[\s:]*", re.IGNORECASE)
#: NITF's dates: ISO 8601's basic form ('20240312T083000Z') or its extended one.
_DAY = re.compile(r"^\s*([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?![0-9])")
_NUMBER = re.compile(r"[0-9]{1,4}")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
#: JATS publication dates in order of trust: the electronic one, the print one, any other.
_PUB_RANKS = {"epub": 0, "ppub": 1, "pub": 2, "epub-ppub": 2, "": 3}
_WEB_ADDRESS = ("http://", "https://")


@dataclass(frozen=True)
class _Tags:
    """What one format's elements (local names) are to the markdown."""

    sections: frozenset[str]  # a section: the headings of the sections in it are a level deeper
    headings: frozenset[str]
    paragraphs: frozenset[str]  # a paragraph; a list or a quote in it is a block of its own
    containers: frozenset[str]  # read through: their children are blocks
    lists: frozenset[str]
    items: frozenset[str]
    quotes: frozenset[str]  # in a paragraph, a quote is a block only when it holds blocks
    lines: frozenset[str]  # a verse line: a line each, a group of them one block
    code: frozenset[str]
    terms: frozenset[str]  # a defined term: 'term: definition' in its list item
    skipped: frozenset[str]  # left out, text and all; the text after them stays
    breaks: frozenset[str]  # a line or page break within a paragraph: a space
    links: Mapping[str, str]  # an element that links → the attribute holding its address
    choices: Mapping[str, tuple[str, ...]]  # an element holding readings → the ones kept, in order

    @cached_property
    def blocks(self) -> frozenset[str]:
        return (self.sections | self.headings | self.paragraphs | self.containers | self.lists | self.items
                | self.quotes | self.lines | self.code | self.terms)


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_JATS = _Tags(
    sections=_names("sec abstract boxed-text app"), headings=_names("title"), paragraphs=_names("p"),
    containers=_names("body statement speech verse-group def glossary"), lists=_names("list def-list"),
    items=_names("list-item def-item"), quotes=_names("disp-quote"), lines=_names("verse-line"),
    code=_names("preformat code"), terms=_names("term"),
    skipped=_names("fig fig-group table-wrap table-wrap-group table disp-formula disp-formula-group chem-struct-wrap "
                   "fn fn-group label supplementary-material graphic inline-graphic media alt-text long-desc back "
                   "floats-group sub-article response ref-list contrib-group aff permissions object-id "
                   "processing-meta"),
    breaks=_names("break"), links={"ext-link": "href", "uri": "href"},
    choices={"alternatives": ("textual-form", "math", "tex-math")},
)
_TEI = _Tags(
    sections=_names("div div1 div2 div3 div4 div5 div6 div7"), headings=_names("head"),
    paragraphs=_names("p ab dateline salute signed byline docAuthor trailer"),
    containers=_names("text body group floatingText lg opener closer cit sp spGrp argument postscript address"),
    lists=_names("list"), items=_names("item"), quotes=_names("quote epigraph"), lines=_names("l addrLine"),
    code=_names("eg"), terms=frozenset(),
    skipped=_names("note fw figure del index interp interpGrp front back teiHeader table listBibl castList metamark"),
    breaks=_names("lb pb cb"), links={"ref": "target"},
    choices={"choice": ("reg", "expan", "corr"), "app": ("lem",)},
)
_NITF = _Tags(
    sections=frozenset(), headings=_names("hl2"), paragraphs=_names("p"), containers=_names("body.content block"),
    lists=_names("ul ol dl"), items=_names("li dt dd"), quotes=_names("bq"), lines=frozenset(),
    code=_names("pre"), terms=frozenset(),
    skipped=_names("media note fn table nitf-table tagline hr body.head body.end"),
    breaks=_names("br"), links={"a": "href"}, choices={},
)
#: A byline's text without the writer's title and place ('By Jane Roe, Staff Writer').
_NITF_BYLINE = replace(_NITF, skipped=_NITF.skipped | _names("byttl location virtloc"))
#: An author's name in a TEI header, without the affiliation and addresses beside it.
_TEI_NAME = replace(_TEI, skipped=_TEI.skipped | _names("affiliation email idno address"))


def unpack_xml_article(text: str) -> str:
    """A JATS, NITF or TEI article as markdown under a front-matter block; any other text unchanged."""
    found = root_element(text[:_HEAD_CHARS])
    if found is None or found[0] not in _READERS:
        return text
    name, doctype = found
    meta = _META_ELEMENTS.get(name)
    if meta is not None and not (_JATS_DOCTYPE.search(doctype) or meta.search(text, 0, _META_CHARS)):
        return text  # an HTML fragment that opens with <article>, not a journal article
    try:
        root = etree.fromstring(_DECLARATION.sub("", text, count=1).encode("utf-8"), _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None or _local(root) != name:
        raise UnsupportedFormat(f"unsupported format: a damaged XML article ({name}) that does not parse; "
                                "save the article as text, markdown or HTML")
    if name.startswith("TEI") and _namespace(root) not in _TEI_NAMESPACES:
        return text
    return _READERS[name](root)


def _local(node: Any) -> str:
    """A node's name without its namespace or prefix ('' for a comment, a processing
    instruction or an entity reference)."""
    tag = node.tag
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1] if isinstance(tag, str) else ""


def _namespace(element: Any) -> str:
    tag = element.tag
    return tag[1: tag.index("}")] if isinstance(tag, str) and tag.startswith("{") and "}" in tag else ""


def _children(element: Any, *names: str) -> list[Any]:
    return [child for child in element if _local(child) in names] if element is not None else []


def _first(element: Any, *names: str) -> Any:
    """The first child of ``element`` named one of ``names``, or None."""
    return next((child for child in element if _local(child) in names), None) if element is not None else None


def _path(element: Any, *path: str) -> Any:
    """The first element down ``path`` (a name a level), or None."""
    for name in path:
        element = _first(element, name)
    return element


def _descendants(element: Any, *names: str) -> Iterator[Any]:
    """The elements within ``element`` (None: none) named one of ``names``, in document order."""
    return (node for node in element.iter() if _local(node) in names) if element is not None else iter(())


def _attribute(element: Any, name: str) -> str:
    """An attribute's value by its local name ('href' finds 'xlink:href'), stripped; '' if none."""
    if element is None:
        return ""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1].rsplit(":", 1)[-1] == name:
            return str(value).strip()
    return ""


# --------------------------------------------------------------------------- text


def _inline(element: Any, tags: _Tags) -> str:
    """An element's text with its descendants' (not its tail) as it reads: what is left out
    leaves a mark (``_CITED``, ``_DROPPED``), a break a space, a link a markdown link, an
    element with readings its kept one. Read with an explicit stack, not recursion."""
    pieces: list[str] = []
    todo: list[Any] = [element]
    while todo:
        node = todo.pop()
        if isinstance(node, str):
            pieces.append(node)
            continue
        if isinstance(node, tuple):  # a link's end: the text since its start becomes the link
            start, address = node
            pieces[start:] = [_link(_words(pieces[start:]), address)]
            continue
        name = _local(node)
        if node.tag is etree.Entity:  # never resolved: a character HTML names, or nothing
            pieces.append(html5.get(str(node.text)[1:], ""))
        elif not name:
            continue  # a comment or a processing instruction (its tail is its parent's to add)
        elif name in tags.skipped or _cites(node, name):
            pieces.append(_CITED if name == "xref" else _DROPPED)
        elif name in tags.breaks:
            pieces.append("" if node.get("break") == "no" else " ")
        elif name in tags.choices:
            reading = _reading(node, tags.choices[name])
            if reading is not None:
                todo.append(reading)
        else:
            address = _attribute(node, tags.links[name]) if name in tags.links else ""
            if address.startswith(_WEB_ADDRESS):
                todo.append((len(pieces), address))
            pieces.append(node.text or "")
            for child in reversed(node):
                apart = _local(child) in tags.blocks  # a paragraph read as text: words apart
                todo += [child.tail or "", " ", child, " "] if apart else [child.tail or "", child]
    return "".join(pieces)


def _cites(node: Any, name: str) -> bool:
    """A JATS citation or footnote marker ('[1]' around a reference's number)?"""
    return name == "xref" and node.get("ref-type") in ("bibr", "fn", "table-fn")


def _reading(node: Any, kept: tuple[str, ...]) -> Any:
    """The reading kept of an element that offers several (TEI ``choice``: the regularised,
    expanded or corrected one; JATS ``alternatives``: a formula's text), or its first."""
    children = [child for child in node if _local(child)]
    return next((child for name in kept for child in children if _local(child) == name),
                children[0] if children else None)


def _link(label: str, address: str) -> str:
    return f"[{label}]({address})" if label and label != address else label


def _words(pieces: Iterable[str]) -> str:
    """Text as one run of words: citation markers gone with their brackets, an element left
    out between two words a space, white space normalised."""
    text = "".join(pieces)
    if _CITED in text:
        text = _CITATION.sub("", text).replace(_CITED, "")
    if _DROPPED in text:
        text = _BETWEEN_WORDS.sub(" ", text).replace(_DROPPED, "")
    return " ".join(text.split())


def _text(element: Any, tags: _Tags) -> str:
    return _words([_inline(element, tags)]) if element is not None else ""


def _spaced(element: Any, tags: _Tags) -> str:
    """A name's text, its parts apart ('<forename>Jane</forename><surname>Roe</surname>')."""
    pieces = [element.text or ""]
    for child in element:
        pieces += [" ", _inline(child, tags), " ", child.tail or ""]
    return _words(pieces)


class _Markdown:
    """A document's body as markdown: blocks of a kind ('heading', 'paragraph', 'item',
    'line', 'term', 'code'; '' ends a group of lines) and their text, in order."""

    def __init__(self, tags: _Tags) -> None:
        self.tags = tags
        self.blocks: list[tuple[str, str]] = []

    def add(self, element: Any, level: int, depth: int = 0) -> None:
        """The blocks of ``element``'s children, and a paragraph of each run of text and
        inline elements between them. ``level``: the level of the headings in it."""
        if depth > MAX_DEPTH:
            self._paragraph([_inline(element, self.tags)])
            return
        run = [element.text or ""]
        for child in element:
            kind = self._kind(child, element)
            if kind == "inline":
                run += [_inline(child, self.tags), child.tail or ""]
                continue
            self._paragraph(run)
            run = [child.tail or ""]
            if kind in ("heading", "line", "term"):
                text = _text(child, self.tags)
                if text:
                    self.blocks.append((kind, "#" * min(level, 6) + " " + text if kind == "heading" else text))
            elif kind == "item":
                self._item(child, level, depth + 1)
            elif kind == "quote":
                self._quote(child, level, depth + 1)
            elif kind == "code":
                self._code(child)
            else:
                deeper = kind == "section" and _local(element) in self.tags.sections
                self.add(child, level + deeper, depth + 1)
        self._paragraph(run)
        if self.blocks and self.blocks[-1][0] == "line":
            self.blocks.append(("", ""))  # the end of a stanza

    def lines(self) -> list[str]:
        """The blocks as markdown lines: a blank line between blocks, none between the
        items of a list or the lines of a stanza."""
        out: list[str] = []
        previous = ""
        for kind, text in self.blocks:
            if kind:
                if out and not (kind == previous and kind in ("item", "line")):
                    out.append("")
                out.append(text)
            previous = kind
        return out

    def _kind(self, node: Any, parent: Any) -> str:
        name, tags = _local(node), self.tags
        if not name or name in tags.skipped:
            return "inline"
        if name in tags.headings:
            return "container" if _local(parent) in tags.lists else "heading"  # a list's heading: a paragraph
        for kind, names in (("line", tags.lines), ("item", tags.items), ("term", tags.terms), ("code", tags.code),
                            ("section", tags.sections)):
            if name in names:
                return kind
        if name in tags.quotes:
            return "quote" if _local(parent) not in tags.paragraphs or self._holds_blocks(node) else "inline"
        if name in tags.paragraphs or name in tags.containers or name in tags.lists:
            return "container"
        return "container" if self._holds_blocks(node) else "inline"  # an unknown wrapper of paragraphs

    def _holds_blocks(self, node: Any) -> bool:
        return any(_local(child) in self.tags.blocks for child in node)

    def _paragraph(self, run: list[str]) -> None:
        text = _words(run)
        if text:
            self.blocks.append(("paragraph", text))

    def _item(self, item: Any, level: int, depth: int) -> None:
        """A list item: its paragraphs run on after '- ' (a term before its definition),
        the items of a list within it follow as items of their own."""
        inner = _Markdown(self.tags)
        inner.add(item, level, depth)
        words = [text.rstrip(":") + ":" if kind == "term" else text for kind, text in inner.blocks
                 if kind and kind != "item"]
        if words:
            self.blocks.append(("item", "- " + " ".join(words)))
        self.blocks += [(kind, text) for kind, text in inner.blocks if kind == "item"]

    def _quote(self, quote: Any, level: int, depth: int) -> None:
        inner = _Markdown(self.tags)
        inner.add(quote, level, depth)
        self.blocks += [(kind, "\n".join("> " + line for line in text.split("\n")) if kind else text)
                        for kind, text in inner.blocks]

    def _code(self, element: Any) -> None:
        text = _inline(element, self.tags).replace(_CITED, "").replace(_DROPPED, "")
        code = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
        if code:
            self.blocks.append(("code", f"```\n{code}\n```"))


# --------------------------------------------------------------------------- the three formats


def _calendar_day(year: str, month: str, day: str) -> str:
    """An ISO date from its parts, or '' when they make no day of the calendar."""
    if not all(_NUMBER.fullmatch(part) for part in (year, month, day)):
        return ""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def _iso_day(value: str) -> str:
    """The day of an ISO 8601 date or time ('2024-03-12', '20240312T083000Z'); '' for a
    month or a year alone."""
    match = _DAY.match(value)
    return _calendar_day(*match.groups()) if match else ""


def _front_matter(lines: list[str], **fields: str) -> str:
    return as_markdown({key: value for key, value in fields.items() if value}, lines)


def _jats(root: Any) -> str:
    """A JATS article (or a BITS book part): its article-meta as front matter, its
    abstract under an 'Abstract' heading, its body."""
    meta = next(_descendants(root, "article-meta", "book-part-meta"), None)
    group = _path(meta, "title-group")
    authors = [name for contrib in _contributors(meta) if (name := _contributor(contrib))]
    dates = sorted(_children(meta, "pub-date"), key=_pub_rank)
    doi = next((_text(node, _JATS) for node in _children(meta, "article-id", "book-part-id")
                if "doi" in (node.get("pub-id-type"), node.get("book-part-id-type"))), "")
    source = next(_descendants(root, "journal-meta", "book-meta"), None)
    publisher = next((text for name in ("publisher-name", "journal-title", "book-title")
                      if (text := _text(next(_descendants(source, name), None), _JATS))), "")
    markdown = _Markdown(_JATS)
    abstracts = _children(meta, "abstract")
    for abstract in [node for node in abstracts if not node.get("abstract-type")] or abstracts[:1]:
        if not _children(abstract, "title"):
            markdown.blocks.append(("heading", "## Abstract"))
        markdown.add(abstract, 2)
    host = _path(root, "book-part") if _local(root) == "book-part-wrapper" else root
    for body in _children(host, "body"):
        markdown.add(body, 2)
    return _front_matter(
        markdown.lines(),
        title=_text(_first(group, "article-title", "title"), _JATS),
        subtitle=_text(_first(group, "subtitle"), _JATS),
        author="; ".join(authors),
        date=next((day for date in dates if (day := _jats_day(date))), ""),
        url="https://doi.org/" + _DOI_PREFIX.sub("", doi) if doi else "",
        publisher=publisher,
    )


def _contributors(meta: Any) -> Iterator[Any]:
    for group in _children(meta, "contrib-group"):
        for contrib in _children(group, "contrib"):
            if contrib.get("contrib-type", "author").strip().lower() == "author":
                yield contrib


def _contributor(contrib: Any) -> str:
    """An author's name: 'given-names surname' (surname first in an eastern name), a name
    as written (``string-name``) or a group's (``collab``, without its members)."""
    name = _first(contrib, "name", "string-name", "collab", "name-alternatives")
    if name is not None and _local(name) == "name-alternatives":
        name = _first(name, "name", "string-name")
    if name is None:
        return ""
    if _local(name) != "name":
        return _spaced(name, _JATS)
    given, surname, suffix = (_text(_first(name, part), _JATS) for part in ("given-names", "surname", "suffix"))
    parts = [surname, given] if name.get("name-style") == "eastern" else [given, surname, suffix]
    return " ".join(part for part in parts if part)


def _pub_rank(date: Any) -> int:
    kind = (date.get("pub-type") or date.get("date-type") or "").strip().lower()
    if kind == "pub":
        kind = {"electronic": "epub", "print": "ppub"}.get(date.get("publication-format", "").lower(), kind)
    return _PUB_RANKS.get(kind, len(_PUB_RANKS))


def _jats_day(date: Any) -> str:
    """A publication date to the day ('iso-8601-date', or year, month and day), else ''."""
    parts = {_local(node): _text(node, _JATS) for node in date}
    return _iso_day(date.get("iso-8601-date", "")) or _calendar_day(
        parts.get("year", ""), parts.get("month", ""), parts.get("day", ""))


def _nitf(root: Any) -> str:
    """A NITF story: its headline, byline and publication data as front matter, its
    ``body.content`` as the body."""
    head, body = _path(root, "head"), _path(root, "body")
    top = _path(body, "body.head")
    docdata, pubdata = _path(head, "docdata"), _path(head, "pubdata")
    story_date = next(_descendants(top, "story.date"), None)
    days = (_attribute(_path(docdata, "date.issue"), "norm"), _attribute(story_date, "norm"),
            _attribute(pubdata, "date.publication"))
    address = _attribute(pubdata, "ex-ref")
    markdown = _Markdown(_NITF)
    for content in _children(body, "body.content"):
        markdown.add(content, 2)
    return _front_matter(
        markdown.lines(),
        title=_text(_path(top, "hedline", "hl1"), _NITF) or _text(_path(head, "title"), _NITF),
        subtitle=_text(_path(top, "hedline", "hl2"), _NITF),
        author="; ".join(_nitf_authors(top)),
        date=next((day for value in days if (day := _iso_day(value))), ""),
        url=address if address.startswith(_WEB_ADDRESS) else "",
        section=_attribute(pubdata, "position.section"),
        publisher=_attribute(_path(docdata, "doc.copyright"), "holder") or _attribute(pubdata, "name"),
    )


def _nitf_authors(top: Any) -> list[str]:
    """The people a story's bylines name (``person``), else each byline's text without its
    'By' and the writer's title."""
    names: list[str] = []
    for byline in _children(top, "byline"):
        people = [_text(person, _NITF) for person in _descendants(byline, "person")]
        names += people if any(people) else [_BY.sub("", _text(byline, _NITF_BYLINE)).strip(" ,;")]
    return [name for name in names if name]


def _tei(root: Any) -> str:
    """A TEI text: its header's title statement, dates and publisher as front matter, the
    body of its ``text`` (not its front or back matter) as the body."""
    header = _path(root, "teiHeader")
    statement = _path(header, "fileDesc", "titleStmt")
    publication = _path(header, "fileDesc", "publicationStmt")
    titles = _children(statement, "title")
    main = next((t for t in titles if t.get("type") == "main"),
                next((t for t in titles if t.get("type") not in ("sub", "alt", "short")), None))
    dates = (_path(header, "profileDesc", "creation", "date"), _path(publication, "date"))
    address = next((text for node in _children(publication, "idno")
                    if (node.get("type") or "").lower() in ("uri", "url")
                    and (text := _text(node, _TEI)).startswith(_WEB_ADDRESS)), "")
    markdown = _Markdown(_TEI)
    for text in _children(root, "text"):
        markdown.add(text, 2)
    return _front_matter(
        markdown.lines(),
        title=_text(main, _TEI),
        subtitle=_text(next((t for t in titles if t.get("type") == "sub"), None), _TEI),
        author="; ".join(name for author in _children(statement, "author") if (name := _tei_person(author))),
        date=next((day for date in dates if date is not None
                   and (day := _iso_day(date.get("when") or date.get("when-iso") or ""))), ""),
        url=address,
        publisher=_text(_first(publication, "publisher"), _TEI),
    )


def _tei_person(author: Any) -> str:
    """An author's name: its ``persName`` (or ``name``), else its text, parts apart."""
    name = next(_descendants(author, "persName", "name"), None)
    return _spaced(name if name is not None else author, _TEI_NAME)


#: Each root element (local name) and its reader.
_READERS: Mapping[str, Callable[[Any], str]] = {
    "article": _jats, "book-part": _jats, "book-part-wrapper": _jats, "nitf": _nitf, "TEI": _tei, "TEI.2": _tei,
}
#: A JATS or BITS root, and the element that must open within its first ``_META_CHARS``
#: characters unless its DOCTYPE names JATS or NLM.
_META_ELEMENTS = {
    "article": re.compile(r"<(?:[A-Za-z_][\w.-]{0,40}:)?article-meta[\s/>]"),
    "book-part": re.compile(r"<(?:[A-Za-z_][\w.-]{0,40}:)?book-part-meta[\s/>]"),
    "book-part-wrapper": re.compile(r"<(?:[A-Za-z_][\w.-]{0,40}:)?book-part-meta[\s/>]"),
}
