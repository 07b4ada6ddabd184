"""Unit tests of docpipe.io.discover: document ids, shards and file discovery."""

from __future__ import annotations

import hashlib
import re

import pytest

from docpipe.io.discover import (
    MAX_AUTO_SHARDS,
    Fingerprint,
    InputFile,
    auto_shards,
    discover,
    doc_id_for,
    input_bytes,
    plan_auto_shards,
    shard_for,
    shard_name,
    with_shards,
)


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


@pytest.mark.parametrize(
    ("total", "expected"),
    [(0, 1), (1, 1), (16, 1), (17, 2), (32, 2), (33, 4), (64, 4), (65, 8), (16 * 300, 512)],
)
def test_auto_shards_is_the_smallest_power_of_two_within_the_size(total, expected):
    assert auto_shards(total, 16) == expected


def test_auto_shards_stops_at_its_limit():
    assert auto_shards(10**15, 16) == MAX_AUTO_SHARDS == 512
    assert auto_shards(10**15, 16, limit=8) == 8


def _files(sizes: list[int]) -> list[InputFile]:
    return [InputFile(f"{i}", f"{i}", doc_id_for(f"doc{i}.txt"), 0, size=size)
            for i, size in enumerate(sizes)]  # fmt: skip


def test_plan_auto_shards_says_what_it_chose():
    files = _files([4_071_049])
    assert plan_auto_shards(files, 8, max_bytes=50_000_000) == (
        1, files, "shards=auto: 1 for 4.1 MB of input (shard_mb 8)"
    )  # fmt: skip
    count, planned, _ = plan_auto_shards(_files([3_000_000] * 40), 8, max_bytes=50_000_000)
    assert count == 16  # 120 MB in shards of at most 8 MB on average
    assert [item.shard for item in planned] == [
        shard_for(doc_id_for(f"doc{i}.txt"), 16) for i in range(40)
    ]


def test_plan_auto_shards_warns_when_the_limit_makes_shards_larger():
    files = _files([50_000_000] * 200)  # 10 GB: 512 shards of 19.5 MB
    count, _, said = plan_auto_shards(files, 8, max_bytes=50_000_000)
    assert count == 512
    assert said == (
        "shards=auto: 512 for 10000.0 MB of input (shard_mb 8); at its limit of 512 the shards "
        "hold 19.5 MB each on average: set shards (at most 1000) or watch the jobs' memory"
    )


def test_input_bytes_counts_readable_files_up_to_the_size_cap():
    files = [
        InputFile("a", "a", "0" * 16, 0, size=10),
        InputFile("b", "b", "1" * 16, 0, size=100),  # over the cap: rejected unread
        InputFile("c", "c", "2" * 16, 0, size=None, reject="unreadable"),
        InputFile("d", "d", "3" * 16, 0, size=7, reject="not_a_file"),
        InputFile("e", "e", "4" * 16, 0, size=50),
    ]
    assert input_bytes(files, max_bytes=50) == 60


def test_doubling_the_shard_count_keeps_or_moves_each_document_by_the_old_count(tmp_path):
    # What `shards: auto` counts on when a growing corpus doubles its shards: a document stays
    # in its shard or moves to shard + the old count, so each shard's memo keeps half its pages.
    files = [InputFile(f"{i}", f"{i}", doc_id_for(f"doc{i}.txt"), 0) for i in range(400)]
    four, eight = with_shards(files, 4), with_shards(files, 8)
    assert {item.shard for item in eight} == set(range(8))
    for old, new in zip(four, eight, strict=True):
        assert new.shard in (old.shard, old.shard + 4)
        assert new.shard == shard_for(new.doc_id, 8)
        assert (new.path, new.doc_id) == (old.path, old.doc_id)
    assert sum(old.shard == new.shard for old, new in zip(four, eight, strict=True)) in range(
        150, 251
    )


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


def test_entries_that_cannot_be_read_are_listed_with_a_reason(tmp_path):
    import os

    from docpipe.io.discover import discover

    (tmp_path / "good.txt").write_text("text")
    os.symlink("missing-target", tmp_path / "dangling.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    found = {item.relpath: (item.reject, item.size) for item in discover(tmp_path, 4)}
    assert found == {
        "dangling.txt": ("unreadable", None),
        "good.txt": (None, 4),
        "loop.txt": ("unreadable", None),
        "pipe.txt": ("not_regular_file", None),
    }


def test_symlinked_folders_are_followed_once_and_own_folders_excluded(tmp_path):
    import os

    from docpipe.io.discover import discover

    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    (corpus / "results").mkdir(parents=True)
    outside.mkdir()
    (outside / "far.txt").write_text("far")
    (corpus / "results" / "table.parquet").write_text("not an input")
    os.symlink(outside, corpus / "linked")
    os.symlink(corpus, corpus / "back")  # a loop back to the root
    found = [item.relpath for item in discover(corpus, 2, exclude=[corpus / "results"])]
    assert found == ["linked/far.txt"]


def test_non_utf8_names_are_printable_and_readable(tmp_path):
    import os

    from docpipe.io.discover import discover, doc_id_for

    os.close(os.open(os.fsencode(tmp_path) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))
    (item,) = discover(tmp_path, 2)
    assert item.relpath == "caf\\xe9.txt" and item.doc_id == doc_id_for(os.fsdecode(b"caf\xe9.txt"))
    assert os.path.exists(item.path) and item.reject is None


def test_a_byte_name_and_its_escape_spelled_out_are_two_documents(tmp_path):
    import os

    from docpipe.io.discover import discover

    os.close(os.open(os.fsencode(tmp_path) + b"/\xff.txt", os.O_CREAT | os.O_WRONLY))
    (tmp_path / "\\xff.txt").write_text("the four characters backslash, x, f, f")
    (tmp_path / "a\\b.txt").write_text("a backslash between two letters")
    found = discover(tmp_path, 4)
    assert sorted(item.relpath for item in found) == ["\\\\xff.txt", "\\xff.txt", "a\\\\b.txt"]
    assert len({item.doc_id for item in found}) == 3
    assert all(os.path.exists(item.path) for item in found)


def test_listing_is_rewritten_only_when_its_content_changes(tmp_path):
    from docpipe.io.discover import discover, read_listing, write_listing

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("a")
    listing = tmp_path / "0000.jsonl"
    entries = discover(tmp_path / "in", 1)
    assert write_listing(listing, entries) is True
    assert write_listing(listing, discover(tmp_path / "in", 1)) is False
    assert read_listing(listing) == entries
    (tmp_path / "in" / "a.txt").write_text("ab")  # size (and ctime) change
    assert write_listing(listing, discover(tmp_path / "in", 1)) is True


def test_stale_shard_files_are_those_beyond_the_shard_count(tmp_path):
    from docpipe.io.discover import stale_shard_files

    for name in ["tables/documents/0000.parquet", "tables/documents/0003.parquet",
                 "inputs/0002.jsonl", "manifest.json", "ingest/0001.rejects.parquet"]:  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    stale = [p.relative_to(tmp_path).as_posix() for p in stale_shard_files(tmp_path, 2)]
    assert stale == ["inputs/0002.jsonl", "tables/documents/0003.parquet"]


def test_fingerprint_changes_name_what_differs():
    listed = Fingerprint(100, 5, 6)
    assert listed.changes(Fingerprint(100, 5, 6)) == []
    assert listed.changes(Fingerprint(40, 5, 7)) == ["size 100 -> 40 bytes", "ctime"]
    assert listed.changes(Fingerprint(100, 9, 9)) == ["mtime", "ctime"]


def test_listed_entries_carry_their_fingerprint(tmp_path):
    (tmp_path / "a.txt").write_text("words")
    (entry,) = discover(tmp_path, 4)
    assert entry.fingerprint == Fingerprint.of((tmp_path / "a.txt").stat())
    assert InputFile("p", "p", "0" * 16, 0, reject="unreadable").fingerprint is None


def _found(*relpaths):
    from docpipe.io.discover import InputFile

    return [InputFile(path, path, path, 0, size=1) for path in relpaths]


def test_an_empty_listing_stops_the_run_unless_allowed():
    from docpipe.io.discover import InputDirError, check_inputs

    with pytest.raises(InputDirError, match=r"holds no input file \(the previous run had 2\)"):
        check_inputs([], ["a.txt", "b.txt"], 0.5)
    with pytest.raises(InputDirError, match="allow_shrink=True"):
        check_inputs([], None, 0.5)  # the first run, too: an empty folder is never a corpus
    check_inputs([], ["a.txt"], 0.5, allow_shrink=True)


def test_losing_more_than_the_share_of_the_previous_inputs_stops_the_run():
    from docpipe.io.discover import InputDirError, check_inputs

    previous = ["a.txt", "b.txt", "c.txt", "d.txt"]
    check_inputs(_found("a.txt", "b.txt"), previous, 0.5)  # 2 of 4 lost: at the share
    check_inputs(_found("new.txt"), None, 0.5)  # no previous run
    with pytest.raises(InputDirError) as caught:
        check_inputs(_found("a.txt", "new.txt"), previous, 0.5)
    assert "lacks 3 of the 4 inputs of the previous run (more than max_lost_share=0.5)" in str(
        caught.value
    )
    assert "'b.txt', 'c.txt', 'd.txt'" in str(caught.value)
    check_inputs(_found("a.txt"), previous, 0.5, allow_shrink=True)
    check_inputs(_found("a.txt"), previous, 0.75)


def test_previous_inputs_come_from_the_manifest_or_are_none(tmp_path):
    import json

    from docpipe.io.discover import previous_inputs

    manifest = tmp_path / "manifest.json"
    assert previous_inputs(manifest) is None
    manifest.write_text(json.dumps({"inputs": [{"path": "a.txt"}, {"path": "b/c.txt"}]}))
    assert previous_inputs(manifest) == ["a.txt", "b/c.txt"]
    manifest.write_text("[1, 2]")
    assert previous_inputs(manifest) is None


def test_the_file_system_root_is_refused_before_it_is_walked():
    from docpipe.io.discover import InputDirError, discover

    with pytest.raises(InputDirError, match="is the file system's root"):
        discover("/", 4)


def test_a_folder_that_cannot_be_listed_is_refused(tmp_path, monkeypatch):
    import errno
    import os

    from docpipe.io.discover import InputDirError, discover

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", denied)  # root is not stopped by file modes
    with pytest.raises(InputDirError, match="cannot be listed: Permission denied"):
        discover(tmp_path, 4)


def test_a_link_whose_target_cannot_be_read_is_a_reject_row(tmp_path, monkeypatch):
    import errno
    import os

    from docpipe.io.discover import discover

    os.symlink("missing-target", tmp_path / "proc-like")

    def denied(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "readlink", denied)  # as /proc/<pid>/cwd of another user's process
    (item,) = discover(tmp_path, 4)
    assert (item.relpath, item.reject) == ("proc-like", "unreadable")
    assert item.detail == "stat: No such file or directory"


def _awkward_tree(root):
    """Files of several shards: braces, a non-UTF-8 name, a FIFO, a dangling link, a subfolder."""
    import os

    (root / "sub").mkdir(parents=True)
    for name in ("a.txt", "b {x}.txt", "sub/c.txt", "sub/d.txt", "e.txt", "f.txt"):
        (root / name).write_text(name)
    os.close(os.open(os.fsencode(root) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))
    os.mkfifo(root / "pipe")
    os.symlink("missing-target", root / "dangling.txt")


def test_one_shards_listing_is_its_share_of_the_whole_listing(tmp_path):
    from docpipe.io.discover import listing_digest, shard_digests

    _awkward_tree(tmp_path / "in")
    everything = discover(tmp_path / "in", 3)
    assert {item.shard for item in everything} == {0, 1, 2}  # the tree spans every shard
    digests = shard_digests(everything, 3)
    for shard in range(3):
        alone = discover(tmp_path / "in", 3, only_shard=shard)
        assert alone == [item for item in everything if item.shard == shard]
        assert listing_digest(alone) == digests[shard]
    assert len(set(digests)) == 3 and all(re.fullmatch(r"[0-9a-f]{16}", d) for d in digests)


def test_a_listing_digest_changes_with_any_entry_of_its_shard(tmp_path):
    from docpipe.io.discover import shard_digests

    _awkward_tree(tmp_path / "in")
    before = shard_digests(discover(tmp_path / "in", 3), 3)
    (tmp_path / "in" / "a.txt").write_text("a longer text")
    shard = next(item.shard for item in discover(tmp_path / "in", 3) if item.relpath == "a.txt")
    after = shard_digests(discover(tmp_path / "in", 3), 3)
    assert [s for s in range(3) if before[s] != after[s]] == [shard]


def test_the_listing_job_writes_its_shard_and_removes_its_other_versions(tmp_path):
    from docpipe.io.discover import listing_path, read_listing, run_listing, shard_digests

    _awkward_tree(tmp_path / "in")
    digests = shard_digests(discover(tmp_path / "in", 3), 3)
    inputs = tmp_path / "results" / "inputs"
    inputs.mkdir(parents=True)
    older = ["0001.jsonl", "0001.0123456789abcdef.jsonl"]  # an old layout's, an earlier content's
    kept = ["0000.0123456789abcdef.jsonl", "0002.jsonl"]  # other shards'
    for name in older + kept:
        (inputs / name).write_text("{}\n")
    out = listing_path(str(tmp_path / "results"), 1, digests[1])
    assert out.endswith(f"/inputs/0001.{digests[1]}.jsonl")
    files = run_listing(tmp_path / "in", 1, 3, [], out)
    assert files == read_listing(out) == discover(tmp_path / "in", 3, only_shard=1)
    assert sorted(p.name for p in inputs.iterdir()) == sorted([*kept, f"0001.{digests[1]}.jsonl"])
