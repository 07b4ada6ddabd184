"""A page's zones: the one entry point the tables job, the bare loop and the evaluation call.

A document without page furniture (docpipe.text.furniture) is all body. A page is zoned by the
rules of docpipe.text.zones and, when a model is given (the shipped one by default), its body
is decided by the learned zone model (docpipe.text.zone_model).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from docpipe.text.article_search import SCORING, ArticleScoring
from docpipe.text.furniture import is_plain_document
from docpipe.text.zone_model import ZoneModel, apply_model, shipped_model
from docpipe.text.zones import Zoned, classify_zones

PLAIN_BODY = Zoned("body", "plain_document")
# Stands for "the model shipped in the package" (None: the rules alone).
SHIPPED = "shipped"


def zone_page(
    texts: Sequence[str],
    template: Collection[int] = (),
    scoring: ArticleScoring = SCORING,
    model: ZoneModel | str | None = SHIPPED,
) -> list[Zoned]:
    """One Zoned per paragraph; `template`: indices of the page's site template lines."""
    if is_plain_document(texts, template):
        return [PLAIN_BODY] * len(texts)
    rules = classify_zones(texts, template, scoring)
    if isinstance(model, str):
        if model != SHIPPED:
            raise ValueError(f"zone model {model!r}: give a ZoneModel, None or {SHIPPED!r}")
        model = shipped_model()
    if model is None:
        return rules
    return apply_model(model, texts, template, rules)
