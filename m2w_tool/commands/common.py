"""Options shared by every command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from m2w_tool.i18n import N_, _, current_lang, languages, set_lang

# The names of command arguments in usage lines and messages ("Missing argument 'ANSWERS...'"),
# translated when shown (clicktext.Argument).
METAVARS = {
    "answers_file": N_("ANSWERS_FILE"),
    "answers": N_("ANSWERS..."),
    "dimension": N_("DIMENSION_ID"),
    "directory": N_("DIRECTORY"),
    "kind": N_("KIND"),
    "files": N_("FILES..."),
    "sources": N_("FILES_OR_FOLDERS..."),
    "filled": N_("FILLED.pdf..."),
    "file": N_("FILE"),
    "old_file": N_("OLD_FILE"),
    "files_or_folder": N_("FILES_OR_FOLDER"),
    "formats": N_("FORMATS"),
    "number": N_("NUMBER"),
    "date": N_("YYYY-MM-DD"),
    "ids": N_("IDS"),
    "folder": N_("FOLDER"),
}


def metavar(key: str) -> str:
    """An argument's name as the help and the error messages show it (in English; shown translated)."""
    return METAVARS[key]


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    # A command's --lang is the language of what it makes (report, workbook) and of its messages;
    # without it, the interface language (`m2w --lang en ...`, M2W_LANG) is used.
    if value:
        set_lang(value)
    return current_lang()


def lang_option(f: Callable) -> Callable:
    return click.option(
        "--lang",
        type=click.Choice(languages(), case_sensitive=False),
        default=None,
        callback=_remember_lang,
        help=N_("Language of messages and documents (default: M2W_LANG, else nl)."),
    )(f)


def content_option(f: Callable) -> Callable:
    return click.option(
        "--content",
        "content_path",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="M2W_CONTENT",
        default=None,
        help=N_("Folder with your own content (YAML) instead of the shipped one."),
    )(f)


def module_option(default: str = "all") -> Callable:
    return click.option(
        "--module",
        type=click.Choice(["sustainability", "quality", "all"]),
        default=default,
        show_default=True,
        help=N_("Which module: sustainability, quality or all."),
    )


def only_option(f: Callable) -> Callable:
    return click.option("--only", default="", metavar=metavar("ids"), help=N_("Only these dimensions, e.g. d03,d07 or q02."))(f)


def select_dimensions(content, module: str, only: str):
    """The dimensions chosen by --module and --only, with a clear message for an unknown id."""
    from m2w_tool.errors import M2WError

    try:
        return content.select(module, only.split(","))
    except KeyError as exc:
        known = ", ".join(d.short_id for d in content.dimensions)
        raise M2WError(_("Unknown dimension '%(key)s'. Known: %(known)s.", key=exc.args[0], known=known)) from None
