"""Scraped articles saved as JSON records or CSV rows: unpack them into text docmill reads.

Scrapers often save what they found as JSON: one object per article (``{"title": …,
"author": …, "date": …, "text": …}``), an array of them, or JSON Lines; or as a spreadsheet
export, a CSV or TSV table with a header row (``title,author,date,text``) and one article a
row. Read as text, the braces, keys and escapes, or the header row and the quoting, would be
the body. ``unpack_records`` turns each record into the form docmill already reads: one
record becomes its text under a front-matter block of its fields (exact, as a markdown
export's would be); several become articles of their own, each a headline, a byline, a date
line and its text, parted by ``* * *`` so the article split cuts them apart. A table row
goes the way a record goes, keyed by its column names. JSON that holds no article text is
refused with a reason, and so is a table whose header names a text column that no row
fills; any other text comes back unchanged. A table is read only when its header row is
one: short identifier-like names, one of them a text column, and every row as wide as the
header; a first line of prose with commas is no header.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flows.clean.htmlpage import extract_whole_page
from flows.errors import UnsupportedFormat

#: A record's keys, in the order they are tried, per field (lower case).
TEXT_KEYS = ("text", "body", "content", "article", "maintext", "main_text", "raw_text", "article_text", "fulltext",
             "articlebody",  # schema.org's articleBody (a saved JSON-LD NewsArticle)
             "plaintext", "html")  # a blog export's post (Ghost)
FIELD_KEYS: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "subtitle": ("subtitle", "description", "summary", "excerpt", "lead"),
    "author": ("author", "authors", "byline", "creator"),
    "date": ("date", "date_published", "datepublished", "published", "pubdate", "publish_date", "published_at",
             "publishedat", "created_at", "createdat"),
    "url": ("url", "link", "source_url", "canonical_url", "permalink"),
    "publisher": ("publisher", "sitename", "site_name", "site", "source"),
    "section": ("section", "category", "categories"),
    # a file's own property (an Evernote note's account): counts only when the text names nobody
    "file_author": ("file_author",),
}
SEPARATOR = "\n\n* * *\n\n"
#: The keys under which a JSON object holds its list of records: a JSON-LD graph, a news or
#: search API's reply ({"status": "ok", "articles": [...]}), a scraper's export.
CONTAINER_KEYS = ("@graph", "articles", "items", "results", "data", "posts", "entries", "documents", "records",
                  "hits", "db", "messages")  # "messages": a chat channel's export (Telegram's result.json)
#: An HTML block or line-break tag: a field written as HTML.
_HTML_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|ul|ol|li|blockquote|figure|table|section|article|span|a|em|strong)\b",
                       re.IGNORECASE)
#: The delimiters a table export may use, tried on its header row (the most frequent wins).
TABLE_DELIMITERS = (",", "\t", ";")
#: A column name in a table's header row: a short identifier, or up to three words
#: ("Published At"), with no space around it; a first line of prose has longer, freer
#: fields and a space after each comma.
_COLUMN = re.compile(r"[a-z_][a-z0-9_.-]{0,31}(?: [a-z0-9_.-]{1,20}){0,2}")


def unpack_records(text: str) -> str:
    """JSON article records or the rows of a CSV/TSV export as docmill text; any other text unchanged."""
    kind, records = "JSON data", _records(text)
    if records is None:
        kind, records = "a CSV table", _table_rows(text)
    if records is None:
        return text
    articles = records_as_text(records)
    if articles is None:
        keys = ", ".join(TEXT_KEYS[:3])
        raise UnsupportedFormat(f"unsupported format: {kind} with no article text (no {keys} … field)")
    return articles


def records_as_text(records: Sequence[Mapping[str, Any]]) -> str | None:
    """Article records (keys in lower case) as docmill text: one record its text under a
    front-matter block of its fields, several articles parted by ``* * *``; None when no
    record holds text."""
    articles = [(record, body) for record in records if (body := _text_of(record))]
    if not articles:
        return None
    if len(articles) == 1:
        return _front_matter(articles[0][0]) + articles[0][1]
    return SEPARATOR.join(_as_text(record, body) for record, body in articles) + "\n"


def _records(text: str) -> list[Mapping[str, Any]] | None:
    """The objects of a JSON document (one object or an array of them) or of JSON Lines; None
    for a text that is neither."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        data = json.loads(stripped)
    except RecursionError:  # nested past Python's limit: no record
        return None
    except ValueError:
        data = _json_lines(stripped)
    return _record_list(data)


def _lowered(item: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in item.items()}  # keys as looked up


def _record_list(data: Any, depth: int = 4) -> list[Mapping[str, Any]] | None:
    """The records of a JSON document: an object or an array of them, or, when those hold no
    article text, the first list of objects that does under a container key (``CONTAINER_KEYS``),
    a few levels down: an API's reply, a JSON-LD graph, a blog's export
    ({"db": [{"data": {"posts": [...]}}]}). None when the document is no object or array of them."""
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list) or not data or not all(isinstance(item, Mapping) for item in data):
        return None
    records: list[Mapping[str, Any]] = [_lowered(item) for item in data]
    if depth and not any(_text_of(record) for record in records):
        for record in records:
            for key in CONTAINER_KEYS:
                inner = _record_list(record[key], depth - 1) if isinstance(record.get(key), (list, Mapping)) else None
                if inner and any(_text_of(item) for item in inner):
                    return inner
    return records


def _json_lines(text: str) -> list[Any] | None:
    items = []
    for line in text.splitlines():
        if line.strip():
            try:
                items.append(json.loads(line))
            except (ValueError, RecursionError):
                return None
    return items


def _table_rows(text: str) -> list[Mapping[str, Any]] | None:
    """The rows of a CSV or TSV export of articles, each keyed by its column's name in lower
    case; None unless the header row is a table's (at least two short, identifier-like, distinct
    names, one of them a text column) and every row has the header's number of fields."""
    body = text.lstrip("\ufeff")
    end = body.find("\n")
    first = body if end < 0 else body[:end]
    counts = {delimiter: first.count(delimiter) for delimiter in TABLE_DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d])  # ties: the first listed
    if not counts[delimiter]:
        return None
    try:
        header = [name.lower() for name in next(csv.reader([first.rstrip("\r")], delimiter=delimiter))]
        if len(set(header)) != len(header) or not all(_COLUMN.fullmatch(name) for name in header):
            return None  # a name with a space around it is prose's "a, b": an export writes none
        keys = [name.replace(" ", "_") for name in header]  # "Published At" as "published_at"
        if not set(keys) & set(TEXT_KEYS):
            return None
        lines = (line + "\n" for line in body.split("\n"))  # only "\n" ends a line ("\r\n" too)
        rows = [row for row in csv.reader(lines, delimiter=delimiter) if row][1:]
    except csv.Error:  # a field past the csv module's size limit, a stray NUL: no table read
        return None
    if not rows or any(len(row) != len(keys) for row in rows):
        return None
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _lookup(record: Mapping[str, Any], keys: Sequence[str]) -> Any:
    """The first of ``keys`` (lower case, as ``_records`` keys a record) with a value."""
    return next((record[k] for k in keys if record.get(k) not in (None, "", [])), None)


def _text_of(record: Mapping[str, Any]) -> str:
    value = _lookup(record, TEXT_KEYS)
    if isinstance(value, Mapping):  # WordPress's REST API: {"rendered": "<p>…</p>"}
        value = value.get("rendered")
    if isinstance(value, list) and any(isinstance(v, Mapping) and isinstance(v.get("text"), str) for v in value):
        # a message's text as runs, plain and marked up ({"type": "bold", "text": "…"}): one text
        value = "".join(v if isinstance(v, str) else str(v.get("text", "")) for v in value if isinstance(v, (str, Mapping)))
    elif isinstance(value, list):
        value = "\n\n".join(str(v) for v in value if isinstance(v, str))
    return plain_text(value).strip() if isinstance(value, str) else ""


def plain_text(text: str) -> str:
    """A field's text; written as HTML (a CMS's rendered body, a feed item's content), its
    paragraphs."""
    if "<" not in text or not _HTML_TAG.search(text):
        return text
    return extract_whole_page(f"<html><body>{text}</body></html>")[0]


def _strings(value: Any) -> list[str]:
    """A field's value as plain strings: a string, a list of them, or objects with a name (or
    WordPress's rendered text)."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, Mapping):
            item = item.get("name") or item.get("@value") or item.get("rendered")
        if isinstance(item, (str, int, float)) and str(item).strip():
            out.append(" ".join(plain_text(item).split()) if isinstance(item, str) else str(item))
    return out


def _fields(record: Mapping[str, Any]) -> dict[str, list[str]]:
    fields = {name: found for name, keys in FIELD_KEYS.items() if (found := _strings(_lookup(record, keys)))}
    authors = [name for name in fields.get("author", []) if not name.isdigit()] or _embedded_authors(record)
    if authors:
        fields["author"] = authors
    else:
        fields.pop("author", None)
    return fields


def _embedded_authors(record: Mapping[str, Any]) -> list[str]:
    """An API's author id names nobody; WordPress's REST API gives the name beside it, in the
    embedded author (``_embedded.author[].name``, with ``?_embed``) or in Yoast's head fields
    (``yoast_head_json.author``)."""
    for holder, key in (("_embedded", "author"), ("yoast_head_json", "author")):
        nested = record.get(holder)
        names = _strings(nested.get(key)) if isinstance(nested, Mapping) else []
        if names := [name for name in names if not name.isdigit()]:
            return names
    return []


def _front_matter(record: Mapping[str, Any]) -> str:
    """The record's fields as a front-matter block (values quoted as JSON strings)."""
    fields = _fields(record)
    if not fields:
        return ""
    lines = [f"{name}: {json.dumps(values if name == 'author' else values[0], ensure_ascii=False)}"
             for name, values in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _headline_shaped(line: str) -> bool:
    """A record's first line that reads as its headline: two to twenty words, no sentence end."""
    return 2 <= len(line.split()) <= 20 and line.rstrip()[-1:] not in ".,;:!?…" and not line.lstrip().startswith(("#", "-", "*", "http"))


def _as_text(record: Mapping[str, Any], body: str) -> str:
    """One of several records as an article: headline, byline, date line, its address (a bare
    URL line, read as the article's ``url``), a labelled publisher line, its ``body``."""
    fields = _fields(record)
    first, _, rest = body.partition("\n")
    if "title" not in fields and rest.strip() and _headline_shaped(first):  # a post's opening line: its headline
        fields["title"], body = [first.strip()], rest.strip()
    head = [f"# {fields['title'][0]}"] if "title" in fields else []
    if "author" in fields:
        head.append("By " + " and ".join(fields["author"]))
    if "date" in fields:
        head.append(fields["date"][0])
    if "url" in fields and fields["url"][0].startswith(("http://", "https://")) and " " not in fields["url"][0]:
        head.append(fields["url"][0])
    if "publisher" in fields:
        head.append(f"Publisher: {fields['publisher'][0]}")
    return "\n\n".join([*head, body])
