"""The README's table reference, generated from the pandera models' descriptions."""

from __future__ import annotations

from docpipe.schemas import FINAL_TABLES

from docpipe.io.parquet import arrow_schema, sort_keys

README_MARKERS = ("<!-- table-reference:start -->", "<!-- table-reference:end -->")


def render_reference() -> str:
    parts: list[str] = []
    for table, model in FINAL_TABLES.items():
        schema = model.to_schema()
        keys = ", ".join(sort_keys(model))
        parts.append(
            f"#### `{table}`\n\n{(model.__doc__ or '').strip()} Key and row order: ({keys}).\n"
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
