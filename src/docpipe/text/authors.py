"""The article's author as its page prints it: which lines of the page are read, in which order
(the header around the headline first, then what the article closes with, then a byline a little
above the header, a facts box or an author box). docpipe.text.bylines reads each line;
docpipe.text.metadata gives the header."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docpipe.text.bylines import (
    BYLINE_LABELS,
    CREDIT,
    NOT_BYLINE,
    agency_line,
    byline_names,
    byline_source,
    cjk_byline_names,
    cjk_name_line,
    desk_name,
    name_line,
    person_names,
)
from docpipe.text.dates import find_dates
from docpipe.text.headline import article_start
from docpipe.text.name_words import NOT_NAMES, ROLES
from docpipe.text.words import word_count
from docpipe.text.zones import NOT_HEADER, Zoned

_BIO = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}) (is|was) (an?|the)\b")
# A bio speaks of a person: a personal pronoun ("Mama Robotnik is a video game historian ... He
# specialises in ..."), a press role (ROLES) or one of these occupations. Not "Widget Toolkit is
# a small library for ..." at the end of a README (a fault probe's).
_PERSON_WORD = re.compile(
    r"\b(?:he|she|his|her|him|they|their|them|photographer|professor|founder|co-founder|"
    r"researcher|historian|scientist|economist|lawyer|novelist|poet|filmmaker|freelance|"
    r"freelancer|lecturer|student|artist|analyst|teacher|doctor|physician)\b",
    re.IGNORECASE,
)
_BIO_WINDOW = 3
# A line that is only names is looked for in this many lines below the headline (above it,
# breadcrumbs such as "Startseite Leben" are name-shaped: allowing 2 above cost 0.01 author).
_NAME_LINE_AFTER = 6
_NAME_LINE_DATED = 10

# A line that is only a byline label ("Von", "Autor:", "Author of the article:"): the names are
# on the lines under it, one a line (development folds: BR x4, National Post, Ottawa Citizen).
# Not "editor" nor "reporter": alone on a line they are roles ("Games Editor" under "Ben
# Silverman"), and the name under them another person's.
_BARE_LABEL = re.compile(
    rf"^(?:[^\W\d][\w-]*\s+){{0,2}}?(?!editor|reporter)(?:{BYLINE_LABELS})"
    r"(?:\s*:|(?:\s+[^\W\d]\w*){0,3}\s*:)?$",
    re.IGNORECASE,
)
_STACKED_MAX = 4
# A label that only ever names the article's author ("Autorin/Autor Roman Goncharenko" in the
# facts box under an article; "By" and "Von" there are as often a related story's byline).
_AUTHOR_LABEL = re.compile(
    r"^(?:autor|autorin|autor/in|autorin/autor|author|authors|auteur|autore|autores|forfatter|"
    r"yazar|penulis)\s*:?\s+(?P<names>\S.*)$",
    re.IGNORECASE,
)
# The heading of an author box, the author's name on the next line.
_ABOUT_AUTHOR = re.compile(
    r"^(?:about the author|über (?:den autor|die autorin)|zum autor|zur autorin|"
    r"sobre (?:el|la|o|a) autor[a]?|à propos de l['’]auteur|l['’]auteur|"
    r"informazioni sull['’]autore|om (?:forfatteren|skribenten)|yazar hakkında|tentang penulis|"
    r"この記事の筆者|この記事を書いた人|作者简介)\s*:?$",
    re.IGNORECASE,
)
# How far the rules outside the header look, set with some margin over the development pages
# of folds 0-2 that needed them: a byline up to this many lines above the first body paragraph
# (MDR 10, Euronews 7; the header reaches 3 above the headline), a facts box this many lines
# after the last body paragraph (DW 11), a closing line past template lines up to this many on
# (Tages-Anzeiger's agency after a newsletter box of 5).
_ABOVE_HEADER = 12
_BOX_REACH = 12
_CLOSING_REACH = 8
# A desk alone on a line ("IN-Redaktion") names the author anywhere in the header.
_DESK_ALONE_MAX_WORDS = 2
_ROLE_MAX_WORDS = 6
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*©?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?P<holder>\S.*)$",
    re.IGNORECASE,
)


Found = tuple[str, int, str]


def find_author(
    texts: Sequence[str], zones: Sequence[Zoned], header: Sequence[int], title: int | None
) -> Found | None:
    """Names after a byline word ("By", "Von", "Por", "Autor:", "作者：") in the header, or on
    the lines under a bare byline label; else a line that is only names next to the headline;
    else the publication a byline names, or a news agency's line next to the headline; else a
    name line over a byline, a closing bio, or what the article closes with; else a byline a
    little above the header, in the facts box after the article or in an author box."""
    # Lines below the headline, by their distance from it (none without a headline).
    near = (
        {} if title is None else {i: i - title for i in header if 0 < i - title <= _NAME_LINE_DATED}
    )
    return (
        _header_byline(texts, header)
        or _near_name_line(texts, zones, near)
        or _header_source(texts, header, near)
        or _after_byline_word(texts, zones)
        or closing_author(texts, zones)
        or _outside_header(texts, zones, header)
        or _name_over_role(texts, zones)
        or site_owner(texts, zones)
    )


def _header_byline(texts: Sequence[str], header: Sequence[int]) -> Found | None:
    for index in header:
        names = byline_names(texts[index]) or cjk_byline_names(texts[index])
        names = names or stacked_names(texts, index)
        if names:
            return ", ".join(names), index, "byline_names"
    return None


def _near_name_line(
    texts: Sequence[str], zones: Sequence[Zoned], near: dict[int, int]
) -> Found | None:
    for index, distance in near.items():
        if distance > _NAME_LINE_AFTER and not _dated_neighbour(texts, index):
            continue
        if any(zones[i].reason == "section_marker" for i in range(index - distance + 1, index)):
            break  # "You may also like": the names below are other stories' bylines
        if _name_line_here(texts, zones, index):
            names = name_line(texts[index])
            if names and not _topic_names(names, texts[index - distance]):
                return ", ".join(names), index, "name_line"
    return None


def _header_source(
    texts: Sequence[str], header: Sequence[int], near: dict[int, int]
) -> Found | None:
    """A byline naming a publication; an agency's line next to the headline; a line of the
    header that is only a desk ("IN-Redaktion" under the article's last paragraph)."""
    for index in header:
        source = byline_source(texts[index])
        if source:
            return source, index, "byline_source"
    for index, distance in near.items():
        agency = agency_line(texts[index])
        if agency and distance <= _NAME_LINE_AFTER:
            return agency, index, "agency_line"
    for index in header:
        if len(texts[index].split()) <= _DESK_ALONE_MAX_WORDS and desk_name(texts[index]):
            return texts[index].strip(), index, "agency_line"
    return None


def _after_byline_word(texts: Sequence[str], zones: Sequence[Zoned]) -> Found | None:
    for index, zoned in enumerate(zones):
        if zoned.reason == "name_before_byline":
            return texts[index], index, "name_before_byline"
    body = [i for i, zoned in enumerate(zones) if zoned.zone == "body"]
    for index in body[-_BIO_WINDOW:]:
        bio = _BIO.match(texts[index])
        if bio and (
            _PERSON_WORD.search(texts[index])
            or any(word in ROLES for word in re.findall(r"\w+", texts[index].casefold()))
        ):
            return bio.group("name"), index, "author_bio"
    return None


def closing_author(texts: Sequence[str], zones: Sequence[Zoned]) -> Found | None:
    """What the article closes with, on the first line after its last body paragraph that is
    not a site template line (a newsletter box may come between): a byline ("(责编：牛镛、
    岳弘彬)"), a news agency ("SDA/sep"), or a line of names that a line above the article
    prints too (the byline under the headline, with the date). Not a bare name alone: on the
    development folds that read "Neueste Beiträge" and "ÖNERİLEN VİDEO" as names."""
    body = [i for i, zoned in enumerate(zones) if zoned.zone == "body"]
    if not body:
        return None
    after = range(body[-1] + 1, min(len(texts), body[-1] + 1 + _CLOSING_REACH))
    closing = next((i for i in after if zones[i].reason != "repeated_in_site"), None)
    if closing is None or zones[closing].zone in NOT_HEADER:
        return None
    text = texts[closing]
    names = byline_names(text) or cjk_byline_names(text)
    if not names:
        agency = agency_line(text)
        if agency:
            return agency, closing, "closing_byline"
        above = texts[: body[0]]
        names = [n for n in name_line(text) if any(n in line for line in above)]
        names = names if names and len(names) == len(name_line(text)) else []
    return (", ".join(names), closing, "closing_byline") if names else None


def _outside_header(
    texts: Sequence[str], zones: Sequence[Zoned], header: Sequence[int]
) -> Found | None:
    """A byline a little above the header (a headline picked under it); the author a facts box
    after the article labels ("Autorin/Autor Roman Goncharenko"); the name under an author
    box's heading ("About the author", "この記事の筆者")."""
    body = [i for i, zoned in enumerate(zones) if zoned.zone == "body"]
    start = body[0] if body else len(texts)
    for index in range(start - 1, max(0, start - _ABOVE_HEADER) - 1, -1):
        if index not in header and zones[index].zone == "byline":
            names = byline_names(texts[index])
            if names:
                return ", ".join(names), index, "byline_names"
    if body:
        for index in range(body[-1] + 1, min(len(texts), body[-1] + 1 + _BOX_REACH)):
            label = _AUTHOR_LABEL.match(texts[index].strip())
            if label and zones[index].zone not in NOT_HEADER:
                names = person_names(label.group("names"), whole=False)
                if names:
                    return ", ".join(names), index, "closing_byline"
    for index in range(start, len(texts) - 1):
        if _ABOUT_AUTHOR.match(texts[index].strip()) and zones[index].zone != "comment":
            names = name_line(texts[index + 1]) or cjk_name_line(texts[index + 1])
            if names:
                return ", ".join(names), index + 1, "closing_byline"
    return None


def _name_over_role(texts: Sequence[str], zones: Sequence[Zoned]) -> Found | None:
    """A line of names over a short line naming a role ("Sidney Wiltgen" over "Journalist" in
    an author box), neither a site template line ("Times Topics" over "Public Editor" in a
    site's footer menu) nor a related story, comment or footer line; not a possessive
    ("Editor's picks")."""
    for index in range(len(texts) - 1):
        role = texts[index + 1]
        if (
            any(zones[i].zone in NOT_HEADER or zones[i].reason == "repeated_in_site"
                for i in (index, index + 1))
            or word_count(role) > _ROLE_MAX_WORDS
            or re.search(r"['’]s\b", role)
            or not any(w.casefold().strip(".,:") in ROLES for w in role.split())
        ):  # fmt: skip
            continue
        names = name_line(texts[index])
        if names:
            return ", ".join(names), index, "name_before_byline"
    return None


def site_owner(texts: Sequence[str], zones: Sequence[Zoned]) -> Found | None:
    """A personal site's author: the one person a footer's copyright line names ("© Haki
    Benita 2016-2020") when a line above the article is that name alone (the site's title). On
    the development folds the other copyright lines name companies ("© RP Digital GmbH") or,
    outside the footer, photographers ("Copyright Fredrik Persson/AP")."""
    start = article_start(zones, texts)
    for index, zoned in enumerate(zones):
        holder = _COPYRIGHT.match(texts[index].strip()) if zoned.zone == "footer" else None
        names = person_names(holder.group("holder"), whole=True) if holder else []
        if len(names) == 1 and any(texts[i].strip() == names[0] for i in range(start)):
            return names[0], index, "site_owner"
    return None


def stacked_names(texts: Sequence[str], index: int) -> list[str]:
    """The names on the lines under a line that is only a byline label ("Von", then "Jasper
    Riemann", then "Barbara Schneider"; "Author of the article:", then "Brett Belchetz,
    Special to National Post"), or []."""
    label = texts[index].strip()
    if not _BARE_LABEL.match(label) or NOT_BYLINE.match(label):
        return []
    names: list[str] = []
    for line in texts[index + 1 : index + 1 + _STACKED_MAX]:
        if not names:
            found = byline_names(line) or person_names(line.strip(), whole=False)
        elif any(w.casefold().strip(".,") in NOT_NAMES for w in line.split()):
            break  # a role under the names ("Seattle Times business reporter")
        else:
            found = person_names(line.strip(), whole=True)
        found = found or cjk_name_line(line)
        if not found:
            break
        names += found
    return names


def _name_line_here(texts: Sequence[str], zones: Sequence[Zoned], index: int) -> bool:
    """Whether the line at `index` may be a name line: not a template line of the site, not a
    caption over its photo credit, not a credit's names. A template line under the headline is
    a site's button or menu as often ("Copy Link", "Sign In", "Mein Konto"), though a reporter's
    name alone under the headline repeats on each of their articles too (2,000 generated pages,
    about 33 a site: 314 authors missed so; on the 333 real pages none)."""
    if zones[index].reason == "repeated_in_site":
        return False
    # A caption is followed by its credit ("Foto: REUTERS/..."); a credit's names follow a bare
    # label ("Foto:"). An author's line may follow a credit line, so that alone proves nothing.
    after = texts[index + 1] if index + 1 < len(texts) else ""
    before = texts[index - 1].strip() if index > 0 else ""
    bare_label = before.endswith(":") and len(before.split()) == 1 and CREDIT.match(before)
    return not (CREDIT.match(after) or bare_label)


def _dated_neighbour(texts: Sequence[str], index: int) -> bool:
    """Whether the line after (or before) `index` prints a date or a time of day."""
    around = [texts[i] for i in (index - 1, index + 1) if 0 <= i < len(texts)]
    return any(find_dates(t) or re.match(r"^\s*\d{1,2}:\d{2}\b", t) for t in around)


def _topic_names(names: Sequence[str], headline: str) -> bool:
    """Whether a name is what the article is about: a word of it is in the headline ("Better
    Student Journalism" under "The Open Journalism Project: Better Student Journalism")."""
    # A headline may carry the byline ("Ein Kommentar von Jan Sellner", a teaser the headline
    # model picked on a development page): those names are not topics.
    headline = " ".join(
        part for part in re.split(r"(?i)\b(?:by|von|por|par|door|af|av)\s", headline)[:1]
    )
    said = {w.casefold() for w in re.findall(r"\w+", headline) if len(w) > 2}
    return any(
        w.casefold() in said for name in names for w in re.findall(r"\w+", name) if len(w) > 2
    )
