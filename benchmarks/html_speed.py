"""docmill's HTML path beside trafilatura, same pages, same process: ``python -m benchmarks.html_speed DEV``.

Each page of ``DEV/html`` (the prepared real-page set) is run by every contender in turn,
so that load from other work falls on all of them alike: ``trafilatura.extract`` on the
raw bytes, docmill's ``process_file`` (decode, extract, clean, metadata, validate) and
``extract_html`` alone. Then the parts of ``extract_html`` are timed one by one (parse,
depth probe, page metadata, layout tables, trafilatura, lead paragraph, removals audit).
One process, one core; a few pages warm every library first.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import trafilatura

from flows.clean import htmlpage, pagemeta
from flows.clean.decode import decode_bytes
from flows.clean.pipeline import process_file, warm_up
from flows.errors import DocmillError
from flows.model import RawFile
from flows.store.config import load_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev", type=Path, help="the prepared set (its html/ folder is read)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    args = parser.parse_args(argv)
    pages = sorted((args.dev / "html").iterdir())[: args.limit or None]
    data = []
    for path in pages:
        raw = path.read_bytes()
        try:
            data.append((path.name, raw, decode_bytes(raw).text))
        except DocmillError:
            continue
    config = load_config()
    warm_up()
    for name, raw, text in data[:5]:
        process_file(RawFile(name, raw), config)
        trafilatura.extract(raw)
        htmlpage.extract_html(text)
    totals = {"trafilatura.extract": 0.0, "docmill process_file": 0.0, "docmill extract_html": 0.0}
    for name, raw, text in data:
        start = time.perf_counter()
        trafilatura.extract(raw)
        middle = time.perf_counter()
        process_file(RawFile(name, raw), config)
        end = time.perf_counter()
        htmlpage.extract_html(text)
        totals["trafilatura.extract"] += middle - start
        totals["docmill process_file"] += end - middle
        totals["docmill extract_html"] += time.perf_counter() - end
    for label, seconds in totals.items():
        print(f"{label:22} {len(data) / seconds:6.1f} pages/s  ({seconds:.1f} s, {len(data)} pages)")
    parts = _parts([text for _, _, text in data])
    print("extract_html by part:", ", ".join(f"{k} {1000 * v / len(data):.1f} ms" for k, v in parts.items()))
    return 0


def _parts(texts: list[str]) -> dict[str, float]:
    """Seconds spent in each step of ``extract_html`` (the steps called one by one)."""
    parts = dict.fromkeys(("parse", "depth probe", "page metadata", "layout tables", "trafilatura", "lead", "audit"), 0.0)
    for text in texts:
        marks = [time.perf_counter()]
        tree = htmlpage.parse_page(text)
        marks.append(time.perf_counter())
        if tree is None:
            continue
        htmlpage.reaches_depth(tree)
        marks.append(time.perf_counter())
        hints = pagemeta.head_hints(tree)
        marks.append(time.perf_counter())
        htmlpage.unwrap_layout_tables(tree)
        marks.append(time.perf_counter())
        extracted = htmlpage.extract_trafilatura(tree)
        marks.append(time.perf_counter())
        pagemeta.leads(tree, hints)
        marks.append(time.perf_counter())
        htmlpage.removed_blocks(tree, extracted)
        marks.append(time.perf_counter())
        for name, before, after in zip(parts, marks, marks[1:], strict=False):
            parts[name] += after - before
    return parts


if __name__ == "__main__":
    raise SystemExit(main())
