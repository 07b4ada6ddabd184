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
# A sentence: its paragraph, its number in that paragraph, and its span.
Sentence = tuple[int, int, int, int]
# A language tag as (language, probability, reason): docpipe.text.language.LanguageTag's fields.
Tag = tuple[str | None, float | None, str | None]
# The tag stage's index of a unit that is not in a paragraph or sentence (LanguageTags).
NO_INDEX = None


class DocumentTags(NamedTuple):
    """Language and dominant writing system of the page, of each paragraph and each sentence."""

    page: Tag
    page_script: str | None
    paragraphs: list[Tag]
    paragraph_scripts: list[str | None]
    sentences: list[Tag]  # one per Document.sentences item
    sentence_scripts: list[str | None]


@dataclass
class Document:
    """A decoded input file and what the stages found in it so far."""

    id: str
    path: str  # relative to the input folder: the tables' source_path
    source: Decoded  # the bytes' identity and decoding, with the text
    paragraphs: list[Span] = field(default_factory=list)
    line_hashes: list[str] = field(default_factory=list)  # one per paragraph
    sentences: list[Sentence] = field(default_factory=list)  # in (paragraph, number) order
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
    documents = documents_of(parquet.read_table(ingest, stage_models.IngestDocuments))
    if paragraphs is not None:
        _add_paragraphs(documents, paragraphs)
    if sentences is not None:
        _add_sentences(documents, sentences)
    if tags is not None:
        _add_tags(documents, tags)
    return documents


def documents_of(ingest: pl.DataFrame) -> list[Document]:
    """The documents of an ingest table (IngestDocuments), without spans or tags yet."""
    return [
        Document(doc_id, path, Decoded(*values))
        for doc_id, path, *values in ingest.select(
            "doc_id", "source_path", *_SOURCE_COLUMNS
        ).iter_rows()
    ]


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


def _per_document(documents: Sequence[Document], frame: pl.DataFrame, values: list, path,
                  what: str) -> list[list]:  # fmt: skip
    """values (one per row of a frame sorted by doc_id) as one list per document."""
    runs = list(_runs(frame, ["doc_id"], path))
    _check(documents, [doc_id for (doc_id,), _, _ in runs], path, what)
    found = {doc_id: values[start:end] for (doc_id,), start, end in runs}
    return [found.get(document.id, []) for document in documents]


def _add_sentences(documents: Sequence[Document], path: str | os.PathLike[str]) -> None:
    frame = parquet.read_table(path, stage_models.SentenceSpans)
    names = ("paragraph_index", "sentence_index", "start", "end")
    sentences = list(zip(*(frame[name].to_list() for name in names), strict=True))
    for document, found in zip(
        documents, _per_document(documents, frame, sentences, path, "sentences"), strict=True
    ):
        if [(p, i) for p, i, _, _ in found] != numbered(len(document.paragraphs), found):
            raise ValueError(f"{path}: the sentences of {document.id} are not numbered in order")
        document.sentences = found


def numbered(paragraphs: int, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """(paragraph, number) that `sentences`, sorted, must have: numbers 0, 1, 2... within each
    of the paragraphs."""
    expected, previous, number = [], None, 0
    for paragraph, _, _, _ in sentences:
        number = number + 1 if paragraph == previous else 0
        expected.append((paragraph if 0 <= paragraph < paragraphs else -1, number))
        previous = paragraph
    return expected


def _tags(frame: pl.DataFrame) -> list[Tag]:
    columns = ("language", "language_prob", "language_reason")
    return list(zip(*(frame[name].to_list() for name in columns), strict=True))


def _add_tags(documents: Sequence[Document], path: str | os.PathLike[str]) -> None:
    """DocumentTags of every document from the tag stage's LanguageTags rows (whose paragraph
    and sentence rows are in the order of the documents' paragraphs and sentences)."""
    frame = parquet.read_table(path, stage_models.LanguageTags)
    page, paragraph, sentence = (
        frame.filter(pl.col("level") == level) for level in ("page", "paragraph", "sentence")
    )
    del frame
    if page["doc_id"].to_list() != [document.id for document in documents]:
        raise ValueError(f"{path}: its page tags are not one per document of the ingest table")
    units = [
        _per_document(documents, rows, list(zip(_tags(rows), rows["script"].to_list(),
                                                strict=True)), path, f"{level} tags")
        for level, rows in (("paragraph", paragraph), ("sentence", sentence))
    ]  # fmt: skip
    for document, tag, script, paragraphs, sentences in zip(
        documents, _tags(page), page["script"].to_list(), *units, strict=True
    ):
        if len(paragraphs) != len(document.paragraphs) or len(sentences) != len(document.sentences):
            raise ValueError(f"{path}: the tags of {document.id} are not one per unit")
        document.tags = DocumentTags(
            tag, script, [t for t, _ in paragraphs], [s for _, s in paragraphs],
            [t for t, _ in sentences], [s for _, s in sentences],
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
        page, page_script, units, unit_scripts, sentence_tags, sentence_scripts = document.tags
        count = 1 + len(units) + len(sentence_tags)
        doc_ids.extend(repeat(document.id, count))
        levels += ["page", *repeat("paragraph", len(units)),
                   *repeat("sentence", len(sentence_tags))]  # fmt: skip
        paragraphs += [NO_INDEX, *range(len(units))]
        paragraphs += [p for p, _, _, _ in document.sentences]
        sentences += [NO_INDEX, *repeat(NO_INDEX, len(units))]
        sentences += [i for _, i, _, _ in document.sentences]
        tags += [page, *units, *sentence_tags]
        scripts += [page_script, *unit_scripts, *sentence_scripts]
    columns.update(tag_columns(tags))
    return parquet.frame(stage_models.LanguageTags, columns)


def tag_columns(tags: Sequence[Tag]) -> dict[str, list]:
    """language, language_prob and language_reason columns of tags."""
    names = ("language", "language_prob", "language_reason")
    return {name: [tag[index] for tag in tags] for index, name in enumerate(names)}
