"""The tables rule: zones, metadata, comments and languages of a shard's pages, joined with its
stage outputs into its slice of every final table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import astuple
from typing import Any

import pandera.polars as pa
import polars as pl

from docpipe import reuse
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.provenance import code_version
from docpipe.schemas import FINAL_TABLES
from docpipe.schemas import stages as stage_models
from docpipe.stages.paragraphs import source_paths
from docpipe.text.language import LanguageTag
from docpipe.text.page import read_page
from docpipe.text.spans import source_texts, span_texts


def _slice(texts: dict[str, str], rows: pl.DataFrame) -> pl.DataFrame:
    """Add `text` = sources.text[start:end] to rows with doc_id, start, end."""
    return rows.with_columns(pl.Series("text", span_texts(texts, rows), dtype=pl.String))


def _with_language(
    rows: pl.DataFrame, languages: pl.DataFrame, level: str, keys: list[str], extra=()
) -> pl.DataFrame:
    tags = languages.filter(pl.col("level") == level).select(
        *keys, "language", "language_prob", "language_reason", *extra
    )
    return rows.join(tags, on=keys, how="left")


# What page_frames builds of each page, from read_page alone. doc_id is every model's first
# column.
PAGE_PARTS: dict[str, type[pa.DataFrameModel]] = {
    "zones": stage_models.PageZones,
    "document_languages": stage_models.DocumentLanguages,
    "metadata": stage_models.PageMetadata,
    "comments": stage_models.PageComments,
    "documents": stage_models.LanguageTags,
}
# The final tables whose rows belong to one document each, reused for unchanged documents
# (docpipe.reuse); sources is ingest's text as it is, rejects are files, not documents.
REUSED_TABLES = ("documents", "paragraphs", "sentences", "comments", "languages")
# The third-party packages whose versions can change a page's rows: dateparser and what it
# parses with (docpipe.reuse.engine_versions adds Python's Unicode database).
TABLES_ENGINES = ("dateparser", "regex", "python-dateutil", "pytz", "tzlocal")

PageRows = dict[str, list[tuple]]


def page_rows(
    ingest: pl.DataFrame, clean: pl.DataFrame, languages: pl.DataFrame, view: pl.DataFrame
) -> dict[str, PageRows]:
    """Per page (doc_id): zones (with the site template), metadata, reader comments, and the
    document's language from its body paragraphs (the whole page's tag when none is tagged),
    as the rows of each of PAGE_PARTS without their doc_id."""
    template = view.group_by("doc_id").agg("line_hash")
    template_lines = {doc_id: set(keys) for doc_id, keys in template.iter_rows()}
    paragraph_tags = {
        (doc_id, paragraph): LanguageTag(language, prob, reason)
        for doc_id, paragraph, language, prob, reason in languages.filter(
            pl.col("level") == "paragraph"
        )
        .select("doc_id", "paragraph_index", "language", "language_prob", "language_reason")
        .iter_rows()
    }
    page_tags = {
        doc_id: row
        for doc_id, *row in languages.filter(pl.col("level") == "page")
        .select("doc_id", "language", "language_prob", "language_reason", "script")
        .iter_rows()
    }
    pages: dict[str, PageRows] = {}
    by_doc = clean.sort("doc_id", "paragraph_index").partition_by("doc_id", as_dict=True)
    with CurrentDocument("tables", source_paths(ingest)) as current:
        for doc_id, text in ingest.select("doc_id", "text").iter_rows():
            current.doc_id = doc_id
            paragraphs = by_doc.get((doc_id,))
            rows = (
                []
                if paragraphs is None
                else list(paragraphs.select("start", "end", "line_hash").iter_rows())
            )
            spans = [(start, end) for start, end, _ in rows]
            texts = [text[start:end] for start, end in spans]
            keys = template_lines.get(doc_id, set())
            page = read_page(
                texts,
                spans,
                [i for i, (_, _, key) in enumerate(rows) if key in keys],
                [paragraph_tags[(doc_id, i)] for i in range(len(rows))],
            )
            page_tag = page_tags[doc_id]
            document = page.document_tag(LanguageTag(*page_tag[:3]))
            document_row = (
                "document", -1, -1, document.language, document.probability, document.reason,
                page_tag[3],
            )  # fmt: skip
            pages[doc_id] = {
                "zones": [(i, z.zone, z.reason) for i, z in enumerate(page.zones)],
                "document_languages": [] if page.body is None else list(page.body.shares),
                "metadata": [astuple(page.metadata)],
                "comments": [astuple(c) for c in page.comments],
                "documents": [document_row],
            }
    return pages


def assemble_pages(
    ingest: pl.DataFrame, pages: Mapping[str, Mapping[str, Sequence[Sequence[Any]]]]
) -> dict[str, pl.DataFrame]:
    """The frames of PAGE_PARTS from every page's rows, in the order of `ingest`."""
    rows: dict[str, list[tuple]] = {part: [] for part in PAGE_PARTS}
    for doc_id in ingest.get_column("doc_id"):
        for part, part_rows in rows.items():
            part_rows += [(doc_id, *row) for row in pages[doc_id][part]]
    return {part: parquet.rows_frame(model, rows[part]) for part, model in PAGE_PARTS.items()}


def page_frames(
    ingest: pl.DataFrame, clean: pl.DataFrame, languages: pl.DataFrame, view: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    """Per page: zones, metadata, comments and the document's language (page_rows), as frames."""
    return assemble_pages(ingest, page_rows(ingest, clean, languages, view))


def final_frames(
    ingest: pl.DataFrame,
    rejects: pl.DataFrame,
    clean: pl.DataFrame,
    segment: pl.DataFrame,
    languages: pl.DataFrame,
    view: pl.DataFrame,
    mixed_min_share: float,
) -> dict[str, pl.DataFrame]:
    """The final tables of a shard's documents (those of `ingest`)."""
    pages = page_frames(ingest, clean, languages, view)
    languages = pl.concat([languages, pages["documents"]])
    document_languages, metadata, comments = (
        pages["document_languages"], pages["metadata"], pages["comments"]
    )  # fmt: skip
    sources = ingest.select("doc_id", "text")
    texts = source_texts(sources)
    paragraphs = _with_language(
        _slice(texts, clean.join(pages["zones"], on=["doc_id", "paragraph_index"])),
        languages,
        "paragraph",
        ["doc_id", "paragraph_index"],
        ["script"],
    )
    sentences = _with_language(
        _slice(texts, segment),
        languages,
        "sentence",
        ["doc_id", "paragraph_index", "sentence_index"],
    )
    comment_rows = _slice(texts, comments)
    body = (
        paragraphs.filter(pl.col("zone") == "body")
        .sort("doc_id", "paragraph_index")
        .group_by("doc_id", maintain_order=True)
        .agg(pl.col("text").str.join("\n\n").alias("body"))
    )
    counts = [
        paragraphs.group_by("doc_id").len("n_paragraphs"),
        sentences.group_by("doc_id").len("n_sentences"),
        comment_rows.group_by("doc_id").len("n_comments"),
    ]
    documents = (
        ingest.drop("text")
        .join(metadata, on="doc_id", how="left")
        .join(
            view.select("doc_id", pl.col("site").alias("template_site")).unique(),
            on="doc_id",
            how="left",
        )
    )
    documents = _with_language(documents, languages, "document", ["doc_id"])
    documents = documents.join(body, on="doc_id", how="left").with_columns(
        pl.col("body").fill_null("").alias("text")
    )
    for count in counts:
        documents = documents.join(count, on="doc_id", how="left")
    # Mixed: the second-largest language share reaches the threshold.
    mixed = document_languages.group_by("doc_id").agg(
        (pl.col("share").sort(descending=True).slice(1, 1).first() >= mixed_min_share)
        .fill_null(False)
        .alias("mixed_language")
    )
    documents = documents.join(mixed, on="doc_id", how="left").with_columns(
        pl.col("mixed_language").fill_null(False)
    )
    documents = documents.with_columns(
        pl.col("n_paragraphs", "n_sentences", "n_comments").fill_null(0).cast(pl.Int64)
    )
    return {
        "sources": sources,
        "documents": documents,
        "paragraphs": paragraphs,
        "sentences": sentences,
        "comments": comment_rows,
        "languages": document_languages,
        "rejects": rejects,
    }


def run_tables(
    stage_paths: Mapping[str, str],
    outputs: Mapping[str, str],
    mixed_min_share: float,
    reuse_paths: Mapping[str, str] | None = None,
) -> None:
    """Read a shard's stage outputs and write its slice of every final table; with
    `reuse_paths` (one per REUSED_TABLES), documents whose inputs are unchanged since the
    previous run (with the same code, engines and params) keep that run's rows of those tables,
    and this run's are kept there."""
    ingest = parquet.read_table(stage_paths["ingest"], stage_models.IngestDocuments)
    rejects = parquet.read_table(stage_paths["ingest_rejects"], stage_models.StageRejects)
    clean = parquet.read_table(stage_paths["paragraphs"], stage_models.ParagraphSpans)
    segment = parquet.read_table(stage_paths["segment"], stage_models.SentenceSpans)
    languages = parquet.read_table(stage_paths["tag_languages"], stage_models.LanguageTags)
    view = parquet.read_table(stage_paths["template_view"], stage_models.TemplateView)
    # Every column of every row final_frames reads of a document (its text is in every key).
    keys = reuse.document_keys(
        ingest,
        {
            name: (frame, [column for column in frame.columns if column != "doc_id"])
            for name, frame in {
                "ingest": ingest.drop("text"), "paragraphs": clean, "sentences": segment,
                "tags": languages, "template": view,
            }.items()
        },
    )  # fmt: skip
    stage_fingerprint = reuse.fingerprint(
        "tables",
        code_version(),
        {"mixed_min_share": mixed_min_share, "engines": reuse.engine_versions(TABLES_ENGINES)},
    )
    models = {name: FINAL_TABLES[name] for name in REUSED_TABLES}

    def compute(reused: frozenset[str]) -> dict[str, pl.DataFrame]:
        frames = final_frames(
            ingest=reuse.without(ingest, reused),
            rejects=rejects,
            clean=reuse.without(clean, reused),
            segment=reuse.without(segment, reused),
            languages=reuse.without(languages, reused),
            view=reuse.without(view, reused),
            mixed_min_share=mixed_min_share,
        )
        schemas = {name: parquet.polars_schema(model) for name, model in models.items()}
        return {
            name: frames[name].select(list(schema)).cast(schema) for name, schema in schemas.items()
        }  # type: ignore[arg-type]

    # The keys go beside the reuse links, not into the final tables analysts read: those carry
    # only their rows, so their bytes change only when a row does.
    results = reuse.with_reuse_tables(
        "tables", models, ingest, keys, stage_fingerprint, reuse_paths, compute, keys_beside=True
    )
    whole = {"sources": ingest.select("doc_id", "text"), "rejects": rejects}
    for name, model in FINAL_TABLES.items():
        rows = results[name][0] if name in results else whole[name]
        parquet.write_table(rows, model, outputs[name], name)
    if reuse_paths is not None:
        for name in REUSED_TABLES:
            reuse.keep(outputs[name], reuse_paths[name], keys=results[name][1])
