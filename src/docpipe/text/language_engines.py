"""The engines that rank a text's languages, each with its own costs and quirks handled here:
py3langid (batched), langdetect (seeded; langdetect-rs or langdetect itself) and CLD2 (pycld2).
docpipe.text.language decides from their rankings when to answer."""

from __future__ import annotations

import itertools
import lzma
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import numpy as np

from docpipe.text.ngram_counts import Automaton, ngram_counts

# Where the langdetect engine's answers come from (config language.langdetect).
LANGDETECT_IMPLEMENTATIONS = ("langdetect-rs", "langdetect")
# Codes the two engines spell differently, mapped to one spelling.
_CODE_ALIASES = {"zh-cn": "zh", "zh-tw": "zh", "nb": "no"}
# CLD2's codes that are not ISO 639 (its other codes are, some with a region or script after a
# hyphen: "zh-Hant", "sr-ME"; "xx-Arab" is text in a script of no language it knows).
_CLD2_ALIASES = {"iw": "he", "jw": "jv"}
# py3langid's label for text with no linguistic content (numbers, code, symbols).
NO_LANGUAGE = "zxx"
# py3langid's languages that a ranking keeps, best first (the product reads all ten).
_TOP = 10
# Texts scored together by Py3LangidEngine.rank_many: their scores take 142 float32 each, so a
# shard's million one-line paragraphs cost 2.3 MB at a time, not 570 MB.
_BATCH = 4096
# Encoded bytes walked together (ngram_counts): about ten int64 arrays of this length, 80 MB.
_BATCH_BYTES = 1 << 20


# py3langid's model as its modelio.load_model returns it: weights, priors, labels, and its
# automaton's moves, rows and outputs.
Py3LangidModel = tuple[Any, ...]


def py3langid_model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def py3langid_model_bytes() -> bytes:
    """py3langid's model file, decompressed: an .npz of 68 MB (py3langid 0.4.0)."""
    with lzma.open(py3langid_model_file()) as compressed:
        return compressed.read()


def read_py3langid_model(npz: BinaryIO | None = None) -> Py3LangidModel:
    """py3langid's model, from its own file (0.37-0.57 s, most of it LZMA), or from `npz`: that
    file decompressed (py3langid_model_bytes), opened. The same values either way: the
    conversions are those of py3langid's modelio.load_model (its private _to_array among them:
    py3langid is pinned, and tests/test_unit_models.py compares the two). ValueError when
    `npz` lacks an array or its arrays do not fit together."""
    from py3langid.modelio import _to_array, load_model

    if npz is None:
        return load_model(py3langid_model_file())
    with np.load(npz, allow_pickle=False) as data:
        ptc, pc, classes = data["ptc"], data["pc"], data["classes"]
        nextmove, rows, output = data["nextmove"], data["nextmove_row"], data["out_feat"]
        if not (
            ptc.ndim == 2 and ptc.shape[1] == len(pc) == len(classes)
            and nextmove.ndim == 1 and nextmove.size % 256 == 0 and len(rows) == len(output)
            and (not len(rows) or int(rows.max()) < nextmove.size // 256)
            and (not len(output) or int(output.max()) < ptc.shape[0])
        ):  # fmt: skip
            raise ValueError("py3langid's model arrays do not fit together")
        return (ptc, pc, classes.tolist(), _to_array(nextmove), _to_array(rows), output.tolist())


class Engine(Protocol):
    def rank(self, text: str) -> list[tuple[str, float]]: ...


class BatchEngine(Engine, Protocol):
    def rank_many(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]: ...


class Py3LangidEngine:
    """py3langid's ten most likely languages, best first: the values and the order of
    `LanguageIdentifier.rank(text)[:10]` (tests/test_unit_language_batch.py compares them, float
    for float, on lang-dev and extract-dev), without its per-call costs.

    py3langid scores a text as a byte n-gram count vector (a walk of its automaton, one byte at a
    time in Python) times a float16 weight matrix, then a softmax, then sorts all its languages
    in Python. Here the walk runs on a batch of texts at once (ngram_counts), the matrix is
    widened to float32 once (float16 to float32 is exact, and numpy widened the gathered rows
    before each product anyway; +57 MB per job), and the softmax and the top ten run on the
    batch. Each text's product stays one vector-matrix product of its own, over its n-grams in
    the order the walk first meets them, as in py3langid: summing a batch's weighted rows in one
    call (np.add.reduceat) adds in another order and changed the last bits of 97% of the scores.
    Tagging the pages, paragraphs and sentences of 1,000 generated pages took 3.02 s of CPU with
    py3langid's walk, 1.87 s with the batched one (the default's ensemble, the same tags).
    """

    def __init__(self, model: Callable[[], Py3LangidModel] = read_py3langid_model) -> None:
        """`model`: where the model comes from, when first needed (docpipe.io.models keeps a
        decompressed copy for the workflow's jobs)."""
        self._model = model

    @cached_property
    def _identifier(self):
        from py3langid.langid import LanguageIdentifier

        # As LanguageIdentifier.from_model_file builds it.
        ptc, pc, classes, nextmove, row, output = self._model()
        return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output,
                                  norm_probs=True, tk_row=row)  # fmt: skip

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
        return np.array(list(first.values())), tuple(normal_code(code) for code in first)

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
        scores, lengths = self._raw_scores(texts)
        # LanguageIdentifier._decide with norm_probs, row by row: the same float32 operations.
        scores *= (1.0 / np.sqrt(np.maximum(lengths, 1))).astype(np.float32)[:, None]
        np.exp(scores - scores.max(axis=1, keepdims=True), out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        for column, alias in identifier._alias_pairs:
            scores[:, column] += scores[:, alias]
            scores[:, alias] = 0.0
        columns, codes = self._labels
        merged = scores[:, columns]
        order = _top(merged, _TOP)
        best = np.take_along_axis(merged, order, axis=1)
        return [
            [(codes[i], p) for i, p in zip(indices, values, strict=True)]
            for indices, values in zip(order.tolist(), best.tolist(), strict=True)
        ]

    def _raw_scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """LanguageIdentifier._raw_score of each encoded text (a row), and the encodings'
        lengths."""
        identifier = self._identifier
        encoded = [identifier._encode(text) for text in texts]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        # No features: py3langid's 0.0 under norm_probs (a uniform ranking).
        scores = np.zeros((len(texts), len(identifier.nb_classes)), dtype=np.float32)
        weights, prior = self._weights, identifier.nb_pc
        for first, last in _chunks(lengths, _BATCH_BYTES):
            owners, features, counts = ngram_counts(self._automaton, encoded[first:last])
            bounds = np.searchsorted(owners, np.arange(last - first + 1)).tolist()
            log_counts = np.log1p(counts.astype(np.float32))
            for row, (start, end) in enumerate(itertools.pairwise(bounds), first):
                if start < end:
                    scores[row] = log_counts[start:end] @ weights[features[start:end]] + prior
        return scores, lengths

    @cached_property
    def _automaton(self) -> Automaton:
        identifier = self._identifier
        return Automaton(
            np.asarray(identifier.tk_nextmove),
            np.asarray(identifier._rowbase, dtype=np.int64),
            np.asarray(identifier.tk_output, dtype=np.int64),
        )


def _top(scores: np.ndarray, count: int) -> np.ndarray:
    """Each row's `count` best columns, best first, ties in column order: the first `count` of
    a stable sort, as py3langid's sorted(..., reverse=True) gives them; without sorting every
    column where no tie straddles the last place (a partition finds the rows' count-th best)."""
    if scores.shape[1] <= count:
        return np.argsort(-scores, axis=1, kind="stable")
    negated = -scores
    last = np.partition(negated, count - 1, axis=1)[:, count - 1 : count]
    chosen = negated <= last
    exact = chosen.sum(axis=1) == count
    order = np.empty((len(scores), count), dtype=np.intp)
    # Chosen columns in column order, then a stable sort of their count values.
    columns = np.nonzero(chosen[exact])[1].reshape(-1, count)
    ranked = np.argsort(np.take_along_axis(negated[exact], columns, axis=1), axis=1, kind="stable")
    order[exact] = np.take_along_axis(columns, ranked, axis=1)
    tied = ~exact
    order[tied] = np.argsort(negated[tied], axis=1, kind="stable")[:, :count]
    return order


def _chunks(lengths: np.ndarray, limit: int) -> Iterator[tuple[int, int]]:
    """Consecutive runs of texts (first, last) of about `limit` bytes, each at least one text."""
    first, total = 0, 0
    for index, length in enumerate(lengths.tolist()):
        if total and total + length > limit:
            yield first, index
            first, total = index, 0
        total += length
    if first < len(lengths):
        yield first, len(lengths)


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


class Cld2Engine:
    """CLD2's languages of a text, by share of its bytes (percent / 100), best first; None when
    CLD2 does not call its answer reliable (so also when it finds no language in real words:
    "Mohamed Ali, Peter Pan, Jean Valjean"). Characters CLD2 refuses are read as spaces."""

    @cached_property
    def _pycld2(self):
        import pycld2

        return pycld2

    def rank(self, text: str) -> list[tuple[str, float]] | None:
        try:
            reliable, _, details = self._pycld2.detect(text)
        except (self._pycld2.error, UnicodeEncodeError):
            # Replaced only then: the substitution on every text cost as much as CLD2 itself
            # (1,000 generated pages: 0.30 s against 0.37 s).
            reliable, _, details = self._pycld2.detect(_CLD2_INVALID.sub(" ", text))
        if not reliable:
            return None
        return [(cld2_code(code), percent / 100) for _, code, percent, _ in details
                if code != "un" and percent > 0]  # fmt: skip


def cld2_code(code: str) -> str:
    """The language code of one of CLD2's: ISO 639, no region or script; zxx for no language
    (a script of no language it knows, "xx-Arab"; "Ignore", xxx; its pseudo-languages, Pig Latin
    zzp among them)."""
    language, _, _ = code.lower().partition("-")
    if language in ("xx", "xxx") or language.startswith("zz"):
        return NO_LANGUAGE
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
            return [
                (normal_code(item.lang), float(item.prob)) for item in module.detect_langs(text)
            ]
        except module.LangDetectException:  # no features it knows: digits and symbols only
            return []


def normal_code(code: str) -> str:
    return _CODE_ALIASES.get(code, code)
