"""Unit tests of docpipe.io.models: py3langid's model kept decompressed for the annotate jobs."""

from __future__ import annotations

import io
import logging
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from docpipe.io import models
from docpipe.io.files import read_verified, write_verified
from docpipe.io.models import cache_path, cached_py3langid_model
from docpipe.text.language_engines import (
    Py3LangidEngine,
    py3langid_model_bytes,
    read_py3langid_model,
)

TEXTS = [
    "Das ist ein kleiner Text auf Deutsch, nicht wahr?",
    "This is an English sentence about the weather.",
    "Ceci est une phrase en français.",
    "12345",
    "",
]


@pytest.fixture(scope="module")
def own() -> tuple:
    """py3langid's model as py3langid reads its own file."""
    return read_py3langid_model()


def same_model(first: tuple, second: tuple) -> bool:
    """The same values of the same types (numpy arrays of the same dtype, stdlib arrays of the
    same typecode, lists)."""

    def kind(value) -> tuple:
        dtype = getattr(value, "dtype", None) or getattr(value, "typecode", None)
        return type(value), str(dtype), len(value)

    return len(first) == len(second) and all(
        kind(a) == kind(b) and np.array_equal(np.asarray(a), np.asarray(b))
        for a, b in zip(first, second, strict=True)
    )


def test_the_cached_model_is_py3langids_own_and_is_read_back_without_lzma(
    tmp_path: Path, own: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert same_model(cached_py3langid_model(tmp_path), own)
    assert cache_path(tmp_path).is_file()
    # A second job reads the copy: py3langid's compressed file is not opened again.
    monkeypatch.setattr(models, "py3langid_model_bytes", lambda: pytest.fail("decompressed"))
    assert same_model(cached_py3langid_model(tmp_path), own)
    # And the engine ranks as with py3langid's own file, float for float.
    cached = Py3LangidEngine(partial(cached_py3langid_model, tmp_path)).rank_many(TEXTS)
    assert cached == Py3LangidEngine().rank_many(TEXTS)


@pytest.mark.parametrize("damage", ["flip", "truncate", "not_npz", "header", "misfit"])
def test_a_damaged_copy_is_logged_and_written_again(
    tmp_path: Path, own: tuple, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = cache_path(tmp_path)
    cached_py3langid_model(tmp_path)
    good = path.read_bytes()
    if damage == "flip":
        data = bytearray(good)
        data[len(data) // 2] ^= 0x10
        path.write_bytes(bytes(data))
    elif damage == "truncate":
        path.write_bytes(good[: len(good) // 3])
    elif damage == "not_npz":  # the right sha256 of bytes that are no model
        write_verified(path, b"not an npz file")
    elif damage == "misfit":  # a model whose arrays do not fit together
        arrays = dict(np.load(io.BytesIO(py3langid_model_bytes())))
        arrays["pc"] = arrays["pc"][:-1]
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        write_verified(path, buffer.getvalue())
    else:
        path.write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING, logger="docpipe.io.models"):
        assert same_model(cached_py3langid_model(tmp_path), own)
    assert f"model cache: ignoring {path}" in caplog.text
    assert path.read_bytes() == good


def test_another_versions_copy_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / "py3langid-0.0.1.npz"
    write_verified(stale, b"an older model")
    cached_py3langid_model(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [cache_path(tmp_path).name]


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, own: tuple, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    with caplog.at_level(logging.WARNING, logger="docpipe.io.models"):
        assert same_model(cached_py3langid_model(blocked / "models"), own)
    assert "model cache: could not write" in caplog.text


def test_read_verified_gives_back_what_was_written(tmp_path: Path) -> None:
    write_verified(tmp_path / "x", b"payload\nwith lines")
    assert read_verified(tmp_path / "x") == b"payload\nwith lines"
    (tmp_path / "y").write_bytes(b"0" * 64 + b"\npayload")
    with pytest.raises(ValueError, match="do not match"):
        read_verified(tmp_path / "y")


def test_a_model_changed_in_place_gets_a_copy_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache_path(tmp_path)
    changed = tmp_path / "model.npz.xz"
    changed.write_bytes(b"another model")
    monkeypatch.setattr(models, "py3langid_model_file", lambda: changed)
    assert cache_path(tmp_path) != first
