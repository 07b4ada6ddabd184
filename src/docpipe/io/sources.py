"""Read input files, fingerprint them, and decode them to text, or reject them with a reason."""

from __future__ import annotations

import codecs
import errno as errno_module
import hashlib
import logging
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from docpipe.io.discover import Fingerprint, InputFile
from docpipe.logs import CurrentDocument
from docpipe.text.decode import guess_encoding, utf16_guess

logger = logging.getLogger(__name__)

# BOMs, longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF8, "utf_8"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)

# Leading bytes of common binary formats that are sometimes saved with a .txt name.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"(\xb5/\xfd", "zstd"),
)

# UTF-16 without a BOM: at least this share of the bytes on one side of each pair are NUL
# (ASCII letters in UTF-16), and almost none on the other.
_UTF16_NUL_SHARE = 0.4
_UTF16_OTHER_NUL_SHARE = 0.05
# Bytes are UTF-8 with errors when its valid non-ASCII characters outnumber its invalid sequences
# at least this many times over; text in a legacy code page has almost no valid multi-byte
# sequences (a lead byte C2-F4 followed by the right number of continuation bytes 80-BF).
_MIN_VALID_PER_INVALID = 3

# Control bytes other than tab, LF, VT, FF, CR, ESC. Text has almost none; binary data has many.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
# Share of control bytes in the first 8 KiB above which a file is binary. A text file with the
# odd stray control character stays well below; compressed or image data sits near 12%.
_BINARY_CONTROL_SHARE = 0.05
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Decoded:
    """A file that decoded to text."""

    source_sha256: str
    size_bytes: int
    encoding: str
    encoding_confidence: float
    had_bom: bool
    text: str
    decode_errors: int = 0  # invalid byte sequences replaced by U+FFFD


@dataclass(frozen=True)
class Rejected:
    """A file that could not be a text document."""

    source_sha256: str | None
    size_bytes: int | None
    reason: str
    detail: str


def read_and_decode(
    path: str | os.PathLike[str],
    max_bytes: int,
    listed: Fingerprint | None = None,
    max_lines: int | None = None,
    decode: Callable[[bytes], Decoded | Rejected] | None = None,
) -> Decoded | Rejected:
    """Read one file once and decode it, or say precisely why it is not a text document.
    `decode`: decode_bytes, or a memo of it (docpipe.memo; decoding is a function of the bytes).

    The bytes hashed are the bytes decoded. A file whose size or times differ from `listed` (what
    discovery saw, which decided that this shard must run) or change while it is read is rejected
    as changed_during_run, so the tables never mix an old listing with new content; the next run
    lists the new fingerprint and reads the file again. A text of more than `max_lines` lines is
    rejected as too_many_lines: every line can be a paragraph row in every later stage.
    """
    try:
        snapshot = _read_once(path, max_bytes)
    except FileNotFoundError as error:
        if listed is not None:
            detail = f"{listed.size} bytes when listed, deleted before it was read"
            return Rejected(None, listed.size, "changed_during_run", detail)
        return Rejected(None, None, "unreadable", _os_error(error))
    except OSError as error:
        return Rejected(None, listed.size if listed else None, "unreadable", _os_error(error))
    if not snapshot.regular:
        return Rejected(None, None, "not_regular_file", "not a regular file when read")
    changed = _changes(listed, snapshot)
    if changed:
        size = listed.size if listed is not None else snapshot.before.size
        return Rejected(None, size, "changed_during_run", changed)
    if snapshot.data is None:
        detail = f"{snapshot.before.size} bytes > max_bytes={max_bytes}; not read, so no sha256"
        return Rejected(None, snapshot.before.size, "too_large", detail)
    decoded = (decode or decode_bytes)(snapshot.data)
    if isinstance(decoded, Decoded) and max_lines is not None:
        lines = line_breaks(decoded.text)
        if lines > max_lines:
            detail = f"{lines} line breaks > max_lines={max_lines}"
            return Rejected(decoded.source_sha256, decoded.size_bytes, "too_many_lines", detail)
    return decoded


def line_breaks(text: str) -> int:
    """Line breaks in text, each kind that docpipe.text.paragraphs splits on, CRLF counted once;
    each
    str.count is one pass in C."""
    breaks = sum(text.count(char) for char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    return breaks - text.count("\r\n")


@dataclass(frozen=True)
class _Snapshot:
    """One read of a file: its fingerprint before and after, how many bytes were read, and the
    bytes (None when the file is larger than max_bytes: it is not read)."""

    before: Fingerprint
    after: Fingerprint
    bytes_read: int
    data: bytes | None
    regular: bool = True


def _read_once(path: str | os.PathLike[str], max_bytes: int) -> _Snapshot:
    # O_NONBLOCK: a FIFO that replaced the listed file must not block the job waiting for a writer.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        before = Fingerprint.of(info)
        if not stat.S_ISREG(info.st_mode):
            return _Snapshot(before, before, 0, None, regular=False)
        if info.st_size > max_bytes:
            # Rejected from its size alone: hashing it cost every rerun of its shard the whole
            # read (52 s for a 20 GB file), for a row that carries no text.
            return _Snapshot(before, before, info.st_size, None)
        # One byte more than the size, so that a file that grew while it was read is noticed.
        data = handle.read(info.st_size + 1)
        return _Snapshot(before, Fingerprint.of(os.fstat(descriptor)), len(data), data)


def _changes(listed: Fingerprint | None, snapshot: _Snapshot) -> str | None:
    """Why the bytes read may not be the listed file's bytes, or None."""
    if listed is not None and (changes := listed.changes(snapshot.before)):
        return f"changed after it was listed ({', '.join(changes)}); rerun to read it again"
    changes = snapshot.before.changes(snapshot.after)
    if snapshot.bytes_read != snapshot.before.size:
        changes.append(f"{snapshot.bytes_read} of {snapshot.before.size} bytes read")
    if changes:
        return f"changed while it was read ({', '.join(changes)}); rerun to read it again"
    return None


def _os_error(error: OSError) -> str:
    code = errno_module.errorcode.get(error.errno or 0, "?")
    return f"{type(error).__name__} [{code}]: {error.strerror}"


def _sha256_stream(handle: BinaryIO) -> tuple[str, int]:
    """sha256 and length of a file's bytes, read in 1 MiB chunks: no memory for any size."""
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def sha256_file(path: str | os.PathLike[str]) -> str:
    """sha256 of a file, read in 1 MiB chunks so a file of any size costs no memory."""
    with open(path, "rb") as handle:
        return _sha256_stream(handle)[0]


def decode_bytes(data: bytes) -> Decoded | Rejected:
    """Decode bytes as a text document: BOM first, then strict UTF-8, then a checked guess."""
    sha = hashlib.sha256(data).hexdigest()
    size = len(data)
    if size == 0:
        return Rejected(sha, size, "empty", "0 bytes")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_known(data[len(bom) :], encoding, sha, size, had_bom=True)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        decoded = _decode_known(data, utf16, sha, size, had_bom=False)
        if isinstance(decoded, Decoded):
            return decoded
    signature = _signature(data)
    if signature:
        return Rejected(sha, size, "binary", signature)
    binary = _control_bytes(data)
    if binary or b"\x00" in data:
        # UTF-16 of a non-Latin script: too few NUL bytes for the pattern, many control bytes.
        guess = utf16_guess(data)
        if guess is not None:
            return _accept(sha, size, guess.encoding, guess.confidence, False, guess.text)
    if binary:
        return Rejected(sha, size, "binary", binary)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return Rejected(
            sha, size, "nul_bytes", f"NUL byte at offset {offset} in text without a BOM"
        )
    try:
        return _accept(sha, size, "utf_8", 1.0, False, data.decode("utf_8"))
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data, sha, size)
    if mostly_utf8 is not None:
        return mostly_utf8
    return _decode_guessed(data, sha, size)


def _utf16_without_bom(data: bytes) -> str | None:
    """utf_16_le or utf_16_be when the NUL bytes fall on one side of every pair, as in UTF-16
    text of a Latin-script language; None otherwise."""
    head = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= _UTF16_NUL_SHARE and even_nul < _UTF16_OTHER_NUL_SHARE:
        return "utf_16_le"
    if even_nul >= _UTF16_NUL_SHARE and odd_nul < _UTF16_OTHER_NUL_SHARE:
        return "utf_16_be"
    return None


def _mostly_utf8(data: bytes, sha: str, size: int) -> Decoded | Rejected | None:
    """UTF-8 with a few invalid bytes (a truncated write, one stray Latin-1 byte): decoded as
    UTF-8 with each invalid sequence replaced by U+FFFD and counted, rather than re-read in a
    code page that would turn every curly quote and dash into mojibake. None when the bytes do
    not look like UTF-8 at all."""
    text = data.decode("utf_8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for char in text if not char.isascii() and char != "\ufffd")
    if invalid and valid >= _MIN_VALID_PER_INVALID * invalid:
        confidence = valid / (valid + invalid)
        decoded = _accept(sha, size, "utf_8", confidence, False, text)
        if isinstance(decoded, Decoded):
            logger.warning("decoded as UTF-8 with %d invalid byte sequence(s) replaced", invalid)
            return Decoded(**{**decoded.__dict__, "decode_errors": invalid})
        return decoded
    return None


def _decode_known(
    payload: bytes, encoding: str, sha: str, size: int, had_bom: bool
) -> Decoded | Rejected:
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as error:
        return Rejected(sha, size, "undecodable", f"BOM says {encoding}, but {error.reason} at "
                        f"byte {error.start + (size - len(payload))}")  # fmt: skip
    if "\x00" in text:
        return Rejected(sha, size, "nul_bytes", f"NUL character in {encoding} text")
    return _accept(sha, size, encoding, 1.0, had_bom, text)


def _signature(data: bytes) -> str | None:
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return f"{kind} signature at offset 0"
    return None


def _control_bytes(data: bytes) -> str | None:
    head = data[:_SNIFF_BYTES]
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    share = controls / len(head)
    if share > _BINARY_CONTROL_SHARE:
        return f"{share:.1%} control bytes in the first {len(head)} bytes"
    return None


def _decode_guessed(data: bytes, sha: str, size: int) -> Decoded | Rejected:
    guess = guess_encoding(data)
    if guess is None:
        return Rejected(sha, size, "undecodable", "not UTF-8, and no known encoding fits the bytes")
    return _accept(sha, size, guess.encoding, guess.confidence, False, guess.text)


def _accept(
    sha: str, size: int, encoding: str, confidence: float, had_bom: bool, text: str
) -> Decoded | Rejected:
    if not text.strip():
        return Rejected(sha, size, "whitespace_only", f"{len(text)} characters, all whitespace")
    return Decoded(sha, size, encoding, round(confidence, 6), had_bom, text)


def ingest_files(
    entries: Sequence[InputFile],
    max_bytes: int,
    max_lines: int | None = None,
    decode: Callable[[bytes], Decoded | Rejected] | None = None,
) -> tuple[list[tuple[str, str, Decoded]], list[tuple[str, Rejected]]]:
    """Decode a shard's files: (doc_id, relpath, Decoded) rows and (relpath, Rejected) rows.
    `decode`: see read_and_decode."""
    documents: list[tuple[str, str, Decoded]] = []
    rejects: list[tuple[str, Rejected]] = []
    with CurrentDocument("ingest", {entry.doc_id: entry.relpath for entry in entries}) as current:
        for entry in entries:
            current.doc_id = entry.doc_id
            result = _ingest_one(entry, max_bytes, max_lines, decode)
            if isinstance(result, Rejected):
                rejects.append((entry.relpath, result))
            else:
                documents.append((entry.doc_id, entry.relpath, result))
    return documents, rejects


def _ingest_one(
    entry: InputFile,
    max_bytes: int,
    max_lines: int | None,
    decode: Callable[[bytes], Decoded | Rejected] | None,
) -> Decoded | Rejected:
    if entry.reject is not None:
        result: Decoded | Rejected = Rejected(None, entry.size, entry.reject, entry.detail or "")
    else:
        result = read_and_decode(entry.path, max_bytes, entry.fingerprint, max_lines, decode)
    if isinstance(result, Rejected):
        logger.warning("rejected %s: %s (%s)", entry.relpath, result.reason, result.detail)
    else:
        logger.info("decoded %s as %s (%.2f)", entry.relpath, result.encoding,
                    result.encoding_confidence)  # fmt: skip
    return result
