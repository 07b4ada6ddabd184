"""Unit tests of docpipe.text.page: what one page's tables hold."""

from __future__ import annotations

from pages import ARTICLE, HEADLINE, PAGE

from docpipe.text.page import HEADLINE as HEADLINE_ZONE
from docpipe.text.page import NOT_THE_HEADLINE, headline_zone, zones_and_metadata
from docpipe.text.zones import Zoned

BODY = Zoned("body", "densest_text_run")
RULE_TITLE = Zoned("title", "headline_before_article")
BEFORE = Zoned("boilerplate", "before_article")


def test_the_title_zone_is_the_paragraph_the_title_was_read_from():
    # The rules took a date line for the headline; the headline model read the title from the
    # line above it: one title zone, there.
    zones = [BEFORE, RULE_TITLE, BODY, BODY]
    assert headline_zone(zones, 0) == [HEADLINE_ZONE, NOT_THE_HEADLINE, BODY, BODY]
    assert headline_zone(zones, 1) == [BEFORE, HEADLINE_ZONE, BODY, BODY]
    assert headline_zone(zones, None) == [BEFORE, NOT_THE_HEADLINE, BODY, BODY]
    # A body paragraph taken for the headline stays body: documents.text is the zones' body.
    assert headline_zone(zones, 2) == [BEFORE, NOT_THE_HEADLINE, BODY, BODY]


def test_pages_hold_one_title_zone_where_documents_title_is():
    zones, metadata = zones_and_metadata(PAGE, [])
    titles = [i for i, zoned in enumerate(zones) if zoned.zone == "title"]
    assert titles == [metadata.title_paragraph] and PAGE[titles[0]] == HEADLINE
    # A short page whose headline the zones keep as body: no title zone elsewhere.
    blog = ["Home About Blog Contact", HEADLINE, "March 3, 2020", *ARTICLE]
    zones, metadata = zones_and_metadata(blog, [])
    assert metadata.title == HEADLINE and zones[metadata.title_paragraph].zone == "body"
    assert not [zoned for zoned in zones if zoned.zone == "title"]
