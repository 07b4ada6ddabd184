"""py3langid's model, kept decompressed for the annotate jobs of a results folder.

py3langid ships its model LZMA-compressed (4.6 MB, 68 MB as it is read), and reading it took
each annotate job 0.37-0.57 s, most of it LZMA: a quarter of a job's work on a shard of 83 real
pages. The first job of a folder writes the decompressed file under `results/memo/models/`, the
others read it (about 0.1 s: reading, its sha256, numpy's loading). Like the memos
(docpipe.memo) it is a cache, not an output: Snakemake does not know it, it starts with the
sha256 of the rest, a file that does not match or fails to load is logged and written again, and
deleting it at any time only costs time. Its name holds py3langid's version, so an upgrade
writes a new one and removes the old.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from docpipe.io.files import read_verified, write_verified
from docpipe.provenance import package_versions
from docpipe.text.language_engines import (
    Py3LangidModel,
    py3langid_model_bytes,
    read_py3langid_model,
)

logger = logging.getLogger(__name__)
_PREFIX = "py3langid-"


def cache_path(cache_dir: str | os.PathLike[str]) -> Path:
    version = package_versions(["py3langid"])["py3langid"]
    return Path(cache_dir) / f"{_PREFIX}{version}.npz"


def cached_py3langid_model(cache_dir: str | os.PathLike[str]) -> Py3LangidModel:
    """py3langid's model, from the decompressed copy in `cache_dir`, written there first when it
    is missing or damaged."""
    path = cache_path(cache_dir)
    if path.exists():
        try:
            return read_py3langid_model(read_verified(path))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            logger.warning("model cache: ignoring %s (%s: %s); reading py3langid's model again",
                           path, type(error).__name__, error)  # fmt: skip
    payload = py3langid_model_bytes()
    model = read_py3langid_model(payload)
    try:
        write_verified(path, payload)
        for other in path.parent.glob(f"{_PREFIX}*.npz"):
            if other != path:
                other.unlink(missing_ok=True)
    except OSError as error:
        logger.warning("model cache: could not write %s: %s", path, error)
    return model
