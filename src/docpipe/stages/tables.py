"""The tables rule: zones, metadata, comments and languages of a shard's pages, and its slice of
every final table. FinalRows is the one assembly of the final tables' rows from a document and
its page reading, shared with the bare loop (docpipe_tools.bareloop)."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import astuple, fields
from itertools import repeat
from typing import Any, NamedTuple

import polars as pl

from docpipe import memo
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.memo import Memo
from docpipe.record import Document, Tag, read_documents, tag_columns
from docpipe.schemas import FINAL_TABLES
from docpipe.schemas import stages as stage_models
from docpipe.text.language import LanguageTag
from docpipe.text.metadata import Metadata
from docpipe.text.page import read_page

logger = logging.getLogger(__name__)
# The final tables whose rows each belong to one document: all but sources (ingest's text as it
# is) and rejects (files, not documents).
PER_DOCUMENT = tuple(name for name in FINAL_TABLES if name not in ("sources", "rejects"))
# The third-party packages whose versions can change a page reading: dateparser and what it
# parses with (docpipe.memo.version adds Python's Unicode database).
TABLES_ENGINES = ("dateparser", "regex", "python-dateutil", "pytz", "tzlocal")
_METADATA = tuple(field.name for field in fields(Metadata))


class PageValues(NamedTuple):
    """What the final tables take of a page reading (docpipe.text.page), as plain values."""

    zones: list[tuple[str, str]]  # (zone, reason) of each paragraph
    metadata: tuple  # Metadata's fields, in order
    comments: list[tuple]  # (comment_index, author, posted_at, start, end)
    body_tag: Tag | None  # the body's language; None when no body paragraph is tagged
    shares: tuple[tuple[str, int, float], ...]  # the body's languages, largest first


def template_indices(document: Document, template: Collection[str]) -> list[int]:
    """The paragraphs of the document whose line is in its site's `template` (line hashes)."""
    return [index for index, key in enumerate(document.line_hashes) if key in template]


def body_text(texts: Sequence[str], zones: Sequence[tuple[str, str]]) -> str:
    """documents.text: the page's `body` paragraphs joined by blank lines."""
    body = [text for text, (zone, _) in zip(texts, zones, strict=True) if zone == "body"]
    return "\n\n".join(body)


def read_document(document: Document, template: list[int]) -> PageValues:
    """Zones, metadata, comments and body languages of a tagged document; `template`: indices
    of its paragraphs that are template lines of its site (template_indices)."""
    if document.tags is None:
        raise ValueError(f"document {document.id} has no tags")
    tags = [LanguageTag(*tag) for tag in document.tags.paragraphs]
    page = read_page(document.paragraph_texts(), document.paragraphs, template, tags)
    body = page.body
    return PageValues(
        [(zoned.zone, zoned.reason) for zoned in page.zones],
        astuple(page.metadata),
        [astuple(comment) for comment in page.comments],
        None if body is None else (body.tag.language, body.tag.probability, body.tag.reason),
        () if body is None else body.shares,
    )


class FinalRows:
    """Columns of the PER_DOCUMENT final tables, a document at a time."""

    def __init__(self, mixed_min_share: float) -> None:
        self.mixed_min_share = mixed_min_share
        self.columns = {
            name: {column: [] for column in parquet.polars_schema(FINAL_TABLES[name])}
            for name in PER_DOCUMENT
        }
        self.tags: dict[str, list[Tag]] = {"paragraphs": [], "sentences": []}

    def add(self, document: Document, page: PageValues, site: str | None) -> None:
        """The document's rows; `site`: its template site (null when it joined none)."""
        doc_id, text, tags = document.id, document.text, document.tags
        if tags is None:
            raise ValueError(f"document {doc_id} has no tags")
        texts = document.paragraph_texts()
        count = len(texts)
        columns = self.columns["paragraphs"]
        columns["doc_id"].extend(repeat(doc_id, count))
        columns["paragraph_index"].extend(range(count))
        columns["zone"] += [zone for zone, _ in page.zones]
        columns["zone_reason"] += [reason for _, reason in page.zones]
        columns["start"] += [start for start, _ in document.paragraphs]
        columns["end"] += [end for _, end in document.paragraphs]
        columns["text"] += texts
        columns["line_hash"] += document.line_hashes
        columns["script"] += tags.paragraph_scripts
        self.tags["paragraphs"] += tags.paragraphs
        columns, sentences = self.columns["sentences"], document.sentences
        columns["doc_id"].extend(repeat(doc_id, len(sentences)))
        for index, name in enumerate(("paragraph_index", "sentence_index", "start", "end")):
            columns[name] += [sentence[index] for sentence in sentences]
        columns["text"] += [text[start:end] for _, _, start, end in sentences]
        self.tags["sentences"] += tags.sentences
        for comment in page.comments:
            self._append("comments", (doc_id, *comment, text[comment[-2] : comment[-1]]))
        for share in page.shares:
            self._append("languages", (doc_id, *share))
        self._append("documents", self._document_row(document, page, site, texts, len(sentences)))

    def _append(self, table: str, row: Sequence[Any]) -> None:
        for column, value in zip(self.columns[table].values(), row, strict=True):
            column.append(value)

    def _document_row(self, document: Document, page: PageValues, site: str | None,
                      texts: list[str], sentences: int) -> list:  # fmt: skip
        source, tags = document.source, document.tags
        assert tags is not None
        language, probability, reason = tags.page if page.body_tag is None else page.body_tag
        values = {
            "doc_id": document.id, "source_path": document.path,
            **{field.name: getattr(source, field.name) for field in fields(source)},
            **dict(zip(_METADATA, page.metadata, strict=True)),
            "template_site": site, "language": language, "language_prob": probability,
            "language_reason": reason,
            # Mixed: the second-largest language share reaches the threshold.
            "mixed_language": len(page.shares) > 1 and page.shares[1][2] >= self.mixed_min_share,
            "text": body_text(texts, page.zones), "n_paragraphs": len(texts),
            "n_sentences": sentences, "n_comments": len(page.comments),
        }  # fmt: skip
        return [values[name] for name in self.columns["documents"]]

    def frames(self) -> dict[str, pl.DataFrame]:
        for table, tags in self.tags.items():
            self.columns[table].update(tag_columns(tags))
        return {name: parquet.frame(FINAL_TABLES[name], columns)
                for name, columns in self.columns.items()}  # fmt: skip


def _template(view_path: str) -> dict[str, tuple[str, set[str]]]:
    """doc_id -> (site, its template line hashes), from a shard's TemplateView."""
    found: dict[str, tuple[str, set[str]]] = {}
    view = parquet.read_table(view_path, stage_models.TemplateView)
    for doc_id, site, key in view.select("doc_id", "site", "line_hash").iter_rows():
        found.setdefault(doc_id, (site, set()))[1].add(key)
    return found


def run_tables(
    stage_paths: Mapping[str, str],
    outputs: Mapping[str, str],
    language: Mapping[str, Any],
    memo_path: str | None = None,
) -> None:
    """Read a shard's stage outputs and write its slice of every final table; with a
    `memo_path` (docpipe.memo), a page read in the shard's previous run with the same text and
    template lines (and language config, which its paragraph tags follow) is not read again."""
    documents = read_documents(stage_paths["ingest"], stage_paths["paragraphs"],
                               stage_paths["segment"], stage_paths["tag_languages"])  # fmt: skip
    template = _template(stage_paths["template_view"])
    readings = Memo(memo_path, "page", memo.version({"language": language}, TABLES_ENGINES))
    rows = FinalRows(language["mixed_min_share"])
    with CurrentDocument("tables", {document.id: document.path for document in documents}) as now:
        for document in documents:
            now.doc_id = document.id
            site, lines = template.get(document.id, (None, set()))
            indices = template_indices(document, lines)
            page = readings(
                memo.inputs_key(document.text, indices), read_document, document, indices
            )
            rows.add(document, page, site)
    readings.save()
    frames = {
        **rows.frames(),
        "sources": parquet.frame(FINAL_TABLES["sources"], {
            "doc_id": [d.id for d in documents], "text": [d.text for d in documents]}),
        "rejects": parquet.read_table(stage_paths["ingest_rejects"], stage_models.StageRejects),
    }  # fmt: skip
    del documents
    for name, model in FINAL_TABLES.items():
        parquet.write_table(frames.pop(name), model, outputs[name], name)
