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
                                             ("requirements-dev.lock", "dev")])  # fmt: skip
def test_lock_file_pins_every_declared_dependency(lock: str, group: str | None) -> None:
    assert _declared(group) - _pinned(lock) == set()
