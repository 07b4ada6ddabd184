"""Snakemake adapter: languages of one shard's pages, paragraphs and sentences."""

from typing import TYPE_CHECKING

from docpipe.io.receipts import write_receipt
from docpipe.logs import to_file
from docpipe.stages.tag import run_tag

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
run_tag(
    ingest_path=snakemake.input.ingest,
    paragraphs_path=snakemake.input.paragraphs,
    segment_path=snakemake.input.segment,
    languages_out=snakemake.output.languages,
    language=snakemake.params.language,
    max_chars=snakemake.params.max_chars,
    memo_path=snakemake.params.memo if snakemake.config["reuse"] else None,
)
write_receipt(dict(snakemake.output.items()))
