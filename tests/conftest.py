"""Shared fixtures: the workflow run for real, in temporary directories."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from docpipe_tools.hostile import build_corpus, small_cases

REPO = Path(__file__).resolve().parent.parent
SNAKEFILE = REPO / "Snakefile"
SEEDS = REPO / "seeds"
SHARED_EVAL = REPO.parent / "shared" / "eval"
# Tests marked `eval_data` read labelled data beside the clone (../shared/eval, never copied into
# it). A user's clone has none and skips them; CI has it, so there a missing folder must fail the
# run, not skip the quality gates unseen. Required when this variable is 1, or when it is unset
# and CI is set (as CI services set it); DOCPIPE_REQUIRE_EVAL=0 turns it off.
REQUIRE_EVAL = "DOCPIPE_REQUIRE_EVAL"
_FALSE = ("", "0", "false", "no")


def eval_data_required(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a test whose ../shared/eval data is missing fails (CI) rather than skips."""
    explicit = environ.get(REQUIRE_EVAL)
    if explicit is not None:
        return explicit.strip().lower() not in _FALSE
    return environ.get("CI", "").strip().lower() not in _FALSE


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "eval_data(*paths): reads these paths under ../shared/eval; skipped where they are "
        f"missing, failed instead in CI ({REQUIRE_EVAL}=1 or CI set)",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("eval_data"):
        missing = [path for path in marker.args if not (SHARED_EVAL / path).exists()]
        if not missing:
            continue
        message = f"{', '.join(missing)} not found under {SHARED_EVAL}"
        if eval_data_required():
            pytest.fail(
                f"{message}: the quality gates must run here ({REQUIRE_EVAL}=1 or CI is set); "
                f"put the labelled data at {SHARED_EVAL}, or set {REQUIRE_EVAL}=0",
                pytrace=False,
            )
        pytest.skip(message)


# The suite's runs have this many shards unless a test says otherwise (shards=None: the bundled
# config's `auto`, one shard for these small corpora), so that what crosses shards (site
# templates, one shard's failure, a rerun of one shard) is exercised.
TEST_SHARDS = 4


def workflow_command(
    workdir: Path, *args: str, input_dir: Path | None = None, shards: int | str | None = TEST_SHARDS
) -> list[str]:
    """The snakemake command line of this repo's Snakefile with `workdir` as its working
    directory. The `--config` items of `args`, `input_dir` and `shards` (unless `args` set it)
    go into one `--config` (of several, Snakemake keeps the last)."""
    options, config = _config_items(args)
    if input_dir is not None:
        config.append(f"input_dir={input_dir}")
    if shards is not None and not any(item.startswith("shards=") for item in config):
        config.append(f"shards={shards}")
    return [
        sys.executable, "-m", "snakemake", "-s", str(SNAKEFILE), "--directory", str(workdir),
        *options, *(["--config", *config] if config else []),
    ]  # fmt: skip


def run_workflow(
    workdir: Path,
    *args: str,
    input_dir: Path | None = None,
    check: bool = True,
    env: dict[str, str | None] | None = None,
    shards: int | str | None = TEST_SHARDS,
) -> subprocess.CompletedProcess[str]:
    """Run workflow_command; `env` entries are added to (or, when None, removed from) this
    process's environment."""
    command = workflow_command(workdir, *args, input_dir=input_dir, shards=shards)
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=environment(env)
    )
    if check and result.returncode != 0:
        tail = f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
        raise AssertionError(f"snakemake exited {result.returncode}\n{tail}")
    return result


def _config_items(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """(the other arguments, the key=value items following each --config in `args`)."""
    options: list[str] = []
    config: list[str] = []
    in_config = False
    for arg in args:
        if arg == "--config":
            in_config = True
        elif in_config and not arg.startswith("-"):
            config.append(arg)
        else:
            in_config = False
            options.append(arg)
    return options, config


def environment(changes: dict[str, str | None] | None = None) -> dict[str, str]:
    """This process's environment with `changes` applied; a None value removes the variable."""
    merged = dict(os.environ)
    for key, value in (changes or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def table_bytes(workdir: Path) -> dict[str, bytes]:
    """Every final table file's bytes, by path relative to results/tables."""
    tables = workdir / "results" / "tables"
    files = sorted(tables.rglob("*.parquet"))
    return {path.relative_to(tables).as_posix(): path.read_bytes() for path in files}


def hostile_corpus(root: Path, reverse: bool = False) -> Path:
    """The seeds plus every cheap hostile input of docpipe_tools.hostile, below root/corpus."""
    return build_corpus(root / "corpus", small_cases(), reverse=reverse)


def tree_state(root: Path) -> dict[bytes, tuple[int, int, int, int]]:
    """Every entry below root, symlinks not followed: mode, size, mtime and ctime."""
    state = {}
    for directory, subdirs, files in os.walk(os.fsencode(root)):
        for name in subdirs + files:
            info = os.lstat(os.path.join(directory, name))
            key = os.path.relpath(os.path.join(directory, name), os.fsencode(root))
            state[key] = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return state


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full run on the bundled seeds, with the bundled config (and TEST_SHARDS shards), in a
    fresh working directory."""
    workdir = tmp_path_factory.mktemp("seeds_run")
    run_workflow(workdir, "-c4")
    return workdir


@dataclass(frozen=True)
class HostileRun:
    workdir: Path
    corpus: Path
    corpus_before: dict[bytes, tuple[int, int, int, int]]
    home: Path
    tmpdir: Path


@pytest.fixture(scope="session")
def hostile_run_dirs(tmp_path_factory: pytest.TempPathFactory) -> HostileRun:
    """One full run on the seeds plus every cheap hostile input, with an empty HOME and TMPDIR
    of its own, so that writes outside results/ and logs/ can be seen."""
    root = tmp_path_factory.mktemp("hostile_run")
    corpus = hostile_corpus(root)
    before = tree_state(corpus)
    workdir, home, tmpdir = root / "work", root / "home", root / "tmp"
    for folder in (workdir, home, tmpdir):
        folder.mkdir()
    isolated = {"HOME": str(home), "TMPDIR": str(tmpdir), "XDG_CACHE_HOME": None}
    run_workflow(workdir, "-c2", input_dir=corpus, env=isolated)
    return HostileRun(workdir, corpus, before, home, tmpdir)


@pytest.fixture(scope="session")
def hostile_run(hostile_run_dirs: HostileRun) -> Path:
    """The working directory of the hostile run."""
    return hostile_run_dirs.workdir
