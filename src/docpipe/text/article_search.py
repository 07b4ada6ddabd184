"""The article search: the run of paragraphs with the most running text, scored paragraph by
paragraph (a maximum-sum run), that docpipe.text.zones calls the main article."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from docpipe.text.words import word_count


class Labelled(Protocol):
    """What the search reads of a paragraph a rule labelled (docpipe.text.zones.Zoned)."""

    @property
    def reason(self) -> str: ...


# Prose punctuates; a long run of words without any of these is a list of tags or links.
_PUNCTUATION = re.compile(r"[.,;:!?、，。！？]")
# A sentence's end: a closing quote alone is not one (headlines end in quoted words).
SENTENCE_END = re.compile(r"[.!?…:;。！？][\"”’»)\]]*$")
# A line that is only a date (and a few characters): a teaser list's dateline.
DATE_LINE = re.compile(
    r"^\W*(\w+,? )?(\d{1,2}[./ -]\w+[./ -]\d{2,4}|\w+ \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})\b.{0,20}$"
)


@dataclass(frozen=True)
class ArticleScoring:
    """Scores of the article search, a maximum-sum run of paragraph scores: a paragraph of
    running text scores its word count; a short line without a sentence end costs `short_line`,
    a date line `date_line` (a list of teasers repeats headline, author, date), a line a pattern
    rule labelled (caption, byline, "Advertisement") `pattern_line` and a site template line
    `template_line`. A run needs `min_score` to be an article. Tuned on extract-dev, where F1
    stays within 0.89-0.90 for short 3-15, date 10-50, pattern 3-30, template 15-30 and running
    text from 10-20 words; `docpipe ablate-extract` measures each part."""

    running_text_words: int = 20
    short_line: float = 6.0
    date_line: float = 25.0
    pattern_line: float = 6.0
    template_line: float = 30.0
    min_score: float = 20.0
    # A shorter paragraph that ends a sentence is running text too (articles of short lines).
    sentence_min_words: int = 4
    # A long paragraph without any punctuation (a tag cloud, a keyword list) is not prose.
    prose_needs_punctuation: bool = True
    # A "Related stories" or "Read more" marker that no new article's byline or date follows is a
    # link box set inside the article: it costs this much instead of ending the run (None: every
    # marker ends the run). On extract-dev F1 is 0.923-0.926 for costs of 10-100 and falls back
    # to 0.917 by 400; an appended story without a byline must outweigh it to join the article.
    inline_marker: float | None = 60.0
    # Nothing after a recommendations heading ("You may also like") is the article when a run
    # before it qualifies (False: the best run anywhere before the comments wins).
    recommendations_end_page: bool = True

    def score(self, text: str, pattern: Labelled | None) -> float:
        if pattern is not None:
            return (
                -self.template_line if pattern.reason == "repeated_in_site" else -self.pattern_line
            )
        if DATE_LINE.match(text.strip()):
            return -self.date_line
        words = word_count(text)
        if not words:  # a blank or symbol-only line (zero-width space, "* * *") is neutral
            return 0.0
        long_unpunctuated = words >= self.running_text_words and not _PUNCTUATION.search(text)
        if long_unpunctuated and self.prose_needs_punctuation:
            return -self.short_line
        if words >= self.running_text_words or (
            words >= self.sentence_min_words and SENTENCE_END.search(text.rstrip())
        ):
            return words
        return -self.short_line


SCORING = ArticleScoring()


def best_region(
    texts: Sequence[str],
    stop: int,
    breaks: set[int],
    fixed: Mapping[int, Labelled],
    scoring: ArticleScoring,
    costs: dict[int, float],
) -> tuple[int, int, int] | None:
    """The contiguous run of paragraphs before `stop` with the highest summed text score;
    `costs` overrides the score of single paragraphs."""
    best: tuple[float, int, int] | None = None
    total, first = 0.0, 0
    for index in range(stop):
        if index in breaks:
            total, first = 0.0, index + 1
            continue
        score = -costs[index] if index in costs else scoring.score(texts[index], fixed.get(index))
        if total <= 0:
            total, first = 0.0, index
        total += score
        if total >= scoring.min_score and (best is None or total > best[0]):
            best = (total, first, index)
    if best is None:
        return None
    _, first, last = best
    # A run never starts on a paragraph that lowers its score.
    while first < last and scoring.score(texts[first], fixed.get(first)) <= 0:
        first += 1
    return first, last, sum(len(texts[i]) for i in range(first, last + 1))
