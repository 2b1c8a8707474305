"""Dates: the standard-library fast path agrees with dateparser, and nothing depends on today."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.clean.dates import (
    _DATE_PIECES,
    _LETTER,
    _LONGEST_PIECE,
    ENGLISH_SHAPES,
    _english_shape,
    _parser,
    find_date,
    find_date_span,
    may_hold_date_by,
    page_date_order,
    parse_date,
)


def _dateparser(text: str) -> dt.date | None:
    parsed = _parser(("en",), None).get_date_data(text).date_obj
    return parsed.date() if parsed else None


@settings(max_examples=300, deadline=None)
@given(day=st.dates(dt.date(1850, 1, 1), dt.date(2099, 12, 31)), shape=st.sampled_from(ENGLISH_SHAPES),
       case=st.sampled_from([str, str.lower, str.upper, str.title]), weekday_shift=st.sampled_from([0, 0, 3]))
def test_the_fast_path_reads_what_dateparser_reads(day: dt.date, shape: str, case, weekday_shift: int) -> None:  # type: ignore[no-untyped-def]
    # a wrong weekday is ignored by both, as the day, month and year say the date
    text = case(day.strftime(shape).replace(day.strftime("%A"), (day + dt.timedelta(days=weekday_shift)).strftime("%A")))
    assert _english_shape(text) == day
    assert _dateparser(text) == day


@pytest.mark.parametrize("text", ["31 February 2023", "February 30, 2024", "Wednesday 32 January 2023"])
def test_impossible_dates_are_none_either_way(text: str) -> None:
    assert _english_shape(text) is None
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "languages", "expected"), [
    ("Published: 12 March 2023", ("en",), None),  # a label: metadata strips it before asking
    ("12 March 2023", ("en",), dt.date(2023, 3, 12)),
    ("Sept. 5, 2023", ("en",), dt.date(2023, 9, 5)),  # not a fast-path shape: dateparser
    ("2024-05-03", ("en",), dt.date(2024, 5, 3)),
    ("2024-02-30", ("en",), None),
    ("3 mai 2024", ("fr", "en"), dt.date(2024, 5, 3)),
    ("03/05/2024", ("fr", "en"), dt.date(2024, 5, 3)),  # day first outside English
    ("March 2024", ("en",), None),  # partial dates are never completed from today
    ("November 2014 (3)", ("en",), None),  # an archive's count of posts that month, no day
    ("14 Feb ’20", ("en",), dt.date(2020, 2, 14)),  # a two-digit year after an apostrophe
    ("Feb 14, '24", ("en",), dt.date(2024, 2, 14)),
    ("3. März ’98", ("de", "en"), dt.date(1998, 3, 3)),
    ("the ’90s", ("en",), None),
    ("März 2020 (12)", ("de", "en"), None),
    ("5 November 2014 (3)", ("en",), dt.date(2014, 11, 5)),
    ("Page 3 of 12", ("en",), None),
    ("12 March 1700", ("en",), None),  # outside 1800-2100
])
def test_parse_date(text: str, languages: tuple[str, ...], expected: dt.date | None) -> None:
    assert parse_date(text, languages) == expected


# --------------------------------------------------------------------------- dates that open a line

_PIECES = st.sampled_from(["5 March 2024", "05.03.2024", "2024-03-05", "March 5, 2024", "5. März 2024",
                           "5 de marzo de 2024", "2024年3月5日", "2024.03.05", "5th of March 2024", "3/5/24", "Page 3 of 12",
                           "10:42", "by", "Jane Roe",
                           "·", "|", "Posted on", "2024", "a long stretch of words without any digit in it"])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_PIECES, min_size=1, max_size=8), max_start=st.integers(0, 40))
def test_a_date_by_a_position_is_the_first_date_when_that_starts_there(parts: list[str], max_start: int) -> None:
    text = " ".join(parts)
    languages = ("en", "de", "es")
    full = find_date_span(text, languages)
    early = find_date_span(text, languages, max_start=max_start)
    assert early == (full if full is not None and full[0] <= max_start else None)
    if not may_hold_date_by(text, max_start):
        assert early is None


def test_no_date_piece_is_longer_than_the_scan_allows() -> None:
    # find_date_span(max_start=…) stops scanning one character past the widest piece
    assert max(re._parser.parse(p.pattern).getwidth()[1] for p in _DATE_PIECES) <= _LONGEST_PIECE  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["١٢ مارس ٢٠٢٤", "۱۲ مارس ۲۰۲۴", "12 مارس 2024"])
def test_arabic_indic_and_persian_digits_read_as_digits(text: str) -> None:
    assert find_date(text, ("ar", "en")) == dt.date(2024, 3, 12)
    assert parse_date(text, ("ar", "en")) == dt.date(2024, 3, 12)


def test_a_letter_matches_one_way_only() -> None:
    """``_LETTER``'s two classes share no character: each shared one would double the ways a
    run of letters matches, and a date piece failing on a long run of Bengali or Devanagari
    letters would try them all (1 ms a line where it takes microseconds)."""
    branches = [re.compile(branch) for branch in _LETTER[3:-1].split("|")]
    assert len(branches) == 2
    shared = [chr(c) for c in range(0x10000) if all(b.fullmatch(chr(c)) for b in branches)]
    assert shared == []


@pytest.mark.parametrize(("text", "languages"), [
    ("শনিবার, মার্চ ১২, ২০২৪", ("bn", "en")),  # Bengali digits, a month spelled with a virama
    ("Posted ১২ মার্চ ২০২৪ by", ("bn", "en")),
    ("सोमवार, १२ मार्च २०२४", ("hi", "en")),  # Devanagari digits, vowel signs in the month
    ("Posted १२ मार्च २०२४ by", ("hi", "en")),
    ("２０２４年３月１２日", ("ja", "en")),  # full-width digits
])
def test_every_scripts_digits_read_as_digits(text: str, languages: tuple[str, ...]) -> None:
    assert find_date(text, languages) == dt.date(2024, 3, 12)


@pytest.mark.parametrize(("text", "languages", "expected"), [
    ("Közzétéve: 2024. március 12. 10:42", ("hu", "en"), dt.date(2024, 3, 12)),  # year first, month spelled
    ("입력 2024.03.12 10:42", ("ko", "en"), dt.date(2024, 3, 12)),  # year first, dotted
    ("게시 2024. 3. 12.", ("ko", "en"), dt.date(2024, 3, 12)),
    ("2024년 3월 12일 by Jane Roe", ("ko", "en"), dt.date(2024, 3, 12)),
    ("Posted on Tuesday 12th of March 2024", ("en",), dt.date(2024, 3, 12)),
    ("Version 2024.1.2 released", ("en",), None),  # a version number, not a date
    ("2024.13.05", ("en",), None),
])
def test_dates_written_year_first_or_with_of_are_found_in_a_line(
        text: str, languages: tuple[str, ...], expected: dt.date | None) -> None:
    assert find_date(text, languages) == expected


@pytest.mark.parametrize("text", ["29 / Dezember / 2022", "Posted 29-Dec-2022 by Jane Roe", "29/Dez/2022 · Sport"])
def test_a_day_month_year_date_with_slashes_or_dashes_is_found_in_a_line(text: str) -> None:
    assert find_date(text, ("de", "en")) == dt.date(2022, 12, 29)


@pytest.mark.parametrize("text", ["veröffentlicht am 14 Feb ’20 von Jane Roe", "Posted Feb 14, '20 by Jane Roe"])
def test_a_date_with_a_two_digit_year_after_an_apostrophe_is_found_in_a_line(text: str) -> None:
    assert find_date(text, ("de", "en")) == dt.date(2020, 2, 14)


def test_page_date_order_needs_an_unambiguous_day_first_date_and_none_the_other_way() -> None:
    assert page_date_order(["12/04/2020 by Kay", "25/04/2020"]) == "DMY"
    assert page_date_order(["12/04/2020", "04/25/2020", "25/04/2020"]) is None  # both ways: no evidence
    assert page_date_order(["12/04/2020", "https://example.org/2020/13/04/post"]) is None
    assert page_date_order(["1/2/2020"]) is None


@pytest.mark.parametrize(("text", "day"), [
    ("15 มี.ค. 2568 09:42 น.", dt.date(2025, 3, 15)),  # Buddhist Era, abbreviated month (dateparser alone reads January)
    ("วันที่ 3 ต.ค. 2567", dt.date(2024, 10, 3)),
    ("© 2568 บริษัท ข่าวเหนือ จำกัด", None),  # a year alone is no date
])
def test_a_thai_date_counts_the_buddhist_era(text: str, day: dt.date | None) -> None:
    assert find_date(text, ["th", "en"]) == day
