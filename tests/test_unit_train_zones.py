"""Unit tests of the zone model's training tools (docpipe_tools.train_zones, zone_data, zone_cv)
on small synthetic labelled folders."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from pages import ARTICLE, PAGE

from docpipe_tools.cli import main
from docpipe_tools.train_zones import TrainOptions, cross_validate, fit_logistic, fold_of, train
from docpipe_tools.zone_cv import breakdown, scores_of
from docpipe_tools.zone_data import label_blocks, load_folder

MENUS = [["Home", "World", "Politics"], ["Start", "Sport", "Weather"], ["Index", "Arts", "Food"]]


def _folder(root: Path, pages: int = 6) -> Path:
    """Synthetic news pages of three sites, gold = the article, with meta.json files."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(pages):
        menu = MENUS[n % 3]
        page = [*menu, *PAGE[3:]]
        article = [f"{text} Page {n}." for text in ARTICLE]
        page[5], page[6], page[8] = article
        (root / f"p{n}.txt").write_text("\n\n".join(page) + "\n", encoding="utf-8")
        (root / f"p{n}.gold.txt").write_text("\n\n".join(article) + "\n", encoding="utf-8")
        meta = {"source": "synthetic", "site": f"site{n % 3}.example", "language": "en"}
        (root / f"p{n}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def test_blocks_are_labelled_by_their_overlap_with_the_gold():
    gold = "A first paragraph of the article body.\n\nSubheading\n\nAnother paragraph here."
    texts = ["Home", "A first paragraph of the article body.", "Subheading", "Share",
             "Another paragraph here, and more words than the gold has."]  # fmt: skip
    assert label_blocks(texts, gold) == [False, True, True, False, False]


def test_folds_follow_the_site_and_never_split_it():
    assert fold_of("example.com", 5) == fold_of("example.com", 5)
    assert {fold_of(f"site{n}", 5) for n in range(50)} == set(range(5))


def test_logistic_regression_separates_a_separable_set():
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    weights, bias = fit_logistic(x, np.array([0.0, 0.0, 1.0, 1.0]), np.full(4, 0.25), 0.01)
    assert weights[0] > 0 and (x[:, 0] * weights[0] + bias > 0).tolist() == [0, 0, 1, 1]


def test_load_folder_reads_meta_and_labels_the_article(tmp_path: Path):
    pages = load_folder(_folder(tmp_path / "set"))
    assert [p.page for p in pages] == [f"p{n}" for n in range(6)]
    assert {p.site for p in pages} == {"site0.example", "site1.example", "site2.example"}
    assert [i for i, label in enumerate(pages[0].labels) if label] == [5, 6, 8]
    assert pages[0].template  # the menus recur on two pages of each site


def test_cross_validation_scores_every_page_from_other_sites(tmp_path: Path):
    pages = load_folder(_folder(tmp_path / "set"))
    bodies = cross_validate(pages, 3, None)
    assert sorted(bodies) == [p.page for p in pages]
    lines = breakdown(pages, {"rules": scores_of(pages, bodies)}, lambda p: p.source)
    assert lines[1].split()[:2] == ["all", "6"] and lines[2].startswith("synthetic")
    model = train(pages, TrainOptions(kind="linear"))
    assert model.weights is not None and len(model.weights) == len(model.features)


def test_train_zones_command_is_deterministic(tmp_path: Path, capsys):
    eval_dir = tmp_path / "eval"
    _folder(eval_dir / "one")
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        args = [str(eval_dir), "--folders", "one", "--out", str(out), "--cv", "3"]
        assert main(["train-zones", *args]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    data = json.loads(outs[0].read_text())
    assert data["trained_on"]["pages"] == 6 and data["trees"]
    assert "site-grouped 3-fold cross-validation: 6 pages of 3 sites" in capsys.readouterr().out
    text = outs[0].read_text()
    assert "Page 0" not in text and "Researchers" not in text  # weights, never page text


def test_grouped_report_reads_meta_per_page(tmp_path: Path):
    from docpipe_tools.evaluate_extraction import PageScore, grouped_report

    folder = _folder(tmp_path / "set", pages=3)
    (folder / "p2.meta.json").unlink()  # no meta: the folder name and "unknown"
    scores = [PageScore("p0", 1.0, 1.0), PageScore("p1", 0.5, 0.5), PageScore("p2", None, 0.0)]
    lines = grouped_report(folder, scores)
    assert lines[0] == "by source:" and "set" in lines[1] and "synthetic" in lines[2]
    assert any(line.split()[0] == "en" and "pages=   2" in line for line in lines)
    assert any(line.split()[0] == "unknown" for line in lines)
