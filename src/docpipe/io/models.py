"""py3langid's model, kept decompressed for the annotate jobs of a results folder.

py3langid ships its model LZMA-compressed (4.6 MB, 68 MB as it is read), and reading it took
each annotate job 0.37-0.57 s, most of it LZMA: a quarter of a job's work on a shard of 83 real
pages. The first annotate job of a folder (or the first few, when they start together) writes the
decompressed file under `results/memo/models/`, and the others read it in about 0.17 s (its
sha256 a chunk at a time, then numpy's loading). Like the memos (docpipe.memo) it is a cache, not
an output: Snakemake does not know it, its first line is the sha256 of the rest, a file that does
not match or fails to load is logged and written again, and deleting it at any time only costs
time.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path

from docpipe.io.files import open_verified, write_verified
from docpipe.provenance import package_versions
from docpipe.text.language_engines import (
    Py3LangidModel,
    py3langid_model_bytes,
    py3langid_model_file,
    read_py3langid_model,
)

logger = logging.getLogger(__name__)
_PREFIX = "py3langid-"


def cache_path(cache_dir: str | os.PathLike[str]) -> Path:
    """The copy's name: py3langid's version and the sha256 of its compressed model file (a few
    ms to hash), so that another version or a model changed in place (a retrained or patched
    install) is never read from an old copy. `.npz` after a first line: np.load needs the file
    opened past it (docpipe.io.files.open_verified)."""
    version = package_versions(["py3langid"])["py3langid"]
    with open(py3langid_model_file(), "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()[:16]
    return Path(cache_dir) / f"{_PREFIX}{version}-{digest}.npz"


def cached_py3langid_model(cache_dir: str | os.PathLike[str]) -> Py3LangidModel:
    """py3langid's model, from the decompressed copy in `cache_dir`, written there first when it
    is missing or damaged."""
    path = cache_path(cache_dir)
    if path.exists():
        try:
            with open_verified(path) as npz:
                return read_py3langid_model(npz)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            logger.warning("model cache: ignoring %s (%s: %s); reading py3langid's model again",
                           path, type(error).__name__, error)  # fmt: skip
    payload = py3langid_model_bytes()
    model = read_py3langid_model(io.BytesIO(payload))
    try:
        write_verified(path, payload)
        for other in path.parent.glob(f"{_PREFIX}*.npz"):
            if other != path:
                other.unlink(missing_ok=True)
    except OSError as error:
        logger.warning("model cache: could not write %s: %s", path, error)
    return model
