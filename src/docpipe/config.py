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


def check_config(config: Mapping[str, Any], schema_path: Path = SCHEMA_PATH) -> None:
    """Raise ConfigError listing every problem; do nothing for a valid config."""
    problems = config_problems(config, load_schema(schema_path))
    if problems:
        raise ConfigError(
            "invalid config (config/config.yaml merged with --configfile and --config):\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
