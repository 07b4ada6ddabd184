"""Absolute calendar dates printed in a line, in the languages dateparser knows the months of.

Only dates with a day, a month and a year are read: relative dates ("2 hours ago") depend on when
the page was saved, which a text dump does not say. Month names come from dateparser's locale data
(read once); the matching itself is a regular expression, so no line pays dateparser's parser.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from docpipe.text.words import short_text_cache

# The languages whose month names are read (extract-train's 26 and their neighbours).
LANGUAGES = [
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "sv",
    "nb",
    "da",
    "fi",
    "is",
    "pl",
    "cs",
    "sk",
    "tr",
    "id",
    "ms",
    "sw",
    "ru",
    "uk",
    "vi",
    "ro",
    "hu",
    "hr",
    "sl",
    "et",
    "lv",
    "lt",
    "el",
    "ca",
    "gl",
    "af",
]
# dateparser's names of the months, in order: the keys of its locale data.
MONTH_KEYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# An absolute date with a year, English month names or numeric, and a time after it (what
# metadata.parse_datetime hands dateparser, and what a byline's date looks like): relative
# dates ("2 hours ago") depend on when the page was saved, which a text dump does not say, and
# would make the tables depend on the day of the run.
_MONTHS_EN = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
ABSOLUTE_DATE = re.compile(
    rf"\b({_MONTHS_EN}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(st|nd|rd|th)?\s+{_MONTHS_EN},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
    r"(\s*(@|at|,)?\s*\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
# The English forms of ABSOLUTE_DATE that english_datetime reads without dateparser: a month
# name (full, its first three letters, or "sept", as dateparser knows them) and day, or an ISO
# day, with an optional 24-hour or am/pm time.
_ENGLISH_MONTHS = {
    name: number
    for number, month in enumerate(MONTH_KEYS, 1)
    for name in (month, month[:3], *(("sept",) if month == "september" else ()))
}
_CLOCK = r"(?:\s*(?:@|at|,)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*(?P<half>[ap])m)?)?"
_ENGLISH_FORMS = tuple(
    re.compile(form + _CLOCK, re.IGNORECASE)
    for form in (
        r"(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})",
        r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})",
    )
)


def twenty_four_hour(hour: int, half: str) -> int | None:
    """The hour of a 12-hour clock ("a" or "p", any case) on the 24-hour one; None out of 1-12."""
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if half.casefold() == "p" else 0)


def english_datetime(found: str) -> dt.datetime | None:
    """The day and time of an ABSOLUTE_DATE match in one of the plain English forms, as
    dateparser reads it; None when the form is another or anything is odd (a month dateparser
    may know otherwise, a day or hour out of range, a.m. with dots): then ask dateparser.

    dateparser takes about 1 ms a call, most of the tables stage's time on pages with reader
    comments (2.2 of 6.6 s on 1,000 generated pages). Checked against dateparser on 5,554
    distinct matches in the 333 extract-train and extract-dev pages, 1,000 generated pages and
    the seeds (4,281 read here, all the same) and on 5,922 generated strings (4,409 read here,
    all the same; tests/test_unit_dates.py repeats a sample of these)."""
    for form in _ENGLISH_FORMS:
        match = form.fullmatch(found)
        if match is None:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else _ENGLISH_MONTHS.get(month.casefold())
        hour = minute = 0
        if match["hour"] is not None:
            hour, minute = int(match["hour"]), int(match["minute"])
            if match["half"]:
                hour = twenty_four_hour(hour, match["half"])
                if hour is None:
                    return None
        if number is None:
            return None
        try:
            return dt.datetime(int(match["year"]), number, int(match["day"]), hour, minute)
        except ValueError:
            return None
    return None


# Years outside this range are a page's placeholder (1 January 1970) or a typo.
MIN_YEAR, MAX_YEAR = 1990, 2100
_ROMAN = re.compile(r"^[ivxlc]+$")


@lru_cache(maxsize=1)
def month_table() -> dict[str, int]:
    """Month name or abbreviation (case-folded, no final dot) -> month number; names that mean
    different months in two languages (Czech and Croatian "listopad") are left out."""
    from dateparser.languages.loader import default_loader

    table: dict[str, int] = {}
    ambiguous: set[str] = set()
    for language in LANGUAGES:
        info = default_loader.get_locale(language).info
        for number, month in enumerate(MONTH_KEYS, 1):
            for name in info.get(month, ()):
                name = name.casefold().rstrip(".")
                if len(name) < 3 or _ROMAN.match(name) or not name.replace(" ", "").isalpha():
                    continue
                if table.get(name, number) != number:
                    ambiguous.add(name)
                table[name] = number
    return {name: number for name, number in table.items() if name not in ambiguous}


# A month name first ("May 5, 2024") is tried at every word's start, and the regex engine tries
# the 661 names one by one. This lookahead lets through only a start followed by one to three
# words of letters (a name is at most three, of letters) and the day and year the rest of the
# pattern asks for: it matches wherever that rest can, so the matches are the same (checked on
# the 65,419 distinct paragraphs of 1,000 generated pages, 333 real pages and the seeds, and in
# tests/test_unit_dates.py); find_dates on the paragraphs of at most 30 words 0.80 -> 0.24 s.
_NAME_FIRST_GUARD = (
    r"(?<!\w)(?=[^\W\d_]+(?: [^\W\d_]+){0,2}\.?\s*\d{1,2}(?:st|nd|rd|th)?,?\s*\d{4}(?!\d))"
)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return date_pattern(guarded=True)


def date_pattern(guarded: bool) -> re.Pattern[str]:
    """The pattern of the dates find_dates reads; `guarded=False`: without the lookahead that
    only makes it faster (the tests compare the two)."""
    names = "|".join(re.escape(n) for n in sorted(month_table(), key=len, reverse=True))
    month = rf"(?<!\w)(?:{names})(?!\w)\.?"
    guard = _NAME_FIRST_GUARD if guarded else ""
    return re.compile(
        "|".join(
            [
                rf"(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th|\.|º|er)?\s*(?:de\s+|of\s+)?"
                rf"(?P<n1>{month}),?\s*(?:de\s+|del\s+)?(?P<y1>\d{{4}})(?!\d)",
                rf"{guard}(?P<n2>{month})\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s*"
                r"(?P<y2>\d{4})(?!\d)",
                r"(?<!\d)(?P<y3>\d{4})\s*[-/.年년]\s*(?P<m3>\d{1,2})\s*[-/.月월]\s*(?P<d3>\d{1,2})"
                r"(?![\d/])",
                r"(?<![\d.])(?P<d4>\d{1,2})\.\s?(?P<m4>\d{1,2})\.\s?(?P<y4>\d{4}|\d{2})(?!\w|\.\d)",
                r"(?<![\d/-])(?P<a5>\d{1,2})[/-](?P<b5>\d{1,2})[/-](?P<y5>\d{4})(?![\d/-])",
            ]
        ),
        re.IGNORECASE,
    )


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _date(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> dt.date | None:
    g = match.groupdict()
    table = month_table()
    if g["d1"]:
        return _date(int(g["y1"]), table[g["n1"].casefold().rstrip(".")], int(g["d1"]))
    if g["d2"]:
        return _date(int(g["y2"]), table[g["n2"].casefold().rstrip(".")], int(g["d2"]))
    if g["y3"]:
        return _date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    if g["y4"]:  # 30.04.2024: dotted dates are day first wherever they are printed
        return _date(_year(g["y4"]), int(g["m4"]), int(g["d4"]))
    first, second = int(g["a5"]), int(g["b5"])
    # 30/04/2024 is day first, 04/30/2024 month first; 04/05/2024 could be either: no date.
    if first > 12 >= second:
        return _date(int(g["y5"]), second, first)
    if second > 12 >= first:
        return _date(int(g["y5"]), first, second)
    return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """(offset, date) of every absolute date in text, in order."""
    return list(_dates(text))


# The headline, byline, author and date rules read the same header lines: on the 2,000
# generated pages 26,000 calls ask for 10,500 distinct paragraphs.
@short_text_cache(maxsize=1 << 14)
def _dates(text: str) -> tuple[tuple[int, dt.date], ...]:
    if not re.search(r"\d{2}", text):  # every pattern needs a year
        return ()
    found = []
    for match in _pattern().finditer(text):
        date = _from_match(match)
        if date is not None:
            found.append((match.start(), date))
    return tuple(found)
