"""The segment rule: sentence spans inside every paragraph."""

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
from docpipe.text.sentences import DEFAULT_MAX_CHARS, sentence_spans

logger = logging.getLogger(__name__)
# The third-party packages whose versions can change a sentence span (docpipe.memo.version).
SEGMENT_ENGINES = ("syntok",)


def split_sentences(document: Document, max_chars: int) -> list[list[Span]]:
    """Sentence spans of each of the document's paragraphs."""
    text = document.text
    return [sentence_spans(text, start, end, max_chars) for start, end in document.paragraphs]


def segment_frame(
    documents: Sequence[Document], max_chars: int = DEFAULT_MAX_CHARS, memo_path: str | None = None
) -> pl.DataFrame:
    """Sentence spans of every paragraph; sets each document's `sentences`. Memoised by text:
    its paragraph spans are a function of it and of the code (in the memo's version)."""
    split = Memo(memo_path, "sentences", memo.version({"max_chars": max_chars}, SEGMENT_ENGINES))
    columns = parquet.empty_columns(stage_models.SentenceSpans)
    paths = {document.id: document.path for document in documents}
    with CurrentDocument("segment", paths) as current:
        for document in documents:
            current.doc_id = doc_id = document.id
            key = memo.inputs_key(document.text)
            document.sentences = split(key, split_sentences, document, max_chars)
            for paragraph, spans in enumerate(document.sentences):
                for index, (start, end) in enumerate(spans):
                    for column, value in zip(columns, (doc_id, paragraph, index, start, end),
                                             strict=True):  # fmt: skip
                        columns[column].append(value)
    split.save()
    return parquet.frame(stage_models.SentenceSpans, columns)


def run_segment(
    ingest_path: str,
    paragraphs_path: str,
    segment_out: str,
    max_chars: int,
    memo_path: str | None = None,
) -> None:
    """Segment the shard; with a `memo_path` (docpipe.memo), a text segmented in the shard's
    previous run (with the same code and max_chars) is not segmented again."""
    documents = read_documents(ingest_path, paragraphs_path)
    frame = segment_frame(documents, max_chars, memo_path)
    parquet.write_table(frame, stage_models.SentenceSpans, segment_out, "segment")
