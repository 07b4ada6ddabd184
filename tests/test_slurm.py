"""The SLURM profile on a real one-node cluster: tests/slurm/run.sh, run from pytest.

Deselected by default (pyproject.toml): it needs root, installs slurm-wlm and munge, and takes
minutes. Run it with `bash tests/run.sh -m slurm` or `pytest -m slurm`.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO

SCRIPT = REPO / "tests" / "slurm" / "run.sh"


@pytest.mark.slurm
def test_workflow_on_slurm_writes_the_same_bytes_as_a_local_run() -> None:
    command = ["bash", str(SCRIPT)]
    if sys.prefix != sys.base_prefix:  # a venv: copy it rather than download every package
        command += ["--from-venv", sys.prefix]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200, check=False)
    output = f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    assert result.returncode == 0, output
    summary = r"byte-identical: [1-9]\d* table files and the manifest"
    assert re.search(summary, result.stdout), output
