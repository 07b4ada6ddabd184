"""Labelled pages for training and scoring the zone model: a folder of `<id>.txt` page dumps
with `<id>.gold.txt` gold bodies and, optionally, `<id>.meta.json` (source, site, language) or
a `pages.json` listing (id, url, language), as ../shared/eval's folders have.

Each page is read as the pipeline reads it (decoded, split into paragraphs, the folder's site
template mined over all its pages, the rules' zones), and every block is labelled body or not
by its overlap with the gold body. Nothing here is written anywhere: the pages stay where they
are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from docpipe.io.sources import Decoded, decode_bytes
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.zone_features import block_features
from docpipe.text.zones import Zoned, classify_zones
from docpipe_tools.evaluate_metadata import template_lines

GOLD_SUFFIX = ".gold.txt"
_WORD = re.compile(r"\w+")
# A block is body when at least this share of its 4-word shingles is in the gold body.
BODY_MIN_OVERLAP = 0.5
SHINGLE = 4


@dataclass
class LabelledPage:
    page: str
    source: str
    site: str
    language: str
    texts: list[str]
    template: frozenset[int]
    gold: str
    rules: list[Zoned]
    features: list[list[float]]
    labels: list[bool]


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def label_blocks(texts: list[str], gold: str) -> list[bool]:
    """Body or not for each block: most of its shingles are in the gold; a block too short
    for a shingle is body when it is one of the gold's lines (a subheading) or, with 2-3
    words, a run of the gold's words."""
    gold_words = _WORD.findall(gold)
    gold_shingles = _shingles(gold_words)
    gold_lines = {" ".join(line.split()) for line in gold.splitlines() if line.strip()}
    gold_runs = {tuple(gold_words[i : i + n]) for n in (2, 3) for i in range(len(gold_words))}
    labels = []
    for text in texts:
        words = _WORD.findall(text)
        shingles = _shingles(words)
        if shingles:
            labels.append(len(shingles & gold_shingles) / len(shingles) >= BODY_MIN_OVERLAP)
        else:
            labels.append(
                " ".join(text.split()) in gold_lines
                or (len(words) >= 2 and tuple(words) in gold_runs)
            )
    return labels


def _listing(folder: Path) -> dict[str, dict]:
    listing = folder / "pages.json"
    if not listing.is_file():
        return {}
    data = json.loads(listing.read_text(encoding="utf-8"))
    pages = data.get("pages", []) if isinstance(data, dict) else data
    return {entry["id"]: entry for entry in pages if isinstance(entry, dict) and "id" in entry}


def page_meta(folder: Path, page: str, listing: dict[str, dict]) -> dict[str, str]:
    """source, site and language of a page: its meta.json, else the folder's pages.json;
    the site falls back to the url's host, then to the page itself (a site of its own)."""
    meta = dict(listing.get(page, {}))
    path = folder / f"{page}.meta.json"
    if path.is_file():
        meta.update(json.loads(path.read_text(encoding="utf-8")))
    site = meta.get("site")
    if not site and meta.get("url"):
        site = urlsplit(meta["url"]).netloc.lower().removeprefix("www.")
    return {
        "source": meta.get("source") or folder.name,
        "site": site or page,
        "language": meta.get("language") or "unknown",
    }


def read_dump(path: Path) -> str:
    decoded = decode_bytes(path.read_bytes())
    return decoded.text if isinstance(decoded, Decoded) else ""


def load_folder(folder: Path) -> list[LabelledPage]:
    """Every page of the folder that has a gold body, sorted by id; the site template is
    mined over the folder's pages (evaluate_metadata.template_lines)."""
    listing = _listing(folder)
    names = sorted(g.name.removesuffix(GOLD_SUFFIX) for g in folder.glob(f"*{GOLD_SUFFIX}"))
    paragraphs = {}
    for name in names:
        text = read_dump(folder / f"{name}.txt")
        paragraphs[name] = [text[a:b] for a, b in split_paragraphs(text)]
    template = template_lines(paragraphs, 2)
    pages = []
    for name in names:
        texts = paragraphs[name]
        lines = frozenset(template[name])
        gold = (folder / f"{name}{GOLD_SUFFIX}").read_text(encoding="utf-8")
        rules = classify_zones(texts, lines)
        meta = page_meta(folder, name, listing)
        pages.append(
            LabelledPage(
                name,
                meta["source"],
                meta["site"],
                meta["language"],
                texts,
                lines,
                gold,
                rules,
                block_features(texts, lines, rules),
                label_blocks(texts, gold),
            )
        )
    return pages
