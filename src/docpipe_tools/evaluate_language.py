"""Measure and tune the language tagger on labelled items (JSON lines: lang, bucket, text)."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docpipe.text.language import Bucket, LanguageSettings, LanguageTagger

BUCKETS = ("short", "medium", "para")
# The targets: (answered share, accuracy on answered) per bucket.
TARGETS = {"short": (0.85, 0.98), "medium": (0.97, 0.99), "para": (0.99, 0.995)}


@dataclass(frozen=True)
class Item:
    lang: str
    bucket: str
    text: str


@dataclass(frozen=True)
class Score:
    items: int
    answered: int
    correct: int

    @property
    def answered_share(self) -> float:
        return self.answered / self.items if self.items else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def load_items(path: str | Path) -> list[Item]:
    with open(path, encoding="utf-8") as handle:
        return [Item(r["lang"], r["bucket"], r["text"]) for r in map(json.loads, handle) if r]


def _score(pairs: Iterable[tuple[Item, str | None]]) -> Score:
    items = answered = correct = 0
    for item, predicted in pairs:
        items += 1
        answered += predicted is not None
        correct += predicted == item.lang
    return Score(items, answered, correct)


def evaluate(items: Sequence[Item], settings: LanguageSettings):
    """Per-bucket and per-language scores, throughput (texts/s) and engine calls."""
    tagger = LanguageTagger(settings)
    started = time.perf_counter()
    predicted = [tag.language for tag in tagger.tag_many([item.text for item in items])]
    throughput = len(items) / (time.perf_counter() - started)
    pairs = list(zip(items, predicted, strict=True))
    by_bucket = {b: _score(p for p in pairs if p[0].bucket == b) for b in BUCKETS}
    languages = sorted({item.lang for item in items})
    by_language = {lang: _score(p for p in pairs if p[0].lang == lang) for lang in languages}
    return by_bucket, by_language, throughput, dict(tagger.engine_calls)


def report(items: Sequence[Item], settings: LanguageSettings) -> list[str]:
    by_bucket, by_language, throughput, calls = evaluate(items, settings)
    header = f"engine={settings.engine} items={len(items)} throughput={throughput:,.0f} texts/s"
    lines = [
        f"{header} calls={calls}",
        f"{'bucket':<8} {'items':>6} {'answered':>9} {'accuracy':>9} {'target':>14}",
    ]
    for bucket, score in by_bucket.items():
        answered, accuracy = TARGETS[bucket]
        met = score.answered_share >= answered and score.accuracy >= accuracy
        lines.append(
            f"{bucket:<8} {score.items:>6} {score.answered_share:>9.3f} {score.accuracy:>9.4f} "
            f"{f'>={answered} >={accuracy}':>14} {'met' if met else 'MISSED'}"
        )
    lines.append(f"{'language':<8} {'items':>6} {'answered':>9} {'accuracy':>9}")
    for language, score in by_language.items():
        lines.append(
            f"{language:<8} {score.items:>6} {score.answered_share:>9.3f} {score.accuracy:>9.4f}"
        )
    return lines


def tune(items: Sequence[Item], settings: LanguageSettings) -> dict[str, Bucket]:
    """Per bucket, the ensemble thresholds that meet the target with the most margin.

    Margin = the smaller of (answered - target) / (1 - target) and the same for accuracy, so a
    setting that barely meets one target loses to one comfortably inside both. Both engines are
    run once per item; the grid is replayed on their cached answers.
    """
    tagger = LanguageTagger(replace(settings, engine="ensemble"))
    judged = [i for i in items if sum(c.isalpha() for c in i.text) >= settings.min_letters]
    ranked = [(i, tagger.py3langid.rank(i.text), tagger.langdetect.rank(i.text)) for i in judged]
    best: dict[str, Bucket] = {}
    for bucket_name, old in zip(BUCKETS, settings.buckets, strict=True):
        rows = [(i, f, s) for i, f, s in ranked if i.bucket == bucket_name]
        total = sum(1 for item in items if item.bucket == bucket_name)
        want_answered, want_accuracy = TARGETS[bucket_name]
        candidates = []
        for agree_min in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7):
            for single_min in (0.8, 0.9, 0.95, 0.99):
                for product_min in (None, 0.7, 0.8, 0.9, 0.95, 0.99):
                    bucket = Bucket(old.max_chars, agree_min, single_min, product_min)
                    answers = defaultdict(int)
                    for item, fast, slow in rows:
                        cached = lambda ranked=slow: ranked  # noqa: E731
                        tag = LanguageTagger.decide_ensemble(fast, cached, bucket).language
                        answers["answered"] += tag is not None
                        answers["correct"] += tag == item.lang
                    score = Score(total, answers["answered"], answers["correct"])
                    margin = min(
                        (score.answered_share - want_answered) / (1 - want_answered),
                        (score.accuracy - want_accuracy) / (1 - want_accuracy),
                    )
                    candidates.append((margin, -agree_min, -single_min, bucket))
        best[bucket_name] = max(candidates, key=lambda c: c[:3])[3]
    return best
