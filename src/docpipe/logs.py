"""Logging setup for workflow scripts: everything a job says goes to its Snakemake log file."""

from __future__ import annotations

import logging
import sys


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
