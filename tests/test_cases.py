"""The hand-made corpus (tests/cases): golden regression and hand-written expectations.

Two gates, as in trafilatura's evaluation:
- ``expected.json`` (written by ``make golden``, reviewed as a diff) must match exactly,
  so no change in cleaning goes unnoticed;
- ``expect.toml`` holds a person's judgement of the right answer; each check counts,
  and the share of checks passed must stay at or above the floor in ``floor.toml``.
  The floor only moves up.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.golden import CASES, case_input, documents_for, dump

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())
FLOOR = tomllib.loads((CASES / "floor.toml").read_text())


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def expectation_checks(case: Path, documents: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """(check name, passed) for every statement in the case's expect.toml."""
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    checks = [("documents", len(documents) == expect["documents"])]
    for number, want in enumerate(expect.get("doc", [])):
        got = documents[number] if number < len(documents) else None
        sections = got["sections"] if got else []
        raw_body = "\n\n".join(p for s in sections for p in ([s["heading"]] if s["heading"] else []) + s["paragraphs"])
        body = _ws(raw_body)
        for key in ("title", "subtitle", "publisher", "section", "url", "language", "date_published"):
            if key in want:
                checks.append((f"{number}.{key}", bool(got) and _ws(str(got[key] or "")) == _ws(str(want[key]))))
        if want.get("title_is_null"):
            checks.append((f"{number}.title_is_null", bool(got) and not got["title"]))
        if "authors" in want:
            checks.append((f"{number}.authors", bool(got) and [_ws(a) for a in got["authors"]] == want["authors"]))
        for fragment in want.get("body_contains", []):
            checks.append((f"{number}.contains {fragment[:30]!r}", _ws(fragment) in body))
        for fragment in want.get("body_not_contains", []):
            gone = fragment not in raw_body and (not _ws(fragment) or _ws(fragment) not in body)
            checks.append((f"{number}.lacks {fragment[:30]!r}", bool(got) and gone))
        if "headings" in want:
            found = {_ws(s["heading"]) for s in got["sections"] if s["heading"]} if got else set()
            for heading in want["headings"]:
                checks.append((f"{number}.heading {heading[:30]!r}", _ws(heading) in found))
    return checks


@pytest.fixture(scope="module")
def results(config) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    out = {}
    for case in CASE_DIRS:
        source = case_input(case)
        out[case.name] = documents_for(source, source.name, config)
    return out


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_golden(results: dict[str, dict[str, Any]], case: Path) -> None:
    expected = case / "expected.json"
    assert expected.is_file(), "run `make golden` and review the diff"
    assert dump(results[case.name]) == expected.read_text(encoding="utf-8"), "output changed: `make golden`, review"


def test_expectations_floor(results: dict[str, dict[str, Any]]) -> None:
    total = passed = 0
    failures = []
    for case in CASE_DIRS:
        for name, ok in expectation_checks(case, results[case.name]["documents"]):
            total += 1
            passed += ok
            if not ok:
                failures.append(f"{case.name}: {name}")
    share = passed / total
    print(f"\nexpectations: {passed}/{total} = {share:.3f} (floor {FLOOR['expectations']})")
    assert share >= FLOOR["expectations"], "\n".join(failures)


def test_every_case_has_a_document(results: dict[str, dict[str, Any]]) -> None:
    for case in CASE_DIRS:
        assert results[case.name]["documents"], (case.name, json.dumps(results[case.name]["rejections"]))
