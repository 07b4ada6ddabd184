"""Signs that a text is a web page: navigation runs, menu and breadcrumb lines, share, login and
cookie lines, image captions (a caption phrase, or a line printed twice in a row: an image's alt
text, then its caption), comment and related-story sections, site template lines.

A document without any of them (a licence, a README, release notes, an article body saved alone)
is not a page dump, and all its text is body: the article search of docpipe.text.zones would
otherwise call its headings and short paragraphs boilerplate. Of the 333 pages of extract-dev
and extract-train, 5 show none of these signs (TechCrunch, four readability pages) and a sixth
reads as plain (tumblr: its one sign lies below its header, see HEADER_PARAGRAPHS); keeping
all their text scores P 0.89-1.00 on them (mathjax's recall 0.53 -> 1.00). The menu-line and
CJK share patterns were added for readability's `youth` and newspaper4k's
`chinese_article_002` pages, which read as plain before. Of the 727 licences and Debian copyright
files of a Debian system, 722 read as plain (`docpipe eval-plain`, docs/evaluation.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence

from docpipe.text.words import word_count
from docpipe.text.zones import (
    CAPTION,
    COMMENT_HEADER,
    COMMENT_SECTION,
    RELATED_MARKER,
    commenters_saying,
)

# Page furniture phrases only: "copyright" and "all rights reserved" are not among them, since
# licences and READMEs carry them too. The lookahead names the first character of every
# alternative, as zones._BOILERPLATE's does (the same matches: tests/test_unit_regex_guards.py;
# 0.58 -> 0.29 s over the 60,000 distinct paragraphs of up to 25 words of 2,000 generated and
# 333 real pages).
_WEB_PHRASE = re.compile(
    r"(?=[stcpnflamhwe分シ공])"
    r"(\bshare (this|on)\b|^(share|teilen|compartir|partager|condividi|compartilhe)\W*$|"
    r"分享|シェア|공유하기|subscri(be|ption)|newsletter|\bcookies?\b|follow us|sign (up|in)\b|"
    r"\blog in\b|skip to (main )?content|accessibility links|"
    r"^(advertisement|anzeige|publicidad|menu|search|home|tweet|facebook|twitter|whatsapp|"
    r"linkedin|print|email|login|privacy( policy)?|terms( of (use|service))?)\W*$)",
    re.IGNORECASE,
)
# Such a phrase inside a long paragraph is prose about it, not a button.
_WEB_PHRASE_MAX_WORDS = 25
# A menu entry: one to three words of letters only (no digits, paths, colons or list bullets,
# which READMEs and licence headers print in short lines too).
_MENU_ENTRY = re.compile(r"[^\W\d_]+(?:[ &'’-]+[^\W\d_]+)*")
MENU_ENTRY_MAX_WORDS = 3
# This many menu entries in a row are a navigation run. Licences, READMEs and Debian copyright
# files have runs of up to 3 (a name and an address; file names); at 3, four of 131 such
# files read as pages, at 4 none, and no page of extract-dev/train reads as plain at 4 that
# did not at 3.
NAVIGATION_RUN = 4
# A menu or breadcrumb printed on one line: at least this many short items between separators.
# "(?<!\s)": a match starts where a run of spaces starts; tried from every space of a long run
# (a layout-preserving dump), the search took quadratic time (32,000 spaces: 28 s). The same
# matches (tests/test_unit_regex_guards.py).
_SEPARATOR = re.compile(r"(?<!\s)\s+(?:[|>»›·•]+|>>)\s+")
MENU_LINE_ITEMS = 3


def is_menu_entry(text: str) -> bool:
    stripped = text.strip()
    return 0 < word_count(stripped) <= MENU_ENTRY_MAX_WORDS and bool(
        _MENU_ENTRY.fullmatch(stripped)
    )


def is_menu_line(text: str) -> bool:
    if not _SEPARATOR.search(text):
        return False
    items = [item for item in _SEPARATOR.split(text.strip()) if item]
    return len(items) >= MENU_LINE_ITEMS and all(map(is_menu_entry, items))


def is_web_phrase(text: str) -> bool:
    return word_count(text) <= _WEB_PHRASE_MAX_WORDS and bool(_WEB_PHRASE.search(text))


def _separators(text: str) -> int:
    return len(_SEPARATOR.findall(text))


# A paragraph printed twice in a row with at least this many words is an image's alt text and
# caption; Debian copyright files repeat 4-word "License: BSD-3-clause" lines. Alt text and
# caption are one line each: a stanza of several lines printed twice is a copyright file's
# ("Copyright (C) 2001-2019 Free Software Foundation, Inc.\nmix of GPL-3.0 and LGPL-2.1/3").
CAPTION_MIN_WORDS = 6


def _printed_twice(texts: Sequence[str], index: int, copies: Callable[[str], int]) -> bool:
    """A line printed twice in a row, and nowhere else: a song's refrain, printed twice at the
    end of every verse, is no image's caption (`copies`: how often the document prints a text)."""
    text = texts[index]
    return (
        index > 0
        and text == texts[index - 1]
        and word_count(text) >= CAPTION_MIN_WORDS
        and "\n" not in text.strip()
        and copies(text) == 2
    )


# One token with a slash or a dot is a path or a file name ("libs/fiber/examples/asio/ps/
# subscriber.cpp" in a copyright file), not a button.
_PATH = re.compile(r"\S*[/.]\S*")


def _navigation_run(entries: Sequence[str]) -> bool:
    """Menu entries in a row that read as a menu: a menu names sections, and at least one of
    NAVIGATION_RUN entries is a single word ("News", "Sport"); people and companies listed one a
    line ("David Abrahams", "Douglas Gregor", "Microsoft Corporation") are two words and more."""
    return len(entries) >= NAVIGATION_RUN and any(
        word_count(entry) == 1 for entry in entries[-NAVIGATION_RUN:]
    )


# A table's rule: dashes, colons and spaces between column junctions ("------+--------",
# "|---|:---:|"); one character class, so a long line that is no rule fails in linear time.
# A rule without a junction ("------------") is a horizontal rule or a heading's underline.
_TABLE_RULE = re.compile(r"[\s|+:-]*")


def _table_rule(text: str) -> bool:
    return "---" in text and ("|" in text or "+" in text) and bool(_TABLE_RULE.fullmatch(text))


def _in_table(texts: Sequence[str], index: int) -> bool:
    """A row of a plain-text table: a line above or below has as many separators, or is a
    table's rule (the header's row over it)."""
    count = _separators(texts[index])
    return any(
        0 <= other < len(texts)
        and (_separators(texts[other]) == count or _table_rule(texts[other]))
        for other in (index - 1, index + 1)
    )


# A Markdown code block's fence: three or more backquotes (an info string after them, without
# backquotes) or tildes. It is closed by a bare fence of the same character, at least as long.
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}(?=[^`]*$)|~{3,})(?P<info>.*)$", re.MULTILINE)


def _fenced_paragraphs(texts: Sequence[str]) -> set[int]:
    """The paragraphs from a code block's opening fence to its closing one. A fence that is
    never closed (a scene break of tildes, a block cut off) opens nothing."""
    inside: set[int] = set()
    opened: tuple[int, str] | None = None
    for index, text in enumerate(texts):
        if "```" not in text and "~~~" not in text:
            continue
        for match in _FENCE.finditer(text):
            fence = match.group("fence")
            if opened is None:
                opened = (index, fence)
            elif (
                fence[0] == opened[1][0]
                and len(fence) >= len(opened[1])
                and not match.group("info").strip()
            ):
                inside.update(range(opened[0], index + 1))
                opened = None
    return inside


def furniture_reason(texts: Sequence[str], template: Collection[int] = ()) -> str | None:
    """The first sign of page furniture in a document's paragraphs, as a short code, or None
    when it has none (the document is all body). A page prints its header (menus, share and
    login lines) at the top: one sign further down, alone, is a line of a plain text ("You can
    subscribe to the mailing list", a NEWS file's list of translations), so the document is a
    page when a sign lies among its first HEADER_PARAGRAPHS paragraphs or a second one
    follows."""
    if template:
        return "template_line"
    # A menu is furniture around the page's other lines: short lines in a row and no longer
    # paragraph anywhere are a list (a word list, names, tags, a poem of short lines), whose
    # article search would find nothing and leave an empty body.
    running = None
    first = None
    for index, reason in _signs(texts):
        if reason == "navigation_run":
            if running is None:
                running = any(word_count(text) >= RUNNING_TEXT_WORDS for text in texts)
            if not running:
                continue
        if first is not None or index < HEADER_PARAGRAPHS:
            return first or reason
        first = reason
    return None


# A document with no paragraph of this many words is a list, not a page: word lists, names,
# tags, a poem of short lines. Lower than a sentence: a listicle or a recipe page may have no
# sentence ("1. Ride tram 28 through Alfama" under a menu) and is a page. Every page of
# extract-dev and extract-train has a paragraph of 20 words or more.
RUNNING_TEXT_WORDS = 5


# The page header's reach. Of the 333 pages of extract-dev and extract-train, one page's only
# sign lies below it (a tumblr post whose navigation run follows the post: all body, its F1
# 0.14 -> 0.95); of 1,433 READMEs, NEWS files, package descriptions, licences and copyright
# files of a Debian system, 22 with one sign further down read as plain (40 -> 18 read as
# pages), and 8 of the 333 gold article bodies saved alone (17 -> 9).
HEADER_PARAGRAPHS = 10
# A web phrase counts as a sign in a line of at most this many words with no syntax of a plain
# text (reStructuredText or Markdown, backquotes, a URL), and a list item only when it is as
# short as a button ("* Share"): a banner or a button, not a changelog's "- dnf: Run
# subscription-manager" nor "* Sessions with Cookie Persistence" in a package's description.
# No page of extract-dev/train depends on a longer one.
_SIGN_PHRASE_MAX_WORDS = 12
_LIST_ITEM_MAX_WORDS = 4
_SYNTAX = re.compile(r"^\s*(?:\.\.\s|\[\d+\]:|#|:\w+:)|`|::|https?://")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]+|\d+[.)])\s")
# A bulleted item of words that heads a list ("* Translation updates", "- New translations:"):
# letters and spaces only, so not "- Menu -", "- - -", "* Copyright © 2024 ..." nor a dateline;
# a numbered item announces no list ("18. Mai 2026" over a menu). "\s*(?::\s*)?", not
# "\s*:?\s*": two runs of spaces side by side split a long run every way (quadratic).
_ANNOUNCING_ITEM = re.compile(r"\s*[-*•]\s+[^\W\d_]+(?:[ '’-][^\W\d_]+)*\s*(?::\s*)?")


def _signs(texts: Sequence[str]) -> Iterator[tuple[int, str]]:
    """(paragraph index, code) of each sign of page furniture, in order. A run of menu entries
    is one sign however long, and none under a line that announces a list
    (_ListAnnouncements: "* Translation updates:" over "Czech", "Galician"... in a NEWS file).
    Nothing inside a Markdown code block is a sign (a README's example data, one value a
    line)."""
    run: list[str] = []
    listed = signed = False
    fenced = _fenced_paragraphs(texts)
    announcements = _ListAnnouncements()
    commenters = set(commenters_saying(texts))
    counts: Counter[str] = Counter()

    def copies(text: str) -> int:
        if not counts:  # counted once, when a document first prints a line twice in a row
            counts.update(texts)
        return counts[text]

    for index, text in enumerate(texts):
        under_announcement = announcements.in_force(index)
        entry = is_menu_entry(text)
        announcements.passed(index, text, entry)
        if index in fenced:
            run = []
            continue
        if entry:
            if not run:
                listed, signed = under_announcement, False
            run = [*run[1 - NAVIGATION_RUN :], text]
        else:
            run = []
        if COMMENT_HEADER.match(text) or _comment_heading(text) or index in commenters:
            yield index, "comment_section"
        elif RELATED_MARKER.match(text):
            yield index, "related_section"
        elif _web_sign(text):
            yield index, "web_phrase"
        elif CAPTION.match(text) or (_printed_twice(texts, index, copies) and not _markup(text)):
            yield index, "image_caption"
        elif is_menu_line(text) and not _in_table(texts, index):
            yield index, "menu_line"
        elif not (listed or signed) and _navigation_run(run):
            yield index, "navigation_run"
            signed = True


class _ListAnnouncements:
    """Whether the paragraph being read lies under a line that announces a list: a bulleted item
    of words (_ANNOUNCING_ITEM: "* Translation updates" in GTK's NEWS, with up to _LIST_REACH
    short entries between, menu entries or not; not a web phrase such as "- Menu"), or a line
    ending with a colon with only short entries that are no menu entries between ("Translation
    updates:" over "Chinese (Taiwan)", "French"... in GLib's; not "Search for:" over a site's
    menu that "Izincwadi/Imibono" breaks: the colon is then above the menu's first entries).
    Kept as the nearest such line of each kind, updated paragraph by paragraph: one pass over a
    document however many runs it has."""

    def __init__(self) -> None:
        self.bullet: int | None = None
        self.colon: int | None = None

    def in_force(self, index: int) -> bool:
        return any(
            line is not None and index - line <= _LIST_REACH for line in (self.bullet, self.colon)
        )

    def passed(self, index: int, text: str, menu_entry: bool) -> None:
        """Paragraph `index` has been read (`menu_entry`: is_menu_entry of it)."""
        line = text.strip()
        entry = 0 < word_count(line) <= MENU_ENTRY_MAX_WORDS + 1 and not line.endswith(_ENDS)
        if _ANNOUNCING_ITEM.fullmatch(line) and not is_web_phrase(_LIST_ITEM.sub("", line)):
            self.bullet = index
        elif not entry:
            self.bullet = None
        if line.endswith(":"):
            self.colon = index
        elif not entry or menu_entry:
            self.colon = None


# GTK's NEWS lists up to 60 languages under one "* Translation updates".
_LIST_REACH = 100
# A line ending so is a sentence, not an entry of a list.
_ENDS = (".", "!", "?", ";", ",")


def _web_sign(text: str) -> bool:
    stripped = text.strip()
    words = word_count(text)
    if (
        words > _SIGN_PHRASE_MAX_WORDS
        or _PATH.fullmatch(stripped)
        or _SYNTAX.search(stripped)
        or (words > _LIST_ITEM_MAX_WORDS and _LIST_ITEM.match(stripped))
        or _BUG.match(stripped)
        or sum(c.isalpha() for c in stripped) * 2 < len("".join(stripped.split()))
    ):  # a line of code ('print("----------")') is no button either
        return False
    text = _COOKIE_TERM.sub(" ", text)
    # Taking file names out may only take a phrase away ("Email: jane@example.org" is no
    # "Email" button).
    return is_web_phrase(text) and is_web_phrase(_FILE_NAME.sub(" ", text))


def _comment_heading(text: str) -> bool:
    """A comment section's heading as a page prints it: a count of comments ("3 Comments",
    "14 Responses to “How I Built a Tiny House ...”", however long the title it quotes) or a
    short line ("Leave a reply"), not a commit message's "Add a comment to explain why ..." nor
    a bug list's "557629 Response ID not converted ..." (a count of 10,000 comments or more is
    printed with a thousands separator, which this heading's pattern does not take)."""
    if not COMMENT_SECTION.match(text) or _BUG.match(text):
        return False
    return bool(_COMMENT_COUNT.match(text)) or word_count(text) <= _SIGN_PHRASE_MAX_WORDS


# A line of a bug list or a changelog: a bug number of five digits or more, then its title
# ("752656 gdbusconnection: Fix signal subscription documentation" in GLib's NEWS).
_BUG = re.compile(r"^\s*#?\d{5,}\b")
_COMMENT_COUNT = re.compile(r"\s*\d{1,4}\s+(?:comments?|responses?|replies)\b", re.IGNORECASE)
# A file name: a token with a dotted extension of lower-case letters or digits ("config.log",
# ".gitlab-ci.yml", "fuzz/*.log"): in "keep config.log in windows builds" there is no "log in"
# button. Not "Subscribe/Sign In" (no dot). Anchored at the token's start: linear time.
_FILE_NAME = re.compile(r"(?<!\S)\S*[\w*]\.[a-z0-9]{1,4}(?!\w)\S*")


def _markup(text: str) -> bool:
    """A list item or the syntax of a plain text: changelogs and copyright files repeat such
    lines, which an image's alt text and caption never are."""
    return bool(_LIST_ITEM.match(text) or _SYNTAX.search(text))


# "cookie" alone is a term of HTTP in a changelog ("session cookie values", "Avoid cookie
# wrapping"); a page's notice says "cookies" or names its cookie policy or settings.
_COOKIE_TERM = re.compile(
    r"\bcookie\b(?![- ]?(?:policy|settings|preferences|consent|notice|banner|richtlinie|"
    r"einstellungen|hinweis))",
    re.IGNORECASE,
)


def is_plain_document(texts: Sequence[str], template: Collection[int] = ()) -> bool:
    return furniture_reason(texts, template) is None
