"""Snakemake adapter: the final tables of one shard."""

from typing import TYPE_CHECKING

from docpipe.io.receipts import write_receipt
from docpipe.logs import to_file
from docpipe.stages.tables import run_tables

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
run_tables(
    stage_paths=dict(snakemake.input.items()),
    outputs=dict(snakemake.output.items()),
    language=snakemake.params.language,
    memo_path=snakemake.params.memo if snakemake.config["reuse"] else None,
)
write_receipt(dict(snakemake.output.items()))
