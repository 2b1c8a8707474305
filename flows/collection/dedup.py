"""Exact and near-duplicate documents: MinHash signatures and canonical assignment (pure).

Workers compute one :func:`signature` per document while they clean (the bytes of a
body never travel twice); the parent calls :func:`assign_duplicates` over every
document in first-seen order. A document is a duplicate when its normalised body
equals an earlier one's (exact) or when MinHash LSH finds an earlier canonical
document whose estimated Jaccard similarity of word shingles reaches the threshold
(near). The earliest-seen document is canonical; a duplicate points at the canonical
document, never at another duplicate. Settings: ``flows/rules/dedup.toml``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
from datasketch import LeanMinHash, MinHash, MinHashLSH

from flows.clean.wordcount import NO_SPACE_CHARS
from flows.config import DedupSettings

SCHEME = "affine32"  # datasketch's permutation scheme: 32-bit hash values
# Runs of word characters (punctuation dropped), except that in scripts without spaces each
# character is a word, as count_words counts them: Chinese, Japanese and Thai documents get
# shingles (and min_words) like any other.
_WORD = re.compile(f"[{NO_SPACE_CHARS}]|[^\\W{NO_SPACE_CHARS}]+")

SIGNATURE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string(), False),
        ("exact", pa.string(), False),  # sha256 of the normalised body (first 32 hex digits)
        ("minhash", pa.binary(), False),  # num_perm little-endian uint32 values
        ("words", pa.int32(), False),  # normalised words
    ],
    metadata={"docmill.schema": "signature"},
)


@dataclass(frozen=True, slots=True)
class Signature:
    """What deduplication needs from one document."""

    doc_id: str
    exact: str
    minhash: bytes
    words: int


def normalise(body: str) -> list[str]:
    """Words of a body, case-folded and NFKC-normalised: punctuation and spacing do not count."""
    if not unicodedata.is_normalized("NFKC", body):  # a quick check, ten times cheaper than normalising
        body = unicodedata.normalize("NFKC", body)
    return _WORD.findall(body.casefold())


@functools.lru_cache(maxsize=8)
def _template(num_perm: int, seed: int) -> MinHash:
    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME)


@functools.lru_cache(maxsize=1 << 17)
def _word_hash(word: str) -> int:
    """A stable 64-bit hash of one word (blake2b; Python's ``hash`` changes per process)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


_SHINGLE_BASE = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime: an odd multiplier, so no word hash is lost


def shingle_hashes(words: Sequence[str], size: int) -> np.ndarray:
    """32-bit hashes of every run of ``size`` consecutive words (one run if there are fewer words).

    Each word is hashed once; a shingle's hash is a polynomial over its words' hashes
    (arithmetic modulo 2**64, vectorised with NumPy), folded to 32 bits, instead of
    hashing each shingle's text in a Python call of its own. Duplicate shingles give equal hashes, and
    MinHash keeps only minima, so the set semantics hold without building a set.
    """
    hashes = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    runs = max(1, len(words) - size + 1)
    width = min(size, len(words))
    acc = np.zeros(runs, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(width):
            acc = acc * _SHINGLE_BASE + hashes[k : k + runs]
    return ((acc >> np.uint64(32)) ^ (acc & np.uint64(0xFFFFFFFF))).astype(np.uint32)


def signature(doc_id: str, body: str, settings: DedupSettings) -> Signature:
    """The exact key and the MinHash of one body's word shingles.

    The permutations are datasketch's own (``affine32``: ``a * h + b`` modulo 2**32 with
    the seed's ``a`` and ``b``), applied to every shingle hash at once; the minima are
    the signature that ``LeanMinHash`` and ``MinHashLSH`` read back.
    """
    words = normalise(body)
    exact = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:32]
    a, b = _template(settings.num_perm, settings.seed).permutations
    hashes = shingle_hashes(words, settings.shingle_words)
    permuted = np.multiply(a[:, None], hashes[None, :])  # one row per permutation, wrapping uint32
    permuted += b[:, None]
    values = permuted.min(axis=1).astype("<u4")
    return Signature(doc_id, exact, values.tobytes(), len(words))


def signatures_table(records: Sequence[Mapping[str, Any]], settings: DedupSettings) -> pa.Table:
    """Signatures of document records, as an Arrow table (computed in the batch workers)."""
    rows = [signature(r["doc_id"], r["body"], settings) for r in records]
    return pa.Table.from_pydict(
        {"doc_id": [s.doc_id for s in rows], "exact": [s.exact for s in rows],
         "minhash": [s.minhash for s in rows], "words": [s.words for s in rows]},
        schema=SIGNATURE_SCHEMA,
    )


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal hash values)."""
    return float(np.mean(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")))


def assign_duplicates(signatures: Iterable[Signature], settings: DedupSettings) -> dict[str, str]:
    """``doc_id → canonical doc_id`` for every duplicate, in first-seen order.

    ``signatures`` must come earliest first. Each document is compared with the
    canonical documents before it: the same exact key, or (for documents of at least
    ``min_words`` words) an LSH candidate whose estimated similarity reaches the
    threshold; among several, the earliest wins. Deterministic for the same input.
    """
    if not settings.enabled:
        return {}
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    order: dict[str, int] = {}
    canonical_by_exact: dict[str, str] = {}
    minhashes: dict[str, bytes] = {}
    duplicates: dict[str, str] = {}
    for position, sig in enumerate(signatures):
        canonical = canonical_by_exact.get(sig.exact)
        lean = None
        if canonical is None and sig.words >= settings.min_words:
            lean = _lean(sig.minhash, settings.seed)
            close = [key for key in lsh.query(lean)
                     if similarity(sig.minhash, minhashes[key]) >= settings.threshold]
            canonical = min(close, key=order.__getitem__) if close else None
        if canonical is not None:
            duplicates[sig.doc_id] = canonical
            canonical_by_exact.setdefault(sig.exact, canonical)
            continue
        canonical_by_exact.setdefault(sig.exact, sig.doc_id)
        if sig.words >= settings.min_words:
            order[sig.doc_id] = position
            minhashes[sig.doc_id] = sig.minhash
            lsh.insert(sig.doc_id, lean or _lean(sig.minhash, settings.seed))
    return duplicates


def _lean(minhash: bytes, seed: int) -> LeanMinHash:
    values = np.frombuffer(minhash, dtype="<u4").astype(np.uint32)
    return LeanMinHash(seed=seed, hashvalues=values, scheme=SCHEME)
