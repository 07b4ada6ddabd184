"""Sentence spans inside a paragraph span, from syntok (or sentencex), plus CJK full-stop splitting.

syntok was chosen over pysbd on the seeds' hand-checked gold (benchmarks/segmenters/: 183
boundaries): boundary F1 0.968 vs 0.895, and 4.9x the throughput; pysbd never splits inside
quotations. blingfire scored 0.976 but is a 99 MB x86-64-only binary. syntok does not know the
CJK full stops (。！？), so spans are split after those as well.

syntok holds about 25 bytes per character of its input, so a paragraph longer than `max_chars`
(a page saved without line breaks, a 10 MB base64 blob) is segmented in windows of at most that
many characters, cut after the window's last sentence end, else its last whitespace, else hard.
Time and memory stay linear, spans stay exact, and no sentence crosses a window's edge.

The fast profile (config/fast.yaml) uses sentencex instead (`segment.engine`): a Rust
segmenter, 24x syntok's speed on the 13,548 paragraphs of the 333 extract-train and
extract-dev pages that syntok's shortcut below does not cover (0.06 against 1.46 s CPU), with
exact character offsets, but it does not split inside quotations: on the seeds' gold boundary
recall 0.852 against 0.984 (precision 0.957 and 0.952; benchmarks/segmenters/compare.py). It is
given every text as English: the segment step runs before the language is known.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sentencex import get_sentence_boundaries
from syntok.segmenter import analyze

logger = logging.getLogger(__name__)

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A CJK sentence ends at a full-width terminator, with any closing quotes or brackets after it.
_CJK_END = re.compile(r"[。！？]+[」』）】〕〉》”’\"')]*")
# Greedy, so they match up to the last cut point in the window (or not at all).
_LAST_SENTENCE_END = re.compile(r".*[.!?。！？][\"'”’»)\]]*\s", re.DOTALL)
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
# A window syntok would return whole: words, spaces and punctuation that is neither one of
# syntok's terminals (. ! ? ; and their CJK and compatibility forms) nor an opening bracket (its
# two ways to end a sentence), with terminals and closing quotes only at its very end, and no
# space at the end (syntok keeps trailing spaces in its span). Its sentence is the window,
# leading spaces trimmed: syntok's tokens cover every other character. Menu lines, headlines,
# bylines and captions are most of a page's paragraphs and took 43% of syntok's time on the 333
# extract-train and extract-dev pages; tests/test_unit_segment.py checks the shortcut against
# syntok on random strings of these characters and on the seeds.
# Possessive runs (*+): its quotes and spaces are in two classes each, and a window that is not
# whole (a run of quotes or spaces, then a bracket) would try every split of the run between
# them (quadratic in the run).
_WHOLE = re.compile(r" *+[\w ,:'\"’“”«»\-–—/&|+%#@*]*+[.!?]*[\"'”’»]*(?<=[^ ])")
# Characters syntok is given at once. Real paragraphs are far shorter: the longest of the seeds'
# and the 59 extract-dev pages' paragraphs has 973 characters.
DEFAULT_MAX_CHARS = 100_000


# The engines `segment.engine` may name (the first is the default).
SEGMENTERS = ("syntok", "sentencex")


@dataclass(frozen=True)
class SegmentSettings:
    """The `segment` config: the engine and the window size."""

    engine: str = SEGMENTERS[0]
    max_chars: int = DEFAULT_MAX_CHARS

    def __post_init__(self) -> None:
        if self.engine not in SEGMENTERS:
            raise ValueError(f"segment.engine {self.engine!r} is not one of {SEGMENTERS}")

    @staticmethod
    def from_config(segment: Mapping[str, Any]) -> SegmentSettings:
        # engine may be absent: the bare loop and the profiles read the YAML files without the
        # schema's defaults, which Snakemake's validate fills in for the workflow.
        return SegmentSettings(segment.get("engine", SEGMENTERS[0]), int(segment["max_chars"]))


def _syntok_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for paragraph in analyze(text):
        for tokens in paragraph:
            if tokens:
                spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    return spans


def _sentencex_spans(text: str) -> list[tuple[int, int]]:
    """sentencex's sentences of the text; syntok's where sentencex fails on it: sentencex 1.0.32
    panics on a one-letter word, a space of more than one byte and a full stop ("Vitamin
    C\u00a0."), and a panic would stop the job on every rerun."""
    try:
        boundaries = get_sentence_boundaries("en", text)
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        if type(error).__name__ != "PanicException":
            raise  # Ctrl-C, an exit, or sentencex's own error: not a panic to work around
        logger.warning(
            "sentencex failed on a window of %d characters (%s: %s); syntok segmented it",
            len(text), type(error).__name__, str(error).splitlines()[0] if str(error) else "",
        )  # fmt: skip
        return _syntok_spans(text)
    spans = []
    for boundary in boundaries:
        start, end = boundary["start_index"], boundary["end_index"]
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        spans.append((start, end))
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


def windows(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """text[start:end] cut into consecutive spans of at most max_chars characters."""
    spans = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = _LAST_SENTENCE_END.match(text, start, limit) or _LAST_SPACE.match(text, start, limit)
        stop = cut.end() if cut else limit
        spans.append((start, stop))
        start = stop
    spans.append((start, end))
    return spans


def sentence_spans(
    text: str,
    start: int,
    end: int,
    max_chars: int = DEFAULT_MAX_CHARS,
    engine: str = SEGMENTERS[0],
) -> list[tuple[int, int]]:
    """Absolute (start, end) of every sentence of text[start:end], whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for w_start, w_end in windows(text, start, end, max_chars):
        spans.extend(_window_spans(text, w_start, w_end, engine))
    return spans


def _window_spans(text: str, start: int, end: int, engine: str) -> list[tuple[int, int]]:
    # A wrapped paragraph's line breaks are spaces to the segmenter; same length, same offsets.
    flat = _LINE_BREAK.sub(lambda m: " " * len(m.group()), text[start:end])
    if engine == "sentencex":
        found = _sentencex_spans(flat)
    elif _WHOLE.fullmatch(flat):
        return [(start + len(flat) - len(flat.lstrip(" ")), end)]
    else:
        found = _syntok_spans(flat)
    spans: list[tuple[int, int]] = []
    for s_start, s_end in found:
        spans.extend(_split_cjk(flat, s_start, s_end))
    return [(start + s, start + e) for s, e in spans if s < e]
