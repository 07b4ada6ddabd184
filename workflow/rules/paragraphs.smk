rule paragraphs:
    """Split every document into paragraph spans; list its template candidate lines. Texts split
    in the shard's previous run are not split again (memo_file)."""
    input:
        ingest=rules.ingest.output.documents,
    output:
        paragraphs="results/paragraphs/{shard}.parquet",
        lines="results/paragraphs/{shard}.lines.parquet",
        # What the job wrote, written last (docpipe.io.receipts).
        receipt="results/receipts/paragraphs/{shard}.json",
    params:
        code=CODE_VERSION,
        memo=memo_file("paragraphs"),
    log:
        "logs/paragraphs/{shard}.log",
    benchmark:
        "results/benchmarks/paragraphs/{shard}.tsv"
    priority: JOB_PRIORITY["paragraphs"]
    resources:
        **job_resources("paragraphs"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/paragraphs.py"
