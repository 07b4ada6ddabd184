"""Score the real pipeline's article bodies against gold bodies (the extraction benchmark's metric).

Words are `\\w+` runs, case kept; a text's shingles are its sets of 4 consecutive words. Per page,
precision = |pred & gold| / |pred| and recall = |pred & gold| / |gold|. Mean precision is over
pages with a non-empty prediction, mean recall over all pages; F1 is that of the two means.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

_WORD = re.compile(r"\w+")
_GOLD_SUFFIX = ".gold.txt"


@dataclass(frozen=True)
class PageScore:
    page: str
    precision: float | None  # None when the prediction is empty
    recall: float


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def score_page(page: str, predicted: str, gold: str) -> PageScore:
    pred, truth = shingles(predicted), shingles(gold)
    overlap = len(pred & truth)
    precision = overlap / len(pred) if pred else None
    recall = overlap / len(truth) if truth else 1.0
    return PageScore(page, precision, recall)


def means(scores: list[PageScore]) -> tuple[float, float, float]:
    precisions = [s.precision for s in scores if s.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(s.recall for s in scores) / len(scores) if scores else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_pipeline(pages: Path, snakefile: Path, workdir: Path, cores: int) -> pl.DataFrame:
    """Run the workflow on the folder's page dumps (gold files left out); return documents."""
    inputs = workdir / "input"
    inputs.mkdir(parents=True)
    for dump in sorted(pages.glob("*.txt")):
        if not dump.name.endswith(_GOLD_SUFFIX):
            shutil.copyfile(dump, inputs / dump.name)
    command = [
        *(sys.executable, "-m", "snakemake", "-s", str(snakefile), "--directory", str(workdir)),
        *(f"-c{cores}", "--quiet", "rules", "--config", f"input_dir={inputs}"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"pipeline failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return pl.read_parquet(workdir / "results" / "tables" / "documents" / "*.parquet")


def evaluate_folder(
    pages: Path, snakefile: Path, cores: int = 2, workdir: Path | None = None
) -> list[PageScore]:
    """Score every <id>.txt that has an <id>.gold.txt beside it, sorted by id."""
    with tempfile.TemporaryDirectory(prefix="docpipe-eval-") as scratch:
        documents = run_pipeline(pages, snakefile, workdir or Path(scratch), cores)
    bodies = dict(documents.select("source_path", "text").iter_rows())
    scores = []
    for gold in sorted(pages.glob(f"*{_GOLD_SUFFIX}")):
        page = gold.name.removesuffix(_GOLD_SUFFIX)
        predicted = bodies.get(f"{page}.txt", "")
        scores.append(score_page(page, predicted, gold.read_text(encoding="utf-8")))
    return scores


def report(scores: list[PageScore]) -> list[str]:
    lines = [f"{'page':<20} {'P':>6} {'R':>6}"]
    for s in sorted(scores, key=lambda s: ((s.precision or 0.0) * s.recall, s.page)):
        shown = "  none" if s.precision is None else f"{s.precision:>6.3f}"
        lines.append(f"{s.page[:20]:<20} {shown} {s.recall:>6.3f}")
    precision, recall, f1 = means(scores)
    lines.append(f"pages={len(scores)} P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    return lines
