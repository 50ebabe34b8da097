"""Shared fixtures: the tiny content in tests/data/mini and helpers to break it on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the tiny test content; the working folder is its parent, so messages
    name files as `content/sustainability/01-alpha.yaml`."""
    target = tmp_path / "content"
    shutil.copytree(DATA / "mini", target)
    monkeypatch.chdir(tmp_path)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in a file, failing loudly when `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch):
    """Tests read messages in English unless they choose a language themselves."""
    from m2w_tool.i18n import _CURRENT

    monkeypatch.setenv("M2W_LANG", "en")
    token = _CURRENT.set(None)
    yield
    _CURRENT.reset(token)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Run a block with `lang` as the interface language (as `--lang` sets it for a command)."""
    from m2w_tool.i18n import _CURRENT

    token = _CURRENT.set(lang)
    try:
        yield
    finally:
        _CURRENT.reset(token)
