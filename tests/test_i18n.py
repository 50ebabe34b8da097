"""Every interface message exists in Dutch and English with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil
import string

import m2w_tool
import m2w_tool.commands
from m2w_tool.i18n import all_catalogs


def _import_everything() -> None:
    for package in (m2w_tool, m2w_tool.commands):
        for info in pkgutil.iter_modules(package.__path__):
            if info.name == "__main__":
                continue  # running it would start the CLI
            importlib.import_module(f"{package.__name__}.{info.name}")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_catalogue_is_complete_in_both_languages() -> None:
    _import_everything()
    catalogs = all_catalogs()
    assert len(catalogs) >= 3
    for catalog in catalogs:
        for key, pair in catalog.messages.items():
            assert isinstance(pair, tuple) and len(pair) == 2, key
            nl, en = pair
            assert nl.strip() and en.strip(), key
            assert fields(nl) == fields(en), key
