"""The batched py3langid path gives the answers of py3langid's own per-text ranking.

Py3LangidEngine.rank_many scores many texts at once (docpipe.text.language); the reference here
is py3langid's `LanguageIdentifier.rank`, one text at a time, as the tagger called it before.
Rankings must be equal float for float, so tags (language, stored probability, reason) are too.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from conftest import SEEDS, SHARED_EVAL
from test_langdetect_rs import units
from test_unit_language import SETTINGS

import docpipe.text.language_engines as language_engines
import docpipe.text.ngram_counts as ngram_counts
from docpipe.text.language import LanguageTagger
from docpipe.text.language_engines import Py3LangidEngine

LANG_ITEMS = SHARED_EVAL / "lang-dev" / "items.jsonl"
EXTRACT_DEV = SHARED_EVAL / "extract-dev"
EDGE_TEXTS = [
    "", "12345 67 89", "ok", "x = y + z;", "Ünïcödé ß", "日本語のテキストです。",
    "ЭТО ТЕКСТ ЗАГЛАВНЫМИ БУКВАМИ", "THE QUICK BROWN FOX", "Ово је српски текст на ћирилици.",
    "Ovo je srpski tekst na latinici.", "a" * 5000, "\ufffd\ufffd abc", "e\u0301te\u0301",
]  # fmt: skip


class PerTextPy3langid:
    """The ranking as docpipe took it before batching: py3langid's rank, one text per call."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self.identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def rank(self, text: str) -> list[tuple[str, float]]:
        ranked = self.identifier.rank(text)[:10]
        return [(language_engines.normal_code(code), float(p)) for code, p in ranked]

    def rank_many(self, texts: list[str]) -> list[list[tuple[str, float]]]:
        return [self.rank(text) for text in texts]


@cache
def reference() -> PerTextPy3langid:
    return PerTextPy3langid()


def assert_same_rankings(texts: list[str]) -> None:
    batched = Py3LangidEngine().rank_many(texts)
    expected = reference().rank_many(texts)
    differ = [t[:60] for t, a, b in zip(texts, batched, expected, strict=True) if a != b]
    assert not differ, f"{len(differ)} of {len(texts)} rankings differ: {differ[:3]}"


def assert_same_tags(texts: list[str], engine: str = "ensemble") -> None:
    settings = SETTINGS if engine == "ensemble" else replace(SETTINGS, engine=engine)
    batched, per_text = LanguageTagger(settings), LanguageTagger(settings)
    per_text.py3langid = reference()
    got, expected = batched.tag_many(texts), [per_text.tag(t) for t in texts]
    differ = [t[:60] for t, a, b in zip(texts, got, expected, strict=True) if a != b]
    assert not differ, f"{len(differ)} of {len(texts)} texts tagged differently: {differ[:3]}"
    assert batched.engine_calls == per_text.engine_calls


def test_edge_texts_rank_as_py3langid_ranks_them() -> None:
    assert_same_rankings(EDGE_TEXTS)
    # One text at a time too (a batch of one), and nothing for no texts.
    assert [Py3LangidEngine().rank(t) for t in EDGE_TEXTS] == reference().rank_many(EDGE_TEXTS)
    assert Py3LangidEngine().rank_many([]) == []


def test_batches_split_anywhere_give_the_same_rankings(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [t for path in sorted(SEEDS.glob("*.txt")) for t in units(path.read_text("utf-8"))]
    whole = Py3LangidEngine().rank_many(texts)
    monkeypatch.setattr(language_engines, "_BATCH", 7)
    assert Py3LangidEngine().rank_many(texts) == whole
    # Walks of a few bytes: chunks end inside runs of texts of every length.
    monkeypatch.setattr(language_engines, "_BATCH_BYTES", 50)
    assert Py3LangidEngine().rank_many(texts) == whole


def test_depth_is_the_automatons_longest_path() -> None:
    """ngram_counts is exact only if no state lies deeper than DEPTH bytes from the start."""
    nextmove, rowbase, _ = Py3LangidEngine()._automaton
    depth = np.full(len(rowbase), -1)
    depth[0], frontier, level = 0, np.array([0]), 0
    while len(frontier):
        level += 1
        reached = np.unique(nextmove[rowbase[frontier][:, None] + np.arange(256)])
        frontier = reached[depth[reached] < 0]
        depth[frontier] = level
    assert depth.min() == 0  # every state reachable
    assert depth.max() == ngram_counts.DEPTH


def test_counts_are_py3langids_walk_on_random_bytes() -> None:
    """Random bytes reach states a real text rarely does; texts of every length from 0 to past
    DEPTH, one batch, against py3langid's Counter: the same keys, in the same order."""
    from py3langid.langid import visit_counts

    automaton = Py3LangidEngine()._automaton
    identifier = Py3LangidEngine()._identifier
    rng = random.Random(7)
    alphabet = bytes(range(256)) + b"etaoin shrdlu" * 20  # common letters: long n-grams too
    texts = [bytes(rng.choices(alphabet, k=rng.randrange(0, 40))) for _ in range(2000)]
    owners, features, counts = ngram_counts.ngram_counts(automaton, texts)
    for index, text in enumerate(texts):
        visits = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output,
                              text) or {}  # fmt: skip
        mine = owners == index
        assert list(zip(features[mine].tolist(), counts[mine].tolist(), strict=True)) == list(
            visits.items()
        ), text


@pytest.mark.parametrize("engine", ["ensemble", "py3langid"])
def test_seed_pages_get_the_per_text_tags(engine: str) -> None:
    texts = [t for path in sorted(SEEDS.glob("*.txt")) for t in units(path.read_text("utf-8"))]
    assert len(texts) > 300
    assert_same_tags(texts, engine)


@pytest.mark.eval_data("lang-dev/items.jsonl")
def test_lang_dev_items_get_the_per_text_rankings_and_tags() -> None:
    texts = [json.loads(line)["text"] for line in LANG_ITEMS.read_text("utf-8").splitlines()]
    assert len(texts) > 3000
    assert_same_rankings(texts)
    assert_same_tags(texts)


@pytest.mark.eval_data("extract-dev")
def test_extract_dev_texts_get_the_per_text_rankings_and_tags() -> None:
    pages = sorted(p for p in EXTRACT_DEV.glob("*.txt") if not p.name.endswith(".gold.txt"))
    assert len(pages) == 59
    texts = [t for path in pages for t in units(path.read_text("utf-8"))]
    # What the tagger identifies: each distinct sample of max_chars characters.
    assert_same_rankings(list(dict.fromkeys(t[: SETTINGS.max_chars] for t in texts)))
    assert_same_tags(texts)


@pytest.mark.parametrize("values", [3, 1000])
def test_top_columns_are_a_stable_sorts_first(values: int) -> None:
    """Ties anywhere (3 distinct values: most rows tie across the last place) and almost none."""
    rng = np.random.default_rng(values)
    scores = rng.integers(0, values, size=(500, 97)).astype(np.float32)
    expected = np.argsort(-scores, axis=1, kind="stable")[:, :10]
    assert (language_engines._top(scores, 10) == expected).all()
    few = scores[:, :8]  # fewer columns than places
    assert (language_engines._top(few, 10) == np.argsort(-few, axis=1, kind="stable")).all()
