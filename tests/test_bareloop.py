"""The benchmark's bare loop makes the same rows as the workflow, so the two do the same work."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import yaml
from conftest import REPO, SEEDS, run_workflow
from docpipe.schemas import FINAL_TABLES

from docpipe_tools import bareloop, corpus
from docpipe_tools.bareloop import Settings, main, run_bare

CONFIG = yaml.safe_load((REPO / "config" / "config.yaml").read_text(encoding="utf-8"))


def _keys(table: str) -> list[str]:
    return list(FINAL_TABLES[table].to_schema().unique)


def _differences(bare: Path, workdir: Path) -> list[str]:
    """The final tables whose rows differ between the bare loop and the workflow."""
    differ = []
    for table in FINAL_TABLES:
        ours = pl.read_parquet(bare / f"{table}.parquet").sort(_keys(table))
        workflow = pl.read_parquet(workdir / "results" / "tables" / table / "*.parquet")
        if ours.columns != workflow.columns or not ours.equals(workflow.sort(_keys(table))):
            differ.append(table)
    return differ


@pytest.fixture(scope="module")
def generated_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The workflow on 40 generated pages (sites that share template lines, comments, seven
    languages) in 3 shards: (corpus, workdir)."""
    root = tmp_path_factory.mktemp("bareloop")
    pages = root / "corpus"
    corpus.make_corpus(pages, 40, seed=3)
    run_workflow(root / "work", "-c2", "--config", f"input_dir={pages}", "shards=3")
    return pages, root / "work"


def test_bare_loop_tables_equal_the_workflow_tables_on_generated_pages(generated_run, tmp_path):
    pages, workdir = generated_run
    # Batches of 7: several batches, each clearing the tagger's cache.
    seconds = run_bare(pages, tmp_path / "bare", Settings.from_config(CONFIG), batch=7)
    assert _differences(tmp_path / "bare", workdir) == []
    assert {"list+decode", "language", "templates", "parquet"} <= set(seconds)
    # The comparison covers the site template: some paragraphs are template lines...
    paragraphs = pl.read_parquet(tmp_path / "bare" / "paragraphs.parquet")
    assert paragraphs.filter(pl.col("zone_reason") == "repeated_in_site").height > 0


def test_the_comparison_fails_when_the_bare_loop_ignores_the_template(
    generated_run, tmp_path, monkeypatch
):
    # ...and a bare loop without it would not pass: the equality test above can fail.
    pages, workdir = generated_run
    monkeypatch.setattr(bareloop, "site_templates", lambda lines, min_pages: {})
    run_bare(pages, tmp_path / "bare", Settings.from_config(CONFIG))
    assert {"paragraphs", "documents"} <= set(_differences(tmp_path / "bare", workdir))


def test_bare_loop_tables_equal_the_workflow_tables_on_the_seeds(seeds_run, tmp_path) -> None:
    run_bare(SEEDS, tmp_path / "bare", Settings.from_config(CONFIG), batch=2)
    assert _differences(tmp_path / "bare", seeds_run) == []


def test_bare_loop_tables_equal_the_workflow_tables_on_hostile_files(hostile_run, tmp_path):
    run_bare(hostile_run.parent / "corpus", tmp_path / "bare", Settings.from_config(CONFIG))
    assert _differences(tmp_path / "bare", hostile_run) == []


def test_bare_loop_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SEEDS), str(tmp_path), "--configfile", str(REPO / "config/config.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "step\twall_s\tcpu_s"
    assert any(line.startswith("language\t") for line in lines)
    assert pl.read_parquet(tmp_path / "documents.parquet").height == 3
