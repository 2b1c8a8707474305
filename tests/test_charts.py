"""The report's SVG charts: well-formed, escaped, one bar per value, deterministic, safe on odd data."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from flows.publish import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {root.attrib['width']} {root.attrib['height']}"
    assert width > 100 and height > 50
    assert root[0].tag == f"{SVG}title" and (root[0].text or "").strip(), "an accessible name first"
    return root


def _bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.attrib.get("class") == "bar"]


def _texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def _all_charts(labels: list[str], values: list[float]) -> dict[str, str]:
    return {
        "barh": charts.barh("some-chart", labels, values, "documents"),
        "barh-percent": charts.barh("some-chart", labels, values, "share", percent=True),
        "pairs": charts.barh_pairs("some-chart", labels, values, values[::-1], "documents", "words"),
        "columns": charts.columns("some-chart", labels, values, "documents", xlabel="words per document"),
    }


def test_one_bar_per_value_with_its_label_and_value() -> None:
    labels = ["alpha", "beta", "gamma"]
    values = [3.0, 1200.0, 0.0]
    for kind, svg in _all_charts(labels, values).items():
        root = _parse(svg)
        bars = _bars(root)
        expected = 2 * len(values) if kind == "pairs" else len(values)
        assert len(bars) == expected, kind
        tips = ["".join(bar.itertext()) for bar in bars]
        assert tips[: len(values)] == (
            ["alpha: 3%", "beta: 1200%", "gamma: 0%"] if kind == "barh-percent" else ["alpha: 3", "beta: 1.2k", "gamma: 0"]
        ), kind
        widths = [float(bar.attrib["width" if kind != "columns" else "height"]) for bar in bars[: len(values)]]
        assert widths[2] == 0 and widths[1] > widths[0] > 0, (kind, widths)


def test_horizontal_bars_keep_label_order_and_show_values() -> None:
    root = _parse(charts.barh("metadata-coverage", ["title", "date"], [83.3, 50.0], "share", percent=True))
    texts = _texts(root)
    assert texts.index("title") < texts.index("date"), "first label on top, drawn first"
    assert "83%" in texts and "50%" in texts
    assert "100%" in texts and "0%" in texts, "a percent axis from 0 to 100"
    bars = _bars(root)
    assert float(bars[0].attrib["y"]) < float(bars[1].attrib["y"])


def test_pairs_have_a_legend_in_the_bar_colours() -> None:
    root = _parse(charts.barh_pairs("per-source", ["a", "b"], [1, 2], [10, 20], "documents", "words"))
    texts = _texts(root)
    assert "documents" in texts and "words" in texts
    colours = {bar.attrib["fill"] for bar in _bars(root)}
    swatches = {rect.attrib["fill"] for rect in root.iter(f"{SVG}rect") if "class" not in rect.attrib}
    assert len(colours) == 2 and swatches == colours


def test_labels_are_escaped_and_long_ones_shortened() -> None:
    label = "<b>&\"quoted\" 'x'\x00\x1f"
    long_label = "a-rule-name-" * 10
    for svg in _all_charts([label, long_label], [1.0, 2.0]).values():
        assert "<b>" not in svg
        root = _parse(svg)
        texts = _texts(root)
        assert "<b>&\"quoted\" 'x'" in texts, "escaped in the SVG, the original text once parsed"
        assert long_label not in texts
        assert any(t.endswith("…") and len(t) == charts.MAX_LABEL for t in texts)
        assert any(long_label in "".join(bar.itertext()) for bar in _bars(root)), "the full label in the bar's tooltip"


def test_same_data_same_bytes() -> None:
    labels = [f"2024-{month:02d}" for month in range(1, 13)]
    values = [float(v * 37 % 11) for v in range(12)]
    first = _all_charts(labels, values)
    assert first == _all_charts(list(labels), list(values))
    assert charts.columns("a", labels, values, "t") != charts.columns("a", labels, values[::-1], "t")


def test_empty_input_gives_a_valid_svg() -> None:
    for kind, svg in _all_charts([], []).items():
        root = _parse(svg)
        assert _bars(root) == [], kind


@pytest.mark.parametrize(
    "values",
    [[0.0, 0.0], [1e15, 3.0], [math.nan, 2.0], [math.inf, -5.0], [0.25, 0.5]],
    ids=["zeros", "huge", "nan", "inf-negative", "fractions"],
)
def test_odd_values_draw_without_errors(values: list[float]) -> None:
    for kind, svg in _all_charts(["a", "b"], values).items():
        assert "nan" not in svg.lower() and "inf" not in svg.lower(), kind
        root = _parse(svg)
        for element in root.iter():
            for name in ("x", "y", "width", "height", "x1", "x2", "y1", "y2"):
                if name in element.attrib:
                    number = float(element.attrib[name])
                    assert math.isfinite(number) and -1 <= number <= 2000, (kind, element.tag, name, number)


def test_columns_thin_out_category_labels() -> None:
    labels = [f"{year}-{month:02d}" for year in range(2015, 2025) for month in range(1, 13)]
    root = _parse(charts.columns("per-month", labels, [1.0] * len(labels), "documents", max_ticks=24))
    assert len(_bars(root)) == 120
    shown = [t for t in _texts(root) if t in labels]
    assert 12 <= len(shown) <= 24 and shown[0] == labels[0]


def test_compact() -> None:
    assert [charts.compact(v) for v in (0, 950, 12_000, 3_500_000, 1.2e9, 2.5)] == ["0", "950", "12k", "3.5M", "1.2B", "2.5"]
    assert charts.compact(math.nan) == "–" and charts.compact(math.inf) == "–"
