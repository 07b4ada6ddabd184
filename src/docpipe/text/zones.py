"""Label every paragraph of a page dump with a zone: a first, honest, rule-based classifier.

The page is read in four passes: pattern rules on single paragraphs (comment headers, donation and
share lines, captions, bylines); the comment section (from the first numbered comment header on);
the main article (the run of long paragraphs with the most text before the comments, and above a
blog's comment thread); the thread after it (its "<name> says:" lines or names over times, to its
end); and everything else by its position relative to the main article. Every decision carries a
reason code.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from docpipe.text.article_search import (
    DATE_LINE,
    SCORING,
    SENTENCE_END,
    ArticleScoring,
    best_region,
)
from docpipe.text.dates import find_dates
from docpipe.text.words import word_count

# A site-template paragraph with at least this many words (a cookie notice, a newsletter box) ends
# the article search like a section marker; shorter template lines only lower a run's score.
# Breaking on every template line cost 0.04 F1 on extract-dev (articles quote shared one-liners).
LONG_PARAGRAPH_WORDS = 15
# A title has at least this many words (menus are shorter) and at most this many (a lead is longer).
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 4, 30
# Captions seen on the seeds and extract-dev run to about 40 words.
CAPTION_MAX_WORDS = 50
# How many paragraphs before the article the title is looked for in.
TITLE_WINDOW = 8

COMMENT_HEADER = re.compile(
    r"^#?\s*(?P<number>\d+)\s+Comment\s+By\s+(?P<author>.+?)\s+On\s+(?P<posted>.+?)\s*$",
    re.IGNORECASE,
)
# WordPress heads a thread with "12 thoughts on “<title>”" or "One thought on “<title>”" (also
# responses, replies, comments); the quote mark keeps a listicle's "5 thoughts on Arsenal's draw".
COMMENT_SECTION = re.compile(
    r"^(\d+\s+(comments?|responses?|replies)\b|(leave|post|add|write) a (reply|comment)\b|"
    r"comments?$|join the discussion|notify of$|comments are closed|"
    r"(\d+|one)\s+(thoughts?|responses?|repl(y|ies)|comments?)\s+(on|to)\s+[“\"«„‘'])",
    re.IGNORECASE,
)
# The lines a comment thread repeats under every comment: its reply button, alone on its line
# ("Reply", "Antworten", "Répondre") or after the commenter's name when that name is a line of
# its own a little above (taz: "Magnus_15", the comment, "Magnus_15 antworten"; not "Fragen und
# Antworten" nor "Editor's reply"), and WordPress's "<name> says:" when a reply button follows
# within _THREAD_REACH paragraphs (not an article's "The statement says:" above a quotation).
# Two reply buttons on a page mark a thread, and each of these lines then ends the article's run
# like a comment section's heading. "X wrote:" is left out: a mailing list's quotes in
# readability's test pages are article text. On extract-dev and extract-train no such line is
# in a gold body.
_REPLY_WORD = (
    r"(?:reply|antworten|répondre|responder|rispondi|svara|vastaa|odpowiedz|odpovědět|yanıtla|"
    r"balas|ответить|відповісти|返信|回复|답글|beantwoorden|reageer)"
)
_REPLY_BUTTON = re.compile(rf"^\s*{_REPLY_WORD}\s*$", re.IGNORECASE)
# The name ends with a non-space: a name that could end inside a run of spaces would try the run
# once per length of the name (a line of 200,000 spaces: 2.5 s).
_NAMED_REPLY = re.compile(rf"^\s*(?P<name>\S(?:.{{0,59}}\S)?)\s+{_REPLY_WORD}\s*$", re.IGNORECASE)
_COMMENTER_SAYS = re.compile(
    r"^\s*(?P<name>\S+(?:\s+\S+){0,7})\s+"
    r"(?:says|sagt|dit|dice|diz|scrive|skriver|zegt|pisze|kirjoittaa)\s*:\s*$",
    re.IGNORECASE,
)
_THREAD_REACH = 6
# A blog's comment opens with its author's name over the time it was posted ("Gaye" over "August
# 8, 2018 at 3:17 pm" under WordPress's "10 thoughts on “...”"; "Modern Wife sagt:" over "28.
# April 2024 um 10:17 Uhr"). A name over a time is a comment's header only under a comment
# section's heading after the article, the first within _THREAD_REACH paragraphs of it, and
# from two such pairs on: an article's byline over its date has no such heading above it.
# A time line has at most this many words: "Monday, August 8, 2018 at 3:17 pm", not "Alexander
# Petrov wrote on March 11th, 2015 at 02:57:".
_COMMENT_TIME_MAX_WORDS = 7
_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_COMMENTER_MAX_WORDS = 6
_DATED_NAMES_MIN = 2
# A heading that ends a thread has at most this many words.
_THREAD_HEADING_MAX_WORDS = 6
# How far above its "<name> antworten" the name's own line may be (taz: 7 to 9 paragraphs).
_NAME_ABOVE = 10
# Headings of link boxes that news sites also set inside an article ("Related Stories" and a few
# headlines between two paragraphs; Indonesian sites' "Baca juga"), in the languages of the
# corpus. Such a box ends the article only when a new article's byline or date follows it.
_LINK_BOX_MARKER = re.compile(
    r"^(related( (posts|articles|stories|news|content|coverage))?|read (more|next|also)|"
    r"also read|see also|more on this( story)?|more from( [\w'’.&-]+){1,4}|"
    r"leia (também|mais)|veja (também|mais)|(notícias|matérias) relacionadas|"
    r"lesen sie (auch|mehr)|mehr zum thema|"
    r"читайте (также|ещё|еще)|по теме|"
    r"baca juga|berita terkait|artikel terkait|"
    r"関連記事|관련\s?기사)\W*$",
    re.IGNORECASE,
)
# A line saying the article goes on after an advertisement or a box ("Story continues below",
# "This advertisement has not loaded yet, but your article continues below."), ending with it:
# a recommendations heading a few headlines above it is a box set inside the article, not the
# page's end (Postmedia's "Trending" and "Read More" boxes between the paragraphs: 4 to 16
# paragraphs above the line, headlines of up to 20 words between).
_CONTINUES = re.compile(
    r"\b(article|story) continues (below|after)\W*$|^continue reading below\W*$", re.IGNORECASE
)
_CONTINUES_WORDS = 15
_CONTINUES_REACH = 20
_BOX_LINE_MAX_WORDS = 25
# Headings of the recommendations after an article: every such marker ends the article. The
# lookahead names the first letter of every alternative (as _BOILERPLATE's below): most
# paragraphs fail on their first character instead of trying the alternatives one by one
# (0.07 -> 0.04 s a pass over the 74,742 paragraphs of the 333 real pages; the zone rules and
# the furniture signs make about three).
RELATED_MARKER = re.compile(
    r"(?=[abcdlmnrstvyúпсч人関관많])(?:"
    r"^(latest|continue reading|more (from|stories|news|articles)\b|"
    r"you (may|might) also like|recommended( for you)?|trending|most (read|popular|viewed)|"
    r"also on\b|você (também )?pode gostar|(mais|últimas) (lidas|notícias)|"
    r"das könnte (sie|dich) auch interessieren|meistgelesen|"
    r"(самое|самые) (популярное|читаемые)|terpopuler|"
    r"人気記事|많이 본 뉴스)\W*$"
    f"|{_LINK_BOX_MARKER.pattern})",
    re.IGNORECASE,
)
# The lookahead names the first letter of every alternative: the regex engine tries the 23
# alternatives one by one at each character, and this cheap test first skips most characters
# (the same matches: tests/test_unit_regex_guards.py; 0.35 -> 0.16 s over the 47,000 distinct
# paragraphs of up to 25 words of 1,000 generated and 333 real pages).
_BOILERPLATE = re.compile(
    r"(?=[dsnpacflt©])"
    r"(donat(e|ion)|subscri(be|ption)|newsletter|patreon|paypal|advertisement|\bcookies?\b|"
    r"\bshare (this|on)\b|follow us|sign (up|in)|log ?in\b|all rights reserved|copyright|©|"
    r"privacy policy|terms of (use|service)|click to comment|liked it\?|connect with us|"
    r"accessibility links|skip to (main )?content|^avatar$|^advertisement$)",
    re.IGNORECASE,
)
_BOILERPLATE_MAX_WORDS = 25
# A notice that the reader's browser is too old, as a sentence of its own (Nine News, nature.com,
# The New York Times, il Giornale, Tages-Anzeiger): not "so if you use Chrome, update your browser
# as soon as the patch arrives" in a story about browsers.
_BROWSER_NOTICE = re.compile(
    r"(?:^|[.!?]\s+)(?:"
    r"your (web )?browser (version )?is (no longer supported|not supported|outdated|out of date)|"
    r"you are using a browser version with limited support|"
    r"(please )?(upgrade|update) your (web )?browser|"
    r"ihr browser (ist veraltet|wird nicht (mehr )?unterstützt)|"
    r"(bitte )?aktualisieren sie ihren browser|"
    r"(per favore )?utilizza un browser moderno)",
    re.IGNORECASE,
)
_BROWSER_NOTICE_MAX_WORDS = 60


def _mentions(text: str, *words: str) -> bool:
    """Whether the text holds one of the (lower-case) words in lower or upper case: a
    substring test that spares a pattern of many alternatives most paragraphs (the browser
    notice's took 0.44 s over the 124,000 paragraphs of 1,000 generated and 333 real pages,
    0.02 s behind this test, the same matches there). Mixed case ("BrOwSeR") is not
    looked for."""
    return any(word in text or word.upper() in text for word in words)


CAPTION = re.compile(
    r"^(in this (picture|photo|image|file photo)|photo:|image:|pictured:|file photo|"
    r"\(?(ap|afp|reuters|getty)( images)? photo)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^((by|von|por|par|oleh)\s+\w|published\b|posted\b|updated\b|on$|[\d.,]+\s+views?$|"
    r"\d+\s+min(ute)?s? read$)",
    re.IGNORECASE,
)
# Two to four capitalised words: how a byline prints an author's name.
PERSON_NAME = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_TERMINAL = tuple('.!?…:;"”’»)')


# Zones that are never the article's header, where its byline and date are read
# (docpipe.text.metadata, docpipe.text.authors).
NOT_HEADER = ("comment", "related", "caption", "footer")


@dataclass(frozen=True, slots=True)
class Zoned:
    """A paragraph's zone and the code of the rule that chose it."""

    zone: str
    reason: str


_COMMENT_HEADER = Zoned("comment", "comment_header")
_COMMENT_HEADING = Zoned("comment", "comment_heading")


def _is_long(text: str) -> bool:
    return word_count(text) >= LONG_PARAGRAPH_WORDS


def _pattern_zone(texts: Sequence[str], index: int) -> Zoned | None:
    """Zones that a paragraph's own wording decides."""
    text = texts[index]
    words = word_count(text)
    if COMMENT_HEADER.match(text):
        return _COMMENT_HEADER
    if CAPTION.match(text):
        return Zoned("caption", "caption_pattern")
    # Page dumps print an image's caption twice in a row (alt text, then the visible caption);
    # a long paragraph printed twice is more likely a repeated article paragraph.
    repeated = (index > 0 and texts[index - 1] == text) or (
        index + 1 < len(texts) and texts[index + 1] == text
    )
    if repeated and words <= CAPTION_MAX_WORDS:
        return Zoned("caption", "repeated_line")
    if words <= _BOILERPLATE_MAX_WORDS and _BOILERPLATE.search(text):
        return Zoned("boilerplate", "boilerplate_phrase")
    if (
        words <= _BROWSER_NOTICE_MAX_WORDS
        and _mentions(text, "rowser")
        and _BROWSER_NOTICE.search(text)
    ):
        return Zoned("boilerplate", "boilerplate_phrase")
    if words <= 8 and _BYLINE.match(text):
        return Zoned("byline", "byline_phrase")
    following = texts[index + 1] if index + 1 < len(texts) else ""
    if (
        PERSON_NAME.match(text)
        and _BYLINE.match(following)
        and not following.lower().startswith("by")
    ):
        return Zoned("byline", "name_before_byline")
    return None


def _title_index(texts: Sequence[str], article_start: int, fixed: dict[int, Zoned]) -> int | None:
    for index in range(max(0, article_start - TITLE_WINDOW), article_start):
        text = texts[index]
        words = word_count(text)
        if index in fixed or _URL.search(text):
            continue
        if TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS and not text.rstrip().endswith("."):
            return index
    return None


def classify_zones(
    texts: Sequence[str], template: Collection[int] = (), scoring: ArticleScoring = SCORING
) -> list[Zoned]:
    """One Zoned per paragraph text, in order. `template`: indices of the paragraphs that recur
    on other pages of the same site (see docpipe.text.templates)."""
    count = len(texts)
    fixed = _fixed_zones(texts, template)
    thread = _thread_lines(texts)
    comments_start = next(
        (i for i, z in sorted(fixed.items()) if z.reason == "comment_header"), count
    )
    related_markers = {i for i in range(count) if RELATED_MARKER.match(texts[i])}
    # The article is looked for above a blog's thread first (a comment longer than the article
    # would win the search), then, when nothing is found there, on the whole page (a forum
    # page's first post, "<name> says:" over it, is the article).
    article, boxes = None, set()
    thread_start = _thread_start(texts, thread) if comments_start == count else count
    if thread_start < count:
        article, boxes = _find_article(
            texts, template, fixed, related_markers, thread_start, scoring, thread
        )
    if article is None:
        article, boxes = _find_article(
            texts, template, fixed, related_markers, comments_start, scoring, thread
        )
    # The thread's headers are those after the article; its heading just above the first is
    # the comments' too.
    headers = (
        _thread_headers(texts, article[1], thread) if article and comments_start == count else []
    )
    for index in headers:
        fixed[index] = _COMMENT_HEADER
    if headers:
        comments_start = headers[0]
        above = range(headers[0] - 1, max(article[1], headers[0] - 1 - _THREAD_REACH), -1)
        heading = next((i for i in above if COMMENT_SECTION.match(texts[i])), None)
        if heading is not None:
            fixed[heading] = _COMMENT_HEADING
            comments_start = heading
    comments_end = _thread_end(texts, fixed, comments_start)
    related_markers -= set(range(article[0], article[1] + 1)) if article else set()
    related_from = count
    if article is not None:
        related_from = min([i for i in related_markers if i > article[1]] + [count])
    title = _title_index(texts, article[0], fixed) if article else None
    # The footer is looked for after the comments (a thread's end, else its last comment's first
    # line of text: a short last comment is no footer line), else after the article.
    if comments_end < count:
        footer_after = comments_end
    elif headers:
        said = _first_said(texts, headers[-1])
        # An empty last comment: a fixed line under it ("Privacy policy") is the footer's.
        footer_after = (
            said if said not in fixed else comment_header(texts, headers[-1])[2] or headers[-1]
        )
    elif comments_start < count:
        footer_after = comments_start
    else:
        footer_after = article[1] if article else count
    footer_from = _footer_start(texts, fixed, footer_after)
    related_titles = {
        found
        for marker in sorted(related_markers)
        if related_from <= marker < footer_from
        and (found := _title_after(texts, marker, fixed, footer_from)) is not None
    }
    zones: list[Zoned] = []
    for index in range(count):
        if index >= footer_from:
            zones.append(Zoned("footer", "page_footer"))
        elif index in related_titles and index < comments_start:
            zones.append(Zoned("related", "related_title"))
        elif index in boxes:
            zones.append(Zoned("related", "inline_link_box"))
        else:
            zones.append(
                _position_zone(
                    texts,
                    index,
                    fixed,
                    article,
                    title,
                    related_from,
                    min(comments_start, footer_from),
                    comments_end,
                )
            )
    return zones


def _fixed_zones(texts: Sequence[str], template: Collection[int]) -> dict[int, Zoned]:
    """The paragraphs a pattern rule labels on its own, and the site's template lines."""
    fixed: dict[int, Zoned] = {}
    for index in range(len(texts)):
        zoned = _pattern_zone(texts, index)
        if zoned is not None and (index not in template or zoned.reason == "comment_header"):
            fixed[index] = zoned
        elif index in template:
            fixed[index] = Zoned("boilerplate", "repeated_in_site")
    return fixed


def _find_article(
    texts: Sequence[str],
    template: Collection[int],
    fixed: dict[int, Zoned],
    related_markers: set[int],
    comments_start: int,
    scoring: ArticleScoring,
    thread: set[int],
) -> tuple[tuple[int, int, int] | None, set[int]]:
    """The main article's run (first, last, characters), if any, and the paragraphs of the link
    boxes set inside it."""
    link_box_headings = {
        i
        for i in related_markers
        if _LINK_BOX_MARKER.match(texts[i]) or _box_over_continues(texts, i, comments_start)
    }
    inline = (
        {i for i in link_box_headings if not _starts_new_article(texts, i, fixed, scoring)}
        if scoring.inline_marker is not None
        else set()
    )
    breaks = (related_markers - inline) | {
        i for i in range(len(texts)) if COMMENT_SECTION.match(texts[i])
    }
    breaks |= {i for i in template if _is_long(texts[i])}
    breaks |= thread
    costs = dict.fromkeys(inline, scoring.inline_marker or 0.0)
    # What follows a recommendations heading ("You may also like") is other pages' teasers, however
    # long: the article is looked for before the first such heading, and after it only when there
    # is none before.
    article = None
    if scoring.recommendations_end_page:
        first = min(related_markers - link_box_headings, default=comments_start)
        article = best_region(texts, min(first, comments_start), breaks, fixed, scoring, costs)
    if article is None:
        article = best_region(texts, comments_start, breaks, fixed, scoring, costs)
    boxes: set[int] = set()
    if article is not None:
        inside = set(range(article[0], article[1] + 1))
        for marker in sorted(related_markers & inside):
            boxes |= _link_box(texts, marker, fixed, scoring, inside)
    return article, boxes


def _thread_lines(texts: Sequence[str]) -> set[int]:
    """The reply buttons and "<name> says:" lines of a comment thread, when the page has two
    reply buttons or more (none otherwise). A "says:" line is a commenter's when its own reply
    button follows within _THREAD_REACH paragraphs, no other commenter's line or comment
    heading between: not an article's "The statement says:" over a quotation a little above
    the comments."""
    replies = {i for i, text in enumerate(texts) if is_reply_button(texts, i)}
    if len(replies) < 2:
        return set()
    timed, buttoned = set(), set()
    for index, text in enumerate(texts):
        if not _COMMENTER_SAYS.match(text):
            continue
        if index + 1 < len(texts) and comment_time(texts[index + 1]):
            timed.add(index)  # WordPress drops the button at the deepest level of replies
            continue
        for below in range(index + 1, min(len(texts), index + 1 + _THREAD_REACH)):
            if below in replies:
                buttoned.add(index)
                break
            if _COMMENTER_SAYS.match(texts[below]) or thread_heading(texts[below]):
                break
    # Where commenters' lines have their time under them, one without is a comment's own line
    # ("As my mother always says:").
    return replies | (timed or buttoned)


def commenters_saying(texts: Sequence[str], thread: set[int] | None = None) -> list[int]:
    """The "<name> says:" lines of a comment thread (`thread`: _thread_lines, when known)."""
    thread = _thread_lines(texts) if thread is None else thread
    return sorted(i for i in thread if _COMMENTER_SAYS.match(texts[i]))


def thread_heading(text: str) -> bool:
    """A short comment section heading: what ends a thread ("Leave a Reply" over the form,
    "Comments are closed."), not a comment's "Add a comment box to the page, please"."""
    return word_count(text) <= _THREAD_HEADING_MAX_WORDS and COMMENT_SECTION.match(text) is not None


def comment_time(text: str) -> bool:
    """Whether a line is a date with a time of day and little else ("August 8, 2018 at 3:17
    pm", "28. April 2024 um 10:17 Uhr")."""
    return (
        word_count(text) <= _COMMENT_TIME_MAX_WORDS
        and _CLOCK_TIME.search(text) is not None
        and bool(find_dates(text))
    )


def _thread_start(texts: Sequence[str], thread: set[int]) -> int:
    """Where a blog's thread starts, if the page has one: its first "<name> says:" line, or the
    first comment section heading with names over times under it (_dated_names_under)."""
    says = commenters_saying(texts, thread)
    first = says[0] if says else len(texts)
    for index in range(first):
        if COMMENT_SECTION.match(texts[index]) and _dated_names_under(texts, index):
            return index
    return first


def _thread_headers(texts: Sequence[str], article_end: int, thread: set[int]) -> list[int]:
    """The comment headers of a blog's thread after the article: its "<name> says:" lines, else
    its names over their times (_dated_names)."""
    says = [i for i in commenters_saying(texts, thread) if i > article_end]
    return says or _dated_names(texts, article_end)


def _dated_names(texts: Sequence[str], after: int) -> list[int]:
    """The name lines of a thread of comments that open with a name over a time, under the
    first comment section heading after paragraph `after` (_dated_names_under)."""
    heading = next(
        (i for i in range(after + 1, len(texts)) if COMMENT_SECTION.match(texts[i])), None
    )
    return [] if heading is None else _dated_names_under(texts, heading)


def _dated_names_under(texts: Sequence[str], heading: int) -> list[int]:
    """The name lines of a thread of comments that open with a name over a time, under the
    comment section heading at paragraph `heading`: the first within _THREAD_REACH paragraphs
    of it, then every one up to a thread heading or a related-stories marker ("Leave a Reply",
    then "Recent Posts" with titles over dates); [] when there are fewer than
    _DATED_NAMES_MIN, or under "0 Comments" (a list of latest stories follows)."""
    if re.match(r"\s*0\s", texts[heading]):
        return []
    names: list[int] = []
    for index in range(heading + 1, len(texts) - 1):
        text = texts[index].strip()
        if not names and index - heading > _THREAD_REACH:
            break
        if thread_heading(text) or RELATED_MARKER.match(text):
            break
        if (
            0 < word_count(text) <= _COMMENTER_MAX_WORDS
            and not text.endswith(_TERMINAL)
            and comment_time(texts[index + 1])
            and not comment_time(text)
            and not COMMENT_SECTION.match(text)
            and not is_reply_button(texts, index)
        ):
            names.append(index)
    return names if len(names) >= _DATED_NAMES_MIN else []


def _first_said(texts: Sequence[str], header: int) -> int:
    """The first paragraph of a comment's text under its header (past its time line and a
    reply button over the text), or the header when there is none."""
    time_line = comment_header(texts, header)[2]
    for index in range(header + 1, len(texts)):
        if index != time_line and not is_reply_button(texts, index):
            return index
    return header


def _thread_end(texts: Sequence[str], fixed: dict[int, Zoned], start: int) -> int:
    """Where the comment section that starts at paragraph `start` ends: at the page's end after
    the seeds' numbered comments ("#1 Comment By ..."); after a blog's thread, under its last
    comment: after its reply button (one under the header, above the text, as some themes
    print it, does not end it), or at a thread heading ("Leave a Reply" over the form,
    "Comments are closed."), a related-stories marker, a line of the site's template or of
    page furniture ("Privacy policy"), whichever comes first."""
    headers = [i for i, zoned in fixed.items() if zoned.reason == "comment_header" and i >= start]
    if not headers or any(COMMENT_HEADER.match(texts[i]) for i in headers):
        return len(texts)
    headers.sort()
    last = headers[-1]
    # A theme that prints the reply button over the text, or none, leaves nothing after the
    # last comment, and a sidebar may follow: that comment is then no longer than the longest
    # before it.
    pairs = list(itertools.pairwise(headers))
    limit = len(texts)
    if not any(_reply_after_text(texts, a, b) for a, b in pairs):
        limit = min(limit, last + max((b - a for a, b in pairs), default=len(texts)))
    time_line = comment_header(texts, last)[2]
    said = False
    for index in range(last + 1, limit):
        if is_reply_button(texts, index):
            if said:
                return index + 1
            continue
        if (
            thread_heading(texts[index])
            or RELATED_MARKER.match(texts[index])
            or (index in fixed and fixed[index].zone != "comment")
        ):
            return index
        said = said or index != time_line
    return limit


def _reply_after_text(texts: Sequence[str], header: int, stop: int) -> bool:
    """Whether the paragraph before `stop` is a reply button under some text of the comment
    whose header is at `header` (past its time line): one over the text does not count."""
    time_line = comment_header(texts, header)[2]
    if stop - 1 <= header or not is_reply_button(texts, stop - 1):
        return False
    return any(
        i != time_line and not is_reply_button(texts, i) for i in range(header + 1, stop - 1)
    )


def comment_header(texts: Sequence[str], index: int) -> tuple[str | None, str | None, int | None]:
    """What the comment header at paragraph `index` says: the commenter, the text the time of
    posting is read from, and the paragraph of that time when it is a line of its own (else
    None)."""
    text = texts[index]
    seeds = COMMENT_HEADER.match(text)
    if seeds:
        return seeds.group("author").strip(), seeds.group("posted"), None
    says = _COMMENTER_SAYS.match(text)
    name = says.group("name").strip() if says else text.strip()
    if index + 1 < len(texts) and comment_time(texts[index + 1]):
        return name, texts[index + 1], index + 1
    return name, None, None


def is_reply_button(texts: Sequence[str], index: int) -> bool:
    text = texts[index]
    # Both forms end with a reply word as the text's last token (a reply word has no space):
    # that token alone is tested first, and the named form's pattern, which tries every length
    # of name, only runs on the few texts that pass (_thread_lines over the 333 real pages
    # 0.21 -> 0.09 s CPU, the same lines).
    tokens = text.rsplit(maxsplit=1)
    if not tokens or not _REPLY_BUTTON.match(tokens[-1]):
        return False
    if len(tokens) == 1:
        return True
    named = _NAMED_REPLY.match(text)
    if named is None:
        return False
    name = named.group("name").strip()
    return any(texts[i].strip() == name for i in range(max(0, index - _NAME_ABOVE), index))


def _box_over_continues(texts: Sequence[str], marker: int, stop: int) -> bool:
    """Whether a line saying the article goes on ("Story continues below") follows the marker
    within _CONTINUES_REACH paragraphs, before the comments (`stop`), with only headlines
    between: no sentence of 8 words or more ending in a full stop, no paragraph of more than
    _BOX_LINE_MAX_WORDS words (other pages' teasers and leads)."""
    for index in range(marker + 1, min(stop, len(texts), marker + 1 + _CONTINUES_REACH)):
        text = texts[index].strip()
        words = word_count(text)
        if words <= _CONTINUES_WORDS and _mentions(text, "ontinue") and _CONTINUES.search(text):
            return True
        if words > _BOX_LINE_MAX_WORDS or (words >= 8 and text.endswith(".")):
            return False
    return False


def _starts_new_article(
    texts: Sequence[str], marker: int, fixed: dict[int, Zoned], scoring: ArticleScoring
) -> bool:
    """Whether a related-stories marker opens an appended article: a byline or date line comes
    before the next paragraph of running text (a link box's headlines have none)."""
    for index in range(marker + 1, min(len(texts), marker + 1 + TITLE_WINDOW)):
        pattern = fixed.get(index)
        if (pattern is not None and pattern.zone == "byline") or DATE_LINE.match(
            texts[index].strip()
        ):
            return True
        if pattern is None and word_count(texts[index]) >= scoring.running_text_words:
            return False
    return True


def _link_box(
    texts: Sequence[str],
    marker: int,
    fixed: dict[int, Zoned],
    scoring: ArticleScoring,
    inside: Collection[int],
) -> set[int]:
    """A link box inside the article: its marker and the headline lines on either side of it,
    up to the article's running text."""
    box = {marker}
    for step in (-1, 1):
        index = marker + step
        while index in inside and index not in fixed and scoring.score(texts[index], None) < 0:
            box.add(index)
            index += step
    return box


def _title_after(
    texts: Sequence[str], marker: int, fixed: dict[int, Zoned], stop: int
) -> int | None:
    """The headline of a related story: the first headline-shaped paragraph after its marker."""
    for index in range(marker + 1, min(stop, marker + 1 + TITLE_WINDOW)):
        if index in fixed or RELATED_MARKER.match(texts[index]):
            continue
        words = word_count(texts[index])
        if TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS and not SENTENCE_END.search(
            texts[index].rstrip()
        ):
            return index
    return None


def _footer_start(texts: Sequence[str], fixed: dict[int, Zoned], after: int) -> int:
    """Start of the page footer: the trailing run of short lines and page furniture after
    `after`, if it holds at least one furniture line (copyright, privacy, subscribe...)."""
    start, furniture = len(texts), False
    for index in range(len(texts) - 1, after, -1):
        pattern = fixed.get(index)
        if pattern is not None and pattern.zone == "boilerplate":
            furniture, start = True, index
        elif word_count(texts[index]) <= 4 and not texts[index].rstrip().endswith(_TERMINAL):
            start = index
        else:
            break
    return start if furniture else len(texts)


def _position_zone(
    texts: Sequence[str],
    index: int,
    fixed: dict[int, Zoned],
    article: tuple[int, int, int] | None,
    title: int | None,
    related_from: int,
    comments_start: int,
    comments_end: int,
) -> Zoned:
    if index == title:
        return Zoned("title", "headline_before_article")
    pattern = fixed.get(index)
    # Position outranks wording inside the comment section and the related stories: a "Posted on"
    # or "By ..." line there belongs to a comment or another article, never to the main article.
    if comments_start <= index < comments_end:
        if pattern is not None and pattern.zone == "comment":
            return pattern
        return Zoned("comment", "after_comment_header")
    if index >= related_from:
        if pattern is not None and pattern.zone == "boilerplate":
            return pattern
        return Zoned("related", "after_related_marker")
    if pattern is not None:
        return pattern
    if article is not None and article[0] <= index <= article[1]:
        return Zoned("body", "densest_text_run")
    if RELATED_MARKER.match(texts[index]) or COMMENT_SECTION.match(texts[index]):
        return Zoned("navigation", "section_marker")
    if article is None or index < article[0]:
        if word_count(texts[index]) <= 4 and not texts[index].rstrip().endswith(_TERMINAL):
            return Zoned("navigation", "short_line_before_article")
        return Zoned("boilerplate", "before_article")
    return Zoned("boilerplate", "after_article")
