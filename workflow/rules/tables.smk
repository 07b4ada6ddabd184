rule tables:
    """Zones (with the site template), metadata, comments and document languages of the shard's
    pages, joined with its stage outputs into its slice of every final table; pages read in the
    shard's previous run are not read again (memo_file)."""
    input:
        ingest=rules.ingest.output.documents,
        ingest_rejects=rules.ingest.output.rejects,
        paragraphs=rules.ingest.output.paragraphs,
        segment=rules.annotate.output.sentences,
        tag_languages=rules.annotate.output.languages,
        template_view=template_view,
    output:
        # One per final table (docpipe.schemas.FINAL_TABLE_NAMES), named like it.
        **{table: f"results/tables/{table}/{{shard}}.parquet" for table in FINAL_TABLE_NAMES},
        # What the job wrote, written last (docpipe.io.receipts).
        receipt="results/receipts/tables/{shard}.json",
    params:
        code=CODE_VERSION,
        # The paragraph tags a page reading takes are a function of its text and of this: for
        # the memo's version (docpipe.memo).
        language=config["language"],
        memo=memo_file("page"),
    log:
        "logs/tables/{shard}.log",
    benchmark:
        "results/benchmarks/tables/{shard}.tsv"
    resources:
        **job_resources("tables"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/tables.py"


rule manifest:
    """Every input with its fate, every output's sha256, the effective config and versions."""
    input:
        documents=table_files("documents"),
        rejects=table_files("rejects"),
        tables=table_files(FINAL_TABLE_NAMES),
        stages=stage_files(),
        templates=[rules.templates.output.table, rules.templates.output.sites],
        views=template_views,
        receipts=receipt_files(),
        listings=listing_files(),
    output:
        manifest="results/manifest.json",
    params:
        config=config,
        # The count the run used (config's shards may be "auto").
        shards=SHARD_COUNT,
        input_dir=os.path.abspath(INPUT_DIR),
        code=CODE_VERSION,
    log:
        "logs/manifest.log",
    benchmark:
        "results/benchmarks/manifest.tsv"
    resources:
        **job_resources("manifest"),
    conda:
        "../envs/docpipe.yaml"
    script:
        "../scripts/manifest.py"
