"""Snakemake adapter: paragraphs and template candidate lines of one shard."""

from typing import TYPE_CHECKING

from docpipe.io.receipts import write_receipt
from docpipe.logs import to_file
from docpipe.stages.paragraphs import run_paragraphs

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
run_paragraphs(
    ingest_path=snakemake.input.ingest,
    paragraphs_out=snakemake.output.paragraphs,
    lines_out=snakemake.output.lines,
    memo_path=snakemake.params.memo if snakemake.config["reuse"] else None,
)
write_receipt(dict(snakemake.output.items()))
