"""How much of a folder of plain documents (licences, READMEs, release notes, articles saved
alone: files that are not web pages) the pipeline keeps as body.

The workflow runs on the folder as a user would run it (every file in it, any name); each
document's share is the non-space characters of its body (the documents table's `text`) over
those of its decoded text (the sources table's `text`), so the paragraph joints do not count.
A plain document should be all body: the report gives the share over all characters, the mean
per document, the documents under 0.9 and those with an empty body, and the files rejected.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from docpipe_tools.evaluate_extraction import run_workflow

# A document keeping less than this share of its text as body is listed as a loss.
LOSS_SHARE = 0.9


@dataclass(frozen=True)
class PlainScore:
    source_path: str
    chars: int  # non-space characters of the decoded text
    kept: int  # non-space characters of its body

    @property
    def share(self) -> float:
        return self.kept / self.chars if self.chars else 1.0


def visible_chars(text: str) -> int:
    return sum(not c.isspace() for c in text)


def plain_scores(sources: pl.DataFrame, documents: pl.DataFrame) -> list[PlainScore]:
    """One score per document, by source_path: `sources` (doc_id, text) and `documents`
    (doc_id, source_path, text) as the final tables hold them."""
    texts = dict(sources.select("doc_id", "text").iter_rows())
    scores = [
        PlainScore(path, visible_chars(texts[doc_id]), visible_chars(body or ""))
        for doc_id, path, body in documents.select("doc_id", "source_path", "text").iter_rows()
    ]
    return sorted(scores, key=lambda s: s.source_path)


def lost_text(paragraphs: pl.DataFrame) -> list[tuple[str, int]]:
    """("zone/zone_reason", non-space characters) of the paragraphs table's rows that are not
    body, most first: where the text of a plain document went."""
    lost: Counter[str] = Counter()
    for zone, reason, text in paragraphs.select("zone", "zone_reason", "text").iter_rows():
        if zone != "body":
            lost[f"{zone}/{reason}"] += visible_chars(text)
    return sorted(lost.items(), key=lambda item: (-item[1], item[0]))


def report(
    scores: Sequence[PlainScore],
    rejects: Sequence[str],
    worst: int = 10,
    lost: Sequence[tuple[str, int]] = (),
) -> list[str]:
    """The figures of the module's docstring; `rejects`: the reason of each rejected file;
    `lost`: lost_text's list, of which the first `worst` are listed."""
    chars = sum(s.chars for s in scores)
    kept = sum(s.kept for s in scores)
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(Counter(rejects).items()))
    lines = [
        f"documents: {len(scores)}, rejected files: {len(rejects)}"
        + (f" ({reasons})" if rejects else ""),
        f"characters kept as body: {kept / chars if chars else 1.0:.4f} of {chars}",
        f"mean share per document: "
        f"{sum(s.share for s in scores) / len(scores) if scores else 1.0:.4f}",
        f"under {LOSS_SHARE}: {sum(s.share < LOSS_SHARE for s in scores)}",
        f"empty bodies: {sum(s.kept == 0 and s.chars > 0 for s in scores)}",
    ]
    ranked = sorted(scores, key=lambda s: (s.share, s.source_path))[:worst]
    lines += [f"  {s.share:.3f} {s.chars:>7} {s.source_path}" for s in ranked if s.share < 1.0]
    if lost and worst:
        lines.append("characters not kept, by zone/reason:")
        lines += [f"  {chars:>9} {name}" for name, chars in lost[:worst]]
    return lines


def run_folder(
    folder: Path, snakefile: Path, cores: int = 2
) -> tuple[list[PlainScore], list[str], list[tuple[str, int]]]:
    """Run the workflow on `folder` in a scratch directory: the documents' scores, the rejected
    files' reasons and where the text not kept went (lost_text)."""
    with tempfile.TemporaryDirectory(prefix="docpipe-plain-") as scratch:
        run_workflow(folder.resolve(), snakefile, Path(scratch), cores)
        tables = Path(scratch) / "results" / "tables"
        sources = pl.read_parquet(tables / "sources" / "*.parquet")
        documents = pl.read_parquet(tables / "documents" / "*.parquet")
        rejects = pl.read_parquet(tables / "rejects" / "*.parquet")["reason"].to_list()
        lost = lost_text(pl.read_parquet(tables / "paragraphs" / "*.parquet"))
    return plain_scores(sources, documents), rejects, lost
