# Snakemake never sees an input path (braces, undecodable bytes, dangling links): each shard's
# entries go to a listing file, named for their content when the workflow loads (LISTINGS in
# common.smk) and written by this job. Local: a short walk of input_dir, on the machine that
# planned it.
localrules:
    listing,


rule listing:
    """List the shard's input files (path and fingerprint, or why one cannot be read)."""
    output:
        listing="results/inputs/{shard}.{digest}.jsonl",
    params:
        input_dir=INPUT_DIR,
        shards=SHARD_COUNT,
        exclude=EXCLUDE,
    log:
        "logs/listing/{shard}.{digest}.log",
    priority: JOB_PRIORITY["listing"]
    resources:
        **job_resources("listing"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/listing.py"
