"""Files that appear whole or not at all, and caches that check their own bytes."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMPORARY_SUFFIX = ".tmp"


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary name beside `path` to write to; renamed to `path` only when the block ends
    without an error, after its bytes reached the disk.

    The name carries the process id and a random token, so a job still running after its
    Snakemake was killed and the job of the rerun, or two jobs on machines sharing `results/`
    (several annotate jobs may write the model cache, docpipe.io.models), never write into each
    other's file. A job killed while writing leaves only a `.<name>.<pid>.<token>.tmp` file,
    which `partial_files` finds and the next run removes.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(
        f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
    )
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


# A verified file's first line: the sha256 of the rest, 64 hex digits and a newline.
_DIGEST_LINE = 65


def write_verified(path: str | os.PathLike[str], payload: bytes) -> None:
    """`payload` at `path` (atomically) after a first line holding its sha256."""
    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        handle.write(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n")
        handle.write(payload)


def read_verified(path: str | os.PathLike[str]) -> bytes:
    """The payload write_verified put at `path`; ValueError when its bytes are not those."""
    with open(path, "rb") as handle:
        header, payload = handle.read(_DIGEST_LINE), handle.read()
    if hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" != header:
        raise ValueError("its bytes do not match the sha256 recorded when it was written")
    return payload


@contextmanager
def open_verified(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """The payload write_verified put at `path`, as a file positioned at its start, once its
    sha256 was checked a chunk at a time (a large payload is never held whole in memory);
    ValueError when its bytes are not those."""
    with open(path, "rb") as handle:
        header = handle.read(_DIGEST_LINE)
        digest = hashlib.file_digest(handle, "sha256").hexdigest().encode("ascii")
        if digest + b"\n" != header:
            raise ValueError("its bytes do not match the sha256 recorded when it was written")
        handle.seek(_DIGEST_LINE)
        yield handle


def partial_files(results_dir: str | os.PathLike[str]) -> list[Path]:
    """Temporary files that killed jobs left below results_dir."""
    return sorted(
        path for path in Path(results_dir).rglob(f".*{TEMPORARY_SUFFIX}") if path.is_file()
    )
