"""Snakemake adapter: documents, rejects and paragraphs of one shard."""

from typing import TYPE_CHECKING

from docpipe.io.receipts import write_receipt
from docpipe.logs import to_file
from docpipe.stages.ingest import run_ingest

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
outputs = dict(snakemake.output.items())
run_ingest(
    listing=snakemake.input.listing,
    outputs=outputs,
    max_bytes=snakemake.params.max_bytes,
    max_lines=snakemake.params.max_lines,
    memo_paths=snakemake.params.memos if snakemake.config["reuse"] else None,
)
write_receipt(outputs)
