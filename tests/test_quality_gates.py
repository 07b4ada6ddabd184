"""Quality gates on labelled data beside the repo (../shared/eval): skipped where it is absent,
failed instead in CI (tests/conftest.py, eval_data)."""

from __future__ import annotations

import pytest
from conftest import REPO, SHARED_EVAL

from docpipe.config import load_config
from docpipe.text.language import LanguageSettings
from docpipe_tools.evaluate_language import TARGETS, evaluate, load_items

LANG_ITEMS = SHARED_EVAL / "lang-dev" / "items.jsonl"
EXTRACT_DEV = SHARED_EVAL / "extract-dev"
EXTRACT_TRAIN = SHARED_EVAL / "extract-train"
# Pinned just under what the pipeline measures on extract-dev (`docpipe eval-extract`; the zone
# model is trained on these pages, so this is a development figure that guards against breakage,
# not a quality claim; in-process it measures P 0.961 R 0.961 F1 0.961, the rules alone 0.935):
# a drop below fails CI; raise them as it improves.
EXTRACTION_FLOORS = {"precision": 0.945, "recall": 0.945, "f1": 0.95}
# Pinned just under the site-grouped 5-fold cross-validation of the zone model on extract-dev +
# extract-train (`docpipe eval-extract --cv 5`): the quality figure. The rules alone score 0.899
# on the same folds; the model must stay above them.
CV_FLOORS = {"precision": 0.90, "recall": 0.91, "f1": 0.905}


# The fast profile (config/fast.yaml: py3langid alone) has no targets of its own: pinned just
# under what it measures on lang-dev (answered share, accuracy): short 0.830 / 0.9810, medium
# 0.961 / 0.9950, para 0.992 / 0.9957.
FAST_LANGUAGE_FLOORS = {"short": (0.82, 0.975), "medium": (0.95, 0.99), "para": (0.985, 0.99)}


@pytest.mark.eval_data("lang-dev/items.jsonl")
@pytest.mark.parametrize(
    ("profiles", "floors"),
    [([], TARGETS), (["fast.yaml"], FAST_LANGUAGE_FLOORS)],
    ids=["default", "fast"],
)
def test_language_tags_meet_pinned_floors(profiles, floors) -> None:
    config = load_config(
        [REPO / "config" / "config.yaml", *(REPO / "config" / p for p in profiles)]
    )
    by_bucket, _, _, _ = evaluate(
        load_items(LANG_ITEMS), LanguageSettings.from_config(config["language"])
    )
    for bucket, (answered, accuracy) in floors.items():
        score = by_bucket[bucket]
        print(f"{bucket}: answered {score.answered_share:.3f}, accuracy {score.accuracy:.4f}")
        assert score.answered_share >= answered, bucket
        assert score.accuracy >= accuracy, bucket


@pytest.mark.eval_data("extract-dev")
def test_article_extraction_meets_pinned_floors() -> None:
    from docpipe_tools.evaluate_extraction import evaluate_folder, means

    scores = evaluate_folder(EXTRACT_DEV, REPO / "Snakefile", cores=2)
    precision, recall, f1 = means(scores)
    print(f"extract-dev: pages={len(scores)} P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    assert len(scores) == 59
    assert precision >= EXTRACTION_FLOORS["precision"]
    assert recall >= EXTRACTION_FLOORS["recall"]
    assert f1 >= EXTRACTION_FLOORS["f1"]


# Pinned just under `docpipe eval-metadata` on extract-train (274 pages, the headline model's own
# training pages, so a development figure: title 0.802, author 0.807, date P 0.958 / R 0.803;
# site-grouped 5-fold CV of the headline model is in docs/metadata.md). Retraining the zone model
# alone moves the title by about 0.01 either way (docs/evaluation.md): the title's floor sits that
# far under it. extract-dev has no gold metadata (<id>.meta.json); it is scored when it has.
METADATA_FLOORS = {"title": 0.78, "author": 0.79, "date_P": 0.94, "date_R": 0.78}


@pytest.mark.parametrize(
    ("folder", "gold_required"),
    [
        pytest.param(EXTRACT_DEV, False, marks=pytest.mark.eval_data("extract-dev")),
        pytest.param(EXTRACT_TRAIN, True, marks=pytest.mark.eval_data("extract-train")),
    ],
    ids=["extract-dev", "train"],
)
def test_metadata_meets_pinned_floors(folder, gold_required) -> None:
    from docpipe_tools.evaluate_metadata import evaluate, summary

    # extract-train carries gold metadata: a folder without it is broken data, not a reason to
    # skip the gate unseen; extract-dev is scored once it has some.
    if not any(folder.glob("*.meta.json")):
        assert not gold_required, f"no <id>.meta.json in ../shared/eval/{folder.name}"
        pytest.skip(f"no <id>.meta.json in ../shared/eval/{folder.name}")
    rates = summary(evaluate(folder))
    print(folder.name, rates)
    for field, floor in METADATA_FLOORS.items():
        rate, scored = rates[field]
        assert scored >= 100, field
        assert rate is not None and rate >= floor, (field, rate)


@pytest.mark.eval_data("extract-dev", "extract-train")
def test_zone_model_cross_validated_by_site_meets_pinned_floors() -> None:
    pytest.importorskip("sklearn", reason="scikit-learn (dev dependency) fits the zone model")
    from docpipe_tools.evaluate_extraction import means
    from docpipe_tools.train_zones import TrainOptions, cross_validate
    from docpipe_tools.zone_cv import load_pages, scores_of

    pages = load_pages([EXTRACT_DEV, EXTRACT_TRAIN])
    model = means(scores_of(pages, cross_validate(pages, 5, TrainOptions())))
    rules = means(scores_of(pages, cross_validate(pages, 5, None)))
    print(f"CV model P={model[0]:.3f} R={model[1]:.3f} F1={model[2]:.3f}; rules F1={rules[2]:.3f}")
    assert len(pages) == 333
    assert model[0] >= CV_FLOORS["precision"]
    assert model[1] >= CV_FLOORS["recall"]
    assert model[2] >= CV_FLOORS["f1"]
    assert model[2] > rules[2]
