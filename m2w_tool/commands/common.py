"""Options shared by every command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from m2w_tool.i18n import ENV_VAR, LANGS, Catalog, env_lang, set_lang

MSG = Catalog(
    {
        "lang": (
            "Taal: nl of en (standaard: M2W_LANG, anders nl).",
            "Language: nl or en (default: M2W_LANG, else nl).",
        ),
        "content": (
            "Map met eigen inhoud (YAML) in plaats van de meegeleverde.",
            "Folder with your own content (YAML) instead of the shipped one.",
        ),
        "module": (
            "Welke module: sustainability (duurzaamheid), quality (kwaliteit) of all (beide).",
            "Which module: sustainability, quality or all.",
        ),
        "only": (
            "Enkel deze dimensies, bv. d03,d07 of q02.",
            "Only these dimensions, e.g. d03,d07 or q02.",
        ),
        "unknown_only": (
            "Onbekende dimensie '{key}'. Bekende: {known}.",
            "Unknown dimension '{key}'. Known: {known}.",
        ),
    }
)

HELP_LANG = env_lang()

# The names of command arguments in usage lines and messages ("Missing argument 'ANSWERS...'").
ARG = Catalog(
    {
        "answers_file": ("ANTWOORDBESTAND", "ANSWERS_FILE"),
        "answers": ("ANTWOORDBESTANDEN...", "ANSWERS..."),
        "dimension": ("DIMENSIE", "DIMENSION_ID"),
        "directory": ("MAP", "DIRECTORY"),
        "kind": ("SOORT", "KIND"),
        "files": ("BESTANDEN...", "FILES..."),
        "sources": ("BESTANDEN_OF_MAPPEN...", "FILES_OR_FOLDERS..."),
        "filled": ("INGEVULD.pdf...", "FILLED.pdf..."),
        "file": ("BESTAND", "FILE"),
        "old_file": ("OUD_BESTAND", "OLD_FILE"),
        "files_or_folder": ("BESTANDEN_OF_MAP", "FILES_OR_FOLDER"),
        "formats": ("FORMATEN", "FORMATS"),
        "number": ("AANTAL", "NUMBER"),
        "date": ("JJJJ-MM-DD", "YYYY-MM-DD"),
    }
)


def metavar(key: str) -> str:
    """An argument's name as the help and the error messages show it."""
    return ARG(key, HELP_LANG)


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    value = (value or env_lang()).lower()  # `m2w --lang en report ...` has set M2W_LANG
    set_lang(value)  # messages raised deep inside (validation, files) follow --lang too
    return value


def lang_option(f: Callable) -> Callable:
    return click.option(
        "--lang",
        type=click.Choice(LANGS, case_sensitive=False),
        envvar=ENV_VAR,
        default=None,
        callback=_remember_lang,
        help=MSG("lang", HELP_LANG),
    )(f)


def content_option(f: Callable) -> Callable:
    return click.option(
        "--content",
        "content_path",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="M2W_CONTENT",
        default=None,
        help=MSG("content", HELP_LANG),
    )(f)


def module_option(default: str = "all") -> Callable:
    return click.option(
        "--module",
        type=click.Choice(["sustainability", "quality", "all"]),
        default=default,
        show_default=True,
        help=MSG("module", HELP_LANG),
    )


def only_option(f: Callable) -> Callable:
    return click.option("--only", default="", metavar="IDS", help=MSG("only", HELP_LANG))(f)


def select_dimensions(content, module: str, only: str, lang: str):
    """The dimensions chosen by --module and --only, with a clear message for an unknown id."""
    from m2w_tool.errors import M2WError

    try:
        return content.select(module, only.split(","))
    except KeyError as exc:
        known = ", ".join(d.short_id for d in content.dimensions)
        raise M2WError(MSG("unknown_only", lang, key=exc.args[0], known=known)) from None
