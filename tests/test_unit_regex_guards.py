"""The lookaheads that only make a pattern faster ("(?=[...])" in front, naming the characters
every match starts with) must name every alternative's first character: then they change no
match. Read from the parsed pattern (Python's own regex parser), so a new alternative with
another first character fails here until the lookahead names it."""

from __future__ import annotations

import random
import re
import re._parser as parser  # the parse tree; private, but only the tests read it

import pytest

from docpipe.text.zones import _BOILERPLATE

GUARDED = [_BOILERPLATE]
_ZERO_WIDTH = (parser.AT,)


def _first_chars(items) -> set[str]:
    """Characters a match of the parsed sequence `items` can start with (case-folded)."""
    for op, value in items:
        if op in _ZERO_WIDTH:
            continue
        if op is parser.LITERAL:
            return {chr(value).casefold()}
        if op is parser.SUBPATTERN:
            return _first_chars(value[-1])
        if op is parser.BRANCH:
            return set().union(*(_first_chars(branch) for branch in value[1]))
        raise AssertionError(f"no first character for {op} {value}")
    raise AssertionError("an alternative that can match empty")


def _split(pattern: re.Pattern[str]) -> tuple[set[str], list]:
    """The lookahead's characters and the parsed rest of the pattern."""
    (op, (direction, guard)), *rest = parser.parse(pattern.pattern, pattern.flags)
    assert op is parser.ASSERT and direction == 1
    [(kind, members)] = guard
    assert kind is parser.IN and all(member is parser.LITERAL for member, _ in members)
    return {chr(value).casefold() for _, value in members}, rest


@pytest.mark.parametrize("pattern", GUARDED)
def test_lookahead_names_every_first_character(pattern: re.Pattern[str]) -> None:
    guard, rest = _split(pattern)
    assert _first_chars(rest) <= guard


@pytest.mark.parametrize("pattern", GUARDED)
def test_same_matches_as_without_the_lookahead(pattern: re.Pattern[str]) -> None:
    plain = re.compile(pattern.pattern.split(")", 1)[1], pattern.flags)
    rng = random.Random(7)
    pieces = ["Share this", "SUBSCRIBE", "cookie", "log in", "©", "Copyright", "x", " ", "Avatar",
              "menu", "donation", "ſubscribe", "Sign up", "-", "Privacy Policy"]  # fmt: skip
    texts = ["".join(rng.choices(pieces, k=rng.randint(1, 4))) for _ in range(3000)]
    found = 0
    for text in texts:
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in pattern.finditer(text)] == expected, text
        found += bool(expected)
    assert found > 1000
