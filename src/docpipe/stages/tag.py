"""The tag rule: language and writing system of every page, paragraph and sentence."""

from __future__ import annotations

import logging

import polars as pl

from docpipe import reuse
from docpipe.io import parquet
from docpipe.logs import CurrentDocument
from docpipe.provenance import code_version
from docpipe.schemas import stages as stage_models
from docpipe.stages.ingest import source_paths
from docpipe.text.language import LanguageSettings, LanguageTag, LanguageTagger
from docpipe.text.writing_systems import dominant_script

logger = logging.getLogger(__name__)
# The third-party packages whose versions can change a stage's rows (docpipe.reuse).
TAG_ENGINES = ("py3langid", "langdetect", "langdetect-rs", "numpy")


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
        schema = parquet.polars_schema(stage_models.LanguageTags)
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
    paragraphs_path: str,
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
    clean = parquet.read_table(paragraphs_path, stage_models.ParagraphSpans)
    segment = parquet.read_table(segment_path, stage_models.SentenceSpans)
    tagger = LanguageTagger(LanguageSettings.from_config(language))
    spans = {
        "paragraphs": (clean, reuse.PARAGRAPH_SPANS),
        "sentences": (segment, reuse.SENTENCE_SPANS),
    }
    languages, metadata = reuse.with_reuse(
        "tag",
        stage_models.LanguageTags,
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
        languages, stage_models.LanguageTags, languages_out, "tag_languages", metadata
    )
    if reuse_path is not None:
        reuse.keep(languages_out, reuse_path)
