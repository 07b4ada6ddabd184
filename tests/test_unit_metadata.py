"""Unit tests of docpipe.text.metadata on small synthetic pages."""

from __future__ import annotations

import datetime as dt

import pytest
from pages import ARTICLE, COMMENT_LINE, HEADLINE, PAGE, RELATED

from docpipe.text.metadata import (
    Comment,
    Metadata,
    extract_comments,
    extract_metadata,
    parse_datetime,
)
from docpipe.text.zones import Zoned, classify_zones


def _spans(texts: list[str]) -> list[tuple[int, int]]:
    """Spans as if the paragraphs were joined by blank lines ("\\n\\n")."""
    spans, position = [], 0
    for text in texts:
        spans.append((position, position + len(text)))
        position += len(text) + 2
    return spans


def test_metadata_of_the_synthetic_page():
    metadata = extract_metadata(PAGE, classify_zones(PAGE))
    assert metadata == Metadata(
        title=HEADLINE,
        title_paragraph=3,
        title_reason="headline_model",
        site=None,
        site_paragraph=None,
        author="Jane Doe",
        author_paragraph=4,
        author_reason="byline_names",
        published=None,  # the only date on the page is a comment's
        published_paragraph=None,
    )


def test_comments_of_the_synthetic_page():
    spans = _spans(PAGE)
    comments = extract_comments(PAGE, spans, classify_zones(PAGE))
    assert comments == [
        Comment(
            comment_index=0,
            author="Bob",
            posted_at=dt.datetime(2020, 3, 3, 10, 0),
            start=spans[14][0],
            end=spans[14][1],
        )
    ]
    joined = "\n\n".join(PAGE)
    assert joined[comments[0].start : comments[0].end] == COMMENT_LINE


def test_comment_without_text_keeps_its_row_with_an_empty_span():
    page = [
        *ARTICLE,
        "#1 Comment By Bob On March 3, 2020 @ 10:00 am",  # 3: no text follows before #2
        "#2 Comment By Ann Lee On March 4, 2020 @ 9:30 pm",  # 4
        "I agree with Bob.",  # 5
        "Frogs are wonderful.",  # 6
    ]
    spans = _spans(page)
    comments = extract_comments(page, spans, classify_zones(page))
    assert comments == [
        Comment(0, "Bob", dt.datetime(2020, 3, 3, 10, 0), spans[3][1], spans[3][1]),
        Comment(1, "Ann Lee", dt.datetime(2020, 3, 4, 21, 30), spans[5][0], spans[6][1]),
    ]


def test_footer_after_the_comments_is_not_part_of_the_last_comment():
    page = [
        *ARTICLE,
        "#1 Comment By Bob On March 3, 2020 @ 10:00 am",  # 3
        "Frogs are wonderful.",  # 4
        "About us",  # 5
        "Privacy Policy",  # 6
        "Copyright 2020 Frog News. All rights reserved.",  # 7
    ]
    spans = _spans(page)
    zones = classify_zones(page)
    assert [(z.zone, z.reason) for z in zones[5:]] == [("footer", "page_footer")] * 3
    comments = extract_comments(page, spans, zones)
    assert [(c.start, c.end) for c in comments] == [spans[4]]


def test_site_author_and_published_from_the_header_area():
    page = [
        "Frog Times | https://www.frogtimes.example/",
        HEADLINE,
        "By Jane Doe",
        "Published March 5, 2021",
        *ARTICLE,
    ]
    metadata = extract_metadata(page, classify_zones(page))
    assert metadata == Metadata(
        title=HEADLINE,
        title_paragraph=1,
        title_reason="headline_model",
        site="Frog Times",
        site_paragraph=0,
        site_reason="site_url_line",
        author="Jane Doe",
        author_paragraph=2,
        author_reason="byline_names",
        published=dt.date(2021, 3, 5),
        published_paragraph=3,
        published_reason="date_near_headline",
    )


def test_site_from_a_bare_url_drops_www():
    page = ["Visit https://www.example.org/news/today for more", HEADLINE, *ARTICLE]
    metadata = extract_metadata(page, classify_zones(page))
    assert (metadata.site, metadata.site_paragraph) == ("example.org", 0)


def test_author_from_a_bio_at_the_end_of_the_article():
    bio = (
        "Maria Lopez is a science reporter who has covered biology and the environment "
        "for over ten years from her base in Lima."
    )
    page = [HEADLINE, *ARTICLE, bio]
    metadata = extract_metadata(page, classify_zones(page))
    assert (metadata.author, metadata.author_paragraph) == ("Maria Lopez", 4)


def test_date_only_in_a_caption_or_comment_is_not_published():
    page = [
        HEADLINE,
        "By Jane Doe",
        "In this photo taken March 3, 2020, a frog rests on a leaf.",
        *ARTICLE,
        "#1 Comment By Bob On March 4, 2020 @ 10:00 am",
        "Nice photo, taken on June 1, 2020.",
    ]
    zones = classify_zones(page)
    assert zones[2].zone == "caption"  # precondition: the dated line is a caption
    metadata = extract_metadata(page, zones)
    assert metadata.published is None
    assert metadata.published_paragraph is None
    assert metadata.author == "Jane Doe"


def test_date_in_comment_section_of_a_page_without_body_is_not_published():
    page = [
        "Home",
        "Gallery",
        "#1 Comment By Bob On March 3, 2020 @ 10:00 am",
        "Posted March 5, 2021",
        "Lovely frogs.",
    ]
    metadata = extract_metadata(page, classify_zones(page))
    assert metadata.published is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3, 2020 @ 10:00 am", dt.datetime(2020, 3, 3, 10, 0)),
        ("Posted on 5 June 2019", dt.datetime(2019, 6, 5)),
        ("Updated 2021-11-30 at 14:05", dt.datetime(2021, 11, 30, 14, 5)),
        ("Dec. 25th, 2018", dt.datetime(2018, 12, 25)),
    ],
)
def test_parse_datetime_absolute(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2 hours ago",
        "Posted 3 days ago",
        "yesterday at 10:00",
        "March 3",
        "on 5 June at 10:00 am",
        "no date here at all",
        "",
    ],
)
def test_parse_datetime_none_without_an_absolute_date(text):
    assert parse_datetime(text) is None


def test_byline_of_a_related_story_is_not_the_author():
    page = [
        HEADLINE,
        *ARTICLE,
        "Related",
        "Another Rare Frog Found in Peru Last Year",
        "By John Smith",
        *RELATED,
    ]
    metadata = extract_metadata(page, classify_zones(page))
    assert metadata.author is None


def test_extraction_metric_on_literal_texts() -> None:
    from docpipe_tools.evaluate_extraction import PageScore, means, score_page

    gold = "one two three four five six"  # shingles: 1234 2345 3456
    assert score_page("a", "one two three four five", gold) == PageScore("a", 1.0, 2 / 3)
    assert score_page("b", "", gold) == PageScore("b", None, 0.0)
    precision, recall, f1 = means([PageScore("a", 1.0, 2 / 3), PageScore("b", None, 0.0)])
    assert (precision, recall) == (1.0, 1 / 3)
    assert f1 == pytest.approx(2 * (1 / 3) / (4 / 3))


def _header_author(lines: list[str], zones: list[str] | None = None) -> str | None:
    """The author `find_author` reads from lines[1:] below the headline lines[0] (all in the
    before_article zone unless `zones` names each line's (zone, reason))."""
    from docpipe.text.authors import find_author
    from docpipe.text.metadata import header_order

    zoned = [Zoned(*z.split("/")) for z in zones] if zones else []
    zoned = zoned or [Zoned("boilerplate", "before_article")] * len(lines)
    page = [*lines, *ARTICLE]
    zoned = [*zoned, *[Zoned("body", "densest_text_run")] * len(ARTICLE)]
    found = find_author(page, zoned, header_order(page, zoned, 0), 0)
    return None if found is None else found[0]


def test_the_header_reaches_header_max_paragraphs_below_the_headline():
    from docpipe.text.metadata import _HEADER_MAX, header_order

    # The Washington Times prints its byline 30 paragraphs under the headline, past menus and a
    # poll: "at most 30 below" includes the 30th.
    page = [HEADLINE, *["Menu"] * (_HEADER_MAX - 1), "By Jane Doe - Friday, April 28, 2023"]
    page += [*ARTICLE]
    zones = [Zoned("boilerplate", "before_article")] * (_HEADER_MAX + 1)
    zones += [Zoned("body", "densest_text_run")] * len(ARTICLE)
    header = header_order(page, zones, 0)
    assert _HEADER_MAX in header and _HEADER_MAX + 1 not in header


def test_name_line_next_to_the_headline():
    assert _header_author([HEADLINE, "A teaser of the story.", "Jane Doe"]) == "Jane Doe"


def test_name_line_is_not_a_caption_over_its_photo_credit():
    # "Friedrich Merz" over "Foto: REUTERS/...": the caption names who is in the photo.
    lines = [HEADLINE, "Donald Trump", "Foto: REUTERS/Nathan Howard", "Ada Michalak"]
    assert _header_author(lines) == "Ada Michalak"


def test_name_line_is_not_the_names_of_a_photo_credit():
    assert _header_author([HEADLINE, "Foto:", "Andrew Harnik / AP"]) is None
    assert _header_author([HEADLINE, "Copyright Fredrik Persson/AP"]) is None


def test_name_line_is_not_made_of_headline_words():
    headline = "The Open Journalism Project: Better Student Journalism"
    assert _header_author([headline, "Better Student Journalism"]) is None
    # ... unless the headline is a teaser that carries the byline
    teaser = "We can do anything. A comment by Jan Sellner"
    assert _header_author([teaser, "Jan Sellner"]) == "Jan Sellner"


def test_name_line_stops_at_a_section_marker():
    lines = [HEADLINE, "You may also like", "Matt Novak"]
    zones = ["title/headline", "navigation/section_marker", "navigation/short_line"]
    assert _header_author(lines, zones) is None


def test_name_line_further_down_when_a_date_is_beside_it():
    filler = ["Share", "Comments", "Print", "Listen", "Save", "Menu", "Follow"]
    assert _header_author([HEADLINE, *filler, "Ondrej Katz", "9:51"]) == "Ondrej Katz"
    assert _header_author([HEADLINE, *filler, "Ondrej Katz", "Share"]) is None


def test_a_publication_byline_only_when_no_person_is_named():
    assert _header_author([HEADLINE, "By Euronews with Agencies"]) == "Euronews"
    assert _header_author([HEADLINE, "By Euronews with Agencies", "Jane Doe"]) == "Jane Doe"


def test_the_date_of_a_print_issue_is_not_published():
    page = [HEADLINE, "Aus: Ausgabe vom 26.04.2024, Seite 1", "By Jane Doe", *ARTICLE]
    zones = classify_zones(page)
    assert (
        extract_metadata(
            page,
            zones,
        ).published
        is None
    )
    page = [HEADLINE, "December 25, 2023/January 1, 2024, Issue", "January 11, 2024", *ARTICLE]
    assert extract_metadata(page, classify_zones(page)).published == dt.date(2024, 1, 11)


def test_an_updated_date_only_when_the_page_prints_no_other():
    page = [HEADLINE, "Stand: 24.04.2024 22:58 Uhr", "By Jane Doe", *ARTICLE]
    metadata = extract_metadata(page, classify_zones(page))
    assert (metadata.published, metadata.published_reason) == (
        dt.date(2024, 4, 24),
        "date_updated_only",
    )
    page = [HEADLINE, "Updated March 9, 2021", "Published March 5, 2021", *ARTICLE]
    metadata = extract_metadata(page, classify_zones(page))
    assert (metadata.published, metadata.published_reason) == (
        dt.date(2021, 3, 5),
        "date_near_headline",
    )


def test_an_agency_line_only_when_no_person_is_named():
    assert _header_author([HEADLINE, "A teaser of the story.", "AFP"]) == "AFP"
    assert _header_author([HEADLINE, "AFP", "By Jane Doe"]) == "Jane Doe"


def test_byline_is_read_under_the_last_copy_of_the_headline():
    from docpipe.text.headline import last_copy
    from docpipe.text.zones import Zoned

    top = [HEADLINE, "Trending", "UK Leeds Riots", "Donald Trump", "Joe Biden"]
    header = [HEADLINE, "Jane Doe / TNN / Jul 19, 2024, 21:27 IST"]
    page = [*top, *["Menu"] * 8, *header, *ARTICLE, HEADLINE]  # a related list repeats it
    zoned = [Zoned("boilerplate", "before_article")] * (len(top) + 8 + len(header))
    zoned += [Zoned("body", "densest_text_run")] * len(ARTICLE) + [Zoned("related", "after")]
    assert last_copy(page, zoned, 0) == len(top) + 8
    assert last_copy(page, zoned, 2) == 2  # a line printed once


def test_cjk_byline_names_follow_a_label():
    from docpipe.text.bylines import cjk_byline_names

    assert cjk_byline_names("2017-03-10 来源： 网易科学人 作者： 责任编辑：肖春芳") == ["肖春芳"]
    assert cjk_byline_names("(责编：牛镛、岳弘彬)") == ["牛镛", "岳弘彬"]
    assert cjk_byline_names("新华社记者 王小明") == ["王小明"]
    assert cjk_byline_names("编辑部的故事") == []  # a label inside a word
    assert cjk_byline_names("編集部") == []


def test_closing_byline_right_after_the_article():
    from docpipe.text.zones import Zoned

    article = ARTICLE * 10  # the closing line is below the header
    page = ["Menu", HEADLINE, *article, "(责编：牛镛、岳弘彬)", "分享让更多人看到"]
    zoned = [Zoned("navigation", "short_line"), Zoned("title", "headline")]
    zoned += [Zoned("body", "densest_text_run")] * len(article)
    zoned += [Zoned("boilerplate", "after_article")] * 2
    found = extract_metadata(page, zoned)
    assert (found.author, found.author_reason) == ("牛镛, 岳弘彬", "closing_byline")
    # a bare name there is not taken ("Neueste Beiträge" reads as one)
    page[-2] = "Neueste Beiträge"
    assert extract_metadata(page, zoned).author is None


def test_desk_name_of_a_short_line():
    from docpipe.text.bylines import agency_line

    assert agency_line("dpa MM-Redaktion Palma, Mallorca 15.04.25 09:56") == "MM-Redaktion"
    assert agency_line("BR24 Redaktion") == "BR24 Redaktion"
    assert agency_line("IN-Redaktion") == "IN-Redaktion"
    assert agency_line("Die Redaktion empfiehlt") is None
    assert agency_line("Die Redaktion") is None
    assert agency_line("Kontakt zur Redaktion") is None


def test_a_section_name_taken_for_body_above_the_headline_does_not_start_the_article():
    # The New York Times prints its section ("New York") over the headline; when the zones call
    # it body, the article still starts at the paragraphs under the headline, so the headline
    # is a title candidate and the byline under it is read.
    from docpipe.text.headline import article_start

    menu = ["Log In", "Subscribe", "Today's Paper", "Supported by"]
    page = ["Sections", "New York", *menu, HEADLINE, "By Jane Doe", *ARTICLE]
    zones = classify_zones(page)
    zones[1] = Zoned("body", "zone_model")
    assert article_start(zones, page) == 8
    metadata = extract_metadata(page, zones)
    assert (metadata.title, metadata.author) == (HEADLINE, "Jane Doe")
    # A short body line with body right under it (a subheading) starts the article.
    zones[2] = Zoned("body", "zone_model")
    assert article_start(zones, page) == 1


def _joined_comments(page: list[str]) -> list[tuple[str | None, dt.datetime | None, str]]:
    spans = _spans(page)
    joined = "\n\n".join(page)
    return [
        (c.author, c.posted_at, joined[c.start : c.end])
        for c in extract_comments(page, spans, classify_zones(page))
    ]


def test_a_wordpress_thread_gives_a_row_per_comment():
    # "<name> says:" over the time, the comment, a reply button; the form's heading after the
    # last comment is not part of it.
    page = [
        HEADLINE, *ARTICLE, "3 thoughts on “Frogs of the valley”",
        "Mark Peters says:", "March 4, 2020 at 8:15 am", "Great tips, thank you!", "Reply",
        "Ann Lee says:", "March 4, 2020 at 9:02 pm", "I agree.", "Frogs are wonderful.", "Reply",
        "Lucy says:", "March 5, 2020 at 6:40 pm", "Which frogs?", "Reply",
        "Leave a Reply", "Your email address will not be published.",
    ]  # fmt: skip
    assert _joined_comments(page) == [
        ("Mark Peters", dt.datetime(2020, 3, 4, 8, 15), "Great tips, thank you!"),
        ("Ann Lee", dt.datetime(2020, 3, 4, 21, 2), "I agree.\n\nFrogs are wonderful."),
        ("Lucy", dt.datetime(2020, 3, 5, 18, 40), "Which frogs?"),
    ]
    zones = classify_zones(page)
    assert zones[-2].zone != "comment" and zones[-1].zone != "comment"  # the form
    assert not any(z.zone == "body" for z in zones[len(ARTICLE) + 2 :])


def test_a_thread_of_names_over_times_under_its_heading_gives_rows():
    # A German "sagt:" thread with "um ... Uhr" times, and a thread whose comments open with
    # the name alone over the time (WordPress themes that drop "says").
    german = [
        HEADLINE, *ARTICLE, "12 Ergänzungen",
        "Modern Wife sagt:", "28. April 2024 um 10:17 Uhr", "Die Beobachtungen sind richtig.",
        "Antworten", "Philipp sagt:", "28. April 2024 um 12:34 Uhr", "Kommt aus den USA.",
        "Antworten",
    ]  # fmt: skip
    assert _joined_comments(german) == [
        ("Modern Wife", dt.datetime(2024, 4, 28, 10, 17), "Die Beobachtungen sind richtig."),
        ("Philipp", dt.datetime(2024, 4, 28, 12, 34), "Kommt aus den USA."),
    ]
    names = [
        HEADLINE, *ARTICLE, "2 thoughts on “Frogs of the valley”",
        "Gaye", "August 8, 2018 at 3:17 pm", "YOU.ARE.AWESOME!",
        "Pamela Wilson", "August 8, 2018 at 7:07 pm", "Thanks so much for stopping by.",
        "Comments are closed.", "Generic selectors",
    ]  # fmt: skip
    assert _joined_comments(names) == [
        ("Gaye", dt.datetime(2018, 8, 8, 15, 17), "YOU.ARE.AWESOME!"),
        ("Pamela Wilson", dt.datetime(2018, 8, 8, 19, 7), "Thanks so much for stopping by."),
    ]


def test_names_over_times_without_a_comment_heading_are_no_comments():
    # A byline over its date under the headline, a live blog's entries: no comment section
    # heading above them, so no thread; nor under a listicle's "5 thoughts on ..." (no quote).
    live = [HEADLINE, "Jane Doe", "March 3, 2020 at 10:15 am", *ARTICLE,
            "John Roe", "March 3, 2020 at 11:40 am", ARTICLE[0],
            "Jane Doe", "March 3, 2020 at 12:05 pm", ARTICLE[1]]  # fmt: skip
    assert _joined_comments(live) == []
    listicle = [HEADLINE, *ARTICLE, "5 thoughts on Arsenal's draw",
                "Jane Doe", "March 3, 2020 at 10:15 am", ARTICLE[0],
                "John Roe", "March 3, 2020 at 11:40 am", ARTICLE[1]]  # fmt: skip
    assert _joined_comments(listicle) == []


def test_thread_rules_leave_the_article_and_other_lists_alone():
    # An article's "The statement says:" over a quotation just above the comments: article
    # text, not a comment (its reply button is the next commenter's).
    quote = "“We are proud to support the libraries of this city for years to come.”"
    page = [HEADLINE, *ARTICLE, "The statement says:", quote, "2 Responses",
            "Gaye says:", "August 8, 2018 at 3:17 pm", "Great article.", "Reply",
            "Bob Smith says:", "August 9, 2018 at 1:05 am", "I disagree.", "Reply"]  # fmt: skip
    assert [a for a, _, _ in _joined_comments(page)] == ["Gaye", "Bob Smith"]
    zones = classify_zones(page)
    assert zones[len(ARTICLE) + 1].zone != "comment" and zones[len(ARTICLE) + 2].zone != "comment"
    # "0 Comments" over a list of latest stories with their times: no comments.
    latest = [HEADLINE, *ARTICLE, "0 Comments", "Latest News",
              "Library hours extended", "March 1, 2020 at 9:00 am",
              "New mayor sworn in", "February 20, 2020 at 10:30 am"]  # fmt: skip
    assert _joined_comments(latest) == []


def test_a_comment_keeps_its_text_whatever_the_theme():
    # The reply button under the name and time, over the text; a comment line that opens like
    # a comment heading; a short last comment above the page's footer.
    page = [HEADLINE, *ARTICLE, "2 thoughts on “Frogs of the valley”",
            "Gaye", "August 8, 2018 at 3:17 pm", "Reply", "I tried to write a longer note.",
            "Add a comment box to the library page, please, it would help a lot.",
            "Bob Smith", "August 9, 2018 at 1:05 am", "Reply", "Agreed",
            "Privacy policy", "Contact us", "© 2020 Example News"]  # fmt: skip
    assert [text for _, _, text in _joined_comments(page)] == [
        "I tried to write a longer note.\n\nAdd a comment box to the library page, please, it "
        "would help a lot.",
        "Agreed",
    ]


@pytest.mark.parametrize(
    ("text", "posted"),
    [
        ("03.04.2024 um 10:17 Uhr", dt.datetime(2024, 4, 3, 10, 17)),  # day first, as dates
        ("3 Mar 2020 - 9:05am", dt.datetime(2020, 3, 3, 9, 5)),
        ("August 8, 2018, 3.17pm", dt.datetime(2018, 8, 8, 15, 17)),
        ("10:15 pm, March 3, 2020", dt.datetime(2020, 3, 3, 22, 15)),
        ("03.04.24 um 10:17", dt.datetime(2024, 4, 3, 10, 17)),  # not 03:04
        ("2024.04.03 10:17", dt.datetime(2024, 4, 3, 10, 17)),
        ("March 4, 2020 at 12:15 am", dt.datetime(2020, 3, 4, 0, 15)),
        ("November 21, 2017 @ 10:38 pm", dt.datetime(2017, 11, 21, 22, 38)),
        ("August 8, 2018 at 27:17", dt.datetime(2018, 8, 8)),  # no such time: the day
        ("2018-08-08 15:17:00+01:00", dt.datetime(2018, 8, 8, 15, 17)),  # not the offset
        ("August 8, 2018 at 3:17:45 pm", dt.datetime(2018, 8, 8, 15, 17)),
    ],
)
def test_a_comment_time_is_its_day_and_its_clock(text, posted):
    from docpipe.text.metadata import posted_at

    assert posted_at(text) == posted


def test_a_thread_of_long_comments_does_not_take_the_article():
    long = " ".join(
        ["The libraries keep the neighbourhoods together, and this budget is wrong."] * 8
    )
    page = [HEADLINE, *ARTICLE[:2], "2 Responses",
            "Gaye says:", "August 8, 2018 at 3:17 pm", long, long, long, "Reply",
            "Bob Smith says:", "August 9, 2018 at 1:05 am", "I disagree.", "Reply"]  # fmt: skip
    zones = classify_zones(page)
    assert [z.zone for z in zones[1:3]] == ["body", "body"]
    assert [a for a, _, _ in _joined_comments(page)] == ["Gaye", "Bob Smith"]


def test_commenters_with_their_time_and_no_button_and_a_quote_in_a_comment():
    # WordPress drops the reply button at the deepest level; a comment's "As my mother always
    # says:" has no time under it, so it is no commenter's line.
    page = [HEADLINE, *ARTICLE, "3 Responses",
            "Gaye says:", "August 8, 2018 at 3:17 pm", "As my mother always says:",
            "“A town without a library is a town without a future.”", "Reply",
            "Bob Smith says:", "August 9, 2018 at 1:05 am", "I disagree with Gaye.",
            "Carl Jones says:", "August 9, 2018 at 2:05 am", "Me too.", "Reply"]  # fmt: skip
    assert [(a, t.split("\n")[0]) for a, _, t in _joined_comments(page)] == [
        ("Gaye", "As my mother always says:"),
        ("Bob Smith", "I disagree with Gaye."),
        ("Carl Jones", "Me too."),
    ]


def test_the_last_comment_of_a_button_over_text_theme_ends_before_the_sidebar():
    sidebar = ["Recent Posts", "Library hours extended for the summer", "Archives", "March 2020"]
    footer = ["Privacy policy", "Contact us", "© 2020 Example News"]
    page = [HEADLINE, *ARTICLE, "2 thoughts on “Frogs of the valley”",
            "Gaye", "August 8, 2018 at 3:17 pm", "Reply", "I tried to write a longer note.",
            "Bob Smith", "August 9, 2018 at 1:05 am", "Reply", "I disagree.", *sidebar]  # fmt: skip
    assert [t for _, _, t in _joined_comments(page)] == [
        "I tried to write a longer note.", "I disagree."
    ]  # fmt: skip
    # An empty last comment: the footer's first line is not its text.
    page = [HEADLINE, *ARTICLE, "2 thoughts on “Frogs of the valley”",
            "Gaye", "August 8, 2018 at 3:17 pm", "I tried to write a longer note.",
            "Bob Smith", "August 9, 2018 at 1:05 am", *footer]  # fmt: skip
    assert [t for _, _, t in _joined_comments(page)] == ["I tried to write a longer note.", ""]


def test_a_long_comment_keeps_the_next_commenter_out():
    points = [f"Point {k}: the libraries deserve better funding than this." for k in range(14)]
    page = [HEADLINE, *ARTICLE, "3 thoughts on “Frogs of the valley”",
            "Gaye", "August 8, 2018 at 3:17 pm", "Nice.",
            "Bob Smith", "August 9, 2018 at 1:05 am", *points,
            "Carl Jones", "August 9, 2018 at 2:05 am", "Me too.", "Leave a Reply"]  # fmt: skip
    comments = _joined_comments(page)
    assert [a for a, _, _ in comments] == ["Gaye", "Bob Smith", "Carl Jones"]
    assert "Carl" not in comments[1][2]
