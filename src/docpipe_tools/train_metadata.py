"""Train the headline scorer (docpipe.text.headline) on pages with gold titles and write its
weights as the module docpipe.text.title_model. Deterministic: full-batch gradient descent from
zero weights.

The model is a conditional logit: on each page, a softmax over its title candidates' linear
scores, trained to put the probability on the candidate whose normalised text is the gold title
(pages where no candidate is are left out). Only pages of the training folds are read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from docpipe.text.headline import TitleModel, page_features
from docpipe.text.page import zones_and_metadata
from docpipe.text.zoning import zone_page
from docpipe_tools.evaluate_metadata import (
    Gold,
    PageScore,
    normalise,
    page_paragraphs,
    score_page,
    site_fold,
)

# L2 penalty and steps: on extract-train's site-grouped 5 folds, title accuracy moved by under
# 0.01 for l2 1e-4..1e-2 and 1,000..4,000 steps.
L2, STEPS, RATE = 1e-3, 2000, 0.5
# The title is null when the best candidate scores under this quantile of the gold headlines'
# scores on the training pages: a page with nothing like a headline gets no title.
NULL_QUANTILE = 0.01


Example = tuple[list[dict[str, float]], int]


def examples(
    pages: Sequence[tuple[Gold, str]], paragraphs: Mapping[str, list[str]],
    lines: Mapping[str, list[int]],
) -> list[Example]:  # fmt: skip
    """(features of every candidate, position of the gold headline) per page that has one;
    `paragraphs` and `lines` as evaluate_metadata.page_paragraphs gives them."""
    found = []
    for gold, _ in pages:
        if not gold.title:
            continue
        texts = paragraphs[gold.page]
        # The zones inference sees (docpipe.text.page.zones_and_metadata: rules and the learned
        # body model). Trained on the rules' zones, site-grouped 5-fold CV title was 0.754
        # (175/232); on these, 0.759 (176/232).
        zones = zone_page(texts, lines[gold.page])
        rows = page_features(texts, zones)
        target = normalise(gold.title)
        hits = [n for n, (index, _) in enumerate(rows) if normalise(texts[index]) == target]
        if hits:
            found.append(([features for _, features in rows], hits[0]))
    return found


def fit(data: Sequence[Example]) -> TitleModel:
    names = sorted({name for rows, _ in data for row in rows for name in row})
    matrix = np.array([[row.get(n, 0.0) for n in names] for rows, _ in data for row in rows])
    sizes = np.array([len(rows) for rows, _ in data])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    page_of = np.repeat(np.arange(len(data)), sizes)
    target = np.zeros(len(matrix))
    target[starts + np.array([label for _, label in data])] = 1.0
    weights = np.zeros(len(names))
    for _ in range(STEPS):
        scores = matrix @ weights
        scores -= np.maximum.reduceat(scores, starts)[page_of]
        exp = np.exp(scores)
        probability = exp / np.add.reduceat(exp, starts)[page_of]
        gradient = matrix.T @ (probability - target) / len(data) + L2 * weights
        weights -= RATE * gradient
    gold_scores = (matrix @ weights)[target == 1.0]
    threshold = float(np.quantile(gold_scores, NULL_QUANTILE)) if len(gold_scores) else -1e9
    rounded = {n: round(float(w), 4) for n, w in zip(names, weights, strict=True) if abs(w) > 1e-4}
    digest = hashlib.sha256(repr(sorted(rounded.items())).encode()).hexdigest()[:8]
    return TitleModel(rounded, round(threshold, 4), f"title-{digest}")


def train(pages: Sequence[tuple[Gold, str]]) -> TitleModel:
    paragraphs, lines = page_paragraphs({gold.page: dump for gold, dump in pages})
    return fit(examples(pages, paragraphs, lines))


def module_source(model: TitleModel, trained_on: str) -> str:
    """The text of docpipe/title_model.py for `model`."""
    weights = "".join(f'        "{name}": {value!r},\n' for name, value in model.weights.items())
    return (
        '"""Weights of the headline scorer (docpipe.text.headline): do not edit by hand.\n\n'
        f'Written by `docpipe train-metadata` from {trained_on}.\n"""\n\n'
        "from docpipe.text.headline import TitleModel\n\n"
        f"TITLE_MODEL = TitleModel(\n    weights={{\n{weights}    }},\n"
        f'    min_score={model.min_score!r},\n    version="{model.version}",\n)\n'
    )


def write_model(model: TitleModel, trained_on: str, path: Path) -> None:
    path.write_text(module_source(model, trained_on), encoding="utf-8")


def cross_validate(pages: Sequence[tuple[Gold, str]], folds: int) -> list[PageScore]:
    """Every page scored by a headline model trained on the other folds' sites only."""
    paragraphs, lines = page_paragraphs({gold.page: dump for gold, dump in pages})
    fold_of = {gold.page: site_fold(gold, folds) for gold, _ in pages}
    scores = []
    for fold in range(folds):
        held = [(gold, dump) for gold, dump in pages if fold_of[gold.page] == fold]
        trained = [(gold, dump) for gold, dump in pages if fold_of[gold.page] != fold]
        model = fit(examples(trained, paragraphs, lines))
        for gold, dump in held:
            _, metadata = zones_and_metadata(paragraphs[gold.page], lines[gold.page], model)
            scores.append(score_page(gold, dump, metadata))
    return sorted(scores, key=lambda s: s.page)
