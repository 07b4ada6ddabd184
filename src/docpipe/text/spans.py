"""Text of character spans, sliced in Python.

polars' `str.slice` walks each string from its first character to reach a character offset, so
slicing many spans out of one long source text is quadratic: a file of a million one-word lines
took minutes per stage. Python strings index in constant time, so these loops are linear.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl


def source_texts(sources: pl.DataFrame) -> dict[str, str]:
    """doc_id -> decoded source text, from a frame with doc_id and text."""
    return dict(sources.select("doc_id", "text").iter_rows())


def span_texts(texts: Mapping[str, str], rows: pl.DataFrame) -> list[str | None]:
    """texts[doc_id][start:end] for every row of (doc_id, start, end); None for an unknown doc_id
    or a span outside its text."""
    sliced: list[str | None] = []
    # Three lists zipped, not iter_rows' tuples: 186k sentences of 2,500 pages 0.10 -> 0.08 s.
    columns = (rows.get_column(name).to_list() for name in ("doc_id", "start", "end"))
    for doc_id, start, end in zip(*columns, strict=True):
        source = texts.get(doc_id)
        inside = source is not None and 0 <= start <= end <= len(source)
        sliced.append(source[start:end] if inside else None)  # type: ignore[index]
    return sliced


def mismatched(texts: Mapping[str, str], rows: pl.DataFrame) -> pl.Series:
    """True for every row whose text is not texts[doc_id][start:end]."""
    expected: Iterable[str | None] = span_texts(texts, rows)
    return pl.Series(
        [want is None or want != got for want, got in zip(expected, rows["text"], strict=True)],
        dtype=pl.Boolean,
    )
