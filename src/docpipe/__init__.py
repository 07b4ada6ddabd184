"""docpipe: raw text documents to validated, traceable Parquet tables."""
