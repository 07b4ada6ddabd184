# Helpers shared by the rule files. No rules here (snakemake --lint flags mixed files).
import os

from docpipe.discover import discover, shard_name, stale_shard_files, write_listing
from docpipe.files import partial_files
from docpipe.provenance import code_version
from docpipe.stages import update_view


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
# Each shard's listing is rewritten only when its entries changed: see docpipe.discover.
for _shard in SHARDS:
    write_listing(
        f"results/inputs/{_shard}.jsonl",
        [item for item in INPUT_FILES if shard_name(item.shard) == _shard],
    )


# A param of every stage job. Snakemake reruns a job when its params change, so a change to
# the package's code (which Snakemake does not track, unlike the scripts) reruns what it affects.
CODE_VERSION = code_version()
FINAL_TABLES = [
    "sources",
    "documents",
    "paragraphs",
    "sentences",
    "comments",
    "languages",
    "rejects",
]


wildcard_constraints:
    shard=r"\d{4}",


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
            "results/clean/{shard}.parquet",
            "results/clean/{shard}.lines.parquet",
            "results/segment/{shard}.parquet",
            "results/tag/{shard}.languages.parquet",
        ],
        shard=SHARDS,
    )


def _view(shard):
    """The shard's view of the template, rewritten only when it changed. Called from input
    functions only, so it runs after the templates checkpoint (workflow/rules/templates.smk)."""
    templates = checkpoints.templates.get().output
    view = f"results/templates/views/{shard}.parquet"
    update_view(templates.table, templates.sites, f"results/clean/{shard}.lines.parquet", view)
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
    """Delete the temporary files of jobs that were killed while writing (see docpipe.files)."""
    for path in partial_files("results"):
        logger.warning("removing %s: left by a job that was killed while writing it", path)
        path.unlink(missing_ok=True)


def final_outputs():
    return [*table_files(FINAL_TABLES), "results/manifest.json"]
