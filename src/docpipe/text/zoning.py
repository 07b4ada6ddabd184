"""A page's zones: the one entry point the tables job, the bare loop and the evaluation call.

A document without page furniture (docpipe.text.furniture) is all body; a page is zoned by the rules
of docpipe.text.zones.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from docpipe.text.furniture import is_plain_document
from docpipe.text.zones import SCORING, ArticleScoring, Zoned, classify_zones

PLAIN_BODY = Zoned("body", "plain_document")


def zone_page(
    texts: Sequence[str], template: Collection[int] = (), scoring: ArticleScoring = SCORING
) -> list[Zoned]:
    """One Zoned per paragraph; `template`: indices of the page's site template lines."""
    if is_plain_document(texts, template):
        return [PLAIN_BODY] * len(texts)
    return classify_zones(texts, template, scoring)
