"""The learned zone model: boosted trees over block features (docpipe.text.zone_features) and a
two-state Viterbi decoder over the page's blocks, body or not.

The weights are a small JSON file shipped in the package (zone_model.json), written by
`docpipe train-zones` (docpipe_tools.train_zones) from the labelled pages of ../shared/eval and
read here with numpy alone. The rules of docpipe.text.zones still give every block that is not
body its zone (title, byline, caption, comment, related...), and the zones named in the model's
`keep_rule_zones` stay as the rules say whatever the model scores (the comment section, by
default, so that a reader's long comment never becomes body).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from docpipe.text.words import word_count
from docpipe.text.zone_features import FEATURES, block_columns
from docpipe.text.zones import Zoned

FORMAT = "docpipe-zone-model"
FORMAT_VERSION = 1
MODEL_FILE = "zone_model.json"
MODEL_BODY = Zoned("body", "zone_model")
MODEL_NOT_BODY = Zoned("boilerplate", "zone_model_not_body")


@dataclass(frozen=True, eq=False)
class Tree:
    """One regression tree as parallel node arrays: a node goes left when its feature is at
    most its threshold; a leaf's value is added to the block's score."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    leaf: np.ndarray


class Forest:
    """Trees padded into (trees, nodes) arrays, so that all blocks descend all trees at once:
    one numpy step per level (38 -> 1 ms a page against a loop over 200 trees). Nodes are
    numbered across the trees (tree * width + node) and a leaf's children are itself, so a level
    is four flat gathers and a comparison, with no test for leaves: 2.97 -> 1.41 ms for a page
    of 200 blocks; the tables job on the 333 pages of extract-train and extract-dev (4 shards,
    memo off, best of 3, idle) 4.63 -> 3.86 s CPU, every table the same bytes."""

    def __init__(self, trees: Sequence[Tree]) -> None:
        width = max(len(tree.feature) for tree in trees)

        def stack(name: str, fill) -> np.ndarray:
            columns = [getattr(tree, name) for tree in trees]
            return np.array([np.pad(c, (0, width - len(c)), constant_values=fill) for c in columns])

        self.feature, self.threshold = stack("feature", 0), stack("threshold", 0.0)
        self.left, self.right = stack("left", 0), stack("right", 0)
        self.value, self.leaf = stack("value", 0.0), stack("leaf", True)
        self.depth = _depth(trees)
        node = np.arange(width)[None, :]
        offset = np.arange(len(trees))[:, None] * width
        left = np.where(self.leaf, node, self.left) + offset
        right = np.where(self.leaf, node, self.right) + offset
        # Node n lives in slots 2n and 2n + 1: both hold its feature and threshold, slot 2n its
        # right child and 2n + 1 its left (as slots), so a level steps to
        # children[slot + (value <= threshold)], and a NaN goes right as before.
        self._feature = np.repeat(self.feature.ravel(), 2)
        self._threshold = np.repeat(self.threshold.ravel(), 2)
        self._children = np.stack([2 * right.ravel(), 2 * left.ravel()], axis=1).ravel()
        self._value = np.repeat(self.value.ravel(), 2)
        self._roots = 2 * offset.ravel()

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        """Sum of the trees' leaf values per row. Row i's feature f is read as flat[i * width +
        f], and every read is a 1-d take, not take_along_axis (which builds index grids on every
        call) nor fancy indexing: predict on the pages of 1,000 generated and 333 real pages
        took 0.90 -> 0.29 s CPU, the same bits."""
        matrix = np.ascontiguousarray(matrix)
        flat = matrix.ravel()
        rows = (np.arange(len(matrix)) * matrix.shape[1])[:, None]
        slot = np.broadcast_to(self._roots, (len(matrix), len(self._roots)))
        for _ in range(self.depth):
            values = flat.take(self._feature.take(slot) + rows)
            slot = self._children.take(slot + (values <= self._threshold.take(slot)))
        return self._value.take(slot).sum(axis=1)


def _depth(trees: Sequence[Tree]) -> int:
    """Levels below the root of the deepest tree."""
    deepest = 0
    for tree in trees:
        level = {0: 0}
        for node in range(len(tree.feature)):
            if not tree.leaf[node]:
                for child in (tree.left[node], tree.right[node]):
                    level[int(child)] = level[node] + 1
        deepest = max(deepest, *level.values())
    return deepest


@dataclass(frozen=True)
class ZoneModel:
    """Boosted trees over FEATURES (`trees`, their sum plus `baseline` is a block's log-odds
    of being body) or, without trees, a logistic regression over standardised features.
    `switch_cost`: what the decoder pays for each change between body and not body, against
    blocks' log-odds weighted by log(1 + words) (0: every block decides alone)."""

    features: tuple[str, ...]
    baseline: float
    trees: tuple[Tree, ...] = ()
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None
    weights: np.ndarray | None = None
    switch_cost: float = 0.0
    keep_rule_zones: frozenset[str] = frozenset({"comment"})

    def log_odds(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        if not len(rows):
            return np.zeros(0)
        matrix = np.asarray(rows, dtype=float)
        if not self.trees:
            return (matrix - self.mean) / self.scale @ self.weights + self.baseline
        return self.baseline + _forest(self.trees).predict(matrix)

    def decode(self, log_odds: np.ndarray, sizes: np.ndarray) -> list[bool]:
        """Body or not per block: the labelling that maximises the body blocks' weighted
        log-odds minus switch_cost per change of state (a two-state Viterbi)."""
        if self.switch_cost <= 0 or not len(log_odds):
            return [bool(value >= 0) for value in log_odds]
        emissions = np.stack([np.zeros(len(log_odds)), log_odds * sizes], axis=1)
        switch = np.array([[0.0, -self.switch_cost], [-self.switch_cost, 0.0]])
        return viterbi(emissions, switch, np.zeros(2))

    def to_json(self, trained_on: dict) -> str:
        data: dict = {"format": FORMAT, "version": FORMAT_VERSION, "features": list(self.features),
                      "baseline": round(float(self.baseline), 8), "switch_cost": self.switch_cost,
                      "keep_rule_zones": sorted(self.keep_rule_zones)}  # fmt: skip
        if self.trees:
            data["trees"] = [_tree_json(tree) for tree in self.trees]
        else:
            data.update(mean=_round(self.mean), scale=_round(self.scale),
                        weights=_round(self.weights))  # fmt: skip
        data["trained_on"] = trained_on
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _round(values) -> list[float]:
    return [round(float(v), 8) for v in values]


def _tree_json(tree: Tree) -> dict[str, list]:
    return {
        "feature": tree.feature.tolist(), "threshold": _round(tree.threshold),
        "left": tree.left.tolist(), "right": tree.right.tolist(),
        "value": _round(tree.value), "leaf": tree.leaf.astype(int).tolist(),
    }  # fmt: skip


def _tree(data: dict[str, list]) -> Tree:
    return Tree(
        np.asarray(data["feature"], dtype=int), np.asarray(data["threshold"], dtype=float),
        np.asarray(data["left"], dtype=int), np.asarray(data["right"], dtype=int),
        np.asarray(data["value"], dtype=float), np.asarray(data["leaf"], dtype=bool),
    )  # fmt: skip


@lru_cache(maxsize=8)
def _forest(trees: tuple[Tree, ...]) -> Forest:
    return Forest(trees)


def viterbi(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray) -> list[bool]:
    """Best state path (True: state 1) for (blocks, 2) emission log-scores. Plain floats: two
    states make numpy's per-call overhead the whole cost (a page of 250 blocks: 8 -> 0.3 ms)."""
    (t00, t01), (t10, t11) = transitions.tolist()
    rows = emissions.tolist()
    off, on = start[0] + rows[0][0], start[1] + rows[0][1]
    back: list[tuple[int, int]] = [(0, 1)]
    for not_body, body in rows[1:]:
        from_off, from_on = off + t00, on + t10
        to_off = (0, from_off) if from_off >= from_on else (1, from_on)
        from_off, from_on = off + t01, on + t11
        to_on = (0, from_off) if from_off >= from_on else (1, from_on)
        back.append((to_off[0], to_on[0]))
        off, on = to_off[1] + not_body, to_on[1] + body
    state = 0 if off >= on else 1
    path = [state]
    for index in range(len(rows) - 1, 0, -1):
        state = back[index][state]
        path.append(state)
    return [bool(s) for s in reversed(path)]


def load_model(text: str) -> ZoneModel:
    """A ZoneModel from the JSON `to_json` writes; a clear error for another format, version
    or feature list (a model trained for other features cannot be applied)."""
    data = json.loads(text)
    if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise ValueError(
            f"zone model: expected format {FORMAT} version {FORMAT_VERSION}, got "
            f"{data.get('format')!r} version {data.get('version')!r}; retrain with "
            "`docpipe train-zones`"
        )
    if tuple(data["features"]) != FEATURES:
        raise ValueError("zone model: its features differ from this docpipe's; retrain it")
    linear = {
        key: np.asarray(data[key], dtype=float) for key in ("mean", "scale", "weights")
        if key in data
    }  # fmt: skip
    return ZoneModel(
        features=tuple(data["features"]),
        baseline=float(data["baseline"]),
        trees=tuple(_tree(tree) for tree in data.get("trees", ())),
        switch_cost=float(data["switch_cost"]),
        keep_rule_zones=frozenset(data["keep_rule_zones"]),
        **linear,
    )


@lru_cache(maxsize=1)
def shipped_model() -> ZoneModel | None:
    """The model in the package, or None when none ships (the rules zone alone)."""
    path = resources.files("docpipe.text").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return load_model(path.read_text(encoding="utf-8"))


def apply_model(
    model: ZoneModel,
    texts: Sequence[str],
    template: Collection[int],
    rules: Sequence[Zoned],
    features: Sequence[Sequence[float]] | None = None,
) -> list[Zoned]:
    """The rules' zones with body decided by the model: a block the model calls body is body
    (unless its rule zone is kept), and a rule-body block the model rejects is boilerplate.
    `features`: the blocks' block_features, when already computed."""
    if features is None and texts:
        # The columns stacked into the matrix log_odds reads, not turned into rows of Python
        # lists first (the gain is given in zone_features.block_columns), the same floats.
        column = block_columns(texts, template, rules)
        features = np.array([column[name] for name in FEATURES], dtype=float).T
    elif features is None:
        features = []
    sizes = np.log1p([word_count(text) for text in texts])
    body = model.decode(model.log_odds(features), sizes)
    zones = []
    for zoned, is_body in zip(rules, body, strict=True):
        if zoned.zone in model.keep_rule_zones:
            zones.append(zoned)
        elif is_body:
            zones.append(zoned if zoned.zone == "body" else MODEL_BODY)
        else:
            zones.append(MODEL_NOT_BODY if zoned.zone == "body" else zoned)
    return zones
