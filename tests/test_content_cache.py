"""Validated content kept on disk: the same content as a fresh read, never stale, never trusted blindly."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import edit

from m2w_tool.content import load_content
from m2w_tool.content_cache import SUFFIX, cache_dir, cache_key, load_content_cached
from m2w_tool.errors import ContentError


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("M2W_CONTENT_CACHE_DIR", str(folder))
    monkeypatch.delenv("M2W_NO_CACHE", raising=False)
    return folder


def test_a_cached_read_is_the_content_read_afresh(mini: Path, cache: Path) -> None:
    first = load_content_cached(mini)
    entries = list(cache.glob("*" + SUFFIX))
    assert len(entries) == 1 and cache_dir() == cache
    second = load_content_cached(mini)  # from the cache now
    fresh = load_content(mini)
    assert second is not first
    assert (second.sha256, second.version, second.dimensions, second.scales) == (
        fresh.sha256, fresh.version, fresh.dimensions, fresh.scales)  # fmt: skip
    assert second.importance_scale == fresh.importance_scale and second.files == fresh.files


def test_a_changed_file_is_read_again(mini: Path, cache: Path) -> None:
    before = load_content_cached(mini)
    edit(mini / "sustainability" / "01-alpha.yaml", 'en: "Statement one"', 'en: "Statement one, changed"')
    after = load_content_cached(mini)
    assert after.questions["d01-q1"][1].text.en == "Statement one, changed" != before.questions["d01-q1"][1].text.en
    assert len(list(cache.glob("*" + SUFFIX))) == 2


def test_content_with_problems_is_never_cached(mini: Path, cache: Path) -> None:
    edit(mini / "sustainability" / "01-alpha.yaml", "scale: agree5", "scale: nope", count=1)
    with pytest.raises(ContentError):
        load_content_cached(mini)
    assert not list(cache.glob("*" + SUFFIX))


def test_a_damaged_or_foreign_entry_is_not_trusted(mini: Path, cache: Path) -> None:
    load_content_cached(mini)
    [entry] = list(cache.glob("*" + SUFFIX))
    entry.write_bytes(b"\x80\x04 not a pickle")
    assert load_content_cached(mini).sha256 == load_content(mini).sha256
    entry.write_bytes(pickle.dumps({"not": "content"}))
    assert load_content_cached(mini).sha256 == load_content(mini).sha256


def test_the_cache_can_be_turned_off(mini: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("M2W_NO_CACHE", "1")
    load_content_cached(mini)
    assert not cache.exists()


def test_the_key_follows_the_working_folder(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Messages name content files relative to where the user is: another folder, another entry.
    here = cache_key(mini)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert cache_key(mini) != here
