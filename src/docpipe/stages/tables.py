"""The tables rule: zones, metadata, comments and languages of a shard's pages, and its slice of
every final table. FinalRows is the one assembly of the final tables' rows from a document and
its page reading, shared with the bare loop (docpipe_tools.bareloop)."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import fields

import polars as pl

from docpipe import memo
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.memo import Memo
from docpipe.record import Document, read_documents
from docpipe.schemas import FINAL_TABLES
from docpipe.schemas import stages as stage_models
from docpipe.text.language import LanguageTag
from docpipe.text.page import PageReading, read_page
from docpipe.text.zones import Zoned

logger = logging.getLogger(__name__)
# The final tables whose rows each belong to one document: all but sources (ingest's text as it
# is) and rejects (files, not documents).
PER_DOCUMENT = tuple(name for name in FINAL_TABLES if name not in ("sources", "rejects"))
# The third-party packages whose versions can change a page reading: dateparser and what it
# parses with (docpipe.memo.version adds Python's Unicode database).
TABLES_ENGINES = ("dateparser", "regex", "python-dateutil", "pytz", "tzlocal")
_DOCUMENT_COLUMNS = tuple(parquet.polars_schema(FINAL_TABLES["documents"]))


def _tag(tag: LanguageTag) -> tuple[str | None, float | None, str | None]:
    return tag.language, tag.probability, tag.reason


def template_indices(document: Document, template: Collection[str]) -> list[int]:
    """The paragraphs of the document whose line is in its site's `template` (line hashes)."""
    return [index for index, key in enumerate(document.line_hashes) if key in template]


def body_text(texts: Sequence[str], zones: Sequence[Zoned]) -> str:
    """documents.text: the page's `body` paragraphs joined by blank lines."""
    body = [text for text, zoned in zip(texts, zones, strict=True) if zoned.zone == "body"]
    return "\n\n".join(body)


def read_document(document: Document, template: list[int]) -> PageReading:
    """Zones, metadata, comments and body languages of a tagged document; `template`: indices
    of its paragraphs that are template lines of its site (template_indices)."""
    if document.tags is None:
        raise ValueError(f"document {document.id} has no tags")
    return read_page(
        document.paragraph_texts(), document.paragraphs, template, document.tags.paragraphs
    )


class FinalRows:
    """Rows of the PER_DOCUMENT final tables, in each model's column order, a document at a
    time."""

    def __init__(self, mixed_min_share: float) -> None:
        self.mixed_min_share = mixed_min_share
        self.rows: dict[str, list[tuple]] = {name: [] for name in PER_DOCUMENT}

    def add(self, document: Document, reading: PageReading, site: str | None) -> None:
        """The document's rows; `site`: its template site (null when it joined none)."""
        doc_id, text, tags = document.id, document.text, document.tags
        if tags is None:
            raise ValueError(f"document {doc_id} has no tags")
        paragraphs = zip(document.paragraphs, document.line_hashes, reading.zones, tags.paragraphs,
                         tags.paragraph_scripts, strict=True)  # fmt: skip
        texts = document.paragraph_texts()
        for index, ((start, end), key, zoned, tag, script) in enumerate(paragraphs):
            self.rows["paragraphs"].append((doc_id, index, zoned.zone, zoned.reason, start, end,
                                            texts[index], key, *_tag(tag), script))  # fmt: skip
        sentences = self.rows["sentences"]
        for index, spans in enumerate(document.sentences):
            for number, ((start, end), tag) in enumerate(
                zip(spans, tags.sentences[index], strict=True)
            ):
                sentences.append((doc_id, index, number, start, end, text[start:end], *_tag(tag)))
        for c in reading.comments:
            self.rows["comments"].append((doc_id, c.comment_index, c.author, c.posted_at,
                                          c.start, c.end, text[c.start : c.end]))  # fmt: skip
        shares = () if reading.body is None else reading.body.shares
        self.rows["languages"] += [(doc_id, *share) for share in shares]
        body = body_text(texts, reading.zones)
        self.rows["documents"].append(self._document_row(document, reading, site, body))

    def _document_row(
        self, document: Document, reading: PageReading, site: str | None, body: str
    ) -> tuple:
        source, tags = document.source, document.tags
        assert tags is not None
        shares = () if reading.body is None else reading.body.shares
        tag = reading.document_tag(tags.page)
        values = {
            "doc_id": document.id, "source_path": document.path,
            **{field.name: getattr(source, field.name) for field in fields(source)},
            **{field.name: getattr(reading.metadata, field.name)
               for field in fields(reading.metadata)},
            "template_site": site, "language": tag.language, "language_prob": tag.probability,
            "language_reason": tag.reason,
            # Mixed: the second-largest language share reaches the threshold.
            "mixed_language": len(shares) > 1 and shares[1][2] >= self.mixed_min_share,
            "text": body, "n_paragraphs": len(document.paragraphs),
            "n_sentences": sum(map(len, document.sentences)),
            "n_comments": len(reading.comments),
        }  # fmt: skip
        return tuple(values[name] for name in _DOCUMENT_COLUMNS)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: parquet.rows_frame(FINAL_TABLES[name], rows)
                for name, rows in self.rows.items()}  # fmt: skip


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
    mixed_min_share: float,
    memo_path: str | None = None,
) -> None:
    """Read a shard's stage outputs and write its slice of every final table; with a
    `memo_path` (docpipe.memo), a page read in the shard's previous run with the same text,
    spans, template lines and tags is not read again."""
    documents = read_documents(stage_paths["ingest"], stage_paths["paragraphs"],
                               stage_paths["segment"], stage_paths["tag_languages"])  # fmt: skip
    template = _template(stage_paths["template_view"])
    readings = Memo(memo_path, "page", memo.version({}, TABLES_ENGINES))
    rows = FinalRows(mixed_min_share)
    with CurrentDocument("tables", {document.id: document.path for document in documents}) as now:
        for document in documents:
            now.doc_id = document.id
            site, lines = template.get(document.id, (None, set()))
            indices = template_indices(document, lines)
            tags = [_tag(tag) for tag in document.tags.paragraphs] if document.tags else None
            key = memo.inputs_key(document.text, document.paragraphs, indices, tags)
            reading = readings(key, read_document, document, indices)
            rows.add(document, reading, site)
    readings.save()
    frames = {
        **rows.frames(),
        "sources": pl.DataFrame(
            {"doc_id": [d.id for d in documents], "text": [d.text for d in documents]},
            schema=parquet.polars_schema(FINAL_TABLES["sources"]),
        ),
        "rejects": parquet.read_table(stage_paths["ingest_rejects"], stage_models.StageRejects),
    }
    del documents
    for name, model in FINAL_TABLES.items():
        parquet.write_table(frames.pop(name), model, outputs[name], name)
