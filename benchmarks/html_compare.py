"""HTML pages: docmill's BeautifulSoup extractor against trafilatura, quality and speed.

Every page under ``tests/html_eval/NN-slug/`` (``input.html`` + ``expect.toml``) goes
through every extractor, each followed by docmill's whole pipeline (``process_file``:
decode, repair, text cleaning, split, metadata, validate) exactly as a ``.html`` raw
file would: the extractor takes the place of ``extract_html`` for the call. Scores:

recall
    share of ``must_contain`` sentences found in the documents' bodies;
precision
    share of ``must_not_contain`` boilerplate (nav, footer, cookie banner, related links,
    comments, share buttons, ...) absent from the bodies;
title
    share of pages whose first document has the ``title`` of ``expect.toml``.

Whitespace runs are collapsed before comparing, as in ``tests/cases``. Speed is the
median of ``--repeat`` runs per page (after one warm-up run), all methods in the same
process: ``extract`` is the extractor alone on the decoded page, ``pipeline`` the whole
``process_file`` call; pages/s and MB/s (HTML bytes) over the sum of per-page medians.

The ``oracle`` row takes, per page, whichever of ``bs4`` and ``combined`` scores better
(recall first, then precision, then title): an upper bound for any per-page choice
between the two, which needs the answers and cannot run for real.

On a shared machine absolute speeds move from run to run; the interleaved timing keeps
the ratios between methods steady, so compare methods within one run.

Usage::

    python -m benchmarks.html_compare                 # all methods, per page and totals
    python -m benchmarks.html_compare --methods bs4,combined --repeat 9
    python -m benchmarks.html_compare --json html-compare.json
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from unittest import mock

from flows.clean import htmlpage
from flows.clean import pipeline as core_pipeline
from flows.clean.pipeline import process_file
from flows.config import PipelineConfig
from flows.model import Hints, RawFile, Removal

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "tests" / "html_eval"

Extractor = Callable[..., tuple[str, Hints, list[Removal]]]  # (page, max_depth=...)


@dataclass(frozen=True)
class EvalPage:
    """One page of the evaluation set and its expectations."""

    name: str
    data: bytes
    title: str | None
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]

    @property
    def html(self) -> str:
        return self.data.decode("utf-8")


@dataclass(frozen=True)
class Method:
    name: str
    description: str
    extract: Extractor


def _trafilatura_only(**options: Any) -> Extractor:
    """trafilatura alone: its text, no head hints, no removals audit."""

    def run(page: str, max_depth: int = htmlpage.MAX_DEPTH) -> tuple[str, Hints, list[Removal]]:
        page, _ = htmlpage.limit_depth(page, max_depth)
        return htmlpage.extract_trafilatura(page, **options), Hints(), []

    return run


def _combined(**options: Any) -> Extractor:
    def run(page: str, max_depth: int = htmlpage.MAX_DEPTH) -> tuple[str, Hints, list[Removal]]:
        return htmlpage.extract_combined(page, max_depth, **options)

    return run


_TXT = {"output_format": "txt", "include_links": False}
_MD = {"output_format": "markdown"}
METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            "bs4", "docmill's BeautifulSoup extractor (first <article>/<main>, chrome dropped by tag and class words)", htmlpage.extract_bs4
        ),
        Method("traf-txt", "trafilatura txt, default settings", _trafilatura_only(**_TXT)),
        Method("traf-txt-prec", "trafilatura txt, favor_precision", _trafilatura_only(**_TXT, favor_precision=True)),
        Method("traf-txt-recall", "trafilatura txt, favor_recall", _trafilatura_only(**_TXT, favor_recall=True)),
        Method(
            "traf-md-prec", "trafilatura markdown, favor_precision", _trafilatura_only(**_MD, include_links=False, favor_precision=True)
        ),
        Method("traf-md-links", "trafilatura markdown, links kept (docmill's settings)", _trafilatura_only(**_MD)),
        Method("traf-md-prec-links", "trafilatura markdown, links kept, favor_precision", _trafilatura_only(**_MD, favor_precision=True)),
        Method(
            "traf-fast-md-links",
            "trafilatura markdown, links kept, fast=True (no fallback extractors)",
            _trafilatura_only(**_MD, fast=True),
        ),
        Method(
            "combined",
            "docmill's extract_html: layout tables unwrapped, trafilatura markdown+links, head hints, "
            "removals audit, bs4 when trafilatura is empty",
            htmlpage.extract_html,
        ),
        Method("combined-prec", "the same with favor_precision", _combined(favor_precision=True)),
    )
}
ORACLE = "oracle"


@dataclass
class PageScore:
    found: int
    expected: int
    absent: int
    planted: int
    title_ok: bool
    extract_s: float = 0.0
    pipeline_s: float = 0.0
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load_pages(folder: Path = EVAL_DIR) -> list[EvalPage]:
    """The evaluation pages, in folder order."""
    pages = []
    for case in sorted(p for p in folder.iterdir() if p.is_dir()):
        expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
        pages.append(
            EvalPage(
                name=case.name,
                data=(case / "input.html").read_bytes(),
                title=expect.get("title"),
                must_contain=tuple(expect["must_contain"]),
                must_not_contain=tuple(expect["must_not_contain"]),
            )
        )
    return pages


def run_pipeline(page: EvalPage, config: PipelineConfig, extract: Extractor) -> list[dict[str, Any]]:
    """``process_file`` on the page as a .html raw file, with ``extract`` as the HTML extractor."""
    def extract_page(text: str, max_depth: int, editor_notes: Sequence[str] = ()) -> tuple[str, Hints, list[Removal]]:
        return extract(text, max_depth)  # every method on the same page, review comments and all

    with mock.patch.object(core_pipeline, "extract_html", extract_page):
        return process_file(RawFile(f"{page.name}.html", page.data), config).documents


def score(page: EvalPage, documents: Sequence[dict[str, Any]]) -> PageScore:
    """Recall, precision and title of one page's documents."""
    body = _ws("\n\n".join(doc["body"] for doc in documents))
    missed = [s for s in page.must_contain if _ws(s) not in body]
    leaked = [s for s in page.must_not_contain if _ws(s) in body]
    title = _ws(str(documents[0]["title"] or "")) if documents else ""
    return PageScore(
        found=len(page.must_contain) - len(missed),
        expected=len(page.must_contain),
        absent=len(page.must_not_contain) - len(leaked),
        planted=len(page.must_not_contain),
        title_ok=page.title is not None and title == _ws(page.title),
        missed=missed,
        leaked=leaked,
    )


def _seconds(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(pages: Sequence[EvalPage], config: PipelineConfig, methods: Sequence[str], repeat: int = 5) -> dict[str, list[PageScore]]:
    """Scores and median timings of every method on every page (plus the oracle row).

    Timing is interleaved: for each page and each repetition every method runs once in
    turn, so a busy spell on a shared machine slows all methods alike.
    """
    runnable = [METHODS[name] for name in methods if name != ORACLE]
    results: dict[str, list[PageScore]] = {m.name: [] for m in runnable}
    for page in pages:
        html = page.html
        scores = {m.name: score(page, run_pipeline(page, config, m.extract)) for m in runnable}  # also warms up
        extract: dict[str, list[float]] = {m.name: [] for m in runnable}
        whole: dict[str, list[float]] = {m.name: [] for m in runnable}
        for _ in range(repeat):
            for m in runnable:
                extract[m.name].append(_seconds(partial(m.extract, html)))
                whole[m.name].append(_seconds(partial(run_pipeline, page, config, m.extract)))
        for m in runnable:
            row = scores[m.name]
            if repeat:
                row.extract_s, row.pipeline_s = statistics.median(extract[m.name]), statistics.median(whole[m.name])
            results[m.name].append(row)
    if ORACLE in methods and "bs4" in results and "combined" in results:
        results[ORACLE] = [  # no timings of its own
            replace(max(a, b, key=lambda s: (s.found, s.absent, s.title_ok)), extract_s=0.0, pipeline_s=0.0)
            for a, b in zip(results["combined"], results["bs4"], strict=True)
        ]
    return results


@dataclass(frozen=True)
class Totals:
    recall: float
    precision: float
    title: float
    found: int
    expected: int
    absent: int
    planted: int
    extract_pages_s: float | None
    extract_mb_s: float | None
    pipeline_pages_s: float | None
    pipeline_mb_s: float | None


def totals(rows: Sequence[PageScore], pages: Sequence[EvalPage], timed: bool = True) -> Totals:
    found, expected = sum(r.found for r in rows), sum(r.expected for r in rows)
    absent, planted = sum(r.absent for r in rows), sum(r.planted for r in rows)
    megabytes = sum(len(p.data) for p in pages) / 1e6
    extract_s, pipeline_s = sum(r.extract_s for r in rows), sum(r.pipeline_s for r in rows)
    timed = timed and extract_s > 0 and pipeline_s > 0
    return Totals(
        recall=found / expected,
        precision=absent / planted,
        title=sum(r.title_ok for r in rows) / len(rows),
        found=found,
        expected=expected,
        absent=absent,
        planted=planted,
        extract_pages_s=len(rows) / extract_s if timed else None,
        extract_mb_s=megabytes / extract_s if timed else None,
        pipeline_pages_s=len(rows) / pipeline_s if timed else None,
        pipeline_mb_s=megabytes / pipeline_s if timed else None,
    )


def _fmt(value: float | None, pattern: str) -> str:
    return "-" if value is None else format(value, pattern)


def report(pages: Sequence[EvalPage], results: dict[str, list[PageScore]], details: bool = False, per_page: bool = True) -> str:
    """Per-page lines, the totals table and (optionally) what each method missed or leaked."""
    names = list(results)
    width = max(len(n) for n in names)
    out: list[str] = []
    if per_page:
        out += [
            "per page: must_contain found, planted boilerplate absent, title (T = right), "
            "median ms per page for the extractor alone and the whole pipeline",
            "",
        ]
        for index, page in enumerate(pages):
            out.append(f"{page.name} ({len(page.data) / 1000:.1f} kB)")
            for name in names:
                r = results[name][index]
                timing = f"{1000 * r.extract_s:6.1f} ms {1000 * r.pipeline_s:6.1f} ms" if r.pipeline_s else ""
                out.append(
                    f"  {name:<{width}}  {r.found}/{r.expected}  {r.absent:>2}/{r.planted:<2}  {'T' if r.title_ok else '.'}  {timing}"
                )
        out.append("")
    out += [f"{'method':<{width}}  recall          precision         title   extract pages/s  MB/s   pipeline pages/s  MB/s", ""]
    for name in names:
        t = totals(results[name], pages, timed=name != ORACLE)
        out.append(
            f"{name:<{width}}  {t.recall:.3f} ({t.found}/{t.expected})  {t.precision:.3f} ({t.absent}/{t.planted})"
            f"  {t.title:.2f}   {_fmt(t.extract_pages_s, '14.0f')} {_fmt(t.extract_mb_s, '5.2f')}"
            f"   {_fmt(t.pipeline_pages_s, '15.0f')} {_fmt(t.pipeline_mb_s, '5.2f')}"
        )
    out.append("")
    for name in names:
        described = METHODS[name].description if name in METHODS else "per page the better of bs4 and combined (uses the answers)"
        out.append(f"{name:<{width}}  {described}")
    if details:
        for name in names:
            out += ["", f"== {name}"]
            for page, r in zip(pages, results[name], strict=True):
                out += [f"  {page.name}: missed {s[:70]!r}" for s in r.missed]
                out += [f"  {page.name}: leaked {s[:70]!r}" for s in r.leaked]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.html_compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=EVAL_DIR, help="evaluation pages (default tests/html_eval)")
    parser.add_argument("--methods", default=",".join([*METHODS, ORACLE]), help=f"comma-separated, from: {', '.join([*METHODS, ORACLE])}")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page and method (median); 0: no timing")
    parser.add_argument("--details", action="store_true", help="list every missed sentence and leaked string")
    parser.add_argument("--summary", action="store_true", help="totals only, no per-page lines")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in METHODS and m != ORACLE]
    if unknown:
        parser.error(f"unknown method(s): {', '.join(unknown)}")

    from flows.store.config import load_config

    config = load_config(ROOT / "raw")
    pages = load_pages(args.dir)
    results = measure(pages, config, methods, args.repeat)
    print(f"{len(pages)} pages, {sum(len(p.data) for p in pages) / 1e6:.3f} MB, median of {args.repeat} runs\n")
    print(report(pages, results, args.details, per_page=not args.summary))
    if args.json:
        payload = {
            "pages": [p.name for p in pages],
            "repeat": args.repeat,
            "totals": {n: asdict(totals(r, pages, timed=n != ORACLE)) for n, r in results.items()},
            "per_page": {n: [asdict(s) for s in r] for n, r in results.items()},
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
