# A checkpoint, so that the tables jobs' inputs (per-shard views of the template, which its job
# writes, each only when its content changed: see template_view in common.smk) are decided after
# it ran: a shard whose view did not change is not rerun when another page joins the corpus.
checkpoint templates:
    """Mine every site's template lines from all shards' candidate lines."""
    input:
        lines=expand("results/paragraphs/{shard}.lines.parquet", shard=SHARDS),
    output:
        table="results/templates/templates.parquet",
        sites="results/templates/sites.parquet",
        # What the job wrote, written last (docpipe.io.receipts).
        receipt="results/receipts/templates.json",
    params:
        code=CODE_VERSION,
        min_pages=config["templates"]["min_pages"],
        # Not outputs: Snakemake would delete them all before the job, and rewriting them all
        # would rerun every tables job.
        views=expand(VIEW, shard=SHARDS),
    log:
        "logs/templates/templates.log",
    benchmark:
        "results/benchmarks/templates/templates.tsv"
    priority: JOB_PRIORITY["templates"]
    resources:
        **job_resources("templates"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/templates.py"
