"""Quality gates on labelled data beside the repo (../shared/eval): skipped where it is absent,
failed instead in CI (tests/conftest.py, eval_data)."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO, SHARED_EVAL

from docpipe.text.language import LanguageSettings
from docpipe_tools.evaluate_language import TARGETS, evaluate, load_items

LANG_ITEMS = SHARED_EVAL / "lang-dev" / "items.jsonl"
EXTRACT_DEV = SHARED_EVAL / "extract-dev"
# Pinned just under what the zone classifier measures on extract-dev (P 0.931, R 0.938, F1 0.935
# on 59 pages, `docpipe eval-extract`): a drop below fails CI; raise them as it improves.
EXTRACTION_FLOORS = {"precision": 0.92, "recall": 0.93, "f1": 0.925}


@pytest.mark.eval_data("lang-dev/items.jsonl")
def test_language_tags_meet_pinned_floors() -> None:
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    by_bucket, _, _, _ = evaluate(
        load_items(LANG_ITEMS), LanguageSettings.from_config(config["language"])
    )
    for bucket, (answered, accuracy) in TARGETS.items():
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


EXTRACT_TRAIN = SHARED_EVAL / "extract-train"
# Pinned just under `docpipe eval-metadata` on extract-train (274 pages, the headline model's own
# training pages, so a development figure: title 0.784, author 0.584, date P 0.939 / R 0.702;
# site-grouped 5-fold CV of the headline model is in docs/metadata.md). extract-dev has no gold
# metadata (<id>.meta.json); it is scored when it has.
METADATA_FLOORS = {"title": 0.77, "author": 0.57, "date_P": 0.93, "date_R": 0.69}


@pytest.mark.parametrize("folder", [EXTRACT_DEV, EXTRACT_TRAIN], ids=["extract-dev", "train"])
def test_metadata_meets_pinned_floors(folder) -> None:
    from docpipe_tools.evaluate_metadata import evaluate, summary

    if not any(folder.glob("*.meta.json")):
        pytest.skip(f"no <id>.meta.json in ../shared/eval/{folder.name}")
    rates = summary(evaluate(folder))
    print(folder.name, rates)
    for field, floor in METADATA_FLOORS.items():
        rate, scored = rates[field]
        assert scored >= 100, field
        assert rate is not None and rate >= floor, (field, rate)
