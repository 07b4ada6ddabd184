"""Turn the hand-annotated sentences in gold_annotations.txt into character-offset gold spans.

Run from anywhere: python benchmarks/segmenters/build_gold.py
Writes tests/data/seed_sentences.gold.jsonl. Fails, naming the file and line, if an annotation block
does not reproduce its paragraph exactly (sentences in order, only whitespace between them) or if a
paragraph of a seed has no annotation block.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ANNOTATIONS = HERE / "gold_annotations.txt"
GOLD = ROOT / "tests" / "data" / "seed_sentences.gold.jsonl"
HEADER = re.compile(r"^## (?P<file>\S+) L(?P<line>\d+)$")


class GoldParagraph(TypedDict):
    file: str
    start: int
    end: int
    sentences: list[list[int]]


def seeds_dir() -> Path:
    local = ROOT / "seeds"
    return local if local.is_dir() else ROOT.parent / "shared" / "seeds"


def paragraphs(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield (1-based line number, start, end) of every non-blank line, stripped."""
    pos = 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            yield number, start, start + len(stripped)
        pos += len(line) + 1


def read_annotations(path: Path) -> dict[tuple[str, int], list[str]]:
    blocks: dict[tuple[str, int], list[str]] = {}
    current: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").split("\n"):
        match = HEADER.match(raw)
        if match:
            current = blocks.setdefault((match["file"], int(match["line"])), [])
        elif raw.strip():
            if current is None:
                raise ValueError(f"{path}: sentence before the first '## file Lnn' header: {raw!r}")
            current.append(raw.strip())
    return blocks


def align(text: str, start: int, end: int, sentences: list[str], where: str) -> list[list[int]]:
    """Find each annotated sentence in text[start:end]; whitespace runs match any whitespace."""
    spans: list[list[int]] = []
    pos = start
    for sentence in sentences:
        words = r"\s+".join(re.escape(word) for word in sentence.split())
        match = re.compile(rf"\s*({words})").match(text, pos, end)
        if match is None:
            raise ValueError(f"{where}: sentence not found where expected: {sentence[:60]!r}")
        spans.append([match.start(1), match.end(1)])
        pos = match.end(1)
    if pos != end:
        raise ValueError(f"{where}: annotation stops before the paragraph ends: {text[pos:end]!r}")
    return spans


def build() -> list[GoldParagraph]:
    blocks = read_annotations(ANNOTATIONS)
    records: list[GoldParagraph] = []
    for path in sorted(seeds_dir().glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        for line, start, end in paragraphs(text):
            where = f"{path.name} L{line}"
            sentences = blocks.pop((path.name, line), None)
            if sentences is None:
                raise ValueError(f"{where}: paragraph has no block in {ANNOTATIONS.name}")
            spans = align(text, start, end, sentences, where)
            records.append({"file": path.name, "start": start, "end": end, "sentences": spans})
    if blocks:
        raise ValueError(f"annotation blocks match no seed paragraph: {sorted(blocks)[:5]}")
    return records


def main() -> None:
    records = build()
    GOLD.parent.mkdir(parents=True, exist_ok=True)
    with GOLD.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    sentences = sum(len(r["sentences"]) for r in records)
    print(f"wrote {len(records)} paragraphs, {sentences} sentences to {GOLD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
