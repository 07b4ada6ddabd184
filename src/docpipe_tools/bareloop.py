"""The bare loop: the pipeline's library calls over a corpus in one plain Python process.

    python -m docpipe_tools.bareloop CORPUS OUT --configfile config/config.yaml

The baseline `docpipe bench` compares the workflow with: what a hand-written script would do to
produce the same seven tables. It calls the same package functions as the workflow's stages, in
the same two passes the site template imposes, with no Snakemake, no shards, no intermediate
stage files, no validation and no sorting:

1. every document: decode, paragraphs and their line hashes, the template candidate lines,
   sentences, language tags (the sources, sentences and rejects tables are written here);
2. the site template, mined once over every page's candidate lines (docpipe.text.templates);
3. every document again, its text read back from the sources table: zones with the template,
   metadata, comments, the document's language (docpipe.text.page), and the other four tables.

Between the passes it holds each document's spans, line hashes and tags, not its text. Documents
are handled BATCH at a time (one row group per table), and the tagger's cache of identical texts
is cleared with each batch, as a workflow shard's tag job starts with an empty one.

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
from dataclasses import astuple, dataclass, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from docpipe.schemas import FINAL_TABLES

from docpipe.io.discover import discover
from docpipe.io.parquet import arrow_schema
from docpipe.io.sources import Decoded, ingest_files
from docpipe.text.language import LanguageSettings, LanguageTag, LanguageTagger
from docpipe.text.page import read_page
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.sentences import sentence_spans
from docpipe.text.templates import line_hash, mine_templates, page_lines, template_view
from docpipe.text.writing_systems import dominant_script

# Documents per batch: about a workflow shard (docpipe_tools.bench.DOCS_PER_SHARD).
BATCH = 1000
# Written in pass 1; the others in pass 2.
FIRST_PASS_TABLES = ("sources", "sentences", "rejects")


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
        self.new_batch()

    def new_batch(self) -> None:
        self.columns: dict[str, list[list[Any]]] = {
            name: [[] for _ in schema] for name, schema in self.schemas.items()
        }

    def add(self, table: str, *values: object) -> None:
        for column, value in zip(self.columns[table], values, strict=True):
            column.append(value)

    def flush(self) -> None:
        for name, writer in self.writers.items():
            schema = self.schemas[name]
            columns = dict(zip(schema.names, self.columns[name], strict=True))
            writer.write_table(pa.table(columns, schema=schema))
        self.new_batch()

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


@dataclass(frozen=True, slots=True)
class _FirstPass:
    """What pass 2 needs of a document, without its text."""

    doc_id: str
    relpath: str
    decoded: Decoded  # its text replaced by "" (pass 2 reads it back from sources)
    spans: list[tuple[int, int]]
    hashes: list[str]
    tags: list[LanguageTag]
    scripts: list[str | None]
    page_tag: LanguageTag
    sentences: int


@dataclass(frozen=True)
class Settings:
    """The workflow config's keys the loop uses."""

    max_bytes: int
    max_lines: int
    max_chars: int
    min_pages: int
    mixed_min_share: float
    language: LanguageSettings

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        return cls(
            max_bytes=int(config["ingest"]["max_bytes"]),
            max_lines=int(config["ingest"]["max_lines"]),
            max_chars=int(config["segment"]["max_chars"]),
            min_pages=int(config["templates"]["min_pages"]),
            mixed_min_share=float(config["language"]["mixed_min_share"]),
            language=LanguageSettings.from_config(config["language"]),
        )


def _tag_fields(tag: LanguageTag) -> tuple[str | None, float | None, str | None]:
    return tag.language, tag.probability, tag.reason


def _first_pass(doc_id: str, relpath: str, decoded: Decoded, tables: _Tables,
                lines: list[tuple[str, str, int, str]], tagger: LanguageTagger, timer: _Timer,
                settings: Settings) -> _FirstPass:  # fmt: skip
    """A document's paragraphs, template candidate lines, sentences and tags (as the workflow's
    clean, segment and tag jobs make them); its sources and sentences rows."""
    text = decoded.text
    with timer("paragraphs+lines"):
        spans = split_paragraphs(text)
        texts = [text[start:end] for start, end in spans]
        hashes = [line_hash(unit) for unit in texts]
        lines += [(doc_id, *line) for line in page_lines(texts)]
    with timer("sentences"):
        sentences = [sentence_spans(text, start, end, settings.max_chars) for start, end in spans]
    with timer("language"):
        page_tag = tagger.tag(text)
        tags = [tagger.tag(unit) for unit in texts]
        scripts = [dominant_script(unit) for unit in texts]
        for index, spans_of_paragraph in enumerate(sentences):
            for number, (start, end) in enumerate(spans_of_paragraph):
                sentence = text[start:end]
                tables.add("sentences", doc_id, index, number, start, end, sentence,
                           *_tag_fields(tagger.tag(sentence)))  # fmt: skip
    tables.add("sources", doc_id, text)
    return _FirstPass(doc_id, relpath, _without_text(decoded), spans, hashes, tags, scripts,
                      page_tag, sum(map(len, sentences)))  # fmt: skip


def _without_text(decoded: Decoded) -> Decoded:
    return replace(decoded, text="")


def _second_pass(first: _FirstPass, text: str, template: Mapping[str, tuple[str, set[str]]],
                 tables: _Tables, timer: _Timer, mixed_min_share: float) -> None:  # fmt: skip
    """A document's zones, metadata, comments and language (as the workflow's tables job makes
    them); its documents, paragraphs, comments and languages rows."""
    doc_id = first.doc_id
    texts = [text[start:end] for start, end in first.spans]
    site, keys = template.get(doc_id, (None, set()))
    with timer("zones+metadata+comments"):
        indices = [i for i, key in enumerate(first.hashes) if key in keys]
        page = read_page(texts, first.spans, indices, first.tags)
    rows = zip(first.spans, texts, first.hashes, page.zones, first.tags, first.scripts,
               strict=True)  # fmt: skip
    for index, ((start, end), unit, key, zoned, tag, script) in enumerate(rows):
        tables.add("paragraphs", doc_id, index, zoned.zone, zoned.reason, start, end, unit, key,
                   *_tag_fields(tag), script)  # fmt: skip
    for c in page.comments:
        tables.add("comments", doc_id, c.comment_index, c.author, c.posted_at, c.start, c.end,
                   text[c.start : c.end])  # fmt: skip
    shares = page.body.shares if page.body is not None else ()
    for language, chars, share in shares:
        tables.add("languages", doc_id, language, chars, share)
    mixed = len(shares) > 1 and shares[1][2] >= mixed_min_share
    body = "\n\n".join(unit for unit, z in zip(texts, page.zones, strict=True) if z.zone == "body")
    d = first.decoded
    tables.add("documents", doc_id, first.relpath, d.source_sha256, d.size_bytes, d.encoding,
               d.encoding_confidence, d.had_bom, d.decode_errors, *astuple(page.metadata), site,
               *_tag_fields(page.document_tag(first.page_tag)), mixed, body, len(first.spans),
               first.sentences, len(page.comments))  # fmt: skip


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _site_templates(
    lines: list[tuple[str, str, int, str]], min_pages: int
) -> dict[str, tuple[str, set[str]]]:
    """doc_id -> (site, the page's lines that are its site's template), for the pages that have
    any: exactly what the workflow's template views hold."""
    sites, template = mine_templates(lines, min_pages)
    view = template_view(
        sites, ((site, key) for site, key, _, _ in template), ((d, k) for d, k, _, _ in lines)
    )
    found: dict[str, tuple[str, set[str]]] = {}
    for doc_id, site, key in view:
        found.setdefault(doc_id, (site, set()))[1].add(key)
    return found


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
    firsts: list[_FirstPass] = []
    lines: list[tuple[str, str, int, str]] = []
    tables = _Tables(out, FIRST_PASS_TABLES)
    try:
        for chunk in _batches(entries, batch):
            tagger.clear_cache()
            with timer("list+decode"):
                documents, rejects = ingest_files(chunk, settings.max_bytes, settings.max_lines)
            for relpath, r in rejects:
                tables.add("rejects", relpath, r.source_sha256, r.size_bytes, "ingest", r.reason,
                           r.detail)  # fmt: skip
            for doc_id, relpath, decoded in documents:
                firsts.append(_first_pass(doc_id, relpath, decoded, tables, lines, tagger, timer,
                                          settings))  # fmt: skip
            with timer("parquet"):
                tables.flush()
    finally:
        with timer("parquet"):
            tables.close()
    with timer("templates"):
        template = _site_templates(lines, settings.min_pages)
    del lines
    _run_second_pass(out, firsts, template, timer, settings.mixed_min_share, batch)
    return {step: (timer.seconds[step], timer.cpu[step]) for step in timer.seconds}


def _run_second_pass(out: Path, firsts: Sequence[_FirstPass],
                     template: Mapping[str, tuple[str, set[str]]], timer: _Timer,
                     mixed_min_share: float, batch: int) -> None:  # fmt: skip
    names = [name for name in FINAL_TABLES if name not in FIRST_PASS_TABLES]
    tables = _Tables(out, names)
    # Pass 1 wrote the sources in the order of `firsts`.
    sources = pq.ParquetFile(out / "sources.parquet")
    position = 0
    try:
        for record_batch in sources.iter_batches(batch_size=batch, columns=["doc_id", "text"]):
            with timer("parquet"):
                doc_ids = record_batch.column("doc_id").to_pylist()
                texts = record_batch.column("text").to_pylist()
            for doc_id, text in zip(doc_ids, texts, strict=True):
                first = firsts[position]
                if first.doc_id != doc_id:
                    raise RuntimeError(
                        f"{out / 'sources.parquet'} row {position} is {doc_id}, not "
                        f"{first.doc_id}: was it changed during the run?"
                    )
                _second_pass(first, text, template, tables, timer, mixed_min_share)
                position += 1
            with timer("parquet"):
                tables.flush()
    finally:
        with timer("parquet"):
            tables.close()
    if position != len(firsts):
        raise RuntimeError(f"{out / 'sources.parquet'} holds {position} documents, not "
                           f"{len(firsts)}: was it changed during the run?")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--configfile", required=True, help="the workflow's config/config.yaml")
    args = parser.parse_args(argv)
    config = yaml.safe_load(Path(args.configfile).read_text(encoding="utf-8"))
    seconds = run_bare(args.input_dir, args.out_dir, Settings.from_config(config))
    print("step\twall_s\tcpu_s")
    for step, (wall, cpu) in sorted(seconds.items(), key=lambda item: -item[1][1]):
        print(f"{step}\t{wall:.3f}\t{cpu:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
