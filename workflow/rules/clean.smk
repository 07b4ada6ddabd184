rule clean:
    """Split every document into paragraph spans; list its template candidate lines. Unchanged
    documents' rows are reused (reuse_file)."""
    input:
        ingest=rules.ingest.output.documents,
    output:
        paragraphs="results/clean/{shard}.parquet",
        lines="results/clean/{shard}.lines.parquet",
    params:
        code=CODE_VERSION,
        reuse=[reuse_file("clean"), reuse_file("clean_lines")],
    log:
        "logs/clean/{shard}.log",
    benchmark:
        "results/benchmarks/clean/{shard}.tsv"
    priority: JOB_PRIORITY["clean"]
    resources:
        **job_resources("clean"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/clean.py"
