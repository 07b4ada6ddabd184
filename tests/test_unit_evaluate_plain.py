"""Unit tests of docpipe_tools.evaluate_plain: the share of a plain document kept as body."""

from __future__ import annotations

import polars as pl

from docpipe_tools.evaluate_plain import PlainScore, lost_text, plain_scores, report


def test_shares_count_visible_characters_of_body_against_the_decoded_text() -> None:
    sources = pl.DataFrame({"doc_id": ["a", "b", "c"],
                            "text": ["Ab cd\n\nEf gh", "Menu\n\nText here", "Lost"]})  # fmt: skip
    documents = pl.DataFrame({"doc_id": ["b", "a", "c"], "source_path": ["b.txt", "a.txt", "c"],
                              "text": ["Text here", "Ab cd\nEf gh", None]})  # fmt: skip
    scores = plain_scores(sources, documents)
    assert [(s.source_path, s.chars, s.kept) for s in scores] == [
        ("a.txt", 8, 8), ("b.txt", 12, 8), ("c", 4, 0)
    ]  # fmt: skip
    assert [round(s.share, 3) for s in scores] == [1.0, 0.667, 0.0]


def test_the_report_gives_the_share_the_losses_and_the_empty_bodies() -> None:
    scores = [PlainScore("a.txt", 100, 100), PlainScore("b.txt", 100, 50),
              PlainScore("c.txt", 50, 0), PlainScore("empty.txt", 0, 0)]  # fmt: skip
    lines = report(scores, ["empty", "binary", "empty"], worst=5)
    assert lines[:5] == [
        "documents: 4, rejected files: 3 (binary 1, empty 2)",
        "characters kept as body: 0.6000 of 250",
        "mean share per document: 0.6250",
        "under 0.9: 2",
        "empty bodies: 1",
    ]
    assert lines[5:] == ["  0.000      50 c.txt", "  0.500     100 b.txt"]


def test_the_text_not_kept_is_counted_by_zone_and_reason_most_first() -> None:
    paragraphs = pl.DataFrame({
        "zone": ["body", "navigation", "boilerplate", "navigation"],
        "zone_reason": ["plain_document", "short_line_before_article", "after_article",
                        "short_line_before_article"],
        "text": ["Kept text", "Menu", "Long lost text", "Home"],
    })  # fmt: skip
    lost = lost_text(paragraphs)
    assert lost == [("boilerplate/after_article", 12), ("navigation/short_line_before_article", 8)]
    lines = report([PlainScore("a.txt", 29, 8)], [], worst=1, lost=lost)
    assert lines[-2:] == [
        "characters not kept, by zone/reason:",
        "         12 boilerplate/after_article",
    ]
