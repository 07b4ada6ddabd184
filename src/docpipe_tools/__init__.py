"""Tooling around the pipeline (command line, benchmark, corpora, evaluation, reference): no rule
runs it, so editing it never reruns a job (docpipe.provenance.code_version hashes docpipe only)."""
