"""Validated, deterministic Parquet I/O.

Every table goes through `write_table`: build a polars frame with the model's exact dtypes, validate
it with pandera, sort it by its keys, and write it with an explicit Arrow schema to a temporary name
that is then renamed, so a reader (or a rerun after a crash) never sees a half-written file.
"""

from __future__ import annotations

import copy
import functools
import os
from array import array
from collections.abc import Mapping, Sequence
from typing import Any

import pandera.polars as pa
import polars as pl
import pyarrow as pa_arrow
import pyarrow.parquet as pq

from docpipe.io.files import atomic_path

# Pinned writer settings: they are part of the bytes, so they are part of determinism.
_COMPRESSION = "zstd"
_COMPRESSION_LEVEL = 3
_MAX_FAILURES_SHOWN = 10


class TableValidationError(ValueError):
    """A frame broke its pandera model; the message names table, column, row and document."""


def polars_schema(model: type[pa.DataFrameModel]) -> dict[str, pl.DataType]:
    """Column name -> polars dtype, in model order."""
    return {name: col.dtype.type for name, col in model.to_schema().columns.items()}


def arrow_schema(model: type[pa.DataFrameModel]) -> pa_arrow.Schema:
    """The model's explicit Arrow schema: plain (not large) strings, nullability from the model."""
    empty = pl.DataFrame(schema=polars_schema(model)).to_arrow()
    columns = model.to_schema().columns
    arrow_fields = []
    for arrow_field in empty.schema:
        arrow_type = (
            pa_arrow.string() if arrow_field.type == pa_arrow.large_string() else arrow_field.type
        )
        arrow_fields.append(
            pa_arrow.field(
                arrow_field.name, arrow_type, nullable=columns[arrow_field.name].nullable
            )
        )
    return pa_arrow.schema(arrow_fields)


def sort_keys(model: type[pa.DataFrameModel]) -> list[str]:
    """The model's unique key, which is also the table's row order."""
    unique = model.to_schema().unique
    if not unique:
        raise ValueError(f"model {model.__name__} declares no unique key to sort by")
    return list(unique)


def frame(model: type[pa.DataFrameModel], columns: Mapping[str, Sequence[Any]]) -> pl.DataFrame:
    """A polars frame with exactly the model's columns and dtypes."""
    return pl.DataFrame(dict(columns), schema=polars_schema(model), strict=False)


def empty_columns(model: type[pa.DataFrameModel]) -> dict[str, list | array]:
    """One empty column per field, to append rows to; non-nullable integers as 8-byte arrays,
    not lists of int objects (36 bytes each): a page of a million lines has a million
    paragraphs."""
    columns = model.to_schema().columns
    return {
        name: array("q") if dtype == pl.Int64 and not columns[name].nullable else []
        for name, dtype in polars_schema(model).items()
    }


def rows_frame(model: type[pa.DataFrameModel], rows: Sequence[Sequence[Any]]) -> pl.DataFrame:
    """A frame from row tuples whose values are in the model's column order."""
    names = list(polars_schema(model))
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    return frame(model, columns)


def sort_by_key(df: pl.DataFrame, model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """The frame in key order. Sorting the row numbers and gathering the rows once holds about
    half the memory of DataFrame.sort on string keys (measured on two million language rows)."""
    order = df.select(pl.arg_sort_by(sort_keys(model), maintain_order=True)).to_series()
    return df[order]


@functools.cache
def _schema_without_key(model: type[pa.DataFrameModel]) -> pa.DataFrameSchema:
    schema = copy.deepcopy(model.to_schema())
    schema.unique = None
    return schema


def validate(df: pl.DataFrame, model: type[pa.DataFrameModel], table: str) -> pl.DataFrame:
    """The frame sorted by its key, once every check passed; else one readable error naming
    each failure (all at once: pandera's lazy mode).

    The unique key is checked here, on the sorted frame, by comparing each row's key with the
    previous one's. pandera's own check holds every key in a hash table: 570 MB more for the two
    million language rows of a page with a million lines.
    """
    df = sort_by_key(df, model)
    failures: list[dict[str, Any]] = []
    try:
        _schema_without_key(model).validate(df, lazy=True)
    except pa.errors.SchemaErrors as errors:
        failures = list(errors.failure_cases.iter_rows(named=True))
    failures += _duplicate_keys(df, sort_keys(model))
    if failures:
        raise TableValidationError(_describe_failures(failures, df, table))
    return df


def _duplicate_keys(df: pl.DataFrame, keys: list[str]) -> list[dict[str, Any]]:
    """A failure for every row whose key equals the previous row's (df is sorted by keys)."""
    # eq_missing: a null equals a null here (LanguageTags: a page's key has two null indexes).
    same = pl.all_horizontal([pl.col(key).eq_missing(pl.col(key).shift(1)) for key in keys])
    rows = df.with_row_index("_row").filter(same & (pl.int_range(pl.len()) > 0))
    return [
        {
            "column": f"({', '.join(keys)})",
            "check": "unique",
            "index": row["_row"],
            "failure_case": tuple(row[key] for key in keys),
        }
        for row in rows.iter_rows(named=True)
    ]


def _describe_failures(failures: list[dict[str, Any]], df: pl.DataFrame, table: str) -> str:
    lines = [f"table {table!r} violates its schema ({len(failures)} failure(s)):"]
    for failure in failures[:_MAX_FAILURES_SHOWN]:
        row = failure.get("index")
        doc = None
        if row is not None and "doc_id" in df.columns and 0 <= row < df.height:
            doc = df["doc_id"][row]
        elif row is not None and "source_path" in df.columns and 0 <= row < df.height:
            doc = df["source_path"][row]
        lines.append(
            f"  column={failure['column']!s} check={failure['check']!s} row={row} "
            f"document={doc} value={str(failure['failure_case'])[:120]!r}"
        )
    if len(failures) > _MAX_FAILURES_SHOWN:
        lines.append(f"  ... and {len(failures) - _MAX_FAILURES_SHOWN} more")
    return "\n".join(lines)


def write_table(
    df: pl.DataFrame,
    model: type[pa.DataFrameModel],
    path: str | os.PathLike[str],
    table: str,
    metadata: Mapping[str, str] | None = None,
) -> None:
    """Validate, sort by key, and write atomically with the model's explicit Arrow schema;
    `metadata` goes into the file's key-value metadata (its values must be deterministic too)."""
    df = validate(df.select(list(polars_schema(model))), model, table)
    arrow_table = df.to_arrow().cast(arrow_schema(model))
    del df
    if metadata:
        arrow_table = arrow_table.replace_schema_metadata(dict(sorted(metadata.items())))
    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        pq.write_table(
            arrow_table,
            handle,
            compression=_COMPRESSION,
            compression_level=_COMPRESSION_LEVEL,
            write_statistics=True,
        )


def read_metadata(path: str | os.PathLike[str]) -> dict[str, str]:
    """A Parquet file's key-value metadata (written by `write_table(metadata=...)`)."""
    raw = pq.read_schema(path).metadata or {}
    return {key.decode(): value.decode() for key, value in raw.items()}


class TableReadError(OSError):
    """A table file that cannot be read as its model's table; the message names the file."""


def read_table(
    path: str | os.PathLike[str],
    model: type[pa.DataFrameModel],
    columns: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Read one Parquet file of a model's table (or only `columns`), with the model's dtypes;
    a file that is not such a table (truncated, damaged, another table's) raises
    TableReadError naming it, not polars' "File out of specification"."""
    schema = polars_schema(model)
    try:
        if columns is None:
            return pl.read_parquet(path).cast(schema)  # type: ignore[arg-type]
        return pl.read_parquet(path, columns=list(columns)).cast({c: schema[c] for c in columns})
    # A damaged file can make polars panic: PanicException is a BaseException.
    except (pl.exceptions.PolarsError, OSError, pl.exceptions.PanicException) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise TableReadError(
            f"{path}: cannot be read as a table of {model.__name__} ({message}); delete it and "
            "rerun to rebuild it"
        ) from error


def read_tables(
    paths: Sequence[str | os.PathLike[str]],
    model: type[pa.DataFrameModel],
    columns: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Read and concatenate several Parquet files of the same table (or only `columns`)."""
    frames = [read_table(path, model, columns) for path in paths]
    if not frames:
        empty = frame(model, {})
        return empty if columns is None else empty.select(columns)
    return pl.concat(frames, how="vertical")
