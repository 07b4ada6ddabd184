"""The table reference in docs/tables.md, generated from the pandera models' descriptions."""

from __future__ import annotations

from pathlib import Path

from docpipe.schemas import FINAL_TABLES

from docpipe.io.parquet import arrow_schema, sort_keys

# The generated part of the reference file lies between these; the prose around it is written.
MARKERS = ("<!-- table-reference:start -->", "<!-- table-reference:end -->")
REFERENCE_FILE = "docs/tables.md"


def render_reference() -> str:
    parts: list[str] = []
    for table, model in FINAL_TABLES.items():
        schema = model.to_schema()
        keys = ", ".join(sort_keys(model))
        parts.append(
            f"### `{table}`\n\n{(model.__doc__ or '').strip()} Key and row order: ({keys}).\n"
        )
        parts.append("| column | type | nullable | meaning |\n|---|---|---|---|")
        for field in arrow_schema(model):
            column = schema.columns[field.name]
            parts.append(
                f"| `{field.name}` | {field.type} | {'yes' if field.nullable else 'no'} "
                f"| {column.description} |"
            )
        parts.append("")
    return "\n".join(parts)


def replace_section(text: str, body: str, start: str, end: str) -> str:
    """text with everything between the start and end markers replaced by body."""
    if start not in text or end not in text:
        raise ValueError(f"markers {start!r} and {end!r} not found")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def refresh_reference(path: Path, check: bool) -> tuple[bool, str]:
    """Bring the reference in `path` up to date (check: only compare). Returns whether it was
    current, and a line saying so."""
    current = path.read_text(encoding="utf-8")
    updated = replace_section(current, render_reference(), *MARKERS)
    if updated == current:
        return True, f"{path}: table reference is current"
    if check:
        return False, f"{path}: table reference is stale; run `docpipe reference {path}`"
    path.write_text(updated, encoding="utf-8")
    return False, f"{path}: table reference rewritten from the models in schemas/"
