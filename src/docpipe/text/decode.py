"""Choose the encoding of non-UTF-8 bytes: charset-normalizer's candidates, checked on the text.

charset-normalizer ranks candidates by its own chaos measure, which is unreliable on short texts:
short French Latin-1 comes out as cp775 ("crĶme br¹lķe"), KOI8-R Russian as Shift-JIS. So every
candidate that decodes is scored on how the decoded text looks: symbols glued to letters, words that
mix scripts, and case flips inside a word are what a wrong single-byte code page produces. The
least implausible decoding, plus a prior cost for rare encodings, wins; ties go to
charset-normalizer's own order, which is right for the CJK multi-byte encodings this check cannot
tell apart.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# The prior cost of an encoding, added to its implausibility: cp1252 is the web's most common
# legacy page and costs nothing; these others are common; anything else (cp775, iso8859_14, ...)
# must look clearly better to win.
COMMON_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "koi8_r", "koi8_u", "cp1253", "cp1254", "cp1255", "cp1256",
    "cp1257", "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_9", "iso8859_15", "gb18030",
    "gbk", "gb2312", "big5", "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr",
)  # fmt: skip
_COMMON_COST = 0.05
_RARE_COST = 1.0
# Non-ASCII punctuation and symbols that real text puts next to letters.
_ALLOWED_SYMBOLS = set(
    "–—‘’‚“”„…«»‹›·•°€£¥©®™§¶¡¿\u00a0\u200b\u3000、。，！？：；「」『』（）《》〈〉・ー"
)
# Latin-script words are mostly ASCII in every language written with it (Vietnamese and Polish
# among the highest, well under half); a word of mostly accented letters is a Cyrillic or Greek
# text read with a Western code page ("Ïðèâåò").
_MAX_NON_ASCII_LATIN_SHARE = 0.5
# Latin letters beyond Latin-1 (č, ő, ł...) cost a little: where a short text decodes plausibly
# both ways ("crème" in cp1252, "crčme" in cp1250), the Western page is the likelier source.
_EXTENDED_LATIN_COST = 0.1
_MIN_WORD_FOR_SHARE = 5
_WORD = re.compile(r"\w+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str
    text: str
    confidence: float  # share of non-ASCII characters that look plausible


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "HANGUL", "THAI"):
        if name.startswith(script):
            return script
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA")) and "HALFWIDTH" not in name:
        return "CJK"
    return "OTHER"


def implausible_characters(text: str, limit: float = math.inf) -> float:
    """How many characters look like the product of a wrong decoding; once the count reaches
    `limit` it is returned as it stands (the rest can only add to it)."""
    count = 0.0
    # Only non-ASCII characters can cost: found by the regex engine, not a Python loop over
    # every character (a 5 KB page in cp1252 has a few dozen).
    for match in _NON_ASCII.finditer(text):
        char, index = match.group(), match.start()
        if char in _ALLOWED_SYMBOLS:
            continue
        category = unicodedata.category(char)
        if category[0] in "CZ" and char not in "\u00a0":
            count += 2  # control, unassigned, private use, odd separators
        elif category[0] == "L" and "\u0100" <= char <= "\u024f":
            count += _EXTENDED_LATIN_COST
        elif category[0] not in "LM":
            neighbours = text[max(0, index - 1) : index] + text[index + 1 : index + 2]
            count += any(n.isalpha() for n in neighbours)
        if count >= limit:
            return count
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word if c.isalpha()}
        count += len(scripts) - 1 if len(scripts) > 1 else 0
        count += sum(
            1
            for a, b in itertools.pairwise(word)
            if a.islower() and b.isupper() and not (a.isascii() and b.isascii())
        )
        if scripts == {"LATIN"} and len(word) >= _MIN_WORD_FOR_SHARE:
            non_ascii = sum(1 for c in word if not c.isascii())
            count += non_ascii / len(word) > _MAX_NON_ASCII_LATIN_SHARE
        count += sum(1 for c in word if "HALFWIDTH" in unicodedata.name(c, ""))
        if count >= limit:
            return count
    return count


def _prior_cost(encoding: str) -> float:
    if encoding == "cp1252":
        return 0.0
    return _COMMON_COST if encoding in COMMON_ENCODINGS else _RARE_COST


def guess_encoding(data: bytes) -> EncodingGuess | None:
    """The most plausible decoding of bytes that are not UTF-8, or None if nothing decodes."""
    suggested = [match.encoding for match in charset_normalizer.from_bytes(data)]
    order = list(dict.fromkeys([*suggested, *COMMON_ENCODINGS]))
    best: tuple[tuple[float, int], str, str] | None = None
    for rank, encoding in enumerate(order):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        prior = _prior_cost(encoding)
        # A later candidate wins only with a lower cost (ties go to the earlier rank), so its
        # count can stop past the best cost so far: the winner is the same, found sooner. Costs
        # are sums of tenths and units; the margin keeps float rounding from stopping a tie-breaker.
        limit = math.inf if best is None else best[0][0] - prior + 1e-6
        key = (implausible_characters(text, limit) + prior, rank)
        if best is None or key < best[0]:
            best = (key, encoding, text)
    if best is None:
        return None
    (cost, _), encoding, text = best
    implausible = cost - _prior_cost(encoding)
    non_ascii = sum(1 for char in text if not char.isascii())
    confidence = 1.0 - min(1.0, implausible / non_ascii) if non_ascii else 1.0
    return EncodingGuess(encoding, text, round(confidence, 6))


# UTF-16 without a BOM in a script other than Latin (Chinese, Russian, Hindi ...) has too few NUL
# bytes for the NUL-pattern sniff and reads as binary by its control bytes. Read each way, such a
# text has no control, unassigned, private-use or unpaired-surrogate character and nothing
# implausible; the wrong byte order and binary files do not: 82 binaries (shared libraries,
# .pyc, Parquet, .mo files) cost 0.34 or more per character either way they decode, 16 texts in
# 8 scripts read the right way 0, and of 72,326 files with NUL or control bytes under /usr and a
# venv none is read as UTF-16 this way.
_UTF16_MAX_COST = 0.05
# Fewer code units than this read as CJK by chance: "hello world" and a NUL (12 bytes) reads as
# 6 Chinese characters, as do about 1% of short English strings with a NUL after them.
_UTF16_MIN_UNITS = 32
_NOT_TEXT_CATEGORIES = frozenset(("Cc", "Cn", "Co", "Cs"))


def utf16_cost(text: str) -> float:
    """Per character: twice the characters no text holds, plus the implausible ones."""
    if not text:
        return math.inf
    not_text = sum(
        1 for c in text if unicodedata.category(c) in _NOT_TEXT_CATEGORIES and c not in "\t\n\v\f\r"
    )
    limit = _UTF16_MAX_COST * len(text)
    return (2 * not_text + implausible_characters(text, limit)) / len(text)


def utf16_guess(data: bytes, sniff: int = 8192) -> EncodingGuess | None:
    """utf_16_le or utf_16_be for BOM-less bytes that read as text one way, or None. Judged on
    the first `sniff` bytes, then the whole of them decoded strictly."""
    if len(data) % 2 or len(data) < 2 * _UTF16_MIN_UNITS:
        return None
    head = data[: sniff - sniff % 2]
    best: tuple[float, str] | None = None
    for encoding in ("utf_16_le", "utf_16_be"):
        text = head.decode(encoding, errors="replace")
        if len(head) < len(data) and text.endswith("\ufffd"):
            text = text[:-1]  # the head cut a surrogate pair in two
        if "\ufffd" in text:
            continue
        cost = utf16_cost(text)
        if cost <= _UTF16_MAX_COST and (best is None or cost < best[0]):
            best = (cost, encoding)
    if best is None:
        return None
    try:
        text = data.decode(best[1])
    except UnicodeDecodeError:
        return None
    return EncodingGuess(best[1], text, round(1.0 - min(1.0, best[0]), 6))
