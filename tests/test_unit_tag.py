"""The tag stage's work per job: every distinct text identified once, whichever page it is on."""

from __future__ import annotations

import random

from test_unit_language import SETTINGS

from docpipe.io.sources import Decoded
from docpipe.record import Document
from docpipe.stages.paragraphs import split_document
from docpipe.stages.segment import split_sentences
from docpipe.stages.tag import tag_document, tag_frame
from docpipe.text.language import LanguageTagger
from docpipe.text.sentences import SegmentSettings
from docpipe.text.writing_systems import dominant_script

FOOTER = "Copyright Example News. All rights reserved. Contact the newsroom for corrections."
REPEATED = "The council will meet again next Tuesday to vote on the budget."


def document(number: int, body: str) -> Document:
    text = f"Headline number {number} of the day\n\n{body}\n\n{REPEATED}\n\n{FOOTER}\n"
    source = Decoded(f"{number:064x}", len(text), "utf-8", 1.0, False, text)
    found = Document(f"doc{number}", f"page{number}.txt", source)
    found.paragraphs = split_document(text)[0]
    found.sentences = split_sentences(found, SegmentSettings())
    return found


def test_texts_shared_by_pages_are_identified_once_per_job() -> None:
    documents = [
        document(1, "Der Stadtrat hat heute lange über den neuen Haushalt diskutiert."),
        document(2, "Le conseil municipal a longuement débattu du nouveau budget aujourd'hui."),
        document(3, "Der Stadtrat hat heute lange über den neuen Haushalt diskutiert."),
    ]
    tagger = LanguageTagger(SETTINGS)
    tag_frame(documents, tagger, {}, SegmentSettings())
    texts = [
        unit
        for d in documents
        for unit in [d.text, *d.paragraph_texts(), *(d.text[s:e] for _, _, s, e in d.sentences)]
    ]
    distinct = set(texts)
    assert tagger.texts_tagged == len(texts) > len(distinct)
    # Every distinct text has enough letters here, so each is identified, once.
    assert tagger.samples_identified == tagger.engine_calls["py3langid"] == len(distinct)
    # And each tag is the one that text gets alone.
    alone = LanguageTagger(SETTINGS)
    for d in documents:
        assert d.tags is not None
        assert d.tags.page == tuple(vars(alone.tag(d.text)).values())
        paragraphs = [tuple(vars(alone.tag(t)).values()) for t in d.paragraph_texts()]
        assert d.tags.paragraphs == paragraphs
    assert documents[0].tags.paragraphs[1][0] == "de"
    assert documents[1].tags.paragraphs[1][0] == "fr"


def test_the_page_script_is_its_texts_dominant_script() -> None:
    """tag_document takes the page's script from its paragraphs' where they agree: the same as
    reading the whole page, on pages mixing scripts, ties (two letters each), paragraphs with no
    letters and pages with none."""
    pieces = ["Der Rat tagt.", "Совет заседает.", "Το συμβούλιο.", "議会が開かれる。",
              "2024 - 17:30", "ab", "вг", "αβ", "Ünïcödé ß", "ok Да"]  # fmt: skip
    rng = random.Random(3)
    tagger = LanguageTagger(SETTINGS)
    for number in range(300):
        text = "\n\n".join(rng.choices(pieces, k=rng.randrange(1, 6)))
        source = Decoded(f"{number:064x}", len(text), "utf-8", 1.0, False, text)
        page = Document(f"doc{number}", f"page{number}.txt", source)
        page.paragraphs = split_document(text)[0]
        page.sentences = split_sentences(page, SegmentSettings())
        tags = tag_document(page, tagger)
        assert tags.page_script == dominant_script(text), text
        assert tags.paragraph_scripts == [dominant_script(t) for t in page.paragraph_texts()]
