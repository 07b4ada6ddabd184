"""Unit tests of the metadata evaluation's scoring (docpipe_tools.evaluate_metadata), the date
finder and the byline name parser, on literal texts."""

from __future__ import annotations

import datetime as dt

import pytest

from docpipe.text.bylines import agency_line, byline_names, byline_source, name_line
from docpipe.text.dates import find_dates
from docpipe.text.metadata import Metadata
from docpipe_tools.evaluate_metadata import (
    Gold,
    PageScore,
    author_names,
    date_shown,
    normalise,
    score_page,
    site_fold,
    split_holdout,
    summary,
)

DUMP = "Home\n\nFrogs Sing Again!\n\nBy Jane Doe and John Roe\n\nMarch 5, 2021\n\nFrogs sing."


def _gold(**fields: object) -> Gold:
    base = dict(page="p", source="s", language="en", site="frog.example", title=None,
                author=None, published=None)  # fmt: skip
    return Gold(**{**base, **fields})  # type: ignore[arg-type]


def test_normalise_ignores_case_whitespace_and_punctuation() -> None:
    assert normalise("  Frogs   SING, again! ") == normalise("frogs sing again")


def test_author_names_split_a_raw_byline_and_drop_by_and_the_date() -> None:
    assert author_names("By Jane Doe and John Roe, March 5, 2021") == {"jane doe", "john roe"}
    assert author_names("by Lucas Nolan22 Dec 2016651") == {"lucas nolan"}
    assert author_names(None) == set()


@pytest.mark.parametrize(
    "text", ["2021-03-05", "5.3.2021", "05/03/2021", "5 March 2021", "March 5th, 2021",
             "2021年3月5日"],
)  # fmt: skip
def test_date_shown_in_many_forms(text: str) -> None:
    assert date_shown(dt.date(2021, 3, 5), f"Posted {text} by Jane")


def test_date_shown_in_the_page_language_and_not_without_the_year() -> None:
    assert date_shown(dt.date(2021, 3, 5), "5. März 2021", "de")
    assert not date_shown(dt.date(2021, 3, 5), "5 March, a Friday")
    assert not date_shown(dt.date(2021, 3, 5), "15 March 2021")


def test_score_page_right_wrong_and_not_scored() -> None:
    gold = _gold(title="Frogs sing again", author="Jane Doe", published=dt.date(2021, 3, 5))
    right = Metadata(title="Frogs Sing Again!", author="Jane Doe, John Roe",
                     published=dt.date(2021, 3, 5))  # fmt: skip
    assert score_page(gold, DUMP, right) == PageScore("p", "s", "en", True, True, True, True)
    wrong = Metadata(title="Home", author=None, published=dt.date(2021, 3, 4))
    assert score_page(gold, DUMP, wrong) == PageScore("p", "s", "en", False, False, False, False)
    # Nothing predicted: the date is not counted against precision, only recall.
    assert score_page(gold, DUMP, Metadata()).date_correct is None
    # A gold the dump does not show is not scored.
    hidden = _gold(title="Another headline", author="Ann Lee", published=dt.date(2020, 1, 1))
    assert score_page(hidden, DUMP, right) == PageScore("p", "s", "en", None, None, False, None)


def test_title_must_be_shown_as_whole_words() -> None:
    gold = _gold(title="Frogs Sing Ag")  # a truncated gold: not in the dump as words
    assert score_page(gold, DUMP, Metadata()).title is None


def test_summary_rates_count_only_scored_pages() -> None:
    scores = [
        PageScore("a", "s", "en", True, None, True, True),
        PageScore("b", "s", "en", False, True, None, False),
        PageScore("c", "s", "en", None, None, None, None),
    ]
    assert summary(scores) == {
        "title": (0.5, 2), "author": (1.0, 1), "date_P": (1.0, 1), "date_R": (0.5, 2),
    }  # fmt: skip


def test_site_fold_keeps_a_site_in_one_fold() -> None:
    one = _gold(page="x-1", site="a.example")
    two = _gold(page="x-2", site="a.example")
    assert site_fold(one, 5) == site_fold(two, 5)
    assert {site_fold(_gold(site=f"s{i}.example"), 5) for i in range(40)} == set(range(5))


def test_split_holdout_puts_a_site_on_one_side_by_its_fold() -> None:
    golds = [_gold(page=f"p{i}", site=f"s{i % 7}.example") for i in range(21)]
    pages = [(gold, "") for gold in golds]
    scores = [PageScore(gold.page, "s", "en", True, None, None, None) for gold in golds]
    development, held = split_holdout(scores, pages, {3, 4})
    assert len(development) + len(held) == 21
    assert {site_fold(g, 5) for g in golds if g.page in {s.page for s in held}} <= {3, 4}
    assert all(site_fold(g, 5) < 3 for g in golds if g.page in {s.page for s in development})
    assert held and development  # the 7 sites fall in folds 1, 4, 1, 2, 3, 3, 2
    assert split_holdout(scores, pages, ()) == (scores, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 26 November 2024 9:27PM", dt.date(2024, 11, 26)),
        ("30. Juni 2025,", dt.date(2025, 6, 30)),
        ("Publié le 18 juil. 2024 à 08:01", dt.date(2024, 7, 18)),
        ("2025年1月14日 01時28分", dt.date(2025, 1, 14)),
        ("04.08.24 10:21", dt.date(2024, 8, 4)),
        ("30/04/2024", dt.date(2024, 4, 30)),
        ("12 de marzo de 2024", dt.date(2024, 3, 12)),
    ],
)
def test_find_dates_reads_absolute_dates(text: str, expected: dt.date) -> None:
    assert [date for _, date in find_dates(text)] == [expected]


@pytest.mark.parametrize(
    "text", ["10/07/2026", "1 January 1970", "2 hours ago", "version 1.2.3", "March 3"]
)
def test_find_dates_refuses_ambiguous_placeholder_and_relative_dates(text: str) -> None:
    assert find_dates(text) == []


def test_byline_names() -> None:
    assert byline_names("By Maya Gebeily and Anthony Deutsch") == [
        "Maya Gebeily",
        "Anthony Deutsch",
    ]
    assert byline_names("Von Paulina Cwiartka, Online-Redakteurin") == ["Paulina Cwiartka"]
    assert byline_names("Von Ulrich Exner Korrespondent") == ["Ulrich Exner"]
    assert byline_names("By Aaron Kliegman | Fox News") == ["Aaron Kliegman"]
    assert byline_names("By Sarah Lazare Twitter") == ["Sarah Lazare"]
    assert byline_names("Follow Author") == []
    assert byline_names("By") == []
    assert byline_names("Killed by police in Texas") == []


def test_byline_names_after_a_date_or_a_separator() -> None:
    assert byline_names("on March 10, 2015 by Nikhil Marathe") == ["Nikhil Marathe"]
    assert byline_names("Tuesday 15 October 2019 by Bradley M. Kuhn") == ["Bradley M. Kuhn"]
    assert byline_names("// By Arun Sai Krishnan • Nov 11, 2020") == ["Arun Sai Krishnan"]
    long_line = (
        "Funeral, National, News, Top Story 1 | Published: 5 hours ago | Last Updated: 5 hours "
        "ago | Written by Eliaser Ndeyanale"
    )
    assert byline_names(long_line) == ["Eliaser Ndeyanale"]
    # An initial is not the Czech conjunction "a".
    assert byline_names("By Dana A. Ford , James S.A. Corey, and Tom Watkins, CNN") == [
        "Dana A. Ford",
        "James S.A. Corey",
        "Tom Watkins",
    ]


def test_byline_names_not_from_a_photo_credit_or_a_sentence() -> None:
    assert byline_names("Photo by Ricardo Gomez Angel") == []
    assert byline_names("Powered by Jekyll Static Site") == []
    sentence = (
        "Written by Jane Doe, this report on the frogs of the Amazon rainforest was read by "
        "thousands of people last year"
    )
    assert byline_names(sentence) == []


def test_byline_source() -> None:
    assert byline_source("By Euronews with Agencies") == "Euronews"
    assert byline_source("von Landesspiegel 30. Juni 2025") == "Landesspiegel"
    assert byline_source("Par Le Figaro et AFP") == "Le Figaro, AFP"
    assert byline_source("By MND Staff") == "MND Staff"
    assert byline_source("Par D.D.") == "D.D."
    assert byline_source("By continuing you agree") is None  # not capitalised
    assert byline_source("Von Redaktion") is None  # a role, no source
    assert byline_source("Killed by Police in Texas") is None  # the byline word comes first
    assert byline_source("By The Way, a long sentence that goes on and on here") is None


def test_agency_line() -> None:
    assert agency_line("AFP") == "AFP"
    assert agency_line("Quelle: dpa Sport") == "dpa"
    assert agency_line("NTB Tips meg") == "NTB"
    assert agency_line("TNN / Updated: Aug 28, 2024, 14:02 IST") == "TNN"
    assert agency_line("Anadolu Ajansı") == "Anadolu Ajansı"
    assert agency_line("Fabrizio Bensch/REUTERS") is None  # a photo credit
    assert agency_line("APA stands for American Psychological Association") is None
    assert agency_line("Apartments for rent") is None


def test_name_line() -> None:
    assert name_line("Nizaar Kinsella 2 minutes ago") == ["Nizaar Kinsella"]
    assert name_line("Edgar Schuler") == ["Edgar Schuler"]
    assert name_line("Tuesday, 26 November 2024") == []
    assert name_line("Startseite Leben") == []


def test_shipped_title_model_is_what_module_source_writes() -> None:
    # The generated module must pass `ruff format --check` as written (double quotes), and the
    # shipped one must be exactly what `docpipe train-metadata` writes for its weights.
    import ast
    from pathlib import Path

    from docpipe.text import title_model
    from docpipe.text.headline import TitleModel
    from docpipe_tools.train_metadata import module_source

    source = module_source(TitleModel({"bias": 1.5, "url": -0.25}, 0.75, "title-0000"), "a test")
    assert '        "bias": 1.5,\n' in source and 'version="title-0000"' in source
    ast.parse(source)
    shipped = Path(title_model.__file__).read_text(encoding="utf-8")
    assert module_source(title_model.TITLE_MODEL, "extract-train (274 pages)") == shipped


def test_name_line_between_separators_of_a_dated_line() -> None:
    assert name_line("27. Januar 2026 • Gregor Meier • 3 Minuten") == ["Gregor Meier"]
    assert name_line("Sport • Gregor Meier • Politik") == []  # no date: not a byline
    caption = (
        "Mario Vargas Llosa, Schriftsteller, ist am 13.04.2025 in Lima gestorben. | "
        "Jörg Carstensen/dpa"
    )
    assert name_line(caption) == []


def test_names_drop_buttons_and_a_role_with_its_adjective() -> None:
    assert name_line("Thomas Paust Tips meg") == ["Thomas Paust"]
    assert byline_names("Von Sina Zehrfeld Landespolitische Korrespondentin") == ["Sina Zehrfeld"]


def test_name_line_wants_a_byline_shaped_line() -> None:
    # A capitalised article starts a topic phrase, not a name.
    assert name_line("Los Gallardos") == []
    assert name_line("Die Tabelle der Premier League") == []
    # A byline is byline_names' to read: "By MND Staff" is not the name "By MND".
    assert name_line("By MND Staff") == []
    # Photo credits and captions with their credit.
    assert name_line("Copyright Fredrik Persson/AP") == []
    assert name_line("Rainer de Meijer, Irene Lingg | Foto: Zvg.") == []
    # Single letters (share buttons); initials carry a dot.
    assert name_line("F T W M") == []
    assert name_line("John C. Welch") == ["John C. Welch"]
    assert name_line("Part II - Principles") == []
    assert name_line("Weitere Informationen") == []
    assert name_line("Anadolu Ajansı") == []


def test_table_metadata_scores_read_the_documents_table_against_meta_json(tmp_path) -> None:
    import json

    import polars as pl

    from docpipe_tools.evaluate_extraction import table_metadata_scores

    for page, title in (("right", "Frogs Sing Again!"), ("wrong", "Frogs Sing Again!"),
                        ("absent", "Frogs Sing Again!")):  # fmt: skip
        (tmp_path / f"{page}.txt").write_text(DUMP, encoding="utf-8")
        meta = {"source": "s", "language": "en", "title": title, "author": "Jane Doe",
                "published": "2021-03-05"}  # fmt: skip
        (tmp_path / f"{page}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    documents = pl.DataFrame({
        "source_path": ["right.txt", "wrong.txt"],
        "title": ["Frogs sing again", "Home"],
        "author": ["Jane Doe", None],
        "published": [dt.date(2021, 3, 5), dt.date(2021, 3, 6)],
    })  # fmt: skip
    scores = {s.page: s for s in table_metadata_scores(tmp_path, documents)}
    assert (scores["right"].title, scores["right"].author, scores["right"].date_correct) == (
        True, True, True)  # fmt: skip
    assert (scores["wrong"].title, scores["wrong"].author, scores["wrong"].date_correct) == (
        False, False, False)  # fmt: skip
    # A page missing from the table found nothing: wrong where shown, no date to be precise on.
    assert (scores["absent"].title, scores["absent"].date_correct, scores["absent"].date_found) == (
        False, None, False)  # fmt: skip
