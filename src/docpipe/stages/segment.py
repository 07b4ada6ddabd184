"""Segment, the annotate rule's first step: sentence spans inside every paragraph."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import repeat

import polars as pl

from docpipe import memo
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.memo import Memo
from docpipe.record import Document, Sentence
from docpipe.schemas import stages as stage_models
from docpipe.text.sentences import DEFAULT_MAX_CHARS, sentence_spans

logger = logging.getLogger(__name__)
# The third-party packages whose versions can change a sentence span (docpipe.memo.version).
SEGMENT_ENGINES = ("syntok",)


def split_sentences(document: Document, max_chars: int) -> list[Sentence]:
    """The document's sentences: (paragraph, number in it, start, end)."""
    text = document.text
    return [
        (paragraph, number, start, end)
        for paragraph, (p_start, p_end) in enumerate(document.paragraphs)
        for number, (start, end) in enumerate(sentence_spans(text, p_start, p_end, max_chars))
    ]


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
            current.doc_id = document.id
            found = split(memo.inputs_key(document.text), split_sentences, document, max_chars)
            document.sentences = found
            columns["doc_id"].extend(repeat(document.id, len(found)))
            for index, name in enumerate(("paragraph_index", "sentence_index", "start", "end")):
                columns[name].extend([sentence[index] for sentence in found])
    split.save()
    return parquet.frame(stage_models.SentenceSpans, columns)
