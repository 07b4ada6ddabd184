"""Unit tests of the author rules outside the header's one-line bylines (docpipe.text.authors)
and of the line readers they use (docpipe.text.bylines), on small synthetic pages."""

from __future__ import annotations

from pages import ARTICLE, HEADLINE

from docpipe.text.authors import find_author, stacked_names
from docpipe.text.bylines import byline_names, name_line, person_names
from docpipe.text.metadata import header_order
from docpipe.text.zones import Zoned

BEFORE = Zoned("boilerplate", "before_article")
BODY = Zoned("body", "densest_text_run")
AFTER = Zoned("boilerplate", "after_article")
TEMPLATE = Zoned("boilerplate", "repeated_in_site")


def _author(page: list[str], zones: list[Zoned], title: int | None = 0) -> tuple | None:
    return find_author(page, zones, header_order(page, zones, title), title)


def _article_page(above: list[str], below: list[str], below_zones: list[Zoned] | None = None):
    """`above`: the lines from the headline down to the article; `below`: the lines after it."""
    article = ARTICLE * 4  # long enough that the lines after it are outside the header
    page = [*above, *article, *below]
    zones = [BEFORE] * len(above) + [BODY] * len(article)
    return page, zones + (below_zones or [AFTER] * len(below))


def test_names_under_a_bare_byline_label():
    lines = ["Von", "Jasper Riemann", "Barbara Schneider", ARTICLE[0]]
    assert stacked_names(lines, 0) == ["Jasper Riemann", "Barbara Schneider"]
    lines = ["Author of the article:", "By Ben Andrews", "Published May 25, 2026"]
    assert stacked_names(lines, 0) == ["Ben Andrews"]
    # a role under the name ends the names, it is not one
    lines = ["By", "Benjamin Romano", "Seattle Times business reporter"]
    assert stacked_names(lines, 0) == ["Benjamin Romano"]
    assert stacked_names(["Games Editor", "Yahoo Finance"], 0) == []  # a role, not a label
    assert stacked_names(["Reporter", "John Roe", "Editor"], 0) == []
    assert stacked_names(["Von", ARTICLE[0]], 0) == []
    # A sponsor's label (The New York Times prints "Supported by" over every headline) names no
    # author, nor does the line under it.
    headline = "Manhole Fires and Burst Pipes: How Winter Wreaks Havoc on What's Underneath"
    for label in ("Supported by", "Sponsored by", "Presented by", "Brought to you by"):
        assert stacked_names([label, headline], 0) == [], label
        assert byline_names(f"{label} Acme Frog Supplies") == [], label
    assert byline_names("Photographs by Jane Doe") == []
    assert byline_names("Story by Jane Doe") == ["Jane Doe"]


def test_an_agency_after_the_names_ends_them():
    assert name_line("Paula Steiger, SDA") == ["Paula Steiger"]
    assert person_names("SDA, Paula Steiger", whole=True) == []  # no name before it
    assert byline_names("Von Diana Resnik mit AP") == ["Diana Resnik"]
    assert name_line("Jane Doe, Ritzau") == ["Jane Doe"]
    assert byline_names("Posted by Alon Zakai.") == ["Alon Zakai"]
    assert byline_names("By Jane Doe J.R.") == ["Jane Doe J.R."]
    assert byline_names("Reporter: Jane Doe | Editor: John Roe") == ["Jane Doe"]


def test_closing_agency_after_a_template_box():
    box = ["Newsletter", "Der Morgen", "Weitere Newsletter"]
    page, zones = _article_page([HEADLINE], [*box, "SDA/sep", "Fehler gefunden?"])
    zones[-5:-2] = [TEMPLATE] * 3
    assert _author(page, zones) == ("SDA", len(page) - 2, "closing_byline")


def test_closing_names_only_when_printed_above_the_article():
    names = "Ярослав Кузишин, Антон Зелинский, Карина Гасимова"
    # six words with no separator: not one name, nor names the rules can split
    above = [HEADLINE, "Ярослав Кузишин Антон Зелинский Карина Гасимова 8 января, 17:46"]
    page, zones = _article_page(above, [names, "Реклама:"])
    assert _author(page, zones) == (names, len(page) - 2, "closing_byline")
    page, zones = _article_page([HEADLINE], [names, "Реклама:"])
    assert _author(page, zones) is None


def test_byline_a_little_above_the_header():
    """The headline picked is a subheading below the byline: the byline zone above it."""
    top = ["von David Straub, MDR", "Stand: 28. April 2023", "A standfirst.", "Auf dieser Seite:"]
    above = [*top, "Teaser one", "Teaser two", "Teaser three", "Teaser four", "Subheading"]
    page, zones = _article_page(above, [])
    zones[0] = Zoned("byline", "byline_phrase")
    assert _author(page, zones, title=len(above) - 1) == ("David Straub", 0, "byline_names")
    zones[0] = BEFORE  # the same line in another zone is not taken so far from the headline
    assert _author(page, zones, title=len(above) - 1) is None


def test_facts_box_and_author_box_after_the_article():
    box = ["Audio und Video zum Thema", "Datum 28.04.2023", "Autorin/Autor Roman Goncharenko"]
    page, zones = _article_page([HEADLINE], box)
    assert _author(page, zones) == ("Roman Goncharenko", len(page) - 1, "closing_byline")
    # after the closing line, "Von" is as often a related story's byline
    page, zones = _article_page([HEADLINE], ["Mehr zum Thema", "Von Anna Beispiel"])
    assert _author(page, zones) is None
    related = [Zoned("related", "after_related_mark")] * 3
    page, zones = _article_page([HEADLINE], ["すべて見る", "この記事の筆者", "松岡大地"], related)
    assert _author(page, zones) == ("松岡大地", len(page) - 1, "closing_byline")


def test_a_desk_alone_on_a_line_of_the_header():
    page, zones = _article_page([HEADLINE], [])
    page[6:6] = ["IN-Redaktion"]
    zones[6:6] = [Zoned("boilerplate", "zone_model_not_body")]
    assert _author(page, zones) == ("IN-Redaktion", 6, "agency_line")


def test_a_name_over_a_role_line():
    box = ["Letzte Artikel", "Über", "Sidney Wiltgen", "Journalist", "Alle anzeigen"]
    page, zones = _article_page([HEADLINE], box)
    assert _author(page, zones) == ("Sidney Wiltgen", len(page) - 3, "name_before_byline")
    page[-2] = "Editor's picks"  # a menu heading, not a role
    assert _author(page, zones) is None
    page[-2] = "Journalist"
    zones[-3:-1] = [TEMPLATE] * 2  # a site's footer menu ("Times Topics" / "Public Editor")
    assert _author(page, zones) is None


def test_a_personal_site_owner_from_the_footer():
    footer = Zoned("footer", "page_footer")
    page, zones = _article_page(["Haki Benita", "About", HEADLINE], ["© Haki Benita 2016-2020"])
    zones[-1] = footer
    assert _author(page, zones, title=2) == ("Haki Benita", len(page) - 1, "site_owner")
    page[0] = "Home"  # a company's footer names no one printed over the article
    assert _author(page, zones, title=2) is None
    page[0], zones[-1] = "Haki Benita", AFTER  # a photo credit is not in the footer
    assert _author(page, zones, title=2) is None


def test_a_bio_names_the_author_only_when_it_speaks_of_a_person():
    bio = "Mama Robotnik is a video game historian. He specialises in lost games."
    page, zones = _article_page([HEADLINE], [])
    page, zones = [*page, bio], [*zones, BODY]
    assert _author(page, zones) == ("Mama Robotnik", len(page) - 1, "author_bio")
    readme = "Widget Toolkit is a small library for drawing buttons in a terminal."
    assert _author([*page[:-1], readme], zones) is None


def test_a_section_heading_under_the_title_is_no_name_line():
    # A paper's headings read as name lines (two capitalised words) under its title.
    for heading in ("Related Work", "Our Approach", "Getting Started", "Future Work"):
        assert name_line(heading) == [], heading


def test_a_bio_of_an_occupation_or_with_their_names_the_author():
    page, zones = _article_page([HEADLINE], [])
    for bio in ("Sam Lee is a photographer based in Seoul.",
                "Alex Kim is the founder of Acme Labs. Their new book is out in May."):  # fmt: skip
        name = " ".join(bio.split()[:2])
        assert _author([*page, bio], [*zones, BODY]) == (name, len(page), "author_bio"), bio


def test_a_name_line_is_no_template_line_nor_news():
    # Under a headline a site's template lines are buttons and menus as often as a reporter's
    # name: none is taken. A section's name ("news" in a language) is no name either.
    page, zones = _article_page([HEADLINE, "Radek Nohl"], [])
    assert _author(page, zones) == ("Radek Nohl", 1, "name_line")
    for line in ("Radek Nohl", "Copy Link", "Sign In"):
        page, zones = _article_page([HEADLINE, line], [])
        zones[1] = TEMPLATE
        assert _author(page, zones) is None, line
    for section in ("Notícias da Fórmula 1", "Nachrichten Bayern"):
        page, zones = _article_page([HEADLINE, section], [])
        assert _author(page, zones) is None, section
