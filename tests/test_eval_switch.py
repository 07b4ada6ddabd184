"""The eval_data switch (tests/conftest.py): tests that read ../shared/eval skip in a user's clone
without it, and fail in CI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, environment, eval_data_required

GATE = """import pytest


@pytest.mark.eval_data("lang-dev/items.jsonl")
def test_gate():
    assert True
"""


@pytest.mark.parametrize(
    ("environ", "required"),
    [
        ({}, False),
        ({"CI": "true"}, True),
        ({"CI": "1"}, True),
        ({"CI": "false"}, False),
        ({"CI": ""}, False),
        ({"DOCPIPE_REQUIRE_EVAL": "1"}, True),
        ({"DOCPIPE_REQUIRE_EVAL": "0", "CI": "true"}, False),
        ({"DOCPIPE_REQUIRE_EVAL": "1", "CI": "false"}, True),
    ],
)
def test_eval_data_is_required_in_ci_only(environ: dict[str, str], required: bool) -> None:
    assert eval_data_required(environ) is required


def run_gate(clone: Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    """pytest on a clone holding this repo's conftest and one test marked eval_data."""
    changes: dict[str, str | None] = {"CI": None, "DOCPIPE_REQUIRE_EVAL": None, **env}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", str(clone)]
    return subprocess.run(
        command, capture_output=True, text=True, check=False, env=environment(changes)
    )


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A checkout whose ../shared/eval does not exist, as in a user's fresh clone."""
    tests = tmp_path / "docpipe" / "tests"
    tests.mkdir(parents=True)
    shutil.copy(REPO / "tests" / "conftest.py", tests / "conftest.py")
    (tests / "test_gate.py").write_text(GATE, encoding="utf-8")
    return tests.parent


def test_missing_eval_data_skips_in_a_users_clone(clone: Path) -> None:
    result = run_gate(clone)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "lang-dev/items.jsonl not found" in result.stdout


@pytest.mark.parametrize("env", [{"CI": "true"}, {"DOCPIPE_REQUIRE_EVAL": "1"}])
def test_missing_eval_data_fails_in_ci(clone: Path, env: dict[str, str]) -> None:
    result = run_gate(clone, **env)
    assert result.returncode == 1, result.stdout
    assert "1 error" in result.stdout and "skipped" not in result.stdout
    assert "the quality gates must run here" in result.stdout


def test_present_eval_data_runs_the_test_in_ci(clone: Path) -> None:
    items = clone.parent / "shared" / "eval" / "lang-dev" / "items.jsonl"
    items.parent.mkdir(parents=True)
    items.write_text("", encoding="utf-8")
    result = run_gate(clone, CI="true")
    assert result.returncode == 0, result.stdout
    assert "1 passed" in result.stdout
