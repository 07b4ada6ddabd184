"""Check the workflow's config against its JSON Schema, naming every offending key at once.

Snakemake's own `validate` stops at the first error and prints the schema fragment; this names
each bad key by its dotted path (`language.buckets[1].agree_min`), says what was expected, and
suggests the key that was probably meant. Snakemake's `validate` still runs afterwards, to fill in
the schema's defaults.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import yaml

import docpipe.schemas

SCHEMA_PATH = Path(docpipe.schemas.__file__).parent / "config.schema.yaml"


class ConfigError(ValueError):
    """The config does not match schemas/config.schema.yaml."""


def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def dotted(path: Sequence[str | int]) -> str:
    """language.buckets[1].agree_min"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def config_problems(config: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """One line per problem, in key order; empty when the config is valid."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(
        validator.iter_errors(config), key=lambda e: (dotted(e.absolute_path), e.message)
    )
    # jsonschema reports each missing required key separately; _describe names them all at once.
    return list(dict.fromkeys(line for error in errors for line in _describe(error)))


def _describe(error: jsonschema.ValidationError) -> list[str]:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = sorted(error.schema.get("properties", {}))
        lines = []
        for name in sorted(set(error.instance) - set(allowed), key=str):
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f" (did you mean {dotted([*path, close[0]])!r}?)" if close else ""
            lines.append(
                f"unknown key {dotted([*path, name])!r}{hint}; allowed here: {', '.join(allowed)}"
            )
        return lines
    key = dotted(path) or "the config"
    if error.validator == "required":
        # Snakemake's validate fills in a missing key that has a default; only the rest are errors.
        properties = error.schema.get("properties", {})
        missing = [
            name
            for name in error.validator_value
            if name not in error.instance and "default" not in properties.get(name, {})
        ]
        return [f"{key}: required key {dotted([*path, name])!r} is missing" for name in missing]
    meaning = error.schema.get("description") if isinstance(error.schema, Mapping) else None
    expected = f" ({meaning})" if meaning else ""
    return [f"{key} = {error.instance!r}: {error.message}{expected}"]


def without_required(schema: Any) -> Any:
    """The schema with every `required` removed: what one file merged over others must match."""
    if isinstance(schema, Mapping):
        return {key: without_required(value) for key, value in schema.items() if key != "required"}
    if isinstance(schema, list):
        return [without_required(value) for value in schema]
    return schema


def override_problems(path: str | Path, schema: Mapping[str, Any]) -> list[str]:
    """The problems of one --configfile on its own. Snakemake merges a mapping into what it
    overrides key by key, so an empty one (`language: {buckets: {}}`) changes nothing and the
    merged config looks valid: each file's own values must have the schema's types."""
    with open(path, encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if loaded is None:
        return []
    if not isinstance(loaded, Mapping):
        return [f"{path}: a config file must be a mapping of keys, not {type(loaded).__name__}"]
    return [f"{path}: {problem}" for problem in config_problems(loaded, without_required(schema))]


def merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`override` merged over `base` as Snakemake merges a --configfile over the config
    (snakemake.utils.update_config): mappings key by key, anything else (a list too) whole."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping):
            below = result.get(key)
            result[key] = merged(below if isinstance(below, Mapping) else {}, value)
        else:
            result[key] = value
    return result


def load_config(paths: Sequence[str | Path]) -> dict[str, Any]:
    """The config of these YAML files, each merged over the ones before it: what the workflow
    reads from config/config.yaml and its --configfile files (without --config and defaults)."""
    config: dict[str, Any] = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            config = merged(config, yaml.safe_load(handle) or {})
    return config


def check_config(
    config: Mapping[str, Any],
    schema_path: Path = SCHEMA_PATH,
    overrides: Sequence[str | Path] = (),
) -> None:
    """Raise ConfigError listing every problem of the merged config and of each file in
    `overrides` (the --configfile files); do nothing for a valid config."""
    schema = load_schema(schema_path)
    problems = [line for path in overrides for line in override_problems(path, schema)]
    problems += config_problems(config, schema)
    if problems:
        raise ConfigError(
            "invalid config (config/config.yaml merged with --configfile and --config):\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
