"""What each job wrote: a receipt of its outputs' sizes, mtimes and sha256, written last.

Snakemake decides what to rerun from modification times, so an output edited, truncated or
damaged after its job ended looks newer than its inputs and is trusted: the next job crashes on
it, or the manifest records its new bytes. Each job's receipt (a declared output, so Snakemake
deletes it before the job reruns) is written after every other output is in place; while it
exists, those outputs must have its bytes. `damaged` compares them at the start of a run (by
size and mtime first, the sha256 only when either differs) and `verified_sha256` when the
manifest records them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from docpipe.io.files import atomic_path
from docpipe.io.sources import sha256_file

RECEIPT = "receipt"  # the name of every rule's receipt output


class Stamp(NamedTuple):
    size: int
    mtime_ns: int
    sha256: str


class DamagedOutputError(RuntimeError):
    """Outputs whose bytes are not those their job wrote; the message names each."""


def stamp(path: str | os.PathLike[str]) -> Stamp:
    info = os.stat(path)
    return Stamp(info.st_size, info.st_mtime_ns, sha256_file(path))


def write_receipt(outputs: Mapping[str, str], undeclared: Iterable[str] = ()) -> None:
    """Record every output of a finished job in outputs[RECEIPT] (call it last), and the files
    it wrote that Snakemake is not told of (`undeclared`: the template views)."""
    paths = [path for name, path in outputs.items() if name != RECEIPT]
    written = {path: stamp(path)._asdict() for path in [*paths, *undeclared]}
    with atomic_path(outputs[RECEIPT]) as temporary:
        temporary.write_text(json.dumps(written, indent=1, sort_keys=True) + "\n", "utf-8")


def read_receipt(path: str | os.PathLike[str]) -> dict[str, Stamp]:
    """The outputs a receipt records; a receipt that cannot be read is itself damaged."""
    try:
        with open(path, encoding="utf-8") as handle:
            return {output: Stamp(**fields) for output, fields in json.load(handle).items()}
    except (OSError, ValueError, TypeError, AttributeError) as error:
        raise DamagedOutputError(f"{path}: receipt cannot be read ({error}); delete it and "
                                 "rerun to rebuild its job's outputs") from error  # fmt: skip


def difference(path: str, written: Stamp, full: bool = False) -> str | None:
    """How the file at path differs from what its job wrote, or None; only its size and mtime
    are compared unless they differ or `full`. A missing file is no difference: Snakemake
    reruns the job that writes it."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    if not full and (info.st_size, info.st_mtime_ns) == written[:2]:
        return None
    sha = sha256_file(path)
    if sha == written.sha256 and info.st_size == written.size:
        return None
    return (f"{path}: {info.st_size} bytes, sha256 {sha[:12]}..., but its job wrote "
            f"{written.size} bytes, sha256 {written.sha256[:12]}...")  # fmt: skip


def damaged(receipts: Iterable[str | os.PathLike[str]]) -> list[str]:
    """One line per output that differs from its receipt, for every receipt that exists."""
    return [line for _, _, line in _damaged_by_receipt(receipts)]


def _damaged_by_receipt(
    receipts: Iterable[str | os.PathLike[str]],
) -> Iterator[tuple[str, str, str]]:
    """(receipt, output, how it differs) for every damaged output of the receipts that exist."""
    for receipt in receipts:
        if os.path.exists(receipt):
            for path, written in read_receipt(receipt).items():
                if (line := difference(path, written)) is not None:
                    yield os.fspath(receipt), path, line


def check_outputs(receipts: Iterable[str | os.PathLike[str]]) -> None:
    """Raise DamagedOutputError naming every output whose bytes are not its job's, and how to
    rebuild them: delete them and their job's receipt, a declared output, so that Snakemake
    reruns the job even for a file it does not track (the template views); the files are left
    as they are."""
    found = list(_damaged_by_receipt(receipts))
    if found:
        paths = [path for _, path, _ in found]
        remove = " ".join(dict.fromkeys([*paths, *(receipt for receipt, _, _ in found)]))
        raise DamagedOutputError(
            "outputs changed after their job wrote them:\n"
            + "\n".join(f"  - {line}" for _, _, line in found)
            + f"\nNothing was run. To rebuild them, delete them and rerun: rm {remove}"
        )


def verified_sha256(
    paths: Sequence[str], receipts: Iterable[str | os.PathLike[str]]
) -> dict[str, str]:
    """path -> sha256 of each of `paths`, hashed now and checked against its receipt: raises
    DamagedOutputError for a file that no receipt records or whose bytes differ."""
    written: dict[str, Stamp] = {}
    for receipt in receipts:
        written.update(read_receipt(receipt))
    problems, hashes = [], {}
    for path in paths:
        if path not in written:
            problems.append(f"{path}: no job's receipt records it")
            continue
        hashes[path] = sha256_file(path)
        if hashes[path] != written[path].sha256:
            problems.append(f"{path}: sha256 {hashes[path][:12]}..., but its job wrote "
                            f"{written[path].sha256[:12]}...")  # fmt: skip
    if problems:
        raise DamagedOutputError(
            "the manifest records only the bytes the jobs wrote:\n"
            + "\n".join(f"  - {line}" for line in problems)
            + "\nDelete the files named and rerun to rebuild them."
        )
    return hashes
