"""Keep the interface catalogues up to date (for maintainers; needs Babel, which m2w depends on).

    python -m m2w_tool.catalogs extract   # collect every message id into locales/m2w.pot
    python -m m2w_tool.catalogs update    # merge new ids into each language's .po
    python -m m2w_tool.catalogs compile   # write the .mo files m2w reads
    python -m m2w_tool.catalogs all       # the three in a row
    python -m m2w_tool.catalogs init xx   # start a new language: translate locales/xx/.../m2w.po

A translator only edits `.po` files (Poedit, Weblate, a text editor); `compile` makes them usable.
"""

from __future__ import annotations

import sys
from pathlib import Path

from m2w_tool.i18n import DOMAIN, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
POT = LOCALE_DIR / f"{DOMAIN}.pot"
# Babel's defaults (_, gettext, ngettext, N_ ...) plus the document-language helpers of i18n.py.
KEYWORDS = ["tr:2", "trn:2,3", "click_plural:1,2"]


def _babel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


def _catalog_files() -> list[Path]:
    return [POT, *sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]


def _keeping_dates(step) -> None:  # noqa: ANN001 - a function without arguments
    """Run `step`; a catalogue whose messages did not change keeps its old bytes, so a run that
    finds nothing new changes no file (Babel would stamp a new creation date on every one)."""
    before = {path: path.read_bytes() for path in _catalog_files() if path.is_file()}
    step()
    for path, old in before.items():
        if path.is_file() and _without_date(path.read_bytes()) == _without_date(old):
            path.write_bytes(old)


def _without_date(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b'"POT-Creation-Date:'))


def extract() -> None:
    keywords = [f"--keyword={k}" for k in KEYWORDS]
    _keeping_dates(
        lambda: _babel(
            "extract", "-F", str(LOCALE_DIR / "babel.cfg"), *keywords, "--no-location", "--sort-output",
            "--project=m2w", "--copyright-holder=m2w", "-o", str(POT), str(ROOT),
        )
    )  # fmt: skip


def update() -> None:
    _keeping_dates(
        lambda: _babel(
            "update", "-i", str(POT), "-d", str(LOCALE_DIR), "-D", DOMAIN, "--no-fuzzy-matching", "--ignore-obsolete"
        )
    )


def compile_all() -> None:
    _babel("compile", "-d", str(LOCALE_DIR), "-D", DOMAIN, "--use-fuzzy")


def init(lang: str) -> None:
    _babel("init", "-i", str(POT), "-d", str(LOCALE_DIR), "-D", DOMAIN, "-l", lang)


def main(argv: list[str]) -> int:
    steps = {"extract": [extract], "update": [update], "compile": [compile_all], "all": [extract, update, compile_all]}
    if argv[:1] == ["init"] and len(argv) == 2:
        init(argv[1])
        return 0
    if len(argv) != 1 or argv[0] not in steps:
        print(__doc__)
        return 2
    for step in steps[argv[0]]:
        step()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
