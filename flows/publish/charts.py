"""Inline SVG charts for the HTML report, drawn as plain SVG text.

Three chart kinds cover the report: horizontal bars (:func:`barh`), two bar panels
sharing their category labels (:func:`barh_pairs`) and columns over ordered
categories (:func:`columns`). Each returns a self-contained ``<svg>`` element
(``viewBox``, ``width``/``height``, a ``<title>`` as its accessible name, one
``<title>`` per bar with its label and value) ready to be inlined in HTML.

Drawing is string formatting only, so a report builds in milliseconds and needs no
plotting library. Output is deterministic: the same data give the same bytes
(coordinates rounded to 0.1 px, no ids, dates or random numbers). Text is
escaped with :func:`html.escape` and stripped of characters XML forbids; values
that are not finite numbers are drawn as zero, so NaN never reaches the SVG.
Text widths are estimated from character counts (no font metrics), which is
enough to size the label column and keep value labels inside the chart.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence

PALETTE = ("#3b6ea8", "#d9822b", "#5a9e5a", "#b5485b", "#7a5aa6")
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#555555"
GRID_COLOUR = "#dddddd"
AXIS_COLOUR = "#888888"
FONT_FAMILY = "system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif"
#: Tick labels longer than this many characters are cut with an ellipsis.
MAX_LABEL = 38
#: Chart width in px: the report's content width (the page scales it down on narrow screens).
WIDTH = 1008
FONT_SIZE = 12
TITLE_SIZE = 14
#: Estimated advance of one character, in em (a sans-serif average, digits included).
CHAR_EM = 0.6
ROW = 26  # px per horizontal bar
BAR = 18  # px thickness of a horizontal bar
TOP = 32  # px above the plot: the title or the legend
AXIS = 24  # px below a horizontal bar plot: the tick labels
COLUMN_PLOT = 210  # px height of the column plot area
MAX_COLUMN = 64  # px: a column is never wider, however few there are
TARGET_TICKS = 5

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _short(label: str) -> str:
    """Shorten a long tick label."""
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _text(value: object) -> str:
    """*value* as escaped SVG text (also fit for attributes), without XML-forbidden characters."""
    return html.escape(_XML_FORBIDDEN.sub("", str(value)), quote=True)


def _num(value: float) -> str:
    """A coordinate with one decimal at most (``12``, ``12.5``), deterministic."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated rendered width of *text* in px."""
    return len(text) * size * CHAR_EM


def _finite(values: Sequence[float]) -> list[float]:
    """Bar lengths: non-finite or negative values drawn as zero."""
    cleaned = []
    for value in values:
        number = float(value)
        cleaned.append(number if math.isfinite(number) and number > 0 else 0.0)
    return cleaned


def compact(value: float) -> str:
    """Compact label for a count: 950, 12k, 3.5M, 1.2B (a dash for a non-finite value)."""
    if not math.isfinite(value):
        return "–"
    for bound, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= bound:
            return f"{value / bound:.3g}{suffix}"
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def _percent(value: float) -> str:
    return f"{value:.0f}%" if math.isfinite(value) else "–"


def _ticks(largest: float, percent: bool) -> list[float]:
    """Axis ticks from 0: 0–100 by 20 for percentages; else about five round steps over *largest*.

    Count steps are whole numbers (1, 2, 5 × a power of ten), so small counts get
    integer ticks; an all-zero axis runs from 0 to 1.
    """
    if percent:
        return [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / TARGET_TICKS
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)
    count = math.ceil(largest / step - 1e-9)
    return [i * step for i in range(count + 1)]


def _svg(name: str, height: float, body: Sequence[str]) -> str:
    """The ``<svg>`` element around *body*, named by *name* (its accessible title)."""
    width, tall = _num(WIDTH), _num(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{tall}" '
        f'viewBox="0 0 {width} {tall}" font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" '
        f'fill="{TEXT_COLOUR}"><title>{_text(name.replace("-", " "))}</title>' + "".join(body) + "</svg>"
    )


def _label(x: float, y: float, text: str, anchor: str = "start", size: float | None = None, extra: str = "") -> str:
    """One text element vertically centred on *y* (shifted by hand: ``dominant-baseline`` varies between renderers)."""
    font = f' font-size="{_num(size)}"' if size else ""
    return f'<text x="{_num(x)}" y="{_num(y + FONT_SIZE * 0.35)}" text-anchor="{anchor}"{font}{extra}>{_text(text)}</text>'


def _hbar_panel(
    x0: float,
    width: float,
    top: float,
    labels: Sequence[str],
    values: Sequence[float],
    colour: str,
    percent: bool,
) -> list[str]:
    """Grid, axis, bars and value labels of one horizontal bar panel at *x0*, *width* px wide."""
    lengths = _finite(values)
    fmt = _percent if percent else compact
    value_texts = [fmt(float(v)) for v in values]
    room = max((_width(t, FONT_SIZE - 1) for t in value_texts), default=0.0) + 8
    plot = max(width - room, 40.0)
    ticks = _ticks(max(lengths, default=0.0), percent)
    scale = plot / ticks[-1]
    bottom = top + ROW * max(1, len(labels))
    parts = []
    for tick in ticks:
        x = x0 + tick * scale
        parts.append(f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" y2="{_num(bottom)}" stroke="{GRID_COLOUR}"/>')
        parts.append(_label(x, bottom + 13, _percent(tick) if percent else compact(tick), "middle", FONT_SIZE - 1))
    parts.append(f'<line x1="{_num(x0)}" y1="{_num(top)}" x2="{_num(x0)}" y2="{_num(bottom)}" stroke="{AXIS_COLOUR}"/>')
    for row, (label, length, text) in enumerate(zip(labels, lengths, value_texts, strict=True)):
        y = top + row * ROW + (ROW - BAR) / 2
        bar = min(length, ticks[-1]) * scale
        parts.append(
            f'<rect class="bar" x="{_num(x0)}" y="{_num(y)}" width="{_num(bar)}" height="{BAR}" fill="{colour}">'
            f"<title>{_text(label)}: {_text(text)}</title></rect>"
        )
        parts.append(_label(x0 + bar + 4, y + BAR / 2, text, size=FONT_SIZE - 1, extra=f' fill="{MUTED_COLOUR}"'))
    return parts


def _label_column(labels: Sequence[str]) -> tuple[list[str], float]:
    """The shortened labels and the width of the column that holds them."""
    short = [_short(str(label)) for label in labels]
    return short, min(max((_width(s) for s in short), default=0.0) + 12, WIDTH / 3)


def _row_labels(short: Sequence[str], right: float, top: float) -> list[str]:
    return [_label(right - 6, top + row * ROW + ROW / 2, label, "end") for row, label in enumerate(short)]


def _horizontal_height(count: int) -> float:
    return TOP + ROW * max(1, count) + AXIS


def barh_pairs(
    name: str,
    labels: Sequence[str],
    left: Sequence[float],
    right: Sequence[float],
    left_title: str,
    right_title: str,
    percent: bool = False,
) -> str:
    """Two horizontal bar panels sharing the category labels (e.g. documents and words), first label on top.

    Each panel has its own scale; a colour swatch beside each panel's title is the legend.
    """
    short, column = _label_column(labels)
    gap = 24
    panel = (WIDTH - column - gap - 8) / 2
    parts = _row_labels(short, column, TOP)
    for x0, values, title, colour in (
        (column, left, left_title, PALETTE[0]),
        (column + panel + gap, right, right_title, PALETTE[1]),
    ):
        parts.append(f'<rect x="{_num(x0)}" y="8" width="12" height="12" fill="{colour}"/>')
        parts.append(_label(x0 + 17, 14, title, size=TITLE_SIZE - 1))
        parts += _hbar_panel(x0, panel, TOP, labels, values, colour, percent)
    return _svg(name, _horizontal_height(len(labels)), parts)


def barh(name: str, labels: Sequence[str], values: Sequence[float], title: str, percent: bool = False) -> str:
    """One horizontal bar chart, first label on top; *percent* values run on a 0–100 % axis."""
    short, column = _label_column(labels)
    parts = [_label(4, 14, title, size=TITLE_SIZE)]
    parts += _row_labels(short, column, TOP)
    parts += _hbar_panel(column, WIDTH - column - 8, TOP, labels, values, PALETTE[2], percent)
    return _svg(name, _horizontal_height(len(labels)), parts)


def columns(
    name: str,
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    xlabel: str = "",
    max_ticks: int = 24,
) -> str:
    """Vertical bars over ordered categories (months, histogram bins).

    At most *max_ticks* category labels are written (every n-th, slanted); counts
    are written above the columns when each has room for its number.
    """
    lengths = _finite(values)
    texts = [compact(float(v)) for v in values]
    ticks = _ticks(max(lengths, default=0.0), percent=False)
    tick_texts = [compact(t) for t in ticks]
    left = max(_width(t, FONT_SIZE - 1) for t in tick_texts) + 12
    plot_w = WIDTH - left - 12
    bottom = TOP + 8 + COLUMN_PLOT
    step = max(1, -(-len(labels) // max(1, max_ticks)))
    shown = list(range(0, len(labels), step))
    slant = max((_width(str(labels[i]), FONT_SIZE - 1) for i in shown), default=0.0) * 0.87  # sin 60°
    height = bottom + 10 + slant + (22 if xlabel else 6)
    scale = COLUMN_PLOT / ticks[-1]
    parts = [_label(4, 14, title, size=TITLE_SIZE)]
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = bottom - tick * scale
        parts.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot_w)}" y2="{_num(y)}" stroke="{GRID_COLOUR}"/>')
        parts.append(_label(left - 6, y, text, "end", FONT_SIZE - 1))
    slot = plot_w / max(1, len(labels))
    bar = min(slot * 0.85, MAX_COLUMN)
    fits = all(_width(t, FONT_SIZE - 2) <= slot for t in texts)
    for i, (label, length, text) in enumerate(zip(labels, lengths, texts, strict=True)):
        centre = left + (i + 0.5) * slot
        tall = length * scale
        parts.append(
            f'<rect class="bar" x="{_num(centre - bar / 2)}" y="{_num(bottom - tall)}" width="{_num(bar)}" '
            f'height="{_num(tall)}" fill="{PALETTE[0]}"><title>{_text(label)}: {_text(text)}</title></rect>'
        )
        if fits and length > 0:
            parts.append(_label(centre, bottom - tall - 7, text, "middle", FONT_SIZE - 2, f' fill="{MUTED_COLOUR}"'))
    parts.append(f'<line x1="{_num(left)}" y1="{_num(bottom)}" x2="{_num(left + plot_w)}" y2="{_num(bottom)}" stroke="{AXIS_COLOUR}"/>')
    for i in shown:
        x, y = left + (i + 0.5) * slot, bottom + 12
        parts.append(
            f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="end" font-size="{FONT_SIZE - 1}" '
            f'transform="rotate(-60 {_num(x)} {_num(y)})">{_text(_short(str(labels[i])))}</text>'
        )
    if xlabel:
        parts.append(_label(left + plot_w / 2, height - 10, xlabel, "middle", extra=f' fill="{MUTED_COLOUR}"'))
    return _svg(name, height, parts)
