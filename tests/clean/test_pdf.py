"""PDF files read through their text layer as a PDF-to-text dump. The PDFs are written here
(one Helvetica text block a page) from synthetic text."""

from __future__ import annotations

import io
import textwrap
from typing import Any

import pypdf

from flows.clean.pipeline import process_file
from flows.model import RawFile

LINES = [
    "The harbour committee voted on Tuesday to repair the slipway before the",
    "summer, a plan that had waited for money since the winter storms. Boat",
    "owners said the work could not come soon enough, and the harbour master",
    "promised that the moorings would stay open while the engineers work on",
    "the northern end of the slipway, which the storms damaged most.",
    "",
    "The repairs will cost about 41,000 euros, most of it paid by the county",
    "and the rest by the harbour trust, which raised the money at its summer",
    "fair. Work is to start in April and should take six weeks, weather per-",
    "mitting, the committee said in a statement after the vote.",
]


def block(lines: list[str], x: int = 72, y: int = 760) -> str:
    """A Helvetica text block at (x, y), one line per string."""
    shown = " ".join("({}) Tj T*".format(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")) for line in lines)
    return f"BT /F1 11 Tf 14 TL {x} {y} Td {shown} ET"


def make_pdf(pages: list[list[str] | str], info: bytes | None = None) -> bytes:
    """A minimal PDF: a page is its lines (one text block) or its content stream."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    page_ids = []
    for page in pages:
        stream = (page if isinstance(page, str) else block(page)).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent PAGES 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 1 0 R >> >> >>" % len(objects))
        page_ids.append(len(objects))
    if info is not None:
        objects.append(info)
    info_id = len(objects) if info is not None else None
    objects.append(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids) + b"] /Count %d >>" % len(page_ids))
    pages_id = len(objects)
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body.replace(b"PAGES", b"%d" % pages_id) + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(objects) + 1, len(objects))
    out += (b" /Info %d 0 R" % info_id if info_id else b"") + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


INFO = b"<< /Title (Slipway Repair Approved) /Author (Jane Roe) /CreationDate (D:20240305093000+01'00') >>"


def test_a_pdfs_text_layer_is_read_like_a_pdf_dump(config: Any) -> None:
    header = "Harbour Trust Bulletin 2024"
    later = [f"{line} ({number})" for number, line in enumerate(LINES)]
    last = [f"({number}) {line}" for number, line in enumerate(LINES[:5])]
    pages = [[header, "Slipway Repair Approved", "", *LINES, "", "Page 1 of 3"],
             [header, *later, "", "Page 2 of 3"],
             [header, *last, "", "Page 3 of 3"]]
    result = process_file(RawFile("bulletin.pdf", make_pdf(pages, INFO)), config)
    assert not result.rejections, result.rejections
    [doc] = result.documents
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == ("Slipway Repair Approved", ["Jane Roe"], "2024-03-05")
    assert header not in doc["body"] and "Page 2 of 3" not in doc["body"]
    assert "weather permitting, the committee said" in doc["body"]  # the hyphenated word joined
    assert "The harbour committee voted on Tuesday to repair the slipway before the summer, a plan" in doc["body"]


def test_a_title_property_that_names_a_file_is_no_title(config: Any) -> None:
    info = b"<< /Title (Microsoft Word - slipway_v3.docx) /Author (Jane Roe) >>"
    [doc] = process_file(RawFile("a.pdf", make_pdf([["Slipway Repair Approved", "", *LINES]], info)), config).documents
    assert doc["title"] == "Slipway Repair Approved"


def test_a_pdf_without_text_encrypted_or_damaged_is_refused_with_what_to_do(config: Any) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    blank = buffer.getvalue()
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    for data, reason in ((blank, "without a text layer"), (locked.getvalue(), "encrypted PDF"),
                         (b"%PDF-1.7\n" + bytes(range(256)) * 8, "PDF")):
        result = process_file(RawFile("a.pdf", data), config)
        assert not result.documents and reason in result.rejections[0].detail, result.rejections


def test_a_page_in_two_columns_is_read_column_after_column(config: Any) -> None:
    left = textwrap.wrap(" ".join(LINES[:5]), 34)
    right = textwrap.wrap(" ".join(LINES[6:]).replace("per- mitting", "permitting"), 34)
    page = block(["Slipway Repair Approved"], y=760) + " " + block(left, x=72, y=700) + " " + block(right, x=330, y=700)
    [doc] = process_file(RawFile("a.pdf", make_pdf([page])), config).documents
    body = doc["body"]
    assert "repair the slipway before the summer, a plan that had waited" in body  # the left column whole
    assert body.index("which the storms damaged most.") < body.index("The repairs will cost about 41,000 euros")
