"""The content model: features, region, removals recorded with their score, per-source control."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from flows.clean import content
from flows.clean.blocks import FEATURES, block_features
from flows.clean.boilerplate import clean_text
from flows.clean.pipeline import compiled, process_file, trace_file
from flows.clean.xmldocs import unpack_xml_article
from flows.config import PipelineConfig, SourceSettings
from flows.model import Line, RawFile
from tests.clean.test_xmldocs import TEI

WEIGHTS = Path(__file__).resolve().parents[2] / "flows" / "rules" / "content_model.json"

ARTICLE = [
    "The county council approved the new footbridge over the river on Tuesday evening, after two years of "
    "consultation with residents, cyclists and the two schools on either bank of the water.",
    "Construction will start in the spring and is expected to take eleven months. During that time the old "
    "crossing stays open, although it will close for three weekends when the new deck is lifted into place.",
    "## Why the old bridge had to go",
    "Engineers found in a survey that the supports of the old crossing had been worn down by floods, and "
    "repairing them would have cost almost as much as building a new one from scratch next to it.",
    "Residents asked for lighting and a wider path, and both are in the final design; the council says the "
    "bridge will be lit from dusk until midnight and will be wide enough for bikes to pass each other.",
    "A public meeting about the works is planned for next month in the library, where the drawings will be on "
    "display for anyone who wants to see them and ask the engineers what the building work will mean.",
]


def _page() -> str:
    menu = [f"* [Section {n}](https://news.example/s{n})" for n in range(1, 9)]
    teasers = [f"* [Other story number {n} about something else](https://news.example/o{n})" for n in range(1, 9)]
    footer = ["[Imprint](https://news.example/i) | [Privacy](https://news.example/p) | [Contact](https://news.example/c)",
              "Sign up for our newsletter", "[Subscribe](https://news.example/sub)", "Follow us",
              "[Facebook](https://fb.example/n) [Twitter](https://tw.example/n)"]
    lines = ["Example News", "", *menu, "", "# Footbridge approved", "", *(x for p in ARTICLE for x in (p, "")),
             "## Most read", "", *teasers, "", *footer]
    return "\n".join(lines) + "\n"


def _config(config: PipelineConfig, **source: Any) -> PipelineConfig:
    return dataclasses.replace(config, sources={"site": SourceSettings(name="site", **source)})


def test_weights_are_reviewable_json_naming_known_features() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert data["rule"]["name"] == content.RULE and data["rule"]["kind"] == "structural"
    assert set(data["rule"]["params"]) == {"threshold", "keep_outside", "drop_inside", "min_blocks",
                                           "min_region_words", "html_keep_outside", "html_drop_inside"}
    assert set(data["model"]["features"]) <= set(FEATURES)
    assert all(set(v) == {"mean", "scale", "weight"} for v in data["model"]["features"].values())
    assert WEIGHTS.stat().st_size < 64_000


def test_features_have_one_row_per_block_and_a_column_per_name(config: PipelineConfig) -> None:
    rules, _ = compiled(config, "default")
    lines = clean_text(_page(), rules).lines
    index, features = block_features(lines)
    assert index == [i for i, line in enumerate(lines) if not line.blank]
    assert features.shape == (len(index), len(FEATURES))
    assert np.isfinite(features).all()
    assert np.array_equal(features, block_features(lines)[1])  # deterministic


def test_main_region_is_the_best_run() -> None:
    scores = np.array([0.1, 0.2, 0.9, 0.8, 0.3, 0.9, 0.1, 0.1])
    assert content.main_region(scores, np.ones(8), 0.5) == (2, 6)
    assert content.main_region(np.full(4, 0.1), np.ones(4), 0.5) is None


def test_menus_and_footers_go_the_article_stays(config: PipelineConfig) -> None:
    result = process_file(RawFile("site/bridge.md", _page().encode(), "site"), config)
    assert not result.rejections
    body = result.documents[0]["body"]
    for paragraph in ARTICLE:
        assert paragraph.lstrip("# ") in body
    for gone in ("Other story number 3", "Sign up for our newsletter", "Section 5", "Follow us"):
        assert gone not in body
    removed = [r for r in result.documents[0]["removed"] if r["rule"] == content.RULE]
    assert removed


def test_every_model_removal_is_recorded_with_its_score(config: PipelineConfig) -> None:
    trace = trace_file(RawFile("site/bridge.md", _page().encode(), "site"), config)
    assert trace.cleaned is not None
    removals = [r for r in trace.cleaned.removals if r.rule == content.RULE]
    assert removals
    by_line = {line.no: line for line in trace.cleaned.lines}
    for removal in removals:
        assert removal.detail is not None and removal.detail.startswith("score 0.")
        assert by_line[removal.line].removed_by == content.RULE


def test_short_clean_input_is_left_alone(config: PipelineConfig) -> None:
    text = "\n\n".join(ARTICLE[:3]) + "\n\nShare this\n"
    result = process_file(RawFile("site/short.txt", text.encode(), "site"), config)
    assert not [r for r in result.documents[0]["removed"] if r["rule"] == content.RULE]


def test_a_source_can_disable_the_model(config: PipelineConfig) -> None:
    off = _config(config, rules_disable=(content.RULE,))
    result = process_file(RawFile("site/bridge.md", _page().encode(), "site"), off)
    assert not [r for r in result.documents[0]["removed"] if r["rule"] == content.RULE]
    on = process_file(RawFile("site/bridge.md", _page().encode(), "site"), config)
    assert len(result.documents[0]["body"]) > len(on.documents[0]["body"])


def test_a_source_can_change_the_thresholds(config: PipelineConfig) -> None:
    params = {**json.loads(WEIGHTS.read_text(encoding="utf-8"))["rule"]["params"], "keep_outside": 0.0,
              "drop_inside": 0.0}
    rule = {"name": content.RULE, "kind": "structural", "description": "keep everything", "params": params}
    lenient = _config(config, rules_extra=(rule,))
    result = process_file(RawFile("site/bridge.md", _page().encode(), "site"), lenient)
    assert not [r for r in result.documents[0]["removed"] if r["rule"] == content.RULE]


def test_without_weights_nothing_changes(config: PipelineConfig) -> None:
    empty = dataclasses.replace(config, content_model={})
    result = process_file(RawFile("site/bridge.md", _page().encode(), "site"), empty)
    assert not [r for r in result.documents[0]["removed"] if r["rule"] == content.RULE]


@pytest.mark.parametrize("blocks", [20, 400])
def test_inference_is_fast(config: PipelineConfig, blocks: int) -> None:
    rules, _ = compiled(config, "default")
    text = "\n\n".join((ARTICLE * blocks)[:blocks])
    lines = clean_text(text, rules).lines
    start = time.perf_counter()
    content.select(lines, config.content_model, rules.params(content.RULE))
    assert time.perf_counter() - start < 0.05 * (1 + blocks / 100)


def test_an_authored_document_is_not_judged_by_the_content_model(config: Any) -> None:
    """A TEI letter's salute and closing are its author's text: read from the XML (an
    authored document: office, RTF, LaTeX, notebook, XML article), none of it goes to the
    content model; the same text given as a markdown page is judged as a web page is."""
    [letter] = process_file(RawFile("letter.xml", TEI.encode("utf-8")), config).documents
    [page] = process_file(RawFile("letter.md", unpack_xml_article(TEI).encode("utf-8")), config).documents
    assert letter["body"].endswith("Your loving sister,\n\nEllen")
    assert not any(r["rule"] == "content-model" for r in letter["removed"])
    assert any(r["rule"] == "content-model" for r in page["removed"])


RECIPE = """Seed bread for cold mornings

By Mara Lind

This loaf keeps for four days and toasts well. I bake it on Sundays through the winter, when the kitchen is \
cold and the dough needs a long, slow rise on the counter overnight.

Ingredients
For the soaker
100 g rye flakes
100 g water
For the dough
400 g wholemeal flour
300 g water, warm
1 1/2 tsp dried yeast
8 g salt
20 g treacle
2 tbsp sunflower seeds

Method
Mix the flours, yeast, salt and seeds in a large bowl, pour in the water and stir until no dry flour is left.
Cover the bowl and leave it on the counter overnight, then shape the dough and put it into a greased tin.
Bake for 45 minutes at 200 degrees until the loaf sounds hollow when you knock on its base, then let it cool.
"""


def test_a_line_of_a_block_of_lines_that_stays_is_never_cut_out_of_it(config: PipelineConfig) -> None:
    """An ingredient the model scores low, between ingredients that stay, stays with its list."""
    doc = process_file(RawFile("recipe.txt", RECIPE.encode()), config).documents[0]
    assert not [r for r in doc["removed"] if r["rule"] == content.RULE]
    for line in ("Ingredients", "8 g salt", "1 1/2 tsp dried yeast", "2 tbsp sunflower seeds"):
        assert line in doc["body"]


@pytest.mark.parametrize(("scores", "dropped"), [
    # a low run inside a block, with staying lines above and below it that outnumber it: held
    ([0.9, 0.9, 0.1, 0.1, 0.9, 0.9, 0.9], []),
    # the block's short first line over staying lines: its label, held
    ([0.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], []),
    # a low run as long as the lines that stay: no block holds it
    ([0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.9], [4, 5, 6, 7]),
    # at the block's end, with nothing below that stays: not held
    ([0.9, 0.9, 0.9, 0.9, 0.9, 0.1, 0.1], [7, 8]),
])
def test_a_block_of_lines_holds_its_low_lines_only_between_lines_that_stay(
        monkeypatch: pytest.MonkeyPatch, scores: list[float], dropped: list[int]) -> None:
    """The block (lines 2-8, no blank line between them) under a paragraph that stays."""
    texts = ["A paragraph that stays above the list.", "", "Ingredients", "400 g flour", "8 g salt", "2 tsp yeast",
             "300 g water", "20 g treacle", "2 tbsp seeds"]
    lines = [Line(n, text) for n, text in enumerate(texts)]
    index = [n for n, text in enumerate(texts) if text]
    monkeypatch.setattr(content, "block_scores", lambda lines_, data: (index, np.array([0.9, *scores])))
    params = {"threshold": 0.2, "keep_outside": 0.2, "drop_inside": 0.3, "min_blocks": 1, "min_region_words": 1}
    assert sorted(content.select(lines, {"w": 1}, params)) == dropped
