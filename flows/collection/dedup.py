"""Exact and near-duplicate documents: MinHash signatures and canonical assignment (pure).

Workers compute one :func:`signature` per document while they clean (the bytes of a
body never travel twice); the parent calls :func:`assign_duplicates` over every
document in first-seen order. A document is a duplicate when its normalised body
equals an earlier one's (exact) or when MinHash LSH finds an earlier canonical
document whose estimated Jaccard similarity of word shingles reaches the threshold
(near). The earliest-seen document is canonical; a duplicate points at the canonical
document, never at another duplicate. Settings: ``flows/rules/dedup.toml``.

The permutations, the choice of bands and rows and the band index are datasketch's
MinHash LSH (scheme ``affine32``, ``MinHashLSH``'s default weights), written out here
in NumPy: importing datasketch imports SciPy, which would cost every run a large share
of its start-up. The tests check every one of them against datasketch itself.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from flows.clean.wordcount import NO_SPACE_CHARS
from flows.config import DedupSettings

SCHEME = "affine32"  # datasketch's permutation scheme: 32-bit hash values (a * h + b modulo 2**32, odd a)
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
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``a`` and ``b`` of ``num_perm`` affine permutations, drawn as datasketch's
    ``MinHash(num_perm, seed, scheme="affine32")`` draws them."""
    draw = np.random.RandomState(seed)
    a = draw.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


#: Gauss-Legendre nodes and weights on [-1, 1], used on each of ``_PANELS`` panels: the
#: probabilities below are polynomials in the similarity of degree up to ``num_perm``.
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(24)
_PANELS = 16


def _integrals(low: float, high: float, function: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``function``'s rows integrated over [low, high] (each row one (bands, rows) pair)."""
    edges = np.linspace(low, high, _PANELS + 1)
    middle, half = (edges[:-1] + edges[1:]) / 2, (edges[1:] - edges[:-1]) / 2
    points = (middle[:, None] + half[:, None] * _NODES[None, :]).ravel()
    weights = (half[:, None] * _WEIGHTS[None, :]).ravel()
    return np.asarray(function(points[None, :]) @ weights)


@functools.lru_cache(maxsize=8)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) of the LSH index: the pair, among all with bands × rows at
    most ``num_perm``, that minimises the mean of the false-positive and false-negative
    probabilities around ``threshold``, the first in datasketch's order on a tie (as
    ``MinHashLSH(threshold, num_perm)`` chooses them).
    """
    pairs = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    bands = np.array([b for b, _ in pairs], dtype=float)[:, None]
    rows = np.array([r for _, r in pairs], dtype=float)[:, None]
    false_positive = _integrals(0.0, threshold, lambda s: 1 - (1 - s**rows) ** bands)
    false_negative = _integrals(threshold, 1.0, lambda s: (1 - s**rows) ** bands)
    best = pairs[int(np.argmin(false_positive * 0.5 + false_negative * 0.5))]  # argmin: the first minimum
    if best[0] < 2:
        raise ValueError(f"threshold {threshold} needs fewer than 2 LSH bands of {num_perm} permutations")
    return best


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
    a, b = permutations(settings.num_perm, settings.seed)
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


class LshIndex(Protocol):
    """Where canonical documents are found again by their MinHash signature."""

    def query(self, minhash: bytes) -> Iterable[str]: ...

    def insert(self, doc_id: str, minhash: bytes) -> None: ...


class BandIndex:
    """MinHash LSH as datasketch's ``MinHashLSH(threshold, num_perm)`` builds it: the
    signature cut into ``bands`` of ``rows`` values, one table per band; a candidate shares
    every value of at least one band."""

    def __init__(self, settings: DedupSettings) -> None:
        self.bands, rows = lsh_bands(settings.threshold, settings.num_perm)
        self.width = rows * 4  # bytes of one band: rows little-endian uint32 values
        self.tables: list[dict[bytes, list[str]]] = [{} for _ in range(self.bands)]

    def _keys(self, minhash: bytes) -> list[bytes]:
        return [minhash[band * self.width:(band + 1) * self.width] for band in range(self.bands)]

    def query(self, minhash: bytes) -> set[str]:
        return {key for table, band_key in zip(self.tables, self._keys(minhash), strict=True)
                for key in table.get(band_key, ())}

    def insert(self, doc_id: str, minhash: bytes) -> None:
        for table, band_key in zip(self.tables, self._keys(minhash), strict=True):
            table.setdefault(band_key, []).append(doc_id)


def assign_duplicates(signatures: Iterable[Signature], settings: DedupSettings,
                      index: LshIndex | None = None) -> dict[str, str]:
    """``doc_id → canonical doc_id`` for every duplicate, in first-seen order.

    ``signatures`` must come earliest first. Each document is compared with the
    canonical documents before it: the same exact key, or (for documents of at least
    ``min_words`` words) an LSH candidate (``index``, a ``BandIndex`` unless given) whose
    estimated similarity reaches the threshold; among several, the earliest wins.
    Deterministic for the same input.
    """
    if not settings.enabled:
        return {}
    index = index if index is not None else BandIndex(settings)
    order: dict[str, int] = {}
    canonical_by_exact: dict[str, str] = {}
    minhashes: dict[str, bytes] = {}
    duplicates: dict[str, str] = {}
    for position, sig in enumerate(signatures):
        canonical = canonical_by_exact.get(sig.exact)
        if canonical is None and sig.words >= settings.min_words:
            close = [key for key in index.query(sig.minhash) if similarity(sig.minhash, minhashes[key]) >= settings.threshold]
            canonical = min(close, key=order.__getitem__) if close else None
        if canonical is not None:
            duplicates[sig.doc_id] = canonical
            canonical_by_exact.setdefault(sig.exact, canonical)
            continue
        canonical_by_exact.setdefault(sig.exact, sig.doc_id)
        if sig.words >= settings.min_words:
            order[sig.doc_id] = position
            minhashes[sig.doc_id] = sig.minhash
            index.insert(sig.doc_id, sig.minhash)
    return duplicates
