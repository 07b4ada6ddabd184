"""Identity of the code that produced the tables."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata as importlib_metadata
from pathlib import Path

import docpipe
import docpipe.schemas

_PACKAGES = (Path(docpipe.__file__).parent, Path(docpipe.schemas.__file__).parent)


def code_version() -> str:
    """sha256 (16 hex digits) over the package's and the models' source and data files, by
    relative path."""
    digest = hashlib.sha256()
    for root in _PACKAGES:
        # *.json: the zone model's weights, which decide zones as much as the code does.
        files = (
            sorted(root.rglob("*.py")) + sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.json"))
        )
        for path in files:
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def package_versions(names: Iterable[str]) -> dict[str, str | None]:
    """Installed version of each named distribution (None where it is not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = None
    return versions
