"""docpipe bench: its parsers and target checks, and one whole run at a tiny size."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import SNAKEFILE

from docpipe_tools import bench as benchmark
from docpipe_tools import corpus
from docpipe_tools.cli import BENCH_MARKERS
from docpipe_tools.reference import replace_section

JOB_STATS = """\
Building DAG of jobs...
Job stats:
job         count
--------  -------
ingest          1
tag             1
manifest        1
all             1
total           4

Select jobs to execute...
"""


def test_shards_grow_with_n_above_a_floor() -> None:
    assert benchmark.shards_for(1_000, 1_000, 4) == 4
    assert benchmark.shards_for(10_000, 1_000, 4) == 10
    assert benchmark.shards_for(10_001, 1_000, 4) == 11
    assert benchmark.shards_for(100_000, 500, 4) == 200


def test_job_stats_are_parsed_and_nothing_to_do_is_empty() -> None:
    assert benchmark.parse_job_stats(JOB_STATS) == {"ingest": 1, "tag": 1, "manifest": 1,
                                                    "all": 1}  # fmt: skip
    assert benchmark.parse_job_stats("Nothing to be done (all requested files are present)") == {}


def test_stage_times_and_job_resources_sum_per_rule(tmp_path: Path) -> None:
    header = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
    for rule, shard, seconds in [("tag", "0000", 2.5), ("tag", "0001", 1.5), ("ingest", "0000", 1)]:
        path = tmp_path / "results" / "benchmarks" / rule / f"{shard}.tsv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{header}{seconds}\t0:00:02\t100\t1\t1\t1\t0\t0\t50\t1\n")
    (tmp_path / "results" / "benchmarks" / "manifest.tsv").write_text(f"{header}0.5\tx" + "\t1" * 8)
    assert benchmark.stage_times(tmp_path / "results") == {
        "ingest": {"jobs": 1, "wall_s": 1.0, "max_wall_s": 1.0},
        "manifest": {"jobs": 1, "wall_s": 0.5, "max_wall_s": 0.5},
        "tag": {"jobs": 2, "wall_s": 4.0, "max_wall_s": 2.5},
    }
    logs = tmp_path / "logs"
    (logs / "tag").mkdir(parents=True)
    # The line docpipe.logs writes when a job exits.
    (logs / "tag" / "0000.log").write_text(
        "INFO docpipe: working\nINFO docpipe: resources: peak_rss_mib=300.0 cpu_s=2.0\n"
    )
    (logs / "tag" / "0001.log").write_text(
        "INFO docpipe: resources: peak_rss_mib=350.5 cpu_s=1.5\n"
    )
    (logs / "tag" / "0002.log").write_text("INFO docpipe: killed before the line\n")
    (logs / "manifest.log").write_text("INFO docpipe: resources: peak_rss_mib=90.0 cpu_s=0.2\n")
    assert benchmark.job_resources(logs) == {
        "manifest": {"jobs": 1, "cpu_s": 0.2, "peak_rss_mib": 90.0},
        "tag": {"jobs": 2, "cpu_s": 3.5, "peak_rss_mib": 350.5},
    }
    assert benchmark.jobs_ran(logs) == {"manifest": 1, "tag": 3}
    # After a rebuild: the logs written since it started are the jobs that ran.
    before, after = 10**18, 10**18 + 10**9
    for log in logs.rglob("*.log"):
        os.utime(log, ns=(before, before))
    for log in (logs / "tag" / "0001.log", logs / "manifest.log"):
        os.utime(log, ns=(after, after))
    assert benchmark.jobs_ran(logs, after) == {"manifest": 1, "tag": 1}


def _figures(**values) -> dict:
    return {"s_per_doc_c1": 0.05, "largest_job_rss_mib": 400.0, "largest_shard_job_rss_mib": 400.0,
            "docs_per_shard": 1000, "shard_target": 1000, **values}  # fmt: skip


@pytest.mark.parametrize(
    ("ten", "status"),
    [({"overhead": 1.15}, "PASS"), ({"overhead": 1.16}, "FAIL"), ({}, "NOT MEASURED")],
)
def test_overhead_target_boundary(ten: dict, status: str) -> None:
    checks = benchmark.targets({1_000: _figures(), 10_000: _figures(**ten)})
    assert checks[0].name.startswith("overhead") and checks[0].status == status


def test_targets_use_the_right_sizes() -> None:
    by_n = {
        # smaller shards: left out of the comparison across N
        1_000: _figures(largest_shard_job_rss_mib=300.0, docs_per_shard=250),
        10_000: _figures(speedup=1.85, add_share=0.04, edit_share=0.06, s_per_doc_c1=0.05),
        # the templates job's 900 MiB counts for the largest job, not for the spread across N
        100_000: _figures(
            s_per_doc_c1=0.0549,
            dry_run_s=14.0,
            largest_job_rss_mib=900.0,
            largest_shard_job_rss_mib=520.0,
        ),
    }
    status = {check.name.split(":")[0]: check.status for check in benchmark.targets(by_n)}
    assert status == {
        "overhead": "NOT MEASURED",
        "parallelism": "PASS",
        "linear": "PASS",
        "snakemake -n on 100,000 files": "PASS",
        "largest job's peak RSS": "PASS",
        "shard jobs' peak RSS independent of N": "FAIL",  # 520 / 400 = 1.3
        "incremental": "FAIL",  # the edit took 6%
    }


@pytest.mark.parametrize(
    ("large", "value", "status"),
    [
        # built at -c2 only (the scale-only 100,000): compared with the 10,000's -c2 build
        ({"s_per_doc_c2": 0.0299}, "1.087 (-c2)", "PASS"),
        ({"s_per_doc_c2": 0.0331}, "1.204 (-c2)", "FAIL"),
        # -c1 first where both sizes have it
        ({"s_per_doc_c1": 0.0549, "s_per_doc_c2": 0.0331}, "1.098 (-c1)", "PASS"),
        ({}, "not measured", "NOT MEASURED"),
    ],
)
def test_linear_scaling_compares_the_cores_both_sizes_were_built_with(large, value, status):
    ten = _figures(s_per_doc_c1=0.05, s_per_doc_c2=0.0275)
    large_figures = {key: v for key, v in _figures().items() if key != "s_per_doc_c1"} | large
    linear = next(c for c in benchmark.targets({10_000: ten, 100_000: large_figures})
                  if c.name.startswith("linear"))  # fmt: skip
    assert (linear.value, linear.status) == (value, status)


# Slow (20-70 s): kept out of the default run to hold it under 10 minutes; `-m slow`.
@pytest.mark.slow
def test_a_whole_tiny_run_resumes_and_restores_its_corpus(tmp_path: Path) -> None:
    settings = benchmark.Settings(workdir=tmp_path / "bench", snakefile=SNAKEFILE, min_shards=1,
                                  cores=(1,))  # fmt: skip
    result = benchmark.run_bench(
        settings, sizes=[5], dry_sizes=[8], scale_sizes=[6], say=lambda line: None
    )
    small, scale_only, dry_only = result["figures"]
    assert (small["n"], small["shards"], scale_only["n"], dry_only["n"]) == (5, 1, 6, 8)
    # One build at the most cores, and what it measures: no bare loop, no rebuild.
    assert scale_only["c1_s"] > 0 and scale_only["s_per_doc_c1"] > 0
    assert scale_only["largest_shard_job_rss_mib"] > 50 and scale_only["dry_run_s"] > 0
    assert not {"bare_s", "add_s", "stages"} & set(scale_only)
    assert sorted(p.name for p in (tmp_path / "bench" / "n6" / "steps").iterdir()) == [
        "build-c1-0.json",
        "corpus.json",
        "dry-run-0.json",
        "settings.json",
    ]
    rules = ("ingest", "annotate", "templates", "tables", "manifest")
    one_shard = dict.fromkeys(("listing", *rules), 1)
    # A changed page reruns its shard (from its listing), the template and the manifest.
    assert small["add_jobs"] == one_shard and small["edit_jobs"] == one_shard
    assert small["c1_s"] > 0 and small["bare_s"] > 0 and small["largest_job_rss_mib"] > 50
    assert set(small["stages"]) == set(rules)
    assert "c1_s" not in dry_only and dry_only["dry_run_s"] > 0
    # The corpus is pages 0..4 again after the added and edited pages.
    corpus.make_corpus(tmp_path / "expected", 5, settings.seed)
    files = sorted((tmp_path / "bench" / "n5" / "corpus").rglob("*.txt"))
    expected = sorted((tmp_path / "expected").rglob("*.txt"))
    assert [p.read_bytes() for p in files] == [p.read_bytes() for p in expected]
    # A second run reuses every stored measurement instead of measuring again.
    steps = tmp_path / "bench" / "n5" / "steps"
    stamps = {path.name: path.stat().st_mtime_ns for path in steps.iterdir()}
    again = benchmark.run_bench(
        settings, sizes=[5], dry_sizes=[8], scale_sizes=[6], say=lambda line: None
    )
    assert {path.name: path.stat().st_mtime_ns for path in steps.iterdir()} == stamps
    assert again["figures"] == result["figures"]
    # Other settings in the same working directory: refused, not mixed with the stored figures.
    other = benchmark.Settings(workdir=tmp_path / "bench", snakefile=SNAKEFILE, min_shards=2)
    with pytest.raises(SystemExit, match="--fresh"):
        benchmark.run_bench(other, sizes=[5], dry_sizes=[], say=lambda line: None)
    json_path, md_path = benchmark.write_results(result, tmp_path / "out")
    assert json.loads(json_path.read_text())["figures"][0]["n"] == 5
    table = md_path.read_text()
    assert "| 5 | 1 |" in table and "NOT MEASURED" in table
    readme = f"# Perf\n{BENCH_MARKERS[0]}\nold\n{BENCH_MARKERS[1]}\n"
    assert "| 5 | 1 |" in replace_section(readme, table, *BENCH_MARKERS)


def test_a_profile_is_given_to_every_build_and_kept_apart(tmp_path: Path) -> None:
    fast = SNAKEFILE.parent / "config" / "fast.yaml"
    plain = benchmark.SizeRun(
        benchmark.Settings(workdir=tmp_path, snakefile=SNAKEFILE), 10, lambda line: None
    )
    profiled = benchmark.SizeRun(
        benchmark.Settings(workdir=tmp_path, snakefile=SNAKEFILE, profiles=(fast,)),
        10,
        lambda line: None,
    )
    assert "--configfile" not in plain.snakemake("-c1")
    command = profiled.snakemake("-c1")
    assert command[command.index("--configfile") + 1] == str(fast)
    # Measurements taken without the profile are not reused with it.
    plain.check_settings()
    with pytest.raises(SystemExit, match="--fresh"):
        profiled.check_settings()
