"""Faults: kill -9 mid-run, a failing job, files that change mid-run, a file the user cannot read,
and changed surroundings. Faults are injected by tests/faults/sitecustomize.py, not by docpipe.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from conftest import (
    SEEDS,
    environment,
    hostile_corpus,
    run_workflow,
    table_bytes,
    tree_state,
    workflow_command,
)

from docpipe.io.discover import doc_id_for, shard_for, shard_name
from docpipe.io.files import partial_files
from docpipe_tools.validate import validate_results

FAULTS = Path(__file__).resolve().parent / "faults"
NOBODY = 65534


def faults(
    spec: str, marker: Path | None = None, seconds: float = 600, release: Path | None = None
) -> dict[str, str]:
    """Environment that makes Python load tests/faults/sitecustomize.py with these faults."""
    env = {"PYTHONPATH": str(FAULTS), "DOCPIPE_FAULTS": spec}
    if marker is not None:
        env |= {"DOCPIPE_FAULT_MARKER": str(marker), "DOCPIPE_FAULT_SECONDS": str(seconds)}
    if release is not None:
        env["DOCPIPE_FAULT_RELEASE"] = str(release)
    return env


def start_workflow(workdir: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = workflow_command(workdir, *args)
    log = open(workdir / "snakemake.out", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=environment(env), start_new_session=True
    )


def wait_for_stall(marker: Path, process: subprocess.Popen[bytes], timeout: float = 600) -> int:
    """The pid of the job that stalled mid-write, once it has."""
    deadline = time.monotonic() + timeout
    while not marker.exists() or not marker.read_text():
        if process.poll() is not None:
            raise AssertionError(f"snakemake exited {process.returncode} before the stall")
        if time.monotonic() > deadline:
            raise AssertionError("no job reached the stall")
        time.sleep(0.2)
    return int(marker.read_text())


def wait_until_gone(pid: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    raise AssertionError(f"process {pid} still running")


@pytest.fixture
def process_group() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes started by a test; their whole session is killed when it ends."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def assert_no_truncated_parquet(results: Path) -> None:
    """Every file under an expected name is a whole Parquet file."""
    for path in sorted(results.rglob("*.parquet")):
        pq.read_metadata(path)  # raises on a truncated file: no footer


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_kill_9_of_snakemake_mid_write_then_resume_gives_identical_tables(
    tmp_path: Path, seeds_run: Path, process_group
) -> None:
    marker = tmp_path / "stalled"
    env = faults("stall:tables/documents/.0000", marker, seconds=5)
    process = start_workflow(tmp_path, "-c2", env=env)
    process_group.append(process)
    job = wait_for_stall(marker, process)
    os.kill(process.pid, signal.SIGKILL)  # Snakemake only: the job it started lives on
    process.wait()
    assert_no_truncated_parquet(tmp_path / "results")
    assert any(re.fullmatch(rf"\.0000\.parquet\.{job}\.[0-9a-f]{{8}}\.tmp", p.name)
               for p in partial_files(tmp_path / "results"))  # fmt: skip
    wait_until_gone(job)  # what the README asks: no job of the killed run is still running

    refused = run_workflow(tmp_path, "-c2", check=False)  # the killed run's lock is still there
    assert refused.returncode != 0 and "--unlock" in refused.stderr
    run_workflow(tmp_path, "--unlock")
    run_workflow(tmp_path, "-c2")  # profiles/default reruns the incomplete jobs
    assert table_bytes(tmp_path) == table_bytes(seeds_run)
    manifest = (tmp_path / "results/manifest.json").read_bytes()
    assert manifest == (seeds_run / "results/manifest.json").read_bytes()
    assert partial_files(tmp_path / "results") == []


def test_ctrl_c_then_a_plain_rerun_gives_identical_tables(
    tmp_path: Path, seeds_run: Path, process_group
) -> None:
    marker = tmp_path / "stalled"
    process = start_workflow(tmp_path, "-c2", env=faults("stall:ingest/.0000.rejects", marker))
    process_group.append(process)
    job = wait_for_stall(marker, process)
    # The job's first output is written: Snakemake marks it incomplete, not removed, on Ctrl-C.
    assert (tmp_path / "results/ingest/0000.parquet").exists()
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    assert process.wait(timeout=600) != 0
    wait_until_gone(job)
    assert_no_truncated_parquet(tmp_path / "results")

    run_workflow(tmp_path, "-c2")  # the plain rerun the README promises
    assert table_bytes(tmp_path) == table_bytes(seeds_run)
    manifest = (tmp_path / "results/manifest.json").read_bytes()
    assert manifest == (seeds_run / "results/manifest.json").read_bytes()
    assert partial_files(tmp_path / "results") == []


def test_a_dry_run_or_a_refused_run_of_another_input_dir_leaves_a_build_alone(
    tmp_path: Path, seeds_run: Path, process_group
) -> None:
    """Issue 16, defect 2: both read another input_dir while a build of the seeds was running."""
    other, workdir = tmp_path / "other", tmp_path / "work"
    other.mkdir()
    workdir.mkdir()
    seed = sorted(SEEDS.iterdir())[0]
    shutil.copy(seed, other / f"copy of {seed.name}")
    (other / "other.txt").write_text("Another page.\n\nIn another folder than the build's.\n")
    marker, release = tmp_path / "stalled", tmp_path / "release"
    # One core: the build stalls in its first ingest job, before any other shard is ingested.
    env = faults("stall:ingest/.", marker, release=release)
    process = start_workflow(workdir, "-c1", env=env)
    process_group.append(process)
    wait_for_stall(marker, process)
    before = tree_state(workdir / "results"), tree_state(workdir / "logs")

    run_workflow(workdir, "-n", input_dir=other)  # a dry run only warns of the lock
    refused = run_workflow(workdir, "-c1", input_dir=other, check=False)
    assert refused.returncode != 0 and "LockException" in refused.stderr
    assert (tree_state(workdir / "results"), tree_state(workdir / "logs")) == before

    release.touch()
    assert process.wait(timeout=900) == 0
    assert table_bytes(workdir) == table_bytes(seeds_run)
    manifest = (workdir / "results/manifest.json").read_bytes()
    assert manifest == (seeds_run / "results/manifest.json").read_bytes()
    assert [c.line() for c in validate_results(workdir / "results") if not c.ok] == []


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_kill_9_of_one_job_mid_write_then_rerun_gives_identical_tables(
    tmp_path: Path, seeds_run: Path, process_group
) -> None:
    marker = tmp_path / "stalled"
    process = start_workflow(tmp_path, "-c2", env=faults("stall:tag/.0002.languages", marker))
    process_group.append(process)
    job = wait_for_stall(marker, process)
    os.kill(job, signal.SIGKILL)
    assert process.wait(timeout=600) == 1  # the job failed; Snakemake stops
    assert_no_truncated_parquet(tmp_path / "results")
    assert not (tmp_path / "results/tag/0002.languages.parquet").exists()
    leftovers = [p.name for p in partial_files(tmp_path / "results")]
    assert len(leftovers) == 1
    assert re.fullmatch(rf"\.0002\.languages\.parquet\.{job}\.[0-9a-f]{{8}}\.tmp", leftovers[0])

    run_workflow(tmp_path, "-c2")  # Snakemake removed the failed job's outputs: no flag needed
    assert table_bytes(tmp_path) == table_bytes(seeds_run)
    assert partial_files(tmp_path / "results") == []


def test_a_failing_job_names_its_document_and_keep_going_finishes_the_rest(
    tmp_path: Path, seeds_run: Path
) -> None:
    corpus, workdir = tmp_path / "corpus", tmp_path / "work"
    shutil.copytree(SEEDS, corpus)
    (corpus / "poison").mkdir()
    (corpus / "poison" / "page.txt").write_text(
        "A page with a bad paragraph\n\nThis paragraph holds the POISON PILL that fails.\n"
    )
    doc_id = doc_id_for("poison/page.txt")
    bad = shard_name(shard_for(doc_id, 4))
    result = run_workflow(workdir, "-c2", "--keep-going", input_dir=corpus,
                          env=faults("fail:POISON PILL"), check=False)  # fmt: skip
    assert result.returncode == 1
    log = (workdir / "logs" / "annotate" / f"{bad}.log").read_text(encoding="utf-8")
    assert (
        f"segment failed on document {doc_id} (source_path 'poison/page.txt'): "
        "RuntimeError: injected fault: paragraph contains 'POISON PILL'"
    ) in log
    assert "Traceback" in log  # the cause, with where it was raised

    expected = table_bytes(seeds_run)
    produced = table_bytes(workdir)
    assert {p for p in produced if f"/{bad}." in p} == set()  # nothing of the failed shard
    assert produced == {p: b for p, b in expected.items() if f"/{bad}." not in p}
    assert_no_truncated_parquet(workdir / "results")


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_files_changed_during_the_run_are_rejected_then_read_by_the_next_run(
    tmp_path: Path,
) -> None:
    corpus, workdir = tmp_path / "corpus", tmp_path / "work"
    (corpus / "changing").mkdir(parents=True)
    page = "A page about the council.\n\nThe council met on Tuesday and approved the budget.\n"
    for name in ("steady.txt", "changing/truncated.txt", "changing/rewritten.txt"):
        (corpus / name).write_text(page)
    args = ("-c2", "--config", f"input_dir={corpus}", "shards=2")
    env = faults("truncate:changing/truncated.txt;rewrite:changing/rewritten.txt")
    run_workflow(workdir, *args, env=env)
    rejects = pl.read_parquet(workdir / "results/tables/rejects/*.parquet").sort("source_path")
    rows = {row["source_path"]: row for row in rejects.iter_rows(named=True)}
    assert set(rows) == {"changing/rewritten.txt", "changing/truncated.txt"}
    size = len(page.encode())
    truncated = rows["changing/truncated.txt"]
    assert (truncated["reason"], truncated["size_bytes"]) == ("changed_during_run", size)
    assert f"changed after it was listed (size {size} -> {size // 2} bytes" in truncated["detail"]
    rewritten = rows["changing/rewritten.txt"]
    assert rewritten["reason"] == "changed_during_run" and "mtime" in rewritten["detail"]
    assert "size" not in rewritten["detail"]
    assert [c.line() for c in validate_results(workdir / "results") if not c.ok] == []

    run_workflow(workdir, *args)  # the listing now has the new fingerprints: those shards rerun
    documents = pl.read_parquet(workdir / "results/tables/documents/*.parquet")
    sha = dict(documents.select("source_path", "source_sha256").iter_rows())
    import hashlib

    for name in ("steady.txt", "changing/truncated.txt", "changing/rewritten.txt"):
        assert sha[name] == hashlib.sha256((corpus / name).read_bytes()).hexdigest(), name
    assert pl.read_parquet(workdir / "results/tables/rejects/*.parquet").height == 0


def _unprivileged() -> tuple[list[str], int | None]:
    """A command prefix that runs without root's power over file modes, and the uid files must
    belong to for that user to write them (None: as they are). Skips the test when there is none.

    First a user namespace that maps root to an ordinary uid: root's files then count as that
    user's own, so the checkout and the temporary folders stay usable while mode 000 is obeyed.
    Else `setpriv` to `nobody`, which needs the checkout's Python to be readable by everyone.
    """
    python = f"{shlex.quote(sys.executable)} -c 'import docpipe, snakemake'"
    ids = [f"--map-user={NOBODY}", f"--map-group={NOBODY}"]  # Snakemake needs a known user
    candidates: list[tuple[list[str], int | None]] = []
    if shutil.which("unshare"):
        candidates.append((["unshare", "--user", *ids, "--"], None))
    if shutil.which("setpriv"):
        setpriv = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
        candidates.append((setpriv, NOBODY))
    for prefix, owner in candidates:
        # Through a shell, as Snakemake starts its jobs.
        probe = subprocess.run([*prefix, "/bin/sh", "-c", python], capture_output=True,
                               check=False, cwd="/")  # fmt: skip
        if probe.returncode == 0:
            return prefix, owner
    pytest.skip("running as root, and neither a user namespace nor setpriv gives a user who can "
                "run this checkout's Python")  # fmt: skip


def _unreadable_corpus(corpus: Path, owner: int | None) -> None:
    """A readable page, a page without read permission, a folder without any permission."""
    (corpus / "locked").mkdir(parents=True)
    (corpus / "readable.txt").write_text("Anyone may read this page of plain words.\n")
    (corpus / "secret.txt").write_text("Only the owner may read this page.\n")
    (corpus / "locked" / "inside.txt").write_text("A page in a folder nobody may list.\n")
    if owner is not None:
        for path in (corpus, corpus / "readable.txt", corpus / "secret.txt"):
            os.chown(path, owner, owner)
    (corpus / "secret.txt").chmod(0)
    (corpus / "locked").chmod(0)


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_a_file_the_user_cannot_read_is_an_unreadable_reject() -> None:
    # File modes do not stop root, so as root the workflow runs as an ordinary user (see
    # _unprivileged), in a folder outside pytest's, which `nobody` could not enter.
    root = Path(tempfile.mkdtemp(prefix="docpipe-unreadable-"))
    corpus, workdir = root / "corpus", root / "work"
    try:
        root.chmod(0o755)
        workdir.mkdir()
        prefix, owner = _unprivileged() if os.geteuid() == 0 else ([], None)
        _unreadable_corpus(corpus, owner)
        if owner is not None:
            os.chown(workdir, owner, owner)
        cannot = subprocess.run([*prefix, "test", "-r", str(corpus / "secret.txt")], check=False)
        assert cannot.returncode != 0  # the precondition: this user really cannot read it
        snakemake = workflow_command(workdir, "-c2", input_dir=corpus)
        env = environment({"HOME": str(workdir), "XDG_CACHE_HOME": None})
        result = subprocess.run([*prefix, *snakemake], capture_output=True, text=True,
                                check=False, env=env)  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        tables = workdir / "results" / "tables"
        rejects = pl.read_parquet(tables / "rejects" / "*.parquet")
        assert {
            row[0]: row[1:] for row in rejects.select("source_path", "reason", "detail").rows()
        } == {
            "secret.txt": ("unreadable", "PermissionError [EACCES]: Permission denied"),
            "locked": ("unreadable", "directory cannot be listed: Permission denied"),
        }
        documents = pl.read_parquet(tables / "documents" / "*.parquet")
        assert documents["source_path"].to_list() == ["readable.txt"]
        assert [c.line() for c in validate_results(workdir / "results") if not c.ok] == []
    finally:
        for path in (corpus / "locked", corpus / "secret.txt"):
            if path.exists():
                path.chmod(0o700)
        shutil.rmtree(root, ignore_errors=True)


def _other_locale() -> str:
    current = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG")
    return "POSIX" if current and "UTF-8" in current.upper().replace("UTF8", "UTF-8") else "C.UTF-8"


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_same_tables_whatever_the_surroundings(tmp_path: Path, hostile_run: Path) -> None:
    """Another core count, the corpus created in reverse order and listed in reverse order, and
    another time zone, locale and hash seed: the same table bytes."""
    corpus = hostile_corpus(tmp_path, reverse=True)
    workdir = tmp_path / "work"
    workdir.mkdir()
    changed = {
        **faults("reverse_scandir"),
        "TZ": "Pacific/Chatham",
        "LANG": _other_locale(),
        "LC_ALL": _other_locale(),
        "PYTHONHASHSEED": "12345",
    }
    listing = "import json, os, sys; print(json.dumps([e.name for e in os.scandir(sys.argv[1])]))"
    normal, reversed_ = (
        subprocess.run([sys.executable, "-c", listing, str(corpus)], capture_output=True,
                       text=True, check=True, env=environment(env)).stdout
        for env in ({}, changed)
    )  # fmt: skip
    assert normal != reversed_ and json.loads(normal) == json.loads(reversed_)[::-1]
    run_workflow(workdir, "-c4", input_dir=corpus, env=changed)
    assert table_bytes(workdir) == table_bytes(hostile_run)
