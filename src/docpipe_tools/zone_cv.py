"""Reports of the zone model: site-grouped cross-validation against the rules on the same folds,
broken down by source and language; the ablation; and the training command's model file.

Tooling only: it reads labelled folders (../shared/eval by default) where they are and writes
nothing but the model file, which holds weights and counts, never text of the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from docpipe.text.zone_model import MODEL_FILE
from docpipe_tools.evaluate_extraction import PageScore, means, score_page
from docpipe_tools.intervals import RESAMPLES, grouped, interval_text, site_bootstrap
from docpipe_tools.train_zones import TrainOptions, ablations, cross_validate, train
from docpipe_tools.zone_data import LabelledPage, load_folder

DEFAULT_EVAL = Path("..") / "shared" / "eval"
TRAINING_FOLDERS = ("extract-dev", "extract-train")
DEFAULT_FOLDS = 5
# Where train-zones writes the model by default: inside the package, beside the code reading it.
PACKAGE_MODEL = Path(__file__).resolve().parents[1] / "docpipe" / "text" / MODEL_FILE


def load_pages(folders: Iterable[Path]) -> list[LabelledPage]:
    pages: list[LabelledPage] = []
    for folder in folders:
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: no such folder of <id>.txt and <id>.gold.txt")
        pages += load_folder(folder)
    return pages


def scores_of(pages: Sequence[LabelledPage], bodies: dict[str, str]) -> list[PageScore]:
    return [score_page(page.page, bodies[page.page], page.gold) for page in pages]


def breakdown(
    pages: Sequence[LabelledPage],
    columns: dict[str, list[PageScore]],
    key: Callable[[LabelledPage], str],
    min_pages: int = 1,
) -> list[str]:
    """One line per group of pages (by `key`): pages, and P/R/F1 of each column."""
    groups = grouped(range(len(pages)), lambda index: key(pages[index]))
    groups["all"] = list(range(len(pages)))
    header = f"{'':<14} {'pages':>5}" + "".join(f" {name + ' P/R/F1':>24}" for name in columns)
    lines = [header]
    for group, indices in sorted(groups.items(), key=lambda item: (item[0] != "all", item[0])):
        if len(indices) < min_pages and group != "all":
            continue
        cells = ""
        for scores in columns.values():
            precision, recall, f1 = means([scores[i] for i in indices])
            cells += f" {precision:>8.3f}{recall:>8.3f}{f1:>8.3f}"
        lines.append(f"{group[:14]:<14} {len(indices):>5}{cells}")
    return lines


def cv_report(
    pages: Sequence[LabelledPage], folds: int, fits: dict | None = None
) -> tuple[list[str], dict[str, float], list[PageScore]]:
    """The model and the rules on the same site-grouped folds, overall, per source and per
    language (languages with 3 pages or more; the rest are in "all"); the summary figures and
    the model's page scores."""
    model = scores_of(pages, cross_validate(pages, folds, TrainOptions(), fits))
    rules = scores_of(pages, cross_validate(pages, folds, None))
    columns = {"model": model, "rules": rules}
    sites = len({page.site for page in pages})
    lines = [f"site-grouped {folds}-fold cross-validation: {len(pages)} pages of {sites} sites"]
    lines += ["by source:", *breakdown(pages, columns, lambda p: p.source)]
    lines += ["by language:", *breakdown(pages, columns, lambda p: p.language, min_pages=3)]
    lines.append(_intervals(pages, model, rules))
    figures = {"model_f1": round(means(model)[2], 4), "rules_f1": round(means(rules)[2], 4)}
    return lines, figures, model


def _intervals(
    pages: Sequence[LabelledPage], model: list[PageScore], rules: list[PageScore]
) -> str:
    """The 95% intervals of the model's F1 and of its gain over the rules, sites resampled
    (docpipe_tools.intervals): how far a figure of these pages can move on other sites."""
    pairs = grouped(list(zip(pages, model, rules, strict=True)), lambda row: row[0].site)
    f1 = site_bootstrap(pairs, lambda rows: means([row[1] for row in rows])[2])
    gain = site_bootstrap(
        pairs, lambda rows: means([row[1] for row in rows])[2] - means([row[2] for row in rows])[2]
    )
    return (
        f"95% intervals over {RESAMPLES} site bootstrap resamples: model F1 {interval_text(f1)}, "
        f"model - rules F1 {interval_text(gain, signed=True)}"
    )


def ablation_report(
    pages: Sequence[LabelledPage], folds: int, fits: dict | None = None
) -> list[str]:
    lines = [f"{'variant':<44} {'P':>6} {'R':>6} {'F1':>6}"]
    fits = {} if fits is None else fits
    for name, options in ablations().items():
        bodies = cross_validate(pages, folds, options, fits)
        precision, recall, f1 = means(scores_of(pages, bodies))
        lines.append(f"{name:<44} {precision:>6.3f} {recall:>6.3f} {f1:>6.3f}")
    return lines


def worst_pages(
    pages: Sequence[LabelledPage], scores: Sequence[PageScore], count: int = 10
) -> list[str]:
    """The pages scored worst (F1, P, R, language, page)."""
    rows = []
    for page, score in zip(pages, scores, strict=True):
        precision = score.precision or 0.0
        f1 = 2 * precision * score.recall / (precision + score.recall or 1.0)
        rows.append((f1, page.page, precision, score.recall, page.language))
    rows.sort()
    return [
        f"{f1:.2f} P={p:.2f} R={r:.2f} {lang:<3} {name}" for f1, name, p, r, lang in rows[:count]
    ]


def train_model(pages: Sequence[LabelledPage], out: Path, cv: dict[str, float] | None) -> str:
    """Train on every page and write the model file; returns a one-line summary."""
    model = train(pages)
    trained_on = {
        "sources": sorted({page.source for page in pages}),
        "pages": len(pages),
        "sites": len({page.site for page in pages}),
        "blocks": sum(len(page.texts) for page in pages),
        "body_blocks": sum(sum(page.labels) for page in pages),
        "cross_validation": cv,
    }
    out.write_text(model.to_json(trained_on), encoding="utf-8")
    return f"wrote {out.name}: {len(model.trees)} trees over {len(model.features)} features"
