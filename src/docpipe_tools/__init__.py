"""Tooling around the pipeline (command line, benchmark, corpora, evaluation, reference): no rule
runs it, so editing it never reruns a job (docpipe.provenance.code_version hashes docpipe only)."""

# The workflow's rules in the order a shard goes through them: the order of the per-rule rows of
# the benchmark and of the hostile-inputs reports.
RULES = ("listing", "ingest", "annotate", "templates", "tables", "manifest")
