"""Unit tests of docpipe_tools.intervals: the site bootstrap of the evaluation reports."""

from __future__ import annotations

from statistics import mean

from docpipe_tools.intervals import grouped, interval_text, site_bootstrap


def test_the_interval_is_deterministic_and_holds_the_figure() -> None:
    by_site = {f"site{n}": [n % 3 == 0, n % 5 == 0] for n in range(40)}
    share = lambda items: mean(items)  # noqa: E731
    first = site_bootstrap(by_site, share)
    assert first == site_bootstrap(by_site, share)
    assert first is not None
    low, high = first
    assert low < share([item for items in by_site.values() for item in items]) < high


def test_more_sites_give_a_narrower_interval() -> None:
    def width(sites: int) -> float:
        interval = site_bootstrap({n: [n % 2] for n in range(sites)}, mean)
        assert interval is not None
        return interval[1] - interval[0]

    assert width(400) < width(40) / 2


def test_sites_are_resampled_not_pages() -> None:
    # One site of 100 right pages and four of one wrong page each: whether the big site is drawn
    # decides the figure (drawn in two of three resamples), as on pages from unseen sites.
    by_site = {"big": [1.0] * 100, **{f"small{n}": [0.0] for n in range(4)}}
    interval = site_bootstrap(by_site, mean)
    assert interval is not None
    assert interval[0] == 0.0 and interval[1] > 0.95
    # Resampling the 104 pages instead would give a narrow interval around 0.96.
    pages = {n: [value] for n, value in enumerate(v for vs in by_site.values() for v in vs)}
    by_page = site_bootstrap(pages, mean)
    assert by_page is not None and by_page[0] > 0.9


def test_one_site_or_an_undefined_figure_gives_no_interval() -> None:
    assert site_bootstrap({"only": [1, 0, 1]}, mean) is None
    assert site_bootstrap({"a": [1], "b": [0]}, lambda items: None) is None
    assert interval_text(None) == "-"
    assert interval_text((-0.0123, 0.02), signed=True) == "-0.012 to +0.020"


def test_grouped_keeps_the_order_of_the_items() -> None:
    assert grouped(["a1", "b1", "a2"], lambda item: item[0]) == {"a": ["a1", "a2"], "b": ["b1"]}
