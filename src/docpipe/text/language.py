"""Language identification that knows when not to answer.

The engines (docpipe.text.language_engines): py3langid (fast, 97 languages), langdetect (seeded, so
deterministic) and CLD2. The default `ensemble` answers when py3langid is sure; else when py3langid
and langdetect agree; else when the product of their distributions is decisive; else it abstains
and says why. `py3langid` (the fast profile's, at lower thresholds) answers alone; `cld2` answers
where CLD2 calls its answer reliable, an English answer only where langdetect agrees, never a
Malay one. Thresholds depend on the text's length
bucket and were tuned on lang-dev by `docpipe tune-lang` (see config/config.yaml).
Every null language carries a reason: too_short, no_letters, no_language, low_confidence,
engines_disagree or script_mismatch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docpipe.text.language_engines import (
    NO_LANGUAGE,
    BatchEngine,
    Cld2Engine,
    LangdetectEngine,
    Py3LangidEngine,
    Py3LangidModel,
    read_py3langid_model,
)
from docpipe.text.writing_systems import dominant_script, script_fits

ENGINES = ("ensemble", "py3langid", "langdetect", "cld2")
REASONS = ("too_short", "no_letters", "no_language", "low_confidence", "engines_disagree",
           "script_mismatch")  # fmt: skip
# Share of probability mass a language must hold in the ensemble's product distribution: below
# this floor an engine's silence on a language is not read as a zero.
_PRODUCT_FLOOR = 0.01


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


def _product(first: list[tuple[str, float]], second: list[tuple[str, float]]) -> dict[str, float]:
    """The normalised product of two engines' distributions."""
    a, b = dict(first), dict(second)
    scores = {
        code: max(a.get(code, 0.0), _PRODUCT_FLOOR) * max(b.get(code, 0.0), _PRODUCT_FLOOR)
        for code in sorted(set(a) | set(b))
    }
    total = sum(scores.values())
    return {code: score / total for code, score in scores.items()} if total else {}


# CLD2's answers that langdetect must confirm: CLD2 says English for text it cannot place, and
# Malay for Indonesian (50 and 22 of its 94 wrong answers on the 3,880 lang-dev items).
# langdetect has no Malay, so a Malay answer is never confirmed: null, engines_disagree.
_CLD2_CONFIRMED = ("en", "ms")


_MISSING = object()


class LanguageTagger:
    """Tags texts with the configured engine; identical texts are identified once (per tagger:
    the annotate job's whole shard). Texts whose first max_chars characters are the same share that
    sample's tag: template lines, repeated sentences, one-sentence paragraphs, one-paragraph
    pages. On 1,000 generated pages 125,346 texts needed 53,105 identifications."""

    def __init__(
        self,
        settings: LanguageSettings,
        py3langid_model: Callable[[], Py3LangidModel] = read_py3langid_model,
    ) -> None:
        """`py3langid_model`: where py3langid's model is read from when first needed."""
        if settings.engine not in ENGINES:
            raise ValueError(f"language.engine {settings.engine!r} is not one of {ENGINES}")
        self.settings = settings
        self.py3langid: BatchEngine = Py3LangidEngine(py3langid_model)
        self.langdetect = LangdetectEngine(settings.langdetect)
        self.cld2 = Cld2Engine()
        self._cache: dict[str, LanguageTag] = {}
        self._scripts: dict[str, str | None] = {}
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
        self._scripts.clear()

    def tag(self, text: str) -> LanguageTag:
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[LanguageTag]:
        """Each text's tag, as `tag` gives it; the samples not identified before go through
        py3langid together (Py3LangidEngine.rank_many; engines ensemble and py3langid)."""
        self.texts_tagged += len(texts)
        samples = [self._sample(text) for text in texts]
        new = [s for s in dict.fromkeys(samples) if isinstance(s, str) and s not in self._cache]
        if self.settings.engine in ("langdetect", "cld2"):
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
        """The tag of a sample from py3langid's ranking of it (None: not asked; CLD2 reads the
        sample itself)."""
        if self.settings.engine == "cld2":
            return self._cld2(sample)
        bucket = self.settings.bucket(len(sample))
        if fast is None:
            return self._single(self._rank_slow(sample), bucket)
        if self.settings.engine == "py3langid":
            return self._single(fast, bucket)
        return self.decide_ensemble(fast, lambda: self._rank_slow(sample), bucket)

    def _cld2(self, sample: str) -> LanguageTag:
        """CLD2's answer when it calls it reliable and its language holds single_min of the text;
        an English answer only when langdetect's best language is the same (then the
        probability is the two engines' product, as the ensemble's), a Malay one never."""
        self.engine_calls["cld2"] += 1
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
        if code == NO_LANGUAGE:
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
        if answer == NO_LANGUAGE:
            return LanguageTag.abstain("no_language")
        return LanguageTag(answer, round(product[answer], 6), None)

    def script(self, text: str) -> str | None:
        """dominant_script(text), once per text of up to max_chars characters: the tagger's script
        check and the tag stage ask it of the same pages, paragraphs and sentences. Kept until
        clear_cache (the annotate job's whole shard): every distinct short unit's text, those
        too short to tag included; longer texts are not kept."""
        if len(text) > self.settings.max_chars:
            return dominant_script(text)
        found = self._scripts.get(text, _MISSING)
        if found is _MISSING:
            found = self._scripts[text] = dominant_script(text)
        return found  # type: ignore[return-value]

    def _check_script(self, tag: LanguageTag, sample: str) -> LanguageTag:
        if tag.language is not None and not script_fits(tag.language, self.script(sample)):
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
