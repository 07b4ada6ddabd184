rule ingest:
    """Read, fingerprint and decode the shard's input files; reject what is not text. Files whose
    bytes are unchanged keep their previous decoding (memo_file)."""
    input:
        listing=listing_file,
    output:
        documents="results/ingest/{shard}.parquet",
        rejects="results/ingest/{shard}.rejects.parquet",
        # What the job wrote, written last (docpipe.io.receipts).
        receipt="results/receipts/ingest/{shard}.json",
    params:
        code=CODE_VERSION,
        max_bytes=int(config["ingest"]["max_bytes"]),
        max_lines=int(config["ingest"]["max_lines"]),
        memo=memo_file("decode"),
    log:
        "logs/ingest/{shard}.log",
    benchmark:
        "results/benchmarks/ingest/{shard}.tsv"
    priority: JOB_PRIORITY["ingest"]
    resources:
        **job_resources("ingest"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/ingest.py"
