"""What one line says about an article's author: the names after a byline word or label, a
line that is only names, the publication, news agency or desk a line names
(docpipe.text.authors decides which lines of the page to read them from)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docpipe.text.dates import ABSOLUTE_DATE, find_dates, month_table
from docpipe.text.name_words import ARTICLES, NOT_NAMES, PARTICLES
from docpipe.text.words import word_count

_BYLINE_MAX_WORDS = 16

# Words that introduce an article's authors, in the languages of extract-train; "de" and "di"
# are left out (they start too many other lines). docpipe.text.authors reads them alone on a line.
BYLINE_LABELS = (
    r"by|von|por|par|oleh|door|af|av|tekst|text|texto|autor|autorin|autor/in|autorin/autor|"
    r"author|authors|auteur|autore|escrito por|written by|reporting by|yazan|yazar|penulis|"
    r"editor|forfatter|skrevet af|skrevet av|reporter|wartawan|kontributor|muhabir"
)
_BYLINE_WORD = re.compile(
    rf"^(?:[^\W\d][\w-]*\s+){{0,3}}?(?:{BYLINE_LABELS})\s*:?\s+(?P<names>\S.*)$", re.IGNORECASE
)
# Chinese and Japanese bylines are labelled ("作者：", "记者 ", "责任编辑：肖春芳",
# "(责编：牛镛、岳弘彬)"): no capitals to tell a name by, so only names right after such a label
# and a separator, longest label first.
_CJK_LABEL = re.compile(r"责任编辑|責任編集|責任編輯|作者|记者|記者|责编|責編|编辑|編輯|編集")
_CJK_NAMES = re.compile(r"(?:\s*[:：︱|]\s*|\s+)(?P<names>[\u3400-\u9fff·、，,]+)")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff·]{2,4}$")
# What ends the names of a byline: a date or counter, a bar, a dash, a bullet, a bracket, the
# publication after "for" ("Dolores Chang For Dailymail.Com"), the agencies after "with" ("Von
# Diana Resnik mit AP": a development page whose headline pick missed the byline before).
_NAMES_END = re.compile(
    r"\s[-–—]\s|[|•·—–(\[\d/@]|\s{2,}|\s(?:for|für|para|pour|with|mit|con|avec|com)\s", re.I
)
# Lower-case conjunctions only: "Dana A. Ford" holds an initial, not the Czech "a" (and).
_NAME_JOIN = re.compile(r"\s*(?:,|;|&|\b(?:and|und|y|e|et|og|och|ve|dan|en|i|és|a)\b)\s*")
# Separators between the parts of a byline line; a byline may start after a date printed within
# this many characters of the line's start ("Tuesday 15 October 2019 by Bradley M. Kuhn").
# Not started at a space inside a run of spaces (a match may start at a separator right after a
# run the previous match took): as furniture._SEPARATOR, linear on a long run of spaces.
_SEGMENT = re.compile(r"(?:(?<!\s)|(?!\s))\s*(?:\||•|·|//)\s*")
_BYLINE_DATE_OFFSET = 20
_SEGMENTED_MAX_WORDS = 10
# A byline that names a publication or a desk: the byline word first, at most this many words in
# the line, the source cut at "with Agencies" as at a date or bar.
_SOURCE_WORD = re.compile(r"^(?:by|von|por|par|door|af|av|oleh)\s*:?\s+(?P<rest>\S.*)$", re.I)
_SOURCE_END = re.compile(r"\s(?:with|mit|con|avec|com)\s", re.IGNORECASE)
_SOURCE_MAX_WORDS = 8
# "Powered by", "Illustration by", a sponsor's "Supported by" (The New York Times prints it over
# every article, the headline under it): not an article's author.
NOT_BYLINE = re.compile(
    r"^(?:powered|designed|illustration|illustrations|illustrated|graphic|graphics|cover|"
    r"photographs|photography|supported|sponsored|presented|brought to you|funded|paid for|"
    r"underwritten)\b",
    re.IGNORECASE,
)
# Buttons printed after a byline's name ("Thomas Paust Tips meg": tip me). "(?<!\s)": as
# furniture._SEPARATOR.
_BUTTONS = re.compile(r"(?<!\s)\s+(?:tips meg|tipsa oss)\s*$", re.IGNORECASE)
# Adjectives before a role ("Sina Zehrfeld Landespolitische Korrespondentin"): dropped with it.
_ROLE_ADJECTIVE = re.compile(r"(?:ische|ischer|liche|licher|ige|iger|ale)$", re.IGNORECASE)
# News agencies (of the countries extract-train's sites are in, and the world's): a line that
# is only one of them, or "Quelle: <agency>", names the article's source when no person does
# (development pages of folds 0-2: "AFP", "Quelle: dpa Sport", "NTB Tips meg", "TNN / ...").
_AGENCIES = (
    "dpa|afp|ap|reuters|ntb|tnn|sda|apa|ansa|efe|epa|kna|epd|ddp|dts|tt|anp|belga|pap|čtk|ctk|"
    "mti|ians|pti|ani|aa|xinhua|kyodo|yonhap|tass|ria novosti|europa press|anadolu ajansı|"
    "anadolu agency|"
    # Other national agencies, not seen on extract-train's development pages (a general list).
    "keystone-sda|ats|sid|dpa-afx|ritzau|stt|lusa|agi|adnkronos|askanews|tasr|bta|agerpres|hina|"
    "tanjug|ukrinform|interfax|unian|pa media|aap|the canadian press|upi|bernama|antara|jiji|dha|"
    "iha|i̇ha|anka|irna|associated press|the associated press"
)
_AGENCY_LINE = re.compile(
    rf"^(?:(?:quelle|source|fuente|fonte|kilde|källa|bron)\s*:\s*)?(?P<agency>{_AGENCIES})"
    r"(?:\s+[^\W\d]\w*)?\s*(?:$|[/|•·,]|\s[-–—]\s)",
    re.IGNORECASE,
)
_AGENCY = re.compile(_AGENCIES, re.IGNORECASE)
# An editorial desk: "MM-Redaktion", "BR24 Redaktion" (a line of two words), "Redacción Madrid";
# not "Die Redaktion empfiehlt" (development folds: 2 such header lines, both the gold author).
# The desk's first part has at most 100 characters (German compounds run to 50): tried from
# every dot of a long dotted token ("a.a.a..."), an unbounded one took quadratic time (80,000
# characters: 30 s).
_DESK_WORDS = "redaktion|redacción|rédaction|redazione|redactie|redakcja|redaksi"
_DESK = re.compile(
    rf"(?<![\w-])(?P<desk>[^\W_][\w.]{{0,100}}-(?:{_DESK_WORDS}))(?![\w-])|"
    rf"^(?P<line>[^\W_][\w.]* (?:{_DESK_WORDS})|(?:{_DESK_WORDS}) [^\W\d_][\w.]*)$",
    re.IGNORECASE,
)
_DESK_LINE_MAX_WORDS = 10
_ROMAN = re.compile(r"^[IVX]{2,}$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
# A photo credit: a caption's names ("Friedrich Merz" over "Foto: REUTERS/...", "Rainer de
# Meijer, Irene Lingg | Foto: Zvg.", "Copyright Fredrik Persson/AP") are not the authors.
CREDIT = re.compile(
    r"^\s*(?:foto|fotos|photo|photos|bild|bildquelle|bildrechte|image|images|credit|copyright|"
    r"quelle|fot|zdjęcie|©)\b|[|/]\s*(?:foto|photo|bild|bildquelle|image|credit|copyright|©)\b|©",
    re.IGNORECASE,
)


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


def cjk_name_line(text: str) -> list[str]:
    """A line that is only a name of 2-4 Han characters (under "この記事の筆者"), or []."""
    return [text.strip()] if _CJK_NAME.match(text.strip()) else []


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
        if match is None or CREDIT.match(segment) or NOT_BYLINE.match(segment):
            continue
        names = person_names(match.group("names"), whole=False)
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
        or CREDIT.search(text)
    ):
        return []
    names = person_names(_BUTTONS.sub("", text), whole=True)
    if names or len(words) > _SEGMENTED_MAX_WORDS or not find_dates(text):
        return names
    # "27. Januar 2026 • Gregor Meier • 3 Minuten": on a short dated line, a part between
    # separators that is only names (a caption's "... | Jörg Carstensen/dpa" is longer).
    for part in _SEGMENT.split(text):
        names = person_names(part.strip(), whole=True) if not find_dates(part) else []
        if names:
            return names
    return []


def person_names(text: str, whole: bool) -> list[str]:
    """Person names at the start of text, cut at a date, bar or dash; roles after a name are
    dropped. `whole`: every part before the cut must be a name."""
    head = _NAMES_END.split(text, maxsplit=1)[0]
    names: list[str] = []
    for part in _NAME_JOIN.split(head):
        if names and _AGENCY.fullmatch(part.strip()):
            break  # "Paula Steiger, SDA": the agency the author wrote for ends the names
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
        # A sentence's full stop after the name ("Posted by Alon Zakai."), not an initial's.
        last = words[-1]
        if len(last) > 3 and last.endswith(".") and "." not in last[:-1]:
            words[-1] = words[-1].rstrip(".")
        names.append(" ".join(words))
    return names


def _is_name(words: Sequence[str]) -> bool:
    # Up to 5 or 6 words with particles was tried: "Luiz Inácio Lula da Silva" on a development
    # page (a topic, not its author), and no page gained.
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
