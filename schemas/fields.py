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
]

REJECT_REASONS = [
    "empty",
    "whitespace_only",
    "too_large",
    "binary",
    "nul_bytes",
    "undecodable",
    "unreadable",
]

LEVELS = ["document", "paragraph", "sentence"]


def doc_id():
    return pa.Field(
        str_matches=r"^[0-9a-f]{16}$",
        description="Document key: the first 16 hex digits of sha256 of source_path (UTF-8). "
        "Stable across runs and machines; joins every table.",
    )


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


def language():
    return pa.Field(
        nullable=True,
        str_matches=r"^[a-z]{2,3}(-[a-z]{2})?$",
        description="Detected language (ISO 639-1, langdetect's code, e.g. 'en', 'zh-cn'); "
        "null when the text is too short or has too few letters to judge.",
    )


def language_prob():
    return pa.Field(
        nullable=True,
        in_range={"min_value": 0.0, "max_value": 1.0},
        description="langdetect's probability for `language`; null when language is null.",
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
        + ("; null when the file could not be read." if nullable else "."),
    )


def size_bytes(nullable: bool = False):
    return pa.Field(
        nullable=nullable,
        ge=0,
        description="Size of the input file in bytes"
        + ("; null when it could not be determined." if nullable else "."),
    )
