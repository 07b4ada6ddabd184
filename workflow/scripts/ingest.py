"""Snakemake adapter: ingest one shard."""

from typing import TYPE_CHECKING

from docpipe.io.receipts import write_receipt
from docpipe.logs import to_file
from docpipe.stages.ingest import run_ingest

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
run_ingest(
    listing=snakemake.input.listing,
    max_bytes=snakemake.params.max_bytes,
    max_lines=snakemake.params.max_lines,
    documents_out=snakemake.output.documents,
    rejects_out=snakemake.output.rejects,
    memo_path=snakemake.params.memo if snakemake.config["reuse"] else None,
)
write_receipt(dict(snakemake.output.items()))
