# Helpers shared by the rule files. No rules here (snakemake --lint flags mixed files).
import os
import threading

from docpipe.io.discover import (
    check_inputs,
    discover,
    listing_path,
    plan_auto_shards,
    previous_inputs,
    shard_digests,
    shard_name,
    stale_shard_files,
)
from docpipe.io.files import partial_files
from docpipe.io.receipts import check_outputs
from docpipe.provenance import code_version
from docpipe.schemas import FINAL_TABLE_NAMES

INPUT_DIR = (
    os.path.join(workflow.basedir, "seeds") if config["input_dir"] is None else config["input_dir"]
)
# The workflow's own folders are never inputs, even when they lie inside input_dir.
EXCLUDE = ["results", "logs", ".snakemake"]


def _inputs():
    """(shard count, input files with their shards, how the count was chosen). Only reads
    input_dir: the listing jobs (workflow/rules/listing.smk) write the files, under Snakemake's
    lock, so a dry run, --lint, --summary or a run refused by the lock writes nothing."""
    automatic = config["shards"] == "auto"
    # JSON Schema's "integer" admits 4.0; Python's range() does not.
    count = 1 if automatic else int(config["shards"])
    files = discover(INPUT_DIR, count, exclude=EXCLUDE)
    # An empty folder, or one that lost most of the previous run's inputs (an unmounted disk),
    # stops the run here, before any job (even a dry run) is planned or an output deleted.
    check_inputs(
        files,
        previous_inputs("results/manifest.json"),
        config["max_lost_share"],
        config["allow_shrink"],
        where=f"input_dir {INPUT_DIR!r}",
    )
    if not automatic:
        return count, files, f"shards={count}"
    return plan_auto_shards(files, config["shard_mb"], int(config["ingest"]["max_bytes"]))


SHARD_COUNT, _INPUT_FILES, SHARDS_CHOSEN = _inputs()
SHARDS = [shard_name(shard) for shard in range(SHARD_COUNT)]
# shard -> the path of its listing, named for its content (docpipe.io.discover), so that a shard
# whose entries changed waits for a listing of a new name while the others do not.
LISTINGS = {
    shard_name(shard): listing_path("results", shard, digest)
    for shard, digest in enumerate(shard_digests(_INPUT_FILES, SHARD_COUNT))
}
del _INPUT_FILES


# A param of every stage job. Snakemake reruns a job when its params change, so a change to
# the package's code (which Snakemake does not track, unlike the scripts) reruns what it affects.
CODE_VERSION = code_version()


wildcard_constraints:
    shard=r"\d{4}",
    digest=r"[0-9a-f]{16}",


def memo_file(function):
    """Where a shard's job keeps its memo of a per-document function (docpipe.memo): a cache,
    not an output (Snakemake deletes outputs before a job runs, and the rerun reads this), that
    may be deleted at any time (docs/incremental.md). Whether it is used is config["reuse"],
    read by the job itself, so that turning it on or off (which does not change a byte of the
    outputs) does not rerun every job."""
    return f"results/memo/{function}/{{shard}}.json"


# Where the annotate jobs keep py3langid's model decompressed (docpipe.io.models): a cache like
# the memos, used when they are.
MODEL_CACHE = "results/memo/models"


def memo_files(*functions):
    """A param for a job that runs several memoised steps: each function's memo_file of the
    job's shard, by name (the names of the stage module's MEMOS)."""
    return lambda wildcards: {
        function: memo_file(function).format(shard=wildcards.shard) for function in functions
    }


def listing_file(wildcards):
    return LISTINGS[wildcards.shard]


def listing_files():
    return [LISTINGS[shard] for shard in SHARDS]


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
    stages = ["ingest", "annotate", "tables"]
    per_shard = expand("results/receipts/{stage}/{shard}.json", stage=stages, shard=SHARDS)
    return [*per_shard, "results/receipts/templates.json"]


# An output whose bytes are not those its job wrote (edited, truncated, a flipped bit) stops
# the run here, named, before any job reads it or the manifest records it. It only reads.
check_outputs(receipt_files())


# Written by the templates job, each only when its content changed (docpipe.stages.templates),
# so that a new template line reruns only the tables jobs of the shards whose pages hold it.
VIEW = "results/templates/views/{shard}.parquet"


def _written_views(shards):
    """The views of `shards`, once the templates checkpoint has run. Only its job writes them, so
    one that is missing (deleted by hand) stops the run, saying how to make them again."""
    checkpoints.templates.get()
    views = [VIEW.format(shard=shard) for shard in shards]
    missing = [view for view in views if not os.path.exists(view)]
    if missing:
        raise FileNotFoundError(
            f"{', '.join(missing)} missing: the templates job writes every shard's template "
            "view; run it again with --forcerun templates"
        )
    return views


def template_view(wildcards):
    return _written_views([wildcards.shard])


def template_views(wildcards):
    """Every shard's template view, for the manifest."""
    return _written_views(SHARDS)


def remove_stale_shards():
    """Say how many shards this run has; delete outputs of shards beyond that count (left by a
    run with more shards)."""
    logger.info(SHARDS_CHOSEN)
    for path in stale_shard_files("results", SHARD_COUNT):
        # Snakemake's own logger, a global of every Snakefile: redefining it silences Snakemake.
        # Snakemake's formatter prints a record's msg without its args: an f-string.
        logger.warning(f"removing {path}: its shard is beyond shards={SHARD_COUNT}")
        os.remove(path)


def remove_partial_files():
    """Delete the temporary files of jobs that were killed while writing (see docpipe.io.files)."""
    for path in partial_files("results"):
        logger.warning(f"removing {path}: left by a job that was killed while writing it")
        path.unlink(missing_ok=True)


def final_outputs():
    """The tables, the manifest, and the listings: as targets, a listing of a new name (its
    shard changed) is made and its shard rebuilt even where Snakemake has no metadata to see
    the new input path (results copied without .snakemake/): a missing file that only feeds jobs
    whose outputs exist reruns nothing."""
    return [*table_files(FINAL_TABLE_NAMES), "results/manifest.json", *listing_files()]


# What one job asks a cluster for (profiles/slurm): memory in MB and runtime in minutes, both
# doubled when Snakemake retries a job (the profile sets retries: 1). In the rules rather than
# the profile because a --default-resources or --set-resources of the user's own (e.g. a
# partition or an account) replaces the profile's lists whole, requests and all.
# Peak RSS of one job (its largest process, as the kernel counts it: the `resources:` line of its
# log), MiB, with one shard holding N copies of the 59 extract-dev pages (11 KB of text each),
# measured with ingest (decode and paragraphs) and annotate (segment and tag) as jobs:
#   pages (text)      ingest  annotate  tables  templates  manifest
#   1,770 (20 MB)        392       675     981        312       184
#   5,310 (58 MB)        684      1353    2326        497       191
# About 200 MB of it is the interpreter with polars, pyarrow and pandera loaded; the rest grows
# with the shard's text. The annotate figures are from before the batched py3langid ranking,
# whose float32 weights add 57 MB to a job (largest tag job of `docpipe bench --n 1000`: 341 ->
# 401 MiB). The requests hold 5,000 such pages in a shard with at least 30% to spare (tables:
# 2,326 of 3,000), and the 16 MB shards of `shards: auto` (config/config.yaml) several times over.
# Runtimes at 5,310 pages were under a minute each, but copies hit the tagger's cache: its
# language ID takes about 0.25 s for each distinct page (docs/language.md), so some 20 minutes
# for 5,000 pages.
JOB_RESOURCES = {
    # A walk of input_dir and a stat of the shard's files: 25 MB and 0.2 s CPU on the seeds; its
    # body took 21 MB and 0.45 s CPU for one of 40 shards of the 100,000-page corpus.
    "listing": {"mem_mb": 200, "runtime": 10},
    "ingest": {"mem_mb": 1000, "runtime": 30},
    "annotate": {"mem_mb": 2000, "runtime": 60},
    # Not measured yet: one job over every shard's candidate lines (the site template).
    "templates": {"mem_mb": 4000, "runtime": 60},
    "tables": {"mem_mb": 3000, "runtime": 30},
    "manifest": {"mem_mb": 1000, "runtime": 30},
}


# Which ready job a free core takes first (Snakemake's `priority:`; higher first). Without
# them the greedy scheduler prefers the jobs with the largest inputs, so it ran the first two
# shards' tag jobs before the other shards were even ingested, and the build ended with one core
# idle beside the last tag and tables jobs. Short jobs that unblock others first (the listings,
# each ingest waits for one; the ingest jobs, whose lines the templates job waits for), the long
# annotate jobs before the tables jobs: on the 10,000-page corpus at -c2, 177.9 -> 169.4 s, idle
# core time before the last job 27.9 -> 9.0 s (one build each, same tables; measured when
# segment and tag were jobs of their own).
JOB_PRIORITY = {
    "listing": 5,
    "ingest": 4,
    "templates": 3,
    "annotate": 2,
}


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
