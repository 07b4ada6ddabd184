# Helpers shared by the rule files. No rules here (snakemake --lint flags mixed files).
import os
import threading

from docpipe.io.discover import (
    check_inputs,
    discover,
    previous_inputs,
    shard_name,
    stale_shard_files,
    write_listing,
)
from docpipe.io.files import partial_files
from docpipe.provenance import code_version
from docpipe.io.receipts import check_outputs
from docpipe.schemas import FINAL_TABLES
from docpipe.stages.templates import update_view


INPUT_DIR = (
    os.path.join(workflow.basedir, "seeds")
    if config["input_dir"] is None
    else config["input_dir"]
)
# JSON Schema's "integer" admits 4.0; Python's range() does not.
SHARD_COUNT = int(config["shards"])
SHARDS = [shard_name(shard) for shard in range(SHARD_COUNT)]
# The workflow's own folders are never inputs, even when they lie inside input_dir.
INPUT_FILES = discover(INPUT_DIR, SHARD_COUNT, exclude=["results", "logs", ".snakemake"])
# An empty folder, or one that lost most of the previous run's inputs (an unmounted disk),
# stops the run here, before a listing is written or an output deleted.
check_inputs(
    INPUT_FILES,
    previous_inputs("results/manifest.json"),
    config["max_lost_share"],
    config["allow_shrink"],
    where=f"input_dir {INPUT_DIR!r}",
)
# Each shard's listing is rewritten only when its entries changed: see docpipe.io.discover.
for _shard in SHARDS:
    write_listing(
        f"results/inputs/{_shard}.jsonl",
        [item for item in INPUT_FILES if shard_name(item.shard) == _shard],
    )


# A param of every stage job. Snakemake reruns a job when its params change, so a change to
# the package's code (which Snakemake does not track, unlike the scripts) reruns what it affects.
CODE_VERSION = code_version()


wildcard_constraints:
    shard=r"\d{4}",


def memo_file(function):
    """Where a shard's job keeps its memo of a per-document function (docpipe.memo): a cache,
    not an output (Snakemake deletes outputs before a job runs, and the rerun reads this), that
    may be deleted at any time (docs/incremental.md). Whether it is used is config["reuse"],
    read by the job itself, so that turning it on or off (which does not change a byte of the
    outputs) does not rerun every job."""
    return f"results/memo/{function}/{{shard}}.pickle"


def listing_files():
    return expand("results/inputs/{shard}.jsonl", shard=SHARDS)


def table_files(table):
    return expand("results/tables/{table}/{shard}.parquet", table=table, shard=SHARDS)


def stage_files():
    """Every per-shard stage output, for the manifest."""
    return expand(
        [
            "results/ingest/{shard}.parquet",
            "results/ingest/{shard}.rejects.parquet",
            "results/paragraphs/{shard}.parquet",
            "results/paragraphs/{shard}.lines.parquet",
            "results/segment/{shard}.parquet",
            "results/tag/{shard}.languages.parquet",
        ],
        shard=SHARDS,
    )


def receipt_files():
    """Every job's receipt of what it wrote (docpipe.io.receipts), for the manifest."""
    stages = ["ingest", "paragraphs", "segment", "tag", "tables"]
    per_shard = expand("results/receipts/{stage}/{shard}.json", stage=stages, shard=SHARDS)
    return [*per_shard, "results/receipts/templates.json"]


# An output whose bytes are not those its job wrote (edited, truncated, a flipped bit) stops
# the run here, named, before any job reads it or the manifest records it.
check_outputs(receipt_files())


# shard -> the (size, mtime) of the files its view was last brought up to date from, so that
# the tables job's and the manifest's input functions (each evaluated more than once while the
# DAG is built) compute it once per change of the templates or of the shard's lines.
_VIEW_SOURCES = {}


def _view(shard):
    """The shard's view of the template, rewritten only when it changed. Called from input
    functions only, so it runs after the templates checkpoint (workflow/rules/templates.smk)."""
    templates = checkpoints.templates.get().output
    view = f"results/templates/views/{shard}.parquet"
    sources = [templates.table, templates.sites, f"results/paragraphs/{shard}.lines.parquet", view]
    stamps = [(info.st_size, info.st_mtime_ns) for info in map(os.stat, sources[:3])]
    if _VIEW_SOURCES.get(shard) != stamps:
        update_view(*sources)
        _VIEW_SOURCES[shard] = stamps
    return view


def template_view(wildcards):
    return _view(wildcards.shard)


def template_views(wildcards):
    """Every shard's template view, for the manifest."""
    return [_view(shard) for shard in SHARDS]


def remove_stale_shards():
    """Delete outputs of shards beyond the shard count (left by a run with more shards)."""
    for path in stale_shard_files("results", SHARD_COUNT):
        # Snakemake's own logger, a global of every Snakefile: redefining it silences Snakemake.
        logger.warning("removing %s: its shard is beyond shards=%d", path, SHARD_COUNT)
        os.remove(path)


def remove_partial_files():
    """Delete the temporary files of jobs that were killed while writing (see docpipe.io.files)."""
    for path in partial_files("results"):
        logger.warning("removing %s: left by a job that was killed while writing it", path)
        path.unlink(missing_ok=True)


def final_outputs():
    return [*table_files(FINAL_TABLES), "results/manifest.json"]


# What one job asks a cluster for (profiles/slurm): memory in MB and runtime in minutes, both
# doubled when Snakemake retries a job (the profile sets retries: 1). In the rules rather than
# the profile because a --default-resources or --set-resources of the user's own (e.g. a
# partition or an account) replaces the profile's lists whole, requests and all.
# Peak RSS of one job (its largest process, as the kernel counts it: GNU time's %M), MB, with
# one shard holding N copies of the 59 extract-dev pages (11 KB of text each):
#   pages (text)      ingest  paragraphs  segment   tag  tables
#   59 (0.66 MB)         207    213      214   377     241
#   1,770 (20 MB)        272    364      371   735     580
#   5,310 (58 MB)        416    619      747  1313    1397
# About 200 MB of it is the interpreter with polars, pyarrow and pandera loaded; the rest grows
# with the shard's text. The requests hold 5,000 such pages in a shard with at least 30% to
# spare, and the 2,000 that config/config.yaml advises at most two and a half times over. The
# manifest peaked at 204 MB for 5,310 pages. Runtimes at 5,310 pages were 3 minutes at most
# (on a shared 2-core machine), but copies hit tag's cache: its language ID takes about 0.25 s
# for each distinct page (README "Language tags"), so some 20 minutes for 5,000 pages.
JOB_RESOURCES = {
    "ingest": {"mem_mb": 1000, "runtime": 30},
    "paragraphs": {"mem_mb": 1000, "runtime": 30},
    "segment": {"mem_mb": 1000, "runtime": 30},
    "tag": {"mem_mb": 2000, "runtime": 60},
    # Not measured yet: one job over every shard's candidate lines (the site template).
    "templates": {"mem_mb": 4000, "runtime": 60},
    "tables": {"mem_mb": 2000, "runtime": 30},
    "manifest": {"mem_mb": 1000, "runtime": 30},
}


# Which ready job a free core takes first (Snakemake's `priority:`; higher first). Without
# them the greedy scheduler prefers the jobs with the largest inputs, so it ran the first two
# shards' tag jobs before the other shards were even ingested, and the build ended with one core
# idle beside the last tag and tables jobs. Short jobs that unblock others first, the long tag
# jobs before the tables jobs: on the 10,000-page corpus at -c2, 177.9 -> 169.4 s, idle core
# time before the last job 27.9 -> 9.0 s (one build each, same tables).
JOB_PRIORITY = {"ingest": 4, "paragraphs": 4, "templates": 3, "segment": 2, "tag": 1}


def job_resources(rule_name):
    """The rule's JOB_RESOURCES, each multiplied by the attempt (1, then 2 on a retry)."""

    def scaled(value):
        return lambda wildcards, attempt: value * attempt

    return {key: scaled(value) for key, value in JOB_RESOURCES[rule_name].items()}


def cancel_rescheduling_timers():
    """After each scheduling round Snakemake arms a one-second threading.Timer (its default
    --max-jobs-per-timespan, 100/1s; a shorter span cannot be given: its parser reads "100ms"
    as 100 minutes), and Python waits for the last one before it exits: the last job of a
    10,000-page rebuild ended 1.3 s before the process did. Once the workflow has succeeded
    nothing is left to schedule."""
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()
