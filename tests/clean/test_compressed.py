"""Compressed raw files (gzip, bzip2, xz) are read as the file they hold; a bomb, a
truncated stream and a tar archive are quarantined with what to do. Synthetic files only."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
from collections.abc import Callable
from typing import Any

import pytest

from flows.clean.compressed import MAX_INFLATED, unpack_compressed
from flows.clean.pipeline import process_file, trace_file
from flows.errors import BinaryInput
from flows.model import RawFile

STORY = ("The harbour festival will move from July to August this year, the organisers said on Friday, "
         "because the quay is being resurfaced and will not be ready in time. The programme of concerts, "
         "boat races and food stalls stays the same, and tickets already bought remain valid.")
PAGE = ("<html><head><title>Harbour Festival Moves to August</title></head><body>"
        "<h1>Harbour Festival Moves to August</h1><p class='byline'>By Lena Ortiz, 4 May 2024</p>"
        f"<p>{STORY}</p><p>{STORY.replace('July', 'June')}</p></body></html>")

COMPRESSORS: list[Callable[[bytes], bytes]] = [gzip.compress, bz2.compress, lzma.compress]


@pytest.mark.parametrize("compress", COMPRESSORS, ids=["gzip", "bzip2", "xz"])
def test_a_compressed_page_is_read_as_the_page_it_holds(compress: Callable[[bytes], bytes], config: Any) -> None:
    result = process_file(RawFile("festival.html.gz", compress(PAGE.encode("utf-8"))), config)
    assert not result.rejections
    [doc] = result.documents
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == (
        "Harbour Festival Moves to August", ["Lena Ortiz"], "2024-05-04")
    assert STORY in doc["body"]


def test_a_compressed_text_in_a_legacy_encoding_is_decoded_after_inflating(config: Any) -> None:
    text = f"Café owners on the quay\n\n{STORY}\n\n{STORY}\n".encode("cp1252")
    [doc] = process_file(RawFile("notes.txt.gz", gzip.compress(text)), config).documents
    assert "Café" in doc["body"] or doc["title"] == "Café owners on the quay"
    assert STORY in doc["body"]


def test_docmill_explain_reads_a_compressed_file_as_a_run_does(config: Any) -> None:
    trace = trace_file(RawFile("festival.html.xz", lzma.compress(PAGE.encode("utf-8"))), config)
    assert STORY in trace.text


@pytest.mark.parametrize("compress", COMPRESSORS, ids=["gzip", "bzip2", "xz"])
def test_concatenated_streams_are_read_whole_and_padding_is_ignored(compress: Callable[[bytes], bytes]) -> None:
    assert unpack_compressed(compress(b"first part, ") + compress(b"second part") + b"\0" * 512) \
        == b"first part, second part"


@pytest.mark.parametrize("compress", COMPRESSORS, ids=["gzip", "bzip2", "xz"])
def test_a_bomb_is_refused_after_bounded_work(compress: Callable[[bytes], bytes], config: Any) -> None:
    bomb = compress(b"\0" * (MAX_INFLATED + 1024))
    assert len(bomb) < MAX_INFLATED // 100
    result = process_file(RawFile("bomb.txt.gz", bomb), config)
    assert not result.documents
    [rejection] = result.rejections
    assert rejection.stage == "decode" and "inflates to more than" in rejection.detail
    assert "put the file it holds in raw/ uncompressed" in rejection.detail


@pytest.mark.parametrize("compress", COMPRESSORS, ids=["gzip", "bzip2", "xz"])
def test_a_truncated_stream_is_quarantined_as_damaged(compress: Callable[[bytes], bytes], config: Any) -> None:
    whole = compress((STORY * 40).encode("utf-8"))
    result = process_file(RawFile("cut.txt.gz", whole[: len(whole) // 2]), config)
    assert not result.documents
    [rejection] = result.rejections
    assert "is damaged" in rejection.detail and "compress it again" in rejection.detail


def test_a_tar_archive_is_refused_with_what_to_do(config: Any) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        member = tarfile.TarInfo("story.txt")
        member.size = len(STORY)
        archive.addfile(member, io.BytesIO(STORY.encode("ascii")))
    [rejection] = process_file(RawFile("pages.tar.gz", buffer.getvalue()), config).rejections
    assert "a tar archive: put the files it holds in raw/" in rejection.detail


def test_what_is_not_compressed_is_left_alone() -> None:
    assert unpack_compressed(STORY.encode("ascii")) is None
    assert unpack_compressed(b"BZhello, a text that starts like bzip2") is None
    with pytest.raises(BinaryInput):
        unpack_compressed(b"BZh9" + b"not really bzip2 data")
