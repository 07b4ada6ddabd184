"""Pandera models of every stage table and every final table.

Each model is the single source of truth for its table: pandera validates a frame against it before
the frame is written, and `docpipe.io.parquet.arrow_schema` derives the explicit Arrow schema from
it.
"""

from docpipe.schemas.stages import (
    IngestDocuments,
    LanguageTags,
    PageLines,
    ParagraphSpans,
    SentenceSpans,
    StageRejects,
    Templates,
    TemplateSites,
    TemplateView,
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

# The final tables, in the order docs/tables.md documents them. Names are a contract with analysts.
FINAL_TABLES = {
    "sources": Sources,
    "documents": Documents,
    "paragraphs": Paragraphs,
    "sentences": Sentences,
    "comments": Comments,
    "languages": Languages,
    "rejects": Rejects,
}

# Every table a stage writes, by the stage output's name.
STAGE_TABLES = {
    "ingest": IngestDocuments,
    "ingest_rejects": StageRejects,
    "paragraphs": ParagraphSpans,
    "page_lines": PageLines,
    "segment": SentenceSpans,
    "tag_languages": LanguageTags,
    "templates": Templates,
    "template_sites": TemplateSites,
    "template_view": TemplateView,
}
__all__ = ["FINAL_TABLES", "STAGE_TABLES"]
