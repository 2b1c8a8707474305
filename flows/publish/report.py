"""The run report: one self-contained HTML page (inline CSS and SVG, no external URL).

It answers a maintainer's questions, one section each: how each source fares
(documents, words, metadata coverage, removals, duplicates, rejects); what was
quarantined and why, file by file; what the last refreshes changed (the manifest's
run history); which encodings were read and how much text was damaged; what each
boilerplate rule removed, with examples; which documents are outliers; documents
per month, word counts, metadata coverage, languages and duplicates. Every chart
has a table with the numbers; long lists are capped and say how many were left out.
Also :func:`report_artifacts`, the summary the Prefect flow publishes as artifacts.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from flows.publish import charts
from flows.publish.card import fmt_int, fmt_share, md_table, plural
from flows.publish.meta import DatasetMeta

#: At most this many bars in a per-category chart; the rest are summed as "other".
MAX_BARS = 20
#: Beyond this many months the chart shows years.
MAX_MONTHS = 120
#: Tables longer than this are collapsed.
MAX_TABLE_ROWS = 25
#: Runs of the manifest's history shown, newest first.
MAX_RUNS = 12
#: Quarantined inputs listed in the Prefect markdown artifact.
MAX_ARTIFACT_REJECTS = 10

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;
margin:0 auto;max-width:1080px;padding:16px 28px 48px;line-height:1.45;background:#fff}
h1{font-size:1.6em;margin:.4em 0 .1em}h2{font-size:1.2em;margin:1.8em 0 .5em;border-bottom:1px solid #ddd;
padding-bottom:.2em}.meta{color:#555;font-size:.9em;margin:0 0 1em}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:1em 0}.card{border:1px solid #ddd;border-radius:6px;
padding:8px 14px;min-width:110px;background:#f8f9fb}.card b{display:block;font-size:1.35em}
.card span{color:#555;font-size:.85em}
table{border-collapse:collapse;margin:.6em 0 1em;font-size:.88em}th,td{border:1px solid #ddd;
padding:3px 8px;text-align:left;vertical-align:top}th{background:#f1f3f6}td.n{text-align:right;
font-variant-numeric:tabular-nums}figure{margin:.4em 0}figure svg{max-width:100%;height:auto}
nav a{margin-right:12px;font-size:.9em}.empty{color:#777;font-style:italic}.note{color:#555;font-size:.85em}
details{margin:.3em 0 1em}summary{cursor:pointer;color:#3b6ea8}h3{font-size:1em;margin:1.2em 0 .3em}
td.t{max-width:520px;overflow-wrap:anywhere;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.92em}
"""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("sources", "Sources"),
    ("quarantine", "Quarantine"),
    ("refresh", "Refresh history"),
    ("encodings", "Encodings and repairs"),
    ("rules", "Boilerplate removed"),
    ("outliers", "Outliers"),
    ("words", "Word counts"),
    ("months", "Documents per month"),
    ("coverage", "Metadata coverage"),
    ("languages", "Languages"),
    ("duplicates", "Duplicates"),
)


def esc(value: Any) -> str:
    """HTML-escape any value."""
    return html.escape(str(value), quote=True)


def html_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = (), text: Sequence[int] = ()
) -> str:
    """An HTML table; columns in *numeric* are right-aligned, those in *text* hold quoted text."""

    def cell(i: int, value: Any) -> str:
        if i in numeric:
            return f'<td class="n">{esc(value)}</td>'
        if i in text:
            return f'<td class="t">{esc(value)}</td>'
        return f"<td>{esc(value)}</td>"

    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(cell(i, value) for i, value in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def more(shown: int, total: int, what: str) -> str:
    """``"… and 12 more rejected inputs."`` when *total* exceeds *shown*, else empty."""
    if total <= shown:
        return ""
    return f'<p class="note">… and {fmt_int(total - shown)} more {esc(what)} (the first {fmt_int(shown)} are listed).</p>'


def pct(share: float) -> str:
    """A 0..1 share as a whole percentage."""
    return f"{share * 100:.0f}%"


def _figure(svg: str) -> str:
    return f"<figure>{svg}</figure>"


def _empty(text: str) -> str:
    return f'<p class="empty">{esc(text)}</p>'


def top_caption(rows: Sequence[Any], what: str, limit: int = MAX_BARS) -> str:
    """A caption saying the chart shows only the first *limit* of *rows*."""
    if len(rows) <= limit:
        return ""
    return f'<p class="note">The chart shows the first {limit} of {len(rows):,} {what}; the table lists all.</p>'


def long_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = (), limit: int = MAX_TABLE_ROWS
) -> str:
    """A table showing its first *limit* rows; the rest folded in a <details> element."""
    if len(rows) <= limit:
        return html_table(headers, rows, numeric)
    rest = html_table(headers, rows[limit:], numeric)
    return (
        html_table(headers, rows[:limit], numeric)
        + f"<details><summary>{len(rows) - limit:,} more rows</summary>{rest}</details>"
    )


def month_series(months: Sequence[Mapping[str, Any]]) -> list[tuple[str, int]]:
    """Documents per month from the first to the last month, empty months as 0."""
    if not months:
        return []
    counts = {row["month"]: row["documents"] for row in months}
    first, last = months[0]["month"], months[-1]["month"]
    year, month = int(first[:4]), int(first[5:7])
    series = []
    while True:
        key = f"{year:04d}-{month:02d}"
        series.append((key, counts.get(key, 0)))
        if key >= last:
            return series
        month += 1
        if month > 12:
            year, month = year + 1, 1


def bin_label(bin_: Mapping[str, Any]) -> str:
    """Label of a histogram bin: ``"40–59"``, ``"7"`` or ``"≥ 2000"`` for the open bin."""
    low, high = bin_["lo"], bin_["hi"]
    if high is None:
        return f"≥ {low:,}"
    return f"{low:,}" if high - low == 1 else f"{low:,}–{high - 1:,}"


def by_year(series: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Monthly counts summed per year."""
    years: dict[str, int] = {}
    for month, count in series:
        years[month[:4]] = years.get(month[:4], 0) + count
    first, last = int(min(years)), int(max(years))
    return [(str(year), years.get(str(year), 0)) for year in range(first, last + 1)]


# ---------------------------------------------------------------------- sections
def _sources(stats: Mapping[str, Any]) -> str:
    rows = stats.get("sources", [])
    if not rows:
        return _empty("No documents.")
    top = [r for r in rows if r["documents"]][:MAX_BARS] or rows[:MAX_BARS]
    svg = charts.barh_pairs(
        "documents-and-words-per-source",
        [r["source"] for r in top],
        [r["documents"] for r in top],
        [r["words"] for r in top],
        "documents",
        "words",
    )
    table = long_table(
        [
            "source",
            "documents",
            "words",
            "title",
            "date",
            "authors",
            "removals",
            "characters removed",
            "duplicates",
            "rejects",
            "licence",
        ],
        [
            [
                r["source"],
                fmt_int(r["documents"]),
                fmt_int(r["words"]),
                *(pct(r.get("coverage", {}).get(label, 0.0)) for label in ("title", "date", "authors")),
                fmt_int(r.get("removals", 0)),
                fmt_int(r.get("removed_characters", 0)),
                fmt_int(r.get("duplicates", 0)),
                fmt_int(r.get("rejects", 0)),
                ", ".join(r["licences"]),
            ]
            for r in rows
        ],
        numeric=range(1, 10),
    )
    note = (
        '<p class="note">title, date, authors: share of the source\'s documents that have the field. '
        "removals: spans the boilerplate rules removed. rejects: quarantined inputs or documents of the "
        "source's files.</p>"
    )
    return _figure(svg) + top_caption(rows, "sources") + table + note


def _months(stats: Mapping[str, Any]) -> str:
    series = month_series(stats.get("months", []))
    undated = stats.get("undated", 0)
    note = f"<p>{plural(undated, 'document has', 'documents have')} no publication date.</p>"
    if not series:
        return _empty("No document has a publication date.") + note
    chart_series, unit = (series, "month") if len(series) <= MAX_MONTHS else (by_year(series), "year")
    svg = charts.columns(
        "documents-per-month", [m for m, _ in chart_series], [n for _, n in chart_series], f"documents per {unit}"
    )
    table = html_table(["month", "documents"], [[m, fmt_int(n)] for m, n in series if n], numeric=(1,))
    return _figure(svg) + note + f"<details><summary>Table</summary>{table}</details>"


def _words(stats: Mapping[str, Any]) -> str:
    info = stats.get("word_count", {})
    bins = info.get("histogram", [])
    if not bins:
        return _empty("No documents.")
    labels = [bin_label(b) for b in bins]
    svg = charts.columns(
        "word-count-distribution", labels, [b["documents"] for b in bins], "documents", xlabel="words per document"
    )
    summary = html_table(
        ["min", "10th percentile", "median", "mean", "90th percentile", "max", "total words"],
        [
            [
                fmt_int(info.get("min")),
                fmt_int(info.get("p10")),
                fmt_int(info.get("median")),
                "—" if info.get("mean") is None else f"{info['mean']:,.1f}",
                fmt_int(info.get("p90")),
                fmt_int(info.get("max")),
                fmt_int(stats.get("words", 0)),
            ]
        ],
        numeric=range(7),
    )
    return _figure(svg) + summary


def _rules(stats: Mapping[str, Any], rule_info: Mapping[str, Mapping[str, Any]]) -> str:
    rows = stats.get("rules", [])
    if not rows:
        return _empty("No boilerplate was removed.")
    top = rows[:MAX_BARS]
    svg = charts.barh_pairs(
        "boilerplate-removed-per-rule",
        [r["rule"] for r in top],
        [r["removals"] for r in top],
        [r["characters"] for r in top],
        "removals",
        "characters removed",
    )
    table = long_table(
        ["rule", "class", "removals", "characters", "documents", "what it removes"],
        [
            [
                r["rule"],
                rule_info.get(r["rule"], {}).get("class", ""),
                fmt_int(r["removals"]),
                fmt_int(r["characters"]),
                fmt_int(r["documents"]),
                rule_info.get(r["rule"], {}).get("description", ""),
            ]
            for r in rows
        ],
        numeric=(2, 3, 4),
    )
    return _figure(svg) + top_caption(rows, "rules") + table + _rule_samples(rows, stats.get("rule_samples", {}))


def _rule_samples(rules: Sequence[Mapping[str, Any]], samples: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    """A few spans each rule removed (the first distinct ones, cut short), most active rules first."""
    listed = [r["rule"] for r in rules if samples.get(r["rule"])]
    if not listed:
        return ""
    rows = [
        [rule if i == 0 else "", sample["text"], sample.get("source_file") or ""]
        for rule in listed[:MAX_TABLE_ROWS]
        for i, sample in enumerate(samples[rule])
    ]
    return (
        "<h3>What the rules removed: examples</h3>"
        + html_table(["rule", "removed text", "from file"], rows, text=(1,))
        + more(min(len(listed), MAX_TABLE_ROWS), len(listed), "rules with examples")
    )


def _coverage(stats: Mapping[str, Any]) -> str:
    rows = stats.get("coverage", [])
    if not rows or not stats.get("documents"):
        return _empty("No documents.")
    svg = charts.barh(
        "metadata-coverage",
        [r["field"] for r in rows],
        [r["share"] * 100 for r in rows],
        "share of documents with the field",
        percent=True,
    )
    table = html_table(
        ["field", "documents with it", "share"],
        [[r["field"], fmt_int(r["documents"]), fmt_share(r["share"])] for r in rows],
        numeric=(1, 2),
    )
    return _figure(svg) + table


def _languages(stats: Mapping[str, Any]) -> str:
    rows = stats.get("languages", [])
    if not rows:
        return _empty("No documents.")
    return long_table(["language", "documents"], [[r["language"], fmt_int(r["documents"])] for r in rows], (1,))


def _quarantine(stats: Mapping[str, Any]) -> str:
    rows = stats.get("reject_reasons", [])
    if not rows:
        return _empty("Nothing was quarantined.")
    top = rows[:MAX_BARS]
    svg = charts.barh(
        "quarantine-reasons", [f"{r['stage']}: {r['reason']}" for r in top], [r["count"] for r in top], "rejects"
    )
    table = long_table(
        ["stage", "reason", "count"], [[r["stage"], r["reason"], fmt_int(r["count"])] for r in rows], (2,)
    )
    return _figure(svg) + top_caption(rows, "reasons") + table + _rejected(stats)


def _rejected(stats: Mapping[str, Any]) -> str:
    """The quarantined inputs themselves: file, part, stage, reason and detail."""
    info = stats.get("rejected", {})
    examples = info.get("examples", [])
    if not examples:
        return ""
    rows = [
        [e["source_file"], "whole file" if e.get("part") is None else e["part"], e["stage"], e["reason"], e["detail"]]
        for e in examples
    ]
    count = int(info.get("count", len(examples)))
    return (
        f"<h3>{esc(plural(count, 'quarantined input or document', 'quarantined inputs or documents'))}</h3>"
        + html_table(["source file", "part", "stage", "reason", "detail"], rows, text=(4,))
        + more(len(examples), count, "quarantined inputs or documents")
    )


def _refresh(runs: Sequence[Mapping[str, Any]]) -> str:
    """The manifest's run history, newest first: what each run added, changed and removed."""
    if not runs:
        return _empty("No run history (the manifest records none).")
    shown = list(reversed(runs))[:MAX_RUNS]

    def count(run: Mapping[str, Any], key: str) -> str:
        value = run.get(key)
        return fmt_int(value) if isinstance(value, int) else "—"

    rows = [
        [
            run.get("run_id", ""),
            run.get("finished", ""),
            run.get("mode", ""),
            *(count(run, key) for key in ("files_processed", "files_added", "files_changed", "files_removed")),
            count(run, "files_unchanged"),
            f"+{count(run, 'documents_added')} −{count(run, 'documents_removed')}",
            "—" if run.get("seconds") is None else f"{float(run['seconds']):,.1f}",
        ]
        for run in shown
    ]
    headers = ["run", "finished", "mode", "processed", "added", "changed", "removed", "unchanged", "documents", "seconds"]
    intro = (
        f"<p>The last {plural(len(shown), 'run', 'runs')} on this output folder, newest first (files are raw "
        "files; a run that found nothing to do is listed without rewriting this report).</p>"
    )
    return intro + html_table(headers, rows, numeric=range(3, 10)) + more(len(shown), len(runs), "earlier runs")


def _encodings(stats: Mapping[str, Any]) -> str:
    """Documents per source encoding, and the characters that could not be decoded."""
    rows = stats.get("encodings", [])
    if not rows:
        return _empty("No documents.")
    damaged = sum(r["damaged_documents"] for r in rows)
    replaced = sum(r["replaced_characters"] for r in rows)
    table = html_table(
        ["encoding", "documents", "documents with undecodable bytes", "characters replaced (U+FFFD)"],
        [
            [r["encoding"], fmt_int(r["documents"]), fmt_int(r["damaged_documents"]), fmt_int(r["replaced_characters"])]
            for r in rows
        ],
        numeric=(1, 2, 3),
    )
    summary = (
        f"<p>{plural(damaged, 'document holds', 'documents hold')} undecodable bytes "
        f"({plural(replaced, 'character', 'characters')} replaced by U+FFFD, counted in <code>replaced_chars</code>). "
        "Mojibake (UTF-8 read as cp1252 or Latin-1) is repaired during decoding; "
        "<code>docmill explain FILE</code> says whether a file was repaired.</p>"
    )
    return summary + table


def _outliers(stats: Mapping[str, Any]) -> str:
    """Documents worth a look: the longest bodies, the densest (characters per word), the shortest."""
    info = stats.get("outliers", {})
    if not info.get("longest"):
        return _empty("No documents.")
    headers = ["doc_id", "source file", "title", "words", "characters", "characters per word"]

    def table(kind: str) -> str:
        return html_table(
            headers,
            [
                [
                    r["doc_id"],
                    r["source_file"],
                    r.get("title") or "",
                    fmt_int(r["words"]),
                    fmt_int(r["characters"]),
                    f"{r['chars_per_word']:,.1f}",
                ]
                for r in info.get(kind, [])
            ],
            numeric=(3, 4, 5),
        )

    few, few_limit = int(info.get("few_words", 0)), info.get("few_words_limit", 0)
    dense, dense_limit = int(info.get("dense_count", 0)), info.get("dense_limit", 0)
    return (
        f"<p>{plural(few, 'document has', 'documents have')} fewer than {fmt_int(few_limit)} words; "
        f"{plural(dense, 'document has', 'documents have')} more than {dense_limit:g} characters per word "
        "(ordinary prose has about 6: more means long tokens such as URLs, code, tables or run-together text).</p>"
        "<h3>Longest bodies</h3>" + table("longest")
        + "<h3>Most characters per word</h3>" + table("dense")
        + "<h3>Fewest words</h3>" + table("fewest_words")
    )


def _duplicates(stats: Mapping[str, Any]) -> str:
    info = stats.get("duplicates", {"count": 0, "examples": []})
    count = info.get("count", 0)
    if not count:
        return _empty("No duplicates were found.")
    examples = info.get("examples", [])
    text = (
        f"<p>{plural(count, 'document is a near-duplicate', 'documents are near-duplicates')} of another document "
        "(<code>duplicate_of</code> set)"
    )
    text += f"; the first {len(examples)} are listed.</p>" if len(examples) < count else ".</p>"
    table = long_table(
        ["doc_id", "duplicate of", "source file", "title"],
        [
            [e.get("doc_id", ""), e.get("duplicate_of", ""), e.get("source_file", ""), e.get("title") or ""]
            for e in examples
        ],
    )
    return text + table


def _cards(stats: Mapping[str, Any]) -> str:
    items = [
        ("documents", stats.get("documents", 0)),
        ("paragraphs", stats.get("paragraphs", 0)),
        ("words", stats.get("words", 0)),
        ("sources", len(stats.get("sources", []))),
        ("quarantined", stats.get("rejects", 0)),
        ("duplicates", stats.get("duplicates", {}).get("count", 0)),
    ]
    inner = "".join(f'<div class="card"><b>{fmt_int(v)}</b><span>{esc(k)}</span></div>' for k, v in items)
    return f'<div class="cards">{inner}</div>'


def build_report_html(
    meta: DatasetMeta,
    stats: Mapping[str, Any],
    rule_info: Mapping[str, Mapping[str, Any]] | None = None,
    runs: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The report page as an HTML string (deterministic for the same arguments).

    *runs* is the manifest's run history (oldest first), for the refresh section.
    """
    info = rule_info or {}
    bodies = {
        "sources": _sources(stats),
        "refresh": _refresh(runs),
        "encodings": _encodings(stats),
        "outliers": _outliers(stats),
        "months": _months(stats),
        "words": _words(stats),
        "rules": _rules(stats, info),
        "coverage": _coverage(stats),
        "languages": _languages(stats),
        "quarantine": _quarantine(stats),
        "duplicates": _duplicates(stats),
    }
    facts = [
        f"run <code>{esc(meta.run_id)}</code>" if meta.run_id else "",
        f"docmill {esc(meta.docmill_version)}" if meta.docmill_version else "",
        f"schema {esc(meta.schema_version)}",
        f"generated {esc(meta.timestamp)}" if meta.timestamp else "",
    ]
    nav = "".join(f'<a href="#{key}">{esc(title)}</a>' for key, title in SECTIONS)
    sections = "".join(f'<section id="{key}"><h2>{esc(title)}</h2>{bodies[key]}</section>' for key, title in SECTIONS)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(meta.pretty_name)} — run report</title><style>{CSS}</style></head>\n<body>"
        f"<h1>{esc(meta.pretty_name)} — run report</h1>"
        f'<p class="meta">{" · ".join(f for f in facts if f)}</p>'
        f"{_cards(stats)}<nav>{nav}</nav>{sections}"
        "</body></html>\n"
    )


def report_artifacts(stats: Mapping[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """(table rows, markdown) summarising a run, for Prefect table/markdown artifacts."""
    coverage = {row["field"]: row["share"] for row in stats.get("coverage", [])}
    rows: list[dict[str, Any]] = [
        {"metric": "documents", "value": stats.get("documents", 0)},
        {"metric": "paragraphs", "value": stats.get("paragraphs", 0)},
        {"metric": "words", "value": stats.get("words", 0)},
        {"metric": "sources", "value": len(stats.get("sources", []))},
        {"metric": "quarantined", "value": stats.get("rejects", 0)},
        {"metric": "duplicates", "value": stats.get("duplicates", {}).get("count", 0)},
        {"metric": "undated documents", "value": stats.get("undated", 0)},
        {"metric": "median words per document", "value": stats.get("word_count", {}).get("median")},
    ]
    rows += [{"metric": f"coverage: {name}", "value": fmt_share(share)} for name, share in coverage.items()]
    lines = ["# docmill run summary", ""]
    lines += md_table(
        ["metric", "value"], [[r["metric"], r["value"] if r["value"] is not None else "—"] for r in rows], "lr"
    )
    sources = stats.get("sources", [])
    if sources:
        lines += ["", "## Sources", ""]
        lines += md_table(
            ["source", "documents", "words"],
            [[s["source"], fmt_int(s["documents"]), fmt_int(s["words"])] for s in sources[:MAX_BARS]],
            "lrr",
        )
    rules = stats.get("rules", [])
    if rules:
        lines += ["", "## Top boilerplate rules", ""]
        lines += md_table(
            ["rule", "removals", "characters"],
            [[r["rule"], fmt_int(r["removals"]), fmt_int(r["characters"])] for r in rules[:10]],
            "lrr",
        )
    reasons = stats.get("reject_reasons", [])
    if reasons:
        lines += ["", "## Quarantine reasons", ""]
        lines += md_table(
            ["stage", "reason", "count"], [[r["stage"], r["reason"], fmt_int(r["count"])] for r in reasons], "llr"
        )
    rejected = stats.get("rejected", {})
    examples = rejected.get("examples", [])[:MAX_ARTIFACT_REJECTS]
    if examples:
        lines += ["", "## Quarantined inputs", ""]
        lines += md_table(
            ["source file", "part", "stage", "reason", "detail"],
            [[e["source_file"], "—" if e.get("part") is None else e["part"], e["stage"], e["reason"], e["detail"]]
             for e in examples],
            "lrlll",
        )
        left = int(rejected.get("count", 0)) - len(examples)
        if left > 0:
            lines += ["", f"… and {fmt_int(left)} more (see report.html and `rejects/`)."]
    return rows, "\n".join(lines) + "\n"
