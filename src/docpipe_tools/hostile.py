"""A corpus of hostile inputs and what the tables must say about each one.

One definition serves the end-to-end tests (tests/test_hostile.py) and `docpipe hostile-report`,
which runs the workflow on it and prints what the tables say, case by case, with the peak memory
of the jobs that handled each case. Every expectation here is written by hand from the input, not
copied from an earlier run.

Only the plain-text reader exists, so archives, JSON lines, CSV, WARC and HTML are files like any
other: a precise `binary` reject (gzip) or a document whose text is the file's bytes decoded.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from docpipe.schemas import FINAL_TABLES

from docpipe_tools import RULES

REPO = Path(__file__).resolve().parents[2]  # a checkout: src/docpipe/ -> repository root
SEEDS = REPO / "seeds"
SNAKEFILE = REPO / "Snakefile"
MIB = 1 << 20
# The defaults of ingest.max_bytes and ingest.max_lines (config/config.yaml), which the 100 MB and
# 1,000,001-line cases exceed and the million-line case reaches.
DEFAULT_MAX_BYTES = 50_000_000
DEFAULT_MAX_LINES = 1_000_000

PAGE = (
    "City council approves the budget\n\n"
    "The city council met on Tuesday evening to discuss the budget for the coming year. "
    "Several members asked for more money for schools and public libraries.\n\n"
    "The mayor said the budget was balanced. The vote was unanimous, and the meeting ended "
    "shortly after nine.\n"
)
FRENCH = "La crème brûlée du café était délicieuse, à côté de la fenêtre.\n"
CP1252 = "“Le prix : 5 €” — c’est ça, dit-il… Œuvre complète.\n"
JAPANESE = (
    "東京都は月曜日、新しい予算案を発表しました。市民の多くは学校と図書館への投資を歓迎しています。\n"
    "知事は記者会見で、来年度の税収が増える見込みだと述べました。\n"
)
CHINESE = (
    "北京市政府星期一公布了新的预算方案。许多市民欢迎对学校和图书馆的投资。\n"
    "市长在新闻发布会上表示，明年的税收预计将会增加。\n"
)
RUSSIAN = (
    "Городской совет в понедельник обсудил новый бюджет на следующий год.\n"
    "Многие депутаты просили больше денег для школ и библиотек.\n"
)
ENGLISH = (
    "The city council met on Tuesday evening to discuss the new budget for the coming year, "
    "and several members asked for more money for schools and public libraries."
)
GERMAN = (
    "Der Stadtrat traf sich am Dienstagabend, um den neuen Haushalt für das kommende Jahr zu "
    "besprechen, und mehrere Mitglieder forderten mehr Geld für Schulen und Bibliotheken."
)
ENTITY_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n<lolz>&lol9;</lolz>\n"
)


@dataclass(frozen=True)
class Expect:
    """What the tables must say about one input."""

    kind: str  # "document", "reject", or "absent" (no row at all, e.g. below a symlink loop)
    reason: str | None = None  # the reject reason
    detail: str | None = None  # a piece of the reject detail
    encodings: tuple[str, ...] = ()  # acceptable documents.encoding values
    text: str | None = None  # the exact sources.text, when known
    had_bom: bool = False
    decode_errors: int = 0
    same_paragraphs_as: str | None = None  # source_path whose paragraph texts must be equal


@dataclass(frozen=True)
class Case:
    """One entry of the corpus: how to make it and what the tables must say about it."""

    name: str
    path: str | bytes  # relative path as created; bytes for a name that is not UTF-8
    what: str  # the input, in words, for the report
    expect: Expect
    write: Callable[[Path], None] = field(repr=False)
    big: bool = False  # slow to run; only with --big / the `slow` tests

    @property
    def fs_path(self) -> str:
        """The path as os.fsdecode gives it (non-UTF-8 bytes as surrogate escapes)."""
        return os.fsdecode(self.path)

    @property
    def source_path(self) -> str:
        """The path as the tables show it (non-UTF-8 bytes as \\xNN, a backslash doubled)."""
        from docpipe.io.discover import printable

        return printable(self.fs_path)


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda full: full.write_bytes(data)


def _repeat(piece: bytes, size: int) -> Callable[[Path], None]:
    """A file of `size` bytes made of `piece` repeated, written 1 MiB at a time."""

    def write(full: Path) -> None:
        block = piece * (MIB // len(piece) + 1)
        with open(full, "wb") as handle:
            left = size
            while left:
                chunk = block[: min(left, MIB)]
                handle.write(chunk)
                left -= len(chunk)

    return write


def _symlink(target: str) -> Callable[[Path], None]:
    return lambda full: os.symlink(target, full)


def _fifo(full: Path) -> None:
    os.mkfifo(full)


def _blob(size: int) -> bytes:
    """`size` characters of base64 without line breaks (an inlined image, say), always the same."""
    return base64.b64encode(hashlib.shake_256(b"docpipe").digest(size * 3 // 4))[:size]


def _gzip_bomb(full: Path) -> None:
    """100 MiB of zeros, gzipped to about 100 KiB, compressed a chunk at a time."""
    with gzip.GzipFile(full, "wb", compresslevel=9, mtime=0) as handle:
        for _ in range(100):
            handle.write(bytes(MIB))


def _million_lines(full: Path) -> None:
    with open(full, "w", encoding="ascii") as handle:
        for number in range(1_000_000):
            handle.write(f"word{number}\n")


def _truncated_gzip() -> bytes:
    whole = gzip.compress(("<html><body><p>" + ENGLISH + "</p></body></html>\n").encode(), mtime=0)
    return whole[: len(whole) // 2]


def _controls() -> str:
    """Characters a str and UTF-8 may hold, that CLD2 (`language.engine: cld2`) refuses as
    invalid UTF-8, inside sentences long enough to be tagged."""
    return (
        "The council voted on Tuesday\x1f to rebuild the old bridge before the winter.\n\n"
        "Work starts in March\x7f and the road stays open to cyclists during the works.\n\n"
        "Die Stadt plant\x9a einen neuen Radweg entlang des Flusses bis zum Bahnhof.\n\n"
        "Residents\ufffe asked for a second footbridge\ufdd0 near the school.\n"
    )


def _bilingual() -> str:
    return "City news in two languages\n\n" + "\n\n".join([ENGLISH, GERMAN] * 3) + "\n"


def _writer(data: bytes | Callable[[Path], None]) -> Callable[[Path], None]:
    return _bytes(data) if isinstance(data, bytes) else data


def _doc(
    name: str,
    path: str | bytes,
    what: str,
    data: bytes | Callable[[Path], None],
    encodings: tuple[str, ...] = ("utf_8",),
    **expect,
) -> Case:
    """A document; its text is `data` as UTF-8 unless `text` says otherwise."""
    if "text" not in expect and isinstance(data, bytes) and encodings == ("utf_8",):
        expect["text"] = data.decode("utf-8")
    return Case(name, path, what, Expect("document", encodings=encodings, **expect), _writer(data))


def _rej(
    name: str, path: str, what: str, data: bytes | Callable[[Path], None], reason: str, detail: str
) -> Case:
    return Case(name, path, what, Expect("reject", reason, detail), _writer(data))


def small_cases() -> list[Case]:
    """Every hostile input that is cheap enough for the default test run."""
    seeds = [_doc(f"seed {p.name[:3]}", p.name, "news page dump", p.read_bytes())
             for p in sorted(SEEDS.glob("*.txt"))]  # fmt: skip
    seed = (SEEDS / "001_f369259c4b472e2a.txt").read_bytes()
    stray = seed[:5000] + b"\xe9" + seed[5000:]
    mojibake = FRENCH.encode("utf-8").decode("cp1252")  # "crÃ¨me": UTF-8 once read as cp1252
    nested = "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "\n"
    crlf, cr = PAGE.replace("\n", "\r\n"), PAGE.replace("\n", "\r")
    warc = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>cut"
    )
    return [
        *seeds,
        _rej("empty", "bad/empty.txt", "0 bytes", b"", "empty", "0 bytes"),
        _rej("whitespace only", "bad/blank.txt", "spaces, tabs, CRLF", b" \n\t\r\n ",
             "whitespace_only", "all whitespace"),
        _rej("PNG named .txt", "bad/image.txt", "PNG signature and 1 KiB of bytes",
             b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary", "PNG signature at offset 0"),
        _rej("PDF named .txt", "bad/report.pdf.txt", "the first bytes of a PDF",
             b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary",
             "PDF signature at offset 0"),
        _rej("NUL inside text", "bad/nul.txt", "ASCII text with a NUL at offset 9",
             b"Some text\x00with a NUL byte in it.\n", "nul_bytes", "NUL byte at offset 9"),
        _doc("invalid UTF-8 byte", "sub dir/stray_byte.txt", "a UTF-8 seed page + one 0xE9 byte",
             stray, text=stray.decode("utf-8", "replace"), decode_errors=1),
        _doc("UTF-8 BOM", "enc/utf8_bom.txt", "UTF-8 with a byte-order mark",
             b"\xef\xbb\xbf" + PAGE.encode(), text=PAGE, had_bom=True),
        _rej("BOM that lies", "enc/bom_then_latin1.txt", "a UTF-8 BOM, then Latin-1 bytes",
             b"\xef\xbb\xbf" + FRENCH.encode("latin-1"), "undecodable",
             "BOM says utf_8, but invalid continuation byte at byte 8"),
        _rej("truncated UTF-16", "enc/utf16_cut.txt", "UTF-16 LE with BOM, last byte cut off",
             ("\ufeff" + FRENCH).encode("utf-16-le")[:-1], "undecodable",
             "BOM says utf_16_le, but truncated data"),
        _doc("UTF-16 LE BOM", "sub dir/utf16.txt", "French, UTF-16 LE with BOM",
             ("\ufeff" + FRENCH).encode("utf-16-le"), ("utf_16_le",), text=FRENCH, had_bom=True),
        _doc("UTF-16 BE BOM", "enc/utf16be.txt", "English, UTF-16 BE with BOM",
             ("\ufeff" + PAGE).encode("utf-16-be"), ("utf_16_be",), text=PAGE, had_bom=True),
        _doc("UTF-16 BE, no BOM, Chinese", "enc/utf16be_zh.txt", "Chinese, UTF-16 BE, no BOM",
             CHINESE.encode("utf-16-be"), ("utf_16_be",), text=CHINESE),
        _doc("UTF-16 LE, no BOM, Russian", "enc/utf16le_ru.txt", "Russian, UTF-16 LE, no BOM",
             RUSSIAN.encode("utf-16-le"), ("utf_16_le",), text=RUSSIAN),
        _doc("Latin-1", "sub dir/latin1 é.txt", "French in ISO-8859-1 (non-ASCII name)",
             FRENCH.encode("latin-1"), ("cp1252", "latin_1", "iso8859_15"), text=FRENCH),
        _doc("cp1252", "enc/cp1252.txt", "curly quotes, €, …, Œ in Windows-1252",
             CP1252.encode("cp1252"), ("cp1252",), text=CP1252),
        _doc("Shift-JIS", "enc/shift_jis.txt", "Japanese news text in Shift-JIS",
             JAPANESE.encode("shift_jis"), ("cp932", "shift_jis"), text=JAPANESE),
        _doc("GB18030", "enc/gb18030.txt", "Chinese news text in GB18030",
             CHINESE.encode("gb18030"), ("gb18030",), text=CHINESE),
        _doc("KOI8-R", "enc/koi8_r.txt", "Russian news text in KOI8-R",
             RUSSIAN.encode("koi8_r"), ("koi8_r",), text=RUSSIAN),
        _doc("mojibake", "enc/mojibake.txt", "UTF-8 of French once misread as cp1252 (crÃ¨me)",
             mojibake.encode()),
        _doc("control and noncharacters", "enc/controls.txt", "UTF-8 text with a unit separator, "
             "DEL, a C1 control, U+FFFE and U+FDD0 inside words (CLD2 refuses each)",
             _controls().encode()),
        _doc("LF line ends", "lines/lf.txt", "a short article, LF line ends", PAGE.encode()),
        _doc("CRLF line ends", "lines/crlf.txt", "the same article, CRLF line ends",
             crlf.encode(), same_paragraphs_as="lines/lf.txt"),
        _doc("lone CR line ends", "lines/cr.txt", "the same article, CR line ends (old Mac)",
             cr.encode(), same_paragraphs_as="lines/lf.txt"),
        _rej("100 MB, no newline", "big/huge-one-line.txt", "100 MiB of words, no line break",
             _repeat(b"lorem ipsum ", 100 * MIB), "too_large",
             f"104857600 bytes > max_bytes={DEFAULT_MAX_BYTES}"),
        _rej("1,000,001 lines", "big/too-many-lines.txt", "2 MB: 'a' and a line break, 1,000,001 "
             "times", b"a\n" * (DEFAULT_MAX_LINES + 1), "too_many_lines",
             f"{DEFAULT_MAX_LINES + 1} line breaks > max_lines={DEFAULT_MAX_LINES}"),
        _doc("braces in name", "names/{x}.txt", "a name Snakemake would read as a wildcard",
             b"A page whose name has braces, with words.\n"),
        _doc("wildcard name", "names/{shard}.txt", "named like the workflow's own wildcard",
             b"A page named like a wildcard, with words.\n"),
        _doc("non-UTF-8 name", b"names/caf\xe9.txt", "a Latin-1 byte in the file name",
             "Un café au lait, s’il vous plaît.\n".encode()),
        _doc("0xFF byte in name", b"names/\xff.txt", "the byte 0xFF, not UTF-8, as a file name",
             b"A page named by one byte that is not UTF-8.\n"),
        _doc("backslash-x-f-f name", "names/\\xff.txt", "the four characters \\xff as a file "
             "name: shown like the byte 0xFF, but another document",
             b"A page named by a backslash and three letters.\n"),
        _doc("quotes, spaces, accents", "names/it's \"quoted\"  — ünïcödé .txt",
             "quotes, a double space, a dash, accents and a trailing space in the name",
             b"A page with an awkward name.\n"),
        _doc("same content, name 1", "dup/a.txt", "the LF article again", PAGE.encode()),
        _doc("same content, name 2", "dup/b.txt", "the LF article again", PAGE.encode()),
        _doc("segmenter panic", "lines/initial_nbsp.txt", "a one-letter word, a no-break space and "
             "a full stop (sentencex 1.0.32 panics on it: the fast profile's segmenter)",
             "Take vitamin C\u00a0. It is good for you.\n".encode()),
        _doc("bilingual page", "sub dir/bilingual.txt", "English and German paragraphs",
             _bilingual().encode()),
        _doc("symlink to a file", "links/to-bilingual.txt", "symlink to sub dir/bilingual.txt",
             _symlink("../sub dir/bilingual.txt"), text=_bilingual()),
        Case("symlink loop", "links/loop", "directory symlink to its own parent",
             Expect("absent"), _symlink("..")),
        _rej("dangling symlink", "bad/dangling.txt", "symlink to a missing file",
             _symlink("nowhere.txt"), "unreadable", "symlink to 'nowhere.txt'"),
        _rej("FIFO", "bad/pipe.txt", "a named pipe", _fifo, "not_regular_file", "FIFO"),
        _rej("truncated gzip", "formats/page.html.gz", "the first half of a gzipped page",
             _truncated_gzip(), "binary", "gzip signature at offset 0"),
        _rej("gzip bomb", "formats/bomb.gz", "100 KiB that inflate to 100 MiB of zeros",
             _gzip_bomb, "binary", "gzip signature at offset 0"),
        _doc("malformed JSON line", "formats/records.jsonl", "JSON lines, the second cut short",
             b'{"id": 1, "text": "fine"}\n{"id": 2, "tex\n'),
        _doc("CSV stray quotes", "formats/table.csv", "CSV with unbalanced quotes",
             b'id,title\n1,"He said "hi"\n2,"open\n'),
        _doc("broken WARC record", "formats/crawl.warc", "a WARC record cut 99,900 bytes short",
             warc),
        _doc("deeply nested HTML", "formats/nested.html", "100,000 nested <div>, on one line",
             nested.encode()),
        _doc("entity bomb", "formats/lolz.xml", "billion-laughs XML entities",
             ENTITY_BOMB.encode()),
    ]  # fmt: skip


def big_cases() -> list[Case]:
    """Inputs whose cost is their size: run by `pytest -m slow` and `hostile-report --big`."""
    return [
        Case("10 MB paragraph, no spaces", "big/blob-10mb.txt", "10 MiB of base64, no whitespace",
             Expect("document", encodings=("utf_8",), text=_blob(10 * MIB).decode()),
             lambda full: full.write_bytes(_blob(10 * MIB)), big=True),
        Case("a million one-word lines", "big/million-lines.txt",
             "word0 ... word999999, one per line: exactly max_lines",
             Expect("document", encodings=("utf_8",)), _million_lines, big=True),
    ]  # fmt: skip


def build_corpus(corpus: Path, cases: Sequence[Case], reverse: bool = False) -> Path:
    """Create every case below `corpus` (in reverse order on request: directory entries then
    come back from the file system in another order) and return `corpus`."""
    corpus.mkdir(parents=True, exist_ok=True)
    for case in reversed(cases) if reverse else cases:
        relative = case.path if isinstance(case.path, bytes) else os.fsencode(case.path)
        full = Path(os.fsdecode(os.fsencode(corpus) + b"/" + relative))
        full.parent.mkdir(parents=True, exist_ok=True)
        case.write(full)
    return corpus


# ---- reading what the tables say ------------------------------------------------------------


def load_tables(results: Path) -> dict[str, pl.DataFrame]:
    """Every final table, all shards."""
    return {
        name: pl.read_parquet(sorted((results / "tables" / name).glob("*.parquet")))
        for name in FINAL_TABLES
    }


def _uncovered(text: str, start: int, end: int, spans: Iterable[tuple[int, int]]) -> int:
    """Non-whitespace characters of text[start:end] outside the ordered spans."""
    missing, position = 0, start
    for span_start, span_end in spans:
        missing += len("".join(text[position:span_start].split()))
        position = max(position, span_end)
    return missing + len("".join(text[position:end].split()))


def completeness(tables: dict[str, pl.DataFrame]) -> dict[str, tuple[int, int]]:
    """doc_id -> (non-space characters in no paragraph, paragraph characters in no sentence)."""
    texts = dict(tables["sources"].select("doc_id", "text").iter_rows())
    paragraphs = tables["paragraphs"].sort("doc_id", "paragraph_index")
    sentences = tables["sentences"].sort("doc_id", "paragraph_index", "sentence_index")
    by_paragraph: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for doc_id, index, start, end in sentences.select(
        "doc_id", "paragraph_index", "start", "end"
    ).iter_rows():
        by_paragraph.setdefault((doc_id, index), []).append((start, end))
    spans: dict[str, list[tuple[int, int, int]]] = {doc_id: [] for doc_id in texts}
    for doc_id, index, start, end in paragraphs.select(
        "doc_id", "paragraph_index", "start", "end"
    ).iter_rows():
        spans[doc_id].append((index, start, end))
    result = {}
    for doc_id, text in texts.items():
        outside = _uncovered(text, 0, len(text), [(s, e) for _, s, e in spans[doc_id]])
        unsegmented = sum(
            _uncovered(text, s, e, by_paragraph.get((doc_id, i), [])) for i, s, e in spans[doc_id]
        )
        result[doc_id] = (outside, unsegmented)
    return result


@dataclass(frozen=True)
class Outcome:
    """What the tables say about one case."""

    kind: str  # document, reject, absent, or duplicated (in both tables or twice)
    row: dict = field(default_factory=dict)  # the documents or rejects row
    paragraphs: int = 0
    sentences: int = 0
    incomplete: tuple[int, int] = (0, 0)


def outcome(case: Case, tables: dict[str, pl.DataFrame], complete: dict) -> Outcome:
    path = case.source_path
    documents = tables["documents"].filter(pl.col("source_path") == path)
    rejects = tables["rejects"].filter(pl.col("source_path") == path)
    if case.expect.kind == "absent":
        below = pl.col("source_path").str.starts_with(f"{path}/") | (pl.col("source_path") == path)
        found = tables["documents"].filter(below).height + tables["rejects"].filter(below).height
        return Outcome("absent" if not found else "duplicated")
    if documents.height + rejects.height != 1:
        return Outcome("absent" if documents.height + rejects.height == 0 else "duplicated")
    if rejects.height:
        return Outcome("reject", rejects.row(0, named=True))
    row = documents.row(0, named=True)
    text = tables["sources"].filter(pl.col("doc_id") == row["doc_id"])["text"][0]
    return Outcome(
        "document",
        {**row, "source_text": text},
        row["n_paragraphs"],
        row["n_sentences"],
        complete.get(row["doc_id"], (0, 0)),
    )


def problems(case: Case, found: Outcome, tables: dict[str, pl.DataFrame]) -> list[str]:
    """How the tables differ from the case's expectation; empty when they agree."""
    want = case.expect
    if found.kind != want.kind:
        return [f"expected {want.kind}, tables say {found.kind} {found.row.get('reason', '')}"]
    wrong: list[str] = []
    if want.kind == "reject":
        if found.row["reason"] != want.reason:
            wrong.append(f"reason {found.row['reason']!r} != {want.reason!r}")
        if want.detail and want.detail not in found.row["detail"]:
            wrong.append(f"detail {found.row['detail']!r} lacks {want.detail!r}")
    if want.kind != "document":
        return wrong
    row = found.row
    if want.encodings and row["encoding"] not in want.encodings:
        wrong.append(f"encoding {row['encoding']!r} not in {want.encodings}")
    if want.text is not None and row["source_text"] != want.text:
        wrong.append("sources.text differs from the text that was written")
    if (row["had_bom"], row["decode_errors"]) != (want.had_bom, want.decode_errors):
        wrong.append(f"had_bom={row['had_bom']} decode_errors={row['decode_errors']}")
    if found.incomplete != (0, 0):
        wrong.append(f"characters outside paragraphs/sentences: {found.incomplete}")
    if want.same_paragraphs_as is not None:
        wrong.extend(_paragraph_difference(tables, case.source_path, want.same_paragraphs_as))
    return wrong


def _paragraph_difference(tables: dict[str, pl.DataFrame], path: str, other: str) -> list[str]:
    def texts(source_path: str) -> list[str]:
        doc = tables["documents"].filter(pl.col("source_path") == source_path)["doc_id"]
        rows = tables["paragraphs"].filter(pl.col("doc_id").is_in(doc.implode()))
        return rows.sort("paragraph_index")["text"].to_list()

    mine, theirs = texts(path), texts(other)
    return [] if mine == theirs and mine else [f"paragraphs differ from {other}'s"]


# ---- memory ---------------------------------------------------------------------------------

_RESOURCES = re.compile(r"resources: peak_rss_mib=([\d.]+) cpu_s=([\d.]+)")


def job_resources(workdir: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """(rule, shard) -> (exact peak RSS in MiB, CPU seconds), from the line each job logs at exit
    (the manifest job, which runs once, as ('manifest', 'all'))."""
    found = {}
    logs = workdir / "logs"
    for log in sorted([*logs.glob("*/*.log"), *logs.glob("*.log")]):
        matches = _RESOURCES.findall(log.read_text(encoding="utf-8", errors="replace"))
        if matches:
            key = (log.parent.name, log.stem) if log.parent != logs else (log.stem, "all")
            found[key] = (float(matches[-1][0]), float(matches[-1][1]))
    return found


def job_peaks(workdir: Path) -> dict[tuple[str, str], float]:
    """(rule, shard) -> the job's exact peak RSS in MiB."""
    return {key: peak for key, (peak, _) in job_resources(workdir).items()}


def benchmark_peaks(workdir: Path) -> dict[tuple[str, str], float]:
    """(rule, shard) -> max_rss in MiB from Snakemake's benchmark file (sampled, see logs)."""
    peaks = {}
    for tsv in sorted((workdir / "results" / "benchmarks").glob("*/*.tsv")):
        rows = pl.read_csv(tsv, separator="\t", null_values=["NA"])
        if rows.height and rows["max_rss"][0] is not None:
            peaks[(tsv.parent.name, tsv.stem)] = float(rows["max_rss"][0])
    return peaks


def shard_of(case: Case, shards: int) -> str:
    from docpipe.io.discover import doc_id_for, shard_for, shard_name

    return shard_name(shard_for(doc_id_for(case.fs_path), shards))


# ---- running it -----------------------------------------------------------------------------


def run_workflow(
    workdir: Path, corpus: Path, *config: str, cores: int = 2, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the workflow of this checkout on `corpus` with `workdir` as its working directory;
    `config` items (key=value) are added to --config."""
    command = [
        *(sys.executable, "-m", "snakemake", "-s", str(SNAKEFILE), "--directory", str(workdir)),
        *(f"-c{cores}", "--config", f"input_dir={corpus}", *config),
    ]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)


# ---- the report -----------------------------------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def case_rows(cases: Sequence[Case], workdir: Path, shards: int) -> tuple[list[str], int]:
    """Markdown rows, one per case, and how many cases the tables contradict."""
    tables = load_tables(workdir / "results")
    complete = completeness(tables)
    peaks = job_peaks(workdir)
    rows, wrong = [], 0
    for case in cases:
        found = outcome(case, tables, complete)
        issues = problems(case, found, tables)
        wrong += bool(issues)
        shard = shard_of(case, shards)
        peak = max((mib for (_, s), mib in peaks.items() if s == shard), default=None)
        if found.kind == "reject":
            said = f"reject `{found.row['reason']}`: {found.row['detail']}"
        elif found.kind == "document":
            row = found.row
            language = row["language"] or f"none, {row['language_reason']}"
            extra = [f"language {language}"]
            extra += ["BOM removed"] if row["had_bom"] else []
            errors = row["decode_errors"]
            extra += [f"{errors} invalid byte sequence(s) replaced"] if errors else []
            said = f"document ({', '.join(extra)})"
        else:
            said = "no row (not an input)" if found.kind == "absent" else found.kind
        counts = f"{found.paragraphs:,} / {found.sentences:,}" if found.kind == "document" else ""
        cells = [
            case.name,
            case.what,
            said,
            found.row.get("encoding", ""),
            counts,
            "" if peak is None else f"{peak:.0f}",
            "yes" if not issues else "; ".join(issues),
        ]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")  # fmt: skip
    return rows, wrong


def stage_rows(name: str, workdir: Path) -> list[str]:
    resources = job_resources(workdir)
    sampled = benchmark_peaks(workdir)
    rows = []
    for (rule, shard), (peak, cpu) in sorted(resources.items(), key=lambda i: RULES.index(i[0][0])):
        bench = sampled.get((rule, shard))
        rows.append(f"| {_cell(name)} | {rule} {shard} | {peak:.0f} | "
                    f"{'' if bench is None else f'{bench:.0f}'} | {cpu:.1f} |")  # fmt: skip
    return rows


def report(scratch: Path, big: bool = False, cores: int = 2) -> tuple[list[str], int]:
    """Build the corpus in `scratch`, run the workflow on it (and on each big case alone), and
    return the Markdown report and the number of cases whose tables contradict them."""
    header = [
        "| case | input | the tables say | encoding | paragraphs / sentences "
        "| peak RSS of its shard's largest job (MiB) | as expected |",
        "|---|---|---|---|---|---|---|",
    ]
    stage_header = ["| case | job | peak RSS (MiB, exact) | benchmark max_rss (MiB, sampled) "
                    "| CPU s |", "|---|---|---|---|---|"]  # fmt: skip
    runs = [("all cheap cases, 4 shards", small_cases(), "0")]
    if big:
        runs += [(case.name, [case], str(number)) for number, case in enumerate(big_cases(), 1)]
    lines, stages, wrong = list(header), list(stage_header), 0
    for name, cases, folder in runs:
        shards = 4 if len(cases) > 1 else 1
        corpus = build_corpus(scratch / folder / "corpus", cases)
        result = run_workflow(scratch / folder / "work", corpus, f"shards={shards}", cores=cores)
        if result.returncode != 0:
            raise RuntimeError(f"the workflow failed on {name}:\n{result.stderr[-4000:]}")
        rows, contradicted = case_rows(cases, scratch / folder / "work", shards)
        lines += rows
        wrong += contradicted
        stages += stage_rows(name, scratch / folder / "work")
    return [*lines, "", *stages], wrong
