"""The ingest rule: read, fingerprint and decode a shard's input files, rejecting what is not
text; then split the documents into paragraphs (docpipe.stages.paragraphs), in the same process."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence

import polars as pl

from docpipe import memo
from docpipe.io import parquet
from docpipe.io.discover import InputFile, read_listing
from docpipe.io.sources import Decoded, Rejected, decode_bytes, ingest_files
from docpipe.memo import Memo
from docpipe.record import documents_of
from docpipe.schemas import stages as stage_models
from docpipe.stages.paragraphs import paragraph_frames

logger = logging.getLogger(__name__)
# The third-party packages whose versions can change a decoding (docpipe.memo.version).
INGEST_ENGINES = ("charset-normalizer",)
# The step memoised under each memo name (docpipe.memo), as the rule's memo_file names them.
MEMOS = ("decode", "paragraphs")


def ingest_frames(
    entries: Sequence[InputFile],
    max_bytes: int,
    max_lines: int | None = None,
    decode: Callable[[bytes], Decoded | Rejected] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Decoded documents and rejects of the listed files; `decode`: see read_and_decode."""
    documents, rejects = ingest_files(entries, max_bytes, max_lines, decode)
    docs = parquet.frame(
        stage_models.IngestDocuments,
        {
            "doc_id": [doc_id for doc_id, _, _ in documents],
            "source_path": [relpath for _, relpath, _ in documents],
            **{
                name: [getattr(decoded, name) for _, _, decoded in documents]
                for name in stage_models.IngestDocuments.to_schema().columns
                if name not in ("doc_id", "source_path")
            },
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


def ingest_shard(
    listing: str, max_bytes: int, max_lines: int, memo_path: str | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The documents and rejects of the shard's listing; with a `memo_path` (docpipe.memo), a
    file whose bytes hash as in the shard's previous run keeps that run's decoding. Every file is
    still read and hashed, and checked against its listing."""
    decoded = Memo(memo_path, "decode", memo.version({}, INGEST_ENGINES))

    def decode(data: bytes) -> Decoded | Rejected:
        return decoded(hashlib.sha256(data).hexdigest(), decode_bytes, data)

    docs, rejects = ingest_frames(read_listing(listing), max_bytes, max_lines, decode)
    logger.info("ingest: %d documents, %d rejects", docs.height, rejects.height)
    decoded.save()
    return docs, rejects


def run_ingest(
    listing: str,
    outputs: Mapping[str, str],
    max_bytes: int,
    max_lines: int,
    memo_paths: Mapping[str, str] | None = None,
) -> None:
    """Ingest the shard in `listing` and split its documents into paragraphs. `outputs`: where
    the documents, rejects, paragraphs and template candidate lines go; `memo_paths`: one per
    MEMOS name (None: reuse off)."""
    memos = {name: None if memo_paths is None else memo_paths[name] for name in MEMOS}
    docs, rejects = ingest_shard(listing, max_bytes, max_lines, memos["decode"])
    parquet.write_table(docs, stage_models.IngestDocuments, outputs["documents"], "ingest")
    parquet.write_table(rejects, stage_models.StageRejects, outputs["rejects"], "ingest_rejects")
    documents = documents_of(docs)
    del docs
    paragraphs, lines = paragraph_frames(documents, memos["paragraphs"])
    parquet.write_table(
        paragraphs, stage_models.ParagraphSpans, outputs["paragraphs"], "paragraphs"
    )
    parquet.write_table(lines, stage_models.PageLines, outputs["lines"], "page_lines")
