"""PDF files read as a PDF-to-text dump: the text layer of each page (pypdf), pages apart by
a form feed, under a front-matter block of the file's own title, author and creation date.

The rest of the pipeline then treats it as it treats any PDF dump: running headers and
page numbers go, words hyphenated at a line's end are joined, paragraphs are re-joined
across pages. A PDF without a text layer (scanned pages) is refused with what to do, as
is an encrypted or damaged one. At most ``MAX_PAGES`` pages and ``MAX_CHARS`` characters
are read, so a hostile file costs bounded time and memory; the per-file timeout of a run
(``--file-timeout``) bounds the rest.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from typing import Any

from flows.clean.docformats import as_markdown, file_properties
from flows.errors import BinaryInput

MAX_PAGES = 2000
MAX_CHARS = 20_000_000

#: A document property that names a file, not a title ("Microsoft Word - report.docx", "scan_004.pdf").
_FILE_NAME = re.compile(r"(?i)^(?:microsoft (?:word|powerpoint|excel) - )|\.(?:docx?|odt|rtf|pdf|pptx?|xlsx?|indd|tex|txt|html?)$")
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})(\d{2})")


def unpack_pdf(data: bytes) -> str | None:
    """The PDF in ``data`` as text with front matter, or None when ``data`` is no PDF."""
    if not data.startswith(b"%PDF-"):
        return None
    import pypdf  # only when a PDF comes: the workers start without it

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file's repairs are no news to the user
    pages: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise BinaryInput("an encrypted PDF: save it without a password or export it as text")
            size = 0
            for number, page in enumerate(reader.pages):
                if number >= MAX_PAGES or size > MAX_CHARS:
                    break
                text = _page_text(page)
                size += len(text)
                pages.append(text)
            properties: Any = reader.metadata or {}
    except BinaryInput:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file: each is this file's fault only
        raise BinaryInput(f"a damaged PDF ({type(exc).__name__}): export it as text, or save it again") from None
    if not any(page.strip() for page in pages):
        raise BinaryInput("a PDF without a text layer (scanned pages?): run OCR on it or export it as text")
    return as_markdown(_header(properties), "\f\n".join(page.strip("\n") for page in pages).split("\n"))


#: Words set apart by a wide gap on one line: text in columns side by side.
_COLUMN_GAP = re.compile(r"\S {4,}\S")
_BLANK_RUN = re.compile(r"\n{3,}")


def _page_text(page: Any) -> str:
    """A page's text with its paragraphs apart: pypdf's layout mode keeps a blank line where
    the page leaves a vertical gap (after a headline, between paragraphs); a page set in
    columns side by side is read in pypdf's plain order instead, column after column."""
    text = page.extract_text(extraction_mode="layout") or ""
    lines = [line.strip() for line in text.split("\n")]
    filled = [line for line in lines if line]
    if sum(1 for line in filled if _COLUMN_GAP.search(line)) * 5 > len(filled):
        return page.extract_text() or ""
    return _BLANK_RUN.sub("\n\n", "\n".join(" ".join(line.split()) for line in lines)).strip("\n")


def _header(properties: Any) -> dict[str, str]:
    """The file's title (unless it names a file), author and creation day, as its properties
    (``file_properties``: what the pages show comes first)."""
    title = _property(properties, "/Title")
    created = _PDF_DATE.match(_property(properties, "/CreationDate") or "")
    return file_properties(title if title and len(title.split()) >= 2 and not _FILE_NAME.search(title) else None,
                           _property(properties, "/Author"),
                           f"{created[1]}-{created[2]}-{created[3]}" if created else None)


def _property(properties: Any, key: str) -> str | None:
    try:
        value = properties.get(key)
    except Exception:  # an unreadable property is an absent one
        return None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None
