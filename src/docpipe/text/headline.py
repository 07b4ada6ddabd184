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

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docpipe.text.dates import find_dates
from docpipe.text.zones import Zoned, word_count

# Where gold headlines of extract-train lie: 90% within 20 paragraphs before the first body
# paragraph the zone rules find, some far above it (the rules took a later block for the article),
# a few just inside it (a standfirst taken for body).
CANDIDATES_BEFORE, CANDIDATES_AFTER = 120, 4
CANDIDATE_MAX_WORDS = 40
# Lines of at most this many words without a sentence end read as menu entries.
_MENU_WORDS = 3
# The article words a headline is compared with: those of the first body paragraphs. Site-grouped
# 5-fold title accuracy on extract-train: 4 paragraphs 0.724, 12 0.759, all 0.750.
_BODY_PARAGRAPHS = 12
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
_ZONES = ("title", "byline", "caption", "navigation", "boilerplate", "body")


@dataclass(frozen=True)
class TitleModel:
    """Weights of a linear score over FEATURES; a page's best candidate is its title when its
    score reaches `min_score` (else the title is null)."""

    weights: Mapping[str, float]
    min_score: float
    version: str

    def score(self, features: Mapping[str, float]) -> float:
        return sum(self.weights.get(name, 0.0) * value for name, value in features.items())


def article_start(zones: Sequence[Zoned]) -> int:
    """Index of the first body paragraph (the page's length when there is none)."""
    return next((i for i, z in enumerate(zones) if z.zone == "body"), len(zones))


def candidates(texts: Sequence[str], zones: Sequence[Zoned]) -> list[int]:
    start = article_start(zones)
    found = []
    for index in range(
        max(0, start - CANDIDATES_BEFORE), min(len(texts), start + CANDIDATES_AFTER)
    ):
        if zones[index].zone in ("comment", "related", "footer"):
            continue
        if 1 <= word_count(texts[index]) <= CANDIDATE_MAX_WORDS:
            found.append(index)
    return found


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if len(w) >= 4 and not w.isdigit()}


@dataclass(frozen=True)
class _Page:
    """What the features of every candidate of a page share."""

    start: int
    body_words: frozenset[str]
    counts: Mapping[str, int]
    # Candidates shaped like a headline (4-30 words, no sentence end), in page order.
    headline_like: Sequence[int]
    # The page's short paragraphs (at most CANDIDATE_MAX_WORDS words), whitespace-normalised
    # and case-folded, padded with a space: a headline is printed again inside a breadcrumb or a
    # "Title | Site" line, and a breadcrumb contains the headline.
    short: Sequence[str]
    short_like: Sequence[str]


def _padded(text: str) -> str:
    return f" {' '.join(text.casefold().split())} "


def _headline_like(text: str) -> bool:
    return 4 <= word_count(text) <= 30 and not _SENTENCE_END.search(text.strip())


def features(texts: Sequence[str], zones: Sequence[Zoned], index: int, page: _Page
             ) -> dict[str, float]:  # fmt: skip
    """The features of paragraph `index` as a title candidate (all in about [0, 1])."""
    text = texts[index].strip()
    words = word_count(text)
    tokens = _WORD.findall(text)
    start, body_words, counts = page.start, page.body_words, page.counts
    distance = start - index
    previous = texts[index - 1] if index > 0 else ""
    following = texts[index + 1] if index + 1 < len(texts) else ""
    content = _content_words(text)
    capitals = [t for t in tokens if t[:1].isalpha()]
    zone = zones[index]
    found = {
        "bias": 1.0,
        "log_distance": math.log1p(max(distance, 0)) / 4,
        "just_before": float(1 <= distance <= 2),
        "within_8": float(1 <= distance <= 8),
        "inside_article": float(distance <= 0),
        "log_words": math.log1p(words) / 4,
        "words_1_3": float(words <= 3),
        "words_4_6": float(4 <= words <= 6),
        "words_7_20": float(7 <= words <= 20),
        "words_over_25": float(words > 25),
        "ends_sentence": float(bool(_SENTENCE_END.search(text)) and not text.endswith(("?", "!"))),
        "ends_question": float(text.endswith(("?", "!"))),
        "inner_sentences": min(2, len(re.findall(r"[.!?] [A-Z]", text))) / 2,
        "digits": sum(c.isdigit() for c in text) / max(1, len(text)),
        "date_shape": float(bool(_DATE_SHAPE.search(text))),
        "url": float(bool(_URL.search(text))),
        "separator": float(bool(_SEPARATOR.search(text))),
        "upper_share": sum(t[0].isupper() for t in capitals) / max(1, len(capitals)),
        "all_caps": float(text.isupper() and words > 1),
        "repeated_word": float(len({t.casefold() for t in tokens}) < len(tokens)) * (words <= 6),
        "body_overlap": len(content & body_words) / max(1, len(content)),
        "printed_twice": float(counts.get(" ".join(text.split()), 0) > 1),
        "menu_neighbours": float(_menu_line(previous) and _menu_line(following)),
        "after_menu_line": float(_menu_line(previous)),
        "template": float(zone.reason == "repeated_in_site"),
        "section_marker": float(zone.reason == "section_marker"),
        "from_top": index / max(1, len(texts)),
        "far_before": float(distance > 20),
    }
    own = _padded(text)
    found["contained_in_other"] = float(any(own in o and own != o for o in page.short))
    found["contains_other"] = float(any(o in own and own != o for o in page.short_like))
    after = [t for t in texts[index + 1 : index + 11] if word_count(t) >= 15]
    after_words = set().union(*(_content_words(t) for t in after)) if after else set()
    found["overlap_after"] = len(content & after_words) / max(1, len(content))
    near = texts[index + 1 : index + 1 + _NEAR]
    found["date_after"] = float(any(find_dates(t) for t in near if word_count(t) <= 30))
    found["byline_after"] = float(
        any(z.zone == "byline" for z in zones[index + 1 : index + 1 + _NEAR])
    )
    found["prose_after"] = float(
        bool(following) and word_count(following) >= 15 and bool(_SENTENCE_END.search(following))
    )
    found["headline_like_near"] = (
        sum(1 for i in page.headline_like if 0 < abs(i - index) <= _NEAR) / _NEAR
    )
    if index in page.headline_like:
        order = page.headline_like.index(index)
        before = [i for i in page.headline_like if i < start]
        found["first_headline_like"] = float(order == 0)
        found["headline_like_order"] = 1 / (1 + order)
        found["last_headline_like_before"] = float(bool(before) and before[-1] == index)
    for name in _ZONES:
        found[f"zone_{name}"] = float(zone.zone == name)
    return found


def _menu_line(text: str) -> bool:
    return 0 < word_count(text) <= _MENU_WORDS and not _SENTENCE_END.search(text.strip())


def page_features(
    texts: Sequence[str], zones: Sequence[Zoned]
) -> list[tuple[int, dict[str, float]]]:
    """(paragraph index, features) of every title candidate of a page."""
    start = article_start(zones)
    body = [i for i in range(start, len(texts)) if zones[i].zone == "body"][:_BODY_PARAGRAPHS]
    counts: dict[str, int] = {}
    for text in texts:
        key = " ".join(text.split())
        counts[key] = counts.get(key, 0) + 1
    found = candidates(texts, zones)
    headline_like = [i for i in found if _headline_like(texts[i])]
    short = [_padded(t) for t in texts if word_count(t) <= CANDIDATE_MAX_WORDS]
    short_like = [_padded(texts[i]) for i in headline_like]
    rows = []
    for index in found:
        # The article's words, the candidate's own paragraph left out (a lead taken for body).
        words = frozenset().union(*(_content_words(texts[i]) for i in body if i != index))
        page = _Page(start, words, counts, headline_like, short, short_like)
        rows.append((index, features(texts, zones, index, page)))
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
