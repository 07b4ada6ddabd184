"""One document as the stages see it: its id, path, decoded source, paragraphs, sentences, tags.

A stage job reads its shard's stage tables once into these records (`read_documents`), works on
one record at a time, and writes rows back out; the bare loop (docpipe_tools.bareloop) builds the
same records in memory. Spans are character offsets into `text`: nothing is copied without its
address (datatrove's Document, with dolma's spans). Spans and tags are plain tuples, so that a
shard's hundreds of thousands of them cost little to read, memoise (docpipe.memo) and write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise, repeat
from typing import NamedTuple

import polars as pl

from docpipe.io import parquet
from docpipe.io.sources import Decoded
from docpipe.schemas import stages as stage_models

Span = tuple[int, int]
# A language tag as (language, probability, reason): docpipe.text.language.LanguageTag's fields.
Tag = tuple[str | None, float | None, str | None]
# The tag stage's index of a unit that is not in a paragraph or sentence (LanguageTags).
NO_INDEX = -1


class DocumentTags(NamedTuple):
    """Language and dominant writing system of the page, of each paragraph and each sentence."""

    page: Tag
    page_script: str | None
    paragraphs: list[Tag]
    paragraph_scripts: list[str | None]
    sentences: list[list[Tag]]  # per paragraph
    sentence_scripts: list[list[str | None]]


@dataclass
class Document:
    """A decoded input file and what the stages found in it so far."""

    id: str
    path: str  # relative to the input folder: the tables' source_path
    source: Decoded  # the bytes' identity and decoding, with the text
    paragraphs: list[Span] = field(default_factory=list)
    line_hashes: list[str] = field(default_factory=list)  # one per paragraph
    sentences: list[list[Span]] = field(default_factory=list)  # per paragraph
    tags: DocumentTags | None = None

    @property
    def text(self) -> str:
        return self.source.text

    def paragraph_texts(self) -> list[str]:
        text = self.source.text
        return [text[start:end] for start, end in self.paragraphs]


_SOURCE_COLUMNS = ("source_sha256", "size_bytes", "encoding", "encoding_confidence", "had_bom",
                   "text", "decode_errors")  # fmt: skip


def read_documents(
    ingest: str | os.PathLike[str],
    paragraphs: str | os.PathLike[str] | None = None,
    sentences: str | os.PathLike[str] | None = None,
    tags: str | os.PathLike[str] | None = None,
) -> list[Document]:
    """The shard's documents from its ingest table, with the spans and tags of the other stage
    tables given, each read once. Every table is in key order (docpipe.io.parquet.write_table)
    and is checked to hold exactly the documents of the ingest table, numbered 0, 1, 2..."""
    frame = parquet.read_table(ingest, stage_models.IngestDocuments)
    documents = [
        Document(doc_id, path, Decoded(*values))
        for doc_id, path, *values in frame.select(
            "doc_id", "source_path", *_SOURCE_COLUMNS
        ).iter_rows()
    ]
    del frame
    if paragraphs is not None:
        _add_paragraphs(documents, paragraphs)
    if sentences is not None:
        _add_sentences(documents, sentences)
    if tags is not None:
        _add_tags(documents, tags)
    return documents


def _runs(frame: pl.DataFrame, keys: Sequence[str], path) -> Iterator[tuple[tuple, int, int]]:
    """(key, first row, end row) of each run of equal `keys` in a key-sorted frame."""
    counts = frame.group_by(list(keys), maintain_order=True).len()
    end = 0
    for *key, count in counts.iter_rows():
        start, end = end, end + count
        yield tuple(key), start, end


def _check(documents: Sequence[Document], found: Sequence[str], path, what: str) -> None:
    """`found` (doc_ids of a table's runs of rows) are ingest's documents, in its order."""
    order = {document.id: index for index, document in enumerate(documents)}
    positions = [order.get(doc_id, -1) for doc_id in found]
    if -1 in positions or any(a >= b for a, b in pairwise(positions)):
        raise ValueError(f"{path}: its {what} are not of the ingest table's documents, in order")


def _add_paragraphs(documents: Sequence[Document], path: str | os.PathLike[str]) -> None:
    frame = parquet.read_table(path, stage_models.ParagraphSpans)
    spans = list(zip(frame["start"].to_list(), frame["end"].to_list(), strict=True))
    hashes, numbers = frame["line_hash"].to_list(), frame["paragraph_index"].to_list()
    by_id = {document.id: document for document in documents}
    runs = list(_runs(frame, ["doc_id"], path))
    _check(documents, [doc_id for (doc_id,), _, _ in runs], path, "paragraphs")
    for (doc_id,), start, end in runs:
        if numbers[start:end] != list(range(end - start)):
            raise ValueError(f"{path}: the paragraphs of {doc_id} are not numbered 0, 1, 2...")
        document = by_id[doc_id]
        document.paragraphs, document.line_hashes = spans[start:end], hashes[start:end]
    for document in documents:
        document.sentences = [[] for _ in document.paragraphs]


def _per_paragraph(documents: Sequence[Document], frame: pl.DataFrame, values: list, path):
    """values (one per row of a frame keyed by doc_id, paragraph_index, sentence_index) as
    lists per document and paragraph."""
    found = {document.id: [[] for _ in document.paragraphs] for document in documents}
    numbers = frame["sentence_index"].to_list()
    for (doc_id, paragraph), start, end in _runs(frame, ["doc_id", "paragraph_index"], path):
        lists = found.get(doc_id)
        if lists is None or not 0 <= paragraph < len(lists):
            raise ValueError(f"{path}: rows of {doc_id} paragraph {paragraph}, which it lacks")
        if numbers[start:end] != list(range(end - start)):
            raise ValueError(f"{path}: sentences of {doc_id} are not numbered 0, 1, 2...")
        lists[paragraph] = values[start:end]
    return found


def _add_sentences(documents: Sequence[Document], path: str | os.PathLike[str]) -> None:
    frame = parquet.read_table(path, stage_models.SentenceSpans)
    spans = list(zip(frame["start"].to_list(), frame["end"].to_list(), strict=True))
    for document, sentences in zip(
        documents, _per_paragraph(documents, frame, spans, path).values(), strict=True
    ):
        document.sentences = sentences


def _tags(frame: pl.DataFrame) -> list[Tag]:
    columns = ("language", "language_prob", "language_reason")
    return list(zip(*(frame[name].to_list() for name in columns), strict=True))


def _add_tags(documents: Sequence[Document], path: str | os.PathLike[str]) -> None:
    """DocumentTags of every document from the tag stage's LanguageTags rows."""
    frame = parquet.read_table(path, stage_models.LanguageTags)
    page, paragraph, sentence = (
        frame.filter(pl.col("level") == level) for level in ("page", "paragraph", "sentence")
    )
    del frame
    if page["doc_id"].to_list() != [document.id for document in documents]:
        raise ValueError(f"{path}: its page tags are not one per document of the ingest table")
    paragraph_tags = list(zip(_tags(paragraph), paragraph["script"].to_list(), strict=True))
    runs = {doc_id: (start, end) for (doc_id,), start, end in _runs(paragraph, ["doc_id"], path)}
    sentence_tags = list(zip(_tags(sentence), sentence["script"].to_list(), strict=True))
    per_paragraph = _per_paragraph(documents, sentence, sentence_tags, path)
    for document, tag, script in zip(documents, _tags(page), page["script"].to_list(), strict=True):
        start, end = runs.get(document.id, (0, 0))
        if end - start != len(document.paragraphs):
            raise ValueError(f"{path}: the tags of {document.id} are not one per paragraph")
        units = paragraph_tags[start:end]
        nested = per_paragraph[document.id]
        document.tags = DocumentTags(
            tag, script, [t for t, _ in units], [s for _, s in units],
            [[t for t, _ in sentence] for sentence in nested],
            [[s for _, s in sentence] for sentence in nested],
        )  # fmt: skip


def tag_rows_frame(documents: Sequence[Document]) -> pl.DataFrame:
    """The LanguageTags rows of tagged documents: the page, each paragraph, each sentence."""
    columns: dict[str, list] = {
        name: [] for name in parquet.polars_schema(stage_models.LanguageTags)
    }
    doc_ids, levels, paragraphs, sentences = (columns[name] for name in (
        "doc_id", "level", "paragraph_index", "sentence_index"))  # fmt: skip
    tags, scripts = [], columns["script"]
    for document in documents:
        if document.tags is None:
            raise ValueError(f"document {document.id} has no tags")
        page, page_script, units, unit_scripts, nested, nested_scripts = document.tags
        count = 1 + len(units) + sum(map(len, nested))
        doc_ids.extend(repeat(document.id, count))
        levels += [
            "page",
            *repeat("paragraph", len(units)),
            *repeat("sentence", count - 1 - len(units)),
        ]
        paragraphs += [NO_INDEX, *range(len(units))]
        sentences += [NO_INDEX, *repeat(NO_INDEX, len(units))]
        tags += [page, *units]
        scripts += [page_script, *unit_scripts]
        for index, (sentence_tags, sentence_scripts) in enumerate(
            zip(nested, nested_scripts, strict=True)
        ):
            paragraphs.extend(repeat(index, len(sentence_tags)))
            sentences.extend(range(len(sentence_tags)))
            tags += sentence_tags
            scripts += sentence_scripts
    columns.update(tag_columns(tags))
    return parquet.frame(stage_models.LanguageTags, columns)


def tag_columns(tags: Sequence[Tag]) -> dict[str, list]:
    """language, language_prob and language_reason columns of tags."""
    names = ("language", "language_prob", "language_reason")
    return {name: [tag[index] for tag in tags] for index, name in enumerate(names)}
