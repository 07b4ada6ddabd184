"""Unit tests of docpipe.text.spans: span texts sliced from the decoded sources."""

from __future__ import annotations

import polars as pl

from docpipe.text.spans import mismatched, span_texts

DOC = "0123456789abcdef"
# Astral characters are one Python character each; polars and Arrow count them the same way.
TEXT = "😀 Grüße\r\nline two 東京"


def _rows(*spans: tuple[str, int, int]) -> pl.DataFrame:
    return pl.DataFrame(spans, schema=["doc_id", "start", "end"], orient="row")


def test_span_texts_are_python_slices_of_the_source():
    rows = _rows((DOC, 0, 1), (DOC, 2, 7), (DOC, 9, len(TEXT)), (DOC, 4, 4))
    assert span_texts({DOC: TEXT}, rows) == ["😀", "Grüße", "line two 東京", ""]


def test_unknown_document_or_span_outside_the_text_is_none():
    rows = _rows(("ffffffffffffffff", 0, 1), (DOC, 3, 2), (DOC, 0, len(TEXT) + 1), (DOC, -1, 2))
    assert span_texts({DOC: TEXT}, rows) == [None, None, None, None]


def test_mismatched_flags_rows_whose_text_is_not_their_span():
    rows = _rows((DOC, 2, 7), (DOC, 2, 7), (DOC, 0, 99)).with_columns(
        pl.Series("text", ["Grüße", "Grusse", "anything"])
    )
    assert mismatched({DOC: TEXT}, rows).to_list() == [False, True, True]


def test_a_million_short_spans_of_one_source_are_sliced(tmp_path):
    # The case that made polars' str.slice quadratic: every row points into one long source.
    lines = [f"w{i}" for i in range(1_000_000)]
    source = "\n".join(lines)
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    rows = pl.DataFrame(
        {
            "doc_id": [DOC] * len(lines),
            "start": starts,
            "end": [s + len(w) for s, w in zip(starts, lines, strict=True)],
        }
    )
    assert span_texts({DOC: source}, rows) == lines
