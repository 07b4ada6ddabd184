"""Column definitions shared by several models, so a column means the same thing everywhere."""

import pandera.polars as pa

ZONES = [
    "title",
    "byline",
    "caption",
    "body",
    "comment",
    "related",
    "navigation",
    "boilerplate",
    "footer",
]

REJECT_REASONS = [
    "not_regular_file",
    "empty",
    "whitespace_only",
    "too_large",
    "too_many_lines",
    "binary",
    "nul_bytes",
    "undecodable",
    "unreadable",
    "changed_during_run",
]

# document: the body's aggregate (tables stage); page: the whole page text, which the document
# takes when no body paragraph could be tagged.
LEVELS = ["document", "page", "paragraph", "sentence"]


def doc_id():
    return pa.Field(
        str_matches=r"^[0-9a-f]{16}$",
        description="Document key: the first 16 hex digits of sha256 of source_path (UTF-8). "
        "Stable across runs and machines; joins every table.",
    )


def line_hash():
    return pa.Field(
        str_matches=r"^[0-9a-f]{16}$",
        description="Key of the paragraph's text, whitespace runs collapsed (blake2b, 8 bytes, "
        "hex): equal texts on two pages have equal keys. Joins templates.line_hash.",
    )


def template_site():
    return pa.Field(
        str_matches=r"^[0-9a-f]{16}$",
        description="A site found from the text: pages whose short lines (menus, footers) "
        "overlap are one site, named by the doc_id of its first page in doc_id order.",
    )


def source_paragraph(what: str):
    return pa.Field(
        nullable=True,
        ge=0,
        description=f"paragraph_index of the paragraph the {what} was read from; null with it.",
    )


def metadata_reason(what: str, reasons: list[str], how: str):
    return pa.Field(
        nullable=True,
        isin=reasons,
        description=f"Rule that read the {what}: {how}; null with it.",
    )


# The reason codes of each metadata field (docpipe.text.metadata.REASONS must match).
METADATA_REASONS = {
    "title": ["headline_model"],
    "site": ["site_url_line", "url_host"],
    "author": [
        "byline_names",
        "name_line",
        "byline_source",
        "agency_line",
        "name_before_byline",
        "author_bio",
        "closing_byline",
        "site_owner",
    ],
    "published": ["date_near_headline", "date_updated_only"],
}
METADATA_HOW = {
    "title": "headline_model, the best-scoring candidate line near the top of the article "
    "(docpipe.text.headline, weights trained on labelled pages)",
    "site": "site_url_line ('Name | https://...' near the top) or url_host (the host of the "
    "first URL near the top)",
    "author": "byline_names (names after By/Von/Por/Autor: ... near the headline or on the "
    "lines under a bare 'Von'), name_line (a "
    "line of names only next to the headline), byline_source (the publication or desk a short "
    "byline names when it names no person: 'By Euronews with Agencies'), agency_line (a line "
    "below the headline that is only a news agency or names an editorial desk: 'AFP', 'Quelle: "
    "dpa', 'MM-Redaktion'), name_before_byline (a name over a 'Posted' line or a role: "
    "'Journalist'), author_bio (a closing 'X is a ...' paragraph), "
    "closing_byline (what the article closes with: a byline, an agency, names printed above "
    "the article too: '(责编：牛镛、岳弘彬)', 'SDA/sep'; or a facts or author box after it: "
    "'Autorin/Autor ...', 'About the author') or site_owner (a personal site: the person a "
    "footer's copyright line names, printed alone above the article too: '© Haki Benita')",
    "published": "date_near_headline, the first absolute date in the lines around the headline "
    "that no 'updated' label announces, or date_updated_only (no such date: the first date an "
    "'updated'/'Stand' label announces there)",
}


def metadata_reason_of(what: str):
    return metadata_reason(what, METADATA_REASONS[what], METADATA_HOW[what])


def paragraph_index():
    return pa.Field(ge=0, description="0-based position of the paragraph in its document.")


def sentence_index():
    return pa.Field(ge=0, description="0-based position of the sentence in its paragraph.")


def span_start(what: str):
    return pa.Field(
        ge=0,
        description=f"Character offset (Python str index) of the {what}'s first character "
        "in sources.text.",
    )


def span_end(what: str):
    return pa.Field(
        ge=0,
        description=f"Character offset one past the {what}'s last character in sources.text, "
        f"so sources.text[start:end] == text.",
    )


LANGUAGE_REASONS = [
    "too_short",
    "no_letters",
    "no_language",
    "low_confidence",
    "engines_disagree",
    "script_mismatch",
]


def language():
    return pa.Field(
        nullable=True,
        str_matches=r"^[a-z]{2,3}$",
        description="Detected language, an ISO 639 code ('en', 'zh', ...); null when the "
        "tagger abstains, with the reason in language_reason.",
    )


def language_prob():
    return pa.Field(
        nullable=True,
        in_range={"min_value": 0.0, "max_value": 1.0},
        description="Confidence in `language`: the answering engine's probability (with "
        "language.engine cld2 CLD2's share of the text in that language), or the language's "
        "share of both engines' product distribution (the ensemble's; cld2's English answers, "
        "which langdetect confirms); null when language is null.",
    )


def language_reason():
    return pa.Field(
        nullable=True,
        isin=LANGUAGE_REASONS,
        description="Why language is null: too_short, no_letters, no_language (symbols, code), "
        "low_confidence, engines_disagree or script_mismatch; null when language is set.",
    )


def script():
    return pa.Field(
        nullable=True,
        description="Writing system of most of the letters (Latin, Cyrillic, Han, Kana, Arabic, "
        "...), from Unicode character names; null when there are no letters.",
    )


def source_path():
    return pa.Field(
        description="Path of the input file relative to input_dir, with '/' separators."
    )


def source_sha256(nullable: bool = False):
    return pa.Field(
        nullable=nullable,
        str_matches=r"^[0-9a-f]{64}$",
        description="sha256 of the input file's bytes"
        + (
            "; null when the file could not be read, or changed while it was read."
            if nullable
            else "."
        ),
    )


def size_bytes(nullable: bool = False):
    return pa.Field(
        nullable=nullable,
        ge=0,
        description="Size of the input file in bytes"
        + ("; null when it could not be determined." if nullable else "."),
    )


def decode_errors():
    return pa.Field(
        ge=0,
        description="Invalid byte sequences in otherwise UTF-8 text, each replaced by U+FFFD in "
        "the decoded text; 0 for a clean decoding.",
    )


def had_bom():
    return pa.Field(description="True when a byte-order mark was removed before decoding.")
