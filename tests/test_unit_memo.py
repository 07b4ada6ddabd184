"""Unit tests of docpipe.memo: the stages' per-document functions are computed once per input and
version, a rerun writes the same bytes, and a damaged or unreadable memo means computing again."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml
from pages import PAGE, RELATED_TITLE

from docpipe import memo
from docpipe.io.discover import discover, write_listing
from docpipe.io.files import write_verified
from docpipe.memo import Memo
from docpipe.stages import annotate, ingest, tables, templates

CONFIG = yaml.safe_load((Path(__file__).resolve().parent.parent / "config/config.yaml").read_text())
LANGUAGE = CONFIG["language"]
MENU = "Home\n\nWorld\n\nPolitics\n\nSport"
FOOTER = "© 2024 The Daily Example. All rights reserved."
FILES = {
    "site/a.txt": "\n\n".join([*PAGE, "Sport", FOOTER]).encode(),
    "site/b.txt": (f"{MENU}\n\nEl granjero camina hacia el campo. Cuenta las vacas dos veces.\n\n"
                   f"La lluvia viene del oeste y el río ya está alto.\n\n{FOOTER}\n").encode(),
    # Decoded through charset-normalizer and the plausibility check.
    "fr.txt": "Le café crème est déjà prêt, à côté de la fenêtre ouverte.\n".encode("cp1252"),
    "empty.txt": b"",
}  # fmt: skip
FUNCTIONS = ("decode", "paragraphs", "sentences", "tags", "page")


def build(root: Path, memo_dir: Path | None) -> dict[str, bytes]:
    """Every stage of the workflow, in one shard, on root/input: each output's bytes by name."""
    out = root / "out"
    out.mkdir(parents=True, exist_ok=True)
    write_listing(out / "listing.jsonl", discover(root / "input", 1))
    path = {name: str(out / f"{name}.parquet") for name in (
        "ingest", "ingest_rejects", "paragraphs", "lines", "segment", "tag_languages",
        "templates", "sites", "template_view")}  # fmt: skip
    memo_of = {f: None if memo_dir is None else str(memo_dir / f"{f}.json") for f in FUNCTIONS}
    ingest.run_ingest(
        str(out / "listing.jsonl"),
        {"documents": path["ingest"], "rejects": path["ingest_rejects"],
         "paragraphs": path["paragraphs"], "lines": path["lines"]},
        10_000, 1000, None if memo_dir is None else {f: memo_of[f] for f in ingest.MEMOS},
    )  # fmt: skip
    annotate.run_annotate(
        path["ingest"], path["paragraphs"],
        {"sentences": path["segment"], "languages": path["tag_languages"]},
        {"engine": "syntok", "max_chars": 100_000}, LANGUAGE,
        None if memo_dir is None else {f: memo_of[f] for f in annotate.MEMOS},
    )  # fmt: skip
    templates.run_templates([path["lines"]], 2, path["templates"], path["sites"])
    templates.update_view(path["templates"], path["sites"], path["lines"], path["template_view"])
    finals = {name: str(out / "tables" / f"{name}.parquet") for name in tables.FINAL_TABLES}
    tables.run_tables(path, finals, LANGUAGE, memo_of["page"])
    outputs = [*map(Path, path.values()), *map(Path, finals.values())]
    return {p.name: p.read_bytes() for p in outputs if p.suffix == ".parquet"}


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / "input" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "input" / name).write_bytes(data)


def hits(caplog: pytest.LogCaptureFixture) -> dict[str, tuple[int, int]]:
    """function -> (hits, computed) of the last run in the captured log."""
    found = {}
    for message in caplog.messages:
        if match := re.fullmatch(r"memo (\w+): (\d+) hits, (\d+) computed", message):
            found[match[1]] = (int(match[2]), int(match[3]))
    return found


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """FILES built without a memo, then with one: (root of the second run, the bytes of both)."""
    root = tmp_path_factory.mktemp("memo")
    write_files(root / "fresh", FILES)
    fresh = build(root / "fresh", None)
    write_files(root / "run", FILES)
    assert build(root / "run", root / "run" / "memo") == fresh
    return root / "run", fresh


@pytest.fixture
def fresh(baseline) -> dict[str, bytes]:
    return baseline[1]


@pytest.fixture
def warm(baseline, tmp_path: Path) -> Path:
    """A copy of the run with a memo (its memo at <root>/memo): the copy's root."""
    shutil.copytree(baseline[0], tmp_path / "run")
    return tmp_path / "run"


def test_a_rerun_takes_every_result_from_the_memo_and_writes_the_same_bytes(
    warm, fresh, tmp_path, caplog
) -> None:
    caplog.set_level("INFO")
    assert build(warm, warm / "memo") == fresh
    # Three documents (the empty file is a reject; its decoding is memoised too).
    assert hits(caplog) == {"decode": (4, 0), **{f: (3, 0) for f in FUNCTIONS[1:]}}
    # The site's menu and footer are template lines: the page reading depends on the template.
    view = pl.read_parquet(warm / "out" / "template_view.parquet")
    assert view.height > 0


def test_an_edited_document_alone_is_computed(warm, tmp_path, caplog) -> None:
    edited = {**FILES, "fr.txt": "Le thé est froid, la soupe aussi, et le pain est dur.\n".encode()}
    write_files(tmp_path / "edited-fresh", edited)
    expected = build(tmp_path / "edited-fresh", None)
    write_files(warm, edited)
    caplog.set_level("INFO")
    assert build(warm, warm / "memo") == expected
    assert hits(caplog) == {"decode": (3, 1), **{f: (2, 1) for f in FUNCTIONS[1:]}}


def test_a_page_whose_template_lines_changed_is_read_again(warm, tmp_path, caplog) -> None:
    # A third page of the site makes its related-stories heading a template line of the first.
    added = {**FILES, "site/c.txt": f"{MENU}\n\n{RELATED_TITLE}\n\nShort.\n\n{FOOTER}\n".encode()}
    write_files(tmp_path / "added-fresh", added)
    expected = build(tmp_path / "added-fresh", None)
    write_files(warm, added)
    caplog.set_level("INFO")
    assert build(warm, warm / "memo") == expected
    assert hits(caplog)["tags"] == (3, 1)
    assert hits(caplog)["page"] == (2, 2)


def flip(path: Path, bit: int) -> None:
    data = bytearray(path.read_bytes())
    data[bit // 8 % len(data)] ^= 1 << bit % 8
    path.write_bytes(bytes(data))


def test_a_flipped_bit_in_a_memo_file_is_logged_and_computed_again(warm, fresh, caplog) -> None:
    """Issue 16, defect 1: every memo file is checked against the sha256 it was written with.
    One bit each, from the first (in the recorded digest) to the last."""
    files = sorted((warm / "memo").glob("*.json"))
    assert [f.stem for f in files] == sorted(FUNCTIONS)
    for number, path in enumerate(files):
        flip(path, (path.stat().st_size * 8 - 1) * number // (len(files) - 1))
    caplog.set_level("INFO")
    assert build(warm, warm / "memo") == fresh
    for path in files:
        assert any(f"memo: ignoring {path} (ValueError" in m for m in caplog.messages), path
    assert hits(caplog) == {"decode": (0, 4), **{f: (0, 3) for f in FUNCTIONS[1:]}}
    # The damaged files were replaced: the next run takes everything from them again.
    caplog.clear()
    assert build(warm, warm / "memo") == fresh
    assert all(found == 0 for _, found in hits(caplog).values())


def test_a_panic_while_reading_the_memo_means_computing_again(
    warm, fresh, tmp_path, caplog, monkeypatch
) -> None:
    """Issue 16, defect 4: a reader's panic (pyo3's PanicException is a BaseException, not an
    Exception) costs a recompute, not the job."""

    def panic(payload: object) -> object:
        raise pl.exceptions.PanicException("range end index out of range")

    monkeypatch.setattr(memo, "decode", panic)
    caplog.set_level("INFO")
    assert build(warm, warm / "memo") == fresh
    assert sum("PanicException" in message for message in caplog.messages) == len(FUNCTIONS)


def test_an_interrupt_while_reading_the_memo_is_not_swallowed(warm, monkeypatch) -> None:
    def interrupt(payload: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(memo, "decode", interrupt)
    with pytest.raises(KeyboardInterrupt):
        Memo(next((warm / "memo").glob("*.json")), "tags", {})


def test_another_version_computes_again_and_keeps_only_this_runs_entries(tmp_path) -> None:
    path = tmp_path / "f.json"
    first = Memo(path, "f", {"params": 1})
    assert [first("a", str.upper, "a"), first("b", str.upper, "b")] == ["A", "B"]
    first.save()
    again = Memo(path, "f", {"params": 1})
    assert again("a", pytest.fail, "not called") == "A"
    again.save()
    assert (again.hits, again.misses) == (1, 0)
    # Only "a" was kept by the second run; another version matches nothing.
    assert (Memo(path, "f", {"params": 1})("b", str.title, "b")) == "B"
    assert Memo(path, "f", {"params": 2})("a", str.lower, "x") == "x"


def test_no_memo_path_computes_every_time_and_writes_nothing(tmp_path) -> None:
    off = Memo(None, "f", {})
    assert off("a", str.upper, "a") == "A" and off("a", str.lower, "B") == "b"
    off.save()
    assert list(tmp_path.iterdir()) == []


def test_inputs_keys_tell_their_parts_apart() -> None:
    keys = {
        memo.inputs_key("ab"), memo.inputs_key("a", "b"), memo.inputs_key("ab", []),
        memo.inputs_key("ab", [(0, 2)]), memo.inputs_key("ab", [(0, 1)]),
        memo.inputs_key("ab", [(0.1, None)]), memo.inputs_key("ab", [(0.1000000001, None)]),
        memo.inputs_key("\udce9"),
    }  # fmt: skip
    assert len(keys) == 8


@pytest.mark.parametrize(
    "value",
    [
        [(0, 5), (7, 9)],  # spans: a list of flat tuples, stored untagged per item
        ["a1", "b2", None, 3, 2.5, True],  # a flat list
        [(0, 5), [1, 2]],  # mixed: every item tagged
        [("h", 3, "line"), ()],
        [((0, 1), 2)],  # a tuple holding a tuple is not flat
        [],
    ],
)
def test_lists_come_back_with_their_items_types(value, tmp_path) -> None:
    path = tmp_path / "f.json"
    memo.store(path, {"k": value})
    back = memo.load(path)["k"]
    assert back == value
    assert [type(item) for item in back] == [type(item) for item in value]


def test_a_run_that_used_exactly_the_stored_entries_does_not_rewrite_them(tmp_path) -> None:
    path = tmp_path / "f.json"
    first = Memo(path, "f", {})
    first("a", str.upper, "a")
    first.save()
    path.touch()  # a rewrite would change the time again
    touched = path.stat().st_mtime_ns
    hit = Memo(path, "f", {})
    assert hit("a", pytest.fail, "not called") == "A"
    hit.save()
    assert path.stat().st_mtime_ns == touched
    grown = Memo(path, "f", {})
    grown("a", pytest.fail, "not called")
    grown("b", str.upper, "b")
    grown.save()
    assert path.stat().st_mtime_ns != touched
    assert Memo(path, "f", {})("b", pytest.fail, "not called") == "B"


@pytest.mark.parametrize(
    "payload",
    [
        ["not", "a", "dict"],
        # Tags holding other types than encode writes, or with other keys.
        {"d": [["k", {"t": "ab"}]]},
        {"d": "kv"},
        {"d": ["kv"]},
        {"d": [["k", {"T": [[1, [2]]]}]]},  # not flat
        {"d": [["k", {"T": [[1, 2]], "x": 1}]]},
        {"d": [["k", {"F": 2, "v": [1, 2, 3]}]]},  # not a whole number of pairs
        {"d": [["k", {"F": 0, "v": []}]]},
        {"d": [["k", {"F": True, "v": [1]}]]},
        {"d": [["k", {"F": 1, "v": [[1]]}]]},
        {"d": [["k", {"n": "docpipe.record:DocumentTags", "v": "a"}]]},
        {"d": [["k", {"c": "docpipe.io.sources:Decoded", "f": [["text", "a"]]}]]},
        {"d": [["k", {"datetime": "2020-01-01T00:00:00+05:00"}]]},  # encode writes naive ones
    ],
)
def test_a_file_with_values_store_never_writes_is_ignored(payload, tmp_path, caplog) -> None:
    path = tmp_path / "f.json"
    write_verified(path, json.dumps(payload).encode("utf-8"))
    with caplog.at_level(logging.WARNING, logger="docpipe.memo"):
        assert memo.load(path) == {}
    assert f"memo: ignoring {path}" in caplog.text


@pytest.mark.parametrize(
    "value",
    [[(0, 5), (7, 9)], [("en", 0.5, None), (None, None, "too_short")], [(1,), (2,)]],
)
def test_tuples_of_one_size_are_stored_as_one_flat_run(value, tmp_path) -> None:
    assert memo.encode(value) == {"F": len(value[0]), "v": [x for item in value for x in item]}
    memo.store(tmp_path / "f.json", {"k": value})
    assert memo.load(tmp_path / "f.json")["k"] == value
