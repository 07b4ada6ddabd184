"""The headline of a page's article: a learned linear score over candidate paragraphs near the
top of the article (docpipe.text.title_model holds the weights, `docpipe train-metadata` makes
them).

A candidate is a short paragraph from CANDIDATES_BEFORE paragraphs before the article's first
body paragraph to CANDIDATES_AFTER after it, outside comments, related stories and the footer.
Its features say where it is (distance to the article, inside a run of menu lines), what it
looks like (length, sentence punctuation, case, a date, a URL, a "Site | Section" separator),
what the zone rules made of it, and whether the article repeats its words.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from docpipe.text.dates import find_dates
from docpipe.text.words import normalise_spaces, short_text_cache, word_count
from docpipe.text.zones import Zoned

# Where gold headlines of extract-train lie: 90% within 20 paragraphs before the first body
# paragraph the zone rules find, some far above it (the rules took a later block for the article),
# a few just inside it (a standfirst taken for body).
CANDIDATES_BEFORE, CANDIDATES_AFTER = 120, 4
# Gold headlines of extract-train have 3 words or more but 4 (of 232); one- and two-word lines
# (menus) are most candidates and were never chosen.
CANDIDATE_MIN_WORDS, CANDIDATE_MAX_WORDS = 3, 40
_STRAY_WORDS, _STRAY_GAP = 3, 3
# Lines of at most this many words without a sentence end read as menu entries.
_MENU_WORDS = 3
# The article words a headline is compared with: those of the first body paragraphs. Site-grouped
# 5-fold title accuracy on extract-train: 4 paragraphs 0.724, 12 0.759, all 0.750.
_BODY_PARAGRAPHS = 12
# Lines a headline may be printed again in (breadcrumbs, "Title | Site"): this many characters.
_SHORT_CHARS = 300
# How many paragraphs after a candidate are looked at for its byline or date.
_NEAR = 4
_WORD = re.compile(r"\w+")
_URL = re.compile(r"https?://|www\.|\.(com|org|net|de|co\.uk)\b", re.IGNORECASE)
_DATE_SHAPE = re.compile(
    r"\b(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.? \w+\.? \d{4}|"
    r"\w+\.? \d{1,2},? \d{4}|\d{4}年)",
)
_SEPARATOR = re.compile(r"\s[|–—-]\s|\s::\s")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»)\]]*$")
_INNER_SENTENCE = re.compile(r"[.!?] [A-Z]")
_NOT_CANDIDATE = ("comment", "related", "footer")
_ZONES = ("title", "byline", "caption", "navigation", "boilerplate", "body")


@dataclass(frozen=True)
class TitleModel:
    """Weights of a linear score over FEATURES; a page's best candidate is its title when its
    score reaches `min_score` (else the title is null)."""

    weights: Mapping[str, float]
    min_score: float
    version: str

    def score(self, features: Mapping[str, float]) -> float:
        weight = self.weights.get
        return sum([weight(name, 0.0) * value for name, value in features.items()])


def article_start(zones: Sequence[Zoned], texts: Sequence[str]) -> int:
    """Index of the first body paragraph (the page's length when there is none), past a
    leading body line of at most _STRAY_WORDS words with no body paragraph in the
    _STRAY_GAP paragraphs after it (a section name the model took for body above the
    headline: "New York" on The New York Times)."""
    body = [i for i, z in enumerate(zones) if z.zone == "body"]
    for index, following in itertools.pairwise(body):
        if following - index <= _STRAY_GAP or word_count(texts[index]) > _STRAY_WORDS:
            return index
    return body[-1] if body else len(zones)


def candidates(
    texts: Sequence[str],
    zones: Sequence[Zoned],
    start: int,
    words: Callable[[int], int] | None = None,
) -> list[int]:
    """Indices of the title candidates around the article's `start` (article_start);
    `words(index)`: the paragraph's word count."""
    count = words or (lambda index: word_count(texts[index]))
    found = []
    for index in range(
        max(0, start - CANDIDATES_BEFORE), min(len(texts), start + CANDIDATES_AFTER)
    ):
        if zones[index].zone in _NOT_CANDIDATE:
            continue
        if CANDIDATE_MIN_WORDS <= count(index) <= CANDIDATE_MAX_WORDS:
            found.append(index)
    return found


# A site's menus, teasers and bylines recur on its pages: their words are read once per text.
@short_text_cache(maxsize=1 << 16)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(text) if len(w) >= 4 and not w.isdigit())


class _Words:
    """Word counts of a page's paragraphs, counted when first asked for."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts, self.counts = texts, {}

    def __getitem__(self, index: int) -> int:
        if index not in self.counts:
            self.counts[index] = word_count(self.texts[index])
        return self.counts[index]


class _Page:
    """A page's paragraphs with what the features of its candidates share, computed once."""

    def __init__(self, texts: Sequence[str], zones: Sequence[Zoned]) -> None:
        self.texts, self.zones = texts, zones
        self._dated: dict[int, bool] = {}
        self.start = article_start(zones, texts)
        self.words = _Words(texts)
        self.counts = Counter(map(normalise_spaces, texts))
        self.candidates = candidates(texts, zones, self.start, self.words.__getitem__)
        # Candidates shaped like a headline (4-30 words, no sentence end), in page order.
        self.headline_like = [i for i in self.candidates if self._headline_like(i)]
        self.headline_order = {index: order for order, index in enumerate(self.headline_like)}
        before = [i for i in self.headline_like if i < self.start]
        self.last_headline_like_before = before[-1] if before else None
        # Short paragraphs, case-folded and padded: a headline is printed again inside a
        # breadcrumb or a "Title | Site" line, and a breadcrumb contains the headline.
        short = [_padded(t) for t in texts if len(t) <= _SHORT_CHARS]
        self.short_copies = Counter(short)
        self.short_joined = "\n".join(short)
        self.short_like = {_padded(texts[i]) for i in self.headline_like}
        body = [i for i in range(self.start, len(texts)) if zones[i].zone == "body"]
        self.body = body[:_BODY_PARAGRAPHS]
        self.body_words = frozenset().union(*(self.content(i) for i in self.body))

    def _headline_like(self, index: int) -> bool:
        text = self.texts[index]
        return 4 <= self.words[index] <= 30 and not _SENTENCE_END.search(text.strip())

    def content(self, index: int) -> frozenset[str]:
        return _content_words(self.texts[index])

    def dated(self, index: int) -> bool:
        if index not in self._dated:
            short = self.words[index] <= 30
            self._dated[index] = short and bool(find_dates(self.texts[index]))
        return self._dated[index]

    def article_words(self, index: int) -> frozenset[str]:
        """The article's words, the candidate's own paragraph left out (a lead taken for
        body)."""
        if index not in self.body:
            return self.body_words
        return frozenset().union(*(self.content(i) for i in self.body if i != index))


def _padded(text: str) -> str:
    # Case folding neither makes nor takes a space (checked over every code point), so the
    # collapsed text is folded as it is.
    return f" {normalise_spaces(text).casefold()} "


def _shape(text: str, words: int) -> dict[str, float]:
    """What the candidate's own text looks like."""
    tokens = _WORD.findall(text)
    initials = [t[0] for t in tokens if t[:1].isalpha()]
    return {
        "bias": 1.0,
        "log_words": math.log1p(words) / 4,
        "words_1_3": float(words <= 3),
        "words_4_6": float(4 <= words <= 6),
        "words_7_20": float(7 <= words <= 20),
        "words_over_25": float(words > 25),
        "ends_sentence": float(bool(_SENTENCE_END.search(text)) and not text.endswith(("?", "!"))),
        "ends_question": float(text.endswith(("?", "!"))),
        "inner_sentences": min(2, len(_INNER_SENTENCE.findall(text))) / 2,
        "digits": sum(map(str.isdigit, text)) / max(1, len(text)),
        "date_shape": float(bool(_DATE_SHAPE.search(text))),
        "url": float(bool(_URL.search(text))),
        "separator": float(bool(_SEPARATOR.search(text))),
        "upper_share": sum(map(str.isupper, initials)) / max(1, len(initials)),
        "all_caps": float(text.isupper() and words > 1),
        "repeated_word": float(len({t.casefold() for t in tokens}) < len(tokens)) * (words <= 6),
    }


def _position(page: _Page, index: int) -> dict[str, float]:
    """Where the candidate is: relative to the article, the page and the other candidates."""
    distance = page.start - index
    found = {
        "log_distance": math.log1p(max(distance, 0)) / 4,
        "just_before": float(1 <= distance <= 2),
        "within_8": float(1 <= distance <= 8),
        "inside_article": float(distance <= 0),
        "from_top": index / max(1, len(page.texts)),
        "far_before": float(distance > 20),
        "headline_like_near": _headline_like_near(page, index) / _NEAR,
    }
    order = page.headline_order.get(index)
    if order is not None:
        found["first_headline_like"] = float(order == 0)
        found["headline_like_order"] = 1 / (1 + order)
        found["last_headline_like_before"] = float(page.last_headline_like_before == index)
    return found


def _headline_like_near(page: _Page, index: int) -> int:
    """Headline-like candidates within _NEAR paragraphs of the candidate, itself left out: two
    bisections of the sorted list, not a pass over it per candidate (a page may have
    thousands)."""
    near = page.headline_like
    found = bisect.bisect_right(near, index + _NEAR) - bisect.bisect_left(near, index - _NEAR)
    return found - (index in page.headline_order)


def _context(page: _Page, index: int, text: str) -> dict[str, float]:
    """What surrounds the candidate: its neighbours, the article's words, its zone."""
    texts, zones = page.texts, page.zones
    previous = texts[index - 1] if index > 0 else ""
    following = texts[index + 1] if index + 1 < len(texts) else ""
    content = page.content(index)
    after = [i for i in range(index + 1, min(len(texts), index + 11)) if page.words[i] >= 15]
    after_words = frozenset().union(*(page.content(i) for i in after))
    near = range(index + 1, min(len(texts), index + 1 + _NEAR))
    own = _padded(text)
    found = {
        "body_overlap": len(content & page.article_words(index)) / max(1, len(content)),
        "overlap_after": len(content & after_words) / max(1, len(content)),
        "printed_twice": float(page.counts[normalise_spaces(texts[index])] > 1),
        "contained_in_other": float(page.short_joined.count(own) > page.short_copies.get(own, 0)),
        "contains_other": float(_contains_other(own, page.short_like)),
        "menu_neighbours": float(_menu_line(previous) and _menu_line(following)),
        "after_menu_line": float(_menu_line(previous)),
        "date_after": float(any(page.dated(i) for i in near)),
        "byline_after": float(any(zones[i].zone == "byline" for i in near)),
        "prose_after": float(
            page.words[index + 1] >= 15 and bool(_SENTENCE_END.search(following))
            if following
            else False
        ),
        "template": float(zones[index].reason == "repeated_in_site"),
        # The line right above the byline or dateline, apart from the lines further up
        # (byline_after, date_after): the trained model scores a line right above a date higher,
        # and one right above a byline lower, than lines further up. Site-grouped 5-fold CV title
        # on extract-train, development / held-out folds: 0.747 / 0.767 without these two,
        # 0.760 / 0.791 with them.
        "byline_next": float(index + 1 < len(texts) and zones[index + 1].zone == "byline"),
        "date_next": float(index + 1 < len(texts) and page.dated(index + 1)),
        "section_marker": float(zones[index].reason == "section_marker"),
        # A line the rules call a furniture phrase ("Danke, dass Sie sich für unseren Newsletter
        # angemeldet haben" over Tageblatt's article): CV title on the development folds 0.753
        # -> 0.760 (one page more), held-out 0.756 -> 0.767.
        "boilerplate_phrase": float(zones[index].reason == "boilerplate_phrase"),
    }
    for name in _ZONES:
        found[f"zone_{name}"] = float(zones[index].zone == name)
    return found


def _contains_other(own: str, others: Collection[str]) -> bool:
    """Whether a headline-like line is the end or the start of this one (a breadcrumb "Home
    News Headline", a "Headline | Site" line)."""
    words = own.split()
    for cut in range(1, len(words)):
        if f" {' '.join(words[cut:])} " in others or f" {' '.join(words[:cut])} " in others:
            return True
    return False


def _menu_line(text: str) -> bool:
    return 0 < word_count(text) <= _MENU_WORDS and not _SENTENCE_END.search(text.strip())


def page_features(
    texts: Sequence[str], zones: Sequence[Zoned]
) -> list[tuple[int, dict[str, float]]]:
    """(paragraph index, features) of every title candidate of a page."""
    page = _Page(texts, zones)
    rows = []
    for index in page.candidates:
        text = texts[index].strip()
        found = _shape(text, page.words[index])
        found.update(_position(page, index))
        found.update(_context(page, index, text))
        rows.append((index, found))
    return rows


def best_title(texts: Sequence[str], zones: Sequence[Zoned], model: TitleModel) -> int | None:
    """Index of the highest-scoring candidate, or None when none reaches model.min_score."""
    best: tuple[float, int] | None = None
    for index, found in page_features(texts, zones):
        score = model.score(found)
        if best is None or score > best[0]:
            best = (score, index)
    if best is None or best[0] < model.min_score:
        return None
    return best[1]


def last_copy(texts: Sequence[str], zones: Sequence[Zoned], index: int) -> int:
    """The last paragraph printing the same text as `index` where a title may be (up to
    CANDIDATES_AFTER into the article, not in comments, related stories or the footer): a page
    that prints its headline twice, in a bar at the top and over the article, prints the byline
    under the second."""
    stop = min(len(texts), article_start(zones, texts) + CANDIDATES_AFTER)
    same = normalise_spaces(texts[index])
    copies = [
        i
        for i in range(index, stop)
        if zones[i].zone not in _NOT_CANDIDATE and normalise_spaces(texts[i]) == same
    ]
    return copies[-1] if copies else index
