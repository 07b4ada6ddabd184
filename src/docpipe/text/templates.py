"""A site's template: the lines that recur on several pages of the same site, mined corpus-wide.

Page dumps carry no URL, so sites are found from the text: pages whose sets of short lines
(menus, footers, share buttons) overlap enough are one site. Pages are clustered in doc_id order,
each joining the most similar earlier cluster leader or starting a cluster of its own, so the
result depends only on the corpus, never on shards, jobs or file order. Within a site, a line on
at least `min_pages` pages is template; the zone classifier calls it boilerplate
(`repeated_in_site`) and never counts it as article text.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from docpipe.text.furniture import is_plain_document
from docpipe.text.words import word_count

# Lines of at most this many words make a page's site signature (menus, section names, footers).
SIGNATURE_MAX_WORDS = 8
# Two pages are one site when their signatures' Jaccard similarity reaches this. On extract-dev
# (59 pages, 18 sites with two pages), same-site pairs measured 0.24-0.95 and the 1,693
# different-site pairs at most 0.07.
SITE_MIN_JACCARD = 0.15
# Pages with fewer distinct signature lines than this are never grouped: too little evidence.
SIGNATURE_MIN_LINES = 3
# Lines shared by more cluster leaders than this (e.g. "Home", "Share") cannot tell sites apart;
# skipping them keeps clustering linear in the corpus.
MAX_LEADERS_PER_LINE = 50
# Two pages whose longer lines overlap this much (shared / the smaller page's count) are
# copies of one article (crawled twice, or under two names): they count as one page, so that a
# duplicated article never becomes its own site's template.
DUPLICATE_MIN_OVERLAP = 0.8
# Copies of one article are one site only when their short lines are this similar: a copy
# crawled twice shares its whole page (0.9 and more), copies of a press release on two sites share
# the release's headings and dateline but not the sites' menus.
COPY_SITE_MIN_JACCARD = 0.5
# Longer paragraphs are never template lines: site furniture (cookie notices, newsletter boxes)
# is shorter, and storing every long paragraph would copy the corpus.
TEMPLATE_MAX_CHARS = 2000


def normalise(text: str) -> str:
    return " ".join(text.split())


def line_hash(text: str) -> str:
    """Hex key of a line, whitespace-insensitive: the same line in two dumps has one hash."""
    return hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=8).hexdigest()


def page_lines(texts: Sequence[str]) -> list[tuple[str, int, str]]:
    """(line_hash, words, line) of each distinct paragraph short enough to be template, in order
    of first appearance; none for a document without page furniture (docpipe.text.furniture), which
    joins no site: two licences or READMEs share headings and whole paragraphs, never a
    template."""
    if is_plain_document(texts):
        return []
    seen: set[str] = set()
    lines = []
    for text in texts:
        # Lines without a word (a zero-width space, "* * *") say nothing about the site.
        if len(text) > TEMPLATE_MAX_CHARS or not word_count(text):
            continue
        key = line_hash(text)
        if key not in seen:
            seen.add(key)
            lines.append((key, word_count(text), normalise(text)))
    return lines


def _leader_groups(
    features: Mapping[str, frozenset[str]],
    similarity,
    threshold: float,
    min_features: int,
    stricter: Callable[[str, str], float] | None = None,
) -> dict[str, str]:
    """doc_id -> leader: pages in doc_id order join the most similar earlier leader (by the
    features they share, counted through an inverted index) or lead a group of their own.
    `similarity(shared, both, size, leader_size)`: shared counts the features that are not
    too common to count, both all features the page and the leader have in common.
    `stricter(doc_id, leader)`: a higher threshold for joining that leader (0.0: none)."""
    leaders: dict[str, frozenset[str]] = {}
    postings: dict[str, list[str]] = defaultdict(list)
    groups: dict[str, str] = {}
    for doc_id in sorted(features):
        lines = features[doc_id]
        if len(lines) < min_features:
            continue
        counted: list[list[str]] = []
        skipped = False
        for line in lines:
            leaders_with_line = postings.get(line)
            if leaders_with_line is None:
                continue
            if len(leaders_with_line) <= MAX_LEADERS_PER_LINE:
                counted.append(leaders_with_line)
            else:
                skipped = True
        # One Counter over all the lists, not an update per line (mining the benchmark
        # corpus's 10,000 pages: 1.55 -> 1.42 s).
        shared = Counter(itertools.chain.from_iterable(counted))
        best, best_similarity = None, 0.0
        for leader, common in sorted(shared.items()):
            leader_lines = leaders[leader]
            # Without a skipped line, the shared count is the intersection: no set operation
            # per leader (the clustering's main cost).
            both = len(lines & leader_lines) if skipped else common
            value = similarity(common, both, len(lines), len(leader_lines))
            # `stricter` (a set intersection) only for a leader that would win: templates_frames
            # on the benchmark corpus's 10,000 pages, 1.57 -> 1.27 s CPU (same tables).
            if value < threshold or value <= best_similarity:
                continue
            if stricter is not None and value < stricter(doc_id, leader):
                continue
            best, best_similarity = leader, value
        if best is not None and best_similarity >= threshold:
            groups[doc_id] = best
            continue
        leaders[doc_id] = lines
        groups[doc_id] = doc_id
        for line in lines:
            postings[line].append(doc_id)
    return groups


def _copies(first: Collection[str], second: Collection[str]) -> bool:
    """Two pages whose longer lines overlap by DUPLICATE_MIN_OVERLAP: copies of one article."""
    smaller = min(len(first), len(second))
    return bool(smaller) and len(set(first) & set(second)) / smaller >= DUPLICATE_MIN_OVERLAP


def cluster_sites(
    signatures: Mapping[str, frozenset[str]],
    long_lines: Mapping[str, Collection[str]] | None = None,
) -> dict[str, str]:
    """doc_id -> site id (the doc_id of the cluster's first page) for pages in a site of two or
    more pages; pages alone in their site are left out. With `long_lines`, a page joins a
    leader that is a copy of it only at COPY_SITE_MIN_JACCARD: two copies of a press release
    share its headings and dateline (short lines) whatever site printed them."""
    groups = _leader_groups(
        signatures,
        lambda shared, both, size, leader_size: shared / (size + leader_size - both),
        SITE_MIN_JACCARD,
        SIGNATURE_MIN_LINES,
        None
        if long_lines is None
        else lambda doc_id, leader: (
            COPY_SITE_MIN_JACCARD
            if _copies(long_lines.get(doc_id, ()), long_lines.get(leader, ()))
            else 0.0
        ),
    )
    sizes = Counter(groups.values())
    return {doc_id: site for doc_id, site in groups.items() if sizes[site] > 1}


def mine_templates(
    rows: Iterable[tuple[str, str, int, str]], min_pages: int
) -> tuple[dict[str, str], list[tuple[str, str, str, int]]]:
    """From (doc_id, line_hash, words, line) rows, one per distinct line of a page: the site of
    every clustered page, and the template as (site, line_hash, line, pages) sorted rows, where
    pages counts the site's distinct articles with the line (near-duplicate pages once)."""
    signatures: dict[str, set[str]] = defaultdict(set)
    long_lines: dict[str, set[str]] = defaultdict(set)
    page_hashes: dict[str, list[str]] = defaultdict(list)
    texts: dict[str, str] = {}
    for doc_id, key, words, line in rows:
        page_hashes[doc_id].append(key)
        texts.setdefault(key, line)
        (signatures if words <= SIGNATURE_MAX_WORDS else long_lines)[doc_id].add(key)
    sites, template = mine_grouped(signatures, long_lines, page_hashes, min_pages)
    return sites, [(site, key, texts[key], count) for site, key, count in template]


def mine_grouped(
    signatures: Mapping[str, Collection[str]],
    long_lines: Mapping[str, Collection[str]],
    page_hashes: Mapping[str, Collection[str]],
    min_pages: int,
) -> tuple[dict[str, str], list[tuple[str, str, int]]]:
    """mine_templates on line hashes alone, already grouped per page: the hashes of its
    signature lines (at most SIGNATURE_MAX_WORDS words), of its longer lines and of all its
    lines. The template as (site, line_hash, pages) sorted rows: the caller looks up the text
    of those lines only (every page's candidate lines are most of the corpus's text)."""
    sites = cluster_sites(
        {doc_id: frozenset(lines) for doc_id, lines in signatures.items()}, long_lines
    )
    copies = _leader_groups(
        {doc_id: frozenset(long_lines.get(doc_id, ())) for doc_id in sites},
        lambda shared, _, size, leader_size: shared / min(size, leader_size),
        DUPLICATE_MIN_OVERLAP,
        1,
    )
    # Pages of the same lines (one page saved under two names) are one article too when they
    # have no longer line for the overlap above to read: a poem, a list, a page of short lines
    # would otherwise make every line of its own its site's template.
    first_with: dict[frozenset[str], str] = {}
    same = {
        doc_id: first_with.setdefault(frozenset(page_hashes[doc_id]), doc_id)
        for doc_id in sorted(sites)
    }
    # Each line counts once per distinct article of the site: near-duplicate pages are one.
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc_id, site in sites.items():
        article = copies.get(doc_id) or same[doc_id]
        articles[(site, article)].update(page_hashes[doc_id])
    pages: Counter[tuple[str, str]] = Counter()
    for (site, _), keys in articles.items():
        pages.update(zip(itertools.repeat(site), keys))
    template = sorted(
        (site, key, count) for (site, key), count in pages.items() if count >= min_pages
    )
    return sites, template


def template_view(
    sites: Mapping[str, str],
    template: Iterable[tuple[str, str]],
    page_hashes: Iterable[tuple[str, str]],
) -> list[tuple[str, str, str]]:
    """(doc_id, site, line_hash) of each line of a shard's pages that is template in the page's
    site: all that the shard's tables job needs to know of the corpus-wide template."""
    keys = set(template)
    view = set()
    for doc_id, key in page_hashes:
        site = sites.get(doc_id)
        if site is not None and (site, key) in keys:
            view.add((doc_id, site, key))
    return sorted(view)
