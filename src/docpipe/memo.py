"""A memo of the pipeline's pure per-document functions, keyed by their inputs and version.

A changed page reruns its whole shard's jobs. Each job's per-document work is a pure function of
what it reads: the decoding of the file's bytes, the paragraphs, sentence spans and language tags
of the decoded text, the page reading (zones, metadata, comments) of the text and its template
lines. A `Memo` remembers such a function's results under the sha256 of (its name, its version:
docpipe's code version, the versions of the libraries it calls and its config params, and the
inputs' key), so a rerun computes only the documents whose inputs changed. The tables are the same
bytes with or without it: a hit returns the value the function returned.

Entries live in one file per function and shard, `results/memo/<function>/<shard>.pickle`,
replaced by each run of that shard's job with the entries it used (so it never grows). It is a
cache, not an output: Snakemake does not know it, and deleting it at any time only costs time
(docs/incremental.md). Each file starts with the sha256 of the rest, recorded when it was written;
a file that does not match, or that fails to load in any way, is logged with its path and ignored.
Like __pycache__, it is trusted as the code is: it is unpickled.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from docpipe.io.files import atomic_path
from docpipe.provenance import code_version, package_versions

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()
# What a digest header holds: 64 hex digits and a newline.
_HEADER = 65


def version(params: Mapping[str, Any], engines: Iterable[str] = ()) -> dict[str, Any]:
    """A function's version: docpipe's code, the libraries it calls (and Python's Unicode
    database, which the code's regexes and script tables read), and its config params."""
    return {
        "code": code_version(),
        "engines": {"unicodedata": unicodedata.unidata_version, **package_versions(engines)},
        "params": dict(params),
    }


def inputs_key(text: str, *parts: object) -> str:
    """The key of a function's inputs: a text and values whose repr is exact (spans, tags,
    indices; floats repr to their shortest exact form). surrogatepass: every str has bytes."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    for part in parts:
        digest.update(b"\0" + repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class Memo:
    """One function's memo in one job: the entries the shard's previous run kept at `path`, and
    those this run uses, written back by `save`. `path` None: every call computes."""

    def __init__(self, path: str | os.PathLike[str] | None, function: str,
                 function_version: Mapping[str, Any]) -> None:  # fmt: skip
        self.path = None if path is None else Path(path)
        self.function = function
        salt = json.dumps([function, function_version], sort_keys=True, separators=(",", ":"))
        self._salt = hashlib.sha256(salt.encode("utf-8")).digest()
        self._previous = {} if self.path is None else load(self.path)
        self._current: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def key(self, inputs: str) -> str:
        return hashlib.sha256(self._salt + inputs.encode("utf-8", "surrogatepass")).hexdigest()

    def __call__(self, inputs: str, compute: Callable[..., T], *args: Any) -> T:
        """compute(*args), for `inputs`: a key of everything it reads (inputs_key)."""
        if self.path is None:
            return compute(*args)
        key = self.key(inputs)
        value = self._current.get(key, _MISSING)
        if value is _MISSING:
            value = self._previous.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                value = compute(*args)
            else:
                self.hits += 1
            self._current[key] = value
        return value  # type: ignore[return-value]

    def save(self) -> None:
        """Keep this run's entries for the next; a failure only costs the next run time."""
        if self.path is None:
            return
        logger.info("memo %s: %d hits, %d computed", self.function, self.hits, self.misses)
        try:
            store(self.path, self._current)
        except OSError as error:
            logger.warning("memo %s: could not write %s: %s", self.function, self.path, error)


def store(path: Path, entries: Mapping[str, Any]) -> None:
    payload = pickle.dumps(dict(entries), protocol=pickle.HIGHEST_PROTOCOL)
    with atomic_path(path) as temporary:
        temporary.write_bytes(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)


def load(path: Path) -> dict[str, Any]:
    """The entries at `path`; none (logged) when it is absent, damaged or unreadable."""
    if not path.exists():
        return {}
    try:
        data = path.read_bytes()
        header, payload = data[: _HEADER - 1], data[_HEADER:]
        if hashlib.sha256(payload).hexdigest().encode("ascii") != header:
            raise ValueError("its bytes do not match the sha256 recorded when it was written")
        entries = pickle.loads(payload)
        if not isinstance(entries, dict):
            raise ValueError(f"it holds a {type(entries).__name__}, not a dict")
        return entries
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        logger.warning("memo: ignoring %s (%s: %s); computing its entries again",
                       path, type(error).__name__, error)  # fmt: skip
        return {}
