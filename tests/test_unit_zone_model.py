"""Unit tests of the learned zone model: features, trees, decoder, model file, training."""

from __future__ import annotations

import json

import numpy as np
import pytest
from pages import ARTICLE, PAGE

from docpipe.text.zone_features import FEATURES, block_columns, block_features, page_stopwords
from docpipe.text.zone_model import (
    MODEL_BODY,
    Tree,
    ZoneModel,
    _forest,
    apply_model,
    load_model,
    shipped_model,
    viterbi,
)
from docpipe.text.zones import Zoned, classify_zones


def _tree_loop(tree: Tree, row: np.ndarray) -> float:
    node = 0
    while not tree.leaf[node]:
        node = (
            tree.left[node] if row[tree.feature[node]] <= tree.threshold[node] else tree.right[node]
        )
    return float(tree.value[node])


def _stump(feature: int, threshold: float, low: float, high: float) -> Tree:
    return Tree(
        np.array([feature, 0, 0]), np.array([threshold, 0.0, 0.0]), np.array([1, 0, 0]),
        np.array([2, 0, 0]), np.array([0.0, low, high]), np.array([False, True, True]),
    )  # fmt: skip


def test_features_are_one_row_per_block_in_order():
    rows = block_features(PAGE, [], classify_zones(PAGE))
    assert len(rows) == len(PAGE) and all(len(row) == len(FEATURES) for row in rows)
    named = dict(zip(FEATURES, rows[5], strict=True))
    assert named["rule_body"] == 1.0 and named["sentence_end"] == 1.0
    assert dict(zip(FEATURES, rows[0], strict=True))["menu_entry"] == 1.0


def test_apply_model_reads_the_same_matrix_from_columns_as_from_rows():
    # apply_model stacks block_columns into its matrix; training reads block_features' rows.
    rules = classify_zones(PAGE, [1])
    columns = block_columns(PAGE, [1], rules)
    stacked = np.array([columns[name] for name in FEATURES], dtype=float).T
    rows = np.asarray(block_features(PAGE, [1], rules), dtype=float)
    assert stacked.tobytes(order="C") == rows.tobytes(order="C")
    model = shipped_model()
    assert model is not None
    assert apply_model(model, PAGE, [1], rules) == apply_model(
        model, PAGE, [1], rules, block_features(PAGE, [1], rules)
    )


def test_page_stopwords_come_from_the_pages_longer_paragraphs():
    stopwords = page_stopwords([text.lower().split() for text in ARTICLE] + [["home"]])
    assert "the" in stopwords and "home" not in stopwords


def test_forest_matches_a_loop_over_each_tree():
    rng = np.random.default_rng(0)
    deep = Tree(
        np.array([0, 1, 0, 0, 0]), np.array([0.5, 0.2, 0.0, 0.0, 0.0]), np.array([1, 3, 0, 0, 0]),
        np.array([2, 4, 0, 0, 0]), np.array([0.0, 0.0, 1.5, -1.0, 2.0]),
        np.array([False, False, True, True, True]),
    )  # fmt: skip
    trees = (_stump(2, 0.3, -0.5, 0.5), deep)
    rows = rng.random((20, 3))
    expected = [sum(_tree_loop(t, row) for t in trees) for row in rows]
    assert np.allclose(_forest(trees).predict(rows), expected)


def _descend_by_level(forest, matrix: np.ndarray) -> np.ndarray:
    """The forest's first predict: a 2-D gather per array and a leaf test per level."""
    node = np.zeros((len(matrix), len(forest.feature)), dtype=int)
    blocks, rows = np.arange(len(matrix))[:, None], np.arange(len(forest.feature))[None, :]
    for _ in range(forest.depth):
        values = matrix[blocks, forest.feature[rows, node]]
        step = np.where(values <= forest.threshold[rows, node], forest.left[rows, node],
                        forest.right[rows, node])  # fmt: skip
        node = np.where(forest.leaf[rows, node], node, step)
    return forest.value[rows, node].sum(axis=1)


def test_shipped_forest_gives_the_log_odds_of_its_first_implementation_to_the_bit():
    model = shipped_model()
    if model is None or not model.trees:
        pytest.skip("no tree model ships")
    forest = _forest(model.trees)
    rng = np.random.default_rng(1)
    # Feature values of several scales, and every threshold itself (a value equal to a
    # threshold goes left), in random columns.
    matrix = rng.random((500, len(model.features))) * rng.choice([1, 4, 40], (500, 1))
    cuts = forest.threshold[~forest.leaf]
    columns = forest.feature[~forest.leaf]
    matrix[np.arange(len(cuts)) % 500, columns] = cuts
    expected = _descend_by_level(forest, matrix)
    assert np.array_equal(forest.predict(matrix), expected)
    assert np.array_equal(forest.predict(matrix[:1]), expected[:1])


def test_viterbi_pays_for_each_switch():
    emissions = np.array([[0.0, 3.0], [0.0, -0.5], [0.0, 3.0]])
    free = np.zeros((2, 2))
    costly = np.array([[0.0, -1.0], [-1.0, 0.0]])
    assert viterbi(emissions, free, np.zeros(2)) == [True, False, True]
    assert viterbi(emissions, costly, np.zeros(2)) == [True, True, True]


def _model(**kwargs) -> ZoneModel:
    # Body when the block has many words: a stump on log_words.
    index = FEATURES.index("log_words")
    return ZoneModel(features=FEATURES, baseline=0.0, trees=(_stump(index, 2.0, -3.0, 3.0),),
                     **kwargs)  # fmt: skip


def test_apply_model_keeps_rule_zones_it_is_told_to_keep():
    texts = ["Home", ARTICLE[0], "#1 Comment By Bob On March 3, 2020 @ 10:00 am", ARTICLE[1]]
    rules = [Zoned("navigation", "x"), Zoned("boilerplate", "x"), Zoned("comment", "x"),
             Zoned("comment", "x")]  # fmt: skip
    zones = apply_model(_model(keep_rule_zones=frozenset({"comment"})), texts, [], rules)
    assert zones == [rules[0], MODEL_BODY, rules[2], rules[3]]
    zones = apply_model(_model(keep_rule_zones=frozenset()), texts, [], rules)
    assert zones[3] == MODEL_BODY


def test_model_file_round_trips_and_rejects_other_formats():
    model = _model(switch_cost=0.5)
    loaded = load_model(model.to_json({"pages": 1}))
    rows = block_features(PAGE, [], classify_zones(PAGE))
    assert np.allclose(loaded.log_odds(rows), model.log_odds(rows))
    data = json.loads(model.to_json({}))
    with pytest.raises(ValueError, match="version"):
        load_model(json.dumps({**data, "version": 99}))
    with pytest.raises(ValueError, match="features differ"):
        load_model(json.dumps({**data, "features": ["log_words"]}))


def test_the_shipped_model_loads_and_has_trees():
    model = shipped_model()
    assert model is not None and model.trees
    assert model.features == FEATURES
