"""Publication dates from short text lines, independent of the day the run happens.

dateparser does the parsing (many formats and languages); this module only decides
which lines are worth handing to it, strips labels, and pins the settings so the
result never depends on today: partial dates ("March 2024", "Page 3 of 12") are
rejected instead of being completed from the current date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from dateparser.date import DateDataParser

_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|uhr|hrs|horas|h)?\b", re.IGNORECASE)
_CONNECTOR = re.compile(r"(?:\s+(?:à|at|um|om|às|alle|a las|ore|kl\.?|-|–|,))+\s*$", re.IGNORECASE)
_FIXED_BASE = dt.datetime(2000, 1, 1)
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RELATIVE_BASE": _FIXED_BASE,
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    # Only absolute dates: the gate below already requires a year or a numeric date,
    # so the relative ("3 days ago"), timestamp and no-spaces parsers can never give a
    # full date here; skipping them makes each call about 2.5 times faster.
    "PARSERS": ["absolute-time"],
}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def could_be_date(text: str, max_words: int = 5) -> bool:
    """Cheap gate: short, holds a year or a numeric date, few words around it."""
    if len(text) > 70 or not (_YEAR.search(text) or _NUMERIC.search(text)):
        return False
    return len(_WORD.findall(text)) <= max_words


@lru_cache(maxsize=64)
def _parser(languages: tuple[str, ...], date_order: str | None) -> DateDataParser:
    """One dateparser parser per language list and date order: building one per call
    (what ``dateparser.parse`` does) is about 40 % of a call's cost."""
    settings = dict(_SETTINGS)
    if date_order:
        settings["DATE_ORDER"] = date_order
    return DateDataParser(languages=list(languages) or None, settings=settings)


#: English dates with the month spelled out, the commonest kind on English pages. The
#: standard library reads these exact shapes (``strptime`` in the C locale, ~10 µs) where
#: dateparser takes ~400 µs; ``tests/clean/test_dates.py`` checks both give the same date for
#: every shape, case and weekday. Anything else (abbreviations with a dot, other languages,
#: numeric dates, which need the date order) goes to dateparser.
ENGLISH_SHAPES = ("%d %B %Y", "%B %d, %Y", "%A %d %B %Y", "%A, %d %B %Y", "%A, %B %d, %Y", "%A %B %d, %Y",
                  "%d %b %Y", "%b %d, %Y")


def _english_shape(text: str) -> dt.date | None:
    for shape in ENGLISH_SHAPES:
        try:
            return dt.datetime.strptime(text, shape).date()
        except ValueError:
            continue
    return None


@lru_cache(maxsize=4096)
def _parse(text: str, languages: tuple[str, ...], date_order: str | None) -> dt.date | None:
    if languages == ("en",):
        found = _english_shape(text)
        if found is not None:
            return found
    try:
        parsed = _parser(languages, date_order).get_date_data(text).date_obj
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        return None
    return parsed.date() if parsed else None


def parse_date(
    text: str, languages: Sequence[str] = ("en",), date_order: str | None = None
) -> dt.date | None:
    """A full calendar date written in ``text`` (nothing else), or None."""
    text = _TIME.sub(" ", text).strip(" ,-–|·•()[]")
    text = _CONNECTOR.sub("", re.sub(r"\s{2,}", " ", text))
    if not text or not could_be_date(text):
        return None
    iso = _ISO.fullmatch(text)
    if iso:  # ISO 8601 needs no locale: read it directly, as dateparser would
        found = _iso_date(iso)
    else:
        if date_order is None and languages and languages[0] != "en":
            date_order = "DMY"  # numeric dates outside English are day-first almost everywhere
        found = _parse(text, tuple(dict.fromkeys(languages)), date_order)
    if found is None or not (1800 <= found.year <= 2100):
        return None
    return found


def _iso_date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
