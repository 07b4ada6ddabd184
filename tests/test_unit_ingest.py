"""Unit tests of docpipe.io.sources: decode_bytes and read_and_decode."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import threading

import pytest

from docpipe.io.discover import Fingerprint
from docpipe.io.sources import Decoded, Rejected, decode_bytes, line_breaks, read_and_decode

ENGLISH = b"A plain ASCII line of text, long enough to look like a document.\n"


def test_empty_is_rejected():
    result = decode_bytes(b"")
    assert isinstance(result, Rejected)
    assert result.reason == "empty"
    assert result.size_bytes == 0
    assert result.source_sha256 == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


@pytest.mark.parametrize("data", [b" \n\t\r\n ", b"\n", b"   ", "\u3000\u00a0\n".encode()])
def test_whitespace_only_is_rejected(data):
    result = decode_bytes(data)
    assert isinstance(result, Rejected)
    assert result.reason == "whitespace_only"
    assert result.size_bytes == len(data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03hello", "gzip"),
    ],
)
def test_binary_magic_is_rejected(data, kind):
    result = decode_bytes(data)
    assert isinstance(result, Rejected)
    assert result.reason == "binary"
    assert kind in result.detail


def test_many_control_bytes_are_binary():
    data = bytes(range(1, 9)) * 20 + b"some text"
    result = decode_bytes(data)
    assert isinstance(result, Rejected)
    assert result.reason == "binary"


def test_nul_inside_ascii_text_is_rejected():
    data = b"Some text\x00with a NUL byte in it, otherwise ordinary.\n"
    result = decode_bytes(data)
    assert isinstance(result, Rejected)
    assert result.reason == "nul_bytes"
    assert "offset 9" in result.detail


def test_utf8_bom_is_removed():
    data = codecs.BOM_UTF8 + "Héllo wörld.\n".encode()
    result = decode_bytes(data)
    assert isinstance(result, Decoded)
    assert result.text == "Héllo wörld.\n"
    assert result.had_bom is True
    assert result.encoding == "utf_8"
    assert result.encoding_confidence == 1.0
    assert result.size_bytes == len(data)  # the BOM counts in the file's size


@pytest.mark.parametrize(
    ("bom", "codec", "expected_encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf_16_le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf_16_be"),
    ],
)
def test_utf16_with_bom_is_decoded(bom, codec, expected_encoding):
    text = "Une page en UTF-16 avec une marque d'ordre des octets: ça marche.\n"
    data = bom + text.encode(codec)
    result = decode_bytes(data)
    assert isinstance(result, Decoded), result
    assert result.text == text
    assert result.encoding == expected_encoding
    assert result.had_bom is True
    assert result.encoding_confidence == 1.0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_pattern(codec):
    text = "Plain words in UTF-16 without a BOM."
    result = decode_bytes(text.encode(codec))
    assert isinstance(result, Decoded)
    assert (result.text, result.encoding, result.had_bom) == (text, codec.replace("-", "_"), False)


NON_LATIN = {
    "zh": "这是一个测试。我们用中文写了一段文字，看看能不能认出来。\n第二段：还有更多的文字。\n",
    "ru": "Привет, мир! Это проверка.\nВторой абзац текста.\n",
    "ja": "日本語のテキストです。カタカナもひらがなも使います。\n",
    "hi": "यह एक परीक्षण है। हम देखते हैं।\n",
    "ar": "هذا اختبار. دعونا نرى.\n",
    "ko": "이것은 테스트입니다.",
}


@pytest.mark.parametrize("language", sorted(NON_LATIN))
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_of_a_non_latin_script_is_read_not_rejected(language, codec):
    # Too few NUL bytes for the pattern above, and control bytes that read as binary.
    text = NON_LATIN[language] * 400  # past the 8 KiB that are sniffed
    result = decode_bytes(text.encode(codec))
    assert isinstance(result, Decoded), result
    assert (result.text, result.encoding, result.had_bom) == (text, codec.replace("-", "_"), False)


def test_binary_without_a_signature_is_not_read_as_utf16(tmp_path):
    import random
    import zlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"n": list(range(2000)), "s": ["x" * (i % 50) for i in range(2000)]}),
                   tmp_path / "t.parquet")  # fmt: skip
    parquet = (tmp_path / "t.parquet").read_bytes()
    noise = random.Random(0).randbytes(8192)
    compressed = zlib.compress(NON_LATIN["zh"].encode("utf-16-le") * 50)
    for data in (parquet, noise, compressed, noise[:4] + b"\x00" * 2 + noise[6:]):
        data = data[: len(data) // 2 * 2]
        result = decode_bytes(data)
        assert isinstance(result, Rejected) and result.reason in ("binary", "nul_bytes"), data[:16]


def test_utf8_with_one_stray_byte_stays_utf8_and_counts_it():
    text = "“Curly quotes” and an em dash — stay as they are, " * 3
    data = text.encode("utf-8")
    broken = data[:20] + b"\xe9" + data[20:]
    result = decode_bytes(broken)
    assert isinstance(result, Decoded)
    assert (result.encoding, result.decode_errors) == ("utf_8", 1)
    assert result.text == (data[:20] + "\ufffd".encode() + data[20:]).decode("utf-8")
    assert result.encoding_confidence == 9 / 10  # nine valid non-ASCII characters, one invalid


def test_latin1_text_is_not_mistaken_for_utf8_with_errors():
    result = decode_bytes("Crème brûlée, café, à côté, fenêtre, élève.".encode("latin-1"))
    assert isinstance(result, Decoded)
    assert result.decode_errors == 0 and result.encoding == "cp1252"


def test_utf8_text_has_full_confidence_and_exact_fingerprint():
    text = "Grüße aus München — 東京 too.\n"
    data = text.encode("utf-8")
    result = decode_bytes(data)
    assert isinstance(result, Decoded)
    assert result.text == text
    assert result.encoding == "utf_8"
    assert result.encoding_confidence == 1.0
    assert result.had_bom is False
    assert result.source_sha256 == hashlib.sha256(data).hexdigest()
    # ü, ß, ü take 2 bytes each (+1 each); —, 東, 京 take 3 bytes each (+2 each).
    assert result.size_bytes == len(text) + 1 + 1 + 1 + 2 + 2 + 2 == len(data)


def test_sha256_of_a_known_text():
    result = decode_bytes(b"abc")
    assert isinstance(result, Decoded)
    assert result.source_sha256 == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert result.size_bytes == 3


def test_read_and_decode_reads_a_file(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(ENGLISH)
    result = read_and_decode(path, max_bytes=len(ENGLISH))  # exactly the limit is allowed
    assert isinstance(result, Decoded)
    assert result.text == ENGLISH.decode()
    assert result.size_bytes == len(ENGLISH)


def test_read_and_decode_rejects_a_too_large_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(ENGLISH)
    result = read_and_decode(path, max_bytes=len(ENGLISH) - 1)
    assert isinstance(result, Rejected)
    assert result.reason == "too_large"
    assert result.size_bytes == len(ENGLISH)
    assert result.source_sha256 is None  # rejected from its size: not read
    assert (
        result.detail
        == f"{len(ENGLISH)} bytes > max_bytes={len(ENGLISH) - 1}; not read, so no sha256"
    )


def test_read_and_decode_missing_path_is_unreadable(tmp_path):
    result = read_and_decode(tmp_path / "does-not-exist.txt", max_bytes=1000)
    assert isinstance(result, Rejected)
    assert result.reason == "unreadable"
    assert result.source_sha256 is None
    assert result.size_bytes is None
    assert "FileNotFoundError" in result.detail


# ---- the file as listed, the file as read ---------------------------------------------------


def _listed(path) -> Fingerprint:
    return Fingerprint.of(os.stat(path))


def test_a_file_read_as_listed_is_a_document(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(ENGLISH)
    result = read_and_decode(path, max_bytes=1000, listed=_listed(path))
    assert isinstance(result, Decoded) and result.text == ENGLISH.decode()


def test_a_file_truncated_after_it_was_listed_is_changed_during_run(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(ENGLISH)
    listed = _listed(path)
    path.write_bytes(ENGLISH[:10])
    result = read_and_decode(path, max_bytes=1000, listed=listed)
    assert isinstance(result, Rejected)
    assert result.reason == "changed_during_run"
    assert f"size {len(ENGLISH)} -> 10 bytes" in result.detail
    assert "after it was listed" in result.detail
    assert (result.size_bytes, result.source_sha256) == (len(ENGLISH), None)  # as listed


def test_a_same_size_rewrite_after_listing_is_caught_by_its_times(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(ENGLISH)
    listed = _listed(path)
    path.write_bytes(ENGLISH.upper())
    # The rewrite may land within the file system's timestamp granularity; move mtime (and with
    # it ctime) the way any later write would.
    os.utime(path, ns=(listed.mtime_ns + 10**9, listed.mtime_ns + 10**9))
    result = read_and_decode(path, max_bytes=1000, listed=listed)
    assert isinstance(result, Rejected) and result.reason == "changed_during_run"
    assert "mtime" in result.detail and "size" not in result.detail


def test_a_file_that_grows_while_it_is_read_is_changed_during_run(tmp_path, monkeypatch):
    path = tmp_path / "doc.txt"
    path.write_bytes(ENGLISH)
    listed = _listed(path)
    real_fstat = os.fstat
    calls = []

    def fstat_then_append(descriptor):
        info = real_fstat(descriptor)
        if not calls:  # between the first look at the open file and the read: a writer appends
            with open(path, "ab") as writer:
                writer.write(b"appended while reading\n")
        calls.append(info)
        return info

    monkeypatch.setattr(os, "fstat", fstat_then_append)
    result = read_and_decode(path, max_bytes=1000, listed=listed)
    assert isinstance(result, Rejected) and result.reason == "changed_during_run"
    assert "while it was read" in result.detail
    assert f"size {len(ENGLISH)} -> {len(ENGLISH) + 23} bytes" in result.detail
    # It reads one byte past the size it saw, which is how a file growing mid-read shows.
    assert f"{len(ENGLISH) + 1} of {len(ENGLISH)} bytes read" in result.detail


def test_a_file_deleted_after_it_was_listed_is_changed_during_run(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(ENGLISH)
    listed = _listed(path)
    path.unlink()
    result = read_and_decode(path, max_bytes=1000, listed=listed)
    assert isinstance(result, Rejected) and result.reason == "changed_during_run"
    assert "deleted before it was read" in result.detail


def test_a_too_large_file_that_changed_is_not_reported_with_a_stale_hash(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(ENGLISH * 3)
    listed = _listed(path)
    path.write_bytes(ENGLISH * 2)
    result = read_and_decode(path, max_bytes=len(ENGLISH), listed=listed)
    assert isinstance(result, Rejected) and result.reason == "changed_during_run"


def test_permission_denied_is_unreadable_with_the_errno(tmp_path, monkeypatch):
    # Simulated at the system call, because the test may run as root, whom file modes do not stop
    # (the end-to-end test runs the workflow as an unprivileged user where it can).
    path = tmp_path / "secret.txt"
    path.write_bytes(ENGLISH)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", denied)
    result = read_and_decode(path, max_bytes=1000, listed=_listed(path))
    assert isinstance(result, Rejected)
    assert (result.reason, result.detail) == (
        "unreadable",
        "PermissionError [EACCES]: Permission denied",
    )
    assert result.size_bytes == len(ENGLISH) and result.source_sha256 is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_unreadable(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_bytes(ENGLISH)
    path.chmod(0)
    result = read_and_decode(path, max_bytes=1000, listed=_listed(path))
    assert isinstance(result, Rejected) and result.reason == "unreadable"
    assert "EACCES" in result.detail


def test_a_fifo_in_place_of_the_file_does_not_block(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    results = []
    reader = threading.Thread(target=lambda: results.append(read_and_decode(path, 1000)))
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the reader before failing
        with open(path, "wb"):
            pass
        pytest.fail("reading a FIFO blocked waiting for a writer")
    (result,) = results
    assert isinstance(result, Rejected) and result.reason == "not_regular_file"


def test_too_large_is_rejected_from_its_size_without_reading_the_file(tmp_path, monkeypatch):
    import time

    from docpipe.io import sources as ingest

    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(4 << 30)  # sparse: 4 GiB that take no disk
    reads = []
    monkeypatch.setattr(ingest, "_sha256_stream", lambda handle: reads.append(handle))
    started = time.monotonic()
    result = read_and_decode(path, max_bytes=1000, listed=_listed(path))
    assert time.monotonic() - started < 1  # hashing it took about 10 s
    assert reads == []
    assert isinstance(result, Rejected)
    assert (result.reason, result.size_bytes, result.source_sha256) == ("too_large", 4 << 30, None)


def test_line_breaks_count_every_kind_paragraphs_split_on_and_crlf_once():
    assert line_breaks("a\r\nb\rc\nd\u2028e\x0cf\x85") == 6
    assert line_breaks("no break") == 0


def test_more_lines_than_max_lines_is_too_many_lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes(b"one\ntwo\nthree\n")
    assert isinstance(read_and_decode(path, 1000, max_lines=3), Decoded)  # at the limit
    result = read_and_decode(path, 1000, max_lines=2)
    assert isinstance(result, Rejected)
    assert (result.reason, result.detail) == ("too_many_lines", "3 line breaks > max_lines=2")
    assert result.source_sha256 == hashlib.sha256(b"one\ntwo\nthree\n").hexdigest()


def test_a_short_string_with_a_nul_is_not_read_as_utf16():
    # 12 bytes read as 6 Chinese characters; too short to tell UTF-16 from chance.
    for data in (b"hello world\x00", b"\x01\x4e", b"ab\x0e0"):
        assert isinstance(decode_bytes(data), Rejected), data
