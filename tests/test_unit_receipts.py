"""Unit tests of docpipe.io.receipts: outputs whose bytes are not their job's are found, named."""

from __future__ import annotations

import json
import os

import pytest

from docpipe.io.receipts import (
    DamagedOutputError,
    check_outputs,
    damaged,
    verified_sha256,
    write_receipt,
)


def _job(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # receipts hold the paths as Snakemake gives them: relative
    os.makedirs("results/tables")
    for name in ("a", "b"):
        with open(f"results/tables/{name}.parquet", "wb") as handle:
            handle.write(name.encode() * 100)
    outputs = {"a": "results/tables/a.parquet", "b": "results/tables/b.parquet",
               "receipt": "results/receipts/job.json"}  # fmt: skip
    write_receipt(outputs)
    return outputs


def test_a_receipt_records_every_output_but_itself(tmp_path, monkeypatch):
    outputs = _job(tmp_path, monkeypatch)
    with open(outputs["receipt"]) as handle:
        recorded = json.load(handle)
    assert sorted(recorded) == ["results/tables/a.parquet", "results/tables/b.parquet"]
    assert recorded["results/tables/a.parquet"]["size"] == 100
    assert damaged([outputs["receipt"]]) == []
    check_outputs([outputs["receipt"], "results/receipts/not-yet-written.json"])


def test_a_truncated_or_edited_output_is_named_with_how_to_rebuild_it(tmp_path, monkeypatch):
    outputs = _job(tmp_path, monkeypatch)
    os.truncate(outputs["a"], 10)
    stat = os.stat(outputs["b"])
    with open(outputs["b"], "r+b") as handle:  # one flipped bit, size and mtime kept
        handle.write(b"c")
    os.utime(outputs["b"], ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (line,) = damaged([outputs["receipt"]])  # size and mtime are what is compared first
    assert line.startswith("results/tables/a.parquet: 10 bytes, sha256 ")
    assert "but its job wrote 100 bytes" in line
    with pytest.raises(DamagedOutputError) as caught:
        check_outputs([outputs["receipt"]])
    # The receipt too: without it Snakemake reruns the job, whatever it tracks of its files.
    assert caught.value.args[0].endswith("rm results/tables/a.parquet results/receipts/job.json")


def test_a_file_the_job_wrote_but_did_not_declare_is_checked_like_its_outputs(
    tmp_path, monkeypatch
):
    outputs = _job(tmp_path, monkeypatch)
    with open("results/tables/view.parquet", "wb") as handle:
        handle.write(b"v" * 50)
    write_receipt(outputs, undeclared=["results/tables/view.parquet"])
    assert verified_sha256(["results/tables/view.parquet"], [outputs["receipt"]])
    with open("results/tables/view.parquet", "ab") as handle:
        handle.write(b"edited")
    (line,) = damaged([outputs["receipt"]])
    assert line.startswith("results/tables/view.parquet: 56 bytes")


def test_a_missing_output_is_left_to_snakemake(tmp_path, monkeypatch):
    outputs = _job(tmp_path, monkeypatch)
    os.remove(outputs["a"])
    assert damaged([outputs["receipt"]]) == []


def test_an_unreadable_receipt_is_named(tmp_path, monkeypatch):
    outputs = _job(tmp_path, monkeypatch)
    with open(outputs["receipt"], "w") as handle:
        handle.write("{half")
    with pytest.raises(DamagedOutputError, match=r"results/receipts/job\.json: receipt cannot be"):
        check_outputs([outputs["receipt"]])


def test_the_manifest_hashes_only_what_the_jobs_wrote(tmp_path, monkeypatch):
    outputs = _job(tmp_path, monkeypatch)
    hashes = verified_sha256([outputs["a"], outputs["b"]], [outputs["receipt"]])
    assert sorted(hashes) == [outputs["a"], outputs["b"]]
    with open(outputs["b"], "r+b") as handle:  # even with its stamp kept: every byte is hashed
        handle.write(b"c")
    with open("results/tables/stray.parquet", "wb") as handle:
        handle.write(b"no job wrote this")
    with pytest.raises(DamagedOutputError) as caught:
        verified_sha256([outputs["a"], outputs["b"], "results/tables/stray.parquet"],
                        [outputs["receipt"]])  # fmt: skip
    message = caught.value.args[0]
    assert "results/tables/b.parquet: sha256 " in message
    assert "results/tables/stray.parquet: no job's receipt records it" in message
    assert "results/tables/a.parquet" not in message
