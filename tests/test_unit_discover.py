"""Unit tests of docpipe.discover: document ids, shards and file discovery."""

from __future__ import annotations

import hashlib
import re

import pytest

from docpipe.discover import InputFile, discover, doc_id_for, shard_for, shard_name


def test_doc_id_is_16_hex_of_sha256_of_relpath():
    relpath = "news/2020/article one.txt"
    expected = hashlib.sha256(relpath.encode("utf-8")).hexdigest()[:16]
    assert doc_id_for(relpath) == expected
    assert re.fullmatch(r"[0-9a-f]{16}", doc_id_for(relpath))


def test_doc_id_of_a_known_value():
    # sha256 of the empty string is e3b0c442 98fc1c14 ...
    assert doc_id_for("") == "e3b0c44298fc1c14"


def test_doc_id_is_stable_and_distinguishes_paths():
    assert doc_id_for("a/b.txt") == doc_id_for("a/b.txt")
    assert doc_id_for("a/b.txt") != doc_id_for("a/c.txt")
    relpath = "sub dir/latin1 é.txt"
    assert doc_id_for(relpath) == hashlib.sha256(relpath.encode("utf-8")).hexdigest()[:16]


def test_shard_for_uses_the_first_8_hex_digits():
    assert shard_for("0000000a" + "ffffffff", 4) == 10 % 4 == 2
    assert shard_for("ffffffff" + "00000000", 1) == 0


@pytest.mark.parametrize("shards", [1, 2, 3, 7, 16])
def test_shard_for_is_in_range(shards):
    for index in range(200):
        shard = shard_for(doc_id_for(f"doc{index}.txt"), shards)
        assert 0 <= shard < shards


def test_shard_name_is_zero_padded():
    assert shard_name(3) == "0003"
    assert shard_name(1234) == "1234"


def test_discover_nested_tree(tmp_path):
    root = tmp_path / "input"
    for relpath in ["b.txt", "a/y/z.txt", "a.txt", "a/x.txt", "c d/é.txt"]:
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(relpath, encoding="utf-8")
    (root / "empty dir").mkdir()
    found = discover(root, shards=3)
    # Plain string order: '.' (0x2E) sorts before '/' (0x2F), so "a.txt" precedes "a/x.txt".
    assert [f.relpath for f in found] == ["a.txt", "a/x.txt", "a/y/z.txt", "b.txt", "c d/é.txt"]
    for item in found:
        assert isinstance(item, InputFile)
        assert item.path == str(root / item.relpath)
        assert item.doc_id == hashlib.sha256(item.relpath.encode("utf-8")).hexdigest()[:16]
        assert item.shard == int(item.doc_id[:8], 16) % 3


def test_discover_is_independent_of_the_root_location(tmp_path):
    for root in (tmp_path / "one", tmp_path / "two" / "deeper"):
        (root / "sub").mkdir(parents=True)
        (root / "sub" / "doc.txt").write_text("x", encoding="utf-8")
    first = discover(tmp_path / "one", shards=5)
    second = discover(tmp_path / "two" / "deeper", shards=5)
    assert [(f.relpath, f.doc_id, f.shard) for f in first] == [
        (f.relpath, f.doc_id, f.shard) for f in second
    ]


def test_discover_empty_folder(tmp_path):
    assert discover(tmp_path, shards=2) == []


def test_discover_missing_folder_raises_a_helpful_error(tmp_path):
    missing = tmp_path / "no_such_input"
    with pytest.raises(FileNotFoundError) as info:
        discover(missing, shards=2)
    message = str(info.value)
    assert str(missing) in message
    assert "input_dir" in message


def test_discover_a_file_instead_of_a_folder_raises(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="not a directory"):
        discover(path, shards=2)
