"""The segment rule: sentence spans inside every paragraph."""

from __future__ import annotations

import logging

import polars as pl

from docpipe import reuse
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.provenance import code_version
from docpipe.schemas import stages as stage_models
from docpipe.stages.ingest import source_paths
from docpipe.text.sentences import DEFAULT_MAX_CHARS, sentence_spans

logger = logging.getLogger(__name__)
# The third-party packages whose versions can change a stage's rows (docpipe.reuse).
SEGMENT_ENGINES = ("syntok",)


def segment_frame(
    ingest: pl.DataFrame, clean: pl.DataFrame, max_chars: int = DEFAULT_MAX_CHARS
) -> pl.DataFrame:
    texts = dict(ingest.select("doc_id", "text").iter_rows())
    shared = {doc_id: doc_id for doc_id in texts}  # one str per document, not one per sentence
    columns = parquet.empty_columns(stage_models.SentenceSpans)
    rows = clean.select("doc_id", "paragraph_index", "start", "end").iter_rows()
    with CurrentDocument("segment", source_paths(ingest)) as current:
        for row_doc_id, paragraph_index, start, end in rows:
            current.doc_id = doc_id = shared[row_doc_id]
            spans = sentence_spans(texts[doc_id], start, end, max_chars)
            for index, (s_start, s_end) in enumerate(spans):
                columns["doc_id"].append(doc_id)
                columns["paragraph_index"].append(paragraph_index)
                columns["sentence_index"].append(index)
                columns["start"].append(s_start)
                columns["end"].append(s_end)
    return parquet.frame(stage_models.SentenceSpans, columns)


def run_segment(
    ingest_path: str,
    paragraphs_path: str,
    segment_out: str,
    max_chars: int,
    reuse_path: str | None = None,
) -> None:
    """Segment the shard; with a `reuse_path`, documents whose text and paragraph spans are
    unchanged since the previous run (with the same code and max_chars) keep its rows."""
    ingest = parquet.read_table(ingest_path, stage_models.IngestDocuments)
    clean = parquet.read_table(paragraphs_path, stage_models.ParagraphSpans)
    keys = reuse.document_keys(ingest, {"paragraphs": (clean, reuse.PARAGRAPH_SPANS)})
    frame, metadata = reuse.with_reuse(
        "segment",
        stage_models.SentenceSpans,
        ingest,
        keys,
        reuse.fingerprint(
            "segment",
            code_version(),
            {"max_chars": max_chars, "engines": reuse.engine_versions(SEGMENT_ENGINES)},
        ),
        reuse_path,
        lambda reused: segment_frame(
            reuse.without(ingest, reused), reuse.without(clean, reused), max_chars
        ),
    )
    parquet.write_table(frame, stage_models.SentenceSpans, segment_out, "segment", metadata)
    if reuse_path is not None:
        reuse.keep(segment_out, reuse_path)
