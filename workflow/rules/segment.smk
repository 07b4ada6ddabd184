rule segment:
    """Sentence spans inside every paragraph; texts segmented in the shard's previous run are
    not segmented again (memo_file)."""
    input:
        ingest=rules.ingest.output.documents,
        paragraphs=rules.paragraphs.output.paragraphs,
    output:
        sentences="results/segment/{shard}.parquet",
        # What the job wrote, written last (docpipe.io.receipts).
        receipt="results/receipts/segment/{shard}.json",
    params:
        code=CODE_VERSION,
        max_chars=int(config["segment"]["max_chars"]),
        memo=memo_file("sentences"),
    log:
        "logs/segment/{shard}.log",
    benchmark:
        "results/benchmarks/segment/{shard}.tsv"
    priority: JOB_PRIORITY["segment"]
    resources:
        **job_resources("segment"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/segment.py"
