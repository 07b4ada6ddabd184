"""Metadata the page states about its article: title, site, author, publication date, comments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from docpipe.schemas.fields import METADATA_REASONS
from docpipe.text.authors import find_author
from docpipe.text.dates import ABSOLUTE_DATE, english_datetime, find_dates, twenty_four_hour
from docpipe.text.headline import TitleModel, article_start, best_title, last_copy
from docpipe.text.title_model import TITLE_MODEL
from docpipe.text.words import word_count
from docpipe.text.zones import (
    NOT_HEADER,
    Zoned,
    comment_header,
    is_reply_button,
    thread_heading,
)

# The name starts with a non-space: else the spaces before it and those it may start with split a
# long run every way (a dash and 8,000 spaces: over 20 s).
_SITE_LINE = re.compile(
    r"^[-–|]?\s*(?P<name>[^-–|\s][^-–|]{1,59}?)\s*[-–|]\s*(?P<url>https?://\S+)"
)
_URL = re.compile(r"https?://[^\s\"'<>]+")
_SITE_WINDOW = 5
# The header: from the headline to this many paragraphs into the article and up to this many
# above the headline, at most _HEADER_MAX below it. On extract-train 90% of the gold dates that
# the page prints are within 10 paragraphs after the gold headline (a teaser, a photo between).
# Into the article (extract-train, date P / R): 2 lines 0.935 / 0.657, 4 0.938 / 0.687, 6 0.939 /
# 0.702, 8 0.940 / 0.707; 5 above the headline instead of 3: 0.930 / 0.667.
_HEADER_INTO_ARTICLE, _HEADER_ABOVE, _HEADER_MAX = 6, 3, 30
# The author is looked for a little further into the article: a standfirst taken for body can
# push the byline down ("Comparte", "Comenta", then the name). Site-grouped CV on extract-train's
# development folds: author 0.743 at 6, 0.757 at 8 and at 10. Dates stay at 6 (at 8 the held-out
# folds lost a correct date to a wrong one: precision 0.952 -> 0.937).
_AUTHOR_INTO_ARTICLE = 8
# A date in a longer paragraph, or late in a line, is what the text talks about (a caption's
# "..., Madrid, 15 May 2025", "Available until 06.05.2024"), not when the article was published;
# bylines print the date first or after a name or two. On extract-train these two rules took date
# precision from 0.875 to 0.935 when they were written (with a shorter header), with no date lost
# that a label announces.
_DATE_LINE_MAX_WORDS = 15
_DATE_MAX_OFFSET = 40
# How far before a date an "updated" or "published" label is looked for.
_LABEL_REACH = 30
_UPDATED = re.compile(
    r"(updated|update|modified|aktualisiert|geändert|stand|actualizad[oa]|actualización|mis à jour|"
    r"modifié|aggiornat[oa]|atualizad[oa]|uppdaterad|oppdatert|opdateret|päivitetty|bijgewerkt|"
    r"güncelle|zaktualizowano|aktualizováno|обновлено|оновлено|diperbarui|cập nhật|更新|"
    r"verfügbar bis|available until|valid until|gültig bis)",
    re.IGNORECASE,
)
# The date of a print issue is not when the article was published online ("Aus: Ausgabe vom
# 26.04.2024" over an article of the 25th, "December 25, 2023/January 1, 2024, Issue": two
# development pages of folds 0-2).
_ISSUE = re.compile(
    r"\b(?:ausgabe|issue|print edition|e-paper|édition du|edición impresa|edizione)\b",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"(published|posted|publiziert|veröffentlicht|erschienen|publicado|publié|pubblicato|"
    r"publicerad|publisert|publiceret|julkaistu|gepubliceerd|yayınlanma|opublikowano|"
    r"publikováno|опубликовано|опубліковано|diterbitkan|公開|発行)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Metadata:
    """Each value names the paragraph it was read from and the rule that read it (a reason
    code of REASONS); all three are null together."""

    title: str | None = None
    title_paragraph: int | None = None
    title_reason: str | None = None
    site: str | None = None
    site_paragraph: int | None = None
    site_reason: str | None = None
    author: str | None = None
    author_paragraph: int | None = None
    author_reason: str | None = None
    published: dt.date | None = None
    published_paragraph: int | None = None
    published_reason: str | None = None


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
    match = ABSOLUTE_DATE.search(text)
    if match is None:
        return None
    plain = english_datetime(match.group(0))
    if plain is not None:
        return plain
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


# A clock time beside a comment's date ("um 10:17 Uhr", "3.17pm", "10:15:30 pm", "10:15 pm,
# March 3"), not two parts of a date ("03.04.24", "2024.04.03") nor a UTC offset ("+01:00"):
# no digit, dot, colon or sign on either side.
_CLOCK = re.compile(
    r"(?<![\d.:/+-])(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2}(?:[.,]\d+)?)?(?![.:/-]?\d)"
    r"(?:\s*(?P<half>[ap])\.?m\b)?",
    re.IGNORECASE,
)


# The reason codes of each field (the tables' <field>_reason columns accept only these).
REASONS = METADATA_REASONS


def extract_metadata(
    texts: Sequence[str], zones: Sequence[Zoned], model: TitleModel = TITLE_MODEL
) -> Metadata:
    """Metadata from a page's paragraphs and zones; each value names the paragraph it came from
    and the rule that found it. `model`: the headline scorer (docpipe.text.headline)."""
    found: dict[str, object] = {}
    title = best_title(texts, zones, model)
    if title is not None:
        found.update(title=texts[title], title_paragraph=title, title_reason="headline_model")
    found.update(_site(texts))
    # The byline is read under the headline's last copy over the article (a page may print
    # the headline in a bar at the top too); the date under the copy the model chose.
    anchor = None if title is None else last_copy(texts, zones, title)
    author = find_author(
        texts, zones, header_order(texts, zones, anchor, _AUTHOR_INTO_ARTICLE), anchor
    )
    if author is not None:
        found.update(_found("author", *author))
    found.update(_published(texts, header_order(texts, zones, title)))
    return Metadata(**found)  # type: ignore[arg-type]


def header_order(
    texts: Sequence[str], zones: Sequence[Zoned], title: int | None,
    into_article: int = _HEADER_INTO_ARTICLE,
) -> list[int]:  # fmt: skip
    """The paragraphs where an article prints its byline and date, in the order they are looked
    at: from the headline down to `into_article` paragraphs into the article, then up from the
    headline. Comments, captions, related stories and the footer are never among them."""
    start = article_start(zones, texts)
    anchor = title if title is not None else start
    if anchor >= len(texts):
        return []
    stop = min(len(texts), max(start, anchor + 1) + into_article, anchor + _HEADER_MAX + 1)
    order = [*range(anchor + 1, stop), *range(anchor - 1, max(0, anchor - _HEADER_ABOVE) - 1, -1)]
    if title is None:
        order.insert(0, anchor)
    return [i for i in order if zones[i].zone not in NOT_HEADER]


def _site(texts: Sequence[str]) -> dict[str, object]:
    for index, text in enumerate(texts[:_SITE_WINDOW]):
        line = _SITE_LINE.match(text)
        if line:
            return {"site": line.group("name").strip(), "site_paragraph": index,
                    "site_reason": "site_url_line"}  # fmt: skip
        url = _URL.search(text)
        if url:
            host = urlsplit(url.group(0)).hostname or ""
            host = host.removeprefix("www.")
            if host:
                return {"site": host, "site_paragraph": index, "site_reason": "url_host"}
    return {}


def _found(field: str, value: object, index: int, reason: str) -> dict[str, object]:
    return {field: value, f"{field}_paragraph": index, f"{field}_reason": reason}


def _published(texts: Sequence[str], header: Sequence[int]) -> dict[str, object]:
    """The first date in the header that a line prints as its date (near the line's start, or
    after a "published" label) and no "updated" label announces; never one from a comment, a
    caption or a related story (they are not in the header). Else the first date an "updated"
    label announces (reason date_updated_only): many pages print only "Stand: 24.04.2024" or
    "Updated 9:22 PM EST, Mon November 6, 2023". On the development folds 0-2 that date was the
    gold day on 9 of 10 pages (site-grouped CV: date R 0.724 -> 0.797, P 0.967 -> 0.961)."""
    updated: dict[str, object] = {}
    for index in header:
        text = texts[index]
        if word_count(text) > _DATE_LINE_MAX_WORDS or _ISSUE.search(text):
            continue
        for offset, date in find_dates(text):
            before = text[max(0, offset - _LABEL_REACH) : offset]
            labelled = bool(_PUBLISHED.search(before))
            if _UPDATED.search(before) and not labelled:
                if not updated and offset <= _DATE_MAX_OFFSET:
                    updated = _found("published", date, index, "date_updated_only")
                continue
            if labelled or offset <= _DATE_MAX_OFFSET:
                return _found("published", date, index, "date_near_headline")
    return updated


def extract_comments(
    texts: Sequence[str], spans: Sequence[tuple[int, int]], zones: Sequence[Zoned]
) -> list[Comment]:
    """One Comment per comment header, spanning the comment paragraphs after it (but its own time
    line) up to the next header, a reply button under its text or a thread heading ("Leave a
    Reply" over the form)."""
    comments: list[Comment] = []
    headers = [i for i, zoned in enumerate(zones) if zoned.reason == "comment_header"]
    for number, header in enumerate(headers):
        following = headers[number + 1] if number + 1 < len(headers) else len(zones)
        author, posted_text, time_line = comment_header(texts, header)
        body: list[int] = []
        for index in range(header + 1, following):
            if is_reply_button(texts, index):
                if body:
                    break
                continue  # some themes print the button under the header, over the text
            if thread_heading(texts[index]):
                break
            if zones[index].zone == "comment" and index != time_line:
                body.append(index)
        posted = None if posted_text is None else posted_at(posted_text)
        # A comment with no text keeps its row (its author and time are facts of the page);
        # its text is the empty span at the end of its header.
        last = header if time_line is None else time_line
        start, end = (spans[body[0]][0], spans[body[-1]][1]) if body else (spans[last][1],) * 2
        comments.append(Comment(len(comments), author, posted, start, end))
    return comments


def posted_at(text: str) -> dt.datetime | None:
    """The time a comment header gives: the first date find_dates reads (numeric dates day
    first, as the page's own date is read; month names of many languages) with the first clock
    time that is not part of a date ("28. April 2024 um 10:17 Uhr", "10:15 pm, March 3,
    2020"); parse_datetime's reading where find_dates reads no date."""
    dates = find_dates(text)
    if not dates:
        return parse_datetime(text)
    day = dates[0][1]
    for clock in _CLOCK.finditer(text):
        hour, minute = int(clock["hour"]), int(clock["minute"])
        if clock["half"]:
            hour = twenty_four_hour(hour, clock["half"])
            if hour is None:
                continue
        if hour <= 23 and minute <= 59:
            return dt.datetime(day.year, day.month, day.day, hour, minute)
    return dt.datetime(day.year, day.month, day.day)
