"""The pipeline's stages as pure functions over polars frames, plus the I/O wrappers scripts call.

Each `*_frames` function takes the upstream stage frames and returns new ones; each `run_*` reads
the shard's upstream Parquet files, calls it, and writes validated Parquet. Nothing here knows
about Snakemake.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import polars as pl

from docpipe import parquet
from docpipe.discover import InputFile, read_listing
from docpipe.ingest import ingest_files
from docpipe.language import LanguageSettings, LanguageTag, LanguageTagger, aggregate_body
from docpipe.logs import CurrentDocument
from docpipe.metadata import extract_comments, extract_metadata
from docpipe.paragraphs import split_paragraphs
from docpipe.schemas import STAGE_TABLES
from docpipe.schemas import stages as stage_models
from docpipe.scripts import dominant_script
from docpipe.segment import DEFAULT_MAX_CHARS, sentence_spans
from docpipe.zones import Zoned, classify_zones

logger = logging.getLogger(__name__)


# ---- ingest -------------------------------------------------------------------------------------
def ingest_frames(
    entries: Sequence[InputFile], max_bytes: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    documents, rejects = ingest_files(entries, max_bytes)
    docs = parquet.frame(
        stage_models.IngestDocuments,
        {
            "doc_id": [doc_id for doc_id, _, _ in documents],
            "source_path": [relpath for _, relpath, _ in documents],
            "source_sha256": [d.source_sha256 for _, _, d in documents],
            "size_bytes": [d.size_bytes for _, _, d in documents],
            "encoding": [d.encoding for _, _, d in documents],
            "encoding_confidence": [d.encoding_confidence for _, _, d in documents],
            "had_bom": [d.had_bom for _, _, d in documents],
            "decode_errors": [d.decode_errors for _, _, d in documents],
            "text": [d.text for _, _, d in documents],
        },
    )
    rejected = parquet.frame(
        stage_models.StageRejects,
        {
            "source_path": [relpath for relpath, _ in rejects],
            "source_sha256": [r.source_sha256 for _, r in rejects],
            "size_bytes": [r.size_bytes for _, r in rejects],
            "stage": ["ingest"] * len(rejects),
            "reason": [r.reason for _, r in rejects],
            "detail": [r.detail for _, r in rejects],
        },
    )
    return docs, rejected


def run_ingest(listing: str, max_bytes: int, documents_out: str, rejects_out: str) -> None:
    docs, rejects = ingest_frames(read_listing(listing), max_bytes)
    logger.info("ingest: %d documents, %d rejects", docs.height, rejects.height)
    parquet.write_table(docs, stage_models.IngestDocuments, documents_out, "ingest")
    parquet.write_table(rejects, stage_models.StageRejects, rejects_out, "ingest_rejects")


# ---- clean --------------------------------------------------------------------------------------
def _zoned_paragraphs(text: str) -> tuple[list[tuple[int, int]], list[str], list[Zoned]]:
    spans = split_paragraphs(text)
    texts = [text[start:end] for start, end in spans]
    return spans, texts, classify_zones(texts)


def _source_paths(ingest: pl.DataFrame) -> dict[str, str]:
    return dict(ingest.select("doc_id", "source_path").iter_rows())


def clean_frame(ingest: pl.DataFrame) -> pl.DataFrame:
    columns = _empty_columns(stage_models.CleanParagraphs)
    with CurrentDocument("clean", _source_paths(ingest)) as current:
        for doc_id, text in ingest.select("doc_id", "text").iter_rows():
            current.doc_id = doc_id
            spans, _, zones = _zoned_paragraphs(text)
            for index, ((start, end), zoned) in enumerate(zip(spans, zones, strict=True)):
                columns["doc_id"].append(doc_id)
                columns["paragraph_index"].append(index)
                columns["start"].append(start)
                columns["end"].append(end)
                columns["zone"].append(zoned.zone)
                columns["zone_reason"].append(zoned.reason)
    return parquet.frame(stage_models.CleanParagraphs, columns)


def run_clean(ingest_path: str, clean_out: str) -> None:
    ingest = parquet.read_table(ingest_path, stage_models.IngestDocuments)
    parquet.write_table(clean_frame(ingest), stage_models.CleanParagraphs, clean_out, "clean")


# ---- segment ------------------------------------------------------------------------------------
def segment_frame(
    ingest: pl.DataFrame, clean: pl.DataFrame, max_chars: int = DEFAULT_MAX_CHARS
) -> pl.DataFrame:
    texts = dict(ingest.select("doc_id", "text").iter_rows())
    columns = _empty_columns(stage_models.SegmentSentences)
    rows = clean.select("doc_id", "paragraph_index", "start", "end").iter_rows()
    with CurrentDocument("segment", _source_paths(ingest)) as current:
        for doc_id, paragraph_index, start, end in rows:
            current.doc_id = doc_id
            spans = sentence_spans(texts[doc_id], start, end, max_chars)
            for index, (s_start, s_end) in enumerate(spans):
                columns["doc_id"].append(doc_id)
                columns["paragraph_index"].append(paragraph_index)
                columns["sentence_index"].append(index)
                columns["start"].append(s_start)
                columns["end"].append(s_end)
    return parquet.frame(stage_models.SegmentSentences, columns)


def run_segment(ingest_path: str, clean_path: str, segment_out: str, max_chars: int) -> None:
    ingest = parquet.read_table(ingest_path, stage_models.IngestDocuments)
    clean = parquet.read_table(clean_path, stage_models.CleanParagraphs)
    frame = segment_frame(ingest, clean, max_chars)
    parquet.write_table(frame, stage_models.SegmentSentences, segment_out, "segment")


# ---- tag ----------------------------------------------------------------------------------------
def _empty_columns(model: type) -> dict[str, list]:
    return {name: [] for name in parquet.polars_schema(model)}


class _LanguageRows:
    """Accumulates TagLanguages rows."""

    def __init__(self, tagger: LanguageTagger) -> None:
        self.tagger = tagger
        self.columns = _empty_columns(stage_models.TagLanguages)

    def add(self, doc_id: str, level: str, paragraph: int, sentence: int, tag: LanguageTag,
            script: str | None) -> None:  # fmt: skip
        values = (doc_id, level, paragraph, sentence, tag.language, tag.probability, tag.reason,
                  script)  # fmt: skip
        for key, value in zip(self.columns, values, strict=True):
            self.columns[key].append(value)

    def tag_unit(self, doc_id: str, level: str, paragraph: int, sentence: int, unit: str):
        tag = self.tagger.tag(unit)
        self.add(doc_id, level, paragraph, sentence, tag, dominant_script(unit))
        return tag


def tag_frames(
    ingest: pl.DataFrame,
    clean: pl.DataFrame,
    segment: pl.DataFrame,
    tagger: LanguageTagger,
) -> dict[str, pl.DataFrame]:
    texts = dict(ingest.select("doc_id", "text").iter_rows())
    rows = _LanguageRows(tagger)
    with CurrentDocument("tag", _source_paths(ingest)) as current:
        body_parts = _tag_units(texts, clean, segment, rows, current)
        shares, metadata_rows, comment_rows = _tag_documents(texts, clean, body_parts, rows,
                                                             current)  # fmt: skip
    return {
        "tag_languages": parquet.frame(stage_models.TagLanguages, rows.columns),
        "tag_document_languages": parquet.frame(stage_models.TagDocumentLanguages, shares),
        "tag_metadata": _rows_frame(stage_models.TagMetadata, metadata_rows),
        "tag_comments": _rows_frame(stage_models.TagComments, comment_rows),
    }


def _tag_units(
    texts: dict[str, str],
    clean: pl.DataFrame,
    segment: pl.DataFrame,
    rows: _LanguageRows,
    current: CurrentDocument,
) -> dict[str, list[tuple[int, LanguageTag]]]:
    """Tag every paragraph and sentence; return each document's body paragraphs' tags."""
    body_parts: dict[str, list[tuple[int, LanguageTag]]] = {doc_id: [] for doc_id in texts}
    for doc_id, paragraph, start, end, zone in clean.select(
        "doc_id", "paragraph_index", "start", "end", "zone"
    ).iter_rows():
        current.doc_id = doc_id
        tag = rows.tag_unit(doc_id, "paragraph", paragraph, -1, texts[doc_id][start:end])
        if zone == "body":
            body_parts[doc_id].append((end - start, tag))
    for doc_id, paragraph, sentence, start, end in segment.select(
        "doc_id", "paragraph_index", "sentence_index", "start", "end"
    ).iter_rows():
        current.doc_id = doc_id
        rows.tag_unit(doc_id, "sentence", paragraph, sentence, texts[doc_id][start:end])
    return body_parts


def _tag_documents(
    texts: dict[str, str],
    clean: pl.DataFrame,
    body_parts: dict[str, list[tuple[int, LanguageTag]]],
    rows: _LanguageRows,
    current: CurrentDocument,
) -> tuple[dict[str, list], list[dict], list[dict]]:
    """Each document's language and body shares, its metadata and its comments."""
    shares = _empty_columns(stage_models.TagDocumentLanguages)
    metadata_rows: list[dict] = []
    comment_rows: list[dict] = []
    by_doc = clean.sort("doc_id", "paragraph_index").partition_by("doc_id", as_dict=True)
    for doc_id, text in texts.items():
        current.doc_id = doc_id
        body = aggregate_body(body_parts[doc_id])
        if body is None:  # no tagged body paragraph: judge the whole page instead
            rows.tag_unit(doc_id, "document", -1, -1, text)
        else:
            rows.add(doc_id, "document", -1, -1, body.tag, dominant_script(text))
            for language, chars, share in body.shares:
                for key, value in zip(shares, (doc_id, language, chars, share), strict=True):
                    shares[key].append(value)
        page = by_doc.get((doc_id,))
        page_rows = list(page.select("start", "end", "zone", "zone_reason").iter_rows()) if (
            page is not None) else []  # fmt: skip
        spans = [(start, end) for start, end, _, _ in page_rows]
        paragraph_texts = [text[start:end] for start, end in spans]
        zones = [Zoned(zone, reason) for _, _, zone, reason in page_rows]
        metadata_rows.append(
            {"doc_id": doc_id, **extract_metadata(paragraph_texts, zones).__dict__}
        )
        for comment in extract_comments(paragraph_texts, spans, zones):
            comment_rows.append({"doc_id": doc_id, **comment.__dict__})
    return shares, metadata_rows, comment_rows


def _rows_frame(model: type, rows: list[dict]) -> pl.DataFrame:
    names = list(parquet.polars_schema(model))
    return parquet.frame(model, {name: [row[name] for row in rows] for name in names})


def run_tag(
    ingest_path: str,
    clean_path: str,
    segment_path: str,
    outputs: dict[str, str],
    language: dict,
) -> None:
    ingest = parquet.read_table(ingest_path, stage_models.IngestDocuments)
    clean = parquet.read_table(clean_path, stage_models.CleanParagraphs)
    segment = parquet.read_table(segment_path, stage_models.SegmentSentences)
    tagger = LanguageTagger(LanguageSettings.from_config(language))
    frames = tag_frames(ingest, clean, segment, tagger)
    logger.info("language engine calls: %s", tagger.engine_calls)
    for name, frame in frames.items():
        parquet.write_table(frame, STAGE_TABLES[name], outputs[name], name)
