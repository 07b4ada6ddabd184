"""Models of the final tables under results/tables/<table>/: the contract with analysts."""

import pandera.polars as pa
import polars as pl
from docpipe.schemas import fields
from docpipe.schemas.stages import DocumentLanguages


class Sources(pa.DataFrameModel):
    """The decoded source text of every document: what every start/end offset points into."""

    doc_id: str = fields.doc_id()
    text: str = pa.Field(
        description="The input file's bytes decoded with documents.encoding, a BOM removed "
        "(documents.had_bom), nothing else changed except invalid byte sequences, each replaced "
        "by U+FFFD (counted in documents.decode_errors)."
    )

    class Config:
        strict = True
        unique = ["doc_id"]
        description = "sources"


class Documents(pa.DataFrameModel):
    """One row per input file that became a document."""

    doc_id: str = fields.doc_id()
    source_path: str = fields.source_path()
    source_sha256: str = fields.source_sha256()
    size_bytes: int = fields.size_bytes()
    encoding: str = pa.Field(description="Python codec name the source bytes were decoded with.")
    encoding_confidence: float = pa.Field(
        in_range={"min_value": 0.0, "max_value": 1.0},
        description="1.0 for a BOM or strict UTF-8; else the share of non-ASCII characters that "
        "look plausible in the chosen decoding.",
    )
    had_bom: bool = fields.had_bom()
    decode_errors: int = fields.decode_errors()
    title: str = pa.Field(nullable=True, description="Headline of the main article, as printed.")
    title_paragraph: int = fields.source_paragraph("title")
    title_reason: str = fields.metadata_reason_of("title")
    site: str = pa.Field(nullable=True, description="Site or publisher the page names; else null.")
    site_paragraph: int = fields.source_paragraph("site")
    site_reason: str = fields.metadata_reason_of("site")
    author: str = pa.Field(nullable=True, description="Author of the main article; else null.")
    author_paragraph: int = fields.source_paragraph("author")
    author_reason: str = fields.metadata_reason_of("author")
    published: pl.Date = pa.Field(
        nullable=True, description="Publication date the page gives for the article; else null."
    )
    published_paragraph: int = fields.source_paragraph("published")
    published_reason: str = fields.metadata_reason_of("published")
    template_site: str = pa.Field(
        nullable=True,
        str_matches=r"^[0-9a-f]{16}$",
        description="Site the page was grouped into by its shared lines (see templates.site); "
        "null when no other page of the corpus shares its template.",
    )
    language: str = pa.Field(
        nullable=True,
        str_matches=r"^[a-z]{2,3}$",
        description="Main language of the body: the language with the most character-weighted "
        "probability over the tagged body paragraphs (the whole page's text when none is "
        "tagged); null when the tagger abstains, with the reason in language_reason.",
    )
    language_prob: float = fields.language_prob()
    language_reason: str = fields.language_reason()
    mixed_language: bool = pa.Field(
        description="True when a second language holds at least language.mixed_min_share of "
        "the tagged body characters (see the languages table)."
    )
    text: str = pa.Field(
        description="The article body: the text of its `body` paragraphs joined by blank lines."
    )
    n_paragraphs: int = pa.Field(ge=0, description="Number of rows in paragraphs (all zones).")
    n_sentences: int = pa.Field(ge=0, description="Number of rows in sentences (all zones).")
    n_comments: int = pa.Field(ge=0, description="Number of rows in comments.")

    class Config:
        strict = True
        unique = ["doc_id"]
        description = "documents"


class Paragraphs(pa.DataFrameModel):
    """One row per paragraph of every document, in every zone: nothing is dropped."""

    doc_id: str = fields.doc_id()
    paragraph_index: int = fields.paragraph_index()
    zone: str = pa.Field(
        isin=fields.ZONES,
        description="Page zone: title, byline, caption, body, comment, related, navigation, "
        "footer or boilerplate. Only `body` paragraphs make documents.text.",
    )
    zone_reason: str = pa.Field(
        description="Code of the rule that decided the zone (docs/zones.md); "
        "`repeated_in_site` means the line is in the templates table."
    )
    start: int = fields.span_start("paragraph")
    end: int = fields.span_end("paragraph")
    text: str = pa.Field(description="The paragraph: sources.text[start:end].")
    line_hash: str = fields.line_hash()
    language: str = fields.language()
    language_prob: float = fields.language_prob()
    language_reason: str = fields.language_reason()
    script: str = fields.script()

    class Config:
        strict = True
        unique = ["doc_id", "paragraph_index"]
        description = "paragraphs"


class Sentences(pa.DataFrameModel):
    """One row per sentence of every paragraph."""

    doc_id: str = fields.doc_id()
    paragraph_index: int = fields.paragraph_index()
    sentence_index: int = fields.sentence_index()
    start: int = fields.span_start("sentence")
    end: int = fields.span_end("sentence")
    text: str = pa.Field(description="The sentence: sources.text[start:end].")
    language: str = fields.language()
    language_prob: float = fields.language_prob()
    language_reason: str = fields.language_reason()

    class Config:
        strict = True
        unique = ["doc_id", "paragraph_index", "sentence_index"]
        description = "sentences"


class Languages(DocumentLanguages):
    """Each language's share of each document's body: one row per (document, language)."""

    class Config:
        strict = True
        unique = ["doc_id", "language"]
        description = "languages"


class Comments(pa.DataFrameModel):
    """One row per reader comment."""

    doc_id: str = fields.doc_id()
    comment_index: int = pa.Field(ge=0, description="0-based position of the comment on the page.")
    author: str = pa.Field(nullable=True, description="Name the comment is signed with; else null.")
    posted_at: pl.Datetime = pa.Field(
        nullable=True, description="Posting time as the page shows it (no time zone); else null."
    )
    start: int = fields.span_start("comment text")
    end: int = fields.span_end("comment text")
    text: str = pa.Field(
        description="The comment's text (header excluded): sources.text[start:end]."
    )

    class Config:
        strict = True
        unique = ["doc_id", "comment_index"]
        description = "comments"


class Rejects(pa.DataFrameModel):
    """One row per input file that did not become a document, and why."""

    source_path: str = fields.source_path()
    source_sha256: str = fields.source_sha256(nullable=True)
    size_bytes: int = fields.size_bytes(nullable=True)
    stage: str = pa.Field(isin=["ingest"], description="The stage that rejected the file.")
    reason: str = pa.Field(
        isin=fields.REJECT_REASONS,
        description=f"Reason code: {', '.join(fields.REJECT_REASONS)} (see "
        "docs/hostile-inputs.md).",
    )
    detail: str = pa.Field(description="What was seen, and the limit that applied.")

    class Config:
        strict = True
        unique = ["source_path"]
        description = "rejects"
