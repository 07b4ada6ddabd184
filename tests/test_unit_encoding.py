"""Unit tests of docpipe.text.decode.guess_encoding on short legacy-encoded texts."""

from __future__ import annotations

import pytest

from docpipe.io.sources import Decoded, decode_bytes
from docpipe.text.decode import guess_encoding, implausible_characters

CASES = [
    ("La crème brûlée du café était délicieuse, à côté de la fenêtre.", "cp1252"),
    ("Grüße aus München, schöne Straße", "cp1252"),
    ("Dzień dobry, jak się masz? Żółć", "cp1250"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250"),
    ("Привет, как дела? Это тест.", "koi8_r"),
    ("Привет, как дела? Это тест на кириллице.", "cp1251"),
    ("これは日本語のテキストです。東京は大きい都市です。", "shift_jis"),
    ("这是一个中文测试文本，北京是中国的首都。", "gb18030"),
    ("이것은 한국어 텍스트입니다. 서울은 큰 도시입니다.", "euc_kr"),
    ("Καλημέρα, πώς είστε;", "cp1253"),
]
IDS = [f"{codec}-{text[:8]}" for text, codec in CASES]


@pytest.mark.parametrize(("text", "codec"), CASES, ids=IDS)
def test_guess_encoding_recovers_the_text(text, codec):
    data = text.encode(codec)
    assert data != text.encode("utf-8")  # the case really is a legacy encoding
    guess = guess_encoding(data)
    assert guess is not None
    # The chosen codec may be an alias or superset (cp932 for shift_jis); the text must be exact.
    assert guess.text == text
    assert data.decode(guess.encoding) == text
    assert 0.0 <= guess.confidence <= 1.0


@pytest.mark.parametrize(("text", "codec"), CASES, ids=IDS)
def test_decode_bytes_recovers_the_text(text, codec):
    data = text.encode(codec)
    result = decode_bytes(data)
    assert isinstance(result, Decoded), result
    assert result.text == text
    assert result.had_bom is False
    assert result.encoding != "utf_8"
    assert result.size_bytes == len(data)


def test_plain_text_is_fully_plausible():
    assert implausible_characters("Plain ASCII, nothing odd.") == 0
    assert implausible_characters("Ça coûte 5 € — «très» cher.") == 0


def test_wrong_code_page_looks_implausible():
    # Russian cp1251 bytes read as cp1252: words of accented Latin letters and symbols.
    mojibake = "Привет, как дела?".encode("cp1251").decode("cp1252")
    assert implausible_characters(mojibake) > implausible_characters("Привет, как дела?")
