"""A synthetic corpus of news page dumps, deterministic from a seed, for benchmarks and tests.

Pages have the structure of real plain-text dumps of news web pages: a site's menu, a headline, a
byline with date and views, an article of long-tailed length with captions and the odd
"Advertisement" line, share and donation lines, related stories, numbered or plain reader
comments, and a footer. Pages of one site share its template lines; some sites write German,
Portuguese, Russian, Indonesian, Korean or Japanese, some English pages quote another language,
a few sites hard-wrap their prose, use CRLF or a legacy code page, and a few downloads failed
(empty files). All text comes from docpipe_tools.corpus_words, written for this project.

Every page is a pure function of (seed, index, revision): page i does not depend on how many pages
are generated, so a corpus of N+1 pages is the corpus of N plus one file, and revision 1 of a page
is the same page with an update paragraph (an edit). Randomness is `random.Random` seeded with a
string (hashed with SHA-512 by the random module, the same in every process), with no global state,
no hash(), and no floating-point functions that may round differently on other platforms (no
gauss or lognormvariate: long tails come from mixtures of integer ranges).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docpipe_tools.corpus_words import LEXICONS, Lexicon

# Sites per corpus, and how often pages of each language occur (sites are assigned languages in
# these proportions; English dominates as on the web).
SITE_COUNT = 60
_SITE_LANGUAGES = ("en",) * 36 + ("de",) * 5 + ("pt",) * 5 + ("ru",) * 4 + ("id",) * 4 + (
    "ko",) * 3 + ("ja",) * 3  # fmt: skip
# One page in this many is an empty file (a failed download): the rejects path stays exercised.
_EMPTY_EVERY = 400
_SLOT = re.compile(r"\{(\w+)\}")
_FIRST_DAY = dt.date(2012, 1, 1)
_DAYS = 4000  # publication dates fall in about eleven years from _FIRST_DAY


@dataclass(frozen=True)
class Site:
    """A site's template: what every page of the site shares."""

    number: int
    language: str
    name: str
    slug: str
    nav: tuple[str, ...]
    site_line: bool  # "- Name - https://... -" on top, as some print-view dumps have
    byline_style: str  # "by": By Name / date; "stacked": Name / Published / on / date / views
    comment_style: str  # "numbered": "#1 Comment By X On date"; "plain": name, date, text
    wrap: int | None  # hard-wrap prose at this width, or None
    newline: str
    encoding: str
    footer: tuple[str, ...]
    share: tuple[str, ...]
    comment_rate: int  # percent of pages with comments
    title_case: bool  # English headlines In Title Case


@dataclass(frozen=True)
class Page:
    relpath: str
    data: bytes
    language: str
    site: str


@lru_cache(maxsize=256)
def site(seed: int, number: int) -> Site:
    """The template of site `number` of the corpus with this seed."""
    rng = random.Random(f"docpipe-corpus/{seed}/site/{number}")
    language = _SITE_LANGUAGES[number % len(_SITE_LANGUAGES)]
    lex = LEXICONS[language]
    first, second = rng.choice(lex.site_parts[0]), rng.choice(lex.site_parts[1])
    # German compounds and Korean and Japanese names are written as one word.
    name = first + second if language in ("de", "ko", "ja") else f"{first} {second}"
    if language == "en" and rng.randrange(3) == 0:
        name = f"The {name}"
    nav_count = rng.randint(4, min(12, len(lex.nav)))
    latin = language in ("en", "de", "pt", "id")
    return Site(
        number=number,
        language=language,
        name=name,
        slug=f"{language}-site-{number:03d}",
        nav=tuple(rng.sample(lex.nav, nav_count)),
        site_line=rng.randrange(4) == 0,
        byline_style=rng.choice(("by", "by", "stacked")) if lex.by else "stacked",
        comment_style="numbered" if language == "en" and rng.randrange(2) else "plain",
        wrap=72 if latin and rng.randrange(10) == 0 else None,
        newline="\r\n" if rng.randrange(15) == 0 else "\n",
        encoding="cp1252" if latin and language != "id" and rng.randrange(12) == 0 else "utf-8",
        footer=tuple(line for line in lex.footer if rng.randrange(3)),
        share=tuple(line for line in lex.share if rng.randrange(2)),
        comment_rate=rng.choice((0, 20, 40, 60)),
        title_case=language == "en" and rng.randrange(2) == 0,
    )


def sites(seed: int) -> list[Site]:
    return [site(seed, number) for number in range(SITE_COUNT)]


class _Writer:
    """Sentences and paragraphs in one language, from one page's random stream."""

    def __init__(self, rng: random.Random, lex: Lexicon) -> None:
        self.rng, self.lex = rng, lex

    def _slot(self, name: str) -> str:
        lex, rng = self.lex, self.rng
        if name == "number":
            return str(rng.randint(2, 95))
        if name == "name":
            return rng.choice(lex.names)
        pools = {"subject": lex.subjects, "verb": lex.verbs, "object": lex.objects,
                 "time": lex.times, "place": lex.places, "opener": lex.openers}  # fmt: skip
        return rng.choice(pools[name])

    def _fill(self, pattern: str) -> str:
        text = _SLOT.sub(lambda match: self._slot(match.group(1)), pattern)
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self._fill(self.rng.choice(self.lex.patterns))

    def paragraph(self, sentences: int) -> str:
        return self.lex.space.join(self.sentence() for _ in range(sentences))

    def headline(self, title_case: bool = False) -> str:
        text = self._fill(self.lex.headline)
        return " ".join(word[:1].upper() + word[1:] for word in text.split(" ")) if (
            title_case) else text  # fmt: skip

    def date(self, day: dt.date) -> str:
        month = self.lex.months[day.month - 1] if self.lex.months else ""
        return self.lex.date.format(d=day.day, m=day.month, y=day.year, month=month)


def _sentence_count(rng: random.Random) -> int:
    # Sentences per article paragraph: mostly two or three, sometimes one or five.
    return rng.choices((1, 2, 3, 4, 5), cum_weights=(20, 55, 80, 92, 100))[0]


def article_paragraphs(rng: random.Random) -> int:
    """Paragraphs of an article: a long tail, from a two-line brief to a long feature.

    A mixture of integer ranges (no floating-point functions, so the same on every platform):
    median about 7, mean about 12, one page in a hundred over 60.
    """
    count = rng.randint(2, 10)
    if rng.randrange(100) < 20:
        count += rng.randint(5, 20)
    if rng.randrange(100) < 5:
        count += rng.randint(20, 60)
    if rng.randrange(100) < 1:
        count += rng.randint(60, 150)
    return count


def _comment_count(rng: random.Random) -> int:
    count = rng.randint(1, 8)
    if rng.randrange(100) < 15:
        count += rng.randint(5, 40)
    if rng.randrange(100) < 2:
        count += rng.randint(40, 200)
    return count


def _wrap(paragraph: str, width: int) -> str:
    """Hard-wrap prose at `width` columns, as mail and some CMS exports do."""
    lines, line = [], ""
    for word in paragraph.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _byline(rng: random.Random, site_: Site, writer: _Writer, day: dt.date) -> list[str]:
    lex = writer.lex
    name = rng.choice(lex.names)
    date = writer.date(day)
    if site_.byline_style == "by":
        return [f"{lex.by} {name}", date]
    views = f"{rng.randint(40, 40000):,} Views"
    return [name, "Published", "on", date, views] if site_.language == "en" else [name, date]


def _writable(site_: Site) -> tuple[str, ...]:
    """Languages the site's encoding can write: cp1252 has no Cyrillic, Hangul or kana."""
    return ("en", "de", "pt", "id") if site_.encoding == "cp1252" else tuple(LEXICONS)


def _comments(rng: random.Random, site_: Site, writer: _Writer, day: dt.date) -> list[str]:
    count = _comment_count(rng)
    lines = [writer.lex.comments_heading.format(n=count)]
    for number in range(1, count + 1):
        # One comment in 20 is in another language.
        lex = writer.lex if rng.randrange(20) else LEXICONS[rng.choice(_writable(site_))]
        name = rng.choice(writer.lex.names)
        day = day + dt.timedelta(days=rng.randrange(3))
        hour, minute = rng.randint(1, 12), rng.randrange(60)
        if site_.comment_style == "numbered":
            month = writer.lex.months[day.month - 1]
            lines.append(f"#{number} Comment By {name} On {month} {day.day}, {day.year} @ "
                         f"{hour}:{minute:02d} {rng.choice(('am', 'pm'))}")  # fmt: skip
        else:
            lines += [name, f"{writer.date(day)} {hour}:{minute:02d}"]
        other = _Writer(rng, lex)
        for _ in range(rng.choices((1, 2, 3), cum_weights=(70, 92, 100))[0]):
            lines.append(other.paragraph(rng.randint(1, 3)) if rng.randrange(2) else
                         rng.choice(lex.reactions))  # fmt: skip
    return lines


def _related(rng: random.Random, site_: Site, writer: _Writer, day: dt.date) -> list[str]:
    lines = [writer.lex.related_marker if rng.randrange(3) else "Latest"]
    for _ in range(rng.randint(1, 3)):
        lines.append(writer.headline(site_.title_case))
        if site_.language == "en":
            lines += ["Published", "on"]
        lines.append(writer.date(day - dt.timedelta(days=rng.randrange(30))))
        lines += [writer.paragraph(_sentence_count(rng)) for _ in range(rng.randint(1, 4))]
    return lines


def _article(rng: random.Random, site_: Site, writer: _Writer) -> list[str]:
    """The article body, with the odd subheading, caption or advertisement in between."""
    # One English page in 30 is bilingual: every other paragraph in another language.
    second = None
    if site_.language == "en" and rng.randrange(30) == 0:
        others = [code for code in _writable(site_) if code not in ("en", "ko", "ja")]
        second = _Writer(rng, LEXICONS[rng.choice(others)])
    lines = []
    for index in range(article_paragraphs(rng)):
        voice = second if second is not None and index % 2 else writer
        paragraph = voice.paragraph(_sentence_count(rng))
        lines.append(_wrap(paragraph, site_.wrap) if site_.wrap else paragraph)
        roll = rng.randrange(100)
        if roll < 4:
            lines.append(writer.headline(site_.title_case))  # a subheading
        elif roll < 7:
            caption = writer.sentence()
            lines += [caption, caption]  # dumps print a caption twice: alt text, then caption
        elif roll < 10 and "Advertisement" in site_.share:
            lines.append("Advertisement")
    return lines


def page_lines(seed: int, index: int, revision: int = 0) -> tuple[Site, list[str]]:
    """The site and the paragraphs (lines or wrapped blocks) of page `index`."""
    chooser = random.Random(f"docpipe-corpus/{seed}/page/{index}")
    site_ = site(seed, chooser.randrange(SITE_COUNT))
    rng = random.Random(f"docpipe-corpus/{seed}/page/{index}/content")
    writer = _Writer(rng, LEXICONS[site_.language])
    day = _FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))
    lines: list[str] = []
    if site_.site_line:
        lines.append(f"- {site_.name} - https://www.{site_.slug}.example -")
    lines += list(site_.nav)
    lines.append(rng.choice(site_.nav))  # the page's section
    lines.append(writer.headline(site_.title_case))
    if rng.randrange(2):
        lines.append(writer.sentence())  # the standfirst
    lines += _byline(rng, site_, writer, day)
    if rng.randrange(100) < 40:
        caption = writer.sentence()
        lines += [caption, caption]
    lines += _article(rng, site_, writer)
    if revision:
        update = random.Random(f"docpipe-corpus/{seed}/page/{index}/revision/{revision}")
        lines.append(f"Update ({revision}): " + _Writer(update, writer.lex).paragraph(2))
    if rng.randrange(5) == 0:
        lines.append(f"{rng.choice(writer.lex.names)} writes for {site_.name}.")
    lines += [line.format(site=site_.name) for line in site_.share]
    if rng.randrange(2):
        lines += _related(rng, site_, writer, day)
    if rng.randrange(100) < site_.comment_rate:
        lines += _comments(rng, site_, writer, day)
    lines += [line.format(site=site_.name, year=day.year) for line in site_.footer]
    return site_, lines


def is_empty(seed: int, index: int) -> bool:
    """Whether page `index` is an empty file (a failed download)."""
    return random.Random(f"docpipe-corpus/{seed}/empty/{index}").randrange(_EMPTY_EVERY) == 0


def page(seed: int, index: int, revision: int = 0) -> Page:
    """Page `index` of the corpus with this seed, as the bytes of its file."""
    site_, lines = page_lines(seed, index, revision)
    relpath = f"{site_.slug}/{index:07d}.txt"
    if is_empty(seed, index):
        return Page(relpath, b"", site_.language, site_.name)
    text = "\n\n".join(lines) + "\n"
    if site_.newline != "\n":
        text = text.replace("\n", site_.newline)
    return Page(relpath, text.encode(site_.encoding), site_.language, site_.name)


@dataclass(frozen=True)
class CorpusSummary:
    documents: int
    bytes: int
    languages: dict[str, int]
    empty: int

    def line(self) -> str:
        langs = ", ".join(f"{code} {count}" for code, count in sorted(self.languages.items()))
        return (f"{self.documents} pages, {self.bytes / 1e6:.1f} MB, {self.empty} empty; "
                f"languages by site: {langs}")  # fmt: skip


def write_pages(out_dir: str | Path, seed: int, indices: Sequence[int]) -> CorpusSummary:
    """Write the given pages under out_dir (relpath = <site>/<index>.txt)."""
    root = Path(out_dir)
    languages: Counter[str] = Counter()
    total = empty = 0
    for index in indices:
        item = page(seed, index)
        target = root / item.relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)
        languages[item.language] += 1
        total += len(item.data)
        empty += not item.data
    return CorpusSummary(len(indices), total, dict(languages), empty)


def make_corpus(out_dir: str | Path, n: int, seed: int) -> CorpusSummary:
    """Pages 0..n-1 of the corpus with this seed, written under out_dir."""
    return write_pages(out_dir, seed, range(n))
