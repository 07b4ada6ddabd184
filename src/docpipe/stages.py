"""The pipeline's stages as pure functions over polars frames, plus the I/O wrappers scripts call.

Each `*_frames` function takes the upstream stage frames and returns new ones; each `run_*` reads
the shard's upstream Parquet files, calls it, and writes validated Parquet. Nothing here knows
about Snakemake.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Sequence
from typing import overload

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
    entries: Sequence[InputFile], max_bytes: int, max_lines: int | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    documents, rejects = ingest_files(entries, max_bytes, max_lines)
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


def run_ingest(
    listing: str, max_bytes: int, max_lines: int, documents_out: str, rejects_out: str
) -> None:
    docs, rejects = ingest_frames(read_listing(listing), max_bytes, max_lines)
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
    shared = {doc_id: doc_id for doc_id in texts}  # one str per document, not one per sentence
    columns = _empty_columns(stage_models.SegmentSentences)
    rows = clean.select("doc_id", "paragraph_index", "start", "end").iter_rows()
    with CurrentDocument("segment", _source_paths(ingest)) as current:
        for row_doc_id, paragraph_index, start, end in rows:
            current.doc_id = doc_id = shared[row_doc_id]
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
def _empty_columns(model: type) -> dict[str, list | array]:
    """One empty column per field; non-nullable integers as 8-byte arrays, not lists of int
    objects (36 bytes each): a page of a million lines has a million paragraphs."""
    columns = model.to_schema().columns  # type: ignore[attr-defined]
    return {
        name: array("q") if dtype == pl.Int64 and not columns[name].nullable else []
        for name, dtype in parquet.polars_schema(model).items()
    }


class _Tags:
    """Language tags and scripts of a sequence of units, as columns. The values are shared
    objects (cached tags, literal reasons, script names), so a row costs four list slots."""

    def __init__(self, tagger: LanguageTagger) -> None:
        self.tagger = tagger
        self.columns: dict[str, list] = {
            "language": [], "language_prob": [], "language_reason": [], "script": []
        }  # fmt: skip

    def add(self, tag: LanguageTag, script: str | None) -> None:
        self.columns["language"].append(tag.language)
        self.columns["language_prob"].append(tag.probability)
        self.columns["language_reason"].append(tag.reason)
        self.columns["script"].append(script)

    def tag(self, unit: str) -> LanguageTag:
        tag = self.tagger.tag(unit)
        self.add(tag, dominant_script(unit))
        return tag

    def frame(self, keys: pl.DataFrame, level: str) -> pl.DataFrame:
        """These tags beside the units' keys (doc_id, paragraph_index, sentence_index)."""
        schema = parquet.polars_schema(stage_models.TagLanguages)
        tags = pl.DataFrame(self.columns, schema={name: schema[name] for name in self.columns})
        return keys.with_columns(level=pl.lit(level)).hstack(tags).select(list(schema))


def tag_frames(
    ingest: pl.DataFrame,
    clean: pl.DataFrame,
    segment: pl.DataFrame,
    tagger: LanguageTagger,
) -> dict[str, pl.DataFrame]:
    texts = dict(ingest.select("doc_id", "text").iter_rows())
    with CurrentDocument("tag", _source_paths(ingest)) as current:
        paragraphs, body_parts = _tag_paragraphs(texts, clean, _Tags(tagger), current)
        sentences = _tag_sentences(texts, segment, _Tags(tagger), current)
        documents, shares, metadata_rows, comment_rows = _tag_documents(
            texts, clean, body_parts, _Tags(tagger), current
        )
    return {
        "tag_languages": pl.concat([paragraphs, sentences, documents], how="vertical"),
        "tag_document_languages": parquet.frame(stage_models.TagDocumentLanguages, shares),
        "tag_metadata": _rows_frame(stage_models.TagMetadata, metadata_rows),
        "tag_comments": _rows_frame(stage_models.TagComments, comment_rows),
    }


def _tag_paragraphs(
    texts: dict[str, str], clean: pl.DataFrame, tags: _Tags, current: CurrentDocument
) -> tuple[pl.DataFrame, dict[str, list[tuple[int, LanguageTag]]]]:
    """Tag every paragraph; also return each document's body paragraphs' tags."""
    body_parts: dict[str, list[tuple[int, LanguageTag]]] = {doc_id: [] for doc_id in texts}
    for doc_id, start, end, zone in clean.select("doc_id", "start", "end", "zone").iter_rows():
        current.doc_id = doc_id
        tag = tags.tag(texts[doc_id][start:end])
        if zone == "body":
            body_parts[doc_id].append((end - start, tag))
    keys = clean.select("doc_id", "paragraph_index", sentence_index=pl.lit(-1, pl.Int64))
    return tags.frame(keys, "paragraph"), body_parts


def _tag_sentences(
    texts: dict[str, str], segment: pl.DataFrame, tags: _Tags, current: CurrentDocument
) -> pl.DataFrame:
    for doc_id, start, end in segment.select("doc_id", "start", "end").iter_rows():
        current.doc_id = doc_id
        tags.tag(texts[doc_id][start:end])
    return tags.frame(segment.select("doc_id", "paragraph_index", "sentence_index"), "sentence")


class _Page(Sequence[str]):
    """A page's paragraph texts, sliced from the source only when asked for, and its spans and
    zones: a page of a million lines need not hold a million strings for the few that metadata
    looks at."""

    def __init__(self, text: str, rows: pl.DataFrame) -> None:
        self.text = text
        self.starts, self.ends = rows["start"].to_list(), rows["end"].to_list()
        shared: dict[tuple[str, str], Zoned] = {}  # one Zoned per distinct (zone, reason)
        self.zones = [shared.setdefault(pair, Zoned(*pair))
                      for pair in rows.select("zone", "zone_reason").iter_rows()]  # fmt: skip
        self.spans = _Spans(self.starts, self.ends)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self.text[start:end] for start, end in self.spans[index]]
        return self.text[self.starts[index] : self.ends[index]]


class _Spans(Sequence[tuple[int, int]]):
    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.starts, self.ends = starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.ends[index], strict=True))
        return self.starts[index], self.ends[index]


def _pages(clean: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Each document's paragraph rows in order, as slices of one sorted frame (no copies)."""
    ordered = clean.sort("doc_id", "paragraph_index")
    pages, offset = {}, 0
    for doc_id, count in ordered.group_by("doc_id", maintain_order=True).len().iter_rows():
        pages[doc_id] = ordered.slice(offset, count)
        offset += count
    return pages


def _tag_documents(
    texts: dict[str, str],
    clean: pl.DataFrame,
    body_parts: dict[str, list[tuple[int, LanguageTag]]],
    tags: _Tags,
    current: CurrentDocument,
) -> tuple[pl.DataFrame, dict[str, list], list[dict], list[dict]]:
    """Each document's language and body shares, its metadata and its comments."""
    shares = _empty_columns(stage_models.TagDocumentLanguages)
    metadata_rows: list[dict] = []
    comment_rows: list[dict] = []
    pages = _pages(clean)
    for doc_id, text in texts.items():
        current.doc_id = doc_id
        body = aggregate_body(body_parts.pop(doc_id))
        if body is None:  # no tagged body paragraph: judge the whole page instead
            tags.tag(text)
        else:
            tags.add(body.tag, dominant_script(text))
            for language, chars, share in body.shares:
                for key, value in zip(shares, (doc_id, language, chars, share), strict=True):
                    shares[key].append(value)
        page = _Page(text, pages.pop(doc_id, clean.clear()))
        metadata = extract_metadata(page, page.zones)
        metadata_rows.append({"doc_id": doc_id, **metadata.__dict__})
        for comment in extract_comments(page, page.spans, page.zones):
            comment_rows.append({"doc_id": doc_id, **comment.__dict__})
    keys = pl.DataFrame({"doc_id": list(texts)}, schema={"doc_id": pl.String}).with_columns(
        paragraph_index=pl.lit(-1, pl.Int64), sentence_index=pl.lit(-1, pl.Int64)
    )
    return tags.frame(keys, "document"), shares, metadata_rows, comment_rows


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
