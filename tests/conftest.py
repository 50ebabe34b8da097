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


@pytest.fixture(scope="session")
def mini_fillable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blank fillable workbook (English) of the tiny test content, rendered once per test run."""
    from m2w_tool.content import load_content
    from m2w_tool.workbook import build_workbook
    from m2w_tool.workbook_pdf import render_workbook

    content = load_content(DATA / "mini")
    workbook = build_workbook(content, content.select("all", []), lang="en", fillable=True, only=[])
    path = tmp_path_factory.mktemp("mini-workbook") / "mini-fillable.pdf"
    path.write_bytes(render_workbook(workbook))
    return path


def fill_pdf(blank: Path, values: dict[str, str], target: Path) -> Path:
    """Fill form fields the way a PDF reader saves them (pypdf), into `target`."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(blank))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(target)
    return target


QUICK_IDS = ("d01-q1", "d02-q2", "q01-q1")  # marked as the quick scan in `quick_mini`


@pytest.fixture
def quick_mini(tmp_path: Path) -> Path:
    """A copy of the tiny content with a quick scan: one statement of each dimension (QUICK_IDS)."""
    target = tmp_path / "quick-content"
    shutil.copytree(DATA / "mini", target)
    for path in sorted(target.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for qid in QUICK_IDS:
            text = text.replace(f"  - id: {qid}\n", f"  - id: {qid}\n    quick: true\n")
        path.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(autouse=True, scope="session")
def content_cache_of_the_tests(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Validated content is cached in a folder of the test run, never in the user's own cache."""
    import os

    saved = os.environ.get("M2W_CONTENT_CACHE_DIR")
    os.environ["M2W_CONTENT_CACHE_DIR"] = str(tmp_path_factory.mktemp("content-cache"))
    yield
    if saved is None:
        os.environ.pop("M2W_CONTENT_CACHE_DIR", None)
    else:
        os.environ["M2W_CONTENT_CACHE_DIR"] = saved


@pytest.fixture(autouse=True, scope="session")
def cache_of_the_tests(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Portfolio digests and finished workbooks are cached in a folder of the test run (M2W_CACHE_DIR),
    never in the user's own cache; a test that needs an empty one sets its own."""
    import os

    saved = os.environ.get("M2W_CACHE_DIR")
    os.environ["M2W_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("M2W_CACHE_DIR", None)
    else:
        os.environ["M2W_CACHE_DIR"] = saved


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder as the working directory, as a user runs m2w in a folder of their own."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (its own browser download is never used), one per module."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "the browser tests need Debian's chromium (apt-get install chromium)"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()
