"""End-to-end: the real workflow on real files, asserting exit codes and table contents."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import REPO, SEEDS, TEST_SHARDS, run_workflow, table_bytes, tree_state

from docpipe.io.models import cache_path
from docpipe_tools.validate import validate_results


def read(workdir: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(workdir / "results" / "tables" / table / "*.parquet")


def test_seeds_validate_and_read_with_three_engines(seeds_run: Path) -> None:
    failed = [check.line() for check in validate_results(seeds_run / "results") if not check.ok]
    assert failed == []
    glob = str(seeds_run / "results/tables/documents/*.parquet")
    assert duckdb.sql(f"select count(*) from read_parquet('{glob}')").fetchall() == [(3,)]
    import pandas as pd

    assert len(pd.read_parquet(seeds_run / "results/tables/documents")) == 3


def test_seed_titles_authors_and_comments(seeds_run: Path) -> None:
    documents = read(seeds_run, "documents").sort("source_path")
    assert documents["title"].to_list() == [
        "CONFIRMED: Iran did NOT help Al-Qaeda after 9/11 as US alleges",
        "Translated Doc Debunks Narrative of Al Qaeda-Iran ‘Alliance’",
        "Iranian Officials Deny Alleged Ties to al-Qaida",
    ]
    assert documents["author"].to_list() == ["Alexander Mercouris", "Gareth Porter", None]
    assert documents["site"].to_list() == [None, "The American Conservative", None]
    assert documents["language"].to_list() == ["en", "en", "en"]
    comments = read(seeds_run, "comments").join(
        documents.select("doc_id", "source_path"), on="doc_id"
    )
    american_conservative = comments.filter(pl.col("source_path").str.starts_with("001_"))
    assert american_conservative.height == 24
    first, last = (
        american_conservative.sort("comment_index").row(0, named=True),
        (american_conservative.sort("comment_index").row(23, named=True)),
    )
    assert (first["author"], str(first["posted_at"])) == ("Lenny", "2017-11-21 22:38:00")
    assert first["text"].startswith("How much does Iran contribute to this publication?")
    assert (last["author"], str(last["posted_at"])) == ("Youknowho", "2017-11-26 13:25:00")


def test_body_keeps_article_and_drops_related_and_comments(seeds_run: Path) -> None:
    bodies = dict(read(seeds_run, "documents").select("source_path", "text").iter_rows())
    duran = bodies["000_0dd4d40f53b33c38.txt"]
    assert duran.startswith("A few weeks ago the CIA released via The Long War Journal")
    assert duran.endswith("owe Gareth Porter and The American Conservative our thanks.")
    assert "Clinton-Yeltsin" not in duran and "Patreon" not in duran
    tac = bodies["001_f369259c4b472e2a.txt"]
    assert "How much does Iran contribute" not in tac
    voa = bodies["003_7242f428431718e7.txt"]
    assert "In this picture released by official website" not in voa


def test_spanish_quote_in_a_comment_is_tagged_spanish(seeds_run: Path) -> None:
    sentences = read(seeds_run, "sentences")
    quote = sentences.filter(pl.col("text").str.contains("que buen vasallo"))
    assert quote["language"].to_list() == ["es"]


def test_manifest_lists_inputs_outputs_config_versions(seeds_run: Path) -> None:
    manifest = json.loads((seeds_run / "results/manifest.json").read_text())
    assert [item["path"] for item in manifest["inputs"]] == sorted(p.name for p in SEEDS.iterdir())
    for item in manifest["inputs"]:
        assert len(item["sha256"]) == 64 and item["size_bytes"] > 0 and item["doc_id"]
    from docpipe.schemas import FINAL_TABLES, STAGE_TABLES

    shards = manifest["shards"]
    assert shards == TEST_SHARDS == manifest["config"]["shards"]
    table_files = [name for name in manifest["outputs"] if name.startswith("tables/")]
    assert len(table_files) == len(FINAL_TABLES) * shards
    corpus_wide = {"templates", "template_sites"}  # one file per run, not per shard
    per_shard = len(FINAL_TABLES) + len(STAGE_TABLES) - len(corpus_wide)
    assert len(manifest["outputs"]) == per_shard * shards + len(corpus_wide)
    assert manifest["config"]["input_dir"] is None
    assert manifest["input_dir"] == str(SEEDS)  # null means the bundled seeds/
    assert manifest["packages"]["snakemake"]


def test_bilingual_page_is_mixed_language(hostile_run: Path) -> None:
    documents = read(hostile_run, "documents")
    languages = read(hostile_run, "languages").join(documents, on="doc_id")
    page = languages.filter(pl.col("source_path") == "sub dir/bilingual.txt").sort("language")
    half = pytest.approx(0.5, abs=0.05)
    assert page.select("language", "share").rows() == [("de", half), ("en", half)]
    flags = dict(documents.select("source_path", "mixed_language").iter_rows())
    assert flags["sub dir/bilingual.txt"] is True
    assert flags["001_f369259c4b472e2a.txt"] is False


def test_same_tables_with_one_or_four_cores(tmp_path: Path, seeds_run: Path) -> None:
    run_workflow(tmp_path, "-c1")
    assert table_bytes(tmp_path) == table_bytes(seeds_run)
    assert (tmp_path / "results/manifest.json").read_bytes() == (
        seeds_run / "results/manifest.json"
    ).read_bytes()


def test_the_fast_profile_builds_valid_tables_with_the_same_zones(
    tmp_path: Path, seeds_run: Path
) -> None:
    """config/fast.yaml changes the sentences (sentencex) and the language tags (py3langid
    alone); the zones, metadata and comments do not read either, so they are the default's."""
    run_workflow(tmp_path, "-c2", "--configfile", str(REPO / "config" / "fast.yaml"))
    assert [c.line() for c in validate_results(tmp_path / "results") if not c.ok] == []
    manifest = json.loads((tmp_path / "results/manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["segment"]["engine"] == "sentencex"
    assert manifest["config"]["language"]["engine"] == "py3langid"
    zones = ["doc_id", "paragraph_index", "start", "end", "zone", "zone_reason"]
    key = ["doc_id", "paragraph_index"]
    assert (
        read(tmp_path, "paragraphs")
        .select(zones)
        .sort(key)
        .equals(read(seeds_run, "paragraphs").select(zones).sort(key))
    )
    metadata = ["doc_id", "title", "author", "published", "site", "text"]
    assert (
        read(tmp_path, "documents")
        .select(metadata)
        .sort("doc_id")
        .equals(read(seeds_run, "documents").select(metadata).sort("doc_id"))
    )
    assert read(tmp_path, "comments").equals(read(seeds_run, "comments"))
    fast, default = read(tmp_path, "sentences"), read(seeds_run, "sentences")
    assert fast.height < default.height  # fewer splits: none inside quotations


def test_adding_a_file_reruns_only_its_shard(tmp_path: Path) -> None:
    corpus, workdir = _seeds_copy_built(tmp_path)
    before = table_bytes(workdir)
    (corpus / "new.txt").write_text("A new page.\n\nIt has one short paragraph of text in it.\n")
    results = tree_state(workdir / "results")
    dry = run_workflow(workdir, "-n", "--quiet", "rules", input_dir=corpus)
    assert tree_state(workdir / "results") == results  # the dry run wrote nothing
    planned = {line.split()[0]: int(line.split()[1]) for line in _job_table(dry.stdout)}
    # Every tables job is planned (each waits for the templates checkpoint) but only those
    # whose inputs changed run.
    assert planned == {"listing": 1, "ingest": 1, "annotate": 1, "templates": 1, "tables": 4,
                       "manifest": 1, "all": 1}  # fmt: skip
    run = run_workflow(workdir, "-c2", input_dir=corpus)
    assert len(_jobs_run(run.stderr, "tables")) == 1
    after = table_bytes(workdir)
    changed = {path.split("/")[1] for path in after if after[path] != before.get(path)}
    assert len(changed) == 1  # one shard's files changed, in every table
    manifest = json.loads((workdir / "results/manifest.json").read_text())
    assert "new.txt" in [item["path"] for item in manifest["inputs"]]


def test_a_dry_run_lint_summary_or_dag_writes_no_file_in_a_fresh_directory(tmp_path: Path) -> None:
    for args in (["-n"], ["--lint"], ["--summary"], ["--dag"], ["-n", "--forceall"]):
        run_workflow(tmp_path, *args)
        written = [p for folder in ("results", "logs") for p in (tmp_path / folder).rglob("*")]
        assert written == [], args
        assert not (tmp_path / "results").exists() and not (tmp_path / "logs").exists(), args


def _jobs_run(stderr: str, rule: str) -> list[str]:
    """The shard wildcard of every `rule` job a (real, not dry) run executed."""
    blocks = stderr.split(f"rule {rule}:")[1:]
    return sorted(re.search(r"wildcards: shard=(\d{4})", block).group(1) for block in blocks)


def _frog_page(story: str, extra: str) -> str:
    menu = ["Home", "Frogs", "Toads", "Newts", "Contact us", "Frog News"]
    article = (
        f"The story of {story} is told here in a paragraph that is long enough to be the "
        "article, with many words about frogs, ponds, rain and the people who count them."
    )
    return "\n\n".join([*menu, extra, f"All about {story}", article, "Frog News (c) 2020"]) + "\n"


def test_site_template_is_mined_and_reruns_only_the_shards_it_changes(tmp_path: Path) -> None:
    from docpipe.io.discover import doc_id_for, shard_for

    def shard(name: str) -> str:
        return f"{shard_for(doc_id_for(name), 4):04d}"

    # frog-c leads the site (smallest doc_id); the four new files fall in four other shards.
    assert doc_id_for("frog-c.txt") < min(doc_id_for("frog-e.txt"), doc_id_for("frog-d.txt"))
    assert [shard(n) for n in ("frog-c.txt", "frog-e.txt", "frog-d.txt", "new.txt")] == [
        "0002", "0001", "0000", "0003"
    ]  # fmt: skip
    corpus, workdir = tmp_path / "corpus", tmp_path / "work"
    shutil.copytree(SEEDS, corpus)
    (corpus / "frog-c.txt").write_text(_frog_page("tree frogs", "Frog of the week: tree frog"))
    (corpus / "frog-e.txt").write_text(_frog_page("glass frogs", "Frog of the week: glass frog"))
    workdir.mkdir()
    run_workflow(workdir, "-c2", input_dir=corpus)
    templates = pl.read_parquet(workdir / "results/templates/templates.parquet")
    assert set(templates["line"]) == {
        "Home", "Frogs", "Toads", "Newts", "Contact us", "Frog News", "Frog News (c) 2020"
    }  # fmt: skip
    assert templates["site"].unique().to_list() == [doc_id_for("frog-c.txt")]
    documents = read(workdir, "documents")
    paragraphs = read(workdir, "paragraphs").join(
        documents.select("doc_id", "source_path"), on="doc_id"
    )
    frog = paragraphs.filter(pl.col("source_path") == "frog-e.txt").sort("paragraph_index")
    assert frog.filter(pl.col("text") == "Home")["zone_reason"].to_list() == ["repeated_in_site"]
    # The article is body; whether the short heading above it is too is the zone model's call.
    body = frog.filter(pl.col("zone") == "body")["text"]
    assert body.str.starts_with("The story").to_list()[-1] is True
    assert not body.is_in(["Home", "Frogs", "Frog News (c) 2020"]).any()
    sites = dict(documents.select("source_path", "template_site").iter_rows())
    assert sites["frog-e.txt"] == doc_id_for("frog-c.txt")
    assert sites["000_0dd4d40f53b33c38.txt"] is None

    # A page of no known site leaves the template's lines as they were, so only its own shard's
    # tables job runs (a dry run still lists every tables job: the checkpoint decides later).
    (corpus / "new.txt").write_text("A new page.\n\nIt has one short paragraph of text in it.\n")
    run = run_workflow(workdir, "-c2", input_dir=corpus)
    assert _jobs_run(run.stderr, "tables") == [shard("new.txt")]

    # A page sharing a line with frog-e only makes that line template: frog-e's shard is
    # re-zoned with the new page's, frog-c's is not.
    (corpus / "frog-d.txt").write_text(_frog_page("reed frogs", "Frog of the week: glass frog"))
    run = run_workflow(workdir, "-c2", input_dir=corpus)
    assert _jobs_run(run.stderr, "tables") == sorted([shard("frog-d.txt"), shard("frog-e.txt")])
    templates = pl.read_parquet(workdir / "results/templates/templates.parquet")
    assert "Frog of the week: glass frog" in set(templates["line"])


def test_auto_shards_change_the_files_not_the_rows(tmp_path: Path) -> None:
    from docpipe.schemas import FINAL_TABLE_NAMES

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for name in ("frog-c.txt", "frog-d.txt", "frog-e.txt"):  # a site in three of four shards
        (corpus / name).write_text(_frog_page(name, f"Frog of the week: {name}"))
    (corpus / "picture.bin").write_bytes(bytes(range(256)) * 4)  # a reject row
    auto = run_workflow(tmp_path / "auto", "-c2", input_dir=corpus, shards=None)
    assert "shards=auto: 1 for 0.1 MB of input (shard_mb 16)" in auto.stderr
    assert sorted(p.name for p in (tmp_path / "auto/results/ingest").iterdir()) == [
        "0000.parquet", "0000.rejects.parquet"
    ]  # fmt: skip
    run_workflow(tmp_path / "four", "-c2", input_dir=corpus)
    for table in FINAL_TABLE_NAMES:
        one, four = read(tmp_path / "auto", table), read(tmp_path / "four", table)
        assert one.height and sorted(map(repr, one.rows())) == sorted(map(repr, four.rows()))
    assert "repeated_in_site" in read(tmp_path / "auto", "paragraphs")["zone_reason"].to_list()
    # Smaller shards: the smallest power of two that keeps them to shard_mb of input on average,
    # built for real: the listing jobs assign the shards the plan did (a rerun has nothing to do).
    # 0.04 MB: two shards for the 0.06 MB of input (0.01 built eight: the same check, 20 more
    # jobs).
    small = ("--config", "shard_mb=0.04")
    run_workflow(tmp_path / "small", "-c2", *small, input_dir=corpus, shards=None)
    assert len(list((tmp_path / "small/results/ingest").glob("*.rejects.parquet"))) == 2
    manifest = json.loads((tmp_path / "small/results/manifest.json").read_text())
    assert (manifest["shards"], manifest["config"]["shards"]) == (2, "auto")
    again = run_workflow(tmp_path / "small", "-n", *small, input_dir=corpus, shards=None)
    assert "Nothing to be done" in again.stdout + again.stderr
    for table in FINAL_TABLE_NAMES:
        two, four = read(tmp_path / "small", table), read(tmp_path / "four", table)
        assert sorted(map(repr, two.rows())) == sorted(map(repr, four.rows()))


def _seeds_copy_built(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the seeds as input_dir, built once in a separate working directory."""
    corpus, workdir = tmp_path / "corpus", tmp_path / "work"
    shutil.copytree(SEEDS, corpus)
    workdir.mkdir()
    run_workflow(workdir, "-c2", input_dir=corpus)
    return corpus, workdir


def _job_table(stdout: str) -> list[str]:
    """Rows of the first 'Job stats' table of a dry run, without its total."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("job ")) + 2
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("total"))
    return lines[start:end]


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_directory_option_keeps_outputs_in_workdir(tmp_path: Path) -> None:
    run_workflow(tmp_path, "-c1", input_dir=SEEDS)
    assert (tmp_path / "results/manifest.json").is_file()
    assert (tmp_path / "logs/ingest/0000.log").is_file()


def test_unknown_config_key_is_a_clear_error(tmp_path: Path) -> None:
    result = run_workflow(tmp_path, "-n", "--config", "shard=3", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "unknown key 'shard' (did you mean 'shards'?)" in output


def test_nested_config_errors_are_all_named_at_once(tmp_path: Path) -> None:
    configfile = tmp_path / "mine.yaml"
    configfile.write_text("ingest:\n  max_byte: 10\nlanguage:\n  min_letters: ten\n")
    result = run_workflow(
        tmp_path, "-n", "--configfile", str(configfile), "--config", "shards=four", check=False
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "unknown key 'ingest.max_byte' (did you mean 'ingest.max_bytes'?)" in output
    assert "language.min_letters = 'ten': 'ten' is not of type 'integer'" in output
    assert "shards = 'four': 'four' does not match '^auto$'" in output
    assert not (tmp_path / "results").exists()  # nothing ran


@pytest.mark.parametrize("damage", ["text", "bytes"])
def test_validate_fails_on_a_corrupted_table(tmp_path: Path, seeds_run: Path, damage: str) -> None:
    results = tmp_path / "results"
    shutil.copytree(seeds_run / "results", results)
    target = next(p for p in sorted((results / "tables/paragraphs").glob("*.parquet"))
                  if pl.read_parquet(p).height)  # fmt: skip
    if damage == "bytes":
        target.write_bytes(target.read_bytes()[:-100])
        expected = ["paragraphs", "invariants"]  # the invariants cannot run without the table
    else:
        frame = pl.read_parquet(target)
        frame = frame.with_columns(pl.col("text").str.to_uppercase())
        frame.write_parquet(target)
        manifest = json.loads((results / "manifest.json").read_text())
        from docpipe.io.sources import sha256_file

        manifest["outputs"][f"tables/paragraphs/{target.name}"] = sha256_file(target)
        (results / "manifest.json").write_text(json.dumps(manifest))
        expected = ["traceability:paragraphs"]
    failed = [check for check in validate_results(results) if not check.ok]
    assert [check.name for check in failed] == expected


def test_every_stage_job_takes_the_code_version_as_a_param() -> None:
    from conftest import REPO

    # Snakemake reruns a job whose params changed; this makes package edits rerun the stages.
    for stage in ("ingest", "annotate", "tables"):
        rules = (REPO / "workflow" / "rules" / f"{stage}.smk").read_text()
        assert "code=CODE_VERSION," in rules, stage


def test_code_version_changes_with_any_package_source(tmp_path: Path, monkeypatch) -> None:
    from docpipe import provenance

    package = tmp_path / "docpipe"
    package.mkdir()
    (package / "zones.py").write_text("RULE = 1\n")
    monkeypatch.setattr(provenance, "_PACKAGES", (package,))
    before = provenance.code_version()
    assert provenance.code_version() == before
    (package / "zones.py").write_text("RULE = 2\n")
    assert provenance.code_version() != before


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_workdir_inside_input_dir_does_not_ingest_its_own_outputs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    workdir = corpus / "run"
    workdir.mkdir()
    run_workflow(workdir, "-c2", input_dir=corpus)
    run_workflow(workdir, "-c2", input_dir=corpus)  # second run sees results/ and logs/ too
    manifest = json.loads((workdir / "results/manifest.json").read_text())
    assert [item["path"] for item in manifest["inputs"]] == sorted(p.name for p in SEEDS.iterdir())


def test_lowering_shards_removes_the_extra_shard_files(tmp_path: Path, seeds_run: Path) -> None:
    shutil.copytree(seeds_run / "results", tmp_path / "results")
    run_workflow(tmp_path, "-c2", "--config", "shards=2")
    assert sorted(p.name for p in (tmp_path / "results/tables/documents").iterdir()) == [
        "0000.parquet",
        "0001.parquet",
    ]
    assert [c.line() for c in validate_results(tmp_path / "results") if not c.ok] == []


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_an_edit_that_keeps_the_mtime_is_still_rebuilt(tmp_path: Path) -> None:
    import hashlib
    import os

    corpus, workdir = _seeds_copy_built(tmp_path)
    page = corpus / "003_7242f428431718e7.txt"
    stat = page.stat()
    page.write_text(page.read_text().replace("CIA", "NSA"))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as cp -p or rsync -a do
    run_workflow(workdir, "-c2", input_dir=corpus)
    documents = read(workdir, "documents")
    sha = dict(documents.select("source_path", "source_sha256").iter_rows())[page.name]
    assert sha == hashlib.sha256(page.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("table", "damage", "failing"),
    [
        ("documents", lambda f: f.filter(pl.col("source_path") != f["source_path"][0]),
         "conservation"),
        ("sentences", lambda f: f.with_columns(pl.col("paragraph_index") + 1000),
         "sentences_in_paragraph"),
        ("documents", lambda f: f.with_columns(pl.col("n_sentences") + 1), "document_counts"),
        ("comments", lambda f: f.with_columns(pl.lit("ffffffffffffffff").alias("doc_id")),
         "keys:comments"),
    ],
)  # fmt: skip
def test_validate_fails_each_invariant(tmp_path, seeds_run, table, damage, failing) -> None:
    from docpipe.io.sources import sha256_file

    results = tmp_path / "results"
    shutil.copytree(seeds_run / "results", results)
    manifest = json.loads((results / "manifest.json").read_text())
    for path in sorted((results / "tables" / table).glob("*.parquet")):
        frame = pl.read_parquet(path)
        if frame.height:
            damage(frame).write_parquet(path)
            manifest["outputs"][f"tables/{table}/{path.name}"] = sha256_file(path)
            break
    (results / "manifest.json").write_text(json.dumps(manifest))
    failed = [check.name for check in validate_results(results) if not check.ok]
    # Damage cascades (a dropped document also orphans its paragraphs); the targeted check must
    # be among the failures, and the tables themselves still match their models.
    assert failing in failed, failed
    assert not set(failed) & {"sources", "documents", "paragraphs", "sentences", "comments"}


def test_validate_reports_a_malformed_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    (check,) = validate_results(tmp_path)
    assert not check.ok and "not valid JSON" in check.detail


def test_rebuild_memoises_unchanged_documents_and_matches_a_fresh_build(tmp_path: Path) -> None:
    from docpipe.io.discover import doc_id_for, shard_for
    from docpipe_tools.corpus import page

    def write(root: Path, index: int, revision: int = 0) -> str:
        item = page(1, index, revision)
        (root / item.relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / item.relpath).write_bytes(item.data)
        return item.relpath

    corpus, workdir, fresh = tmp_path / "corpus", tmp_path / "work", tmp_path / "fresh"
    paths = [write(corpus, index) for index in range(8)]
    shard = {path: shard_for(doc_id_for(path), 2) for path in [*paths, page(1, 8).relpath]}
    # Pages 3, 4, 5 and 7 fall in shard 0, the others (and page 8) in shard 1.
    assert [shard[path] for path in paths] == [1, 1, 1, 0, 0, 0, 1, 0]
    assert shard[page(1, 8).relpath] == 1
    workdir.mkdir()
    run_workflow(workdir, "-c2", "--config", "shards=2", f"input_dir={corpus}")
    views = _template_views(workdir)

    write(corpus, 8)  # added to shard 1
    write(corpus, 3, revision=1)  # edited in shard 0: an update paragraph
    # One flipped bit in a memo file (issue 16, defect 1): its entries are computed again.
    damaged = workdir / "results/memo/decode/0000.json"
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 4
    damaged.write_bytes(bytes(data))
    run_workflow(workdir, "-c2", "--config", "shards=2", f"input_dir={corpus}")
    assert (
        "memo: ignoring results/memo/decode/0000.json (ValueError"
        in (workdir / "logs/ingest/0000.log").read_text()
    )
    assert _memo_counts(workdir, "ingest", "decode") == {"0000": (0, 4), "0001": (4, 1)}
    for stage, function in [("ingest", "paragraphs"), ("annotate", "sentences"),
                            ("annotate", "tags")]:  # fmt: skip
        assert _memo_counts(workdir, stage, function) == {"0000": (3, 1), "0001": (4, 1)}
    # The tables jobs also compute the unchanged pages whose template lines changed: with page
    # 8, lines of page 6 (shard 1) are now on enough pages to be template lines.
    edited = doc_id_for(page(1, 3).relpath)
    changed_views = {
        doc_id
        for doc_id, rows in _template_views(workdir).items()
        if doc_id in views and doc_id != edited and rows != views[doc_id]
    }
    assert changed_views == {doc_id_for(page(1, 6).relpath)}
    assert _memo_counts(workdir, "tables", "page") == {"0000": (3, 1), "0001": (3, 2)}

    fresh.mkdir()
    run_workflow(fresh, "-c2", "--config", "shards=2", f"input_dir={corpus}")
    for stage, function in [("annotate", "tags"), ("tables", "page")]:
        assert _memo_counts(fresh, stage, function) == {"0000": (0, 4), "0001": (0, 5)}, stage
    assert table_bytes(workdir) == table_bytes(fresh)
    # The memo is one file per function and shard, a cache the manifest does not list.
    memo = sorted(p.relative_to(workdir / "results").as_posix()
                  for p in (workdir / "results/memo").rglob("*") if p.is_file())  # fmt: skip
    memos = [f"memo/{function}/{shard}.json" for function in
             ("decode", "page", "paragraphs", "sentences", "tags")
             for shard in ("0000", "0001")]  # fmt: skip
    # And py3langid's model, decompressed for the annotate jobs.
    assert memo == sorted([*memos, cache_path("memo/models").as_posix()])
    manifest = json.loads((workdir / "results/manifest.json").read_text())
    assert not set(memo) & set(manifest["outputs"])
    stage_files = ["ingest/{}.parquet", "paragraphs/{}.parquet", "paragraphs/{}.lines.parquet",
                   "segment/{}.parquet", "tag/{}.languages.parquet"]  # fmt: skip
    for stage_file in [name.format(shard) for name in stage_files for shard in ("0000", "0001")]:
        assert (workdir / "results" / stage_file).read_bytes() == (
            fresh / "results" / stage_file
        ).read_bytes(), stage_file
    assert [c.line() for c in validate_results(workdir / "results") if not c.ok] == []


def _template_views(workdir: Path) -> dict[str, list[tuple[str, str]]]:
    """doc_id -> its (site, line_hash) rows of the shards' template views."""
    view = pl.read_parquet(workdir / "results/templates/views/*.parquet")
    return {
        doc_id: sorted(zip(rows["site"], rows["line_hash"], strict=True))
        for (doc_id,), rows in view.partition_by("doc_id", as_dict=True).items()
    }


def _memo_counts(workdir: Path, stage: str, function: str) -> dict[str, tuple[int, int]]:
    """(hits, computed) of `function`'s memo that each `stage` job's log reports, by shard."""
    counts = {}
    for log in sorted((workdir / "logs" / stage).glob("*.log")):
        found = re.search(rf"memo {function}: (\d+) hits, (\d+) computed", log.read_text())
        assert found, log
        counts[log.stem] = (int(found.group(1)), int(found.group(2)))
    return counts
