"""Score the pipeline's metadata (title, author, published date, site) against gold metadata.

A folder holds `<id>.txt` (a page dump) and `<id>.meta.json` (gold `title, author, published,
site`, null where unknown; `source` and `language` for the breakdowns). Each page is read as the
tables job reads it: paragraphs, the folder's site templates, then zones and metadata
(docpipe.text.page.zones_and_metadata). A field is only scored where the page shows it:

- title: right when the normalised prediction (case, whitespace and punctuation ignored) equals the
  normalised gold; scored on pages whose normalised gold title occurs in the normalised dump.
- author: right when a predicted name equals a gold name (gold bylines are split into names and
  stripped of "By" and dates: readability's gold is a raw byline); scored on pages where a gold
  name occurs in the dump.
- published: precision over pages with a gold date and a predicted one; recall over pages whose
  gold day is printed in the dump (numeric, ISO or with a month name of the page's language).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docpipe.io.discover import doc_id_for
from docpipe.io.sources import Decoded, decode_bytes
from docpipe.stages.templates import site_templates
from docpipe.text.dates import MONTH_KEYS
from docpipe.text.metadata import Metadata, extract_metadata, parse_datetime
from docpipe.text.page import zones_and_metadata
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.templates import line_hash, page_lines
from docpipe.text.zones import classify_zones
from docpipe_tools.intervals import grouped, site_bootstrap

_META_SUFFIX = ".meta.json"
_NOT_WORD = re.compile(r"[\W_]+")
_NAME_PREFIX = re.compile(r"^\s*(by|von|por|par|oleh|door|af|av|di|da|de)\s+", re.IGNORECASE)
_NAME_SEPARATOR = re.compile(
    r"\s*(?:[,;&/|]|\b(?:and|und|y|e|et|og|och|en|ve|i|és)\b)\s*", re.IGNORECASE
)


@dataclass(frozen=True)
class Gold:
    page: str
    source: str
    language: str
    site: str | None
    title: str | None
    author: str | None
    published: dt.date | None


@dataclass(frozen=True)
class PageScore:
    """None: the field is not scored on this page (no gold, or the page does not show it)."""

    page: str
    source: str
    language: str
    title: bool | None
    author: bool | None
    # Date precision: the prediction is the gold day (None when either is missing).
    date_correct: bool | None
    # Date recall: the gold day was found (None when the dump does not print it).
    date_found: bool | None


def normalise(text: str) -> str:
    """Case-, whitespace- and punctuation-insensitive form of a text."""
    return " ".join(_NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


def author_names(raw: str | None) -> set[str]:
    """Normalised person names of a byline: "By Jane Doe and John Roe, May 2, 2020" -> two."""
    if not raw:
        return set()
    text = _NAME_PREFIX.sub("", raw.strip())
    text = re.split(r"\d", text, maxsplit=1)[0]  # a raw byline's date or counter follows the names
    names = (normalise(_NAME_PREFIX.sub("", part)) for part in _NAME_SEPARATOR.split(text))
    months = {name for names in month_names("en").values() for name in names}
    kept = set()
    for name in names:
        words = name.split()
        while words and words[-1] in months:  # "By Nathan Willis March 25, 2015"
            words.pop()
        if len(" ".join(words)) >= 3:
            kept.add(" ".join(words))
    return kept


@lru_cache(maxsize=64)
def month_names(language: str) -> dict[int, tuple[str, ...]]:
    """Month number -> names (English and `language`'s, from dateparser's locale data)."""
    from dateparser.languages.loader import default_loader

    names: dict[int, set[str]] = {number: set() for number in range(1, 13)}
    for code in dict.fromkeys(("en", language)):
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):  # a language dateparser has no locale for
            continue
        for number, month in enumerate(MONTH_KEYS, 1):
            names[number] |= {name.casefold() for name in info.get(month, ()) if len(name) > 1}
    return {number: tuple(sorted(found, key=len, reverse=True)) for number, found in names.items()}


def date_shown(day: dt.date, text: str, language: str = "en") -> bool:
    """Whether `text` prints `day` with its year: 2020-03-05, 5.3.2020, 03/05/20, 5 March 2020,
    March 5th, 2020, 5. März 2020, 2020年3月5日 ..."""
    y, m, d = day.year, day.month, day.day
    year = rf"(?:{y}|{y % 100:02d})"
    numeric = [
        rf"\b{y}\s*[-./年]\s*0?{m}\s*[-./月]\s*0?{d}(?!\d)",
        rf"(?<!\d)0?{d}\s*[-./]\s*0?{m}\s*[-./]\s*{year}\b",
        rf"(?<!\d)0?{m}\s*[-./]\s*0?{d}\s*[-./]\s*{year}\b",
    ]
    names = "|".join(re.escape(name) for name in month_names(language)[m])
    named = [
        rf"(?<!\d)0?{d}(?:st|nd|rd|th|\.)?\s*(?:de\s+)?(?:{names})\.?,?\s*(?:de\s+)?{y}\b",
        rf"(?:{names})\.?\s*0?{d}(?:st|nd|rd|th)?,?\s+{y}\b",
    ]
    pattern = "|".join(numeric + named)
    return re.search(pattern, text, re.IGNORECASE) is not None


def _gold_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def load_gold(meta_path: Path) -> Gold:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return Gold(
        page=meta_path.name.removesuffix(_META_SUFFIX),
        source=meta.get("source") or "unknown",
        language=meta.get("language") or "unknown",
        site=meta.get("site"),
        title=meta.get("title"),
        author=meta.get("author"),
        published=_gold_date(meta.get("published")),
    )


def load_folder(folder: Path) -> list[tuple[Gold, str]]:
    """(gold, decoded dump) of every <id>.txt with an <id>.meta.json beside it, by id."""
    pages = []
    for meta_path in sorted(folder.glob(f"*{_META_SUFFIX}")):
        gold = load_gold(meta_path)
        dump = folder / f"{gold.page}.txt"
        if not dump.is_file():
            continue
        decoded = decode_bytes(dump.read_bytes())
        pages.append((gold, decoded.text if isinstance(decoded, Decoded) else ""))
    return pages


def score_page(gold: Gold, dump: str, predicted: Metadata) -> PageScore:
    """One page's scores (see the module's docstring)."""
    shown = f" {normalise(dump)} "  # padded: a gold shown means whole words of the dump
    title = None
    if gold.title and normalise(gold.title) and f" {normalise(gold.title)} " in shown:
        title = predicted.title is not None and normalise(predicted.title) == normalise(gold.title)
    names = author_names(gold.author)
    author = None
    if any(f" {name} " in shown for name in names):
        author = bool(author_names(predicted.author) & names)
    date_correct = date_found = None
    if gold.published is not None:
        if predicted.published is not None:
            date_correct = predicted.published == gold.published
        if date_shown(gold.published, dump, gold.language):
            date_found = predicted.published == gold.published
    return PageScore(gold.page, gold.source, gold.language, title, author, date_correct, date_found)


def _rate(values: Iterable[bool | None]) -> tuple[float | None, int]:
    scored = [value for value in values if value is not None]
    return (sum(scored) / len(scored) if scored else None), len(scored)


FIELDS: dict[str, Callable[[PageScore], bool | None]] = {
    "title": lambda s: s.title,
    "author": lambda s: s.author,
    "date_P": lambda s: s.date_correct,
    "date_R": lambda s: s.date_found,
}


def summary(scores: Sequence[PageScore]) -> dict[str, tuple[float | None, int]]:
    """Field -> (rate, pages scored)."""
    return {name: _rate(field(s) for s in scores) for name, field in FIELDS.items()}


def report(
    scores: Sequence[PageScore],
    by: Iterable[str] = ("source", "language"),
    sites: Mapping[str, str] | None = None,
) -> list[str]:
    """A table of every field's rate (and pages scored) overall and per group; with `sites`
    (page -> site), under the overall rates the 95% interval of each over site bootstrap
    resamples (docpipe_tools.intervals)."""
    header = f"{'group':<22}{'pages':>6}" + "".join(f"{name:>14}" for name in FIELDS)
    lines = [header, _row("overall", scores)]
    if sites is not None:
        lines.append(_interval_row(scores, sites))
    for key in by:
        groups = grouped(scores, lambda s, key=key: f"{key}={getattr(s, key)}")
        lines += [_row(name, groups[name]) for name in sorted(groups)]
    return lines


def _row(name: str, scores: Sequence[PageScore]) -> str:
    cells = []
    for rate, count in summary(scores).values():
        cells.append(f"{'-':>8} ({count:>3})" if rate is None else f"{rate:>8.3f} ({count:>3})")
    return f"{name[:22]:<22}{len(scores):>6}" + "".join(f"{c:>14}" for c in cells)


def _interval_row(scores: Sequence[PageScore], sites: Mapping[str, str]) -> str:
    by_site = grouped(scores, lambda s: sites[s.page])
    cells = []
    for field in FIELDS.values():
        interval = site_bootstrap(by_site, lambda sample, f=field: _rate(map(f, sample))[0])
        cells.append("-" if interval is None else f"{interval[0]:.2f}-{interval[1]:.2f}")
    return f"{'  95% (site bootstrap)':<22}{'':>6}" + "".join(f"{c:>14}" for c in cells)


def page_paragraphs(dumps: dict[str, str]) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    """Per page: its paragraph texts and the indices of its site-template lines (template_lines,
    min_pages 2, the config's default)."""
    paragraphs = {
        page: [text[a:b] for a, b in split_paragraphs(text)] for page, text in dumps.items()
    }
    return paragraphs, template_lines(paragraphs, 2)


def template_lines(paragraphs: Mapping[str, Sequence[str]], min_pages: int) -> dict[str, list[int]]:
    """Per page (`<page>.txt` of a folder): the indices of its paragraphs that are template
    lines of its site, mined over these pages as the templates job mines a corpus
    (docpipe.stages.templates.site_templates). Keyed by the pipeline's doc_id, so that pages
    join sites in the templates job's order."""
    ids = {page: doc_id_for(f"{page}.txt") for page in paragraphs}
    rows = [(ids[page], *line) for page, texts in paragraphs.items() for line in page_lines(texts)]
    found = site_templates(rows, min_pages)
    lines = {}
    for page, texts in paragraphs.items():
        keys = found.get(ids[page], (None, set()))[1]
        lines[page] = [index for index, text in enumerate(texts) if line_hash(text) in keys]
    return lines


def predict(pages: Sequence[tuple[Gold, str]]) -> dict[str, Metadata]:
    """page -> the metadata the tables would hold for it."""
    paragraphs, lines = page_paragraphs({gold.page: dump for gold, dump in pages})
    return {page: zones_and_metadata(texts, lines[page])[1] for page, texts in paragraphs.items()}


def evaluate(folder: Path) -> list[PageScore]:
    pages = load_folder(folder)
    predicted = predict(pages)
    return [score_page(gold, dump, predicted[gold.page]) for gold, dump in pages]


def metadata_seconds(pages: Sequence[tuple[Gold, str]]) -> float:
    """Seconds per page of extract_metadata alone (zones computed beforehand), with an empty
    date cache, as a fresh tables job meets it."""
    paragraphs, lines = page_paragraphs({gold.page: dump for gold, dump in pages})
    zoned = {page: classify_zones(texts, lines[page]) for page, texts in paragraphs.items()}
    parse_datetime.cache_clear()
    start = time.perf_counter()
    for page, texts in paragraphs.items():
        extract_metadata(texts, zoned[page])
    return (time.perf_counter() - start) / max(1, len(paragraphs))


def site_of(gold: Gold) -> str:
    """A page's site: the gold site, else the page's source-publisher prefix."""
    return gold.site or gold.page.rsplit("_", 1)[0]


def site_fold(gold: Gold, folds: int) -> int:
    """A page's fold: all pages of a site (site_of) fall in one fold, chosen by a hash, so
    that no site is both trained on and scored."""
    site = site_of(gold)
    return int(hashlib.blake2b(site.encode("utf-8"), digest_size=4).hexdigest(), 16) % folds


def worst(scores: Sequence[PageScore], pages: Sequence[tuple[Gold, str]],
          predicted: dict[str, Metadata], limit: int = 20) -> list[str]:  # fmt: skip
    """The scored fields that are wrong, with gold and prediction side by side."""
    golds = {gold.page: gold for gold, _ in pages}
    lines = []
    for s in scores:
        gold, guess = golds[s.page], predicted[s.page]
        if s.title is False:
            lines.append(f"{s.page}: title {guess.title!r} != {gold.title!r}")
        if s.author is False:
            lines.append(f"{s.page}: author {guess.author!r} != {gold.author!r}")
        if s.date_correct is False or s.date_found is False:
            lines.append(f"{s.page}: published {guess.published} != {gold.published}")
    return lines[:limit]


# The folds of `site_fold(gold, HOLDOUT_FOLDS)` that `--holdout` numbers.
HOLDOUT_FOLDS = 5


def split_holdout(
    scores: Sequence[PageScore], pages: Sequence[tuple[Gold, str]], holdout: Collection[int]
) -> tuple[list[PageScore], list[PageScore]]:
    """(development, held-out) scores: a page is held out when its site's fold (`site_fold` of
    HOLDOUT_FOLDS) is in `holdout`, so rules written looking at the development pages' errors
    are checked on sites they never saw."""
    held = {gold.page for gold, _ in pages if site_fold(gold, HOLDOUT_FOLDS) in holdout}
    return [s for s in scores if s.page not in held], [s for s in scores if s.page in held]


def _split_report(
    title: str, scores: Sequence[PageScore], pages: Sequence[tuple[Gold, str]],
    holdout: Collection[int], sites: Mapping[str, str],
) -> list[str]:  # fmt: skip
    """report() of the scores, the held-out folds apart; `sites`: page -> site_of."""
    if not holdout:
        return [f"{title}:", *report(scores, sites=sites)]
    development, held = split_holdout(scores, pages, holdout)
    folds = ",".join(str(fold) for fold in sorted(holdout))
    return [
        f"{title}, development sites (site_fold of {HOLDOUT_FOLDS} not in {folds}):",
        *report(development, sites=sites),
        "",
        f"{title}, held-out sites (site_fold of {HOLDOUT_FOLDS} in {folds}):",
        *report(held, sites=sites),
    ]


def command_lines(
    folder: Path,
    cv: int = 0,
    worst_count: int = 0,
    holdout: Collection[int] = (),
    cross_validate: Callable[[Sequence[tuple[Gold, str]], int], list[PageScore]] | None = None,
) -> list[str]:
    """What `docpipe eval-metadata` prints. `holdout`: folds (of site_fold's 5) scored apart from
    the others; the wrong fields listed are then the other (development) folds' only.
    `cross_validate`: with `cv`, docpipe_tools.train_metadata.cross_validate (training is that
    module's; it reads this one)."""
    pages = load_folder(folder)
    if not pages:
        return [f"{folder}: no <id>.txt with an <id>.meta.json beside it"]
    predicted = predict(pages)
    scores = [score_page(gold, dump, predicted[gold.page]) for gold, dump in pages]
    sites = {gold.page: site_of(gold) for gold, _ in pages}
    lines = [f"{folder}: {len(pages)} pages; rate (pages scored)", *report(scores, sites=sites)]
    lines.append(f"extract_metadata: {metadata_seconds(pages) * 1000:.2f} ms per page")
    if holdout:
        lines += ["", *_split_report("shipped models", scores, pages, holdout, sites)]
    if cv:
        if cross_validate is None:
            raise ValueError("cv needs cross_validate (docpipe_tools.train_metadata)")
        title = f"site-grouped {cv}-fold cross-validation of the headline model"
        lines += ["", *_split_report(title, cross_validate(pages, cv), pages, holdout, sites)]
    if worst_count:
        listed = split_holdout(scores, pages, holdout)[0] if holdout else scores
        lines += ["", "wrong fields:", *worst(listed, pages, predicted, worst_count)]
    return lines
