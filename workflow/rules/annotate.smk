rule annotate:
    """Sentence spans inside every paragraph, then the language and script of every page,
    paragraph and sentence (docpipe.stages.annotate). Texts whose characters are unchanged keep
    their previous results (memo_file)."""
    input:
        ingest=rules.ingest.output.documents,
        paragraphs=rules.ingest.output.paragraphs,
    output:
        sentences="results/segment/{shard}.parquet",
        languages="results/tag/{shard}.languages.parquet",
        # What the job wrote, written last (docpipe.io.receipts).
        receipt="results/receipts/annotate/{shard}.json",
    params:
        code=CODE_VERSION,
        segment=config["segment"],
        language=config["language"],
        # One per step (docpipe.stages.annotate.MEMOS).
        memos=memo_files("sentences", "tags"),
        # py3langid's model, decompressed (docpipe.io.models): a cache like the memos.
        model_cache=MODEL_CACHE,
    log:
        "logs/annotate/{shard}.log",
    benchmark:
        "results/benchmarks/annotate/{shard}.tsv"
    priority: JOB_PRIORITY["annotate"]
    resources:
        **job_resources("annotate"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/annotate.py"
