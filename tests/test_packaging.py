"""The lock files pin every dependency that pyproject.toml declares."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import REPO


def _pinned(lock: str) -> set[str]:
    names = set()
    for line in (REPO / lock).read_text().splitlines():
        if line and not line.startswith("#"):
            names.add(re.split(r"[=<>\[ ]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def _declared(group: str | None) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] if group is None else (
        project["dependencies"] + project["optional-dependencies"][group])  # fmt: skip
    return {re.split(r"[=<>\[ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


@pytest.mark.parametrize(("lock", "group"), [("requirements.lock", None),
                                             ("requirements-dev.lock", "dev"),
                                             ("requirements-slurm.lock", "slurm")])  # fmt: skip
def test_lock_file_pins_every_declared_dependency(lock: str, group: str | None) -> None:
    assert _declared(group) - _pinned(lock) == set()


def _pins(lock: str) -> dict[str, str]:
    lines = (REPO / lock).read_text().splitlines()
    pairs = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {name.lower().replace("_", "-"): version for name, version in pairs}


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_slurm_executor_stays_out_of_the_default_lock_files(lock: str) -> None:
    # Installed, it makes every snakemake start call scontrol (~10 s where Slurm is absent).
    assert not {name for name in _pins(lock) if "executor-plugin-slurm" in name}


def test_slurm_lock_runs_the_runtime_pins() -> None:
    # The Slurm test compares table bytes, which depend on these versions.
    runtime, slurm = _pins("requirements.lock"), _pins("requirements-slurm.lock")
    assert {name: slurm.get(name) for name in runtime} == runtime
