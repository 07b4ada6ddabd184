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

import itertools
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
from docpipe.text.words import normalise_spaces, word_count
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
    # Most paragraphs have no unspaced character: one search spares them a substitution and
    # a second scan.
    if _UNSPACED_CHAR.search(text) is None:
        return tuple(_TOKEN.findall(text.lower()))
    words = _TOKEN.findall(_UNSPACED_CHAR.sub(" ", text).lower())
    return (*words, *_UNSPACED_CHAR.findall(text))


def page_stopwords(tokens: Sequence[Sequence[str]]) -> frozenset[str]:
    """The page's most frequent tokens in its longer paragraphs (ties by token, for
    determinism)."""
    counts: Counter[str] = Counter()
    for block in tokens:
        if len(block) >= STOPWORD_SOURCE_WORDS:
            counts.update(block)
    # Only the tokens counted at least as often as the STOPWORDS_PER_PAGE-th most frequent
    # can be among the first; sorting the counts alone finds that count faster than ranking
    # every token of the page (the same tokens).
    frequent = sorted(counts.values(), reverse=True)[STOPWORDS_PER_PAGE - 1 : STOPWORDS_PER_PAGE]
    least = frequent[0] if frequent else 0
    ranked = sorted(
        (item for item in counts.items() if item[1] >= least),
        key=lambda item: (-item[1], item[0]),
    )
    return frozenset(token for token, _ in ranked[:STOPWORDS_PER_PAGE])


@lru_cache(maxsize=1 << 16)
def _text_features(text: str) -> dict[str, float]:
    """The block's features that depend on its text alone (not on the page's stopwords); the
    cached dict is read by every caller, never changed."""
    words = word_count(text)
    stripped = text.strip()
    split = stripped.split()
    return {
        "log_words": math.log1p(words),
        "word_length": min(len(stripped) / max(words, 1), 20.0) / 10,
        "punctuation": min(len(_PUNCTUATION.findall(text)) / max(words, 1), 1.0),
        "sentence_end": float(bool(_SENTENCE_END.search(stripped))),
        "capitalised": len([w for w in split if w[0].isupper()]) / max(len(split), 1),
        "digits": len(_DIGIT.findall(text)) / max(len(stripped), 1),
        "menu_entry": float(words <= MENU_ENTRY_MAX_WORDS and is_menu_entry(text)),
        "menu_line": float(is_menu_line(text)),
        "web_phrase": float(words <= 25 and is_web_phrase(text)),
        "date": float(words <= 12 and bool(_DATE.search(text))),
        "url": float(bool(_URL.search(text))),
        "upper": float(stripped.isupper()),
        "rule_score": max(min(SCORING.score(text, None), 50.0), -50.0) / 50,
    }


def block_features(
    texts: Sequence[str], template: Collection[int], rules: Sequence[Zoned]
) -> list[list[float]]:
    """One row of FEATURES per paragraph of the page, in order."""
    if not texts:
        return []
    column = block_columns(texts, template, rules)
    return [list(row) for row in zip(*(column[name] for name in FEATURES), strict=True)]


def block_columns(
    texts: Sequence[str], template: Collection[int], rules: Sequence[Zoned]
) -> dict[str, list[float]]:
    """Each of FEATURES as a column over the page's paragraphs (at least one). Built a feature
    (a column) at a time: on the 333 pages of extract-train and extract-dev 1.70 -> 1.46 s CPU
    (best of 3, idle) against a dict per block, the same floats. Neighbours shifted by slicing,
    the rules' windows counted by running sums, the rules' zones one-hot in one pass and the
    stopwords ranked among the most frequent tokens only: a pass over the 333 real pages with
    the per-text caches warm 1.05 -> 0.48 s CPU, the same floats."""
    count = len(texts)
    tokens = [_tokens(text) for text in texts]
    stopwords = page_stopwords(tokens).__contains__
    # Columns read straight from the cached per-text dicts (the rule score among them), not
    # from a merged dict per block, and the whitespace-normalised texts made once: with the
    # matrix apply_model stacks from the columns, zone_page 1.72 -> 1.63 s CPU on 1,000
    # generated pages and 2.29 -> 2.06 s on 333 real pages (best of 4), the same floats.
    own = [_text_features(text) for text in texts]
    column = {name: [values[name] for values in own] for name in own[0]}
    column["stopwords"] = [
        len(list(filter(stopwords, block))) / max(len(block), 1) for block in tokens
    ]
    words = column["log_words"]
    normalised = list(map(normalise_spaces, texts))
    seen = Counter(normalised)
    longest = max(words, default=1.0) or 1.0
    total = sum(map(len, texts)) or 1
    column["share_of_longest"] = [value / longest for value in words]
    column["repeated"] = [float(seen[text] > 1) for text in normalised]
    column["position"] = [index / max(count - 1, 1) for index in range(count)]
    starts = list(itertools.accumulate(map(len, texts), initial=0))[:count]
    column["char_position"] = [before / total for before in starts]
    column["log_blocks"] = [math.log1p(count) / 5] * count
    column.update(_neighbours(column, count, template))
    column["template"] = [float(index in template) for index in range(count)]
    column["template_long"] = [
        float(index in template and words[index] > 2.8) for index in range(count)
    ]
    # The rules' zones one-hot in one pass over the blocks, not one per zone.
    for _, key in _RULE_KEYS:
        column[key] = [0.0] * count
    for index, zoned in enumerate(rules):
        if (key := _RULE_KEY.get(zoned.zone)) is not None:
            column[key][index] = 1.0
    column.update(_rule_context(texts, rules))
    return column


def _rule_context(texts: Sequence[str], rules: Sequence[Zoned]) -> dict[str, list[float]]:
    """Where each block lies from the rules' body: blocks before its first and after its last
    body block (a share of the page), the share of rule-body blocks within RULE_WINDOW on
    either side, and the share of the page's characters the rules call body."""
    count = len(texts)
    body = [i for i, zoned in enumerate(rules) if zoned.zone == "body"]
    first, last = (body[0], body[-1]) if body else (count, count)
    total = sum(map(len, texts)) or 1
    share = sum(len(texts[i]) for i in body) / total
    # Body blocks in each window as a difference of running counts, not a sum over a slice
    # per block: integers, so the same shares.
    seen = list(itertools.accumulate((zoned.zone == "body" for zoned in rules), initial=0))
    spans = [
        (max(0, index - RULE_WINDOW), min(count, index + RULE_WINDOW + 1)) for index in range(count)
    ]
    return {
        "before_rule_body": [(first - i) / count if i < first else 0.0 for i in range(count)],
        "after_rule_body": [(i - last) / count if i > last else 0.0 for i in range(count)],
        "rule_body_window": [(seen[stop] - seen[start]) / (stop - start) for start, stop in spans],
        "rule_body_share": [share] * count,
    }


_RULE_KEYS = tuple((zone, f"rule_{zone}") for zone in RULE_ZONES)
_RULE_KEY = dict(_RULE_KEYS)
# (offset, feature, its name as a neighbour's feature), previous neighbours first.
_NEIGHBOUR_KEYS = tuple(
    (sign * distance, name, f"{side}{distance}_{name}")
    for distance in range(1, NEIGHBOURS + 1)
    for side, sign in (("prev", -1), ("next", 1))
    for name in ("log_words", "sentence_end", "stopwords")
)


def _neighbours(
    column: dict[str, list[float]], count: int, template: Collection[int]
) -> dict[str, list[float]]:
    """Each block's neighbours' length, sentence end and stopword share (0.0 past the page's
    ends), the mean log length of the 7 blocks around it, and whether a neighbour is template."""
    values: dict[str, list[float]] = {}
    for offset, name, key in _NEIGHBOUR_KEYS:
        # The column shifted by slicing, not indexed block by block.
        own, padding = column[name], [0.0] * min(abs(offset), count)
        values[key] = (
            padding + own[: max(0, count + offset)] if offset < 0 else own[offset:] + padding
        )
    words = column["log_words"]
    windows = [words[max(0, index - 3) : min(count, index + 4)] for index in range(count)]
    values["window_log_words"] = [sum(window) / len(window) for window in windows]
    values["neighbour_template"] = [
        float(index - 1 in template or index + 1 in template) for index in range(count)
    ]
    return values
