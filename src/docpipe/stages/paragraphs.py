"""Paragraphs, the ingest rule's second step: paragraph spans of every document and the lines the
templates rule mines."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import repeat

import polars as pl

from docpipe import memo
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.memo import Memo
from docpipe.record import Document, Span
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
    """Paragraph spans of every document (setting its `paragraphs` and `line_hashes`), and the
    lines the templates stage mines."""
    split = Memo(memo_path, "paragraphs", memo.version({}))
    paragraphs = parquet.empty_columns(stage_models.ParagraphSpans)
    lines = parquet.empty_columns(stage_models.PageLines)
    paths = {document.id: document.path for document in documents}
    with CurrentDocument("paragraphs", paths) as current:
        for document in documents:
            current.doc_id = doc_id = document.id
            text = document.text
            spans, hashes, candidates = split(memo.inputs_key(text), split_document, text)
            document.paragraphs, document.line_hashes = spans, hashes
            paragraphs["doc_id"].extend(repeat(doc_id, len(spans)))
            paragraphs["paragraph_index"].extend(range(len(spans)))
            paragraphs["start"].extend([start for start, _ in spans])
            paragraphs["end"].extend([end for _, end in spans])
            paragraphs["line_hash"] += hashes
            lines["doc_id"].extend(repeat(doc_id, len(candidates)))
            for index, name in enumerate(("line_hash", "words", "line")):
                lines[name].extend([line[index] for line in candidates])
    split.save()
    return (
        parquet.frame(stage_models.ParagraphSpans, paragraphs),
        parquet.frame(stage_models.PageLines, lines),
    )
