"""Snakemake adapter: one shard's listing of input_dir."""

from typing import TYPE_CHECKING

from docpipe.io.discover import remove_other_versions, run_listing
from docpipe.logs import to_file

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
shard = int(snakemake.wildcards.shard)
run_listing(
    input_dir=snakemake.params.input_dir,
    shard=shard,
    shards=snakemake.params.shards,
    exclude=snakemake.params.exclude,
    listing_out=snakemake.output.listing,
)
remove_other_versions(snakemake.log[0], shard)
