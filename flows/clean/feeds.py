"""RSS and Atom feeds that carry their articles' full text, and Evernote exports: unpack them
into articles.

A feed is usually a list of links, each with a line or two of summary: no article is in
it, and it is refused with what to do instead (save the articles it links to). But many
feeds carry each article whole (RSS ``content:encoded``, Atom ``content``), and so does a
WordPress export (WXR, an RSS file). ``unpack_feed`` reads such a feed's items as records
(title, author, date, link and text, the HTML of the text rendered as paragraphs) and
hands them to ``records.records_as_text``, so they become articles as JSON records do. A
feed none of whose items holds ``MIN_ARTICLE_WORDS`` words is refused as before. An
Evernote export (``.enex``) is read the same way: each note an item, its ENML content the
text, its creation time the date, its author and source URL from its attributes.

The XML is parsed by lxml with entities left unresolved and no network, so a hostile feed
cannot expand entities or fetch anything. Any other text comes back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from flows.clean.pagemeta import title_lead
from flows.clean.prolog import root_element
from flows.clean.records import plain_text, records_as_text
from flows.errors import UnsupportedFormat

#: An item with fewer words than this is a teaser (a summary under a link), not an article.
MIN_ARTICLE_WORDS = 50

#: A feed's root element (after an XML declaration, comments, a style sheet or a DOCTYPE:
#: ``prolog.root_element``); an Evernote export's.
_ROOTS = frozenset({"rss", "feed", "RDF"})
_NOTES = "en-export"
_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]{0,200}\?>")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
#: Each field of an item, from the elements (local names) that may hold it, in order of trust.
_FIELDS: Mapping[str, tuple[str, ...]] = {
    "title": ("title",),
    "author": ("creator", "author"),
    "date": ("pubDate", "published", "date", "post_date", "created", "updated"),
    "url": ("link", "guid", "id", "source-url"),
}
#: An Evernote time stamp, ISO 8601's basic form ('20240302T091500Z'): its date.
_BASIC_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})T\d{6}Z?$")
_TEXTS = ("encoded", "content", "description", "summary")
#: What wraps an Evernote note's HTML (ENML): an XML declaration, a DOCTYPE, the ``en-note``
#: element (a block, read as a ``div``).
_ENML = re.compile(r"<\?xml[^>]{0,200}\?>|<!DOCTYPE\s+en-note[^>]{0,300}>|<(/?)en-note\b")
_WORD = re.compile(r"\w+")


def unpack_feed(text: str) -> str:
    """The articles of a full-text RSS or Atom feed as docmill text; any other text unchanged."""
    found = root_element(text[:2048]) if "<" in text[:2048] else None
    if found is None or (found[0] not in _ROOTS and found[0] != _NOTES):
        return text
    refusal = UnsupportedFormat(
        f"unsupported format: an Evernote export with no note of {MIN_ARTICLE_WORDS} words or more"
        if found[0] == _NOTES else "unsupported format: an RSS or Atom feed (a list of articles, not one); "
                                          "save the articles it links to as text, markdown or HTML")
    try:
        root = etree.fromstring(_DECLARATION.sub("", text, count=1).encode("utf-8"), _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        raise refusal from None
    if root is None:
        raise refusal
    records = [record for item in _items(root) if (record := _record(item))]
    articles = records_as_text(records) if records else None
    if articles is None:
        raise refusal
    return articles


def _local(element: Any) -> str:
    """An element's name without its namespace or prefix ('' for a comment or an entity).
    Read from the tag itself: a broken feed, parsed in recovery, can hold tag names that
    lxml's own ``QName`` refuses."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1] if isinstance(tag, str) else ""


def _items(root: Any) -> Iterable[Any]:
    return (element for element in root.iter() if _local(element) in ("item", "entry", "note"))


def _children(item: Any, name: str) -> list[Any]:
    return [child for child in item if _local(child) == name]


def _value(element: Any) -> str:
    """An element's text: its ``href`` for an Atom link, its ``name`` for an Atom author."""
    if _local(element) == "link" and element.get("href"):
        return str(element.get("href"))
    names = _children(element, "name")
    text = "".join(names[0].itertext() if names else element.itertext())
    return " ".join(text.split())


def _enml_tag(match: re.Match[str]) -> str:
    return f"<{match.group(1)}div" if match.group(0).endswith("en-note") else ""


def _record(item: Any) -> dict[str, Any] | None:
    """An item's fields and its text, or None when it holds no article (a teaser)."""
    bodies = [plain_text(_ENML.sub(_enml_tag, "".join(child.itertext()))).strip()
              for name in _TEXTS for child in _children(item, name)]
    body = max(bodies, key=len, default="")
    if len(_WORD.findall(body)) < MIN_ARTICLE_WORDS:
        return None
    record: dict[str, Any] = {"text": body}
    attributes = _children(item, "note-attributes")
    holders = [item, *attributes]  # an Evernote note's author and source
    for field, names in _FIELDS.items():
        values = [v for name in names for holder in holders for child in _children(holder, name) if (v := _value(child))]
        if field == "author":
            values = [v for v in values if "@" not in v]  # RSS <author> is an e-mail address
            if values and attributes:  # a clipped note's author is the account that clipped it: the
                record["file_author"] = values  # note's own byline beats it (a file property, as a DOCX's)
                continue
        if field == "date":
            values = [_BASIC_STAMP.sub(r"\1-\2-\3", v) for v in values]
        if values:
            record[field] = values if field == "author" else values[0]
    if attributes and record.get("url") and record.get("title"):  # a web clip: its title is the page's, 'Headline | Site'
        record["title"] = title_lead(record["title"]) or record["title"]
    return record
