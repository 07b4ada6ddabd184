"""One module per rule: each reads its shard's upstream tables, calls the text functions, writes
validated Parquet. Nothing here knows about Snakemake."""
