"""docpipe validate: read shard by shard, clear failures for damaged folders, no traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from docpipe.io import parquet
from docpipe.io.sources import sha256_file
from docpipe_tools.validate import validate_results


@pytest.fixture
def results(tmp_path: Path, seeds_run: Path) -> Path:
    copy = tmp_path / "results"
    shutil.copytree(seeds_run / "results", copy)
    return copy


@pytest.mark.parametrize(
    "manifest",
    ["[]", '{"inputs": 3, "outputs": {}}', '{"inputs": [{"path": 1}], "outputs": {}}',
     '{"inputs": [], "outputs": []}'],
)  # fmt: skip
def test_a_manifest_of_the_wrong_shape_is_one_failure(results: Path, manifest: str) -> None:
    (results / "manifest.json").write_text(manifest)
    (check,) = validate_results(results)
    assert check.name == "manifest" and not check.ok
    assert "is not a docpipe manifest" in check.detail


def test_the_cli_reports_a_wrong_manifest_without_a_traceback(results: Path) -> None:
    (results / "manifest.json").write_text('{"inputs": {}}')
    run = subprocess.run([sys.executable, "-m", "docpipe_tools.cli", "validate", str(results)],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "FAIL  manifest" in run.stdout


def test_a_closed_pipe_stops_validate_quietly(results: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "docpipe_tools.cli", "validate", str(results)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    process.stdout.close()  # as `| head -0` does, before validate prints a line
    stderr = process.stderr.read().decode()
    assert process.wait() == 141
    assert stderr == ""


def test_the_report_ends_with_the_peak_memory(results: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "docpipe_tools.cli", "validate", str(results)],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert run.stdout.splitlines()[-1].startswith("23 checks ok, 0 failed (peak memory ")


@pytest.mark.parametrize("name", ["notes.txt", ".0001.parquet.123.tmp", "_SUCCESS"])
def test_a_stray_file_in_a_table_folder_fails_validate(results: Path, name: str) -> None:
    (results / "tables" / "paragraphs" / name).write_text("not a table")
    failed = [check for check in validate_results(results) if not check.ok]
    assert failed[0].name == "paragraphs"
    assert f"files other than Parquet in {results / 'tables' / 'paragraphs'}: ['{name}']" in (
        failed[0].detail
    )


def test_tables_are_read_one_shard_at_a_time(results: Path, monkeypatch) -> None:
    read: list[str] = []
    original = parquet.read_table

    def recording(path, *args, **kwargs):
        read.append(Path(path).stem)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(parquet, "read_table", recording)
    assert [c.line() for c in validate_results(results) if not c.ok] == []
    assert read == [shard for shard in ("0000", "0001", "0002", "0003") for _ in range(7)]


def test_a_document_in_another_shards_file_fails_placement(results: Path) -> None:
    tables = results / "tables"
    manifest = json.loads((results / "manifest.json").read_text())
    (full,) = [p for p in sorted((tables / "documents").glob("*.parquet"))
               if pl.read_parquet(p).height][:1]  # fmt: skip
    for table in ("sources", "documents", "paragraphs", "sentences", "comments", "languages"):
        source = tables / table / full.name
        other = next(p for p in sorted((tables / table).glob("*.parquet")) if p != source)
        moved = pl.concat([pl.read_parquet(other), pl.read_parquet(source)])
        moved.write_parquet(other)
        pl.read_parquet(source).head(0).write_parquet(source)
        for path in (source, other):
            manifest["outputs"][f"tables/{table}/{path.name}"] = sha256_file(path)
    (results / "manifest.json").write_text(json.dumps(manifest))
    failed = [check for check in validate_results(results) if not check.ok]
    assert [check.name for check in failed] == ["placement"]
    assert "doc_ids outside shard" in failed[0].detail


def test_the_manifest_records_the_python_version(results: Path) -> None:
    import platform

    manifest = json.loads((results / "manifest.json").read_text())
    assert manifest["python"] == platform.python_version()


def _rewrite(results: Path, table: str, change) -> None:
    """Apply `change` to the first non-empty file of a final table; the manifest follows."""
    manifest = json.loads((results / "manifest.json").read_text())
    path = next(p for p in sorted((results / "tables" / table).glob("*.parquet"))
                if pl.read_parquet(p).height)  # fmt: skip
    frame = pl.read_parquet(path)
    change(frame).write_parquet(path)
    manifest["outputs"][f"tables/{table}/{path.name}"] = sha256_file(path)
    (results / "manifest.json").write_text(json.dumps(manifest))


def test_a_body_paragraph_left_out_of_the_documents_text_fails_coverage(results: Path) -> None:
    def unbody(frame: pl.DataFrame) -> pl.DataFrame:
        first = frame.with_row_index().filter(pl.col("zone") == "body")["index"][0]
        zone = pl.when(pl.int_range(pl.len()) == first).then(pl.lit("boilerplate"))
        return frame.with_columns(zone.otherwise(pl.col("zone")).alias("zone"))

    _rewrite(results, "paragraphs", unbody)
    failed = [check.name for check in validate_results(results) if not check.ok]
    assert failed == ["coverage:documents"]


def test_text_outside_every_paragraph_fails_coverage(results: Path) -> None:
    # The longest paragraph cut to its first character: its row still re-slices, but the rest
    # of its text lies in no paragraph.
    def cut(frame: pl.DataFrame) -> pl.DataFrame:
        longest = frame.with_row_index().sort(pl.col("end") - pl.col("start"))["index"][-1]
        hit = pl.int_range(pl.len()) == longest
        return frame.with_columns(
            pl.when(hit).then(pl.col("start") + 1).otherwise(pl.col("end")).alias("end"),
            pl.when(hit).then(pl.col("text").str.slice(0, 1)).otherwise(pl.col("text")),
        )

    _rewrite(results, "paragraphs", cut)
    failed = [check.name for check in validate_results(results) if not check.ok]
    assert "coverage:paragraphs" in failed and "traceability:paragraphs" not in failed
