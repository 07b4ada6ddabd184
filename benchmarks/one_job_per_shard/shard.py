"""Experiment: the workflow's four per-shard stages before the template in one process (see the
Snakefile)."""

from typing import TYPE_CHECKING

from docpipe.logs import to_file
from docpipe.stages import run_clean, run_ingest, run_segment, run_tag

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
out, params = snakemake.output, snakemake.params
# As the workflow's jobs: the reuse copies only when the config asks for them.
reuse = (
    dict(zip(["ingest", "clean", "clean_lines", "segment", "tag"], params.reuse, strict=True))
    if snakemake.config["reuse"]
    else None
)
run_ingest(snakemake.input.listing, params.max_bytes, params.max_lines, out.ingest,
           out.ingest_rejects, reuse and reuse["ingest"])  # fmt: skip
run_clean(out.ingest, out.clean, out.lines, reuse and (reuse["clean"], reuse["clean_lines"]))
run_segment(out.ingest, out.clean, out.segment, params.max_chars, reuse and reuse["segment"])
run_tag(out.ingest, out.clean, out.segment, out.tag_languages, params.language,
        reuse and reuse["tag"])  # fmt: skip
