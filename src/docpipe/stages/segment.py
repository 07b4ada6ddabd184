"""Segment, the annotate rule's first step: sentence spans inside every paragraph."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import repeat
from typing import Any

import polars as pl

from docpipe import memo
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.memo import Memo
from docpipe.record import Document, Sentence
from docpipe.schemas import stages as stage_models
from docpipe.text.sentences import SegmentSettings, sentence_spans

logger = logging.getLogger(__name__)
DEFAULT_SEGMENT = SegmentSettings()


def split_sentences(document: Document, settings: SegmentSettings) -> list[Sentence]:
    """The document's sentences: (paragraph, number in it, start, end)."""
    text, max_chars, engine = document.text, settings.max_chars, settings.engine
    return [
        (paragraph, number, start, end)
        for paragraph, (p_start, p_end) in enumerate(document.paragraphs)
        for number, (start, end) in enumerate(
            sentence_spans(text, p_start, p_end, max_chars, engine)
        )
    ]


def segment_version(settings: SegmentSettings) -> dict[str, Any]:
    """What a document's sentence spans depend on besides its text (docpipe.memo.version): the
    code, the settings and the engine's package."""
    return memo.version(
        {"max_chars": settings.max_chars, "engine": settings.engine}, (settings.engine,)
    )


def segment_frame(
    documents: Sequence[Document],
    settings: SegmentSettings = DEFAULT_SEGMENT,
    memo_path: str | None = None,
) -> pl.DataFrame:
    """Sentence spans of every paragraph; sets each document's `sentences`. Memoised by text:
    its paragraph spans are a function of it, of the code and of the settings (in the memo's
    version)."""
    split = Memo(memo_path, "sentences", segment_version(settings))
    columns = parquet.empty_columns(stage_models.SentenceSpans)
    paths = {document.id: document.path for document in documents}
    with CurrentDocument("segment", paths) as current:
        for document in documents:
            current.doc_id = document.id
            found = split(memo.inputs_key(document.text), split_sentences, document, settings)
            document.sentences = found
            columns["doc_id"].extend(repeat(document.id, len(found)))
            for index, name in enumerate(("paragraph_index", "sentence_index", "start", "end")):
                columns[name].extend([sentence[index] for sentence in found])
    split.save()
    return parquet.frame(stage_models.SentenceSpans, columns)
