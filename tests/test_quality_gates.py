"""Quality gates on labelled data beside the repo (../shared/eval); skipped where it is absent."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO, SHARED_EVAL

from docpipe.evaluate_language import TARGETS, evaluate, load_items
from docpipe.language import LanguageSettings

LANG_ITEMS = SHARED_EVAL / "lang-dev" / "items.jsonl"


@pytest.mark.skipif(
    not LANG_ITEMS.is_file(), reason="../shared/eval/lang-dev is not beside the repo"
)
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
