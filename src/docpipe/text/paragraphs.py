"""Split a source text into paragraphs, as character spans; nothing is copied or dropped."""

from __future__ import annotations

import re

# Every line break Python's str.splitlines knows, with CRLF first so it counts as one break.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

# A block of lines is prose hard-wrapped at a fixed width (one paragraph) when it has several lines,
# the longest between these widths (editors and mail wrap at 60-80 columns), and every line but the
# last fills most of that width. Page dumps put one
# element per line instead (a menu, a comment's lines); those lines become paragraphs of their own.
_WRAP_MIN_WIDTH = 40
_WRAP_MAX_WIDTH = 100
_WRAP_MIN_FILL = 0.7


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, line breaks excluded."""
    spans = []
    position = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    if len(lines) < 2:
        return False
    lengths = [end - start for start, end in lines]
    width = max(lengths)
    if not _WRAP_MIN_WIDTH <= width <= _WRAP_MAX_WIDTH:
        return False
    return all(length >= _WRAP_MIN_FILL * width for length in lengths[:-1])


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans in order: blank-line blocks, split into lines unless wrapped prose.

    Spans exclude surrounding whitespace, so text[start:end] is the paragraph as printed.
    """
    spans: list[tuple[int, int]] = []
    block: list[tuple[int, int]] = []
    for start, end in [*_lines(text), (len(text), len(text))]:
        stripped = _strip_span(text, start, end)
        if stripped[0] < stripped[1]:
            block.append(stripped)
            continue
        if block and _is_hard_wrapped(text, block):
            spans.append((block[0][0], block[-1][1]))
        else:
            spans.extend(block)
        block = []
    return spans
