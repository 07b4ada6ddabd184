"""The templates rule: every site's template lines from all shards' lines, and each shard's view."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence

import polars as pl

from docpipe.io import parquet
from docpipe.schemas import stages as stage_models
from docpipe.text.templates import (
    SIGNATURE_MAX_WORDS,
    mine_grouped,
    mine_templates,
    template_view,
)

logger = logging.getLogger(__name__)


def templates_frames(
    lines: pl.DataFrame, texts: Callable[[list[str]], Mapping[str, str]], min_pages: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """mine_templates over every shard's PageLines (doc_id, line_hash, words), grouped per page
    by polars; `texts(hashes)`: the line of each of those hashes, read for the template's lines
    alone. On the 100,000-page benchmark corpus: 2,600 -> 1,167 MiB peak and 28.0 -> 18.3 s
    against mine_templates over rows with their lines (same output)."""
    short = pl.col("words") <= SIGNATURE_MAX_WORDS
    pages = lines.group_by("doc_id").agg(
        pl.col("line_hash").filter(short).alias("signature"),
        pl.col("line_hash").filter(~short).alias("long"),
    )
    signatures, long_lines, page_hashes = {}, {}, {}
    for doc_id, signature, long in pages.iter_rows():
        # A page's lines as the same string objects as its two lists: the 100,000-page
        # corpus's 4.45 million hashes are 300 MB of Python strings per copy.
        signatures[doc_id], long_lines[doc_id] = signature, long
        page_hashes[doc_id] = signature + long
    del pages
    sites, template = mine_grouped(signatures, long_lines, page_hashes, min_pages)
    line_of = texts(sorted({key for _, key, _ in template}))
    return (
        parquet.rows_frame(
            stage_models.Templates,
            [(site, key, line_of[key], count) for site, key, count in template],
        ),
        parquet.rows_frame(stage_models.TemplateSites, sorted(sites.items())),
    )


def _line_texts(lines_paths: Sequence[str], hashes: list[str]) -> dict[str, str]:
    """line_hash -> line for `hashes`, from the shards' PageLines (one line per hash: the hash
    is of the whitespace-normalised line, which is what `line` holds)."""
    wanted = pl.col("line_hash").is_in(hashes)
    found = pl.concat(
        [pl.scan_parquet(path).select("line_hash", "line").filter(wanted) for path in lines_paths]
    )
    return dict(found.unique("line_hash", keep="first").collect().iter_rows())


def run_templates(
    lines_paths: Sequence[str],
    min_pages: int,
    table_out: str,
    sites_out: str,
    views_out: Sequence[str] | None = None,
) -> None:
    """The templates job: the template tables, then each shard's view (views_out, one per
    lines_paths entry; none when None), each rewritten only when its content changed
    (update_view)."""
    table, sites = templates_frames(
        parquet.read_tables(lines_paths, stage_models.PageLines, ["doc_id", "line_hash", "words"]),
        lambda hashes: _line_texts(lines_paths, hashes),
        min_pages,
    )
    logger.info("templates: %d lines of %d sites", table.height, sites["site"].n_unique())
    parquet.write_table(table, stage_models.Templates, table_out, "templates")
    parquet.write_table(sites, stage_models.TemplateSites, sites_out, "template_sites")
    if views_out is None:
        return
    rewritten = [
        view_out
        for lines_path, view_out in zip(lines_paths, views_out, strict=True)
        if update_view(table_out, sites_out, lines_path, view_out)
    ]
    logger.info("template views rewritten (content changed): %d of %d %s",
                len(rewritten), len(views_out), rewritten)  # fmt: skip


def view_frame(table: pl.DataFrame, sites: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """The template lines of the pages in `lines` (one shard's PageLines): the rows of
    docpipe.text.templates.template_view, as joins: 0.03 s for a shard of 2,500 pages (measured
    on the benchmark corpus), where template_view's loop over the rows took 0.28 s under
    cProfile. The templates job computes every shard's view."""
    view = (
        lines.select("doc_id", "line_hash")
        .join(sites.select("doc_id", "site"), on="doc_id")
        .join(table.select("site", "line_hash"), on=["site", "line_hash"])
        .unique()
    )
    return parquet.sort_by_key(view.select(list(parquet.polars_schema(stage_models.TemplateView))),
                               stage_models.TemplateView)  # fmt: skip


def update_view(table_path: str, sites_path: str, lines_path: str, view_out: str) -> bool:
    """Write a shard's template view only when its content changed, so that a new template that
    does not touch this shard's pages does not rerun its tables job (the file's mtime tells
    Snakemake). True when written."""
    view = view_frame(
        parquet.read_table(table_path, stage_models.Templates),
        parquet.read_table(sites_path, stage_models.TemplateSites),
        parquet.read_table(lines_path, stage_models.PageLines, ["doc_id", "line_hash"]),
    )
    if os.path.exists(view_out):
        try:
            if parquet.read_table(view_out, stage_models.TemplateView).equals(view):
                return False
        except Exception:  # an unreadable old view is replaced
            logger.warning("replacing unreadable template view %s", view_out)
    parquet.write_table(view, stage_models.TemplateView, view_out, "template_view")
    return True


def site_templates(
    lines: Sequence[tuple[str, str, int, str]], min_pages: int
) -> dict[str, tuple[str, set[str]]]:
    """doc_id -> (site, the page's lines that are its site's template), for the pages that have
    any, from every page's (doc_id, line_hash, words, line) candidates: in memory, what the
    workflow's template views hold (for the bare loop and the evaluation)."""
    sites, template = mine_templates(lines, min_pages)
    view = template_view(
        sites, ((site, key) for site, key, _, _ in template), ((d, k) for d, k, _, _ in lines)
    )
    found: dict[str, tuple[str, set[str]]] = {}
    for doc_id, site, key in view:
        found.setdefault(doc_id, (site, set()))[1].add(key)
    return found
