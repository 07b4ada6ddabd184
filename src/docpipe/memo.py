"""A memo of the pipeline's pure per-document functions, keyed by their inputs and version.

A changed page reruns its whole shard's jobs. Each job's per-document work is a pure function of
what it reads: the decoding of the file's bytes, the paragraphs, sentence spans and language tags
of the decoded text, the page reading (zones, metadata, comments) of the text and its template
lines. A `Memo` remembers such a function's results under the sha256 of (its name, its version:
docpipe's code version, the versions of the libraries it calls and its config params, and the
inputs' key), so a rerun computes only the documents whose inputs changed. The tables are the same
bytes with or without it: a hit returns the value the function returned.

Entries live in one file per function and shard, `results/memo/<function>/<shard>.json`,
replaced by each run of that shard's job with the entries it used (so it never grows). It is a
cache, not an output: Snakemake does not know it, and deleting it at any time only costs time
(docs/incremental.md). Each file starts with the sha256 of the rest, recorded when it was written;
a file that does not match, or that fails to load in any way, is logged with its path and ignored.
It is JSON with tagged tuples, dicts and docpipe dataclasses (`encode`/`decode`), never pickle or
marshal: a results folder that others can write to must not run their code, and reading builds
only what `store` writes (anything else is an error).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import importlib
import itertools
import json
import logging
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from docpipe.io.files import read_verified, write_verified
from docpipe.provenance import code_version, package_versions

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()


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
        if not self.misses and self._current.keys() == self._previous.keys():
            return  # the file already holds exactly these entries
        try:
            store(self.path, self._current)
        except OSError as error:
            logger.warning("memo %s: could not write %s: %s", self.function, self.path, error)


# Values JSON holds as they are. Exact types: a str or int subclass (an enum) is not one.
_PLAIN = frozenset({type(None), bool, int, float, str})


def _flat(items: Any) -> bool:
    return _PLAIN.issuperset(map(type, items))


def _flat_lists(items: list) -> bool:
    """What JSON gives back for a list of flat tuples: lists of plain values (their types
    checked in C loops)."""
    return {list}.issuperset(map(type, items)) and _flat(itertools.chain.from_iterable(items))


def encode(value: Any) -> Any:
    """`value` as plain JSON, tuples, dicts with any keys and docpipe's dataclasses tagged so that
    `decode` gives back equal values of the same types (floats round-trip exactly in JSON)."""
    if type(value) in _PLAIN:
        return value
    if type(value) is list:
        # The bulk of a memo: lists of plain values (hashes) and of flat tuples (spans, lines,
        # tags), stored without a tag per item (the paragraphs memo of a 2,530-page shard of the
        # 10,000-page bench corpus: load 1.59 -> 0.33 s CPU, store 1.17 -> 0.40 s). Tuples of
        # one size go as one flat list ("F", the size): JSON then builds no list per tuple, and
        # zip cuts the run into tuples at C speed. With the collector paused (_collector_paused)
        # the five memos of a 2,491-page shard of that corpus load in 0.96 s CPU instead of 3.02
        # with a list per tuple, and are written in 0.70 s instead of 0.85 (best of 5, file and
        # sha256 included, the five held in memory as a job holds them).
        if _flat(value):
            return value
        if {tuple}.issuperset(map(type, value)):
            run = list(itertools.chain.from_iterable(value))
            if _flat(run):
                sizes = set(map(len, value))
                if len(sizes) == 1 and (size := sizes.pop()) > 0:
                    return {"F": size, "v": run}
                return {"T": value}
        return [encode(item) for item in value]
    if type(value) is tuple:
        return {"t": [encode(item) for item in value]}
    if isinstance(value, dict):
        return {"d": [[encode(key), encode(item)] for key, item in value.items()]}
    if type(value) in (dt.datetime, dt.date) and getattr(value, "tzinfo", None) is None:
        return {type(value).__name__: value.isoformat()}
    kind = type(value)
    if isinstance(value, tuple) and kind.__module__.startswith("docpipe."):  # a NamedTuple
        return {"n": f"{kind.__module__}:{kind.__qualname__}", "v": [encode(v) for v in value]}
    if dataclasses.is_dataclass(value) and kind.__module__.startswith("docpipe."):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"c": f"{kind.__module__}:{kind.__qualname__}", "f": fields}
    raise TypeError(f"memo: cannot store a {kind.__name__}")


def decode(data: Any) -> Any:
    """The value `encode` gave `data` for. Anything encode never writes (a tag with other keys
    or holding another type, an aware datetime) is an error: the file was not written by
    `store`."""
    if type(data) is list:
        return data if _flat(data) else [decode(item) for item in data]
    if type(data) is not dict:
        if type(data) not in _PLAIN:
            raise ValueError(f"memo: a {type(data).__name__} is not a memo value")
        return data
    tag = _tag(data)
    if tag == "F":
        run = iter(data["v"])
        return list(zip(*[run] * data["F"], strict=False))
    if tag == "T":
        return list(map(tuple, data["T"]))
    if tag == "t":
        return tuple(decode(item) for item in data["t"])
    if tag == "d":
        if not all(type(pair) is list and len(pair) == 2 for pair in data["d"]):
            raise ValueError("memo: a dict's items are not key-value pairs")
        return {decode(key): decode(item) for key, item in data["d"]}
    if tag in ("datetime", "date"):
        value = getattr(dt, tag).fromisoformat(data[tag])
        if getattr(value, "tzinfo", None) is not None:
            raise ValueError("memo: an aware datetime is not a memo value")
        return value
    module, _, name = data[tag].partition(":")
    if not module.startswith("docpipe."):
        raise ValueError(f"memo: {module}:{name} is not a docpipe class")
    kind = getattr(importlib.import_module(module), name)
    if tag == "n":
        if not (isinstance(kind, type) and issubclass(kind, tuple)):
            raise ValueError(f"memo: {module}:{name} is not a NamedTuple")
        return kind(*(decode(item) for item in data["v"]))
    if not dataclasses.is_dataclass(kind):
        raise ValueError(f"memo: {data['c']} is not a dataclass")
    return kind(**{key: decode(item) for key, item in data["f"].items()})


# Each tagged dict encode writes: its keys, the first naming it, and the types of their values.
_TAGGED = {
    frozenset({"F", "v"}): ("F", {"F": int, "v": list}),
    frozenset({"T"}): ("T", {"T": list}),
    frozenset({"t"}): ("t", {"t": list}),
    frozenset({"d"}): ("d", {"d": list}),
    frozenset({"datetime"}): ("datetime", {"datetime": str}),
    frozenset({"date"}): ("date", {"date": str}),
    frozenset({"n", "v"}): ("n", {"n": str, "v": list}),
    frozenset({"c", "f"}): ("c", {"c": str, "f": dict}),
}


def _tag(data: dict) -> str:
    """Which of encode's tagged dicts `data` is; ValueError when it is none of them."""
    found = _TAGGED.get(frozenset(data))
    if found is None or any(type(data[key]) is not kind for key, kind in found[1].items()):
        raise ValueError(f"memo: a dict with keys {sorted(map(str, data))} is not a memo value")
    if found[0] == "F" and not (data["F"] > 0 and len(data["v"]) % data["F"] == 0
                                and _flat(data["v"])):  # fmt: skip
        raise ValueError("memo: a run of flat tuples holds something else")
    if found[0] == "T" and not _flat_lists(data["T"]):
        raise ValueError("memo: a list of flat tuples holds something else")
    if found[0] == "c" and not all(type(key) is str for key in data["f"]):
        raise ValueError("memo: a dataclass's fields are not named by strings")
    return found[0]


def store(path: Path, entries: Mapping[str, Any]) -> None:
    with _collector_paused():
        payload = json.dumps(encode(dict(entries)), separators=(",", ":")).encode("utf-8")
    write_verified(path, payload)


def load(path: Path) -> dict[str, Any]:
    """The entries at `path`; none (logged) when it is absent, damaged or unreadable."""
    if not path.exists():
        return {}
    try:
        with _collector_paused():
            entries = decode(json.loads(read_verified(path)))
        if not isinstance(entries, dict):
            raise ValueError(f"it holds a {type(entries).__name__}, not a dict")
        return entries
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        logger.warning("memo: ignoring %s (%s: %s); computing its entries again",
                       path, type(error).__name__, error)  # fmt: skip
        return {}


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a memo is built: its millions of new objects (none in
    a cycle) set it off again and again, each pass over the whole heap. The five memos of a
    2,491-page shard of the bench corpus: 1.27 -> 0.75 s CPU (best of 5)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
