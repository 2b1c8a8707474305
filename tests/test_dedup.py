"""Exact and near-duplicates (MinHash LSH): across sources and runs, earliest seen is canonical."""

from __future__ import annotations

import itertools
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from flows.clean.pipeline import process_file
from flows.collection.dedup import (
    Signature,
    assign_duplicates,
    lsh_bands,
    normalise,
    permutations,
    signature,
    similarity,
)
from flows.config import DedupSettings
from flows.model import RawFile
from flows.store.config import load_dedup

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "raw").glob("*.txt"))
ORIGINAL = "004_41700bfd0b11befa.txt"  # "Building international solidarity with the Palestinians"
COPIED = "002_e0b5a366e7daef11.txt"
SETTINGS = DedupSettings()


def edited_copy(seed: Path) -> str:
    """The seed with its first paragraph rewritten and another footer, as a syndicating site would."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if len(line.split()) > 30 and not line.startswith("**"))
    lines[first] = ("In this piece, which first appeared on another site, the author looks back at how the movement "
                    "for Palestine grew in many countries this autumn, who took part in it, and what the people "
                    "involved in it now expect to happen over the coming months.")
    end = lines.index("PS:") if "PS:" in lines else len(lines)
    return "\n".join([*lines[:end], "", "Our editors at the Mirror Weekly thank the author for allowing us to share "
                       "this analysis with the readers of our northern edition."])


def seed_documents(config: Any) -> list[dict[str, Any]]:
    return [doc for seed in SEEDS for doc in process_file(RawFile(seed.name, seed.read_bytes()), config).documents]


# ---------------------------------------------------------------- pure
def test_settings_come_from_the_rules_folder() -> None:
    settings = load_dedup()
    assert (settings.shingle_words, settings.threshold, settings.num_perm) == (5, 0.7, 128)
    with pytest.raises(ValueError, match="threshold"):
        DedupSettings(threshold=1.5)


def test_signatures_are_deterministic_and_ignore_case_spacing_and_punctuation() -> None:
    a = signature("a", "The Council met, on Tuesday!\n\nIt voted.", SETTINGS)
    b = signature("b", "the council met on tuesday   it VOTED", SETTINGS)
    assert a.exact == b.exact and a.minhash == b.minhash and len(a.minhash) == 4 * SETTINGS.num_perm
    assert normalise("Grüße, Ünïcode!") == ["grüsse", "ünïcode"]  # casefold: ß is ss


def test_edited_and_exact_copies_of_a_seed_are_duplicates(config: Any) -> None:
    docs = seed_documents(config)
    original = next(d for d in docs if d["source_file"] == ORIGINAL)
    copy = process_file(RawFile("mirror/solidarity.txt", edited_copy(ROOT / "raw" / ORIGINAL).encode(), "mirror"),
                        config).documents[0]
    assert copy["body"] != original["body"]
    exact = process_file(RawFile("mirror/exact.txt", (ROOT / "raw" / COPIED).read_bytes(), "mirror"), config).documents[0]
    sigs = [signature(d["doc_id"], d["body"], SETTINGS) for d in [*docs, copy, exact]]
    assert similarity(sigs[-2].minhash, next(s for s in sigs if s.doc_id == original["doc_id"]).minhash) > 0.8
    duplicates = assign_duplicates(sigs, SETTINGS)
    canonical = {d["source_file"]: d["doc_id"] for d in docs if d["part"] == 0}
    assert duplicates == {copy["doc_id"]: canonical[ORIGINAL], exact["doc_id"]: canonical[COPIED]}


def test_unrelated_articles_are_never_duplicates(config: Any) -> None:
    """The seeds among themselves, and every regression case beside them."""
    docs = seed_documents(config)
    for case in sorted((ROOT / "tests" / "cases").glob("*/input.*")):
        docs.extend(process_file(RawFile(f"{case.parent.name}/{case.name}", case.read_bytes()), config).documents)
    sigs = [signature(d["doc_id"], d["body"], SETTINGS) for d in docs]
    assert len(sigs) > 25
    assert assign_duplicates(sigs, SETTINGS) == {}
    assert max(similarity(a.minhash, b.minhash) for a, b in itertools.combinations(sigs, 2)) < 0.3


def test_the_earliest_is_canonical_and_every_duplicate_points_at_it() -> None:
    body = " ".join(f"word{i}" for i in range(200))
    near = body.replace("word5 ", "changed ")
    sigs = [signature("first", body, SETTINGS), signature("second", near, SETTINGS),
            signature("third", body.upper(), SETTINGS), signature("fourth", near, SETTINGS)]
    assert assign_duplicates(sigs, SETTINGS) == {"second": "first", "third": "first", "fourth": "first"}
    assert assign_duplicates(sigs[::-1], SETTINGS) == {"second": "fourth", "third": "fourth", "first": "fourth"}
    assert assign_duplicates(sigs, DedupSettings(enabled=False)) == {}


def test_short_documents_are_only_exact_duplicates() -> None:
    short = [signature("a", "Library closed on Monday for repairs.", SETTINGS),
             signature("b", "Library closed on Tuesday for repairs.", SETTINGS),
             signature("c", "library closed on monday, for repairs", SETTINGS)]
    assert assign_duplicates(short, SETTINGS) == {"c": "a"}
    assert isinstance(short[0], Signature)


class _DatasketchIndex:
    """datasketch's own MinHashLSH behind docmill's index interface: the reference."""

    def __init__(self, settings: DedupSettings) -> None:
        from datasketch import MinHashLSH

        self.seed = settings.seed
        self.lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)

    def _lean(self, minhash: bytes):  # type: ignore[no-untyped-def]
        import numpy as np
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.seed, hashvalues=np.frombuffer(minhash, dtype="<u4").astype(np.uint32),
                           scheme="affine32")

    def query(self, minhash: bytes) -> list[str]:
        return list(self.lsh.query(self._lean(minhash)))

    def insert(self, doc_id: str, minhash: bytes) -> None:
        self.lsh.insert(doc_id, self._lean(minhash))


def _datasketch_duplicates(signatures: list[Signature], settings: DedupSettings) -> dict[str, str]:
    """The assignment as datasketch's own MinHashLSH makes it (what ``assign_duplicates`` must equal)."""
    return assign_duplicates(signatures, settings, index=_DatasketchIndex(settings))


def test_permutations_and_bands_are_datasketchs() -> None:
    """docmill's MinHash LSH is datasketch's, written out without the SciPy that importing datasketch loads."""
    import numpy as np
    from datasketch import MinHash
    from datasketch.lsh import _optimal_param

    for num_perm, seed in [(128, 1), (16, 0), (300, 7)]:
        ours = permutations(num_perm, seed)
        theirs = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        assert all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))
    for num_perm in (128, 64):
        for threshold in (0.1, 0.25, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
            assert lsh_bands(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5)
    with pytest.raises(ValueError, match="bands"):
        lsh_bands(1.0, 128)  # one band: datasketch refuses it too


def test_duplicates_are_those_datasketchs_lsh_finds() -> None:
    """Documents made of shared texts edited to every degree: near and far copies, exact and short ones."""
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(2000)]
    texts = [[rng.choice(vocabulary) for _ in range(rng.randint(10, 300))] for _ in range(40)]
    bodies = []
    for _ in range(400):
        words = list(rng.choice(texts))
        for _ in range(int(len(words) * rng.choice([0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0]))):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        bodies.append(" ".join(words))
    for settings in (SETTINGS, DedupSettings(threshold=0.5, num_perm=64, seed=3, shingle_words=3, min_words=10)):
        sigs = [signature(f"d{i}", body, settings) for i, body in enumerate(bodies)]
        expected = _datasketch_duplicates(sigs, settings)
        assert len(expected) > 30
        assert assign_duplicates(sigs, settings) == expected


# ---------------------------------------------------------------- across sources and runs, in the flow
def _rows(out: Path) -> dict[str, dict[str, Any]]:
    table = ds.dataset(out / "documents", format="parquet").to_table(columns=["doc_id", "source_file", "duplicate_of"])
    return {r["source_file"]: r for r in table.to_pylist()}


def test_copies_in_a_second_source_are_marked_on_refresh(prefect_harness: None, tmp_path: Path) -> None:
    from flows.orchestrate.etl import run

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    run(str(raw), str(out), workers=1)
    assert all(r["duplicate_of"] is None for r in _rows(out).values())
    (raw / "a-mirror").mkdir()  # sorts before the seeds: only history makes the seeds canonical
    (raw / "a-mirror" / "solidarity.txt").write_text(edited_copy(raw / ORIGINAL))
    shutil.copy(raw / COPIED, raw / "a-mirror" / "exact.txt")
    (raw / "sources.toml").write_text('[source.mirror-weekly]\npaths = ["a-mirror/"]\npublisher = "Mirror Weekly"\n')
    summary = run(str(raw), str(out), workers=1)
    assert summary["refresh"]["files_processed"] == 2  # only the copies are cleaned and hashed; the seeds are not
    assert summary["duplicates"] == 2
    rows = _rows(out)
    assert rows["a-mirror/solidarity.txt"]["duplicate_of"] == rows[ORIGINAL]["doc_id"]
    assert rows["a-mirror/exact.txt"]["duplicate_of"] == rows[COPIED]["doc_id"]
    assert [r["source_file"] for r in rows.values() if r["duplicate_of"]] == ["a-mirror/exact.txt",
                                                                              "a-mirror/solidarity.txt"]
    graph = json.loads(next((out / "jsonld").glob("*.jsonld")).read_text())["@graph"]
    same_as = {n["isBasedOn"]["name"]: n.get("sameAs") for n in graph}
    assert same_as["a-mirror/solidarity.txt"] == f"urn:docmill:{rows[ORIGINAL]['doc_id']}"
    index = pq.read_table(out / "state" / "documents.parquet").to_pylist()
    assert [r["seq"] for r in index] == list(range(8))
    seeds = ds.dataset(out / "documents", format="parquet").to_table(columns=["doc_id", "source_file"]).to_pylist()
    assert {r["doc_id"] for r in index[:6]} == {r["doc_id"] for r in seeds if not r["source_file"].startswith("a-")}
    assert all(len(r["minhash"]) == 4 * SETTINGS.num_perm for r in index)

    # the canonical document goes: its copy becomes canonical, though its file did not change
    (raw / ORIGINAL).unlink()
    summary = run(str(raw), str(out), workers=1)
    assert summary["refresh"]["files_processed"] == 0 and summary["duplicates"] == 1
    assert _rows(out)["a-mirror/solidarity.txt"]["duplicate_of"] is None
    from flows.cli import main

    assert main(["validate", str(out)]) == 0


def test_a_fresh_run_marks_later_copies(prefect_harness: None, tmp_path: Path) -> None:
    from flows.orchestrate.etl import run

    raw = tmp_path / "raw"
    (raw / "mirror").mkdir(parents=True)
    shutil.copy(ROOT / "raw" / ORIGINAL, raw / ORIGINAL)
    (raw / "mirror" / "copy.txt").write_text(edited_copy(ROOT / "raw" / ORIGINAL))
    summary = run(str(raw), str(tmp_path / "out"), workers=1)
    rows = _rows(tmp_path / "out")
    assert summary["duplicates"] == 1 and rows["mirror/copy.txt"]["duplicate_of"] == rows[ORIGINAL]["doc_id"]
