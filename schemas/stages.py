"""Models of the per-shard stage outputs under results/<stage>/."""

import pandera.polars as pa
import polars as pl
from docpipe.schemas import fields
from pandera.api.polars.types import PolarsData


class IngestDocuments(pa.DataFrameModel):
    """One row per input file that decoded to text: its bytes' identity and the decoded text."""

    doc_id: str = fields.doc_id()
    source_path: str = fields.source_path()
    source_sha256: str = fields.source_sha256()
    size_bytes: int = fields.size_bytes()
    encoding: str = pa.Field(
        description="Python codec name the bytes were decoded with (e.g. 'utf_8', 'cp1252')."
    )
    encoding_confidence: float = pa.Field(
        in_range={"min_value": 0.0, "max_value": 1.0},
        description="1.0 for a BOM or strict UTF-8; else the share of non-ASCII characters that "
        "look plausible in the chosen decoding.",
    )
    had_bom: bool = pa.Field(description="True when a byte-order mark was removed before decoding.")
    decode_errors: int = fields.decode_errors()
    text: str = pa.Field(description="The decoded text: the file's bytes, BOM removed, unchanged.")

    class Config:
        strict = True
        unique = ["doc_id"]
        description = "ingest: decoded input files"


class StageRejects(pa.DataFrameModel):
    """One row per input file a stage could not turn into a document, with a reason code."""

    source_path: str = fields.source_path()
    source_sha256: str = fields.source_sha256(nullable=True)
    size_bytes: int = fields.size_bytes(nullable=True)
    stage: str = pa.Field(isin=["ingest"], description="The stage that rejected the file.")
    reason: str = pa.Field(isin=fields.REJECT_REASONS, description="Reason code.")
    detail: str = pa.Field(description="Human-readable detail: what was seen, and the limit.")

    class Config:
        strict = True
        unique = ["source_path"]
        description = "ingest: rejected input files"


class ParagraphSpans(pa.DataFrameModel):
    """One row per paragraph: its span in the source text and the key of its text."""

    doc_id: str = fields.doc_id()
    paragraph_index: int = fields.paragraph_index()
    start: int = fields.span_start("paragraph")
    end: int = fields.span_end("paragraph")
    line_hash: str = fields.line_hash()

    class Config:
        strict = True
        unique = ["doc_id", "paragraph_index"]
        description = "paragraphs: paragraph spans of every document"


class PageLines(pa.DataFrameModel):
    """One row per distinct paragraph text of a page short enough to be site template."""

    doc_id: str = fields.doc_id()
    line_hash: str = fields.line_hash()
    words: int = pa.Field(ge=0, description="Words of the line (CJK: two characters a word).")
    line: str = pa.Field(description="The line, whitespace runs collapsed to one space.")

    class Config:
        strict = True
        unique = ["doc_id", "line_hash"]
        description = "paragraphs: each page's distinct lines, the templates rule's candidates"


class Templates(pa.DataFrameModel):
    """One row per template line of a site: on at least `templates.min_pages` of its pages."""

    site: str = fields.template_site()
    line_hash: str = fields.line_hash()
    line: str = pa.Field(description="The line, whitespace runs collapsed to one space.")
    pages: int = pa.Field(ge=2, description="Pages of the site the line is on.")

    class Config:
        strict = True
        unique = ["site", "line_hash"]
        description = "templates: site template lines"


class TemplateSites(pa.DataFrameModel):
    """One row per page that shares a template with another page: the site it was grouped into."""

    doc_id: str = fields.doc_id()
    site: str = fields.template_site()

    class Config:
        strict = True
        unique = ["doc_id"]
        description = "templates: page sites"


class TemplateView(pa.DataFrameModel):
    """The template lines of one shard's pages: what its tables job reads of the corpus template."""

    doc_id: str = fields.doc_id()
    site: str = fields.template_site()
    line_hash: str = fields.line_hash()

    class Config:
        strict = True
        unique = ["doc_id", "line_hash"]
        description = "templates: one shard's template lines"


class SentenceSpans(pa.DataFrameModel):
    """One row per sentence, as a span inside its paragraph's span."""

    doc_id: str = fields.doc_id()
    paragraph_index: int = fields.paragraph_index()
    sentence_index: int = fields.sentence_index()
    start: int = fields.span_start("sentence")
    end: int = fields.span_end("sentence")

    class Config:
        strict = True
        unique = ["doc_id", "paragraph_index", "sentence_index"]
        description = "segment: sentence spans"


class LanguageTags(pa.DataFrameModel):
    """One row per tagged unit (whole page, paragraph, sentence) with its language."""

    doc_id: str = fields.doc_id()
    level: str = pa.Field(isin=fields.LEVELS, description="What was tagged.")
    paragraph_index: int = pa.Field(
        nullable=True, ge=0, description="Paragraph of the unit (0-based); null for a page."
    )
    sentence_index: int = pa.Field(
        nullable=True,
        ge=0,
        description="Sentence of the unit in its paragraph (0-based); null for a page or a "
        "paragraph.",
    )
    language: str = fields.language()
    language_prob: float = fields.language_prob()
    language_reason: str = fields.language_reason()
    script: str = fields.script()

    @pa.dataframe_check
    @classmethod
    def indexes_fit_the_level(cls, data: PolarsData) -> pl.LazyFrame:
        """A page has neither index, a paragraph only its paragraph's, a sentence both."""
        paragraph = pl.col("paragraph_index").is_not_null()
        sentence = pl.col("sentence_index").is_not_null()
        return data.lazyframe.select(
            pl.when(pl.col("level") == "page").then(~paragraph & ~sentence)
            .when(pl.col("level") == "paragraph").then(paragraph & ~sentence)
            .otherwise(paragraph & sentence)
        )  # fmt: skip

    class Config:
        strict = True
        unique = ["doc_id", "level", "paragraph_index", "sentence_index"]
        description = "tag: languages"


class DocumentLanguages(pa.DataFrameModel):
    """Each language's share of a document's body, from its tagged body paragraphs."""

    doc_id: str = fields.doc_id()
    language: str = pa.Field(str_matches=r"^[a-z]{2,3}$", description="A language of the body.")
    chars: int = pa.Field(ge=0, description="Characters of body paragraphs tagged `language`.")
    share: float = pa.Field(
        in_range={"min_value": 0.0, "max_value": 1.0},
        description="chars / characters of all tagged body paragraphs of the document.",
    )

    class Config:
        strict = True
        unique = ["doc_id", "language"]
        description = "tables: body languages"
