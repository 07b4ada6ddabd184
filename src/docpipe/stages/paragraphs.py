"""The paragraphs rule: paragraph spans of every document and the lines the templates rule mines."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import polars as pl

from docpipe import memo
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.memo import Memo
from docpipe.record import Document, Span, read_documents
from docpipe.schemas import stages as stage_models
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.templates import line_hash, page_lines

logger = logging.getLogger(__name__)

# A text's paragraph spans, their line hashes, and its template candidate lines (hash, words,
# line).
Paragraphs = tuple[list[Span], list[str], list[tuple[str, int, str]]]


def split_document(text: str) -> Paragraphs:
    spans = split_paragraphs(text)
    texts = [text[start:end] for start, end in spans]
    return spans, [line_hash(unit) for unit in texts], list(page_lines(texts))


def paragraph_frames(
    documents: Sequence[Document], memo_path: str | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Paragraph spans of every document, and the lines the templates stage mines."""
    split = Memo(memo_path, "paragraphs", memo.version({}))
    paragraphs = parquet.empty_columns(stage_models.ParagraphSpans)
    lines = parquet.empty_columns(stage_models.PageLines)
    paths = {document.id: document.path for document in documents}
    with CurrentDocument("paragraphs", paths) as current:
        for document in documents:
            current.doc_id = doc_id = document.id
            text = document.text
            spans, hashes, candidates = split(memo.inputs_key(text), split_document, text)
            for index, ((start, end), key) in enumerate(zip(spans, hashes, strict=True)):
                for column, value in zip(paragraphs, (doc_id, index, start, end, key),
                                         strict=True):  # fmt: skip
                    paragraphs[column].append(value)
            for key, words, line in candidates:
                for column, value in zip(lines, (doc_id, key, words, line), strict=True):
                    lines[column].append(value)
    split.save()
    return (
        parquet.frame(stage_models.ParagraphSpans, paragraphs),
        parquet.frame(stage_models.PageLines, lines),
    )


def run_paragraphs(
    ingest_path: str, paragraphs_out: str, lines_out: str, memo_path: str | None = None
) -> None:
    """Split the shard into paragraphs; with a `memo_path` (docpipe.memo), a text split in the
    shard's previous run is not split again."""
    paragraphs, lines = paragraph_frames(read_documents(ingest_path), memo_path)
    parquet.write_table(paragraphs, stage_models.ParagraphSpans, paragraphs_out, "paragraphs")
    parquet.write_table(lines, stage_models.PageLines, lines_out, "page_lines")
