"""Word processor files and e-books (DOCX, ODT, EPUB) read as markdown; hostile archives
cost their own file only. The archives are built here, from synthetic text."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from flows.clean import office
from flows.clean.pipeline import process_file
from flows.model import RawFile

STORY = ("The harbour committee voted on Tuesday to repair the slipway before the summer, a plan that had "
         "waited for money since the winter storms. Boat owners said the work could not come soon enough.")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def archive(parts: dict[str, str | bytes]) -> bytes:
    """A ZIP of ``parts``, deflated; a 'mimetype' part stored, as ODF and EPUB require."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else None)
    return buffer.getvalue()


def w_paragraph(text: str, style: str | None = None, listed: bool = False) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ('<w:numPr><w:numId w:val="1"/></w:numPr>' if listed else "")
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(body: str, core: str | None = None) -> bytes:
    parts: dict[str, str | bytes] = {"[Content_Types].xml": "<Types/>",
                                     "word/document.xml": f'<w:document {W}><w:body>{body}</w:body></w:document>'}
    if core is not None:
        parts["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">' + core +
            "</cp:coreProperties>")
    return archive(parts)


def documents(data: bytes, name: str, config: Any) -> list[dict[str, Any]]:
    result = process_file(RawFile(name, data), config)
    assert not result.rejections, result.rejections
    return result.documents


def paragraphs(doc: dict[str, Any]) -> list[str]:
    return [p for s in doc["sections"] for p in ([s["heading"]] if s["heading"] else []) + s["paragraphs"]]


def test_a_docx_gives_its_headings_lists_tables_and_properties(config: Any) -> None:
    body = (w_paragraph("Slipway Repair Approved", "Title") + w_paragraph(STORY) + w_paragraph("What happens next", "Heading1")
            + w_paragraph("Tender in January", listed=True) + w_paragraph("Works from April", listed=True)
            + '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cost</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>41,000 EUR</w:t></w:r></w:p>'
              '</w:tc></w:tr></w:tbl>' + w_paragraph(STORY))
    core = ("<dc:title>Slipway Repair Approved</dc:title><dc:creator>Jane Roe</dc:creator>"
            "<dcterms:created>2024-03-05T09:00:00Z</dcterms:created>")
    [doc] = documents(docx(body, core), "slipway.docx", config)
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == ("Slipway Repair Approved", ["Jane Roe"], "2024-03-05")
    got = paragraphs(doc)
    assert got[0] == STORY and "What happens next" in got
    assert "- Tender in January" in got and "- Works from April" in got
    assert any("Cost" in p and "41,000 EUR" in p for p in got)


def test_an_odt_gives_its_headings_lists_and_properties(config: Any) -> None:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<office:document-content {ns}><office:body><office:text>'
               '<text:h text:outline-level="1">Slipway Repair Approved</text:h>'
               f'<text:p>{STORY}</text:p><text:list><text:list-item><text:p>Tender in January</text:p></text:list-item>'
               f'</text:list><text:p>{STORY}</text:p></office:text></office:body></office:document-content>')
    meta = ('<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<office:meta><meta:initial-creator>Jane Roe</meta:initial-creator>'
            '<meta:creation-date>2024-03-05T09:00:00</meta:creation-date></office:meta></office:document-meta>')
    data = archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content, "meta.xml": meta})
    [doc] = documents(data, "slipway.odt", config)
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == ("Slipway Repair Approved", ["Jane Roe"], "2024-03-05")
    assert "- Tender in January" in paragraphs(doc)


def test_what_a_docx_shows_beats_its_properties(config: Any) -> None:
    """A file's properties are the programme's: a label for the title, the account's name,
    the day the file was made. The Title-style headline, the byline and the date line the
    document shows come first; the properties fill only what it leaves empty."""
    hyphened = "<w:p><w:r><w:t>The cross</w:t><w:noBreakHyphen/><w:t>town route stays.</w:t></w:r></w:p>"
    body = (w_paragraph("Slipway Repair Approved", "Title") + w_paragraph("By Jane Roe") + w_paragraph("7 March 2024")
            + w_paragraph(STORY) + hyphened + w_paragraph(STORY))
    core = ("<dc:title>slipway op-ed FINAL v3</dc:title><dc:creator>Microsoft Office User</dc:creator>"
            "<dcterms:created>2024-02-27T09:00:00Z</dcterms:created>")
    [doc] = documents(docx(body, core), "slipway.docx", config)
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == ("Slipway Repair Approved", ["Jane Roe"], "2024-03-07")
    assert "The cross-town route stays." in doc["body"]  # a non-breaking hyphen is a hyphen
    [bare] = documents(docx(w_paragraph(STORY) + w_paragraph(STORY), core), "slipway.docx", config)
    assert (bare["title"], bare["authors"], str(bare["date_published"])) == ("slipway op-ed FINAL v3", [], "2024-02-27")


def test_an_odt_reads_as_it_shows(config: Any) -> None:
    """Deleted text kept for tracked changes, the generated table of contents and the notes
    are no part of the text; Title and Subtitle styles (or styles derived from them) are
    the headline and the deck; a tab is a space; a table row is one line of cells."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')
    content = (f'<office:document-content {ns}><office:automatic-styles>'
               '<style:style style:name="P7" style:family="paragraph" style:parent-style-name="Subtitle"/>'
               '</office:automatic-styles><office:body><office:text>'
               '<text:tracked-changes><text:changed-region><text:deletion><text:p>A sentence the author deleted.</text:p>'
               '</text:deletion></text:changed-region></text:tracked-changes>'
               '<text:p text:style-name="Title">Slipway Repair Approved</text:p>'
               '<text:p text:style-name="P7">Work starts before the summer</text:p>'
               '<text:table-of-content><text:index-body><text:p>Background<text:tab/>2</text:p></text:index-body>'
               '</text:table-of-content>'
               f'<text:p>{STORY}<text:note><text:note-citation>1</text:note-citation><text:note-body>'
               '<text:p>A note at the foot.</text:p></text:note-body></text:note></text:p>'
               '<table:table><table:table-row><table:table-cell><text:p>Cost</text:p></table:table-cell>'
               '<table:table-cell><text:p>41,000 EUR</text:p></table:table-cell></table:table-row></table:table>'
               f'<text:p>{STORY}</text:p></office:text></office:body></office:document-content>')
    data = archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})
    [doc] = documents(data, "slipway.odt", config)
    assert (doc["title"], doc["subtitle"]) == ("Slipway Repair Approved", "Work starts before the summer")
    got = paragraphs(doc)
    assert got[0] == STORY and "| Cost | 41,000 EUR |" in got
    for gone in ("deleted", "Background", "note at the foot"):
        assert gone not in doc["body"]


def test_an_epub_reads_its_chapters_in_spine_order(config: Any) -> None:
    opf = ('<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           "<dc:title>Harbour Notes</dc:title><dc:creator>Jane Roe</dc:creator><dc:date>2024-03-05</dc:date></metadata>"
           '<manifest><item id="b" href="text/two.xhtml"/><item id="a" href="one.xhtml"/></manifest>'
           '<spine><itemref idref="a"/><itemref idref="b"/></spine></package>')
    chapter = '<html xmlns="http://www.w3.org/1999/xhtml"><body><h2>{0}</h2><p>{1}</p><div><p>{1}</p></div></body></html>'
    data = archive({
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                                  '<rootfile full-path="OPS/book.opf"/></rootfiles></container>',
        "OPS/book.opf": opf,
        "OPS/one.xhtml": chapter.format("The slipway", STORY),
        "OPS/text/two.xhtml": chapter.format("The boats", STORY.replace("harbour", "marina")),
    })
    [doc] = documents(data, "notes.epub", config)
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == ("Harbour Notes", ["Jane Roe"], "2024-03-05")
    got = paragraphs(doc)
    assert got.index("The slipway") < got.index("The boats")


def test_an_epubs_book_matter_is_no_text(config: Any) -> None:
    """What ``epub:type`` marks as the book's matter (title page, copyright page, table of
    contents, notes and their marks) is no part of the text; a refined subtitle and the
    package's publisher are the document's."""
    ops = 'xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
    opf = ('<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:title id="t1">Harbour Notes</dc:title><meta refines="#t1" property="title-type">main</meta>'
           '<dc:title id="t2">Essays on the quay</dc:title><meta refines="#t2" property="title-type">subtitle</meta>'
           "<dc:creator>Jane Roe</dc:creator><dc:publisher>Bay Press</dc:publisher></metadata>"
           '<manifest><item id="t" href="title.xhtml"/><item id="c" href="copy.xhtml"/><item id="a" href="one.xhtml"/>'
           '</manifest><spine><itemref idref="t"/><itemref idref="c"/><itemref idref="a"/></spine></package>')
    data = archive({
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                                  '<rootfile full-path="book.opf"/></rootfiles></container>',
        "book.opf": opf,
        "title.xhtml": f'<html {ops}><body><section epub:type="titlepage"><h1>Harbour Notes</h1>'
                       "<p>Bay Press · Westport</p></section></body></html>",
        "copy.xhtml": f'<html {ops}><body><section epub:type="copyright-page"><p>ISBN 978-0-00-000000-0</p>'
                      "</section></body></html>",
        "one.xhtml": f'<html {ops}><body><h2>The slipway</h2><p>{STORY} It <em>rained</em> all week'
                     '<a epub:type="noteref" href="#n1">1</a>, and so it went.</p>'
                     f'<p>{STORY}</p><aside epub:type="footnote" id="n1"><p>A note at the foot.</p>'
                     "</aside></body></html>",
    })
    [doc] = documents(data, "notes.epub", config)
    assert (doc["title"], doc["subtitle"], doc["publisher"]) == ("Harbour Notes", "Essays on the quay", "Bay Press")
    for gone in ("Westport", "ISBN", "note at the foot", "week1"):
        assert gone not in doc["body"]
    assert "It rained all week, and so it went." in doc["body"]  # the text after a note's mark stays where it stood


def corrupt(data: bytes) -> bytes:
    """The archive with its first member's compressed bytes overwritten."""
    start = data.find(b"word/document.xml") + len("word/document.xml") + 5
    return data[:start] + b"\xff" * 20 + data[start + 20:]


@pytest.mark.parametrize(("data", "reason"), [
    (corrupt(docx(w_paragraph(STORY * 20))), "damaged office document"),
    (docx(w_paragraph(STORY))[:300], "a damaged DOCX"),  # cut short: no table of contents, its first part says DOCX
    (archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<a/>" * 400})[:200],
     "a damaged ODT"),
    (archive({"notes.txt": STORY * 5})[:100], "ZIP archive"),  # a plain archive cut short
    (archive({"xl/workbook.xml": "<workbook/>"}), "ZIP archive"),  # a spreadsheet is still refused as binary
])
def test_a_damaged_or_unread_archive_is_refused_with_its_kind(config: Any, data: bytes, reason: str) -> None:
    result = process_file(RawFile("a.docx", data), config)
    assert not result.documents and reason in result.rejections[0].detail


def test_a_zip_bomb_is_refused_before_it_is_inflated(config: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "MAX_PART_BYTES", 1024 * 1024)
    bomb = archive({"word/document.xml": b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>"})
    assert len(bomb) < 64 * 1024
    result = process_file(RawFile("bomb.docx", bomb), config)
    assert not result.documents and "unpacks to" in result.rejections[0].detail


def test_many_parts_share_one_budget(config: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chapters each under the part limit but together over the file's budget are refused."""
    monkeypatch.setattr(office, "MAX_TOTAL_BYTES", 1024 * 1024)
    chapter = "<html><body><p>" + "x " * 200_000 + "</p></body></html>"
    book = archive({
        "META-INF/container.xml": '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                                  '<rootfile full-path="book.opf"/></rootfiles></container>',
        "book.opf": '<package xmlns="http://www.idpf.org/2007/opf"><manifest>'
                    + "".join(f'<item id="c{i}" href="c{i}.xhtml"/>' for i in range(5)) + "</manifest><spine>"
                    + "".join(f'<itemref idref="c{i}"/>' for i in range(5)) + "</spine></package>",
        **{f"c{i}.xhtml": chapter for i in range(5)},
    })
    result = process_file(RawFile("book.epub", book), config)
    assert not result.documents and "unpacks to" in result.rejections[0].detail


def test_an_entity_in_a_docx_is_never_expanded(config: Any) -> None:
    laughs = ('<!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    data = archive({"word/document.xml": f'{laughs}<w:document {W}><w:body>{w_paragraph("&c; " + STORY)}'
                                         f'{w_paragraph(STORY)}</w:body></w:document>'})
    result = process_file(RawFile("laughs.docx", data), config)
    assert all("hahaha" not in doc["body"] for doc in result.documents)


def test_a_docx_without_text_is_empty_not_an_unknown_archive(config: Any) -> None:
    result = process_file(RawFile("blank.docx", docx("")), config)
    assert not result.documents and result.rejections[0].reason == "EmptyInput"
