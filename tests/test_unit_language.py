"""Unit tests of docpipe.text.language and docpipe.text.writing_systems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from docpipe.text.language import (
    Bucket,
    LanguageSettings,
    LanguageTag,
    LanguageTagger,
    aggregate_body,
)
from docpipe.text.writing_systems import dominant_script, script_fits

CONFIG = Path(__file__).resolve().parent.parent / "config" / "config.yaml"
SETTINGS = LanguageSettings.from_config(yaml.safe_load(CONFIG.read_text())["language"])
ENGLISH = (
    "The quick brown fox jumps over the lazy dog while the farmer watches from the kitchen "
    "window and drinks his morning coffee before going out to work in the fields."
)
SPANISH = (
    "El perro marrón salta sobre el gato perezoso mientras el granjero mira desde la ventana "
    "de la cocina y bebe su café de la mañana antes de salir a trabajar en el campo."
)


class FakeEngine:
    def __init__(self, ranked: list[tuple[str, float]]) -> None:
        self.ranked = ranked
        self.calls = 0

    def rank(self, text: str) -> list[tuple[str, float]]:
        self.calls += 1
        return self.ranked

    def rank_many(self, texts: list[str]) -> list[list[tuple[str, float]]]:
        return [self.rank(text) for text in texts]


def fake_tagger(fast, slow, bucket: Bucket, engine: str = "ensemble") -> LanguageTagger:
    settings = LanguageSettings(engine, min_letters=1, max_chars=1000, buckets=(bucket,))
    tagger = LanguageTagger(settings)
    tagger.py3langid, tagger.langdetect = FakeEngine(fast), FakeEngine(slow)
    return tagger


BUCKET = Bucket(None, agree_min=0.3, single_min=0.9, product_min=0.95)


@pytest.mark.parametrize(
    ("text", "reason"), [("", "no_letters"), ("12 34 !?", "no_letters"), ("Hi there", "too_short")]
)
def test_untaggable_text_abstains_without_calling_an_engine(text: str, reason: str) -> None:
    tagger = LanguageTagger(SETTINGS)
    assert tagger.tag(text) == LanguageTag(None, None, reason)
    assert tagger.engine_calls == {"py3langid": 0, "langdetect": 0, "cld2": 0}


@pytest.mark.parametrize("engine", ["ensemble", "py3langid", "langdetect", "cld2"])
def test_each_engine_tags_clear_paragraphs(engine: str) -> None:
    tagger = LanguageTagger(replace(SETTINGS, engine=engine))
    english, spanish = tagger.tag(ENGLISH), tagger.tag(SPANISH)
    assert (english.language, spanish.language) == ("en", "es")
    assert english.reason is None and 0.9 <= english.probability <= 1.0


def test_ensemble_skips_langdetect_when_py3langid_is_sure() -> None:
    tagger = LanguageTagger(SETTINGS)
    tagger.tag(ENGLISH)
    assert tagger.engine_calls == {"py3langid": 1, "langdetect": 0, "cld2": 0}


def test_identical_texts_are_identified_once_and_answers_repeat() -> None:
    texts = [ENGLISH, SPANISH, "Yeltsin questions NATO expansion", ENGLISH]
    first, second = LanguageTagger(SETTINGS), LanguageTagger(SETTINGS)
    assert [first.tag(t) for t in texts] == [second.tag(t) for t in texts]
    assert first.engine_calls["py3langid"] == 3


def test_agreement_answers_when_py3langid_clears_agree_min() -> None:
    tagger = fake_tagger([("de", 0.5), ("nl", 0.4)], [("de", 0.7), ("nl", 0.3)], BUCKET)
    tag = tagger.tag("Irgendein Text")
    assert tag.language == "de" and tag.reason is None
    # its probability is de's share of the product: (0.5*0.7) / (0.5*0.7 + 0.4*0.3)
    assert tag.probability == pytest.approx(0.35 / (0.35 + 0.12), abs=1e-6)


def test_agreement_below_agree_min_is_low_confidence() -> None:
    tagger = fake_tagger([("de", 0.2), ("nl", 0.19)], [("de", 0.5), ("nl", 0.5)], BUCKET)
    assert tagger.tag("Irgendein Text") == LanguageTag(None, None, "low_confidence")


def test_disagreement_is_answered_only_by_a_decisive_product() -> None:
    undecided = fake_tagger([("da", 0.6), ("no", 0.4)], [("no", 0.6), ("da", 0.4)], BUCKET)
    assert undecided.tag("Hej med dig") == LanguageTag(None, None, "engines_disagree")
    decisive = fake_tagger([("da", 0.8), ("no", 0.2)], [("sv", 0.5), ("da", 0.5)], BUCKET)
    # products: da 0.8*0.5=0.4, no 0.2*0.01=0.002, sv 0.01*0.5=0.005 -> da holds 0.9827
    assert decisive.tag("Hej med dig").language == "da"
    never = fake_tagger(
        [("da", 0.8), ("no", 0.2)], [("sv", 0.5), ("da", 0.5)], replace(BUCKET, product_min=None)
    )
    assert never.tag("Hej med dig").reason == "engines_disagree"


def test_no_linguistic_content_label_is_an_abstention() -> None:
    tagger = fake_tagger([("zxx", 0.99)], [], BUCKET)
    assert tagger.tag("x = y + z") == LanguageTag(None, None, "no_language")


def test_tag_in_the_wrong_script_is_not_trusted() -> None:
    tagger = fake_tagger([("ru", 0.99)], [], BUCKET)
    assert tagger.tag("Plain latin letters here") == LanguageTag(None, None, "script_mismatch")


def test_single_engine_below_single_min_is_low_confidence() -> None:
    tagger = fake_tagger([], [("fr", 0.6)], BUCKET, engine="langdetect")
    assert tagger.tag("Bonjour") == LanguageTag(None, None, "low_confidence")
    assert tagger.py3langid.calls == 0


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match=r"language\.engine 'fasttext'"):
        LanguageTagger(replace(SETTINGS, engine="fasttext"))


def test_bucket_is_chosen_by_length() -> None:
    assert [SETTINGS.bucket(n).max_chars for n in (1, 60, 61, 200, 201, 10**6)] == [
        60, 60, 200, 200, None, None
    ]  # fmt: skip


def test_spanish_quote_is_a_spanish_sentence_in_an_english_paragraph() -> None:
    from docpipe.text.sentences import sentence_spans

    paragraph = (
        "I am not so ready to blast Ollie North, who carried out the policy but did not decide "
        "it. “Oh, Dios, que buen vasallo, si hubiese buen señor.” He "
        "deserved better leadership than the one he had in those years, in my view."
    )
    tagger = LanguageTagger(SETTINGS)
    sentences = [paragraph[s:e] for s, e in sentence_spans(paragraph, 0, len(paragraph))]
    tags = [tagger.tag(sentence).language for sentence in sentences]
    assert tagger.tag(paragraph).language == "en"
    assert tags == ["en", "es", "en"]


def test_body_aggregate_weights_by_characters_and_probability() -> None:
    parts = [
        (300, LanguageTag("en", 0.9, None)),
        (100, LanguageTag("es", 1.0, None)),
        (50, LanguageTag(None, None, "too_short")),
    ]
    body = aggregate_body(parts)
    assert body is not None
    assert body.tag == LanguageTag("en", round(270 / 400, 6), None)
    assert body.shares == (("en", 300, 0.75), ("es", 100, 0.25))
    assert aggregate_body([(50, LanguageTag(None, None, "too_short"))]) is None


@pytest.mark.parametrize(
    ("text", "script"),
    [("Hello world", "Latin"), ("Привет мир", "Cyrillic"), ("北京是首都", "Han"),
     ("これはペン", "Kana"), ("서울은 도시", "Hangul"), ("123 !?", None), ("Καλημέρα", "Greek")],
)  # fmt: skip
def test_dominant_script(text: str, script: str | None) -> None:
    assert dominant_script(text) == script


def test_script_fits_language() -> None:
    assert script_fits("ru", "Cyrillic") and not script_fits("ru", "Latin")
    assert script_fits("ja", "Kana") and script_fits("ja", "Han")
    assert script_fits("en", "Latin") and not script_fits("en", "Cyrillic")
    assert script_fits("en", None)


def test_letters_are_counted_only_as_far_as_the_decision_needs():
    from docpipe.text.language import _count_letters

    assert _count_letters("ab 12 cd", 10) == 4
    assert _count_letters("a" * 1_000_000, 10) == 10
    assert _count_letters("123 !?", 10) == 0


def test_dominant_script_of_accented_latin_is_what_counting_every_letter_gives():
    import random
    from collections import Counter

    from docpipe.text.writing_systems import char_script

    def counted(text: str) -> str | None:
        counts = Counter(char_script(c) for c in text if c.isalpha())
        return max(sorted(counts), key=lambda script: counts[script]) if counts else None

    # Characters of the Latin blocks (ª, º, µ among them: "Other"), a few of other scripts,
    # digits and signs that are not letters (², ½).
    alphabet = [chr(c) for c in [*range(0x20, 0x250), *range(0x1E00, 0x1F00)]] + list("жπ中²½")
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 12)))
        assert dominant_script(text) == counted(text), text
    assert dominant_script("µµ a") == "Other" and dominant_script("Grüße") == "Latin"
    assert dominant_script("² ½ !") is None


def test_dominant_script_counts_every_occurrence_of_each_letter():
    assert dominant_script("ааааа bbbb") == "Cyrillic"
    assert dominant_script("ааа bbbb") == "Latin"
    assert dominant_script("東京" * 2 + "abcde") == "Latin"
    assert dominant_script("東京" * 3 + "abcde") == "Han"


@pytest.mark.parametrize(
    "text",
    ["", "12 34 !?", "Plain ASCII text.", "_", "Crème brûlée", "Привет, мир", "東京とソウル",
     "서울 Seoul 서울", "ab Ωμέγα", "x\u00a0y", "\ufffd\ufffd abc", "٣ أرقام", "ªº"],
)  # fmt: skip
def test_dominant_script_counts_every_letter_of_every_text(text: str) -> None:
    # The definition, letter by letter: the ASCII shortcut must give the same answers.
    from collections import Counter

    from docpipe.text.writing_systems import char_script, dominant_script

    counts = Counter(char_script(char) for char in text if char.isalpha())
    expected = max(sorted(counts), key=counts.__getitem__) if counts else None
    assert dominant_script(text) == expected


def test_py3langid_alone_answers_as_the_ensemble_or_abstains() -> None:
    # py3langid alone (the fast profile's engine before CLD2) gives up answers, never changes one.
    from conftest import SEEDS
    from test_langdetect_rs import units

    texts = [t for path in sorted(SEEDS.glob("*.txt")) for t in units(path.read_text("utf-8"))]
    default = LanguageTagger(SETTINGS).tag_many(texts)
    alone = LanguageTagger(replace(SETTINGS, engine="py3langid")).tag_many(texts)
    pairs = list(zip(alone, default, strict=True))
    assert all(f == d or f.language is None for f, d in pairs)
    assert any(f.language is None and d.language is not None for f, d in pairs)


def cld2_tagger(langdetect: list[tuple[str, float]] | None = None) -> LanguageTagger:
    tagger = LanguageTagger(replace(SETTINGS, engine="cld2"))
    if langdetect is not None:
        tagger.langdetect = FakeEngine(langdetect)
    return tagger


def test_cld2_answers_alone_but_english_only_when_langdetect_agrees() -> None:
    tagger = cld2_tagger([("de", 0.99)])
    assert tagger.tag(SPANISH).language == "es"
    assert tagger.engine_calls == {"py3langid": 0, "langdetect": 0, "cld2": 1}
    # CLD2 says English, reliably, for mixed text ("Der Hund and the cat sind friends" too).
    assert tagger.tag(ENGLISH) == LanguageTag.abstain("engines_disagree")
    assert tagger.engine_calls["langdetect"] == 1
    agreed = cld2_tagger([("en", 0.9), ("de", 0.1)]).tag(ENGLISH)
    assert agreed.language == "en" and agreed.reason is None
    # The two engines' product, as the ensemble's: CLD2's share (0.99 here) times 0.9 against
    # its floor 0.01 times 0.1.
    assert 0.99 < agreed.probability < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "curl と wget の違いについて。",  # Japanese in 65% of it, not reliable
        "Mohamed Ali, Peter Pan, Jean Valjean",  # no language it knows, not reliable
    ],
)
def test_cld2_abstains_where_it_is_not_reliable(text: str) -> None:
    assert cld2_tagger().tag(text) == LanguageTag.abstain("low_confidence")


def test_cld2_never_answers_malay_nor_a_pseudo_language() -> None:
    """CLD2's Malay is confirmed by langdetect, which knows no Malay: always null. Its Pig Latin
    (zzp, reliable at 98% here) is no language."""
    malay = "Saya suka makan nasi goreng di kedai dekat rumah saya setiap hari bersama kawan."
    # CLD2: Malay, reliable, 98%.
    assert cld2_tagger([("id", 0.99)]).tag(malay) == LanguageTag.abstain("engines_disagree")
    assert cld2_tagger().tag(malay).reason == "engines_disagree"
    assert cld2_tagger().tag(
        "Isthay isway away entencesay inway igpay atinlay ithway anymay ordsway."
    ) == LanguageTag.abstain("no_language")


def test_cld2_reads_characters_it_refuses_as_spaces() -> None:
    """CLD2 raises on control characters, noncharacters and surrogates (a str may hold them): a
    text holding one is read again with them as spaces, the text around them is still read, and
    no input raises (300 random strings over all planes, most of them reaching CLD2)."""
    import random

    refused = [*map(chr, [0, 8, 0x0B, 0x1F, 0x7F, 0x85, 0x9F, 0xFDD0, 0xFFFE, 0x10FFFF]), "\ud800"]
    assert cld2_tagger().tag(SPANISH[:60] + "".join(refused) + SPANISH[60:]).language == "es"
    rng = random.Random(0)
    tagger = cld2_tagger()
    for _ in range(300):
        text = "".join(chr(rng.choice([rng.randrange(0x110000), rng.randrange(0x250)]))
                       for _ in range(rng.randrange(1, 80)))  # fmt: skip
        tag = tagger.tag(text)
        assert (tag.language is None) == (tag.reason is not None)
    assert tagger.engine_calls["cld2"] > 150


def test_cld2_codes_are_iso_639() -> None:
    import re

    import pycld2

    from docpipe.text.language_engines import cld2_code

    codes = {cld2_code(code) for _, code in pycld2.LANGUAGES}
    assert all(re.fullmatch("[a-z]{2,3}", code) for code in codes)
    assert not codes & {"xxx", "zzp", "zzb", "zze", "zzh"}
    assert [cld2_code(c) for c in ("zh-Hant", "sr-ME", "iw", "jw", "xx-Arab", "zzp", "en")] == [
        "zh", "sr", "he", "jv", "zxx", "zxx", "en",
    ]  # fmt: skip


def test_scripts_are_remembered_for_samples_only() -> None:
    """The tagger's script cache holds texts of up to max_chars characters (the samples it
    reads), so a shard's long paragraphs are not kept; answers are dominant_script's."""
    tagger = LanguageTagger(replace(SETTINGS, max_chars=20))
    short, long = "Совет заседает.", "Der Stadtrat tagt heute lange im Rathaus."
    assert tagger.script(short) == dominant_script(short) == "Cyrillic"
    assert tagger.script(long) == dominant_script(long) == "Latin"
    assert list(tagger._scripts) == [short]
    tagger.clear_cache()
    assert not tagger._scripts
