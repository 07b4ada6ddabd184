rule tag:
    """Language and script of every page, paragraph and sentence; texts tagged in the
    shard's previous run are not tagged again (memo_file)."""
    input:
        ingest=rules.ingest.output.documents,
        paragraphs=rules.paragraphs.output.paragraphs,
        segment=rules.segment.output.sentences,
    output:
        languages="results/tag/{shard}.languages.parquet",
        # What the job wrote, written last (docpipe.io.receipts).
        receipt="results/receipts/tag/{shard}.json",
    params:
        code=CODE_VERSION,
        language=config["language"],
        # The sentence spans of a text depend on it: for the memo's version (docpipe.memo).
        max_chars=int(config["segment"]["max_chars"]),
        memo=memo_file("tags"),
    log:
        "logs/tag/{shard}.log",
    benchmark:
        "results/benchmarks/tag/{shard}.tsv"
    priority: JOB_PRIORITY["tag"]
    resources:
        **job_resources("tag"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/tag.py"
