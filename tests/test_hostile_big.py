"""The hostile inputs whose cost is their size, each run alone: `bash tests/run.sh -m slow`.

Each must come out complete, and every job's exact peak memory (logged at exit) must stay under a
bound set about a fifth above what was measured, so a regression shows while a 2-core machine's
noise does not. Before the fixes they pin, segment took the 10 MB paragraph to 495 MiB and the
tables job ran for more than ten minutes on the million lines.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from docpipe_tools.hostile import (
    Case,
    big_cases,
    build_corpus,
    completeness,
    job_peaks,
    load_tables,
    outcome,
    problems,
    run_workflow,
)

pytestmark = pytest.mark.slow
CASES = {case.name: case for case in big_cases()}
# MiB, per rule: a fifth above the peaks measured on the 2-core development machine, with
# ingest (decode, paragraphs) and annotate (segment, tag) as jobs: on the 10 MB paragraph ingest
# 393, annotate 340, templates 201, tables 473, manifest 182, listing 25; on the million lines
# ingest 797, annotate 1,593 (it holds the million sentence and tag rows the tag job held, and
# the segment step's), templates 201, tables 2,146 (the page's million paragraph texts, zones and
# tags at once), manifest 182, listing 25.
BOUNDS = {
    "10 MB paragraph, no spaces": {"listing": 60, "ingest": 470, "annotate": 410,
                                   "templates": 240, "tables": 570, "manifest": 220},
    "a million one-word lines": {"listing": 60, "ingest": 960, "annotate": 1910,
                                 "templates": 240, "tables": 2580, "manifest": 220},
}  # fmt: skip


@pytest.fixture(scope="module", params=list(CASES))
def big_run(request, tmp_path_factory) -> tuple[Case, Path]:
    case = CASES[request.param]
    root = tmp_path_factory.mktemp("big")
    corpus = build_corpus(root / "corpus", [case])
    # Fifteen minutes for what takes about one: a quadratic stage would not finish.
    result = run_workflow(root / "work", corpus, "shards=1", timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return case, root / "work"


def test_the_big_input_is_a_complete_document(big_run) -> None:
    case, workdir = big_run
    tables = load_tables(workdir / "results")
    found = outcome(case, tables, completeness(tables))
    assert problems(case, found, tables) == []
    if case.name == "a million one-word lines":
        assert (found.paragraphs, found.sentences) == (1_000_000, 1_000_000)
    else:  # one paragraph, segmented in windows of at most segment.max_chars
        lengths = tables["sentences"].select(pl.col("end") - pl.col("start")).to_series()
        assert found.paragraphs == 1 and lengths.max() <= 100_000


def test_every_job_stays_under_its_memory_bound(big_run) -> None:
    case, workdir = big_run
    peaks = {rule: mib for (rule, _), mib in job_peaks(workdir).items()}
    assert set(peaks) == set(BOUNDS[case.name])
    over = {rule: mib for rule, mib in peaks.items() if mib > BOUNDS[case.name][rule]}
    assert over == {}, peaks
