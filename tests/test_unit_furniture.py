"""Unit tests of docpipe.text.furniture and docpipe.text.zoning: documents that are not pages
are all body, and never join a site."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pages import PAGE
from plain_texts import CAFE, LICENCE, LICENCE_VARIANT, README, RELEASE_NOTES

from docpipe.text.furniture import furniture_reason, is_plain_document
from docpipe.text.paragraphs import split_paragraphs
from docpipe.text.templates import mine_templates, page_lines
from docpipe.text.zoning import PLAIN_BODY, zone_page

PLAIN = {"cafe": CAFE, "readme": README, "release_notes": RELEASE_NOTES, "licence": LICENCE}


def _paragraphs(text: str) -> list[str]:
    return [text[start:end] for start, end in split_paragraphs(text)]


def _body_share(text: str) -> float:
    texts = _paragraphs(text)
    body = sum(len(t) for t, z in zip(texts, zone_page(texts), strict=True) if z.zone == "body")
    return body / sum(map(len, texts))


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_document_without_furniture_is_all_body(name: str) -> None:
    texts = _paragraphs(PLAIN[name])
    assert furniture_reason(texts) is None
    assert zone_page(texts) == [PLAIN_BODY] * len(texts)
    assert _body_share(PLAIN[name]) == 1.0


def test_the_cafe_note_was_boilerplate_under_the_page_rules() -> None:
    # What the issue saw: the article search finds no run long enough, so every paragraph
    # becomes before_article boilerplate; zone_page keeps it as body.
    from docpipe.text.zones import classify_zones

    texts = _paragraphs(CAFE)
    assert {z.reason for z in classify_zones(texts)} == {"before_article"}
    assert {z.zone for z in zone_page(texts)} == {"body"}


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["World", "Politics", "Sport", "Weather"], "navigation_run"),
        (["World | Politics | Sport | Weather"], "menu_line"),
        (["Share on Facebook"], "web_phrase"),
        (["We use cookies to improve your experience."], "web_phrase"),
        (["3 Comments"], "comment_section"),
        (["Leave a Reply"], "comment_section"),
        (
            ["14 Responses to “How I Built a Tiny House on a Budget in Six Months Flat”"],
            "comment_section",
        ),
        (["Log in"], "web_phrase"),
        (["Subscribe/Sign In"], "web_phrase"),
        (["Related Stories"], "related_section"),
    ],
)
def test_each_sign_of_furniture_makes_a_page(extra: list[str], reason: str) -> None:
    texts = [*extra, *_paragraphs(CAFE)]
    assert furniture_reason(texts) == reason
    assert not is_plain_document(texts)


@pytest.mark.parametrize(
    "extra",
    [
        # People and companies one a line (Debian copyright files of boost, OpenJDK, GnuTLS).
        ["David Abrahams", "Douglas Gregor", "Jaako Järvi", "Peter Dimov", "Beman Dawes"],
        ["Apache Software Foundation", "Microsoft Corporation", "IBM Corporation", "Intel Inc"],
        # A stanza of a copyright file printed twice in a row: not an image's alt text.
        ["Copyright (C) 2001-2019 Free Software Foundation, Inc.\nmix of GPL-3.0 and LGPL-2.1"] * 2,
        # A path whose file name contains "subscribe".
        ["libs/fiber/examples/asio/ps/subscriber.cpp"],
    ],
)
def test_what_a_copyright_file_prints_is_no_sign_of_a_page(extra: list[str]) -> None:
    texts = [*_paragraphs(CAFE), *extra, *_paragraphs(LICENCE)]
    assert furniture_reason(texts) is None


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["Politics", "Jane Doe", "John Roe", "Max Muster"], "navigation_run"),
        (["A frog sings on a lily pad at dawn"] * 2, "image_caption"),
        (["Subscribe"], "web_phrase"),
        (["Cookie settings"], "web_phrase"),
        (["We use cookies to improve your experience."], "web_phrase"),
        (["* Share on Facebook"], "web_phrase"),
    ],
)
def test_their_page_shaped_neighbours_still_are(extra: list[str], reason: str) -> None:
    texts = [*_paragraphs(CAFE), *extra]
    assert furniture_reason(texts) == reason


@pytest.mark.parametrize(
    "line",
    [
        "If you would like more information or help, you can subscribe to the mailing list.",
        "- dnf: Run subscription-manager only when it is installed",
        "** Set new cookies after an authorization failure",  # Wget's NEWS, an Org-mode list
        "* Sessions with Cookie Persistence",
        "Follow us at https://social.example/@frogs",
        "authority: Avoid cookie wrapping by using u64 counter",
        'print("----------")',
        # A commit message, a bug list's line and a file name are no comment heading, no
        # subscription box and no login.
        "Add a comment to explain why the tests guarantee that the code always computes it",
        "557629 Response ID not converted for GtkFileChooserDialog",
        "752656 gdbusconnection: Fix signal subscription documentation",
        ".gitlab-ci.yml: keep config.log in windows builds",
        # Taking file names out makes no phrase: this is no "Email" button.
        "Email: jane@example.org",
    ],
)
def test_prose_or_markup_naming_a_web_phrase_is_no_sign(line: str) -> None:
    assert furniture_reason([*_paragraphs(CAFE), line]) is None


def test_a_list_under_a_colon_is_no_navigation_run_and_a_long_run_is_one_sign() -> None:
    languages = ["Czech", "Galician", "Indonesian", "Italian", "Polish", "Spanish", "Danish"]
    lines = [f"Paragraph {n} of a release note, which says nothing of menus." for n in range(12)]
    assert furniture_reason([*lines, "* Translation updates:", *languages]) is None
    assert furniture_reason([*lines, "* Translation updates", *languages]) is None
    # gdk-pixbuf's NEWS: a list under a list item, one entry no menu entry, release after
    # release.
    updates = ["* Translation updates", "Catalan (Valencian)", *languages]
    assert furniture_reason([*lines, *updates, "* Win32 build fixes", *updates]) is None
    assert furniture_reason([*lines, "Translation updates", *languages] * 2) == "navigation_run"
    # GTK's: many languages under the bulleted item before the odd one; GLib's: the odd one
    # first, under a colon.
    long_list = ["* Translation updates", *languages * 3, "Catalan (Valencian)", *languages]
    assert furniture_reason([*lines, *long_list, "* Fixes", *long_list]) is None
    glib = ["Translation updates:", "Chinese (Taiwan)", *languages]
    assert furniture_reason([*lines, *glib, "Bugs fixed", *glib]) is None
    # A site's menu under a search box's label, broken by an entry with a slash, is a menu.
    menu = ["Search for:", "News", "Opinion/Letters", "Sport", "Health", "Food", "Fashion"]
    assert furniture_reason([*menu, *lines]) == "navigation_run"
    # A numbered line announces nothing: a German date over a menu; nor a bulleted line that is
    # no item of words, or that is a web phrase.
    sections = ["News", "Sport", "Culture", "Weather"]
    for line in ("18. Mai 2026", "- Menu -", "- Menu", "- - -", "* * *", "+ Text Size",
                 "* Copyright © 2024 Insider Inc", "- Nov. 18th 2019 12:12 pm PT"):  # fmt: skip
        assert furniture_reason([line, *sections, *lines]) == "navigation_run", line
    # One run, however long, is one sign; a second run, below the header, makes a page.
    assert furniture_reason([*lines, *languages, *languages]) is None
    assert furniture_reason([*lines, *languages, "Release 2.1", *languages]) == "navigation_run"


@pytest.mark.parametrize(
    "lines",
    [
        ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any"],
        ["Alice", "Bob", "Carol", "Dave", "Eve", "Frank"],
        ["python", "rust", "go", "java", "kotlin"],
        ["東京", "大阪", "京都", "名古屋", "福岡"],
        ["Rain", "falls", "softly", "now", "Wind", "blows", "cold", "tonight"],
        ["Search for:", "News", "Opinion/Letters", "Sport", "Health", "Food", "Fashion"],
    ],
)
def test_short_lines_without_running_text_are_a_list_and_all_body(lines: list[str]) -> None:
    # A word list, names, tags, a poem of one word a line: no paragraph of running text for
    # a menu to be furniture around, so not a page (its article search found nothing: every
    # line was navigation and the body empty). A menu saved alone reads so too.
    assert furniture_reason(lines) is None
    assert zone_page(lines) == [PLAIN_BODY] * len(lines)
    assert furniture_reason([*lines, "Mix the flour and the milk"]) == "navigation_run"


def test_a_listicle_without_a_sentence_is_still_a_page() -> None:
    page = ["World", "Politics", "Business", "Tech", "Science",
            "Ten things to do in Lisbon this summer", "By Ana Costa, 3 June 2024",
            "1. Ride tram 28 through Alfama", "2. Watch the sunset at Miradouro da Graça",
            "3. Eat pastéis de nata in Belém", "Most read", "Why rents keep rising"]  # fmt: skip
    assert furniture_reason(page) == "navigation_run"
    assert zone_page(page)[0].zone == "navigation"


def test_one_sign_below_the_header_is_a_line_of_the_text_and_two_make_a_page() -> None:
    lines = [f"Paragraph {n} of a long note, which says nothing of menus." for n in range(12)]
    assert furniture_reason(["Subscribe", *lines]) == "web_phrase"
    assert furniture_reason([*lines, "Subscribe"]) is None
    assert furniture_reason([*lines, "Subscribe", "Related Stories"]) == "web_phrase"


def test_a_site_template_line_makes_a_page() -> None:
    texts = _paragraphs(CAFE)
    assert furniture_reason(texts, template=[0]) == "template_line"


def test_short_lines_of_a_licence_or_a_table_are_not_navigation() -> None:
    # Three short lines (a name and an address) and a plain-text table are not a menu.
    address = ["Jane Roe", "Fold Group", "Mill Street"]
    table = ["uid | name | description", "1000 | jane | Jane Roe", "1001 | john | John Roe"]
    assert furniture_reason([*address, *table, *_paragraphs(LICENCE)]) is None


def test_a_table_header_over_its_rule_is_no_menu_line() -> None:
    # base-passwd's README: a header row, the rule under it, then rows of another width.
    header = ["uid   | name              | description", "------+-------------------+---------"]
    rows = ["64000 | ftn | fidogate", "64001 | mysql | mysql-server"]
    assert furniture_reason([*header, *rows, *_paragraphs(LICENCE)]) is None
    markdown = ["Name | Size | Kind", "---|:---:|---", "frog.txt | 3 kB | a text file"]
    assert furniture_reason([*markdown, *_paragraphs(LICENCE)]) is None
    # Without their rules, alone under a line of text, the headers are menu lines as before; a
    # horizontal rule or a heading's underline (no column junction) is no table rule.
    for line in (header[0], markdown[0]):
        assert furniture_reason(["Reserved:", line, *_paragraphs(LICENCE)]) == "menu_line"
    menu = "Home | News | Sport | Weather"
    assert furniture_reason([menu, "------------", *_paragraphs(LICENCE)]) == "menu_line"


def test_a_long_line_that_is_almost_a_table_rule_is_read_in_linear_time() -> None:
    # A first draft's rule pattern backtracked exponentially: 48 dashes then text took 11 s
    # beside a menu line, 60 would have taken about 20 minutes. In a child process, so that a
    # slow pattern fails the test instead of stalling the run.
    code = (
        "from docpipe.text.furniture import furniture_reason\n"
        "furniture_reason(['Name | Type | Description', '|' + '-' * 60 + ' cut here', 'x.'])\n"
        "furniture_reason(['+' + '--- ' * 5000 + 'x', 'A | B | C'])\n"
        "furniture_reason(['a' * 400000 + '.log in'])\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_nothing_inside_a_markdown_code_block_is_a_sign() -> None:
    # xmltodict's README prints example data one value a line inside a code block.
    values = ["Fantômas", "King Crimson", "Chris Potter", "Anarchism", "Autism"]
    lines = [f"Paragraph {n} of a README, which says nothing of menus." for n in range(12)]
    assert furniture_reason([*lines, "```", *values, "```", *values]) is None
    # Info strings: a language, after a space, in braces; a longer fence holds shorter ones.
    for opening in ("```python\nprint(1)", "``` python", "```{r}", "~~~~"):
        closing = "~~~~" if opening.startswith("~") else "```"
        assert furniture_reason([*lines, opening, *values, closing, *values]) is None
    assert furniture_reason([*lines, "````", "```", *values, "```", *values, "````"]) is None
    # Outside the block the same lines are a navigation run, and signs after the block count.
    assert furniture_reason([*lines, *values, "Subscribe"]) == "navigation_run"
    assert furniture_reason([*lines, "```", *values, "```", "Subscribe", "3 Comments"]) == (
        "web_phrase"
    )
    # A fence never closed (a scene break of tildes, a block cut off) opens nothing.
    footer = ["Subscribe", "3 Comments", "Related Stories"]
    for fence in ("~~~", "```"):
        assert furniture_reason([*lines, fence, "Some text.", *footer]) == "web_phrase"


def test_the_synthetic_news_page_is_a_page() -> None:
    assert furniture_reason(PAGE) is not None
    assert zone_page(PAGE)[0].zone == "navigation"


def test_two_licences_sharing_paragraphs_are_not_one_site() -> None:
    rows = [
        (doc_id, *line)
        for doc_id, text in (("a" * 16, LICENCE), ("b" * 16, LICENCE_VARIANT))
        for line in page_lines(_paragraphs(text))
    ]
    assert rows == []  # no furniture: no candidate template lines at all
    assert mine_templates(rows, min_pages=2) == ({}, [])


def test_copies_of_a_press_release_on_two_sites_are_not_template() -> None:
    release = _paragraphs(LICENCE_VARIANT)  # any shared prose will do
    first = ["Home", "Markets", "Companies", "Opinion", "Contact"]
    second = ["Start", "Regional", "Culture", "Letters", "About us"]
    other = "A different story entirely, about the harbour's new ferry timetable."
    pages = {
        "1" * 16: [*first, *release],
        "2" * 16: [*first, other],
        "3" * 16: [*second, *release],
        "4" * 16: [*second, other + " Second site."],
    }
    rows = [(d, *line) for d, texts in pages.items() for line in page_lines(texts)]
    sites, template = mine_templates(rows, min_pages=2)
    assert set(sites.values()) == {"1" * 16, "3" * 16}
    assert {line for _, _, line, _ in template} == set(first) | set(second)


def test_zone_page_with_the_rules_alone_and_a_bad_model_name() -> None:
    from docpipe.text.zones import classify_zones

    assert zone_page(PAGE, model=None) == classify_zones(PAGE)
    with pytest.raises(ValueError, match="zone model"):
        zone_page(PAGE, model="newest")


def test_a_blog_post_whose_only_furniture_is_its_comment_thread_is_a_page():
    # Below the page header, two "<name> says:" lines with reply buttons are two signs.
    post = [f"Paragraph {n} of a post about growing tomatoes on a balcony." for n in range(12)]
    thread = ["Mark says:", "Great tips!", "Reply", "Lucy says:", "Which variety?", "Reply"]
    assert furniture_reason(post + thread) == "comment_section"
    assert furniture_reason(post) is None


def test_a_refrain_printed_twice_after_every_verse_is_no_caption():
    verse = "Down by the river where the willows grow\nI met my darling many years ago"
    refrain = "Oh the river, oh the river, take me home"
    song = ["The River Song"]
    for _ in range(3):
        song += [verse, refrain, refrain]
    assert furniture_reason(song) is None
    # An image's alt text and caption, printed once each, still mark a page.
    caption = "The mayor opens the new bridge over the river on Monday morning"
    page = ["Menu", "News", "Sport", caption, caption, *song[1:4]]
    assert furniture_reason(page) is not None
    assert furniture_reason([verse, caption, caption, verse]) == "image_caption"
