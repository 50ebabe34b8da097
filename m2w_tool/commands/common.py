"""Options shared by every command."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from m2w_tool.i18n import N_, current_lang, languages, set_lang
from m2w_tool.outputs import FORCE_HELP
from m2w_tool.safetext import terminal

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
    "name": N_("NAME"),
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


def lang_option(f: Callable, expose: bool = True) -> Callable:
    """--lang: the command gets it as `lang` (the language of what it makes) unless `expose` is off."""
    return click.option(
        "--lang",
        type=click.Choice(languages(), case_sensitive=False),
        default=None,
        callback=_remember_lang,
        expose_value=expose,
        help=N_("Language of messages and documents (default: M2W_LANG, else nl)."),
    )(f)


def messages_lang_option(f: Callable) -> Callable:
    """--lang for a command that makes no document: it only sets the language of its messages."""
    return lang_option(f, expose=False)


def _load_content(ctx: click.Context, param: click.Parameter, value: Path | None):
    from m2w_tool.content_cache import load_content_cached

    return load_content_cached(value)


def content_option(f: Callable) -> Callable:
    """--content DIR (or M2W_CONTENT): the command receives the loaded, validated `content`."""
    return click.option(
        "--content",
        "content",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="M2W_CONTENT",
        default=None,
        callback=_load_content,
        help=N_("Folder with your own content (YAML) instead of the shipped one."),
    )(f)


def templates_option(f: Callable) -> Callable:
    """--templates DIR (or M2W_TEMPLATES): the user's own templates, searched before the packaged ones."""
    return click.option(
        "--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), envvar="M2W_TEMPLATES",
        metavar=metavar("folder"),
        help=N_("Folder with your own templates, used before the shipped ones (see templates/README.md)."),
    )(f)  # fmt: skip


def module_option(default: str = "all", quick: bool = False) -> Callable:
    """--module; with `quick`, `--module quick` (the quick scan) is a choice too."""
    return click.option(
        "--module",
        type=click.Choice(["sustainability", "quality", "all", *(["quick"] if quick else [])]),
        default=default,
        show_default=True,
        help=N_("Which part: quick (the quick scan), sustainability, quality or all.")
        if quick else N_("Which module: sustainability, quality or all."),
    )  # fmt: skip


def quick_option(help_text: str) -> Callable:
    """--quick: the quick scan, the content's key statements of every dimension."""
    return click.option("--quick", is_flag=True, help=help_text)


def only_option(f: Callable) -> Callable:
    return click.option(
        "--only", default="", metavar=metavar("ids"), help=N_("Only these dimensions, e.g. d03,d07 or q02.")
    )(f)


def jobs_option(f: Callable) -> Callable:
    return click.option(
        "--jobs", "-j", type=int, metavar=metavar("number"), default=None,
        help=N_("Number of processes for many files at once (default: all cores)."),
    )(f)  # fmt: skip


class Bar:
    """A progress bar on standard error for a batch (m2w_tool.batch.Progress); nothing for one file."""

    def __init__(self, label: str) -> None:
        self.label, self._bar = label, None

    def start(self, total: int) -> None:
        if total > 1:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True)
            self._bar.__enter__()

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def echo_warnings(warnings: Iterable[str]) -> None:
    """Warnings on standard error; what they quote from files is shown harmlessly."""
    for warning in warnings:
        click.echo(terminal(warning), err=True)


def echo_paths(heading: str, paths: Iterable[Path]) -> None:
    click.echo(heading)
    for path in paths:
        click.echo(f"  {terminal(path, one_line=True)}")


def force_option(f: Callable) -> Callable:
    return click.option("--force", is_flag=True, help=FORCE_HELP)(f)


def echo_failures(result) -> None:  # noqa: ANN001 - a batch.BatchResult
    """List the files of a batch that failed, once, and end with exit code 1 when any did."""
    if not result.ok:
        from m2w_tool.batch import BatchError

        raise BatchError(result.failure_report())
