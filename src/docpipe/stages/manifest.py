"""The manifest rule: every input with its fate, every output's sha256, config and versions."""

from __future__ import annotations

import json
import platform
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docpipe.io import parquet
from docpipe.io.discover import read_listing
from docpipe.io.files import atomic_path
from docpipe.io.receipts import verified_sha256
from docpipe.provenance import code_version, package_versions
from docpipe.schemas import tables as table_models

# Packages whose versions can change the tables' content or bytes.
RECORDED_PACKAGES = (
    "docpipe", "snakemake", "pandera", "polars", "pyarrow", "charset-normalizer", "langdetect",
    "langdetect-rs", "syntok", "sentencex", "dateparser", "py3langid", "pycld2",
)  # fmt: skip


def build_manifest(
    listing_paths: Sequence[str],
    documents_paths: Sequence[str],
    rejects_paths: Sequence[str],
    output_paths: Sequence[str],
    config: Mapping[str, Any],
    results_dir: str,
    input_dir: str,
    receipt_paths: Sequence[str] = (),
    shards: int | None = None,
) -> dict[str, Any]:
    """Every input (path, size, sha256, where it went), every output's sha256, config, versions.
    Each of `output_paths` must have the bytes its job's receipt (one of `receipt_paths`)
    records (docpipe.io.receipts.DamagedOutputError otherwise)."""
    # Only the columns the manifest records: the documents' bodies would make this one job's
    # memory grow with the corpus.
    documents = parquet.read_tables(
        documents_paths,
        table_models.Documents,
        ["source_path", "size_bytes", "source_sha256", "doc_id"],
    )
    rejects = parquet.read_tables(
        rejects_paths,
        table_models.Rejects,
        ["source_path", "size_bytes", "source_sha256", "reason"],
    )
    seen: dict[str, dict[str, Any]] = {}
    for path, size, sha, doc_id in documents.iter_rows():
        seen[path] = {"size_bytes": size, "sha256": sha, "doc_id": doc_id, "rejected": None}
    for path, size, sha, reason in rejects.iter_rows():
        seen[path] = {"size_bytes": size, "sha256": sha, "doc_id": None, "rejected": reason}
    relpaths = sorted(entry.relpath for path in listing_paths for entry in read_listing(path))
    inputs = [{"path": relpath, **seen.get(relpath, {"missing": True})} for relpath in relpaths]
    results = Path(results_dir)
    hashes = verified_sha256(output_paths, receipt_paths)
    outputs = {Path(path).relative_to(results).as_posix(): hashes[path] for path in sorted(hashes)}
    return {
        "inputs": inputs,
        "outputs": outputs,
        "config": dict(config),
        "shards": shards,  # the count the outputs were laid out with (config may say "auto")
        "input_dir": input_dir,  # config's input_dir resolved to a folder
        "code_version": code_version(),
        "packages": package_versions(RECORDED_PACKAGES),
        # Python's own version: its Unicode database decides str.isalpha, casefold, NFC.
        "python": platform.python_version(),
    }


def write_manifest(manifest: Mapping[str, Any], path: str) -> None:
    with atomic_path(path) as temporary:
        temporary.write_text(
            json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
