"""Scraped articles saved as JSON records: unpack them into text docmill reads.

Scrapers often save what they found as JSON: one object per article (``{"title": …,
"author": …, "date": …, "text": …}``), an array of them, or JSON Lines. Read as text, the
braces, keys and escapes would be the body. ``unpack_records`` turns each record into the
form docmill already reads: one record becomes its text under a front-matter block of its
fields (exact, as a markdown export's would be); several become articles of their own,
each a headline, a byline, a date line and its text, parted by ``* * *`` so the article
split cuts them apart. JSON that holds no article text is refused with a reason; any
other text comes back unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from flows.errors import UnsupportedFormat

#: A record's keys, in the order they are tried, per field (lower case).
TEXT_KEYS = ("text", "body", "content", "article", "maintext", "main_text", "raw_text", "article_text", "fulltext")
FIELD_KEYS: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "subtitle": ("subtitle", "description", "summary", "excerpt", "lead"),
    "author": ("author", "authors", "byline", "creator"),
    "date": ("date", "date_published", "datepublished", "published", "pubdate", "publish_date", "published_at",
             "created_at"),
    "url": ("url", "link", "source_url", "canonical_url", "permalink"),
    "publisher": ("publisher", "sitename", "site_name", "site", "source"),
    "section": ("section", "category", "categories"),
}
SEPARATOR = "\n\n* * *\n\n"


def unpack_records(text: str) -> str:
    """JSON article records as docmill text; any other text unchanged."""
    records = _records(text)
    if records is None:
        return text
    articles = [(record, body) for record in records if (body := _text_of(record))]
    if not articles:
        keys = ", ".join(TEXT_KEYS[:3])
        raise UnsupportedFormat(f"unsupported format: JSON data with no article text (no {keys} … field)")
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
    if isinstance(data, Mapping):
        data = [data]
    if isinstance(data, list) and data and all(isinstance(item, Mapping) for item in data):
        return [{str(key).lower(): value for key, value in item.items()} for item in data]  # keys as looked up
    return None


def _json_lines(text: str) -> list[Any] | None:
    items = []
    for line in text.splitlines():
        if line.strip():
            try:
                items.append(json.loads(line))
            except (ValueError, RecursionError):
                return None
    return items


def _lookup(record: Mapping[str, Any], keys: Sequence[str]) -> Any:
    """The first of ``keys`` (lower case, as ``_records`` keys a record) with a value."""
    return next((record[k] for k in keys if record.get(k) not in (None, "", [])), None)


def _text_of(record: Mapping[str, Any]) -> str:
    value = _lookup(record, TEXT_KEYS)
    if isinstance(value, list):
        value = "\n\n".join(str(v) for v in value if isinstance(v, str))
    return value.strip() if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    """A field's value as plain strings: a string, a list of them, or objects with a name."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, Mapping):
            item = item.get("name") or item.get("@value")
        if isinstance(item, (str, int, float)) and str(item).strip():
            out.append(" ".join(str(item).split()))
    return out


def _fields(record: Mapping[str, Any]) -> dict[str, list[str]]:
    return {name: found for name, keys in FIELD_KEYS.items() if (found := _strings(_lookup(record, keys)))}


def _front_matter(record: Mapping[str, Any]) -> str:
    """The record's fields as a front-matter block (values quoted as JSON strings)."""
    fields = _fields(record)
    if not fields:
        return ""
    lines = [f"{name}: {json.dumps(values if name == 'author' else values[0], ensure_ascii=False)}"
             for name, values in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _as_text(record: Mapping[str, Any], body: str) -> str:
    """One of several records as an article: headline, byline, date line, its ``body``."""
    fields = _fields(record)
    head = [f"# {fields['title'][0]}"] if "title" in fields else []
    if "author" in fields:
        head.append("By " + " and ".join(fields["author"]))
    if "date" in fields:
        head.append(fields["date"][0])
    return "\n\n".join([*head, body])
