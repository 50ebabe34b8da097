"""Where the packaged content, templates and examples are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # In a wheel the folders are copied into the package; in a checkout they sit beside it.
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def content_dir() -> Path:
    return _find("dimensions")


def templates_dir() -> Path:
    return _find("templates")


def examples_dir() -> Path:
    return _find("examples")
