"""Shared fixtures: the workflow run for real, in temporary directories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SNAKEFILE = REPO / "Snakefile"
SEEDS = REPO / "seeds"
SHARED_EVAL = REPO.parent / "shared" / "eval"


def run_workflow(
    workdir: Path, *args: str, input_dir: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run snakemake on this repo's Snakefile with `workdir` as its working directory."""
    command = [
        sys.executable, "-m", "snakemake", "-s", str(SNAKEFILE), "--directory", str(workdir),
        *args,
    ]  # fmt: skip
    if input_dir is not None:
        command += ["--config", f"input_dir={input_dir}"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        tail = f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
        raise AssertionError(f"snakemake exited {result.returncode}\n{tail}")
    return result


def table_bytes(workdir: Path) -> dict[str, bytes]:
    """Every final table file's bytes, by path relative to results/tables."""
    tables = workdir / "results" / "tables"
    files = sorted(tables.rglob("*.parquet"))
    return {path.relative_to(tables).as_posix(): path.read_bytes() for path in files}


def hostile_corpus(root: Path) -> Path:
    """The seeds plus files that must become reject rows or decode correctly."""
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "bad").mkdir()
    (corpus / "bad" / "empty.txt").write_bytes(b"")
    (corpus / "bad" / "blank.txt").write_bytes(b" \n\t\r\n ")
    (corpus / "bad" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (corpus / "bad" / "nul.txt").write_bytes(b"Some text\x00with a NUL byte in it.\n")
    french = "La crème brûlée du café était délicieuse, à côté de la fenêtre.\n"
    (corpus / "sub dir").mkdir()
    (corpus / "sub dir" / "latin1 é.txt").write_bytes(french.encode("latin-1"))
    (corpus / "sub dir" / "utf16.txt").write_bytes(
        "\ufeffUne page en UTF-16 avec une marque d'ordre des octets.\n".encode("utf-16-le")
    )
    english = (
        "The city council met on Tuesday evening to discuss the new budget for the coming year, "
        "and several members asked for more money for schools and public libraries."
    )
    german = (
        "Der Stadtrat traf sich am Dienstagabend, um den neuen Haushalt für das kommende Jahr zu "
        "besprechen, und mehrere Mitglieder forderten mehr Geld für Schulen und Bibliotheken."
    )
    bilingual = "City news in two languages\n\n" + "\n\n".join([english, german] * 3) + "\n"
    (corpus / "sub dir" / "bilingual.txt").write_text(bilingual, encoding="utf-8")
    # Names and entries that stopped or hung the whole run before the listing files.
    (corpus / "names").mkdir()
    (corpus / "names" / "{x}.txt").write_text("A page whose name has braces, with words.\n")
    (corpus / "names" / "{shard}.txt").write_text("A page named like a wildcard, with words.\n")
    with open(os.fsencode(corpus / "names") + b"/caf\xe9.txt", "wb") as handle:
        handle.write("Un café au lait, s’il vous plaît, sur la terrasse.\n".encode())
    os.symlink("nowhere.txt", corpus / "bad" / "dangling.txt")
    os.mkfifo(corpus / "bad" / "pipe.txt")
    seed = (SEEDS / "001_f369259c4b472e2a.txt").read_bytes()
    (corpus / "sub dir" / "stray_byte.txt").write_bytes(seed[:5000] + b"\xe9" + seed[5000:])
    return corpus


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full run on the bundled seeds, with the bundled config, in a fresh working directory."""
    workdir = tmp_path_factory.mktemp("seeds_run")
    run_workflow(workdir, "-c4")
    return workdir


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full run on the seeds plus bad and oddly encoded files."""
    root = tmp_path_factory.mktemp("hostile_run")
    corpus = hostile_corpus(root)
    workdir = root / "work"
    workdir.mkdir()
    run_workflow(workdir, "-c2", input_dir=corpus)
    return workdir
