"""Tests for the benchmark corpus generator (benchmarks.corpus)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import ftfy
import pytest

from benchmarks import corpus
from benchmarks.corpus import (
    CorpusManifest,
    ensure_corpus,
    generate_corpus,
    load_seed_paragraphs,
    plan_corpus,
    to_mojibake,
)

SEEDS = Path(__file__).resolve().parents[1] / "raw"

# Markers only the HTML-debris step writes (the seeds themselves carry some anchor residue).
HTML_MARKERS = re.compile(r'<p>|<span class=|&nbsp;|<a href|</div>|<br />|&amp;|&#8217;|class="spip_out"')
# A cp1252 reading of a UTF-8 lead byte followed by a continuation byte.
MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a-\u2122\u0152\u0160\u017d]")


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus_1000(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CorpusManifest]:
    """A 1,000-file corpus with seed 7, generated once for the module."""
    out = tmp_path_factory.mktemp("corpus") / "c1000"
    return out, generate_corpus(out, 1_000, 7, SEEDS)


def _read_all(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.txt")}


def test_same_seed_gives_same_bytes_whatever_the_worker_count(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "a", 300, 3, SEEDS)
    generate_corpus(tmp_path / "b", 300, 3, SEEDS, workers=2)
    assert _tree_digest(tmp_path / "a") == _tree_digest(tmp_path / "b")


def test_other_seed_gives_other_files(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "a", 50, 1, SEEDS)
    generate_corpus(tmp_path / "b", 50, 2, SEEDS)
    assert _tree_digest(tmp_path / "a") != _tree_digest(tmp_path / "b")


def test_file_names_are_deterministic_and_spread_over_subfolders() -> None:
    first, second = plan_corpus(500, 0), plan_corpus(500, 0)
    assert [s.relpath for s in first] == [s.relpath for s in second]
    assert len({s.relpath for s in first}) == 500
    assert len({s.relpath.split("/")[0] for s in first}) >= 4
    assert all(re.fullmatch(r"[a-z-]+(/\d{4})?/\d{6}_[0-9a-f]{16}\.txt", s.relpath) for s in first)


def test_mix_matches_the_percentages(corpus_1000: tuple[Path, CorpusManifest]) -> None:
    root, manifest = corpus_1000
    files = _read_all(root)
    assert len(files) == 1_000
    undecodable = mojibake = html = multi = 0
    for data in files.values():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            undecodable += 1
            text = data.decode("cp1252", errors="replace")
        else:
            mojibake += bool(MOJIBAKE.search(text))
        html += bool(HTML_MARKERS.search(text))
        titles = sum(line.startswith("# ") for line in text.splitlines())
        multi += titles >= 2 and "\n---\n" in text
    share = {"mojibake": 0.10, "html": 0.10, "multi": 0.02, "cp1252": 0.01}
    found = {"mojibake": mojibake, "html": html, "multi": multi, "cp1252": undecodable}
    for name, expected in share.items():
        assert abs(found[name] / 1_000 - expected) <= 0.01, (name, found[name])
    assert manifest.mojibake_files == mojibake
    assert manifest.html_files == html
    assert manifest.multi_article_files == multi
    assert manifest.cp1252_files == undecodable


def test_cp1252_files_are_not_utf8_but_are_cp1252(
    corpus_1000: tuple[Path, CorpusManifest],
) -> None:
    root, manifest = corpus_1000
    flagged = [entry[0] for entry in manifest.entries if "c" in str(entry[2])]
    assert flagged
    for relpath in flagged:
        data = (root / str(relpath)).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert data.decode("cp1252").count("\n") > 10


def test_files_are_about_10_kb(corpus_1000: tuple[Path, CorpusManifest]) -> None:
    root, manifest = corpus_1000
    sizes = [len(data) for data in _read_all(root).values()]
    mean = sum(sizes) / len(sizes)
    assert 9_000 <= mean <= 11_500
    assert min(sizes) >= 2_000
    assert max(sizes) <= 40_000
    assert manifest.bytes_total == sum(sizes)


def test_bodies_are_seed_paragraphs(corpus_1000: tuple[Path, CorpusManifest]) -> None:
    root, manifest = corpus_1000
    pool, _ = load_seed_paragraphs(SEEDS)
    clean = [str(entry[0]) for entry in manifest.entries if entry[2] == ""][:50]
    for relpath in clean:
        text = (root / relpath).read_text(encoding="utf-8")
        assert sum(paragraph in text for paragraph in pool) >= 2, relpath


def test_seed_text_is_not_pasted_into_the_generator() -> None:
    source = Path(corpus.__file__).read_text(encoding="utf-8")
    pool, _ = load_seed_paragraphs(SEEDS)
    for paragraph in pool:
        words = paragraph.split()
        for start in range(0, len(words) - 8, 8):
            assert " ".join(words[start : start + 8]) not in source


def test_mojibake_is_utf8_read_as_cp1252_and_repairable() -> None:
    assert to_mojibake("it\u2019s \u201cfine\u201d \u2013 caf\u00e9") == (
        "it\u00e2\u20ac\u2122s \u00e2\u20ac\u0153fine\u00e2\u20ac\u009d \u00e2\u20ac\u201c caf\u00c3\u00a9"
    )
    pool, _ = load_seed_paragraphs(SEEDS)
    damaged = [p for p in pool if not p.isascii()][:10]
    assert damaged
    for paragraph in damaged:
        assert ftfy.fix_text(to_mojibake(paragraph), uncurl_quotes=False) == paragraph


def test_ensure_corpus_generates_once_then_reuses(tmp_path: Path) -> None:
    folder, manifest, reused = ensure_corpus(tmp_path, 40, 0, SEEDS)
    assert not reused
    assert folder == tmp_path / "corpus-40-0"
    assert (tmp_path / "corpus-40-0.json").is_file()
    assert {p.suffix for p in folder.rglob("*") if p.is_file()} == {".txt"}
    before = _tree_digest(folder)
    again, manifest_again, reused_again = ensure_corpus(tmp_path, 40, 0, SEEDS)
    assert reused_again and again == folder and manifest_again == manifest
    assert _tree_digest(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus-40-0", "corpus-40-0.json"]


def test_ensure_corpus_rebuilds_a_stale_cache(tmp_path: Path) -> None:
    folder, _, _ = ensure_corpus(tmp_path, 20, 0, SEEDS)
    manifest_path = tmp_path / "corpus-20-0.json"
    manifest_path.write_text(
        manifest_path.read_text().replace('"generator_version":', '"generator_version":9'),
        encoding="utf-8",
    )
    _, _, reused = ensure_corpus(tmp_path, 20, 0, SEEDS)
    assert not reused
    assert len(list(folder.rglob("*.txt"))) == 20


def test_generate_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(FileExistsError):
        generate_corpus(tmp_path, 5, 0, SEEDS)


def test_cli_help_and_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        corpus.main(["--help"])
    assert exit_info.value.code == 0
    assert "--files" in capsys.readouterr().out
    out = tmp_path / "cli"
    status = corpus.main(["--out", str(out), "--files", "25", "--seed", "0", "--seeds-dir", str(SEEDS)])
    assert status == 0
    assert "wrote 25 files" in capsys.readouterr().out
    assert len(list(out.rglob("*.txt"))) == 25


def test_cli_reports_missing_seeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = corpus.main(["--out", str(tmp_path / "o"), "--seeds-dir", str(tmp_path / "none")])
    assert status == 2
    assert "no seed files" in capsys.readouterr().err


# --------------------------------------------------------------------------- harness helpers (benchmarks.run)


def test_bench_run_help(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import run

    with pytest.raises(SystemExit) as exit_info:
        run.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--sizes", "--repeat", "--json", "--server"):
        assert option in text


def test_bench_ratios_pair_cases_within_a_repeat() -> None:
    from benchmarks.run import CaseResult, paired_ratio, summarise

    runs = [
        CaseResult("plain", 100, 0, True, run_s=10.0, documents=100, input_bytes=1_000_000),
        CaseResult("flow-1w", 100, 0, True, run_s=12.0, documents=100, input_bytes=1_000_000),
        CaseResult("plain", 100, 1, True, run_s=20.0, documents=100, input_bytes=1_000_000),
        CaseResult("flow-1w", 100, 1, True, run_s=22.0, documents=100, input_bytes=1_000_000),
        CaseResult("flow-1w", 100, 2, False, error="boom"),
    ]
    ratio = paired_ratio(runs, "flow-1w", "plain")
    assert ratio is not None
    assert ratio["values"] == [1.2, 1.1]
    assert ratio["median"] == pytest.approx(1.15)
    summary = summarise([r for r in runs if r.case == "plain"])
    assert summary["run_s"] == 15.0
    assert summary["docs_per_s"] == pytest.approx(7.5)
    assert summarise([runs[-1]]) == {"runs": 1, "ok": 0}
