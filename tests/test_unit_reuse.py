"""Unit tests of docpipe.reuse: which documents' rows a stage takes from its previous run, and
that the output is byte-identical to a run from scratch."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import polars as pl
import pytest
import yaml
from docpipe.schemas import FINAL_TABLES
from docpipe.schemas import stages as stage_models
from pages import ARTICLE, COMMENT_HEADER, COMMENT_LINE, HEADLINE, RELATED, RELATED_TITLE

import docpipe.stages.tables
from docpipe import provenance, reuse
from docpipe.io import parquet
from docpipe.io.discover import discover, doc_id_for, write_listing
from docpipe.stages import ingest as ingest_stage
from docpipe.stages import paragraphs as paragraphs_stage
from docpipe.stages import segment as segment_stage
from docpipe.stages import tag as tag_stage
from docpipe.stages.tables import REUSED_TABLES, run_tables

CONFIG = Path(__file__).resolve().parent.parent / "config" / "config.yaml"
LANGUAGE = yaml.safe_load(CONFIG.read_text())["language"]
TEXTS = {
    "en.txt": "The farmer walks to the field. He counts the cows twice.\n\n"
    "Rain is coming from the west, and the river is already high.\n",
    "es.txt": "El granjero camina hacia el campo. Cuenta las vacas dos veces.\n\n"
    "La lluvia viene del oeste y el río ya está alto.\n",
    "de.txt": "Der Bauer geht auf das Feld. Er zählt die Kühe zweimal.\n\n"
    "Der Regen kommt aus dem Westen, und der Fluss ist schon hoch.\n",
}


def write_inputs(folder: Path, texts: dict[str, str], sha: dict[str, str] | None = None) -> None:
    """ingest and clean Parquet files of `texts` (source path -> text) in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = sorted(texts)
    ingest = parquet.frame(
        stage_models.IngestDocuments,
        {
            "doc_id": [doc_id_for(path) for path in paths],
            "source_path": paths,
            "source_sha256": [
                (sha or {}).get(path) or hashlib.sha256(texts[path].encode()).hexdigest()
                for path in paths
            ],
            "size_bytes": [len(texts[path].encode()) for path in paths],
            "encoding": ["utf_8"] * len(paths),
            "encoding_confidence": [1.0] * len(paths),
            "had_bom": [False] * len(paths),
            "decode_errors": [0] * len(paths),
            "text": [texts[path] for path in paths],
        },
    )
    clean, _ = paragraphs_stage.paragraph_frames(ingest)
    parquet.write_table(ingest, stage_models.IngestDocuments, folder / "ingest.parquet", "ingest")
    parquet.write_table(clean, stage_models.ParagraphSpans, folder / "clean.parquet", "paragraphs")


def segment(folder: Path, reuse_path: Path | None, max_chars: int = 100_000) -> bytes:
    out = folder / "segment.parquet"
    segment_stage.run_segment(
        str(folder / "ingest.parquet"), str(folder / "clean.parquet"), str(out), max_chars,
        None if reuse_path is None else str(reuse_path),
    )  # fmt: skip
    return out.read_bytes()


def tag(folder: Path, reuse_path: Path | None, language: dict | None = None) -> bytes:
    out = folder / "tag.parquet"
    tag_stage.run_tag(
        str(folder / "ingest.parquet"), str(folder / "clean.parquet"),
        str(folder / "segment.parquet"), str(out), language or LANGUAGE,
        None if reuse_path is None else str(reuse_path),
    )  # fmt: skip
    return out.read_bytes()


def counts(caplog: pytest.LogCaptureFixture, table: str) -> tuple[int, int]:
    """(reused, computed) of the last `table` job in the captured log."""
    found = [
        re.fullmatch(rf"{table}: (\d+) documents reused, (\d+) computed", message)
        for message in caplog.messages
    ]
    reused, computed = [match for match in found if match][-1].groups()
    return int(reused), int(computed)


def scratch(tmp_path: Path, texts: dict[str, str], **kwargs) -> tuple[bytes, bytes]:
    """Segment and tag bytes of `texts` from scratch, without reuse."""
    folder = tmp_path / "scratch"
    write_inputs(folder, texts, kwargs.pop("sha", None))
    segmented = segment(folder, None, **kwargs)
    return segmented, tag(folder, None)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A first run of segment and tag with reuse: (folder of the inputs, reuse folder)."""
    folder, kept = tmp_path / "run", tmp_path / "reuse"
    write_inputs(folder, TEXTS)
    segment(folder, kept / "segment.parquet")
    tag(folder, kept / "tag.parquet")
    return folder, kept


def test_unchanged_documents_are_all_reused_and_bytes_equal(built, tmp_path, caplog) -> None:
    folder, kept = built
    expected = scratch(tmp_path, TEXTS)
    caplog.set_level("INFO")
    assert segment(folder, kept / "segment.parquet") == expected[0]
    assert counts(caplog, "segment") == (3, 0)
    assert tag(folder, kept / "tag.parquet") == expected[1]
    assert counts(caplog, "tag") == (3, 0)


def test_an_edited_and_an_added_document_are_computed(built, tmp_path, caplog) -> None:
    folder, kept = built
    texts = dict(TEXTS, **{"new.txt": "A new page about the weather in the hills this week.\n"})
    texts["en.txt"] = texts["en.txt"].replace("twice", "three times")
    write_inputs(folder, texts)
    caplog.set_level("INFO")
    segmented = segment(folder, kept / "segment.parquet")
    assert counts(caplog, "segment") == (2, 2)
    tagged = tag(folder, kept / "tag.parquet")
    assert counts(caplog, "tag") == (2, 2)
    assert (segmented, tagged) == scratch(tmp_path, texts)


def test_same_bytes_decoded_to_another_text_are_computed(built, tmp_path, caplog) -> None:
    """Only the text changed (as an ingest config change might decode the same bytes anew),
    to one of the same length: every paragraph and sentence span stays the same."""
    folder, kept = built
    same_sha = {path: hashlib.sha256(text.encode()).hexdigest() for path, text in TEXTS.items()}
    texts = dict(TEXTS, **{"de.txt": TEXTS["de.txt"].replace("ä", "a")})
    write_inputs(folder, texts, sha=same_sha)
    caplog.set_level("INFO")
    segmented = segment(folder, kept / "segment.parquet")
    assert counts(caplog, "segment") == (2, 1)
    tagged = tag(folder, kept / "tag.parquet")
    assert counts(caplog, "tag") == (2, 1)
    assert (segmented, tagged) == scratch(tmp_path, texts, sha=same_sha)


def test_same_text_with_another_source_sha_is_computed(built, caplog) -> None:
    folder, kept = built
    write_inputs(folder, TEXTS, sha={"es.txt": "0" * 64})
    caplog.set_level("INFO")
    segment(folder, kept / "segment.parquet")
    assert counts(caplog, "segment") == (2, 1)


def test_changed_sentence_spans_alone_recompute_the_tags(built, tmp_path, caplog) -> None:
    folder, kept = built
    # The English page's first paragraph as one sentence: same text, same paragraphs.
    sentences = parquet.read_table(folder / "segment.parquet", stage_models.SentenceSpans)
    english = doc_id_for("en.txt")
    first = (pl.col("doc_id") == english) & (pl.col("paragraph_index") == 0)
    merged = sentences.filter(first).select(
        "doc_id", "paragraph_index", pl.lit(0).alias("sentence_index"),
        pl.col("start").min(), pl.col("end").max(),
    ).head(1)  # fmt: skip
    sentences = pl.concat([sentences.filter(~first), merged.cast(sentences.schema)])
    parquet.write_table(
        sentences, stage_models.SentenceSpans, folder / "segment.parquet", "segment"
    )
    caplog.set_level("INFO")
    tagged = tag(folder, kept / "tag.parquet")
    assert counts(caplog, "tag") == (2, 1)
    fresh = tmp_path / "fresh"
    write_inputs(fresh, TEXTS)
    (fresh / "segment.parquet").write_bytes((folder / "segment.parquet").read_bytes())
    assert tagged == tag(fresh, None)


def test_changed_paragraph_spans_recompute_segment_and_tag() -> None:
    ingest = parquet.frame(
        stage_models.IngestDocuments,
        {"doc_id": ["0123456789abcdef"], "source_path": ["a"], "source_sha256": ["0" * 64],
         "size_bytes": [4], "encoding": ["utf_8"], "encoding_confidence": [1.0],
         "had_bom": [False], "decode_errors": [0], "text": ["ab\ncd"]},
    )  # fmt: skip

    def paragraphs(*spans: tuple[int, int]) -> pl.DataFrame:
        return parquet.frame(
            stage_models.ParagraphSpans,
            {"doc_id": ["0123456789abcdef"] * len(spans), "paragraph_index": range(len(spans)),
             "start": [s for s, _ in spans], "end": [e for _, e in spans],
             "line_hash": ["0" * 16] * len(spans)},
        )  # fmt: skip

    def key(*spans: tuple[int, int]) -> str:
        return reuse.document_keys(ingest, {"p": (paragraphs(*spans), reuse.PARAGRAPH_SPANS)})[
            "0123456789abcdef"
        ]

    assert key((0, 2), (3, 5)) == key((0, 2), (3, 5))
    assert key((0, 2), (3, 5)) != key((0, 5))
    assert key((0, 2), (3, 5)) != key((0, 2), (3, 4))
    assert key() != key((0, 5))
    # Row order in the file does not matter; the index does.
    frame = paragraphs((0, 2), (3, 5))
    reordered = reuse.document_keys(ingest, {"p": (frame.reverse(), reuse.PARAGRAPH_SPANS)})
    assert reordered == reuse.document_keys(ingest, {"p": (frame, reuse.PARAGRAPH_SPANS)})


def test_changed_params_recompute_everything(built, tmp_path, caplog) -> None:
    folder, kept = built
    caplog.set_level("INFO")
    segment(folder, kept / "segment.parquet", max_chars=5000)
    assert counts(caplog, "segment") == (0, 3)
    stricter = dict(LANGUAGE, min_letters=LANGUAGE["min_letters"] + 1)
    tag(folder, kept / "tag.parquet", stricter)
    assert counts(caplog, "tag") == (0, 3)
    # ...and the next run with those params reuses again.
    segment(folder, kept / "segment.parquet", max_chars=5000)
    assert counts(caplog, "segment") == (3, 0)


def test_another_engine_version_recomputes_everything(built, caplog, monkeypatch) -> None:
    folder, kept = built
    real = provenance.importlib_metadata.version
    monkeypatch.setattr(
        provenance.importlib_metadata,
        "version",
        lambda name: "9.9" if name == "syntok" else real(name),
    )
    caplog.set_level("INFO")
    segment(folder, kept / "segment.parquet")
    assert counts(caplog, "segment") == (0, 3)
    tag(folder, kept / "tag.parquet")  # syntok is not one of tag's engines
    assert counts(caplog, "tag") == (3, 0)


def test_another_code_version_is_another_fingerprint() -> None:
    one = reuse.fingerprint("tag", "aaaa", {"language": LANGUAGE})
    assert one == reuse.fingerprint("tag", "aaaa", {"language": dict(LANGUAGE)})
    assert one != reuse.fingerprint("tag", "bbbb", {"language": LANGUAGE})
    assert one != reuse.fingerprint("segment", "aaaa", {"language": LANGUAGE})


def _keys_of(rows: dict[str, list]) -> str:
    ingest = pl.DataFrame({"doc_id": ["d"], "source_sha256": ["0" * 64], "text": ["t"]})
    frame = pl.DataFrame({"doc_id": ["d"] * len(rows["value"]), **rows})
    return reuse.document_keys(ingest, {"tags": (frame, ["value", "label"])})["d"]


def test_document_keys_do_not_depend_on_the_slices_rows_are_hashed_in(monkeypatch) -> None:
    ingest = pl.DataFrame(
        {"doc_id": ["a", "b"], "source_sha256": ["0" * 64] * 2, "text": ["t"] * 2}
    )
    rows = pl.DataFrame({"doc_id": ["a", "a", "a", "b", "b"], "value": [3, 1, 2, 5, 4]})
    whole = reuse.document_keys(ingest, {"rows": (rows, ["value"])})
    monkeypatch.setattr(reuse, "ROWS_PER_SLICE", 2)  # a's rows in two slices, b's split too
    assert reuse.document_keys(ingest, {"rows": (rows, ["value"])}) == whole
    assert whole != reuse.document_keys(ingest, {"rows": (rows.head(4), ["value"])})


def test_document_keys_follow_row_values_not_row_order() -> None:
    base = {"value": [0.5, 1.0], "label": ["a", "b"]}
    key = _keys_of(base)
    assert key == _keys_of({"value": [1.0, 0.5], "label": ["b", "a"]})  # read in another order
    assert key != _keys_of({"value": [0.5, 1.0 + 2**-52], "label": ["a", "b"]})  # last float bit
    assert _keys_of({"value": [0.0], "label": ["a"]}) != _keys_of({"value": [-0.0], "label": ["a"]})
    assert _keys_of({"value": [None], "label": ["a"]}) != _keys_of({"value": [0.0], "label": ["a"]})
    # null is not the string "null", and a newline in a value does not split it into two rows
    assert _keys_of({"value": [0.5], "label": [None]}) != _keys_of(
        {"value": [0.5], "label": ["null"]}
    )
    assert _keys_of({"value": [0.5], "label": ['a"}\n{"value":0.5,"label":"b']}) != _keys_of(
        {"value": [0.5, 0.5], "label": ["a", "b"]}
    )
    # a document without rows has the hash of nothing, not that of an empty row
    no_rows = reuse.document_keys(
        pl.DataFrame({"doc_id": ["d"], "source_sha256": ["0" * 64], "text": ["t"]}),
        {
            "tags": (
                pl.DataFrame({"doc_id": ["e"], "value": [0.5], "label": ["a"]}),
                ["value", "label"],
            )
        },
    )["d"]
    assert no_rows != key


def _with_documents(path: Path, documents: str | None) -> None:
    """Rewrite the reuse file with its rows and fingerprint but this documents metadata."""
    meta = parquet.read_metadata(path)
    meta.pop(reuse.DOCUMENTS_KEY)
    if documents is not None:
        meta[reuse.DOCUMENTS_KEY] = documents
    rows = parquet.read_table(path, stage_models.SentenceSpans)
    parquet.write_table(rows, stage_models.SentenceSpans, path, "segment", meta)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[:-40]),
        lambda path: path.write_bytes(b"not parquet at all"),
        lambda path: _with_documents(path, None),
        lambda path: _with_documents(path, "{not json"),
        lambda path: _with_documents(path, "[1, 2]"),
    ],
    ids=["truncated", "garbage", "no_keys", "bad_json", "not_an_object"],
)
def test_a_corrupt_reuse_file_is_logged_and_ignored(built, tmp_path, caplog, damage) -> None:
    folder, kept = built
    target = kept / "segment.parquet"
    os.unlink(folder / "segment.parquet")  # the hard link: damage the reuse copy alone
    damage(target)
    expected = scratch(tmp_path, TEXTS)[0]
    caplog.set_level("INFO")
    assert segment(folder, target) == expected
    assert counts(caplog, "segment") == (0, 3)
    assert any("ignoring unreadable reuse file" in m for m in caplog.messages)
    # It was replaced by this run's output.
    segment(folder, target)
    assert counts(caplog, "segment") == (3, 0)


def test_a_row_count_other_than_recorded_is_computed(built, tmp_path, caplog) -> None:
    folder, kept = built
    target = kept / "tag.parquet"
    os.unlink(folder / "tag.parquet")
    rows = parquet.read_table(target, stage_models.LanguageTags)
    meta = parquet.read_metadata(target)
    english = doc_id_for("en.txt")
    rows = rows.filter(~((pl.col("doc_id") == english) & (pl.col("level") == "sentence")))
    parquet.write_table(rows, stage_models.LanguageTags, target, "tag_languages", meta)
    expected = scratch(tmp_path, TEXTS)[1]
    caplog.set_level("INFO")
    assert tag(folder, target) == expected
    assert counts(caplog, "tag") == (2, 1)


def test_reuse_off_reads_and_keeps_nothing(tmp_path, caplog) -> None:
    folder = tmp_path / "run"
    write_inputs(folder, TEXTS)
    caplog.set_level("INFO")
    segment(folder, None)
    assert counts(caplog, "segment") == (0, 3)
    assert list(tmp_path.iterdir()) == [folder]


def test_the_reuse_file_records_every_document(built) -> None:
    _, kept = built
    meta = parquet.read_metadata(kept / "tag.parquet")
    documents = json.loads(meta[reuse.DOCUMENTS_KEY])
    assert sorted(documents) == sorted(doc_id_for(path) for path in TEXTS)
    rows = pl.read_parquet(kept / "tag.parquet")
    for doc_id, (_key, count) in documents.items():
        assert rows.filter(pl.col("doc_id") == doc_id).height == count


def test_keep_hard_links_and_copies_where_it_cannot(tmp_path, monkeypatch) -> None:
    output = tmp_path / "out.parquet"
    output.write_bytes(b"first")
    reuse.keep(output, tmp_path / "reuse" / "a.parquet")
    assert os.path.samefile(output, tmp_path / "reuse" / "a.parquet")

    def no_links(source, target):
        raise OSError("links not supported here")

    monkeypatch.setattr(os, "link", no_links)
    output.unlink()
    output.write_bytes(b"second")  # a new file, as write_table's rename makes
    reuse.keep(output, tmp_path / "reuse" / "a.parquet")
    assert (tmp_path / "reuse" / "a.parquet").read_bytes() == b"second"
    assert not os.path.samefile(output, tmp_path / "reuse" / "a.parquet")
    assert [p.name for p in (tmp_path / "reuse").iterdir()] == ["a.parquet"]


# ---- tables -------------------------------------------------------------------------------------
NEWS = "\n\n".join(
    ["Home", "World", HEADLINE, "By Jane Doe", "March 3, 2017", *ARTICLE, "Related",
     RELATED_TITLE, *RELATED, COMMENT_HEADER, COMMENT_LINE]
)  # fmt: skip
# A page with a title, an author, a date and a comment (so that dates and times go through the
# reuse file), beside the three short pages.
PAGES = dict(TEXTS, **{"news.txt": NEWS + "\n"})
NEWS_ID = doc_id_for("news.txt")


def write_tables_inputs(folder: Path, texts: dict[str, str], template: list[str]) -> None:
    """Every input of the tables job for `texts`; the news page's site template is its
    paragraphs whose text is in `template`."""
    write_inputs(folder, texts)
    segment(folder, None)
    tag(folder, None)
    clean = parquet.read_table(folder / "clean.parquet", stage_models.ParagraphSpans)
    news = clean.filter(pl.col("doc_id") == NEWS_ID).sort("paragraph_index")
    paragraphs = texts["news.txt"].split("\n\n")
    lines = [
        key
        for key, text in zip(news["line_hash"], paragraphs, strict=True)
        if text.strip() in template
    ]
    assert len(lines) == len(template)
    view = parquet.frame(
        stage_models.TemplateView,
        {
            "doc_id": [NEWS_ID] * len(lines),
            "site": ["5173a3c0ffee0001"] * len(lines),
            "line_hash": lines,
        },
    )
    parquet.write_table(view, stage_models.TemplateView, folder / "view.parquet", "template_view")
    parquet.write_table(
        parquet.frame(stage_models.StageRejects, {}), stage_models.StageRejects,
        folder / "rejects.parquet", "ingest_rejects",
    )  # fmt: skip


def tables(folder: Path, kept: Path | None, mixed_min_share: float = 0.2) -> dict[str, bytes]:
    """The final tables' bytes of the tables job on the inputs in folder, with its reuse files
    in the folder `kept` (None: reuse off)."""
    inputs = {
        "ingest": "ingest.parquet", "ingest_rejects": "rejects.parquet",
        "paragraphs": "clean.parquet",
        "segment": "segment.parquet", "tag_languages": "tag.parquet",
        "template_view": "view.parquet",
    }  # fmt: skip
    outputs = {name: folder / "tables" / f"{name}.parquet" for name in FINAL_TABLES}
    run_tables(
        {name: str(folder / path) for name, path in inputs.items()},
        {name: str(path) for name, path in outputs.items()},
        mixed_min_share,
        None if kept is None else {name: str(kept / f"{name}.parquet") for name in REUSED_TABLES},
    )
    return {name: path.read_bytes() for name, path in outputs.items()}


def tables_scratch(tmp_path: Path, template: list[str], tags: Path | None = None) -> dict:
    """The final tables from scratch, without reuse (with the tag file at `tags`, if given)."""
    folder = tmp_path / "scratch"
    write_tables_inputs(folder, PAGES, template)
    if tags is not None:
        (folder / "tag.parquet").write_bytes(tags.read_bytes())
    return tables(folder, None)


@pytest.fixture
def tabled(tmp_path: Path) -> tuple[Path, Path]:
    """A first run of the tables job with reuse: (folder of the inputs, of its reuse files)."""
    folder, kept = tmp_path / "run", tmp_path / "reuse" / "tables"
    write_tables_inputs(folder, PAGES, ["Home", "World"])
    tables(folder, kept)
    return folder, kept


def test_tables_reuse_every_unchanged_page_and_bytes_equal(tabled, tmp_path, caplog) -> None:
    folder, kept = tabled
    caplog.set_level("INFO")
    rebuilt = tables(folder, kept)
    assert counts(caplog, "tables") == (4, 0)
    assert rebuilt == tables_scratch(tmp_path, ["Home", "World"])
    # The reused page is the one with a date and a comment, both read back exactly.
    documents = pl.read_parquet(folder / "tables" / "documents.parquet")
    news = documents.filter(pl.col("doc_id") == NEWS_ID).row(0, named=True)
    assert (news["author"], str(news["published"])) == ("Jane Doe", "2017-03-03")
    comments = pl.read_parquet(folder / "tables" / "comments.parquet")
    assert [str(t) for t in comments["posted_at"]] == ["2020-03-03 10:00:00"]


def test_tables_changed_template_rows_recompute_that_page(tabled, tmp_path, caplog) -> None:
    folder, kept = tabled
    before = pl.read_parquet(folder / "tables" / "paragraphs.parquet")
    # The news page's text, paragraphs, sentences and tags are unchanged; its template is not.
    template = ["Home", "World", "Related", RELATED_TITLE]
    write_tables_inputs(folder, PAGES, template)
    caplog.set_level("INFO")
    rebuilt = tables(folder, kept)
    assert counts(caplog, "tables") == (3, 1)
    assert rebuilt == tables_scratch(tmp_path, template)
    after = pl.read_parquet(folder / "tables" / "paragraphs.parquet")
    assert not after.equals(before)  # the new template lines did change the page's zones


def test_tables_changed_tags_recompute_that_page(tabled, tmp_path, caplog) -> None:
    folder, kept = tabled
    # Only the English page's paragraph tags change (as another language model would).
    tags = parquet.read_table(folder / "tag.parquet", stage_models.LanguageTags)
    english = (pl.col("doc_id") == doc_id_for("en.txt")) & (pl.col("level") == "paragraph")
    tags = tags.with_columns(
        language=pl.when(english).then(pl.lit("nl")).otherwise("language"),
        language_prob=pl.when(english).then(pl.lit(0.5)).otherwise("language_prob"),
    )
    parquet.write_table(tags, stage_models.LanguageTags, folder / "tag.parquet", "tag_languages")
    caplog.set_level("INFO")
    rebuilt = tables(folder, kept)
    assert counts(caplog, "tables") == (3, 1)
    assert rebuilt == tables_scratch(tmp_path, ["Home", "World"], folder / "tag.parquet")
    documents = pl.read_parquet(folder / "tables" / "documents.parquet")
    assert documents.filter(pl.col("doc_id") == doc_id_for("en.txt"))["language"].to_list() == [
        "nl"
    ]


def test_tables_changed_sentence_tags_recompute_that_page(tabled, tmp_path, caplog) -> None:
    """The sentences table carries each sentence's tag: a changed one is a changed page."""
    folder, kept = tabled
    tags = parquet.read_table(folder / "tag.parquet", stage_models.LanguageTags)
    sentence = (pl.col("doc_id") == NEWS_ID) & (pl.col("level") == "sentence")
    tags = tags.with_columns(language_prob=pl.when(sentence).then(0.5).otherwise("language_prob"))
    parquet.write_table(tags, stage_models.LanguageTags, folder / "tag.parquet", "tag_languages")
    caplog.set_level("INFO")
    rebuilt = tables(folder, kept)
    assert counts(caplog, "tables") == (3, 1)
    assert rebuilt == tables_scratch(tmp_path, ["Home", "World"], folder / "tag.parquet")
    sentences = pl.read_parquet(folder / "tables" / "sentences.parquet")
    assert set(sentences.filter(pl.col("doc_id") == NEWS_ID)["language_prob"]) == {0.5}


def test_tables_changed_fingerprint_recomputes_everything(tabled, caplog, monkeypatch) -> None:
    folder, kept = tabled
    caplog.set_level("INFO")
    tables(folder, kept, mixed_min_share=0.3)
    assert counts(caplog, "tables") == (0, 4)
    real = provenance.importlib_metadata.version
    monkeypatch.setattr(
        provenance.importlib_metadata,
        "version",
        lambda name: "9.9" if name == "dateparser" else real(name),
    )
    tables(folder, kept, mixed_min_share=0.3)
    assert counts(caplog, "tables") == (0, 4)
    monkeypatch.setattr(docpipe.stages.tables, "code_version", lambda: "another")
    tables(folder, kept, mixed_min_share=0.3)
    assert counts(caplog, "tables") == (0, 4)
    tables(folder, kept, mixed_min_share=0.3)
    assert counts(caplog, "tables") == (4, 0)


def test_tables_corrupt_reuse_file_is_logged_and_ignored(tabled, tmp_path, caplog) -> None:
    folder, kept = tabled
    (kept / "paragraphs.parquet").write_bytes(b"not parquet at all")
    caplog.set_level("INFO")
    rebuilt = tables(folder, kept)
    # A document is reused only from every file: one unreadable file is none reused.
    assert counts(caplog, "tables") == (0, 4)
    assert rebuilt == tables_scratch(tmp_path, ["Home", "World"])
    assert any("ignoring" in m and str(kept / "paragraphs.parquet") in m for m in caplog.messages)
    tables(folder, kept)  # replaced by that run's
    assert counts(caplog, "tables") == (4, 0)


def test_tables_page_with_a_row_missing_from_one_file_is_computed(tabled, tmp_path, caplog):
    folder, kept = tabled
    path = kept / "comments.parquet"
    keys = json.loads(reuse.keys_path(path).read_text())["keys"]
    rows = parquet.read_table(path, FINAL_TABLES["comments"])
    assert rows.filter(pl.col("doc_id") == NEWS_ID).height == 1
    parquet.write_table(
        rows.filter(pl.col("doc_id") != NEWS_ID), FINAL_TABLES["comments"], path, "comments"
    )
    reuse.write_keys(path, keys)  # the old keys, recorded for the file as it now is
    caplog.set_level("INFO")
    rebuilt = tables(folder, kept)
    assert counts(caplog, "tables") == (3, 1)
    assert rebuilt == tables_scratch(tmp_path, ["Home", "World"])


def test_final_tables_carry_no_reuse_keys_their_links_have_them_beside(tabled) -> None:
    folder, kept = tabled
    for name in FINAL_TABLES:
        meta = parquet.read_metadata(folder / "tables" / f"{name}.parquet")
        assert [key for key in meta if key.startswith("docpipe.")] == [], name
    for name in REUSED_TABLES:
        link = kept / f"{name}.parquet"
        assert link.samefile(folder / "tables" / f"{name}.parquet")
        keys = json.loads(reuse.keys_path(link).read_text())["keys"]
        assert sorted(json.loads(keys[reuse.DOCUMENTS_KEY])) == sorted(map(doc_id_for, PAGES))


@pytest.mark.parametrize("change", ["other_bytes", "keys_missing", "touched"])
def test_tables_reuse_file_other_than_its_keys_were_written_for(tabled, tmp_path, caplog, change):
    folder, kept = tabled
    path = kept / "sentences.parquet"
    if change == "other_bytes":  # the same rows, but not the file the keys were written for
        rows = parquet.read_table(path, FINAL_TABLES["sentences"])
        parquet.write_table(rows, FINAL_TABLES["sentences"], path, "sentences", {"a": "b"})
    elif change == "keys_missing":  # as a job stopped between linking and writing keys leaves it
        reuse.keys_path(path).unlink()
    else:  # as Snakemake does to every output after its job: the bytes are still the same
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    caplog.set_level("INFO")
    rebuilt = tables(folder, kept)
    reused = counts(caplog, "tables")
    assert rebuilt == tables_scratch(tmp_path, ["Home", "World"])
    if change == "touched":
        assert reused == (4, 0)
        return
    assert reused == (0, 4)
    expected = "no keys beside" if change == "keys_missing" else "changed since its keys"
    assert any(expected in m and str(path) in m for m in caplog.messages)
    tables(folder, kept)  # linked again, with keys for the new link
    assert counts(caplog, "tables") == (4, 0)


def test_tables_reuse_off_keeps_nothing(tmp_path, caplog) -> None:
    folder = tmp_path / "run"
    write_tables_inputs(folder, PAGES, ["Home"])
    caplog.set_level("INFO")
    tables(folder, None)
    assert counts(caplog, "tables") == (0, 4)
    assert list(tmp_path.iterdir()) == [folder]


# ---- ingest and clean ---------------------------------------------------------------------------
INGEST_FILES = {
    "en.txt": TEXTS["en.txt"].encode("utf-8"),
    # Decoded through charset-normalizer and the plausibility check: the costly path reuse skips.
    "fr.txt": "Le café crème est déjà prêt, à côté de la fenêtre ouverte.\n".encode("cp1252"),
    "de.txt": TEXTS["de.txt"].encode("utf-8"),
}


def ingest(root: Path, reuse_path: Path | None, max_lines: int = 1000) -> tuple[bytes, bytes]:
    """List root/input (as the workflow does) and ingest it: documents and rejects bytes."""
    listing = root / "listing.jsonl"
    write_listing(listing, discover(root / "input", 1))
    ingest_stage.run_ingest(
        str(listing), 10_000, max_lines, str(root / "ingest.parquet"),
        str(root / "rejects.parquet"), None if reuse_path is None else str(reuse_path),
    )  # fmt: skip
    return (root / "ingest.parquet").read_bytes(), (root / "rejects.parquet").read_bytes()


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def ingest_counts(caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    """(documents, reused) of the last ingest in the captured log."""
    found = [re.match(r"ingest: (\d+) documents \((\d+) reused\)", m) for m in caplog.messages]
    documents, reused = [match for match in found if match][-1].groups()
    return int(documents), int(reused)


def ingest_scratch(tmp_path: Path, files: dict[str, bytes], **kwargs) -> tuple[bytes, bytes]:
    root = tmp_path / "ingest-scratch"
    write_files(root / "input", files)
    return ingest(root, None, **kwargs)


@pytest.fixture
def ingested(tmp_path: Path) -> tuple[Path, Path]:
    """A first ingest with reuse: (its root, the reuse file)."""
    root = tmp_path / "ingest-run"
    write_files(root / "input", INGEST_FILES)
    ingest(root, tmp_path / "kept" / "ingest.parquet")
    return root, tmp_path / "kept" / "ingest.parquet"


def test_ingest_reuses_unchanged_files_and_bytes_equal(ingested, tmp_path, caplog) -> None:
    root, kept = ingested
    expected = ingest_scratch(tmp_path, INGEST_FILES)
    caplog.set_level("INFO")
    assert ingest(root, kept) == expected
    assert ingest_counts(caplog) == (3, 3)
    french = parquet.read_table(root / "ingest.parquet", stage_models.IngestDocuments).row(
        by_predicate=pl.col("source_path") == "fr.txt", named=True
    )
    assert (french["encoding"], french["text"][:12]) == ("cp1252", "Le café crèm")


def test_ingest_decodes_an_edited_file_again(ingested, tmp_path, caplog) -> None:
    root, kept = ingested
    edited = {**INGEST_FILES, "fr.txt": "Le thé est froid.\n".encode("cp1252")}
    write_files(root / "input", edited)
    expected = ingest_scratch(tmp_path, edited)
    caplog.set_level("INFO")
    assert ingest(root, kept) == expected
    assert ingest_counts(caplog) == (3, 2)
    texts = parquet.read_table(root / "ingest.parquet", stage_models.IngestDocuments)["text"]
    assert "Le thé est froid.\n" in texts.to_list()


def test_ingest_reuse_still_rejects_a_file_changed_after_listing(ingested) -> None:
    root, kept = ingested
    listing = root / "listing.jsonl"
    write_listing(listing, discover(root / "input", 1))
    (root / "input" / "en.txt").write_bytes(INGEST_FILES["en.txt"] + b"More.\n")
    ingest_stage.run_ingest(str(listing), 10_000, 1000, str(root / "ingest.parquet"),
                      str(root / "rejects.parquet"), str(kept))  # fmt: skip
    rejects = parquet.read_table(root / "rejects.parquet", stage_models.StageRejects)
    assert rejects.select("source_path", "reason").rows() == [("en.txt", "changed_during_run")]


def test_ingest_with_other_limits_decodes_everything(ingested, tmp_path, caplog) -> None:
    root, kept = ingested
    expected = ingest_scratch(tmp_path, INGEST_FILES, max_lines=999)
    caplog.set_level("INFO")
    assert ingest(root, kept, max_lines=999) == expected
    assert ingest_counts(caplog) == (3, 0)


def test_ingest_reuse_file_with_a_wrong_row_count_is_not_used(ingested, tmp_path, caplog) -> None:
    root, kept = ingested
    os.unlink(root / "ingest.parquet")  # the hard link: change the reuse copy alone
    meta = parquet.read_metadata(kept)
    rows = parquet.read_table(kept, stage_models.IngestDocuments)
    rows = rows.filter(pl.col("source_path") != "en.txt")
    parquet.write_table(rows, stage_models.IngestDocuments, kept, "ingest", meta)
    expected = ingest_scratch(tmp_path, INGEST_FILES)
    caplog.set_level("INFO")
    assert ingest(root, kept) == expected
    assert ingest_counts(caplog) == (3, 2)


def clean(folder: Path, kept: Path | None) -> tuple[bytes, bytes]:
    paragraphs, lines = folder / "clean.parquet", folder / "lines.parquet"
    paragraphs_stage.run_paragraphs(
        str(folder / "ingest.parquet"), str(paragraphs), str(lines),
        None if kept is None else (str(kept / "clean.parquet"), str(kept / "lines.parquet")),
    )  # fmt: skip
    return paragraphs.read_bytes(), lines.read_bytes()


def clean_scratch(tmp_path: Path, texts: dict[str, str]) -> tuple[bytes, bytes]:
    folder = tmp_path / "clean-scratch"
    write_inputs(folder, texts)
    return clean(folder, None)


def test_clean_reuses_unchanged_documents_and_bytes_equal(built, tmp_path, caplog) -> None:
    folder, kept = built
    clean(folder, kept)
    edited = {**TEXTS, "es.txt": "Hola.\n\nMenú\n"}
    write_inputs(folder, edited)
    expected = clean_scratch(tmp_path, edited)
    caplog.set_level("INFO")
    assert clean(folder, kept) == expected
    assert counts(caplog, "paragraphs") == (2, 1)
    assert clean(folder, kept) == expected
    assert counts(caplog, "paragraphs") == (3, 0)


def test_clean_reuses_a_document_only_from_both_files(built, tmp_path, caplog) -> None:
    folder, kept = built
    clean(folder, kept)
    os.unlink(folder / "lines.parquet")  # the hard link: damage the reuse copy alone
    (kept / "lines.parquet").write_bytes(b"not parquet")
    expected = clean_scratch(tmp_path, TEXTS)
    caplog.set_level("INFO")
    assert clean(folder, kept) == expected
    assert counts(caplog, "paragraphs") == (0, 3)
