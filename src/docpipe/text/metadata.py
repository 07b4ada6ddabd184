"""Metadata the page states about its article: title, site, author, publication date, comments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from docpipe.text.zones import COMMENT_HEADER, PERSON_NAME, Zoned

# An absolute date with a year: relative dates ("2 hours ago") depend on when the page was saved,
# which a text dump does not say, and would make the tables depend on the day of the run.
_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b({_MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
    r"(\s*(@|at|,)?\s*\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
_SITE_LINE = re.compile(r"^[-–|]?\s*(?P<name>[^-–|]{2,60}?)\s*[-–|]\s*(?P<url>https?://\S+)")
_URL = re.compile(r"https?://[^\s\"'<>]+")
_BIO = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}) (is|was) (an?|the)\b")
_BY = re.compile(r"^(by|von|por|par|oleh)\s+(?P<name>[^,|•·\d]{3,60}?)\s*([,|•·]|\d|$)", re.I)
# Look for the site name in the first few paragraphs only: further down, URLs are links.
_SITE_WINDOW = 5
_BIO_WINDOW = 3


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    title_paragraph: int | None = None
    site: str | None = None
    site_paragraph: int | None = None
    author: str | None = None
    author_paragraph: int | None = None
    published: dt.date | None = None
    published_paragraph: int | None = None


@dataclass(frozen=True)
class Comment:
    comment_index: int
    author: str | None
    posted_at: dt.datetime | None
    start: int
    end: int


@lru_cache(maxsize=4096)
def parse_datetime(text: str) -> dt.datetime | None:
    """The first absolute date (and time) in text, or None. Deterministic: no 'now' is involved."""
    match = _DATE.search(text)
    if match is None:
        return None
    import dateparser  # slow to import; only pages with a date pay for it

    parsed = dateparser.parse(
        match.group(0).replace("@", " "),
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            "RELATIVE_BASE": dt.datetime(2000, 1, 1),
        },
    )
    return parsed


def extract_metadata(texts: Sequence[str], zones: Sequence[Zoned]) -> Metadata:
    """Metadata from a page's paragraphs and zones; each value names the paragraph it came from."""
    found: dict[str, object] = {}
    for index, zoned in enumerate(zones):
        if zoned.zone == "title":
            found.update(title=texts[index], title_paragraph=index)
            break
    found.update(_site(texts))
    found.update(_author(texts, zones))
    found.update(_published(texts, zones))
    return Metadata(**found)  # type: ignore[arg-type]


def _site(texts: Sequence[str]) -> dict[str, object]:
    for index, text in enumerate(texts[:_SITE_WINDOW]):
        line = _SITE_LINE.match(text)
        if line:
            return {"site": line.group("name").strip(), "site_paragraph": index}
        url = _URL.search(text)
        if url:
            host = urlsplit(url.group(0)).hostname or ""
            host = host.removeprefix("www.")
            if host:
                return {"site": host, "site_paragraph": index}
    return {}


def _author(texts: Sequence[str], zones: Sequence[Zoned]) -> dict[str, object]:
    for index, zoned in enumerate(zones):
        if zoned.zone != "byline":
            continue
        if zoned.reason == "name_before_byline":
            return {"author": texts[index], "author_paragraph": index}
        by = _BY.match(texts[index])
        if by and PERSON_NAME.match(by.group("name").strip()):
            return {"author": by.group("name").strip(), "author_paragraph": index}
    body = [i for i, zoned in enumerate(zones) if zoned.zone == "body"]
    for index in body[-_BIO_WINDOW:]:
        bio = _BIO.match(texts[index])
        if bio:
            return {"author": bio.group("name"), "author_paragraph": index}
    return {}


def _published(texts: Sequence[str], zones: Sequence[Zoned]) -> dict[str, object]:
    """A date in the article's byline or title area; never one from a comment or caption."""
    first_body = next((i for i, z in enumerate(zones) if z.zone == "body"), len(zones))
    for index in range(first_body):
        if zones[index].zone not in ("byline", "title", "navigation", "boilerplate"):
            continue
        parsed = parse_datetime(texts[index])
        if parsed is not None:
            return {"published": parsed.date(), "published_paragraph": index}
    return {}


def extract_comments(
    texts: Sequence[str], spans: Sequence[tuple[int, int]], zones: Sequence[Zoned]
) -> list[Comment]:
    """One Comment per comment header, spanning the comment paragraphs up to the next header."""
    comments: list[Comment] = []
    headers = [i for i, zoned in enumerate(zones) if zoned.reason == "comment_header"]
    for number, header in enumerate(headers):
        following = headers[number + 1] if number + 1 < len(headers) else len(zones)
        body = [i for i in range(header + 1, following) if zones[i].zone == "comment"]
        match = COMMENT_HEADER.match(texts[header])
        author = match.group("author").strip() if match else None
        posted = parse_datetime(match.group("posted")) if match else None
        # A comment with no text keeps its row (its author and time are facts of the page);
        # its text is the empty span at the end of its header.
        start, end = (spans[body[0]][0], spans[body[-1]][1]) if body else (spans[header][1],) * 2
        comments.append(Comment(len(comments), author, posted, start, end))
    return comments
