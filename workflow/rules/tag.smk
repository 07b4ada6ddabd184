rule tag:
    """Languages of documents, paragraphs and sentences; metadata; reader comments."""
    input:
        ingest=rules.ingest.output.documents,
        clean=rules.clean.output.paragraphs,
        segment=rules.segment.output.sentences,
    output:
        languages="results/tag/{shard}.languages.parquet",
        metadata="results/tag/{shard}.metadata.parquet",
        comments="results/tag/{shard}.comments.parquet",
    params:
        code=CODE_VERSION,
        min_letters=config["language"]["min_letters"],
        max_chars=config["language"]["max_chars"],
    log:
        "logs/tag/{shard}.log",
    benchmark:
        "results/benchmarks/tag/{shard}.tsv"
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/tag.py"
