"""Org-mode, AsciiDoc and MediaWiki documents, and reStructuredText links: rewrite them as
the markdown docmill reads.

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
are rules: ``front-matter`` and ``markup-directive``.)

A page's MediaWiki source (wikitext, what a wiki's "edit" box or an export holds) is taken
as such when it opens with a ``{{template}}`` or has ``== Heading ==`` lines closed as they
open together with wikitext's quotes, links, templates or footnotes: its templates
(infoboxes, citations), footnotes, file and category links and table markup go, and its
headings, numbered lists and links become markdown's. A Textile or Jira/Confluence wiki
document (opening with an 'h1.' heading) gets markdown headings and links, and loses its
'{code}'-style block markers. A forum post or thread in BBCode (two closing tags or more:
'[/quote]', '[/url]', '[/b]') gets markdown links, images, quotes, code blocks, list
items and emphasis; its layout tags go. Any other text comes back unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

#: A header field's name as front matter writes it (``heuristics.front_matter`` reads it back).
_FRONT_MATTER_KEY = re.compile(r"[a-z_][\w-]{0,40}")
_ORG_KEYWORD = re.compile(r"^#\+([A-Za-z_][\w-]{0,40}):[ \t]*(.*)$")
_ORG_HEADING = re.compile(r"^(\*{1,6})[ \t]+(?:(?:TODO|DONE)[ \t]+)?(.+?)(?:(?<![ \t])[ \t]++:[\w@#%:]+:)?(?:(?<![ \t])[ \t]++)?$")
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
_ADOC_DIRECTIVE = re.compile(r"^(?:image|include|ifdef|ifndef|ifeval|endif|toc|video|audio)::[^\s\[]*\[.*\]$")
_ADOC_BLOCK_META = re.compile(r"^\[[\w\s,.#%=\"'-]{0,80}\]$")  # '[source,python]', '[NOTE]', '[quote, Jane]'


#: A MediaWiki section heading, closed as it opens ('== History ==').
_WIKI_HEADING = re.compile(r"^(={2,6})[ \t]{0,20}([^=\n][^\n]{0,200}?)(?:(?<![ \t])[ \t]++)?\1[ \t]*$", re.MULTILINE)
#: What else only wikitext writes: bold or italic quotes, a template, an internal link, a footnote.
_WIKI_MARK = re.compile(r"'''|''[^'\n]|\{\{|\[\[|<ref[\s>]")
_WIKI_REF = re.compile(r"<ref\b[^>\n]{0,300}/>|<ref\b[^>\n]{0,300}>(?:(?!<ref\b)[\s\S]){0,5000}?</ref>", re.IGNORECASE)
_WIKI_QUOTES = re.compile(r"'{2,5}")
#: A link to a file or a category (a caption may hold links of its own): no words of the text.
_WIKI_MEDIA = re.compile(r"\[\[(?:file|image|datei|bild|fichier|archivo|category|kategorie|catégorie|categoría):"
                         r"[^\[\]\n]{0,500}(?:\[\[[^\[\]\n]{0,200}\]\][^\[\]\n]{0,500}){0,10}\]\]", re.IGNORECASE)
_WIKI_EXTERNAL = re.compile(r"\[((?:https?|ftp)://[^\s\[\]]{1,1000})(?:[ \t]+([^\[\]\n]{1,300}))?\]")
_WIKI_SWITCH = re.compile(r"__[A-Z]{2,20}__")  # '__TOC__', '__NOTOC__'
_WIKI_TABLE = re.compile(r"^[ \t]*(?:\{\||\|\}|\|-|\|\+)")  # a table's opening, closing, row and caption marks


#: A Textile or Jira/Confluence wiki heading ('h1. Harbour wall repairs').
_TEXTILE_HEADING = re.compile(r"^h([1-6])\.[ \t]+(\S.*)$")
_TEXTILE_QUOTE = re.compile(r"^bq\.[ \t]+")
_TEXTILE_LINK = re.compile(r"\[([^\[\]|\n]{1,300})\|((?:https?|ftp|mailto):[^\[\]\s|]{1,1000})\]")  # Jira: [text|url]
_TEXTILE_QUOTED_LINK = re.compile(r'"([^"\n]{1,300})":((?:https?|ftp|mailto):[^\s"<>]{1,1000})')  # Textile: "text":url
_TEXTILE_MACRO = re.compile(r"^\{(?:code|noformat|quote|panel|info|note|tip|warning|expand|toc)(?::[^}]{0,200})?\}$",
                            re.IGNORECASE)

#: BBCode, what forums and their exports write: a closing tag of a kind it has.
_BB_CLOSE = re.compile(r"\[/(?:b|i|u|s|url|img|quote|code|size|color|colour|font|center|left|right|list|email|"
                       r"spoiler|youtube|video|media|h[1-6])\]", re.IGNORECASE)
_BB_URL = re.compile(r"\[url=[\"']?([^\]\s\"']{1,1000})[\"']?\]([^\n]{0,300}?)\[/url\]|\[url\]([^\[\s]{1,1000})\[/url\]",
                     re.IGNORECASE)
_BB_EMAIL = re.compile(r"\[email(?:=[^\]\s]{1,300})?\]([^\n]{0,300}?)\[/email\]", re.IGNORECASE)
_BB_IMG = re.compile(r"\[img(?:=[^\]\n]{0,100})?\]([^\[\s]{0,1000})\[/img\]", re.IGNORECASE)
#: An embedded player: its video id is no text.
_BB_MEDIA = re.compile(r"\[(youtube|video|media)(?:=[^\]\n]{0,100})?\][^\[\n]{0,300}\[/\1\]", re.IGNORECASE)
#: A quote's opening ('[quote]', '[quote="jroe"]', '[quote=jroe;123]') and closing tags.
_BB_QUOTE = re.compile(r"\[quote(?:=[^\]\n]{0,200})?\]|\[/quote\]", re.IGNORECASE)
_BB_CODE = re.compile(r"\[/?code(?:=[^\]\n]{0,40})?\]", re.IGNORECASE)
_BB_ITEM = re.compile(r"^[ \t]*\[\*\][ \t]*", re.IGNORECASE)
_BB_HEADING = re.compile(r"^[ \t]*\[h([1-6])\](.*?)\[/h\1\][ \t]*$", re.IGNORECASE)
#: Tags of emphasis (bold and italic become markdown's) and of layout (they go, their text stays).
_BB_STYLE = re.compile(r"\[/?(b|i|u|s|size|color|colour|font|center|left|right|list|spoiler|indent|justify)"
                       r"(?:=[^\]\n]{0,100})?\]", re.IGNORECASE)


def unpack_rest_links(text: str) -> str:
    """reStructuredText links as markdown links, in any text (a reST document, or a page that
    quotes one); any other text unchanged."""
    return _REST_LINK.sub(r"[\1](\2)", text) if "`_" in text else text  # what every reST link ends with


def unpack_docformat(text: str) -> str:
    """An Org-mode, AsciiDoc, MediaWiki, Textile (Jira, Confluence) or BBCode document as
    markdown; any other text unchanged."""
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
    if opening.startswith("{{") or (_WIKI_HEADING.search(text) and _WIKI_MARK.search(text)):
        return _wikitext(text)
    if _TEXTILE_HEADING.match(opening):
        return _textile(lines)
    if len(_BB_CLOSE.findall(text, 0, 200_000)) >= 2:
        return _bbcode(lines)
    return text


def file_properties(title: str | None, author: str | None, date: str | None) -> dict[str, str]:
    """A word processor's or a PDF's own properties (title, author, creation day) under the
    front-matter names the ``front-matter`` rule maps to fallback fields: the programme fills
    them in (a file's label, the account's name, the day the file was made), so what the
    document shows (its headline, byline and date line) comes first."""
    return {key: value for key, value in (("file_title", title), ("file_author", author), ("file_date", date))
            if value}


def as_markdown(header: Mapping[str, str], lines: list[str]) -> str:
    """The rewritten ``lines`` under a front-matter block of the document's ``header`` fields,
    under their own names: the ``front-matter`` rule's ``fields`` map says which field each
    fills (as for a markdown export's front matter)."""
    block = ["---", *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in header.items()), "---", ""]
    return "\n".join([*(block if header else []), *lines])


def _offer(header: dict[str, str], key: str, value: str) -> None:
    """Keep a header field under its own name, lower case (the first of a name wins; an Org
    timestamp as its date; a name front matter cannot hold is left out)."""
    key, value = key.lower(), " ".join(value.split())
    if value and key not in header and _FRONT_MATTER_KEY.fullmatch(key):
        stamp = _ORG_STAMP.match(value)
        header[key] = stamp.group(1) if stamp else value


def _links(pattern: re.Pattern[str], line: str, to_markdown: Callable[[re.Match[str]], str]) -> str:
    return pattern.sub(to_markdown, line) if "[" in line or "<<" in line else line


def _org_link(match: re.Match[str]) -> str:
    target, label = match.group(1).strip(), (match.group(2) or "").strip()
    if not label:
        return target  # '[[https://…]]': the address is the text
    return f"[{label}]({target})" if " " not in target else label


def _org(lines: list[str]) -> str:
    header: dict[str, str] = {}
    out: list[str] = []
    in_drawer = False
    for line in lines:
        stripped = line.strip()
        keyword = _ORG_KEYWORD.match(stripped)
        if keyword and not _ORG_BLOCK.match(stripped):
            _offer(header, keyword.group(1), keyword.group(2))
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
    return as_markdown(header, out)


def _adoc_link(match: re.Match[str]) -> str:
    url, label = match.group(1), match.group(2).strip()
    return f"[{label}]({url})" if label else url


def _adoc_xref(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2) or "").strip()


def _asciidoc(lines: list[str]) -> str:
    header: dict[str, str] = {}
    index = 0
    while index < len(lines) and _ADOC_ATTRIBUTE.match(lines[index].strip()):
        attribute = _ADOC_ATTRIBUTE.match(lines[index].strip())
        assert attribute is not None
        _offer(header, attribute.group(1), attribute.group(2) or "")
        index += 1
    title = _ADOC_TITLE.match(lines[index].strip())
    assert title is not None
    _offer(header, "title", title.group(1))
    index += 1
    head: list[str] = []  # the header runs to the first blank line: an author line, a revision line, attributes
    while index < len(lines) and lines[index].strip():
        head.append(lines[index].strip())
        index += 1
    for position, line in enumerate(head):
        attribute = _ADOC_ATTRIBUTE.match(line)
        if attribute:
            _offer(header, attribute.group(1), attribute.group(2) or "")
        elif position == 0 and not _ADOC_REVISION.match(line):  # 'Jane Roe <jane@…>; John Doe <john@…>'
            names = [re.sub(r"<[^<>]*>", "", part).strip() for part in line.split(";")]
            _offer(header, "author", "; ".join(n for n in names if n))
        elif (revision := _ADOC_REVISION.match(line)) is not None:
            _offer(header, "revdate", revision.group(1))  # AsciiDoc's name for it
    out: list[str] = []
    for line in lines[index:]:
        stripped = line.strip()
        if _ADOC_DELIMITER.match(stripped) or _ADOC_DIRECTIVE.match(stripped) or _ADOC_BLOCK_META.match(stripped):
            out.append("")
            continue
        attribute = _ADOC_ATTRIBUTE.match(stripped)
        if attribute:
            _offer(header, attribute.group(1), attribute.group(2) or "")
            continue
        heading = _ADOC_HEADING.match(stripped)
        if heading:
            line = "#" * len(heading.group(1)) + " " + heading.group(2)
        line = _links(_ADOC_XREF, _links(_ADOC_LINK, line, _adoc_link), _adoc_xref)
        out.append(line)
    return as_markdown(header, out)


def _without_templates(text: str) -> str:
    """``text`` without its ``{{templates}}`` (infoboxes, citations), nested ones too; a
    template that never closes stays as it is. Each search for a brace pair runs on from
    where the last one of its kind ended, so the scan is linear in the text."""
    end = len(text)

    def next_at(token: str, start: int) -> int:
        found = text.find(token, start)
        return end if found < 0 else found

    out: list[str] = []
    depth = kept_to = opened_at = i = 0
    opening, closing = next_at("{{", 0), -1
    while True:
        if opening < i:
            opening = next_at("{{", i)
        if depth == 0:
            if opening == end:
                break
            out.append(text[kept_to:opening])
            opened_at, depth, i = opening, 1, opening + 2
            continue
        if closing < i:
            closing = next_at("}}", i)
        if opening < closing:
            depth, i = depth + 1, opening + 2
        elif closing < end:
            depth, i = depth - 1, closing + 2
            if depth == 0:
                kept_to = i
        else:
            break  # a template that never closes
    out.append(text[opened_at if depth else kept_to:])
    return "".join(out)


def _wiki_link(match: re.Match[str]) -> str:
    url, label = match.group(1), (match.group(2) or "").strip()
    return f"[{label}]({url})" if label else ""


def _wikitext(text: str) -> str:
    """A MediaWiki page's source as markdown: templates, footnotes, media and category links
    and behaviour switches go; headings, numbered lists and external links become markdown's
    (internal links are the rule ``wiki-link``'s); table markup goes, its cells stay as lines."""
    text = _without_templates(text)
    if "<ref" in text.lower():
        text = _WIKI_REF.sub("", text)
    out: list[str] = []
    number = 0  # of the numbered list item before this line (0: none)
    for line in text.split("\n"):
        number = number + 1 if line.startswith("#") else 0
        if _WIKI_TABLE.match(line):
            continue
        heading = _WIKI_HEADING.match(line)
        if heading:
            out += ["", "#" * len(heading.group(1)) + " " + heading.group(2), ""]
            continue
        line = _WIKI_SWITCH.sub("", _WIKI_MEDIA.sub("", line)) if "[[" in line or "__" in line else line
        if line.startswith("#"):  # a numbered list item, which markdown would read as a heading
            line = f"{number}. " + line.lstrip("#*:; \t")
        elif line.startswith((";", ":")):  # a definition term, an indented line
            line = line.lstrip(";: \t")
        elif line.startswith(("!", "|")):  # a table cell
            line = line.lstrip("!| \t").replace("||", " | ").replace("!!", " | ")
        if "[" in line:
            line = _WIKI_EXTERNAL.sub(_wiki_link, line)  # internal links: the rule ``wiki-link``
        out.append(_WIKI_QUOTES.sub("", line) if "''" in line else line)
    return "\n".join(out)


def _textile(lines: list[str]) -> str:
    """A Textile or Jira/Confluence wiki document as markdown: 'h1.' to 'h6.' headings, 'bq.'
    quotes and '[text|url]' or '"text":url' links; '{code}', '{noformat}', '{quote}' and
    '{panel}' markers go, their content stays."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if _TEXTILE_MACRO.match(stripped):
            out.append("")
            continue
        heading = _TEXTILE_HEADING.match(stripped)
        if heading:
            out += ["", "#" * int(heading.group(1)) + " " + heading.group(2), ""]
            continue
        line = _TEXTILE_QUOTE.sub("", line)
        if "[" in line or '":' in line:
            line = _TEXTILE_QUOTED_LINK.sub(r"[\1](\2)", _TEXTILE_LINK.sub(r"[\1](\2)", line))
        out.append(line)
    return "\n".join(out)



def _bb_link(match: re.Match[str]) -> str:
    url, label = (match.group(1) or match.group(3)), (match.group(2) or "").strip()
    return f"[{label or url}]({url})"


def _bb_style(match: re.Match[str]) -> str:
    tag = match.group(1).lower()
    return "**" if tag == "b" else "*" if tag == "i" else ""


def _bbcode(lines: list[str]) -> str:
    """A forum's BBCode as markdown: links and images become markdown's (the link and image
    rules see them), '[quote]' blocks quoted lines, '[code]' blocks fenced code, '[*]' list
    items; bold and italic become markdown's; size, colour, font and alignment tags go,
    their text stays; an embedded video's id goes."""
    out: list[str] = []
    depth = 0
    for line in lines:
        if "[" not in line:
            out.append("> " * depth + line if depth and line.strip() else line)
            continue
        heading = _BB_HEADING.match(line)
        if heading:
            line = "#" * int(heading.group(1)) + " " + heading.group(2)
        line = _BB_MEDIA.sub("", _BB_IMG.sub(r"![](\1)", _BB_EMAIL.sub(r"\1", _BB_URL.sub(_bb_link, line))))
        line = _BB_CODE.sub("\n```\n", _BB_ITEM.sub("- ", line))
        pieces = _BB_QUOTE.split(line)
        tags = _BB_QUOTE.findall(line)
        rebuilt: list[str] = []
        for i, piece in enumerate(pieces):
            if piece.strip():
                rebuilt.append("> " * depth + piece.strip() if depth else piece)
            if i < len(tags):
                depth = max(0, depth - 1) if tags[i].startswith("[/") else depth + 1
                rebuilt.append("")
        line = "\n".join(rebuilt) if tags else rebuilt[0] if rebuilt else ""
        out.append(_BB_STYLE.sub(_bb_style, line))
    return "\n".join(out)


#: A Jupyter notebook: a JSON object with its cells and its format version.
_NOTEBOOK = re.compile(r'^\s*\{[\s\S]{0,2000}?"(?:cells|nbformat)"\s*:')


def unpack_notebook(text: str) -> str:
    """A Jupyter notebook (``.ipynb``) as markdown: its markdown cells in order, a title,
    authors or date in its metadata (Jupyter Book, Quarto) as front matter; code cells and
    their outputs are no article text and are left out. Any other text comes back unchanged."""
    if not _NOTEBOOK.match(text):
        return text
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError):
        return text
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list) or "nbformat" not in notebook:
        return text
    lines: list[str] = []
    for cell in notebook["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source")
            body = "".join(part for part in source if isinstance(part, str)) if isinstance(source, list) else source
            if isinstance(body, str) and body.strip():
                lines += [*body.splitlines(), ""]
    header: dict[str, str] = {}
    metadata = notebook.get("metadata")
    for key in ("title", "date", "authors", "author"):
        value = metadata.get(key) if isinstance(metadata, dict) else None
        if isinstance(value, list):  # Jupyter Book: [{"name": "Jane Roe"}, …]
            value = "; ".join(str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value)
        if isinstance(value, str | int | float) and str(value).strip():
            _offer(header, key, str(value))
    return as_markdown(header, lines)
