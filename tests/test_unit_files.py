"""Unit tests of docpipe.io.files: files appear whole or not at all, even under kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from docpipe.io.files import atomic_path, partial_files


def test_the_target_appears_only_when_the_block_ends(tmp_path):
    target = tmp_path / "sub" / "table.parquet"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"new")
        assert not target.exists()
        assert temporary.parent == target.parent and temporary.name.startswith(".table.parquet.")
        assert str(os.getpid()) in temporary.name
        # And a random token: two writers of one file never share a temporary name.
        with atomic_path(target) as other:
            assert other != temporary
            other.write_bytes(b"other")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["table.parquet"]


def test_an_error_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "table.parquet"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.parquet"]


def test_a_writer_killed_mid_write_leaves_only_a_partial_file(tmp_path):
    target = tmp_path / "tables" / "0000.parquet"
    script = (
        "import os, signal, sys\n"
        "from docpipe.io.files import atomic_path\n"
        "with atomic_path(sys.argv[1]) as temporary:\n"
        "    temporary.write_bytes(b'PAR1 half a table')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(target)], check=False)
    assert result.returncode == -signal.SIGKILL
    assert not target.exists()
    (leftover,) = partial_files(tmp_path)
    assert leftover.parent == target.parent and leftover.name.startswith(".0000.parquet.")


def test_partial_files_are_only_hidden_temporaries(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / ".0001.parquet.77.tmp").write_bytes(b"x")
    (tmp_path / ".manifest.json.12.tmp").write_bytes(b"x")
    (tmp_path / "a" / "0001.parquet").write_bytes(b"x")
    (tmp_path / "notes.tmp").write_bytes(b"x")  # not hidden: not ours
    assert [p.relative_to(tmp_path).as_posix() for p in partial_files(tmp_path)] == [
        ".manifest.json.12.tmp",
        "a/.0001.parquet.77.tmp",
    ]
