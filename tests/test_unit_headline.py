"""Unit tests of docpipe.text.headline's candidates on small synthetic pages."""

from __future__ import annotations

from pages import HEADLINE, PAGE

from docpipe.text.headline import Headline, page_features, title_parts
from docpipe.text.zones import classify_zones


def _parts(text: str) -> list[str]:
    return [text[start:end] for start, end in title_parts(text)]


def test_title_parts_cut_the_site_off_either_side():
    assert _parts("Frogs sing again | Frog News") == ["Frogs sing again", "Frog News"]
    assert _parts("Frog News :: Frogs sing again") == ["Frog News", "Frogs sing again"]
    assert _parts("Frogs sing again – Science - Frog News") == [
        "Frogs sing again",
        "Science - Frog News",
        "Frogs sing again – Science",
        "Frog News",
    ]


def test_title_parts_leave_words_with_hyphens_and_menus_alone():
    assert title_parts("Al-Qaeda and the well-known frogs") == []
    assert title_parts("Home | World | Science | Frogs | Sport") == []


def test_headline_is_a_slice_of_its_paragraph():
    texts = ["Home", "Frogs sing again | Frog News"]
    part = Headline(1, 0, len("Frogs sing again"))
    assert part.text(texts) == "Frogs sing again"
    assert not part.whole(texts)
    assert Headline(1, 0, len(texts[1])).whole(texts)


def test_parts_of_a_title_site_line_are_candidates_beside_the_line():
    page = [*PAGE[:3], f"{HEADLINE} | Frog News", *PAGE[4:]]
    found = {head.text(page): row for head, row in page_features(page, classify_zones(page))}
    assert f"{HEADLINE} | Frog News" in found and HEADLINE in found
    assert found[HEADLINE]["part"] == 1.0 and found[HEADLINE]["part_first"] == 1.0
    assert found[HEADLINE]["part_rest_short"] == 1.0
    assert "part" not in found[f"{HEADLINE} | Frog News"]
