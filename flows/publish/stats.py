"""Corpus statistics for the publication files, aggregated batch by batch.

The io layer streams the Parquet datasets row group by row group and feeds each
``pyarrow.RecordBatch`` to a :class:`StatsAccumulator`; memory stays bounded by the
number of distinct sources, months, rules, languages, reasons and word counts, never
by the number of rows. :meth:`StatsAccumulator.result` returns plain JSON-able data
(the *stats dict*) that the card, the report and the Prefect artifacts are built from.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

#: Metadata fields whose coverage is reported: (label, column).
COVERAGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("authors", "authors"),
    ("date", "date_published"),
    ("url", "url"),
    ("language", "language"),
    ("publisher", "publisher"),
    ("section", "section"),
)

#: Language values that mean "not identified".
UNKNOWN_LANGUAGES: frozenset[str] = frozenset({"", "und", "unknown", "xx", "zxx", "mul"})

#: How many duplicate pairs are kept as examples.
MAX_DUPLICATE_EXAMPLES = 50
#: How many quarantined inputs are kept with their details (in reading order).
MAX_REJECT_EXAMPLES = 50
#: Characters of a reject's detail kept.
DETAIL_CHARS = 300
#: Distinct removed spans kept as examples per rule (first seen first), and their length.
MAX_RULE_SAMPLES = 3
SAMPLE_CHARS = 160
#: Documents listed per kind of outlier.
MAX_OUTLIERS = 10
#: A body with fewer words is listed as a few-word document.
FEW_WORDS = 50
#: A body with more characters per word than this is not ordinary prose (English averages ~6).
DENSE_CHARS_PER_WORD = 12.0
#: Metadata fields whose coverage is reported per source: (label, column).
SOURCE_COVERAGE: tuple[tuple[str, str], ...] = (("title", "title"), ("date", "date_published"), ("authors", "authors"))

#: Label used for a missing source, licence, stage or reason.
NONE_LABEL = "(none)"
#: Source of a rejected file the state does not name (e.g. a skipped symlink).
UNKNOWN_SOURCE = "(unknown)"
#: Counts reported per encoding.
ENCODING_COUNTS: tuple[str, ...] = ("documents", "replaced_characters", "damaged_documents")


def _column(batch: pa.RecordBatch, name: str) -> pa.Array | None:
    """Return the column *name* of *batch*, or None when the batch has no such column."""
    index = batch.schema.get_field_index(name)
    return None if index < 0 else batch.column(index)


def _non_empty_text(array: pa.Array) -> pa.Array:
    """Boolean mask: the string is not null and not only whitespace."""
    trimmed = pc.utf8_trim_whitespace(array)
    return pc.fill_null(pc.greater(pc.utf8_length(trimmed), 0), False)


def _present(array: pa.Array) -> pa.Array:
    """Boolean mask: the value counts as present (non-empty string or list, non-null)."""
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return _non_empty_text(array)
    if pa.types.is_list(array.type) or pa.types.is_large_list(array.type):
        return pc.fill_null(pc.greater(pc.list_value_length(array), 0), False)
    return pc.is_valid(array)


def _count_true(mask: pa.Array) -> int:
    """Number of true values in a boolean array."""
    value = pc.sum(pc.cast(mask, pa.int64())).as_py()
    return int(value or 0)


def _label(value: Any) -> str:
    """Group label for a possibly-null value."""
    if value is None:
        return NONE_LABEL
    text = str(value).strip()
    return text if text else NONE_LABEL


def _or_nulls(batch: pa.RecordBatch, name: str, data_type: pa.DataType) -> pa.Array:
    """The column *name* of *batch*, or nulls of *data_type* when it has none."""
    array = _column(batch, name)
    return array if array is not None else pa.nulls(batch.num_rows, data_type)


def _as_int(mask: pa.Array) -> pa.Array:
    """A boolean mask as 0/1 integers."""
    return pc.cast(mask, pa.int64())


def clip(text: Any, limit: int) -> str:
    """*text* on one line, cut to *limit* characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _value_counts(array: pa.Array) -> Iterable[tuple[Any, int]]:
    """(value, count) pairs of *array*, nulls included as None."""
    counts = pc.value_counts(array)
    values = counts.field("values").to_pylist()
    numbers = counts.field("counts").to_pylist()
    return zip(values, numbers, strict=True)


def _nice_width(raw: float) -> int:
    """Round a bin width up to 1, 2 or 5 times a power of ten (at least 1)."""
    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 5, 10):
        if step * power >= raw:
            return int(step * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def histogram(counts: Mapping[int, int], max_bins: int = 30, tail: float = 0.99) -> list[dict[str, Any]]:
    """Bin exact value counts into at most *max_bins* equal-width integer bins.

    Each bin is ``{"lo": lo, "hi": hi, "documents": n}`` and holds values
    ``lo <= v < hi``; widths are "nice" numbers so the axis reads well. When the
    largest value is more than twice the *tail* quantile, values from the end of the
    last regular bin on are gathered in one open bin with ``"hi": None`` so a few
    very long documents do not squash the chart.
    """
    if not counts:
        return []
    low, high = min(counts), max(counts)
    cut = quantile(counts, tail)
    top = cut if cut is not None and high > 2 * cut and cut > low else high
    width = _nice_width((top - low + 1) / max_bins)
    start = (low // width) * width
    edge = start + ((top - start) // width + 1) * width
    bins: dict[int, int] = {}
    overflow = 0
    for value, number in counts.items():
        if value >= edge:
            overflow += number
            continue
        key = start + ((value - start) // width) * width
        bins[key] = bins.get(key, 0) + number
    result: list[dict[str, Any]] = [
        {"lo": lo, "hi": lo + width, "documents": bins.get(lo, 0)} for lo in range(start, edge, width)
    ]
    if overflow:
        result.append({"lo": edge, "hi": None, "documents": overflow})
    return result


def _top(rows: list[dict[str, Any]], order: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The first MAX_OUTLIERS of *rows* in *order* (stable, so batching does not matter)."""
    for key, direction in reversed(order):
        rows = sorted(rows, key=lambda row: row[key], reverse=direction == "descending")
    return rows[:MAX_OUTLIERS]


def quantile(counts: Mapping[int, int], q: float) -> int | None:
    """The *q*-quantile (nearest rank) of values given as exact value counts."""
    total = sum(counts.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return max(counts)  # pragma: no cover - rank <= total


class StatsAccumulator:
    """Aggregate documents, paragraphs and rejects record batches into a stats dict."""

    def __init__(self) -> None:
        """Start with empty counters."""
        self.documents = 0
        self.paragraphs = 0
        self.rejects = 0
        self.source_docs: Counter[str] = Counter()
        self.source_words: Counter[str] = Counter()
        self.source_licences: dict[str, Counter[str]] = {}
        self.months: Counter[str] = Counter()
        self.undated = 0
        self.date_min: str | None = None
        self.date_max: str | None = None
        self.word_counts: Counter[int] = Counter()
        self.rule_removals: Counter[str] = Counter()
        self.rule_chars: Counter[str] = Counter()
        self.rule_docs: Counter[str] = Counter()
        self.coverage: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.reject_reasons: Counter[tuple[str, str]] = Counter()
        self.duplicates = 0
        self.duplicate_examples: list[dict[str, Any]] = []
        self.source_counts: dict[str, Counter[str]] = {}  # source → removals, duplicates, title, ...
        self.encodings: dict[str, Counter[str]] = {}  # encoding → documents, replaced, damaged
        self.rule_samples: dict[str, list[dict[str, Any]]] = {}
        self.reject_examples: list[dict[str, Any]] = []
        self.reject_files: Counter[str] = Counter()  # source_file → reject rows
        self.file_sources: dict[str, str] = {}  # source_file → source, for the files with rejects
        self.outliers: dict[str, list[dict[str, Any]]] = {"longest": [], "dense": [], "fewest_words": []}
        self.few_words = 0
        self.dense = 0
        self.characters = 0

    # ------------------------------------------------------------------ documents
    def add_documents(self, batch: pa.RecordBatch) -> None:
        """Fold one batch of ``documents`` rows into the counters."""
        rows = batch.num_rows
        if rows == 0:
            return
        self.documents += rows
        words = _column(batch, "word_count")
        if words is None:
            words = pa.nulls(rows, pa.int64())
        words = pc.fill_null(pc.cast(words, pa.int64()), 0)
        self._add_sources(batch, words)
        self._add_months(batch)
        for value, number in _value_counts(words):
            self.word_counts[int(value)] += number
        self._add_removed(batch)
        self._add_coverage(batch)
        self._add_languages(batch)
        self._add_duplicates(batch)
        self._add_source_counts(batch)
        self._add_encodings(batch)
        self._add_outliers(batch, words)
        self._add_file_sources(batch)

    def _add_sources(self, batch: pa.RecordBatch, words: pa.Array) -> None:
        """Documents, words and licences per source (catalogue name)."""
        rows = batch.num_rows
        source = _column(batch, "source")
        licence = _column(batch, "licence")
        table = pa.table(
            {
                "source": source if source is not None else pa.nulls(rows, pa.string()),
                "licence": licence if licence is not None else pa.nulls(rows, pa.string()),
                "words": words,
            }
        )
        grouped = table.group_by(["source", "licence"]).aggregate([([], "count_all"), ("words", "sum")])
        for src, lic, docs, total in zip(
            grouped.column("source").to_pylist(),
            grouped.column("licence").to_pylist(),
            grouped.column("count_all").to_pylist(),
            grouped.column("words_sum").to_pylist(),
            strict=True,
        ):
            key = _label(src)
            self.source_docs[key] += docs
            self.source_words[key] += int(total or 0)
            self.source_licences.setdefault(key, Counter())[_label(lic)] += docs

    def _add_months(self, batch: pa.RecordBatch) -> None:
        """Documents per publication month, undated documents, date range."""
        dates = _column(batch, "date_published")
        if dates is None:
            self.undated += batch.num_rows
            return
        if not pa.types.is_date32(dates.type):
            dates = pc.cast(dates, pa.date32())
        self.undated += dates.null_count
        valid = pc.drop_null(dates)
        if len(valid) == 0:
            return
        keys = pc.add(pc.multiply(pc.year(valid), 100), pc.month(valid))
        for key, number in _value_counts(keys):
            self.months[f"{key // 100:04d}-{key % 100:02d}"] += number
        low = pc.min(valid).as_py().isoformat()
        high = pc.max(valid).as_py().isoformat()
        self.date_min = low if self.date_min is None else min(self.date_min, low)
        self.date_max = high if self.date_max is None else max(self.date_max, high)

    def _add_removed(self, batch: pa.RecordBatch) -> None:
        """Removals, removed characters and affected documents per boilerplate rule."""
        removed = _column(batch, "removed")
        if removed is None:
            return
        flat = pc.list_flatten(removed)
        if len(flat) == 0:
            return
        parents = pc.list_parent_indices(removed)
        rules = pc.struct_field(flat, "rule")
        chars = pc.fill_null(pc.cast(pc.utf8_length(pc.struct_field(flat, "text")), pa.int64()), 0)
        table = pa.table({"rule": rules, "chars": chars, "doc": parents})
        per_rule = table.group_by("rule").aggregate([([], "count_all"), ("chars", "sum")])
        for rule, number, total in zip(
            per_rule.column("rule").to_pylist(),
            per_rule.column("count_all").to_pylist(),
            per_rule.column("chars_sum").to_pylist(),
            strict=True,
        ):
            self.rule_removals[_label(rule)] += number
            self.rule_chars[_label(rule)] += int(total or 0)
        # A document lives in exactly one batch, so distinct (rule, doc) pairs per
        # batch add up to documents affected per rule.
        pairs = table.group_by(["rule", "doc"]).aggregate([])
        for rule, number in _value_counts(pairs.column("rule").combine_chunks()):
            self.rule_docs[_label(rule)] += number
        source = pc.take(_or_nulls(batch, "source", pa.string()), parents)
        per_source = pa.table({"source": source, "chars": chars}).group_by("source").aggregate(
            [([], "count_all"), ("chars", "sum")]
        )
        for src, number, total in zip(
            per_source.column("source").to_pylist(),
            per_source.column("count_all").to_pylist(),
            per_source.column("chars_sum").to_pylist(),
            strict=True,
        ):
            counts = self.source_counts.setdefault(_label(src), Counter())
            counts["removals"] += number
            counts["removed_characters"] += int(total or 0)
        self._add_rule_samples(batch, rules, pc.struct_field(flat, "text"), parents)

    def _add_rule_samples(self, batch: pa.RecordBatch, rules: pa.Array, texts: pa.Array, parents: pa.Array) -> None:
        """Keep the first distinct spans each rule removed (reading order), with their file."""
        full = [rule for rule, kept in self.rule_samples.items() if len(kept) >= MAX_RULE_SAMPLES]
        table = pa.table({"rule": rules, "text": texts, "doc": parents})
        if full:
            table = table.filter(pc.invert(pc.fill_null(pc.is_in(table["rule"], pa.array(full, pa.string())), False)))
        if table.num_rows == 0:
            return
        # Without threads, group_by keeps the order in which keys first appear.
        distinct = table.group_by(["rule", "text"], use_threads=False).aggregate([("doc", "min")])
        files = pc.take(_or_nulls(batch, "source_file", pa.string()), distinct["doc_min"])
        for rule, text, source_file in zip(
            distinct["rule"].to_pylist(), distinct["text"].to_pylist(), files.to_pylist(), strict=True
        ):
            kept = self.rule_samples.setdefault(_label(rule), [])
            sample = clip(text or "", SAMPLE_CHARS)
            if len(kept) < MAX_RULE_SAMPLES and sample and all(k["text"] != sample for k in kept):
                kept.append({"text": sample, "source_file": source_file})

    def _add_coverage(self, batch: pa.RecordBatch) -> None:
        """Documents with each metadata field present."""
        for label, name in COVERAGE_FIELDS:
            array = _column(batch, name)
            if array is None:
                continue
            mask = _present(array)
            if name == "language":
                known = pc.invert(pc.is_in(pc.utf8_lower(array), pa.array(sorted(UNKNOWN_LANGUAGES))))
                mask = pc.and_(mask, pc.fill_null(known, False))
            self.coverage[label] += _count_true(mask)

    def _add_languages(self, batch: pa.RecordBatch) -> None:
        """Documents per language code."""
        language = _column(batch, "language")
        if language is None:
            return
        for value, number in _value_counts(language):
            code = _label(value).lower() if value is not None else NONE_LABEL
            self.languages[code] += number

    def _add_duplicates(self, batch: pa.RecordBatch) -> None:
        """Documents flagged as near-duplicates of a canonical document."""
        duplicate_of = _column(batch, "duplicate_of")
        if duplicate_of is None:
            return
        mask = pc.is_valid(duplicate_of)
        number = _count_true(mask)
        if number == 0:
            return
        self.duplicates += number
        room = MAX_DUPLICATE_EXAMPLES - len(self.duplicate_examples)
        if room <= 0:
            return
        names = [n for n in ("doc_id", "duplicate_of", "source_file", "title") if n in batch.schema.names]
        picked = batch.select(names).filter(mask).slice(0, room)
        self.duplicate_examples.extend(picked.to_pylist())

    def _add_source_counts(self, batch: pa.RecordBatch) -> None:
        """Per source: duplicates, undecodable characters and metadata coverage."""
        rows = batch.num_rows
        columns: dict[str, pa.Array] = {"source": _or_nulls(batch, "source", pa.string())}
        columns["duplicates"] = _as_int(pc.is_valid(_or_nulls(batch, "duplicate_of", pa.string())))
        replaced = _column(batch, "replaced_chars")
        columns["replaced_characters"] = (
            pc.fill_null(pc.cast(replaced, pa.int64()), 0) if replaced is not None else pa.nulls(rows, pa.int64())
        )
        for label, name in SOURCE_COVERAGE:
            array = _column(batch, name)
            columns[label] = _as_int(_present(array)) if array is not None else pa.nulls(rows, pa.int64())
        names = [name for name in columns if name != "source"]
        grouped = pa.table(columns).group_by("source").aggregate([(name, "sum") for name in names])
        for row in grouped.to_pylist():
            counts = self.source_counts.setdefault(_label(row["source"]), Counter())
            for name in names:
                counts[name] += int(row[f"{name}_sum"] or 0)

    def _add_encodings(self, batch: pa.RecordBatch) -> None:
        """Documents per encoding, with the undecodable characters (U+FFFD) they hold."""
        replaced = _column(batch, "replaced_chars")
        replaced = (
            pc.fill_null(pc.cast(replaced, pa.int64()), 0)
            if replaced is not None
            else pa.array([0] * batch.num_rows, pa.int64())
        )
        table = pa.table(
            {
                "encoding": _or_nulls(batch, "encoding", pa.string()),
                "replaced": replaced,
                "damaged": _as_int(pc.greater(replaced, 0)),
            }
        )
        grouped = table.group_by("encoding").aggregate([([], "count_all"), ("replaced", "sum"), ("damaged", "sum")])
        for row in grouped.to_pylist():
            counts = self.encodings.setdefault(_label(row["encoding"]).lower(), Counter())
            counts["documents"] += row["count_all"]
            counts["replaced_characters"] += int(row["replaced_sum"] or 0)
            counts["damaged_documents"] += int(row["damaged_sum"] or 0)

    def _add_outliers(self, batch: pa.RecordBatch, words: pa.Array) -> None:
        """The longest bodies, the highest characters per word and the fewest words."""
        body = _column(batch, "body")
        if body is None:
            return
        chars = pc.fill_null(pc.cast(pc.utf8_length(body), pa.int64()), 0)
        self.characters += int(pc.sum(chars).as_py() or 0)
        per_word = pc.divide(pc.cast(chars, pa.float64()), pc.cast(pc.max_element_wise(words, 1), pa.float64()))
        self.few_words += _count_true(pc.less(words, FEW_WORDS))
        self.dense += _count_true(pc.greater(per_word, DENSE_CHARS_PER_WORD))
        table = pa.table(
            {
                "doc_id": _or_nulls(batch, "doc_id", pa.string()),
                "source_file": _or_nulls(batch, "source_file", pa.string()),
                "title": _or_nulls(batch, "title", pa.string()),
                "words": words,
                "characters": chars,
                "chars_per_word": pc.round(per_word, 1),
            }
        )
        orders = {
            "longest": [("characters", "descending"), ("doc_id", "ascending")],
            "dense": [("chars_per_word", "descending"), ("doc_id", "ascending")],
            "fewest_words": [("words", "ascending"), ("doc_id", "ascending")],
        }
        for kind, order in orders.items():
            picked = table.sort_by(order).slice(0, MAX_OUTLIERS).to_pylist()
            self.outliers[kind] = _top(self.outliers[kind] + picked, order)

    def _add_file_sources(self, batch: pa.RecordBatch) -> None:
        """Remember the source of the files that have rejects (their rejects count per source)."""
        if not self.reject_files:
            return
        files = _column(batch, "source_file")
        source = _column(batch, "source")
        if files is None or source is None:
            return
        mask = pc.fill_null(pc.is_in(files, pa.array(sorted(self.reject_files), pa.string())), False)
        for rel, src in zip(pc.filter(files, mask).to_pylist(), pc.filter(source, mask).to_pylist(), strict=True):
            self.file_sources.setdefault(rel, _label(src))

    def add_file_sources(self, sources: Mapping[str, str]) -> None:
        """Sources of raw files (from the refresh state), for rejects of files without documents."""
        for rel, src in sources.items():
            self.file_sources.setdefault(rel, _label(src))

    # ------------------------------------------------------------------ other tables
    def add_paragraphs_count(self, rows: int) -> None:
        """Count *rows* paragraphs (e.g. from Parquet metadata, without reading them)."""
        self.paragraphs += rows

    def add_rejects(self, batch: pa.RecordBatch) -> None:
        """Fold one batch of ``rejects`` rows: counts per (stage, reason)."""
        rows = batch.num_rows
        if rows == 0:
            return
        self.rejects += rows
        stage = _column(batch, "stage")
        reason = _column(batch, "reason")
        table = pa.table(
            {
                "stage": stage if stage is not None else pa.nulls(rows, pa.string()),
                "reason": reason if reason is not None else pa.nulls(rows, pa.string()),
            }
        )
        files = _or_nulls(batch, "source_file", pa.string())
        for rel, number in _value_counts(files):
            self.reject_files[_label(rel)] += number
        room = MAX_REJECT_EXAMPLES - len(self.reject_examples)
        if room > 0:
            part = _or_nulls(batch, "part", pa.int32())
            detail = _or_nulls(batch, "detail", pa.string())
            for rel, number, st, rs, text in zip(
                files.slice(0, room).to_pylist(),
                part.slice(0, room).to_pylist(),
                table["stage"].slice(0, room).to_pylist(),
                table["reason"].slice(0, room).to_pylist(),
                detail.slice(0, room).to_pylist(),
                strict=True,
            ):
                self.reject_examples.append(
                    {
                        "source_file": rel,
                        "part": number,
                        "stage": _label(st),
                        "reason": _label(rs),
                        "detail": clip(text, DETAIL_CHARS) if text else "",
                    }
                )
        grouped = table.group_by(["stage", "reason"]).aggregate([([], "count_all")])
        for st, rs, number in zip(
            grouped.column("stage").to_pylist(),
            grouped.column("reason").to_pylist(),
            grouped.column("count_all").to_pylist(),
            strict=True,
        ):
            self.reject_reasons[(_label(st), _label(rs))] += number

    # ------------------------------------------------------------------ result
    def result(self) -> dict[str, Any]:
        """The stats dict: plain, JSON-able, deterministically ordered."""
        documents = self.documents
        words = sum(value * number for value, number in self.word_counts.items())

        def share(number: int) -> float:
            return round(number / documents, 4) if documents else 0.0

        rejects_by_source: Counter[str] = Counter()
        for rel, number in self.reject_files.items():
            rejects_by_source[self.file_sources.get(rel, UNKNOWN_SOURCE)] += number
        names = sorted(set(self.source_docs) | set(rejects_by_source), key=lambda n: (-self.source_docs[n], n))
        sources = []
        for name in names:
            counts = self.source_counts.get(name, Counter())
            docs = self.source_docs[name]
            sources.append(
                {
                    "source": name,
                    "documents": docs,
                    "words": self.source_words[name],
                    "licences": sorted(self.source_licences.get(name, {})),
                    "removals": counts["removals"],
                    "removed_characters": counts["removed_characters"],
                    "duplicates": counts["duplicates"],
                    "rejects": rejects_by_source[name],
                    "replaced_characters": counts["replaced_characters"],
                    "coverage": {
                        label: round(counts[label] / docs, 4) if docs else 0.0 for label, _ in SOURCE_COVERAGE
                    },
                }
            )
        rules = [
            {
                "rule": rule,
                "removals": self.rule_removals[rule],
                "characters": self.rule_chars[rule],
                "documents": self.rule_docs[rule],
            }
            for rule in sorted(
                self.rule_removals,
                key=lambda r: (-self.rule_removals[r], -self.rule_chars[r], r),
            )
        ]
        duplicates = sorted(self.duplicate_examples, key=lambda d: (str(d.get("duplicate_of")), str(d.get("doc_id"))))
        return {
            "documents": documents,
            "paragraphs": self.paragraphs,
            "rejects": self.rejects,
            "words": words,
            "sources": sources,
            "months": [{"month": m, "documents": self.months[m]} for m in sorted(self.months)],
            "undated": self.undated,
            "date_range": ({"min": self.date_min, "max": self.date_max} if self.date_min is not None else None),
            "word_count": {
                "min": min(self.word_counts) if self.word_counts else None,
                "median": quantile(self.word_counts, 0.5),
                "p10": quantile(self.word_counts, 0.1),
                "p90": quantile(self.word_counts, 0.9),
                "max": max(self.word_counts) if self.word_counts else None,
                "mean": round(words / documents, 1) if documents else None,
                "histogram": histogram(self.word_counts),
            },
            "rules": rules,
            "coverage": [
                {"field": label, "documents": self.coverage[label], "share": share(self.coverage[label])}
                for label, _ in COVERAGE_FIELDS
            ],
            "languages": [
                {"language": code, "documents": self.languages[code]}
                for code in sorted(self.languages, key=lambda c: (-self.languages[c], c))
            ],
            "reject_reasons": [
                {"stage": stage, "reason": reason, "count": self.reject_reasons[(stage, reason)]}
                for stage, reason in sorted(self.reject_reasons, key=lambda k: (-self.reject_reasons[k], k))
            ],
            "duplicates": {"count": self.duplicates, "examples": duplicates},
            "rejected": {"count": self.rejects, "examples": list(self.reject_examples)},
            "rule_samples": {rule: list(kept) for rule, kept in sorted(self.rule_samples.items())},
            "encodings": [
                {"encoding": name, **{k: self.encodings[name][k] for k in ENCODING_COUNTS}}
                for name in sorted(self.encodings, key=lambda e: (-self.encodings[e]["documents"], e))
            ],
            "outliers": {
                "characters": self.characters,
                "few_words": self.few_words,
                "few_words_limit": FEW_WORDS,
                "dense_count": self.dense,
                "dense_limit": DENSE_CHARS_PER_WORD,
                **{kind: list(rows) for kind, rows in self.outliers.items()},
            },
        }
