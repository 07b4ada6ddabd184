"""The synthetic corpus generator: determinism, page structure, languages, length tail."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from docpipe.text.language import LanguageSettings, LanguageTagger
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.zones import classify_zones
from docpipe_tools import corpus
from docpipe_tools.cli import main
from docpipe_tools.corpus_words import LEXICONS

SAMPLE = 300  # pages: enough for every site feature to occur at least once


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_same_bytes_and_page_independent_of_n(tmp_path: Path) -> None:
    corpus.make_corpus(tmp_path / "a", 40, seed=7)
    corpus.make_corpus(tmp_path / "b", 40, seed=7)
    corpus.make_corpus(tmp_path / "c", 25, seed=7)
    corpus.make_corpus(tmp_path / "d", 40, seed=8)
    a, c, d = _files(tmp_path / "a"), _files(tmp_path / "c"), _files(tmp_path / "d")
    assert a == _files(tmp_path / "b") and len(a) == 40
    assert c == {path: data for path, data in a.items() if int(Path(path).stem) < 25}
    assert a != d


def test_pages_do_not_touch_global_random_state() -> None:
    random.seed(1)
    expected = random.random()
    random.seed(1)
    corpus.page(3, 5)
    assert random.random() == expected


def test_a_revision_is_the_same_page_plus_an_update() -> None:
    index = next(i for i in range(50) if not corpus.is_empty(0, i))
    _, before = corpus.page_lines(0, index)
    _, after = corpus.page_lines(0, index, revision=1)
    assert corpus.page(0, index).relpath == corpus.page(0, index, revision=1).relpath
    added = [line for line in after if line not in before]
    assert len(added) == 1 and added[0].startswith("Update (1): ")
    assert [line for line in after if line in before] == before


def test_sample_has_the_structure_of_news_pages() -> None:
    zones: Counter[str] = Counter()
    features: Counter[str] = Counter()
    sizes = []
    for index in range(SAMPLE):
        page = corpus.page(0, index)
        sizes.append(len(page.data))
        if not page.data:
            features["empty"] += 1
            continue
        site = corpus.site(0, int(page.relpath.split("/")[0].rsplit("-", 1)[1]))
        text = page.data.decode(site.encoding)
        features["crlf"] += "\r\n" in text
        features[site.encoding] += 1
        features["numbered comments"] += " Comment By " in text
        spans = split_paragraphs(text)
        zones.update(z.zone for z in classify_zones([text[s:e] for s, e in spans]))
    # The zone classifier finds every kind of zone the generator writes.
    for zone in ("title", "byline", "caption", "body", "comment", "related", "navigation",
                 "boilerplate"):  # fmt: skip
        assert zones[zone] > 0, zone
    for feature in ("crlf", "cp1252", "numbered comments"):
        assert features[feature] > 0, feature
    # Article length has a long tail: the longest page is many times the median.
    sizes.sort()
    assert sizes[-1] > 4 * sizes[len(sizes) // 2]


def test_pages_of_a_site_share_its_template_lines() -> None:
    by_site: dict[str, list[list[str]]] = {}
    for index in range(SAMPLE):
        site, lines = corpus.page_lines(0, index)
        if site.footer:
            by_site.setdefault(site.slug, []).append(lines)
    slug, pages = max(by_site.items(), key=lambda item: len(item[1]))
    site = next(s for s in corpus.sites(0) if s.slug == slug)
    assert len(pages) >= 3
    for lines in pages:
        start = 1 if site.site_line else 0
        assert tuple(lines[start : start + len(site.nav)]) == site.nav
        footer = lines[len(lines) - len(site.footer) :]
        for template, line in zip(site.footer, footer, strict=True):
            if "{year}" not in template:
                assert line == template.format(site=site.name)


def test_every_language_is_written_and_identified() -> None:
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    tagger = LanguageTagger(LanguageSettings.from_config(config["language"]))
    languages = {site.language for site in corpus.sites(0)}
    assert languages == set(LEXICONS)
    for code, lexicon in LEXICONS.items():
        writer = corpus._Writer(random.Random(code), lexicon)
        tags = [tagger.tag(writer.paragraph(3)).language for _ in range(5)]
        assert tags == [code] * 5, (code, tags)


def test_article_length_mixture_has_a_tail() -> None:
    rng = random.Random("tail")
    counts = sorted(corpus.article_paragraphs(rng) for _ in range(5000))
    assert counts[0] >= 2 and 5 <= counts[2500] <= 9
    assert sum(c > 60 for c in counts) > 20  # about 1%, from the largest range


def test_make_corpus_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["make-corpus", str(tmp_path / "out"), "--n", "12", "--seed", "3"]) == 0
    assert "12 pages" in capsys.readouterr().out
    assert len(_files(tmp_path / "out")) == 12
    assert main(["make-corpus", str(tmp_path / "out"), "--n", "12"]) == 2  # not empty
