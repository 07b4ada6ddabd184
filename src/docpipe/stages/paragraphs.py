"""The paragraphs rule: paragraph spans of every document and the lines the templates rule mines."""

from __future__ import annotations

import logging

import polars as pl

from docpipe import reuse
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.provenance import code_version
from docpipe.schemas import stages as stage_models
from docpipe.stages.ingest import source_paths
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.templates import line_hash, page_lines

logger = logging.getLogger(__name__)


def paragraph_frames(ingest: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Paragraph spans of every document, and the lines the templates stage mines."""
    paragraphs = parquet.empty_columns(stage_models.ParagraphSpans)
    lines = parquet.empty_columns(stage_models.PageLines)
    with CurrentDocument("paragraphs", source_paths(ingest)) as current:
        for doc_id, text in ingest.select("doc_id", "text").iter_rows():
            current.doc_id = doc_id
            spans = split_paragraphs(text)
            texts = [text[start:end] for start, end in spans]
            for index, (start, end) in enumerate(spans):
                paragraphs["doc_id"].append(doc_id)
                paragraphs["paragraph_index"].append(index)
                paragraphs["start"].append(start)
                paragraphs["end"].append(end)
                paragraphs["line_hash"].append(line_hash(texts[index]))
            for key, words, line in page_lines(texts):
                for column, value in zip(lines, (doc_id, key, words, line), strict=True):
                    lines[column].append(value)
    return (
        parquet.frame(stage_models.ParagraphSpans, paragraphs),
        parquet.frame(stage_models.PageLines, lines),
    )


def run_paragraphs(
    ingest_path: str,
    paragraphs_out: str,
    lines_out: str,
    reuse_paths: tuple[str, str] | None = None,
) -> None:
    """Split the shard into paragraphs; with `reuse_paths` (for the paragraphs, for the lines),
    documents whose text is unchanged since the previous run (with the same code) keep its rows."""
    ingest = parquet.read_table(ingest_path, stage_models.IngestDocuments)
    models = {"paragraphs": stage_models.ParagraphSpans, "page_lines": stage_models.PageLines}
    results = reuse.with_reuse_tables(
        "paragraphs",
        models,
        ingest,
        reuse.document_keys(ingest, {}),
        reuse.fingerprint("paragraphs", code_version(), {"engines": reuse.engine_versions(())}),
        None if reuse_paths is None else dict(zip(models, reuse_paths, strict=True)),
        lambda reused: dict(
            zip(models, paragraph_frames(reuse.without(ingest, reused)), strict=True)
        ),
    )
    for (name, model), out in zip(models.items(), (paragraphs_out, lines_out), strict=True):
        rows, metadata = results[name]
        parquet.write_table(rows, model, out, name, metadata)
    if reuse_paths is not None:
        for out, path in zip((paragraphs_out, lines_out), reuse_paths, strict=True):
            reuse.keep(out, path)
