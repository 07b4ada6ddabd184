"""Unit tests of docpipe.io.parquet: validation errors, determinism, schema, atomic writes."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl
import pyarrow as pa_arrow
import pyarrow.parquet as pq
import pytest
from docpipe.schemas import Comments, Documents, fields

from docpipe.io import parquet


class ParagraphSpans(pa.DataFrameModel):
    """Paragraph spans with zones: the shape of several stage tables, kept here so that these
    tests of the writer do not change when a stage's columns do."""

    doc_id: str = fields.doc_id()
    paragraph_index: int = fields.paragraph_index()
    start: int = fields.span_start("paragraph")
    end: int = fields.span_end("paragraph")
    zone: str = pa.Field(isin=fields.ZONES, description="Page zone of the paragraph.")
    zone_reason: str = pa.Field(description="Code of the rule that decided the zone.")

    class Config:
        strict = True
        unique = ["doc_id", "paragraph_index"]  # noqa: RUF012 (pandera's Config idiom)
        description = "test: paragraph spans and zones"


DOC_A = "0123456789abcdef"
DOC_B = "fedcba9876543210"


def _clean_rows() -> dict[str, list]:
    return {
        "doc_id": [DOC_B, DOC_A, DOC_B, DOC_A],
        "paragraph_index": [1, 1, 0, 0],
        "start": [20, 12, 0, 0],
        "end": [30, 20, 18, 10],
        "zone": ["body", "comment", "title", "navigation"],
        "zone_reason": ["r3", "r1", "r2", "r0"],
    }


def _bad_frame(**changes) -> pl.DataFrame:
    rows = {
        "doc_id": [DOC_A, DOC_B],
        "paragraph_index": [0, 0],
        "start": [0, 0],
        "end": [5, 7],
        "zone": ["body", "body"],
        "zone_reason": ["x", "y"],
    }
    rows.update(changes)
    return parquet.frame(ParagraphSpans, rows)


def test_unknown_zone_names_table_column_and_document(tmp_path):
    df = _bad_frame(zone=["body", "banana"])
    with pytest.raises(parquet.TableValidationError) as info:
        parquet.write_table(df, ParagraphSpans, tmp_path / "clean.parquet", "my_clean_table")
    message = str(info.value)
    assert "'my_clean_table'" in message
    assert "column=zone" in message
    assert DOC_B in message
    assert DOC_A not in message  # only the bad row's document is named
    assert "banana" in message
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_negative_start_names_table_column_and_document(tmp_path):
    df = _bad_frame(start=[-3, 0])
    with pytest.raises(parquet.TableValidationError) as info:
        parquet.write_table(df, ParagraphSpans, tmp_path / "out" / "clean.parquet", "clean_t")
    message = str(info.value)
    assert "'clean_t'" in message
    assert "column=start" in message
    assert f"document={DOC_A}" in message
    assert DOC_B not in message
    assert not (tmp_path / "out" / "clean.parquet").exists()


def test_every_failure_is_reported_at_once(tmp_path):
    df = _bad_frame(start=[-3, 0], zone=["body", "banana"])
    with pytest.raises(parquet.TableValidationError) as info:
        parquet.write_table(df, ParagraphSpans, tmp_path / "clean.parquet", "paragraphs")
    message = str(info.value)
    assert "(2 failure(s))" in message
    assert "column=start" in message and "column=zone" in message


def test_duplicate_key_is_rejected(tmp_path):
    df = _bad_frame(doc_id=[DOC_A, DOC_A])  # both rows are (DOC_A, 0)
    with pytest.raises(parquet.TableValidationError) as info:
        parquet.write_table(df, ParagraphSpans, tmp_path / "clean.parquet", "paragraphs")
    message = str(info.value)
    assert "(1 failure(s))" in message
    assert f"column=(doc_id, paragraph_index) check=unique row=1 document={DOC_A}" in message
    assert list(tmp_path.iterdir()) == []


def test_only_repeated_keys_are_duplicates():
    frame = parquet.frame(ParagraphSpans, {**_clean_rows(), "doc_id": [DOC_A] * 4})
    # (A, 1), (A, 1), (A, 0), (A, 0): two rows repeat a key, each named once.
    with pytest.raises(parquet.TableValidationError) as info:
        parquet.validate(frame, ParagraphSpans, "paragraphs")
    assert "(2 failure(s))" in str(info.value)
    assert parquet.validate(parquet.frame(ParagraphSpans, _clean_rows()), ParagraphSpans, "c")[
        "paragraph_index"
    ].to_list() == [0, 1, 0, 1]  # valid frames come back sorted by key


def test_same_rows_in_any_order_give_identical_bytes(tmp_path):
    rows = _clean_rows()
    forward = parquet.frame(ParagraphSpans, rows)
    backward = forward.reverse()
    shuffled = forward[[2, 0, 3, 1]]
    paths = [tmp_path / f"{name}.parquet" for name in ("forward", "backward", "shuffled")]
    for df, path in zip([forward, backward, shuffled], paths, strict=True):
        parquet.write_table(df, ParagraphSpans, path, "paragraphs")
    first = paths[0].read_bytes()
    assert all(path.read_bytes() == first for path in paths[1:])
    # Rows are sorted by the unique key (doc_id, paragraph_index).
    back = parquet.read_table(paths[0], ParagraphSpans)
    assert back["doc_id"].to_list() == [DOC_A, DOC_A, DOC_B, DOC_B]
    assert back["paragraph_index"].to_list() == [0, 1, 0, 1]
    assert back["zone_reason"].to_list() == ["r0", "r1", "r2", "r3"]


def test_no_temporary_file_is_left_behind(tmp_path):
    target = tmp_path / "nested" / "dir" / "clean.parquet"
    parquet.write_table(parquet.frame(ParagraphSpans, _clean_rows()), ParagraphSpans, target, "c")
    parquet.write_table(parquet.frame(ParagraphSpans, _clean_rows()), ParagraphSpans, target, "c")
    assert sorted(p.name for p in target.parent.iterdir()) == ["clean.parquet"]


def test_written_file_has_the_explicit_arrow_schema(tmp_path):
    target = tmp_path / "clean.parquet"
    parquet.write_table(parquet.frame(ParagraphSpans, _clean_rows()), ParagraphSpans, target, "c")
    assert pq.read_schema(target).remove_metadata() == parquet.arrow_schema(ParagraphSpans)


def test_arrow_schema_of_clean_paragraphs():
    assert parquet.arrow_schema(ParagraphSpans) == pa_arrow.schema(
        [
            pa_arrow.field("doc_id", pa_arrow.string(), nullable=False),
            pa_arrow.field("paragraph_index", pa_arrow.int64(), nullable=False),
            pa_arrow.field("start", pa_arrow.int64(), nullable=False),
            pa_arrow.field("end", pa_arrow.int64(), nullable=False),
            pa_arrow.field("zone", pa_arrow.string(), nullable=False),
            pa_arrow.field("zone_reason", pa_arrow.string(), nullable=False),
        ]
    )


@pytest.mark.parametrize("model", [ParagraphSpans, Documents, Comments])
def test_arrow_schema_uses_plain_strings_and_model_nullability(model):
    schema = parquet.arrow_schema(model)
    columns = model.to_schema().columns
    assert schema.names == list(columns)
    for field in schema:
        assert field.type != pa_arrow.large_string()
        assert field.nullable == columns[field.name].nullable


def test_arrow_schema_of_metadata_nullability_and_types():
    schema = parquet.arrow_schema(Documents)
    assert schema.field("doc_id").nullable is False
    assert schema.field("doc_id").type == pa_arrow.string()
    assert schema.field("title").nullable is True
    assert schema.field("title").type == pa_arrow.string()
    assert schema.field("published").type == pa_arrow.date32()
    assert schema.field("published").nullable is True


def test_nullable_columns_round_trip(tmp_path):
    df = parquet.frame(
        Comments,
        {
            "doc_id": [DOC_A, DOC_A],
            "comment_index": [1, 0],
            "author": [None, "Bob"],
            "posted_at": [None, dt.datetime(2020, 3, 3, 10, 0)],
            "start": [50, 10],
            "end": [60, 40],
            "text": ["second one", "first comment, its text"],
        },
    )
    target = tmp_path / "comments.parquet"
    parquet.write_table(df, Comments, target, "comments")
    back = parquet.read_table(target, Comments)
    assert back["comment_index"].to_list() == [0, 1]
    assert back["author"].to_list() == ["Bob", None]
    assert back["posted_at"].to_list() == [dt.datetime(2020, 3, 3, 10, 0), None]


def test_read_tables_of_nothing_is_an_empty_frame_with_the_model_columns():
    empty = parquet.read_tables([], ParagraphSpans)
    assert empty.height == 0
    assert empty.columns == list(ParagraphSpans.to_schema().columns)


def test_sort_keys_are_the_unique_key():
    assert parquet.sort_keys(ParagraphSpans) == ["doc_id", "paragraph_index"]
    assert parquet.sort_keys(Comments) == ["doc_id", "comment_index"]


def test_read_only_some_columns_with_the_model_dtypes(tmp_path):
    path = tmp_path / "clean.parquet"
    parquet.write_table(parquet.frame(ParagraphSpans, _clean_rows()), ParagraphSpans, path, "c")
    some = parquet.read_tables([path, path], ParagraphSpans, ["zone", "start"])
    assert some.columns == ["zone", "start"] and some.height == 8
    assert some.schema == {"zone": pl.String, "start": pl.Int64}
    assert parquet.read_tables([], ParagraphSpans, ["zone"]).columns == ["zone"]


@pytest.mark.parametrize("size", [0, 10, 100])
def test_a_truncated_table_is_named_when_read(tmp_path, size):
    import os

    from docpipe.io.parquet import TableReadError, read_table, write_table

    path = tmp_path / "0001.parquet"
    write_table(parquet.frame(ParagraphSpans, _clean_rows()), ParagraphSpans, path, "clean")
    os.truncate(path, size)
    with pytest.raises(TableReadError) as caught:
        read_table(path, ParagraphSpans)
    assert str(caught.value).startswith(f"{path}: cannot be read as a table of ParagraphSpans (")
    assert "delete it and rerun to rebuild it" in str(caught.value)


def _language_tags(levels, paragraphs, sentences) -> pl.DataFrame:
    from docpipe.schemas import LanguageTags

    count = len(levels)
    return parquet.frame(LanguageTags, {
        "doc_id": [DOC_A] * count, "level": levels, "paragraph_index": paragraphs,
        "sentence_index": sentences, "language": ["en"] * count,
        "language_prob": [0.99] * count, "language_reason": [None] * count,
        "script": ["Latin"] * count,
    })  # fmt: skip


def test_language_tags_give_a_unit_the_indexes_of_its_level_and_null_for_the_others():
    from docpipe.schemas import LanguageTags

    good = _language_tags(["sentence", "page", "paragraph"], [0, None, 0], [0, None, None])
    assert parquet.validate(good, LanguageTags, "tag_languages")["level"].to_list() == [
        "page", "paragraph", "sentence"]  # fmt: skip
    for paragraph, sentence in ((0, None), (None, 0), (-1, None)):
        wrong = _language_tags(["page"], [paragraph], [sentence])
        with pytest.raises(parquet.TableValidationError):
            parquet.validate(wrong, LanguageTags, "tag_languages")
    with pytest.raises(parquet.TableValidationError, match="unique"):
        parquet.validate(_language_tags(["page", "page"], [None, None], [None, None]),
                         LanguageTags, "tag_languages")  # fmt: skip
