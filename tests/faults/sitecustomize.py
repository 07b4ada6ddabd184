"""Faults the tests inject into the workflow's processes, without test hooks in docpipe itself.

Python imports this module at start-up when tests/faults is on PYTHONPATH. DOCPIPE_FAULTS holds
faults separated by ';':

- `stall:TEXT` - in a job, a Parquet write whose temporary file's name contains TEXT writes the
  whole temporary file, writes the job's pid to the file named by DOCPIPE_FAULT_MARKER, and sleeps
  DOCPIPE_FAULT_SECONDS (default 600) before returning, i.e. before the rename; with
  DOCPIPE_FAULT_RELEASE, only until the file it names exists (at once when it already does).
- `fail:TEXT` - in a job, segmenting a paragraph that contains TEXT raises RuntimeError.
- `truncate:NAME` / `rewrite:NAME` - in a job, just before ingest reads a file whose path ends
  with NAME, the file is cut to half its size / rewritten with as many different bytes.
- `reverse_scandir` - in every process (Snakemake lists the inputs), os.scandir yields its entries
  in reverse order.
"""

from __future__ import annotations

import os
import sys

FAULTS = [fault for fault in os.environ.get("DOCPIPE_FAULTS", "").split(";") if fault]
IN_JOB = any("/.snakemake/scripts/" in argument for argument in sys.argv)


def _stall(text: str) -> None:
    import time

    import pyarrow.parquet as pq

    write_table = pq.write_table

    def stalling_write_table(table, where, *args, **kwargs):
        write_table(table, where, *args, **kwargs)
        if text in str(getattr(where, "name", where)):
            where.flush()
            release = os.environ.get("DOCPIPE_FAULT_RELEASE")
            if release and os.path.exists(release):
                return
            with open(os.environ["DOCPIPE_FAULT_MARKER"], "w", encoding="ascii") as marker:
                marker.write(str(os.getpid()))
            deadline = time.monotonic() + float(os.environ.get("DOCPIPE_FAULT_SECONDS", "600"))
            while time.monotonic() < deadline and not (release and os.path.exists(release)):
                time.sleep(0.2)

    pq.write_table = stalling_write_table


def _fail(text: str) -> None:
    # docpipe.stages imports sentence_spans by name, so it must be replaced before that import.
    import docpipe.text.sentences

    sentence_spans = docpipe.text.sentences.sentence_spans

    def failing_sentence_spans(source, start, end, *args):
        if text in source[start:end]:
            raise RuntimeError(f"injected fault: paragraph contains {text!r}")
        return sentence_spans(source, start, end, *args)

    docpipe.text.sentences.sentence_spans = failing_sentence_spans


def _change(kind: str, name: str) -> None:
    import docpipe.io.sources

    read_and_decode = docpipe.io.sources.read_and_decode

    def changing_read_and_decode(path, *args, **kwargs):
        if os.fsdecode(path).endswith(name):
            with open(path, "rb") as handle:
                data = handle.read()
            with open(path, "wb") as handle:
                handle.write(data[: len(data) // 2] if kind == "truncate" else data.swapcase())
        return read_and_decode(path, *args, **kwargs)

    docpipe.io.sources.read_and_decode = changing_read_and_decode


def _reverse_scandir() -> None:
    scandir = os.scandir

    class Reversed:
        def __init__(self, path=".") -> None:
            with scandir(path) as entries:
                self.entries = iter(list(entries)[::-1])

        def __iter__(self):
            return self

        def __next__(self):
            return next(self.entries)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            return None

        def close(self) -> None:
            return None

    os.scandir = Reversed


for _fault in FAULTS:
    _kind, _, _argument = _fault.partition(":")
    if _kind == "reverse_scandir":
        _reverse_scandir()
    elif IN_JOB and _kind == "stall":
        _stall(_argument)
    elif IN_JOB and _kind == "fail":
        _fail(_argument)
    elif IN_JOB and _kind in ("truncate", "rewrite"):
        _change(_kind, _argument)
    elif _kind not in ("stall", "fail", "truncate", "rewrite"):
        raise ValueError(f"unknown fault {_fault!r} in DOCPIPE_FAULTS")
