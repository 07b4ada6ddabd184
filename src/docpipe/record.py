"""One document as the stages see it: its id, path, decoded source, paragraphs, sentences, tags.

A stage job reads its shard's stage tables once into these records (`read_documents`), works on
one record at a time, and writes rows back out; the bare loop (docpipe_tools.bareloop) builds the
same records in memory. Spans are character offsets into `text`: nothing is copied without its
address (datatrove's Document, with dolma's spans).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from docpipe.io import parquet
from docpipe.io.sources import Decoded
from docpipe.schemas import stages as stage_models
from docpipe.text.language import LanguageTag

Span = tuple[int, int]
# The tag stage's rows of a unit that is not in a paragraph or sentence (LanguageTags).
NO_INDEX = -1


@dataclass(frozen=True)
class DocumentTags:
    """Language and dominant writing system of the page, of each paragraph and each sentence."""

    page: LanguageTag
    page_script: str | None
    paragraphs: list[LanguageTag]
    paragraph_scripts: list[str | None]
    sentences: list[list[LanguageTag]]  # per paragraph
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
    tables given, each read once. Rows of a table are in key order (docpipe.io.parquet)."""
    frame = parquet.read_table(ingest, stage_models.IngestDocuments)
    documents = [
        Document(doc_id, path, Decoded(*values))
        for doc_id, path, *values in frame.select(
            "doc_id", "source_path", *_SOURCE_COLUMNS
        ).iter_rows()
    ]
    del frame
    by_id = {document.id: document for document in documents}
    if paragraphs is not None:
        _add_paragraphs(by_id, paragraphs)
    if sentences is not None:
        _add_sentences(by_id, sentences)
    if tags is not None:
        _add_tags(by_id, tags)
    return documents


def _columns(path: str | os.PathLike[str], model, names: Sequence[str]) -> list[list]:
    frame = parquet.read_table(path, model, names)
    return [frame.get_column(name).to_list() for name in names]


def _document(by_id: dict[str, Document], doc_id: str, path) -> Document:
    document = by_id.get(doc_id)
    if document is None:
        raise ValueError(f"{path}: rows of document {doc_id}, which is not in the ingest table")
    return document


def _out_of_order(path, doc_id: str, what: str) -> ValueError:
    return ValueError(f"{path}: {what} of document {doc_id} are not numbered 0, 1, 2... in order")


def _add_paragraphs(by_id: dict[str, Document], path: str | os.PathLike[str]) -> None:
    columns = _columns(path, stage_models.ParagraphSpans,
                       ("doc_id", "paragraph_index", "start", "end", "line_hash"))  # fmt: skip
    for doc_id, index, start, end, key in zip(*columns, strict=True):
        document = _document(by_id, doc_id, path)
        if index != len(document.paragraphs):
            raise _out_of_order(path, doc_id, "paragraphs")
        document.paragraphs.append((start, end))
        document.line_hashes.append(key)
    for document in by_id.values():
        document.sentences = [[] for _ in document.paragraphs]


def _add_sentences(by_id: dict[str, Document], path: str | os.PathLike[str]) -> None:
    columns = _columns(path, stage_models.SentenceSpans,
                       ("doc_id", "paragraph_index", "sentence_index", "start", "end"))  # fmt: skip
    for doc_id, paragraph, index, start, end in zip(*columns, strict=True):
        document = _document(by_id, doc_id, path)
        if not 0 <= paragraph < len(document.sentences):
            raise ValueError(f"{path}: a sentence of document {doc_id} in paragraph {paragraph}, "
                             f"which it does not have")  # fmt: skip
        spans = document.sentences[paragraph]
        if index != len(spans):
            raise _out_of_order(path, doc_id, "sentences")
        spans.append((start, end))


def _add_tags(by_id: dict[str, Document], path: str | os.PathLike[str]) -> None:
    """DocumentTags of every document from the tag stage's LanguageTags rows."""
    names = ("doc_id", "level", "paragraph_index", "language", "language_prob",
             "language_reason", "script")  # fmt: skip
    found: dict[str, dict[str, list]] = {
        doc_id: {"page": [], "paragraph": [], "sentence": []} for doc_id in by_id
    }
    for doc_id, level, paragraph, language, prob, reason, script in zip(
        *_columns(path, stage_models.LanguageTags, names), strict=True
    ):
        _document(by_id, doc_id, path)
        found[doc_id][level].append((paragraph, LanguageTag(language, prob, reason), script))
    for doc_id, levels in found.items():
        document = by_id[doc_id]
        if len(levels["page"]) != 1 or len(levels["paragraph"]) != len(document.paragraphs):
            raise ValueError(f"{path}: tags of document {doc_id} do not match its paragraphs")
        sentences: list[list[LanguageTag]] = [[] for _ in document.paragraphs]
        scripts: list[list[str | None]] = [[] for _ in document.paragraphs]
        for paragraph, tag, script in levels["sentence"]:
            sentences[paragraph].append(tag)
            scripts[paragraph].append(script)
        if list(map(len, sentences)) != list(map(len, document.sentences)):
            raise ValueError(f"{path}: tags of document {doc_id} do not match its sentences")
        (_, page, page_script), = levels["page"]  # fmt: skip
        document.tags = DocumentTags(
            page, page_script, [tag for _, tag, _ in levels["paragraph"]],
            [script for _, _, script in levels["paragraph"]], sentences, scripts,
        )  # fmt: skip


def tag_rows(documents: Sequence[Document]) -> list[tuple]:
    """The LanguageTags rows of tagged documents: the page, each paragraph, each sentence."""
    rows: list[tuple] = []
    for document in documents:
        tags = document.tags
        if tags is None:
            raise ValueError(f"document {document.id} has no tags")
        page = tags.page
        rows.append((document.id, "page", NO_INDEX, NO_INDEX, page.language, page.probability,
                     page.reason, tags.page_script))  # fmt: skip
        for index, (tag, script) in enumerate(
            zip(tags.paragraphs, tags.paragraph_scripts, strict=True)
        ):
            rows.append((document.id, "paragraph", index, NO_INDEX, tag.language,
                         tag.probability, tag.reason, script))  # fmt: skip
        for index, (paragraph, scripts) in enumerate(
            zip(tags.sentences, tags.sentence_scripts, strict=True)
        ):
            for number, (tag, script) in enumerate(zip(paragraph, scripts, strict=True)):
                rows.append((document.id, "sentence", index, number, tag.language,
                             tag.probability, tag.reason, script))  # fmt: skip
    return rows
