"""Inline SVG charts for the HTML report, drawn with matplotlib.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, no global backend
state) and saved as SVG into memory. Output is deterministic: a fixed
``svg.hashsalt`` per chart, no ``Date`` metadata, text as paths. The XML prolog,
DOCTYPE (which names an external DTD URL) and metadata block are stripped so the
SVG can be inlined in HTML.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

PALETTE = ("#3b6ea8", "#d9822b", "#5a9e5a", "#b5485b", "#7a5aa6")
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#dddddd"
MAX_LABEL = 38
WIDTH = 10.5  # inches; 756 pt, the report's content width

_RC: Any = {  # matplotlib rcParams (typed Any: its stubs want literal keys)
    "svg.fonttype": "path",
    "font.size": 9,
    "axes.edgecolor": "#888888",
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _short(label: str) -> str:
    """Shorten a long tick label."""
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _new_figure(width: float, height: float):  # type: ignore[no-untyped-def]
    """A matplotlib Figure (imported lazily: matplotlib is slow to import)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def figure_to_svg(figure, name: str) -> str:  # type: ignore[no-untyped-def]
    """Serialise *figure* to an inline-ready ``<svg>`` string, deterministically."""
    import matplotlib

    buffer = io.StringIO()
    settings: Any = {**_RC, "svg.hashsalt": f"docmill-{name}"}
    with matplotlib.rc_context(settings):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{name}" ', 1)
    return svg.strip()


def compact(value: float, _position: object = None) -> str:
    """Compact tick label for a count: 950, 12k, 3.5M, 1.2B."""
    for bound, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= bound:
            return f"{value / bound:.3g}{suffix}"
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def _grid(axes, axis: str, counts: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Light grid lines along *axis*; count axes get integer ticks with compact labels."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axes.grid(True, axis=axis, color=GRID_COLOUR, linewidth=0.6)
    axes.set_axisbelow(True)
    if counts:
        scale = axes.xaxis if axis == "x" else axes.yaxis
        scale.set_major_locator(MaxNLocator(integer=True))
        scale.set_major_formatter(FuncFormatter(compact))


def barh_pairs(
    name: str,
    labels: Sequence[str],
    left: Sequence[float],
    right: Sequence[float],
    left_title: str,
    right_title: str,
    percent: bool = False,
) -> str:
    """Two horizontal bar panels sharing the category axis (e.g. documents and words)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        height = 0.9 + 0.28 * max(1, len(labels))
        figure = _new_figure(WIDTH, height)
        axes = figure.subplots(1, 2, sharey=True)
        positions = list(range(len(labels)))
        for ax, values, title, colour in (
            (axes[0], left, left_title, PALETTE[0]),
            (axes[1], right, right_title, PALETTE[1]),
        ):
            ax.barh(positions, values, color=colour, height=0.7)
            ax.set_title(title, fontsize=10, loc="left")
            _grid(ax, "x", counts=not percent)
            if percent:
                ax.set_xlim(0, 100)
        axes[0].set_yticks(positions, [_short(label) for label in labels])
        axes[0].invert_yaxis()
        return figure_to_svg(figure, name)


def barh(name: str, labels: Sequence[str], values: Sequence[float], title: str, percent: bool = False) -> str:
    """One horizontal bar chart, first label on top."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        height = 0.9 + 0.28 * max(1, len(labels))
        figure = _new_figure(WIDTH, height)
        ax = figure.subplots()
        positions = list(range(len(labels)))
        ax.barh(positions, values, color=PALETTE[2], height=0.7)
        ax.set_yticks(positions, [_short(label) for label in labels])
        ax.invert_yaxis()
        ax.set_title(title, fontsize=10, loc="left")
        _grid(ax, "x", counts=not percent)
        if percent:
            ax.set_xlim(0, 100)
            for pos, value in zip(positions, values, strict=True):
                ax.text(min(value, 100) + 1, pos, f"{value:.0f}%", va="center", fontsize=8)
        return figure_to_svg(figure, name)


def columns(
    name: str,
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    xlabel: str = "",
    max_ticks: int = 24,
) -> str:
    """Vertical bars over ordered categories (months, histogram bins)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        figure = _new_figure(WIDTH, 3.4)
        ax = figure.subplots()
        positions = list(range(len(labels)))
        ax.bar(positions, values, color=PALETTE[0], width=0.85)
        step = max(1, -(-len(labels) // max_ticks))
        ticks = positions[::step]
        ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=60, ha="right", fontsize=8)
        ax.set_title(title, fontsize=10, loc="left")
        if xlabel:
            ax.set_xlabel(xlabel)
        _grid(ax, "y")
        return figure_to_svg(figure, name)
