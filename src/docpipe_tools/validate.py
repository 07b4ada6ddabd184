"""Check a results folder: every table against its pandera model, and the cross-table invariants.

Tables are read one shard at a time (every table of shard 0000, then of 0001, ...): a document's
rows all lie in its shard's files, so every invariant but conservation holds shard by shard, and
the memory held is that of the largest shard, not of the corpus. Conservation keeps the inputs'
paths only. A doc_id in another shard's file (`placement`) would escape the per-shard checks of
unique keys, so it is a failure of its own.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from docpipe.schemas import FINAL_TABLES

from docpipe.io import parquet
from docpipe.io.sources import sha256_file
from docpipe.text.spans import mismatched, source_texts

_EXAMPLES = 3
_READ_ERRORS = (parquet.TableValidationError, parquet.TableReadError, pl.exceptions.PolarsError)


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name:<22} {self.detail}"


def _examples(rows: pl.DataFrame, columns: list[str]) -> list[str]:
    return [
        ", ".join(f"{c}={row[c]!r}" for c in columns)
        for row in rows.head(_EXAMPLES).iter_rows(named=True)
    ]


@dataclass
class _Tally:
    """One invariant's rows checked and failures, summed over the shards."""

    what: str
    rows: int = 0
    bad: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, bad: pl.DataFrame, columns: list[str], total: int) -> None:
        self.rows += total
        self.bad += bad.height
        self.examples += _examples(bad, columns)[: _EXAMPLES - len(self.examples)]

    def check(self, name: str) -> Check:
        if self.bad:
            return Check(name, False, f"{self.bad} {self.what}, e.g. {'; '.join(self.examples)}")
        return Check(name, True, f"{self.rows} rows checked")


Tables = dict[str, pl.DataFrame]
# name -> (rows that break it, columns that name a row, what such a row is, rows checked)
Findings = Iterator[tuple[str, pl.DataFrame, list[str], str, int]]


def manifest_problem(manifest: Any) -> str | None:
    """What is wrong with the shape of a parsed manifest.json, or None."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not an object"
    inputs, outputs = manifest.get("inputs"), manifest.get("outputs")
    if not isinstance(inputs, list) or not all(
        isinstance(item, dict) and isinstance(item.get("path"), str) for item in inputs
    ):
        return "'inputs' is not a list of objects that each have a path"
    if not isinstance(outputs, dict) or not all(isinstance(v, str) for v in outputs.values()):
        return "'outputs' is not an object of file -> sha256"
    return None


def _table_files(results: Path, table: str, outputs: dict[str, str]) -> Check | list[Path]:
    """The table's shard files, once they are the manifest's, with its sha256, and nothing else
    is in the folder (a stray file breaks pyarrow's and duckdb's reading of the folder)."""
    folder = results / "tables" / table
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    stray = [p.name for p in entries if not (p.suffix == ".parquet" and p.is_file())]
    if stray:
        return Check(table, False, f"files other than Parquet in {folder}: {stray[:_EXAMPLES]}; "
                     "readers of the folder fail on them: remove them")  # fmt: skip
    files = [p for p in entries if p.suffix == ".parquet"]
    names = {f"tables/{table}/{f.name}" for f in files}
    listed = {key for key in outputs if key.startswith(f"tables/{table}/")}
    if names != listed:
        extra, missing = sorted(names - listed), sorted(listed - names)
        return Check(table, False, f"files differ from manifest: extra={extra} missing={missing}")
    changed = [f.name for f in files if sha256_file(f) != outputs[f"tables/{table}/{f.name}"]]
    if changed:
        return Check(table, False, f"sha256 differs from manifest in {changed}")
    return files


def _traceability(tables: Tables, texts: dict[str, str]) -> Findings:
    for table in ("paragraphs", "sentences", "comments"):
        rows = tables[table]
        yield (f"traceability:{table}", rows.filter(mismatched(texts, rows)),
               ["doc_id", "start", "end"], "rows where text != sources.text[start:end]",
               rows.height)  # fmt: skip


def _coverage(tables: Tables, texts: dict[str, str]) -> Findings:
    """Every character of a source text that is not whitespace lies in a paragraph, and a
    document's text is its body paragraphs joined by blank lines: rows each true to its span
    can still leave text out of every row, or out of the documents table."""
    paragraphs = tables["paragraphs"].sort("doc_id", "start")
    spans: dict[str, list[tuple[int, int]]] = {}
    body: dict[str, list[str]] = {}
    # The body is sliced from the source, not read from paragraphs.text: a damaged paragraph
    # text is traceability's failure alone.
    columns = (paragraphs.get_column(c).to_list() for c in ("doc_id", "start", "end", "zone"))
    for doc_id, start, end, zone in zip(*columns, strict=True):
        spans.setdefault(doc_id, []).append((start, end))
        if zone == "body" and doc_id in texts:
            body.setdefault(doc_id, []).append(texts[doc_id][start:end])
    lost = []
    for doc_id, text in texts.items():
        position, missing = 0, 0
        for start, end in [*spans.get(doc_id, []), (len(text), len(text))]:
            missing += bool(text[position:start].strip())
            position = max(position, end)
        if missing:
            lost.append(doc_id)
    yield ("coverage:paragraphs", pl.DataFrame({"doc_id": lost}, schema={"doc_id": pl.String}),
           ["doc_id"], "documents with text outside every paragraph", len(texts))  # fmt: skip
    documents = tables["documents"]
    ids, found = documents.get_column("doc_id").to_list(), documents.get_column("text").to_list()
    wrong = [i for i, t in zip(ids, found, strict=True) if t != "\n\n".join(body.get(i, []))]
    yield ("coverage:documents", pl.DataFrame({"doc_id": wrong}, schema={"doc_id": pl.String}),
           ["doc_id"], "documents whose text is not their body paragraphs", len(ids))  # fmt: skip


def _foreign_keys(tables: Tables) -> Findings:
    documents = tables["documents"].select("doc_id")
    for table in ("sources", "paragraphs", "sentences", "comments", "languages"):
        orphans = tables[table].join(documents, on="doc_id", how="anti")
        yield (f"keys:{table}", orphans, ["doc_id"], "rows whose doc_id is not in documents",
               tables[table].height)  # fmt: skip
    missing_source = documents.join(tables["sources"], on="doc_id", how="anti")
    yield ("keys:documents", missing_source, ["doc_id"], "documents without sources",
           documents.height)  # fmt: skip


def _sentences_inside_paragraphs(tables: Tables) -> Findings:
    paragraphs = tables["paragraphs"].select(
        "doc_id", "paragraph_index", pl.col("start").alias("p_start"), pl.col("end").alias("p_end")
    )
    rows = tables["sentences"].join(paragraphs, on=["doc_id", "paragraph_index"], how="left")
    bad = rows.filter(
        pl.col("p_start").is_null()
        | (pl.col("start") < pl.col("p_start"))
        | (pl.col("end") > pl.col("p_end"))
    )
    yield ("sentences_in_paragraph", bad, ["doc_id", "paragraph_index", "sentence_index"],
           "sentences outside their paragraph", rows.height)  # fmt: skip


def _document_counts(tables: Tables) -> Findings:
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
    yield "document_counts", bad, ["doc_id"], "documents whose counts differ", documents.height


def _placement(tables: Tables, shard: int, shards: int) -> Findings:
    """Rows whose doc_id hashes to another shard (docpipe.discover.shard_for)."""
    rows = pl.concat(
        [frame.select("doc_id") for name, frame in tables.items() if "doc_id" in frame.columns]
    )
    home = pl.col("doc_id").str.slice(0, 8).str.to_integer(base=16, strict=False) % shards
    bad = rows.filter((home != shard).fill_null(True)).unique(maintain_order=True)
    yield ("placement", bad, ["doc_id"], f"doc_ids outside shard {shard} of {shards}'s file",
           rows.height)  # fmt: skip


def _conservation(placed: Counter[str], documents: int, manifest: dict) -> Check:
    inputs = [item["path"] for item in manifest["inputs"]]
    duplicates = sorted(path for path, count in placed.items() if count > 1)
    lost = sorted(set(inputs) - set(placed))
    unknown = sorted(set(placed) - set(inputs))
    rejects = placed.total() - documents
    if duplicates or lost or unknown:
        return Check(
            "conservation",
            False,
            f"inputs={len(inputs)} documents={documents} rejects={rejects}; "
            f"lost={lost[:_EXAMPLES]} duplicated={duplicates[:_EXAMPLES]} "
            f"unknown={unknown[:_EXAMPLES]}",
        )
    return Check(
        "conservation", True, f"{len(inputs)} inputs = {documents} documents + {rejects} rejects"
    )


def _load_manifest(results: Path) -> Check | dict:
    manifest_path = results / "manifest.json"
    if not manifest_path.is_file():
        return Check("manifest", False, f"{manifest_path} not found: run the workflow first")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return Check("manifest", False, f"{manifest_path} is not valid JSON: {error}")
    problem = manifest_problem(manifest)
    if problem:
        return Check("manifest", False, f"{manifest_path} is not a docpipe manifest: {problem}")
    return manifest


@dataclass
class _Run:
    """What the shards have added up to so far."""

    rows: Counter[str] = field(default_factory=Counter)
    failed: dict[str, str] = field(default_factory=dict)  # table -> its first error
    tallies: dict[str, _Tally] = field(default_factory=dict)
    placed: Counter[str] = field(default_factory=Counter)
    documents: int = 0

    def read_shard(self, files: dict[str, Path]) -> Tables | None:
        """Every table of one shard, validated; None when one fails (recorded)."""
        tables = {}
        for table, path in files.items():
            model = FINAL_TABLES[table]
            try:
                tables[table] = parquet.validate(parquet.read_table(path, model), model, table)
            except _READ_ERRORS as error:
                message = str(error).replace("\n", "\n      ")
                self.failed.setdefault(table, f"{path.name}: {message}")
                continue
            self.rows[table] += tables[table].height
        return None if len(tables) < len(files) else tables

    def check_shard(self, tables: Tables, shard: int, shards: int) -> None:
        texts = source_texts(tables["sources"])  # doc_id -> text, for the span checks
        findings = [_traceability(tables, texts), _coverage(tables, texts), _foreign_keys(tables),
                    _sentences_inside_paragraphs(tables), _document_counts(tables),
                    _placement(tables, shard, shards)]  # fmt: skip
        for found in findings:
            for name, bad, columns, what, total in found:
                self.tallies.setdefault(name, _Tally(what)).add(bad, columns, total)
        self.placed.update(tables["documents"]["source_path"].to_list())
        self.placed.update(tables["rejects"]["source_path"].to_list())
        self.documents += tables["documents"].height


def _shard_files(files: dict[str, list[Path]]) -> Check | list[tuple[int, dict[str, Path]]]:
    """Per shard number, each table's file of that shard: every table has the same shards."""
    stems = {table: [p.stem for p in paths] for table, paths in files.items()}
    first = next(iter(stems.values()))
    if any(names != first for names in stems.values()) or not all(s.isdigit() for s in first):
        return Check("shards", False, f"the tables' files are not of the same shards: {stems}")
    return [(int(stem), {t: paths[i] for t, paths in files.items()}) for i, stem in
            enumerate(first)]  # fmt: skip


def iter_checks(results_dir: str | Path) -> Iterator[Check]:
    """Every check of a results folder, in report order, reading one shard at a time."""
    results = Path(results_dir)
    manifest = _load_manifest(results)
    if isinstance(manifest, Check):
        yield manifest
        return
    yield Check("manifest", True, f"{len(manifest['inputs'])} inputs")
    files: dict[str, list[Path]] = {}
    for table in FINAL_TABLES:
        found = _table_files(results, table, manifest["outputs"])
        if isinstance(found, Check):
            yield found
        else:
            files[table] = found
    shards = _shard_files(files) if len(files) == len(FINAL_TABLES) else None
    if not isinstance(shards, list):
        yield shards or Check("invariants", False, "skipped: some tables failed to load")
        return
    run = _Run()
    for shard, shard_files in shards:
        tables = run.read_shard(shard_files)
        if tables is not None and not run.failed:
            run.check_shard(tables, shard, len(shards))
    for table in FINAL_TABLES:
        if table in run.failed:
            yield Check(table, False, run.failed[table])
        else:
            detail = f"{run.rows[table]} rows in {len(shards)} files match the model"
            yield Check(table, True, detail)
    if run.failed:
        yield Check("invariants", False, "skipped: some tables failed to load")
        return
    for name, tally in run.tallies.items():
        yield tally.check(name)
    yield _conservation(run.placed, run.documents, manifest)


def validate_results(results_dir: str | Path) -> list[Check]:
    """Every check of a results folder, in report order."""
    return list(iter_checks(results_dir))
