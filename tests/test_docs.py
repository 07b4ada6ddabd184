"""The documentation: the table reference in docs/tables.md is generated from the models, and the
README's Python examples run on a seeds build."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from docpipe.schemas import FINAL_TABLES

from docpipe_tools.cli import main
from docpipe_tools.reference import REFERENCE_FILE, refresh_reference, render_reference

REFERENCE = REPO / REFERENCE_FILE


def test_table_reference_is_current() -> None:
    current, line = refresh_reference(REFERENCE, check=True)
    assert current, line


def test_reference_renders_every_column_of_every_final_table() -> None:
    rendered = render_reference()
    for table, model in FINAL_TABLES.items():
        assert f"### `{table}`" in rendered
        for name, column in model.to_schema().columns.items():
            assert column.description, f"{table}.{name} has no description"
            assert f"| `{name}` |" in rendered, f"{table}.{name}"


def test_reference_check_fails_when_stale_and_rewrite_keeps_the_prose(tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    stale = text.replace("| `doc_id` | string | no |", "| `doc_id` | int64 | no |", 1)
    assert stale != text
    copy = tmp_path / "tables.md"
    copy.write_text(stale, encoding="utf-8")
    assert main(["reference", "--check", str(copy)]) == 1
    assert copy.read_text(encoding="utf-8") == stale  # --check never writes
    assert main(["reference", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == text
    assert main(["reference", "--check", str(copy)]) == 0


def test_reference_without_markers_is_a_clear_error(tmp_path: Path) -> None:
    copy = tmp_path / "notes.md"
    copy.write_text("# Notes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="markers"):
        refresh_reference(copy, check=True)


def test_readme_python_examples_run_on_the_seeds(seeds_run: Path, tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) >= 3
    for number, block in enumerate(blocks):
        script = tmp_path / f"readme_{number}.py"
        script.write_text(block, encoding="utf-8")
        # Run where a build's results/ are, as the README says.
        result = subprocess.run(
            [sys.executable, str(script)], cwd=seeds_run, capture_output=True, text=True
        )
        assert result.returncode == 0, f"README python block {number}:\n{result.stderr}"
        assert result.stdout.strip(), number
