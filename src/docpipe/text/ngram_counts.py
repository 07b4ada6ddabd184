"""py3langid's byte n-gram counts of many texts at once, as its own walk counts them one text at a
time (py3langid.langid.visit_counts), with numpy instead of a Python loop over every byte.

py3langid finds its n-grams with an Aho-Corasick automaton: the state after a byte is the longest
n-gram prefix that ends there, so it depends on the last `DEPTH` bytes only (DEPTH: the longest
n-gram). So the state at every position of every text can be computed at once: DEPTH steps from
the start state over the DEPTH bytes that end at each position, one vectorised lookup per step.
A text's first DEPTH - 1 positions, where that window would reach into the text before it, are
walked again from the text's own start. tests/test_unit_language_batch.py checks DEPTH against
the model and the counts against py3langid's walk.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# The longest path from py3langid 0.4.0's start state to any state of its automaton (its n-grams
# are 1 to 6 bytes long). A larger value gives the same states, more slowly; a smaller one, wrong
# ones.
DEPTH = 6


class Automaton(NamedTuple):
    """py3langid's tokenizer: next state at nextmove[rowbase[state] + byte]; output[state], the
    n-gram feature counted there (-1: none)."""

    nextmove: np.ndarray
    rowbase: np.ndarray
    output: np.ndarray


def ngram_counts(
    automaton: Automaton, encoded: list[bytes]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's distinct features and their counts, as three flat arrays (the text's index,
    the feature, its count) ordered by text, and within a text in the order its walk first
    meets each feature: the keys and values of py3langid's Counter, in its order."""
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    if not len(data):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.cumsum(lengths) - lengths
    features = automaton.output[_states(automaton, data, starts, lengths)]
    found = features >= 0
    owners = np.repeat(np.arange(len(encoded)), lengths)[found]
    features = features[found]
    if not len(features):
        return owners, features, features
    # A stable sort by feature (two 16-bit radix passes) lines up each feature's positions in
    # order; a run of one feature in one text is one count, its first position where it starts.
    order = np.argsort((features & 0xFFFF).astype(np.uint16), kind="stable")
    order = order[np.argsort((features[order] >> 16).astype(np.uint16), kind="stable")]
    by_feature, by_owner = features[order], owners[order]
    new_run = np.empty(len(order), dtype=bool)
    new_run[0] = True
    np.not_equal(by_feature[1:], by_feature[:-1], out=new_run[1:])
    new_run[1:] |= by_owner[1:] != by_owner[:-1]
    runs = np.flatnonzero(new_run)
    counts = np.zeros(len(order), dtype=np.int64)
    counts[order[runs]] = np.diff(runs, append=len(order))
    firsts = np.flatnonzero(counts)
    return owners[firsts], features[firsts], counts[firsts]


def _states(
    automaton: Automaton, data: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> np.ndarray:
    """The automaton's state after every byte of the concatenated texts, each text walked from
    the start state at its first byte."""
    nextmove, rowbase = automaton.nextmove, automaton.rowbase
    size = len(data)
    padded = np.concatenate([np.zeros(DEPTH - 1, dtype=np.uint8), data])
    states = np.zeros(size, dtype=np.int64)
    for step in range(DEPTH):
        states = nextmove[rowbase[states] + padded[step : step + size]]
    # Each text's first DEPTH - 1 positions, walked from the text's start.
    head = np.minimum(lengths, DEPTH - 1)
    text_start = np.repeat(starts, head)
    offset = np.arange(len(text_start)) - np.repeat(np.cumsum(head) - head, head)
    walked = np.zeros(len(text_start), dtype=np.int64)
    for step in range(DEPTH - 1):
        moved = nextmove[rowbase[walked] + data[np.minimum(text_start + step, size - 1)]]
        walked = np.where(step <= offset, moved, walked)
    states[text_start + offset] = walked
    return states
