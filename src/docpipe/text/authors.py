"""The article's author as its page prints it: names after a byline word, a line of names under
the headline, the publication or news agency a byline or a line names, a closing bio or byline
(docpipe.text.metadata reads the header these rules look at)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docpipe.text.dates import ABSOLUTE_DATE, find_dates, month_table
from docpipe.text.name_words import ARTICLES, NOT_NAMES, PARTICLES
from docpipe.text.words import word_count
from docpipe.text.zones import NOT_HEADER, Zoned

_BIO = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}) (is|was) (an?|the)\b")
_BIO_WINDOW = 3
# A line that is only names is looked for in this many lines below the headline (above it,
# breadcrumbs such as "Startseite Leben" are name-shaped: allowing 2 above cost 0.01 author).
_NAME_LINE_AFTER = 6
_NAME_LINE_DATED = 10
_BYLINE_MAX_WORDS = 16

# Words that introduce an article's authors, in the languages of extract-train; "de" and "di"
# are left out (they start too many other lines).
_BYLINE_WORD = re.compile(
    r"^(?:[^\W\d][\w-]*\s+){0,3}?(?:by|von|por|par|oleh|door|af|av|tekst|text|texto|"
    r"autor|autorin|autor/in|autorin/autor|author|authors|auteur|autore|escrito por|"
    r"written by|reporting by|yazan|yazar|penulis|editor|forfatter|skrevet af|skrevet av)"
    r"\s*:?\s+(?P<names>\S.*)$",
    re.IGNORECASE,
)
# Chinese and Japanese bylines are labelled ("作者：", "记者 ", "责任编辑：肖春芳",
# "(责编：牛镛、岳弘彬)"): no capitals to tell a name by, so only names right after such a label
# and a separator, longest label first.
_CJK_LABEL = re.compile(r"责任编辑|責任編集|責任編輯|作者|记者|記者|责编|責編|编辑|編輯|編集")
_CJK_NAMES = re.compile(r"(?:\s*[:：︱|]\s*|\s+)(?P<names>[\u3400-\u9fff·、，,]+)")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff·]{2,4}$")
# What ends the names of a byline: a date or counter, a bar, a dash, a bullet, a bracket, the
# publication after "for" ("Dolores Chang For Dailymail.Com").
_NAMES_END = re.compile(r"\s[-–—]\s|[|•·—–(\[\d/@]|\s{2,}|\s(?:for|für|para|pour)\s", re.I)
# Lower-case conjunctions only: "Dana A. Ford" holds an initial, not the Czech "a" (and).
_NAME_JOIN = re.compile(r"\s*(?:,|;|&|\b(?:and|und|y|e|et|og|och|ve|dan|en|i|és|a)\b)\s*")
# Separators between the parts of a byline line; a byline may start after a date printed within
# this many characters of the line's start ("Tuesday 15 October 2019 by Bradley M. Kuhn").
_SEGMENT = re.compile(r"\s*(?:\||•|·|//)\s*")
_BYLINE_DATE_OFFSET = 20
_SEGMENTED_MAX_WORDS = 10
# A byline that names a publication or a desk: the byline word first, at most this many words in
# the line, the source cut at "with Agencies" as at a date or bar.
_SOURCE_WORD = re.compile(r"^(?:by|von|por|par|door|af|av|oleh)\s*:?\s+(?P<rest>\S.*)$", re.I)
_SOURCE_END = re.compile(r"\s(?:with|mit|con|avec|com)\s", re.IGNORECASE)
_SOURCE_MAX_WORDS = 8
# "Powered by", "Illustration by": not an article's author.
_NOT_BYLINE = re.compile(r"^(?:powered|designed|illustration|illustrated|graphic|cover)\b", re.I)
# Buttons printed after a byline's name ("Thomas Paust Tips meg": tip me).
_BUTTONS = re.compile(r"\s+(?:tips meg|tipsa oss)\s*$", re.IGNORECASE)
# Adjectives before a role ("Sina Zehrfeld Landespolitische Korrespondentin"): dropped with it.
_ROLE_ADJECTIVE = re.compile(r"(?:ische|ischer|liche|licher|ige|iger|ale)$", re.IGNORECASE)
# News agencies (of the countries extract-train's sites are in, and the world's): a line that
# is only one of them, or "Quelle: <agency>", names the article's source when no person does
# (development pages of folds 0-2: "AFP", "Quelle: dpa Sport", "NTB Tips meg", "TNN / ...").
_AGENCIES = (
    "dpa|afp|ap|reuters|ntb|tnn|sda|apa|ansa|efe|epa|kna|epd|ddp|dts|tt|anp|belga|pap|čtk|ctk|"
    "mti|ians|pti|ani|aa|xinhua|kyodo|yonhap|tass|ria novosti|europa press|anadolu ajansı|"
    "anadolu agency"
)
_AGENCY_LINE = re.compile(
    rf"^(?:(?:quelle|source|fuente|fonte|kilde|källa|bron)\s*:\s*)?(?P<agency>{_AGENCIES})"
    r"(?:\s+[^\W\d]\w*)?\s*(?:$|[/|•·,]|\s[-–—]\s)",
    re.IGNORECASE,
)
# An editorial desk: "MM-Redaktion", "BR24 Redaktion" (a line of two words), "Redacción Madrid";
# not "Die Redaktion empfiehlt" (development folds: 2 such header lines, both the gold author).
_DESK_WORDS = "redaktion|redacción|rédaction|redazione|redactie|redakcja|redaksi"
_DESK = re.compile(
    rf"(?<![\w-])(?P<desk>[^\W_][\w.]*-(?:{_DESK_WORDS}))(?![\w-])|"
    rf"^(?P<line>[^\W_][\w.]* (?:{_DESK_WORDS})|(?:{_DESK_WORDS}) [^\W\d_][\w.]*)$",
    re.IGNORECASE,
)
_DESK_LINE_MAX_WORDS = 10
_ROMAN = re.compile(r"^[IVX]{2,}$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
# A photo credit: a caption's names ("Friedrich Merz" over "Foto: REUTERS/...", "Rainer de
# Meijer, Irene Lingg | Foto: Zvg.", "Copyright Fredrik Persson/AP") are not the authors.
_CREDIT = re.compile(
    r"^\s*(?:foto|fotos|photo|photos|bild|bildquelle|bildrechte|image|images|credit|copyright|"
    r"quelle|fot|zdjęcie|©)\b|[|/]\s*(?:foto|photo|bild|bildquelle|image|credit|copyright|©)\b|©",
    re.IGNORECASE,
)


def find_author(
    texts: Sequence[str], zones: Sequence[Zoned], header: Sequence[int], title: int | None
) -> tuple[str, int, str] | None:
    """Names after a byline word ("By", "Von", "Por", "Autor:", "作者：") in the header; else a line
    that is only names next to the headline; else the publication a byline names, or a news
    agency's line next to the headline; else a name line over a byline, a closing bio, or a
    byline right after the article."""
    for index in header:
        names = byline_names(texts[index]) or cjk_byline_names(texts[index])
        if names:
            return ", ".join(names), index, "byline_names"
    # Lines below the headline, by their distance from it (none without a headline).
    near = (
        {} if title is None else {i: i - title for i in header if 0 < i - title <= _NAME_LINE_DATED}
    )
    for index, distance in near.items():
        if distance > _NAME_LINE_AFTER and not _dated_neighbour(texts, index):
            continue
        if any(zones[i].reason == "section_marker" for i in range(index - distance + 1, index)):
            break  # "You may also like": the names below are other stories' bylines
        if _name_line_here(texts, zones, index, title):
            names = name_line(texts[index])
            if names and not _topic_names(names, texts[index - distance]):
                return ", ".join(names), index, "name_line"
    for index in header:
        source = byline_source(texts[index])
        if source:
            return source, index, "byline_source"
    for index, distance in near.items():
        agency = agency_line(texts[index])
        if agency and distance <= _NAME_LINE_AFTER:
            return agency, index, "agency_line"
    for index, zoned in enumerate(zones):
        if zoned.reason == "name_before_byline":
            return texts[index], index, "name_before_byline"
    body = [i for i, zoned in enumerate(zones) if zoned.zone == "body"]
    for index in body[-_BIO_WINDOW:]:
        bio = _BIO.match(texts[index])
        if bio:
            return bio.group("name"), index, "author_bio"
    # A byline right after the article ("(责编：牛镛、岳弘彬)"). Not a bare name there: on the
    # development folds that read "Neueste Beiträge" and "ÖNERİLEN VİDEO" as names (2 pages
    # right, 3 wrong).
    closing = body[-1] + 1 if body else len(texts)
    if closing < len(texts) and zones[closing].zone not in NOT_HEADER:
        names = byline_names(texts[closing]) or cjk_byline_names(texts[closing])
        if names:
            return ", ".join(names), closing, "closing_byline"
    return None


def cjk_byline_names(text: str) -> list[str]:
    """The names after a Chinese or Japanese byline label and a separator ("作者： 责任编辑：
    肖春芳" -> 肖春芳), or []."""
    for label in _CJK_LABEL.finditer(text):
        after = _CJK_NAMES.match(text, label.end())
        if after is None:
            continue
        parts = re.split(r"[、，,]", after.group("names"))
        names = [p for p in parts if _CJK_NAME.match(p) and not _CJK_LABEL.fullmatch(p)]
        if names:
            return names
    return []


def byline_names(text: str) -> list[str]:
    """The names a byline line gives ("By Jane Doe and John Roe | Reuters" -> two), or []. The
    byline may follow a date ("on March 10, 2015 by ...", "Tuesday 15 October 2019 by ...") or
    a separator ("// By ... • Nov 11, 2020", "News | Published: 5 hours ago | Written by ...");
    a photo credit ("Photo by ...") is not a byline, nor a part of more than _BYLINE_MAX_WORDS
    words."""
    for segment in _byline_segments(text.strip()):
        if word_count(segment) > _BYLINE_MAX_WORDS:  # a sentence that says "by"
            continue
        match = _BYLINE_WORD.match(segment)
        if match is None or _CREDIT.match(segment) or _NOT_BYLINE.match(segment):
            continue
        names = _names(match.group("names"), whole=False)
        if names:
            return names
    return []


def byline_source(text: str) -> str | None:
    """The publication or desk a short byline names when it names no person ("By Euronews with
    Agencies", "von Landesspiegel 30. Juni 2025", "Par Le Figaro et AFP" -> "Le Figaro, AFP",
    "By MND Staff"), or None. Each part is 1-3 words and starts with a capital letter."""
    match = _SOURCE_WORD.match(text.strip())
    if match is None or word_count(text) > _SOURCE_MAX_WORDS:
        return None
    rest = match.group("rest")
    head = _NAMES_END.split(_SOURCE_END.split(rest, maxsplit=1)[0], maxsplit=1)[0]
    parts = [part.split() for part in _NAME_JOIN.split(head)]
    if not parts or any(not 1 <= len(words) <= 3 for words in parts):
        return None
    for words in parts:
        if not all(_NAME_WORD.match(w) for w in words) or not words[0][0].isupper():
            return None
        if all(w.casefold().strip(".") in NOT_NAMES for w in words):
            return None
        if words[0].casefold().rstrip(".") in month_table():
            return None
    return ", ".join(" ".join(words) for words in parts)


def agency_line(text: str) -> str | None:
    """The news agency a line names alone ("AFP", "Quelle: dpa Sport", "NTB Tips meg", "TNN /
    Updated: Aug 28, 2024"), else the editorial desk a short line names (desk_name), as
    printed, or None."""
    match = _AGENCY_LINE.match(_BUTTONS.sub("", text.strip()))
    if match:
        return match.group("agency")
    return desk_name(text)


def desk_name(text: str) -> str | None:
    """The editorial desk a short line names ("dpa MM-Redaktion Palma, Mallorca 15.04.25" ->
    MM-Redaktion, "BR24 Redaktion"), or None."""
    words = text.split()
    if not words or len(words) > _DESK_LINE_MAX_WORDS or words[0].casefold() in ARTICLES:
        return None
    match = _DESK.search(text.strip())
    return (match.group("desk") or match.group("line")) if match else None


def _byline_segments(text: str) -> list[str]:
    """The line, what follows a date near its start, and each part between separators."""
    segments = [text]
    date = ABSOLUTE_DATE.search(text)
    if date is not None and date.start() <= _BYLINE_DATE_OFFSET:
        segments.append(text[date.end() :].strip())
    segments += [part for part in _SEGMENT.split(text)[1:] if part]
    return segments


def name_line(text: str) -> list[str]:
    """The names of a line that holds only names (and maybe a date or role after a dash); not a
    byline (byline_names reads those), a photo credit or a phrase that starts with an article."""
    text = text.strip()
    words = text.split()
    if (
        not words
        or words[0].casefold() in ARTICLES
        or _BYLINE_WORD.match(text)
        or _CREDIT.search(text)
    ):
        return []
    names = _names(_BUTTONS.sub("", text), whole=True)
    if names or len(words) > _SEGMENTED_MAX_WORDS or not find_dates(text):
        return names
    # "27. Januar 2026 • Gregor Meier • 3 Minuten": on a short dated line, a part between
    # separators that is only names (a caption's "... | Jörg Carstensen/dpa" is longer).
    for part in _SEGMENT.split(text):
        names = _names(part.strip(), whole=True) if not find_dates(part) else []
        if names:
            return names
    return []


def _name_line_here(
    texts: Sequence[str], zones: Sequence[Zoned], index: int, title: int | None
) -> bool:
    """Whether the line at `index` may be a name line: not a template line of the site, not a
    caption over its photo credit, not a credit's names."""
    if zones[index].reason == "repeated_in_site":
        return False
    # A caption is followed by its credit ("Foto: REUTERS/..."); a credit's names follow a bare
    # label ("Foto:"). An author's line may follow a credit line, so that alone proves nothing.
    after = texts[index + 1] if index + 1 < len(texts) else ""
    before = texts[index - 1].strip() if index > 0 else ""
    bare_label = before.endswith(":") and len(before.split()) == 1 and _CREDIT.match(before)
    return not (_CREDIT.match(after) or bare_label)


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


def _names(text: str, whole: bool) -> list[str]:
    """Person names at the start of text, cut at a date, bar or dash; roles after a name are
    dropped. `whole`: every part before the cut must be a name."""
    head = _NAMES_END.split(text, maxsplit=1)[0]
    names = []
    for part in _NAME_JOIN.split(head):
        words = part.split()
        role = False
        while words and (
            words[-1].casefold().strip(".") in NOT_NAMES
            or words[-1].casefold().rstrip(".") in month_table()
        ):
            role = role or words[-1].casefold().strip(".") in NOT_NAMES
            words.pop()
        if role and len(words) > 2 and _ROLE_ADJECTIVE.search(words[-1]):
            words.pop()
        if not words and not whole:
            continue
        if not _is_name(words):
            if whole or not names:
                return []
            continue
        names.append(" ".join(words))
    return names


def _is_name(words: Sequence[str]) -> bool:
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if any(len(w) == 1 for w in words):  # "F T W M" (share buttons); initials carry a dot
        return False
    if any(_ROMAN.match(w) for w in words):  # "Part II"
        return False
    capitalised = [w for w in words if w.casefold() not in PARTICLES]
    return (
        len(capitalised) >= 2
        and all(w[0].isupper() for w in capitalised)
        and not any(w.casefold().strip(".") in NOT_NAMES for w in words)
    )
