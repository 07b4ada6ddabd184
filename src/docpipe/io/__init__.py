"""Files in and out: listing the input folder, reading sources, atomic writes, validated Parquet."""
