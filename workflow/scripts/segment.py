"""Snakemake adapter: sentences of one shard."""

from typing import TYPE_CHECKING

from docpipe.io.receipts import write_receipt
from docpipe.logs import to_file
from docpipe.stages.segment import run_segment

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
run_segment(
    ingest_path=snakemake.input.ingest,
    paragraphs_path=snakemake.input.paragraphs,
    segment_out=snakemake.output.sentences,
    max_chars=snakemake.params.max_chars,
    memo_path=snakemake.params.memo if snakemake.config["reuse"] else None,
)
write_receipt(dict(snakemake.output.items()))
