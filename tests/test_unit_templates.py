"""Unit tests of docpipe.text.templates: site clustering, template mining and per-shard views."""

from __future__ import annotations

import random

import polars as pl

from docpipe.text.templates import (
    cluster_sites,
    line_hash,
    mine_templates,
    page_lines,
    template_view,
)

FROG_MENU = ["Home", "Frogs", "Toads", "Newts", "Contact us", "Frog News © 2020"]
BIRD_MENU = ["Start", "Birds", "Owls", "Eagles", "Write to us", "Bird Daily © 2020"]


def _page(menu: list[str], story: str) -> list[str]:
    article = f"The whole article about {story}, in one paragraph."
    return [*menu[:5], f"{story}: a headline", article, menu[5]]


def _rows(pages: dict[str, list[str]]) -> list[tuple[str, str, int, str]]:
    return [(doc_id, *line) for doc_id, texts in pages.items() for line in page_lines(texts)]


PAGES = {
    "0000000000000001": _page(FROG_MENU, "tree frogs"),
    "0000000000000002": _page(BIRD_MENU, "barn owls"),
    "0000000000000003": _page(FROG_MENU, "glass frogs"),
    "0000000000000004": _page(BIRD_MENU, "sea eagles"),
    "0000000000000005": ["A page of its own", "with nothing shared", "at all, anywhere here."],
}


def test_line_hash_ignores_whitespace_runs_only():
    assert line_hash("Frog  News\n") == line_hash(" Frog News")
    assert line_hash("Frog News") != line_hash("frog news")
    assert len(line_hash("x")) == 16


def test_page_lines_are_distinct_and_skip_long_and_wordless_paragraphs():
    lines = page_lines(["Home", "Home ", "x" * 2001, "\u200b", "* * *", "News"])
    assert [line for _, _, line in lines] == ["Home", "News"]


def test_pages_sharing_menus_are_one_site_named_by_their_first_page():
    sites, template = mine_templates(_rows(PAGES), min_pages=2)
    assert sites == {
        "0000000000000001": "0000000000000001",
        "0000000000000003": "0000000000000001",
        "0000000000000002": "0000000000000002",
        "0000000000000004": "0000000000000002",
    }
    frog = {line for site, _, line, _ in template if site == "0000000000000001"}
    assert frog == set(FROG_MENU)  # the stories differ, so only the furniture is template
    assert all(pages == 2 for *_, pages in template)


def test_min_pages_is_honoured():
    _, template = mine_templates(_rows(PAGES), min_pages=3)
    assert template == []


def test_result_does_not_depend_on_row_order():
    rows = _rows(PAGES)
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    assert mine_templates(rows, 2) == mine_templates(shuffled, 2)


def test_unrelated_sites_sharing_generic_lines_stay_apart():
    # A cooking page shares only "Home" with the frog site: 1 of 13 distinct short lines, a
    # Jaccard similarity of 0.08, under SITE_MIN_JACCARD.
    other = ["Home", "Recipes", "Soups", "Salads", "Desserts", "Kitchen Weekly © 2020"]
    pages = {**PAGES, "0000000000000006": _page(other, "tomato soup")}
    sites = cluster_sites(
        {
            doc_id: frozenset(key for key, words, _ in page_lines(texts) if words <= 8)
            for doc_id, texts in pages.items()
        }
    )
    assert "0000000000000006" not in sites


def test_view_holds_only_the_shards_template_lines():
    sites, template = mine_templates(_rows(PAGES), min_pages=2)
    shard_pages = {k: PAGES[k] for k in ("0000000000000003", "0000000000000005")}
    view = template_view(
        sites,
        [(site, key) for site, key, _, _ in template],
        [(doc_id, key) for doc_id, key, _, _ in _rows(shard_pages)],
    )
    assert {doc_id for doc_id, _, _ in view} == {"0000000000000003"}
    assert {key for _, _, key in view} == {line_hash(line) for line in FROG_MENU}
    assert view == sorted(view)


def test_ablation_scores_every_variant_on_a_folder(tmp_path):
    from pages import ARTICLE, PAGE

    from docpipe_tools.evaluate_extraction import ABLATIONS, ablation

    (tmp_path / "frog.txt").write_text("\n\n".join(PAGE) + "\n")
    (tmp_path / "frog.gold.txt").write_text("\n\n".join(ARTICLE))
    rows = {name: (p, r, f1) for name, p, r, f1 in ablation(tmp_path)}
    assert list(rows) == [*ABLATIONS, "keep every paragraph"]
    # The menus, the related story and the comment are kept only by "keep every paragraph".
    assert rows["full"][0] == 1.0 > rows["keep every paragraph"][0]
    assert rows["full"][2] > rows["keep every paragraph"][2]


def test_copies_of_one_article_are_not_their_own_template():
    # The same article under two names (one byte apart) shares every line: the two pages are one
    # site, but one article, so none of their lines is template.
    article = [
        f"Paragraph {n} of the only article, long enough to be more than a menu item."
        for n in range(6)
    ]
    copy = [*article[:5], article[5].replace("menu", "menu,")]
    rows = _rows(
        {"00000000000000aa": [*FROG_MENU, *article], "00000000000000bb": [*FROG_MENU, *copy]}
    )
    sites, template = mine_templates(rows, min_pages=2)
    assert set(sites) == {"00000000000000aa", "00000000000000bb"}
    assert template == []
    # A third page with its own article makes the shared menu template again.
    third = [*FROG_MENU, *(line.replace("only", "second") for line in article)]
    _, template = mine_templates([*rows, *_rows({"00000000000000cc": third})], min_pages=2)
    assert {line for _, _, line, _ in template} == set(FROG_MENU)


def test_copies_of_a_page_of_short_lines_are_not_their_own_template():
    # A poem saved under two names: no line long enough for the copies' overlap to read, yet
    # one article. A second poem of the same site makes only the shared lines template.
    poem = ["Autumn", "The leaves fall down", "on the quiet lane", "and the river sleeps"]
    page = [*FROG_MENU, *poem]
    rows = _rows({"00000000000000aa": page, "00000000000000bb": page})
    sites, template = mine_templates(rows, min_pages=2)
    assert set(sites) == {"00000000000000aa", "00000000000000bb"} and template == []
    other = [*FROG_MENU, "Spring", "The buds come out", "along the green lane", "and birds sing"]
    _, template = mine_templates([*rows, *_rows({"00000000000000cc": other})], min_pages=2)
    assert {line for _, _, line, _ in template} == set(FROG_MENU)


def test_the_templates_job_rewrites_only_the_views_whose_content_changed(tmp_path):
    import os

    from docpipe.schemas import stages as stage_models

    from docpipe.io import parquet
    from docpipe.stages.templates import run_templates

    def build(shards: dict[str, list[str]]) -> dict[str, int]:
        """Run the job on these shards' pages; each view's inode (a rewrite makes a new one)."""
        lines = [str(tmp_path / f"{shard}.lines.parquet") for shard in shards]
        for path, doc_ids in zip(lines, shards.values(), strict=True):
            rows = _rows({doc_id: pages[doc_id] for doc_id in doc_ids})
            parquet.write_table(parquet.rows_frame(stage_models.PageLines, rows),
                                stage_models.PageLines, path, "page_lines")  # fmt: skip
        views = [str(tmp_path / "views" / f"{shard}.parquet") for shard in shards]
        run_templates(lines, 2, str(tmp_path / "t.parquet"), str(tmp_path / "s.parquet"), views)
        return {shard: os.stat(view).st_ino for shard, view in zip(shards, views, strict=True)}

    pages = {**PAGES, "0000000000000006": _page(BIRD_MENU, "kites")}
    shards = {
        "0000": ["0000000000000001", "0000000000000002"],
        "0001": ["0000000000000003", "0000000000000004"],
        "0002": ["0000000000000005"],
    }
    first = build(shards)
    assert build(shards) == first  # nothing changed: no view rewritten
    shards["0002"].append("0000000000000006")  # a page of the bird site joins shard 0002
    third = build(shards)
    assert [shard for shard in shards if third[shard] != first[shard]] == ["0002"]
    view = pl.read_parquet(tmp_path / "views" / "0002.parquet")
    assert set(view["doc_id"]) == {"0000000000000006"}
