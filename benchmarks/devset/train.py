"""Learn the content model's weights from the prepared set: ``python -m benchmarks.devset.train DEV``.

1. Every page's markdown and text file goes through the pipeline up to the content
   model's hook (the very lines it would see); each block gets its features
   (``flows/clean/blocks.py``) and a label (``labels.py``: trafilatura on the page's
   HTML, overridden by the gold snippets).
2. A logistic regression is fitted on the blocks of the training folds (1-4; fold 0
   is the validation fold, see ``common.fold_of``): the shallow features, standardised,
   and the block's words (``flows/clean/lexicon.py``: every word seen on at least
   ``MIN_PAGES`` training pages, a block's words weighted by one over the square root
   of their number). L2 penalties, a stronger one on words; L-BFGS (scipy).
3. The weights, per feature with its mean and scale, per word, and the rule record go
   to ``flows/rules/content_model.json`` (or ``--out``); ``--all-folds`` fits on every page.

Deterministic: same set, same code, same file. Labels and features are cached under
``--work`` (default ``/tmp/docmill-train``), never in the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.devset.common import VALIDATION_FOLD, VARIANTS, fold_of, load_gold, page_names, require_outside_repo
from benchmarks.devset.labels import Reference, block_label, trafilatura_texts
from flows.clean import content
from flows.clean.blocks import FEATURES, block_features
from flows.clean.boilerplate import Cleaned
from flows.clean.lexicon import tokens
from flows.clean.pipeline import process_file
from flows.model import Line, RawFile
from flows.store.config import RULES_DIR, load_config

SEED = 12
L2 = 1.0
L2_WORDS = 10.0  # words are many and sparse: a stronger pull to zero than the shallow features
MIN_PAGES = 20  # a word gets a weight only when this many training pages hold it
MIN_WEIGHT = 0.05  # smaller word weights are left out of the file (they change no decision)


@dataclasses.dataclass
class Page:
    """One document part at the content model's hook: its lines, labels and features."""

    name: str
    variant: str
    lines: list[Line]  # copies, as the hook saw them
    labels: np.ndarray  # per block (non-blank line)
    kept: np.ndarray  # blocks the model may remove (not already ruled out)
    words: np.ndarray
    texts: list[str]
    features: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros((0, len(FEATURES))))

    def featurize(self) -> None:
        self.features = block_features(self.lines)[1]


def collect(dev: Path, variants: Sequence[str], names: Sequence[str], tf_texts: Mapping[str, str],
            gold: Mapping[str, dict[str, Any]]) -> list[Page]:
    """Lines and labels of every document part, captured at the content model's hook."""
    config = dataclasses.replace(load_config(), content_model={"capture": True})
    pages: list[Page] = []
    current: dict[str, Any] = {}

    def capture(lines: Sequence[Line], cleaned: Cleaned, data: Mapping[str, Any], params: Mapping[str, Any]) -> None:
        index = [i for i, line in enumerate(lines) if not line.blank]
        if not index:
            return
        ref = current["ref"]
        labels = np.array([block_label(lines[i].text, ref, current["gold"]) for i in index])
        kept = np.array([lines[i].kept for i in index])
        words = np.array([len(lines[i].text.split()) for i in index], dtype=float)
        texts = [lines[i].text for i in index]
        copies = [dataclasses.replace(line) for line in lines]
        pages.append(Page(current["name"], current["variant"], copies, labels, kept, words, texts))

    original = content.remove_boilerplate
    content.remove_boilerplate = capture  # type: ignore[assignment]
    try:
        for variant in variants:
            for name in names:
                path = dev / variant / f"{name}{VARIANTS[variant]}"
                if not path.is_file():
                    continue
                current.update(name=name, variant=variant, ref=Reference.of(tf_texts[name]), gold=gold[name])
                process_file(RawFile(path.name, path.read_bytes()), config)
    finally:
        content.remove_boilerplate = original  # type: ignore[assignment]
    for page in pages:
        page.featurize()
    return pages


def vocabulary(pages: Sequence[Page], min_pages: int = MIN_PAGES) -> dict[str, int]:
    """Column of every word held by the kept blocks of at least ``min_pages`` pages (sorted: reproducible)."""
    seen: dict[str, set[str]] = {}
    for page in pages:
        for text, kept in zip(page.texts, page.kept, strict=True):
            if kept:
                for token in tokens(text):
                    seen.setdefault(token, set()).add(page.name)
    return {token: j for j, token in enumerate(sorted(t for t, names in seen.items() if len(names) >= min_pages))}


def word_matrix(texts: Sequence[str], vocab: Mapping[str, int]) -> Any:
    """Sparse blocks × words: 1/sqrt(known words) where the block holds the word (as ``lexical_terms``)."""
    import scipy.sparse as sp  # training only

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, text in enumerate(texts):
        known = [vocab[t] for t in tokens(text) if t in vocab]
        rows += [r] * len(known)
        cols += known
        if known:
            vals += [1.0 / np.sqrt(len(known))] * len(known)
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab)))


def fit_sparse(x: np.ndarray, words: Any, y: np.ndarray, w: np.ndarray,
               l2_words: float = L2_WORDS) -> tuple[np.ndarray, np.ndarray, float]:
    """Weighted L2 logistic regression over standardised ``x`` and the sparse ``words`` (L-BFGS)."""
    import scipy.sparse as sp
    from scipy.optimize import minimize

    a = sp.hstack([sp.csr_matrix(x), words, sp.csr_matrix(np.ones((len(y), 1)))]).tocsr()
    reg = np.concatenate([np.full(x.shape[1], L2), np.full(words.shape[1], l2_words), [0.0]])

    def objective(beta: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ beta, -30, 30)))
        loss = -(w * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))).sum()
        return float(loss + 0.5 * (reg * beta * beta).sum()), a.T @ (w * (p - y)) + reg * beta

    beta = minimize(objective, np.zeros(a.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 3000}).x
    d = x.shape[1]
    return beta[:d], beta[d:-1], float(beta[-1])


def train(pages: Sequence[Page], l2_words: float = L2_WORDS, min_pages: int = MIN_PAGES) -> dict[str, Any]:
    """The model's data (bias, per-feature mean, scale, weight; per-word weight) from the pages' kept blocks."""
    x = np.vstack([p.features[p.kept] for p in pages])
    y = np.concatenate([p.labels[p.kept] for p in pages])
    words = np.concatenate([p.words[p.kept] for p in pages])
    texts = [t for p in pages for t, k in zip(p.texts, p.kept, strict=True) if k]
    mean = np.nanmean(x, axis=0)  # a feature a page cannot have (NaN) takes the mean, as at inference
    x = np.where(np.isnan(x), mean, x)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    vocab = vocabulary(pages, min_pages)
    weight, word_weight, bias = fit_sparse((x - mean) / scale, word_matrix(texts, vocab), y, 1.0 + np.log1p(words),
                                           l2_words)
    return {
        "bias": round(bias, 4),
        "features": {name: {"mean": round(float(m), 4), "scale": round(float(s), 4), "weight": round(float(v), 4)}
                     for name, m, s, v in zip(FEATURES, mean, scale, weight, strict=True)},
        "tokens": {token: round(float(word_weight[j]), 3) for token, j in vocab.items()
                   if abs(word_weight[j]) >= MIN_WEIGHT},
    }


def block_accuracy(model: Mapping[str, Any], pages: Sequence[Page]) -> str:
    compiled = content.ContentModel.from_data(model)
    right = total = 0.0
    for page in pages:
        p = compiled.probabilities(page.features, page.texts)[page.kept]
        y = page.labels[page.kept]
        w = 1.0 + np.log1p(page.words[page.kept])
        right += float((w * ((p >= 0.5) == (y >= 0.5))).sum())
        total += float(w.sum())
    return f"{right / max(total, 1):.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/docmill-train"))
    parser.add_argument("--out", type=Path, default=RULES_DIR / "content_model.json")
    parser.add_argument("--variants", default="markdown,text")
    parser.add_argument("--all-folds", action="store_true", help="train on every page (no validation fold left)")
    parser.add_argument("--l2-words", type=float, default=L2_WORDS, help="L2 penalty on the word weights")
    parser.add_argument("--min-pages", type=int, default=MIN_PAGES, help="training pages a word must be on")
    args = parser.parse_args(argv)
    require_outside_repo(args.work)
    np.random.seed(SEED)
    gold = load_gold(args.dev)
    names = page_names(args.dev)
    tf_texts = trafilatura_texts(args.dev, names, args.work)
    pages = collect(args.dev, args.variants.split(","), names, tf_texts, gold)
    training = [p for p in pages if args.all_folds or fold_of(p.name) != VALIDATION_FOLD]
    validation = [p for p in pages if fold_of(p.name) == VALIDATION_FOLD]
    model = train(training, l2_words=args.l2_words, min_pages=args.min_pages)
    print(f"blocks: train {sum(int(p.kept.sum()) for p in training)}, validation "
          f"{sum(int(p.kept.sum()) for p in validation)}; weighted block accuracy: train "
          f"{block_accuracy(model, training)}, validation {block_accuracy(model, validation)}")
    source = args.out if args.out.is_file() else RULES_DIR / "content_model.json"  # the rule record is kept as it is
    existing = json.loads(source.read_text(encoding="utf-8"))
    data = {
        "about": ("Content model of docmill (flows/clean/content.py): logistic weights over the block features of "
                  "flows/clean/blocks.py, per feature with the mean and scale it is standardised by, and a weight "
                  "per common word (tokens, flows/clean/lexicon.py). Rebuilt by `make train` from the prepared "
                  "real-page set; edit the rule's params, not the weights."),
        "rule": existing.get("rule") or {},
        "training": {"pages": len({p.name for p in training}), "variants": args.variants.split(","),
                     "folds": "all" if args.all_folds else "1-4 of 5 (fold 0 held out)", "l2": L2,
                     "l2_words": args.l2_words, "min_pages": args.min_pages, "seed": SEED,
                     "labels": "trafilatura on the page's HTML, overridden by the gold snippets"},
        "model": model,
    }
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
