# docpipe: raw text documents -> validated, traceable Parquet tables.
# Per shard: listing -> ingest (decode, paragraphs) -> annotate (sentences, languages); all shards'
# lines -> templates; per shard: tables (zones, metadata, final tables); then one manifest.
import os

from snakemake.utils import min_version, validate

from docpipe.config import check_config

min_version("9.0")


# Resolved from the workflow, not the working directory, so --directory still finds it.
configfile: os.path.join(workflow.basedir, "config", "config.yaml")


# Every bad key named at once, of the merged config and of each --configfile on its own (an
# empty mapping in one merges as nothing); then Snakemake's validate fills in the defaults.
check_config(config, overrides=workflow.overwrite_configfiles)
validate(config, schema="schemas/config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/listing.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/annotate.smk"
include: "workflow/rules/templates.smk"
include: "workflow/rules/tables.smk"


onstart:
    remove_stale_shards()
    remove_partial_files()


rule all:
    input:
        final_outputs(),


onsuccess:
    cancel_rescheduling_timers()
