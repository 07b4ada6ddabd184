"""Pandera models of every stage table and every final table.

Each model is the single source of truth for its table: pandera validates a frame against it before
the frame is written, and `docpipe.parquet.arrow_schema` derives the explicit Arrow schema from it.
"""

from docpipe.schemas.stages import (
    CleanParagraphs,
    IngestDocuments,
    SegmentSentences,
    StageRejects,
    TagComments,
    TagDocumentLanguages,
    TagLanguages,
    TagMetadata,
)
from docpipe.schemas.tables import (
    Comments,
    Documents,
    Languages,
    Paragraphs,
    Rejects,
    Sentences,
    Sources,
)

# The final tables, in the order the README documents them. Names are a contract with analysts.
FINAL_TABLES = {
    "sources": Sources,
    "documents": Documents,
    "paragraphs": Paragraphs,
    "sentences": Sentences,
    "comments": Comments,
    "languages": Languages,
    "rejects": Rejects,
}

STAGE_TABLES = {
    "ingest": IngestDocuments,
    "ingest_rejects": StageRejects,
    "clean": CleanParagraphs,
    "segment": SegmentSentences,
    "tag_languages": TagLanguages,
    "tag_document_languages": TagDocumentLanguages,
    "tag_metadata": TagMetadata,
    "tag_comments": TagComments,
}

__all__ = ["FINAL_TABLES", "STAGE_TABLES"]
