"""Unit tests of docpipe.text.dates.english_datetime: the plain English dates it reads without
dateparser must be read as dateparser reads them (metadata.parse_datetime's settings); and of
find_dates' pattern: its speed-up lookahead must not change a match."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from docpipe.text.dates import ABSOLUTE_DATE, date_pattern, english_datetime, month_table
from docpipe.text.metadata import parse_datetime


def _dateparser(found: str) -> dt.datetime | None:
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
                "RELATIVE_BASE": dt.datetime(2000, 1, 1)}  # fmt: skip
    return dateparser.parse(found.replace("@", " "), settings=settings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 9, 2020 @ 1:36 am", dt.datetime(2020, 12, 9, 1, 36)),
        ("Dec. 9th 2020 at 12:05 AM", dt.datetime(2020, 12, 9, 0, 5)),
        ("9 Sept 2020, 12:05pm", dt.datetime(2020, 9, 9, 12, 5)),
        ("2024-02-29 17:45", dt.datetime(2024, 2, 29, 17, 45)),
        ("MAY 1 2021", dt.datetime(2021, 5, 1)),
    ],
)
def test_reads_the_plain_english_forms(text: str, expected: dt.datetime) -> None:
    assert english_datetime(text) == expected == _dateparser(text)


@pytest.mark.parametrize(
    "text",
    ["Mayday 5, 2020", "February 30, 2020", "June 1, 2020 at 0:15 am", "June 1, 2020 at 1:15 a.m.",
     "1.6.2020", "June 1, 2020 24:00"],
)  # fmt: skip
def test_leaves_the_rest_to_dateparser(text: str) -> None:
    assert english_datetime(text) is None


def test_same_as_dateparser_on_random_dates() -> None:
    rng = random.Random(3)
    months = ["January", "jan", "Feb.", "SEPT", "sep", "May", "june", "Decembre", "Marc"]
    answered = 0
    for _ in range(300):
        day = rng.choice([str(rng.randint(0, 32)), f"{rng.randint(1, 9):02d}"])
        day += rng.choice(["", "st", "th"])
        hour, minute = rng.randint(0, 24), f"{rng.randint(0, 59):02d}"
        clock = rng.choice(["", f" @ {hour}:{minute}", f", {hour}:{minute} {rng.choice('ap')}m"])
        year = rng.choice(["1999", "2020", "2100"])
        iso = f"{year}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
        month = rng.choice(months)
        text = rng.choice([f"{month} {day}, {year}{clock}", f"{day} {month} {year}{clock}",
                           f"{iso}{clock}"])  # fmt: skip
        match = ABSOLUTE_DATE.search(text)
        if match is None:
            continue
        found = english_datetime(match.group(0))
        if found is not None:
            answered += 1
            assert found == _dateparser(match.group(0)), text
        assert parse_datetime(text) == _dateparser(match.group(0)), text
    assert answered > 100


def test_month_names_are_what_the_lookahead_assumes() -> None:
    # The lookahead of find_dates lets through one to three words of letters before the day.
    shape = re.compile(r"[^\W\d_]+(?: [^\W\d_]+){0,2}")
    assert all(shape.fullmatch(name) for name in month_table())


_TRICKY = [
    "May 5, 2024", "Sept. 5th, 2024 and 7 May 2024", "tháng mười một 5, 2024", "de març 3 2024",
    "Published: 12 de març de 2024", "MARCH5 2024", "March 2024", "the may 05 2024 issue",
    "am 3. Mai 2024, 14:00", "Mai 3 20245", "Maio 3, 2024_", "Ιανουαρίου 3 2024", "марта 1, 2023",
    "news 2024-05-03 and 03.05.24, 3/15/2024", "x_May 5, 2024", "May  5 ,2024", "May\n5\n2024",
]  # fmt: skip


def test_guarded_date_pattern_matches_as_the_plain_one() -> None:
    rng = random.Random(5)
    words = ["May", "mai", "Sept.", "de", "març", "tháng", "mười", "một", "5", "05th", "2024",
             "12,", "x", "3.", "_", "-", "/", "\n", "Jan", "19"]  # fmt: skip
    texts = _TRICKY + [" ".join(rng.choices(words, k=8)) for _ in range(2000)]
    texts += ["".join(rng.choices([*words, " ", " "], k=10)) for _ in range(2000)]
    guarded, plain = date_pattern(guarded=True), date_pattern(guarded=False)
    name_first = 0
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in guarded.finditer(text)] == expected, text
        name_first += sum(groups["n2"] is not None for _, groups in expected)
    assert name_first >= 30  # the texts do hold the dates the lookahead is for
