"""Unit tests of docpipe.text.paragraphs.split_paragraphs on tiny literal texts."""

from __future__ import annotations

import pytest

from docpipe.text.paragraphs import split_paragraphs


def _texts(text: str) -> list[str]:
    return [text[start:end] for start, end in split_paragraphs(text)]


def test_blank_line_separated_blocks():
    text = "First para.\n\nSecond para."
    assert split_paragraphs(text) == [(0, 11), (13, 25)]
    assert _texts(text) == ["First para.", "Second para."]


def test_spans_exclude_surrounding_whitespace():
    # "  " blank line, "  Hello there.  ", empty line, "\t Bye.", "  " trailing line.
    text = "  \n  Hello there.  \n\n\t Bye.\n  "
    assert split_paragraphs(text) == [(5, 17), (23, 27)]
    assert _texts(text) == ["Hello there.", "Bye."]


def test_crlf_blank_line_separates_paragraphs():
    text = "Alpha.\r\n\r\nBeta."
    assert split_paragraphs(text) == [(0, 6), (10, 15)]


def test_crlf_is_one_line_break_not_two():
    # If \r and \n each counted as a break, an empty line would appear between the two lines and
    # split them; as one break, the two similar-length lines are one wrapped paragraph.
    first = "This wrapped line of prose is well over forty characters,"
    second = "and this one goes on with the same sentence."
    assert len(second) >= 0.7 * len(first) >= 0.7 * 40  # wrapped by the module's rule
    text = f"{first}\r\n{second}"
    assert split_paragraphs(text) == [(0, len(first) + 2 + len(second))]


def test_lone_cr_line_ends():
    text = "One para.\r\rTwo para."
    assert split_paragraphs(text) == [(0, 9), (11, 20)]


def test_unicode_line_separator_line_ends():
    text = "First block.\u2028\u2028Second block."
    assert split_paragraphs(text) == [(0, 12), (14, 27)]
    assert _texts(text) == ["First block.", "Second block."]


def test_page_style_lines_become_one_paragraph_each():
    # Lines of 4, 10, 29 and 5 characters: nothing like prose wrapped at a fixed width.
    text = "Home\nWorld News\nSign in to your account today\nAbout"
    assert split_paragraphs(text) == [(0, 4), (5, 15), (16, 45), (46, 51)]
    assert _texts(text) == ["Home", "World News", "Sign in to your account today", "About"]


def test_hard_wrapped_prose_block_stays_one_paragraph():
    lines = [
        "The committee met on Tuesday to discuss the proposed changes to the",
        "city budget, which would move money from road repairs to the public",
        "library system and extend opening hours on weekends for families.",
        "A vote is expected next month.",
    ]
    # Preconditions of the scenario: wrapped at ~70 columns, short last line.
    assert all(64 <= len(line) <= 72 for line in lines[:-1])
    text = "\n".join(lines)
    assert split_paragraphs(text) == [(0, len(text))]


def test_hard_wrapped_block_between_other_blocks():
    wrapped = (
        "Rain fell across the northern valleys for most of the day, and the\n"
        "rivers rose quickly as the evening went on."
    )
    text = "Weather\n\n" + wrapped + "\n\nEnd"
    # "Weather" is 7 characters, then two newlines; the wrapped block is 66 + 1 + 43 = 110
    # characters (9..119), then two newlines and "End".
    assert split_paragraphs(text) == [(0, 7), (9, 119), (121, 124)]
    assert _texts(text) == ["Weather", wrapped, "End"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", " \t\r\n\u2028 \u3000\u00a0\n"])
def test_whitespace_only_text_gives_no_paragraphs(text):
    assert split_paragraphs(text) == []


def test_non_ascii_offsets_are_str_indices():
    text = "Ça va? Très bien.\n\nŻółć gęślą jaźń.\n\n日本語の文。"
    assert split_paragraphs(text) == [(0, 17), (19, 35), (37, 43)]
    assert _texts(text) == ["Ça va? Très bien.", "Żółć gęślą jaźń.", "日本語の文。"]


def test_short_menu_lines_of_similar_length_are_not_merged():
    assert split_paragraphs("News\nSport") == [(0, 4), (5, 10)]
