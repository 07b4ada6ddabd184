"""Unit tests of docpipe.language.LanguageTagger."""

from __future__ import annotations

import pytest

from docpipe.language import UNKNOWN, LanguageTag, LanguageTagger, letter_count

ENGLISH = (
    "The quick brown fox jumps over the lazy dog while the farmer watches from the kitchen "
    "window and drinks his morning coffee before going out to work in the fields."
)
SPANISH = (
    "El perro marrón salta sobre el gato perezoso mientras el granjero mira desde la ventana "
    "de la cocina y bebe su café de la mañana antes de salir a trabajar en el campo."
)


def test_letter_count_counts_letters_only():
    assert letter_count("ab1 2c!é") == 4
    assert letter_count("") == 0


@pytest.mark.parametrize("text", ["Hi there", "OK", "", "a1b2c3"])
def test_too_few_letters_abstains(text):
    tagger = LanguageTagger(min_letters=20, max_chars=1000)
    tag = tagger.tag(text)
    assert tag.language is None
    assert tag.probability is None
    assert tagger._cache == {}  # abstaining does not even run the detector


def test_min_letters_threshold_is_inclusive():
    tagger = LanguageTagger(min_letters=5, max_chars=1000)
    assert tagger.tag("abcd 1234") == UNKNOWN  # 4 letters < 5
    assert tagger._cache == {}
    tagger.tag("Hello")  # 5 letters: the detector runs and its answer is cached
    assert list(tagger._cache) == ["Hello"]


def test_clear_english_and_spanish():
    tagger = LanguageTagger(min_letters=20, max_chars=1000)
    english = tagger.tag(ENGLISH)
    spanish = tagger.tag(SPANISH)
    assert english.language == "en"
    assert spanish.language == "es"
    for tag in (english, spanish):
        assert tag.probability is not None
        assert 0.5 < tag.probability <= 1.0


def test_repeated_calls_are_identical_and_cached():
    tagger = LanguageTagger(min_letters=20, max_chars=1000)
    first = tagger.tag(ENGLISH)
    assert len(tagger._cache) == 1
    second = tagger.tag(ENGLISH)
    assert second == first
    assert second is first  # served from the cache, not detected again
    assert len(tagger._cache) == 1
    tagger.tag(SPANISH)
    assert len(tagger._cache) == 2


def test_separate_taggers_agree_exactly():
    # The seeded detector gives the same language and probability in a fresh tagger.
    one = LanguageTagger(min_letters=20, max_chars=1000)
    two = LanguageTagger(min_letters=20, max_chars=1000)
    assert one.tag(SPANISH) == two.tag(SPANISH)
    assert one.tag(ENGLISH) == two.tag(ENGLISH)


def test_cache_key_is_the_truncated_sample():
    tagger = LanguageTagger(min_letters=20, max_chars=60)
    first = tagger.tag(ENGLISH[:60] + " extra words at the end")
    second = tagger.tag(ENGLISH[:60] + " different ending altogether")
    assert len(tagger._cache) == 1
    assert first is second
    assert list(tagger._cache) == [ENGLISH[:60]]


@pytest.mark.parametrize("text", ["1234567890 !!! ??? 2020-01-01", "... --- +++ 42", "   "])
def test_digits_and_punctuation_only_are_unknown(text):
    # min_letters=0 lets the text reach langdetect, which finds no features and must abstain.
    tagger = LanguageTagger(min_letters=0, max_chars=1000)
    assert tagger.tag(text) == LanguageTag(None, None)
    # With any letter threshold they abstain before detection.
    assert LanguageTagger(min_letters=1, max_chars=1000).tag(text) == UNKNOWN
