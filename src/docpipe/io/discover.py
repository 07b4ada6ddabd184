"""Find input files, assign each a stable document id and shard, and list them per shard.

Snakemake never sees the input paths themselves: it cannot take file names with braces, and it
stops the whole run on a dangling symlink. Instead each shard gets a listing file with every
entry's path and fingerprint (size, mtime, ctime), or the reason it cannot be read. Its name,
results/inputs/<shard>.<digest>.jsonl, carries a digest of that content (`shard_digests`,
computed read-only while Snakemake loads the workflow), and the `listing` job writes it
(`run_listing`, under Snakemake's lock). So an added, removed or edited file (ctime changes even
when a copy keeps the old mtime) gives its shard a listing of a new name, which only that
shard's jobs wait for, and a dry run or a run refused by the lock writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from docpipe.io.files import atomic_path

logger = logging.getLogger(__name__)


class Fingerprint(NamedTuple):
    """What the listing knows of a file's content without reading it: any write changes ctime."""

    size: int
    mtime_ns: int
    ctime_ns: int

    @staticmethod
    def of(info: os.stat_result) -> Fingerprint:
        return Fingerprint(info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def changes(self, now: Fingerprint) -> list[str]:
        """What differs in `now`, e.g. ['size 5000 -> 2500 bytes', 'mtime', 'ctime']."""
        changed = [f"size {self.size} -> {now.size} bytes"] if now.size != self.size else []
        return changed + [name.removesuffix("_ns") for name in ("mtime_ns", "ctime_ns")
                          if getattr(now, name) != getattr(self, name)]  # fmt: skip


@dataclass(frozen=True)
class InputFile:
    """One entry found below input_dir: a readable regular file, or a reason it cannot be read."""

    path: str  # what ingest opens; may hold surrogate escapes for non-UTF-8 names
    relpath: str  # relative to input_dir, '/' separators, printable: the source_path
    doc_id: str
    shard: int
    size: int | None = None
    mtime_ns: int | None = None
    ctime_ns: int | None = None
    reject: str | None = None  # reason code when the entry cannot be read as a file
    detail: str | None = None

    @property
    def fingerprint(self) -> Fingerprint | None:
        if self.size is None or self.mtime_ns is None or self.ctime_ns is None:
            return None
        return Fingerprint(self.size, self.mtime_ns, self.ctime_ns)


def doc_id_for(relpath: str) -> str:
    """A document's key: derived from its relative path only, so it is the same on every machine.
    Hashes the path's bytes as the file system holds them (`relpath` as os.fsdecode gives it,
    undecodable bytes as surrogate escapes), so distinct names get distinct ids; for a UTF-8
    name these are the bytes of its text."""
    return hashlib.sha256(os.fsencode(relpath)).hexdigest()[:16]


def shard_for(doc_id: str, shards: int) -> int:
    """Shard of a document; depends only on its id and the shard count."""
    return int(doc_id[:8], 16) % shards


def printable(relpath: str) -> str:
    """A relative path as text, one text per name: bytes that are not UTF-8 are shown as \\xNN
    escapes and a backslash is doubled, so that the byte 0xFF (`\\xff`) and the four characters
    `\\xff` (`\\\\xff`) stay two source_paths."""
    # 0x5C is never part of a multi-byte UTF-8 sequence: splitting on it cuts no character.
    parts = os.fsencode(relpath).split(b"\\")
    return "\\\\".join(part.decode("utf-8", "backslashreplace") for part in parts)


def _entry(relpath: str, full: str, shards: int, only_shard: int | None) -> InputFile | None:
    """The entry of the file at `full` (os.path strings, not pathlib: 0.2 s of every start on
    10,000 files), `relpath` its path below input_dir with / separators; None when it belongs to
    another shard than `only_shard` (not stat'ed: one shard's listing job skips the others)."""
    doc_id = doc_id_for(relpath)
    if only_shard is not None and shard_for(doc_id, shards) != only_shard:
        return None
    base = {"path": full, "relpath": printable(relpath), "doc_id": doc_id,
            "shard": shard_for(doc_id, shards)}  # fmt: skip
    try:
        info = os.stat(full)
    except OSError as error:
        target = _link_target(full)
        what = f"symlink to {printable(target)!r} that cannot be followed" if target else "stat"
        return InputFile(**base, reject="unreadable", detail=f"{what}: {error.strerror}")
    if not stat.S_ISREG(info.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(info.st_mode) else "socket, device or other special file"
        return InputFile(**base, reject="not_regular_file", detail=f"{kind}, not read")
    return InputFile(**base, size=info.st_size, mtime_ns=info.st_mtime_ns,
                     ctime_ns=info.st_ctime_ns)  # fmt: skip


def _link_target(path: str) -> str | None:
    """Where the symlink at path points; None for another kind of entry, or a link that cannot
    be read (in /proc, links of other processes' files)."""
    try:
        return os.readlink(path) if os.path.islink(path) else None
    except OSError:
        return None


def discover(
    input_dir: str | os.PathLike[str],
    shards: int,
    exclude: Iterable[str | os.PathLike[str]] = (),
    only_shard: int | None = None,
) -> list[InputFile]:
    """Every entry below input_dir (of shard `only_shard` alone, when given), recursively,
    sorted by relative path.

    Symlinked directories are followed once (a directory reached twice is skipped, so links
    cannot loop); a directory that cannot be listed becomes an `unreadable` entry, so nothing
    below input_dir is skipped without a row saying so. Folders in `exclude` (the workflow's own
    results/ and logs/ when they lie inside input_dir) are not inputs.
    """
    root = Path(input_dir)
    check_input_dir(root)
    excluded = {os.path.realpath(path) for path in exclude}
    seen_dirs: set[str] = set()
    found: list[InputFile] = []

    def unlisted(error: OSError) -> None:
        full = Path(error.filename)
        entry = _entry_rejected(root, full, shards, f"directory cannot be listed: {error.strerror}")
        if only_shard is None or entry.shard == only_shard:
            found.append(entry)

    for directory, subdirs, files in os.walk(root, onerror=unlisted, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen_dirs or real in excluded:
            subdirs.clear()
            continue
        seen_dirs.add(real)
        subdirs.sort()
        folder = Path(directory).relative_to(root).as_posix()
        prefix = "" if folder == "." else f"{folder}/"
        for name in files:
            entry = _entry(prefix + name, os.path.join(directory, name), shards, only_shard)
            if entry is not None:
                found.append(entry)
    found.sort(key=lambda item: item.relpath)
    return found


class InputDirError(FileNotFoundError):
    """input_dir cannot be the folder of this run's inputs; the message says what to do."""


def check_input_dir(root: Path) -> None:
    """Raise InputDirError when `root` is missing, not a folder, cannot be listed, or is the
    file system's root (whose /proc and /sys hold no documents, and which would be walked
    whole)."""
    where = f"input_dir {str(root)!r}"
    if not root.is_dir():
        raise InputDirError(f"{where} is not a directory: set input_dir in config")
    real = os.path.realpath(root)
    if os.path.dirname(real) == real:
        raise InputDirError(f"{where} is the file system's root: set input_dir to the folder "
                            "that holds the documents")  # fmt: skip
    try:
        with os.scandir(root) as entries:
            next(entries, None)
    except OSError as error:
        raise InputDirError(f"{where} cannot be listed: {error.strerror}") from error


def check_inputs(
    found: Sequence[InputFile],
    previous: Sequence[str] | None,
    max_lost_share: float,
    allow_shrink: bool = False,
    where: str = "input_dir",
) -> None:
    """Raise InputDirError when the listing `found` holds no input, or lacks more than
    `max_lost_share` of `previous` (the relative paths the previous run recorded; None when
    there was none): an unmounted disk or a mistyped input_dir, which would otherwise empty
    every table. `allow_shrink` accepts either; `where` names the folder in the message."""
    if allow_shrink:
        return
    mean_it = "If that is meant, run once with --config allow_shrink=True."
    if not found:
        recorded = f" (the previous run had {len(previous)})" if previous else ""
        raise InputDirError(f"{where} holds no input file{recorded}: is it mounted? {mean_it}")
    if not previous:
        return
    lost = sorted(set(previous) - {item.relpath for item in found})
    if len(lost) > max_lost_share * len(previous):
        examples = ", ".join(repr(path) for path in lost[:3])
        raise InputDirError(
            f"{where} lacks {len(lost)} of the {len(previous)} inputs of the previous run "
            f"(more than max_lost_share={max_lost_share}), e.g. {examples}; nothing was "
            f"changed. Is it the right folder, and mounted? {mean_it}"
        )


def previous_inputs(manifest_path: str | os.PathLike[str]) -> list[str] | None:
    """The relative paths of the inputs that results/manifest.json recorded; None when there is
    no manifest, or one that cannot be read (nothing to compare with)."""
    try:
        with open(manifest_path, encoding="utf-8") as handle:
            inputs = json.load(handle)["inputs"]
        return [item["path"] for item in inputs]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _entry_rejected(root: Path, full: Path, shards: int, detail: str) -> InputFile:
    relpath = full.relative_to(root).as_posix()
    doc_id = doc_id_for(relpath)
    return InputFile(str(full), printable(relpath), doc_id, shard_for(doc_id, shards),
                     reject="unreadable", detail=detail)  # fmt: skip


# `shards: auto`: the largest count it picks, the largest power of two within the schema's bound
# of 1,000 shards (planning grows faster than the shard count: docs/reliability.md).
MAX_AUTO_SHARDS = 512


def input_bytes(files: Sequence[InputFile], max_bytes: int) -> int:
    """Bytes of the inputs a build reads: files over `max_bytes` are rejected unread (too_large)
    and entries that are not readable files count nothing."""
    sizes = (item.size for item in files if item.reject is None and item.size is not None)
    return sum(size for size in sizes if size <= max_bytes)


def auto_shards(total_bytes: int, shard_bytes: int, limit: int = MAX_AUTO_SHARDS) -> int:
    """The shard count of `shards: auto`: the smallest power of two that keeps shards to at most
    `shard_bytes` of input (up to `limit`). A power of two because a document's shard is its
    id's hash modulo the count: when a growing corpus doubles the count, each document stays in
    its shard or moves to shard + the old count, so half of every shard's memo still serves it."""
    count = 1
    while count < limit and count * shard_bytes < total_bytes:
        count *= 2
    return count


def with_shards(files: Sequence[InputFile], shards: int) -> list[InputFile]:
    """`files` assigned to `shards` shards (discover assigned them to another count)."""
    return [replace(item, shard=shard_for(item.doc_id, shards)) for item in files]


def plan_auto_shards(
    files: Sequence[InputFile], shard_mb: float, max_bytes: int
) -> tuple[int, list[InputFile], str]:
    """`shards: auto` for `files` (discover's, all in shard 0): the count, the files assigned to
    it, and the run log's line on it, with a warning when the limit left shards larger than
    shard_mb."""
    total = input_bytes(files, max_bytes)
    shard_bytes = int(shard_mb * 1_000_000)
    count = auto_shards(total, shard_bytes)
    said = f"shards=auto: {count} for {total / 1e6:.1f} MB of input (shard_mb {shard_mb})"
    if count * shard_bytes < total:
        said += (
            f"; at its limit of {count} the shards hold {total / count / 1e6:.1f} MB each on "
            "average: set shards (at most 1000) or watch the jobs' memory"
        )
    return count, with_shards(files, count) if count > 1 else list(files), said


def shard_name(shard: int) -> str:
    """File stem of a shard's outputs: zero-padded so that names sort in shard order."""
    return f"{shard:04d}"


def listing_lines(files: Sequence[InputFile]) -> str:
    """The listing file's content: one JSON object per entry (ASCII, so any name round-trips)."""
    # vars(), not asdict(): the fields are flat, and asdict's deep copies took 0.4 s of a 2.8 s
    # `snakemake -n` on 10,000 files.
    return "".join(json.dumps(vars(item), sort_keys=True) + "\n" for item in files)


def shard_digests(files: Sequence[InputFile], shards: int) -> list[str]:
    """Per shard, in shard order, the listing_digest of its entries among `files`."""
    by_shard: list[list[InputFile]] = [[] for _ in range(shards)]
    for item in files:
        by_shard[item.shard].append(item)
    return [listing_digest(items) for items in by_shard]


def listing_digest(files: Sequence[InputFile]) -> str:
    """16 hex digits of the sha256 of the listing of `files`: part of the listing's name."""
    return hashlib.sha256(listing_lines(files).encode("ascii")).hexdigest()[:16]


def listing_path(results_dir: str, shard: int, digest: str) -> str:
    """Where the listing of `shard` with content `digest` is written."""
    return f"{results_dir}/inputs/{shard_name(shard)}.{digest}.jsonl"


def run_listing(
    input_dir: str | os.PathLike[str],
    shard: int,
    shards: int,
    exclude: Sequence[str | os.PathLike[str]],
    listing_out: str | os.PathLike[str],
) -> list[InputFile]:
    """The listing job: list the shard's entries into listing_out and delete the shard's other
    listings (of earlier contents), so that a listing of an earlier content is never taken for
    current (going back to an earlier input_dir makes its name again: its file must be new).
    When the folder changed since Snakemake loaded the workflow, listing_out holds what is there
    now, and the next run, seeing another digest, lists the shard again."""
    files = discover(input_dir, shards, exclude, only_shard=shard)
    write_listing(listing_out, files)
    name = Path(listing_out).name
    logger.info("%s: %d entries of shard %d", listing_out, len(files), shard)
    if name.split(".")[1:2] != [listing_digest(files)]:
        logger.warning("%s: input_dir changed since the workflow was loaded; the next run "
                       "lists shard %d again", listing_out, shard)  # fmt: skip
    remove_other_versions(listing_out, shard)
    return files


def remove_other_versions(path: str | os.PathLike[str], shard: int) -> list[Path]:
    """Delete the files beside `path` named for the same shard with another digest (or none, as
    results/inputs/<shard>.jsonl of earlier versions), with the same extension."""
    target = Path(path)
    extension = target.name.rsplit(".", 1)[-1]
    removed = []
    for other in sorted(target.parent.glob(f"{shard_name(shard)}.*{extension}")):
        if other.name != target.name:
            other.unlink(missing_ok=True)
            removed.append(other)
    return removed


def write_listing(path: str | os.PathLike[str], files: Sequence[InputFile]) -> bool:
    """Write a shard's listing unless it already has this content; True when it was written."""
    target = Path(path)
    content = listing_lines(files)
    if target.is_file() and target.read_text(encoding="ascii") == content:
        return False
    with atomic_path(target) as temporary:
        temporary.write_text(content, encoding="ascii")
    return True


def read_listing(path: str | os.PathLike[str]) -> list[InputFile]:
    with open(path, encoding="ascii") as handle:
        return [InputFile(**json.loads(line)) for line in handle if line.strip()]


def stale_shard_files(results_dir: str | os.PathLike[str], shards: int) -> list[Path]:
    """Files under results/ named for a shard number >= shards (e.g. after lowering shards)."""
    stale = []
    for path in sorted(Path(results_dir).rglob("*")):
        stem = path.name.split(".", 1)[0]
        if path.is_file() and len(stem) == 4 and stem.isdigit() and int(stem) >= shards:
            stale.append(path)
    return stale
