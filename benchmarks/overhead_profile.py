"""Where the workflow's time goes beyond the bare loop: fixed costs per job and per shard, and the
per-document cost of the stages in one process.

    python benchmarks/overhead_profile.py CORPUS [--docs 250] [--repeat 3]

Prints CPU seconds (medians; CPU time still means something on a busy machine):
  1. a job process's start: Python, Snakemake's script preamble, each stage module's imports;
  2. the annotate job's model loads: py3langid's model, langdetect's profiles, dateparser's data;
  3. the stages run in one warm process on the first --docs documents of CORPUS, as one shard
     (ingest, annotate, templates, the shard's template view, tables; Parquet round
     trips and pandera validation included, models loaded once), against the bare loop on the
     same files: their ratio is the workflow's per-document overhead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
# What a job process imports before it does any work: the scripts' own imports.
_PREAMBLE = "from snakemake import script"
JOB_IMPORTS = {
    "python alone": "pass",
    "+ Snakemake's script preamble": _PREAMBLE,
    "+ polars, pyarrow.parquet": f"{_PREAMBLE}; import polars, pyarrow.parquet",
    "+ pandera, the models: a job's floor": (
        f"{_PREAMBLE}; import docpipe.io.parquet, docpipe.schemas"
    ),
    "+ docpipe.stages (ingest, annotate, templates jobs)": (
        f"{_PREAMBLE}; import docpipe.stages.annotate, docpipe.stages.ingest, "
        "docpipe.stages.templates"
    ),
    "+ docpipe.stages.tables (tables, manifest jobs)": f"{_PREAMBLE}; import docpipe.stages.tables",
}
MODEL_LOADS = {
    "py3langid model": "from docpipe.text.language_engines import Py3LangidEngine as E; "
    "E()._identifier",
    "langdetect profiles": "from docpipe.text.language_engines import LangdetectEngine as E; "
    "E().rank('Ein Satz, der lang genug ist.')",
    "dateparser data": "from docpipe.text.metadata import parse_datetime as p; p('March 3, 2020')",
}


def child_cpu(code: str) -> float:
    """CPU seconds of a fresh interpreter running `code`."""
    process = subprocess.Popen([sys.executable, "-c", code])
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"failed: {code}")
    return usage.ru_utime + usage.ru_stime


def median_cpu(code: str, repeat: int) -> float:
    return statistics.median(child_cpu(code) for _ in range(repeat))


def in_process(corpus: Path, docs: int, repeat: int) -> list[tuple[dict[str, float], float]]:
    """(CPU per stage, CPU of the bare loop) for each repeat, on the same `docs` files."""
    from docpipe.schemas import FINAL_TABLES, STAGE_TABLES

    from docpipe.io.discover import discover, write_listing
    from docpipe.stages import annotate, ingest, tables, templates
    from docpipe.text.language import LanguageSettings, LanguageTagger
    from docpipe.text.metadata import parse_datetime
    from docpipe_tools.bareloop import Settings, run_bare

    work = Path(tempfile.mkdtemp(prefix="overhead-"))
    subset = work / "corpus"
    for entry in discover(corpus, 1)[:docs]:
        (subset / entry.relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(entry.path, subset / entry.relpath)
    write_listing(work / "listing.jsonl", discover(subset, 1))
    settings = LanguageSettings.from_config(CONFIG["language"])
    # Load every model once: this measures per-document work, not the loads of part 2.
    warm = LanguageTagger(settings)
    warm.langdetect.rank("Ein Satz, der lang genug ist.")
    parse_datetime("March 3, 2020")
    identifier = warm.py3langid._identifier
    import docpipe.text.language_engines

    docpipe.text.language_engines.Py3LangidEngine._identifier = property(lambda self: identifier)
    paths = {name: str(work / f"{name}.parquet") for name in STAGE_TABLES}
    finals = {name: str(work / f"final_{name}.parquet") for name in FINAL_TABLES}
    limits, language = CONFIG["ingest"], CONFIG["language"]
    tables_inputs = {name: paths[name] for name in
                     ("ingest", "ingest_rejects", "paragraphs", "segment", "tag_languages",
                      "template_view")}  # fmt: skip
    steps = {
        "ingest": lambda: ingest.run_ingest(
            str(work / "listing.jsonl"),
            {"documents": paths["ingest"], "rejects": paths["ingest_rejects"],
             "paragraphs": paths["paragraphs"], "lines": paths["page_lines"]},
            limits["max_bytes"], limits["max_lines"],
        ),
        "annotate": lambda: annotate.run_annotate(
            paths["ingest"], paths["paragraphs"],
            {"sentences": paths["segment"], "languages": paths["tag_languages"]},
            CONFIG["segment"], language,
        ),
        "templates": lambda: templates.run_templates([paths["page_lines"]],
                                                  CONFIG["templates"]["min_pages"],
                                                  paths["templates"], paths["template_sites"]),
        # What the tables job's input function does (workflow/rules/common.smk).
        "view": lambda: templates.update_view(paths["templates"], paths["template_sites"],
                                           paths["page_lines"], paths["template_view"]),
        "tables": lambda: tables.run_tables(tables_inputs, finals, language),
    }  # fmt: skip
    results = []
    for _ in range(repeat):
        seconds = {}
        for name, step in steps.items():
            started = time.process_time()
            step()
            seconds[name] = time.process_time() - started
        started = time.process_time()
        run_bare(subset, work / "bare", Settings.from_config(CONFIG))
        results.append((seconds, time.process_time() - started))
    shutil.rmtree(work)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder of documents, e.g. from docpipe make-corpus")
    parser.add_argument("--docs", type=int, default=250, help="documents for part 3")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("1. A job process's start (CPU s, median of", args.repeat, "runs):")
    for label, code in JOB_IMPORTS.items():
        print(f"   {label:<64} {median_cpu(code, args.repeat):6.3f}")
    print("2. The annotate job's model loads (CPU s, each on top of its import):")
    for label, code in MODEL_LOADS.items():
        base = code.split(";")[0]
        cost = median_cpu(code, args.repeat) - median_cpu(base, args.repeat)
        print(f"   {label:<64} {cost:6.3f}")
    print(f"3. {args.docs} documents through the stages in one warm process vs the bare loop:")
    for seconds, bare in in_process(Path(args.corpus), args.docs, args.repeat):
        total = sum(seconds.values())
        detail = ", ".join(f"{name} {value:.2f}" for name, value in seconds.items())
        print(f"   stages {total:6.2f} s CPU ({detail}); bare loop {bare:6.2f}; "
              f"ratio {total / bare:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
