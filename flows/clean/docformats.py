"""Org-mode and AsciiDoc documents, and reStructuredText links: rewrite them as the markdown
docmill reads.

Notes and docs exported from Emacs (``.org``) or written in AsciiDoc (``.adoc``) keep their
metadata in header lines of their own (``#+TITLE:``, ``#+AUTHOR:``; AsciiDoc's ``= Title``
line, its author and revision lines and ``:attribute:`` lines), mark headings with stars or
equals signs, and write links as ``[[url][text]]`` or ``url[text]``. Read as markdown, an
Org heading is a list item, the header lines are the title, and a link loses its text.

``unpack_docformat`` rewrites such a document as markdown: its header fields become a
front-matter block, headings ``#`` headings, links markdown links (so the link rules see
them), and block delimiters and directives go. A document is taken for Org when it opens
with ``#+KEYWORD:`` lines, for AsciiDoc when it opens with a ``= Title`` line (or with
attribute lines and then one) that has a header under it or AsciiDoc markup further down.
A reStructuredText link ('`the minutes <https://…>`_') becomes a markdown link in any text:
markdown would read it as code and the address as a tag. (reST's field lists and directives
are rules: ``front-matter`` and ``markup-directive``.) Any other text comes back unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

#: Header keys (lower case) of either format, and the front-matter field each fills.
FIELDS: Mapping[str, str] = {
    "title": "title", "subtitle": "subtitle", "description": "subtitle", "author": "author",
    "authors": "author", "date": "date", "revdate": "date", "url": "url", "category": "section",
}

_ORG_KEYWORD = re.compile(r"^#\+([A-Za-z_][\w-]{0,40}):[ \t]*(.*)$")
_ORG_HEADING = re.compile(r"^(\*{1,6})[ \t]+(?:(?:TODO|DONE)[ \t]+)?(.+?)(?:[ \t]+:[\w@#%:]+:)?[ \t]*$")
_ORG_LINK = re.compile(r"\[\[([^\[\]\n]{1,1000})\](?:\[([^\[\]\n]{1,300})\])?\]")
_ORG_DRAWER = re.compile(r"^[ \t]*:[A-Z_]+:[ \t]*$")  # ':PROPERTIES:' … ':END:'
_ORG_BLOCK = re.compile(r"^[ \t]*#\+(?:begin|end)_\w+.*$", re.IGNORECASE)
#: An Org timestamp ('<2024-03-05 Tue>', '[2024-03-05 Tue 10:00]'): its date.
_ORG_STAMP = re.compile(r"^[<\[](\d{4}-\d{2}-\d{2})[^>\]]*[>\]]$")

_REST_LINK = re.compile(r"`([^`<>\n]{1,300}?)\s*<((?:https?|ftp|mailto):[^`<>\s]{1,1000})>`__?")

_ADOC_TITLE = re.compile(r"^=[ \t]+(\S.*)$")
_ADOC_HEADING = re.compile(r"^(={2,6})[ \t]+(\S.*)$")
_ADOC_ATTRIBUTE = re.compile(r"^:(!?[A-Za-z0-9_][\w-]{0,40}!?):(?:[ \t]+(.*))?$")
#: A revision line under the author line: 'v1.2, 2024-03-05: remark' or a date alone.
_ADOC_REVISION = re.compile(r"^(?:v?\d+(?:\.\d+)*,[ \t]*)?(\d{4}-\d{2}-\d{2}|\d{1,2}[ .][^\d\s:]{3,12}[ .]\d{4})(?::.*)?$")
#: What only AsciiDoc writes: a section title, an attribute line, a directive, a block's
#: style line, a 'link:' macro. A '= Title' line needs one of these, or a header under it.
_ADOC_MARK = re.compile(r"^(?:={2,6}[ \t]+\S|:[\w-]{1,40}:(?:[ \t]|$)|\w+::\S*\[|\[[A-Za-z]\w*(?:,[^\]]*)?\][ \t]*$)"
                        r"|link:\S+\[", re.MULTILINE)
_ADOC_LINK = re.compile(r"(?:link:)?((?:https?|ftp|mailto):[^\s\[\]]{1,1000})\[([^\[\]\n]*)\]")
_ADOC_XREF = re.compile(r"<<[^,<>\n]{1,200},([^<>\n]{1,200})>>|xref:[^\s\[\]]{1,300}\[([^\[\]\n]{1,200})\]")
#: Block delimiters (listing, literal, example, sidebar, quote, table, comment, passthrough).
_ADOC_DELIMITER = re.compile(r"^(?:-{4,}|\.{4,}|={4,}|\*{4,}|_{4,}|/{4,}|\+{4,}|\|={3,})$")
#: Directives that are not text: 'image::file.png[]', 'include::part.adoc[]', 'ifdef::x[]', 'toc::[]'.
_ADOC_DIRECTIVE = re.compile(r"^(?:image|include|ifdef|ifndef|ifeval|endif|toc|video|audio)::\S*\[.*\]$")
_ADOC_BLOCK_META = re.compile(r"^\[[\w\s,.#%=\"'-]{0,80}\]$")  # '[source,python]', '[NOTE]', '[quote, Jane]'


def unpack_docformat(text: str) -> str:
    """An Org-mode or AsciiDoc document as markdown, reStructuredText links as markdown
    links; any other text unchanged."""
    if "`_" in text:  # what every reST link ends with
        text = _REST_LINK.sub(r"[\1](\2)", text)
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return text
    opening = lines[first].strip()
    if _ORG_KEYWORD.match(opening) and not _ORG_BLOCK.match(opening):
        return _org(lines[first:])
    head = first
    while head < len(lines) and _ADOC_ATTRIBUTE.match(lines[head].strip()):
        head += 1
    if head < len(lines) and _ADOC_TITLE.match(lines[head].strip()) \
            and ((head + 1 < len(lines) and lines[head + 1].strip()) or _ADOC_MARK.search(text)):
        return _asciidoc(lines[first:])
    return text


def _front_matter(fields: Mapping[str, list[str]]) -> list[str]:
    """Header fields as a front-matter block (values quoted as JSON strings, as YAML reads them)."""
    if not fields:
        return []
    body = [f"{name}: {json.dumps(values if name == 'author' else values[0], ensure_ascii=False)}"
            for name, values in fields.items()]
    return ["---", *body, "---", ""]


def _offer(fields: dict[str, list[str]], key: str, value: str) -> bool:
    """Record a header field under its front-matter name; False for a key that names none."""
    name = FIELDS.get(key.lower())
    value = " ".join(value.split())
    if name is None:
        return False
    if value and name not in fields:
        if name == "date":
            stamp = _ORG_STAMP.match(value)
            value = stamp.group(1) if stamp else value
        fields[name] = [v.strip() for v in re.split(r"\s*;\s*|\s+and\s+", value) if v.strip()] \
            if name == "author" else [value]
    return True


def _links(pattern: re.Pattern[str], line: str, to_markdown: Callable[[re.Match[str]], str]) -> str:
    return pattern.sub(to_markdown, line) if "[" in line or "<<" in line else line


def _org_link(match: re.Match[str]) -> str:
    target, label = match.group(1).strip(), (match.group(2) or "").strip()
    if not label:
        return target  # '[[https://…]]': the address is the text
    return f"[{label}]({target})" if " " not in target else label


def _org(lines: list[str]) -> str:
    fields: dict[str, list[str]] = {}
    out: list[str] = []
    in_drawer = False
    for line in lines:
        stripped = line.strip()
        keyword = _ORG_KEYWORD.match(stripped)
        if keyword and not _ORG_BLOCK.match(stripped):
            _offer(fields, keyword.group(1), keyword.group(2))
            continue  # a header keyword (or an export option): metadata, never text
        if _ORG_BLOCK.match(stripped):
            out.append("")
            continue
        if _ORG_DRAWER.match(stripped):
            in_drawer = stripped != ":END:"
            continue
        if in_drawer:
            continue
        heading = _ORG_HEADING.match(line)
        if heading:
            level = min(len(heading.group(1)) + 1, 6)  # '*' is a section under the document's title
            out += ["", "#" * level + " " + _links(_ORG_LINK, heading.group(2), _org_link), ""]
            continue
        out.append(_links(_ORG_LINK, line, _org_link))
    return "\n".join(_front_matter(fields) + out)


def _adoc_link(match: re.Match[str]) -> str:
    url, label = match.group(1), match.group(2).strip()
    return f"[{label}]({url})" if label else url


def _adoc_xref(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2) or "").strip()


def _asciidoc(lines: list[str]) -> str:
    fields: dict[str, list[str]] = {}
    index = 0
    while index < len(lines) and _ADOC_ATTRIBUTE.match(lines[index].strip()):
        attribute = _ADOC_ATTRIBUTE.match(lines[index].strip())
        assert attribute is not None
        _offer(fields, attribute.group(1), attribute.group(2) or "")
        index += 1
    title = _ADOC_TITLE.match(lines[index].strip())
    assert title is not None
    _offer(fields, "title", title.group(1))
    index += 1
    header = []  # the header runs to the first blank line: an author line, a revision line, attributes
    while index < len(lines) and lines[index].strip():
        header.append(lines[index].strip())
        index += 1
    for position, line in enumerate(header):
        attribute = _ADOC_ATTRIBUTE.match(line)
        if attribute:
            _offer(fields, attribute.group(1), attribute.group(2) or "")
        elif position == 0 and not _ADOC_REVISION.match(line):  # 'Jane Roe <jane@…>; John Doe <john@…>'
            names = [re.sub(r"<[^<>]*>", "", part).strip() for part in line.split(";")]
            _offer(fields, "author", "; ".join(n for n in names if n))
        elif (revision := _ADOC_REVISION.match(line)) is not None:
            _offer(fields, "date", revision.group(1))
    out: list[str] = []
    for line in lines[index:]:
        stripped = line.strip()
        if _ADOC_DELIMITER.match(stripped) or _ADOC_DIRECTIVE.match(stripped) or _ADOC_BLOCK_META.match(stripped):
            out.append("")
            continue
        attribute = _ADOC_ATTRIBUTE.match(stripped)
        if attribute:
            _offer(fields, attribute.group(1), attribute.group(2) or "")
            continue
        heading = _ADOC_HEADING.match(stripped)
        if heading:
            line = "#" * len(heading.group(1)) + " " + heading.group(2)
        line = _links(_ADOC_XREF, _links(_ADOC_LINK, line, _adoc_link), _adoc_xref)
        out.append(line)
    return "\n".join(_front_matter(fields) + out)
