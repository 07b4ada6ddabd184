"""Experiment: the workflow's four per-shard stages before the template in one process (see the
Snakefile)."""

from typing import TYPE_CHECKING

from docpipe.logs import to_file
from docpipe.stages.ingest import run_ingest
from docpipe.stages.paragraphs import run_clean
from docpipe.stages.segment import run_segment
from docpipe.stages.tag import run_tag

if TYPE_CHECKING:
    from snakemake.script import snakemake

to_file(snakemake.log[0])
out, params = snakemake.output, snakemake.params
# As the workflow's jobs: the reuse copies only when the config asks for them.
reuse = snakemake.config["reuse"]
run_ingest(snakemake.input.listing, params.max_bytes, params.max_lines, out.ingest,
           out.ingest_rejects, params.reuse_ingest if reuse else None)  # fmt: skip
run_clean(out.ingest, out.clean, out.lines, tuple(params.reuse_clean) if reuse else None)
run_segment(out.ingest, out.clean, out.segment, params.max_chars,
            params.reuse_segment if reuse else None)  # fmt: skip
run_tag(out.ingest, out.clean, out.segment, out.tag_languages, params.language,
        params.reuse_tag if reuse else None)  # fmt: skip
