rule ingest:
    """Read, fingerprint and decode the shard's input files, rejecting what is not text, and
    split them into paragraphs, listing each page's template candidate lines (docpipe.stages.
    ingest). Files whose bytes, and texts whose characters, are unchanged keep their previous
    results (memo_file)."""
    input:
        listing=listing_file,
    output:
        documents="results/ingest/{shard}.parquet",
        rejects="results/ingest/{shard}.rejects.parquet",
        paragraphs="results/paragraphs/{shard}.parquet",
        lines="results/paragraphs/{shard}.lines.parquet",
        # What the job wrote, written last (docpipe.io.receipts).
        receipt="results/receipts/ingest/{shard}.json",
    params:
        code=CODE_VERSION,
        max_bytes=int(config["ingest"]["max_bytes"]),
        max_lines=int(config["ingest"]["max_lines"]),
        # One per step (docpipe.stages.ingest.MEMOS).
        memos=memo_files("decode", "paragraphs"),
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
