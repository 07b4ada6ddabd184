"""The annotate rule: sentence spans (segment) and language tags (tag) of one shard's documents,
in one process, one document record each.

Each step writes its own stage table, so what it found stays addressable and checked by its
schema; but the shard's texts are read and held once. As two jobs, each step was a process that
imported polars, pandera and the text modules (about 0.6 s) and read the shard's texts back from
Parquet. The ingest job stays apart: the templates job needs only its lines, so a document that
fails in segment or tag stops its own shard's tables, not every shard's (--keep-going).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from docpipe.io import parquet
from docpipe.io.models import cached_py3langid_model
from docpipe.record import read_documents
from docpipe.schemas import stages as stage_models
from docpipe.stages.segment import segment_frame
from docpipe.stages.tag import tag_frame
from docpipe.text.language import LanguageSettings, LanguageTagger
from docpipe.text.sentences import SegmentSettings

# The step memoised under each memo name (docpipe.memo), as the rule's memo_file names them.
MEMOS = ("sentences", "tags")


def run_annotate(
    ingest_path: str,
    paragraphs_path: str,
    outputs: Mapping[str, str],
    segment: Mapping[str, Any],
    language: dict[str, Any],
    memo_paths: Mapping[str, str] | None = None,
    model_cache: str | None = None,
) -> None:
    """Segment and tag the shard of the ingest job's documents and paragraphs. `outputs`: where
    the sentences and the languages go; `segment` and `language`: those keys of the config;
    `memo_paths`: one per MEMOS name, and `model_cache`: where py3langid's model is kept
    decompressed (docpipe.io.models) (None: reuse off)."""
    memos = {name: None if memo_paths is None else memo_paths[name] for name in MEMOS}
    segmenter = SegmentSettings.from_config(segment)
    documents = read_documents(ingest_path, paragraphs_path)
    sentences = segment_frame(documents, segmenter, memos["sentences"])
    parquet.write_table(sentences, stage_models.SentenceSpans, outputs["sentences"], "segment")
    del sentences

    settings = LanguageSettings.from_config(language)
    if model_cache is None:
        tagger = LanguageTagger(settings)
    else:
        tagger = LanguageTagger(settings, partial(cached_py3langid_model, model_cache))
    tags = tag_frame(documents, tagger, language, segmenter, memos["tags"])
    parquet.write_table(tags, stage_models.LanguageTags, outputs["languages"], "tag_languages")
