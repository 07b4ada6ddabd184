"""Unit tests of docpipe.logs: failing jobs name their document; jobs log their peak memory."""

from __future__ import annotations

import logging
import subprocess
import sys
import traceback

import pytest

from docpipe.io.sources import Decoded
from docpipe.logs import CurrentDocument, read_resources
from docpipe.record import Document
from docpipe.stages.paragraphs import paragraph_frames


def test_a_failure_names_the_stage_document_and_path(caplog):
    with pytest.raises(ValueError) as caught, CurrentDocument("segment", {"a1": "x/y.txt"}) as now:
        now.doc_id = "a1"
        raise ValueError("bad span")
    where = "segment failed on document a1 (source_path 'x/y.txt')"
    assert caught.value.__notes__ == [where]
    assert where in "".join(traceback.format_exception(caught.value))
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == f"{where}: ValueError: bad span"


class _Panic(BaseException):
    """As pyo3's PanicException: a Rust extension's panic is no Exception."""


def test_an_extension_panic_names_the_document_but_ctrl_c_does_not(caplog):
    with pytest.raises(_Panic) as caught, CurrentDocument("segment", {"a1": "x/y.txt"}) as now:
        now.doc_id = "a1"
        raise _Panic("end byte index 10 is not a char boundary")
    assert caught.value.__notes__ == ["segment failed on document a1 (source_path 'x/y.txt')"]
    caplog.clear()
    with pytest.raises(KeyboardInterrupt) as stopped, CurrentDocument("segment", {}) as now:
        now.doc_id = "a1"
        raise KeyboardInterrupt
    assert not getattr(stopped.value, "__notes__", None) and not caplog.records


def test_no_note_before_the_first_document_or_without_an_error(caplog):
    with pytest.raises(KeyError) as caught, CurrentDocument("tag", {}):
        raise KeyError("setup")
    assert not getattr(caught.value, "__notes__", None)
    with CurrentDocument("tag", {}) as now:
        now.doc_id = "a1"
    assert not caplog.records


def test_a_stage_names_the_document_it_failed_on(monkeypatch):
    documents = [
        Document(doc_id, path, Decoded("0" * 64, len(text), "utf_8", 1.0, False, text))
        for doc_id, path, text in [
            ("a" * 16, "ok.txt", "Fine text."),
            ("b" * 16, "bad/page.txt", "POISON text."),
        ]
    ]

    def split(text):
        if "POISON" in text:
            raise RuntimeError("injected")
        return [(0, len(text))]

    monkeypatch.setattr("docpipe.stages.paragraphs.split_paragraphs", split)
    with pytest.raises(RuntimeError) as caught:
        paragraph_frames(documents)
    assert caught.value.__notes__ == [
        f"paragraphs failed on document {'b' * 16} (source_path 'bad/page.txt')"
    ]


def test_peak_rss_is_the_high_water_mark_of_this_process():
    script = (
        "from docpipe.logs import peak_rss_mib\n"
        "before = peak_rss_mib()\n"
        "block = b'x' * (64 << 20)\n"
        "del block\n"
        "print(before, peak_rss_mib())\n"
    )
    before, after = map(
        float,
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.split(),
    )
    assert after - before >= 60  # the 64 MiB block was resident, then freed; the peak stays


def test_the_benchmark_reads_back_the_resources_line_a_job_logs_at_exit(tmp_path):
    log = tmp_path / "job.log"
    script = (
        f"from docpipe.logs import to_file; import logging; to_file({str(log)!r})\n"
        "logging.getLogger('docpipe').info('working')\n"
        "block = b'x' * (64 << 20)\n"
        "sum(range(20_000_000))\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    assert "working" in log.read_text()
    cpu, rss = read_resources(log)
    assert cpu > 0 and 64 < rss < 2000


def test_a_log_without_resources_or_without_proc_reads_as_such(tmp_path):
    (tmp_path / "killed.log").write_text("INFO docpipe: working\n")
    assert read_resources(tmp_path / "killed.log") is None
    (tmp_path / "mac.log").write_text("INFO docpipe: resources: peak_rss_mib=unknown cpu_s=2.5\n")
    assert read_resources(tmp_path / "mac.log") == (2.5, None)
