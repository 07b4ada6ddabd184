# Helpers shared by the rule files. No rules here (snakemake --lint flags mixed files).
import os

from docpipe.discover import discover, shard_name
from docpipe.provenance import code_version

STAGE_LOGS = "logs"
INPUT_DIR = (
    os.path.join(workflow.basedir, "seeds")
    if config["input_dir"] is None
    else config["input_dir"]
)
INPUT_FILES = discover(INPUT_DIR, config["shards"])
SHARDS = [shard_name(shard) for shard in range(config["shards"])]
FILES_BY_SHARD = {shard: [] for shard in SHARDS}
for _input_file in INPUT_FILES:
    FILES_BY_SHARD[shard_name(_input_file.shard)].append(_input_file)
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


def shard_paths(wildcards):
    """Input files of one shard, as paths the job can open."""
    return [item.path for item in FILES_BY_SHARD[wildcards.shard]]


def shard_relpaths(wildcards):
    return [item.relpath for item in FILES_BY_SHARD[wildcards.shard]]


def shard_doc_ids(wildcards):
    return [item.doc_id for item in FILES_BY_SHARD[wildcards.shard]]


def all_relpaths():
    return [item.relpath for item in INPUT_FILES]


def table_files(table):
    return expand("results/tables/{table}/{shard}.parquet", table=table, shard=SHARDS)


def stage_files():
    """Every per-shard stage output, for the manifest."""
    return expand(
        [
            "results/ingest/{shard}.parquet",
            "results/ingest/{shard}.rejects.parquet",
            "results/clean/{shard}.parquet",
            "results/segment/{shard}.parquet",
            "results/tag/{shard}.languages.parquet",
            "results/tag/{shard}.document_languages.parquet",
            "results/tag/{shard}.metadata.parquet",
            "results/tag/{shard}.comments.parquet",
        ],
        shard=SHARDS,
    )


def final_outputs():
    return [*table_files(FINAL_TABLES), "results/manifest.json"]
