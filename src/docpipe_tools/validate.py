"""Check a results folder: every table against its pandera model, and the cross-table invariants."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from docpipe.schemas import FINAL_TABLES

from docpipe.io import parquet
from docpipe.io.sources import sha256_file
from docpipe.text.spans import mismatched, source_texts

_EXAMPLES = 3


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name:<22} {self.detail}"


def _examples(rows: pl.DataFrame, columns: list[str]) -> str:
    shown = [
        ", ".join(f"{c}={row[c]!r}" for c in columns)
        for row in rows.head(_EXAMPLES).iter_rows(named=True)
    ]
    return "; ".join(shown)


def _rows_check(name: str, bad: pl.DataFrame, columns: list[str], what: str, total: int) -> Check:
    if bad.height:
        return Check(name, False, f"{bad.height} {what}, e.g. {_examples(bad, columns)}")
    return Check(name, True, f"{total} rows checked")


def _load_tables(results: Path, manifest: dict) -> Iterator[Check | tuple[str, pl.DataFrame]]:
    outputs: dict[str, str] = manifest.get("outputs", {})
    for table, model in FINAL_TABLES.items():
        files = sorted((results / "tables" / table).glob("*.parquet"))
        names = {f"tables/{table}/{f.name}" for f in files}
        listed = {key for key in outputs if key.startswith(f"tables/{table}/")}
        if names != listed:
            extra, missing = sorted(names - listed), sorted(listed - names)
            yield Check(
                table, False, f"files differ from manifest: extra={extra} missing={missing}"
            )
            continue
        changed = [f.name for f in files if sha256_file(f) != outputs[f"tables/{table}/{f.name}"]]
        if changed:
            yield Check(table, False, f"sha256 differs from manifest in {changed}")
            continue
        try:
            frame = parquet.validate(parquet.read_tables(files, model), model, table)
        except (parquet.TableValidationError, pl.exceptions.PolarsError) as error:
            yield Check(table, False, str(error).replace("\n", "\n      "))
            continue
        yield Check(table, True, f"{frame.height} rows in {len(files)} files match the model")
        yield table, frame


def _traceability(tables: dict[str, pl.DataFrame]) -> Iterator[Check]:
    texts = source_texts(tables["sources"])
    for table in ("paragraphs", "sentences", "comments"):
        rows = tables[table]
        bad = rows.filter(mismatched(texts, rows))
        yield _rows_check(
            f"traceability:{table}",
            bad,
            ["doc_id", "start", "end"],
            "rows where text != sources.text[start:end]",
            rows.height,
        )


def _foreign_keys(tables: dict[str, pl.DataFrame]) -> Iterator[Check]:
    documents = tables["documents"].select("doc_id")
    for table in ("sources", "paragraphs", "sentences", "comments", "languages"):
        orphans = tables[table].join(documents, on="doc_id", how="anti")
        yield _rows_check(
            f"keys:{table}",
            orphans,
            ["doc_id"],
            "rows whose doc_id is not in documents",
            tables[table].height,
        )
    missing_source = documents.join(tables["sources"], on="doc_id", how="anti")
    yield _rows_check(
        "keys:documents", missing_source, ["doc_id"], "documents without sources", documents.height
    )


def _sentences_inside_paragraphs(tables: dict[str, pl.DataFrame]) -> Check:
    paragraphs = tables["paragraphs"].select(
        "doc_id", "paragraph_index", pl.col("start").alias("p_start"), pl.col("end").alias("p_end")
    )
    rows = tables["sentences"].join(paragraphs, on=["doc_id", "paragraph_index"], how="left")
    bad = rows.filter(
        pl.col("p_start").is_null()
        | (pl.col("start") < pl.col("p_start"))
        | (pl.col("end") > pl.col("p_end"))
    )
    return _rows_check(
        "sentences_in_paragraph",
        bad,
        ["doc_id", "paragraph_index", "sentence_index"],
        "sentences outside their paragraph",
        rows.height,
    )


def _conservation(tables: dict[str, pl.DataFrame], manifest: dict) -> Check:
    inputs = [item["path"] for item in manifest.get("inputs", [])]
    documents = tables["documents"]["source_path"].to_list()
    rejects = tables["rejects"]["source_path"].to_list()
    placed = documents + rejects
    duplicates = sorted(path for path, count in Counter(placed).items() if count > 1)
    lost = sorted(set(inputs) - set(placed))
    unknown = sorted(set(placed) - set(inputs))
    if duplicates or lost or unknown:
        return Check(
            "conservation",
            False,
            f"inputs={len(inputs)} documents={len(documents)} rejects={len(rejects)}; "
            f"lost={lost[:_EXAMPLES]} duplicated={duplicates[:_EXAMPLES]} "
            f"unknown={unknown[:_EXAMPLES]}",
        )
    return Check(
        "conservation",
        True,
        f"{len(inputs)} inputs = {len(documents)} documents + {len(rejects)} rejects",
    )


def _document_counts(tables: dict[str, pl.DataFrame]) -> Check:
    documents = tables["documents"]
    counted = documents.select("doc_id", "n_paragraphs", "n_sentences", "n_comments")
    for table, column in (
        ("paragraphs", "n_paragraphs"),
        ("sentences", "n_sentences"),
        ("comments", "n_comments"),
    ):
        actual = tables[table].group_by("doc_id").len(f"_{column}")
        counted = counted.join(actual, on="doc_id", how="left").with_columns(
            pl.col(f"_{column}").fill_null(0)
        )
    bad = counted.filter(
        (pl.col("n_paragraphs") != pl.col("_n_paragraphs"))
        | (pl.col("n_sentences") != pl.col("_n_sentences"))
        | (pl.col("n_comments") != pl.col("_n_comments"))
    )
    return _rows_check(
        "document_counts", bad, ["doc_id"], "documents whose counts differ", documents.height
    )


def validate_results(results_dir: str | Path) -> list[Check]:
    """Every check of a results folder, in report order."""
    results = Path(results_dir)
    manifest_path = results / "manifest.json"
    if not manifest_path.is_file():
        return [Check("manifest", False, f"{manifest_path} not found: run the workflow first")]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return [Check("manifest", False, f"{manifest_path} is not valid JSON: {error}")]
    checks: list[Check] = [Check("manifest", True, f"{len(manifest.get('inputs', []))} inputs")]
    tables: dict[str, pl.DataFrame] = {}
    for item in _load_tables(results, manifest):
        if isinstance(item, Check):
            checks.append(item)
        else:
            tables[item[0]] = item[1]
    if len(tables) < len(FINAL_TABLES):
        checks.append(Check("invariants", False, "skipped: some tables failed to load"))
        return checks
    invariant_checks: list[Callable[[], Iterator[Check] | Check]] = [
        lambda: _traceability(tables),
        lambda: _foreign_keys(tables),
        lambda: _sentences_inside_paragraphs(tables),
        lambda: _document_counts(tables),
        lambda: _conservation(tables, manifest),
    ]
    for run in invariant_checks:
        result = run()
        checks.extend([result] if isinstance(result, Check) else result)
    return checks
