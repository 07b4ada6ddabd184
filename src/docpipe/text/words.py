"""Word counts that hold across scripts: the zone rules, the zone and headline features and the
site templates all measure paragraphs in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

_Result = TypeVar("_Result")

_WORD = re.compile(r"\w+")
# Han, Hiragana, Katakana and Thai: scripts that do not separate words with spaces.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# The zone rules, the zone features and the headline features ask for the same paragraph's
# words about seven times (a page of the bench corpus: 0.45 of 2.75 s in word_count uncached).
@lru_cache(maxsize=1 << 16)
def word_count(text: str) -> int:
    """Words of a text; in scripts written without spaces (Chinese, Japanese, Thai) every two
    characters count as one word, about the mean word length of Chinese."""
    if _UNSPACED.search(text) is None:
        return len(_WORD.findall(text))
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_UNSPACED.sub(" ", text))) + unspaced // 2


# Texts up to this long are remembered by short_text_cache: what recurs on a site's pages (menus,
# teasers, bylines) is short, and a cache of 65,536 long paragraphs would hold their copies (a
# fault review: 40 texts of 2 MB kept 190 MiB).
CACHED_MAX_CHARS = 2000


def short_text_cache(
    maxsize: int,
) -> Callable[[Callable[[str], _Result]], Callable[[str], _Result]]:
    """lru_cache(maxsize) for the texts of up to CACHED_MAX_CHARS characters; a longer text is
    computed each time. The cached results are shared: they must not be changed."""

    def decorate(function: Callable[[str], _Result]) -> Callable[[str], _Result]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(text: str) -> _Result:
            return cached(text) if len(text) <= CACHED_MAX_CHARS else function(text)

        return call

    return decorate


# The zone features, the headline features and the headline's copies each compare paragraphs
# with their whitespace collapsed: made once per text for all of them.
@short_text_cache(maxsize=1 << 16)
def normalise_spaces(text: str) -> str:
    """The text's words (runs of non-space characters) joined by single spaces."""
    return " ".join(text.split())
