"""Language identification that knows when not to answer.

Two engines: py3langid (fast, 97 languages) and langdetect (seeded, so deterministic). The default
`ensemble` answers when py3langid is sure; else when both engines agree; else when the product of
their distributions is decisive; else it abstains and says why. The fast profile's `cld2` (Google's
Compact Language Detector 2, through pycld2) answers alone, only where it calls its answer
reliable. Thresholds depend on the text's
length bucket and were tuned on lang-dev by `docpipe tune-lang` (see config/config.yaml).
Every null language carries a reason: too_short, no_letters, no_language, low_confidence,
engines_disagree or script_mismatch.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

import numpy as np

from docpipe.text.writing_systems import dominant_script, script_fits

ENGINES = ("ensemble", "py3langid", "langdetect", "cld2")
# Where the langdetect engine's answers come from (config language.langdetect).
LANGDETECT_IMPLEMENTATIONS = ("langdetect-rs", "langdetect")
REASONS = ("too_short", "no_letters", "no_language", "low_confidence", "engines_disagree",
           "script_mismatch")  # fmt: skip
# Codes the two engines spell differently, mapped to one spelling.
_CODE_ALIASES = {"zh-cn": "zh", "zh-tw": "zh", "nb": "no"}
# CLD2's codes that are not ISO 639 (its other codes are, some with a region or script after a
# hyphen: "zh-Hant", "sr-ME"; "xx-Arab" is text in a script of no language it knows).
_CLD2_ALIASES = {"iw": "he", "jw": "jv"}
# py3langid's label for text with no linguistic content (numbers, code, symbols).
_NO_LANGUAGE = "zxx"
# Share of probability mass a language must hold in the ensemble's product distribution: below
# this floor an engine's silence on a language is not read as a zero.
_PRODUCT_FLOOR = 0.01
# py3langid's languages that a ranking keeps, best first (the product reads all ten).
_TOP = 10
# Texts scored together by Py3LangidEngine.rank_many: their scores take 142 float32 each, so a
# shard's million one-line paragraphs cost 2.3 MB at a time, not 570 MB.
_BATCH = 4096


@dataclass(frozen=True)
class LanguageTag:
    language: str | None
    probability: float | None
    reason: str | None  # why language is null; None when it is set

    @staticmethod
    def abstain(reason: str) -> LanguageTag:
        return LanguageTag(None, None, reason)


@dataclass(frozen=True)
class Bucket:
    """Thresholds for texts of up to max_chars characters (None: any length)."""

    max_chars: int | None
    agree_min: float  # answer when both engines agree and py3langid gives at least this
    single_min: float  # answer py3langid's (or a lone engine's) top language at this probability
    product_min: float | None  # answer the product distribution's top at this share; None: never


@dataclass(frozen=True)
class LanguageSettings:
    engine: str
    min_letters: int
    max_chars: int
    buckets: tuple[Bucket, ...]
    langdetect: str = "langdetect-rs"

    @staticmethod
    def from_config(language: Mapping[str, Any]) -> LanguageSettings:
        buckets = tuple(
            Bucket(b.get("max_chars"), b["agree_min"], b["single_min"], b.get("product_min"))
            for b in language["buckets"]
        )
        return LanguageSettings(
            language["engine"],
            language["min_letters"],
            language["max_chars"],
            buckets,
            language.get("langdetect", "langdetect-rs"),
        )

    def bucket(self, length: int) -> Bucket:
        for bucket in self.buckets:
            if bucket.max_chars is None or length <= bucket.max_chars:
                return bucket
        return self.buckets[-1]


class Engine(Protocol):
    def rank(self, text: str) -> list[tuple[str, float]]: ...


class BatchEngine(Engine, Protocol):
    def rank_many(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]: ...


class Py3LangidEngine:
    """py3langid's ten most likely languages, best first: the values and the order of
    `LanguageIdentifier.rank(text)[:10]` (tests/test_unit_language_batch.py compares them, float
    for float, on lang-dev and extract-dev), without its per-call costs.

    py3langid scores a text as a byte n-gram count vector (a walk of its automaton, Python) times
    a float16 weight matrix, then a softmax, then sorts all 97 languages in Python. Here the
    matrix is widened to float32 once (float16 to float32 is exact, and numpy widened the
    gathered rows before each product anyway; +57 MB per job), and the softmax and the top ten
    run on a batch of texts at a time. Each text's product stays one vector-matrix product of
    its own, as in py3langid: summing a batch's weighted rows in one call (np.add.reduceat)
    adds in another order and changed the last bits of 97% of the scores (and was slower, as was
    one gather of every row of a batch). On the units of 1,000 generated pages (57,454 distinct
    samples) this took 3.8 -> 2.3 s CPU.
    """

    @cached_property
    def _identifier(self):
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    @cached_property
    def _weights(self) -> np.ndarray:
        return self._identifier.nb_ptc.astype(np.float32)

    @cached_property
    def _labels(self) -> tuple[np.ndarray, tuple[str, ...]]:
        """The column that holds each language's score (py3langid folds a language's alias
        columns into its first) and the language's code, in py3langid's order."""
        first: dict[str, int] = {}
        for column, code in enumerate(self._identifier.nb_classes):
            first.setdefault(code, column)
        return np.array(list(first.values())), tuple(_normal(code) for code in first)

    def rank(self, text: str) -> list[tuple[str, float]]:
        return self.rank_many([text])[0]

    def rank_many(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        ranked: list[list[tuple[str, float]]] = []
        for start in range(0, len(texts), _BATCH):
            ranked += self._rank_batch(texts[start : start + _BATCH])
        return ranked

    def _rank_batch(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        if not texts:
            return []
        identifier = self._identifier
        rows, lengths = zip(*map(self._raw_score, texts), strict=True)
        # LanguageIdentifier._decide with norm_probs, row by row: the same float32 operations.
        scores = np.stack(rows)
        scores *= np.array([1.0 / math.sqrt(n or 1) for n in lengths], dtype=np.float32)[:, None]
        np.exp(scores - scores.max(axis=1, keepdims=True), out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        for column, alias in identifier._alias_pairs:
            scores[:, column] += scores[:, alias]
            scores[:, alias] = 0.0
        columns, codes = self._labels
        merged = scores[:, columns]
        # rank's sorted(..., reverse=True) is stable: ties keep py3langid's order, as here.
        order = np.argsort(-merged, axis=1, kind="stable")[:, :_TOP]
        best = np.take_along_axis(merged, order, axis=1)
        return [
            [(codes[i], p) for i, p in zip(indices, values, strict=True)]
            for indices, values in zip(order.tolist(), best.tolist(), strict=True)
        ]

    def _raw_score(self, text: str) -> tuple[np.ndarray, int]:
        """LanguageIdentifier._raw_score of the encoded text, and the encoding's length."""
        from py3langid.langid import visit_counts

        identifier = self._identifier
        encoded = identifier._encode(text)
        visits = visit_counts(
            identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, encoded
        )
        if not visits:  # no features: py3langid's 0.0 under norm_probs (a uniform ranking)
            return np.zeros(len(identifier.nb_classes), dtype=np.float32), len(encoded)
        return identifier._sparse_score(visits, self._weights), len(encoded)


# What CLD2 refuses as invalid UTF-8 (it checks every code point of U+0000-U+10FFFF): control
# characters but tab, newline, form feed and carriage return; DEL and C1; noncharacters; and
# surrogates, which a str may hold but UTF-8 may not.
_CLD2_INVALID = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)


# CLD2's answers that langdetect must confirm: CLD2 says English for text it cannot place, and
# Malay for Indonesian (60 and 22 of its 102 wrong answers on the 3,880 lang-dev items).
_CLD2_CONFIRMED = ("en", "ms")


class Cld2Engine:
    """CLD2's languages of a text, by share of its bytes (percent / 100), best first; None when
    CLD2 finds languages but does not call its answer reliable. Characters CLD2 refuses are read
    as spaces."""

    @cached_property
    def _detect(self):
        from pycld2 import detect

        return detect

    def rank(self, text: str) -> list[tuple[str, float]] | None:
        reliable, _, details = self._detect(_CLD2_INVALID.sub(" ", text))
        ranked = [(cld2_code(code), percent / 100) for _, code, percent, _ in details
                  if code != "un" and percent > 0]  # fmt: skip
        return ranked if reliable or not ranked else None


def cld2_code(code: str) -> str:
    """The language code of one of CLD2's: ISO 639, no region or script; zxx for no language."""
    language, _, _ = code.lower().partition("-")
    if language == "xx":
        return _NO_LANGUAGE
    return _CLD2_ALIASES.get(language, language)


class LangdetectEngine:
    """langdetect's ranking, from langdetect-rs (default: a Rust port giving the same
    probabilities, bit for bit, 46x faster on lang-dev) or from langdetect itself, the reference
    that tests/test_unit_language.py compares it with."""

    def __init__(self, implementation: str = "langdetect-rs") -> None:
        if implementation not in LANGDETECT_IMPLEMENTATIONS:
            raise ValueError(
                f"language.langdetect {implementation!r} is not one of {LANGDETECT_IMPLEMENTATIONS}"
            )
        self.implementation = implementation

    @cached_property
    def _module(self):
        if self.implementation == "langdetect-rs":
            import langdetect_rs as module
        else:
            import langdetect as module
        # langdetect samples n-grams at random; a fixed seed gives the same answer on every run.
        module.DetectorFactory.seed = 0
        return module

    def rank(self, text: str) -> list[tuple[str, float]]:
        module = self._module
        try:
            return [(_normal(item.lang), float(item.prob)) for item in module.detect_langs(text)]
        except module.LangDetectException:  # no features it knows: digits and symbols only
            return []


def _count_letters(text: str, enough: int) -> int:
    """Letters in text, counted up to `enough`: the answer is the same, the time is not
    proportional to a 10 MB paragraph."""
    letters = 0
    for char in text:
        if char.isalpha():
            letters += 1
            if letters >= enough:
                break
    return letters


def _normal(code: str) -> str:
    return _CODE_ALIASES.get(code, code)


def _product(first: list[tuple[str, float]], second: list[tuple[str, float]]) -> dict[str, float]:
    """The normalised product of two engines' distributions."""
    a, b = dict(first), dict(second)
    scores = {
        code: max(a.get(code, 0.0), _PRODUCT_FLOOR) * max(b.get(code, 0.0), _PRODUCT_FLOOR)
        for code in sorted(set(a) | set(b))
    }
    total = sum(scores.values())
    return {code: score / total for code, score in scores.items()} if total else {}


class LanguageTagger:
    """Tags texts with the configured engine; identical texts are identified once (per tagger:
    the annotate job's whole shard). Texts whose first max_chars characters are the same share that
    sample's tag: template lines, repeated sentences, one-sentence paragraphs, one-paragraph
    pages. On 1,000 generated pages 125,346 texts needed 53,105 identifications."""

    def __init__(self, settings: LanguageSettings) -> None:
        if settings.engine not in ENGINES:
            raise ValueError(f"language.engine {settings.engine!r} is not one of {ENGINES}")
        self.settings = settings
        self.py3langid: BatchEngine = Py3LangidEngine()
        self.langdetect = LangdetectEngine(settings.langdetect)
        self.cld2 = Cld2Engine()
        self._cache: dict[str, LanguageTag] = {}
        self.engine_calls = {"py3langid": 0, "langdetect": 0, "cld2": 0}
        self.texts_tagged = 0

    @property
    def samples_identified(self) -> int:
        """Distinct samples identified since the cache was last cleared."""
        return len(self._cache)

    def clear_cache(self) -> None:
        """Forget the identified texts: a caller that outlives a shard (the benchmark's bare
        loop) keeps its memory flat this way."""
        self._cache.clear()

    def tag(self, text: str) -> LanguageTag:
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[LanguageTag]:
        """Each text's tag, as `tag` gives it; the samples not identified before go through
        py3langid together (Py3LangidEngine.rank_many)."""
        self.texts_tagged += len(texts)
        samples = [self._sample(text) for text in texts]
        new = [s for s in dict.fromkeys(samples) if isinstance(s, str) and s not in self._cache]
        if self.settings.engine == "cld2":
            self.engine_calls["cld2"] += len(new)
            for sample in new:
                self._cache[sample] = self._check_script(self._cld2(sample), sample)
            return [self._cache[s] if isinstance(s, str) else s for s in samples]
        if self.settings.engine == "langdetect":
            ranked: Sequence[list[tuple[str, float]] | None] = [None] * len(new)
        else:
            self.engine_calls["py3langid"] += len(new)
            ranked = self.py3langid.rank_many(new)
        for sample, fast in zip(new, ranked, strict=True):
            self._cache[sample] = self._check_script(self._identify(sample, fast), sample)
        return [self._cache[s] if isinstance(s, str) else s for s in samples]

    def _sample(self, text: str) -> str | LanguageTag:
        """The part of the text the engines read, or the abstention when there is none."""
        letters = _count_letters(text, self.settings.min_letters)
        if letters == 0:
            return LanguageTag.abstain("no_letters")
        if letters < self.settings.min_letters:
            return LanguageTag.abstain("too_short")
        return text[: self.settings.max_chars]

    def _identify(self, sample: str, fast: list[tuple[str, float]] | None) -> LanguageTag:
        """The tag of a sample from py3langid's ranking of it (None: not asked)."""
        bucket = self.settings.bucket(len(sample))
        if fast is None:
            return self._single(self._rank_slow(sample), bucket)
        if self.settings.engine == "py3langid":
            return self._single(fast, bucket)
        return self.decide_ensemble(fast, lambda: self._rank_slow(sample), bucket)

    def _cld2(self, sample: str) -> LanguageTag:
        """CLD2's answer when it calls it reliable and its language holds single_min of the text;
        an English or Malay answer only when langdetect's best language is the same (then the
        probability is the two engines' product, as the ensemble's)."""
        ranked = self.cld2.rank(sample)
        if ranked is None:
            return LanguageTag.abstain("low_confidence")
        tag = self._single(ranked, self.settings.bucket(len(sample)))
        if tag.language not in _CLD2_CONFIRMED:
            return tag
        second = self._rank_slow(sample)
        if not second or second[0][0] != tag.language:
            return LanguageTag.abstain("engines_disagree")
        return LanguageTag(tag.language, round(_product(ranked, second)[tag.language], 6), None)

    def _rank_slow(self, sample: str) -> list[tuple[str, float]]:
        self.engine_calls["langdetect"] += 1
        return self.langdetect.rank(sample)

    @classmethod
    def decide_ensemble(
        cls, fast: list[tuple[str, float]], slow: Callable[[], list[tuple[str, float]]], bucket
    ) -> LanguageTag:
        """The ensemble's answer from py3langid's ranking; langdetect's is fetched only when it
        can change the answer (the tuner passes its cached ranking)."""
        if fast and fast[0][1] >= bucket.single_min:
            return cls._single(fast, bucket)
        if bucket.product_min is None and (not fast or fast[0][1] < bucket.agree_min):
            # Neither agreement nor the product could answer: langdetect cannot change that.
            return LanguageTag.abstain("low_confidence")
        return cls._arbitrate(fast, slow(), bucket)

    @staticmethod
    def _single(ranked: list[tuple[str, float]], bucket: Bucket) -> LanguageTag:
        if not ranked:
            return LanguageTag.abstain("no_language")
        code, probability = ranked[0]
        if code == _NO_LANGUAGE:
            return LanguageTag.abstain("no_language")
        if probability < bucket.single_min:
            return LanguageTag.abstain("low_confidence")
        return LanguageTag(code, round(probability, 6), None)

    @staticmethod
    def _arbitrate(fast, slow, bucket: Bucket) -> LanguageTag:
        product = _product(fast, slow)
        best = max(product, key=lambda code: product[code]) if product else None
        agree = bool(fast and slow) and fast[0][0] == slow[0][0]
        if agree and fast[0][1] >= bucket.agree_min:
            answer = fast[0][0]
        elif (
            bucket.product_min is not None
            and best is not None
            and product[best] >= bucket.product_min
        ):
            answer = best
        else:
            return LanguageTag.abstain("low_confidence" if agree else "engines_disagree")
        if answer == _NO_LANGUAGE:
            return LanguageTag.abstain("no_language")
        return LanguageTag(answer, round(product[answer], 6), None)

    @staticmethod
    def _check_script(tag: LanguageTag, sample: str) -> LanguageTag:
        if tag.language is not None and not script_fits(tag.language, dominant_script(sample)):
            return LanguageTag.abstain("script_mismatch")
        return tag


@dataclass(frozen=True)
class BodyLanguages:
    """A document's language from its body paragraphs' tags, and each language's share."""

    tag: LanguageTag
    shares: tuple[tuple[str, int, float], ...]  # (language, chars, share), largest first


def aggregate_body(parts: list[tuple[int, LanguageTag]]) -> BodyLanguages | None:
    """Character-weighted aggregate of tagged parts (chars, tag), the way dolma does it.

    The document's language is the one with the most chars x probability; its probability is that
    mass over all tagged chars. None when no part has a language.
    """
    chars: dict[str, int] = {}
    mass: dict[str, float] = {}
    for length, tag in parts:
        if tag.language is None or tag.probability is None:
            continue
        chars[tag.language] = chars.get(tag.language, 0) + length
        mass[tag.language] = mass.get(tag.language, 0.0) + length * tag.probability
    total = sum(chars.values())
    if not total:
        return None
    best = max(sorted(mass), key=lambda code: mass[code])
    shares = sorted(
        ((code, count, round(count / total, 6)) for code, count in chars.items()),
        key=lambda row: (-row[1], row[0]),
    )
    return BodyLanguages(LanguageTag(best, round(mass[best] / total, 6), None), tuple(shares))
