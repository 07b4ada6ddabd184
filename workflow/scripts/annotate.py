"""Snakemake adapter: sentences and language tags of one shard."""

from typing import TYPE_CHECKING

from docpipe.io.receipts import write_receipt
from docpipe.logs import to_file
from docpipe.stages.annotate import run_annotate

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
outputs = dict(snakemake.output.items())
run_annotate(
    ingest_path=snakemake.input.ingest,
    paragraphs_path=snakemake.input.paragraphs,
    outputs=outputs,
    segment=snakemake.params.segment,
    language=snakemake.params.language,
    memo_paths=snakemake.params.memos if snakemake.config["reuse"] else None,
    model_cache=snakemake.params.model_cache if snakemake.config["reuse"] else None,
)
write_receipt(outputs)
