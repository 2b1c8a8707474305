"""Decoding and repair: BOMs, strict UTF-8, detection, mojibake, never raising on text."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.clean.decode import decode_bytes, repair_text
from flows.clean.pipeline import process_file
from flows.errors import InputError
from flows.model import RawFile
from flows.store.config import load_config

SAMPLES = {
    "fr": "Café déjà vu : l’été très élevé à la française, où nous étions « heureux ».",
    "de": "Über die Straße gehen wir früh; die Bürger öffnen ihre Läden.",
    "es": "El niño comió piñas en España; mañana será otro día.",
    "cs": "Příliš žluťoučký kůň úpěl ďábelské ódy v Praze.",
    "pl": "Zażółć gęślą jaźń, powiedział Łukasz w Łodzi.",
}


@pytest.mark.parametrize(("lang", "encoding"), [("fr", "cp1252"), ("de", "cp1252"), ("es", "cp1252"),
                                                ("es", "latin-1"), ("cs", "cp1250"), ("pl", "cp1250")])
def test_legacy_encodings_round_trip(lang: str, encoding: str) -> None:
    text = SAMPLES[lang] * 3
    assert decode_bytes(text.encode(encoding)).text == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_boms_and_wide_encodings(encoding: str) -> None:
    text = "Grüße aus Köln — “quoted”"
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + text).encode(encoding)
    assert decode_bytes(data).text == text


def test_mojibake_is_repaired_and_typography_kept() -> None:
    good = "It’s “quoted” — café, naïve, Ελληνικά"
    broken = good.encode("utf-8").decode("cp1252", errors="replace")
    fixed, repaired = repair_text(broken)
    assert repaired
    assert "’" in fixed and "“" in fixed and "—" in fixed and "café" in fixed


def test_clean_text_is_untouched_by_repair() -> None:
    text = "It’s “fine” — déjà vu… 日本語"
    assert repair_text(text) == (text, False)


def test_damaged_utf8_keeps_the_good_text() -> None:
    decoded = decode_bytes("Grüße ".encode() + b"\xff\xfe" + " und Küsse".encode())
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("Grüße") and decoded.text.endswith("und Küsse")
    assert decoded.replaced == 2


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_stray_windows_byte_in_utf8_text_is_read_as_cp1252(bom: bytes) -> None:
    good = "Grüße aus Köln: the café owners\u2019 groups, déjà vu"  # more good UTF-8 than stray bytes
    data = bom + good.encode() + b" and farmers\x92 groups \x93agreed\x94 \x81."
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == good + " and farmers’ groups “agreed” \ufffd."  # 0x81: undefined in cp1252
    assert decoded.replaced == 4


def test_a_stray_windows_letter_in_utf8_text_is_read_as_cp1252() -> None:
    """A letter byte alone between ASCII characters is no UTF-8 (no sequence is one byte long):
    a Windows program's letter, read as cp1252; a high byte beside another stays U+FFFD."""
    good = "Grüße aus Köln: the café owners\u2019 groups, déjà vu. " * 3
    decoded = decode_bytes(good.encode() + b"Dr P\xe1draig Mac Gr\xe9ine paid 5\x80; \xff\xfe.")
    assert decoded.encoding == "utf-8"
    assert decoded.text == good + "Dr Pádraig Mac Gréine paid 5€; \ufffd\ufffd."


@pytest.mark.parametrize("data", [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04rest", b"a\x00b\x00c" * 3 + b"\x00\x00\x00"])
def test_binary_is_refused_by_content(data: bytes) -> None:
    with pytest.raises(InputError):
        decode_bytes(data)


def test_newlines_and_controls() -> None:
    """A form feed (a page break) stays, on a line of its own; other controls go."""
    text, _ = repair_text("a\r\nb\rc\fd\x07e\u00a0\u00a0f\n\u00a0\n\x0b\x0e")
    assert text == "a\nb\nc\n\f\nde f\n\n"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except InputError:
        return
    repair_text(decoded.text)


def test_a_few_stray_nuls_in_a_page_do_not_make_it_binary() -> None:
    page = ("<p>" + "A paragraph of the article that goes on for a while. " * 40 + "</p>\n").encode() * 5
    data = page[:500] + b"\x00" + page[500:4000] + b"\x00\x00" + page[4000:]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    text, _ = repair_text(decoded.text)
    assert "\x00" not in text and text.count("A paragraph of the article") == 200
    with pytest.raises(InputError):  # one NUL in every 200 bytes is binary data
        decode_bytes(b"".join(page[i:i + 199] + b"\x00" for i in range(0, len(page), 199)))


@pytest.mark.parametrize(("data", "kind"), [
    (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Harbour</title>', "RSS or Atom feed"),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generated -->\n<feed xmlns="http://www.w3.org/2005/Atom">', "RSS or Atom"),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "a sitemap"),
])
def test_a_feed_or_sitemap_is_refused_with_what_to_do(config: Any, data: bytes, kind: str) -> None:
    """A list of links (a sitemap, a feed whose items are titles and teasers) holds no article."""
    result = process_file(RawFile("feed.xml", data + b"<item><title>Harbour wall</title></item>" * 20), config)
    [rejection] = result.rejections
    assert not result.documents and rejection.stage == "decode"
    assert kind in (rejection.detail or "") and "save the articles it links to" in (rejection.detail or "")


def test_an_html_page_or_xhtml_is_no_feed() -> None:
    page = b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>The feed of the rss</p>'
    assert decode_bytes(page).text.startswith("<?xml")


def test_an_icon_fonts_private_use_glyphs_are_no_text() -> None:
    assert repair_text("Configuring retries\uf0c1\nShare \U000f0001 this")[0] == "Configuring retries\nShare this"


def test_an_html_headings_permalink_glyph_leaves_the_title() -> None:
    page = ("<html><head><title>Configuring retries - tidepool docs</title></head><body><main>"
            "<h1>Configuring retries<a class='headerlink' href='#c'>&#61633;</a></h1>"
            + "<p>The harbour clients retry a failed request twice, then wait for the next tide table.</p>" * 4
            + "</main></body></html>")
    result = process_file(RawFile("docs.html", page.encode()), load_config())
    assert result.documents[0]["title"] == "Configuring retries"
    assert "\uf0c1" not in result.documents[0]["body"]
