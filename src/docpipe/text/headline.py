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

from docpipe.text.zones import Zoned, word_count

# Where gold headlines of extract-train lie: 95% within 30 paragraphs before the first body
# paragraph the zone rules find, a few just inside it (a standfirst taken for body).
CANDIDATES_BEFORE, CANDIDATES_AFTER = 40, 4
CANDIDATE_MAX_WORDS = 40
# Lines of at most this many words without a sentence end read as menu entries.
_MENU_WORDS = 3
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


def features(texts: Sequence[str], zones: Sequence[Zoned], index: int, start: int,
             body_words: set[str], counts: Mapping[str, int]) -> dict[str, float]:  # fmt: skip
    """The features of paragraph `index` as a title candidate (all in about [0, 1])."""
    text = texts[index].strip()
    words = word_count(text)
    tokens = _WORD.findall(text)
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
    }
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
    body = [texts[i] for i in range(start, len(texts)) if zones[i].zone == "body"][:4]
    body_words = set().union(*(_content_words(t) for t in body)) if body else set()
    counts: dict[str, int] = {}
    for text in texts:
        key = " ".join(text.split())
        counts[key] = counts.get(key, 0) + 1
    return [
        (index, features(texts, zones, index, start, body_words, counts))
        for index in candidates(texts, zones)
    ]


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
