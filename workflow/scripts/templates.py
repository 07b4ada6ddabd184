"""Snakemake adapter: the corpus-wide site template."""

from typing import TYPE_CHECKING

from docpipe.io.receipts import write_receipt
from docpipe.logs import to_file
from docpipe.stages.templates import run_templates

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
views = list(snakemake.params.views)
run_templates(
    lines_paths=list(snakemake.input.lines),
    min_pages=snakemake.params.min_pages,
    table_out=snakemake.output.table,
    sites_out=snakemake.output.sites,
    views_out=views,
)
# The views too, rewritten or not: the run's start and the manifest check them like outputs.
write_receipt(dict(snakemake.output.items()), undeclared=views)
