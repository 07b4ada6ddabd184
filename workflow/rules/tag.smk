rule tag:
    """Language and script of every page, paragraph and sentence; unchanged documents' rows are
    reused (reuse_file)."""
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
        reuse=reuse_file("tag"),
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
