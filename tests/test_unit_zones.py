"""Unit tests of docpipe.text.zones.classify_zones on a small synthetic page."""

from __future__ import annotations

from dataclasses import replace

from pages import (
    ARTICLE,
    COMMENT_HEADER,
    COMMENT_LINE,
    HEADLINE,
    PAGE,
    RELATED,
    RELATED_TITLE,
)

from docpipe.text.article_search import SCORING
from docpipe.text.words import word_count
from docpipe.text.zones import _BROWSER_NOTICE, Zoned, _mentions, classify_zones


def test_page_preconditions():
    assert all(word_count(text) >= 15 for text in ARTICLE + RELATED)
    assert sum(map(len, ARTICLE)) > sum(map(len, RELATED))
    assert 4 <= word_count(HEADLINE) <= 30


def test_synthetic_page_zones():
    zones = classify_zones(PAGE)
    assert len(zones) == len(PAGE)
    assert zones == [
        Zoned("navigation", "short_line_before_article"),
        Zoned("navigation", "short_line_before_article"),
        Zoned("navigation", "short_line_before_article"),
        Zoned("title", "headline_before_article"),
        Zoned("byline", "byline_phrase"),
        Zoned("body", "densest_text_run"),
        Zoned("body", "densest_text_run"),
        Zoned("boilerplate", "boilerplate_phrase"),
        Zoned("body", "densest_text_run"),
        Zoned("related", "after_related_marker"),
        Zoned("related", "related_title"),
        Zoned("related", "after_related_marker"),
        Zoned("related", "after_related_marker"),
        Zoned("comment", "comment_header"),
        Zoned("comment", "after_comment_header"),
    ]


def test_headline_is_the_only_title():
    zones = classify_zones(PAGE)
    assert [i for i, z in enumerate(zones) if z.zone == "title"] == [3]


def test_body_spans_the_article_across_an_advertisement():
    zones = classify_zones(PAGE)
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [5, 6, 8]


def test_related_story_is_not_body():
    zones = classify_zones(PAGE)
    assert {zones[i].zone for i in (10, 11, 12)} == {"related"}


def test_without_the_related_marker_the_runs_merge():
    # The Related marker is what breaks the runs: without it, the short related title (index 9
    # now) is a one-paragraph gap, so the article run extends over the related story, and every
    # unfixed paragraph inside the run, the short title included, is body.
    page = [p for p in PAGE if p != "Related"]
    zones = classify_zones(page)
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [5, 6, 8, 9, 10, 11]
    assert zones[7] == Zoned("boilerplate", "boilerplate_phrase")


def test_empty_page():
    assert classify_zones([]) == []


def test_page_without_long_paragraphs_has_no_body():
    page = ["Home", "News", "Contact us", "A short note for visitors.", "See you soon!"]
    zones = classify_zones(page)
    assert len(zones) == len(page)
    assert all(z.zone != "body" for z in zones)
    assert all(z.zone != "title" for z in zones)
    # Short unterminated lines are navigation; terminated ones are boilerplate.
    assert zones == [
        Zoned("navigation", "short_line_before_article"),
        Zoned("navigation", "short_line_before_article"),
        Zoned("navigation", "short_line_before_article"),
        Zoned("boilerplate", "before_article"),
        Zoned("boilerplate", "before_article"),
    ]


def test_caption_patterns():
    page = [
        HEADLINE,
        "In this photo taken last spring, a frog rests on a leaf.",
        "Pictured: the frog",
        "Pictured: the frog",
        *ARTICLE,
    ]
    zones = classify_zones(page)
    assert zones[1] == Zoned("caption", "caption_pattern")
    assert zones[2] == Zoned("caption", "caption_pattern")
    assert zones[0] == Zoned("title", "headline_before_article")
    assert [z.zone for z in zones[4:]] == ["body", "body", "body"]


def test_repeated_line_is_a_caption():
    line = "A green frog on a wet leaf at night"
    page = [HEADLINE, ARTICLE[0], line, line, ARTICLE[1], ARTICLE[2]]
    zones = classify_zones(page)
    assert zones[2] == Zoned("caption", "repeated_line")
    assert zones[3] == Zoned("caption", "repeated_line")
    assert [zones[i].zone for i in (1, 4, 5)] == ["body", "body", "body"]


def test_comment_section_after_header():
    page = [*ARTICLE, COMMENT_HEADER, COMMENT_LINE, "I saw one of these frogs in Brazil!"]
    zones = classify_zones(page)
    assert zones[3] == Zoned("comment", "comment_header")
    assert zones[4] == Zoned("comment", "after_comment_header")
    assert zones[5] == Zoned("comment", "after_comment_header")
    assert [z.zone for z in zones[:3]] == ["body", "body", "body"]


def test_unspaced_scripts_count_two_characters_as_a_word():
    assert word_count("北京是中国的首都") == 4
    assert word_count("Hello 世界 again") == 3
    assert word_count("three plain words") == 3


def test_a_chinese_article_has_a_body():
    article = [
        "新华社北京电 国家统计局今天发布数据显示，今年前三季度国内生产总值同比增长。",
        "数据显示，前三季度全国居民人均可支配收入继续增长，消费市场保持稳定恢复态势。",
        "专家表示，下一阶段宏观政策将继续发力，推动经济运行持续向好，保持社会大局稳定。",
    ]
    assert all(word_count(p) >= 15 for p in article)  # ~36 characters = 18 words
    zones = classify_zones(["首页", "新闻", "经济数据发布", *article])
    assert [z.zone for z in zones[3:]] == ["body"] * 3


def test_a_long_paragraph_printed_twice_is_not_a_caption():
    long = " ".join(["word"] * 60) + "."
    zones = classify_zones(["A Headline For The Test Page", long, long])
    assert [z.zone for z in zones[1:]] == ["body", "body"]


def _teaser(n: int) -> list[str]:
    return [
        f"Opinion piece number {n} about the frogs of the valley",
        "Sam Writer",
        "Tuesday November 19, 2019",
        f"Teaser {n}: the valley's frogs are in the news again, and this short summary of a "
        "different article says why in a few dozen words that would fill one paragraph.",
    ]


def test_article_beats_a_longer_list_of_teasers():
    # A list of teasers (headline, author, date, lead) can hold more words than the article; the
    # dates and short lines between its leads cost more than its leads bring.
    page = [HEADLINE, "By Jane Doe", *ARTICLE, "More from Frog News"]
    page += [line for n in range(8) for line in _teaser(n)]
    zones = classify_zones(page)
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [2, 3, 4]
    assert zones[0] == Zoned("title", "headline_before_article")


def test_site_template_lines_are_boilerplate_and_never_the_article():
    cookie = (
        "This website uses cookies to improve your experience while you navigate through the "
        "website, and we assume you are fine with this unless you opt out of them at any time."
    )
    page = ["Home", cookie, cookie.replace("website", "site"), HEADLINE, *ARTICLE]
    template = {0, 1, 2}
    zones = classify_zones(page, template)
    assert [zones[i] for i in sorted(template)] == [Zoned("boilerplate", "repeated_in_site")] * 3
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [4, 5, 6]
    assert zones[3] == Zoned("title", "headline_before_article")
    # Without the template the cookie notice reads like running text and joins the article.
    assert [i for i, z in enumerate(classify_zones(page)) if z.zone == "body"] == [1, 2, 3, 4, 5, 6]


def test_every_related_story_gets_its_own_title():
    story = [RELATED_TITLE, *RELATED]
    page = [HEADLINE, *ARTICLE, "Latest", *story, "Latest", *story, "Latest", *story]
    zones = classify_zones(page)
    titles = [i for i, z in enumerate(zones) if z.reason == "related_title"]
    assert titles == [5, 9, 13]
    assert all(zones[i].zone == "related" for i in range(4, len(page)))


def test_a_tag_cloud_is_not_the_article():
    tags = " ".join(f"tag{n} frogs ponds rain" for n in range(30))  # 120 words, no punctuation
    page = ["Home", HEADLINE, ARTICLE[0], "Archive", tags]
    zones = classify_zones(page)
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [2]


def test_wordless_lines_do_not_break_the_article():
    blank = "\u200b"  # page dumps print a zero-width space for an empty block
    page = [HEADLINE, ARTICLE[0], blank, ARTICLE[1], blank, ARTICLE[2]]
    zones = classify_zones(page)  # page_lines never offers them to the site template either
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [1, 2, 3, 4, 5]


def test_an_inline_link_box_does_not_end_the_article():
    # Newsweek sets "Related Stories" and a few headlines between two paragraphs of the article.
    box = [
        "Related Stories",
        "Dangers of Frogs Told in Numbers",
        "Why Rainforest Frogs Sing at Night",
    ]
    page = [HEADLINE, *ARTICLE, ARTICLE[0], *box, *ARTICLE[1:], *ARTICLE[:2]]
    zones = classify_zones(page)
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [1, 2, 3, 4, 8, 9, 10, 11]
    assert [zones[i] for i in (5, 6, 7)] == [Zoned("related", "inline_link_box")] * 3
    # As a hard break (the ablation's setting) the box cuts the article in two; one half is lost.
    hard = classify_zones(page, scoring=replace(SCORING, inline_marker=None))
    assert [i for i, z in enumerate(hard) if z.zone == "body"] == [8, 9, 10, 11]


def test_a_browser_notice_is_boilerplate():
    notices = [
        "Per favore utilizza un browser moderno come Edge, Firefox, Chrome o uno qualunque degli "
        "altri a disposizione gratuitamente.",
        "Ihr Browser ist veraltet. Bitte aktualisieren Sie Ihren Browser auf die neueste Version.",
        "Thank you for visiting example.com. You are using a browser version with limited support "
        "for CSS. To obtain the best experience, we recommend you use a more up to date browser "
        "(or turn off compatibility mode in Internet Explorer). In the meantime, to ensure "
        "continued support, we are displaying the site without styles and JavaScript.",
        "Example.com no longer supports Internet Explorer 9 or earlier. Please upgrade your "
        "browser.",
        "Your web browser is no longer supported. To improve your experience update it here",
    ]
    zones = classify_zones([*notices, HEADLINE, *ARTICLE])
    assert zones[: len(notices)] == [Zoned("boilerplate", "boilerplate_phrase")] * len(notices)
    # The substring test in front of the notice's pattern drops none of its matches in lower,
    # upper or title case.
    for text in notices:
        for variant in (text, text.lower(), text.upper(), text.title()):
            assert _BROWSER_NOTICE.search(variant) and _mentions(variant, "rowser")
    # Stories about browsers are no notices: the advice is not a sentence of its own.
    prose = [
        "As of June 15, Microsoft no longer supports Internet Explorer on most versions of "
        "Windows 10, and the company says users should move to Edge.",
        "The flaw is being exploited, so if you use Chrome, update your browser as soon as the "
        "patch arrives, the researchers said.",
        "Around 95 percent of visitors are now using a modern browser such as Chrome or Firefox.",
        "Officials warn that if your browser is outdated, the new portal may refuse to load.",
        "Das BSI rät: Aktualisieren Sie Ihren Browser so schnell wie möglich, sagte ein Sprecher.",
        "Wer Firefox nutzt, muss handeln: Ihr Browser wird nicht automatisch aktualisiert.",
        "Chi utilizza un browser moderno è al riparo, ma molti uffici usano ancora un browser "
        "molto vecchio.",
    ]
    for sentence in prose:
        page = [HEADLINE, ARTICLE[0], sentence, *ARTICLE[1:]]
        assert classify_zones(page)[2].zone == "body", sentence


def test_a_recommendations_box_above_a_continues_line_does_not_end_the_article():
    # Postmedia's papers (National Post, Ottawa Citizen) set a "Trending" box of headlines
    # between two paragraphs and write under the next advertisement that the article goes on.
    box = ["Trending", "Dangers of Frogs Told in Numbers", "Why Rainforest Frogs Sing at Night"]
    for line in (
        "Story continues below",
        "This advertisement has not loaded yet, but your article continues below.",
        "Continue Reading Below",
    ):
        after = ["Advertisement 2", line, *ARTICLE[1:], *ARTICLE[:2]]
        page = [HEADLINE, *ARTICLE, ARTICLE[0], *box, *after]
        zones = classify_zones(page)
        assert [i for i, z in enumerate(zones) if z.zone == "body"][-1] == len(page) - 1, line
        assert zones[5] == Zoned("related", "inline_link_box")
    # Without the line saying so, "Trending" ends the article as any recommendations heading.
    ended = [p for p in page if p != "Continue Reading Below"]
    assert [i for i, z in enumerate(classify_zones(ended)) if z.zone == "body"] == [1, 2, 3, 4]
    # Nor does a continues line count above the box, in the comments, below other pages'
    # teasers (sentences), far below the heading, or inside a sentence.
    teasers = [RELATED_TITLE, *RELATED, "Frogs of the Andes Face a New Fungus", *RELATED]
    for page in (
        [HEADLINE, ARTICLE[0], "Story continues below", *ARTICLE[1:], *box, *ARTICLE],
        [HEADLINE, *ARTICLE, "You may also like", *teasers, COMMENT_HEADER,
         "Story continues below"],
        [HEADLINE, *ARTICLE, "Recommended", *teasers, "Advertisement", "Story continues below",
         RELATED[0]],
        [HEADLINE, *ARTICLE, *box, *["Frog News"] * 20, "Story continues below", *ARTICLE],
        [HEADLINE, *ARTICLE, "Trending", RELATED_TITLE,
         "Her story continues after a decade in prison, as the singer returns to the stage.",
         *RELATED],
    ):  # fmt: skip
        zones = classify_zones(page)
        heading = next(
            i
            for i, text in enumerate(page)
            if text in ("Trending", "Recommended", "You may also like")
        )
        assert max(i for i, z in enumerate(zones) if z.zone == "body") < heading, page


def test_a_comment_thread_with_reply_buttons_is_not_the_article():
    # A thread without a heading the rules know: WordPress's "<name> says:" and "Reply" under
    # each comment, taz's "<name> antworten". Comments of two paragraphs as long as the
    # article's would otherwise extend its run (the page to the end is body without the rule).
    comments = [RELATED[0], RELATED[1]]
    for says, reply in (("Modern Wife says:", "Reply"), ("Verstandsbrunnen sagt:", "Antworten"),
                        ("Magnus_15", "Magnus_15 antworten")):  # fmt: skip
        thread = [says, *comments, reply, says, *comments, reply]
        page = [HEADLINE, *ARTICLE, *thread]
        body = [i for i, z in enumerate(classify_zones(page)) if z.zone == "body"]
        if says.endswith(":"):
            assert body == [1, 2, 3], reply
        else:
            # No line marks where taz's first comment starts: only the ones after a reply
            # button are cut off.
            assert body == [1, 2, 3, 4, 5, 6], reply
    # A quotation's lead-in in the article is no commenter's line, though the comments below
    # have reply buttons: no reply button follows it.
    for says, reply in (("The statement says:", "Reply"), ("Der Minister sagt:", "Antworten")):
        page = [HEADLINE, *ARTICLE[:2], says, ARTICLE[2], ARTICLE[0], "3 Comments",
                "Bob says:", *comments, reply, "Ann says:", *comments, reply]  # fmt: skip
        body = [i for i, z in enumerate(classify_zones(page)) if z.zone == "body"]
        assert body == [1, 2, 3, 4, 5], says
    # Headings that end in a word for "reply" or "answer" are no reply buttons: questions and
    # answers, an editor's reply, a doctor's answer (the name before the word is not a line
    # of its own above it).
    for heading in ("Fragen und Antworten", "Editor's reply", "Spørsmål og svar",
                    "Lääkäri vastaa", "How to reply"):  # fmt: skip
        page = [HEADLINE, *ARTICLE[:2], heading, ARTICLE[2], ARTICLE[0], heading, ARTICLE[1]]
        body = [i for i, z in enumerate(classify_zones(page)) if z.zone == "body"]
        assert {1, 2, 4, 5, 7} <= set(body), heading
    # One reply button is no thread ("Reply" may close an article about e-mail), and without
    # reply buttons "X says:" is a quotation's lead-in: the run goes on.
    for lines in (["Reply"], ["Dr. Ada Lovelace says:", "Dr. Ada Lovelace says:"]):
        page = [HEADLINE, *ARTICLE, lines[0], *comments, *lines[1:], *comments]
        zones = classify_zones(page)
        assert zones[-1].zone == "body", lines


def test_a_marker_followed_by_a_byline_opens_an_appended_article():
    # A whole story (long enough to outweigh a link box's cost) after the marker, with its own
    # byline: it stays a related story.
    story = [RELATED_TITLE, "By John Roe", *RELATED, *RELATED]
    page = [HEADLINE, *ARTICLE, *ARTICLE, "Related", *story]
    zones = classify_zones(page)
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [1, 2, 3, 4, 5, 6]
    assert zones[8] == Zoned("related", "related_title")
    assert {zones[i].zone for i in range(7, len(page))} == {"related"}
    # Without the byline the same story reads as the article's continuation past a link box.
    no_byline = [p for p in page if p != "By John Roe"]
    assert [i for i, z in enumerate(classify_zones(no_byline)) if z.zone == "body"][-1] == 12


def test_teasers_after_a_recommendations_heading_are_never_the_article():
    # A quotation site: a one-paragraph article, then "You may also like" and longer teasers.
    teasers = [*ARTICLE, *RELATED, *ARTICLE]
    page = [HEADLINE, ARTICLE[1], "You may also like", *teasers]
    zones = classify_zones(page)
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [1]
    assert {zones[i].zone for i in range(3, len(page))} == {"related"}
    # Without a qualifying run before the heading, the search goes on after it.
    assert [i for i, z in enumerate(classify_zones(["Home", *page[2:]])) if z.zone == "body"]


def test_a_link_box_heading_in_the_menu_does_not_end_the_article_search():
    # The Verge prints "More from Verge Guidebook" among its menu lines, above the article, and
    # a teaser above that.
    menu = ["Science", "Video", "Space", "Health", "Energy", "Film", "Games", "Tumblr"]
    page = [RELATED[0], "More from Frog Guide", *menu, HEADLINE, *ARTICLE]
    zones = classify_zones(page)
    assert [i for i, z in enumerate(zones) if z.zone == "body"] == [11, 12, 13]
