"""The pipeline's stages as pure functions over polars frames, plus the I/O wrappers scripts call.

Each `*_frames` function takes the upstream stage frames and returns new ones; each `run_*` reads
the shard's upstream Parquet files, calls it, and writes validated Parquet. Nothing here knows
about Snakemake.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence

import polars as pl

from docpipe import parquet, reuse
from docpipe.discover import InputFile, read_listing
from docpipe.ingest import Decoded, ingest_files
from docpipe.language import LanguageSettings, LanguageTag, LanguageTagger
from docpipe.logs import CurrentDocument
from docpipe.paragraphs import split_paragraphs
from docpipe.provenance import code_version
from docpipe.schemas import stages as stage_models
from docpipe.scripts import dominant_script
from docpipe.segment import DEFAULT_MAX_CHARS, sentence_spans
from docpipe.templates import SIGNATURE_MAX_WORDS, line_hash, mine_grouped, page_lines

logger = logging.getLogger(__name__)
# The third-party packages whose versions can change a stage's rows (docpipe.reuse).
INGEST_ENGINES = ("charset-normalizer",)
SEGMENT_ENGINES = ("syntok",)
TAG_ENGINES = ("py3langid", "langdetect", "langdetect-rs", "numpy")


# ---- ingest -------------------------------------------------------------------------------------
def ingest_frames(
    entries: Sequence[InputFile],
    max_bytes: int,
    max_lines: int | None = None,
    known: Mapping[str, Decoded] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Decoded documents and rejects of the listed files; `known`: see ingest_files."""
    documents, rejects = ingest_files(entries, max_bytes, max_lines, known)
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


def _decoded(documents: pl.DataFrame) -> dict[str, Decoded]:
    """doc_id -> Decoded, from IngestDocuments rows."""
    columns = ("source_sha256", "size_bytes", "encoding", "encoding_confidence", "had_bom",
               "text", "decode_errors")  # fmt: skip
    return {
        doc_id: Decoded(*values)
        for doc_id, *values in documents.select("doc_id", *columns).iter_rows()
    }


def run_ingest(
    listing: str,
    max_bytes: int,
    max_lines: int,
    documents_out: str,
    rejects_out: str,
    reuse_path: str | None = None,
) -> None:
    """Ingest the shard; with a `reuse_path`, a file whose bytes hash as the previous run's
    (with the same code, limits and charset-normalizer) keeps that run's decoding. Every file
    is still read and hashed, and checked against its listing."""
    stage_fingerprint = reuse.fingerprint(
        "ingest",
        code_version(),
        {"max_bytes": max_bytes, "max_lines": max_lines,
         "engines": reuse.engine_versions(INGEST_ENGINES)},
    )  # fmt: skip
    known = (
        {}
        if reuse_path is None
        else _decoded(
            reuse.previous_rows(
                reuse_path, stage_models.IngestDocuments, stage_fingerprint, "ingest"
            )
        )
    )
    docs, rejects = ingest_frames(read_listing(listing), max_bytes, max_lines, known)
    # The key of a document is its bytes' hash: what decided whether it was reused.
    keys = dict(docs.select("doc_id", "source_sha256").iter_rows())
    reused = sum(
        doc_id in known and known[doc_id].source_sha256 == sha for doc_id, sha in keys.items()
    )
    logger.info("ingest: %d documents (%d reused), %d rejects", docs.height, reused, rejects.height)
    parquet.write_table(
        docs, stage_models.IngestDocuments, documents_out, "ingest",
        reuse.metadata(stage_fingerprint, keys, docs),
    )  # fmt: skip
    parquet.write_table(rejects, stage_models.StageRejects, rejects_out, "ingest_rejects")
    if reuse_path is not None:
        reuse.keep(documents_out, reuse_path)


# ---- clean --------------------------------------------------------------------------------------
def source_paths(ingest: pl.DataFrame) -> dict[str, str]:
    return dict(ingest.select("doc_id", "source_path").iter_rows())


def clean_frames(ingest: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Paragraph spans of every document, and the lines the templates stage mines."""
    paragraphs = parquet.empty_columns(stage_models.CleanParagraphs)
    lines = parquet.empty_columns(stage_models.CleanLines)
    with CurrentDocument("clean", source_paths(ingest)) as current:
        for doc_id, text in ingest.select("doc_id", "text").iter_rows():
            current.doc_id = doc_id
            spans = split_paragraphs(text)
            texts = [text[start:end] for start, end in spans]
            for index, (start, end) in enumerate(spans):
                paragraphs["doc_id"].append(doc_id)
                paragraphs["paragraph_index"].append(index)
                paragraphs["start"].append(start)
                paragraphs["end"].append(end)
                paragraphs["line_hash"].append(line_hash(texts[index]))
            for key, words, line in page_lines(texts):
                for column, value in zip(lines, (doc_id, key, words, line), strict=True):
                    lines[column].append(value)
    return (
        parquet.frame(stage_models.CleanParagraphs, paragraphs),
        parquet.frame(stage_models.CleanLines, lines),
    )


def run_clean(
    ingest_path: str,
    clean_out: str,
    lines_out: str,
    reuse_paths: tuple[str, str] | None = None,
) -> None:
    """Clean the shard; with `reuse_paths` (for the paragraphs, for the lines), documents whose
    text is unchanged since the previous run (with the same code) keep its rows."""
    ingest = parquet.read_table(ingest_path, stage_models.IngestDocuments)
    models = {"clean": stage_models.CleanParagraphs, "clean_lines": stage_models.CleanLines}
    results = reuse.with_reuse_tables(
        "clean",
        models,
        ingest,
        reuse.document_keys(ingest, {}),
        reuse.fingerprint("clean", code_version(), {"engines": reuse.engine_versions(())}),
        None if reuse_paths is None else dict(zip(models, reuse_paths, strict=True)),
        lambda reused: dict(zip(models, clean_frames(reuse.without(ingest, reused)), strict=True)),
    )
    for (name, model), out in zip(models.items(), (clean_out, lines_out), strict=True):
        rows, metadata = results[name]
        parquet.write_table(rows, model, out, name, metadata)
    if reuse_paths is not None:
        for out, path in zip((clean_out, lines_out), reuse_paths, strict=True):
            reuse.keep(out, path)


# ---- templates ----------------------------------------------------------------------------------
def templates_frames(
    lines: pl.DataFrame, texts: Callable[[list[str]], Mapping[str, str]], min_pages: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """mine_templates over every shard's CleanLines (doc_id, line_hash, words), grouped per page
    by polars; `texts(hashes)`: the line of each of those hashes, read for the template's lines
    alone. On the 100,000-page benchmark corpus: 2,600 -> 1,167 MiB peak and 28.0 -> 18.3 s
    against mine_templates over rows with their lines (same output)."""
    short = pl.col("words") <= SIGNATURE_MAX_WORDS
    pages = lines.group_by("doc_id").agg(
        pl.col("line_hash").filter(short).alias("signature"),
        pl.col("line_hash").filter(~short).alias("long"),
    )
    signatures, long_lines, page_hashes = {}, {}, {}
    for doc_id, signature, long in pages.iter_rows():
        # A page's lines as the same string objects as its two lists: the 100,000-page
        # corpus's 4.45 million hashes are 300 MB of Python strings per copy.
        signatures[doc_id], long_lines[doc_id] = signature, long
        page_hashes[doc_id] = signature + long
    del pages
    sites, template = mine_grouped(signatures, long_lines, page_hashes, min_pages)
    line_of = texts(sorted({key for _, key, _ in template}))
    return (
        parquet.rows_frame(
            stage_models.Templates,
            [(site, key, line_of[key], count) for site, key, count in template],
        ),
        parquet.rows_frame(stage_models.TemplateSites, sorted(sites.items())),
    )


def _line_texts(lines_paths: Sequence[str], hashes: list[str]) -> dict[str, str]:
    """line_hash -> line for `hashes`, from the shards' CleanLines (one line per hash: the hash
    is of the whitespace-normalised line, which is what `line` holds)."""
    wanted = pl.col("line_hash").is_in(hashes)
    found = pl.concat(
        [pl.scan_parquet(path).select("line_hash", "line").filter(wanted) for path in lines_paths]
    )
    return dict(found.unique("line_hash", keep="first").collect().iter_rows())


def run_templates(lines_paths: Sequence[str], min_pages: int, table_out: str, sites_out: str):
    table, sites = templates_frames(
        parquet.read_tables(lines_paths, stage_models.CleanLines, ["doc_id", "line_hash", "words"]),
        lambda hashes: _line_texts(lines_paths, hashes),
        min_pages,
    )
    logger.info("templates: %d lines of %d sites", table.height, sites["site"].n_unique())
    parquet.write_table(table, stage_models.Templates, table_out, "templates")
    parquet.write_table(sites, stage_models.TemplateSites, sites_out, "template_sites")


def view_frame(table: pl.DataFrame, sites: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """The template lines of the pages in `lines` (one shard's CleanLines): the rows of
    docpipe.templates.template_view, as joins. Snakemake computes every shard's view when it
    builds the DAG, so this runs before any job: 0.03 s for a shard of 2,500 pages (measured on
    the benchmark corpus), where template_view's loop over the rows took 0.28 s under cProfile."""
    view = (
        lines.select("doc_id", "line_hash")
        .join(sites.select("doc_id", "site"), on="doc_id")
        .join(table.select("site", "line_hash"), on=["site", "line_hash"])
        .unique()
    )
    return parquet.sort_by_key(view.select(list(parquet.polars_schema(stage_models.TemplateView))),
                               stage_models.TemplateView)  # fmt: skip


def update_view(table_path: str, sites_path: str, lines_path: str, view_out: str) -> bool:
    """Write a shard's template view only when its content changed, so that a new template that
    does not touch this shard's pages does not rerun its tables job. True when written."""
    view = view_frame(
        parquet.read_table(table_path, stage_models.Templates),
        parquet.read_table(sites_path, stage_models.TemplateSites),
        parquet.read_table(lines_path, stage_models.CleanLines, ["doc_id", "line_hash"]),
    )
    if os.path.exists(view_out):
        try:
            if parquet.read_table(view_out, stage_models.TemplateView).equals(view):
                return False
        except Exception:  # an unreadable old view is replaced
            logger.warning("replacing unreadable template view %s", view_out)
    parquet.write_table(view, stage_models.TemplateView, view_out, "template_view")
    return True


# ---- segment ------------------------------------------------------------------------------------
def segment_frame(
    ingest: pl.DataFrame, clean: pl.DataFrame, max_chars: int = DEFAULT_MAX_CHARS
) -> pl.DataFrame:
    texts = dict(ingest.select("doc_id", "text").iter_rows())
    shared = {doc_id: doc_id for doc_id in texts}  # one str per document, not one per sentence
    columns = parquet.empty_columns(stage_models.SegmentSentences)
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
    return parquet.frame(stage_models.SegmentSentences, columns)


def run_segment(
    ingest_path: str,
    clean_path: str,
    segment_out: str,
    max_chars: int,
    reuse_path: str | None = None,
) -> None:
    """Segment the shard; with a `reuse_path`, documents whose text and paragraph spans are
    unchanged since the previous run (with the same code and max_chars) keep its rows."""
    ingest = parquet.read_table(ingest_path, stage_models.IngestDocuments)
    clean = parquet.read_table(clean_path, stage_models.CleanParagraphs)
    keys = reuse.document_keys(ingest, {"paragraphs": (clean, reuse.PARAGRAPH_SPANS)})
    frame, metadata = reuse.with_reuse(
        "segment",
        stage_models.SegmentSentences,
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
    parquet.write_table(frame, stage_models.SegmentSentences, segment_out, "segment", metadata)
    if reuse_path is not None:
        reuse.keep(segment_out, reuse_path)


# ---- tag ----------------------------------------------------------------------------------------
class _Tags:
    """Language tags and scripts of a sequence of units, as columns. The values are shared
    objects (cached tags, literal reasons, script names), so a row costs four list slots."""

    def __init__(self, tagger: LanguageTagger) -> None:
        self.tagger = tagger
        self.columns: dict[str, list] = {
            "language": [], "language_prob": [], "language_reason": [], "script": []
        }  # fmt: skip

    def tag(self, unit: str) -> LanguageTag:
        tag = self.tagger.tag(unit)
        self.columns["language"].append(tag.language)
        self.columns["language_prob"].append(tag.probability)
        self.columns["language_reason"].append(tag.reason)
        self.columns["script"].append(dominant_script(unit))
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
) -> pl.DataFrame:
    """Language and script of every page, paragraph and sentence. Zones are decided later (they
    need the corpus-wide template), so the document's language is aggregated there."""
    texts = dict(ingest.select("doc_id", "text").iter_rows())
    pages, paragraphs, sentences = _Tags(tagger), _Tags(tagger), _Tags(tagger)
    with CurrentDocument("tag", source_paths(ingest)) as current:
        for doc_id, text in texts.items():
            current.doc_id = doc_id
            pages.tag(text)
        for doc_id, start, end in clean.select("doc_id", "start", "end").iter_rows():
            current.doc_id = doc_id
            paragraphs.tag(texts[doc_id][start:end])
        for doc_id, start, end in segment.select("doc_id", "start", "end").iter_rows():
            current.doc_id = doc_id
            sentences.tag(texts[doc_id][start:end])
    minus_one = pl.lit(-1, pl.Int64)
    page_keys = pl.DataFrame({"doc_id": list(texts)}, schema={"doc_id": pl.String})
    return pl.concat(
        [
            pages.frame(
                page_keys.with_columns(paragraph_index=minus_one, sentence_index=minus_one), "page"
            ),
            paragraphs.frame(
                clean.select("doc_id", "paragraph_index", sentence_index=minus_one), "paragraph"
            ),
            sentences.frame(
                segment.select("doc_id", "paragraph_index", "sentence_index"), "sentence"
            ),
        ],
        how="vertical",
    )


def run_tag(
    ingest_path: str,
    clean_path: str,
    segment_path: str,
    languages_out: str,
    language: dict,
    reuse_path: str | None = None,
) -> None:
    """Tag the shard; with a `reuse_path`, documents whose text, paragraph and sentence spans
    are unchanged since the previous run (with the same code and language config) keep its
    rows. A tag is a function of its text alone (LanguageTagger), so which documents share
    the job does not change a row."""
    ingest = parquet.read_table(ingest_path, stage_models.IngestDocuments)
    clean = parquet.read_table(clean_path, stage_models.CleanParagraphs)
    segment = parquet.read_table(segment_path, stage_models.SegmentSentences)
    tagger = LanguageTagger(LanguageSettings.from_config(language))
    spans = {
        "paragraphs": (clean, reuse.PARAGRAPH_SPANS),
        "sentences": (segment, reuse.SENTENCE_SPANS),
    }
    languages, metadata = reuse.with_reuse(
        "tag",
        stage_models.TagLanguages,
        ingest,
        reuse.document_keys(ingest, spans),
        reuse.fingerprint(
            "tag",
            code_version(),
            {"language": language, "engines": reuse.engine_versions(TAG_ENGINES)},
        ),
        reuse_path,
        lambda reused: tag_frames(
            reuse.without(ingest, reused),
            reuse.without(clean, reused),
            reuse.without(segment, reused),
            tagger,
        ),
    )
    logger.info("language engine calls: %s", tagger.engine_calls)
    parquet.write_table(
        languages, stage_models.TagLanguages, languages_out, "tag_languages", metadata
    )
    if reuse_path is not None:
        reuse.keep(languages_out, reuse_path)
