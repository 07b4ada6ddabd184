"""Unit tests of docpipe.config: every bad key named, with what was expected."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from conftest import REPO

from docpipe.config import (
    ConfigError,
    check_config,
    config_problems,
    dotted,
    load_config,
    load_schema,
    merged,
)

SCHEMA = load_schema()


def _config() -> dict[str, Any]:
    return yaml.safe_load((REPO / "config" / "config.yaml").read_text(encoding="utf-8"))


def _objects(schema: Any, where: str = "config"):
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            yield where, schema
        for key, value in schema.items():
            yield from _objects(value, f"{where}.{key}")
    elif isinstance(schema, list):
        for value in schema:
            yield from _objects(value, where)


def test_the_bundled_config_is_valid():
    assert config_problems(_config(), SCHEMA) == []
    check_config(_config())


def test_every_object_in_the_schema_forbids_unknown_keys():
    objects = dict(_objects(SCHEMA))
    assert len(objects) >= 5  # the config, ingest, segment, language, a bucket
    assert {where: schema.get("additionalProperties") for where, schema in objects.items()} == {
        where: False for where in objects
    }


def test_every_key_of_the_schema_is_described():
    for where, schema in _objects(SCHEMA):
        for name, prop in schema.get("properties", {}).items():
            if prop.get("type") != "object":
                assert prop.get("description"), f"{where}.{name}"


def test_unknown_keys_are_named_with_the_key_probably_meant():
    config = _config()
    config["shard"] = 3
    config["ingest"]["max_byte"] = 5
    assert config_problems(config, SCHEMA) == [
        "unknown key 'shard' (did you mean 'shards'?); allowed here: allow_shrink, ingest, "
        "input_dir, language, max_lost_share, reuse, segment, shard_mb, shards, templates",
        "unknown key 'ingest.max_byte' (did you mean 'ingest.max_bytes'?); allowed here: "
        "max_bytes, max_lines",
    ]


def test_wrong_types_name_the_key_the_value_and_its_meaning():
    config = _config()
    config["shards"] = "four"
    config["language"]["min_letters"] = "ten"
    config["language"]["buckets"][1]["agree_min"] = 2
    problems = config_problems(config, SCHEMA)
    assert problems == [
        "language.buckets[1].agree_min = 2: 2 is greater than the maximum of 1 (py3langid "
        "probability needed when the engines agree.)",
        "language.min_letters = 'ten': 'ten' is not of type 'integer' (Texts with fewer letters "
        "get a null language (too_short).)",
        "shards = 'four': 'four' does not match '^auto$' (Number of shards documents are hashed "
        'into; one job per stage per shard. "auto": the smallest power of two that keeps '
        "shards to at most shard_mb megabytes of input on average (up to 512). At most 1000, "
        "because planning grows faster than the shard count (a dry run on the 3 seeds: 7 s at "
        "100 shards, 70 s and 370 MB at 1,000; 100,000 ran 5 minutes past 3.1 GB).)",
    ]


@pytest.mark.parametrize(("shards", "problem"), [
    ("auto", None), (1, None), (2.5, "2.5 is not of type 'integer', 'string'"),
    (True, "True is not of type 'integer', 'string'"), ("Auto", "'Auto' does not match '^auto$'"),
    ("auto\n", "'auto\\n' is too long"),
])  # fmt: skip
def test_shards_is_a_count_or_auto(shards, problem):
    config = _config()
    config["shards"] = shards
    problems = config_problems(config, SCHEMA)
    assert (
        problems == []
        if problem is None
        else problems[0].startswith(f"shards = {shards!r}: {problem}")
    )


def test_shard_mb_is_a_positive_number():
    config = _config()
    config["shard_mb"] = 0.5
    assert config_problems(config, SCHEMA) == []
    config["shard_mb"] = 0
    (problem,) = config_problems(config, SCHEMA)
    assert problem.startswith("shard_mb = 0: 0 is less than or equal to the minimum of 0")
    config["shard_mb"] = float("inf")  # YAML's .inf: int() of it would raise at load
    (problem,) = config_problems(config, SCHEMA)
    assert problem.startswith("shard_mb = inf: inf is greater than the maximum of 1000000")


def test_more_shards_than_can_be_planned_is_an_error_with_the_reason():
    config = _config()
    config["shards"] = 1000
    assert config_problems(config, SCHEMA) == []
    config["shards"] = 1001
    (problem,) = config_problems(config, SCHEMA)
    assert problem.startswith("shards = 1001: 1001 is greater than the maximum of 1000")
    assert "planning grows faster than the shard count" in problem


def test_an_empty_mapping_in_a_config_file_is_an_error_not_merged_as_nothing(tmp_path):
    # Snakemake merges {} over the bundled buckets as no change at all.
    override = tmp_path / "mine.yaml"
    override.write_text("language:\n  buckets: {}\n")
    with pytest.raises(ConfigError) as caught:
        check_config(_config(), overrides=[override])
    assert f"  - {override}: language.buckets = {{}}: {{}} is not of type 'array'" in str(
        caught.value
    )
    partial = tmp_path / "partial.yaml"
    partial.write_text("language:\n  min_letters: 5\n")  # a file need not hold every key
    check_config(_config(), overrides=[partial])
    override.write_text("- a list\n")
    with pytest.raises(ConfigError, match="must be a mapping of keys, not list"):
        check_config(_config(), overrides=[override])


def test_a_missing_key_with_a_default_is_left_to_snakemake_the_rest_are_errors():
    config = _config()
    del config["segment"]  # has a default: Snakemake's validate fills it in
    del config["language"]["engine"]  # so has this
    del config["language"]["buckets"]
    assert config_problems(config, SCHEMA) == [
        "language: required key 'language.buckets' is missing"
    ]


def test_check_config_raises_one_error_listing_every_problem():
    config = copy.deepcopy(_config())
    config["shards"] = 0
    config["segmnt"] = {}
    with pytest.raises(ConfigError) as caught:
        check_config(config)
    message = str(caught.value)
    assert message.splitlines()[0].startswith("invalid config")
    assert "  - shards = 0: 0 is less than the minimum of 1" in message
    assert "  - unknown key 'segmnt' (did you mean 'segment'?)" in message


def test_dotted_paths():
    assert dotted([]) == ""
    assert dotted(["language", "buckets", 1, "agree_min"]) == "language.buckets[1].agree_min"


def test_a_profile_merges_as_snakemake_merges_a_configfile():
    from snakemake.utils import update_config

    base = {"shards": 4, "language": {"engine": "ensemble", "buckets": [1, 2], "max_chars": 9}}
    override = {"language": {"engine": "py3langid", "buckets": [3]}, "reuse": False}
    expected = copy.deepcopy(base)
    update_config(expected, override)
    assert merged(base, override) == expected == {
        "shards": 4, "reuse": False,
        "language": {"engine": "py3langid", "buckets": [3], "max_chars": 9},
    }  # fmt: skip
    assert base["language"]["engine"] == "ensemble"  # not changed in place


def test_the_fast_profile_is_the_default_config_with_py3langid_alone_and_sentencex():
    fast = REPO / "config" / "fast.yaml"
    check_config(load_config([REPO / "config" / "config.yaml", fast]), overrides=[fast])
    config = load_config([REPO / "config" / "config.yaml", fast])
    default = _config()
    assert config["language"].pop("engine") == "py3langid"
    assert config["segment"].pop("engine") == "sentencex"
    assert default["segment"].pop("engine") == "syntok"
    default["language"].pop("engine")
    # Only single_min differs in the buckets (lower: py3langid answers alone).
    assert [b.pop("single_min") for b in config["language"]["buckets"]] == [0.5, 0.6, 0.7]
    for bucket in default["language"]["buckets"]:
        bucket.pop("single_min")
    assert config == default


def test_the_schemas_engine_lists_are_the_codes():
    from docpipe.text.language import ENGINES
    from docpipe.text.language_engines import LANGDETECT_IMPLEMENTATIONS
    from docpipe.text.sentences import SEGMENTERS

    properties = SCHEMA["properties"]
    assert tuple(properties["segment"]["properties"]["engine"]["enum"]) == SEGMENTERS
    assert properties["segment"]["properties"]["engine"]["default"] == SEGMENTERS[0]
    language = properties["language"]["properties"]
    assert tuple(language["engine"]["enum"]) == ENGINES
    assert tuple(language["langdetect"]["enum"]) == LANGDETECT_IMPLEMENTATIONS
