"""Compare sentence segmenters against the hand-checked gold of the seed documents.

Run from the repo root: python benchmarks/segmenters/compare.py
Reads tests/data/seed_sentences.gold.jsonl and the seeds from seeds/ (else ../shared/seeds/).
A boundary is the end offset of a non-final sentence of a paragraph; spans are stripped of
surrounding whitespace before scoring. Throughput is the median of REPEATS passes over all gold
paragraphs, one call per paragraph, and includes turning the library output into spans.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "seed_sentences.gold.jsonl"
REPEATS = 5
CONTEXT = 30  # characters shown either side of a wrong boundary

Raw = list[tuple[int, int, str]]  # (start, end, text the library returned), paragraph-relative
Segmenter = Callable[[str], Raw]


@dataclass(frozen=True)
class Paragraph:
    file: str
    start: int
    text: str
    gold: list[tuple[int, int]]  # absolute, stripped


def seeds_dir() -> Path:
    local = ROOT / "seeds"
    return local if local.is_dir() else ROOT.parent / "shared" / "seeds"


def load_gold() -> list[Paragraph]:
    texts: dict[str, str] = {}
    paragraphs: list[Paragraph] = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["file"] not in texts:
            texts[rec["file"]] = (seeds_dir() / rec["file"]).read_bytes().decode("utf-8")
        text = texts[rec["file"]][rec["start"] : rec["end"]]
        gold = [(s, e) for s, e in rec["sentences"]]
        paragraphs.append(Paragraph(rec["file"], rec["start"], text, gold))
    return paragraphs


def make_pysbd() -> Segmenter:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda text: [(s.start, s.end, s.sent) for s in seg.segment(text)]


def make_syntok() -> Segmenter:
    from syntok.segmenter import analyze

    def segment(text: str) -> Raw:
        out: Raw = []
        for paragraph in analyze(text):
            for tokens in paragraph:
                first, last = tokens[0], tokens[-1]
                joined = first.value + "".join(t.spacing + t.value for t in tokens[1:])
                out.append((first.offset, last.offset + len(last.value), joined))
        return out

    return segment


def make_blingfire() -> Segmenter:
    import blingfire

    def segment(text: str) -> Raw:
        joined, offsets = blingfire.text_to_sentences_and_offsets(text)
        return [(s, e, sent) for (s, e), sent in zip(offsets, joined.split("\n"), strict=True)]

    return segment


def make_sentencex() -> Segmenter:
    import sentencex

    def segment(text: str) -> Raw:
        return [
            (b["start_index"], b["end_index"], b["text"])
            for b in sentencex.get_sentence_boundaries("en", text)
        ]

    return segment


def strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def boundaries(spans: list[tuple[int, int]]) -> set[int]:
    return {end for _, end in spans[:-1]}


def context(p: Paragraph, offset: int) -> str:
    i = offset - p.start
    return f"{p.file[:3]}@{offset}: …{p.text[max(0, i - CONTEXT) : i]}‖{p.text[i : i + CONTEXT]}…"


@dataclass
class Score:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    spans_hit: int = 0
    n_spans: int = 0
    exact: int = 0
    returned: int = 0
    misses: list[str] = field(default_factory=list)
    false_splits: list[str] = field(default_factory=list)

    def add(self, p: Paragraph, raw: Raw) -> None:
        self.returned += len(raw)
        self.exact += sum(p.text[s:e] == sent for s, e, sent in raw)
        stripped = [strip_span(p.text, s, e) for s, e, _ in raw]
        pred = [(p.start + s, p.start + e) for s, e in filter(None, stripped)]
        gold_b, pred_b = boundaries(p.gold), boundaries(pred)
        self.tp += len(gold_b & pred_b)
        self.n_pred += len(pred_b)
        self.n_gold += len(gold_b)
        self.spans_hit += len(set(p.gold) & set(pred))
        self.n_spans += len(p.gold)
        self.misses += [context(p, b) for b in sorted(gold_b - pred_b)]
        self.false_splits += [context(p, b) for b in sorted(pred_b - gold_b)]

    def row(self, name: str, paragraphs: int, chars: int, seconds: float) -> str:
        precision = self.tp / self.n_pred if self.n_pred else 0.0
        recall = self.tp / self.n_gold if self.n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if self.tp else 0.0
        bad = self.returned - self.exact
        offsets = "yes" if bad == 0 else f"no ({bad}/{self.returned} differ)"
        return (
            f"{name:<10} {self.tp:>4} {self.n_pred:>5} {precision:>6.3f} {recall:>6.3f} {f1:>6.3f}"
            f" {self.spans_hit / self.n_spans:>10.3f} {paragraphs / seconds:>9.0f}"
            f" {chars / seconds:>10.0f}  {offsets}"
        )

    def errors(self, name: str) -> list[str]:
        return [
            f"\n{name}: {len(self.misses)} misses (gold boundary not split)",
            *(f"  {m}" for m in self.misses),
            f"{name}: {len(self.false_splits)} false splits (split where gold has none)",
            *(f"  {f}" for f in self.false_splits),
        ]


def evaluate(name: str, segment: Segmenter, paragraphs: list[Paragraph]) -> list[str]:
    """Return the table row for one segmenter, then its error listing."""
    score = Score()
    for p in paragraphs:
        score.add(p, segment(p.text))
    seconds = statistics.median(timed(segment, paragraphs) for _ in range(REPEATS))
    chars = sum(len(p.text) for p in paragraphs)
    return [score.row(name, len(paragraphs), chars, seconds), *score.errors(name)]


def timed(segment: Segmenter, paragraphs: list[Paragraph]) -> float:
    start = time.perf_counter()
    for p in paragraphs:
        segment(p.text)
    return time.perf_counter() - start


def main() -> None:
    paragraphs = load_gold()
    makers = {"pysbd": make_pysbd, "syntok": make_syntok, "blingfire": make_blingfire,
              "sentencex": make_sentencex}  # fmt: skip
    available = {n: m for n, m in makers.items() if importlib.util.find_spec(n) is not None}
    sentences = sum(len(p.gold) for p in paragraphs)
    print(
        f"gold: {len(paragraphs)} paragraphs, {sentences} sentences, "
        f"{sum(len(p.gold) - 1 for p in paragraphs)} boundaries, "
        f"{sum(len(p.text) for p in paragraphs)} chars"
    )
    print("versions: " + ", ".join(f"{n} {version(n)}" for n in available))
    for missing in makers.keys() - available.keys():
        print(f"{missing}: not installed, skipped")
    print("span match = share of gold sentences whose span a segmenter reproduces exactly")
    print(
        f"\n{'segmenter':<10} {'tp':>4} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"
        f" {'span match':>10} {'para/s':>9} {'chars/s':>10}  exact offsets"
    )
    results = [evaluate(name, make(), paragraphs) for name, make in available.items()]
    for rows in results:
        print(rows[0])
    for rows in results:
        print("\n".join(rows[1:]))


if __name__ == "__main__":
    main()
