"""Publication dates from short text lines, independent of the day the run happens.

dateparser does the parsing (many formats and languages); this module only decides
which lines are worth handing to it, strips labels, and pins the settings so the
result never depends on today: partial dates ("March 2024", "Page 3 of 12") are
rejected instead of being completed from the current date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from dateparser.date import DateDataParser

_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")
#: A letter, and in the scripts of India (Devanagari to Sinhala) the vowel signs and viramas
#: within a word ("মার্চ", "मार्च"), which ``re`` counts as no word characters. The two classes
#: share no character: a character that both matched would double the ways a run of letters
#: can be matched at each character, and a failed match would try them all.
_LETTER = r"(?:[^\W\d_\u0900-\u0dff]|[\u0900-\u0dff])"
_WORD = re.compile(_LETTER + "+")
#: A clock time; the words that may follow it ("Uhr", "horas") are connectors of the
#: language files and are cut with the other connectors.
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|h)?\b", re.IGNORECASE)
#: What may join a date and its time ("3 May 2024, 10:00"): punctuation only here; the words
#: of each language ("at", "um", "à") come from ``flows/rules/lang/*.toml`` via the caller.
_CONNECTOR = re.compile(r"(?<![\s\-–,@])(?:\s*+[-–,@])+\s*$")
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
_DOTTED = re.compile(r"(?<!\d)\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}(?!\d)")
_SHORT_YEAR = re.compile(r"(\d{1,2}[./]\s?\d{1,2}[./]\s?)(\d{2})")
#: A year of two digits after an apostrophe ("14 Feb ’20", "March 5, '24"), read as a
#: numeric date's two-digit year (``_full_year``).
_APOSTROPHE_YEAR = re.compile(r"(?<![\w’'‘])[’'‘](\d\d)(?![\w’'‘])")
#: The year that ends a date piece: four digits, or two after an apostrophe.
_PIECE_YEAR = r"(?:(?:1[89]|20)\d\d(?!\d)|[’'‘]\d\d(?![\w’'‘]))"
#: A count in brackets after a month ("November 2014 (3)": an archive's posts that month),
#: never the day of the month.
_COUNT = re.compile(r"\s*\(\d{1,5}\)\s*$")


#: A decimal digit of any script but ASCII (``re``'s ``\d`` is every script's).
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digits(text: str) -> str:
    """Every script's decimal digits read as the ASCII ones (Arabic-Indic "١٢ مارس ٢٠٢٤",
    Bengali "আগস্ট ২৯, ২০২০", Devanagari, full-width "２０２４年"): one character for one, so a
    date's span stays where it was written."""
    if _OTHER_DIGIT.search(text) is None:
        return text
    return _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit[0])), text)


#: Thai months, full and abbreviated, in calendar order: read as English month abbreviations
#: (dateparser reads "มี.ค." as January).
_THAI_MONTHS = (("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
                ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
                ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."))
_ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_THAI_MONTH = re.compile("|".join(re.escape(name) for names in _THAI_MONTHS for name in sorted(names, key=len, reverse=True)))
_THAI_MONTH_NUMBER = {name: number for number, names in enumerate(_THAI_MONTHS) for name in names}
#: A year of the Buddhist Era (543 ahead of the common era), as Thai dates count them.
_BUDDHIST_YEAR = re.compile(r"(?<!\d)2[45]\d\d(?!\d)")
_THAI = re.compile("[\u0e00-\u0e7f]")


def _thai_calendar(text: str) -> str:
    """A Thai date in the common era ("15 มี.ค. 2568" reads as "15 Mar.  2025"), one character
    for one (padded with a space), so a date's span stays where it was written; a year of the
    Buddhist Era only beside a Thai month; any other text unchanged."""
    if not _THAI.search(text):
        return text
    read, months = _THAI_MONTH.subn(_thai_month, text)
    return _BUDDHIST_YEAR.sub(lambda m: str(int(m[0]) - 543), read) if months else text


def _thai_month(match: re.Match[str]) -> str:
    """An abbreviated Thai month as the English one ('มี.ค.' as 'Mar. '); a full name stays
    (dateparser reads those)."""
    name = match[0]
    if "." not in name:
        return name
    return (_ENGLISH_MONTHS[_THAI_MONTH_NUMBER[name]] + ".").ljust(len(name))


def _full_year(two_digits: str) -> str:
    """A two-digit year as four: 2000-2069 or 1970-1999, whatever the day of the run."""
    return ("20" if int(two_digits) < 70 else "19") + two_digits


def could_be_date(text: str, max_words: int = 5) -> bool:
    """Cheap gate: short, holds a year or a numeric date, few words around it."""
    if len(text) > 70:
        return False
    text = _ascii_digits(text)
    return _has_year(text) and len(_WORD.findall(text)) <= max_words


def _has_year(text: str) -> bool:
    """Does ``text`` (digits in ASCII) hold a year, or a numeric date whose year may be short?"""
    return bool(_YEAR.search(text) or _NUMERIC.search(text) or _APOSTROPHE_YEAR.search(text))


@lru_cache(maxsize=64)
def _parser(languages: tuple[str, ...], date_order: str | None) -> DateDataParser:
    """One dateparser parser per language list and date order: building one per call
    (what ``dateparser.parse`` does) costs a large part of a call."""
    settings = dict(_SETTINGS)
    if date_order:
        settings["DATE_ORDER"] = date_order
    return DateDataParser(languages=list(languages) or None, settings=settings)


#: English dates with the month spelled out, the commonest kind on English pages. The
#: standard library reads these exact shapes (``strptime`` in the C locale) many times faster
#: than dateparser; ``tests/clean/test_dates.py`` checks both give the same date for
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
    text: str, languages: Sequence[str] = ("en",), date_order: str | None = None,
    connector: re.Pattern[str] | None = None,
) -> dt.date | None:
    """A full calendar date written in ``text`` (nothing else), or None.

    ``connector`` matches what may trail the date once its time is cut ("at", "um");
    punctuation only by default.
    """
    text = _COUNT.sub("", strip_times(_thai_calendar(_ascii_digits(text)))).strip(" ,-–|·•()[]")
    text = _APOSTROPHE_YEAR.sub(lambda year: _full_year(year[1]), text)
    text = (connector or _CONNECTOR).sub("", re.sub(r"\s{2,}", " ", text)).strip(" ,-–|·•()[]*")
    text = text[:-1] if text.endswith(".") and text[-2:-1].isdigit() else text
    if not text or not could_be_date(text):
        return None
    short = _SHORT_YEAR.fullmatch(text)
    if short:  # 31.10.23
        text = short[1] + _full_year(short[2])
    iso = _ISO.fullmatch(text)
    if iso:  # ISO 8601 needs no locale: read it directly, as dateparser would
        found = _safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    else:
        if date_order is None and ((languages and languages[0] != "en") or _DOTTED.search(text)):
            date_order = "DMY"  # numeric dates outside English, and dotted ones anywhere, are day-first
        found = _parse(text, tuple(dict.fromkeys(languages)), date_order)
    if found is None or not (1800 <= found.year <= 2100):
        return None
    return found


#: Date-shaped pieces of a longer line, tried in order: ISO, numeric, "3 May 2024" (also
#: "3-May-2024", "3 / May / 2024", "3rd of May 2024"), "May 3, 2024", "3 de mayo de 2024", year
#: first ("2024. május 3.", "2024.05.03"), CJK "2024年5月3日", Korean "2024년 5월 3일". Bounded,
#: no nested quantifiers.
_DATE_PIECES = (
    re.compile(r"(?<!\d)(?:1[89]|20)\d\d-[01]?\d-[0-3]?\d(?!\d)"),
    re.compile(r"(?<!\d)[0-3]?\d\s?[./-]\s?[01]?\d\s?[./-]\s?(?:1[89]|20)?\d\d(?![\d])"),
    re.compile(r"(?<!\d)(?:1[89]|20)\d\d/[01]?\d/[0-3]?\d(?!\d)"),
    re.compile(r"(?<!\d)[0-3]?\d(?:st|nd|rd|th|er|º|\.)?(?:\s{0,2}[/-]\s{0,2}|\s{0,2})(?:de\s|of\s)?" + _LETTER + r"{3,12}\.?,?"
               r"(?:\s{0,2}[/-]\s{0,2}|\s{1,2})(?:de\s)?" + _PIECE_YEAR),
    re.compile(_LETTER + r"{3,12}\.?\s{1,2}[0-3]?\d(?:st|nd|rd|th)?,?\s{1,2}" + _PIECE_YEAR),
    re.compile(r"(?<!\d)(?:1[89]|20)\d\d\.?\s{1,2}" + _LETTER + r"{3,12}\.?\s{1,2}[0-3]?\d\.?(?!\d)"),
    re.compile(r"(?<![\d.])(?:1[89]|20)\d\d\.(?:[01]\d\.[0-3]\d|\s[01]?\d\.\s[0-3]?\d)(?![\d])"),  # not '2024.1.2'
    re.compile(r"(?:1[89]|20)\d\d\s?[年년]\s?[01]?\d\s?[月월]\s?[0-3]?\d\s?[日일]"),
)
#: The most characters a piece above can span (the day-month-year one at its widest).
_LONGEST_PIECE = 38
_DIGIT = re.compile(r"\d")
_GLUED_YEAR = re.compile(r"(?<=[^\d])((?:19|20)\d\d)(?=\d{1,2}[./ ]|[^\W\d_])")
#: A date written year first in digits: CJK "2024年3月5日", Korean "2024년 3월 5일", dotted
#: "2024.03.05" (read as year, month, day: no language writes the day second).
_YEAR_FIRST = re.compile(r"(\d{4})(?:\s?[年년]\s?|\.\s?)(\d{1,2})(?:\s?[月월]\s?|\.\s?)(\d{1,2})\s?[日일]?")


def strip_times(text: str) -> str:
    """``text`` without clock times ("10:42", "9h30", "05:00 Uhr")."""
    return _TIME.sub(" ", text)


def find_date(
    text: str, languages: Sequence[str] = ("en",), date_order: str | None = None,
    connector: re.Pattern[str] | None = None,
) -> dt.date | None:
    """The first full date written somewhere in a short line ("Posted on 3 May 2024 by …")."""
    found = find_date_span(text, languages, date_order, connector)
    return found[2] if found else None


def may_hold_date_by(text: str, max_start: int) -> bool:
    """Could a date start at or before ``max_start`` of ``text``? Every date piece holds a
    digit and spans at most ``_LONGEST_PIECE`` characters: a line without a digit that early
    opens with no date, whatever follows (a cheap test before ``find_date_span``)."""
    return _DIGIT.search(text, 0, max_start + _LONGEST_PIECE + 1) is not None


def find_date_span(
    text: str, languages: Sequence[str] = ("en",), date_order: str | None = None,
    connector: re.Pattern[str] | None = None, max_start: int | None = None,
) -> tuple[int, int, dt.date] | None:
    """``find_date`` with where the date was written (start, end); with ``max_start``, only a
    date that starts there or before (the caller wants a line that opens with its date)."""
    if len(text) > 300:
        return None
    text = _thai_calendar(_ascii_digits(text))
    if not _has_year(text):
        return None
    text = _GLUED_YEAR.sub(r"\1 ", text)  # "19. Mai 202220. Mai 2022" (published and updated, glued)
    # No piece is longer than _LONGEST_PIECE, so a scan that stops one character past the
    # longest piece from max_start finds exactly the pieces that start there or before.
    end = len(text) if max_start is None else min(len(text), max_start + _LONGEST_PIECE + 1)
    found: list[tuple[int, int, dt.date]] = []
    for pattern in _DATE_PIECES:
        for match in pattern.finditer(text, 0, end):
            if max_start is not None and match.start() > max_start:
                break
            piece = match.group(0)
            ymd = _YEAR_FIRST.fullmatch(piece)
            day = _safe_date(int(ymd[1]), int(ymd[2]), int(ymd[3])) if ymd else \
                parse_date(piece, languages, date_order, connector)
            if day is not None:
                found.append((match.start(), match.end(), day))
                break
    return min(found, key=lambda f: f[0]) if found else None


_SLASHED = re.compile(r"(?<![\d/])([0-3]?\d)/([0-3]?\d)/(?:1[89]|20)\d\d(?![\d/])")


def page_date_order(texts: Iterable[str]) -> str | None:
    """"DMY" when the page's slashed dates are day-first: one of them can only be read that way
    ("25/03/2024") and none only the other way ("03/25/2024"). English pages outside the US
    write the day first; without such a date, 04/12/2020 stays the language's default."""
    day_first = month_first = False
    for text in texts:
        if "/" not in text:
            continue
        for match in _SLASHED.finditer(text):
            first, second = int(match[1]), int(match[2])
            day_first |= 12 < first <= 31 and 1 <= second <= 12
            month_first |= 12 < second <= 31 and 1 <= first <= 12
    return "DMY" if day_first and not month_first else None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|-|$|\.)|/((?:19|20)\d\d)([01]\d)([0-3]\d)/")


def url_date(url: str) -> dt.date | None:
    """A date in a page URL's path: ``/2024/03/05/`` or ``/2024-03-05-…`` or ``/20240305/``."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    match = _URL_DATE.search(path)
    if not match:
        return None
    year, month, day = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
    return _safe_date(int(year), int(month), int(day))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return None
    return found if 1800 <= found.year <= 2100 else None
