"""Snakemake adapter: results/manifest.json."""

from typing import TYPE_CHECKING

from docpipe.logs import to_file
from docpipe.stages.manifest import build_manifest, write_manifest

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
manifest = build_manifest(
    listing_paths=list(snakemake.input.listings),
    documents_paths=list(snakemake.input.documents),
    rejects_paths=list(snakemake.input.rejects),
    output_paths=[
        *snakemake.input.tables,
        *snakemake.input.stages,
        *snakemake.input.templates,
        *snakemake.input.views,
    ],
    receipt_paths=list(snakemake.input.receipts),
    config=snakemake.params.config,
    shards=snakemake.params.shards,
    input_dir=snakemake.params.input_dir,
    results_dir="results",
)
write_manifest(manifest, snakemake.output.manifest)
