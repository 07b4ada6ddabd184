"""What one page's tables need once the site template is known: the zone of every paragraph, the
metadata, the reader comments and the body's languages.

One pure function per page, called by the tables job (docpipe.stages.tables) and by the benchmark's
bare
loop (docpipe_tools.bareloop), so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from docpipe.text.headline import TitleModel
from docpipe.text.language import BodyLanguages, LanguageTag, aggregate_body
from docpipe.text.metadata import Comment, Metadata, extract_comments, extract_metadata
from docpipe.text.zones import Zoned
from docpipe.text.zoning import zone_page


@dataclass(frozen=True)
class PageReading:
    zones: list[Zoned]
    metadata: Metadata
    comments: list[Comment]
    # The character-weighted languages of the body paragraphs; None when none is tagged.
    body: BodyLanguages | None

    def document_tag(self, page_tag: LanguageTag) -> LanguageTag:
        """The document's language: its body's, else (no tagged body paragraph) the whole
        page's tag."""
        return page_tag if self.body is None else self.body.tag


def read_page(
    texts: Sequence[str],
    spans: Sequence[tuple[int, int]],
    template: Collection[int],
    paragraph_tags: Sequence[LanguageTag],
) -> PageReading:
    """`texts` and `spans` of the page's paragraphs, in order; `template`: indices of the
    paragraphs that are template lines of the page's site; `paragraph_tags`: each paragraph's
    language tag."""
    zones, metadata = zones_and_metadata(texts, template)
    body = aggregate_body(
        [
            (end - start, tag)
            for (start, end), zoned, tag in zip(spans, zones, paragraph_tags, strict=True)
            if zoned.zone == "body"
        ]
    )
    return PageReading(zones, metadata, extract_comments(texts, spans, zones), body)


def zones_and_metadata(
    texts: Sequence[str], template: Collection[int], model: TitleModel | None = None
) -> tuple[list[Zoned], Metadata]:
    """A page's zones and the metadata read from them: the part of read_page that the metadata
    evaluation (docpipe_tools.evaluate_metadata) calls, so it scores what the tables hold. `model`:
    another headline scorer than the shipped one (cross-validation)."""
    zones = zone_page(texts, template)
    metadata = (
        extract_metadata(texts, zones) if model is None else extract_metadata(texts, zones, model)
    )
    return headline_zone(zones, metadata.title_paragraph), metadata


HEADLINE = Zoned("title", "headline_model")
NOT_THE_HEADLINE = Zoned("boilerplate", "headline_not_chosen")


def headline_zone(zones: Sequence[Zoned], title: int | None) -> list[Zoned]:
    """The zones with one `title`: the paragraph documents.title was read from. The zone rules'
    own headline-shaped line before the article, where the headline model chose another (on the
    333 real pages 193 times: a date line, a caption, a sponsor's line, a breadcrumb more often
    than a headline), becomes `boilerplate` (`headline_not_chosen`). A body paragraph the model
    took for the headline (4 of those pages) stays body: documents.text keeps what the zones
    chose."""
    aligned = [NOT_THE_HEADLINE if zoned.zone == "title" else zoned for zoned in zones]
    if title is not None and aligned[title].zone != "body":
        aligned[title] = HEADLINE
    return aligned
