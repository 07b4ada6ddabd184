"""Runs that must stop before they change anything: an input folder that is empty, missing or
lost most of its documents (issue 16, defect 3), and outputs whose bytes are not those their
jobs wrote (defect 5)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, run_workflow


def _results_state(workdir: Path) -> dict[str, bytes]:
    """Every file below results/ (the reuse cache and listings too), by relative path."""
    results = workdir / "results"
    return {p.relative_to(results).as_posix(): p.read_bytes() for p in sorted(results.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the seeds, built."""
    root = tmp_path_factory.mktemp("refused")
    corpus, workdir = root / "corpus", root / "work"
    shutil.copytree(SEEDS, corpus)
    run_workflow(workdir, "-c2", input_dir=corpus)
    return corpus, workdir


@pytest.fixture
def damageable(built_once: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """The built seeds' corpus, and a copy of their working directory for one test: its
    listings name the same files, so it is up to date."""
    workdir = tmp_path / "work"
    shutil.copytree(built_once[1], workdir, symlinks=True)
    return built_once[0], workdir


@pytest.fixture
def built(built_once: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the built seeds for one test (its listings name the first copy's files: a run
    that is not refused rebuilds every shard)."""
    corpus, workdir = tmp_path / "corpus", tmp_path / "work"
    shutil.copytree(built_once[0], corpus)
    shutil.copytree(built_once[1], workdir, symlinks=True)
    return corpus, workdir


def _refused(workdir: Path, corpus: Path, *config: str) -> str:
    before = _results_state(workdir)
    result = run_workflow(workdir, "-c2", "--config", f"input_dir={corpus}", *config, check=False)
    assert result.returncode != 0
    assert _results_state(workdir) == before  # nothing deleted, nothing rewritten
    return result.stderr


def test_an_emptied_or_missing_input_folder_stops_the_run_before_anything_is_deleted(
    built: tuple[Path, Path],
) -> None:
    corpus, workdir = built
    shutil.rmtree(corpus)
    stderr = _refused(workdir, corpus)
    assert f"input_dir {str(corpus)!r} is not a directory" in stderr
    corpus.mkdir()  # an unmounted mount point: there, but empty
    stderr = _refused(workdir, corpus)
    assert f"input_dir {str(corpus)!r} holds no input file (the previous run had 3)" in stderr
    assert "--config allow_shrink=True" in stderr
    assert "Traceback" not in stderr


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_a_folder_that_lost_most_documents_stops_the_run_unless_allow_shrink(
    built: tuple[Path, Path],
) -> None:
    corpus, workdir = built
    kept = sorted(corpus.iterdir())[0]
    for path in sorted(corpus.iterdir())[1:]:
        path.unlink()
    stderr = _refused(workdir, corpus)
    assert "lacks 2 of the 3 inputs of the previous run (more than max_lost_share=0.5)" in stderr
    run_workflow(workdir, "-c2", "--config", f"input_dir={corpus}", "allow_shrink=True")
    manifest = json.loads((workdir / "results" / "manifest.json").read_text(encoding="utf-8"))
    assert [item["path"] for item in manifest["inputs"]] == [kept.name]


def _a_full_shard(workdir: Path) -> str:
    """The stem of a shard with a document in it."""
    import polars as pl

    documents = sorted((workdir / "results/tables/documents").glob("*.parquet"))
    return next(path.stem for path in documents if pl.read_parquet(path).height)


def test_an_edited_final_table_stops_the_run_named_and_is_rebuilt_once_deleted(
    damageable: tuple[Path, Path],
) -> None:
    import polars as pl
    from conftest import table_bytes

    from docpipe_tools.validate import validate_results

    corpus, workdir = damageable
    original = table_bytes(workdir)
    target = workdir / "results/tables/paragraphs" / f"{_a_full_shard(workdir)}.parquet"
    edited = pl.read_parquet(target).with_columns(pl.col("text").str.to_uppercase())
    edited.write_parquet(target)
    stderr = _refused(workdir, corpus)
    name = target.relative_to(workdir).as_posix()
    assert f"{name}: {target.stat().st_size} bytes, sha256 " in stderr
    assert f"rm {name}" in stderr
    target.unlink()
    run_workflow(workdir, "-c2", input_dir=corpus)
    assert table_bytes(workdir) == original
    assert [c.line() for c in validate_results(workdir / "results") if not c.ok] == []


def test_a_truncated_stage_table_stops_the_run_named(damageable: tuple[Path, Path]) -> None:
    import os

    corpus, workdir = damageable
    target = workdir / "results/paragraphs" / f"{_a_full_shard(workdir)}.parquet"
    os.truncate(target, target.stat().st_size // 2)
    stderr = _refused(workdir, corpus)
    assert f"{target.relative_to(workdir).as_posix()}: " in stderr
    assert "File out of specification" not in stderr


def test_a_damaged_template_view_stops_the_run_named_and_is_rebuilt_as_told(
    damageable: tuple[Path, Path],
) -> None:
    """The views are written by the templates job without being its declared outputs: its
    receipt records them, so a damaged one is found like any output, and the rm the message
    gives (the view and the receipt) makes the templates job write it again."""
    import re
    import subprocess

    from conftest import table_bytes

    from docpipe_tools.validate import validate_results

    corpus, workdir = damageable
    original = table_bytes(workdir)
    manifest = (workdir / "results/manifest.json").read_bytes()
    view = workdir / "results/templates/views" / f"{_a_full_shard(workdir)}.parquet"
    with open(view, "ab") as handle:
        handle.write(b"\0")
    stderr = _refused(workdir, corpus)
    name = view.relative_to(workdir).as_posix()
    assert f"{name}: {view.stat().st_size} bytes, sha256 " in stderr
    remove = re.search(r"rm (.+)", stderr).group(1).split()
    assert remove == [name, "results/receipts/templates.json"]
    subprocess.run(["rm", *remove], cwd=workdir, check=True)
    run_workflow(workdir, "-c2", input_dir=corpus)
    assert table_bytes(workdir) == original
    assert (workdir / "results/manifest.json").read_bytes() == manifest
    assert [c.line() for c in validate_results(workdir / "results") if not c.ok] == []
