"""Compressed files read as the file they hold: gzip, bzip2 and xz.

Scrapers and archives often store pages compressed (``page.html.gz``, ``dump.txt.xz``).
Such a file is inflated in memory and the result is read as any raw file is: decoded,
or read by the office, RTF or PDF readers when it is one of those. Only the standard
library's ``zlib``, ``bz2`` and ``lzma`` are used.

Limits, so a compression bomb costs bounded work: inflating stops after
``MAX_INFLATED`` bytes and the file is refused; one level is unpacked (a gzip inside a
gzip is refused as compressed data). A file of several concatenated streams (``cat a.gz
b.gz``) is read whole; bytes after the last stream that start no new one (padding) are
ignored, as ``gzip -d`` ignores them. A truncated or damaged stream is refused.
"""

from __future__ import annotations

import bz2
import lzma
import zlib
from collections.abc import Callable
from typing import Protocol

from flows.errors import BinaryInput

#: The most bytes one compressed file may inflate to (the office readers' budget).
MAX_INFLATED = 64 * 2**20


class _Decompressor(Protocol):
    @property
    def eof(self) -> bool: ...

    @property
    def unused_data(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int = ...) -> bytes: ...


class _Gzip:
    """``zlib``'s gzip decompressor in the shape of ``bz2``'s and ``lzma``'s."""

    def __init__(self) -> None:
        self._d = zlib.decompressobj(wbits=31)

    @property
    def eof(self) -> bool:
        return self._d.eof

    @property
    def unused_data(self) -> bytes:
        return self._d.unused_data

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        return self._d.decompress(data or self._d.unconsumed_tail, max_length)


#: Magic number, the format named with its article, a fresh decompressor.
_FORMATS: tuple[tuple[bytes, str, Callable[[], _Decompressor]], ...] = (
    (b"\x1f\x8b", "a gzip", _Gzip),
    (b"BZh", "a bzip2", bz2.BZ2Decompressor),
    (b"\xfd7zXZ\x00", "an xz", lzma.LZMADecompressor),
)
#: The names these formats give their files.
_SUFFIXES = frozenset({"gz", "gzip", "bz2", "xz"})


def inner_name(name: str) -> str:
    """The name of the file a compressed file holds: 'page.html.gz' → 'page.html'."""
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and suffix.lower() in _SUFFIXES else name


def unpack_compressed(data: bytes) -> bytes | None:
    """The bytes a gzip, bzip2 or xz file holds, or None when ``data`` is none of these."""
    for magic, name, new in _FORMATS:
        if data.startswith(magic) and (magic != b"BZh" or data[3:4] in b"123456789"):  # bzip2: its block size next
            try:
                return _inflate(data, magic, new, name)
            except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as exc:
                raise BinaryInput(f"{name} file that is damaged ({type(exc).__name__}): compress it again "
                                  "or put the file it holds in raw/") from None
    return None


def _inflate(data: bytes, magic: bytes, new: Callable[[], _Decompressor], name: str) -> bytes:
    out = bytearray()
    rest = data
    while rest.startswith(magic):
        stream = new()
        out += stream.decompress(rest, MAX_INFLATED + 1 - len(out))
        while not stream.eof and len(out) <= MAX_INFLATED:
            more = stream.decompress(b"", MAX_INFLATED + 1 - len(out))
            if not more and not stream.eof:
                raise EOFError("the stream ends before its end marker")
            out += more
        if len(out) > MAX_INFLATED:
            raise BinaryInput(f"{name} file that inflates to more than {MAX_INFLATED:,} bytes: "
                              "put the file it holds in raw/ uncompressed")
        rest = stream.unused_data
    return bytes(out)
