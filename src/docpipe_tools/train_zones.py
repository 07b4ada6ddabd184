"""Train the zone model (docpipe.text.zone_model) on labelled pages; cross-validate it by site.

Training is deterministic: boosted trees without subsampling or early stopping (or, as a
variant, a logistic regression fitted by Newton's method), folds chosen by a hash of the site.
Pages are weighted equally (each page's block weights sum to one, a block's share growing with
its words), as the benchmark's metric averages pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from docpipe.text.furniture import is_plain_document
from docpipe.text.zone_features import FAMILIES, FEATURES
from docpipe.text.zone_model import Tree, ZoneModel, apply_model
from docpipe.text.zoning import zone_page
from docpipe_tools.zone_data import LabelledPage

# L2 penalty on the standardised weights of the linear variant.
L2 = 1.0
NEWTON_STEPS = 25
# Boosted trees: site-grouped 5-fold CV on extract-dev + extract-train gave F1 0.910-0.913 for
# 200-300 rounds of depth 3-unbounded; depth 4 keeps the shipped file small.
TREE_ROUNDS = 200
TREE_DEPTH = 4
LEARNING_RATE = 0.1
# The decoder's cost per switch between body and not body (in log-odds times log(1 + words)):
# on the same CV, 0 and 0.5 tie on F1 (0.913) with 0.5 the more precise; 2 and more lose recall.
SWITCH_COST = 0.5


# Zones the rules decide whatever the model says: the comment section and a related story after
# its marker (prose the model would take for the article: the Duran seed's appended story), the
# footer, and the headline, byline and captions that metadata reads (the gold bodies leave them
# out too). On the site-grouped CV, F1 is 0.913 whether none, only comments or all of these are
# kept; keeping related and footer raises precision 0.903 -> 0.909 (recall 0.923 -> 0.918).
KEEP_RULE_ZONES = frozenset({"comment", "related", "footer", "title", "byline", "caption"})


@dataclass(frozen=True)
class TrainOptions:
    families: tuple[str, ...] = tuple(FAMILIES)
    kind: str = "trees"  # or "linear": a logistic regression
    switch_cost: float = SWITCH_COST
    keep_rule_zones: frozenset[str] = field(default_factory=lambda: KEEP_RULE_ZONES)


def _mask(families: Sequence[str]) -> np.ndarray:
    used = {name for family in families for name in FAMILIES[family]}
    return np.array([name in used for name in FEATURES])


def block_weights(page: LabelledPage) -> np.ndarray:
    """Weights of a page's blocks summing to one: 1 + log(1 + words) each, so that long
    paragraphs count more without one page's many menu lines outweighing another page
    (weighting by words instead moved CV F1 by under 0.002)."""
    sizes = np.array([1.0 + row[FEATURES.index("log_words")] for row in page.features])
    return sizes / sizes.sum() if len(sizes) else sizes


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float):
    """(weights, bias) minimising the weighted log-loss plus l2 * |weights|^2 / 2."""
    design = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        gradient = design.T @ (w * (p - y)) + penalty * beta
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def fit_trees(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, tuple[Tree, ...]]:
    """Gradient-boosted trees by scikit-learn (a training-only dependency), exported as node
    arrays. No early stopping and no subsampling: the fit is deterministic."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    booster = HistGradientBoostingClassifier(
        max_iter=TREE_ROUNDS, max_depth=TREE_DEPTH, learning_rate=LEARNING_RATE,
        early_stopping=False, random_state=0,
    ).fit(x, y.astype(int), sample_weight=w * len(w))  # fmt: skip
    trees = []
    for (predictor,) in booster._predictors:
        nodes = predictor.nodes
        trees.append(
            Tree(
                nodes["feature_idx"].astype(int),
                nodes["num_threshold"].astype(float),
                nodes["left"].astype(int),
                nodes["right"].astype(int),
                nodes["value"].astype(float),
                nodes["is_leaf"].astype(bool),
            )
        )
    return float(np.ravel(booster._baseline_prediction)[0]), tuple(trees)


def train(pages: Sequence[LabelledPage], options: TrainOptions = TrainOptions()) -> ZoneModel:
    rows = np.array([row for page in pages for row in page.features], dtype=float)
    labels = np.array([label for page in pages for label in page.labels], dtype=float)
    weights = np.concatenate([block_weights(page) for page in pages])
    mask = _mask(options.families)
    common = {"features": FEATURES, "switch_cost": options.switch_cost,
              "keep_rule_zones": options.keep_rule_zones}  # fmt: skip
    if options.kind == "trees":
        baseline, trees = fit_trees(np.where(mask, rows, 0.0), labels, weights)
        return ZoneModel(baseline=baseline, trees=trees, **common)
    mean = np.where(mask, rows.mean(axis=0), 0.0)
    scale = np.where(mask, rows.std(axis=0), 1.0)
    scale[scale < 1e-9] = 1.0
    coef, bias = fit_logistic(((rows - mean) / scale)[:, mask], labels, weights, L2)
    full = np.zeros(len(FEATURES))
    full[mask] = coef
    return ZoneModel(baseline=bias, mean=mean, scale=scale, weights=full, **common)


def fold_of(site: str, folds: int) -> int:
    """A site's fold: a hash of its name, so a site is never both trained on and scored."""
    return int.from_bytes(hashlib.sha256(site.encode("utf-8")).digest()[:8], "big") % folds


def body_of(page: LabelledPage, model: ZoneModel | None) -> str:
    """The page's body as the pipeline gives it with `model` (None: the rules alone)."""
    zones = zone_page(page.texts, page.template, model=None)
    if model is not None and not is_plain_document(page.texts, page.template):
        zones = apply_model(model, page.texts, page.template, page.rules, page.features)
    return "\n\n".join(t for t, z in zip(page.texts, zones, strict=True) if z.zone == "body")


def cross_validate(
    pages: Sequence[LabelledPage],
    folds: int,
    options: TrainOptions | None = TrainOptions(),
    fits: dict | None = None,
) -> dict[str, str]:
    """page -> body, each page's from a model trained on the other folds' sites (options None:
    the rules alone, on the same pages). `fits`: fitted models to reuse across variants that
    differ only in decoding (switch cost, kept rule zones)."""
    bodies: dict[str, str] = {}
    fits = {} if fits is None else fits
    for fold in range(folds):
        scored = [p for p in pages if fold_of(p.site, folds) == fold]
        if not scored:
            continue
        model = None
        if options is not None:
            key = (folds, fold, options.families, options.kind)
            if key not in fits:
                fits[key] = train([p for p in pages if fold_of(p.site, folds) != fold], options)
            model = replace(
                fits[key],
                switch_cost=options.switch_cost,
                keep_rule_zones=options.keep_rule_zones,
            )
        for page in scored:
            bodies[page.page] = body_of(page, model)
    return bodies


def ablations() -> dict[str, TrainOptions | None]:
    """The variants `docpipe train-zones --ablation` scores on the same folds, the most telling
    first (each costs five fits)."""
    full = TrainOptions()
    variants: dict[str, TrainOptions | None] = {"rules alone (no model)": None, "model": full}
    variants["model, only comment zones kept"] = replace(
        full, keep_rule_zones=frozenset({"comment"})
    )
    variants["model, related and footer not kept"] = replace(
        full, keep_rule_zones=KEEP_RULE_ZONES - {"related", "footer"}
    )
    variants["model, no rule zone kept"] = replace(full, keep_rule_zones=frozenset())
    variants["model, each block alone (no Viterbi)"] = replace(full, switch_cost=0.0)
    variants["model, switch cost 2"] = replace(full, switch_cost=2.0)
    ordered = ("rules", "rule_context", "template", "words", "neighbours", "web", "position",
               "shape")  # fmt: skip
    for family in ordered:
        kept = tuple(f for f in FAMILIES if f != family)
        variants[f"model without {family} features"] = replace(full, families=kept)
    variants["model, linear (logistic regression)"] = replace(full, kind="linear")
    return variants
