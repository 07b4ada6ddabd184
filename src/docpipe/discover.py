"""Find input files and assign each to a stable document id and shard."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputFile:
    """One file found below input_dir."""

    path: str  # as the workflow passes it to jobs: input_dir joined with relpath
    relpath: str  # relative to input_dir, '/' separators: the document's source_path
    doc_id: str
    shard: int


def doc_id_for(relpath: str) -> str:
    """A document's key: derived from its relative path only, so it is the same on every machine."""
    return hashlib.sha256(relpath.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def shard_for(doc_id: str, shards: int) -> int:
    """Shard of a document; depends only on its id and the shard count."""
    return int(doc_id[:8], 16) % shards


def discover(input_dir: str | os.PathLike[str], shards: int) -> list[InputFile]:
    """Every file below input_dir, recursively, sorted by relative path.

    Symlinked directories are not descended into (no loops); symlinked files are listed, and ingest
    reads through them.
    """
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(
            f"input_dir {str(root)!r} is not a directory: set input_dir in config"
        )
    found: list[InputFile] = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs.sort()
        for name in files:
            full = Path(directory) / name
            relpath = full.relative_to(root).as_posix()
            doc_id = doc_id_for(relpath)
            found.append(InputFile(str(full), relpath, doc_id, shard_for(doc_id, shards)))
    found.sort(key=lambda item: item.relpath)
    return found


def shard_name(shard: int) -> str:
    """File stem of a shard's outputs: zero-padded so that names sort in shard order."""
    return f"{shard:04d}"
