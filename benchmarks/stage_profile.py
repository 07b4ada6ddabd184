"""Time each stage's work in one process over a folder of documents, per language engine.

    python benchmarks/stage_profile.py DIR [--engine ensemble --engine langdetect ...]
                                           [--configfile config/fast.yaml]

Runs the same functions the workflow's jobs call (decode; paragraphs and template lines;
sentences; language tags; the site template; zones (rules and learned model), metadata and
comments), without Snakemake or
Parquet, and prints seconds per stage (wall, and CPU: user+sys of this process, which still means
something on a busy machine), per document, and each stage's share of the total CPU. Files
ending in .gold.txt are skipped, so an extract-dev folder can be given as it is.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from docpipe.config import load_config
from docpipe.io.sources import Decoded, read_and_decode
from docpipe.text.language import LanguageSettings, LanguageTagger
from docpipe.text.metadata import extract_comments, extract_metadata
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.sentences import SegmentSettings, sentence_spans
from docpipe.text.templates import line_hash, mine_templates, page_lines
from docpipe.text.zoning import zone_page

REPO = Path(__file__).resolve().parent.parent


def profile(
    paths: list[Path], settings: LanguageSettings, segment: SegmentSettings
) -> dict[str, tuple[float, float]]:
    seconds: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    tagger = LanguageTagger(settings)

    def timed(stage: str, function, *args):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        seconds[stage] += time.perf_counter() - started
        cpu[stage] += time.process_time() - started_cpu
        return result

    pages: dict[str, tuple[list[tuple[int, int]], list[str]]] = {}
    lines = []
    for path in paths:
        decoded = timed("ingest", read_and_decode, path, 50_000_000)
        if not isinstance(decoded, Decoded):
            continue
        text = decoded.text
        spans = timed("paragraphs: split", split_paragraphs, text)
        texts = [text[start:end] for start, end in spans]
        lines += [(path.name, *line) for line in timed("paragraphs: lines", page_lines, texts)]
        pages[path.name] = spans, texts
        sentences = [
            timed("segment", sentence_spans, text, s, e, segment.max_chars, segment.engine)
            for s, e in spans
        ]
        units = [text, *texts, *(text[s:e] for spans_ in sentences for s, e in spans_)]
        timed("tag: language", tagger.tag_many, units)
    sites, template = timed("templates", mine_templates, lines, 2)
    keys = {(site, key) for site, key, _, _ in template}
    for name, (spans, texts) in pages.items():
        site = sites.get(name)
        repeated = [i for i, text in enumerate(texts) if (site, line_hash(text)) in keys]
        zones = timed("tables: zones", zone_page, texts, repeated)
        timed("tables: metadata", extract_metadata, texts, zones)
        timed("tables: comments", extract_comments, texts, spans, zones)
    return {stage: (value, cpu[stage]) for stage, value in seconds.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--engine", action="append", help="default: ensemble and langdetect")
    parser.add_argument(
        "--configfile", action="append", default=[], help="merged over config/config.yaml"
    )
    args = parser.parse_args()
    config = load_config([REPO / "config" / "config.yaml", *args.configfile])
    base = LanguageSettings.from_config(config["language"])
    paths = sorted(p for p in Path(args.folder).rglob("*") if p.is_file()
                   and not p.name.endswith(".gold.txt") and p.suffix == ".txt")  # fmt: skip
    print(f"{len(paths)} documents, {sum(p.stat().st_size for p in paths) / 1e6:.2f} MB")
    segment = SegmentSettings.from_config(config["segment"])
    for engine in args.engine or ["langdetect", "ensemble"]:
        seconds = profile(paths, replace(base, engine=engine), segment)
        wall, cpu = (sum(values[i] for values in seconds.values()) for i in (0, 1))
        print(f"\nsegment engine: {segment.engine}; language engine: {engine}; "
              f"total {wall:.2f} s wall, {cpu:.2f} s CPU")  # fmt: skip
        print(f"{'stage':<18} {'wall s':>8} {'CPU s':>8} {'CPU ms/doc':>10} {'CPU share':>9}")
        for stage, (value, value_cpu) in seconds.items():
            print(f"{stage:<18} {value:>8.2f} {value_cpu:>8.2f} "
                  f"{1000 * value_cpu / len(paths):>10.1f} {value_cpu / cpu:>9.1%}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
