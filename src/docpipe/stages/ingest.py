"""The ingest rule: read, fingerprint and decode a shard's input files; reject what is not text."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import polars as pl

from docpipe import reuse
from docpipe.io import parquet
from docpipe.io.discover import InputFile, read_listing
from docpipe.io.sources import Decoded, ingest_files
from docpipe.provenance import code_version
from docpipe.schemas import stages as stage_models

logger = logging.getLogger(__name__)
# The third-party packages whose versions can change a stage's rows (docpipe.reuse).
INGEST_ENGINES = ("charset-normalizer",)


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


def source_paths(ingest: pl.DataFrame) -> dict[str, str]:
    return dict(ingest.select("doc_id", "source_path").iter_rows())
