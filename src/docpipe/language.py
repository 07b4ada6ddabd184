"""Language identification with langdetect: seeded, cached, abstaining on too-short text."""

from __future__ import annotations

from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

# langdetect samples n-grams at random; a fixed seed makes its answer the same on every run.
DetectorFactory.seed = 0


@dataclass(frozen=True)
class LanguageTag:
    language: str | None
    probability: float | None


UNKNOWN = LanguageTag(None, None)


def letter_count(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


class LanguageTagger:
    """Tags texts; identical texts (repeated lines, template strings) are detected once."""

    def __init__(self, min_letters: int, max_chars: int) -> None:
        self.min_letters = min_letters
        self.max_chars = max_chars
        self._cache: dict[str, LanguageTag] = {}

    def tag(self, text: str) -> LanguageTag:
        if letter_count(text) < self.min_letters:
            return UNKNOWN
        sample = text[: self.max_chars]
        cached = self._cache.get(sample)
        if cached is None:
            cached = self._detect(sample)
            self._cache[sample] = cached
        return cached

    @staticmethod
    def _detect(sample: str) -> LanguageTag:
        try:
            best = detect_langs(sample)[0]
        except LangDetectException:  # no features it knows, e.g. digits and symbols only
            return UNKNOWN
        return LanguageTag(best.lang, round(float(best.prob), 6))
