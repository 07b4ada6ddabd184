"""The final tables of one shard, joined from the stage outputs, and the run's manifest."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import astuple
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

from docpipe import parquet, reuse
from docpipe.discover import read_listing
from docpipe.files import atomic_path
from docpipe.ingest import sha256_file
from docpipe.language import LanguageTag
from docpipe.logs import CurrentDocument
from docpipe.page import read_page
from docpipe.provenance import code_version, package_versions
from docpipe.schemas import FINAL_TABLES
from docpipe.schemas import stages as stage_models
from docpipe.schemas import tables as table_models
from docpipe.spans import source_texts, span_texts
from docpipe.stages import source_paths

logger = logging.getLogger(__name__)

# Packages whose versions can change the tables' content or bytes.
RECORDED_PACKAGES = (
    "docpipe", "snakemake", "pandera", "polars", "pyarrow", "charset-normalizer", "langdetect",
    "syntok", "dateparser", "py3langid",
)  # fmt: skip


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


# What page_frames builds of each page, from read_page alone: the frames the tables job reuses
# (docpipe.reuse). doc_id is every model's first column.
PAGE_PARTS: dict[str, type[pa.DataFrameModel]] = {
    "zones": stage_models.TagZones,
    "document_languages": stage_models.TagDocumentLanguages,
    "metadata": stage_models.TagMetadata,
    "comments": stage_models.TagComments,
    "documents": stage_models.TagLanguages,
}
# The third-party packages whose versions can change a page's results: dateparser and what it
# parses with (docpipe.reuse.engine_versions adds Python's Unicode database).
TABLES_ENGINES = ("dateparser", "regex", "python-dateutil", "pytz", "tzlocal")
# What page_frames reads of a document besides its text: its paragraphs' spans and line hashes,
# its template lines, and its page and paragraph tags (sentence tags it never reads).
PARAGRAPH_ROWS = (*reuse.PARAGRAPH_SPANS, "line_hash")
TEMPLATE_ROWS = ("site", "line_hash")
TAG_ROWS = (
    "level", "paragraph_index", "sentence_index", "language", "language_prob",
    "language_reason", "script",
)  # fmt: skip
TAG_LEVELS = ("page", "paragraph")

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
    """The frames of PAGE_PARTS from every page's rows, in the order of `ingest` (whether a
    page's rows were computed or reused does not change where they go)."""
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


def _iso(value: object) -> str:
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} in a page's rows")


def encode_page(rows: PageRows) -> str:
    """One page's rows as JSON: floats as their shortest repr (exact), dates and times as ISO
    8601, lone surrogates escaped (ASCII)."""
    return json.dumps(
        {part: rows[part] for part in PAGE_PARTS},
        separators=(",", ":"),
        ensure_ascii=True,
        allow_nan=False,
        default=_iso,
    )


@functools.cache
def _decoders(model: type[pa.DataFrameModel]) -> tuple[Callable[[Any], Any] | None, ...]:
    """Per column after doc_id: how to turn its JSON value back into a Python value (cached:
    building a model's schema is most of the time of decoding a page)."""
    decoders: list[Callable[[Any], Any] | None] = []
    for dtype in list(parquet.polars_schema(model).values())[1:]:
        if dtype == pl.Datetime:
            decoders.append(dt.datetime.fromisoformat)
        elif dtype == pl.Date:
            decoders.append(dt.date.fromisoformat)
        else:
            decoders.append(None)
    return tuple(decoders)


def decode_page(text: str) -> PageRows:
    """The rows `encode_page` wrote; ValueError when they are not rows of PAGE_PARTS."""
    found = json.loads(text)
    if not isinstance(found, dict) or sorted(found) != sorted(PAGE_PARTS):
        raise ValueError("a page's rows do not name exactly the page frames")
    pages: PageRows = {}
    for part, model in PAGE_PARTS.items():
        decoders = _decoders(model)
        rows = found[part]
        if not isinstance(rows, list) or not all(
            isinstance(row, list) and len(row) == len(decoders) for row in rows
        ):
            raise ValueError(f"a page's {part} rows do not have the model's columns")
        if not any(decoders):
            pages[part] = [tuple(row) for row in rows]
            continue
        pages[part] = [
            tuple(
                value if decode is None or value is None else decode(value)
                for decode, value in zip(decoders, row, strict=True)
            )
            for row in rows
        ]
    return pages


def pages_frame(pages: Mapping[str, PageRows]) -> pl.DataFrame:
    """The pages' rows as a TablesPages frame, what the reuse file keeps."""
    return parquet.frame(
        stage_models.TablesPages,
        {"doc_id": list(pages), "rows": [encode_page(rows) for rows in pages.values()]},
    )


def final_frames(
    ingest: pl.DataFrame,
    rejects: pl.DataFrame,
    clean: pl.DataFrame,
    segment: pl.DataFrame,
    languages: pl.DataFrame,
    view: pl.DataFrame,
    mixed_min_share: float,
    pages: Mapping[str, pl.DataFrame] | None = None,
) -> dict[str, pl.DataFrame]:
    """The final tables of a shard; `pages`: its page_frames, when already made (reused)."""
    if pages is None:
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
    reuse_path: str | None = None,
) -> None:
    """Read a shard's stage outputs and write its slice of every final table; with a
    `reuse_path`, pages whose inputs are unchanged since the previous run (with the same code
    and engines) keep what that run read of them (page_rows), and this run's is kept there."""
    ingest = parquet.read_table(stage_paths["ingest"], stage_models.IngestDocuments)
    clean = parquet.read_table(stage_paths["clean"], stage_models.CleanParagraphs)
    segment = parquet.read_table(stage_paths["segment"], stage_models.SegmentSentences)
    languages = parquet.read_table(stage_paths["tag_languages"], stage_models.TagLanguages)
    view = parquet.read_table(stage_paths["template_view"], stage_models.TemplateView)
    stored, metadata = _page_rows_with_reuse(
        ingest, clean, segment, languages, view, mixed_min_share, reuse_path
    )
    try:
        pages = {doc_id: decode_page(rows) for doc_id, rows in stored.iter_rows()}
    except ValueError as error:  # json's errors are ValueErrors too
        # Only reused rows can fail (this run's were just encoded): a damaged reuse file is a
        # reason to compute again, never a failed job.
        logger.warning(
            "tables: ignoring reuse file %s, whose rows do not decode (%s); computing every "
            "document", reuse_path, error,
        )  # fmt: skip
        stored, metadata = _page_rows_with_reuse(
            ingest, clean, segment, languages, view, mixed_min_share, None
        )
        pages = {doc_id: decode_page(rows) for doc_id, rows in stored.iter_rows()}
    frames = final_frames(
        ingest=ingest,
        rejects=parquet.read_table(stage_paths["ingest_rejects"], stage_models.StageRejects),
        clean=clean,
        segment=segment,
        languages=languages,
        view=view,
        mixed_min_share=mixed_min_share,
        pages=assemble_pages(ingest, pages),
    )
    for name, model in FINAL_TABLES.items():
        parquet.write_table(frames[name], model, outputs[name], name)
    if reuse_path is not None:
        # Not a declared output (Snakemake would delete it before the rerun that reads it):
        # written straight to where the next run looks, atomically, after the tables.
        parquet.write_table(stored, stage_models.TablesPages, reuse_path, "tables_pages", metadata)


def _page_rows_with_reuse(
    ingest: pl.DataFrame,
    clean: pl.DataFrame,
    segment: pl.DataFrame,
    languages: pl.DataFrame,
    view: pl.DataFrame,
    mixed_min_share: float,
    reuse_path: str | None,
) -> tuple[pl.DataFrame, dict[str, str]]:
    """Every page's encoded page_rows (TablesPages), reused where the document's key matches,
    and the reuse metadata to keep them with."""
    tags = languages.filter(pl.col("level").is_in(TAG_LEVELS))
    keys = reuse.document_keys(
        ingest,
        {
            # As the tag stage keys a document (page_rows reads no sentence, but a changed
            # sentence span means a changed document all the same)...
            "paragraphs": (clean, PARAGRAPH_ROWS),
            "sentences": (segment, reuse.SENTENCE_SPANS),
            # ...plus the template lines that decide its zones and the tags its language is
            # aggregated from: both can change while the document does not.
            "template": (view, TEMPLATE_ROWS),
            "tags": (tags, TAG_ROWS),
        },
    )
    stage_fingerprint = reuse.fingerprint(
        "tables",
        code_version(),
        # mixed_min_share is applied after page_rows; kept in the fingerprint so that the
        # stage's whole config is, as for the other stages.
        {"mixed_min_share": mixed_min_share, "engines": reuse.engine_versions(TABLES_ENGINES)},
    )
    return reuse.with_reuse(
        "tables",
        stage_models.TablesPages,
        ingest,
        keys,
        stage_fingerprint,
        reuse_path,
        lambda reused: pages_frame(
            page_rows(
                reuse.without(ingest, reused),
                reuse.without(clean, reused),
                reuse.without(tags, reused),
                reuse.without(view, reused),
            )
        ),
    )


# ---- manifest -----------------------------------------------------------------------------------
def build_manifest(
    listing_paths: Sequence[str],
    documents_paths: Sequence[str],
    rejects_paths: Sequence[str],
    output_paths: Sequence[str],
    config: Mapping[str, Any],
    results_dir: str,
    input_dir: str,
) -> dict[str, Any]:
    """Every input (path, size, sha256, where it went), every output's sha256, config, versions."""
    # Only the columns the manifest records: the documents' bodies would make this one job's
    # memory grow with the corpus.
    documents = parquet.read_tables(
        documents_paths,
        table_models.Documents,
        ["source_path", "size_bytes", "source_sha256", "doc_id"],
    )
    rejects = parquet.read_tables(
        rejects_paths,
        table_models.Rejects,
        ["source_path", "size_bytes", "source_sha256", "reason"],
    )
    seen: dict[str, dict[str, Any]] = {}
    for path, size, sha, doc_id in documents.iter_rows():
        seen[path] = {"size_bytes": size, "sha256": sha, "doc_id": doc_id, "rejected": None}
    for path, size, sha, reason in rejects.iter_rows():
        seen[path] = {"size_bytes": size, "sha256": sha, "doc_id": None, "rejected": reason}
    relpaths = sorted(entry.relpath for path in listing_paths for entry in read_listing(path))
    inputs = [{"path": relpath, **seen.get(relpath, {"missing": True})} for relpath in relpaths]
    results = Path(results_dir)
    outputs = {
        Path(path).relative_to(results).as_posix(): sha256_file(path)
        for path in sorted(output_paths)
    }
    return {
        "inputs": inputs,
        "outputs": outputs,
        "config": dict(config),
        "input_dir": input_dir,  # config's input_dir resolved to a folder
        "code_version": code_version(),
        "packages": package_versions(RECORDED_PACKAGES),
    }


def write_manifest(manifest: Mapping[str, Any], path: str) -> None:
    with atomic_path(path) as temporary:
        temporary.write_text(
            json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
