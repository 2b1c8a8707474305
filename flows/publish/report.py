"""The run report: one self-contained HTML page (inline CSS and SVG, no external URL).

Sections: documents and words per source; documents per month; word-count
distribution; what each boilerplate rule removed; metadata coverage; languages;
quarantine reasons; duplicates. Every chart has a table with the numbers.
Also :func:`report_artifacts`, the summary the Prefect flow publishes as artifacts.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from flows.publish import charts
from flows.publish.card import fmt_int, fmt_share, md_table
from flows.publish.meta import DatasetMeta

#: At most this many bars in a per-category chart; the rest are summed as "other".
MAX_BARS = 20
#: Beyond this many months the chart shows years.
MAX_MONTHS = 120
#: Tables longer than this are collapsed.
MAX_TABLE_ROWS = 25

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
details{margin:.3em 0 1em}summary{cursor:pointer;color:#3b6ea8}
"""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("sources", "Sources"),
    ("months", "Documents per month"),
    ("words", "Word counts"),
    ("rules", "Boilerplate removed"),
    ("coverage", "Metadata coverage"),
    ("languages", "Languages"),
    ("quarantine", "Quarantine"),
    ("duplicates", "Duplicates"),
)


def esc(value: Any) -> str:
    """HTML-escape any value."""
    return html.escape(str(value), quote=True)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()) -> str:
    """An HTML table; columns whose index is in *numeric* are right-aligned."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{esc(cell)}</td>' if i in numeric else f"<td>{esc(cell)}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
    top = rows[:MAX_BARS]
    svg = charts.barh_pairs(
        "documents-and-words-per-source",
        [r["source"] for r in top],
        [r["documents"] for r in top],
        [r["words"] for r in top],
        "documents",
        "words",
    )
    table = long_table(
        ["source", "documents", "words", "licence"],
        [[r["source"], fmt_int(r["documents"]), fmt_int(r["words"]), ", ".join(r["licences"])] for r in rows],
        numeric=(1, 2),
    )
    return _figure(svg) + top_caption(rows, "sources") + table


def _months(stats: Mapping[str, Any]) -> str:
    series = month_series(stats.get("months", []))
    undated = stats.get("undated", 0)
    note = f"<p>{fmt_int(undated)} documents have no publication date.</p>"
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
    return _figure(svg) + top_caption(rows, "rules") + table


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
    return _figure(svg) + top_caption(rows, "reasons") + table


def _duplicates(stats: Mapping[str, Any]) -> str:
    info = stats.get("duplicates", {"count": 0, "examples": []})
    count = info.get("count", 0)
    if not count:
        return _empty("No duplicates were found.")
    examples = info.get("examples", [])
    text = f"<p>{fmt_int(count)} documents are near-duplicates of another document (<code>duplicate_of</code> set)"
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
) -> str:
    """The report page as an HTML string (deterministic for the same arguments)."""
    info = rule_info or {}
    bodies = {
        "sources": _sources(stats),
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
    return rows, "\n".join(lines) + "\n"
