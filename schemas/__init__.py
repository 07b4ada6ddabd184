"""Pandera models of every stage table and every final table.

Each model is the single source of truth for its table: pandera validates a frame against it before
the frame is written, and `docpipe.io.parquet.arrow_schema` derives the explicit Arrow schema from
it. The models are imported when first asked for (`FINAL_TABLES`, `STAGE_TABLES`, a model by
name): pandera's import takes about 0.4 s, which every `snakemake` start (the Snakefile needs the
tables' names and this package's folder, not the models) would otherwise pay.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# The final tables, in the order docs/tables.md documents them, and their models in
# docpipe.schemas.tables. Names are a contract with analysts.
FINAL_TABLE_MODELS = {
    "sources": "Sources",
    "documents": "Documents",
    "paragraphs": "Paragraphs",
    "sentences": "Sentences",
    "comments": "Comments",
    "languages": "Languages",
    "rejects": "Rejects",
}
FINAL_TABLE_NAMES = tuple(FINAL_TABLE_MODELS)

# Every table a stage writes, by the stage output's name, and its model in docpipe.schemas.stages.
STAGE_TABLE_MODELS = {
    "ingest": "IngestDocuments",
    "ingest_rejects": "StageRejects",
    "paragraphs": "ParagraphSpans",
    "page_lines": "PageLines",
    "segment": "SentenceSpans",
    "tag_languages": "LanguageTags",
    "templates": "Templates",
    "template_sites": "TemplateSites",
    "template_view": "TemplateView",
}


def __getattr__(name: str) -> Any:
    """FINAL_TABLES, STAGE_TABLES or a model, imported at the first ask and kept as a global of
    this module, so that the next ask does not come here."""
    if name == "FINAL_TABLES":
        tables = import_module("docpipe.schemas.tables")
        found: Any = {table: getattr(tables, model) for table, model in FINAL_TABLE_MODELS.items()}
    elif name == "STAGE_TABLES":
        stages = import_module("docpipe.schemas.stages")
        found = {table: getattr(stages, model) for table, model in STAGE_TABLE_MODELS.items()}
    elif name in FINAL_TABLE_MODELS.values():
        found = getattr(import_module("docpipe.schemas.tables"), name)
    elif name in STAGE_TABLE_MODELS.values():
        found = getattr(import_module("docpipe.schemas.stages"), name)
    else:
        # Anything else, a submodule (fields, stages, tables) among them, the import system finds.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = found
    return found


__all__ = ["FINAL_TABLES", "FINAL_TABLE_NAMES", "STAGE_TABLES"]
