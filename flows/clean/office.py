"""Word processor and e-book files read as markdown: DOCX, ODT and EPUB.

These are ZIP archives of XML. Their text, headings and lists become markdown lines under
a front-matter block of the document's own properties (title, author, date), so the rest
of the pipeline reads them as it reads a markdown export. Only the standard library's
``zipfile`` and lxml are used; nothing is written to disk and nothing is fetched.

Limits, so a hostile archive costs its own file only: at most ``MAX_PARTS`` XML parts are
read, each at most ``MAX_PART_BYTES`` uncompressed (a ZIP bomb is refused before it is
inflated), at most ``MAX_TOTAL_BYTES`` in all, XML entities are never resolved and the network is never used. A ZIP that is
none of these three (a spreadsheet, a plain archive) is left to ``decode``, which refuses
it as binary data with its kind named.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from flows.clean.docformats import as_markdown, file_properties
from flows.clean.htmlpage import extract_whole_page
from flows.errors import BinaryInput

#: The most XML parts read from one archive (an e-book's chapters), the largest one, and
#: the most bytes inflated from one file in all.
MAX_PARTS = 500
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_OPF = "{http://www.idpf.org/2007/opf}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


def unpack_office(data: bytes) -> str | None:
    """The document as markdown when ``data`` is a DOCX, ODT or EPUB file, else None."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError, RuntimeError):
        kind = _kind_by_first_part(data)
        if kind is not None:  # a document cut short: its first part says what it was
            raise BinaryInput(f"a damaged {kind} (its archive is cut short or broken): save it again or export it as text") \
                from None
        return None  # not even a readable table of contents: decode refuses it as a ZIP archive
    try:
        parts = _Parts(archive)
        if "word/document.xml" in parts.names:
            return _docx(parts)
        if "content.xml" in parts.names and "mimetype" in parts.names \
                and parts.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
            return _odt(parts)
        if "META-INF/container.xml" in parts.names:
            return _epub(parts)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, OSError, zlib.error, NotImplementedError,
            RuntimeError, etree.XMLSyntaxError, ValueError) as exc:
        raise BinaryInput(f"a damaged office document or e-book ({type(exc).__name__}): save it again or export it as text") from None
    return None


class _Parts:
    """The archive's members, read against one budget of inflated bytes for the whole file."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.left = MAX_TOTAL_BYTES

    def read(self, name: str) -> bytes:
        """One member, inflated no further than ``MAX_PART_BYTES`` (and what is left of
        ``MAX_TOTAL_BYTES``) whatever its header claims."""
        info = self.archive.getinfo(name)
        if info.flag_bits & 0x1:
            raise BinaryInput("an encrypted office document: save it without a password first")
        limit = min(MAX_PART_BYTES, self.left)
        data = b""
        if info.file_size <= limit:  # what the header claims first, so a bomb is never inflated
            with self.archive.open(info) as stream:
                data = stream.read(limit + 1)
        if info.file_size > limit or len(data) > limit:
            raise BinaryInput(f"an office document that unpacks to more than {limit:,} bytes (part {name}): "
                              "export it as text")
        self.left -= len(data)
        return data

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.names:
            return None
        data = self.read(name)
        return etree.fromstring(data, _PARSER) if data.strip() else None


#: What the first parts of an archive say it is, when its table of contents (at its end) is
#: lost: a DOCX opens with its content types or its 'word/' parts, an ODT and an EPUB with
#: their 'mimetype' part, stored unpacked.
_FIRST_PARTS = ((b"mimetypeapplication/vnd.oasis.opendocument.text", "ODT"),
                (b"mimetypeapplication/epub+zip", "EPUB"), (b"[Content_Types].xml", "DOCX"), (b"word/", "DOCX"))


def _kind_by_first_part(data: bytes) -> str | None:
    head = data[:4096]
    return next((kind for marker, kind in _FIRST_PARTS if marker in head), None)


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _first(root: etree._Element | None, *tags: str) -> str | None:
    if root is None:
        return None
    for tag in tags:
        for element in root.iter(tag):
            value = _text(element)
            if value:
                return value
    return None


def _header(title: str | None, author: str | None, date: str | None) -> dict[str, str]:
    return {key: value for key, value in (("title", title), ("author", author), ("date", date)) if value}


# --------------------------------------------------------------------------- DOCX


def _docx(parts: _Parts) -> str:
    core = parts.xml("docProps/core.xml")
    document = parts.xml("word/document.xml")
    body = document.find(f"{_W}body") if document is not None else None
    lines: list[str] = []
    for block in (body if body is not None else []):
        if block.tag == f"{_W}p":
            lines.extend(_docx_paragraph(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [_docx_runs(cell) for cell in row.iter(f"{_W}tc")]
                if any(cells):
                    lines += ["| " + " | ".join(cells) + " |"]
            lines.append("")
    header = file_properties(_first(core, f"{_DC}title"), _first(core, f"{_DC}creator"),
                             _first(core, f"{_DCTERMS}created", f"{_DCTERMS}modified"))
    return as_markdown(header, lines)


def _docx_runs(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        parts.append(node.text or "" if node.tag == f"{_W}t" else "-" if node.tag == f"{_W}noBreakHyphen" else " ")
    return " ".join("".join(parts).split())


def _docx_paragraph(paragraph: etree._Element) -> list[str]:
    text = _docx_runs(paragraph)
    if not text:
        return []
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    name = (style.get(f"{_W}val") or "").lower().replace(" ", "") if style is not None else ""
    if name in ("title", "titel"):
        return [f"# {text}", ""]
    if name in ("subtitle", "untertitel"):
        return [f"*{text}*", ""]
    level = name[len("heading"):] if name.startswith("heading") else name[len("berschrift"):] if "berschrift" in name else ""
    if level.isdigit() and 1 <= int(level) <= 6:
        return [f"{'#' * int(level)} {text}", ""]
    if paragraph.find(f"{_W}pPr/{_W}numPr") is not None or name.startswith(("listparagraph", "listenabsatz")):
        return [f"- {text}"]
    return [text, ""]


# --------------------------------------------------------------------------- ODT


def _odt(parts: _Parts) -> str:
    meta = parts.xml("meta.xml")
    content = parts.xml("content.xml")
    office_text = content.find(f"{_OFFICE}body/{_OFFICE}text") if content is not None else None
    styles = _odt_styles(content)
    lines: list[str] = []
    for element in (_odt_blocks(office_text) if office_text is not None else ()):
        if element.tag == f"{_TABLE}table-row":
            cells = [_odt_text(cell) for cell in element.iter(f"{_TABLE}table-cell")]
            if any(cells):
                lines.append("| " + " | ".join(cells) + " |")
            continue
        if lines and lines[-1].startswith("| "):
            lines.append("")  # a table ends
        text = _odt_text(element)
        if not text:
            continue
        style = styles.get(element.get(f"{_TEXT}style-name") or "", "")
        if element.tag == f"{_TEXT}h":
            level = int(element.get(f"{_TEXT}outline-level") or 1)
            lines += [f"{'#' * min(max(level, 1), 6)} {text}", ""]
        elif style == "title":
            lines += [f"# {text}", ""]
        elif style == "subtitle":
            lines += [f"*{text}*", ""]
        elif any(parent.tag == f"{_TEXT}list-item" for parent in element.iterancestors()):
            lines.append(f"- {text}")
        else:
            lines += [text, ""]
    header = file_properties(_first(meta, f"{_DC}title"), _first(meta, f"{_META}initial-creator", f"{_DC}creator"),
                             _first(meta, f"{_META}creation-date", f"{_DC}date"))
    return as_markdown(header, lines)


#: What an ODT's text holds that is not its text: deleted text kept for tracked changes, a
#: table of contents or an index the programme generated, the bodies of its notes.
_ODT_SKIPPED = frozenset(f"{_TEXT}{name}" for name in (
    "tracked-changes", "table-of-content", "alphabetical-index", "illustration-index", "table-index",
    "object-index", "user-index", "bibliography", "note"))


def _odt_blocks(root: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and headings of an ODT's text, in order, and each table row as one
    block; never a block inside another block, a note or what ``_ODT_SKIPPED`` names."""
    for child in root:
        if child.tag in _ODT_SKIPPED:
            continue
        if child.tag in (f"{_TEXT}p", f"{_TEXT}h", f"{_TABLE}table-row"):
            yield child
        else:
            yield from _odt_blocks(child)


def _odt_text(element: etree._Element) -> str:
    """A paragraph's text as it reads: a tab or a line break is a space, a note (its mark and
    its body) is left out, a run of spaces (``text:s``) is one space."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag in _ODT_SKIPPED:
            pass
        elif child.tag in (f"{_TEXT}tab", f"{_TEXT}line-break", f"{_TEXT}s"):
            parts.append(" ")
        else:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _odt_styles(content: etree._Element | None) -> dict[str, str]:
    """Paragraph style name → 'title' or 'subtitle' for the styles that are (or derive from)
    the document's Title and Subtitle styles."""
    named = {"Title": "title", "Subtitle": "subtitle"}
    styles = dict(named)
    automatic = content.find(f"{_OFFICE}automatic-styles") if content is not None else None
    for style in (automatic if automatic is not None else ()):
        parent = style.get(f"{_STYLE}parent-style-name")
        if parent in named:
            styles[style.get(f"{_STYLE}name") or ""] = named[parent]
    return styles


# --------------------------------------------------------------------------- EPUB


def _epub(parts: _Parts) -> str:
    container = parts.xml("META-INF/container.xml")
    rootfile = next(container.iter(f"{_CONTAINER}rootfile"), None) if container is not None else None
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    package = parts.xml(opf_path) if opf_path else None
    if package is None:
        raise BinaryInput("an e-book without its package file (content.opf): export it as text")
    folder = posixpath.dirname(opf_path or "")
    manifest = {item.get("id"): item.get("href") for item in package.iter(f"{_OPF}item")}
    lines: list[str] = []
    for count, href in enumerate(_spine(package, manifest)):
        if count >= MAX_PARTS:
            break
        name = posixpath.normpath(posixpath.join(folder, href.split("#")[0]))
        chapter = parts.read(name) if name in parts.names else b""
        if chapter.strip():  # read as any HTML page is read whole: headings, paragraphs, list items
            lines += [*extract_whole_page(_without_book_matter(chapter))[0].split("\n"), ""]
    metadata = package.find(f"{_OPF}metadata")
    header = _header(_first(metadata, f"{_DC}title"), _first(metadata, f"{_DC}creator"), _first(metadata, f"{_DC}date"))
    subtitle = _refined_title(metadata, "subtitle")
    publisher = _first(metadata, f"{_DC}publisher")
    header.update({key: value for key, value in (("subtitle", subtitle), ("publisher", publisher)) if value})
    return as_markdown(header, lines)


#: What an e-book's ``epub:type`` marks as the book's matter, not its text: the title page,
#: the copyright page, the tables of contents and landmarks, the notes and their marks.
_BOOK_MATTER = frozenset({"titlepage", "halftitlepage", "copyright-page", "colophon", "imprint", "toc", "landmarks",
                          "page-list", "loi", "lot", "footnotes", "endnotes", "rearnotes", "footnote", "endnote",
                          "rearnote", "noteref", "pagebreak"})
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _without_book_matter(chapter: bytes) -> str:
    """A chapter's XHTML without what ``epub:type`` marks as the book's matter (``_BOOK_MATTER``);
    a chapter that does not parse as XML is read as it is."""
    try:
        root = etree.fromstring(chapter, _PARSER)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return chapter.decode("utf-8", errors="replace")
    for element in list(root.iter()):
        parent = element.getparent()
        if parent is None or not _BOOK_MATTER.intersection((element.get(_EPUB_TYPE) or "").split()):
            continue
        previous = element.getprevious()
        if element.tail:  # the text after it ('… the sand.<a>1</a> At low water'): it stays, where it stood
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
    return etree.tostring(root, encoding="unicode")


def _refined_title(metadata: etree._Element | None, kind: str) -> str | None:
    """The ``dc:title`` an EPUB 3 package refines as ``title-type`` ``kind`` ('subtitle')."""
    if metadata is None:
        return None
    kinds = {(meta.get("refines") or "").lstrip("#"): _text(meta) for meta in metadata.iter(f"{_OPF}meta")
             if meta.get("property") == "title-type"}
    return next((_text(title) for title in metadata.iter(f"{_DC}title") if kinds.get(title.get("id") or "") == kind), None)


def _spine(package: etree._Element, manifest: dict[str | None, str | None]) -> Iterator[str]:
    for itemref in package.iter(f"{_OPF}itemref"):
        href = manifest.get(itemref.get("idref"))
        if href:
            yield href
