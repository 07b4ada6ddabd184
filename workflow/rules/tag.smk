rule tag:
    """Languages of documents, paragraphs and sentences; metadata; reader comments."""
    input:
        ingest=rules.ingest.output.documents,
        clean=rules.clean.output.paragraphs,
        segment=rules.segment.output.sentences,
    output:
        tag_languages="results/tag/{shard}.languages.parquet",
        tag_document_languages="results/tag/{shard}.document_languages.parquet",
        tag_metadata="results/tag/{shard}.metadata.parquet",
        tag_comments="results/tag/{shard}.comments.parquet",
    params:
        code=CODE_VERSION,
        language=config["language"],
    log:
        "logs/tag/{shard}.log",
    benchmark:
        "results/benchmarks/tag/{shard}.tsv"
    resources:
        **job_resources("tag"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/tag.py"
