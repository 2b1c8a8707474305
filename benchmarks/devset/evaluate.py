"""Score docmill on the prepared real-page set: ``python -m benchmarks.devset.evaluate DEV``.

Runs the pure pipeline (the very ``process_file`` a run uses, with the package's rules)
over each variant's files in one process and prints one score line per variant and
split: F1 and the share of "with" snippets kept and "without" snippets removed, as the
peer scorer computes them. ``--split validation`` is fold 0 of 5 (pages the content
model was not trained on).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

from benchmarks.devset.common import VARIANTS, Score, fold_of, load_gold, page_names, require_outside_repo, run_variant
from flows.store.config import load_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev", type=Path, help="the prepared set (html/, markdown/, text/, gold.json)")
    parser.add_argument("--variants", default="markdown,text,html")
    parser.add_argument("--split", choices=("all", "validation", "train"), default="all")
    parser.add_argument("--no-model", action="store_true", help="without the content model (for comparison)")
    parser.add_argument("--json", type=Path, help="per-page missed and leaked snippets (outside the repo)")
    args = parser.parse_args(argv)
    gold = load_gold(args.dev)
    names = page_names(args.dev, args.split)
    config = load_config()
    if args.no_model:
        config = dataclasses.replace(config, content_model={})
    report = {}
    for variant in args.variants.split(","):
        if variant not in VARIANTS:
            parser.error(f"unknown variant {variant!r}")
        start = time.perf_counter()
        both = {"all": Score(), "validation": Score()}
        for name, documents, rejections in run_variant(args.dev, variant, names, config):
            both["all"].add(name, gold[name], documents, rejections)
            if fold_of(name) == 0:
                both["validation"].add(name, gold[name], documents, rejections)
        seconds = time.perf_counter() - start
        if args.split != "validation":
            print(both["all"].line(f"{variant} {args.split}") + f" seconds={seconds:.1f}")
        if args.split != "train":
            print(both["validation"].line(f"{variant} validation"))
        report[variant] = both["all"].per_page
    if args.json:
        require_outside_repo(args.json)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
