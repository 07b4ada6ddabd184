"""Logging setup for workflow scripts: everything a job says goes to its Snakemake log file."""

from __future__ import annotations

import atexit
import logging
import os
import re
import sys
import time
from collections.abc import Mapping
from types import TracebackType
from typing import NamedTuple

logger = logging.getLogger(__name__)


def to_file(path: str) -> None:
    """Send this process's logging and uncaught errors (with the traceback) to `path`."""
    logging.basicConfig(
        filename=path,
        filemode="w",
        level=logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        force=True,
    )

    def log_uncaught(kind, value, traceback):
        logging.getLogger("docpipe").critical("job failed", exc_info=(kind, value, traceback))
        sys.__excepthook__(kind, value, traceback)

    sys.excepthook = log_uncaught
    atexit.register(_log_resources)


def peak_rss_mib() -> float | None:
    """Peak resident memory of this process, exact (the kernel's high-water mark, VmHWM), unlike
    Snakemake's benchmark files, which sample twice a second and then every 30 s; None where
    /proc is not available."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _log_resources() -> None:
    peak = peak_rss_mib()
    logging.getLogger("docpipe").info(
        "resources: peak_rss_mib=%s cpu_s=%.1f",
        "unknown" if peak is None else f"{peak:.1f}",
        time.process_time(),
    )


# The line _log_resources writes, as `docpipe bench` reads it back.
_RESOURCES = re.compile(r"resources: peak_rss_mib=(?P<rss>[\d.]+|unknown) cpu_s=(?P<cpu>[\d.]+)")


class JobResources(NamedTuple):
    cpu_s: float
    peak_rss_mib: float | None  # None where /proc was not available


def read_resources(path: str | os.PathLike[str]) -> JobResources | None:
    """The resources line of a job's log; None when it has none (the job was killed, or wrote
    its log before jobs logged their resources)."""
    with open(path, encoding="utf-8", errors="replace") as log:
        found = None
        for match in _RESOURCES.finditer(log.read()):
            found = match
    if found is None:
        return None
    rss = None if found["rss"] == "unknown" else float(found["rss"])
    return JobResources(float(found["cpu"]), rss)


class CurrentDocument:
    """Names the document a stage was working on when it failed: an ERROR line in the job's log
    and a note on the exception (printed with its traceback). Set `doc_id` as the loop moves on.
    """

    def __init__(self, stage: str, source_paths: Mapping[str, str]) -> None:
        self.stage = stage
        self.source_paths = source_paths
        self.doc_id: str | None = None

    def __enter__(self) -> CurrentDocument:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Not Ctrl-C nor an exit, but any other error: a Rust extension's panic (pyo3's
        # PanicException) derives from BaseException, not Exception.
        if (
            error is None
            or isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit))
            or self.doc_id is None
        ):
            return
        where = (
            f"{self.stage} failed on document {self.doc_id} "
            f"(source_path {self.source_paths.get(self.doc_id)!r})"
        )
        logger.error("%s: %s: %s", where, type(error).__name__, error)
        error.add_note(where)
