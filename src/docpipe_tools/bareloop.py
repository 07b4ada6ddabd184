"""The bare loop: the pipeline's library calls over a corpus in one plain Python process.

    python -m docpipe_tools.bareloop CORPUS OUT --configfile config/config.yaml [--configfile P]

The baseline `docpipe bench` compares the workflow with: what a hand-written script would do to
produce the same seven tables. It calls the same package functions as the workflow's stages, in
the same two passes the site template imposes, with no Snakemake, no shards, no intermediate
stage files, no validation and no sorting:

1. every document: decode, paragraphs and their line hashes, the template candidate lines,
   sentences, language tags (the sources and rejects tables are written here);
2. the site template, mined once over every page's candidate lines (docpipe.text.templates);
3. every document again, its text read back from the sources table: zones with the template,
   metadata, comments, the document's language (docpipe.text.page), and its rows of the other
   five tables, by the tables job's own assembly (docpipe.stages.tables.FinalRows).

Between the passes it holds each document's record (docpipe.record) without its text. Documents
are handled BATCH at a time (one row group per table), and the tagger's cache of identical texts
is cleared with each batch, as a workflow shard's annotate job starts with an empty one.

Its tables hold the same rows as the workflow's (tests/test_bareloop.py), so the two do the same
work.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
from docpipe.schemas import FINAL_TABLES

from docpipe.config import load_config
from docpipe.io.discover import discover
from docpipe.io.parquet import arrow_schema, frame, rows_frame
from docpipe.io.sources import ingest_files
from docpipe.record import Document
from docpipe.stages.paragraphs import split_document
from docpipe.stages.segment import split_sentences
from docpipe.stages.tables import PER_DOCUMENT, FinalRows, read_document, template_indices
from docpipe.stages.tag import tag_document
from docpipe.stages.templates import site_templates
from docpipe.text.language import LanguageSettings, LanguageTagger
from docpipe.text.sentences import SegmentSettings

# Documents per batch: about a workflow shard (docpipe_tools.bench.DOCS_PER_SHARD).
BATCH = 1000
# Written in pass 1 (sources and rejects); PER_DOCUMENT in pass 2.
FIRST_PASS_TABLES = tuple(name for name in FINAL_TABLES if name not in PER_DOCUMENT)


class _Timer:
    """Wall and CPU seconds per step, summed over the run (CPU time still means something on a
    busy machine)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[step] += time.perf_counter() - started
            self.cpu[step] += time.process_time() - cpu


class _Tables:
    """One Parquet file per table, written a batch (one row group) at a time."""

    def __init__(self, out: Path, names: Sequence[str]) -> None:
        self.schemas = {name: arrow_schema(FINAL_TABLES[name]) for name in names}
        self.writers = {
            name: pq.ParquetWriter(out / f"{name}.parquet", schema, compression="zstd")
            for name, schema in self.schemas.items()
        }

    def write(self, frames: Mapping[str, pl.DataFrame]) -> None:
        for name, rows in frames.items():
            self.writers[name].write_table(rows.to_arrow().cast(self.schemas[name]))

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


@dataclass(frozen=True)
class Settings:
    """The workflow config's keys the loop uses."""

    max_bytes: int
    max_lines: int
    segment: SegmentSettings
    min_pages: int
    mixed_min_share: float
    language: LanguageSettings

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        return cls(
            max_bytes=int(config["ingest"]["max_bytes"]),
            max_lines=int(config["ingest"]["max_lines"]),
            segment=SegmentSettings.from_config(config["segment"]),
            min_pages=int(config["templates"]["min_pages"]),
            mixed_min_share=float(config["language"]["mixed_min_share"]),
            language=LanguageSettings.from_config(config["language"]),
        )


def _first_pass(document: Document, lines: list[tuple[str, str, int, str]],
                tagger: LanguageTagger, timer: _Timer, settings: Settings) -> None:  # fmt: skip
    """A document's paragraphs, template candidate lines, sentences and tags, by the functions
    the workflow's ingest and annotate jobs call."""
    with timer("paragraphs+lines"):
        document.paragraphs, document.line_hashes, candidates = split_document(document.text)
        lines += [(document.id, *line) for line in candidates]
    with timer("sentences"):
        document.sentences = split_sentences(document, settings.segment)
    with timer("language"):
        document.tags = tag_document(document, tagger)


def _second_pass(document: Document, template: Mapping[str, tuple[str, set[str]]],
                 rows: FinalRows, timer: _Timer) -> None:  # fmt: skip
    """A document's zones, metadata, comments and language, and its final rows, by the
    functions the workflow's tables job calls."""
    site, keys = template.get(document.id, (None, set()))
    with timer("zones+metadata+comments"):
        reading = read_document(document, template_indices(document, keys))
    with timer("rows"):
        rows.add(document, reading, site)


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sources_and_rejects(documents: Sequence[Document], rejects: Sequence) -> dict:
    return {
        "sources": frame(FINAL_TABLES["sources"], {"doc_id": [d.id for d in documents],
                                                   "text": [d.text for d in documents]}),
        "rejects": rows_frame(FINAL_TABLES["rejects"],
                              [(path, r.source_sha256, r.size_bytes, "ingest", r.reason, r.detail)
                               for path, r in rejects]),
    }  # fmt: skip


def run_bare(
    input_dir: str | Path, out_dir: str | Path, settings: Settings, batch: int = BATCH
) -> dict[str, tuple[float, float]]:
    """Process every file below input_dir into out_dir/<table>.parquet; (wall, CPU) seconds per
    step."""
    timer = _Timer()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with timer("list+decode"):
        # Its own output is never an input, as the workflow's results/ is not (common.smk).
        entries = discover(input_dir, 1, exclude=[out])
    tagger = LanguageTagger(settings.language)
    documents: list[Document] = []
    lines: list[tuple[str, str, int, str]] = []
    tables = _Tables(out, FIRST_PASS_TABLES)
    try:
        for chunk in _batches(entries, batch):
            tagger.clear_cache()
            with timer("list+decode"):
                decoded, rejects = ingest_files(chunk, settings.max_bytes, settings.max_lines)
            batch_documents = [Document(*row) for row in decoded]
            for document in batch_documents:
                _first_pass(document, lines, tagger, timer, settings)
            with timer("parquet"):
                tables.write(_sources_and_rejects(batch_documents, rejects))
            # Pass 2 reads the text back from sources.
            documents += [replace(d, source=replace(d.source, text="")) for d in batch_documents]
    finally:
        with timer("parquet"):
            tables.close()
    with timer("templates"):
        template = site_templates(lines, settings.min_pages)
    del lines
    _run_second_pass(out, documents, template, timer, settings.mixed_min_share, batch)
    return {step: (timer.seconds[step], timer.cpu[step]) for step in timer.seconds}


def _run_second_pass(out: Path, documents: Sequence[Document],
                     template: Mapping[str, tuple[str, set[str]]], timer: _Timer,
                     mixed_min_share: float, batch: int) -> None:  # fmt: skip
    tables = _Tables(out, PER_DOCUMENT)
    # Pass 1 wrote the sources in the order of `documents`.
    sources = pq.ParquetFile(out / "sources.parquet")
    position = 0
    try:
        for record_batch in sources.iter_batches(batch_size=batch, columns=["doc_id", "text"]):
            with timer("parquet"):
                doc_ids = record_batch.column("doc_id").to_pylist()
                texts = record_batch.column("text").to_pylist()
            rows = FinalRows(mixed_min_share)
            for doc_id, text in zip(doc_ids, texts, strict=True):
                document = documents[position]
                if document.id != doc_id:
                    raise RuntimeError(
                        f"{out / 'sources.parquet'} row {position} is {doc_id}, not "
                        f"{document.id}: was it changed during the run?"
                    )
                document = replace(document, source=replace(document.source, text=text))
                _second_pass(document, template, rows, timer)
                position += 1
            with timer("parquet"):
                tables.write(rows.frames())
    finally:
        with timer("parquet"):
            tables.close()
    if position != len(documents):
        raise RuntimeError(f"{out / 'sources.parquet'} holds {position} documents, not "
                           f"{len(documents)}: was it changed during the run?")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input_dir")
    parser.add_argument("out_dir")
    parser.add_argument(
        "--configfile",
        required=True,
        action="append",
        help="the workflow's config/config.yaml, then any profile to merge over it "
        "(e.g. config/fast.yaml), as snakemake merges its --configfile",
    )
    args = parser.parse_args(argv)
    config = load_config(args.configfile)
    seconds = run_bare(args.input_dir, args.out_dir, Settings.from_config(config))
    print("step\twall_s\tcpu_s")
    for step, (wall, cpu) in sorted(seconds.items(), key=lambda item: -item[1][1]):
        print(f"{step}\t{wall:.3f}\t{cpu:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
