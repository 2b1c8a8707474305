"""Bytes to clean Unicode text: encoding detection, mojibake repair, normalisation.

Order matters: a byte-order mark first, then strict UTF-8,
and only when that fails a detector. Running a detector on valid UTF-8 re-decodes
mojibake as cp1250/cp1251 and makes new garbage.

The detector is charset-normalizer: on cp1252, latin-1 and cp1250 samples in English,
French, German, Spanish, Czech and Polish (``tests/clean/test_decode.py``) it named a
decoding that round-trips the text as often as chardet did, is maintained, and ships
no C extension that could be missing on a machine.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer
import ftfy

from flows.clean.prolog import root_element
from flows.errors import BinaryInput, EmptyInput, UnsupportedFormat

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: A text may hold one NUL per this many bytes (a scraper's or a converter's slip);
#: binary data holds far more (compressed data about one in 256 bytes, most formats more).
STRAY_NULS = 1000
# Magic numbers of binary formats that are often mis-named .txt / .html.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"PK\x03\x04", "a ZIP archive (or a spreadsheet or slides: xlsx, ods, pptx; DOCX, ODT and EPUB are read)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "an executable (Windows)"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# A cheap gate for mojibake: a UTF-8 lead byte decoded as latin-1/cp1252 (Â…ô)
# followed by a continuation byte or a cp1252 punctuation character.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u20ac\u2122]"
)
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC", explain=False)
#: C0/C1 controls but tab and newline, zero-width marks, stray BOMs and the private-use planes:
#: an icon font's glyphs (a permalink's "\uf0c1", a share button's), which stand for no text.
#: The zero-width non-joiner and joiner are spelling after a letter of the scripts that write
#: with them (Persian "می‌کند", the scripts of India, Myanmar, Khmer) and inside an emoji
#: sequence: kept there, dropped elsewhere (inside a Latin word a joiner is a converter's stray).
_JOINING = ("\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe\u0900-\u0dff\u1000-\u109f"
            "\u1780-\u17ff\u1800-\u18af\u2600-\u27bf\ufe0f\U0001f000-\U0001faff")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\ue000-\uf8ff\U000f0000-\U0010ffff]"
                      f"|(?<![{_JOINING}])[\u200c\u200d]+|[\u200c\u200d]+(?![{_JOINING}\u200c\u200d])")
#: A form feed (a PDF dump's page break) becomes a line of its own: blank, as a paragraph
#: break is, but still telling where a page ends (``heuristics.running_headers``).
PAGE_BREAK = "\f"
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile("  +")  # two spaces or more (written so, `re` finds the run far faster than " {2,}")


def _stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """A stray byte in UTF-8 text: one of cp1252's punctuation bytes (0x80-0x9F) is read as
    cp1252, for text pasted from a Windows program ("Farmers\x92 groups" is "Farmers’
    groups"); so is a letter byte (0xA0-0xFF) standing alone between ASCII characters
    ("P\xe1draig" is "Pádraig": no UTF-8 sequence is one byte long); any other byte, and
    the five cp1252 leaves undefined, become U+FFFD."""
    assert isinstance(error, UnicodeDecodeError)
    data, start, end = error.object, error.start, error.end
    alone = end - start == 1 and (start == 0 or data[start - 1] < 0x80) and (end == len(data) or data[end] < 0x80)
    text = "".join(bytes([b]).decode("cp1252", errors="replace") if 0x80 <= b <= 0x9F or (alone and b >= 0xA0)
                   else "\ufffd" for b in data[start:end])
    return text, end


#: The decoding error handler for stray bytes in UTF-8 text (``_stray_bytes``).
_STRAY_BYTES = "docmill-stray-cp1252"
codecs.register_error(_STRAY_BYTES, _stray_bytes)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with how it was decoded."""

    text: str
    encoding: str
    replaced: int  # U+FFFD characters in the result: bytes that could not be decoded
    repaired: bool = False  # ftfy changed the text


# Text formats docmill does not read (their markup would pass for content).
_UNSUPPORTED: tuple[tuple[bytes, str], ...] = (
    (b"%!PS", "PostScript"),
)


#: An XML sitemap's root elements (after an XML declaration, comments or a BOM:
#: ``prolog.root_element``). (A feed is decoded: ``flows.clean.feeds`` reads the articles a
#: full-text feed holds, refuses the rest.)
_SITEMAPS = {"urlset": "a sitemap", "sitemapindex": "a sitemap index"}


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it looks like text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[257:262] == b"ustar":  # a tar archive's magic sits after its first file name
        return "a tar archive: put the files it holds in raw/"
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    head = data[:65536]
    if head and b"\x00" in head:
        nuls = head.count(b"\x00")
        if nuls * STRAY_NULS <= len(head):
            return None  # a few stray NULs in a page's text: removed later with the other control characters
        # UTF-16/32 without a BOM: NULs sit in every other (or every fourth) byte.
        if nuls * 5 >= len(head) and _looks_like_wide_text(head):
            return None
        return f"binary data ({nuls} NUL bytes in the first {len(head)} bytes)"
    return None


def _looks_like_wide_text(head: bytes) -> bool:
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2 or 1
    return max(even_nuls, odd_nuls) / half > 0.9 and min(even_nuls, odd_nuls) / half < 0.1


def decode_bytes(data: bytes) -> Decoded:
    """Decode raw bytes; never raises on text, raises ``InputError`` on non-text.

    Bytes that are no UTF-8 inside otherwise valid UTF-8 are counted in ``replaced``; cp1252's
    punctuation bytes among them are read as cp1252, the rest become U+FFFD; the good text is kept.
    """
    if not data:
        raise EmptyInput("empty file (0 bytes)")
    for magic, name in _UNSUPPORTED:
        if data.lstrip()[:32].startswith(magic):
            raise UnsupportedFormat(f"unsupported format: {name}; convert it to text, markdown or HTML first")
    head = data[:2048].removeprefix(codecs.BOM_UTF8)
    found = root_element(head.decode("latin-1")) if head.lstrip()[:1] == b"<" else None
    if found is not None and found[0] in _SITEMAPS:
        kind = _SITEMAPS[found[0]]
        raise UnsupportedFormat(f"unsupported format: {kind} (a list of articles, not one); "
                                "save the articles it links to as text, markdown or HTML")
    binary = sniff_binary(data)
    if binary:
        raise BinaryInput(f"not text: looks like {binary}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            replaced = text.count("\ufffd")
            if replaced and encoding == "utf-8-sig":  # stray bytes in UTF-8 text: read as cp1252
                text = data.decode(encoding, errors=_STRAY_BYTES)
            return Decoded(text.lstrip("\ufeff"), encoding.replace("-sig", ""), replaced)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:65536] and _looks_like_wide_text(data[:65536]):
        encoding = "utf-16-le" if data[1::2][:4096].count(0) > data[0::2][:4096].count(0) else "utf-16-be"
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding, text.count("\ufffd"))
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good_multibyte = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if good_multibyte >= bad:
        # Mostly UTF-8 with some stray bytes: keep the good text, read the strays as cp1252.
        return Decoded(data.decode("utf-8", errors=_STRAY_BYTES), "utf-8", bad)
    encoding = detect_legacy_encoding(data[:262144])
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, text.count("\ufffd"))


def detect_legacy_encoding(sample: bytes) -> str:
    """Name the single-byte encoding of ``sample`` (not UTF-8).

    charset-normalizer ranks candidates by chaos (mess) and language coherence; on
    Western-European text cp1250, cp1252, cp1257 and Mac encodings often come out
    nearly tied and the winner can be a Baltic or Central-European code page. cp1252,
    the legacy encoding of most web text, wins whenever charset-normalizer finds it
    about as clean (chaos within 0.1) and as coherent as its own best guess.
    """
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return "cp1252" if _decodes(sample, "cp1252") else "latin-1"
    best = matches[0]
    western = charset_normalizer.from_bytes(sample, cp_isolation=["cp1252"]).best()
    if western is not None and western.chaos <= best.chaos + 0.1 and western.coherence >= best.coherence:
        return "cp1252"
    return _normalise_codec(best.encoding)


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _normalise_codec(name: str) -> str:
    """Prefer cp1252 over latin-1: web text labelled latin-1 is nearly always cp1252."""
    info = codecs.lookup(name)
    return "cp1252" if info.name in {"latin-1", "iso8859-1", "ascii"} else info.name


def drop_controls(text: str) -> str:
    """``text`` without control characters, zero-width marks and private-use glyphs (text an
    HTML page's parser gave, where ``&#61633;`` became an icon font's glyph)."""
    return _CONTROL.sub("", text)


def repair_text(text: str) -> tuple[str, bool]:
    """Repair mojibake and normalise: NFC, ``\\n`` newlines, no control characters but a page
    break (form feed), which stands on a line of its own.

    ftfy runs only where the cheap gate sees mojibake; curly quotes, dashes and
    non-Latin letters are kept. Returns the text and whether ftfy changed it.
    """
    repaired = False
    if _MOJIBAKE.search(text):
        fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
        repaired = fixed != text
        text = fixed
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(PAGE_BREAK, f"\n{PAGE_BREAK}\n")
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_RUN.sub(" ", text)  # one pass over the whole text: newlines are not spaces
    return "\n".join(line if line == PAGE_BREAK else line.rstrip() for line in text.split("\n")), repaired
