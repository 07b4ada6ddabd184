"""Sentence spans inside a paragraph span, from syntok, plus CJK full-stop splitting.

syntok was chosen over pysbd on the seeds' hand-checked gold (benchmarks/segmenters/: 183
boundaries): boundary F1 0.968 vs 0.895, and 4.9x the throughput; pysbd never splits inside
quotations. blingfire scored 0.976 but is a 99 MB x86-64-only binary. syntok does not know the
CJK full stops (。！？), so spans are split after those as well.
"""

from __future__ import annotations

import re

from syntok.segmenter import analyze

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A CJK sentence ends at a full-width terminator, with any closing quotes or brackets after it.
_CJK_END = re.compile(r"[。！？]+[」』）】〕〉》”’\"')]*")


def _syntok_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for paragraph in analyze(text):
        for tokens in paragraph:
            if tokens:
                spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    return spans


def _split_cjk(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    for match in _CJK_END.finditer(text, start, end):
        if match.end() < end:
            pieces.append((start, match.end()))
            start = match.end()
            while start < end and text[start].isspace():
                start += 1
    pieces.append((start, end))
    return pieces


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Absolute (start, end) of every sentence of text[start:end], whitespace trimmed."""
    # A wrapped paragraph's line breaks are spaces to the segmenter; same length, same offsets.
    flat = _LINE_BREAK.sub(lambda m: " " * len(m.group()), text[start:end])
    spans: list[tuple[int, int]] = []
    for s_start, s_end in _syntok_spans(flat):
        spans.extend(_split_cjk(flat, s_start, s_end))
    return [(start + s, start + e) for s, e in spans if s < e]
