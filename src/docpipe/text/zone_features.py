"""Features of a page's blocks (paragraphs) for the learned zone model (docpipe.text.zone_model).

Every feature is computed from the page alone (its paragraphs, its site-template lines and the
zones the rules of docpipe.text.zones give it), so a block's features never depend on other
pages than its site's template. Families (named in FAMILIES, for the ablation of
`docpipe train-zones`): shape (length, punctuation, case, digits), words (share of the page's
own most frequent words, a stopword list learned from the page itself, so it works in every
language), web (menu entries, share and login lines, dates, URLs), position, neighbours,
template, and the rules' zones.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from functools import lru_cache

from docpipe.text.article_search import SCORING
from docpipe.text.furniture import (
    MENU_ENTRY_MAX_WORDS,
    is_menu_entry,
    is_menu_line,
    is_web_phrase,
)
from docpipe.text.words import word_count
from docpipe.text.zones import Zoned

_TOKEN = re.compile(r"\w+")
# Scripts written without spaces: every character is a token for the page's word counts.
_UNSPACED_CHAR = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGIT = re.compile(r"\d")
_PUNCTUATION = re.compile(r"[.,;:!?、，。！？]")
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"”’»)\]]*$")
_DATE = re.compile(
    r"\b(\d{1,2}[./ -]\w+[./ -]\d{2,4}|\w+ \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2})\b"
)
_URL = re.compile(r"https?://|www\.|@\w|\.(com|org|net)\b", re.IGNORECASE)
# The page's own stopwords: its most frequent tokens in paragraphs of this many words or more.
STOPWORD_SOURCE_WORDS = 10
STOPWORDS_PER_PAGE = 25
RULE_ZONES = (
    "body", "title", "byline", "caption", "boilerplate", "navigation", "related", "comment",
    "footer",
)  # fmt: skip
# Neighbours looked at on each side.
NEIGHBOURS = 2
# Blocks on each side over which the share of the rules' body blocks is taken.
RULE_WINDOW = 5

FAMILIES: dict[str, tuple[str, ...]] = {
    "shape": (
        "log_words",
        "word_length",
        "punctuation",
        "sentence_end",
        "capitalised",
        "digits",
        "upper",
        "share_of_longest",
    ),
    "words": ("stopwords",),
    "web": ("menu_entry", "menu_line", "web_phrase", "date", "url", "repeated"),
    "position": ("position", "char_position", "log_blocks"),
    "neighbours": (
        *(
            f"{side}{d}_{name}"
            for side in ("prev", "next")
            for d in range(1, NEIGHBOURS + 1)
            for name in ("log_words", "sentence_end", "stopwords")
        ),
        "window_log_words",
    ),
    "template": ("template", "template_long", "neighbour_template"),
    "rules": (*(f"rule_{zone}" for zone in RULE_ZONES), "rule_score"),
    "rule_context": ("before_rule_body", "after_rule_body", "rule_body_window", "rule_body_share"),
}
FEATURES: tuple[str, ...] = tuple(name for names in FAMILIES.values() for name in names)


# Menus, footers and share lines recur on every page of a site and in every shard: a block's
# tokens and the features of its text alone are computed once per text (the tables job on the
# 333 pages of extract-train and extract-dev, 4 shards, memo off: 5.95 -> 5.49 s CPU, best of
# 3, load 4-5; the same tables).
@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    words = _TOKEN.findall(_UNSPACED_CHAR.sub(" ", text).lower())
    return (*words, *_UNSPACED_CHAR.findall(text))


def page_stopwords(tokens: Sequence[Sequence[str]]) -> frozenset[str]:
    """The page's most frequent tokens in its longer paragraphs (ties by token, for
    determinism)."""
    counts: Counter[str] = Counter()
    for block in tokens:
        if len(block) >= STOPWORD_SOURCE_WORDS:
            counts.update(block)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return frozenset(token for token, _ in ranked[:STOPWORDS_PER_PAGE])


def _own(text: str, tokens: Sequence[str], stopwords: Collection[str]) -> dict[str, float]:
    return {
        **_text_features(text),
        "stopwords": sum(t in stopwords for t in tokens) / max(len(tokens), 1),
    }


@lru_cache(maxsize=1 << 16)
def _text_features(text: str) -> dict[str, float]:
    """The block's features that depend on its text alone (not on the page's stopwords); the
    cached dict is copied by every caller, never changed."""
    words = word_count(text)
    stripped = text.strip()
    split = stripped.split()
    return {
        "log_words": math.log1p(words),
        "word_length": min(len(stripped) / max(words, 1), 20.0) / 10,
        "punctuation": min(len(_PUNCTUATION.findall(text)) / max(words, 1), 1.0),
        "sentence_end": float(bool(_SENTENCE_END.search(stripped))),
        "capitalised": sum(w[:1].isupper() for w in split) / max(len(split), 1),
        "digits": len(_DIGIT.findall(text)) / max(len(stripped), 1),
        "menu_entry": float(words <= MENU_ENTRY_MAX_WORDS and is_menu_entry(text)),
        "menu_line": float(is_menu_line(text)),
        "web_phrase": float(words <= 25 and is_web_phrase(text)),
        "date": float(words <= 12 and bool(_DATE.search(text))),
        "url": float(bool(_URL.search(text))),
        "upper": float(stripped.isupper()),
    }


def block_features(
    texts: Sequence[str], template: Collection[int], rules: Sequence[Zoned]
) -> list[list[float]]:
    """One row of FEATURES per paragraph of the page, in order."""
    count = len(texts)
    tokens = [_tokens(text) for text in texts]
    stopwords = page_stopwords(tokens)
    own = [_own(text, block, stopwords) for text, block in zip(texts, tokens, strict=True)]
    seen = Counter(" ".join(text.split()) for text in texts)
    longest = max((o["log_words"] for o in own), default=1.0) or 1.0
    total = sum(map(len, texts)) or 1
    context = _rule_context(texts, rules)
    rows, before = [], 0
    for index, text in enumerate(texts):
        values = dict(own[index])
        values["share_of_longest"] = values["log_words"] / longest
        values["repeated"] = float(seen[" ".join(text.split())] > 1)
        values["position"] = index / max(count - 1, 1)
        values["char_position"] = before / total
        values["log_blocks"] = math.log1p(count) / 5
        before += len(text)
        values.update(_neighbours(own, index, template))
        values["template"] = float(index in template)
        values["template_long"] = float(index in template and own[index]["log_words"] > 2.8)
        values.update({key: float(rules[index].zone == zone) for zone, key in _RULE_KEYS})
        values["rule_score"] = max(min(SCORING.score(text, None), 50.0), -50.0) / 50
        values.update(context[index])
        rows.append([values[name] for name in FEATURES])
    return rows


def _rule_context(texts: Sequence[str], rules: Sequence[Zoned]) -> list[dict[str, float]]:
    """Where a block lies from the rules' body: blocks before its first and after its last
    body block (a share of the page), the share of rule-body blocks within RULE_WINDOW on
    either side, and the share of the page's characters the rules call body."""
    count = len(texts)
    body = [i for i, zoned in enumerate(rules) if zoned.zone == "body"]
    first, last = (body[0], body[-1]) if body else (count, count)
    total = sum(map(len, texts)) or 1
    share = sum(len(texts[i]) for i in body) / total
    flags = [zoned.zone == "body" for zoned in rules]
    context = []
    for index in range(count):
        window = flags[max(0, index - RULE_WINDOW) : index + RULE_WINDOW + 1]
        context.append(
            {
                "before_rule_body": max(first - index, 0) / max(count, 1),
                "after_rule_body": max(index - last, 0) / max(count, 1),
                "rule_body_window": sum(window) / len(window),
                "rule_body_share": share,
            }
        )
    return context


_RULE_KEYS = tuple((zone, f"rule_{zone}") for zone in RULE_ZONES)
# (offset, feature, its name as a neighbour's feature), previous neighbours first.
_NEIGHBOUR_KEYS = tuple(
    (sign * distance, name, f"{side}{distance}_{name}")
    for distance in range(1, NEIGHBOURS + 1)
    for side, sign in (("prev", -1), ("next", 1))
    for name in ("log_words", "sentence_end", "stopwords")
)


def _neighbours(own: Sequence[dict[str, float]], index: int, template: Collection[int]):
    values: dict[str, float] = {}
    for offset, name, key in _NEIGHBOUR_KEYS:
        other = index + offset
        values[key] = own[other][name] if 0 <= other < len(own) else 0.0
    window = [own[i]["log_words"] for i in range(max(0, index - 3), min(len(own), index + 4))]
    values["window_log_words"] = sum(window) / len(window)
    values["neighbour_template"] = float(index - 1 in template or index + 1 in template)
    return values
