"""langdetect-rs in place of langdetect: the same answers, so the same tables.

The default configuration takes langdetect's rankings from langdetect-rs; langdetect itself stays
the reference these tests compare it with (and a config choice, language.langdetect).
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import SEEDS, SHARED_EVAL
from test_unit_language import SETTINGS

from docpipe.text.language import LanguageTagger
from docpipe.text.language_engines import LangdetectEngine
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.sentences import sentence_spans

LANG_ITEMS = SHARED_EVAL / "lang-dev" / "items.jsonl"
EXTRACT_DEV = SHARED_EVAL / "extract-dev"


def units(text: str) -> list[str]:
    """The page, its paragraphs and its sentences: every text the tag stage identifies."""
    found = [text]
    for start, end in split_paragraphs(text):
        found.append(text[start:end])
        found.extend(text[s:e] for s, e in sentence_spans(text, start, end))
    return found


def assert_same_tags(texts: list[str]) -> None:
    reference = LanguageTagger(replace(SETTINGS, langdetect="langdetect"))
    port = LanguageTagger(replace(SETTINGS, langdetect="langdetect-rs"))
    differ = [t[:80] for t in texts if reference.tag(t) != port.tag(t)]
    assert not differ, f"{len(differ)} of {len(texts)} texts tagged differently: {differ[:3]}"
    # Both answered through langdetect as often (the ensemble asks it only when it can decide).
    assert reference.engine_calls == port.engine_calls


def test_default_configuration_uses_langdetect_rs() -> None:
    assert SETTINGS.langdetect == "langdetect-rs"
    assert LanguageTagger(SETTINGS).langdetect.implementation == "langdetect-rs"


def test_unknown_implementation_is_refused() -> None:
    with pytest.raises(ValueError, match=r"language\.langdetect 'cld9'"):
        LangdetectEngine("cld9")


def test_rankings_are_identical_on_edge_texts() -> None:
    reference, port = LangdetectEngine("langdetect"), LangdetectEngine("langdetect-rs")
    for text in ["12345 67 89", "", "ok", "Ünïcödé ß", "日本語のテキストです。", "a" * 5000]:
        assert reference.rank(text) == port.rank(text), text


def test_seed_pages_get_identical_tags() -> None:
    texts = [t for path in sorted(SEEDS.glob("*.txt")) for t in units(path.read_text("utf-8"))]
    assert len(texts) > 300
    assert_same_tags(texts)


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
@pytest.mark.eval_data("extract-dev")
def test_dev_pages_get_identical_tags() -> None:
    pages = sorted(p for p in EXTRACT_DEV.glob("*.txt") if not p.name.endswith(".gold.txt"))
    assert len(pages) == 59
    assert_same_tags([t for path in pages for t in units(path.read_text("utf-8"))])


@pytest.mark.eval_data("lang-dev/items.jsonl")
def test_lang_dev_rankings_are_identical() -> None:
    items = [json.loads(line) for line in LANG_ITEMS.read_text("utf-8").splitlines()]
    reference, port = LangdetectEngine("langdetect"), LangdetectEngine("langdetect-rs")
    differ = [i["text"][:60] for i in items if reference.rank(i["text"]) != port.rank(i["text"])]
    assert not differ, f"{len(differ)} of {len(items)} rankings differ: {differ[:3]}"
