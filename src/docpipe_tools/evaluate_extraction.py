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
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from docpipe.io.sources import Decoded, decode_bytes
from docpipe.text.article_search import SCORING, ArticleScoring
from docpipe.text.metadata import Metadata
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.zone_model import ZoneModel
from docpipe.text.zoning import zone_page
from docpipe_tools import evaluate_metadata as metadata_scoring

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
    run_workflow(inputs, snakefile, workdir, cores)
    return pl.read_parquet(workdir / "results" / "tables" / "documents" / "*.parquet")


def run_workflow(input_dir: Path, snakefile: Path, workdir: Path, cores: int) -> None:
    """Snakemake on `input_dir` in `workdir` (its results/ there); RuntimeError with the end of
    its stderr when it fails."""
    command = [
        *(sys.executable, "-m", "snakemake", "-s", str(snakefile), "--directory", str(workdir)),
        *(f"-c{cores}", "--quiet", "rules", "--config", f"input_dir={input_dir}"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"pipeline failed ({result.returncode}):\n{result.stderr[-4000:]}")


def evaluate_folder(
    pages: Path, snakefile: Path, cores: int = 2, workdir: Path | None = None
) -> list[PageScore]:
    """Score every <id>.txt that has an <id>.gold.txt beside it, sorted by id."""
    return evaluate_pipeline(pages, snakefile, cores, workdir)[0]


def evaluate_pipeline(
    pages: Path, snakefile: Path, cores: int = 2, workdir: Path | None = None
) -> tuple[list[PageScore], list[metadata_scoring.PageScore]]:
    """One run of the workflow on the folder: the body of every <id>.txt with an <id>.gold.txt,
    and the title, author and date of every one with an <id>.meta.json, as the documents table
    gives them (scored as `docpipe eval-metadata` scores its in-process reading)."""
    with tempfile.TemporaryDirectory(prefix="docpipe-eval-") as scratch:
        documents = run_pipeline(pages, snakefile, workdir or Path(scratch), cores)
    bodies = dict(documents.select("source_path", "text").iter_rows())
    scores = []
    for gold in sorted(pages.glob(f"*{_GOLD_SUFFIX}")):
        page = gold.name.removesuffix(_GOLD_SUFFIX)
        predicted = bodies.get(f"{page}.txt", "")
        scores.append(score_page(page, predicted, gold.read_text(encoding="utf-8")))
    return scores, table_metadata_scores(pages, documents)


def table_metadata_scores(pages: Path, documents: pl.DataFrame) -> list[metadata_scoring.PageScore]:
    """Each page's title, author and published date from the documents table against its
    <id>.meta.json; a page the table lacks is scored as if nothing was found."""
    found = {
        row["source_path"]: row
        for row in documents.select("source_path", "title", "author", "published").iter_rows(
            named=True
        )
    }
    scores = []
    for gold, dump in metadata_scoring.load_folder(pages):
        row = found.get(f"{gold.page}.txt", {})
        predicted = Metadata(
            title=row.get("title"), author=row.get("author"), published=row.get("published")
        )
        scores.append(metadata_scoring.score_page(gold, dump, predicted))
    return scores


def grouped_report(folder: Path, scores: list[PageScore]) -> list[str]:
    """P/R/F1 per source and per language, from each page's <id>.meta.json or the folder's
    pages.json (pages without either are "unknown")."""
    from docpipe_tools.zone_data import _listing, page_meta

    listing = _listing(folder)
    lines = []
    for field in ("source", "language"):
        groups: dict[str, list[PageScore]] = {}
        for score in scores:
            groups.setdefault(page_meta(folder, score.page, listing)[field], []).append(score)
        lines.append(f"by {field}:")
        for name, group in sorted(groups.items()):
            precision, recall, f1 = means(group)
            lines.append(
                f"  {name[:20]:<20} pages={len(group):>4} P={precision:.3f} R={recall:.3f} "
                f"F1={f1:.3f}"
            )
    return lines


def report(scores: list[PageScore]) -> list[str]:
    lines = [f"{'page':<20} {'P':>6} {'R':>6}"]
    for s in sorted(scores, key=lambda s: ((s.precision or 0.0) * s.recall, s.page)):
        shown = "  none" if s.precision is None else f"{s.precision:>6.3f}"
        lines.append(f"{s.page[:20]:<20} {shown} {s.recall:>6.3f}")
    precision, recall, f1 = means(scores)
    lines.append(f"pages={len(scores)} P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    return lines


# Each variant turns one part of the zone rules off; "full" is the rules' own setting (scored
# without the learned model: `docpipe train-zones --ablation` measures the model's parts).
ABLATIONS: dict[str, tuple[ArticleScoring, bool]] = {
    "full": (SCORING, True),
    "no site template": (SCORING, False),
    "template lines cost like pattern lines": (
        replace(SCORING, template_line=SCORING.pattern_line),
        True,
    ),
    "every related marker ends the run": (replace(SCORING, inline_marker=None), True),
    "the article may follow a recommendations heading": (
        replace(SCORING, recommendations_end_page=False),
        True,
    ),
    "no date-line cost": (replace(SCORING, date_line=SCORING.short_line), True),
    "no pattern-line cost": (replace(SCORING, pattern_line=0.0), True),
    "short sentences are not running text": (replace(SCORING, sentence_min_words=10**9), True),
    "no minimum article score": (replace(SCORING, min_score=0.0), True),
    "unpunctuated paragraphs count as prose": (
        replace(SCORING, prose_needs_punctuation=False),
        True,
    ),
}


def zone_bodies(
    dumps: dict[str, str],
    scoring: ArticleScoring,
    use_template: bool,
    min_pages: int = 2,
    model: ZoneModel | str | None = None,
) -> dict[str, str]:
    """page (`<page>.txt`) -> body, by the pipeline's own functions called in-process (no
    Snakemake, no language ID, which zones do not use): paragraphs, the corpus's site template
    (evaluate_metadata.template_lines), zones (by the rules alone unless a zone `model` is
    given: SHIPPED for the package's)."""
    paragraphs = {
        page: [text[a:b] for a, b in split_paragraphs(text)] for page, text in dumps.items()
    }
    template = metadata_scoring.template_lines(paragraphs, min_pages) if use_template else {}
    bodies = {}
    for page, texts in paragraphs.items():
        zones = zone_page(texts, template.get(page, []), scoring, model)
        bodies[page] = "\n\n".join(t for t, z in zip(texts, zones, strict=True) if z.zone == "body")
    return bodies


def ablation(pages: Path) -> list[tuple[str, float, float, float]]:
    """(variant, P, R, F1) for every ABLATIONS variant and for keeping every paragraph."""
    golds = {
        g.name.removesuffix(_GOLD_SUFFIX): g.read_text("utf-8")
        for g in sorted(pages.glob(f"*{_GOLD_SUFFIX}"))
    }
    dumps = {}
    for page in golds:
        decoded = decode_bytes((pages / f"{page}.txt").read_bytes())
        dumps[page] = decoded.text if isinstance(decoded, Decoded) else ""
    rows = []
    for name, (scoring, use_template) in ABLATIONS.items():
        bodies = zone_bodies(dumps, scoring, use_template)
        rows.append((name, *means([score_page(p, bodies[p], golds[p]) for p in golds])))
    everything = [score_page(p, dumps[p], golds[p]) for p in golds]
    rows.append(("keep every paragraph", *means(everything)))
    return rows
