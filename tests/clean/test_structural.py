"""Every structural rule is data: it fires, a source can turn it off, its params are the ones used.

Parametrized over every ``kind = "structural"`` rule in ``flows/rules/boilerplate.toml``:
for each one a synthetic input where it fires; disabled for a source, it no longer
fires; with a param changed in the rule record, its behaviour changes accordingly.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from flows.clean.pipeline import FileResult, process_file
from flows.clean.rules import STRUCTURAL, compile_rules
from flows.config import SourceSettings
from flows.errors import RuleError
from flows.model import RawFile
from flows.store.config import load_config

CONFIG = load_config()
STRUCTURAL_RULES = [r for r in CONFIG.rules if r["kind"] == "structural"]

PROSE = (
    "The council met on Tuesday evening to discuss the repairs to the harbour wall, which has been "
    "closed to walkers since the winter storms damaged its northern end. "
)
ARTICLE = PROSE * 4 + "\n\n" + PROSE * 3


def run(text: str, name: str = "a.txt", disable: tuple[str, ...] = (), params: Mapping[str, Any] | None = None,
        rule: str = "") -> FileResult:
    """Process ``text`` as a file of source ``s``, with ``disable`` and changed ``params`` for ``rule``."""
    rules = [dict(r) for r in CONFIG.rules]
    if params:
        for record in rules:
            if record["name"] == rule:
                record["params"] = {**record.get("params", {}), **params}
    config = dataclasses.replace(CONFIG, rules=tuple(rules),
                                 sources={"s": SourceSettings(name="s", rules_disable=disable)})
    return process_file(RawFile(f"s/{name}", text.encode("utf-8"), source="s"), config)


def removed(result: FileResult, rule: str) -> bool:
    return any(r["rule"] == rule for doc in result.documents for r in doc["removed"])


def bodies(result: FileResult) -> str:
    return "\n".join(doc["body"] for doc in result.documents)


@dataclass(frozen=True)
class Case:
    text: str
    fired: Callable[[FileResult], bool]
    name: str = "a.txt"
    change: Mapping[str, Any] | None = None  # params that make the rule not fire on ``text``
    base: Mapping[str, Any] | None = None  # params for every run (a learned rule made sure to act)

    def result(self, rule: str, disable: tuple[str, ...] = (), change: Mapping[str, Any] | None = None) -> FileResult:
        params = {**(self.base or {}), **(change or {})}
        return run(self.text, self.name, disable, params or None, rule)


def by_rule(rule: str) -> Callable[[FileResult], bool]:
    return lambda result: removed(result, rule)


MAIL = "From: Jane Roe <jane@example.org>\nTo: list@example.org\nSubject: Harbour news\n\n"
TOC = "\n".join(["Introduction to the whole plan", "Where the harbour wall stands", "What the storms did to it",
                 "Options the council weighed", "Costs and who pays them", "The timetable for the works",
                 "How walkers get around", "What the fishermen said", "Questions still open", "Sources and thanks"])
HTML = ("<html><head><title>Harbour wall</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        f"<article><h1>Harbour wall repairs</h1><p>{PROSE * 4}</p><p>{PROSE * 3}</p></article>"
        "<footer><p>The footer line of the harbour site with its address.</p></footer></body></html>")

#: A review comment of an exported document (Google Docs' form), after the text it is about.
DOC_COMMENT = "<div class='c4'><p><a href='#cmnt_ref1' id='cmnt1'>[a]</a><span>Please check the date again.</span></p></div>"

CASES: dict[str, Case] = {
    "code-block": Case("# Harbour wall\n\n```python\nreleased = \"2024-03-05\"\nprint(released)\n```\n\n" + ARTICLE,
                       lambda result: all(doc["date_published"] is None for doc in result.documents), "a.md"),
    # ('title:' and 'author:' lines are read as labelled fields without the rule too; 'site_name:' is not)
    "front-matter": Case("---\ntitle: Harbour wall\nsite_name: Harbour Courier\n---\n\n" + ARTICLE,
                         lambda r: bool(r.documents) and r.documents[0]["publisher"] == "Harbour Courier",
                         "a.md", {"fields": {"author": "authors"}}),
    "mail-headers": Case(MAIL + ARTICLE, by_rule("mail-headers"), change={"min_lines": 4}),
    "link-dense": Case("[Home](/) [News](/n) [Sport](/s) [Contact](/c)\n\n" + ARTICLE, by_rule("link-dense"),
                       "a.md", {"min_links": 5}),
    "menu-run": Case("Home\nAbout us\nCampaigns\nContact\n\n" + ARTICLE, by_rule("menu-run"),
                     change={"min_lines": 5}),
    "table-of-contents": Case(
        "Contents\nWhere the wall stands\nWhat the storms did\nWhat it costs\n\n"
        + "".join(f"## {heading}\n\n{ARTICLE}\n\n"
                  for heading in ("Where the wall stands", "What the storms did", "What it costs")),
        by_rule("table-of-contents"), "a.md", {"min_lines": 4}),
    "comment-thread": Case(
        ARTICLE + "\n\nJane Roe says:\nMarch 3, 2024 at 10:12 am\n\nA fine piece, thank you for writing it.\n\n"
        "John Doe says:\nMarch 4, 2024 at 9:00 am\n\nI do not agree with the second point at all.\n",
        by_rule("comment-thread"), change={"min_comments": 3}),
    "running-header": Case(
        "\n\n".join(f"{PROSE * 2}\nHarbour Board Annual Report\n{PROSE}" for _ in range(3)),
        by_rule("running-header"), change={"min_repeats": 4}),
    "article-split": Case("# Harbour wall\n\n" + ARTICLE + "\n\n* * *\n\n# The new ferry\n\n" + ARTICLE,
                          lambda r: len(r.documents) == 2, "a.md", {"min_words": 1000, "min_headed_words": 1000}),
    "non-article-part": Case("Contents\n\n" + TOC + "\n\n---\n\n# Harbour wall\n\n" + ARTICLE,
                             by_rule("non-article-part"), "a.md", {"min_prose_words": 0}),
    "masthead": Case("THE HARBOUR COURIER\nThe paper of the coast\nHarbour wall repairs approved by the council\n\n"
                     + ARTICLE,
                     by_rule("masthead")),
    "dateline": Case("SPRINGFIELD — May 8, 2024 — " + ARTICLE, by_rule("dateline")),
    "author-bio": Case(ARTICLE + "\n\nJane Roe is a journalist living in Springfield who writes about harbours.",
                       lambda r: bool(r.documents) and r.documents[0]["author_bio"] is not None,
                       change={"max_words": 5}),
    "duplicate-title": Case("# Harbour wall repairs\n\nHarbour wall repairs\n\n" + ARTICLE, by_rule("duplicate-title"),
                            "a.md"),
    "dangling-fragment": Case(ARTICLE + "\n\nHis other articles are available at:", by_rule("dangling-fragment")),
    "html-boilerplate": Case(HTML.replace("</article>", DOC_COMMENT + "</article>"),
                             lambda r: "footer line" not in bodies(r) and "check the date" not in bodies(r), "a.html",
                             {"editor_notes": []}),
    "html-tag": Case("Some <b>bold</b> words here.\n\n" + ARTICLE, by_rule("html-tag")),
    "link-url-text": Case("See [https://example.org/report](https://example.org/report) for the plan.\n\n" + ARTICLE,
                          by_rule("link-url-text"), "a.md"),
    "content-model": Case("\n\n".join(["Home", "Sport", "Weather", "Contact", "Jobs", "Imprint"]) + "\n\n" + ARTICLE,
                          lambda r: not r.documents or removed(r, "content-model"), "a.md", {"min_blocks": 10_000},
                          base={"min_blocks": 1, "min_region_words": 1, "threshold": 0.01, "keep_outside": 1.01,
                                "drop_inside": 1.01}),
}


def test_every_structural_rule_has_a_step_and_a_case() -> None:
    names = {r["name"] for r in STRUCTURAL_RULES}
    assert names <= set(STRUCTURAL), sorted(names - set(STRUCTURAL))
    assert names <= set(CASES), f"add a case for {sorted(names - set(CASES))}"
    for name in names:
        module, _, function = STRUCTURAL[name].function.rpartition(".")
        assert callable(getattr(importlib.import_module(module), function)), name


@pytest.mark.parametrize("rule", [r["name"] for r in STRUCTURAL_RULES])
def test_fires_and_a_source_can_disable_it(rule: str) -> None:
    case = CASES[rule]
    assert case.fired(case.result(rule)), f"{rule} does not fire on its example"
    assert not case.fired(case.result(rule, disable=(rule,))), f"disabling {rule} does nothing"


@pytest.mark.parametrize("rule", [r["name"] for r in STRUCTURAL_RULES if r.get("params")])
def test_its_params_are_the_ones_used(rule: str) -> None:
    case = CASES[rule]
    assert case.change is not None, f"{rule} has params: say which change stops it firing"
    assert not case.fired(case.result(rule, change=case.change)), f"{rule} ignores {case.change}"


def test_structural_rule_without_a_step_or_with_wrong_params_is_refused() -> None:
    with pytest.raises(RuleError, match="no step"):
        compile_rules([{"name": "no-such-step", "kind": "structural", "description": "x"}])
    with pytest.raises(RuleError, match="missing max_words"):
        compile_rules([{"name": "author-bio", "kind": "structural", "description": "x", "params": {}}])
    with pytest.raises(RuleError, match="unknown colour"):
        compile_rules([{"name": "author-bio", "kind": "structural", "description": "x",
                        "params": {"max_words": 1, "colour": 2}}])


def test_an_html_page_is_judged_by_the_html_thresholds() -> None:
    """On an HTML page (already segmented by trafilatura) the model uses html_keep_outside and
    html_drop_inside, not the thresholds of text and markdown."""
    prompts = "".join(f"<p>The harbour office will answer questions about the works in note {n} of this page, "
                      "on weekdays between nine and five.</p>" for n in range(1, 7))
    page = HTML.replace("</article>", prompts + "</article>")
    acting = {"min_blocks": 1, "min_region_words": 1, "threshold": 0.01, "keep_outside": 1.01, "drop_inside": 1.01}
    calm = run(page, "a.html", params={**acting, "html_keep_outside": 0.0, "html_drop_inside": 0.0},
               rule="content-model")
    sure = run(page, "a.html", params={**acting, "html_keep_outside": 1.01, "html_drop_inside": 1.01},
               rule="content-model")
    assert calm.documents and not removed(calm, "content-model")
    assert "in note 3 of this page" in bodies(calm)
    assert not sure.documents or removed(sure, "content-model")


def test_a_running_header_beside_page_numbers_goes_after_two_pages() -> None:
    """In a PDF dump the line at the head of each page, after the previous page's number, is a
    running header once it comes back on a second page (min_page_repeats), though it falls
    short of min_repeats; the same line twice in the running text stays."""
    page = PROSE * 3
    text = "\n\n".join([page, "- 1 -", "Harbour Board Annual Report, Section 1", page,
                         "- 2 -", "Harbour Board Annual Report, Section 2", page])
    result = run(text)
    assert removed(result, "running-header")
    assert "Harbour Board Annual Report" not in bodies(result)
    assert not removed(run(text, params={"min_page_repeats": 3}, rule="running-header"), "running-header")
    twice = f"{page}\n\nHarbour Board Annual Report, Section 1\n\n{page}\n\nHarbour Board Annual Report, Section 2\n\n{page}"
    assert "Harbour Board Annual Report" in bodies(run(twice))
    quantities = "\n\n".join([page, "1", "cup of harbour salt", "1", "cup of harbour salt", page])  # no page count
    assert "cup of harbour salt" in bodies(run(quantities))
    years = "\n\n".join([page, "2008", "Harbour wall rebuilt", "2009", page])  # one line between two numbers
    assert "Harbour wall rebuilt" in bodies(run(years))


def test_a_live_blogs_entry_times_are_no_running_header() -> None:
    """Each entry of a live blog opens with its own clock time ('**16:48 GMT**'): lines that
    differ only in their digits, yet each is the entry's stamp, not a header repeated page by
    page. The same time on every entry, or a stamp with its day, still goes."""
    entries = [f"**{time} GMT**\n\n{PROSE}" for time in ("16:48", "15:20", "12:05", "09:40")]
    text = "# Storm closes the coast road: live\n\n" + "\n\n".join(entries)
    result = run(text, "a.md")
    assert not removed(result, "running-header")
    assert "15:20 GMT" in bodies(result) and "12:05 GMT" in bodies(result)
    same = "\n\n".join(f"**16:48 GMT**\n\n{PROSE}" for _ in range(4))
    assert removed(run(same, "a.md"), "running-header")
    dated = "\n\n".join(f"**{day} March 2025, 16:48 GMT**\n\n{PROSE}" for day in (10, 11, 12, 13))
    assert removed(run(dated, "a.md"), "running-header")


def test_a_running_footer_at_form_feeds_goes_and_the_first_pages_header_with_it() -> None:
    """pdftotext ends each page with a form feed: a line at a page's foot or head that comes
    back on a second page is a running header, and the file's first line, which opens with
    its words, is the first page's header written out in full."""
    page = PROSE * 3
    text = (f"Harbour Review of Coastal Works, Vol. 3, No. 2\n\nSlip Repair Backed by the Council\n\n{page}\n\n"
            f"Harbour Review of Coastal Works   1\f{page}\n\nHarbour Review of Coastal Works   2\f{page}")
    result = run(text)
    assert "Harbour Review" not in bodies(result)
    assert result.documents[0]["title"] == "Slip Repair Backed by the Council"
    assert not removed(run(text, params={"min_page_repeats": 3}, rule="running-header"), "running-header")


def test_a_page_head_inside_a_running_sentence_is_a_running_header() -> None:
    """Seen once only, a page's first line that stands inside a sentence running on from the
    page before ('… compared' / HEADER / 'with …') is page furniture; the sentence is whole again."""
    page = PROSE * 3
    text = "\n\n".join([page, "The wall cost less than the council had feared, compared", "- 2 -",
                        "Harbour Board Annual Report, Vol. 3", "with the estimate of last spring.", page, "- 3 -", page])
    result = run(text)
    assert "Harbour Board Annual Report" not in bodies(result)
    assert "had feared, compared with the estimate of last spring." in bodies(result)
    kept_head = "\n\n".join([page, "The wall cost less than the council had feared.", "- 2 -",
                             "Harbour Board Annual Report, Vol. 3", "With the estimate of last spring.", page, "- 3 -", page])
    assert "Harbour Board Annual Report" in bodies(run(kept_head))


def test_a_sentence_going_on_over_a_page_break_keeps_its_capitalised_line() -> None:
    """A page that opens inside a sentence with a capital ('Westport …') wrapped straight into a
    lower-case line is the sentence going on, no running header: nothing of it is removed."""
    page = PROSE * 3
    going_on = "Westport council officials, who had asked for the survey in March, would"
    text = (f"{page}\n\nThe engineers said the work would be finished by the end of the year, as\n\f\n"
            f"{going_on}\nnot wait any longer for the money.\n\n{page}\n\n{page}")
    result = run(text)
    assert not removed(result, "running-header")
    assert going_on in bodies(result)


def test_a_short_headed_part_is_an_article_and_its_minimum_is_a_param() -> None:
    """A news brief under its own headline (a short record of an export) is an article of a
    digest though it falls short of min_prose_words (non-article-part) and of min_words
    (article-split); under min_headed_prose_words, or min_headed_words before a separator,
    it is not, and a table of contents, which has no headline over prose, never is."""
    brief = "The ferry will run a late boat on Saturdays from May, the harbour office said on Monday."
    text = f"# Harbour wall\n\n{ARTICLE}\n\n* * *\n\n# Late ferry on Saturdays\n\n{brief}\n"
    assert [d["title"] for d in run(text, "a.md").documents] == ["Harbour wall", "Late ferry on Saturdays"]
    strict = run(text, "a.md", params={"min_headed_prose_words": 40}, rule="non-article-part")
    assert [d["title"] for d in strict.documents] == ["Harbour wall"] and removed(strict, "non-article-part")
    first = f"# Late ferry on Saturdays\n\n{brief}\n\n* * *\n\n# Harbour wall\n\n{ARTICLE}\n"  # the brief first
    assert [d["title"] for d in run(first, "a.md").documents] == ["Late ferry on Saturdays", "Harbour wall"]
    unsplit = run(first, "a.md", params={"min_headed_words": 40}, rule="article-split")
    assert len(unsplit.documents) == 1
    toc = "Contents\n\n" + TOC + "\n\n---\n\n# Harbour wall\n\n" + ARTICLE
    assert len(run(toc, "a.md").documents) == 1
